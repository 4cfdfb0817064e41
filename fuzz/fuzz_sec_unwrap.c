/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: arbitrary bytes as a ciphered APDU, through
 * cosem_sec_apdu_parse and cosem_sec_apdu_open with the Green Book example
 * keys (EK 00..0F, AK D0..DF, system title 4D4D4D0000BC614E), deciphered in
 * place as the server does. Whatever opens is sealed again in the same form
 * and must open back to the same plain APDU. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/security.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#if COSEM_WITH_SECURITY
    static const uint8_t st[8] = {0x4D, 0x4D, 0x4D, 0x00, 0x00, 0xBC, 0x61, 0x4E};
    uint8_t ek[16], ak[16], buf[2048], plain[2048], again[2100];
    cosem_aes128_t key;
    cosem_sec_apdu_t a;
    cosem_sec_seal_t s;
    size_t i, n = 0, m = 0, k = 0;
    if (size > sizeof buf) {
        return 0;
    }
    for (i = 0; i < 16; i++) {
        ek[i] = (uint8_t)i;
        ak[i] = (uint8_t)(0xD0u + i);
    }
    cosem_aes128_init(&key, ek);
    memcpy(buf, data, size);
    if (cosem_sec_apdu_parse(buf, size, &a) != COSEM_OK) {
        return 0;
    }
    if (a.body + a.body_len > buf + size || (a.auth_tag != NULL && a.auth_tag + 12 > buf + size)) {
        abort();
    }
    if (cosem_sec_apdu_open(&a, &key, ak, a.system_title.len == 8 ? a.system_title.p : st, buf,
                            sizeof buf, &n) != COSEM_OK || n == 0) {
        return 0;
    }
    memcpy(plain, buf, n);
    memset(&s, 0, sizeof s);
    s.form = a.form;
    s.sc = a.sc;
    s.ic = a.ic;
    s.system_title = st;
    s.key = &key;
    s.ak = ak;
    if (cosem_sec_apdu_seal(&s, plain, n, again, sizeof again, &m) != COSEM_OK) {
        return 0; /* e.g. a plain tag without a glo-/ded- form */
    }
    if (cosem_sec_apdu_parse(again, m, &a) != COSEM_OK ||
        cosem_sec_apdu_open(&a, &key, ak, st, again, sizeof again, &k) != COSEM_OK || k != n ||
        memcmp(again, plain, n) != 0) {
        abort();
    }
#else
    (void)data;
    (void)size;
#endif
    return 0;
}
