"""texts.py — the source material of the evaluation corpus (make-eval.py): rights notices,
bylines, photo credits, generic notices, licences, decoys and neutral filler prose.

Notice texts are the agencies' published wording, from the signatures' own `notices:` and
from the shared research notes (research/notices.md; section numbers in the comments).
Wording the notes mark as recalled from memory is used only where a comment says so.
Filler prose, holder names of generic notices and photographers' names are invented.
make-eval.py puts a notice's words into the corpus unchanged only in the `baseline` case
and in the encoding cases (where the bytes change, not the words); every other case
transforms them (markup, wrapping, case, diacritics, edits, translations, partial quotes,
mojibake). Bylines, credits and generic notices are tested by position, format, language
and encoding. Signature examples should not copy strings from here: the corpus is meant to
measure what the signatures were not written against.

Holder ids are signature ids: the agency's usual abbreviation in lower case (issue 3),
"unknown" for a generic notice naming no known holder, the SPDX id for a licence.
"""

# ---- full notices ----------------------------------------------------------------------
# holder, class, lang, text; decisive: phrases a match must rest on (kept whole by every
# transformation, and kept by partial quotes); alt: (from, to) rewrites that give another
# translation or re-typing of the same notice.


def _n(holder, lang, text, decisive, alt=(), cls="restricted"):
    return {"holder": holder, "class": cls, "lang": lang, "text": text,
            "decisive": list(decisive), "alt": list(alt)}


ILKHA_TR = ("YASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve videonun tüm hakları İlke Haber "
            "Ajansı Basın Yayın San. Tic. A.Ş.'ye aittir. Hiçbir surette haber, fotoğraf ve "
            "videonun tamamı veya bir kısmı yazılı sözleşme yapılmadan veya abone olmadan "
            "kullanılamaz.")
ILKHA_EN = ("LEGAL WARNING: All rights of the published news, photos and videos are reserved by "
            "İlke Haber Ajansı Basın Yayın San. Trade A.Ş. Under no circumstances can all or part "
            "of the news, photos and videos be used without a written contract or subscription.")
AA_TR = ("Anadolu Ajansı web sitesinde, AA Haber Akış Sistemi (HAS) üzerinden abonelere sunulan "
         "haberler, özetlenerek yayımlanmaktadır. Abonelik için lütfen iletişime geçiniz.")
# notices.md 2.1 marks the English AA notice MEMORY: used only as a translation variant.
AA_EN = ("Anadolu Agency website contains only a portion of the news stories offered to "
         "subscribers in the AA News Broadcasting System (HAS), and in summarized form. Please "
         "contact us for subscription options.")
TURKUVAZ_TR = ("Yasal Uyarı: Yayınlanan köşe yazısı/haberin tüm hakları Turkuvaz Medya Grubu’na "
               "aittir. Kaynak gösterilse veya habere aktif link verilse dahi köşe yazısı/haberin "
               "tamamı ya da bir bölümü kesinlikle kullanılamaz.")
DHA_TR = ('www.dha.com sitesinin ("Site ") tüm hakları Demirören Ajansı A.Ş\'ye("DHA") aittir.')
AP_EN = ("Copyright 2025 The Associated Press. All rights reserved. This material may not be "
         "published, broadcast, rewritten or redistributed without permission.")
REUTERS_RSS = ("All rights reserved. Users may download and print extracts of content from this "
               "website for their own personal and non-commercial use only. Republication or "
               "redistribution of Reuters content, including by framing or similar means, is "
               "expressly prohibited without the prior written consent of Reuters.")
REUTERS_LINE = ("(c) Copyright Thomson Reuters 2014. Click For Restrictions - "
                "http://about.reuters.com/fulllegal.asp")
AFP_FR = "Tous droits de reproduction et de représentation réservés. © Agence France-Presse"
AFP_EN = ("Where the words \"© AFP\" appear on a page of the Site, that page contains reproduced "
          "information which is protected by AFP's intellectual property rights. Consequently, "
          "none of this information can be reproduced, modified, redistributed, translated or "
          "used or re-used commercially without AFP's prior written agreement.")
DPA_DE = ("Copyright 2022, dpa (www.dpa.de). Alle Rechte vorbehalten. Nutzung nur nach "
          "schriftlicher Vereinbarung mit dpa")
DPA_ZEIT = ("ZEIT ONLINE hat diese Meldung redaktionell nicht bearbeitet. Sie wurde automatisch "
            "von der Deutschen Presse-Agentur (dpa) übernommen.")
ANSA_IT = "Riproduzione riservata © Copyright ANSA"
ANSA_EN = ("(c) Copyright ANSA 2017. Click For Restrictions - "
           "http://www.ansa.it/sito/static/copyright.html")
AAP_EN = ("AAP content is owned by or licensed to Australian Associated Press Pty Limited (AAP) "
          "and is copyright protected.  AAP content is published on an \"as is\" basis for "
          "personal use only and must not be copied, republished, rewritten, resold or "
          "redistributed, whether by caching, framing or similar means, without AAP's prior "
          "written permission.")
ANAMPA_EL = ("© ΑΠΕ-ΜΠΕ ΑΕ. Τα πνευματικά δικαιώματα ανήκουν στο ΑΠΕ-ΜΠΕ ΑΕ και παραχωρούνται "
             "σε συνδρομητές μόνον για συγκεκριμένη χρήση.")
YONHAP_KO = "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>"
ANTARA_ID = ("Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk "
             "AI di situs web ini tanpa izin tertulis dari Kantor Berita ANTARA.")
UPI_EN = "Copyright (c) 2020 United Press International, Inc. All Rights Reserved."
BLOOMBERG_EN = "© 2026 Bloomberg L.P. All rights reserved."

NOTICES = [
    _n("ilkha", "tr", ILKHA_TR, ["İlke Haber Ajansı"], [
        ("San. Tic. A.Ş.", "San. ve Tic. A.Ş."), ("Basın Yayın San. Tic.", "Basın Yayın Sanayi ve Ticaret"),
        ("Hiçbir surette", "Hiçbir şekilde"), ("yazılı haber, fotoğraf ve videonun tüm", "haber, fotoğraf ve videoların tüm"),
        ("yapılmadan veya abone olmadan", "yapılmaksızın ya da abone olunmaksızın"),
        ("YASAL UYARI", "Yasal Bilgilendirme"), ("tamamı veya bir kısmı", "tamamı ya da bir bölümü")]),
    _n("ilkha", "en", ILKHA_EN, ["İlke Haber Ajansı"], [
        ("San. Trade A.Ş.", "San. Tic. A.Ş."), ("are reserved by", "belong to"),
        ("Under no circumstances can", "In no case may"), ("be used without", "be published or used without"),
        ("a written contract or subscription", "a written agreement or a subscription"),
        ("LEGAL WARNING", "Legal notice"), ("the published news, photos and videos are", "the news, pictures and videos published are")]),
    _n("aa", "tr", AA_TR, ["Anadolu Ajansı", "AA Haber Akış Sistemi"], [
        ("web sitesinde", "internet sitesinde"), ("özetlenerek yayımlanmaktadır", "kısaltılarak yayınlanmaktadır"),
        ("Abonelik için lütfen iletişime geçiniz", "Abone olmak için lütfen bizimle iletişime geçin"),
        ("abonelere sunulan haberler", "abonelerine sunduğu haberler")]),
    _n("turkuvaz", "tr", TURKUVAZ_TR, ["Turkuvaz Medya Grubu"], [
        ("kesinlikle kullanılamaz", "hiçbir şekilde kullanılamaz"),
        ("Kaynak gösterilse veya habere aktif link verilse dahi", "Kaynak gösterilse dahi"),
        ("köşe yazısı/haberin tüm", "haberin tüm"), ("Yasal Uyarı", "YASAL UYARI")]),
    _n("dha", "tr", DHA_TR, ["Demirören Ajansı"], [
        ('sitesinin ("Site ")', "sitesinin"), ("A.Ş'ye", "A.Ş.'ye"), ("aittir", "aittir ve saklıdır")]),
    _n("ap", "en", AP_EN, ["The Associated Press"], [
        ("All rights reserved.", "All Rights Reserved."), ("rewritten or redistributed", "rewritten, or redistributed"),
        ("without permission", "without prior written permission"), ("Copyright 2025", "©2025"),
        ("This material may not", "The material may not")]),
    _n("reuters", "en", REUTERS_RSS, ["Reuters content", "consent of Reuters"], [
        ("Users may download", "Users are allowed to download"), ("is expressly prohibited", "is strictly prohibited"),
        ("prior written consent of Reuters", "prior written permission of Reuters"),
        (", including by framing or similar means,", ""), ("personal and non-commercial use only", "private, non-commercial use only")]),
    _n("reuters", "en", REUTERS_LINE, ["Thomson Reuters"], [
        ("Click For Restrictions -", "Check for restrictions at:"), ("(c) Copyright", "© Copyright"),
        ("Click For Restrictions", "Open For Restrictions")]),
    _n("afp", "fr", AFP_FR, ["Agence France-Presse"], [
        ("représentation", "diffusion"), ("© Agence France-Presse", "© 2025 Agence France-Presse"),
        ("Tous droits de", "Tous les droits de")]),
    _n("afp", "en", AFP_EN, ["© AFP", "AFP's prior written agreement"], [
        ("prior written agreement", "prior written consent"), ("Consequently, none", "None"),
        ("intellectual property rights", "copyright"), ("or used or re-used commercially", "or used commercially")]),
    _n("dpa", "de", DPA_DE, ["dpa (www.dpa.de)", "mit dpa"], [
        ("Nutzung nur nach", "Verwendung nur nach"), ("Alle Rechte vorbehalten", "Alle Rechte bleiben vorbehalten"),
        ("Copyright 2022,", "© 2022")]),
    _n("dpa", "de", DPA_ZEIT, ["Deutschen Presse-Agentur (dpa)"], [
        ("ZEIT ONLINE", "Die Redaktion"), ("automatisch", "unverändert"), ("redaktionell nicht bearbeitet", "nicht redigiert")]),
    _n("ansa", "it", ANSA_IT, ["ANSA"], [("© Copyright ANSA", "© ANSA"), ("Riproduzione riservata", "Riproduzione vietata")]),
    _n("ansa", "en", ANSA_EN, ["Copyright ANSA"], [("Click For Restrictions -", "Check for restrictions at:")]),
    _n("aap", "en", AAP_EN, ["Australian Associated Press", "AAP's prior written permission"], [
        ("copied, republished, rewritten, resold or redistributed", "copied, republished or redistributed"),
        ("is copyright protected", "is protected by copyright"), ("personal use only", "private use only"),
        (", whether by caching, framing or similar means,", "")]),
    _n("ana-mpa", "el", ANAMPA_EL, ["ΑΠΕ-ΜΠΕ"], [("μόνον", "μόνο"), ("© ΑΠΕ-ΜΠΕ ΑΕ. ", "")]),
    _n("yonhap", "ko", YONHAP_KO, ["연합뉴스"], [
        ("(c)", "ⓒ"), ("무단 전재-재배포, AI 학습 및 활용 금지", "무단 전재-재배포 금지"), ("저작권자(c)", "저작권자 ©")]),
    _n("antara", "id", ANTARA_ID, ["Kantor Berita ANTARA"], [
        ("Dilarang keras", "Dilarang"), ("tanpa izin tertulis", "tanpa seizin tertulis"),
        ("melakukan crawling atau pengindeksan otomatis untuk AI", "melakukan crawling untuk AI")]),
    _n("upi", "en", UPI_EN, ["United Press International"], [("(c)", "©"), ("All Rights Reserved", "All rights reserved")]),
    _n("bloomberg", "en", BLOOMBERG_EN, ["Bloomberg L.P."], [("© 2026", "Copyright 2026"), ("All rights reserved", "ALL RIGHTS RESERVED")]),
    _n("cc-by-4.0", "en", "This article is licensed under a Creative Commons Attribution 4.0 "
       "International License (CC BY 4.0).", ["Creative Commons Attribution 4.0"],
       [("This article is licensed", "This work is published"), ("License", "Licence")], cls="attribution"),
    _n("cc-by-sa-4.0", "en", "Text is available under the Creative Commons Attribution-ShareAlike "
       "4.0 International License.", ["Creative Commons Attribution-ShareAlike 4.0"],
       [("Text is available", "All text is published"), ("License", "Licence")], cls="attribution"),
    _n("cc0-1.0", "en", "This photo is released under CC0 1.0 Universal (CC0 1.0) Public Domain "
       "Dedication.", ["CC0 1.0 Universal"], [("This photo", "This image")], cls="open"),
]

# Translations that are not rewrites of one text: the same notice in another language
# (the AA English notice is MEMORY in notices.md 2.1; the ILKHA pair is 1.1/1.3).
TRANSLATIONS = [
    _n("aa", "en", AA_EN, ["AA News Broadcasting System"], [("and in summarized form", "in summary")]),
]

# ---- bylines: datelines at the start of a story ----------------------------------------
# (holder, lang, template). {CITY} etc. are filled in by make-eval.py.

DATELINES = [
    ("aa", "tr", "{TRCITY} (AA) - "),
    ("aa", "tr", "{TRCITY} (AA) "),
    ("ilkha", "tr", "{TRCITY} (İLKHA) - "),
    ("ilkha", "en", "{ENCITY} (ILKHA) "),
    ("dha", "tr", "{TRNAME}/{TRCITY} (DHA)- "),
    ("dha", "tr", "{TRCITY},(DHA)- "),
    ("ap", "en", "{ENCITY} (AP) — "),
    ("ap", "en", "{USCITY} (AP) -- "),
    ("ap", "en", "{USCITY} (AP) _ "),
    ("reuters", "en", "{ENCITY} (Reuters) - "),
    ("reuters", "en", "{MON} {DAY} (Reuters) - "),
    ("afp", "en", "{ENCITY}, {MON} {DAY}, 2025 (AFP) - "),
    ("afp", "fr", "{FRCITY}, {DAY} {FRMON} 2025 (AFP) - "),
    ("afp", "ar", "{ARCITY}, {DAY}-11-2025 (أ ف ب) - "),
    ("dpa", "de", "{DECITY} (dpa) - "),
    ("dpa", "de", "{DECITY} (dpa/bb). "),
    ("ansa", "it", "(ANSA) - {ITCITY}, {DAY} NOV - "),
    ("efe", "es", "{ESCITY}, {ESMON} {DAY} (EFE).- "),
    ("xinhua", "en", "{ENCITY}, Nov. {DAY} (Xinhua) — "),
    ("xinhua", "zh", "新华社{ZHCITY}{MONTHNUM}月{DAY}日电（记者{ZHNAME}）"),
    ("tass", "ru", "{RUCITY}, {DAY} ноября. /ТАСС/. "),
    ("ria", "ru", "{RUCITY}, {DAY} ноя — РИА Новости. "),
    ("yonhap", "ko", "({KOCITY}=연합뉴스) {KONAME} 기자 = "),
    ("ritzau", "da", "{DACITY} /ritzau/: "),
    ("kyodo", "en", "{JPCITY}, November {DAY} Kyodo\n"),
]

# Agency tags closing a story or a paragraph: (holder, lang, text); "\n" starts a line.
CLOSINGS = [
    ("ilkha", "tr", " (İLKHA)"),
    ("ilkha", "tr", " ({TRNAME} - İLKHA)"),
    ("ilkha", "tr", " ({TRNAME}- İLKHA)"),
    ("ilkha", "en", " (ILKHA)"),
    ("ilkha", "tr", "\n(İLKHA)"),
    ("aa", "tr", " - {TRCITY}\n\nKaynak: AA"),
    ("iha", "tr", " - {TRCITY}\n\nKaynak: İHA"),
    ("dha", "tr", " (DHA)"),
    ("ansa", "it", " (ANSA)."),
    ("ritzau", "da", " /ritzau/"),
    ("kyodo", "en", " (Kyodo)\n==Kyodo"),
    ("pti", "en", "\n(With inputs from PTI)"),
    ("pti", "en", "\n(with inputs from PTI)"),
    ("ians", "en", "\n--IANS"),
    ("ani", "en", "\nThis report is auto-generated from ANI news service. ThePrint holds no "
                  "responsibility for its content."),
    ("antara", "id", "\nPewarta: {IDNAME}\nEditor: {IDNAME}\nCopyright © ANTARA 2026"),
]

# ---- photo credits in captions: (holder, template) ---------------------------------------
CREDITS = [
    ("afp", "{NAME}/AFP"),
    ("afp", "( AFP PHOTO / {NAME})"),
    ("afp", "(AFP Photo / {NAME})"),
    ("afp", "({NAME}/AFP via Getty Images)"),
    ("afp", "© AFP 2019 / {NAME}"),
    ("aa", "{NAME}/Anadolu via Getty Images"),
    ("aa", "({NAME} / Anadolu via Getty Images)"),
    ("aa", "{NAME} / Anadolu Agency"),
    ("getty", "(Photo by {NAME}/Getty Images)"),
    ("getty", "{NAME}/Getty Images"),
    ("reuters", "REUTERS/{NAME}"),
    ("reuters", "[{NAME}/Reuters]"),
    ("reuters", "(Photo by {NAME}/Reuters)"),
    ("ap", "(AP Photo/{NAME})"),
    ("ap", "(Photo by {NAME}/AP Photo)"),
    ("dpa", "Foto: picture alliance/dpa"),
    ("dpa", "picture alliance / dpa | {NAME}"),
    ("ria", "© РИА Новости / {RUNAME}"),
]

PHOTOGRAPHERS = ["Jane Doe", "Mehmet Kaya", "Sarah Miller", "Thomas Becker", "Ayşe Yılmaz",
                 "Luca Bianchi", "Omar Haddad", "Elena Petrova", "Kenji Sato", "Ana Gómez"]

# ---- generic notices -----------------------------------------------------------------------
# "© YEAR HOLDER. PHRASE" per language: (lang, holder name, all-rights-reserved phrase).
# The holder names are invented. The ku phrase is MEMORY in notices.md 5.
GENERIC_ARR = [
    ("en", "Northbridge Media Group Ltd.", "All rights reserved."),
    ("tr", "Örnek Yayıncılık A.Ş.", "Tüm hakları saklıdır."),
    ("de", "Beispiel Verlag GmbH", "Alle Rechte vorbehalten."),
    ("fr", "Éditions du Littoral SAS", "Tous droits réservés."),
    ("es", "Ejemplo Ediciones S.L.", "Todos los derechos reservados."),
    ("it", "Editoriale Esempio S.p.A.", "Tutti i diritti riservati."),
    ("pt", "Exemplo Editora Ltda.", "Todos os direitos reservados."),
    ("nl", "Voorbeeld Uitgevers B.V.", "Alle rechten voorbehouden."),
    ("pl", "Przykładowe Media Sp. z o.o.", "Wszelkie prawa zastrzeżone."),
    ("ru", "ООО «Пример Медиа»", "Все права защищены."),
    ("uk", "ТОВ «Приклад Медіа»", "Усі права захищено."),
    ("cs", "Příklad Média s.r.o.", "Všechna práva vyhrazena."),
    ("hu", "Példa Kiadó Kft.", "Minden jog fenntartva."),
    ("ro", "Exemplu Media SRL", "Toate drepturile rezervate."),
    ("sv", "Exempel Förlag AB", "Alla rättigheter förbehållna."),
    ("da", "Eksempel Medier A/S", "Alle rettigheder forbeholdes."),
    ("no", "Eksempel Medier AS", "Alle rettigheter reservert."),
    ("fi", "Esimerkki Media Oy", "Kaikki oikeudet pidätetään."),
    ("el", "Παράδειγμα Εκδόσεις Α.Ε.", "Με επιφύλαξη παντός δικαιώματος."),
    ("id", "PT Contoh Media Nusantara", "Hak cipta dilindungi undang-undang."),
    ("he", "דוגמה מדיה בע״מ", "כל הזכויות שמורות."),
    ("ku", "Weşanên Mînak", "Hemû maf parastî ne."),
]
# Forms whose holder sits elsewhere than after the year: (lang, text, holder name or None).
GENERIC_OTHER = [
    ("ar", "© 2025 جميع الحقوق محفوظة لمؤسسة المثال الإعلامية", "مؤسسة المثال الإعلامية"),
    ("fa", "© 2025 کلیه حقوق این سایت متعلق به خبرگزاری نمونه است.", None),
    ("zh", "© 2025 示例传媒有限公司 版权所有，未经授权禁止转载", None),
    ("ja", "© 2025 株式会社サンプル新聞社　このサイトに掲載された記事の無断転載を禁じます。", None),
    ("ko", "<저작권자 ⓒ 예시일보, 무단전재 및 재배포 금지>", None),
    ("tr", "Yasal Uyarı: Yayınlanan haberin tüm hakları Örnek Medya Grubu’na aittir.", "Örnek Medya Grubu"),
]
# Restrictive terms with no holder: (lang, text).
GENERIC_TERMS = [
    ("en", "No part of this article may be reproduced without the written permission of the publisher."),
    ("en", "This article is for subscribers only."),
    ("en", "Republication or redistribution of this content is prohibited without the prior written consent of the publisher."),
    ("en", "This material may not be published, broadcast, rewritten or redistributed."),
    ("en", "Use of this content to train AI models is prohibited."),
    ("tr", "Haberlerimiz izinsiz kullanılamaz."),
    ("tr", "Kaynak gösterilse dahi izin alınmadan iktibas edilemez."),
    ("tr", "Bu içerik yalnızca abonelere özeldir."),
    ("de", "Nachdruck nur mit schriftlicher Genehmigung des Verlags."),
    ("de", "Dieser Artikel ist nur für Abonnenten."),
    ("fr", "Toute reproduction, même partielle, est strictement interdite."),
    ("fr", "Article réservé aux abonnés."),
    ("es", "Prohibida su reproducción total o parcial sin autorización escrita."),
    ("it", "È vietata la riproduzione senza autorizzazione scritta."),
    ("it", "Riproduzione riservata."),
    ("pt", "É proibida a reprodução total ou parcial sem autorização expressa."),
    ("nl", "Niets uit deze uitgave mag worden verveelvoudigd zonder schriftelijke toestemming."),
    ("pl", "Przedruk wyłącznie za pisemną zgodą wydawcy."),
    ("zh", "本文版权所有，未经授权禁止转载。"),
    ("ja", "テキストおよび画像データの無断転載を禁じます。"),
    ("ko", "무단 전재 및 재배포, AI 학습 및 활용 금지"),
    ("id", "Dilarang keras mengambil konten tanpa izin tertulis dari redaksi."),
]

# ---- licences in other words --------------------------------------------------------------
LICENCES = [
    ("cc-by-4.0", "attribution", "en", "Photo: {NAME}, CC BY 4.0"),
    ("cc-by-4.0", "attribution", "en", 'This work is licensed under <a rel="license" '
     'href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.'),
    ("cc-by-4.0", "attribution", "es", "Este artículo se publica bajo una licencia Creative Commons "
     "Atribución 4.0 Internacional (CC BY 4.0)."),
    ("cc-by-4.0", "attribution", "de", "Dieser Text steht unter der Lizenz CC BY 4.0 "
     "(https://creativecommons.org/licenses/by/4.0/)."),
    ("cc-by-sa-4.0", "attribution", "en", "Image: Wikimedia Commons, CC BY-SA 4.0"),
    ("cc-by-sa-4.0", "attribution", "en", "Licensed under CC BY-SA 4.0 — "
     "https://creativecommons.org/licenses/by-sa/4.0/"),
    ("cc0-1.0", "open", "en", "License: CC0"),
    ("cc0-1.0", "open", "en", "The author has dedicated this photo to the public domain: "
     "https://creativecommons.org/publicdomain/zero/1.0/"),
]

# ---- decoys: no rights signal (class none) -------------------------------------------------
MENTIONS = [
    ("en", "According to Reuters, the deal was signed late on Friday."),
    ("en", "Reuters reported on Monday that the talks had stalled."),
    ("en", "AP reported that the vote was delayed by a day."),
    ("en", "According to the AP, the turnout was the highest in a decade."),
    ("en", "Officials told AFP on Monday that the border crossing was closed."),
    ("en", "The minister gave an interview to Anadolu Agency on Sunday."),
    ("en", "Xinhua said the new railway line would open next year."),
    ("en", "TASS cited an unnamed source as saying the talks would resume."),
    ("en", "A spokesman told Kyodo News that the plan was under review."),
    ("en", "PTI reported that the monsoon had reached the coast."),
    ("en", "The Press Association said the match would go ahead."),
    ("en", "A source told Reuters (Reuters) news agency on Friday."),
    ("en", "The AP style guide (AP) recommends it."),
    ("tr", "Anadolu Ajansı 92 yaşında"),
    ("tr", "İlke Haber Ajansı Genel Müdürü Mahmut İrtem, İLKHA hakkında bilgiler verdi."),
    ("tr", "İHA'nın haberi yalan çıktı."),
    ("tr", "ANKA'ya İncirlik soruşturması: 2'si gazeteci 3 kişi gözaltına alındı"),
    ("tr", "AA'nın WhatsApp kanallarına katılın, önemli gelişmeler cebinize düşsün"),
    ("de", "Laut dpa hat die Regierung zugestimmt."),
    ("de", "Wie die dpa (Deutsche Presse-Agentur) berichtet, ist der Streik beendet."),
    ("es", "Según EFE, la reunión terminó sin acuerdo."),
    ("it", "Lo ha riferito l'agenzia ANSA in serata."),
    ("ko", "연합뉴스에 따르면 회의는 다음 주로 연기됐다."),
]
LOOKALIKES = [
    ("en", "The bonds were rated (AA) by S&P in March."),
    ("en", "S&P rated the city (AA) last year, citing strong reserves."),
    ("en", "Moody's affirmed the (AA) rating on Monday."),
    ("en", "The kit comes with four AA batteries and a charger."),
    ("en", "The PA system failed twice during the concert."),
    ("en", "Announcements over the PA were hard to hear on the platform."),
    ("en", "She scored a 5 on the AP Biology exam."),
    ("en", "Doctors found elevated AFP (alpha-fetoprotein) levels in the blood test."),
    ("en", "The Danish DPA fined the company for a data breach."),
    ("en", "PTI supporters rallied outside the court in Islamabad."),
    ("en", "The AAP government in Delhi announced free bus rides for students."),
    ("en", "UPI payments rose forty percent in a year."),
    ("en", "An RIA must file Form ADV with the regulator."),
    ("en", "The STT engine transcribes support calls in real time."),
    ("en", "The J. Paul Getty Museum reopened its garden on Saturday."),
    ("en", "Ani, the medieval city on the border, drew record visitors."),
    ("es", "La palabra empieza con efe y termina con a."),
    ("tr", "Kredi notu (AA) seviyesinde teyit edildi."),
]
AGENCY_NEWS = [
    ("tr", "Anadolu Ajansı 92 yaşında. Kuruluşunun yıl dönümünde düzenlenen törende ajansın "
           "tarihine ilişkin bir sergi açıldı. Törene çok sayıda gazeteci katıldı."),
    ("en", "Reuters names new editor-in-chief. The news agency said on Tuesday that its "
           "deputy editor would take over the newsroom in January."),
    ("en", "Journalists at Agence France-Presse held a one-day strike over pay, the union said. "
           "AFP management said talks would continue."),
    ("de", "Die Deutsche Presse-Agentur feiert ihr 75-jähriges Bestehen. Die dpa wurde 1949 in "
           "Goslar gegründet und hat heute ihren Sitz in Hamburg und Berlin."),
    ("en", "The Associated Press updated its stylebook this week, adding entries on artificial "
           "intelligence. The AP said the changes reflect how newsrooms work today."),
    ("tr", "İhlas Haber Ajansı (İHA) muhabirleri için iş güvenliği eğitimi düzenlendi. "
           "Eğitime ajansın bölge temsilcileri katıldı."),
    ("en", "Kyodo News and Yonhap signed an agreement to exchange photos and video, the two "
           "agencies said on Thursday."),
    ("en", "Xinhua opened a new bureau in Nairobi, the Chinese state news agency said."),
]
NEAR_MISSES = [
    ("en", "All of the published news, photos and videos of the festival are on the city's "
           "website, and anyone can use them in a school project."),
    ("en", "Under no circumstances can the old bridge be used by heavy trucks during the works."),
    ("en", "A written contract was signed by both clubs after the subscription drive ended."),
    ("en", "The company reserved all rights to appeal the ruling."),
    ("en", "Reproduction of the painting was allowed by the museum."),
    ("en", "This text may be freely reproduced with a link to the source."),
    ("en", "The material was published, broadcast and redistributed by several outlets, the report said."),
    ("en", "Users may download and print the timetable from the council's website for personal use."),
    ("fr", "Les droits de l'homme sont réservés à tous."),
    ("tr", "Yayınlanan yazılı haber, fotoğraf ve videonun tamamı belediyenin internet sitesinde "
           "ücretsiz olarak yer alıyor."),
    ("tr", "Belediyenin web sitesinde, kent konseyi üzerinden vatandaşlara sunulan haberler, "
           "özetlenerek yayımlanmaktadır. Bilgi için lütfen iletişime geçiniz."),
    ("tr", "Hiçbir surette geri adım atmayacağız, dedi."),
    ("tr", "Gazetenin abone sayısı geçen yıl yüzde 20 arttı."),
    ("de", "Alle Rechte und Pflichten der Mieter stehen im Vertrag."),
    ("es", "Los derechos de los trabajadores están reservados en la nueva ley, dijo el ministro."),
]
# Turkish Press Law, art. 24 (notices.md 2.6): legal text, not an owner's claim.
PRESS_LAW = ("MADDE 24. - Bir süreli yayında yayımlanmış haber, yazı ve resimleri kaynak "
             "göstermeksizin yeniden yayımlayanlar beş milyar liradan on milyar liraya kadar ağır "
             "para cezasıyla cezalandırılırlar. Bu eserleri, yeniden yayım hakkı saklı tutulmuş "
             "olmasına rağmen, süreli yayın sahibinin izni olmadan yeniden yayımlayanlar yirmi "
             "milyar liradan kırk milyar liraya kadar ağır para cezasıyla cezalandırılırlar.")

# Software licence headers ("All rights reserved" followed by a licence that grants use).
BSD_BODY = ("Redistribution and use in source and binary forms, with or without modification, "
            "are permitted provided that the following conditions are met:")
MIT_BODY = ("Permission is hereby granted, free of charge, to any person obtaining a copy of this "
            "software and associated documentation files (the \"Software\"), to deal in the "
            "Software without restriction.")
APACHE_BODY = ("Licensed under the Apache License, Version 2.0 (the \"License\"); you may not use "
               "this file except in compliance with the License.")
GO_BODY = "Use of this source code is governed by a BSD-style license that can be found in the LICENSE file."
SOFTWARE_HOLDERS = ["Bloomberg L.P.", "Example Corp.", "The Project Authors", "Acme Software Ltd.",
                    "Northwind Systems Inc."]

# ---- filler prose (invented, neutral) -----------------------------------------------------
FILLER = {
    "en": ["The city council met on Tuesday to discuss the repair of the old harbour bridge.",
           "Engineers said the work would take about eight months.",
           "A temporary footbridge is due to open in the spring.",
           "Residents asked for the bus route to be kept during the works.",
           "The regional museum will extend its opening hours in the summer.",
           "Farmers expect a good harvest after a mild and rainy winter.",
           "The school board approved a new timetable for the autumn term.",
           "Volunteers planted two hundred trees along the river bank on Sunday."],
    "tr": ["Belediye meclisi salı günü eski liman köprüsünün onarımını görüştü.",
           "Mühendisler çalışmaların yaklaşık sekiz ay süreceğini söyledi.",
           "Baharda geçici bir yaya köprüsünün açılması bekleniyor.",
           "Çiftçiler ılık ve yağışlı bir kışın ardından bereketli bir hasat bekliyor.",
           "Kent müzesi yaz aylarında ziyaret saatlerini uzatacak.",
           "Gönüllüler pazar günü nehir kıyısına iki yüz fidan dikti.",
           "Okul yönetimi güz dönemi için yeni ders programını onayladı."],
    "de": ["Der Stadtrat beriet am Dienstag über die Sanierung der alten Hafenbrücke.",
           "Die Arbeiten sollen etwa acht Monate dauern.",
           "Im Frühjahr soll eine provisorische Fußgängerbrücke öffnen.",
           "Die Landwirte erwarten nach einem milden Winter eine gute Ernte.",
           "Das Museum verlängert im Sommer seine Öffnungszeiten."],
    "fr": ["Le conseil municipal s'est réuni mardi pour discuter de la réparation du vieux pont du port.",
           "Les travaux devraient durer environ huit mois.",
           "Une passerelle provisoire doit ouvrir au printemps.",
           "Les agriculteurs attendent une bonne récolte après un hiver doux.",
           "Le musée prolongera ses horaires d'ouverture cet été."],
    "es": ["El ayuntamiento se reunió el martes para debatir la reparación del viejo puente del puerto.",
           "Las obras durarán unos ocho meses.",
           "En primavera abrirá una pasarela provisional.",
           "Los agricultores esperan una buena cosecha tras un invierno suave.",
           "El museo ampliará su horario de apertura en verano."],
    "it": ["Il consiglio comunale si è riunito martedì per discutere della riparazione del vecchio ponte del porto.",
           "I lavori dureranno circa otto mesi.",
           "In primavera aprirà una passerella provvisoria.",
           "Gli agricoltori si aspettano un buon raccolto dopo un inverno mite."],
    "pt": ["A câmara municipal reuniu-se na terça-feira para discutir a reparação da velha ponte do porto.",
           "As obras deverão durar cerca de oito meses.",
           "Uma passarela provisória deve abrir na primavera.",
           "Os agricultores esperam uma boa colheita depois de um inverno ameno."],
    "nl": ["De gemeenteraad vergaderde dinsdag over het herstel van de oude havenbrug.",
           "De werkzaamheden duren ongeveer acht maanden.",
           "In het voorjaar gaat een tijdelijke voetgangersbrug open."],
    "pl": ["Rada miasta zebrała się we wtorek, aby omówić remont starego mostu w porcie.",
           "Prace potrwają około ośmiu miesięcy.",
           "Wiosną zostanie otwarta tymczasowa kładka dla pieszych."],
    "ru": ["Городской совет во вторник обсудил ремонт старого портового моста.",
           "Работы продлятся около восьми месяцев.",
           "Весной откроется временный пешеходный мост.",
           "Фермеры ожидают хорошего урожая после мягкой зимы."],
    "uk": ["Міська рада у вівторок обговорила ремонт старого портового мосту.",
           "Роботи триватимуть близько восьми місяців.",
           "Навесні відкриється тимчасовий пішохідний міст."],
    "ar": ["ناقش المجلس البلدي يوم الثلاثاء إصلاح جسر الميناء القديم.",
           "ومن المتوقع أن تستمر الأعمال نحو ثمانية أشهر.",
           "وسيفتح جسر مؤقت للمشاة في الربيع."],
    "fa": ["شورای شهر روز سه‌شنبه درباره تعمیر پل قدیمی بندر گفتگو کرد.",
           "این کار حدود هشت ماه طول می‌کشد.",
           "یک پل موقت عابر پیاده در بهار باز می‌شود."],
    "el": ["Το δημοτικό συμβούλιο συνεδρίασε την Τρίτη για την επισκευή της παλιάς γέφυρας του λιμανιού.",
           "Οι εργασίες θα διαρκέσουν περίπου οκτώ μήνες.",
           "Την άνοιξη θα ανοίξει μια προσωρινή πεζογέφυρα."],
    "zh": ["市议会周二开会讨论修复旧港口大桥的问题。", "工程预计将持续大约八个月。",
           "临时人行桥将于春季开放。", "农民们期待在温和的冬天之后迎来好收成。"],
    "ja": ["市議会は火曜日、古い港の橋の修理について話し合った。", "工事は約八か月かかる見込みだ。",
           "春には仮設の歩道橋が開通する予定だ。"],
    "ko": ["시의회는 화요일 오래된 항구 다리의 보수 문제를 논의했다.", "공사는 약 8개월이 걸릴 예정이다.",
           "봄에는 임시 보행교가 개통될 예정이다."],
    "id": ["Dewan kota bertemu pada hari Selasa untuk membahas perbaikan jembatan pelabuhan yang lama.",
           "Pekerjaan itu diperkirakan berlangsung sekitar delapan bulan.",
           "Jembatan penyeberangan sementara akan dibuka pada musim semi."],
    "he": ["מועצת העיר התכנסה ביום שלישי כדי לדון בתיקון הגשר הישן בנמל.",
           "העבודות יימשכו כשמונה חודשים."],
    "cs": ["Městská rada v úterý jednala o opravě starého přístavního mostu.",
           "Práce potrvají přibližně osm měsíců."],
    "hu": ["A városi tanács kedden a régi kikötői híd felújításáról tárgyalt.",
           "A munkálatok nagyjából nyolc hónapig tartanak."],
    "ro": ["Consiliul local s-a întrunit marți pentru a discuta repararea vechiului pod din port.",
           "Lucrările vor dura aproximativ opt luni."],
    "sv": ["Kommunfullmäktige diskuterade på tisdagen reparationen av den gamla hamnbron.",
           "Arbetet väntas ta ungefär åtta månader."],
    "da": ["Byrådet drøftede tirsdag reparationen af den gamle havnebro.",
           "Arbejdet ventes at tage omkring otte måneder."],
    "no": ["Bystyret diskuterte tirsdag reparasjonen av den gamle havnebrua.",
           "Arbeidet ventes å ta rundt åtte måneder."],
    "fi": ["Kaupunginvaltuusto keskusteli tiistaina vanhan satamasillan korjauksesta.",
           "Työt kestävät noin kahdeksan kuukautta."],
    "ku": ["Meclîsa bajêr roja sêşemê li ser tamîrkirina pira kevn a benderê nîqaş kir.",
           "Kar dê nêzîkî heşt mehan bidome."],
}

# Words a re-typist adds (never restrictive words themselves).
INSERTS = {"en": ["also", "hereby", "fully", "therefore"], "tr": ["ayrıca", "bu nedenle", "her türlü"],
           "de": ["auch", "daher"], "fr": ["également", "donc"], "es": ["también", "por ello"],
           "it": ["anche", "pertanto"], "el": ["επίσης"], "id": ["juga"], "ko": ["또한"]}

# Values for the dateline and credit templates.
SLOTS = {
    "TRCITY": ["ANKARA", "İSTANBUL", "DİYARBAKIR", "İZMİR", "TRABZON", "VAN", "ŞANLIURFA", "BATMAN"],
    "ENCITY": ["ANKARA", "MOSCOW", "KABUL", "ISLAMABAD", "BEIRUT", "DAMASCUS", "NAIROBI", "LONDON"],
    "USCITY": ["KNOXVILLE, Tenn.", "GROSSETO, Italy", "AUSTIN, Texas", "DENVER, Colo."],
    "FRCITY": ["Paris", "Strasbourg", "Lyon", "Marseille"],
    "ARCITY": ["فريتاون", "القاهرة", "بيروت"],
    "DECITY": ["Berlin", "Hamburg", "München", "Köln"],
    "ITCITY": ["ROMA", "MILANO", "NAPOLI"],
    "ESCITY": ["Tegucigalpa", "Madrid", "Bogotá", "Lima"],
    "ZHCITY": ["北京", "上海", "广州"],
    "RUCITY": ["МОСКВА", "ВАШИНГТОН", "КАЗАНЬ"],
    "KOCITY": ["서울", "부산", "세종"],
    "DACITY": ["København", "Aarhus", "Odense"],
    "JPCITY": ["TOKYO", "OSAKA", "KUMAMOTO"],
    "TRNAME": ["İbrahim Yılmaz", "Ayşe GÜREL", "Mehmet DEMİR", "Zeynep KAYA"],
    "ZHNAME": ["罗沙", "张三"],
    "KONAME": ["서대연", "김민수"],
    "IDNAME": ["Budi Santoso", "Dewi Lestari"],
    "RUNAME": ["Алексей Дружинин", "Мария Иванова"],
    "MON": ["Jan", "Feb", "Mar", "Nov", "Dec"],
    "FRMON": ["juil", "nov", "déc"],
    "ESMON": ["Ene", "Nov", "Dic"],
}
