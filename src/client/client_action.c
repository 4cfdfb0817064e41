/* SPDX-License-Identifier: Apache-2.0 */
/* ACTION of the client session: action-request-normal, parameters in
 * pblocks (-with-first-pblock, -with-pblock, acknowledged by
 * action-response-next-pblock) when they do not fit the server's max PDU,
 * return parameters in pblocks fetched with action-request-next-pblock, and
 * action-request-with-list. The raw octets of the pblocks, put together,
 * are the encoded Data of the parameters (return parameters). */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

/* Encodes one action-request pblock (the first carries the method). */
static void encode_pblock(cosem_client_t *c, cosem_axdr_writer_t *w, bool first, bool last,
                          const uint8_t *raw, size_t n)
{
    (void)cosem_action_request_block_encode(w, c->invoke, first ? &c->ref : NULL, last,
                                            c->block + 1u, raw, n);
}

/* Starts an ACTION (see the header). */
cosem_status_t cosem_client_action(cosem_client_t *c, const cosem_attr_ref_t *ref,
                                   const uint8_t *params, size_t len, cosem_client_data_fn fn,
                                   void *user, uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_status_t st;
    size_t cap = 0;
    uint8_t *tx;
    if (c == NULL || ref == NULL || (params != NULL && len == 0)) {
        return COSEM_E_ARG;
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_ACTION, fn, user, now_ms, &cap, &st);
    if (tx == NULL) {
        return st;
    }
    c->ref = *ref;
    cosem_client_stream_start(c, 0);
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    st = cosem_action_request_normal_encode(&w, c->invoke, ref, params, params ? len : 0);
    if (st == COSEM_E_NOSPACE && params != NULL) {
        st = cosem_client_start_blocks(c, COSEM_CONF_BLOCK_TRANSFER_ACTION, params, len,
                                       encode_pblock, COSEM_CLIENT_XF_ACT_OUT);
        return cosem_client_service_started(c, st);
    }
    return cosem_client_service_send(c, &w, st);
}

/* Starts an ACTION with-list (see the header). */
cosem_status_t cosem_client_action_list(cosem_client_t *c, const cosem_attr_ref_t *refs,
                                        size_t n, const uint8_t *values, size_t values_len,
                                        cosem_client_data_fn fn, void *user, uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_status_t st;
    size_t cap = 0;
    uint8_t *tx;
    if (c == NULL || refs == NULL || values == NULL || n == 0 || n > 255) {
        return COSEM_E_ARG;
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_ACTION_LIST, fn, user, now_ms, &cap,
                                    &st);
    if (tx == NULL) {
        return st;
    }
    c->count = (uint16_t)n;
    cosem_client_stream_start(c, 3); /* results may come in pblocks */
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    st = cosem_action_request_list_encode(&w, c->invoke, refs, n, values, values_len);
    return cosem_client_service_send(c, &w, st);
}

/* action-response-normal: result, then return data if any. */
static void on_normal(cosem_client_t *c, const cosem_action_response_t *r)
{
    if (c->op != COSEM_CLIENT_OP_ACTION || c->xfer == COSEM_CLIENT_XF_ACT_IN ||
        c->out_pos != c->out_len) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
    } else if (r->result != COSEM_DAR_SUCCESS) {
        cosem_client_fail_dar(c, r->result, 0);
    } else if (!r->has_return) {
        cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
    } else if (!r->ret.ok) {
        cosem_client_fail_dar(c, r->ret.dar, 0);
    } else {
        (void)cosem_client_feed_result(c, r->ret.data.p, r->ret.data.len, true);
    }
}

/* action-response-with-pblock: the next piece of the return data. */
static void on_pblock(cosem_client_t *c, const cosem_datablock_t *b)
{
    if ((c->op != COSEM_CLIENT_OP_ACTION && c->op != COSEM_CLIENT_OP_ACTION_LIST) ||
        c->out_pos != c->out_len) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    if (c->xfer != COSEM_CLIENT_XF_ACT_IN) {
        c->block = 0; /* numbering restarts for the response direction */
        c->xfer = COSEM_CLIENT_XF_ACT_IN;
    }
    if (b->number != c->block + 1u) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    c->block = b->number;
    if (cosem_client_feed_result(c, b->raw.p, b->raw.len, b->last)) {
        cosem_client_request_next(c, cosem_action_request_next_encode);
    }
}

/* action-response-with-list: a RESULT per item, then its return data
 * (the same parser as with-list results arriving in pblocks). */
static void on_list(cosem_client_t *c, const cosem_action_response_t *r)
{
    if (c->op != COSEM_CLIENT_OP_ACTION_LIST || r->count != c->count ||
        c->xfer != COSEM_CLIENT_XF_NONE) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    cosem_client_stream_start(c, 4);
    (void)cosem_client_feed_result(c, r->list.p, r->list.len, true);
}

/* Acts on a decoded action-response of the right invoke id. */
static void on_action(cosem_client_t *c, const cosem_action_response_t *r)
{
    cosem_status_t st;
    switch (r->type) {
    case COSEM_ACTION_RES_NORMAL:
        on_normal(c, r);
        break;
    case COSEM_ACTION_RES_WITH_PBLOCK:
        on_pblock(c, &r->pblock);
        break;
    case COSEM_ACTION_RES_WITH_LIST:
        on_list(c, r);
        break;
    default: /* NEXT_PBLOCK: the server took our block, send the next */
        if (c->xfer != COSEM_CLIENT_XF_ACT_OUT || r->block != c->block ||
            c->out_pos == c->out_len) {
            cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
            break;
        }
        st = cosem_client_send_block(c, encode_pblock, COSEM_CLIENT_XF_ACT_OUT);
        if (st != COSEM_OK) {
            cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LOCAL);
        }
        break;
    }
}

/* An action-response for the running ACTION (see client_internal.h). */
void cosem_client_on_action_response(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_action_response_t r;
    cosem_status_t st = apdu[0] == COSEM_APDU_ACTION_RESPONSE
                            ? cosem_action_response_decode(apdu, len, &r)
                            : COSEM_E_MALFORMED;
    if (cosem_client_vet_response(c, st, &r.invoke)) {
        on_action(c, &r);
    }
}

#else
typedef int cosem_client_action_empty_t;
#endif /* COSEM_WITH_CLIENT */
