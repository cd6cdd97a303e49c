/* archive.c — containers through libarchive, streamed from memory, never to disk.
 *
 * Formats and filters are enabled one by one (never support_filter_all, which may run
 * external programs). Each regular member is read into memory up to the member limit —
 * counting bytes actually produced, never trusting declared sizes — and scanned as a unit
 * named "container!/member". A member that hits a limit or is encrypted is reported as
 * skipped with the reason; a container that breaks part-way is reported as failed with
 * libarchive's words for it, after the members read before the break.
 */
#include "engine.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void enable(struct archive *a, char family)
{
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_lzma(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_filter_compress(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_rar(a);
    archive_read_support_format_rar5(a);
    archive_read_support_format_cpio(a);
    archive_read_support_format_iso9660(a);
    if (family == 'C') archive_read_support_format_raw(a); /* a single compressed file */
}

/* The member name of a single compressed file: its own name less the suffix. */
static void raw_name(const char *name, char *out, size_t n)
{
    static const char *const sfx[] = {".gz", ".tgz", ".bz2", ".xz", ".zst", ".lzma", ".z", NULL};
    snprintf(out, n, "%s", name && *name ? name : "data");
    size_t len = strlen(out);
    for (const char *const *p = sfx; *p; p++) {
        size_t k = strlen(*p);
        if (len > k && strcasecmp(out + len - k, *p) == 0) {
            out[len - k] = '\0';
            if (strcmp(*p, ".tgz") == 0) snprintf(out + len - k, n - (len - k), ".tar");
            return;
        }
    }
    snprintf(out, n, "data");
}

static const char *entry_kind(mode_t type)
{
    switch (type) {
    case AE_IFLNK: return "symbolic link";
    case AE_IFIFO: return "fifo";
    case AE_IFCHR: return "character device";
    case AE_IFBLK: return "block device";
    case AE_IFSOCK: return "socket";
    default: return "special file";
    }
}

typedef struct {
    rs_scanner *s;
    struct archive *a;
    size_t clen;      /* the container's compressed length, for the ratio check */
    unsigned depth;
    rs_buf data;      /* one member's bytes */
} reader;

/* Reads the current member into r->data. Returns RS_OK, RS_ERR_LIMIT (with reason),
 * RS_ERR_CORRUPT (with reason) or RS_ERR_NOMEM. */
static rs_err read_member(reader *r, char *reason, size_t rlen)
{
    const rs_limits *lim = &r->s->opt.limits;
    rs_buf_reset(&r->data);
    for (;;) {
        const void *blk;
        size_t n;
        la_int64_t off;
        int rc = archive_read_data_block(r->a, &blk, &n, &off);
        if (rc == ARCHIVE_EOF) return RS_OK;
        if (rc < ARCHIVE_WARN) {
            snprintf(reason, rlen, "corrupt: %s", archive_error_string(r->a));
            return RS_ERR_CORRUPT;
        }
        if (off < 0 || (uint64_t)off > lim->max_member_bytes) {
            snprintf(reason, rlen, "limit: member larger than %llu bytes",
                     (unsigned long long)lim->max_member_bytes);
            return RS_ERR_LIMIT;
        }
        if ((size_t)off > r->data.len) { /* a sparse hole: zeros */
            size_t gap = (size_t)off - r->data.len;
            rs_err e = rs_buf_reserve(&r->data, gap);
            if (e == RS_ERR_NOMEM) return e;
            if (e) goto too_big;
            memset(r->data.data + r->data.len, 0, gap);
            r->data.len += gap;
        }
        r->data.len = (size_t)off < r->data.len ? (size_t)off : r->data.len;
        rs_err e = rs_buf_append(&r->data, blk, n);
        if (e == RS_ERR_NOMEM) return e;
        if (e) goto too_big;
        r->s->expanded += n;
        if (r->s->expanded > lim->max_total_bytes) {
            snprintf(reason, rlen, "limit: more than %llu bytes expanded from one input",
                     (unsigned long long)lim->max_total_bytes);
            return RS_ERR_LIMIT;
        }
        if (lim->max_ratio && r->data.len / lim->max_ratio > r->clen) {
            snprintf(reason, rlen, "limit: expansion ratio over %u:1 (possible archive bomb)",
                     lim->max_ratio);
            return RS_ERR_LIMIT;
        }
    }
too_big:
    snprintf(reason, rlen, "limit: member larger than %llu bytes",
             (unsigned long long)lim->max_member_bytes);
    return RS_ERR_LIMIT;
}

/* One member: a problem unit, or a unit scanned through the engine. */
static rs_err member(reader *r, struct archive_entry *ent, const char *name)
{
    rs_scanner *s = r->s;
    size_t mark = rs_engine_push(s, "!/", name);
    rs_err e = RS_OK;
    char reason[512];
    mode_t ft = archive_entry_filetype(ent);
    if (archive_entry_hardlink(ent)) {
        e = rs_engine_problem(s, RS_STATUS_SKIPPED, 0, r->depth + 1,
                              "hard link to %s (its content is scanned under that name)",
                              archive_entry_hardlink(ent));
    } else if (ft != AE_IFREG && ft != 0) {
        e = rs_engine_problem(s, RS_STATUS_SKIPPED, 0, r->depth + 1, "%s in archive",
                              entry_kind(ft));
    } else if (archive_entry_is_encrypted(ent)) {
        e = rs_engine_problem(s, RS_STATUS_SKIPPED, 0, r->depth + 1, "encrypted");
    } else {
        rs_err re = read_member(r, reason, sizeof reason);
        if (re == RS_ERR_NOMEM) {
            e = re;
        } else if (re) {
            rs_status st = re == RS_ERR_LIMIT ? RS_STATUS_SKIPPED : RS_STATUS_FAILED;
            e = rs_engine_problem(s, st, r->data.len, r->depth + 1, "%s", reason);
            if (!e && re == RS_ERR_CORRUPT) e = RS_ERR_CORRUPT; /* stop this container */
        } else {
            const char *slash = strrchr(name, '/');
            e = rs_engine_unit(s, (const unsigned char *)r->data.data, r->data.len,
                               r->depth + 1, slash ? slash + 1 : name);
        }
    }
    rs_engine_pop(s, mark);
    return e;
}

rs_status rs_archive_scan(rs_scanner *s, const unsigned char *data, size_t len, unsigned depth,
                          rs_type type, const char *name, char *reason, size_t rlen,
                          rs_err *err)
{
    char fam = rs_type_family(type);
    reader r = {.s = s, .clen = len ? len : 1, .depth = depth};
    rs_buf_init(&r.data, s->opt.limits.max_member_bytes);
    rs_status st = RS_STATUS_SCANNED;
    *err = RS_OK;
    r.a = archive_read_new();
    if (!r.a) {
        *err = RS_ERR_NOMEM;
        return RS_STATUS_FAILED;
    }
    enable(r.a, fam);
    if (archive_read_open_memory(r.a, data, len) != ARCHIVE_OK) {
        snprintf(reason, rlen, "corrupt: %s", archive_error_string(r.a));
        st = RS_STATUS_FAILED;
        goto out;
    }
    uint64_t members = 0;
    for (;;) {
        struct archive_entry *ent;
        int rc = archive_read_next_header(r.a, &ent);
        if (rc == ARCHIVE_EOF) break;
        if (rc < ARCHIVE_WARN) {
            const char *why = archive_error_string(r.a);
            if (archive_read_has_encrypted_entries(r.a) > 0 || (why && strstr(why, "ncrypt"))) {
                snprintf(reason, rlen, "encrypted: %s", why ? why : "encrypted archive");
                st = RS_STATUS_SKIPPED;
            } else {
                snprintf(reason, rlen, "corrupt: %s", why ? why : "unreadable archive header");
                st = RS_STATUS_FAILED;
            }
            if (rc == ARCHIVE_FATAL || members == 0) break;
            continue; /* ARCHIVE_FAILED: this entry is lost, the next may be readable */
        }
        if (++members > s->opt.limits.max_members) {
            snprintf(reason, rlen, "limit: more than %llu members; the rest were not read",
                     (unsigned long long)s->opt.limits.max_members);
            st = RS_STATUS_SKIPPED;
            break;
        }
        char rawname[256];
        const char *mname = archive_entry_pathname_utf8(ent);
        if (!mname) mname = archive_entry_pathname(ent);
        if (archive_format(r.a) == ARCHIVE_FORMAT_RAW) {
            raw_name(name, rawname, sizeof rawname);
            mname = rawname;
        }
        if (!mname || !*mname) mname = "(unnamed)";
        if (archive_entry_filetype(ent) == AE_IFDIR) continue; /* not content */
        rs_err e = member(&r, ent, mname);
        if (e == RS_ERR_CORRUPT) {
            snprintf(reason, rlen, "corrupt: %s", archive_error_string(r.a));
            st = RS_STATUS_FAILED;
            break;
        }
        if (e) {
            *err = e;
            break;
        }
    }
out:
    archive_read_free(r.a);
    rs_buf_free(&r.data);
    return st;
}
