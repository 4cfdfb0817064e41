/* SPDX-License-Identifier: Apache-2.0 */
/* Profile generic buffer reads: selective access by range and by entry,
 * comparison of captured values with range bounds, and the row streaming
 * that lets thousands of rows leave through GET block transfer in constant
 * memory. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_PROFILE_GENERIC

#include <stddef.h>
#include <string.h>

#include "common/mem_internal.h"

#include "profile_internal.h"

/* Kinds of comparable values. */
enum { K_NONE = 0, K_DT = 1, K_INT = 2, K_STR = 3 };

/* A decoded range bound or restricting-column value. */
typedef struct pg_val {
    uint8_t kind;        /* K_* */
    cosem_datetime_t dt; /* K_DT */
    int64_t i;           /* K_INT */
    const uint8_t *s;    /* K_STR */
    size_t n;            /* K_STR */
} pg_val_t;

/* What one buffer read selects. */
typedef struct pg_sel {
    uint16_t off[COSEM_PROFILE_MAX_COLUMNS]; /* row offset of every column */
    uint8_t wid[COSEM_PROFILE_MAX_COLUMNS];  /* width of every column */
    uint8_t map[COSEM_PROFILE_MAX_COLUMNS];  /* columns sent, in order */
    uint16_t nout;                           /* their number */
    int rcol;                                /* restricting column, -1: none */
    pg_val_t from, to;                       /* range bounds */
    uint32_t first, end;                     /* entry numbers [first, end) */
} pg_sel_t;

/* Octets of the value at the start of a slot (see profile_internal.h);
 * fixed-size values and short strings (the usual columns) without a reader. */
size_t cosem_profile_value_len(const uint8_t *v, size_t width)
{
    if (width == 0u) {
        return 0;
    }
    uint8_t t = v[0];
    size_t n = 0;
    int fs = cosem_axdr_fixed_size(t);
    if (fs >= 0) {
        n = 1u + (size_t)fs;
    } else if ((t == COSEM_AXDR_OCTET_STRING || t == COSEM_AXDR_VISIBLE_STRING ||
                t == COSEM_AXDR_UTF8_STRING) &&
               width >= 2u && v[1] < 0x80u) {
        n = 2u + v[1];
    } else {
        cosem_axdr_reader_t rd;
        cosem_axdr_reader_init(&rd, v, width);
        return cosem_axdr_skip(&rd) == COSEM_OK ? cosem_axdr_reader_pos(&rd) : 0u;
    }
    return n <= width ? n : 0u;
}

/* capture_object_definition structure. */
cosem_status_t cosem_profile_read_def(cosem_axdr_reader_t *rd, cosem_capture_def_t *d)
{
    size_t n = 0;
    memset(d, 0, sizeof *d);
    (void)cosem_axdr_read_structure(rd, &n);
    if (cosem_axdr_reader_status(rd) == COSEM_OK && n != 4u) {
        return cosem_axdr_reader_fail(rd, COSEM_E_TYPE);
    }
    (void)cosem_axdr_read_u16(rd, &d->class_id);
    (void)cosem_axdr_read_octet_string_fixed(rd, d->obis, 6);
    (void)cosem_axdr_read_i8(rd, &d->attr);
    (void)cosem_axdr_read_u16(rd, &d->data_index);
    return cosem_axdr_reader_status(rd);
}

/* Column named by a definition (class, name, attribute, data index). */
int cosem_profile_find_col(const cosem_profile_t *p, const cosem_capture_def_t *d)
{
    uint16_t n;
    const cosem_capture_def_t *c = cosem_profile_cols(p, &n);
    for (uint16_t i = 0; i < n; i++) {
        if (c[i].class_id == d->class_id && c[i].attr == d->attr &&
            c[i].data_index == d->data_index && cosem_mem_cmp(c[i].obis, d->obis, 6) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* Read one Data value as a comparable value: date-time (tag 0x19 or an
 * octet-string of 12), integer family, or octet/visible/utf8 string. */
static cosem_status_t read_val(cosem_axdr_reader_t *rd, pg_val_t *v)
{
    uint8_t t = 0;
    memset(v, 0, sizeof *v);
    cosem_status_t rc = cosem_axdr_peek_type(rd, &t);
    if (rc != COSEM_OK) {
        return cosem_axdr_reader_fail(rd, rc);
    }
    if (t == COSEM_AXDR_DATE_TIME) {
        v->kind = K_DT;
        return cosem_axdr_read_datetime(rd, &v->dt);
    }
    if (cosem_axdr_is_integer(t)) {
        v->kind = K_INT;
        return cosem_axdr_read_int(rd, NULL, &v->i);
    }
    if (t != COSEM_AXDR_OCTET_STRING && t != COSEM_AXDR_VISIBLE_STRING &&
        t != COSEM_AXDR_UTF8_STRING) {
        return cosem_axdr_reader_fail(rd, COSEM_E_TYPE);
    }
    /* the tag (peeked), the length, the octets; an octet-string of 12 is a
     * date-time */
    v->kind = K_STR;
    if (cosem_axdr_get_u8(rd, &t) == COSEM_OK && cosem_axdr_get_length(rd, &v->n) == COSEM_OK &&
        cosem_axdr_get_bytes(rd, v->n, &v->s) == COSEM_OK && t == COSEM_AXDR_OCTET_STRING &&
        v->n == COSEM_DATETIME_SIZE) {
        v->kind = K_DT;
        cosem_datetime_decode(&v->dt, v->s);
    }
    return cosem_axdr_reader_status(rd);
}

/* Decode a stored value; date-times (the usual restricting column) take a
 * fast path without a reader. */
static void slot_val(const uint8_t *p, size_t width, pg_val_t *v)
{
    if (width >= 14u && p[0] == COSEM_AXDR_OCTET_STRING && p[1] == COSEM_DATETIME_SIZE) {
        v->kind = K_DT;
        cosem_datetime_decode(&v->dt, p + 2);
        return;
    }
    if (width >= 13u && p[0] == COSEM_AXDR_DATE_TIME) {
        v->kind = K_DT;
        cosem_datetime_decode(&v->dt, p + 1);
        return;
    }
    cosem_axdr_reader_t rd;
    cosem_axdr_reader_init(&rd, p, width);
    if (read_val(&rd, v) != COSEM_OK) {
        v->kind = K_NONE;
    }
}

/* Compare two fields, ignoring one that is not specified (above max). */
static int field_cmp(unsigned a, unsigned b, unsigned max)
{
    if (a > max || b > max || a == b) {
        return 0;
    }
    return a < b ? -1 : 1;
}

/* Compare date-times: as UTC instants when both carry different
 * deviations, else field by field skipping unspecified or special fields. */
static int dt_cmp(const cosem_datetime_t *a, const cosem_datetime_t *b)
{
    if (a->deviation != COSEM_DT_DEVIATION_NS && b->deviation != COSEM_DT_DEVIATION_NS &&
        a->deviation != b->deviation) {
        int64_t ua = 0, ub = 0;
        if (cosem_datetime_to_utc(a, &ua) == COSEM_OK && cosem_datetime_to_utc(b, &ub) == COSEM_OK) {
            return ua != ub ? (ua < ub ? -1 : 1) : field_cmp(a->hundredths, b->hundredths, 99);
        }
    }
    /* month, day, hour, minute, second, hundredths: octets of the struct */
    static const uint8_t at[6] = {
        offsetof(cosem_datetime_t, month),  offsetof(cosem_datetime_t, day),
        offsetof(cosem_datetime_t, hour),   offsetof(cosem_datetime_t, minute),
        offsetof(cosem_datetime_t, second), offsetof(cosem_datetime_t, hundredths),
    };
    static const uint8_t max[6] = {12, 31, 23, 59, 59, 99};
    const uint8_t *pa = (const uint8_t *)a;
    const uint8_t *pb = (const uint8_t *)b;
    int c = field_cmp(a->year, b->year, 0xFFFEu);
    for (unsigned k = 0; c == 0 && k < 6u; k++) {
        c = field_cmp(pa[at[k]], pb[at[k]], max[k]);
    }
    return c;
}

/* Compare two values of the same kind. */
static int val_cmp(const pg_val_t *a, const pg_val_t *b)
{
    if (a->kind == K_DT) {
        return dt_cmp(&a->dt, &b->dt);
    }
    if (a->kind == K_INT) {
        return a->i == b->i ? 0 : (a->i < b->i ? -1 : 1);
    }
    size_t n = a->n < b->n ? a->n : b->n;
    int c = n != 0u ? cosem_mem_cmp(a->s, b->s, n) : 0;
    if (c != 0) {
        return c < 0 ? -1 : 1;
    }
    return a->n == b->n ? 0 : (a->n < b->n ? -1 : 1);
}

/* Whether a row's restricting value lies within [from, to]. */
static bool row_matches(const pg_sel_t *sel, const uint8_t *row)
{
    pg_val_t v;
    int c = sel->rcol;
    slot_val(row + sel->off[c], sel->wid[c], &v);
    return v.kind == sel->from.kind && val_cmp(&v, &sel->from) >= 0 && val_cmp(&v, &sel->to) <= 0;
}

/* The restricting column. A zero definition (class 0, name 0.0.0.0.0.0) is
 * what sort_object reports for a FIFO profile, and Gurux's client sends it
 * back as the restricting object when it has read sort_object: it means the
 * order the rows are kept in, the first column (the capture time). */
static int restricting_col(const cosem_profile_t *p, const cosem_capture_def_t *d)
{
    static const uint8_t zero[6] = {0, 0, 0, 0, 0, 0};
    uint16_t n = 0;
    (void)cosem_profile_cols(p, &n);
    if (d->class_id == 0u && cosem_mem_cmp(d->obis, zero, 6) == 0) {
        return n > 0u ? 0 : -1;
    }
    return cosem_profile_find_col(p, d);
}

/* range_descriptor: restricting column, bounds, selected columns. */
static cosem_dar_t parse_range(cosem_axdr_reader_t *rd, const cosem_profile_t *p, pg_sel_t *sel)
{
    size_t n = 0;
    cosem_capture_def_t d;
    if (cosem_axdr_read_structure(rd, &n) != COSEM_OK || n != 4u ||
        cosem_profile_read_def(rd, &d) != COSEM_OK || read_val(rd, &sel->from) != COSEM_OK ||
        read_val(rd, &sel->to) != COSEM_OK || sel->from.kind != sel->to.kind ||
        cosem_axdr_read_array(rd, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    sel->rcol = restricting_col(p, &d);
    if (sel->rcol < 0 || n > COSEM_PROFILE_MAX_COLUMNS) {
        return COSEM_DAR_OTHER_REASON;
    }
    for (size_t i = 0; i < n; i++) {
        if (cosem_profile_read_def(rd, &d) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        int c = cosem_profile_find_col(p, &d);
        if (c < 0) {
            return COSEM_DAR_OTHER_REASON;
        }
        sel->map[i] = (uint8_t)c;
    }
    if (n != 0u) {
        sel->nout = (uint16_t)n;
    }
    return COSEM_DAR_SUCCESS;
}

/* entry_descriptor: entries from..to (1-based, oldest first, 0 = last) and
 * columns from..to likewise. */
static cosem_dar_t parse_entry(cosem_axdr_reader_t *rd, const cosem_profile_t *p, pg_sel_t *sel)
{
    size_t n = 0;
    uint32_t from = 0, to = 0;
    uint16_t cfrom = 0, cto = 0;
    if (cosem_axdr_read_structure(rd, &n) != COSEM_OK || n != 4u ||
        cosem_axdr_read_u32(rd, &from) != COSEM_OK || cosem_axdr_read_u32(rd, &to) != COSEM_OK ||
        cosem_axdr_read_u16(rd, &cfrom) != COSEM_OK || cosem_axdr_read_u16(rd, &cto) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    uint32_t used = p->state->used;
    from = from == 0u ? 1u : from;
    to = (to == 0u || to > used) ? used : to;
    if (from > to) {
        sel->first = sel->end;
    } else {
        sel->end = sel->first + to;
        sel->first += from - 1u;
    }
    uint16_t ncols = sel->nout;
    cfrom = cfrom == 0u ? 1u : cfrom;
    cto = cto == 0u ? ncols : cto;
    if (cfrom > cto || cto > ncols) {
        return COSEM_DAR_OTHER_REASON;
    }
    for (uint16_t i = 0; i < (uint16_t)(cto - cfrom + 1u); i++) {
        sel->map[i] = (uint8_t)(cfrom - 1u + i);
    }
    sel->nout = (uint16_t)(cto - cfrom + 1u);
    return COSEM_DAR_SUCCESS;
}

/* Work out the selection of this read against the current state. */
static cosem_dar_t parse_sel(const cosem_req_t *r, const cosem_profile_t *p, pg_sel_t *sel)
{
    uint16_t n;
    const cosem_capture_def_t *c = cosem_profile_cols(p, &n);
    uint32_t off = 0;
    for (uint16_t i = 0; i < n; i++) {
        sel->off[i] = (uint16_t)off;
        sel->wid[i] = c[i].width;
        sel->map[i] = (uint8_t)i;
        off += c[i].width;
    }
    sel->nout = n;
    sel->rcol = -1;
    sel->end = p->state->seq;
    sel->first = p->state->seq - p->state->used;
    if (r->sel.selector == 0u) {
        return COSEM_DAR_SUCCESS;
    }
    cosem_axdr_reader_t rd;
    cosem_axdr_reader_init(&rd, r->sel.params.p, r->sel.params.len);
    if (r->sel.selector == 1u) {
        return parse_range(&rd, p, sel);
    }
    if (r->sel.selector == 2u) {
        return parse_entry(&rd, p, sel);
    }
    return COSEM_DAR_OTHER_REASON;
}

/* One row: a structure of the selected slots, copied as stored; slots
 * that follow each other in the row and are full go out in one copy. */
static void write_row(cosem_axdr_writer_t *w, const pg_sel_t *sel, const uint8_t *row)
{
    const uint8_t *run = NULL;
    size_t rlen = 0;
    (void)cosem_axdr_write_structure(w, sel->nout);
    for (uint16_t i = 0; i < sel->nout; i++) {
        uint8_t c = sel->map[i];
        const uint8_t *v = row + sel->off[c];
        size_t n = cosem_profile_value_len(v, sel->wid[c]);
        if (n != 0u && run != NULL && run + rlen == v) {
            rlen += n;
            continue;
        }
        if (rlen != 0u) {
            (void)cosem_axdr_put_bytes(w, run, rlen);
        }
        run = v;
        rlen = n;
        if (n == 0u) {
            run = NULL;
            (void)cosem_axdr_put_u8(w, COSEM_AXDR_NULL_DATA);
        }
    }
    (void)cosem_axdr_put_bytes(w, run, rlen);
}

/* Where a continued read resumes: r->aux is the end entry number and
 * r->index - 1 the entries left before it. Other-reason when rows not yet
 * sent were dropped (reset, new layout, ring wrapped past the reader). */
static cosem_dar_t resume(const cosem_req_t *r, const cosem_profile_t *p, pg_sel_t *sel)
{
    const cosem_profile_state_t *st = p->state;
    uint32_t oldest = st->seq - st->used;
    sel->end = r->aux;
    sel->first = r->aux - (r->index - 1u);
    if (sel->end - oldest > st->used || sel->first - oldest > sel->end - oldest) {
        return COSEM_DAR_OTHER_REASON;
    }
    return COSEM_DAR_SUCCESS;
}

/* GET of the buffer: the array header with the row count on the first call,
 * then rows from the cursor on, one commit per row. */
cosem_dar_t cosem_profile_get_buffer(cosem_req_t *r, cosem_axdr_writer_t *w,
                                     const cosem_profile_t *p)
{
    pg_sel_t sel;
    if (cosem_profile_prepare(r->server, p) != COSEM_OK) {
        p->state->used = 0;
    }
    cosem_dar_t dar = parse_sel(r, p, &sel);
    if (dar == COSEM_DAR_SUCCESS && r->index != 0u) {
        dar = resume(r, p, &sel);
    }
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    /* pass 0 (first call of a range selection) counts the rows it matches */
    uint32_t count = sel.end - sel.first;
    for (int pass = r->index == 0u && sel.rcol >= 0 ? 0 : 1; pass < 2; pass++) {
        if (pass == 1 && r->index == 0u) {
            (void)cosem_axdr_write_array(w, count);
            r->aux = sel.end;
        }
        if (pass == 0) {
            count = 0;
        }
        for (uint32_t q = sel.first; q != sel.end; q++) {
            const uint8_t *row = cosem_profile_row(p, q);
            if (sel.rcol >= 0 && !row_matches(&sel, row)) {
                continue;
            }
            if (pass == 0) {
                count++;
                continue;
            }
            write_row(w, &sel, row);
            if (q + 1u != sel.end && !cosem_req_commit(r, w, sel.end - q)) {
                break;
            }
        }
    }
    return COSEM_DAR_SUCCESS;
}

#else
typedef int cosem_profile_select_empty_t;
#endif
