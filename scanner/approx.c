/* approx.c — finds a published notice in text that quotes it loosely: token alignment
 * seeded by anchor words.
 *
 * Why. A notice is rarely copied as published. It is re-typed, machine-translated
 * ("San. Tic." → "San. Trade", "are reserved by" → "belong to"), cut into Word runs or HTML
 * tags, wrapped, hyphenated, stripped of diacritics, quoted in part. Normalisation
 * (norm.c) takes care of case, diacritics, spacing and hyphenation; what is left is a
 * sequence of words that agrees with the notice's words *mostly*, in order. That is an
 * alignment problem, as licence scanners found long ago (ScanCode aligns token
 * sequences; FOSSology's nomos and others use shingles and diffs).
 *
 * Model (rs_anotice_new, at load). The notice's normalised text is split into words:
 * runs of letters, marks and digits (not '_': Markdown's "_İlke_" is the word "ilke"); a
 * CJK ideograph or kana is a word by itself. A word
 * of digits matches any word of digits (years). Then:
 *   - decisive phrases (the holder's name, "contract", "abone", ...): each group must
 *     occur, its words in order and at most DECISIVE_GAP tokens apart (markup leftovers:
 *     "[All](https://x.org/terms) Rights Reserved"), within the match or
 *     RS_APPROX_DECISIVE_REACH bytes around it; one phrase of a group is enough;
 *   - min_coverage c: a match must match at least ceil(c·n) of the n notice words
 *     exactly;
 *   - anchor words, by pigeonhole: the fewest rare words (longest first, common words
 *     last) that cover n − ceil(c·n) + 1 of the notice's word positions. A match that
 *     matches ceil(c·n) positions exactly cannot avoid all of them, so every match
 *     contains an anchor word. The prefilter looks only for these literals.
 *
 * Matching (rs_approx_run). Each seed is a token of the text equal to an anchor word,
 * and so to notice word j (for each such j). From the seed, the alignment is extended
 * to the right (notice words j+1.., text tokens after the seed) and to the left (words
 * j-1..0 backwards, tokens before the seed backwards), each by a small dynamic
 * programme — global from the seed, free at the far end (BLAST's gapped extension,
 * without the X-drop: the notice is short):
 *
 *   H[i][k] = max(H[i-1][k-1] + sim(word i, token k), H[i-1][k] - 1, H[i][k-1] - 1)
 *   sim = +2 equal, +1 near (same stem: a shared prefix of 4+ bytes, at most two bytes
 *         shorter than the shorter word: "photo"/"photos", "abone"/"aboneler"), -1 else.
 *
 * The extension ends at the best cell; the traceback counts exact matches M, near
 * matches N, substitutions S and inserted text tokens I. Then
 *
 *   coverage = M / n                       (share of the notice's words matched exactly)
 *   score    = (M + N/2) / (M + N + S + I)  (how closely the matched span agrees)
 *
 * and a match needs coverage >= min_coverage, score >= RS_APPROX_MIN_SCORE, three exact
 * words, and every decisive group. An exact copy scores 1.0 / 1.0. A seed inside the
 * previous match is skipped (the match already covers it). Everything depends only on
 * the text and the seed, so the result is the same whether the seeds come from the
 * prefilter's hits or from scanning the whole text (rs_approx_all_seeds), and whether
 * the text is read in windows or at once, provided a window holds rs_anotice_reach
 * bytes either side of each seed.
 *
 * Worked example: İLKHA's English notice (ilkha.yml; 44 words; min_coverage 0.6, so a
 * match needs 27 exact words; its 18 anchor words, "circumstances subscription published
 * contract ... yayin", cover 20 positions, so every match holds at least 3 of them)
 * against the variant the issue describes, with the differences seen between the
 * editions — "belong to" for "are reserved by", the company's Turkish "San. Tic." for the
 * machine-translated "San. Trade", "the news ... in whole or in part" for "all or part of
 * the news":
 *
 *   LEGAL WARNING: All rights of the published news, photos and videos belong to İlke
 *   Haber Ajansı Basın Yayın San. Tic. A.Ş. Under no circumstances can the news, photos
 *   and videos be used in whole or in part without a written contract or subscription.
 *
 * The first seed is "legal" (notice word 0, the first token); the left extension is
 * empty and the right one aligns, token by token ('=' equal, 'x' substituted, '-' notice
 * word missing, '+' text token inserted):
 *
 *   legal= warning= all= rights= of= the= published= news= photos= and= videos= are-
 *   reserved x belong  by x to  ilke= haber= ajansi= basin= yayin= san= trade x tic  a= s=
 *   under= no= circumstances= can= all- or- part- of- the= news= photos= and= videos= be=
 *   used= +in +whole +or +in +part without= a= written= contract= or= subscription=
 *
 * M = 36, N = 0, S = 3, I = 5: coverage = 36/44 = 0.82, score = 36/44 = 0.82; the
 * decisive "ilke haber ajansi" is inside, so it is a match, with confidence
 * 0.5 + 0.5 · 0.82 · 0.82 = 0.83 (match.c). The later seeds (published, photos, ...) lie
 * inside it and are skipped. Quoted from "Under no circumstances" on, the same text
 * matches 17 words: below 27, not a finding (a pattern can cover such a partial quote).
 */
#include "approx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum { MATCH = 2, NEAR = 1, SUB = -1, GAP = -1 };

#define DIGITS_HASH 0x9e3779b97f4a7c15ull /* every all-digit word hashes to this */
#define DECISIVE_GAP 5 /* tokens between two words of a decisive phrase ("[All](url) Rights") */

typedef struct tokv {
    uint64_t h;
    const char *p; /* its bytes (in the notice, or in the text) */
    uint32_t len;
    bool digits;
    size_t start, end; /* offsets in the text it came from */
} tokv;

typedef struct phrase {
    tokv *w;
    size_t n;
    unsigned group;
    char *text;
} phrase;

struct rs_anotice {
    char *text; /* normalised */
    tokv *w;    /* its words */
    size_t n;
    phrase *ph;
    size_t nph;
    unsigned ngroups;
    char **anchors;
    uint64_t *ahash;
    size_t *amult; /* positions of each anchor word in the notice */
    size_t nanchors;
    size_t need; /* exact words a match needs: ceil(min_cov * n) */
    size_t kmin; /* anchor positions every match has matched: need - (n - covered) */
    double min_cov;
    size_t reach;
    const tokv **type; /* the distinct words ("types"), each by its first occurrence */
    size_t *tmult;     /* how often each occurs in the notice */
    size_t ntypes;
    uint32_t *slot; /* open addressing by hash: type + 1, or 0 */
    size_t nslots;
};

/* ---- tokens ---- */

static bool single_cp(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF);
}

/* Class of the character at t[i] (k gets its length): 0 not in a word, 1 in a word,
 * 2 a word by itself. */
static int char_class(const char *t, size_t len, size_t i, size_t *k)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *k = 1;
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    }
    uint32_t cp;
    *k = rs_utf8_decode((const unsigned char *)t + i, len - i, &cp);
    if (single_cp(cp)) return 2;
    utf8proc_category_t g = utf8proc_category((utf8proc_int32_t)cp);
    return (g >= UTF8PROC_CATEGORY_LU && g <= UTF8PROC_CATEGORY_NO) ? 1 : 0;
}

/* The next token at or after t[i]: true with [*s, *e), false when there is none. */
static bool next_token(const char *t, size_t len, size_t i, size_t *s, size_t *e)
{
    size_t k = 1;
    int c = 0;
    while (i < len && !(c = char_class(t, len, i, &k)))
        i += k;
    if (i >= len) return false;
    *s = i;
    i += k;
    if (c == 1)
        while (i < len && char_class(t, len, i, &k) == 1)
            i += k;
    *e = i;
    return true;
}

static size_t prev_cp(const char *t, size_t i)
{
    do
        i--;
    while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80);
    return i;
}

/* True when a token starts at t[p] (p on a code point boundary). */
static bool token_start(const char *t, size_t len, size_t p)
{
    size_t k;
    int c = p < len ? char_class(t, len, p, &k) : 0;
    if (!c) return false;
    if (p == 0 || c == 2) return true;
    int b = char_class(t, len, prev_cp(t, p), &k);
    return b != 1;
}

bool rs_approx_is_token(const char *text, size_t len, size_t s, size_t e)
{
    size_t ts, te;
    return s < len && ((unsigned char)text[s] & 0xC0) != 0x80 && token_start(text, len, s) &&
           next_token(text, len, s, &ts, &te) && ts == s && te == e;
}

/* First token boundary at or after p: a token start, or the end of a non-word run. */
static size_t align_start(const char *t, size_t len, size_t p)
{
    while (p < len && ((unsigned char)t[p] & 0xC0) == 0x80)
        p++;
    size_t k;
    while (p < len && char_class(t, len, p, &k) == 1 && !token_start(t, len, p))
        p += k;
    return p;
}

static void tok_make(tokv *v, const char *t, size_t s, size_t e)
{
    uint64_t h = 0xcbf29ce484222325ull;
    bool digits = true;
    for (size_t i = s; i < e; i++) {
        unsigned char c = (unsigned char)t[i];
        h = (h ^ c) * 0x100000001b3ull;
        digits = digits && c >= '0' && c <= '9';
    }
    *v = (tokv){.h = digits ? DIGITS_HASH : h,
                .p = t + s,
                .len = (uint32_t)(e - s),
                .digits = digits,
                .start = s,
                .end = e};
}

static bool tok_eq(const tokv *a, const tokv *b)
{
    return a->h == b->h && (a->digits || (a->len == b->len && !memcmp(a->p, b->p, a->len)));
}

/* Same stem: both 5+ bytes, a common prefix of 4+ bytes that falls short of the shorter
 * word by at most two bytes ("photo"/"photos", "sözleşme"/"sözleşmesi"). */
static bool tok_near(const tokv *a, const tokv *b)
{
    if (a->digits || b->digits || a->len < 5 || b->len < 5) return false;
    uint32_t m = a->len < b->len ? a->len : b->len, k = 0;
    while (k < m && a->p[k] == b->p[k])
        k++;
    return k >= 4 && k + 2 >= m;
}

typedef struct tokvec {
    tokv *v;
    size_t n, cap;
} tokvec;

static rs_err tv_push(tokvec *tv, const char *t, size_t s, size_t e)
{
    if (tv->n == tv->cap) {
        size_t cap = tv->cap ? tv->cap * 2 : 64;
        tokv *v = realloc(tv->v, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        tv->v = v;
        tv->cap = cap;
    }
    tok_make(&tv->v[tv->n++], t, s, e);
    return RS_OK;
}

/* Tokens starting in t[a..b) (a aligned to a boundary first), appended to tv. */
static rs_err tokenize(tokvec *tv, const char *t, size_t len, size_t a, size_t b)
{
    size_t s = 0, e = 0;
    for (a = align_start(t, len, a); a < b && next_token(t, len, a, &s, &e) && s < b; a = e) {
        rs_err r = tv_push(tv, t, s, e);
        if (r) return r;
    }
    return RS_OK;
}

/* ---- the model ---- */

static bool stop_word(const tokv *w)
{
    static const char *const stop[] = {
        "the",  "and",  "for",  "are",   "was",  "not",  "but",  "any", "all",  "can",  "may",
        "its",  "our",  "you",  "with",  "from", "this", "that", "der", "die",  "das",  "und",
        "des",  "les",  "une",  "los",   "las",  "del",  "por",  "con", "per",  "che",  "ile",
        "icin", "bir",  "veya", "gibi",  "olan", "het",  "een",  "van", "voor", "dans", "sur",
        "par",  "pour", "http", "https", "www",  "com",  NULL};
    for (size_t i = 0; stop[i]; i++)
        if (w->len == strlen(stop[i]) && !memcmp(w->p, stop[i], w->len)) return true;
    return false;
}

/* The type of word t, or SIZE_MAX when the notice does not have it. */
static size_t type_of(const rs_anotice *a, const tokv *t)
{
    for (size_t i = t->h & (a->nslots - 1);; i = (i + 1) & (a->nslots - 1)) {
        uint32_t k = a->slot[i];
        if (!k) return SIZE_MAX;
        if (tok_eq(a->type[k - 1], t)) return k - 1;
    }
}

/* The notice's distinct words and how often each occurs (for the bag-of-words bound). */
static rs_err make_types(rs_anotice *a)
{
    a->nslots = 16;
    while (a->nslots < 2 * a->n)
        a->nslots *= 2;
    a->slot = calloc(a->nslots, sizeof *a->slot);
    a->type = calloc(a->n, sizeof *a->type);
    a->tmult = calloc(a->n, sizeof *a->tmult);
    if (!a->slot || !a->type || !a->tmult) return RS_ERR_NOMEM;
    for (size_t i = 0; i < a->n; i++) {
        size_t t = type_of(a, &a->w[i]);
        if (t == SIZE_MAX) {
            size_t k = a->w[i].h & (a->nslots - 1);
            while (a->slot[k])
                k = (k + 1) & (a->nslots - 1);
            t = a->ntypes++;
            a->slot[k] = (uint32_t)(t + 1);
            a->type[t] = &a->w[i];
        }
        a->tmult[t]++;
    }
    return RS_OK;
}

typedef struct cand {
    const tokv *w;
    size_t count; /* positions of this word in the notice */
} cand;

/* How good an anchor word is: 0 rare, 1 common in news prose (common_words.c), 2 weak
 * (a stop word or under three letters). */
static int anchor_tier(const tokv *w)
{
    if (stop_word(w) || w->len < 3) return 2;
    return rs_common_word(w->p, w->len) ? 1 : 0;
}

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    int ta = anchor_tier(a->w), tb = anchor_tier(b->w);
    if (ta != tb) return ta < tb ? -1 : 1;
    if (a->w->len != b->w->len) return a->w->len > b->w->len ? -1 : 1;
    uint32_t m = a->w->len;
    return memcmp(a->w->p, b->w->p, m);
}

/* Chooses the anchors: the rarest words that cover n - need + KMIN positions, so that
 * every match has matched at least KMIN anchor positions; rare words first, then common
 * ones (a seed needs KMIN anchor words near it, so a common one rarely makes a seed on its
 * own); weak words only as far as needed for one (KMIN falls to what the rest give). */
#define KMIN 3

static rs_err pick_anchors(rs_anotice *a)
{
    cand *c = calloc(a->n, sizeof *c);
    size_t nc = 0, covered = 0, want = a->n - a->need + KMIN, least = a->n - a->need + 1;
    if (!c) return RS_ERR_NOMEM;
    for (size_t i = 0; i < a->n; i++) {
        if (a->w[i].digits) continue;
        size_t j = 0;
        while (j < nc && !tok_eq(c[j].w, &a->w[i]))
            j++;
        if (j == nc) c[nc++] = (cand){.w = &a->w[i]};
        c[j].count++;
    }
    qsort(c, nc, sizeof *c, cmp_cand);
    a->anchors = calloc(nc ? nc : 1, sizeof *a->anchors);
    a->ahash = calloc(nc ? nc : 1, sizeof *a->ahash);
    a->amult = calloc(nc ? nc : 1, sizeof *a->amult);
    rs_err e = a->anchors && a->ahash && a->amult ? RS_OK : RS_ERR_NOMEM;
    for (size_t i = 0; !e && i < nc && covered < want; i++) {
        if (anchor_tier(c[i].w) > 1 && covered >= least) break;
        if (!(a->anchors[i] = strndup(c[i].w->p, c[i].w->len))) e = RS_ERR_NOMEM;
        a->ahash[i] = c[i].w->h;
        a->amult[i] = c[i].count;
        a->nanchors = i + 1;
        covered += c[i].count;
    }
    a->kmin = covered + a->need > a->n ? covered + a->need - a->n : 0;
    free(c);
    return e;
}

void rs_anotice_free(rs_anotice *a)
{
    if (!a) return;
    for (size_t i = 0; i < a->nph; i++) {
        free(a->ph[i].w);
        free(a->ph[i].text);
    }
    free(a->ph);
    for (size_t i = 0; i < a->nanchors; i++)
        free(a->anchors[i]);
    free(a->anchors);
    free(a->ahash);
    free(a->amult);
    free(a->type);
    free(a->tmult);
    free(a->slot);
    free(a->w);
    free(a->text);
    free(a);
}

static rs_err words_of(const char *text, tokv **out, size_t *n)
{
    tokvec tv = {0};
    rs_err e = tokenize(&tv, text, strlen(text), 0, strlen(text));
    if (e) {
        free(tv.v);
        return e;
    }
    *out = tv.v;
    *n = tv.n;
    return RS_OK;
}

bool rs_approx_phrase_in(const char *text, const char *words)
{
    tokv *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    bool found = false;
    if (!words_of(text, &a, &na) && !words_of(words, &b, &nb))
        for (size_t i = 0; nb && i + nb <= na && !found; i++) {
            size_t j = 0;
            while (j < nb && tok_eq(&b[j], &a[i + j]))
                j++;
            found = j == nb;
        }
    free(a);
    free(b);
    return found;
}

static rs_anotice *model_fail(rs_anotice *a, char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    rs_anotice_free(a);
    return NULL;
}

rs_anotice *rs_anotice_new(const char *norm, const char *const *phrases, const unsigned *group,
                           size_t nphrases, double min_coverage, char *err, size_t errlen)
{
    rs_anotice *a = calloc(1, sizeof *a);
    if (!a || !(a->text = strdup(norm))) return model_fail(a, err, errlen, "out of memory");
    if (words_of(a->text, &a->w, &a->n)) return model_fail(a, err, errlen, "out of memory");
    if (a->n < 3) return model_fail(a, err, errlen, "a notice needs at least three words");
    if (a->n > RS_APPROX_MAX_WORDS)
        return model_fail(a, err, errlen, "a notice of more than 512 words: give its stable part");
    a->min_cov = min_coverage;
    a->need = (size_t)(min_coverage * (double)a->n + 0.999999);
    if (a->need < 3) a->need = 3;
    if (a->need > a->n) a->need = a->n;
    a->reach = 3 * strlen(norm) + 256;
    if (nphrases && !(a->ph = calloc(nphrases, sizeof *a->ph)))
        return model_fail(a, err, errlen, "out of memory");
    for (size_t i = 0; i < nphrases; i++) {
        phrase *p = &a->ph[a->nph++];
        p->group = group[i];
        if (group[i] + 1 > a->ngroups) a->ngroups = group[i] + 1;
        if (!(p->text = strdup(phrases[i])) || words_of(p->text, &p->w, &p->n))
            return model_fail(a, err, errlen, "out of memory");
        if (!p->n) {
            snprintf(err, errlen, "decisive phrase '%.80s' has no words", phrases[i]);
            rs_anotice_free(a);
            return NULL;
        }
    }
    if (make_types(a) || pick_anchors(a)) return model_fail(a, err, errlen, "out of memory");
    if (!a->nanchors || !a->kmin)
        return model_fail(a, err, errlen, "a notice needs words that are not numbers");
    return a;
}

size_t rs_anotice_anchors(const rs_anotice *a, const char *const **out)
{
    *out = (const char *const *)a->anchors;
    return a->nanchors;
}

size_t rs_anotice_words(const rs_anotice *a)
{
    return a->n;
}

size_t rs_anotice_anchor_mult(const rs_anotice *a, size_t i)
{
    return i < a->nanchors ? a->amult[i] : 0;
}

size_t rs_anotice_kmin(const rs_anotice *a)
{
    return a->kmin;
}

bool rs_anotice_decisive(const rs_anotice *a)
{
    return a->ngroups > 0;
}

double rs_anotice_min_coverage(const rs_anotice *a)
{
    return a->min_cov;
}

size_t rs_anotice_reach(const rs_anotice *a)
{
    return a->reach;
}

unsigned rs_anotice_groups(const rs_anotice *a)
{
    return a->ngroups;
}

size_t rs_anotice_phrases(const rs_anotice *a)
{
    return a->nph;
}

/* How good a gate word is: as an anchor, but a three-letter word ranks with the common
 * ones. The prefilter looks for a gate word wherever it occurs, three letters occur inside
 * many longer words ("ani" of "ANI news service" in every "humanitarian"), and a gate word
 * is never left out of the raw pass (prefilter.c, drop_weak). */
static int gate_tier(const tokv *w)
{
    int t = anchor_tier(w);
    return t == 0 && w->len == 3 ? 1 : t;
}

char *rs_anotice_gate(const rs_anotice *a, size_t i, unsigned *group)
{
    const phrase *p = &a->ph[i];
    const tokv *best = NULL;
    for (size_t k = 0; k < p->n; k++) {
        const tokv *w = &p->w[k];
        if (w->digits) continue;
        if (!best || gate_tier(w) < gate_tier(best) ||
            (gate_tier(w) == gate_tier(best) && w->len > best->len))
            best = w;
    }
    *group = p->group;
    return best ? strndup(best->p, best->len) : NULL;
}

rs_err rs_anotice_describe(const rs_anotice *a, rs_buf *b)
{
    rs_err e = rs_buf_printf(b,
                             "      words %zu, min_coverage %.2f (%zu exact words, %zu of them "
                             "anchors)\n",
                             a->n, a->min_cov, a->need, a->kmin);
    for (unsigned g = 0; !e && g < a->ngroups; g++) {
        e = rs_buf_printf(b, "      decisive:");
        for (size_t i = 0; !e && i < a->nph; i++)
            if (a->ph[i].group == g) e = rs_buf_printf(b, " '%s'", a->ph[i].text);
        if (!e) e = rs_buf_putc(b, '\n');
    }
    if (!e) e = rs_buf_printf(b, "      anchors:");
    for (size_t i = 0; !e && i < a->nanchors; i++)
        e = rs_buf_printf(b, " %s", a->anchors[i]);
    return e ? e : rs_buf_putc(b, '\n');
}

/* ---- matching ---- */

struct rs_approx {
    tokvec region, near; /* tokens around seeds; around a match (decisive phrases) */
    size_t rlo, rhi;     /* region holds the tokens that start in [rlo, rhi) */
    size_t *seeds;
    size_t nseeds, scap;
    size_t *rtype;      /* per region token: its type in the notice, or SIZE_MAX */
    size_t rtcap, rgen; /* rgen: the region was tokenised again */
    size_t *tcnt;       /* per type: tokens in the sliding window */
    size_t tccap, wl, wr, wsum, wgen;
    const rs_anotice *wa; /* the notice rtype and the window were made for */
    bool whole;           /* region holds every token of the current text */
    const char *rtext;    /* the text it was made from (rs_approx_new_text says when the */
    size_t rlen;          /* same buffer holds another) */
    size_t *aidx;        /* per seed: which anchor word */
    unsigned char *dead; /* per seed: cannot be part of a match */
    size_t *cnt;         /* per anchor word: seeds in the sliding window */
    size_t acap, ccap;
    int *row;           /* two rows of scores */
    unsigned char *dir; /* traceback */
    size_t rowcap, dircap;
};

rs_err rs_approx_new(rs_approx **out)
{
    rs_approx *x = calloc(1, sizeof *x);
    if (!x) return RS_ERR_NOMEM;
    *out = x;
    return RS_OK;
}

void rs_approx_free(rs_approx *x)
{
    if (!x) return;
    free(x->region.v);
    free(x->near.v);
    free(x->seeds);
    free(x->aidx);
    free(x->dead);
    free(x->rtype);
    free(x->tcnt);
    free(x->cnt);
    free(x->row);
    free(x->dir);
    free(x);
}

/* Which anchor word t is, or SIZE_MAX. */
static size_t anchor_of(const rs_anotice *a, const tokv *t)
{
    for (size_t i = 0; i < a->nanchors; i++)
        if (a->ahash[i] == t->h && strlen(a->anchors[i]) == t->len &&
            !memcmp(a->anchors[i], t->p, t->len))
            return i;
    return SIZE_MAX;
}

static bool is_anchor(const rs_anotice *a, const tokv *t)
{
    return anchor_of(a, t) != SIZE_MAX;
}

rs_err rs_approx_all_seeds(rs_approx *x, const rs_anotice *a, const char *text, size_t len,
                           const size_t **seeds, size_t *nseeds)
{
    size_t s, e, i = 0;
    x->nseeds = 0;
    while (next_token(text, len, i, &s, &e)) {
        tokv t;
        tok_make(&t, text, s, e);
        i = e;
        if (!is_anchor(a, &t)) continue;
        if (x->nseeds == x->scap) {
            size_t cap = x->scap ? x->scap * 2 : 64;
            size_t *v = realloc(x->seeds, cap * sizeof *v);
            if (!v) return RS_ERR_NOMEM;
            x->seeds = v;
            x->scap = cap;
        }
        x->seeds[x->nseeds++] = s;
    }
    *seeds = x->seeds;
    *nseeds = x->nseeds;
    return RS_OK;
}

/* One extension's outcome. */
typedef struct ext {
    int score;
    size_t m, nr, s, ins; /* exact, near, substituted, inserted text tokens */
    size_t k;             /* text tokens used */
} ext;

static int sim(const tokv *a, const tokv *b)
{
    return tok_eq(a, b) ? MATCH : tok_near(a, b) ? NEAR : SUB;
}

/* Extends from a seed: notice words A[0], A[step], ... (na of them) against text tokens
 * B[0], B[step], ... (nb): global from the origin, free at the far end. */
static rs_err extend(rs_approx *x, const tokv *A, size_t na, const tokv *B, size_t nb,
                     ptrdiff_t step, ext *out)
{
    size_t w = nb + 1;
    if (2 * w > x->rowcap) {
        int *r = realloc(x->row, 2 * w * sizeof *r);
        if (!r) return RS_ERR_NOMEM;
        x->row = r;
        x->rowcap = 2 * w;
    }
    if ((na + 1) * w > x->dircap) {
        unsigned char *d = realloc(x->dir, (na + 1) * w);
        if (!d) return RS_ERR_NOMEM;
        x->dir = d;
        x->dircap = (na + 1) * w;
    }
    int *prev = x->row, *cur = x->row + w, best = 0;
    size_t bi = 0, bk = 0;
    unsigned char *dir = x->dir;
    for (size_t k = 0; k <= nb; k++) {
        prev[k] = GAP * (int)k;
        dir[k] = k ? 3 : 0;
    }
    for (size_t i = 1; i <= na; i++) {
        const tokv *ai = A + step * (ptrdiff_t)(i - 1);
        cur[0] = GAP * (int)i;
        dir[i * w] = 2;
        for (size_t k = 1; k <= nb; k++) {
            int d = prev[k - 1] + sim(ai, B + step * (ptrdiff_t)(k - 1));
            int u = prev[k] + GAP, l = cur[k - 1] + GAP, v = d;
            unsigned char how = 1;
            if (u > v) v = u, how = 2;
            if (l > v) v = l, how = 3;
            cur[k] = v;
            dir[i * w + k] = how;
            if (v > best || (v == best && i > bi)) best = v, bi = i, bk = k; /* ties: longer */
        }
        int *t = prev;
        prev = cur;
        cur = t;
    }
    *out = (ext){.score = best, .k = bk};
    for (size_t i = bi, k = bk; i || k;) {
        unsigned char how = dir[i * w + k];
        if (how == 1) {
            int s = sim(A + step * (ptrdiff_t)(i - 1), B + step * (ptrdiff_t)(k - 1));
            if (s == MATCH)
                out->m++;
            else if (s == NEAR)
                out->nr++;
            else
                out->s++;
            i--, k--;
        } else if (how == 2) {
            i--;
        } else {
            out->ins++;
            k--;
        }
    }
    return RS_OK;
}

/* True when every decisive group has a phrase among the tokens near [s, e). */
static rs_err decisive_ok(rs_approx *x, const rs_anotice *a, const char *text, size_t len, size_t s,
                          size_t e, bool *ok)
{
    *ok = true;
    if (!a->ngroups) return RS_OK;
    size_t r = RS_APPROX_DECISIVE_REACH, lo = s > r ? s - r : 0, hi = len - e > r ? e + r : len;
    x->near.n = 0;
    rs_err err = tokenize(&x->near, text, len, lo, hi);
    if (err) return err;
    const tokvec *tv = &x->near;
    for (unsigned g = 0; g < a->ngroups && *ok; g++) {
        bool found = false;
        for (size_t p = 0; p < a->nph && !found; p++) {
            const phrase *ph = &a->ph[p];
            if (ph->group != g) continue;
            for (size_t i = 0; i + ph->n <= tv->n && !found; i++) {
                if (!tok_eq(&ph->w[0], &tv->v[i])) continue;
                size_t j = 1, k = i + 1, gap = 0; /* in order, a few tokens apart at most */
                for (; j < ph->n && k < tv->n && gap <= DECISIVE_GAP; k++) {
                    if (tok_eq(&ph->w[j], &tv->v[k]))
                        j++, gap = 0;
                    else
                        gap++;
                }
                found = j == ph->n;
            }
        }
        *ok = found;
    }
    return RS_OK;
}

/* Aligns a around the seed token tv[s]; *best gets the best over the notice words j
 * equal to it (best.score < 0: none). */
typedef struct cand_match {
    int score;
    size_t m, nr, sub, ins, first, last; /* token indices of the span in the region */
} cand_match;

static rs_err align_seed(rs_approx *x, const rs_anotice *a, size_t lo, size_t s, size_t hi,
                         cand_match *best)
{
    const tokvec *tv = &x->region;
    best->score = -1;
    for (size_t j = 0; j < a->n; j++) {
        if (!tok_eq(&a->w[j], &tv->v[s])) continue;
        size_t nr = a->n - j - 1, nl = j;
        size_t br = hi - s - 1, bl = s - lo;
        if (br > 2 * nr + 8) br = 2 * nr + 8;
        if (bl > 2 * nl + 8) bl = 2 * nl + 8;
        ext r = {0}, l = {0};
        rs_err e = RS_OK;
        if (nr && br) e = extend(x, &a->w[j + 1], nr, &tv->v[s + 1], br, 1, &r);
        if (!e && nl && bl) e = extend(x, &a->w[j - 1], nl, &tv->v[s - 1], bl, -1, &l);
        if (e) return e;
        int total = MATCH + r.score + l.score;
        if (total > best->score)
            *best = (cand_match){.score = total,
                                 .m = 1 + r.m + l.m,
                                 .nr = r.nr + l.nr,
                                 .sub = r.s + l.s,
                                 .ins = r.ins + l.ins,
                                 .first = s - l.k,
                                 .last = s + r.k};
    }
    return RS_OK;
}

/* Index of the first region token that starts at or after off. */
static size_t token_index(const tokvec *tv, size_t off)
{
    size_t lo = 0, hi = tv->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tv->v[mid].start < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Marks the seeds that cannot be part of a match (x->dead): a match matches at least kmin
 * anchor positions exactly, and those are seeds within reach of each other. A sliding
 * window over the seeds counts, per anchor word, min(occurrences, its positions in the
 * notice). */
static rs_err filter_seeds(rs_approx *x, const rs_anotice *a, const char *text, size_t len,
                           const size_t *seeds, size_t n)
{
    if (n > x->acap) {
        size_t *v = realloc(x->aidx, n * sizeof *v);
        unsigned char *d = v ? realloc(x->dead, n) : NULL;
        if (v) x->aidx = v;
        if (!d) return RS_ERR_NOMEM;
        x->dead = d;
        x->acap = n;
    }
    if (a->nanchors > x->ccap) {
        size_t *v = realloc(x->cnt, a->nanchors * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        x->cnt = v;
        x->ccap = a->nanchors;
    }
    memset(x->cnt, 0, a->nanchors * sizeof *x->cnt);
    size_t *word = x->aidx;
    for (size_t i = 0; i < n; i++) {
        size_t ts, te;
        tokv t;
        word[i] = SIZE_MAX;
        if (next_token(text, len, seeds[i], &ts, &te) && ts == seeds[i]) {
            tok_make(&t, text, ts, te);
            word[i] = anchor_of(a, &t);
        }
    }
    size_t l = 0, r = 0, sum = 0;
    for (size_t i = 0; i < n; i++) {
        size_t lo = seeds[i] > a->reach ? seeds[i] - a->reach : 0, hi = seeds[i] + a->reach;
        for (; r < n && seeds[r] < hi; r++)
            if (word[r] != SIZE_MAX && ++x->cnt[word[r]] <= a->amult[word[r]]) sum++;
        for (; l < r && seeds[l] < lo; l++)
            if (word[l] != SIZE_MAX && x->cnt[word[l]]-- <= a->amult[word[l]]) sum--;
        x->dead[i] = word[i] == SIZE_MAX || sum < a->kmin;
    }
    return RS_OK;
}

/* Makes sure the region holds the tokens that start in [lo, hi). A text of up to
 * RS_APPROX_WHOLE bytes is tokenised whole, once for every notice run over it (until
 * rs_approx_new_text); a longer one in stretches ahead of the seeds. */
#define RS_APPROX_WHOLE (64u * 1024u)

static rs_err cover(rs_approx *x, const char *text, size_t len, size_t lo, size_t hi)
{
    if (x->whole) return RS_OK;
    if (x->region.n && lo >= x->rlo && (hi <= x->rhi || x->rhi == len)) return RS_OK;
    x->region.n = 0;
    x->rgen++;
    if (len <= RS_APPROX_WHOLE) {
        x->rlo = 0;
        x->rhi = len;
        x->whole = true;
    } else {
        x->rlo = lo;
        x->rhi = len - hi > 2 * (hi - lo) ? hi + 2 * (hi - lo) : len; /* for the seeds after */
    }
    return tokenize(&x->region, text, len, x->rlo, x->rhi);
}

void rs_approx_new_text(rs_approx *x)
{
    x->region.n = 0;
    x->whole = false;
    x->rgen++;
}

/* The bag-of-words bound: an alignment within region tokens [lo, hi) matches at most
 * sum over the notice's words of min(occurrences there, occurrences in the notice) words
 * exactly. Kept for a window sliding right (lo and hi only grow within one region). */
static rs_err bag_bound(rs_approx *x, const rs_anotice *a, size_t lo, size_t hi, size_t *bound)
{
    if (x->wgen != x->rgen || x->wa != a) { /* a new region or notice: types, empty window */
        if (x->region.n > x->rtcap) {
            size_t *v = realloc(x->rtype, x->region.n * sizeof *v);
            if (!v) return RS_ERR_NOMEM;
            x->rtype = v;
            x->rtcap = x->region.n;
        }
        if (a->ntypes > x->tccap) {
            size_t *v = realloc(x->tcnt, a->ntypes * sizeof *v);
            if (!v) return RS_ERR_NOMEM;
            x->tcnt = v;
            x->tccap = a->ntypes;
        }
        for (size_t i = 0; i < x->region.n; i++)
            x->rtype[i] = type_of(a, &x->region.v[i]);
        memset(x->tcnt, 0, a->ntypes * sizeof *x->tcnt);
        x->wl = x->wr = lo;
        x->wsum = 0;
        x->wgen = x->rgen;
        x->wa = a;
    }
    for (; x->wr < hi; x->wr++) {
        size_t t = x->rtype[x->wr];
        if (t != SIZE_MAX && ++x->tcnt[t] <= a->tmult[t]) x->wsum++;
    }
    for (; x->wl < lo; x->wl++) {
        size_t t = x->rtype[x->wl];
        if (t != SIZE_MAX && x->tcnt[t]-- <= a->tmult[t]) x->wsum--;
    }
    *bound = x->wsum;
    return RS_OK;
}

rs_err rs_approx_run(rs_approx *x, const rs_anotice *a, const char *text, size_t len,
                     const size_t *seeds, size_t nseeds, rs_amatch_fn fn, rs_aread_fn read,
                     void *ctx)
{
    size_t done = 0; /* end of the last match */
    rs_err e = filter_seeds(x, a, text, len, seeds, nseeds);
    if (!x->whole || text != x->rtext || len != x->rlen) rs_approx_new_text(x);
    x->rtext = text;
    x->rlen = len;
    x->wa = NULL; /* a new sliding window for this notice */
    for (size_t i = 0; !e && i < nseeds; i++) {
        size_t seed = seeds[i];
        if (seed < done || x->dead[i]) continue;
        size_t lo = seed > a->reach ? seed - a->reach : 0;
        size_t hi = len - seed > a->reach ? seed + a->reach : len;
        if ((e = cover(x, text, len, lo, hi)) || (read && (e = read(ctx, lo, hi)))) break;
        size_t li = token_index(&x->region, lo), s = token_index(&x->region, seed);
        size_t hi_i = token_index(&x->region, hi);
        if (s == x->region.n || x->region.v[s].start != seed) continue; /* not a token */
        size_t bound;
        if ((e = bag_bound(x, a, li, hi_i, &bound))) break;
        if (bound < a->need) continue; /* too few of the notice's words around */
        cand_match c;
        if ((e = align_seed(x, a, li, s, hi_i, &c))) break;
        if (c.score < 0 || c.m < a->need) continue;
        double score = ((double)c.m + 0.5 * (double)c.nr) / (double)(c.m + c.nr + c.sub + c.ins);
        if (score < RS_APPROX_MIN_SCORE) continue;
        rs_amatch m = {.start = x->region.v[c.first].start,
                       .end = x->region.v[c.last].end,
                       .score = score,
                       .coverage = (double)c.m / (double)a->n};
        bool ok;
        if ((e = decisive_ok(x, a, text, len, m.start, m.end, &ok)) || !ok) continue;
        if ((e = fn(ctx, &m))) break;
        done = m.end;
    }
    return e;
}
