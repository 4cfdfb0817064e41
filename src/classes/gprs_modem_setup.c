/* SPDX-License-Identifier: Apache-2.0 */
/* GPRS modem setup (class 45, version 0): APN, write-only PIN code and
 * the default and requested quality of service. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_GPRS_MODEM_SETUP

/* QoS_element ::= structure {precedence, delay, reliability, peak, mean}. */
static void qos_write(cosem_axdr_writer_t *w, const cosem_gprs_qos_t *q)
{
    cosem_axdr_write_structure(w, 5);
    cosem_axdr_write_u8(w, q->precedence);
    cosem_axdr_write_u8(w, q->delay);
    cosem_axdr_write_u8(w, q->reliability);
    cosem_axdr_write_u8(w, q->peak_throughput);
    cosem_axdr_write_u8(w, q->mean_throughput);
}

/* Reads one QoS_element. */
static cosem_dar_t qos_read(cosem_axdr_reader_t *v, cosem_gprs_qos_t *q)
{
    uint8_t *f[5];
    size_t n = 0;
    f[0] = &q->precedence;
    f[1] = &q->delay;
    f[2] = &q->reliability;
    f[3] = &q->peak_throughput;
    f[4] = &q->mean_throughput;
    if (cosem_axdr_read_structure(v, &n) != COSEM_OK || n != 5u) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    for (size_t i = 0; i < 5u; ++i) {
        uint32_t x = 0;
        if (cosem_comm_read_uint(v, COSEM_AXDR_UNSIGNED, 0u, 0xFFu, &x) != COSEM_DAR_SUCCESS) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *f[i] = (uint8_t)x;
    }
    return COSEM_DAR_SUCCESS;
}

/* An APN: labels of letters, digits and '-' separated by '.' (3GPP TS
 * 23.003 9.1); empty allowed. */
static bool apn_ok(const uint8_t *p, size_t n)
{
    size_t label = 0;
    for (size_t i = 0; i < n; ++i) {
        uint8_t c = p[i];
        if (c == '.') {
            if (label == 0u) {
                return false;
            }
            label = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-') {
            ++label;
        } else {
            return false;
        }
    }
    return n == 0u || label != 0u;
}

/* Attributes 2 and 4; the PIN code (3) is never read. */
static cosem_dar_t gprs_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_gprs_modem_setup_t *d = (const cosem_gprs_modem_setup_t *)r->obj->data;
    switch (r->id) {
    case 2: cosem_comm_write_string(w, COSEM_AXDR_OCTET_STRING, &d->apn); break;
    case 3: return COSEM_DAR_READ_WRITE_DENIED;
    case 4:
        cosem_axdr_write_structure(w, 2);
        qos_write(w, d->qos_default);
        qos_write(w, d->qos_requested);
        break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* SET of attributes 2..4, each checked whole first. */
static cosem_dar_t gprs_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_gprs_modem_setup_t *d = (const cosem_gprs_modem_setup_t *)r->obj->data;
    cosem_gprs_qos_t q[2];
    uint32_t x = 0;
    size_t n = 0;
    cosem_dar_t dar;
    switch (r->id) {
    case 2: dar = cosem_comm_read_string(v, COSEM_AXDR_OCTET_STRING, &d->apn, apn_ok); break;
    case 3:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, 0u, 0xFFFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->pin_code = (uint16_t)x; }
        break;
    case 4:
        dar = cosem_axdr_read_structure(v, &n) == COSEM_OK && n == 2u ? COSEM_DAR_SUCCESS
                                                                      : COSEM_DAR_TYPE_UNMATCHED;
        for (size_t i = 0; i < 2u && dar == COSEM_DAR_SUCCESS; ++i) {
            dar = qos_read(v, &q[i]);
        }
        if (dar == COSEM_DAR_SUCCESS) {
            *d->qos_default = q[0];
            *d->qos_requested = q[1];
        }
        break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* Every variable is required. */
static cosem_status_t gprs_check(const cosem_object_t *obj)
{
    const cosem_gprs_modem_setup_t *d = (const cosem_gprs_modem_setup_t *)obj->data;
    return d != NULL && cosem_comm_string_ok(&d->apn) && d->pin_code != NULL &&
                   d->qos_default != NULL && d->qos_requested != NULL
               ? COSEM_OK
               : COSEM_E_ARG;
}

const cosem_class_t cosem_class_gprs_modem_setup = {
    45u, 0u, 4u, 0u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(4)),
    0u, 0u,
    gprs_get, gprs_set, NULL, NULL, gprs_check,
};

#else
typedef int cosem_gprs_modem_setup_empty_t;
#endif
