/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the HDLC stations (include/cosem/hdlc.h).
 *
 * Input: a 6-octet header, then chunks `kind dt payload...`:
 *   header[0] bit 0: role (0 secondary, 1 primary); bits 1-2: server
 *             address (1 octet, 2 octets, 4 octets upper 1 lower 0x11,
 *             4 octets upper 0x123 lower 0x3FFD); bit 3: the application answers
 *             later instead of from the callback; bit 4: cap the segments;
 *             bit 5: one shared MSDU buffer (cfg.shared_msdu);
 *   header[1] low nibble: max info choice, high nibble: windows (1..7);
 *   header[2..5]: initial clock (exercises the 32-bit wrap).
 *   kind < 0x80: `kind` raw octets fed in one call. kind >= 0x80: a frame
 *   built with valid HCS/FCS from `kind & 0x7F` payload octets: control,
 *   flags (bit 0 segmented, bit 1 to all stations, bit 2 to another
 *   station, bit 3 from another client / server), information field.
 *   Before each
 *   chunk the clock advances by dt * 4 ms and cosem_hdlc_poll() runs.
 * The application echoes every MSDU back (now or at the next chunk).
 * Oracles (abort() on violation):
 *  - every frame the station sends decodes, comes from its own address and
 *    has a valid control field;
 *  - an MSDU never exceeds max_msdu; the state is always a defined one;
 *  - with a shared MSDU buffer the station's memory is exactly
 *    COSEM_HDLC_BUF_SIZE_SHARED() octets at the end of g_mem (ASan sees an
 *    overrun), and the space cosem_hdlc_tx_buffer() lends in the callback
 *    can be overwritten without touching the request being delivered;
 *  - afterwards the station still serves: a secondary answers a valid SNRM
 *    with UA (to the client that sent it, from its own address); a primary
 *    disconnects, reconnects with SNRM and reaches CONNECTED on UA. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/hdlc.h>

#define MAX_MSDU 1024
#define MAX_INFO 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cosem_hdlc_t g_h;
static uint8_t g_mem[COSEM_HDLC_BUF_SIZE(MAX_INFO, MAX_MSDU)];
static uint8_t g_pending[MAX_MSDU];
static size_t g_pending_len;
static bool g_defer;
static uint32_t g_now;
static uint8_t g_last[MAX_INFO + COSEM_HDLC_FRAME_OVERHEAD];
static size_t g_last_len;
static int g_connected;

/* Aborts when a checked property does not hold. */
static void require(bool ok)
{
    if (!ok) {
        abort();
    }
}

/* Send callback: every frame must be well formed and from us. */
static cosem_status_t on_send(void *user, const uint8_t *p, size_t n)
{
    cosem_hdlc_frame_t f;
    (void)user;
    require(n >= 9 && n <= sizeof g_last);
    require(p[0] == COSEM_HDLC_FLAG && p[n - 1] == COSEM_HDLC_FLAG);
    require(cosem_hdlc_frame_decode(p + 1, n - 2, &f, NULL) == COSEM_OK);
    require(cosem_hdlc_addr_equal(&f.src, &g_h.cfg.local));
    require(cosem_hdlc_ctrl_kind(f.control) != COSEM_HDLC_KIND_UNKNOWN);
    memcpy(g_last, p, n);
    g_last_len = n;
    return COSEM_OK;
}

/* Event callback: echo MSDUs, now or later. */
static void on_event(void *user, const cosem_hdlc_event_t *ev)
{
    (void)user;
    if (ev->type == COSEM_HDLC_EV_CONNECTED) {
        g_connected++;
        require(ev->params->window_tx >= 1 && ev->params->window_tx <= 7);
        require(ev->params->max_info_tx >= 32 && ev->params->max_info_tx <= MAX_INFO);
        return;
    }
    if (ev->type != COSEM_HDLC_EV_DATA || ev->broadcast) {
        return;
    }
    require(ev->len <= MAX_MSDU);
    if (g_defer) {
        memcpy(g_pending, ev->data, ev->len);
        g_pending_len = ev->len;
    } else if (g_h.cfg.shared_msdu && ev->len > 0) {
        size_t cap = 0;
        uint8_t *tx = cosem_hdlc_tx_buffer(&g_h, &cap);
        memcpy(g_pending, ev->data, ev->len);
        if (tx != NULL) {
            require(cap <= MAX_MSDU);
            memset(tx, 0xA5, cap);
            require(memcmp(ev->data, g_pending, ev->len) == 0);
            if (ev->len <= cap) {
                memcpy(tx, g_pending, ev->len);
                (void)cosem_hdlc_send(&g_h, tx, ev->len, g_now);
            }
        }
    } else if (ev->len > 0) {
        (void)cosem_hdlc_send(&g_h, ev->data, ev->len, g_now);
    }
}

/* Station configuration from the header. */
static void configure(const uint8_t *hd)
{
    static const uint16_t infos[] = {32, 64, 128, 256, 512};
    static const cosem_hdlc_addr_t forms[] = {{1, 0, 1}, {0x10, 0x11, 2}, {1, 0x11, 4},
                                              {0x123, 0x3FFD, 4}};
    cosem_hdlc_config_t c;
    uint16_t info = infos[(hd[1] & 0x0Fu) % 5u];
    uint8_t win = (uint8_t)(((hd[1] >> 4) % 7u) + 1u);
    memset(&c, 0, sizeof c);
    c.role = (hd[0] & 1u) ? COSEM_HDLC_PRIMARY : COSEM_HDLC_SECONDARY;
    if (c.role == COSEM_HDLC_PRIMARY) {
        c.local.upper = 0x10;
        c.local.len = 1;
        c.peer = forms[(hd[0] >> 1) & 3u];
    } else {
        c.local = forms[(hd[0] >> 1) & 3u];
    }
    c.params.max_info_tx = info;
    c.params.max_info_rx = info;
    c.params.window_tx = win;
    c.params.window_rx = win;
    c.info_tx_cap = (hd[0] & 0x10u) ? 40 : 0;
    c.inactivity_timeout_ms = 5000;
    c.inter_frame_timeout_ms = 100;
    c.response_timeout_ms = 300;
    c.max_retries = 2;
    c.max_msdu = MAX_MSDU;
    c.send.fn = on_send;
    c.event.fn = on_event;
    c.shared_msdu = (hd[0] & 0x20u) != 0;
    if (c.shared_msdu) {
        size_t n = COSEM_HDLC_BUF_SIZE_SHARED(MAX_INFO, MAX_MSDU);
        require(cosem_hdlc_init(&g_h, &c, g_mem + sizeof g_mem - n, n) == COSEM_OK);
        return;
    }
    require(cosem_hdlc_init(&g_h, &c, g_mem, sizeof g_mem) == COSEM_OK);
}

/* Decodes the last frame sent (between its flags). */
static cosem_hdlc_frame_t last_frame(void)
{
    cosem_hdlc_frame_t f;
    require(g_last_len >= 9);
    require(cosem_hdlc_frame_decode(g_last + 1, g_last_len - 2, &f, NULL) == COSEM_OK);
    return f;
}

/* Feeds one frame built from its fields. */
static void feed_frame(cosem_hdlc_addr_t dst, cosem_hdlc_addr_t src, uint8_t ctrl)
{
    uint8_t b[32];
    cosem_axdr_writer_t w;
    cosem_hdlc_frame_t f;
    memset(&f, 0, sizeof f);
    f.dst = dst;
    f.src = src;
    f.control = ctrl;
    cosem_axdr_writer_init(&w, b, sizeof b);
    require(cosem_hdlc_frame_encode(&w, &f) == COSEM_OK);
    require(cosem_hdlc_feed(&g_h, b, cosem_axdr_writer_len(&w), g_now) == COSEM_OK);
}

/* Builds and feeds a frame described by a structured chunk. */
static void feed_struct(const uint8_t *p, size_t n)
{
    static uint8_t b[MAX_INFO + 64];
    cosem_hdlc_addr_t me = g_h.cfg.local, other = g_h.cfg.local, all = {0x7F, 0, 1};
    cosem_hdlc_addr_t client = {0x10, 0, 1}, client2 = {0x01, 0, 1};
    cosem_axdr_writer_t w;
    cosem_hdlc_frame_t f;
    uint8_t fl;
    if (n < 2) {
        return;
    }
    fl = p[1];
    other.upper = (uint16_t)(other.upper ^ 1u);
    memset(&f, 0, sizeof f);
    f.control = p[0];
    f.segmented = (fl & 1u) != 0;
    f.info = n > 2 ? p + 2 : NULL;
    f.info_len = n - 2;
    if (g_h.cfg.role == COSEM_HDLC_SECONDARY) {
        f.dst = (fl & 2u) ? all : (fl & 4u) ? other : me;
        f.src = (fl & 8u) ? client2 : client;
    } else {
        other = g_h.cfg.peer;
        other.upper = (uint16_t)(other.upper ^ 1u);
        f.dst = (fl & 4u) ? client2 : me;
        f.src = (fl & 8u) ? other : g_h.cfg.peer;
    }
    cosem_axdr_writer_init(&w, b, sizeof b);
    require(cosem_hdlc_frame_encode(&w, &f) == COSEM_OK);
    require(cosem_hdlc_feed(&g_h, b, cosem_axdr_writer_len(&w), g_now) == COSEM_OK);
}

/* After the fuzzed input, the station must still serve a valid peer. */
static void check_still_serves(void)
{
    cosem_hdlc_addr_t client = {0x10, 0, 1};
    cosem_hdlc_frame_t f;
    g_defer = false;
    g_now += 150; /* silence: a partial frame is dropped */
    require(cosem_hdlc_poll(&g_h, g_now) == COSEM_OK);
    g_last_len = 0;
    if (g_h.cfg.role == COSEM_HDLC_SECONDARY) {
        feed_frame(g_h.cfg.local, client, 0x93);
        f = last_frame();
        require(cosem_hdlc_ctrl_kind(f.control) == COSEM_HDLC_KIND_UA);
        require(COSEM_HDLC_CTRL_PF(f.control) == 1);
        require(cosem_hdlc_addr_equal(&f.dst, &client));
        require(cosem_hdlc_state(&g_h) == COSEM_HDLC_CONNECTED);
        return;
    }
    if (cosem_hdlc_state(&g_h) != COSEM_HDLC_DISCONNECTED) {
        require(cosem_hdlc_disconnect(&g_h, g_now) == COSEM_OK);
        feed_frame(client, g_h.cfg.peer, 0x1F); /* DM */
    }
    require(cosem_hdlc_state(&g_h) == COSEM_HDLC_DISCONNECTED);
    require(cosem_hdlc_connect(&g_h, g_now) == COSEM_OK);
    f = last_frame();
    require(cosem_hdlc_ctrl_kind(f.control) == COSEM_HDLC_KIND_SNRM);
    feed_frame(client, g_h.cfg.peer, 0x73); /* UA without parameters */
    require(cosem_hdlc_state(&g_h) == COSEM_HDLC_CONNECTED);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t pos = 6;
    if (size < 6) {
        return 0;
    }
    configure(data);
    g_defer = (data[0] & 0x08u) != 0;
    g_pending_len = 0;
    g_connected = 0;
    g_now = (uint32_t)data[2] << 24 | (uint32_t)data[3] << 16 | (uint32_t)data[4] << 8 | data[5];
    if (g_h.cfg.role == COSEM_HDLC_PRIMARY) {
        require(cosem_hdlc_connect(&g_h, g_now) == COSEM_OK);
    }
    while (pos + 2 <= size) {
        size_t n = data[pos] & 0x7Fu;
        bool structured = (data[pos] & 0x80u) != 0;
        g_now += (uint32_t)data[pos + 1] * 4u;
        pos += 2;
        if (n > size - pos) {
            n = size - pos;
        }
        require(cosem_hdlc_poll(&g_h, g_now) == COSEM_OK);
        if (g_pending_len > 0) {
            (void)cosem_hdlc_send(&g_h, g_pending, g_pending_len, g_now);
            g_pending_len = 0;
        }
        if (structured) {
            feed_struct(data + pos, n);
        } else {
            require(cosem_hdlc_feed(&g_h, data + pos, n, g_now) == COSEM_OK);
        }
        require(cosem_hdlc_state(&g_h) <= COSEM_HDLC_DISCONNECTING);
        pos += n;
    }
    check_still_serves();
    return 0;
}
