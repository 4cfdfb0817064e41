/* SPDX-License-Identifier: Apache-2.0 */
/* POSIX port (ports/posix): TCP server and clients on 127.0.0.1 exchanging
 * wrapper frames through one poll() loop, the connection limit, clean and
 * broken closes, UDP datagrams, serial lines through a pseudo-terminal pair
 * at several rates, the state file (relays, counters, clock offset) across
 * re-opens, the clock and zone, random bytes, and shutdown by SIGTERM and
 * SIGINT. Only 127.0.0.1; every wait is bounded (pump() gives up after a
 * few seconds), so nothing hangs.
 *
 * Frames are from tests/vectors/guruxpy-client_guruxc-server_wrapper_lls.txt
 * (line 8 AARQ, line 34 RLRQ). */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cosem/wrapper.h>

#include "cosem_posix.h"
#include "test_util.h"

#define MAXAPDU 512

/* ---- one wrapper context per endpoint -------------------------------- */

typedef struct {
    cosem_wrapper_t w;
    uint8_t buf[COSEM_WRAPPER_BUF_SIZE(MAXAPDU)];
    cosem_posix_link_t link;
    int server;          /* echoes APDUs back */
    int opened, closed;
    cosem_status_t why;  /* on_close reason */
    cosem_status_t eof;  /* wrapper end-of-stream result */
    void *ctx_at_close;  /* cosem_posix_ctx() inside on_close */
    int rx;              /* APDUs received */
    uint8_t last[MAXAPDU];
    size_t last_len;
    uint16_t last_src, last_dst;
} conn_t;

static conn_t g_conn[COSEM_POSIX_MAX_ENDPOINTS];
static cosem_posix_loop_t g_loop;

/* Wrapper event: a server echoes the APDU with the wPorts swapped; both
 * sides remember the last APDU. */
static void on_apdu(void *user, const cosem_wrapper_event_t *ev)
{
    conn_t *c = user;
    if (ev->type != COSEM_WRAPPER_EV_APDU) {
        return;
    }
    c->rx++;
    memcpy(c->last, ev->apdu, ev->len);
    c->last_len = ev->len;
    c->last_src = ev->src_wport;
    c->last_dst = ev->dst_wport;
    if (c->server) {
        ck_assert_int_eq(cosem_wrapper_send(&c->w, ev->dst_wport, ev->src_wport, ev->apdu, ev->len),
                         COSEM_OK);
    }
}

/* on_open: a fresh wrapper context for the endpoint. */
static void on_open(void *user, cosem_posix_loop_t *loop, int id)
{
    conn_t *c = &g_conn[id];
    cosem_wrapper_config_t cfg;
    memset(c, 0, sizeof *c);
    c->server = user != NULL;
    c->opened = 1;
    c->link.loop = loop;
    c->link.id = id;
    memset(&cfg, 0, sizeof cfg);
    cfg.max_apdu = MAXAPDU;
    cfg.send.fn = cosem_posix_link_send;
    cfg.send.user = &c->link;
    cfg.event.fn = on_apdu;
    cfg.event.user = c;
    ck_assert_int_eq(cosem_wrapper_init(&c->w, &cfg, c->buf, sizeof c->buf), COSEM_OK);
    cosem_posix_set_ctx(loop, id, c);
}

/* on_data: into the wrapper; a broken stream closes this connection only. */
static void on_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *d, size_t n)
{
    conn_t *c = cosem_posix_ctx(loop, id);
    (void)user;
    ck_assert_ptr_eq(c, &g_conn[id]);
    if (cosem_wrapper_feed(&c->w, d, n, cosem_posix_now_ms()) != COSEM_OK) {
        ck_assert_int_eq(cosem_posix_close(loop, id), COSEM_OK);
    }
}

/* on_close: records why and what the wrapper says about the stream end. */
static void on_close(void *user, cosem_posix_loop_t *loop, int id, cosem_status_t why)
{
    conn_t *c = &g_conn[id];
    (void)user;
    (void)loop;
    c->closed = 1;
    c->why = why;
    c->eof = cosem_wrapper_eof(&c->w);
    c->ctx_at_close = cosem_posix_ctx(loop, id);
}

static int g_server_tag;
static const cosem_posix_handlers_t server_h = {on_open, on_data, on_close, &g_server_tag};
static const cosem_posix_handlers_t client_h = {on_open, on_data, on_close, NULL};

/* Steps the loop until *flag becomes non-zero or 3 s pass. */
static int pump_until(const int *flag)
{
    uint32_t start = cosem_posix_now_ms();
    while (!*flag && cosem_posix_now_ms() - start < 3000u) {
        ck_assert_int_eq(cosem_posix_step(&g_loop, 10), COSEM_OK);
    }
    return *flag;
}

/* Steps the loop until a client has n APDUs or 3 s pass. */
static int pump_rx(int id, int n)
{
    uint32_t start = cosem_posix_now_ms();
    while (g_conn[id].rx < n && cosem_posix_now_ms() - start < 3000u) {
        ck_assert_int_eq(cosem_posix_step(&g_loop, 10), COSEM_OK);
    }
    return g_conn[id].rx >= n;
}

static uint8_t g_aarq[128];
static size_t g_aarq_len;

/* Client id sends the LLS AARQ (line 8) from wPort 0x100 + id and must get
 * it echoed back to that wPort. */
static void exchange(int id)
{
    int before = g_conn[id].rx;
    uint16_t wport = (uint16_t)(0x100 + id);
    ck_assert_int_eq(cosem_wrapper_send(&g_conn[id].w, wport, 0x01, g_aarq + 8, g_aarq_len - 8),
                     COSEM_OK);
    ck_assert_msg(pump_rx(id, before + 1), "no echo for client %d", id);
    tu_assert_bytes(g_conn[id].last, g_conn[id].last_len, g_aarq + 8, g_aarq_len - 8);
    ck_assert_uint_eq(g_conn[id].last_src, 0x01);
    ck_assert_uint_eq(g_conn[id].last_dst, wport);
}

/* The server-side connection that serves client id (by its wPort). */
static int server_of(int id)
{
    int k;
    for (k = 0; k < COSEM_POSIX_MAX_ENDPOINTS; k++) {
        if (g_conn[k].server && g_conn[k].opened && !g_conn[k].closed &&
            g_conn[k].last_src == 0x100 + id) {
            return k;
        }
    }
    ck_abort_msg("no server connection for client %d", id);
    return -1;
}

/* Connects a client to the listener's port. */
static int connect_client(uint16_t port)
{
    int id = -1;
    ck_assert_int_eq(cosem_posix_tcp_connect(&g_loop, "127.0.0.1", port, 2000, &client_h, &id),
                     COSEM_OK);
    ck_assert_int_ge(id, 0);
    ck_assert(g_conn[id].opened);
    return id;
}

static void loop_setup(void)
{
    memset(g_conn, 0, sizeof g_conn);
    cosem_posix_loop_init(&g_loop);
    g_aarq_len = tu_hex("00 01 00 11 00 01 00 35 60 33 A1 09 06 07 60 85 74 05 08 01 01 8A 02"
                        "07 80 8B 07 60 85 74 05 08 02 01 AC 07 80 05 47 75 72 75 78 BE 10 04"
                        "0E 01 00 00 00 06 5F 1F 04 00 40 1E 5D FF FF", g_aarq, sizeof g_aarq);
}

static void loop_teardown(void)
{
    cosem_posix_loop_free(&g_loop);
}

/* ---- TCP ---------------------------------------------------------------- */

START_TEST(test_tcp_limit)
{
    int lid = -1, a, b, c, d, i;
    uint16_t port;
    ck_assert_int_eq(cosem_posix_tcp_listen(&g_loop, "127.0.0.1", 0, 2, &server_h, &lid),
                     COSEM_OK);
    port = cosem_posix_local_port(&g_loop, lid);
    ck_assert_uint_ne(port, 0);
    a = connect_client(port);
    b = connect_client(port);
    exchange(a);
    exchange(b);
    ck_assert_uint_eq(cosem_posix_stats(&g_loop)->accepted, 2);
    /* A third client is over the limit: accepted and closed at once. */
    c = connect_client(port);
    ck_assert(pump_until(&g_conn[c].closed));
    ck_assert_int_eq(g_conn[c].why, COSEM_E_CLOSED);
    ck_assert_uint_eq(cosem_posix_stats(&g_loop)->rejected, 1);
    ck_assert_uint_eq(cosem_posix_stats(&g_loop)->accepted, 2);
    /* The others keep working, several times each. */
    for (i = 0; i < 5; i++) {
        exchange(a);
        exchange(b);
    }
    /* Clean close of a: the server side sees the end between two frames. */
    {
        int server_a = server_of(a);
        ck_assert_int_eq(cosem_posix_parent(&g_loop, server_a), lid);
        ck_assert_int_eq(g_conn[server_a].rx, 6);
        ck_assert_int_eq(cosem_posix_close(&g_loop, a), COSEM_OK);
        ck_assert_int_eq(g_conn[a].why, COSEM_OK);
        ck_assert(pump_until(&g_conn[server_a].closed));
        ck_assert_int_eq(g_conn[server_a].why, COSEM_E_CLOSED);
        ck_assert_int_eq(g_conn[server_a].eof, COSEM_OK);
    }
    /* A place is free again: a new client is served. */
    d = connect_client(port);
    exchange(d);
    exchange(b);
    ck_assert_uint_eq(cosem_posix_stats(&g_loop)->accepted, 3);
    ck_assert_uint_eq(cosem_posix_stats(&g_loop)->rejected, 1);
    ck_assert_int_eq(d, a); /* a's endpoint slot was free again and reused */
}
END_TEST

/* ---- the hot connection (COSEM_POSIX_HOT_MS) ----------------------------- */

/* A plain blocking client outside the loop, reads bounded by 3 s. */
static int raw_connect(uint16_t port)
{
    struct sockaddr_in a;
    struct timeval tv = {3, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    return fd;
}

/* Sends the AARQ frame (wPort 0x11 to 0x01). */
static void raw_send(int fd)
{
    ck_assert_int_eq(write(fd, g_aarq, g_aarq_len), (ssize_t)g_aarq_len);
}

/* Reads the echo without stepping the loop (it must already be there) and
 * checks it: the same APDU, wPorts swapped. */
static void raw_check_echo(int fd)
{
    uint8_t buf[128];
    size_t got = 0;
    while (got < g_aarq_len) {
        ssize_t r = read(fd, buf + got, g_aarq_len - got);
        ck_assert_msg(r > 0, "no echo");
        got += (size_t)r;
    }
    ck_assert_uint_eq(buf[3], 0x01);
    ck_assert_uint_eq(buf[5], 0x11);
    tu_assert_bytes(buf + 6, got - 6, g_aarq + 6, g_aarq_len - 6);
}

/* Whether fd has octets to read now. */
static int raw_ready(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, 0) == 1;
}

/* Steps the loop until fd has octets to read or 3 s pass. */
static int pump_fd(int fd)
{
    uint32_t start = cosem_posix_now_ms();
    while (!raw_ready(fd) && cosem_posix_now_ms() - start < 3000u) {
        ck_assert_int_eq(cosem_posix_step(&g_loop, 10), COSEM_OK);
    }
    return raw_ready(fd);
}

START_TEST(test_tcp_hot_connection)
{
    const cosem_posix_stats_t *st = cosem_posix_stats(&g_loop);
    int lid = -1, a, b, i, steps, pending = 0;
    unsigned long hot;
    uint32_t t0;
    uint16_t port;
    ck_assert_int_eq(cosem_posix_tcp_listen(&g_loop, "127.0.0.1", 0, 0, &server_h, &lid),
                     COSEM_OK);
    port = cosem_posix_local_port(&g_loop, lid);
    a = raw_connect(port);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK); /* the accept */
    ck_assert_uint_eq(st->accepted, 1);
    /* One request at a time on the only connection: after the first, each
     * is taken by the receive that waits on that connection alone (the
     * step does not return before the request is read and answered). */
    for (i = 0; i < 20; i++) {
        raw_send(a);
        ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK);
        raw_check_echo(a);
    }
    ck_assert_uint_ge(st->hot_reads, 18);
    /* Quiet: the hot receive gives up after the slice, the step returns
     * long before its 1 s, and the next step polls (no hot read counted). */
    hot = st->hot_reads;
    t0 = cosem_posix_now_ms();
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK);
    ck_assert_uint_lt(cosem_posix_now_ms() - t0, 500);
    raw_send(a);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK);
    raw_check_echo(a);
    ck_assert_uint_eq(st->hot_reads, hot);
    /* A second client connects and sends while the first keeps the loop
     * busy on the hot path: it is accepted and answered within the slice's
     * bound, not starved. */
    raw_send(a);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK);
    raw_check_echo(a);
    hot = st->hot_reads;
    b = raw_connect(port);
    raw_send(b);
    t0 = cosem_posix_now_ms();
    for (steps = 0; !raw_ready(b) && cosem_posix_now_ms() - t0 < 2000u; steps++) {
        if (pending == 0) {
            raw_send(a);
            pending = 1;
        }
        ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK);
        if (raw_ready(a)) {
            raw_check_echo(a);
            pending = 0;
        }
    }
    ck_assert_msg(raw_ready(b), "second client starved");
    ck_assert_uint_lt(cosem_posix_now_ms() - t0, 1000);
    ck_assert_uint_gt(st->hot_reads, hot); /* the first client was served hot meanwhile */
    ck_assert_int_gt(steps, 1);
    raw_check_echo(b);
    ck_assert_uint_eq(st->accepted, 2);
    if (pending) {
        ck_assert(pump_fd(a));
        raw_check_echo(a);
    }
    /* Two connections: poll() for every request again. */
    hot = st->hot_reads;
    for (i = 0; i < 5; i++) {
        raw_send(a);
        ck_assert(pump_fd(a));
        raw_check_echo(a);
        raw_send(b);
        ck_assert(pump_fd(b));
        raw_check_echo(b);
    }
    ck_assert_uint_eq(st->hot_reads, hot);
    /* A stop request ends a step at once, hot or not. */
    close(b);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK); /* b's end */
    raw_send(a);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK);
    raw_check_echo(a);
    cosem_posix_stop(&g_loop);
    t0 = cosem_posix_now_ms();
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_E_CLOSED);
    ck_assert_uint_lt(cosem_posix_now_ms() - t0, 100); /* not the 1 s, nor a hot wait */
    /* The peer's close is seen by the hot receive: end of stream. */
    raw_send(a);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK);
    raw_check_echo(a);
    close(a);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 1000), COSEM_OK);
    ck_assert_uint_eq(st->closed, 2);
}
END_TEST

START_TEST(test_tcp_broken_stream)
{
    /* A client sending version 2 gets its connection closed by the server;
     * another client is not affected. Half a frame then a close gives a
     * truncated stream end on the server. */
    static const uint8_t bad[8] = {0x00, 0x02, 0x00, 0x11, 0x00, 0x01, 0x00, 0x05};
    int lid = -1, a, b, k, srv_b;
    uint16_t port;
    ck_assert_int_eq(cosem_posix_tcp_listen(&g_loop, "127.0.0.1", 0, 0, &server_h, &lid),
                     COSEM_OK);
    port = cosem_posix_local_port(&g_loop, lid);
    a = connect_client(port);
    b = connect_client(port);
    exchange(a);
    exchange(b);
    ck_assert_int_eq(cosem_posix_send(&g_loop, a, bad, sizeof bad), COSEM_OK);
    ck_assert(pump_until(&g_conn[a].closed));
    ck_assert_int_eq(g_conn[a].why, COSEM_E_CLOSED);
    exchange(b);
    for (k = 0; k < COSEM_POSIX_MAX_ENDPOINTS; k++) {
        if (g_conn[k].server && g_conn[k].closed) {
            /* a's server side: broken by the version, then closed. */
            ck_assert_int_eq(g_conn[k].why, COSEM_OK);
            ck_assert_int_eq(g_conn[k].eof, COSEM_E_CLOSED);
            ck_assert_uint_eq(g_conn[k].last_src, 0x100 + a);
        }
    }
    srv_b = server_of(b);
    ck_assert_int_eq(g_conn[srv_b].rx, 2);
    ck_assert_int_eq(cosem_posix_send(&g_loop, b, g_aarq, 5), COSEM_OK);
    ck_assert_int_eq(cosem_posix_close(&g_loop, b), COSEM_OK);
    ck_assert(pump_until(&g_conn[srv_b].closed));
    ck_assert_int_eq(g_conn[srv_b].eof, COSEM_E_TRUNCATED);
}
END_TEST

START_TEST(test_tcp_many_clients)
{
    int lid = -1, ids[6], i, round;
    uint16_t port;
    ck_assert_int_eq(cosem_posix_tcp_listen(&g_loop, "127.0.0.1", 0, 0, &server_h, &lid),
                     COSEM_OK);
    port = cosem_posix_local_port(&g_loop, lid);
    for (i = 0; i < 6; i++) {
        ids[i] = connect_client(port);
    }
    /* All send before any is served: the loop serves them together. */
    for (round = 1; round <= 3; round++) {
        for (i = 0; i < 6; i++) {
            ck_assert_int_eq(cosem_wrapper_send(&g_conn[ids[i]].w, 0x11, 1, g_aarq + 8,
                                                g_aarq_len - 8), COSEM_OK);
        }
        for (i = 0; i < 6; i++) {
            ck_assert(pump_rx(ids[i], round));
        }
    }
    ck_assert_uint_eq(cosem_posix_stats(&g_loop)->accepted, 6);
    ck_assert_uint_eq(cosem_posix_stats(&g_loop)->rejected, 0);
    /* Closing the listener keeps the connections. */
    ck_assert_int_eq(cosem_posix_close(&g_loop, lid), COSEM_OK);
    ck_assert_uint_eq(cosem_posix_local_port(&g_loop, lid), 0);
    exchange(ids[0]);
}
END_TEST

START_TEST(test_tcp_errors)
{
    int lid = -1, id = -1, port;
    ck_assert_int_eq(cosem_posix_tcp_listen(&g_loop, "not-an-address", 0, 0, &server_h, &lid),
                     COSEM_E_ARG);
    ck_assert_int_eq(cosem_posix_tcp_listen(&g_loop, "127.0.0.1", 0, 0, &server_h, &lid), COSEM_OK);
    port = cosem_posix_local_port(&g_loop, lid);
    /* Binding the same port again fails. */
    ck_assert_int_eq(cosem_posix_tcp_listen(&g_loop, "127.0.0.1", (uint16_t)port, 0, &server_h, &id),
                     COSEM_E_IO);
    /* Nobody listens after the close: refused. */
    ck_assert_int_eq(cosem_posix_close(&g_loop, lid), COSEM_OK);
    ck_assert_int_eq(cosem_posix_tcp_connect(&g_loop, "127.0.0.1", (uint16_t)port, 1000, &client_h,
                                             &id), COSEM_E_IO);
    ck_assert_int_eq(cosem_posix_send(&g_loop, 5, g_aarq, 1), COSEM_E_ARG);
    ck_assert_int_eq(cosem_posix_send(&g_loop, -1, g_aarq, 1), COSEM_E_ARG);
    ck_assert_int_eq(cosem_posix_close(&g_loop, COSEM_POSIX_MAX_ENDPOINTS), COSEM_E_ARG);
    ck_assert_ptr_null(cosem_posix_ctx(&g_loop, 3));
}
END_TEST

/* ---- UDP ----------------------------------------------------------------- */

static uint8_t g_dgram[256];
static size_t g_dgram_len;
static int g_dgram_n;

/* UDP server: decodes the datagram and answers the sender with the APDU. */
static void udp_server_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *d, size_t n)
{
    cosem_wrapper_header_t h;
    const uint8_t *apdu;
    size_t alen;
    uint8_t out[256];
    (void)user;
    ck_assert_int_eq(cosem_wrapper_datagram(d, n, &h, &apdu, &alen), COSEM_OK);
    h.src_wport = h.dst_wport;
    h.dst_wport = 0x11;
    cosem_wrapper_header_encode(&h, out);
    memcpy(out + 8, apdu, alen);
    ck_assert_int_eq(cosem_posix_send(loop, id, out, alen + 8), COSEM_OK);
}

/* UDP client: keeps the datagram. */
static void udp_client_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *d, size_t n)
{
    (void)user;
    (void)loop;
    (void)id;
    ck_assert_uint_le(n, sizeof g_dgram);
    memcpy(g_dgram, d, n);
    g_dgram_len = n;
    g_dgram_n++;
}

START_TEST(test_udp)
{
    static const cosem_posix_handlers_t sh = {NULL, udp_server_data, NULL, NULL};
    static const cosem_posix_handlers_t chh = {NULL, udp_client_data, NULL, NULL};
    int s = -1, c = -1;
    uint16_t port;
    uint8_t rlrq[16], want[16];
    size_t n = tu_hex("00 01 00 11 00 01 00 05 62 03 80 01 00", rlrq, sizeof rlrq);
    tu_hex("00 01 00 01 00 11 00 05 62 03 80 01 00", want, sizeof want);
    g_dgram_n = 0;
    ck_assert_int_eq(cosem_posix_udp_open(&g_loop, "127.0.0.1", 0, NULL, 0, &sh, &s), COSEM_OK);
    port = cosem_posix_local_port(&g_loop, s);
    /* The server has no peer yet: nothing to answer to. */
    ck_assert_int_eq(cosem_posix_send(&g_loop, s, rlrq, n), COSEM_E_STATE);
    ck_assert_int_eq(cosem_posix_udp_open(&g_loop, "127.0.0.1", 0, "127.0.0.1", port, &chh, &c),
                     COSEM_OK);
    ck_assert_int_eq(cosem_posix_send(&g_loop, c, rlrq, n), COSEM_OK);
    ck_assert(pump_until(&g_dgram_n));
    tu_assert_bytes(g_dgram, g_dgram_len, want, n);
    /* Two datagrams back to back stay two datagrams. */
    ck_assert_int_eq(cosem_posix_send(&g_loop, c, rlrq, n), COSEM_OK);
    ck_assert_int_eq(cosem_posix_send(&g_loop, c, rlrq, n), COSEM_OK);
    {
        uint32_t start = cosem_posix_now_ms();
        while (g_dgram_n < 3 && cosem_posix_now_ms() - start < 3000u) {
            ck_assert_int_eq(cosem_posix_step(&g_loop, 10), COSEM_OK);
        }
    }
    ck_assert_int_eq(g_dgram_n, 3);
    ck_assert_uint_eq(g_dgram_len, n);
}
END_TEST

/* ---- serial through a pseudo-terminal pair ------------------------------- */

static uint8_t g_serial_rx[2][4096];
static size_t g_serial_len[2];

/* Collects the bytes of endpoint ends[0] into buffer 0, ends[1] into 1. */
static int g_serial_ids[2];
static void serial_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *d, size_t n)
{
    int k = id == g_serial_ids[0] ? 0 : 1;
    (void)user;
    (void)loop;
    ck_assert_uint_le(g_serial_len[k] + n, sizeof g_serial_rx[k]);
    memcpy(g_serial_rx[k] + g_serial_len[k], d, n);
    g_serial_len[k] += n;
}

/* Steps until buffer k holds n bytes or 5 s pass. */
static int pump_serial(int k, size_t n)
{
    uint32_t start = cosem_posix_now_ms();
    while (g_serial_len[k] < n && cosem_posix_now_ms() - start < 5000u) {
        ck_assert_int_eq(cosem_posix_step(&g_loop, 10), COSEM_OK);
    }
    return g_serial_len[k] == n;
}

START_TEST(test_serial_pty)
{
    static const cosem_posix_handlers_t h = {NULL, serial_data, NULL, NULL};
    static const unsigned rates[] = {300, 9600, 19200, 115200};
    uint8_t pattern[1024];
    size_t i, r;
    /* Every octet value, including the ones a cooked terminal would eat or
     * change: 0x03 (INTR), 0x0D (CR), 0x11/0x13 (XON/XOFF), 0x7E (HDLC flag). */
    for (i = 0; i < sizeof pattern; i++) {
        pattern[i] = (uint8_t)(i * 7u + (i >> 8));
    }
    for (r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        int master, slave;
        char name[128];
        cosem_posix_serial_opts_t o;
        memset(&o, 0, sizeof o);
        o.baud = rates[r];
        ck_assert_int_eq(openpty(&master, &slave, name, NULL, NULL), 0);
        /* The slave opened again through the port, by its path. */
        ck_assert_int_eq(cosem_posix_serial_open(&g_loop, name, &o, &h, &g_serial_ids[1]),
                         COSEM_OK);
        (void)close(slave);
        ck_assert_int_eq(cosem_posix_serial_configure(master, rates[r]), COSEM_OK);
        ck_assert_int_eq(cosem_posix_add_fd(&g_loop, master, &h, &g_serial_ids[0]), COSEM_OK);
        g_serial_len[0] = g_serial_len[1] = 0;
        /* Both directions at once. */
        ck_assert_int_eq(cosem_posix_send(&g_loop, g_serial_ids[1], pattern, sizeof pattern),
                         COSEM_OK);
        ck_assert_int_eq(cosem_posix_send(&g_loop, g_serial_ids[0], pattern, 300), COSEM_OK);
        ck_assert_msg(pump_serial(0, sizeof pattern), "%u baud: %zu of %zu octets", rates[r],
                      g_serial_len[0], sizeof pattern);
        ck_assert(pump_serial(1, 300));
        tu_assert_bytes(g_serial_rx[0], g_serial_len[0], pattern, sizeof pattern);
        tu_assert_bytes(g_serial_rx[1], g_serial_len[1], pattern, 300);
        ck_assert_int_eq(cosem_posix_close(&g_loop, g_serial_ids[1]), COSEM_OK);
        ck_assert_int_eq(cosem_posix_close(&g_loop, g_serial_ids[0]), COSEM_OK);
    }
}
END_TEST

START_TEST(test_serial_errors)
{
    static const cosem_posix_handlers_t h = {NULL, serial_data, NULL, NULL};
    cosem_posix_serial_opts_t o;
    int p[2], id = -1, master, slave;
    memset(&o, 0, sizeof o);
    o.baud = 12345;
    ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
    ck_assert_int_eq(cosem_posix_serial_configure(slave, 12345), COSEM_E_ARG);
    ck_assert_int_eq(cosem_posix_serial_configure(slave, 9600), COSEM_OK);
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(cosem_posix_serial_configure(p[0], 9600), COSEM_E_IO); /* not a terminal */
    ck_assert_int_eq(cosem_posix_serial_open(&g_loop, "/dev/null", &o, &h, &id), COSEM_E_ARG);
    o.baud = 9600;
    ck_assert_int_eq(cosem_posix_serial_open(&g_loop, "/nonexistent/tty", &o, &h, &id), COSEM_E_IO);
    ck_assert_int_eq(cosem_posix_serial_open(&g_loop, "/dev/null", &o, &h, &id), COSEM_E_IO);
    (void)close(p[0]);
    (void)close(p[1]);
    (void)close(master);
    (void)close(slave);
}
END_TEST

START_TEST(test_stream_fd_eof)
{
    /* An adopted pipe: bytes arrive, then the writer closes -> on_close. */
    int p[2], id = -1;
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(cosem_posix_add_fd(&g_loop, p[0], &client_h, &id), COSEM_OK);
    cosem_posix_set_ctx(&g_loop, id, &g_conn[id]);
    ck_assert_int_eq((int)write(p[1], g_aarq, g_aarq_len), (int)g_aarq_len);
    ck_assert(pump_rx(id, 1));
    tu_assert_bytes(g_conn[id].last, g_conn[id].last_len, g_aarq + 8, g_aarq_len - 8);
    (void)close(p[1]);
    ck_assert(pump_until(&g_conn[id].closed));
    ck_assert_int_eq(g_conn[id].why, COSEM_E_CLOSED);
    ck_assert_int_eq(g_conn[id].eof, COSEM_OK);
    /* The application's pointer is still there when on_close runs. */
    ck_assert_ptr_eq(g_conn[id].ctx_at_close, &g_conn[id]);
    ck_assert_ptr_null(cosem_posix_ctx(&g_loop, id));
    ck_assert_uint_eq(cosem_posix_stats(&g_loop)->closed, 1);
}
END_TEST

/* ---- signals and the tick hook ------------------------------------------- */

static int g_ticks;
static int g_raise;

/* Tick hook: raises the signal once; stops the loop itself if the signal
 * did not (so a broken signal path fails instead of hanging). */
static void tick_raise(void *user, cosem_posix_loop_t *loop, uint32_t now_ms)
{
    (void)user;
    (void)now_ms;
    g_ticks++;
    if (g_ticks == 2) {
        ck_assert_int_eq(raise(g_raise), 0);
    }
    if (g_ticks > 100) {
        cosem_posix_stop(loop);
    }
}

START_TEST(test_signal_shutdown)
{
    static const int sigs[] = {SIGTERM, SIGINT};
    size_t i;
    ck_assert_int_eq(cosem_posix_catch_signals(&g_loop), COSEM_OK);
    cosem_posix_set_tick(&g_loop, tick_raise, NULL, 5);
    for (i = 0; i < 2; i++) {
        g_ticks = 0;
        g_raise = sigs[i];
        ck_assert_int_eq(cosem_posix_run(&g_loop), COSEM_OK);
        ck_assert_int_eq(cosem_posix_last_signal(&g_loop), sigs[i]);
        ck_assert_int_lt(g_ticks, 100);
        ck_assert_int_ge(g_ticks, 2);
    }
    /* A stop request is reported once by step, then consumed. */
    cosem_posix_set_tick(&g_loop, NULL, NULL, 0);
    cosem_posix_stop(&g_loop);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 0), COSEM_E_CLOSED);
    ck_assert_int_eq(cosem_posix_step(&g_loop, 0), COSEM_OK);
}
END_TEST

/* ---- the platform port ------------------------------------------------------ */

static char g_dir[64];
static char g_path[128];

static void dir_setup(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/cosem_posix_test_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(g_dir));
    snprintf(g_path, sizeof g_path, "%s/state", g_dir);
}

static void dir_teardown(void)
{
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", g_path);
    (void)unlink(tmp);
    (void)unlink(g_path);
    (void)rmdir(g_dir);
}

START_TEST(test_state_persists)
{
    static cosem_posix_port_t pp, pp2;
    cosem_port_t port, port2;
    uint64_t v = 0;
    bool on = true;
    struct stat sb;
    char tmp[160];
    ck_assert_int_eq(cosem_posix_port_init(&pp, &port, g_path, 3), COSEM_OK);
    ck_assert_ptr_eq(port.user, &pp);
    /* Empty state: nothing stored, relays open. */
    ck_assert_int_eq(cosem_port_nv_load(&port, COSEM_NV_ID_TX_INVOCATION(0), &v), COSEM_E_NOTFOUND);
    ck_assert_int_eq(cosem_port_relay_get(&port, 2, &on), COSEM_OK);
    ck_assert(!on);
    ck_assert_int_eq(cosem_port_relay_set(&port, 2, true), COSEM_OK);
    ck_assert_int_eq(cosem_port_relay_set(&port, 3, true), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_port_relay_get(&port, 3, &on), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_port_nv_store(&port, COSEM_NV_ID_TX_INVOCATION(0), 0x100000005ull),
                     COSEM_OK);
    ck_assert_int_eq(cosem_port_nv_store(&port, COSEM_NV_ID_USER + 7, UINT64_MAX), COSEM_OK);
    ck_assert_int_eq(cosem_port_nv_store(&port, COSEM_NV_ID_TX_INVOCATION(0), 0x100000006ull),
                     COSEM_OK);
    /* Written through a temporary file that is gone afterwards. */
    snprintf(tmp, sizeof tmp, "%s.tmp", g_path);
    ck_assert_int_ne(stat(tmp, &sb), 0);
    ck_assert_int_eq(stat(g_path, &sb), 0);
    /* "Restart": a second port reads the same file. */
    ck_assert_int_eq(cosem_posix_port_init(&pp2, &port2, g_path, 3), COSEM_OK);
    ck_assert_int_eq(cosem_port_nv_load(&port2, COSEM_NV_ID_TX_INVOCATION(0), &v), COSEM_OK);
    ck_assert_uint_eq(v, 0x100000006ull);
    ck_assert_int_eq(cosem_port_nv_load(&port2, COSEM_NV_ID_USER + 7, &v), COSEM_OK);
    ck_assert(v == UINT64_MAX);
    ck_assert_int_eq(cosem_port_relay_get(&port2, 2, &on), COSEM_OK);
    ck_assert(on);
    ck_assert_int_eq(cosem_port_relay_get(&port2, 0, &on), COSEM_OK);
    ck_assert(!on);
    /* Fewer relays after the restart: the extra one is forgotten. */
    ck_assert_int_eq(cosem_posix_port_init(&pp2, &port2, g_path, 1), COSEM_OK);
    ck_assert_int_eq(cosem_port_relay_get(&port2, 2, &on), COSEM_E_RANGE);
}
END_TEST

START_TEST(test_state_limits_and_corruption)
{
    static cosem_posix_port_t pp;
    cosem_port_t port;
    uint32_t i;
    FILE *f;
    ck_assert_int_eq(cosem_posix_port_init(&pp, &port, g_path, COSEM_POSIX_MAX_RELAYS + 1),
                     COSEM_E_ARG);
    ck_assert_int_eq(cosem_posix_port_init(&pp, &port, g_path, 0), COSEM_OK);
    for (i = 0; i < COSEM_POSIX_MAX_NV; i++) {
        ck_assert_int_eq(cosem_port_nv_store(&port, 1000 + i, i), COSEM_OK);
    }
    ck_assert_int_eq(cosem_port_nv_store(&port, 5, 1), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_port_nv_store(&port, 1000, 77), COSEM_OK); /* update still fine */
    /* A damaged file is reported, not silently dropped. */
    f = fopen(g_path, "a");
    ck_assert_ptr_nonnull(f);
    fputs("nv banana 3\n", f);
    fclose(f);
    ck_assert_int_eq(cosem_posix_port_init(&pp, &port, g_path, 0), COSEM_E_MALFORMED);
    /* In memory only (no path): works, nothing written. */
    ck_assert_int_eq(cosem_posix_port_init(&pp, &port, NULL, 1), COSEM_OK);
    ck_assert_int_eq(cosem_port_nv_store(&port, 5, 1), COSEM_OK);
    ck_assert_int_eq(cosem_port_relay_set(&port, 0, true), COSEM_OK);
    /* A state file in a directory that does not exist cannot be saved. */
    ck_assert_int_eq(cosem_posix_port_init(&pp, &port, "/nonexistent/dir/state", 1), COSEM_OK);
    ck_assert_int_eq(cosem_port_nv_store(&port, 5, 1), COSEM_E_IO);
    {
        uint64_t v = 9;
        ck_assert_int_eq(cosem_port_nv_load(&port, 5, &v), COSEM_OK);
        ck_assert_uint_eq(v, 0); /* the failed store did not count */
    }
}
END_TEST

START_TEST(test_clock_zone_and_offset)
{
    static cosem_posix_port_t pp, pp2;
    cosem_port_t port, port2;
    cosem_datetime_t set, now;
    time_t host_before = time(NULL);
    ck_assert_int_eq(setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1), 0);
    tzset();
    ck_assert_int_eq(cosem_posix_port_init(&pp, &port, g_path, 0), COSEM_OK);
    /* 2030-01-15 12:00:00 local, deviation not specified = our zone (CET). */
    ck_assert_int_eq(cosem_datetime_parse(&set, "2030-01-15T12:00:00", 19), COSEM_OK);
    ck_assert_int_eq(cosem_port_time_set(&port, &set), COSEM_OK);
    ck_assert_int_eq(cosem_port_time_get(&port, &now), COSEM_OK);
    ck_assert_int_eq(now.deviation, -60);
    ck_assert_uint_eq(now.status & COSEM_CLOCK_STATUS_DST, 0);
    ck_assert_uint_eq(now.year, 2030);
    ck_assert_uint_eq(now.month, 1);
    ck_assert_uint_eq(now.day, 15);
    ck_assert_uint_eq(now.day_of_week, 2); /* a Tuesday */
    ck_assert_uint_eq(now.hour, 12);
    ck_assert_uint_eq(now.minute, 0);
    ck_assert_uint_le(now.second, 2);
    /* Summer: set as UTC 10:00 (deviation 0) -> 12:00 CEST, deviation -120. */
    ck_assert_int_eq(cosem_datetime_parse(&set, "2030-07-01T10:00:00Z", 20), COSEM_OK);
    ck_assert_int_eq(cosem_port_time_set(&port, &set), COSEM_OK);
    ck_assert_int_eq(cosem_port_time_get(&port, &now), COSEM_OK);
    ck_assert_int_eq(now.deviation, -120);
    ck_assert_uint_eq(now.status & COSEM_CLOCK_STATUS_DST, COSEM_CLOCK_STATUS_DST);
    ck_assert_uint_eq(now.hour, 12);
    /* The offset survives a restart; the host clock was not changed. */
    ck_assert_int_eq(cosem_posix_port_init(&pp2, &port2, g_path, 0), COSEM_OK);
    ck_assert_int_eq(cosem_port_time_get(&port2, &now), COSEM_OK);
    ck_assert_uint_eq(now.year, 2030);
    ck_assert_uint_eq(now.month, 7);
    ck_assert_uint_eq(now.hour, 12);
    ck_assert(time(NULL) - host_before < 60 && time(NULL) >= host_before);
    /* An incomplete date-time cannot be set. */
    ck_assert_int_eq(cosem_datetime_parse(&set, "2030-07-**T10:00:00", 19), COSEM_OK);
    ck_assert_int_eq(cosem_port_time_set(&port, &set), COSEM_E_RANGE);
    unsetenv("TZ");
    tzset();
}
END_TEST

START_TEST(test_random_and_monotonic)
{
    static cosem_posix_port_t pp;
    cosem_port_t port;
    uint8_t a[32], b[32], zero[32];
    uint32_t t0, t1;
    ck_assert_int_eq(cosem_posix_port_init(&pp, &port, NULL, 0), COSEM_OK);
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    memset(zero, 0, sizeof zero);
    ck_assert_int_eq(cosem_port_random(&port, a, sizeof a), COSEM_OK);
    ck_assert_int_eq(cosem_port_random(&port, b, sizeof b), COSEM_OK);
    ck_assert(memcmp(a, b, sizeof a) != 0);
    ck_assert(memcmp(a, zero, sizeof a) != 0);
    t0 = cosem_port_now_ms(&port);
    {
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    t1 = cosem_port_now_ms(&port);
    ck_assert_uint_ge(t1 - t0, 20);
    ck_assert_uint_lt(t1 - t0, 2000);
    cosem_posix_port_log_level(&pp, COSEM_LOG_ERROR);
    cosem_port_log(&port, COSEM_LOG_DEBUG, "not printed");
}
END_TEST

static Suite *posix_port_suite(void)
{
    Suite *s = suite_create("posix_port");
    TCase *tc = tcase_create("loop");
    tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_tcp_limit);
    tcase_add_test(tc, test_tcp_hot_connection);
    tcase_add_test(tc, test_tcp_broken_stream);
    tcase_add_test(tc, test_tcp_many_clients);
    tcase_add_test(tc, test_tcp_errors);
    tcase_add_test(tc, test_udp);
    tcase_add_test(tc, test_serial_pty);
    tcase_add_test(tc, test_serial_errors);
    tcase_add_test(tc, test_stream_fd_eof);
    tcase_add_test(tc, test_signal_shutdown);
    suite_add_tcase(s, tc);
    tc = tcase_create("port");
    tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
    tcase_add_test(tc, test_state_persists);
    tcase_add_test(tc, test_state_limits_and_corruption);
    tcase_add_test(tc, test_clock_zone_and_offset);
    tcase_add_test(tc, test_random_and_monotonic);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(posix_port_suite)
