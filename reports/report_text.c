/* report_text.c — the text report: units kept in memory, then printed grouped by verdict.
 *
 * Each unit is rendered the moment it arrives (units are borrowed for the call only) and its
 * lines are appended to the buffer of each group it belongs to: its class's group, PROBLEMS
 * when it was skipped or failed, CLEAN (only with opts.all) when it was scanned and is clean.
 * A group keeps at most TEXT_GROUP_MAX bytes; units past that are counted and the group ends
 * with a line saying how many were left out — never a silent cut, never an unbounded buffer.
 *
 * Everything taken from a unit (paths, reasons, excerpts) is made safe for a terminal:
 * control characters (C0, DEL, C1) and bytes that are not well-formed UTF-8 are shown as
 * \xhh, so a hostile file name cannot send escape sequences to the user's terminal.
 */
#include "json.h"
#include "report_impl.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_GROUP_MAX ((size_t)64 << 20) /* bytes kept per group */
#define TEXT_EXCERPT_CHARS 80             /* excerpts are cut to this many characters */

enum { G_RESTRICTED, G_ATTRIBUTION, G_OPEN, G_SIGNALS, G_PROBLEMS, G_CLEAN, G_COUNT };

static const struct {
    const char *title, *color;
} groups[G_COUNT] = {
    [G_RESTRICTED] = {"RESTRICTED", "\033[1;31m"},
    [G_ATTRIBUTION] = {"ATTRIBUTION", "\033[1;33m"},
    [G_OPEN] = {"OPEN", "\033[1;32m"},
    [G_SIGNALS] = {"OTHER SIGNALS", "\033[1;36m"},
    [G_PROBLEMS] = {"PROBLEMS", "\033[1;35m"},
    [G_CLEAN] = {"CLEAN", "\033[1m"},
};

/* A growable byte buffer; an allocation failure is remembered and checked once per unit. */
typedef struct tbuf {
    char *data;
    size_t len, cap;
    bool nomem;
} tbuf;

typedef struct text_state {
    tbuf group[G_COUNT];
    uint64_t listed[G_COUNT]; /* units kept in each group */
    uint64_t left[G_COUNT];   /* units left out of each group (TEXT_GROUP_MAX) */
    tbuf block;               /* the unit being rendered */
} text_state;

static void tb_append(tbuf *b, const void *p, size_t n)
{
    if (b->nomem || n == 0) return;
    if (n > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < n) {
            if (cap > SIZE_MAX / 2) {
                b->nomem = true;
                return;
            }
            cap *= 2;
        }
        char *q = realloc(b->data, cap);
        if (!q) {
            b->nomem = true;
            return;
        }
        b->data = q;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void tb_puts(tbuf *b, const char *s)
{
    tb_append(b, s, strlen(s));
}

/* For short pieces only: numbers, escapes. */
__attribute__((format(printf, 2, 3))) static void tb_printf(tbuf *b, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) tb_append(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Appends s made safe for a terminal (see the top of the file). With maxchars > 0, text
 * longer than maxchars characters is cut to maxchars - 1 and ends with an ellipsis. */
static void tb_put_safe(tbuf *b, const char *str, size_t maxchars)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    size_t n = strlen((const char *)s), i = 0, run = 0, chars = 0; /* s[run..i): to copy */
    while (i < n) {
        uint32_t cp;
        size_t k = rs_json_utf8(s + i, n - i, &cp);
        size_t step = k ? k : 1;
        if (maxchars && chars == maxchars - 1 && i + step < n) {
            tb_append(b, s + run, i - run);
            tb_puts(b, "\xE2\x80\xA6"); /* U+2026 HORIZONTAL ELLIPSIS */
            return;
        }
        if (k == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            tb_append(b, s + run, i - run);
            for (size_t m = 0; m < step; m++)
                tb_printf(b, "\\x%02x", s[i + m]);
            run = i + step;
        }
        i += step;
        chars++;
    }
    tb_append(b, s + run, i - run);
}

/* "1,204": a count with thousands separators. */
static const char *fmt_count(char buf[32], uint64_t v)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%" PRIu64, v);
    char *p = buf;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) *p++ = ',';
        *p++ = digits[i];
    }
    *p = '\0';
    return buf;
}

/* A unit with a rights signal: the path and verdict, then one line per finding. */
static void render_verdict(tbuf *b, const rs_unit *u)
{
    tb_puts(b, "  ");
    tb_put_safe(b, u->path, 0);
    tb_puts(b, " \xE2\x80\x94 "); /* em dash */
    tb_put_safe(b, u->holder ? u->holder : "unknown", 0);
    if (u->holder_name) {
        tb_puts(b, " (");
        tb_put_safe(b, u->holder_name, 0);
        tb_puts(b, ")");
    }
    tb_puts(b, "\n");
    for (size_t i = 0; i < u->nfindings; i++) {
        const rs_finding *f = &u->findings[i];
        tb_puts(b, "      ");
        tb_puts(b, rs_kind_name(f->kind));
        tb_puts(b, " ");
        tb_put_safe(b, f->field, 0);
        if (f->line > 0) tb_printf(b, ":%u:%u", f->line, f->column);
        tb_puts(b, " ");
        tb_put_safe(b, f->signature, 0);
        tb_puts(b, " \"");
        tb_put_safe(b, f->excerpt, TEXT_EXCERPT_CHARS);
        tb_puts(b, "\"\n");
    }
    for (size_t i = 0; i < u->nproperties; i++) {
        const rs_property *p = &u->properties[i];
        tb_puts(b, "      ");
        tb_puts(b, rs_prop_kind_name(p->kind));
        tb_puts(b, " ");
        tb_put_safe(b, p->field, 0);
        tb_puts(b, " ");
        tb_put_safe(b, p->value, 0);
        if (p->kind == RS_PROP_EMBARGO) tb_puts(b, p->active ? " (still under embargo)" : " (lifted)");
        if (p->kind == RS_PROP_EXPIRY) tb_puts(b, p->active ? " (expired)" : " (not yet expired)");
        tb_puts(b, "\n");
    }
    for (size_t i = 0; i < u->nconflicts; i++) {
        const rs_conflict *c = &u->conflicts[i];
        tb_puts(b, "      conflict: ");
        tb_puts(b, c->why);
        tb_puts(b, ": ");
        tb_put_safe(b, c->a->holder, 0);
        tb_puts(b, " (");
        tb_put_safe(b, c->a->field, 0);
        tb_puts(b, ") vs ");
        tb_put_safe(b, c->b->holder, 0);
        tb_puts(b, " (");
        tb_put_safe(b, c->b->field, 0);
        tb_puts(b, ")\n");
    }
    if (u->policy) {
        tb_puts(b, "      policy: ");
        tb_puts(b, u->policy);
        tb_puts(b, " \xE2\x80\x94 ");
        tb_put_safe(b, u->policy_reason ? u->policy_reason : "", 0);
        tb_puts(b, "\n");
    }
    if (u->sidecar_of) {
        tb_puts(b, "      sidecar of ");
        tb_put_safe(b, u->sidecar_of, 0);
        tb_puts(b, "\n");
    }
}

static void render_problem(tbuf *b, const rs_unit *u)
{
    tb_puts(b, "  ");
    tb_put_safe(b, u->path, 0);
    tb_puts(b, " \xE2\x80\x94 ");
    tb_puts(b, rs_status_name(u->status));
    tb_puts(b, ": ");
    tb_put_safe(b, u->reason ? u->reason : "unknown", 0);
    tb_puts(b, "\n");
}

static void render_clean(tbuf *b, const rs_unit *u)
{
    tb_puts(b, "  ");
    tb_put_safe(b, u->path, 0);
    tb_puts(b, u->container ? " (archive)\n" : "\n");
}

/* Renders u for group g and keeps it there, or counts it as left out. */
static rs_err keep(text_state *t, int g, const rs_unit *u)
{
    tbuf *b = &t->block;
    b->len = 0;
    if (g == G_PROBLEMS)
        render_problem(b, u);
    else if (g == G_CLEAN)
        render_clean(b, u);
    else
        render_verdict(b, u);
    if (b->nomem) return RS_ERR_NOMEM;
    if (b->len > TEXT_GROUP_MAX - t->group[g].len) {
        t->left[g]++;
        return RS_OK;
    }
    tb_append(&t->group[g], b->data, b->len);
    if (t->group[g].nomem) return RS_ERR_NOMEM;
    t->listed[g]++;
    return RS_OK;
}

static rs_err text_unit(rs_report *r, const rs_unit *u)
{
    text_state *t = r->state;
    static const int by_class[] = {
        [RS_CLASS_NONE] = -1,
        [RS_CLASS_OPEN] = G_OPEN,
        [RS_CLASS_ATTRIBUTION] = G_ATTRIBUTION,
        [RS_CLASS_RESTRICTED] = G_RESTRICTED,
    };
    int g = (unsigned)u->cls <= RS_CLASS_RESTRICTED ? by_class[u->cls] : -1;
    if (g < 0 && (u->nproperties || u->nconflicts || u->nfindings)) g = G_SIGNALS;
    rs_err e = RS_OK;
    if (g >= 0) e = keep(t, g, u);
    if (!e && u->status != RS_STATUS_SCANNED) e = keep(t, G_PROBLEMS, u);
    if (!e && g < 0 && u->status == RS_STATUS_SCANNED) e = keep(t, G_CLEAN, u);
    return e;
}

static void print_group(rs_report *r, int g)
{
    text_state *t = r->state;
    char n[32];
    if (t->listed[g] == 0 && t->left[g] == 0) return;
    if (r->opts.color)
        fprintf(r->out, "%s%s\033[0m", groups[g].color, groups[g].title);
    else
        fputs(groups[g].title, r->out);
    fprintf(r->out, " (%s)\n", fmt_count(n, t->listed[g] + t->left[g]));
    if (t->group[g].len) fwrite(t->group[g].data, 1, t->group[g].len, r->out);
    if (t->left[g])
        fprintf(r->out,
                "  \xE2\x80\xA6 and %s more not listed (text report limit; use --format jsonl)\n",
                fmt_count(n, t->left[g]));
    putc('\n', r->out);
}

/* The last line: counts, and whether the scan was complete. */
static void print_summary(FILE *out, const rs_summary *s)
{
    char a[32], b[32], c[32], d[32], e[32];
    uint64_t found = s->by_class[RS_CLASS_RESTRICTED] + s->by_class[RS_CLASS_ATTRIBUTION] +
                     s->by_class[RS_CLASS_OPEN];
    if (found == 0 && rs_report_complete(s)) {
        fprintf(out, "No rights signals found in %s unit%s.\n", fmt_count(a, s->units),
                s->units == 1 ? "" : "s");
        return;
    }
    fprintf(out, "scanned %s unit%s", fmt_count(a, s->units), s->units == 1 ? "" : "s");
    if (s->containers)
        fprintf(out, " (%s archive%s)", fmt_count(a, s->containers), s->containers == 1 ? "" : "s");
    fprintf(out, ": %s restricted, %s attribution, %s open, %s clean",
            fmt_count(a, s->by_class[RS_CLASS_RESTRICTED]),
            fmt_count(b, s->by_class[RS_CLASS_ATTRIBUTION]),
            fmt_count(c, s->by_class[RS_CLASS_OPEN]), fmt_count(d, s->by_class[RS_CLASS_NONE]));
    if (s->policy)
        fprintf(out, "; policy: %s violation%s, %s to review, %s ok",
                fmt_count(a, s->policy_violation), s->policy_violation == 1 ? "" : "s",
                fmt_count(b, s->policy_review), fmt_count(c, s->policy_ok));
    if (s->ai_reserved) fprintf(out, "; %s AI-reserved", fmt_count(a, s->ai_reserved));
    if (s->embargoed) fprintf(out, "; %s under embargo", fmt_count(a, s->embargoed));
    if (s->expired) fprintf(out, "; %s expired", fmt_count(a, s->expired));
    if (s->conflicts) fprintf(out, "; %s with conflicts", fmt_count(a, s->conflicts));
    if (s->skipped || s->failed)
        fprintf(out, "; %s skipped, %s failed", fmt_count(a, s->skipped), fmt_count(e, s->failed));
    if (!rs_report_complete(s))
        fputs(s->interrupted ? " \xE2\x80\x94 INCOMPLETE (interrupted)"
                             : " \xE2\x80\x94 INCOMPLETE",
              out);
    putc('\n', out);
}

static rs_err text_finish(rs_report *r, const rs_summary *s, int exit_status)
{
    (void)exit_status; /* the shell has it; the text report need not repeat it */
    static const int order[] = {G_RESTRICTED, G_ATTRIBUTION, G_OPEN, G_SIGNALS, G_PROBLEMS,
                                G_CLEAN};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        print_group(r, order[i]);
    print_summary(r->out, s);
    return RS_OK;
}

static rs_err text_init(rs_report *r)
{
    text_state *t = calloc(1, sizeof *t);
    if (!t) return RS_ERR_NOMEM;
    r->state = t;
    return RS_OK;
}

static void text_cleanup(rs_report *r)
{
    text_state *t = r->state;
    if (!t) return;
    for (int g = 0; g < G_COUNT; g++)
        free(t->group[g].data);
    free(t->block.data);
    free(t);
    r->state = NULL;
}

const rs_report_ops rs_report_text_ops = {
    .name = "text",
    .init = text_init,
    .unit = text_unit,
    .finish = text_finish,
    .cleanup = text_cleanup,
};
