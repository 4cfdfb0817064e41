/* SPDX-License-Identifier: Apache-2.0 */
/* SET service: normal, with-first-datablock / with-datablock (the value is
 * reassembled in the work buffer), with-list and
 * with-list-and-first-datablock. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER

#include <string.h>

#include <cosem/server.h>

#include "server/server_internal.h"

/* Resolve and write one attribute; the value is one whole Data. */
static cosem_dar_t set_one(cosem_assoc_t *a, const cosem_attr_ref_t *ref,
                           const cosem_selection_t *sel, const uint8_t *v, size_t n)
{
    cosem_req_t r;
    cosem_dar_t dar = cosem_srv_resolve(a, ref, sel, COSEM_SERVICE_SET, &r);
    if (dar == COSEM_DAR_SUCCESS) {
        dar = cosem_srv_call_set(&r, v, n);
    }
    return dar;
}

#if COSEM_WITH_LIST_BLOCK_WRITE
/* Next whole Data of a value list: its slice, false when malformed. */
static bool next_value(cosem_axdr_reader_t *vr, const uint8_t *base, cosem_slice_t *out)
{
    size_t at = cosem_axdr_reader_pos(vr);
    if (cosem_axdr_skip(vr) != COSEM_OK) {
        return false;
    }
    out->p = base + at;
    out->len = cosem_axdr_reader_pos(vr) - at;
    return true;
}

/* Write every item of a with-list; each result goes straight to w as one
 * enum octet. Values that are not exactly count Data are type-unmatched
 * for every item and nothing is written. */
static void run_list(cosem_assoc_t *a, const cosem_slice_t *list, uint16_t count,
                     const uint8_t *vals, size_t vlen, cosem_axdr_writer_t *w)
{
    cosem_axdr_reader_t lr;
    cosem_axdr_reader_t vr;
    cosem_axdr_reader_init(&lr, list->p, list->len);
    bool ok = cosem_srv_values_ok(vals, vlen, count);
    cosem_axdr_reader_init(&vr, vals, vlen);
    (void)cosem_axdr_put_length(w, count);
    for (uint16_t i = 0; i < count; ++i) {
        cosem_attr_ref_t ref;
        cosem_selection_t sel;
        cosem_slice_t v;
        cosem_dar_t dar = COSEM_DAR_TYPE_UNMATCHED;
        if (cosem_apdu_read_attr_sel(&lr, &ref, &sel) != COSEM_OK) {
            dar = COSEM_DAR_OTHER_REASON;
        } else if (ok && next_value(&vr, vals, &v)) {
            dar = set_one(a, &ref, &sel, v.p, v.len);
        }
        (void)cosem_axdr_put_u8(w, (uint8_t)dar);
    }
}

/* The values of a with-list transfer: `count` Data, with or without the
 * SEQUENCE OF length in front (both are met); the slice after it. */
static void list_values(const uint8_t *p, size_t n, uint16_t count, cosem_slice_t *out)
{
    cosem_axdr_reader_t r;
    size_t k = 0;
    cosem_axdr_reader_init(&r, p, n);
    if (cosem_axdr_get_length(&r, &k) == COSEM_OK && k == count) {
        size_t at = cosem_axdr_reader_pos(&r);
        for (size_t i = 0; i < k; ++i) {
            (void)cosem_axdr_skip(&r);
        }
        if (cosem_axdr_reader_status(&r) == COSEM_OK && cosem_axdr_reader_remaining(&r) == 0u) {
            out->p = p + at;
            out->len = n - at;
            return;
        }
    }
    out->p = p;
    out->len = n;
}

/* set-response-with-list `C5 05 invoke results`. */
static void set_list(cosem_assoc_t *a, const cosem_set_request_t *q, cosem_axdr_writer_t *w)
{
    (void)cosem_axdr_put_u8(w, COSEM_APDU_SET_RESPONSE);
    (void)cosem_axdr_put_u8(w, COSEM_SET_RES_WITH_LIST);
    (void)cosem_axdr_put_u8(w, q->invoke);
    run_list(a, &q->list, q->count, q->values.p, q->values.len, w);
}

/* End of a SET transfer: write the value(s) and answer last-datablock. */
static void set_finish(cosem_assoc_t *a, uint8_t invoke, uint32_t block, cosem_axdr_writer_t *w)
{
    const uint8_t *data = a->buf_ + a->xfer_pos_;
    size_t n = a->xfer_len_ - a->xfer_pos_;
    if (a->xfer_ == COSEM_XFER_SET) {
        cosem_dar_t dar = cosem_srv_call_set(&a->xfer_req_, data, n);
        cosem_srv_xfer_abort(a);
        (void)cosem_set_response_last_block_encode(w, invoke, dar, block);
    } else {
        cosem_slice_t list = {a->buf_, a->xfer_pos_};
        cosem_slice_t vals;
        uint16_t count = a->xfer_count_;
        list_values(data, n, count, &vals);
        (void)cosem_axdr_put_u8(w, COSEM_APDU_SET_RESPONSE);
        (void)cosem_axdr_put_u8(w, COSEM_SET_RES_LAST_DATABLOCK_LIST);
        (void)cosem_axdr_put_u8(w, invoke);
        run_list(a, &list, count, vals.p, vals.len, w);
        (void)cosem_axdr_put_u32(w, block);
        cosem_srv_xfer_abort(a);
    }
}

/* A failed block: last-datablock with the result (for a list, every item)
 * and the transfer ends. */
static void set_block_error(cosem_assoc_t *a, uint8_t invoke, uint32_t block, cosem_dar_t dar,
                            cosem_axdr_writer_t *w)
{
    cosem_srv_xfer_abort(a);
    (void)cosem_set_response_last_block_encode(w, invoke, dar, block);
}

/* Take one block of a transfer: answer datablock, or finish on the last. */
static void set_take(cosem_assoc_t *a, const cosem_set_request_t *q, cosem_axdr_writer_t *w)
{
    if (!cosem_srv_xfer_append(a, &q->block.raw)) {
        set_block_error(a, q->invoke, q->block.number, COSEM_DAR_OTHER_REASON, w);
        return;
    }
    a->xfer_block_ = q->block.number;
    if (q->block.last) {
        set_finish(a, q->invoke, q->block.number, w);
    } else {
        (void)cosem_set_response_block_encode(w, q->invoke, q->block.number);
    }
}

/* set-request-with-first-datablock: check the attribute, keep its
 * selective access parameters at the front of the buffer, take block 1. */
static void set_first(cosem_assoc_t *a, const cosem_set_request_t *q, cosem_axdr_writer_t *w)
{
    cosem_req_t r;
    cosem_dar_t dar = cosem_srv_resolve(a, &q->ref, &q->sel, COSEM_SERVICE_SET, &r);
    if (dar == COSEM_DAR_SUCCESS && q->block.number != 1u) {
        dar = COSEM_DAR_DATA_BLOCK_NUMBER_INVALID;
    }
    if (dar == COSEM_DAR_SUCCESS && r.sel.params.len > a->cap_ / 2u) {
        dar = COSEM_DAR_OTHER_REASON;
    }
    if (dar != COSEM_DAR_SUCCESS) {
        set_block_error(a, q->invoke, q->block.number, dar, w);
        return;
    }
    a->xfer_ = COSEM_XFER_SET;
    a->xfer_req_ = r;
    a->xfer_len_ = 0;
    if (r.sel.selector != 0u) {
        (void)cosem_srv_xfer_append(a, &r.sel.params);
        a->xfer_req_.sel.params.p = a->buf_;
    }
    a->xfer_pos_ = a->xfer_len_;
    set_take(a, q, w);
}

/* set-request-with-list-and-first-datablock: keep the descriptors at the
 * front of the buffer, the values follow as blocks arrive. */
static void set_list_first(cosem_assoc_t *a, const cosem_set_request_t *q,
                           cosem_axdr_writer_t *w)
{
    if (q->block.number != 1u || q->list.len > a->cap_ / 2u) {
        set_block_error(a, q->invoke, q->block.number,
                        q->block.number != 1u ? COSEM_DAR_DATA_BLOCK_NUMBER_INVALID
                                              : COSEM_DAR_OTHER_REASON, w);
        return;
    }
    a->xfer_ = COSEM_XFER_SET_LIST;
    a->xfer_count_ = q->count;
    a->xfer_len_ = 0;
    (void)cosem_srv_xfer_append(a, &q->list);
    a->xfer_pos_ = a->xfer_len_;
    set_take(a, q, w);
}

/* set-request-with-datablock: the next block of the transfer in progress. */
static void set_next(cosem_assoc_t *a, const cosem_set_request_t *q, cosem_axdr_writer_t *w)
{
    if (a->xfer_ != COSEM_XFER_SET && a->xfer_ != COSEM_XFER_SET_LIST) {
        set_block_error(a, q->invoke, q->block.number, COSEM_DAR_NO_LONG_SET_IN_PROGRESS, w);
        return;
    }
    if (q->block.number != a->xfer_block_ + 1u) {
        set_block_error(a, q->invoke, q->block.number, COSEM_DAR_DATA_BLOCK_NUMBER_INVALID, w);
        return;
    }
    set_take(a, q, w);
}

/* The with-list and datablock forms of set-request. */
static void set_long(cosem_assoc_t *a, const cosem_set_request_t *q, cosem_axdr_writer_t *w)
{
    if (q->type == COSEM_SET_WITH_DATABLOCK) {
        set_next(a, q, w);
        return;
    }
    cosem_srv_xfer_abort(a);
    switch (q->type) {
    case COSEM_SET_WITH_FIRST_DATABLOCK: set_first(a, q, w); break;
    case COSEM_SET_WITH_LIST: set_list(a, q, w); break;
    default: set_list_first(a, q, w); break;
    }
}
#else
/* The with-list and datablock forms are left out: exception-response
 * (service not supported). */
static void set_long(cosem_assoc_t *a, const cosem_set_request_t *q, cosem_axdr_writer_t *w)
{
    (void)q;
    cosem_srv_refuse(a, w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED, COSEM_SERVICE_ERROR_NOT_SUPPORTED);
}
#endif

/* Decode a set-request and answer it. */
void cosem_srv_set(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    cosem_set_request_t q;
    cosem_status_t st = cosem_set_request_decode(apdu, len, &q);
#if !COSEM_WITH_LIST_BLOCK_WRITE
    if (st == COSEM_E_UNSUPPORTED && q.type != COSEM_SET_NORMAL) {
        st = COSEM_OK; /* a form left out: set_long() refuses it */
    }
#endif
    if (st != COSEM_OK) {
        cosem_srv_bad_request(a, w);
        return;
    }
    if (q.type != COSEM_SET_NORMAL) {
        set_long(a, &q, w);
        return;
    }
    cosem_srv_xfer_abort(a);
    (void)cosem_set_response_normal_encode(
        w, q.invoke, set_one(a, &q.ref, &q.sel, q.value.p, q.value.len));
}

#else
typedef int cosem_set_empty_t;
#endif
