/* SPDX-License-Identifier: Apache-2.0 */
/* HDLC station core shared by both roles: buffers, the byte-feed deframer,
 * timers, the transmit machinery (segmentation, window, go-back-N on
 * N(R)), MSDU reassembly and the public send/accessor functions. The
 * role-specific frame handling lives in hdlc_secondary.c / hdlc_primary.c. */
#include <cosem/config.h>

#if COSEM_WITH_HDLC

#include <stddef.h>
#include <string.h>

#include "common/mem_internal.h"

#include "hdlc/hdlc_internal.h"

/* LLC headers of IEC 62056-46 (destination LSAP, source LSAP, quality). */
const uint8_t cosem_hdlc_llc_request[3] = {0xE6, 0xE6, 0x00};
static const uint8_t llc_response[3] = {0xE6, 0xE7, 0x00};

/* Wrap-safe "at least t ms have passed since start". */
static bool elapsed(uint32_t now, uint32_t start, uint32_t t)
{
    return (uint32_t)(now - start) >= t;
}

/* ---- init ------------------------------------------------------------- */

/* Gives zero parameters their defaults and checks the standard's ranges. */
static cosem_status_t config_params(cosem_hdlc_params_t *p)
{
    if (p->max_info_tx == 0) {
        p->max_info_tx = COSEM_HDLC_DEFAULT_INFO;
    }
    if (p->max_info_rx == 0) {
        p->max_info_rx = COSEM_HDLC_DEFAULT_INFO;
    }
    if (p->window_tx == 0) {
        p->window_tx = COSEM_HDLC_DEFAULT_WINDOW;
    }
    if (p->window_rx == 0) {
        p->window_rx = COSEM_HDLC_DEFAULT_WINDOW;
    }
    if (p->max_info_tx < COSEM_HDLC_MIN_INFO || p->max_info_tx > COSEM_HDLC_MAX_INFO ||
        p->max_info_rx < COSEM_HDLC_MIN_INFO || p->max_info_rx > COSEM_HDLC_MAX_INFO ||
        p->window_tx > COSEM_HDLC_MAX_WINDOW || p->window_rx > COSEM_HDLC_MAX_WINDOW) {
        return COSEM_E_RANGE;
    }
    return COSEM_OK;
}

/* Checks role, addresses, callbacks and sizes of a configuration. */
static cosem_status_t config_check(const cosem_hdlc_config_t *c)
{
    if (c->send.fn == NULL || c->max_msdu == 0 || c->max_msdu > 0x00FFFFFFu ||
        !cosem_hdlc_addr_valid(&c->local)) {
        return COSEM_E_ARG;
    }
    if (c->role == COSEM_HDLC_PRIMARY) {
        if (c->local.len != 1 || !cosem_hdlc_addr_valid(&c->peer)) {
            return COSEM_E_ARG;
        }
        return COSEM_WITH_CLIENT ? COSEM_OK : COSEM_E_UNSUPPORTED;
    }
    if (c->role != COSEM_HDLC_SECONDARY) {
        return COSEM_E_ARG;
    }
    return COSEM_WITH_SERVER ? COSEM_OK : COSEM_E_UNSUPPORTED;
}

/* Prepares a station and carves its four buffers from the caller's memory. */
cosem_status_t cosem_hdlc_init(cosem_hdlc_t *h, const cosem_hdlc_config_t *cfg, uint8_t *buf,
                               size_t len)
{
    cosem_status_t st;
    size_t info, need;
    if (h == NULL || cfg == NULL || buf == NULL) {
        return COSEM_E_ARG;
    }
    memset(h, 0, sizeof *h);
    h->cfg = *cfg;
    st = config_check(&h->cfg);
    if (st == COSEM_OK) {
        st = config_params(&h->cfg.params);
    }
    if (st != COSEM_OK) {
        return st;
    }
    info = h->cfg.params.max_info_tx > h->cfg.params.max_info_rx ? h->cfg.params.max_info_tx
                                                                  : h->cfg.params.max_info_rx;
    need = h->cfg.shared_msdu ? COSEM_HDLC_BUF_SIZE_SHARED(info, h->cfg.max_msdu)
                              : COSEM_HDLC_BUF_SIZE(info, h->cfg.max_msdu);
    if (len < need) {
        return COSEM_E_NOSPACE;
    }
    /* Frame buffers as large as the memory allows (up to 2030), so that
     * cosem_hdlc_set_params() can raise the lengths later. */
    need = (len - need) / 2u;
    info = info + need > COSEM_HDLC_MAX_INFO ? COSEM_HDLC_MAX_INFO : info + need;
    h->rx_frame = buf;
    h->rx_cap = info + COSEM_HDLC_FRAME_OVERHEAD - 2u;
    h->tx_frame = buf + h->rx_cap;
    h->tx_frame_cap = info + COSEM_HDLC_FRAME_OVERHEAD;
    h->rx_msdu = h->tx_frame + h->tx_frame_cap;
    h->tx_msdu = h->rx_msdu + h->cfg.max_msdu;
    if (h->cfg.shared_msdu) { /* reassembled where the answer goes, then moved to the end */
        h->tx_msdu = h->rx_msdu;
        h->rx_msdu += COSEM_HDLC_LLC_LEN;
    }
    cosem_hdlc_params_default(&h->agreed);
    if (!cosem_hdlc_is_secondary(h)) {
        h->peer = h->cfg.peer;
    }
    /* state DISCONNECTED and rx_state RX_HUNT: both 0 from the memset */
    return COSEM_OK;
}

/* ---- events ----------------------------------------------------------- */

/* Calls the event callback, if any, with the agreed parameters. */
static void emit_event(cosem_hdlc_t *h, cosem_hdlc_event_t *ev)
{
    ev->params = &h->agreed;
    if (h->cfg.event.fn != NULL) {
        h->cfg.event.fn(h->cfg.event.user, ev);
    }
}

/* Reports a link event (CONNECTED / DISCONNECTED). */
void cosem_hdlc_emit(cosem_hdlc_t *h, cosem_hdlc_event_type_t type, cosem_hdlc_reason_t reason,
                     const uint8_t *data, size_t len)
{
    cosem_hdlc_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.reason = reason;
    ev.data = data;
    ev.len = len;
    ev.peer = h->peer;
    emit_event(h, &ev);
}

/* Reports the MSDU just reassembled. With a shared MSDU buffer it moves
 * to the buffer's end first, so that the answer encoded at the start of
 * cosem_hdlc_tx_buffer() (which lends only the space before it) cannot
 * overwrite it, and the buffer is free again once the callback returns. */
void cosem_hdlc_deliver_msdu(cosem_hdlc_t *h)
{
    uint8_t *at = h->rx_msdu;
    if (h->cfg.shared_msdu) {
        at += h->cfg.max_msdu + COSEM_HDLC_SHARED_SPARE - h->rx_len;
        cosem_mem_move(at, h->rx_msdu, h->rx_len);
    }
    cosem_hdlc_deliver(h, at, h->rx_len, &h->peer, false, false);
    if (h->cfg.shared_msdu) {
        h->rx_len = 0;
    }
}

/* Reports a complete MSDU. */
void cosem_hdlc_deliver(cosem_hdlc_t *h, const uint8_t *data, size_t len,
                        const cosem_hdlc_addr_t *src, bool ui, bool bcast)
{
    cosem_hdlc_event_t ev;
    memset(&ev, 0, sizeof ev);
    ev.type = COSEM_HDLC_EV_DATA;
    ev.data = data;
    ev.len = len;
    ev.unnumbered = ui;
    ev.broadcast = bcast;
    ev.peer = *src;
    emit_event(h, &ev);
}

/* ---- transmit --------------------------------------------------------- */

/* Builds one frame from this station to dst in the transmit frame buffer
 * and hands it to the send callback. */
void cosem_hdlc_send_frame(cosem_hdlc_t *h, const cosem_hdlc_addr_t *dst, uint8_t ctrl,
                           bool seg, const uint8_t *pre, size_t pre_n, const uint8_t *info,
                           size_t n)
{
    cosem_axdr_writer_t w;
    cosem_hdlc_frame_t f;
    f.dst = *dst;
    f.src = h->cfg.local;
    f.control = ctrl;
    f.segmented = seg;
    f.info = info;
    f.info_len = n;
    cosem_axdr_writer_init(&w, h->tx_frame, h->tx_frame_cap);
    if (cosem_hdlc_encode_parts(&w, &f, pre, pre_n) != COSEM_OK) {
        h->counters.tx_errors++;
        return;
    }
    h->counters.frames_sent++;
    if (h->cfg.send.fn(h->cfg.send.user, h->tx_frame, cosem_axdr_writer_len(&w)) != COSEM_OK) {
        h->counters.tx_errors++;
    }
}

/* Sends a frame without information field to the peer. */
void cosem_hdlc_send_ctrl(cosem_hdlc_t *h, uint8_t ctrl)
{
    cosem_hdlc_send_frame(h, &h->peer, ctrl, false, NULL, 0, NULL, 0);
}

/* Information octets per I-frame: the agreed maximum, or the cap. */
static size_t seg_size(const cosem_hdlc_t *h)
{
    size_t seg = h->agreed.max_info_tx;
    if (h->cfg.info_tx_cap != 0 && h->cfg.info_tx_cap < seg) {
        seg = h->cfg.info_tx_cap;
    }
    return seg;
}

/* Frames sent and not yet acknowledged. */
static unsigned outstanding(const cosem_hdlc_t *h)
{
    return (unsigned)((h->vs - h->va) & 7u);
}

/* Whether N(R) acknowledges between none and all outstanding frames. */
bool cosem_hdlc_nr_valid(const cosem_hdlc_t *h, uint8_t nr)
{
    return ((unsigned)(nr - h->va) & 7u) <= outstanding(h);
}

/* Takes the frames up to N(R) as received; frees the MSDU when all of it is. */
void cosem_hdlc_ack(cosem_hdlc_t *h, uint8_t nr)
{
    size_t seg = seg_size(h);
    while (h->va != nr && h->va != h->vs) {
        size_t left = h->tx_len - h->tx_base;
        h->tx_base += left < seg ? left : seg;
        h->va = (uint8_t)((h->va + 1u) & 7u);
    }
    if (h->tx_len != 0 && h->tx_base >= h->tx_len && h->va == h->vs) {
        h->tx_len = 0;
        h->tx_base = 0;
        h->tx_next = 0;
        h->tx_high = 0;
    }
}

/* Whether the current MSDU still has octets unsent or unacknowledged. */
bool cosem_hdlc_tx_pending(const cosem_hdlc_t *h)
{
    return h->tx_len != 0;
}

/* Go-back-N: the frames after the last acknowledged one are sent again. */
void cosem_hdlc_go_back(cosem_hdlc_t *h)
{
    h->vs = h->va;
    h->tx_next = h->tx_base;
}

/* Sends the next I-frames of the MSDU within the window, P/F set on the
 * last one of the burst; returns how many went out. */
unsigned cosem_hdlc_tx_window(cosem_hdlc_t *h)
{
    size_t seg = seg_size(h);
    unsigned count = 0, win = h->agreed.window_tx;
    if ((h->flags & COSEM_HDLC_F_BUSY) != 0) {
        return 0;
    }
    while (h->tx_next < h->tx_len && outstanding(h) < win) {
        size_t left = h->tx_len - h->tx_next, n = left < seg ? left : seg;
        bool last = n == left;
        bool pf = last || outstanding(h) + 1u >= win;
        if (h->tx_next < h->tx_high) {
            h->counters.retransmissions++;
        }
        cosem_hdlc_send_frame(h, &h->peer, COSEM_HDLC_CTRL_I(h->vs, h->vr, pf), !last, NULL, 0,
                              h->tx_msdu + h->tx_next, n);
        h->vs = (uint8_t)((h->vs + 1u) & 7u);
        h->tx_next += n;
        if (h->tx_next > h->tx_high) {
            h->tx_high = h->tx_next;
        }
        count++;
    }
    return count;
}

/* ---- link ------------------------------------------------------------- */

/* Clears sequence numbers, transmit and reassembly state. */
void cosem_hdlc_link_reset(cosem_hdlc_t *h)
{
    h->vs = 0;
    h->vr = 0;
    h->va = 0;
    h->retries = 0;
    h->flags = 0;
    h->tx_len = 0;
    h->tx_base = 0;
    h->tx_next = 0;
    h->tx_high = 0;
    h->rx_len = 0;
}

/* Drops the link and reports why. */
void cosem_hdlc_go_down(cosem_hdlc_t *h, cosem_hdlc_reason_t reason)
{
    h->state = COSEM_HDLC_DISCONNECTED;
    cosem_hdlc_link_reset(h);
    if (h->next_local.len != 0u) {
        h->cfg.local = h->next_local; /* an address change waited for the link to end */
        h->next_local.len = 0;
    }
    cosem_hdlc_emit(h, COSEM_HDLC_EV_DISCONNECTED, reason, NULL, 0);
}

/* Appends an in-sequence I-frame to the MSDU being reassembled (checking
 * the LLC header of its first segment); out-of-sequence frames are counted
 * and discarded so that a repeated frame is never delivered twice. */
int cosem_hdlc_rx_info(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f, const uint8_t llc[3])
{
    const uint8_t *p = f->info;
    size_t n = f->info_len;
    uint8_t fl;
    if (COSEM_HDLC_CTRL_NS(f->control) != h->vr) {
        h->counters.duplicates++;
        return COSEM_HDLC_RX_DUP;
    }
    if (h->cfg.shared_msdu && h->tx_len != 0) {
        h->counters.busy_refused++; /* the one MSDU buffer is still sending */
        return COSEM_HDLC_RX_DUP;
    }
    h->vr = (uint8_t)((h->vr + 1u) & 7u);
    fl = h->flags;
    if ((fl & COSEM_HDLC_F_RXMSDU) == 0) {
        fl = (uint8_t)((fl | COSEM_HDLC_F_RXMSDU) & ~COSEM_HDLC_F_RXBAD);
        h->rx_len = 0;
        if (n < COSEM_HDLC_LLC_LEN || cosem_mem_cmp(p, llc, COSEM_HDLC_LLC_LEN) != 0) {
            h->counters.llc_errors++;
            fl |= COSEM_HDLC_F_RXBAD;
        } else {
            p += COSEM_HDLC_LLC_LEN;
            n -= COSEM_HDLC_LLC_LEN;
        }
    }
    if ((fl & COSEM_HDLC_F_RXBAD) == 0) {
        if (n > h->cfg.max_msdu - h->rx_len) {
            h->counters.msdu_overflow++;
            fl |= COSEM_HDLC_F_RXBAD;
        } else if (n > 0) {
            memcpy(h->rx_msdu + h->rx_len, p, n);
            h->rx_len += n;
        }
    }
    if (!f->segmented) {
        fl &= (uint8_t)~COSEM_HDLC_F_RXMSDU;
    }
    h->flags = fl;
    if (f->segmented) {
        return COSEM_HDLC_RX_SEGMENT;
    }
    if ((fl & COSEM_HDLC_F_RXBAD) != 0) {
        h->rx_len = 0;
        return COSEM_HDLC_RX_DROPPED;
    }
    return COSEM_HDLC_RX_COMPLETE;
}

/* Filters a good frame by address and hands it to the role. */
void cosem_hdlc_frame_in(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f)
{
    h->counters.frames_ok++;
    if (cosem_hdlc_is_secondary(h)) {
        if (!cosem_hdlc_addr_equal(&f->dst, &h->cfg.local) &&
            !cosem_hdlc_addr_is_broadcast_for(&f->dst, &h->cfg.local)) {
            h->counters.other_station++;
            return;
        }
        if (f->src.len != 1) {
            h->counters.address_errors++; /* a client address is one octet */
            return;
        }
        cosem_hdlc_secondary_frame(h, f); /* it restarts the inactivity timer */
        return;
    }
    if (!cosem_hdlc_addr_equal(&f->dst, &h->cfg.local) ||
        !cosem_hdlc_addr_equal(&f->src, &h->cfg.peer)) {
        h->counters.other_station++;
        return;
    }
    h->t_rx = h->now;
    cosem_hdlc_primary_frame(h, f);
}

/* ---- deframer --------------------------------------------------------- */

/* counter_at[] below has one row per ::cosem_hdlc_check_t, FCS last. */
typedef char hdlc_counter_rows_t[COSEM_HDLC_CHECK_FCS == 5 ? 1 : -1];

/* Counts a frame dropped by a check, then hunts for the next flag: the
 * counter of each ::cosem_hdlc_check_t (OK never comes here). */
static void rx_drop(cosem_hdlc_t *h, cosem_hdlc_check_t chk)
{
    static const uint8_t counter_at[6] = {
        offsetof(cosem_hdlc_counters_t, length_errors),
        offsetof(cosem_hdlc_counters_t, format_errors),
        offsetof(cosem_hdlc_counters_t, length_errors),
        offsetof(cosem_hdlc_counters_t, address_errors),
        offsetof(cosem_hdlc_counters_t, hcs_errors),
        offsetof(cosem_hdlc_counters_t, fcs_errors)};
    uint32_t *c = (uint32_t *)(void *)((uint8_t *)&h->counters + counter_at[chk]);
    (*c)++;
    h->rx_state = COSEM_HDLC_RX_HUNT;
}

/* A closing flag arrived: decodes the stored frame, or for a frame longer
 * than the buffer checks the streamed FCS and passes on its header only
 * (info NULL, info_len set) so the role can reject it as too long. */
static void rx_complete(cosem_hdlc_t *h)
{
    cosem_hdlc_frame_t f;
    cosem_hdlc_check_t chk = COSEM_HDLC_CHECK_OK;
    size_t hdr = 0;
    if (h->rx_pos <= h->rx_cap) {
        if (cosem_hdlc_frame_decode(h->rx_frame, h->rx_pos, &f, &chk) != COSEM_OK) {
            rx_drop(h, chk);
            return;
        }
    } else {
        if (h->rx_crc != COSEM_HDLC_CRC_GOOD) {
            rx_drop(h, COSEM_HDLC_CHECK_FCS);
            return;
        }
        (void)cosem_hdlc_parse_header(h->rx_frame, h->rx_cap, &f, &hdr, &chk);
        f.info = NULL;
        f.info_len = h->rx_pos - h->rx_hdr - 4u;
    }
    cosem_hdlc_frame_in(h, &f);
}

/* After each stored octet: learn the length and header, check the HCS as
 * soon as it is there (a corrupted length field is caught early), and
 * switch to waiting for the closing flag at the announced length. */
static void rx_progress(cosem_hdlc_t *h)
{
    cosem_hdlc_frame_t f;
    cosem_hdlc_check_t chk;
    size_t hdr = 0;
    if (h->rx_hdr == 0) {
        cosem_status_t st = cosem_hdlc_parse_header(h->rx_frame, h->rx_pos, &f, &hdr, &chk);
        if (st == COSEM_E_TRUNCATED) {
            return;
        }
        if (st == COSEM_OK && cosem_hdlc_check_length(h->rx_flen, hdr) != COSEM_OK) {
            st = COSEM_E_MALFORMED;
            chk = COSEM_HDLC_CHECK_LENGTH;
        }
        if (st != COSEM_OK) {
            rx_drop(h, chk);
            return;
        }
        h->rx_hdr = hdr;
    }
    if (h->rx_flen > h->rx_hdr + 2u && h->rx_pos == h->rx_hdr + 2u &&
        !cosem_hdlc_crc_ok(h->rx_frame, h->rx_hdr)) {
        rx_drop(h, COSEM_HDLC_CHECK_HCS);
        return;
    }
    if (h->rx_pos == h->rx_flen) {
        h->rx_state = COSEM_HDLC_RX_END;
    }
}

/* k octets of the current frame: stored while they fit. A frame that fits
 * has its FCS checked once, by the decoder (rx_complete()); from the first
 * octet past the buffer the CRC runs over what is stored and then goes on
 * over each octet, so that the FCS of a frame too long to keep is known. */
static void rx_store(cosem_hdlc_t *h, const uint8_t *p, size_t k)
{
    size_t fit = h->rx_pos < h->rx_cap ? h->rx_cap - h->rx_pos : 0u;
    if (fit > k) {
        fit = k;
    }
    if (fit > 0u) {
        memcpy(h->rx_frame + h->rx_pos, p, fit);
        h->rx_pos += fit;
        p += fit;
        k -= fit;
    }
    if (k > 0u) {
        if (h->rx_pos == h->rx_cap) {
            h->rx_crc = cosem_hdlc_crc_update(COSEM_HDLC_CRC_INIT, h->rx_frame, h->rx_cap);
        }
        h->rx_crc = cosem_hdlc_crc_update(h->rx_crc, p, k);
        h->rx_pos += k;
    }
}

/* One octet inside a frame, with the checks of its position. */
static void rx_data(cosem_hdlc_t *h, uint8_t b)
{
    rx_store(h, &b, 1u);
    if (h->rx_pos == 1 && !cosem_hdlc_format_ok(b)) {
        rx_drop(h, COSEM_HDLC_CHECK_FORMAT);
        return;
    }
    if (h->rx_pos == 2) {
        h->rx_flen = cosem_hdlc_format_len(h->rx_frame);
        if (h->rx_flen < 7u) {
            rx_drop(h, COSEM_HDLC_CHECK_LENGTH);
            return;
        }
    }
    if (h->rx_pos >= 2) {
        rx_progress(h);
    }
}

/* The deframer's state machine, one octet at a time. */
static void rx_byte(cosem_hdlc_t *h, uint8_t b)
{
    switch (h->rx_state) {
    case COSEM_HDLC_RX_HUNT:
        if (b == COSEM_HDLC_FLAG) {
            h->rx_state = COSEM_HDLC_RX_FLAG;
        }
        break;
    case COSEM_HDLC_RX_FLAG:
        if (b == COSEM_HDLC_FLAG) {
            break; /* idle or shared flags */
        }
        h->rx_pos = 0;
        h->rx_flen = 0;
        h->rx_hdr = 0;
        h->rx_state = COSEM_HDLC_RX_DATA;
        rx_data(h, b);
        break;
    case COSEM_HDLC_RX_DATA:
        rx_data(h, b);
        break;
    default: /* COSEM_HDLC_RX_END */
        if (b == COSEM_HDLC_FLAG) {
            h->rx_state = COSEM_HDLC_RX_FLAG; /* the closing flag may open the next frame */
            rx_complete(h);
        } else {
            rx_drop(h, COSEM_HDLC_CHECK_FORMAT);
        }
        break;
    }
}

/* Discards a partial frame when the line was silent too long. */
static void rx_check_gap(cosem_hdlc_t *h)
{
    bool partial = h->rx_state == COSEM_HDLC_RX_DATA || h->rx_state == COSEM_HDLC_RX_END;
    if (partial && h->cfg.inter_frame_timeout_ms != 0 &&
        elapsed(h->now, h->rx_last_ms, h->cfg.inter_frame_timeout_ms)) {
        h->counters.partial_discarded++;
        h->rx_state = COSEM_HDLC_RX_HUNT;
    }
}

/* Feeds received octets to the deframer (see the header). */
cosem_status_t cosem_hdlc_feed(cosem_hdlc_t *h, const uint8_t *bytes, size_t n, uint32_t now_ms)
{
    size_t i;
    if (h == NULL || (bytes == NULL && n != 0)) {
        return COSEM_E_ARG;
    }
    h->now = now_ms;
    rx_check_gap(h);
    for (i = 0; i < n;) {
        if (h->rx_state == COSEM_HDLC_RX_DATA && h->rx_hdr != 0u && h->rx_pos > h->rx_hdr + 2u &&
            h->rx_pos + 1u < h->rx_flen) {
            /* Past the header and its HCS no octet has a check of its own
             * until the announced length: the run up to the last one at
             * once (that one, through rx_byte(), ends the frame). */
            size_t k = h->rx_flen - h->rx_pos - 1u;
            if (k > n - i) {
                k = n - i;
            }
            rx_store(h, bytes + i, k);
            i += k;
            continue;
        }
        rx_byte(h, bytes[i++]);
    }
    if (n > 0) {
        h->rx_last_ms = now_ms;
    }
    return COSEM_OK;
}

/* Advances the timers (see the header). */
cosem_status_t cosem_hdlc_poll(cosem_hdlc_t *h, uint32_t now_ms)
{
    if (h == NULL) {
        return COSEM_E_ARG;
    }
    h->now = now_ms;
    rx_check_gap(h);
    if (h->state == COSEM_HDLC_CONNECTED && h->cfg.inactivity_timeout_ms != 0 &&
        elapsed(now_ms, h->t_rx, h->cfg.inactivity_timeout_ms)) {
        h->counters.inactivity++;
        cosem_hdlc_go_down(h, COSEM_HDLC_REASON_INACTIVITY);
        return COSEM_OK;
    }
    if (!cosem_hdlc_is_secondary(h)) {
        cosem_hdlc_primary_timer(h);
    }
    return COSEM_OK;
}

/* ---- sending MSDUs ------------------------------------------------------ */

/* Whether an MSDU is being reassembled in a shared MSDU buffer. */
static bool rx_in_shared(const cosem_hdlc_t *h)
{
    return h->cfg.shared_msdu && (h->flags & COSEM_HDLC_F_RXMSDU) != 0;
}

/* The transmit MSDU buffer after its LLC slot, while it is free. */
uint8_t *cosem_hdlc_tx_buffer(cosem_hdlc_t *h, size_t *cap)
{
    if (h == NULL || h->tx_len != 0 || rx_in_shared(h)) {
        if (cap != NULL) {
            *cap = 0;
        }
        return NULL;
    }
    if (cap != NULL) { /* rx_len: the MSDU being delivered from a shared buffer, else 0 */
        size_t room = h->cfg.max_msdu + COSEM_HDLC_SHARED_SPARE - h->rx_len;
        *cap = h->cfg.shared_msdu && room < h->cfg.max_msdu ? room : h->cfg.max_msdu;
    }
    return h->tx_msdu + COSEM_HDLC_LLC_LEN;
}

/* Starts sending the MSDU just stored: a secondary only when it owes an
 * answer to a poll, a primary unless it waits for an answer itself. */
static void send_start(cosem_hdlc_t *h)
{
    if (cosem_hdlc_is_secondary(h)) {
        if ((h->flags & COSEM_HDLC_F_POLL) != 0 && cosem_hdlc_tx_window(h) > 0) {
            h->flags &= (uint8_t)~COSEM_HDLC_F_POLL;
        }
        return;
    }
    h->flags = (uint8_t)((h->flags | COSEM_HDLC_F_EXPECT) & ~COSEM_HDLC_F_IDLEPOLL);
    if ((h->flags & COSEM_HDLC_F_WAIT) == 0 && cosem_hdlc_tx_window(h) > 0) {
        h->flags |= COSEM_HDLC_F_WAIT;
        h->retries = 0;
        h->t_sent = h->now;
    }
}

/* Queues one MSDU (see the header). */
cosem_status_t cosem_hdlc_send(cosem_hdlc_t *h, const uint8_t *apdu, size_t n, uint32_t now_ms)
{
    uint8_t *dst;
    if (h == NULL || apdu == NULL || n == 0) {
        return COSEM_E_ARG;
    }
    if (n > h->cfg.max_msdu) {
        return COSEM_E_NOSPACE;
    }
    if (h->state != COSEM_HDLC_CONNECTED) {
        return COSEM_E_STATE;
    }
    if (h->tx_len != 0 || rx_in_shared(h)) {
        return COSEM_E_WOULDBLOCK;
    }
    h->now = now_ms;
    dst = h->tx_msdu + COSEM_HDLC_LLC_LEN;
    if (apdu != dst) {
        cosem_mem_move(dst, apdu, n);
    }
    memcpy(h->tx_msdu, cosem_hdlc_is_secondary(h) ? llc_response : cosem_hdlc_llc_request,
           COSEM_HDLC_LLC_LEN);
    /* tx_base, tx_next and tx_high are 0 whenever tx_len is: cosem_hdlc_ack()
     * and cosem_hdlc_link_reset() clear them together */
    h->tx_len = n + COSEM_HDLC_LLC_LEN;
    send_start(h);
    return COSEM_OK;
}

/* One APDU in a UI frame, either role (see the header): the primary's
 * with P = 0 and the request LLC, the secondary's (an unsolicited push)
 * with F = 1 and the response LLC, as GuruxDLMS.c's server sends its
 * data-notifications over HDLC (control 0x13). */
cosem_status_t cosem_hdlc_send_ui(cosem_hdlc_t *h, const cosem_hdlc_addr_t *dst,
                                  const uint8_t *apdu, size_t n, uint32_t now_ms)
{
    bool secondary;
    size_t limit;
    if (h == NULL || (apdu == NULL && n != 0)) {
        return COSEM_E_ARG;
    }
    secondary = cosem_hdlc_is_secondary(h);
    if (dst == NULL) {
        if (secondary && h->state != COSEM_HDLC_CONNECTED) {
            return COSEM_E_ARG; /* no client to send to */
        }
        dst = secondary ? &h->peer : &h->cfg.peer;
    }
    if (!cosem_hdlc_addr_valid(dst)) {
        return COSEM_E_ARG;
    }
    limit = h->state == COSEM_HDLC_CONNECTED ? h->agreed.max_info_tx : h->cfg.params.max_info_tx;
    if (n + COSEM_HDLC_LLC_LEN > limit) {
        return COSEM_E_NOSPACE;
    }
    h->now = now_ms;
    cosem_hdlc_send_frame(h, dst, COSEM_HDLC_CTRL_U(COSEM_HDLC_UI, secondary ? 1 : 0), false,
                          secondary ? llc_response : cosem_hdlc_llc_request, COSEM_HDLC_LLC_LEN,
                          apdu, n);
    return COSEM_OK;
}

/* The LLC header a station expects on received MSDUs. */
const uint8_t *cosem_hdlc_llc_in(const cosem_hdlc_t *h)
{
    return cosem_hdlc_is_secondary(h) ? cosem_hdlc_llc_request : llc_response;
}

/* Primary: DISC. Secondary: drops the link locally (in normal response
 * mode it may not send unsolicited frames; the next frame gets DM). */
cosem_status_t cosem_hdlc_disconnect(cosem_hdlc_t *h, uint32_t now_ms)
{
    if (h == NULL) {
        return COSEM_E_ARG;
    }
    if (h->state == COSEM_HDLC_DISCONNECTED) {
        return COSEM_E_STATE;
    }
    h->now = now_ms;
    if (cosem_hdlc_is_secondary(h)) {
        cosem_hdlc_go_down(h, COSEM_HDLC_REASON_LOCAL);
    } else {
        cosem_hdlc_primary_disconnect(h);
    }
    return COSEM_OK;
}

/* ---- accessors -------------------------------------------------------- */

/* Diagnostics counters. */
const cosem_hdlc_counters_t *cosem_hdlc_counters(const cosem_hdlc_t *h)
{
    return &h->counters;
}

/* Link state. */
cosem_hdlc_state_t cosem_hdlc_state(const cosem_hdlc_t *h)
{
    return (cosem_hdlc_state_t)h->state;
}

/* Agreed parameters. */
const cosem_hdlc_params_t *cosem_hdlc_params(const cosem_hdlc_t *h)
{
    return &h->agreed;
}

/* Connected peer. */
const cosem_hdlc_addr_t *cosem_hdlc_peer(const cosem_hdlc_t *h)
{
    return &h->peer;
}

/* Whether an MSDU is still going out. */
bool cosem_hdlc_tx_busy(const cosem_hdlc_t *h)
{
    return h->tx_len != 0;
}

#else
typedef int cosem_hdlc_station_empty_t;
#endif /* COSEM_WITH_HDLC */
