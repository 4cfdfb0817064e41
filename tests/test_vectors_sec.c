/* SPDX-License-Identifier: Apache-2.0 */
/* Replay of live captures between Gurux.DLMS.Python (GXDLMSSecureClient,
 * HLS-GMAC, authenticated and encrypted, Green Book example keys and
 * titles) and our example meter (tests/vectors/guruxpy-client_libcosem-
 * server_wrapper_hls5_authenc*.txt, recorded on 127.0.0.1):
 * - every ciphered APDU of either side opens with the sender's system title
 *   and carries the APDU its tag announces (Gurux's sealing is checked by
 *   our opener, ours was accepted by Gurux live);
 * - the glo-initiate-request/response of the AARQ/AARE open likewise;
 * - Gurux's f(StoC) verifies with our HLS-GMAC check against the StoC of
 *   the AARE, and the meter's f(CtoS) against Gurux's CtoS;
 * - invocation counters strictly increase per direction, and the second
 *   session (the meter restarted on the first one's state) uses only
 *   server counters above the first session's (no nonce reuse across a
 *   restart). */
#include <string.h>

#include <cosem/security.h>

#include "test_util.h"

#if COSEM_WITH_SECURITY

#define CAP1 "guruxpy-client_libcosem-server_wrapper_hls5_authenc.txt"
#define CAP2 "guruxpy-client_libcosem-server_wrapper_hls5_authenc_restart.txt"
/* The 2N MeterCom PRO model's utility association (issue #18). */
#define CAP3 "guruxpy-client_libcosem-metercom_wrapper_hls5_authenc.txt"
#define CAP4 "libcosem-client_guruxc-server_wrapper_hls5_authenc.txt"

static const uint8_t gx_c[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1};
static const uint8_t gx_s[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E};
/* cosem against GuruxDLMS.c's server example (CAP4). */
static const uint8_t lc_c[8] = {0x4C, 0x43, 0x43, 0, 0, 0, 0, 1};
static const uint8_t ab_s[8] = {0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48};

typedef struct {
    cosem_aes128_t ek;
    uint8_t ak[16];
    uint8_t ctos[64], stoc[64];
    size_t ctos_len, stoc_len;
    uint32_t last_ic[2];      /* client, server */
    uint32_t first_server_ic, last_server_ic;
    const uint8_t *st_c, *st_s; /* the client's and server's system titles */
    unsigned opened, hls_checked;
} replay_t;

/* Opens one ciphered APDU from `dir`; returns the plain length. */
static size_t open_apdu(replay_t *r, char dir, const uint8_t *p, size_t n, uint8_t *plain)
{
    cosem_sec_apdu_t a;
    size_t m = 0;
    int side = dir == 'S';
    ck_assert_int_eq(cosem_sec_apdu_parse(p, n, &a), COSEM_OK);
    ck_assert_uint_eq(a.sc, 0x30);
    ck_assert_int_eq(cosem_sec_apdu_open(&a, &r->ek, r->ak, side ? r->st_s : r->st_c, plain, 2048,
                                       &m),
                     COSEM_OK);
    ck_assert_uint_eq(plain[0], a.plain_tag);
    ck_assert_uint_gt(a.ic, r->last_ic[side]);
    r->last_ic[side] = a.ic;
    if (side) {
        r->first_server_ic = r->first_server_ic != 0u ? r->first_server_ic : a.ic;
        r->last_server_ic = a.ic;
    }
    r->opened++;
    return m;
}

/* The HLS exchange: Gurux's action-request carries f(StoC), our
 * action-response f(CtoS); both end with the 17-octet SC || IC || tag. */
static void check_hls(replay_t *r, char dir, const uint8_t *plain, size_t n)
{
    if (plain[0] == 0xC3 && n >= 17 + 2 && plain[3] == 0 && plain[4] == 15 && plain[11] == 1) {
        ck_assert_int_eq(cosem_hls_gmac_check(&r->ek, r->ak, r->st_c, r->stoc, r->stoc_len,
                                              plain + n - 17, 17, NULL),
                         COSEM_OK);
        r->hls_checked++;
    } else if (dir == 'S' && plain[0] == 0xC7 && r->hls_checked == 1u && n == 8 + 17) {
        ck_assert_uint_eq(plain[3], 0); /* success */
        ck_assert_int_eq(cosem_hls_gmac_check(&r->ek, r->ak, r->st_s, r->ctos, r->ctos_len,
                                              plain + 8, 17, NULL),
                         COSEM_OK);
        r->hls_checked++;
    }
}

static void replay_titles(const char *file, replay_t *r, const uint8_t *st_c,
                          const uint8_t *st_s)
{
    tu_frame_t f[64];
    uint8_t ek[16], plain[2048];
    size_t n = tu_vec_load(file, f, 64), i, m;
    memset(r, 0, sizeof *r);
    r->st_c = st_c;
    r->st_s = st_s;
    tu_hex("000102030405060708090A0B0C0D0E0F", ek, 16);
    tu_hex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF", r->ak, 16);
    cosem_aes128_init(&r->ek, ek);
    ck_assert_uint_ge(n, 8);
    for (i = 0; i < n; ++i) {
        const uint8_t *p = f[i].bytes + 8;
        size_t len = f[i].len - 8;
        if (p[0] == 0x60) {
            cosem_aarq_t q;
            ck_assert_int_eq(cosem_aarq_decode(p, len, &q), COSEM_OK);
            tu_assert_bytes(q.calling_ap_title.p, q.calling_ap_title.len, r->st_c, 8);
            ck_assert_uint_eq(q.mechanism, 5);
            memcpy(r->ctos, q.auth_value.p, q.auth_value.len);
            r->ctos_len = q.auth_value.len;
            m = open_apdu(r, 'C', q.user_info.p, q.user_info.len, plain);
            ck_assert_uint_eq(plain[0], 0x01);
        } else if (p[0] == 0x61) {
            cosem_aare_t e;
            ck_assert_int_eq(cosem_aare_decode(p, len, &e), COSEM_OK);
            ck_assert_uint_eq(e.result, 0);
            ck_assert_uint_eq(e.diagnostic, 14); /* authentication-required */
            tu_assert_bytes(e.responding_ap_title.p, e.responding_ap_title.len, r->st_s, 8);
            memcpy(r->stoc, e.auth_value.p, e.auth_value.len);
            r->stoc_len = e.auth_value.len;
            m = open_apdu(r, 'S', e.user_info.p, e.user_info.len, plain);
            ck_assert_uint_eq(plain[0], 0x08);
        } else if (p[0] >= 0xC8 && p[0] <= 0xCF) {
            m = open_apdu(r, f[i].dir, p, len, plain);
            check_hls(r, f[i].dir, plain, m);
        }
    }
    ck_assert_uint_eq(r->hls_checked, 2);
    tu_vec_free(f, n);
}

/* The captures of Gurux.DLMS.Python against our meter (titles gx_*). */
static void replay(const char *file, replay_t *r)
{
    replay_titles(file, r, gx_c, gx_s);
}

START_TEST(gurux_hls5_session)
{
    replay_t r;
    replay(CAP1, &r);
    ck_assert_uint_ge(r.opened, 20);
}
END_TEST

START_TEST(gurux_hls5_metercom)
{
    replay_t r;
    replay(CAP3, &r);
    ck_assert_uint_ge(r.opened, 10);
}
END_TEST

/* Our client (cosem) against GuruxDLMS.c's server example: its AARQ,
 * glo-initiate and f(StoC) verify with Gurux's keys and titles, Gurux's
 * f(CtoS) verified on our side, every ciphered APDU opens (issue #15). */
START_TEST(cosem_client_guruxc_hls5)
{
    replay_t r;
    replay_titles(CAP4, &r, lc_c, ab_s);
    ck_assert_uint_ge(r.opened, 5);
}
END_TEST

START_TEST(gurux_hls5_restart_no_counter_reuse)
{
    replay_t a, b;
    replay(CAP1, &a);
    replay(CAP2, &b);
    ck_assert_uint_gt(b.first_server_ic, a.last_server_ic);
}
END_TEST

static Suite *vectors_sec_suite(void)
{
    Suite *s = suite_create("vectors_sec");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, gurux_hls5_session);
    tcase_add_test(tc, gurux_hls5_restart_no_counter_reuse);
    tcase_add_test(tc, gurux_hls5_metercom);
    tcase_add_test(tc, cosem_client_guruxc_hls5);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(vectors_sec_suite)

#else
int main(void)
{
    return 77;
}
#endif
