/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the loaders of persisted state (issue #14 finding 5):
 * the input is the raw octets of a saved Clock state followed by a saved
 * secret, as an application's state file holds them. What a loader accepts
 * is then used the way the library uses it (local time under the zone and
 * DST rules, the secret's octets up to its length); UBSan and ASan report
 * any value a loader let through that the library cannot take. Aborts when
 * a loader changes its output on refusal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/metering.h>
#include <cosem/server.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Uses an accepted Clock state as the class does. */
static void use_clock(const cosem_clock_state_t *st)
{
    static const int64_t instants[] = {0, 954547200, 1711846800, 1729990800, 4102444800};
    for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++) {
        cosem_datetime_t out;
        (void)cosem_clock_local(st, instants[i], 0, &out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_clock_state_t st, before;
    cosem_secret_t s, sb;
    size_t n = size < sizeof st ? size : sizeof st;
    memset(&st, 0x5A, sizeof st);
    before = st;
    if (cosem_clock_state_load(&st, data, n) == COSEM_OK) {
        use_clock(&st);
    } else if (memcmp(&st, &before, sizeof st) != 0) {
        abort();
    }
    data += n;
    size -= n;
    memset(&s, 0xA5, sizeof s);
    sb = s;
    if (cosem_secret_load(&s, data, size < sizeof s ? size : sizeof s) == COSEM_OK) {
        volatile uint8_t x = 0;
        for (size_t i = 0; i < s.len; i++) {
            x ^= s.buf[i];
        }
        (void)x;
    } else if (memcmp(&s, &sb, sizeof s) != 0) {
        abort();
    }
    return 0;
}
