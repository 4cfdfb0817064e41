/* SPDX-License-Identifier: Apache-2.0 */
/* POSIX port: serve a cosem_server_t on the poll() loop. Each connection
 * (an accepted TCP connection carrying the wrapper or HDLC, a serial line,
 * an adopted descriptor) gets a slot from the caller's array: a link
 * context (wrapper or HDLC secondary station), an association and their
 * buffers. APDUs go to cosem_assoc_handle() with the link's transmit buffer
 * as output, so a response is never copied. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L
#define _DARWIN_C_SOURCE 1

#include <cosem/config.h>

#if COSEM_WITH_SERVER && COSEM_WITH_HDLC && COSEM_WITH_WRAPPER

#include <stdio.h>
#include <string.h>

#include "cosem_posix.h"

/* The links a configuration serves: the wrapper with a wPort, HDLC with an
 * address (a zeroed field leaves that link out). */
static bool has_wrapper(const cosem_posix_server_config_t *cfg)
{
    return cfg->wport != 0u;
}

static bool has_hdlc(const cosem_posix_server_config_t *cfg)
{
    return cfg->hdlc_addr.len != 0u;
}

/* Reports which argument was wrong (the server's port log, else standard
 * error) and returns COSEM_E_ARG. */
static cosem_status_t arg_error(const cosem_server_t *server, const char *fn, const char *what)
{
    char text[160];
    (void)snprintf(text, sizeof text, "%s: %s", fn, what);
    if (server != NULL && cosem_server_port(server)->log != NULL) {
        cosem_port_log(cosem_server_port(server), COSEM_LOG_ERROR, text);
    } else {
        (void)fprintf(stderr, "cosem_posix: %s\n", text);
    }
    return COSEM_E_ARG;
}

/* Largest information field of the configured HDLC parameters. */
static size_t max_info(const cosem_hdlc_params_t *p)
{
    size_t m = p->max_info_tx > p->max_info_rx ? p->max_info_tx : p->max_info_rx;
    return m == 0u ? COSEM_HDLC_DEFAULT_INFO : m;
}

/* Link buffer size of one slot: enough for each configured link. */
static size_t link_size(const cosem_posix_server_config_t *cfg)
{
    size_t w = has_wrapper(cfg) ? COSEM_WRAPPER_BUF_SIZE(cfg->max_apdu) : 0u;
    size_t h = has_hdlc(cfg) ? COSEM_HDLC_BUF_SIZE_SHARED(max_info(&cfg->hdlc_params), cfg->max_apdu)
                             : 0u;
    return w > h ? w : h;
}

/* The first wrong argument of cosem_posix_server_init(), or NULL. */
static const char *init_bad_arg(const cosem_posix_server_t *ps,
                                const cosem_posix_server_config_t *cfg,
                                const cosem_posix_loop_t *loop,
                                const cosem_posix_server_conn_t *conns, size_t count,
                                const uint8_t *mem)
{
    if (ps == NULL || cfg == NULL || loop == NULL) {
        return "ps, cfg and loop must not be NULL";
    }
    if (cfg->server == NULL) {
        return "cfg->server is NULL";
    }
    if (conns == NULL || count == 0u || mem == NULL) {
        return "no connection slots (conns, count, mem)";
    }
    if (cfg->max_apdu < 64u) {
        return "cfg->max_apdu is below 64";
    }
    if (!has_wrapper(cfg) && !has_hdlc(cfg)) {
        return "no link: set cfg->wport (wrapper) or cfg->hdlc_addr (HDLC)";
    }
    if (has_hdlc(cfg) && !cosem_hdlc_addr_valid(&cfg->hdlc_addr)) {
        return "cfg->hdlc_addr is not a valid HDLC address";
    }
    if (cfg->mode_e != NULL) {
#if COSEM_WITH_MODE_E
        cosem_mode_e_server_t probe;
        if (cosem_mode_e_server_init(&probe, cfg->mode_e) != COSEM_OK) {
            return "cfg->mode_e is not valid (manufacturer, ident, address, max_baud)";
        }
#else
        return "cfg->mode_e needs COSEM_WITH_MODE_E";
#endif
    }
    return NULL;
}

/* Prepares the glue: checks the arguments and carves the slot memory. */
cosem_status_t cosem_posix_server_init(cosem_posix_server_t *ps,
                                       const cosem_posix_server_config_t *cfg,
                                       cosem_posix_loop_t *loop, cosem_posix_server_conn_t *conns,
                                       size_t count, uint8_t *mem, size_t len)
{
    size_t i;
    const char *bad = init_bad_arg(ps, cfg, loop, conns, count, mem);
    if (bad != NULL) {
        return arg_error(cfg != NULL ? cfg->server : NULL, "cosem_posix_server_init", bad);
    }
    memset(ps, 0, sizeof *ps);
    ps->cfg = *cfg;
    ps->loop = loop;
    ps->conns = conns;
    ps->conn_count = count;
    ps->mem = mem;
    ps->slot_size = link_size(cfg) + (size_t)cfg->max_apdu + 32u;
    if (len / count < ps->slot_size) {
        return COSEM_E_NOSPACE;
    }
    for (i = 0; i < count; i++) {
        memset(&conns[i], 0, sizeof conns[i]);
        conns[i].srv = ps;
        conns[i].link.loop = loop;
        conns[i].link.id = -1;
        conns[i].link_buf = mem + i * ps->slot_size;
        conns[i].link_len = link_size(cfg);
        conns[i].assoc_buf = conns[i].link_buf + conns[i].link_len;
        conns[i].assoc_len = (size_t)cfg->max_apdu + 32u;
    }
    return COSEM_OK;
}

/* A free slot, or NULL. */
static cosem_posix_server_conn_t *slot_get(cosem_posix_server_t *ps)
{
    size_t i;
    for (i = 0; i < ps->conn_count; i++) {
        if (ps->conns[i].kind == COSEM_POSIX_SERVER_FREE) {
            return &ps->conns[i];
        }
    }
    return NULL;
}

/* Asks the loop to close the slot's endpoint (on_close frees the slot). */
static void conn_close(cosem_posix_server_conn_t *c)
{
    if (c->link.id >= 0) {
        (void)cosem_posix_close(c->link.loop, c->link.id);
    }
}

/* Opens the association for client_sap, replacing one of another client. */
static bool assoc_for(cosem_posix_server_conn_t *c, uint16_t client_sap)
{
    if (c->opened && c->client_sap == client_sap) {
        return true;
    }
    if (c->opened) {
        cosem_assoc_close(&c->assoc);
        c->opened = false;
    }
    if (cosem_assoc_open(&c->assoc, client_sap) != COSEM_OK) {
        c->srv->stats.unknown_sap++;
        return false;
    }
    c->opened = true;
    c->client_sap = client_sap;
    return true;
}

/* Ends the association of a slot (link gone). */
static void assoc_end(cosem_posix_server_conn_t *c)
{
    if (c->opened) {
        cosem_assoc_close(&c->assoc);
        c->opened = false;
    }
}

/* Hands one APDU to the association; the response (if any) is encoded in
 * out (the link's transmit buffer); returns its length. */
static size_t handle(cosem_posix_server_conn_t *c, const uint8_t *apdu, size_t len, uint8_t *out,
                     size_t cap)
{
    size_t out_len = 0;
    c->srv->stats.apdus++;
    if (cosem_assoc_handle(&c->assoc, apdu, len, out, cap, &out_len) != COSEM_OK) {
        return 0;
    }
    if (cosem_assoc_state(&c->assoc) == COSEM_ASSOC_ASSOCIATED) {
        c->associated = true;
    }
    return out_len;
}

/* ---- wrapper ---------------------------------------------------------- */

/* Wrapper event: an APDU for our wPort from a client wPort (its SAP). */
static void wrapper_event(void *user, const cosem_wrapper_event_t *ev)
{
    cosem_posix_server_conn_t *c = user;
    cosem_posix_server_t *ps = c->srv;
    uint8_t *out;
    size_t cap = 0, n;
    if (ev->type != COSEM_WRAPPER_EV_APDU || c->kind != COSEM_POSIX_SERVER_WRAPPER) {
        return;
    }
    if (!assoc_for(c, ev->src_wport)) {
        conn_close(c);
        return;
    }
    out = cosem_wrapper_tx_buffer(&c->l.w, &cap);
    n = handle(c, ev->apdu, ev->len, out, cap);
    if (n == 0u) {
        return;
    }
    for (;;) {
        if (cosem_wrapper_send(&c->l.w, ps->cfg.wport, ev->src_wport, out, n) != COSEM_OK) {
            ps->stats.dropped++;
            conn_close(c);
            return;
        }
        ps->stats.responses++;
#if COSEM_WITH_GBT
        /* the rest of a general-block-transfer window, back to back */
        out = cosem_wrapper_tx_buffer(&c->l.w, &cap);
        if (cosem_assoc_next(&c->assoc, out, cap, &n) != COSEM_OK || n == 0u) {
            return;
        }
#else
        return;
#endif
    }
}

/* Prepares a wrapper context in slot c. */
static cosem_status_t wrapper_setup(cosem_posix_server_conn_t *c, uint32_t now)
{
    cosem_wrapper_config_t wc;
    cosem_status_t st;
    memset(&wc, 0, sizeof wc);
    wc.max_apdu = c->srv->cfg.max_apdu;
    wc.filter_local = true;
    wc.local_wport = c->srv->cfg.wport;
    wc.inactivity_timeout_ms = c->srv->cfg.inactivity_timeout_ms;
    wc.frame_timeout_ms = c->srv->cfg.inter_frame_timeout_ms;
    wc.send.fn = cosem_posix_link_send;
    wc.send.user = &c->link;
    wc.event.fn = wrapper_event;
    wc.event.user = c;
    st = cosem_wrapper_init(&c->l.w, &wc, c->link_buf, c->link_len);
    if (st == COSEM_OK) {
        st = cosem_wrapper_reset(&c->l.w, now);
    }
    return st;
}

/* ---- HDLC ------------------------------------------------------------- */

/* A new HDLC connection: count it (serial lines; TCP counted at accept),
 * refuse it over the limit, open the association of the client's SAP. */
static void hdlc_connected(cosem_posix_server_conn_t *c, const cosem_hdlc_event_t *ev)
{
    cosem_posix_server_t *ps = c->srv;
    uint32_t now = cosem_posix_now_ms();
    c->last_rx_ms = now; /* idle time of a TCP connection counts from here */
    if (!c->counted) {
        if (ps->cfg.max_connections != 0u && ps->active >= ps->cfg.max_connections) {
            ps->stats.refused++;
            (void)cosem_hdlc_disconnect(&c->l.h, now);
            return;
        }
        c->counted = true;
        ps->active++;
        ps->stats.connections++;
    }
    if (!assoc_for(c, ev->peer.upper)) {
        (void)cosem_hdlc_disconnect(&c->l.h, now);
    }
}

#if COSEM_WITH_MODE_E
/* The serial line's descriptor (the loop's endpoint). */
static int conn_fd(const cosem_posix_server_conn_t *c)
{
    return c->link.loop->ep[c->link.id].fd;
}

/* Mode E: back to the 300 Bd 7E1 opening (after what was sent has left). */
static void opening_start(cosem_posix_server_conn_t *c)
{
    cosem_mode_e_server_reset(&c->me);
    c->in_opening = true;
    (void)cosem_posix_serial_speed(conn_fd(c), COSEM_MODE_E_START_BAUD, true);
}

/* Mode E: octets of the opening. Returns how many of data were not mode E
 * (they are HDLC, at the rate just switched to). */
static size_t opening_feed(cosem_posix_server_conn_t *c, const uint8_t *data, size_t n,
                           uint32_t now)
{
    size_t used = 0;
    while (c->in_opening && used < n) {
        cosem_mode_e_out_t out;
        used += cosem_mode_e_server_feed(&c->me, data + used, n - used, now, &out);
        if (out.todo == COSEM_MODE_E_SEND || out.todo == COSEM_MODE_E_SWITCH) {
            (void)cosem_posix_send(c->link.loop, c->link.id, out.data, out.len);
        }
        if (out.todo == COSEM_MODE_E_SWITCH || out.todo == COSEM_MODE_E_DIRECT_HDLC) {
            unsigned baud = out.todo == COSEM_MODE_E_SWITCH ? (unsigned)out.baud
                                                             : COSEM_MODE_E_START_BAUD;
            (void)cosem_posix_serial_speed(conn_fd(c), baud, false);
            c->in_opening = false;
            c->last_rx_ms = now; /* the HDLC connection must come within the inactivity time */
        }
    }
    return n - used;
}
#endif

/* The HDLC link went down: release the association and the count. */
static void hdlc_disconnected(cosem_posix_server_conn_t *c, const cosem_hdlc_event_t *ev)
{
    assoc_end(c);
#if COSEM_WITH_MODE_E
    if (c->mode_e) {
        opening_start(c);
    }
#endif
    if (c->tcp) {
        if (ev->reason == COSEM_HDLC_REASON_INACTIVITY) {
            conn_close(c);
        }
        return;
    }
    if (c->counted) {
        c->counted = false;
        c->srv->active--;
    }
}

/* An APDU in a UI frame (addressed to us or to all): run with the rights of
 * its own source's pre-established association, never the connected one's;
 * only unconfirmed services, nothing answered. */
static void hdlc_ui(cosem_posix_server_t *ps, const cosem_hdlc_event_t *ev)
{
    cosem_status_t st = cosem_assoc_init(&ps->ui, ps->cfg.server, ps->ui_buf,
                                         COSEM_POSIX_SERVER_UI_BUF);
    if (st == COSEM_OK) {
        st = cosem_assoc_open(&ps->ui, ev->peer.upper);
    }
    if (st == COSEM_OK) {
        ps->stats.apdus++;
        st = cosem_assoc_handle_connectionless(&ps->ui, ev->data, ev->len,
                                               ps->ui_buf + COSEM_POSIX_SERVER_UI_BUF,
                                               COSEM_POSIX_SERVER_UI_BUF);
    }
    if (st != COSEM_OK) {
        ps->stats.ui_refused++;
    }
    cosem_assoc_close(&ps->ui);
}

/* A complete APDU from the client: answer it through the station. */
static void hdlc_data(cosem_posix_server_conn_t *c, const cosem_hdlc_event_t *ev)
{
    cosem_posix_server_t *ps = c->srv;
    size_t cap = 0, n;
    uint8_t *out;
    if (ev->unnumbered || ev->broadcast) {
        hdlc_ui(ps, ev);
        return;
    }
    if (!c->opened) {
        return;
    }
    out = cosem_hdlc_tx_buffer(&c->l.h, &cap);
    if (out == NULL) {
        ps->stats.dropped++;
        return;
    }
    n = handle(c, ev->data, ev->len, out, cap);
    if (n == 0u) {
        (void)cosem_hdlc_send_none(&c->l.h, cosem_posix_now_ms()); /* RR to a poll now */
        return;
    }
    if (cosem_hdlc_send(&c->l.h, out, n, cosem_posix_now_ms()) == COSEM_OK) {
        ps->stats.responses++;
    } else {
        ps->stats.dropped++;
    }
}

/* Station events. */
static void hdlc_event(void *user, const cosem_hdlc_event_t *ev)
{
    cosem_posix_server_conn_t *c = user;
    if (c->kind != COSEM_POSIX_SERVER_HDLC) {
        return;
    }
    if (ev->type == COSEM_HDLC_EV_CONNECTED) {
        hdlc_connected(c, ev);
    } else if (ev->type == COSEM_HDLC_EV_DISCONNECTED) {
        hdlc_disconnected(c, ev);
    } else {
        hdlc_data(c, ev);
    }
}

/* HDLC send callback: a failed send (a peer that does not read, a broken
 * line) marks the connection, closed once the station is done with it. */
static cosem_status_t hdlc_link_send(void *user, const uint8_t *frame, size_t len)
{
    cosem_posix_server_conn_t *c = user;
    cosem_status_t st = cosem_posix_link_send(&c->link, frame, len);
    if (st != COSEM_OK) {
        c->tx_failed = true;
    }
    return st;
}

/* Closes a connection whose HDLC send failed. */
static void hdlc_check_tx(cosem_posix_server_conn_t *c)
{
    if (c->kind == COSEM_POSIX_SERVER_HDLC && c->tx_failed) {
        c->srv->stats.dropped++;
        conn_close(c);
    }
}

/* Our HDLC address: the configured one, its physical address from the
 * configuration station when there is one (2- and 4-octet forms). */
static cosem_hdlc_addr_t own_addr(const cosem_posix_server_config_t *sc)
{
    cosem_hdlc_addr_t a = sc->hdlc_addr;
    if (sc->hdlc_station != NULL && a.len != 1u) {
        a.lower = cosem_hdlc_address(sc->hdlc_station);
    }
    return a;
}

/* The configuration a slot's station gets: parameters and time-outs of the
 * configuration station, else of the glue's configuration. */
static void hdlc_link_config(const cosem_posix_server_config_t *sc, cosem_hdlc_config_t *hc)
{
    if (sc->hdlc_station != NULL) {
        const cosem_hdlc_config_t *t = cosem_hdlc_config(sc->hdlc_station);
        hc->params = t->params;
        hc->inactivity_timeout_ms = t->inactivity_timeout_ms;
        hc->inter_frame_timeout_ms = t->inter_frame_timeout_ms;
    } else {
        hc->params = sc->hdlc_params;
        hc->inactivity_timeout_ms = sc->inactivity_timeout_ms;
        hc->inter_frame_timeout_ms = sc->inter_frame_timeout_ms;
    }
}

/* Prepares the slot's station with our address in the form of addr_len
 * octets (1, 2 or 4). */
static cosem_status_t hdlc_setup(cosem_posix_server_conn_t *c, uint8_t addr_len)
{
    const cosem_posix_server_config_t *sc = &c->srv->cfg;
    cosem_hdlc_config_t hc;
    memset(&hc, 0, sizeof hc);
    hc.role = COSEM_HDLC_SECONDARY;
    hc.local = own_addr(sc);
    hc.local.len = addr_len;
    if (addr_len == 1u) {
        hc.local.lower = 0;
    }
    hdlc_link_config(sc, &hc);
    hc.max_msdu = sc->max_apdu;
    hc.shared_msdu = true; /* answered from the callback: one MSDU buffer serves both ways */
    hc.send.fn = hdlc_link_send;
    hc.send.user = c;
    hc.event.fn = hdlc_event;
    hc.event.user = c;
    c->addr_len = addr_len;
    return cosem_hdlc_init(&c->l.h, &hc, c->link_buf, c->link_len);
}

/* Decodes the destination address at p (n octets available); its length
 * (1, 2, 4) or 0 when incomplete or malformed. */
static uint8_t sniff_addr(const uint8_t *p, size_t n, cosem_hdlc_addr_t *a)
{
    size_t k = 0;
    while (k < n && k < 4u && (p[k] & 1u) == 0u) {
        k++;
    }
    if (k >= n || k >= 4u || k == 2u) {
        return 0; /* no end within 4 octets (or 3 octets) */
    }
    k++;
    memset(a, 0, sizeof *a);
    a->len = (uint8_t)k;
    if (k == 1u) {
        a->upper = (uint16_t)(p[0] >> 1);
    } else if (k == 2u) {
        a->upper = (uint16_t)(p[0] >> 1);
        a->lower = (uint16_t)(p[1] >> 1);
    } else {
        a->upper = (uint16_t)(((unsigned)(p[0] >> 1) << 7) | (unsigned)(p[1] >> 1));
        a->lower = (uint16_t)(((unsigned)(p[2] >> 1) << 7) | (unsigned)(p[3] >> 1));
    }
    return a->len;
}

/* Whether address a is our address in some form. */
static bool addr_ours(const cosem_hdlc_addr_t *own, const cosem_hdlc_addr_t *a)
{
    if (a->upper != own->upper) {
        return false;
    }
    return a->len == 1u || a->lower == own->lower;
}

/* Whether the configuration station changed since the slot's station was
 * prepared (parameters, time-outs, physical address). */
static bool hdlc_stale(const cosem_posix_server_conn_t *c)
{
    const cosem_posix_server_config_t *sc = &c->srv->cfg;
    const cosem_hdlc_config_t *now = cosem_hdlc_config(&c->l.h);
    cosem_hdlc_config_t want;
    if (sc->hdlc_station == NULL) {
        return false;
    }
    memset(&want, 0, sizeof want);
    hdlc_link_config(sc, &want);
    return memcmp(&want.params, &now->params, sizeof want.params) != 0 ||
           want.inactivity_timeout_ms != now->inactivity_timeout_ms ||
           want.inter_frame_timeout_ms != now->inter_frame_timeout_ms ||
           (c->addr_len != 1u && own_addr(sc).lower != cosem_hdlc_address(&c->l.h));
}

/* While the station is disconnected, looks at the first frame start in the
 * bytes: when it addresses us with another address length, or the
 * configuration station changed, the station is prepared again with that
 * form (1-, 2- and 4-octet forms all work) and the current configuration. */
static void hdlc_follow_form(cosem_posix_server_conn_t *c, const uint8_t *d, size_t n)
{
    size_t i;
    cosem_hdlc_addr_t a;
    cosem_hdlc_addr_t own = own_addr(&c->srv->cfg);
    if (cosem_hdlc_state(&c->l.h) != COSEM_HDLC_DISCONNECTED) {
        return;
    }
    for (i = 0; i + 3u < n; i++) {
        if (d[i] == COSEM_HDLC_FLAG && (d[i + 1u] & 0xF0u) == 0xA0u) {
            break;
        }
    }
    if (i + 3u >= n || sniff_addr(d + i + 3u, n - i - 3u, &a) == 0u) {
        return;
    }
    if ((a.len != c->addr_len || hdlc_stale(c)) && addr_ours(&own, &a)) {
        (void)hdlc_setup(c, a.len);
    }
}

/* ---- endpoints -------------------------------------------------------- */

/* A new endpoint: refuse a TCP connection over the limit, else give it a
 * slot with its link and association. */
static void open_common(cosem_posix_server_t *ps, cosem_posix_loop_t *loop, int id, uint8_t kind)
{
    bool tcp = cosem_posix_parent(loop, id) >= 0;
    cosem_posix_server_conn_t *c = NULL;
    cosem_status_t st = COSEM_E_NOSPACE;
    if (!tcp || ps->cfg.max_connections == 0u || ps->active < ps->cfg.max_connections) {
        c = slot_get(ps);
    }
    if (c != NULL) {
        c->kind = kind;
        c->tcp = tcp;
        c->tx_failed = false;
        c->associated = false;
        c->link.id = id;
#if COSEM_WITH_MODE_E
        c->mode_e = !tcp && kind == COSEM_POSIX_SERVER_HDLC && ps->cfg.mode_e != NULL;
        c->in_opening = false;
        if (c->mode_e) {
            (void)cosem_mode_e_server_init(&c->me, ps->cfg.mode_e);
            opening_start(c);
        }
#endif
        c->last_rx_ms = cosem_posix_now_ms();
        c->open_ms = c->last_rx_ms;
        st = kind == COSEM_POSIX_SERVER_WRAPPER ? wrapper_setup(c, c->last_rx_ms)
                                                : hdlc_setup(c, ps->cfg.hdlc_addr.len);
        if (st == COSEM_OK) {
            st = cosem_assoc_init(&c->assoc, ps->cfg.server, c->assoc_buf, c->assoc_len);
        }
#if COSEM_WITH_GBT
        if (st == COSEM_OK && kind == COSEM_POSIX_SERVER_WRAPPER) {
            cosem_assoc_set_gbt_window(&c->assoc, ps->cfg.gbt_window);
        }
#endif
    }
    if (st != COSEM_OK) {
        if (c != NULL) {
            c->kind = COSEM_POSIX_SERVER_FREE;
            c->link.id = -1;
        }
        ps->stats.refused++;
        (void)cosem_posix_close(loop, id);
        return;
    }
    cosem_posix_set_ctx(loop, id, c);
    if (tcp) {
        c->counted = true;
        ps->active++;
        ps->stats.connections++;
    }
}

/* on_open of wrapper listeners. */
static void on_open_wrapper(void *user, cosem_posix_loop_t *loop, int id)
{
    open_common(user, loop, id, COSEM_POSIX_SERVER_WRAPPER);
}

/* on_open of HDLC listeners, serial lines and adopted descriptors. */
static void on_open_hdlc(void *user, cosem_posix_loop_t *loop, int id)
{
    open_common(user, loop, id, COSEM_POSIX_SERVER_HDLC);
}

/* Bytes for a slot's link. */
static void on_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *data, size_t n)
{
    cosem_posix_server_conn_t *c = cosem_posix_ctx(loop, id);
    uint32_t now = cosem_posix_now_ms();
    (void)user;
    if (c == NULL) {
        return;
    }
    if (c->kind == COSEM_POSIX_SERVER_WRAPPER) {
        if (cosem_wrapper_feed(&c->l.w, data, n, now) != COSEM_OK) {
            conn_close(c); /* a broken stream cannot be resynchronised */
        }
    } else if (c->kind == COSEM_POSIX_SERVER_HDLC) {
#if COSEM_WITH_MODE_E
        if (c->in_opening) {
            size_t rest = opening_feed(c, data, n, now);
            data += n - rest;
            n = rest;
            if (n == 0u) {
                return;
            }
        }
#endif
        hdlc_follow_form(c, data, n);
        (void)cosem_hdlc_feed(&c->l.h, data, n, now);
        hdlc_check_tx(c);
    }
}

/* The slot serving endpoint id, or NULL (the loop's context pointer is no
 * longer readable while an endpoint closes, so the slots are searched). */
static cosem_posix_server_conn_t *slot_of(cosem_posix_server_t *ps, int id)
{
    size_t i;
    for (i = 0; i < ps->conn_count; i++) {
        if (ps->conns[i].kind != COSEM_POSIX_SERVER_FREE && ps->conns[i].link.id == id) {
            return &ps->conns[i];
        }
    }
    return NULL;
}

/* The endpoint is closing: release the association, the count, the slot. */
static void on_close(void *user, cosem_posix_loop_t *loop, int id, cosem_status_t why)
{
    cosem_posix_server_conn_t *c = slot_of(user, id);
    (void)loop;
    (void)why;
    if (c == NULL) {
        return;
    }
    assoc_end(c);
    if (c->counted) {
        c->counted = false;
        c->srv->active--;
    }
    c->kind = COSEM_POSIX_SERVER_FREE;
    c->link.id = -1;
}

/* Listens on a TCP port for the wrapper or HDLC. */
cosem_status_t cosem_posix_server_listen(cosem_posix_server_t *ps, cosem_posix_server_link_t link,
                                         const char *addr, uint16_t port, int *id)
{
    cosem_posix_handlers_t h;
    if (ps == NULL || id == NULL) {
        return arg_error(ps != NULL ? ps->cfg.server : NULL, "cosem_posix_server_listen",
                         "ps and id must not be NULL");
    }
    if (link != COSEM_POSIX_SERVER_WRAPPER && link != COSEM_POSIX_SERVER_HDLC) {
        return arg_error(ps->cfg.server, "cosem_posix_server_listen", "link is not a link");
    }
    if (link == COSEM_POSIX_SERVER_WRAPPER ? !has_wrapper(&ps->cfg) : !has_hdlc(&ps->cfg)) {
        return arg_error(ps->cfg.server, "cosem_posix_server_listen",
                         link == COSEM_POSIX_SERVER_WRAPPER
                             ? "wrapper link asked for but cfg->wport was 0"
                             : "HDLC link asked for but cfg->hdlc_addr was not set");
    }
    h.on_open = link == COSEM_POSIX_SERVER_WRAPPER ? on_open_wrapper : on_open_hdlc;
    h.on_data = on_data;
    h.on_close = on_close;
    h.user = ps;
    return cosem_posix_tcp_listen(ps->loop, addr, port, ps->cfg.max_connections, &h, id);
}

/* Handlers of serial lines and adopted descriptors (always HDLC). */
static cosem_posix_handlers_t hdlc_handlers(cosem_posix_server_t *ps)
{
    cosem_posix_handlers_t h;
    h.on_open = on_open_hdlc;
    h.on_data = on_data;
    h.on_close = on_close;
    h.user = ps;
    return h;
}

/* Checks the arguments of an HDLC endpoint (serial line, descriptor). */
static cosem_status_t hdlc_bad_arg(const cosem_posix_server_t *ps, const int *id, const char *fn)
{
    if (ps == NULL || id == NULL) {
        return arg_error(ps != NULL ? ps->cfg.server : NULL, fn, "ps and id must not be NULL");
    }
    if (!has_hdlc(&ps->cfg)) {
        return arg_error(ps->cfg.server, fn, "HDLC link asked for but cfg->hdlc_addr was not set");
    }
    return COSEM_OK;
}

/* Serves HDLC on a serial line. */
cosem_status_t cosem_posix_server_serial(cosem_posix_server_t *ps, const char *path,
                                         const cosem_posix_serial_opts_t *opts, int *id)
{
    cosem_posix_handlers_t h;
    cosem_status_t st;
    if (hdlc_bad_arg(ps, id, "cosem_posix_server_serial") != COSEM_OK) {
        return COSEM_E_ARG;
    }
    if (slot_get(ps) == NULL) {
        return COSEM_E_NOSPACE;
    }
    h = hdlc_handlers(ps);
    st = cosem_posix_serial_open(ps->loop, path, opts, &h, id);
    if (st == COSEM_OK && cosem_posix_ctx(ps->loop, *id) == NULL) {
        st = COSEM_E_NOSPACE; /* on_open could not set up the slot */
    }
    return st;
}

/* Serves HDLC on an adopted descriptor. */
cosem_status_t cosem_posix_server_adopt(cosem_posix_server_t *ps, int fd, int *id)
{
    cosem_posix_handlers_t h;
    cosem_status_t st;
    if (hdlc_bad_arg(ps, id, "cosem_posix_server_adopt") != COSEM_OK) {
        return COSEM_E_ARG;
    }
    if (slot_get(ps) == NULL) {
        return COSEM_E_NOSPACE;
    }
    h = hdlc_handlers(ps);
    st = cosem_posix_add_fd(ps->loop, fd, &h, id);
    if (st == COSEM_OK && cosem_posix_ctx(ps->loop, *id) == NULL) {
        st = COSEM_E_NOSPACE;
    }
    return st;
}

/* Whether a TCP connection held its slot too long without associating. */
static bool assoc_late(cosem_posix_server_t *ps, cosem_posix_server_conn_t *c, uint32_t now)
{
    return c->tcp && !c->associated && ps->cfg.associate_timeout_ms != 0u &&
           (uint32_t)(now - c->open_ms) >= ps->cfg.associate_timeout_ms;
}

/* Runs one slot's timers; closes a TCP connection whose link timed out,
 * that stayed idle without an HDLC connection (stray octets such as lone
 * flags do not count), or that did not associate in time. */
static void conn_poll(cosem_posix_server_t *ps, cosem_posix_server_conn_t *c, uint32_t now)
{
    uint32_t idle = ps->cfg.hdlc_station != NULL
                        ? cosem_hdlc_config(ps->cfg.hdlc_station)->inactivity_timeout_ms
                        : ps->cfg.inactivity_timeout_ms;
    if (assoc_late(ps, c, now)) {
        conn_close(c);
        return;
    }
    if (c->kind == COSEM_POSIX_SERVER_WRAPPER) {
        if (cosem_wrapper_poll(&c->l.w, now) != COSEM_OK) {
            conn_close(c);
        }
        return;
    }
#if COSEM_WITH_MODE_E
    if (c->mode_e) {
        if (c->in_opening) {
            (void)cosem_mode_e_server_poll(&c->me, now);
            return;
        }
        if (idle != 0u && cosem_hdlc_state(&c->l.h) == COSEM_HDLC_DISCONNECTED &&
            (uint32_t)(now - c->last_rx_ms) >= idle) {
            opening_start(c); /* switched, but no HDLC connection came */
            return;
        }
    }
#endif
    (void)cosem_hdlc_poll(&c->l.h, now);
    hdlc_check_tx(c);
    if (c->kind == COSEM_POSIX_SERVER_HDLC && c->tcp && idle != 0u &&
        cosem_hdlc_state(&c->l.h) == COSEM_HDLC_DISCONNECTED &&
        (uint32_t)(now - c->last_rx_ms) >= idle) {
        conn_close(c);
    }
}

/* Runs every slot's timers. */
void cosem_posix_server_poll(cosem_posix_server_t *ps, uint32_t now_ms)
{
    size_t i;
    for (i = 0; i < ps->conn_count; i++) {
        if (ps->conns[i].kind != COSEM_POSIX_SERVER_FREE) {
            conn_poll(ps, &ps->conns[i], now_ms);
        }
    }
}

/* A push in a UI frame on every HDLC link (see the header). */
cosem_status_t cosem_posix_server_send_ui(cosem_posix_server_t *ps, uint8_t client,
                                          const uint8_t *apdu, size_t n)
{
    cosem_status_t st = COSEM_E_STATE;
    cosem_hdlc_addr_t dst;
    size_t i;
    if (ps == NULL || apdu == NULL || client == 0u || client > COSEM_HDLC_ALL_STATION) {
        return COSEM_E_ARG;
    }
    dst.upper = client;
    dst.lower = 0;
    dst.len = 1;
    for (i = 0; i < ps->conn_count; i++) {
        cosem_posix_server_conn_t *c = &ps->conns[i];
        cosem_status_t r;
        if (c->kind != COSEM_POSIX_SERVER_HDLC) {
            continue;
        }
#if COSEM_WITH_MODE_E
        if (c->mode_e && c->in_opening) {
            continue;
        }
#endif
        r = cosem_hdlc_send_ui(&c->l.h, &dst, apdu, n, cosem_posix_now_ms());
        if (r == COSEM_OK || st == COSEM_E_STATE) {
            st = r;
        }
    }
    return st;
}

/* Connections counted against the limit. */
unsigned cosem_posix_server_active(const cosem_posix_server_t *ps)
{
    return ps->active;
}

/* Counters. */
const cosem_posix_server_stats_t *cosem_posix_server_stats(const cosem_posix_server_t *ps)
{
    return &ps->stats;
}

#else
typedef int cosem_posix_server_empty_t;
#endif
