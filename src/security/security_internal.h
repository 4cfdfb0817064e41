/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the security sources (internal header). */
#ifndef COSEM_SECURITY_INTERNAL_H
#define COSEM_SECURITY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* OR of the XOR of every octet pair: 0 when equal; time depends on n only. */
unsigned cosem_ct_diff(const uint8_t *a, const uint8_t *b, size_t n);

/* Clears memory in a way the compiler does not drop as a dead store. */
void cosem_secure_zero(void *p, size_t n);

#include <cosem/security.h>

/* One piece of additional authenticated data. */
typedef struct {
    const uint8_t *p;
    size_t n;
} cosem_sec_piece_t;

/* GCM with the AAD given in pieces: open = 0 encrypts then writes the tag,
 * open = 1 checks the tag (constant time) and only then decrypts. out may
 * equal or precede in. */
cosem_status_t cosem_gcm_run(const cosem_aes128_t *aes, const uint8_t iv[12],
                             const cosem_sec_piece_t *aad, size_t n_aad, const uint8_t *in,
                             uint8_t *out, size_t len, uint8_t *tag, size_t tag_len, int open);

/* n big-endian 32-bit words from p. */
void cosem_load_be32s(uint32_t *w, const uint8_t *p, size_t n);

/* Compression function of a Merkle-Damgard hash over one 64-octet block. */
typedef void (*cosem_md_block_fn_t)(uint32_t *h, const uint8_t *block);

/* Buffers input into 64-octet blocks (len counts every octet so far). */
void cosem_md_update(uint8_t buf[64], uint64_t *len, const uint8_t *p, size_t n, uint32_t *h,
                     cosem_md_block_fn_t block);

/* Final padding with the bit length, big endian (SHA) or little (MD5). */
void cosem_md_pad(uint8_t buf[64], uint64_t len, uint32_t *h, cosem_md_block_fn_t block,
                  int big_endian);

#endif
