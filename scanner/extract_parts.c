/* extract_parts.c — reads the named parts of a zip-based document (DOCX, ODT, EPUB) from
 * memory with libarchive, each part capped by the limits, for the document extractors.
 *
 * One call is one pass over the zip in archive order. libarchive reads the central
 * directory when it can and falls back to the local headers of a truncated zip, so a cut-off
 * document still yields the parts before the cut. Parts not wanted are skipped unread.
 */
#include "extract.h"

#include <archive.h>
#include <archive_entry.h>

#define DEFAULT_MEMBER (256ull << 20)
#define DEFAULT_TOTAL (1ull << 30)
#define DEFAULT_MEMBERS 100000ull

static const char *why(struct archive *a)
{
    const char *s = archive_error_string(a);
    return s ? s : "unknown error";
}

/* Reads the current member's data into b (whose max is the member cap). */
static rs_err read_member(rs_extract_ctx *cx, struct archive *a, rs_buf *b, const char *what,
                          const char *name)
{
    char chunk[16384];
    for (;;) {
        la_ssize_t r = archive_read_data(a, chunk, sizeof chunk);
        if (r == 0) return RS_OK;
        if (r < 0)
            return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s part %s: %s", what, name,
                                   why(a));
        rs_err e = rs_buf_append(b, chunk, (size_t)r);
        if (e == RS_ERR_LIMIT)
            return rs_extract_fail(cx, e, "limit: %s part %s larger than %zu bytes", what, name,
                                   b->max);
        if (e) return rs_extract_err(cx, e);
    }
}

static rs_err next(rs_extract_ctx *cx, struct archive *a, struct archive_entry **ent,
                   const char *what, uint64_t seen)
{
    int r = archive_read_next_header(a, ent);
    if (r == ARCHIVE_EOF) return *ent = NULL, RS_OK;
    if (r >= ARCHIVE_WARN) return RS_OK;
    if (!seen)
        return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s is not a zip archive (%s)", what,
                               why(a));
    return rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s zip damaged at member %llu (%s)", what,
                           (unsigned long long)seen + 1, why(a));
}

rs_err rs_parts_walk(rs_extract_ctx *cx, const char *what, rs_part_want want, rs_part_got got,
                     void *ctx)
{
    const rs_limits *lim = cx->opt ? &cx->opt->limits : NULL;
    uint64_t cap = lim && lim->max_member_bytes ? lim->max_member_bytes : DEFAULT_MEMBER;
    uint64_t total = lim && lim->max_total_bytes ? lim->max_total_bytes : DEFAULT_TOTAL;
    uint64_t members = lim && lim->max_members ? lim->max_members : DEFAULT_MEMBERS;
    uint64_t seen = 0, bytes = 0;
    rs_buf b;
    rs_buf_init(&b, cap < SIZE_MAX ? (size_t)cap : SIZE_MAX);
    rs_err e = RS_OK;
    struct archive *a = archive_read_new();
    if (!a) return rs_extract_err(cx, RS_ERR_NOMEM);
    archive_read_support_format_zip(a);
    if (archive_read_open_memory(a, cx->data, cx->len) != ARCHIVE_OK) {
        e = rs_extract_fail(cx, RS_ERR_CORRUPT, "corrupt: %s is not a zip archive (%s)", what,
                            why(a));
        goto out;
    }
    for (;;) {
        struct archive_entry *ent;
        if ((e = next(cx, a, &ent, what, seen)) || !ent) goto out;
        if (++seen > members) {
            e = rs_extract_fail(cx, RS_ERR_LIMIT, "limit: %s has more than %llu members", what,
                                (unsigned long long)members);
            goto out;
        }
        const char *name = archive_entry_pathname(ent);
        if (!name || !want(ctx, name)) continue;
        if (archive_entry_is_data_encrypted(ent)) {
            e = rs_extract_fail(cx, RS_ERR_ENCRYPTED, "encrypted: %s part %s", what, name);
            goto out;
        }
        rs_buf_reset(&b);
        if ((e = read_member(cx, a, &b, what, name))) goto out;
        if ((bytes += b.len) > total) {
            e = rs_extract_fail(cx, RS_ERR_LIMIT, "limit: %s parts larger than %llu bytes", what,
                                (unsigned long long)total);
            goto out;
        }
        const unsigned char *data = b.data ? (const unsigned char *)b.data : (const void *)"";
        if ((e = got(ctx, name, data, b.len))) goto out;
    }
out:
    archive_read_free(a);
    rs_buf_free(&b);
    return e;
}
