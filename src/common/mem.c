/* SPDX-License-Identifier: Apache-2.0 */
/* The library's own memmove() and memcmp() (COSEM_WITH_LIBC_MEMMOVE 0): a
 * byte at a time, for images where flash counts more than the speed of long
 * moves (the library moves at most a PDU, mostly a few octets). */
#include <cosem/config.h>

#if !COSEM_WITH_LIBC_MEMMOVE

#include <stdint.h>

#include "common/mem_internal.h"

/* GCC would turn the loops back into calls of the C library's routines. */
#if defined(__GNUC__) && !defined(__clang__)
#define COSEM_NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define COSEM_NO_LIBCALL
#endif

COSEM_NO_LIBCALL void *cosem_mem_move(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((uintptr_t)d <= (uintptr_t)s) {
        while (n != 0u) {
            *d++ = *s++;
            n--;
        }
    } else {
        while (n != 0u) {
            n--;
            d[n] = s[n];
        }
    }
    return dst;
}

COSEM_NO_LIBCALL int cosem_mem_cmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return (int)x[i] - (int)y[i];
        }
    }
    return 0;
}

#else
typedef int cosem_mem_empty_t;
#endif
