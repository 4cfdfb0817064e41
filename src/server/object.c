/* SPDX-License-Identifier: Apache-2.0 */
/* Object helpers shared by the server and class code: streaming commits,
 * default dispatch to a class, and value references to application
 * variables. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/object.h>

#include "axdr/axdr_internal.h"

/* Record a complete element; stop when the server's block limit is reached
 * or the writer has failed (the server rolls back to the last commit). */
bool cosem_req_commit(cosem_req_t *r, cosem_axdr_writer_t *w, uint32_t next)
{
    if (cosem_axdr_writer_status(w) != COSEM_OK) {
        return false;
    }
    r->committed_ = true;
    r->next_index_ = next;
    r->commit_len_ = cosem_axdr_writer_len(w);
    if (r->limit_ != 0u && r->commit_len_ >= r->limit_) {
        r->more_ = true;
        return false;
    }
    return true;
}

/* The class's own get, for per-object ops that handle only some attributes. */
cosem_dar_t cosem_object_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_class_t *c = r->obj->cls;
    if (c->get == NULL) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    return c->get(r, w);
}

/* The class's own set. */
cosem_dar_t cosem_object_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_class_t *c = r->obj->cls;
    if (c->set == NULL) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    return c->set(r, v);
}

/* The class's own action. */
cosem_dar_t cosem_object_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                                cosem_axdr_writer_t *ret)
{
    const cosem_class_t *c = r->obj->cls;
    if (c->action == NULL) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    return c->action(r, params, ret);
}

/* ---- value references ------------------------------------------------ */

static bool is_string_type(uint8_t t)
{
    return t == COSEM_AXDR_OCTET_STRING || t == COSEM_AXDR_VISIBLE_STRING ||
           t == COSEM_AXDR_UTF8_STRING || t == COSEM_AXDR_BIT_STRING;
}

static size_t vref_len(const cosem_vref_t *v)
{
    return v->len != NULL ? *v->len : v->cap;
}

/* Width in octets of a number-like type's native variable (boolean, enum,
 * BCD and, with COSEM_WITH_FLOAT, the floats included: their Data content
 * is the variable's bits big-endian); 0 for any other type. The one table
 * of number types that reading and writing share. */
static unsigned num_width(uint8_t t)
{
    int n = cosem_axdr_size_of(t);
    switch (t) {
    case COSEM_AXDR_DATE_TIME: case COSEM_AXDR_DATE: case COSEM_AXDR_TIME: return 0;
#if !COSEM_WITH_FLOAT
    case COSEM_AXDR_FLOAT32: case COSEM_AXDR_FLOAT64: return 0;
#endif
    default: return n > 0 ? (unsigned)n : 0u;
    }
}

/* Whether a type is a float (its number is not an integer). */
static bool is_float(uint8_t t)
{
    return t == COSEM_AXDR_FLOAT32 || t == COSEM_AXDR_FLOAT64;
}

/* The native variable's bits (n octets), a boolean as 0 or 1. */
static uint64_t load_native(const cosem_vref_t *v, unsigned n)
{
    uint8_t b = 0;
    uint16_t h = 0;
    uint32_t x = 0;
    uint64_t q = 0;
    switch (n) {
    case 1:
        if (v->type == COSEM_AXDR_BOOLEAN) {
            return *(const bool *)v->p ? 1u : 0u;
        }
        memcpy(&b, v->p, 1);
        return b;
    case 2: memcpy(&h, v->p, 2); return h;
    case 4: memcpy(&x, v->p, 4); return x;
    default: memcpy(&q, v->p, 8); return q;
    }
}

/* Store the low n octets of u into the native variable (a boolean: u != 0). */
static void store_native(const cosem_vref_t *v, unsigned n, uint64_t u)
{
    uint8_t b = (uint8_t)u;
    uint16_t h = (uint16_t)u;
    uint32_t x = (uint32_t)u;
    switch (n) {
    case 1:
        if (v->type == COSEM_AXDR_BOOLEAN) {
            *(bool *)v->p = u != 0u;
        } else {
            memcpy(v->p, &b, 1);
        }
        break;
    case 2: memcpy(v->p, &h, 2); break;
    case 4: memcpy(v->p, &x, 4); break;
    default: memcpy(v->p, &u, 8); break;
    }
}

/* Integer-like types: read the native variable as int64 (uint64 may not fit). */
static cosem_status_t get_native_int(const cosem_vref_t *v, int64_t *out)
{
    unsigned n = num_width(v->type);
    uint64_t u;
    if (n == 0u || is_float(v->type)) {
        return COSEM_E_TYPE;
    }
    u = load_native(v, n);
    if (n < 8u && cosem_axdr_is_signed(v->type) && (u >> (8u * n - 1u)) != 0u) {
        u |= ~(uint64_t)0 << (8u * n);
    } else if (n == 8u && v->type == COSEM_AXDR_LONG64_UNSIGNED && u > (uint64_t)INT64_MAX) {
        return COSEM_E_RANGE;
    }
    *out = (int64_t)u;
    return COSEM_OK;
}

/* Read an integer-typed (or float) reference as a signed number. */
cosem_status_t cosem_vref_get_int(const cosem_vref_t *v, int64_t *out)
{
    if (v == NULL || out == NULL || v->p == NULL) {
        return COSEM_E_ARG;
    }
#if COSEM_WITH_FLOAT
    if (v->type == COSEM_AXDR_FLOAT32) {
        *out = (int64_t)*(const float *)v->p;
        return COSEM_OK;
    }
    if (v->type == COSEM_AXDR_FLOAT64) {
        *out = (int64_t)*(const double *)v->p;
        return COSEM_OK;
    }
#endif
    return get_native_int(v, out);
}

/* Range of an integer-like type; false for non-integer types. The largest
 * value is all ones in the type's bits, less the sign bit of a signed type
 * (long64-unsigned: what an int64 holds). */
static bool int_range(uint8_t t, int64_t *lo, int64_t *hi)
{
    unsigned n = num_width(t);
    bool sig = cosem_axdr_is_signed(t);
    if (n == 0u || is_float(t)) {
        return false;
    }
    if (t == COSEM_AXDR_BOOLEAN) {
        *hi = 1;
    } else if (n == 8u) {
        *hi = INT64_MAX;
    } else {
        *hi = (int64_t)(UINT32_MAX >> (32u - 8u * n + (sig ? 1u : 0u)));
    }
    *lo = sig ? -*hi - 1 : 0;
    return true;
}

/* Store a number into an integer-typed (or float) reference. */
cosem_status_t cosem_vref_set_int(const cosem_vref_t *v, int64_t value)
{
    int64_t lo = 0, hi = 0;
    if (v == NULL || v->p == NULL) {
        return COSEM_E_ARG;
    }
#if COSEM_WITH_FLOAT
    if (v->type == COSEM_AXDR_FLOAT32) {
        *(float *)v->p = (float)value;
        return COSEM_OK;
    }
    if (v->type == COSEM_AXDR_FLOAT64) {
        *(double *)v->p = (double)value;
        return COSEM_OK;
    }
#endif
    if (!int_range(v->type, &lo, &hi)) {
        return COSEM_E_TYPE;
    }
    if (value < lo || value > hi) {
        return COSEM_E_RANGE;
    }
    store_native(v, num_width(v->type), (uint64_t)value);
    return COSEM_OK;
}

/* Write the referenced variable as one Data of the reference's type: a
 * number is its tag and its variable's bits big-endian. */
cosem_status_t cosem_vref_write(cosem_axdr_writer_t *w, const cosem_vref_t *v)
{
    unsigned n;
    if (v == NULL || (v->p == NULL && v->type != COSEM_AXDR_NULL_DATA)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    if (is_string_type(v->type) && vref_len(v) > v->cap) {
        return cosem_axdr_writer_fail(w, COSEM_E_RANGE);
    }
    n = num_width(v->type);
    if (n != 0u) {
        return cosem_axdr_write_fixed(w, v->type, load_native(v, n));
    }
    if (is_string_type(v->type)) {
        return cosem_axdr_write_string(w, v->type, v->p, vref_len(v));
    }
    switch (v->type) {
    case COSEM_AXDR_NULL_DATA: return cosem_axdr_write_null(w);
    case COSEM_AXDR_DATE_TIME: case COSEM_AXDR_DATE: case COSEM_AXDR_TIME:
        return cosem_axdr_write_dt(w, v->type, (const cosem_datetime_t *)v->p);
    default: return cosem_axdr_writer_fail(w, COSEM_E_TYPE);
    }
}

/* Read a string-typed Data (tag, length, octets; a bit-string's length
 * counts bits) into the reference's buffer. */
static cosem_dar_t read_string(cosem_axdr_reader_t *r, const cosem_vref_t *v)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    size_t octets;
    if (cosem_axdr_expect_tag(r, v->type) != COSEM_OK || cosem_axdr_get_length(r, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    octets = v->type == COSEM_AXDR_BIT_STRING ? n / 8u + (n % 8u != 0u) : n;
    if (cosem_axdr_get_bytes(r, octets, &p) != COSEM_OK || n > v->cap ||
        (v->len == NULL && n != v->cap)) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (n != 0u) {
        cosem_mem_move(v->p, p, octets);
    }
    if (v->len != NULL) {
        *v->len = (uint16_t)n;
    }
    return COSEM_DAR_SUCCESS;
}

/* Read a number-typed Data (tag and content octets) into the variable. */
static cosem_dar_t read_number(cosem_axdr_reader_t *r, const cosem_vref_t *v, unsigned n)
{
    const uint8_t *p = NULL;
    uint8_t t = 0;
    if (cosem_axdr_peek_type(r, &t) != COSEM_OK || t != v->type ||
        cosem_axdr_get_bytes(r, 1u + n, &p) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    store_native(v, n, cosem_axdr_be(p + 1, n));
    return COSEM_DAR_SUCCESS;
}

/* Read one Data of the reference's type into the application's variable. */
cosem_dar_t cosem_vref_read(cosem_axdr_reader_t *r, const cosem_vref_t *v)
{
    uint8_t t = 0;
    unsigned n;
    if (v == NULL || (v->p == NULL && v->type != COSEM_AXDR_NULL_DATA)) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (cosem_axdr_peek_type(r, &t) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (is_string_type(v->type)) {
        return read_string(r, v);
    }
    switch (v->type) {
    case COSEM_AXDR_NULL_DATA:
        return cosem_axdr_read_null(r) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_TYPE_UNMATCHED;
    case COSEM_AXDR_DATE_TIME:
    case COSEM_AXDR_DATE:
    case COSEM_AXDR_TIME: {
        cosem_datetime_t dt;
        if (cosem_axdr_read_dt(r, v->type, &dt) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *(cosem_datetime_t *)v->p = dt;
        return COSEM_DAR_SUCCESS;
    }
    default: break;
    }
    n = num_width(v->type);
    if (n == 0u) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return read_number(r, v, n);
}

#else
typedef int cosem_object_empty_t;
#endif
