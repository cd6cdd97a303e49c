/* test_hscache.c — the on-disk cache of compiled Hyperscan databases: a second compile
 * reads the file the first wrote, and a damaged, truncated or foreign file is never
 * trusted (the database is compiled again and still finds what it must). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hscache.h"

static char dir[] = "/tmp/rs_hscache_XXXXXX";

static const char *const lits[] = {"all rights reserved", "ilke haber ajansi", "(aa)"};
static const unsigned flags[] = {HS_FLAG_CASELESS, HS_FLAG_CASELESS, HS_FLAG_CASELESS};
static const unsigned ids[] = {0, 1, 2};
static const size_t lens[] = {19, 17, 4};

static int on_match(unsigned id, unsigned long long from, unsigned long long to,
                    unsigned fl, void *ctx)
{
    (void)from, (void)to, (void)fl;
    *(unsigned *)ctx |= 1u << id;
    return 0;
}

/* Compiles (or loads) the database and checks that it finds all three literals. */
static void compile_and_use(void)
{
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    assert_int_equal(rs_hs_compile(true, lits, flags, ids, lens, 3, &db, &ce), RS_OK);
    hs_scratch_t *scratch = NULL;
    assert_int_equal(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
    const char *text = "ANKARA (AA) - ... Ilke Haber Ajansi ... All Rights Reserved.";
    unsigned seen = 0;
    assert_int_equal(hs_scan(db, text, (unsigned)strlen(text), 0, scratch, on_match, &seen),
                     HS_SUCCESS);
    assert_int_equal(seen, 7u);
    hs_free_scratch(scratch);
    hs_free_database(db);
}

/* The one cache file in dir (its path into out); the number of files. */
static int cache_files(char *out, size_t outlen)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (!strncmp(e->d_name, "hs-", 3)) {
            snprintf(out, outlen, "%s/%s", dir, e->d_name);
            n++;
        }
    if (d) closedir(d);
    return n;
}

static void writes_then_reads(void **state)
{
    (void)state;
    char path[4200];
    setenv("RIGHTSCAN_CACHE", dir, 1);
    compile_and_use();
    assert_int_equal(cache_files(path, sizeof path), 1);
    struct stat a, b;
    assert_int_equal(stat(path, &a), 0);
    compile_and_use(); /* read back: the file is not written again */
    assert_int_equal(stat(path, &b), 0);
    assert_int_equal(a.st_ino, b.st_ino);
}

static void damaged_files_are_not_trusted(void **state)
{
    (void)state;
    char path[4200];
    setenv("RIGHTSCAN_CACHE", dir, 1);
    compile_and_use();
    assert_int_equal(cache_files(path, sizeof path), 1);
    /* flip bytes in the middle */
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, 100, SEEK_SET);
    fputs("garbage garbage garbage", f);
    fclose(f);
    compile_and_use();
    /* cut it short */
    assert_int_equal(truncate(path, 40), 0);
    compile_and_use();
    /* not a cache file at all */
    f = fopen(path, "wb");
    fputs("hello", f);
    fclose(f);
    compile_and_use();
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 100); /* written again, whole */
}

static void empty_setting_means_no_cache(void **state)
{
    (void)state;
    char path[4200];
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -f %s/hs-*", dir);
    assert_int_equal(system(cmd), 0);
    setenv("RIGHTSCAN_CACHE", "", 1);
    compile_and_use();
    setenv("RIGHTSCAN_CACHE", dir, 1);
    assert_int_equal(cache_files(path, sizeof path), 0);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_then_reads),
        cmocka_unit_test(damaged_files_are_not_trusted),
        cmocka_unit_test(empty_setting_means_no_cache),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
