/* SPDX-License-Identifier: Apache-2.0 */
/* Oracle helpers the fuzz targets share: a failed check aborts (libFuzzer
 * reports it as a crash with the input). */
#ifndef FUZZ_ORACLE_H
#define FUZZ_ORACLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cosem/apdu.h>

/* Abort unless cond holds. */
static inline void check(int cond)
{
    if (!cond) {
        abort();
    }
}

/* A decoded slice lies inside the input (or is empty). */
static inline void inside(const cosem_slice_t *s, const uint8_t *data, size_t size)
{
    check(s->len == 0 || (s->p >= data && s->p + s->len <= data + size));
}

#endif /* FUZZ_ORACLE_H */
