/* SPDX-License-Identifier: Apache-2.0 */
/* SMTP setup (class 46, version 0): server port and address, user name,
 * write-only login password and sender address. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_SMTP_SETUP

/* A sender address: empty, or printable ASCII with exactly one '@' that
 * has something on both sides. */
static bool sender_ok(const uint8_t *p, size_t n)
{
    size_t at = n, ats = 0;
    for (size_t i = 0; i < n; ++i) {
        if (p[i] <= ' ' || p[i] > '~') {
            return false;
        }
        if (p[i] == '@') {
            at = i;
            ++ats;
        }
    }
    return n == 0u || (ats == 1u && at != 0u && at + 1u < n);
}

/* The string attributes 3..6 by id. */
static const cosem_comm_string_t *smtp_string(const cosem_smtp_setup_t *d, int8_t id)
{
    switch (id) {
    case 3: return &d->user_name;
    case 4: return &d->password;
    case 5: return &d->server_address;
    default: return &d->sender_address;
    }
}

/* Attributes 2, 3, 5, 6; the password (4) is never read. */
static cosem_dar_t smtp_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_smtp_setup_t *d = (const cosem_smtp_setup_t *)r->obj->data;
    if (r->id == 2) {
        cosem_axdr_write_u16(w, *d->server_port);
    } else if (r->id == 4) {
        return COSEM_DAR_READ_WRITE_DENIED;
    } else if (r->id >= 3 && r->id <= 6) {
        cosem_comm_write_string(w, COSEM_AXDR_OCTET_STRING, smtp_string(d, r->id));
    } else {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* SET of attributes 2..6, each checked before it is stored. */
static cosem_dar_t smtp_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    static const cosem_comm_check_fn checks[4] = {NULL, NULL, cosem_comm_host_ok, sender_ok};
    const cosem_smtp_setup_t *d = (const cosem_smtp_setup_t *)r->obj->data;
    uint32_t x = 0;
    cosem_dar_t dar;
    if (r->id == 2) {
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, 1u, 0xFFFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) {
            *d->server_port = (uint16_t)x;
        }
    } else if (r->id >= 3 && r->id <= 6) {
        dar = cosem_comm_read_string(v, COSEM_AXDR_OCTET_STRING, smtp_string(d, r->id),
                                     checks[r->id - 3]);
    } else {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* Port and strings required. */
static cosem_status_t smtp_check(const cosem_object_t *obj)
{
    const cosem_smtp_setup_t *d = (const cosem_smtp_setup_t *)obj->data;
    if (d == NULL || d->server_port == NULL) {
        return COSEM_E_ARG;
    }
    for (int8_t id = 3; id <= 6; ++id) {
        if (!cosem_comm_string_ok(smtp_string(d, id))) {
            return COSEM_E_ARG;
        }
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_smtp_setup = {
    46u, 0u, 6u, 0u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3) | COSEM_ATTR(5) | COSEM_ATTR(6)),
    0u, 0u,
    smtp_get, smtp_set, NULL, NULL, smtp_check,
};

#else
typedef int cosem_smtp_setup_empty_t;
#endif
