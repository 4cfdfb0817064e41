/* SPDX-License-Identifier: Apache-2.0 */
/* Push setup (class 40, version 0): attribute encodings (push_object_list
 * array of capture_object_definition {long-unsigned, octet-string,
 * integer, long-unsigned}; send_destination_and_method {enum,
 * octet-string, enum}; communication_window array of {octet-string(12),
 * octet-string(12)}; long-unsigned / unsigned parameters), method push
 * through the server, the push from the tick received by our client's
 * decoder, random start delay, windows, retries then report, a send under
 * way finished by cosem_push_done(), bad destinations. */
#include <string.h>

#include <cosem/classes.h>
#include <cosem/client.h>
#include <cosem/push.h>
#include <cosem/server.h>

#include "test_class_fixture.h"
#include "test_push_report.h"

/* ---- a fake port: fixed clock, scripted random octets ------------------- */

static int64_t clock_utc = 1700000000; /* 2023-11-14 22:13:20 UTC */
static uint8_t rnd[2];

static cosem_status_t port_time(void *user, cosem_datetime_t *now)
{
    (void)user;
    return cosem_datetime_from_utc(now, clock_utc, 0, 0);
}

static cosem_status_t port_random(void *user, uint8_t *buf, size_t n)
{
    (void)user;
    ck_assert_uint_eq(n, 2);
    memcpy(buf, rnd, 2);
    return COSEM_OK;
}

static const cosem_port_t port = {NULL, NULL, port_time, NULL, port_random,
                                  NULL, NULL, NULL, NULL, NULL};

/* ---- the send and report hooks ----------------------------------------- */

static cosem_status_t send_result;
static int sends;
static int fail_at;          /* the send with this number (1-based) fails; 0 none */
static uint8_t log_buf[512]; /* every APDU sent, back to back */
static size_t log_len;
static uint8_t sent[256];
static size_t sent_len;
static char sent_dest[64];
static uint8_t sent_transport;

static cosem_status_t hook_send(void *user, const cosem_object_t *obj, uint8_t transport,
                                const uint8_t *dest, size_t dest_len, const uint8_t *apdu,
                                size_t n)
{
    (void)user;
    (void)obj;
    sends++;
    sent_transport = transport;
    ck_assert_uint_lt(dest_len, sizeof sent_dest);
    memcpy(sent_dest, dest, dest_len);
    sent_dest[dest_len] = '\0';
    ck_assert_uint_le(n, sizeof sent);
    memcpy(sent, apdu, n);
    sent_len = n;
    ck_assert_uint_le(log_len + n, sizeof log_buf);
    memcpy(log_buf + log_len, apdu, n);
    log_len += n;
    return sends == fail_at ? COSEM_E_IO : send_result;
}

static cosem_status_t poll_result;
static int polls;

static cosem_status_t hook_poll(void *user, const cosem_object_t *obj)
{
    (void)user;
    (void)obj;
    polls++;
    return poll_result;
}


/* ---- objects ------------------------------------------------------------ */

static uint32_t energy;
static const cosem_vref_t energy_ref = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy);

static uint8_t transport;
static char dest[24];
static uint16_t dest_n;
static cosem_push_window_t windows[1];
static uint8_t window_n;
static uint16_t randomisation, repetition;
static uint8_t retries;
static cosem_push_state_t pstate;
static uint8_t pbuf[64];
static size_t pbuf_cap = sizeof pbuf;

extern const cosem_object_t objects[];
static const cosem_push_item_t items[] = {{&objects[0], 1}, {&objects[1], 2}};
static cosem_push_setup_t push_desc = {items, 2, &transport,
                                       {(uint8_t *)dest, &dest_n, sizeof dest},
                                       windows, &window_n, 1, &randomisation, &retries,
                                       &repetition, &pstate, pbuf, sizeof pbuf, hook_send,
                                       NULL, hook_report, NULL, 0};

const cosem_object_t objects[] = {
    {{0, 0, 25, 9, 0, 255}, &cosem_class_push_setup, &push_desc, NULL, all_rights, NULL},
    {{1, 0, 1, 8, 0, 255}, &cosem_class_data, &energy_ref, NULL, all_rights, NULL},
};
#define PUSH (&objects[0])

static const cosem_assoc_config_t assoc_cfg[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION, NULL, NULL,
     false, NULL}};

static void setup(void)
{
    energy = 12345;
    transport = COSEM_PUSH_TCP;
    memcpy(dest, "127.0.0.1:4059", 14);
    dest_n = 14;
    window_n = 0;
    randomisation = 0;
    repetition = 3;
    retries = 2;
    memset(&pstate, 0, sizeof pstate);
    push_desc.cap = pbuf_cap;
    rnd[0] = 0x01;
    rnd[1] = 0x02;
    send_result = COSEM_OK;
    sends = reports = polls = 0;
    fail_at = 0;
    log_len = 0;
    push_desc.block_size = 0;
    push_desc.poll = NULL;
    clock_utc = 1700000000;
    fx_server_init(objects, 2, assoc_cfg, 1, &port, 512);
}

static void teardown(void) {}

/* Ticks the server n times. */
static void ticks(int n)
{
    for (int i = 0; i < n; ++i) {
        cosem_server_tick(&server);
    }
}

/* Attribute encodings of class 40 version 0. */
START_TEST(test_push_attributes)
{
    ck_assert_str_eq(get_ok(PUSH, 2),
                     "01 02 02 04 12 00 28 09 06 00 00 19 09 00 FF 0F 01 12 00 00 "
                     "02 04 12 00 01 09 06 01 00 01 08 00 FF 0F 02 12 00 00");
    ck_assert_str_eq(get_ok(PUSH, 3),
                     "02 03 16 00 09 0E 31 32 37 2E 30 2E 30 2E 31 3A 34 30 35 39 16 00");
    ck_assert_str_eq(get_ok(PUSH, 4), "01 00");
    ck_assert_str_eq(get_ok(PUSH, 5), "12 00 00");
    ck_assert_str_eq(get_ok(PUSH, 6), "11 02");
    ck_assert_str_eq(get_ok(PUSH, 7), "12 00 03");
}
END_TEST

/* ACTION push through the server, the push at the next tick, decoded by
 * the client's notification decoder. */
START_TEST(test_push_method_and_receive)
{
    cosem_notification_t n;
    associate();
    /* ACTION-Request normal, class 40, 0.0.25.9.0.255, method 1, integer 0. */
    ck_assert_str_eq(xchg("C3 01 C1 00 28 00 00 19 09 00 FF 01 01 0F 00"), "C7 01 C1 00 00");
    ck_assert_int_eq(sends, 0); /* nothing is sent inside request handling */
    ck_assert_int_eq(pstate.phase, COSEM_PUSH_WAITING);
    /* A second push while one is pending: temporary-failure. */
    ck_assert_str_eq(xchg("C3 01 C1 00 28 00 00 19 09 00 FF 01 01 0F 00"), "C7 01 C1 02 00");
    ticks(1);
    ck_assert_int_eq(sends, 1);
    ck_assert_str_eq(sent_dest, "127.0.0.1:4059");
    ck_assert_uint_eq(sent_transport, COSEM_PUSH_TCP);
    ck_assert_int_eq(reports, 1);
    ck_assert_int_eq(report_result, COSEM_OK);
    ck_assert_uint_eq(pstate.sent, 1);
    /* data-notification: tag 0F, invoke 00 00 00 01, date-time of the port
     * clock (2023-11-14 22:13:20, Tuesday, deviation 0), structure of the
     * push setup's logical name and the energy value. */
    ck_assert_str_eq(tu_hexstr(sent, sent_len),
                     "0F 00 00 00 01 0C 07 E7 0B 0E 02 16 0D 14 00 00 00 00 "
                     "02 02 09 06 00 00 19 09 00 FF 06 00 00 30 39");
    ck_assert_int_eq(cosem_client_push_decode(COSEM_CLIENT_LINK_APDU, sent, sent_len, &n),
                     COSEM_OK);
    ck_assert_uint_eq(n.tag, COSEM_APDU_DATA_NOTIFICATION);
    ck_assert_uint_eq(n.invoke, 1);
    ck_assert(n.has_time);
    ck_assert_uint_eq(n.time.hour, 22);
    ck_assert_str_eq(tu_hexstr(n.body.p, n.body.len), "02 02 09 06 00 00 19 09 00 FF 06 00 00 30 39");
    ck_assert_uint_eq(pstate.phase, COSEM_PUSH_IDLE);
}
END_TEST

/* Failed attempts: retried after repetition_delay, then reported. */
START_TEST(test_push_retries)
{
    send_result = COSEM_E_IO;
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(1);
    ck_assert_int_eq(sends, 1);
    ticks(3);
    ck_assert_int_eq(sends, 1);
    ticks(1);
    ck_assert_int_eq(sends, 2);
    ck_assert_int_eq(reports, 0);
    ticks(4);
    ck_assert_int_eq(sends, 3);
    ck_assert_int_eq(reports, 1);
    ck_assert_int_eq(report_result, COSEM_E_IO);
    ck_assert_uint_eq(report_attempts, 3);
    ck_assert_uint_eq(pstate.failed, 1);
    ticks(10);
    ck_assert_int_eq(sends, 3);
    /* Invoke ids count up per attempt. */
    ck_assert_uint_eq(pstate.invoke, 3);
}
END_TEST

/* A send under way ends with cosem_push_done(); failure there retries. */
START_TEST(test_push_done_async)
{
    send_result = COSEM_E_WOULDBLOCK;
    ck_assert_int_eq(cosem_push_done(PUSH, COSEM_OK), COSEM_E_STATE);
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(1);
    ck_assert_int_eq(pstate.phase, COSEM_PUSH_SENDING);
    ticks(5);
    ck_assert_int_eq(sends, 1);
    ck_assert_int_eq(cosem_push_done(PUSH, COSEM_E_TIMEOUT), COSEM_OK);
    ck_assert_int_eq(pstate.phase, COSEM_PUSH_WAITING);
    ticks(4);
    ck_assert_int_eq(sends, 2);
    ck_assert_int_eq(cosem_push_done(PUSH, COSEM_OK), COSEM_OK);
    ck_assert_int_eq(reports, 1);
    ck_assert_int_eq(report_result, COSEM_OK);
    ck_assert_uint_eq(report_attempts, 2);
}
END_TEST

/* A send under way advanced by the poll hook at each tick. */
START_TEST(test_push_poll_hook)
{
    send_result = COSEM_E_WOULDBLOCK;
    poll_result = COSEM_E_WOULDBLOCK;
    push_desc.poll = hook_poll;
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(3);
    ck_assert_int_eq(sends, 1);
    ck_assert_int_eq(polls, 2);
    poll_result = COSEM_OK;
    ticks(1);
    push_desc.poll = NULL;
    ck_assert_int_eq(polls, 3);
    ck_assert_int_eq(reports, 1);
    ck_assert_int_eq(report_result, COSEM_OK);
    ck_assert_uint_eq(pstate.phase, COSEM_PUSH_IDLE);
}
END_TEST

/* Longer than block_size (the 33-octet notification of
 * test_push_method_and_receive): general-block-transfer blocks of at most 24
 * octets (header E0, block-control 0x40 streaming / 0x80 last-block,
 * block-number from 1, block-number-ack 0, block-data octet-string) whose
 * data joined is the notification. */
START_TEST(test_push_general_block_transfer)
{
    push_desc.block_size = 24;
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(1);
    ck_assert_int_eq(sends, 3);
    ck_assert_int_eq(reports, 1);
    ck_assert_int_eq(report_result, COSEM_OK);
    ck_assert_str_eq(tu_hexstr(log_buf, log_len),
                     "E0 40 00 01 00 00 0F 0F 00 00 00 01 0C 07 E7 0B 0E 02 16 0D 14 00 "
                     "E0 40 00 02 00 00 0F 00 00 00 02 02 09 06 00 00 19 09 00 FF 06 00 "
                     "E0 80 00 03 00 00 03 00 30 39");
    /* Not longer than block_size: one plain data-notification. */
    push_desc.block_size = 35;
    log_len = 0;
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(1);
    ck_assert_str_eq(tu_hexstr(log_buf, log_len),
                     "0F 00 00 00 02 0C 07 E7 0B 0E 02 16 0D 14 00 00 00 00 02 02 09 06 00 00 19 "
                     "09 00 FF 06 00 00 30 39");
}
END_TEST

/* Blocks under way: each next block after the poll hook says delivered;
 * a block that fails fails the attempt, retried from the first block. */
START_TEST(test_push_blocks_async_and_failure)
{
    push_desc.block_size = 24;
    push_desc.poll = hook_poll;
    send_result = COSEM_E_WOULDBLOCK;
    poll_result = COSEM_OK;
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(1);
    ck_assert_int_eq(sends, 1);
    ticks(2);
    ck_assert_int_eq(sends, 3);
    ck_assert_int_eq(reports, 0);
    ticks(1);
    ck_assert_int_eq(polls, 3);
    ck_assert_int_eq(reports, 1);
    ck_assert_int_eq(report_result, COSEM_OK);
    /* Synchronous sends, the second block fails: retried after 3 s. */
    push_desc.poll = NULL;
    send_result = COSEM_OK;
    sends = 0;
    fail_at = 2;
    log_len = 0;
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(1);
    ck_assert_int_eq(sends, 2);
    ck_assert_uint_eq(pstate.phase, COSEM_PUSH_WAITING);
    ticks(4);
    ck_assert_int_eq(sends, 5);
    ck_assert_int_eq(reports, 2);
    ck_assert_int_eq(report_result, COSEM_OK);
    ck_assert_uint_eq(report_attempts, 2);
    /* The retry starts again at block 1. */
    ck_assert_str_eq(tu_hexstr(log_buf + 44, 8), "E0 40 00 01 00 00 0F 0F");
}
END_TEST

/* Random start delay: (0x0102 = 258) mod (10 + 1) = 5 ticks. */
START_TEST(test_push_randomisation)
{
    ck_assert_int_eq(set(PUSH, 5, "12 00 0A"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(5);
    ck_assert_int_eq(sends, 0);
    ticks(1);
    ck_assert_int_eq(sends, 1);
}
END_TEST

/* Communication windows: no attempt outside, attempt inside. */
START_TEST(test_push_window)
{
    /* 2023-11-14 08:00..09:00 UTC (deviation 0): before the clock. */
    ck_assert_int_eq(set(PUSH, 4, "01 01 02 02 "
                                  "09 0C 07 E7 0B 0E FF 08 00 00 00 00 00 00 "
                                  "09 0C 07 E7 0B 0E FF 09 00 00 00 00 00 00"),
                     COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(PUSH, 4), "01 01 02 02 09 0C 07 E7 0B 0E FF 08 00 00 00 00 00 00 "
                                      "09 0C 07 E7 0B 0E FF 09 00 00 00 00 00 00");
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(3);
    ck_assert_int_eq(sends, 0);
    ck_assert_int_eq(pstate.phase, COSEM_PUSH_WAITING);
    clock_utc = 1699949000; /* 2023-11-14 08:03:20 UTC */
    ticks(1);
    ck_assert_int_eq(sends, 1);
    /* More windows than the capacity (1): refused, unchanged. */
    ck_assert_int_eq(set(PUSH, 4, "01 02 02 02 "
                                  "09 0C 07 E7 0B 0E FF 08 00 00 00 00 00 00 "
                                  "09 0C 07 E7 0B 0E FF 09 00 00 00 00 00 00 02 02 "
                                  "09 0C 07 E7 0B 0E FF 08 00 00 00 00 00 00 "
                                  "09 0C 07 E7 0B 0E FF 09 00 00 00 00 00 00"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_uint_eq(window_n, 1);
}
END_TEST

/* Destinations that cannot be parsed and other bad values: a defined
 * result and nothing changed; a message that does not fit the buffer is a
 * failed attempt. */
START_TEST(test_push_bad_input)
{
    static const struct { int8_t id; const char *hex; cosem_dar_t dar; } bad[] = {
        {3, "02 03 16 00 09 09 31 32 37 2E 30 2E 30 2E 31 16 00", COSEM_DAR_OTHER_REASON},
        {3, "02 03 16 00 09 0B 31 32 37 2E 30 2E 30 2E 31 3A 30 16 00", COSEM_DAR_OTHER_REASON},
        {3, "02 03 16 01 09 0F 31 32 37 2E 30 2E 30 2E 31 3A 37 30 30 30 30 16 00",
         COSEM_DAR_OTHER_REASON},
        {3, "02 03 16 00 09 0E 33 30 30 2E 30 2E 30 2E 31 3A 34 30 35 39 16 00",
         COSEM_DAR_OTHER_REASON},
        {3, "02 03 16 00 09 0E 31 32 37 2E 30 2E 30 2E 31 3A 34 30 35 39 16 01",
         COSEM_DAR_OTHER_REASON},                       /* XML message */
        {3, "02 03 16 09 09 03 61 40 62 16 00", COSEM_DAR_OTHER_REASON}, /* transport 9 */
        {3, "02 02 16 00 09 03 61 40 62", COSEM_DAR_TYPE_UNMATCHED},
        {3, "02 03 16 03 09 19 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 "
            "61 61 61 40 16 00", COSEM_DAR_TYPE_UNMATCHED}, /* 25 > 24 */
        {2, "01 00", COSEM_DAR_READ_WRITE_DENIED},
        {6, "12 00 01", COSEM_DAR_TYPE_UNMATCHED},
        {4, "01 01 02 02 09 0B 07 E7 0B 0E FF 08 00 00 00 00 00 09 0C 07 E7 0B 0E FF 09 00 00 00 "
            "00 00 00", COSEM_DAR_TYPE_UNMATCHED},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        ck_assert_msg(set(PUSH, bad[i].id, bad[i].hex) == bad[i].dar, "case %u", (unsigned)i);
    }
    ck_assert_str_eq(get_ok(PUSH, 3),
                     "02 03 16 00 09 0E 31 32 37 2E 30 2E 30 2E 31 3A 34 30 35 39 16 00");
    /* UDP to a host name, SMTP to an address. */
    ck_assert_int_eq(set(PUSH, 3, "02 03 16 01 09 0E 68 65 2E 65 78 61 6D 70 6C 65 3A 39 39 39 16 00"),
                     COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(PUSH, 3, "02 03 16 03 09 03 61 40 62 16 00"), COSEM_DAR_SUCCESS);
    /* A buffer too small for the message: the attempt fails, then retries. */
    push_desc.cap = 20;
    retries = 0;
    ck_assert_int_eq(cosem_push_trigger(&server, PUSH), COSEM_OK);
    ticks(1);
    ck_assert_int_eq(sends, 0);
    ck_assert_int_eq(reports, 1);
    ck_assert_int_eq(report_result, COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_push_trigger(&server, &objects[1]), COSEM_E_ARG);
}
END_TEST

/* "host:port" parsing. */
START_TEST(test_push_parse_destination)
{
    char host[16];
    uint16_t p = 0;
    ck_assert_int_eq(cosem_push_parse_destination((const uint8_t *)"10.0.0.2:4059", 13, host,
                                                  sizeof host, &p), COSEM_OK);
    ck_assert_str_eq(host, "10.0.0.2");
    ck_assert_uint_eq(p, 4059);
    ck_assert_int_eq(cosem_push_parse_destination((const uint8_t *)"head.end:1", 10, host,
                                                  sizeof host, &p), COSEM_OK);
    ck_assert_int_eq(cosem_push_parse_destination((const uint8_t *)":4059", 5, host, sizeof host,
                                                  &p), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_push_parse_destination((const uint8_t *)"a:65536", 7, host,
                                                  sizeof host, &p), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_push_parse_destination((const uint8_t *)"a:4x", 4, host, sizeof host,
                                                  &p), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_push_parse_destination((const uint8_t *)"1.2.3:80", 8, host,
                                                  sizeof host, &p), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_push_parse_destination((const uint8_t *)"very.long.host.name:80", 22,
                                                  host, sizeof host, &p), COSEM_E_NOSPACE);
}
END_TEST

static Suite *push_suite(void)
{
    Suite *s = suite_create("push");
    TCase *tc = tcase_create("push");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_push_attributes);
    tcase_add_test(tc, test_push_method_and_receive);
    tcase_add_test(tc, test_push_retries);
    tcase_add_test(tc, test_push_done_async);
    tcase_add_test(tc, test_push_poll_hook);
    tcase_add_test(tc, test_push_general_block_transfer);
    tcase_add_test(tc, test_push_blocks_async_and_failure);
    tcase_add_test(tc, test_push_randomisation);
    tcase_add_test(tc, test_push_window);
    tcase_add_test(tc, test_push_bad_input);
    tcase_add_test(tc, test_push_parse_destination);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(push_suite)
