/* fuzz_sigdb.c — fuzzes the signature loader: the input is written as the one .yml file of
 * a temporary directory and loaded with rs_sigdb_load, then linted with rs_sigdb_lint.
 *
 * Checked per input: a failed load says why in err ("FILE:LINE:COL: what is wrong"; with
 * RS_FUZZ_STRICT=1 the message must start with the file's path) and leaves *out alone; a
 * loaded set can be listed, described, asked for its anchors, self-tested (which runs
 * every example through the matcher) and matched against a fixed notice; nothing leaks.
 */
#include "fuzz_common.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *file; /* the input, as a file */
static char dir[64];     /* the directory holding it */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    file = rs_fuzz_tmpfile("sigdb", "fuzz.yml");
    snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(file, '/') - file), file);
    return 0;
}

static void ignore(void *ctx, const char *msg)
{
    (void)ctx;
    RS_FUZZ_CHECK(msg && *msg, "an empty message from the self-test or the linter");
}

static void anchor(void *ctx, const char *a)
{
    (void)ctx;
    RS_FUZZ_CHECK(a && rs_utf8_valid((const unsigned char *)a, strlen(a)), "bad anchor");
}

static const char NOTICE[] =
    "ANKARA (AA) - Haber metni.\nYASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve videonun "
    "tüm hakları İlke Haber Ajansı Basın Yayın San. Tic. A.Ş.'ye aittir. © 2025 Example Ltd. "
    "All rights reserved. Licensed under CC BY 4.0.";

static void use(const rs_sigdb *db)
{
    size_t n = rs_sigdb_count(db);
    for (size_t i = 0; i < n; i++) {
        rs_siginfo info;
        rs_sigdb_info(db, i, &info);
        RS_FUZZ_CHECK(info.id && info.holder && info.file, "signature %zu: NULL in its info", i);
        free(rs_sigdb_describe(db, info.id));
    }
    rs_sigdb_anchors(db, anchor, NULL);
    size_t total = 0;
    rs_sigdb_selftest(db, ignore, NULL, &total);

    rs_matcher *m;
    if (rs_matcher_new(db, &m) != RS_OK) abort();
    rs_fields fs;
    rs_fields_init(&fs, 1 << 20);
    rs_field *f;
    if (rs_fields_add_borrowed(&fs, "body", false, true, NOTICE, sizeof NOTICE - 1, 0, &f) ||
        rs_fields_add_borrowed(&fs, "xmp:dc:rights", true, false, "AFP", 3, 0, &f))
        abort();
    rs_hits hits = {0};
    rs_err e = rs_match_fields(m, &fs, &hits);
    RS_FUZZ_CHECK(e == RS_OK, "matching a fixed notice failed: %s", rs_strerror(e));
    for (size_t i = 0; i < hits.n; i++)
        RS_FUZZ_CHECK(hits.v[i].field < fs.n && hits.v[i].start <= hits.v[i].end &&
                          hits.v[i].end <= fs.v[hits.v[i].field].len,
                      "hit %zu out of its field", i);
    rs_hits_free(&hits);
    rs_fields_free(&fs);
    rs_matcher_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_fuzz_write(file, data, size);
    const char *dirs[] = {dir};
    rs_sigdb *db = (rs_sigdb *)&db; /* must stay untouched when the load fails */
    rs_sigdb *const sentinel = db;
    char err[1024];
    rs_err e = rs_sigdb_load(dirs, 1, &db, err, sizeof err);
    if (e == RS_OK) {
        RS_FUZZ_CHECK(db != sentinel && db != NULL, "load succeeded without a set");
        use(db);
        rs_sigdb_free(db);
    } else {
        RS_FUZZ_CHECK(db == sentinel, "a failed load wrote *out");
        RS_FUZZ_CHECK(e == RS_ERR_SIGNATURE || e == RS_ERR_IO, "load failed with '%s'",
                      rs_strerror(e));
        RS_FUZZ_CHECK(memchr(err, '\0', sizeof err) && err[0], "a failed load without a message");
        if (rs_fuzz_strict())
            RS_FUZZ_CHECK(strncmp(err, file, strlen(file)) == 0 && err[strlen(file)] == ':',
                          "error message does not start with FILE: '%s'", err);
    }
    rs_sigdb_lint(dirs, 1, ignore, NULL);
    return 0;
}
