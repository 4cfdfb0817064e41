/* SPDX-License-Identifier: Apache-2.0 */
/* AES-128 (FIPS 197) in constant time. The state is kept bitsliced: eight
 * 16-bit planes, bit i of plane j being bit j of state octet i. SubBytes is
 * computed, not looked up: the GF(2^8) inverse as x^254 (4 multiplications,
 * 7 squarings on the planes) followed by the affine map, so no memory index
 * and no branch depends on key or data. ShiftRows and MixColumns are
 * rotations and XORs of the planes. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SECURITY

#include <string.h>

#include <cosem/security.h>

#include "security_internal.h"

typedef uint32_t plane_t;

/* t[0..14] (a product of two polynomials of degree 7) reduced modulo the AES
 * polynomial x^8 + x^4 + x^3 + x + 1 into out[0..7]. */
static void gf_reduce(plane_t t[15], plane_t out[8])
{
    int k;
    for (k = 14; k >= 8; k--) {
        t[k - 4] ^= t[k];
        t[k - 5] ^= t[k];
        t[k - 7] ^= t[k];
        t[k - 8] ^= t[k];
    }
    memcpy(out, t, 8 * sizeof(plane_t));
}

/* out = a * b in GF(2^8), on every bit position of the planes at once. */
static void gf_mul(plane_t out[8], const plane_t a[8], const plane_t b[8])
{
    plane_t t[15];
    int i, j;
    memset(t, 0, sizeof t);
    for (i = 0; i < 8; i++) {
        for (j = 0; j < 8; j++) {
            t[i + j] ^= a[i] & b[j];
        }
    }
    gf_reduce(t, out);
}

/* out = a^2: squaring is linear in GF(2^8) (bit i goes to x^2i). */
static void gf_sq(plane_t out[8], const plane_t a[8])
{
    plane_t t[15];
    int i;
    memset(t, 0, sizeof t);
    for (i = 0; i < 8; i++) {
        t[2 * i] = a[i];
    }
    gf_reduce(t, out);
}

/* x = x^254, the multiplicative inverse (0 stays 0). */
static void gf_inv(plane_t x[8])
{
    plane_t x2[8], x3[8], x12[8], y[8];
    int i;
    gf_sq(x2, x);
    gf_mul(x3, x2, x);
    gf_sq(y, x3);
    gf_sq(x12, y);
    gf_mul(y, x12, x3); /* x^15 */
    for (i = 0; i < 4; i++) {
        gf_sq(y, y); /* x^240 */
    }
    gf_mul(y, y, x12); /* x^252 */
    gf_mul(x, y, x2);  /* x^254 */
}

/* The affine maps: out_i = XOR of in_(i+r) for the rotations r in `rot`
 * (a bit set per rotation), then XOR the constant c. */
static void affine(plane_t x[8], unsigned rot, unsigned c)
{
    plane_t in[8];
    int i, r;
    memcpy(in, x, sizeof in);
    for (i = 0; i < 8; i++) {
        plane_t v = 0;
        for (r = 0; r < 8; r++) {
            v ^= in[(i + r) & 7] & (plane_t)(0u - ((rot >> r) & 1u));
        }
        x[i] = v ^ (plane_t)(0u - ((c >> i) & 1u));
    }
}

#define AFFINE_FWD 0xF1u /* rotations 0, 4, 5, 6, 7 */
#define AFFINE_INV 0xA4u /* rotations 2, 5, 7 */

static void sub_bytes(plane_t x[8])
{
    gf_inv(x);
    affine(x, AFFINE_FWD, 0x63u);
}

static void inv_sub_bytes(plane_t x[8])
{
    affine(x, AFFINE_INV, 0x05u);
    gf_inv(x);
}

/* n octets into planes (bit i of plane j = bit j of octet i) and back. */
static void pack(plane_t x[8], const uint8_t *in, unsigned n)
{
    unsigned i, j;
    memset(x, 0, 8 * sizeof(plane_t));
    for (i = 0; i < n; i++) {
        for (j = 0; j < 8; j++) {
            x[j] |= (plane_t)((in[i] >> j) & 1u) << i;
        }
    }
}

static void unpack(uint8_t *out, const plane_t x[8], unsigned n)
{
    unsigned i, j;
    for (i = 0; i < n; i++) {
        unsigned v = 0;
        for (j = 0; j < 8; j++) {
            v |= (unsigned)((x[j] >> i) & 1u) << j;
        }
        out[i] = (uint8_t)v;
    }
}

/* Octet i = 4*column + row. Row r of every plane rotated by r columns
 * (left for ShiftRows, right for its inverse). */
static plane_t rot16(plane_t p, unsigned n)
{
    return ((p >> n) | (p << (16u - n))) & 0xFFFFu;
}

static void shift_rows(plane_t x[8], int inverse)
{
    int j;
    for (j = 0; j < 8; j++) {
        plane_t p = x[j];
        x[j] = (p & 0x1111u) | rot16(p & 0x2222u, inverse ? 12u : 4u) | rot16(p & 0x4444u, 8u) |
               rot16(p & 0x8888u, inverse ? 4u : 12u);
    }
}

/* Row rotations within each column: octet (c, r) takes (c, r + n). */
static plane_t col_rot1(plane_t p)
{
    return ((p >> 1) & 0x7777u) | ((p << 3) & 0x8888u);
}

static plane_t col_rot2(plane_t p)
{
    return ((p >> 2) & 0x3333u) | ((p << 2) & 0xCCCCu);
}

/* x = 2 * x in GF(2^8) on the planes. */
static void xtime(plane_t x[8])
{
    plane_t hi = x[7];
    x[7] = x[6];
    x[6] = x[5];
    x[5] = x[4];
    x[4] = x[3] ^ hi;
    x[3] = x[2] ^ hi;
    x[2] = x[1];
    x[1] = x[0] ^ hi;
    x[0] = hi;
}

/* out_r = 2 (a_r ^ a_r+1) ^ a_r+1 ^ a_r+2 ^ a_r+3 */
static void mix_columns(plane_t x[8])
{
    plane_t t[8];
    int j;
    for (j = 0; j < 8; j++) {
        t[j] = x[j] ^ col_rot1(x[j]);
    }
    xtime(t);
    for (j = 0; j < 8; j++) {
        x[j] = t[j] ^ col_rot1(x[j]) ^ col_rot2(x[j] ^ col_rot1(x[j]));
    }
}

/* InvMixColumns = MixColumns after a_r ^= 4 (a_r ^ a_r+2). */
static void inv_mix_columns(plane_t x[8])
{
    plane_t t[8];
    int j;
    for (j = 0; j < 8; j++) {
        t[j] = x[j] ^ col_rot2(x[j]);
    }
    xtime(t);
    xtime(t);
    for (j = 0; j < 8; j++) {
        x[j] ^= t[j];
    }
    mix_columns(x);
}

static void add_round_key(plane_t x[8], const uint8_t rk[16])
{
    plane_t k[8];
    int j;
    pack(k, rk, 16);
    for (j = 0; j < 8; j++) {
        x[j] ^= k[j];
    }
}

/* Key expansion (FIPS 197 5.2); SubWord on the planes as well. */
void cosem_aes128_init(cosem_aes128_t *ctx, const uint8_t key[16])
{
    uint8_t *w = ctx->rk_;
    unsigned i, rcon = 1u;
    memcpy(w, key, 16);
    for (i = 16; i < 176; i += 4) {
        uint8_t t[4];
        memcpy(t, &w[i - 4], 4);
        if ((i & 15u) == 0u) {
            plane_t x[8];
            uint8_t r = t[0];
            t[0] = t[1];
            t[1] = t[2];
            t[2] = t[3];
            t[3] = r;
            pack(x, t, 4);
            sub_bytes(x);
            unpack(t, x, 4);
            t[0] ^= (uint8_t)rcon;
            rcon = (rcon << 1) ^ (0x11Bu & (0u - (rcon >> 7)));
        }
        w[i] = (uint8_t)(w[i - 16] ^ t[0]);
        w[i + 1] = (uint8_t)(w[i - 15] ^ t[1]);
        w[i + 2] = (uint8_t)(w[i - 14] ^ t[2]);
        w[i + 3] = (uint8_t)(w[i - 13] ^ t[3]);
    }
    ctx->encrypt_ = NULL;
    ctx->user_ = NULL;
}

void cosem_aes128_init_hook(cosem_aes128_t *ctx, const uint8_t key[16],
                            cosem_aes_encrypt_fn_t encrypt, void *user)
{
    memset(ctx->rk_, 0, sizeof ctx->rk_);
    memcpy(ctx->rk_, key, 16);
    ctx->encrypt_ = encrypt;
    ctx->user_ = user;
}

static void soft_encrypt(const uint8_t *rk, const uint8_t in[16], uint8_t out[16])
{
    plane_t x[8];
    int round;
    pack(x, in, 16);
    add_round_key(x, rk);
    for (round = 1; round <= 10; round++) {
        sub_bytes(x);
        shift_rows(x, 0);
        if (round != 10) {
            mix_columns(x);
        }
        add_round_key(x, rk + 16 * round);
    }
    unpack(out, x, 16);
}

void cosem_aes128_encrypt(const cosem_aes128_t *ctx, const uint8_t in[16], uint8_t out[16])
{
    if (ctx->encrypt_ != NULL) {
        ctx->encrypt_(ctx->user_, ctx->rk_, in, out);
    } else {
        soft_encrypt(ctx->rk_, in, out);
    }
}

/* Inverse cipher (FIPS 197 5.3), needed by the key unwrap only. With a
 * hardware hook the round keys are expanded here, on the stack. */
void cosem_aes128_decrypt(const cosem_aes128_t *ctx, const uint8_t in[16], uint8_t out[16])
{
    cosem_aes128_t soft;
    const uint8_t *rk = ctx->rk_;
    plane_t x[8];
    int round;
    if (ctx->encrypt_ != NULL) {
        cosem_aes128_init(&soft, ctx->rk_);
        rk = soft.rk_;
    }
    pack(x, in, 16);
    add_round_key(x, rk + 160);
    for (round = 9; round >= 0; round--) {
        shift_rows(x, 1);
        inv_sub_bytes(x);
        add_round_key(x, rk + 16 * round);
        if (round != 0) {
            inv_mix_columns(x);
        }
    }
    unpack(out, x, 16);
    if (rk == soft.rk_) {
        cosem_secure_zero(&soft, sizeof soft);
    }
}

#else
typedef int cosem_aes_empty_t;
#endif /* COSEM_WITH_SECURITY */
