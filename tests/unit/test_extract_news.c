/* test_extract_news.c — rights fields of news formats and web pages: NewsML-G2, NewsML 1.x,
 * NITF, RSS (Media RSS, Dublin Core, Creative Commons), Atom, XMP sidecars, ninjs, schema.org
 * JSON-LD and microdata, ANPA-1312 and IPTC 7901 wire text; names, values, positions, and
 * hostile input (deep nesting, unclosed elements, mutations) bounded. */
#include "media_fixture.h"
#include "news.h"

/* Every metadata field is positional (news formats are text); no field is empty. */
static void positional(const run *r)
{
    for (size_t i = 0; i < r->fs.n; i++) {
        assert_true(r->fs.v[i].positional);
        if (strcmp(r->fs.v[i].name, "body") != 0) {
            assert_true(r->fs.v[i].metadata);
            assert_true(r->fs.v[i].len > 0);
        }
    }
}

/* The unit offset of the first occurrence of needle in the document. */
static size_t at(const char *doc, const char *needle)
{
    return find_str(doc, strlen(doc), needle);
}

static const char G2[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:x\" version=\"1\"\n"
    "  standard=\"NewsML-G2\" standardversion=\"2.29\">\n"
    " <catalogRef href=\"http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_27.xml\"/>\n"
    " <rightsInfo>\n"
    "  <copyrightHolder uri=\"http://www.reuters.com\" literal=\"Thomson Reuters\">\n"
    "   <name>Reuters</name>\n"
    "  </copyrightHolder>\n"
    "  <copyrightNotice>Copyright 2025 Thomson Reuters. Click For Restrictions -\n"
    "   http://about.reuters.com/fulllegal.asp</copyrightNotice>\n"
    "  <usageTerms xml:lang=\"en\">Editorial use only. No archiving.</usageTerms>\n"
    " </rightsInfo>\n"
    " <rightsInfo>\n"
    "  <copyrightHolder literal=\"AFP\"/>\n"
    "  <usageTerms href=\"https://afp.com/terms\"/>\n"
    " </rightsInfo>\n"
    " <itemMeta>\n"
    "  <itemClass qcode=\"ninat:text\"/>\n"
    "  <provider qcode=\"nprov:REUTERS\"/>\n"
    "  <versionCreated>2025-06-01T10:00:00Z</versionCreated>\n"
    "  <embargoed>2026-12-01T10:00:00Z</embargoed>\n"
    "  <pubStatus qcode=\"stat:usable\"/>\n"
    " </itemMeta>\n"
    " <contentMeta>\n"
    "  <creditline>Reuters</creditline>\n"
    "  <by>By Jane Doe</by>\n"
    "  <headline>Talks continue</headline>\n"
    " </contentMeta>\n"
    " <contentSet><inlineXML contenttype=\"application/nitf+xml\"><nitf><body><body.head>"
    "<distributor>Reuters</distributor></body.head><body.content>"
    "<p>KABUL (Reuters) - The government said talks would continue.</p>"
    "</body.content></body></nitf></inlineXML></contentSet>\n"
    "</newsItem>\n";

static void test_newsml_g2(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_XML, G2), RS_OK);
    text_is(&r, "newsml:rightsInfo/copyrightHolder", "Reuters\nAFP");
    text_is(&r, "newsml:rightsInfo/copyrightNotice",
            "Copyright 2025 Thomson Reuters. Click For Restrictions -\n"
            "   http://about.reuters.com/fulllegal.asp");
    text_is(&r, "newsml:rightsInfo/usageTerms",
            "Editorial use only. No archiving.\nhttps://afp.com/terms");
    text_is(&r, "newsml:embargoed", "2026-12-01T10:00:00Z");
    text_is(&r, "newsml:pubStatus", "stat:usable");
    text_is(&r, "newsml:provider", "nprov:REUTERS");
    text_is(&r, "newsml:creditline", "Reuters");
    text_is(&r, "newsml:by", "By Jane Doe");
    text_is(&r, "nitf:distributor", "Reuters"); /* the NITF it wraps */
    text_has(&r, "body", "KABUL (Reuters) - The government said talks would continue.");
    positional(&r);
    assert_int_equal(unit_off(&r, "newsml:rightsInfo/usageTerms", "https"), at(G2, "https://afp"));
    assert_int_equal(unit_off(&r, "newsml:rightsInfo/copyrightHolder", "Reuters"),
                     at(G2, "Reuters</name>"));
    assert_int_equal(unit_off(&r, "newsml:embargoed", "2026"), at(G2, "2026"));
    hostile(RS_TYPE_XML, G2, strlen(G2), 1500);
    run_free(&r);
}

static const char ML1[] =
    "<?xml version=\"1.0\"?>\n<NewsML Version=\"1.2\"><NewsItem><NewsManagement>"
    "<Status FormalName=\"Embargoed\"/><StatusWillChange><FutureStatus FormalName=\"Usable\"/>"
    "<DateAndTime>20261201T100000+0000</DateAndTime></StatusWillChange></NewsManagement>\n"
    "<NewsComponent><NewsLines><HeadLine>Grève</HeadLine><ByLine>By Marie Dupont</ByLine>"
    "<CopyrightLine>Copyright 2025 AFP</CopyrightLine><CreditLine>AFP</CreditLine></NewsLines>\n"
    "<AdministrativeMetadata><Provider><Party FormalName=\"AFP\"/></Provider>"
    "</AdministrativeMetadata>\n<RightsMetadata><Copyright>"
    "<CopyrightHolder>Agence France-Presse</CopyrightHolder><CopyrightDate>2025</CopyrightDate>"
    "</Copyright><UsageRights><UsageType>Editorial</UsageType><Geography>World except France"
    "</Geography><RightsHolder>AFP</RightsHolder><Limitations>No archiving</Limitations>"
    "<StartDate>20250101</StartDate><EndDate>20251231</EndDate></UsageRights></RightsMetadata>\n"
    "<ContentItem><DataContent><p>PARIS (AFP) - La grève continue.</p></DataContent>"
    "</ContentItem></NewsComponent></NewsItem></NewsML>\n";

static void test_newsml1(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_XML, ML1), RS_OK);
    text_is(&r, "newsml1:Copyright/CopyrightHolder", "Agence France-Presse");
    text_is(&r, "newsml1:Copyright/CopyrightDate", "2025");
    text_is(&r, "newsml1:UsageRights/UsageType", "Editorial");
    text_is(&r, "newsml1:UsageRights/Geography", "World except France");
    text_is(&r, "newsml1:UsageRights/RightsHolder", "AFP");
    text_is(&r, "newsml1:UsageRights/Limitations", "No archiving");
    text_is(&r, "newsml1:UsageRights/StartDate", "20250101");
    text_is(&r, "newsml1:UsageRights/EndDate", "20251231");
    text_is(&r, "newsml1:CopyrightLine", "Copyright 2025 AFP");
    text_is(&r, "newsml1:CreditLine", "AFP");
    text_is(&r, "newsml1:ByLine", "By Marie Dupont");
    text_is(&r, "newsml1:Status", "Embargoed");
    text_is(&r, "newsml1:StatusWillChange/DateAndTime", "20261201T100000+0000");
    text_is(&r, "newsml1:Provider", "AFP");
    text_has(&r, "body", "PARIS (AFP) - La grève continue.");
    positional(&r);
    hostile(RS_TYPE_XML, ML1, strlen(ML1), 1000);
    run_free(&r);
}

/* Latin-1, declared: values decode with the document's charset. */
static const char NITF[] =
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
    "<nitf><head><title>T</title><docdata management-status=\"embargoed\">\n"
    "<doc-id id-string=\"x\"/>\n<date.release norm=\"20261201T100000+0000\"/>\n"
    "<date.expire norm=\"20270101T000000Z\"/>\n"
    "<doc.copyright year=\"2025\" holder=\"Associated Press\"/>\n"
    "<doc.rights owner=\"AP\" agent=\"AP Images\" geography=\"US\" limitations=\"No sales\"/>\n"
    "</docdata></head><body><body.head><hedline><hl1>H</hl1></hedline>\n"
    "<byline>By John Smith, Associated Press</byline><distributor>AP</distributor>\n"
    "<rights><rights.owner>Soci\xE9t\xE9 AP</rights.owner>"
    "<rights.limitations>Editorial use</rights.limitations></rights></body.head>\n"
    "<body.content><p>WASHINGTON (AP) \x97 Caf\xE9 owners said.</p></body.content></body></nitf>\n";

static void test_nitf(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_XML, NITF), RS_OK);
    text_is(&r, "nitf:date.release", "20261201T100000+0000");
    text_is(&r, "nitf:date.expire", "20270101T000000Z");
    text_is(&r, "nitf:doc.copyright", "Associated Press");
    text_is(&r, "nitf:doc.copyright/year", "2025");
    text_is(&r, "nitf:doc.rights", "AP");
    text_is(&r, "nitf:doc.rights/agent", "AP Images");
    text_is(&r, "nitf:doc.rights/geography", "US");
    text_is(&r, "nitf:doc.rights/limitations", "No sales");
    text_is(&r, "nitf:byline", "By John Smith, Associated Press");
    text_is(&r, "nitf:distributor", "AP");
    text_is(&r, "nitf:rights.owner", "Société AP");
    text_is(&r, "nitf:rights.limitations", "Editorial use");
    text_has(&r, "body", "Café owners");
    assert_int_equal(r.cx.enc, RS_ENC_8BIT);
    positional(&r);
    assert_int_equal(unit_off(&r, "nitf:doc.copyright", "Press"), at(NITF, "Press\"/>"));
    assert_int_equal(unit_off(&r, "nitf:rights.owner", "AP"), at(NITF, "AP</rights.owner>"));
    hostile(RS_TYPE_XML, NITF, strlen(NITF), 1000);
    run_free(&r);
}

static const char RSS[] =
    "<?xml version=\"1.0\"?>\n"
    "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"\n"
    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:m2=\"http://search.yahoo.com/mrss\"\n"
    " xmlns:creativeCommons=\"http://backend.userland.com/creativeCommonsRssModule\">\n"
    "<channel><title>Feed</title>\n"
    "<copyright>Copyright 2025 Reuters. All rights reserved.</copyright>\n"
    "<item><title>A</title><dc:rights>\xC2\xA9 AFP</dc:rights><dc:creator>Jane</dc:creator>\n"
    "<media:content url=\"x.jpg\"><media:credit role=\"photographer\">REUTERS/Jane Doe"
    "</media:credit>\n<media:copyright url=\"https://r.com/c\">\xC2\xA9 Reuters</media:copyright>"
    "<media:license type=\"text/html\" href=\"https://r.com/lic\"/></media:content>\n"
    "<m2:credit>AP Photo</m2:credit>\n"
    "<creativeCommons:license>http://creativecommons.org/licenses/by/4.0/"
    "</creativeCommons:license>\n<description>A &lt;b&gt;story&lt;/b&gt;</description>"
    "</item></channel></rss>\n";

static void test_rss(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_XML, RSS), RS_OK);
    text_is(&r, "rss:copyright", "Copyright 2025 Reuters. All rights reserved.");
    text_is(&r, "rss:dc:rights", "© AFP");
    text_is(&r, "rss:dc:creator", "Jane");
    text_is(&r, "rss:media:credit", "REUTERS/Jane Doe\nAP Photo");
    text_is(&r, "rss:media:copyright", "© Reuters");
    text_is(&r, "rss:media:license", "https://r.com/lic");
    text_is(&r, "rss:creativeCommons:license", "http://creativecommons.org/licenses/by/4.0/");
    positional(&r);
    assert_int_equal(unit_off(&r, "rss:media:credit", "AP Photo"), at(RSS, "AP Photo"));
    hostile(RS_TYPE_XML, RSS, strlen(RSS), 1000);
    run_free(&r);
}

static const char ATOM[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
    "<title>T</title><rights type=\"text\">\xC2\xA9 2025 dpa</rights>\n"
    "<author><name>dpa</name></author>\n<entry><title>E</title>"
    "<rights type=\"html\">&lt;b&gt;\xC2\xA9 AFP&lt;/b&gt;</rights>\n"
    "<author><name>AFP</name><uri>https://afp.com</uri></author>"
    "<dc:rights>Agence France-Presse</dc:rights><content>Text</content></entry></feed>\n";

static void test_atom(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_XML, ATOM), RS_OK);
    text_is(&r, "atom:rights", "© 2025 dpa\n<b>© AFP</b>");
    text_is(&r, "atom:author", "dpa\nAFP");
    text_is(&r, "rss:dc:rights", "Agence France-Presse");
    positional(&r);
    /* without the Atom namespace, rights is nobody's */
    assert_int_equal(run_str(&r, RS_TYPE_XML, "<feed><rights>x</rights></feed>"), RS_OK);
    assert_null(rs_fields_find(&r.fs, "atom:rights"));
    run_free(&r);
}

static const char SIDECAR[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n <rdf:RDF "
    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    "   xmlns:plus=\"http://ns.useplus.org/ldf/xmp/1.0/\"\n"
    "   xmlns:tdm=\"http://www.w3.org/ns/tdmrep/\" tdm:reservation=\"1\">\n"
    "   <dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">\xC2\xA9 Anadolu Ajans\xC4\xB1"
    "</rdf:li></rdf:Alt></dc:rights>\n"
    "   <plus:DataMining>http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED</plus:DataMining>\n"
    "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n";

static void test_xmp_sidecar(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_XML, SIDECAR), RS_OK);
    text_is(&r, "xmp:dc:rights", "© Anadolu Ajansı");
    text_is(&r, "xmp:plus:DataMining", "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED");
    text_is(&r, "xmp:tdm:reservation", "1");
    positional(&r);
    assert_int_equal(unit_off(&r, "xmp:dc:rights", "Anadolu"), at(SIDECAR, "Anadolu"));
    /* a bare rdf:RDF is XMP too; one holding RSS 1.0 is a feed */
    assert_int_equal(rs_news_kind((const unsigned char *)"<rdf:RDF><x/></rdf:RDF>", 23),
                     RS_NEWS_XMP);
    static const char rss1[] = "<rdf:RDF xmlns=\"http://purl.org/rss/1.0/\"><channel/></rdf:RDF>";
    assert_int_equal(rs_news_kind((const unsigned char *)rss1, strlen(rss1)), RS_NEWS_RSS);
    run_free(&r);
}

/* ---- JSON ---- */

static const char NINJS[] =
    "{\"uri\": \"http://example.com/x\", \"type\": \"text\", \"version\": \"1\",\n"
    " \"versioncreated\": \"2025-01-01T00:00:00Z\", \"embargoed\": \"2026-12-01T10:00:00Z\",\n"
    " \"pubstatus\": \"usable\", \"copyrightholder\": \"Reuters\",\n"
    " \"copyrightnotice\": \"Copyright 2025 Reuters\", \"usageterms\": \"Editorial use only\",\n"
    " \"body_text\": \"KABUL (Reuters) - Talks.\"}";

static void test_ninjs(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_JSON, NINJS), RS_OK);
    text_is(&r, "ninjs:copyrightholder", "Reuters");
    text_is(&r, "ninjs:copyrightnotice", "Copyright 2025 Reuters");
    text_is(&r, "ninjs:usageterms", "Editorial use only");
    text_is(&r, "ninjs:embargoed", "2026-12-01T10:00:00Z");
    text_is(&r, "ninjs:pubstatus", "usable");
    assert_null(rs_fields_find(&r.fs, "json:copyrightholder"));
    text_has(&r, "body", "KABUL (Reuters) - Talks.");
    positional(&r);
    assert_int_equal(unit_off(&r, "ninjs:embargoed", "2026"), at(NINJS, "2026"));
    /* plain JSON keeps its json: names; a .ninjs name is enough */
    assert_int_equal(run_str(&r, RS_TYPE_JSON, "{\"copyrightholder\": \"AP\"}"), RS_OK);
    text_is(&r, "json:copyrightholder", "AP");
    r.cx.name = "story.ninjs";
    rs_fields_reset(&r.fs);
    rs_extract_ctx cx = r.cx;
    cx.data = (const unsigned char *)"{\"copyrightholder\": \"AP\"}";
    cx.len = strlen((const char *)cx.data);
    assert_int_equal(rs_extract_json(&cx), RS_OK);
    text_is(&r, "ninjs:copyrightholder", "AP");
    hostile(RS_TYPE_JSON, NINJS, strlen(NINJS), 1000);
    run_free(&r);
}

static const char PAGE[] =
    "<!DOCTYPE html><html><head><title>T</title>\n"
    "<script type=\" application/LD+JSON \">\n"
    "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"H\",\n"
    " \"author\":[{\"@type\":\"Person\",\"name\":\"Jane Doe\",\"url\":\"https://x\"},"
    "{\"@type\":\"Person\",\"name\":\"John Roe\"}],\n"
    " \"copyrightHolder\":{\"@type\":\"Organization\",\"name\":\"Reuters\","
    "\"address\":{\"name\":\"not this\"}},\n"
    " \"copyrightNotice\":\"\\u00a9 2025 Reuters\",\"creditText\":\"Reuters\",\n"
    " \"license\":\"https://reuters.com/license\",\n"
    " \"acquireLicensePage\":{\"@type\":\"WebPage\",\"url\":\"https://reuters.com/buy\"},\n"
    " \"isAccessibleForFree\":false,\n"
    " \"image\":{\"@type\":\"ImageObject\",\"creditText\":\"AFP\",\"copyrightHolder\":\"AFP\"}}\n"
    "</script>\n<script>var copyrightHolder = {\"name\": \"not json-ld\"};</script>\n"
    "</head><body>\n<div itemscope itemtype=\"https://schema.org/NewsArticle\">\n"
    "<meta itemprop=\"license\" content=\"https://creativecommons.org/licenses/by/4.0/\">\n"
    "<span itemprop=\"creditText\">Photo: <b>AP</b></span>\n"
    "<div itemprop=\"copyrightHolder\" itemscope itemtype=\"https://schema.org/Organization\">"
    "<span itemprop=\"name\">Associated Press</span><span itemprop=\"url\">https://ap.org</span>"
    "</div>\n<p itemprop=\"copyrightNotice\">&copy; 2025 AP. <span>All rights</span> "
    "reserved.</p>\n"
    "<link itemprop=\"acquireLicensePage\" href=\"https://ap.org/buy\">\n"
    "<p>Body text</p>\n</div></body></html>\n";

static void test_jsonld_microdata(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_HTML, PAGE), RS_OK);
    text_is(&r, "jsonld:author", "Jane Doe\nJohn Roe");
    text_is(&r, "jsonld:copyrightHolder", "Reuters\nAFP");
    text_is(&r, "jsonld:copyrightNotice", "© 2025 Reuters");
    text_is(&r, "jsonld:creditText", "Reuters\nAFP");
    text_is(&r, "jsonld:license", "https://reuters.com/license");
    text_is(&r, "jsonld:acquireLicensePage", "https://reuters.com/buy");
    text_is(&r, "jsonld:isAccessibleForFree", "false");
    text_is(&r, "microdata:license", "https://creativecommons.org/licenses/by/4.0/");
    text_is(&r, "microdata:creditText", "Photo: AP");
    text_is(&r, "microdata:copyrightHolder", "Associated Press");
    text_is(&r, "microdata:copyrightNotice", "© 2025 AP. All rights reserved.");
    text_is(&r, "microdata:acquireLicensePage", "https://ap.org/buy");
    text_has(&r, "body", "Body text");
    const rs_field *b = field(&r, "body");
    for (size_t i = 0; i + 10 <= b->len; i++)
        assert_false(memcmp(b->text + i, "not json-ld", 10) == 0);
    positional(&r);
    assert_int_equal(unit_off(&r, "jsonld:author", "John"), at(PAGE, "John"));
    assert_int_equal(unit_off(&r, "jsonld:copyrightNotice", "©"), at(PAGE, "\\u00a9"));
    assert_int_equal(unit_off(&r, "microdata:copyrightHolder", "Associated"),
                     at(PAGE, "Associated"));
    hostile(RS_TYPE_HTML, PAGE, strlen(PAGE), 1000);
    run_free(&r);
}

/* ---- wire text ---- */

static rs_err wire(run *r, const char *s, size_t n)
{
    rs_fields_reset(&r->fs);
    memset(&r->cx, 0, sizeof r->cx);
    r->cx.data = (const unsigned char *)s;
    r->cx.len = n;
    r->cx.name = "wire";
    r->cx.opt = &r->opt;
    r->cx.out = &r->fs;
    return r->e = rs_extract_wire(&r->cx);
}

static void test_wire(void **state)
{
    (void)state;
    static const char anpa[] = "\x16\x16\x01"
                               "a0123\x1f"
                               "bc-britain-politics\r\n"
                               "u i\x13\x11 BC-Britain-Politics 1st Ld-Writethru 03-14 0715\r\n"
                               "\x02\t^BC-Britain-Politics,0715<\r\n"
                               "\tLONDON (AP) _ Prime Minister said on Tuesday.\r\n"
                               "\x03"
                               "AP-NY-03-14-95 1234GMT\x04";
    run r;
    run_init(&r, 1 << 20);
    assert_true(rs_wire_is((const unsigned char *)anpa, sizeof anpa - 1));
    assert_int_equal(wire(&r, anpa, sizeof anpa - 1), RS_OK);
    text_has(&r, "body", "LONDON (AP) _ Prime Minister said on Tuesday.");
    text_has(&r, "wire:header", "BC-Britain-Politics 1st Ld-Writethru");
    text_is(&r, "wire:trailer", "AP-NY-03-14-95 1234GMT");
    text_is(&r, "wire:source", "AP");
    assert_int_equal(unit_off(&r, "body", "LONDON"), at(anpa, "LONDON"));
    assert_true(field(&r, "wire:source")->metadata);
    assert_false(field(&r, "body")->metadata);

    static const char iptc7901[] = "\x01"
                                   "AFP0123 4 i 0245 FRA /AFP-VF85\r\n"
                                   "France-gr\xE8ve\r\n"
                                   "\x02PARIS, 12 juin (AFP) - Caf\xE9s ferm\xE9s.\r\n\x03";
    assert_int_equal(wire(&r, iptc7901, sizeof iptc7901 - 1), RS_OK);
    text_has(&r, "body", "PARIS, 12 juin (AFP) - Cafés fermés.");
    text_is(&r, "wire:source", "AFP");
    text_has(&r, "wire:header", "France-grève");
    assert_int_equal(r.cx.enc, RS_ENC_8BIT);

    assert_false(rs_wire_is((const unsigned char *)"plain text", 10));
    assert_int_equal(wire(&r, "plain text", 10), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: not wire text");
    /* no ETX: the text runs to the end */
    assert_int_equal(wire(&r, "\x16\x16\x01x\x02text", 9), RS_OK);
    text_is(&r, "body", "text");
    /* every prefix and mutation */
    unsigned char m[sizeof anpa];
    uint32_t seed = 3;
    for (size_t n = 0; n < sizeof anpa; n++) {
        if (rs_wire_is((const unsigned char *)anpa, n)) sane(&r, wire(&r, anpa, n), n);
    }
    for (int round = 0; round < 2000; round++) {
        memcpy(m, anpa, sizeof anpa - 1);
        for (int k = 0; k < 1 + round % 6; k++)
            m[prng(&seed) % (sizeof anpa - 1)] = (unsigned char)prng(&seed);
        if (rs_wire_is(m, sizeof anpa - 1))
            sane(&r, wire(&r, (const char *)m, sizeof anpa - 1), sizeof anpa - 1);
    }
    run_free(&r);
}

/* ---- hostile structure ---- */

static void test_hostile_structure(void **state)
{
    (void)state;
    run r;
    run_init(&r, 8u << 20);
    rs_buf b;
    rs_buf_init(&b, 0);
    /* 100000 nested elements around the rights: bounded, no crash */
    b_str(&b, "<newsItem>");
    for (int k = 0; k < 100000; k++)
        b_str(&b, "<a>");
    b_str(&b, "<rightsInfo><copyrightHolder><name>AP</name></copyrightHolder></rightsInfo>");
    for (int k = 0; k < 100000; k++)
        b_str(&b, "</a>");
    b_str(&b, "<rightsInfo><copyrightHolder literal=\"AFP\"/></rightsInfo></newsItem>");
    assert_int_equal(run_on(&r, RS_TYPE_XML, b.data, b.len), RS_OK);
    text_is(&r, "newsml:rightsInfo/copyrightHolder", "AFP");
    /* an element never closed: its text runs to the end, within the field cap */
    rs_buf_reset(&b);
    b_str(&b, "<rss><channel><copyright>");
    for (int k = 0; k < 100000; k++)
        b_str(&b, "(c) Reuters <b>");
    assert_int_equal(run_on(&r, RS_TYPE_XML, b.data, b.len), RS_OK);
    assert_true(field(&r, "rss:copyright")->len > 1000000);
    /* JSON-LD nested 100000 deep, and a microdata element never closed */
    rs_buf_reset(&b);
    b_str(&b, "<script type=\"application/ld+json\">{\"license\":\"https://l\",\"x\":");
    for (int k = 0; k < 100000; k++)
        b_str(&b, "[");
    b_str(&b, "</script><span itemprop=\"creditText\">Reuters");
    for (int k = 0; k < 100000; k++)
        b_str(&b, " more <i>text</i>");
    assert_int_equal(run_on(&r, RS_TYPE_HTML, b.data, b.len), RS_OK);
    text_is(&r, "jsonld:license", "https://l");
    assert_true(field(&r, "microdata:creditText")->len <= 2048);
    text_has(&r, "microdata:creditText", "Reuters more text");
    /* itemprop lists and attributes without values */
    assert_int_equal(run_str(&r, RS_TYPE_HTML,
                             "<p itemprop=\"author copyrightHolder\">Jane</p><meta itemprop>"
                             "<meta itemprop=\"license\"><a itemprop=license href=>x</a>"),
                     RS_OK);
    text_is(&r, "microdata:copyrightHolder", "Jane");
    text_is(&r, "microdata:license", "x");
    rs_buf_free(&b);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_newsml_g2), cmocka_unit_test(test_newsml1),
        cmocka_unit_test(test_nitf),      cmocka_unit_test(test_rss),
        cmocka_unit_test(test_atom),      cmocka_unit_test(test_xmp_sidecar),
        cmocka_unit_test(test_ninjs),     cmocka_unit_test(test_jsonld_microdata),
        cmocka_unit_test(test_wire),      cmocka_unit_test(test_hostile_structure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
