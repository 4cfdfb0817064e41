/* SPDX-License-Identifier: Apache-2.0 */
/* Communication classes (comm.h). IEC HDLC setup (class 23, version 1): attribute encodings (comm_speed enum, window sizes
 * unsigned, information lengths, inter-octet and inactivity time-outs and
 * device address long-unsigned), and that a SET is what the station
 * negotiates in the UA of the next SNRM and the time-outs it applies;
 * bad values change nothing. */
#include <string.h>

#include <cosem/comm.h>
#include <cosem/hdlc.h>
#include <cosem/server.h>

#include "test_class_fixture.h"

/* ---- a secondary HDLC station whose frames are captured ---------------- */

static cosem_hdlc_t station;
static uint8_t station_buf[COSEM_HDLC_BUF_SIZE(512, 256)];
static uint8_t last_frame[600];
static size_t last_len;
static int frames;

/* Send callback: keeps the last frame. */
static cosem_status_t capture(void *user, const uint8_t *frame, size_t len)
{
    (void)user;
    ck_assert_uint_le(len, sizeof last_frame);
    memcpy(last_frame, frame, len);
    last_len = len;
    frames++;
    return COSEM_OK;
}

static const cosem_hdlc_addr_t client_addr = {COSEM_HDLC_CLIENT_PUBLIC, 0, 1};

/* A secondary at upper 1, lower 0x11 (two-octet addressing), defaults,
 * inactivity 120 s, inter-frame 25 ms. */
static void station_init(void)
{
    cosem_hdlc_config_t c;
    memset(&c, 0, sizeof c);
    c.role = COSEM_HDLC_SECONDARY;
    c.local.upper = 1;
    c.local.lower = 0x11;
    c.local.len = 2;
    c.inactivity_timeout_ms = 120000;
    c.inter_frame_timeout_ms = 25;
    c.max_msdu = 256;
    c.send.fn = capture;
    ck_assert_int_eq(cosem_hdlc_init(&station, &c, station_buf, sizeof station_buf), COSEM_OK);
    frames = 0;
}

/* Feeds one frame from the client to the station (info may be NULL). */
static void feed(uint16_t lower, uint8_t control, const char *info_hex, uint32_t now)
{
    uint8_t info[64], frame[128];
    cosem_hdlc_frame_t f;
    cosem_axdr_writer_t w;
    memset(&f, 0, sizeof f);
    f.dst.upper = 1;
    f.dst.lower = lower;
    f.dst.len = 2;
    f.src = client_addr;
    f.control = control;
    f.info_len = info_hex != NULL ? tu_hex(info_hex, info, sizeof info) : 0u;
    f.info = f.info_len != 0u ? info : NULL;
    cosem_axdr_writer_init(&w, frame, sizeof frame);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_feed(&station, frame, cosem_axdr_writer_len(&w), now), COSEM_OK);
}

/* The last frame sent must be a UA whose information field is @p hex. */
static void expect_ua(const char *hex)
{
    cosem_hdlc_frame_t f;
    uint8_t want[64];
    size_t n = tu_hex(hex, want, sizeof want);
    ck_assert_int_eq(cosem_hdlc_frame_decode(last_frame + 1, last_len - 2, &f, NULL), COSEM_OK);
    ck_assert_uint_eq(f.control, COSEM_HDLC_CTRL_U(COSEM_HDLC_UA, 1));
    tu_assert_bytes(f.info, f.info_len, want, n);
}

/* SNRM offering 512/512 octets and windows 7/7, so the server's values win. */
#define SNRM_BIG "81 80 14 05 02 02 00 06 02 02 00 07 04 00 00 00 07 08 04 00 00 00 07"

static uint8_t speed = 5;
static int changes;
static int8_t last_change;

/* Change hook of the HDLC setup object. */
static void on_change(const cosem_object_t *obj, int8_t id)
{
    (void)obj;
    changes++;
    last_change = id;
}

static const cosem_iec_hdlc_setup_t hdlc_desc = {&station, &speed, on_change};

/* ---- network setup objects (values of the 2N MeterCom PRO and ION
 * network notes: TCP 4059, DNS, SMTP 25, NTP 123) --------------------- */

static uint16_t tcp_port, tcp_mss, tcp_inact;
static uint8_t tcp_ipref[6], tcp_conns;
static const cosem_tcp_udp_setup_t tcp_desc = {&tcp_port, tcp_ipref, &tcp_mss, &tcp_conns,
                                               &tcp_inact, on_change};

static uint8_t ip_dl[6];
static uint32_t ip_addr, ip_mc[2], ip_mask, ip_gw, ip_dns1, ip_dns2;
static uint8_t ip_mc_n;
static bool ip_dhcp;
static const cosem_ipv4_setup_t ipv4_desc = {ip_dl, &ip_addr, ip_mc, &ip_mc_n, 2, &ip_mask,
                                             &ip_gw, &ip_dhcp, &ip_dns1, &ip_dns2, on_change};

static uint8_t mac[6];
static const cosem_mac_address_setup_t mac_desc = {mac, on_change};

static uint8_t ppp_phy[6], ppp_user[8], ppp_pass[8];
static uint16_t ppp_user_n, ppp_pass_n;
static const cosem_ppp_option_t lcp[] = {{1, 4, COSEM_AXDR_LONG_UNSIGNED, 1500},
                                         {3, 4, COSEM_AXDR_LONG_UNSIGNED, 0xC023}};
static const cosem_ppp_setup_t ppp_desc = {ppp_phy, lcp, 2, NULL, 0,
                                           {ppp_user, &ppp_user_n, sizeof ppp_user},
                                           {ppp_pass, &ppp_pass_n, sizeof ppp_pass}, on_change};

static uint8_t apn[16];
static uint16_t apn_n, pin;
static cosem_gprs_qos_t qos_def, qos_req;
static const cosem_gprs_modem_setup_t gprs_desc = {{apn, &apn_n, sizeof apn}, &pin, &qos_def,
                                                   &qos_req, on_change};

static uint16_t smtp_port, smtp_user_n, smtp_pass_n, smtp_host_n, smtp_from_n;
static uint8_t smtp_user[8], smtp_pass[8], smtp_host[24], smtp_from[24];
static const cosem_smtp_setup_t smtp_desc = {&smtp_port,
                                             {smtp_user, &smtp_user_n, sizeof smtp_user},
                                             {smtp_pass, &smtp_pass_n, sizeof smtp_pass},
                                             {smtp_host, &smtp_host_n, sizeof smtp_host},
                                             {smtp_from, &smtp_from_n, sizeof smtp_from},
                                             on_change};

static char gsm_op[8] = "2N-TEL";
static uint16_t gsm_op_n = 6;
static const uint8_t gsm_status = 1, gsm_cs = 0, gsm_ps = 5, gsm_adj_n = 2;
static const cosem_gsm_cell_t gsm_cell = {0x0001E240u, 0x1234, 21, 0, 230, 3, 6300};
static const cosem_gsm_adjacent_t gsm_adj[2] = {{1001, 12}, {1002, 8}};
static cosem_datetime_t gsm_time;
static const cosem_gsm_diagnostic_t gsm_desc = {{(uint8_t *)gsm_op, &gsm_op_n, sizeof gsm_op},
                                                &gsm_status, &gsm_cs, &gsm_ps, &gsm_cell,
                                                gsm_adj, &gsm_adj_n, &gsm_time};

static uint8_t v6_dl[6], v6_mode, v6_uni[2][16], v6_mc[1][16], v6_gw[1][16], v6_dns1[16],
    v6_dns2[16], v6_tc, v6_uni_n, v6_mc_n, v6_gw_n;
static const cosem_ipv6_nd_t v6_nd = {3, 10000, 60};
static const cosem_ipv6_setup_t ipv6_desc = {v6_dl, &v6_mode, {v6_uni, &v6_uni_n, 2},
                                             {v6_mc, &v6_mc_n, 1}, {v6_gw, &v6_gw_n, 1},
                                             v6_dns1, v6_dns2, &v6_tc, &v6_nd, on_change};

static bool ntp_on;
static uint8_t ntp_host[32], ntp_auth, ntp_key_n, ntp_ckey[16];
static uint16_t ntp_host_n, ntp_port, ntp_ckey_n;
static cosem_ntp_key_t ntp_keys[2];
static int ntp_syncs;
/* Method 1 of the NTP object: counts the calls. */
static cosem_dar_t ntp_sync(const cosem_object_t *obj)
{
    (void)obj;
    ntp_syncs++;
    return COSEM_DAR_SUCCESS;
}
static const cosem_ntp_setup_t ntp_desc = {&ntp_on, {ntp_host, &ntp_host_n, sizeof ntp_host},
                                           &ntp_port, &ntp_auth, ntp_keys, &ntp_key_n, 2,
                                           {ntp_ckey, &ntp_ckey_n, sizeof ntp_ckey}, ntp_sync,
                                           on_change};

static const cosem_object_t objects[] = {
    {{0, 0, 22, 0, 0, 255}, &cosem_class_iec_hdlc_setup, &hdlc_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 0, 0, 255}, &cosem_class_tcp_udp_setup, &tcp_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 1, 0, 255}, &cosem_class_ipv4_setup, &ipv4_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 2, 0, 255}, &cosem_class_mac_address_setup, &mac_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 3, 0, 255}, &cosem_class_ppp_setup, &ppp_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 4, 0, 255}, &cosem_class_gprs_modem_setup, &gprs_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 5, 0, 255}, &cosem_class_smtp_setup, &smtp_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 6, 0, 255}, &cosem_class_gsm_diagnostic, &gsm_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 7, 0, 255}, &cosem_class_ipv6_setup, &ipv6_desc, NULL, all_rights, NULL},
    {{0, 0, 25, 10, 0, 255}, &cosem_class_ntp_setup, &ntp_desc, NULL, all_rights, NULL},
};
#define HDLC_SETUP (&objects[0])
#define TCP (&objects[1])
#define IPV4 (&objects[2])
#define MAC (&objects[3])
#define PPP (&objects[4])
#define GPRS (&objects[5])
#define SMTP (&objects[6])
#define GSM (&objects[7])
#define IPV6 (&objects[8])
#define NTP (&objects[9])

/* Values of the network objects before each test. */
static void network_init(void)
{
    static const uint8_t ipref[6] = {0, 0, 25, 1, 0, 255};
    tcp_port = 4059; tcp_mss = 576; tcp_conns = 1; tcp_inact = 180;
    memcpy(tcp_ipref, ipref, 6);
    memcpy(ip_dl, ipref, 6);
    ip_dl[3] = 2;
    ip_addr = 0xAC1012DCu; /* 172.16.18.220, the ION factory address */
    ip_mask = 0xFFFF0000u; ip_gw = 0xAC100001u; ip_dns1 = 0x01020304u; ip_dns2 = 0;
    ip_mc_n = 0; ip_dhcp = false;
    memcpy(mac, "\x00\x60\x78\x01\x12\xDC", 6);
    memset(ppp_phy, 0, 6); memcpy(ppp_user, "meter", 5); ppp_user_n = 5;
    memcpy(ppp_pass, "secret", 6); ppp_pass_n = 6;
    memcpy(apn, "internet", 8); apn_n = 8; pin = 1234;
    qos_def = (cosem_gprs_qos_t){1, 2, 3, 4, 5}; qos_req = (cosem_gprs_qos_t){0, 0, 0, 0, 0};
    smtp_port = 25; memcpy(smtp_user, "ion", 3); smtp_user_n = 3;
    memcpy(smtp_pass, "pw", 2); smtp_pass_n = 2;
    memcpy(smtp_host, "mail.company.com", 16); smtp_host_n = 16;
    memcpy(smtp_from, "m@company.com", 13); smtp_from_n = 13;
    cosem_datetime_clear(&gsm_time);
    memset(v6_dl, 0, 6); v6_mode = 0; v6_uni_n = 0; v6_mc_n = 0; v6_gw_n = 0; v6_tc = 0;
    memset(v6_dns1, 0, 16); memset(v6_dns2, 0, 16);
    ntp_on = false; memcpy(ntp_host, "time.company.com", 16); ntp_host_n = 16;
    ntp_port = 123; ntp_auth = 0; ntp_key_n = 0; ntp_ckey_n = 0; ntp_syncs = 0;
}

static const cosem_assoc_config_t assoc_cfg[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION, NULL, NULL,
     false, NULL}};

static void setup(void)
{
    station_init();
    network_init();
    speed = 5;
    changes = 0;
    fx_server_init(objects, sizeof objects / sizeof objects[0], assoc_cfg, 1, NULL, 512);
}

static void teardown(void) {}

/* Every attribute with its Blue Book type (class 23: comm_speed enum,
 * window_size_* unsigned, max_info_field_length_* long-unsigned,
 * inter_octet_time_out long-unsigned ms, inactivity_time_out long-unsigned
 * s, device_address long-unsigned). */
START_TEST(test_hdlc_setup_encodings)
{
    ck_assert_str_eq(get_ok(HDLC_SETUP, 2), "16 05");
    ck_assert_str_eq(get_ok(HDLC_SETUP, 3), "11 01");
    ck_assert_str_eq(get_ok(HDLC_SETUP, 4), "11 01");
    ck_assert_str_eq(get_ok(HDLC_SETUP, 5), "12 00 80");
    ck_assert_str_eq(get_ok(HDLC_SETUP, 6), "12 00 80");
    ck_assert_str_eq(get_ok(HDLC_SETUP, 7), "12 00 19");
    ck_assert_str_eq(get_ok(HDLC_SETUP, 8), "12 00 78");
    ck_assert_str_eq(get_ok(HDLC_SETUP, 9), "12 00 11");
    /* Through the server: GET 0.0.22.0.0.255 attribute 5. */
    associate();
    ck_assert_str_eq(xchg("C0 01 C1 00 17 00 00 16 00 00 FF 05 00"), "C4 01 C1 00 12 00 80");
}
END_TEST

/* SET windows and lengths, then the next SNRM's UA carries them. */
START_TEST(test_hdlc_setup_set_negotiates)
{
    feed(0x11, COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), SNRM_BIG, 0);
    expect_ua("81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01");
    ck_assert_int_eq(set(HDLC_SETUP, 3, "11 03"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(HDLC_SETUP, 4, "11 02"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(HDLC_SETUP, 5, "12 00 C8"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(HDLC_SETUP, 6, "12 01 2C"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(changes, 4);
    ck_assert_int_eq(last_change, 6);
    /* The link in progress keeps what it agreed. */
    ck_assert_uint_eq(cosem_hdlc_params(&station)->max_info_tx, 128);
    ck_assert_str_eq(get_ok(HDLC_SETUP, 6), "12 01 2C");
    /* DISC, then SNRM again: UA with 200/300 and windows 3/2. */
    feed(0x11, COSEM_HDLC_CTRL_U(COSEM_HDLC_DISC, 1), NULL, 10);
    feed(0x11, COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), SNRM_BIG, 20);
    expect_ua("81 80 13 05 01 C8 06 02 01 2C 07 04 00 00 00 03 08 04 00 00 00 02");
    ck_assert_uint_eq(cosem_hdlc_params(&station)->max_info_tx, 200);
    ck_assert_uint_eq(cosem_hdlc_params(&station)->window_rx, 2);
}
END_TEST

/* Inactivity (s) and inter-octet (ms) time-outs apply to the station. */
START_TEST(test_hdlc_setup_timeouts)
{
    ck_assert_int_eq(set(HDLC_SETUP, 8, "12 00 02"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(HDLC_SETUP, 7, "12 00 64"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(HDLC_SETUP, 8), "12 00 02");
    ck_assert_str_eq(get_ok(HDLC_SETUP, 7), "12 00 64");
    ck_assert_uint_eq(cosem_hdlc_config(&station)->inter_frame_timeout_ms, 100);
    feed(0x11, COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), NULL, 1000);
    ck_assert_int_eq(cosem_hdlc_state(&station), COSEM_HDLC_CONNECTED);
    ck_assert_int_eq(cosem_hdlc_poll(&station, 2999), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_state(&station), COSEM_HDLC_CONNECTED);
    ck_assert_int_eq(cosem_hdlc_poll(&station, 3000), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_state(&station), COSEM_HDLC_DISCONNECTED);
    /* 0: no inactivity time-out. */
    ck_assert_int_eq(set(HDLC_SETUP, 8, "12 00 00"), COSEM_DAR_SUCCESS);
    feed(0x11, COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), NULL, 4000);
    ck_assert_int_eq(cosem_hdlc_poll(&station, 4000 + 3600000u), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_state(&station), COSEM_HDLC_CONNECTED);
}
END_TEST

/* device_address: applies when the link ends; the old address is deaf. */
START_TEST(test_hdlc_setup_address)
{
    feed(0x11, COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), NULL, 0);
    ck_assert_int_eq(set(HDLC_SETUP, 9, "12 00 22"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(HDLC_SETUP, 9), "12 00 22");
    /* Still connected at 0x11: DISC there is answered UA from 0x11. */
    feed(0x11, COSEM_HDLC_CTRL_U(COSEM_HDLC_DISC, 1), NULL, 10);
    ck_assert_int_eq(cosem_hdlc_state(&station), COSEM_HDLC_DISCONNECTED);
    frames = 0;
    feed(0x11, COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), NULL, 20);
    ck_assert_int_eq(frames, 0);
    feed(0x22, COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), NULL, 30);
    ck_assert_int_eq(frames, 1);
    ck_assert_int_eq(cosem_hdlc_state(&station), COSEM_HDLC_CONNECTED);
}
END_TEST

/* Out-of-range and ill-typed values: a defined result, nothing changed. */
START_TEST(test_hdlc_setup_bad_values)
{
    static const struct { int8_t id; const char *hex; cosem_dar_t dar; } bad[] = {
        {2, "16 0A", COSEM_DAR_OTHER_REASON},      /* speed code 10 */
        {2, "11 05", COSEM_DAR_TYPE_UNMATCHED},    /* unsigned, not enum */
        {3, "11 08", COSEM_DAR_OTHER_REASON},      /* window 8 */
        {4, "11 00", COSEM_DAR_OTHER_REASON},      /* window 0 */
        {3, "12 00 03", COSEM_DAR_TYPE_UNMATCHED}, /* long-unsigned window */
        {5, "12 00 1F", COSEM_DAR_OTHER_REASON},   /* 31 < 32 */
        {6, "12 07 EF", COSEM_DAR_OTHER_REASON},   /* 2031 > 2030 */
        {6, "12 02 01", COSEM_DAR_OTHER_REASON},   /* 513: above the station's buffers */
        {5, "12 02 01", COSEM_DAR_OTHER_REASON},
        {5, "11 80", COSEM_DAR_TYPE_UNMATCHED},    /* unsigned length */
        {5, "12 00", COSEM_DAR_TYPE_UNMATCHED},    /* truncated */
        {7, "12 00 13", COSEM_DAR_OTHER_REASON},   /* 19 ms < 20 */
        {7, "12 17 71", COSEM_DAR_OTHER_REASON},   /* 6001 ms */
        {8, "06 00 00 00 10", COSEM_DAR_TYPE_UNMATCHED},
        {9, "12 00 7E", COSEM_DAR_OTHER_REASON},   /* calling address */
        {9, "12 00 7F", COSEM_DAR_OTHER_REASON},   /* all-station */
        {9, "12 00 05", COSEM_DAR_OTHER_REASON},   /* reserved */
        {10, "12 00 05", COSEM_DAR_OBJECT_UNDEFINED},
    };
    cosem_hdlc_config_t before = *cosem_hdlc_config(&station);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        ck_assert_msg(set(HDLC_SETUP, bad[i].id, bad[i].hex) == bad[i].dar, "case %u", (unsigned)i);
    }
    ck_assert_int_eq(changes, 0);
    ck_assert_uint_eq(speed, 5);
    ck_assert_mem_eq(&before.params, &cosem_hdlc_config(&station)->params, sizeof before.params);
    ck_assert_uint_eq(cosem_hdlc_config(&station)->inactivity_timeout_ms, 120000);
    ck_assert_uint_eq(cosem_hdlc_config(&station)->inter_frame_timeout_ms, 25);
    ck_assert_uint_eq(cosem_hdlc_address(&station), 0x11);
    /* The largest the buffers hold is accepted. */
    ck_assert_int_eq(set(HDLC_SETUP, 6, "12 02 00"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(HDLC_SETUP, 2, "16 09"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(speed, 9);
}
END_TEST


/* ---- network setup classes ------------------------------------------- */

/* One expected SET result. */
typedef struct { const cosem_object_t *obj; int8_t id; const char *hex; cosem_dar_t dar; } set_case_t;

/* Runs SET cases; the change hook must see exactly the successful ones. */
static void run_sets(const set_case_t *c, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        int before = changes;
        cosem_dar_t dar = set(c[i].obj, c[i].id, c[i].hex);
        ck_assert_msg(dar == c[i].dar, "case %u (class %u attr %d): dar %d", (unsigned)i,
                      (unsigned)c[i].obj->cls->class_id, c[i].id, (int)dar);
        ck_assert_int_eq(changes - before, dar == COSEM_DAR_SUCCESS ? 1 : 0);
    }
}

/* TCP-UDP setup: port long-unsigned, IP_reference octet-string, MSS
 * long-unsigned, nb_of_sim_conn unsigned, inactivity long-unsigned. */
START_TEST(test_tcp_udp_setup)
{
    static const set_case_t bad[] = {
        {TCP, 2, "12 00 00", COSEM_DAR_OTHER_REASON},      /* port 0 */
        {TCP, 2, "06 00 00 0F DB", COSEM_DAR_TYPE_UNMATCHED},
        {TCP, 3, "09 05 00 00 19 01 00", COSEM_DAR_TYPE_UNMATCHED},
        {TCP, 4, "12 00 27", COSEM_DAR_OTHER_REASON},      /* MSS 39 */
        {TCP, 5, "11 00", COSEM_DAR_OTHER_REASON},         /* no connection */
        {TCP, 7, "11 00", COSEM_DAR_OBJECT_UNDEFINED},
    };
    static const set_case_t good[] = {
        {TCP, 2, "12 10 01", COSEM_DAR_SUCCESS},
        {TCP, 4, "12 05 B4", COSEM_DAR_SUCCESS},
        {TCP, 5, "11 02", COSEM_DAR_SUCCESS},
        {TCP, 6, "12 00 00", COSEM_DAR_SUCCESS},
    };
    ck_assert_str_eq(get_ok(TCP, 2), "12 0F DB");
    ck_assert_str_eq(get_ok(TCP, 3), "09 06 00 00 19 01 00 FF");
    ck_assert_str_eq(get_ok(TCP, 4), "12 02 40");
    ck_assert_str_eq(get_ok(TCP, 5), "11 01");
    ck_assert_str_eq(get_ok(TCP, 6), "12 00 B4");
    run_sets(bad, sizeof bad / sizeof bad[0]);
    ck_assert_uint_eq(tcp_port, 4059);
    ck_assert_uint_eq(tcp_mss, 576);
    run_sets(good, sizeof good / sizeof good[0]);
    ck_assert_uint_eq(tcp_port, 4097);
    ck_assert_uint_eq(tcp_mss, 1460);
    ck_assert_str_eq(get_ok(TCP, 6), "12 00 00");
}
END_TEST

/* IPv4 setup: addresses double-long-unsigned, multicast list array of
 * double-long-unsigned, IP_options array, use_DHCP_flag boolean; methods. */
START_TEST(test_ipv4_setup)
{
    static const set_case_t bad[] = {
        {IPV4, 3, "06 E0 01 01 01", COSEM_DAR_OTHER_REASON},  /* multicast station */
        {IPV4, 3, "06 00 01 02 03", COSEM_DAR_OTHER_REASON},  /* 0.1.2.3 */
        {IPV4, 3, "06 FF FF FF FF", COSEM_DAR_OTHER_REASON},  /* broadcast */
        {IPV4, 3, "05 0A 00 00 01", COSEM_DAR_TYPE_UNMATCHED},
        {IPV4, 3, "09 04 0A 00 00 01", COSEM_DAR_TYPE_UNMATCHED},
        {IPV4, 6, "06 FF 00 FF 00", COSEM_DAR_OTHER_REASON},  /* mask with holes */
        {IPV4, 9, "06 F0 00 00 01", COSEM_DAR_OTHER_REASON},
        {IPV4, 4, "01 02 06 E0 00 00 FB 06 0A 00 00 01", COSEM_DAR_OTHER_REASON},
        {IPV4, 4, "01 03 06 E0 00 00 01 06 E0 00 00 02 06 E0 00 00 03", COSEM_DAR_OTHER_REASON},
        {IPV4, 4, "01 02 06 E0 00 00 FB 12 00 01", COSEM_DAR_TYPE_UNMATCHED},
        {IPV4, 5, "01 00", COSEM_DAR_READ_WRITE_DENIED},
        {IPV4, 8, "11 01", COSEM_DAR_TYPE_UNMATCHED},
    };
    static const set_case_t good[] = {
        {IPV4, 3, "06 C0 A8 01 0A", COSEM_DAR_SUCCESS},
        {IPV4, 6, "06 FF FF FF 00", COSEM_DAR_SUCCESS},
        {IPV4, 10, "06 09 08 07 06", COSEM_DAR_SUCCESS},
        {IPV4, 8, "03 01", COSEM_DAR_SUCCESS},
        {IPV4, 4, "01 01 06 EF FF FF FA", COSEM_DAR_SUCCESS},
    };
    ck_assert_str_eq(get_ok(IPV4, 2), "09 06 00 00 19 02 00 FF");
    ck_assert_str_eq(get_ok(IPV4, 3), "06 AC 10 12 DC");
    ck_assert_str_eq(get_ok(IPV4, 4), "01 00");
    ck_assert_str_eq(get_ok(IPV4, 5), "01 00");
    ck_assert_str_eq(get_ok(IPV4, 6), "06 FF FF 00 00");
    ck_assert_str_eq(get_ok(IPV4, 7), "06 AC 10 00 01");
    ck_assert_str_eq(get_ok(IPV4, 8), "03 00");
    ck_assert_str_eq(get_ok(IPV4, 9), "06 01 02 03 04");
    ck_assert_str_eq(get_ok(IPV4, 10), "06 00 00 00 00");
    run_sets(bad, sizeof bad / sizeof bad[0]);
    ck_assert_uint_eq(ip_addr, 0xAC1012DCu);
    ck_assert_uint_eq(ip_mc_n, 0);
    run_sets(good, sizeof good / sizeof good[0]);
    ck_assert_uint_eq(ip_addr, 0xC0A8010Au);
    ck_assert(ip_dhcp);
    ck_assert_str_eq(get_ok(IPV4, 4), "01 01 06 EF FF FF FA");
    /* Methods: add (multicast only, up to 2), count, delete. */
    ck_assert_int_eq(act(IPV4, 1, "06 E0 00 00 FB"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(IPV4, 1, "06 E0 00 00 FB"), COSEM_DAR_SUCCESS); /* already there */
    ck_assert_int_eq(act(IPV4, 1, "06 E0 00 00 FC"), COSEM_DAR_OTHER_REASON); /* full */
    ck_assert_int_eq(act(IPV4, 1, "06 0A 00 00 01"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(IPV4, 3, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, 3), "12 00 02");
    ck_assert_int_eq(act(IPV4, 2, "06 EF FF FF FA"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(IPV4, 2, "06 EF FF FF FA"), COSEM_DAR_OTHER_REASON);
    ck_assert_str_eq(get_ok(IPV4, 4), "01 01 06 E0 00 00 FB");
}
END_TEST

/* MAC address setup: octet-string of 6, individual address. */
START_TEST(test_mac_address_setup)
{
    static const set_case_t cases[] = {
        {MAC, 2, "09 05 00 60 78 01 12", COSEM_DAR_TYPE_UNMATCHED},
        {MAC, 2, "09 07 00 60 78 01 12 DC 00", COSEM_DAR_TYPE_UNMATCHED},
        {MAC, 2, "09 06 01 00 5E 00 00 01", COSEM_DAR_OTHER_REASON}, /* group address */
        {MAC, 2, "0A 06 00 60 78 01 12 DD", COSEM_DAR_TYPE_UNMATCHED},
        {MAC, 2, "09 06 02 00 00 00 00 01", COSEM_DAR_SUCCESS},
    };
    ck_assert_str_eq(get_ok(MAC, 2), "09 06 00 60 78 01 12 DC");
    run_sets(cases, 4);
    ck_assert_str_eq(get_ok(MAC, 2), "09 06 00 60 78 01 12 DC");
    run_sets(cases + 4, 1);
    ck_assert_str_eq(get_ok(MAC, 2), "09 06 02 00 00 00 00 01");
}
END_TEST

/* PPP setup: options arrays of structure {unsigned, unsigned, data};
 * PPP_authentication structure {user-name, password}: the password is
 * never read back. */
START_TEST(test_ppp_setup)
{
    ck_assert_str_eq(get_ok(PPP, 3),
                     "01 02 02 03 11 01 11 04 12 05 DC 02 03 11 03 11 04 12 C0 23");
    ck_assert_str_eq(get_ok(PPP, 4), "01 00");
    ck_assert_str_eq(get_ok(PPP, 5), "02 02 09 05 6D 65 74 65 72 09 00");
    /* A password longer than its buffer: nothing changes, not even the user. */
    ck_assert_int_eq(set(PPP, 5, "02 02 09 01 75 09 09 31 32 33 34 35 36 37 38 39"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(PPP, 5, "02 01 09 01 75"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(PPP, 3, "01 00"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_uint_eq(ppp_user_n, 5);
    ck_assert_int_eq(changes, 0);
    ck_assert_int_eq(set(PPP, 5, "02 02 09 01 75 09 07 6E 65 77 70 61 73 73"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(ppp_pass_n, 7);
    ck_assert_mem_eq(ppp_pass, "newpass", 7);
    ck_assert_str_eq(get_ok(PPP, 5), "02 02 09 01 75 09 00");
    ck_assert_int_eq(set(PPP, 5, "00"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(ppp_user_n + ppp_pass_n, 0);
}
END_TEST

/* GPRS modem setup: APN octet-string, PIN_code long-unsigned (write
 * only), quality_of_service structure of two QoS_element structures. */
START_TEST(test_gprs_modem_setup)
{
    static const set_case_t bad[] = {
        {GPRS, 2, "09 11 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61",
         COSEM_DAR_TYPE_UNMATCHED},                                  /* 17 > 16 */
        {GPRS, 2, "09 04 61 20 62 63", COSEM_DAR_OTHER_REASON},      /* "a bc" */
        {GPRS, 2, "09 04 61 2E 2E 62", COSEM_DAR_OTHER_REASON},      /* "a..b" */
        {GPRS, 2, "0A 03 61 62 63", COSEM_DAR_TYPE_UNMATCHED},
        {GPRS, 3, "11 04", COSEM_DAR_TYPE_UNMATCHED},
        {GPRS, 4, "02 02 02 05 11 01 11 01 11 01 11 01 11 01 02 04 11 01 11 01 11 01 11 01",
         COSEM_DAR_TYPE_UNMATCHED},
    };
    cosem_dar_t dar;
    ck_assert_str_eq(get_ok(GPRS, 2), "09 08 69 6E 74 65 72 6E 65 74");
    get(GPRS, 3, &dar);
    ck_assert_int_eq(dar, COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_uint_eq(out_len, 0);
    ck_assert_str_eq(get_ok(GPRS, 4), "02 02 02 05 11 01 11 02 11 03 11 04 11 05 "
                                      "02 05 11 00 11 00 11 00 11 00 11 00");
    run_sets(bad, sizeof bad / sizeof bad[0]);
    ck_assert_uint_eq(apn_n, 8);
    ck_assert_uint_eq(qos_def.precedence, 1);
    ck_assert_int_eq(set(GPRS, 2, "09 0B 6D 32 6D 2E 6F 70 65 72 61 74 6F"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(GPRS, 2), "09 0B 6D 32 6D 2E 6F 70 65 72 61 74 6F");
    ck_assert_int_eq(set(GPRS, 3, "12 10 E1"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(pin, 4321);
    get(GPRS, 3, &dar);
    ck_assert_int_eq(dar, COSEM_DAR_READ_WRITE_DENIED);
}
END_TEST

/* SMTP setup: port long-unsigned, strings octet-string, login_password
 * write only; server address a host name or dotted IPv4 address. */
START_TEST(test_smtp_setup)
{
    static const set_case_t cases[] = {
        {SMTP, 2, "12 00 00", COSEM_DAR_OTHER_REASON},
        {SMTP, 5, "09 09 33 30 30 2E 31 2E 32 2E 33", COSEM_DAR_OTHER_REASON}, /* 300.1.2.3 */
        {SMTP, 5, "09 05 31 2E 32 2E 33", COSEM_DAR_OTHER_REASON},             /* 1.2.3 */
        {SMTP, 5, "09 08 62 61 64 20 68 6F 73 74", COSEM_DAR_OTHER_REASON},    /* "bad host" */
        {SMTP, 5, "09 05 2D 61 2E 62 63", COSEM_DAR_OTHER_REASON},             /* "-a.bc" */
        {SMTP, 5, "09 19 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 "
                  "61 61", COSEM_DAR_TYPE_UNMATCHED},                           /* 25 > 24 */
        {SMTP, 6, "09 04 6E 6F 61 74", COSEM_DAR_OTHER_REASON},                /* "noat" */
        {SMTP, 4, "09 09 31 32 33 34 35 36 37 38 39", COSEM_DAR_TYPE_UNMATCHED},
        {SMTP, 5, "09 07 31 2E 32 2E 33 2E 34", COSEM_DAR_SUCCESS},            /* 1.2.3.4 */
        {SMTP, 5, "09 0C 73 6D 74 70 2E 69 73 70 2E 63 6F 6D", COSEM_DAR_SUCCESS},
        {SMTP, 4, "09 03 6E 65 77", COSEM_DAR_SUCCESS},
        {SMTP, 2, "12 02 4B", COSEM_DAR_SUCCESS},
    };
    cosem_dar_t dar;
    ck_assert_str_eq(get_ok(SMTP, 2), "12 00 19");
    ck_assert_str_eq(get_ok(SMTP, 3), "09 03 69 6F 6E");
    get(SMTP, 4, &dar);
    ck_assert_int_eq(dar, COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_str_eq(get_ok(SMTP, 5), "09 10 6D 61 69 6C 2E 63 6F 6D 70 61 6E 79 2E 63 6F 6D");
    ck_assert_str_eq(get_ok(SMTP, 6), "09 0D 6D 40 63 6F 6D 70 61 6E 79 2E 63 6F 6D");
    run_sets(cases, 8);
    ck_assert_uint_eq(smtp_host_n, 16);
    ck_assert_uint_eq(smtp_pass_n, 2);
    run_sets(cases + 8, 4);
    ck_assert_str_eq(get_ok(SMTP, 5), "09 0C 73 6D 74 70 2E 69 73 70 2E 63 6F 6D");
    ck_assert_uint_eq(smtp_port, 587);
    get(SMTP, 4, &dar);
    ck_assert_int_eq(dar, COSEM_DAR_READ_WRITE_DENIED);
}
END_TEST

/* GSM diagnostic version 1: operator visible-string, status enums,
 * cell_info structure {double-long-unsigned, long-unsigned, unsigned,
 * unsigned, long-unsigned mcc, long-unsigned mnc, double-long-unsigned
 * channel} (seven elements, as Gurux.DLMS.Python 1.0.197 GXDLMSGSMDiagnostic
 * version 1 reads it), adjacent_cells array of structure, capture_time octet-string(12) date-time. */
START_TEST(test_gsm_diagnostic)
{
    ck_assert_str_eq(get_ok(GSM, 2), "0A 06 32 4E 2D 54 45 4C");
    ck_assert_str_eq(get_ok(GSM, 3), "16 01");
    ck_assert_str_eq(get_ok(GSM, 4), "16 00");
    ck_assert_str_eq(get_ok(GSM, 5), "16 05");
    ck_assert_str_eq(get_ok(GSM, 6), "02 07 06 00 01 E2 40 12 12 34 11 15 11 00 12 00 E6 12 00 03 "
                                      "06 00 00 18 9C");
    ck_assert_str_eq(get_ok(GSM, 7), "01 02 02 02 06 00 00 03 E9 11 0C 02 02 06 00 00 03 EA 11 08");
    ck_assert_str_eq(get_ok(GSM, 8), "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF");
    ck_assert_uint_eq(GSM->cls->version, 1);
    /* Read only: a SET through the server is refused. */
    associate();
    ck_assert_str_eq(xchg("C1 01 C1 00 2F 00 00 19 06 00 FF 03 00 16 00"), "C5 01 C1 03");
}
END_TEST

/* IPv6 setup: address lists array of octet-string(16), methods add and
 * remove with structure {address_type enum, address}. */
START_TEST(test_ipv6_setup)
{
#define FE80_1 "09 10 FE 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01"
#define FF02_1 "09 10 FF 02 00 00 00 00 00 00 00 00 00 00 00 00 00 01"
    static const set_case_t bad[] = {
        {IPV6, 3, "16 04", COSEM_DAR_OTHER_REASON},
        {IPV6, 4, "01 01 " FF02_1, COSEM_DAR_OTHER_REASON},   /* multicast as unicast */
        {IPV6, 5, "01 01 " FE80_1, COSEM_DAR_OTHER_REASON},   /* unicast as multicast */
        {IPV6, 5, "01 02 " FF02_1 " " FF02_1, COSEM_DAR_OTHER_REASON}, /* capacity 1 */
        {IPV6, 7, "09 0F FE 80 00 00 00 00 00 00 00 00 00 00 00 00 00", COSEM_DAR_TYPE_UNMATCHED},
        {IPV6, 7, FF02_1, COSEM_DAR_OTHER_REASON},
        {IPV6, 10, "01 00", COSEM_DAR_READ_WRITE_DENIED},
    };
    ck_assert_str_eq(get_ok(IPV6, 3), "16 00");
    ck_assert_str_eq(get_ok(IPV6, 4), "01 00");
    ck_assert_str_eq(get_ok(IPV6, 9), "11 00");
    ck_assert_str_eq(get_ok(IPV6, 10), "01 01 02 03 11 03 12 27 10 06 00 00 00 3C");
    run_sets(bad, sizeof bad / sizeof bad[0]);
    ck_assert_uint_eq(v6_mc_n, 0);
    ck_assert_int_eq(act(IPV6, 1, "02 02 16 00 " FE80_1), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(IPV6, 1, "02 02 16 00 " FF02_1), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(IPV6, 1, "02 02 16 03 " FE80_1), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(IPV6, 1, "02 02 16 01 " FF02_1), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(IPV6, 4), "01 01 " FE80_1);
    ck_assert_str_eq(get_ok(IPV6, 5), "01 01 " FF02_1);
    ck_assert_int_eq(act(IPV6, 2, "02 02 16 02 " FE80_1), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(IPV6, 2, "02 02 16 00 " FE80_1), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(IPV6, 4), "01 00");
    ck_assert_int_eq(set(IPV6, 7, FE80_1), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(IPV6, 7), FE80_1);
#undef FE80_1
#undef FF02_1
}
END_TEST

/* NTP setup: activated boolean, server_address octet-string, port
 * long-unsigned, authentication_method enum; keys write only; methods
 * synchronize, add and delete key. */
START_TEST(test_ntp_setup)
{
#define KEY16 "09 10 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF"
    static const set_case_t bad[] = {
        {NTP, 5, "16 03", COSEM_DAR_OTHER_REASON},
        {NTP, 4, "12 00 00", COSEM_DAR_OTHER_REASON},
        {NTP, 3, "09 05 61 2E 2E 62 63", COSEM_DAR_OTHER_REASON},
        {NTP, 6, "01 03 02 02 06 00 00 00 01 09 01 AA 02 02 06 00 00 00 02 09 01 BB "
                 "02 02 06 00 00 00 03 09 01 CC", COSEM_DAR_OTHER_REASON}, /* capacity 2 */
        {NTP, 6, "01 01 02 02 06 00 00 00 01 09 21 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                 "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", COSEM_DAR_TYPE_UNMATCHED},
        {NTP, 7, "09 11 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00",
         COSEM_DAR_TYPE_UNMATCHED},
    };
    cosem_dar_t dar;
    ck_assert_str_eq(get_ok(NTP, 2), "03 00");
    ck_assert_str_eq(get_ok(NTP, 3), "09 10 74 69 6D 65 2E 63 6F 6D 70 61 6E 79 2E 63 6F 6D");
    ck_assert_str_eq(get_ok(NTP, 4), "12 00 7B");
    ck_assert_str_eq(get_ok(NTP, 5), "16 00");
    run_sets(bad, sizeof bad / sizeof bad[0]);
    ck_assert_uint_eq(ntp_key_n, 0);
    ck_assert_int_eq(set(NTP, 6, "01 01 02 02 06 00 00 00 07 " KEY16), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(NTP, 7, KEY16), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(ntp_key_n, 1);
    ck_assert_uint_eq(ntp_keys[0].id, 7);
    for (int8_t id = 6; id <= 7; ++id) {
        get(NTP, id, &dar);
        ck_assert_int_eq(dar, COSEM_DAR_READ_WRITE_DENIED);
        ck_assert_uint_eq(out_len, 0);
    }
    ck_assert_int_eq(act(NTP, 2, "02 02 06 00 00 00 08 " KEY16), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(NTP, 2, "02 02 06 00 00 00 09 " KEY16), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(NTP, 2, "02 02 06 00 00 00 07 09 01 AA"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(ntp_keys[0].len, 1);
    ck_assert_int_eq(act(NTP, 3, "06 00 00 00 05"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(NTP, 3, "06 00 00 00 07"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(ntp_key_n, 1);
    ck_assert_uint_eq(ntp_keys[0].id, 8);
    ck_assert_int_eq(act(NTP, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(NTP, 1, ""), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(NTP, 1, "11 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(ntp_syncs, 2);
    /* Through the server: the client key is not readable. */
    associate();
    ck_assert_str_eq(xchg("C0 01 C1 00 64 00 00 19 0A 00 FF 07 00"), "C4 01 C1 01 03");
    ck_assert_str_eq(xchg("C0 01 C1 00 64 00 00 19 0A 00 FF 04 00"), "C4 01 C1 00 12 00 7B");
#undef KEY16
}
END_TEST

static Suite *comm_suite(void)
{
    Suite *s = suite_create("comm");
    TCase *tc = tcase_create("hdlc_setup");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_hdlc_setup_encodings);
    tcase_add_test(tc, test_hdlc_setup_set_negotiates);
    tcase_add_test(tc, test_hdlc_setup_timeouts);
    tcase_add_test(tc, test_hdlc_setup_address);
    tcase_add_test(tc, test_hdlc_setup_bad_values);
    suite_add_tcase(s, tc);
    tc = tcase_create("network");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_tcp_udp_setup);
    tcase_add_test(tc, test_ipv4_setup);
    tcase_add_test(tc, test_mac_address_setup);
    tcase_add_test(tc, test_ppp_setup);
    tcase_add_test(tc, test_gprs_modem_setup);
    tcase_add_test(tc, test_smtp_setup);
    tcase_add_test(tc, test_gsm_diagnostic);
    tcase_add_test(tc, test_ipv6_setup);
    tcase_add_test(tc, test_ntp_setup);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(comm_suite)
