/* policy.c — the organisation's policy: which holders it has contracts with, and how a
 * unit's findings stand against that.
 *
 *   # policy.yml
 *   version: 1
 *   contracts:
 *     - holder: aa                # a signature's holder id
 *       until: 2026-12-31         # optional: the contract's last day
 *       note: HAS subscription    # optional: shown in the report
 *     - holder: reuters
 *   attribution: allowed          # allowed (default) | review
 *   unknown: violation            # a notice naming no known holder: violation (default) | review
 *
 * A unit is "ok" when every restricted finding (at or above the verdict confidence) is
 * covered by a contract in force on the --as-of date, "violation" when one is not, and
 * "review" when the policy asks a person to look (attribution or unknown holders set to
 * review). Files are parsed with libyaml; every error names FILE:LINE:COL.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct contract {
    char *holder, *note;
    int64_t until; /* end of the last day, or 0: no end */
} contract;

struct rs_policy {
    contract *v;
    size_t n;
    bool attribution_review, unknown_review;
};

void rs_policy_free(rs_policy *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].holder);
        free(p->v[i].note);
    }
    free(p->v);
    free(p);
}

typedef struct {
    const char *file;
    yaml_document_t *doc;
    char *err;
    size_t errlen;
} loader;

static rs_err fail(loader *l, const yaml_node_t *n, const char *fmt, const char *arg)
{
    char what[256];
    snprintf(what, sizeof what, fmt, arg);
    snprintf(l->err, l->errlen, "%s:%zu:%zu: %s", l->file, n ? n->start_mark.line + 1 : 1,
             n ? n->start_mark.column + 1 : 1, what);
    return RS_ERR_ARG;
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static rs_err load_contract(loader *l, rs_policy *p, yaml_node_t *item)
{
    if (item->type != YAML_MAPPING_NODE)
        return fail(l, item, "a contract is a mapping with holder, until, note%s", "");
    contract c = {0};
    rs_err e = RS_OK;
    for (yaml_node_pair_t *kv = item->data.mapping.pairs.start;
         kv < item->data.mapping.pairs.top && !e; kv++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, kv->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, kv->value);
        const char *key = scalar(k), *val = scalar(v);
        if (!key)
            e = fail(l, k, "a key must be a plain word%s", "");
        else if (!val)
            e = fail(l, v, "'%s' takes a single value", key);
        else if ((!strcmp(key, "holder") && c.holder) || (!strcmp(key, "note") && c.note))
            e = fail(l, k, "'%s' given twice in one contract", key);
        else if (!strcmp(key, "holder"))
            e = (c.holder = strdup(val)) ? RS_OK : RS_ERR_NOMEM;
        else if (!strcmp(key, "note"))
            e = (c.note = strdup(val)) ? RS_OK : RS_ERR_NOMEM;
        else if (!strcmp(key, "until")) {
            if (!rs_parse_time(val, &c.until))
                e = fail(l, v, "'until' takes a date such as 2026-12-31, not '%s'", val);
            else if (strlen(val) <= 10)
                c.until += 86399; /* a date: the whole day */
        } else
            e = fail(l, k, "unknown key '%s' in a contract (holder, until, note)", key);
    }
    if (!e && !c.holder)
        e = fail(l, item, "a contract needs a holder (a signature's holder id)%s", "");
    if (!e) {
        contract *v = realloc(p->v, (p->n + 1) * sizeof *v);
        if (!v)
            e = RS_ERR_NOMEM;
        else
            (p->v = v)[p->n++] = c;
    }
    if (e) {
        free(c.holder);
        free(c.note);
    }
    return e;
}

static rs_err choice(loader *l, yaml_node_t *v, const char *key, const char *a, const char *b,
                     bool *is_b)
{
    const char *val = scalar(v);
    if (val && !strcmp(val, a))
        *is_b = false;
    else if (val && !strcmp(val, b))
        *is_b = true;
    else {
        char m[160];
        snprintf(m, sizeof m, "'%s' takes %s or %s", key, a, b);
        return fail(l, v, "%s", m);
    }
    return RS_OK;
}

static rs_err load_root(loader *l, rs_policy *p, yaml_node_t *root)
{
    if (!root || root->type != YAML_MAPPING_NODE)
        return fail(l, root, "a policy is a mapping: version, contracts, attribution, unknown%s",
                    "");
    rs_err e = RS_OK;
    for (yaml_node_pair_t *kv = root->data.mapping.pairs.start;
         kv < root->data.mapping.pairs.top && !e; kv++) {
        yaml_node_t *k = yaml_document_get_node(l->doc, kv->key);
        yaml_node_t *v = yaml_document_get_node(l->doc, kv->value);
        const char *key = scalar(k);
        if (!key) {
            e = fail(l, k, "a key must be a plain word%s", "");
        } else if (!strcmp(key, "version")) {
            if (!scalar(v) || strcmp(scalar(v), "1"))
                e = fail(l, v, "this rightscan reads policy version 1%s", "");
        } else if (!strcmp(key, "contracts")) {
            if (v->type != YAML_SEQUENCE_NODE)
                e = fail(l, v, "'contracts' is a list of contracts%s", "");
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 !e && v->type == YAML_SEQUENCE_NODE && it < v->data.sequence.items.top; it++)
                e = load_contract(l, p, yaml_document_get_node(l->doc, *it));
        } else if (!strcmp(key, "attribution")) {
            e = choice(l, v, key, "allowed", "review", &p->attribution_review);
        } else if (!strcmp(key, "unknown")) {
            bool review = false;
            if (!(e = choice(l, v, key, "violation", "review", &review)))
                p->unknown_review = review;
        } else {
            e = fail(l, k, "unknown key '%s' (version, contracts, attribution, unknown)", key);
        }
    }
    return e;
}

rs_err rs_policy_load(const char *path, rs_policy **out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open the policy", path);
        return RS_ERR_IO;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    loader l = {.file = path, .doc = &doc, .err = err, .errlen = errlen};
    rs_policy *p = calloc(1, sizeof *p);
    rs_err e = p ? RS_OK : RS_ERR_NOMEM;
    if (!e && !yaml_parser_initialize(&parser)) e = RS_ERR_NOMEM;
    if (e) {
        fclose(f);
        free(p);
        return e;
    }
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, errlen, "%s:%zu:%zu: %s", path, parser.problem_mark.line + 1,
                 parser.problem_mark.column + 1, parser.problem ? parser.problem : "bad YAML");
        e = RS_ERR_ARG;
    } else {
        e = load_root(&l, p, yaml_document_get_root_node(&doc));
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    if (e) {
        rs_policy_free(p);
        return e;
    }
    *out = p;
    return RS_OK;
}

static const contract *find(const rs_policy *p, const char *holder, int64_t as_of)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->v[i].holder, holder) && (!p->v[i].until || as_of <= p->v[i].until))
            return &p->v[i];
    return NULL;
}

const char *rs_policy_judge(const rs_policy *p, const rs_unit *u, const rs_options *opt, char *why,
                            size_t n)
{
    const char *verdict = "ok";
    snprintf(why, n, "nothing restricted");
    bool covered_any = false;
    for (size_t i = 0; i < u->nfindings; i++) {
        const rs_finding *f = &u->findings[i];
        if (f->confidence < opt->verdict_confidence) continue;
        if (f->cls == RS_CLASS_ATTRIBUTION && p->attribution_review &&
            strcmp(verdict, "violation")) {
            verdict = "review";
            snprintf(why, n, "attribution required by %s: policy asks for review", f->holder);
        }
        if (f->cls != RS_CLASS_RESTRICTED) continue;
        if (!strcmp(f->holder, "unknown")) {
            if (p->unknown_review) {
                if (strcmp(verdict, "violation")) {
                    verdict = "review";
                    snprintf(why, n, "restricted by a holder rightscan does not know (%s)",
                             f->holder_name ? f->holder_name : "unnamed");
                }
                continue;
            }
            snprintf(why, n, "restricted by %s and no contract can cover an unknown holder",
                     f->holder_name ? f->holder_name : "an unnamed holder");
            return "violation";
        }
        const contract *c = find(p, f->holder, opt->as_of);
        if (!c) {
            snprintf(why, n, "restricted by %s: no contract in force", f->holder);
            return "violation";
        }
        if (!covered_any && !strcmp(verdict, "ok"))
            snprintf(why, n, "covered by the contract with %s%s%s", c->holder, c->note ? ": " : "",
                     c->note ? c->note : "");
        covered_any = true;
    }
    return verdict;
}
