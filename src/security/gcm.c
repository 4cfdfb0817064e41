/* SPDX-License-Identifier: Apache-2.0 */
/* AES-GCM and GMAC (NIST SP 800-38D) with a 96-bit IV, as DLMS security
 * suite 0 uses them (IV = system title || invocation counter). GHASH
 * multiplies bit by bit with masks: no table derived from the hash key and
 * no branch on secret bits. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SECURITY

#include <string.h>

#include <cosem/security.h>

#include "security_internal.h"

static uint32_t load32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void store32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* y = y * h in GF(2^128), GCM bit order (SP 800-38D algorithm 1). */
static void gf128_mul(uint32_t y[4], const uint32_t h[4])
{
    uint32_t z[4] = {0, 0, 0, 0}, v[4];
    unsigned i;
    memcpy(v, h, sizeof v);
    for (i = 0; i < 128; i++) {
        uint32_t m = 0u - ((y[i >> 5] >> (31u - (i & 31u))) & 1u);
        uint32_t lsb = 0u - (v[3] & 1u);
        z[0] ^= v[0] & m;
        z[1] ^= v[1] & m;
        z[2] ^= v[2] & m;
        z[3] ^= v[3] & m;
        v[3] = (v[3] >> 1) | (v[2] << 31);
        v[2] = (v[2] >> 1) | (v[1] << 31);
        v[1] = (v[1] >> 1) | (v[0] << 31);
        v[0] = (v[0] >> 1) ^ (0xE1000000u & lsb);
    }
    memcpy(y, z, sizeof z);
}

/* Absorbs n octets (zero padded to a block) into the GHASH state. */
static void ghash(uint32_t y[4], const uint32_t h[4], const uint8_t *p, size_t n)
{
    while (n > 0) {
        uint8_t blk[16];
        size_t k = n < 16 ? n : 16, i;
        memset(blk, 0, sizeof blk);
        memcpy(blk, p, k);
        for (i = 0; i < 4; i++) {
            y[i] ^= load32(blk + 4 * i);
        }
        gf128_mul(y, h);
        p += k;
        n -= k;
    }
}

/* CTR mode from counter block 2 (inc32 of J0 = IV || 1). */
static void ctr(const cosem_aes128_t *aes, const uint8_t iv[12], const uint8_t *in, uint8_t *out,
                size_t n)
{
    uint8_t cb[16], ks[16];
    uint32_t c = 2;
    memcpy(cb, iv, 12);
    while (n > 0) {
        size_t k = n < 16 ? n : 16, i;
        store32(cb + 12, c++);
        cosem_aes128_encrypt(aes, cb, ks);
        for (i = 0; i < k; i++) {
            out[i] = (uint8_t)(in[i] ^ ks[i]);
        }
        in += k;
        out += k;
        n -= k;
    }
    cosem_secure_zero(ks, sizeof ks);
}

/* Full 16-octet tag over aad and the ciphertext. */
static void gcm_tag(const cosem_aes128_t *aes, const uint8_t iv[12], const uint8_t *aad,
                    size_t aad_len, const uint8_t *c, size_t c_len, uint8_t tag[16])
{
    uint8_t blk[16];
    uint32_t h[4], y[4] = {0, 0, 0, 0};
    size_t i;
    memset(blk, 0, sizeof blk);
    cosem_aes128_encrypt(aes, blk, blk);
    for (i = 0; i < 4; i++) {
        h[i] = load32(blk + 4 * i);
    }
    ghash(y, h, aad, aad_len);
    ghash(y, h, c, c_len);
    store32(blk, (uint32_t)((uint64_t)aad_len >> 29));
    store32(blk + 4, (uint32_t)aad_len << 3);
    store32(blk + 8, (uint32_t)((uint64_t)c_len >> 29));
    store32(blk + 12, (uint32_t)c_len << 3);
    ghash(y, h, blk, 16);
    memcpy(blk, iv, 12);
    store32(blk + 12, 1u);
    cosem_aes128_encrypt(aes, blk, tag);
    for (i = 0; i < 4; i++) {
        store32(blk + 4 * i, y[i]);
    }
    for (i = 0; i < 16; i++) {
        tag[i] ^= blk[i];
    }
    cosem_secure_zero(h, sizeof h);
    cosem_secure_zero(y, sizeof y);
    cosem_secure_zero(blk, sizeof blk);
}

cosem_status_t cosem_gcm_encrypt(const cosem_aes128_t *aes, const uint8_t iv[12],
                                 const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                 uint8_t *out, size_t len, uint8_t *tag, size_t tag_len)
{
    uint8_t full[16];
    if (tag_len > 16 || (len > 0 && (in == NULL || out == NULL)) ||
        (aad_len > 0 && aad == NULL) || (tag_len > 0 && tag == NULL)) {
        return COSEM_E_ARG;
    }
    ctr(aes, iv, in, out, len);
    gcm_tag(aes, iv, aad, aad_len, out, len, full);
    if (tag_len > 0) {
        memcpy(tag, full, tag_len);
    }
    cosem_secure_zero(full, sizeof full);
    return COSEM_OK;
}

cosem_status_t cosem_gcm_decrypt(const cosem_aes128_t *aes, const uint8_t iv[12],
                                 const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                 uint8_t *out, size_t len, const uint8_t *tag, size_t tag_len)
{
    uint8_t full[16];
    unsigned diff;
    if (tag_len > 16 || (len > 0 && (in == NULL || out == NULL)) ||
        (aad_len > 0 && aad == NULL) || (tag_len > 0 && tag == NULL)) {
        return COSEM_E_ARG;
    }
    gcm_tag(aes, iv, aad, aad_len, in, len, full);
    diff = cosem_ct_diff(full, tag, tag_len);
    cosem_secure_zero(full, sizeof full);
    if (diff != 0u) {
        if (len > 0 && out != in) {
            memset(out, 0, len);
        }
        return COSEM_E_DENIED;
    }
    ctr(aes, iv, in, out, len);
    return COSEM_OK;
}

#else
typedef int cosem_gcm_empty_t;
#endif /* COSEM_WITH_SECURITY */
