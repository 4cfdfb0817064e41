/* SPDX-License-Identifier: Apache-2.0 */
/* Primary station (client) of IEC 62056-46 in normal response mode: sets
 * up the link with SNRM (parameter negotiation), polls the secondary
 * (P bit on the last frame of every burst, RR to fetch further segments
 * of an answer), retransmits after a response timeout or when N(R) shows
 * a loss, gives up after max_retries, closes with DISC, and sends UI
 * frames for broadcasts. */
#include <cosem/config.h>

#if COSEM_WITH_HDLC

#include <string.h>

#include "common/mem_internal.h"

#include "hdlc/hdlc_internal.h"

#if COSEM_WITH_CLIENT


/* Whether the proposal is the defaults (then SNRM carries no field). */
static bool params_are_default(const cosem_hdlc_params_t *p)
{
    return p->max_info_tx == COSEM_HDLC_DEFAULT_INFO && p->max_info_rx == COSEM_HDLC_DEFAULT_INFO &&
           p->window_tx == COSEM_HDLC_DEFAULT_WINDOW && p->window_rx == COSEM_HDLC_DEFAULT_WINDOW;
}

/* Starts (or restarts) the response timer of a frame sent with P set. */
static void wait_final(cosem_hdlc_t *h)
{
    h->flags = (uint8_t)((h->flags | COSEM_HDLC_F_WAIT) & ~COSEM_HDLC_F_IDLEPOLL);
    h->t_sent = h->now;
}

/* Sends SNRM, with the parameter field unless the proposal is the defaults. */
static void send_snrm(cosem_hdlc_t *h)
{
    uint8_t info[32];
    cosem_axdr_writer_t w;
    size_t n = 0;
    if (!params_are_default(&h->cfg.params)) {
        cosem_axdr_writer_init(&w, info, sizeof info);
        cosem_hdlc_params_encode(&w, &h->cfg.params);
        n = cosem_axdr_writer_len(&w);
    }
    cosem_hdlc_send_frame(h, &h->peer, COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), false, NULL, 0,
                          n > 0 ? info : NULL, n);
    wait_final(h);
}

/* Sends RR with P set to ask the secondary for what it has. */
static void send_poll(cosem_hdlc_t *h)
{
    cosem_hdlc_send_ctrl(h, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, h->vr, 1));
    wait_final(h);
}

/* Sends the next burst of the MSDU; returns whether anything went out. */
static bool send_burst(cosem_hdlc_t *h)
{
    if (cosem_hdlc_tx_window(h) == 0) {
        return false;
    }
    wait_final(h);
    return true;
}

/* UA: link up with the agreed parameters (CONNECTING) or down (DISCONNECTING). */
static void on_ua(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f)
{
    cosem_hdlc_params_t offer, agreed;
    cosem_status_t st;
    if (h->state == COSEM_HDLC_DISCONNECTING) {
        cosem_hdlc_go_down(h, COSEM_HDLC_REASON_LOCAL);
        return;
    }
    if (h->state != COSEM_HDLC_CONNECTING) {
        return;
    }
    st = cosem_hdlc_params_decode(f->info, f->info_len, &offer);
    if (st == COSEM_OK) {
        st = cosem_hdlc_params_agree(&offer, &h->cfg.params, &agreed);
    }
    if (st != COSEM_OK) {
        cosem_hdlc_go_down(h, COSEM_HDLC_REASON_REFUSED);
        return;
    }
    cosem_hdlc_link_reset(h);
    h->state = COSEM_HDLC_CONNECTED;
    h->agreed = agreed;
    cosem_hdlc_emit(h, COSEM_HDLC_EV_CONNECTED, COSEM_HDLC_REASON_NONE, NULL, 0);
}

/* DM: connection refused, disconnection confirmed, or link lost. */
static void on_dm(cosem_hdlc_t *h)
{
    switch (h->state) {
    case COSEM_HDLC_CONNECTING:
        cosem_hdlc_go_down(h, COSEM_HDLC_REASON_REFUSED);
        break;
    case COSEM_HDLC_DISCONNECTING:
        cosem_hdlc_go_down(h, COSEM_HDLC_REASON_LOCAL);
        break;
    case COSEM_HDLC_CONNECTED:
        cosem_hdlc_go_down(h, COSEM_HDLC_REASON_DM);
        break;
    default:
        break;
    }
}

/* After the secondary's final frame: send more of our MSDU (going back to
 * the first unacknowledged frame), fetch the rest of its answer, or poll
 * again later while an answer is still expected. */
static void next_action(cosem_hdlc_t *h, int r)
{
    if ((h->flags & COSEM_HDLC_F_WAIT) != 0 || h->state != COSEM_HDLC_CONNECTED) {
        return; /* the event callback already sent, or dropped the link */
    }
    if (cosem_hdlc_tx_pending(h)) {
        cosem_hdlc_go_back(h);
        if (send_burst(h)) {
            return;
        }
    }
    if ((h->flags & COSEM_HDLC_F_RXMSDU) != 0 || r == COSEM_HDLC_RX_DUP) {
        send_poll(h);
        return;
    }
    if ((h->flags & COSEM_HDLC_F_EXPECT) != 0 || cosem_hdlc_tx_pending(h)) {
        h->flags |= COSEM_HDLC_F_IDLEPOLL;
        h->t_sent = h->now;
    }
}

/* I, RR, RNR from the secondary while connected. */
static void on_numbered(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f, cosem_hdlc_kind_t kind)
{
    uint8_t nr = COSEM_HDLC_CTRL_NR(f->control);
    bool final = COSEM_HDLC_CTRL_PF(f->control) != 0;
    int r = -1;
    if (!cosem_hdlc_nr_valid(h, nr) || (kind != COSEM_HDLC_KIND_I && f->info_len != 0)) {
        return; /* a secondary that acknowledges frames never sent: ignore */
    }
    cosem_hdlc_ack(h, nr);
    if (kind == COSEM_HDLC_KIND_I) {
        r = cosem_hdlc_rx_info(h, f, cosem_hdlc_llc_in(h));
    } else if (kind == COSEM_HDLC_KIND_RNR) {
        h->flags |= COSEM_HDLC_F_BUSY;
    } else {
        h->flags &= (uint8_t)~COSEM_HDLC_F_BUSY;
    }
    if (final) {
        h->flags &= (uint8_t)~COSEM_HDLC_F_WAIT;
        h->retries = 0;
    }
    if (r == COSEM_HDLC_RX_COMPLETE) {
        h->flags &= (uint8_t)~COSEM_HDLC_F_EXPECT;
        cosem_hdlc_deliver_msdu(h);
    }
    if (final) {
        next_action(h, r);
    }
}

/* UI from the secondary: deliver when its LLC header is right. */
static void on_ui(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f)
{
    if (f->info_len < COSEM_HDLC_LLC_LEN ||
        cosem_mem_cmp(f->info, cosem_hdlc_llc_in(h), COSEM_HDLC_LLC_LEN) != 0) {
        h->counters.llc_errors++;
        return;
    }
    cosem_hdlc_deliver(h, f->info + COSEM_HDLC_LLC_LEN, f->info_len - COSEM_HDLC_LLC_LEN, &f->src,
                       true, false);
}

/* Entry point for every good frame from our secondary to us. */
void cosem_hdlc_primary_frame(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f)
{
    cosem_hdlc_kind_t kind = cosem_hdlc_ctrl_kind(f->control);
    size_t limit = h->state == COSEM_HDLC_CONNECTED ? h->agreed.max_info_rx
                                                    : h->cfg.params.max_info_rx;
    if (f->info_len > limit) {
        h->counters.length_errors++;
        return;
    }
    switch (kind) {
    case COSEM_HDLC_KIND_UA:
        on_ua(h, f);
        break;
    case COSEM_HDLC_KIND_DM:
        on_dm(h);
        break;
    case COSEM_HDLC_KIND_FRMR:
        h->counters.frmr_received++;
        if (h->state != COSEM_HDLC_DISCONNECTED) {
            cosem_hdlc_go_down(h, COSEM_HDLC_REASON_FRMR);
        }
        break;
    case COSEM_HDLC_KIND_UI:
        on_ui(h, f);
        break;
    case COSEM_HDLC_KIND_I:
    case COSEM_HDLC_KIND_RR:
    case COSEM_HDLC_KIND_RNR:
        if (h->state == COSEM_HDLC_CONNECTED) {
            on_numbered(h, f, kind);
        }
        break;
    default:
        break; /* commands and undefined codes are not for a primary */
    }
}

/* Repeats what the timed-out poll asked for. */
static void retransmit(cosem_hdlc_t *h)
{
    switch (h->state) {
    case COSEM_HDLC_CONNECTING:
        send_snrm(h);
        break;
    case COSEM_HDLC_DISCONNECTING:
        cosem_hdlc_send_ctrl(h, COSEM_HDLC_CTRL_U(COSEM_HDLC_DISC, 1));
        wait_final(h);
        break;
    default:
        if (cosem_hdlc_tx_pending(h)) {
            cosem_hdlc_go_back(h);
            if (send_burst(h)) {
                break;
            }
        }
        send_poll(h);
        break;
    }
}

/* Response timeout: retry, or give up after max_retries; idle poll while
 * an answer is expected. */
void cosem_hdlc_primary_timer(cosem_hdlc_t *h)
{
    if (h->state == COSEM_HDLC_DISCONNECTED || h->cfg.response_timeout_ms == 0 ||
        (uint32_t)(h->now - h->t_sent) < h->cfg.response_timeout_ms) {
        return;
    }
    if ((h->flags & COSEM_HDLC_F_WAIT) != 0) {
        h->counters.timeouts++;
        if (h->retries >= h->cfg.max_retries) {
            cosem_hdlc_go_down(h, COSEM_HDLC_REASON_NO_RESPONSE);
            return;
        }
        h->retries++;
        retransmit(h);
    } else if ((h->flags & COSEM_HDLC_F_IDLEPOLL) != 0) {
        send_poll(h);
    }
}

/* ---- public primary operations ----------------------------------------- */

/* Sends SNRM (see the header). */
cosem_status_t cosem_hdlc_connect(cosem_hdlc_t *h, uint32_t now_ms)
{
    if (h == NULL) {
        return COSEM_E_ARG;
    }
    if (h->cfg.role != COSEM_HDLC_PRIMARY || h->state != COSEM_HDLC_DISCONNECTED) {
        return COSEM_E_STATE;
    }
    h->now = now_ms;
    cosem_hdlc_link_reset(h);
    h->peer = h->cfg.peer;
    h->state = COSEM_HDLC_CONNECTING;
    h->t_rx = now_ms;
    send_snrm(h);
    return COSEM_OK;
}

/* Sends DISC (cosem_hdlc_disconnect() on a primary); anything still being
 * sent is dropped. */
void cosem_hdlc_primary_disconnect(cosem_hdlc_t *h)
{
    cosem_hdlc_link_reset(h);
    h->state = COSEM_HDLC_DISCONNECTING;
    cosem_hdlc_send_ctrl(h, COSEM_HDLC_CTRL_U(COSEM_HDLC_DISC, 1));
    wait_final(h);
}


#else /* !COSEM_WITH_CLIENT: no primary role in this build */

/* Not built: see COSEM_WITH_CLIENT. */
cosem_status_t cosem_hdlc_connect(cosem_hdlc_t *h, uint32_t now_ms)
{
    (void)now_ms;
    return h == NULL ? COSEM_E_ARG : COSEM_E_UNSUPPORTED;
}


#endif /* COSEM_WITH_CLIENT */

#else
typedef int cosem_hdlc_primary_empty_t;
#endif /* COSEM_WITH_HDLC */
