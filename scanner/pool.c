/* pool.c — parallel scanning with output identical to a single scanner's.
 *
 * The calling thread walks and numbers every unit the walk meets (seq 0, 1, 2, ...). A
 * file goes to the job queue; worker threads, each with its own rs_scanner, scan it and
 * keep copies of the units it yields in the result slot of its seq. The calling thread
 * hands results to the sink strictly in seq order, so the report does not depend on which
 * worker finished first. At most `window` units are in flight at once: the walk waits
 * when the oldest result is not ready yet, which bounds memory whatever the tree's size.
 *
 *   walk ─ seq ─▶ queue ─▶ worker 1..N ─▶ slot[seq % window] ─▶ sink (in seq order)
 */
#include "engine.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WINDOW_PER_THREAD 16

typedef struct job {
    uint64_t seq;
    char *display, *fspath, *sidecar, *tdm_source, *tdm_location, *tdm_policy;
    int tdm_reservation;
    struct stat st;
} job;

typedef struct result {
    rs_unit **units;
    size_t n, cap;
    rs_err err;
    bool ready;
} result;

struct rs_pool {
    const rs_sigdb *db;
    rs_options opt;
    unsigned n;
    rs_scanner **sc;
    pthread_t *th;
    pthread_mutex_t mu;
    pthread_cond_t has_job, has_result;
    job *queue; /* ring of window jobs */
    size_t qhead, qlen;
    result *slots; /* slots[seq % window] */
    size_t window;
    uint64_t next_seq, next_emit;
    bool closing;
    rs_err fatal;
    volatile sig_atomic_t stop;
    const rs_sink *sink;
    rs_summary *sum;
};

static void free_job(job *j)
{
    free(j->display);
    free(j->fspath);
    free(j->sidecar);
    free(j->tdm_source);
    free(j->tdm_location);
    free(j->tdm_policy);
}

static rs_err collect(void *ctx, const rs_unit *u)
{
    result *r = ctx;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4;
        rs_unit **v = realloc(r->units, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        r->units = v;
        r->cap = cap;
    }
    if (!(r->units[r->n] = rs_unit_dup(u))) return RS_ERR_NOMEM;
    r->n++;
    return RS_OK;
}

static void scan_job(rs_pool *p, rs_scanner *s, job *j, result *r)
{
    rs_sink sink = {.ctx = r, .unit = collect};
    s->sink = &sink;
    s->sum = NULL; /* the calling thread counts, in order */
    if (p->stop) {
        r->err = RS_ERR_INTERRUPTED;
        return;
    }
    size_t mark = rs_engine_push(s, "", j->display);
    rs_walk_info info = {.sidecar_of = j->sidecar,
                         .tdm_source = j->tdm_source,
                         .tdm_location = j->tdm_location,
                         .tdm_policy = j->tdm_policy,
                         .tdm_reservation = j->tdm_reservation};
    s->info = &info;
    r->err = rs_engine_file(s, j->fspath, &j->st);
    s->info = NULL;
    s->sink = NULL;
    rs_engine_pop(s, mark);
}

typedef struct worker_arg {
    rs_pool *p;
    unsigned i;
} worker_arg;

static void *worker(void *arg)
{
    rs_pool *p = ((worker_arg *)arg)->p;
    rs_scanner *s = p->sc[((worker_arg *)arg)->i];
    free(arg);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->qlen == 0 && !p->closing)
            pthread_cond_wait(&p->has_job, &p->mu);
        if (p->qlen == 0) break;
        job j = p->queue[p->qhead];
        p->qhead = (p->qhead + 1) % p->window;
        p->qlen--;
        pthread_mutex_unlock(&p->mu);
        result r = {0};
        scan_job(p, s, &j, &r);
        free_job(&j);
        pthread_mutex_lock(&p->mu);
        r.ready = true;
        p->slots[j.seq % p->window] = r;
        pthread_cond_broadcast(&p->has_result);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Hands every ready result to the sink in seq order. Called with the lock held; drops it
 * while the sink runs. */
static void drain(rs_pool *p)
{
    for (;;) {
        result *slot = &p->slots[p->next_emit % p->window];
        if (p->next_emit == p->next_seq || !slot->ready) return;
        result r = *slot;
        memset(slot, 0, sizeof *slot);
        p->next_emit++;
        pthread_mutex_unlock(&p->mu);
        for (size_t i = 0; i < r.n; i++) {
            if (!p->fatal) {
                rs_summary_add(p->sum, r.units[i]);
                rs_err e =
                    p->sink && p->sink->unit ? p->sink->unit(p->sink->ctx, r.units[i]) : RS_OK;
                if (e) p->fatal = e;
            }
            rs_unit_free(r.units[i]);
        }
        free(r.units);
        if (r.err == RS_ERR_INTERRUPTED)
            p->sum->interrupted = true;
        else if (r.err && !p->fatal)
            p->fatal = r.err;
        if (p->fatal) rs_pool_interrupt(p);
        pthread_mutex_lock(&p->mu);
    }
}

/* Waits for room in the window (emitting what is ready meanwhile); lock held. */
static void wait_room(rs_pool *p)
{
    for (;;) {
        drain(p);
        if (p->next_seq - p->next_emit < p->window) return;
        pthread_cond_wait(&p->has_result, &p->mu);
    }
}

/* strdup that keeps NULL; *bad is set when a copy fails. */
static char *dup_or_null(const char *s, bool *bad)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d) *bad = true;
    return d;
}

static rs_err on_file(void *ctx, const char *display, const char *fspath, const struct stat *st,
                      const rs_walk_info *info)
{
    rs_pool *p = ctx;
    job j = {.st = *st, .tdm_reservation = info->tdm_reservation};
    bool bad = false;
    j.display = dup_or_null(display, &bad);
    j.fspath = dup_or_null(fspath, &bad);
    j.sidecar = dup_or_null(info->sidecar_of, &bad);
    j.tdm_source = dup_or_null(info->tdm_source, &bad);
    j.tdm_location = dup_or_null(info->tdm_location, &bad);
    j.tdm_policy = dup_or_null(info->tdm_policy, &bad);
    if (bad) {
        free_job(&j);
        return RS_ERR_NOMEM;
    }
    pthread_mutex_lock(&p->mu);
    wait_room(p);
    j.seq = p->next_seq++;
    p->queue[(p->qhead + p->qlen) % p->window] = j;
    p->qlen++;
    pthread_cond_signal(&p->has_job);
    rs_err e = p->fatal;
    pthread_mutex_unlock(&p->mu);
    return e;
}

/* A unit the walk decided on (skipped/failed) needs no worker: its result is ready now. */
static rs_err on_problem(void *ctx, const char *display, rs_status st, const char *reason)
{
    rs_pool *p = ctx;
    rs_unit u = {.path = display, .status = st, .reason = reason};
    result r = {.ready = true};
    rs_err e = collect(&r, &u);
    if (e) return e;
    pthread_mutex_lock(&p->mu);
    wait_room(p);
    p->slots[p->next_seq++ % p->window] = r;
    drain(p);
    e = p->fatal;
    pthread_mutex_unlock(&p->mu);
    return e;
}

rs_err rs_pool_new(const rs_sigdb *db, const rs_options *opt, unsigned threads, rs_pool **out)
{
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
    }
    if (threads > 256) threads = 256;
    rs_pool *p = calloc(1, sizeof *p);
    if (!p) return RS_ERR_NOMEM;
    p->db = db;
    if (opt)
        p->opt = *opt;
    else
        rs_options_default(&p->opt);
    p->n = threads;
    p->window = (size_t)threads * WINDOW_PER_THREAD;
    p->sc = calloc(threads, sizeof *p->sc);
    p->th = calloc(threads, sizeof *p->th);
    p->queue = calloc(p->window, sizeof *p->queue);
    p->slots = calloc(p->window, sizeof *p->slots);
    rs_err e = (!p->sc || !p->th || !p->queue || !p->slots) ? RS_ERR_NOMEM : RS_OK;
    for (unsigned i = 0; i < threads && !e; i++)
        e = rs_scanner_new(db, &p->opt, &p->sc[i]);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->has_job, NULL);
    pthread_cond_init(&p->has_result, NULL);
    if (e) {
        rs_pool_free(p);
        return e;
    }
    *out = p;
    return RS_OK;
}

void rs_pool_free(rs_pool *p)
{
    if (!p) return;
    for (unsigned i = 0; p->sc && i < p->n; i++)
        rs_scanner_free(p->sc[i]);
    free(p->sc);
    free(p->th);
    free(p->queue);
    free(p->slots);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->has_job);
    pthread_cond_destroy(&p->has_result);
    free(p);
}

unsigned rs_pool_threads(const rs_pool *p)
{
    return p->n;
}

void rs_pool_interrupt(rs_pool *p)
{
    p->stop = 1;
    for (unsigned i = 0; i < p->n; i++)
        if (p->sc[i]) rs_scanner_interrupt(p->sc[i]);
}

void rs_pool_stats(const rs_pool *p, rs_stats *out)
{
    memset(out, 0, sizeof *out);
    for (unsigned i = 0; i < p->n; i++) {
        rs_stats s;
        rs_scanner_stats(p->sc[i], &s);
        out->fields += s.fields;
        out->field_bytes += s.field_bytes;
        out->prefilter_hits += s.prefilter_hits;
        out->regex_bytes += s.regex_bytes;
        out->approx_bytes += s.approx_bytes;
        out->normalized_bytes += s.normalized_bytes;
    }
}

rs_err rs_pool_scan(rs_pool *p, const char *const *paths, size_t npaths, const rs_sink *sink,
                    rs_summary *sum)
{
    p->sink = sink;
    p->sum = sum;
    p->closing = false;
    p->fatal = RS_OK; /* an interrupt, once asked for, holds: it may come before the scan */
    unsigned started = 0;
    for (; started < p->n; started++) {
        worker_arg *a = malloc(sizeof *a);
        if (!a) break;
        *a = (worker_arg){p, started};
        if (pthread_create(&p->th[started], NULL, worker, a) != 0) {
            free(a);
            break;
        }
    }
    rs_err e = started ? RS_OK : RS_ERR_NOMEM;
    rs_walk_ops ops = {.ctx = p, .file = on_file, .problem = on_problem, .stop = &p->stop};
    for (size_t i = 0; i < npaths && !e; i++)
        e = rs_walk(&p->opt, paths[i], &ops);
    pthread_mutex_lock(&p->mu);
    p->closing = true;
    pthread_cond_broadcast(&p->has_job);
    while (started && p->next_emit < p->next_seq) {
        drain(p);
        if (p->next_emit < p->next_seq) pthread_cond_wait(&p->has_result, &p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(p->th[i], NULL);
    if (e == RS_ERR_INTERRUPTED || p->stop) sum->interrupted = true;
    if (!e) e = p->fatal;
    if (!e && sum->interrupted) e = RS_ERR_INTERRUPTED;
    return e;
}
