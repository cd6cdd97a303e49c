/* approx.h — approximate notice matching (approx.c): private to the engine.
 *
 * A notice model (rs_anotice) is built once when a signature loads and is immutable;
 * a matcher owns one rs_approx (token and alignment scratch). Texts are NORMALISED text
 * (rs_normalize); spans and seeds are byte offsets into it.
 */
#ifndef RS_APPROX_H
#define RS_APPROX_H

#include "internal.h"

#define RS_APPROX_MAX_WORDS 512 /* words in one notice */
#define RS_APPROX_MIN_SCORE 0.5 /* a match must agree at least this well */
#define RS_APPROX_DECISIVE_REACH                                                                   \
    200 /* bytes either side of a match searched for decisive phrases */

typedef struct rs_anotice rs_anotice;

/* Builds the model of a notice from its normalised text. Decisive phrases (normalised):
 * phrase i belongs to group group[i]; every group must be found near a match, any one
 * phrase of a group will do. On failure returns NULL with a message in err. */
rs_anotice *rs_anotice_new(const char *norm, const char *const *phrases, const unsigned *group,
                           size_t nphrases, double min_coverage, char *err, size_t errlen);
void rs_anotice_free(rs_anotice *a);

/* The notice's anchor words (normalised literals; every match contains one of them). */
size_t rs_anotice_anchors(const rs_anotice *a, const char *const **out);
size_t rs_anotice_words(const rs_anotice *a);
/* How often anchor word i occurs in the notice; how many anchor positions every match
 * has matched (so a text with fewer anchor occurrences cannot hold a match). */
size_t rs_anotice_anchor_mult(const rs_anotice *a, size_t i);
size_t rs_anotice_kmin(const rs_anotice *a);
/* True when the notice has decisive phrases (given, or the holder's name in it). */
bool rs_anotice_decisive(const rs_anotice *a);
double rs_anotice_min_coverage(const rs_anotice *a);
/* Bytes either side of a seed that matching may read (for window sizes). */
size_t rs_anotice_reach(const rs_anotice *a);
/* The decisive groups (a match needs a phrase of each within RS_APPROX_DECISIVE_REACH
 * bytes of it) and phrases. Phrase i's gate is its rarest word (malloc'd; NULL when it has
 * only numbers): no match is far from a gate of every group (region.c). */
unsigned rs_anotice_groups(const rs_anotice *a);
size_t rs_anotice_phrases(const rs_anotice *a);
char *rs_anotice_gate(const rs_anotice *a, size_t i, unsigned *group);
/* Appends a description (decisive groups, anchors) for people. */
rs_err rs_anotice_describe(const rs_anotice *a, rs_buf *b);

/* True when the words of phrase occur, consecutive, among the words of text (both
 * normalised). */
bool rs_approx_phrase_in(const char *text, const char *phrase);

/* True when w[0..len) is a word too common in news prose to make a good anchor
 * (common_words.c). */
bool rs_common_word(const char *w, size_t len);

/* True when text[s..e) is exactly one token of text (how seeds are checked). */
bool rs_approx_is_token(const char *text, size_t len, size_t s, size_t e);

typedef struct rs_amatch {
    size_t start, end; /* the matched span in the text */
    double score;      /* how closely the span agrees with the notice */
    double coverage;   /* share of the notice's words matched */
} rs_amatch;

typedef rs_err (*rs_amatch_fn)(void *ctx, const rs_amatch *m);
/* Told each range [lo, hi) of the text the matcher reads (around a seed it aligns). */
typedef rs_err (*rs_aread_fn)(void *ctx, size_t lo, size_t hi);

typedef struct rs_approx rs_approx; /* one matcher's scratch */
rs_err rs_approx_new(rs_approx **out);
void rs_approx_free(rs_approx *x);

/* Every token of text[0..len) that is one of a's anchor words, as byte offsets in
 * ascending order, into *seeds (scratch owned by x, valid until the next call). This is
 * what the prefilter finds with its anchor literals, computed without it. */
rs_err rs_approx_all_seeds(rs_approx *x, const rs_anotice *a, const char *text, size_t len,
                           const size_t **seeds, size_t *nseeds);

/* Tells x that the text it is given next is new, even at the same address and length:
 * tokens it kept from the last text (for every notice run over it) are dropped. */
void rs_approx_new_text(rs_approx *x);

/* Aligns notice a around each seed (ascending offsets of anchor-word tokens) and calls fn
 * for every match that passes (coverage, score, decisive phrases); a seed inside the
 * previous match, or without enough anchor words near it, is skipped. Reads at most
 * rs_anotice_reach(a) bytes either side of a seed (plus RS_APPROX_DECISIVE_REACH around a
 * match), and tells read (when not NULL) what it reads. */
rs_err rs_approx_run(rs_approx *x, const rs_anotice *a, const char *text, size_t len,
                     const size_t *seeds, size_t nseeds, rs_amatch_fn fn, rs_aread_fn read,
                     void *ctx);

#endif
