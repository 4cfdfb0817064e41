/* SPDX-License-Identifier: Apache-2.0 */
/* GET service: normal, next (block transfer) and with-list. A value is
 * encoded into the association's work buffer; when it is larger than one
 * APDU it leaves as get-response-with-datablock blocks, the get being
 * called again from its last committed element for each block (the bytes
 * past a block carry over to the next). */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/server.h>

#include "apdu/xdlms_internal.h"
#include "server/server_internal.h"

/* Octets of get-response-normal in front of the Data: C4 01 invoke 00. */
#define NORMAL_HEAD 4u
/* Octets of get-response-with-list in front of the results: C4 03 invoke. */
#define LIST_HEAD 3u
/* Work buffer left for the results of a with-list after its descriptors. */
#define LIST_MIN_FREE 64u

/* Whether the transfer is a with-list (never without COSEM_WITH_GET_LIST:
 * its paths drop out). */
#if COSEM_WITH_GET_LIST
#define IS_LIST(a) ((a)->xfer_ == COSEM_XFER_GET_LIST)
#else
#define IS_LIST(a) false
#endif

/* Raw octets one with-datablock response can carry within outmax. */
static size_t block_payload(size_t outmax)
{
    size_t ov = cosem_get_response_block_overhead(outmax);
    size_t n = outmax > ov ? outmax - ov : 0u;
    while (n > 0u && n + cosem_get_response_block_overhead(n) > outmax) {
        --n;
    }
    return n;
}

/* Copy n octets to the end of the work buffer's free area (request data a
 * transfer needs later: selective access parameters, with-list
 * descriptors); NULL when it does not leave room for min_free octets. */
static const uint8_t *keep_tail(cosem_assoc_t *a, const uint8_t *p, size_t n, size_t min_free)
{
    if (n == 0u) {
        return p;
    }
    if (a->xfer_pos_ < n || a->xfer_pos_ - n < min_free) {
        return NULL;
    }
    a->xfer_pos_ -= n;
    cosem_mem_move(a->buf_ + a->xfer_pos_, p, n);
    return a->buf_ + a->xfer_pos_;
}

/* NOSPACE from the get: roll back to its last commit (or to what was held
 * before the call). Returns false when nothing at all could be kept. */
static bool rollback(cosem_assoc_t *a, size_t start, uint32_t idx)
{
    cosem_req_t *r = &a->xfer_req_;
    size_t keep = r->committed_ ? r->commit_len_ : start;
    if (keep == 0u || (r->committed_ && keep < start)) {
        return false;
    }
    a->xfer_len_ = keep;
    r->index = r->committed_ ? r->next_index_ : idx;
    return true;
}

/* Stream the single value into the buffer until `limit` octets are held or
 * the value is complete; *brk when a block must go out shorter. */
static cosem_dar_t fill_single(cosem_assoc_t *a, size_t limit, size_t wcap, bool *brk)
{
    cosem_req_t *r = &a->xfer_req_;
    while (!a->xfer_done_ && (limit == 0u || a->xfer_len_ < limit)) {
        cosem_axdr_writer_t w;
        size_t start = a->xfer_len_;
        uint32_t idx = r->index;
        cosem_dar_t dar;
        cosem_srv_writer_resume(&w, a->buf_, wcap, start);
        r->limit_ = limit;
        r->committed_ = false;
        r->more_ = false;
        r->commit_len_ = start;
        r->next_index_ = idx;
        dar = cosem_srv_call_get(r, &w);
        if (dar != COSEM_DAR_SUCCESS) {
            return dar;
        }
        if (cosem_axdr_writer_status(&w) != COSEM_OK) {
            if (cosem_axdr_writer_status(&w) != COSEM_E_NOSPACE || limit == 0u ||
                !rollback(a, start, idx)) {
                return COSEM_DAR_OTHER_REASON;
            }
            *brk = true;
            return COSEM_DAR_SUCCESS;
        }
        a->xfer_len_ = cosem_axdr_writer_len(&w);
        if (r->more_) {
            r->index = r->next_index_;
        } else {
            a->xfer_done_ = true;
        }
    }
    return COSEM_DAR_SUCCESS;
}

/* One Get-Data-Result of a with-list into w (whole, no streaming). */
static void list_item(cosem_assoc_t *a, const cosem_attr_ref_t *ref,
                      const cosem_selection_t *sel, cosem_axdr_writer_t *w)
{
    cosem_req_t r;
    size_t start = cosem_axdr_writer_len(w);
    cosem_dar_t dar = cosem_srv_resolve(a, ref, sel, COSEM_SERVICE_GET, &r);
    if (dar == COSEM_DAR_SUCCESS) {
        (void)cosem_axdr_put_u8(w, 0x00);
        dar = cosem_srv_call_get(&r, w);
        if (dar == COSEM_DAR_SUCCESS && r.more_) {
            dar = COSEM_DAR_OTHER_REASON;
        }
        if (cosem_axdr_writer_status(w) != COSEM_OK) {
            return; /* the caller decides: next block or other-reason */
        }
    }
    if (dar != COSEM_DAR_SUCCESS) {
        cosem_srv_writer_truncate(w, start);
        (void)cosem_axdr_put_u8(w, 0x01);
        (void)cosem_axdr_put_u8(w, (uint8_t)dar);
    }
}

/* With-list results into the buffer, whole items, until `limit` octets are
 * held or every item is done. An item that does not fit an empty buffer
 * is answered other-reason. */
static cosem_dar_t fill_list(cosem_assoc_t *a, size_t limit, size_t wcap, bool *brk)
{
    while (a->xfer_item_ < a->xfer_count_ && (limit == 0u || a->xfer_len_ < limit)) {
        cosem_axdr_reader_t rd;
        cosem_axdr_writer_t w;
        cosem_attr_ref_t ref;
        cosem_selection_t sel;
        size_t start = a->xfer_len_;
        cosem_axdr_reader_init(&rd, a->xfer_list_ + a->xfer_off_,
                               a->xfer_list_len_ - a->xfer_off_);
        if (cosem_apdu_read_attr_sel(&rd, &ref, &sel) != COSEM_OK) {
            return COSEM_DAR_OTHER_REASON;
        }
        cosem_srv_writer_resume(&w, a->buf_, wcap, start);
        list_item(a, &ref, &sel, &w);
        if (cosem_axdr_writer_status(&w) != COSEM_OK) {
            if (start > 0u && limit != 0u) {
                *brk = true; /* send what is held, retry this item alone */
                return COSEM_DAR_SUCCESS;
            }
            cosem_srv_writer_truncate(&w, start);
            (void)cosem_axdr_put_u8(&w, 0x01);
            (void)cosem_axdr_put_u8(&w, COSEM_DAR_OTHER_REASON);
            if (cosem_axdr_writer_status(&w) != COSEM_OK) {
                return COSEM_DAR_OTHER_REASON;
            }
        }
        a->xfer_len_ = cosem_axdr_writer_len(&w);
        a->xfer_off_ += cosem_axdr_reader_pos(&rd);
        a->xfer_item_++;
    }
    a->xfer_done_ = a->xfer_item_ >= a->xfer_count_;
    return COSEM_DAR_SUCCESS;
}

/* Fill the buffer for the transfer's kind. */
static cosem_dar_t fill(cosem_assoc_t *a, size_t limit, size_t wcap, bool *brk)
{
    if (IS_LIST(a)) {
        return fill_list(a, limit, wcap, brk);
    }
    return fill_single(a, limit, wcap, brk);
}

/* Send the next block from the buffer; the rest moves to the front. */
static void send_block(cosem_assoc_t *a, cosem_axdr_writer_t *w, size_t payload)
{
    size_t n = a->xfer_len_ < payload ? a->xfer_len_ : payload;
    bool last = a->xfer_done_ && n == a->xfer_len_;
    a->xfer_block_++;
    (void)cosem_get_response_block_encode(w, a->xfer_invoke_, last, a->xfer_block_, a->buf_, n,
                                          COSEM_DAR_SUCCESS);
    cosem_mem_move(a->buf_, a->buf_ + n, a->xfer_len_ - n);
    a->xfer_len_ -= n;
    if (last) {
        cosem_srv_xfer_abort(a);
    }
}

/* A with-datablock carrying a data-access-result: ends the transfer. */
static void block_error(cosem_assoc_t *a, cosem_axdr_writer_t *w, uint8_t invoke, uint32_t block,
                        cosem_dar_t dar)
{
    cosem_srv_xfer_abort(a);
    (void)cosem_get_response_block_encode(w, invoke, true, block, NULL, 0, dar);
}

/* The complete value in one response (normal or with-list). */
static void send_whole(cosem_assoc_t *a, cosem_axdr_writer_t *w)
{
    /* `C4 03 invoke` (the count is held), or `C4 01 invoke 00` */
    (void)cosem_xdlms_head(w, COSEM_APDU_GET_RESPONSE,
                           IS_LIST(a) ? (uint8_t)COSEM_GET_WITH_LIST : (uint8_t)COSEM_GET_NORMAL,
                           a->xfer_invoke_);
    if (!IS_LIST(a)) {
        (void)cosem_axdr_put_u8(w, 0x00);
    }
    (void)cosem_axdr_put_bytes(w, a->buf_, a->xfer_len_);
    cosem_srv_xfer_abort(a);
}

/* A with-list whose results do not fit and cannot go in blocks: every
 * item other-reason. */
static void list_too_long(cosem_assoc_t *a, cosem_axdr_writer_t *w)
{
    uint16_t n = a->xfer_count_;
    (void)cosem_get_response_list_begin(w, a->xfer_invoke_, n);
    for (uint16_t i = 0; i < n; ++i) {
        (void)cosem_axdr_put_u8(w, 0x01);
        (void)cosem_axdr_put_u8(w, COSEM_DAR_OTHER_REASON);
    }
    cosem_srv_xfer_abort(a);
}

#if COSEM_WITH_GBT
/* General block transfer (IEC 62056-5-3 9.3.10): when negotiated, a GET
 * response longer than the client's PDU leaves as the octets of the
 * complete get-response APDU cut into general-block-transfer blocks. The
 * first block goes alone (the client's window is not known before its
 * first acknowledgement); each acknowledgement brings a window of up to
 * min(the client's window, the link's cosem_assoc_set_gbt_window(), what
 * the work buffer holds) blocks, all but the last of the window with the
 * streaming bit. The blocks sent and not acknowledged stay in front of
 * buf_: an acknowledgement of block k drops the blocks up to k and sends
 * on from k + 1, so a block lost inside a window comes again. Not on
 * ciphered associations (those use GET blocks, whose APDUs the security
 * layer ciphers one by one). */

/* Whether this association's long GET responses use GBT: negotiated, and
 * GET block transfer not (a client that proposes both gets GET blocks:
 * dlms-cosem 21.2.3 proposes GBT without a decoder for it and
 * Gurux.DLMS.Python 1.0.197 cannot acknowledge a GBT block, while every
 * client that proposes GET blocks reads them). */
static bool use_gbt(const cosem_assoc_t *a)
{
#if COSEM_WITH_SECURITY
    if (a->cfg_->security != NULL) {
        return false;
    }
#endif
    return (a->conformance_ & (COSEM_CONF_GENERAL_BLOCK_TRANSFER | COSEM_CONF_BLOCK_TRANSFER_GET)) ==
           COSEM_CONF_GENERAL_BLOCK_TRANSFER;
}

/* Block-data octets one general-block-transfer can carry within outmax:
 * E0, block-control, block-number, block-number-ack, length (1-3), data. */
static size_t gbt_payload(size_t outmax)
{
    size_t p = outmax > 7u ? outmax - 7u : 0u;
    if (p >= 128u) {
        p = outmax - 8u;
    }
    if (p >= 256u) {
        p = outmax - 9u;
    }
    return p > 0xFFFFu ? 0xFFFFu : p;
}

/* Send the next block: the buffered octets after those held. The window
 * ends (no streaming bit) at its last block or when nothing more is
 * buffered. */
static void gbt_block(cosem_assoc_t *a, cosem_axdr_writer_t *w)
{
    cosem_gbt_t g;
    size_t rest = a->xfer_len_ - a->gbt_held_;
    size_t n = rest < a->gbt_payload_ ? rest : a->gbt_payload_;
    g.data.p = a->buf_ + a->gbt_held_;
    g.data.len = n;
    a->gbt_sent_++;
    a->gbt_held_ += n;
    if (a->gbt_left_ > 0u) {
        a->gbt_left_--;
    }
    if (a->gbt_held_ == a->xfer_len_) {
        a->gbt_left_ = 0;
    }
    g.last = a->xfer_done_ && a->gbt_held_ == a->xfer_len_;
    g.streaming = a->gbt_left_ > 0u;
    g.window = 1;
    g.block = a->gbt_sent_;
    g.ack = a->gbt_peer_;
    (void)cosem_gbt_encode(w, &g);
}

/* The transfer cannot go on: it ends (the response's header is out, so no
 * data-access-result can follow). */
static void gbt_fail(cosem_assoc_t *a, cosem_axdr_writer_t *w)
{
    cosem_srv_refuse(a, w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED, COSEM_SERVICE_ERROR_OTHER_REASON);
}

/* Start a window of up to `window` blocks after the held ones (none). */
static void gbt_window(cosem_assoc_t *a, cosem_axdr_writer_t *w, size_t window)
{
    size_t p = a->gbt_payload_;
    size_t fit = a->xfer_pos_ / p;
    size_t have;
    bool brk = false;
    if (window > fit) {
        window = fit > 0u ? fit : 1u;
    }
    if (fill(a, window * p, a->xfer_pos_, &brk) != COSEM_DAR_SUCCESS || a->xfer_len_ == 0u) {
        gbt_fail(a, w);
        return;
    }
    have = (a->xfer_len_ + p - 1u) / p;
    a->gbt_left_ = (uint8_t)(window < have ? window : have);
    gbt_block(a, w);
}

/* The first response of a GET on a GBT association: the get-response's own
 * header first, then the value; whole when it fits, else block 1. */
static void gbt_first(cosem_assoc_t *a, cosem_axdr_writer_t *w, size_t outmax)
{
    bool list = IS_LIST(a);
    uint8_t head[NORMAL_HEAD] = {COSEM_APDU_GET_RESPONSE, 0, 0, 0};
    size_t hl = list ? LIST_HEAD : NORMAL_HEAD;
    bool brk = false;
    cosem_dar_t dar;
    head[1] = list ? (uint8_t)COSEM_GET_WITH_LIST : (uint8_t)COSEM_GET_NORMAL;
    head[2] = a->xfer_invoke_;
    if (a->xfer_len_ + hl > a->xfer_pos_) {
        list_too_long(a, w);
        return;
    }
    cosem_mem_move(a->buf_ + hl, a->buf_, a->xfer_len_); /* with-list: its count is held */
    memcpy(a->buf_, head, hl);
    a->xfer_len_ += hl;
    a->gbt_ = true;
    a->gbt_payload_ = (uint16_t)gbt_payload(outmax);
    dar = fill(a, outmax + 1u, a->xfer_pos_, &brk);
    if (dar != COSEM_DAR_SUCCESS || a->gbt_payload_ == 0u) {
        uint8_t invoke = a->xfer_invoke_;
        if (list) {
            list_too_long(a, w);
            return;
        }
        cosem_srv_xfer_abort(a);
        (void)cosem_get_response_normal_error(w, invoke,
                                              dar != COSEM_DAR_SUCCESS ? dar
                                                                       : COSEM_DAR_OTHER_REASON);
    } else if (a->xfer_done_ && !brk && a->xfer_len_ <= outmax) {
        (void)cosem_axdr_put_bytes(w, a->buf_, a->xfer_len_);
        cosem_srv_xfer_abort(a);
    } else {
        a->gbt_left_ = 1;
        gbt_block(a, w);
    }
}

/* An acknowledgement of block `ack` from the client, whose own block
 * number is `peer` and window `window`: the blocks up to `ack` are done,
 * a window from ack + 1 follows (or the transfer is complete). */
static void gbt_ack(cosem_assoc_t *a, cosem_axdr_writer_t *w, uint16_t peer, uint16_t ack,
                    uint8_t window)
{
    size_t p = a->gbt_payload_;
    size_t held = p != 0u ? (a->gbt_held_ + p - 1u) / p : 0u;
    size_t k = (uint16_t)(ack - (uint16_t)(a->gbt_sent_ - held));
    size_t link = a->gbt_link_ != 0u ? a->gbt_link_ : 1u;
    if (!a->gbt_ || held == 0u || k > held) {
        /* no response in blocks, or an acknowledgement of a block never
         * sent: the transfer ends */
        gbt_fail(a, w);
        return;
    }
    a->gbt_peer_ = peer;
    k = k * p < a->gbt_held_ ? k * p : a->gbt_held_; /* octets acknowledged */
    cosem_mem_move(a->buf_, a->buf_ + k, a->xfer_len_ - k);
    a->xfer_len_ -= k;
    a->gbt_held_ = 0; /* what was not acknowledged goes again */
    a->gbt_sent_ = ack;
    if (a->xfer_done_ && a->xfer_len_ == 0u) {
        cosem_srv_xfer_abort(a); /* the last block acknowledged: nothing to send */
        return;
    }
    gbt_window(a, w, window == 0u ? 1u : (window < link ? window : link));
}

/* The link's window (server.h). */
void cosem_assoc_set_gbt_window(cosem_assoc_t *a, uint8_t window)
{
    if (a != NULL) {
        a->gbt_link_ = window > COSEM_GBT_WINDOW_MAX ? (uint8_t)COSEM_GBT_WINDOW_MAX : window;
    }
}

/* The rest of a window (server.h). */
cosem_status_t cosem_assoc_next(cosem_assoc_t *a, uint8_t *out, size_t cap, size_t *out_len)
{
    cosem_axdr_writer_t w;
    if (out_len != NULL) {
        *out_len = 0;
    }
    if (a == NULL || out == NULL || out_len == NULL) {
        return COSEM_E_ARG;
    }
    if (!a->gbt_ || a->gbt_left_ == 0u) {
        return COSEM_OK;
    }
    cosem_axdr_writer_init(&w, out, cosem_srv_out_max(a, cap));
    gbt_block(a, &w);
    if (cosem_axdr_writer_status(&w) != COSEM_OK) {
        cosem_srv_xfer_abort(a); /* not the capacity the window was cut for */
        return COSEM_OK;
    }
    *out_len = cosem_axdr_writer_len(&w);
    return COSEM_OK;
}

/* A request arriving in general-block-transfer blocks (Gurux's clients
 * send any request longer than their PDU so once GBT is negotiated): the
 * block-data of blocks 1, 2, ... put together in the work buffer; a block
 * that ends a window (no streaming bit) but not the request is acknowledged
 * with an empty block (window 1); the last one (or one that makes the
 * request whole, gbt_whole()) moves the request to the end of buf_ for
 * cosem_srv_handle_plain() to serve. A block out of order or
 * one that does not fit ends the transfer with an exception-response. */
/* Whether the octets put together so far already are a whole GET, SET or
 * ACTION request: Gurux.DLMS.Python 1.0.197 never sets the last-block bit
 * of the blocks it sends a long request in (GXDLMS.getLnMessages). A valid
 * APDU has no proper prefix that decodes whole, so one that decodes is
 * complete. */
static bool gbt_whole(const uint8_t *p, size_t n)
{
    union {
        cosem_get_request_t g;
        cosem_set_request_t s;
        cosem_action_request_t a;
    } u;
    switch (n > 0u ? p[0] : 0u) {
    case COSEM_APDU_GET_REQUEST: return cosem_get_request_decode(p, n, &u.g) == COSEM_OK;
    case COSEM_APDU_SET_REQUEST: return cosem_set_request_decode(p, n, &u.s) == COSEM_OK;
    case COSEM_APDU_ACTION_REQUEST: return cosem_action_request_decode(p, n, &u.a) == COSEM_OK;
    default: return false;
    }
}

static void gbt_request_block(cosem_assoc_t *a, const cosem_gbt_t *g, cosem_axdr_writer_t *w)
{
    cosem_gbt_t ack;
    if (g->block == 1u) {
        cosem_srv_xfer_abort(a);
        a->xfer_ = COSEM_XFER_GBT_IN;
    }
    if (a->xfer_ != COSEM_XFER_GBT_IN || g->block != (uint16_t)(a->xfer_block_ + 1u) ||
        !cosem_srv_xfer_append(a, &g->data)) {
        gbt_fail(a, w);
        return;
    }
    a->xfer_block_ = g->block;
    a->gbt_peer_ = g->block;
    if (g->last || (!g->streaming && gbt_whole(a->buf_, a->xfer_len_))) {
        cosem_mem_move(a->buf_ + a->cap_ - a->xfer_len_, a->buf_, a->xfer_len_);
        a->xfer_ = COSEM_XFER_GBT_DONE;
    } else if (!g->streaming) {
        memset(&ack, 0, sizeof ack);
        ack.window = 1;
        ack.block = ++a->gbt_sent_;
        ack.ack = g->block;
        (void)cosem_gbt_encode(w, &ack);
    }
}

/* The client's general-block-transfer (see server_internal.h). */
void cosem_srv_gbt(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    cosem_gbt_t g;
    if (cosem_gbt_decode(apdu, len, &g) != COSEM_OK) {
        cosem_srv_bad_request(a, w);
        return;
    }
    if (g.data.len != 0u) {
        gbt_request_block(a, &g, w);
        return;
    }
    gbt_ack(a, w, g.block, g.ack, g.window);
}
#endif

/* First response of a transfer just set up: whole when it fits one APDU,
 * else block 1 (when negotiated; else other-reason). */
static void first_response(cosem_assoc_t *a, cosem_axdr_writer_t *w, size_t outmax)
{
    bool list = IS_LIST(a);
    size_t head = list ? LIST_HEAD : NORMAL_HEAD;
    size_t whole = outmax > head ? outmax - head : 0u;
    bool bt = (a->conformance_ & COSEM_CONF_BLOCK_TRANSFER_GET) != 0u;
    bool brk = false;
    size_t wcap;
    cosem_dar_t dar;
#if COSEM_WITH_GBT
    if (use_gbt(a)) {
        gbt_first(a, w, outmax);
        return;
    }
#endif
    wcap = (!bt && whole < a->xfer_pos_) ? whole : a->xfer_pos_;
    dar = fill(a, bt ? whole + 1u : 0u, wcap, &brk);
    if (dar == COSEM_DAR_SUCCESS && a->xfer_done_ && !brk && a->xfer_len_ <= whole) {
        send_whole(a, w);
    } else if (dar == COSEM_DAR_SUCCESS && bt && block_payload(outmax) > 0u) {
        send_block(a, w, block_payload(outmax));
    } else if (list) {
        list_too_long(a, w);
    } else {
        uint8_t invoke = a->xfer_invoke_;
        cosem_srv_xfer_abort(a);
        (void)cosem_get_response_normal_error(w, invoke,
                                              dar != COSEM_DAR_SUCCESS ? dar
                                                                       : COSEM_DAR_OTHER_REASON);
    }
}

/* The common case of get-request-normal: a value without selective access
 * encoded straight behind `C4 01 invoke 00` in the response buffer, no
 * work buffer, no copy, no transfer state. False (the response buffer as
 * it was) when the value does not fit one response or streams: the
 * transfer path then calls the get again into the work buffer. */
static bool get_direct(const cosem_get_request_t *q, cosem_req_t *r, cosem_axdr_writer_t *w,
                       size_t outmax)
{
    size_t base = cosem_axdr_writer_len(w);
    size_t cap = w->cap - base < outmax ? w->cap : base + outmax;
    uint32_t index = r->index, aux = r->aux;
    cosem_axdr_writer_t vw;
    cosem_dar_t dar;
    if (r->sel.selector != 0u || w->buf == NULL || cap < base + NORMAL_HEAD + 1u) {
        return false;
    }
    /* `C4 01 invoke 00` (cosem_get_response_normal_begin(), whose room
     * was just checked) stored at once */
    w->buf[base] = COSEM_APDU_GET_RESPONSE;
    w->buf[base + 1u] = (uint8_t)COSEM_GET_NORMAL;
    w->buf[base + 2u] = q->invoke;
    w->buf[base + 3u] = 0u;
    cosem_srv_writer_resume(&vw, w->buf, cap, base + NORMAL_HEAD);
    r->limit_ = 0u;
    r->committed_ = false;
    r->more_ = false;
    r->commit_len_ = base + NORMAL_HEAD;
    r->next_index_ = index;
    dar = cosem_srv_call_get(r, &vw);
    if (dar != COSEM_DAR_SUCCESS) {
        (void)cosem_get_response_normal_error(w, q->invoke, dar);
        return true;
    }
    if (cosem_axdr_writer_status(&vw) != COSEM_OK || r->more_) {
        r->index = index; /* the transfer path starts the value over */
        r->aux = aux;
        return false;
    }
    cosem_srv_writer_truncate(w, cosem_axdr_writer_len(&vw));
    return true;
}

/* get-request-normal. */
static void get_normal(cosem_assoc_t *a, const cosem_get_request_t *q, cosem_axdr_writer_t *w,
                       size_t outmax)
{
    cosem_req_t r;
    cosem_dar_t dar = cosem_srv_resolve(a, &q->ref, &q->sel, COSEM_SERVICE_GET, &r);
    if (dar != COSEM_DAR_SUCCESS) {
        (void)cosem_get_response_normal_error(w, q->invoke, dar);
        return;
    }
#if !COSEM_WITH_GBT
    if (get_direct(q, &r, w, outmax)) {
        return;
    }
#else
    if (!use_gbt(a) && get_direct(q, &r, w, outmax)) {
        return;
    }
#endif
    a->xfer_ = COSEM_XFER_GET;
    a->xfer_invoke_ = q->invoke;
    a->xfer_pos_ = a->cap_;
    a->xfer_req_ = r;
    if (r.sel.selector != 0u) {
        a->xfer_req_.sel.params.p =
            keep_tail(a, r.sel.params.p, r.sel.params.len, a->cap_ / 2u);
        if (a->xfer_req_.sel.params.p == NULL) {
            cosem_srv_xfer_abort(a);
            (void)cosem_get_response_normal_error(w, q->invoke, COSEM_DAR_OTHER_REASON);
            return;
        }
    }
    first_response(a, w, outmax);
}

#if COSEM_WITH_GET_LIST
/* get-request-with-list. */
static void get_list(cosem_assoc_t *a, const cosem_get_request_t *q, cosem_axdr_writer_t *w,
                     size_t outmax)
{
    cosem_axdr_writer_t hw;
    a->xfer_ = COSEM_XFER_GET_LIST;
    a->xfer_invoke_ = q->invoke;
    a->xfer_count_ = q->count;
    a->xfer_pos_ = a->cap_;
    a->xfer_list_ = q->list.p;
    a->xfer_list_len_ = q->list.len;
#if COSEM_WITH_GBT
#define LIST_BLOCKS (COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_GENERAL_BLOCK_TRANSFER)
#else
#define LIST_BLOCKS COSEM_CONF_BLOCK_TRANSFER_GET
#endif
    if ((a->conformance_ & LIST_BLOCKS) != 0u) {
        /* a long list keeps its descriptors and fills the rest through
         * blocks (an item larger than what is left is other-reason) */
        a->xfer_list_ = keep_tail(a, q->list.p, q->list.len, LIST_MIN_FREE);
        if (a->xfer_list_ == NULL) {
            list_too_long(a, w);
            return;
        }
    }
    cosem_axdr_writer_init(&hw, a->buf_, a->xfer_pos_);
    (void)cosem_axdr_put_length(&hw, q->count);
    a->xfer_len_ = cosem_axdr_writer_len(&hw);
    first_response(a, w, outmax);
}
#endif

/* get-request-next: the block the client acknowledges must be the last
 * one sent; anything else ends the transfer. */
static void get_next(cosem_assoc_t *a, const cosem_get_request_t *q, cosem_axdr_writer_t *w,
                     size_t outmax)
{
    size_t payload = block_payload(outmax);
    bool brk = false;
    cosem_dar_t dar;
    if (a->xfer_ != COSEM_XFER_GET && !IS_LIST(a)) {
        block_error(a, w, q->invoke, q->block, COSEM_DAR_NO_LONG_GET_IN_PROGRESS);
        return;
    }
#if COSEM_WITH_GBT
    if (a->gbt_) {
        /* Gurux's clients (GuruxDLMS.c 9.0, cl_receiverReady) acknowledge a
         * GBT block with get-request-next carrying their own block counter
         * 1, 2, ... instead of a GBT: taken as the acknowledgement of that
         * block, numbered so, as their check of block-number-ack expects */
        a->xfer_invoke_ = q->invoke;
        gbt_ack(a, w, (uint16_t)q->block, (uint16_t)q->block, 1u);
        return;
    }
#endif
    if (q->block != a->xfer_block_) {
        block_error(a, w, q->invoke, q->block, COSEM_DAR_DATA_BLOCK_NUMBER_INVALID);
        return;
    }
    a->xfer_invoke_ = q->invoke;
    dar = payload > 0u ? fill(a, payload, a->xfer_pos_, &brk) : COSEM_DAR_OTHER_REASON;
    if (dar != COSEM_DAR_SUCCESS) {
        block_error(a, w, q->invoke, a->xfer_block_ + 1u, dar);
        return;
    }
    send_block(a, w, payload);
}

/* The request a meter serves most, get-request-normal in its 13 octets
 * (confirmed, associated, GET negotiated, no transfer in progress, no
 * ciphering required), answered without the general dispatch: the same
 * get_normal() as cosem_srv_get() gives the same response. False: the
 * general path must serve it (w untouched). */
bool cosem_srv_get_lean(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                        cosem_axdr_writer_t *w)
{
    cosem_get_request_t q;
    if (!cosem_get_request_is_plain(apdu, len) || (apdu[2] & COSEM_INVOKE_CONFIRMED) == 0u ||
        a->state_ != COSEM_ASSOC_ASSOCIATED || (a->conformance_ & COSEM_CONF_GET) == 0u ||
        a->xfer_ != COSEM_XFER_NONE) {
        return false;
    }
#if COSEM_WITH_SECURITY
    if (!cosem_srv_sec_plain_ok(a)) {
        return false;
    }
#endif
    cosem_get_request_plain(apdu, &q); /* what cosem_get_request_decode() gives */
    cosem_srv_xfer_abort(a); /* the GBT numbering of a finished exchange */
    get_normal(a, &q, w, cosem_srv_out_max(a, w->cap));
    return true;
}

/* Decode a get-request and answer it; any request but get-next ends a
 * transfer in progress, a malformed one gets an exception-response. */
void cosem_srv_get(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    cosem_get_request_t q;
    size_t outmax = cosem_srv_out_max(a, w->cap);
    cosem_status_t st = cosem_get_request_decode(apdu, len, &q);
#if !COSEM_WITH_GET_LIST
    if (st == COSEM_E_UNSUPPORTED && q.type == COSEM_GET_WITH_LIST) {
        /* with-list left out: exception-response (service not supported) */
        cosem_srv_refuse(a, w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED,
                         COSEM_SERVICE_ERROR_NOT_SUPPORTED);
        return;
    }
#endif
    if (st != COSEM_OK) {
        cosem_srv_bad_request(a, w);
        return;
    }
    if (q.type == COSEM_GET_NEXT) {
        get_next(a, &q, w, outmax);
        return;
    }
    cosem_srv_xfer_abort(a);
#if COSEM_WITH_GET_LIST
    if (q.type != COSEM_GET_NORMAL) {
        get_list(a, &q, w, outmax);
        return;
    }
#endif
    get_normal(a, &q, w, outmax); /* the decoder gives nothing else */
}

#else
typedef int cosem_get_empty_t;
#endif
