/* SPDX-License-Identifier: Apache-2.0 */
/* Text and JSON printers of value trees. They walk the pre-order node array
 * with the checked walk of value.c (no recursion) and write through a small
 * buffer into the caller's sink. Numbers are formatted by hand; snprintf is
 * used for float32/float64 only (the one place in src/ that may). */
#include <cosem/config.h>

#include "../config_check.h"

#if COSEM_WITH_VALUE_PRINT && COSEM_WITH_VALUE_TREE

#include <string.h>
#if COSEM_WITH_FLOAT
#include <stdio.h>
#endif

#include <cosem/axdr.h>
#include <cosem/datetime.h>
#include <cosem/obis.h>
#include <cosem/value.h>

#include "axdr_internal.h"
#include "value_internal.h"

/* Output through the sink, buffered; the first sink stop sticks. */
typedef struct out {
    cosem_value_sink_fn sink;
    void *user;
    cosem_status_t err;
    unsigned flags;
    bool comma; /* JSON: an element was written at this level */
    size_t n;
    char buf[96];
} out_t;

/* Hands the buffered characters to the sink. */
static void flush(out_t *o)
{
    if (o->err == COSEM_OK && o->n > 0 && o->sink(o->user, o->buf, o->n) != 0) {
        o->err = COSEM_E_IO;
    }
    o->n = 0;
}

/* Appends n characters. */
static void put(out_t *o, const char *s, size_t n)
{
    while (n > 0 && o->err == COSEM_OK) {
        size_t k = sizeof o->buf - o->n;
        if (k == 0) {
            flush(o);
            continue;
        }
        k = k < n ? k : n;
        memcpy(o->buf + o->n, s, k);
        o->n += k;
        s += k;
        n -= k;
    }
}

/* Appends a NUL-terminated string. */
static void put_str(out_t *o, const char *s)
{
    put(o, s, strlen(s));
}

/* Appends one character. */
static void put_ch(out_t *o, char c)
{
    put(o, &c, 1);
}

/* Appends an unsigned decimal number. */
static void put_u64(out_t *o, uint64_t v)
{
    char tmp[20];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    put(o, tmp + i, sizeof tmp - i);
}

/* Appends a signed decimal number (INT64_MIN included). */
static void put_i64(out_t *o, int64_t v)
{
    if (v < 0) {
        put_ch(o, '-');
        put_u64(o, 0u - (uint64_t)v);
    } else {
        put_u64(o, (uint64_t)v);
    }
}

/* Appends one octet as two hex digits. */
static void put_hex2(out_t *o, uint8_t b, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char t[2];
    t[0] = digits[b >> 4];
    t[1] = digits[b & 15u];
    put(o, t, 2);
}

/* Appends octets as hex. */
static void put_hex(out_t *o, const uint8_t *p, size_t n, bool upper)
{
    size_t i;
    for (i = 0; i < n; i++) {
        put_hex2(o, p[i], upper);
    }
}

/* Appends n spaces. */
static void put_indent(out_t *o, unsigned level)
{
    while (level-- > 0) {
        put(o, "  ", 2);
    }
}

/* ---- Strings ---------------------------------------------------------------- */

/* Continuation octet of a UTF-8 sequence. */
static bool is_cont(uint8_t c)
{
    return (c & 0xC0u) == 0x80u;
}

/* Length of the valid UTF-8 sequence at p (lead octet >= 0x80), or 0 when
 * it is malformed, overlong, a surrogate, above U+10FFFF or cut short. */
static size_t utf8_len(const uint8_t *p, size_t n)
{
    uint8_t c = p[0], lo = 0x80u, hi = 0xBFu;
    size_t k, i;
    if (c >= 0xC2u && c <= 0xDFu) {
        k = 2;
    } else if (c >= 0xE0u && c <= 0xEFu) {
        k = 3;
        lo = c == 0xE0u ? 0xA0u : 0x80u;
        hi = c == 0xEDu ? 0x9Fu : 0xBFu;
    } else if (c >= 0xF0u && c <= 0xF4u) {
        k = 4;
        lo = c == 0xF0u ? 0x90u : 0x80u;
        hi = c == 0xF4u ? 0x8Fu : 0xBFu;
    } else {
        return 0;
    }
    if (n < k || p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (i = 2; i < k; i++) {
        if (!is_cont(p[i])) {
            return 0;
        }
    }
    return k;
}

/* Appends a quoted, JSON-escaped string: `"` and `\` escaped, control
 * octets (and for visible-strings every octet >= 0x7F) as \u00xx; a
 * utf8-string passes valid sequences through and each bad octet becomes
 * \ufffd. */
static void put_quoted(out_t *o, const uint8_t *s, size_t n, bool utf8)
{
    size_t i = 0;
    put_ch(o, '"');
    while (i < n) {
        uint8_t c = s[i];
        size_t k = 1;
        if (c == '"' || c == '\\') {
            put_ch(o, '\\');
            put_ch(o, (char)c);
        } else if (c < 0x20u || (!utf8 && c >= 0x7Fu)) {
            put(o, "\\u00", 4);
            put_hex2(o, c, false);
        } else if (c < 0x80u) {
            put_ch(o, (char)c);
        } else if ((k = utf8_len(s + i, n - i)) != 0) {
            put(o, (const char *)s + i, k);
        } else {
            put(o, "\\ufffd", 6);
            k = 1;
        }
        i += k;
    }
    put_ch(o, '"');
}

/* ---- Numbers, dates, readings ---------------------------------------------- */

#if COSEM_WITH_FLOAT
typedef char float_is_32_bits[sizeof(float) == 4 && sizeof(double) == 8 ? 1 : -1];

/* Appends a float32/float64 from its bit pattern: %.9g / %.17g, NaN and the
 * infinities as words (JSON: strings, which JSON numbers cannot hold). */
static void put_float(out_t *o, uint64_t bits, bool f64, bool json)
{
    char tmp[40];
    int len, i;
    bool special = f64 ? ((bits >> 52) & 0x7FFu) == 0x7FFu : ((bits >> 23) & 0xFFu) == 0xFFu;
    if (special) {
        uint64_t mant = f64 ? bits & 0xFFFFFFFFFFFFFu : bits & 0x7FFFFFu;
        bool neg = f64 ? (bits >> 63) != 0 : ((bits >> 31) & 1u) != 0;
        if (json) {
            put_ch(o, '"');
        }
        put_str(o, mant != 0 ? "NaN" : neg ? "-Infinity" : "Infinity");
        if (json) {
            put_ch(o, '"');
        }
        return;
    }
    if (f64) {
        double d;
        memcpy(&d, &bits, sizeof d);
        len = snprintf(tmp, sizeof tmp, "%.17g", d);
    } else {
        uint32_t b32 = (uint32_t)bits;
        float f;
        memcpy(&f, &b32, sizeof f);
        len = snprintf(tmp, sizeof tmp, "%.9g", (double)f);
    }
    for (i = 0; i < len && i < (int)sizeof tmp; i++) {
        if (tmp[i] == ',') {
            tmp[i] = '.'; /* a locale's decimal comma */
        }
    }
    put(o, tmp, len > 0 && len < (int)sizeof tmp ? (size_t)len : 0u);
}
#else
/* Without float support: the bit pattern in hex (JSON: a string). */
static void put_float(out_t *o, uint64_t bits, bool f64, bool json)
{
    uint8_t b[8];
    size_t n = f64 ? 8u : 4u, i;
    for (i = n; i > 0; i--) {
        b[i - 1u] = (uint8_t)bits;
        bits >>= 8;
    }
    put_str(o, json ? "\"0x" : "0x");
    put_hex(o, b, n, !json);
    if (json) {
        put_ch(o, '"');
    }
}
#endif

/* Appends a date-time, or the date or time part of its text form. */
static void put_dt(out_t *o, const cosem_datetime_t *dt, uint8_t type)
{
    char text[COSEM_DATETIME_TEXT_MAX];
    size_t n = cosem_datetime_format(dt, text, sizeof text), t = 0;
    while (t < n && text[t] != 'T') {
        t++;
    }
    if (type == COSEM_AXDR_DATE) {
        put(o, text, t);
    } else if (type == COSEM_AXDR_TIME && t < n) {
        put(o, text + t + 1, n - t - 1);
    } else {
        put(o, text, n);
    }
}

/* Appends ` status=0xXX` of a date-time whose status is specified. */
static void put_status(out_t *o, const cosem_datetime_t *dt, uint8_t type)
{
    if (type == COSEM_AXDR_DATE_TIME && dt->status != COSEM_DT_NS) {
        put_str(o, " status=0x");
        put_hex2(o, dt->status, true);
    }
}

#if COSEM_WITH_OBIS_TEXT
/* Appends ` (A.B.C.D.E.F)` for a 6-octet string. */
static void put_obis_reading(out_t *o, const uint8_t *p)
{
    cosem_obis_t obis;
    char text[COSEM_OBIS_TEXT_MAX];
    memcpy(obis.v, p, 6);
    put_str(o, " (");
    put(o, text, cosem_obis_format(&obis, COSEM_OBIS_STYLE_DOTTED, text, sizeof text));
    put_ch(o, ')');
}
#else
/* OBIS text is compiled out: no reading. */
static void put_obis_reading(out_t *o, const uint8_t *p)
{
    (void)o;
    (void)p;
}
#endif

/* Appends ` (reading)` for octet-strings that look like an OBIS code or a
 * valid date-time, date or time. */
static void put_reading(out_t *o, const uint8_t *p, size_t n)
{
    cosem_datetime_t dt;
    uint8_t type;
    if (n == 6) {
        put_obis_reading(o, p);
        return;
    }
    if (n == COSEM_DATETIME_SIZE) {
        cosem_datetime_decode(&dt, p);
        type = COSEM_AXDR_DATE_TIME;
    } else if (n == COSEM_DATE_SIZE) {
        cosem_date_decode(&dt, p);
        type = COSEM_AXDR_DATE;
    } else if (n == COSEM_TIME_SIZE) {
        cosem_time_decode(&dt, p);
        type = COSEM_AXDR_TIME;
    } else {
        return;
    }
    if (cosem_datetime_validate(&dt) == COSEM_OK) {
        put_str(o, " (");
        put_dt(o, &dt, type);
        put_status(o, &dt, type);
        put_ch(o, ')');
    }
}

/* ---- One node ---------------------------------------------------------------- */

/* Appends the value of a primitive that is the same in text and JSON but
 * for quoting: numbers, floats, dates; returns false for other types. */
static bool put_scalar(out_t *o, const cosem_value_node_t *nd, bool json)
{
    uint8_t t = nd->type;
    if (cosem_axdr_is_integer(t) && cosem_axdr_is_signed(t)) {
        put_i64(o, nd->v.i);
    } else if (cosem_axdr_is_integer(t)) {
        put_u64(o, nd->v.u);
    } else if (t == COSEM_AXDR_FLOAT32 || t == COSEM_AXDR_FLOAT64) {
        put_float(o, nd->v.u, t == COSEM_AXDR_FLOAT64, json);
    } else if (t == COSEM_AXDR_DATE_TIME || t == COSEM_AXDR_DATE || t == COSEM_AXDR_TIME) {
        if (json) {
            put_ch(o, '"');
        }
        put_dt(o, &nd->v.dt, t);
        if (json) {
            put_ch(o, '"');
        } else {
            put_status(o, &nd->v.dt, t);
        }
    } else {
        return false;
    }
    return true;
}

/* Appends the bits of a bit-string as 0/1 digits. */
static void put_bits(out_t *o, const uint8_t *p, uint32_t nbits)
{
    uint32_t i;
    for (i = 0; i < nbits; i++) {
        put_ch(o, (p[i / 8u] >> (7u - i % 8u)) & 1u ? '1' : '0');
    }
}

/* Appends the text line of a node (without indent and newline). */
static void put_text_node(out_t *o, const cosem_value_node_t *nd)
{
    uint8_t t = nd->type;
    bool sized = t == COSEM_AXDR_ARRAY || t == COSEM_AXDR_STRUCTURE ||
                 t == COSEM_AXDR_COMPACT_ARRAY || t == COSEM_AXDR_BIT_STRING;
    put_str(o, cosem_axdr_type_name(t));
    if (sized || t == COSEM_AXDR_OCTET_STRING || t == COSEM_AXDR_VISIBLE_STRING ||
        t == COSEM_AXDR_UTF8_STRING) {
        put_ch(o, '[');
        put_u64(o, sized ? nd->count : nd->len);
        put_ch(o, ']');
    }
    if (t == COSEM_AXDR_BOOLEAN) {
        put_str(o, nd->v.i != 0 ? " true" : " false");
    } else if (t == COSEM_AXDR_BCD) {
        put_str(o, " 0x");
        put_hex2(o, (uint8_t)nd->v.u, true);
    } else if (t == COSEM_AXDR_BIT_STRING && nd->count > 0) {
        put_ch(o, ' ');
        put_bits(o, nd->data, nd->count);
    } else if (t == COSEM_AXDR_OCTET_STRING && nd->len > 0) {
        put_ch(o, ' ');
        put_hex(o, nd->data, nd->len, true);
        put_reading(o, nd->data, nd->len);
    } else if (t == COSEM_AXDR_VISIBLE_STRING || t == COSEM_AXDR_UTF8_STRING) {
        put_ch(o, ' ');
        put_quoted(o, nd->data, nd->len, t == COSEM_AXDR_UTF8_STRING);
    } else if (cosem_axdr_fixed_size(t) > 0) {
        put_ch(o, ' ');
        put_scalar(o, nd, false);
    }
}

/* Appends the JSON value of a primitive. */
static void put_json_primitive(out_t *o, const cosem_value_node_t *nd)
{
    uint8_t t = nd->type;
    if (t == COSEM_AXDR_NULL_DATA || t == COSEM_AXDR_DONT_CARE) {
        put_str(o, "null");
    } else if (t == COSEM_AXDR_BOOLEAN) {
        put_str(o, nd->v.i != 0 ? "true" : "false");
    } else if (t == COSEM_AXDR_BCD) {
        put_u64(o, nd->v.u);
    } else if (t == COSEM_AXDR_OCTET_STRING || t == COSEM_AXDR_BIT_STRING) {
        put_ch(o, '"');
        put_hex(o, nd->data, nd->len, false);
        put_ch(o, '"');
    } else if (t == COSEM_AXDR_VISIBLE_STRING || t == COSEM_AXDR_UTF8_STRING) {
        put_quoted(o, nd->data, nd->len, t == COSEM_AXDR_UTF8_STRING);
    } else {
        put_scalar(o, nd, true);
    }
}

/* ---- Tree ------------------------------------------------------------------ */

/* Whether a tag opens a container. */
static bool is_container(uint8_t t)
{
    return t == COSEM_AXDR_ARRAY || t == COSEM_AXDR_STRUCTURE || t == COSEM_AXDR_COMPACT_ARRAY;
}

/* JSON: separator and line break before an element at level. */
static void json_begin(out_t *o, unsigned level)
{
    bool pretty = (o->flags & COSEM_VALUE_PRINT_COMPACT) == 0;
    if (o->comma) {
        put_ch(o, ',');
    }
    if (pretty && level > 0) {
        put_ch(o, '\n');
        put_indent(o, level);
    }
}

/* JSON: a node entered (a primitive, or a container's opening). */
static void json_enter(out_t *o, const cosem_value_node_t *nd, unsigned level)
{
    bool pretty = (o->flags & COSEM_VALUE_PRINT_COMPACT) == 0;
    json_begin(o, level);
    if ((o->flags & COSEM_VALUE_PRINT_TYPED) != 0) {
        put_str(o, "{\"type\":");
        put_str(o, pretty ? " \"" : "\"");
        put_str(o, cosem_axdr_type_name(nd->type));
        put_str(o, pretty ? "\", \"value\": " : "\",\"value\":");
    }
    if (is_container(nd->type)) {
        put_ch(o, '[');
        o->comma = false;
        return;
    }
    put_json_primitive(o, nd);
    if ((o->flags & COSEM_VALUE_PRINT_TYPED) != 0) {
        put_ch(o, '}');
    }
    o->comma = true;
}

/* JSON: a container closed. */
static void json_leave(out_t *o, const cosem_value_node_t *nd, size_t idx, unsigned level)
{
    if ((o->flags & COSEM_VALUE_PRINT_COMPACT) == 0 && nd->next > idx + 1u) {
        put_ch(o, '\n');
        put_indent(o, level);
    }
    put_ch(o, ']');
    if ((o->flags & COSEM_VALUE_PRINT_TYPED) != 0) {
        put_ch(o, '}');
    }
    o->comma = true;
}

/* Checks the whole tree before anything is printed. */
static cosem_status_t check_tree(const cosem_value_node_t *nodes, size_t count)
{
    cosem_value_walk_t w;
    size_t idx;
    if (cosem_value_walk_init(&w, nodes, count, 0) == COSEM_OK) {
        while (cosem_value_walk_next(&w, &idx) != COSEM_VALUE_WALK_DONE) {
        }
    }
    return w.err;
}

cosem_status_t cosem_value_print(const cosem_value_node_t *nodes, size_t count, unsigned flags,
                                 cosem_value_sink_fn sink, void *user)
{
    cosem_value_walk_t w;
    out_t o;
    size_t idx = 0;
    int step;
    bool json = (flags & COSEM_VALUE_PRINT_JSON) != 0;
    if (sink == NULL || check_tree(nodes, count) != COSEM_OK) {
        return COSEM_E_ARG;
    }
    memset(&o, 0, sizeof o);
    o.sink = sink;
    o.user = user;
    o.flags = flags;
    cosem_value_walk_init(&w, nodes, count, 0);
    while (o.err == COSEM_OK && (step = cosem_value_walk_next(&w, &idx)) != COSEM_VALUE_WALK_DONE) {
        if (json) {
            if (step == COSEM_VALUE_WALK_ENTER) {
                json_enter(&o, &nodes[idx], w.level);
            } else {
                json_leave(&o, &nodes[idx], idx, w.level);
            }
        } else if (step == COSEM_VALUE_WALK_ENTER) {
            put_indent(&o, w.level);
            put_text_node(&o, &nodes[idx]);
            put_ch(&o, '\n');
        }
    }
    if (json && (flags & COSEM_VALUE_PRINT_COMPACT) == 0) {
        put_ch(&o, '\n');
    }
    flush(&o);
    return o.err;
}

/* Sink of cosem_value_print_buf(): copies what fits, counts everything. */
typedef struct buf_sink {
    char *buf;
    size_t cap;
    size_t len;
} buf_sink_t;

/* Copies into the buffer, keeping room for the NUL; never stops. */
static int buf_sink(void *user, const char *text, size_t len)
{
    buf_sink_t *b = (buf_sink_t *)user;
    if (b->len + 1u < b->cap) {
        size_t room = b->cap - 1u - b->len;
        memcpy(b->buf + b->len, text, len < room ? len : room);
    }
    b->len += len;
    return 0;
}

cosem_status_t cosem_value_print_buf(const cosem_value_node_t *nodes, size_t count,
                                     unsigned flags, char *buf, size_t cap, size_t *len)
{
    buf_sink_t b;
    cosem_status_t st;
    b.buf = buf;
    b.cap = buf != NULL ? cap : 0u;
    b.len = 0;
    st = cosem_value_print(nodes, count, flags, buf_sink, &b);
    if (st != COSEM_OK) {
        b.len = 0;
    }
    if (b.cap > 0) {
        buf[b.len < b.cap ? b.len : b.cap - 1u] = '\0';
    }
    if (len != NULL) {
        *len = b.len;
    }
    if (st != COSEM_OK) {
        return st;
    }
    return b.len < b.cap ? COSEM_OK : COSEM_E_NOSPACE;
}

#else
typedef int cosem_value_print_empty_t;
#endif /* COSEM_WITH_VALUE_PRINT && COSEM_WITH_VALUE_TREE */
