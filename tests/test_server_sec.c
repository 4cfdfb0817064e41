/* SPDX-License-Identifier: Apache-2.0 */
/* Server security suite 0 in memory: HLS mechanism 5 (GMAC) and 6
 * (SHA-256) four-pass association with a glo-initiate-request, ciphered
 * GET/ACTION in glo-, ded- and general-glo- forms under every policy, and
 * the bad inputs of issue #15 (replay, tampered tag, wrong key, weaker
 * protection than the policy, ciphered APDU on an unciphered association,
 * HLS reply before the challenge, wrong and second HLS replies), each
 * followed by a valid request that must still work. The test plays the
 * client with the library's own primitives, which test_crypto, test_cipher
 * and test_hls check against the Green Book and NIST vectors. */
#include <cosem/config.h>

#include "test_server_fixture.h"

#if COSEM_WITH_SECURITY

#include <cosem/security.h>

static const uint8_t ek_bytes[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t ak_bytes[16] = {0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7,
                                     0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF};
static const uint8_t st_server[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E};
static const uint8_t st_client[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1};
static const uint8_t dk_bytes[16] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                                     0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00};

static cosem_security_t sec;
static uint8_t sec_buf[1024];
static cosem_aes128_t ek, dk;
static uint32_t client_ic;
static uint8_t rng_next;
static uint64_t nv_value;
static unsigned nv_writes;
static uint8_t stoc[64];
static size_t stoc_len;

static cosem_status_t fake_random(void *user, uint8_t *buf, size_t n)
{
    (void)user;
    for (size_t i = 0; i < n; ++i) {
        buf[i] = rng_next++;
    }
    return COSEM_OK;
}

static cosem_status_t fake_load(void *user, uint32_t id, uint64_t *v)
{
    (void)user;
    (void)id;
    *v = nv_value;
    return nv_writes > 0u ? COSEM_OK : COSEM_E_NOTFOUND;
}

static cosem_status_t fake_store(void *user, uint32_t id, uint64_t v)
{
    (void)user;
    (void)id;
    nv_value = v;
    nv_writes++;
    return COSEM_OK;
}

static const cosem_port_t port = {NULL, NULL, NULL, NULL, fake_random, NULL,
                                  NULL, fake_load, fake_store, NULL};

/* The fixture's HLS association (client 0x30) gets mechanism `mech` and a
 * security context with `policy`. */
/* Keys the context reported through key_changed (last one). */
static int keys_changed;
static uint8_t key_changed_id, key_changed_val[16];

static void on_key_changed(void *user, uint8_t id, const uint8_t key[16])
{
    (void)user;
    keys_changed++;
    key_changed_id = id;
    memcpy(key_changed_val, key, 16);
}

/* The server's security context with the Green Book keys. */
static void sec_init(uint8_t policy, const uint8_t *kek)
{
    cosem_security_config_t c;
    memset(&c, 0, sizeof c);
    keys_changed = 0;
    c.key_changed = on_key_changed;
    c.system_title = st_server;
    c.ek = ek_bytes;
    c.ak = ak_bytes;
    c.kek = kek;
    c.policy = policy;
    c.buf = sec_buf;
    c.cap = sizeof sec_buf;
    ck_assert_int_eq(cosem_security_init(&sec, &c, &port), COSEM_OK);
}

static void setup(uint8_t mech, uint8_t policy)
{
    fx_setup(FX_HLS);
    sec_init(policy, NULL);
    fx_assocs[2].mechanism = mech;
    fx_assocs[2].security = &sec;
    fx_hls.len = 5;
    memcpy(fx_hls.buf, "Gurux", 5);
    fx_server.cfg_.port = &port;
    cosem_aes128_init(&ek, ek_bytes);
    cosem_aes128_init(&dk, dk_bytes);
    client_ic = 1;
}

/* The client's sealing parameters for the next request. */
static cosem_sec_seal_t client_seal(uint8_t form, uint8_t sc)
{
    cosem_sec_seal_t s;
    memset(&s, 0, sizeof s);
    s.form = form;
    s.sc = sc;
    s.ic = client_ic++;
    s.system_title = st_client;
    s.key = (form == COSEM_CIPHER_DED || form == COSEM_CIPHER_GENERAL_DED) ? &dk : &ek;
    s.ak = ak_bytes;
    return s;
}

/* Client side: protect `plain` in `form` with SC `sc`, send it, and
 * return the deciphered response (0 octets when there is none, or the
 * plain exception-response). */
static size_t xchg(uint8_t form, uint8_t sc, const uint8_t *plain, size_t n, uint8_t *rsp)
{
    cosem_sec_seal_t s = client_seal(form, sc);
    cosem_sec_apdu_t p;
    uint8_t apdu[600];
    size_t m = 0, k = 0;
    ck_assert_int_eq(cosem_sec_apdu_seal(&s, plain, n, apdu, sizeof apdu, &m), COSEM_OK);
    fx_send_raw(apdu, m);
    if (fx_out_len == 0u || fx_out[0] == COSEM_APDU_EXCEPTION_RESPONSE) {
        memcpy(rsp, fx_out, fx_out_len);
        return fx_out_len;
    }
    ck_assert_int_eq(cosem_sec_apdu_parse(fx_out, fx_out_len, &p), COSEM_OK);
    ck_assert_int_eq(cosem_sec_apdu_open(&p, s.key, ak_bytes, st_server, rsp, 600, &k), COSEM_OK);
    return k;
}

/* AARQ: LN with ciphering, calling-AP-title, mechanism, CtoS "K56iVagY",
 * glo-initiate-request (SC 0x30) with a dedicated key; checks the AARE. */
static void associate_hls(uint8_t mech, bool expect_pending)
{
    cosem_initiate_request_t ir;
    cosem_aarq_t q;
    cosem_aare_t e;
    cosem_sec_seal_t s;
    cosem_sec_apdu_t p;
    cosem_axdr_writer_t w;
    uint8_t ini[64], gini[96], aarq[256], plain[64];
    size_t n, m;
    memset(&ir, 0, sizeof ir);
    ir.dedicated_key.p = dk_bytes;
    ir.dedicated_key.len = 16;
    ir.response_allowed = true;
    ir.dlms_version = 6;
    ir.conformance = FX_CONF_ALL;
    ir.max_pdu = 0x400;
    cosem_axdr_writer_init(&w, ini, sizeof ini);
    ck_assert_int_eq(cosem_initiate_request_encode(&w, &ir), COSEM_OK);
    s = client_seal(COSEM_CIPHER_GLO, 0x30);
    ck_assert_int_eq(cosem_sec_apdu_seal(&s, ini, cosem_axdr_writer_len(&w), gini, sizeof gini,
                                         &n),
                     COSEM_OK);
    ck_assert_uint_eq(gini[0], 0x21);
    memset(&q, 0, sizeof q);
    q.app_context = COSEM_CONTEXT_LN_CIPHERED;
    q.calling_ap_title.p = st_client;
    q.calling_ap_title.len = 8;
    q.authentication = mech != COSEM_AUTH_NONE;
    q.has_mechanism = mech != COSEM_AUTH_NONE;
    q.mechanism = mech;
    q.auth_value.p = (const uint8_t *)"K56iVagY";
    q.auth_value.len = mech != COSEM_AUTH_NONE ? 8 : 0;
    if (q.auth_value.len == 0u) {
        q.auth_value.p = NULL;
    }
    q.user_info.p = gini;
    q.user_info.len = n;
    cosem_axdr_writer_init(&w, aarq, sizeof aarq);
    ck_assert_int_eq(cosem_aarq_encode(&w, &q), COSEM_OK);
    fx_send_raw(aarq, cosem_axdr_writer_len(&w));
    ck_assert_int_eq(cosem_aare_decode(fx_out, fx_out_len, &e), COSEM_OK);
    ck_assert_uint_eq(e.result, COSEM_ASSOC_ACCEPTED);
    ck_assert_uint_eq(e.app_context, COSEM_CONTEXT_LN_CIPHERED);
    tu_assert_bytes(e.responding_ap_title.p, e.responding_ap_title.len, st_server, 8);
    /* The AARE's glo-initiate-response opens with the server's title. */
    ck_assert_uint_eq(e.user_info.p[0], 0x28);
    ck_assert_int_eq(cosem_sec_apdu_parse(e.user_info.p, e.user_info.len, &p), COSEM_OK);
    ck_assert_int_eq(cosem_sec_apdu_open(&p, &ek, ak_bytes, st_server, plain, sizeof plain, &m),
                     COSEM_OK);
    ck_assert_uint_eq(plain[0], 0x08);
    if (expect_pending) {
        ck_assert_uint_eq(e.diagnostic, COSEM_DIAG_AUTHENTICATION_REQUIRED);
        ck_assert_uint_eq(e.mechanism, mech);
        ck_assert_uint_eq(e.auth_value.len, 16);
        memcpy(stoc, e.auth_value.p, e.auth_value.len);
        stoc_len = e.auth_value.len;
        ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_PENDING_HLS);
    } else {
        ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
    }
}

/* reply_to_HLS_authentication with octet-string `r` (n octets), ciphered
 * with SC `sc` (0: plain). Returns the action-result; the return data
 * (the server's f(CtoS)) goes to ret. */
static uint8_t hls_reply(uint8_t sc, const uint8_t *r, size_t n, uint8_t *ret, size_t *ret_len)
{
    static const cosem_attr_ref_t m1 = {15, {0, 0, 40, 0, 0, 255}, 1};
    uint8_t req[128], params[80], rsp[600];
    cosem_axdr_writer_t w;
    size_t k;
    cosem_axdr_writer_init(&w, params, sizeof params);
    cosem_axdr_write_octet_string(&w, r, n);
    k = cosem_axdr_writer_len(&w);
    cosem_axdr_writer_init(&w, req, sizeof req);
    ck_assert_int_eq(cosem_action_request_normal_encode(&w, 0xC1, &m1, params, k), COSEM_OK);
    if (sc == 0u) {
        fx_send_raw(req, cosem_axdr_writer_len(&w));
        memcpy(rsp, fx_out, fx_out_len);
        k = fx_out_len;
    } else {
        k = xchg(COSEM_CIPHER_GLO, sc, req, cosem_axdr_writer_len(&w), rsp);
    }
    ck_assert_uint_ge(k, 4);
    ck_assert_uint_eq(rsp[0], 0xC7);
    *ret_len = 0;
    if (k > 7u && rsp[4] == 1u && rsp[5] == 0u && rsp[6] == 0x09) {
        *ret_len = rsp[7];
        memcpy(ret, rsp + 8, *ret_len);
    }
    return rsp[3];
}

/* A GET of the logical device name (class 1, 0.0.42.0.0.255, attr 2). */
static const uint8_t get_ldn[] = {0xC0, 0x01, 0xC1, 0x00, 0x01, 0, 0, 42, 0, 0, 255, 0x02, 0x00};

static void expect_ldn(const uint8_t *rsp, size_t n)
{
    ck_assert_uint_eq(n, 4 + 2 + 16);
    ck_assert_uint_eq(rsp[0], 0xC4);
    ck_assert_uint_eq(rsp[3], 0x00);
    ck_assert_uint_eq(rsp[4], 0x09);
    ck_assert_int_eq(memcmp(rsp + 6, fx_ldn_buf, 16), 0);
}

static void gmac_login(uint8_t sc)
{
    uint8_t f[17], ret[64];
    size_t rl = 0;
    associate_hls(COSEM_AUTH_HLS_GMAC, true);
    ck_assert_int_eq(cosem_hls_gmac(&ek, ak_bytes, st_client, client_ic++, stoc, stoc_len, f),
                     COSEM_OK);
    ck_assert_uint_eq(hls_reply(sc, f, 17, ret, &rl), 0);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
    /* Pass 4: the server's f(CtoS) verifies with its title. */
    ck_assert_uint_eq(rl, 17);
    ck_assert_int_eq(cosem_hls_gmac_check(&ek, ak_bytes, st_server, (const uint8_t *)"K56iVagY",
                                          8, ret, rl, NULL),
                     COSEM_OK);
}

START_TEST(hls_gmac_every_form)
{
    static const uint8_t forms[] = {COSEM_CIPHER_GLO, COSEM_CIPHER_DED, COSEM_CIPHER_GENERAL_GLO,
                                    COSEM_CIPHER_GENERAL_DED, COSEM_CIPHER_GENERAL};
    uint8_t rsp[600];
    size_t n;
    setup(COSEM_AUTH_HLS_GMAC, COSEM_POLICY_AUTH_ENC);
    gmac_login(0x30);
    for (size_t i = 0; i < sizeof forms; ++i) {
        n = xchg(forms[i], 0x30, get_ldn, sizeof get_ldn, rsp);
        expect_ldn(rsp, n);
    }
    /* The transmit counter went through the NV store before use. */
    ck_assert_uint_ge(nv_writes, 1);
    ck_assert_uint_gt(nv_value, cosem_security_tx_counter(&sec) - 1u);
}
END_TEST

/* Every policy: requests at least as strong pass, weaker ones are refused
 * with a deciphering error (plain ones with an exception), and the next
 * valid request works. */
START_TEST(every_policy)
{
    static const uint8_t policies[] = {COSEM_POLICY_NONE, COSEM_POLICY_AUTH, COSEM_POLICY_ENC,
                                       COSEM_POLICY_AUTH_ENC};
    static const uint8_t scs[] = {0x00, 0x10, 0x20, 0x30};
    uint8_t rsp[600];
    size_t n;
    for (size_t i = 0; i < sizeof policies; ++i) {
        uint8_t pol = policies[i];
        setup(COSEM_AUTH_HLS_GMAC, pol);
        gmac_login(0x30);
        for (size_t j = 0; j < sizeof scs; ++j) {
            bool ok = ((pol & COSEM_POLICY_AUTH_REQ) == 0u || (scs[j] & 0x10u) != 0u) &&
                      ((pol & COSEM_POLICY_ENC_REQ) == 0u || (scs[j] & 0x20u) != 0u);
            n = xchg(COSEM_CIPHER_GLO, scs[j], get_ldn, sizeof get_ldn, rsp);
            if (ok) {
                expect_ldn(rsp, n);
            } else {
                ck_assert_uint_eq(n, 3);
                ck_assert_uint_eq(rsp[0], 0xD8);
                ck_assert_uint_eq(rsp[2], COSEM_SERVICE_ERROR_DECIPHERING_ERROR);
            }
        }
        /* Plain GET: only without a policy. */
        fx_send_raw(get_ldn, sizeof get_ldn);
        if (pol == COSEM_POLICY_NONE) {
            expect_ldn(fx_out, fx_out_len);
        } else {
            ck_assert_uint_eq(fx_out[0], 0xD8);
        }
        n = xchg(COSEM_CIPHER_GLO, 0x30, get_ldn, sizeof get_ldn, rsp);
        expect_ldn(rsp, n);
    }
}
END_TEST

START_TEST(hls_sha256)
{
    uint8_t f[32], want[32], ret[64], rsp[600];
    size_t rl = 0, n;
    setup(COSEM_AUTH_HLS_SHA256, COSEM_POLICY_AUTH_ENC);
    /* Wrong secret: denied, association ended. */
    associate_hls(COSEM_AUTH_HLS_SHA256, true);
    cosem_hls_sha256((const uint8_t *)"Gurux!", 6, st_client, st_server, stoc, stoc_len,
                     (const uint8_t *)"K56iVagY", 8, f);
    ck_assert_uint_eq(hls_reply(0x30, f, 32, ret, &rl), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_IDLE);
    associate_hls(COSEM_AUTH_HLS_SHA256, true);
    cosem_hls_sha256((const uint8_t *)"Gurux", 5, st_client, st_server, stoc, stoc_len,
                     (const uint8_t *)"K56iVagY", 8, f);
    ck_assert_uint_eq(hls_reply(0x30, f, 32, ret, &rl), 0);
    ck_assert_uint_eq(rl, 32);
    cosem_hls_sha256((const uint8_t *)"Gurux", 5, st_server, st_client, (const uint8_t *)"K56iVagY",
                     8, stoc, stoc_len, want);
    tu_assert_bytes(ret, rl, want, 32);
    n = xchg(COSEM_CIPHER_GLO, 0x30, get_ldn, sizeof get_ldn, rsp);
    expect_ldn(rsp, n);
}
END_TEST

START_TEST(bad_ciphered_input)
{
    cosem_sec_seal_t s;
    uint8_t apdu[128], rsp[600];
    size_t m, n;
    setup(COSEM_AUTH_HLS_GMAC, COSEM_POLICY_AUTH_ENC);
    gmac_login(0x30);
    s = client_seal(COSEM_CIPHER_GLO, 0x30);
    ck_assert_int_eq(cosem_sec_apdu_seal(&s, get_ldn, sizeof get_ldn, apdu, sizeof apdu, &m),
                     COSEM_OK);
    fx_send_raw(apdu, m);
    ck_assert_uint_eq(fx_out[0], 0xCC);
    /* Replay: invocation-counter-error; then a fresh request works. */
    fx_send_raw(apdu, m);
    tu_assert_bytes(fx_out, fx_out_len, "\xD8\x01\x06", 3);
    n = xchg(COSEM_CIPHER_GLO, 0x30, get_ldn, sizeof get_ldn, rsp);
    expect_ldn(rsp, n);
    /* Tampered tag (fresh counter): deciphering error, counter unmoved. */
    s.ic = client_ic + 100u;
    ck_assert_int_eq(cosem_sec_apdu_seal(&s, get_ldn, sizeof get_ldn, apdu, sizeof apdu, &m),
                     COSEM_OK);
    apdu[m - 1] ^= 1u;
    fx_send_raw(apdu, m);
    tu_assert_bytes(fx_out, fx_out_len, "\xD8\x01\x05", 3);
    n = xchg(COSEM_CIPHER_GLO, 0x30, get_ldn, sizeof get_ldn, rsp);
    expect_ldn(rsp, n);
    /* Truncated header, unknown SC bits (compression, suite 1). */
    fx_send_raw(apdu, 4);
    tu_assert_bytes(fx_out, fx_out_len, "\xD8\x01\x05", 3);
    apdu[2] = 0xB0;
    fx_send_raw(apdu, m);
    tu_assert_bytes(fx_out, fx_out_len, "\xD8\x01\x05", 3);
    apdu[2] = 0x31;
    fx_send_raw(apdu, m);
    tu_assert_bytes(fx_out, fx_out_len, "\xD8\x01\x05", 3);
    /* Wrong key. */
    {
        uint8_t wrong[16] = {0};
        cosem_aes128_t wk;
        cosem_aes128_init(&wk, wrong);
        s.key = &wk;
        s.ic = client_ic++;
        ck_assert_int_eq(cosem_sec_apdu_seal(&s, get_ldn, sizeof get_ldn, apdu, sizeof apdu, &m),
                         COSEM_OK);
        fx_send_raw(apdu, m);
        tu_assert_bytes(fx_out, fx_out_len, "\xD8\x01\x05", 3);
    }
    /* A second HLS reply on the open association: refused, still open. */
    {
        uint8_t f[17], ret[64];
        size_t rl;
        ck_assert_int_eq(cosem_hls_gmac(&ek, ak_bytes, st_client, client_ic, stoc, stoc_len, f),
                         COSEM_OK);
        ck_assert_uint_ne(hls_reply(0x30, f, 17, ret, &rl), 0);
        ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
    }
    n = xchg(COSEM_CIPHER_GLO, 0x30, get_ldn, sizeof get_ldn, rsp);
    expect_ldn(rsp, n);
    /* A ded- request needs the dedicated key of the AARQ: it has one. */
    n = xchg(COSEM_CIPHER_DED, 0x30, get_ldn, sizeof get_ldn, rsp);
    expect_ldn(rsp, n);
}
END_TEST

START_TEST(bad_hls_sequences)
{
    uint8_t f[17], ret[64], rsp[600];
    size_t rl, n;
    setup(COSEM_AUTH_HLS_GMAC, COSEM_POLICY_AUTH_ENC);
    /* HLS reply before the AARQ: refused, ciphered or plain. */
    ck_assert_int_eq(cosem_hls_gmac(&ek, ak_bytes, st_client, 50, stoc, 16, f), COSEM_OK);
    {
        static const cosem_attr_ref_t m1 = {15, {0, 0, 40, 0, 0, 255}, 1};
        uint8_t req[64], params[32];
        cosem_axdr_writer_t w;
        cosem_axdr_writer_init(&w, params, sizeof params);
        cosem_axdr_write_octet_string(&w, f, 17);
        n = cosem_axdr_writer_len(&w);
        cosem_axdr_writer_init(&w, req, sizeof req);
        cosem_action_request_normal_encode(&w, 0xC1, &m1, params, n);
        n = xchg(COSEM_CIPHER_GLO, 0x30, req, cosem_axdr_writer_len(&w), rsp);
        tu_assert_bytes(rsp, n, "\xD8\x01\x05", 3);
        fx_send_raw(req, cosem_axdr_writer_len(&w));
        ck_assert_uint_eq(fx_out[0], 0xD8);
    }
    /* Pending: a GET is refused, the association stays pending. */
    associate_hls(COSEM_AUTH_HLS_GMAC, true);
    n = xchg(COSEM_CIPHER_GLO, 0x30, get_ldn, sizeof get_ldn, rsp);
    ck_assert_uint_eq(rsp[0], 0xD8);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_PENDING_HLS);
    /* A wrong reply (f of another challenge) ends it. */
    ck_assert_int_eq(cosem_hls_gmac(&ek, ak_bytes, st_client, client_ic++,
                                    (const uint8_t *)"K56iVagY", 8, f),
                     COSEM_OK);
    ck_assert_uint_eq(hls_reply(0x30, f, 17, ret, &rl), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_IDLE);
    /* The next AARQ and a right reply work. */
    gmac_login(0x30);
    n = xchg(COSEM_CIPHER_GLO, 0x30, get_ldn, sizeof get_ldn, rsp);
    expect_ldn(rsp, n);
    /* No port random: no HLS (AARE rejected), no weak fallback. */
    fx_server.cfg_.port = NULL;
    {
        cosem_aare_t e;
        uint8_t aarq[160];
        cosem_aarq_t q;
        cosem_axdr_writer_t w;
        static const uint8_t ini[] = {0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04,
                                      0x00, 0xFF, 0xFF, 0xFF, 0x04, 0x00};
        memset(&q, 0, sizeof q);
        q.app_context = COSEM_CONTEXT_LN;
        q.calling_ap_title.p = st_client;
        q.calling_ap_title.len = 8;
        q.authentication = true;
        q.has_mechanism = true;
        q.mechanism = COSEM_AUTH_HLS_GMAC;
        q.auth_value.p = (const uint8_t *)"K56iVagY";
        q.auth_value.len = 8;
        q.user_info.p = ini;
        q.user_info.len = sizeof ini;
        cosem_axdr_writer_init(&w, aarq, sizeof aarq);
        ck_assert_int_eq(cosem_aarq_encode(&w, &q), COSEM_OK);
        fx_send_raw(aarq, cosem_axdr_writer_len(&w));
        ck_assert_int_eq(cosem_aare_decode(fx_out, fx_out_len, &e), COSEM_OK);
        ck_assert_uint_ne(e.result, COSEM_ASSOC_ACCEPTED);
        /* A plain InitiateRequest on a ciphered policy, with a port: refused. */
        fx_server.cfg_.port = &port;
        fx_send_raw(aarq, cosem_axdr_writer_len(&w));
        ck_assert_int_eq(cosem_aare_decode(fx_out, fx_out_len, &e), COSEM_OK);
        ck_assert_uint_ne(e.result, COSEM_ASSOC_ACCEPTED);
        /* Without a calling-AP-title: calling-AP-title-not-recognized. */
        q.calling_ap_title.p = NULL;
        q.calling_ap_title.len = 0;
        cosem_axdr_writer_init(&w, aarq, sizeof aarq);
        ck_assert_int_eq(cosem_aarq_encode(&w, &q), COSEM_OK);
        fx_send_raw(aarq, cosem_axdr_writer_len(&w));
        ck_assert_int_eq(cosem_aare_decode(fx_out, fx_out_len, &e), COSEM_OK);
        ck_assert_uint_eq(e.diagnostic, COSEM_DIAG_CALLING_AP_TITLE_NOT_RECOGNIZED);
    }
}
END_TEST

/* A ciphered APDU on an association without security: deciphering error,
 * the next plain request works. */
START_TEST(ciphered_on_plain_association)
{
    uint8_t rsp[600];
    size_t n;
    setup(COSEM_AUTH_HLS_GMAC, COSEM_POLICY_AUTH_ENC);
    ck_assert_int_eq(cosem_assoc_open(&fx_a, FX_PUBLIC), COSEM_OK);
    fx_send(AARQ_NOAUTH);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
    n = xchg(COSEM_CIPHER_GLO, 0x30, get_ldn, sizeof get_ldn, rsp);
    tu_assert_bytes(rsp, n, "\xD8\x01\x05", 3);
    fx_send_raw(get_ldn, sizeof get_ldn);
    expect_ldn(fx_out, fx_out_len);
}
END_TEST

#if COSEM_CLASS_SECURITY_SETUP
/* ---- Security setup (class 64) and the frame counter ------------------ */

static const uint8_t kek_bytes[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                      0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
static const cosem_access_t ss_acc[COSEM_MAX_ACCESS_LEVELS] = {
    {0, 0, 0}, {0, 0, 0}, {COSEM_ALL, 0, COSEM_METHOD(1) | COSEM_METHOD(2)}, {0, 0, 0}};
static const cosem_access_t fc_acc[COSEM_MAX_ACCESS_LEVELS] = {
    {COSEM_ATTR(1) | COSEM_ATTR(2), 0, 0}, {0, 0, 0}, {COSEM_ALL, 0, 0}, {0, 0, 0}};
static cosem_object_t ss_objects[] = {
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &fx_aln_cur, NULL, NULL, NULL},
    {{0, 0, 42, 0, 0, 255}, &cosem_class_data, &fx_ldn, NULL, NULL, NULL},
    {{0, 0, 43, 0, 0, 255}, &cosem_class_security_setup, &sec, NULL, ss_acc, NULL},
    {{0, 0, 43, 1, 0, 255}, &cosem_class_data, &fx_energy_ref, &cosem_frame_counter_ops, fc_acc,
     &sec},
};

/* The fixture's associations over a table with a Security setup. */
static void setup_ss(uint16_t sap)
{
    cosem_server_config_t sc;
    setup(COSEM_AUTH_HLS_GMAC, COSEM_POLICY_AUTH_ENC);
    sec_init(COSEM_POLICY_AUTH_ENC, kek_bytes);
    memset(&sc, 0, sizeof sc);
    sc.objects = ss_objects;
    sc.object_count = sizeof ss_objects / sizeof ss_objects[0];
    sc.assocs = fx_assocs;
    sc.assoc_count = 4;
    sc.max_pdu = 512;
    sc.port = &port;
    ck_assert_int_eq(cosem_server_init(&fx_server, &sc), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_init(&fx_a, &fx_server, fx_work, sizeof(fx_work)), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_open(&fx_a, sap), COSEM_OK);
}

static size_t get_attr(uint8_t form, uint16_t cls, const uint8_t *obis, uint8_t attr, uint8_t *rsp)
{
    uint8_t req[16] = {0xC0, 0x01, 0xC1, (uint8_t)(cls >> 8), (uint8_t)cls, 0, 0, 0, 0, 0, 0,
                       attr, 0x00};
    memcpy(req + 5, obis, 6);
    return xchg(form, 0x30, req, 13, rsp);
}

/* action-request-normal on 0.0.43.0.0.255 with the Data `params`. */
static uint8_t ss_action_call(uint8_t method, const uint8_t *params, size_t n)
{
    cosem_attr_ref_t m = {64, {0, 0, 43, 0, 0, 255}, 0};
    uint8_t req[128], rsp[600];
    cosem_axdr_writer_t w;
    size_t k;
    m.id = (int8_t)method;
    cosem_axdr_writer_init(&w, req, sizeof req);
    ck_assert_int_eq(cosem_action_request_normal_encode(&w, 0xC1, &m, params, n), COSEM_OK);
    k = xchg(COSEM_CIPHER_GLO, 0x30, req, cosem_axdr_writer_len(&w), rsp);
    ck_assert_uint_ge(k, 4);
    ck_assert_uint_eq(rsp[0], 0xC7);
    return rsp[3];
}

/* key_transfer of a new global unicast key wrapped under kek. */
static uint8_t key_transfer_ek(const cosem_aes128_t *kek, const uint8_t key[16])
{
    uint8_t params[80], wrapped[24];
    cosem_axdr_writer_t w;
    ck_assert_int_eq(cosem_keywrap(kek, key, 16, wrapped), COSEM_OK);
    cosem_axdr_writer_init(&w, params, sizeof params);
    cosem_axdr_write_array(&w, 1);
    cosem_axdr_write_structure(&w, 2);
    cosem_axdr_write_enum(&w, COSEM_KEY_EK);
    cosem_axdr_write_octet_string(&w, wrapped, 24);
    return ss_action_call(2, params, cosem_axdr_writer_len(&w));
}

START_TEST(security_setup_and_frame_counter)
{
    static const uint8_t ss_ln[6] = {0, 0, 43, 0, 0, 255}, fc_ln[6] = {0, 0, 43, 1, 0, 255};
    uint8_t rsp[600], new_ek[16];
    cosem_aes128_t kek;
    size_t n;
    uint32_t fc;
    /* The public client reads the frame counter, in clear. */
    setup_ss(FX_PUBLIC);
    fx_send(AARQ_NOAUTH);
    fc = cosem_security_tx_counter(&sec);
    fx_send_raw((const uint8_t *)"\xC0\x01\xC1\x00\x01\x00\x00\x2B\x01\x00\xFF\x02\x00", 13);
    ck_assert_uint_eq(fx_out_len, 9);
    ck_assert_uint_eq(fx_out[4], 0x06);
    ck_assert_uint_eq(((uint32_t)fx_out[5] << 24) | ((uint32_t)fx_out[6] << 16) |
                          ((uint32_t)fx_out[7] << 8) | fx_out[8],
                      fc);
    /* The HLS client: attributes 2..5. */
    ck_assert_int_eq(cosem_assoc_open(&fx_a, FX_HLS), COSEM_OK);
    gmac_login(0x30);
    n = get_attr(COSEM_CIPHER_GLO, 64, ss_ln, 2, rsp);
    tu_assert_bytes(rsp, n, "\xC4\x01\xC1\x00\x16\x6C", 6);
    n = get_attr(COSEM_CIPHER_GLO, 64, ss_ln, 3, rsp);
    tu_assert_bytes(rsp, n, "\xC4\x01\xC1\x00\x16\x00", 6);
    n = get_attr(COSEM_CIPHER_GLO, 64, ss_ln, 4, rsp);
    ck_assert_uint_eq(n, 14);
    ck_assert_int_eq(memcmp(rsp + 6, st_client, 8), 0);
    n = get_attr(COSEM_CIPHER_GLO, 64, ss_ln, 5, rsp);
    ck_assert_uint_eq(n, 14);
    ck_assert_int_eq(memcmp(rsp + 6, st_server, 8), 0);
    n = get_attr(COSEM_CIPHER_GLO, 1, fc_ln, 2, rsp);
    ck_assert_uint_eq(n, 9);
    /* security_activate: weaker refused, equal accepted. */
    ck_assert_uint_eq(ss_action_call(1, (const uint8_t *)"\x16\x24", 2),
                      COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_uint_eq(ss_action_call(1, (const uint8_t *)"\x16\x6C", 2), COSEM_DAR_SUCCESS);
    /* key_transfer with a wrap under another key: refused, keys kept. */
    cosem_aes128_init(&kek, ak_bytes);
    memset(new_ek, 0x42, sizeof new_ek);
    ck_assert_uint_eq(key_transfer_ek(&kek, new_ek), COSEM_DAR_OTHER_REASON);
    n = get_attr(COSEM_CIPHER_GLO, 1, fc_ln, 2, rsp);
    ck_assert_uint_eq(n, 9);
    ck_assert_int_eq(keys_changed, 0);
    /* The right master key: the response still comes with the old key,
     * then only the new key works and the server counter restarts. */
    cosem_aes128_init(&kek, kek_bytes);
    ck_assert_uint_eq(key_transfer_ek(&kek, new_ek), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(cosem_security_tx_counter(&sec), 1);
    /* the application was given the new key to store (key_changed) */
    ck_assert_int_eq(keys_changed, 1);
    ck_assert_uint_eq(key_changed_id, COSEM_KEY_EK);
    tu_assert_bytes(key_changed_val, 16, new_ek, 16);
    n = get_attr(COSEM_CIPHER_GLO, 1, fc_ln, 2, rsp);
    tu_assert_bytes(rsp, n, "\xD8\x01\x05", 3);
    cosem_aes128_init(&ek, new_ek);
    client_ic = 1;
    n = get_attr(COSEM_CIPHER_GLO, 1, fc_ln, 2, rsp);
    ck_assert_uint_eq(n, 9);
    ck_assert_uint_eq(rsp[8], 1); /* the response used counter 1 ... */
    ck_assert_uint_eq(cosem_security_tx_counter(&sec), 2); /* ... so 2 is next */
}
END_TEST
#endif

/* The failed-authentication throttle (issue #14) covers HLS too: a wrong
 * reply_to_HLS_authentication counts as a failure (AUTH_FAILED), a right
 * one within the delay that follows is refused unchecked, after it the
 * right one associates; five checked failures lock the client out. */
static uint32_t hls_now = 5000;
static uint32_t hls_clock(void *user)
{
    (void)user;
    return hls_now;
}

START_TEST(hls_throttled)
{
    static cosem_port_t tport;
    uint8_t f[17], ret[64];
    size_t rl = 0;
    setup(COSEM_AUTH_HLS_GMAC, COSEM_POLICY_AUTH_ENC);
    tport = port;
    tport.now_ms = hls_clock;
    fx_server.cfg_.port = &tport;
    fx_nevents = 0;
    /* a wrong reply: counted */
    associate_hls(COSEM_AUTH_HLS_GMAC, true);
    ck_assert_int_eq(cosem_hls_gmac(&ek, ak_bytes, st_client, client_ic++,
                                    (const uint8_t *)"K56iVagY", 8, f),
                     COSEM_OK);
    ck_assert_uint_eq(hls_reply(0x30, f, 17, ret, &rl), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_uint_ge(fx_nevents, 1);
    ck_assert_uint_eq(fx_events[fx_nevents - 1].type, COSEM_SERVER_AUTH_FAILED);
    /* the right reply 50 ms later: within the delay, refused unchecked */
    hls_now += 50;
    associate_hls(COSEM_AUTH_HLS_GMAC, true);
    ck_assert_int_eq(cosem_hls_gmac(&ek, ak_bytes, st_client, client_ic++, stoc, stoc_len, f),
                     COSEM_OK);
    ck_assert_uint_eq(hls_reply(0x30, f, 17, ret, &rl), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_IDLE);
    /* after the delay it associates */
    hls_now += fx_server.cfg_.auth_delay_ms;
    gmac_login(0x30);
    /* five checked failures, each after its delay: locked out */
    for (uint32_t i = 0, d = fx_server.cfg_.auth_delay_ms; i < 5; ++i, d *= 2) {
        hls_now += d;
        associate_hls(COSEM_AUTH_HLS_GMAC, true);
        ck_assert_int_eq(cosem_hls_gmac(&ek, ak_bytes, st_client, client_ic++,
                                        (const uint8_t *)"K56iVagY", 8, f),
                         COSEM_OK);
        ck_assert_uint_eq(hls_reply(0x30, f, 17, ret, &rl), COSEM_DAR_READ_WRITE_DENIED);
    }
    ck_assert_uint_eq(fx_events[fx_nevents - 1].type, COSEM_SERVER_LOCKED_OUT);
    hls_now += 10000; /* still locked: the right reply is refused */
    associate_hls(COSEM_AUTH_HLS_GMAC, true);
    ck_assert_int_eq(cosem_hls_gmac(&ek, ak_bytes, st_client, client_ic++, stoc, stoc_len, f),
                     COSEM_OK);
    ck_assert_uint_eq(hls_reply(0x30, f, 17, ret, &rl), COSEM_DAR_READ_WRITE_DENIED);
    hls_now += fx_server.cfg_.auth_lockout_ms; /* after the lockout */
    gmac_login(0x30);
}
END_TEST

static Suite *server_sec_suite(void)
{
    Suite *s = suite_create("server_sec");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, hls_gmac_every_form);
    tcase_add_test(tc, every_policy);
    tcase_add_test(tc, hls_sha256);
    tcase_add_test(tc, bad_ciphered_input);
    tcase_add_test(tc, bad_hls_sequences);
    tcase_add_test(tc, hls_throttled);
    tcase_add_test(tc, ciphered_on_plain_association);
#if COSEM_CLASS_SECURITY_SETUP
    tcase_add_test(tc, security_setup_and_frame_counter);
#endif
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(server_sec_suite)

#else
int main(void)
{
    return 77;
}
#endif
