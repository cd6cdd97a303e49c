/* signatures.c — `rightscan signatures list|test`: look at and check the signature set. */
#include "cli.h"
#include "usage.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void list_json(const rs_sigdb *db)
{
    size_t n = rs_sigdb_count(db);
    printf("[\n");
    for (size_t i = 0; i < n; i++) {
        rs_siginfo si;
        rs_sigdb_info(db, i, &si);
        printf("  {\"id\":");
        json_str(stdout, si.id);
        printf(",\"name\":");
        json_str(stdout, si.name);
        printf(",\"holder\":");
        json_str(stdout, si.holder);
        printf(",\"class\":\"%s\",\"languages\":[", rs_class_name(si.cls));
        char langs[256];
        snprintf(langs, sizeof langs, "%s", si.languages ? si.languages : "");
        int k = 0;
        for (char *t = strtok(langs, ","); t; t = strtok(NULL, ","), k++) {
            if (k) putchar(',');
            json_str(stdout, t);
        }
        printf("],\"notices\":%zu,\"patterns\":%zu,\"bylines\":%zu,\"credits\":%zu,"
               "\"examples\":%zu,\"file\":",
               si.nnotices, si.npatterns, si.nbylines, si.ncredits, si.nexamples);
        json_str(stdout, si.file);
        printf("}%s\n", i + 1 < n ? "," : "");
    }
    printf("]\n");
}

static void list_text(const rs_sigdb *db)
{
    size_t n = rs_sigdb_count(db);
    printf("%-26s %-12s %-10s %-14s %s\n", "ID", "CLASS", "HOLDER", "LANGUAGES", "NAME");
    for (size_t i = 0; i < n; i++) {
        rs_siginfo si;
        rs_sigdb_info(db, i, &si);
        printf("%-26s %-12s %-10s %-14s %s\n", si.id, rs_class_name(si.cls), si.holder,
               si.languages ? si.languages : "", si.name);
    }
    printf("%zu signatures\n", n);
}

static void print_failure(void *ctx, const char *msg)
{
    (void)ctx;
    printf("FAIL %s\n", msg);
}

static void print_problem(void *ctx, const char *msg)
{
    (void)ctx;
    printf("%s\n", msg);
}

static void print_anchor(void *ctx, const char *anchor)
{
    (void)ctx;
    printf("%s\n", anchor);
}

/* `signatures lint [DIR...]`: every problem of the files, not just the first. */
static int lint(const cli_sigdirs *dirs, bool builtin)
{
    const char *all[CLI_MAX_SIGDIRS + 1];
    size_t n = 0;
    if (builtin) all[n++] = cli_builtin_signatures();
    for (size_t i = 0; i < dirs->n; i++)
        all[n++] = dirs->dirs[i];
    size_t problems = rs_sigdb_lint(all, n, print_problem, NULL);
    if (problems)
        printf("%zu problem%s\n", problems, problems == 1 ? "" : "s");
    else
        printf("no problems\n");
    return problems ? 1 : 0;
}

int cli_signatures(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"signatures", required_argument, NULL, 's'},
        {"no-builtin", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(RS_USAGE_SIGNATURES, argc < 2 ? stderr : stdout);
        return argc < 2 ? RS_EXIT_ERROR : 0;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "list") && strcmp(sub, "test") && strcmp(sub, "show") && strcmp(sub, "lint") &&
        strcmp(sub, "anchors"))
        return cli_usage_error("signatures ",
                               "unknown signatures command '%s' (list, show, test, "
                               "lint, anchors)",
                               sub);
    cli_sigdirs dirs = {0};
    bool builtin = true, json = false;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc - 1, argv + 1, ":f:s:h", longopts, NULL)) != -1) {
        if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "text")))
            json = !strcmp(optarg, "json");
        else if (c == 's') {
            if (cli_add_sigdir(&dirs, optarg)) return RS_EXIT_ERROR;
        } else if (c == 'n')
            builtin = false;
        else if (c == 'h')
            return fputs(RS_USAGE_SIGNATURES, stdout), 0;
        else
            return cli_usage_error("signatures ", "bad option '%s'",
                                   argv[optind] /* argv shifted by one */);
    }
    const char *id = NULL;
    if (!strcmp(sub, "show")) {
        if (optind + 1 >= argc) return cli_usage_error("signatures ", "show needs an ID");
        id = argv[optind + 1];
    } else {
        /* `signatures test|lint DIR...` look at those directories alone */
        for (int i = optind + 1; i < argc; i++) {
            builtin = false;
            if (cli_add_sigdir(&dirs, argv[i])) return RS_EXIT_ERROR;
        }
    }
    if (!strcmp(sub, "lint")) return lint(&dirs, builtin);
    rs_sigdb *db;
    int r = cli_load_signatures(&dirs, builtin, &db);
    if (r) return r;
    if (!strcmp(sub, "list")) {
        json ? list_json(db) : list_text(db);
    } else if (id) {
        char *text = rs_sigdb_describe(db, id);
        if (text)
            fputs(text, stdout);
        else
            cli_error("no signature '%s' (rightscan signatures list shows them)", id);
        r = text ? 0 : RS_EXIT_ERROR;
        free(text);
    } else if (!strcmp(sub, "anchors")) {
        rs_sigdb_anchors(db, print_anchor, NULL);
    } else {
        size_t total = 0, failed = rs_sigdb_selftest(db, print_failure, NULL, &total);
        printf("%zu passed, %zu failed\n", total - failed, failed);
        r = failed ? 1 : 0;
    }
    rs_sigdb_free(db);
    return r;
}
