/* SPDX-License-Identifier: Apache-2.0 */
/* HLS authentication functions (Green Book 9.2.7.4) and the invocation
 * counters of security suite 0.
 * - mechanism 5 (GMAC): f(C) = SC || IC || GMAC(EK, IV = own system title
 *   || IC, AAD = SC || AK || C), SC 0x10;
 * - mechanism 6 (SHA-256): f(StoC) = SHA-256(secret || ST-C || ST-S || StoC
 *   || CtoS) computed by the client, f(CtoS) = SHA-256(secret || ST-S ||
 *   ST-C || CtoS || StoC) by the server;
 * - a transmit counter that never repeats, even across a power cut: blocks
 *   of values are reserved through the port's nv_store before any is used,
 *   and start-up resumes past the reserved block. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SECURITY

#include <string.h>

#include <cosem/port.h>
#include <cosem/security.h>

#include "security_internal.h"

cosem_status_t cosem_hls_gmac(const cosem_aes128_t *ek, const uint8_t ak[16],
                              const uint8_t system_title[8], uint32_t ic,
                              const uint8_t *challenge, size_t n, uint8_t out[17])
{
    cosem_sec_piece_t pc[3];
    uint8_t iv[12], sc = COSEM_SC_AUTH;
    if (ek == NULL || ak == NULL || system_title == NULL || out == NULL ||
        (challenge == NULL && n > 0)) {
        return COSEM_E_ARG;
    }
    memcpy(iv, system_title, 8);
    out[0] = sc;
    out[1] = iv[8] = (uint8_t)(ic >> 24);
    out[2] = iv[9] = (uint8_t)(ic >> 16);
    out[3] = iv[10] = (uint8_t)(ic >> 8);
    out[4] = iv[11] = (uint8_t)ic;
    pc[0].p = &sc;
    pc[0].n = 1;
    pc[1].p = ak;
    pc[1].n = 16;
    pc[2].p = challenge;
    pc[2].n = n;
    return cosem_gcm_run(ek, iv, pc, 3, NULL, NULL, 0, out + 5, COSEM_SEC_TAG_LEN, 0);
}

cosem_status_t cosem_hls_gmac_check(const cosem_aes128_t *ek, const uint8_t ak[16],
                                    const uint8_t system_title[8], const uint8_t *challenge,
                                    size_t n, const uint8_t *reply, size_t reply_len,
                                    uint32_t *ic)
{
    uint8_t want[17];
    uint32_t v;
    unsigned diff;
    if (reply == NULL || reply_len != sizeof want || reply[0] != COSEM_SC_AUTH) {
        return COSEM_E_DENIED;
    }
    v = ((uint32_t)reply[1] << 24) | ((uint32_t)reply[2] << 16) | ((uint32_t)reply[3] << 8) |
        reply[4];
    if (cosem_hls_gmac(ek, ak, system_title, v, challenge, n, want) != COSEM_OK) {
        return COSEM_E_ARG;
    }
    diff = cosem_ct_diff(want, reply, sizeof want);
    cosem_secure_zero(want, sizeof want);
    if (diff != 0u) {
        return COSEM_E_DENIED;
    }
    if (ic != NULL) {
        *ic = v;
    }
    return COSEM_OK;
}

void cosem_hls_sha256(const uint8_t *secret, size_t secret_len, const uint8_t title_a[8],
                      const uint8_t title_b[8], const uint8_t *ch_a, size_t na,
                      const uint8_t *ch_b, size_t nb, uint8_t out[32])
{
    cosem_sha256_t c;
    cosem_sha256_init(&c);
    cosem_sha256_update(&c, secret, secret_len);
    cosem_sha256_update(&c, title_a, 8);
    cosem_sha256_update(&c, title_b, 8);
    cosem_sha256_update(&c, ch_a, na);
    cosem_sha256_update(&c, ch_b, nb);
    cosem_sha256_final(&c, out);
}

/* ---- invocation counters ---------------------------------------------- */

cosem_status_t cosem_sec_counter_start(cosem_sec_counter_t *c, const cosem_port_t *port,
                                       uint32_t id)
{
    uint64_t v = 0;
    cosem_status_t st = cosem_port_nv_load(port, id, &v);
    if (st != COSEM_OK && st != COSEM_E_NOTFOUND) {
        return st; /* a broken store: no counter rather than a repeated one */
    }
    if (v > 0xFFFFFFFFu) {
        v = 0xFFFFFFFFu;
    }
    c->id_ = id;
    /* Every value below the stored one may have been used before. */
    c->next_ = v == 0u ? 1u : (uint32_t)v;
    c->limit_ = c->next_;
    return COSEM_OK;
}

cosem_status_t cosem_sec_counter_next(cosem_sec_counter_t *c, const cosem_port_t *port,
                                      uint32_t *ic)
{
    if (c->next_ == 0xFFFFFFFFu) {
        return COSEM_E_OVERFLOW; /* the key must change */
    }
    if (c->next_ >= c->limit_) {
        uint32_t limit = c->next_ + COSEM_SEC_IC_RESERVE;
        cosem_status_t st;
        if (limit < c->next_) {
            limit = 0xFFFFFFFFu;
        }
        st = cosem_port_nv_store(port, c->id_, limit);
        if (st != COSEM_OK && st != COSEM_E_UNSUPPORTED) {
            return st; /* a broken store; without one the counter lives in RAM */
        }
        c->limit_ = limit;
    }
    *ic = c->next_++;
    return COSEM_OK;
}

cosem_status_t cosem_sec_counter_reset(cosem_sec_counter_t *c, const cosem_port_t *port)
{
    cosem_status_t st = cosem_port_nv_store(port, c->id_, 1u);
    c->next_ = 1u;
    c->limit_ = 1u;
    return st;
}

uint32_t cosem_sec_counter_peek(const cosem_sec_counter_t *c)
{
    return c->next_;
}

#else
typedef int cosem_hls_empty_t;
#endif /* COSEM_WITH_SECURITY */
