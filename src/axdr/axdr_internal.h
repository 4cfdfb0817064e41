/* SPDX-License-Identifier: Apache-2.0 */
/* Internal helpers shared by the A-XDR reader, parser and value tree. */
#ifndef COSEM_AXDR_INTERNAL_H
#define COSEM_AXDR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/axdr.h>

/* Content size of each tag below 34: 0 none, >0 fixed, -1 variable or not
 * a type. Indexed lookups keep the parser's hot path free of calls. */
extern const int8_t cosem_axdr_fixed_sizes[34];

/* cosem_axdr_fixed_size() for internal hot paths. */
static inline int cosem_axdr_size_of(uint8_t type)
{
    return type < 34u ? cosem_axdr_fixed_sizes[type] : (type == 0xFFu ? 0 : -1);
}

/* Big-endian unsigned integer of n <= 8 octets. */
uint64_t cosem_axdr_be(const uint8_t *p, size_t n);

/* Whether an integer-family tag is signed. */
bool cosem_axdr_is_signed(uint8_t type);

/* Value of integer-family content octets, sign-extended for signed tags. */
int64_t cosem_axdr_int_value(uint8_t type, const uint8_t *p, size_t n);

/* Consume the next tag if it equals tag, else record COSEM_E_TYPE. */
cosem_status_t cosem_axdr_expect_tag(cosem_axdr_reader_t *r, uint8_t tag);

#endif /* COSEM_AXDR_INTERNAL_H */
