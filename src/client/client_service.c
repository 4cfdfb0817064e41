/* SPDX-License-Identifier: Apache-2.0 */
/* Steps the GET, SET and ACTION requests of the client session share:
 * starting a request, sending it, vetting its response, feeding the
 * result, asking for the next block and sending the next outgoing block. */
#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

/* Common start of a service request (see client_internal.h). */
uint8_t *cosem_client_service_start(cosem_client_t *c, cosem_client_op_t op,
                                    cosem_client_data_fn fn, void *user, uint32_t now_ms,
                                    size_t *cap, cosem_status_t *st)
{
    uint8_t *tx;
    *st = cosem_client_can_start(c);
    if (*st != COSEM_OK) {
        return NULL;
    }
    tx = cosem_client_link_txbuf(c, cap);
    if (tx == NULL) {
        *st = COSEM_E_WOULDBLOCK;
        return NULL;
    }
    cosem_client_begin(c, op, now_ms);
    c->data_fn = fn;
    c->data_user = user;
    return tx;
}

/* Gives the operation slot up when a start failed (see client_internal.h). */
cosem_status_t cosem_client_service_started(cosem_client_t *c, cosem_status_t st)
{
    if (st != COSEM_OK) {
        c->op = COSEM_CLIENT_OP_NONE;
    }
    return st;
}

/* Sends the first request of an operation (see client_internal.h). */
cosem_status_t cosem_client_service_send(cosem_client_t *c, const cosem_axdr_writer_t *w,
                                         cosem_status_t st)
{
    if (st == COSEM_OK) {
        st = cosem_axdr_writer_status(w);
    }
    if (st == COSEM_OK) {
        st = cosem_client_request(c, cosem_axdr_writer_len(w));
    }
    return cosem_client_service_started(c, st);
}

/* Vets a decoded response (see client_internal.h). */
bool cosem_client_vet_response(cosem_client_t *c, cosem_status_t st, const uint8_t *invoke)
{
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_SERVICE);
        return false;
    }
    if (COSEM_INVOKE_ID(*invoke) != COSEM_INVOKE_ID(c->invoke)) {
        c->unexpected++; /* a late answer to an earlier request */
        return false;
    }
    return true;
}

/* Feeds a piece of the result (see client_internal.h). */
bool cosem_client_feed_result(cosem_client_t *c, const uint8_t *p, size_t n, bool last)
{
    cosem_status_t st = cosem_client_stream_feed(c, p, n, last);
    if (st != COSEM_OK) {
        cosem_client_stream_fail(c, st);
        return false;
    }
    if (last) {
        cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
        return false;
    }
    return true;
}

/* Asks for the block after c->block (see client_internal.h). */
void cosem_client_request_next(cosem_client_t *c, cosem_client_next_enc_fn enc)
{
    cosem_axdr_writer_t w;
    size_t cap = 0;
    uint8_t *tx = cosem_client_link_txbuf(c, &cap);
    cosem_status_t st = COSEM_E_WOULDBLOCK;
    if (tx != NULL) {
        cosem_axdr_writer_init(&w, tx, cap);
        st = enc(&w, c->invoke, c->block);
        if (st == COSEM_OK) {
            st = cosem_client_request(c, cosem_axdr_writer_len(&w));
        }
    }
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LINK);
    }
}

/* Octets of raw data that fit one block request next to its header. */
static size_t block_room(cosem_client_t *c, cosem_client_block_enc_fn enc, size_t limit,
                         bool first)
{
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init_sizing(&w);
    enc(c, &w, first, false, c->out, limit);
    if (cosem_axdr_writer_status(&w) != COSEM_OK || cosem_axdr_writer_len(&w) - limit >= limit) {
        return 0;
    }
    return limit - (cosem_axdr_writer_len(&w) - limit);
}

/* Sends the next outgoing block of c->out (see client_internal.h). */
cosem_status_t cosem_client_send_block(cosem_client_t *c, cosem_client_block_enc_fn enc,
                                       uint8_t xfer)
{
    cosem_axdr_writer_t w;
    size_t cap = 0, room, n;
    bool first = c->out_pos == 0;
    uint8_t *tx = cosem_client_link_txbuf(c, &cap);
    if (tx == NULL) {
        return COSEM_E_WOULDBLOCK;
    }
    room = block_room(c, enc, cosem_client_tx_limit(c, cap), first);
    if (room == 0) {
        return COSEM_E_NOSPACE;
    }
    n = c->out_len - c->out_pos < room ? c->out_len - c->out_pos : room;
    cosem_axdr_writer_init(&w, tx, cap);
    enc(c, &w, first, c->out_pos + n == c->out_len, c->out + c->out_pos, n);
    if (cosem_axdr_writer_status(&w) != COSEM_OK) {
        return cosem_axdr_writer_status(&w);
    }
    c->block++;
    c->out_pos += n;
    c->xfer = xfer;
    return cosem_client_request(c, cosem_axdr_writer_len(&w));
}

/* Starts sending c->out in blocks (see client_internal.h). */
cosem_status_t cosem_client_start_blocks(cosem_client_t *c, uint32_t conformance,
                                         const uint8_t *data, size_t len,
                                         cosem_client_block_enc_fn enc, uint8_t xfer)
{
    if ((c->info.conformance & conformance) == 0) {
        return COSEM_E_UNSUPPORTED;
    }
    c->out = data;
    c->out_len = len;
    c->out_pos = 0;
    return cosem_client_send_block(c, enc, xfer);
}

#else
typedef int cosem_client_service_empty_t;
#endif /* COSEM_WITH_CLIENT */
