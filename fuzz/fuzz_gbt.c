/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the general-block-transfer decoder: an accepted
 * input encodes back to no more octets than it had (the encoder writes the
 * shortest A-XDR length) and that encoding decodes to the same fields. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/apdu.h>

#include "fuzz_oracle.h"

static uint8_t g_out[70000];

/* A mismatch is a bug: stop so libFuzzer records the input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_gbt_t g, g2;
    cosem_axdr_writer_t w;
    size_t n;
    if (cosem_gbt_decode(data, size, &g) != COSEM_OK) {
        return 0;
    }
    check(g.window <= COSEM_GBT_WINDOW_MAX);
    check(g.data.len == 0 || (g.data.p >= data && g.data.p + g.data.len <= data + size));
    cosem_axdr_writer_init(&w, g_out, sizeof g_out);
    check(cosem_gbt_encode(&w, &g) == COSEM_OK);
    n = cosem_axdr_writer_len(&w);
    check(cosem_gbt_decode(g_out, n, &g2) == COSEM_OK);
    check(g2.last == g.last && g2.streaming == g.streaming && g2.window == g.window &&
          g2.block == g.block && g2.ack == g.ack && g2.data.len == g.data.len &&
          (g.data.len == 0 || memcmp(g2.data.p, g.data.p, g.data.len) == 0));
    check(n <= size);
    return 0;
}
