/* signals.c — what a unit says beyond its notices: AI/TDM reservations, embargo and
 * expiry times, and layers that disagree (conflicts).
 *
 * Extractors name structured fields after their standard (html:meta:tdm-reservation,
 * xmp:plus:DataMining, iptc:2:030, newsml:embargoed, nitf:date.expire, ...); this module
 * reads those fields, the findings of the "AI training prohibited" notices and robots.txt
 * rules, and turns them into rs_property values. Conflicts compare findings from different
 * layers (body text against metadata): a restricted notice against an open licence, or two
 * named holders where one is a metadata credit.
 */
#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *rs_prop_kind_name(rs_prop_kind k)
{
    switch (k) {
    case RS_PROP_AI_RESERVED:
        return "ai-reservation";
    case RS_PROP_EMBARGO:
        return "embargo";
    case RS_PROP_EXPIRY:
        return "expiry";
    }
    return "ai-reservation";
}

void rs_signals_init(rs_signals *sg)
{
    memset(sg, 0, sizeof *sg);
    rs_buf_init(&sg->strings, 0);
}

void rs_signals_free(rs_signals *sg)
{
    free(sg->props);
    free(sg->offs);
    free(sg->conf);
    rs_buf_free(&sg->strings);
    memset(sg, 0, sizeof *sg);
}

/* Appends s[0..n) (whitespace collapsed, cut) to the arena; returns its offset. */
static rs_err put(rs_buf *b, const char *s, size_t n, size_t *at)
{
    *at = b->len;
    rs_err e = RS_OK;
    bool space = false;
    size_t start = b->len;
    for (size_t i = 0; i < n && !e; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            space = b->len > start;
            continue;
        }
        if (b->len - start >= 200 && (c & 0xC0) != 0x80) break;
        if (space) e = rs_buf_putc(b, ' ');
        space = false;
        if (!e) e = rs_buf_putc(b, (char)c);
    }
    return e ? e : rs_buf_putc(b, '\0');
}

static rs_err add_prop(rs_signals *sg, rs_prop_kind kind, bool active, const char *value,
                       const char *field, const char *raw, size_t rawlen)
{
    for (size_t i = 0; i < sg->nprops; i++) /* one property per kind and field */
        if (sg->props[i].kind == kind && !strcmp(sg->strings.data + sg->offs[i].field, field))
            return RS_OK;
    if (sg->nprops == sg->cap) {
        size_t cap = sg->cap ? sg->cap * 2 : 4;
        rs_property *p = realloc(sg->props, cap * sizeof *p);
        if (!p) return RS_ERR_NOMEM;
        sg->props = p;
        struct rs_propoffs *o = realloc(sg->offs, cap * sizeof *o);
        if (!o) return RS_ERR_NOMEM;
        sg->offs = o;
        sg->cap = cap;
    }
    struct rs_propoffs *o = &sg->offs[sg->nprops];
    rs_err e = put(&sg->strings, value, strlen(value), &o->value);
    if (!e) e = put(&sg->strings, field, strlen(field), &o->field);
    if (!e) e = put(&sg->strings, raw, rawlen, &o->raw);
    if (e) return e;
    sg->props[sg->nprops++] = (rs_property){.kind = kind, .active = active};
    return RS_OK;
}

/* ---- times ---- */

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Parses "2026-12-01", "2026-12-01T10:00:00Z", "...+03:00", "20261201", "20261201T100000Z",
 * "20261201T100000+0300" (NITF norm, IPTC date + time). Returns false when it is none. */
bool rs_parse_time(const char *s, int64_t *out)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    struct tm tm = {0};
    int y, mo, d, h = 0, mi = 0, se = 0;
    bool dashed = n >= 10 && s[4] == '-';
    if (dashed) {
        if (s[7] != '-') return false;
        y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
        s += 10;
    } else {
        if (n < 8) return false;
        y = digits(s, 4), mo = digits(s + 4, 2), d = digits(s + 6, 2);
        s += 8;
    }
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    if (*s == 'T' || *s == ' ') {
        s++;
        if (strlen(s) < 4) return false;
        h = digits(s, 2);
        s += 2;
        if (*s == ':') s++;
        if (strlen(s) < 2) return false;
        mi = digits(s, 2);
        s += 2;
        if (isdigit((unsigned char)*s) || (*s == ':' && isdigit((unsigned char)s[1]))) {
            if (*s == ':') s++;
            if (strlen(s) < 2) return false;
            se = digits(s, 2);
            s += 2;
        }
        while (*s == '.' || isdigit((unsigned char)*s))
            s++; /* fractions */
        if (h < 0 || h > 24 || mi < 0 || mi > 59 || se < 0 || se > 60) return false;
    }
    int off = 0;
    if (*s == '+' || *s == '-') {
        size_t r = strlen(s);
        if (r < 5) return false;
        int sign = *s == '-' ? -1 : 1, oh = digits(s + 1, 2), om;
        om = s[3] == ':' ? (r >= 6 ? digits(s + 4, 2) : -1) : digits(s + 3, 2);
        if (oh < 0 || om < 0) return false;
        off = sign * (oh * 3600 + om * 60);
    }
    tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d;
    tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = se;
    *out = (int64_t)timegm(&tm) - off;
    return true;
}

static void iso(int64_t t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The text of a field (or NULL) as a NUL-terminated copy in buf. */
static const char *value_of(const rs_fields *fs, const char *name, char *buf, size_t n)
{
    const rs_field *f = rs_fields_find(fs, name);
    if (!f || !f->len) return NULL;
    size_t k = f->len < n - 1 ? f->len : n - 1;
    memcpy(buf, f->text, k);
    buf[k] = '\0';
    return buf;
}

static rs_err time_prop(rs_signals *sg, const rs_fields *fs, rs_prop_kind kind,
                        const char *date_field, const char *time_field, int64_t as_of)
{
    char d[128], t[64], joined[200];
    if (!value_of(fs, date_field, d, sizeof d)) return RS_OK;
    const char *tv = time_field ? value_of(fs, time_field, t, sizeof t) : NULL;
    snprintf(joined, sizeof joined, "%s%s%s", d, tv ? "T" : "", tv ? tv : "");
    int64_t when;
    if (!rs_parse_time(joined, &when) && !rs_parse_time(d, &when)) return RS_OK;
    char v[32];
    iso(when, v, sizeof v);
    bool active = kind == RS_PROP_EMBARGO ? when > as_of : when <= as_of;
    return add_prop(sg, kind, active, v, date_field, joined, strlen(joined));
}

/* ---- AI / TDM ---- */

static bool has_word_ci(const char *hay, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = hay; *p; p++)
        if (!strncasecmp(p, w, n) && (p == hay || !isalnum((unsigned char)p[-1])) &&
            !isalnum((unsigned char)p[n]))
            return true;
    return false;
}

static rs_err ai_from_fields(rs_signals *sg, const rs_fields *fs)
{
    char v[512];
    rs_err e = RS_OK;
    static const char *const tdm[] = {"html:meta:tdm-reservation", "xmp:tdm:reservation",
                                      "epub:meta:tdm-reservation", "jsonld:tdm-reservation"};
    for (size_t i = 0; i < sizeof tdm / sizeof tdm[0] && !e; i++)
        if (value_of(fs, tdm[i], v, sizeof v)) {
            bool on = atoi(v) == 1;
            e = add_prop(sg, RS_PROP_AI_RESERVED, on, on ? "reserved" : "not reserved", tdm[i], v,
                         strlen(v));
        }
    if (!e && value_of(fs, "html:meta:robots", v, sizeof v) &&
        (has_word_ci(v, "noai") || has_word_ci(v, "noimageai")))
        e = add_prop(sg, RS_PROP_AI_RESERVED, true, "reserved", "html:meta:robots", v, strlen(v));
    if (!e && value_of(fs, "xmp:plus:DataMining", v, sizeof v) && strstr(v, "PROHIBITED"))
        e = add_prop(sg, RS_PROP_AI_RESERVED, true, "reserved", "xmp:plus:DataMining", v,
                     strlen(v));
    return e;
}

/* robots.txt: a group naming an AI crawler with "Disallow: /". */
static rs_err ai_from_robots(rs_signals *sg, const rs_fields *fs, const char *name)
{
    static const char *const bots[] = {
        "GPTBot",    "ChatGPT-User",       "CCBot",         "Google-Extended", "anthropic-ai",
        "ClaudeBot", "Claude-Web",         "PerplexityBot", "Bytespider",      "Applebot-Extended",
        "cohere-ai", "Meta-ExternalAgent", "Diffbot",       "Omgilibot",       NULL};
    if (!name || strcasecmp(name, "robots.txt")) return RS_OK;
    const rs_field *f = rs_fields_find(fs, "body");
    if (!f) return RS_OK;
    char blocked[400] = "";
    bool in_ai = false, agents_done = false;
    const char *p = f->text, *end = f->text + f->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char line[256];
        snprintf(line, sizeof line, "%.*s", (int)(n < 255 ? n : 255), p);
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        if (!strncasecmp(line, "user-agent:", 11)) {
            if (agents_done) in_ai = false, agents_done = false;
            char *a = line + 11;
            while (isspace((unsigned char)*a))
                a++;
            for (const char *const *b = bots; *b; b++)
                if (!strncasecmp(a, *b, strlen(*b))) {
                    in_ai = true;
                    if (!strstr(blocked, *b) && strlen(blocked) + strlen(*b) + 3 < sizeof blocked)
                        strcat(strcat(blocked, blocked[0] ? ", " : ""), *b);
                }
        } else if (!strncasecmp(line, "disallow:", 9)) {
            agents_done = true;
            char *path = line + 9;
            while (isspace((unsigned char)*path))
                path++;
            if (in_ai && path[0] == '/' && (path[1] == '\0' || isspace((unsigned char)path[1])))
                return add_prop(sg, RS_PROP_AI_RESERVED, true, "reserved", "robots.txt", blocked,
                                strlen(blocked));
        } else if (line[0]) {
            agents_done = true;
        }
        p = nl ? nl + 1 : end;
    }
    return RS_OK;
}

static rs_err ai_from_findings(rs_signals *sg, const rs_finding *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(f[i].signature, "generic-ai-prohibited") ||
            (strstr(f[i].signature, "-ai-") != NULL))
            return add_prop(sg, RS_PROP_AI_RESERVED, true, "reserved", f[i].field, f[i].excerpt,
                            strlen(f[i].excerpt));
    return RS_OK;
}

/* ---- conflicts ---- */

static bool named(const rs_finding *f)
{
    return strcmp(f->holder, "unknown") != 0;
}

static bool is_licence_class(rs_class c)
{
    return c == RS_CLASS_ATTRIBUTION || c == RS_CLASS_OPEN;
}

static const char *disagree(const rs_finding *a, const rs_finding *b)
{
    bool meta_a = a->kind == RS_KIND_METADATA || a->line == 0;
    bool meta_b = b->kind == RS_KIND_METADATA || b->line == 0;
    if (!strcmp(a->field, b->field)) return NULL; /* one layer */
    if ((a->cls == RS_CLASS_RESTRICTED && is_licence_class(b->cls)) ||
        (b->cls == RS_CLASS_RESTRICTED && is_licence_class(a->cls)))
        return "classes differ";
    if (a->cls == RS_CLASS_RESTRICTED && b->cls == RS_CLASS_RESTRICTED && named(a) && named(b) &&
        strcmp(a->holder, b->holder) && (meta_a || meta_b))
        return "holders differ";
    return NULL;
}

#define MAX_REPS 256

/* Layers disagree across fields, so one finding per (holder, field) stands for all the
 * others: the pairs are taken among those few, not among thousands of findings. */
static rs_err conflicts(rs_signals *sg, const rs_finding *f, size_t n, double min)
{
    size_t rep[MAX_REPS], nrep = 0;
    for (size_t i = 0; i < n && nrep < MAX_REPS; i++) {
        if (f[i].confidence < min) continue;
        bool dup = false;
        for (size_t k = 0; k < nrep && !dup; k++)
            dup = !strcmp(f[rep[k]].holder, f[i].holder) && !strcmp(f[rep[k]].field, f[i].field) &&
                  f[rep[k]].cls == f[i].cls;
        if (!dup) rep[nrep++] = i;
    }
    for (size_t x = 0; x < nrep; x++)
        for (size_t y = x + 1; y < nrep; y++) {
            const rs_finding *a = &f[rep[x]], *b = &f[rep[y]];
            const char *why = disagree(a, b);
            if (!why) continue;
            bool seen = false; /* one conflict per pair of holders */
            for (size_t k = 0; k < sg->nconf && !seen; k++) {
                const rs_finding *p = sg->conf[k].a, *q = sg->conf[k].b;
                seen = (!strcmp(p->holder, a->holder) && !strcmp(q->holder, b->holder)) ||
                       (!strcmp(p->holder, b->holder) && !strcmp(q->holder, a->holder));
            }
            if (seen) continue;
            if (sg->nconf == sg->ccap) {
                size_t cap = sg->ccap ? sg->ccap * 2 : 4;
                rs_conflict *c = realloc(sg->conf, cap * sizeof *c);
                if (!c) return RS_ERR_NOMEM;
                sg->conf = c;
                sg->ccap = cap;
            }
            sg->conf[sg->nconf++] = (rs_conflict){.a = a, .b = b, .why = why};
        }
    return RS_OK;
}

/* A W3C TDMRep rule from the walk: the directory's .well-known/tdmrep.json covers it. */
static rs_err ai_from_tdmrep(rs_signals *sg, const rs_walk_info *wi)
{
    if (!wi || !wi->tdm_source) return RS_OK;
    char raw[600];
    snprintf(raw, sizeof raw, "%s: location %s%s%s", wi->tdm_source, wi->tdm_location,
             wi->tdm_policy ? ", tdm-policy " : "", wi->tdm_policy ? wi->tdm_policy : "");
    bool on = wi->tdm_reservation == 1;
    return add_prop(sg, RS_PROP_AI_RESERVED, on, on ? "reserved" : "not reserved", "tdmrep.json",
                    raw, strlen(raw));
}

rs_err rs_signals_compute(rs_signals *sg, const rs_fields *fs, const char *name,
                          const rs_finding *f, size_t n, const rs_options *opt,
                          const rs_walk_info *wi)
{
    sg->nprops = sg->nconf = 0;
    rs_buf_reset(&sg->strings);
    rs_err e = ai_from_fields(sg, fs);
    if (!e) e = ai_from_tdmrep(sg, wi);
    if (!e) e = ai_from_robots(sg, fs, name);
    if (!e) e = ai_from_findings(sg, f, n);
    static const struct {
        rs_prop_kind kind;
        const char *date, *time;
    } times[] = {
        {RS_PROP_EMBARGO, "iptc:2:030", "iptc:2:035"}, {RS_PROP_EMBARGO, "newsml:embargoed", NULL},
        {RS_PROP_EMBARGO, "ninjs:embargoed", NULL},    {RS_PROP_EMBARGO, "nitf:date.release", NULL},
        {RS_PROP_EXPIRY, "iptc:2:037", "iptc:2:038"},  {RS_PROP_EXPIRY, "nitf:date.expire", NULL},
    };
    for (size_t i = 0; i < sizeof times / sizeof times[0] && !e; i++)
        e = time_prop(sg, fs, times[i].kind, times[i].date, times[i].time, opt->as_of);
    if (!e) e = conflicts(sg, f, n, opt->verdict_confidence);
    if (e) return e;
    for (size_t i = 0; i < sg->nprops; i++) { /* the arena has stopped moving */
        sg->props[i].value = sg->strings.data + sg->offs[i].value;
        sg->props[i].field = sg->strings.data + sg->offs[i].field;
        sg->props[i].raw = sg->strings.data + sg->offs[i].raw;
    }
    return RS_OK;
}
