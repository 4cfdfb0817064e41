/* SPDX-License-Identifier: Apache-2.0 */
/* MD5 (RFC 1321) and SHA-1 (FIPS 180-4), only for the legacy HLS
 * mechanisms 3 and 4 of old meters; compiled only with
 * COSEM_WITH_HLS_LEGACY (off by default). Neither is a secure hash. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SECURITY && COSEM_WITH_HLS_LEGACY

#include <string.h>

#include <cosem/security.h>

#include "security_internal.h"

static uint32_t rol(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32u - n));
}

/* ---- MD5 ------------------------------------------------------------------ */

static void md5_block(uint32_t h[4], const uint8_t *p)
{
    static const uint8_t s[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    uint32_t x[16], a = h[0], b = h[1], c = h[2], d = h[3];
    unsigned i;
    for (i = 0; i < 16; i++) {
        x[i] = (uint32_t)p[4 * i] | ((uint32_t)p[4 * i + 1] << 8) | ((uint32_t)p[4 * i + 2] << 16) |
               ((uint32_t)p[4 * i + 3] << 24);
    }
    for (i = 0; i < 64; i++) {
        uint32_t f, t;
        unsigned g, r = i >> 4;
        /* T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 3.4, as a table. */
        static const uint32_t k[64] = {
            0xd76aa478u, 0xe8c7b756u, 0x242070dbu, 0xc1bdceeeu, 0xf57c0fafu, 0x4787c62au,
            0xa8304613u, 0xfd469501u, 0x698098d8u, 0x8b44f7afu, 0xffff5bb1u, 0x895cd7beu,
            0x6b901122u, 0xfd987193u, 0xa679438eu, 0x49b40821u, 0xf61e2562u, 0xc040b340u,
            0x265e5a51u, 0xe9b6c7aau, 0xd62f105du, 0x02441453u, 0xd8a1e681u, 0xe7d3fbc8u,
            0x21e1cde6u, 0xc33707d6u, 0xf4d50d87u, 0x455a14edu, 0xa9e3e905u, 0xfcefa3f8u,
            0x676f02d9u, 0x8d2a4c8au, 0xfffa3942u, 0x8771f681u, 0x6d9d6122u, 0xfde5380cu,
            0xa4beea44u, 0x4bdecfa9u, 0xf6bb4b60u, 0xbebfbc70u, 0x289b7ec6u, 0xeaa127fau,
            0xd4ef3085u, 0x04881d05u, 0xd9d4d039u, 0xe6db99e5u, 0x1fa27cf8u, 0xc4ac5665u,
            0xf4292244u, 0x432aff97u, 0xab9423a7u, 0xfc93a039u, 0x655b59c3u, 0x8f0ccc92u,
            0xffeff47du, 0x85845dd1u, 0x6fa87e4fu, 0xfe2ce6e0u, 0xa3014314u, 0x4e0811a1u,
            0xf7537e82u, 0xbd3af235u, 0x2ad7d2bbu, 0xeb86d391u};
        if (r == 0) {
            f = (b & c) | (~b & d);
            g = i;
        } else if (r == 1) {
            f = (d & b) | (~d & c);
            g = (5u * i + 1u) & 15u;
        } else if (r == 2) {
            f = b ^ c ^ d;
            g = (3u * i + 5u) & 15u;
        } else {
            f = c ^ (b | ~d);
            g = (7u * i) & 15u;
        }
        t = d;
        d = c;
        c = b;
        b = b + rol(a + f + k[i] + x[g], s[4 * r + (i & 3u)]);
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
}

/* A whole message through `block`, digest of `words` words into out. */
static void md_oneshot(uint32_t *h, unsigned words, const uint8_t *p, size_t n,
                       cosem_md_block_fn_t block, int big_endian, uint8_t *out)
{
    uint8_t buf[64];
    uint64_t len = 0;
    unsigned i;
    cosem_md_update(buf, &len, p, n, h, block);
    cosem_md_pad(buf, len, h, block, big_endian);
    for (i = 0; i < 4u * words; i++) {
        out[i] = (uint8_t)(h[i >> 2] >> (big_endian ? 24u - 8u * (i & 3u) : 8u * (i & 3u)));
    }
}

void cosem_md5(const uint8_t *p, size_t n, uint8_t out[16])
{
    uint32_t h[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
    md_oneshot(h, 4, p, n, md5_block, 0, out);
}

/* ---- SHA-1 ------------------------------------------------------------------ */

static void sha1_block(uint32_t h[5], const uint8_t *p)
{
    uint32_t w[16], v[5];
    unsigned i;
    cosem_load_be32s(w, p, 16);
    memcpy(v, h, sizeof v);
    for (i = 0; i < 80; i++) {
        uint32_t f, k, t;
        if (i >= 16) {
            w[i & 15] = rol(w[(i + 13) & 15] ^ w[(i + 8) & 15] ^ w[(i + 2) & 15] ^ w[i & 15], 1);
        }
        if (i < 20) {
            f = (v[1] & v[2]) | (~v[1] & v[3]);
            k = 0x5a827999u;
        } else if (i < 40) {
            f = v[1] ^ v[2] ^ v[3];
            k = 0x6ed9eba1u;
        } else if (i < 60) {
            f = (v[1] & v[2]) | (v[1] & v[3]) | (v[2] & v[3]);
            k = 0x8f1bbcdcu;
        } else {
            f = v[1] ^ v[2] ^ v[3];
            k = 0xca62c1d6u;
        }
        t = rol(v[0], 5) + f + v[4] + k + w[i & 15];
        v[4] = v[3];
        v[3] = v[2];
        v[2] = rol(v[1], 30);
        v[1] = v[0];
        v[0] = t;
    }
    for (i = 0; i < 5; i++) {
        h[i] += v[i];
    }
}

void cosem_sha1(const uint8_t *p, size_t n, uint8_t out[20])
{
    uint32_t h[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u};
    md_oneshot(h, 5, p, n, sha1_block, 1, out);
}

/* H(challenge || secret), see the header. */
size_t cosem_hls_legacy(uint8_t mech, const uint8_t *challenge, size_t n, const uint8_t *secret,
                        size_t secret_len, uint8_t out[20])
{
    uint8_t m[128];
    size_t len;
    if (challenge == NULL || secret == NULL || out == NULL || n > 64u || secret_len > 64u ||
        (mech != COSEM_AUTH_HLS_MD5 && mech != COSEM_AUTH_HLS_SHA1)) {
        return 0;
    }
    memcpy(m, challenge, n);
    memcpy(m + n, secret, secret_len);
    if (mech == COSEM_AUTH_HLS_MD5) {
        cosem_md5(m, n + secret_len, out);
        len = 16u;
    } else {
        cosem_sha1(m, n + secret_len, out);
        len = 20u;
    }
    cosem_secure_zero(m, sizeof m);
    return len;
}

#else
typedef int cosem_hash_legacy_empty_t;
#endif
