/* merge.c — `rightscan report merge`: joins the JSON Lines reports of a sharded scan.
 *
 * Each shard's report lists its units in walk order, and every unit of one top-level file
 * (an archive's members, then the archive) stays together. Merging is a k-way merge of
 * those groups by the walk's order — path components compared byte by byte, as the walk
 * sorts each directory — with the summaries added up. Unit lines are copied verbatim, so
 * the result equals the report of one scan of the same paths (given as one root, or in
 * sorted order).
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct stream {
    const char *name;
    FILE *f;
    char *line; /* the next unit line, or NULL at the end */
    size_t cap;
    char key[4096]; /* its top-level path, decoded */
    unsigned long lineno;
    bool summary_seen;
} stream;

/* Decodes the JSON string starting after the opening quote at s into out (up to "!/"). */
static void top_path(const char *s, char *out, size_t n)
{
    size_t k = 0;
    while (*s && *s != '"' && k + 1 < n) {
        if (s[0] == '!' && s[1] == '/') break;
        if (*s == '\\' && s[1]) {
            s++;
            char c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
            if (*s == 'u' || *s == 'x') { /* keep escapes verbatim: order stays total */
                out[k++] = '\\';
                c = *s;
            }
            out[k++] = c;
            s++;
            continue;
        }
        out[k++] = *s++;
    }
    out[k] = '\0';
}

/* Walk order: component by component, each compared as bytes. */
static int walk_cmp(const char *a, const char *b)
{
    for (;;) {
        size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
        size_t m = la < lb ? la : lb;
        int c = memcmp(a, b, m);
        if (c) return c;
        if (la != lb) return la < lb ? -1 : 1;
        if (!a[la] || !b[lb]) return a[la] ? 1 : b[lb] ? -1 : 0;
        a += la + 1;
        b += lb + 1;
    }
}

static bool get_num(const char *line, const char *key, unsigned long long *v)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(line, pat);
    if (!p) return false;
    *v = strtoull(p + strlen(pat), NULL, 10);
    return true;
}

static int add_summary(stream *s, rs_summary *sum, int *worst)
{
    static const char *const keys[] = {"units",      "scanned",   "skipped",     "failed",
                                       "containers", "bytes",     "restricted",  "attribution",
                                       "open",       "none",      "ai_reserved", "embargoed",
                                       "expired",    "conflicts", "exit_status"};
    unsigned long long v[sizeof keys / sizeof keys[0]];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!get_num(s->line, keys[i], &v[i])) {
            cli_error("%s:%lu: summary line has no \"%s\"", s->name, s->lineno, keys[i]);
            return RS_EXIT_ERROR;
        }
    sum->units += v[0], sum->scanned += v[1], sum->skipped += v[2], sum->failed += v[3];
    sum->containers += v[4], sum->bytes += v[5];
    sum->by_class[RS_CLASS_RESTRICTED] += v[6], sum->by_class[RS_CLASS_ATTRIBUTION] += v[7];
    sum->by_class[RS_CLASS_OPEN] += v[8], sum->by_class[RS_CLASS_NONE] += v[9];
    sum->ai_reserved += v[10], sum->embargoed += v[11], sum->expired += v[12];
    sum->conflicts += v[13];
    if (strstr(s->line, "\"complete\":false") && !v[2] && !v[3]) sum->interrupted = true;
    if ((int)v[14] == RS_EXIT_ERROR) *worst = RS_EXIT_ERROR;
    s->summary_seen = true;
    return 0;
}

/* Advances s to its next unit line (consuming a summary line on the way). */
static int next(stream *s, rs_summary *sum, int *worst)
{
    for (;;) {
        ssize_t n = getline(&s->line, &s->cap, s->f);
        if (n < 0) {
            free(s->line);
            s->line = NULL;
            if (!s->summary_seen) {
                cli_error("%s: no summary line: the shard's report is incomplete", s->name);
                return RS_EXIT_ERROR;
            }
            return 0;
        }
        s->lineno++;
        if (n <= 1) continue;
        if (!strncmp(s->line, "{\"type\":\"summary\"", 17)) {
            int r = add_summary(s, sum, worst);
            if (r) return r;
            continue;
        }
        const char *p = strstr(s->line, "\"path\":\"");
        if (strncmp(s->line, "{\"type\":\"unit\"", 14) || !p) {
            cli_error("%s:%lu: not a rightscan JSON Lines unit (run scan --format jsonl)", s->name,
                      s->lineno);
            return RS_EXIT_ERROR;
        }
        top_path(p + 8, s->key, sizeof s->key);
        return 0;
    }
}

int cli_report(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[1], "merge")) {
        fputs("Usage: rightscan report merge SHARD.jsonl...\n\n"
              "Joins the JSON Lines reports of `rightscan scan --shard K/N --format jsonl`\n"
              "into the report one scan would give, on standard output.\n",
              argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? stdout
                                                                                  : stderr);
        return argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? 0
                                                                                   : RS_EXIT_ERROR;
    }
    int n = argc - 2, status = 0, worst = 0;
    stream *st = calloc((size_t)n, sizeof *st);
    rs_summary sum = {0};
    if (!st) return RS_EXIT_ERROR;
    for (int i = 0; i < n && !status; i++) {
        st[i].name = argv[i + 2];
        st[i].f = strcmp(argv[i + 2], "-") ? fopen(argv[i + 2], "r") : stdin;
        if (!st[i].f) {
            cli_error("%s: %s", argv[i + 2], strerror(errno));
            status = RS_EXIT_ERROR;
        } else {
            status = next(&st[i], &sum, &worst);
        }
    }
    while (!status) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (st[i].line && (best < 0 || walk_cmp(st[i].key, st[best].key) < 0)) best = i;
        if (best < 0) break;
        char group[sizeof st[best].key];
        strcpy(group, st[best].key);
        while (!status && st[best].line && !strcmp(st[best].key, group)) {
            fputs(st[best].line, stdout);
            status = next(&st[best], &sum, &worst);
        }
    }
    if (!status) {
        int exit_status = worst                                            ? worst
                          : (sum.skipped || sum.failed || sum.interrupted) ? RS_EXIT_INCOMPLETE
                          : sum.by_class[RS_CLASS_RESTRICTED]              ? RS_EXIT_RESTRICTED
                                                                           : RS_EXIT_CLEAN;
        rs_report *r;
        if (rs_report_new(RS_REPORT_JSONL, stdout, NULL, &r) == RS_OK) {
            if (rs_report_finish(r, &sum, exit_status) != RS_OK) status = RS_EXIT_ERROR;
            rs_report_free(r);
        } else {
            status = RS_EXIT_ERROR;
        }
        if (fflush(stdout) || ferror(stdout)) {
            cli_error("cannot write the merged report: %s", strerror(errno));
            status = RS_EXIT_ERROR;
        }
        if (!status) status = exit_status;
    }
    for (int i = 0; i < n; i++) {
        free(st[i].line);
        if (st[i].f && st[i].f != stdin) fclose(st[i].f);
    }
    free(st);
    return status;
}
