/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: arbitrary bytes into cosem_keyunwrap (the key_transfer
 * path of Security setup). First octet picks the KEK (00..0F or D0..DF),
 * the rest is the wrapped data. A successful unwrap must wrap back to the
 * same bytes; a failed one must leave the output zeroed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/security.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if COSEM_WITH_SECURITY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t key[16], out[COSEM_KEYWRAP_MAX + 8], back[COSEM_KEYWRAP_MAX + 8];
    cosem_aes128_t kek;
    cosem_status_t st;
    size_t i;
    if (size < 1) {
        return 0;
    }
    for (i = 0; i < 16; i++) {
        key[i] = (uint8_t)((data[0] & 1u) ? 0xD0u + i : i);
    }
    cosem_aes128_init(&kek, key);
    memset(out, 0xEE, sizeof out);
    if (size - 1 > sizeof out + 8) {
        return 0;
    }
    st = cosem_keyunwrap(&kek, data + 1, size - 1, out);
    if (st == COSEM_OK) {
        if (cosem_keywrap(&kek, out, size - 9, back) != COSEM_OK ||
            memcmp(back, data + 1, size - 1) != 0) {
            abort();
        }
    } else if (st == COSEM_E_DENIED) {
        for (i = 0; i < size - 9; i++) {
            if (out[i] != 0) {
                abort();
            }
        }
    } else if (st != COSEM_E_ARG) {
        abort();
    }
    return 0;
}
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return (int)(data == NULL && size > 0);
}
#endif
