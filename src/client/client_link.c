/* SPDX-License-Identifier: Apache-2.0 */
/* Link dispatch of the client session: the same few calls (buffer size,
 * transmit buffer, send, connect, disconnect, feed, poll, reset) mapped to
 * the HDLC primary station (client_hdlc.c), the wrapper reassembler
 * (client_wrapper.c) or the bare-APDU link (here) through a table of
 * operations, so a build without a link drops that file's code. */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

#if !COSEM_WITH_HDLC || !COSEM_WITH_WRAPPER
/* A link not built: size 0 makes cosem_client_init() refuse it. */
size_t cosem_client_absent_buf_size(const cosem_client_config_t *cfg)
{
    (void)cfg;
    return 0;
}

/* A link not built: no unit of it can be taken apart. */
cosem_status_t cosem_client_absent_unframe(const uint8_t *bytes, size_t n,
                                           const uint8_t **apdu, size_t *len)
{
    (void)bytes;
    (void)n;
    (void)apdu;
    (void)len;
    return COSEM_E_UNSUPPORTED;
}
#endif

/* APDU link: one request buffer, the caller's send callback. */
static size_t apdu_buf_size(const cosem_client_config_t *cfg)
{
    return cfg->max_apdu;
}

/* APDU link: the whole link buffer is the request buffer. */
static cosem_status_t apdu_init(cosem_client_t *c, uint8_t *buf, size_t len)
{
    (void)len;
    c->tx = buf;
    return COSEM_OK;
}

/* APDU link: requests are encoded in the request buffer. */
static uint8_t *apdu_txbuf(cosem_client_t *c, size_t *cap)
{
    *cap = c->cfg.max_apdu;
    return c->tx;
}

/* APDU link: the bare APDU goes to the send callback. */
static cosem_status_t apdu_send(cosem_client_t *c, size_t n)
{
    return c->cfg.send.fn(c->cfg.send.user, c->tx, n);
}

/* APDU link: nothing to set up or take down. */
static cosem_status_t apdu_updown(cosem_client_t *c, bool *pending)
{
    (void)c;
    *pending = false;
    return COSEM_OK;
}

/* APDU link: every feed is one APDU. */
static cosem_status_t apdu_feed(cosem_client_t *c, const uint8_t *bytes, size_t n)
{
    cosem_client_on_apdu(c, bytes, n);
    return COSEM_OK;
}

/* APDU link: no timers, no state. */
static void apdu_nothing(cosem_client_t *c)
{
    (void)c;
}

/* Operations of the bare-APDU link. */
static const cosem_client_link_ops_t apdu_ops = {
    apdu_buf_size, apdu_init, apdu_txbuf,   apdu_send,    apdu_updown,
    apdu_updown,   apdu_feed, apdu_nothing, apdu_nothing, NULL};

/* The operations of the configured link. */
static const cosem_client_link_ops_t *ops_of(const cosem_client_config_t *cfg)
{
    switch (cfg->link) {
    case COSEM_CLIENT_LINK_HDLC:
        return &cosem_client_hdlc_ops;
    case COSEM_CLIENT_LINK_WRAPPER:
        return &cosem_client_wrapper_ops;
    default:
        return &apdu_ops;
    }
}

/* Link buffer size; 0 when the link is not built. */
size_t cosem_client_link_buf_size(const cosem_client_config_t *cfg)
{
    return ops_of(cfg)->buf_size(cfg);
}

/* Prepares the link context in its part of the session buffer. */
cosem_status_t cosem_client_link_init(cosem_client_t *c, uint8_t *buf, size_t len)
{
    c->link_buf = buf;
    c->link_len = len;
    return ops_of(&c->cfg)->init(c, buf, len);
}

/* Whether the session runs over HDLC (its own retries, longer waits). */
bool cosem_client_link_is_hdlc(const cosem_client_t *c)
{
    return c->cfg.link == COSEM_CLIENT_LINK_HDLC;
}

/* Where the next request is encoded (NULL while the link is busy). */
uint8_t *cosem_client_link_txbuf(cosem_client_t *c, size_t *cap)
{
    *cap = 0;
    return ops_of(&c->cfg)->txbuf(c, cap);
}

/* Sends n octets of the transmit buffer as one APDU. */
cosem_status_t cosem_client_link_send(cosem_client_t *c, size_t n)
{
    return ops_of(&c->cfg)->send(c, n);
}

/* Brings the link up (*pending: wait for the link's answer). */
cosem_status_t cosem_client_link_connect(cosem_client_t *c, bool *pending)
{
    return ops_of(&c->cfg)->connect(c, pending);
}

/* Takes the link down (*pending: wait for the link's answer). */
cosem_status_t cosem_client_link_disconnect(cosem_client_t *c, bool *pending)
{
    return ops_of(&c->cfg)->disconnect(c, pending);
}

/* Feeds received octets to the link. */
cosem_status_t cosem_client_link_feed(cosem_client_t *c, const uint8_t *bytes, size_t n)
{
    return ops_of(&c->cfg)->feed(c, bytes, n);
}

/* Runs the link's timers. */
void cosem_client_link_poll(cosem_client_t *c)
{
    ops_of(&c->cfg)->poll(c);
}

/* Forgets the link's state after the transport closed. */
void cosem_client_link_reset(cosem_client_t *c)
{
    ops_of(&c->cfg)->reset(c);
}

#else
typedef int cosem_client_link_empty_t;
#endif /* COSEM_WITH_CLIENT */
