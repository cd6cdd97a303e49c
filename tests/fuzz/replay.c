/* replay.c — runs a fuzz target's entry point on files, without libFuzzer: the regression
 * inputs under tests/fuzz/regressions/<target>/ and the seed corpora, as a normal test
 * built by any compiler (and under the sanitizer build, with its checks).
 *
 *   fuzz-replay TARGET PATH...   each PATH a file, or a directory whose files (sorted, not
 *                                recursive, dot files and README* left out) are run
 *
 * Every target is linked in, its entry points renamed by CMake (rs_fuzz_one_<id>,
 * rs_fuzz_init_<id>; fuzz_targets.h, generated, lists them).
 *
 * A missing PATH is skipped with a note (a target may have no regressions yet). A broken
 * contract aborts (fuzz_common.c); otherwise prints how many inputs ran and exits 0.
 */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RS_FUZZ_T(id, name)                                                               \
    int rs_fuzz_init_##id(int *argc, char ***argv);                                       \
    int rs_fuzz_one_##id(const uint8_t *data, size_t size);
#include "fuzz_targets.h"
#undef RS_FUZZ_T

typedef struct target {
    const char *name;
    int (*init)(int *argc, char ***argv);
    int (*one)(const uint8_t *data, size_t size);
} target;

static const target TARGETS[] = {
#define RS_FUZZ_T(id, name) {name, rs_fuzz_init_##id, rs_fuzz_one_##id},
#include "fuzz_targets.h"
#undef RS_FUZZ_T
};

static const target *current;
static size_t ran;

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            unsigned char *p = realloc(buf, cap *= 2);
            if (!p) free(buf);
            buf = p;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        exit(1);
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
    current->one(buf, n);
    free(buf);
    ran++;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        exit(1);
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || !strncmp(de->d_name, "README", 6)) continue;
        char **v = realloc(names, (n + 1) * sizeof *v);
        if (!v || !(v[n] = malloc(strlen(path) + strlen(de->d_name) + 2))) exit(1);
        names = v;
        sprintf(names[n++], "%s/%s", path, de->d_name);
    }
    closedir(d);
    if (n > 1) qsort(names, n, sizeof *names, cmp);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) run_file(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof TARGETS / sizeof TARGETS[0]; i++)
        if (!strcmp(TARGETS[i].name, argv[1])) current = &TARGETS[i];
    if (!current) {
        fprintf(stderr, "usage: fuzz-replay TARGET PATH...\ntargets:");
        for (size_t i = 0; i < sizeof TARGETS / sizeof TARGETS[0]; i++)
            fprintf(stderr, " %s", TARGETS[i].name);
        fputc('\n', stderr);
        return 2;
    }
    current->init(&argc, &argv);
    for (int i = 2; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            fprintf(stderr, "replay: %s: not there, skipped\n", argv[i]);
        else if (S_ISDIR(st.st_mode))
            run_dir(argv[i]);
        else
            run_file(argv[i]);
    }
    printf("%s: replayed %zu inputs, no contract broken\n", current->name, ran);
    return 0;
}
