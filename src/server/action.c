/* SPDX-License-Identifier: Apache-2.0 */
/* ACTION service: normal, with-list, parameters arriving in pblocks
 * (with-first-pblock / with-pblock, with-list-and-first-pblock) and return
 * parameters too long for one APDU leaving in pblocks (next-pblock). The
 * raw data of those pblocks is the return-parameters Data (for a list, the
 * SEQUENCE OF Action-Response-With-Optional-Data). */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/server.h>

#include "server/server_internal.h"

/* Octets of action-response-normal with data in front of the Data. */
#define NORMAL_HEAD 6u
/* Octets of action-response-with-list in front of the results. */
#define LIST_HEAD 3u

#if COSEM_WITH_LIST_BLOCK_WRITE
/* Raw octets one action-response-with-pblock can carry within outmax:
 * C7 02 invoke last block(4) length raw. */
static size_t pblock_payload(size_t outmax)
{
    size_t n = outmax > 9u ? outmax - 9u : 0u;
    while (n > 0u && n + 8u + cosem_axdr_length_size(n) > outmax) {
        --n;
    }
    return n;
}

/* Send the next pblock of the return data held in the buffer. */
static void send_pblock(cosem_assoc_t *a, cosem_axdr_writer_t *w, size_t outmax)
{
    size_t payload = pblock_payload(outmax);
    size_t n = a->xfer_len_ < payload ? a->xfer_len_ : payload;
    bool last = n == a->xfer_len_;
    a->xfer_block_++;
    (void)cosem_action_response_block_encode(w, a->xfer_invoke_, last, a->xfer_block_, a->buf_, n);
    cosem_mem_move(a->buf_, a->buf_ + n, a->xfer_len_ - n);
    a->xfer_len_ -= n;
    if (last) {
        cosem_srv_xfer_abort(a);
    }
}

/* Return data at buf_[at, at + n) too long for one APDU: pblocks when
 * negotiated; false otherwise. */
static bool start_pblocks(cosem_assoc_t *a, uint8_t invoke, size_t at, size_t n,
                          cosem_axdr_writer_t *w, size_t outmax)
{
    if ((a->conformance_ & COSEM_CONF_BLOCK_TRANSFER_ACTION) == 0u || pblock_payload(outmax) == 0u) {
        return false;
    }
    cosem_mem_move(a->buf_, a->buf_ + at, n);
    a->xfer_ = COSEM_XFER_ACTION_RET;
    a->xfer_invoke_ = invoke;
    a->xfer_len_ = n;
    a->xfer_block_ = 0;
    send_pblock(a, w, outmax);
    return true;
}
#else
/* Return data too long for one APDU: no pblocks in this build. */
static bool start_pblocks(cosem_assoc_t *a, uint8_t invoke, size_t at, size_t n,
                          cosem_axdr_writer_t *w, size_t outmax)
{
    (void)a, (void)invoke, (void)at, (void)n, (void)w, (void)outmax;
    return false;
}
#endif

/* Execute one method with its return data written at buf_[at, cap_). */
static cosem_dar_t run_one(cosem_assoc_t *a, const cosem_attr_ref_t *ref, const uint8_t *params,
                           size_t n, size_t at, size_t *ret_len)
{
    cosem_req_t r;
    cosem_axdr_writer_t rw;
    cosem_dar_t dar = cosem_srv_resolve(a, ref, NULL, COSEM_SERVICE_ACTION, &r);
    *ret_len = 0;
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    cosem_axdr_writer_init(&rw, a->buf_ + at, a->cap_ - at);
    dar = cosem_srv_call_action(&r, params, n, &rw);
    if (cosem_axdr_writer_status(&rw) != COSEM_OK) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (dar == COSEM_DAR_SUCCESS) {
        *ret_len = cosem_axdr_writer_len(&rw);
    }
    return dar;
}

/* action-response-normal for one method (params may lie in the buffer
 * before `at`). */
static void action_one(cosem_assoc_t *a, uint8_t invoke, const cosem_attr_ref_t *ref,
                       const uint8_t *params, size_t n, size_t at, cosem_axdr_writer_t *w)
{
    size_t outmax = cosem_srv_out_max(a, w->cap);
    size_t rl = 0;
    cosem_dar_t dar = run_one(a, ref, params, n, at, &rl);
    cosem_srv_xfer_abort(a);
    if (rl == 0u) {
        (void)cosem_action_response_normal_begin(w, invoke, dar, false);
    } else if (rl + NORMAL_HEAD <= outmax) {
        (void)cosem_action_response_normal_begin(w, invoke, dar, true);
        (void)cosem_axdr_put_bytes(w, a->buf_ + at, rl);
    } else if (!start_pblocks(a, invoke, at, rl, w, outmax)) {
        (void)cosem_action_response_normal_begin(w, invoke, COSEM_DAR_OTHER_REASON, false);
    }
}

#if COSEM_WITH_LIST_BLOCK_WRITE
/* Results of a with-list into buf_ from `at`: count, then per method its
 * result and optional return data. Params come from vals (whole Data);
 * unless they are exactly count Data, no method runs. */
static size_t run_list(cosem_assoc_t *a, const cosem_slice_t *list, uint16_t count,
                       const uint8_t *vals, size_t vlen, size_t at)
{
    cosem_axdr_reader_t lr, vr;
    cosem_axdr_writer_t w;
    bool ok = cosem_srv_values_ok(vals, vlen, count);
    cosem_axdr_reader_init(&lr, list->p, list->len);
    cosem_axdr_reader_init(&vr, vals, vlen);
    cosem_axdr_writer_init(&w, a->buf_ + at, a->cap_ - at);
    (void)cosem_axdr_put_length(&w, count);
    for (uint16_t i = 0; i < count && cosem_axdr_writer_status(&w) == COSEM_OK; ++i) {
        cosem_attr_ref_t ref;
        size_t p0 = cosem_axdr_reader_pos(&vr);
        size_t mark = cosem_axdr_writer_len(&w);
        size_t rl = 0;
        cosem_dar_t dar = COSEM_DAR_TYPE_UNMATCHED;
        (void)cosem_axdr_put_bytes(&w, "\0\x01\0", 3); /* result, Get-Data-Result data */
        if (cosem_apdu_read_attr(&lr, &ref) != COSEM_OK) {
            dar = COSEM_DAR_OTHER_REASON;
        } else if (ok && cosem_axdr_skip(&vr) == COSEM_OK &&
                   cosem_axdr_writer_status(&w) == COSEM_OK) {
            dar = run_one(a, &ref, vals + p0, cosem_axdr_reader_pos(&vr) - p0,
                          at + cosem_axdr_writer_len(&w), &rl);
        }
        cosem_srv_writer_truncate(&w, mark);
        (void)cosem_axdr_put_u8(&w, (uint8_t)dar);
        if (rl != 0u) {
            /* the return Data is already in place after the 3-octet head */
            (void)cosem_axdr_put_bytes(&w, "\x01\0", 2);
            cosem_srv_writer_truncate(&w, cosem_axdr_writer_len(&w) + rl);
        } else {
            (void)cosem_axdr_put_u8(&w, 0x00);
        }
    }
    return cosem_axdr_writer_status(&w) == COSEM_OK ? cosem_axdr_writer_len(&w) : 0u;
}

/* action-response-with-list from the results at buf_[at, at + n). */
static void list_reply(cosem_assoc_t *a, uint8_t invoke, uint16_t count, size_t at, size_t n,
                       cosem_axdr_writer_t *w)
{
    size_t outmax = cosem_srv_out_max(a, w->cap);
    cosem_srv_xfer_abort(a);
    if (n != 0u && n + LIST_HEAD <= outmax) {
        (void)cosem_axdr_put_u8(w, COSEM_APDU_ACTION_RESPONSE);
        (void)cosem_axdr_put_u8(w, COSEM_ACTION_RES_WITH_LIST);
        (void)cosem_axdr_put_u8(w, invoke);
        (void)cosem_axdr_put_bytes(w, a->buf_ + at, n);
    } else if (n == 0u || !start_pblocks(a, invoke, at, n, w, outmax)) {
        (void)cosem_action_response_list_begin(w, invoke, count);
        for (uint16_t i = 0; i < count; ++i) {
            (void)cosem_axdr_put_u8(w, COSEM_DAR_OTHER_REASON);
            (void)cosem_axdr_put_u8(w, 0x00);
        }
    }
}

/* A pblock transfer cannot go on: action-response-normal with the result. */
static void pblock_error(cosem_assoc_t *a, uint8_t invoke, cosem_dar_t dar, cosem_axdr_writer_t *w)
{
    cosem_srv_xfer_abort(a);
    (void)cosem_action_response_normal_begin(w, invoke, dar, false);
}

/* Last parameter block arrived: execute. */
static void pblock_finish(cosem_assoc_t *a, uint8_t invoke, cosem_axdr_writer_t *w)
{
    size_t pos = a->xfer_pos_;
    size_t end = a->xfer_len_;
    if (a->xfer_ == COSEM_XFER_ACTION) {
        cosem_attr_ref_t ref;
        ref.class_id = a->xfer_req_.obj->cls->class_id;
        memcpy(ref.obis, a->xfer_req_.obj->obis, 6);
        ref.id = a->xfer_req_.id;
        action_one(a, invoke, &ref, a->buf_ + pos, end - pos, end, w);
    } else {
        cosem_slice_t list = {a->buf_, pos};
        uint16_t count = a->xfer_count_;
        cosem_axdr_reader_t r;
        size_t k = 0, skip = 0, n;
        /* the values may carry their SEQUENCE OF length in front */
        cosem_axdr_reader_init(&r, a->buf_ + pos, end - pos);
        if (cosem_axdr_get_length(&r, &k) == COSEM_OK && k == count && count > 0u) {
            skip = cosem_axdr_reader_pos(&r);
        }
        n = run_list(a, &list, count, a->buf_ + pos + skip, end - pos - skip, end);
        list_reply(a, invoke, count, end, n, w);
    }
}

/* Take one parameter block: acknowledge with next-pblock, or execute. */
static void pblock_take(cosem_assoc_t *a, const cosem_action_request_t *q, cosem_axdr_writer_t *w)
{
    if (!cosem_srv_xfer_append(a, &q->pblock.raw)) {
        pblock_error(a, q->invoke, COSEM_DAR_OTHER_REASON, w);
        return;
    }
    a->xfer_block_ = q->pblock.number;
    if (q->pblock.last) {
        pblock_finish(a, q->invoke, w);
    } else {
        (void)cosem_action_response_next_encode(w, q->invoke, q->pblock.number);
    }
}

/* action-request-with-first-pblock / -with-list-and-first-pblock. */
static void action_first(cosem_assoc_t *a, const cosem_action_request_t *q,
                         cosem_axdr_writer_t *w)
{
    cosem_dar_t dar = COSEM_DAR_SUCCESS;
    a->xfer_len_ = 0;
    if (q->type == COSEM_ACTION_WITH_FIRST_PBLOCK) {
        dar = cosem_srv_resolve(a, &q->ref, NULL, COSEM_SERVICE_ACTION, &a->xfer_req_);
        a->xfer_ = COSEM_XFER_ACTION;
    } else if (q->list.len > a->cap_ / 2u) {
        dar = COSEM_DAR_OTHER_REASON;
    } else {
        a->xfer_ = COSEM_XFER_ACTION_LIST;
        a->xfer_count_ = q->count;
        (void)cosem_srv_xfer_append(a, &q->list);
    }
    if (dar == COSEM_DAR_SUCCESS && q->pblock.number != 1u) {
        dar = COSEM_DAR_DATA_BLOCK_NUMBER_INVALID;
    }
    if (dar != COSEM_DAR_SUCCESS) {
        pblock_error(a, q->invoke, dar, w);
        return;
    }
    a->xfer_pos_ = a->xfer_len_;
    pblock_take(a, q, w);
}

/* action-request-with-pblock: next parameter block. */
static void action_pblock(cosem_assoc_t *a, const cosem_action_request_t *q,
                          cosem_axdr_writer_t *w)
{
    if (a->xfer_ != COSEM_XFER_ACTION && a->xfer_ != COSEM_XFER_ACTION_LIST) {
        pblock_error(a, q->invoke, COSEM_DAR_NO_LONG_GET_IN_PROGRESS, w);
    } else if (q->pblock.number != a->xfer_block_ + 1u) {
        pblock_error(a, q->invoke, COSEM_DAR_DATA_BLOCK_NUMBER_INVALID, w);
    } else {
        pblock_take(a, q, w);
    }
}

/* action-request-next-pblock: the client acknowledges the last return
 * block sent. */
static void action_next(cosem_assoc_t *a, const cosem_action_request_t *q, cosem_axdr_writer_t *w)
{
    if (a->xfer_ != COSEM_XFER_ACTION_RET) {
        pblock_error(a, q->invoke, COSEM_DAR_NO_LONG_GET_IN_PROGRESS, w);
    } else if (q->block != a->xfer_block_) {
        pblock_error(a, q->invoke, COSEM_DAR_DATA_BLOCK_NUMBER_INVALID, w);
    } else {
        a->xfer_invoke_ = q->invoke;
        send_pblock(a, w, cosem_srv_out_max(a, w->cap));
    }
}

/* The with-list and pblock forms of action-request. */
static void action_long(cosem_assoc_t *a, const cosem_action_request_t *q,
                        cosem_axdr_writer_t *w)
{
    size_t n;
    if (q->type == COSEM_ACTION_NEXT_PBLOCK) {
        action_next(a, q, w);
        return;
    }
    if (q->type == COSEM_ACTION_WITH_PBLOCK) {
        action_pblock(a, q, w);
        return;
    }
    cosem_srv_xfer_abort(a);
    if (q->type == COSEM_ACTION_WITH_LIST) {
        n = run_list(a, &q->list, q->count, q->values.p, q->values.len, 0);
        list_reply(a, q->invoke, q->count, 0, n, w);
    } else {
        action_first(a, q, w);
    }
}
#else
/* The with-list and pblock forms are left out: exception-response
 * (service not supported). */
static void action_long(cosem_assoc_t *a, const cosem_action_request_t *q,
                        cosem_axdr_writer_t *w)
{
    (void)q;
    cosem_srv_refuse(a, w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED, COSEM_SERVICE_ERROR_NOT_SUPPORTED);
}
#endif

/* Decode an action-request and answer it. */
void cosem_srv_action(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    cosem_action_request_t q;
    cosem_status_t st = cosem_action_request_decode(apdu, len, &q);
#if !COSEM_WITH_LIST_BLOCK_WRITE
    if (st == COSEM_E_UNSUPPORTED && q.type != COSEM_ACTION_NORMAL) {
        st = COSEM_OK; /* a form left out: action_long() refuses it */
    }
#endif
    if (st != COSEM_OK) {
        cosem_srv_bad_request(a, w);
        return;
    }
    if (q.type != COSEM_ACTION_NORMAL) {
        action_long(a, &q, w);
        return;
    }
    cosem_srv_xfer_abort(a);
    action_one(a, q.invoke, &q.ref, q.has_params ? q.params.p : NULL,
               q.has_params ? q.params.len : 0u, 0, w);
}

#else
typedef int cosem_action_empty_t;
#endif
