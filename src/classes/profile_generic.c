/* SPDX-License-Identifier: Apache-2.0 */
/* Profile generic (class 7, version 1): state and layout of the ring,
 * captures, automatic capture on period boundaries, attributes 3..8 and the
 * reset/capture methods. Buffer reads are in profile_select.c. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_PROFILE_GENERIC

#include <string.h>

#include "profile_internal.h"

/* The instance description of a profile object. */
static const cosem_profile_t *desc_of(const cosem_object_t *obj)
{
    return (const cosem_profile_t *)obj->data;
}

/* The settable column table; NULL for a const one, and always without
 * COSEM_PROFILE_SETTABLE_COLUMNS (the code behind it then compiles out). */
static cosem_capture_def_t *rw_of(const cosem_profile_t *p)
{
    return COSEM_PROFILE_SETTABLE_COLUMNS ? p->columns_rw : NULL;
}

/* The column table in use: the const one, or the settable one with the
 * count kept in the state. */
const cosem_capture_def_t *cosem_profile_cols(const cosem_profile_t *p, uint16_t *n)
{
    if (rw_of(p) == NULL) {
        *n = p->column_count;
        return p->columns;
    }
    *n = p->state->columns;
    return p->columns_rw;
}

/* Sum of the column widths; 0 when a width is still unknown or there is no
 * column (nothing can be stored then). */
static uint32_t row_size_of(const cosem_profile_t *p)
{
    uint16_t n;
    const cosem_capture_def_t *c = cosem_profile_cols(p, &n);
    uint32_t sum = 0;
    for (uint16_t i = 0; i < n; i++) {
        if (c[i].width == 0u) {
            return 0;
        }
        sum += c[i].width;
    }
    return sum;
}

/* Initial columns of a settable table: the leading definitions with a
 * class id. */
static uint16_t initial_columns(const cosem_profile_t *p)
{
    uint16_t n = 0;
    while (rw_of(p) != NULL && n < p->column_count && p->columns_rw[n].class_id != 0u) {
        n++;
    }
    return n;
}

/* Defaults for a state that was never prepared (zero-filled RAM). */
static void fresh_state(const cosem_profile_t *p)
{
    cosem_profile_state_t *st = p->state;
    memset(st, 0, sizeof *st);
    st->period = p->default_period;
    st->last_utc = -1;
    st->columns = p->columns != NULL ? 0u : initial_columns(p);
    st->ready = 1;
}

/* Empty the ring. The sequence number goes on, so a transfer that was
 * reading the old rows notices they are gone. */
static void empty_ring(cosem_profile_state_t *st)
{
    st->used = 0;
    st->head = 0;
}

/* Capacity in rows for a row size. */
static uint32_t capacity_for(const cosem_profile_t *p, uint32_t row)
{
    size_t cap = row != 0u ? p->storage_size / row : 0u;
    return cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
}

/* Profile entries for a capacity: the configured default when it fits. */
static uint32_t entries_for(const cosem_profile_t *p, uint32_t cap)
{
    return (p->default_entries != 0u && p->default_entries <= cap) ? p->default_entries : cap;
}

/* Element @p index (1-based) of the array or structure encoded in @p buf,
 * copied to @p out; its length, 0 when absent or too long. */
static size_t extract_element(const uint8_t *buf, size_t len, uint16_t index, uint8_t *out,
                              size_t cap)
{
    cosem_axdr_reader_t rd;
    uint8_t t = 0;
    size_t count = 0;
    cosem_axdr_reader_init(&rd, buf, len);
    if (cosem_axdr_peek_type(&rd, &t) != COSEM_OK) {
        return 0;
    }
    if (t == COSEM_AXDR_ARRAY) {
        (void)cosem_axdr_read_array(&rd, &count);
    } else if (t == COSEM_AXDR_STRUCTURE) {
        (void)cosem_axdr_read_structure(&rd, &count);
    }
    if (count < index) {
        return 0;
    }
    for (uint16_t i = 1; i < index; i++) {
        (void)cosem_axdr_skip(&rd);
    }
    size_t start = cosem_axdr_reader_pos(&rd);
    if (cosem_axdr_skip(&rd) != COSEM_OK) {
        return 0;
    }
    size_t n = cosem_axdr_reader_pos(&rd) - start;
    if (n > cap) {
        return 0;
    }
    memcpy(out, buf + start, n);
    return n;
}

/* Encode the value one capture object names into @p out (@p cap octets);
 * its length, 0 when the object is missing or the value does not fit. */
static size_t capture_value(cosem_server_t *s, const cosem_capture_def_t *d, uint8_t *out,
                            size_t cap)
{
    const cosem_object_t *obj = cosem_server_find(s, d->obis);
    if (obj == NULL || obj->cls == NULL || obj->cls->class_id != d->class_id) {
        return 0;
    }
    /* the whole attribute into the slot, or into scratch for one element */
    cosem_axdr_writer_t w;
    uint8_t tmp[COSEM_PROFILE_SCRATCH];
    bool whole = d->data_index == 0u;
    cosem_axdr_writer_init(&w, whole ? out : tmp, whole ? cap : sizeof tmp);
    if (cosem_server_read(s, obj, d->attr, &w) != COSEM_DAR_SUCCESS ||
        cosem_axdr_writer_status(&w) != COSEM_OK) {
        return 0;
    }
    size_t n = cosem_axdr_writer_len(&w);
    return whole ? n : extract_element(tmp, n, d->data_index, out, cap);
}

/* Give every settable column without a width the size of its current
 * value's encoding (the storage serves as scratch: it is emptied anyway). */
static void measure_widths(cosem_server_t *s, const cosem_profile_t *p)
{
    size_t cap = p->storage_size < 255u ? p->storage_size : 255u;
    for (uint16_t i = 0; i < p->state->columns; i++) {
        cosem_capture_def_t *d = &p->columns_rw[i];
        if (d->width == 0u) {
            size_t n = cap != 0u ? capture_value(s, d, p->storage, cap) : 0u;
            d->width = (uint8_t)(n != 0u ? n : 1u);
        }
    }
}

/* Lay the ring out for the current columns (empties it). */
static cosem_status_t lay_out(cosem_server_t *s, const cosem_profile_t *p)
{
    cosem_profile_state_t *st = p->state;
    uint32_t row = row_size_of(p);
    if (row == 0u && s != NULL && rw_of(p) != NULL && st->columns != 0u) {
        measure_widths(s, p);
        row = row_size_of(p);
    }
    uint32_t cap = capacity_for(p, row);
    if (cap == 0u) {
        st->row_size = 0;
        empty_ring(st);
        return COSEM_E_STATE;
    }
    st->row_size = row;
    if (st->entries == 0u || st->entries > cap) {
        st->entries = entries_for(p, cap);
    }
    empty_ring(st);
    return COSEM_OK;
}

/* Prepare the state (see profile_internal.h): defaults, layout, and a
 * consistency check so a corrupt restored state is never used to index. */
cosem_status_t cosem_profile_prepare(cosem_server_t *s, const cosem_profile_t *p)
{
    cosem_profile_state_t *st = p->state;
    if (!st->ready) {
        fresh_state(p);
    }
    if (rw_of(p) != NULL && st->columns > p->column_count) {
        st->columns = p->column_count;
        st->row_size = 0;
    }
    uint32_t row = row_size_of(p);
    if (st->row_size == 0u || row != st->row_size) {
        return lay_out(s, p);
    }
    uint32_t cap = capacity_for(p, row);
    if (cap == 0u) {
        return lay_out(s, p);
    }
    if (st->entries == 0u || st->entries > cap || st->head >= st->entries ||
        st->used > st->entries) {
        st->entries = (st->entries == 0u || st->entries > cap) ? entries_for(p, cap) : st->entries;
        empty_ring(st);
    }
    return COSEM_OK;
}

/* Row holding entry number q: slots follow the oldest entry around the ring. */
uint8_t *cosem_profile_row(const cosem_profile_t *p, uint32_t q)
{
    const cosem_profile_state_t *st = p->state;
    uint32_t off = q - (st->seq - st->used);
    uint32_t slot = st->head + off;
    if (slot >= st->entries) {
        slot -= st->entries;
    }
    return p->storage + (size_t)slot * st->row_size;
}

/* Take one row: fill the next slot (the oldest when full) column by column. */
static cosem_status_t capture_row(cosem_server_t *s, const cosem_profile_t *p)
{
    cosem_profile_state_t *st = p->state;
    cosem_status_t rc = cosem_profile_prepare(s, p);
    if (rc != COSEM_OK) {
        return rc;
    }
    uint32_t slot = st->head + st->used;
    if (st->used == st->entries) {
        slot = st->head;
    } else if (slot >= st->entries) {
        slot -= st->entries;
    }
    uint8_t *row = p->storage + (size_t)slot * st->row_size;
    uint16_t n;
    const cosem_capture_def_t *c = cosem_profile_cols(p, &n);
    for (uint16_t i = 0; i < n; i++) {
        if (capture_value(s, &c[i], row, c[i].width) == 0u) {
            row[0] = COSEM_AXDR_NULL_DATA;
        }
        row += c[i].width;
    }
    if (st->used == st->entries) {
        st->head = st->head + 1u == st->entries ? 0u : st->head + 1u;
    } else {
        st->used++;
    }
    st->seq++;
    return COSEM_OK;
}

/* Whether obj is a usable profile object. */
static bool is_profile(const cosem_object_t *obj)
{
    return obj != NULL && obj->cls == &cosem_class_profile_generic && obj->data != NULL &&
           desc_of(obj)->state != NULL;
}

/* Public event-driven capture. */
cosem_status_t cosem_profile_capture(cosem_server_t *s, const cosem_object_t *obj)
{
    if (s == NULL || !is_profile(obj)) {
        return COSEM_E_ARG;
    }
    return capture_row(s, desc_of(obj));
}

/* Public reset (method 1). */
cosem_status_t cosem_profile_reset(const cosem_object_t *obj)
{
    if (!is_profile(obj)) {
        return COSEM_E_ARG;
    }
    const cosem_profile_t *p = desc_of(obj);
    (void)cosem_profile_prepare(NULL, p);
    empty_ring(p->state);
    return COSEM_OK;
}

/* Rows the storage holds with the current layout. */
uint32_t cosem_profile_capacity(const cosem_object_t *obj)
{
    if (!is_profile(obj)) {
        return 0;
    }
    const cosem_profile_t *p = desc_of(obj);
    (void)cosem_profile_prepare(NULL, p);
    return capacity_for(p, p->state->row_size);
}

/* u % d by shift and subtract: the tick needs the seconds since the epoch
 * modulo the period once a second, not worth libgcc's 64-bit division
 * routine (0.7 KB on Cortex-M, 2.2 KB on RV32). */
static uint32_t mod_u64(uint64_t u, uint32_t d)
{
    uint64_t r = 0;
    for (int i = 63; i >= 0; --i) {
        r = (r << 1) | ((u >> i) & 1u);
        if (r >= d) {
            r -= d;
        }
    }
    return (uint32_t)r;
}

/* Automatic capture: once when the wall clock crosses a multiple of the
 * capture period (also after a jump over several); never for an invalid
 * clock or a period of 0. The last multiple at or before now is now - rem:
 * a boundary was crossed when it lies after the last tick. */
static void pg_tick(cosem_server_t *s, const cosem_object_t *obj, int64_t utc)
{
    const cosem_profile_t *p = desc_of(obj);
    cosem_profile_state_t *st = p->state;
    if (utc < 0 || cosem_profile_prepare(s, p) != COSEM_OK) {
        return;
    }
    int64_t last = st->last_utc;
    uint32_t period = st->period;
    st->last_utc = utc;
    if (period == 0u) {
        return;
    }
    uint32_t rem = mod_u64((uint64_t)utc, period);
    if (last < 0 ? rem == 0u : utc - (int64_t)rem > last) {
        (void)capture_row(s, p);
    }
}

/* ---- attributes ------------------------------------------------------ */

/* One capture_object_definition. */
static void write_def(cosem_axdr_writer_t *w, const cosem_capture_def_t *d)
{
    (void)cosem_axdr_write_structure(w, 4);
    (void)cosem_axdr_write_u16(w, d->class_id);
    (void)cosem_axdr_write_octet_string(w, d->obis, 6);
    (void)cosem_axdr_write_i8(w, d->attr);
    (void)cosem_axdr_write_u16(w, d->data_index);
}

/* capture_objects (3), streamed one definition per commit (index = number
 * of definitions already written). */
static cosem_dar_t get_capture_objects(cosem_req_t *r, cosem_axdr_writer_t *w,
                                       const cosem_profile_t *p)
{
    uint16_t n;
    const cosem_capture_def_t *c = cosem_profile_cols(p, &n);
    if (r->index == 0u) {
        (void)cosem_axdr_write_array(w, n);
    }
    for (uint32_t i = r->index; i < n; i++) {
        write_def(w, &c[i]);
        if (i + 1u < n && !cosem_req_commit(r, w, i + 1u)) {
            break;
        }
    }
    return COSEM_DAR_SUCCESS;
}

/* Attributes 2..8. */
static cosem_dar_t pg_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_profile_t *p = desc_of(r->obj);
    const cosem_profile_state_t *st = p->state;
    static const cosem_capture_def_t none = {0, {0, 0, 0, 0, 0, 0}, 0, 0, 0};
    (void)cosem_profile_prepare(r->server, p);
    switch (r->id) {
    case 2: return cosem_profile_get_buffer(r, w, p);
    case 3: return get_capture_objects(r, w, p);
    case 4: (void)cosem_axdr_write_u32(w, st->period); break;
    case 5: (void)cosem_axdr_write_enum(w, COSEM_PROFILE_SORT_FIFO); break;
    case 6: write_def(w, &none); break;
    case 7: (void)cosem_axdr_write_u32(w, st->used); break;
    case 8: (void)cosem_axdr_write_u32(w, st->entries); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Check a capture_objects value: an array of at most @p max definitions
 * naming objects of the server with their class. */
static cosem_dar_t check_defs(cosem_server_t *s, cosem_axdr_reader_t rd, uint16_t max,
                              size_t *count)
{
    if (cosem_axdr_read_array(&rd, count) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (*count > max) {
        return COSEM_DAR_OTHER_REASON;
    }
    for (size_t i = 0; i < *count; i++) {
        cosem_capture_def_t d;
        if (cosem_profile_read_def(&rd, &d) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        const cosem_object_t *o = s != NULL ? cosem_server_find(s, d.obis) : NULL;
        if (o == NULL || o->cls == NULL || o->cls->class_id != d.class_id) {
            return COSEM_DAR_OTHER_REASON;
        }
    }
    return COSEM_DAR_SUCCESS;
}

/* SET capture_objects (3): only for a settable table; resets the buffer and
 * measures the new columns. */
static cosem_dar_t set_capture_objects(cosem_req_t *r, cosem_axdr_reader_t *v,
                                       const cosem_profile_t *p)
{
    size_t n = 0;
    if (rw_of(p) == NULL) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    cosem_dar_t dar = check_defs(r->server, *v, p->column_count, &n);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    (void)cosem_axdr_read_array(v, &n);
    for (size_t i = 0; i < n; i++) {
        cosem_capture_def_t *d = &p->columns_rw[i];
        (void)cosem_profile_read_def(v, d);
        d->width = 0;
    }
    p->state->columns = (uint16_t)n;
    p->state->row_size = 0;
    (void)lay_out(r->server, p);
    return COSEM_DAR_SUCCESS;
}

/* SET profile_entries (8) to @p n: 1..capacity; resets the buffer. */
static cosem_dar_t set_entries(uint32_t n, const cosem_profile_t *p)
{
    cosem_profile_state_t *st = p->state;
    if (n == 0u || st->row_size == 0u || n > capacity_for(p, st->row_size)) {
        return COSEM_DAR_OTHER_REASON;
    }
    st->entries = n;
    empty_ring(st);
    return COSEM_DAR_SUCCESS;
}

/* Attributes 3, 4, 5 and 8 are settable; 6 and 7 are not. */
static cosem_dar_t pg_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_profile_t *p = desc_of(r->obj);
    uint32_t u = 0;
    uint8_t e = 0;
    (void)cosem_profile_prepare(r->server, p);
    switch (r->id) {
    case 3: return set_capture_objects(r, v, p);
    case 4:
    case 8: /* capture_period, profile_entries: double-long-unsigned */
        if (cosem_axdr_read_u32(v, &u) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        if (r->id == 8) {
            return set_entries(u, p);
        }
        p->state->period = u;
        return COSEM_DAR_SUCCESS;
    case 5:
        if (cosem_axdr_read_enum(v, &e) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        return e == COSEM_PROFILE_SORT_FIFO ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
    default: return COSEM_DAR_READ_WRITE_DENIED;
    }
}

/* Methods 1 reset and 2 capture; the parameter (integer 0) is consumed
 * without checking its value, as clients differ (null-data, integer 0). */
static cosem_dar_t pg_action(cosem_req_t *r, cosem_axdr_reader_t *params, cosem_axdr_writer_t *ret)
{
    (void)ret;
    if (cosem_axdr_skip(params) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (r->id == 1) {
        return cosem_profile_reset(r->obj) == COSEM_OK ? COSEM_DAR_SUCCESS
                                                       : COSEM_DAR_OTHER_REASON;
    }
    if (r->id == 2 && r->server != NULL) {
        return capture_row(r->server, desc_of(r->obj)) == COSEM_OK ? COSEM_DAR_SUCCESS
                                                                    : COSEM_DAR_OTHER_REASON;
    }
    return COSEM_DAR_OBJECT_UNDEFINED;
}

/* Validate a description at cosem_server_init() and prepare a fresh state. */
static cosem_status_t pg_check(const cosem_object_t *obj)
{
    const cosem_profile_t *p = desc_of(obj);
    if (p == NULL || p->state == NULL || p->storage == NULL || p->storage_size == 0u ||
        (p->columns == NULL) == (p->columns_rw == NULL) ||
        (!COSEM_PROFILE_SETTABLE_COLUMNS && p->columns == NULL) ||
        p->column_count > COSEM_PROFILE_MAX_COLUMNS) {
        return COSEM_E_ARG;
    }
    if (p->columns != NULL) {
        if (p->column_count == 0u || row_size_of(p) == 0u ||
            capacity_for(p, row_size_of(p)) == 0u) {
            return COSEM_E_ARG;
        }
    }
    (void)cosem_profile_prepare(NULL, p);
    return COSEM_OK;
}

const cosem_class_t cosem_class_profile_generic = {
    .class_id = 7,
    .version = 1,
    .attr_count = 8,
    .method_count = 2,
    .default_read = 0x00FFu,
    .selective = COSEM_ATTR(2),
    .selectors = (uint8_t)((1u << 1) | (1u << 2)),
    .get = pg_get,
    .set = pg_set,
    .action = pg_action,
    .tick = pg_tick,
    .check = pg_check,
};

#else
typedef int cosem_profile_generic_empty_t;
#endif
