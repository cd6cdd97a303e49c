/* rightscan.h — the public interface of the rightscan engine library.
 *
 * Ownership, once for the whole API:
 *   - rs_x_new(..., rs_x **out) writes *out only on success; pair it with rs_x_free(x);
 *     rs_x_free(NULL) is a no-op.
 *   - Everything handed to a sink callback (an rs_unit and all it points to) is borrowed
 *     for the duration of the call only; copy what you keep.
 *   - Functions return an rs_err; the detail, when there is one, is written into a
 *     caller-supplied message buffer or carried on the unit (rs_unit.reason).
 *   - A unit's verdict is never an error: restricted content is RS_OK with class
 *     RS_CLASS_RESTRICTED.
 *
 * Loaded signatures (rs_sigdb) are immutable and may be shared by threads; an rs_scanner
 * is one worker's state and must be used by one thread at a time.
 */
#ifndef RIGHTSCAN_H
#define RIGHTSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RS_VERSION "0.1.0"
/* Version of the JSON / JSON Lines report contract (reports/FORMAT.md). */
#define RS_REPORT_VERSION 1

typedef enum rs_err {
    RS_OK = 0,
    RS_ERR_NOMEM,       /* out of memory */
    RS_ERR_IO,          /* a read or write failed */
    RS_ERR_ARG,         /* invalid argument or option */
    RS_ERR_SIGNATURE,   /* a signature file is invalid */
    RS_ERR_LIMIT,       /* a configured limit was reached */
    RS_ERR_CORRUPT,     /* the input is malformed */
    RS_ERR_ENCRYPTED,   /* the input is encrypted */
    RS_ERR_UNSUPPORTED, /* the input's format is not supported */
    RS_ERR_INTERRUPTED, /* the scan was stopped (signal) */
    RS_ERR_SINK,        /* the sink failed (e.g. the report could not be written) */
    RS_ERR_TIMEOUT,     /* the unit's time budget ran out */
} rs_err;

/* A short English description of an error code ("out of memory"). */
const char *rs_strerror(rs_err e);

/* Reuse class, ordered from least to most restrictive. */
typedef enum rs_class {
    RS_CLASS_NONE = 0,    /* no rights signal */
    RS_CLASS_OPEN,        /* reuse needs nothing (CC0, public domain) */
    RS_CLASS_ATTRIBUTION, /* reuse needs credit (CC BY, CC BY-SA) */
    RS_CLASS_RESTRICTED,  /* reuse needs a subscription, licence or written contract */
} rs_class;
const char *rs_class_name(rs_class c); /* "none", "open", "attribution", "restricted" */
/* Parses a class name; returns false when the name is not one. */
bool rs_class_parse(const char *name, rs_class *out);

typedef enum rs_status {
    RS_STATUS_SCANNED = 0, /* every byte of the unit was read and matched */
    RS_STATUS_SKIPPED,     /* deliberately not read (limit, FIFO, symlink, ...); see reason */
    RS_STATUS_FAILED,      /* could not be read (corrupt, I/O error, ...); see reason */
} rs_status;
const char *rs_status_name(rs_status s); /* "scanned", "skipped", "failed" */

typedef enum rs_kind {
    RS_KIND_NOTICE = 0, /* a rights notice in running text */
    RS_KIND_BYLINE,     /* a wire byline / dateline / credit by position */
    RS_KIND_METADATA,   /* a holder named in a structured metadata field */
    RS_KIND_LICENCE,    /* a licence statement (Creative Commons, ...) */
} rs_kind;
const char *rs_kind_name(rs_kind k); /* "notice", "byline", "metadata", "licence" */

typedef struct rs_finding {
    const char *signature;   /* signature id, e.g. "ilkha", "generic-rights-reserved" */
    const char *holder;      /* rights holder id: the signature's holder ("unknown" if generic) */
    const char *holder_name; /* holder named by the text itself, or NULL */
    rs_kind kind;
    rs_class cls;
    const char *field; /* where: "body", "html:meta:copyright", "xmp:dc:rights", "iptc:2:116" */
    uint64_t offset;   /* byte offset of the match in the unit's own bytes */
    unsigned line;     /* 1-based line in the unit, 0 when the field has no line (metadata) */
    unsigned column;   /* 1-based column in characters, 0 when line is 0 */
    const char *excerpt; /* the matched text (UTF-8, at most ~200 bytes, whitespace collapsed) */
    double confidence;   /* 0..1: how sure the finding is (from score, coverage and kind) */
    double score;        /* 0..1: how closely the text matches (1 for an exact pattern) */
    double coverage;     /* 0..1: share of a notice's words matched (1 for patterns) */
} rs_finding;

/* A property of a unit beyond its notices (issue 4's "signals beyond the notice"). */
typedef enum rs_prop_kind {
    RS_PROP_AI_RESERVED = 0, /* text-and-data-mining / AI training reserved or prohibited */
    RS_PROP_EMBARGO,         /* a release time; active = still under embargo as of the date */
    RS_PROP_EXPIRY,          /* an expiry time; active = already expired as of the date */
} rs_prop_kind;
const char *rs_prop_kind_name(rs_prop_kind k); /* "ai-reservation", "embargo", "expiry" */

typedef struct rs_property {
    rs_prop_kind kind;
    bool active;        /* AI: the reservation applies; embargo: in force; expiry: passed */
    const char *value;  /* normalised: "reserved", or an ISO 8601 UTC time "2026-12-01T10:00:00Z" */
    const char *field;  /* where it was found: "html:meta:tdm-reservation", "iptc:2:030", ... */
    const char *raw;    /* the value as written (UTF-8, cut to ~200 bytes) */
} rs_property;

/* Two layers of a unit that disagree: e.g. the body says all rights reserved by X while
 * the XMP licence says CC BY, or the IPTC credit names another agency than the byline. */
typedef struct rs_conflict {
    const rs_finding *a, *b; /* point into the unit's findings */
    const char *why;         /* "holders differ" or "classes differ" */
} rs_conflict;

typedef struct rs_unit {
    const char *path;   /* path chain: "bundles/b.tar.gz!/incoming/batch.zip!/story.txt" */
    rs_status status;
    const char *reason; /* why skipped/failed (e.g. "corrupt: truncated zip"), else NULL */
    const char *type;   /* detected media type, e.g. "text/html"; NULL if not opened */
    uint64_t size;      /* bytes of the unit (decompressed for archive members) */
    unsigned depth;     /* archive nesting depth: 0 for a file on disk */
    bool container;     /* an archive whose members are reported as units of their own */
    rs_class cls;       /* verdict: the most restrictive finding's class */
    const char *holder; /* verdict holder id, NULL when cls is RS_CLASS_NONE */
    const char *holder_name; /* the holder named in the verdict finding's text, or NULL */
    size_t nfindings;
    const rs_finding *findings; /* in unit order: by field, then offset */
    size_t nproperties;
    const rs_property *properties; /* AI reservation, embargo, expiry */
    size_t nconflicts;
    const rs_conflict *conflicts;
    const char *sidecar_of; /* for an .xmp sidecar: the path of the image it describes */
    const char *policy;        /* with a policy: "ok", "violation" or "review"; else NULL */
    const char *policy_reason; /* why, in words ("restricted by reuters: no contract in force") */
} rs_unit;

/* Copies a borrowed unit (and everything it points to) into one block the caller owns;
 * NULL when out of memory. Free it with rs_unit_free. */
rs_unit *rs_unit_dup(const rs_unit *u);
void rs_unit_free(rs_unit *u);

/* Counts over a whole scan. */
typedef struct rs_summary {
    uint64_t units;                /* units met = scanned + skipped + failed */
    uint64_t scanned, skipped, failed;
    uint64_t by_class[4];          /* indexed by rs_class, over scanned units */
    uint64_t ai_reserved;          /* units with an active AI/TDM reservation */
    uint64_t embargoed;            /* units still under embargo as of the date */
    uint64_t expired;              /* units past their expiry as of the date */
    uint64_t conflicts;            /* units whose layers disagree */
    bool policy;                   /* a policy was applied: the three counts below mean something */
    uint64_t policy_ok, policy_violation, policy_review;
    uint64_t containers;           /* archives opened (also counted in units) */
    uint64_t bytes;                /* bytes read, decompressed */
    bool interrupted;              /* stopped before the end */
} rs_summary;

/* A sink receives each unit once, in a deterministic order (sorted walk, archive order).
 * Returning anything but RS_OK stops the scan with that error. */
typedef struct rs_sink {
    void *ctx;
    rs_err (*unit)(void *ctx, const rs_unit *u);
} rs_sink;

/* The organisation's policy: holders it has contracts with (see policy.c for the file). */
typedef struct rs_policy rs_policy;
/* Loads a policy file (YAML). On failure writes "FILE:LINE:COL: what is wrong" into err
 * and returns RS_ERR_ARG (or RS_ERR_IO / RS_ERR_NOMEM); nothing is loaded half-way. */
rs_err rs_policy_load(const char *path, rs_policy **out, char *err, size_t errlen);
void rs_policy_free(rs_policy *p);

typedef struct rs_limits {
    unsigned max_depth;        /* archive nesting depth (default 8) */
    uint64_t max_member_bytes; /* bytes of one archive member (default 256 MiB) */
    uint64_t max_file_bytes;   /* bytes of one file on disk read for scanning (default 4 GiB) */
    uint64_t max_total_bytes;  /* bytes expanded from one top-level input (default 1 GiB) */
    uint64_t max_members;      /* members of one archive (default 100000) */
    unsigned max_ratio;        /* expanded:compressed ratio of one member (default 1000) */
} rs_limits;

/* A file the walk must not read as content: the report this scan writes. */
typedef struct rs_exclude {
    uint64_t dev, ino;
    const char *reason; /* reported as a skipped unit with this reason; NULL: left out */
} rs_exclude;

typedef struct rs_options {
    rs_limits limits;
    const rs_exclude *exclude;  /* files not to read (the report being written) */
    size_t nexclude;
    unsigned shard_index, shard_count; /* scan only the files in shard index (0-based) of
                                          count, by a stable hash of the path; count 0 or 1:
                                          everything */
    double min_confidence;      /* findings below this are dropped (default 0) */
    double verdict_confidence;  /* a verdict never rests on findings below this alone
                                   (default 0.5; such findings are still listed) */
    bool follow_symlinks;       /* follow symbolic links while walking (loops detected) */
    uint64_t unit_timeout_us;   /* time budget of one unit, microseconds (default 30 s; 0: none) */
    const char *legacy_charset; /* iconv name for undeclared 8-bit text (default WINDOWS-1252) */
    int64_t as_of;              /* embargo/expiry reference, seconds since the epoch UTC
                                   (default: the time rs_options_default ran) */
    const rs_policy *policy;    /* judge units against it (NULL: no policy) */
    bool no_prefilter;          /* run every signature over every byte (benchmarks, tests):
                                   same findings, far slower */
    unsigned file_threads;      /* threads one large text file may be matched with, window by
                                   window (0 or 1: the scanning thread alone; at most 4); the
                                   report is the same for any number */
} rs_options;

/* Parses a date or date-time — ISO 8601 ("2026-12-01", "2026-12-01T10:00:00Z",
 * "...+03:00"), IPTC/NITF basic ("20261201", "20261201T100000+0300") — into seconds since
 * the epoch, UTC. Returns false when s is none of these. */
bool rs_parse_time(const char *s, int64_t *out);

/* Fills *o with the documented defaults. */
void rs_options_default(rs_options *o);

/* ---- signatures ---- */

typedef struct rs_sigdb rs_sigdb;

/* Loads every *.yml / *.yaml file under each directory (recursively, sorted). Later
 * directories override signatures of the same id from earlier ones. On failure returns
 * RS_ERR_SIGNATURE (or RS_ERR_NOMEM/RS_ERR_IO) and writes "FILE:LINE:COL: what is wrong"
 * into err; nothing is loaded half-way. */
rs_err rs_sigdb_load(const char *const *dirs, size_t ndirs, rs_sigdb **out, char *err,
                     size_t errlen);
void rs_sigdb_free(rs_sigdb *db);
size_t rs_sigdb_count(const rs_sigdb *db);

/* Information about one loaded signature, for listing. */
typedef struct rs_siginfo {
    const char *id, *name, *holder, *file;
    rs_class cls;
    const char *languages; /* comma-separated language codes, e.g. "en,tr" */
    size_t nnotices, npatterns, nbylines, ncredits, nexamples;
} rs_siginfo;
/* Fills *info for signature i (0 <= i < rs_sigdb_count), in id order. */
void rs_sigdb_info(const rs_sigdb *db, size_t i, rs_siginfo *info);

/* Runs every signature's examples. For each example that fails, calls report(ctx, msg)
 * with "FILE:LINE: signature ID: example expected to match/not match: ...". Returns the
 * number of failures; *total gets the number of examples run. */
size_t rs_sigdb_selftest(const rs_sigdb *db, void (*report)(void *ctx, const char *msg),
                         void *ctx, size_t *total);

/* Describes signature id for people: name, class, holder, file, notices, patterns,
 * bylines, credits, examples (malloc'd text; NULL when there is no such id or no memory). */
char *rs_sigdb_describe(const rs_sigdb *db, const char *id);

/* Lints the signature files under dirs without stopping at the first problem: schema,
 * duplicate ids within a directory, regex compile errors, notices/patterns whose literal
 * anchors are too short or too common for the prefilter to help. Calls report(ctx, msg)
 * with "FILE:LINE:COL: what is wrong" per problem and returns the count (0: clean). */
size_t rs_sigdb_lint(const char *const *dirs, size_t ndirs,
                     void (*report)(void *ctx, const char *msg), void *ctx);

/* Calls fn once per literal prefilter anchor of the loaded signatures (normalised text:
 * lower case, no diacritics), sorted and without duplicates. */
void rs_sigdb_anchors(const rs_sigdb *db, void (*fn)(void *ctx, const char *anchor), void *ctx);

/* ---- scanning ---- */

typedef struct rs_scanner rs_scanner;

rs_err rs_scanner_new(const rs_sigdb *db, const rs_options *opt, rs_scanner **out);
void rs_scanner_free(rs_scanner *s);

/* Scans a path (file, directory or archive) as the user named it. Units are pushed to the
 * sink and counted into *sum (which the caller zero-initialises once for a whole run).
 * Problems with units (unreadable, corrupt, limits) are reported as units, not returned;
 * only a sink failure, running out of memory or an interruption is returned. */
rs_err rs_scan_path(rs_scanner *s, const char *path, const rs_sink *sink, rs_summary *sum);

/* Scans bytes in memory as one unit (or container) named name. */
rs_err rs_scan_buffer(rs_scanner *s, const char *name, const void *data, size_t len,
                      const rs_sink *sink, rs_summary *sum);

/* What the matcher did, added up over every scan of a scanner (for --stats and bench/). */
typedef struct rs_stats {
    uint64_t fields;          /* text fields matched */
    uint64_t field_bytes;     /* bytes of those fields */
    uint64_t prefilter_hits;  /* literal anchor hits */
    uint64_t regex_bytes;     /* bytes PCRE2 ran over (windows around hits) */
    uint64_t approx_bytes;    /* bytes the approximate notice matcher ran over */
    uint64_t normalized_bytes; /* bytes folded by the normaliser */
} rs_stats;
void rs_scanner_stats(const rs_scanner *s, rs_stats *out);

/* Asks a running scan to stop at the next unit boundary (async-signal-safe). */
void rs_scanner_interrupt(rs_scanner *s);

/* Adds one unit to the counts of a summary (what the engine does for every unit it emits;
 * for callers that build summaries from units, like a report merge). */
void rs_summary_add(rs_summary *sum, const rs_unit *u);

/* The shard (0-based, of count) that a path belongs to: a stable hash (FNV-1a) of the top-level
 * path, so every machine splits a tree the same way. */
unsigned rs_shard_of(const char *path, unsigned count);

/* ---- parallel scanning ---- */

/* A pool of worker threads, each with its own scanner (libmagic cookie, match data,
 * buffers), sharing the signatures. The walk runs on the calling thread and hands files to
 * the workers; units reach the sink on the calling thread in exactly the order a single
 * scanner would give, so output is identical for every number of threads. */
typedef struct rs_pool rs_pool;

/* threads 0 means one per online CPU. */
rs_err rs_pool_new(const rs_sigdb *db, const rs_options *opt, unsigned threads, rs_pool **out);
void rs_pool_free(rs_pool *p);
unsigned rs_pool_threads(const rs_pool *p);
/* Scans each path in order, like rs_scan_path; counts into *sum. */
rs_err rs_pool_scan(rs_pool *p, const char *const *paths, size_t npaths, const rs_sink *sink,
                    rs_summary *sum);
/* Stops a running rs_pool_scan at the next unit boundary, or the next one before it
 * begins; it holds for the pool's life (async-signal-safe). */
void rs_pool_interrupt(rs_pool *p);
/* The matcher counters of every worker, added up. */
void rs_pool_stats(const rs_pool *p, rs_stats *out);

#ifdef __cplusplus
}
#endif
#endif
