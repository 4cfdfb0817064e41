/* SPDX-License-Identifier: Apache-2.0 */
/* A-XDR pull parser: walks one Data value element by element with an
 * explicit, bounded stack (no recursion; nesting is attacker controlled).
 * cosem_axdr_skip() and the value tree are built on it. */
#include <string.h>

#include <cosem/axdr.h>

#include "../config_check.h"
#include "axdr_internal.h"

/* Kinds of open containers. */
enum {
    KIND_TAGGED = 0,      /* array/structure of tagged values */
    KIND_COMPACT = 1,     /* compact-array: elements until its contents end */
    KIND_DESC_STRUCT = 2, /* structure inside compact contents */
    KIND_DESC_ARRAY = 3   /* array inside compact contents */
};

/* Marks "no compact-array open". */
#define NO_COMPACT 0xFFu

void cosem_axdr_parser_init(cosem_axdr_parser_t *p, cosem_axdr_reader_t *r)
{
    memset(p, 0, sizeof *p);
    p->r = r;
    p->compact_depth = NO_COMPACT;
    cosem_axdr_reader_init(&p->contents, NULL, 0);
}

bool cosem_axdr_parse_done(const cosem_axdr_parser_t *p)
{
    return p->r->err != COSEM_OK || (p->started && p->depth == 0);
}

/* Opens a container frame; the nesting limit is enforced here only. */
static cosem_status_t push(cosem_axdr_parser_t *p, uint8_t kind, uint32_t left, uint16_t desc_pos,
                           uint16_t desc_elem)
{
    cosem_axdr_frame_t *f;
    if (p->depth >= p->r->max_depth) {
        return cosem_axdr_reader_fail(p->r, COSEM_E_DEPTH);
    }
    f = &p->stack[p->depth++];
    f->kind = kind;
    f->left = left;
    f->desc_pos = desc_pos;
    f->desc_elem = desc_elem;
    return COSEM_OK;
}

/* Reads the content octets of a primitive of type t from src. */
static cosem_status_t read_content(cosem_axdr_reader_t *src, uint8_t t, cosem_axdr_event_t *ev)
{
    int fixed = cosem_axdr_size_of(t);
    size_t n = 0;
    if (fixed > 0 && (size_t)fixed <= src->len - src->pos) {
        /* hot path: fixed-size value wholly present */
        ev->data = src->buf + src->pos;
        ev->len = (size_t)fixed;
        src->pos += (size_t)fixed;
        return COSEM_OK;
    }
    if (fixed >= 0) {
        n = (size_t)fixed;
    } else if (t == COSEM_AXDR_OCTET_STRING || t == COSEM_AXDR_VISIBLE_STRING ||
               t == COSEM_AXDR_UTF8_STRING) {
        cosem_axdr_get_length(src, &n);
    } else if (t == COSEM_AXDR_BIT_STRING) {
        size_t bits = 0;
        if (cosem_axdr_get_length(src, &bits) == COSEM_OK && bits > UINT32_MAX) {
            return cosem_axdr_reader_fail(src, COSEM_E_RANGE);
        }
        ev->count = (uint32_t)bits;
        n = bits / 8u + (bits % 8u != 0u);
    } else {
        return cosem_axdr_reader_fail(src, COSEM_E_MALFORMED);
    }
    if (cosem_axdr_get_bytes(src, n, &ev->data) == COSEM_OK) {
        ev->len = n;
        if (fixed == 0) {
            ev->data = NULL;
        }
    }
    return src->err;
}

#if COSEM_WITH_COMPACT_ARRAY
/* Walks one TypeDescription in d and returns the reader's status. Every
 * container in a description must be non-empty and every leaf must take at
 * least one octet of contents, so the number of elements a compact-array
 * yields is bounded by its contents' size. */
static cosem_status_t walk_desc(cosem_axdr_reader_t *d)
{
    size_t pending = 1;
    while (pending > 0 && d->err == COSEM_OK) {
        uint8_t t = 0;
        pending--;
        if (cosem_axdr_get_u8(d, &t) != COSEM_OK) {
            break;
        }
        if (t == COSEM_AXDR_ARRAY) {
            uint16_t n = 0;
            if (cosem_axdr_get_u16(d, &n) == COSEM_OK && n == 0) {
                cosem_axdr_reader_fail(d, COSEM_E_MALFORMED);
            }
            pending++;
        } else if (t == COSEM_AXDR_STRUCTURE) {
            size_t n = 0;
            if (cosem_axdr_get_length(d, &n) == COSEM_OK &&
                (n == 0 || n > cosem_axdr_reader_remaining(d))) {
                cosem_axdr_reader_fail(d, n == 0 ? COSEM_E_MALFORMED : COSEM_E_TRUNCATED);
            }
            pending += n;
        } else if (cosem_axdr_size_of(t) <= 0 && t != COSEM_AXDR_OCTET_STRING &&
                   t != COSEM_AXDR_VISIBLE_STRING && t != COSEM_AXDR_UTF8_STRING &&
                   t != COSEM_AXDR_BIT_STRING) {
            /* null-data, dont-care, compact-array and unknown tags */
            cosem_axdr_reader_fail(d, COSEM_E_MALFORMED);
        }
    }
    return d->err;
}

/* Offset just past the (already validated) type description at off. */
static uint16_t desc_skip(const cosem_axdr_parser_t *p, uint16_t off)
{
    cosem_axdr_reader_t d;
    cosem_axdr_reader_init(&d, p->desc, p->desc_len);
    d.pos = off;
    walk_desc(&d);
    return (uint16_t)d.pos;
}

/* Compact-array header: validates the description, carves the contents. */
static cosem_status_t begin_compact(cosem_axdr_parser_t *p, cosem_axdr_event_t *ev)
{
    cosem_axdr_reader_t *r = p->r;
    size_t start = r->pos, clen = 0;
    if (p->compact_depth != NO_COMPACT) {
        return cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    if (walk_desc(r) != COSEM_OK) {
        return r->err;
    }
    if (r->pos - start > UINT16_MAX) {
        return cosem_axdr_reader_fail(r, COSEM_E_UNSUPPORTED);
    }
    p->desc = r->buf + start;
    p->desc_len = r->pos - start;
    ev->count = 0;
    if (cosem_axdr_get_length(r, &clen) == COSEM_OK &&
        cosem_axdr_get_sub(r, clen, &p->contents) == COSEM_OK &&
        push(p, KIND_COMPACT, 0, 0, 0) == COSEM_OK) {
        p->compact_depth = (uint8_t)(p->depth - 1);
    }
    return r->err;
}
#endif

/* One tagged value from the main reader. */
static cosem_status_t emit_tagged(cosem_axdr_parser_t *p, cosem_axdr_event_t *ev)
{
    cosem_axdr_reader_t *r = p->r;
    uint8_t t;
    size_t n = 0;
    if (r->pos >= r->len) {
        return cosem_axdr_reader_fail(r, COSEM_E_TRUNCATED);
    }
    t = r->buf[r->pos++];
    ev->type = t;
    if (t == COSEM_AXDR_ARRAY || t == COSEM_AXDR_STRUCTURE) {
        if (cosem_axdr_get_length(r, &n) != COSEM_OK) {
            return r->err;
        }
        if (n > cosem_axdr_reader_remaining(r)) {
            return cosem_axdr_reader_fail(r, COSEM_E_TRUNCATED);
        }
        ev->count = (uint32_t)n;
        return push(p, KIND_TAGGED, (uint32_t)n, 0, 0);
    }
    if (t == COSEM_AXDR_COMPACT_ARRAY) {
#if COSEM_WITH_COMPACT_ARRAY
        return begin_compact(p, ev);
#else
        return cosem_axdr_reader_fail(r, COSEM_E_UNSUPPORTED);
#endif
    }
    return read_content(r, t, ev);
}

#if COSEM_WITH_COMPACT_ARRAY

/* One element of compact contents, typed by the description at off. */
static cosem_status_t emit_desc(cosem_axdr_parser_t *p, uint16_t off, cosem_axdr_event_t *ev)
{
    uint8_t t = p->desc[off];
    ev->type = t;
    ev->in_compact = true;
    if (t == COSEM_AXDR_STRUCTURE) {
        cosem_axdr_reader_t d;
        size_t n = 0;
        cosem_axdr_reader_init(&d, p->desc, p->desc_len);
        d.pos = (size_t)off + 1u;
        cosem_axdr_get_length(&d, &n);
        ev->count = (uint32_t)n;
        return push(p, KIND_DESC_STRUCT, (uint32_t)n, (uint16_t)d.pos, 0);
    }
    if (t == COSEM_AXDR_ARRAY) {
        uint16_t n = (uint16_t)cosem_axdr_be(p->desc + off + 1, 2);
        ev->count = n;
        return push(p, KIND_DESC_ARRAY, n, 0, (uint16_t)(off + 3u));
    }
    if (read_content(&p->contents, t, ev) != COSEM_OK) {
        return cosem_axdr_reader_fail(p->r, p->contents.err);
    }
    return COSEM_OK;
}
#endif

/* Closes every container whose elements have all been produced. */
static void unwind(cosem_axdr_parser_t *p)
{
    while (p->depth > 0 && p->r->err == COSEM_OK) {
        const cosem_axdr_frame_t *f = &p->stack[p->depth - 1];
#if COSEM_WITH_COMPACT_ARRAY
        bool finished = f->kind == KIND_COMPACT ? p->contents.pos == p->contents.len : f->left == 0;
        if (!finished) {
            break;
        }
        if (f->kind == KIND_COMPACT) {
            p->compact_depth = NO_COMPACT;
        }
#else
        if (f->left != 0) {
            break;
        }
#endif
        p->depth--;
    }
}

cosem_status_t cosem_axdr_parse_next(cosem_axdr_parser_t *p, cosem_axdr_event_t *ev)
{
    ev->type = 0;
    ev->in_compact = false;
    ev->count = 0;
    ev->data = NULL;
    ev->len = 0;
    if (p->r->err != COSEM_OK) {
        return p->r->err;
    }
    ev->depth = p->depth;
    if (!p->started) {
        p->started = true;
        emit_tagged(p, ev);
    } else if (p->depth == 0) {
        return COSEM_E_STATE;
    } else {
        cosem_axdr_frame_t *f = &p->stack[p->depth - 1];
#if COSEM_WITH_COMPACT_ARRAY
        uint16_t off;
        switch (f->kind) {
        case KIND_TAGGED:
            f->left--;
            emit_tagged(p, ev);
            break;
        case KIND_COMPACT:
            emit_desc(p, 0, ev);
            break;
        case KIND_DESC_STRUCT:
            off = f->desc_pos;
            f->desc_pos = desc_skip(p, off);
            f->left--;
            emit_desc(p, off, ev);
            break;
        default:
            f->left--;
            emit_desc(p, f->desc_elem, ev);
            break;
        }
#else
        f->left--; /* only tagged containers */
        emit_tagged(p, ev);
#endif
    }
    unwind(p);
    return p->r->err;
}

cosem_status_t cosem_axdr_skip(cosem_axdr_reader_t *r)
{
    cosem_axdr_parser_t p;
    cosem_axdr_event_t ev;
#if COSEM_WITH_COMPACT_ARRAY
    cosem_axdr_parser_init(&p, r);
    while (!cosem_axdr_parse_done(&p)) {
        cosem_axdr_parse_next(&p, &ev);
    }
#else
    /* cosem_axdr_parse_next()'s steps without its event bookkeeping: only
     * tagged containers can be open. */
    p.r = r;
    p.depth = 0;
    while (r->err == COSEM_OK) {
        if (p.depth > 0) {
            p.stack[p.depth - 1].left--;
        }
        emit_tagged(&p, &ev);
        unwind(&p);
        if (p.depth == 0) {
            break;
        }
    }
#endif
    return r->err;
}

cosem_status_t cosem_axdr_event_int(const cosem_axdr_event_t *ev, int64_t *v)
{
    if (ev->type == COSEM_AXDR_BOOLEAN || ev->type == COSEM_AXDR_BCD) {
        *v = ev->data[0];
        if (ev->type == COSEM_AXDR_BOOLEAN) {
            *v = *v != 0;
        }
        return COSEM_OK;
    }
    if (!cosem_axdr_is_integer(ev->type)) {
        return COSEM_E_TYPE;
    }
    if (ev->type == COSEM_AXDR_LONG64_UNSIGNED && (ev->data[0] & 0x80u) != 0) {
        return COSEM_E_RANGE;
    }
    *v = cosem_axdr_int_value(ev->type, ev->data, ev->len);
    return COSEM_OK;
}

cosem_status_t cosem_axdr_event_uint(const cosem_axdr_event_t *ev, uint64_t *v)
{
    int64_t s;
    cosem_status_t st;
    if (ev->type == COSEM_AXDR_LONG64_UNSIGNED) {
        *v = cosem_axdr_be(ev->data, 8);
        return COSEM_OK;
    }
    st = cosem_axdr_event_int(ev, &s);
    if (st != COSEM_OK) {
        return st;
    }
    if (s < 0) {
        return COSEM_E_RANGE;
    }
    *v = (uint64_t)s;
    return COSEM_OK;
}
