/* test_match.c — matching fields against the real signatures: the corpus generator's
 * notices, bylines and credits, decoys, holder names, spans, merging, resource limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sig.h"
#include "sigdir_fixture.h"

static rs_sigdb *db;
static rs_matcher *m;
static rs_fields fs;
static rs_hits hits;

static const char *real_signatures(void)
{
    static char path[4096];
    const char *env = getenv("RIGHTSCAN_SIGNATURES");
    if (env) return env;
    const char *me = __FILE__, *cut = strstr(me, "tests/unit/");
    snprintf(path, sizeof path, "%.*ssignatures", cut ? (int)(cut - me) : 0, me);
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
    rs_fields_init(&fs, 0);
    return rs_matcher_new(db, &m) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    rs_hits_free(&hits);
    rs_fields_free(&fs);
    rs_matcher_free(m);
    rs_sigdb_free(db);
    return 0;
}

/* Matches one field; returns its text (valid until the next call). */
static const char *match1(const char *name, bool metadata, const char *text)
{
    rs_field *f;
    rs_fields_reset(&fs);
    assert_int_equal(
        rs_fields_add_borrowed(&fs, name, metadata, !metadata, text, strlen(text), 0, &f), RS_OK);
    assert_int_equal(rs_match_fields(m, &fs, &hits), RS_OK);
    assert_int_equal(rs_matcher_problems(m, NULL), 0);
    return text;
}

/* The verdict as the engine makes it: the most restrictive hit, a named holder before
 * "unknown" at the same class. */
static const rs_hit *verdict(void)
{
    const rs_hit *best = NULL;
    for (size_t i = 0; i < hits.n; i++) {
        const rs_hit *h = &hits.v[i];
        bool named = strcmp(rs_sig_holder(h->sig), "unknown") != 0;
        if (!best || h->cls > best->cls ||
            (h->cls == best->cls && named && !strcmp(rs_sig_holder(best->sig), "unknown")))
            best = h;
    }
    return best;
}

static const rs_hit *hit_of(const char *id)
{
    for (size_t i = 0; i < hits.n; i++)
        if (!strcmp(rs_sig_id(hits.v[i].sig), id)) return &hits.v[i];
    return NULL;
}

static void expect_verdict(const char *text, const char *holder, rs_class cls)
{
    const rs_hit *v = verdict();
    if (!v) fail_msg("no hit in: %s", text);
    if (strcmp(rs_sig_holder(v->sig), holder) || v->cls != cls)
        fail_msg("verdict %s/%s, want %s/%s, in: %s", rs_sig_holder(v->sig), rs_class_name(v->cls),
                 holder, rs_class_name(cls), text);
}

/* ---- what make-corpus.py plants ---- */

static const struct {
    const char *holder;
    rs_class cls;
    const char *text;
} NOTICES[] = {
    {"ilkha", RS_CLASS_RESTRICTED,
     "LEGAL WARNING: All rights of the published news, photos and videos are reserved by "
     "İlke Haber Ajansı Basın Yayın San. Trade A.Ş. Under no circumstances can all or part "
     "of the news, photos and videos be used without a written contract or subscription."},
    {"ilkha", RS_CLASS_RESTRICTED,
     "YASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve videonun tüm hakları İlke Haber Ajansı "
     "Basın Yayın San. Tic. A.Ş.'ye aittir. Hiçbir surette haber, fotoğraf ve videonun tamamı "
     "veya bir kısmı yazılı sözleşme yapılmadan veya abone olmadan kullanılamaz."},
    {"aa", RS_CLASS_RESTRICTED,
     "Anadolu Ajansı web sitesinde, AA Haber Akış Sistemi (HAS) üzerinden abonelere sunulan "
     "haberler, özetlenerek yayımlanmaktadır. Abonelik için lütfen iletişime geçiniz."},
    {"ap", RS_CLASS_RESTRICTED,
     "Copyright 2025 The Associated Press. All rights reserved. This material may not be "
     "published, broadcast, rewritten or redistributed without permission."},
    {"afp", RS_CLASS_RESTRICTED,
     "Tous droits de reproduction et de représentation réservés. © Agence France-Presse"},
    {"unknown", RS_CLASS_RESTRICTED, "© 2025 Beispiel Verlag GmbH. Alle Rechte vorbehalten."},
    {"unknown", RS_CLASS_RESTRICTED,
     "© 2025 Ejemplo Ediciones S.L. Todos los derechos reservados. Queda prohibida su "
     "reproducción total o parcial sin autorización escrita."},
    {"cc-by-4.0", RS_CLASS_ATTRIBUTION,
     "This article is licensed under a Creative Commons Attribution 4.0 International "
     "License (CC BY 4.0)."},
};

static const struct {
    const char *holder, *byline;
} BYLINES[] = {{"ilkha", "(ILKHA)"}, {"aa", "(AA)"}, {"reuters", "(Reuters) -"}, {"ap", "(AP) —"}};

static const char *const CITIES[] = {"ANKARA", "İSTANBUL",  "MOSCOW", "WASHINGTON",
                                     "KABUL",  "ISLAMABAD", "PARIS"};

static const char PROSE_EN[] = "The government said talks would continue next week while "
                               "officials described the meeting as constructive.";
static const char PROSE_TR[] = "Hükümet görüşmelerin önümüzdeki hafta süreceğini açıkladı "
                               "yetkililer toplantıyı yapıcı olarak nitelendirdi.";

/* A notice as the last paragraph of a story, in body text and as IPTC metadata. */
static void corpus_notices(void **state)
{
    (void)state;
    char text[2048];
    for (size_t i = 0; i < sizeof NOTICES / sizeof NOTICES[0]; i++) {
        snprintf(text, sizeof text, "Talks continue\n\n%s\n\n%s\n", PROSE_EN, NOTICES[i].text);
        match1("body", false, text);
        expect_verdict(text, NOTICES[i].holder, NOTICES[i].cls);
        const rs_hit *v = verdict();
        assert_int_equal(v->kind,
                         NOTICES[i].cls == RS_CLASS_ATTRIBUTION ? RS_KIND_LICENCE : RS_KIND_NOTICE);
        match1("iptc:2:116", true, NOTICES[i].text);
        expect_verdict(NOTICES[i].text, NOTICES[i].holder, NOTICES[i].cls);
        v = verdict();
        assert_int_equal(v->kind, NOTICES[i].cls == RS_CLASS_ATTRIBUTION ? RS_KIND_LICENCE
                                                                         : RS_KIND_METADATA);
    }
}

/* "CITY (AA) text" at the start of the first paragraph (after a title, or first thing). */
static void corpus_bylines(void **state)
{
    (void)state;
    char text[1024];
    for (size_t b = 0; b < sizeof BYLINES / sizeof BYLINES[0]; b++)
        for (size_t c = 0; c < sizeof CITIES / sizeof CITIES[0]; c++)
            for (int form = 0; form < 3; form++) {
                const char *prose = form == 1 ? PROSE_TR : PROSE_EN;
                snprintf(text, sizeof text, "%s%s %s %s\n\nMore text follows here.",
                         form == 2 ? "" : "Talks continue next week\n\n", CITIES[c],
                         BYLINES[b].byline, prose);
                match1("body", false, text);
                expect_verdict(text, BYLINES[b].holder, RS_CLASS_RESTRICTED);
                const rs_hit *h = hit_of(BYLINES[b].holder);
                assert_int_equal(h->kind, RS_KIND_BYLINE);
                assert_memory_equal(text + h->start, CITIES[c], strlen(CITIES[c]));
            }
}

/* make-corpus.py's photo credits (IPTC 2:110): the holder's credit, "Staff" for others. */
static void corpus_credits(void **state)
{
    (void)state;
    static const struct {
        const char *credit, *holder;
    } cases[] = {{"ILKHA", "ilkha"},
                 {"AA", "aa"},
                 {"AP", "ap"},
                 {"AFP", "afp"},
                 {"Reuters", "reuters"},
                 {"İLKHA", "ilkha"},
                 {"AFP PHOTO / Jane Doe", "afp"},
                 {"Jane Doe/AFP", "afp"},
                 {"REUTERS/Jane Doe", "reuters"},
                 {"picture alliance / dpa", "dpa"},
                 {"© AFP 2019 / Alberto Pizzolo", "afp"},
                 {"  Anadolu Ajansı ", "aa"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = match1("iptc:2:110", true, cases[i].credit);
        expect_verdict(t, cases[i].holder, RS_CLASS_RESTRICTED);
        assert_int_equal(verdict()->kind, RS_KIND_METADATA);
    }
    match1("iptc:2:110", true, "Staff");
    assert_int_equal(hits.n, 0);
    /* credits count in metadata only */
    match1("body", false, "AFP");
    assert_int_equal(hits.n, 0);
}

/* Mentions, ratings and near misses: no hit at all. */
static void decoys(void **state)
{
    (void)state;
    static const char *const body[] = {
        "According to Reuters, the deal was signed on Monday.",
        "AP reported that the talks had stalled.",
        "The bonds were rated (AA) by S&P in March.",
        "S&P rated the city (AA) last year.",
        "Moody's affirmed the (AA) rating.",
        "According to ILKHA sources, the meeting was postponed.",
        "İlke Haber Ajansı Genel Müdürü Mahmut İrtem İLKHA hakkında bilgiler verdi.",
        "Anadolu Ajansı 92 Yaşında",
        "Officials told AFP on Monday that the border was closed.",
        "Laut dpa hat die Regierung zugestimmt.",
        "The AP style guide recommends it.",
        "a report (Reuters) said on Friday",
        "ankara (aa) lower-case is not a dateline",
        "The company reserved all rights to appeal the ruling.",
        "Copyright (C) 2014 Bloomberg L.P. All rights reserved.\n"
        "Redistribution and use in source and binary forms, with or without modification, "
        "are permitted provided that the following conditions are met.",
        "Creative Commons Attribution-NonCommercial licences are discussed below.",
    };
    for (size_t i = 0; i < sizeof body / sizeof body[0]; i++) {
        match1("body", false, body[i]);
        if (hits.n) fail_msg("decoy matched %s: %s", rs_sig_id(hits.v[0].sig), body[i]);
    }
    static const char *const meta[] = {"Rated AA by S&P", "Staff", "Happy path to the AP exam",
                                       "Photo: Jane Doe"};
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++) {
        match1("xmp:dc:rights", true, meta[i]);
        if (hits.n) fail_msg("metadata decoy matched %s: %s", rs_sig_id(hits.v[0].sig), meta[i]);
    }
}

/* ---- holder names and spans ---- */

static void expect_holder(const char *text, const char *id, const char *want)
{
    const rs_hit *h = hit_of(id);
    if (!h) fail_msg("no %s hit in: %s", id, text);
    if (h->hend <= h->hstart) fail_msg("no holder in: %s", text);
    char got[256];
    snprintf(got, sizeof got, "%.*s", (int)(h->hend - h->hstart), text + h->hstart);
    assert_string_equal(got, want);
}

/* "© 2025 Northbridge Media Group Ltd. All rights reserved." names its holder, in every
 * language the generic notice knows, in the text's own spelling. The verdict stays with
 * the generic family unless a known holder's signature also fires. */
static void holder_names(void **state)
{
    (void)state;
    static const struct {
        const char *text, *holder;
        bool generic_verdict;
    } cases[] = {
        {"© 2025 Northbridge Media Group Ltd. All rights reserved.", "Northbridge Media Group Ltd.",
         true},
        {"© 2025 Beispiel Verlag GmbH. Alle Rechte vorbehalten.", "Beispiel Verlag GmbH", true},
        {"Prose.\n\n© 2025  Beispiel\n  Verlag GmbH.\nAlle Rechte\nvorbehalten.\n",
         "Beispiel\n  Verlag GmbH", true},
        {"© 2025 Ejemplo Ediciones S.L. Todos los derechos reservados.", "Ejemplo Ediciones S.L.",
         true},
        {"Copyright (c) 2020 Example Wire Services, Inc. All Rights Reserved.",
         "Example Wire Services, Inc.", true},
        {"COPYRIGHT © 2017 ÖRNEK YAYINCILIK A.Ş. TÜM HAKLARI SAKLIDIR.", "ÖRNEK YAYINCILIK A.Ş.",
         true},
        {"© The Example Times 2017. All rights reserved.", "The Example Times", true},
        {"Yayınlanan köşe yazısı/haberin tüm hakları Turkuvaz Medya Grubu’na aittir.",
         "Turkuvaz Medya Grubu", false},
        {"© 2026 جميع الحقوق محفوظة لوكالة صوت غزة الإخبارية", "وكالة صوت غزة الإخبارية", true},
        /* one per language of the "© YEAR HOLDER. <all rights reserved>" pattern */
        {"© 2024 Éditions Exemple SARL. Tous droits réservés.", "Éditions Exemple SARL", true},
        {"© 2024 Edizioni Esempio S.r.l. Tutti i diritti riservati.", "Edizioni Esempio S.r.l.",
         true},
        {"© 2024 Editora Exemplo Ltda. Todos os direitos reservados.", "Editora Exemplo Ltda.",
         true},
        {"© 2024 Uitgeverij Voorbeeld B.V. Alle rechten voorbehouden.", "Uitgeverij Voorbeeld B.V.",
         true},
        {"© 2024 Wydawnictwo Przykład Sp. Wszelkie prawa zastrzeżone.", "Wydawnictwo Przykład Sp",
         true},
        {"© 2024 ООО «Пример Медиа». Все права защищены.", "ООО «Пример Медиа»", true},
        {"© 2024 Vydavatelství Příklad. Všechna práva vyhrazena.", "Vydavatelství Příklad", true},
        {"© 2024 Példa Kiadó Kft. Minden jog fenntartva.", "Példa Kiadó Kft.", true},
        {"© 2024 Editura Exemplu. Toate drepturile rezervate.", "Editura Exemplu", true},
        {"© 2024 Örnek Medya A.Ş. Her hakkı saklıdır.", "Örnek Medya A.Ş.", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        match1("body", false, cases[i].text);
        if (cases[i].generic_verdict) expect_verdict(cases[i].text, "unknown", RS_CLASS_RESTRICTED);
        expect_holder(cases[i].text, "generic-rights-reserved", cases[i].holder);
    }
    /* no holder named: none reported */
    match1("body", false, "All rights reserved.");
    assert_int_equal(hit_of("generic-rights-reserved")->hend, 0);
}

/* Spans are field offsets covering the original text, diacritics and all. */
static void spans_map_to_field(void **state)
{
    (void)state;
    const char *t = match1("body", false,
                           "Önsöz — İçerik.\n\nYASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve "
                           "videonun tüm hakları İlke Haber Ajansı Basın Yayın San. Tic. A.Ş.'ye "
                           "aittir. Hiçbir surette haber, fotoğraf ve videonun tamamı veya bir "
                           "kısmı yazılı sözleşme yapılmadan veya abone olmadan kullanılamaz.\n");
    const rs_hit *h = hit_of("ilkha");
    assert_non_null(h);
    assert_int_equal(h->start, strstr(t, "YASAL") - t);
    assert_int_equal(h->end, strstr(t, "kullanılamaz") + strlen("kullanılamaz") - t);

    t = match1("body", false,
               "x\nTous  droits de reproduction et de\nreprésentation RÉSERVÉS. "
               "©\u00a0Agence France-Presse\n");
    h = hit_of("afp");
    assert_non_null(h);
    assert_int_equal(h->start, 2);
    assert_int_equal(h->end, strlen(t) - 1); /* up to "Presse", not the newline */

    t = match1("body", false, "Başlık\n  İSTANBUL (İLKHA) - Kentte yağış etkili oldu.");
    h = hit_of("ilkha");
    assert_non_null(h);
    assert_int_equal(h->kind, RS_KIND_BYLINE);
    assert_int_equal(h->start, strstr(t, "İSTANBUL") - t);
    assert_int_equal(h->end, strstr(t, " - Kentte") - t);

    /* a combining accent after the last letter stays inside the span */
    t = match1("body", false, "Tous droits re\xcc\x81serve\xcc\x81s\xcc\x81 ici");
    h = hit_of("generic-rights-reserved");
    assert_non_null(h);
    assert_int_equal(h->start, 0);
    assert_int_equal(h->end, strstr(t, " ici") - t);
}

/* Several fields, several hits: sorted by field then start; overlapping hits of one
 * signature merged; kinds by field type. */
static void sorted_merged_and_kinds(void **state)
{
    (void)state;
    rs_field *f;
    rs_fields_reset(&fs);
    const char *body = "MOSCOW (AP) — Text.\n\nCopyright 2025 The Associated Press. All rights "
                       "reserved. This material may not be published, broadcast, rewritten or "
                       "redistributed without permission.\n";
    const char *meta = "Copyright 2019 The Associated Press.";
    const char *lic = "https://creativecommons.org/licenses/by/4.0/";
    assert_int_equal(rs_fields_add_borrowed(&fs, "body", false, true, body, strlen(body), 0, &f),
                     RS_OK);
    assert_int_equal(
        rs_fields_add_borrowed(&fs, "iptc:2:116", true, false, meta, strlen(meta), 0, &f), RS_OK);
    assert_int_equal(rs_fields_add_borrowed(&fs, "xmp:xmpRights:WebStatement", true, false, lic,
                                            strlen(lic), 0, &f),
                     RS_OK);
    assert_int_equal(rs_match_fields(m, &fs, &hits), RS_OK);
    for (size_t i = 1; i < hits.n; i++) {
        const rs_hit *a = &hits.v[i - 1], *b = &hits.v[i];
        assert_true(a->field < b->field || (a->field == b->field && a->start <= b->start));
        if (a->field == b->field && a->sig == b->sig) assert_true(a->end <= b->start);
    }
    size_t ap_body = 0, ap_notice = 0;
    for (size_t i = 0; i < hits.n; i++) {
        const rs_hit *h = &hits.v[i];
        const char *id = rs_sig_id(h->sig);
        if (h->field == 0 && !strcmp(id, "ap")) {
            ap_body++;
            ap_notice += h->kind == RS_KIND_NOTICE;
        }
        if (h->field == 1) assert_int_equal(h->kind, RS_KIND_METADATA);
        if (h->field == 2) {
            assert_string_equal(id, "cc-by-4.0");
            assert_int_equal(h->kind, RS_KIND_LICENCE);
        }
    }
    assert_int_equal(ap_body, 2); /* the byline, and one merged notice + pattern hit */
    assert_int_equal(ap_notice, 1);
    assert_int_equal(hits.v[0].kind, RS_KIND_BYLINE);
    assert_int_equal(hits.v[0].start, 0);
    assert_int_equal(hits.v[hits.n - 1].field, 2);
}

/* Bylines run in text fields only. */
static void bylines_not_in_metadata(void **state)
{
    (void)state;
    match1("xmp:dc:description", true,
           "MOSCOW (Reuters) - Text that is long enough to not be a "
           "credit line, which it is not, since this is a caption.");
    for (size_t i = 0; i < hits.n; i++)
        assert_int_not_equal(hits.v[i].kind, RS_KIND_BYLINE);
}

/* A field longer than the search window: hits near the end are found, with offsets. */
static void large_field(void **state)
{
    (void)state;
    size_t n = 3u << 20;
    char *t = malloc(n + 200);
    for (size_t i = 0; i < n; i++)
        t[i] = "lorem ipsum dolor sit amet, consectetur\n"[i % 40];
    const char *tail = "\nWASHINGTON (Reuters) - End.\nAlle Rechte vorbehalten.";
    memcpy(t + n, tail, strlen(tail) + 1);
    match1("body", false, t);
    const rs_hit *h = hit_of("reuters");
    assert_non_null(h);
    assert_int_equal(h->start, n + 1);
    h = hit_of("generic-rights-reserved");
    assert_non_null(h);
    assert_int_equal(h->end, strlen(t) - 1);
    free(t);
}

/* ---- resource limits: recorded, not fatal ---- */

static void match_limit_is_recorded(void **state)
{
    (void)state;
    sigdir sd;
    rs_sigdb *slow = sigdir_load(&sd, "id: slow\nclass: restricted\npatterns:\n"
                                      "  - regex: '(a+)+c'\n  - regex: 'all rights reserved'\n");
    rs_matcher *sm = NULL;
    assert_int_equal(rs_matcher_new(slow, &sm), RS_OK);
    const char *t = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab c. All rights reserved.";
    rs_field *fl;
    rs_fields_reset(&fs);
    assert_int_equal(rs_fields_add_borrowed(&fs, "body", false, true, t, strlen(t), 0, &fl), RS_OK);
    assert_int_equal(rs_match_fields(sm, &fs, &hits), RS_OK);
    const char *first = NULL;
    assert_true(rs_matcher_problems(sm, &first) >= 1);
    assert_non_null(strstr(first, "signature slow: pattern at "));
    assert_non_null(strstr(first, "match limit exceeded in field body"));
    assert_int_equal(hits.n, 1); /* the next pattern still ran */
    assert_int_equal(hits.v[0].start, strstr(t, "All") - t);
    /* a clean run clears the problems */
    rs_fields_reset(&fs);
    assert_int_equal(rs_fields_add_borrowed(&fs, "body", false, true, "x", 1, 0, &fl), RS_OK);
    assert_int_equal(rs_match_fields(sm, &fs, &hits), RS_OK);
    assert_int_equal(rs_matcher_problems(sm, &first), 0);
    assert_null(first);
    rs_matcher_free(sm);
    rs_sigdb_free(slow);
    sigdir_remove(&sd);
}

/* Invalid UTF-8 in a field (a broken extractor) neither crashes nor stops matching. */
static void invalid_utf8_is_survived(void **state)
{
    (void)state;
    const char *t = "ANKARA (AA) - \xff\xfe broken \xc3 bytes. All rights reserved.";
    rs_field *fl;
    rs_fields_reset(&fs);
    assert_int_equal(rs_fields_add_borrowed(&fs, "body", false, true, t, strlen(t), 0, &fl), RS_OK);
    assert_int_equal(rs_match_fields(m, &fs, &hits), RS_OK);
    assert_non_null(hit_of("generic-rights-reserved")); /* the normalised text is valid */
    assert_non_null(hit_of("aa"));                      /* bylines skip the bad bytes */
    assert_int_equal(rs_matcher_problems(m, NULL), 0);
}

/* ---- approximate notices, confidence, suppression, photo credits ---- */

/* Damaged copies of İLKHA's notices in a field: found, named, with their figures; an exact
 * copy scores 1.0/1.0 with the top confidence. */
static void damaged_notices(void **state)
{
    (void)state;
    static const struct {
        const char *what, *text;
        bool exact;
    } cases[] = {
        {"as published",
         "Haber metni.\n\nYASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve videonun tüm "
         "hakları İlke Haber Ajansı Basın Yayın San. Tic. A.Ş.'ye aittir. Hiçbir surette "
         "haber, fotoğraf ve videonun tamamı veya bir kısmı yazılı sözleşme yapılmadan veya "
         "abone olmadan kullanılamaz.\n",
         true},
        {"wrapped, hyphenated, no diacritics",
         "YASAL UYARI: Yayinlanan yazili haber, fotograf ve videonun tum hak-\nlari Ilke Haber "
         "Ajansi Basin Yayin San. Tic. A.S.'ye aittir. Hicbir surette haber, fo-\ntograf ve "
         "videonun tamami veya bir kismi yazili sozlesme yapilmadan veya abone olmadan "
         "kullanilamaz.",
         true},
        {"windows-1254 read as windows-1252",
         "YASAL UYARI: Yayýnlanan yazýlý haber, fotoðraf ve videonun tüm haklarý Ýlke Haber "
         "Ajansý Basýn Yayýn San. Tic. A.Þ.'ye aittir. HÝÇBÝR SURETTE haber, fotoðraf ve "
         "videonun tamamý veya bir kýsmý yazýlý sözleþme yapýlmadan veya abone olmadan "
         "kullanýlamaz.",
         true},
        {"another translation",
         "LEGAL WARNING: All rights of the published news, photos and videos belong to İlke "
         "Haber Ajansı Basın Yayın San. Tic. A.Ş. Under no circumstances can the news, photos "
         "and videos be used in whole or in part without a written contract or subscription.",
         false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        match1("body", false, cases[i].text);
        const rs_hit *h = NULL;
        for (size_t k = 0; k < hits.n; k++)
            if (!strcmp(rs_sig_id(hits.v[k].sig), "ilkha") && hits.v[k].kind == RS_KIND_NOTICE &&
                (!h || hits.v[k].confidence > h->confidence))
                h = &hits.v[k];
        if (!h) fail_msg("%s: no ilkha notice", cases[i].what);
        expect_verdict(cases[i].text, "ilkha", RS_CLASS_RESTRICTED);
        if (cases[i].exact) {
            if (h->score != 1.0 || h->coverage != 1.0 || h->confidence != 0.99)
                fail_msg("%s: %.3f/%.3f/%.3f", cases[i].what, h->score, h->coverage, h->confidence);
        } else { /* merged with the pattern hits over it: the most confident one's figures */
            assert_true(h->confidence >= 0.8);
        }
    }
}

/* Confidence by kind: a byline 0.85, a credit 0.95, a pattern 0.9 unless it says. */
static void confidence_by_kind(void **state)
{
    (void)state;
    match1("body", false, "ANKARA (AA) - Talks went on.");
    assert_float_equal(hit_of("aa")->confidence, 0.85, 1e-9);
    match1("iptc:2:110", true, "AFP");
    assert_float_equal(hit_of("afp")->confidence, 0.95, 1e-9);
    match1("body", false, "Alle Rechte vorbehalten.");
    const rs_hit *h = hit_of("generic-rights-reserved");
    assert_non_null(h);
    assert_true(h->confidence > 0 && h->confidence <= 1);
    assert_true(h->score == 1.0 && h->coverage == 1.0);
}

/* A signature of the test's own, loaded into a matcher of its own. */
typedef struct own {
    char dir[64];
    rs_sigdb *db;
    rs_matcher *m;
} own;

static void own_load(own *o, const char *yaml)
{
    snprintf(o->dir, sizeof o->dir, "/tmp/rs_match_XXXXXX");
    assert_non_null(mkdtemp(o->dir));
    char path[128];
    snprintf(path, sizeof path, "%s/x.yml", o->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    const char *dirs[] = {o->dir};
    char err[512];
    if (rs_sigdb_load(dirs, 1, &o->db, err, sizeof err)) fail_msg("%s", err);
    assert_int_equal(rs_matcher_new(o->db, &o->m), RS_OK);
    unlink(path);
    rmdir(o->dir);
}

static size_t own_match(own *o, const char *text)
{
    rs_field *f;
    rs_fields_reset(&fs);
    assert_int_equal(rs_fields_add_borrowed(&fs, "body", false, true, text, strlen(text), 0, &f),
                     RS_OK);
    assert_int_equal(rs_match_fields(o->m, &fs, &hits), RS_OK);
    return hits.n;
}

static void own_free(own *o)
{
    rs_matcher_free(o->m);
    rs_sigdb_free(o->db);
}

/* `suppress:` drops a hit with a software licence 600 bytes after it or 200 before. */
static void suppress_licence_headers(void **state)
{
    (void)state;
    own o;
    own_load(&o, "id: x\nholder: unknown\nclass: restricted\n"
                 "patterns:\n  - regex: '\\ball rights reserved\\b'\n"
                 "suppress:\n"
                 "  - 'redistribution and use in source and binary forms'\n"
                 "  - 'permission is hereby granted, free of charge'\n"
                 "  - 'licensed under the apache license'\n");
    assert_int_equal(own_match(&o, "© 2025 Example News. All rights reserved."), 1);
    assert_int_equal(own_match(&o, "/* Copyright (C) 2014 Example L.P. All rights reserved.\n *\n"
                                   " * Redistribution and use in source and binary forms, with or "
                                   "without modification, are permitted. */"),
                     0);
    assert_int_equal(own_match(&o, "# Licensed under the Apache License, Version 2.0\n"
                                   "# Copyright 2020 Example Inc. All rights reserved."),
                     0);
    rs_buf far;
    rs_buf_init(&far, 0);
    rs_buf_append(&far, "All rights reserved.\n", 21);
    for (int i = 0; i < 20; i++)
        rs_buf_append(&far, "Lots of article text that keeps going and going on. ", 52);
    rs_buf_append(&far, "Permission is hereby granted, free of charge, to anyone.", 56);
    assert_int_equal(own_match(&o, far.data), 1); /* more than 600 bytes on */
    rs_buf_free(&far);
    own_free(&o);
}

/* `photo_credits:` credits in body text, by form; mentions and look-alikes are not. */
static void photo_credits_by_form(void **state)
{
    (void)state;
    own o;
    own_load(&o, "id: x\nclass: restricted\nphoto_credits: [AFP, Anadolu, Reuters]\n");
    static const char *const yes[] = {
        "A caption. Jane Doe/AFP",
        "Julie Jammot/AFP via Getty Images",
        "(AFP PHOTO / Christophe ARCHAMBAULT)",
        "*Farmers at work. Elena Petrova / Anadolu*",
        "Jane Doe/Anadolu via Getty Images",
        "© Reuters/Jane Doe",
        "© AFP 2019 / Alberto Pizzolo",
        "(Photo by Thomas Peter/REUTERS)",
    };
    static const char *const no[] = {
        "according to Reuters, the talks failed",
        "AFP reported on Monday",
        "the bonds were rated (AA) by S&P",
        "the Reuters/Ipsos poll",
        "and/or AFP",
        "http://example.org/AFP",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (own_match(&o, yes[i]) != 1) fail_msg("not a credit: %s", yes[i]);
        assert_int_equal(hits.v[0].kind, RS_KIND_BYLINE);
        assert_float_equal(hits.v[0].confidence, 0.8, 1e-9);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (own_match(&o, no[i])) fail_msg("taken for a credit: %s", no[i]);
    own_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_notices),
        cmocka_unit_test(corpus_bylines),
        cmocka_unit_test(corpus_credits),
        cmocka_unit_test(decoys),
        cmocka_unit_test(holder_names),
        cmocka_unit_test(spans_map_to_field),
        cmocka_unit_test(sorted_merged_and_kinds),
        cmocka_unit_test(bylines_not_in_metadata),
        cmocka_unit_test(large_field),
        cmocka_unit_test(match_limit_is_recorded),
        cmocka_unit_test(invalid_utf8_is_survived),
        cmocka_unit_test(damaged_notices),
        cmocka_unit_test(confidence_by_kind),
        cmocka_unit_test(suppress_licence_headers),
        cmocka_unit_test(photo_credits_by_form),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
