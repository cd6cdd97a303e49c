/* position.c — turns a byte offset in a unit into the line and column a user sees. */
#include "internal.h"

#include <string.h>

static unsigned unit_width(rs_textenc enc)
{
    switch (enc) {
    case RS_ENC_UTF16LE:
    case RS_ENC_UTF16BE:
        return 2;
    case RS_ENC_UTF32LE:
    case RS_ENC_UTF32BE:
        return 4;
    default:
        return 1;
    }
}

/* The code unit at data[i] (i aligned to the width). */
static uint32_t unit_at(const unsigned char *d, size_t i, rs_textenc enc)
{
    switch (enc) {
    case RS_ENC_UTF16LE:
        return (uint32_t)d[i] | (uint32_t)d[i + 1] << 8;
    case RS_ENC_UTF16BE:
        return (uint32_t)d[i] << 8 | d[i + 1];
    case RS_ENC_UTF32LE:
        return (uint32_t)d[i] | (uint32_t)d[i + 1] << 8 | (uint32_t)d[i + 2] << 16 |
               (uint32_t)d[i + 3] << 24;
    case RS_ENC_UTF32BE:
        return (uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 | (uint32_t)d[i + 2] << 8 | d[i + 3];
    default:
        return d[i];
    }
}

/* Characters (bytes that do not continue a UTF-8 sequence) in d[a, b). */
static size_t utf8_chars(const unsigned char *d, size_t a, size_t b)
{
    size_t n = 0, i = a;
    for (; i + 8 <= b; i += 8) {
        uint64_t w;
        memcpy(&w, d + i, 8);
        /* a continuation byte is 10xxxxxx: bit 7 set and bit 6 clear */
        uint64_t cont = w & ~(w << 1) & 0x8080808080808080ULL;
        n += 8 - (size_t)__builtin_popcountll(cont);
    }
    for (; i < b; i++)
        n += (d[i] & 0xC0) != 0x80;
    return n;
}

/* One-byte units (UTF-8 and the legacy single-byte charsets): lines by memchr, columns by
 * counting characters since the last line break, so a report with many findings in a
 * large file costs a pass over it, not a loop per byte. */
static void position_bytes(const unsigned char *data, size_t off, bool utf8, rs_poscur *cur)
{
    size_t i = cur->off, line_start = SIZE_MAX;
    unsigned ln = cur->line;
    for (const unsigned char *p; i < off && (p = memchr(data + i, '\n', off - i));) {
        ln++;
        i = (size_t)(p - data) + 1;
        line_start = i;
    }
    size_t from = line_start == SIZE_MAX ? cur->off : line_start;
    size_t chars = utf8 ? utf8_chars(data, from, off) : off - from;
    unsigned col = line_start == SIZE_MAX ? cur->column : 1;
    *cur = (rs_poscur){off, ln, col + (unsigned)chars};
}

void rs_position(const unsigned char *data, size_t len, rs_textenc enc, size_t off, rs_poscur *cur)
{
    unsigned w = unit_width(enc);
    if (off > len) off = len;
    if (cur->line == 0 || off < cur->off) *cur = (rs_poscur){0, 1, 1};
    if (w == 1) {
        position_bytes(data, off, enc == RS_ENC_UTF8, cur);
        return;
    }
    size_t i = cur->off;
    unsigned ln = cur->line, col = cur->column;
    for (; i + w <= off; i += w) {
        uint32_t u = unit_at(data, i, enc);
        if (u == '\n') {
            ln++;
            col = 1;
        } else if ((enc == RS_ENC_UTF16LE || enc == RS_ENC_UTF16BE) && u >= 0xDC00 && u <= 0xDFFF) {
            /* the second half of a surrogate pair */
        } else {
            col++;
        }
    }
    *cur = (rs_poscur){i, ln, col};
}
