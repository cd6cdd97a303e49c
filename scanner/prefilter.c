/* prefilter.c — one multi-literal pass (Hyperscan) decides where the regexes and the
 * approximate notice matcher run.
 *
 * Most text carries no notice, and PCRE2 over every byte of it costs far more than
 * reading it. So every matcher gets *anchors*: literals of which every match contains at
 * least one. All anchors of all signatures go into one Hyperscan literal database
 * (caseless); one scan of a field's normalised text finds every occurrence, and a
 * matcher then runs only in windows around its own anchors' hits (match.c), or not at
 * all. As YARA's atoms.c puts it: the regex engine should only ever confirm.
 *
 * Where anchors come from:
 *   - `anchor:` in the signature file, when the author gives one (a string or a list);
 *   - notices: their anchor words (approx.c: rare words that, by pigeonhole, every
 *     sufficient match must contain);
 *   - patterns and bylines: the regex source itself (prefilter_anchors.c), read as a
 *     sequence of items. Literal characters accumulate into runs; an item that may be
 *     absent or varies (`x?`, `[abc]`, `.`, `\d`, a group with `?` or `*`) ends the run;
 *     zero-width items (`\b`, `^`, `(?=..)`, `(?<!..)`, `\K`) do not; `\s`, `\s+` and
 *     whitespace-only classes are a space (normalised text has single spaces); a group of
 *     literal alternatives is spliced in (cross product, at most 8 strings); a group that
 *     is more than that offers its own best set. Of all candidate sets, the one whose
 *     shortest member is longest wins (a common word counts as short):
 *
 *       'tüm hakla(?:r)(?:ı|ý) (?:İ|Ý)lke haber ajans(?:ı|ý)'  (folded at load to
 *       'tum hakla(?:r)(?:i|i) (?:i|i)lke haber ajans(?:i|i)') → {"tum haklari ilke haber
 *       ajansi"}
 *       '\bfor (?:paying )?subscribers only\b'  → {"subscribers only"} (beats "for")
 *       '版权所有|版權所有'                        → {"版权所有", "版權所有"}
 *       '^[ \t]*\((?:ILKHA|İLKHA)\)[ \t]*$'      → {"(ilkha)"} (a byline: literals are
 *                                                  normalised like the text)
 *
 *     A pattern with no safe literal is "unanchored": it runs over every byte (lint warns).
 *
 * ASCII fields get a cheaper first look: before normalising, the field's own bytes are
 * scanned (caselessly) for the space-free ASCII pieces of the anchors, and for a hyphen at
 * a line end (the normaliser joins words there). For ASCII text normalising only lowers
 * case and collapses whitespace, so an anchor that occurs in the normalised text has its
 * piece in the raw bytes (anchors with non-ASCII bytes cannot occur at all). The field is
 * read on only when a piece of a pattern's or byline's anchor hits (the scan stops there),
 * or when a notice has seen enough of its anchor words for a match (each needs kmin, see
 * approx.c); else it is not even normalised. This needs every pattern and notice to be
 * anchored; unanchored bylines run on the field's own text regardless.
 */
#include "prefilter.h"

#include "approx.h"
#include "hscache.h"

#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the database ---- */

struct rs_prefilter {
    rs_target *t;
    size_t nt;
    char **anchors; /* sorted, unique */
    size_t *alen;
    size_t na;
    uint32_t *aoff; /* the targets of anchor i: tgt[aoff[i] .. aoff[i + 1]) */
    uint32_t *tgt;
    uint32_t *tmul;  /* beside tgt: for a notice, how often the anchor word is in it */
    uint32_t *tgate; /* beside tgt: a notice's gate word of decisive group g - 1 (0: none) */
    uint32_t *tkmin; /* per target: anchor positions a notice's match needs (0: one hit) */
    uint32_t *trawk; /* per target: of those, how many the raw pass must see (see drop_weak) */
    size_t maxlen;
    hs_database_t *db, *raw;
    hs_scratch_t *proto;
    bool raw_ok;
    uint32_t *araw; /* per anchor: its raw piece's pattern id, or UINT32_MAX */
    bool *rawhard;  /* per raw pattern: a hit means normalising (not just notice words) */
    bool *rawword;  /* per raw pattern: it is only ever a notice's whole word */
    size_t *plen;   /* per raw pattern: its length (the hyphen: 1) */
    size_t *apoff;  /* per anchor: where its raw piece starts in it */
    bool *ahard;    /* per anchor: a pattern or byline needs only it */
    uint32_t *poff, *pan; /* per raw pattern: its anchors (CSR) */
    size_t nraw;    /* raw patterns; the last is the line-end hyphen */
};

typedef struct pair {
    char *a;
    uint32_t t, mult, gate;
} pair;

static rs_err push_pair(pair **v, size_t *n, size_t *cap, pair p)
{
    if (*n == *cap) {
        pair *w = realloc(*v, (*cap = *cap ? 2 * *cap : 256) * sizeof *w);
        if (!w) return RS_ERR_NOMEM;
        *v = w;
    }
    (*v)[(*n)++] = p;
    return RS_OK;
}

/* A notice's gates (rs_anotice_gate), as pairs with gate = group + 1 and no multiplicity;
 * none when a phrase has no gate word (then nothing gates the notice). */
static rs_err add_gates(pair **v, size_t *n, size_t *cap, const rs_anotice *a, uint32_t t)
{
    size_t np = rs_anotice_phrases(a), first = *n;
    rs_err e = RS_OK;
    for (size_t i = 0; !e && i < np; i++) {
        unsigned g;
        char *w = rs_anotice_gate(a, i, &g);
        if (!w) {
            e = RS_ERR_UNSUPPORTED;
            break;
        }
        if ((e = push_pair(v, n, cap, (pair){.a = w, .t = t, .gate = g + 1}))) free(w);
    }
    if (e == RS_ERR_UNSUPPORTED) {
        for (size_t i = first; i < *n; i++)
            free((*v)[i].a);
        *n = first;
        e = RS_OK;
    }
    return e;
}

static int cmp_pair(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    int c = strcmp(a->a, b->a);
    return c ? c : (a->t > b->t) - (a->t < b->t);
}

static rs_err add_target(rs_prefilter *pf, size_t *cap, const rs_sig *s, const rs_rx *rx,
                         rs_tkind k)
{
    if (pf->nt == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        rs_target *v = realloc(pf->t, c * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        pf->t = v;
        *cap = c;
    }
    pf->t[pf->nt++] = (rs_target){.sig = s, .rx = rx, .kind = k};
    return RS_OK;
}

static rs_err list_targets(rs_prefilter *pf, const rs_sigdb *db)
{
    size_t cap = 0;
    rs_err e = RS_OK;
    for (size_t i = 0; !e && i < db->n; i++) {
        const rs_sig *s = db->v[i];
        for (size_t j = 0; !e && j < s->npatterns; j++)
            e = add_target(pf, &cap, s, &s->patterns[j], RS_T_PATTERN);
        for (size_t j = 0; !e && j < s->nnotices; j++)
            e = add_target(pf, &cap, s, &s->notices[j], RS_T_NOTICE);
        for (size_t j = 0; !e && j < s->nbylines; j++)
            e = add_target(pf, &cap, s, &s->bylines[j], RS_T_BYLINE);
    }
    return e;
}

/* Gathers (anchor, target) pairs, then the unique anchors and each one's targets. */
static rs_err gather(rs_prefilter *pf)
{
    pair *v = NULL;
    size_t n = 0, cap = 0;
    rs_err e = RS_OK;
    pf->raw_ok = true;
    for (size_t i = 0; !e && i < pf->nt; i++) {
        rs_strv a = {0};
        if ((e = rs_target_anchors(&pf->t[i], &a))) break;
        pf->t[i].unanchored = a.n == 0;
        if (!a.n && pf->t[i].kind != RS_T_BYLINE) pf->raw_ok = false;
        const rs_target *tg = &pf->t[i];
        bool model = tg->kind == RS_T_NOTICE && !tg->rx->nanchors;
        for (size_t j = 0; !e && j < a.n; j++) {
            uint32_t mult = model ? (uint32_t)rs_anotice_anchor_mult(tg->rx->notice, j) : 0;
            if (!(e = push_pair(&v, &n, &cap, (pair){.a = a.v[j], .t = (uint32_t)i, .mult = mult})))
                a.v[j] = NULL;
        }
        if (!e && model) e = add_gates(&v, &n, &cap, tg->rx->notice, (uint32_t)i);
        rs_strv_free(&a);
    }
    if (!e && n) qsort(v, n, sizeof *v, cmp_pair);
    pf->anchors = calloc(n + 1, sizeof *pf->anchors);
    pf->alen = calloc(n + 1, sizeof *pf->alen);
    pf->aoff = calloc(n + 1, sizeof *pf->aoff);
    pf->tgt = calloc(n + 1, sizeof *pf->tgt);
    pf->tmul = calloc(n + 1, sizeof *pf->tmul);
    pf->tgate = calloc(n + 1, sizeof *pf->tgate);
    pf->tkmin = calloc(pf->nt + 1, sizeof *pf->tkmin);
    if (!e && (!pf->anchors || !pf->alen || !pf->aoff || !pf->tgt || !pf->tmul || !pf->tgate || !pf->tkmin))
        e = RS_ERR_NOMEM;
    for (size_t i = 0; !e && i < pf->nt; i++)
        if (pf->t[i].kind == RS_T_NOTICE && !pf->t[i].rx->nanchors)
            pf->tkmin[i] = (uint32_t)rs_anotice_kmin(pf->t[i].rx->notice);
    for (size_t i = 0; !e && i < n; i++) {
        if (!pf->na || strcmp(pf->anchors[pf->na - 1], v[i].a)) {
            pf->aoff[pf->na] = (uint32_t)i;
            pf->alen[pf->na] = strlen(v[i].a);
            if (pf->alen[pf->na] > pf->maxlen) pf->maxlen = pf->alen[pf->na];
            pf->anchors[pf->na++] = v[i].a;
            v[i].a = NULL;
        }
        pf->tgt[i] = v[i].t;
        pf->tmul[i] = v[i].mult;
        pf->tgate[i] = v[i].gate;
    }
    if (pf->aoff) pf->aoff[pf->na] = (uint32_t)n;
    for (size_t i = 0; i < n; i++)
        free(v[i].a);
    free(v);
    return e;
}

static rs_err hs_fail(hs_compile_error_t *ce, char *err, size_t errlen)
{
    snprintf(err, errlen, "prefilter: %s", ce && ce->message ? ce->message : "cannot compile");
    hs_free_compile_error(ce);
    return RS_ERR_SIGNATURE;
}

/* How good a raw piece is: 0 a rare word (4+ bytes, not common in news), 1 a common or
 * three-byte word, 2 shorter. Pieces are searched as substrings, so "ani" and "san" hit
 * inside many words. */
static int piece_tier(const char *p, size_t len)
{
    if (len < 3) return 2;
    if (len == 3) return 1;
    return rs_common_word(p, len) ? 1 : 0;
}

/* The raw-safe piece of anchor a: of its space-free runs, the rarest (then the longest),
 * if a is ASCII; false when a cannot occur in an ASCII field at all. */
static bool raw_piece(const char *a, size_t *off, size_t *len)
{
    for (const char *p = a; *p; p++)
        if ((unsigned char)*p >= 0x80) return false;
    size_t best = 0, bl = 0;
    int bt = 3;
    for (size_t i = 0; a[i];) {
        size_t j = i;
        while (a[j] && a[j] != ' ')
            j++;
        int t = j > i ? piece_tier(a + i, j - i) : 3;
        if (t < bt || (t == bt && j - i > bl)) best = i, bl = j - i, bt = t;
        i = a[j] ? j + 1 : j;
    }
    *off = best;
    *len = bl;
    return bl > 0;
}

/* True when a hit of anchor i alone means the field must be read: it has a target that is
 * not a notice (whose match needs several anchor words). */
static bool hard_anchor(const rs_prefilter *pf, size_t i)
{
    for (uint32_t k = pf->aoff[i]; k < pf->aoff[i + 1]; k++)
        if (!pf->tkmin[pf->tgt[k]]) return true;
    return false;
}

/* True when anchor i's every target lets it go unsearched (drop_weak): each still asks the
 * raw pass for two positions or more. */
static bool may_drop(const rs_prefilter *pf, size_t i)
{
    for (uint32_t k = pf->aoff[i]; k < pf->aoff[i + 1]; k++) {
        uint32_t t = pf->tgt[k];
        if (!pf->tkmin[t] || pf->tgate[k] || pf->trawk[t] < pf->tmul[k] + 2) return false;
    }
    return true;
}

/* Weak notice words the raw pass does not search for. A three- or four-letter word ("her",
 * "use", "alle", "tous") occurs inside many longer words and slows Hyperscan's literal
 * matcher more than any other piece. 19 such words of notices ("Her hakkı saklıdır", "Alle
 * Rechte vorbehalten", "Tous droits réservés") are left out: on the issue-6 corpus's 400 MB
 * wire dump, CPU falls by 8% with the same findings.
 * A notice's match needs tkmin anchor positions; if the raw pass leaves out words worth d
 * of them, any match still has tkmin - d among the words it searches for, so trawk =
 * tkmin - d is a threshold that loses nothing. It is kept at two or more: a single common
 * word would send most fields of a news corpus to the normaliser (measured: 16 MB of the
 * corpus's small files normalised became 115 MB). Gate words, and words a pattern or byline
 * needs alone, are always searched. Shortest first. Marks a dropped anchor's araw with
 * UINT32_MAX - 1 (build_raw gives it no piece). */
static void drop_weak(rs_prefilter *pf)
{
    for (size_t want = 3; want <= 4; want++)
        for (size_t i = 0; i < pf->na; i++) {
            size_t off, len;
            if (pf->araw[i] || !raw_piece(pf->anchors[i], &off, &len)) continue;
            if (len != want || len != pf->alen[i] || !may_drop(pf, i)) continue;
            for (uint32_t k = pf->aoff[i]; k < pf->aoff[i + 1]; k++)
                pf->trawk[pf->tgt[k]] -= pf->tmul[k];
            pf->araw[i] = UINT32_MAX - 1;
        }
}

static rs_err build_raw(rs_prefilter *pf, char *err, size_t errlen)
{
    size_t n = 0;
    char **ex = calloc(pf->na + 1, sizeof *ex);
    unsigned *flags = calloc(pf->na + 1, sizeof *flags), *ids = calloc(pf->na + 1, sizeof *ids);
    pf->araw = calloc(pf->na + 1, sizeof *pf->araw);
    pf->rawhard = calloc(pf->na + 1, sizeof *pf->rawhard);
    pf->rawword = calloc(pf->na + 1, sizeof *pf->rawword);
    pf->plen = calloc(pf->na + 1, sizeof *pf->plen);
    pf->apoff = calloc(pf->na + 1, sizeof *pf->apoff);
    pf->ahard = calloc(pf->na + 1, sizeof *pf->ahard);
    pf->trawk = calloc(pf->nt + 1, sizeof *pf->trawk);
    rs_err e = ex && flags && ids && pf->araw && pf->rawhard && pf->rawword && pf->plen &&
                       pf->apoff && pf->ahard && pf->trawk
                   ? RS_OK
                   : RS_ERR_NOMEM;
    if (!e) {
        memcpy(pf->trawk, pf->tkmin, pf->nt * sizeof *pf->trawk);
        drop_weak(pf);
    }
    for (size_t i = 0; !e && i < pf->na; i++) {
        size_t off, len;
        bool dropped = pf->araw[i] == UINT32_MAX - 1;
        pf->araw[i] = UINT32_MAX;
        if (dropped || !raw_piece(pf->anchors[i], &off, &len)) continue;
        pf->apoff[i] = off;
        pf->ahard[i] = hard_anchor(pf, i);
        char *x = malloc(4 * len + 1), *o = x;
        if (!x) {
            e = RS_ERR_NOMEM;
            break;
        }
        for (size_t k = 0; k < len; k++) {
            unsigned char c = (unsigned char)pf->anchors[i][off + k];
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                *o++ = (char)c;
            else
                o += sprintf(o, "\\x%02x", c);
        }
        *o = '\0';
        size_t k = 0;
        while (k < n && strcmp(ex[k], x))
            k++;
        bool word = len == pf->alen[i] && !hard_anchor(pf, i); /* a notice's word, whole */
        if (k < n) {
            free(x);
            pf->rawword[k] = pf->rawword[k] && word;
        } else {
            flags[n] = HS_FLAG_CASELESS;
            ids[n] = (unsigned)n;
            pf->rawword[n] = word;
            pf->plen[n] = len;
            ex[n++] = x;
        }
        pf->araw[i] = (uint32_t)k;
        pf->rawhard[k] = pf->rawhard[k] || hard_anchor(pf, i);
    }
    /* where the normaliser joins a word hyphenated across a line break (norm.c,
     * hyphen_join; a non-ASCII letter on either side is in a region.c zone anyway) */
    if (!e && !(ex[n] = strdup("[a-z]-[ \\t\\r]*\\n[ \\t\\r\\n\\f\\v]*[a-z]"))) e = RS_ERR_NOMEM;
    if (!e) {
        flags[n] = HS_FLAG_CASELESS;
        ids[n] = (unsigned)n;
        pf->plen[n] = 1;
        pf->rawhard[n] = true;
        n++;
        pf->nraw = n;
        hs_compile_error_t *ce = NULL;
        if (rs_hs_compile(false, (const char *const *)ex, flags, ids, NULL, (unsigned)n, &pf->raw,
                          &ce))
            e = hs_fail(ce, err, errlen);
    }
    for (size_t i = 0; ex && i < n; i++)
        free(ex[i]);
    free(ex);
    free(flags);
    free(ids);
    /* each piece's anchors, for the regional path */
    pf->poff = calloc(pf->nraw + 2, sizeof *pf->poff);
    pf->pan = calloc(pf->na + 1, sizeof *pf->pan);
    if (!e && (!pf->poff || !pf->pan)) e = RS_ERR_NOMEM;
    for (size_t i = 0; !e && i < pf->na; i++)
        if (pf->araw[i] != UINT32_MAX) pf->poff[pf->araw[i] + 2]++;
    for (size_t k = 2; !e && k < pf->nraw + 2; k++)
        pf->poff[k] += pf->poff[k - 1];
    for (size_t i = 0; !e && i < pf->na; i++)
        if (pf->araw[i] != UINT32_MAX) pf->pan[pf->poff[pf->araw[i] + 1]++] = (uint32_t)i;
    return e;
}

rs_err rs_prefilter_build(const rs_sigdb *db, rs_prefilter **out, char *err, size_t errlen)
{
    rs_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf) return RS_ERR_NOMEM;
    rs_err e = list_targets(pf, db);
    if (!e) e = gather(pf);
    if (!e && pf->na) {
        unsigned *flags = malloc(pf->na * sizeof *flags), *ids = malloc(pf->na * sizeof *ids);
        if (!flags || !ids) e = RS_ERR_NOMEM;
        for (size_t i = 0; !e && i < pf->na; i++)
            flags[i] = HS_FLAG_CASELESS, ids[i] = (unsigned)i;
        hs_compile_error_t *ce = NULL;
        if (!e && rs_hs_compile(true, (const char *const *)pf->anchors, flags, ids, pf->alen,
                                (unsigned)pf->na, &pf->db, &ce))
            e = hs_fail(ce, err, errlen);
        free(flags);
        free(ids);
        if (!e && hs_alloc_scratch(pf->db, &pf->proto) != HS_SUCCESS) e = RS_ERR_NOMEM;
    }
    if (!e && pf->raw_ok) e = build_raw(pf, err, errlen);
    if (!e && pf->raw && hs_alloc_scratch(pf->raw, &pf->proto) != HS_SUCCESS) e = RS_ERR_NOMEM;
    if (e) {
        if (e == RS_ERR_NOMEM) snprintf(err, errlen, "prefilter: out of memory");
        rs_prefilter_free(pf);
        return e;
    }
    *out = pf;
    return RS_OK;
}

void rs_prefilter_free(rs_prefilter *pf)
{
    if (!pf) return;
    for (size_t i = 0; i < pf->na; i++)
        free(pf->anchors[i]);
    free(pf->anchors);
    free(pf->alen);
    free(pf->aoff);
    free(pf->tgt);
    free(pf->tmul);
    free(pf->tgate);
    free(pf->tkmin);
    free(pf->trawk);
    free(pf->araw);
    free(pf->rawhard);
    free(pf->rawword);
    free(pf->plen);
    free(pf->apoff);
    free(pf->ahard);
    free(pf->poff);
    free(pf->pan);
    free(pf->t);
    hs_free_database(pf->db);
    hs_free_database(pf->raw);
    hs_free_scratch(pf->proto);
    free(pf);
}

size_t rs_prefilter_targets(const rs_prefilter *pf, const rs_target **out)
{
    *out = pf->t;
    return pf->nt;
}

size_t rs_prefilter_anchors(const rs_prefilter *pf, const char *const **out)
{
    *out = (const char *const *)pf->anchors;
    return pf->na;
}

bool rs_prefilter_raw_ok(const rs_prefilter *pf)
{
    return pf->raw_ok && pf->raw;
}

bool rs_prefilter_map(const rs_prefilter *pf, rs_pfmap *out)
{
    if (!pf->raw_ok || !pf->raw || !pf->poff) return false;
    *out = (rs_pfmap){.npieces = pf->nraw,
                      .ntargets = pf->nt,
                      .maxlen = pf->maxlen,
                      .hyphen = (uint32_t)(pf->nraw - 1),
                      .anchors = (const char *const *)pf->anchors,
                      .alen = pf->alen,
                      .apoff = pf->apoff,
                      .poff = pf->poff,
                      .pan = pf->pan,
                      .aoff = pf->aoff,
                      .tgt = pf->tgt,
                      .tmul = pf->tmul,
                      .tgate = pf->tgate,
                      .tkmin = pf->tkmin,
                      .trawk = pf->trawk};
    return true;
}

/* ---- scanning ---- */

struct rs_pfscan {
    const rs_prefilter *pf;
    hs_scratch_t *scratch;
    rs_pfhit *w;           /* sorting space */
    size_t *cnt;           /* per target: hits (counting sort) */
    unsigned char *rawhit; /* per raw pattern: seen in this field */
    uint32_t *acc;         /* per target: anchor positions seen (notices) */
    bool must;             /* a raw hit that alone means reading the field */
    rs_pfhit *v;
    size_t n, cap;
    rs_rawhit *rv; /* rs_pfscan_raw_hits */
    size_t rn, rcap;
    const char *text; /* of the raw scan */
    size_t tlen;
    size_t base, done; /* of the chunk being scanned; hits ending at or before done are old */
    uint64_t nlit;
    rs_err err;
};

rs_err rs_pfscan_new(const rs_prefilter *pf, rs_pfscan **out)
{
    rs_pfscan *ps = calloc(1, sizeof *ps);
    if (!ps) return RS_ERR_NOMEM;
    ps->pf = pf;
    ps->rawhit = calloc(pf->nraw + 1, 1);
    ps->acc = calloc(pf->nt + 1, sizeof *ps->acc);
    ps->cnt = calloc(pf->nt + 1, sizeof *ps->cnt);
    if (!ps->rawhit || !ps->acc || !ps->cnt ||
        (pf->proto && hs_clone_scratch(pf->proto, &ps->scratch) != HS_SUCCESS)) {
        rs_pfscan_free(ps);
        return RS_ERR_NOMEM;
    }
    *out = ps;
    return RS_OK;
}

void rs_pfscan_free(rs_pfscan *ps)
{
    if (!ps) return;
    hs_free_scratch(ps->scratch);
    free(ps->rawhit);
    free(ps->acc);
    free(ps->cnt);
    free(ps->w);
    free(ps->v);
    free(ps->rv);
    free(ps);
}

bool rs_pf_ascii(const char *text, size_t len)
{
    size_t i = 0;
    uint64_t acc = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, text + i, 8);
        acc |= x;
        if (acc & 0x8080808080808080u) return false;
    }
    for (; i < len; i++)
        acc |= (unsigned char)text[i];
    return !(acc & 0x80);
}

static bool alnum_at(const rs_pfscan *ps, size_t i);

/* The bool pass: a piece hit counts where it is whole (a notice's word) and, for a piece of
 * a pattern's or byline's anchor, where that anchor can be read around it (rs_pf_verify);
 * one such hit is enough. */
static int on_raw(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx)
{
    (void)from, (void)flags;
    rs_pfscan *ps = ctx;
    const rs_prefilter *pf = ps->pf;
    size_t end = ps->base + (size_t)to, start = end >= pf->plen[id] ? end - pf->plen[id] : 0;
    if (id + 1 == pf->nraw) {
        ps->must = true;
        return 1;
    }
    if (pf->rawword[id] &&
        ((start > 0 && alnum_at(ps, start - 1)) || (end < ps->tlen && alnum_at(ps, end))))
        return 0;
    ps->rawhit[id] = 1;
    if (!pf->rawhard[id]) return 0;
    for (uint32_t k = pf->poff[id]; k < pf->poff[id + 1] && !ps->must; k++) {
        uint32_t a = pf->pan[k];
        ps->must = pf->ahard[a] &&
                   rs_pf_verify(ps->text, ps->tlen, start, pf->anchors[a], pf->alen[a], pf->apoff[a]);
    }
    return ps->must;
}

#define CHUNK (1u << 30) /* hs_scan takes an unsigned length */

/* After the raw pass: could a notice match? Only if it saw as many of its anchor
 * positions as its matches need (each piece counted once: an upper bound). */
static bool notices_possible(rs_pfscan *ps)
{
    const rs_prefilter *pf = ps->pf;
    bool need = false;
    memset(ps->acc, 0, pf->nt * sizeof *ps->acc);
    for (size_t i = 0; i < pf->na && !need; i++) {
        if (pf->araw[i] == UINT32_MAX || !ps->rawhit[pf->araw[i]]) continue;
        for (uint32_t k = pf->aoff[i]; k < pf->aoff[i + 1] && !need; k++) {
            uint32_t t = pf->tgt[k];
            ps->acc[t] += pf->tmul[k];
            need = ps->acc[t] >= pf->trawk[t];
        }
    }
    return need;
}

rs_err rs_pfscan_raw(rs_pfscan *ps, const char *text, size_t len, bool *hit)
{
    const rs_prefilter *pf = ps->pf;
    *hit = true;
    if (!pf->raw_ok || !pf->raw) return RS_OK;
    memset(ps->rawhit, 0, pf->nraw);
    ps->must = false;
    ps->text = text;
    ps->tlen = len;
    ps->done = 0;
    for (size_t base = 0; base < len && !ps->must;) {
        size_t n = len - base < CHUNK ? len - base : CHUNK;
        ps->base = base;
        hs_error_t r = hs_scan(pf->raw, text + base, (unsigned)n, 0, ps->scratch, on_raw, ps);
        if (r != HS_SUCCESS && r != HS_SCAN_TERMINATED) return RS_OK; /* read it all then */
        if (base + n >= len) break;
        base += n - pf->maxlen - 16;
    }
    *hit = ps->must || notices_possible(ps);
    return RS_OK;
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A byte the argument of step 1 does not cover: not ASCII, or a control character the
 * normaliser might drop. Where one is near, the anchor is taken as there. */
static bool unsure(unsigned char c)
{
    return c >= 0x7F || (c < 0x20 && !is_blank(c));
}

/* True when anchor a (normalised: lower case, single spaces), whose raw piece starts at
 * a[poff], may be read in text with that piece at p: byte for byte caselessly, a space
 * for a run of blanks. An unsure byte or a hyphen (the normaliser may join a word across
 * a line break there) on the way answers true. */
bool rs_pf_verify(const char *text, size_t len, size_t p, const char *a, size_t alen,
                   size_t poff)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t j = p; /* forward from the piece */
    for (size_t i = poff; i < alen; i++) {
        if (j >= len) return false;
        if (unsure(t[j]) || t[j] == '-') return true;
        if (a[i] == ' ') {
            if (!is_blank(t[j])) return false;
            while (j < len && is_blank(t[j]))
                j++;
            continue;
        }
        unsigned char c = t[j] >= 'A' && t[j] <= 'Z' ? (unsigned char)(t[j] | 0x20) : t[j];
        if (c != (unsigned char)a[i]) return false;
        j++;
    }
    j = p; /* backward */
    for (size_t i = poff; i > 0; i--) {
        if (j == 0) return false;
        unsigned char b = t[j - 1];
        if (unsure(b) || b == '-') return true;
        if (a[i - 1] == ' ') {
            if (!is_blank(b)) return false;
            while (j > 0 && is_blank(t[j - 1]))
                j--;
            if (j > 0 && t[j - 1] == '-') return true;
            continue;
        }
        unsigned char c = b >= 'A' && b <= 'Z' ? (unsigned char)(b | 0x20) : b;
        if (c != (unsigned char)a[i - 1]) return false;
        j--;
    }
    return true;
}

static bool alnum_at(const rs_pfscan *ps, size_t i)
{
    unsigned char c = (unsigned char)ps->text[i];
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

static int on_raw_all(unsigned id, unsigned long long from, unsigned long long to,
                      unsigned flags, void *ctx)
{
    (void)from, (void)flags;
    rs_pfscan *ps = ctx;
    size_t end = ps->base + (size_t)to;
    if (end <= ps->done) return 0; /* seen in the previous chunk */
    const rs_prefilter *pf = ps->pf;
    size_t plen = pf->plen[id], start = end >= plen ? end - plen : 0;
    if (id + 1 == pf->nraw) { /* the hyphen: reported at the letter after the break */
        start = end - 1;
    } else if (pf->rawword[id] && ((start > 0 && alnum_at(ps, start - 1)) ||
                                   (end < ps->tlen && alnum_at(ps, end)))) {
        return 0; /* inside a longer word: not the notice's word */
    }
    if (ps->rn == ps->rcap) {
        size_t cap = ps->rcap ? ps->rcap * 2 : 256;
        rs_rawhit *v = realloc(ps->rv, cap * sizeof *v);
        if (!v) {
            ps->err = RS_ERR_NOMEM;
            return 1;
        }
        ps->rv = v;
        ps->rcap = cap;
    }
    ps->rv[ps->rn++] = (rs_rawhit){.start = start, .end = end, .piece = id};
    return 0;
}

rs_err rs_pfscan_raw_hits(rs_pfscan *ps, const char *text, size_t len, const rs_rawhit **out,
                          size_t *n)
{
    const rs_prefilter *pf = ps->pf;
    ps->rn = 0;
    ps->err = RS_OK;
    ps->done = 0;
    ps->text = text;
    ps->tlen = len;
    for (size_t base = 0; pf->raw && base < len;) {
        size_t k = len - base < CHUNK ? len - base : CHUNK;
        ps->base = base;
        hs_error_t r = hs_scan(pf->raw, text + base, (unsigned)k, 0, ps->scratch, on_raw_all, ps);
        if (ps->err) return ps->err;
        if (r != HS_SUCCESS) return RS_ERR_UNSUPPORTED;
        if (base + k >= len) break;
        ps->done = base + k;
        base += k - pf->maxlen - 16;
    }
    *out = ps->rv;
    *n = ps->rn;
    return RS_OK;
}

static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx)
{
    (void)from, (void)flags;
    rs_pfscan *ps = ctx;
    const rs_prefilter *pf = ps->pf;
    size_t end = ps->base + (size_t)to;
    if (end <= ps->done) return 0; /* seen in the previous chunk */
    ps->nlit++;
    for (uint32_t k = pf->aoff[id]; k < pf->aoff[id + 1]; k++) {
        if (ps->n == ps->cap) {
            size_t cap = ps->cap ? ps->cap * 2 : 256;
            rs_pfhit *v = realloc(ps->v, cap * sizeof *v);
            if (!v) {
                ps->err = RS_ERR_NOMEM;
                return 1;
            }
            ps->v = v;
            ps->cap = cap;
        }
        ps->v[ps->n++] = (rs_pfhit){
            .target = pf->tgt[k], .anchor = id, .pair = k, .start = end - pf->alen[id], .end = end};
    }
    return 0;
}

/* Sorts the hits by target, then start: Hyperscan reports them by end, so they are nearly
 * sorted by start already; a counting sort by target, then insertion sort within each. */
static rs_err sort_hits(rs_pfscan *ps)
{
    size_t nt = ps->pf->nt;
    if (ps->n < 2) return RS_OK;
    rs_pfhit *w = realloc(ps->w, ps->cap * sizeof *w);
    if (!w) return RS_ERR_NOMEM;
    ps->w = w;
    memset(ps->cnt, 0, (nt + 1) * sizeof *ps->cnt);
    for (size_t i = 0; i < ps->n; i++)
        ps->cnt[ps->v[i].target + 1]++;
    for (size_t t = 1; t <= nt; t++)
        ps->cnt[t] += ps->cnt[t - 1];
    for (size_t i = 0; i < ps->n; i++)
        w[ps->cnt[ps->v[i].target]++] = ps->v[i];
    for (size_t i = 1; i < ps->n; i++) {
        rs_pfhit h = w[i];
        size_t j = i;
        while (j > 0 && w[j - 1].target == h.target &&
               (w[j - 1].start > h.start || (w[j - 1].start == h.start && w[j - 1].end > h.end))) {
            w[j] = w[j - 1];
            j--;
        }
        w[j] = h;
    }
    ps->w = ps->v; /* swap buffers */
    ps->v = w;
    return RS_OK;
}

rs_err rs_pfscan_run(rs_pfscan *ps, const char *text, size_t len, const rs_pfhit **hits,
                     size_t *nhits, uint64_t *nlit)
{
    const rs_prefilter *pf = ps->pf;
    ps->n = 0;
    ps->nlit = 0;
    ps->err = RS_OK;
    ps->done = 0;
    for (size_t base = 0; pf->db && base < len;) {
        size_t n = len - base < CHUNK ? len - base : CHUNK;
        ps->base = base;
        hs_error_t r = hs_scan(pf->db, text + base, (unsigned)n, 0, ps->scratch, on_hit, ps);
        if (ps->err) return ps->err;
        if (r != HS_SUCCESS) return RS_ERR_UNSUPPORTED; /* the caller reads everything */
        if (base + n >= len) break;
        ps->done = base + n;
        base += n - pf->maxlen; /* overlap: an anchor across the cut is found once */
    }
    rs_err e = sort_hits(ps);
    if (e) return e;
    *hits = ps->v;
    *nhits = ps->n;
    *nlit = ps->nlit;
    return RS_OK;
}
