/* SPDX-License-Identifier: Apache-2.0 */
/* Ciphered APDUs of security suite 0. Known bytes: the DLMS Green Book
 * (DLMS UA 1000-2 Ed. 8) Table 40 glo-get-request example, as reproduced in
 * public DLMS material (tests of pwitab/dlms-cosem, openmuc jDLMS, the
 * EPRI DLMS-COSEM server "GreenBook server example"): EK
 * 000102...0F, AK D0D1...DF, system title 4D4D4D0000BC614E, invocation
 * counter 01234567, plain get-request C0 01 00 0008 0000010000FF 02 00.
 * The other forms are checked by round trips and by hostile variants. */
#include <string.h>

#include <cosem/security.h>

#include "test_util.h"

#if COSEM_WITH_SECURITY

static const char *const gb_plain = "C0010000080000010000FF0200";

typedef struct {
    cosem_aes128_t ek;
    uint8_t ak[16], st[8];
} keys_t;

static void gb_keys(keys_t *k)
{
    uint8_t ek[16];
    tu_hex("000102030405060708090A0B0C0D0E0F", ek, 16);
    tu_hex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF", k->ak, 16);
    tu_hex("4D4D4D0000BC614E", k->st, 8);
    cosem_aes128_init(&k->ek, ek);
}

static cosem_sec_seal_t seal_of(const keys_t *k, uint8_t form, uint8_t sc, uint32_t ic)
{
    cosem_sec_seal_t s;
    memset(&s, 0, sizeof s);
    s.form = form;
    s.sc = sc;
    s.ic = ic;
    s.system_title = k->st;
    s.key = &k->ek;
    s.ak = k->ak;
    return s;
}

static const struct {
    uint8_t sc;
    const char *apdu;
} gb_table40[] = {
    {0x30, "C81E3001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B"},
    {0x10, "C81E1001234567C0010000080000010000FF020006725D910F9221D263877516"},
    {0x20, "C8122001234567411312FF935A47566827C467BC"},
};

START_TEST(test_green_book_table40)
{
    keys_t k;
    cosem_sec_seal_t s;
    cosem_sec_apdu_t a;
    uint8_t plain[32], want[64], out[64], back[64];
    size_t pl = tu_hex(gb_plain, plain, sizeof plain), wl, n, m;
    gb_keys(&k);
    wl = tu_hex(gb_table40[_i].apdu, want, sizeof want);
    s = seal_of(&k, COSEM_CIPHER_GLO, gb_table40[_i].sc, 0x01234567u);
    ck_assert_int_eq(cosem_sec_apdu_seal(&s, plain, pl, out, sizeof out, &n), COSEM_OK);
    tu_assert_bytes(out, n, want, wl);
    ck_assert_int_eq(cosem_sec_apdu_parse(want, wl, &a), COSEM_OK);
    ck_assert_uint_eq(a.form, COSEM_CIPHER_GLO);
    ck_assert_uint_eq(a.plain_tag, 0xC0);
    ck_assert_uint_eq(a.sc, gb_table40[_i].sc);
    ck_assert_uint_eq(a.ic, 0x01234567u);
    ck_assert_uint_eq(a.body_len, pl);
    ck_assert_int_eq(cosem_sec_apdu_open(&a, &k.ek, k.ak, k.st, back, sizeof back, &m), COSEM_OK);
    tu_assert_bytes(back, m, plain, pl);
    /* Deciphered in place, over the received APDU. */
    ck_assert_int_eq(cosem_sec_apdu_parse(out, n, &a), COSEM_OK);
    ck_assert_int_eq(cosem_sec_apdu_open(&a, &k.ek, k.ak, k.st, out, sizeof out, &m), COSEM_OK);
    tu_assert_bytes(out, m, plain, pl);
    /* Sealed in place: the plain APDU at the start of the output buffer. */
    memcpy(out, plain, pl);
    ck_assert_int_eq(cosem_sec_apdu_seal(&s, out, pl, out, sizeof out, &n), COSEM_OK);
    tu_assert_bytes(out, n, want, wl);
}
END_TEST

/* Each bit of an authenticated APDU's IC, body and tag flipped: refused. */
START_TEST(test_tamper)
{
    keys_t k;
    cosem_sec_apdu_t a;
    uint8_t apdu[64], out[64];
    size_t n = tu_hex(gb_table40[0].apdu, apdu, sizeof apdu), m, bit;
    gb_keys(&k);
    for (bit = 3 * 8; bit < n * 8; bit++) {
        apdu[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        memset(out, 0x5A, sizeof out);
        ck_assert_int_eq(cosem_sec_apdu_parse(apdu, n, &a), COSEM_OK);
        ck_assert_int_eq(cosem_sec_apdu_open(&a, &k.ek, k.ak, k.st, out, sizeof out, &m),
                         COSEM_E_DENIED);
        ck_assert_uint_eq(m, 0);
        ck_assert_uint_eq(out[0] == 0x5A || out[0] == 0, 1);
        apdu[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    /* Wrong key, wrong system title. */
    {
        uint8_t bad[16] = {0};
        cosem_aes128_t wrong;
        cosem_aes128_init(&wrong, bad);
        ck_assert_int_eq(cosem_sec_apdu_parse(apdu, n, &a), COSEM_OK);
        ck_assert_int_eq(cosem_sec_apdu_open(&a, &wrong, k.ak, k.st, out, sizeof out, &m),
                         COSEM_E_DENIED);
        k.st[7] ^= 1u;
        ck_assert_int_eq(cosem_sec_apdu_open(&a, &k.ek, k.ak, k.st, out, sizeof out, &m),
                         COSEM_E_DENIED);
        k.st[7] ^= 1u;
        ck_assert_int_eq(cosem_sec_apdu_open(&a, &k.ek, bad, k.st, out, sizeof out, &m),
                         COSEM_E_DENIED);
        ck_assert_int_eq(cosem_sec_apdu_open(&a, &k.ek, k.ak, k.st, out, 12, &m),
                         COSEM_E_NOSPACE);
    }
}
END_TEST

/* Malformed, truncated or unsupported headers and their status. */
static const struct {
    const char *hex;
    cosem_status_t want;
} bad_headers[] = {
    /* Compression bit, suites 1 and 2: not suite 0. */
    {"C81EB001234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B", COSEM_E_UNSUPPORTED},
    {"C81E3101234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B", COSEM_E_UNSUPPORTED},
    {"C81E3201234567411312FF935A47566827C467BC7D825C3BE4A77C3FCC056B6B", COSEM_E_UNSUPPORTED},
    /* Authenticated but shorter than SC + IC + tag; shorter than SC + IC. */
    {"C8 10 30 01234567 00112233445566778899AA", COSEM_E_TRUNCATED},
    {"C8 04 30 012345", COSEM_E_TRUNCATED},
    /* Not a ciphered tag: plain get-request, a reserved tag. */
    {"C0010000080000010000FF0200", COSEM_E_MALFORMED},
    {"CE010000080000010000FF0200", COSEM_E_MALFORMED},
    /* general-glo-ciphering with a 7-octet system title. */
    {"DB 07 4D4D4D0000BC61 05 20 00000001", COSEM_E_MALFORMED},
    /* general-ciphering with agreed-key key-info. */
    {"DD 00 08 4D4D4D0000BC614E 00 00 00 01 02 00 00 05 20 00000001", COSEM_E_UNSUPPORTED},
};

START_TEST(test_bad_headers)
{
    cosem_sec_apdu_t a;
    uint8_t apdu[80];
    size_t n = tu_hex(gb_table40[0].apdu, apdu, sizeof apdu), i;
    /* Every truncation is an error, never a read past the end. */
    for (i = 0; i < n; i++) {
        ck_assert_int_ne(cosem_sec_apdu_parse(apdu, i, &a), COSEM_OK);
    }
    /* Trailing octet after the content. */
    apdu[n] = 0;
    ck_assert_int_eq(cosem_sec_apdu_parse(apdu, n + 1, &a), COSEM_E_TRAILING);
    for (i = 0; i < sizeof bad_headers / sizeof bad_headers[0]; i++) {
        n = tu_hex(bad_headers[i].hex, apdu, sizeof apdu);
        ck_assert_msg(cosem_sec_apdu_parse(apdu, n, &a) == bad_headers[i].want, "case %u",
                      (unsigned)i);
    }
    ck_assert_int_eq(cosem_sec_apdu_parse(NULL, 0, &a), COSEM_E_ARG);
}
END_TEST

/* Every form and policy: seal, parse, open gives the plain APDU back. */
START_TEST(test_round_trips)
{
    static const uint8_t scs[] = {0x00, 0x10, 0x20, 0x30};
    keys_t k;
    cosem_sec_seal_t s;
    cosem_sec_apdu_t a;
    uint8_t plain[300], out[400], back[400], rt[8];
    size_t n, m, i;
    unsigned form, j;
    gb_keys(&k);
    tu_hex("0102030405060708", rt, 8);
    for (i = 0; i < sizeof plain; i++) {
        plain[i] = (uint8_t)(i * 7u);
    }
    plain[0] = 0xC4; /* get-response */
    for (form = COSEM_CIPHER_GLO; form <= COSEM_CIPHER_GENERAL; form++) {
        for (j = 0; j < sizeof scs; j++) {
            s = seal_of(&k, (uint8_t)form, scs[j], 1000u + j);
            s.recipient_title = rt;
            ck_assert_int_eq(cosem_sec_apdu_seal(&s, plain, sizeof plain, out, sizeof out, &n),
                             COSEM_OK);
            ck_assert_msg(cosem_sec_apdu_parse(out, n, &a) == COSEM_OK, "form %u sc %02X: %s",
                          form, scs[j], tu_hexstr(out, n < 24 ? n : 24));
            ck_assert_uint_eq(a.form, form);
            ck_assert_uint_eq(a.sc, scs[j]);
            ck_assert_uint_eq(a.ic, 1000u + j);
            if (form == COSEM_CIPHER_GLO) {
                ck_assert_uint_eq(out[0], 0xCC);
            } else if (form == COSEM_CIPHER_DED) {
                ck_assert_uint_eq(out[0], 0xD4);
            } else {
                ck_assert_uint_eq(out[0], 0xDB + form - COSEM_CIPHER_GENERAL_GLO);
                tu_assert_bytes(a.system_title.p, a.system_title.len, k.st, 8);
            }
            if (form == COSEM_CIPHER_GENERAL) {
                tu_assert_bytes(a.recipient_title.p, a.recipient_title.len, rt, 8);
                ck_assert_uint_eq(a.key_info, 1);
                ck_assert_uint_eq(a.key_id, 0);
            }
            ck_assert_int_eq(cosem_sec_apdu_open(&a, &k.ek, k.ak, k.st, back, sizeof back, &m),
                             COSEM_OK);
            tu_assert_bytes(back, m, plain, sizeof plain);
            /* Not enough room: refused, nothing written past cap. */
            ck_assert_int_eq(cosem_sec_apdu_seal(&s, plain, sizeof plain, out, n - 1, &m),
                             COSEM_E_NOSPACE);
        }
    }
    /* Only general forms carry APDUs without a glo-/ded- form
     * (data-notification 0x0F). */
    plain[0] = 0x0F;
    s = seal_of(&k, COSEM_CIPHER_GLO, 0x30, 1);
    ck_assert_int_eq(cosem_sec_apdu_seal(&s, plain, 20, out, sizeof out, &n), COSEM_E_UNSUPPORTED);
    s.form = COSEM_CIPHER_GENERAL_GLO;
    ck_assert_int_eq(cosem_sec_apdu_seal(&s, plain, 20, out, sizeof out, &n), COSEM_OK);
    ck_assert_uint_eq(cosem_sec_ciphered_tag(0x01, COSEM_CIPHER_GLO), 0x21);
    ck_assert_uint_eq(cosem_sec_ciphered_tag(0x08, COSEM_CIPHER_GLO), 0x28);
    ck_assert_uint_eq(cosem_sec_ciphered_tag(0x0E, COSEM_CIPHER_DED), 0x4E);
    ck_assert_uint_eq(cosem_sec_ciphered_tag(0xC7, COSEM_CIPHER_DED), 0xD7);
    ck_assert_uint_eq(cosem_sec_ciphered_tag(0xC6, COSEM_CIPHER_GLO), 0);
    ck_assert_uint_eq(cosem_sec_ciphered_tag(0x00, COSEM_CIPHER_GLO), 0);
    ck_assert_uint_eq(cosem_sec_ciphered_tag(0x00, COSEM_CIPHER_DED), 0);
    ck_assert_uint_eq(cosem_sec_ciphered_tag(0xC0, COSEM_CIPHER_GENERAL), 0);
}
END_TEST

static Suite *cipher_suite(void)
{
    Suite *s = suite_create("cipher");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_green_book_table40, 0,
                        (int)(sizeof gb_table40 / sizeof gb_table40[0]));
    tcase_add_test(tc, test_tamper);
    tcase_add_test(tc, test_bad_headers);
    tcase_add_test(tc, test_round_trips);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(cipher_suite)

#else
int main(void)
{
    return 77;
}
#endif
