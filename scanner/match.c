/* match.c — runs every signature over a unit's text fields and collects hits.
 *
 * For each field the matcher normalises the text once (rs_normalize: lower case, no
 * diacritics, ı/İ → i, whitespace collapsed) and then runs, signature by signature:
 *
 *   patterns and notices  over the normalised text; spans go back to field offsets
 *                         through the normaliser's map (see field_span below);
 *   bylines               over the field's own text (case and layout matter there), in
 *                         non-metadata fields only;
 *   credits               in metadata fields only: the whole value equals a credit
 *                         ("AFP"), or a short value holds it as a whole word
 *                         ("AFP PHOTO / Jane Doe", "Jane Doe/AFP").
 *
 * Large fields are searched window by window: each pcre2_match may only START a match
 * within WINDOW bytes of where it begins (PCRE2's offset limit), so a regex that fails
 * with a resource error (match limit, JIT stack, ...) costs one window, not the field.
 * Such errors never stop the scan: they are counted and described for
 * rs_matcher_problems, and the search goes on with the next window (a regex that fails
 * MAX_RX_ERRORS times in one field is dropped for the rest of that field).
 *
 * Example: the field "© 2025 Beispiel Verlag GmbH.  Alle Rechte\nvorbehalten." normalises to
 * "© 2025 beispiel verlag gmbh. alle rechte vorbehalten."; the generic pattern's holder
 * group spans "beispiel verlag gmbh", which maps back to field bytes 8..28, i.e. the
 * original "Beispiel Verlag GmbH".
 *
 * Hits of one signature that overlap in one field are merged (the union of the spans, the
 * first holder span, the strongest kind); the result is sorted by field, then start.
 */
#include "sig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define WINDOW (256u * 1024u)
#define MAX_RX_ERRORS 3
#define CREDIT_VALUE_MAX 120 /* longer metadata values must equal a credit */

struct rs_matcher {
    const rs_sigdb *db;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit; /* NULL when JIT is unavailable */
    rs_norm norm;
    size_t nproblems;
    char problem[512];
    rs_stats stats; /* added up over every call */
};

void rs_matcher_stats(const rs_matcher *m, rs_stats *out)
{
    *out = m->stats;
}

rs_err rs_matcher_new(const rs_sigdb *db, rs_matcher **out)
{
    rs_matcher *m = calloc(1, sizeof *m);
    if (!m) return RS_ERR_NOMEM;
    m->db = db;
    rs_norm_init(&m->norm, 0);
    m->md = pcre2_match_data_create(db->max_pairs ? db->max_pairs : 1, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    if (!m->md || !m->mctx) {
        rs_matcher_free(m);
        return RS_ERR_NOMEM;
    }
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

/* ---- one field ---- */

typedef struct fieldctx {
    rs_matcher *m;
    const rs_field *f;
    size_t fi;
    rs_hits *out;
    bool norm_utf; /* the normalised text is valid UTF-8: skip PCRE2's check (bylines, on
                    * the field's text, are compiled to tolerate invalid UTF-8) */
} fieldctx;

static rs_err push(rs_hits *h, const rs_hit *hit_in)
{
    rs_hit fixed = *hit_in, *hit = &fixed;
    if (hit->score == 0 && hit->coverage == 0) { /* an exact match unless told otherwise */
        hit->score = hit->coverage = 1.0;
        if (hit->confidence == 0) hit->confidence = hit->kind == RS_KIND_BYLINE ? 0.85 : 0.9;
    }
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

/* Records the current match of rx (ovector in the matcher's match data). */
static rs_err record(fieldctx *c, const rs_sig *sig, const rs_rx *rx, bool normalised)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->m->md);
    rs_hit h = {.sig = sig, .kind = hit_kind(c, rx->kind), .cls = sig->cls, .field = c->fi};
    size_t s = ov[0], e = ov[1], hs = 0, he = 0;
    int g = rx->holder_group;
    if (g > 0 && ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] > ov[2 * g]) {
        hs = ov[2 * g];
        he = ov[2 * g + 1];
    }
    if (normalised) {
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

/* Window end for a search from pos: WINDOW bytes on, moved to a code point boundary. */
static size_t window_end(const char *t, size_t len, size_t pos)
{
    if (len - pos <= WINDOW) return len;
    size_t lim = pos + WINDOW;
    while (lim < len && ((unsigned char)t[lim] & 0xC0) == 0x80)
        lim++;
    return lim;
}

/* Runs rx over t[0..len) and records every match. */
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
    while (pos < len) {
        size_t lim = window_end(t, len, pos);
        pcre2_set_offset_limit(m->mctx, lim);
        int rc = pcre2_match(rx->code, (PCRE2_SPTR)t, len, pos, opts, m->md, m->mctx);
        if (rc < 0) {
            if (rc != PCRE2_ERROR_NOMATCH) {
                note_problem(c, sig, rx, what, rc);
                if (++errors >= MAX_RX_ERRORS) break;
            }
            pos = lim;
            continue;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
        if (ov[1] > ov[0]) {
            rs_err e = record(c, sig, rx, normalised);
            if (e) return e;
        }
        /* go on after the match; an empty one (or \K trickery) moves one code point */
        pos = ov[1] > pos ? ov[1] : next_cp(t, len, ov[0] > pos ? ov[0] : pos);
    }
    return RS_OK;
}

/* The notice machinery: today the token regex built by rs_notice_compile, run like a
 * pattern. An approximate matcher replaces this function and rs_notice_compile. */
static rs_err match_notices(fieldctx *c, const rs_sig *sig)
{
    for (size_t i = 0; i < sig->nnotices; i++) {
        rs_err e = run_rx(c, sig, &sig->notices[i], "notice", true);
        if (e) return e;
    }
    return RS_OK;
}

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
        rs_hit h = {.sig = sig, .kind = RS_KIND_METADATA, .cls = sig->cls, .field = c->fi};
        field_span(c, at, end, &h.start, &h.end);
        rs_err e = push(c->out, &h);
        if (e) return e;
    }
    return RS_OK;
}

static rs_err match_sig(fieldctx *c, const rs_sig *sig)
{
    rs_err e = RS_OK;
    for (size_t i = 0; !e && i < sig->npatterns; i++)
        e = run_rx(c, sig, &sig->patterns[i], "pattern", true);
    if (!e) e = match_notices(c, sig);
    for (size_t i = 0; !e && !c->f->metadata && i < sig->nbylines; i++)
        e = run_rx(c, sig, &sig->bylines[i], "byline", false);
    if (!e && c->f->metadata) e = match_credits(c, sig);
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
    }
    n = k + 1;
    qsort(v, n, sizeof *v, cmp_by_pos);
    return n;
}

rs_err rs_match_fields(rs_matcher *m, const rs_fields *fs, rs_hits *out)
{
    out->n = 0;
    m->nproblems = 0;
    m->problem[0] = '\0';
    for (size_t i = 0; i < fs->n; i++) {
        const rs_field *f = &fs->v[i];
        rs_err e = rs_normalize(&m->norm, f->text ? f->text : "", f->text ? f->len : 0);
        if (e) return e;
        m->stats.fields++;
        m->stats.field_bytes += f->len;
        m->stats.normalized_bytes += f->len;
        m->stats.regex_bytes += f->len; /* no prefilter yet: every regex sees every byte */
        fieldctx c = {.m = m, .f = f, .fi = i, .out = out};
        c.norm_utf = m->norm.text.data &&
                     rs_utf8_valid((const unsigned char *)m->norm.text.data, m->norm.text.len);
        size_t first = out->n;
        for (size_t k = 0; k < m->db->n && !e; k++)
            e = match_sig(&c, m->db->v[k]);
        if (e) return e;
        out->n = first + merge(out->v + first, out->n - first);
    }
    return RS_OK;
}
