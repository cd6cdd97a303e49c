/* walk.c — visits files and directories in a deterministic (byte-sorted) order.
 *
 * Paths named by the user are scanned as given (a symbolic link named on the command
 * line is followed). Inside directories, symbolic links are reported as skipped unless
 * following is on; then a link back to a directory being visited is a loop, reported as
 * skipped. FIFOs, sockets and devices are never opened. Every path met becomes exactly
 * one unit, or — for a directory — the units below it (an unreadable directory is one
 * failed unit).
 */
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct ancestor {
    dev_t dev;
    ino_t ino;
    const struct ancestor *up;
} ancestor;

static const char *file_kind(mode_t m)
{
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "socket";
    if (S_ISCHR(m)) return "character device";
    if (S_ISBLK(m)) return "block device";
    return "special file";
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* "Permission denied" → "permission denied": reasons read as one phrase. */
static const char *why(int err, char *buf, size_t n)
{
    snprintf(buf, n, "%s", strerror(err));
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z')) buf[0] += 32;
    return buf;
}

static rs_err scan_file(rs_scanner *s, const char *fs, const struct stat *st0)
{
    char w[128];
    int fd = open(fs, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "%s", why(errno, w, sizeof w));
    struct stat st;
    rs_err e = RS_OK;
    if (fstat(fd, &st) != 0) {
        e = rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "%s", why(errno, w, sizeof w));
        goto out;
    }
    if (!S_ISREG(st.st_mode) || st.st_ino != st0->st_ino) {
        e = rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "changed while being scanned");
        goto out;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size > s->opt.limits.max_file_bytes) {
        e = rs_engine_problem(s, RS_STATUS_SKIPPED, size, 0,
                              "limit: file larger than %llu bytes",
                              (unsigned long long)s->opt.limits.max_file_bytes);
        goto out;
    }
    s->expanded = 0;
    if (size == 0) {
        e = rs_engine_unit(s, (const unsigned char *)"", 0, 0, base_name(fs));
        goto out;
    }
    void *map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        e = rs_engine_problem(s, RS_STATUS_FAILED, size, 0, "cannot map file: %s",
                              why(errno, w, sizeof w));
        goto out;
    }
    madvise(map, (size_t)size, MADV_SEQUENTIAL);
    e = rs_engine_unit(s, map, (size_t)size, 0, base_name(fs));
    munmap(map, (size_t)size);
out:
    close(fd);
    return e;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static rs_err visit(rs_scanner *s, rs_buf *fs, bool named, const ancestor *up);

/* For an .xmp sidecar among names, the image beside it with the same stem ("p.xmp" →
 * "p.jpg"), or NULL. */
static const char *sidecar_image(char *const *names, size_t n, const char *xmp)
{
    static const char *const exts[] = {"jpg", "jpeg", "tif", "tiff", "png", "webp", "heic",
                                       "dng", "cr2", "cr3", "nef", "arw", "orf", "raf", "psd",
                                       NULL};
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

static rs_err scan_dir(rs_scanner *s, rs_buf *fs, const struct stat *st, const ancestor *up)
{
    char w[128];
    for (const ancestor *a = up; a; a = a->up)
        if (a->dev == st->st_dev && a->ino == st->st_ino)
            return rs_engine_problem(s, RS_STATUS_SKIPPED, 0, 0,
                                     "symbolic link loop: directory already being scanned");
    DIR *d = opendir(fs->data);
    if (!d) return rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "cannot read directory: %s",
                                     why(errno, w, sizeof w));
    char **names = NULL;
    size_t n = 0, cap = 0;
    rs_err e = RS_OK;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p) { e = RS_ERR_NOMEM; goto out; }
            names = p;
        }
        if (!(names[n++] = strdup(de->d_name))) { e = RS_ERR_NOMEM; goto out; }
    }
    if (errno) e = rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "directory read failed: %s",
                                     why(errno, w, sizeof w));
    if (n > 1) qsort(names, n, sizeof *names, cmp_names);
    ancestor me = {st->st_dev, st->st_ino, up};
    size_t fsmark = fs->len;
    for (size_t i = 0; i < n && !e; i++) {
        bool root_dot = s->path.len == 0;
        size_t pmark = rs_engine_push(s, root_dot || s->path.data[s->path.len - 1] == '/' ? "" : "/",
                                      names[i]);
        if ((e = rs_buf_printf(fs, "%s%s", fs->data[fs->len - 1] == '/' ? "" : "/", names[i])))
            break;
        const char *img = sidecar_image(names, n, names[i]);
        char *img_path = NULL;
        if (img) {
            size_t plen = pmark + 1 + strlen(img) + 1;
            if ((img_path = malloc(plen)))
                snprintf(img_path, plen, "%.*s%s%s", (int)pmark, s->path.data,
                         root_dot || s->path.data[pmark - 1] == '/' ? "" : "/", img);
        }
        s->sidecar_of = img_path;
        e = visit(s, fs, false, &me);
        s->sidecar_of = NULL;
        free(img_path);
        fs->len = fsmark;
        fs->data[fsmark] = '\0';
        rs_engine_pop(s, pmark);
        if (!e && s->stop) e = RS_ERR_INTERRUPTED;
    }
out:
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    closedir(d);
    return e;
}

static rs_err visit(rs_scanner *s, rs_buf *fs, bool named, const ancestor *up)
{
    char w[128];
    struct stat st;
    bool follow = named || s->opt.follow_symlinks;
    if ((follow ? stat(fs->data, &st) : lstat(fs->data, &st)) != 0) {
        int err = errno;
        struct stat lst;
        if (err == ENOENT && lstat(fs->data, &lst) == 0 && S_ISLNK(lst.st_mode))
            return rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "dangling symbolic link");
        if (err == ELOOP)
            return rs_engine_problem(s, RS_STATUS_SKIPPED, 0, 0, "symbolic link loop");
        return rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "%s", why(err, w, sizeof w));
    }
    if (S_ISLNK(st.st_mode))
        return rs_engine_problem(s, RS_STATUS_SKIPPED, 0, 0,
                                 "symbolic link (not followed; use --follow)");
    if (S_ISDIR(st.st_mode)) return scan_dir(s, fs, &st, up);
    if (S_ISREG(st.st_mode)) return scan_file(s, fs->data, &st);
    return rs_engine_problem(s, RS_STATUS_SKIPPED, 0, 0, "not a regular file (%s)",
                             file_kind(st.st_mode));
}

rs_err rs_scan_path(rs_scanner *s, const char *path, const rs_sink *sink, rs_summary *sum)
{
    s->sink = sink;
    s->sum = sum;
    rs_buf fs;
    rs_buf_init(&fs, 1 << 20);
    rs_err e = rs_buf_append(&fs, path, strlen(path));
    if (e) return e;
    /* "." and "./" name the units below them without a "./" prefix */
    const char *shown = path;
    while (shown[0] == '.' && shown[1] == '/') shown += 2;
    if (!strcmp(shown, ".")) shown = "";
    size_t mark = rs_engine_push(s, "", shown);
    e = visit(s, &fs, true, NULL);
    rs_engine_pop(s, mark);
    rs_buf_free(&fs);
    if (e == RS_ERR_INTERRUPTED) sum->interrupted = true;
    return e;
}
