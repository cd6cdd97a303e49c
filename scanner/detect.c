/* detect.c — decides what a unit is: cheap first look, libmagic for the long tail.
 *
 * libmagic costs ~0.4 ms per text file, which on a content repository would dwarf the
 * whole search. So the well-known magic numbers, byte-order marks and valid UTF-8 are
 * recognised here directly; HTML/XML/JSON/Markdown are told apart by extension and first
 * bytes; zip files that are documents (DOCX, XLSX, PPTX, ODT, EPUB) are documents.
 * libmagic (one cookie per worker) is asked only about what remains.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "internal.h"

#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rs_detector {
    magic_t cookie;
};

static const char *const mimes[] = {
#define RS_X(e, mime, fam) mime,
    RS_TYPE_LIST(RS_X)
#undef RS_X
};
static const char families[] = {
#define RS_X(e, mime, fam) fam,
    RS_TYPE_LIST(RS_X)
#undef RS_X
};

const char *rs_type_mime(rs_type t)
{
    return (unsigned)t < RS_TYPE__COUNT ? mimes[t] : mimes[RS_TYPE_UNKNOWN];
}

char rs_type_family(rs_type t)
{
    return (unsigned)t < RS_TYPE__COUNT ? families[t] : 'B';
}

rs_err rs_detector_new(rs_detector **out, char *err, size_t errlen)
{
    rs_detector *d = calloc(1, sizeof *d);
    if (!d) return RS_ERR_NOMEM;
    d->cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    if (!d->cookie || magic_load(d->cookie, NULL) != 0) {
        snprintf(err, errlen, "libmagic: cannot load its database: %s",
                 d->cookie ? magic_error(d->cookie) : "magic_open failed");
        if (d->cookie) magic_close(d->cookie);
        free(d);
        return RS_ERR_IO;
    }
    *out = d;
    return RS_OK;
}

void rs_detector_free(rs_detector *d)
{
    if (!d) return;
    magic_close(d->cookie);
    free(d);
}

static bool has_ext(const char *name, const char *const *exts)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot) return false;
    for (; *exts; exts++)
        if (strcasecmp(dot + 1, *exts) == 0) return true;
    return false;
}

static bool starts(const unsigned char *d, size_t len, size_t at, const char *magic, size_t n)
{
    return len >= at + n && memcmp(d + at, magic, n) == 0;
}

static bool contains(const unsigned char *d, size_t len, const char *s)
{
    return memmem(d, len, s, strlen(s)) != NULL;
}

/* A zip: which document is it, if any? Part names are stored uncompressed; the mimetype
 * part should be stored first and uncompressed, but writers that compress it (or put it
 * elsewhere) are common, so part names and the extension decide too. */
static rs_type zip_kind(const unsigned char *d, size_t len, const char *name)
{
    static const char odt[] = "mimetypeapplication/vnd.oasis.opendocument.text";
    static const char epub[] = "mimetypeapplication/epub+zip";
    static const char ods[] = "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    static const char odp[] = "mimetypeapplication/vnd.oasis.opendocument.presentation";
    if (starts(d, len, 30, odt, sizeof odt - 1)) return RS_TYPE_ODT;
    if (starts(d, len, 30, ods, sizeof ods - 1)) return RS_TYPE_ODS;
    if (starts(d, len, 30, odp, sizeof odp - 1)) return RS_TYPE_ODP;
    if (starts(d, len, 30, epub, sizeof epub - 1)) return RS_TYPE_EPUB;
    if (contains(d, len, "[Content_Types].xml")) {
        if (contains(d, len, "word/document.xml")) return RS_TYPE_DOCX;
        if (contains(d, len, "xl/workbook.xml")) return RS_TYPE_XLSX;
        if (contains(d, len, "ppt/presentation.xml")) return RS_TYPE_PPTX;
    }
    static const char *const odt_x[] = {"odt", "ott", NULL}, *const ods_x[] = {"ods", "ots", NULL},
                             *const odp_x[] = {"odp", "otp", NULL},
                             *const epub_x[] = {"epub", NULL};
    bool odf = contains(d, len, "content.xml") && contains(d, len, "mimetype");
    if (odf && (contains(d, len, "opendocument.text") || has_ext(name, odt_x))) return RS_TYPE_ODT;
    if (odf && (contains(d, len, "opendocument.spreadsheet") || has_ext(name, ods_x)))
        return RS_TYPE_ODS;
    if (odf && (contains(d, len, "opendocument.presentation") || has_ext(name, odp_x)))
        return RS_TYPE_ODP;
    if (contains(d, len, "META-INF/container.xml") &&
        (contains(d, len, "epub+zip") || has_ext(name, epub_x)))
        return RS_TYPE_EPUB;
    return RS_TYPE_ZIP;
}

static rs_type by_magic(const unsigned char *d, size_t len, const char *name)
{
    if (starts(d, len, 0, "PK\3\4", 4) || starts(d, len, 0, "PK\5\6", 4) ||
        starts(d, len, 0, "PK\7\x8", 4))
        return zip_kind(d, len, name);
    if (starts(d, len, 0, "\x1f\x8b", 2)) return RS_TYPE_GZIP;
    if (starts(d, len, 0, "BZh", 3) && len > 3 && d[3] >= '1' && d[3] <= '9') return RS_TYPE_BZIP2;
    if (starts(d, len, 0,
               "\xfd"
               "7zXZ\0",
               6))
        return RS_TYPE_XZ;
    if (starts(d, len, 0, "\x28\xb5\x2f\xfd", 4)) return RS_TYPE_ZSTD;
    if (starts(d, len, 0, "\x1f\x9d", 2)) return RS_TYPE_COMPRESS;
    if (starts(d, len, 0, "\x04\x22\x4d\x18", 4)) return RS_TYPE_LZ4;
    if (starts(d, len, 0, "MSCF\0\0\0\0", 8)) return RS_TYPE_CAB;
    if (starts(d, len, 0, "xar!", 4)) return RS_TYPE_XAR;
    if (len > 6 && d[2] == '-' && d[3] == 'l' && (d[4] == 'h' || d[4] == 'z') && d[6] == '-')
        return RS_TYPE_LHA;
    if (starts(d, len, 0, "7z\xbc\xaf\x27\x1c", 6)) return RS_TYPE_SEVENZ;
    if (starts(d, len, 0, "Rar!\x1a\x07", 6)) return RS_TYPE_RAR;
    if (starts(d, len, 0, "07070", 5) || starts(d, len, 0, "\xc7\x71", 2) ||
        starts(d, len, 0, "\x71\xc7", 2))
        return RS_TYPE_CPIO;
    if (starts(d, len, 257, "ustar", 5)) return RS_TYPE_TAR;
    if (starts(d, len, 0x8001, "CD001", 5)) return RS_TYPE_ISO9660;
    if (starts(d, len, 0, "\xff\xd8\xff", 3)) return RS_TYPE_JPEG;
    if (starts(d, len, 0, "\x89PNG\r\n\x1a\n", 8)) return RS_TYPE_PNG;
    if (starts(d, len, 0, "GIF87a", 6) || starts(d, len, 0, "GIF89a", 6)) return RS_TYPE_GIF;
    if (starts(d, len, 0, "II*\0", 4) || starts(d, len, 0, "MM\0*", 4)) return RS_TYPE_TIFF;
    if (starts(d, len, 0, "RIFF", 4) && starts(d, len, 8, "WEBP", 4)) return RS_TYPE_WEBP;
    if (starts(d, len, 0, "%PDF-", 5)) return RS_TYPE_PDF;
    if (starts(d, len, 0, "{\\rtf", 5)) return RS_TYPE_RTF;
    if (starts(d, len, 0, "fLaC", 4)) return RS_TYPE_FLAC;
    if (starts(d, len, 0, "OggS", 4)) return RS_TYPE_OGG;
    if (starts(d, len, 0, "ID3", 3) && len > 3 && d[3] >= 2 && d[3] <= 4) return RS_TYPE_MP3;
    if (len >= 2 && d[0] == 0xFF && (d[1] & 0xE6) == 0xE2) return RS_TYPE_MP3; /* frame sync */
    if (starts(d, len, 4, "ftyp", 4)) {
        static const char *const heif[] = {"heic", "heix", "hevc", "heim", "heis",
                                           "mif1", "msf1", "avif", NULL};
        for (const char *const *b = heif; *b; b++)
            if (starts(d, len, 8, *b, 4)) return RS_TYPE_HEIF;
        return RS_TYPE_MP4;
    }
    return RS_TYPE_UNKNOWN;
}

/* Text: a BOM, or no NUL and valid UTF-8 in the first 64 KiB (a sequence cut at the
 * window's end is fine), or no NUL and few control bytes (legacy 8-bit text). */
static bool looks_text(const unsigned char *d, size_t len)
{
    if (starts(d, len, 0, "\xef\xbb\xbf", 3) || starts(d, len, 0, "\xff\xfe", 2) ||
        starts(d, len, 0, "\xfe\xff", 2) || starts(d, len, 0, "\0\0\xfe\xff", 4))
        return true;
    size_t n = len < 65536 ? len : 65536;
    if (memchr(d, 0, n)) return false;
    size_t m = n;
    if (n < len) /* back off to a character boundary */
        for (int k = 0; k < 3 && m > 0 && (d[m - 1] & 0xC0) == 0x80; k++)
            m--;
    if (n < len && m > 0 && d[m - 1] >= 0xC0) m--;
    if (rs_utf8_valid(d, m)) return true;
    size_t ctl = 0;
    for (size_t i = 0; i < n; i++)
        if (d[i] < 0x20 && d[i] != '\n' && d[i] != '\r' && d[i] != '\t' && d[i] != '\f' &&
            d[i] != 0x1b)
            ctl++;
    return ctl * 100 < n; /* under 1% control bytes */
}

static const unsigned char *skip_space(const unsigned char *p, const unsigned char *end)
{
    if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

static bool prefix_ci(const unsigned char *p, const unsigned char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && strncasecmp((const char *)p, s, n) == 0;
}

static rs_type text_kind(const unsigned char *d, size_t len, const char *name)
{
    static const char *const html[] = {"html", "htm", "xhtml", "shtml", NULL};
    static const char *const xml[] = {"xml", "nitf", "newsml", "rss", "atom",
                                      "xmp", "opf",  "svg",    "rdf", NULL};
    static const char *const json[] = {"json", "ninjs", "jsonld", NULL};
    static const char *const md[] = {"md", "markdown", "mdown", NULL};
    if (has_ext(name, html)) return RS_TYPE_HTML;
    if (has_ext(name, xml)) return RS_TYPE_XML;
    if (has_ext(name, json)) return RS_TYPE_JSON;
    if (has_ext(name, md)) return RS_TYPE_MARKDOWN;
    const unsigned char *end = d + (len < 4096 ? len : 4096);
    const unsigned char *p = skip_space(d, end);
    if (prefix_ci(p, end, "<!doctype html") || prefix_ci(p, end, "<html")) return RS_TYPE_HTML;
    if (prefix_ci(p, end, "<?xml")) return RS_TYPE_XML;
    if (p < end && *p == '{') {
        const unsigned char *q = d + len;
        while (q > p && (q[-1] == ' ' || q[-1] == '\n' || q[-1] == '\r' || q[-1] == '\t'))
            q--;
        if (q > p && q[-1] == '}') return RS_TYPE_JSON;
    }
    return RS_TYPE_TEXT;
}

static rs_type by_mime(const char *mime)
{
    if (!mime) return RS_TYPE_UNKNOWN;
    for (unsigned t = 0; t < RS_TYPE__COUNT; t++)
        if (t != RS_TYPE_UNKNOWN && strcmp(mime, mimes[t]) == 0) return (rs_type)t;
    if (strcmp(mime, "application/x-gzip") == 0) return RS_TYPE_GZIP;
    if (strcmp(mime, "application/x-rar") == 0) return RS_TYPE_RAR;
    if (strcmp(mime, "text/xml") == 0) return RS_TYPE_XML;
    if (strcmp(mime, "application/x-ustar") == 0) return RS_TYPE_TAR;
    if (strcmp(mime, "application/x-lzma") == 0) return RS_TYPE_LZMA;
    return RS_TYPE_UNKNOWN;
}

rs_type rs_detect(rs_detector *d, const unsigned char *data, size_t len, const char *name)
{
    if (len == 0) return RS_TYPE_EMPTY;
    rs_type t = by_magic(data, len, name);
    if (t != RS_TYPE_UNKNOWN) return t;
    if (looks_text(data, len)) return text_kind(data, len, name);
    if (!d) return RS_TYPE_UNKNOWN;
    /* the long tail: old tar without ustar magic, lzma, cpio variants, ... */
    return by_mime(magic_buffer(d->cookie, data, len < (1u << 20) ? len : (1u << 20)));
}
