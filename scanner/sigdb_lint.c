/* sigdb_lint.c — looks at signature files for people: `signatures lint` (every problem,
 * each at FILE:LINE:COL, not just the first) and `signatures show` (rs_sigdb_describe).
 *
 * A lint reads each file as a load would, but reports every problem it can find and goes
 * on (sigdb_yaml.c), then checks what a load does not refuse but makes the scanner slow or
 * wrong:
 *   - a pattern or byline with no literal the prefilter can use runs over every byte of
 *     every field ("unanchored"); give it an `anchor:`;
 *   - an anchor shorter than 3 bytes, or a common word, hits nearly everywhere;
 *   - a notice of a named holder with no decisive phrase (neither `decisive:` nor the
 *     holder's name in its text) could match another holder's notice;
 *   - the same id twice in one directory.
 */
#include "sigdb_yaml.h"

#include "approx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_word(rs_tkind k)
{
    return k == RS_T_PATTERN ? "pattern" : k == RS_T_NOTICE ? "notice" : "byline";
}

/* The warnings about one target's anchors. */
static rs_err lint_target(rs_sigload *L, const rs_target *t)
{
    rs_strv a = {0};
    rs_err e = rs_target_anchors(t, &a);
    if (e) return rs_sigload_nomem(L);
    const rs_rx *rx = t->rx;
    bool photo =
        t->kind == RS_T_BYLINE && rx >= t->sig->bylines + (t->sig->nbylines - t->sig->nphoto);
    if (!a.n)
        rs_sigload_fail(L, rx->line, rx->col,
                        "warning: %s has no literal the prefilter can use, so it runs over every "
                        "byte of every field; give it an `anchor:`",
                        kind_word(t->kind));
    for (size_t i = 0; i < a.n; i++) {
        const char *why = rs_anchor_weakness(a.v[i]);
        if (why)
            rs_sigload_fail(L, rx->line, rx->col,
                            "warning: %s anchor '%s' is too short or too common for the "
                            "prefilter (%s)%s",
                            photo ? "photo_credits" : kind_word(t->kind), a.v[i], why,
                            t->kind == RS_T_NOTICE ? "; the notice has too few rare words"
                                                   : "; give a longer `anchor:`");
    }
    if (t->kind == RS_T_NOTICE && !rs_anotice_decisive(rx->notice) &&
        strcmp(t->sig->holder, "unknown") != 0)
        rs_sigload_fail(L, rx->line, rx->col,
                        "warning: the notice names no decisive phrase (no `decisive:`, and "
                        "none of the holder's names is in its text): a near miss on generic "
                        "words could be taken for %s",
                        t->sig->holder);
    rs_strv_free(&a);
    return RS_OK;
}

static rs_err lint_sig(rs_sigload *L, const rs_sig *s)
{
    static const rs_tkind kinds[3] = {RS_T_PATTERN, RS_T_NOTICE, RS_T_BYLINE};
    const rs_rx *lists[3] = {s->patterns, s->notices, s->bylines};
    size_t counts[3] = {s->npatterns, s->nnotices, s->nbylines};
    L->file = s->file;
    rs_err e = RS_OK;
    for (int k = 0; !e && k < 3; k++)
        for (size_t i = 0; !e && i < counts[k]; i++) {
            rs_target t = {.sig = s, .rx = &lists[k][i], .kind = kinds[k]};
            e = lint_target(L, &t);
        }
    return e;
}

static int cmp_sig(const void *a, const void *b)
{
    const rs_sig *x = *(rs_sig *const *)a, *y = *(rs_sig *const *)b;
    int c = strcmp(x->id, y->id);
    return c ? c : strcmp(x->file, y->file);
}

/* One directory: every file, then duplicate ids. */
static rs_err lint_dir(rs_sigload *L, const char *dir)
{
    rs_strv files = {0};
    rs_sig **sigs = NULL;
    size_t n = 0;
    rs_err e = rs_sigfiles(L, dir, &files);
    if (e == RS_ERR_IO) e = RS_OK; /* reported */
    if (!e && files.n && !(sigs = calloc(files.n, sizeof *sigs))) e = rs_sigload_nomem(L);
    for (size_t i = 0; !e && i < files.n; i++) {
        rs_sig *s = NULL;
        e = rs_sigfile_load(L, files.v[i], &s);
        if (e == RS_ERR_SIGNATURE || e == RS_ERR_IO) e = RS_OK; /* reported */
        if (!e && s) {
            sigs[n++] = s;
            e = lint_sig(L, s);
        }
    }
    if (n > 1) qsort(sigs, n, sizeof *sigs, cmp_sig);
    for (size_t i = 1; !e && i < n; i++)
        if (!strcmp(sigs[i]->id, sigs[i - 1]->id)) {
            L->file = sigs[i]->file;
            rs_sigload_fail(L, sigs[i]->line, sigs[i]->col, "duplicate id '%s' (also in %s:%u)",
                            sigs[i]->id, sigs[i - 1]->file, sigs[i - 1]->line);
        }
    for (size_t i = 0; i < n; i++)
        rs_sig_free(sigs[i]);
    free(sigs);
    rs_strv_free(&files);
    return e;
}

size_t rs_sigdb_lint(const char *const *dirs, size_t ndirs,
                     void (*report)(void *ctx, const char *msg), void *ctx)
{
    rs_sigload L = {.report = report, .ctx = ctx};
    for (size_t d = 0; d < ndirs; d++) {
        L.file = NULL;
        if (lint_dir(&L, dirs[d]) == RS_ERR_NOMEM) {
            report(ctx, "lint: out of memory");
            return L.nproblems + 1;
        }
    }
    return L.nproblems;
}

/* ---- describe ---- */

static rs_err describe_anchors(rs_buf *b, const rs_target *t)
{
    if (t->kind == RS_T_NOTICE) return RS_OK; /* rs_anotice_describe lists them */
    rs_strv a = {0};
    rs_err e = rs_target_anchors(t, &a);
    if (!e) e = rs_buf_printf(b, "      anchors:%s", a.n ? "" : " none (runs everywhere)");
    for (size_t i = 0; !e && i < a.n; i++)
        e = rs_buf_printf(b, " '%s'", a.v[i]);
    if (!e) e = rs_buf_putc(b, '\n');
    rs_strv_free(&a);
    return e;
}

static rs_err describe_list(rs_buf *b, const rs_sig *s, const char *title, const rs_rx *v, size_t n,
                            rs_tkind kind)
{
    rs_err e = n ? rs_buf_printf(b, "%s (%zu):\n", title, n) : RS_OK;
    for (size_t i = 0; !e && i < n; i++) {
        const rs_rx *r = &v[i];
        e = rs_buf_printf(b, "  %s:%u%s%s%s: %s\n", s->file, r->line, r->lang ? " [" : "",
                          r->lang ? r->lang : "", r->lang ? "]" : "", r->src);
        if (!e && r->kind == RS_KIND_LICENCE) e = rs_buf_printf(b, "      kind: licence\n");
        if (!e && r->confidence > 0)
            e = rs_buf_printf(b, "      confidence: %.2f\n", r->confidence);
        if (!e && r->notice) e = rs_anotice_describe(r->notice, b);
        rs_target t = {.sig = s, .rx = r, .kind = kind};
        if (!e && r->code) e = describe_anchors(b, &t);
    }
    return e;
}

static rs_err describe_strings(rs_buf *b, const char *title, char *const *v, size_t n)
{
    rs_err e = n ? rs_buf_printf(b, "%s:", title) : RS_OK;
    for (size_t i = 0; !e && i < n; i++)
        e = rs_buf_printf(b, "%s %s", i ? "," : "", v[i]);
    return !e && n ? rs_buf_putc(b, '\n') : e;
}

char *rs_sigdb_describe(const rs_sigdb *db, const char *id)
{
    const rs_sig *s = NULL;
    for (size_t i = 0; db && i < db->n && !s; i++)
        if (!strcmp(db->v[i]->id, id)) s = db->v[i];
    if (!s) return NULL;
    rs_buf b;
    rs_buf_init(&b, 0);
    size_t nmatch = 0;
    for (size_t i = 0; i < s->nexamples; i++)
        nmatch += s->examples[i].match;
    rs_err e = rs_buf_printf(&b,
                             "id: %s\nname: %s\nholder: %s\nclass: %s\nlanguages: %s\n"
                             "file: %s:%u\n",
                             s->id, s->name, s->holder, rs_class_name(s->cls),
                             s->languages ? s->languages : "", s->file, s->line);
    if (!e) e = describe_strings(&b, "aliases", s->aliases, s->naliases);
    if (!e) e = describe_strings(&b, "credits (normalised)", s->credits, s->ncredits);
    if (!e) e = describe_strings(&b, "photo credits", s->photo_credits, s->nphoto_credits);
    if (!e) e = describe_list(&b, s, "notices (normalised)", s->notices, s->nnotices, RS_T_NOTICE);
    if (!e)
        e = describe_list(&b, s, "patterns (as compiled)", s->patterns, s->npatterns, RS_T_PATTERN);
    if (!e) e = describe_list(&b, s, "bylines", s->bylines, s->nbylines, RS_T_BYLINE);
    if (!e) e = describe_list(&b, s, "suppress", s->suppress, s->nsuppress, RS_T_PATTERN);
    if (!e)
        e = rs_buf_printf(&b, "examples: %zu that match, %zu that must not\n", nmatch,
                          s->nexamples - nmatch);
    if (e) {
        rs_buf_free(&b);
        return NULL;
    }
    return b.data;
}
