/* SPDX-License-Identifier: Apache-2.0 */
/* GCM encrypt/decrypt of a fixed buffer, for instruction counts:
 *   valgrind --tool=callgrind --toggle-collect='cosem_gcm_*' build/bench/gcm_bench [octets] [rounds]
 * Instructions per octet = Ir / (octets * rounds) of each function. */
#include <stdio.h>
#include <stdlib.h>

#include <cosem/security.h>

#if COSEM_WITH_SECURITY
int main(int argc, char **argv)
{
    static uint8_t buf[4096];
    uint8_t key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    uint8_t iv[12] = {0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E, 0, 0, 0, 1};
    uint8_t aad[17] = {0x30}, tag[12];
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1024u;
    unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 4u, i;
    cosem_aes128_t aes;
    if (n > sizeof buf) {
        n = sizeof buf;
    }
    cosem_aes128_init(&aes, key);
    for (i = 0; i < rounds; i++) {
        if (cosem_gcm_encrypt(&aes, iv, aad, sizeof aad, buf, buf, n, tag, sizeof tag) != COSEM_OK ||
            cosem_gcm_decrypt(&aes, iv, aad, sizeof aad, buf, buf, n, tag, sizeof tag) != COSEM_OK) {
            fprintf(stderr, "gcm_bench: round trip failed\n");
            return 1;
        }
    }
    printf("gcm_bench: %u x %zu octets encrypted and decrypted\n", rounds, n);
    return 0;
}
#else
int main(void)
{
    return 0;
}
#endif
