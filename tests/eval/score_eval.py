#!/usr/bin/env python3
"""score_eval.py — scores a rightscan report against the evaluation corpus, overall and
per case, so that a weak variant is visible.

    score_eval.py TRUTH.jsonl CASES.jsonl REPORT.jsonl [--min recall=0.98,...] [--show N]

REPORT.jsonl is `rightscan scan -f jsonl` output (with or without --all; the summary line
is ignored). A unit is detected when its class is not "none". The figures are those of the
benchmark's score.py: precision and recall of detection, and the share of true detections
whose holder and class are right (a truth holder of "*" accepts any). Also reported, not
gated: "name", the share of generic notices naming a holder whose unit-level holder_name
is that name. Exit status 1 when a --min threshold is not met. Standard library only.
"""
import argparse
import json
import sys

FIGURES = ("recall", "precision", "holder", "class")


def read_jsonl(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [json.loads(line) for line in f if line.strip()]


def strip_path(p, root=""):
    if root and p.startswith(root):
        p = p[len(root):].lstrip("/")
    while p.startswith("./"):
        p = p[2:]
    return p


def load(truth_path, cases_path, report_path, root=""):
    truth = {t["path"]: t for t in read_jsonl(truth_path)}
    cases = {c["path"]: c["case"] for c in read_jsonl(cases_path)}
    units = {}
    for u in read_jsonl(report_path):
        if u.get("type", "unit") == "unit" and "path" in u:
            units[strip_path(u["path"], root)] = u
    return truth, cases, units


def ratio(a, b):
    return a / b if b else None


def figures(paths, truth, units, known=None):
    """Counts and figures over the units in paths; with known (the holder ids that have a
    loaded signature), also "ok_known": the share of truth units whose holder is known that
    were detected with the right holder and class (robustness apart from coverage)."""
    det = [p for p in paths if p in units and units[p].get("class", "none") != "none"]
    pos = [p for p in paths if p in truth]
    tp = [p for p in det if p in truth]
    fp = [p for p in det if p not in truth]
    fn = [p for p in pos if p not in det]
    holder_ok = [p for p in tp if truth[p]["holder"] in ("*", units[p].get("holder"))]
    class_ok = [p for p in tp if units[p].get("class") == truth[p]["class"]]
    named = [p for p in tp if truth[p].get("holder_name")]
    name_ok = [p for p in named if norm_name(units[p].get("holder_name")) == norm_name(truth[p]["holder_name"])]
    problems = [p for p in paths if p in units and units[p].get("status") != "scanned"]
    pos_known = [p for p in pos if known is None or truth[p]["holder"] in known or truth[p]["holder"] == "*"]
    ok_known = [p for p in pos_known if p in det and truth[p]["holder"] in ("*", units[p].get("holder"))
                and units[p].get("class") == truth[p]["class"]]
    unreported = [p for p in paths if p not in units]
    return {
        "units": len(paths), "truth": len(pos), "detected": len(det), "tp": len(tp), "fp": len(fp),
        "fn": len(fn), "recall": ratio(len(tp), len(pos)), "precision": ratio(len(tp), len(det)),
        "holder": ratio(len(holder_ok), len(tp)), "class": ratio(len(class_ok), len(tp)),
        "name": ratio(len(name_ok), len(named)), "ok_known": ratio(len(ok_known), len(pos_known)), "problems": len(problems), "unreported": len(unreported),
        "_fp": fp, "_fn": fn, "_holder_bad": [p for p in tp if p not in holder_ok],
        "_class_bad": [p for p in tp if p not in class_ok], "_problems": problems,
    }


def norm_name(s):
    return " ".join((s or "").split()).strip(" .").casefold()


def score(truth, cases, units, known=None):
    """{"overall": figures, "cases": {case: figures}} over every unit of the corpus."""
    by_case = {}
    for p, c in cases.items():
        by_case.setdefault(c, []).append(p)
    every = sorted(cases)
    return {"overall": figures(every, truth, units, known), "known": known is not None,
            "cases": {c: figures(sorted(ps), truth, units, known) for c, ps in sorted(by_case.items())}}


def fmt(v):
    return "    -" if v is None else f"{v:5.3f}"


def table(result):
    """The per-case table and the overall line, as text."""
    kn = result.get("known")
    head = (f"{'case':<26} {'units':>5} {'truth':>5} {'det':>5} {'tp':>5} {'fp':>4} {'fn':>4} "
            f"{'recall':>6} {'prec':>6} {'holder':>6} {'class':>6} {'fail':>4}" + (f" {'ok/sig':>7}" if kn else ""))
    rows = [head, "-" * len(head)]

    def row(name, f):
        flag = ""
        if f["truth"] and (f["recall"] or 0) < 0.98:
            flag = "  <- recall"
        elif f["fp"]:
            flag = "  <- false alarms"
        elif f["tp"] and ((f["holder"] or 0) < 0.98 or (f["class"] or 0) < 0.98):
            flag = "  <- holder/class"
        return (f"{name:<26} {f['units']:>5} {f['truth']:>5} {f['detected']:>5} {f['tp']:>5} {f['fp']:>4} "
                f"{f['fn']:>4} {fmt(f['recall']):>6} {fmt(f['precision']):>6} {fmt(f['holder']):>6} "
                f"{fmt(f['class']):>6} {f['problems']:>4}" + (f" {fmt(f['ok_known']):>7}" if kn else "") + flag)
    for c, f in result["cases"].items():
        rows.append(row(c, f))
    rows.append("-" * len(head))
    rows.append(row("OVERALL", result["overall"]))
    o = result["overall"]
    rows.append(f"holder_name of generic notices naming one: {fmt(o['name']).strip()} (not gated)")
    if kn:
        rows.append("ok/sig: of the units whose holder has a loaded signature, the share found with the "
                    "right holder and class (not gated)")
    return "\n".join(rows)


def describe(u):
    if u is None:
        return "not in the report"
    if u.get("status") != "scanned":
        return f"{u.get('status')}: {u.get('reason')}"
    fs = u.get("findings") or []
    parts = [f"{f.get('signature')}/{f.get('kind')} \"{(f.get('excerpt') or '')[:70]}\"" for f in fs[:3]]
    return f"class={u.get('class')} holder={u.get('holder')}" + (": " + "; ".join(parts) if parts else "")


def details(result, truth, units, show):
    """Up to show misses, wrong holders/classes and false alarms per case."""
    out = []
    for c, f in result["cases"].items():
        for key, what in (("_fn", "miss"), ("_holder_bad", "holder"), ("_class_bad", "class"), ("_fp", "false")):
            for p in f[key][:show]:
                want = f"{truth[p]['holder']}/{truth[p]['class']}" if p in truth else "none"
                out.append(f"  {what:<6} {p} (want {want}) -> {describe(units.get(p))}")
    return "\n".join(out)


def short_of(result, mins):
    o, short = result["overall"], []
    for k, v in mins.items():
        got = o[k] if o[k] is not None else 0.0
        if got < v:
            short.append(f"{k} {got:.3f} < {v}")
    return short


def parse_min(s):
    out = {}
    for item in filter(None, s.split(",")):
        k, v = item.split("=")
        if k not in FIGURES:
            raise SystemExit(f"unknown figure {k!r} (one of {', '.join(FIGURES)})")
        out[k] = float(v)
    return out


def public(result):
    """The result without the path lists (for a JSON file)."""
    def clean(f):
        return {k: v for k, v in f.items() if not k.startswith("_")}
    return {"overall": clean(result["overall"]), "cases": {c: clean(f) for c, f in result["cases"].items()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("truth")
    ap.add_argument("cases")
    ap.add_argument("report")
    ap.add_argument("--root", default="", help="prefix to strip from report paths")
    ap.add_argument("--min", default="", help="e.g. recall=0.98,precision=0.99,holder=0.98,class=0.98")
    ap.add_argument("--show", type=int, default=3, help="misses and false alarms to list per case")
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()
    truth, cases, units = load(a.truth, a.cases, a.report, a.root)
    result = score(truth, cases, units)
    print(table(result))
    if a.show:
        d = details(result, truth, units, a.show)
        if d:
            print("\ndetails (first %d per case):\n%s" % (a.show, d))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(public(result), f, indent=1)
    short = short_of(result, parse_min(a.min))
    print(("SHORT: " + "; ".join(short)) if short else "ok")
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
