/* SPDX-License-Identifier: Apache-2.0 */
/* The server built with tests/configs/minimal_hdlc_server.h (the options a
 * small meter uses): a Clock over a port that keeps local time
 * (COSEM_CLOCK_PORT_LOCAL), no clock methods (COSEM_CLOCK_METHODS 0), SET
 * and ACTION in their normal forms only (COSEM_WITH_LIST_BLOCK_WRITE 0),
 * no GET with-list (COSEM_WITH_GET_LIST 0) nor of attribute 0
 * (COSEM_WITH_GET_ATTRIBUTE0 0), no compact-arrays in A-XDR input
 * (COSEM_WITH_COMPACT_ARRAY 0), the library's own memmove() and memcmp()
 * (COSEM_WITH_LIBC_MEMMOVE 0), checked here against the C library's, and
 * load profiles with const capture objects only
 * (COSEM_PROFILE_SETTABLE_COLUMNS 0).
 * Built against its own copy of the library in that configuration (see
 * tests/CMakeLists.txt), so it cannot use test_util. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <cosem/classes.h>
#include <cosem/metering.h>
#include <cosem/profile.h>
#include <cosem/server.h>

#if !COSEM_CLOCK_PORT_LOCAL || COSEM_CLOCK_METHODS || COSEM_WITH_LIST_BLOCK_WRITE || \
    COSEM_WITH_GET_LIST || COSEM_WITH_GET_ATTRIBUTE0 || COSEM_WITH_COMPACT_ARRAY || \
    COSEM_WITH_LIBC_MEMMOVE || COSEM_PROFILE_SETTABLE_COLUMNS
#error "minimal_config.c needs the minimal_hdlc_server.h configuration"
#endif

/* The RTC: local time 2026-07-15 12:30:45 (Wednesday), CET summer time
 * (deviation -120 would be UTC+2; the port reports -60 and the DST bit). */
static cosem_datetime_t g_rtc = {2026, 7, 15, 3, 12, 30, 45, 0, 0x80, -60};
static cosem_datetime_t g_set;
static int g_sets;

static cosem_status_t rtc_get(void *user, cosem_datetime_t *now)
{
    (void)user;
    *now = g_rtc;
    return COSEM_OK;
}

static cosem_status_t rtc_set(void *user, const cosem_datetime_t *now)
{
    (void)user;
    g_set = *now;
    g_sets++;
    return COSEM_OK;
}

static const cosem_port_t g_port = {NULL, NULL, rtc_get, rtc_set, NULL, NULL, NULL, NULL, NULL,
                                    NULL};
static cosem_clock_state_t g_clock_state;
static const cosem_clock_t g_clock = {&g_clock_state, NULL, COSEM_CLOCK_BASE_CRYSTAL, 900, NULL};
static const cosem_association_ln_t g_current = {NULL, 1, NULL};
static const cosem_access_t g_all[COSEM_MAX_ACCESS_LEVELS] = {{COSEM_ALL, COSEM_ALL, COSEM_ALL}};
static const cosem_object_t g_objects[] = {
    {{0, 0, 1, 0, 0, 255}, &cosem_class_clock, &g_clock, NULL, g_all, NULL},
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &g_current, NULL, g_all, NULL},
};
static const cosem_assoc_config_t g_assocs[] = {
    {0x10, COSEM_AUTH_NONE, 0,
     COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION | COSEM_CONF_MULTIPLE_REFERENCES |
         COSEM_CONF_BLOCK_TRANSFER_SET | COSEM_CONF_BLOCK_TRANSFER_ACTION |
         COSEM_CONF_ATTRIBUTE0_GET,
     NULL, NULL, false, NULL}};

static cosem_server_t g_server;
static cosem_assoc_t g_assoc;
static uint8_t g_work[256];
static uint8_t g_out[256];
static char g_hex[520];

/* AARQ of the Gurux capture (no authentication, conformance 00 7E 1F). */
static const uint8_t aarq[] = {0x60, 0x1D, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05,
                               0x08, 0x01, 0x01, 0xBE, 0x10, 0x04, 0x0E, 0x01, 0x00, 0x00,
                               0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0x00, 0x7E, 0x1F, 0xFF,
                               0xFF};

/* One request (hex) through the association; the response as hex. */
static const char *xchg(const char *req_hex)
{
    uint8_t req[128];
    size_t n = 0, out_len = 0, i;
    unsigned v;
    while (*req_hex != '\0' && sscanf(req_hex, "%2x", &v) == 1) {
        req[n++] = (uint8_t)v;
        req_hex += 2;
        while (*req_hex == ' ') {
            req_hex++;
        }
    }
    ck_assert_int_eq(cosem_assoc_handle(&g_assoc, req, n, g_out, sizeof g_out, &out_len),
                     COSEM_OK);
    for (i = 0; i < out_len; i++) {
        sprintf(g_hex + 2 * i, "%02X", g_out[i]);
    }
    g_hex[2 * out_len] = '\0';
    return g_hex;
}

/* Starts g_server over @p objs; cosem_server_init()'s status. */
static cosem_status_t start_server(const cosem_object_t *objs, size_t count)
{
    cosem_server_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.objects = objs;
    cfg.object_count = count;
    cfg.assocs = g_assocs;
    cfg.assoc_count = 1;
    cfg.port = &g_port;
    cfg.max_pdu = 256;
    return cosem_server_init(&g_server, &cfg);
}

/* Opens g_assoc on g_server for the public client with the AARQ above. */
static void associate(void)
{
    size_t out_len = 0;
    ck_assert_int_eq(cosem_assoc_init(&g_assoc, &g_server, g_work, sizeof g_work), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_open(&g_assoc, 0x10), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_handle(&g_assoc, aarq, sizeof aarq, g_out, sizeof g_out,
                                        &out_len),
                     COSEM_OK);
    ck_assert_int_eq(cosem_assoc_state(&g_assoc), COSEM_ASSOC_ASSOCIATED);
}

static void setup(void)
{
    g_sets = 0;
    ck_assert_int_eq(start_server(g_objects, 2), COSEM_OK);
    associate();
}

/* Attribute 2 is the RTC's local time as it is: deviation and status too. */
START_TEST(clock_get_is_the_port_time)
{
    ck_assert_str_eq(xchg("C0 01 C1 0008 0000010000FF 02 00"),
                     "C401C100090C07EA070F030C1E2D00FFC480");
}
END_TEST

/* SET time with the date, hundredths, deviation and status not specified:
 * they come from the RTC, the weekday is computed, the RTC is set. */
START_TEST(clock_set_fills_unspecified_fields)
{
    ck_assert_str_eq(xchg("C1 01 C1 0008 0000010000FF 02 00 090C FFFF FF FF FF 0A 00 00 FF 8000 FF"),
                     "C501C100");
    ck_assert_int_eq(g_sets, 1);
    ck_assert_int_eq(g_set.year, 2026);
    ck_assert_int_eq(g_set.month, 7);
    ck_assert_int_eq(g_set.day, 15);
    ck_assert_int_eq(g_set.day_of_week, 3);
    ck_assert_int_eq(g_set.hour, 10);
    ck_assert_int_eq(g_set.minute, 0);
    ck_assert_int_eq(g_set.second, 0);
    ck_assert_int_eq(g_set.hundredths, 0);
    ck_assert_int_eq(g_set.deviation, -60);
    ck_assert_int_eq(g_set.status, 0x80);
}
END_TEST

/* An impossible time (hour 24) is refused and the RTC left alone. */
START_TEST(clock_set_refuses_bad_time)
{
    ck_assert_str_eq(xchg("C1 01 C1 0008 0000010000FF 02 00 090C 07EA 07 0F FF 18 00 00 00 FFC4 00"),
                     "C501C1FA");
    ck_assert_int_eq(g_sets, 0);
}
END_TEST

/* Clock methods are left out: adjust_to_quarter is read-write-denied. */
START_TEST(clock_methods_denied)
{
    ck_assert_str_eq(xchg("C3 01 C1 0008 0000010000FF 01 01 0F00"), "C701C10300");
    ck_assert_int_eq(g_sets, 0);
}
END_TEST

/* SET with-list and ACTION with-list are left out: exception-response
 * (service not allowed, service not supported), nothing applied. */
START_TEST(list_forms_not_supported)
{
    ck_assert_str_eq(xchg("C1 04 C1 01 0008 0000010000FF 02 00 01 090C 07EA 07 0F FF 0A 00 00 00 FFC4 00"),
                     "D80102");
    ck_assert_str_eq(xchg("C3 03 C1 01 0008 0000010000FF 01 01 0F00"), "D80102");
    ck_assert_int_eq(g_sets, 0);
    /* the association still serves the next request */
    ck_assert_str_eq(xchg("C0 01 C1 0008 0000010000FF 02 00"),
                     "C401C100090C07EA070F030C1E2D00FFC480");
}
END_TEST

/* GET with-list is left out: exception-response (service not allowed,
 * service not supported) even with multiple-references negotiated; the
 * normal GET still answers. */
START_TEST(get_list_not_supported)
{
    ck_assert_str_eq(xchg("C0 03 C1 02 0008 0000010000FF 02 00 000F 0000280000FF 08 00"),
                     "D80102");
    ck_assert_str_eq(xchg("C0 01 C1 0008 0000010000FF 02 00"),
                     "C401C100090C07EA070F030C1E2D00FFC480");
}
END_TEST

/* The request decoders leave the same forms out: every SET/ACTION choice
 * but -normal and GET with-list is unsupported (choice and invoke kept),
 * well formed or not, so the server refuses it as not supported; an
 * unknown choice stays malformed (service-error other-reason) and the
 * normal forms decode as before. */
START_TEST(decoders_leave_out_long_forms)
{
    static const uint8_t set_list[] = {0xC1, 0x04, 0xC1, 0x01, 0x00};
    static const uint8_t set_block[] = {0xC1, 0x03, 0x42, 0x01};
    static const uint8_t action_next[] = {0xC3, 0x02, 0xC1, 0x00, 0x00, 0x00, 0x01};
    static const uint8_t get_list[] = {0xC0, 0x03, 0xC1, 0x01};
    static const uint8_t action_bad[] = {0xC3, 0x07, 0xC1};
    static const uint8_t action_normal[] = {0xC3, 0x01, 0xC1, 0x00, 0x08, 0x00, 0x00,
                                            0x01, 0x00, 0x00, 0xFF, 0x01, 0x00};
    cosem_set_request_t sq;
    cosem_action_request_t aq;
    cosem_get_request_t gq;
    ck_assert_int_eq(cosem_set_request_decode(set_list, sizeof set_list, &sq),
                     COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(sq.type, COSEM_SET_WITH_LIST);
    ck_assert_int_eq(sq.invoke, 0xC1);
    ck_assert_int_eq(cosem_set_request_decode(set_block, sizeof set_block, &sq),
                     COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(cosem_action_request_decode(action_next, sizeof action_next, &aq),
                     COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(aq.type, COSEM_ACTION_NEXT_PBLOCK);
    ck_assert_int_eq(cosem_action_request_decode(action_bad, sizeof action_bad, &aq),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_action_request_decode(action_normal, sizeof action_normal, &aq),
                     COSEM_OK);
    ck_assert_int_eq(aq.ref.id, 1);
    ck_assert_int_eq(cosem_get_request_decode(get_list, sizeof get_list, &gq),
                     COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(gq.type, COSEM_GET_WITH_LIST);
    /* truncated long forms: not supported too; an unknown choice is not */
    ck_assert_str_eq(xchg("C1 04 C1 01"), "D80102");
    ck_assert_str_eq(xchg("C1 03 C1"), "D80102");
    ck_assert_str_eq(xchg("C3 06 C1"), "D80102");
    ck_assert_str_eq(xchg("C0 03 C1"), "D80102");
    ck_assert_str_eq(xchg("C3 07 C1"), "D80103");
    ck_assert_str_eq(xchg("C1 00 C1"), "D80103");
    ck_assert_int_eq(g_sets, 0);
}
END_TEST

/* GET of attribute 0 is left out: read-write-denied (the client was not
 * offered attribute0-supported-with-get either, see below). */
START_TEST(get_attribute0_denied)
{
    ck_assert_str_eq(xchg("C0 01 C1 0008 0000010000FF 00 00"), "C401C10103");
}
END_TEST

/* Compact-arrays are not parsed: the reader refuses one (unsupported), and
 * a SET carrying one (an unsigned 5 in a compact-array) is answered as a
 * request whose data cannot be read, with an exception-response
 * (service-error other-reason), the RTC left alone; tagged values pass. */
START_TEST(compact_array_refused)
{
    static const uint8_t compact[] = {0x13, 0x11, 0x01, 0x05};
    static const uint8_t tagged[] = {0x01, 0x01, 0x02, 0x01, 0x11, 0x05};
    cosem_axdr_reader_t r;
    cosem_axdr_reader_init(&r, compact, sizeof compact);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_UNSUPPORTED);
    cosem_axdr_reader_init(&r, tagged, sizeof tagged);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_reader_pos(&r), sizeof tagged);
    cosem_axdr_reader_init(&r, tagged, sizeof tagged - 1u);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_TRUNCATED);
    cosem_axdr_reader_init(&r, tagged, sizeof tagged);
    cosem_axdr_reader_set_max_depth(&r, 1);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_DEPTH);
    ck_assert_str_eq(xchg("C1 01 C1 0008 0000010000FF 02 00 13 11 01 05"), "D80103");
    ck_assert_int_eq(g_sets, 0);
}
END_TEST

/* The services left out are not negotiated either, though the association
 * offers them and the client (Gurux's AARQ, 00 7E 1F) proposes them: the
 * AARE's conformance holds GET, SET, ACTION and selective access only. */
START_TEST(left_out_services_not_negotiated)
{
    uint8_t out[64];
    size_t n = 0, i;
    static const uint8_t conf[] = {0x5F, 0x1F, 0x04, 0x00, 0x00, 0x00, 0x19};
    ck_assert_uint_eq(cosem_assoc_conformance(&g_assoc),
                      COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION);
    cosem_assoc_close(&g_assoc);
    ck_assert_int_eq(cosem_assoc_open(&g_assoc, 0x10), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_handle(&g_assoc, aarq, sizeof aarq, out, sizeof out, &n),
                     COSEM_OK);
    for (i = 0; i + sizeof conf <= n && memcmp(out + i, conf, sizeof conf) != 0; i++) {
    }
    ck_assert_msg(i + sizeof conf <= n, "AARE without conformance 00 00 19");
}
END_TEST

/* Without settable columns a profile needs a const column table: one with
 * columns_rw is refused at start-up; with a const table capture_objects
 * reads as usual and a SET of it is read-write-denied (C5 01 C1 03), as in
 * the full build. */
START_TEST(profile_const_columns_only)
{
    static cosem_profile_state_t st;
    static uint8_t ring[64];
    static const cosem_capture_def_t cols[] = {
        {8, {0, 0, 1, 0, 0, 255}, 2, COSEM_PROFILE_W_DATETIME, 0}};
    static cosem_capture_def_t cols_rw[] = {{8, {0, 0, 1, 0, 0, 255}, 2, 0, 0}};
    static const cosem_profile_t lp = {&st, ring, sizeof ring, cols, NULL, 1, 900, 0};
    static const cosem_profile_t lp_rw = {&st, ring, sizeof ring, NULL, cols_rw, 1, 900, 0};
    cosem_object_t objs[3] = {
        g_objects[0], g_objects[1],
        {{1, 0, 99, 1, 0, 255}, &cosem_class_profile_generic, &lp_rw, NULL, g_all, NULL}};
    ck_assert_int_eq(start_server(objs, 3), COSEM_E_ARG);
    objs[2].data = &lp;
    ck_assert_int_eq(start_server(objs, 3), COSEM_OK);
    associate();
    ck_assert_str_eq(xchg("C0 01 C1 0007 0100630100FF 03 00"),
                     "C401C1000101020412000809060000010000FF0F02120000");
    ck_assert_str_eq(xchg("C1 01 C1 0007 0100630100FF 03 00 0100"), "C501C103");
}
END_TEST

/* The library's byte loops (src/common/mem.c; internal, declared here). */
void *cosem_mem_move(void *dst, const void *src, size_t n);
int cosem_mem_cmp(const void *a, const void *b, size_t n);

START_TEST(own_memmove_and_memcmp)
{
    uint8_t a[40], b[40], x[8], y[8];
    size_t d, s, n;
    /* Every overlap, forwards and backwards, against memmove(). */
    for (d = 0; d < 16; d++) {
        for (s = 0; s < 16; s++) {
            for (n = 0; n <= 24; n++) {
                for (size_t i = 0; i < sizeof a; i++) {
                    a[i] = b[i] = (uint8_t)(i * 7u + 1u);
                }
                ck_assert_ptr_eq(cosem_mem_move(a + d, a + s, n), a + d);
                memmove(b + d, b + s, n);
                ck_assert_mem_eq(a, b, sizeof a);
            }
        }
    }
    /* The sign of the first differing octet, unsigned, as memcmp(). */
    memcpy(x, "\x01\x02\x80\x04\x05\x06\x07\x08", 8);
    memcpy(y, x, 8);
    ck_assert_int_eq(cosem_mem_cmp(x, y, 8), 0);
    ck_assert_int_eq(cosem_mem_cmp(x, y, 0), 0);
    y[2] = 0x7F; /* 0x80 > 0x7F: greater, as unsigned */
    ck_assert_int_gt(cosem_mem_cmp(x, y, 8), 0);
    ck_assert_int_lt(cosem_mem_cmp(y, x, 8), 0);
    ck_assert_int_eq(cosem_mem_cmp(x, y, 2), 0);
    y[2] = 0x80;
    y[7] = 0x09;
    ck_assert_int_lt(cosem_mem_cmp(x, y, 8), 0);
    ck_assert_int_eq(cosem_mem_cmp(x, y, 7), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("minimal_config");
    TCase *tc = tcase_create("server");
    SRunner *sr;
    int failed;
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, clock_get_is_the_port_time);
    tcase_add_test(tc, clock_set_fills_unspecified_fields);
    tcase_add_test(tc, clock_set_refuses_bad_time);
    tcase_add_test(tc, clock_methods_denied);
    tcase_add_test(tc, list_forms_not_supported);
    tcase_add_test(tc, get_list_not_supported);
    tcase_add_test(tc, decoders_leave_out_long_forms);
    tcase_add_test(tc, get_attribute0_denied);
    tcase_add_test(tc, compact_array_refused);
    tcase_add_test(tc, left_out_services_not_negotiated);
    tcase_add_test(tc, own_memmove_and_memcmp);
    tcase_add_test(tc, profile_const_columns_only);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
