/* SPDX-License-Identifier: Apache-2.0 */
/* Wrapper link of the client session (IEC 62056-47): requests leave with
 * the 8-octet header (source wPort = client SAP, destination = server
 * logical device); the TCP stream is reassembled by a cosem_wrapper_t. */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

#if COSEM_WITH_WRAPPER

/* Buffer of the reassembler for max_apdu. */
static size_t wr_buf_size(const cosem_client_config_t *cfg)
{
    return COSEM_WRAPPER_BUF_SIZE(cfg->max_apdu);
}

/* Every complete frame is an APDU for the session (any destination wPort:
 * meters that answer with another wPort are still understood). */
static void on_event(void *user, const cosem_wrapper_event_t *ev)
{
    if (ev->type == COSEM_WRAPPER_EV_APDU) {
        cosem_client_on_apdu((cosem_client_t *)user, ev->apdu, ev->len);
    }
}

/* Header + APDU go to the session's send callback. */
static cosem_status_t send_frame(void *user, const uint8_t *data, size_t len)
{
    cosem_client_t *c = (cosem_client_t *)user;
    return c->cfg.send.fn(c->cfg.send.user, data, len);
}

/* Prepares the reassembler. */
static cosem_status_t wr_init(cosem_client_t *c, uint8_t *buf, size_t len)
{
    cosem_wrapper_config_t wc;
    memset(&wc, 0, sizeof wc);
    wc.max_apdu = c->cfg.max_apdu;
    wc.local_wport = c->cfg.client_sap;
    wc.send.fn = send_frame;
    wc.send.user = c;
    wc.event.fn = on_event;
    wc.event.user = c;
    return cosem_wrapper_init(&c->link.wrapper, &wc, buf, len);
}

/* The APDU area behind the header room. */
static uint8_t *wr_txbuf(cosem_client_t *c, size_t *cap)
{
    return cosem_wrapper_tx_buffer(&c->link.wrapper, cap);
}

/* Sends the APDU encoded in the transmit area. */
static cosem_status_t wr_send(cosem_client_t *c, size_t n)
{
    uint8_t *tx = cosem_wrapper_tx_buffer(&c->link.wrapper, NULL);
    return cosem_wrapper_send(&c->link.wrapper, c->cfg.client_sap, c->cfg.server_logical, tx, n);
}

/* A new connection starts with a clean stream. */
static cosem_status_t wr_connect(cosem_client_t *c, bool *pending)
{
    *pending = false;
    return cosem_wrapper_reset(&c->link.wrapper, c->now);
}

/* Nothing to send: the caller closes the TCP connection. */
static cosem_status_t wr_disconnect(cosem_client_t *c, bool *pending)
{
    (void)c;
    *pending = false;
    return COSEM_OK;
}

/* Stream octets in; a broken stream takes the link down. */
static cosem_status_t wr_feed(cosem_client_t *c, const uint8_t *bytes, size_t n)
{
    cosem_status_t st = cosem_wrapper_feed(&c->link.wrapper, bytes, n, c->now);
    if (st == COSEM_E_ARG || st == COSEM_E_STATE) {
        return st;
    }
    if (st != COSEM_OK) {
        cosem_client_on_link_down(c, st, 0);
    }
    return COSEM_OK;
}

/* The reassembler's timers (none configured: the session times out). */
static void wr_poll(cosem_client_t *c)
{
    (void)cosem_wrapper_poll(&c->link.wrapper, c->now);
}

/* The connection is gone: drop any partial frame. */
static void wr_reset(cosem_client_t *c)
{
    (void)cosem_wrapper_reset(&c->link.wrapper, c->now);
}

/* The APDU of one datagram (header checked). */
static cosem_status_t wr_unframe(const uint8_t *bytes, size_t n, const uint8_t **apdu,
                                 size_t *len)
{
    cosem_wrapper_header_t h;
    return cosem_wrapper_datagram(bytes, n, &h, apdu, len);
}

/* Operations of the wrapper link. */
const cosem_client_link_ops_t cosem_client_wrapper_ops = {
    wr_buf_size,   wr_init, wr_txbuf, wr_send,  wr_connect,
    wr_disconnect, wr_feed, wr_poll,  wr_reset, wr_unframe};

#else /* !COSEM_WITH_WRAPPER */

/* Operations of the wrapper link: none in this build. */
const cosem_client_link_ops_t cosem_client_wrapper_ops = {
    cosem_client_absent_buf_size, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    cosem_client_absent_unframe};

#endif /* COSEM_WITH_WRAPPER */

#else
typedef int cosem_client_wrapper_empty_t;
#endif /* COSEM_WITH_CLIENT */
