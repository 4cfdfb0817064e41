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
