/* prefilter.h — the literal prefilter (prefilter.c): private to the engine.
 *
 * Built once from a loaded signature set (immutable, shared by threads, owned by the
 * rs_sigdb); each matcher owns an rs_pfscan (its Hyperscan scratch and hit buffer).
 */
#ifndef RS_PREFILTER_H
#define RS_PREFILTER_H

#include "sig.h"

/* How far before an anchor hit a regex match may start (bytes of the text it runs on). A
 * match that starts further from every anchor it contains is not found (see README). */
#define RS_PF_BEFORE 4096u

/* Anchors shorter than this (bytes), or common words, make the prefilter weak (lint). */
#define RS_PF_MIN_ANCHOR 3u

/* What the matcher runs, in the order it runs them: for each signature (id order) its
 * patterns, notices, bylines. */
typedef enum rs_tkind { RS_T_PATTERN, RS_T_NOTICE, RS_T_BYLINE } rs_tkind;

typedef struct rs_target {
    const rs_sig *sig;
    const rs_rx *rx;
    rs_tkind kind;
    bool unanchored; /* no safe anchor: runs over every byte */
} rs_target;

/* One anchor hit, for one target: [start, end) in the normalised text. */
typedef struct rs_pfhit {
    uint32_t target;
    uint32_t anchor; /* which anchor (index into rs_prefilter_anchors) */
    uint32_t pair;   /* which (anchor, target) pair: index into rs_pfmap.tgt */
    size_t start, end;
} rs_pfhit;

/* One occurrence of an anchor's raw piece in a field's own bytes: [start, end). piece
 * indexes rs_pfmap.poff; the last piece is a hyphen ending a line. */
typedef struct rs_rawhit {
    size_t start, end;
    uint32_t piece;
} rs_rawhit;

/* The prefilter's maps, for the regional path (region.c). Piece p belongs to anchors
 * pan[poff[p] .. poff[p + 1]); anchor a to targets tgt[aoff[a] .. aoff[a + 1]), with
 * tmul beside tgt (for a notice: how often the word is in it); tkmin per target (0: one
 * hit is enough, else the anchor positions a notice's match needs); tgate beside tgt:
 * g + 1 when the anchor is the gate word of the notice's decisive group g, else 0. */
typedef struct rs_pfmap {
    size_t npieces, ntargets, maxlen;
    uint32_t hyphen; /* the piece that is a line-end hyphen */
    const char *const *anchors; /* the anchors (normalised) */
    const size_t *alen;         /* their lengths */
    const size_t *apoff;        /* per anchor: where its raw piece starts in it */
    const uint32_t *poff, *pan, *aoff, *tgt, *tmul, *tgate, *tkmin;
    const uint32_t *trawk; /* per target: of tkmin, the positions among searched pieces */
} rs_pfmap;

/* A growable list of strings. */
typedef struct rs_strv {
    char **v;
    size_t n, cap;
} rs_strv;
void rs_strv_free(rs_strv *sv);

/* The anchors of one regex source (as compiled): normalised literals such that every
 * match contains one of them (mandatory literal runs outside optional parts, small
 * alternations expanded). out is left empty when no literal is safe. */
rs_err rs_rx_anchors(const char *src, rs_strv *out);
/* NULL when a is a good anchor, else why not ("shorter than 3 bytes", "a common word"). */
const char *rs_anchor_weakness(const char *a);

/* The anchors a target uses (explicit `anchor:`, a notice's anchor words, or derived);
 * empty when unanchored. */
rs_err rs_target_anchors(const rs_target *t, rs_strv *out);

typedef struct rs_prefilter rs_prefilter;
rs_err rs_prefilter_build(const rs_sigdb *db, rs_prefilter **out, char *err, size_t errlen);
void rs_prefilter_free(rs_prefilter *pf);
size_t rs_prefilter_targets(const rs_prefilter *pf, const rs_target **out);
/* The anchors, sorted and unique (what rs_sigdb_anchors lists). */
size_t rs_prefilter_anchors(const rs_prefilter *pf, const char *const **out);
/* True when an ASCII field with no raw hit may be skipped (nothing runs unanchored over
 * normalised text). */
bool rs_prefilter_raw_ok(const rs_prefilter *pf);

typedef struct rs_pfscan rs_pfscan;
rs_err rs_pfscan_new(const rs_prefilter *pf, rs_pfscan **out);
void rs_pfscan_free(rs_pfscan *ps);

/* True when text[0..len) is all ASCII (checked 8 bytes at a time). */
bool rs_pf_ascii(const char *text, size_t len);
/* Over an ASCII field's own bytes (or a skeleton, region.h): *hit is true when a raw-safe
 * piece of a pattern's or byline's anchor occurs (caselessly) with its whole anchor
 * around it, when a notice's pieces occur often enough for a match, or when a hyphen ends
 * a line (the normaliser would join words there). */
rs_err rs_pfscan_raw(rs_pfscan *ps, const char *text, size_t len, bool *hit);
/* True when anchor a (normalised: lower case, single spaces; alen bytes), whose raw piece
 * starts at a[poff], may be read in text with that piece at offset p: byte for byte
 * caselessly, a space for a run of blanks. An unsure byte (not ASCII, a control) or a
 * hyphen on the way answers true: the normaliser might make the anchor there. */
bool rs_pf_verify(const char *text, size_t len, size_t p, const char *a, size_t alen,
                  size_t poff);
/* The maps (valid while pf lives); false when there is no raw database. */
bool rs_prefilter_map(const rs_prefilter *pf, rs_pfmap *out);
/* Over a field's own bytes (any bytes; pieces are ASCII): every occurrence of a raw
 * piece, in order of end. A piece that stands for a notice's word alone is reported only
 * where it is a whole word of the text. Valid until the next call. */
rs_err rs_pfscan_raw_hits(rs_pfscan *ps, const char *text, size_t len, const rs_rawhit **out,
                          size_t *n);
/* Over normalised text: every anchor occurrence, once per target that uses it, sorted by
 * target then start. *nlit gets the number of literal occurrences. The hits stay valid
 * until the next call. */
rs_err rs_pfscan_run(rs_pfscan *ps, const char *text, size_t len, const rs_pfhit **hits,
                     size_t *nhits, uint64_t *nlit);

/* For tests and benchmarks (match.c): with on, matcher m runs every target over every
 * byte of every field, without the prefilter; results must be the same. */
void rs_matcher_exhaustive(rs_matcher *m, bool on);

#endif
