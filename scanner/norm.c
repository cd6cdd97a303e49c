/* norm.c — folds a field's text for matching and keeps the map back to the field.
 *
 * What matching must not care about: case, diacritics, compatibility forms (full-width
 * digits, ligatures, NBSP), Turkish dotted/dotless i, runs of whitespace, soft hyphens and
 * zero-width characters, words hyphenated across a line break, and the two mojibakes news
 * text carries most. So:
 *
 *   "İlke Haber\n  Ajan-\nsı"   →  "ilke haber ajansi"
 *   "TÃ¼m haklarÄ± saklÄ±dÄ±r"  →  "tum haklari saklidir"   (UTF-8 read as windows-1252)
 *   "Tüm haklarý saklýdýr"     →  "tum haklari saklidir"   (windows-1254 read as -1252)
 *
 * The same function folds signature text (rs_normalize_dup), so every rule applies to
 * both sides alike.
 *
 * Speed. Most bytes are ASCII: a run of ASCII letters, digits and punctuation (and single
 * whitespace bytes between them, which become ' ') maps 1:1, so it is copied lower-cased in
 * one loop and noted in the map once, at its start. Other
 * code points below U+0800 (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic) and the
 * General Punctuation block (curly quotes, dashes, odd spaces) are folded through a table
 * computed once per process on first use (immutable afterwards, shared by every thread);
 * only code points above those (CJK, Hangul, ...) call utf8proc_decompose_char each time,
 * with compatibility decomposition, case folding, mark stripping, default-ignorable
 * removal and lumping (curly quotes → ', dashes → -).
 *
 * Exceptions to Unicode folding, on purpose:
 *   İ (U+0130), ı (U+0131) → i: case folding keeps ı apart and turns İ into i + dot, while
 *     Turkish users type i for both;
 *   Ý ý → i, Þ þ → s, Ð ð → g: windows-1254 Turkish (İ ı Ş ş Ğ ğ) read as windows-1252.
 *     Icelandic and Czech lose a distinction (ý reads as i), on both sides of a match.
 *   A code point in U+00C2..U+00F4 followed by the windows-1252 (or Latin-1) images of
 *     the UTF-8 continuation bytes 0x80..0xBF that it needs is decoded as that UTF-8
 *     sequence: "Ã¼" → ü, "Ä±" → ı, "Ã–" → Ö, "Â©" → ©, "Ð¿Ñ€Ð¸" → при. A two-byte
 *     sequence must decode below U+0700 (Latin to Arabic), so that "ß…" stays itself.
 *
 * The map: every output byte is noted with the field offset of the code point it came
 * from (a repaired mojibake sequence: of its first code point), except that a code point
 * whose fold has as many bytes as itself (я → я, Я → я) maps byte for byte, so a word of
 * such letters is one run. Either way an offset on a code point boundary of the folded
 * text maps to the start of the code point it came from. Notes that continue a run cost
 * nothing (rs_offmap_note keeps checkpoints only where a run breaks).
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define FOLD_OUT 11 /* most bytes one table entry folds to; longer folds go the slow way */

typedef struct foldent {
    unsigned char len;  /* bytes in out; FOLD_SLOW: not in the table */
    char out[FOLD_OUT]; /* UTF-8; a ' ' in it is a whitespace break */
} foldent;

#define FOLD_SLOW 0xFF
#define LOW_END 0x800u   /* table 1: U+0000..U+07FF */
#define PUNCT_LO 0x2000u /* table 2: U+2000..U+206F */
#define PUNCT_HI 0x2070u

static foldent low_table[LOW_END];
static foldent punct_table[PUNCT_HI - PUNCT_LO];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static bool is_ascii_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_space_cp(uint32_t cp)
{
    if (cp < 0x80) return is_ascii_space(cp);
    if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp == 0x2028 || cp == 0x2029) return true;
    return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
}

/* The exceptions to Unicode folding (see the top); 0 when cp folds the Unicode way. */
static char fold_exception(uint32_t cp)
{
    switch (cp) {
    case 0x130:
    case 0x131:
    case 0xDD:
    case 0xFD:
        return 'i';
    case 0xDE:
    case 0xFE:
        return 's';
    case 0xD0:
    case 0xF0:
        return 'g';
    default:
        return 0;
    }
}

/* Folds cp the slow way into out (UTF-8, whitespace as ' '); returns the byte count, or
 * -1 when more than cap bytes would be needed. */
static int fold_slow(uint32_t cp, char *out, size_t cap)
{
    char x = fold_exception(cp);
    if (x) {
        out[0] = x;
        return 1;
    }
    if (is_space_cp(cp)) {
        out[0] = ' ';
        return 1;
    }
    utf8proc_int32_t v[18];
    int bound = 0;
    utf8proc_ssize_t k =
        utf8proc_decompose_char((utf8proc_int32_t)cp, v, 18,
                                UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                    UTF8PROC_DECOMPOSE | UTF8PROC_IGNORE | UTF8PROC_LUMP,
                                &bound);
    if (k < 0 || k > 18) { /* cannot happen for a valid code point; keep the text valid */
        v[0] = 0xFFFD;
        k = 1;
    }
    size_t n = 0;
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        uint32_t c = (uint32_t)v[i];
        utf8proc_uint8_t u[4];
        utf8proc_ssize_t m = 1;
        if (is_space_cp(c))
            u[0] = ' ';
        else
            m = utf8proc_encode_char((utf8proc_int32_t)c, u);
        if (n + (size_t)m > cap) return -1;
        memcpy(out + n, u, (size_t)m);
        n += (size_t)m;
    }
    return (int)n;
}

static void fill(foldent *e, uint32_t cp)
{
    int n = fold_slow(cp, e->out, FOLD_OUT);
    e->len = n < 0 ? FOLD_SLOW : (unsigned char)n;
}

static void make_tables(void)
{
    for (uint32_t cp = 0; cp < LOW_END; cp++)
        fill(&low_table[cp], cp);
    for (uint32_t cp = PUNCT_LO; cp < PUNCT_HI; cp++)
        fill(&punct_table[cp - PUNCT_LO], cp);
}

/* ---- mojibake: UTF-8 read as windows-1252 / Latin-1 ---- */

/* The continuation byte (0x80..0xBF) whose windows-1252 or Latin-1 image cp is, or 0. */
static unsigned cont_byte(uint32_t cp)
{
    static const uint16_t w1252[32] = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    if (cp >= 0x80 && cp <= 0xBF) return cp; /* Latin-1 (and windows-1252 from 0xA0) */
    if (cp < 0x152 || cp > 0x2122) return 0;
    for (unsigned i = 0; i < 32; i++)
        if (w1252[i] == cp) return 0x80 + i;
    return 0;
}

/* At in[i], a code point lead in U+00C2..U+00F4 (k bytes): when the code points after it
 * are the images of the continuation bytes it needs, writes the decoded code point and
 * returns the bytes of in consumed; else 0. */
static size_t mojibake(const unsigned char *in, size_t len, size_t i, uint32_t lead, size_t k,
                       uint32_t *out)
{
    size_t need = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3, j = i + k;
    unsigned char seq[4] = {(unsigned char)lead};
    for (size_t n = 1; n <= need; n++) {
        uint32_t cp;
        if (j >= len) return 0;
        size_t m = rs_utf8_decode(in + j, len - j, &cp);
        unsigned b = cont_byte(cp);
        if (!b) return 0;
        seq[n] = (unsigned char)b;
        j += m;
    }
    uint32_t cp;
    if (rs_utf8_decode(seq, need + 1, &cp) != need + 1 || cp == 0xFFFD) return 0;
    if (need == 1 && cp >= 0x700) return 0;
    *out = cp;
    return j - i;
}

/* ---- for region.c's skeleton ---- */

char rs_norm_fold_ascii(uint32_t cp)
{
    if (cp < 0x80 || cp >= LOW_END) return 0;
    pthread_once(&tables_once, make_tables);
    const foldent *e = &low_table[cp];
    if (e->len != 1) return 0;
    char c = e->out[0];
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ? c : 0;
}

bool rs_norm_mojibake_lead(uint32_t cp, uint32_t next)
{
    return cp >= 0xC2 && cp <= 0xF4 && cont_byte(next) != 0;
}

/* ---- output ---- */

typedef struct {
    rs_norm *n;
    bool space; /* a whitespace run is pending */
    size_t space_src;
} state;

static void pend_space(state *st, size_t src)
{
    if (!st->space) st->space_src = src;
    st->space = true;
}

/* Emits a pending space (never at the start of the text). */
static rs_err flush_space(state *st)
{
    rs_buf *b = &st->n->text;
    if (!st->space) return RS_OK;
    st->space = false;
    if (!b->len) return RS_OK;
    rs_err e = rs_offmap_note(&st->n->map, b->len, st->space_src);
    return e ? e : rs_buf_putc(b, ' ');
}

/* Emits the n folded bytes of the code point at source offset src (k bytes long); a ' '
 * in them is a whitespace break. Every byte maps to src, except that a fold to one code
 * point as long as its source maps byte for byte (so a run of such code points is one
 * run of the map). */
static rs_err emit(state *st, const char *p, size_t n, size_t src, size_t k)
{
    rs_buf *b = &st->n->text;
    rs_err e;
    if (!n) return RS_OK;
    unsigned char c0 = (unsigned char)p[0];
    size_t one = c0 < 0x80 ? 1 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4; /* p is one code point */
    if (n == k && one == n && c0 != ' ') {
        if ((e = flush_space(st)) || (e = rs_offmap_note(&st->n->map, b->len, src)) ||
            (e = rs_buf_reserve(b, n)))
            return e;
        memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return RS_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] == ' ') {
            pend_space(st, src);
            continue;
        }
        if ((e = flush_space(st)) || (e = rs_offmap_note(&st->n->map, b->len, src)) ||
            (e = rs_buf_putc(b, p[i])))
            return e;
    }
    return RS_OK;
}

static rs_err fold_cp(state *st, uint32_t cp, size_t src, size_t k)
{
    const foldent *e = NULL;
    if (cp < LOW_END)
        e = &low_table[cp];
    else if (cp >= PUNCT_LO && cp < PUNCT_HI)
        e = &punct_table[cp - PUNCT_LO];
    if (e && e->len != FOLD_SLOW) return emit(st, e->out, e->len, src, k);
    char out[18 * 4];
    int n = fold_slow(cp, out, sizeof out);
    return emit(st, out, n < 0 ? 0 : (size_t)n, src, k);
}

/* Byte classes for the ASCII fast path. */
enum { PLAIN = 0, UPPER, SPACE, HYPHEN, HIGH };

static const unsigned char *byte_classes(void)
{
    static const unsigned char cls[256] = {
        ['\t'] = SPACE, ['\n'] = SPACE, ['\v'] = SPACE, ['\f'] = SPACE, ['\r'] = SPACE,
        [' '] = SPACE,  ['-'] = HYPHEN, ['A'] = UPPER,  ['B'] = UPPER,  ['C'] = UPPER,
        ['D'] = UPPER,  ['E'] = UPPER,  ['F'] = UPPER,  ['G'] = UPPER,  ['H'] = UPPER,
        ['I'] = UPPER,  ['J'] = UPPER,  ['K'] = UPPER,  ['L'] = UPPER,  ['M'] = UPPER,
        ['N'] = UPPER,  ['O'] = UPPER,  ['P'] = UPPER,  ['Q'] = UPPER,  ['R'] = UPPER,
        ['S'] = UPPER,  ['T'] = UPPER,  ['U'] = UPPER,  ['V'] = UPPER,  ['W'] = UPPER,
        ['X'] = UPPER,  ['Y'] = UPPER,  ['Z'] = UPPER,
#define H16(x)                                                                                     \
    [x] = HIGH, [x + 1] = HIGH, [x + 2] = HIGH, [x + 3] = HIGH, [x + 4] = HIGH, [x + 5] = HIGH,    \
    [x + 6] = HIGH, [x + 7] = HIGH, [x + 8] = HIGH, [x + 9] = HIGH, [x + 10] = HIGH,               \
    [x + 11] = HIGH, [x + 12] = HIGH, [x + 13] = HIGH, [x + 14] = HIGH, [x + 15] = HIGH
        H16(0x80),      H16(0x90),      H16(0xA0),      H16(0xB0),      H16(0xC0),
        H16(0xD0),      H16(0xE0),      H16(0xF0),
#undef H16
    };
    return cls;
}

/* Copies the 1:1 run at in[i..) lower-cased: plain and upper-case ASCII, and single
 * whitespace bytes between them (as ' '). Returns its end. */
static size_t ascii_run(state *st, const unsigned char *in, size_t len, size_t i, rs_err *err)
{
    const unsigned char *cls = byte_classes();
    rs_buf *b = &st->n->text;
    rs_err e = flush_space(st);
    size_t room = b->max - b->len;
    if (!e) e = rs_offmap_note(&st->n->map, b->len, i);
    if (!e) e = rs_buf_reserve(b, len - i < room ? len - i : room);
    if (e) {
        *err = e;
        return i;
    }
    unsigned char *o = (unsigned char *)b->data + b->len,
                  *lim = o + (len - i < room ? len - i : room);
    size_t k = i;
    while (k + 8 < len && o + 8 <= lim) { /* 8 bytes at a time while they are simple */
        uint64_t x, ones = 0x0101010101010101u, high = 0x8080808080808080u;
        memcpy(&x, in + k, 8);
        uint64_t y = x ^ (0x20 * ones), z = x ^ (0x2D * ones);
        uint64_t sp = ~(((y & ~high) + ~high) | y) & high; /* exactly the ' ' bytes */
        if ((x & high) || ((x + 0x60 * ones) & high) != high || ((z - ones) & ~z & high) ||
            (sp & (sp << 8)) || (in[k + 7] == ' ' && cls[in[k + 8]] > UPPER))
            break; /* non-ASCII, control, '-', "  ", or a space before a break */
        uint64_t upper = (x + (0x80 - 'A') * ones) & ~(x + (0x7F - 'Z') * ones) & high;
        x |= upper >> 2;
        memcpy(o, &x, 8);
        o += 8;
        k += 8;
    }
    while (k < len && o < lim) {
        unsigned char c = in[k], t = cls[c];
        if (t > UPPER && !(t == SPACE && k + 1 < len && cls[in[k + 1]] <= UPPER)) break;
        *o++ = t == SPACE ? ' ' : (unsigned char)(c | (t << 5)); /* UPPER == 1: + 0x20 */
        k++;
    }
    b->len = (size_t)(o - (unsigned char *)b->data);
    b->data[b->len] = '\0';
    *err = k < len && o == lim && cls[in[k]] <= UPPER ? RS_ERR_LIMIT : RS_OK;
    return k;
}

static bool is_letter_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* At in[i] == '-': if a line break follows (with only blanks around it) and a letter
 * precedes and follows, returns the index of that next letter; else 0. */
static size_t hyphen_join(const rs_norm *n, const unsigned char *in, size_t len, size_t i)
{
    if (!n->text.len || !is_letter_byte((unsigned char)n->text.data[n->text.len - 1])) return 0;
    size_t j = i + 1;
    while (j < len && (in[j] == ' ' || in[j] == '\t' || in[j] == '\r'))
        j++;
    if (j >= len || in[j] != '\n') return 0;
    while (j < len && is_ascii_space(in[j]))
        j++;
    return j < len && is_letter_byte(in[j]) ? j : 0;
}

rs_err rs_normalize(rs_norm *n, const char *text, size_t len)
{
    const unsigned char *in = (const unsigned char *)text;
    const unsigned char *cls = byte_classes();
    pthread_once(&tables_once, make_tables);
    rs_buf_reset(&n->text);
    rs_offmap_reset(&n->map);
    rs_err e = rs_buf_reserve(&n->text, len < n->text.max ? len : n->text.max);
    if (e) return e;
    n->text.data[0] = '\0'; /* also when nothing is written */
    state st = {.n = n};
    size_t i = 0, j;
    while (i < len) {
        unsigned c = in[i];
        switch (cls[c]) {
        case PLAIN:
        case UPPER:
            i = ascii_run(&st, in, len, i, &e);
            if (e) return e;
            continue;
        case SPACE:
            pend_space(&st, i++);
            continue;
        case HYPHEN:
            if ((j = hyphen_join(n, in, len, i))) {
                i = j;
                continue;
            }
            if ((e = emit(&st, "-", 1, i, 1))) return e;
            i++;
            continue;
        default:
            break;
        }
        uint32_t cp, fixed;
        size_t k = rs_utf8_decode(in + i, len - i, &cp), m;
        if (cp >= 0xC2 && cp <= 0xF4 && (m = mojibake(in, len, i, cp, k, &fixed))) {
            cp = fixed;
            k = m;
        }
        if ((e = fold_cp(&st, cp, i, k))) return e;
        i += k;
    }
    return RS_OK;
}

char *rs_normalize_dup(const char *s)
{
    rs_norm n;
    rs_norm_init(&n, 0);
    char *out = NULL;
    if (rs_normalize(&n, s, strlen(s)) == RS_OK) out = strdup(n.text.data ? n.text.data : "");
    rs_norm_free(&n);
    return out;
}

void rs_norm_init(rs_norm *n, size_t max)
{
    rs_buf_init(&n->text, max);
    rs_offmap_init(&n->map);
}

void rs_norm_free(rs_norm *n)
{
    rs_buf_free(&n->text);
    rs_offmap_free(&n->map);
}
