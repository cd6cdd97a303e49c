/* report_impl.h — private to reports/: the table of functions each report format provides.
 *
 * report.c owns the rs_report handle and the rules every format shares (arguments, when
 * begin runs, error checks on the FILE, what happens after finish); a format file
 * (report_<format>.c) exports one const rs_report_ops and knows nothing else. A new format
 * is one file, one ops table and one line in report.c's format table.
 */
#ifndef RS_REPORT_IMPL_H
#define RS_REPORT_IMPL_H

#include "report.h"

#include <stdint.h>

struct rs_report {
    const struct rs_report_ops *ops;
    FILE *out; /* borrowed */
    rs_report_opts opts;
    bool begun;       /* ops->begin has run */
    bool finished;    /* rs_report_finish has run */
    rs_err err;       /* first error; every later call returns it */
    uint64_t written; /* units the format has written (or kept) so far */
    void *state;      /* the format's own, made by ops->init, freed by ops->cleanup */
};

typedef struct rs_report_ops {
    const char *name;
    /* Optional: allocates r->state. Runs in rs_report_new; writes nothing. */
    rs_err (*init)(rs_report *r);
    /* Optional: writes what comes before the first unit. Runs once, just before the first
     * unit or the finish, so a report that is created but never used writes nothing. */
    rs_err (*begin)(rs_report *r);
    /* Writes or keeps one unit; called only for units rs_report_wants() accepts. */
    rs_err (*unit)(rs_report *r, const rs_unit *u);
    /* Writes the rest. report.c flushes and checks the FILE afterwards. */
    rs_err (*finish)(rs_report *r, const rs_summary *s, int exit_status);
    /* Optional: frees r->state. */
    void (*cleanup)(rs_report *r);
} rs_report_ops;

extern const rs_report_ops rs_report_text_ops;
extern const rs_report_ops rs_report_json_ops;
extern const rs_report_ops rs_report_jsonl_ops;

/* The units a report lists (FORMAT.md, "Which units are written"): a rights signal, a skipped
 * or failed unit, and with opts.all every other (clean) unit too. */
bool rs_report_wants(const rs_report *r, const rs_unit *u);

/* True when the scan read every unit: nothing skipped, nothing failed, not interrupted. */
bool rs_report_complete(const rs_summary *s);

#endif
