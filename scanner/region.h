/* region.h — where in a large field the matchers may find anything (region.c). */
#ifndef RS_REGION_H
#define RS_REGION_H

#include "internal.h"
#include "prefilter.h"

typedef struct rs_span {
    size_t a, b; /* [a, b) of the field */
} rs_span;

typedef struct rs_regions rs_regions; /* one matcher's scratch */

/* RS_ERR_UNSUPPORTED when pf has no raw database (a target runs unanchored). */
rs_err rs_regions_new(const rs_prefilter *pf, rs_regions **out);
void rs_regions_free(rs_regions *r);
/* Bytes a region holds either side of its seeds. */
size_t rs_regions_margin(const rs_regions *r);

/* The skeleton of text (region.c): Latin letters read as the ASCII the normaliser folds
 * them to. *sure is true when it holds no code point the skeleton cannot stand for; then
 * a raw pass over it is as exact as over ASCII. Valid until the next call. */
rs_err rs_regions_skeleton(rs_regions *r, const char *text, size_t len, const char **sk,
                           size_t *sklen, bool *sure);

/* The regions of text[0..len) (a field's own bytes) outside which no target can match:
 * sorted, disjoint, each starting and ending at a line break where one is near. norm is
 * scratch (its contents are replaced); *normalized grows by the bytes normalised. The
 * spans stay valid until the next call. */
rs_err rs_regions_find(rs_regions *r, rs_pfscan *ps, rs_norm *norm, const char *text,
                       size_t len, const rs_span **out, size_t *nout, uint64_t *normalized);

#endif
