/* SPDX-License-Identifier: Apache-2.0 */
/* A-XDR writer: bounded output cursor with a sticky error, raw fields and
 * tagged Data values. */
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/axdr.h>

#include "../config_check.h"
#include "axdr_internal.h"

void cosem_axdr_writer_init(cosem_axdr_writer_t *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf != NULL ? cap : 0;
    w->len = 0;
    w->err = COSEM_OK;
}

/* A sizing writer has no buffer and unbounded capacity: it only counts. */
void cosem_axdr_writer_init_sizing(cosem_axdr_writer_t *w)
{
    w->buf = NULL;
    w->cap = SIZE_MAX;
    w->len = 0;
    w->err = COSEM_OK;
}

cosem_status_t cosem_axdr_writer_status(const cosem_axdr_writer_t *w)
{
    return w->err;
}

size_t cosem_axdr_writer_len(const cosem_axdr_writer_t *w)
{
    return w->len;
}

cosem_status_t cosem_axdr_writer_fail(cosem_axdr_writer_t *w, cosem_status_t err)
{
    if (w->err == COSEM_OK && err != COSEM_OK) {
        w->err = err;
    }
    return w->err;
}

/* Claims n bytes; every other writer function goes through here, so this is
 * the one place where bounds and the sticky error are checked. */
cosem_status_t cosem_axdr_reserve(cosem_axdr_writer_t *w, size_t n, uint8_t **out)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (w->err != COSEM_OK) {
        return w->err;
    }
    if (n > w->cap - w->len) {
        return cosem_axdr_writer_fail(w, w->buf == NULL && w->cap == SIZE_MAX ? COSEM_E_OVERFLOW
                                                                        : COSEM_E_NOSPACE);
    }
    if (out != NULL && w->buf != NULL) {
        *out = w->buf + w->len;
    }
    w->len += n;
    return COSEM_OK;
}

/* Stores v big-endian in n bytes (n <= 8) at p. */
static void store_be(uint8_t *p, uint64_t v, unsigned n)
{
    while (n > 0) {
        n--;
        p[n] = (uint8_t)v;
        v >>= 8;
    }
}

/* Writes v big-endian in n bytes (n <= 8). */
static cosem_status_t put_be(cosem_axdr_writer_t *w, uint64_t v, unsigned n)
{
    uint8_t *p;
    if (cosem_axdr_reserve(w, n, &p) == COSEM_OK && p != NULL) {
        store_be(p, v, n);
    }
    return w->err;
}

/* Stores an A-XDR length at p (room for 5 octets) and returns its size, or
 * 0 if it does not fit in 4 length octets. */
static size_t store_length(uint8_t *p, size_t n)
{
    size_t k = cosem_axdr_length_size(n);
    if (k == 1) {
        p[0] = (uint8_t)n;
    } else if (k <= 5) {
        p[0] = (uint8_t)(0x80u | (k - 1));
        store_be(p + 1, (uint64_t)n, (unsigned)(k - 1));
    } else {
        return 0;
    }
    return k;
}

/* Emits a header and a body in one reservation, so a value is either
 * written whole or not at all: after COSEM_E_NOSPACE the writer's length
 * still ends on the last complete value. */
static cosem_status_t emit(cosem_axdr_writer_t *w, const uint8_t *hdr, size_t hn,
                           const void *body, size_t bn)
{
    uint8_t *p;
    if (body == NULL && bn != 0) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    if (bn > SIZE_MAX - hn) {
        return cosem_axdr_writer_fail(w, COSEM_E_OVERFLOW);
    }
    if (cosem_axdr_reserve(w, hn + bn, &p) == COSEM_OK && p != NULL) {
        if (hn != 0) {
            memcpy(p, hdr, hn);
        }
        if (bn != 0) {
            memcpy(p + hn, body, bn);
        }
    }
    return w->err;
}

/* Emits tag, A-XDR length n, then body (of body_len octets). */
static cosem_status_t emit_counted(cosem_axdr_writer_t *w, uint8_t tag, size_t n,
                                  const void *body, size_t body_len)
{
    uint8_t hdr[6];
    size_t k;
    hdr[0] = tag;
    k = store_length(hdr + 1, n);
    if (k == 0) {
        return cosem_axdr_writer_fail(w, COSEM_E_RANGE);
    }
    return emit(w, hdr, 1 + k, body, body_len);
}

cosem_status_t cosem_axdr_put_u8(cosem_axdr_writer_t *w, uint8_t v)
{
    return put_be(w, v, 1);
}

cosem_status_t cosem_axdr_put_u16(cosem_axdr_writer_t *w, uint16_t v)
{
    return put_be(w, v, 2);
}

cosem_status_t cosem_axdr_put_u32(cosem_axdr_writer_t *w, uint32_t v)
{
    return put_be(w, v, 4);
}

cosem_status_t cosem_axdr_put_u64(cosem_axdr_writer_t *w, uint64_t v)
{
    return put_be(w, v, 8);
}

cosem_status_t cosem_axdr_put_bytes(cosem_axdr_writer_t *w, const void *p, size_t n)
{
    return emit(w, NULL, 0, p, n);
}

size_t cosem_axdr_length_size(size_t n)
{
    size_t k = 1;
    if (n < 0x80u) {
        return 1;
    }
    while (n != 0) {
        k++;
        n >>= 8;
    }
    return k;
}

/* A-XDR and BER definite lengths share one encoding: short form below 128,
 * else 0x80|k followed by k big-endian octets. */
cosem_status_t cosem_axdr_put_length(cosem_axdr_writer_t *w, size_t n)
{
    uint8_t hdr[5];
    size_t k = store_length(hdr, n);
    if (k == 0) {
        return cosem_axdr_writer_fail(w, COSEM_E_RANGE);
    }
    return emit(w, hdr, k, NULL, 0);
}

size_t cosem_axdr_length_begin(cosem_axdr_writer_t *w)
{
    size_t mark = w->len;
    cosem_axdr_put_u8(w, 0);
    return mark;
}

/* Patches the length placeholder at mark; when the length needs more than the
 * one reserved octet the content is moved up to make room. */
cosem_status_t cosem_axdr_length_end(cosem_axdr_writer_t *w, size_t mark)
{
    size_t content, k;
    uint8_t *extra;
    if (w->err != COSEM_OK) {
        return w->err;
    }
    if (mark >= w->len) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    content = w->len - mark - 1;
    k = cosem_axdr_length_size(content);
    if (k > 5) {
        return cosem_axdr_writer_fail(w, COSEM_E_RANGE);
    }
    if (cosem_axdr_reserve(w, k - 1, &extra) != COSEM_OK) {
        return w->err;
    }
    if (w->buf != NULL) {
        cosem_mem_move(w->buf + mark + k, w->buf + mark + 1, content);
        store_length(w->buf + mark, content);
    }
    return w->err;
}

/* ---- Tagged values -------------------------------------------------- */

/* Tag then a big-endian value of n octets. */
static cosem_status_t write_tagged(cosem_axdr_writer_t *w, uint8_t tag, uint64_t v, unsigned n)
{
    uint8_t *p;
    if (cosem_axdr_reserve(w, 1u + n, &p) == COSEM_OK && p != NULL) {
        p[0] = tag;
        store_be(p + 1, v, n);
    }
    return w->err;
}

cosem_status_t cosem_axdr_write_fixed(cosem_axdr_writer_t *w, uint8_t tag, uint64_t v)
{
    int n = cosem_axdr_size_of(tag);
    if (n <= 0 || n > 8) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    return write_tagged(w, tag, v, (unsigned)n);
}

/* Tag, A-XDR length, then n octets. */
static cosem_status_t write_counted(cosem_axdr_writer_t *w, uint8_t tag, const void *p, size_t n)
{
    return emit_counted(w, tag, n, p, n);
}

cosem_status_t cosem_axdr_write_null(cosem_axdr_writer_t *w)
{
    return write_tagged(w, COSEM_AXDR_NULL_DATA, 0, 0);
}

cosem_status_t cosem_axdr_write_array(cosem_axdr_writer_t *w, size_t count)
{
    return emit_counted(w, COSEM_AXDR_ARRAY, count, NULL, 0);
}

cosem_status_t cosem_axdr_write_structure(cosem_axdr_writer_t *w, size_t count)
{
    return emit_counted(w, COSEM_AXDR_STRUCTURE, count, NULL, 0);
}

cosem_status_t cosem_axdr_write_bool(cosem_axdr_writer_t *w, bool v)
{
    return write_tagged(w, COSEM_AXDR_BOOLEAN, v ? 1u : 0u, 1);
}

cosem_status_t cosem_axdr_write_bit_string(cosem_axdr_writer_t *w, const uint8_t *bits,
                                           size_t nbits)
{
    return emit_counted(w, COSEM_AXDR_BIT_STRING, nbits, bits, nbits / 8u + (nbits % 8u != 0u));
}

cosem_status_t cosem_axdr_write_i8(cosem_axdr_writer_t *w, int8_t v)
{
    return write_tagged(w, COSEM_AXDR_INTEGER, (uint8_t)v, 1);
}

cosem_status_t cosem_axdr_write_u8(cosem_axdr_writer_t *w, uint8_t v)
{
    return write_tagged(w, COSEM_AXDR_UNSIGNED, v, 1);
}

cosem_status_t cosem_axdr_write_i16(cosem_axdr_writer_t *w, int16_t v)
{
    return write_tagged(w, COSEM_AXDR_LONG, (uint16_t)v, 2);
}

cosem_status_t cosem_axdr_write_u16(cosem_axdr_writer_t *w, uint16_t v)
{
    return write_tagged(w, COSEM_AXDR_LONG_UNSIGNED, v, 2);
}

cosem_status_t cosem_axdr_write_i32(cosem_axdr_writer_t *w, int32_t v)
{
    return write_tagged(w, COSEM_AXDR_DOUBLE_LONG, (uint32_t)v, 4);
}

cosem_status_t cosem_axdr_write_u32(cosem_axdr_writer_t *w, uint32_t v)
{
    return write_tagged(w, COSEM_AXDR_DOUBLE_LONG_UNSIGNED, v, 4);
}

cosem_status_t cosem_axdr_write_i64(cosem_axdr_writer_t *w, int64_t v)
{
    return write_tagged(w, COSEM_AXDR_LONG64, (uint64_t)v, 8);
}

cosem_status_t cosem_axdr_write_u64(cosem_axdr_writer_t *w, uint64_t v)
{
    return write_tagged(w, COSEM_AXDR_LONG64_UNSIGNED, v, 8);
}

cosem_status_t cosem_axdr_write_enum(cosem_axdr_writer_t *w, uint8_t v)
{
    return write_tagged(w, COSEM_AXDR_ENUM, v, 1);
}

cosem_status_t cosem_axdr_write_bcd(cosem_axdr_writer_t *w, uint8_t v)
{
    return write_tagged(w, COSEM_AXDR_BCD, v, 1);
}

/* Range of each integer-family type, indexed through int_range(). */
typedef struct {
    int64_t min;
    int64_t max;
} int_range_t;

/* Fills the range of an integer-family tag; false for other tags. */
static bool int_range(uint8_t type, int_range_t *rg)
{
    switch (type) {
    case COSEM_AXDR_INTEGER: case COSEM_AXDR_DELTA_INTEGER:
        rg->min = INT8_MIN; rg->max = INT8_MAX; return true;
    case COSEM_AXDR_LONG: case COSEM_AXDR_DELTA_LONG:
        rg->min = INT16_MIN; rg->max = INT16_MAX; return true;
    case COSEM_AXDR_DOUBLE_LONG: case COSEM_AXDR_DELTA_DOUBLE_LONG:
        rg->min = INT32_MIN; rg->max = INT32_MAX; return true;
    case COSEM_AXDR_LONG64:
        rg->min = INT64_MIN; rg->max = INT64_MAX; return true;
    case COSEM_AXDR_UNSIGNED: case COSEM_AXDR_ENUM: case COSEM_AXDR_DELTA_UNSIGNED:
        rg->min = 0; rg->max = UINT8_MAX; return true;
    case COSEM_AXDR_LONG_UNSIGNED: case COSEM_AXDR_DELTA_LONG_UNSIGNED:
        rg->min = 0; rg->max = UINT16_MAX; return true;
    case COSEM_AXDR_DOUBLE_LONG_UNSIGNED: case COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED:
        rg->min = 0; rg->max = UINT32_MAX; return true;
    case COSEM_AXDR_LONG64_UNSIGNED:
        rg->min = 0; rg->max = INT64_MAX; return true;
    default:
        return false;
    }
}

cosem_status_t cosem_axdr_write_int(cosem_axdr_writer_t *w, uint8_t type, int64_t v)
{
    int_range_t rg;
    if (!int_range(type, &rg)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    if (v < rg.min || v > rg.max) {
        return cosem_axdr_writer_fail(w, COSEM_E_RANGE);
    }
    return write_tagged(w, type, (uint64_t)v, (unsigned)cosem_axdr_fixed_size(type));
}

cosem_status_t cosem_axdr_write_f32_bits(cosem_axdr_writer_t *w, uint32_t bits)
{
    return write_tagged(w, COSEM_AXDR_FLOAT32, bits, 4);
}

cosem_status_t cosem_axdr_write_f64_bits(cosem_axdr_writer_t *w, uint64_t bits)
{
    return write_tagged(w, COSEM_AXDR_FLOAT64, bits, 8);
}

#if COSEM_WITH_FLOAT
cosem_status_t cosem_axdr_write_f32(cosem_axdr_writer_t *w, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    return cosem_axdr_write_f32_bits(w, bits);
}

cosem_status_t cosem_axdr_write_f64(cosem_axdr_writer_t *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return cosem_axdr_write_f64_bits(w, bits);
}
#endif

/* A string by its tag; a bit-string's n counts bits (see axdr_internal.h). */
cosem_status_t cosem_axdr_write_string(cosem_axdr_writer_t *w, uint8_t tag, const void *p,
                                       size_t n)
{
    return emit_counted(w, tag, n, p, tag == COSEM_AXDR_BIT_STRING ? n / 8u + (n % 8u != 0u) : n);
}

cosem_status_t cosem_axdr_write_octet_string(cosem_axdr_writer_t *w, const void *p, size_t n)
{
    return write_counted(w, COSEM_AXDR_OCTET_STRING, p, n);
}

cosem_status_t cosem_axdr_write_visible_string(cosem_axdr_writer_t *w, const char *s, size_t n)
{
    return write_counted(w, COSEM_AXDR_VISIBLE_STRING, s, n);
}

cosem_status_t cosem_axdr_write_utf8_string(cosem_axdr_writer_t *w, const char *s, size_t n)
{
    return write_counted(w, COSEM_AXDR_UTF8_STRING, s, n);
}

/* Date-time family: own tag (no length) or octet-string with its length,
 * encoded straight into the reserved room (one reservation: whole or not
 * at all, as emit()). */
static cosem_status_t write_dt(cosem_axdr_writer_t *w, uint8_t tag, const cosem_datetime_t *dt,
                               bool as_octet_string)
{
    size_t n = tag == COSEM_AXDR_DATE_TIME ? COSEM_DATETIME_SIZE
               : tag == COSEM_AXDR_DATE    ? COSEM_DATE_SIZE
                                           : COSEM_TIME_SIZE;
    size_t h = as_octet_string ? 2u : 1u;
    uint8_t *p;
    if (cosem_axdr_reserve(w, h + n, &p) != COSEM_OK || p == NULL) {
        return w->err;
    }
    if (as_octet_string) {
        p[0] = COSEM_AXDR_OCTET_STRING;
        p[1] = (uint8_t)n;
    } else {
        p[0] = tag;
    }
    switch (tag) {
    case COSEM_AXDR_DATE_TIME: cosem_datetime_encode(dt, p + h); break;
    case COSEM_AXDR_DATE: cosem_date_encode(dt, p + h); break;
    default: cosem_time_encode(dt, p + h); break;
    }
    return COSEM_OK;
}

/* Date-time, date or time under its own tag (see axdr_internal.h). */
cosem_status_t cosem_axdr_write_dt(cosem_axdr_writer_t *w, uint8_t tag, const cosem_datetime_t *dt)
{
    return write_dt(w, tag, dt, false);
}

cosem_status_t cosem_axdr_write_datetime(cosem_axdr_writer_t *w, const cosem_datetime_t *dt)
{
    return write_dt(w, COSEM_AXDR_DATE_TIME, dt, false);
}

cosem_status_t cosem_axdr_write_datetime_os(cosem_axdr_writer_t *w, const cosem_datetime_t *dt)
{
    return write_dt(w, COSEM_AXDR_DATE_TIME, dt, true);
}

cosem_status_t cosem_axdr_write_date(cosem_axdr_writer_t *w, const cosem_datetime_t *dt)
{
    return write_dt(w, COSEM_AXDR_DATE, dt, false);
}

cosem_status_t cosem_axdr_write_date_os(cosem_axdr_writer_t *w, const cosem_datetime_t *dt)
{
    return write_dt(w, COSEM_AXDR_DATE, dt, true);
}

cosem_status_t cosem_axdr_write_time(cosem_axdr_writer_t *w, const cosem_datetime_t *dt)
{
    return write_dt(w, COSEM_AXDR_TIME, dt, false);
}

cosem_status_t cosem_axdr_write_time_os(cosem_axdr_writer_t *w, const cosem_datetime_t *dt)
{
    return write_dt(w, COSEM_AXDR_TIME, dt, true);
}

size_t cosem_axdr_write_compact_begin(cosem_axdr_writer_t *w, const uint8_t *desc,
                                      size_t desc_len)
{
    static const uint8_t tag = COSEM_AXDR_COMPACT_ARRAY;
    if (desc_len == 0) {
        cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    emit(w, &tag, 1, desc, desc_len);
    return cosem_axdr_length_begin(w);
}

cosem_status_t cosem_axdr_write_compact_end(cosem_axdr_writer_t *w, size_t mark)
{
    return cosem_axdr_length_end(w, mark);
}
