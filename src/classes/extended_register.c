/* SPDX-License-Identifier: Apache-2.0 */
/* Extended register (class 4, version 0): a register with status and the
 * time its value was captured. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_EXTENDED_REGISTER

#include <cosem/metering.h>
#include <cosem/server.h>

#include "metering_internal.h"

/* The application records when it captured the value. */
cosem_status_t cosem_extended_register_capture(const cosem_object_t *obj,
                                               const cosem_datetime_t *now)
{
    const cosem_extended_register_t *x;
    if (obj == NULL || now == NULL || obj->cls != &cosem_class_extended_register ||
        obj->data == NULL) {
        return COSEM_E_ARG;
    }
    x = (const cosem_extended_register_t *)obj->data;
    if (x->capture_time == NULL) {
        return COSEM_E_ARG;
    }
    *x->capture_time = *now;
    return COSEM_OK;
}

/* GET value (2), scaler_unit (3), status (4), capture_time (5). */
static cosem_dar_t ext_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_extended_register_t *x = (const cosem_extended_register_t *)r->obj->data;
    if (r->id == 4) {
        cosem_vref_write(w, &x->status);
    } else if (r->id == 5) {
        cosem_datetime_t dt;
        cosem_datetime_clear(&dt);
        cosem_axdr_write_datetime_os(w, x->capture_time != NULL ? x->capture_time : &dt);
    } else {
        return cosem_meter_get_register(&x->reg, r->id, w);
    }
    return cosem_meter_dar(w);
}

/* SET value (2) and status (4) when the type matches; the others are the
 * class's (scaler_unit constant, capture_time set by the meter). */
static cosem_dar_t ext_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_extended_register_t *x = (const cosem_extended_register_t *)r->obj->data;
    switch (r->id) {
    case 2: return cosem_vref_read(v, &x->reg.value);
    case 4:
        return x->status.type == COSEM_AXDR_NULL_DATA ? COSEM_DAR_READ_WRITE_DENIED
                                                      : cosem_vref_read(v, &x->status);
    case 3:
    case 5: return COSEM_DAR_READ_WRITE_DENIED;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
}

/* Method reset (1): value 0, capture_time the port's time now. */
static cosem_dar_t ext_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                              cosem_axdr_writer_t *ret)
{
    const cosem_extended_register_t *x = (const cosem_extended_register_t *)r->obj->data;
    cosem_dar_t dar;
    (void)ret;
    if (r->id != 1) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = cosem_meter_reset_param(params);
    if (dar == COSEM_DAR_SUCCESS) {
        dar = cosem_meter_zero(&x->reg.value);
    }
    if (dar == COSEM_DAR_SUCCESS && x->capture_time != NULL) {
        (void)cosem_port_time_get(cosem_meter_port(r->server), x->capture_time);
    }
    return dar;
}

/* Description present, value and status references usable. */
static cosem_status_t ext_check(const cosem_object_t *obj)
{
    const cosem_extended_register_t *x = (const cosem_extended_register_t *)obj->data;
    if (x == NULL || cosem_meter_check_vref(&x->reg.value, false) != COSEM_OK) {
        return COSEM_E_ARG;
    }
    return cosem_meter_check_vref(&x->status, true);
}

const cosem_class_t cosem_class_extended_register = {
    4, 0, 5, 1,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3) | COSEM_ATTR(4) | COSEM_ATTR(5)),
    0, 0,
    ext_get, ext_set, ext_action, NULL, ext_check
};

#else
typedef int cosem_extended_register_empty_t;
#endif
