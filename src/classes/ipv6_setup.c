/* SPDX-License-Identifier: Apache-2.0 */
/* IPv6 setup (class 48, version 0): configuration mode, unicast,
 * multicast and gateway address lists, DNS servers, traffic class and
 * neighbour discovery in the application's memory; methods that add and
 * remove addresses. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_IPV6_SETUP

#include <string.h>

#include "common/mem_internal.h"

/* Largest address_config_mode (neighbour discovery). */
#define IPV6_MODE_MAX 3u

/* The address list of attributes 4..6 / address types 0..2. */
static const cosem_ipv6_list_t *ipv6_list(const cosem_ipv6_setup_t *d, unsigned kind)
{
    return kind == 0u ? &d->unicast : kind == 1u ? &d->multicast : &d->gateway;
}

/* Whether an address fits a list: multicast ones are ff00::/8. */
static bool ipv6_kind_ok(unsigned kind, const uint8_t *a)
{
    return (a[0] == 0xFFu) == (kind == 1u);
}

/* An array of octet-string(16). */
static void ipv6_write_list(cosem_axdr_writer_t *w, const cosem_ipv6_list_t *l)
{
    cosem_axdr_write_array(w, *l->count);
    for (uint8_t i = 0; i < *l->count; ++i) {
        cosem_axdr_write_octet_string(w, l->addr[i], 16);
    }
}

/* Attribute 10: array of structure {max_retry, retry_wait_time, send_period}. */
static void ipv6_write_nd(cosem_axdr_writer_t *w, const cosem_ipv6_nd_t *nd)
{
    cosem_axdr_write_array(w, nd != NULL ? 1u : 0u);
    if (nd != NULL) {
        cosem_axdr_write_structure(w, 3);
        cosem_axdr_write_u8(w, nd->max_retry);
        cosem_axdr_write_u16(w, nd->retry_wait_time);
        cosem_axdr_write_u32(w, nd->send_period);
    }
}

/* Attributes 2..10. */
static cosem_dar_t ipv6_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_ipv6_setup_t *d = (const cosem_ipv6_setup_t *)r->obj->data;
    switch (r->id) {
    case 2: cosem_axdr_write_octet_string(w, d->dl_reference, 6); break;
    case 3: cosem_axdr_write_enum(w, *d->config_mode); break;
    case 4: case 5: case 6: ipv6_write_list(w, ipv6_list(d, (unsigned)(r->id - 4))); break;
    case 7: cosem_axdr_write_octet_string(w, d->primary_dns, 16); break;
    case 8: cosem_axdr_write_octet_string(w, d->secondary_dns, 16); break;
    case 9: cosem_axdr_write_u8(w, *d->traffic_class); break;
    case 10: ipv6_write_nd(w, d->nd); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* One octet-string(16) (type-unmatched otherwise). */
static cosem_dar_t ipv6_read_addr(cosem_axdr_reader_t *v, const uint8_t **a)
{
    size_t n = 0;
    return cosem_axdr_read_octet_string(v, a, &n) == COSEM_OK && n == 16u
               ? COSEM_DAR_SUCCESS
               : COSEM_DAR_TYPE_UNMATCHED;
}

/* Attributes 4..6: the whole list, checked before it replaces the old. */
static cosem_dar_t ipv6_set_list(const cosem_ipv6_list_t *l, unsigned kind,
                                 cosem_axdr_reader_t *v)
{
    cosem_axdr_reader_t probe = *v;
    const uint8_t *a = NULL;
    size_t n = 0;
    if (cosem_axdr_read_array(&probe, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    for (size_t i = 0; i < n; ++i) {
        cosem_dar_t dar = ipv6_read_addr(&probe, &a);
        if (dar != COSEM_DAR_SUCCESS) {
            return dar;
        }
        if (!ipv6_kind_ok(kind, a)) {
            return COSEM_DAR_OTHER_REASON;
        }
    }
    if (n > l->cap) {
        return COSEM_DAR_OTHER_REASON;
    }
    (void)cosem_axdr_read_array(v, &n);
    for (size_t i = 0; i < n; ++i) {
        (void)ipv6_read_addr(v, &a);
        cosem_mem_move(l->addr[i], a, 16);
    }
    *l->count = (uint8_t)n;
    return COSEM_DAR_SUCCESS;
}

/* Attributes 7 and 8: one unicast address (or all zeros: none). */
static cosem_dar_t ipv6_set_dns(uint8_t *dst, cosem_axdr_reader_t *v)
{
    const uint8_t *a = NULL;
    cosem_dar_t dar = ipv6_read_addr(v, &a);
    if (dar == COSEM_DAR_SUCCESS && !ipv6_kind_ok(0u, a)) {
        dar = COSEM_DAR_OTHER_REASON;
    }
    if (dar == COSEM_DAR_SUCCESS) {
        cosem_mem_move(dst, a, 16);
    }
    return dar;
}

/* SET of attributes 2..9 (10 is configuration). */
static cosem_dar_t ipv6_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_ipv6_setup_t *d = (const cosem_ipv6_setup_t *)r->obj->data;
    uint32_t x = 0;
    cosem_dar_t dar;
    switch (r->id) {
    case 2: dar = cosem_comm_read_fixed(v, d->dl_reference, 6); break;
    case 3:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_ENUM, 0u, IPV6_MODE_MAX, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->config_mode = (uint8_t)x; }
        break;
    case 4: case 5: case 6:
        dar = ipv6_set_list(ipv6_list(d, (unsigned)(r->id - 4)), (unsigned)(r->id - 4), v);
        break;
    case 7: dar = ipv6_set_dns(d->primary_dns, v); break;
    case 8: dar = ipv6_set_dns(d->secondary_dns, v); break;
    case 9:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_UNSIGNED, 0u, 0xFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->traffic_class = (uint8_t)x; }
        break;
    case 10: return COSEM_DAR_READ_WRITE_DENIED;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* Index of an address in a list, or the count when absent. */
static uint8_t ipv6_find(const cosem_ipv6_list_t *l, const uint8_t *a)
{
    uint8_t i = 0;
    while (i < *l->count && cosem_mem_cmp(l->addr[i], a, 16) != 0) {
        ++i;
    }
    return i;
}

/* Methods 1 add and 2 remove: structure {address_type enum, address}. */
static cosem_dar_t ipv6_edit(const cosem_ipv6_setup_t *d, int8_t id, cosem_axdr_reader_t *p)
{
    const cosem_ipv6_list_t *l;
    const uint8_t *a = NULL;
    uint32_t kind = 0;
    size_t n = 0;
    uint8_t i;
    cosem_dar_t dar = cosem_axdr_read_structure(p, &n) == COSEM_OK && n == 2u
                          ? cosem_comm_read_uint(p, COSEM_AXDR_ENUM, 0u, 2u, &kind)
                          : COSEM_DAR_TYPE_UNMATCHED;
    if (dar == COSEM_DAR_SUCCESS) {
        dar = ipv6_read_addr(p, &a);
    }
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    l = ipv6_list(d, kind);
    i = ipv6_find(l, a);
    if (id == 2) {
        if (i == *l->count) {
            return COSEM_DAR_OTHER_REASON;
        }
        cosem_mem_move(l->addr[i], l->addr[*l->count - 1u], 16);
        --(*l->count);
        return COSEM_DAR_SUCCESS;
    }
    if (!ipv6_kind_ok(kind, a) || (i == *l->count && *l->count >= l->cap)) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (i == *l->count) {
        cosem_mem_move(l->addr[(*l->count)++], a, 16);
    }
    return COSEM_DAR_SUCCESS;
}

/* Methods 1 and 2. */
static cosem_dar_t ipv6_action(cosem_req_t *r, cosem_axdr_reader_t *p, cosem_axdr_writer_t *ret)
{
    const cosem_ipv6_setup_t *d = (const cosem_ipv6_setup_t *)r->obj->data;
    (void)ret;
    if (r->id != 1 && r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, ipv6_edit(d, r->id, p));
}

/* A list needs its count, its storage when it has capacity, and fits. */
static bool ipv6_list_ok(const cosem_ipv6_list_t *l)
{
    return l->count != NULL && (l->addr != NULL || l->cap == 0u) && *l->count <= l->cap;
}

/* Every variable is required. */
static cosem_status_t ipv6_check(const cosem_object_t *obj)
{
    const cosem_ipv6_setup_t *d = (const cosem_ipv6_setup_t *)obj->data;
    if (d == NULL || d->dl_reference == NULL || d->config_mode == NULL ||
        !ipv6_list_ok(&d->unicast) || !ipv6_list_ok(&d->multicast) ||
        !ipv6_list_ok(&d->gateway) || d->primary_dns == NULL || d->secondary_dns == NULL ||
        d->traffic_class == NULL) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_ipv6_setup = {
    48u, 0u, 10u, 2u,
    (uint16_t)0x03FFu,
    0u, 0u,
    ipv6_get, ipv6_set, ipv6_action, NULL, ipv6_check,
};

#else
typedef int cosem_ipv6_setup_empty_t;
#endif
