/* json.h — a tiny streaming JSON writer for the report writers, and the UTF-8 check they share.
 *
 * The writer keeps only a stack of "is this the first member?" bits, so a value is written
 * the moment it is given: nothing is buffered but what stdio buffers. Commas and colons are
 * placed by the writer; the caller decides key order (FORMAT.md fixes it).
 *
 * Strings are escaped per RFC 8259: '"' and '\' as \" and \\, \b \f \n \r \t by their short
 * escapes, every other byte below 0x20 as \u00xx, U+2028 and U+2029 as \u2028 and \u2029
 * (valid JSON either way, but a JavaScript consumer is spared a surprise). Well-formed UTF-8
 * is copied as it is. A byte that is not part of a well-formed UTF-8 sequence (a file name
 * can hold any bytes) is written as the six characters \\xhh — an escaped backslash, 'x' and
 * two lower-case hex digits — so the text stays valid JSON and the decoded string shows the
 * byte as \xhh. The writer never fails on its input; I/O errors are left on the FILE for the
 * caller to find with ferror().
 */
#ifndef RS_REPORT_JSON_H
#define RS_REPORT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define RS_JSON_MAX_DEPTH 32

typedef struct rs_json {
    FILE *f;
    unsigned depth;    /* open objects and arrays */
    uint32_t nonempty; /* bit d: the container at depth d already has a member */
    bool after_key;    /* a key was written; the next value belongs to it */
    bool overflow;     /* nested deeper than RS_JSON_MAX_DEPTH (a caller bug) */
} rs_json;

void rs_json_init(rs_json *j, FILE *f);

void rs_json_object_begin(rs_json *j);
void rs_json_object_end(rs_json *j);
void rs_json_array_begin(rs_json *j);
void rs_json_array_end(rs_json *j);
/* Writes an object key; the next call writes its value. */
void rs_json_key(rs_json *j, const char *key);

/* A string value; NULL writes null. */
void rs_json_string(rs_json *j, const char *s);
void rs_json_stringn(rs_json *j, const char *s, size_t n);
void rs_json_uint(rs_json *j, uint64_t v);
void rs_json_int(rs_json *j, long long v);
void rs_json_bool(rs_json *j, bool v);
/* A number in [0, 1e9] with at most three decimals ("0.875", "1.0"), locale-independent. */
void rs_json_fixed(rs_json *j, double v);
void rs_json_kv_fixed(rs_json *j, const char *key, double v);
void rs_json_null(rs_json *j);

/* Key and value in one call. */
void rs_json_kv_string(rs_json *j, const char *key, const char *s);
void rs_json_kv_uint(rs_json *j, const char *key, uint64_t v);
void rs_json_kv_bool(rs_json *j, const char *key, bool v);

/* Writes s[0..n) as a quoted JSON string literal, escaped as described above. */
void rs_json_write_string(FILE *f, const char *s, size_t n);

/* Length (1..4) of the well-formed UTF-8 sequence at s[0..n), with its code point in *cp;
 * 0 when the bytes there are not one (stray continuation, overlong form, surrogate, above
 * U+10FFFF, truncated). n must be > 0. */
size_t rs_json_utf8(const unsigned char *s, size_t n, uint32_t *cp);

#endif
