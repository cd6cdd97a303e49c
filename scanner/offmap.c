/* offmap.c — run-length maps from derived-text offsets back to source offsets.
 *
 * Example: the HTML "<p>A&amp;B</p>" extracts to "A&B". Noting each output byte's source:
 * t=0 ← s=3 ('A'), t=1 ← s=4 ('&amp;' starts), t=2 ← s=9 ('B'). The map keeps the
 * checkpoints (0,3), (2,9): t=1 is 3+1 = 4 by the first run, t=2 breaks the run.
 * Lookup is a binary search over checkpoints.
 */
#include "internal.h"

#include <stdlib.h>

void rs_offmap_init(rs_offmap *m)
{
    m->pts = NULL;
    m->n = m->cap = 0;
}

void rs_offmap_free(rs_offmap *m)
{
    free(m->pts);
    rs_offmap_init(m);
}

void rs_offmap_reset(rs_offmap *m)
{
    m->n = 0;
}

rs_err rs_offmap_note(rs_offmap *m, size_t t, size_t s)
{
    if (m->n) {
        rs_offmap_pt *last = &m->pts[m->n - 1];
        if (last->src + (t - last->text) == s) return RS_OK; /* the run goes on */
        if (last->text == t) {                               /* nothing mapped by last */
            last->src = s;
            return RS_OK;
        }
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        rs_offmap_pt *p = realloc(m->pts, cap * sizeof *p);
        if (!p) return RS_ERR_NOMEM;
        m->pts = p;
        m->cap = cap;
    }
    m->pts[m->n].text = t;
    m->pts[m->n].src = s;
    m->n++;
    return RS_OK;
}

size_t rs_offmap_lookup(const rs_offmap *m, size_t t)
{
    if (!m->n) return t;
    size_t lo = 0, hi = m->n; /* find the last checkpoint with text <= t */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->pts[mid].text <= t)
            lo = mid;
        else
            hi = mid;
    }
    const rs_offmap_pt *p = &m->pts[lo];
    if (p->text > t) return p->src; /* before the first checkpoint */
    return p->src + (t - p->text);
}
