/* tdmrep.c — W3C TDMRep: /.well-known/tdmrep.json rules, applied to the paths they cover.
 *
 * A site (here: a directory of the content repository) declares its text-and-data-mining
 * reservations in .well-known/tdmrep.json:
 *
 *   [ {"location": "/articles/(star)", "tdm-reservation": 1, "tdm-policy": "https://x/p.json"},
 *     {"location": "/open/(star)", "tdm-reservation": 0} ]
 *
 * ((star) stands for an asterisk, which cannot follow a slash in a C comment.)
 *
 * A location is a path pattern below that directory: "*" matches any run of characters,
 * a final "$" anchors the end, otherwise it is a prefix (as in robots.txt). The longest
 * matching location wins. The parser below reads just this shape, bounded, and says what
 * is wrong with anything else.
 */
#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rs_tdmrep_free(rs_tdmrep *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].location);
        free(t->v[i].policy);
    }
    free(t->v);
    free(t->source);
    free(t);
}

typedef struct {
    const char *p, *end, *start;
} cur;

static void ws(cur *c)
{
    while (c->p < c->end && isspace((unsigned char)*c->p))
        c->p++;
}

static bool eat(cur *c, char ch)
{
    ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

/* A JSON string (escapes \" \\ \/ and \uXXXX below U+0080 kept; others passed as is). */
static char *string(cur *c)
{
    ws(c);
    if (c->p >= c->end || *c->p != '"') return NULL;
    rs_buf b;
    rs_buf_init(&b, 4096);
    for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
        char ch = *c->p;
        if (ch == '\\' && c->p + 1 < c->end) {
            ch = *++c->p;
            if (ch == 'u' && c->end - c->p >= 5) {
                unsigned v = 0;
                sscanf(c->p + 1, "%4x", &v);
                c->p += 4;
                if (rs_buf_put_utf8(&b, v)) goto fail;
                continue;
            }
            ch = ch == 'n' ? '\n' : ch == 't' ? '\t' : ch;
        }
        if (rs_buf_putc(&b, ch)) goto fail;
    }
    if (c->p >= c->end) goto fail;
    c->p++;
    if (!b.data && rs_buf_append(&b, "", 0)) goto fail;
    return b.data;
fail:
    rs_buf_free(&b);
    return NULL;
}

static bool skip_value(cur *c)
{
    ws(c);
    if (c->p < c->end && *c->p == '"') {
        free(string(c));
        return true;
    }
    int depth = 0;
    while (c->p < c->end) {
        char ch = *c->p;
        if (ch == '[' || ch == '{') depth++;
        if (ch == ']' || ch == '}') {
            if (depth == 0) return true;
            depth--;
        }
        if (ch == ',' && depth == 0) return true;
        c->p++;
    }
    return false;
}

static rs_err rule(cur *c, rs_tdmrep *t, char *err, size_t errlen)
{
    rs_tdm_rule r = {.reservation = -1};
    if (!eat(c, '{')) goto bad;
    while (!eat(c, '}')) {
        char *key = string(c);
        if (!key || !eat(c, ':')) {
            free(key);
            goto bad;
        }
        if (!strcmp(key, "location")) {
            free(r.location);
            r.location = string(c);
        } else if (!strcmp(key, "tdm-policy")) {
            free(r.policy);
            r.policy = string(c);
        } else if (!strcmp(key, "tdm-reservation")) {
            ws(c);
            r.reservation = c->p < c->end && *c->p == '1' ? 1 : 0;
            skip_value(c);
        } else {
            skip_value(c);
        }
        free(key);
        eat(c, ',');
        if (c->p >= c->end) goto bad;
    }
    if (!r.location || r.reservation < 0) goto bad;
    rs_tdm_rule *v = realloc(t->v, (t->n + 1) * sizeof *v);
    if (!v) goto bad;
    (t->v = v)[t->n++] = r;
    return RS_OK;
bad:
    snprintf(err, errlen, "a rule needs \"location\" and \"tdm-reservation\" (near byte %td)",
             c->p - c->start);
    free(r.location);
    free(r.policy);
    return RS_ERR_CORRUPT;
}

rs_err rs_tdmrep_parse(const char *json, size_t n, rs_tdmrep **out, char *err, size_t errlen)
{
    rs_tdmrep *t = calloc(1, sizeof *t);
    if (!t) return RS_ERR_NOMEM;
    cur c = {json, json + n, json};
    rs_err e = RS_OK;
    if (!eat(&c, '[')) {
        snprintf(err, errlen, "tdmrep.json is a JSON array of rules");
        e = RS_ERR_CORRUPT;
    }
    while (!e && !eat(&c, ']')) {
        if (t->n >= 10000) {
            snprintf(err, errlen, "more than 10000 rules");
            e = RS_ERR_LIMIT;
            break;
        }
        e = rule(&c, t, err, errlen);
        eat(&c, ',');
        if (!e && c.p >= c.end) {
            snprintf(err, errlen, "tdmrep.json ends before its closing ]");
            e = RS_ERR_CORRUPT;
        }
    }
    if (e) {
        rs_tdmrep_free(t);
        return e;
    }
    *out = t;
    return RS_OK;
}

/* Does pattern (with "*" and a final "$") match path from its start? */
static bool glob(const char *pat, const char *path)
{
    for (; *pat; pat++, path++) {
        if (*pat == '$' && pat[1] == '\0') return *path == '\0';
        if (*pat == '*') {
            while (pat[1] == '*')
                pat++;
            for (const char *q = path;; q++) {
                if (glob(pat + 1, q)) return true;
                if (!*q) return false;
            }
        }
        if (*path != *pat) return false;
    }
    return true; /* a prefix */
}

const rs_tdm_rule *rs_tdmrep_match(const rs_tdmrep *t, const char *path)
{
    const rs_tdm_rule *best = NULL;
    for (size_t i = 0; i < t->n; i++)
        if (glob(t->v[i].location, path) &&
            (!best || strlen(t->v[i].location) > strlen(best->location)))
            best = &t->v[i];
    return best;
}
