/* SPDX-License-Identifier: Apache-2.0 */
/* PPP setup (class 44, version 0): PHY reference, LCP and IPCP options,
 * PAP user name and write-only password in the application's memory. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_PPP_SETUP

/* Attributes 3 and 4: array of structure {type, length, data}. */
static void ppp_write_options(cosem_axdr_writer_t *w, const cosem_ppp_option_t *o, size_t n)
{
    cosem_axdr_write_array(w, n);
    for (size_t i = 0; i < n; ++i) {
        cosem_axdr_write_structure(w, 3);
        cosem_axdr_write_u8(w, o[i].type);
        cosem_axdr_write_u8(w, o[i].length);
        if (o[i].data_type == COSEM_AXDR_BOOLEAN) {
            cosem_axdr_write_bool(w, o[i].value != 0u);
        } else {
            cosem_comm_write_uint(w, o[i].data_type, o[i].value);
        }
    }
}

/* Attributes 2..5; the password is always sent empty. */
static cosem_dar_t ppp_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_ppp_setup_t *d = (const cosem_ppp_setup_t *)r->obj->data;
    switch (r->id) {
    case 2: cosem_axdr_write_octet_string(w, d->phy_reference, 6); break;
    case 3: ppp_write_options(w, d->lcp, d->lcp_count); break;
    case 4: ppp_write_options(w, d->ipcp, d->ipcp_count); break;
    case 5:
        cosem_axdr_write_structure(w, 2);
        cosem_comm_write_string(w, COSEM_AXDR_OCTET_STRING, &d->user_name);
        cosem_axdr_write_octet_string(w, NULL, 0);
        break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* Attribute 5: structure {user-name, password} checked whole, or
 * null-data for no authentication. */
static cosem_dar_t ppp_set_auth(const cosem_ppp_setup_t *d, cosem_axdr_reader_t *v)
{
    const uint8_t *user = NULL, *pass = NULL;
    size_t user_n = 0, pass_n = 0, n = 0;
    uint8_t t = 0;
    cosem_dar_t dar;
    if (cosem_axdr_peek_type(v, &t) == COSEM_OK && t == COSEM_AXDR_NULL_DATA) {
        (void)cosem_axdr_read_null(v);
    } else {
        if (cosem_axdr_read_structure(v, &n) != COSEM_OK || n != 2u) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        dar = cosem_comm_peek_string(v, COSEM_AXDR_OCTET_STRING, d->user_name.cap, &user, &user_n);
        if (dar == COSEM_DAR_SUCCESS) {
            dar = cosem_comm_peek_string(v, COSEM_AXDR_OCTET_STRING, d->password.cap, &pass,
                                         &pass_n);
        }
        if (dar != COSEM_DAR_SUCCESS) {
            return dar;
        }
    }
    cosem_comm_store_string(&d->user_name, user, user_n);
    cosem_comm_store_string(&d->password, pass, pass_n);
    return COSEM_DAR_SUCCESS;
}

/* SET of attributes 2 and 5; the option lists are configuration. */
static cosem_dar_t ppp_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_ppp_setup_t *d = (const cosem_ppp_setup_t *)r->obj->data;
    cosem_dar_t dar;
    if (r->id == 2) {
        dar = cosem_comm_read_fixed(v, d->phy_reference, 6);
    } else if (r->id == 5) {
        dar = ppp_set_auth(d, v);
    } else {
        return r->id == 3 || r->id == 4 ? COSEM_DAR_READ_WRITE_DENIED : COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_changed(r, d->changed, dar);
}

/* Whether an option's data type can be written from its value. */
static bool ppp_options_ok(const cosem_ppp_option_t *o, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        uint8_t t = o[i].data_type;
        if (t != COSEM_AXDR_BOOLEAN && t != COSEM_AXDR_UNSIGNED && t != COSEM_AXDR_ENUM &&
            t != COSEM_AXDR_LONG_UNSIGNED && t != COSEM_AXDR_DOUBLE_LONG_UNSIGNED) {
            return false;
        }
    }
    return o != NULL || n == 0u;
}

/* Reference, strings and option lists usable. */
static cosem_status_t ppp_check(const cosem_object_t *obj)
{
    const cosem_ppp_setup_t *d = (const cosem_ppp_setup_t *)obj->data;
    if (d == NULL || d->phy_reference == NULL || !cosem_comm_string_ok(&d->user_name) ||
        !cosem_comm_string_ok(&d->password) || !ppp_options_ok(d->lcp, d->lcp_count) ||
        !ppp_options_ok(d->ipcp, d->ipcp_count)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_ppp_setup = {
    44u, 0u, 5u, 0u,
    (uint16_t)0x001Fu,
    0u, 0u,
    ppp_get, ppp_set, NULL, NULL, ppp_check,
};

#else
typedef int cosem_ppp_setup_empty_t;
#endif
