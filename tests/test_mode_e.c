/* SPDX-License-Identifier: Apache-2.0 */
/* IEC 62056-21 mode E: the line codec and the meter's state machine.
 *
 * Known bytes: the sign-on and acknowledgement below are what
 * Gurux.DLMS.Python's example client (interface HdlcWithModeE) sent to the
 * example meter over a 7E1 serial line, parity bits included, and the
 * identification is the meter's answer as that line carried it (captured on
 * 127.0.0.1 through a pseudo-terminal pair, 2026-12; the full exchange is
 * tests/vectors/guruxpy-client_libcosem-ion_serial_mode_e.txt). The line
 * formats are those of IEC 62056-21 clause 6.3 (sign-on "/?address!CRLF",
 * identification "/XXXZ\W ident CRLF", acknowledgement ACK V Z Y CRLF with
 * V = 2 (HDLC), Y = 2 (binary mode)). */
#include <string.h>

#include <cosem/mode_e.h>

#include "test_util.h"

/* 7E1 as the wire carried it (bit 7 = even parity). */
static const uint8_t gx_sign_on[] = {0xAF, 0x3F, 0x21, 0x8D, 0x0A};              /* /?! */
static const uint8_t gx_ack[] = {0x06, 0xB2, 0x35, 0xB2, 0x8D, 0x0A};            /* ACK 2 5 2 */
static const uint8_t meter_ident_7e1[] = {0xAF, 0xD8, 0xCC, 0xC3, 0x35, 0x5C, 0xB2, 0x69, 0x6F,
                                          0xEE, 0xA0, 0xB4, 0xB2, 0xB4, 0xB2, 0x8D, 0x0A};

static cosem_mode_e_server_config_t ion_cfg(void)
{
    cosem_mode_e_server_config_t c;
    memset(&c, 0, sizeof c);
    c.manufacturer = "XLC";
    c.ident = "ion 4242";
    c.address = "4242";
    c.max_baud = 9600u;
    return c;
}

/* Adds the even parity bit a 7E1 UART puts on the wire. */
static void add_parity(uint8_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned ones = 0, v = b[i] & 0x7Fu;
        while (v != 0u) {
            ones += v & 1u;
            v >>= 1;
        }
        b[i] = (uint8_t)((b[i] & 0x7Fu) | ((ones & 1u) << 7));
    }
}

START_TEST(test_rates)
{
    ck_assert_uint_eq(cosem_mode_e_baud('0'), 300u);
    ck_assert_uint_eq(cosem_mode_e_baud('5'), 9600u);
    ck_assert_uint_eq(cosem_mode_e_baud('6'), 19200u);
    ck_assert_uint_eq(cosem_mode_e_baud('7'), 0u);
    ck_assert_uint_eq(cosem_mode_e_baud('A'), 0u);
    ck_assert_int_eq(cosem_mode_e_baud_char(9600u), '5');
    ck_assert_int_eq(cosem_mode_e_baud_char(115200u), '6');
    ck_assert_int_eq(cosem_mode_e_baud_char(4000u), '3');
    ck_assert_int_eq(cosem_mode_e_baud_char(10u), '0');
}
END_TEST

START_TEST(test_encode)
{
    uint8_t b[COSEM_MODE_E_LINE_MAX], w[8];
    uint8_t ident[sizeof meter_ident_7e1];
    memcpy(w, gx_sign_on, sizeof gx_sign_on);
    for (size_t i = 0; i < sizeof gx_sign_on; i++) {
        w[i] &= 0x7Fu;
    }
    ck_assert_uint_eq(cosem_mode_e_sign_on(b, sizeof b, NULL), 5u);
    tu_assert_bytes(b, 5, w, 5);
    add_parity(b, 5);
    tu_assert_bytes(b, 5, gx_sign_on, sizeof gx_sign_on);
    ck_assert_uint_eq(cosem_mode_e_sign_on(b, sizeof b, ""), 5u);
    ck_assert_uint_eq(cosem_mode_e_sign_on(b, sizeof b, "00004242"), 13u);
    tu_assert_bytes(b, 13, (const uint8_t *)"/?00004242!\r\n", 13);
    ck_assert_uint_eq(cosem_mode_e_sign_on(b, sizeof b, "12345678901234567890123456789012"), 37u);
    ck_assert_uint_eq(cosem_mode_e_sign_on(b, sizeof b, "123456789012345678901234567890123"), 0u);
    ck_assert_uint_eq(cosem_mode_e_sign_on(b, sizeof b, "42!"), 0u);
    ck_assert_uint_eq(cosem_mode_e_sign_on(b, 12, "00004242"), 0u);
    ck_assert_uint_eq(cosem_mode_e_sign_on(NULL, 40, NULL), 0u);

    ck_assert_uint_eq(cosem_mode_e_ident_line(b, sizeof b, "XLC", '5', "ion 4242"), 17u);
    memcpy(ident, b, 17);
    add_parity(ident, 17);
    tu_assert_bytes(ident, 17, meter_ident_7e1, sizeof meter_ident_7e1);
    ck_assert_uint_eq(cosem_mode_e_ident_line(b, sizeof b, "XL", '5', "a"), 0u);
    ck_assert_uint_eq(cosem_mode_e_ident_line(b, sizeof b, "X1C", '5', "a"), 0u);
    ck_assert_uint_eq(cosem_mode_e_ident_line(b, sizeof b, "XLC", '7', "a"), 0u);
    ck_assert_uint_eq(cosem_mode_e_ident_line(b, sizeof b, "XLC", '5', ""), 0u);
    ck_assert_uint_eq(cosem_mode_e_ident_line(b, sizeof b, "XLC", '5', "a/b"), 0u);
    ck_assert_uint_eq(cosem_mode_e_ident_line(b, sizeof b, "XLC", '5', "0123456789abcdef"), 25u);
    ck_assert_uint_eq(cosem_mode_e_ident_line(b, sizeof b, "XLC", '5', "0123456789abcdefg"), 0u);
    ck_assert_uint_eq(cosem_mode_e_ident_line(b, 24, "XLC", '5', "0123456789abcdef"), 0u);

    ck_assert_uint_eq(cosem_mode_e_ack(b, sizeof b, '5'), 6u);
    memcpy(w, b, 6);
    add_parity(w, 6);
    tu_assert_bytes(w, 6, gx_ack, sizeof gx_ack);
    ck_assert_uint_eq(cosem_mode_e_ack(b, sizeof b, '9'), 0u);
    ck_assert_uint_eq(cosem_mode_e_ack(b, 5, '5'), 0u);
}
END_TEST

START_TEST(test_parse)
{
    cosem_mode_e_ident_t id;
    char addr[COSEM_MODE_E_ADDRESS_MAX + 1];
    char v, z, y;
    ck_assert_int_eq(cosem_mode_e_parse_ident(meter_ident_7e1, sizeof meter_ident_7e1, &id),
                     COSEM_OK);
    ck_assert_str_eq(id.manufacturer, "XLC");
    ck_assert_int_eq(id.baud, '5');
    ck_assert(id.mode_e);
    ck_assert_str_eq(id.ident, "ion 4242");
    /* Lower-case third letter (20 ms reaction time) and no CR LF. */
    ck_assert_int_eq(cosem_mode_e_parse_ident((const uint8_t *)"/ISk5\\2MT382-1000", 17, &id),
                     COSEM_OK);
    ck_assert_str_eq(id.manufacturer, "ISk");
    ck_assert_str_eq(id.ident, "MT382-1000");
    /* Mode C meter (no \W): parsed, not mode E. */
    ck_assert_int_eq(cosem_mode_e_parse_ident((const uint8_t *)"/ABC4MeterX\r\n", 13, &id),
                     COSEM_OK);
    ck_assert(!id.mode_e);
    ck_assert_int_eq(id.baud, '4');
    ck_assert_str_eq(id.ident, "MeterX");
    ck_assert_int_eq(cosem_mode_e_parse_ident((const uint8_t *)"/XL5\\2abc\r\n", 11, &id),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_mode_e_parse_ident((const uint8_t *)"/XLC5\\2\r\n", 9, &id),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_mode_e_parse_ident((const uint8_t *)"/XLC5\\20123456789abcdefg", 24,
                                              &id),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_mode_e_parse_ident((const uint8_t *)"XLC5\\2abc", 9, &id),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_mode_e_parse_ident((const uint8_t *)"/XLC5\\2a\x01", 9, &id),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_mode_e_parse_ident(NULL, 3, &id), COSEM_E_ARG);

    ck_assert_int_eq(cosem_mode_e_parse_sign_on(gx_sign_on, sizeof gx_sign_on, addr), COSEM_OK);
    ck_assert_str_eq(addr, "");
    ck_assert_int_eq(cosem_mode_e_parse_sign_on((const uint8_t *)"/?4242!\r\n", 9, addr),
                     COSEM_OK);
    ck_assert_str_eq(addr, "4242");
    ck_assert_int_eq(cosem_mode_e_parse_sign_on((const uint8_t *)"/?42-2!\r\n", 9, addr),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_mode_e_parse_sign_on((const uint8_t *)"/?4242\r\n", 8, addr),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(
        cosem_mode_e_parse_sign_on((const uint8_t *)"/?123456789012345678901234567890123!", 36, addr),
        COSEM_E_MALFORMED);

    ck_assert_int_eq(cosem_mode_e_parse_ack(gx_ack, sizeof gx_ack, &v, &z, &y), COSEM_OK);
    ck_assert_int_eq(v, '2');
    ck_assert_int_eq(z, '5');
    ck_assert_int_eq(y, '2');
    ck_assert_int_eq(cosem_mode_e_parse_ack((const uint8_t *)"\x15\r\n", 3, &v, &z, &y),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_mode_e_parse_ack((const uint8_t *)"\x06" "252x\r\n", 7, &v, &z, &y),
                     COSEM_E_MALFORMED);
}
END_TEST

START_TEST(test_line_assembly)
{
    cosem_mode_e_line_t l;
    const uint8_t *line;
    size_t len, used;
    uint8_t junk[100];
    const uint8_t two[] = "/?!\r\n/?1!\r\n";
    cosem_mode_e_line_reset(&l);
    used = cosem_mode_e_line_feed(&l, two, sizeof two - 1, &line, &len);
    ck_assert_uint_eq(used, 5u);
    tu_assert_bytes(line, len, two, 5);
    used = cosem_mode_e_line_feed(&l, two + 5, sizeof two - 6, &line, &len);
    ck_assert_uint_eq(used, 6u);
    tu_assert_bytes(line, len, two + 5, 6);
    /* An overlong line is dropped up to its LF; the next one is whole. */
    memset(junk, 'x', sizeof junk);
    used = cosem_mode_e_line_feed(&l, junk, sizeof junk, &line, &len);
    ck_assert_uint_eq(used, sizeof junk);
    ck_assert_ptr_null(line);
    used = cosem_mode_e_line_feed(&l, (const uint8_t *)"\r\n/?!\r\n", 7, &line, &len);
    ck_assert_uint_eq(used, 7u);
    tu_assert_bytes(line, len, (const uint8_t *)"/?!\r\n", 5);
}
END_TEST

/* Feeds octets one at a time until an action; returns it. */
static cosem_mode_e_out_t feed_bytewise(cosem_mode_e_server_t *s, const uint8_t *d, size_t n,
                                        uint32_t now, size_t *at)
{
    cosem_mode_e_out_t out;
    memset(&out, 0, sizeof out);
    for (*at = 0; *at < n; (*at)++) {
        size_t used = cosem_mode_e_server_feed(s, d + *at, 1, now, &out);
        ck_assert_uint_eq(used, 1u);
        if (out.todo != COSEM_MODE_E_NOTHING) {
            (*at)++;
            break;
        }
    }
    return out;
}

START_TEST(test_server_exchange)
{
    cosem_mode_e_server_config_t cfg = ion_cfg();
    cosem_mode_e_server_t s;
    cosem_mode_e_out_t out;
    uint8_t conf[6] = {0x06, '2', '5', '2', 0x0D, 0x0A};
    uint8_t hdlc[] = {0x7E, 0xA0, 0x0A};
    size_t at;
    ck_assert_int_eq(cosem_mode_e_server_init(&s, &cfg), COSEM_OK);
    ck_assert(!cosem_mode_e_server_in_hdlc(&s));
    out = feed_bytewise(&s, gx_sign_on, sizeof gx_sign_on, 1000, &at);
    ck_assert_int_eq(out.todo, COSEM_MODE_E_SEND);
    ck_assert_uint_eq(at, sizeof gx_sign_on);
    tu_assert_bytes(out.data, out.len, (const uint8_t *)"/XLC5\\2ion 4242\r\n", 17);
    ck_assert_uint_eq(cosem_mode_e_server_feed(&s, gx_ack, sizeof gx_ack, 1400, &out),
                      sizeof gx_ack);
    ck_assert_int_eq(out.todo, COSEM_MODE_E_SWITCH);
    ck_assert_uint_eq(out.baud, 9600u);
    tu_assert_bytes(out.data, out.len, conf, sizeof conf);
    ck_assert(cosem_mode_e_server_in_hdlc(&s));
    ck_assert_uint_eq(cosem_mode_e_server_feed(&s, hdlc, sizeof hdlc, 1500, &out), 0u);
    ck_assert_int_eq(out.todo, COSEM_MODE_E_DIRECT_HDLC);
    /* After the HDLC connection: a new opening. */
    cosem_mode_e_server_reset(&s);
    ck_assert(!cosem_mode_e_server_in_hdlc(&s));
    ck_assert_uint_eq(cosem_mode_e_server_feed(&s, (const uint8_t *)"/?!\r\n\x06" "232\r\n", 11,
                                               9000, &out),
                      5u);
    ck_assert_int_eq(out.todo, COSEM_MODE_E_SEND);
    ck_assert_uint_eq(cosem_mode_e_server_feed(&s, (const uint8_t *)"\x06" "232\r\n", 6, 9001,
                                               &out),
                      6u);
    ck_assert_int_eq(out.todo, COSEM_MODE_E_SWITCH);
    ck_assert_uint_eq(out.baud, 2400u);
}
END_TEST

/* Stays silent: feeding d leaves the meter without anything to do. */
static void assert_silent(cosem_mode_e_server_t *s, const char *d, uint32_t now)
{
    cosem_mode_e_out_t out;
    size_t n = strlen(d), used = 0;
    while (used < n) {
        used += cosem_mode_e_server_feed(s, (const uint8_t *)d + used, n - used, now, &out);
        ck_assert_int_eq(out.todo, COSEM_MODE_E_NOTHING);
    }
}

static void assert_ident(cosem_mode_e_server_t *s, const char *d, uint32_t now)
{
    cosem_mode_e_out_t out;
    size_t n = strlen(d);
    ck_assert_uint_eq(cosem_mode_e_server_feed(s, (const uint8_t *)d, n, now, &out), n);
    ck_assert_int_eq(out.todo, COSEM_MODE_E_SEND);
}

START_TEST(test_server_refusals)
{
    cosem_mode_e_server_config_t cfg = ion_cfg();
    cosem_mode_e_server_t s;
    cosem_mode_e_out_t out;
    ck_assert_int_eq(cosem_mode_e_server_init(&s, &cfg), COSEM_OK);
    /* Addresses: its own (leading zeros aside) or none. */
    assert_silent(&s, "/?4243!\r\n", 0);
    assert_ident(&s, "/?0004242!\r\n", 0);
    assert_ident(&s, "/?4242!\r\n", 0);
    /* A rate above the offer, mode C readout, programming mode: ignored,
     * and the meter waits for a new sign-on. */
    assert_silent(&s, "\x06" "262\r\n", 10);
    assert_silent(&s, "\x06" "252\r\n", 10);
    assert_ident(&s, "/?!\r\n", 20);
    assert_silent(&s, "\x06" "050\r\n", 30);
    assert_ident(&s, "/?!\r\n", 40);
    assert_silent(&s, "\x06" "251\r\n", 50);
    /* Garbage, a lone ACK, an overlong line. */
    assert_silent(&s, "hello\r\n\x06\r\n", 60);
    assert_silent(&s, "/?!xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n", 70);
    /* The acknowledgement time-out: 1500 ms by default. */
    assert_ident(&s, "/?!\r\n", 1000);
    ck_assert(!cosem_mode_e_server_poll(&s, 2499));
    ck_assert(cosem_mode_e_server_poll(&s, 2500));
    assert_silent(&s, "\x06" "252\r\n", 2501);
    /* A late acknowledgement without poll is refused by feed's own check. */
    assert_ident(&s, "/?!\r\n", 5000);
    assert_silent(&s, "\x06" "252\r\n", 6600);
    /* An HDLC flag while idle: the client speaks HDLC at this rate. */
    ck_assert_uint_eq(cosem_mode_e_server_feed(&s, (const uint8_t *)"\x7e\xa0", 2, 7000, &out), 0u);
    ck_assert_int_eq(out.todo, COSEM_MODE_E_DIRECT_HDLC);
    ck_assert(cosem_mode_e_server_in_hdlc(&s));
    /* Without an address of its own the meter answers only "/?!". */
    cfg.address = NULL;
    ck_assert_int_eq(cosem_mode_e_server_init(&s, &cfg), COSEM_OK);
    assert_silent(&s, "/?4242!\r\n", 0);
    assert_ident(&s, "/?!\r\n", 0);
}
END_TEST

START_TEST(test_server_init_errors)
{
    cosem_mode_e_server_config_t cfg = ion_cfg();
    cosem_mode_e_server_t s;
    ck_assert_int_eq(cosem_mode_e_server_init(NULL, &cfg), COSEM_E_ARG);
    ck_assert_int_eq(cosem_mode_e_server_init(&s, NULL), COSEM_E_ARG);
    cfg.max_baud = 38400u;
    ck_assert_int_eq(cosem_mode_e_server_init(&s, &cfg), COSEM_E_ARG);
    cfg = ion_cfg();
    cfg.manufacturer = "XLCD";
    ck_assert_int_eq(cosem_mode_e_server_init(&s, &cfg), COSEM_E_ARG);
    cfg = ion_cfg();
    cfg.ident = "";
    ck_assert_int_eq(cosem_mode_e_server_init(&s, &cfg), COSEM_E_ARG);
    cfg = ion_cfg();
    cfg.address = "42#";
    ck_assert_int_eq(cosem_mode_e_server_init(&s, &cfg), COSEM_E_ARG);
    /* max_baud 0 offers 9600 ('5'); 2400 offers '3'. */
    cfg = ion_cfg();
    cfg.max_baud = 2400u;
    ck_assert_int_eq(cosem_mode_e_server_init(&s, &cfg), COSEM_OK);
    {
        cosem_mode_e_out_t out;
        (void)cosem_mode_e_server_feed(&s, gx_sign_on, sizeof gx_sign_on, 0, &out);
        ck_assert_int_eq(out.todo, COSEM_MODE_E_SEND);
        ck_assert_int_eq(out.data[4], '3');
    }
}
END_TEST

static Suite *mode_e_suite(void)
{
    Suite *s = suite_create("mode_e");
    TCase *tc = tcase_create("codec");
    tcase_add_test(tc, test_rates);
    tcase_add_test(tc, test_encode);
    tcase_add_test(tc, test_parse);
    tcase_add_test(tc, test_line_assembly);
    suite_add_tcase(s, tc);
    tc = tcase_create("server");
    tcase_add_test(tc, test_server_exchange);
    tcase_add_test(tc, test_server_refusals);
    tcase_add_test(tc, test_server_init_errors);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(mode_e_suite)
