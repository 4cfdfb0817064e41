/* SPDX-License-Identifier: Apache-2.0 */
/* HLS functions and invocation counters.
 * - Mechanism 5: DLMS Green Book (DLMS UA 1000-2 Ed. 8) Table 43, as
 *   reproduced in public DLMS material: EK 00..0F, AK D0..DF, CtoS
 *   "K56iVagY", StoC "P6wRJ21F"; the client (system title
 *   4D4D4D0000000001, IC 1) answers f(StoC) = 10 00000001
 *   1A52FE7DD3E72748973C1E28, the server (4D4D4D0000BC614E, IC 01234567)
 *   f(CtoS) = 10 01234567 FE1466AFB3DBCD4F9389E2B7.
 * - Mechanism 6: the Green Book Ed. 8 concatenation, digests computed
 *   independently with Python's hashlib (secret "Gurux").
 * - Counters: a fake NV store that counts writes and can fail. */
#include <string.h>

#include <cosem/security.h>

#include "test_util.h"

#if COSEM_WITH_SECURITY

static const uint8_t st_client[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1};
static const uint8_t st_server[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E};

static void gb_keys(cosem_aes128_t *ek, uint8_t ak[16])
{
    uint8_t k[16];
    tu_hex("000102030405060708090A0B0C0D0E0F", k, 16);
    tu_hex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF", ak, 16);
    cosem_aes128_init(ek, k);
}

START_TEST(test_gmac_table43)
{
    cosem_aes128_t ek;
    uint8_t ak[16], out[17], want[17];
    uint32_t ic = 0;
    gb_keys(&ek, ak);
    /* Pass 3: the client's f(StoC). */
    ck_assert_int_eq(cosem_hls_gmac(&ek, ak, st_client, 1, (const uint8_t *)"P6wRJ21F", 8, out),
                     COSEM_OK);
    tu_hex("10 00000001 1A52FE7DD3E72748973C1E28", want, sizeof want);
    tu_assert_bytes(out, 17, want, 17);
    ck_assert_int_eq(cosem_hls_gmac_check(&ek, ak, st_client, (const uint8_t *)"P6wRJ21F", 8,
                                          want, 17, &ic),
                     COSEM_OK);
    ck_assert_uint_eq(ic, 1);
    /* Pass 4: the server's f(CtoS). */
    ck_assert_int_eq(cosem_hls_gmac(&ek, ak, st_server, 0x01234567u,
                                    (const uint8_t *)"K56iVagY", 8, out),
                     COSEM_OK);
    tu_hex("10 01234567 FE1466AFB3DBCD4F9389E2B7", want, sizeof want);
    tu_assert_bytes(out, 17, want, 17);
    /* Wrong title, challenge, SC, length or any flipped bit: denied. */
    ck_assert_int_eq(cosem_hls_gmac_check(&ek, ak, st_client, (const uint8_t *)"K56iVagY", 8,
                                          want, 17, NULL),
                     COSEM_E_DENIED);
    ck_assert_int_eq(cosem_hls_gmac_check(&ek, ak, st_server, (const uint8_t *)"K56iVagZ", 8,
                                          want, 17, NULL),
                     COSEM_E_DENIED);
    ck_assert_int_eq(cosem_hls_gmac_check(&ek, ak, st_server, (const uint8_t *)"K56iVagY", 8,
                                          want, 16, NULL),
                     COSEM_E_DENIED);
    for (size_t bit = 0; bit < 17 * 8; bit++) {
        want[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        ck_assert_int_eq(cosem_hls_gmac_check(&ek, ak, st_server, (const uint8_t *)"K56iVagY", 8,
                                              want, 17, NULL),
                         COSEM_E_DENIED);
        want[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    ck_assert_int_eq(cosem_hls_gmac_check(&ek, ak, st_server, (const uint8_t *)"K56iVagY", 8,
                                          want, 17, NULL),
                     COSEM_OK);
}
END_TEST

START_TEST(test_sha256_mechanism6)
{
    uint8_t out[32], want[32];
    const uint8_t *secret = (const uint8_t *)"Gurux";
    cosem_hls_sha256(secret, 5, st_client, st_server, (const uint8_t *)"P6wRJ21F", 8,
                     (const uint8_t *)"K56iVagY", 8, out);
    tu_hex("f6d1e90a4e1d237972a02ed7f392d165ba5527d922a07c4a22d690397d6888f3", want, 32);
    tu_assert_bytes(out, 32, want, 32);
    cosem_hls_sha256(secret, 5, st_server, st_client, (const uint8_t *)"K56iVagY", 8,
                     (const uint8_t *)"P6wRJ21F", 8, out);
    tu_hex("a4ad3df3cf2a3bc9986e8bdb8e4109dc51710b6e232439c0333a5106cccf42ed", want, 32);
    tu_assert_bytes(out, 32, want, 32);
}
END_TEST

/* A fake non-volatile store: one counter, a write count, a failure switch. */
typedef struct {
    uint64_t value;
    bool stored, fail_store, fail_load;
    unsigned writes;
} nv_t;

static cosem_status_t nv_load(void *user, uint32_t id, uint64_t *v)
{
    nv_t *nv = user;
    ck_assert_uint_eq(id, COSEM_NV_ID_TX_INVOCATION(0));
    if (nv->fail_load) {
        return COSEM_E_IO;
    }
    if (!nv->stored) {
        return COSEM_E_NOTFOUND;
    }
    *v = nv->value;
    return COSEM_OK;
}

static cosem_status_t nv_store(void *user, uint32_t id, uint64_t v)
{
    nv_t *nv = user;
    ck_assert_uint_eq(id, COSEM_NV_ID_TX_INVOCATION(0));
    if (nv->fail_store) {
        return COSEM_E_IO;
    }
    nv->value = v;
    nv->stored = true;
    nv->writes++;
    return COSEM_OK;
}

START_TEST(test_counter_power_cuts)
{
    nv_t nv;
    cosem_port_t port;
    cosem_sec_counter_t c;
    uint32_t ic = 0, last = 0, i, cut;
    memset(&nv, 0, sizeof nv);
    memset(&port, 0, sizeof port);
    port.user = &nv;
    port.nv_load = nv_load;
    port.nv_store = nv_store;
    /* Fresh meter: starts at 1, one write per block of values. */
    ck_assert_int_eq(cosem_sec_counter_start(&c, &port, COSEM_NV_ID_TX_INVOCATION(0)), COSEM_OK);
    for (i = 0; i < 3 * COSEM_SEC_IC_RESERVE; i++) {
        ck_assert_int_eq(cosem_sec_counter_next(&c, &port, &ic), COSEM_OK);
        ck_assert_uint_eq(ic, i + 1u);
        /* Every value handed out is below what the store holds. */
        ck_assert_uint_lt(ic, nv.value);
    }
    ck_assert_uint_eq(nv.writes, 3);
    last = ic;
    /* Power cuts at every point of a block: the restarted counter never
     * hands out a value already used. */
    for (cut = 0; cut < 5; cut++) {
        ck_assert_int_eq(cosem_sec_counter_start(&c, &port, COSEM_NV_ID_TX_INVOCATION(0)),
                         COSEM_OK);
        for (i = 0; i <= cut * 37u; i++) {
            ck_assert_int_eq(cosem_sec_counter_next(&c, &port, &ic), COSEM_OK);
            ck_assert_uint_gt(ic, last);
            last = ic;
        }
        ck_assert_uint_eq(cosem_sec_counter_peek(&c), last + 1u);
    }
    /* A store that fails: no value rather than an unreserved one. */
    ck_assert_int_eq(cosem_sec_counter_start(&c, &port, COSEM_NV_ID_TX_INVOCATION(0)), COSEM_OK);
    nv.fail_store = true;
    ck_assert_int_eq(cosem_sec_counter_next(&c, &port, &ic), COSEM_E_IO);
    nv.fail_store = false;
    ck_assert_int_eq(cosem_sec_counter_next(&c, &port, &ic), COSEM_OK);
    ck_assert_uint_gt(ic, last);
    /* A broken load refuses to start. */
    nv.fail_load = true;
    ck_assert_int_eq(cosem_sec_counter_start(&c, &port, COSEM_NV_ID_TX_INVOCATION(0)),
                     COSEM_E_IO);
    nv.fail_load = false;
    /* Near the end: the last value is never handed out (key must change). */
    nv.value = 0xFFFFFFFEu;
    ck_assert_int_eq(cosem_sec_counter_start(&c, &port, COSEM_NV_ID_TX_INVOCATION(0)), COSEM_OK);
    ck_assert_int_eq(cosem_sec_counter_next(&c, &port, &ic), COSEM_OK);
    ck_assert_uint_eq(ic, 0xFFFFFFFEu);
    ck_assert_int_eq(cosem_sec_counter_next(&c, &port, &ic), COSEM_E_OVERFLOW);
    /* A port without NV memory: the counter lives in RAM (port.h). */
    {
        cosem_port_t none;
        memset(&none, 0, sizeof none);
        ck_assert_int_eq(cosem_sec_counter_start(&c, &none, COSEM_NV_ID_TX_INVOCATION(0)),
                         COSEM_OK);
        ck_assert_int_eq(cosem_sec_counter_next(&c, &none, &ic), COSEM_OK);
        ck_assert_uint_eq(ic, 1);
        ck_assert_int_eq(cosem_sec_counter_next(&c, &none, &ic), COSEM_OK);
        ck_assert_uint_eq(ic, 2);
    }
    /* Key change: back to 1. */
    ck_assert_int_eq(cosem_sec_counter_reset(&c, &port), COSEM_OK);
    ck_assert_int_eq(cosem_sec_counter_next(&c, &port, &ic), COSEM_OK);
    ck_assert_uint_eq(ic, 1);
}
END_TEST

static Suite *hls_suite(void)
{
    Suite *s = suite_create("hls");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_gmac_table43);
    tcase_add_test(tc, test_sha256_mechanism6);
    tcase_add_test(tc, test_counter_power_cuts);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(hls_suite)

#else
int main(void)
{
    return 77;
}
#endif
