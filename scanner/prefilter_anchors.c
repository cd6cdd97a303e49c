/* prefilter_anchors.c — reads the literal anchors out of a signature's regexes (and picks
 * each target's anchors) for the prefilter (prefilter.c explains what anchors are for).
 *
 * The regex source (as compiled: a pattern's literals already folded) is read as a
 * sequence of items. Literal characters accumulate into runs; an item that may be absent
 * or varies (`x?`, `[abc]`, `.`, `\d`, a group with `?` or `*`) ends the run; zero-width
 * items (`\b`, `^`, `(?=..)`, `(?<!..)`, `\K`) do not; `\s`, `\s+` and whitespace-only
 * classes are a space (normalised text has single spaces); a group of literal
 * alternatives is spliced in (cross product, at most MAX_ALTS strings); a group that is
 * more than that offers its own best set. Every run is a candidate set of literals (one of
 * which every match contains); normalised like the text, the set whose shortest member is
 * longest wins (a common word counts as short). An alternation's set is the union of its
 * branches' (none when one branch has none).
 */
#include "prefilter.h"

#include "approx.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ALTS 8 /* strings a literal set may grow to by cross product */

void rs_strv_free(rs_strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

static rs_err sv_add(rs_strv *sv, const char *s, size_t n)
{
    if (sv->n == sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 8;
        char **v = realloc(sv->v, cap * sizeof *v);
        if (!v) return RS_ERR_NOMEM;
        sv->v = v;
        sv->cap = cap;
    }
    if (!(sv->v[sv->n] = strndup(s, n))) return RS_ERR_NOMEM;
    sv->n++;
    return RS_OK;
}

static bool sv_has(const rs_strv *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (!strcmp(sv->v[i], s)) return true;
    return false;
}

/* True when sv has a string that normalises as s does ("PHOTO", "Photo" and "photo" are
 * one alternative to the prefilter, which sees normalised text). */
static bool sv_has_folded(const rs_strv *sv, const char *s)
{
    if (sv_has(sv, s)) return true;
    char *n = rs_normalize_dup(s);
    bool found = false;
    for (size_t i = 0; n && !found && i < sv->n; i++) {
        char *m = rs_normalize_dup(sv->v[i]);
        found = m && !strcmp(m, n);
        free(m);
    }
    free(n);
    return found;
}

/* ---- anchor quality ---- */

static bool common_word(const char *a)
{
    static const char *const common[] = {
        "the", "and", "for", "are", "not", "all",  "with",  "from", "this", "that",
        "der", "die", "das", "und", "les", "des",  "une",   "los",  "las",  "del",
        "con", "per", "che", "ile", "bir", "http", "https", "www",  "com",  NULL};
    for (size_t i = 0; common[i]; i++)
        if (!strcmp(a, common[i])) return true;
    return false;
}

const char *rs_anchor_weakness(const char *a)
{
    if (strlen(a) < RS_PF_MIN_ANCHOR) return "shorter than 3 bytes";
    if (common_word(a)) return "a common word";
    return NULL;
}

static size_t quality(const char *a)
{
    return rs_anchor_weakness(a) ? (strlen(a) < 2 ? strlen(a) : 2) : strlen(a);
}

static size_t set_quality(const rs_strv *sv)
{
    size_t q = SIZE_MAX;
    for (size_t i = 0; i < sv->n; i++)
        if (quality(sv->v[i]) < q) q = quality(sv->v[i]);
    return sv->n ? q : 0;
}

/* ---- reading a regex for its literals ---- */

typedef struct px {
    const char *s;
    size_t n, i;
    rs_err err;
} px;

/* What a sequence or an alternation yields. */
typedef struct lits {
    rs_strv best; /* the best candidate set (empty: none) */
    size_t bestq;
    bool pure; /* it is nothing but literals: lit holds them */
    rs_strv lit;
} lits;

static void lits_free(lits *l)
{
    rs_strv_free(&l->best);
    rs_strv_free(&l->lit);
}

/* Normalises each string of raw into a candidate set: trimmed of blanks and '-' at the
 * ends, deduplicated; empty when a member folds to nothing (no anchor then). */
static rs_err normalise_set(const rs_strv *raw, rs_strv *out)
{
    for (size_t i = 0; i < raw->n; i++) {
        char *n = rs_normalize_dup(raw->v[i]);
        if (!n) return RS_ERR_NOMEM;
        char *a = n, *b = n + strlen(n);
        while (*a == ' ' || *a == '-')
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '-'))
            b--;
        *b = '\0';
        char *cut = strstr(a, "- "); /* "x-\nyz" in a byline: the text joins it */
        if (cut && (size_t)(cut - a) >= strlen(cut + 2))
            *cut = '\0';
        else if (cut)
            a = cut + 2;
        rs_err e = RS_OK;
        if (!*a) {
            free(n);
            rs_strv_free(out);
            return RS_OK;
        }
        if (!sv_has(out, a)) e = sv_add(out, a, strlen(a));
        free(n);
        if (e) return e;
    }
    return RS_OK;
}

/* Offers the raw strings of set as a candidate. */
static rs_err offer(lits *l, const rs_strv *set)
{
    rs_strv norm = {0};
    rs_err e = normalise_set(set, &norm);
    size_t q = set_quality(&norm);
    if (!e && norm.n && (q > l->bestq || (q == l->bestq && norm.n < l->best.n))) {
        rs_strv_free(&l->best);
        l->best = norm;
        l->bestq = q;
        return RS_OK;
    }
    rs_strv_free(&norm);
    return e;
}

static rs_err offer_norm(lits *l, const rs_strv *norm)
{
    size_t q = set_quality(norm);
    if (!norm->n || q < l->bestq || (q == l->bestq && norm->n >= l->best.n)) return RS_OK;
    rs_strv_free(&l->best);
    for (size_t i = 0; i < norm->n; i++)
        if (sv_add(&l->best, norm->v[i], strlen(norm->v[i]))) return RS_ERR_NOMEM;
    l->bestq = q;
    return RS_OK;
}

/* cur := cur × add (every string of cur followed by every string of add). */
static rs_err product(rs_strv *cur, const rs_strv *add)
{
    rs_strv out = {0};
    for (size_t i = 0; i < cur->n; i++)
        for (size_t j = 0; j < add->n; j++) {
            size_t a = strlen(cur->v[i]), b = strlen(add->v[j]);
            char *s = malloc(a + b + 1);
            if (!s) {
                rs_strv_free(&out);
                return RS_ERR_NOMEM;
            }
            memcpy(s, cur->v[i], a);
            memcpy(s + a, add->v[j], b + 1);
            rs_err e = sv_has(&out, s) ? RS_OK : sv_add(&out, s, a + b);
            free(s);
            if (e) {
                rs_strv_free(&out);
                return e;
            }
        }
    rs_strv_free(cur);
    *cur = out;
    return RS_OK;
}

/* Ends the current run: offers it and starts an empty one. */
static rs_err flush(lits *l, rs_strv *cur)
{
    bool empty = true;
    for (size_t i = 0; i < cur->n; i++)
        empty = empty && !cur->v[i][0];
    rs_err e = empty ? RS_OK : offer(l, cur);
    rs_strv_free(cur);
    return e ? e : sv_add(cur, "", 0);
}

typedef struct quant {
    bool present;
    unsigned min;
} quant;

static quant read_quant(px *p)
{
    quant q = {false, 1};
    if (p->i >= p->n) return q;
    char c = p->s[p->i];
    if (c == '*' || c == '?') {
        q = (quant){true, 0};
        p->i++;
    } else if (c == '+') {
        q = (quant){true, 1};
        p->i++;
    } else if (c == '{') {
        size_t j = p->i + 1;
        unsigned v = 0;
        bool digits = false;
        while (j < p->n && p->s[j] >= '0' && p->s[j] <= '9')
            v = v * 10 + (unsigned)(p->s[j++] - '0'), digits = true;
        if (j < p->n && p->s[j] == ',' && !digits) { /* "{,n}": {0,n} from PCRE2 10.43 */
            const char *e = memchr(p->s + j, '}', p->n - j);
            if (!e) return q;
            p->i = (size_t)(e - p->s) + 1;
            return (quant){true, 0};
        }
        while (j < p->n && p->s[j] != '}' && ((p->s[j] >= '0' && p->s[j] <= '9') || p->s[j] == ','))
            j++;
        if (!digits || j >= p->n || p->s[j] != '}') return q; /* a literal '{' */
        q = (quant){true, v};
        p->i = j + 1;
    }
    if (q.present && p->i < p->n && (p->s[p->i] == '?' || p->s[p->i] == '+')) p->i++;
    return q;
}

static rs_err parse_alt(px *p, lits *out);

/* Skips a character class at p->s[p->i] == '['; *space: it holds only whitespace. */
static void skip_class(px *p, bool *space)
{
    size_t i = p->i + 1;
    *space = true;
    if (i < p->n && p->s[i] == '^') i++, *space = false;
    if (i < p->n && p->s[i] == ']') i++, *space = false;
    while (i < p->n && p->s[i] != ']') {
        if (p->s[i] == '[' && i + 1 < p->n && p->s[i + 1] == ':') {
            const char *e = strstr(p->s + i, ":]");
            i = e ? (size_t)(e - p->s) + 2 : p->n;
            *space = false;
            continue;
        }
        if (p->s[i] == '\\' && i + 1 < p->n) {
            char k = p->s[i + 1];
            if (!strchr("stnrfvh", k)) *space = false;
            i += 2;
            continue;
        }
        if (p->s[i] != ' ' && p->s[i] != '\t') *space = false;
        i++;
    }
    p->i = i < p->n ? i + 1 : p->n;
}

/* Atom kinds. */
enum { A_LIT, A_SPACE, A_BREAK, A_ZERO, A_GROUP };

/* Reads an escape at p->s[p->i] == '\\' into lit (A_LIT) or returns its kind. */
static int read_escape(px *p, char *lit, size_t *litlen)
{
    if (p->i + 1 >= p->n) {
        p->i = p->n;
        return A_BREAK;
    }
    unsigned char k = (unsigned char)p->s[p->i + 1];
    p->i += 2;
    if (strchr("bBAzZGK", k)) return A_ZERO;
    if (strchr("stnrfvh", k)) return A_SPACE;
    if (strchr("pPxogkNcu", k) && p->i < p->n && p->s[p->i] == '{') {
        const char *e = memchr(p->s + p->i, '}', p->n - p->i);
        p->i = e ? (size_t)(e - p->s) + 1 : p->n;
        return A_BREAK;
    }
    if (strchr("pP", k) && p->i < p->n) p->i++; /* \pL */
    if (k == 'x') {                             /* \xhh: a byte we do not try to read */
        while (p->i < p->n && strchr("0123456789abcdefABCDEF", p->s[p->i]) && k++ < 'x' + 2)
            p->i++;
        return A_BREAK;
    }
    if (k >= 0x80 || (k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z') || (k >= '0' && k <= '9'))
        return A_BREAK;
    lit[0] = (char)k;
    *litlen = 1;
    return A_LIT;
}

/* Skips a balanced (...) at p->s[p->i] == '(' (escapes and classes respected). */
static void skip_balanced(px *p)
{
    unsigned depth = 0;
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c == '\\') {
            p->i += 2;
            continue;
        }
        if (c == '[') {
            bool space;
            skip_class(p, &space);
            continue;
        }
        p->i++;
        if (c == '(') depth++;
        if (c == ')' && --depth == 0) return;
    }
    p->i = p->n;
}

/* Reads a group at p->s[p->i] == '('. Returns A_ZERO (lookaround, option setting,
 * comment, verb), A_BREAK (recursion, conditional, back reference) or A_GROUP with its
 * content in *inner. */
static int read_group(px *p, lits *inner)
{
    const char *s = p->s + p->i;
    size_t left = p->n - p->i, j;
#define AT(k) ((size_t)(k) < left ? s[k] : '\0')
    char c2 = AT(2);
    if (AT(1) == '*') {
        skip_balanced(p);
        return A_ZERO;
    }
    if (AT(1) != '?') {
        j = 1;
    } else if (c2 == '#' || c2 == 'C') {
        const char *e = memchr(s, ')', left);
        p->i = e ? (size_t)(e - p->s) + 1 : p->n;
        return A_ZERO;
    } else if (c2 == '=' || c2 == '!' || (c2 == '<' && (AT(3) == '=' || AT(3) == '!'))) {
        p->i += c2 == '<' ? 4 : 3;
        lits look = {0};
        rs_err e = parse_alt(p, &look);
        lits_free(&look);
        if (e) p->err = e;
        if (p->i < p->n && p->s[p->i] == ')') p->i++;
        return A_ZERO;
    } else if (c2 == ':' || c2 == '>' || c2 == '|') {
        j = 3;
    } else if (c2 == '<' || (c2 == 'P' && AT(3) == '<') || c2 == '\'') {
        char close = c2 == '\'' ? '\'' : '>';
        for (j = 3; j < left && s[j] != close; j++)
            ;
        j++;
    } else if (c2 == 'P' || c2 == 'R' || c2 == '&' || c2 == '(' || c2 == '+' ||
               (c2 >= '0' && c2 <= '9') || (c2 == '-' && AT(3) >= '0' && AT(3) <= '9')) {
        skip_balanced(p);
        return A_BREAK;
    } else {
        for (j = 2; j < left && (strchr("-^", s[j]) || (s[j] >= 'a' && s[j] <= 'z') ||
                                 (s[j] >= 'A' && s[j] <= 'Z'));
             j++)
            ;
        if (AT(j) == ')') {
            p->i += j + 1;
            return A_ZERO;
        }
        if (AT(j) != ':') {
            skip_balanced(p);
            return A_BREAK;
        }
        j++;
    }
#undef AT
    p->i += j < left ? j : left;
    rs_err e = parse_alt(p, inner);
    if (e) p->err = e;
    if (p->i < p->n && p->s[p->i] == ')') p->i++;
    return A_GROUP;
}

/* One sequence: items up to '|' or ')' or the end. */
static rs_err parse_seq(px *p, lits *out)
{
    rs_strv cur = {0};
    rs_err e = sv_add(&cur, "", 0);
    out->pure = true;
    while (!e && !p->err && p->i < p->n && p->s[p->i] != '|' && p->s[p->i] != ')') {
        char lit[8];
        size_t litlen = 0;
        int kind;
        lits inner = {0};
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '(') {
            kind = read_group(p, &inner);
        } else if (c == '[') {
            bool space;
            skip_class(p, &space);
            kind = space ? A_SPACE : A_BREAK;
        } else if (c == '.') {
            p->i++, kind = A_BREAK;
        } else if (c == '^' || c == '$') {
            p->i++, kind = A_ZERO;
        } else if (c == '\\' && p->i + 1 < p->n && p->s[p->i + 1] == 'Q') {
            /* \Q..\E: literals; a quantifier after it applies to the last one */
            const char *end = strstr(p->s + p->i + 2, "\\E");
            size_t from = p->i + 2, stop = end ? (size_t)(end - p->s) : p->n, last = stop;
            p->i = end ? stop + 2 : p->n;
            if (stop == from) continue;
            while (last > from && ((unsigned char)p->s[last - 1] & 0xC0) == 0x80)
                last--;
            last--;
            rs_strv q = {0};
            e = sv_add(&q, p->s + from, last - from);
            if (!e) e = product(&cur, &q);
            rs_strv_free(&q);
            litlen = stop - last < sizeof lit ? stop - last : 1;
            memcpy(lit, p->s + last, litlen);
            kind = A_LIT;
        } else if (c == '\\') {
            kind = read_escape(p, lit, &litlen);
        } else {
            litlen = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            if (p->i + litlen > p->n) litlen = p->n - p->i;
            memcpy(lit, p->s + p->i, litlen);
            p->i += litlen;
            kind = c == ' ' || c == '\t' ? A_SPACE : A_LIT;
        }
        if (kind == A_ZERO) {
            lits_free(&inner);
            continue;
        }
        quant q = read_quant(p);
        if (kind == A_SPACE) {
            lit[0] = ' ', litlen = 1, kind = A_LIT; /* \s and \s+ are one space */
            if (q.present && q.min == 1) q.present = false;
        }
        rs_strv one = {0};
        if (kind == A_LIT && !(e = sv_add(&one, lit, litlen)) && q.min >= 1) {
            e = product(&cur, &one);
            if (!e && q.present) e = flush(out, &cur), out->pure = false;
        } else if (kind == A_GROUP && q.min >= 1 && inner.pure && inner.lit.n) {
            if (cur.n * inner.lit.n > MAX_ALTS) e = flush(out, &cur), out->pure = false;
            if (!e) e = product(&cur, &inner.lit);
            if (!e && q.present) e = flush(out, &cur), out->pure = false;
        } else {
            e = flush(out, &cur);
            out->pure = false;
            if (!e && kind == A_GROUP && q.min >= 1) e = offer_norm(out, &inner.best);
        }
        rs_strv_free(&one);
        lits_free(&inner);
    }
    if (!e && out->pure) {
        out->lit = cur;
        cur = (rs_strv){0};
        rs_strv tmp = {0};
        for (size_t i = 0; !e && i < out->lit.n; i++)
            e = sv_add(&tmp, out->lit.v[i], strlen(out->lit.v[i]));
        if (!e) e = flush(out, &tmp);
        rs_strv_free(&tmp);
    } else if (!e) {
        e = flush(out, &cur);
    }
    rs_strv_free(&cur);
    return e ? e : p->err;
}

static rs_err parse_alt(px *p, lits *out)
{
    rs_err e = parse_seq(p, out);
    bool all = out->best.n > 0;
    while (!e && p->i < p->n && p->s[p->i] == '|') {
        p->i++;
        lits b = {0};
        e = parse_seq(p, &b);
        all = all && b.best.n > 0;
        out->pure = out->pure && b.pure;
        for (size_t i = 0; !e && i < b.best.n; i++)
            if (!sv_has(&out->best, b.best.v[i]))
                e = sv_add(&out->best, b.best.v[i], strlen(b.best.v[i]));
        for (size_t i = 0; !e && out->pure && i < b.lit.n; i++)
            if (!sv_has_folded(&out->lit, b.lit.v[i]))
                e = sv_add(&out->lit, b.lit.v[i], strlen(b.lit.v[i]));
        if (out->lit.n > MAX_ALTS * MAX_ALTS) out->pure = false;
        lits_free(&b);
    }
    if (!all) rs_strv_free(&out->best);
    out->bestq = set_quality(&out->best);
    if (!out->pure) rs_strv_free(&out->lit);
    return e;
}

rs_err rs_rx_anchors(const char *src, rs_strv *out)
{
    px p = {.s = src, .n = strlen(src)};
    lits l = {0};
    rs_err e = parse_alt(&p, &l);
    if (!e && p.i < p.n) rs_strv_free(&l.best); /* an unbalanced ')': do not guess */
    if (!e) {
        *out = l.best;
        l.best = (rs_strv){0};
    }
    lits_free(&l);
    return e;
}

rs_err rs_target_anchors(const rs_target *t, rs_strv *out)
{
    *out = (rs_strv){0};
    if (t->rx->nanchors) {
        for (size_t i = 0; i < t->rx->nanchors; i++)
            if (!sv_has(out, t->rx->anchors[i]) &&
                sv_add(out, t->rx->anchors[i], strlen(t->rx->anchors[i])))
                return RS_ERR_NOMEM;
        return RS_OK;
    }
    if (t->kind == RS_T_NOTICE) {
        const char *const *v;
        size_t n = rs_anotice_anchors(t->rx->notice, &v);
        for (size_t i = 0; i < n; i++)
            if (sv_add(out, v[i], strlen(v[i]))) return RS_ERR_NOMEM;
        return RS_OK;
    }
    return rs_rx_anchors(t->rx->src, out);
}
