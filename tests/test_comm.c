/* SPDX-License-Identifier: Apache-2.0 */
/* Communication classes (comm.h). IEC HDLC setup (class 23, Blue Book
 * 4.7.1, version 1): attribute encodings (comm_speed enum, window sizes
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

static const cosem_object_t objects[] = {
    {{0, 0, 22, 0, 0, 255}, &cosem_class_iec_hdlc_setup, &hdlc_desc, NULL, all_rights, NULL},
};
#define HDLC_SETUP (&objects[0])

static const cosem_assoc_config_t assoc_cfg[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION, NULL, NULL,
     false}};

static void setup(void)
{
    station_init();
    speed = 5;
    changes = 0;
    fx_server_init(objects, sizeof objects / sizeof objects[0], assoc_cfg, 1, NULL, 512);
}

static void teardown(void) {}

/* Every attribute with its Blue Book type (4.7.1: comm_speed enum,
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
    return s;
}

TU_MAIN(comm_suite)
