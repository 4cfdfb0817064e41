/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the classes that watch another object's attribute (Limiter,
 * Register monitor): value definitions, numeric thresholds, sampling. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && (COSEM_CLASS_LIMITER || COSEM_CLASS_REGISTER_MONITOR || \
                          COSEM_CLASS_PARAMETER_MONITOR)

#include <cosem/control.h>
#include <cosem/server.h>

#include "control_internal.h"

/* value_definition ::= structure {class_id, logical_name, attribute_index}. */
cosem_status_t cosem_ctl_read_value_def(cosem_axdr_reader_t *r, cosem_value_def_t *d)
{
    size_t n = 0;
    if (cosem_axdr_read_structure(r, &n) != COSEM_OK || n != 3u) {
        return cosem_axdr_reader_fail(r, COSEM_E_TYPE);
    }
    (void)cosem_axdr_read_u16(r, &d->class_id);
    (void)cosem_axdr_read_octet_string_fixed(r, d->obis, 6);
    return cosem_axdr_read_i8(r, &d->attr);
}

cosem_status_t cosem_ctl_write_value_def(cosem_axdr_writer_t *w, const cosem_value_def_t *d)
{
    (void)cosem_axdr_write_structure(w, 3);
    (void)cosem_axdr_write_u16(w, d->class_id);
    (void)cosem_axdr_write_octet_string(w, d->obis, 6);
    return cosem_axdr_write_i8(w, d->attr);
}

/* Any integer-family value; its type is kept for writing it back. */
cosem_status_t cosem_ctl_read_threshold(cosem_axdr_reader_t *r, cosem_threshold_t *t)
{
    uint8_t type = 0;
    if (cosem_axdr_peek_type(r, &type) != COSEM_OK || !cosem_axdr_is_integer(type)) {
        return cosem_axdr_reader_fail(r, COSEM_E_TYPE);
    }
    t->type = type;
    return cosem_axdr_read_int(r, &t->type, &t->value);
}

/* A number out of one Data: integers, boolean, floats (truncated). */
static cosem_status_t read_number(cosem_axdr_reader_t *r, int64_t *out)
{
    uint8_t t = 0;
    bool b = false;
    if (cosem_axdr_peek_type(r, &t) != COSEM_OK) {
        return COSEM_E_TYPE;
    }
    if (cosem_axdr_is_integer(t)) {
        return cosem_axdr_read_int(r, &t, out);
    }
    if (t == COSEM_AXDR_BOOLEAN && cosem_axdr_read_bool(r, &b) == COSEM_OK) {
        *out = b ? 1 : 0;
        return COSEM_OK;
    }
#if COSEM_WITH_FLOAT
    if (t == COSEM_AXDR_FLOAT32 || t == COSEM_AXDR_FLOAT64) {
        double d = 0.0;
        float f = 0.0f;
        cosem_status_t st = t == COSEM_AXDR_FLOAT32 ? cosem_axdr_read_f32(r, &f)
                                                     : cosem_axdr_read_f64(r, &d);
        if (t == COSEM_AXDR_FLOAT32) {
            d = (double)f;
        }
        if (st != COSEM_OK || !(d > -9.2e18 && d < 9.2e18)) {
            return COSEM_E_TYPE;
        }
        *out = (int64_t)d;
        return COSEM_OK;
    }
#endif
    return COSEM_E_TYPE;
}

/* Read the watched attribute as the server and decode it. */
cosem_status_t cosem_ctl_sample(cosem_server_t *s, const cosem_value_def_t *d, int64_t *out)
{
    uint8_t buf[24];
    cosem_axdr_writer_t w;
    cosem_axdr_reader_t r;
    const cosem_object_t *o = cosem_server_find(s, d->obis);
    if (o == NULL || o->cls->class_id != d->class_id) {
        return COSEM_E_NOTFOUND;
    }
    cosem_axdr_writer_init(&w, buf, sizeof buf);
    if (cosem_server_read(s, o, d->attr, &w) != COSEM_DAR_SUCCESS) {
        return COSEM_E_NOTFOUND;
    }
    cosem_axdr_reader_init(&r, buf, cosem_axdr_writer_len(&w));
    return read_number(&r, out);
}

/* The port's monotonic milliseconds, or one second per call without one. */
uint32_t cosem_ctl_now_ms(cosem_server_t *s, uint32_t last)
{
    const cosem_port_t *p = cosem_server_port(s);
    return p->now_ms != NULL ? p->now_ms(p->user) : last + 1000u;
}

/* Reader/writer failures as data-access-results: a value of another shape
 * is type-unmatched; anything else other-reason. */
cosem_dar_t cosem_ctl_dar(cosem_status_t st)
{
    if (st == COSEM_OK) {
        return COSEM_DAR_SUCCESS;
    }
    return st == COSEM_E_RANGE ? COSEM_DAR_OTHER_REASON : COSEM_DAR_TYPE_UNMATCHED;
}

#else
typedef int cosem_control_common_empty_t;
#endif
