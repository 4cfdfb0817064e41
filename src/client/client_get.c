/* SPDX-License-Identifier: Apache-2.0 */
/* GET of the client session: get-request-normal (with selective access),
 * -with-list, and the automatic get-request-next loop over
 * get-response-with-datablock; the value streams into the result parser
 * block by block. Also the object list read (class 15 attribute 2). */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

/* Logical name of the current association (Association LN). */
static const uint8_t assoc_ln[6] = {0, 0, 40, 0, 0, 255};

/* Starts a GET (see the header). */
cosem_status_t cosem_client_get(cosem_client_t *c, const cosem_attr_ref_t *ref,
                                const cosem_selection_t *sel, cosem_client_data_fn fn,
                                void *user, uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_status_t st;
    size_t cap = 0;
    uint8_t *tx;
    if (c == NULL || ref == NULL) {
        return COSEM_E_ARG;
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_GET, fn, user, now_ms, &cap, &st);
    if (tx == NULL) {
        return st;
    }
    c->ref = *ref;
    cosem_client_stream_start(c, 0);
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    st = cosem_get_request_normal_encode(&w, c->invoke, ref, sel);
    return cosem_client_service_send(c, &w, st);
}

/* Starts a GET with-list (see the header). */
cosem_status_t cosem_client_get_list(cosem_client_t *c, const cosem_attr_ref_t *refs,
                                     const cosem_selection_t *sels, size_t n,
                                     cosem_client_data_fn fn, void *user, uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_status_t st;
    size_t cap = 0;
    uint8_t *tx;
    if (c == NULL || refs == NULL || n == 0 || n > 255) {
        return COSEM_E_ARG;
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_GET_LIST, fn, user, now_ms, &cap, &st);
    if (tx == NULL) {
        return st;
    }
    c->count = (uint16_t)n;
    cosem_client_stream_start(c, 1);
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    st = cosem_get_request_list_encode(&w, c->invoke, refs, sels, n);
    return cosem_client_service_send(c, &w, st);
}

/* Object-list elements become object reports; anything else is wrong. */
static cosem_status_t object_element(void *user, const cosem_client_data_t *d)
{
    cosem_client_t *c = (cosem_client_t *)user;
    cosem_client_object_t obj;
    cosem_status_t st;
    if (d->kind == COSEM_CLIENT_DATA_ARRAY) {
        return COSEM_OK;
    }
    if (d->kind != COSEM_CLIENT_DATA_ELEMENT) {
        c->cb_layer = COSEM_CLIENT_LAYER_SERVICE;
        return COSEM_E_TYPE;
    }
    st = cosem_client_object_decode(d->data, d->len, &obj);
    if (st != COSEM_OK) {
        c->cb_layer = COSEM_CLIENT_LAYER_SERVICE;
        return st;
    }
    return c->obj_fn != NULL ? c->obj_fn(c->obj_user, &obj) : COSEM_OK;
}

/* Starts the object list read (see the header). */
cosem_status_t cosem_client_object_list(cosem_client_t *c, cosem_client_object_fn fn,
                                        void *user, uint32_t now_ms)
{
    cosem_attr_ref_t ref;
    cosem_status_t st;
    if (c == NULL) {
        return COSEM_E_ARG;
    }
    ref.class_id = 15;
    memcpy(ref.obis, assoc_ln, sizeof ref.obis);
    ref.id = 2;
#if COSEM_WITH_SN
    if (c->cfg.sn) { /* the Association SN's object_list, 0xFA08 */
        cosem_sn_spec_t spec;
        memset(&spec, 0, sizeof spec);
        spec.kind = COSEM_SN_NAME;
        spec.name = COSEM_SN_ATTR(COSEM_SN_ASSOCIATION_BASE, 2);
        st = cosem_client_read(c, &spec, cosem_client_sn_object_element, c, now_ms);
    } else
#endif
    st = cosem_client_get(c, &ref, NULL, object_element, c, now_ms);
    if (st == COSEM_OK) {
        c->op = COSEM_CLIENT_OP_OBJECT_LIST;
        c->obj_fn = fn;
        c->obj_user = user;
    }
    return st;
}

/* get-response-with-datablock: block n+1 of the value (or a result). */
static void on_block(cosem_client_t *c, const cosem_datablock_t *b)
{
    if (b->number != c->block + 1u) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    if (!b->ok) {
        cosem_client_fail_dar(c, b->dar, 0);
        return;
    }
    c->block = b->number;
    c->xfer = COSEM_CLIENT_XF_GET_IN;
    if (cosem_client_feed_result(c, b->raw.p, b->raw.len, b->last)) {
        cosem_client_request_next(c, cosem_get_request_next_encode);
    }
}

/* get-response-normal and -with-list. */
static void on_whole(cosem_client_t *c, const cosem_get_response_t *g)
{
    bool list = c->op == COSEM_CLIENT_OP_GET_LIST;
    if ((g->type == COSEM_GET_WITH_LIST) != list || c->xfer != COSEM_CLIENT_XF_NONE) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
    } else if (list) {
        if (g->count != c->count) {
            cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
            return;
        }
        cosem_client_stream_start(c, 2);
        (void)cosem_client_feed_result(c, g->list.p, g->list.len, true);
    } else if (!g->result.ok) {
        cosem_client_fail_dar(c, g->result.dar, 0);
    } else {
        (void)cosem_client_feed_result(c, g->result.data.p, g->result.data.len, true);
    }
}

/* A data-access-result followed by junk, in a get-response-normal or as
 * the expected data block (Gurux's server example answers its event log
 * so): the result is the answer, as it would be without the junk. */
static bool trailing_dar(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    uint32_t block;
    if (c->op == COSEM_CLIENT_OP_GET_LIST || len < 5 ||
        COSEM_INVOKE_ID(apdu[2]) != COSEM_INVOKE_ID(c->invoke)) {
        return false;
    }
    if (apdu[1] == COSEM_GET_NORMAL && apdu[3] == 1 && c->xfer == COSEM_CLIENT_XF_NONE) {
        cosem_client_fail_dar(c, apdu[4], 0);
        return true;
    }
    if (apdu[1] != COSEM_GET_NEXT || len < 10 || apdu[8] != 1) {
        return false;
    }
    block = (uint32_t)apdu[4] << 24 | (uint32_t)apdu[5] << 16 | (uint32_t)apdu[6] << 8 | apdu[7];
    if (block != c->block + 1u) {
        return false;
    }
    cosem_client_fail_dar(c, apdu[9], 0);
    return true;
}

/* A get-response-normal whose value is followed by extra octets (Gurux's
 * server example answers a clock read so): the value is still delivered,
 * then the operation ends with COSEM_E_TRAILING. A data-access-result
 * followed by extra octets ends with that result (a data-layer error). */
static void on_trailing(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_axdr_reader_t r;
    cosem_status_t st = COSEM_E_TRAILING;
    bool single = c->op != COSEM_CLIENT_OP_GET_LIST && c->xfer == COSEM_CLIENT_XF_NONE;
    if (trailing_dar(c, apdu, len)) {
        return;
    }
    if (single && len > 4 && apdu[1] == COSEM_GET_NORMAL && apdu[3] == 0 &&
        COSEM_INVOKE_ID(apdu[2]) == COSEM_INVOKE_ID(c->invoke)) {
        cosem_axdr_reader_init(&r, apdu + 4, len - 4);
        if (cosem_axdr_skip(&r) == COSEM_OK) {
            st = cosem_client_stream_feed(c, apdu + 4, cosem_axdr_reader_pos(&r), true);
        }
    }
    if (st == COSEM_OK || st == COSEM_E_TRAILING) {
        cosem_client_finish(c, COSEM_E_TRAILING, COSEM_CLIENT_LAYER_SERVICE);
    } else {
        cosem_client_stream_fail(c, st);
    }
}

#if COSEM_WITH_GBT
/* The acknowledgement of GBT block `block`: E0, the window of the
 * configuration, our own block number (one per acknowledgement, so the
 * same as the block's), the block acknowledged, no data. */
static void gbt_ack(cosem_client_t *c, uint16_t block)
{
    cosem_axdr_writer_t w;
    cosem_gbt_t g;
    size_t cap = 0;
    uint8_t *tx = cosem_client_link_txbuf(c, &cap);
    cosem_status_t st = COSEM_E_WOULDBLOCK;
    memset(&g, 0, sizeof g);
    g.window = c->cfg.gbt_window == 0u ? 1u : c->cfg.gbt_window;
    g.block = block;
    g.ack = block;
    if (tx != NULL) {
        cosem_axdr_writer_init(&w, tx, cap);
        st = cosem_gbt_encode(&w, &g);
        if (st == COSEM_OK) {
            st = cosem_client_request(c, cosem_axdr_writer_len(&w));
        }
    }
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LINK);
    }
}

/* A general-block-transfer for the running GET (see client_internal.h):
 * its block-data are the octets of the get-response APDU, the first block
 * starting with the get-response header; the value streams into the result
 * parser as the blocks come, each acknowledged unless the server streams. */
void cosem_client_on_gbt(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_gbt_t g;
    const uint8_t *p;
    size_t n;
    if (cosem_gbt_decode(apdu, len, &g) != COSEM_OK || g.block != (uint16_t)(c->block + 1u) ||
        (c->xfer != COSEM_CLIENT_XF_NONE && c->xfer != COSEM_CLIENT_XF_GET_IN)) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    p = g.data.p;
    n = g.data.len;
    if (c->xfer == COSEM_CLIENT_XF_NONE) {
        bool list = c->op == COSEM_CLIENT_OP_GET_LIST;
        size_t head = list ? 3u : 4u;
        if (n < head || p[0] != COSEM_APDU_GET_RESPONSE ||
            p[1] != (list ? (uint8_t)COSEM_GET_WITH_LIST : (uint8_t)COSEM_GET_NORMAL) ||
            COSEM_INVOKE_ID(p[2]) != COSEM_INVOKE_ID(c->invoke) || (!list && p[3] > 1u)) {
            cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
            return;
        }
        if (!list && p[3] == 1u) { /* a data-access-result */
            if (n < 5u) {
                cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
            } else {
                cosem_client_fail_dar(c, p[4], 0);
            }
            return;
        }
        p += head; /* a with-list keeps its count: the stream expects it */
        n -= head;
        c->xfer = COSEM_CLIENT_XF_GET_IN;
    }
    c->block = g.block;
    if (cosem_client_feed_result(c, p, n, g.last) && !g.streaming) {
        gbt_ack(c, g.block);
    }
}
#endif

/* A get-response for the running GET (see client_internal.h). */
void cosem_client_on_get_response(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_get_response_t g;
    cosem_status_t st = apdu[0] == COSEM_APDU_GET_RESPONSE
                            ? cosem_get_response_decode(apdu, len, &g)
                            : COSEM_E_MALFORMED;
    if (st == COSEM_E_TRAILING) {
        on_trailing(c, apdu, len);
        return;
    }
    if (!cosem_client_vet_response(c, st, &g.invoke)) {
        return;
    }
    if (g.type == COSEM_GET_NEXT) {
        on_block(c, &g.block);
    } else {
        on_whole(c, &g);
    }
}

#else
typedef int cosem_client_get_empty_t;
#endif /* COSEM_WITH_CLIENT */
