/* SPDX-License-Identifier: Apache-2.0 */
/* Bounded value tree: decodes one Data value into a caller's node array in
 * pre-order (a loop over pull-parser events), finds children, compares
 * trees and re-encodes them. No recursion: every walk uses explicit stacks
 * bounded by COSEM_AXDR_MAX_DEPTH. */
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/axdr.h>
#include <cosem/datetime.h>
#include <cosem/value.h>

#include "../config_check.h"
#include "axdr_internal.h"
#include "value_internal.h"

#if COSEM_WITH_VALUE_TREE

/* Whether a tag opens a container in the tree. */
static bool is_container(uint8_t type)
{
    return type == COSEM_AXDR_ARRAY || type == COSEM_AXDR_STRUCTURE ||
           type == COSEM_AXDR_COMPACT_ARRAY;
}

/* Whether a tag is a length-prefixed string. */
static bool is_string(uint8_t type)
{
    return type == COSEM_AXDR_OCTET_STRING || type == COSEM_AXDR_VISIBLE_STRING ||
           type == COSEM_AXDR_UTF8_STRING;
}

/* ---- Decoding -------------------------------------------------------- */

/* Fills v of a primitive node from its content octets. */
static void set_value(cosem_value_node_t *nd)
{
    uint8_t t = nd->type;
    if (t == COSEM_AXDR_BOOLEAN) {
        nd->v.i = nd->data[0] != 0;
    } else if (cosem_axdr_is_integer(t) && cosem_axdr_is_signed(t)) {
        nd->v.i = cosem_axdr_int_value(t, nd->data, nd->len);
    } else if (cosem_axdr_is_integer(t) || t == COSEM_AXDR_BCD || t == COSEM_AXDR_FLOAT32 ||
               t == COSEM_AXDR_FLOAT64) {
        nd->v.u = cosem_axdr_be(nd->data, nd->len);
    } else if (t == COSEM_AXDR_DATE_TIME) {
        cosem_datetime_decode(&nd->v.dt, nd->data);
    } else if (t == COSEM_AXDR_DATE) {
        cosem_date_decode(&nd->v.dt, nd->data);
    } else if (t == COSEM_AXDR_TIME) {
        cosem_time_decode(&nd->v.dt, nd->data);
    }
}

/* Turns one parser event into node n (next is set when its subtree ends). */
static void fill_node(cosem_value_node_t *nd, const cosem_axdr_event_t *ev,
                      const cosem_axdr_parser_t *p, size_t n)
{
    memset(nd, 0, sizeof *nd);
    nd->type = ev->type;
    nd->depth = ev->depth;
    nd->in_compact = ev->in_compact;
    nd->count = ev->count;
    nd->data = ev->data;
    nd->len = ev->len;
    if (ev->type == COSEM_AXDR_COMPACT_ARRAY) {
        /* Keep the TypeDescription: the encoder writes it back as is. */
        nd->data = p->desc;
        nd->len = p->desc_len;
        nd->count = 0;
    } else if (!is_container(ev->type)) {
        nd->next = (uint32_t)(n + 1u);
        if (nd->data != NULL) {
            set_value(nd);
        }
    }
}

/* Closes the open containers at depth >= depth: their subtrees end at n. */
static void close_open(cosem_value_node_t *nodes, const size_t *open, size_t *sp, unsigned depth,
                       size_t n)
{
    while (*sp > 0 && nodes[open[*sp - 1]].depth >= depth) {
        nodes[open[--*sp]].next = (uint32_t)n;
    }
}

cosem_status_t cosem_value_decode(cosem_axdr_reader_t *r, cosem_value_node_t *nodes, size_t cap,
                                  size_t *count)
{
    cosem_axdr_parser_t p;
    cosem_axdr_event_t ev;
    size_t open[COSEM_AXDR_MAX_DEPTH];
    size_t n = 0, sp = 0;
    if (count != NULL) {
        *count = 0;
    }
    if (nodes == NULL) {
        cap = 0;
    }
    if (cap > UINT32_MAX) {
        cap = UINT32_MAX; /* next is 32 bits */
    }
    cosem_axdr_parser_init(&p, r);
    while (!cosem_axdr_parse_done(&p) && cosem_axdr_parse_next(&p, &ev) == COSEM_OK) {
        close_open(nodes, open, &sp, ev.depth, n);
        if (n >= cap) {
            return cosem_axdr_reader_fail(r, COSEM_E_NOSPACE);
        }
        if (sp > 0 && nodes[open[sp - 1]].type == COSEM_AXDR_COMPACT_ARRAY) {
            nodes[open[sp - 1]].count++;
        }
        fill_node(&nodes[n], &ev, &p, n);
        if (is_container(ev.type)) {
            if (sp >= COSEM_AXDR_MAX_DEPTH) {
                return cosem_axdr_reader_fail(r, COSEM_E_DEPTH);
            }
            open[sp++] = n;
        }
        n++;
    }
    if (r->err != COSEM_OK) {
        return r->err;
    }
    close_open(nodes, open, &sp, 0, n);
    if (count != NULL) {
        *count = n;
    }
    return COSEM_OK;
}

/* ---- Navigation and comparison ---------------------------------------- */

size_t cosem_value_child(const cosem_value_node_t *nodes, size_t count, size_t parent, size_t k)
{
    size_t i, end;
    if (nodes == NULL || parent >= count || !is_container(nodes[parent].type)) {
        return count;
    }
    end = nodes[parent].next < count ? nodes[parent].next : count;
    for (i = parent + 1u; i < end; k--) {
        if (k == 0) {
            return i;
        }
        if (nodes[i].next <= i) {
            return count; /* inconsistent tree */
        }
        i = nodes[i].next;
    }
    return count;
}

/* Writes the big-endian low n octets of v. */
static void put_be(uint8_t *dst, uint64_t v, size_t n)
{
    while (n > 0) {
        dst[--n] = (uint8_t)v;
        v >>= 8;
    }
}

const uint8_t *cosem_value_content(const cosem_value_node_t *nd, uint8_t tmp[12], size_t *n)
{
    int fixed = cosem_axdr_fixed_size(nd->type);
    if (nd->data != NULL || fixed <= 0) {
        *n = fixed == 0 ? 0 : nd->len;
        return fixed == 0 ? tmp : nd->data;
    }
    *n = (size_t)fixed;
    if (nd->type == COSEM_AXDR_DATE_TIME) {
        cosem_datetime_encode(&nd->v.dt, tmp);
    } else if (nd->type == COSEM_AXDR_DATE) {
        cosem_date_encode(&nd->v.dt, tmp);
    } else if (nd->type == COSEM_AXDR_TIME) {
        cosem_time_encode(&nd->v.dt, tmp);
    } else if (nd->type == COSEM_AXDR_BOOLEAN) {
        tmp[0] = nd->v.i != 0;
    } else {
        put_be(tmp, nd->v.u, (size_t)fixed);
    }
    return tmp;
}

/* Whether two nodes have the same shape and content octets. */
static bool node_equal(const cosem_value_node_t *a, const cosem_value_node_t *b)
{
    uint8_t ta[12], tb[12];
    const uint8_t *pa, *pb;
    size_t la, lb;
    if (a->type != b->type || a->depth != b->depth || a->in_compact != b->in_compact ||
        a->count != b->count || a->next != b->next) {
        return false;
    }
    pa = cosem_value_content(a, ta, &la);
    pb = cosem_value_content(b, tb, &lb);
    if (la != lb) {
        return false;
    }
    if (la == 0) {
        return true;
    }
    return pa != NULL && pb != NULL && cosem_mem_cmp(pa, pb, la) == 0;
}

bool cosem_value_equal(const cosem_value_node_t *a, size_t na, const cosem_value_node_t *b,
                       size_t nb)
{
    size_t i;
    if (na != nb || (na > 0 && (a == NULL || b == NULL))) {
        return false;
    }
    for (i = 0; i < na; i++) {
        if (!node_equal(&a[i], &b[i])) {
            return false;
        }
    }
    return true;
}

/* ---- Checked walk ------------------------------------------------------ */

cosem_status_t cosem_value_walk_init(cosem_value_walk_t *w, const cosem_value_node_t *nodes,
                                     size_t count, size_t index)
{
    memset(w, 0, sizeof *w);
    w->nodes = nodes;
    if (nodes == NULL || index >= count || nodes[index].next <= index ||
        nodes[index].next > count) {
        w->err = COSEM_E_ARG;
        return w->err;
    }
    w->i = index;
    w->end = nodes[index].next;
    w->root_depth = nodes[index].depth;
    return COSEM_OK;
}

/* Whether the content fields of a primitive are consistent. */
static bool content_ok(const cosem_value_node_t *nd)
{
    int fixed = cosem_axdr_fixed_size(nd->type);
    if (fixed >= 0) {
        return (nd->data == NULL || nd->len == (size_t)fixed) && !(fixed == 0 && nd->in_compact);
    }
    if (nd->len != 0 && nd->data == NULL) {
        return false;
    }
    if (nd->type == COSEM_AXDR_BIT_STRING) {
        return nd->len == nd->count / 8u + (nd->count % 8u != 0u);
    }
    return is_string(nd->type);
}

/* Whether node i fits where the walk met it. */
static bool node_ok(const cosem_value_walk_t *w, const cosem_value_node_t *nd, size_t limit)
{
    if (nd->next <= w->i || nd->next > limit || (unsigned)nd->depth != w->root_depth + w->sp ||
        nd->in_compact != (w->compact_sp != 0)) {
        return false;
    }
    if (nd->type == COSEM_AXDR_COMPACT_ARRAY) {
        return !nd->in_compact && nd->data != NULL && nd->len > 0;
    }
    if (is_container(nd->type)) {
        return true;
    }
    return nd->next == w->i + 1u && content_ok(nd);
}

/* Stops the walk on an inconsistent tree. */
static int walk_fail(cosem_value_walk_t *w)
{
    w->err = COSEM_E_ARG;
    return COSEM_VALUE_WALK_DONE;
}

/* Closes the innermost container once all its children were met. */
static int walk_leave(cosem_value_walk_t *w, size_t *idx)
{
    const cosem_value_frame_t *f = &w->stack[w->sp - 1u];
    if (f->left != 0) {
        return walk_fail(w);
    }
    *idx = f->idx;
    w->sp--;
    if (w->compact_sp > w->sp) {
        w->compact_sp = 0;
    }
    w->level = w->sp;
    return COSEM_VALUE_WALK_LEAVE;
}

int cosem_value_walk_next(cosem_value_walk_t *w, size_t *idx)
{
    const cosem_value_node_t *nd;
    cosem_value_frame_t *top = w->sp > 0 ? &w->stack[w->sp - 1u] : NULL;
    if (w->err != COSEM_OK) {
        return COSEM_VALUE_WALK_DONE;
    }
    if (top != NULL && w->i == w->nodes[top->idx].next) {
        return walk_leave(w, idx);
    }
    if (w->i >= w->end) {
        return COSEM_VALUE_WALK_DONE;
    }
    nd = &w->nodes[w->i];
    if (!node_ok(w, nd, top != NULL ? w->nodes[top->idx].next : w->end) ||
        (top != NULL && top->left == 0)) {
        return walk_fail(w);
    }
    if (top != NULL) {
        top->left--;
    }
    *idx = w->i;
    w->level = w->sp;
    if (is_container(nd->type)) {
        if (w->sp >= COSEM_AXDR_MAX_DEPTH) {
            return walk_fail(w);
        }
        w->stack[w->sp].idx = w->i;
        w->stack[w->sp].left = nd->count;
        w->sp++;
        if (nd->type == COSEM_AXDR_COMPACT_ARRAY) {
            w->compact_sp = w->sp;
        }
    }
    w->i++;
    return COSEM_VALUE_WALK_ENTER;
}

/* ---- Encoding ---------------------------------------------------------- */

/* Writes one node: tag unless inside a compact-array, then length and
 * content as its type needs. Containers inside compact contents write
 * nothing (the TypeDescription carries them). */
static void put_node(cosem_axdr_writer_t *w, const cosem_value_node_t *nd)
{
    uint8_t tmp[12];
    const uint8_t *p;
    size_t n;
    if (!nd->in_compact) {
        cosem_axdr_put_u8(w, nd->type);
    }
    if (is_container(nd->type)) {
        if (!nd->in_compact) {
            cosem_axdr_put_length(w, nd->count);
        }
        return;
    }
    p = cosem_value_content(nd, tmp, &n);
    if (is_string(nd->type)) {
        cosem_axdr_put_length(w, n);
    } else if (nd->type == COSEM_AXDR_BIT_STRING) {
        cosem_axdr_put_length(w, nd->count);
    }
    cosem_axdr_put_bytes(w, p, n);
}

cosem_status_t cosem_value_encode(cosem_axdr_writer_t *w, const cosem_value_node_t *nodes,
                                  size_t count, size_t index)
{
    cosem_value_walk_t walk;
    size_t i = 0, mark = 0;
    int step;
    if (w->err != COSEM_OK) {
        return w->err;
    }
    cosem_value_walk_init(&walk, nodes, count, index);
    while (w->err == COSEM_OK && (step = cosem_value_walk_next(&walk, &i)) != COSEM_VALUE_WALK_DONE) {
        const cosem_value_node_t *nd = &nodes[i];
        if (nd->type != COSEM_AXDR_COMPACT_ARRAY) {
            if (step == COSEM_VALUE_WALK_ENTER) {
                put_node(w, nd);
            }
        } else if (step == COSEM_VALUE_WALK_ENTER) {
            mark = cosem_axdr_write_compact_begin(w, nd->data, nd->len);
        } else {
            cosem_axdr_write_compact_end(w, mark);
        }
    }
    if (walk.err != COSEM_OK) {
        cosem_axdr_writer_fail(w, walk.err);
    }
    return w->err;
}

#else
typedef int cosem_value_empty_t;
#endif /* COSEM_WITH_VALUE_TREE */
