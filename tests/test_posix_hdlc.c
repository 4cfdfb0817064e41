/* SPDX-License-Identifier: Apache-2.0 */
/* HDLC over the POSIX port: a secondary station (meter) and a primary
 * station (client) exchange segmented MSDUs over TCP on 127.0.0.1 and over a
 * pseudo-terminal pair, both driven by one poll() loop. The link layer is
 * attached to the port's byte callbacks the same way for both transports. */
#define _DEFAULT_SOURCE
#include <pty.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cosem/hdlc.h>

#include "cosem_posix.h"
#include "test_util.h"

#define MSDU 1200u
#define STEPS 3000 /* loop iterations of at most 5 ms: bounded to ~15 s */

/* One end of a link: an HDLC station bound to a loop endpoint. */
typedef struct {
    cosem_hdlc_t h;
    uint8_t buf[COSEM_HDLC_BUF_SIZE(128, MSDU)];
    cosem_posix_link_t link;
    int connected;
    int disconnected;
    size_t got_len;
    uint8_t got[MSDU];
    int requests;
} end_t;

static cosem_posix_loop_t g_loop;
static end_t g_meter, g_client;

/* Monotonic milliseconds for the stations' timers. */
static uint32_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

/* Meter side: answers each request with the request's bytes reversed. */
static void meter_event(void *user, const cosem_hdlc_event_t *ev)
{
    end_t *e = user;
    if (ev->type == COSEM_HDLC_EV_CONNECTED) {
        e->connected++;
    } else if (ev->type == COSEM_HDLC_EV_DISCONNECTED) {
        e->disconnected++;
    } else if (ev->type == COSEM_HDLC_EV_DATA) {
        size_t cap = 0, i;
        uint8_t *out = cosem_hdlc_tx_buffer(&e->h, &cap);
        ck_assert_ptr_nonnull(out);
        ck_assert_uint_ge(cap, ev->len);
        for (i = 0; i < ev->len; i++) {
            out[i] = ev->data[ev->len - 1 - i];
        }
        e->requests++;
        ck_assert_int_eq(cosem_hdlc_send(&e->h, out, ev->len, now_ms()), COSEM_OK);
    }
}

/* Client side: records what arrives. */
static void client_event(void *user, const cosem_hdlc_event_t *ev)
{
    end_t *e = user;
    if (ev->type == COSEM_HDLC_EV_CONNECTED) {
        e->connected++;
    } else if (ev->type == COSEM_HDLC_EV_DISCONNECTED) {
        e->disconnected++;
    } else if (ev->type == COSEM_HDLC_EV_DATA) {
        ck_assert_uint_le(ev->len, sizeof e->got);
        memcpy(e->got, ev->data, ev->len);
        e->got_len = ev->len;
    }
}

/* Prepares a station on loop endpoint id. */
static void end_init(end_t *e, cosem_hdlc_role_t role, int id)
{
    cosem_hdlc_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.role = role;
    if (role == COSEM_HDLC_SECONDARY) {
        /* 4-octet server address: logical device 1, physical address 17 */
        cfg.local.upper = 1;
        cfg.local.lower = 17;
        cfg.local.len = 4;
        cfg.event.fn = meter_event;
    } else {
        cfg.local.upper = COSEM_HDLC_CLIENT_PUBLIC;
        cfg.local.len = 1;
        cfg.peer.upper = 1;
        cfg.peer.lower = 17;
        cfg.peer.len = 4;
        cfg.response_timeout_ms = 500;
        cfg.max_retries = 3;
        cfg.event.fn = client_event;
    }
    cfg.inactivity_timeout_ms = 120000;
    cfg.inter_frame_timeout_ms = 1000;
    cfg.max_msdu = MSDU;
    cfg.params.max_info_tx = 128;
    cfg.params.max_info_rx = 128;
    cfg.params.window_tx = 1;
    cfg.params.window_rx = 1;
    e->link.loop = &g_loop;
    e->link.id = id;
    cfg.send.fn = cosem_posix_link_send;
    cfg.send.user = &e->link;
    cfg.event.user = e;
    ck_assert_int_eq(cosem_hdlc_init(&e->h, &cfg, e->buf, sizeof e->buf), COSEM_OK);
}

/* Loop callbacks: accepted connections get the meter station; bytes go to
 * whichever station owns the endpoint. */
static void on_open(void *user, cosem_posix_loop_t *loop, int id)
{
    (void)user;
    if (cosem_posix_parent(loop, id) >= 0) {
        end_init(&g_meter, COSEM_HDLC_SECONDARY, id);
        cosem_posix_set_ctx(loop, id, &g_meter);
    }
}

static void on_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *data, size_t n)
{
    end_t *e = cosem_posix_ctx(loop, id);
    (void)user;
    ck_assert_ptr_nonnull(e);
    cosem_hdlc_feed(&e->h, data, n, now_ms());
}

static void on_close(void *user, cosem_posix_loop_t *loop, int id, cosem_status_t why)
{
    (void)user;
    (void)loop;
    (void)id;
    (void)why;
}

static const cosem_posix_handlers_t g_handlers = {on_open, on_data, on_close, NULL};

/* Runs the loop (and the stations' timers) until *flag reaches want. */
static void run_until(const int *flag, int want)
{
    int i;
    for (i = 0; i < STEPS && *flag < want; i++) {
        cosem_posix_step(&g_loop, 5);
        cosem_hdlc_poll(&g_meter.h, now_ms());
        cosem_hdlc_poll(&g_client.h, now_ms());
    }
    ck_assert_msg(*flag >= want, "timed out waiting (%d < %d)", *flag, want);
}

/* Connect, two segmented request/response round trips, disconnect. */
static void exchange(void)
{
    uint8_t req[MSDU];
    size_t i, round;
    ck_assert_int_eq(cosem_hdlc_connect(&g_client.h, now_ms()), COSEM_OK);
    run_until(&g_client.connected, 1);
    ck_assert_int_eq(g_meter.connected, 1);
    for (round = 0; round < 2; round++) {
        size_t n = round == 0 ? 1000u : 37u;
        for (i = 0; i < n; i++) {
            req[i] = (uint8_t)(i * 13u + round);
        }
        g_client.got_len = 0;
        ck_assert_int_eq(cosem_hdlc_send(&g_client.h, req, n, now_ms()), COSEM_OK);
        run_until((const int *)&g_client.got_len, 1);
        ck_assert_uint_eq(g_client.got_len, n);
        for (i = 0; i < n; i++) {
            ck_assert_uint_eq(g_client.got[i], req[n - 1 - i]);
        }
    }
    ck_assert_int_eq(g_meter.requests, 2);
    /* 1000 octets at 128 per I-frame took several segments each way. */
    ck_assert_uint_ge(cosem_hdlc_counters(&g_meter.h)->frames_ok, 16);
    ck_assert_int_eq(cosem_hdlc_disconnect(&g_client.h, now_ms()), COSEM_OK);
    run_until(&g_client.disconnected, 1);
    ck_assert_int_eq(g_meter.disconnected, 1);
}

START_TEST(test_hdlc_over_tcp)
{
    int lid = -1, cid = -1;
    memset(&g_meter, 0, sizeof g_meter);
    memset(&g_client, 0, sizeof g_client);
    cosem_posix_loop_init(&g_loop);
    ck_assert_int_eq(cosem_posix_tcp_listen(&g_loop, "127.0.0.1", 0, 1, &g_handlers, &lid),
                     COSEM_OK);
    ck_assert_int_eq(cosem_posix_tcp_connect(&g_loop, "127.0.0.1",
                                             cosem_posix_local_port(&g_loop, lid), 3000,
                                             &g_handlers, &cid),
                     COSEM_OK);
    end_init(&g_client, COSEM_HDLC_PRIMARY, cid);
    cosem_posix_set_ctx(&g_loop, cid, &g_client);
    /* The accept happens inside the loop; the meter station appears then. */
    exchange();
    cosem_posix_loop_free(&g_loop);
}
END_TEST

START_TEST(test_hdlc_over_serial_pty)
{
    int master = -1, slave = -1, mid = -1, sid = -1;
    memset(&g_meter, 0, sizeof g_meter);
    memset(&g_client, 0, sizeof g_client);
    ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
    ck_assert_int_eq(cosem_posix_serial_configure(slave, 9600), COSEM_OK);
    ck_assert_int_eq(cosem_posix_serial_configure(master, 9600), COSEM_OK);
    cosem_posix_loop_init(&g_loop);
    /* The meter owns the "device" end, the client the other end. */
    ck_assert_int_eq(cosem_posix_add_fd(&g_loop, slave, &g_handlers, &sid), COSEM_OK);
    ck_assert_int_eq(cosem_posix_add_fd(&g_loop, master, &g_handlers, &mid), COSEM_OK);
    end_init(&g_meter, COSEM_HDLC_SECONDARY, sid);
    cosem_posix_set_ctx(&g_loop, sid, &g_meter);
    end_init(&g_client, COSEM_HDLC_PRIMARY, mid);
    cosem_posix_set_ctx(&g_loop, mid, &g_client);
    exchange();
    cosem_posix_loop_free(&g_loop);
}
END_TEST

static Suite *posix_hdlc_suite(void)
{
    Suite *s = suite_create("posix_hdlc");
    TCase *tc = tcase_create("links");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_hdlc_over_tcp);
    tcase_add_test(tc, test_hdlc_over_serial_pty);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(posix_hdlc_suite)
