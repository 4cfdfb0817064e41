/* SPDX-License-Identifier: Apache-2.0 */
/* A server's security context: keys (expanded once), system title,
 * policy and the invocation counters behind one Security setup object. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SECURITY

#include <string.h>

#include <cosem/security.h>

#include "security_internal.h"

/* Expand a key for the software cipher or hand it to the hardware hook. */
static void load_key(const cosem_security_t *s, cosem_aes128_t *k, const uint8_t key[16])
{
    if (s->aes_ != NULL) {
        cosem_aes128_init_hook(k, key, s->aes_, s->aes_user_);
    } else {
        cosem_aes128_init(k, key);
    }
}

cosem_status_t cosem_security_init(cosem_security_t *s, const cosem_security_config_t *cfg,
                                   const cosem_port_t *port)
{
    if (s == NULL || cfg == NULL || cfg->system_title == NULL || cfg->ek == NULL ||
        cfg->ak == NULL || cfg->buf == NULL || cfg->cap < 64u) {
        return COSEM_E_ARG;
    }
    memset(s, 0, sizeof *s);
    s->policy_ = cfg->policy;
    memcpy(s->title_, cfg->system_title, 8);
    memcpy(s->ak_, cfg->ak, 16);
    s->aes_ = cfg->aes;
    s->aes_user_ = cfg->aes_user;
    load_key(s, &s->ek_, cfg->ek);
    if (cfg->kek != NULL) {
        load_key(s, &s->kek_, cfg->kek);
        s->has_kek_ = true;
    }
    s->buf_ = cfg->buf;
    s->cap_ = cfg->cap;
    s->port_ = port;
    s->key_changed_ = cfg->key_changed;
    s->key_user_ = cfg->key_user;
    return cosem_sec_counter_start(&s->tx_, port, COSEM_NV_ID_TX_INVOCATION(cfg->index));
}

cosem_status_t cosem_security_set_key(cosem_security_t *s, cosem_key_id_t id,
                                      const uint8_t key[16])
{
    if (s == NULL || key == NULL) {
        return COSEM_E_ARG;
    }
    switch (id) {
    case COSEM_KEY_EK: load_key(s, &s->ek_, key); break;
    case COSEM_KEY_AK: memcpy(s->ak_, key, 16); break;
    case COSEM_KEY_KEK:
        load_key(s, &s->kek_, key);
        s->has_kek_ = true;
        return COSEM_OK; /* the master key does not protect APDUs */
    default: return COSEM_E_ARG;
    }
    s->rx_last_ = 0;
    return cosem_sec_counter_reset(&s->tx_, s->port_);
}

cosem_status_t cosem_security_commit(cosem_security_t *s)
{
    cosem_status_t st = COSEM_OK, e;
    unsigned i;
    for (i = 0; i < 4u; ++i) {
        if ((s->pending_mask_ & (1u << i)) != 0u) {
            e = cosem_security_set_key(s, (cosem_key_id_t)i, s->pending_[i]);
            st = st == COSEM_OK ? e : st;
            if (e == COSEM_OK && s->key_changed_ != NULL) {
                s->key_changed_(s->key_user_, (uint8_t)i, s->pending_[i]);
            }
        }
    }
    s->pending_mask_ = 0;
    cosem_secure_zero(s->pending_, sizeof s->pending_);
    return st;
}

uint32_t cosem_security_tx_counter(const cosem_security_t *s)
{
    return s != NULL ? cosem_sec_counter_peek(&s->tx_) : 0u;
}

#else
typedef int cosem_context_empty_t;
#endif /* COSEM_WITH_SECURITY */
