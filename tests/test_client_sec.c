/* SPDX-License-Identifier: Apache-2.0 */
/* Client security suite 0 against our server in memory: HLS-GMAC
 * (mechanism 5, four passes) with authenticated-and-encrypted ciphering
 * (SC 0x30), Green Book example keys and titles (EK 000102..0F, AK
 * D0D1..DF, client 4D4D4D0000000001, server 4D4D4D0000BC614E, the values of
 * tests/vectors/guruxpy-client_libcosem-server_wrapper_hls5_authenc.txt).
 * The client's AARQ carries its title and challenge and a glo-initiate-
 * request; the AARE's glo-initiate-response opens with the server's title;
 * reply_to_HLS_authentication goes ciphered and the server's f(CtoS) is
 * checked; every GET after goes glo-ciphered and its answer is deciphered.
 * A wrong authentication key: the association fails, layer ASSOCIATION. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/client.h>
#include <cosem/security.h>

#include "test_server_fixture.h"

#if COSEM_WITH_SECURITY

static const uint8_t ek_bytes[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                     0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F};
static const uint8_t ak_bytes[16] = {0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7,
                                     0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF};
static const uint8_t st_server[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E};
static const uint8_t st_client[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1};

static cosem_security_t sec;
static uint8_t sec_buf[1024];
static uint8_t rng_next = 0x40;

static cosem_status_t fake_random(void *user, uint8_t *buf, size_t n)
{
    (void)user;
    for (size_t i = 0; i < n; ++i) {
        buf[i] = rng_next++;
    }
    return COSEM_OK;
}

static const cosem_port_t port = {NULL, NULL, NULL, NULL, fake_random, NULL,
                                  NULL, NULL, NULL, NULL};

/* ---- the client on the bare-APDU link, the server behind fx_a ---------- */

static uint8_t req[4096];
static size_t req_len;
static bool pending;
static int n_values;
static uint8_t value[64];
static size_t value_len;

static cosem_status_t c_send(void *user, const uint8_t *data, size_t len)
{
    (void)user;
    ck_assert_uint_le(len, sizeof req);
    memcpy(req, data, len);
    req_len = len;
    pending = true;
    return COSEM_OK;
}

static cosem_status_t c_data(void *user, const cosem_client_data_t *d)
{
    (void)user;
    if (d->kind == COSEM_CLIENT_DATA_VALUE && d->len <= sizeof value) {
        memcpy(value, d->data, d->len);
        value_len = d->len;
        n_values++;
    }
    return COSEM_OK;
}

static void run_secret_mech(uint8_t mech);

/* Runs requests through the association; each request must be ciphered
 * once associated (glo-get/action-request) when `ciphered`. */
static void pump(cosem_client_t *c)
{
    for (int guard = 0; pending && guard < 100; ++guard) {
        pending = false;
        if (getenv("TRACE")) fprintf(stderr, "C> %s\n", tu_hexstr(req, req_len));
        ck_assert_int_eq(cosem_assoc_handle(&fx_a, req, req_len, fx_out, sizeof fx_out,
                                            &fx_out_len),
                         COSEM_OK);
        if (getenv("TRACE")) fprintf(stderr, "S> %s\n", tu_hexstr(fx_out, fx_out_len));
        if (fx_out_len > 0) {
            ck_assert_int_eq(cosem_client_feed(c, fx_out, fx_out_len, 0), COSEM_OK);
        }
    }
}

static uint8_t server_policy = COSEM_POLICY_AUTH_ENC;

static void server_setup_mech(uint8_t mech)
{
    cosem_security_config_t sc;
    fx_setup(FX_HLS);
    memset(&sc, 0, sizeof sc);
    sc.system_title = st_server;
    sc.ek = ek_bytes;
    sc.ak = ak_bytes;
    sc.policy = server_policy;
    sc.buf = sec_buf;
    sc.cap = sizeof sec_buf;
    ck_assert_int_eq(cosem_security_init(&sec, &sc, &port), COSEM_OK);
    fx_assocs[2].mechanism = mech;
    fx_assocs[2].security = &sec;
    fx_hls.len = 5;
    memcpy(fx_hls.buf, "Gurux", 5); /* the HLS-SHA256 secret */
    fx_server.cfg_.port = &port; /* white box: the fixture has no port */
}

static void server_setup(void)
{
    server_setup_mech(COSEM_AUTH_HLS_GMAC);
}

static const uint8_t *client_dk; /* dedicated key of the next client_setup */

static uint8_t client_security = 0x30;

static void client_setup(cosem_client_t *c, uint8_t *buf, size_t len, const uint8_t *ak)
{
    cosem_client_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.link = COSEM_CLIENT_LINK_APDU;
    cfg.client_sap = FX_HLS;
    cfg.auth = COSEM_AUTH_HLS_GMAC;
    cfg.security = client_security;
    cfg.ek = ek_bytes;
    cfg.ak = ak;
    cfg.system_title = st_client;
    cfg.invocation_counter = 1;
    cfg.random = fake_random;
    cfg.dk = client_dk;
    cfg.send.fn = c_send;
    ck_assert_int_eq(cosem_client_init(c, &cfg, buf, len), COSEM_OK);
}

START_TEST(hls_gmac_auth_enc)
{
    static uint8_t buf[16384];
    static cosem_client_t c;
    static const cosem_attr_ref_t ldn = {1, {0, 0, 42, 0, 0, 255}, 2};
    server_setup();
    client_setup(&c, buf, sizeof buf, ak_bytes);
    ck_assert_int_eq(cosem_client_connect(&c, 0), COSEM_OK);
    ck_assert(pending);
    ck_assert_uint_eq(req[0], COSEM_APDU_AARQ);
    pump(&c);
    ck_assert_int_eq(cosem_client_error(&c)->status, COSEM_OK);
    ck_assert_int_eq(cosem_client_state(&c), COSEM_CLIENT_ASSOCIATED);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
    /* a GET: glo-get-request (0xC8) out, the value back deciphered */
    n_values = 0;
    ck_assert_int_eq(cosem_client_get(&c, &ldn, NULL, c_data, NULL, 0), COSEM_OK);
    ck_assert_uint_eq(req[0], 0xC8);
    ck_assert_uint_eq(req[2], 0x30); /* security control: authenticated and encrypted */
    pump(&c);
    ck_assert_int_eq(cosem_client_error(&c)->status, COSEM_OK);
    ck_assert_int_eq(n_values, 1);
    tu_assert_bytes(value, value_len, (const uint8_t *)"\x09\x10LCM0000000000001", 18);
    /* the next request uses the next invocation counter */
    ck_assert_int_eq(cosem_client_get(&c, &ldn, NULL, c_data, NULL, 0), COSEM_OK);
    /* IC 1 the initiate, 2 f(StoC), 3 the APDU carrying it, 4 the first GET
     * (as Gurux.DLMS.Python does), 5 this one */
    ck_assert_uint_eq(req[6], 5);
    pump(&c);
    ck_assert_int_eq(n_values, 2);
}
END_TEST

/* Every policy with HLS-GMAC: none, authenticated, encrypted, both (the
 * client's security control bits 0x00 / 0x10 / 0x20 / 0x30 meeting the
 * server's policy); a client weaker than the policy is refused. */
START_TEST(every_policy)
{
    static uint8_t buf[16384];
    static cosem_client_t c;
    static const cosem_attr_ref_t ldn = {1, {0, 0, 42, 0, 0, 255}, 2};
    static const uint8_t policies[4] = {COSEM_POLICY_NONE, COSEM_POLICY_AUTH, COSEM_POLICY_ENC,
                                        COSEM_POLICY_AUTH_ENC};
    static const uint8_t sc[4] = {0x00, 0x10, 0x20, 0x30};
    for (int k = 0; k < 4; ++k) {
        server_policy = policies[k];
        client_security = sc[k];
        server_setup();
        client_setup(&c, buf, sizeof buf, ak_bytes);
        ck_assert_int_eq(cosem_client_connect(&c, 0), COSEM_OK);
        pump(&c);
        ck_assert_msg(cosem_client_error(&c)->status == COSEM_OK, "policy %d", k);
        n_values = 0;
        ck_assert_int_eq(cosem_client_get(&c, &ldn, NULL, c_data, NULL, 0), COSEM_OK);
        ck_assert_uint_eq(req[0], k == 0 ? 0xC0 : 0xC8);
        pump(&c);
        ck_assert_int_eq(n_values, 1);
    }
    /* authenticated only against an auth-enc policy: refused */
    server_policy = COSEM_POLICY_AUTH_ENC;
    client_security = 0x10;
    server_setup();
    client_setup(&c, buf, sizeof buf, ak_bytes);
    ck_assert_int_eq(cosem_client_connect(&c, 0), COSEM_OK);
    pump(&c);
    ck_assert_int_ne(cosem_client_error(&c)->status, COSEM_OK);
    client_security = 0x30;
}
END_TEST

/* With a dedicated key in the glo-initiate-request: every request after
 * the AARQ goes ded-ciphered (ded-get-request 0xD0) and the server's
 * ded-ciphered answers are opened with that key. */
START_TEST(hls_gmac_dedicated_key)
{
    static uint8_t buf[16384];
    static cosem_client_t c;
    static const uint8_t dk[16] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                                   0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00};
    static const cosem_attr_ref_t ldn = {1, {0, 0, 42, 0, 0, 255}, 2};
    server_setup();
    client_dk = dk;
    client_setup(&c, buf, sizeof buf, ak_bytes);
    client_dk = NULL;
    ck_assert_int_eq(cosem_client_connect(&c, 0), COSEM_OK);
    pump(&c);
    ck_assert_int_eq(cosem_client_error(&c)->status, COSEM_OK);
    ck_assert_int_eq(cosem_client_state(&c), COSEM_CLIENT_ASSOCIATED);
    n_values = 0;
    ck_assert_int_eq(cosem_client_get(&c, &ldn, NULL, c_data, NULL, 0), COSEM_OK);
    ck_assert_uint_eq(req[0], 0xD0); /* ded-get-request */
    pump(&c);
    ck_assert_int_eq(cosem_client_error(&c)->status, COSEM_OK);
    ck_assert_int_eq(n_values, 1);
    tu_assert_bytes(value, value_len, (const uint8_t *)"\x09\x10LCM0000000000001", 18);
}
END_TEST

/* HLS mechanism 6 (SHA-256 of the secret, both titles and both
 * challenges) with auth-enc ciphering; a wrong secret is refused. */
START_TEST(hls_sha256_auth_enc)
{
    run_secret_mech(COSEM_AUTH_HLS_SHA256);
}
END_TEST

#if COSEM_WITH_HLS_LEGACY
/* Mechanisms 3 (MD5) and 4 (SHA-1) of old meters, f = H(challenge || secret). */
START_TEST(hls_legacy_md5_sha1)
{
    run_secret_mech(COSEM_AUTH_HLS_MD5);
    run_secret_mech(COSEM_AUTH_HLS_SHA1);
}
END_TEST
#endif

/* HLS with a secret (mechanisms 3, 4, 6) and auth-enc ciphering: the right
 * secret associates and reads, a wrong one is refused. */
static void run_secret_mech(uint8_t mech)
{
    static uint8_t buf[16384];
    static cosem_client_t c;
    static const cosem_attr_ref_t ldn = {1, {0, 0, 42, 0, 0, 255}, 2};
    static const char *const secrets[2] = {"Gurux", "Guruy"};
    for (int k = 0; k < 2; ++k) {
        cosem_client_config_t cfg;
        server_setup_mech(mech);
        memset(&cfg, 0, sizeof cfg);
        cfg.link = COSEM_CLIENT_LINK_APDU;
        cfg.client_sap = FX_HLS;
        cfg.auth = mech;
        cfg.password = (const uint8_t *)secrets[k];
        cfg.password_len = 5;
        cfg.security = 0x30;
        cfg.ek = ek_bytes;
        cfg.ak = ak_bytes;
        cfg.system_title = st_client;
        cfg.invocation_counter = 1;
        cfg.random = fake_random;
        cfg.send.fn = c_send;
        ck_assert_int_eq(cosem_client_init(&c, &cfg, buf, sizeof buf), COSEM_OK);
        ck_assert_int_eq(cosem_client_connect(&c, 0), COSEM_OK);
        pump(&c);
        if (k == 1) {
            ck_assert_int_eq(cosem_client_error(&c)->layer, COSEM_CLIENT_LAYER_ASSOCIATION);
            ck_assert_int_ne(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
            continue;
        }
        ck_assert_int_eq(cosem_client_error(&c)->status, COSEM_OK);
        ck_assert_int_eq(cosem_client_state(&c), COSEM_CLIENT_ASSOCIATED);
        n_values = 0;
        ck_assert_int_eq(cosem_client_get(&c, &ldn, NULL, c_data, NULL, 0), COSEM_OK);
        pump(&c);
        ck_assert_int_eq(n_values, 1);
    }
}

/* A wrong authentication key: the server does not accept the reply (or the
 * initiate), the association fails at its layer and the server is idle. */
START_TEST(hls_gmac_wrong_key)
{
    static uint8_t buf[16384];
    static cosem_client_t c;
    uint8_t bad[16];
    memcpy(bad, ak_bytes, 16);
    bad[15] ^= 1u;
    server_setup();
    client_setup(&c, buf, sizeof buf, bad);
    ck_assert_int_eq(cosem_client_connect(&c, 0), COSEM_OK);
    pump(&c);
    ck_assert_int_ne(cosem_client_error(&c)->status, COSEM_OK);
    ck_assert_int_eq(cosem_client_error(&c)->layer, COSEM_CLIENT_LAYER_ASSOCIATION);
    ck_assert_int_ne(cosem_client_state(&c), COSEM_CLIENT_ASSOCIATED);
    ck_assert_int_ne(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
}
END_TEST

/* Configuration checks: HLS without keys or randomness is refused. */
START_TEST(config_checks)
{
    static uint8_t buf[16384];
    cosem_client_t c;
    cosem_client_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.link = COSEM_CLIENT_LINK_APDU;
    cfg.auth = COSEM_AUTH_HLS_GMAC;
    cfg.send.fn = c_send;
    ck_assert_int_eq(cosem_client_init(&c, &cfg, buf, sizeof buf), COSEM_E_ARG);
    cfg.ek = ek_bytes;
    cfg.ak = ak_bytes;
    cfg.system_title = st_client;
    ck_assert_int_eq(cosem_client_init(&c, &cfg, buf, sizeof buf), COSEM_E_ARG); /* no random */
    cfg.random = fake_random;
    ck_assert_int_eq(cosem_client_init(&c, &cfg, buf, sizeof buf), COSEM_OK);
    cfg.security = 0x31;
    ck_assert_int_eq(cosem_client_init(&c, &cfg, buf, sizeof buf), COSEM_E_ARG);
    cfg.security = 0;
    cfg.auth = COSEM_AUTH_HLS_SHA256; /* needs its secret */
    ck_assert_int_eq(cosem_client_init(&c, &cfg, buf, sizeof buf), COSEM_E_ARG);
#if !COSEM_WITH_HLS_LEGACY
    cfg.auth = COSEM_AUTH_HLS_MD5; /* only with COSEM_WITH_HLS_LEGACY */
    ck_assert_int_eq(cosem_client_init(&c, &cfg, buf, sizeof buf), COSEM_E_UNSUPPORTED);
#endif
}
END_TEST

#endif

static Suite *client_sec_suite(void)
{
    Suite *s = suite_create("client_sec");
    TCase *tc = tcase_create("core");
#if COSEM_WITH_SECURITY
    tcase_add_test(tc, hls_gmac_auth_enc);
    tcase_add_test(tc, hls_gmac_wrong_key);
    tcase_add_test(tc, hls_sha256_auth_enc);
    tcase_add_test(tc, hls_gmac_dedicated_key);
    tcase_add_test(tc, every_policy);
#if COSEM_WITH_HLS_LEGACY
    tcase_add_test(tc, hls_legacy_md5_sha1);
#endif
    tcase_add_test(tc, config_checks);
#endif
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(client_sec_suite)
