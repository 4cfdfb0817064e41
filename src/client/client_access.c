/* SPDX-License-Identifier: Apache-2.0 */
/* ACCESS of the client session (DLMS version 6): one access-request with a
 * list of get / set / action items and one Data per item, one
 * access-response with one Data and one result per item (layouts in
 * src/apdu/xdlms_access.c). */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

#if COSEM_WITH_ACCESS

/* Starts an ACCESS (see the header). */
cosem_status_t cosem_client_access(cosem_client_t *c, const cosem_client_access_item_t *items,
                                   size_t n, cosem_client_data_fn fn, void *user,
                                   uint32_t now_ms)
{
    cosem_axdr_writer_t w;
    cosem_status_t st;
    size_t cap = 0, i;
    uint8_t *tx;
    if (c == NULL || items == NULL || n == 0u || n > 255u) {
        return COSEM_E_ARG;
    }
    for (i = 0; i < n; ++i) {
        if (items[i].kind < COSEM_ACCESS_GET || items[i].kind > COSEM_ACCESS_ACTION ||
            (items[i].data == NULL && items[i].len != 0u)) {
            return COSEM_E_ARG;
        }
    }
    tx = cosem_client_service_start(c, COSEM_CLIENT_OP_ACCESS, fn, user, now_ms, &cap, &st);
    if (tx == NULL) {
        return st;
    }
    c->count = (uint16_t)n;
    cosem_axdr_writer_init(&w, tx, cosem_client_tx_limit(c, cap));
    (void)cosem_axdr_put_u8(&w, COSEM_APDU_ACCESS_REQUEST);
    (void)cosem_axdr_put_u32(&w, COSEM_ACCESS_PRIORITY_HIGH | COSEM_ACCESS_CONFIRMED |
                                     (uint32_t)COSEM_INVOKE_ID(c->invoke));
    (void)cosem_axdr_put_u8(&w, 0x00); /* no date-time */
    (void)cosem_axdr_put_length(&w, n);
    for (i = 0; i < n; ++i) {
        (void)cosem_axdr_put_u8(&w, items[i].kind);
        (void)cosem_axdr_put_u16(&w, items[i].ref.class_id);
        (void)cosem_axdr_put_bytes(&w, items[i].ref.obis, 6);
        (void)cosem_axdr_put_u8(&w, (uint8_t)items[i].ref.id);
    }
    (void)cosem_axdr_put_length(&w, n);
    for (i = 0; i < n; ++i) {
        if (items[i].data != NULL) {
            (void)cosem_axdr_put_bytes(&w, items[i].data, items[i].len);
        } else {
            (void)cosem_axdr_write_null(&w);
        }
    }
    return cosem_client_service_send(c, &w, COSEM_OK);
}

/* An access-response (see client_internal.h): one event per item. */
void cosem_client_on_access_response(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_access_apdu_t r;
    cosem_axdr_reader_t v;
    cosem_status_t st;
    uint8_t invoke;
    memset(&r, 0, sizeof r);
    st = apdu[0] == COSEM_APDU_ACCESS_RESPONSE ? cosem_access_response_decode(apdu, len, &r)
                                               : COSEM_E_MALFORMED;
    invoke = (uint8_t)(r.long_invoke & 0x0Fu);
    if (st == COSEM_OK && (r.long_invoke & 0xFFFFF0ul) != 0u) {
        invoke = 0xFFu; /* not one of ours */
    }
    if (!cosem_client_vet_response(c, st, &invoke)) {
        return;
    }
    if (r.count != c->count) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_SERVICE);
        return;
    }
    cosem_axdr_reader_init(&v, r.data.p, r.data.len);
    for (uint16_t i = 0; i < r.count; ++i) {
        cosem_client_data_t d;
        size_t at = cosem_axdr_reader_pos(&v);
        (void)cosem_axdr_skip(&v);
        memset(&d, 0, sizeof d);
        c->st.item = i;
        if (r.items.p[2u * i + 1u] == 0u) {
            d.kind = COSEM_CLIENT_DATA_VALUE;
            d.data = r.data.p + at;
            d.len = cosem_axdr_reader_pos(&v) - at;
        } else {
            d.kind = COSEM_CLIENT_DATA_RESULT;
            d.dar = r.items.p[2u * i + 1u];
        }
        st = cosem_client_emit(c, &d);
        if (st != COSEM_OK) {
            cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LOCAL);
            return;
        }
    }
    cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
}

#else
/* Without COSEM_WITH_ACCESS (see the header). */
cosem_status_t cosem_client_access(cosem_client_t *c, const cosem_client_access_item_t *items,
                                   size_t n, cosem_client_data_fn fn, void *user,
                                   uint32_t now_ms)
{
    (void)c;
    (void)items;
    (void)n;
    (void)fn;
    (void)user;
    (void)now_ms;
    return COSEM_E_UNSUPPORTED;
}
#endif

#else
typedef int cosem_client_access_empty_t;
#endif /* COSEM_WITH_CLIENT */
