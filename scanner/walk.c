/* walk.c — visits files and directories in a deterministic (byte-sorted) order.
 *
 * The walk only finds units; what happens to them is up to rs_walk_ops (scan them here,
 * or hand them to worker threads). Paths named by the user are taken as given (a symbolic
 * link named on the command line is followed). Inside directories, symbolic links are
 * reported as skipped unless following is on; then a link back to a directory being
 * visited is a loop, reported as skipped. FIFOs, sockets and devices are never opened.
 * Every path met becomes exactly one unit, or — for a directory — the units below it (an
 * unreadable directory is one failed unit). With sharding, a unit outside the shard is
 * left to the machine whose shard it is.
 */
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct ancestor {
    dev_t dev;
    ino_t ino;
    const struct ancestor *up;
} ancestor;

#define TDM_DEPTH 64

typedef struct walker {
    const rs_options *opt;
    const rs_walk_ops *ops;
    rs_buf shown;              /* the unit's name as reported */
    rs_buf fs;                 /* the path to open */
    rs_tdmrep *tdm[TDM_DEPTH]; /* .well-known/tdmrep.json of the directories being walked */
    size_t ntdm;
} walker;

static const char *file_kind(mode_t m)
{
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "socket";
    if (S_ISCHR(m)) return "character device";
    if (S_ISBLK(m)) return "block device";
    return "special file";
}

unsigned rs_shard_of(const char *path, unsigned count)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, 64 bits */
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return count > 1 ? (unsigned)(h % count) : 0;
}

static bool mine(const walker *w)
{
    return w->opt->shard_count <= 1 ||
           rs_shard_of(w->shown.data, w->opt->shard_count) == w->opt->shard_index;
}

static rs_err problem(walker *w, rs_status st, const char *fmt, const char *arg)
{
    if (!mine(w)) return RS_OK;
    char reason[512];
    snprintf(reason, sizeof reason, fmt, arg);
    return w->ops->problem(w->ops->ctx, w->shown.data, st, reason);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* For an .xmp sidecar among names, the image beside it with the same stem ("p.xmp" →
 * "p.jpg"), or NULL. */
static const char *sidecar_image(char *const *names, size_t n, const char *xmp)
{
    static const char *const exts[] = {"jpg", "jpeg", "tif", "tiff", "png", "webp", "heic", "dng",
                                       "cr2", "cr3",  "nef", "arw",  "orf", "raf",  "psd",  NULL};
    const char *dot = strrchr(xmp, '.');
    if (!dot || strcasecmp(dot, ".xmp") != 0) return NULL;
    size_t stem = (size_t)(dot - xmp);
    for (size_t i = 0; i < n; i++) {
        const char *d = strrchr(names[i], '.');
        if (!d || (size_t)(d - names[i]) != stem || strncmp(names[i], xmp, stem) != 0) continue;
        for (const char *const *e = exts; *e; e++)
            if (!strcasecmp(d + 1, *e)) return names[i];
    }
    return NULL;
}

static rs_err visit(walker *w, bool named, const ancestor *up, const char *sidecar_of);

/* Reads dir/.well-known/tdmrep.json when the directory has one (NULL otherwise, or when
 * it does not parse: the file is still scanned as a unit and its JSON reported there). */
static rs_tdmrep *load_tdmrep(walker *w)
{
    char path[8192];
    if ((size_t)snprintf(path, sizeof path, "%s/.well-known/tdmrep.json", w->fs.data) >=
        sizeof path)
        return NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    rs_tdmrep *t = NULL;
    char err[256];
    if (buf && rs_tdmrep_parse(buf, n, &t, err, sizeof err) == RS_OK) {
        size_t base = w->shown.len;
        size_t need = base + sizeof "/.well-known/tdmrep.json";
        if ((t->source = malloc(need)))
            snprintf(t->source, need, "%s%s.well-known/tdmrep.json", w->shown.data,
                     base && w->shown.data[base - 1] != '/' ? "/" : "");
        t->base = base;
    }
    free(buf);
    return t;
}

/* The TDMRep rule covering the file being visited, from the innermost directory out. */
static void tdm_info(const walker *w, rs_walk_info *info)
{
    for (size_t i = w->ntdm; i-- > 0;) {
        const rs_tdmrep *t = w->tdm[i];
        if (!t || !t->source) continue;
        char rel[8192];
        const char *tail = w->shown.data + t->base;
        snprintf(rel, sizeof rel, "%s%s", *tail == '/' ? "" : "/", tail);
        const rs_tdm_rule *r = rs_tdmrep_match(t, rel);
        if (!r) continue;
        info->tdm_source = t->source;
        info->tdm_location = r->location;
        info->tdm_policy = r->policy;
        info->tdm_reservation = r->reservation;
        return;
    }
}

/* Reads a directory's names, sorted. */
static rs_err read_names(DIR *d, char ***out, size_t *count, int *err)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) goto nomem;
            names = p;
        }
        if (!(names[n] = strdup(de->d_name))) goto nomem;
        n++;
    }
    *err = errno;
    if (n > 1) qsort(names, n, sizeof *names, cmp_names);
    *out = names;
    *count = n;
    return RS_OK;
nomem:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return RS_ERR_NOMEM;
}

/* Appends "/" + name to a path buffer unless it is empty or ends in "/". */
static rs_err join(rs_buf *b, const char *name)
{
    bool sep = b->len && b->data[b->len - 1] != '/';
    return rs_buf_printf(b, "%s%s", sep ? "/" : "", name);
}

static rs_err scan_dir(walker *w, const struct stat *st, const ancestor *up)
{
    char e_[128];
    for (const ancestor *a = up; a; a = a->up)
        if (a->dev == st->st_dev && a->ino == st->st_ino)
            return problem(w, RS_STATUS_SKIPPED,
                           "symbolic link loop: directory already being scanned%s", "");
    DIR *d = opendir(w->fs.data);
    if (!d)
        return problem(w, RS_STATUS_FAILED, "cannot read directory: %s",
                       rs_errno_phrase(errno, e_, sizeof e_));
    char **names;
    size_t n;
    int rerr;
    rs_err e = read_names(d, &names, &n, &rerr);
    closedir(d);
    if (e) return e;
    if (rerr)
        e = problem(w, RS_STATUS_FAILED, "directory read failed: %s",
                    rs_errno_phrase(rerr, e_, sizeof e_));
    ancestor me = {st->st_dev, st->st_ino, up};
    bool pushed = false;
    for (size_t i = 0; i < n && w->ntdm < TDM_DEPTH; i++)
        if (!strcmp(names[i], ".well-known")) {
            w->tdm[w->ntdm++] = load_tdmrep(w);
            pushed = true;
            break;
        }
    size_t fsmark = w->fs.len, shmark = w->shown.len;
    for (size_t i = 0; i < n && !e; i++) {
        const char *img = sidecar_image(names, n, names[i]);
        char *img_path = NULL;
        if (img && !(img_path = malloc(shmark + strlen(img) + 2))) e = RS_ERR_NOMEM;
        if (img_path)
            sprintf(img_path, "%.*s%s%s", (int)shmark, w->shown.data,
                    shmark && w->shown.data[shmark - 1] != '/' ? "/" : "", img);
        if (!e && !(e = join(&w->fs, names[i])) && !(e = join(&w->shown, names[i])))
            e = visit(w, false, &me, img_path);
        free(img_path);
        w->fs.len = fsmark, w->fs.data[fsmark] = '\0';
        w->shown.len = shmark, w->shown.data[shmark] = '\0';
        if (!e && w->ops->stop && __atomic_load_n(w->ops->stop, __ATOMIC_RELAXED))
            e = RS_ERR_INTERRUPTED;
    }
    if (pushed) rs_tdmrep_free(w->tdm[--w->ntdm]);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return e;
}

static rs_err visit(walker *w, bool named, const ancestor *up, const char *sidecar_of)
{
    char e_[128];
    struct stat st;
    bool follow = named || w->opt->follow_symlinks;
    if ((follow ? stat(w->fs.data, &st) : lstat(w->fs.data, &st)) != 0) {
        int err = errno;
        struct stat lst;
        if (err == ENOENT && lstat(w->fs.data, &lst) == 0 && S_ISLNK(lst.st_mode))
            return problem(w, RS_STATUS_FAILED, "dangling symbolic link%s", "");
        if (err == ELOOP) return problem(w, RS_STATUS_SKIPPED, "symbolic link loop%s", "");
        return problem(w, RS_STATUS_FAILED, "%s", rs_errno_phrase(err, e_, sizeof e_));
    }
    if (S_ISLNK(st.st_mode))
        return problem(w, RS_STATUS_SKIPPED, "symbolic link (not followed; use --follow)%s", "");
    if (S_ISDIR(st.st_mode)) return scan_dir(w, &st, up);
    if (S_ISREG(st.st_mode)) {
        if (!mine(w)) return RS_OK;
        for (size_t i = 0; i < w->opt->nexclude; i++) {
            const rs_exclude *x = &w->opt->exclude[i];
            if (x->dev == (uint64_t)st.st_dev && x->ino == (uint64_t)st.st_ino)
                return x->reason ? problem(w, RS_STATUS_SKIPPED, "%s", x->reason) : RS_OK;
        }
        rs_walk_info info = {.sidecar_of = sidecar_of};
        tdm_info(w, &info);
        return w->ops->file(w->ops->ctx, w->shown.data, w->fs.data, &st, &info);
    }
    return problem(w, RS_STATUS_SKIPPED, "not a regular file (%s)", file_kind(st.st_mode));
}

rs_err rs_walk(const rs_options *opt, const char *root, const rs_walk_ops *ops)
{
    walker w = {.opt = opt, .ops = ops};
    rs_buf_init(&w.fs, 1 << 20);
    rs_buf_init(&w.shown, 1 << 20);
    /* "." and "./" name the units below them without a "./" prefix */
    const char *shown = root;
    while (shown[0] == '.' && shown[1] == '/')
        shown += 2;
    if (!strcmp(shown, ".")) shown = "";
    rs_err e = rs_buf_append(&w.fs, root, strlen(root));
    if (!e) e = rs_buf_append(&w.shown, shown, strlen(shown));
    if (!e) e = visit(&w, true, NULL, NULL);
    rs_buf_free(&w.fs);
    rs_buf_free(&w.shown);
    return e;
}

/* ---- scanning a walk on one scanner ---- */

static rs_err on_file(void *ctx, const char *display, const char *fspath, const struct stat *st,
                      const rs_walk_info *info)
{
    rs_scanner *s = ctx;
    size_t mark = rs_engine_push(s, "", display);
    s->info = info;
    rs_err e = rs_engine_file(s, fspath, st);
    s->info = NULL;
    rs_engine_pop(s, mark);
    return e;
}

static rs_err on_problem(void *ctx, const char *display, rs_status st, const char *reason)
{
    rs_scanner *s = ctx;
    size_t mark = rs_engine_push(s, "", display);
    rs_err e = rs_engine_problem(s, st, 0, 0, "%s", reason);
    rs_engine_pop(s, mark);
    return e;
}

rs_err rs_scan_path(rs_scanner *s, const char *path, const rs_sink *sink, rs_summary *sum)
{
    s->sink = sink;
    s->sum = sum;
    rs_walk_ops ops = {.ctx = s, .file = on_file, .problem = on_problem, .stop = &s->stop};
    rs_err e = rs_walk(&s->opt, path, &ops);
    if (e == RS_ERR_INTERRUPTED) sum->interrupted = true;
    return e;
}
