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

/* GHASH state: Y, H and a partial block, so AAD can come in pieces. */
typedef struct {
    uint32_t y[4], h[4];
    uint8_t blk[16];
    size_t used;
} ghash_t;

static void ghash_flush(ghash_t *g)
{
    uint32_t x[4];
    size_t i;
    if (g->used == 0u) {
        return;
    }
    memset(g->blk + g->used, 0, 16u - g->used);
    cosem_load_be32s(x, g->blk, 4);
    for (i = 0; i < 4; i++) {
        g->y[i] ^= x[i];
    }
    gf128_mul(g->y, g->h);
    g->used = 0;
}

/* Absorbs n octets; ghash_flush() pads the last block with zeros. */
static void ghash_update(ghash_t *g, const uint8_t *p, size_t n)
{
    while (n > 0) {
        size_t k = 16u - g->used;
        if (k > n) {
            k = n;
        }
        memcpy(g->blk + g->used, p, k);
        g->used += k;
        p += k;
        n -= k;
        if (g->used == 16u) {
            ghash_flush(g);
        }
    }
}

/* CTR mode from counter block 2 (inc32 of J0 = IV || 1). Forward, octet by
 * octet, so out may equal or precede in. */
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

/* Full 16-octet tag over the AAD pieces and the ciphertext. */
static void gcm_tag(const cosem_aes128_t *aes, const uint8_t iv[12],
                    const cosem_sec_piece_t *aad, size_t n_aad, const uint8_t *c, size_t c_len,
                    uint8_t tag[16])
{
    ghash_t g;
    uint8_t blk[16];
    size_t i, aad_len = 0;
    memset(&g, 0, sizeof g);
    memset(blk, 0, sizeof blk);
    cosem_aes128_encrypt(aes, blk, blk);
    cosem_load_be32s(g.h, blk, 4);
    for (i = 0; i < n_aad; i++) {
        ghash_update(&g, aad[i].p, aad[i].n);
        aad_len += aad[i].n;
    }
    ghash_flush(&g);
    ghash_update(&g, c, c_len);
    ghash_flush(&g);
    store32(blk, (uint32_t)((uint64_t)aad_len >> 29));
    store32(blk + 4, (uint32_t)aad_len << 3);
    store32(blk + 8, (uint32_t)((uint64_t)c_len >> 29));
    store32(blk + 12, (uint32_t)c_len << 3);
    ghash_update(&g, blk, 16);
    memcpy(blk, iv, 12);
    store32(blk + 12, 1u);
    cosem_aes128_encrypt(aes, blk, tag);
    for (i = 0; i < 4; i++) {
        store32(blk + 4 * i, g.y[i]);
    }
    for (i = 0; i < 16; i++) {
        tag[i] ^= blk[i];
    }
    cosem_secure_zero(&g, sizeof g);
    cosem_secure_zero(blk, sizeof blk);
}

/* Seal (encrypt then tag) or open (check the tag, then decrypt). */
cosem_status_t cosem_gcm_run(const cosem_aes128_t *aes, const uint8_t iv[12],
                             const cosem_sec_piece_t *aad, size_t n_aad, const uint8_t *in,
                             uint8_t *out, size_t len, uint8_t *tag, size_t tag_len, int open)
{
    uint8_t full[16];
    unsigned diff = 0;
    size_t i;
    if (tag_len > 16 || (len > 0 && (in == NULL || out == NULL)) || (tag_len > 0 && tag == NULL)) {
        return COSEM_E_ARG;
    }
    for (i = 0; i < n_aad; i++) {
        if (aad[i].n > 0 && aad[i].p == NULL) {
            return COSEM_E_ARG;
        }
    }
    if (!open) {
        ctr(aes, iv, in, out, len);
    }
    gcm_tag(aes, iv, aad, n_aad, open ? in : out, len, full);
    if (open) {
        diff = cosem_ct_diff(full, tag, tag_len);
    } else if (tag_len > 0) {
        memcpy(tag, full, tag_len);
    }
    cosem_secure_zero(full, sizeof full);
    if (diff != 0u) {
        if (len > 0 && out != in) {
            memset(out, 0, len);
        }
        return COSEM_E_DENIED;
    }
    if (open) {
        ctr(aes, iv, in, out, len);
    }
    return COSEM_OK;
}

cosem_status_t cosem_gcm_encrypt(const cosem_aes128_t *aes, const uint8_t iv[12],
                                 const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                 uint8_t *out, size_t len, uint8_t *tag, size_t tag_len)
{
    cosem_sec_piece_t a;
    a.p = aad;
    a.n = aad_len;
    return cosem_gcm_run(aes, iv, &a, 1, in, out, len, tag, tag_len, 0);
}

cosem_status_t cosem_gcm_decrypt(const cosem_aes128_t *aes, const uint8_t iv[12],
                                 const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                 uint8_t *out, size_t len, const uint8_t *tag, size_t tag_len)
{
    cosem_sec_piece_t a;
    a.p = aad;
    a.n = aad_len;
    /* The tag is only read when opening. */
    return cosem_gcm_run(aes, iv, &a, 1, in, out, len, (uint8_t *)(uintptr_t)tag, tag_len, 1);
}

#else
typedef int cosem_gcm_empty_t;
#endif /* COSEM_WITH_SECURITY */
