/* SPDX-License-Identifier: Apache-2.0 */
/* IPv4 setup (class 42, version 0): addresses, multicast list, mask,
 * gateway, DHCP flag and DNS servers in the application's variables;
 * methods that edit the multicast list. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_IPV4_SETUP

/* Whether an address is multicast (224.0.0.0/4). */
static bool is_multicast(uint32_t a)
{
    return (a >> 28) == 0xEu;
}

/* Whether a subnet mask has its ones contiguous from the top. */
static bool mask_ok(uint32_t m)
{
    uint32_t inv = ~m;
    return (inv & (inv + 1u)) == 0u;
}

/* Attributes 2..10. */
static cosem_dar_t ipv4_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_ipv4_setup_t *d = (const cosem_ipv4_setup_t *)r->obj->data;
    const uint32_t *scalar[] = {d->ip_address, NULL, NULL, d->subnet_mask, d->gateway, NULL,
                                d->primary_dns, d->secondary_dns};
    if (r->id == 2) {
        cosem_axdr_write_octet_string(w, d->dl_reference, 6);
    } else if (r->id == 4) {
        cosem_axdr_write_array(w, *d->multicast_count);
        for (uint8_t i = 0; i < *d->multicast_count; ++i) {
            cosem_axdr_write_u32(w, d->multicast[i]);
        }
    } else if (r->id == 5) {
        cosem_axdr_write_array(w, 0);
    } else if (r->id == 8) {
        cosem_axdr_write_bool(w, *d->use_dhcp);
    } else if (r->id >= 3 && r->id <= 10) {
        cosem_axdr_write_u32(w, *scalar[r->id - 3]);
    } else {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* Attribute 4: the whole list, every element multicast, within capacity. */
static cosem_dar_t ipv4_set_multicast(const cosem_ipv4_setup_t *d, cosem_axdr_reader_t *v)
{
    cosem_axdr_reader_t probe = *v;
    size_t n = 0;
    uint32_t a = 0;
    if (cosem_axdr_read_array(&probe, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    for (size_t i = 0; i < n; ++i) {
        cosem_dar_t dar = cosem_comm_read_uint(&probe, COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 0u,
                                               0xFFFFFFFFu, &a);
        if (dar != COSEM_DAR_SUCCESS) {
            return dar;
        }
        if (!is_multicast(a)) {
            return COSEM_DAR_OTHER_REASON;
        }
    }
    if (n > d->multicast_cap) {
        return COSEM_DAR_OTHER_REASON;
    }
    (void)cosem_axdr_read_array(v, &n);
    for (size_t i = 0; i < n; ++i) {
        (void)cosem_comm_read_uint(v, COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 0u, 0xFFFFFFFFu,
                                   &d->multicast[i]);
    }
    *d->multicast_count = (uint8_t)n;
    return COSEM_DAR_SUCCESS;
}

/* Attributes 3, 6, 7, 9, 10: one checked address. */
static cosem_dar_t ipv4_set_address(const cosem_ipv4_setup_t *d, int8_t id,
                                    cosem_axdr_reader_t *v)
{
    uint32_t *dst[] = {d->ip_address, NULL, NULL, d->subnet_mask, d->gateway, NULL,
                       d->primary_dns, d->secondary_dns};
    uint32_t a = 0;
    cosem_dar_t dar = cosem_comm_read_uint(v, COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 0u, 0xFFFFFFFFu, &a);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    if (id == 6 ? !mask_ok(a) : !cosem_comm_ipv4_station_ok(a)) {
        return COSEM_DAR_OTHER_REASON;
    }
    *dst[id - 3] = a;
    return COSEM_DAR_SUCCESS;
}

/* SET of attributes 2..10 (5, IP_options, is not settable). */
static cosem_dar_t ipv4_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_ipv4_setup_t *d = (const cosem_ipv4_setup_t *)r->obj->data;
    cosem_dar_t dar;
    bool b = false;
    switch (r->id) {
    case 2: dar = cosem_comm_read_fixed(v, d->dl_reference, 6); break;
    case 4: dar = ipv4_set_multicast(d, v); break;
    case 5: return COSEM_DAR_READ_WRITE_DENIED;
    case 8:
        dar = cosem_axdr_read_bool(v, &b) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_TYPE_UNMATCHED;
        if (dar == COSEM_DAR_SUCCESS) { *d->use_dhcp = b; }
        break;
    case 3: case 6: case 7: case 9: case 10: dar = ipv4_set_address(d, r->id, v); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* Index of a multicast address in the list, or the count when absent. */
static uint8_t mc_find(const cosem_ipv4_setup_t *d, uint32_t a)
{
    uint8_t i = 0;
    while (i < *d->multicast_count && d->multicast[i] != a) {
        ++i;
    }
    return i;
}

/* Methods 1 add, 2 delete a multicast address. */
static cosem_dar_t ipv4_mc_edit(const cosem_ipv4_setup_t *d, int8_t id, cosem_axdr_reader_t *p)
{
    uint32_t a = 0;
    uint8_t i;
    cosem_dar_t dar = cosem_comm_read_uint(p, COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 0u, 0xFFFFFFFFu, &a);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    i = mc_find(d, a);
    if (id == 1) {
        if (!is_multicast(a) || (i == *d->multicast_count && i >= d->multicast_cap)) {
            return COSEM_DAR_OTHER_REASON;
        }
        if (i == *d->multicast_count) {
            d->multicast[(*d->multicast_count)++] = a;
        }
        return COSEM_DAR_SUCCESS;
    }
    if (i == *d->multicast_count) {
        return COSEM_DAR_OTHER_REASON;
    }
    d->multicast[i] = d->multicast[--(*d->multicast_count)];
    return COSEM_DAR_SUCCESS;
}

/* Methods 1..3. */
static cosem_dar_t ipv4_action(cosem_req_t *r, cosem_axdr_reader_t *p, cosem_axdr_writer_t *ret)
{
    const cosem_ipv4_setup_t *d = (const cosem_ipv4_setup_t *)r->obj->data;
    if (r->id == 1 || r->id == 2) {
        return cosem_comm_changed(r, d->changed, ipv4_mc_edit(d, r->id, p));
    }
    if (r->id != 3) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (cosem_comm_read_zero(p) != COSEM_DAR_SUCCESS) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    cosem_axdr_write_u16(ret, *d->multicast_count);
    return cosem_comm_dar(ret);
}

/* Every variable is required; the multicast list within its capacity. */
static cosem_status_t ipv4_check(const cosem_object_t *obj)
{
    const cosem_ipv4_setup_t *d = (const cosem_ipv4_setup_t *)obj->data;
    if (d == NULL || d->dl_reference == NULL || d->ip_address == NULL ||
        d->multicast_count == NULL || (d->multicast == NULL && d->multicast_cap != 0u) ||
        *d->multicast_count > d->multicast_cap || d->subnet_mask == NULL ||
        d->gateway == NULL || d->use_dhcp == NULL || d->primary_dns == NULL ||
        d->secondary_dns == NULL) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_ipv4_setup = {
    42u, 0u, 10u, 3u,
    (uint16_t)0x03FFu,
    0u, 0u,
    ipv4_get, ipv4_set, ipv4_action, NULL, ipv4_check,
};

#else
typedef int cosem_ipv4_setup_empty_t;
#endif
