/* internal.h — types shared by the engine's modules; not part of the public API.
 *
 * The pipeline, in the order only engine.c knows:
 *   walk.c → archive.c (containers, nested) → detect.c (type) → extract_*.c (text fields
 *   with offset maps) → norm.c (folded text, keeps the map) → match.c (signatures) →
 *   verdict (engine.c) → rs_sink (reports/).
 *
 * Ownership as in rightscan.h. Every growable buffer has a maximum size (rs_buf.max):
 * hitting it returns RS_ERR_LIMIT, never truncates silently.
 */
#ifndef RS_INTERNAL_H
#define RS_INTERNAL_H

#ifndef RS_INTERNAL
#error "internal.h is private to the rightscan engine (define RS_INTERNAL in engine code and tests)"
#endif

#include "rightscan.h"

#include <stdarg.h>
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- buf.c: growable byte buffer with a cap ---- */

typedef struct rs_buf {
    char *data;  /* NUL-terminated when non-NULL (the NUL is not counted in len) */
    size_t len;  /* bytes used */
    size_t cap;  /* bytes allocated */
    size_t max;  /* the most len may ever be; 0 means SIZE_MAX */
} rs_buf;

void rs_buf_init(rs_buf *b, size_t max);
void rs_buf_free(rs_buf *b);
void rs_buf_reset(rs_buf *b); /* len = 0, keeps the memory */
rs_err rs_buf_reserve(rs_buf *b, size_t extra);
rs_err rs_buf_append(rs_buf *b, const void *p, size_t n);
rs_err rs_buf_putc(rs_buf *b, char c);
rs_err rs_buf_printf(rs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends code point cp encoded as UTF-8 (invalid code points become U+FFFD). */
rs_err rs_buf_put_utf8(rs_buf *b, uint32_t cp);

/* Decodes one UTF-8 sequence at s[0..n). Returns its length (1..4) and writes the code
 * point; an invalid or truncated sequence returns 1 and writes U+FFFD. n must be > 0. */
size_t rs_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* The last element of a path ("a/b/c.txt" → "c.txt"). */
const char *rs_base_name(const char *path);
/* strerror(err) as a phrase for a reason: "Permission denied" → "permission denied". */
const char *rs_errno_phrase(int err, char *buf, size_t n);

/* True when s[0..n) is valid UTF-8. */
bool rs_utf8_valid(const unsigned char *s, size_t n);
/* The same by the plain byte loop (utf8_valid.c): the reference for the SIMD code. */
bool rs_utf8_valid_scalar(const unsigned char *s, size_t n);

/* ---- tdmrep.c: W3C TDMRep rules of a directory's .well-known/tdmrep.json ---- */

typedef struct rs_tdm_rule {
    char *location; /* path pattern below the directory, e.g. "/articles/" + "*" */
    int reservation; /* tdm-reservation: 1 reserved, 0 not */
    char *policy;    /* tdm-policy URL, or NULL */
} rs_tdm_rule;

typedef struct rs_tdmrep {
    rs_tdm_rule *v;
    size_t n;
    char *source; /* the file's path as reported */
    size_t base;  /* length of the directory's reported path (rule paths start after it) */
} rs_tdmrep;

rs_err rs_tdmrep_parse(const char *json, size_t n, rs_tdmrep **out, char *err, size_t errlen);
void rs_tdmrep_free(rs_tdmrep *t);
/* The rule whose location matches path ("/articles/a.html"): the longest; NULL if none. */
const rs_tdm_rule *rs_tdmrep_match(const rs_tdmrep *t, const char *path);

/* What the walk knows about a file beyond its bytes. */
typedef struct rs_walk_info {
    const char *sidecar_of;       /* the image an .xmp sidecar describes, or NULL */
    const char *tdm_source;       /* the tdmrep.json whose rule covers the file, or NULL */
    const char *tdm_location;     /* that rule's location */
    const char *tdm_policy;       /* its tdm-policy, or NULL */
    int tdm_reservation;          /* its tdm-reservation */
} rs_walk_info;

/* ---- policy.c ---- */

/* Judges unit u (its findings and verdict) against policy p: returns "ok", "violation" or
 * "review" and writes why into why[0..n). */
const char *rs_policy_judge(const rs_policy *p, const rs_unit *u, const rs_options *opt,
                            char *why, size_t n);

/* ---- deadline.c: per-unit time budgets ---- */

/* Monotonic time in nanoseconds. */
int64_t rs_now_ns(void);
/* A deadline: 0 means none. Checking costs one clock read; call it every few thousand
 * steps of a loop, not every step. */
static inline bool rs_deadline_passed(int64_t deadline_ns)
{
    return deadline_ns && rs_now_ns() > deadline_ns;
}

/* ---- offmap.c: map from offsets in derived text back to offsets in its source ----
 *
 * Derived text (an extracted field, a normalised string) is mostly copied from its
 * source in runs. The map stores one checkpoint per run: text offset t maps to
 * pts[i].src + (t - pts[i].text) for the last checkpoint i with pts[i].text <= t.
 * An empty map is the identity. Writers call rs_offmap_note(m, t, s) when the byte at
 * text offset t comes from source offset s; a checkpoint is stored only when the run
 * breaks, so a 1:1 copy of a megabyte costs one checkpoint. */

typedef struct rs_offmap_pt {
    size_t text, src;
} rs_offmap_pt;

typedef struct rs_offmap {
    rs_offmap_pt *pts;
    size_t n, cap;
} rs_offmap;

void rs_offmap_init(rs_offmap *m);
void rs_offmap_free(rs_offmap *m);
void rs_offmap_reset(rs_offmap *m);
/* t must be >= every t noted before. */
rs_err rs_offmap_note(rs_offmap *m, size_t t, size_t s);
size_t rs_offmap_lookup(const rs_offmap *m, size_t t);

/* ---- fields: what an extractor produces ---- */

/* How the unit's own bytes count lines and columns (for reporting positions). */
typedef enum rs_textenc {
    RS_ENC_UTF8 = 0, /* UTF-8 or ASCII: columns count code points */
    RS_ENC_8BIT,     /* a legacy single-byte charset: columns count bytes */
    RS_ENC_UTF16LE,
    RS_ENC_UTF16BE,
    RS_ENC_UTF32LE,
    RS_ENC_UTF32BE,
} rs_textenc;

typedef struct rs_field {
    char name[80];      /* "body", "html:meta:copyright", "xmp:dc:rights", "iptc:2:116" */
    bool metadata;      /* a structured metadata field (credits match here; kind metadata) */
    bool positional;    /* offsets in the unit have lines and columns (text formats) */
    const char *text;   /* UTF-8, valid, NUL-terminated; points into own or borrowed */
    size_t len;
    rs_buf own;         /* the field's own text when not borrowed */
    rs_offmap map;      /* field text offset -> unit byte offset */
} rs_field;

typedef struct rs_fields {
    rs_field *v;
    size_t n, cap;
    size_t max_bytes; /* cap on each field's text (from the limits) */
} rs_fields;

void rs_fields_init(rs_fields *fs, size_t max_bytes);
void rs_fields_free(rs_fields *fs);
void rs_fields_reset(rs_fields *fs);
/* Adds an empty owned field and returns it in *out (valid until the next add). */
rs_err rs_fields_add(rs_fields *fs, const char *name, bool metadata, bool positional,
                     rs_field **out);
/* Adds a field whose text borrows text[0..len) (valid UTF-8, must outlive the fields);
 * the map is the identity shifted by src_off. */
rs_err rs_fields_add_borrowed(rs_fields *fs, const char *name, bool metadata, bool positional,
                              const char *text, size_t len, size_t src_off, rs_field **out);
/* Appends n bytes (valid UTF-8) to an owned field; byte k came from unit offset src+k. */
rs_err rs_field_append(rs_field *f, const char *p, size_t n, size_t src);
/* Appends one code point, all of whose bytes come from unit offset src. */
rs_err rs_field_put_cp(rs_field *f, uint32_t cp, size_t src);
/* Finishes an owned field: sets text/len from own (call after the last append). */
void rs_field_finish(rs_field *f);
/* Looks a field up by name; NULL if absent. */
const rs_field *rs_fields_find(const rs_fields *fs, const char *name);

/* ---- detect.c: what a unit is ---- */

/* X(ENUM, media type, family). family: T text document, D document (zip/other
 * container read as one unit), I image or other media with metadata, A archive (members
 * are units), C compressed single stream (one member), B binary */
#define RS_TYPE_LIST(X)                                                                    \
    X(UNKNOWN, "application/octet-stream", 'B')                                           \
    X(EMPTY, "inode/x-empty", 'T')                                                         \
    X(TEXT, "text/plain", 'T')                                                             \
    X(MARKDOWN, "text/markdown", 'T')                                                      \
    X(HTML, "text/html", 'T')                                                              \
    X(XML, "application/xml", 'T')                                                         \
    X(JSON, "application/json", 'T')                                                       \
    X(DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 'D') \
    X(XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 'D')      \
    X(PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation", 'D') \
    X(ODT, "application/vnd.oasis.opendocument.text", 'D')                                 \
    X(ODS, "application/vnd.oasis.opendocument.spreadsheet", 'D')                          \
    X(ODP, "application/vnd.oasis.opendocument.presentation", 'D')                         \
    X(EPUB, "application/epub+zip", 'D')                                                   \
    X(PDF, "application/pdf", 'D')                                                         \
    X(RTF, "text/rtf", 'D')                                                                \
    X(JPEG, "image/jpeg", 'I')                                                             \
    X(PNG, "image/png", 'I')                                                               \
    X(GIF, "image/gif", 'I')                                                               \
    X(TIFF, "image/tiff", 'I')                                                             \
    X(WEBP, "image/webp", 'I')                                                             \
    X(HEIF, "image/heif", 'I')                                                             \
    X(MP3, "audio/mpeg", 'I')                                                              \
    X(FLAC, "audio/flac", 'I')                                                             \
    X(OGG, "audio/ogg", 'I')                                                               \
    X(MP4, "video/mp4", 'I')                                                               \
    X(ZIP, "application/zip", 'A')                                                         \
    X(TAR, "application/x-tar", 'A')                                                       \
    X(SEVENZ, "application/x-7z-compressed", 'A')                                          \
    X(RAR, "application/vnd.rar", 'A')                                                     \
    X(CPIO, "application/x-cpio", 'A')                                                     \
    X(ISO9660, "application/x-iso9660-image", 'A')                                         \
    X(CAB, "application/vnd.ms-cab-compressed", 'A')                                       \
    X(LHA, "application/x-lzh-compressed", 'A')                                            \
    X(XAR, "application/x-xar", 'A')                                                       \
    X(GZIP, "application/gzip", 'C')                                                       \
    X(BZIP2, "application/x-bzip2", 'C')                                                   \
    X(XZ, "application/x-xz", 'C')                                                         \
    X(ZSTD, "application/zstd", 'C')                                                       \
    X(LZMA, "application/x-lzma", 'C')                                                     \
    X(COMPRESS, "application/x-compress", 'C')                                             \
    X(LZ4, "application/x-lz4", 'C')

typedef enum rs_type {
#define RS_X(e, mime, fam) RS_TYPE_##e,
    RS_TYPE_LIST(RS_X)
#undef RS_X
        RS_TYPE__COUNT
} rs_type;

const char *rs_type_mime(rs_type t);
char rs_type_family(rs_type t);

typedef struct rs_detector rs_detector; /* one per worker: owns a libmagic cookie */
rs_err rs_detector_new(rs_detector **out, char *err, size_t errlen);
void rs_detector_free(rs_detector *d);
/* Decides the type of data[0..len) named name (the last path element, for extension
 * hints). Cheap checks first (magic numbers, BOM, UTF-8 validity, first bytes, extension);
 * libmagic only for what remains. */
rs_type rs_detect(rs_detector *d, const unsigned char *data, size_t len, const char *name);

/* ---- extract.c + extract_*.c: one extractor per format ---- */

/* Units found inside a unit that is not an archive (an image embedded in a DOCX): the
 * extractor copies them here and the engine scans each after the unit itself, named
 * "story.docx!/word/media/image1.jpg". */
typedef struct rs_subunit {
    char *name;          /* path inside the unit, e.g. "word/media/image1.jpg" */
    unsigned char *data; /* owned copy; NULL when over the cap (reported as skipped) */
    size_t len;
} rs_subunit;

typedef struct rs_subunits {
    rs_subunit *v;
    size_t n, cap;
    size_t bytes, max_bytes; /* total copied, and its cap (the member limit) */
} rs_subunits;

void rs_subunits_init(rs_subunits *su, size_t max_bytes);
void rs_subunits_reset(rs_subunits *su);
void rs_subunits_free(rs_subunits *su);

typedef struct rs_extract_ctx {
    const unsigned char *data; /* the unit's bytes */
    size_t len;
    const char *name;          /* last element of the unit's path (extension hints) */
    rs_type type;
    const rs_options *opt;
    rs_fields *out;            /* fields are added here */
    rs_subunits *sub;          /* embedded units are added here (may be NULL: then dropped) */
    rs_textenc enc;            /* out: how the unit's bytes count lines (default UTF-8) */
    int64_t deadline_ns;       /* the unit's time budget ends (rs_now_ns); 0: none. Long
                                  loops check rs_deadline_passed and return RS_ERR_TIMEOUT */
    char reason[256];          /* out: a specific reason when returning an error */
} rs_extract_ctx;

/* Copies data[0..len) as an embedded unit named name. When the unit's embedded bytes
 * would pass the cap, the unit is recorded without its data and the engine reports it as
 * skipped (limit); either way RS_OK unless out of memory. */
rs_err rs_extract_add_subunit(rs_extract_ctx *cx, const char *name, const void *data,
                              size_t len);

typedef rs_err (*rs_extract_fn)(rs_extract_ctx *cx);

/* The registry (extract.c): the extractor for a type, or NULL when none. */
rs_extract_fn rs_extractor_for(rs_type t);

/* Sets cx->reason from a printf format and returns e (for one-line error returns). */
rs_err rs_extract_fail(rs_extract_ctx *cx, rs_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- norm.c: folding for matching ----
 *
 * Produces lower-case, compatibility-folded, diacritic-free UTF-8 from a field's text:
 * NFKC compatibility + case folding (utf8proc), combining marks removed, Turkish ı/İ → i,
 * whitespace runs → one space, soft hyphens dropped, "word-\nword" joined. The map goes
 * from normalised offsets to field offsets. ASCII takes a fast path. */

typedef struct rs_norm {
    rs_buf text;
    rs_offmap map;
} rs_norm;

void rs_norm_init(rs_norm *n, size_t max);
void rs_norm_free(rs_norm *n);
/* Replaces n's contents with the normalised form of in[0..len) (valid UTF-8). */
rs_err rs_normalize(rs_norm *n, const char *in, size_t len);
/* Normalises a NUL-terminated string into a new malloc'd string (for signature text);
 * NULL on allocation failure. */
char *rs_normalize_dup(const char *s);
/* Switches this thread to a UTF-8 locale (when the system has one) for decoding archive and
 * document member names; returns what rs_utf8_names_end restores (locale.c). */
locale_t rs_utf8_names_begin(void);
void rs_utf8_names_end(locale_t old);
/* What code point cp (U+0080..U+07FF) folds to when that is one ASCII letter, digit or a
 * space ("ü" → 'u', "İ" → 'i', NBSP → ' '), else 0 (region.c's skeleton). */
char rs_norm_fold_ascii(uint32_t cp);
/* True when cp followed by next may be a mojibake the normaliser repairs (UTF-8 read as
 * windows-1252: "Ã¼" → ü), so neither folds alone. */
bool rs_norm_mojibake_lead(uint32_t cp, uint32_t next);

/* ---- position.c: offsets in a unit's bytes to line and column ---- */

/* A position in a unit: byte offset, 1-based line and column (characters). A zeroed
 * cursor (or one with line 0) is the start of the unit. */
typedef struct rs_poscur {
    size_t off;
    unsigned line, column;
} rs_poscur;

/* Moves cur to unit offset off in data[0..len) under encoding enc: forward from where it
 * is, or from the start when off is behind it (so sorted offsets cost one pass). */
void rs_position(const unsigned char *data, size_t len, rs_textenc enc, size_t off,
                 rs_poscur *cur);

/* ---- sigdb.c + match.c: signatures and matching ---- */

typedef struct rs_sig rs_sig; /* one loaded signature (sigdb.c) */

const char *rs_sig_id(const rs_sig *s);
const char *rs_sig_holder(const rs_sig *s); /* "unknown" for a generic family */

/* One match, before the engine turns it into an rs_finding. Spans are byte offsets in
 * the field's text (on UTF-8 boundaries). */
typedef struct rs_hit {
    const rs_sig *sig;
    rs_kind kind;
    rs_class cls;
    size_t field;        /* index into the unit's rs_fields */
    size_t start, end;   /* the match */
    size_t hstart, hend; /* the holder named by the text (hend == 0: none) */
    double confidence;   /* 0..1 (see rs_finding) */
    double score;        /* 0..1 */
    double coverage;     /* 0..1 */
} rs_hit;

typedef struct rs_hits {
    rs_hit *v;
    size_t n, cap;
} rs_hits;

void rs_hits_free(rs_hits *h);

/* One worker's matching state: PCRE2 match data, normalisation buffers. */
typedef struct rs_matcher rs_matcher;
rs_err rs_matcher_new(const rs_sigdb *db, rs_matcher **out);
void rs_matcher_free(rs_matcher *m);
/* Matches every field of a unit; appends hits to out (cleared first), sorted by field
 * then start offset. */
rs_err rs_match_fields(rs_matcher *m, const rs_fields *fs, rs_hits *out);
/* Sets the deadline (rs_now_ns time, 0: none) of the next rs_match_fields calls; past it,
 * matching stops and rs_match_fields returns RS_ERR_TIMEOUT. */
void rs_matcher_set_deadline(rs_matcher *m, int64_t deadline_ns);
/* Problems the last rs_match_fields met without stopping (a PCRE2 match, depth or heap
 * limit, ...): returns how many; *first (if not NULL) describes the first, e.g.
 * "signature ap: pattern at FILE:12: match limit exceeded in field body". */
size_t rs_matcher_problems(const rs_matcher *m, const char **first);
/* The matcher's counters, added up over every rs_match_fields call. */
void rs_matcher_stats(const rs_matcher *m, rs_stats *out);
/* Adds another matcher's counts (one that matched windows of a file on another thread). */
void rs_matcher_stats_add(rs_matcher *m, const rs_stats *add);
void rs_stats_add(rs_stats *to, const rs_stats *add);

/* ---- signals.c: AI/TDM reservations, embargo/expiry, conflicts ---- */

struct rs_propoffs {
    size_t value, field, raw; /* offsets into strings while building */
};

typedef struct rs_signals {
    rs_property *props;
    struct rs_propoffs *offs;
    size_t nprops, cap;
    rs_conflict *conf;
    size_t nconf, ccap;
    rs_buf strings;
} rs_signals;

void rs_signals_init(rs_signals *sg);
void rs_signals_free(rs_signals *sg);
/* Computes the properties and conflicts of a unit named name from its fields and findings
 * (conflicts point into f, which must outlive the use of sg). */
rs_err rs_signals_compute(rs_signals *sg, const rs_fields *fs, const char *name,
                          const rs_finding *f, size_t n, const rs_options *opt,
                          const rs_walk_info *wi);

#endif
