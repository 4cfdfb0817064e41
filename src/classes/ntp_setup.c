/* SPDX-License-Identifier: Apache-2.0 */
/* NTP setup (class 100, version 0): activation, server address and port,
 * authentication method; write-only keys; synchronize calls the
 * application's NTP client. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_NTP_SETUP

#include <string.h>

/* Largest authentication_method (IFF, autokey). */
#define NTP_AUTH_MAX 2u

/* Attributes 2..5; the keys (6, 7) are never read. */
static cosem_dar_t ntp_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_ntp_setup_t *d = (const cosem_ntp_setup_t *)r->obj->data;
    switch (r->id) {
    case 2: cosem_axdr_write_bool(w, *d->activated); break;
    case 3: cosem_comm_write_string(w, COSEM_AXDR_OCTET_STRING, &d->server_address); break;
    case 4: cosem_axdr_write_u16(w, *d->server_port); break;
    case 5: cosem_axdr_write_enum(w, *d->auth_method); break;
    case 6: case 7: return COSEM_DAR_READ_WRITE_DENIED;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* One key entry: structure {key_id double-long-unsigned, key octet-string}. */
static cosem_dar_t ntp_read_key(cosem_axdr_reader_t *v, cosem_ntp_key_t *k)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    cosem_dar_t dar = cosem_axdr_read_structure(v, &n) == COSEM_OK && n == 2u
                          ? cosem_comm_read_uint(v, COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 0u,
                                                 0xFFFFFFFFu, &k->id)
                          : COSEM_DAR_TYPE_UNMATCHED;
    if (dar == COSEM_DAR_SUCCESS) {
        dar = cosem_comm_peek_string(v, COSEM_AXDR_OCTET_STRING, COSEM_NTP_KEY_MAX, &p, &n);
    }
    if (dar == COSEM_DAR_SUCCESS) {
        k->len = (uint8_t)n;
        memcpy(k->key, p, n);
    }
    return dar;
}

/* Attribute 6: the whole key table, checked before it replaces the old. */
static cosem_dar_t ntp_set_keys(const cosem_ntp_setup_t *d, cosem_axdr_reader_t *v)
{
    cosem_axdr_reader_t probe = *v;
    cosem_ntp_key_t k;
    size_t n = 0;
    if (cosem_axdr_read_array(&probe, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    for (size_t i = 0; i < n; ++i) {
        cosem_dar_t dar = ntp_read_key(&probe, &k);
        if (dar != COSEM_DAR_SUCCESS) {
            memset(&k, 0, sizeof k);
            return dar;
        }
    }
    memset(&k, 0, sizeof k);
    if (n > d->key_cap) {
        return COSEM_DAR_OTHER_REASON;
    }
    (void)cosem_axdr_read_array(v, &n);
    for (size_t i = 0; i < n; ++i) {
        (void)ntp_read_key(v, &d->keys[i]);
    }
    *d->key_count = (uint8_t)n;
    return COSEM_DAR_SUCCESS;
}

/* SET of attributes 2..7, each checked before it is stored. */
static cosem_dar_t ntp_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_ntp_setup_t *d = (const cosem_ntp_setup_t *)r->obj->data;
    uint32_t x = 0;
    bool b = false;
    cosem_dar_t dar;
    switch (r->id) {
    case 2:
        dar = cosem_axdr_read_bool(v, &b) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_TYPE_UNMATCHED;
        if (dar == COSEM_DAR_SUCCESS) { *d->activated = b; }
        break;
    case 3:
        dar = cosem_comm_read_string(v, COSEM_AXDR_OCTET_STRING, &d->server_address,
                                     cosem_comm_host_ok);
        break;
    case 4:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, 1u, 0xFFFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->server_port = (uint16_t)x; }
        break;
    case 5:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_ENUM, 0u, NTP_AUTH_MAX, &x);
        if (dar == COSEM_DAR_SUCCESS) { *d->auth_method = (uint8_t)x; }
        break;
    case 6: dar = ntp_set_keys(d, v); break;
    case 7: dar = cosem_comm_read_string(v, COSEM_AXDR_OCTET_STRING, &d->client_key, NULL); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* Index of a key id in the table, or the count when absent. */
static uint8_t ntp_find(const cosem_ntp_setup_t *d, uint32_t id)
{
    uint8_t i = 0;
    while (i < *d->key_count && d->keys[i].id != id) {
        ++i;
    }
    return i;
}

/* Method 2: add (or replace) one key. */
static cosem_dar_t ntp_add_key(const cosem_ntp_setup_t *d, cosem_axdr_reader_t *p)
{
    cosem_ntp_key_t k;
    uint8_t i;
    cosem_dar_t dar = ntp_read_key(p, &k);
    if (dar != COSEM_DAR_SUCCESS) {
        memset(&k, 0, sizeof k);
        return dar;
    }
    i = ntp_find(d, k.id);
    if (i == *d->key_count && i >= d->key_cap) {
        dar = COSEM_DAR_OTHER_REASON;
    } else {
        d->keys[i] = k;
        *d->key_count = (uint8_t)(i == *d->key_count ? i + 1u : *d->key_count);
    }
    memset(&k, 0, sizeof k);
    return dar;
}

/* Method 3: delete the key of one id. */
static cosem_dar_t ntp_delete_key(const cosem_ntp_setup_t *d, cosem_axdr_reader_t *p)
{
    uint32_t id = 0;
    uint8_t i;
    cosem_dar_t dar = cosem_comm_read_uint(p, COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 0u, 0xFFFFFFFFu, &id);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    i = ntp_find(d, id);
    if (i == *d->key_count) {
        return COSEM_DAR_OTHER_REASON;
    }
    d->keys[i] = d->keys[*d->key_count - 1u];
    --(*d->key_count);
    memset(&d->keys[*d->key_count], 0, sizeof d->keys[0]);
    return COSEM_DAR_SUCCESS;
}

/* Method 1: synchronize (integer 0 or no parameter): the application's. */
static cosem_dar_t ntp_synchronize(const cosem_req_t *r, const cosem_ntp_setup_t *d,
                                   cosem_axdr_reader_t *p)
{
    if (cosem_comm_read_zero(p) != COSEM_DAR_SUCCESS) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return d->synchronize != NULL ? d->synchronize(r->obj) : COSEM_DAR_READ_WRITE_DENIED;
}

/* Methods 1..3. */
static cosem_dar_t ntp_action(cosem_req_t *r, cosem_axdr_reader_t *p, cosem_axdr_writer_t *ret)
{
    const cosem_ntp_setup_t *d = (const cosem_ntp_setup_t *)r->obj->data;
    (void)ret;
    switch (r->id) {
    case 1: return ntp_synchronize(r, d, p);
    case 2: return cosem_comm_changed(r, d->changed, ntp_add_key(d, p));
    case 3: return cosem_comm_changed(r, d->changed, ntp_delete_key(d, p));
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
}

/* Every variable is required; the key table within its capacity. */
static cosem_status_t ntp_check(const cosem_object_t *obj)
{
    const cosem_ntp_setup_t *d = (const cosem_ntp_setup_t *)obj->data;
    if (d == NULL || d->activated == NULL || !cosem_comm_string_ok(&d->server_address) ||
        d->server_port == NULL || d->auth_method == NULL || d->key_count == NULL ||
        (d->keys == NULL && d->key_cap != 0u) || *d->key_count > d->key_cap ||
        !cosem_comm_string_ok(&d->client_key)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_ntp_setup = {
    100u, 0u, 7u, 3u,
    (uint16_t)0x001Fu,
    0u, 0u,
    ntp_get, ntp_set, ntp_action, NULL, ntp_check,
};

#else
typedef int cosem_ntp_setup_empty_t;
#endif
