/* test_prefilter.c — the literal prefilter: anchors read from regexes, the anchor list,
 * the raw ASCII pass, large fields matched region by region, and the one property that
 * matters: matching with the prefilter finds
 * exactly what running every matcher over every byte finds (the signatures' examples, the
 * benchmark corpus, the evaluation corpus, stress texts). */
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

#include "prefilter.h"
#include "sigdir_fixture.h"

static rs_sigdb *db;
static rs_matcher *fast, *slow;

static const char *real_signatures(void)
{
    static char path[4096];
    const char *env = getenv("RIGHTSCAN_SIGNATURES");
    if (env) return env;
    const char *me = __FILE__, *cut = strstr(me, "tests/unit/");
    snprintf(path, sizeof path, "%.*ssignatures", cut ? (int)(cut - me) : 0, me);
    return path;
}

static const char *source_dir(void)
{
    static char path[4096];
    const char *env = getenv("RS_SOURCE_DIR");
    if (env) return env;
    const char *me = __FILE__, *cut = strstr(me, "tests/unit/");
    snprintf(path, sizeof path, "%.*s.", cut ? (int)(cut - me) : 0, me);
    return path;
}

static int setup(void **state)
{
    (void)state;
    const char *dirs[] = {real_signatures()};
    char err[512];
    if (rs_sigdb_load(dirs, 1, &db, err, sizeof err)) {
        fprintf(stderr, "loading signatures: %s\n", err);
        return -1;
    }
    if (rs_matcher_new(db, &fast) || rs_matcher_new(db, &slow)) return -1;
    rs_matcher_exhaustive(fast, false);
    rs_matcher_exhaustive(slow, true);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rs_matcher_free(fast);
    rs_matcher_free(slow);
    rs_sigdb_free(db);
    return 0;
}

/* ---- anchors read from regexes ---- */

static void regex_anchors(void **state)
{
    (void)state;
    static const struct {
        const char *rx, *want; /* anchors joined by '|'; "" when none */
    } cases[] = {
        {"tum hakla(?:r)(?:i|i) (?:i|i)lke haber ajans(?:i|i)", "tum haklari ilke haber ajansi"},
        {"\\bfor (?:paying )?subscribers only\\b", "subscribers only"},
        {"版权所有|版權所有", "版权所有|版權所有"},
        {"^[ \\t]*\\((?:ILKHA|İLKHA)\\)[ \\t]*$", "(ilkha)"},
        {"(?<=\\bsolo |\\bexclusivo )para suscriptores\\b", "para suscriptores"},
        {"(?:x|y)zw", "xzw|yzw"},
        {"\\ball rights reserved\\b(?!\\W{0,6}(?:redistribution and use))", "all rights reserved"},
        {"(?:copyright|©) ?\\d{4} the associated press", "the associated press"},
        {"ab(?:cd)?ef", "ab"}, /* as long as "ef": the first wins */
        {"abc(?:de)*fghij", "fghij"},
        {"abc+d", "abc"},
        {"x\\Q(c)\\Ey", "x(c)y"},
        {"\\QAB\\E?cd", "cd"},
        {"[abc]+", ""},
        {"a|[bc]", ""}, /* one alternative has no literal */
        {"\\d{4}", ""},
        {"Ab\\s+Cd", "ab cd"}, /* \s+ is one space in normalised text */
        {"(?i)Reuters", "reuters"},
        {"abc\\1def", "abc"}, /* both needed, as long: the first */
        {"(?P<n>foo|bar)baz", "foobaz|barbaz"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_strv v = {0};
        assert_int_equal(rs_rx_anchors(cases[i].rx, &v), RS_OK);
        char got[256] = "";
        for (size_t k = 0; k < v.n; k++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? "|" : "", v.v[k]);
        if (strcmp(got, cases[i].want) && !(strchr(cases[i].want, '|') && v.n > 1))
            fail_msg("%s: got '%s', want '%s'", cases[i].rx, got, cases[i].want);
        rs_strv_free(&v);
    }
    assert_null(rs_anchor_weakness("reuters"));
    assert_non_null(rs_anchor_weakness("ap"));
    assert_non_null(rs_anchor_weakness("the"));
}

/* ---- the set's anchors ---- */

typedef struct list {
    char **v;
    size_t n, cap;
} list;

static void add_anchor(void *ctx, const char *a)
{
    list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = strdup(a);
}

static void anchors_sorted_unique_normalised(void **state)
{
    (void)state;
    list l = {0};
    rs_sigdb_anchors(db, add_anchor, &l);
    assert_true(l.n > 50);
    for (size_t i = 0; i < l.n; i++) {
        if (i) assert_true(strcmp(l.v[i - 1], l.v[i]) < 0);
        char *n = rs_normalize_dup(l.v[i]);
        assert_string_equal(n, l.v[i]);
        free(n);
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    /* every pattern, notice and byline of the real set has an anchor */
    const rs_target *t;
    size_t nt = rs_prefilter_targets(db->pf, &t);
    for (size_t i = 0; i < nt; i++)
        if (t[i].unanchored)
            fail_msg("%s:%u: %s has no anchor", t[i].sig->file, t[i].rx->line, t[i].sig->id);
    assert_true(rs_prefilter_raw_ok(db->pf));
}

/* ---- comparing the two ways of matching ---- */

static size_t compared, with_hits;

static void same_hits(const rs_fields *fs, const char *what)
{
    rs_hits a = {0}, b = {0};
    assert_int_equal(rs_match_fields(fast, fs, &a), RS_OK);
    assert_int_equal(rs_match_fields(slow, fs, &b), RS_OK);
    compared++;
    with_hits += a.n > 0;
    bool same = a.n == b.n;
    for (size_t i = 0; same && i < a.n; i++) {
        const rs_hit *x = &a.v[i], *y = &b.v[i];
        same = x->sig == y->sig && x->kind == y->kind && x->cls == y->cls && x->field == y->field &&
               x->start == y->start && x->end == y->end && x->hstart == y->hstart &&
               x->hend == y->hend && x->confidence == y->confidence && x->score == y->score &&
               x->coverage == y->coverage;
    }
    if (!same) {
        fprintf(stderr, "prefilter: %zu hits, everywhere: %zu\n", a.n, b.n);
        for (size_t i = 0; i < a.n; i++)
            fprintf(stderr, "  fast %s %zu..%zu\n", rs_sig_id(a.v[i].sig), a.v[i].start,
                    a.v[i].end);
        for (size_t i = 0; i < b.n; i++)
            fprintf(stderr, "  slow %s %zu..%zu\n", rs_sig_id(b.v[i].sig), b.v[i].start,
                    b.v[i].end);
        fail_msg("different hits for %s", what);
    }
    rs_hits_free(&a);
    rs_hits_free(&b);
}

static void compare_text(const char *name, bool metadata, const char *text, size_t len,
                         const char *what)
{
    rs_fields fs;
    rs_field *f;
    rs_fields_init(&fs, 0);
    assert_int_equal(rs_fields_add_borrowed(&fs, name, metadata, !metadata, text, len, 0, &f),
                     RS_OK);
    same_hits(&fs, what);
    rs_fields_free(&fs);
}

static void examples_both_ways(void **state)
{
    (void)state;
    for (size_t i = 0; i < db->n; i++)
        for (size_t j = 0; j < db->v[i]->nexamples; j++) {
            const rs_example *x = &db->v[i]->examples[j];
            compare_text(x->field, x->metadata, x->text, strlen(x->text), x->text);
            compare_text("body", false, x->text, strlen(x->text), x->text);
            /* folded to plain ASCII ("Her hakki saklidir"), the text takes the raw pass,
             * which leaves out short notice words and lowers the notice's threshold */
            char *folded = rs_normalize_dup(x->text);
            assert_non_null(folded);
            compare_text("body", false, folded, strlen(folded), x->text);
            free(folded);
        }
}

/* Stress: pieces of every example, glued with noise, near and far from each other, so that
 * windows overlap, touch, begin at 0 and end at the end. */
static void stress_both_ways(void **state)
{
    (void)state;
    static const char *const glue[] = {
        " ", "\n\n", " lorem ipsum dolor sit amet ", "-\n", "  \t", "\xc2\xa0", ". ", "\n(AA) "};
    size_t total = 0;
    for (size_t i = 0; i < db->n; i++)
        for (size_t j = 0; j < db->v[i]->nexamples; j++)
            total++;
    const rs_example **all = calloc(total, sizeof *all);
    size_t k = 0;
    for (size_t i = 0; i < db->n; i++)
        for (size_t j = 0; j < db->v[i]->nexamples; j++)
            all[k++] = &db->v[i]->examples[j];
    srand(20251130);
    rs_buf b;
    rs_buf_init(&b, 0);
    for (int round = 0; round < 300; round++) {
        rs_buf_reset(&b);
        int parts = 1 + rand() % 12;
        for (int p = 0; p < parts; p++) {
            const char *t = all[(size_t)rand() % total]->text;
            size_t n = strlen(t), from = 0, to = n;
            if (rand() % 3 == 0) { /* a piece of it, on code point boundaries */
                from = (size_t)rand() % (n + 1);
                to = from + (size_t)rand() % (n - from + 1);
                while (from < n && ((unsigned char)t[from] & 0xC0) == 0x80)
                    from++;
                while (to < n && ((unsigned char)t[to] & 0xC0) == 0x80)
                    to++;
                if (to < from) to = from;
            }
            rs_buf_append(&b, t + from, to - from);
            const char *g = glue[rand() % 8];
            rs_buf_append(&b, g, strlen(g));
            if (rand() % 4 == 0) /* push the next one out of reach */
                for (int f = rand() % 120; f > 0; f--)
                    rs_buf_append(&b, "filler words of no interest at all. ", 36);
        }
        compare_text("body", false, b.data, b.len, "a stress text");
        if (b.len < 4000) compare_text("xmp:dc:rights", true, b.data, b.len, "a stress value");
    }
    rs_buf_free(&b);
    free(all);
}

/* Every text file under dir (recursively), as a body field. */
static void compare_tree(const char *dir, size_t *files)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st)) continue;
        if (S_ISDIR(st.st_mode)) {
            compare_tree(path, files);
            continue;
        }
        if (st.st_size > (4 << 20)) continue;
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        char *buf = malloc((size_t)st.st_size + 1);
        size_t n = fread(buf, 1, (size_t)st.st_size, f);
        fclose(f);
        buf[n] = '\0';
        if (rs_utf8_valid((const unsigned char *)buf, n) && !memchr(buf, 0, n)) {
            compare_text("body", false, buf, n, path);
            ++*files;
        }
        free(buf);
    }
    closedir(d);
}

static void generated_both_ways(const char *script, const char *args, size_t *files)
{
    char dir[] = "/tmp/rs_prefilter_XXXXXX", cmd[8192];
    if (access(script, R_OK) || !mkdtemp(dir)) return;
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s/c' %s >/dev/null 2>&1", script, dir, args);
    if (system(cmd) == 0) compare_tree(dir, files);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) fprintf(stderr, "could not remove %s\n", dir);
}

/* The benchmark's corpus and the evaluation corpus (when their generators are there). */
static void corpora_both_ways(void **state)
{
    (void)state;
    char script[8192];
    size_t files = 0;
    snprintf(script, sizeof script, "%s/../shared/bench/make-corpus.py", source_dir());
    generated_both_ways(script, "--articles 300 --seed 7", &files);
    size_t bench = files;
    snprintf(script, sizeof script, "%s/tests/eval/make-eval.py", source_dir());
    generated_both_ways(script, "--seed 3", &files);
    fprintf(stderr,
            "compared %zu generated files (%zu from make-corpus.py), %zu fields in all, "
            "%zu with hits\n",
            files, bench, compared, with_hits);
}

/* ---- what the prefilter saves ---- */

static void ascii_without_anchors_is_not_normalised(void **state)
{
    (void)state;
    assert_true(rs_pf_ascii("plain ascii text", 16));
    assert_false(rs_pf_ascii("caf\xc3\xa9 ascii text", 16));
    assert_false(rs_pf_ascii("0123456789abcde\xc3\xa9", 17));
    rs_stats before, after;
    rs_matcher_stats(fast, &before);
    const char *t = "Volunteers planted two hundred trees along the river bank on Sunday.";
    compare_text("body", false, t, strlen(t), t);
    rs_matcher_stats(fast, &after);
    assert_int_equal(after.fields, before.fields + 1);
    assert_int_equal(after.normalized_bytes, before.normalized_bytes); /* skipped */
    assert_int_equal(after.regex_bytes, before.regex_bytes);
    /* a hyphen at a line end: the normaliser would join words there, so it normalises */
    t = "Volunteers plan-\nted two hundred trees.";
    compare_text("body", false, t, strlen(t), t);
    rs_matcher_stats(fast, &before);
    assert_int_equal(before.normalized_bytes, after.normalized_bytes + strlen(t));
    /* an anchor: normalised, and PCRE2 reads a window, not the field */
    rs_buf b;
    rs_buf_init(&b, 0);
    for (int i = 0; i < 2000; i++)
        rs_buf_append(&b, "Nothing to see in this line of filler text at all.\n", 51);
    rs_buf_append(&b, "ANKARA (AA) - The talks went on.\n", 33);
    compare_text("body", false, b.data, b.len, "filler and a dateline");
    rs_matcher_stats(fast, &after);
    assert_true(after.prefilter_hits > before.prefilter_hits);
    assert_true(after.regex_bytes - before.regex_bytes < b.len / 4);
    rs_buf_free(&b);
}

/* ---- large fields, region by region (region.c) ---- */

/* A large field: filler in English and Turkish paragraphs, with every so often a piece of
 * an example glued in with whitespace, hyphenation, NBSP or a dateline; close together
 * (regions merge), far apart (they do not), at the very start and end. */
static void large_text(rs_buf *b, const rs_example **all, size_t total, size_t want)
{
    static const char *const filler[] = {
        "The delegation discussed trade and the railway agreement with ministers this week.\n",
        "G\xc3\xbcvenlik g\xc3\xbcndemde cumhurba\xc5\x9fkan\xc4\xb1 \xc4\xb0stanbul "
        "s\xc3\xbcrece\xc4\x9fini yetkililer ta\xc5\x9f\xc4\xb1mac\xc4\xb1l\xc4\xb1\xc4\x9f\xc4\xb1.\n",
        "\n----\n",
        "Reporters said the report on the agreement was ready, and officials agreed.\n",
        "Words hyphen-\nated across lines, and     runs   of\t\tspaces.\n",
    };
    static const char *const glue[] = {" ", "\n\n", "-\n", "  \t", "\xc2\xa0", "\n(AA) ", "\n"};
    rs_buf_reset(b);
    while (b->len < want) {
        if (rand() % 6 == 0 || b->len == 0) {
            const char *t = all[(size_t)rand() % total]->text;
            rs_buf_append(b, t, strlen(t));
            const char *g = glue[rand() % 7];
            rs_buf_append(b, g, strlen(g));
        }
        for (int f = rand() % 200; f > 0; f--) { /* mostly plain English */
            int r = rand() % 100;
            const char *t = filler[r < 85 ? 0 : r < 90 ? 3 : r < 94 ? 1 : r < 97 ? 2 : 4];
            rs_buf_append(b, t, strlen(t));
        }
    }
    const char *t = all[(size_t)rand() % total]->text; /* one at the very end */
    rs_buf_append(b, t, strlen(t));
}

static void large_fields_both_ways(void **state)
{
    (void)state;
    size_t total = 0;
    for (size_t i = 0; i < db->n; i++)
        total += db->v[i]->nexamples;
    const rs_example **all = calloc(total, sizeof *all);
    size_t k = 0;
    for (size_t i = 0; i < db->n; i++)
        for (size_t j = 0; j < db->v[i]->nexamples; j++)
            all[k++] = &db->v[i]->examples[j];
    srand(20261206);
    rs_buf b;
    rs_buf_init(&b, 0);
    for (int round = 0; round < 4; round++) {
        large_text(&b, all, total, (size_t)(300 + 150 * round) << 10);
        compare_text("body", false, b.data, b.len, "a large text");
    }
    rs_buf_free(&b);
    free(all);
}

/* A large field of filler with two datelines: only their regions are normalised. */
static void large_field_normalises_regions_only(void **state)
{
    (void)state;
    rs_buf b;
    rs_buf_init(&b, 0);
    for (int i = 0; i < 8000; i++)
        rs_buf_append(&b, "Nothing to see in this line of filler text at all.\n", 51);
    rs_buf_append(&b, "ANKARA (AA) - The talks went on.\n", 33);
    for (int i = 0; i < 8000; i++)
        rs_buf_append(&b, "Nothing to see in this line of filler text at all.\n", 51);
    rs_buf_append(&b, "ISTANBUL (ILKHA) - The ferry was late.\n", 39);
    rs_stats before, after;
    rs_matcher_stats(fast, &before);
    compare_text("body", false, b.data, b.len, "filler and two datelines");
    rs_matcher_stats(fast, &after);
    assert_true(b.len > 800000);
    assert_true(after.normalized_bytes - before.normalized_bytes < 40000);
    rs_buf_free(&b);
}

/* The raw pass leaves out a notice's short words ("her": inside "other", "there") and asks
 * for fewer of the others instead. A notice of three words, one short, must still be found
 * in plain ASCII text, in a small field (the bool pass) and a large one (regions). */
static void short_notice_words_left_out(void **state)
{
    (void)state;
    sigdir sd;
    rs_sigdb *wdb = sigdir_load(&sd, "id: test-weak-words\nname: Test\nholder: unknown\n"
                                     "class: restricted\nlanguages: [tr]\nnotices:\n"
                                     "  - {lang: tr, text: \"Her hakki saklidir.\", "
                                     "min_coverage: 1.0}\n");
    rs_matcher *wfast, *wslow;
    assert_int_equal(rs_matcher_new(wdb, &wfast), RS_OK);
    assert_int_equal(rs_matcher_new(wdb, &wslow), RS_OK);
    rs_matcher_exhaustive(wfast, false);
    rs_matcher_exhaustive(wslow, true);
    rs_buf b;
    rs_buf_init(&b, 0);
    for (int big = 0; big < 2; big++) {
        rs_buf_reset(&b);
        for (size_t i = 0; big && b.len < (600u << 10); i++)
            rs_buf_append(&b, "The other side said there was a hearing here. ", 46);
        rs_buf_append(&b, "Her hakki saklidir. ", 20);
        for (size_t i = 0; big && i < 2000; i++)
            rs_buf_append(&b, "The other side said there was a hearing here. ", 46);
        rs_fields fs;
        rs_field *fld;
        rs_fields_init(&fs, 0);
        assert_int_equal(
            rs_fields_add_borrowed(&fs, "body", false, true, b.data, b.len, 0, &fld), RS_OK);
        rs_hits x = {0}, y = {0};
        assert_int_equal(rs_match_fields(wfast, &fs, &x), RS_OK);
        assert_int_equal(rs_match_fields(wslow, &fs, &y), RS_OK);
        assert_int_equal(y.n, 1);
        assert_int_equal(x.n, y.n);
        rs_hits_free(&x);
        rs_hits_free(&y);
        rs_fields_free(&fs);
    }
    rs_buf_free(&b);
    rs_matcher_free(wfast);
    rs_matcher_free(wslow);
    rs_sigdb_free(wdb);
    sigdir_remove(&sd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regex_anchors),
        cmocka_unit_test(anchors_sorted_unique_normalised),
        cmocka_unit_test(examples_both_ways),
        cmocka_unit_test(stress_both_ways),
        cmocka_unit_test(corpora_both_ways),
        cmocka_unit_test(ascii_without_anchors_is_not_normalised),
        cmocka_unit_test(large_fields_both_ways),
        cmocka_unit_test(large_field_normalises_regions_only),
        cmocka_unit_test(short_notice_words_left_out),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
