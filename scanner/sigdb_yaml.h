/* sigdb_yaml.h — reading signature files: private to sigdb.c, sigdb_yaml.c (the schema),
 * sigdb_rx.c (regexes) and sigdb_lint.c.
 *
 * A load stops at the first problem and writes it into err; a lint (report set) goes on
 * past every problem it can, reports each, and discards the files that had any. Either
 * way a problem reads "FILE:LINE:COL: what is wrong".
 */
#ifndef RS_SIGDB_YAML_H
#define RS_SIGDB_YAML_H

#include "prefilter.h"

#include <stdarg.h>
#include <yaml.h>

typedef struct rs_sigload {
    char *err; /* load: the first problem */
    size_t errlen;
    void (*report)(void *ctx, const char *msg); /* lint: every problem */
    void *ctx;
    size_t nproblems;
    const char *file; /* the file being read */
    const char *src;  /* its bytes */
    size_t srclen;
    yaml_document_t *doc;
} rs_sigload;

/* Records a problem at line:col of L->file (line 0: the file as a whole) and returns e. */
rs_err rs_sigload_failv(rs_sigload *L, rs_err e, unsigned line, unsigned col, const char *fmt,
                        va_list ap);
rs_err rs_sigload_fail(rs_sigload *L, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* At a node's start (libyaml marks are 0-based). */
rs_err rs_sigload_failn(rs_sigload *L, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
rs_err rs_sigload_nomem(rs_sigload *L);
rs_err rs_sigload_io(rs_sigload *L, const char *path, const char *what);

/* ---- sigdb_rx.c ---- */

/* Compiles the regex in scalar n into *out (patterns: literals folded first; see there). */
rs_err rs_sigload_rx(rs_sigload *L, const yaml_node_t *n, uint32_t opts, rs_kind kind,
                     const char *what, bool folding, rs_rx *out);
/* Compiles a regex the loader generated itself (photo credits), reported at line:col. */
rs_err rs_sigload_rx_src(rs_sigload *L, const char *src, unsigned line, unsigned col, uint32_t opts,
                         rs_kind kind, const char *what, rs_rx *out);
void rs_rx_free(rs_rx *r);
/* Appends to s->bylines the three bylines of its `photo_credits` (declared at line:col). */
rs_err rs_sigload_photo(rs_sigload *L, rs_sig *s, unsigned line, unsigned col);

/* ---- sigdb_yaml.c ---- */

/* Reads, checks and compiles one signature file into a new rs_sig. */
rs_err rs_sigfile_load(rs_sigload *L, const char *path, rs_sig **out);

/* ---- sigdb.c ---- */

/* The signature files under path (itself, when it is a file), recursively, in byte order
 * of names; names starting with '.' are skipped. */
rs_err rs_sigfiles(rs_sigload *L, const char *path, rs_strv *out);

#endif
