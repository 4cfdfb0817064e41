/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 (FIPS 180-4), streaming, for HLS mechanism 6 and key derivation.
 * The round constants are the only table; it is indexed by the round
 * number, never by data. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SECURITY

#include <string.h>

#include <cosem/security.h>

#include "security_internal.h"

static const uint32_t k256[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
    0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
    0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
    0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
    0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
    0xc67178f2u};

static uint32_t ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32u - n));
}

/* One 64-octet block; the message schedule is kept as a 16-word ring. */
static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[16], v[8], t1, t2;
    unsigned i;
    cosem_load_be32s(w, p, 16);
    memcpy(v, h, sizeof v);
    for (i = 0; i < 64; i++) {
        if (i >= 16) {
            uint32_t a = w[(i + 1) & 15], b = w[(i + 14) & 15];
            w[i & 15] += (ror(a, 7) ^ ror(a, 18) ^ (a >> 3)) + w[(i + 9) & 15] +
                         (ror(b, 17) ^ ror(b, 19) ^ (b >> 10));
        }
        t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
             ((v[4] & v[5]) ^ (~v[4] & v[6])) + k256[i] + w[i & 15];
        t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
             ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (i = 0; i < 8; i++) {
        h[i] += v[i];
    }
    cosem_secure_zero(w, sizeof w);
}

void cosem_sha256_init(cosem_sha256_t *ctx)
{
    static const uint32_t iv[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                   0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};
    memcpy(ctx->h_, iv, sizeof iv);
    ctx->len_ = 0;
}

void cosem_sha256_update(cosem_sha256_t *ctx, const uint8_t *p, size_t n)
{
    cosem_md_update(ctx->buf_, &ctx->len_, p, n, ctx->h_, sha256_block);
}

void cosem_sha256_final(cosem_sha256_t *ctx, uint8_t out[32])
{
    unsigned i;
    cosem_md_pad(ctx->buf_, ctx->len_, ctx->h_, sha256_block, 1);
    for (i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(ctx->h_[i] >> 24);
        out[4 * i + 1] = (uint8_t)(ctx->h_[i] >> 16);
        out[4 * i + 2] = (uint8_t)(ctx->h_[i] >> 8);
        out[4 * i + 3] = (uint8_t)ctx->h_[i];
    }
    cosem_secure_zero(ctx, sizeof *ctx);
}

void cosem_sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    cosem_sha256_t c;
    cosem_sha256_init(&c);
    cosem_sha256_update(&c, p, n);
    cosem_sha256_final(&c, out);
}

/* ---- shared Merkle-Damgard buffering (SHA-256, and SHA-1/MD5) ---------- */

void cosem_md_update(uint8_t buf[64], uint64_t *len, const uint8_t *p, size_t n, uint32_t *h,
                     cosem_md_block_fn_t block)
{
    while (n > 0) {
        size_t used = (size_t)(*len & 63u), k = 64u - used;
        if (k > n) {
            k = n;
        }
        memcpy(buf + used, p, k);
        *len += k;
        p += k;
        n -= k;
        if ((*len & 63u) == 0u) {
            block(h, buf);
        }
    }
}

void cosem_md_pad(uint8_t buf[64], uint64_t len, uint32_t *h, cosem_md_block_fn_t block,
                  int big_endian)
{
    size_t used = (size_t)(len & 63u);
    uint64_t bits = len << 3;
    unsigned i;
    buf[used++] = 0x80u;
    if (used > 56u) {
        memset(buf + used, 0, 64u - used);
        block(h, buf);
        used = 0;
    }
    memset(buf + used, 0, 56u - used);
    for (i = 0; i < 8; i++) {
        buf[56 + i] = (uint8_t)(bits >> (big_endian ? 56u - 8u * i : 8u * i));
    }
    block(h, buf);
}

void cosem_load_be32s(uint32_t *w, const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) |
               ((uint32_t)p[4 * i + 2] << 8) | p[4 * i + 3];
    }
}

/* ---- constant-time helpers ---------------------------------------------- */

unsigned cosem_ct_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
    unsigned d = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        d |= (unsigned)(a[i] ^ b[i]);
    }
    return d;
}

void cosem_secure_zero(void *p, size_t n)
{
    volatile uint8_t *v = (volatile uint8_t *)p;
    while (n-- > 0) {
        *v++ = 0;
    }
}

#else
typedef int cosem_sha256_empty_t;
#endif /* COSEM_WITH_SECURITY */
