/* SPDX-License-Identifier: Apache-2.0 */
/* A-XDR reader: bounded input cursor with a sticky error, raw fields and
 * tagged Data values. Nothing here reads past r->len. */
#include <string.h>

#include <cosem/axdr.h>

#include "../config_check.h"
#include "axdr_internal.h"

/* ---- Type information ---------------------------------------------- */

/* Fixed content sizes by tag (see axdr_internal.h): null-data 0; array,
 * structure, bit-string, strings, compact-array and unassigned tags -1. */
const int8_t cosem_axdr_fixed_sizes[34] = {
    0,  -1, -1, 1,  -1, 4,  4,  -1, -1, -1, -1, -1, -1, 1,  -1, 1, 2,
    1,  2,  -1, 8,  8,  1,  4,  8,  12, 5,  4,  1,  2,  4,  1,  2, 4,
};

int cosem_axdr_fixed_size(uint8_t type)
{
    return cosem_axdr_size_of(type);
}

bool cosem_axdr_is_integer(uint8_t type)
{
    switch (type) {
    case COSEM_AXDR_INTEGER: case COSEM_AXDR_LONG: case COSEM_AXDR_DOUBLE_LONG:
    case COSEM_AXDR_LONG64: case COSEM_AXDR_UNSIGNED: case COSEM_AXDR_LONG_UNSIGNED:
    case COSEM_AXDR_DOUBLE_LONG_UNSIGNED: case COSEM_AXDR_LONG64_UNSIGNED: case COSEM_AXDR_ENUM:
    case COSEM_AXDR_DELTA_INTEGER: case COSEM_AXDR_DELTA_LONG: case COSEM_AXDR_DELTA_DOUBLE_LONG:
    case COSEM_AXDR_DELTA_UNSIGNED: case COSEM_AXDR_DELTA_LONG_UNSIGNED:
    case COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED:
        return true;
    default:
        return false;
    }
}

/* Signedness of integer-family tags. */
bool cosem_axdr_is_signed(uint8_t type)
{
    switch (type) {
    case COSEM_AXDR_INTEGER: case COSEM_AXDR_LONG: case COSEM_AXDR_DOUBLE_LONG:
    case COSEM_AXDR_LONG64: case COSEM_AXDR_DELTA_INTEGER: case COSEM_AXDR_DELTA_LONG:
    case COSEM_AXDR_DELTA_DOUBLE_LONG:
        return true;
    default:
        return false;
    }
}

const char *cosem_axdr_type_name(uint8_t type)
{
    switch (type) {
    case COSEM_AXDR_NULL_DATA: return "null-data";
    case COSEM_AXDR_ARRAY: return "array";
    case COSEM_AXDR_STRUCTURE: return "structure";
    case COSEM_AXDR_BOOLEAN: return "boolean";
    case COSEM_AXDR_BIT_STRING: return "bit-string";
    case COSEM_AXDR_DOUBLE_LONG: return "double-long";
    case COSEM_AXDR_DOUBLE_LONG_UNSIGNED: return "double-long-unsigned";
    case COSEM_AXDR_OCTET_STRING: return "octet-string";
    case COSEM_AXDR_VISIBLE_STRING: return "visible-string";
    case COSEM_AXDR_UTF8_STRING: return "utf8-string";
    case COSEM_AXDR_BCD: return "bcd";
    case COSEM_AXDR_INTEGER: return "integer";
    case COSEM_AXDR_LONG: return "long";
    case COSEM_AXDR_UNSIGNED: return "unsigned";
    case COSEM_AXDR_LONG_UNSIGNED: return "long-unsigned";
    case COSEM_AXDR_COMPACT_ARRAY: return "compact-array";
    case COSEM_AXDR_LONG64: return "long64";
    case COSEM_AXDR_LONG64_UNSIGNED: return "long64-unsigned";
    case COSEM_AXDR_ENUM: return "enum";
    case COSEM_AXDR_FLOAT32: return "float32";
    case COSEM_AXDR_FLOAT64: return "float64";
    case COSEM_AXDR_DATE_TIME: return "date-time";
    case COSEM_AXDR_DATE: return "date";
    case COSEM_AXDR_TIME: return "time";
    case COSEM_AXDR_DELTA_INTEGER: return "delta-integer";
    case COSEM_AXDR_DELTA_LONG: return "delta-long";
    case COSEM_AXDR_DELTA_DOUBLE_LONG: return "delta-double-long";
    case COSEM_AXDR_DELTA_UNSIGNED: return "delta-unsigned";
    case COSEM_AXDR_DELTA_LONG_UNSIGNED: return "delta-long-unsigned";
    case COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED: return "delta-double-long-unsigned";
    case COSEM_AXDR_DONT_CARE: return "dont-care";
    default: return "unknown";
    }
}

/* Big-endian integer of n <= 8 octets. */
uint64_t cosem_axdr_be(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

/* Integer value of an integer-family content, sign-extended for signed tags. */
int64_t cosem_axdr_int_value(uint8_t type, const uint8_t *p, size_t n)
{
    uint64_t u = cosem_axdr_be(p, n);
    if (cosem_axdr_is_signed(type) && n < 8 && (u >> (8 * n - 1)) != 0) {
        u |= ~(uint64_t)0 << (8 * n);
    }
    return (int64_t)u;
}

/* ---- Cursor --------------------------------------------------------- */

void cosem_axdr_reader_init(cosem_axdr_reader_t *r, const uint8_t *buf, size_t len)
{
    r->buf = buf;
    r->len = buf != NULL ? len : 0;
    r->pos = 0;
    r->err = COSEM_OK;
    r->max_depth = COSEM_AXDR_MAX_DEPTH;
}

void cosem_axdr_reader_set_max_depth(cosem_axdr_reader_t *r, unsigned depth)
{
    if (depth < 1) {
        depth = 1;
    }
    if (depth > COSEM_AXDR_MAX_DEPTH) {
        depth = COSEM_AXDR_MAX_DEPTH;
    }
    r->max_depth = (uint8_t)depth;
}

cosem_status_t cosem_axdr_reader_status(const cosem_axdr_reader_t *r)
{
    return r->err;
}

cosem_status_t cosem_axdr_reader_fail(cosem_axdr_reader_t *r, cosem_status_t err)
{
    if (r->err == COSEM_OK && err != COSEM_OK) {
        r->err = err;
    }
    return r->err;
}

size_t cosem_axdr_reader_remaining(const cosem_axdr_reader_t *r)
{
    return r->err != COSEM_OK ? 0 : r->len - r->pos;
}

size_t cosem_axdr_reader_pos(const cosem_axdr_reader_t *r)
{
    return r->pos;
}

cosem_status_t cosem_axdr_reader_expect_end(cosem_axdr_reader_t *r)
{
    if (r->err == COSEM_OK && r->pos != r->len) {
        r->err = COSEM_E_TRAILING;
    }
    return r->err;
}

/* The one bounds check of the reader: every access goes through here. */
cosem_status_t cosem_axdr_get_bytes(cosem_axdr_reader_t *r, size_t n, const uint8_t **p)
{
    if (p != NULL) {
        *p = NULL;
    }
    if (r->err != COSEM_OK) {
        return r->err;
    }
    if (n > r->len - r->pos) {
        return cosem_axdr_reader_fail(r, COSEM_E_TRUNCATED);
    }
    if (p != NULL) {
        *p = r->buf + r->pos;
    }
    r->pos += n;
    return COSEM_OK;
}

/* Reads an n-octet (n <= 4) big-endian field. */
static cosem_status_t get_be32(cosem_axdr_reader_t *r, size_t n, uint32_t *v)
{
    const uint8_t *p = NULL;
    if (cosem_axdr_get_bytes(r, n, &p) == COSEM_OK) {
        uint32_t x = 0;
        for (size_t i = 0; i < n; ++i) {
            x = x << 8 | p[i];
        }
        *v = x;
    }
    return r->err;
}

cosem_status_t cosem_axdr_get_u8(cosem_axdr_reader_t *r, uint8_t *v)
{
    uint32_t t = 0;
    if (get_be32(r, 1, &t) == COSEM_OK) {
        *v = (uint8_t)t;
    }
    return r->err;
}

cosem_status_t cosem_axdr_get_u16(cosem_axdr_reader_t *r, uint16_t *v)
{
    uint32_t t = 0;
    if (get_be32(r, 2, &t) == COSEM_OK) {
        *v = (uint16_t)t;
    }
    return r->err;
}

cosem_status_t cosem_axdr_get_u32(cosem_axdr_reader_t *r, uint32_t *v)
{
    return get_be32(r, 4, v);
}

cosem_status_t cosem_axdr_get_u64(cosem_axdr_reader_t *r, uint64_t *v)
{
    const uint8_t *p = NULL;
    if (cosem_axdr_get_bytes(r, 8, &p) == COSEM_OK) {
        *v = cosem_axdr_be(p, 8);
    }
    return r->err;
}

/* Short form below 0x80; 0x81..0x84 give 1..4 length octets. The
 * indefinite form (0x80) and longer forms are not A-XDR. */
cosem_status_t cosem_axdr_get_length(cosem_axdr_reader_t *r, size_t *n)
{
    uint32_t first = 0;
    uint32_t v = 0;
    if (get_be32(r, 1, &first) != COSEM_OK) {
        return r->err;
    }
    if (first < 0x80u) {
        *n = first;
        return COSEM_OK;
    }
    first &= 0x7Fu;
    if (first == 0 || first > 4) {
        return cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    if (get_be32(r, first, &v) != COSEM_OK) {
        return r->err;
    }
#if SIZE_MAX < UINT32_MAX
    if (v > SIZE_MAX) {
        return cosem_axdr_reader_fail(r, COSEM_E_RANGE);
    }
#endif
    *n = (size_t)v;
    return COSEM_OK;
}

cosem_status_t cosem_axdr_get_sub(cosem_axdr_reader_t *r, size_t n, cosem_axdr_reader_t *sub)
{
    const uint8_t *p = NULL;
    cosem_axdr_get_bytes(r, n, &p);
    cosem_axdr_reader_init(sub, p, r->err == COSEM_OK ? n : 0);
    sub->max_depth = r->max_depth;
    sub->err = r->err;
    return r->err;
}

/* ---- Tagged values -------------------------------------------------- */

cosem_status_t cosem_axdr_peek_type(const cosem_axdr_reader_t *r, uint8_t *type)
{
    if (r->err != COSEM_OK) {
        return r->err;
    }
    if (r->pos >= r->len) {
        return COSEM_E_TRUNCATED;
    }
    *type = r->buf[r->pos];
    return COSEM_OK;
}

/* Consumes the tag if it is the expected one; records COSEM_E_TYPE if not. */
cosem_status_t cosem_axdr_expect_tag(cosem_axdr_reader_t *r, uint8_t tag)
{
    uint8_t t;
    cosem_status_t st = cosem_axdr_peek_type(r, &t);
    if (st != COSEM_OK) {
        return cosem_axdr_reader_fail(r, st);
    }
    if (t != tag) {
        return cosem_axdr_reader_fail(r, COSEM_E_TYPE);
    }
    r->pos++;
    return COSEM_OK;
}

/* Reads a fixed-size tagged value's content octets. */
static cosem_status_t read_fixed(cosem_axdr_reader_t *r, uint8_t tag, const uint8_t **p)
{
    if (cosem_axdr_expect_tag(r, tag) == COSEM_OK) {
        cosem_axdr_get_bytes(r, (size_t)cosem_axdr_fixed_size(tag), p);
    }
    return r->err;
}

/* Reads a fixed-size tagged integer as a 64-bit value. */
static cosem_status_t read_fixed_int(cosem_axdr_reader_t *r, uint8_t tag, int64_t *v)
{
    const uint8_t *p = NULL;
    if (read_fixed(r, tag, &p) == COSEM_OK) {
        *v = cosem_axdr_int_value(tag, p, (size_t)cosem_axdr_fixed_size(tag));
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_null(cosem_axdr_reader_t *r)
{
    return cosem_axdr_expect_tag(r, COSEM_AXDR_NULL_DATA);
}

/* Container header: tag, then an element count that cannot exceed the bytes
 * left, since every element takes at least its tag. */
static cosem_status_t read_container(cosem_axdr_reader_t *r, uint8_t tag, size_t *count)
{
    size_t n = 0;
    if (cosem_axdr_expect_tag(r, tag) == COSEM_OK && cosem_axdr_get_length(r, &n) == COSEM_OK) {
        if (n > r->len - r->pos) {
            return cosem_axdr_reader_fail(r, COSEM_E_TRUNCATED);
        }
        *count = n;
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_array(cosem_axdr_reader_t *r, size_t *count)
{
    return read_container(r, COSEM_AXDR_ARRAY, count);
}

cosem_status_t cosem_axdr_read_structure(cosem_axdr_reader_t *r, size_t *count)
{
    return read_container(r, COSEM_AXDR_STRUCTURE, count);
}

cosem_status_t cosem_axdr_read_bool(cosem_axdr_reader_t *r, bool *v)
{
    const uint8_t *p = NULL;
    if (read_fixed(r, COSEM_AXDR_BOOLEAN, &p) == COSEM_OK) {
        *v = p[0] != 0;
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_bit_string(cosem_axdr_reader_t *r, const uint8_t **bits,
                                          size_t *nbits)
{
    size_t n = 0;
    const uint8_t *p = NULL;
    if (cosem_axdr_expect_tag(r, COSEM_AXDR_BIT_STRING) == COSEM_OK &&
        cosem_axdr_get_length(r, &n) == COSEM_OK &&
        cosem_axdr_get_bytes(r, n / 8u + (n % 8u != 0u), &p) == COSEM_OK) {
        *bits = p;
        *nbits = n;
    }
    return r->err;
}

/* One function per C integer type keeps call sites type safe; all share
 * read_fixed_int(). */
#define COSEM_AXDR_READ_INT(name, ctype, tag)                             \
    cosem_status_t name(cosem_axdr_reader_t *r, ctype *v)                 \
    {                                                                     \
        int64_t t = 0;                                                     \
        if (read_fixed_int(r, tag, &t) == COSEM_OK) {                     \
            *v = (ctype)t;                                                \
        }                                                                 \
        return r->err;                                                    \
    }

COSEM_AXDR_READ_INT(cosem_axdr_read_i8, int8_t, COSEM_AXDR_INTEGER)
COSEM_AXDR_READ_INT(cosem_axdr_read_u8, uint8_t, COSEM_AXDR_UNSIGNED)
COSEM_AXDR_READ_INT(cosem_axdr_read_i16, int16_t, COSEM_AXDR_LONG)
COSEM_AXDR_READ_INT(cosem_axdr_read_u16, uint16_t, COSEM_AXDR_LONG_UNSIGNED)
COSEM_AXDR_READ_INT(cosem_axdr_read_i32, int32_t, COSEM_AXDR_DOUBLE_LONG)
COSEM_AXDR_READ_INT(cosem_axdr_read_u32, uint32_t, COSEM_AXDR_DOUBLE_LONG_UNSIGNED)
COSEM_AXDR_READ_INT(cosem_axdr_read_i64, int64_t, COSEM_AXDR_LONG64)
COSEM_AXDR_READ_INT(cosem_axdr_read_u64, uint64_t, COSEM_AXDR_LONG64_UNSIGNED)
COSEM_AXDR_READ_INT(cosem_axdr_read_enum, uint8_t, COSEM_AXDR_ENUM)
COSEM_AXDR_READ_INT(cosem_axdr_read_bcd, uint8_t, COSEM_AXDR_BCD)

cosem_status_t cosem_axdr_read_int(cosem_axdr_reader_t *r, uint8_t *type, int64_t *v)
{
    uint8_t t;
    const uint8_t *p = NULL;
    size_t n = 0;
    cosem_status_t st = cosem_axdr_peek_type(r, &t);
    if (st != COSEM_OK) {
        return cosem_axdr_reader_fail(r, st);
    }
    if (!cosem_axdr_is_integer(t)) {
        return cosem_axdr_reader_fail(r, COSEM_E_TYPE);
    }
    n = (size_t)cosem_axdr_fixed_size(t);
    if (read_fixed(r, t, &p) != COSEM_OK) {
        return r->err;
    }
    if (t == COSEM_AXDR_LONG64_UNSIGNED && (p[0] & 0x80u) != 0) {
        return cosem_axdr_reader_fail(r, COSEM_E_RANGE);
    }
    *v = cosem_axdr_int_value(t, p, n);
    if (type != NULL) {
        *type = t;
    }
    return COSEM_OK;
}

cosem_status_t cosem_axdr_read_f32_bits(cosem_axdr_reader_t *r, uint32_t *bits)
{
    const uint8_t *p = NULL;
    if (read_fixed(r, COSEM_AXDR_FLOAT32, &p) == COSEM_OK) {
        *bits = (uint32_t)cosem_axdr_be(p, 4);
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_f64_bits(cosem_axdr_reader_t *r, uint64_t *bits)
{
    const uint8_t *p = NULL;
    if (read_fixed(r, COSEM_AXDR_FLOAT64, &p) == COSEM_OK) {
        *bits = cosem_axdr_be(p, 8);
    }
    return r->err;
}

#if COSEM_WITH_FLOAT
cosem_status_t cosem_axdr_read_f32(cosem_axdr_reader_t *r, float *v)
{
    uint32_t bits = 0;
    if (cosem_axdr_read_f32_bits(r, &bits) == COSEM_OK) {
        memcpy(v, &bits, sizeof *v);
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_f64(cosem_axdr_reader_t *r, double *v)
{
    uint64_t bits = 0;
    if (cosem_axdr_read_f64_bits(r, &bits) == COSEM_OK) {
        memcpy(v, &bits, sizeof *v);
    }
    return r->err;
}
#endif

/* Tag, A-XDR length, content without copying. */
static cosem_status_t read_counted(cosem_axdr_reader_t *r, uint8_t tag, const uint8_t **p,
                                   size_t *n)
{
    size_t len = 0;
    const uint8_t *q = NULL;
    if (cosem_axdr_expect_tag(r, tag) == COSEM_OK && cosem_axdr_get_length(r, &len) == COSEM_OK &&
        cosem_axdr_get_bytes(r, len, &q) == COSEM_OK) {
        *p = q;
        *n = len;
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_octet_string(cosem_axdr_reader_t *r, const uint8_t **p,
                                            size_t *n)
{
    return read_counted(r, COSEM_AXDR_OCTET_STRING, p, n);
}

cosem_status_t cosem_axdr_read_octet_string_fixed(cosem_axdr_reader_t *r, uint8_t *out,
                                                  size_t n)
{
    const uint8_t *p = NULL;
    size_t len = 0;
    if (read_counted(r, COSEM_AXDR_OCTET_STRING, &p, &len) == COSEM_OK) {
        if (len != n) {
            return cosem_axdr_reader_fail(r, COSEM_E_TYPE);
        }
        if (n != 0) {
            memcpy(out, p, n);
        }
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_visible_string(cosem_axdr_reader_t *r, const char **s, size_t *n)
{
    const uint8_t *p = NULL;
    if (read_counted(r, COSEM_AXDR_VISIBLE_STRING, &p, n) == COSEM_OK) {
        *s = (const char *)p;
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_utf8_string(cosem_axdr_reader_t *r, const char **s, size_t *n)
{
    const uint8_t *p = NULL;
    if (read_counted(r, COSEM_AXDR_UTF8_STRING, &p, n) == COSEM_OK) {
        *s = (const char *)p;
    }
    return r->err;
}

/* A date-time family value: its own tag, or an octet-string of its size
 * (most COSEM attributes are typed octet-string formatted as date-time). */
static cosem_status_t read_dt(cosem_axdr_reader_t *r, uint8_t tag, const uint8_t **p)
{
    uint8_t t;
    size_t want = (size_t)cosem_axdr_fixed_size(tag), n = 0;
    cosem_status_t st = cosem_axdr_peek_type(r, &t);
    if (st != COSEM_OK) {
        return cosem_axdr_reader_fail(r, st);
    }
    if (t == tag) {
        return read_fixed(r, tag, p);
    }
    if (t != COSEM_AXDR_OCTET_STRING) {
        return cosem_axdr_reader_fail(r, COSEM_E_TYPE);
    }
    if (read_counted(r, COSEM_AXDR_OCTET_STRING, p, &n) == COSEM_OK && n != want) {
        return cosem_axdr_reader_fail(r, COSEM_E_TYPE);
    }
    return r->err;
}

/* Date-time, date or time by its tag (see axdr_internal.h). */
cosem_status_t cosem_axdr_read_dt(cosem_axdr_reader_t *r, uint8_t tag, cosem_datetime_t *dt)
{
    const uint8_t *p = NULL;
    if (read_dt(r, tag, &p) == COSEM_OK) {
        switch (tag) {
        case COSEM_AXDR_DATE_TIME: cosem_datetime_decode(dt, p); break;
        case COSEM_AXDR_DATE: cosem_date_decode(dt, p); break;
        default: cosem_time_decode(dt, p); break;
        }
    }
    return r->err;
}

cosem_status_t cosem_axdr_read_datetime(cosem_axdr_reader_t *r, cosem_datetime_t *dt)
{
    return cosem_axdr_read_dt(r, COSEM_AXDR_DATE_TIME, dt);
}

cosem_status_t cosem_axdr_read_date(cosem_axdr_reader_t *r, cosem_datetime_t *dt)
{
    return cosem_axdr_read_dt(r, COSEM_AXDR_DATE, dt);
}

cosem_status_t cosem_axdr_read_time(cosem_axdr_reader_t *r, cosem_datetime_t *dt)
{
    return cosem_axdr_read_dt(r, COSEM_AXDR_TIME, dt);
}
