/* SPDX-License-Identifier: Apache-2.0 */
/* Moving and comparing octets: the C library's memmove() and memcmp(), or,
 * with COSEM_WITH_LIBC_MEMMOVE 0, the library's own byte loops (src/common/
 * mem.c: about 60 octets of Cortex-M code where newlib's optimised routines
 * take 350). Every memmove() and memcmp() of the library (but the security
 * layer's) goes through these names. */
#ifndef COSEM_MEM_INTERNAL_H
#define COSEM_MEM_INTERNAL_H

#include <stddef.h>
#include <string.h>

#include <cosem/config.h>

#if COSEM_WITH_LIBC_MEMMOVE
#define cosem_mem_move memmove
#define cosem_mem_cmp memcmp
#else
/* memmove(): copies n octets, the areas may overlap; returns dst. */
void *cosem_mem_move(void *dst, const void *src, size_t n);
/* memcmp(): <0, 0 or >0 as the first differing octet (unsigned) of a is
 * less than, equal to or greater than b's. */
int cosem_mem_cmp(const void *a, const void *b, size_t n);
#endif

#endif
