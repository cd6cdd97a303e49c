/* fuzz_norm.c — fuzzes the normaliser (rs_normalize) and checks its offset map.
 *
 * The input is made valid UTF-8 first (rs_normalize's precondition: invalid sequences
 * become U+FFFD, as the extractors do). Checked per input: the output is valid UTF-8; at
 * every code point start of the output, in order, the map gives an input offset that is
 * inside the input, on a code point start, and never behind the one before (monotonic);
 * rs_normalize_dup folds a NUL-free string to the same bytes. With RS_FUZZ_STRICT=1 the
 * fold must also be idempotent (folding folded text changes nothing).
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

static rs_norm norm, again;
static rs_buf in;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    rs_norm_init(&norm, 0);
    rs_norm_init(&again, 0);
    rs_buf_init(&in, 0);
    return 0;
}

static void valid_copy(const uint8_t *data, size_t size)
{
    rs_buf_reset(&in);
    if (rs_buf_append(&in, "", 0)) abort();
    for (size_t i = 0; i < size;) {
        uint32_t cp;
        size_t k = rs_utf8_decode(data + i, size - i, &cp);
        if (cp == 0xFFFD && k == 1) { /* invalid or truncated */
            if (rs_buf_put_utf8(&in, 0xFFFD)) abort();
        } else if (rs_buf_append(&in, data + i, k)) {
            abort();
        }
        i += k;
    }
}

static bool cp_start(const char *s, size_t i)
{
    return ((unsigned char)s[i] & 0xC0) != 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    valid_copy(data, size);
    RS_FUZZ_CHECK(rs_utf8_valid((const unsigned char *)in.data, in.len), "harness: bad copy");
    rs_err e = rs_normalize(&norm, in.data, in.len);
    RS_FUZZ_CHECK(e == RS_OK, "rs_normalize failed: %s", rs_strerror(e));
    const char *out = norm.text.data ? norm.text.data : "";
    size_t n = norm.text.len;
    RS_FUZZ_CHECK(rs_utf8_valid((const unsigned char *)out, n), "output is not valid UTF-8");
    size_t prev = 0;
    for (size_t t = 0; t < n; t++) {
        if (!cp_start(out, t)) continue;
        size_t src = rs_offmap_lookup(&norm.map, t);
        RS_FUZZ_CHECK(src < in.len, "output offset %zu maps to %zu, past the input (%zu)", t, src,
                      in.len);
        RS_FUZZ_CHECK(cp_start(in.data, src),
                      "output offset %zu maps to %zu, inside an input code point", t, src);
        RS_FUZZ_CHECK(src >= prev, "map not monotonic: output %zu maps to %zu, before %zu", t,
                      src, prev);
        prev = src;
    }
    if (!memchr(in.data, '\0', in.len)) {
        char *dup = rs_normalize_dup(in.data);
        RS_FUZZ_CHECK(dup != NULL, "rs_normalize_dup failed");
        RS_FUZZ_CHECK(strlen(dup) == n && memcmp(dup, out, n) == 0,
                      "rs_normalize_dup and rs_normalize disagree");
        free(dup);
    }
    if (rs_fuzz_strict()) {
        RS_FUZZ_CHECK(rs_normalize(&again, out, n) == RS_OK, "second fold failed");
        RS_FUZZ_CHECK(again.text.len == n && memcmp(again.text.data ? again.text.data : "", out,
                                                    n) == 0,
                      "fold is not idempotent");
    }
    return 0;
}
