/* report.h — report writers (text, json, jsonl) over the engine's public units.
 *
 * A report is a sink: rs_report_unit() receives each unit in scan order, then
 * rs_report_finish() writes what remains (the summary, the text report's groups) and
 * flushes. The JSON contract is documented in reports/FORMAT.md (version
 * RS_REPORT_VERSION). Writers never print anywhere but their FILE.
 */
#ifndef RS_REPORT_H
#define RS_REPORT_H

#include "rightscan.h"

#include <stdbool.h>
#include <stdio.h>

typedef enum rs_report_format {
    RS_REPORT_TEXT = 0, /* human summary, grouped by verdict */
    RS_REPORT_JSON,     /* one JSON document */
    RS_REPORT_JSONL,    /* JSON Lines: one unit a line, then one summary line */
} rs_report_format;

/* Parses "text", "json" or "jsonl"; false when the name is not one of them. */
bool rs_report_format_parse(const char *name, rs_report_format *out);

typedef struct rs_report_opts {
    bool all;   /* also list clean units (class none, scanned) */
    bool color; /* text format: ANSI colours */
} rs_report_opts;

typedef struct rs_report rs_report;

/* out is borrowed and must stay open until rs_report_free. */
rs_err rs_report_new(rs_report_format f, FILE *out, const rs_report_opts *o, rs_report **res);
/* Writes or buffers one unit. Returns RS_ERR_SINK when the FILE reports an error. */
rs_err rs_report_unit(rs_report *r, const rs_unit *u);
/* Writes the end of the report: summary with counts, exit status and whether the scan was
 * complete; flushes. Returns RS_ERR_SINK on a write error. */
rs_err rs_report_finish(rs_report *r, const rs_summary *s, int exit_status);
void rs_report_free(rs_report *r);

/* An rs_sink that forwards to rs_report_unit. */
rs_err rs_report_sink_unit(void *ctx, const rs_unit *u);

#endif
