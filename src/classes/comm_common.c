/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the communication classes: checked reads of SET
 * values into application variables, string attributes, the change hook. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_COMM_ANY

#include <string.h>

#include "common/mem_internal.h"

/* One unsigned Data of exactly type t, within lo..hi. */
cosem_dar_t cosem_comm_read_uint(cosem_axdr_reader_t *v, uint8_t t, uint32_t lo, uint32_t hi,
                                 uint32_t *out)
{
    uint8_t got = 0;
    int64_t x = 0;
    if (cosem_axdr_peek_type(v, &got) != COSEM_OK || got != t ||
        cosem_axdr_read_int(v, &got, &x) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (x < (int64_t)lo || x > (int64_t)hi) {
        return COSEM_DAR_OTHER_REASON;
    }
    *out = (uint32_t)x;
    return COSEM_DAR_SUCCESS;
}

/* An unsigned number as a Data of type t. */
cosem_status_t cosem_comm_write_uint(cosem_axdr_writer_t *w, uint8_t t, uint32_t x)
{
    return cosem_axdr_write_int(w, t, (int64_t)x);
}

/* A string attribute as one Data. */
cosem_status_t cosem_comm_write_string(cosem_axdr_writer_t *w, uint8_t t,
                                       const cosem_comm_string_t *s)
{
    cosem_vref_t v = COSEM_VREF_STR(t, s->buf, s->len, s->cap);
    return cosem_vref_write(w, &v);
}

/* A string Data of type t, not stored: a pointer into the request. */
cosem_dar_t cosem_comm_peek_string(cosem_axdr_reader_t *v, uint8_t t, size_t cap,
                                   const uint8_t **p, size_t *n)
{
    const char *c = NULL;
    cosem_status_t st;
    if (t == COSEM_AXDR_VISIBLE_STRING) {
        st = cosem_axdr_read_visible_string(v, &c, n);
        *p = (const uint8_t *)c;
    } else {
        st = cosem_axdr_read_octet_string(v, p, n);
    }
    return st != COSEM_OK || *n > cap ? COSEM_DAR_TYPE_UNMATCHED : COSEM_DAR_SUCCESS;
}

/* Checked octets into a string attribute. */
void cosem_comm_store_string(const cosem_comm_string_t *s, const uint8_t *p, size_t n)
{
    if (n != 0u) {
        cosem_mem_move(s->buf, p, n);
    }
    *s->len = (uint16_t)n;
}

/* A string Data into a string attribute, checked first. */
cosem_dar_t cosem_comm_read_string(cosem_axdr_reader_t *v, uint8_t t,
                                   const cosem_comm_string_t *s, cosem_comm_check_fn ok)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    cosem_dar_t dar = cosem_comm_peek_string(v, t, s->cap, &p, &n);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    if (ok != NULL && !ok(p, n)) {
        return COSEM_DAR_OTHER_REASON;
    }
    cosem_comm_store_string(s, p, n);
    return COSEM_DAR_SUCCESS;
}

/* Whether a label is all digits (then the name must be a dotted quad). */
static bool all_digits(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') {
            return false;
        }
    }
    return true;
}

/* One label of a host name: 1..63 letters, digits, '-' not at its ends. */
static bool label_ok(const uint8_t *p, size_t n)
{
    if (n == 0u || n > 63u || p[0] == '-' || p[n - 1u] == '-') {
        return false;
    }
    for (size_t i = 0; i < n; ++i) {
        uint8_t c = p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-')) {
            return false;
        }
    }
    return true;
}

/* A dotted IPv4 address: exactly four parts, each 1..3 digits and <= 255. */
static bool dotted_quad_ok(const uint8_t *p, size_t n)
{
    size_t parts = 0, i = 0;
    while (i <= n) {
        size_t j = i;
        unsigned x = 0;
        while (j < n && p[j] != '.') {
            x = x * 10u + (unsigned)(p[j] - '0');
            ++j;
            if (j - i > 3u) {
                return false;
            }
        }
        if (j == i || x > 255u) {
            return false;
        }
        ++parts;
        i = j + 1u;
    }
    return parts == 4u;
}

/* A host name or a dotted IPv4 address; empty means unset. */
bool cosem_comm_host_ok(const uint8_t *p, size_t n)
{
    size_t i = 0;
    bool numeric = true;
    if (n == 0u) {
        return true;
    }
    while (i <= n) {
        size_t j = i;
        while (j < n && p[j] != '.') {
            ++j;
        }
        if (!label_ok(p + i, j - i)) {
            return false;
        }
        numeric = numeric && all_digits(p + i, j - i);
        i = j + 1u;
    }
    return numeric ? dotted_quad_ok(p, n) : true;
}

/* 0 (unassigned) or a unicast address: not 0.x.x.x, not class D/E. */
bool cosem_comm_ipv4_station_ok(uint32_t a)
{
    return a == 0u || ((a >> 24) != 0u && a < 0xE0000000u);
}

/* An octet-string of exactly n octets. */
cosem_dar_t cosem_comm_read_fixed(cosem_axdr_reader_t *v, uint8_t *out, size_t n)
{
    const uint8_t *p = NULL;
    size_t len = 0;
    if (cosem_axdr_read_octet_string(v, &p, &len) != COSEM_OK || len != n) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    cosem_mem_move(out, p, n);
    return COSEM_DAR_SUCCESS;
}

/* The writer's outcome as a data-access-result. */
cosem_dar_t cosem_comm_dar(const cosem_axdr_writer_t *w)
{
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* The change hook after a successful SET (id > 0) or method (id < 0). */
cosem_dar_t cosem_comm_changed(const cosem_req_t *r, cosem_comm_changed_fn fn, cosem_dar_t dar)
{
    if (dar == COSEM_DAR_SUCCESS && fn != NULL) {
        fn(r->obj, r->service == COSEM_SERVICE_ACTION ? (int8_t)-r->id : r->id);
    }
    return dar;
}

/* integer(0) or null-data as a method parameter. */
cosem_dar_t cosem_comm_read_zero(cosem_axdr_reader_t *p)
{
    int8_t zero = 0;
    uint8_t t = 0;
    if (cosem_axdr_peek_type(p, &t) == COSEM_OK && t == COSEM_AXDR_NULL_DATA) {
        return cosem_axdr_read_null(p) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_TYPE_UNMATCHED;
    }
    return cosem_axdr_read_i8(p, &zero) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_TYPE_UNMATCHED;
}

/* A string attribute needs its buffer and length variable. */
bool cosem_comm_string_ok(const cosem_comm_string_t *s)
{
    return s->len != NULL && (s->buf != NULL || s->cap == 0u) && *s->len <= s->cap;
}

#else
typedef int cosem_comm_common_empty_t;
#endif
