/* file.c — reading one file from disk as a unit: mapped into memory, never copied. */
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files up to this size are read into memory; larger ones are mapped. */
#define RS_READ_FILE ((uint64_t)64 << 20)

/* Files above this size whose first bytes are plain text are scanned in windows. */
#define RS_WINDOWED_FILE ((uint64_t)16 << 20)

rs_err rs_engine_file(rs_scanner *s, const char *fspath, const struct stat *st0)
{
    char w[128];
    s->expanded = 0;
    s->bomb = false;
    int fd = open(fspath, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "%s",
                                 rs_errno_phrase(errno, w, sizeof w));
    struct stat st;
    rs_err e = RS_OK;
    if (fstat(fd, &st) != 0) {
        e = rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "%s", rs_errno_phrase(errno, w, sizeof w));
        goto out;
    }
    if (!S_ISREG(st.st_mode) || st.st_ino != st0->st_ino || st.st_dev != st0->st_dev) {
        e = rs_engine_problem(s, RS_STATUS_FAILED, 0, 0, "changed while being scanned");
        goto out;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size > s->opt.limits.max_file_bytes) {
        e = rs_engine_problem(s, RS_STATUS_SKIPPED, size, 0, "limit: file larger than %llu bytes",
                              (unsigned long long)s->opt.limits.max_file_bytes);
        goto out;
    }
    if (size == 0) {
        e = rs_engine_unit(s, (const unsigned char *)"", 0, 0, rs_base_name(fspath));
        goto out;
    }
    if (size > RS_WINDOWED_FILE) { /* large plain text is read in windows, not mapped */
        unsigned char head[4096];
        ssize_t n = pread(fd, head, sizeof head, 0);
        rs_type t =
            n > 0 ? rs_detect(s->det, head, (size_t)n, rs_base_name(fspath)) : RS_TYPE_UNKNOWN;
        bool wide = n >= 2 &&
                    ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF) ||
                     (n >= 4 && !memcmp(head, "\0\0\xfe\xff", 4)));
        if ((t == RS_TYPE_TEXT || t == RS_TYPE_MARKDOWN) && !wide) {
            e = rs_engine_text_windows(s, fd, size, t, rs_base_name(fspath));
            goto out;
        }
    }
    if (size <= RS_READ_FILE) { /* read, not mapped: a file cut short while we read it is a
                                   short read, not a SIGBUS */
        rs_err re = rs_buf_reserve(&s->filebuf, (size_t)size);
        if (re) {
            e = re == RS_ERR_NOMEM ? re
                                   : rs_engine_problem(s, RS_STATUS_SKIPPED, size, 0,
                                                       "limit: file too large to read");
            goto out;
        }
        size_t got = 0;
        while (got < size) {
            ssize_t k = read(fd, s->filebuf.data + got, (size_t)size - got);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) break;
            got += (size_t)k;
        }
        if (got < size) {
            e = rs_engine_problem(s, RS_STATUS_FAILED, size, 0,
                                  "changed while being scanned: %llu of %llu bytes read",
                                  (unsigned long long)got, (unsigned long long)size);
            goto out;
        }
        e = rs_engine_unit(s, (const unsigned char *)s->filebuf.data, (size_t)size, 0,
                           rs_base_name(fspath));
        if (s->filebuf.cap > ((size_t)4 << 20)) rs_buf_free(&s->filebuf); /* keep memory low */
        goto out;
    }
    void *map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        e = rs_engine_problem(s, RS_STATUS_FAILED, size, 0, "cannot map file: %s",
                              rs_errno_phrase(errno, w, sizeof w));
        goto out;
    }
    madvise(map, (size_t)size, MADV_SEQUENTIAL);
    e = rs_engine_unit(s, map, (size_t)size, 0, rs_base_name(fspath));
    munmap(map, (size_t)size);
out:
    close(fd);
    return e;
}
