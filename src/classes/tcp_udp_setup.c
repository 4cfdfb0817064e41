/* SPDX-License-Identifier: Apache-2.0 */
/* TCP-UDP setup (class 41, version 0): port, IP setup reference, MSS,
 * simultaneous connections and inactivity time-out, in the application's
 * variables. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_TCP_UDP_SETUP

/* Smallest MSS the Blue Book allows. */
#define TCP_MSS_MIN 40u

/* Attributes 2..6. */
static cosem_dar_t tcp_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_tcp_udp_setup_t *d = (const cosem_tcp_udp_setup_t *)r->obj->data;
    switch (r->id) {
    case 2: cosem_axdr_write_u16(w, *d->port); break;
    case 3: cosem_axdr_write_octet_string(w, d->ip_reference, 6); break;
    case 4: cosem_axdr_write_u16(w, *d->mss); break;
    case 5: cosem_axdr_write_u8(w, *d->max_connections); break;
    case 6: cosem_axdr_write_u16(w, *d->inactivity_s); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* Attributes 2..6, each range checked before it is stored. */
static cosem_dar_t tcp_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_tcp_udp_setup_t *d = (const cosem_tcp_udp_setup_t *)r->obj->data;
    uint32_t x = 0;
    cosem_dar_t dar;
    switch (r->id) {
    case 2:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, 1u, 0xFFFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->port = (uint16_t)x; }
        break;
    case 3: dar = cosem_comm_read_fixed(v, d->ip_reference, 6); break;
    case 4:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, TCP_MSS_MIN, 0xFFFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->mss = (uint16_t)x; }
        break;
    case 5:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_UNSIGNED, 1u, 0xFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->max_connections = (uint8_t)x; }
        break;
    case 6:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, 0u, 0xFFFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->inactivity_s = (uint16_t)x; }
        break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* Every variable is required. */
static cosem_status_t tcp_check(const cosem_object_t *obj)
{
    const cosem_tcp_udp_setup_t *d = (const cosem_tcp_udp_setup_t *)obj->data;
    return d != NULL && d->port != NULL && d->ip_reference != NULL && d->mss != NULL &&
                   d->max_connections != NULL && d->inactivity_s != NULL
               ? COSEM_OK
               : COSEM_E_ARG;
}

const cosem_class_t cosem_class_tcp_udp_setup = {
    41u, 0u, 6u, 0u,
    (uint16_t)0x003Fu,
    0u, 0u,
    tcp_get, tcp_set, NULL, NULL, tcp_check,
};

#else
typedef int cosem_tcp_udp_setup_empty_t;
#endif
