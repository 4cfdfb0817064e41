/* SPDX-License-Identifier: Apache-2.0 */
/* Association control of the client session: the AARQ (LN context, no
 * authentication or LLS password, xDLMS InitiateRequest with the proposed
 * conformance and our max receive PDU), the AARE (result, diagnostic,
 * InitiateResponse or confirmedServiceError), the RLRE, and a
 * confirmedServiceError met in place of any response. */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

/* Largest InitiateRequest we encode (no dedicated key, no QoS: 14). */
#define INITIATE_MAX 32u

/* Encodes the AARQ into the link's transmit buffer and sends it. */
cosem_status_t cosem_client_send_aarq(cosem_client_t *c)
{
    uint8_t ini[INITIATE_MAX];
    cosem_initiate_request_t ir;
    cosem_aarq_t q;
    cosem_axdr_writer_t w;
    size_t cap = 0;
    uint8_t *tx = cosem_client_link_txbuf(c, &cap);
    if (tx == NULL) {
        return COSEM_E_WOULDBLOCK;
    }
    memset(&ir, 0, sizeof ir);
    ir.response_allowed = true;
    ir.dlms_version = 6;
    ir.conformance = c->cfg.conformance;
    ir.max_pdu = c->cfg.max_receive_pdu;
    cosem_axdr_writer_init(&w, ini, sizeof ini);
    if (cosem_initiate_request_encode(&w, &ir) != COSEM_OK) {
        return cosem_axdr_writer_status(&w);
    }
    memset(&q, 0, sizeof q);
    q.app_context = COSEM_CONTEXT_LN;
    if (c->cfg.auth == COSEM_AUTH_LOW) {
        q.authentication = true;
        q.has_mechanism = true;
        q.mechanism = COSEM_AUTH_LOW;
        q.auth_value.p = c->password;
        q.auth_value.len = c->cfg.password_len;
    }
    q.user_info.p = ini;
    q.user_info.len = cosem_axdr_writer_len(&w);
    cosem_axdr_writer_init(&w, tx, cap);
    if (cosem_aarq_encode(&w, &q) != COSEM_OK) {
        return cosem_axdr_writer_status(&w);
    }
    return cosem_client_request(c, cosem_axdr_writer_len(&w));
}

/* Records a confirmedServiceError; returns its decoding status. */
static cosem_status_t take_service_error(cosem_client_t *c, const uint8_t *p, size_t len)
{
    uint8_t service = 0, choice = 0, value = 0;
    cosem_status_t st = cosem_confirmed_service_error_decode(p, len, &service, &choice, &value);
    if (st == COSEM_OK) {
        c->err.cse_service = service;
        c->err.cse_choice = choice;
        c->err.cse_value = value;
    }
    return st;
}

/* A rejected AARE: result, diagnostic and any confirmedServiceError. */
static void aare_rejected(cosem_client_t *c, const cosem_aare_t *a)
{
    c->err.assoc_result = a->result;
    c->err.diag_source = a->diag_source;
    c->err.diagnostic = a->diagnostic;
    if (a->user_info.p != NULL && a->user_info.len > 0 &&
        a->user_info.p[0] == COSEM_APDU_CONFIRMED_SERVICE_ERROR) {
        (void)take_service_error(c, a->user_info.p, a->user_info.len);
    }
    cosem_client_finish(c, COSEM_E_DENIED, COSEM_CLIENT_LAYER_ASSOCIATION);
}

/* An accepted AARE must carry an InitiateResponse: its values are kept. */
static void aare_accepted(cosem_client_t *c, const cosem_aare_t *a)
{
    cosem_initiate_response_t ir;
    cosem_status_t st = COSEM_E_MALFORMED;
    if (a->user_info.p != NULL && a->user_info.len > 0) {
        if (a->user_info.p[0] == COSEM_APDU_CONFIRMED_SERVICE_ERROR) {
            st = take_service_error(c, a->user_info.p, a->user_info.len);
            cosem_client_finish(c, st == COSEM_OK ? COSEM_E_DENIED : st,
                                COSEM_CLIENT_LAYER_ASSOCIATION);
            return;
        }
        st = cosem_initiate_response_decode(a->user_info.p, a->user_info.len, &ir);
    }
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_ASSOCIATION);
        return;
    }
    c->info.conformance = ir.conformance;
    c->info.server_max_pdu = ir.max_pdu;
    c->info.dlms_version = ir.dlms_version;
    c->info.vaa_name = ir.vaa_name;
    c->state = COSEM_CLIENT_ASSOCIATED;
    cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
}

/* Response to our AARQ. */
void cosem_client_on_aare(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_aare_t a;
    cosem_status_t st;
    if (apdu[0] != COSEM_APDU_AARE) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_ASSOCIATION);
        return;
    }
    st = cosem_aare_decode(apdu, len, &a);
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_ASSOCIATION);
    } else if (a.result != COSEM_ASSOC_ACCEPTED) {
        aare_rejected(c, &a);
    } else if (a.app_context != COSEM_CONTEXT_LN) {
        cosem_client_finish(c, COSEM_E_UNSUPPORTED, COSEM_CLIENT_LAYER_ASSOCIATION);
    } else {
        aare_accepted(c, &a);
    }
}

/* Response to our RLRQ: the association is gone either way. */
void cosem_client_on_rlre(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_release_t r;
    cosem_status_t st = apdu[0] == COSEM_APDU_RLRE ? cosem_rlre_decode(apdu, len, &r)
                                                   : COSEM_E_MALFORMED;
    c->info.conformance = 0;
    c->info.server_max_pdu = 0;
    cosem_client_finish(c, st, COSEM_CLIENT_LAYER_ASSOCIATION);
}

/* A confirmedServiceError in place of a response. */
void cosem_client_on_service_error(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    uint8_t layer = c->op == COSEM_CLIENT_OP_CONNECT ? COSEM_CLIENT_LAYER_ASSOCIATION
                                                     : COSEM_CLIENT_LAYER_SERVICE;
    cosem_status_t st = take_service_error(c, apdu, len);
    cosem_client_finish(c, st == COSEM_OK ? COSEM_E_DENIED : st, layer);
}

#else
typedef int cosem_client_assoc_empty_t;
#endif /* COSEM_WITH_CLIENT */
