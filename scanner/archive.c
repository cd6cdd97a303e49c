/* archive.c — containers through libarchive, streamed from memory, never to disk.
 *
 * Formats and filters are enabled one by one (never support_filter_all, which may run
 * external programs). Each regular member is read into memory up to the member limit —
 * counting bytes actually produced, never trusting declared sizes — and scanned as a unit
 * named "container!/member". A member that hits a limit or is encrypted is reported as
 * skipped with the reason; a container that breaks part-way is reported as failed with
 * libarchive's words for it, after the members read before the break.
 *
 * Member names: libarchive converts them to the charset of the current locale, and the
 * process runs in the "C" locale, where a name that is not ASCII (UTF-8 in a zip, UTF-16
 * in a rar) cannot be converted and comes back NULL. Headers are therefore read under a
 * thread-local C.UTF-8 locale (uselocale), and only headers: the members themselves are
 * scanned under the caller's locale. A name met a second time in one archive (a tar that
 * appends a newer copy, entries whose names cannot be decoded) is reported as "name;2",
 * "name;3", ..., so that every unit of the report has a path of its own.
 */
#include "engine.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static void enable(struct archive *a, char family)
{
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_lzma(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_filter_compress(a);
    archive_read_support_filter_lz4(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_format_7zip(a);
    archive_read_support_format_rar(a);
    archive_read_support_format_rar5(a);
    archive_read_support_format_cpio(a);
    archive_read_support_format_iso9660(a);
    archive_read_support_format_cab(a);
    archive_read_support_format_lha(a);
    archive_read_support_format_xar(a);
    if (family == 'C') archive_read_support_format_raw(a); /* a single compressed file */
}

/* The member name of a single compressed file: its own name less the suffix. */
static void raw_name(const char *name, char *out, size_t n)
{
    static const char *const sfx[] = {".gz",   ".tgz", ".bz2", ".xz", ".zst",
                                      ".lzma", ".z",   ".lz4", NULL};
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
    case AE_IFLNK:
        return "symbolic link";
    case AE_IFIFO:
        return "fifo";
    case AE_IFCHR:
        return "character device";
    case AE_IFBLK:
        return "block device";
    case AE_IFSOCK:
        return "socket";
    default:
        return "special file";
    }
}

/* ---- member names: each once per archive ---- */

/* The names reported so far, as 64-bit hashes (a name is 8 bytes whatever its length:
 * memory must not grow much with the members listed), seeded per process so that names
 * cannot be made to pile into one slot. Two names of one hash (about 2^-64 for a pair)
 * cost a needless ";N", never a path reported twice: equal names always match. For a name
 * met again, dups remembers the last N given, so that a thousand entries of one name cost
 * a thousand steps, not half a million. */
typedef struct {
    uint64_t *v; /* 0: empty */
    size_t cap, n;
} hashset;

typedef struct {
    uint64_t h, last;
} namedup;

typedef struct {
    hashset seen;
    namedup *dups; /* open addressing on h; h 0: empty */
    size_t dcap, dn;
    uint64_t seed;
} nameset;

static uint64_t mix64(uint64_t x) /* splitmix64's finaliser */
{
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

static uint64_t name_hash(uint64_t seed, const char *p)
{
    uint64_t h = 1469598103934665603u ^ seed; /* FNV-1a, seeded */
    for (; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    h = mix64(h);
    return h ? h : 1;
}

static uint64_t the_seed;
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

static void seed_init(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    the_seed = mix64((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 32 ^
                     (uint64_t)(uintptr_t)&ts ^ (uint64_t)getpid() << 16) | 1;
}

static uint64_t process_seed(void)
{
    pthread_once(&seed_once, seed_init);
    return the_seed;
}

static void nameset_free(nameset *ns)
{
    free(ns->seen.v);
    free(ns->dups);
    memset(ns, 0, sizeof *ns);
}

static uint64_t *hashset_slot(const hashset *hs, uint64_t h)
{
    size_t i = (size_t)h & (hs->cap - 1);
    while (hs->v[i] && hs->v[i] != h)
        i = (i + 1) & (hs->cap - 1);
    return &hs->v[i];
}

static bool hashset_has(const hashset *hs, uint64_t h)
{
    return hs->cap && *hashset_slot(hs, h) == h;
}

static rs_err hashset_add(hashset *hs, uint64_t h)
{
    if (4 * (hs->n + 1) > 3 * hs->cap) {
        size_t cap = hs->cap ? 2 * hs->cap : 256;
        hashset bigger = {calloc(cap, sizeof(uint64_t)), cap, hs->n};
        if (!bigger.v) return RS_ERR_NOMEM;
        for (size_t i = 0; i < hs->cap; i++)
            if (hs->v[i]) *hashset_slot(&bigger, hs->v[i]) = hs->v[i];
        free(hs->v);
        *hs = bigger;
    }
    uint64_t *slot = hashset_slot(hs, h);
    if (!*slot) {
        *slot = h;
        hs->n++;
    }
    return RS_OK;
}

static namedup *dup_slot(const nameset *ns, uint64_t h)
{
    size_t i = (size_t)h & (ns->dcap - 1);
    while (ns->dups[i].h && ns->dups[i].h != h)
        i = (i + 1) & (ns->dcap - 1);
    return &ns->dups[i];
}

/* The entry for h in dups (made, with last 1, when new); NULL: out of memory. */
static namedup *dup_get(nameset *ns, uint64_t h)
{
    if (2 * (ns->dn + 1) > ns->dcap) {
        size_t cap = ns->dcap ? 2 * ns->dcap : 16;
        namedup *v = calloc(cap, sizeof *v), *old = ns->dups;
        if (!v) return NULL;
        size_t ocap = ns->dcap;
        ns->dups = v;
        ns->dcap = cap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].h) *dup_slot(ns, old[i].h) = old[i];
        free(old);
    }
    namedup *d = dup_slot(ns, h);
    if (!d->h) {
        *d = (namedup){h, 1};
        ns->dn++;
    }
    return d;
}

/* The name a member is reported under: its own, or "name;N" for a name met before in this
 * archive (N the first free from the last given). Writes it to out (outlen bytes, or a
 * malloc'ed buffer in *big when it does not fit) and remembers it; returns it, or NULL
 * (out of memory). */
static const char *unique_name(nameset *ns, const char *name, char *out, size_t outlen, char **big)
{
    *big = NULL;
    if (!ns->seed) ns->seed = process_seed();
    uint64_t h = name_hash(ns->seed, name);
    if (!hashset_has(&ns->seen, h)) return hashset_add(&ns->seen, h) ? NULL : name;
    size_t need = strlen(name) + 24;
    char *buf = out;
    if (need > outlen) {
        if (!(buf = *big = malloc(need))) return NULL;
        outlen = need;
    }
    namedup *d = dup_get(ns, h);
    if (!d) return NULL;
    uint64_t k = d->last, hk;
    do {
        snprintf(buf, outlen, "%s;%llu", name, (unsigned long long)++k);
        hk = name_hash(ns->seed, buf);
    } while (hashset_has(&ns->seen, hk));
    d->last = k;
    return hashset_add(&ns->seen, hk) ? NULL : buf;
}

typedef struct {
    rs_scanner *s;
    struct archive *a;
    size_t clen; /* the container's compressed length, for the ratio check */
    unsigned depth;
    rs_buf data;   /* one member's bytes */
    nameset names; /* the names members were reported under */
} reader;

/* Reads the current member into r->data. Returns RS_OK, RS_ERR_LIMIT (with reason),
 * RS_ERR_CORRUPT (with reason) or RS_ERR_NOMEM. */
static rs_err read_member(reader *r, char *reason, size_t rlen)
{
    const rs_limits *lim = &r->s->opt.limits;
    rs_buf_reset(&r->data);
    la_int64_t in0 = archive_filter_bytes(r->a, -1); /* compressed bytes read so far */
    for (;;) {
        const void *blk;
        size_t n;
        la_int64_t off;
        int rc = archive_read_data_block(r->a, &blk, &n, &off);
        if (rc == ARCHIVE_EOF) return RS_OK;
        if (rc < ARCHIVE_WARN) {
            const char *why = archive_error_string(r->a);
            snprintf(reason, rlen, "corrupt: %s", why ? why : "unreadable member data");
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
        la_int64_t in = archive_filter_bytes(r->a, -1) - in0;
        if (lim->max_ratio && r->data.len > ((size_t)1 << 20) && in > 0 &&
            r->data.len / lim->max_ratio > (uint64_t)in) {
            snprintf(reason, rlen, "limit: expansion ratio over %u:1 (possible archive bomb)",
                     lim->max_ratio);
            r->s->bomb = true;
            r->s->bomb_depth = r->depth;
            return RS_ERR_LIMIT;
        }
        if (lim->max_ratio && r->data.len / lim->max_ratio > r->clen) {
            r->s->bomb = true;
            r->s->bomb_depth = r->depth;
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

/* Appends "!/" + shown to the path chain; a name too long for the path's cap is cut
 * (with a note), so that the member never takes its container's path. */
static size_t push_member(rs_scanner *s, const char *shown)
{
    size_t mark = rs_engine_push(s, "!/", shown);
    if (s->path.len != mark) return mark;
    char cut[1100];
    size_t n = strlen(shown) < 1024 ? strlen(shown) : 1024;
    while (n && ((unsigned char)shown[n] & 0xC0) == 0x80)
        n--; /* on a character boundary */
    snprintf(cut, sizeof cut, "%.*s...(name cut, %zu bytes)", (int)n, shown, strlen(shown));
    return rs_engine_push(s, "!/", cut);
}

/* One member: a problem unit, or a unit scanned through the engine. name is the member's
 * own name (its last element decides the type), shown the name it is reported under,
 * hardlink the target when it is a hard link. */
static rs_err member(reader *r, struct archive_entry *ent, const char *name, const char *shown,
                     const char *hardlink)
{
    rs_scanner *s = r->s;
    size_t mark = push_member(s, shown);
    rs_err e = RS_OK;
    char reason[512];
    mode_t ft = archive_entry_filetype(ent);
    if (hardlink) {
        e = rs_engine_problem(s, RS_STATUS_SKIPPED, 0, r->depth + 1,
                              "hard link to %s (its content is scanned under that name)",
                              hardlink);
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
            e = rs_engine_unit(s, (const unsigned char *)r->data.data, r->data.len, r->depth + 1,
                               slash ? slash + 1 : name);
        }
    }
    rs_engine_pop(s, mark);
    return e;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

typedef struct {
    uint64_t from, to;
} span;

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

/* A zip whose central directory points several entries at overlapping bytes (David
 * Fifield's non-recursive zip bomb): each entry's local header and data must not reach
 * into the next one's. libarchive reads such entries without complaint. */
static bool zip_overlaps(const unsigned char *d, size_t len, uint64_t max_entries)
{
    if (len < 22) return false;
    size_t lo = len > 65557 ? len - 65557 : 0, eocd = SIZE_MAX;
    for (size_t i = len - 22 + 1; i-- > lo;)
        if (!memcmp(d + i, "PK\5\6", 4)) {
            eocd = i;
            break;
        }
    if (eocd == SIZE_MAX) return false;
    uint64_t n = le16(d + eocd + 10), at = le32(d + eocd + 16);
    if (n < 2 || at == 0xFFFFFFFF || n > max_entries) return false;
    span *v = malloc(n * sizeof *v);
    if (!v) return false;
    size_t k = 0;
    for (uint64_t i = 0; i < n && at + 46 <= len && !memcmp(d + at, "PK\1\2", 4); i++) {
        uint64_t csize = le32(d + at + 20), off = le32(d + at + 42);
        if (off + 30 <= len && !memcmp(d + off, "PK\3\4", 4))
            v[k++] = (span){off, off + 30 + le16(d + off + 26) + le16(d + off + 28) + csize};
        at += 46 + (uint64_t)le16(d + at + 28) + le16(d + at + 30) + le16(d + at + 32);
    }
    qsort(v, k, sizeof *v, cmp_span);
    bool overlap = false;
    for (size_t i = 1; i < k && !overlap; i++)
        overlap = v[i].from < v[i - 1].to;
    free(v);
    return overlap;
}

rs_status rs_archive_scan(rs_scanner *s, const unsigned char *data, size_t len, unsigned depth,
                          rs_type type, const char *name, char *reason, size_t rlen, rs_err *err)
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
    if (type == RS_TYPE_ZIP && zip_overlaps(data, len, s->opt.limits.max_members)) {
        snprintf(reason, rlen, "limit: overlapping zip entries (a zip bomb); not read");
        st = RS_STATUS_SKIPPED;
        goto out;
    }
    locale_t old = rs_utf8_names_begin();
    int orc = archive_read_open_memory(r.a, data, len);
    rs_utf8_names_end(old);
    if (orc != ARCHIVE_OK) {
        const char *why = archive_error_string(r.a);
        if (why && strstr(why, "too many filters")) {
            snprintf(reason, rlen, "limit: nested deeper than %u levels (%s)",
                     s->opt.limits.max_depth, why);
            st = RS_STATUS_SKIPPED;
            goto out;
        }
        snprintf(reason, rlen, "corrupt: %s", why ? why : "not a readable archive");
        st = RS_STATUS_FAILED;
        goto out;
    }
    uint64_t members = 0;
    for (;;) {
        struct archive_entry *ent;
        old = rs_utf8_names_begin();
        int rc = archive_read_next_header(r.a, &ent);
        /* the names, converted under the same locale */
        const char *mname = NULL, *hardlink = NULL;
        if (rc >= ARCHIVE_WARN) {
            mname = archive_entry_pathname_utf8(ent);
            if (!mname) mname = archive_entry_pathname(ent);
            hardlink = archive_entry_hardlink_utf8(ent);
            if (!hardlink) hardlink = archive_entry_hardlink(ent);
        }
        rs_utf8_names_end(old);
        if (rc == ARCHIVE_EOF) break;
        int layers = archive_filter_count(r.a) - 2; /* compression inside compression */
        if (rc >= ARCHIVE_WARN && layers > 0 &&
            depth + 1 + (unsigned)layers > s->opt.limits.max_depth) {
            snprintf(reason, rlen, "limit: nested deeper than %u levels (%d compression layers)",
                     s->opt.limits.max_depth, layers + 1);
            st = RS_STATUS_SKIPPED;
            break;
        }
        if (rc < ARCHIVE_WARN) {
            const char *why = archive_error_string(r.a);
            if (why && strstr(why, "too many filters")) {
                snprintf(reason, rlen, "limit: nested deeper than %u levels (%s)",
                         s->opt.limits.max_depth, why);
                st = RS_STATUS_SKIPPED;
                break;
            }
            if (archive_read_has_encrypted_entries(r.a) > 0 || (why && strstr(why, "ncrypt"))) {
                snprintf(reason, rlen, "encrypted: %s", why ? why : "encrypted archive");
                st = RS_STATUS_SKIPPED;
            } else {
                snprintf(reason, rlen, "corrupt: %s",
                         why && *why ? why : "unreadable archive header");
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
        if (archive_format(r.a) == ARCHIVE_FORMAT_RAW) {
            raw_name(name, rawname, sizeof rawname);
            mname = rawname;
        }
        if (!mname || !*mname) mname = "(unnamed)";
        if (archive_entry_filetype(ent) == AE_IFDIR) continue; /* not content */
        char shownbuf[512], *big;
        const char *shown = unique_name(&r.names, mname, shownbuf, sizeof shownbuf, &big);
        if (!shown) {
            *err = RS_ERR_NOMEM;
            break;
        }
        rs_err e = member(&r, ent, mname, shown, hardlink);
        free(big);
        /* A bomb inside a nested archive: this archive holds it, read no further (a bomb
         * that is a direct member only costs that member; its siblings are still read). */
        if (!e && s->bomb && s->bomb_depth > depth) {
            s->bomb_depth = depth;
            snprintf(reason, rlen,
                     "limit: holds an archive bomb (a member expands over %u:1); "
                     "the rest was not read",
                     s->opt.limits.max_ratio);
            st = RS_STATUS_SKIPPED;
            break;
        }
        if (e == RS_ERR_CORRUPT) {
            const char *why = archive_error_string(r.a);
            snprintf(reason, rlen, "corrupt: %s", why ? why : "unreadable member");
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
    nameset_free(&r.names);
    return st;
}
