/* match.c — runs every signature over a unit's text fields and collects hits.
 *
 * For each field:
 *
 *   1. A field is first scanned on its own bytes (ASCII), or on its skeleton (Latin text
 *      read as the ASCII the normaliser folds it to, region.c), for the raw-safe pieces
 *      of every anchor (prefilter.c). No hit: nothing can match in it, it is not even
 *      normalised (only unanchored bylines, if any, still run). Text the skeleton cannot
 *      stand for (CJK, combining marks, ...) is normalised. A field of REGION_MIN bytes or
 *      more is matched region by region instead (region.c).
 *   2. The field is normalised (rs_normalize: lower case, no diacritics, ı/İ → i,
 *      whitespace collapsed, mojibake repaired) and one Hyperscan pass finds every
 *      anchor occurrence, per matcher ("target").
 *   3. Signature by signature (id order), each target runs only near its own hits:
 *        patterns  PCRE2 over the normalised text, in windows [hit − RS_PF_BEFORE, hit]
 *                  of match START positions (PCRE2's offset limit): a match must contain
 *                  an anchor, so it starts at or before one;
 *        notices   the approximate matcher (approx.c), seeded by the hits that are
 *                  whole words;
 *        bylines   PCRE2 over the field's own text (case and layout matter there), in
 *                  windows mapped back through the normaliser's map; non-metadata
 *                  fields only;
 *        credits   metadata fields only: the whole value equals a credit ("AFP"), or a
 *                  short value holds it as a whole word ("AFP PHOTO / Jane Doe").
 *      Windows of one target are merged, and the search position carries over from one
 *      window to the next, so the matches are exactly those a search of the whole field
 *      finds (rs_matcher_exhaustive, or RIGHTSCAN_NO_PREFILTER=1 in the environment,
 *      turns the prefilter off: the tests compare, the benchmark measures).
 *   4. A hit of a signature with `suppress:` regexes is dropped when one of them matches
 *      within 200 bytes before it or 600 after it (normalised text): a BSD or Apache
 *      licence header under "All rights reserved" is not a news-rights notice.
 *   5. Hits of one signature that overlap are merged (the union of the spans, the first
 *      holder span, the strongest kind, the most confident); the result is sorted by
 *      field, then start.
 *
 * Confidence of a hit (rs_finding.confidence):
 *   pattern        its `confidence:` (default 0.9), score = coverage = 1;
 *   notice         min(0.99, 0.5 + 0.5 · coverage · score) when the notice has decisive
 *                  phrases (given or implicit: the holder's name in it), else
 *                  0.4 + 0.5 · coverage · score: an exact copy of a notice naming its
 *                  holder gets 0.99, a loose translation covering 70% at score 0.74
 *                  gets 0.76, a generic notice copied exactly 0.9;
 *   byline         its `confidence:` (default 0.85: bylines are written to match only by
 *                  position, at a dateline or closing a paragraph); photo credits
 *                  generated from `photo_credits` 0.8;
 *   credit         0.95 (a structured metadata field naming the holder).
 * The engine drops hits below --min-confidence and never rests a verdict on hits below
 * the verdict threshold (0.5) alone.
 *
 * Large fields are searched window by window: each pcre2_match may only START a match
 * within WINDOW bytes of where it begins, so a regex that fails with a resource error
 * (match limit, JIT stack, ...) costs one window, not the field. Such errors never stop
 * the scan: they are counted and described for rs_matcher_problems, and the search goes
 * on with the next window (a regex that fails MAX_RX_ERRORS times in one field is dropped
 * for the rest of that field).
 *
 * Example: the field "© 2025 Beispiel Verlag GmbH.  Alle Rechte\nvorbehalten." normalises to
 * "© 2025 beispiel verlag gmbh. alle rechte vorbehalten."; the anchor "alle rechte
 * vorbehalten" hits at 30, the generic pattern runs from 0 (30 − 4096, clamped) to 30, its
 * holder group spans "beispiel verlag gmbh", which maps back to field bytes 8..28, i.e.
 * the original "Beispiel Verlag GmbH".
 */
#include "approx.h"
#include "prefilter.h"
#include "region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define WINDOW (256u * 1024u)
#define MAX_RX_ERRORS 3
#define CREDIT_VALUE_MAX 120 /* longer metadata values must equal a credit */
#define SUPPRESS_BEFORE 200
#define SUPPRESS_AFTER 600
#define REGION_MIN (256u * 1024u) /* fields this large are matched region by region */
#define REGION_EDGE 512u          /* a hit this near an inner edge grows its region */
#define REGION_TRIES 4

typedef struct span {
    size_t a, b;
} span;

typedef struct spans {
    span *v;
    size_t n, cap;
} spans;

struct rs_matcher {
    const rs_sigdb *db;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit; /* NULL when JIT is unavailable */
    rs_norm norm;
    rs_pfscan *pf;
    rs_approx *ax;
    rs_regions *rg;           /* NULL: no regional path (an unanchored target) */
    bool exhaustive;          /* no prefilter: every target over every byte (tests) */
    spans win;                /* one target's windows */
    spans rx_cover, ax_cover; /* what PCRE2 and the approximate matcher read (field offsets) */
    size_t *seeds;
    size_t nseeds, scap;
    size_t nproblems;
    char problem[512];
    rs_stats stats;      /* added up over every call */
    int64_t deadline_ns; /* the unit's time budget (0: none) */
};

void rs_matcher_set_deadline(rs_matcher *m, int64_t deadline_ns)
{
    m->deadline_ns = deadline_ns;
}

void rs_matcher_stats(const rs_matcher *m, rs_stats *out)
{
    *out = m->stats;
}

void rs_matcher_stats_add(rs_matcher *m, const rs_stats *add)
{
    rs_stats_add(&m->stats, add);
}

void rs_stats_add(rs_stats *to, const rs_stats *add)
{
    to->fields += add->fields;
    to->field_bytes += add->field_bytes;
    to->prefilter_hits += add->prefilter_hits;
    to->regex_bytes += add->regex_bytes;
    to->approx_bytes += add->approx_bytes;
    to->normalized_bytes += add->normalized_bytes;
}

void rs_matcher_exhaustive(rs_matcher *m, bool on)
{
    m->exhaustive = on;
}

rs_err rs_matcher_new(const rs_sigdb *db, rs_matcher **out)
{
    rs_matcher *m = calloc(1, sizeof *m);
    if (!m) return RS_ERR_NOMEM;
    m->db = db;
    rs_norm_init(&m->norm, 0);
    m->md = pcre2_match_data_create(db->max_pairs ? db->max_pairs : 1, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    if (!m->md || !m->mctx || (db->pf && rs_pfscan_new(db->pf, &m->pf)) || rs_approx_new(&m->ax) ||
        (db->pf && rs_regions_new(db->pf, &m->rg) == RS_ERR_NOMEM)) {
        rs_matcher_free(m);
        return RS_ERR_NOMEM;
    }
    const char *off = getenv("RIGHTSCAN_NO_PREFILTER"); /* benchmarks: the cost without it */
    m->exhaustive = off && *off && strcmp(off, "0") != 0;
    pcre2_set_match_limit(m->mctx, RS_MATCH_LIMIT);
    pcre2_set_depth_limit(m->mctx, RS_DEPTH_LIMIT);
    pcre2_set_heap_limit(m->mctx, RS_HEAP_LIMIT);
    uint32_t jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    if (jit && (m->jit = pcre2_jit_stack_create(RS_JIT_STACK_MIN, RS_JIT_STACK_MAX, NULL)))
        pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    *out = m;
    return RS_OK;
}

void rs_matcher_free(rs_matcher *m)
{
    if (!m) return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->jit);
    rs_norm_free(&m->norm);
    rs_pfscan_free(m->pf);
    rs_approx_free(m->ax);
    rs_regions_free(m->rg);
    free(m->win.v);
    free(m->rx_cover.v);
    free(m->ax_cover.v);
    free(m->seeds);
    free(m);
}

size_t rs_matcher_problems(const rs_matcher *m, const char **first)
{
    if (first) *first = m->nproblems ? m->problem : NULL;
    return m->nproblems;
}

void rs_hits_free(rs_hits *h)
{
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}

static rs_err spans_add(spans *s, size_t a, size_t b)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        span *v = realloc(s->v, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (span){a, b};
    return RS_OK;
}

static int cmp_span(const void *x, const void *y)
{
    const span *a = x, *b = y;
    return a->a != b->a ? (a->a < b->a ? -1 : 1) : (a->b > b->b) - (a->b < b->b);
}

/* Bytes covered by the union of the spans (sorts them). */
static size_t spans_union(spans *s)
{
    if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, cmp_span);
    size_t total = 0, end = 0;
    for (size_t i = 0; i < s->n; i++) {
        size_t a = s->v[i].a > end ? s->v[i].a : end;
        if (s->v[i].b > a) total += s->v[i].b - a;
        if (s->v[i].b > end) end = s->v[i].b;
    }
    return total;
}

/* ---- one field ---- */

typedef struct fieldctx {
    rs_matcher *m;
    const rs_field *f;
    size_t fi;
    rs_hits *out;
    bool normalised; /* the field was normalised (else only unanchored bylines run) */
    bool norm_utf;   /* the normalised text is valid UTF-8: skip PCRE2's check (bylines, on
                      * the field's text, are compiled to tolerate invalid UTF-8) */
    bool all;        /* every target over every byte (exhaustive, or the prefilter failed) */
    bool region;     /* f is a region of a large field: unanchored bylines run elsewhere */
} fieldctx;

static rs_err push(rs_hits *h, const rs_hit *hit)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        rs_hit *v = realloc(h->v, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = *hit;
    return RS_OK;
}

static bool is_space_cp(uint32_t cp)
{
    if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0) return true;
    return cp >= 0x80 && utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
}

/* Start of the code point that ends just before t[i] (i > 0). */
static size_t prev_cp(const char *t, size_t i)
{
    do
        i--;
    while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80);
    return i;
}

static size_t next_cp(const char *t, size_t len, size_t i)
{
    uint32_t cp;
    return i < len ? i + rs_utf8_decode((const unsigned char *)t + i, len - i, &cp) : len;
}

/* The code point boundary at or before i. */
static size_t cp_floor(const char *t, size_t len, size_t i)
{
    if (i >= len) return len;
    while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Maps a span [s, e) of the normalised text to the field: the start is where the code
 * point at s came from; the end is where the code point at e came from (so combining
 * marks and ignorables folded away at the end stay inside), minus trailing whitespace,
 * and the field's end when e is the end of the text. Never empty. */
static void field_span(const fieldctx *c, size_t s, size_t e, size_t *fs, size_t *fe)
{
    const rs_norm *n = &c->m->norm;
    const rs_field *f = c->f;
    size_t a = rs_offmap_lookup(&n->map, s), b;
    b = e < n->text.len ? rs_offmap_lookup(&n->map, e) : f->len;
    if (a > f->len) a = f->len;
    if (b > f->len) b = f->len;
    while (b > a) {
        size_t p = prev_cp(f->text, b);
        uint32_t cp;
        rs_utf8_decode((const unsigned char *)f->text + p, b - p, &cp);
        if (!is_space_cp(cp)) break;
        b = p;
    }
    if (b <= a) b = next_cp(f->text, f->len, a);
    *fs = a;
    *fe = b;
}

/* A normalised offset as a field offset (for the coverage counters). */
static size_t to_field(const fieldctx *c, size_t t)
{
    size_t x = t < c->m->norm.text.len ? rs_offmap_lookup(&c->m->norm.map, t) : c->f->len;
    return x > c->f->len ? c->f->len : x;
}

static void note_problem(fieldctx *c, const rs_sig *sig, const rs_rx *rx, const char *what, int rc)
{
    rs_matcher *m = c->m;
    if (m->nproblems++) return;
    PCRE2_UCHAR msg[100];
    if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", rc);
    snprintf(m->problem, sizeof m->problem,
             "signature %.60s: %s at %.160s:%u: %.100s in field %.79s", rs_sig_id(sig), what,
             sig->file, rx->line, (char *)msg, c->f->name);
}

static rs_kind hit_kind(const fieldctx *c, rs_kind k)
{
    if (k == RS_KIND_BYLINE || k == RS_KIND_LICENCE) return k;
    return c->f->metadata ? RS_KIND_METADATA : k;
}

/* True when one of sig's `suppress:` regexes matches near [s, e) of the normalised text. */
static bool suppressed(fieldctx *c, const rs_sig *sig, size_t s, size_t e)
{
    rs_matcher *m = c->m;
    const char *t = m->norm.text.data;
    size_t len = m->norm.text.len;
    size_t from = cp_floor(t, len, s > SUPPRESS_BEFORE ? s - SUPPRESS_BEFORE : 0);
    size_t lim = len - e > SUPPRESS_AFTER ? e + SUPPRESS_AFTER : len;
    for (size_t i = 0; i < sig->nsuppress; i++) {
        pcre2_set_offset_limit(m->mctx, lim);
        int rc = pcre2_match(sig->suppress[i].code, (PCRE2_SPTR)t, len, from,
                             c->norm_utf ? PCRE2_NO_UTF_CHECK : 0, m->md, m->mctx);
        if (rc > 0) return true;
        if (rc != PCRE2_ERROR_NOMATCH) note_problem(c, sig, &sig->suppress[i], "suppress", rc);
    }
    return false;
}

/* Records the current match of rx (ovector in the matcher's match data). */
static rs_err record(fieldctx *c, const rs_sig *sig, const rs_rx *rx, bool normalised)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->m->md);
    size_t s = ov[0], e = ov[1], hs = 0, he = 0;
    int g = rx->holder_group;
    if (g > 0 && ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] > ov[2 * g]) {
        hs = ov[2 * g];
        he = ov[2 * g + 1];
    }
    bool byline = rx->kind == RS_KIND_BYLINE;
    double conf = rx->confidence > 0 ? rx->confidence
                  : byline           ? RS_BYLINE_CONFIDENCE
                                     : RS_PATTERN_CONFIDENCE;
    rs_hit h = {.sig = sig,
                .kind = hit_kind(c, rx->kind),
                .cls = sig->cls,
                .field = c->fi,
                .confidence = conf,
                .score = 1.0,
                .coverage = 1.0};
    if (normalised) {
        if (sig->nsuppress && suppressed(c, sig, s, e)) return RS_OK;
        field_span(c, s, e, &h.start, &h.end);
        if (he) field_span(c, hs, he, &h.hstart, &h.hend);
    } else {
        h.start = s;
        h.end = e;
        h.hstart = hs;
        h.hend = he;
    }
    return push(c->out, &h);
}

/* Chunk end for a search from pos: WINDOW bytes on, moved to a code point boundary. */
static size_t chunk_end(const char *t, size_t len, size_t pos, size_t lim)
{
    if (lim - pos <= WINDOW) return lim;
    size_t e = pos + WINDOW;
    while (e < len && ((unsigned char)t[e] & 0xC0) == 0x80)
        e++;
    return e < lim ? e : lim;
}

/* Runs rx over the windows in c->m->win (sorted, merged; each [a, b] holds the offsets
 * where a match may start, b included) and records every match. The search position
 * carries over from window to window, as in one search of the whole text. */
static rs_err run_rx(fieldctx *c, const rs_sig *sig, const rs_rx *rx, const char *what,
                     bool normalised)
{
    rs_matcher *m = c->m;
    const char *t = normalised ? m->norm.text.data : c->f->text;
    size_t len = normalised ? m->norm.text.len : c->f->len;
    uint32_t opts = normalised && c->norm_utf ? PCRE2_NO_UTF_CHECK : 0;
    unsigned errors = 0;
    size_t pos = 0;
    if (!t) return RS_OK;
    for (size_t w = 0; w < m->win.n && errors < MAX_RX_ERRORS; w++) {
        size_t end = m->win.v[w].b < len ? m->win.v[w].b : len;
        if (pos < m->win.v[w].a) pos = m->win.v[w].a;
        if (pos > end || (pos == len && len)) continue;
        rs_err e = spans_add(&m->rx_cover, normalised ? to_field(c, pos) : pos,
                             normalised ? to_field(c, end) : end);
        if (e) return e;
        while (pos <= end && errors < MAX_RX_ERRORS) {
            if (rs_deadline_passed(m->deadline_ns)) return RS_ERR_TIMEOUT;
            size_t lim = chunk_end(t, len, pos, end);
            pcre2_set_offset_limit(m->mctx, lim);
            int rc = pcre2_match(rx->code, (PCRE2_SPTR)t, len, pos, opts, m->md, m->mctx);
            if (rc < 0) {
                if (rc != PCRE2_ERROR_NOMATCH) {
                    note_problem(c, sig, rx, what, rc);
                    errors++;
                }
                if (lim >= end) {
                    pos = end + 1 <= len ? next_cp(t, len, end) : end + 1;
                    break;
                }
                pos = lim;
                continue;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
            if (ov[1] > ov[0] && (e = record(c, sig, rx, normalised))) return e;
            /* go on after the match; an empty one (or \K trickery) moves one code point */
            pos = ov[1] > pos ? ov[1] : next_cp(t, len, ov[0] > pos ? ov[0] : pos);
            if (pos >= len) break;
        }
    }
    return RS_OK;
}

/* ---- windows from the prefilter's hits ---- */

/* Sets c->m->win to [start − RS_PF_BEFORE, start] per hit (mapped to the field for
 * bylines), merged; the whole text when the target runs everywhere. */
static rs_err make_windows(fieldctx *c, const rs_target *t, const rs_pfhit *h, size_t nh)
{
    rs_matcher *m = c->m;
    bool orig = t->kind == RS_T_BYLINE;
    const char *text = orig ? c->f->text : m->norm.text.data;
    size_t len = orig ? c->f->len : m->norm.text.len;
    m->win.n = 0;
    if (c->all || t->unanchored) return spans_add(&m->win, 0, len);
    for (size_t i = 0; i < nh; i++) {
        size_t at = orig ? to_field(c, h[i].start) : h[i].start;
        size_t a = cp_floor(text, len, at > RS_PF_BEFORE ? at - RS_PF_BEFORE : 0);
        span *last = m->win.n ? &m->win.v[m->win.n - 1] : NULL;
        if (last && a <= last->b + 1) {
            if (at > last->b) last->b = at;
            continue;
        }
        rs_err e = spans_add(&m->win, a, at);
        if (e) return e;
    }
    return RS_OK;
}

/* ---- notices ---- */

typedef struct noticectx {
    fieldctx *c;
    const rs_sig *sig;
    const rs_rx *rx;
} noticectx;

static rs_err on_notice(void *ctx, const rs_amatch *a)
{
    noticectx *n = ctx;
    fieldctx *c = n->c;
    if (n->sig->nsuppress && suppressed(c, n->sig, a->start, a->end)) return RS_OK;
    bool decisive = rs_anotice_decisive(n->rx->notice);
    double q = a->coverage * a->score;
    double conf = decisive ? 0.5 + 0.5 * q : 0.4 + 0.5 * q;
    if (conf > 0.99) conf = 0.99;
    rs_hit h = {.sig = n->sig,
                .kind = hit_kind(c, n->rx->kind),
                .cls = n->sig->cls,
                .field = c->fi,
                .confidence = conf,
                .score = a->score,
                .coverage = a->coverage};
    field_span(c, a->start, a->end, &h.start, &h.end);
    return push(c->out, &h);
}

static rs_err on_read(void *ctx, size_t lo, size_t hi)
{
    noticectx *n = ctx;
    return spans_add(&n->c->m->ax_cover, to_field(n->c, lo), to_field(n->c, hi));
}

static rs_err add_seed(rs_matcher *m, size_t s)
{
    if (m->nseeds && m->seeds[m->nseeds - 1] == s) return RS_OK;
    if (m->nseeds == m->scap) {
        size_t cap = m->scap ? m->scap * 2 : 64;
        size_t *v = realloc(m->seeds, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        m->seeds = v;
        m->scap = cap;
    }
    m->seeds[m->nseeds++] = s;
    return RS_OK;
}

static rs_err match_notice(fieldctx *c, const rs_target *t, const rs_pfhit *h, size_t nh)
{
    rs_matcher *m = c->m;
    const char *text = m->norm.text.data;
    size_t len = m->norm.text.len;
    const size_t *seeds;
    size_t ns;
    rs_err e = RS_OK;
    if (c->all) {
        e = rs_approx_all_seeds(m->ax, t->rx->notice, text, len, &seeds, &ns);
    } else {
        m->nseeds = 0;
        for (size_t i = 0; !e && i < nh; i++)
            if (rs_approx_is_token(text, len, h[i].start, h[i].end)) e = add_seed(m, h[i].start);
        seeds = m->seeds;
        ns = m->nseeds;
    }
    noticectx n = {.c = c, .sig = t->sig, .rx = t->rx};
    return e ? e
             : rs_approx_run(m->ax, t->rx->notice, text, len, seeds, ns, on_notice, on_read, &n);
}

/* ---- credits ---- */

static bool word_cp(uint32_t cp)
{
    if (cp == '_') return true;
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)cp);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ND) || k == UTF8PROC_CATEGORY_NL ||
           k == UTF8PROC_CATEGORY_NO;
}

static bool word_at(const char *t, size_t len, size_t i)
{
    uint32_t cp;
    if (i >= len) return false;
    rs_utf8_decode((const unsigned char *)t + i, len - i, &cp);
    return word_cp(cp);
}

static bool word_before(const char *t, size_t i)
{
    return i > 0 && word_at(t, i, prev_cp(t, i));
}

/* True when, skipping spaces, t[i] (dir > 0) or the character before t[i] (dir < 0) is
 * the edge of the value [a, b) or a credit separator: "Jane Doe/AFP", "AFP PHOTO / X",
 * "© AFP 2019", "(AFP)", "Kaynak: AA". */
static bool credit_edge(const char *t, size_t a, size_t b, size_t i, int dir)
{
    if (dir < 0)
        while (i > a && t[i - 1] == ' ')
            i--;
    else
        while (i < b && t[i] == ' ')
            i++;
    if (dir < 0 ? i == a : i == b) return true;
    if (dir < 0 && i >= a + 2 && (unsigned char)t[i - 2] == 0xC2 && (unsigned char)t[i - 1] == 0xA9)
        return true; /* © */
    return strchr("/|()[]-,;:", t[dir < 0 ? i - 1 : i]) != NULL;
}

/* Looks for credit cr (k bytes) as a whole word in t[a..b); a short credit ("AP", "AFP")
 * must also stand next to an edge or a separator (credit_edge), so that "rated AA by S&P"
 * is not an AA credit. Returns the offset or SIZE_MAX. */
static size_t find_word(const char *t, size_t a, size_t b, const char *cr, size_t k)
{
    bool strict = k <= 3;
    for (size_t i = a; i + k <= b; i++) {
        const char *p = memchr(t + i, cr[0], b - k + 1 - i);
        if (!p) break;
        i = (size_t)(p - t);
        if (memcmp(p, cr, k) != 0 || (word_at(cr, k, 0) && word_before(t, i)) ||
            (word_before(cr, k) && word_at(t, b, i + k)))
            continue;
        if (!strict || credit_edge(t, a, b, i, -1) || credit_edge(t, a, b, i + k, 1)) return i;
    }
    return SIZE_MAX;
}

static rs_err match_credits(fieldctx *c, const rs_sig *sig)
{
    const char *t = c->m->norm.text.data;
    size_t len = c->m->norm.text.len, a = 0, b = len;
    if (!t) return RS_OK;
    while (a < b && !word_at(t, len, a))
        a = next_cp(t, len, a);
    while (b > a && !word_before(t, b))
        b = prev_cp(t, b);
    for (size_t i = 0; a < b && i < sig->ncredits; i++) {
        const char *cr = sig->credits[i];
        size_t k = strlen(cr), at = SIZE_MAX, end = 0;
        if (b - a == k && memcmp(t + a, cr, k) == 0) {
            at = a;
            end = b;
        } else if (b - a <= CREDIT_VALUE_MAX && (at = find_word(t, a, b, cr, k)) != SIZE_MAX) {
            end = at + k;
        }
        if (at == SIZE_MAX) continue;
        rs_hit h = {.sig = sig,
                    .kind = RS_KIND_METADATA,
                    .cls = sig->cls,
                    .field = c->fi,
                    .confidence = RS_CREDIT_CONFIDENCE,
                    .score = 1.0,
                    .coverage = 1.0};
        field_span(c, at, end, &h.start, &h.end);
        rs_err e = push(c->out, &h);
        if (e) return e;
    }
    return RS_OK;
}

/* ---- targets ---- */

static rs_err run_target(fieldctx *c, const rs_target *t, const rs_pfhit *h, size_t nh)
{
    bool needs_norm = t->kind != RS_T_BYLINE;
    if (t->kind == RS_T_BYLINE && c->f->metadata) return RS_OK;
    if (c->region && t->unanchored) return RS_OK; /* run over the whole field */
    if (needs_norm && !c->normalised) return RS_OK; /* a skipped ASCII field: no anchor */
    if (!c->all && !t->unanchored && !nh) return RS_OK;
    if (t->kind == RS_T_NOTICE) return match_notice(c, t, h, nh);
    rs_err e = make_windows(c, t, h, nh);
    if (e) return e;
    return run_rx(c, t->sig, t->rx, t->kind == RS_T_PATTERN ? "pattern" : "byline", needs_norm);
}

/* Runs every target, signature by signature (credits after each one's bylines); h holds
 * the prefilter's hits sorted by target. */
static rs_err run_targets(fieldctx *c, const rs_pfhit *h, size_t nh)
{
    const rs_target *t;
    size_t nt = rs_prefilter_targets(c->m->db->pf, &t), k = 0, at = 0;
    rs_err e = RS_OK;
    for (size_t s = 0; !e && s < c->m->db->n; s++) {
        const rs_sig *sig = c->m->db->v[s];
        /* every eighth signature: most do nothing on a field, and reading the clock for
         * each was 2% of a scan of small articles */
        if (!(s & 7) && rs_deadline_passed(c->m->deadline_ns)) return RS_ERR_TIMEOUT;
        for (; !e && k < nt && t[k].sig == sig; k++) {
            while (at < nh && h[at].target < k)
                at++;
            size_t from = at;
            while (at < nh && h[at].target == k)
                at++;
            e = run_target(c, &t[k], at > from ? h + from : NULL, at - from);
        }
        if (!e && c->f->metadata && c->normalised) e = match_credits(c, sig);
    }
    return e;
}

/* ---- ordering and merging ---- */

static int kind_rank(rs_kind k)
{
    switch (k) {
    case RS_KIND_LICENCE:
        return 3;
    case RS_KIND_NOTICE:
        return 2;
    case RS_KIND_METADATA:
        return 1;
    case RS_KIND_BYLINE:
        return 0;
    }
    return 0;
}

static int cmp_by_sig(const void *x, const void *y)
{
    const rs_hit *a = x, *b = y;
    size_t sa = a->sig->index, sb = b->sig->index;
    if (sa != sb) return sa < sb ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->end > b->end ? -1 : a->end < b->end; /* longer first */
}

static int cmp_by_pos(const void *x, const void *y)
{
    const rs_hit *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    size_t sa = a->sig->index, sb = b->sig->index;
    return sa < sb ? -1 : sa > sb;
}

/* Merges overlapping hits of one signature among v[0..n); returns the new count. */
static size_t merge(rs_hit *v, size_t n)
{
    if (n < 2) return n;
    qsort(v, n, sizeof *v, cmp_by_sig);
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        rs_hit *cur = &v[k], *h = &v[i];
        if (h->sig != cur->sig || h->start >= cur->end) {
            v[++k] = *h;
            continue;
        }
        if (h->end > cur->end) cur->end = h->end;
        if (cur->hend <= cur->hstart && h->hend > h->hstart) {
            cur->hstart = h->hstart;
            cur->hend = h->hend;
        }
        if (kind_rank(h->kind) > kind_rank(cur->kind)) cur->kind = h->kind;
        if (h->confidence > cur->confidence) {
            cur->confidence = h->confidence;
            cur->score = h->score;
            cur->coverage = h->coverage;
        }
    }
    n = k + 1;
    qsort(v, n, sizeof *v, cmp_by_pos);
    return n;
}

/* Decides whether the field needs normalising at all (step 1), and normalises it. */
static rs_err prepare(fieldctx *c)
{
    rs_matcher *m = c->m;
    const rs_field *f = c->f;
    const char *text = f->text ? f->text : "";
    size_t len = f->text ? f->len : 0;
    bool hit = true;
    if (!c->all && !c->region && !f->metadata && m->pf && rs_prefilter_raw_ok(m->db->pf)) {
        const char *sk = text;
        size_t sklen = len;
        bool sure = true;
        rs_err e = RS_OK;
        if (!rs_pf_ascii(text, len)) {
            sure = false;
            if (m->rg) e = rs_regions_skeleton(m->rg, text, len, &sk, &sklen, &sure);
        }
        if (!e && sure) e = rs_pfscan_raw(m->pf, sk, sklen, &hit);
        if (e && e != RS_ERR_UNSUPPORTED) return e;
    }
    c->normalised = hit;
    if (!hit) {
        rs_buf_reset(&m->norm.text);
        rs_offmap_reset(&m->norm.map);
        return RS_OK;
    }
    rs_err e = rs_normalize(&m->norm, text, len);
    if (e) return e;
    rs_approx_new_text(m->ax);
    m->stats.normalized_bytes += len;
    c->norm_utf = true; /* rs_normalize writes valid UTF-8 whatever it reads */
    return RS_OK;
}

/* Normalises (when it must), scans for anchors and runs the targets over c->f. */
static rs_err match_text(fieldctx *c)
{
    rs_matcher *m = c->m;
    const rs_pfhit *h = NULL;
    size_t nh = 0;
    m->rx_cover.n = m->ax_cover.n = 0;
    rs_err e = prepare(c);
    if (!e && c->normalised && !c->all) {
        uint64_t nlit = 0;
        e = rs_pfscan_run(m->pf, m->norm.text.data, m->norm.text.len, &h, &nh, &nlit);
        m->stats.prefilter_hits += nlit;
        if (e == RS_ERR_UNSUPPORTED) c->all = true, e = RS_OK; /* Hyperscan failed: read it all */
    }
    if (!e) e = run_targets(c, h, nh);
    m->stats.regex_bytes += spans_union(&m->rx_cover);
    m->stats.approx_bytes += spans_union(&m->ax_cover);
    return e;
}

/* True when a hit among v[0..n) (offsets in a region of len bytes) comes within
 * REGION_EDGE of an edge that is not the field's: the region may cut what it found. */
static bool near_inner_edge(const rs_hit *v, size_t n, size_t len, bool first, bool last)
{
    for (size_t i = 0; i < n; i++) {
        if (!first && v[i].start < REGION_EDGE) return true;
        if (!last && v[i].end + REGION_EDGE > len) return true;
    }
    return false;
}

/* A large field, region by region (region.c): only the regions are normalised and
 * matched; a region whose hits come near an inner edge is grown and matched again.
 * Unanchored bylines run over the whole field's own bytes. */
static rs_err match_regions(rs_matcher *m, const rs_field *f, size_t fi, rs_hits *out)
{
    const rs_span *rv;
    size_t nr;
    rs_err e = rs_regions_find(m->rg, m->pf, &m->norm, f->text, f->len, &rv, &nr,
                               &m->stats.normalized_bytes);
    if (e == RS_ERR_UNSUPPORTED) return RS_ERR_UNSUPPORTED;
    fieldctx whole = {.m = m, .f = f, .fi = fi, .out = out};
    if (!e) e = run_targets(&whole, NULL, 0); /* not normalised: unanchored bylines only */
    size_t done = 0;                          /* end of the last region matched */
    for (size_t i = 0; !e && i < nr; i++) {
        size_t a = rv[i].a, b = rv[i].b, grow = rs_regions_margin(m->rg);
        if (b <= done) continue;
        if (a < done) a = done;
        for (int tries = 0;; tries++) {
            rs_field sub = *f;
            sub.text = f->text + a;
            sub.len = b - a;
            size_t first = out->n;
            fieldctx c = {.m = m, .f = &sub, .fi = fi, .out = out, .region = true};
            if ((e = match_text(&c))) break;
            if (tries < REGION_TRIES &&
                near_inner_edge(out->v + first, out->n - first, sub.len, a == 0, b == f->len)) {
                out->n = first;
                a = a > grow ? a - grow : 0;
                b = f->len - b > grow ? b + grow : f->len;
                grow *= 2;
                continue;
            }
            for (size_t k = first; k < out->n; k++) {
                out->v[k].start += a;
                out->v[k].end += a;
                if (out->v[k].hend > out->v[k].hstart) {
                    out->v[k].hstart += a;
                    out->v[k].hend += a;
                }
            }
            break;
        }
        done = b;
    }
    return e;
}

static rs_err match_field(rs_matcher *m, const rs_field *f, size_t fi, rs_hits *out)
{
    m->stats.fields++;
    m->stats.field_bytes += f->len;
    bool all = m->exhaustive || !m->pf;
    if (!all && m->rg && !f->metadata && f->text && f->len >= REGION_MIN) {
        size_t first = out->n;
        rs_err e = match_regions(m, f, fi, out);
        if (e != RS_ERR_UNSUPPORTED) return e;
        out->n = first; /* Hyperscan could not: the whole field, the usual way */
    }
    fieldctx c = {.m = m, .f = f, .fi = fi, .out = out, .all = all};
    return match_text(&c);
}

rs_err rs_match_fields(rs_matcher *m, const rs_fields *fs, rs_hits *out)
{
    out->n = 0;
    m->nproblems = 0;
    m->problem[0] = '\0';
    for (size_t i = 0; i < fs->n; i++) {
        size_t first = out->n;
        rs_err e = match_field(m, &fs->v[i], i, out);
        if (e) return e;
        if (out->n > first) out->n = first + merge(out->v + first, out->n - first);
    }
    return RS_OK;
}
