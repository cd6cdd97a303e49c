/* hscache.c — compiled Hyperscan databases kept on disk between runs.
 *
 * Compiling the prefilter's two databases (some 900 literals) is most of rightscan's start:
 * about 40 ms of 150, and under valgrind seconds. A database compiled once is the same for
 * the same expressions, flags, ids, Hyperscan version and CPU, so it is serialized
 * (hs_serialize_database) into a cache file named by a hash of all of these and read back
 * (hs_deserialize_database) by the next run. A file starts with a magic string and a hash
 * of the serialized bytes, checked before they are given to Hyperscan.
 *
 * Where: $RIGHTSCAN_CACHE when set (empty: no cache), else $XDG_CACHE_HOME/rightscan,
 * else $HOME/.cache/rightscan. The cache is only ever a shortcut: a file that is missing,
 * unreadable, truncated or from another build is ignored and the database compiled (and
 * written again); writes go to a temporary file renamed into place, so concurrent runs see
 * a whole file or none; any failure to write is silent.
 */
#include "hscache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAX ((size_t)64 << 20) /* a larger file is not ours */
#define MAGIC "rshsdb1\n"
#define HEADER 24 /* MAGIC, then the hash of what follows */

typedef struct hash2 {
    uint64_t a, b;
} hash2;

static void mix(hash2 *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ s[i]) * 0x100000001b3ULL;              /* FNV-1a */
        h->b = (h->b ^ s[i]) * 0x9E3779B97F4A7C15ULL + 0x7F4A; /* another, independent */
    }
}

/* The cache directory (created), or false when there is none. */
static bool cache_dir(char *out, size_t outlen)
{
    const char *env = getenv("RIGHTSCAN_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (env)
        n = snprintf(out, outlen, "%s", env);
    else if (xdg && *xdg)
        n = snprintf(out, outlen, "%s/rightscan", xdg);
    else if (home && *home)
        n = snprintf(out, outlen, "%s/.cache/rightscan", home);
    else
        return false;
    if (n <= 0 || (size_t)n >= outlen) return false;
    /* mkdir -p */
    for (char *p = out + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(out, 0700) != 0 && errno != EEXIST) return false;
        *p = '/';
    }
    return mkdir(out, 0700) == 0 || errno == EEXIST;
}

static bool load(const char *path, hs_database_t **db)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    char *buf = NULL;
    bool ok = false;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (size_t)st.st_size <= CACHE_MAX && (buf = malloc((size_t)st.st_size))) {
        size_t got = 0, n = (size_t)st.st_size;
        while (got < n) {
            ssize_t k = read(fd, buf + got, n - got);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) break;
            got += (size_t)k;
        }
        /* MAGIC, then a hash of the rest: a file cut short or damaged is not read */
        hash2 h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL}, want;
        if (got == n && n > HEADER && !memcmp(buf, MAGIC, 8)) {
            memcpy(&want, buf + 8, sizeof want);
            mix(&h, buf + HEADER, n - HEADER);
            ok = h.a == want.a && h.b == want.b &&
                 hs_deserialize_database(buf + HEADER, n - HEADER, db) == HS_SUCCESS;
        }
    }
    free(buf);
    close(fd);
    return ok;
}

static void save(const char *dir, const char *path, const hs_database_t *db)
{
    char *bytes = NULL, tmp[4200];
    size_t n = 0;
    if (hs_serialize_database(db, &bytes, &n) != HS_SUCCESS) return;
    if (snprintf(tmp, sizeof tmp, "%s/.hs-XXXXXX", dir) < (int)sizeof tmp) {
        int fd = mkstemp(tmp);
        if (fd >= 0) {
            hash2 h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
            mix(&h, bytes, n);
            char head[HEADER];
            memcpy(head, MAGIC, 8);
            memcpy(head + 8, &h, sizeof h);
            size_t put = 0;
            if (write(fd, head, HEADER) != HEADER) put = SIZE_MAX;
            while (put < n) {
                ssize_t k = write(fd, bytes + put, n - put);
                if (k < 0 && errno == EINTR) continue;
                if (k <= 0) break;
                put += (size_t)k;
            }
            bool ok = put == n && close(fd) == 0;
            if (!ok || rename(tmp, path) != 0) unlink(tmp);
        }
    }
    free(bytes);
}

rs_err rs_hs_compile(bool literal, const char *const *ex, const unsigned *flags,
                     const unsigned *ids, const size_t *lens, unsigned n, hs_database_t **db,
                     hs_compile_error_t **ce)
{
    *db = NULL;
    *ce = NULL;
    char dir[4096], path[4200];
    bool cached = cache_dir(dir, sizeof dir);
    if (cached) {
        hash2 h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
        hs_platform_info_t plat;
        memset(&plat, 0, sizeof plat);
        hs_populate_platform(&plat);
        const char *ver = hs_version();
        mix(&h, "rightscan-hs-1", 14);
        mix(&h, ver, strlen(ver));
        mix(&h, &plat, sizeof plat);
        mix(&h, &literal, sizeof literal);
        mix(&h, &n, sizeof n);
        for (unsigned i = 0; i < n; i++) {
            size_t len = literal ? lens[i] : strlen(ex[i]);
            mix(&h, &len, sizeof len);
            mix(&h, ex[i], len);
            mix(&h, &flags[i], sizeof flags[i]);
            mix(&h, &ids[i], sizeof ids[i]);
        }
        snprintf(path, sizeof path, "%s/hs-%016llx%016llx.db", dir, (unsigned long long)h.a,
                 (unsigned long long)h.b);
        if (load(path, db)) return RS_OK;
    }
    hs_error_t r = literal ? hs_compile_lit_multi(ex, flags, ids, lens, n, HS_MODE_BLOCK, NULL, db, ce)
                           : hs_compile_multi(ex, flags, ids, n, HS_MODE_BLOCK, NULL, db, ce);
    if (r != HS_SUCCESS) return RS_ERR_SIGNATURE;
    if (cached) save(dir, path, *db);
    return RS_OK;
}
