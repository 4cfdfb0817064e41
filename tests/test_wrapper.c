/* SPDX-License-Identifier: Apache-2.0 */
/* Wrapper transport (IEC 62056-47): header codec, UDP datagrams, the TCP
 * stream reassembler and sending, against the frames captured in
 * tests/vectors/ (dlmscosem-client_guruxc-server_wrapper_noauth.txt and
 * guruxpy-client_guruxc-server_wrapper_lls.txt), split and merged in every
 * way, and every error case.
 *
 * The wrapper header is four big-endian unsigned16 fields: version 0x0001,
 * source wPort, destination wPort, APDU length (IEC 62056-47 clause 5.3). */
#include <stdlib.h>
#include <string.h>

#include <cosem/wrapper.h>

#include "test_util.h"

#define NOAUTH "dlmscosem-client_guruxc-server_wrapper_noauth.txt"
#define LLS "guruxpy-client_guruxc-server_wrapper_lls.txt"
#define MAX_FRAMES 64
#define MAX_EVENTS 64
#define STREAM_MAX 16384

/* ---- an event recorder and a send recorder -------------------------- */

typedef struct {
    cosem_wrapper_event_type_t type;
    uint16_t src, dst;
    size_t len;
    uint8_t apdu[1024];
} rec_event_t;

typedef struct {
    rec_event_t ev[MAX_EVENTS];
    size_t n;
    /* What the callback does to the context (re-entrancy checks). */
    cosem_wrapper_t *w;
    int reenter;
    cosem_status_t reenter_st[4];
    int echo;
} recorder_t;

typedef struct {
    uint8_t buf[2048];
    size_t len;
    int calls;
    cosem_status_t ret;
} sink_t;

/* Records every event; optionally calls back into the context. */
static void on_event(void *user, const cosem_wrapper_event_t *ev)
{
    recorder_t *r = user;
    rec_event_t *e;
    ck_assert_uint_lt(r->n, MAX_EVENTS);
    ck_assert_uint_le(ev->len, sizeof e->apdu);
    e = &r->ev[r->n++];
    e->type = ev->type;
    e->src = ev->src_wport;
    e->dst = ev->dst_wport;
    e->len = ev->len;
    memcpy(e->apdu, ev->apdu, ev->len);
    if (r->reenter) {
        uint8_t b = 0;
        r->reenter_st[0] = cosem_wrapper_feed(r->w, &b, 1, 0);
        r->reenter_st[1] = cosem_wrapper_reset(r->w, 0);
        r->reenter_st[2] = cosem_wrapper_poll(r->w, 0);
        r->reenter_st[3] = cosem_wrapper_eof(r->w);
    }
    if (r->echo && ev->type == COSEM_WRAPPER_EV_APDU) {
        ck_assert_int_eq(cosem_wrapper_send(r->w, ev->dst_wport, ev->src_wport, ev->apdu, ev->len),
                         COSEM_OK);
    }
}

/* Records the octets handed to the send callback. */
static cosem_status_t on_send(void *user, const uint8_t *data, size_t len)
{
    sink_t *s = user;
    s->calls++;
    if (s->ret != COSEM_OK) {
        return s->ret;
    }
    ck_assert_uint_le(s->len + len, sizeof s->buf);
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    return COSEM_OK;
}

static uint8_t g_buf[COSEM_WRAPPER_BUF_SIZE(1024)];

/* A context with max_apdu bytes, recording into r and s. */
static void setup(cosem_wrapper_t *w, recorder_t *r, sink_t *s, size_t max_apdu)
{
    cosem_wrapper_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    memset(r, 0, sizeof *r);
    memset(s, 0, sizeof *s);
    cfg.max_apdu = max_apdu;
    cfg.event.fn = on_event;
    cfg.event.user = r;
    cfg.send.fn = on_send;
    cfg.send.user = s;
    ck_assert_int_eq(cosem_wrapper_init(w, &cfg, g_buf, sizeof g_buf), COSEM_OK);
    r->w = w;
}

/* ---- capture helpers ------------------------------------------------ */

typedef struct {
    tu_frame_t f[MAX_FRAMES];
    size_t n;
} capture_t;

static capture_t g_cap;

static void load(const char *name)
{
    g_cap.n = tu_vec_load(name, g_cap.f, MAX_FRAMES);
    ck_assert_uint_gt(g_cap.n, 0);
}

static void unload(void)
{
    tu_vec_free(g_cap.f, g_cap.n);
    g_cap.n = 0;
}

/* Concatenates the frames of one direction into a TCP stream. */
static size_t stream_of(char dir, uint8_t *out, size_t cap, size_t *frames)
{
    size_t i, len = 0;
    *frames = 0;
    for (i = 0; i < g_cap.n; i++) {
        if (g_cap.f[i].dir != dir) continue;
        ck_assert_uint_le(len + g_cap.f[i].len, cap);
        memcpy(out + len, g_cap.f[i].bytes, g_cap.f[i].len);
        len += g_cap.f[i].len;
        (*frames)++;
    }
    return len;
}

/* Checks the recorded events equal the frames of one direction. */
static void check_delivered(const recorder_t *r, char dir, size_t frames)
{
    size_t i, k = 0;
    ck_assert_uint_eq(r->n, frames);
    for (i = 0; i < g_cap.n; i++) {
        const tu_frame_t *f = &g_cap.f[i];
        const rec_event_t *e;
        if (f->dir != dir) continue;
        e = &r->ev[k++];
        ck_assert_int_eq(e->type, COSEM_WRAPPER_EV_APDU);
        ck_assert_uint_eq(e->src, (unsigned)(f->bytes[2] << 8 | f->bytes[3]));
        ck_assert_uint_eq(e->dst, (unsigned)(f->bytes[4] << 8 | f->bytes[5]));
        tu_assert_bytes(e->apdu, e->len, f->bytes + 8, f->len - 8);
    }
}

/* ---- header codec and datagrams -------------------------------------- */

START_TEST(test_header_known_bytes)
{
    /* dlmscosem...noauth.txt line 5: AARQ from client 0x10 to server 1,
     * 0x2B octets; line 6 the AARE back. */
    static const uint8_t c5[8] = {0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x2B};
    static const uint8_t s10[8] = {0x00, 0x01, 0x00, 0x01, 0x00, 0x10, 0x01, 0xE6};
    cosem_wrapper_header_t h;
    uint8_t out[8];
    ck_assert_int_eq(cosem_wrapper_header_decode(&h, c5, 8), COSEM_OK);
    ck_assert_uint_eq(h.version, 1);
    ck_assert_uint_eq(h.src_wport, 0x10);
    ck_assert_uint_eq(h.dst_wport, 0x01);
    ck_assert_uint_eq(h.length, 0x2B);
    cosem_wrapper_header_encode(&h, out);
    tu_assert_bytes(out, 8, c5, 8);
    /* Line 10: a 486-octet response, length above 255 (big-endian). */
    ck_assert_int_eq(cosem_wrapper_header_decode(&h, s10, 8), COSEM_OK);
    ck_assert_uint_eq(h.src_wport, 0x01);
    ck_assert_uint_eq(h.dst_wport, 0x10);
    ck_assert_uint_eq(h.length, 486);
    cosem_wrapper_header_encode(&h, out);
    tu_assert_bytes(out, 8, s10, 8);
}
END_TEST

START_TEST(test_header_errors)
{
    static const uint8_t v2[8] = {0x00, 0x02, 0x00, 0x10, 0x00, 0x01, 0x00, 0x05};
    static const uint8_t v0100[8] = {0x01, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00, 0x05};
    static const uint8_t ok[8] = {0x00, 0x01, 0xAB, 0xCD, 0x12, 0x34, 0xFF, 0xFF};
    cosem_wrapper_header_t h;
    size_t n;
    for (n = 0; n < 8; n++) {
        ck_assert_int_eq(cosem_wrapper_header_decode(&h, ok, n), COSEM_E_TRUNCATED);
    }
    ck_assert_int_eq(cosem_wrapper_header_decode(&h, v2, 8), COSEM_E_MALFORMED);
    ck_assert_uint_eq(h.version, 2); /* filled although wrong */
    ck_assert_int_eq(cosem_wrapper_header_decode(&h, v0100, 8), COSEM_E_MALFORMED);
    ck_assert_uint_eq(h.version, 0x0100); /* byte order: big-endian */
    ck_assert_int_eq(cosem_wrapper_header_decode(&h, ok, 8), COSEM_OK);
    ck_assert_uint_eq(h.src_wport, 0xABCD);
    ck_assert_uint_eq(h.dst_wport, 0x1234);
    ck_assert_uint_eq(h.length, 0xFFFF);
    ck_assert_int_eq(cosem_wrapper_header_decode(NULL, ok, 8), COSEM_E_ARG);
    ck_assert_int_eq(cosem_wrapper_header_decode(&h, NULL, 8), COSEM_E_ARG);
}
END_TEST

/* Every frame of a capture is one valid datagram with the right wPorts. */
static void datagrams_of(const char *name, uint16_t client)
{
    size_t i;
    load(name);
    for (i = 0; i < g_cap.n; i++) {
        const tu_frame_t *f = &g_cap.f[i];
        cosem_wrapper_header_t h;
        const uint8_t *apdu;
        size_t alen;
        uint8_t hdr[8];
        ck_assert_msg(cosem_wrapper_datagram(f->bytes, f->len, &h, &apdu, &alen) == COSEM_OK,
                      "%s line %d", name, f->line);
        ck_assert_uint_eq(alen, f->len - 8);
        ck_assert_ptr_eq(apdu, f->bytes + 8);
        ck_assert_uint_eq(h.src_wport, f->dir == 'C' ? client : 1);
        ck_assert_uint_eq(h.dst_wport, f->dir == 'C' ? 1 : client);
        cosem_wrapper_header_encode(&h, hdr);
        tu_assert_bytes(hdr, 8, f->bytes, 8);
    }
    unload();
}

START_TEST(test_capture_datagrams)
{
    datagrams_of(NOAUTH, 0x10); /* lines 5..28, client SAP 16 */
    datagrams_of(LLS, 0x11);    /* lines 8..35, client SAP 17 */
}
END_TEST

START_TEST(test_datagram_errors)
{
    /* guruxpy...lls.txt line 34: RLRQ, 00 01 00 11 00 01 00 05 62 03 80 01 00. */
    uint8_t d[16];
    size_t n = tu_hex("00 01 00 11 00 01 00 05 62 03 80 01 00", d, sizeof d);
    cosem_wrapper_header_t h;
    const uint8_t *apdu = d;
    size_t alen = 99, k;
    ck_assert_int_eq(cosem_wrapper_datagram(d, n, &h, &apdu, &alen), COSEM_OK);
    ck_assert_uint_eq(alen, 5);
    for (k = 0; k < n; k++) {
        /* Shorter than the header, or than the APDU it announces. */
        ck_assert_int_eq(cosem_wrapper_datagram(d, k, &h, &apdu, &alen), COSEM_E_TRUNCATED);
        ck_assert_ptr_null(apdu);
        ck_assert_uint_eq(alen, 0);
    }
    d[n] = 0x00; /* one octet more than announced */
    ck_assert_int_eq(cosem_wrapper_datagram(d, n + 1, &h, &apdu, &alen), COSEM_E_TRAILING);
    ck_assert_ptr_null(apdu);
    d[1] = 0x02;
    ck_assert_int_eq(cosem_wrapper_datagram(d, n, &h, &apdu, &alen), COSEM_E_MALFORMED);
    d[1] = 0x01;
    ck_assert_int_eq(cosem_wrapper_datagram(d, n, &h, NULL, &alen), COSEM_E_ARG);
    ck_assert_int_eq(cosem_wrapper_datagram(d, n, &h, &apdu, NULL), COSEM_E_ARG);
    ck_assert_int_eq(cosem_wrapper_datagram(d, n, NULL, &apdu, &alen), COSEM_E_ARG);
    /* A zero-length datagram payload is a header alone. */
    d[7] = 0;
    ck_assert_int_eq(cosem_wrapper_datagram(d, 8, &h, &apdu, &alen), COSEM_OK);
    ck_assert_uint_eq(alen, 0);
}
END_TEST

/* ---- stream reassembly ------------------------------------------------ */

static uint8_t g_stream[STREAM_MAX];

/* Feeds a stream cut at the given split points, checking each feed. */
static void feed_chunks(cosem_wrapper_t *w, const uint8_t *p, size_t len, const size_t *cuts,
                        size_t ncuts)
{
    size_t i, at = 0;
    for (i = 0; i <= ncuts; i++) {
        size_t end = i < ncuts ? cuts[i] : len;
        ck_assert_int_eq(cosem_wrapper_feed(w, p + at, end - at, (uint32_t)i), COSEM_OK);
        at = end;
    }
    ck_assert_int_eq(cosem_wrapper_eof(w), COSEM_OK);
}

/* One direction of a capture: all at once, byte by byte, cut at every
 * position, and in random chunk sizes. */
static void stream_direction(char dir)
{
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    size_t frames, len = stream_of(dir, g_stream, sizeof g_stream, &frames), cut, i;
    unsigned seed = 12345u;
    setup(&w, &r, &s, 1024);
    feed_chunks(&w, g_stream, len, NULL, 0);
    check_delivered(&r, dir, frames);
    for (cut = 1; cut < len; cut++) {
        setup(&w, &r, &s, 1024);
        feed_chunks(&w, g_stream, len, &cut, 1);
        check_delivered(&r, dir, frames);
    }
    setup(&w, &r, &s, 1024);
    for (i = 0; i < len; i++) {
        ck_assert_int_eq(cosem_wrapper_feed(&w, g_stream + i, 1, 0), COSEM_OK);
    }
    check_delivered(&r, dir, frames);
    for (i = 0; i < 200; i++) {
        size_t cuts[STREAM_MAX / 4], nc = 0, at = 0;
        for (;;) {
            seed = seed * 1103515245u + 12345u;
            at += 1 + (seed >> 16) % (i % 2 ? 20 : 700);
            if (at >= len) break;
            cuts[nc++] = at;
        }
        setup(&w, &r, &s, 1024);
        feed_chunks(&w, g_stream, len, cuts, nc);
        check_delivered(&r, dir, frames);
    }
}

START_TEST(test_stream_noauth)
{
    load(NOAUTH);
    stream_direction('C');
    stream_direction('S');
    unload();
}
END_TEST

START_TEST(test_stream_lls)
{
    load(LLS);
    stream_direction('C');
    stream_direction('S');
    unload();
}
END_TEST

START_TEST(test_stream_every_two_cuts)
{
    /* The LLS client stream cut at every pair of positions (three chunks):
     * split headers and split payloads together. */
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    size_t frames, len, a, b;
    load(LLS);
    len = stream_of('C', g_stream, sizeof g_stream, &frames);
    for (a = 1; a < len; a++) {
        for (b = a + 1; b < len; b++) {
            size_t cuts[2];
            cuts[0] = a;
            cuts[1] = b;
            setup(&w, &r, &s, 1024);
            feed_chunks(&w, g_stream, len, cuts, 2);
            ck_assert_uint_eq(r.n, frames);
        }
    }
    check_delivered(&r, 'C', frames);
    unload();
}
END_TEST

/* ---- errors ---------------------------------------------------------- */

START_TEST(test_bad_version_closes)
{
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    uint8_t b[64];
    /* A good frame (lls line 34, RLRQ) then a header with version 2. */
    size_t n = tu_hex("00 01 00 11 00 01 00 05 62 03 80 01 00"
                      "00 02 00 11 00 01 00 05 62 03 80 01 00", b, sizeof b);
    setup(&w, &r, &s, 64);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 0), COSEM_E_MALFORMED);
    ck_assert_uint_eq(r.n, 1); /* the frame before the bad header got through */
    ck_assert_int_eq(cosem_wrapper_status(&w), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, 13, 1), COSEM_E_CLOSED);
    ck_assert_int_eq(cosem_wrapper_poll(&w, 2), COSEM_E_CLOSED);
    ck_assert_int_eq(cosem_wrapper_eof(&w), COSEM_E_CLOSED);
    ck_assert_uint_eq(r.n, 1);
    /* Sending still works on a broken stream. */
    ck_assert_int_eq(cosem_wrapper_send(&w, 1, 0x11, b + 8, 5), COSEM_OK);
    /* Reset reopens it. */
    ck_assert_int_eq(cosem_wrapper_reset(&w, 3), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_status(&w), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, 13, 4), COSEM_OK);
    ck_assert_uint_eq(r.n, 2);
    /* The bad version arriving one octet at a time fails on the 8th. */
    {
        size_t i;
        for (i = 13; i < 20; i++) {
            ck_assert_int_eq(cosem_wrapper_feed(&w, b + i, 1, 5), COSEM_OK);
        }
        ck_assert_int_eq(cosem_wrapper_feed(&w, b + 20, 1, 5), COSEM_E_MALFORMED);
    }
}
END_TEST

START_TEST(test_length_too_large)
{
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    uint8_t b[80];
    size_t i;
    memset(b, 0xAB, sizeof b);
    /* Exactly max_apdu (64) is fine, 65 breaks the stream. */
    tu_hex("00 01 00 10 00 01 00 40", b, 8);
    setup(&w, &r, &s, 64);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, 8 + 64, 0), COSEM_OK);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_uint_eq(r.ev[0].len, 64);
    b[7] = 0x41;
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, 8, 0), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_wrapper_status(&w), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, 8, 0), COSEM_E_CLOSED);
    /* The largest length possible, 0xFFFF, fails the same way at every split. */
    b[6] = 0xFF;
    b[7] = 0xFF;
    for (i = 1; i < 8; i++) {
        ck_assert_int_eq(cosem_wrapper_reset(&w, 0), COSEM_OK);
        ck_assert_int_eq(cosem_wrapper_feed(&w, b, i, 0), COSEM_OK);
        ck_assert_int_eq(cosem_wrapper_feed(&w, b + i, 8 - i, 0), COSEM_E_NOSPACE);
    }
    ck_assert_uint_eq(r.n, 1);
}
END_TEST

START_TEST(test_eof_truncated)
{
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    uint8_t b[32];
    size_t n = tu_hex("00 01 00 11 00 01 00 05 62 03 80 01 00", b, sizeof b), k;
    setup(&w, &r, &s, 64);
    ck_assert_int_eq(cosem_wrapper_eof(&w), COSEM_OK); /* nothing received */
    ck_assert_int_eq(cosem_wrapper_status(&w), COSEM_E_CLOSED);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 0), COSEM_E_CLOSED);
    for (k = 1; k < n; k++) {
        ck_assert_int_eq(cosem_wrapper_reset(&w, 0), COSEM_OK);
        ck_assert_int_eq(cosem_wrapper_feed(&w, b, k, 0), COSEM_OK);
        ck_assert_int_eq(cosem_wrapper_eof(&w), COSEM_E_TRUNCATED);
        ck_assert_int_eq(cosem_wrapper_eof(&w), COSEM_E_CLOSED);
    }
    ck_assert_uint_eq(r.n, 0);
    ck_assert_int_eq(cosem_wrapper_reset(&w, 0), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 0), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_eof(&w), COSEM_OK);
    ck_assert_uint_eq(r.n, 1);
}
END_TEST

START_TEST(test_filter_and_empty)
{
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    cosem_wrapper_config_t cfg;
    uint8_t b[64];
    size_t n = tu_hex("00 01 00 10 00 01 00 03 AA BB CC"  /* to 1: ours */
                      "00 01 00 10 00 02 00 02 DD EE"     /* to 2: ignored */
                      "00 01 00 10 00 01 00 00"           /* empty: ignored */
                      "00 01 00 10 00 01 00 01 FF", b, sizeof b);
    memset(&cfg, 0, sizeof cfg);
    memset(&r, 0, sizeof r);
    cfg.max_apdu = 16;
    cfg.filter_local = true;
    cfg.local_wport = 1;
    cfg.event.fn = on_event;
    cfg.event.user = &r;
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, g_buf, COSEM_WRAPPER_BUF_SIZE(16)), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 0), COSEM_OK);
    ck_assert_uint_eq(r.n, 4);
    ck_assert_int_eq(r.ev[0].type, COSEM_WRAPPER_EV_APDU);
    tu_assert_bytes(r.ev[0].apdu, r.ev[0].len, b + 8, 3);
    ck_assert_int_eq(r.ev[1].type, COSEM_WRAPPER_EV_IGNORED);
    ck_assert_uint_eq(r.ev[1].dst, 2);
    ck_assert_uint_eq(r.ev[1].len, 2);
    ck_assert_int_eq(r.ev[2].type, COSEM_WRAPPER_EV_IGNORED);
    ck_assert_uint_eq(r.ev[2].len, 0);
    ck_assert_int_eq(r.ev[3].type, COSEM_WRAPPER_EV_APDU);
    ck_assert_uint_eq(r.ev[3].apdu[0], 0xFF);
    /* Without the filter the frame to wPort 2 is delivered. */
    setup(&w, &r, &s, 16);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 0), COSEM_OK);
    ck_assert_int_eq(r.ev[1].type, COSEM_WRAPPER_EV_APDU);
    ck_assert_int_eq(r.ev[2].type, COSEM_WRAPPER_EV_IGNORED);
    /* A send without a send callback is refused. */
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, g_buf, sizeof g_buf), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_send(&w, 1, 0x10, b, 3), COSEM_E_ARG);
}
END_TEST

START_TEST(test_timers)
{
    static recorder_t r;
    cosem_wrapper_t w;
    cosem_wrapper_config_t cfg;
    uint8_t b[16];
    size_t n = tu_hex("00 01 00 10 00 01 00 03 AA BB CC", b, sizeof b);
    memset(&cfg, 0, sizeof cfg);
    memset(&r, 0, sizeof r);
    cfg.max_apdu = 16;
    cfg.inactivity_timeout_ms = 1000;
    cfg.frame_timeout_ms = 100;
    cfg.event.fn = on_event;
    cfg.event.user = &r;
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, g_buf, sizeof g_buf), COSEM_OK);
    /* Inactivity starts at the first poll; time wraps around 2^32. */
    ck_assert_int_eq(cosem_wrapper_poll(&w, 0xFFFFFF00u), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_poll(&w, 0xFFFFFF00u + 999u), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, 4, 0xFFFFFF00u + 500u), COSEM_OK);
    /* Partial frame: 99 ms fine, 100 ms broken. */
    ck_assert_int_eq(cosem_wrapper_poll(&w, 0xFFFFFF00u + 500u + 99u), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_poll(&w, 0xFFFFFF00u + 500u + 100u), COSEM_E_TIMEOUT);
    ck_assert_int_eq(cosem_wrapper_status(&w), COSEM_E_TIMEOUT);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b + 4, n - 4, 0), COSEM_E_CLOSED);
    ck_assert_uint_eq(r.n, 0);
    /* After a reset at t=5000: frames keep the inactivity timer alive. */
    ck_assert_int_eq(cosem_wrapper_reset(&w, 5000), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 5900), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_poll(&w, 6899), COSEM_OK); /* 999 ms after the frame */
    ck_assert_int_eq(cosem_wrapper_poll(&w, 6900), COSEM_E_TIMEOUT);
    ck_assert_uint_eq(r.n, 1);
    /* Issue #14 finding 4: empty frames (keep-alives) do not keep it
     * alive. */
    ck_assert_int_eq(cosem_wrapper_reset(&w, 7000), COSEM_OK);
    n = tu_hex("00 01 00 10 00 01 00 00", b, sizeof b);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 7500), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_poll(&w, 8000), COSEM_E_TIMEOUT);
    n = tu_hex("00 01 00 10 00 01 00 03 AA BB CC", b, sizeof b);
    /* A whole frame in one read starts and ends the frame timer together. */
    ck_assert_int_eq(cosem_wrapper_reset(&w, 0), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 10), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_poll(&w, 500), COSEM_OK);
}
END_TEST

START_TEST(test_timers_disabled)
{
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    uint8_t b[4] = {0, 1, 0, 0x10};
    setup(&w, &r, &s, 16);
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, 4, 0), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_poll(&w, 0x7FFFFFFFu), COSEM_OK);
    ck_assert_int_eq(cosem_wrapper_eof(&w), COSEM_E_TRUNCATED);
}
END_TEST

START_TEST(test_reentrancy_and_echo)
{
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    uint8_t b[32];
    size_t n = tu_hex("00 01 00 11 00 01 00 05 62 03 80 01 00"
                      "00 01 00 11 00 01 00 05 62 03 80 01 00", b, sizeof b);
    setup(&w, &r, &s, 16);
    r.reenter = 1;
    r.echo = 1;
    ck_assert_int_eq(cosem_wrapper_feed(&w, b, n, 0), COSEM_OK);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_int_eq(r.reenter_st[0], COSEM_E_STATE);
    ck_assert_int_eq(r.reenter_st[1], COSEM_E_STATE);
    ck_assert_int_eq(r.reenter_st[2], COSEM_E_STATE);
    ck_assert_int_eq(r.reenter_st[3], COSEM_E_STATE);
    ck_assert_int_eq(cosem_wrapper_status(&w), COSEM_OK);
    /* The echo went out with the wPorts swapped: 00 01 00 01 00 11 ... */
    ck_assert_int_eq(s.calls, 2);
    {
        uint8_t want[32];
        size_t wn = tu_hex("00 01 00 01 00 11 00 05 62 03 80 01 00"
                           "00 01 00 01 00 11 00 05 62 03 80 01 00", want, sizeof want);
        tu_assert_bytes(s.buf, s.len, want, wn);
    }
}
END_TEST

/* ---- init and send --------------------------------------------------- */

START_TEST(test_init_errors)
{
    static recorder_t r;
    cosem_wrapper_t w;
    cosem_wrapper_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.max_apdu = 100;
    cfg.event.fn = on_event;
    cfg.event.user = &r;
    ck_assert_int_eq(cosem_wrapper_init(NULL, &cfg, g_buf, sizeof g_buf), COSEM_E_ARG);
    ck_assert_int_eq(cosem_wrapper_init(&w, NULL, g_buf, sizeof g_buf), COSEM_E_ARG);
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, NULL, sizeof g_buf), COSEM_E_ARG);
    ck_assert_uint_eq(COSEM_WRAPPER_BUF_SIZE(100), 208);
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, g_buf, 207), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, g_buf, 208), COSEM_OK);
    cfg.max_apdu = 0;
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, g_buf, sizeof g_buf), COSEM_E_ARG);
    cfg.max_apdu = 65536;
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, g_buf, sizeof g_buf), COSEM_E_ARG);
    cfg.max_apdu = 100;
    cfg.event.fn = NULL;
    ck_assert_int_eq(cosem_wrapper_init(&w, &cfg, g_buf, sizeof g_buf), COSEM_E_ARG);
}
END_TEST

START_TEST(test_send_capture_frames)
{
    /* Sending each captured APDU reproduces the captured frame exactly,
     * copied from elsewhere and encoded in place (zero copy). */
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    size_t i;
    load(NOAUTH);
    for (i = 0; i < g_cap.n; i++) {
        const tu_frame_t *f = &g_cap.f[i];
        uint16_t src = (uint16_t)(f->bytes[2] << 8 | f->bytes[3]);
        uint16_t dst = (uint16_t)(f->bytes[4] << 8 | f->bytes[5]);
        size_t cap;
        uint8_t *tx;
        setup(&w, &r, &s, 1024);
        ck_assert_int_eq(cosem_wrapper_send(&w, src, dst, f->bytes + 8, f->len - 8), COSEM_OK);
        tu_assert_bytes(s.buf, s.len, f->bytes, f->len);
        s.len = 0;
        tx = cosem_wrapper_tx_buffer(&w, &cap);
        ck_assert_uint_eq(cap, 1024);
        ck_assert_ptr_eq(tx, g_buf + 1024 + 8);
        memcpy(tx, f->bytes + 8, f->len - 8);
        ck_assert_int_eq(cosem_wrapper_send(&w, src, dst, tx, f->len - 8), COSEM_OK);
        tu_assert_bytes(s.buf, s.len, f->bytes, f->len);
        ck_assert_int_eq(s.calls, 2);
    }
    unload();
}
END_TEST

START_TEST(test_send_errors)
{
    static recorder_t r;
    static sink_t s;
    cosem_wrapper_t w;
    uint8_t apdu[20];
    memset(apdu, 0x5A, sizeof apdu);
    setup(&w, &r, &s, 16);
    ck_assert_ptr_eq(cosem_wrapper_tx_buffer(&w, NULL), g_buf + 16 + 8);
    ck_assert_int_eq(cosem_wrapper_send(&w, 1, 16, apdu, 17), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_wrapper_send(&w, 1, 16, apdu, 0), COSEM_E_ARG);
    ck_assert_int_eq(cosem_wrapper_send(&w, 1, 16, NULL, 3), COSEM_E_ARG);
    ck_assert_int_eq(s.calls, 0);
    ck_assert_int_eq(cosem_wrapper_send(&w, 1, 16, apdu, 16), COSEM_OK);
    ck_assert_uint_eq(s.len, 24);
    ck_assert_uint_eq(s.buf[7], 16);
    s.ret = COSEM_E_IO;
    ck_assert_int_eq(cosem_wrapper_send(&w, 1, 16, apdu, 1), COSEM_E_IO);
    /* An APDU overlapping the header room (moved forward, not corrupted). */
    s.ret = COSEM_OK;
    s.len = 0;
    {
        uint8_t *tx = cosem_wrapper_tx_buffer(&w, NULL);
        memcpy(tx - 4, "\x01\x02\x03\x04\x05\x06", 6);
        ck_assert_int_eq(cosem_wrapper_send(&w, 1, 16, tx - 4, 6), COSEM_OK);
        tu_assert_bytes(s.buf + 8, s.len - 8, (const uint8_t *)"\x01\x02\x03\x04\x05\x06", 6);
    }
}
END_TEST

static Suite *wrapper_suite(void)
{
    Suite *s = suite_create("wrapper");
    TCase *tc = tcase_create("codec");
    tcase_add_test(tc, test_header_known_bytes);
    tcase_add_test(tc, test_header_errors);
    tcase_add_test(tc, test_capture_datagrams);
    tcase_add_test(tc, test_datagram_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("stream");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_stream_noauth);
    tcase_add_test(tc, test_stream_lls);
    tcase_add_test(tc, test_stream_every_two_cuts);
    tcase_add_test(tc, test_bad_version_closes);
    tcase_add_test(tc, test_length_too_large);
    tcase_add_test(tc, test_eof_truncated);
    tcase_add_test(tc, test_filter_and_empty);
    tcase_add_test(tc, test_timers);
    tcase_add_test(tc, test_timers_disabled);
    tcase_add_test(tc, test_reentrancy_and_echo);
    suite_add_tcase(s, tc);
    tc = tcase_create("send");
    tcase_add_test(tc, test_init_errors);
    tcase_add_test(tc, test_send_capture_frames);
    tcase_add_test(tc, test_send_errors);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(wrapper_suite)
