/* SPDX-License-Identifier: Apache-2.0 */
/* IEC HDLC setup (class 23, version 1): the HDLC station's own
 * configuration as attributes, so that what a client sets is what the
 * next SNRM negotiates and the time-outs the station applies. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_WITH_HDLC && COSEM_CLASS_IEC_HDLC_SETUP

/* Baud-rate code reported when the application keeps none (9600). */
#define HDLC_SPEED_9600 5u
/* Blue Book ranges of the attributes. */
#define HDLC_SPEED_MAX 9u
#define HDLC_INTER_OCTET_MIN 20u
#define HDLC_INTER_OCTET_MAX 6000u

/* Attributes 2..9. */
static cosem_dar_t hdlc_setup_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_iec_hdlc_setup_t *d = (const cosem_iec_hdlc_setup_t *)r->obj->data;
    const cosem_hdlc_config_t *c = cosem_hdlc_config(d->station);
    switch (r->id) {
    case 2: cosem_axdr_write_enum(w, d->comm_speed != NULL ? *d->comm_speed : HDLC_SPEED_9600); break;
    case 3: cosem_axdr_write_u8(w, c->params.window_tx); break;
    case 4: cosem_axdr_write_u8(w, c->params.window_rx); break;
    case 5: cosem_axdr_write_u16(w, c->params.max_info_tx); break;
    case 6: cosem_axdr_write_u16(w, c->params.max_info_rx); break;
    case 7:
        cosem_comm_write_uint(w, COSEM_AXDR_LONG_UNSIGNED,
                              c->inter_frame_timeout_ms > 0xFFFFu ? 0xFFFFu : c->inter_frame_timeout_ms);
        break;
    case 8:
        cosem_comm_write_uint(w, COSEM_AXDR_LONG_UNSIGNED,
                              c->inactivity_timeout_ms / 1000u > 0xFFFFu
                                  ? 0xFFFFu : c->inactivity_timeout_ms / 1000u);
        break;
    case 9: cosem_axdr_write_u16(w, cosem_hdlc_address(d->station)); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* Attributes 3..6: one link parameter into a copy, then all four checked
 * together by the station (range and buffer size). */
static cosem_dar_t hdlc_setup_set_param(cosem_hdlc_t *h, int8_t id, cosem_axdr_reader_t *v)
{
    cosem_hdlc_params_t p = cosem_hdlc_config(h)->params;
    uint32_t x = 0;
    cosem_dar_t dar;
    if (id <= 4) {
        dar = cosem_comm_read_uint(v, COSEM_AXDR_UNSIGNED, 1u, COSEM_HDLC_MAX_WINDOW, &x);
    } else {
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, COSEM_HDLC_MIN_INFO,
                                   COSEM_HDLC_MAX_INFO, &x);
    }
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    switch (id) {
    case 3: p.window_tx = (uint8_t)x; break;
    case 4: p.window_rx = (uint8_t)x; break;
    case 5: p.max_info_tx = (uint16_t)x; break;
    default: p.max_info_rx = (uint16_t)x; break;
    }
    return cosem_hdlc_set_params(h, &p) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Attributes 7 and 8: time-outs (inter-octet in ms, inactivity in s). */
static cosem_dar_t hdlc_setup_set_timeout(cosem_hdlc_t *h, int8_t id, cosem_axdr_reader_t *v)
{
    const cosem_hdlc_config_t *c = cosem_hdlc_config(h);
    uint32_t x = 0;
    cosem_dar_t dar;
    if (id == 7) {
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, HDLC_INTER_OCTET_MIN,
                                   HDLC_INTER_OCTET_MAX, &x);
        if (dar == COSEM_DAR_SUCCESS) {
            (void)cosem_hdlc_set_timeouts(h, c->inactivity_timeout_ms, x);
        }
        return dar;
    }
    dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, 0u, 0xFFFFu, &x);
    if (dar == COSEM_DAR_SUCCESS) {
        (void)cosem_hdlc_set_timeouts(h, x * 1000u, c->inter_frame_timeout_ms);
    }
    return dar;
}

/* SET of attributes 2..9; each value checked before the station changes. */
static cosem_dar_t hdlc_setup_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_iec_hdlc_setup_t *d = (const cosem_iec_hdlc_setup_t *)r->obj->data;
    uint32_t x = 0;
    cosem_dar_t dar;
    if (r->id == 2) {
        if (d->comm_speed == NULL) {
            return COSEM_DAR_READ_WRITE_DENIED;
        }
        dar = cosem_comm_read_uint(v, COSEM_AXDR_ENUM, 0u, HDLC_SPEED_MAX, &x);
        if (dar == COSEM_DAR_SUCCESS) {
            *d->comm_speed = (uint8_t)x;
        }
    } else if (r->id >= 3 && r->id <= 6) {
        dar = hdlc_setup_set_param(d->station, r->id, v);
    } else if (r->id == 7 || r->id == 8) {
        dar = hdlc_setup_set_timeout(d->station, r->id, v);
    } else if (r->id == 9) {
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, 0u, 0xFFFFu, &x);
        if (dar == COSEM_DAR_SUCCESS && cosem_hdlc_set_address(d->station, (uint16_t)x) != COSEM_OK) {
            dar = COSEM_DAR_OTHER_REASON;
        }
    } else {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* An object needs its secondary station. */
static cosem_status_t hdlc_setup_check(const cosem_object_t *obj)
{
    const cosem_iec_hdlc_setup_t *d = (const cosem_iec_hdlc_setup_t *)obj->data;
    if (d == NULL || d->station == NULL ||
        cosem_hdlc_config(d->station)->role != COSEM_HDLC_SECONDARY ||
        (d->comm_speed != NULL && *d->comm_speed > HDLC_SPEED_MAX)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_iec_hdlc_setup = {
    23u, 1u, 9u, 0u,
    (uint16_t)0x01FFu,
    0u, 0u,
    hdlc_setup_get, hdlc_setup_set, NULL, NULL, hdlc_setup_check,
};

#else
typedef int cosem_iec_hdlc_setup_empty_t;
#endif
