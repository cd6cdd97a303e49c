/* report.c — report handles: format names, dispatch to a format's ops, the shared rules. */
#include "report_impl.h"

#include <stdlib.h>
#include <string.h>

/* The formats, by name. The index is the rs_report_format value. */
static const rs_report_ops *const formats[] = {
    [RS_REPORT_TEXT] = &rs_report_text_ops,
    [RS_REPORT_JSON] = &rs_report_json_ops,
    [RS_REPORT_JSONL] = &rs_report_jsonl_ops,
};
#define NFORMATS (sizeof formats / sizeof formats[0])

bool rs_report_format_parse(const char *name, rs_report_format *out)
{
    if (!name || !out) return false;
    for (size_t i = 0; i < NFORMATS; i++)
        if (strcmp(name, formats[i]->name) == 0) {
            *out = (rs_report_format)i;
            return true;
        }
    return false;
}

bool rs_report_wants(const rs_report *r, const rs_unit *u)
{
    return u->cls != RS_CLASS_NONE || u->status != RS_STATUS_SCANNED || u->nproperties ||
           u->nconflicts || u->nfindings || (u->policy && strcmp(u->policy, "ok")) ||
           r->opts.all;
}

bool rs_report_complete(const rs_summary *s)
{
    return s->skipped == 0 && s->failed == 0 && !s->interrupted;
}

rs_err rs_report_new(rs_report_format f, FILE *out, const rs_report_opts *o, rs_report **res)
{
    if ((unsigned)f >= NFORMATS || !out || !res) return RS_ERR_ARG;
    rs_report *r = calloc(1, sizeof *r);
    if (!r) return RS_ERR_NOMEM;
    r->ops = formats[f];
    r->out = out;
    if (o) r->opts = *o;
    if (r->ops->init) {
        rs_err e = r->ops->init(r);
        if (e) {
            free(r);
            return e;
        }
    }
    *res = r;
    return RS_OK;
}

/* Remembers the first error and returns the one to report. */
static rs_err fail(rs_report *r, rs_err e)
{
    if (!r->err) r->err = e;
    return r->err;
}

/* Runs the format's begin once, then checks the FILE. */
static rs_err begin(rs_report *r)
{
    if (r->begun) return RS_OK;
    r->begun = true;
    if (r->ops->begin) {
        rs_err e = r->ops->begin(r);
        if (e) return fail(r, e);
    }
    return ferror(r->out) ? fail(r, RS_ERR_SINK) : RS_OK;
}

rs_err rs_report_unit(rs_report *r, const rs_unit *u)
{
    if (!r || !u) return RS_ERR_ARG;
    if (r->err) return r->err;
    if (r->finished) return RS_ERR_ARG; /* a caller bug, not a broken report */
    if (!rs_report_wants(r, u)) return RS_OK;
    rs_err e = begin(r);
    if (e) return e;
    e = r->ops->unit(r, u);
    if (e) return fail(r, e);
    r->written++;
    return ferror(r->out) ? fail(r, RS_ERR_SINK) : RS_OK;
}

rs_err rs_report_finish(rs_report *r, const rs_summary *s, int exit_status)
{
    if (!r || !s) return RS_ERR_ARG;
    if (r->err) return r->err;
    if (r->finished) return RS_ERR_ARG; /* a caller bug, not a broken report */
    r->finished = true;
    rs_err e = begin(r);
    if (e) return e;
    e = r->ops->finish(r, s, exit_status);
    if (e) return fail(r, e);
    if (fflush(r->out) != 0 || ferror(r->out)) return fail(r, RS_ERR_SINK);
    return RS_OK;
}

void rs_report_free(rs_report *r)
{
    if (!r) return;
    if (r->ops->cleanup) r->ops->cleanup(r);
    free(r);
}

rs_err rs_report_sink_unit(void *ctx, const rs_unit *u)
{
    return rs_report_unit(ctx, u);
}
