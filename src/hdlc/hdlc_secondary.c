/* SPDX-License-Identifier: Apache-2.0 */
/* Secondary station (server, meter) of IEC 62056-46 in normal response
 * mode: answers SNRM with UA and the agreed parameters, DISC with UA (DM
 * when not connected), commands when disconnected with DM, rejects what it
 * cannot accept with FRMR and stays in the frame-reject condition until
 * SNRM or DISC, re-acknowledges repeated I-frames without delivering them
 * twice, and transmits only when polled. */
#include <cosem/config.h>

#if COSEM_WITH_HDLC && COSEM_WITH_SERVER

#include <string.h>

#include "common/mem_internal.h"

#include "hdlc/hdlc_internal.h"

/* Enters the frame-reject condition for a command: the FRMR information
 * field is the rejected control field, V(S)/V(R) (C/R = 0: a command was
 * rejected) and the W/X/Y/Z reason bits. The caller sends the FRMR. */
static void reject(cosem_hdlc_t *h, uint8_t control, uint8_t why)
{
    h->frmr[0] = control;
    h->frmr[1] = (uint8_t)(h->vr << 5 | h->vs << 1);
    h->frmr[2] = why;
    h->flags |= COSEM_HDLC_F_FRMR;
}

/* Answers a pending poll: retransmits unacknowledged frames and sends new
 * ones within the window; with nothing to send, RR - unless the poll
 * delivered a complete MSDU (hold), whose answer the application gives
 * through cosem_hdlc_send(), from the callback or later. */
static void answer(cosem_hdlc_t *h, bool hold)
{
    if ((h->flags & COSEM_HDLC_F_POLL) == 0) {
        return;
    }
    if (cosem_hdlc_tx_pending(h)) {
        cosem_hdlc_go_back(h);
        if (cosem_hdlc_tx_window(h) > 0) {
            h->flags &= (uint8_t)~COSEM_HDLC_F_POLL;
            return;
        }
    } else if (hold) {
        return;
    }
    h->flags &= (uint8_t)~COSEM_HDLC_F_POLL;
    cosem_hdlc_send_ctrl(h, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, h->vr, 1));
}

/* SNRM: agree on the parameters, reset the link and answer UA with the
 * agreed values; returns false (the caller answers DM) if unusable. */
static bool on_snrm(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f, bool pf)
{
    cosem_hdlc_params_t offer, agreed;
    cosem_status_t st = COSEM_E_RANGE;
    uint8_t info[32];
    cosem_axdr_writer_t w;
    bool was = h->state == COSEM_HDLC_CONNECTED;
    if (f->info_len <= h->cfg.params.max_info_rx) {
        st = cosem_hdlc_params_decode(f->info, f->info_len, &offer);
        if (st == COSEM_OK) {
            st = cosem_hdlc_params_agree(&offer, &h->cfg.params, &agreed);
        }
    }
    if (st != COSEM_OK) {
        return false;
    }
    if (was) {
        cosem_hdlc_go_down(h, COSEM_HDLC_REASON_RESET);
    }
    cosem_hdlc_link_reset(h);
    h->state = COSEM_HDLC_CONNECTED;
    h->t_rx = h->now;
    h->peer = f->src;
    h->agreed = agreed;
    if (pf) {
        cosem_axdr_writer_init(&w, info, sizeof info);
        cosem_hdlc_params_encode(&w, &agreed);
        cosem_hdlc_send_frame(h, &h->peer, COSEM_HDLC_CTRL_U(COSEM_HDLC_UA, 1), false, NULL, 0,
                              info, cosem_axdr_writer_len(&w));
    }
    cosem_hdlc_emit(h, COSEM_HDLC_EV_CONNECTED, COSEM_HDLC_REASON_NONE, NULL, 0);
    return true;
}

/* DISC: UA and disconnect when connected to that client; returns false
 * (the caller answers DM) otherwise. */
static bool on_disc(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f, bool pf)
{
    if (h->state != COSEM_HDLC_CONNECTED || !cosem_hdlc_addr_equal(&f->src, &h->peer)) {
        return false;
    }
    if (pf) {
        cosem_hdlc_send_ctrl(h, COSEM_HDLC_CTRL_U(COSEM_HDLC_UA, 1));
    }
    cosem_hdlc_go_down(h, COSEM_HDLC_REASON_PEER);
    return true;
}

/* UI addressed to this station (or to all): deliver when its LLC header is
 * right, with the address it came from, which need not be the connected
 * client's: the server decides whose rights apply (DESIGN.md section 9). */
static void on_ui(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f, bool bcast)
{
    if (f->info_len > h->cfg.params.max_info_rx) {
        return; /* too long for us: nothing to answer on an unnumbered frame */
    }
    if (f->info_len < COSEM_HDLC_LLC_LEN ||
        cosem_mem_cmp(f->info, cosem_hdlc_llc_request, COSEM_HDLC_LLC_LEN) != 0) {
        h->counters.llc_errors++;
        return;
    }
    cosem_hdlc_deliver(h, f->info + COSEM_HDLC_LLC_LEN, f->info_len - COSEM_HDLC_LLC_LEN, &f->src,
                       true, bcast);
}

/* Commands of the connected client in NRM: checks the information field
 * length and N(R) of I, RR and RNR and takes the acknowledgement; then an
 * I-frame's in-sequence data is appended and a complete MSDU delivered,
 * RR / RNR note the peer's busy state; last, a poll is answered (an
 * I-frame's held, see answer()). Returns the FRMR reason of a rejected
 * frame, else 0. */
static uint8_t connected_frame(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f,
                               cosem_hdlc_kind_t kind, bool pf)
{
    uint8_t nr = COSEM_HDLC_CTRL_NR(f->control);
    bool hold = false;
    switch (kind) {
    case COSEM_HDLC_KIND_I:
        if (f->info_len > h->agreed.max_info_rx) {
            return COSEM_HDLC_FRMR_Y;
        }
        break;
    case COSEM_HDLC_KIND_RR:
    case COSEM_HDLC_KIND_RNR:
        if (f->info_len != 0) {
            return COSEM_HDLC_FRMR_W | COSEM_HDLC_FRMR_X;
        }
        break;
    case COSEM_HDLC_KIND_UI:
        break;
    default: /* responses (UA, DM, FRMR) and undefined codes are no commands */
        return COSEM_HDLC_FRMR_W;
    }
    if (kind != COSEM_HDLC_KIND_UI) {
        if (!cosem_hdlc_nr_valid(h, nr)) {
            return COSEM_HDLC_FRMR_Z; /* acknowledges frames never sent */
        }
        cosem_hdlc_ack(h, nr);
    }
    if (pf) {
        h->flags |= COSEM_HDLC_F_POLL;
    }
    if (kind == COSEM_HDLC_KIND_I) {
        hold = cosem_hdlc_rx_info(h, f, cosem_hdlc_llc_request) == COSEM_HDLC_RX_COMPLETE;
        if (hold) {
            cosem_hdlc_deliver_msdu(h);
        }
    } else if (kind == COSEM_HDLC_KIND_RNR) {
        h->flags |= COSEM_HDLC_F_BUSY;
    } else if (kind == COSEM_HDLC_KIND_RR) {
        h->flags &= (uint8_t)~COSEM_HDLC_F_BUSY;
    }
    /* an I-frame answers a poll held before it, too; the callback may
     * have dropped the link */
    if ((pf || kind == COSEM_HDLC_KIND_I) && h->state == COSEM_HDLC_CONNECTED) {
        answer(h, hold);
    }
    return 0;
}

/* No answer to the delivered MSDU: give a held poll back with RR now. */
cosem_status_t cosem_hdlc_send_none(cosem_hdlc_t *h, uint32_t now_ms)
{
    if (h == NULL) {
        return COSEM_E_ARG;
    }
    if (h->cfg.role != COSEM_HDLC_SECONDARY || h->state != COSEM_HDLC_CONNECTED) {
        return COSEM_E_STATE;
    }
    h->now = now_ms;
    answer(h, false);
    return COSEM_OK;
}

/* Entry point for every good frame addressed to this secondary (or to all
 * stations: only UI acts on those, and nothing is ever answered). */
void cosem_hdlc_secondary_frame(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f)
{
    cosem_hdlc_kind_t kind = cosem_hdlc_ctrl_kind(f->control);
    bool pf = COSEM_HDLC_CTRL_PF(f->control) != 0;
    bool bcast = !cosem_hdlc_addr_equal(&f->dst, &h->cfg.local);
    bool ok;
    uint8_t why;
    if (kind == COSEM_HDLC_KIND_UI) {
        on_ui(h, f, bcast);
    }
    if (bcast) {
        return;
    }
    if (kind == COSEM_HDLC_KIND_SNRM) {
        ok = on_snrm(h, f, pf);
    } else if (kind == COSEM_HDLC_KIND_DISC) {
        ok = on_disc(h, f, pf);
    } else {
        ok = h->state == COSEM_HDLC_CONNECTED && cosem_hdlc_addr_equal(&f->src, &h->peer);
        if (ok) {
            /* only the connected client's frames keep the link alive: a UI
             * from anyone, or frames answered DM, do not hold it */
            h->t_rx = h->now;
            if ((h->flags & COSEM_HDLC_F_FRMR) == 0) {
                why = connected_frame(h, f, kind, pf);
                if (why != 0) {
                    reject(h, f->control, why);
                }
            }
        }
    }
    /* DM to a frame not taken; FRMR (again) to the connected client in a
     * new or a standing frame-reject condition (SNRM and DISC clear it);
     * that client is f->src */
    if (pf && (!ok || (h->flags & COSEM_HDLC_F_FRMR) != 0)) {
        if (ok) {
            h->counters.frmr_sent++;
        } else {
            h->counters.dm_sent++;
        }
        cosem_hdlc_send_frame(h, &f->src,
                              COSEM_HDLC_CTRL_U(ok ? COSEM_HDLC_FRMR : COSEM_HDLC_DM, 1), false,
                              NULL, 0, ok ? h->frmr : NULL, ok ? sizeof h->frmr : 0u);
    }
}

#elif COSEM_WITH_HDLC /* no secondary role in this build */

#include <cosem/hdlc.h>

/* Not built: see COSEM_WITH_SERVER. */
cosem_status_t cosem_hdlc_send_none(cosem_hdlc_t *h, uint32_t now_ms)
{
    (void)now_ms;
    return h == NULL ? COSEM_E_ARG : COSEM_E_UNSUPPORTED;
}

#else
typedef int cosem_hdlc_secondary_empty_t;
#endif /* COSEM_WITH_HDLC && COSEM_WITH_SERVER */
