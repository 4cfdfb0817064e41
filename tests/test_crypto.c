/* SPDX-License-Identifier: Apache-2.0 */
/* Cryptography of security suite 0 against published vectors:
 * - AES-128: FIPS 197 appendix B and C.1, NIST SP 800-38A F.1.1 (ECB);
 * - AES-GCM: the test cases 1-4 of McGrew and Viega, "The Galois/Counter
 *   Mode of Operation (GCM)" (the specification NIST SP 800-38D adopts,
 *   also in NIST CAVP gcmEncryptExtIV128), plus the DLMS Green Book
 *   (DLMS UA 1000-2 Ed. 8) Table 40 glo-get-request and Table 43 HLS
 *   mechanism 5 examples as reproduced in public DLMS material
 *   (e.g. the tests of pwitab/dlms-cosem and openmuc jDLMS);
 * - RFC 3394 section 4.1 key wrap; a 256-bit key under the D0..DF key
 *   computed with pyca/cryptography's aes_key_wrap (independent peer);
 * - SHA-256: FIPS 180-4 / NIST "SHA256.pdf" examples (one-block,
 *   two-block, one million 'a') and the empty string;
 * - MD5 RFC 1321 A.5 and SHA-1 FIPS 180-4 examples (legacy option). */
#include <string.h>

#include <cosem/security.h>

#include "test_util.h"

#if COSEM_WITH_SECURITY

static void aes_check(const char *key, const char *pt, const char *ct)
{
    uint8_t k[16], p[16], c[16], out[16];
    cosem_aes128_t a;
    tu_hex(key, k, 16);
    tu_hex(pt, p, 16);
    tu_hex(ct, c, 16);
    cosem_aes128_init(&a, k);
    cosem_aes128_encrypt(&a, p, out);
    tu_assert_bytes(out, 16, c, 16);
    cosem_aes128_decrypt(&a, c, out);
    tu_assert_bytes(out, 16, p, 16);
    /* In place. */
    memcpy(out, p, 16);
    cosem_aes128_encrypt(&a, out, out);
    tu_assert_bytes(out, 16, c, 16);
}

START_TEST(test_aes_fips197)
{
    aes_check("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff",
              "69c4e0d86a7b0430d8cdb78070b4c55a");
    aes_check("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734",
              "3925841d02dc09fbdc118597196a0b32");
    /* SP 800-38A F.1.1 ECB-AES128 blocks 1-4. */
    aes_check("2b7e151628aed2a6abf7158809cf4f3c", "6bc1bee22e409f96e93d7e117393172a",
              "3ad77bb40d7a3660a89ecaf32466ef97");
    aes_check("2b7e151628aed2a6abf7158809cf4f3c", "ae2d8a571e03ac9c9eb76fac45af8e51",
              "f5d3d58503b9699de785895a96fdbaaf");
    aes_check("2b7e151628aed2a6abf7158809cf4f3c", "30c81c46a35ce411e5fbc1191a0a52ef",
              "43b1cd7f598ece23881b00e3ed030688");
    aes_check("2b7e151628aed2a6abf7158809cf4f3c", "f69f2445df4f9b17ad2b417be66c3710",
              "7b0c785e27e8ad3f8223207104725dd4");
}
END_TEST

/* A block cipher "peripheral" that counts its calls and runs the software
 * cipher, to check that every layer goes through the hook. */
static unsigned hook_calls;
static void hook_encrypt(void *user, const uint8_t key[16], const uint8_t in[16], uint8_t out[16])
{
    cosem_aes128_t soft;
    hook_calls++;
    ck_assert_ptr_eq(user, &hook_calls);
    cosem_aes128_init(&soft, key);
    cosem_aes128_encrypt(&soft, in, out);
}

START_TEST(test_aes_hook)
{
    uint8_t k[16], p[16], out[16];
    cosem_aes128_t a;
    tu_hex("000102030405060708090a0b0c0d0e0f", k, 16);
    tu_hex("00112233445566778899aabbccddeeff", p, 16);
    hook_calls = 0;
    cosem_aes128_init_hook(&a, k, hook_encrypt, &hook_calls);
    cosem_aes128_encrypt(&a, p, out);
    ck_assert_uint_eq(hook_calls, 1);
    tu_assert_bytes(out, 16, "\x69\xc4\xe0\xd8\x6a\x7b\x04\x30\xd8\xcd\xb7\x80\x70\xb4\xc5\x5a", 16);
    /* Decryption is software even with a hook. */
    cosem_aes128_decrypt(&a, out, out);
    tu_assert_bytes(out, 16, p, 16);
    ck_assert_uint_eq(hook_calls, 1);
}
END_TEST

typedef struct {
    const char *key, *iv, *pt, *aad, *ct, *tag;
} gcm_vec_t;

static const gcm_vec_t gcm_vectors[] = {
    /* McGrew-Viega test case 1 */
    {"00000000000000000000000000000000", "000000000000000000000000", "", "", "",
     "58e2fccefa7e3061367f1d57a4e7455a"},
    /* test case 2 */
    {"00000000000000000000000000000000", "000000000000000000000000",
     "00000000000000000000000000000000", "", "0388dace60b6a392f328c2b971b2fe78",
     "ab6e47d42cec13bdf53a67b21257bddf"},
    /* test case 3 */
    {"feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
     "",
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    /* test case 4 */
    {"feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    /* Green Book Table 40, glo-get-request, SC 0x30: EK 00..0F, IV = system
     * title 4D4D4D0000BC614E || IC 01234567, AAD = SC || AK (D0..DF). */
    {"000102030405060708090a0b0c0d0e0f", "4d4d4d0000bc614e01234567",
     "c0010000080000010000ff0200", "30d0d1d2d3d4d5d6d7d8d9dadbdcdddedf",
     "411312ff935a47566827c467bc", "7d825c3be4a77c3fcc056b6b"},
    /* Table 40, SC 0x10 (authentication only): AAD = SC || AK || APDU. */
    {"000102030405060708090a0b0c0d0e0f", "4d4d4d0000bc614e01234567", "",
     "10d0d1d2d3d4d5d6d7d8d9dadbdcdddedfc0010000080000010000ff0200", "",
     "06725d910f9221d263877516"},
    /* Table 43, HLS mechanism 5 pass 3: f(StoC) by the client (system title
     * 4D4D4D0000000001, IC 1), AAD = SC 0x10 || AK || StoC "P6wRJ21F". */
    {"000102030405060708090a0b0c0d0e0f", "4d4d4d000000000100000001", "",
     "10d0d1d2d3d4d5d6d7d8d9dadbdcdddedf50367752" "4a323146", "",
     "1a52fe7dd3e72748973c1e28"},
    /* Table 43 pass 4: f(CtoS) "K56iVagY" by the server. */
    {"000102030405060708090a0b0c0d0e0f", "4d4d4d0000bc614e01234567", "",
     "10d0d1d2d3d4d5d6d7d8d9dadbdcdddedf4b353669" "56616759", "",
     "fe1466afb3dbcd4f9389e2b7"},
};

START_TEST(test_gcm_vectors)
{
    const gcm_vec_t *v = &gcm_vectors[_i];
    uint8_t key[16], iv[12], pt[64], aad[64], ct[64], tag[16], out[64], got_tag[16];
    size_t pl = tu_hex(v->pt, pt, sizeof pt), al = tu_hex(v->aad, aad, sizeof aad);
    size_t cl = tu_hex(v->ct, ct, sizeof ct), tl = tu_hex(v->tag, tag, sizeof tag);
    cosem_aes128_t a;
    tu_hex(v->key, key, 16);
    tu_hex(v->iv, iv, 12);
    ck_assert_uint_eq(pl, cl);
    cosem_aes128_init(&a, key);
    ck_assert_int_eq(cosem_gcm_encrypt(&a, iv, aad, al, pt, out, pl, got_tag, tl), COSEM_OK);
    tu_assert_bytes(out, cl, ct, cl);
    tu_assert_bytes(got_tag, tl, tag, tl);
    memset(out, 0xAA, sizeof out);
    ck_assert_int_eq(cosem_gcm_decrypt(&a, iv, aad, al, ct, out, cl, tag, tl), COSEM_OK);
    tu_assert_bytes(out, pl, pt, pl);
    /* Any flipped bit of tag, AAD or ciphertext is refused and no
     * plaintext is released. */
    tag[tl - 1] ^= 0x01u;
    memset(out, 0xAA, sizeof out);
    ck_assert_int_eq(cosem_gcm_decrypt(&a, iv, aad, al, ct, out, cl, tag, tl), COSEM_E_DENIED);
    if (cl > 0) {
        ck_assert_uint_eq(out[0], 0);
    }
    tag[tl - 1] ^= 0x01u;
    if (al > 0) {
        aad[al - 1] ^= 0x80u;
        ck_assert_int_eq(cosem_gcm_decrypt(&a, iv, aad, al, ct, out, cl, tag, tl),
                         COSEM_E_DENIED);
        aad[al - 1] ^= 0x80u;
    }
    if (cl > 0) {
        ct[0] ^= 0x01u;
        ck_assert_int_eq(cosem_gcm_decrypt(&a, iv, aad, al, ct, out, cl, tag, tl),
                         COSEM_E_DENIED);
        ct[0] ^= 0x01u;
    }
    /* In place. */
    memcpy(out, pt, pl);
    ck_assert_int_eq(cosem_gcm_encrypt(&a, iv, aad, al, out, out, pl, got_tag, tl), COSEM_OK);
    tu_assert_bytes(out, cl, ct, cl);
}
END_TEST

START_TEST(test_gcm_args)
{
    uint8_t key[16] = {0}, iv[12] = {0}, tag[16];
    cosem_aes128_t a;
    cosem_aes128_init(&a, key);
    ck_assert_int_eq(cosem_gcm_encrypt(&a, iv, NULL, 0, NULL, NULL, 0, tag, 17), COSEM_E_ARG);
    ck_assert_int_eq(cosem_gcm_encrypt(&a, iv, NULL, 1, NULL, NULL, 0, tag, 12), COSEM_E_ARG);
    ck_assert_int_eq(cosem_gcm_encrypt(&a, iv, NULL, 0, NULL, NULL, 4, tag, 12), COSEM_E_ARG);
    ck_assert_int_eq(cosem_gcm_decrypt(&a, iv, NULL, 0, NULL, NULL, 0, tag, 17), COSEM_E_ARG);
}
END_TEST

START_TEST(test_keywrap_rfc3394)
{
    uint8_t kek[16], data[32], wrapped[40], want[40], out[32];
    cosem_aes128_t k;
    size_t wl;
    tu_hex("000102030405060708090A0B0C0D0E0F", kek, 16);
    tu_hex("00112233445566778899AABBCCDDEEFF", data, 16);
    wl = tu_hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5", want, sizeof want);
    cosem_aes128_init(&k, kek);
    ck_assert_int_eq(cosem_keywrap(&k, data, 16, wrapped), COSEM_OK);
    tu_assert_bytes(wrapped, 24, want, wl);
    ck_assert_int_eq(cosem_keyunwrap(&k, wrapped, 24, out), COSEM_OK);
    tu_assert_bytes(out, 16, data, 16);
    /* Any flipped bit fails the integrity check; the output is cleared. */
    {
        size_t bit;
        for (bit = 0; bit < 24 * 8; bit += 7) {
            wrapped[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            memset(out, 0x55, sizeof out);
            ck_assert_int_eq(cosem_keyunwrap(&k, wrapped, 24, out), COSEM_E_DENIED);
            ck_assert_uint_eq(out[0] | out[15], 0);
            wrapped[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
    }
    /* 256 bits of key data under the Green Book authentication key,
     * computed with pyca/cryptography aes_key_wrap. */
    tu_hex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF", kek, 16);
    cosem_aes128_init(&k, kek);
    {
        size_t i;
        for (i = 0; i < 32; i++) {
            data[i] = (uint8_t)i;
        }
    }
    wl = tu_hex("6c9e58faf15dc9ffa749f9d0b99bf1b3bd14e7aab5b6ad1fd5e237265ef85175"
                "859672d7fe74bd40", want, sizeof want);
    ck_assert_int_eq(cosem_keywrap(&k, data, 32, wrapped), COSEM_OK);
    tu_assert_bytes(wrapped, 40, want, wl);
    ck_assert_int_eq(cosem_keyunwrap(&k, wrapped, 40, out), COSEM_OK);
    tu_assert_bytes(out, 32, data, 32);
    /* Lengths that are not n * 8 with n >= 2 (+8 wrapped) are refused. */
    ck_assert_int_eq(cosem_keywrap(&k, data, 8, wrapped), COSEM_E_ARG);
    ck_assert_int_eq(cosem_keywrap(&k, data, 20, wrapped), COSEM_E_ARG);
    ck_assert_int_eq(cosem_keyunwrap(&k, wrapped, 16, out), COSEM_E_ARG);
    ck_assert_int_eq(cosem_keyunwrap(&k, wrapped, 25, out), COSEM_E_ARG);
    ck_assert_int_eq(cosem_keyunwrap(&k, wrapped, 0, out), COSEM_E_ARG);
}
END_TEST

static void sha_check(const char *msg, const char *digest)
{
    uint8_t out[32], want[32];
    size_t i, n = strlen(msg);
    cosem_sha256_t c;
    tu_hex(digest, want, 32);
    cosem_sha256((const uint8_t *)msg, n, out);
    tu_assert_bytes(out, 32, want, 32);
    /* Fed one octet at a time: the same digest. */
    cosem_sha256_init(&c);
    for (i = 0; i < n; i++) {
        cosem_sha256_update(&c, (const uint8_t *)msg + i, 1);
    }
    cosem_sha256_final(&c, out);
    tu_assert_bytes(out, 32, want, 32);
}

START_TEST(test_sha256_fips180)
{
    uint8_t a[1000], out[32], want[32];
    cosem_sha256_t c;
    int i;
    sha_check("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha_check("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha_check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    memset(a, 'a', sizeof a);
    cosem_sha256_init(&c);
    for (i = 0; i < 1000; i++) {
        cosem_sha256_update(&c, a, sizeof a);
    }
    cosem_sha256_final(&c, out);
    tu_hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want, 32);
    tu_assert_bytes(out, 32, want, 32);
}
END_TEST

#if COSEM_WITH_HLS_LEGACY
/* RFC 1321 A.5 (MD5) and FIPS 180-4 examples (SHA-1). */
static const struct {
    int sha1;
    const char *msg, *digest;
} legacy_vectors[] = {
    {0, "", "d41d8cd98f00b204e9800998ecf8427e"},
    {0, "abc", "900150983cd24fb0d6963f7d28e17f72"},
    {0, "1234567890123456789012345678901234567890123456789012345678901234567890"
        "1234567890", "57edf4a22be3c955ac49da2e2107b67a"},
    {1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {1, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
};

START_TEST(test_legacy_hashes)
{
    uint8_t out[20], want[20];
    const char *m = legacy_vectors[_i].msg;
    size_t n = tu_hex(legacy_vectors[_i].digest, want, sizeof want);
    if (legacy_vectors[_i].sha1) {
        cosem_sha1((const uint8_t *)m, strlen(m), out);
    } else {
        cosem_md5((const uint8_t *)m, strlen(m), out);
    }
    tu_assert_bytes(out, n, want, n);
}
END_TEST
#endif

static Suite *crypto_suite(void)
{
    Suite *s = suite_create("crypto");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_aes_fips197);
    tcase_add_test(tc, test_aes_hook);
    tcase_add_loop_test(tc, test_gcm_vectors, 0, (int)(sizeof gcm_vectors / sizeof gcm_vectors[0]));
    tcase_add_test(tc, test_gcm_args);
    tcase_add_test(tc, test_keywrap_rfc3394);
    tcase_add_test(tc, test_sha256_fips180);
#if COSEM_WITH_HLS_LEGACY
    tcase_add_loop_test(tc, test_legacy_hashes, 0,
                        (int)(sizeof legacy_vectors / sizeof legacy_vectors[0]));
#endif
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(crypto_suite)

#else
int main(void)
{
    return 77;
}
#endif
