/* SPDX-License-Identifier: Apache-2.0 */
/* HDLC link of the client session: the session is an HDLC primary station
 * (IEC 62056-46); SNRM/UA, segmentation, polling and link-level retries are
 * the station's, this file only maps its events to the session. */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

#if COSEM_WITH_HDLC

/* Largest information field the configuration proposes. */
static size_t max_info(const cosem_client_config_t *cfg)
{
    size_t tx = cfg->hdlc.max_info_tx ? cfg->hdlc.max_info_tx : COSEM_HDLC_DEFAULT_INFO;
    size_t rx = cfg->hdlc.max_info_rx ? cfg->hdlc.max_info_rx : COSEM_HDLC_DEFAULT_INFO;
    return tx > rx ? tx : rx;
}

/* Buffer of the station for max_apdu. */
static size_t hdlc_buf_size(const cosem_client_config_t *cfg)
{
    return COSEM_HDLC_BUF_SIZE(max_info(cfg), cfg->max_apdu);
}

/* Server address in the configured (or the shortest fitting) form. */
static cosem_hdlc_addr_t server_addr(const cosem_client_config_t *cfg)
{
    cosem_hdlc_addr_t a;
    a.upper = cfg->server_logical;
    a.lower = cfg->server_physical;
    a.len = cfg->server_addr_len;
    if (a.len == 0) {
        if (a.lower == 0 && a.upper < 0x80u) {
            a.len = 1;
        } else {
            a.len = (a.upper < 0x80u && a.lower < 0x80u) ? 2 : 4;
        }
    }
    if (a.len == 1) {
        a.lower = 0;
    }
    return a;
}

/* Station events: link up, link down (with why), an APDU. */
static void on_event(void *user, const cosem_hdlc_event_t *ev)
{
    cosem_client_t *c = (cosem_client_t *)user;
    cosem_status_t st = COSEM_E_CLOSED;
    switch (ev->type) {
    case COSEM_HDLC_EV_CONNECTED:
        c->info.hdlc = *ev->params;
        cosem_client_on_link_up(c);
        break;
    case COSEM_HDLC_EV_DATA:
        cosem_client_on_apdu(c, ev->data, ev->len);
        break;
    default:
        if (ev->reason == COSEM_HDLC_REASON_NO_RESPONSE ||
            ev->reason == COSEM_HDLC_REASON_INACTIVITY) {
            st = COSEM_E_TIMEOUT;
        } else if (ev->reason == COSEM_HDLC_REASON_REFUSED) {
            st = COSEM_E_DENIED;
        }
        cosem_client_on_link_down(c, st, (uint8_t)ev->reason);
        break;
    }
}

/* Frames go straight to the session's send callback. */
static cosem_status_t send_frame(void *user, const uint8_t *frame, size_t len)
{
    cosem_client_t *c = (cosem_client_t *)user;
    return c->cfg.send.fn(c->cfg.send.user, frame, len);
}

/* Prepares the primary station. */
static cosem_status_t hdlc_init(cosem_client_t *c, uint8_t *buf, size_t len)
{
    cosem_hdlc_config_t hc;
    memset(&hc, 0, sizeof hc);
    hc.role = COSEM_HDLC_PRIMARY;
    hc.local.upper = c->cfg.client_sap;
    hc.local.len = 1;
    hc.peer = server_addr(&c->cfg);
    hc.params = c->cfg.hdlc;
    hc.info_tx_cap = c->cfg.hdlc_info_tx_cap;
    hc.inactivity_timeout_ms = c->cfg.hdlc_inactivity_ms;
    hc.inter_frame_timeout_ms = c->cfg.response_timeout_ms;
    hc.response_timeout_ms = c->cfg.response_timeout_ms;
    hc.max_retries = c->cfg.retries;
    hc.max_msdu = c->cfg.max_apdu;
    hc.send.fn = send_frame;
    hc.send.user = c;
    hc.event.fn = on_event;
    hc.event.user = c;
    if (!cosem_hdlc_addr_valid(&hc.peer)) {
        return COSEM_E_ARG;
    }
    return cosem_hdlc_init(&c->link.hdlc, &hc, buf, len);
}

/* The station's transmit MSDU buffer (NULL while one is going out). */
static uint8_t *hdlc_txbuf(cosem_client_t *c, size_t *cap)
{
    return cosem_hdlc_tx_buffer(&c->link.hdlc, cap);
}

/* Sends the MSDU encoded in the transmit buffer. */
static cosem_status_t hdlc_send(cosem_client_t *c, size_t n)
{
    size_t cap;
    uint8_t *tx = cosem_hdlc_tx_buffer(&c->link.hdlc, &cap);
    if (tx == NULL) {
        return COSEM_E_WOULDBLOCK; /* a resend is the station's job */
    }
    return cosem_hdlc_send(&c->link.hdlc, tx, n, c->now);
}

/* SNRM unless the link is already up. */
static cosem_status_t hdlc_connect(cosem_client_t *c, bool *pending)
{
    *pending = false;
    if (cosem_hdlc_state(&c->link.hdlc) == COSEM_HDLC_CONNECTED) {
        return COSEM_OK;
    }
    *pending = true;
    return cosem_hdlc_connect(&c->link.hdlc, c->now);
}

/* DISC unless the link is already down. */
static cosem_status_t hdlc_disconnect(cosem_client_t *c, bool *pending)
{
    *pending = false;
    if (cosem_hdlc_state(&c->link.hdlc) == COSEM_HDLC_DISCONNECTED) {
        return COSEM_OK;
    }
    *pending = true;
    return cosem_hdlc_disconnect(&c->link.hdlc, c->now);
}

/* Line octets into the station. */
static cosem_status_t hdlc_feed(cosem_client_t *c, const uint8_t *bytes, size_t n)
{
    return cosem_hdlc_feed(&c->link.hdlc, bytes, n, c->now);
}

/* The station's timers. */
static void hdlc_poll(cosem_client_t *c)
{
    (void)cosem_hdlc_poll(&c->link.hdlc, c->now);
}

/* The line is gone: start the station afresh (no DISC can reach the peer). */
static void hdlc_reset(cosem_client_t *c)
{
    (void)hdlc_init(c, c->link_buf, c->link_len);
}

/* The APDU inside one HDLC frame (flags included), LLC header stripped. */
static cosem_status_t hdlc_unframe(const uint8_t *bytes, size_t n, const uint8_t **apdu,
                                size_t *len)
{
    cosem_hdlc_frame_t f;
    cosem_status_t st;
    if (n < 2 || bytes[0] != COSEM_HDLC_FLAG || bytes[n - 1] != COSEM_HDLC_FLAG) {
        return COSEM_E_MALFORMED;
    }
    st = cosem_hdlc_frame_decode(bytes + 1, n - 2, &f, NULL);
    if (st != COSEM_OK) {
        return st;
    }
    if (f.segmented) {
        return COSEM_E_UNSUPPORTED;
    }
    if (f.info_len < COSEM_HDLC_LLC_LEN || f.info[0] != 0xE6 || (f.info[1] & 0xFEu) != 0xE6 ||
        f.info[2] != 0x00) {
        return COSEM_E_MALFORMED;
    }
    *apdu = f.info + COSEM_HDLC_LLC_LEN;
    *len = f.info_len - COSEM_HDLC_LLC_LEN;
    return COSEM_OK;
}

/* Operations of the HDLC link. */
const cosem_client_link_ops_t cosem_client_hdlc_ops = {
    hdlc_buf_size, hdlc_init, hdlc_txbuf, hdlc_send,  hdlc_connect,
    hdlc_disconnect, hdlc_feed, hdlc_poll, hdlc_reset, hdlc_unframe};

#else /* !COSEM_WITH_HDLC */

/* Operations of the HDLC link: none in this build. */
const cosem_client_link_ops_t cosem_client_hdlc_ops = {
    cosem_client_absent_buf_size, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    cosem_client_absent_unframe};

#endif /* COSEM_WITH_HDLC */

#else
typedef int cosem_client_hdlc_empty_t;
#endif /* COSEM_WITH_CLIENT */
