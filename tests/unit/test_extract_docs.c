/* test_extract_docs.c — the office documents beyond plain DOCX text: DOCX comments,
 * properties and embedded media; XLSX and PPTX; ODS and ODP; EPUB images and TDMRep; RTF;
 * HTML licence links and AI-reservation metas; hostile inputs of each; and, through the
 * engine with the real signatures, a JPEG inside a DOCX scanned as a unit of its own. */
#include "docs_fixture.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* ---- DOCX ---- */

static const char DOCUMENT[] =
    "<w:document " W "><w:body><w:p><w:r><w:t>PARIS (AFP) - Talks went on.</w:t></w:r></w:p>"
    "</w:body></w:document>";

static const char COMMENTS[] =
    "<w:comments " W "><w:comment w:id=\"0\" w:author=\"Ed\"><w:p><w:r><w:t>Photo \xC2\xA9 AFP, "
    "check licence</w:t></w:r></w:p></w:comment></w:comments>";

static const char APP[] =
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-"
    "properties\"><Application>Microsoft Office Word</Application><Company>Agence "
    "France-Presse</Company><Manager>Desk</Manager></Properties>";

static const char CUSTOM[] =
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" "
    "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
    "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"Copyright\">"
    "<vt:lpwstr>\xC2\xA9 2025 AFP</vt:lpwstr></property>"
    "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"3\" name=\"Department\">"
    "<vt:lpwstr>AFP desk</vt:lpwstr></property></Properties>";

static const char CORE[] =
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
    "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>Jean"
    "</dc:creator></cp:coreProperties>";

static unsigned char *docx_with_media(size_t *len, rs_buf *jpeg)
{
    rs_buf_init(jpeg, 0);
    jpeg_credit(jpeg, "AFP");
    const zbin m[] = {
        {"[Content_Types].xml", "<Types/>", 0},
        {"word/document.xml", DOCUMENT, 0},
        {"word/comments.xml", COMMENTS, 0},
        {"docProps/core.xml", CORE, 0},
        {"docProps/app.xml", APP, 0},
        {"docProps/custom.xml", CUSTOM, 0},
        {"word/media/image1.jpg", jpeg->data, jpeg->len},
        {"word/media/image2.emf", "EMF not scanned", 0},
        {"word/embeddings/Sheet.xlsx", "PK not really", 0},
    };
    return zip_bin(m, sizeof m / sizeof m[0], len);
}

static void test_docx_more(void **state)
{
    (void)state;
    rs_buf jpeg;
    size_t len;
    unsigned char *z = docx_with_media(&len, &jpeg);
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    assert_int_equal(run_sub(&r, RS_TYPE_DOCX, z, len, &su), RS_OK);
    text_is(&r, "body", "PARIS (AFP) - Talks went on.\nPhoto © AFP, check licence\n");
    assert_int_equal(unit_off(&r, "body", "check"), find_str(COMMENTS, strlen(COMMENTS), "check"));
    text_is(&r, "docx:dc:creator", "Jean");
    text_is(&r, "docx:app:Company", "Agence France-Presse");
    text_is(&r, "docx:app:Manager", "Desk");
    text_is(&r, "docx:custom:Copyright", "© 2025 AFP");
    assert_true(field(&r, "docx:app:Company")->metadata);
    assert_true(field(&r, "docx:custom:Copyright")->metadata);
    assert_null(rs_fields_find(&r.fs, "docx:custom:Department"));
    assert_null(rs_fields_find(&r.fs, "docx:app:Application"));
    assert_int_equal(su.n, 2);
    const rs_subunit *u = subunit(&su, "word/media/image1.jpg");
    assert_int_equal(u->len, jpeg.len);
    assert_memory_equal(u->data, jpeg.data, jpeg.len);
    subunit(&su, "word/embeddings/Sheet.xlsx");
    /* over the embedded cap: the document is read whole; the unit that does not fit is
     * recorded without its data, and the engine reports it as skipped */
    rs_subunits_free(&su);
    rs_subunits_init(&su, jpeg.len - 1);
    assert_int_equal(run_sub(&r, RS_TYPE_DOCX, z, len, &su), RS_OK);
    text_has(&r, "body", "PARIS (AFP)");
    text_is(&r, "docx:app:Company", "Agence France-Presse");
    assert_null(subunit(&su, "word/media/image1.jpg")->data);
    assert_non_null(subunit(&su, "word/embeddings/Sheet.xlsx")->data); /* the small one fits */
    /* no room for units at all (cx->sub NULL): they are dropped, not an error */
    assert_int_equal(run_on(&r, RS_TYPE_DOCX, z, len), RS_OK);
    rs_subunits_free(&su);
    run_free(&r);
    rs_buf_free(&jpeg);
    free(z);
}

/* ---- XLSX ---- */

static const char SST[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\">"
    "<si><t>Headline</t></si>"
    "<si><r><rPr><b/></rPr><t>Ajan</t></r><r><t xml:space=\"preserve\">s\xC4\xB1 &amp; co</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
    "<si><t>\xC2\xA9 2025 Anadolu Ajans\xC4\xB1</t></si></sst>";

static const char SHEET[] =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>42</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>Inline note</t></is></c>"
    "<c r=\"D1\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>Formula text</v></c></row></sheetData>"
    "<headerFooter><oddFooter>&amp;LPage &amp;P of &amp;N&amp;R&amp;\"Arial,Bold\"&amp;8"
    "\xC2\xA9 2025 AA &amp;&amp; partners</oddFooter></headerFooter></worksheet>";

static const char XCOMMENTS[] =
    "<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors>"
    "<author>Ed</author></authors><commentList><comment ref=\"A1\" authorId=\"0\"><text><r>"
    "<t>Source: AA</t></r></text></comment></commentList></comments>";

static void test_xlsx(void **state)
{
    (void)state;
    const zbin m[] = {
        {"xl/workbook.xml", "<workbook/>", 0},
        {"xl/sharedStrings.xml", SST, 0},
        {"xl/worksheets/sheet1.xml", SHEET, 0},
        {"xl/worksheets/_rels/sheet1.xml.rels", "<Relationships/>", 0},
        {"xl/comments1.xml", XCOMMENTS, 0},
        {"docProps/core.xml", CORE, 0},
        {"xl/media/image1.png", "\x89PNG\r\n\x1a\n", 0},
    };
    size_t len;
    unsigned char *z = zip_bin(m, sizeof m / sizeof m[0], &len);
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    assert_int_equal(run_sub(&r, RS_TYPE_XLSX, z, len, &su), RS_OK);
    assert_false(field(&r, "body")->positional);
    text_is(&r, "body",
            "Headline\nAjansı & co\n© 2025 Anadolu Ajansı\n"
            "Inline note\nFormula text\nPage  of  © 2025 AA & partners\n"
            "Source: AA\n");
    assert_int_equal(unit_off(&r, "body", "Anadolu"), find_str(SST, strlen(SST), "Anadolu"));
    assert_int_equal(unit_off(&r, "body", "© 2025 AA"),
                     find_str(SHEET, strlen(SHEET), "\xC2\xA9 2025 AA"));
    assert_int_equal(unit_off(&r, "body", "& partners"),
                     find_str(SHEET, strlen(SHEET), "&amp;&amp;"));
    text_is(&r, "xlsx:dc:creator", "Jean");
    subunit(&su, "xl/media/image1.png");
    free(z);
    const zbin none[] = {{"xl/sharedStrings.xml", SST, 0}};
    z = zip_bin(none, 1, &len);
    assert_int_equal(run_sub(&r, RS_TYPE_XLSX, z, len, &su), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: XLSX has no xl/workbook.xml");
    free(z);
    rs_subunits_free(&su);
    run_free(&r);
}

/* ---- PPTX ---- */

#define A                                                                                          \
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "                           \
    "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\""

static const char SLIDE[] =
    "<p:sld " A "><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang=\"tr\"/>"
    "<a:t>ANKARA (AA) </a:t></a:r><a:r><a:t>Ajan</a:t></a:r><a:r><a:t>s\xC4\xB1</a:t></a:r>"
    "<a:br/><a:r><a:t>second line</a:t></a:r></a:p><a:p><a:fld type=\"slidenum\"><a:t>1</a:t>"
    "</a:fld></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>";

static const char NOTES[] =
    "<p:notes " A "><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Speaker: photo by AFP"
    "</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>";

static const char MASTER[] =
    "<p:sldMaster " A "><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>\xC2\xA9 2025 "
    "Reuters</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sldMaster>";

static const char PCOMMENTS[] =
    "<p:cmLst " A "><p:cm authorId=\"0\"><p:pos x=\"1\" y=\"1\"/><p:text>Needs credit line"
    "</p:text></p:cm></p:cmLst>";

static void test_pptx(void **state)
{
    (void)state;
    const zbin m[] = {
        {"ppt/presentation.xml", "<p:presentation/>", 0},
        {"ppt/slides/slide1.xml", SLIDE, 0},
        {"ppt/slides/_rels/slide1.xml.rels", "<Relationships/>", 0},
        {"ppt/notesSlides/notesSlide1.xml", NOTES, 0},
        {"ppt/slideMasters/slideMaster1.xml", MASTER, 0},
        {"ppt/slideLayouts/slideLayout1.xml", MASTER, 0},
        {"ppt/comments/comment1.xml", PCOMMENTS, 0},
        {"docProps/app.xml", APP, 0},
        {"ppt/media/image1.jpeg", "\xFF\xD8\xFF\xD9", 4},
        {"ppt/media/audio1.wav", "RIFF", 0},
    };
    size_t len;
    unsigned char *z = zip_bin(m, sizeof m / sizeof m[0], &len);
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    assert_int_equal(run_sub(&r, RS_TYPE_PPTX, z, len, &su), RS_OK);
    text_is(&r, "body",
            "ANKARA (AA) Ajansı\nsecond line\n1\nSpeaker: photo by AFP\n© 2025 Reuters\n"
            "Needs credit line\n");
    assert_int_equal(unit_off(&r, "body", "second"), find_str(SLIDE, strlen(SLIDE), "second"));
    text_is(&r, "pptx:app:Company", "Agence France-Presse");
    assert_int_equal(su.n, 1);
    subunit(&su, "ppt/media/image1.jpeg");
    free(z);
    const zbin none[] = {{"ppt/slides/slide1.xml", SLIDE, 0}};
    z = zip_bin(none, 1, &len);
    assert_int_equal(run_sub(&r, RS_TYPE_PPTX, z, len, &su), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: PPTX has no ppt/presentation.xml");
    free(z);
    rs_subunits_free(&su);
    run_free(&r);
}

/* ---- ODS, ODP ---- */

#define ODF_NS                                                                                     \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                           \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                               \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                             \
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "                            \
    "xmlns:presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\""

static const char ODS_CONTENT[] =
    "<office:document-content " ODF_NS "><office:body><office:spreadsheet>"
    "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>Ba\xC5\x9Fl\xC4\xB1k"
    "</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"3\">"
    "<text:p>3</text:p></table:table-cell><table:table-cell><text:p>\xC2\xA9 2025 AA</text:p>"
    "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
    "</office:document-content>";

static const char ODP_CONTENT[] =
    "<office:document-content " ODF_NS "><office:body><office:presentation>"
    "<draw:page draw:name=\"p1\"><draw:frame><draw:text-box><text:p>ANKARA (AA) Slide</text:p>"
    "</draw:text-box></draw:frame><draw:frame><draw:image xlink:href=\"Pictures/1.jpg\"/>"
    "</draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>Note: AFP photo"
    "</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>"
    "</office:presentation></office:body></office:document-content>";

static const char ODF_META[] =
    "<office:document-meta " ODF_NS " xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:"
    "1.0\"><office:meta><dc:creator>Ay\xC5\x9F"
    "e</dc:creator><meta:user-defined "
    "meta:name=\"Copyright Holder\">\xC4\xB0lke Haber Ajans\xC4\xB1</meta:user-defined>"
    "<meta:user-defined meta:name=\"Project\">x</meta:user-defined></office:meta>"
    "</office:document-meta>";

static void test_ods_odp(void **state)
{
    (void)state;
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    const zbin ods[] = {
        {"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
        {"content.xml", ODS_CONTENT, 0},
        {"meta.xml", ODF_META, 0},
    };
    size_t len;
    unsigned char *z = zip_bin(ods, 3, &len);
    assert_int_equal(run_sub(&r, RS_TYPE_ODS, z, len, &su), RS_OK);
    text_is(&r, "body", "Başlık\n3\n© 2025 AA\n");
    text_is(&r, "ods:dc:creator", "Ayşe");
    text_is(&r, "ods:user:Copyright_Holder", "İlke Haber Ajansı");
    assert_true(field(&r, "ods:user:Copyright_Holder")->metadata);
    assert_null(rs_fields_find(&r.fs, "ods:user:Project"));
    free(z);
    const zbin odp[] = {
        {"mimetype", "application/vnd.oasis.opendocument.presentation", 0},
        {"content.xml", ODP_CONTENT, 0},
        {"Pictures/1.jpg", "\xFF\xD8\xFF\xD9", 4},
        {"Thumbnails/thumbnail.png", "\x89PNG", 0},
    };
    z = zip_bin(odp, 4, &len);
    assert_int_equal(run_sub(&r, RS_TYPE_ODP, z, len, &su), RS_OK);
    text_is(&r, "body", "ANKARA (AA) Slide\nNote: AFP photo\n");
    assert_int_equal(su.n, 1);
    subunit(&su, "Pictures/1.jpg");
    free(z);
    const zbin none[] = {{"mimetype", "application/vnd.oasis.opendocument.presentation", 0}};
    z = zip_bin(none, 1, &len);
    assert_int_equal(run_sub(&r, RS_TYPE_ODP, z, len, &su), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: ODP has no content.xml");
    free(z);
    rs_subunits_free(&su);
    run_free(&r);
}

/* ---- EPUB ---- */

static const char CONTAINER[] =
    "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
    "<rootfile full-path=\"OEBPS/content.opf\"/></rootfiles></container>";

static const char OPF[] =
    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" prefix=\"tdm: "
    "http://www.w3.org/ns/tdmrep#\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
    "<dc:rights>\xC2\xA9 AA</dc:rights><meta property=\"tdm:reservation\">1</meta>"
    "<meta name=\"tdm-policy\" content=\"https://aa.com.tr/tdm.json\"/></metadata><manifest>"
    "<item id=\"c1\" href=\"ch1.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"i1\" href=\"Images/cover.jpg\" media-type=\"image/jpeg\"/></manifest></package>";

static void test_epub_more(void **state)
{
    (void)state;
    const zbin m[] = {
        {"mimetype", "application/epub+zip", 0},
        {"META-INF/container.xml", CONTAINER, 0},
        {"OEBPS/content.opf", OPF, 0},
        {"OEBPS/ch1.xhtml", "<html><body><p>Chapter</p></body></html>", 0},
        {"OEBPS/Images/cover.jpg", "\xFF\xD8\xFF\xD9", 4},
        {"OEBPS/Images/plate.PNG", "\x89PNG", 0},
        {"OEBPS/style.css", "p{}", 0},
    };
    size_t len;
    unsigned char *z = zip_bin(m, sizeof m / sizeof m[0], &len);
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    assert_int_equal(run_sub(&r, RS_TYPE_EPUB, z, len, &su), RS_OK);
    text_is(&r, "body", "Chapter\n");
    text_is(&r, "epub:dc:rights", "© AA");
    text_is(&r, "epub:meta:tdm-reservation", "1");
    text_is(&r, "epub:meta:tdm-policy", "https://aa.com.tr/tdm.json");
    assert_int_equal(su.n, 2);
    subunit(&su, "OEBPS/Images/cover.jpg");
    subunit(&su, "OEBPS/Images/plate.PNG");
    rs_subunits_free(&su);
    run_free(&r);
    free(z);
}

/* ---- RTF ---- */

static const char RTF[] =
    "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}"
    "{\\f1\\fnil\\fcharset162 Calibri;}}{\\colortbl;\\red0\\green0\\blue0;}"
    "{\\stylesheet{\\s1 heading 1;}}{\\info{\\title Haber}{\\author Ali Veli}"
    "{\\*\\company \\'a9 \\u304?LKHA}{\\creatim\\yr2025\\mo1}{\\*\\copyright AA}}"
    "{\\*\\userprops{\\propname Copyright}\\proptype30{\\staticval \\'a9 2025 AA}}"
    "{\\header \\pard Page header\\par}"
    "\\pard\\plain ANKARA (AA) \\endash  \\ldblquote quoted\\rdblquote\\par\n"
    "{\\f1 \\'dd\\'fdk \\'fe\\'f0}\\par\n"
    "\\uc1\\u304?lke Haber Ajans\\u305?, \\uc2\\u-10179\\'3f\\'3f\\u-8704\\'3f\\'3f end\\par\n"
    "{\\field{\\*\\fldinst HYPERLINK \"http://x\"}{\\fldrslt link text}}"
    "{\\footnote \\pard foot note}\\par\n"
    "{\\*\\unknowndest hidden}{\\*\\annotation reviewer comment}"
    "\\tab tabbed\\line next\\~nb\\-soft \\{braces\\} \\\\slash\\par\n"
    "{\\pict\\jpegblip\\picw1 ffd8ffd9}{\\*\\shppict{\\pict\\pngblip\\bin4 \x89PNG}}"
    "{\\nonshppict{\\pict\\wmetafile8 0102}}"
    "}";

static void test_rtf(void **state)
{
    (void)state;
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    assert_int_equal(run_sub(&r, RS_TYPE_RTF, RTF, sizeof RTF - 1, &su), RS_OK);
    const rs_field *body = field(&r, "body");
    assert_true(body->positional);
    assert_false(body->metadata);
    assert_int_equal(r.cx.enc, RS_ENC_8BIT);
    text_is(&r, "body",
            "Page header\n"
            "ANKARA (AA) – “quoted”\n"
            "İık şğ\n"
            "İlke Haber Ajansı, 😀 end\n"
            "link text\nfoot note\n\n"
            "reviewer comment\n\ttabbed\nnext\xC2\xA0nbsoft {braces} \\slash\n");
    assert_int_equal(unit_off(&r, "body", "ANKARA"), find_str(RTF, sizeof RTF - 1, "ANKARA"));
    assert_int_equal(unit_off(&r, "body", "ık"), find_str(RTF, sizeof RTF - 1, "\\'fdk"));
    assert_int_equal(unit_off(&r, "body", "İlke"), find_str(RTF, sizeof RTF - 1, "\\u304?lke"));
    text_is(&r, "rtf:info:title", "Haber");
    text_is(&r, "rtf:info:author", "Ali Veli");
    text_is(&r, "rtf:info:company", "© İLKHA");
    text_is(&r, "rtf:prop:Copyright", "© 2025 AA");
    text_is(&r, "rtf:info:copyright", "AA");
    assert_true(field(&r, "rtf:info:author")->metadata);
    assert_false(field(&r, "rtf:info:title")->metadata);
    assert_true(field(&r, "rtf:prop:Copyright")->metadata);
    assert_int_equal(su.n, 2);
    const rs_subunit *j = subunit(&su, "pict1.jpg");
    assert_int_equal(j->len, 4);
    assert_memory_equal(j->data, "\xFF\xD8\xFF\xD9", 4);
    const rs_subunit *p = subunit(&su, "pict2.png");
    assert_memory_equal(p->data, "\x89PNG", 4);
    rs_subunits_free(&su);
    run_free(&r);
}

static void test_rtf_codepages(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    /* Shift_JIS through \ansicpg932: two \'hh make one character */
    assert_int_equal(
        run_str(&r, RS_TYPE_RTF, "{\\rtf1\\ansi\\ansicpg932 \\'82\\'a0\\'82\\'a2 x\\'82}"), RS_OK);
    text_is(&r, "body", "あい x\xEF\xBF\xBD");
    /* Cyrillic by font charset 204 (windows-1251), Greek by \cpg1253 */
    assert_int_equal(run_str(&r, RS_TYPE_RTF,
                             "{\\rtf1{\\fonttbl{\\f0\\fcharset204 A;}{\\f1\\cpg1253 B;}}"
                             "\\f0 \\'d2\\'c0\\'d1\\'d1 {\\f1 \\'e1}}"),
                     RS_OK);
    text_is(&r, "body", "ТАСС α");
    /* stray 8-bit bytes in windows-1254 by \ansicpg */
    assert_int_equal(run_str(&r, RS_TYPE_RTF, "{\\rtf1\\ansicpg1254 Ajans\xFD}"), RS_OK);
    text_is(&r, "body", "Ajansı");
    /* not RTF */
    assert_int_equal(run_str(&r, RS_TYPE_RTF, "{\\rtx1 nope}"), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: RTF does not start with {\\rtf");
    /* the field cap */
    run_free(&r);
    run_init(&r, 8);
    assert_int_equal(run_str(&r, RS_TYPE_RTF, "{\\rtf1 a long enough body of text}"), RS_ERR_LIMIT);
    reason_is(&r, "limit: RTF text larger than 8 bytes");
    run_free(&r);
}

/* Deep nesting, truncation at every byte and mutations: never a crash, always valid text. */
static void test_rtf_hostile(void **state)
{
    (void)state;
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    size_t deep = 200000;
    char *d = malloc(deep * 2 + 16);
    assert_non_null(d);
    memcpy(d, "{\\rtf1 ", 7);
    memset(d + 7, '{', deep);
    memcpy(d + 7 + deep, "x", 1);
    memset(d + 8 + deep, '}', deep);
    assert_int_equal(run_sub(&r, RS_TYPE_RTF, d, 8 + 2 * deep, &su), RS_OK);
    text_is(&r, "body", "x");
    free(d);
    for (size_t n = 0; n <= sizeof RTF - 1; n++) {
        rs_err e = run_sub(&r, RS_TYPE_RTF, RTF, n, &su);
        assert_true(e == RS_OK || (e == RS_ERR_CORRUPT && n < 5));
        fields_valid(&r);
    }
    uint32_t seed = 5;
    unsigned char m[sizeof RTF];
    for (int round = 0; round < 3000; round++) {
        memcpy(m, RTF, sizeof RTF - 1);
        for (int j = 0; j < 1 + round % 5; j++)
            m[7 + prng(&seed) % (sizeof RTF - 8)] = (unsigned char)prng(&seed);
        rs_err e = run_sub(&r, RS_TYPE_RTF, m, sizeof RTF - 1, &su);
        assert_int_equal(e, RS_OK);
        fields_valid(&r);
    }
    assert_int_equal(run_str(&r, RS_TYPE_RTF, "{\\rtf1 \\bin99999999 x}"), RS_OK);
    assert_int_equal(run_str(&r, RS_TYPE_RTF, "{\\rtf1 \\u-99999999999?\\'\\'4\\"), RS_OK);
    fields_valid(&r);
    rs_subunits_free(&su);
    run_free(&r);
}

/* ---- HTML: licence links, TDMRep, robots ---- */

static void test_html_signals(void **state)
{
    (void)state;
    static const char page[] =
        "<html><head><link rel=\"License\" href=\"https://creativecommons.org/licenses/by/4.0/\">"
        "<meta name=\"tdm-reservation\" content=\"1\"><meta name=\"TDM-Policy\" "
        "content=\"https://example.com/policy.json\"><meta name=\"robots\" content=\"index, noai,"
        " noimageai\"><link rel=\"stylesheet\" href=\"s.css\"></head><body><p>Text <a "
        "rel=\"nofollow"
        " license\" href=\"https://creativecommons.org/licenses/by-sa/4.0/\">CC BY-SA</a></p>"
        "</body></html>";
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_HTML, page), RS_OK);
    text_is(&r, "html:link:license",
            "https://creativecommons.org/licenses/by/4.0/\n"
            "https://creativecommons.org/licenses/by-sa/4.0/");
    assert_true(field(&r, "html:link:license")->metadata);
    assert_int_equal(
        unit_off(&r, "html:link:license", "https://creativecommons.org/licenses/by-sa"),
        find_str(page, strlen(page), "https://creativecommons.org/licenses/by-sa"));
    text_is(&r, "html:meta:tdm-reservation", "1");
    text_is(&r, "html:meta:tdm-policy", "https://example.com/policy.json");
    text_is(&r, "html:meta:robots", "index, noai, noimageai");
    text_has(&r, "body", "Text CC BY-SA");
    run_free(&r);
}

/* Mutated XLSX, PPTX and ODS: any outcome but a crash; errors always say why. */
static void test_mutated(void **state)
{
    (void)state;
    const zbin x[] = {{"xl/workbook.xml", "<workbook/>", 0},
                      {"xl/sharedStrings.xml", SST, 0},
                      {"xl/worksheets/sheet1.xml", SHEET, 0}};
    const zbin p[] = {{"ppt/presentation.xml", "<p/>", 0},
                      {"ppt/slides/slide1.xml", SLIDE, 0},
                      {"docProps/custom.xml", CUSTOM, 0}};
    const zbin o[] = {{"content.xml", ODS_CONTENT, 0}, {"meta.xml", ODF_META, 0}};
    size_t lens[3];
    unsigned char *zips[3] = {zip_bin(x, 3, &lens[0]), zip_bin(p, 3, &lens[1]),
                              zip_bin(o, 2, &lens[2])};
    static const rs_type types[3] = {RS_TYPE_XLSX, RS_TYPE_PPTX, RS_TYPE_ODS};
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    uint32_t seed = 9;
    for (int round = 0; round < 1500; round++) {
        size_t k = (size_t)round % 3, n = lens[k];
        unsigned char *m = malloc(n);
        assert_non_null(m);
        memcpy(m, zips[k], n);
        for (int j = 0; j < 1 + round % 4; j++)
            m[prng(&seed) % n] = (unsigned char)prng(&seed);
        rs_err e = run_sub(&r, types[k], m, round % 7 ? n : n / 2, &su);
        assert_true(e != RS_ERR_NOMEM);
        if (e) assert_true(r.cx.reason[0] != '\0');
        fields_valid(&r);
        free(m);
    }
    for (int k = 0; k < 3; k++)
        free(zips[k]);
    rs_subunits_free(&su);
    run_free(&r);
}

/* ---- through the engine: the JPEG in the DOCX is a unit with its own holder ---- */

typedef struct units {
    char path[8][128], holder[8][32];
    size_t n;
} units;

static rs_err collect(void *ctx, const rs_unit *u)
{
    units *l = ctx;
    if (l->n == 8) return RS_OK;
    snprintf(l->path[l->n], sizeof l->path[0], "%s", u->path);
    snprintf(l->holder[l->n], sizeof l->holder[0], "%s", u->holder ? u->holder : "");
    l->n++;
    return RS_OK;
}

static void test_engine_embedded(void **state)
{
    (void)state;
    const char *src = getenv("RS_SOURCE_DIR");
    if (!src) skip();
    char dir[512];
    snprintf(dir, sizeof dir, "%s/signatures", src);
    const char *dirs[] = {dir};
    char err[512];
    rs_sigdb *db;
    assert_int_equal(rs_sigdb_load(dirs, 1, &db, err, sizeof err), RS_OK);
    rs_scanner *s;
    assert_int_equal(rs_scanner_new(db, NULL, &s), RS_OK);
    rs_buf jpeg;
    size_t len;
    unsigned char *z = docx_with_media(&len, &jpeg);
    units l = {0};
    rs_sink sink = {.ctx = &l, .unit = collect};
    rs_summary sum = {0};
    assert_int_equal(rs_scan_buffer(s, "x.docx", z, len, &sink, &sum), RS_OK);
    bool found = false;
    for (size_t i = 0; i < l.n; i++) {
        if (strcmp(l.path[i], "x.docx!/word/media/image1.jpg") != 0) continue;
        found = true;
        assert_string_equal(l.holder[i], "afp");
    }
    if (!found) fail_msg("no unit x.docx!/word/media/image1.jpg among %zu units", l.n);
    rs_scanner_free(s);
    rs_sigdb_free(db);
    rs_buf_free(&jpeg);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx_more),
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_pptx),
        cmocka_unit_test(test_ods_odp),
        cmocka_unit_test(test_epub_more),
        cmocka_unit_test(test_rtf),
        cmocka_unit_test(test_rtf_codepages),
        cmocka_unit_test(test_rtf_hostile),
        cmocka_unit_test(test_html_signals),
        cmocka_unit_test(test_mutated),
        cmocka_unit_test(test_engine_embedded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
