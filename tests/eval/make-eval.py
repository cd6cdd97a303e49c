#!/usr/bin/env python3
"""make-eval.py — a labelled evaluation corpus of real-world variants of rights notices.

    make-eval.py OUT [--seed S]

Writes OUT/<case>/NNNN.<ext> (text, Markdown, HTML, JSON, XML, DOCX, source code), and

  OUT/TRUTH.jsonl   every unit that carries a rights signal, one JSON object a line:
                    {"path", "holder", "class"} as in the benchmark's make-corpus.py
                    (holder: a signature id, "unknown" for a generic notice, the SPDX id
                    of a licence), plus "holder_name" where a generic notice names one;
  OUT/CASES.jsonl   every unit, {"path", "case"}: the variant it tests (for
                    score.py --only-cases and score_eval.py's per-case figures).

Keep both files out of the tree you scan (test_eval.py moves them aside).

The notices, bylines and credits are the agencies' published wording (texts.py); every case
but `baseline` reaches the corpus through a transformation, so the corpus measures how
robust matching is, not whether a signature holds one string: markup that splits words,
Word runs cut mid-word, wrapping and hyphenation, case, dropped diacritics, re-typing and
other translations, partial quotes, encoding damage and legacy encodings, JSON escapes,
NewsML, bylines by position, photo credits, generic notices in 20+ languages, licences —
and decoys that must not be flagged (mentions, look-alikes, news about agencies, software
licence headers, near misses on generic words, the Turkish Press Law).

Deterministic: the same seed gives the same bytes. Python 3 standard library only.
"""
import argparse
import html
import io
import json
import os
import random
import re
import sys
import unicodedata
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import texts as T  # noqa: E402

PER_CASE = 30          # units of a positive case (decoy cases: their own counts)
WORD = re.compile(r"\w+", re.UNICODE)

# ---- small helpers --------------------------------------------------------------------------


def fill_slots(rng, s):
    s = re.sub(r"\{NAME\}", lambda m: rng.choice(T.PHOTOGRAPHERS), s)
    s = s.replace("{DAY}", str(rng.randint(1, 28))).replace("{MONTHNUM}", str(rng.randint(1, 12)))
    return re.sub(r"\{([A-Z]+)\}", lambda m: rng.choice(T.SLOTS[m.group(1)]), s)


def filler(rng, lang, n):
    """n sentences of neutral prose in lang (English where there is no filler)."""
    pool = T.FILLER.get(lang) or T.FILLER["en"]
    sep = "" if lang in ("zh", "ja") else " "
    return sep.join(rng.sample(pool, min(n, len(pool))))


def paragraphs(rng, lang, lo=2, hi=4):
    return [filler(rng, lang, rng.randint(2, 4)) for _ in range(rng.randint(lo, hi))]


def title(rng, lang):
    return filler(rng, lang, 1).rstrip(".。")


def tr_upper(s):
    return s.replace("i", "İ").replace("ı", "I").upper()


def tr_lower(s):
    return s.replace("I", "ı").replace("İ", "i").lower()


TR_ASCII = str.maketrans("ıİşŞğĞçÇöÖüÜ", "iIsSgGcCoOuU")


def strip_diacritics(s):
    """Drops diacritics from Latin, Greek and Cyrillic letters (Turkish dotless/dotted i
    become i/I); leaves Hangul, kana, CJK and Arabic alone."""
    out = []
    for ch in s.translate(TR_ASCII):
        if "\u0000" <= ch <= "\u052f" or "\u1e00" <= ch <= "\u1fff":
            d = unicodedata.normalize("NFD", ch)
            ch = unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))
        out.append(ch)
    return "".join(out)


def protected_spans(text, decisive):
    spans = []
    for d in decisive:
        i = text.find(d)
        if i >= 0:
            spans.append((i, i + len(d)))
    return spans


def words_outside(text, decisive):
    """(start, end) of word tokens that overlap no decisive phrase."""
    spans = protected_spans(text, decisive)
    return [(m.start(), m.end()) for m in WORD.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in spans)]


# ---- text-level transformations -------------------------------------------------------------


def wrap(text, width, hyphenate=False, rng=None):
    """Greedy wrap at width columns; with hyphenate, a long word that does not fit is cut
    with "-" at the line end (and now and then with a soft hyphen, U+00AD, instead)."""
    lines, cur = [], ""
    for word in text.split():
        if not cur:
            cur = word
            continue
        if len(cur) + 1 + len(word) <= width:
            cur += " " + word
            continue
        room = width - len(cur) - 2
        if hyphenate and word.isalpha() and len(word) >= 6 and room >= 2:
            cut = min(room, len(word) - 3)
            if cut >= 2:
                mark = "\u00ad" if rng and rng.random() < 0.25 else "-"
                lines.append(cur + " " + word[:cut] + mark)
                cur = word[cut:]
                continue
        lines.append(cur)
        cur = word
    if cur:
        lines.append(cur)
    return "\n".join(lines)


def retype(rng, n, text):
    """3-4 edits a person re-typing the notice makes: a word dropped, a word added, a
    letter pair swapped, punctuation and spacing changed; decisive phrases stay whole."""
    lang = n["lang"]
    for _ in range(rng.randint(3, 4)):
        op = rng.choice(["drop", "insert", "swap", "punct", "space"])
        cands = words_outside(text, n["decisive"])
        if not cands:
            break
        a, b = rng.choice(cands)
        if op == "drop" and len(cands) > 8:
            text = text[:a] + text[b:].lstrip(" ")
        elif op == "insert" and lang in T.INSERTS:
            text = text[:a] + rng.choice(T.INSERTS[lang]) + " " + text[a:]
        elif op == "swap" and b - a >= 5 and text[a:b].isalpha():
            i = rng.randint(a + 1, b - 3)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        elif op == "punct":
            text = text.replace(". ", "; ", 1) if rng.random() < 0.5 else text.replace(", ", " ", 1)
        else:
            text = text.replace(" ", "  ", 1) if rng.random() < 0.5 else text.replace("'", "’")
    return re.sub(r"^\s+", "", text)


def translate(rng, n):
    """Another translation or edition of the notice: a random non-empty subset of its
    rewrites (e.g. "San. Trade A.Ş." -> "San. Tic. A.Ş.", "are reserved by" -> "belong to")."""
    alts = [a for a in n["alt"] if a[0] in n["text"]]
    text = n["text"]
    for frm, to in rng.sample(alts, rng.randint(1, max(1, min(3, len(alts))))):
        text = text.replace(frm, to, 1)
    return text


def sentence_ends(text):
    """Offsets just past the end of each sentence but the last: [.!?] then a space and an
    upper-case letter, unless the word before is an abbreviation ("San.", "A.Ş.")."""
    out = []
    for m in re.finditer(r"[.!?](?=\s+[^\W\d_])", text):
        word = text[:m.start()].split()[-1] if text[:m.start()].split() else ""
        nxt = text[m.end():].lstrip()[:1]
        if nxt.isupper() and len(word.strip("(\"'")) > 3 and "." not in word:
            out.append(m.end())
    return out


def partial(n, first, rng):
    """The first or last part of a notice, keeping a decisive phrase: whole sentences when
    a sentence boundary falls between 35% and 75% of the words, else cut mid-sentence (a
    first part then ends in "…", as a CMS excerpt does)."""
    text, words = n["text"], list(WORD.finditer(n["text"]))
    spans = sorted(protected_spans(text, n["decisive"]))
    k = len(words)
    bounds = sentence_ends(text)
    if first:
        ok = [b for b in bounds if b >= spans[0][1] and 0.35 * len(text) <= b <= 0.75 * len(text)]
        if ok:
            return text[:rng.choice(ok)]
        end = max(spans[0][1], words[int(k * rng.uniform(0.45, 0.6))].end())
        return text[:end].rstrip(" ,;:") + "…"
    ok = [b for b in bounds if b <= spans[-1][0] and 0.25 * len(text) <= b <= 0.65 * len(text)]
    if ok:
        return text[rng.choice(ok):].lstrip()
    start = min(spans[-1][0], words[int(k * rng.uniform(0.4, 0.55))].start())
    return text[start:]


def mojibake_1254_as_1252(s):
    return s.encode("cp1254", "replace").decode("cp1252", "replace")


def mojibake_utf8_as_latin1(s):
    """UTF-8 bytes read as Windows-1252 (bytes 1252 leaves undefined read as Latin-1)."""
    out = []
    for b in s.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


# ---- markup-level transformations ------------------------------------------------------------

INLINE = [("b", ""), ("i", ""), ("em", ""), ("strong", ""), ("u", ""), ("span", ' class="hl"'),
          ("span", ' style="font-weight:bold"'), ("font", ' color="#333"')]


def html_split(rng, text, decisive):
    """HTML for text with inline tags inside words (Ajan<b>s</b>ı), spans around words, a
    link over a few words, a <wbr> or an empty span mid-word; one decisive word is split."""
    spans = protected_spans(text, decisive)
    forced = None
    if spans:
        dw = [m for m in WORD.finditer(text) if spans[0][0] <= m.start() < spans[0][1] and len(m.group()) >= 3]
        forced = rng.choice(dw).start() if dw else None
    toks = re.findall(r"\w+|\W+", text)
    out, pos, link_open = [], 0, 0
    for tok in toks:
        esc = html.escape(tok, quote=False)
        if WORD.fullmatch(tok) and (pos == forced or (len(tok) >= 3 and rng.random() < 0.25)):
            i = rng.randint(1, len(tok) - 1)
            j = rng.randint(i, len(tok))
            kind = rng.random()
            a, b, c = (html.escape(x, quote=False) for x in (tok[:i], tok[i:j], tok[j:]))
            if kind < 0.6 and b:
                tag, attrs = rng.choice(INLINE)
                esc = f"{a}<{tag}{attrs}>{b}</{tag}>{c}"
            elif kind < 0.8:
                esc = f"{a}<wbr>{b}{c}"
            else:
                esc = f"{a}<span></span>{b}{c}"
        elif WORD.fullmatch(tok) and rng.random() < 0.08 and not link_open:
            esc = f'<a href="https://example.org/legal">{esc}'
            link_open = rng.randint(2, 5)
        elif WORD.fullmatch(tok) and rng.random() < 0.1:
            tag, attrs = rng.choice(INLINE)
            esc = f"<{tag}{attrs}>{esc}</{tag}>"
        out.append(esc)
        if link_open and WORD.fullmatch(tok):
            link_open -= 1
            if link_open == 0:
                out.append("</a>")
        pos += len(tok)
    if link_open:
        out.append("</a>")
    return "".join(out)


NAMED = {"İ": "&#304;", "ı": "&#305;", "ş": "&#351;", "ğ": "&#287;", "ü": "&uuml;", "ö": "&ouml;",
         "ç": "&ccedil;", "é": "&eacute;", "è": "&egrave;", "©": "&copy;", "’": "&rsquo;",
         "ß": "&szlig;", "ä": "&auml;", "à": "&agrave;", "Ş": "&#x15E;"}


def html_entities(rng, text):
    """Non-ASCII letters as named or numeric character references, some spaces as &nbsp;."""
    out = []
    for ch in text:
        if ch in NAMED and rng.random() < 0.8:
            out.append(NAMED[ch] if rng.random() < 0.7 else f"&#{ord(ch)};")
        elif ord(ch) > 127 and rng.random() < 0.5:
            out.append(f"&#x{ord(ch):X};")
        elif ch == " " and rng.random() < 0.15:
            out.append("&nbsp;")
        else:
            out.append(html.escape(ch, quote=False))
    return "".join(out)


def markdown_marks(rng, text, decisive):
    """Markdown emphasis and links over whole words of the notice, and a line break."""
    words = list(re.finditer(r"(?<!\S)[^\W\d_]{3,}(?=[\s,;:]|$)", text))
    out, last = [], 0
    for m in words:
        r = rng.random()
        if r < 0.08:
            out.append(text[last:m.start()] + f"**{m.group()}**")
        elif r < 0.14:
            out.append(text[last:m.start()] + f"_{m.group()}_")
        elif r < 0.18:
            out.append(text[last:m.start()] + f"[{m.group()}](https://example.org/terms)")
        else:
            continue
        last = m.end()
    out.append(text[last:])
    s = "".join(out)
    k = s.find(" ", len(s) // 2)
    if k > 0:
        s = s[:k] + "\n" + s[k + 1:]
    return s


# ---- documents ----------------------------------------------------------------------------

def esc_xml(s):
    return html.escape(s, quote=False)


def render(fmt, rng, head, paras, lang="en", raw_html=None, charset_meta=True):
    """A document as text: txt, md, html (paras escaped; raw_html: a paragraph already in
    HTML, appended), json or xml (NewsML-G2-like)."""
    if fmt == "txt":
        return "\n\n".join([head] + paras) + "\n"
    if fmt == "md":
        return f"# {head}\n\n" + "\n\n".join(paras) + "\n"
    if fmt == "html":
        body = "\n".join(f"<p>{esc_xml(p)}</p>" for p in paras)
        if raw_html is not None:
            body += f"\n<footer><p>{raw_html}</p></footer>"
        meta = '<meta charset="utf-8">' if charset_meta else ""
        return (f'<!doctype html>\n<html lang="{lang}"><head>{meta}<title>{esc_xml(head)}</title>'
                f"</head>\n<body><article><h1>{esc_xml(head)}</h1>\n{body}\n</article></body></html>\n")
    if fmt == "json":
        return json.dumps({"title": head, "lang": lang, "body": "\n\n".join(paras)},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "xml":
        body = "".join(f"<p>{esc_xml(p)}</p>" for p in paras)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">'
                f"<contentMeta><headline>{esc_xml(head)}</headline></contentMeta><contentSet><inlineXML>"
                f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>'
                "</inlineXML></contentSet></newsItem>\n")
    raise ValueError(fmt)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ZIP_TIME = (2025, 11, 28, 6, 0, 0)


def docx(paras_xml):
    """A minimal DOCX package around paragraphs already in WordprocessingML."""
    buf = io.BytesIO()
    parts = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
         'package/2006/content-types"><Default Extension="rels" ContentType="application/'
         'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
         'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
         '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>'),
        ("word/document.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>'
         + "".join(paras_xml) + "<w:sectPr/></w:body></w:document>"),
    ]
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o100644 << 16
            z.writestr(zi, data.encode("utf-8"))
    return buf.getvalue()


def w_run(text, rng=None):
    props = ""
    if rng is not None:
        props = rng.choice(["", "", "<w:rPr><w:b/></w:rPr>", "<w:rPr><w:i/></w:rPr>",
                            '<w:rPr><w:lang w:val="tr-TR"/></w:rPr>',
                            '<w:rPr><w:rFonts w:ascii="Arial"/><w:sz w:val="20"/></w:rPr>'])
    return f'<w:r>{props}<w:t xml:space="preserve">{esc_xml(text)}</w:t></w:r>'


def w_para(text):
    return f"<w:p>{w_run(text)}</w:p>"


def w_runs_cut(rng, text, decisive):
    """One paragraph whose runs are cut at random places, at least once inside a decisive
    word, with proofing and bookmark marks between some runs."""
    cuts = set(rng.randint(1, len(text) - 1) for _ in range(rng.randint(4, 10)))
    for a, b in protected_spans(text, decisive)[:1]:
        inside = [m for m in WORD.finditer(text, a, b) if len(m.group()) >= 3]
        if inside:
            m = rng.choice(inside)
            cuts.add(rng.randint(m.start() + 1, m.end() - 1))
    pieces, last = [], 0
    for c in sorted(cuts) + [len(text)]:
        if c > last:
            pieces.append(text[last:c])
            last = c
    out = []
    for i, piece in enumerate(pieces):
        out.append(w_run(piece, rng))
        if i + 1 < len(pieces):
            r = rng.random()
            if r < 0.2:
                out.append('<w:proofErr w:type="spellStart"/>')
            elif r < 0.3:
                out.append(f'<w:bookmarkStart w:id="{i}" w:name="_GoBack"/><w:bookmarkEnd w:id="{i}"/>')
    return "<w:p>" + "".join(out) + "</w:p>"


# ---- the corpus --------------------------------------------------------------------------

class Corpus:
    """Units written under out/, with their truth and case."""

    def __init__(self, out, rng):
        self.out, self.rng = out, rng
        self.truth, self.cases, self.count = [], [], {}

    def add(self, case, ext, data, holder=None, cls=None, holder_name=None):
        n = self.count.get(case, 0) + 1
        self.count[case] = n
        rel = f"{case}/{n:04d}.{ext}"
        p = os.path.join(self.out, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        self.cases.append({"path": rel, "case": case})
        if holder:
            t = {"path": rel, "holder": holder, "class": cls}
            if holder_name:
                t["holder_name"] = holder_name
            self.truth.append(t)

    def article(self, case, n, text, fmts=("txt", "txt", "md", "html", "json", "xml"),
                post=None, holder_name=None, **kw):
        """A story in n's language with text as its closing paragraph (none when text is
        empty), in a random format; post(doc) damages the whole document."""
        rng = self.rng
        fmt = rng.choice(fmts)
        paras = paragraphs(rng, n["lang"]) + ([text] if text else [])
        doc = render(fmt, rng, title(rng, n["lang"]), paras, n["lang"], **kw)
        self.add(case, fmt, post(doc) if post else doc, n["holder"], n["class"], holder_name)


def cycle(rng, pool, count):
    """count entries of pool: every entry in turn, each round in a new seeded order."""
    out = []
    while len(out) < count:
        out += rng.sample(pool, len(pool))
    return out[:count]


def long_notices(min_words=10):
    return [n for n in T.NOTICES if len(WORD.findall(n["text"])) >= min_words]


def non_ascii(n):
    return any(ord(c) > 127 for c in n["text"])


def case_text_variants(c, rng):
    """Cases that transform the notice's text, then put it in an ordinary document."""
    tr_ones = [n for n in T.NOTICES if n["lang"] == "tr"]
    latin_na = [n for n in T.NOTICES if non_ascii(n) and n["lang"] in ("tr", "de", "fr", "it", "en", "id")]
    variants = [
        ("baseline", T.NOTICES, lambda n: n["text"]),
        ("upper", T.NOTICES, lambda n: tr_upper(n["text"]) if n["lang"] == "tr" else n["text"].upper()),
        ("lower", T.NOTICES, lambda n: (tr_lower(n["text"]) if n["lang"] == "tr" and rng.random() < 0.5
                                        else n["text"].lower())),
        ("no-diacritics", [n for n in T.NOTICES if strip_diacritics(n["text"]) != n["text"]],
         lambda n: strip_diacritics(n["text"])),
        ("retyped", long_notices(), lambda n: retype(rng, n, n["text"])),
        ("translation", [n for n in T.NOTICES if n["alt"]] + T.TRANSLATIONS,
         lambda n: n["text"] if n in T.TRANSLATIONS and rng.random() < 0.5 else translate(rng, n)),
        ("partial-first", long_notices(12), lambda n: partial(n, True, rng)),
        ("partial-last", long_notices(12), lambda n: partial(n, False, rng)),
        ("mojibake-1254-as-1252", tr_ones, mojibake_1254_as_1252),
        ("mojibake-utf8-as-latin1", latin_na, mojibake_utf8_as_latin1),
    ]
    for case, pool, fn in variants:
        for n in cycle(rng, pool, PER_CASE):
            if case.startswith("mojibake"):
                # the whole document went through the same wrong decoding, then was saved
                # as UTF-8 (an HTML page keeps its meta charset="utf-8")
                c.article(case, n, n["text"], fmts=("txt", "md", "html"), post=fn)
            else:
                c.article(case, n, fn(n))


def case_layout(c, rng):
    """Wrapping, hyphenation, HTML markup, entities, Markdown and Word runs."""
    pool = long_notices(8)
    for n in cycle(rng, pool, PER_CASE):
        width = rng.randint(60, 72)
        paras = paragraphs(rng, n["lang"]) + [n["text"]]
        doc = "\n\n".join(wrap(p, width) for p in [title(rng, n["lang"])] + paras) + "\n"
        c.add("wrapped", rng.choice(["txt", "md"]), doc, n["holder"], n["class"])
    for n in cycle(rng, pool, PER_CASE):
        width = rng.randint(60, 72)
        paras = paragraphs(rng, n["lang"]) + [n["text"]]
        doc = "\n\n".join(wrap(p, width, True, rng) for p in [title(rng, n["lang"])] + paras) + "\n"
        c.add("hyphenated", rng.choice(["txt", "md"]), doc, n["holder"], n["class"])
    for n in cycle(rng, T.NOTICES, PER_CASE):
        raw = html_split(rng, n["text"], n["decisive"])
        if rng.random() < 0.3 and ":" in raw[:40] and "<" not in raw[:raw.index(":")]:
            k = raw.index(":") + 1
            raw = f"<strong>{raw[:k]}</strong>{raw[k:]}"
        c.article("html-split", n, "", fmts=("html",), raw_html=raw)
    for n in cycle(rng, [m for m in T.NOTICES if non_ascii(m)], PER_CASE):
        c.article("html-entities", n, "", fmts=("html",), raw_html=html_entities(rng, n["text"]))
    for n in cycle(rng, long_notices(8), PER_CASE):
        c.article("markdown-marks", n, markdown_marks(rng, n["text"], n["decisive"]), fmts=("md",))
    for n in cycle(rng, T.NOTICES, PER_CASE):
        body = [w_para(title(rng, n["lang"]))] + [w_para(p) for p in paragraphs(rng, n["lang"])]
        body.append(w_runs_cut(rng, n["text"], n["decisive"]))
        c.add("docx-runs", "docx", docx(body), n["holder"], n["class"])


def generic(lang, text):
    """A generic notice as a notice entry: holder unknown, class restricted."""
    return {"holder": "unknown", "class": "restricted", "lang": lang, "text": text, "decisive": [], "alt": []}


def legacy(c, rng, case, codec, pool):
    for n in cycle(rng, pool, PER_CASE):
        fmt = rng.choice(["txt", "txt", "html", "md"])
        doc = render(fmt, rng, title(rng, n["lang"]), paragraphs(rng, n["lang"]) + [n["text"]],
                     n["lang"], charset_meta=False)
        c.add(case, fmt, doc.encode(codec), n["holder"], n["class"])


def case_encodings(c, rng):
    """Files in legacy 8-bit charsets with no declaration, UTF-16 with a BOM, JSON with
    \\u escapes."""
    legacy(c, rng, "legacy-cp1254", "cp1254", [n for n in T.NOTICES if n["lang"] == "tr"] +
           [generic(l, t) for l, t in T.GENERIC_TERMS if l == "tr"])
    legacy(c, rng, "legacy-cp1252", "cp1252",
           [n for n in T.NOTICES if n["lang"] in ("fr", "de", "it") or n["holder"] in ("ap", "bloomberg")] +
           [generic(l, f"© 2025 {h}. {p}") for l, h, p in T.GENERIC_ARR
            if l in ("de", "fr", "es", "it", "pt", "nl", "sv", "da")])
    ru = [generic(l, f"© 2025 {h}. {p}") for l, h, p in T.GENERIC_ARR if l in ("ru", "uk")]
    for i in range(PER_CASE):
        kind = i % 3
        if kind == 0:
            n = ru[i % 2]
            paras = paragraphs(rng, n["lang"]) + [n["text"]]
            holder = "unknown"
        elif kind == 1:
            holder = rng.choice(["tass", "ria"])
            d = fill_slots(rng, [t for h, l, t in T.DATELINES if h == holder][0])
            paras = paragraphs(rng, "ru")
            paras[0] = d + paras[0]
        else:
            holder = "ria"
            paras = paragraphs(rng, "ru") + ["Фото: " + fill_slots(rng, "© РИА Новости / {RUNAME}")]
        doc = render(rng.choice(["txt", "html"]), rng, title(rng, "ru"), paras, "ru", charset_meta=False)
        c.add("legacy-cp1251", "txt" if doc[0] != "<" else "html", doc.encode("cp1251"), holder, "restricted")
    for n in cycle(rng, T.NOTICES, PER_CASE):
        fmt = rng.choice(["txt", "txt", "html", "xml"])
        doc = render(fmt, rng, title(rng, n["lang"]), paragraphs(rng, n["lang"]) + [n["text"]], n["lang"],
                     charset_meta=False)
        if fmt == "xml":
            doc = doc.replace('encoding="UTF-8"', 'encoding="UTF-16"')
        data = doc.encode("utf-16") if rng.random() < 0.6 else b"\xfe\xff" + doc.encode("utf-16-be")
        c.add("utf16-bom", fmt, data, n["holder"], n["class"])
    for i, n in enumerate(cycle(rng, T.NOTICES, PER_CASE)):
        doc = {"id": f"item-{i:04d}", "headline": title(rng, n["lang"]),
               "body": "\n\n".join(paragraphs(rng, n["lang"]))}
        if rng.random() < 0.5:
            doc["body"] += "\n\n" + n["text"]
        else:
            doc[rng.choice(["copyright", "rights", "footer"])] = n["text"]
        s = json.dumps(doc, ensure_ascii=True)
        if rng.random() < 0.5:
            s = s.replace("/", "\\/")  # PHP's json_encode
        c.add("json-escapes", "json", s + "\n", n["holder"], n["class"])


NEWSML = ('<?xml version="1.0" encoding="UTF-8"?>\n<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" '
          'guid="urn:newsml:example:{guid}" version="1"><itemMeta><itemClass qcode="ninat:text"/>'
          '</itemMeta>{rights}<contentMeta><headline>{head}</headline>{credit}</contentMeta>'
          '<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">'
          '<body>{body}</body></html></inlineXML></contentSet></newsItem>\n')
NITF = ('<?xml version="1.0" encoding="UTF-8"?>\n<nitf><head><title>{head}</title><docdata>'
        '<doc-id id-string="{guid}"/>{copyright}</docdata></head><body><body.head><hedline><hl1>{head}'
        '</hl1></hedline>{byline}</body.head><body.content>{body}</body.content></body></nitf>\n')


def xml_text(rng, s):
    """XML character data; some non-ASCII letters as numeric references."""
    return "".join(f"&#x{ord(ch):X};" if ord(ch) > 127 and rng.random() < 0.4 else esc_xml(ch) for ch in s)


def case_feeds(c, rng):
    """NewsML-G2 items with the notice in rightsInfo, and NITF items whose rights are
    attributes and header elements."""
    g2 = [("ap", "en", T.AP_EN, "The Associated Press"), ("reuters", "en", T.REUTERS_LINE, "Thomson Reuters"),
          ("dpa", "de", "Copyright 2022, dpa (www.dpa.de). Alle Rechte vorbehalten", "dpa"),
          ("ansa", "en", T.ANSA_EN, "ANSA"), ("aap", "en", T.AAP_EN, "AAP"), ("ilkha", "tr", T.ILKHA_TR, "İLKHA"),
          ("afp", "en", "© 2024 AFP", "AFP"), ("ana-mpa", "el", "© 2018 ΑΘΗΝΑΪΚΟ ΠΡΑΚΤΟΡΕΙΟ ΕΙΔΗΣΕΩΝ - "
                                                "ΜΑΚΕΔΟΝΙΚΟ ΠΡΑΚΤΟΡΕΙΟ ΕΙΔΗΣΕΩΝ", "ΑΠΕ-ΜΠΕ")]
    for i, (holder, lang, notice, credit) in enumerate(cycle(rng, g2, PER_CASE)):
        usage = ('<usageTerms xml:lang="de">Nutzung nur nach schriftlicher Vereinbarung mit dpa</usageTerms>'
                 if holder == "dpa" else "")
        rights = (f'<rightsInfo><copyrightHolder><name>{xml_text(rng, credit)}</name></copyrightHolder>'
                  f'<copyrightNotice xml:lang="{lang}">{xml_text(rng, notice)}</copyrightNotice>{usage}</rightsInfo>')
        if rng.random() < 0.4:  # the notice closes the body instead
            body_notice, rights = f"<p>{xml_text(rng, notice)}</p>", ""
        else:
            body_notice = ""
        body = "".join(f"<p>{xml_text(rng, p)}</p>" for p in paragraphs(rng, lang)) + body_notice
        doc = NEWSML.format(guid=f"{i:05d}", rights=rights, head=esc_xml(title(rng, lang)),
                            credit=f"<creditline>{esc_xml(credit)}</creditline>" if rng.random() < 0.5 else "",
                            body=body)
        c.add("newsml", "xml", doc, holder, "restricted")
    nitf = [("pa", '<doc.copyright holder="Press Association" year="2016"/>'),
            ("ritzau", '<doc.copyright year="2016" holder="Ritzau" />'),
            ("efe", "<rights><rights.owner>Agencia EFE</rights.owner></rights>"),
            ("ap", '<doc.copyright holder="AP" year="2024" />'),
            ("afp", '<doc.copyright year="2014" holder="Agence France Presse"/>')]
    for i, (holder, cp) in enumerate(cycle(rng, nitf, PER_CASE // 2)):
        lang = {"ritzau": "da", "efe": "es"}.get(holder, "en")
        body = "".join(f"<p>{esc_xml(p)}</p>" for p in paragraphs(rng, lang))
        byline = "<byline>By The Associated Press</byline>" if holder == "ap" and rng.random() < 0.5 else ""
        c.add("nitf-rights", "xml", NITF.format(head=esc_xml(title(rng, lang)), guid=f"n{i:04d}", copyright=cp,
                                                byline=byline, body=body), holder, "restricted")


def case_positions(c, rng):
    """Datelines, closing agency tags and photo credits, in their places."""
    for i, (holder, lang, tmpl) in enumerate(cycle(rng, T.DATELINES, PER_CASE * 2)):
        d = fill_slots(rng, tmpl)
        paras = paragraphs(rng, lang)
        fmt = rng.choice(["txt", "txt", "md", "html", "json", "xml"])
        if fmt == "html" and rng.random() < 0.5:
            raw_first = f"<strong>{esc_xml(d.strip())}</strong> {esc_xml(paras[0])}"
            doc = render("html", rng, title(rng, lang), paras[1:], lang).replace(
                "<p>", f"<p>{raw_first}</p>\n<p>", 1)
        else:
            paras[0] = d + paras[0]
            doc = render(fmt, rng, title(rng, lang), paras, lang)
        c.add("dateline", fmt, doc, holder, "restricted")
    for i, (holder, lang, tmpl) in enumerate(cycle(rng, T.CLOSINGS, PER_CASE * 2)):
        tag = fill_slots(rng, tmpl)
        paras = paragraphs(rng, lang)
        k = rng.randrange(len(paras)) if tag.startswith(" (") and holder == "ilkha" else len(paras) - 1
        first, *rest = tag.split("\n\n")
        paras[k] += first  # "\n" starts a line of its own in the same paragraph, "\n\n" a paragraph
        paras[k + 1:k + 1] = rest
        fmt = rng.choice(["txt", "txt", "md", "html", "json"])
        c.add("closing-tag", fmt, render(fmt, rng, title(rng, lang), paras, lang), holder, "restricted")
    for i, (holder, tmpl) in enumerate(cycle(rng, T.CREDITS, PER_CASE * 2)):
        lang = "ru" if holder == "ria" else ("de" if holder == "dpa" else "en")
        credit = fill_slots(rng, tmpl)
        caption = filler(rng, lang, 1)
        fmt = rng.choice(["html", "html", "txt", "md"])
        head, paras = title(rng, lang), paragraphs(rng, lang)
        if fmt == "html":
            fig = (f'<figure><img src="/img/{i:04d}.jpg" alt=""><figcaption>{esc_xml(caption)} '
                   f"{esc_xml(credit)}</figcaption></figure>")
            doc = render("html", rng, head, paras, lang).replace("</h1>\n", f"</h1>\n{fig}\n", 1)
        elif fmt == "md":
            doc = f"# {head}\n\n![photo](/img/{i:04d}.jpg)\n*{caption} {credit}*\n\n" + "\n\n".join(paras) + "\n"
        else:
            doc = f"{head}\n\n{caption} {credit}\n\n" + "\n\n".join(paras) + "\n"
        c.add("photo-credit", fmt, doc, holder, "restricted")


def case_generic(c, rng):
    """Generic notices naming a holder in 20+ languages, restrictive terms with no holder,
    and licences in other words."""
    forms = ["© {y} {h}. {p}", "Copyright © {y} {h}. {p}", "© {h} {y}. {p}", "{p} © {y} {h}"]
    pool = [("arr", l, h, p) for l, h, p in T.GENERIC_ARR] + [("other", l, t, h) for l, t, h in T.GENERIC_OTHER]
    for kind, lang, a, b in cycle(rng, pool, len(pool) * 2):
        if kind == "arr":  # a: the holder's name, b: the phrase
            text, name = rng.choice(forms).format(y=rng.choice([2019, 2024, 2025]), h=a, p=b), a
        else:              # a: the whole notice, b: the holder's name or None
            text, name = a, b
        c.article("generic-holder", generic(lang, text), text, fmts=("txt", "html", "md"), holder_name=name)
    for i, (lang, text) in enumerate(cycle(rng, T.GENERIC_TERMS, PER_CASE + 10)):
        c.article("generic-terms", generic(lang, text), text, fmts=("txt", "html", "md", "json"))
    for i, (holder, cls, lang, text) in enumerate(cycle(rng, T.LICENCES, PER_CASE)):
        text = fill_slots(rng, text)
        n = {"holder": holder, "class": cls, "lang": lang}
        if "<a " in text:
            c.article("cc-licence", n, "", fmts=("html",), raw_html=text)
        else:
            c.article("cc-licence", n, text, fmts=("txt", "html", "md"))


SRC_COMMENT = {"c": (" * ", "/*\n", " */\n"), "js": ("// ", "", ""), "py": ("# ", "", ""),
               "go": ("// ", "", ""), "java": (" * ", "/*\n", " */\n")}
SRC_BODY = {"c": "int main(void)\n{\n    return 0;\n}\n", "js": "export function add(a, b) {\n  return a + b;\n}\n",
            "py": "def add(a, b):\n    return a + b\n", "go": "package main\n\nfunc main() {}\n",
            "java": "public class Main {\n    public static void main(String[] args) {}\n}\n"}


def case_decoys(c, rng):
    """Units that carry no rights signal (class none)."""
    def story(case, lang, text, fmts=("txt", "html", "md", "json")):
        fmt = rng.choice(fmts)
        paras = paragraphs(rng, lang, 1, 3)
        paras.insert(rng.randint(0, len(paras)), text)
        c.add(case, fmt, render(fmt, rng, title(rng, lang), paras, lang))
    for i, (lang, text) in enumerate(cycle(rng, T.MENTIONS, len(T.MENTIONS) * 2)):
        story("decoy-mention", lang, text)
    for i, (lang, text) in enumerate(cycle(rng, T.LOOKALIKES, len(T.LOOKALIKES) * 2)):
        story("decoy-lookalike", lang, text)
    for i, (lang, text) in enumerate(cycle(rng, T.AGENCY_NEWS, len(T.AGENCY_NEWS) * 3)):
        story("decoy-agency-news", lang, text)
    for i, (lang, text) in enumerate(cycle(rng, T.NEAR_MISSES, len(T.NEAR_MISSES) * 2)):
        story("decoy-near-miss", lang, text)
    for i in range(15):
        law = T.PRESS_LAW if i % 3 else T.PRESS_LAW.replace("beş milyar", "beşmilyar").replace("on milyar", "onmilyar")
        if i % 2:
            law = wrap(law, rng.randint(60, 72))
        story("decoy-press-law", "tr", "Basın Kanunu'nun ilgili maddesi şöyle:\n" + law, ("txt", "html", "md"))
    bodies = [("BSD", T.BSD_BODY), ("MIT", T.MIT_BODY), ("Apache-2.0", T.APACHE_BODY), ("BSD-3-Clause", T.GO_BODY)]
    for i in range(30):
        ext = ["c", "js", "py", "go", "java"][i % 5]
        spdx, body = bodies[(i // 5) % 4]
        holder = T.SOFTWARE_HOLDERS[i % len(T.SOFTWARE_HOLDERS)]
        pre, start, end = SRC_COMMENT[ext]
        lines = [f"Copyright (c) {2014 + i % 10} {holder}", "All rights reserved."]
        if i % 3 == 0:
            lines = [f"Copyright {2014 + i % 10} {holder}{'' if holder.endswith('.') else '.'} All rights reserved."]
        lines += [""] + wrap(body, 76).split("\n")
        if i % 4 == 0:
            lines = [f"SPDX-License-Identifier: {spdx}"] + lines
        header = start + "".join((pre + ln).rstrip() + "\n" for ln in lines) + end
        c.add("decoy-software-licence", ext, header + "\n" + SRC_BODY[ext])
    langs = ["en", "tr", "de", "fr", "es", "ru", "ar", "zh", "ko", "el"]
    legacy_codec = {"tr": "cp1254", "ru": "cp1251", "de": "cp1252", "fr": "cp1252", "es": "cp1252", "en": "cp1252"}
    for i in range(40):
        lang, kind = langs[i % len(langs)], i % 4
        fmt = rng.choice(["txt", "html", "md", "json", "xml"])
        if kind == 0:
            c.add("decoy-clean", "docx", docx([w_runs_cut(rng, p, []) for p in paragraphs(rng, lang)]))
            continue
        doc = render(fmt, rng, title(rng, lang), paragraphs(rng, lang), lang, charset_meta=kind == 3)
        if kind == 1 and lang in legacy_codec and fmt != "xml":
            c.add("decoy-clean", fmt, doc.encode(legacy_codec[lang]))
        elif kind == 2 and fmt != "xml":
            c.add("decoy-clean", fmt, doc.encode("utf-16"))
        else:
            c.add("decoy-clean", fmt, doc)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20251130)
    a = ap.parse_args()
    for n in T.NOTICES + T.TRANSLATIONS:  # the material is consistent
        missing = [d for d in n["decisive"] if d not in n["text"]]
        assert not missing, f"{n['holder']}: decisive phrases {missing} not in the text"
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    c = Corpus(a.out, rng)
    case_text_variants(c, rng)
    case_layout(c, rng)
    case_encodings(c, rng)
    case_feeds(c, rng)
    case_positions(c, rng)
    case_generic(c, rng)
    case_decoys(c, rng)
    with open(os.path.join(a.out, "TRUTH.jsonl"), "w", encoding="utf-8") as f:
        for t in sorted(c.truth, key=lambda t: t["path"]):
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    with open(os.path.join(a.out, "CASES.jsonl"), "w", encoding="utf-8") as f:
        for t in sorted(c.cases, key=lambda t: t["path"]):
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    print(f"{len(c.cases)} units ({len(c.truth)} with a signal) in {len(c.count)} cases -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
