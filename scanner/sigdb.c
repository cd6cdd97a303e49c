/* sigdb.c — the signature database: finds the files, loads them all or nothing, keeps
 * one signature per id, builds the prefilter, and answers questions about the result
 * (count, info, self-test, anchors).
 *
 * Directories are read recursively in byte order of names; within one directory an id may
 * appear once; a later directory's signature replaces an earlier one of the same id. One
 * file is read by sigdb_yaml.c; lint and describe live in sigdb_lint.c.
 */
#include "sigdb_yaml.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DIR_DEPTH 32

/* Grows *v (elements of size sz) so that one more fits. */
static bool grow(void *v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap) return true;
    size_t c = *cap ? *cap * 2 : 4;
    void *p = realloc(*(void **)v, c * sz);
    if (!p) return false;
    *(void **)v = p;
    *cap = c;
    return true;
}

/* ---- directories ---- */

static rs_err sl_add(rs_sigload *L, rs_strv *l, const char *a, const char *b)
{
    size_t na = strlen(a), nb = b ? strlen(b) : 0;
    char *s = malloc(na + nb + 2);
    if (!s || !grow(&l->v, &l->cap, l->n, sizeof *l->v)) {
        free(s);
        return rs_sigload_nomem(L);
    }
    memcpy(s, a, na);
    if (b) {
        if (na && a[na - 1] == '/') na--; /* "dir/" + "x.yml" is "dir/x.yml" */
        s[na] = '/';
        memcpy(s + na + 1, b, nb + 1);
    } else {
        s[na] = '\0';
    }
    l->v[l->n++] = s;
    return RS_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

/* Appends the signature files under path (itself, when it is a file) in sorted order.
 * Names starting with '.' are skipped. */
static rs_err walk(rs_sigload *L, const char *path, unsigned depth, rs_strv *out)
{
    struct stat st;
    if (stat(path, &st) != 0) return rs_sigload_io(L, path, strerror(errno));
    if (S_ISREG(st.st_mode)) return sl_add(L, out, path, NULL);
    if (!S_ISDIR(st.st_mode)) return rs_sigload_io(L, path, "not a file or a directory");
    if (depth >= MAX_DIR_DEPTH) return rs_sigload_io(L, path, "directories nested too deep");
    DIR *d = opendir(path);
    if (!d) return rs_sigload_io(L, path, strerror(errno));
    rs_strv names = {0};
    rs_err e = RS_OK;
    struct dirent *de;
    while (!e && (de = readdir(d)))
        if (de->d_name[0] != '.') e = sl_add(L, &names, de->d_name, NULL);
    closedir(d);
    if (names.n) qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = 0; !e && i < names.n; i++) {
        rs_strv one = {0};
        if ((e = sl_add(L, &one, path, names.v[i]))) break;
        if (stat(one.v[0], &st) != 0)
            e = rs_sigload_io(L, one.v[0], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            e = walk(L, one.v[0], depth + 1, out);
        else if (S_ISREG(st.st_mode) && is_yaml_name(names.v[i]))
            e = sl_add(L, out, one.v[0], NULL);
        rs_strv_free(&one);
    }
    rs_strv_free(&names);
    return e;
}

/* ---- the database ---- */

typedef struct entry {
    rs_sig *s;
    size_t dir, seq; /* which directory; order of reading */
} entry;

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->s->id, y->s->id);
    if (c) return c;
    if (x->dir != y->dir) return x->dir < y->dir ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint32_t pairs_of(const rs_rx *v, size_t n, uint32_t max)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t cc = 0;
        if (v[i].code) pcre2_pattern_info(v[i].code, PCRE2_INFO_CAPTURECOUNT, &cc);
        if (cc + 1 > max) max = cc + 1;
    }
    return max;
}

/* Keeps the last signature of each id (the latest directory); a repeated id within one
 * directory is an error. On success the kept signatures move into db. */
static rs_err resolve(rs_sigload *L, entry *v, size_t n, rs_sigdb *db)
{
    if (n) qsort(v, n, sizeof *v, cmp_entry);
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i].s->id, v[i - 1].s->id) == 0 && v[i].dir == v[i - 1].dir) {
            L->file = v[i].s->file;
            return rs_sigload_fail(L, v[i].s->line, v[i].s->col,
                                   "duplicate id '%s' (also in %s:%u)", v[i].s->id,
                                   v[i - 1].s->file, v[i - 1].s->line);
        }
    if (!(db->v = calloc(n ? n : 1, sizeof *db->v))) return rs_sigload_nomem(L);
    db->max_pairs = 1;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && strcmp(v[i].s->id, v[i + 1].s->id) == 0) continue; /* overridden */
        rs_sig *s = v[i].s;
        v[i].s = NULL;
        s->index = db->n;
        db->v[db->n++] = s;
        db->max_pairs = pairs_of(s->patterns, s->npatterns, db->max_pairs);
        db->max_pairs = pairs_of(s->notices, s->nnotices, db->max_pairs);
        db->max_pairs = pairs_of(s->bylines, s->nbylines, db->max_pairs);
        db->max_pairs = pairs_of(s->suppress, s->nsuppress, db->max_pairs);
    }
    return RS_OK;
}

rs_err rs_sigdb_load(const char *const *dirs, size_t ndirs, rs_sigdb **out, char *err,
                     size_t errlen)
{
    rs_sigload L = {.err = err, .errlen = errlen};
    if (errlen) err[0] = '\0';
    entry *v = NULL;
    size_t n = 0, cap = 0;
    rs_err e = RS_OK;
    rs_sigdb *db = calloc(1, sizeof *db);
    if (!db) return rs_sigload_nomem(&L);
    for (size_t d = 0; !e && d < ndirs; d++) {
        rs_strv files = {0};
        e = walk(&L, dirs[d], 0, &files);
        for (size_t i = 0; !e && i < files.n; i++) {
            rs_sig *s = NULL;
            if ((e = rs_sigfile_load(&L, files.v[i], &s))) break;
            if (!grow(&v, &cap, n, sizeof *v)) {
                rs_sig_free(s);
                e = rs_sigload_nomem(&L);
                break;
            }
            v[n] = (entry){.s = s, .dir = d, .seq = n};
            n++;
        }
        rs_strv_free(&files);
    }
    if (!e) e = resolve(&L, v, n, db);
    if (!e) {
        char msg[512];
        if ((e = rs_prefilter_build(db, &db->pf, msg, sizeof msg)))
            rs_sigload_fail(&L, 0, 0, "%s", msg);
    }
    for (size_t i = 0; i < n; i++)
        rs_sig_free(v[i].s);
    free(v);
    if (e) {
        rs_sigdb_free(db);
        return e;
    }
    *out = db;
    return RS_OK;
}

void rs_sigdb_free(rs_sigdb *db)
{
    if (!db) return;
    rs_prefilter_free(db->pf);
    for (size_t i = 0; i < db->n; i++)
        rs_sig_free(db->v[i]);
    free(db->v);
    free(db);
}

size_t rs_sigdb_count(const rs_sigdb *db)
{
    return db ? db->n : 0;
}

void rs_sigdb_info(const rs_sigdb *db, size_t i, rs_siginfo *info)
{
    const rs_sig *s = db->v[i];
    *info = (rs_siginfo){.id = s->id,
                         .name = s->name,
                         .holder = s->holder,
                         .file = s->file,
                         .cls = s->cls,
                         .languages = s->languages ? s->languages : "",
                         .nnotices = s->nnotices,
                         .npatterns = s->npatterns,
                         .nbylines = s->nbylines,
                         .ncredits = s->ncredits,
                         .nexamples = s->nexamples};
}

const char *rs_sig_id(const rs_sig *s)
{
    return s->id;
}

const char *rs_sig_holder(const rs_sig *s)
{
    return s->holder;
}

/* ---- self-test ---- */

/* Checks one example against the hits of a one-field unit; writes a complaint into msg
 * and returns false when it fails. */
static bool check_example(const rs_sig *s, const rs_example *x, const rs_field *f, const rs_hits *h,
                          char *msg, size_t len)
{
    const rs_hit *hit = NULL;
    bool holder_ok = !x->holder_name;
    for (size_t i = 0; i < h->n; i++) {
        if (h->v[i].sig != s) continue;
        if (!hit) hit = &h->v[i];
        const rs_hit *k = &h->v[i];
        if (x->holder_name && k->hend > k->hstart &&
            strlen(x->holder_name) == k->hend - k->hstart &&
            memcmp(x->holder_name, f->text + k->hstart, k->hend - k->hstart) == 0)
            holder_ok = true;
    }
    int cut = 160;
    if (x->match && !hit)
        snprintf(msg, len, "%s:%u: signature %s: example expected to match: %.*s", s->file, x->line,
                 s->id, cut, x->text);
    else if (!x->match && hit)
        snprintf(msg, len,
                 "%s:%u: signature %s: example expected not to match: %.*s (matched "
                 "'%.*s')",
                 s->file, x->line, s->id, cut, x->text,
                 (int)(hit->end - hit->start > 80 ? 80 : hit->end - hit->start),
                 f->text + hit->start);
    else if (x->match && !holder_ok)
        snprintf(msg, len, "%s:%u: signature %s: example expected holder '%s': %.*s", s->file,
                 x->line, s->id, x->holder_name, cut, x->text);
    else
        return true;
    return false;
}

size_t rs_sigdb_selftest(const rs_sigdb *db, void (*report)(void *ctx, const char *msg), void *ctx,
                         size_t *total)
{
    rs_matcher *m = NULL;
    rs_fields fs;
    rs_hits hits = {0};
    size_t failures = 0, count = 0;
    char msg[512];
    rs_fields_init(&fs, 0);
    if (rs_matcher_new(db, &m)) {
        report(ctx, "self-test: out of memory");
        if (total) *total = 0;
        return 1;
    }
    for (size_t i = 0; i < db->n; i++)
        for (size_t j = 0; j < db->v[i]->nexamples; j++) {
            const rs_sig *s = db->v[i];
            const rs_example *x = &s->examples[j];
            rs_field *f;
            count++;
            rs_fields_reset(&fs);
            rs_err e = rs_fields_add_borrowed(&fs, x->field, x->metadata, true, x->text,
                                              strlen(x->text), 0, &f);
            if (!e) e = rs_match_fields(m, &fs, &hits);
            if (e) {
                snprintf(msg, sizeof msg, "%s:%u: signature %s: example could not be run: %s",
                         s->file, x->line, s->id, rs_strerror(e));
            } else if (check_example(s, x, f, &hits, msg, sizeof msg)) {
                continue;
            }
            failures++;
            report(ctx, msg);
        }
    rs_hits_free(&hits);
    rs_fields_free(&fs);
    rs_matcher_free(m);
    if (total) *total = count;
    return failures;
}

rs_err rs_sigfiles(rs_sigload *L, const char *path, rs_strv *out)
{
    return walk(L, path, 0, out);
}

void rs_sigdb_anchors(const rs_sigdb *db, void (*fn)(void *ctx, const char *anchor), void *ctx)
{
    const char *const *v;
    size_t n = db && db->pf ? rs_prefilter_anchors(db->pf, &v) : 0;
    for (size_t i = 0; i < n; i++)
        fn(ctx, v[i]);
}
