/* SPDX-License-Identifier: Apache-2.0 */
/* Object helpers shared by the server and class code: streaming commits,
 * default dispatch to a class, and value references to application
 * variables. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER

#include <string.h>

#include <cosem/object.h>

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

/* Width in octets of an integer-like type's native variable (boolean,
 * enum and BCD included), negated for the signed types; 0 for any other
 * type. The one table of integer types that reading and writing share. */
static int int_width(uint8_t t)
{
    switch (t) {
    case COSEM_AXDR_BOOLEAN: case COSEM_AXDR_UNSIGNED: case COSEM_AXDR_ENUM:
    case COSEM_AXDR_BCD: case COSEM_AXDR_DELTA_UNSIGNED: return 1;
    case COSEM_AXDR_LONG_UNSIGNED: case COSEM_AXDR_DELTA_LONG_UNSIGNED: return 2;
    case COSEM_AXDR_DOUBLE_LONG_UNSIGNED: case COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED: return 4;
    case COSEM_AXDR_LONG64_UNSIGNED: return 8;
    case COSEM_AXDR_INTEGER: case COSEM_AXDR_DELTA_INTEGER: return -1;
    case COSEM_AXDR_LONG: case COSEM_AXDR_DELTA_LONG: return -2;
    case COSEM_AXDR_DOUBLE_LONG: case COSEM_AXDR_DELTA_DOUBLE_LONG: return -4;
    case COSEM_AXDR_LONG64: return -8;
    default: return 0;
    }
}

/* Integer-like types: read the native variable as int64 (uint64 may not fit). */
static cosem_status_t get_native_int(const cosem_vref_t *v, int64_t *out)
{
    switch (int_width(v->type)) {
    case 1:
        *out = v->type == COSEM_AXDR_BOOLEAN ? (*(const bool *)v->p ? 1 : 0)
                                             : *(const uint8_t *)v->p;
        break;
    case 2: *out = *(const uint16_t *)v->p; break;
    case 4: *out = *(const uint32_t *)v->p; break;
    case 8:
        if (*(const uint64_t *)v->p > (uint64_t)INT64_MAX) {
            return COSEM_E_RANGE;
        }
        *out = (int64_t)*(const uint64_t *)v->p;
        break;
    case -1: *out = *(const int8_t *)v->p; break;
    case -2: *out = *(const int16_t *)v->p; break;
    case -4: *out = *(const int32_t *)v->p; break;
    case -8: *out = *(const int64_t *)v->p; break;
    default: return COSEM_E_TYPE;
    }
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
    int w = int_width(t);
    unsigned bits = 8u * (unsigned)(w < 0 ? -w : w);
    if (w == 0) {
        return false;
    }
    if (t == COSEM_AXDR_BOOLEAN) {
        *hi = 1;
    } else if (bits == 64u) {
        *hi = INT64_MAX;
    } else {
        *hi = (int64_t)(UINT32_MAX >> (32u - bits + (w < 0 ? 1u : 0u)));
    }
    *lo = w < 0 ? -*hi - 1 : 0;
    return true;
}

/* Store a number into the native variable of an integer-typed reference. */
static void put_native_int(const cosem_vref_t *v, int64_t x)
{
    switch (cosem_axdr_fixed_size(v->type)) {
    case 1:
        if (v->type == COSEM_AXDR_BOOLEAN) {
            *(bool *)v->p = x != 0;
        } else if (x < 0) {
            *(int8_t *)v->p = (int8_t)x;
        } else {
            *(uint8_t *)v->p = (uint8_t)x;
        }
        break;
    case 2:
        if (x < 0) { *(int16_t *)v->p = (int16_t)x; } else { *(uint16_t *)v->p = (uint16_t)x; }
        break;
    case 4:
        if (x < 0) { *(int32_t *)v->p = (int32_t)x; } else { *(uint32_t *)v->p = (uint32_t)x; }
        break;
    default:
        if (x < 0) { *(int64_t *)v->p = x; } else { *(uint64_t *)v->p = (uint64_t)x; }
        break;
    }
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
    put_native_int(v, value);
    return COSEM_OK;
}

/* Strings and date-times: the types that are not plain numbers. */
static cosem_status_t write_other(cosem_axdr_writer_t *w, const cosem_vref_t *v)
{
    switch (v->type) {
    case COSEM_AXDR_NULL_DATA: return cosem_axdr_write_null(w);
    case COSEM_AXDR_OCTET_STRING: return cosem_axdr_write_octet_string(w, v->p, vref_len(v));
    case COSEM_AXDR_VISIBLE_STRING:
        return cosem_axdr_write_visible_string(w, (const char *)v->p, vref_len(v));
    case COSEM_AXDR_UTF8_STRING:
        return cosem_axdr_write_utf8_string(w, (const char *)v->p, vref_len(v));
    case COSEM_AXDR_BIT_STRING:
        return cosem_axdr_write_bit_string(w, (const uint8_t *)v->p, vref_len(v));
    case COSEM_AXDR_DATE_TIME: return cosem_axdr_write_datetime(w, (const cosem_datetime_t *)v->p);
    case COSEM_AXDR_DATE: return cosem_axdr_write_date(w, (const cosem_datetime_t *)v->p);
    case COSEM_AXDR_TIME: return cosem_axdr_write_time(w, (const cosem_datetime_t *)v->p);
#if COSEM_WITH_FLOAT
    case COSEM_AXDR_FLOAT32: return cosem_axdr_write_f32(w, *(const float *)v->p);
    case COSEM_AXDR_FLOAT64: return cosem_axdr_write_f64(w, *(const double *)v->p);
#endif
    default: return cosem_axdr_writer_fail(w, COSEM_E_TYPE);
    }
}

/* Write the referenced variable as one Data of the reference's type. */
cosem_status_t cosem_vref_write(cosem_axdr_writer_t *w, const cosem_vref_t *v)
{
    int64_t x = 0;
    if (v == NULL || (v->p == NULL && v->type != COSEM_AXDR_NULL_DATA)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    if (is_string_type(v->type) && vref_len(v) > v->cap) {
        return cosem_axdr_writer_fail(w, COSEM_E_RANGE);
    }
    if (v->type == COSEM_AXDR_BOOLEAN) {
        return cosem_axdr_write_bool(w, *(const bool *)v->p);
    }
    if (v->type == COSEM_AXDR_BCD) {
        return cosem_axdr_write_bcd(w, *(const uint8_t *)v->p);
    }
    if (get_native_int(v, &x) == COSEM_OK) {
        if (v->type == COSEM_AXDR_LONG64_UNSIGNED) {
            return cosem_axdr_write_u64(w, (uint64_t)x);
        }
        return cosem_axdr_write_int(w, v->type, x);
    }
    if (v->type == COSEM_AXDR_LONG64_UNSIGNED) {
        return cosem_axdr_write_u64(w, *(const uint64_t *)v->p);
    }
    return write_other(w, v);
}

/* Read a string-typed Data into the reference's buffer. */
static cosem_dar_t read_string(cosem_axdr_reader_t *r, const cosem_vref_t *v)
{
    const uint8_t *p = NULL;
    const char *s = NULL;
    size_t n = 0;
    cosem_status_t st;
    switch (v->type) {
    case COSEM_AXDR_OCTET_STRING: st = cosem_axdr_read_octet_string(r, &p, &n); break;
    case COSEM_AXDR_VISIBLE_STRING: st = cosem_axdr_read_visible_string(r, &s, &n); break;
    case COSEM_AXDR_UTF8_STRING: st = cosem_axdr_read_utf8_string(r, &s, &n); break;
    default: st = cosem_axdr_read_bit_string(r, &p, &n); break;
    }
    if (st != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (s != NULL) {
        p = (const uint8_t *)s;
    }
    if (n > v->cap || (v->len == NULL && n != v->cap)) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (n != 0u) {
        memmove(v->p, p, v->type == COSEM_AXDR_BIT_STRING ? (n + 7u) / 8u : n);
    }
    if (v->len != NULL) {
        *v->len = (uint16_t)n;
    }
    return COSEM_DAR_SUCCESS;
}

/* Read a date/time-typed Data into the reference's cosem_datetime_t. */
static cosem_dar_t read_datetime(cosem_axdr_reader_t *r, const cosem_vref_t *v)
{
    cosem_datetime_t dt;
    cosem_status_t st;
    if (v->type == COSEM_AXDR_DATE_TIME) {
        st = cosem_axdr_read_datetime(r, &dt);
    } else if (v->type == COSEM_AXDR_DATE) {
        st = cosem_axdr_read_date(r, &dt);
    } else {
        st = cosem_axdr_read_time(r, &dt);
    }
    if (st != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    *(cosem_datetime_t *)v->p = dt;
    return COSEM_DAR_SUCCESS;
}

#if COSEM_WITH_FLOAT
/* Read a float-typed Data. */
static cosem_dar_t read_float(cosem_axdr_reader_t *r, const cosem_vref_t *v)
{
    if (v->type == COSEM_AXDR_FLOAT32) {
        float f = 0.0f;
        if (cosem_axdr_read_f32(r, &f) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *(float *)v->p = f;
    } else {
        double d = 0.0;
        if (cosem_axdr_read_f64(r, &d) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *(double *)v->p = d;
    }
    return COSEM_DAR_SUCCESS;
}
#endif

/* Read an integer-typed Data of exactly the reference's type. */
static cosem_dar_t read_int(cosem_axdr_reader_t *r, const cosem_vref_t *v)
{
    uint8_t t = 0;
    int64_t x = 0;
    if (v->type == COSEM_AXDR_BOOLEAN) {
        bool b = false;
        if (cosem_axdr_read_bool(r, &b) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *(bool *)v->p = b;
        return COSEM_DAR_SUCCESS;
    }
    if (v->type == COSEM_AXDR_BCD) {
        uint8_t b = 0;
        if (cosem_axdr_read_bcd(r, &b) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *(uint8_t *)v->p = b;
        return COSEM_DAR_SUCCESS;
    }
    if (v->type == COSEM_AXDR_LONG64_UNSIGNED) {
        uint64_t u = 0;
        if (cosem_axdr_read_u64(r, &u) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *(uint64_t *)v->p = u;
        return COSEM_DAR_SUCCESS;
    }
    if (cosem_axdr_peek_type(r, &t) != COSEM_OK || t != v->type ||
        cosem_axdr_read_int(r, &t, &x) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    put_native_int(v, x);
    return COSEM_DAR_SUCCESS;
}

/* Read one Data of the reference's type into the application's variable. */
cosem_dar_t cosem_vref_read(cosem_axdr_reader_t *r, const cosem_vref_t *v)
{
    uint8_t t = 0;
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
    case COSEM_AXDR_TIME: return read_datetime(r, v);
#if COSEM_WITH_FLOAT
    case COSEM_AXDR_FLOAT32:
    case COSEM_AXDR_FLOAT64: return read_float(r, v);
#endif
    default: break;
    }
    if (!cosem_axdr_is_integer(v->type) && v->type != COSEM_AXDR_BOOLEAN &&
        v->type != COSEM_AXDR_ENUM && v->type != COSEM_AXDR_BCD) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return read_int(r, v);
}

#else
typedef int cosem_object_empty_t;
#endif
