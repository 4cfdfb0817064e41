/* SPDX-License-Identifier: Apache-2.0 */
/* HDLC stations (include/cosem/hdlc.h): the secondary replaying a real
 * capture byte for byte, the primary replaying the other side of it, and
 * a primary and a secondary wired together in memory with a fake clock:
 * connection with and without parameters, windows 1 and 7, information
 * fields of 128/512/2030, multi-segment MSDUs both ways, lost, corrupted
 * and repeated frames, timers, DISC/DM/FRMR, addressing, broadcast, and
 * fault injection at every byte of a full exchange.
 *
 * CAP = tests/vectors/guruxc-client_guruxc-server_hdlc_noauth_getclock.txt
 * (Gurux C client <-> Gurux C server over HDLC; server address 0x03 =
 * upper 1 in the 1-octet form, client 0x21 = SAP 0x10). Behaviour of the
 * stations: IEC 62056-46 (NRM, N(S)/N(R) modulo 8, P/F, SNRM/UA/DISC/DM,
 * FRMR of ISO/IEC 13239 with W/X/Y/Z). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/hdlc.h>

#include "test_util.h"

#define CAP "guruxc-client_guruxc-server_hdlc_noauth_getclock.txt"
#define MAXF 128
#define LOG_CAP (1u << 20)
#define MAX_FRAMES 40000
#define MAX_APDUS 64
#define MSDU_CAP 16384

/* ======================================================================= */
/* A node: one station, everything it sent, the events it reported.       */

typedef struct node node_t;

typedef struct {
    const uint8_t *p;
    size_t n;
} apdu_t;

struct node {
    cosem_hdlc_t h;
    cosem_hdlc_config_t cfg;
    uint8_t *mem;
    uint8_t *log;          /* every octet sent */
    size_t log_len;
    size_t *frame_at;      /* start of each frame in log */
    size_t nframes;
    size_t delivered;      /* frames already given to the peer */
    /* events */
    int n_conn, n_disc, n_data;
    cosem_hdlc_reason_t reason;
    uint8_t *rx;           /* last DATA */
    size_t rx_len;
    bool rx_ui, rx_bcast;
    cosem_hdlc_addr_t rx_peer; /* source of the last DATA */
    cosem_hdlc_params_t conn_params;
    /* behaviour: answers to send from the DATA callback, in order */
    apdu_t replies[MAX_APDUS];
    size_t n_replies, next_reply;
    bool disconnect_after; /* primary: DISC once the replies are used up */
    bool defer;            /* secondary: do not answer from the callback */
    cosem_status_t last_send;
    uint32_t *clock;
    int send_fail;         /* the send callback fails this many times */
    size_t cb_cap;         /* cosem_hdlc_tx_buffer()'s capacity in the last DATA callback */
};

/* New nodes use one shared MSDU buffer (cosem_hdlc_config_t.shared_msdu). */
static bool g_shared;

/* Send callback: append the frame to the node's log. */
static cosem_status_t node_send(void *user, const uint8_t *p, size_t n)
{
    node_t *d = user;
    ck_assert_uint_lt(d->nframes, MAX_FRAMES);
    ck_assert_uint_le(d->log_len + n, LOG_CAP);
    ck_assert_uint_ge(n, 9);
    ck_assert_uint_eq(p[0], 0x7E);
    ck_assert_uint_eq(p[n - 1], 0x7E);
    if (d->send_fail > 0) {
        d->send_fail--;
        return COSEM_E_IO;
    }
    d->frame_at[d->nframes++] = d->log_len;
    memcpy(d->log + d->log_len, p, n);
    d->log_len += n;
    return COSEM_OK;
}

/* Sends the next configured answer, or disconnects when there is none. */
static void node_next(node_t *d)
{
    if (d->next_reply < d->n_replies) {
        apdu_t a = d->replies[d->next_reply++];
        d->last_send = cosem_hdlc_send(&d->h, a.p, a.n, *d->clock);
        ck_assert_int_eq(d->last_send, COSEM_OK);
    } else if (d->disconnect_after) {
        ck_assert_int_eq(cosem_hdlc_disconnect(&d->h, *d->clock), COSEM_OK);
    }
}

/* Event callback: record, and answer DATA / CONNECTED as configured. */
static void node_event(void *user, const cosem_hdlc_event_t *ev)
{
    node_t *d = user;
    switch (ev->type) {
    case COSEM_HDLC_EV_CONNECTED:
        d->n_conn++;
        d->conn_params = *ev->params;
        if (d->cfg.role == COSEM_HDLC_PRIMARY) {
            node_next(d);
        }
        break;
    case COSEM_HDLC_EV_DISCONNECTED:
        d->n_disc++;
        d->reason = ev->reason;
        break;
    default:
        d->n_data++;
        {
            /* With a shared buffer an answer may fill all the space lent
             * before the request is read: scribble over it first. */
            uint8_t *tb = cosem_hdlc_tx_buffer(&d->h, &d->cb_cap);
            if (tb != NULL && d->cfg.shared_msdu) {
                memset(tb, 0xA5, d->cb_cap);
            }
        }
        ck_assert_uint_le(ev->len, MSDU_CAP);
        memcpy(d->rx, ev->data, ev->len);
        d->rx_len = ev->len;
        d->rx_ui = ev->unnumbered;
        d->rx_bcast = ev->broadcast;
        d->rx_peer = ev->peer;
        if (!d->defer && !ev->broadcast && !ev->unnumbered) {
            node_next(d);
        }
        break;
    }
}

static uint32_t g_clock;

/* Default configuration of a role. */
static cosem_hdlc_config_t base_cfg(cosem_hdlc_role_t role)
{
    cosem_hdlc_config_t c;
    cosem_hdlc_addr_t server = {1, 0, 1}, client = {0x10, 0, 1};
    memset(&c, 0, sizeof c);
    c.role = role;
    c.local = role == COSEM_HDLC_PRIMARY ? client : server;
    c.peer = role == COSEM_HDLC_PRIMARY ? server : client;
    c.inactivity_timeout_ms = 120000;
    c.inter_frame_timeout_ms = 50;
    c.response_timeout_ms = 300;
    c.max_retries = 3;
    c.max_msdu = MSDU_CAP;
    return c;
}

/* Allocates and initialises a node. */
static node_t *node_new(const cosem_hdlc_config_t *cfg)
{
    node_t *d = calloc(1, sizeof *d);
    size_t info, len;
    ck_assert_ptr_nonnull(d);
    d->cfg = *cfg;
    d->cfg.send.fn = node_send;
    d->cfg.send.user = d;
    d->cfg.event.fn = node_event;
    d->cfg.event.user = d;
    info = cfg->params.max_info_tx > cfg->params.max_info_rx ? cfg->params.max_info_tx
                                                              : cfg->params.max_info_rx;
    d->cfg.shared_msdu = g_shared;
    len = g_shared ? COSEM_HDLC_BUF_SIZE_SHARED(info == 0 ? 128 : info, cfg->max_msdu)
                   : COSEM_HDLC_BUF_SIZE(info == 0 ? 128 : info, cfg->max_msdu);
    d->mem = malloc(len);
    d->log = malloc(LOG_CAP);
    d->frame_at = malloc(MAX_FRAMES * sizeof *d->frame_at);
    d->rx = malloc(MSDU_CAP);
    ck_assert(d->mem && d->log && d->frame_at && d->rx);
    d->clock = &g_clock;
    ck_assert_int_eq(cosem_hdlc_init(&d->h, &d->cfg, d->mem, len), COSEM_OK);
    return d;
}

static void node_free(node_t *d)
{
    free(d->mem);
    free(d->log);
    free(d->frame_at);
    free(d->rx);
    free(d);
}

/* Length of frame i of a node's log. */
static size_t frame_len(const node_t *d, size_t i)
{
    return (i + 1 < d->nframes ? d->frame_at[i + 1] : d->log_len) - d->frame_at[i];
}

/* Decodes frame i of a node's log. */
static cosem_hdlc_frame_t frame_of(const node_t *d, size_t i)
{
    cosem_hdlc_frame_t f;
    ck_assert_uint_lt(i, d->nframes);
    ck_assert_int_eq(cosem_hdlc_frame_decode(d->log + d->frame_at[i] + 1, frame_len(d, i) - 2, &f,
                                             NULL),
                     COSEM_OK);
    return f;
}

/* Feeds raw bytes to a node. */
static void feed(node_t *d, const uint8_t *p, size_t n)
{
    ck_assert_int_eq(cosem_hdlc_feed(&d->h, p, n, g_clock), COSEM_OK);
}

/* Feeds raw hex octets. */
static void feed_hex_raw(node_t *d, const char *hex)
{
    uint8_t b[256];
    size_t n = tu_hex(hex, b, sizeof b);
    feed(d, b, n);
}

/* Builds a frame to a node and feeds it. */
static void feed_frame(node_t *d, cosem_hdlc_addr_t dst, cosem_hdlc_addr_t src, uint8_t ctrl,
                       bool seg, const uint8_t *info, size_t n)
{
    uint8_t b[4200];
    cosem_axdr_writer_t w;
    cosem_hdlc_frame_t f;
    memset(&f, 0, sizeof f);
    f.dst = dst;
    f.src = src;
    f.control = ctrl;
    f.segmented = seg;
    f.info = info;
    f.info_len = n;
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_OK);
    feed(d, b, cosem_axdr_writer_len(&w));
}

/* ======================================================================= */
/* A link: primary a and secondary b, frames carried with optional faults. */

enum { FAULT_NONE, FAULT_CORRUPT_BYTE, FAULT_DROP_BYTE, FAULT_DROP_FRAME, FAULT_FLIP_FRAME };

typedef struct {
    node_t *a, *b;
    int mode;
    size_t target;    /* byte or frame index (over both directions) */
    size_t bytes_seen, frames_seen;
    bool hit;
} link_t;

/* Carries one frame from src's log to dst through the fault filter. */
static void carry_frame(link_t *l, node_t *src, node_t *dst, size_t i)
{
    uint8_t buf[4200];
    size_t n = frame_len(src, i), k, m = 0;
    const uint8_t *p = src->log + src->frame_at[i];
    size_t frame_no = l->frames_seen++;
    ck_assert_uint_le(n, sizeof buf);
    if (l->mode == FAULT_DROP_FRAME && frame_no == l->target) {
        l->hit = true;
        l->bytes_seen += n;
        return;
    }
    for (k = 0; k < n; k++) {
        size_t pos = l->bytes_seen++;
        uint8_t b = p[k];
        if (pos == l->target && l->mode == FAULT_DROP_BYTE) {
            l->hit = true;
            continue;
        }
        if (pos == l->target && l->mode == FAULT_CORRUPT_BYTE) {
            l->hit = true;
            b ^= 0x5A;
        }
        buf[m++] = b;
    }
    if (l->mode == FAULT_FLIP_FRAME && frame_no == l->target && m > 4) {
        l->hit = true;
        buf[m / 2] ^= 0x04;
    }
    feed(dst, buf, m);
    g_clock += 1;
}

/* Carries frames both ways until neither station has anything new. */
static void pump(link_t *l)
{
    bool moved = true;
    while (moved) {
        moved = false;
        while (l->a->delivered < l->a->nframes) {
            carry_frame(l, l->a, l->b, l->a->delivered++);
            moved = true;
        }
        while (l->b->delivered < l->b->nframes) {
            carry_frame(l, l->b, l->a, l->b->delivered++);
            moved = true;
        }
    }
}

/* Lets ms of time pass in 10 ms steps, carrying frames and polling. */
static void run(link_t *l, uint32_t ms)
{
    uint32_t t;
    pump(l);
    for (t = 0; t < ms; t += 10) {
        g_clock += 10;
        ck_assert_int_eq(cosem_hdlc_poll(&l->a->h, g_clock), COSEM_OK);
        ck_assert_int_eq(cosem_hdlc_poll(&l->b->h, g_clock), COSEM_OK);
        pump(l);
    }
}

/* A deterministic payload. */
static uint8_t *pattern(size_t n, unsigned seed)
{
    uint8_t *p = malloc(n ? n : 1);
    size_t i;
    ck_assert_ptr_nonnull(p);
    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)(i * 31u + seed * 7u + (i >> 8));
    }
    return p;
}

/* ======================================================================= */
/* Replay of the capture.                                                   */

/* Collects the APDUs of one direction of the capture: I-frame information
 * fields concatenated until a frame without the segmentation bit, LLC
 * header checked and removed. Returns the count; the bytes live in store. */
static size_t capture_apdus(const tu_frame_t *fr, size_t n, char dir, const uint8_t llc[3],
                            uint8_t *store, apdu_t *out)
{
    size_t i, count = 0, used = 0, start = 0;
    for (i = 0; i < n; i++) {
        cosem_hdlc_frame_t f;
        if (fr[i].dir != dir) {
            continue;
        }
        ck_assert_int_eq(cosem_hdlc_frame_decode(fr[i].bytes + 1, fr[i].len - 2, &f, NULL),
                         COSEM_OK);
        if (cosem_hdlc_ctrl_kind(f.control) != COSEM_HDLC_KIND_I) {
            continue;
        }
        memcpy(store + used, f.info, f.info_len);
        used += f.info_len;
        if (!f.segmented) {
            ck_assert_mem_eq(store + start, llc, 3);
            ck_assert_uint_lt(count, MAX_APDUS);
            out[count].p = store + start + 3;
            out[count].n = used - start - 3;
            count++;
            start = used;
        }
    }
    return count;
}

static const uint8_t llc_req[3] = {0xE6, 0xE6, 0x00};
static const uint8_t llc_resp[3] = {0xE6, 0xE7, 0x00};

/* The secondary configured like Gurux's example server: address 0x03,
 * defaults 128/1, and 125-octet segments as that server sends. */
static node_t *gurux_like_server(void)
{
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    c.info_tx_cap = 125;
    return node_new(&c);
}

/* Expected answer to CAP line 86 (DISC): Gurux's UA (line 87) carries the
 * parameter field again; ours is the same UA without an information field
 * (the field negotiates SNRM only). */
static void expected_disc_ua(const tu_frame_t *t, uint8_t *out, size_t *n)
{
    cosem_hdlc_frame_t f;
    cosem_axdr_writer_t w;
    ck_assert_int_eq(cosem_hdlc_frame_decode(t->bytes + 1, t->len - 2, &f, NULL), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_ctrl_kind(f.control), COSEM_HDLC_KIND_UA);
    f.info = NULL;
    f.info_len = 0;
    cosem_axdr_writer_init(&w, out, 64);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_OK);
    *n = cosem_axdr_writer_len(&w);
}

/* Replays the client side of the capture into our secondary in chunks of
 * `chunk` octets (0: frame by frame, SIZE_MAX: everything at once) and
 * checks every frame it sends against the captured server frames. */
static void replay_secondary(size_t chunk)
{
    tu_frame_t fr[MAXF];
    size_t n = tu_vec_load(CAP, fr, MAXF), i, k = 0, napdu, nreq;
    static uint8_t store[65536], store2[65536], all[65536];
    apdu_t reqs[MAX_APDUS];
    size_t all_len = 0;
    node_t *s = gurux_like_server();

    napdu = capture_apdus(fr, n, 'S', llc_resp, store, s->replies);
    nreq = capture_apdus(fr, n, 'C', llc_req, store2, reqs);
    ck_assert_uint_eq(napdu, 12); /* AARE, 10 GET answers, RLRE */
    ck_assert_uint_eq(nreq, 12);
    s->n_replies = napdu;
    for (i = 0; i < n; i++) {
        if (fr[i].dir == 'C') {
            memcpy(all + all_len, fr[i].bytes, fr[i].len);
            all_len += fr[i].len;
        }
    }
    if (chunk == SIZE_MAX) {
        feed(s, all, all_len);
    } else if (chunk == 0) {
        for (i = 0; i < n; i++) {
            if (fr[i].dir == 'C') {
                feed(s, fr[i].bytes, fr[i].len);
            }
        }
    } else {
        for (i = 0; i < all_len; i += chunk) {
            feed(s, all + i, all_len - i < chunk ? all_len - i : chunk);
        }
    }
    /* Every captured server frame, in order, is what we sent. */
    for (i = 0; i < n; i++) {
        uint8_t want[64];
        size_t wn;
        if (fr[i].dir != 'S') {
            continue;
        }
        ck_assert_msg(k < s->nframes, "no frame for line %d", fr[i].line);
        if (fr[i].line == 87) {
            expected_disc_ua(&fr[i], want, &wn);
            tu_assert_bytes(s->log + s->frame_at[k], frame_len(s, k), want, wn);
        } else {
            ck_assert_msg(frame_len(s, k) == fr[i].len &&
                              memcmp(s->log + s->frame_at[k], fr[i].bytes, fr[i].len) == 0,
                          "line %d differs: %s", fr[i].line,
                          tu_hexstr(s->log + s->frame_at[k], frame_len(s, k)));
        }
        k++;
    }
    ck_assert_uint_eq(s->nframes, k);
    /* Every request was delivered once, the last one being the RLRQ. */
    ck_assert_int_eq(s->n_data, 12);
    tu_assert_bytes(s->rx, s->rx_len, reqs[11].p, reqs[11].n);
    ck_assert_int_eq(s->n_conn, 1);
    ck_assert_int_eq(s->n_disc, 1);
    ck_assert_int_eq(s->reason, COSEM_HDLC_REASON_PEER);
    ck_assert_int_eq(cosem_hdlc_state(&s->h), COSEM_HDLC_DISCONNECTED);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->frames_ok, 41);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->frames_sent, 41);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->duplicates, 0);
    node_free(s);
    tu_vec_free(fr, n);
}

START_TEST(replay_secondary_frames)
{
    replay_secondary(0);
}
END_TEST

START_TEST(replay_secondary_one_call)
{
    replay_secondary(SIZE_MAX);
}
END_TEST

START_TEST(replay_secondary_chunks)
{
    static const size_t chunks[] = {1, 2, 3, 7, 64, 1000};
    replay_secondary(chunks[_i]);
}
END_TEST

START_TEST(replay_primary)
{
    /* Our primary, given the client's APDUs, sends the captured client
     * frames (SNRM without parameters, I-frames, RR between segments,
     * DISC) when fed the captured server frames. */
    tu_frame_t fr[MAXF];
    size_t n = tu_vec_load(CAP, fr, MAXF), i, k = 0;
    static uint8_t store[65536];
    cosem_hdlc_config_t cfg = base_cfg(COSEM_HDLC_PRIMARY);
    node_t *c = node_new(&cfg);
    c->n_replies = capture_apdus(fr, n, 'C', llc_req, store, c->replies);
    c->disconnect_after = true;
    ck_assert_int_eq(cosem_hdlc_connect(&c->h, g_clock), COSEM_OK);
    for (i = 0; i < n; i++) {
        if (fr[i].dir == 'S') {
            feed(c, fr[i].bytes, fr[i].len);
            continue;
        }
        ck_assert_msg(k < c->nframes, "nothing sent for line %d", fr[i].line);
        ck_assert_msg(frame_len(c, k) == fr[i].len &&
                          memcmp(c->log + c->frame_at[k], fr[i].bytes, fr[i].len) == 0,
                      "line %d differs: %s", fr[i].line,
                      tu_hexstr(c->log + c->frame_at[k], frame_len(c, k)));
        k++;
    }
    ck_assert_uint_eq(c->nframes, k);
    ck_assert_int_eq(c->n_data, 12);
    ck_assert_int_eq(c->n_disc, 1);
    ck_assert_int_eq(c->reason, COSEM_HDLC_REASON_LOCAL);
    node_free(c);
    tu_vec_free(fr, n);
}
END_TEST

/* ======================================================================= */
/* Primary <-> secondary in memory.                                          */

/* Runs connect (when needed), one request and one answer for ms of fake
 * time, and checks both arrived whole, once. */
static void exchange_run(link_t *l, size_t req_n, size_t resp_n, uint32_t ms)
{
    uint8_t *req = pattern(req_n, 1), *resp = pattern(resp_n, 2);
    l->a->replies[0].p = req;
    l->a->replies[0].n = req_n;
    l->a->n_replies = 1;
    l->a->next_reply = 0;
    l->b->replies[0].p = resp;
    l->b->replies[0].n = resp_n;
    l->b->n_replies = 1;
    l->b->next_reply = 0;
    l->a->n_data = l->b->n_data = 0;
    if (cosem_hdlc_state(&l->a->h) == COSEM_HDLC_DISCONNECTED) {
        ck_assert_int_eq(cosem_hdlc_connect(&l->a->h, g_clock), COSEM_OK);
    } else {
        node_next(l->a);
    }
    run(l, ms);
    ck_assert_int_eq(l->b->n_data, 1);
    tu_assert_bytes(l->b->rx, l->b->rx_len, req, req_n);
    ck_assert_int_eq(l->a->n_data, 1);
    tu_assert_bytes(l->a->rx, l->a->rx_len, resp, resp_n);
    /* The request is acknowledged (by the answer's N(R)); the answer's last
     * frame only by the client's next frame. */
    ck_assert(!cosem_hdlc_tx_busy(&l->a->h));
    l->a->replies[0].p = NULL;
    l->b->replies[0].p = NULL;
    free(req);
    free(resp);
}

/* The same within 100 ms (no loss: no timer needed). */
static void exchange(link_t *l, size_t req_n, size_t resp_n)
{
    exchange_run(l, req_n, resp_n, 100);
}

/* Makes a connected-ready pair with the given parameters. */
static link_t make_link(cosem_hdlc_params_t cp, cosem_hdlc_params_t sp)
{
    link_t l;
    cosem_hdlc_config_t ca = base_cfg(COSEM_HDLC_PRIMARY), cb = base_cfg(COSEM_HDLC_SECONDARY);
    memset(&l, 0, sizeof l);
    ca.params = cp;
    cb.params = sp;
    l.a = node_new(&ca);
    l.b = node_new(&cb);
    return l;
}

static void free_link(link_t *l)
{
    node_free(l->a);
    node_free(l->b);
}

/* Counts I-frames in a node's log. */
static size_t count_kind(const node_t *d, cosem_hdlc_kind_t kind)
{
    size_t i, c = 0;
    for (i = 0; i < d->nframes; i++) {
        if (cosem_hdlc_ctrl_kind(frame_of(d, i).control) == kind) {
            c++;
        }
    }
    return c;
}

START_TEST(connect_defaults_no_field)
{
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    cosem_hdlc_frame_t f;
    exchange(&l, 10, 10);
    f = frame_of(l.a, 0); /* SNRM without parameter field */
    ck_assert_uint_eq(f.control, 0x93);
    ck_assert_uint_eq(f.info_len, 0);
    f = frame_of(l.b, 0); /* UA with the defaults */
    ck_assert_uint_eq(f.control, 0x73);
    ck_assert_uint_eq(f.info_len, 21);
    ck_assert_uint_eq(l.a->conn_params.max_info_tx, 128);
    ck_assert_uint_eq(l.b->conn_params.window_rx, 1);
    ck_assert_int_eq(cosem_hdlc_state(&l.a->h), COSEM_HDLC_CONNECTED);
    ck_assert_int_eq(cosem_hdlc_state(&l.b->h), COSEM_HDLC_CONNECTED);
    ck_assert_uint_eq(cosem_hdlc_peer(&l.b->h)->upper, 0x10);
    free_link(&l);
}
END_TEST

START_TEST(connect_with_params)
{
    /* Client proposes 2030/512, windows 7/3; server supports 1024 both, 7/7. */
    cosem_hdlc_params_t cp = {2030, 512, 7, 3}, sp = {1024, 1024, 7, 7};
    link_t l = make_link(cp, sp);
    cosem_hdlc_params_t offer;
    cosem_hdlc_frame_t f;
    exchange(&l, 3000, 3000);
    f = frame_of(l.a, 0);
    ck_assert_uint_gt(f.info_len, 0);
    ck_assert_int_eq(cosem_hdlc_params_decode(f.info, f.info_len, &offer), COSEM_OK);
    ck_assert_mem_eq(&offer, &cp, sizeof cp);
    /* Server's view: tx = min(client rx 512, 1024), rx = min(client tx 2030, 1024). */
    ck_assert_uint_eq(cosem_hdlc_params(&l.b->h)->max_info_tx, 512);
    ck_assert_uint_eq(cosem_hdlc_params(&l.b->h)->max_info_rx, 1024);
    ck_assert_uint_eq(cosem_hdlc_params(&l.b->h)->window_tx, 3);
    ck_assert_uint_eq(cosem_hdlc_params(&l.b->h)->window_rx, 7);
    /* Client's view is the mirror. */
    ck_assert_uint_eq(cosem_hdlc_params(&l.a->h)->max_info_tx, 1024);
    ck_assert_uint_eq(cosem_hdlc_params(&l.a->h)->max_info_rx, 512);
    ck_assert_uint_eq(cosem_hdlc_params(&l.a->h)->window_tx, 7);
    ck_assert_uint_eq(cosem_hdlc_params(&l.a->h)->window_rx, 3);
    free_link(&l);
}
END_TEST

/* Matrix: window 1 and 7, info 128/512/2030, MSDUs spanning many frames. */
static const struct {
    uint16_t info;
    uint8_t win;
} matrix[] = {{128, 1}, {128, 7}, {512, 1}, {512, 7}, {2030, 1}, {2030, 7}};

START_TEST(exchange_matrix)
{
    cosem_hdlc_params_t p = {matrix[_i].info, matrix[_i].info, matrix[_i].win, matrix[_i].win};
    link_t l = make_link(p, p);
    size_t req = 9000, resp = 12000, seg = matrix[_i].info;
    size_t iframes_a, iframes_b, rr_a, rr_b;
    exchange(&l, req, resp);
    iframes_a = count_kind(l.a, COSEM_HDLC_KIND_I);
    iframes_b = count_kind(l.b, COSEM_HDLC_KIND_I);
    rr_a = count_kind(l.a, COSEM_HDLC_KIND_RR);
    rr_b = count_kind(l.b, COSEM_HDLC_KIND_RR);
    /* Exactly ceil((n + LLC) / info) I-frames each way: no retransmission. */
    ck_assert_uint_eq(iframes_a, (req + 3 + seg - 1) / seg);
    ck_assert_uint_eq(iframes_b, (resp + 3 + seg - 1) / seg);
    /* One RR per window each way (the last window is answered with data). */
    ck_assert_uint_eq(rr_b, (iframes_a - 1) / matrix[_i].win);
    ck_assert_uint_eq(rr_a, (iframes_b - 1) / matrix[_i].win);
    ck_assert_uint_eq(cosem_hdlc_counters(&l.a->h)->retransmissions, 0);
    ck_assert_uint_eq(cosem_hdlc_counters(&l.b->h)->retransmissions, 0);
    /* Every full I-frame carries exactly the agreed maximum. */
    ck_assert_uint_eq(frame_of(l.a, 1).info_len, seg);
    /* A second exchange on the same link, sequence numbers continuing. */
    exchange(&l, 1, 5000);
    exchange(&l, 5000, 1);
    free_link(&l);
}
END_TEST

START_TEST(window_pf_bits)
{
    /* Window 3: P/F set on every third I-frame and on the last one. */
    cosem_hdlc_params_t p = {128, 128, 3, 3};
    link_t l = make_link(p, p);
    size_t i, k = 0;
    exchange(&l, 128 * 7, 10);
    for (i = 0; i < l.a->nframes; i++) {
        cosem_hdlc_frame_t f = frame_of(l.a, i);
        if (cosem_hdlc_ctrl_kind(f.control) == COSEM_HDLC_KIND_I) {
            bool last = !f.segmented;
            ck_assert_uint_eq(COSEM_HDLC_CTRL_NS(f.control), k & 7);
            ck_assert_uint_eq(COSEM_HDLC_CTRL_PF(f.control), (k % 3 == 2) || last);
            k++;
        }
    }
    ck_assert_uint_eq(k, 8); /* 899 octets / 128 */
    free_link(&l);
}
END_TEST

START_TEST(lost_frame_every_position)
{
    /* Drop frame k (either direction) of a full exchange: the timers and
     * N(R) recover it and the MSDUs arrive whole, exactly once. */
    cosem_hdlc_params_t p = {128, 128, matrix[_i].win, matrix[_i].win};
    size_t k;
    for (k = 0; k < 40; k++) {
        link_t l = make_link(p, p);
        l.mode = FAULT_DROP_FRAME;
        l.target = k;
        exchange_run(&l, 700, 900, 3000);
        ck_assert_int_eq(l.b->n_data, 1);
        ck_assert_int_eq(l.a->n_data, 1);
        if (l.hit) { /* recovered by a timeout or by N(R) showing the gap */
            ck_assert_uint_gt(cosem_hdlc_counters(&l.a->h)->timeouts +
                                  cosem_hdlc_counters(&l.a->h)->retransmissions +
                                  cosem_hdlc_counters(&l.b->h)->retransmissions,
                              0);
        }
        free_link(&l);
    }
}
END_TEST

START_TEST(corrupted_frame_every_position)
{
    cosem_hdlc_params_t p = {128, 128, matrix[_i].win, matrix[_i].win};
    size_t k;
    for (k = 0; k < 40; k++) {
        link_t l = make_link(p, p);
        const cosem_hdlc_counters_t *ca, *cb;
        l.mode = FAULT_FLIP_FRAME;
        l.target = k;
        exchange_run(&l, 700, 900, 3000);
        ck_assert_int_eq(l.b->n_data, 1);
        ck_assert_int_eq(l.a->n_data, 1);
        ca = cosem_hdlc_counters(&l.a->h);
        cb = cosem_hdlc_counters(&l.b->h);
        if (l.hit) {
            ck_assert_uint_eq(ca->fcs_errors + ca->hcs_errors + cb->fcs_errors + cb->hcs_errors,
                              1);
        }
        free_link(&l);
    }
}
END_TEST

START_TEST(duplicate_iframe_not_delivered_twice)
{
    cosem_hdlc_addr_t srv = {1, 0, 1}, cli = {0x10, 0, 1};
    node_t *s;
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    static const uint8_t req[] = {0xE6, 0xE6, 0x00, 0xC0, 0x01, 0xC1};
    static const uint8_t resp[] = {0xC4, 0x01, 0xC1, 0x00, 0x11, 0x05};
    cosem_hdlc_frame_t f;
    s = node_new(&c);
    s->replies[0].p = resp;
    s->replies[0].n = sizeof resp;
    s->n_replies = 1;
    feed_frame(s, srv, cli, 0x93, false, NULL, 0);
    feed_frame(s, srv, cli, COSEM_HDLC_CTRL_I(0, 0, 1), false, req, sizeof req);
    ck_assert_int_eq(s->n_data, 1);
    ck_assert_uint_eq(s->nframes, 2); /* UA, the answer */
    /* The answer was lost: the client repeats its I-frame (same N(S), N(R)=0). */
    feed_frame(s, srv, cli, COSEM_HDLC_CTRL_I(0, 0, 1), false, req, sizeof req);
    ck_assert_int_eq(s->n_data, 1);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->duplicates, 1);
    ck_assert_uint_eq(s->nframes, 3);
    f = frame_of(s, 2); /* the answer again, same N(S) */
    ck_assert_uint_eq(f.control, COSEM_HDLC_CTRL_I(0, 1, 1));
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->retransmissions, 1);
    /* Now acknowledged: a repeated I-frame gets RR. */
    feed_frame(s, srv, cli, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 1, 1), false, NULL, 0);
    f = frame_of(s, 3);
    ck_assert_uint_eq(f.control, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 1, 1));
    feed_frame(s, srv, cli, COSEM_HDLC_CTRL_I(0, 1, 1), false, req, sizeof req);
    ck_assert_int_eq(s->n_data, 1);
    f = frame_of(s, 4);
    ck_assert_uint_eq(f.control, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 1, 1));
    node_free(s);
}
END_TEST

START_TEST(primary_duplicate_answer)
{
    /* The secondary repeats its answer: the primary delivers it once. */
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    exchange(&l, 20, 20);
    feed(l.a, l.b->log + l.b->frame_at[1], frame_len(l.b, 1));
    ck_assert_int_eq(l.a->n_data, 1);
    ck_assert_uint_eq(cosem_hdlc_counters(&l.a->h)->duplicates, 1);
    free_link(&l);
}
END_TEST

START_TEST(inactivity_timeout)
{
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    cosem_hdlc_addr_t srv = {1, 0, 1}, cli = {0x10, 0, 1};
    exchange(&l, 20, 20);
    /* The secondary drops the link after 120 s without a frame. */
    g_clock = l.b->h.t_rx + 119999; /* white box: time of the last frame */
    ck_assert_int_eq(cosem_hdlc_poll(&l.b->h, g_clock), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_state(&l.b->h), COSEM_HDLC_CONNECTED);
    g_clock += 1;
    ck_assert_int_eq(cosem_hdlc_poll(&l.b->h, g_clock), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_state(&l.b->h), COSEM_HDLC_DISCONNECTED);
    ck_assert_int_eq(l.b->reason, COSEM_HDLC_REASON_INACTIVITY);
    ck_assert_uint_eq(cosem_hdlc_counters(&l.b->h)->inactivity, 1);
    /* An I-frame now gets DM. */
    feed_frame(l.b, srv, cli, COSEM_HDLC_CTRL_I(1, 1, 1), false, (const uint8_t *)"\xE6\xE6\x00\x01",
               4);
    ck_assert_uint_eq(frame_of(l.b, l.b->nframes - 1).control, 0x1F);
    free_link(&l);
}
END_TEST

START_TEST(inter_frame_timeout)
{
    /* Half a SNRM, silence, then a whole SNRM: the half is discarded and
     * the whole one answered. CAP line 6. */
    static const char snrm[] = "7E A0 07 03 21 93 0F 01 7E";
    uint8_t b[16];
    size_t n = tu_hex(snrm, b, sizeof b);
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    node_t *s = node_new(&c);
    feed(s, b, 4);
    g_clock += 60; /* > 50 ms */
    ck_assert_int_eq(cosem_hdlc_poll(&s->h, g_clock), COSEM_OK);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->partial_discarded, 1);
    feed(s, b, n);
    ck_assert_uint_eq(s->nframes, 1);
    ck_assert_uint_eq(frame_of(s, 0).control, 0x73);
    /* The same without poll(): the gap is seen when the next bytes come. */
    feed(s, b, 5);
    g_clock += 51;
    feed(s, b, n);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->partial_discarded, 2);
    ck_assert_uint_eq(s->nframes, 2);
    /* Within the timeout the halves join. */
    feed(s, b, 5);
    g_clock += 49;
    feed(s, b + 5, n - 5);
    ck_assert_uint_eq(s->nframes, 3);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->partial_discarded, 2);
    node_free(s);
}
END_TEST

START_TEST(disc_and_dm)
{
    cosem_hdlc_addr_t srv = {1, 0, 1}, cli = {0x10, 0, 1};
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    node_t *s = node_new(&c);
    /* Disconnected: DISC -> DM, I -> DM, RR -> DM; nothing without P. */
    feed_frame(s, srv, cli, 0x53, false, NULL, 0);
    feed_frame(s, srv, cli, COSEM_HDLC_CTRL_I(0, 0, 1), false, llc_req, 3);
    feed_frame(s, srv, cli, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 0, 1), false, NULL, 0);
    feed_frame(s, srv, cli, COSEM_HDLC_CTRL_I(0, 0, 0), false, llc_req, 3);
    ck_assert_uint_eq(s->nframes, 3);
    ck_assert_uint_eq(frame_of(s, 0).control, 0x1F);
    ck_assert_uint_eq(frame_of(s, 1).control, 0x1F);
    ck_assert_uint_eq(frame_of(s, 2).control, 0x1F);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->dm_sent, 3);
    ck_assert_int_eq(s->n_data, 0);
    /* Connected: DISC -> UA without information field, DISCONNECTED. */
    feed_frame(s, srv, cli, 0x93, false, NULL, 0);
    feed_frame(s, srv, cli, 0x53, false, NULL, 0);
    ck_assert_uint_eq(frame_of(s, 4).control, 0x73);
    ck_assert_uint_eq(frame_of(s, 4).info_len, 0);
    ck_assert_int_eq(s->n_disc, 1);
    ck_assert_int_eq(s->reason, COSEM_HDLC_REASON_PEER);
    /* DISC from another client while connected: DM, link stays. */
    feed_frame(s, srv, cli, 0x93, false, NULL, 0);
    cli.upper = 0x01;
    feed_frame(s, srv, cli, 0x53, false, NULL, 0);
    ck_assert_uint_eq(frame_of(s, 6).control, 0x1F);
    ck_assert_int_eq(cosem_hdlc_state(&s->h), COSEM_HDLC_CONNECTED);
    node_free(s);
}
END_TEST

START_TEST(primary_disconnect_and_refused)
{
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    exchange(&l, 20, 20);
    ck_assert_int_eq(cosem_hdlc_disconnect(&l.a->h, g_clock), COSEM_OK);
    run(&l, 50);
    ck_assert_int_eq(l.a->reason, COSEM_HDLC_REASON_LOCAL);
    ck_assert_int_eq(l.b->reason, COSEM_HDLC_REASON_PEER);
    ck_assert_int_eq(cosem_hdlc_disconnect(&l.a->h, g_clock), COSEM_E_STATE);
    /* DISC again answered by DM: also LOCAL. */
    l.a->h.state = COSEM_HDLC_CONNECTED; /* pretend a stale link */
    ck_assert_int_eq(cosem_hdlc_disconnect(&l.a->h, g_clock), COSEM_OK);
    run(&l, 50);
    ck_assert_uint_eq(frame_of(l.b, l.b->nframes - 1).control, 0x1F);
    ck_assert_int_eq(l.a->reason, COSEM_HDLC_REASON_LOCAL);
    free_link(&l);
}
END_TEST

START_TEST(refused_parameters)
{
    /* A SNRM proposing a receive size below 32 is answered with DM; the
     * primary reports REFUSED. */
    cosem_hdlc_addr_t srv = {1, 0, 1}, cli = {0x10, 0, 1};
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    node_t *s = node_new(&c);
    uint8_t p[32];
    size_t n = tu_hex("81 80 06 06 01 10 08 01 01", p, sizeof p);
    feed_frame(s, srv, cli, 0x93, false, p, n);
    ck_assert_uint_eq(frame_of(s, 0).control, 0x1F);
    ck_assert_int_eq(s->n_conn, 0);
    /* A malformed field: DM too. */
    n = tu_hex("81 80 09 06 01", p, sizeof p);
    feed_frame(s, srv, cli, 0x93, false, p, n);
    ck_assert_uint_eq(frame_of(s, 1).control, 0x1F);
    node_free(s);
    {
        cosem_hdlc_config_t ca = base_cfg(COSEM_HDLC_PRIMARY);
        node_t *a = node_new(&ca);
        ck_assert_int_eq(cosem_hdlc_connect(&a->h, g_clock), COSEM_OK);
        ck_assert_int_eq(cosem_hdlc_connect(&a->h, g_clock), COSEM_E_STATE);
        feed_frame(a, cli, srv, 0x1F, false, NULL, 0);
        ck_assert_int_eq(a->reason, COSEM_HDLC_REASON_REFUSED);
        ck_assert_int_eq(cosem_hdlc_state(&a->h), COSEM_HDLC_DISCONNECTED);
        /* A UA whose parameters are below the minimum: refused too. */
        ck_assert_int_eq(cosem_hdlc_connect(&a->h, g_clock), COSEM_OK);
        n = tu_hex("81 80 03 05 01 10", p, sizeof p);
        feed_frame(a, cli, srv, 0x73, false, p, n);
        ck_assert_int_eq(a->n_disc, 2);
        ck_assert_int_eq(a->reason, COSEM_HDLC_REASON_REFUSED);
        node_free(a);
    }
}
END_TEST

START_TEST(primary_gives_up)
{
    cosem_hdlc_config_t ca = base_cfg(COSEM_HDLC_PRIMARY);
    node_t *a = node_new(&ca);
    int i;
    ck_assert_int_eq(cosem_hdlc_connect(&a->h, g_clock), COSEM_OK);
    for (i = 0; i < 200; i++) {
        g_clock += 10;
        cosem_hdlc_poll(&a->h, g_clock);
    }
    /* SNRM + 3 retries, then NO_RESPONSE. */
    ck_assert_uint_eq(a->nframes, 4);
    ck_assert_uint_eq(frame_of(a, 3).control, 0x93);
    ck_assert_uint_eq(cosem_hdlc_counters(&a->h)->timeouts, 4);
    ck_assert_int_eq(a->reason, COSEM_HDLC_REASON_NO_RESPONSE);
    ck_assert_int_eq(cosem_hdlc_state(&a->h), COSEM_HDLC_DISCONNECTED);
    node_free(a);
}
END_TEST

START_TEST(other_station_ignored)
{
    cosem_hdlc_addr_t other = {2, 0, 1}, cli = {0x10, 0, 1}, srv = {1, 0, 1};
    cosem_hdlc_addr_t srv2 = {1, 5, 2}, srv4 = {1, 5, 4};
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    node_t *s = node_new(&c);
    feed_frame(s, other, cli, 0x93, false, NULL, 0);
    feed_frame(s, srv2, cli, 0x93, false, NULL, 0);
    feed_frame(s, srv4, cli, 0x93, false, NULL, 0);
    ck_assert_uint_eq(s->nframes, 0);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->other_station, 3);
    /* A source address longer than one octet is no client. */
    feed_frame(s, srv, srv2, 0x93, false, NULL, 0);
    ck_assert_uint_eq(s->nframes, 0);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->address_errors, 1);
    /* The primary ignores frames from other servers or to other clients. */
    {
        cosem_hdlc_config_t ca = base_cfg(COSEM_HDLC_PRIMARY);
        node_t *a = node_new(&ca);
        cosem_hdlc_addr_t cli2 = {0x11, 0, 1};
        ck_assert_int_eq(cosem_hdlc_connect(&a->h, g_clock), COSEM_OK);
        feed_frame(a, cli, other, 0x73, false, NULL, 0);
        feed_frame(a, cli2, srv, 0x73, false, NULL, 0);
        ck_assert_int_eq(a->n_conn, 0);
        ck_assert_uint_eq(cosem_hdlc_counters(&a->h)->other_station, 2);
        feed_frame(a, cli, srv, 0x73, false, NULL, 0);
        ck_assert_int_eq(a->n_conn, 1);
        node_free(a);
    }
    node_free(s);
}
END_TEST

START_TEST(server_address_forms)
{
    /* 1-, 2- and 4-octet server addresses (the 4-octet one as RS-485
     * multi-drop meters use: upper 1, lower 0x1234). */
    static const cosem_hdlc_addr_t forms[] = {{1, 0, 1}, {1, 0x11, 2}, {1, 0x1234, 4},
                                              {0x3FFD, 0x3FFD, 4}};
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    node_free(l.a);
    node_free(l.b);
    {
        cosem_hdlc_config_t ca = base_cfg(COSEM_HDLC_PRIMARY), cb = base_cfg(COSEM_HDLC_SECONDARY);
        ca.peer = forms[_i];
        cb.local = forms[_i];
        l.a = node_new(&ca);
        l.b = node_new(&cb);
    }
    exchange(&l, 300, 300);
    ck_assert_uint_eq(frame_of(l.a, 0).dst.len, forms[_i].len);
    ck_assert_uint_eq(frame_of(l.b, 0).src.lower, forms[_i].lower);
    free_link(&l);
}
END_TEST

START_TEST(broadcast_ui)
{
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    cosem_hdlc_addr_t all = {COSEM_HDLC_ALL_STATION, 0, 1};
    static const uint8_t apdu[] = {0xC1, 0x01, 0x81, 0x00, 0x08};
    cosem_hdlc_frame_t f;
    /* Disconnected secondary, broadcast UI: delivered, flagged, no answer. */
    ck_assert_int_eq(cosem_hdlc_send_ui(&l.a->h, &all, apdu, sizeof apdu, g_clock), COSEM_OK);
    f = frame_of(l.a, 0);
    ck_assert_uint_eq(f.control, 0x03);
    ck_assert_uint_eq(f.dst.upper, 0x7F);
    ck_assert_mem_eq(f.info, "\xE6\xE6\x00\xC1", 4);
    pump(&l);
    ck_assert_int_eq(l.b->n_data, 1);
    ck_assert(l.b->rx_bcast);
    ck_assert(l.b->rx_ui);
    tu_assert_bytes(l.b->rx, l.b->rx_len, apdu, sizeof apdu);
    ck_assert_uint_eq(l.b->nframes, 0);
    /* Broadcast SNRM is not answered either (and does not connect). */
    feed_frame(l.b, all, l.a->cfg.local, 0x93, false, NULL, 0);
    ck_assert_uint_eq(l.b->nframes, 0);
    ck_assert_int_eq(cosem_hdlc_state(&l.b->h), COSEM_HDLC_DISCONNECTED);
    /* 4-octet form: all-station upper and lower 0x3FFF. */
    {
        cosem_hdlc_config_t cb = base_cfg(COSEM_HDLC_SECONDARY);
        cosem_hdlc_addr_t all4 = {0x3FFF, 0x3FFF, 4};
        node_t *s;
        cb.local.len = 4;
        cb.local.lower = 0x20;
        s = node_new(&cb);
        feed_frame(s, all4, l.a->cfg.local, 0x03, false, f.info, f.info_len);
        ck_assert_int_eq(s->n_data, 1);
        ck_assert(s->rx_bcast);
        ck_assert_uint_eq(s->nframes, 0);
        node_free(s);
    }
    /* UI to the station itself (P = 0): delivered as unnumbered, no answer. */
    ck_assert_int_eq(cosem_hdlc_send_ui(&l.a->h, NULL, apdu, sizeof apdu, g_clock), COSEM_OK);
    pump(&l);
    ck_assert_int_eq(l.b->n_data, 2);
    ck_assert(!l.b->rx_bcast);
    ck_assert(l.b->rx_ui);
    ck_assert_uint_eq(l.b->nframes, 0);
    /* Too long for one frame. */
    {
        static uint8_t big[200];
        ck_assert_int_eq(cosem_hdlc_send_ui(&l.a->h, NULL, big, 126, g_clock), COSEM_E_NOSPACE);
        ck_assert_int_eq(cosem_hdlc_send_ui(&l.a->h, NULL, big, 125, g_clock), COSEM_OK);
    }
    /* The secondary's unsolicited UI (a push, GuruxDLMS.c's server sends
     * its data-notifications so): F = 1 (control 13), response LLC
     * E6 E7 00, to the client given; delivered to the primary as a UI.
     * Without a destination it needs a connected client. */
    ck_assert_int_eq(cosem_hdlc_send_ui(&l.b->h, NULL, apdu, sizeof apdu, g_clock), COSEM_E_ARG);
    {
        size_t before = l.a->n_data;
        ck_assert_int_eq(cosem_hdlc_send_ui(&l.b->h, &l.a->cfg.local, apdu, sizeof apdu, g_clock),
                         COSEM_OK);
        f = frame_of(l.b, l.b->nframes - 1u);
        ck_assert_uint_eq(f.control, 0x13);
        ck_assert_uint_eq(f.dst.upper, l.a->cfg.local.upper);
        ck_assert_mem_eq(f.info, "\xE6\xE7\x00\xC1", 4);
        pump(&l);
        ck_assert_int_eq(l.a->n_data, (int)before + 1);
        ck_assert(l.a->rx_ui);
        tu_assert_bytes(l.a->rx, l.a->rx_len, apdu, sizeof apdu);
    }
    free_link(&l);
}
END_TEST

/* Connects a lone secondary with a SNRM from the public client. */
static node_t *connected_server(cosem_hdlc_config_t c)
{
    cosem_hdlc_addr_t cli = {0x10, 0, 1};
    node_t *s = node_new(&c);
    feed_frame(s, c.local, cli, 0x93, false, NULL, 0);
    ck_assert_int_eq(cosem_hdlc_state(&s->h), COSEM_HDLC_CONNECTED);
    return s;
}

/* Issue #14 finding 8: an I-frame with the poll bit whose APDU gets no
 * answer (unconfirmed) is held until cosem_hdlc_send_none() gives RR. */
START_TEST(send_none_answers_poll)
{
    static const uint8_t info[] = {0xE6, 0xE6, 0x00, 0xC0, 0x01, 0x01, 0x00};
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    node_t *s = connected_server(c);
    size_t before;
    s->defer = true;
    before = s->nframes;
    feed_frame(s, c.local, (cosem_hdlc_addr_t){0x10, 0, 1}, 0x10, false, info, sizeof info);
    ck_assert_int_eq(s->n_data, 1);
    ck_assert_uint_eq(s->nframes, before); /* held for an answer */
    ck_assert_int_eq(cosem_hdlc_send_none(&s->h, g_clock), COSEM_OK);
    ck_assert_uint_eq(s->nframes, before + 1u);
    ck_assert_uint_eq(frame_of(s, before).control, 0x31); /* RR, N(R) 1, F */
    ck_assert_int_eq(cosem_hdlc_send_none(NULL, g_clock), COSEM_E_ARG);
    node_free(s);
}
END_TEST

/* Issue #14 finding 2: a UI frame (to the station or to all) is delivered
 * with the address it came from, not the connected client's; an I-frame
 * with the connected client's. */
START_TEST(ui_carries_its_source)
{
    static const uint8_t info[] = {0xE6, 0xE6, 0x00, 0xC1, 0x01, 0x01, 0x00};
    cosem_hdlc_addr_t other = {0x21, 0, 1};
    cosem_hdlc_addr_t all = {COSEM_HDLC_ALL_STATION, 0, 1};
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    node_t *s = connected_server(c);
    feed_frame(s, c.local, other, 0x03, false, info, sizeof info);
    ck_assert_int_eq(s->n_data, 1);
    ck_assert(s->rx_ui);
    ck_assert_uint_eq(s->rx_peer.upper, 0x21);
    feed_frame(s, all, other, 0x03, false, info, sizeof info);
    ck_assert_int_eq(s->n_data, 2);
    ck_assert(s->rx_bcast);
    ck_assert_uint_eq(s->rx_peer.upper, 0x21);
    /* the connected client's I-frame: its own address */
    s->defer = true;
    feed_frame(s, c.local, (cosem_hdlc_addr_t){0x10, 0, 1}, 0x10, false, info, sizeof info);
    ck_assert_int_eq(s->n_data, 3);
    ck_assert(!s->rx_ui);
    ck_assert_uint_eq(s->rx_peer.upper, 0x10);
    node_free(s);
}
END_TEST

/* Asserts the last frame is FRMR with the given information field. */
static void assert_frmr(const node_t *s, uint8_t ctrl, uint8_t vsr, uint8_t why)
{
    cosem_hdlc_frame_t f = frame_of(s, s->nframes - 1);
    ck_assert_uint_eq(f.control, 0x97);
    ck_assert_uint_eq(f.info_len, 3);
    ck_assert_uint_eq(f.info[0], ctrl);
    ck_assert_uint_eq(f.info[1], vsr);
    ck_assert_uint_eq(f.info[2], why);
}

START_TEST(frmr_cases)
{
    cosem_hdlc_addr_t cli = {0x10, 0, 1};
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    node_t *s = connected_server(c);
    static uint8_t big[1200];
    memset(big, 0xE6, sizeof big);
    /* Undefined control (REJ) with P: FRMR W. */
    feed_frame(s, c.local, cli, 0x19, false, NULL, 0);
    assert_frmr(s, 0x19, 0x00, 0x01);
    /* In the FRMR condition every command with P gets FRMR again ... */
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 0, 1), false, NULL, 0);
    assert_frmr(s, 0x19, 0x00, 0x01);
    ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->frmr_sent, 2);
    /* ... until SNRM. */
    feed_frame(s, c.local, cli, 0x93, false, NULL, 0);
    ck_assert_uint_eq(frame_of(s, s->nframes - 1).control, 0x73);
    /* RR with an information field: W and X. */
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 0, 1), false, big, 4);
    assert_frmr(s, 0x11, 0x00, 0x03);
    feed_frame(s, c.local, cli, 0x93, false, NULL, 0);
    /* Information field longer than agreed (129 > 128): Y. */
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_I(0, 0, 1), false, big, 129);
    assert_frmr(s, 0x10, 0x00, 0x04);
    feed_frame(s, c.local, cli, 0x93, false, NULL, 0);
    /* Longer than the station's buffer (streamed through, FCS checked): Y. */
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_I(0, 0, 1), false, big, 1100);
    assert_frmr(s, 0x10, 0x00, 0x04);
    feed_frame(s, c.local, cli, 0x93, false, NULL, 0);
    {
        /* The same with an octet past the buffer corrupted, fed whole (the
         * run path) and octet by octet: dropped on its FCS, no answer. */
        static uint8_t b[1200];
        cosem_axdr_writer_t w;
        cosem_hdlc_frame_t f;
        size_t nf, before = s->nframes, k;
        uint32_t fcs = cosem_hdlc_counters(&s->h)->fcs_errors;
        memset(&f, 0, sizeof f);
        f.dst = c.local;
        f.src = cli;
        f.control = COSEM_HDLC_CTRL_I(0, 0, 1);
        f.info = big;
        f.info_len = 1100;
        cosem_axdr_writer_init(&w, b, sizeof b);
        ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_OK);
        nf = cosem_axdr_writer_len(&w);
        b[nf - 10] ^= 0x01;
        feed(s, b, nf);
        for (k = 0; k < nf; k++) {
            feed(s, b + k, 1);
        }
        ck_assert_uint_eq(s->nframes, before);
        ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->fcs_errors, fcs + 2);
    }
    /* N(R) acknowledging a frame never sent: Z. */
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_I(0, 3, 1), false, llc_req, 3);
    assert_frmr(s, 0x70, 0x00, 0x08);
    /* A response (UA) as command: W. */
    feed_frame(s, c.local, cli, 0x93, false, NULL, 0);
    feed_frame(s, c.local, cli, 0x73, false, NULL, 0);
    assert_frmr(s, 0x73, 0x00, 0x01);
    /* DISC clears the condition too. */
    feed_frame(s, c.local, cli, 0x53, false, NULL, 0);
    ck_assert_uint_eq(frame_of(s, s->nframes - 1).control, 0x73);
    ck_assert_int_eq(s->n_data, 0);
    node_free(s);
}
END_TEST

START_TEST(primary_edge_frames)
{
    /* DM while connected, RNR then RR, UI from the server, a frame longer
     * than agreed, an undefined control and an impossible N(R). */
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    cosem_hdlc_addr_t cli = {0x10, 0, 1}, srv = {1, 0, 1};
    static uint8_t big[300];
    const cosem_hdlc_counters_t *ca = cosem_hdlc_counters(&l.a->h);
    size_t before;
    exchange(&l, 10, 10);
    /* UI from the server (LLC E6 E7 00) is delivered as unnumbered. */
    feed_frame(l.a, cli, srv, 0x13, false, (const uint8_t *)"\xE6\xE7\x00\x0F\x01", 5);
    ck_assert_int_eq(l.a->n_data, 2);
    ck_assert(l.a->rx_ui);
    ck_assert_uint_eq(l.a->rx_len, 2);
    /* Wrong LLC on a UI: dropped, counted. */
    feed_frame(l.a, cli, srv, 0x13, false, (const uint8_t *)"\xE6\xE6\x00\x0F", 4);
    ck_assert_int_eq(l.a->n_data, 2);
    ck_assert_uint_eq(ca->llc_errors, 1);
    /* Longer than the agreed 128: dropped, counted. */
    feed_frame(l.a, cli, srv, 0x13, false, big, 129);
    ck_assert_uint_eq(ca->length_errors, 1);
    /* Undefined control, commands and N(R) of frames never sent: ignored. */
    before = l.a->nframes;
    feed_frame(l.a, cli, srv, 0x19, false, NULL, 0);
    feed_frame(l.a, cli, srv, 0x93, false, NULL, 0);
    feed_frame(l.a, cli, srv, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 5, 1), false, NULL, 0);
    feed_frame(l.a, cli, srv, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 1, 1), false, big, 2);
    ck_assert_uint_eq(l.a->nframes, before);
    ck_assert_int_eq(cosem_hdlc_state(&l.a->h), COSEM_HDLC_CONNECTED);
    /* RNR in answer to a request: the client holds its I-frames and polls
     * again later; RR lets them go. */
    l.a->replies[0].p = big;
    l.a->replies[0].n = 200;
    l.a->next_reply = 0;
    node_next(l.a); /* first segment, N(S)=1 */
    feed_frame(l.a, cli, srv, COSEM_HDLC_CTRL_S(COSEM_HDLC_RNR, 2, 1), false, NULL, 0);
    before = l.a->nframes;
    g_clock += 310;
    cosem_hdlc_poll(&l.a->h, g_clock);
    ck_assert_uint_eq(l.a->nframes, before + 1); /* an RR poll, not the next I-frame */
    ck_assert_uint_eq(frame_of(l.a, before).control, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 1, 1));
    feed_frame(l.a, cli, srv, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 2, 1), false, NULL, 0);
    ck_assert_uint_eq(frame_of(l.a, before + 1).control, COSEM_HDLC_CTRL_I(2, 1, 1));
    /* DM while connected: the link is gone. */
    feed_frame(l.a, cli, srv, 0x1F, false, NULL, 0);
    ck_assert_int_eq(l.a->reason, COSEM_HDLC_REASON_DM);
    ck_assert_int_eq(cosem_hdlc_state(&l.a->h), COSEM_HDLC_DISCONNECTED);
    /* DM while disconnected: nothing. */
    feed_frame(l.a, cli, srv, 0x1F, false, NULL, 0);
    ck_assert_int_eq(l.a->n_disc, 1);
    free_link(&l);
}
END_TEST

START_TEST(secondary_edge_frames)
{
    cosem_hdlc_addr_t cli = {0x10, 0, 1};
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    node_t *s;
    static uint8_t big[1300];
    static const uint8_t resp[250] = {1};
    const cosem_hdlc_counters_t *cs;
    cosem_hdlc_frame_t f;
    c.max_msdu = 256;
    s = connected_server(c);
    cs = cosem_hdlc_counters(&s->h);
    memcpy(big, llc_req, 3);
    /* UI with P while connected: delivered, answered with RR. */
    feed_frame(s, c.local, cli, 0x13, false, big, 5);
    ck_assert_int_eq(s->n_data, 1);
    ck_assert_uint_eq(frame_of(s, s->nframes - 1).control, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 0, 1));
    /* UI with a wrong LLC, or longer than supported: dropped. */
    feed_frame(s, c.local, cli, 0x03, false, resp, 5);
    feed_frame(s, c.local, cli, 0x03, false, big, 129);
    ck_assert_int_eq(s->n_data, 1);
    ck_assert_uint_eq(cs->llc_errors, 1);
    /* An MSDU with a wrong LLC: acknowledged, dropped, counted. */
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_I(0, 0, 1), false, resp, 10);
    ck_assert_int_eq(s->n_data, 1);
    ck_assert_uint_eq(cs->llc_errors, 2);
    ck_assert_uint_eq(frame_of(s, s->nframes - 1).control, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 1, 1));
    /* An MSDU larger than max_msdu (256): acknowledged, dropped, counted. */
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_I(1, 0, 1), true, big, 128);
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_I(2, 0, 1), true, big, 128);
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_I(3, 0, 1), false, big, 10);
    ck_assert_int_eq(s->n_data, 1);
    ck_assert_uint_eq(cs->msdu_overflow, 1);
    ck_assert_uint_eq(frame_of(s, s->nframes - 1).control, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 4, 1));
    /* Then a good one, answered with 250 octets in two frames; the
     * client says RNR after the first: no I-frame until RR. */
    s->replies[0].p = resp;
    s->replies[0].n = sizeof resp;
    s->n_replies = 1;
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_I(4, 0, 1), false, big, 10);
    ck_assert_int_eq(s->n_data, 2);
    f = frame_of(s, s->nframes - 1);
    ck_assert_uint_eq(f.control, COSEM_HDLC_CTRL_I(0, 5, 1));
    ck_assert(f.segmented);
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_S(COSEM_HDLC_RNR, 1, 1), false, NULL, 0);
    ck_assert_uint_eq(frame_of(s, s->nframes - 1).control, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 5, 1));
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 1, 1), false, NULL, 0);
    ck_assert_uint_eq(frame_of(s, s->nframes - 1).control, COSEM_HDLC_CTRL_I(1, 5, 1));
    /* RR with an N(R) beyond what was sent: FRMR Z. */
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 6, 1), false, NULL, 0);
    assert_frmr(s, 0xD1, (uint8_t)(5 << 5 | 2 << 1), 0x08);
    /* A frame longer than the buffer with a bad FCS: counted, ignored. */
    {
        uint8_t b[1400];
        cosem_axdr_writer_t w;
        cosem_hdlc_frame_t g;
        memset(&g, 0, sizeof g);
        g.dst = c.local;
        g.src = cli;
        g.control = 0x10;
        g.info = big;
        g.info_len = 1200;
        cosem_axdr_writer_init(&w, b, sizeof b);
        ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &g), COSEM_OK);
        b[700] ^= 1;
        feed(s, b, cosem_axdr_writer_len(&w));
        ck_assert_uint_eq(cs->fcs_errors, 1);
    }
    /* A length field that fits no frame (header + HCS without info). */
    feed_hex_raw(s, "7E A0 08 03 21 10 00 00 00 7E");
    ck_assert_uint_eq(cs->length_errors, 1);
    /* Local disconnect of a secondary: DISCONNECTED (LOCAL), then DM. */
    ck_assert_int_eq(cosem_hdlc_disconnect(&s->h, g_clock), COSEM_OK);
    ck_assert_int_eq(s->reason, COSEM_HDLC_REASON_LOCAL);
    ck_assert_int_eq(cosem_hdlc_disconnect(&s->h, g_clock), COSEM_E_STATE);
    feed_frame(s, c.local, cli, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 0, 1), false, NULL, 0);
    ck_assert_uint_eq(frame_of(s, s->nframes - 1).control, 0x1F);
    node_free(s);
}
END_TEST

START_TEST(frmr_reaches_primary)
{
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    cosem_hdlc_addr_t cli = {0x10, 0, 1}, srv = {1, 0, 1};
    exchange(&l, 10, 10);
    feed_frame(l.a, cli, srv, 0x97, false, (const uint8_t *)"\x19\x00\x01", 3);
    ck_assert_int_eq(l.a->reason, COSEM_HDLC_REASON_FRMR);
    ck_assert_uint_eq(cosem_hdlc_counters(&l.a->h)->frmr_received, 1);
    /* A fresh connection works. */
    exchange(&l, 10, 10);
    free_link(&l);
}
END_TEST

START_TEST(deferred_answer)
{
    /* The application answers after the callback: the held poll is
     * answered when it calls send. */
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    uint8_t *resp = pattern(400, 9), *req = pattern(30, 3);
    exchange(&l, 10, 10);
    l.b->defer = true;
    l.a->replies[0].p = req;
    l.a->replies[0].n = 30;
    l.a->next_reply = 0;
    l.a->n_data = 0;
    node_next(l.a);
    pump(&l);
    ck_assert_int_eq(l.b->n_data, 2);
    ck_assert_uint_eq(l.b->nframes, 2); /* UA, first answer; nothing yet */
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, resp, 400, g_clock), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, resp, 400, g_clock), COSEM_E_WOULDBLOCK);
    run(&l, 100);
    ck_assert_int_eq(l.a->n_data, 1);
    tu_assert_bytes(l.a->rx, l.a->rx_len, resp, 400);
    /* Late answer after the client polled: RR first, then the answer on
     * the client's next (idle) poll. */
    l.a->next_reply = 0;
    l.a->n_data = 0;
    node_next(l.a);
    pump(&l);
    g_clock += 300;
    cosem_hdlc_poll(&l.a->h, g_clock); /* timeout: the client repeats its I-frame */
    pump(&l);
    ck_assert_uint_eq(frame_of(l.b, l.b->nframes - 1).control & 0x0F, 0x01); /* RR */
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, resp, 200, g_clock), COSEM_OK);
    run(&l, 400);
    ck_assert_int_eq(l.a->n_data, 1);
    tu_assert_bytes(l.a->rx, l.a->rx_len, resp, 200);
    ck_assert_int_eq(l.b->n_data, 3);
    free(req);
    free(resp);
    free_link(&l);
}
END_TEST

START_TEST(zero_copy_tx_buffer)
{
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    size_t cap = 0;
    uint8_t *buf, req[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    exchange(&l, 10, 10);
    l.b->defer = true;
    l.a->replies[0].p = req;
    l.a->replies[0].n = sizeof req;
    l.a->next_reply = 0;
    node_next(l.a);
    pump(&l);
    buf = cosem_hdlc_tx_buffer(&l.b->h, &cap);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(cap, MSDU_CAP);
    memset(buf, 0x42, 300);
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, buf, 300, g_clock), COSEM_OK);
    ck_assert_ptr_null(cosem_hdlc_tx_buffer(&l.b->h, &cap));
    ck_assert_uint_eq(cap, 0);
    ck_assert(cosem_hdlc_tx_busy(&l.b->h));
    run(&l, 100);
    ck_assert_uint_eq(l.a->rx_len, 300);
    ck_assert_uint_eq(l.a->rx[299], 0x42);
    /* Busy until the client's next frame acknowledges the last segment. */
    ck_assert_ptr_null(cosem_hdlc_tx_buffer(&l.b->h, &cap));
    l.b->defer = false;
    exchange(&l, 10, 10); /* the request's N(R) frees it: the answer goes out */
    /* Argument and state errors. */
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, buf, MSDU_CAP + 1, g_clock), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, NULL, 3, g_clock), COSEM_E_ARG);
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, buf, 0, g_clock), COSEM_E_ARG);
    ck_assert_int_eq(cosem_hdlc_disconnect(&l.a->h, g_clock), COSEM_OK);
    run(&l, 50);
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, buf, 3, g_clock), COSEM_E_STATE);
    ck_assert_int_eq(cosem_hdlc_send(&l.a->h, buf, 3, g_clock), COSEM_E_STATE);
    free_link(&l);
}
END_TEST

START_TEST(deframer_noise_and_shared_flags)
{
    /* CAP lines 6 (SNRM), 8 (I-frame with the AARQ) and 86 (DISC): noise
     * before and between, idle flags, the last two frames sharing one flag,
     * all in one call; then the same one octet at a time. */
    tu_frame_t fr[MAXF];
    size_t nf = tu_vec_load(CAP, fr, MAXF), n = 0, i;
    uint8_t b[512];
    int pass;
    static const uint8_t noise1[] = {0x00, 0xFF, 0x13, 0x7E, 0x7E};
    static const uint8_t noise2[] = {0x55, 0xAA, 0x7E, 0x12};
    memcpy(b + n, noise1, sizeof noise1);
    n += sizeof noise1;
    memcpy(b + n, fr[0].bytes, fr[0].len); /* line 6 */
    n += fr[0].len;
    memcpy(b + n, noise2, sizeof noise2);
    n += sizeof noise2;
    ck_assert_int_eq(fr[2].line, 8);
    memcpy(b + n, fr[2].bytes, fr[2].len - 1); /* line 8 without its closing flag */
    n += fr[2].len - 1;
    ck_assert_int_eq(fr[nf - 2].line, 86);
    memcpy(b + n, fr[nf - 2].bytes, fr[nf - 2].len); /* its opening flag is shared */
    n += fr[nf - 2].len;
    for (pass = 0; pass < 2; pass++) {
        cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
        node_t *s = node_new(&c);
        if (pass == 0) {
            feed(s, b, n);
        } else {
            for (i = 0; i < n; i++) {
                feed(s, b + i, 1);
            }
        }
        /* UA to SNRM; the AARQ delivered (no answer configured: the poll is
         * held); UA to DISC. */
        ck_assert_int_eq(s->n_data, 1);
        ck_assert_uint_eq(s->rx_len, fr[2].len - 2 - 12);
        ck_assert_int_eq(s->n_disc, 1);
        ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->frames_ok, 3);
        ck_assert_uint_eq(s->nframes, 2);
        ck_assert_uint_eq(frame_of(s, 0).control, 0x73);
        ck_assert_uint_eq(frame_of(s, 1).control, 0x73);
        ck_assert_uint_eq(cosem_hdlc_counters(&s->h)->format_errors, 2); /* 55.., 12 */
        node_free(s);
    }
    tu_vec_free(fr, nf);
}
END_TEST

START_TEST(clock_wraps)
{
    /* Timers work across the 32-bit wrap of now_ms. */
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    g_clock = 0xFFFFFF00u;
    exchange(&l, 600, 600);
    l.mode = FAULT_DROP_FRAME;
    l.target = l.frames_seen + 1; /* lose the answer's first frame */
    exchange_run(&l, 600, 600, 1000);
    ck_assert(l.hit);
    ck_assert_uint_lt(g_clock, 0x10000u); /* wrapped */
    ck_assert_uint_eq(cosem_hdlc_counters(&l.a->h)->timeouts, 1);
    free_link(&l);
    g_clock = 0;
}
END_TEST

START_TEST(send_callback_failure)
{
    /* A failing send callback loses the frame; the timers recover. */
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l = make_link(z, z);
    l.b->send_fail = 1; /* the UA is lost */
    ck_assert_int_eq(cosem_hdlc_connect(&l.a->h, g_clock), COSEM_OK);
    run(&l, 1000);
    ck_assert_int_eq(l.a->n_conn, 1);
    ck_assert_uint_eq(cosem_hdlc_counters(&l.b->h)->tx_errors, 1);
    free_link(&l);
}
END_TEST

START_TEST(init_errors)
{
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    cosem_hdlc_t h;
    static uint8_t mem[40000];
    size_t need = COSEM_HDLC_BUF_SIZE(128, MSDU_CAP);
    c.send.fn = node_send;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need - 1), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need), COSEM_OK);
    ck_assert_int_eq(cosem_hdlc_state(&h), COSEM_HDLC_DISCONNECTED);
    ck_assert_uint_eq(cosem_hdlc_params(&h)->max_info_tx, 128);
    ck_assert_int_eq(cosem_hdlc_init(NULL, &c, mem, need), COSEM_E_ARG);
    ck_assert_int_eq(cosem_hdlc_init(&h, NULL, mem, need), COSEM_E_ARG);
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, NULL, need), COSEM_E_ARG);
    c.params.max_info_rx = 31;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need), COSEM_E_RANGE);
    c.params.max_info_rx = 2031;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, sizeof mem), COSEM_E_RANGE);
    c.params.max_info_rx = 0;
    c.params.window_tx = 8;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need), COSEM_E_RANGE);
    c.params.window_tx = 0;
    c.send.fn = NULL;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need), COSEM_E_ARG);
    c.send.fn = node_send;
    c.max_msdu = 0;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need), COSEM_E_ARG);
    c.max_msdu = MSDU_CAP;
    c.local.len = 3;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need), COSEM_E_ARG);
    c = base_cfg(COSEM_HDLC_PRIMARY);
    c.send.fn = node_send;
    c.local.len = 2; /* a client address is one octet */
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need), COSEM_E_ARG);
    c.local.len = 1;
    c.role = (cosem_hdlc_role_t)7;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, need), COSEM_E_ARG);
    ck_assert_int_eq(cosem_hdlc_feed(NULL, NULL, 0, 0), COSEM_E_ARG);
    ck_assert_int_eq(cosem_hdlc_poll(NULL, 0), COSEM_E_ARG);
    ck_assert_int_eq(cosem_hdlc_connect(NULL, 0), COSEM_E_ARG);
}
END_TEST

/* ======================================================================= */
/* Fault injection: corrupt or drop byte N, for every N of an exchange.      */

/* Bytes on the wire of the reference exchange (no faults). */
static size_t reference_bytes(cosem_hdlc_params_t p, size_t req, size_t resp)
{
    link_t l = make_link(p, p);
    size_t total;
    exchange(&l, req, resp);
    ck_assert_int_eq(cosem_hdlc_disconnect(&l.a->h, g_clock), COSEM_OK);
    run(&l, 50);
    total = l.bytes_seen;
    free_link(&l);
    return total;
}

/* One faulty run: whatever happens, each MSDU arrives at most once and
 * whole, both stations end in a defined state, and a fresh connection
 * afterwards carries a new exchange. */
static void faulty_run(cosem_hdlc_params_t p, int mode, size_t pos, size_t req_n, size_t resp_n)
{
    link_t l = make_link(p, p);
    uint8_t *req = pattern(req_n, 1), *resp = pattern(resp_n, 2);
    l.mode = mode;
    l.target = pos;
    l.a->replies[0].p = req;
    l.a->replies[0].n = req_n;
    l.a->n_replies = 1;
    l.b->replies[0].p = resp;
    l.b->replies[0].n = resp_n;
    l.b->n_replies = 1;
    ck_assert_int_eq(cosem_hdlc_connect(&l.a->h, g_clock), COSEM_OK);
    run(&l, 3000);
    if (cosem_hdlc_state(&l.a->h) == COSEM_HDLC_CONNECTED) {
        ck_assert_int_eq(cosem_hdlc_disconnect(&l.a->h, g_clock), COSEM_OK);
    }
    run(&l, 3000);
    ck_assert_msg(l.hit, "fault at %zu not applied", pos);
    ck_assert_int_le(l.b->n_data, 1);
    ck_assert_int_le(l.a->n_data, 1);
    if (l.b->n_data == 1) {
        tu_assert_bytes(l.b->rx, l.b->rx_len, req, req_n);
    }
    if (l.a->n_data == 1) {
        tu_assert_bytes(l.a->rx, l.a->rx_len, resp, resp_n);
    }
    ck_assert_int_eq(cosem_hdlc_state(&l.a->h), COSEM_HDLC_DISCONNECTED);
    ck_assert(!cosem_hdlc_tx_busy(&l.a->h));
    /* The secondary is either told (UA/DM) or will time out; a new SNRM
     * resets it in any case. A fresh connection works. */
    l.mode = FAULT_NONE;
    exchange(&l, 100, 200);
    free(req);
    free(resp);
    free_link(&l);
}

START_TEST(fault_every_byte)
{
    static const struct {
        uint16_t info;
        uint8_t win;
        int mode;
    } cases[] = {{128, 1, FAULT_CORRUPT_BYTE}, {128, 1, FAULT_DROP_BYTE},
                 {128, 3, FAULT_CORRUPT_BYTE}, {128, 3, FAULT_DROP_BYTE}};
    cosem_hdlc_params_t p = {cases[_i].info, cases[_i].info, cases[_i].win, cases[_i].win};
    size_t total = reference_bytes(p, 300, 400), n;
    ck_assert_uint_gt(total, 700);
    for (n = 0; n < total; n++) {
        faulty_run(p, cases[_i].mode, n, 300, 400);
    }
}
END_TEST

/* ======================================================================= */
/* One MSDU buffer for both directions (shared_msdu).                       */

/* The Gurux capture replays byte for byte with a shared buffer: what the
 * secondary sends does not depend on where its MSDUs live. */
START_TEST(shared_replay_secondary)
{
    g_shared = true;
    replay_secondary(0);
    replay_secondary(7);
    g_shared = false;
}
END_TEST

/* Segmented MSDUs both ways, windows 1 and 3, with every byte of the
 * exchange corrupted or dropped in turn, both stations shared. */
START_TEST(shared_fault_every_byte)
{
    cosem_hdlc_params_t p = {128, 128, (uint8_t)(_i == 0 ? 1 : 3), (uint8_t)(_i == 0 ? 1 : 3)};
    size_t total, n;
    g_shared = true;
    total = reference_bytes(p, 300, 400);
    ck_assert_uint_gt(total, 700);
    for (n = 0; n < total; n += 3) {
        faulty_run(p, _i == 0 ? FAULT_CORRUPT_BYTE : FAULT_DROP_BYTE, n, 300, 400);
    }
    g_shared = false;
}
END_TEST

/* The capacity lent for the answer, the rules while reassembling and while
 * sending, and the memory it needs. */
START_TEST(shared_buffer_rules)
{
    cosem_hdlc_params_t z = {0, 0, 0, 0};
    link_t l;
    uint8_t *req = pattern(300, 3), *resp = pattern(MSDU_CAP - 300, 4), *seg;
    cosem_hdlc_addr_t srv = {1, 0, 1}, cli = {0x10, 0, 1};
    size_t cap = 0;
    cosem_hdlc_t h;
    cosem_hdlc_config_t c = base_cfg(COSEM_HDLC_SECONDARY);
    static uint8_t mem[COSEM_HDLC_BUF_SIZE_SHARED(128, MSDU_CAP)];
    ck_assert_uint_eq(sizeof mem + MSDU_CAP - COSEM_HDLC_SHARED_SPARE,
                      COSEM_HDLC_BUF_SIZE(128, MSDU_CAP));
    c.shared_msdu = true;
    c.send.fn = node_send;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, sizeof mem - 1), COSEM_E_NOSPACE);
    c.shared_msdu = false;
    ck_assert_int_eq(cosem_hdlc_init(&h, &c, mem, sizeof mem), COSEM_E_NOSPACE);

    g_shared = true;
    l = make_link(z, z);
    exchange(&l, 10, 10);
    /* The request sits after the answer; up to COSEM_HDLC_SHARED_SPARE
     * octets of request cost the answer nothing. */
    ck_assert_uint_eq(l.b->cb_cap, MSDU_CAP);
    ck_assert_uint_eq(l.a->cb_cap, MSDU_CAP);
    /* Outside the callback the whole buffer is lent again (the client's:
     * the server's answer waits for the client's next N(R)). */
    ck_assert_ptr_nonnull(cosem_hdlc_tx_buffer(&l.a->h, &cap));
    ck_assert_uint_eq(cap, MSDU_CAP);
    /* A 300-octet request gets an answer that fills the space before it
     * exactly, encoded in place; both arrive whole. */
    l.a->replies[0].p = req;
    l.a->replies[0].n = 300;
    l.a->next_reply = 0;
    l.a->n_replies = 1;
    l.b->replies[0].p = resp;
    l.b->replies[0].n = MSDU_CAP - 300;
    l.b->next_reply = 0;
    l.b->n_replies = 1;
    l.b->n_data = l.a->n_data = 0;
    node_next(l.a);
    run(&l, 200);
    ck_assert_int_eq(l.b->n_data, 1);
    ck_assert_uint_eq(l.b->cb_cap, MSDU_CAP + COSEM_HDLC_SHARED_SPARE - 300);
    tu_assert_bytes(l.b->rx, l.b->rx_len, req, 300);
    ck_assert_int_eq(l.a->n_data, 1);
    tu_assert_bytes(l.a->rx, l.a->rx_len, resp, MSDU_CAP - 300);
    /* A request of max_msdu octets still leaves room for a short answer. */
    free(req);
    req = pattern(MSDU_CAP, 6);
    l.a->replies[0].p = req;
    l.a->replies[0].n = MSDU_CAP;
    l.a->next_reply = 0;
    l.b->replies[0].n = COSEM_HDLC_SHARED_SPARE;
    l.b->next_reply = 0;
    l.b->n_data = l.a->n_data = 0;
    node_next(l.a);
    run(&l, 2000);
    ck_assert_int_eq(l.b->n_data, 1);
    ck_assert_uint_eq(l.b->cb_cap, COSEM_HDLC_SHARED_SPARE);
    tu_assert_bytes(l.b->rx, l.b->rx_len, req, MSDU_CAP);
    ck_assert_int_eq(l.a->n_data, 1);
    tu_assert_bytes(l.a->rx, l.a->rx_len, resp, COSEM_HDLC_SHARED_SPARE);
    /* While a segmented MSDU is half reassembled nothing can be sent. */
    seg = pattern(200, 5);
    memcpy(seg, llc_req, 3);
    feed_frame(l.b, srv, cli, COSEM_HDLC_CTRL_I(l.b->h.vr, l.b->h.vs, 0), true, seg, 100);
    ck_assert_ptr_null(cosem_hdlc_tx_buffer(&l.b->h, &cap));
    ck_assert_uint_eq(cap, 0);
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, resp, 5, g_clock), COSEM_E_WOULDBLOCK);
    l.b->defer = true;
    feed_frame(l.b, srv, cli, COSEM_HDLC_CTRL_I(l.b->h.vr, l.b->h.vs, 1), false, seg + 100, 50);
    ck_assert_int_eq(l.b->n_data, 2);
    ck_assert_uint_eq(l.b->rx_len, 147);
    tu_assert_bytes(l.b->rx, 97, seg + 3, 97);
    /* An answer going out: an I-frame that would start a new MSDU is not
     * taken (V(R) stays, so the RR does not acknowledge it). */
    ck_assert_int_eq(cosem_hdlc_send(&l.b->h, resp, 400, g_clock), COSEM_OK);
    ck_assert(cosem_hdlc_tx_busy(&l.b->h));
    {
        uint8_t vr = l.b->h.vr;
        feed_frame(l.b, srv, cli, COSEM_HDLC_CTRL_I(vr, l.b->h.vs, 1), false, seg, 20);
        ck_assert_uint_eq(l.b->h.counters.busy_refused, 1);
        ck_assert_uint_eq(l.b->h.vr, vr);
        ck_assert_int_eq(l.b->n_data, 2);
    }
    free(seg);
    free(req);
    free(resp);
    free_link(&l);
    g_shared = false;
}
END_TEST

static Suite *hdlc_station_suite(void)
{
    Suite *s = suite_create("hdlc_station");
    TCase *t = tcase_create("replay");
    tcase_add_test(t, replay_secondary_frames);
    tcase_add_test(t, replay_secondary_one_call);
    tcase_add_loop_test(t, replay_secondary_chunks, 0, 6);
    tcase_add_test(t, replay_primary);
    suite_add_tcase(s, t);

    t = tcase_create("pair");
    tcase_add_test(t, connect_defaults_no_field);
    tcase_add_test(t, connect_with_params);
    tcase_add_loop_test(t, exchange_matrix, 0, 6);
    tcase_add_test(t, window_pf_bits);
    tcase_add_loop_test(t, lost_frame_every_position, 0, 2);
    tcase_add_loop_test(t, corrupted_frame_every_position, 0, 2);
    tcase_add_test(t, duplicate_iframe_not_delivered_twice);
    tcase_add_test(t, primary_duplicate_answer);
    tcase_add_test(t, inactivity_timeout);
    tcase_add_test(t, inter_frame_timeout);
    tcase_add_test(t, disc_and_dm);
    tcase_add_test(t, primary_disconnect_and_refused);
    tcase_add_test(t, refused_parameters);
    tcase_add_test(t, primary_gives_up);
    tcase_add_test(t, other_station_ignored);
    tcase_add_loop_test(t, server_address_forms, 0, 4);
    tcase_add_test(t, broadcast_ui);
    tcase_add_test(t, ui_carries_its_source);
    tcase_add_test(t, send_none_answers_poll);
    tcase_add_test(t, frmr_cases);
    tcase_add_test(t, frmr_reaches_primary);
    tcase_add_test(t, primary_edge_frames);
    tcase_add_test(t, secondary_edge_frames);
    tcase_add_test(t, deferred_answer);
    tcase_add_test(t, zero_copy_tx_buffer);
    tcase_add_test(t, shared_replay_secondary);
    tcase_add_loop_test(t, shared_fault_every_byte, 0, 2);
    tcase_add_test(t, shared_buffer_rules);
    tcase_add_test(t, deframer_noise_and_shared_flags);
    tcase_add_test(t, clock_wraps);
    tcase_add_test(t, send_callback_failure);
    tcase_add_test(t, init_errors);
    suite_add_tcase(s, t);

    t = tcase_create("faults");
    tcase_set_timeout(t, 600);
    tcase_add_loop_test(t, fault_every_byte, 0, 4);
    suite_add_tcase(s, t);
    return s;
}

TU_MAIN(hdlc_station_suite)
