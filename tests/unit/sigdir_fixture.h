/* sigdir_fixture.h — a signature database loaded from one YAML text, for unit tests that
 * need a signature the real set does not have. Include after cmocka.h. */
#ifndef RS_SIGDIR_FIXTURE_H
#define RS_SIGDIR_FIXTURE_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rightscan.h"

typedef struct sigdir {
    char dir[64], path[128];
} sigdir;

/* Writes yaml as the only file of a new temporary directory and loads it. */
static rs_sigdb *sigdir_load(sigdir *d, const char *yaml)
{
    snprintf(d->dir, sizeof d->dir, "/tmp/rs-test-sigs-XXXXXX");
    assert_non_null(mkdtemp(d->dir));
    snprintf(d->path, sizeof d->path, "%s/test.yml", d->dir);
    FILE *f = fopen(d->path, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    const char *dirs[] = {d->dir};
    char err[512];
    rs_sigdb *db = NULL;
    if (rs_sigdb_load(dirs, 1, &db, err, sizeof err) != RS_OK) fail_msg("loading: %s", err);
    return db;
}

/* Removes what sigdir_load wrote. */
static void sigdir_remove(sigdir *d)
{
    unlink(d->path);
    rmdir(d->dir);
}

#endif
