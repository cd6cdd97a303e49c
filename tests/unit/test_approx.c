/* test_approx.c — approximate notice matching: the model (anchors, decisive phrases), the
 * alignment and its figures on real variants of İLKHA's notices, near misses, seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approx.h"

static const char ILKHA_EN[] =
    "LEGAL WARNING: All rights of the published news, photos and videos are reserved by İlke "
    "Haber Ajansı Basın Yayın San. Trade A.Ş. Under no circumstances can all or part of the "
    "news, photos and videos be used without a written contract or subscription.";

static const char ILKHA_TR[] =
    "YASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve videonun tüm hakları İlke Haber Ajansı "
    "Basın Yayın San. Tic. A.Ş.'ye aittir. Hiçbir surette haber, fotoğraf ve videonun tamamı "
    "veya bir kısmı yazılı sözleşme yapılmadan veya abone olmadan kullanılamaz.";

/* A model of notice (raw text) with one decisive phrase (raw, or NULL) per group. */
static rs_anotice *model(const char *notice, const char *const *decisive, size_t n, double cov)
{
    char *norm = rs_normalize_dup(notice), *ph[8];
    unsigned group[8];
    char err[256];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        ph[i] = rs_normalize_dup(decisive[i]);
        group[i] = (unsigned)i;
    }
    rs_anotice *a = rs_anotice_new(norm, (const char *const *)ph, group, n, cov, err, sizeof err);
    if (!a) fail_msg("model: %s", err);
    for (size_t i = 0; i < n; i++)
        free(ph[i]);
    free(norm);
    return a;
}

typedef struct found {
    rs_amatch v[16];
    size_t n;
} found;

static rs_err collect(void *ctx, const rs_amatch *m)
{
    found *f = ctx;
    if (f->n < 16) f->v[f->n++] = *m;
    return RS_OK;
}

/* Runs a over text (raw; normalised here) with every anchor word as a seed. */
static found run(rs_anotice *a, const char *text)
{
    found f = {.n = 0};
    char *t = rs_normalize_dup(text);
    rs_approx *x;
    const size_t *seeds;
    size_t ns;
    assert_int_equal(rs_approx_new(&x), RS_OK);
    assert_int_equal(rs_approx_all_seeds(x, a, t, strlen(t), &seeds, &ns), RS_OK);
    size_t *copy = malloc((ns + 1) * sizeof *copy);
    memcpy(copy, seeds, ns * sizeof *copy);
    assert_int_equal(rs_approx_run(x, a, t, strlen(t), copy, ns, collect, NULL, &f), RS_OK);
    free(copy);
    rs_approx_free(x);
    free(t);
    return f;
}

static void exact_copy_scores_one(void **state)
{
    (void)state;
    const char *d[] = {"İlke Haber Ajansı"};
    rs_anotice *a = model(ILKHA_EN, d, 1, 0.6);
    found f = run(a, ILKHA_EN);
    assert_int_equal(f.n, 1);
    assert_true(f.v[0].score == 1.0 && f.v[0].coverage == 1.0);
    assert_int_equal(f.v[0].start, 0);
    rs_anotice_free(a);
    a = model(ILKHA_TR, d, 1, 0.6);
    f = run(a, ILKHA_TR);
    assert_int_equal(f.n, 1);
    assert_true(f.v[0].score == 1.0 && f.v[0].coverage == 1.0);
    rs_anotice_free(a);
}

/* The model: word count, what a match needs, pigeonhole anchors. */
static void model_and_anchors(void **state)
{
    (void)state;
    const char *d[] = {"İlke Haber Ajansı"};
    rs_anotice *a = model(ILKHA_EN, d, 1, 0.6);
    assert_int_equal(rs_anotice_words(a), 44);
    assert_true(rs_anotice_decisive(a));
    const char *const *v;
    size_t n = rs_anotice_anchors(a, &v);
    assert_true(n >= 10 && n <= 25);
    assert_string_equal(v[0], "circumstances"); /* longest first */
    for (size_t i = 0; i < n; i++) {
        assert_true(strlen(v[i]) >= 3);
        assert_true(strcmp(v[i], "the") && strcmp(v[i], "and") && strcmp(v[i], "all"));
    }
    rs_buf b;
    rs_buf_init(&b, 0);
    assert_int_equal(rs_anotice_describe(a, &b), RS_OK);
    assert_non_null(
        strstr(b.data, "words 44, min_coverage 0.60 (27 exact words, 3 of them anchors)"));
    assert_non_null(strstr(b.data, "decisive: 'ilke haber ajansi'"));
    rs_buf_free(&b);
    rs_anotice_free(a);
    char err[128];
    assert_null(rs_anotice_new("all rights", NULL, NULL, 0, 0.6, err, sizeof err));
    assert_non_null(strstr(err, "three words"));
    assert_null(rs_anotice_new("2020 2021 2022", NULL, NULL, 0, 0.6, err, sizeof err));
}

/* The worked example of approx.c, figure for figure. */
static void worked_example(void **state)
{
    (void)state;
    const char *d[] = {"İlke Haber Ajansı"};
    rs_anotice *a = model(ILKHA_EN, d, 1, 0.6);
    found f = run(a, "LEGAL WARNING: All rights of the published news, photos and videos belong "
                     "to İlke Haber Ajansı Basın Yayın San. Tic. A.Ş. Under no circumstances can "
                     "the news, photos and videos be used in whole or in part without a written "
                     "contract or subscription.");
    assert_int_equal(f.n, 1);
    assert_float_equal(f.v[0].coverage, 36.0 / 44, 1e-9);
    assert_float_equal(f.v[0].score, 36.0 / 44, 1e-9);
    f = run(a, "Under no circumstances can the news, photos and videos be used in whole or in "
               "part without a written contract or subscription.");
    assert_int_equal(f.n, 0);
    rs_anotice_free(a);
}

/* What real copies do to a notice: each still matches, with lower figures. */
static void variants_match(void **state)
{
    (void)state;
    static const struct {
        const char *what, *text;
        double min_cov, max_cov;
    } cases[] = {
        {"wrapped and hyphenated",
         "LEGAL WARNING: All rights of the published news, photos and videos are re-\nserved by "
         "İlke Haber\n  Ajansı Basın Yayın San. Trade A.Ş. Under no circum-\nstances can all or "
         "part of the news, photos and videos be used without a written contract or "
         "subscription.",
         1.0, 1.0},
        {"case and diacritics",
         "legal warning: ALL RIGHTS OF THE PUBLISHED NEWS, PHOTOS AND VIDEOS ARE RESERVED BY "
         "ILKE HABER AJANSI BASIN YAYIN SAN. TRADE A.S. under no circumstances can all or part "
         "of the news, photos and videos be used without a written contract or subscription.",
         1.0, 1.0},
        {"words added",
         "LEGAL WARNING: All rights of the published news, photos and videos on this website "
         "are reserved by İlke Haber Ajansı Basın Yayın San. Trade A.Ş. Under no circumstances "
         "whatsoever can all or part of the news, photos and videos be used without a written "
         "contract or a paid subscription.",
         1.0, 1.0},
        {"words dropped",
         "LEGAL WARNING: All rights of the news and photos are reserved by İlke Haber Ajansı "
         "Basın Yayın. Under no circumstances can the news, photos and videos be used without a "
         "written contract or subscription.",
         0.6, 0.9},
        {"another translation",
         "LEGAL WARNING: All rights of the published news, photos and videos belong to İlke "
         "Haber Ajansı Basın Yayın San. Tic. A.Ş. Under no circumstances can all or part of "
         "the news, photos and videos be used without a written contract or subscription.",
         0.8, 0.95},
        {"quoted in part",
         "As the agency says: All rights of the published news, photos and videos are reserved "
         "by İlke Haber Ajansı Basın Yayın San. Trade A.Ş. Under no circumstances can all or "
         "part of the news ...",
         0.6, 0.8},
        {"mojibake (UTF-8 read as windows-1252)",
         "LEGAL WARNING: All rights of the published news, photos and videos are reserved by "
         "Ä°lke Haber AjansÄ± BasÄ±n YayÄ±n San. Trade A.Åž. Under no circumstances can all or "
         "part of the news, photos and videos be used without a written contract or "
         "subscription.",
         1.0, 1.0},
        {"split by markup leftovers",
         "LEGAL WARNING: All rights of the published news, photos and vide os are reserved by "
         "İlke Haber Ajansı Basın Yayın San. Trade A.Ş. Under no circumstances can all or part "
         "of the news, photos and videos be used without a written con tract or subscription.",
         0.9, 0.96},
    };
    const char *d[] = {"İlke Haber Ajansı"};
    rs_anotice *a = model(ILKHA_EN, d, 1, 0.6);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        found f = run(a, cases[i].text);
        if (f.n != 1) fail_msg("%s: %zu matches", cases[i].what, f.n);
        double c = f.v[0].coverage;
        if (c < cases[i].min_cov - 1e-9 || c > cases[i].max_cov + 1e-9)
            fail_msg("%s: coverage %.3f, want %.2f..%.2f", cases[i].what, c, cases[i].min_cov,
                     cases[i].max_cov);
        assert_true(f.v[0].score >= RS_APPROX_MIN_SCORE && f.v[0].score <= 1.0);
    }
    rs_anotice_free(a);
}

/* Near misses: generic words without the decisive phrase, too little of the notice, the
 * holder only mentioned. */
static void near_misses_do_not(void **state)
{
    (void)state;
    const char *d[] = {"İlke Haber Ajansı"};
    rs_anotice *a = model(ILKHA_EN, d, 1, 0.6);
    static const char *const texts[] = {
        /* another agency's notice in the same words */
        "LEGAL WARNING: All rights of the published news, photos and videos are reserved by "
        "Example News Agency Inc. Under no circumstances can all or part of the news, photos and "
        "videos be used without a written contract or subscription.",
        /* the holder named, the notice barely */
        "İlke Haber Ajansı said on Monday that news, photos and videos were published.",
        /* words of the notice scattered through prose */
        "The published photos were reserved for subscribers; under the contract, the videos and "
        "news rights were written off, said the legal department of İlke Haber Ajansı.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        found f = run(a, texts[i]);
        if (f.n) fail_msg("matched (%.2f/%.2f): %s", f.v[0].coverage, f.v[0].score, texts[i]);
    }
    rs_anotice_free(a);
}

/* Decisive groups: every group needed, any phrase of a group enough, words in order a few
 * tokens apart at most. */
static void decisive_groups(void **state)
{
    (void)state;
    char *norm = rs_normalize_dup("Copyright 2020 United Press International, Inc. All Rights "
                                  "Reserved.");
    const char *ph[] = {"united press international", "all rights reserved", "upi"};
    unsigned group[] = {0, 1, 0};
    char err[128];
    rs_anotice *a = rs_anotice_new(norm, ph, group, 3, 0.6, err, sizeof err);
    assert_non_null(a);
    assert_int_equal(run(a, "Copyright (c) 2020 United Press International, Inc. All Rights "
                            "Reserved.")
                         .n,
                     1);
    /* "[All](https://example.org/terms) Rights Reserved": the phrase's words 4 tokens apart */
    assert_int_equal(run(a, "Copyright (c) 2020 United Press International, Inc. "
                            "[All](https://example.org/terms) Rights Reserved.")
                         .n,
                     1);
    /* group 1 missing */
    assert_int_equal(run(a, "Copyright (c) 2020 United Press International, Inc. All Rights.").n,
                     0);
    rs_anotice_free(a);
    free(norm);
}

/* Tokens: what a seed may be. */
static void tokens(void **state)
{
    (void)state;
    const char *t = "abc def_ghi (x) 版权所有 ab1";
    size_t len = strlen(t);
    assert_true(rs_approx_is_token(t, len, 0, 3));
    assert_false(rs_approx_is_token(t, len, 1, 3));  /* inside a word */
    assert_false(rs_approx_is_token(t, len, 0, 2));  /* part of a word */
    assert_true(rs_approx_is_token(t, len, 4, 7));   /* '_' separates */
    assert_true(rs_approx_is_token(t, len, 13, 14)); /* x */
    const char *cjk = strstr(t, "版");
    assert_true(rs_approx_is_token(t, len, (size_t)(cjk - t), (size_t)(cjk - t) + 3));
    assert_true(rs_approx_is_token(t, len, (size_t)(cjk - t) + 3, (size_t)(cjk - t) + 6));
    assert_true(rs_approx_phrase_in("copyright 2020 united press", "united press"));
    assert_false(rs_approx_phrase_in("copyright 2020 united press", "press united"));
}

/* The seeds of rs_approx_all_seeds are exactly the anchor occurrences that are tokens. */
static void seeds_are_anchor_tokens(void **state)
{
    (void)state;
    const char *d[] = {"İlke Haber Ajansı"};
    rs_anotice *a = model(ILKHA_EN, d, 1, 0.6);
    const char *const *anch;
    size_t na = rs_anotice_anchors(a, &anch);
    char *t = rs_normalize_dup("unpublished published, (photos) photosynthesis contract-"
                               "subscription writtenness");
    size_t len = strlen(t);
    rs_approx *x;
    assert_int_equal(rs_approx_new(&x), RS_OK);
    const size_t *seeds;
    size_t ns;
    assert_int_equal(rs_approx_all_seeds(x, a, t, len, &seeds, &ns), RS_OK);
    size_t k = 0; /* every occurrence of every anchor that is a token, in order */
    for (size_t i = 0; i < len; i++)
        for (size_t j = 0; j < na; j++) {
            size_t n = strlen(anch[j]);
            if (i + n <= len && !memcmp(t + i, anch[j], n) &&
                rs_approx_is_token(t, len, i, i + n)) {
                assert_true(k < ns);
                assert_int_equal(seeds[k], i);
                k++;
            }
        }
    assert_int_equal(k, ns);
    assert_int_equal(ns, 4); /* published, photos, contract, subscription */
    rs_approx_free(x);
    free(t);
    rs_anotice_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_copy_scores_one),
        cmocka_unit_test(model_and_anchors),
        cmocka_unit_test(worked_example),
        cmocka_unit_test(variants_match),
        cmocka_unit_test(near_misses_do_not),
        cmocka_unit_test(decisive_groups),
        cmocka_unit_test(tokens),
        cmocka_unit_test(seeds_are_anchor_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
