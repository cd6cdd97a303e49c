/* engine.c — the pipeline's order: type → extract → match → verdict → sink, per unit.
 *
 * Only this file knows the order of the stages. A unit's problems (unsupported type,
 * corrupt content, a limit) become its status and reason; only running out of memory,
 * a failing sink or an interruption stop the scan.
 */
#include "engine.h"
#include "prefilter.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EXCERPT_MAX 200

void rs_options_default(rs_options *o)
{
    memset(o, 0, sizeof *o);
    o->limits.max_depth = 8;
    o->limits.max_member_bytes = 64ull << 20;
    o->limits.max_file_bytes = 4ull << 30;
    o->limits.max_total_bytes = 1ull << 30;
    o->limits.max_members = 100000;
    o->limits.max_ratio = 1000;
    o->follow_symlinks = false;
    o->unit_timeout_us = 30000000;
    o->min_confidence = 0.0;
    o->verdict_confidence = 0.5;
    o->legacy_charset = "WINDOWS-1252";
    o->as_of = (int64_t)time(NULL);
}

rs_err rs_scanner_new(const rs_sigdb *db, const rs_options *opt, rs_scanner **out)
{
    rs_scanner *s = calloc(1, sizeof *s);
    if (!s) return RS_ERR_NOMEM;
    s->db = db;
    if (opt)
        s->opt = *opt;
    else
        rs_options_default(&s->opt);
    char err[256];
    rs_err e = rs_detector_new(&s->det, err, sizeof err);
    if (e) goto fail;
    if ((e = rs_matcher_new(db, &s->matcher))) goto fail;
    if (s->opt.no_prefilter) rs_matcher_exhaustive(s->matcher, true);
    rs_fields_init(&s->fields, s->opt.limits.max_member_bytes * 4 + 1024);
    rs_subunits_init(&s->sub, s->opt.limits.max_member_bytes);
    rs_signals_init(&s->signals);
    rs_buf_init(&s->path, 1 << 20);
    rs_buf_init(&s->strings, 0);
    rs_buf_init(&s->filebuf, 0);
    if ((e = rs_buf_append(&s->path, "", 0))) goto fail;
    *out = s;
    return RS_OK;
fail:
    rs_scanner_free(s);
    return e;
}

void rs_scanner_free(rs_scanner *s)
{
    if (!s) return;
    rs_detector_free(s->det);
    rs_matcher_free(s->matcher);
    rs_fields_free(&s->fields);
    rs_subunits_free(&s->sub);
    rs_signals_free(&s->signals);
    rs_hits_free(&s->hits);
    rs_buf_free(&s->path);
    rs_buf_free(&s->strings);
    rs_buf_free(&s->filebuf);
    free(s->findings);
    free(s->refs);
    free(s);
}

void rs_scanner_stats(const rs_scanner *s, rs_stats *out)
{
    rs_matcher_stats(s->matcher, out);
}

void rs_scanner_interrupt(rs_scanner *s)
{
    __atomic_store_n(&s->stop, 1, __ATOMIC_RELAXED); /* from a signal handler or another thread */
}

size_t rs_engine_push(rs_scanner *s, const char *sep, const char *name)
{
    size_t mark = s->path.len;
    if (rs_buf_append(&s->path, sep, strlen(sep)) || rs_buf_append(&s->path, name, strlen(name)))
        s->path.len = mark; /* over the path cap: keep the parent's name; reported by caller */
    s->path.data[s->path.len] = '\0';
    return mark;
}

void rs_engine_pop(rs_scanner *s, size_t mark)
{
    s->path.len = mark;
    s->path.data[mark] = '\0';
}

void rs_summary_add(rs_summary *sum, const rs_unit *u)
{
    sum->units++;
    if (u->status == RS_STATUS_SCANNED)
        sum->scanned++;
    else if (u->status == RS_STATUS_SKIPPED)
        sum->skipped++;
    else
        sum->failed++;
    if (u->container) sum->containers++;
    if (u->status == RS_STATUS_SCANNED) sum->by_class[u->cls]++;
    if (u->policy) {
        sum->policy = true;
        if (!strcmp(u->policy, "ok"))
            sum->policy_ok++;
        else if (!strcmp(u->policy, "violation"))
            sum->policy_violation++;
        else
            sum->policy_review++;
    }
    bool ai = false, embargo = false, expired = false;
    for (size_t i = 0; i < u->nproperties; i++) {
        const rs_property *p = &u->properties[i];
        ai |= p->kind == RS_PROP_AI_RESERVED && p->active;
        embargo |= p->kind == RS_PROP_EMBARGO && p->active;
        expired |= p->kind == RS_PROP_EXPIRY && p->active;
    }
    sum->ai_reserved += ai;
    sum->embargoed += embargo;
    sum->expired += expired;
    sum->conflicts += u->nconflicts > 0;
    if (u->status == RS_STATUS_SCANNED || u->nfindings) sum->bytes += u->size;
}

static rs_err emit(rs_scanner *s, const rs_unit *u)
{
    if (s->sum) rs_summary_add(s->sum, u);
    return s->sink && s->sink->unit ? s->sink->unit(s->sink->ctx, u) : RS_OK;
}

rs_err rs_engine_problem(rs_scanner *s, rs_status st, uint64_t size, unsigned depth,
                         const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    rs_unit u = {
        .path = s->path.data, .status = st, .reason = reason, .size = size, .depth = depth};
    return emit(s, &u);
}

/* Appends text[0..n) to the string arena with whitespace runs collapsed and cut at max
 * bytes on a character boundary; returns its offset. */
static rs_err put_excerpt(rs_buf *b, const char *text, size_t n, size_t max, size_t *at)
{
    *at = b->len;
    bool space = false;
    size_t start = b->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            space = b->len > start;
            continue;
        }
        if (b->len - start >= max && (c & 0xC0) != 0x80) break;
        rs_err e;
        if (space && (e = rs_buf_putc(b, ' '))) return e;
        space = false;
        if ((e = rs_buf_putc(b, (char)c))) return e;
    }
    return rs_buf_putc(b, '\0');
}

/* A holder name as the text writes it, without surrounding blanks and punctuation. */
static rs_err put_holder(rs_buf *b, const char *text, size_t n, size_t *at)
{
    while (n && strchr(" \t\r\n,;:-", text[n - 1]))
        n--;
    while (n && strchr(" \t\r\n,;:-", text[0]))
        text++, n--;
    return put_excerpt(b, text, n, EXCERPT_MAX, at);
}

/* Drops hits below --min-confidence (they are not findings at all). */
static void filter_hits(rs_hits *h, double min)
{
    size_t k = 0;
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].confidence >= min) h->v[k++] = h->v[i];
    h->n = k;
}

/* Findings are built in two steps: add_findings appends (possibly window after window)
 * while strings go to an arena that may move; finish_findings then points them in. */
static void begin_findings(rs_scanner *s)
{
    rs_buf_reset(&s->strings);
    s->nfound = 0;
}

static rs_err grow_findings(rs_scanner *s, size_t need)
{
    if (need <= s->findings_cap) return RS_OK;
    size_t cap = s->findings_cap ? s->findings_cap : 16;
    while (cap < need)
        cap *= 2;
    rs_finding *f = realloc(s->findings, cap * sizeof *f);
    if (!f) return RS_ERR_NOMEM;
    s->findings = f;
    rs_strrefs *r = realloc(s->refs, cap * sizeof *r);
    if (!r) return RS_ERR_NOMEM;
    s->refs = r;
    s->findings_cap = cap;
    return RS_OK;
}

/* Appends the current hits as findings. data[0..len) holds the unit's bytes from unit
 * offset base on; hits starting at or after own_end (window offsets) are left to the next
 * window; cur tracks lines and columns across calls. */
static rs_err add_findings(rs_scanner *s, const unsigned char *data, size_t len, rs_textenc enc,
                           uint64_t base, size_t own_end, rs_poscur *cur)
{
    rs_err e = grow_findings(s, s->nfound + s->hits.n);
    for (size_t i = 0; i < s->hits.n && !e; i++) {
        const rs_hit *h = &s->hits.v[i];
        const rs_field *f = &s->fields.v[h->field];
        size_t off = rs_offmap_lookup(&f->map, h->start);
        if (f->positional && off >= own_end) continue;
        rs_finding *fd = &s->findings[s->nfound];
        rs_strrefs *r = &s->refs[s->nfound];
        *fd = (rs_finding){.signature = rs_sig_id(h->sig),
                           .holder = rs_sig_holder(h->sig),
                           .kind = h->kind,
                           .cls = h->cls,
                           .offset = base + off,
                           .confidence = h->confidence,
                           .score = h->score,
                           .coverage = h->coverage};
        if (f->positional && off <= len) {
            rs_position(data, len, enc, off, cur);
            fd->line = cur->line;
            fd->column = cur->column;
        }
        e = put_excerpt(&s->strings, f->text + h->start, h->end - h->start, EXCERPT_MAX,
                        &r->excerpt);
        r->holder = SIZE_MAX;
        if (!e && h->hend > h->hstart)
            e = put_holder(&s->strings, f->text + h->hstart, h->hend - h->hstart, &r->holder);
        if (!e) e = put_excerpt(&s->strings, f->name, strlen(f->name), sizeof f->name, &r->field);
        if (!e) s->nfound++;
    }
    return e;
}

static void finish_findings(rs_scanner *s)
{
    for (size_t i = 0; i < s->nfound; i++) { /* the arena has stopped moving */
        s->findings[i].excerpt = s->strings.data + s->refs[i].excerpt;
        s->findings[i].field = s->strings.data + s->refs[i].field;
        if (s->refs[i].holder != SIZE_MAX && s->strings.data[s->refs[i].holder])
            s->findings[i].holder_name = s->strings.data + s->refs[i].holder;
    }
}

static rs_err build_findings(rs_scanner *s, const unsigned char *data, size_t len, rs_textenc enc)
{
    begin_findings(s);
    rs_poscur cur = {0};
    rs_err e = add_findings(s, data, len, enc, 0, SIZE_MAX, &cur);
    if (!e) finish_findings(s);
    return e;
}

/* The verdict: the most restrictive class among findings at or above the verdict
 * confidence; its holder is the first finding of that class naming a known holder, else
 * the first of that class ("unknown"). Less sure findings are listed but decide nothing. */
static void verdict(rs_unit *u, double min)
{
    const rs_finding *best = NULL;
    for (size_t i = 0; i < u->nfindings; i++) {
        const rs_finding *f = &u->findings[i];
        if (f->confidence < min) continue;
        bool named = strcmp(f->holder, "unknown") != 0;
        if (!best || f->cls > best->cls ||
            (f->cls == best->cls && named && strcmp(best->holder, "unknown") == 0))
            best = f;
    }
    if (!best) return;
    u->cls = best->cls;
    u->holder = best->holder;
    u->holder_name = best->holder_name;
    for (size_t i = 0; !u->holder_name && i < u->nfindings; i++)
        if (u->findings[i].cls == best->cls && u->findings[i].holder_name &&
            u->findings[i].confidence >= min && strcmp(u->findings[i].holder, best->holder) == 0)
            u->holder_name = u->findings[i].holder_name;
    if (!u->holder_name && strcmp(best->holder, "unknown") == 0)
        for (size_t i = 0; !u->holder_name && i < u->nfindings; i++)
            if (u->findings[i].cls == best->cls && u->findings[i].confidence >= min)
                u->holder_name = u->findings[i].holder_name;
}

static rs_status status_of(rs_err e)
{
    return (e == RS_ERR_LIMIT || e == RS_ERR_ENCRYPTED || e == RS_ERR_UNSUPPORTED)
               ? RS_STATUS_SKIPPED
               : RS_STATUS_FAILED;
}

static rs_err container(rs_scanner *s, const unsigned char *data, size_t len, unsigned depth,
                        rs_type type, const char *name)
{
    if (depth >= s->opt.limits.max_depth)
        return rs_engine_problem(s, RS_STATUS_SKIPPED, len, depth,
                                 "limit: archive nested deeper than %u levels",
                                 s->opt.limits.max_depth);
    char reason[512] = "";
    rs_err err = RS_OK;
    rs_status st = rs_archive_scan(s, data, len, depth, type, name, reason, sizeof reason, &err);
    if (err) return err;
    rs_unit u = {.path = s->path.data,
                 .status = st,
                 .reason = st ? reason : NULL,
                 .type = rs_type_mime(type),
                 .size = len,
                 .depth = depth,
                 .container = true};
    return emit(s, &u);
}

/* Scans the units an extractor found embedded in the unit just emitted (images in a
 * DOCX). The list is taken over first: scanning them refills s->sub. */
static rs_err embedded(rs_scanner *s, unsigned depth)
{
    if (!s->sub.n) return RS_OK;
    rs_subunits mine = s->sub;
    rs_subunits_init(&s->sub, mine.max_bytes);
    rs_err e = RS_OK;
    for (size_t i = 0; i < mine.n && !e; i++) {
        size_t mark = rs_engine_push(s, "!/", mine.v[i].name);
        if (!mine.v[i].data)
            e = rs_engine_problem(s, RS_STATUS_SKIPPED, mine.v[i].len, depth + 1,
                                  "limit: embedded units of the document larger than %llu bytes",
                                  (unsigned long long)mine.max_bytes);
        else if (depth + 1 > s->opt.limits.max_depth)
            e = rs_engine_problem(s, RS_STATUS_SKIPPED, mine.v[i].len, depth + 1,
                                  "limit: nested deeper than %u levels", s->opt.limits.max_depth);
        else {
            const char *slash = strrchr(mine.v[i].name, '/');
            e = rs_engine_unit(s, mine.v[i].data, mine.v[i].len, depth + 1,
                               slash ? slash + 1 : mine.v[i].name);
        }
        rs_engine_pop(s, mark);
    }
    rs_subunits_free(&mine);
    return e;
}

rs_err rs_engine_unit(rs_scanner *s, const unsigned char *data, size_t len, unsigned depth,
                      const char *name)
{
    if (__atomic_load_n(&s->stop, __ATOMIC_RELAXED)) return RS_ERR_INTERRUPTED;
    rs_type type = rs_detect(s->det, data, len, name);
    char fam = rs_type_family(type);
    if (fam == 'A' || fam == 'C') return container(s, data, len, depth, type, name);

    rs_unit u = {.path = s->path.data, .type = rs_type_mime(type), .size = len, .depth = depth};
    rs_extract_fn fn = rs_extractor_for(type);
    if (!fn) {
        u.status = RS_STATUS_SKIPPED;
        u.reason = "unsupported: no extractor for this type yet";
        return emit(s, &u);
    }
    rs_fields_reset(&s->fields);
    rs_subunits_reset(&s->sub);
    int64_t deadline =
        s->opt.unit_timeout_us ? rs_now_ns() + (int64_t)s->opt.unit_timeout_us * 1000 : 0;
    rs_extract_ctx cx = {.data = data,
                         .len = len,
                         .name = name,
                         .type = type,
                         .opt = &s->opt,
                         .out = &s->fields,
                         .sub = &s->sub,
                         .enc = RS_ENC_UTF8,
                         .deadline_ns = deadline};
    rs_err e = fn(&cx);
    char timeout[64];
    if (e == RS_ERR_NOMEM) return e;
    if (e == RS_ERR_TIMEOUT) {
        snprintf(timeout, sizeof timeout, "timeout after %.3g s (reading)",
                 s->opt.unit_timeout_us / 1e6);
        u.status = RS_STATUS_FAILED;
        u.reason = timeout;
    } else if (e) {
        u.status = status_of(e);
        u.reason = cx.reason[0] ? cx.reason : rs_strerror(e);
    }
    rs_matcher_set_deadline(s->matcher, deadline);
    rs_err m = rs_match_fields(s->matcher, &s->fields, &s->hits);
    rs_matcher_set_deadline(s->matcher, 0);
    if (m == RS_ERR_NOMEM) return m;
    const char *problem = NULL;
    char why[512];
    if (m == RS_ERR_TIMEOUT) {
        snprintf(timeout, sizeof timeout, "timeout after %.3g s (matching)",
                 s->opt.unit_timeout_us / 1e6);
        u.status = RS_STATUS_FAILED;
        u.reason = timeout;
    } else if (m && !e) {
        u.status = RS_STATUS_FAILED;
        u.reason = "match: the signature matcher failed on this unit";
    } else if (!e && rs_matcher_problems(s->matcher, &problem)) {
        /* a pattern gave up part-way: this unit was not fully matched */
        snprintf(why, sizeof why, "match incomplete: %s", problem ? problem : "pattern limit");
        u.status = RS_STATUS_FAILED;
        u.reason = why;
    }
    filter_hits(&s->hits, s->opt.min_confidence);
    if ((e = build_findings(s, data, len, cx.enc))) return e;
    u.findings = s->findings;
    u.nfindings = s->nfound;
    verdict(&u, s->opt.verdict_confidence);
    if ((e = rs_signals_compute(&s->signals, &s->fields, name, u.findings, u.nfindings, &s->opt,
                                s->info)))
        return e;
    u.properties = s->signals.props;
    u.nproperties = s->signals.nprops;
    u.conflicts = s->signals.conf;
    u.nconflicts = s->signals.nconf;
    if (depth == 0 && s->info) u.sidecar_of = s->info->sidecar_of;
    char judged[256];
    if (s->opt.policy)
        u.policy = rs_policy_judge(s->opt.policy, &u, &s->opt, judged, sizeof judged);
    u.policy_reason = u.policy ? judged : NULL;
    if ((e = emit(s, &u))) return e;
    return embedded(s, depth);
}

/* ---- large text files, in windows ----
 *
 * A text file of hundreds of megabytes is read in windows of RS_WINDOW bytes that end at a
 * line break and overlap the next by RS_OVERLAP bytes (more than the longest notice), so
 * memory stays bounded and nothing straddling a cut is lost. A window owns the findings
 * that start before the next window does; the next one finds the rest whole. Lines and
 * columns carry over from window to window.
 *
 * Where a window ends and the next begins depends only on the bytes near its end, so the
 * cuts are found first (a read of 3 · RS_OVERLAP bytes per window); then up to
 * opt.file_threads threads read, extract and match windows side by side, each with its own
 * matcher, at most one ring of windows ahead of the oldest, and this thread takes their hits
 * in window order. The report is the same for any number of threads. */

#define RS_WINDOW ((size_t)2 << 20)
#define RS_OVERLAP ((size_t)64 << 10)
#define RS_TAIL (3 * RS_OVERLAP)
#define RS_WINDOW_THREADS 4 /* at most, for one file */

typedef struct window {
    uint64_t at;      /* where it starts in the file */
    size_t end, next; /* it is [at, at + end); the next starts at at + next (last: end) */
    bool last;
} window;

/* The cuts of a window of n bytes (last: it reaches the end of the file), from t, its last
 * tn bytes: after the last line break in its last RS_OVERLAP bytes (or at a character
 * boundary when a line is longer), and the next window's start RS_OVERLAP before that,
 * moved to a line start if one is near. */
static void cut(const unsigned char *t, size_t tn, size_t n, bool last, size_t *end, size_t *next)
{
    const unsigned char *w = t - (n - tn); /* w[i] is the window's byte i, for i >= n - tn */
    size_t e = n;
    if (!last) {
        bool found = false;
        for (size_t i = n; i > n - RS_OVERLAP; i--)
            if (w[i - 1] == '\n') {
                e = i;
                found = true;
                break;
            }
        if (!found) {
            size_t i = n;
            while (i > n - 4 && (w[i - 1] & 0xC0) == 0x80)
                i--; /* not inside a UTF-8 sequence */
            e = (w[i - 1] & 0xC0) == 0xC0 ? i - 1 : i;
        }
    }
    size_t x = e;
    if (!last && e > RS_OVERLAP) {
        x = e - RS_OVERLAP;
        for (size_t i = x, lo = x - RS_OVERLAP / 4; i > lo; i--)
            if (w[i - 1] == '\n') {
                x = i;
                break;
            }
    }
    *end = e;
    *next = x;
}

/* Every window of the file: reads the tail of each. */
static rs_err plan_windows(int fd, uint64_t size, window **out, size_t *nout, const char **why)
{
    unsigned char *tail = malloc(RS_TAIL);
    window *v = NULL;
    size_t n = 0, cap = 0;
    rs_err e = tail ? RS_OK : RS_ERR_NOMEM;
    for (uint64_t at = 0; !e && at < size;) {
        size_t len = size - at < RS_WINDOW ? (size_t)(size - at) : RS_WINDOW;
        bool last = at + len >= size;
        size_t tn = len < RS_TAIL ? len : RS_TAIL;
        ssize_t got = pread(fd, tail, tn, (off_t)(at + len - tn));
        if (got != (ssize_t)tn) {
            *why = got < 0 ? "read error in the middle of the file" : "file shrank while being scanned";
            break;
        }
        if (n == cap) {
            window *w = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *w);
            if (!w) {
                e = RS_ERR_NOMEM;
                break;
            }
            v = w;
        }
        window *w = &v[n++];
        w->at = at;
        w->last = last;
        cut(tail, tn, len, last, &w->end, &w->next);
        if (last) break;
        at += w->next;
    }
    free(tail);
    *out = v;
    *nout = n;
    return e;
}

/* One window being read and matched. */
typedef struct wslot {
    rs_buf data;
    rs_fields fields;
    rs_hits hits;
    rs_err e;           /* RS_OK, RS_ERR_NOMEM, RS_ERR_TIMEOUT, ... */
    const char *failed; /* why the window could not be read or decoded (NULL: it could) */
    size_t index;       /* which window it holds */
    bool done;
} wslot;

typedef struct wpool {
    rs_scanner *s;
    int fd;
    const window *w;
    size_t nw;
    rs_type type;
    const char *name;
    wslot *slot;
    size_t nslot;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t claimed, taken; /* windows claimed by a thread; handed to the report */
    bool quit;
    rs_stats st; /* the window threads' matchers' counts, for the scanner's --stats */
} wpool;

/* Reads, extracts and matches window k into sl with matcher m. */
static void run_window(wpool *p, rs_matcher *m, wslot *sl, size_t k)
{
    const window *w = &p->w[k];
    sl->index = k;
    sl->e = RS_OK;
    sl->failed = NULL;
    rs_fields_reset(&sl->fields);
    sl->hits.n = 0;
    rs_buf_reset(&sl->data);
    if ((sl->e = rs_buf_reserve(&sl->data, w->end))) return;
    ssize_t got = pread(p->fd, sl->data.data, w->end, (off_t)w->at);
    if (got != (ssize_t)w->end) {
        sl->failed = got < 0 ? "read error in the middle of the file" : "file shrank while being scanned";
        return;
    }
    sl->data.len = w->end;
    rs_extract_ctx cx = {.data = (const unsigned char *)sl->data.data,
                         .len = w->end,
                         .name = p->name,
                         .type = p->type,
                         .opt = &p->s->opt,
                         .out = &sl->fields,
                         .enc = RS_ENC_UTF8};
    rs_err e = rs_extractor_for(p->type)(&cx);
    if (e == RS_ERR_NOMEM) {
        sl->e = e;
        return;
    }
    if (e) sl->failed = "a window of the file could not be decoded";
    if ((sl->e = rs_match_fields(m, &sl->fields, &sl->hits))) return;
    filter_hits(&sl->hits, p->s->opt.min_confidence);
}

static void *window_thread(void *arg)
{
    wpool *p = arg;
    rs_matcher *m = NULL;
    bool ok = rs_matcher_new(p->s->db, &m) == RS_OK;
    if (ok && p->s->opt.no_prefilter) rs_matcher_exhaustive(m, true);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->claimed < p->nw && p->claimed >= p->taken + p->nslot)
            pthread_cond_wait(&p->cv, &p->mu); /* the ring is full: wait for the report */
        if (p->quit || p->claimed >= p->nw) break;
        size_t k = p->claimed++;
        wslot *sl = &p->slot[k % p->nslot];
        pthread_mutex_unlock(&p->mu);
        if (ok) {
            run_window(p, m, sl, k);
        } else {
            sl->index = k;
            sl->e = RS_ERR_NOMEM;
        }
        pthread_mutex_lock(&p->mu);
        sl->done = true;
        pthread_cond_broadcast(&p->cv);
    }
    if (ok) {
        rs_stats st;
        rs_matcher_stats(m, &st);
        rs_stats_add(&p->st, &st);
    }
    pthread_mutex_unlock(&p->mu);
    rs_matcher_free(m);
    return NULL;
}

rs_err rs_engine_text_windows(rs_scanner *s, int fd, uint64_t size, rs_type type, const char *name)
{
    rs_unit u = {.path = s->path.data, .type = rs_type_mime(type), .size = size};
    window *w = NULL;
    size_t nw = 0;
    const char *why = NULL;
    rs_err e = plan_windows(fd, size, &w, &nw, &why);
    unsigned nt = s->opt.file_threads > RS_WINDOW_THREADS ? RS_WINDOW_THREADS : s->opt.file_threads;
    if (nt > nw) nt = (unsigned)nw;
    wpool p = {.s = s, .fd = fd, .w = w, .nw = nw, .type = type, .name = name,
               .nslot = nt > 1 ? nt + 1 : 1};
    p.slot = calloc(p.nslot, sizeof *p.slot);
    pthread_t th[RS_WINDOW_THREADS];
    unsigned started = 0;
    if (!e && !p.slot) e = RS_ERR_NOMEM;
    for (size_t i = 0; p.slot && i < p.nslot; i++) {
        rs_buf_init(&p.slot[i].data, RS_WINDOW + 1);
        rs_fields_init(&p.slot[i].fields, s->opt.limits.max_member_bytes * 4 + 1024);
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    for (; !e && nt > 1 && started < nt; started++)
        if (pthread_create(&th[started], NULL, window_thread, &p)) break;
    rs_poscur cur = {0};
    begin_findings(s);
    for (size_t k = 0; !e && k < nw; k++) {
        if (__atomic_load_n(&s->stop, __ATOMIC_RELAXED)) {
            e = RS_ERR_INTERRUPTED;
            break;
        }
        wslot *sl = &p.slot[k % p.nslot];
        if (started) {
            pthread_mutex_lock(&p.mu);
            while (!(sl->done && sl->index == k))
                pthread_cond_wait(&p.cv, &p.mu);
            pthread_mutex_unlock(&p.mu);
        } else {
            run_window(&p, s->matcher, sl, k);
        }
        if ((e = sl->e)) break;
        if (sl->failed) {
            u.status = RS_STATUS_FAILED;
            u.reason = sl->failed;
            if (!sl->data.len) break; /* not read: nothing more to match */
        }
        /* the window's fields and hits, as the unit's, for the findings */
        rs_fields f = s->fields;
        rs_hits h = s->hits;
        s->fields = sl->fields;
        s->hits = sl->hits;
        const window *wk = &w[k];
        cur.off = 0; /* window coordinates; line and column carry over */
        e = add_findings(s, (const unsigned char *)sl->data.data, wk->end, RS_ENC_UTF8, wk->at,
                         wk->last ? SIZE_MAX : wk->next, &cur);
        if (!e) rs_position((const unsigned char *)sl->data.data, wk->end, RS_ENC_UTF8, wk->next, &cur);
        sl->fields = s->fields;
        sl->hits = s->hits;
        s->fields = f;
        s->hits = h;
        pthread_mutex_lock(&p.mu);
        sl->done = false;
        p.taken = k + 1;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
    }
    pthread_mutex_lock(&p.mu);
    p.quit = true;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    rs_matcher_stats_add(s->matcher, &p.st);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    for (size_t i = 0; p.slot && i < p.nslot; i++) {
        rs_buf_free(&p.slot[i].data);
        rs_fields_free(&p.slot[i].fields);
        rs_hits_free(&p.slot[i].hits);
    }
    free(p.slot);
    free(w);
    if (!e && why) {
        u.status = RS_STATUS_FAILED;
        u.reason = why;
    }
    if (e) return e;
    finish_findings(s);
    u.findings = s->findings;
    u.nfindings = s->nfound;
    verdict(&u, s->opt.verdict_confidence);
    rs_fields_reset(&s->fields);
    if ((e = rs_signals_compute(&s->signals, &s->fields, name, u.findings, u.nfindings, &s->opt,
                                s->info)))
        return e;
    u.properties = s->signals.props;
    u.nproperties = s->signals.nprops;
    u.conflicts = s->signals.conf;
    u.nconflicts = s->signals.nconf;
    char why2[256];
    if (s->opt.policy) u.policy = rs_policy_judge(s->opt.policy, &u, &s->opt, why2, sizeof why2);
    u.policy_reason = u.policy ? why2 : NULL;
    return emit(s, &u);
}

rs_err rs_scan_buffer(rs_scanner *s, const char *name, const void *data, size_t len,
                      const rs_sink *sink, rs_summary *sum)
{
    s->sink = sink;
    s->sum = sum;
    s->expanded = 0;
    s->bomb = false;
    size_t mark = rs_engine_push(s, "", name);
    rs_err e = rs_engine_unit(s, data, len, 0, rs_base_name(name));
    rs_engine_pop(s, mark);
    if (e == RS_ERR_INTERRUPTED) sum->interrupted = true;
    return e;
}
