/* sig.h — the loaded form of a signature, shared by sigdb.c (loading) and match.c (matching).
 *
 * Private to those two files (and their tests): the rest of the engine sees rs_sig as opaque
 * and uses rs_sig_id / rs_sig_holder. Everything here is immutable once rs_sigdb_load
 * returns, so one rs_sigdb can be shared by every worker; per-worker state (PCRE2 match
 * data, match context, JIT stack, normalisation buffers) lives in an rs_matcher.
 *
 * Four kinds of matcher per signature:
 *   patterns  PCRE2 run over a field's NORMALISED text (rs_normalize): caseless, UTF, UCP.
 *   notices   the published notice texts, normalised and compiled into a token regex
 *             (see notice_compile in sigdb.c / match_notices in match.c; an approximate
 *             matcher can replace both without touching the rest).
 *   bylines   PCRE2 run over a field's ORIGINAL text: case-sensitive, multiline (^ and $
 *             at line boundaries); only in non-metadata fields.
 *   credits   normalised literals compared with whole metadata values.
 */
#ifndef RS_SIG_H
#define RS_SIG_H

#include "internal.h"

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/* Compile options, one place. Every regex gets PCRE2_USE_OFFSET_LIMIT so the matcher can
 * search a large field window by window (see match.c). Bylines run over a field's own
 * text, which a faulty extractor could leave with invalid UTF-8: with
 * PCRE2_MATCH_INVALID_UTF such bytes merely never match. */
#define RS_RX_COMMON (PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT)
#define RS_RX_PATTERN (RS_RX_COMMON | PCRE2_CASELESS)
#define RS_RX_BYLINE (RS_RX_COMMON | PCRE2_MULTILINE | PCRE2_MATCH_INVALID_UTF)

/* Resource limits for one pcre2_match call (set on each matcher's match context). The
 * interpreter counts match_limit per start position, JIT in its own way; both stop a
 * pathological pattern in milliseconds. heap_limit is in KiB. */
#define RS_MATCH_LIMIT 1000000u
#define RS_DEPTH_LIMIT 100000u
#define RS_HEAP_LIMIT 32768u
#define RS_JIT_STACK_MIN (32u * 1024u)
#define RS_JIT_STACK_MAX (1024u * 1024u)

/* One compiled regex (a pattern, a notice or a byline). */
typedef struct rs_rx {
    pcre2_code *code;
    rs_kind kind;     /* notice or licence (patterns, notices); byline (bylines) */
    int holder_group; /* capture number of (?<holder>...), or -1 */
    char *lang;       /* language code, or NULL */
    char *src;        /* the regex source (patterns, bylines) or the normalised notice */
    unsigned line;    /* where it is declared in the signature file (1-based) */
} rs_rx;

/* One example from a signature file: a text that must (or must not) match. */
typedef struct rs_example {
    bool match;    /* in examples.match (true) or examples.no_match (false) */
    char *field;   /* field name: "body" by default */
    bool metadata; /* run as a metadata field */
    char *text;
    char *holder_name; /* expected holder span text, or NULL */
    unsigned line;
} rs_example;

struct rs_sig {
    char *id, *name, *holder, *file;
    char *languages; /* "en,tr" */
    rs_class cls;
    size_t index;       /* position in the database (id order) */
    unsigned line, col; /* where the id value is (1-based) */
    char **aliases;
    size_t naliases;
    rs_rx *patterns;
    size_t npatterns;
    rs_rx *notices;
    size_t nnotices;
    rs_rx *bylines;
    size_t nbylines;
    char **credits; /* normalised */
    size_t ncredits;
    rs_example *examples;
    size_t nexamples;
};

struct rs_sigdb {
    rs_sig **v; /* sorted by id */
    size_t n;
    uint32_t max_pairs; /* largest ovector any regex needs (captures + 1) */
};

/* Frees one signature and everything it owns (NULL is a no-op). */
void rs_sig_free(rs_sig *s);

/* Builds the token regex of one notice text: the text is normalised, split into word
 * tokens, and the tokens are joined by \W+ (all-digit tokens such as years become \d+).
 * Returns the compiled code (JIT-compiled when possible) and, in *norm_out, the
 * normalised text (malloc'd); NULL with a message in err on failure. */
pcre2_code *rs_notice_compile(const char *text, char **norm_out, char *err, size_t errlen);


#endif
