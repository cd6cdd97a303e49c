/* test_sigdb.c — loading signature files: the real set, broken files, overrides, self-test. */
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

#include "approx.h"
#include "sig.h"

/* ---- fixtures: temporary directories of YAML files ---- */

/* The repository's signatures/ directory, found from this file's path. */
static const char *real_signatures(void)
{
    static char path[4096];
    const char *env = getenv("RIGHTSCAN_SIGNATURES");
    if (env) return env;
    const char *me = __FILE__, *cut = strstr(me, "tests/unit/");
    snprintf(path, sizeof path, "%.*ssignatures", cut ? (int)(cut - me) : 0, me);
    return path;
}

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/rs_sigdb_XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Writes dir/rel (creating one level of subdirectories as needed). */
static void write_file(const char *dir, const char *rel, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char GOOD_ACME[] = "id: acme\n"
                                "name: ACME Wire\n"
                                "class: restricted\n"
                                "languages: [en]\n"
                                "patterns:\n"
                                "  - lang: en\n"
                                "    regex: 'acme wire content'\n"
                                "examples:\n"
                                "  match:\n"
                                "    - \"ACME Wire content\"\n"
                                "  no_match:\n"
                                "    - \"ACME said\"\n";

/* ---- the real signatures ---- */

static rs_sigdb *load_real(void)
{
    const char *dirs[] = {real_signatures()};
    char err[512] = "";
    rs_sigdb *db = NULL;
    rs_err e = rs_sigdb_load(dirs, 1, &db, err, sizeof err);
    if (e) fail_msg("loading %s: %s", dirs[0], err);
    return db;
}

static void real_set_loads(void **state)
{
    (void)state;
    rs_sigdb *db = load_real();
    static const struct {
        const char *id, *holder;
        rs_class cls;
    } want[] = {
        {"aa", "aa", RS_CLASS_RESTRICTED},
        {"afp", "afp", RS_CLASS_RESTRICTED},
        {"ap", "ap", RS_CLASS_RESTRICTED},
        {"cc-by-4.0", "cc-by-4.0", RS_CLASS_ATTRIBUTION},
        {"cc-by-sa-4.0", "cc-by-sa-4.0", RS_CLASS_ATTRIBUTION},
        {"cc0-1.0", "cc0-1.0", RS_CLASS_OPEN},
        {"dpa", "dpa", RS_CLASS_RESTRICTED},
        {"generic-rights-reserved", "unknown", RS_CLASS_RESTRICTED},
        {"ilkha", "ilkha", RS_CLASS_RESTRICTED},
        {"public-domain", "public-domain", RS_CLASS_OPEN},
        {"reuters", "reuters", RS_CLASS_RESTRICTED},
    };
    size_t n = rs_sigdb_count(db);
    assert_true(n >= sizeof want / sizeof want[0]);
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++) {
            rs_siginfo info;
            rs_sigdb_info(db, i, &info);
            if (strcmp(info.id, want[w].id)) continue;
            found = true;
            assert_string_equal(info.holder, want[w].holder);
            assert_int_equal(info.cls, want[w].cls);
            assert_true(info.nexamples >= 2);
        }
        if (!found) fail_msg("signature %s is missing", want[w].id);
    }
    rs_siginfo prev, cur;
    for (size_t i = 0; i < n; i++) { /* id order; positive and negative examples */
        rs_sigdb_info(db, i, &cur);
        if (i) assert_true(strcmp(prev.id, cur.id) < 0);
        prev = cur;
        size_t pos = 0, neg = 0;
        const rs_sig *s = db->v[i];
        for (size_t j = 0; j < s->nexamples; j++)
            s->examples[j].match ? pos++ : neg++;
        if (!pos || !neg) fail_msg("%s: needs examples that match and that do not", cur.id);
    }
    for (size_t i = 0; i < n; i++) {
        rs_sigdb_info(db, i, &cur);
        if (strcmp(cur.id, "generic-rights-reserved")) continue;
        size_t langs = 1;
        for (const char *p = cur.languages; *p; p++)
            langs += *p == ',';
        assert_true(langs >= 8);
    }
    rs_sigdb_free(db);
}

static void report_fail(void *ctx, const char *msg)
{
    (void)ctx;
    print_error("%s\n", msg);
}

static void real_set_selftest(void **state)
{
    (void)state;
    rs_sigdb *db = load_real();
    size_t total = 0;
    size_t failures = rs_sigdb_selftest(db, report_fail, NULL, &total);
    assert_int_equal(failures, 0);
    assert_true(total >= 100);
    rs_sigdb_free(db);
}

/* ---- broken files: every error names FILE:LINE:COL ---- */

typedef struct broken {
    const char *name; /* what is wrong */
    const char *yaml;
    const char *where;  /* expected "LINE:COL" */
    const char *reason; /* a substring of the message */
} broken;

static const broken BROKEN[] = {
    {"YAML syntax", "id: x\nclass: restricted\npatterns: [\n  - regex: 'a'\n", "4:3",
     "YAML syntax error"},
    {"unknown key", "id: x\nclass: restricted\ncolour: red\ncredits: [X]\n", "3:1",
     "unknown key 'colour'"},
    {"bad class", "id: x\nclass: secret\ncredits: [X]\n", "2:8",
     "class: expected restricted, attribution or open, found 'secret'"},
    {"class none", "id: x\nclass: none\ncredits: [X]\n", "2:8", "found 'none'"},
    {"missing id", "class: restricted\ncredits: [X]\n", "1:1", "missing required key 'id'"},
    {"missing class", "id: x\ncredits: [X]\n", "1:1", "missing required key 'class'"},
    {"bad id", "id: Not An Id\nclass: restricted\ncredits: [X]\n", "1:5", "id: 'Not An Id'"},
    {"wrong type", "id: x\nclass: restricted\ncredits: AFP\n", "3:10",
     "credits: expected a list, found a string"},
    {"regex", "id: x\nclass: restricted\npatterns:\n  - regex: 'abc(def'\n", "4:20",
     "missing closing parenthesis"},
    {"regex in quotes", "id: x\nclass: restricted\npatterns:\n  - regex: 'it''s (x'\n", "4:21",
     "missing closing parenthesis"},
    {"regex mid-pattern", "id: x\nclass: restricted\npatterns:\n  - regex: ab{3,1}cd\n", "4:18",
     "out of order"},
    {"regex folded", "id: x\nclass: restricted\npatterns:\n  - regex: 'Tüm hakları (x'\n", "4:27",
     "missing closing parenthesis"},
    {"regex in byline", "id: x\nclass: restricted\nbylines:\n  - '^ABC [x'\n", "4:13",
     "missing terminating ]"},
    {"empty match", "id: x\nclass: restricted\npatterns:\n  - regex: '(?:abc)?'\n", "4:12",
     "can match the empty string"},
    {"fold in class", "id: x\nclass: restricted\npatterns:\n  - regex: 'stra[ßs]e'\n", "4:18",
     "folds to 'ss'"},
    {"bad example", "id: x\nclass: restricted\ncredits: [X]\nexamples:\n  match:\n    - [a, b]\n",
     "6:7", "an example: expected a string or a mapping, found a list"},
    {"bad example key",
     "id: x\nclass: restricted\ncredits: [X]\nexamples:\n  match:\n"
     "    - {txt: X}\n",
     "6:8", "unknown key 'txt'"},
    {"lang not listed",
     "id: x\nclass: restricted\nlanguages: [en]\npatterns:\n"
     "  - lang: de\n    regex: 'x'\n",
     "5:11", "'de' is not listed"},
    {"bad kind", "id: x\nclass: restricted\npatterns:\n  - regex: 'x'\n    kind: byline\n", "5:11",
     "kind: expected notice or licence"},
    {"short notice", "id: x\nclass: restricted\nnotices:\n  - text: 'All rights'\n", "4:11",
     "at least three words"},
    {"nothing to match", "id: x\nclass: restricted\nname: X\n", "1:1",
     "no notices, patterns, bylines or credits"},
    {"duplicate key", "id: x\nclass: restricted\nid: y\ncredits: [X]\n", "3:1",
     "duplicate key 'id'"},
    {"empty file", "# nothing here\n", "1:1", "empty file"},
    {"two documents", "id: x\nclass: restricted\ncredits: [X]\n---\nid: y\n", "5:1",
     "one signature per file"},
    /* the keys of the approximate matcher and the prefilter */
    {"min_coverage",
     "id: x\nclass: restricted\nnotices:\n  - text: 'a b c d'\n    min_coverage: 2\n", "5:19",
     "min_coverage: expected a number from 0.05 to 1, found '2'"},
    {"decisive type",
     "id: x\nclass: restricted\nnotices:\n  - text: 'a b c d'\n    decisive: {a: b}\n", "5:15",
     "decisive: expected a list, found a mapping"},
    {"decisive no words",
     "id: x\nclass: restricted\nnotices:\n  - text: 'a b c d'\n    decisive: ['--']\n", "4:11",
     "decisive phrase '--' has no words"},
    {"confidence", "id: x\nclass: restricted\npatterns:\n  - regex: 'abc'\n    confidence: high\n",
     "5:17", "confidence: expected a number from 0 to 1, found 'high'"},
    {"empty anchor", "id: x\nclass: restricted\npatterns:\n  - regex: 'abc'\n    anchor: ' '\n",
     "5:13", "anchor: empty once normalised"},
    {"suppress regex", "id: x\nclass: restricted\ncredits: [X]\nsuppress: ['a(b']\n", "4:16",
     "bad regex in suppress"},
    {"photo_credits type", "id: x\nclass: restricted\nphoto_credits: AFP\n", "3:16",
     "photo_credits: expected a list, found a string"},
    {"notice key", "id: x\nclass: restricted\nnotices:\n  - text: 'a b c d'\n    decisve: [a]\n",
     "5:5", "unknown key 'decisve' in a notice"},
};

static void broken_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BROKEN / sizeof BROKEN[0]; i++) {
        const broken *b = &BROKEN[i];
        char *dir = make_tmpdir();
        write_file(dir, "sig.yml", b->yaml);
        const char *dirs[] = {dir};
        char err[512] = "", want[600];
        rs_sigdb *db = (rs_sigdb *)&want; /* must stay untouched */
        rs_err e = rs_sigdb_load(dirs, 1, &db, err, sizeof err);
        snprintf(want, sizeof want, "%s/sig.yml:%s: ", dir, b->where);
        if (e != RS_ERR_SIGNATURE || strncmp(err, want, strlen(want)) || !strstr(err, b->reason))
            fail_msg("%s: got %d \"%s\", want \"%s...%s\"", b->name, e, err, want, b->reason);
        assert_ptr_equal(db, (rs_sigdb *)&want);
        remove_tree(dir);
        free(dir);
    }
}

/* One bad file among good ones: nothing is loaded. */
static void nothing_half_way(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "a-good.yml", GOOD_ACME);
    write_file(dir, "z-bad.yml", "id: bad\nclass: restricted\npatterns:\n  - regex: '('\n");
    const char *dirs[] = {dir};
    char err[512];
    rs_sigdb *db = NULL;
    assert_int_equal(rs_sigdb_load(dirs, 1, &db, err, sizeof err), RS_ERR_SIGNATURE);
    assert_null(db);
    assert_non_null(strstr(err, "z-bad.yml:4:"));
    remove_tree(dir);
    free(dir);
}

static void duplicate_id_in_one_directory(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "a.yml", GOOD_ACME);
    write_file(dir, "sub/b.yml", "class: open\nid: acme\ncredits: [ACME]\n");
    const char *dirs[] = {dir};
    char err[512], want[600];
    rs_sigdb *db = NULL;
    assert_int_equal(rs_sigdb_load(dirs, 1, &db, err, sizeof err), RS_ERR_SIGNATURE);
    snprintf(want, sizeof want, "%s/sub/b.yml:2:5: duplicate id 'acme' (also in %s/a.yml:1)", dir,
             dir);
    assert_string_equal(err, want);
    remove_tree(dir);
    free(dir);
}

/* A later directory replaces a signature of the same id; the rest stay. */
static void later_directory_overrides(void **state)
{
    (void)state;
    char *a = make_tmpdir(), *b = make_tmpdir();
    write_file(a, "acme.yml", GOOD_ACME);
    write_file(a, "other.yml", "id: other\nclass: restricted\ncredits: [Other]\n");
    write_file(b, "mine/acme.yml", "id: acme\nclass: open\ncredits: [ACME]\n");
    const char *dirs[] = {a, b};
    char err[512];
    rs_sigdb *db = NULL;
    assert_int_equal(rs_sigdb_load(dirs, 2, &db, err, sizeof err), RS_OK);
    assert_int_equal(rs_sigdb_count(db), 2);
    rs_siginfo info;
    rs_sigdb_info(db, 0, &info);
    assert_string_equal(info.id, "acme");
    assert_int_equal(info.cls, RS_CLASS_OPEN);
    assert_non_null(strstr(info.file, "mine/acme.yml"));
    assert_int_equal(info.npatterns, 0);
    assert_int_equal(info.ncredits, 1);
    rs_sigdb_info(db, 1, &info);
    assert_string_equal(info.id, "other");
    rs_sigdb_free(db);
    /* the other way round, the first directory's acme wins */
    const char *rev[] = {b, a};
    assert_int_equal(rs_sigdb_load(rev, 2, &db, err, sizeof err), RS_OK);
    rs_sigdb_info(db, 0, &info);
    assert_int_equal(info.cls, RS_CLASS_RESTRICTED);
    rs_sigdb_free(db);
    remove_tree(a);
    remove_tree(b);
    free(a);
    free(b);
}

/* Recursive, sorted, *.yml and *.yaml only, dot files skipped. */
static void walks_directories(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "b.yml", "id: b\nclass: restricted\ncredits: [B]\n");
    write_file(dir, "sub/deep/a.yaml", "id: a\nclass: attribution\ncredits: [A]\n");
    write_file(dir, ".hidden.yml", "this: [is not loaded\n");
    write_file(dir, "README.md", "not: [yaml\n");
    const char *dirs[] = {dir};
    char err[512];
    rs_sigdb *db = NULL;
    assert_int_equal(rs_sigdb_load(dirs, 1, &db, err, sizeof err), RS_OK);
    assert_int_equal(rs_sigdb_count(db), 2);
    rs_siginfo info;
    rs_sigdb_info(db, 0, &info);
    assert_string_equal(info.id, "a");
    assert_non_null(strstr(info.file, "sub/deep/a.yaml"));
    assert_string_equal(info.languages, "");
    rs_sigdb_free(db);
    remove_tree(dir);
    free(dir);
}

static void missing_directory(void **state)
{
    (void)state;
    const char *dirs[] = {"/nonexistent/rightscan-signatures"};
    char err[512];
    rs_sigdb *db = NULL;
    assert_int_equal(rs_sigdb_load(dirs, 1, &db, err, sizeof err), RS_ERR_IO);
    assert_null(db);
    assert_non_null(strstr(err, "/nonexistent/rightscan-signatures: "));
}

typedef struct collected {
    char msgs[16][512];
    size_t n;
} collected;

static void collect(void *ctx, const char *msg)
{
    collected *c = ctx;
    if (c->n < 16) snprintf(c->msgs[c->n], sizeof c->msgs[0], "%s", msg);
    c->n++;
}

static void selftest_reports_failures(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "acme.yml",
               "id: acme\n"
               "class: restricted\n"
               "patterns:\n"
               "  - regex: 'acme wire'\n"
               "examples:\n"
               "  match:\n"
               "    - \"ACME Wire\"\n"
               "    - \"Acme-Wire content\"\n"
               "    - {text: \"© 2025 ACME Wire\", holder_name: \"ACME\"}\n"
               "  no_match:\n"
               "    - \"acme wire, again\"\n");
    const char *dirs[] = {dir};
    char err[512], want[600];
    rs_sigdb *db = NULL;
    assert_int_equal(rs_sigdb_load(dirs, 1, &db, err, sizeof err), RS_OK);
    collected c = {.n = 0};
    size_t total = 0;
    assert_int_equal(rs_sigdb_selftest(db, collect, &c, &total), 3);
    assert_int_equal(total, 4);
    snprintf(want, sizeof want,
             "%s/acme.yml:8: signature acme: example expected to match: "
             "Acme-Wire content",
             dir);
    assert_string_equal(c.msgs[0], want);
    assert_non_null(
        strstr(c.msgs[1], "acme.yml:9: signature acme: example expected holder 'ACME'"));
    assert_non_null(
        strstr(c.msgs[2], "acme.yml:11: signature acme: example expected not to match"));
    rs_sigdb_free(db);
    remove_tree(dir);
    free(dir);
}

/* ---- notices and folded patterns ---- */

/* Loads the signatures of dir, failing the test on an error. */
static rs_sigdb *load_dir(const char *dir)
{
    const char *dirs[] = {dir};
    char err[512];
    rs_sigdb *db = NULL;
    if (rs_sigdb_load(dirs, 1, &db, err, sizeof err)) fail_msg("%s", err);
    return db;
}

/* A notice is normalised and modelled for the approximate matcher; too short is refused. */
static void notice_model(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "x.yml",
               "id: x\nclass: restricted\nname: Example Press\n"
               "notices:\n"
               "  - text: 'Copyright 2012 Example Press. All rights reserved.'\n");
    rs_sigdb *db = load_dir(dir);
    const rs_sig *s = db->v[0];
    assert_int_equal(s->nnotices, 1);
    assert_string_equal(s->notices[0].src, "copyright 2012 example press. all rights reserved.");
    assert_non_null(s->notices[0].notice);
    assert_int_equal(rs_anotice_words(s->notices[0].notice), 7);
    assert_true(rs_anotice_decisive(s->notices[0].notice)); /* the name is in the text */
    rs_sigdb_free(db);
    remove_tree(dir);
    free(dir);
}

/* Non-ASCII literals in patterns are folded like the text they run on. */
static void patterns_are_folded(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "x.yml",
               "id: x\n"
               "class: restricted\n"
               "patterns:\n"
               "  - regex: 'Tüm HAKLAR(?:I|ý) (?:İ|Ý)lke'\n"
               "  - regex: '무단 ?전재[^>]{0,20}금지'\n"
               "  - regex: '無断転載を禁じます'\n"
               "  - regex: 'παντός [–—]x'\n"
               "examples:\n"
               "  match:\n"
               "    - \"tüm hakları İlke\"\n"
               "    - \"TUM HAKLARI ILKE\"\n"
               "    - \"Tüm haklarý Ýlke\"\n"
               "    - \"<저작권자 무단전재 및 재배포 금지>\"\n"
               "    - \"記事の無断転載を禁じます。\"\n"
               "    - \"Με επιφύλαξη ΠΑΝΤΟΣ —x\"\n"
               "  no_match:\n"
               "    - \"tüm hakları Ilk\"\n");
    const char *dirs[] = {dir};
    char err[512];
    rs_sigdb *db = NULL;
    if (rs_sigdb_load(dirs, 1, &db, err, sizeof err)) fail_msg("%s", err);
    collected c = {.n = 0};
    size_t total = 0;
    size_t failures = rs_sigdb_selftest(db, collect, &c, &total);
    if (failures) fail_msg("%s", c.msgs[0]);
    assert_int_equal(total, 7);
    rs_sigdb_free(db);
    remove_tree(dir);
    free(dir);
}

/* The new keys load: decisive (with alternatives), min_coverage, confidence, anchor,
 * suppress, photo_credits; a notice naming its holder has its names as decisive. */
static void new_keys_load(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "x.yml",
               "id: x\n"
               "name: Example Press\n"
               "class: restricted\n"
               "aliases: [EXP]\n"
               "photo_credits: [EXP, Example Press]\n"
               "notices:\n"
               "  - text: 'All rights reserved by Example Press. No copies without contract.'\n"
               "  - text: 'Reproduction only with a written contract or a subscription.'\n"
               "    decisive: [[contract, subscription], written]\n"
               "    min_coverage: 0.8\n"
               "  - text: 'A generic notice without any name at all.'\n"
               "    decisive: []\n"
               "patterns:\n"
               "  - regex: 'example press \\d{4}'\n"
               "    confidence: 0.7\n"
               "    anchor: [Example Press]\n"
               "bylines:\n"
               "  - {regex: '\\(EXP\\)', confidence: 0.6}\n"
               "suppress: ['redistribution and use in source']\n"
               "examples:\n"
               "  match:\n"
               "    - 'Jane Doe/EXP'\n"
               "    - 'EXAMPLE PRESS PHOTO / Jane Doe'\n"
               "    - '© Example Press/Jane Doe'\n"
               "  no_match:\n"
               "    - 'according to EXP'\n");
    rs_sigdb *db = load_dir(dir);
    const rs_sig *s = db->v[0];
    assert_int_equal(s->nnotices, 3);
    assert_true(rs_anotice_decisive(s->notices[0].notice)); /* "example press" is in it */
    assert_true(rs_anotice_decisive(s->notices[1].notice));
    assert_false(rs_anotice_decisive(s->notices[2].notice));
    assert_float_equal(rs_anotice_min_coverage(s->notices[1].notice), 0.8, 1e-9);
    assert_float_equal(s->patterns[0].confidence, 0.7, 1e-9);
    assert_int_equal(s->patterns[0].nanchors, 1);
    assert_string_equal(s->patterns[0].anchors[0], "example press");
    assert_int_equal(s->nbylines, 1 + 3);
    assert_int_equal(s->nphoto, 3);
    assert_int_equal(s->nsuppress, 1);
    collected c = {.n = 0};
    size_t total = 0;
    if (rs_sigdb_selftest(db, collect, &c, &total)) fail_msg("%s", c.msgs[0]);
    assert_int_equal(total, 4);
    char *d = rs_sigdb_describe(db, "x");
    assert_non_null(d);
    assert_non_null(strstr(d, "id: x\nname: Example Press\nholder: x\nclass: restricted\n"));
    assert_non_null(strstr(d, "photo credits: EXP, Example Press\n"));
    assert_non_null(strstr(d, "decisive: 'contract' 'subscription'\n"));
    assert_non_null(strstr(d, "decisive: 'written'\n"));
    assert_non_null(strstr(d, "anchors: 'example press'\n"));
    assert_non_null(strstr(d, "confidence: 0.70\n"));
    assert_non_null(strstr(d, "examples: 3 that match, 1 that must not\n"));
    free(d);
    assert_null(rs_sigdb_describe(db, "nope"));
    rs_sigdb_free(db);
    remove_tree(dir);
    free(dir);
}

/* Lint: every problem, in every file, each at FILE:LINE:COL; warnings about anchors. */
static void lint_reports_everything(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    write_file(dir, "a.yml",
               "id: a\n"
               "class: secret\n"
               "colour: red\n"
               "patterns:\n"
               "  - regex: 'ok one'\n"
               "  - regex: 'bad (one'\n"
               "  - regex: 'fine'\n"
               "    confidence: 7\n"
               "credits: [A]\n");
    write_file(dir, "b.yml",
               "id: b\n"
               "class: restricted\n"
               "patterns:\n"
               "  - regex: '[a-z]+ \\d+'\n"
               "  - regex: 'x.y'\n");
    write_file(dir, "c.yml", "id: b\nclass: restricted\ncredits: [B]\n");
    write_file(dir, "d.yml",
               "id: d\nclass: restricted\nnotices:\n"
               "  - text: 'All rights reserved to the owner of this text.'\n"
               "holder: dee\n");
    collected c = {.n = 0};
    const char *dirs[] = {dir};
    size_t n = rs_sigdb_lint(dirs, 1, collect, &c);
    static const char *const want[] = {
        "a.yml:2:8: class: expected restricted, attribution or open, found 'secret'",
        "a.yml:3:1: unknown key 'colour' in a signature",
        "a.yml:6:21: bad regex in pattern: missing closing parenthesis",
        "a.yml:8:17: confidence: expected a number from 0 to 1, found '7'",
        "b.yml:4:12: warning: pattern has no literal the prefilter can use",
        "b.yml:5:12: warning: pattern anchor 'x' is too short or too common",
        "c.yml:1:5: duplicate id 'b'",
        "d.yml:4:5: warning: the notice names no decisive phrase",
    };
    assert_int_equal(n, c.n);
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++) {
        char full[600];
        snprintf(full, sizeof full, "%s/%s", dir, want[i]);
        bool found = false;
        for (size_t k = 0; k < c.n && !found; k++)
            found = !strncmp(c.msgs[k], full, strlen(full));
        if (!found) fail_msg("missing: %s (first: %s)", full, c.msgs[0]);
    }
    remove_tree(dir);
    free(dir);
    /* the real set is clean */
    c.n = 0;
    dirs[0] = real_signatures();
    n = rs_sigdb_lint(dirs, 1, collect, &c);
    if (n) fail_msg("%zu problems in the real set, first: %s", n, c.msgs[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_set_loads),
        cmocka_unit_test(real_set_selftest),
        cmocka_unit_test(broken_files),
        cmocka_unit_test(nothing_half_way),
        cmocka_unit_test(duplicate_id_in_one_directory),
        cmocka_unit_test(later_directory_overrides),
        cmocka_unit_test(walks_directories),
        cmocka_unit_test(missing_directory),
        cmocka_unit_test(selftest_reports_failures),
        cmocka_unit_test(notice_model),
        cmocka_unit_test(patterns_are_folded),
        cmocka_unit_test(new_keys_load),
        cmocka_unit_test(lint_reports_everything),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
