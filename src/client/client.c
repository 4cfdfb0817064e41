/* SPDX-License-Identifier: Apache-2.0 */
/* Client session core: configuration, the one-operation-at-a-time state
 * machine, response dispatch, time-outs and retries, completion. The link
 * glue (client_link.c), association (client_assoc.c), services
 * (client_get.c, client_set.c, client_action.c) and the result parser
 * (client_stream.c) hang off it. */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

/* Fills the zero fields of a configuration with their defaults. */
static void apply_defaults(cosem_client_config_t *cfg)
{
    if (cfg->client_sap == 0) {
        cfg->client_sap = COSEM_HDLC_CLIENT_PUBLIC;
    }
    if (cfg->server_logical == 0) {
        cfg->server_logical = 1;
    }
    if (cfg->conformance == 0) {
        cfg->conformance = COSEM_CLIENT_DEFAULT_CONFORMANCE;
#if COSEM_WITH_SN
        if (cfg->sn) {
            cfg->conformance = COSEM_CLIENT_SN_CONFORMANCE;
        }
#endif
    }
    if (cfg->max_apdu == 0) {
        cfg->max_apdu = COSEM_CLIENT_DEFAULT_MAX_APDU;
    }
    if (cfg->max_receive_pdu == 0) {
        cfg->max_receive_pdu = (uint16_t)(cfg->max_apdu > 0xFFFFu ? 0xFFFFu : cfg->max_apdu);
    }
    if (cfg->element_max == 0) {
        cfg->element_max = COSEM_CLIENT_DEFAULT_ELEMENT_MAX;
    }
}

/* Checks what the defaults cannot fix. */
static cosem_status_t check_config(const cosem_client_config_t *cfg)
{
    if (cfg->send.fn == NULL || cfg->max_apdu < 32u || cfg->max_apdu > 0xFFFFu ||
        cfg->password_len > COSEM_MAX_SECRET || (cfg->password == NULL && cfg->password_len)) {
        return COSEM_E_ARG;
    }
    if (cfg->link > COSEM_CLIENT_LINK_APDU) {
        return COSEM_E_ARG;
    }
#if COSEM_WITH_GBT
    if (cfg->gbt_window > COSEM_GBT_WINDOW_MAX) {
        return COSEM_E_ARG;
    }
#endif
#if COSEM_WITH_SN && COSEM_WITH_SECURITY
    if (cfg->sn && (cfg->security != 0u || cfg->auth > COSEM_AUTH_LOW)) {
        return COSEM_E_UNSUPPORTED; /* SN with ciphering or HLS: not yet */
    }
#endif
#if COSEM_WITH_SECURITY
    if (cfg->auth == COSEM_AUTH_HLS_GMAC || cfg->auth == COSEM_AUTH_HLS_SHA256 ||
#if COSEM_WITH_HLS_LEGACY
        cfg->auth == COSEM_AUTH_HLS_MD5 || cfg->auth == COSEM_AUTH_HLS_SHA1 ||
#endif
        cfg->security != 0u) {
        bool hls = cfg->auth != COSEM_AUTH_NONE && cfg->auth != COSEM_AUTH_LOW;
        if (cfg->system_title == NULL || (cfg->security & ~0x30u) != 0u ||
            (hls && cfg->random == NULL) ||
            ((cfg->auth == COSEM_AUTH_HLS_GMAC || cfg->security != 0u) &&
             (cfg->ek == NULL || cfg->ak == NULL)) ||
            (cfg->auth != COSEM_AUTH_HLS_GMAC && hls && cfg->password_len == 0u)) {
            return COSEM_E_ARG;
        }
        return COSEM_OK;
    }
#endif
    if (cfg->auth != COSEM_AUTH_NONE && cfg->auth != COSEM_AUTH_LOW) {
        return COSEM_E_UNSUPPORTED;
    }
    return COSEM_OK;
}

/* Buffer size for a configuration (see the header). */
size_t cosem_client_buf_size(const cosem_client_config_t *cfg)
{
    cosem_client_config_t k;
    if (cfg == NULL) {
        return 0;
    }
    k = *cfg;
    apply_defaults(&k);
    if (check_config(&k) != COSEM_OK) {
        return 0;
    }
    return cosem_client_link_buf_size(&k) + k.element_max;
}

/* Prepares a session (see the header). */
cosem_status_t cosem_client_init(cosem_client_t *c, const cosem_client_config_t *cfg,
                                 uint8_t *buf, size_t len)
{
    size_t link_len;
    cosem_status_t st;
    if (c == NULL || cfg == NULL || buf == NULL) {
        return COSEM_E_ARG;
    }
    memset(c, 0, sizeof *c);
    c->cfg = *cfg;
    apply_defaults(&c->cfg);
    st = check_config(&c->cfg);
    if (st != COSEM_OK) {
        return st;
    }
    if (c->cfg.password_len > 0) {
        memcpy(c->password, cfg->password, c->cfg.password_len);
    }
    c->cfg.password = c->password;
#if COSEM_WITH_SECURITY
    if (c->cfg.ek != NULL && c->cfg.ak != NULL && c->cfg.system_title != NULL) {
        cosem_aes128_init(&c->ek_, c->cfg.ek);
        memcpy(c->ak_, c->cfg.ak, 16);
        memcpy(c->title_, c->cfg.system_title, 8);
    }
    if (c->cfg.dk != NULL) {
        cosem_aes128_init(&c->dk_, c->cfg.dk);
        memcpy(c->dk_raw_, c->cfg.dk, 16);
        c->has_dk_ = true;
    }
    c->cfg.dk = NULL;
    c->cfg.ek = NULL; /* copied (expanded): the caller's memory is not kept */
    c->cfg.ak = NULL;
    c->cfg.system_title = NULL;
    c->ic_ = c->cfg.invocation_counter;
#endif
    link_len = cosem_client_link_buf_size(&c->cfg);
    if (link_len == 0) {
        return COSEM_E_UNSUPPORTED;
    }
    if (len < link_len + c->cfg.element_max) {
        return COSEM_E_NOSPACE;
    }
    c->elem = buf + link_len;
    return cosem_client_link_init(c, buf, link_len);
}

/* Calls the done callback of the configuration. */
static void notify_done(cosem_client_t *c, cosem_client_op_t op)
{
    if (c->cfg.done.fn != NULL) {
        c->cfg.done.fn(c->cfg.done.user, c, op, &c->err);
    }
}

/* Ends the running operation (see client_internal.h). The done callback is
 * the last thing done: it may start the next operation. */
void cosem_client_finish(cosem_client_t *c, cosem_status_t st, uint8_t layer)
{
    cosem_client_op_t op = (cosem_client_op_t)c->op;
    if (op == COSEM_CLIENT_OP_NONE) {
        return;
    }
    c->err.status = st;
    c->err.layer = st == COSEM_OK ? COSEM_CLIENT_LAYER_NONE : layer;
    if (op == COSEM_CLIENT_OP_RELEASE && c->state == COSEM_CLIENT_ASSOCIATED) {
        c->state = COSEM_CLIENT_LINKED;
    }
    c->op = COSEM_CLIENT_OP_NONE;
    c->phase = COSEM_CLIENT_PH_IDLE;
    c->xfer = COSEM_CLIENT_XF_NONE;
    c->out = NULL;
    notify_done(c, op);
}

/* Ends the operation with a data-access-result (see client_internal.h). */
void cosem_client_fail_dar(cosem_client_t *c, uint8_t dar, uint16_t item)
{
    c->err.dar = dar;
    c->err.item = item;
    cosem_client_finish(c, COSEM_E_DENIED, COSEM_CLIENT_LAYER_DATA);
}

/* Maps a result-parser failure to its layer (see client_internal.h). */
void cosem_client_stream_fail(cosem_client_t *c, cosem_status_t st)
{
    uint8_t layer = COSEM_CLIENT_LAYER_SERVICE;
    if (c->cb_layer != COSEM_CLIENT_LAYER_NONE) {
        layer = c->cb_layer;
    } else if (st == COSEM_E_NOSPACE) {
        layer = COSEM_CLIENT_LAYER_LOCAL;
    }
    cosem_client_finish(c, st, layer);
}

/* Whether a new operation may start (see client_internal.h). */
cosem_status_t cosem_client_can_start(const cosem_client_t *c)
{
    if (c->op != COSEM_CLIENT_OP_NONE) {
        return COSEM_E_WOULDBLOCK;
    }
    return c->state == COSEM_CLIENT_ASSOCIATED ? COSEM_OK : COSEM_E_STATE;
}

/* Claims the operation slot (see client_internal.h); a service request
 * gets its invoke id (constant 1, or the next one), kept for all its blocks. */
void cosem_client_begin(cosem_client_t *c, cosem_client_op_t op, uint32_t now_ms)
{
    memset(&c->err, 0, sizeof c->err);
    memset(&c->st, 0, sizeof c->st);
    c->op = (uint8_t)op;
    c->phase = COSEM_CLIENT_PH_IDLE;
    c->xfer = COSEM_CLIENT_XF_NONE;
    c->now = now_ms;
    c->t_sent = now_ms;
    c->block = 0;
    c->retries = 0;
    c->out = NULL;
    c->out_len = 0;
    c->out_pos = 0;
    c->cb_layer = COSEM_CLIENT_LAYER_NONE;
    c->data_fn = NULL;
    c->data_user = NULL;
    if (op != COSEM_CLIENT_OP_CONNECT && op != COSEM_CLIENT_OP_RELEASE &&
        op != COSEM_CLIENT_OP_DISCONNECT) {
        c->next_invoke = c->cfg.rotate_invoke ? (uint8_t)((c->next_invoke + 1u) & 0x0Fu) : 1u;
        c->invoke = (uint8_t)(COSEM_CLIENT_INVOKE_FLAGS | c->next_invoke);
    }
}

/* Largest request (see client_internal.h): our buffer, and the server's
 * max PDU once known. */
size_t cosem_client_tx_limit(const cosem_client_t *c, size_t cap)
{
    size_t lim = cap;
    if (c->info.server_max_pdu != 0 && c->info.server_max_pdu < lim) {
        lim = c->info.server_max_pdu;
    }
    return lim;
}

/* Sends a request and waits for its answer (see client_internal.h). */
#if COSEM_WITH_SECURITY
/* Seals buf[0..n) in place (glo- or, with the dedicated key, ded-
 * ciphering; the next invocation counter). */
cosem_status_t cosem_client_seal(cosem_client_t *c, uint8_t *buf, size_t n, size_t cap,
                                 size_t *out_len, bool dedicated)
{
    cosem_sec_seal_t s;
    memset(&s, 0, sizeof s);
    s.form = dedicated && c->has_dk_ ? COSEM_CIPHER_DED : COSEM_CIPHER_GLO;
    s.sc = c->cfg.security;
    s.ic = c->ic_++;
    s.system_title = c->title_;
    s.key = s.form == COSEM_CIPHER_DED ? &c->dk_ : &c->ek_;
    s.ak = c->ak_;
    return cosem_sec_apdu_seal(&s, buf, n, buf, cap, out_len);
}
#endif

cosem_status_t cosem_client_request(cosem_client_t *c, size_t n)
{
    cosem_status_t st;
#if COSEM_WITH_SECURITY
    if (c->cfg.security != 0u && n > 0u) {
        size_t cap = 0, m = 0;
        uint8_t *tx = cosem_client_link_txbuf(c, &cap);
        if (tx != NULL && (tx[0] == COSEM_APDU_GET_REQUEST || tx[0] == COSEM_APDU_SET_REQUEST ||
                           tx[0] == COSEM_APDU_ACTION_REQUEST)) {
            st = cosem_client_seal(c, tx, n, cap, &m, true);
            if (st != COSEM_OK) {
                return st;
            }
            n = m;
        }
    }
#endif
    st = cosem_client_link_send(c, n);
    if (st != COSEM_OK) {
        return st;
    }
    c->tx_len = n;
    c->phase = COSEM_CLIENT_PH_WAIT;
    c->t_sent = c->now;
    return COSEM_OK;
}

/* Whether an APDU tag is a notification (delivered whatever runs). */
static bool is_notification(uint8_t tag)
{
    return tag == COSEM_APDU_DATA_NOTIFICATION || tag == COSEM_APDU_EVENT_NOTIFICATION;
}

/* Decodes a notification and hands it to the notify callback. */
static void on_notification(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_notification_t n;
    if (c->cfg.notify.fn == NULL || cosem_notification_decode(apdu, len, &n) != COSEM_OK) {
        return;
    }
    c->cfg.notify.fn(c->cfg.notify.user, c, &n);
}

/* Exception-response: the server refused the request as a whole. */
static void on_exception(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    uint8_t state = 0, service = 0;
    cosem_status_t st = cosem_exception_decode(apdu, len, &state, &service);
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    c->err.state_error = state;
    c->err.service_error = service;
    cosem_client_finish(c, COSEM_E_DENIED, COSEM_CLIENT_LAYER_SERVICE);
}

/* Routes a response to the handler of the running operation. */
static void dispatch(cosem_client_t *c, uint8_t tag, const uint8_t *apdu, size_t len)
{
    switch (c->op) {
    case COSEM_CLIENT_OP_CONNECT:
        cosem_client_on_aare(c, apdu, len);
        break;
    case COSEM_CLIENT_OP_RELEASE:
        cosem_client_on_rlre(c, apdu, len);
        break;
#if COSEM_WITH_SN
    case COSEM_CLIENT_OP_READ:
    case COSEM_CLIENT_OP_WRITE:
        cosem_client_on_sn_response(c, apdu, len);
        break;
#endif
    case COSEM_CLIENT_OP_GET:
    case COSEM_CLIENT_OP_GET_LIST:
    case COSEM_CLIENT_OP_OBJECT_LIST:
#if COSEM_WITH_SN
        if (tag == COSEM_APDU_READ_RESPONSE) {
            cosem_client_on_sn_response(c, apdu, len);
            break;
        }
#endif
#if COSEM_WITH_GBT
        if (tag == COSEM_APDU_GENERAL_BLOCK_TRANSFER) {
            cosem_client_on_gbt(c, apdu, len);
            break;
        }
#endif
        cosem_client_on_get_response(c, apdu, len);
        break;
    case COSEM_CLIENT_OP_SET:
    case COSEM_CLIENT_OP_SET_LIST:
        cosem_client_on_set_response(c, apdu, len);
        break;
    case COSEM_CLIENT_OP_ACTION:
    case COSEM_CLIENT_OP_ACTION_LIST:
        cosem_client_on_action_response(c, apdu, len);
        break;
#if COSEM_WITH_ACCESS
    case COSEM_CLIENT_OP_ACCESS:
        cosem_client_on_access_response(c, apdu, len);
        break;
#endif
    default:
        (void)tag;
        break;
    }
}

#if COSEM_WITH_SECURITY
/* A glo-ciphered answer: checked (tag, a counter above the last one) and
 * deciphered in place (the link's receive buffer); its plain length, 0
 * when it does not open (the operation then ends, layer SERVICE). */
static size_t decipher(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_sec_apdu_t a;
    size_t m = 0;
    if (cosem_sec_apdu_parse(apdu, len, &a) != COSEM_OK || a.ic <= c->rx_ic_ ||
        ((a.form == COSEM_CIPHER_DED || a.form == COSEM_CIPHER_GENERAL_DED) && !c->has_dk_) ||
        cosem_sec_apdu_open(&a, (a.form == COSEM_CIPHER_DED || a.form == COSEM_CIPHER_GENERAL_DED)
                                    ? &c->dk_
                                    : &c->ek_,
                            c->ak_,
                            a.system_title.len == 8u ? a.system_title.p : c->server_title_,
                            (uint8_t *)(uintptr_t)apdu, len, &m) != COSEM_OK) {
        return 0;
    }
    c->rx_ic_ = a.ic;
    return m;
}
#endif

/* One complete APDU from the link (see client_internal.h). */
void cosem_client_on_apdu(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    uint8_t tag;
    if (len == 0) {
        return;
    }
#if COSEM_WITH_SECURITY
    if (c->cfg.security != 0u && c->phase == COSEM_CLIENT_PH_WAIT &&
        ((apdu[0] >= 0xCCu && apdu[0] <= 0xCFu) || (apdu[0] >= 0xD4u && apdu[0] <= 0xD7u) ||
         apdu[0] == 0xDBu || apdu[0] == 0xDCu)) {
        len = decipher(c, apdu, len);
        if (len == 0) {
            cosem_client_finish(c, COSEM_E_DENIED, COSEM_CLIENT_LAYER_SERVICE);
            return;
        }
    }
#endif
    tag = apdu[0];
    if (is_notification(tag)) {
        on_notification(c, apdu, len);
        return;
    }
    if (c->phase != COSEM_CLIENT_PH_WAIT) {
        c->unexpected++;
        return; /* nothing asked: a late answer of an abandoned request */
    }
    if (tag == COSEM_APDU_EXCEPTION_RESPONSE) {
        on_exception(c, apdu, len);
    } else if (tag == COSEM_APDU_CONFIRMED_SERVICE_ERROR) {
        cosem_client_on_service_error(c, apdu, len);
    } else {
        dispatch(c, tag, apdu, len);
    }
}

/* The link came up (HDLC UA): a connect goes on with the AARQ. */
void cosem_client_on_link_up(cosem_client_t *c)
{
    cosem_status_t st;
    if (c->state == COSEM_CLIENT_DISCONNECTED) {
        c->state = COSEM_CLIENT_LINKED;
    }
    if (c->op == COSEM_CLIENT_OP_CONNECT && c->phase == COSEM_CLIENT_PH_LINK) {
        st = cosem_client_send_aarq(c);
        if (st != COSEM_OK) {
            cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LOCAL);
        }
    }
}

/* The link went down: ends what runs (a disconnect successfully). */
void cosem_client_on_link_down(cosem_client_t *c, cosem_status_t st, uint8_t hdlc_reason)
{
    c->state = COSEM_CLIENT_DISCONNECTED;
    memset(&c->info, 0, sizeof c->info);
    if (c->op == COSEM_CLIENT_OP_NONE) {
        return;
    }
    if (c->op == COSEM_CLIENT_OP_DISCONNECT) {
        cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
        return;
    }
    c->err.hdlc_reason = hdlc_reason;
    cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LINK);
}

/* Feeds received octets (see the header). */
cosem_status_t cosem_client_feed(cosem_client_t *c, const uint8_t *bytes, size_t n,
                                 uint32_t now_ms)
{
    cosem_status_t st;
    if (c == NULL || (bytes == NULL && n > 0)) {
        return COSEM_E_ARG;
    }
    if (c->in_feed) {
        return COSEM_E_STATE;
    }
    c->now = now_ms;
    if (n > 0 && c->phase == COSEM_CLIENT_PH_WAIT) {
        c->t_sent = now_ms; /* an answer is coming in: the timer measures silence */
    }
    c->in_feed = 1;
    st = cosem_client_link_feed(c, bytes, n);
    c->in_feed = 0;
    return st;
}

/* Response time-out of the running request: resend or give up. */
static void check_timeout(cosem_client_t *c)
{
    uint32_t limit = c->cfg.response_timeout_ms;
    bool hdlc = cosem_client_link_is_hdlc(c);
    if (c->phase != COSEM_CLIENT_PH_WAIT || limit == 0) {
        return;
    }
    if (hdlc) {
        limit *= (uint32_t)c->cfg.retries + 2u;
    }
    if ((uint32_t)(c->now - c->t_sent) < limit) {
        return;
    }
    if (!hdlc && c->retries < c->cfg.retries && cosem_client_link_send(c, c->tx_len) == COSEM_OK) {
        c->retries++;
        c->t_sent = c->now;
        return;
    }
    cosem_client_finish(c, COSEM_E_TIMEOUT, COSEM_CLIENT_LAYER_LINK);
}

/* Runs the timers (see the header). */
cosem_status_t cosem_client_poll(cosem_client_t *c, uint32_t now_ms)
{
    if (c == NULL) {
        return COSEM_E_ARG;
    }
    if (c->in_feed) {
        return COSEM_E_STATE;
    }
    c->now = now_ms;
    c->in_feed = 1;
    cosem_client_link_poll(c);
    check_timeout(c);
    c->in_feed = 0;
    return COSEM_OK;
}

/* The transport is gone (see the header). */
void cosem_client_link_closed(cosem_client_t *c, uint32_t now_ms)
{
    if (c == NULL || c->in_feed) {
        return;
    }
    c->now = now_ms;
    cosem_client_link_reset(c);
    c->in_feed = 1;
    cosem_client_on_link_down(c, COSEM_E_CLOSED, 0);
    c->in_feed = 0;
}

/* Starts a connect (see the header). */
cosem_status_t cosem_client_connect(cosem_client_t *c, uint32_t now_ms)
{
    bool pending = false;
    cosem_status_t st;
    if (c == NULL) {
        return COSEM_E_ARG;
    }
    if (c->op != COSEM_CLIENT_OP_NONE) {
        return COSEM_E_WOULDBLOCK;
    }
    if (c->state == COSEM_CLIENT_ASSOCIATED) {
        return COSEM_E_STATE;
    }
    cosem_client_begin(c, COSEM_CLIENT_OP_CONNECT, now_ms);
    memset(&c->info, 0, sizeof c->info);
    st = c->state == COSEM_CLIENT_LINKED ? COSEM_OK : cosem_client_link_connect(c, &pending);
    if (st == COSEM_OK && pending) {
        c->phase = COSEM_CLIENT_PH_LINK;
        return COSEM_OK;
    }
    if (st == COSEM_OK) {
        c->state = COSEM_CLIENT_LINKED;
        st = cosem_client_send_aarq(c);
    }
    if (st != COSEM_OK) {
        c->op = COSEM_CLIENT_OP_NONE;
    }
    return st;
}

/* Starts a release (see the header). */
cosem_status_t cosem_client_release(cosem_client_t *c, uint32_t now_ms)
{
    static const uint8_t rlrq[] = {COSEM_APDU_RLRQ, 0x03, 0x80, 0x01, 0x00};
    uint8_t *tx;
    size_t cap = 0;
    cosem_status_t st;
    if (c == NULL) {
        return COSEM_E_ARG;
    }
    st = cosem_client_can_start(c);
    tx = st == COSEM_OK ? cosem_client_link_txbuf(c, &cap) : NULL;
    if (st != COSEM_OK || tx == NULL || cap < sizeof rlrq) {
        return st != COSEM_OK ? st : COSEM_E_WOULDBLOCK;
    }
    cosem_client_begin(c, COSEM_CLIENT_OP_RELEASE, now_ms);
    memcpy(tx, rlrq, sizeof rlrq);
    st = cosem_client_request(c, sizeof rlrq);
    if (st != COSEM_OK) {
        c->op = COSEM_CLIENT_OP_NONE;
    }
    return st;
}

/* Starts a disconnect (see the header). */
cosem_status_t cosem_client_disconnect(cosem_client_t *c, uint32_t now_ms)
{
    bool pending = false;
    cosem_status_t st;
    if (c == NULL) {
        return COSEM_E_ARG;
    }
    if (c->state == COSEM_CLIENT_DISCONNECTED && c->op != COSEM_CLIENT_OP_CONNECT) {
        return COSEM_E_STATE;
    }
    c->now = now_ms;
    if (c->op != COSEM_CLIENT_OP_NONE) {
        cosem_client_finish(c, COSEM_E_CLOSED, COSEM_CLIENT_LAYER_LOCAL);
    }
    cosem_client_begin(c, COSEM_CLIENT_OP_DISCONNECT, now_ms);
    c->state = c->state == COSEM_CLIENT_DISCONNECTED ? c->state : COSEM_CLIENT_LINKED;
    st = cosem_client_link_disconnect(c, &pending);
    if (st == COSEM_OK && pending) {
        c->phase = COSEM_CLIENT_PH_UNLINK;
        return COSEM_OK;
    }
    c->state = COSEM_CLIENT_DISCONNECTED;
    memset(&c->info, 0, sizeof c->info);
    cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LINK);
    return COSEM_OK;
}

/* Whether an operation runs (see the header). */
bool cosem_client_busy(const cosem_client_t *c)
{
    return c != NULL && c->op != COSEM_CLIENT_OP_NONE;
}

/* The association state (see the header). */
cosem_client_state_t cosem_client_state(const cosem_client_t *c)
{
    return c == NULL ? COSEM_CLIENT_DISCONNECTED : (cosem_client_state_t)c->state;
}

/* Outcome of the last operation (see the header). */
const cosem_client_error_t *cosem_client_error(const cosem_client_t *c)
{
    return &c->err;
}

/* Negotiated values (see the header). */
const cosem_client_info_t *cosem_client_info(const cosem_client_t *c)
{
    return &c->info;
}

/* Name of a layer (see the header). */
const char *cosem_client_layer_str(uint8_t layer)
{
    static const char *const names[] = {"none", "local", "link", "association", "service",
                                        "data"};
    return layer < sizeof names / sizeof names[0] ? names[layer] : "unknown";
}

#else
typedef int cosem_client_empty_t;
#endif /* COSEM_WITH_CLIENT */
