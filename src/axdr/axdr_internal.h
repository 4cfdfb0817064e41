/* SPDX-License-Identifier: Apache-2.0 */
/* Internal helpers shared by the A-XDR reader, parser and value tree. */
#ifndef COSEM_AXDR_INTERNAL_H
#define COSEM_AXDR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/axdr.h>

/* Big-endian unsigned integer of n <= 8 octets. */
uint64_t cosem_axdr_be(const uint8_t *p, size_t n);

/* Whether an integer-family tag is signed. */
bool cosem_axdr_is_signed(uint8_t type);

/* Value of integer-family content octets, sign-extended for signed tags. */
int64_t cosem_axdr_int_value(uint8_t type, const uint8_t *p, size_t n);

/* Consume the next tag if it equals tag, else record COSEM_E_TYPE. */
cosem_status_t cosem_axdr_expect_tag(cosem_axdr_reader_t *r, uint8_t tag);

#endif /* COSEM_AXDR_INTERNAL_H */
