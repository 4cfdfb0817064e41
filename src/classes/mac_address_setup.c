/* SPDX-License-Identifier: Apache-2.0 */
/* MAC address setup (class 43, version 0): the EUI-48 address in the
 * application's memory. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_MAC_ADDRESS_SETUP

#include <string.h>

#include "common/mem_internal.h"

/* Attribute 2: octet-string of 6. */
static cosem_dar_t mac_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_mac_address_setup_t *d = (const cosem_mac_address_setup_t *)r->obj->data;
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    cosem_axdr_write_octet_string(w, d->mac, 6);
    return cosem_comm_dar(w);
}

/* Attribute 2: 6 octets of an individual (not group) address. */
static cosem_dar_t mac_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_mac_address_setup_t *d = (const cosem_mac_address_setup_t *)r->obj->data;
    const uint8_t *p = NULL;
    size_t n = 0;
    cosem_dar_t dar;
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = cosem_comm_peek_string(v, COSEM_AXDR_OCTET_STRING, 6u, &p, &n);
    if (dar == COSEM_DAR_SUCCESS && n != 6u) {
        dar = COSEM_DAR_TYPE_UNMATCHED;
    } else if (dar == COSEM_DAR_SUCCESS && (p[0] & 0x01u) != 0u) {
        dar = COSEM_DAR_OTHER_REASON;
    } else if (dar == COSEM_DAR_SUCCESS) {
        cosem_mem_move(d->mac, p, 6);
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* The address buffer is required. */
static cosem_status_t mac_check(const cosem_object_t *obj)
{
    const cosem_mac_address_setup_t *d = (const cosem_mac_address_setup_t *)obj->data;
    return d != NULL && d->mac != NULL ? COSEM_OK : COSEM_E_ARG;
}

const cosem_class_t cosem_class_mac_address_setup = {
    43u, 0u, 2u, 0u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2)),
    0u, 0u,
    mac_get, mac_set, NULL, NULL, mac_check,
};

#else
typedef int cosem_mac_address_setup_empty_t;
#endif
