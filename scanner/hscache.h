/* hscache.h — Hyperscan databases compiled once and kept on disk (hscache.c). */
#ifndef RS_HSCACHE_H
#define RS_HSCACHE_H

#include "internal.h"

#include <hs/hs.h>

/* Compiles n expressions (literal: hs_compile_lit_multi with lens, else hs_compile_multi)
 * in block mode, or reads the same database from the cache. RS_ERR_SIGNATURE with *ce set
 * when Hyperscan cannot compile them (free it with hs_free_compile_error). */
rs_err rs_hs_compile(bool literal, const char *const *ex, const unsigned *flags,
                     const unsigned *ids, const size_t *lens, unsigned n, hs_database_t **db,
                     hs_compile_error_t **ce);

#endif
