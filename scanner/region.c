/* region.c — where in a large field the matchers may find anything.
 *
 * Normalising a field and scanning it again for anchors costs far more than one literal
 * pass over its own bytes; a wire dump of hundreds of megabytes holds a notice or a byline
 * every few hundred kilobytes. So a large field (match.c: RS_REGION_MIN bytes or more) is
 * not normalised whole. Instead:
 *
 *   1. One Hyperscan pass over the field's own bytes finds the raw pieces of every anchor
 *      (prefilter.c: the longest space-free ASCII run of each; a notice's word only where
 *      it is a whole word) and every hyphen that ends a line (the normaliser joins words
 *      there). For ASCII text this is exact: normalising ASCII only lowers case and
 *      collapses whitespace, so an anchor in the normalised text has its piece in the raw.
 *   2. Non-ASCII text is where that argument needs help. The pass reads a skeleton of the
 *      field: each two-byte code point that the normaliser folds to one ASCII letter,
 *      digit or space is that byte ("Tüm hakları" reads "Tum haklari"), with norm.c's own
 *      table, so Latin, Turkish and the like cost no normalising. Any other code point
 *      (CJK, combining marks, ligatures, a possible mojibake) is unsure: stretches of
 *      unsure code points less than ZONE_GAP apart ("zones"), widened to whitespace, are
 *      normalised and scanned for the anchors themselves, mapped back to field offsets.
 *      Raw piece hits are checked against their whole anchor around them (verify), so
 *      "photo" in "photos" is not the anchor "afp photo".
 *   3. Each anchor occurrence is a candidate for its targets. A pattern or byline needs one:
 *      its position is a seed. A notice needs kmin anchor positions of its words within
 *      reach of each other (approx.c), so its candidates are seeds only where a window of
 *      ±SLACK·reach holds that many (per word at most as often as the notice has it) —
 *      the same test approx.c applies to normalised text, on raw offsets, widened by SLACK
 *      because raw text is longer than its normalised form where whitespace collapses.
 *   4. Around each seed, MARGIN bytes either side (what a pattern may reach before its
 *      anchor, what the approximate matcher and the suppress test read around a match),
 *      widened to line breaks nearby; overlapping regions are merged.
 *
 * match.c normalises and matches each region as if it were the field, and grows a region
 * whose hits come within EDGE bytes of an inner edge. Everything outside the regions is
 * read once, by Hyperscan, and never normalised.
 *
 * Example: the benchmark's wire dump (16% of its lines Turkish, a notice or dateline every
 * few kilobytes): per 100 MB, about 1,400 regions, 8.5 MB normalised in all; the findings
 * are those of normalising everything.
 */
#include "region.h"

#include "approx.h"

#include <stdlib.h>
#include <string.h>

#define ZONE_GAP 64  /* non-ASCII bytes closer than this make one zone */
#define SLACK 4      /* raw text may be this many times longer than its normalised form */
#define LINE_SEEK 2048 /* how far a region's edge moves to reach a line break */
/* Bytes a region holds either side of a pattern's or byline's anchor, and beyond a
 * notice's reach: more than any shipped pattern reaches before its anchor or after it,
 * and the suppress test's 200 and 600 bytes around a match. A match that comes within
 * REGION_EDGE of an inner edge makes match.c grow the region, so a longer one is still
 * found whole, provided it reaches its anchor's region at all. */
#define MARGIN 2048
/* More raw hits of patterns and bylines than one per DENSE bytes: the field is matched
 * whole (a pathological or notice-dense field; sorting its candidates would cost more than
 * it saves). */
#define DENSE 512

typedef struct cand {
    size_t at;
    uint32_t target, anchor, mult, gate;
} cand;

typedef struct seed {
    size_t at, margin; /* the region holds [at - margin, at + margin) */
} seed;

struct rs_regions {
    const rs_prefilter *pf;
    rs_pfmap map;
    size_t margin;
    size_t *reach; /* per target: a notice's reach (0 for others) */
    uint32_t *ngates; /* per target: the decisive groups its gates stand for (0: ungated) */
    size_t *gpos;     /* one gate group's offsets */
    size_t ngpos, gcap;
    cand *c, *c2; /* the candidates; c2: room to sort them into (ccap too) */
    size_t nc, ccap;
    size_t *tcnt;  /* per target + 1: for the counting sort */
    size_t nt;
    seed *seeds;
    size_t ns, scap;
    rs_span *out;
    size_t nout, ocap;
    rs_span *zones;
    size_t nz, zcap;
    rs_buf sk;           /* the skeleton */
    char fold2[0x800];   /* rs_norm_fold_ascii of each two-byte code point */
    uint32_t *fold, *uns; /* its folded code points (skeleton offsets), unsure ones (field) */
    size_t nfold, fcap, nuns, ucap;
    size_t *cnt; /* per anchor: in the sliding window */
    bool *ahard; /* per anchor: a target needs only it (a pattern, a byline) */
    size_t na;
};

#define GROW(v, n, cap, init)                                                                      \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            size_t c_ = (cap) ? 2 * (cap) : (init);                                                \
            void *p_ = realloc((v), c_ * sizeof *(v));                                             \
            if (!p_) return RS_ERR_NOMEM;                                                          \
            (v) = p_;                                                                              \
            (cap) = c_;                                                                            \
        }                                                                                          \
    } while (0)

rs_err rs_regions_new(const rs_prefilter *pf, rs_regions **out)
{
    *out = NULL;
    rs_regions *r = calloc(1, sizeof *r);
    if (!r) return RS_ERR_NOMEM;
    r->pf = pf;
    rs_buf_init(&r->sk, 0);
    for (uint32_t cp = 0x80; cp < 0x800; cp++)
        r->fold2[cp] = rs_norm_fold_ascii(cp);
    if (!rs_prefilter_map(pf, &r->map)) {
        free(r);
        return RS_ERR_UNSUPPORTED;
    }
    const rs_target *t;
    size_t nt = rs_prefilter_targets(pf, &t), maxreach = 0;
    const char *const *anchors;
    r->na = rs_prefilter_anchors(pf, &anchors);
    r->reach = calloc(nt + 1, sizeof *r->reach);
    r->cnt = calloc(r->na + 1, sizeof *r->cnt);
    r->ngates = calloc(nt + 1, sizeof *r->ngates);
    r->ahard = calloc(r->na + 1, sizeof *r->ahard);
    r->nt = nt;
    r->tcnt = calloc(nt + 2, sizeof *r->tcnt);
    if (!r->reach || !r->cnt || !r->ngates || !r->ahard || !r->tcnt) {
        rs_regions_free(r);
        return RS_ERR_NOMEM;
    }
    for (size_t i = 0; i < nt; i++)
        if (t[i].kind == RS_T_NOTICE && t[i].rx->notice) {
            r->reach[i] = rs_anotice_reach(t[i].rx->notice);
            if (r->reach[i] > maxreach) maxreach = r->reach[i];
        }
    for (size_t a = 0; a < r->na; a++)
        for (uint32_t k = r->map.aoff[a]; k < r->map.aoff[a + 1]; k++)
        {
            if (r->map.tgate[k] > r->ngates[r->map.tgt[k]]) r->ngates[r->map.tgt[k]] = r->map.tgate[k];
            if (!r->map.tkmin[r->map.tgt[k]]) r->ahard[a] = true;
        }
    r->margin = MARGIN + maxreach + RS_APPROX_DECISIVE_REACH;
    *out = r;
    return RS_OK;
}

void rs_regions_free(rs_regions *r)
{
    if (!r) return;
    free(r->reach);
    free(r->tcnt);
    free(r->c2);
    free(r->ngates);
    free(r->ahard);
    free(r->gpos);
    free(r->cnt);
    free(r->c);
    free(r->seeds);
    free(r->out);
    free(r->zones);
    rs_buf_free(&r->sk);
    free(r->fold);
    free(r->uns);
    free(r);
}

size_t rs_regions_margin(const rs_regions *r)
{
    return r->margin;
}

/* Candidates of anchor a at field offset at, one per target of the anchor. */
static rs_err add_anchor(rs_regions *r, size_t at, uint32_t a)
{
    const rs_pfmap *m = &r->map;
    for (uint32_t k = m->aoff[a]; k < m->aoff[a + 1]; k++) {
        GROW(r->c, r->nc, r->ccap, 1024);
        r->c[r->nc++] = (cand){
            .at = at, .target = m->tgt[k], .anchor = a, .mult = m->tmul[k], .gate = m->tgate[k]};
    }
    return RS_OK;
}

static rs_err add_seed(rs_regions *r, size_t at, size_t margin)
{

    GROW(r->seeds, r->ns, r->scap, 256);
    r->seeds[r->ns++] = (seed){at, margin};
    return RS_OK;
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ---- the skeleton ---- */

static rs_err push_u32(uint32_t **v, size_t *n, size_t *cap, uint32_t x)
{
    GROW(*v, *n, *cap, 1024);
    (*v)[(*n)++] = x;
    return RS_OK;
}

/* How many bytes of the eight-byte word w (its high bits hi, not zero) are ASCII before the
 * first that is not, in memory order. */
static size_t ascii_prefix(uint64_t w, uint64_t hi)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    (void)w;
    return (size_t)__builtin_ctzll(hi) >> 3;
#else
    unsigned char b[8];
    memcpy(b, &w, 8);
    (void)hi;
    size_t a = 0;
    while (b[a] < 0x80)
        a++;
    return a;
#endif
}

/* The skeleton of text (step 1): a copy in which each two-byte code point that folds to one
 * ASCII letter, digit or space (norm.c's own table: "ü" → u, "ı" → i, NBSP → ' ') is that
 * byte, so the raw pass reads Latin text as the normaliser will. Every other non-ASCII
 * code point, and the lead of a possible mojibake, is kept as it is and noted as unsure
 * (zones are made around those). r->fold gets the skeleton offset of each folded code
 * point, ascending; a skeleton offset p is field offset p + (folds before p). A text with
 * no byte above 0x7F is its own skeleton. */
static rs_err skeleton(rs_regions *r, const char *text, size_t len, const char **sk,
                       size_t *sklen)
{
    const unsigned char *t = (const unsigned char *)text;
    r->nfold = r->nuns = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        if (w & 0x8080808080808080ULL) break;
    }
    while (i < len && t[i] < 0x80)
        i++;
    if (i == len) {
        *sk = text;
        *sklen = len;
        return RS_OK;
    }
    if (len > UINT32_MAX) return RS_ERR_UNSUPPORTED;
    rs_buf_reset(&r->sk);
    rs_err e = rs_buf_reserve(&r->sk, len + 1);
    if (e) return e;
    char *o = r->sk.data;
    memcpy(o, text, i);
    size_t n = i;
    while (!e && i < len) {
        if (t[i] < 0x80) {
            /* ASCII, eight bytes at a time: o + n is never ahead of t + i (a fold writes one
             * byte for two), so a whole word may be stored and only its ASCII part kept */
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, t + i, 8);
                memcpy(o + n, &w, 8);
                uint64_t hi = w & 0x8080808080808080ULL;
                if (hi) {
                    size_t a = ascii_prefix(w, hi);
                    n += a, i += a;
                    break;
                }
                n += 8, i += 8;
            }
            while (i < len && t[i] < 0x80)
                o[n++] = (char)t[i++];
            continue;
        }
        uint32_t cp, next = 0;
        size_t k;
        if (t[i] >= 0xC2 && t[i] <= 0xDF && i + 1 < len && (t[i + 1] & 0xC0) == 0x80) {
            cp = (uint32_t)(t[i] & 0x1F) << 6 | (t[i + 1] & 0x3F);
            k = 2;
        } else {
            k = rs_utf8_decode(t + i, len - i, &cp);
        }
        char f = k == 2 ? r->fold2[cp] : 0;
        if (f && cp <= 0xF4 && i + k < len && t[i + k] >= 0x80) {
            rs_utf8_decode(t + i + k, len - i - k, &next);
            if (rs_norm_mojibake_lead(cp, next)) f = 0;
        }
        if (f) {
            e = push_u32(&r->fold, &r->nfold, &r->fcap, (uint32_t)n);
            o[n++] = f;
        } else {
            e = push_u32(&r->uns, &r->nuns, &r->ucap, (uint32_t)i);
            memcpy(o + n, t + i, k);
            n += k;
        }
        i += k;
    }
    r->sk.len = n;
    *sk = r->sk.data;
    *sklen = n;
    return e;
}

rs_err rs_regions_skeleton(rs_regions *r, const char *text, size_t len, const char **sk,
                           size_t *sklen, bool *sure)
{
    rs_err e = skeleton(r, text, len, sk, sklen);
    *sure = !r->nuns;
    return e;
}

/* The field offset of skeleton offset p. */
static size_t to_raw(const rs_regions *r, size_t p)
{
    size_t lo = 0, hi = r->nfold;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->fold[mid] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return p + lo;
}

/* Zones (step 2): the unsure code points less than ZONE_GAP apart, widened by pad bytes and
 * then to whitespace, merged. */
static rs_err make_zones(rs_regions *r, const char *text, size_t len, size_t pad)
{
    r->nz = 0;
    for (size_t u = 0; u < r->nuns;) {
        size_t a = r->uns[u], last = a;
        for (u++; u < r->nuns && r->uns[u] - last <= ZONE_GAP; u++)
            last = r->uns[u];
        size_t b = last + 4 < len ? last + 4 : len;
        GROW(r->zones, r->nz, r->zcap, 64);
        r->zones[r->nz++] = (rs_span){a, b};
    }
    size_t k = 0;
    for (size_t z = 0; z < r->nz; z++) {
        size_t a = r->zones[z].a > pad ? r->zones[z].a - pad : 0;
        size_t b = len - r->zones[z].b > pad ? r->zones[z].b + pad : len;
        while (a > 0 && !is_blank((unsigned char)text[a - 1]) && r->zones[z].a - a < 2 * pad)
            a--;
        while (b < len && !is_blank((unsigned char)text[b]) && b - r->zones[z].b < 2 * pad)
            b++;
        while (a > 0 && ((unsigned char)text[a] & 0xC0) == 0x80) /* on a code point */
            a--;
        while (b < len && ((unsigned char)text[b] & 0xC0) == 0x80)
            b++;
        if (k && a <= r->zones[k - 1].b) {
            r->zones[k - 1].b = b;
        } else {
            r->zones[k++] = (rs_span){a, b};
        }
    }
    r->nz = k;
    return RS_OK;
}

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->target != b->target) return a->target < b->target ? -1 : 1;
    return (a->at > b->at) - (a->at < b->at);
}

/* Sorts the candidates by target, then offset, as cmp_cand would. Most arrive in offset
 * order (Hyperscan reports by end), so: a stable counting sort by target, then each
 * target's run is sorted only if it is not already. A wire dump gives hundreds of
 * thousands of candidates; qsort was 5% of its scan. */
static rs_err sort_cands(rs_regions *r)
{
    if (r->nc < 2) return RS_OK;
    cand *w = realloc(r->c2, r->ccap * sizeof *w);
    if (!w) return RS_ERR_NOMEM;
    r->c2 = w;
    memset(r->tcnt, 0, (r->nt + 2) * sizeof *r->tcnt);
    for (size_t i = 0; i < r->nc; i++)
        r->tcnt[r->c[i].target + 1]++;
    for (size_t t = 1; t <= r->nt + 1; t++)
        r->tcnt[t] += r->tcnt[t - 1];
    for (size_t i = 0; i < r->nc; i++)
        w[r->tcnt[r->c[i].target]++] = r->c[i];
    r->c2 = r->c;
    r->c = w;
    for (size_t i = 0; i < r->nc;) {
        size_t j = i + 1;
        bool sorted = true;
        for (; j < r->nc && r->c[j].target == r->c[i].target; j++)
            sorted = sorted && r->c[j - 1].at <= r->c[j].at;
        if (!sorted) qsort(r->c + i, j - i, sizeof *r->c, cmp_cand);
        i = j;
    }
    return RS_OK;
}

static int cmp_seed(const void *x, const void *y)
{
    size_t a = ((const seed *)x)->at, b = ((const seed *)y)->at;
    return (a > b) - (a < b);
}

/* Seeds from the candidates of one notice target, c[0..n) sorted by offset: those with
 * kmin anchor positions within ±w (each anchor counted at most mult times) and, for a
 * notice with decisive phrases, a gate word of every group within ±wg. */
static rs_err notice_seeds(rs_regions *r, const cand *c, size_t n, size_t kmin, size_t w,
                           uint32_t ngroups, size_t wg, size_t margin)
{
    size_t l = 0, h = 0, sum = 0, first = r->ns;
    rs_err e = RS_OK;
    for (size_t i = 0; !e && i < n; i++) {
        size_t lo = c[i].at > w ? c[i].at - w : 0, hi = c[i].at + w;
        for (; h < n && c[h].at <= hi; h++)
            if (!c[h].gate && ++r->cnt[c[h].anchor] <= c[h].mult) sum++;
        for (; l < h && c[l].at < lo; l++)
            if (!c[l].gate && r->cnt[c[l].anchor]-- <= c[l].mult) sum--;
        if (!c[i].gate && sum >= kmin) e = add_seed(r, c[i].at, margin);
    }
    for (; l < h; l++) /* leave the counters at zero */
        if (!c[l].gate) r->cnt[c[l].anchor]--;
    /* the gates: each group in turn keeps the seeds near one of its words */
    for (uint32_t g = 1; !e && g <= ngroups && r->ns > first; g++) {
        size_t k = first;
        r->ngpos = 0;
        for (size_t i = 0; !e && i < n; i++)
            if (c[i].gate == g) {
                if (r->ngpos == r->gcap) {
                    size_t cap = r->gcap ? 2 * r->gcap : 64;
                    size_t *v = realloc(r->gpos, cap * sizeof *v);
                    if (!v) return RS_ERR_NOMEM;
                    r->gpos = v;
                    r->gcap = cap;
                }
                r->gpos[r->ngpos++] = c[i].at;
            }
        for (size_t i = first; i < r->ns; i++) {
            size_t at = r->seeds[i].at, lo = 0, hi = r->ngpos, from = at > wg ? at - wg : 0;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (r->gpos[mid] < from)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < r->ngpos && r->gpos[lo] <= at + wg) r->seeds[k++] = r->seeds[i];
        }
        r->ns = k;
    }
    return e;
}

/* Moves a region's start back to a line start, and its end on to a line end, if near. */
static void to_lines(const char *text, size_t len, size_t *a, size_t *b)
{
    for (size_t i = *a, lo = *a > LINE_SEEK ? *a - LINE_SEEK : 0; i > lo; i--)
        if (text[i - 1] == '\n') {
            *a = i;
            break;
        }
    for (size_t i = *b, hi = len - *b > LINE_SEEK ? *b + LINE_SEEK : len; i < hi; i++)
        if (text[i] == '\n') {
            *b = i + 1;
            break;
        }
}

rs_err rs_regions_find(rs_regions *r, rs_pfscan *ps, rs_norm *norm, const char *text,
                       size_t len, const rs_span **out, size_t *nout, uint64_t *normalized)
{
    const rs_pfmap *m = &r->map;
    const rs_rawhit *rh;
    size_t nrh;
    r->nc = r->ns = r->nout = 0;
    const char *sk;
    size_t sklen;
    rs_err e = skeleton(r, text, len, &sk, &sklen);
    if (!e) e = rs_pfscan_raw_hits(ps, sk, sklen, &rh, &nrh);
    size_t nhard = 0; /* raw hits that may be matches on their own */
    for (size_t i = 0; !e && i < nrh; i++) {
        size_t at = sk == text ? rh[i].start : to_raw(r, rh[i].start);
        if (rh[i].piece == m->hyphen) {
            e = add_seed(r, at, MARGIN);
            continue;
        }
        bool hard = false;
        for (uint32_t k = m->poff[rh[i].piece]; !e && k < m->poff[rh[i].piece + 1]; k++) {
            uint32_t a = m->pan[k];
            if (!rs_pf_verify(sk, sklen, rh[i].start, m->anchors[a], m->alen[a], m->apoff[a]))
                continue;
            hard = hard || r->ahard[a];
            e = add_anchor(r, at, a);
        }
        if (hard && ++nhard > len / DENSE) { /* the regions would cover it all: one, at once */
            r->nc = r->ns = 0;
            GROW(r->out, r->nout, r->ocap, 64);
            r->out[r->nout++] = (rs_span){0, len};
            *out = r->out;
            *nout = r->nout;
            return RS_OK;
        }
    }
    /* zones: normalised and scanned for the anchors themselves */
    if (!e) e = make_zones(r, text, len, 4 * m->maxlen + 16);
    for (size_t z = 0; !e && z < r->nz; z++) {
        size_t za = r->zones[z].a, zl = r->zones[z].b - za;
        const rs_pfhit *h;
        size_t nh;
        uint64_t nlit;
        if ((e = rs_normalize(norm, text + za, zl))) break;
        *normalized += zl;
        if ((e = rs_pfscan_run(ps, norm->text.data, norm->text.len, &h, &nh, &nlit))) break;
        for (size_t i = 0; !e && i < nh; i++) {
            /* a notice's words count where they are whole words, as the matcher's seeds */
            if (m->tkmin[h[i].target] &&
                !rs_approx_is_token(norm->text.data, norm->text.len, h[i].start, h[i].end))
                continue;
            size_t at = za + rs_offmap_lookup(&norm->map, h[i].start);
            GROW(r->c, r->nc, r->ccap, 1024);
            r->c[r->nc++] = (cand){.at = at,
                                   .target = h[i].target,
                                   .anchor = h[i].anchor,
                                   .mult = m->tmul[h[i].pair],
                                   .gate = m->tgate[h[i].pair]};
        }
    }
    if (e) return e;
    /* seeds: one hit for patterns and bylines; clusters for notices */
    if ((e = sort_cands(r))) return e;
    for (size_t i = 0; i < r->nc && !e;) {
        size_t j = i;
        uint32_t t = r->c[i].target;
        while (j < r->nc && r->c[j].target == t)
            j++;
        size_t kmin = m->trawk[t];
        if (!m->tkmin[t]) {
            for (size_t k = i; !e && k < j; k++)
                e = add_seed(r, r->c[k].at, MARGIN);
        } else {
            e = notice_seeds(r, r->c + i, j - i, kmin, SLACK * r->reach[t], r->ngates[t],
                             SLACK * (r->reach[t] + RS_APPROX_DECISIVE_REACH),
                             MARGIN + r->reach[t] + RS_APPROX_DECISIVE_REACH);
        }
        i = j;
    }
    if (e) return e;
    /* regions around the seeds */
    if (r->ns > 1) qsort(r->seeds, r->ns, sizeof *r->seeds, cmp_seed);
    for (size_t i = 0; i < r->ns; i++) {
        size_t s = r->seeds[i].at, mg = r->seeds[i].margin;
        size_t a = s > mg ? s - mg : 0;
        size_t b = len - s > mg ? s + mg : len;
        if (r->nout && a <= r->out[r->nout - 1].b) {
            if (b > r->out[r->nout - 1].b) r->out[r->nout - 1].b = b;
            continue;
        }
        GROW(r->out, r->nout, r->ocap, 64);
        r->out[r->nout++] = (rs_span){a, b};
    }
    size_t k = 0;
    for (size_t i = 0; i < r->nout; i++) {
        size_t a = r->out[i].a, b = r->out[i].b;
        to_lines(text, len, &a, &b);
        if (k && a <= r->out[k - 1].b) {
            if (b > r->out[k - 1].b) r->out[k - 1].b = b;
        } else {
            r->out[k++] = (rs_span){a, b};
        }
    }
    r->nout = k;
    *out = r->out;
    *nout = r->nout;
    return RS_OK;
}
