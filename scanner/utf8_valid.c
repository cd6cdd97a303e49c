/* utf8_valid.c — strict UTF-8 validation (RFC 3629): no overlongs, no surrogates, nothing
 * above U+10FFFF, no truncated sequence, no stray continuation byte.
 *
 * Every text goes through here before extraction, so it is on the hot path of a scan. Two
 * implementations giving the same verdict on every input:
 *  - rs_utf8_valid_scalar: the plain byte loop (8-byte ASCII skip), the reference;
 *  - on x86-64 with AVX2, the lookup-table algorithm of J. Keiser and D. Lemire,
 *    "Validating UTF-8 In Less Than One Instruction Per Byte", Software: Practice and
 *    Experience 51(5), 2021 (arXiv:2010.03090), as used by simdjson and simdutf. Each byte
 *    and the one before it are classified by three 16-entry nibble tables whose AND is
 *    non-zero exactly for an invalid pair (too short, too long, overlong, surrogate, too
 *    large, two continuations); the third and fourth bytes of 3- and 4-byte sequences are
 *    found by saturating subtraction. No branch depends on the text within a block, so
 *    mixed text (a non-ASCII letter every few words) runs as fast as pure ASCII would.
 * rs_utf8_valid picks the AVX2 code at run time (resolved once, kept in an atomic pointer:
 * safe with threads) and falls back to the scalar code elsewhere.
 */
#include "internal.h"

#include <string.h>

bool rs_utf8_valid_scalar(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            i += 2; /* two bytes (Latin, Greek, Cyrillic, ...): always valid */
            continue;
        }
        uint32_t cp;
        size_t k = rs_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1) return false;
        if (cp == 0xFFFD && !(s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD)) return false;
        i += k;
    }
    return true;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>
#include <stdatomic.h>

#define RS_AVX2 __attribute__((target("avx2")))

/* The error classes of a (previous byte, byte) pair: one bit each, set in a table entry
 * when the nibble it is indexed by can take part in that error. */
enum {
    TOO_SHORT = 1 << 0,      /* 11______ 0_______ or 11______ 11______: lead not followed */
    TOO_LONG = 1 << 1,       /* 0_______ 10______: continuation after ASCII */
    OVERLONG_3 = 1 << 2,     /* 11100000 100_____ */
    TOO_LARGE = 1 << 3,      /* 11110100 1001____, 11110100 101_____, 11110101..11111111 */
    SURROGATE = 1 << 4,      /* 11101101 101_____: U+D800..U+DFFF */
    OVERLONG_2 = 1 << 5,     /* 1100000_ 10______ */
    TOO_LARGE_1000 = 1 << 6, /* 11110101..11111111 1000____ */
    OVERLONG_4 = 1 << 6,     /* 11110000 1000____ (never with the one above: shares a bit) */
    TWO_CONTS = 1 << 7,      /* 10______ 10______: fine only as the 3rd/4th byte */
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS, /* the classes decided by the high nibbles */
};

/* The three tables: the classes a pair can be in, by one nibble of one of its bytes.
 * By the high nibble of the previous byte: */
/* clang-format off */
static const uint8_t t1_high[16] = {
    /* 0_______ ________: ASCII first */
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
    /* 10______ ________: continuation first */
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
    /* 1100____ ________ */
    TOO_SHORT | OVERLONG_2,
    /* 1101____ ________ */
    TOO_SHORT,
    /* 1110____ ________ */
    TOO_SHORT | OVERLONG_3 | SURROGATE,
    /* 1111____ ________ */
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
};

/* By the low nibble of the previous byte: */
static const uint8_t t1_low[16] = {
    /* ____0000 ________ */
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
    /* ____0001 ________ */
    CARRY | OVERLONG_2,
    /* ____001_ ________ */
    CARRY, CARRY,
    /* ____0100 ________ */
    CARRY | TOO_LARGE,
    /* ____0101 ________ and ____011_ ________ */
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    /* ____1___ ________ (____1101: the surrogates' ED) */
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
};

/* By the high nibble of the byte: */
static const uint8_t t2_high[16] = {
    /* ________ 0_______: ASCII second */
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    /* ________ 1000____ */
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
    /* ________ 1001____ */
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
    /* ________ 101_____ */
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    /* ________ 11______: lead second */
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
};
/* clang-format on */

/* A 16-byte table in both 128-bit lanes, for _mm256_shuffle_epi8. */
RS_AVX2 static inline __m256i table16(const uint8_t *t)
{
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t));
}

/* The block shifted by 1, 2 or 3 bytes towards the end, the bytes shifted in coming from
 * the end of the previous block (the immediate must be a literal, hence three functions). */
RS_AVX2 static inline __m256i prev1(__m256i in, __m256i prev)
{
    return _mm256_alignr_epi8(in, _mm256_permute2x128_si256(prev, in, 0x21), 16 - 1);
}

RS_AVX2 static inline __m256i prev2(__m256i in, __m256i prev)
{
    return _mm256_alignr_epi8(in, _mm256_permute2x128_si256(prev, in, 0x21), 16 - 2);
}

RS_AVX2 static inline __m256i prev3(__m256i in, __m256i prev)
{
    return _mm256_alignr_epi8(in, _mm256_permute2x128_si256(prev, in, 0x21), 16 - 3);
}

RS_AVX2 static inline __m256i high_nibbles(__m256i v)
{
    return _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F));
}

/* Non-zero where the pair (p1, in) is invalid by the tables; bit 7 (TWO_CONTS) alone is
 * settled afterwards against the 3rd/4th-byte positions. */
RS_AVX2 static inline __m256i special_cases(__m256i in, __m256i p1)
{
    __m256i b1h = _mm256_shuffle_epi8(table16(t1_high), high_nibbles(p1));
    __m256i low = _mm256_and_si256(p1, _mm256_set1_epi8(0x0F));
    __m256i b1l = _mm256_shuffle_epi8(table16(t1_low), low);
    __m256i b2h = _mm256_shuffle_epi8(table16(t2_high), high_nibbles(in));
    return _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
}

/* Checks 32 bytes given the 32 before them; the errors are ORed into *err. */
RS_AVX2 static inline void check32(__m256i in, __m256i prev, __m256i *err)
{
    __m256i sc = special_cases(in, prev1(in, prev));
    /* 0x80 where the byte must be a 3rd or 4th byte: two after E0..FF or three after
     * F0..FF (saturating subtraction leaves bit 7 only for those) */
    __m256i third = _mm256_subs_epu8(prev2(in, prev), _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(prev3(in, prev), _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must23 = _mm256_or_si256(third, fourth);
    must23 = _mm256_and_si256(must23, _mm256_set1_epi8((char)0x80));
    *err = _mm256_or_si256(*err, _mm256_xor_si256(must23, sc));
}

/* Non-zero when the block ends inside a sequence: a lead byte of 4 in its last 3 bytes, of
 * 3 or more in its last 2, any lead byte last. Only an error when nothing follows. */
RS_AVX2 static inline __m256i incomplete(__m256i in)
{
    /* clang-format off */
    const __m256i max = _mm256_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    /* clang-format on */
    return _mm256_subs_epu8(in, max);
}

/* The state carried from one 64-byte block to the next. */
typedef struct {
    __m256i prev;       /* the previous 32 bytes (zero before the first: ASCII) */
    __m256i incomplete; /* the previous block ends inside a sequence */
    __m256i err;
} utf8_state;

RS_AVX2 static inline void check64(const unsigned char *p, utf8_state *st)
{
    __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
    if (!_mm256_movemask_epi8(_mm256_or_si256(a, b))) {
        /* all ASCII: valid unless the previous block left a sequence unfinished */
        st->err = _mm256_or_si256(st->err, st->incomplete);
        st->incomplete = _mm256_setzero_si256();
    } else {
        check32(a, st->prev, &st->err);
        check32(b, a, &st->err);
        st->incomplete = incomplete(b);
    }
    st->prev = b;
}

RS_AVX2 static bool utf8_valid_avx2(const unsigned char *s, size_t n)
{
    utf8_state st = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        check64(s + i, &st);
        if (!_mm256_testz_si256(st.err, st.err)) return false; /* stop at the first error */
    }
    if (i < n) {
        /* the tail, padded with NULs: a sequence cut by the end meets a NUL and fails */
        unsigned char tail[64];
        memset(tail, 0, sizeof tail);
        memcpy(tail, s + i, n - i);
        check64(tail, &st);
    }
    st.err = _mm256_or_si256(st.err, st.incomplete);
    return _mm256_testz_si256(st.err, st.err);
}

typedef bool (*utf8_valid_fn)(const unsigned char *s, size_t n);

static bool utf8_valid_resolve(const unsigned char *s, size_t n);
static _Atomic(utf8_valid_fn) utf8_valid_impl = utf8_valid_resolve;

/* The first call picks the implementation for the CPU; racing threads pick the same. */
static bool utf8_valid_resolve(const unsigned char *s, size_t n)
{
    __builtin_cpu_init();
    utf8_valid_fn f = __builtin_cpu_supports("avx2") ? utf8_valid_avx2 : rs_utf8_valid_scalar;
    atomic_store_explicit(&utf8_valid_impl, f, memory_order_relaxed);
    return f(s, n);
}

bool rs_utf8_valid(const unsigned char *s, size_t n)
{
    if (n < 16) return rs_utf8_valid_scalar(s, n); /* a short field: the setup costs more */
    return atomic_load_explicit(&utf8_valid_impl, memory_order_relaxed)(s, n);
}

#else /* not x86-64, or no target attribute */

bool rs_utf8_valid(const unsigned char *s, size_t n)
{
    return rs_utf8_valid_scalar(s, n);
}

#endif
