/* extract_audio.c — rights tags of audio and video files: ID3 (MP3), Vorbis comments (FLAC,
 * Ogg Vorbis/Opus/FLAC/Speex/Theora) and MP4/QuickTime user data.
 *
 * ID3v2 (v2.2, v2.3, v2.4): "ID3" VER REV FLAGS SIZE(4, 7 bits a byte), then frames: ID,
 * SIZE, FLAGS (v2.2: 3-byte ID and size, no flags). Unsynchronisation (FF 00 → FF) covers
 * the whole tag in v2.2/v2.3 (frames are located in the cleared stream) and each flagged
 * frame in v2.4 (frames are located by their stored sizes). Read frames: TCOP, WCOP, TPUB,
 * TCOM, TPE1, TOWN, TEXT, USER, COMM, TXXX (v2.2: TCR, WCP, TPB, TCM, TP1, TXT, COM, TXX
 * under the v2.3 names) → id3:<ID>, TXXX → id3:TXXX:<description>. Text encodings: 0
 * Latin-1 (in practice any 8-bit charset, read as RS_MT_AUTO), 1 UTF-16 with BOM, 2
 * UTF-16BE, 3 UTF-8; several NUL-separated values become lines. Compressed frames are
 * inflated (capped), encrypted ones skipped. An ID3v1 tag (last 128 bytes, "TAG") gives
 * id3v1:artist and id3v1:comment.
 *
 * FLAC: "fLaC", then metadata blocks (LAST|TYPE, LEN(3)); type 4 is VORBIS_COMMENT.
 * Ogg: pages "OggS" ... SEGMENTS LACING[SEGMENTS] DATA; the second packet of the first
 * logical stream is the comment header ("\x03vorbis", "OpusTags", "\x81theora", FLAC's
 * metadata block, Speex's bare comments). Vorbis comments: VENDOR_LEN VENDOR COUNT
 * (LEN "KEY=value")*, little-endian; COPYRIGHT, LICENSE, ORGANIZATION, ARTIST, PUBLISHER,
 * COMPOSER → vorbis:<KEY>.
 *
 * MP4/QuickTime: boxes (media.h); moov/udta holds '©cpy' and '©ART' text atoms (SIZE(2)
 * LANG(2) TEXT, repeated) and 'cprt' (ISO: a FullBox, LANG(2), a NUL-terminated UTF-8 or
 * BOM-led UTF-16 notice); moov/udta/meta/ilst holds iTunes items 'cprt', '©cpy', '©ART'
 * with 'data' boxes; udta/'XMP_' and a top-level 'uuid' XMP box hold XMP. → mp4:cprt,
 * mp4:©cpy, mp4:©ART. Container boxes are entered at most MAX_BOX_DEPTH deep.
 *
 * Values read where they lie keep their file offsets; values from a cleared, inflated or
 * reassembled copy are pinned to the offset of the frame or packet they came from.
 */
#include "media.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FRAME_MAX (1u << 20) /* bytes of one ID3 frame or Ogg comment packet copied */
#define MAX_BOX_DEPTH 8

/* ---- UTF-16 ---- */

/* Adds the UTF-16 text s (be: big-endian unless a BOM says otherwise) as a line of name. */
static rs_err utf16_value(rs_media *m, const char *name, const rs_span *s, bool be)
{
    size_t i = 0, n = s->n & ~(size_t)1;
    if (n >= 2 && ((s->p[0] == 0xFE && s->p[1] == 0xFF) || (s->p[0] == 0xFF && s->p[1] == 0xFE))) {
        be = s->p[0] == 0xFE;
        i = 2;
    }
    bool any = false;
    for (size_t k = i; k < n && !any; k += 2) {
        uint32_t u = be ? rs_be16(s->p + k) : rs_le16(s->p + k);
        any = u != ' ' && u != '\t' && u != '\r' && u != '\n';
    }
    if (!any) return RS_OK;
    size_t idx;
    rs_err e = rs_fields_line(m->cx->out, name, true, false, rs_span_src(s, i), &idx);
    if (e) return e;
    rs_field *f = &m->cx->out->v[idx];
    while (!e && i < n) {
        uint32_t u = be ? rs_be16(s->p + i) : rs_le16(s->p + i);
        size_t at = i;
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i < n) {
            uint32_t lo = be ? rs_be16(s->p + i) : rs_le16(s->p + i);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        e = rs_field_put_cp(f, u ? u : 0xFFFD, rs_span_src(s, at));
    }
    rs_field_finish(f);
    return e;
}

/* ---- ID3v2 ---- */

/* Reads bytes of the tag, clearing unsynchronisation (FF 00 → FF) when unsync. */
typedef struct cursor {
    const unsigned char *d;
    size_t i, end;
    bool unsync;
} cursor;

/* Moves up to want cleared bytes, copying the first cap of them to out (when not NULL). */
static size_t cur_read(cursor *c, unsigned char *out, size_t cap, size_t want)
{
    size_t got = 0;
    if (!c->unsync) {
        got = want < c->end - c->i ? want : c->end - c->i;
        if (out) memcpy(out, c->d + c->i, got < cap ? got : cap);
        c->i += got;
        return got;
    }
    while (got < want && c->i < c->end) {
        unsigned char b = c->d[c->i++];
        if (out && got < cap) out[got] = b;
        got++;
        if (b == 0xFF && c->i < c->end && c->d[c->i] == 0x00) c->i++;
    }
    return got;
}

typedef struct id3 {
    rs_media m;
    unsigned ver;
    bool unsync4; /* v2.4: the header says every frame is unsynchronised */
    rs_buf frame, inflated;
} id3;

static const char *const FRAMES[][2] = {
    {"TCOP", "TCR"}, {"WCOP", "WCP"}, {"TPUB", "TPB"}, {"TCOM", "TCM"}, {"TPE1", "TP1"},
    {"TOWN", ""},    {"TEXT", "TXT"}, {"USER", ""},    {"COMM", "COM"}, {"TXXX", "TXX"},
};

/* The v2.3 name of the frame id (3 or 4 bytes) if it is read, else NULL. */
static const char *frame_name(const unsigned char *id, unsigned ver)
{
    for (size_t k = 0; k < sizeof FRAMES / sizeof FRAMES[0]; k++)
        if (ver == 2 ? FRAMES[k][1][0] && !memcmp(id, FRAMES[k][1], 3)
                     : !memcmp(id, FRAMES[k][0], 4))
            return FRAMES[k][0];
    return NULL;
}

/* The end of the terminated string at s[i..): the terminator's offset (or s->n). */
static size_t term(const rs_span *s, size_t i, unsigned enc)
{
    if (enc == 1 || enc == 2) {
        for (; i + 1 < s->n; i += 2)
            if (!s->p[i] && !s->p[i + 1]) return i;
        return s->n;
    }
    const unsigned char *z = i < s->n ? memchr(s->p + i, '\0', s->n - i) : NULL;
    return z ? (size_t)(z - s->p) : s->n;
}

/* Text s[i..) in encoding enc, its terminated parts as lines of name. */
static rs_err id3_text(id3 *a, const char *name, const rs_span *s, size_t i, unsigned enc)
{
    rs_err e = RS_OK;
    size_t step = enc == 1 || enc == 2 ? 2 : 1;
    while (!e && i < s->n) {
        size_t t = term(s, i, enc);
        rs_span v = rs_span_sub(s, i, t - i);
        if (step == 2)
            e = utf16_value(&a->m, name, &v, enc == 2);
        else
            e = rs_media_value(&a->m, name, &v, enc == 3 ? RS_MT_UTF8 : RS_MT_AUTO);
        i = t + step;
    }
    return e;
}

/* TXXX's description s[i..t) as part of a field name (ASCII; anything else becomes '_'). */
static void txxx_name(const rs_span *s, size_t i, size_t t, unsigned enc, char *out, size_t cap)
{
    size_t k = (size_t)snprintf(out, cap, "id3:TXXX:"), step = enc == 1 || enc == 2 ? 2 : 1;
    bool le = false;
    if (enc == 1 && t - i >= 2 &&
        ((s->p[i] == 0xFF && s->p[i + 1] == 0xFE) || (s->p[i] == 0xFE && s->p[i + 1] == 0xFF))) {
        le = s->p[i] == 0xFF;
        i += 2;
    }
    for (; i + step <= t && k + 1 < cap; i += step) {
        unsigned c = step == 1 ? s->p[i]
                     : le      ? s->p[i] | s->p[i + 1] << 8
                               : s->p[i] << 8 | s->p[i + 1];
        out[k++] = (char)(c > 0x20 && c < 0x7F ? c : '_');
    }
    out[k] = '\0';
}

/* One frame's data s (cleared, decompressed) under its v2.3 name. */
static rs_err id3_frame(id3 *a, const char *name, const rs_span *s)
{
    if (!strcmp(name, "WCOP")) return rs_media_value(&a->m, "id3:WCOP", s, RS_MT_AUTO);
    if (s->n < 1) return RS_OK;
    unsigned enc = s->p[0];
    if (enc > 3) return RS_OK;
    char field[72];
    snprintf(field, sizeof field, "id3:%s", name);
    if (name[0] == 'T' && strcmp(name, "TXXX") != 0) return id3_text(a, field, s, 1, enc);
    if (!strcmp(name, "USER")) return s->n < 4 ? RS_OK : id3_text(a, field, s, 4, enc);
    size_t i = !strcmp(name, "COMM") ? 4 : 1; /* COMM: language, then the description */
    if (i > s->n) return RS_OK;
    size_t t = term(s, i, enc), step = enc == 1 || enc == 2 ? 2 : 1;
    char desc[72];
    txxx_name(s, i, t, enc, desc, sizeof desc);
    if (!strcmp(name, "COMM")) {
        if (!strncmp(desc, "id3:TXXX:iTun", 13)) return RS_OK; /* iTunNORM, iTunSMPB, ... */
    } else {
        memcpy(field, desc, sizeof field);
    }
    return t >= s->n ? RS_OK : id3_text(a, field, s, t + step, enc);
}

static uint32_t synchsafe(const unsigned char *p)
{
    return (uint32_t)(p[0] & 0x7F) << 21 | (uint32_t)(p[1] & 0x7F) << 14 |
           (uint32_t)(p[2] & 0x7F) << 7 | (p[3] & 0x7F);
}

/* Frame data at c (size bytes in the stream) with format flags fl: copies, clears, strips
 * the flag fields, inflates, and hands it to id3_frame. */
static rs_err id3_data(id3 *a, const char *name, cursor *c, size_t size, unsigned fl)
{
    size_t start = c->i;
    bool compressed = a->ver == 3 ? (fl & 0x80) : (fl & 0x08);
    bool encrypted = a->ver == 3 ? (fl & 0x40) : (fl & 0x04);
    cursor fc = *c;    /* v2.2, v2.3: size cleared bytes of the tag's stream */
    if (a->ver == 4) { /* v2.4: size stored bytes, each frame cleared on its own */
        size_t stored = size < c->end - c->i ? size : c->end - c->i;
        fc = (cursor){c->d, c->i, c->i + stored, (fl & 0x02) || a->unsync4};
        c->i += stored;
    }
    bool direct = !fc.unsync && !compressed;
    size_t want = size < FRAME_MAX ? size : FRAME_MAX;
    if (size > FRAME_MAX)
        rs_media_limit(&a->m, "limit: ID3 frame %s at offset %zu is larger than %u bytes", name,
                       start, FRAME_MAX);
    rs_buf_reset(&a->frame);
    rs_err e = rs_buf_reserve(&a->frame, want);
    if (e) return e;
    size_t got = cur_read(&fc, (unsigned char *)a->frame.data, want, size);
    if (a->ver != 4) c->i = fc.i;
    if (encrypted) return RS_OK;
    got = got < want ? got : want;
    rs_span s = {(const unsigned char *)a->frame.data, got, start, true};
    if (direct) s = (rs_span){a->m.cx->data + start, got, start, false};
    size_t skip = 0;
    if (a->ver == 3) skip = (compressed ? 4 : 0) + ((fl & 0x20) ? 1 : 0);
    if (a->ver == 4) skip = ((fl & 0x40) ? 1 : 0) + ((fl & 0x01) ? 4 : 0);
    if (skip > s.n) return RS_OK;
    s = rs_span_sub(&s, skip, s.n - skip);
    if (compressed) {
        char what[40];
        snprintf(what, sizeof what, "ID3 frame %s", name);
        if ((e = rs_media_inflate(&a->m, &s, FRAME_MAX, false, what, &a->inflated))) return e;
        s = (rs_span){(const unsigned char *)(a->inflated.data ? a->inflated.data : ""),
                      a->inflated.len, start, true};
    }
    return id3_frame(a, name, &s);
}

static rs_err id3_frames(id3 *a, cursor *c)
{
    unsigned hl = a->ver == 2 ? 6 : 10;
    unsigned char h[10];
    rs_err e = RS_OK;
    while (!e && c->i < c->end) {
        size_t at = c->i;
        if (cur_read(c, h, hl, hl) < hl || h[0] == 0) break; /* the end, or padding */
        for (unsigned k = 0; k < hl - (a->ver == 2 ? 3 : 6); k++) {
            if (!((h[k] >= 'A' && h[k] <= 'Z') || (h[k] >= '0' && h[k] <= '9'))) {
                rs_media_broken(&a->m, "corrupt: ID3 frame id expected at offset %zu", at);
                return RS_OK;
            }
        }
        size_t size;
        unsigned fl = 0;
        if (a->ver == 2) {
            size = (size_t)h[3] << 16 | (size_t)h[4] << 8 | h[5];
        } else {
            bool plain =
                a->ver == 3 || (h[4] | h[5] | h[6] | h[7]) & 0x80; /* iTunes writes plain */
            size = plain ? rs_be32(h + 4) : synchsafe(h + 4);
            fl = h[9];
        }
        const char *name = frame_name(h, a->ver);
        if (name) {
            e = id3_data(a, name, c, size, fl);
        } else if (a->ver == 4) {
            c->i = size < c->end - c->i ? c->i + size : c->end;
        } else {
            cur_read(c, NULL, 0, size);
        }
    }
    return e;
}

static rs_err id3v2(id3 *a, const rs_span *u)
{
    const unsigned char *d = u->p;
    a->ver = d[3];
    size_t size = synchsafe(d + 6), end = 10 + (size < u->n - 10 ? size : u->n - 10);
    if (size > u->n - 10)
        rs_media_broken(&a->m, "corrupt: ID3 tag claims %zu bytes, past the end of the file", size);
    unsigned fl = d[5];
    if (a->ver < 2 || a->ver > 4 || (a->ver == 2 && (fl & 0x40))) return RS_OK;
    cursor c = {d, 10, end, (fl & 0x80) && a->ver < 4};
    a->unsync4 = a->ver == 4 && (fl & 0x80);
    if ((fl & 0x40) && end - 10 >= 4) { /* the extended header */
        unsigned char x[4];
        cur_read(&c, x, 4, 4);
        size_t xs = a->ver == 3 ? rs_be32(x) : synchsafe(x);
        if (a->ver == 4) xs = xs >= 4 ? xs - 4 : 0;
        cur_read(&c, NULL, 0, xs);
    }
    return id3_frames(a, &c);
}

static rs_err id3v1(id3 *a, const rs_span *u)
{
    if (u->n < 128 || memcmp(u->p + u->n - 128, "TAG", 3) != 0) return RS_OK;
    size_t t = u->n - 128;
    rs_span artist = rs_span_sub(u, t + 33, 30), comment = rs_span_sub(u, t + 97, 30);
    if (!comment.p[28] && comment.p[29]) comment.n = 28; /* v1.1: a track number */
    rs_err e = rs_media_values(&a->m, "id3v1:artist", &artist, RS_MT_AUTO);
    if (!e) e = rs_media_values(&a->m, "id3v1:comment", &comment, RS_MT_AUTO);
    return e;
}

rs_err rs_extract_mp3(rs_extract_ctx *cx)
{
    id3 a = {.ver = 0};
    rs_media_init(&a.m, cx);
    rs_buf_init(&a.frame, 0);
    rs_buf_init(&a.inflated, 0);
    size_t before = cx->out->n;
    rs_span u = rs_span_unit(cx);
    rs_err e = RS_OK;
    if (u.n >= 10 && memcmp(u.p, "ID3", 3) == 0) e = id3v2(&a, &u);
    if (!e) e = id3v1(&a, &u);
    rs_buf_free(&a.frame);
    rs_buf_free(&a.inflated);
    return rs_media_done(&a.m, e, before);
}

/* ---- Vorbis comments (FLAC, Ogg) ---- */

static const char *const VORBIS[] = {"COPYRIGHT", "LICENSE",   "ORGANIZATION",
                                     "ARTIST",    "PUBLISHER", "COMPOSER"};

static rs_err vorbis_comments(rs_media *m, const rs_span *s)
{
    const unsigned char *d = s->p;
    size_t i = 0, n = s->n;
    if (n < 8) return RS_OK;
    size_t vl = rs_le32(d);
    if (vl > n - 4 || n - 4 - vl < 4) {
        rs_media_broken(m, "corrupt: Vorbis comment vendor string past its block (offset %zu)",
                        rs_span_src(s, 0));
        return RS_OK;
    }
    i = 4 + vl;
    size_t count = rs_le32(d + i);
    i += 4;
    rs_err e = RS_OK;
    for (size_t k = 0; k < count && !e; k++) {
        if (n - i < 4) {
            rs_media_broken(m, "corrupt: Vorbis comment list cut short (offset %zu)",
                            rs_span_src(s, i));
            break;
        }
        size_t len = rs_le32(d + i);
        i += 4;
        if (len > n - i) len = n - i;
        const unsigned char *eq = memchr(d + i, '=', len);
        size_t kl = eq ? (size_t)(eq - (d + i)) : 0;
        for (size_t v = 0; eq && v < sizeof VORBIS / sizeof VORBIS[0] && !e; v++) {
            if (strlen(VORBIS[v]) != kl || strncasecmp((const char *)d + i, VORBIS[v], kl))
                continue;
            char name[40];
            snprintf(name, sizeof name, "vorbis:%s", VORBIS[v]);
            rs_span val = rs_span_sub(s, i + kl + 1, len - kl - 1);
            e = rs_media_value(m, name, &val, RS_MT_UTF8);
        }
        i += len;
    }
    return e;
}

rs_err rs_extract_flac(rs_extract_ctx *cx)
{
    rs_span u = rs_span_unit(cx);
    if (u.n < 4 || memcmp(u.p, "fLaC", 4) != 0)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: not a FLAC file (no fLaC marker)");
    rs_media m;
    rs_media_init(&m, cx);
    size_t before = cx->out->n, i = 4;
    rs_err e = RS_OK;
    bool last = false;
    while (!e && !last) {
        if (u.n - i < 4) {
            rs_media_broken(&m, "corrupt: FLAC metadata block header cut off at offset %zu", i);
            break;
        }
        unsigned type = u.p[i] & 0x7F;
        last = u.p[i] & 0x80;
        size_t len = (size_t)u.p[i + 1] << 16 | (size_t)u.p[i + 2] << 8 | u.p[i + 3];
        i += 4;
        bool past = len > u.n - i;
        rs_span b = rs_span_sub(&u, i, past ? u.n - i : len);
        if (type == 4) e = vorbis_comments(&m, &b);
        if (past) {
            rs_media_broken(&m, "corrupt: FLAC metadata block at offset %zu runs past the end",
                            i - 4);
            break;
        }
        i += len;
    }
    return rs_media_done(&m, e, before);
}

/* ---- Ogg ---- */

typedef struct ogg {
    rs_media m;
    rs_buf pkt;            /* the comment packet (packet 1 of the first stream) */
    size_t start;          /* its first byte in the file */
    size_t last;           /* the end of its last piece in the file */
    bool contiguous;       /* all of it lies in one run of the file */
    size_t npkt;           /* packets of the stream completed */
    unsigned char head[8]; /* the first bytes of packet 0 */
    size_t headn;
} ogg;

/* One segment d[off..off+len) of the first stream; true when the comment packet is done. */
static bool segment(ogg *o, const unsigned char *d, size_t off, size_t len, rs_err *e)
{
    if (o->npkt == 0) {
        for (size_t k = 0; k < len && o->headn < sizeof o->head; k++)
            o->head[o->headn++] = d[off + k];
    } else if (o->npkt == 1) {
        if (!o->pkt.len)
            o->start = off, o->contiguous = true;
        else if (off != o->last)
            o->contiguous = false;
        o->last = off + len;
        size_t room = FRAME_MAX - o->pkt.len;
        if (len > room) {
            rs_media_limit(&o->m, "limit: Ogg comment packet larger than %u bytes", FRAME_MAX);
            len = room;
        }
        if ((*e = rs_buf_append(&o->pkt, d + off, len))) return true;
    }
    if (len < 255) o->npkt++;
    return o->npkt >= 2;
}

static rs_err ogg_comments(ogg *o)
{
    rs_span s = {(const unsigned char *)(o->pkt.data ? o->pkt.data : ""), o->pkt.len, o->start,
                 true};
    if (o->contiguous) s = (rs_span){o->m.cx->data + o->start, o->pkt.len, o->start, false};
    size_t skip = 0;
    if (s.n >= 7 && (!memcmp(s.p, "\x03vorbis", 7) || !memcmp(s.p, "\x81theora", 7)))
        skip = 7;
    else if (s.n >= 8 && !memcmp(s.p, "OpusTags", 8))
        skip = 8;
    else if (o->headn >= 5 &&
             !memcmp(o->head,
                     "\x7F"
                     "FLAC",
                     5) &&
             s.n >= 4 && (s.p[0] & 0x7F) == 4)
        skip = 4;
    else if (!(o->headn >= 8 && !memcmp(o->head, "Speex   ", 8)))
        return RS_OK;
    if (skip > s.n) return RS_OK;
    rs_span c = rs_span_sub(&s, skip, s.n - skip);
    return vorbis_comments(&o->m, &c);
}

rs_err rs_extract_ogg(rs_extract_ctx *cx)
{
    const unsigned char *d = cx->data;
    size_t n = d ? cx->len : 0, i = 0;
    if (n < 4 || memcmp(d, "OggS", 4) != 0)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: not an Ogg file (no OggS page)");
    ogg o = {.npkt = 0};
    rs_media_init(&o.m, cx);
    rs_buf_init(&o.pkt, 0);
    size_t before = cx->out->n;
    uint32_t serial = n >= 18 ? rs_le32(d + 14) : 0;
    rs_err e = RS_OK;
    bool done = false;
    while (!e && !done && i < n) {
        if (n - i < 27 || memcmp(d + i, "OggS", 4) != 0 || n - i - 27 < d[i + 26]) {
            rs_media_broken(&o.m, "corrupt: Ogg page expected at offset %zu", i);
            break;
        }
        size_t segs = d[i + 26], body = i + 27 + segs, total = 0;
        for (size_t k = 0; k < segs; k++)
            total += d[i + 27 + k];
        bool mine = rs_le32(d + i + 14) == serial;
        for (size_t k = 0, off = body; mine && k < segs && !done && !e; k++) {
            size_t len = d[i + 27 + k];
            if (len > n - off) {
                rs_media_broken(&o.m, "corrupt: Ogg page at offset %zu runs past the end", i);
                done = true;
                break;
            }
            done = segment(&o, d, off, len, &e);
            off += len;
        }
        if (total > n - body) break;
        i = body + total;
    }
    if (!e && o.npkt >= 1 && o.pkt.len) e = ogg_comments(&o);
    rs_buf_free(&o.pkt);
    return rs_media_done(&o.m, e, before);
}

/* ---- MP4 / QuickTime ---- */

/* The field for an atom type, or NULL: cprt, ©cpy, ©ART. */
static const char *mp4_field(const char *type)
{
    if (!memcmp(type, "cprt", 4)) return "mp4:cprt";
    if (!memcmp(type,
                "\xA9"
                "cpy",
                4))
        return "mp4:\xC2\xA9"
               "cpy";
    if (!memcmp(type,
                "\xA9"
                "ART",
                4))
        return "mp4:\xC2\xA9"
               "ART";
    return NULL;
}

/* A QuickTime text atom body: (SIZE(2) LANG(2) TEXT)*. */
static rs_err qt_text(rs_media *m, const char *name, const rs_span *s)
{
    rs_err e = RS_OK;
    size_t i = 0;
    while (!e && s->n - i >= 4) {
        size_t len = rs_be16(s->p + i);
        i += 4;
        if (len > s->n - i) len = s->n - i;
        rs_span v = rs_span_sub(s, i, len);
        if (len >= 2 && ((v.p[0] == 0xFE && v.p[1] == 0xFF) || (v.p[0] == 0xFF && v.p[1] == 0xFE)))
            e = utf16_value(m, name, &v, true);
        else
            e = rs_media_value(m, name, &v, RS_MT_AUTO);
        i += len;
    }
    return e;
}

/* ISO 'cprt': FullBox, LANG(2), notice (UTF-8, or UTF-16 after a BOM). */
static rs_err iso_cprt(rs_media *m, const rs_span *s)
{
    if (s->n < 6) return RS_OK;
    rs_span v = rs_span_sub(s, 6, s->n - 6);
    if (v.n >= 2 && v.p[0] == 0xFE && v.p[1] == 0xFF) return utf16_value(m, "mp4:cprt", &v, true);
    return rs_media_values(m, "mp4:cprt", &v, RS_MT_UTF8);
}

/* An iTunes item: 'data' boxes of TYPE(4) LOCALE(4) VALUE (1: UTF-8, 2: UTF-16BE). */
static rs_err ilst_item(rs_media *m, const char *name, const rs_span *u, const rs_box *b)
{
    rs_box c;
    rs_err e = RS_OK;
    for (size_t i = b->body; !e && rs_box_at(u->p, i, b->end, &c); i = c.end) {
        if (memcmp(c.type, "data", 4) || c.end - c.body < 8) continue;
        uint32_t type = rs_be32(u->p + c.body) & 0xFFFFFF;
        rs_span v = rs_span_sub(u, c.body + 8, c.end - c.body - 8);
        if (type == 2)
            e = utf16_value(m, name, &v, true);
        else if (type == 1 || type == 0)
            e = rs_media_value(m, name, &v, RS_MT_UTF8);
    }
    return e;
}

static rs_err mp4_boxes(rs_media *m, const rs_span *u, size_t i, size_t end, const char *parent,
                        unsigned depth);

static rs_err mp4_box(rs_media *m, const rs_span *u, const rs_box *b, const char *parent,
                      unsigned depth)
{
    const char *f = mp4_field(b->type);
    rs_span body = rs_span_sub(u, b->body, b->end - b->body);
    if (!strcmp(parent, "ilst")) return f ? ilst_item(m, f, u, b) : RS_OK;
    if (!strcmp(parent, "udta") && f)
        return !strcmp(f, "mp4:cprt") ? iso_cprt(m, &body) : qt_text(m, f, &body);
    if (!strcmp(parent, "udta") && !memcmp(b->type, "XMP_", 4)) return rs_media_xmp(m, &body);
    if (!memcmp(b->type, "uuid", 4) && body.n >= 16 && !memcmp(body.p, RS_XMP_UUID, 16)) {
        rs_span x = rs_span_sub(&body, 16, body.n - 16);
        return rs_media_xmp(m, &x);
    }
    if (!memcmp(b->type, "cprt", 4)) return iso_cprt(m, &body); /* moov/cprt, trak/cprt */
    static const char *const containers[] = {"moov", "trak", "udta", "meta", "ilst"};
    for (size_t k = 0; k < sizeof containers / sizeof containers[0]; k++) {
        if (memcmp(b->type, containers[k], 4)) continue;
        size_t start = b->body;
        /* ISO 'meta' is a FullBox; QuickTime's is not (its first child, hdlr, follows) */
        if (k == 3 && !(b->end - b->body >= 8 && !memcmp(u->p + b->body + 4, "hdlr", 4)))
            start += 4;
        if (depth >= MAX_BOX_DEPTH) return RS_OK;
        return mp4_boxes(m, u, start, b->end, containers[k], depth + 1);
    }
    return RS_OK;
}

static rs_err mp4_boxes(rs_media *m, const rs_span *u, size_t i, size_t end, const char *parent,
                        unsigned depth)
{
    rs_box b;
    rs_err e = RS_OK;
    for (; !e && rs_box_at(u->p, i, end, &b); i = b.end) {
        e = mp4_box(m, u, &b, parent, depth);
        if (b.clipped)
            rs_media_broken(m, "corrupt: MP4 box '%.4s' at offset %zu runs past its parent", b.type,
                            b.off);
    }
    if (!e && i < end && depth == 0)
        rs_media_broken(m, "corrupt: MP4 box header broken at offset %zu", i);
    return e;
}

rs_err rs_extract_mp4(rs_extract_ctx *cx)
{
    rs_media m;
    rs_media_init(&m, cx);
    size_t before = cx->out->n;
    rs_span u = rs_span_unit(cx);
    return rs_media_done(&m, mp4_boxes(&m, &u, 0, u.n, "", 0), before);
}
