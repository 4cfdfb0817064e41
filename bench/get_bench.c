/* SPDX-License-Identifier: Apache-2.0 */
/* Wrapper-level GET benchmark: a logical device of N registers (class 3,
 * the value a uint32 of the application), a Clock (the port's time, zone
 * CET, DST rules of the EU) and the current Association LN object behind a
 * wrapper context, associated once (AARQ of the Gurux capture, no
 * authentication); then 10,000 GET-normal requests, each fed as one
 * complete wrapper frame and answered by cosem_assoc_handle() straight
 * into the wrapper's transmit buffer and out through its send callback
 * (which only counts the octets).
 *
 *   get_bench none N          associate only
 *   get_bench register N      + 10,000 GETs of 1-0:1.8.0.x attribute 2
 *   get_bench clock N         + 10,000 GETs of 0-0:1.0.0.255 attribute 2
 *
 * Instructions per GET = (callgrind total of the mode - total of "none")
 * / 10,000; bench/instructions.sh does the arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/classes.h>
#include <cosem/metering.h>
#include <cosem/server.h>
#include <cosem/wrapper.h>

#define MAX_OBJECTS 2001u
#define GETS 10000u
#define MAX_APDU 1024u

static uint32_t g_energy[MAX_OBJECTS];
static cosem_register_t g_regs[MAX_OBJECTS];
static cosem_object_t g_objects[MAX_OBJECTS + 2u];
static uint16_t g_index[MAX_OBJECTS + 2u];
static const cosem_association_ln_t g_current = {NULL, 1, NULL};
static cosem_clock_state_t g_clock_state;
static const cosem_clock_t g_clock = {&g_clock_state, NULL, COSEM_CLOCK_BASE_CRYSTAL, 900, NULL};
static uint8_t g_work[MAX_APDU + 32u];
static uint8_t g_link_buf[COSEM_WRAPPER_BUF_SIZE(MAX_APDU)];
static cosem_wrapper_t g_link;
static cosem_assoc_t g_assoc;
static size_t g_sent, g_responses;

/* AARQ from tests/vectors/guruxc-client_guruxc-server_hdlc_noauth_getclock.txt
 * (no authentication, conformance 00 7E 1F, max PDU 0xFFFF), in a wrapper
 * frame from wPort 0x10 to wPort 1. */
static const uint8_t aarq[] = {0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x1F, 0x60, 0x1D,
                               0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01,
                               0x01, 0xBE, 0x10, 0x04, 0x0E, 0x01, 0x00, 0x00, 0x00, 0x06,
                               0x5F, 0x1F, 0x04, 0x00, 0x00, 0x7E, 0x1F, 0xFF, 0xFF};

/* The port's wall clock: a fixed UTC instant in summer (DST in force). */
static cosem_status_t time_get(void *user, cosem_datetime_t *now)
{
    static const cosem_datetime_t t = {2026, 7, 15, 3, 12, 30, 45, 0, 0, 0};
    (void)user;
    *now = t;
    return COSEM_OK;
}

static const cosem_port_t g_port = {NULL, NULL, time_get, NULL, NULL, NULL, NULL, NULL, NULL,
                                    NULL};

/* Fills the table: registers 1-0:1.8.e.f, the clock, the association. */
static size_t build_table(size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        cosem_vref_t v = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &g_energy[i]);
        g_energy[i] = (uint32_t)(i * 1000u);
        g_regs[i].value = v;
        g_regs[i].scaler = 0;
        g_regs[i].unit = COSEM_UNIT_WH;
        g_objects[i] = (cosem_object_t){{1, 0, 1, 8, (uint8_t)(i / 250u), (uint8_t)(i % 250u)},
                                        &cosem_class_register, &g_regs[i], NULL, NULL, NULL};
    }
    g_objects[n] = (cosem_object_t){{0, 0, 1, 0, 0, 255}, &cosem_class_clock, &g_clock, NULL,
                                    NULL, NULL};
    g_objects[n + 1u] = (cosem_object_t){{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln,
                                         &g_current, NULL, NULL, NULL};
    return n + 2u;
}

/* The send callback: the frame would go to the socket. */
static cosem_status_t on_send(void *user, const uint8_t *data, size_t len)
{
    (void)user;
    (void)data;
    g_sent += len;
    return COSEM_OK;
}

/* One APDU: the association answers into the wrapper's transmit buffer. */
static void on_apdu(void *user, const cosem_wrapper_event_t *ev)
{
    size_t cap = 0, n = 0;
    uint8_t *out = cosem_wrapper_tx_buffer(&g_link, &cap);
    (void)user;
    if (ev->type != COSEM_WRAPPER_EV_APDU || out == NULL ||
        cosem_assoc_handle(&g_assoc, ev->apdu, ev->len, out, cap, &n) != COSEM_OK || n == 0u) {
        return;
    }
    if (cosem_wrapper_send(&g_link, ev->dst_wport, ev->src_wport, out, n) == COSEM_OK) {
        g_responses++;
    }
}

/* Feeds one frame; exits when it got no response. */
static void request(const uint8_t *frame, size_t n)
{
    size_t before = g_responses;
    if (cosem_wrapper_feed(&g_link, frame, n, 0) != COSEM_OK || g_responses != before + 1u) {
        fprintf(stderr, "request failed\n");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    /* wrapper header (0x10 -> 1, 13 octets) + get-request-normal */
    uint8_t get[] = {0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x0D, 0xC0, 0x01, 0xC1,
                     0x00, 0x03, 1,    0,    1,    8,    0,    7,    0x02, 0x00};
    const char *mode = argc > 1 ? argv[1] : "register";
    size_t n = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 50u, i;
    cosem_assoc_config_t acfg = {0x10, COSEM_AUTH_NONE, 0, 0x007E1F, NULL, NULL, false, NULL};
    cosem_server_config_t sc;
    cosem_wrapper_config_t wc;
    cosem_server_t s;
    if (n < 8u || n >= MAX_OBJECTS) {
        fprintf(stderr, "usage: get_bench none|register|clock N (8..2000)\n");
        return 2;
    }
    g_clock_state.time_zone = -60;
    g_clock_state.dst_begin = (cosem_datetime_t){
        COSEM_DT_YEAR_NS, 3, COSEM_DT_DAY_LAST, 7, 2, 0, 0, 0, COSEM_DT_NS, COSEM_DT_DEVIATION_NS};
    g_clock_state.dst_end = (cosem_datetime_t){
        COSEM_DT_YEAR_NS, 10, COSEM_DT_DAY_LAST, 7, 3, 0, 0, 0, COSEM_DT_NS, COSEM_DT_DEVIATION_NS};
    g_clock_state.dst_deviation = 60;
    g_clock_state.dst_enabled = true;
    memset(&sc, 0, sizeof sc);
    sc.objects = g_objects;
    sc.object_count = build_table(n);
    sc.index = g_index;
    sc.assocs = &acfg;
    sc.assoc_count = 1;
    sc.port = &g_port;
    sc.max_pdu = MAX_APDU;
    memset(&wc, 0, sizeof wc);
    wc.max_apdu = MAX_APDU;
    wc.send.fn = on_send;
    wc.event.fn = on_apdu;
    if (cosem_server_init(&s, &sc) != COSEM_OK ||
        cosem_assoc_init(&g_assoc, &s, g_work, sizeof g_work) != COSEM_OK ||
        cosem_assoc_open(&g_assoc, 0x10) != COSEM_OK ||
        cosem_wrapper_init(&g_link, &wc, g_link_buf, sizeof g_link_buf) != COSEM_OK) {
        fprintf(stderr, "set-up failed\n");
        return 1;
    }
    request(aarq, sizeof aarq);
    if (strcmp(mode, "clock") == 0) {
        static const uint8_t clock_ref[] = {0x00, 0x08, 0, 0, 1, 0, 0, 255, 0x02, 0x00};
        memcpy(get + 11, clock_ref, sizeof clock_ref);
    } else {
        get[17] = (uint8_t)((n / 2u) / 250u); /* a register in the middle */
        get[18] = (uint8_t)((n / 2u) % 250u);
    }
    if (strcmp(mode, "none") != 0) {
        for (i = 0; i < GETS; i++) {
            request(get, sizeof get);
        }
    }
    printf("%s: %zu objects, %zu responses, %zu octets sent\n", mode, sc.object_count,
           g_responses, g_sent);
    return 0;
}
