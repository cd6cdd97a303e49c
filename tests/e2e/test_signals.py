#!/usr/bin/env python3
"""test_signals.py — properties and conflicts through the real binary: AI/TDM reservations
(meta tags, robots.txt, .well-known/tdmrep.json), embargo and expiry against --as-of,
layers that disagree, and .xmp sidecars linked to their image."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rstest  # noqa: E402
from rstest import case  # noqa: E402


def props(u, kind):
    return [p for p in u.get("properties", []) if p["kind"] == kind]


@case
def tdm_meta_and_robots(t):
    t.write("site/a.html", '<html><head><meta name="tdm-reservation" content="1">'
                           '<meta name="robots" content="noai"></head><body><p>'
                           + rstest.CLEAN_EN + "</p></body></html>")
    t.write("site/robots.txt", "User-agent: *\nAllow: /\n\nUser-agent: GPTBot\n"
                               "User-agent: CCBot\nDisallow: /\n")
    t.write("site/clean.html", "<html><body><p>" + rstest.CLEAN_EN + "</p></body></html>")
    rep = t.scan("site")
    t.eq(rep.rc, 0, "AI reservations do not change the exit status", rep)
    a = t.unit(rep, "site/a.html")
    fields = sorted(p["field"] for p in props(a, "ai-reservation"))
    t.eq(fields, ["html:meta:robots", "html:meta:tdm-reservation"], "properties of a.html")
    r = props(t.unit(rep, "site/robots.txt"), "ai-reservation")
    t.eq(len(r), 1, "robots.txt reservation")
    t.eq(r[0]["raw"], "GPTBot, CCBot", "the crawlers blocked")
    t.check(rep.unit("site/clean.html") is None, "a clean page is not listed")
    t.eq(rep.summary["ai_reserved"], 2, "summary ai_reserved")


@case
def tdmrep_json_covers_paths(t):
    t.write("site/.well-known/tdmrep.json",
            '[{"location": "/articles/*", "tdm-reservation": 1,'
            ' "tdm-policy": "https://example.org/policy.json"},'
            ' {"location": "/articles/open/*", "tdm-reservation": 0}]')
    t.write("site/articles/2025/a.txt", rstest.CLEAN_EN)
    t.write("site/articles/open/b.txt", rstest.CLEAN_EN)
    t.write("site/blog/c.txt", rstest.CLEAN_EN)
    rep = t.scan("--all", "site")
    a = props(t.unit(rep, "site/articles/2025/a.txt"), "ai-reservation")
    t.eq([(p["field"], p["active"]) for p in a], [("tdmrep.json", True)], "a.txt")
    t.check("https://example.org/policy.json" in a[0]["raw"], "the policy is shown", a)
    b = props(t.unit(rep, "site/articles/open/b.txt"), "ai-reservation")
    t.eq([p["active"] for p in b], [False], "b.txt: the longer location says not reserved")
    t.eq(props(t.unit(rep, "site/blog/c.txt"), "ai-reservation"), [], "c.txt is not covered")


@case
def embargo_and_expiry_as_of(t):
    t.write("feed/item.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" version="1">\n'
            '<itemMeta><embargoed>2026-12-01T10:00:00Z</embargoed></itemMeta>\n'
            '<contentSet><inlineXML><p>' + rstest.CLEAN_EN + '</p></inlineXML></contentSet>\n'
            '</newsItem>\n')
    t.write("feed/story.nitf.xml",
            '<?xml version="1.0"?>\n<nitf><head><docdata>'
            '<date.expire norm="20261101T000000Z"/></docdata></head>'
            '<body><body.content><p>' + rstest.CLEAN_EN + '</p></body.content></body></nitf>\n')
    before = t.scan("--as-of", "2026-11-30", "feed")
    e = props(t.unit(before, "feed/item.xml"), "embargo")
    t.eq([(p["value"], p["active"]) for p in e], [("2026-12-01T10:00:00Z", True)], "embargo")
    x = props(t.unit(before, "feed/story.nitf.xml"), "expiry")
    t.eq([p["active"] for p in x], [True], "expired on 1 November")
    t.eq((before.summary["embargoed"], before.summary["expired"]), (1, 1), "summary")
    after = t.scan("--as-of", "2026-12-02T00:00:00Z", "feed", "--all")
    e = props(t.unit(after, "feed/item.xml"), "embargo")
    t.eq([p["active"] for p in e], [False], "the embargo has lifted")
    bad = t.run("scan", "--as-of", "next tuesday", "feed")
    t.eq(bad.rc, 2, "a bad --as-of is a usage error", bad)


@case
def layers_that_disagree(t):
    t.write("a.html", '<html><head><meta name="copyright" content="Agence France-Presse">'
                      '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
                      '</head><body><p>ISTANBUL (Reuters) - ' + rstest.CLEAN_EN +
                      '</p></body></html>')
    rep = t.scan("a.html")
    u = t.unit(rep, "a.html")
    whys = sorted(c["why"] for c in u.get("conflicts", []))
    t.check("classes differ" in whys, "a restricted byline against a CC BY licence", u)
    t.eq(rep.summary["conflicts"], 1, "summary conflicts")


@case
def xmp_sidecar_is_linked(t):
    t.write("photos/p-0001.jpg", rstest.jpeg_bytes())
    t.write("photos/p-0001.xmp",
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
            'photoshop:Credit="AFP"/></rdf:RDF></x:xmpmeta>')
    rep = t.scan("photos")
    u = t.unit(rep, "photos/p-0001.xmp")
    t.eq(u.get("sidecar_of"), "photos/p-0001.jpg", "sidecar_of")
    t.eq(u["holder"], "afp", "the sidecar's credit")


if __name__ == "__main__":
    sys.exit(rstest.main())
