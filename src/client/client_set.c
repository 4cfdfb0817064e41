/* SPDX-License-Identifier: Apache-2.0 */
/* SET of the client session: set-request-normal, or, when the request does
 * not fit the server's max PDU, set-request-with-first-datablock and
 * -with-datablock acknowledged block by block; set-request-with-list with
 * one result per item. */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

/* Encodes one set-request datablock (the first carries the attribute). */
static void encode_block(cosem_client_t *c, cosem_axdr_writer_t *w, bool first, bool last,
                         const uint8_t *raw, size_t n)
{
    (void)cosem_set_request_block_encode(w, c->invoke, first ? &c->ref : NULL,
                                         first && c->sel.selector ? &c->sel : NULL, last,
                                         c->block + 1u, raw, n);
}

/* Starts a SET in blocks once the normal form proved too large. */
static cosem_status_t set_in_blocks(cosem_client_t *c, const cosem_selection_t *sel,
                                    const uint8_t *value, size_t len)
{
    memset(&c->sel, 0, sizeof c->sel);
    if (sel != NULL) {
        c->sel = *sel; /* its parameters are caller memory, like the value */
    }
    return cosem_client_start_blocks(c, COSEM_CONF_BLOCK_TRANSFER_SET, value, len, encode_block,
                                     COSEM_CLIENT_XF_SET_OUT);
}

/* Starts a SET (see the header). */
cosem_status_t cosem_client_set(cosem_client_t *c, const cosem_attr_ref_t *ref,
                                const cosem_selection_t *sel, const uint8_t *value, size_t len,
                                uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_status_t st;
    size_t cap = 0;
    uint8_t *tx;
    if (c == NULL || ref == NULL || value == NULL || len == 0) {
        return COSEM_E_ARG;
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_SET, NULL, NULL, now_ms, &cap, &st);
    if (tx == NULL) {
        return st;
    }
    c->ref = *ref;
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    st = cosem_set_request_normal_encode(&w, c->invoke, ref, sel, value, len);
    if (st == COSEM_E_NOSPACE) {
        return cosem_client_service_started(c, set_in_blocks(c, sel, value, len));
    }
    return cosem_client_service_send(c, &w, st);
}

/* Starts a SET with-list (see the header). */
cosem_status_t cosem_client_set_list(cosem_client_t *c, const cosem_attr_ref_t *refs,
                                     const cosem_selection_t *sels, size_t n,
                                     const uint8_t *values, size_t values_len,
                                     cosem_client_data_fn fn, void *user, uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_status_t st;
    size_t cap = 0;
    uint8_t *tx;
    if (c == NULL || refs == NULL || values == NULL || n == 0 || n > 255) {
        return COSEM_E_ARG;
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_SET_LIST, fn, user, now_ms, &cap, &st);
    if (tx == NULL) {
        return st;
    }
    c->count = (uint16_t)n;
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    st = cosem_set_request_list_encode(&w, c->invoke, refs, sels, n, values, values_len);
    return cosem_client_service_send(c, &w, st);
}

/* Reports the results of a with-list SET, one RESULT event each. */
static void list_results(cosem_client_t *c, const cosem_set_response_t *r)
{
    cosem_client_data_t d;
    cosem_status_t st = COSEM_OK;
    uint16_t i;
    if (c->op != COSEM_CLIENT_OP_SET_LIST || r->count != c->count) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    for (i = 0; i < r->count && st == COSEM_OK; i++) {
        memset(&d, 0, sizeof d);
        d.kind = COSEM_CLIENT_DATA_RESULT;
        d.dar = r->list.p[i];
        c->st.item = i;
        st = cosem_client_emit(c, &d);
    }
    cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LOCAL);
}

/* A result (normal or last block): success or a data-access-result. */
static void set_result(cosem_client_t *c, uint8_t dar)
{
    if (dar != COSEM_DAR_SUCCESS) {
        cosem_client_fail_dar(c, dar, 0);
    } else {
        cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
    }
}

/* Acts on a decoded set-response of the right invoke id. */
static void on_set(cosem_client_t *c, const cosem_set_response_t *r)
{
    bool blocks = c->xfer == COSEM_CLIENT_XF_SET_OUT;
    bool all_sent = c->out_pos == c->out_len;
    cosem_status_t st;
    if (r->type == COSEM_SET_RES_WITH_LIST) {
        list_results(c, r);
    } else if (r->type == COSEM_SET_RES_NORMAL && !blocks && c->op == COSEM_CLIENT_OP_SET) {
        set_result(c, r->dar);
    } else if (r->type == COSEM_SET_RES_DATABLOCK && blocks && !all_sent &&
               r->block == c->block) {
        st = cosem_client_send_block(c, encode_block, COSEM_CLIENT_XF_SET_OUT);
        if (st != COSEM_OK) {
            cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LOCAL);
        }
    } else if (r->type == COSEM_SET_RES_LAST_DATABLOCK && blocks && all_sent &&
               r->block == c->block) {
        set_result(c, r->dar);
    } else if (r->type == COSEM_SET_RES_LAST_DATABLOCK && blocks && r->dar != 0) {
        cosem_client_fail_dar(c, r->dar, 0); /* the server gave up early */
    } else {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
    }
}

/* A set-response for the running SET (see client_internal.h). */
void cosem_client_on_set_response(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_set_response_t r;
    cosem_status_t st = apdu[0] == COSEM_APDU_SET_RESPONSE
                            ? cosem_set_response_decode(apdu, len, &r)
                            : COSEM_E_MALFORMED;
    if (cosem_client_vet_response(c, st, &r.invoke)) {
        on_set(c, &r);
    }
}

#else
typedef int cosem_client_set_empty_t;
#endif /* COSEM_WITH_CLIENT */
