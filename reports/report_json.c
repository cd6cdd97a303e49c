/* report_json.c — the json and jsonl report formats (the contract is reports/FORMAT.md). */
#include "json.h"
#include "report_impl.h"

static void put_finding(rs_json *j, const rs_finding *f)
{
    rs_json_object_begin(j);
    rs_json_kv_string(j, "signature", f->signature);
    rs_json_kv_string(j, "holder", f->holder);
    rs_json_kv_string(j, "holder_name", f->holder_name);
    rs_json_kv_string(j, "kind", rs_kind_name(f->kind));
    rs_json_kv_string(j, "class", rs_class_name(f->cls));
    rs_json_kv_string(j, "field", f->field);
    rs_json_kv_uint(j, "offset", f->offset);
    if (f->line > 0) {
        rs_json_kv_uint(j, "line", f->line);
        rs_json_kv_uint(j, "column", f->column);
    }
    rs_json_kv_string(j, "excerpt", f->excerpt);
    rs_json_kv_fixed(j, "confidence", f->confidence);
    rs_json_kv_fixed(j, "score", f->score);
    rs_json_kv_fixed(j, "coverage", f->coverage);
    rs_json_object_end(j);
}

static void put_side(rs_json *j, const char *key, const rs_finding *f)
{
    rs_json_key(j, key);
    rs_json_object_begin(j);
    rs_json_kv_string(j, "signature", f->signature);
    rs_json_kv_string(j, "holder", f->holder);
    rs_json_kv_string(j, "class", rs_class_name(f->cls));
    rs_json_kv_string(j, "field", f->field);
    rs_json_kv_string(j, "excerpt", f->excerpt);
    rs_json_object_end(j);
}

/* Properties and conflicts: keys present only when the unit has some. */
static void put_signals(rs_json *j, const rs_unit *u)
{
    if (u->nproperties) {
        rs_json_key(j, "properties");
        rs_json_array_begin(j);
        for (size_t i = 0; i < u->nproperties; i++) {
            const rs_property *p = &u->properties[i];
            rs_json_object_begin(j);
            rs_json_kv_string(j, "kind", rs_prop_kind_name(p->kind));
            rs_json_kv_bool(j, "active", p->active);
            rs_json_kv_string(j, "value", p->value);
            rs_json_kv_string(j, "field", p->field);
            rs_json_kv_string(j, "raw", p->raw);
            rs_json_object_end(j);
        }
        rs_json_array_end(j);
    }
    if (u->nconflicts) {
        rs_json_key(j, "conflicts");
        rs_json_array_begin(j);
        for (size_t i = 0; i < u->nconflicts; i++) {
            rs_json_object_begin(j);
            rs_json_kv_string(j, "why", u->conflicts[i].why);
            put_side(j, "a", u->conflicts[i].a);
            put_side(j, "b", u->conflicts[i].b);
            rs_json_object_end(j);
        }
        rs_json_array_end(j);
    }
    if (u->sidecar_of) rs_json_kv_string(j, "sidecar_of", u->sidecar_of);
    if (u->policy) {
        rs_json_kv_string(j, "policy", u->policy);
        rs_json_kv_string(j, "policy_reason", u->policy_reason);
    }
}

/* One unit object, keys in the order FORMAT.md gives. */
static void put_unit(FILE *out, const rs_unit *u)
{
    rs_json j;
    rs_json_init(&j, out);
    rs_json_object_begin(&j);
    rs_json_kv_string(&j, "type", "unit");
    rs_json_kv_string(&j, "path", u->path);
    rs_json_kv_string(&j, "status", rs_status_name(u->status));
    if (u->status != RS_STATUS_SCANNED)
        rs_json_kv_string(&j, "reason", u->reason ? u->reason : "unknown");
    if (u->type) rs_json_kv_string(&j, "media_type", u->type);
    rs_json_kv_uint(&j, "size", u->size);
    if (u->container) rs_json_kv_bool(&j, "container", true);
    rs_json_kv_string(&j, "class", rs_class_name(u->cls));
    rs_json_kv_string(&j, "holder", u->holder);
    rs_json_kv_string(&j, "holder_name", u->holder_name);
    rs_json_key(&j, "findings");
    rs_json_array_begin(&j);
    for (size_t i = 0; i < u->nfindings; i++)
        put_finding(&j, &u->findings[i]);
    rs_json_array_end(&j);
    put_signals(&j, u);
    rs_json_object_end(&j);
}

/* The summary object; with type_key it is the jsonl summary line. */
static void put_summary(FILE *out, const rs_summary *s, int exit_status, bool type_key)
{
    rs_json j;
    rs_json_init(&j, out);
    rs_json_object_begin(&j);
    if (type_key) rs_json_kv_string(&j, "type", "summary");
    rs_json_kv_uint(&j, "version", RS_REPORT_VERSION);
    rs_json_kv_string(&j, "tool", "rightscan");
    rs_json_kv_string(&j, "tool_version", RS_VERSION);
    rs_json_kv_uint(&j, "units", s->units);
    rs_json_kv_uint(&j, "scanned", s->scanned);
    rs_json_kv_uint(&j, "skipped", s->skipped);
    rs_json_kv_uint(&j, "failed", s->failed);
    rs_json_kv_uint(&j, "containers", s->containers);
    rs_json_kv_uint(&j, "bytes", s->bytes);
    rs_json_key(&j, "classes");
    rs_json_object_begin(&j);
    static const rs_class order[] = {RS_CLASS_RESTRICTED, RS_CLASS_ATTRIBUTION, RS_CLASS_OPEN,
                                     RS_CLASS_NONE};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        rs_json_kv_uint(&j, rs_class_name(order[i]), s->by_class[order[i]]);
    rs_json_object_end(&j);
    rs_json_kv_uint(&j, "ai_reserved", s->ai_reserved);
    rs_json_kv_uint(&j, "embargoed", s->embargoed);
    rs_json_kv_uint(&j, "expired", s->expired);
    rs_json_kv_uint(&j, "conflicts", s->conflicts);
    if (s->policy) {
        rs_json_key(&j, "policy");
        rs_json_object_begin(&j);
        rs_json_kv_uint(&j, "ok", s->policy_ok);
        rs_json_kv_uint(&j, "violation", s->policy_violation);
        rs_json_kv_uint(&j, "review", s->policy_review);
        rs_json_object_end(&j);
    }
    rs_json_kv_bool(&j, "complete", rs_report_complete(s));
    rs_json_key(&j, "exit_status");
    rs_json_int(&j, exit_status);
    rs_json_object_end(&j);
}

/* ---- jsonl: one unit a line, then the summary line ---- */

/* Each line is flushed: a consumer following the file sees whole units as the scan goes, and
 * a run that is killed leaves every finished unit behind. */
static rs_err jsonl_unit(rs_report *r, const rs_unit *u)
{
    put_unit(r->out, u);
    putc('\n', r->out);
    return fflush(r->out) == 0 ? RS_OK : RS_ERR_SINK;
}

static rs_err jsonl_finish(rs_report *r, const rs_summary *s, int exit_status)
{
    put_summary(r->out, s, exit_status, true);
    putc('\n', r->out);
    return RS_OK;
}

const rs_report_ops rs_report_jsonl_ops = {
    .name = "jsonl",
    .unit = jsonl_unit,
    .finish = jsonl_finish,
};

/* ---- json: one document, streamed; the units array holds one unit a line ---- */

static rs_err json_begin(rs_report *r)
{
    fprintf(r->out,
            "{\"version\":%d,\"tool\":{\"name\":\"rightscan\",\"version\":", RS_REPORT_VERSION);
    rs_json_write_string(r->out, RS_VERSION, sizeof RS_VERSION - 1);
    fputs("},\n\"units\":[\n", r->out);
    return RS_OK;
}

static rs_err json_unit(rs_report *r, const rs_unit *u)
{
    if (r->written > 0) fputs(",\n", r->out);
    put_unit(r->out, u);
    return RS_OK;
}

static rs_err json_finish(rs_report *r, const rs_summary *s, int exit_status)
{
    fputs(r->written > 0 ? "\n],\n\"summary\":" : "],\n\"summary\":", r->out);
    put_summary(r->out, s, exit_status, false);
    fputs("}\n", r->out);
    return RS_OK;
}

const rs_report_ops rs_report_json_ops = {
    .name = "json",
    .begin = json_begin,
    .unit = json_unit,
    .finish = json_finish,
};
