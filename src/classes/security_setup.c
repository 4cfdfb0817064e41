/* SPDX-License-Identifier: Apache-2.0 */
/* Security setup (class 64, version 1) over a cosem_security_t, and the
 * frame-counter object (Data 0.0.43.1.x.255 showing the server's next
 * invocation counter). Attributes: 2 security_policy, 3 security_suite,
 * 4 client_system_title, 5 server_system_title, 6 certificates (none).
 * Methods: 1 security_activate (the policy can only be strengthened),
 * 2 key_transfer (keys wrapped with the master key, RFC 3394; the whole
 * list is unwrapped and checked before any key changes; keys changed by a
 * ciphered request take effect after its response is ciphered). */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_WITH_SECURITY && COSEM_CLASS_SECURITY_SETUP

#include <string.h>

#include <cosem/security.h>
#include <cosem/server.h>

#include "security/security_internal.h"

/* The context behind an object (application RAM behind a const pointer). */
static cosem_security_t *ctx_of(const cosem_req_t *r)
{
    return (cosem_security_t *)(uintptr_t)r->obj->data;
}

static cosem_dar_t ss_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    static const uint8_t none[8] = {0};
    const cosem_security_t *s = ctx_of(r);
    const cosem_assoc_t *a = r->assoc;
    switch (r->id) {
    case 2: (void)cosem_axdr_write_enum(w, s->policy_); break;
    case 3: (void)cosem_axdr_write_enum(w, 0u); break;
    case 4:
        (void)cosem_axdr_write_octet_string(w, (a != NULL && a->has_title_) ? a->client_title_
                                                                             : none, 8);
        break;
    case 5: (void)cosem_axdr_write_octet_string(w, s->title_, 8); break;
    case 6: (void)cosem_axdr_write_array(w, 0); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return COSEM_DAR_SUCCESS;
}

/* Method 1: the new policy must keep every bit of the current one. */
static cosem_dar_t activate(cosem_security_t *s, cosem_axdr_reader_t *v)
{
    uint8_t p = 0;
    if (cosem_axdr_read_enum(v, &p) != COSEM_OK ||
        (p & (uint8_t) ~(COSEM_POLICY_AUTH_ENC)) != 0u) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if ((p & s->policy_) != s->policy_) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    s->policy_ = p;
    return COSEM_DAR_SUCCESS;
}

/* Method 2: array of {key_id enum, key_wrapped octet-string (24)}. */
static cosem_dar_t key_transfer(cosem_security_t *s, const cosem_req_t *r,
                                cosem_axdr_reader_t *v)
{
    uint8_t keys[4][16], mask = 0;
    size_t n = 0, i, k;
    cosem_dar_t dar = COSEM_DAR_SUCCESS;
    if (cosem_axdr_read_array(v, &n) != COSEM_OK || n == 0u || n > 4u) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    for (i = 0; i < n && dar == COSEM_DAR_SUCCESS; ++i) {
        const uint8_t *p = NULL;
        uint8_t id = 0;
        if (cosem_axdr_read_structure(v, &k) != COSEM_OK || k != 2u ||
            cosem_axdr_read_enum(v, &id) != COSEM_OK ||
            cosem_axdr_read_octet_string(v, &p, &k) != COSEM_OK) {
            dar = COSEM_DAR_TYPE_UNMATCHED;
        } else if (!s->has_kek_ || k != 24u || (id != COSEM_KEY_EK && id != COSEM_KEY_AK &&
                                                id != COSEM_KEY_KEK) ||
                   cosem_keyunwrap(&s->kek_, p, 24, keys[id]) != COSEM_OK) {
            dar = COSEM_DAR_OTHER_REASON; /* broadcast key, no master key, bad wrap */
        } else {
            mask = (uint8_t)(mask | (1u << id));
        }
    }
    if (dar == COSEM_DAR_SUCCESS) {
        for (i = 0; i < 4u; ++i) {
            if ((mask & (1u << i)) != 0u) {
                memcpy(s->pending_[i], keys[i], 16);
            }
        }
        s->pending_mask_ = mask;
        if (r->assoc == NULL || r->assoc->sec_form_ == 0u) {
            cosem_security_commit(s); /* plain request: at once */
        }
    }
    cosem_secure_zero(keys, sizeof keys);
    return dar;
}

static cosem_dar_t ss_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                             cosem_axdr_writer_t *ret)
{
    cosem_security_t *s = ctx_of(r);
    (void)ret;
    switch (r->id) {
    case 1: return activate(s, params);
    case 2: return key_transfer(s, r, params);
    default: (void)cosem_axdr_skip(params); return COSEM_DAR_READ_WRITE_DENIED;
    }
}

static cosem_status_t ss_check(const cosem_object_t *obj)
{
    return obj->data != NULL ? COSEM_OK : COSEM_E_ARG;
}

const cosem_class_t cosem_class_security_setup = {
    64u, 1u, 6u, 8u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3) | COSEM_ATTR(4) | COSEM_ATTR(5) |
               COSEM_ATTR(6)),
    0u, 0u,
    ss_get, NULL, ss_action, NULL, ss_check,
};

/* Frame counter: attribute 2 of a Data object whose user is the context. */
static cosem_dar_t fc_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_security_t *s = (const cosem_security_t *)r->obj->user;
    if (r->id != 2 || s == NULL) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    (void)cosem_axdr_write_u32(w, cosem_security_tx_counter(s));
    return COSEM_DAR_SUCCESS;
}

const cosem_object_ops_t cosem_frame_counter_ops = {fc_get, NULL, NULL};

#else
typedef int cosem_security_setup_empty_t;
#endif
