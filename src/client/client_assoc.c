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

/* Largest InitiateRequest we encode (no dedicated key, no QoS: 14; ciphered
 * glo-initiate-request: + 20). */
#define INITIATE_MAX 64u

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
#if COSEM_WITH_SECURITY
    if (c->has_dk_ && c->cfg.security != 0u) {
        ir.dedicated_key.p = c->dk_raw_;
        ir.dedicated_key.len = 16;
    }
#endif
    cosem_axdr_writer_init(&w, ini, sizeof ini);
    if (cosem_initiate_request_encode(&w, &ir) != COSEM_OK) {
        return cosem_axdr_writer_status(&w);
    }
    memset(&q, 0, sizeof q);
    q.app_context = COSEM_CONTEXT_LN;
#if COSEM_WITH_SN
    if (c->cfg.sn) {
        q.app_context = COSEM_CONTEXT_SN;
    }
#endif
    if (c->cfg.auth == COSEM_AUTH_LOW) {
        q.authentication = true;
        q.has_mechanism = true;
        q.mechanism = COSEM_AUTH_LOW;
        q.auth_value.p = c->password;
        q.auth_value.len = c->cfg.password_len;
    }
    q.user_info.p = ini;
    q.user_info.len = cosem_axdr_writer_len(&w);
#if COSEM_WITH_SECURITY
    c->hls_step_ = 0;
    c->rx_ic_ = 0;
    if (c->cfg.auth >= COSEM_AUTH_HLS_MD5) {
        cosem_status_t st = c->cfg.random(c->cfg.random_user, c->ctos_, sizeof c->ctos_);
        if (st != COSEM_OK) {
            return st;
        }
        q.authentication = true;
        q.has_mechanism = true;
        q.mechanism = c->cfg.auth;
        q.auth_value.p = c->ctos_;
        q.auth_value.len = sizeof c->ctos_;
    }
    if (c->cfg.auth >= COSEM_AUTH_HLS_MD5 ||
        c->cfg.security != 0u) {
        q.calling_ap_title.p = c->title_;
        q.calling_ap_title.len = 8;
    }
    if (c->cfg.security != 0u) {
        /* glo-initiate-request, sealed in place */
        size_t m = 0;
        cosem_status_t st = cosem_client_seal(c, ini, q.user_info.len, sizeof ini, &m, false);
        if (st != COSEM_OK) {
            return st;
        }
        q.app_context = COSEM_CONTEXT_LN_CIPHERED;
        q.user_info.len = m;
    }
#endif
    cosem_axdr_writer_init(&w, tx, cap);
    if (cosem_aarq_encode(&w, &q) != COSEM_OK) {
        return cosem_axdr_writer_status(&w);
    }
    return cosem_client_request(c, cosem_axdr_writer_len(&w));
}

/* The application context the AARE must name: the AARQ's. */
static uint8_t expected_context(const cosem_client_t *c)
{
#if COSEM_WITH_SN
    if (c->cfg.sn) {
        return COSEM_CONTEXT_SN;
    }
#endif
    return c->cfg.security != 0u ? COSEM_CONTEXT_LN_CIPHERED : COSEM_CONTEXT_LN;
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

#if COSEM_WITH_SECURITY
/* HLS pass 3: reply_to_HLS_authentication (method 1 of the current
 * association) with f(StoC), ciphered like every request. */
static cosem_status_t send_hls_reply(cosem_client_t *c)
{
    static const cosem_attr_ref_t m1 = {15, {0, 0, 40, 0, 0, 255}, 1};
    uint8_t f[32], params[36];
    size_t fl = 17, pl;
    cosem_axdr_writer_t w;
    size_t cap = 0;
    uint8_t *tx = cosem_client_link_txbuf(c, &cap);
    cosem_status_t st = COSEM_OK;
    if (c->cfg.auth == COSEM_AUTH_HLS_SHA256) { /* SHA-256(secret || ST-C || ST-S || StoC || CtoS) */
        cosem_hls_sha256(c->password, c->cfg.password_len, c->title_, c->server_title_, c->stoc_,
                         c->stoc_len_, c->ctos_, sizeof c->ctos_, f);
        fl = 32;
#if COSEM_WITH_HLS_LEGACY
    } else if (c->cfg.auth == COSEM_AUTH_HLS_MD5 || c->cfg.auth == COSEM_AUTH_HLS_SHA1) {
        fl = cosem_hls_legacy(c->cfg.auth, c->stoc_, c->stoc_len_, c->password,
                              c->cfg.password_len, f); /* H(StoC || secret) */
#endif
    } else {
        st = cosem_hls_gmac(&c->ek_, c->ak_, c->title_, c->ic_++, c->stoc_, c->stoc_len_, f);
    }
    if (tx == NULL || st != COSEM_OK) {
        return tx == NULL ? COSEM_E_WOULDBLOCK : st;
    }
    cosem_axdr_writer_init(&w, params, sizeof params);
    (void)cosem_axdr_write_octet_string(&w, f, fl);
    pl = cosem_axdr_writer_len(&w);
    cosem_axdr_writer_init(&w, tx, cap);
    c->invoke = (uint8_t)(COSEM_CLIENT_INVOKE_FLAGS | 1u); /* confirmed: the connect has none yet */
    st = cosem_action_request_normal_encode(&w, c->invoke, &m1, params, pl);
    if (st == COSEM_OK) {
        c->hls_step_ = 1;
        st = cosem_client_request(c, cosem_axdr_writer_len(&w));
    }
    return st;
}

/* Whether the server's f(CtoS) is right (constant time). */
static bool hls_reply_ok(cosem_client_t *c, const uint8_t *v, size_t n)
{
    uint8_t want[32], diff = 0;
    size_t i, wl = 32;
#if COSEM_WITH_HLS_LEGACY
    if (c->cfg.auth == COSEM_AUTH_HLS_MD5 || c->cfg.auth == COSEM_AUTH_HLS_SHA1) {
        wl = cosem_hls_legacy(c->cfg.auth, c->ctos_, sizeof c->ctos_, c->password,
                              c->cfg.password_len, want); /* H(CtoS || secret) */
        for (i = 0; i < wl && i < n; i++) {
            diff |= (uint8_t)(want[i] ^ v[i]);
        }
        return wl != 0u && n == wl && diff == 0u;
    }
#endif
    if (c->cfg.auth != COSEM_AUTH_HLS_SHA256) {
        return cosem_hls_gmac_check(&c->ek_, c->ak_, c->server_title_, c->ctos_, sizeof c->ctos_,
                                    v, n, NULL) == COSEM_OK;
    }
    if (n != wl) {
        return false;
    }
    cosem_hls_sha256(c->password, c->cfg.password_len, c->server_title_, c->title_, c->ctos_,
                     sizeof c->ctos_, c->stoc_, c->stoc_len_, want);
    for (i = 0; i < 32u; i++) {
        diff |= (uint8_t)(want[i] ^ v[i]);
    }
    return diff == 0u;
}

/* HLS pass 4: the server's f(CtoS) in the action-response. */
static void on_hls_result(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_action_response_t r;
    cosem_axdr_reader_t rd;
    const uint8_t *v = NULL;
    size_t n = 0;
    c->hls_step_ = 0;
    if (apdu[0] != COSEM_APDU_ACTION_RESPONSE ||
        cosem_action_response_decode(apdu, len, &r) != COSEM_OK || r.result != 0u ||
        !r.has_return || !r.ret.ok) {
        cosem_client_finish(c, COSEM_E_DENIED, COSEM_CLIENT_LAYER_ASSOCIATION);
        return;
    }
    cosem_axdr_reader_init(&rd, r.ret.data.p, r.ret.data.len);
    if (cosem_axdr_read_octet_string(&rd, &v, &n) != COSEM_OK || !hls_reply_ok(c, v, n)) {
        cosem_client_finish(c, COSEM_E_DENIED, COSEM_CLIENT_LAYER_ASSOCIATION);
        return;
    }
    c->state = COSEM_CLIENT_ASSOCIATED;
    cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
}

/* The AARE of a ciphered or HLS association: the server's title and
 * challenge; a glo-initiate-response opens in a copy. */
static cosem_status_t aare_security(cosem_client_t *c, const cosem_aare_t *a, uint8_t *plain,
                                    size_t cap, cosem_slice_t *ui)
{
    cosem_sec_apdu_t s;
    size_t m = 0;
    if (a->responding_ap_title.len == 8u) {
        memcpy(c->server_title_, a->responding_ap_title.p, 8);
    }
    if (c->cfg.auth >= COSEM_AUTH_HLS_MD5) {
        if (a->auth_value.len < 8u || a->auth_value.len > sizeof c->stoc_) {
            return COSEM_E_MALFORMED;
        }
        memcpy(c->stoc_, a->auth_value.p, a->auth_value.len);
        c->stoc_len_ = (uint8_t)a->auth_value.len;
    }
    if (c->cfg.security == 0u || ui->p == NULL || ui->len == 0u ||
        ui->p[0] == COSEM_APDU_CONFIRMED_SERVICE_ERROR) {
        return COSEM_OK;
    }
    if (a->responding_ap_title.len != 8u || ui->len > cap ||
        cosem_sec_apdu_parse(ui->p, ui->len, &s) != COSEM_OK ||
        cosem_sec_apdu_open(&s, &c->ek_, c->ak_, c->server_title_, plain, cap, &m) != COSEM_OK) {
        return COSEM_E_DENIED;
    }
    ui->p = plain;
    ui->len = m;
    return COSEM_OK;
}
#endif

/* An accepted AARE must carry an InitiateResponse: its values are kept. */
static void aare_accepted(cosem_client_t *c, const cosem_aare_t *a)
{
    cosem_initiate_response_t ir;
    cosem_status_t st = COSEM_E_MALFORMED;
    cosem_slice_t ui = a->user_info;
#if COSEM_WITH_SECURITY
    uint8_t plain[INITIATE_MAX];
    st = aare_security(c, a, plain, sizeof plain, &ui);
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_ASSOCIATION);
        return;
    }
    st = COSEM_E_MALFORMED;
#endif
    if (ui.p != NULL && ui.len > 0) {
        if (ui.p[0] == COSEM_APDU_CONFIRMED_SERVICE_ERROR) {
            st = take_service_error(c, ui.p, ui.len);
            cosem_client_finish(c, st == COSEM_OK ? COSEM_E_DENIED : st,
                                COSEM_CLIENT_LAYER_ASSOCIATION);
            return;
        }
        st = cosem_initiate_response_decode(ui.p, ui.len, &ir);
    }
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_ASSOCIATION);
        return;
    }
    c->info.conformance = ir.conformance;
    c->info.server_max_pdu = ir.max_pdu;
    c->info.dlms_version = ir.dlms_version;
    c->info.vaa_name = ir.vaa_name;
#if COSEM_WITH_SECURITY
    if (c->cfg.auth >= COSEM_AUTH_HLS_MD5) {
        st = send_hls_reply(c); /* the association holds once the server's reply verifies */
        if (st != COSEM_OK) {
            cosem_client_finish(c, st, COSEM_CLIENT_LAYER_LINK);
        }
        return;
    }
#endif
    c->state = COSEM_CLIENT_ASSOCIATED;
    cosem_client_finish(c, COSEM_OK, COSEM_CLIENT_LAYER_NONE);
}

/* Response to our AARQ. */
void cosem_client_on_aare(cosem_client_t *c, const uint8_t *apdu, size_t len)
{
    cosem_aare_t a;
    cosem_status_t st;
#if COSEM_WITH_SECURITY
    if (c->hls_step_ != 0u) {
        on_hls_result(c, apdu, len);
        return;
    }
#endif
    if (apdu[0] != COSEM_APDU_AARE) {
        cosem_client_finish(c, COSEM_E_MALFORMED, COSEM_CLIENT_LAYER_ASSOCIATION);
        return;
    }
    st = cosem_aare_decode(apdu, len, &a);
    if (st != COSEM_OK) {
        cosem_client_finish(c, st, COSEM_CLIENT_LAYER_ASSOCIATION);
    } else if (a.result != COSEM_ASSOC_ACCEPTED) {
        aare_rejected(c, &a);
    } else if (a.app_context != expected_context(c)) {
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
