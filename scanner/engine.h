/* engine.h — the scanner's state, shared by engine.c, walk.c and archive.c only. */
#ifndef RS_ENGINE_H
#define RS_ENGINE_H

#include "internal.h"

#include <signal.h>

struct stat;

typedef struct rs_strrefs {
    size_t excerpt, holder, field; /* offsets in rs_scanner.strings; holder SIZE_MAX: none */
} rs_strrefs;

struct rs_scanner {
    const rs_sigdb *db;
    rs_options opt;
    rs_detector *det;
    rs_matcher *matcher;
    rs_fields fields;   /* the current unit's text fields */
    rs_hits hits;       /* the current unit's matches */
    rs_subunits sub;    /* units embedded in the current unit */
    rs_signals signals; /* the current unit's properties and conflicts */
    const rs_walk_info *info; /* what the walk knows of the current file (or NULL) */
    rs_buf path;        /* the current unit's path chain */
    rs_buf filebuf;     /* the bytes of the file being scanned (read, not mapped) */
    rs_buf strings;     /* excerpts and names of the current unit's findings */
    rs_finding *findings;
    struct rs_strrefs *refs; /* where each finding's strings sit in the arena */
    size_t findings_cap, nfound;
    uint64_t expanded;  /* bytes expanded from archives under the current top-level input */
    bool bomb;          /* an archive bomb was met under the current top-level input */
    unsigned bomb_depth; /* the depth of the archive that held it (rises as archives stop) */
    const rs_sink *sink;
    rs_summary *sum;
    volatile sig_atomic_t stop;
};

/* Scans data[0..len) as the unit named by s->path; name is its last path element; depth
 * is its archive nesting depth. Containers recurse through rs_archive_scan. */
rs_err rs_engine_unit(rs_scanner *s, const unsigned char *data, size_t len, unsigned depth,
                      const char *name);

/* Reports the unit at s->path as skipped or failed with a reason (printf format). */
rs_err rs_engine_problem(rs_scanner *s, rs_status st, uint64_t size, unsigned depth,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Path chain: push appends sep + name and returns the old length for the matching pop. */
size_t rs_engine_push(rs_scanner *s, const char *sep, const char *name);
void rs_engine_pop(rs_scanner *s, size_t mark);

/* Scans the regular file at fspath (stat st, taken by the walk) as the unit named by
 * s->path: mapped, or read in windows when large. */
rs_err rs_engine_file(rs_scanner *s, const char *fspath, const struct stat *st);

/* ---- walk.c: the directory walk, separate from scanning ---- */

typedef struct rs_walk_ops {
    void *ctx;
    /* A regular file: display is the unit's name, fspath the path to open, info what the
     * walk knows beyond its bytes (sidecar, TDMRep rule). */
    rs_err (*file)(void *ctx, const char *display, const char *fspath, const struct stat *st,
                   const rs_walk_info *info);
    /* A path that is not scanned: a skipped or failed unit with its reason. */
    rs_err (*problem)(void *ctx, const char *display, rs_status st, const char *reason);
    volatile sig_atomic_t *stop;
} rs_walk_ops;

/* Walks root as the user named it, in byte-sorted order, calling ops for each unit met
 * (only those of the shard in opt). Returns an error from ops, RS_ERR_NOMEM or
 * RS_ERR_INTERRUPTED. */
rs_err rs_walk(const rs_options *opt, const char *root, const rs_walk_ops *ops);

/* Scans a large text file (fd, size bytes) as one unit in overlapping windows, so memory
 * stays bounded whatever its size. */
rs_err rs_engine_text_windows(rs_scanner *s, int fd, uint64_t size, rs_type type,
                              const char *name);

/* Reads the members of a container (archive or compressed stream) at s->path, each one a
 * unit through rs_engine_unit. On a problem with the container itself, writes a specific
 * reason and returns its status (RS_STATUS_FAILED/SKIPPED); RS_STATUS_SCANNED otherwise.
 * *err gets a fatal error (out of memory, sink failure, interruption) that stops the run. */
rs_status rs_archive_scan(rs_scanner *s, const unsigned char *data, size_t len, unsigned depth,
                          rs_type type, const char *name, char *reason, size_t rlen,
                          rs_err *err);

#endif
