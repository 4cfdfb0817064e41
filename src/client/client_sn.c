/* SPDX-License-Identifier: Apache-2.0 */
/* Short-name referencing in the client: READ of one variable (its value
 * streamed as a GET's, data-block-results followed with block-number-access
 * naming the last block received), WRITE of one variable, and the
 * Association SN's object list (READ 0xFA08) reported as objects with
 * their base names. */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT && COSEM_WITH_SN

#include "client/client_internal.h"

/* Whether the session may run an SN service now. */
static cosem_status_t sn_ready(const cosem_client_t *c)
{
    return c->cfg.sn ? COSEM_OK : COSEM_E_STATE;
}

/* Starts a READ (see the header). */
cosem_status_t cosem_client_read(cosem_client_t *c, const cosem_sn_spec_t *spec,
                                 cosem_client_data_fn fn, void *user, uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_status_t st;
    size_t cap = 0;
    uint8_t *tx;
    if (c == NULL || spec == NULL ||
        (spec->kind != COSEM_SN_NAME && spec->kind != COSEM_SN_PARAMETERIZED)) {
        return COSEM_E_ARG;
    }
    if (sn_ready(c) != COSEM_OK) {
        return COSEM_E_STATE;
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_READ, fn, user, now_ms, &cap, &st);
    if (tx == NULL) {
        return st;
    }
    cosem_client_stream_start(c, 0);
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    st = cosem_sn_request_encode(&w, COSEM_APDU_READ_REQUEST, spec, 1, NULL, 0);
    return cosem_client_service_send(c, &w, st);
}

/* Starts a WRITE (see the header). */
/* One write-request block: write-data-block-access {last, block-number}
 * and the raw-data octet string. Put together, the raw-data of the blocks
 * are the write-request without its tag (count 1, variable-name, count 1,
 * the value): the first block carries that head. */
static void write_block(cosem_client_t *c, cosem_axdr_writer_t *w, bool first, bool last,
                        const uint8_t *raw, size_t n)
{
    const uint8_t head[5] = {1, COSEM_SN_NAME, (uint8_t)(c->ref.class_id >> 8),
                             (uint8_t)c->ref.class_id, 1};
    size_t h = first ? sizeof head : 0u;
    (void)cosem_axdr_put_u8(w, COSEM_APDU_WRITE_REQUEST);
    (void)cosem_axdr_put_u8(w, 1);
    (void)cosem_axdr_put_u8(w, COSEM_SN_WRITE_DATA_BLOCK);
    (void)cosem_axdr_put_u8(w, last ? 1u : 0u);
    (void)cosem_axdr_put_u16(w, (uint16_t)(c->block + 1u));
    (void)cosem_axdr_put_u8(w, 1);
    (void)cosem_axdr_put_u8(w, COSEM_AXDR_OCTET_STRING);
    (void)cosem_axdr_put_length(w, h + n);
    (void)cosem_axdr_put_bytes(w, head, h);
    (void)cosem_axdr_put_bytes(w, raw, n);
}

cosem_status_t cosem_client_write(cosem_client_t *c, uint16_t name, const uint8_t *value,
                                  size_t len, uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_sn_spec_t spec;
    cosem_status_t st;
    size_t cap = 0;
    uint8_t *tx;
    if (c == NULL || value == NULL) {
        return COSEM_E_ARG;
    }
    if (sn_ready(c) != COSEM_OK) {
        return COSEM_E_STATE;
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_WRITE, NULL, NULL, now_ms, &cap, &st);
    if (tx == NULL) {
        return st;
    }
    memset(&spec, 0, sizeof spec);
    spec.kind = COSEM_SN_NAME;
    spec.name = name;
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    st = cosem_sn_request_encode(&w, COSEM_APDU_WRITE_REQUEST, &spec, 1, value, len);
    if (st == COSEM_E_NOSPACE) {
        /* too long for one APDU: write-data-block-access, when negotiated */
        c->ref.class_id = name; /* (the short name, for the first block) */
        return cosem_client_service_started(
            c, cosem_client_start_blocks(c, COSEM_CONF_BLOCK_TRANSFER_SET, value, len,
                                         write_block, COSEM_CLIENT_XF_SET_OUT));
    }
    if (st == COSEM_E_ARG) {
        (void)cosem_client_service_started(c, COSEM_E_ARG);
        return COSEM_E_ARG;
    }
    return cosem_client_service_send(c, &w, st);
}

/* The request for the block after the last one received. */
static cosem_status_t next_block_encode(cosem_axdr_writer_t *w, uint8_t invoke, uint32_t block)
{
    cosem_sn_spec_t spec;
    (void)invoke;
    memset(&spec, 0, sizeof spec);
    spec.kind = COSEM_SN_BLOCK_NUMBER;
    spec.block = (uint16_t)block;
    return cosem_sn_request_encode(w, COSEM_APDU_READ_REQUEST, &spec, 1, NULL, 0);
}

/* One read result: the value, a data-access-result, or a block of it. */
static void on_read_result(cosem_client_t *c, const cosem_sn_result_t *res)
{
    if (res->kind == COSEM_SN_ERROR) {
        cosem_client_fail_dar(c, res->error, 0);
    } else if (res->kind == COSEM_SN_DATA && c->xfer == COSEM_CLIENT_XF_NONE) {
        (void)cosem_client_feed_result(c, res->data.p, res->data.len, true);
    } else if (res->kind == COSEM_SN_DATA_BLOCK && res->block == c->block + 1u) {
        c->block = res->block;
        c->xfer = COSEM_CLIENT_XF_GET_IN;
        if (cosem_client_feed_result(c, res->data.p, res->data.len, res->last)) {
            cosem_client_request_next(c, next_block_encode);
        }
    } else {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
    }
}

/* A read-response or write-response (see client_internal.h). */
void cosem_client_on_sn_response(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_sn_apdu_t q;
    cosem_sn_result_t res;
    cosem_axdr_reader_t r;
    uint8_t want = c->op == COSEM_CLIENT_OP_WRITE ? COSEM_APDU_WRITE_RESPONSE
                                                  : COSEM_APDU_READ_RESPONSE;
    cosem_status_t st = apdu[0] == want ? cosem_sn_decode(apdu, len, &q) : COSEM_E_MALFORMED;
    if (st == COSEM_OK && q.count != 1u) {
        st = COSEM_E_MALFORMED; /* one variable asked, one result */
    }
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    cosem_axdr_reader_init(&r, q.items.p, q.items.len);
    (void)cosem_sn_read_result(&r, q.tag, &res);
    if (q.tag == COSEM_APDU_READ_RESPONSE) {
        on_read_result(c, &res);
    } else if (res.kind == COSEM_SN_ERROR) {
        cosem_client_fail_dar(c, res.error, 0);
    } else if (res.kind == COSEM_SN_DATA_BLOCK && c->xfer == COSEM_CLIENT_XF_SET_OUT &&
               res.block == c->block && c->out_pos < c->out_len) {
        /* block-number: the block arrived, the next one goes */
        st = cosem_client_send_block(c, write_block, COSEM_CLIENT_XF_SET_OUT);
        if (st != COSEM_OK) {
            cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LINK);
        }
    } else if (res.kind == COSEM_SN_DATA &&
               (c->xfer != COSEM_CLIENT_XF_SET_OUT || c->out_pos == c->out_len)) {
        cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
    } else {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
    }
}

/* One Association SN object_list element: structure { long base_name,
 * long-unsigned class_id, unsigned version, octet-string logical_name }. */
static cosem_status_t sn_object_decode(const uint8_t *elem, size_t len, cosem_client_object_t *o)
{
    cosem_axdr_reader_t r;
    size_t n = 0;
    int16_t base = 0;
    memset(o, 0, sizeof *o);
    cosem_axdr_reader_init(&r, elem, len);
    if (cosem_axdr_read_structure(&r, &n) == COSEM_OK && n != 4u) {
        (void)cosem_axdr_reader_fail(&r, COSEM_E_TYPE);
    }
    (void)cosem_axdr_read_i16(&r, &base);
    (void)cosem_axdr_read_u16(&r, &o->class_id);
    (void)cosem_axdr_read_u8(&r, &o->version);
    (void)cosem_axdr_read_octet_string_fixed(&r, o->obis, sizeof o->obis);
    o->base_name = (uint16_t)base;
    return cosem_axdr_reader_expect_end(&r);
}

/* Object-list elements become object reports (see client_internal.h). */
cosem_status_t cosem_client_sn_object_element(void *user, const cosem_client_data_t *d)
{
    cosem_client_t *c = (cosem_client_t *)user;
    cosem_client_object_t obj;
    cosem_status_t st;
    if (d->kind == COSEM_CLIENT_DATA_ARRAY) {
        return COSEM_OK;
    }
    st = d->kind == COSEM_CLIENT_DATA_ELEMENT ? sn_object_decode(d->data, d->len, &obj)
                                              : COSEM_E_TYPE;
    if (st != COSEM_OK) {
        c->cb_layer = COSEM_CLIENT_LAYER_SERVICE;
        return st;
    }
    return c->obj_fn != NULL ? c->obj_fn(c->obj_user, &obj) : COSEM_OK;
}

#else
typedef int cosem_client_sn_empty_t;
#endif /* COSEM_WITH_CLIENT && COSEM_WITH_SN */
