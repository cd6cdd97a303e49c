/* scan.c — `rightscan scan`: options, the report sink, progress, signals, atomic output. */
#include "cli.h"
#include "usage.h"

#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct scan_args {
    rs_report_format format;
    const char *output;
    bool all, quiet, builtin, stats;
    unsigned threads; /* 0: one per core */
    const char *files_from;
    const char *policy_file;
    int color; /* -1 auto, 0 never, 1 always */
    cli_sigdirs sigdirs;
    rs_options opt;
} scan_args;

static rs_pool *volatile running;      /* for the signal handler only */
static volatile sig_atomic_t got_signal; /* a SIGINT/SIGTERM came, perhaps before the scan */

static void on_signal(int sig)
{
    (void)sig;
    got_signal = 1;
    if (running) rs_pool_interrupt(running);
}

/* "256M" → 268435456. Returns false on a malformed size. */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-') return false;
    unsigned shift = 0;
    switch (*end) {
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    case 't':
    case 'T':
        shift = 40;
        end++;
        break;
    }
    if (*end == 'i' && shift) end++;
    if ((*end == 'b' || *end == 'B') && shift) end++;
    if (*end || (shift && v > (UINT64_MAX >> shift))) return false;
    *out = (uint64_t)v << shift;
    return true;
}

static bool parse_uint(const char *s, unsigned *out)
{
    uint64_t v;
    if (!parse_size(s, &v) || v > UINT_MAX) return false;
    *out = (unsigned)v;
    return true;
}

enum {
    OPT_COLOR = 256,
    OPT_NO_BUILTIN,
    OPT_CHARSET,
    OPT_MAX_DEPTH,
    OPT_MAX_MEMBER_SIZE,
    OPT_MAX_FILE_SIZE,
    OPT_MAX_TOTAL_SIZE,
    OPT_MAX_MEMBERS,
    OPT_MAX_RATIO,
    OPT_MIN_CONFIDENCE,
    OPT_VERDICT_CONFIDENCE,
    OPT_AS_OF,
    OPT_STATS,
    OPT_SHARD,
    OPT_FILES_FROM,
    OPT_POLICY,
    OPT_TIMEOUT,
    OPT_NO_PREFILTER,
};

static const struct option longopts[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"all", no_argument, NULL, 'a'},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"quiet", no_argument, NULL, 'q'},
    {"signatures", required_argument, NULL, 's'},
    {"no-builtin", no_argument, NULL, OPT_NO_BUILTIN},
    {"follow", no_argument, NULL, 'L'},
    {"charset", required_argument, NULL, OPT_CHARSET},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-member-size", required_argument, NULL, OPT_MAX_MEMBER_SIZE},
    {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
    {"max-total-size", required_argument, NULL, OPT_MAX_TOTAL_SIZE},
    {"max-members", required_argument, NULL, OPT_MAX_MEMBERS},
    {"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
    {"min-confidence", required_argument, NULL, OPT_MIN_CONFIDENCE},
    {"verdict-confidence", required_argument, NULL, OPT_VERDICT_CONFIDENCE},
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"stats", no_argument, NULL, OPT_STATS},
    {"threads", required_argument, NULL, 'j'},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"files-from", required_argument, NULL, OPT_FILES_FROM},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"no-prefilter", no_argument, NULL, OPT_NO_PREFILTER},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* A confidence in [0, 1]. */
static bool parse_unit_interval(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0 && v <= 1)) return false;
    *out = v;
    return true;
}

/* One limit option; returns 0 or an exit code. */
static int limit_opt(scan_args *a, int c, const char *name, const char *v)
{
    rs_limits *l = &a->opt.limits;
    bool ok = true;
    switch (c) {
    case OPT_MAX_DEPTH:
        ok = parse_uint(v, &l->max_depth);
        break;
    case OPT_MAX_MEMBER_SIZE:
        ok = parse_size(v, &l->max_member_bytes);
        break;
    case OPT_MAX_FILE_SIZE:
        ok = parse_size(v, &l->max_file_bytes);
        break;
    case OPT_MAX_TOTAL_SIZE:
        ok = parse_size(v, &l->max_total_bytes);
        break;
    case OPT_MAX_MEMBERS:
        ok = parse_size(v, &l->max_members);
        break;
    case OPT_MAX_RATIO:
        ok = parse_uint(v, &l->max_ratio);
        break;
    }
    if (!ok)
        return cli_usage_error("scan ",
                               "invalid value '%s' for --%s (a number, or a size such "
                               "as 512K, 256M, 1G)",
                               v, name);
    return 0;
}

static int parse_args(int argc, char **argv, scan_args *a)
{
    int c;
    optind = 1;
    opterr = 0;
    int idx = -1;
    while ((c = getopt_long(argc, argv, ":f:o:aqs:Lj:h", longopts, &idx)) != -1) {
        switch (c) {
        case 'f':
            if (!rs_report_format_parse(optarg, &a->format))
                return cli_usage_error("scan ", "unknown format '%s' (text, json or jsonl)",
                                       optarg);
            break;
        case 'o':
            a->output = optarg;
            break;
        case 'a':
            a->all = true;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 's':
            if (cli_add_sigdir(&a->sigdirs, optarg)) return RS_EXIT_ERROR;
            break;
        case 'L':
            a->opt.follow_symlinks = true;
            break;
        case OPT_NO_BUILTIN:
            a->builtin = false;
            break;
        case OPT_CHARSET: {
            iconv_t cd = iconv_open("UTF-8", optarg);
            if (cd == (iconv_t)-1)
                return cli_usage_error("scan ", "--charset: unknown charset '%s' (see iconv -l)",
                                       optarg);
            iconv_close(cd);
            a->opt.legacy_charset = optarg;
            break;
        }
        case OPT_COLOR:
            if (!strcmp(optarg, "auto"))
                a->color = -1;
            else if (!strcmp(optarg, "always"))
                a->color = 1;
            else if (!strcmp(optarg, "never"))
                a->color = 0;
            else
                return cli_usage_error("scan ", "--color takes auto, always or never");
            break;
        case OPT_MIN_CONFIDENCE:
        case OPT_VERDICT_CONFIDENCE:
            if (!parse_unit_interval(optarg, c == OPT_MIN_CONFIDENCE ? &a->opt.min_confidence
                                                                     : &a->opt.verdict_confidence))
                return cli_usage_error("scan ", "--%s takes a number from 0 to 1, not '%s'",
                                       longopts[idx].name, optarg);
            break;
        case OPT_AS_OF: {
            int64_t t;
            if (!rs_parse_time(optarg, &t))
                return cli_usage_error("scan ",
                                       "--as-of takes a date such as 2026-12-01 or "
                                       "2026-12-01T10:00:00Z, not '%s'",
                                       optarg);
            a->opt.as_of = t;
            break;
        }
        case OPT_STATS:
            a->stats = true;
            break;
        case OPT_NO_PREFILTER:
            a->opt.no_prefilter = true;
            break;
        case 'j':
            if (!parse_uint(optarg, &a->threads) || a->threads > 256)
                return cli_usage_error("scan ",
                                       "-j takes a number of threads from 1 to 256 "
                                       "(0: one per core), not '%s'",
                                       optarg);
            break;
        case OPT_SHARD: {
            unsigned k, n;
            char tail;
            if (sscanf(optarg, "%u/%u%c", &k, &n, &tail) != 2 || n == 0 || k == 0 || k > n)
                return cli_usage_error("scan ", "--shard takes K/N with 1 <= K <= N, not '%s'",
                                       optarg);
            a->opt.shard_index = k - 1;
            a->opt.shard_count = n;
            break;
        }
        case OPT_FILES_FROM:
            a->files_from = optarg;
            break;
        case OPT_POLICY:
            a->policy_file = optarg;
            break;
        case OPT_TIMEOUT: {
            char *end;
            errno = 0;
            double sec = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(sec >= 0 && sec <= 86400))
                return cli_usage_error("scan ",
                                       "--timeout takes seconds from 0 to 86400 (0: no "
                                       "budget), not '%s'",
                                       optarg);
            a->opt.unit_timeout_us = sec > 0 && sec < 1e-6 ? 1 : (uint64_t)(sec * 1e6 + 0.5);
            break;
        }
        case 'h':
            fputs(RS_USAGE_SCAN, stdout);
            return -1;
        case ':':
            return cli_usage_error("scan ", "option '%s' needs a value", argv[optind - 1]);
        case '?':
            return cli_usage_error("scan ", "unknown option '%s'", argv[optind - 1]);
        default: {
            int r = limit_opt(a, c, idx >= 0 ? longopts[idx].name : "limit", optarg);
            if (r) return r;
        }
        }
    }
    if (optind >= argc && !a->files_from) return cli_usage_error("scan ", "no PATH to scan");
    return 0;
}

/* The sink: the report, plus progress on a terminal. */
typedef struct progress_sink {
    rs_report *report;
    bool show;
    uint64_t units, bytes;
    struct timespec last;
} progress_sink;

static rs_err sink_unit(void *ctx, const rs_unit *u)
{
    progress_sink *p = ctx;
    p->units++;
    p->bytes += u->size;
    if (p->show && (p->units & 63) == 0) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000;
        if (ms >= 200) {
            fprintf(stderr, "\rrightscan: %llu units, %.1f MiB ", (unsigned long long)p->units,
                    (double)p->bytes / (1 << 20));
            p->last = now;
        }
    }
    return rs_report_unit(p->report, u);
}

/* --stats: what the matcher did, as one JSON object on standard error (for bench/). */
static void print_stats(const rs_pool *sc, const rs_summary *sum)
{
    rs_stats st;
    rs_pool_stats(sc, &st);
    fprintf(stderr,
            "{\"stats\":{\"units\":%llu,\"bytes\":%llu,\"fields\":%llu,\"field_bytes\":%llu,"
            "\"normalized_bytes\":%llu,\"prefilter_hits\":%llu,\"regex_bytes\":%llu,"
            "\"approx_bytes\":%llu}}\n",
            (unsigned long long)sum->units, (unsigned long long)sum->bytes,
            (unsigned long long)st.fields, (unsigned long long)st.field_bytes,
            (unsigned long long)st.normalized_bytes, (unsigned long long)st.prefilter_hits,
            (unsigned long long)st.regex_bytes, (unsigned long long)st.approx_bytes);
}

static int exit_status(const rs_summary *s, rs_err fatal)
{
    if (fatal && fatal != RS_ERR_INTERRUPTED) return RS_EXIT_ERROR;
    if (s->skipped || s->failed || s->interrupted) return RS_EXIT_INCOMPLETE;
    if (s->policy) return s->policy_violation ? RS_EXIT_RESTRICTED : RS_EXIT_CLEAN;
    if (s->by_class[RS_CLASS_RESTRICTED]) return RS_EXIT_RESTRICTED;
    return RS_EXIT_CLEAN;
}

/* Opens the report's destination: stdout, or a temporary file beside FILE that is renamed
 * over it once complete, so a reader never sees half a report. */
static FILE *open_output(const char *path, char *tmp, size_t n)
{
    if (!path || !strcmp(path, "-")) return stdout;
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    snprintf(tmp, n, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error("cannot create the report %s: %s", path, strerror(errno));
        return NULL;
    }
    mode_t mask = umask(0); /* a report is an ordinary new file: 0666 less the umask */
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
    }
    return f;
}

static int close_output(FILE *f, const char *path, const char *tmp, bool ok)
{
    if (f == stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("cannot write the report: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) ok = false;
    if (fclose(f) != 0) ok = false;
    if (ok && rename(tmp, path) == 0) return 0;
    cli_error("cannot write the report %s: %s", path, strerror(errno));
    unlink(tmp);
    return -1;
}

static int run(scan_args *a, int npaths, char **paths)
{
    rs_sigdb *db = NULL;
    rs_pool *sc = NULL;
    rs_report *rep = NULL;
    char tmp[PATH_MAX + 32];
    rs_policy *policy = NULL;
    if (a->policy_file) {
        char err[1024];
        if (rs_policy_load(a->policy_file, &policy, err, sizeof err)) {
            cli_error("%s", err);
            cli_error("the policy could not be loaded; see POLICY in rightscan(1)");
            return RS_EXIT_ERROR;
        }
        a->opt.policy = policy;
    }
    int status = cli_load_signatures(&a->sigdirs, a->builtin, &db);
    if (status) {
        rs_policy_free(policy);
        return status;
    }
    rs_err e = RS_OK;
    FILE *out = open_output(a->output, tmp, sizeof tmp);
    if (!out) {
        status = RS_EXIT_ERROR;
        goto done;
    }
    /* The report may be written inside the tree being scanned: its temporary file is not
     * content, and a previous report there is not content either. */
    rs_exclude excl[2];
    size_t nexcl = 0;
    struct stat xst;
    if (out != stdout && fstat(fileno(out), &xst) == 0)
        excl[nexcl++] = (rs_exclude){(uint64_t)xst.st_dev, (uint64_t)xst.st_ino, NULL};
    if (out != stdout && stat(a->output, &xst) == 0)
        excl[nexcl++] = (rs_exclude){(uint64_t)xst.st_dev, (uint64_t)xst.st_ino,
                                     "the report this scan writes (not content)"};
    a->opt.exclude = excl;
    a->opt.nexclude = nexcl;
    /* a large text file may take as many threads as the scan (the other workers go on with
       the files after it, so the machine stays busy either way) */
    a->opt.file_threads = a->threads ? a->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
    if ((e = rs_pool_new(db, &a->opt, a->threads, &sc))) {
        cli_error("cannot start the scanner: %s", rs_strerror(e));
        status = RS_EXIT_ERROR;
        goto done;
    }
    bool color = a->color == 1 ||
                 (a->color == -1 && out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    rs_report_opts ro = {.all = a->all, .color = color};
    if ((e = rs_report_new(a->format, out, &ro, &rep))) {
        cli_error("cannot start the report: %s", rs_strerror(e));
        status = RS_EXIT_ERROR;
        goto done;
    }
    progress_sink ps = {.report = rep, .show = !a->quiet && isatty(STDERR_FILENO)};
    clock_gettime(CLOCK_MONOTONIC, &ps.last);
    rs_sink sink = {.ctx = &ps, .unit = sink_unit};
    rs_summary sum = {0};
    running = sc;
    if (got_signal) { /* stopped before it began: still an (empty, incomplete) report */
        e = RS_ERR_INTERRUPTED;
        sum.interrupted = true;
    } else {
        e = rs_pool_scan(sc, (const char *const *)paths, (size_t)npaths, &sink, &sum);
    }
    running = NULL;
    if (ps.show) fputs("\r\033[K", stderr);
    if (e == RS_ERR_INTERRUPTED)
        cli_error("interrupted: the report is marked incomplete");
    else if (e)
        cli_error("scan stopped: %s", rs_strerror(e));
    status = exit_status(&sum, e);
    if (a->stats) print_stats(sc, &sum);
    rs_err fe = rs_report_finish(rep, &sum, status);
    if (close_output(out, a->output, tmp, fe == RS_OK) != 0 || fe) status = RS_EXIT_ERROR;
    out = NULL;
done:
    if (out && out != stdout) {
        fclose(out);
        unlink(tmp);
    }
    rs_report_free(rep);
    rs_pool_free(sc);
    rs_sigdb_free(db);
    rs_policy_free(policy);
    return status;
}

/* --files-from FILE: one path a line, or NUL-separated as from find -print0 ("-" reads
 * standard input). Appends to *paths; returns 0 or an exit code. */
static int read_paths(const char *file, char ***paths, int *n)
{
    FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
    if (!f) {
        cli_error("--files-from %s: %s", file, strerror(errno));
        return RS_EXIT_ERROR;
    }
    char *all = NULL;
    size_t len = 0, cap = 0, got;
    int status = 0;
    do { /* the whole list: it is small next to what it names */
        if (len + 65536 > cap) {
            char *p = realloc(all, cap = (len + 65536) * 2);
            if (!p) {
                status = RS_EXIT_ERROR;
                break;
            }
            all = p;
        }
        got = fread(all + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) cli_error("--files-from %s: %s", file, strerror(errno)), status = RS_EXIT_ERROR;
    if (f != stdin) fclose(f);
    char sep = all && memchr(all, '\0', len) ? '\0' : '\n';
    for (size_t i = 0; !status && i < len;) {
        char *end = memchr(all + i, sep, len - i);
        size_t k = end ? (size_t)(end - (all + i)) : len - i;
        size_t keep = k;
        while (sep == '\n' && keep && all[i + keep - 1] == '\r')
            keep--;
        if (keep) {
            char **v = realloc(*paths, (size_t)(*n + 1) * sizeof *v);
            if (v) *paths = v;
            if (!v || !(v[*n] = strndup(all + i, keep)))
                status = RS_EXIT_ERROR;
            else
                (*n)++;
        }
        i += k + 1;
    }
    free(all);
    if (status) cli_error("--files-from %s: out of memory", file);
    return status;
}

int cli_scan(int argc, char **argv)
{
    /* From the start: a signal while the signatures load still ends in a report. */
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    scan_args a = {.format = RS_REPORT_TEXT, .builtin = true, .color = -1};
    rs_options_default(&a.opt);
    int r = parse_args(argc, argv, &a);
    if (r) return r < 0 ? 0 : r;
    if (!a.files_from) return run(&a, argc - optind, argv + optind);
    char **paths = NULL;
    int n = 0;
    for (int i = optind; i < argc && r == 0; i++) {
        char **v = realloc(paths, (size_t)(n + 1) * sizeof *v);
        if (!v || !(v[n] = strdup(argv[i]))) r = RS_EXIT_ERROR;
        if (v) paths = v;
        if (!r) n++;
    }
    if (!r) r = read_paths(a.files_from, &paths, &n);
    if (!r && n == 0) r = cli_usage_error("scan ", "--files-from %s names no path", a.files_from);
    if (!r) r = run(&a, n, paths);
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return r;
}
