/* position.c — turns a byte offset in a unit into the line and column a user sees. */
#include "internal.h"

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

void rs_position(const unsigned char *data, size_t len, rs_textenc enc, size_t off, rs_poscur *cur)
{
    unsigned w = unit_width(enc);
    if (off > len) off = len;
    if (cur->line == 0 || off < cur->off) *cur = (rs_poscur){0, 1, 1};
    size_t i = cur->off;
    unsigned ln = cur->line, col = cur->column;
    for (; i + w <= off; i += w) {
        uint32_t u = unit_at(data, i, enc);
        if (u == '\n') {
            ln++;
            col = 1;
        } else if (enc == RS_ENC_UTF8 && (u & 0xC0) == 0x80) {
            /* a UTF-8 continuation byte: same character */
        } else if ((enc == RS_ENC_UTF16LE || enc == RS_ENC_UTF16BE) && u >= 0xDC00 && u <= 0xDFFF) {
            /* the second half of a surrogate pair */
        } else {
            col++;
        }
    }
    *cur = (rs_poscur){i, ln, col};
}
