/* SPDX-License-Identifier: Apache-2.0 */
/* AES key wrap and unwrap (RFC 3394, NIST SP 800-38F KW) with the default
 * initial value A6A6A6A6A6A6A6A6: how Security setup key_transfer carries
 * global keys under the master key (KEK). The integrity check of the unwrap
 * compares in constant time and releases nothing when it fails. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SECURITY

#include <string.h>

#include <cosem/security.h>

#include "security_internal.h"

static const uint8_t kw_iv[8] = {0xA6u, 0xA6u, 0xA6u, 0xA6u, 0xA6u, 0xA6u, 0xA6u, 0xA6u};

/* The 64-bit step counter t XORed into A (big endian). */
static void xor_t(uint8_t a[8], uint32_t t)
{
    a[4] ^= (uint8_t)(t >> 24);
    a[5] ^= (uint8_t)(t >> 16);
    a[6] ^= (uint8_t)(t >> 8);
    a[7] ^= (uint8_t)t;
}

static cosem_status_t check_len(size_t len)
{
    return (len < 16u || len > COSEM_KEYWRAP_MAX || (len & 7u) != 0u) ? COSEM_E_ARG : COSEM_OK;
}

cosem_status_t cosem_keywrap(const cosem_aes128_t *kek, const uint8_t *in, size_t in_len,
                             uint8_t *out)
{
    uint8_t b[16];
    size_t n = in_len / 8u, i;
    uint32_t j;
    if (in == NULL || out == NULL || check_len(in_len) != COSEM_OK) {
        return COSEM_E_ARG;
    }
    memmove(out + 8, in, in_len);
    memcpy(b, kw_iv, 8);
    for (j = 0; j < 6u; j++) {
        for (i = 1; i <= n; i++) {
            memcpy(b + 8, out + 8 * i, 8);
            cosem_aes128_encrypt(kek, b, b);
            xor_t(b, (uint32_t)(n * j + i));
            memcpy(out + 8 * i, b + 8, 8);
        }
    }
    memcpy(out, b, 8);
    cosem_secure_zero(b, sizeof b);
    return COSEM_OK;
}

cosem_status_t cosem_keyunwrap(const cosem_aes128_t *kek, const uint8_t *in, size_t in_len,
                               uint8_t *out)
{
    uint8_t b[16];
    size_t n, i;
    uint32_t j;
    if (in == NULL || out == NULL || in_len < 8u || check_len(in_len - 8u) != COSEM_OK) {
        return COSEM_E_ARG;
    }
    n = in_len / 8u - 1u;
    memcpy(b, in, 8);
    memmove(out, in + 8, in_len - 8u);
    for (j = 6; j-- > 0;) {
        for (i = n; i >= 1; i--) {
            xor_t(b, (uint32_t)(n * j + i));
            memcpy(b + 8, out + 8 * (i - 1), 8);
            cosem_aes128_decrypt(kek, b, b);
            memcpy(out + 8 * (i - 1), b + 8, 8);
        }
    }
    i = cosem_ct_diff(b, kw_iv, 8);
    cosem_secure_zero(b, sizeof b);
    if (i != 0u) {
        cosem_secure_zero(out, in_len - 8u);
        return COSEM_E_DENIED;
    }
    return COSEM_OK;
}

#else
typedef int cosem_keywrap_empty_t;
#endif /* COSEM_WITH_SECURITY */
