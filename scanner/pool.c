/* pool.c — parallel scanning with output identical to a single scanner's.
 *
 * The calling thread walks and numbers every file the walk meets (seq 0, 1, 2, ...); a
 * file is a job, queued in a ring of slots indexed by seq. Worker threads, each with its
 * own rs_scanner, take jobs in seq order and put copies of the units a job yields in its
 * slot. The calling thread hands units to the sink strictly in seq order, so the report
 * does not depend on which worker finished first:
 *
 *   walk ─ seq ─▶ slot[seq] ─▶ worker 1..N ─▶ slot[seq].units ─▶ sink (in seq order)
 *
 * The head of the line is the oldest job not yet emitted (seq == next_emit). It owns the
 * output: the calling thread takes its units as they are produced, batch by batch, and
 * passes them to the sink while the job is still being scanned — an archive of 200,000
 * members is never held whole. Every other job buffers its units until it becomes the
 * head; what it may buffer is bounded:
 *
 *   - one job, JOB_UNIT_BYTES of units (the head's not yet taken units, too);
 *   - all jobs but the head together, UNIT_BYTES;
 *   - jobs walked and not yet emitted: at most MAX_INFLIGHT; the copies of the names of
 *     those not yet taken by a worker, JOB_BYTES (the walk waits for room).
 *
 * A worker whose job would go over a bound waits until its job is the head (and, for the
 * head, until the calling thread has taken its units): the units stay in the scanner's
 * hands, the memory does not grow. The head never waits on another job, so the line always
 * moves: jobs are taken in seq order, so the head is either finished (the calling thread
 * emits it) or being scanned by a worker that only waits for the calling thread, which
 * always drains the head before it sleeps. Memory is thus bounded whatever the tree's size
 * or an archive's member count, while small files behind a big one are still scanned in
 * parallel (up to the bounds) rather than waiting for it.
 *
 * Summary counting, the sink and its errors stay on the calling thread. A sink error or an
 * interruption stops the workers at their next unit; units already produced are emitted (or,
 * after a sink error, dropped) in order, so the report stays consistent and is marked
 * incomplete.
 */
#include "engine.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The bounds (tests/unit/test_pool_bounds.c builds this file with tiny ones). */
#ifndef JOB_UNIT_BYTES
#define JOB_UNIT_BYTES ((size_t)1 << 20) /* units one job may hold */
#define UNIT_BYTES ((size_t)8 << 20)     /* units all jobs but the head may hold together */
#define JOB_BYTES ((size_t)4 << 20)      /* copies of the jobs queued, not yet taken */
#define MAX_INFLIGHT ((size_t)1 << 14)   /* jobs walked and not yet emitted */
#define MIN_RING 64                      /* slots the ring starts with (a power of two) */
#define HEAD_BATCH 64                    /* the head's units wake the calling thread by these */
#define EMIT_BATCH 32                    /* finished jobs wake the calling thread by these */
#endif

typedef struct job {
    char *display, *fspath, *sidecar, *tdm_source, *tdm_location, *tdm_policy;
    int tdm_reservation;
    size_t bytes; /* what the job's copy costs (counted in JOB_BYTES) */
    struct stat st;
} job;

typedef struct slot {
    job *job;        /* until a worker takes it; NULL for a unit the walk decided on */
    rs_unit **units; /* produced, not yet taken by the calling thread */
    size_t n, cap;
    size_t bytes; /* what those units cost */
    rs_err err;
    bool done;    /* the job is finished: no more units will come */
    bool stalled; /* its worker waits for the calling thread to take its units */
} slot;

struct rs_pool {
    const rs_sigdb *db;
    rs_options opt;
    unsigned n;
    rs_scanner **sc;
    pthread_t *th;
    pthread_mutex_t mu;
    pthread_cond_t has_job;    /* workers: a job was queued, or the scan is closing */
    pthread_cond_t has_result; /* the calling thread: the head has units or is done */
    pthread_cond_t moved;      /* workers: the head moved on, or its units were taken */
    slot *ring;                /* slots[seq & (cap - 1)] for next_emit <= seq < next_seq */
    size_t cap;                /* a power of two */
    uint64_t next_seq, next_take, next_emit;
    unsigned active;   /* workers scanning or taking jobs, not waiting for anyone */
    size_t job_bytes;  /* copies of the jobs queued, not yet taken by a worker */
    size_t unit_bytes; /* units held by jobs other than the head */
    bool closing;
    rs_err fatal;
    volatile sig_atomic_t stop;
    const rs_sink *sink;
    rs_summary *sum;
};

/* The stop flag is set by a signal handler or another thread: read it atomically. */
static bool stopped(const rs_pool *p)
{
    return __atomic_load_n(&p->stop, __ATOMIC_RELAXED) != 0;
}

static slot *slot_of(const rs_pool *p, uint64_t seq)
{
    return &p->ring[seq & (p->cap - 1)];
}

/* The head has enough for the calling thread to wake for: a batch of units, a worker that
 * waits for it, EMIT_BATCH finished jobs in a row, or a finished head while no worker is
 * scanning (nothing else will come to wake it). Waking per batch, not per file, keeps the
 * thread handoffs (futex calls and context switches) few on a tree of small files.
 * Workers check this whenever they change what it reads and signal has_result when it
 * holds; the calling thread sleeps only while it is false. Lock held. */
static bool head_wants_drain(const rs_pool *p)
{
    if (p->next_emit == p->next_seq) return false;
    const slot *sl = slot_of(p, p->next_emit);
    if (sl->job) return false;
    if (sl->stalled || sl->n >= HEAD_BATCH || sl->bytes >= JOB_UNIT_BYTES / 2) return true;
    if (!sl->done) return false;
    if (p->active == 0) return true;
    uint64_t seq = p->next_emit + 1;
    for (; seq < p->next_seq && seq - p->next_emit < EMIT_BATCH; seq++) {
        const slot *t = slot_of(p, seq);
        if (t->job || !t->done) return false;
    }
    return seq - p->next_emit >= EMIT_BATCH;
}

static size_t slen(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* What a copy of u costs, near enough: the block rs_unit_dup allocates, its pointer in a
 * slot, and malloc's overhead. */
static size_t unit_bytes(const rs_unit *u)
{
    size_t n = sizeof *u + sizeof(rs_unit *) + 32;
    n += slen(u->path) + slen(u->reason) + slen(u->type) + slen(u->holder) + slen(u->holder_name) +
         slen(u->sidecar_of) + slen(u->policy) + slen(u->policy_reason);
    for (size_t i = 0; i < u->nfindings; i++) {
        const rs_finding *f = &u->findings[i];
        n += sizeof *f + slen(f->signature) + slen(f->holder) + slen(f->holder_name) +
             slen(f->field) + slen(f->excerpt) + 8;
    }
    for (size_t i = 0; i < u->nproperties; i++) {
        const rs_property *q = &u->properties[i];
        n += sizeof *q + slen(q->value) + slen(q->field) + slen(q->raw) + 8;
    }
    for (size_t i = 0; i < u->nconflicts; i++)
        n += sizeof(rs_conflict) + slen(u->conflicts[i].why) + 8;
    return n;
}

static void free_job(job *j)
{
    if (!j) return;
    free(j->display);
    free(j->fspath);
    free(j->sidecar);
    free(j->tdm_source);
    free(j->tdm_location);
    free(j->tdm_policy);
    free(j);
}

static void free_units(rs_unit **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rs_unit_free(v[i]);
    free(v);
}

/* Appends u (owned) to the slot; lock held. */
static rs_err push_unit(slot *sl, rs_unit *u)
{
    if (sl->n == sl->cap) {
        size_t cap = sl->cap ? sl->cap * 2 : 16;
        rs_unit **v = realloc(sl->units, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        sl->units = v;
        sl->cap = cap;
    }
    sl->units[sl->n++] = u;
    return RS_OK;
}

/* The sink a worker's scanner writes to: copies the unit into the job's slot, first
 * waiting while that would take the job over its bounds. */
typedef struct collector {
    rs_pool *p;
    uint64_t seq;
} collector;

static rs_err collect(void *ctx, const rs_unit *u)
{
    collector *c = ctx;
    rs_pool *p = c->p;
    size_t need = unit_bytes(u);
    rs_unit *d = rs_unit_dup(u);
    if (!d) return RS_ERR_NOMEM;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (stopped(p) || p->fatal) {
            pthread_mutex_unlock(&p->mu);
            rs_unit_free(d);
            return RS_ERR_INTERRUPTED;
        }
        slot *sl = slot_of(p, c->seq);
        bool head = c->seq == p->next_emit;
        if (head ? sl->n == 0 || sl->bytes + need <= JOB_UNIT_BYTES
                 : sl->bytes + need <= JOB_UNIT_BYTES && p->unit_bytes + need <= UNIT_BYTES)
            break;
        sl->stalled = head;
        p->active--;
        if (head_wants_drain(p)) pthread_cond_signal(&p->has_result); /* take units, please */
        pthread_cond_wait(&p->moved, &p->mu);
        p->active++;
        slot_of(p, c->seq)->stalled = false; /* the ring may have grown meanwhile */
    }
    slot *sl = slot_of(p, c->seq);
    rs_err e = push_unit(sl, d);
    if (e) {
        pthread_mutex_unlock(&p->mu);
        rs_unit_free(d);
        return e;
    }
    sl->bytes += need;
    if (c->seq == p->next_emit) {
        if (head_wants_drain(p)) pthread_cond_signal(&p->has_result);
    } else {
        p->unit_bytes += need;
    }
    pthread_mutex_unlock(&p->mu);
    return RS_OK;
}

static rs_err scan_job(rs_pool *p, rs_scanner *s, job *j, uint64_t seq)
{
    if (stopped(p)) return RS_ERR_INTERRUPTED;
    collector c = {p, seq};
    rs_sink sink = {.ctx = &c, .unit = collect};
    s->sink = &sink;
    s->sum = NULL; /* the calling thread counts, in order */
    size_t mark = rs_engine_push(s, "", j->display);
    rs_walk_info info = {.sidecar_of = j->sidecar,
                         .tdm_source = j->tdm_source,
                         .tdm_location = j->tdm_location,
                         .tdm_policy = j->tdm_policy,
                         .tdm_reservation = j->tdm_reservation};
    s->info = &info;
    rs_err e = rs_engine_file(s, j->fspath, &j->st);
    s->info = NULL;
    s->sink = NULL;
    rs_engine_pop(s, mark);
    return e;
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
    bool busy = false; /* counted in p->active: from a job taken until the queue is empty */
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next_take == p->next_seq && !p->closing) {
            if (busy) {
                busy = false;
                p->active--;
                if (head_wants_drain(p)) pthread_cond_signal(&p->has_result);
            }
            pthread_cond_wait(&p->has_job, &p->mu);
        }
        if (p->next_take == p->next_seq) break;
        uint64_t seq = p->next_take++;
        slot *sl = slot_of(p, seq);
        job *j = sl->job;
        if (!j) continue; /* a unit the walk decided on: done already */
        sl->job = NULL;
        if (!busy) p->active++;
        busy = true;
        /* The walk, when it waits for room, is woken once its queue is down to three
         * quarters, not per job taken. */
        size_t low = JOB_BYTES - JOB_BYTES / 4;
        bool walk_on = p->job_bytes >= low && p->job_bytes - j->bytes < low;
        p->job_bytes -= j->bytes;
        if (walk_on) pthread_cond_signal(&p->has_result);
        pthread_mutex_unlock(&p->mu);
        rs_err e = scan_job(p, s, j, seq);
        free_job(j);
        pthread_mutex_lock(&p->mu);
        sl = slot_of(p, seq); /* the ring may have grown meanwhile */
        sl->err = e;
        sl->done = true;
        if (head_wants_drain(p)) pthread_cond_signal(&p->has_result);
    }
    if (busy) {
        p->active--;
        if (head_wants_drain(p)) pthread_cond_signal(&p->has_result);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Hands the head's units to the sink, in seq order, and moves the head on past every
 * finished job. Takes one batch of an unfinished head and returns (the walk must not
 * starve behind a long job). Called with the lock held; drops it while the sink runs. */
static void drain(rs_pool *p)
{
    while (p->next_emit < p->next_seq) {
        slot *sl = slot_of(p, p->next_emit);
        if (sl->job) return; /* not taken by a worker yet */
        bool done = sl->done;
        if (!done && sl->n == 0) return;
        rs_unit **v = sl->units;
        size_t n = sl->n;
        rs_err err = sl->err;
        bool wake = done || sl->stalled; /* whom the move may let go on */
        sl->stalled = false;             /* (its worker sets it again if it must wait again) */
        sl->units = NULL;
        sl->n = sl->cap = 0;
        sl->bytes = 0;
        if (done) {
            memset(sl, 0, sizeof *sl);
            p->next_emit++;
            /* the new head's units no longer count against the others' budget */
            if (p->next_emit < p->next_seq) p->unit_bytes -= slot_of(p, p->next_emit)->bytes;
        }
        if (wake) pthread_cond_broadcast(&p->moved);
        rs_err fatal = p->fatal; /* written by this thread only, under the lock */
        pthread_mutex_unlock(&p->mu);
        for (size_t i = 0; i < n && !fatal; i++) { /* after a sink error, nothing more */
            rs_summary_add(p->sum, v[i]);
            fatal = p->sink && p->sink->unit ? p->sink->unit(p->sink->ctx, v[i]) : RS_OK;
        }
        free_units(v, n);
        if (done && err == RS_ERR_INTERRUPTED)
            p->sum->interrupted = true;
        else if (done && err && !fatal)
            fatal = err;
        pthread_mutex_lock(&p->mu);
        if (fatal && !p->fatal) {
            p->fatal = fatal;
            rs_pool_interrupt(p);
            pthread_cond_broadcast(&p->moved); /* workers waiting for the head: give up */
        }
        if (!done) return;
    }
}

/* Room for one more job in flight: fewer than MAX_INFLIGHT, their names under JOB_BYTES
 * (always room when none is). Lock held. */
static bool room(const rs_pool *p)
{
    uint64_t inflight = p->next_seq - p->next_emit;
    return inflight == 0 || (inflight < MAX_INFLIGHT && p->job_bytes < JOB_BYTES);
}

/* Grows the ring when it is full (it has room for MAX_INFLIGHT at most). Lock held. */
static rs_err grow(rs_pool *p)
{
    if (p->next_seq - p->next_emit < p->cap) return RS_OK;
    size_t cap = p->cap * 2;
    slot *r = calloc(cap, sizeof *r);
    if (!r) return RS_ERR_NOMEM;
    for (uint64_t seq = p->next_emit; seq < p->next_seq; seq++)
        r[seq & (cap - 1)] = *slot_of(p, seq);
    free(p->ring);
    p->ring = r;
    p->cap = cap;
    return RS_OK;
}

/* Waits for room for one more job (emitting what is ready meanwhile), then makes its slot;
 * lock held. Returns the slot's seq, or an error (out of memory). */
static rs_err add_slot(rs_pool *p, uint64_t *seq)
{
    for (;;) {
        drain(p);
        if (room(p)) break;
        if (!head_wants_drain(p)) pthread_cond_wait(&p->has_result, &p->mu);
    }
    rs_err e = grow(p);
    if (e) return e;
    *seq = p->next_seq++;
    memset(slot_of(p, *seq), 0, sizeof(slot));
    return RS_OK;
}

/* strdup that keeps NULL; *bytes counts what was copied, *bad is set when a copy fails. */
static char *dup_or_null(const char *s, size_t *bytes, bool *bad)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d) *bad = true;
    *bytes += slen(s);
    return d;
}

static rs_err on_file(void *ctx, const char *display, const char *fspath, const struct stat *st,
                      const rs_walk_info *info)
{
    rs_pool *p = ctx;
    job *j = calloc(1, sizeof *j);
    if (!j) return RS_ERR_NOMEM;
    j->st = *st;
    j->tdm_reservation = info->tdm_reservation;
    j->bytes = sizeof *j + 6 * 16;
    bool bad = false;
    j->display = dup_or_null(display, &j->bytes, &bad);
    j->fspath = dup_or_null(fspath, &j->bytes, &bad);
    j->sidecar = dup_or_null(info->sidecar_of, &j->bytes, &bad);
    j->tdm_source = dup_or_null(info->tdm_source, &j->bytes, &bad);
    j->tdm_location = dup_or_null(info->tdm_location, &j->bytes, &bad);
    j->tdm_policy = dup_or_null(info->tdm_policy, &j->bytes, &bad);
    if (bad) {
        free_job(j);
        return RS_ERR_NOMEM;
    }
    pthread_mutex_lock(&p->mu);
    uint64_t seq;
    rs_err e = add_slot(p, &seq);
    if (e) {
        pthread_mutex_unlock(&p->mu);
        free_job(j);
        return e;
    }
    slot_of(p, seq)->job = j;
    p->job_bytes += j->bytes;
    pthread_cond_signal(&p->has_job);
    e = p->fatal;
    pthread_mutex_unlock(&p->mu);
    return e;
}

/* A unit the walk decided on (skipped/failed) needs no worker: its slot is done at once. */
static rs_err on_problem(void *ctx, const char *display, rs_status st, const char *reason)
{
    rs_pool *p = ctx;
    rs_unit u = {.path = display, .status = st, .reason = reason};
    size_t need = unit_bytes(&u);
    rs_unit *d = rs_unit_dup(&u);
    if (!d) return RS_ERR_NOMEM;
    pthread_mutex_lock(&p->mu);
    uint64_t seq;
    rs_err e = add_slot(p, &seq);
    slot *sl = e ? NULL : slot_of(p, seq);
    if (!e) e = push_unit(sl, d);
    if (e) {
        if (sl) sl->done = true;
        pthread_mutex_unlock(&p->mu);
        rs_unit_free(d);
        return e;
    }
    sl->bytes = need;
    sl->done = true;
    if (seq != p->next_emit) p->unit_bytes += need;
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
    p->cap = MIN_RING;
    p->sc = calloc(threads, sizeof *p->sc);
    p->th = calloc(threads, sizeof *p->th);
    p->ring = calloc(p->cap, sizeof *p->ring);
    rs_err e = (!p->sc || !p->th || !p->ring) ? RS_ERR_NOMEM : RS_OK;
    for (unsigned i = 0; i < threads && !e; i++)
        e = rs_scanner_new(db, &p->opt, &p->sc[i]);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->has_job, NULL);
    pthread_cond_init(&p->has_result, NULL);
    pthread_cond_init(&p->moved, NULL);
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
    free(p->ring);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->has_job);
    pthread_cond_destroy(&p->has_result);
    pthread_cond_destroy(&p->moved);
    free(p);
}

unsigned rs_pool_threads(const rs_pool *p)
{
    return p->n;
}

void rs_pool_interrupt(rs_pool *p)
{
    __atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED); /* lock-free: async-signal-safe */
    for (unsigned i = 0; i < p->n; i++)
        if (p->sc[i]) rs_scanner_interrupt(p->sc[i]);
}

void rs_pool_stats(const rs_pool *p, rs_stats *out)
{
    memset(out, 0, sizeof *out);
    for (unsigned i = 0; i < p->n; i++) {
        rs_stats s;
        rs_scanner_stats(p->sc[i], &s);
        rs_stats_add(out, &s);
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
        if (p->next_emit < p->next_seq && !head_wants_drain(p))
            pthread_cond_wait(&p->has_result, &p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(p->th[i], NULL);
    if (e == RS_ERR_INTERRUPTED || stopped(p)) sum->interrupted = true;
    if (!e) e = p->fatal;
    if (!e && sum->interrupted) e = RS_ERR_INTERRUPTED;
    return e;
}
