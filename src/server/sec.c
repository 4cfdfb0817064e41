/* SPDX-License-Identifier: Apache-2.0 */
/* Server side of security suite 0: ciphered requests deciphered (after the
 * policy and invocation counter checks) and their responses ciphered the
 * same way; the glo-initiate-request/response of the AARQ/AARE, its
 * dedicated key and system titles; HLS mechanisms 5 and 6 (challenge from
 * the port, reply_to_HLS_authentication while the association is pending).
 * Each hook in assoc.c is one call into this file. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_WITH_SECURITY

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/security.h>
#include <cosem/server.h>

#include "security/security_internal.h"
#include "server/server_internal.h"

/* Octets a ciphered response adds at most: tag, length (3), general-glo
 * system title (9), SC and IC (5), authentication tag (12). */
#define SEC_OVERHEAD 30u
#define HLS_CHALLENGE 16u

static cosem_security_t *sec_of(const cosem_assoc_t *a)
{
    return a->cfg_ != NULL ? a->cfg_->security : NULL;
}

bool cosem_srv_sec_plain_ok(const cosem_assoc_t *a)
{
    const cosem_security_t *s = sec_of(a);
    return s == NULL || a->sec_form_ != 0u ||
           (s->policy_ & (COSEM_POLICY_AUTH_REQ | COSEM_POLICY_ENC_REQ)) == 0u;
}

bool cosem_srv_sec_context_ok(const cosem_assoc_t *a, uint8_t ctx)
{
    return ctx == COSEM_CONTEXT_LN || (ctx == COSEM_CONTEXT_LN_CIPHERED && sec_of(a) != NULL);
}

void cosem_srv_sec_release(cosem_assoc_t *a)
{
    a->has_dk_ = false;
    a->has_title_ = false;
    a->stoc_len_ = 0;
    a->ctos_len_ = 0;
    cosem_secure_zero(&a->dk_, sizeof a->dk_);
    cosem_secure_zero(a->stoc_, sizeof a->stoc_);
}

/* Whether the security control octet meets the policy for requests. */
static bool sc_meets_policy(const cosem_security_t *s, uint8_t sc)
{
    return ((s->policy_ & COSEM_POLICY_AUTH_REQ) == 0u || (sc & COSEM_SC_AUTH) != 0u) &&
           ((s->policy_ & COSEM_POLICY_ENC_REQ) == 0u || (sc & COSEM_SC_ENC) != 0u);
}

/* Security control octet of the response to a request protected by sc. */
static uint8_t response_sc(const cosem_security_t *s, uint8_t sc)
{
    uint8_t r = (uint8_t)(((s->policy_ & COSEM_POLICY_AUTH_RSP) != 0u ? COSEM_SC_AUTH : 0u) |
                          ((s->policy_ & COSEM_POLICY_ENC_RSP) != 0u ? COSEM_SC_ENC : 0u));
    return r != 0u ? r : (uint8_t)(sc & (COSEM_SC_AUTH | COSEM_SC_ENC));
}

/* Checks and deciphers a ciphered APDU from the client into s->buf_: the
 * service error to answer, 0 when deciphered. */
static uint8_t sec_open(cosem_assoc_t *a, cosem_security_t *s, const uint8_t *apdu, size_t len,
                        cosem_sec_apdu_t *p, size_t *n)
{
    const cosem_aes128_t *key = &s->ek_;
    const uint8_t *title = a->client_title_;
    if (cosem_sec_apdu_parse(apdu, len, p) != COSEM_OK ||
        (p->sc & COSEM_SC_BROADCAST) != 0u || !sc_meets_policy(s, p->sc) ||
        (p->form == COSEM_CIPHER_GENERAL && p->key_info != 1u)) {
        return COSEM_SERVICE_ERROR_DECIPHERING_ERROR;
    }
    if (p->form == COSEM_CIPHER_DED || p->form == COSEM_CIPHER_GENERAL_DED) {
        if (!a->has_dk_) {
            return COSEM_SERVICE_ERROR_DECIPHERING_ERROR;
        }
        key = &a->dk_;
    }
    if (p->system_title.len == COSEM_SYSTEM_TITLE_LEN) {
        title = p->system_title.p;
    } else if (!a->has_title_) {
        return COSEM_SERVICE_ERROR_DECIPHERING_ERROR;
    }
    if (p->ic <= s->rx_last_) {
        return COSEM_SERVICE_ERROR_INVOCATION_COUNTER; /* replayed or stale */
    }
    if (cosem_sec_apdu_open(p, key, s->ak_, title, s->buf_, s->cap_, n) != COSEM_OK || *n == 0u ||
        (p->plain_tag != 0u && s->buf_[0] != p->plain_tag)) {
        return COSEM_SERVICE_ERROR_DECIPHERING_ERROR;
    }
    s->rx_last_ = p->ic; /* only an authentic request moves the window */
    return 0;
}

/* Ciphers the response in out[0, *n) in place; no response (n 0) when no
 * counter value can be had. */
static void sec_seal(cosem_assoc_t *a, cosem_security_t *s, uint8_t *out, size_t cap, size_t *n)
{
    cosem_sec_seal_t z;
    uint32_t ic = 0;
    memset(&z, 0, sizeof z);
    z.form = (uint8_t)(a->sec_form_ - 1u);
    if (z.form == COSEM_CIPHER_GENERAL) {
        z.form = COSEM_CIPHER_GENERAL_GLO;
    }
    z.sc = response_sc(s, a->sec_sc_);
    z.system_title = s->title_;
    z.key = (z.form == COSEM_CIPHER_DED || z.form == COSEM_CIPHER_GENERAL_DED) ? &a->dk_ : &s->ek_;
    z.ak = s->ak_;
    if (cosem_sec_counter_next(&s->tx_, s->port_, &ic) != COSEM_OK) {
        *n = 0;
        return;
    }
    z.ic = ic;
    if (cosem_sec_apdu_seal(&z, out, *n, out, cap, n) != COSEM_OK) {
        *n = 0;
    }
}

/* Deciphers a request into s->buf_ (n octets) and notes its form and SC;
 * else writes the exception-response and returns false. Out of line, so
 * the parsed header is not on the stack while the request is served. */
COSEM_SRV_COLD
static bool sec_accept(cosem_assoc_t *a, cosem_security_t *s, const uint8_t *apdu, size_t len,
                       uint8_t *out, size_t cap, size_t *out_len, size_t *n)
{
    cosem_sec_apdu_t p;
    cosem_axdr_writer_t w;
    uint8_t err = COSEM_SERVICE_ERROR_DECIPHERING_ERROR;
    if (s != NULL && a->state_ != COSEM_ASSOC_IDLE && cap > SEC_OVERHEAD + 16u) {
        err = sec_open(a, s, apdu, len, &p, n);
    }
    if (err != 0u) {
        cosem_srv_xfer_abort(a);
        cosem_axdr_writer_init(&w, out, cap);
        cosem_srv_exception(&w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED, (cosem_service_error_t)err);
        *out_len = cosem_axdr_writer_status(&w) == COSEM_OK ? cosem_axdr_writer_len(&w) : 0u;
        return false;
    }
    a->sec_form_ = (uint8_t)(1u + p.form);
    a->sec_sc_ = p.sc;
    return true;
}

/* A ciphered APDU: decipher, serve the plain request, cipher the answer. */
cosem_status_t cosem_srv_sec_handle(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                                    uint8_t *out, size_t cap, size_t *out_len)
{
    cosem_security_t *s = sec_of(a);
    uint16_t max_pdu = a->client_max_pdu_;
    size_t n = 0;
    cosem_status_t st;
    *out_len = 0;
    if (!sec_accept(a, s, apdu, len, out, cap, out_len, &n)) {
        return COSEM_OK;
    }
    if (max_pdu > SEC_OVERHEAD + 16u) {
        a->client_max_pdu_ = (uint16_t)(max_pdu - SEC_OVERHEAD);
    }
    st = cosem_srv_handle_plain(a, s->buf_, n, out, cap - SEC_OVERHEAD, out_len);
    a->client_max_pdu_ = max_pdu;
    if (st == COSEM_OK && *out_len > 0u && out[0] != COSEM_APDU_EXCEPTION_RESPONSE) {
        sec_seal(a, s, out, cap, out_len);
    }
    a->sec_form_ = 0;
    if (s->pending_mask_ != 0u) {
        (void)cosem_security_commit(s); /* key_transfer: after its response */
    }
    return st;
}

/* ---- AARQ / AARE ---------------------------------------------------------- */

/* The AARQ's xDLMS part: a glo-initiate-request is deciphered into the
 * context's buffer (p, n then point at the plain InitiateRequest); a plain
 * one on an association whose policy needs ciphering is refused. */
cosem_status_t cosem_srv_sec_initiate(cosem_assoc_t *a, const cosem_aarq_t *q,
                                      const uint8_t **p, size_t *n)
{
    cosem_security_t *s = sec_of(a);
    cosem_sec_apdu_t c;
    if (q->calling_ap_title.len == COSEM_SYSTEM_TITLE_LEN) {
        memcpy(a->client_title_, q->calling_ap_title.p, 8);
        a->has_title_ = true;
    }
    if (*p == NULL || *n == 0u || **p != 0x21u) {
        return (s == NULL || cosem_srv_sec_plain_ok(a)) ? COSEM_OK : COSEM_E_DENIED;
    }
    if (s == NULL || q->app_context != COSEM_CONTEXT_LN_CIPHERED) {
        return COSEM_E_DENIED;
    }
    if (sec_open(a, s, *p, *n, &c, n) != 0u) {
        return COSEM_E_DENIED;
    }
    *p = s->buf_;
    a->sec_form_ = (uint8_t)(1u + COSEM_CIPHER_GLO);
    a->sec_sc_ = c.sc;
    return COSEM_OK;
}

/* The dedicated key of a ciphered InitiateRequest. */
void cosem_srv_sec_dedicated(cosem_assoc_t *a, const cosem_initiate_request_t *ir)
{
    cosem_security_t *s = sec_of(a);
    if (s != NULL && a->sec_form_ != 0u && ir->dedicated_key.len == 16u) {
        if (s->aes_ != NULL) {
            cosem_aes128_init_hook(&a->dk_, ir->dedicated_key.p, s->aes_, s->aes_user_);
        } else {
            cosem_aes128_init(&a->dk_, ir->dedicated_key.p);
        }
        a->has_dk_ = true;
    }
}

/* HLS mechanisms this build knows. */
static bool hls_known(uint8_t mech)
{
#if COSEM_WITH_HLS_LEGACY
    if (mech == COSEM_AUTH_HLS_MD5 || mech == COSEM_AUTH_HLS_SHA1) {
        return true;
    }
#endif
    return mech == COSEM_AUTH_HLS_GMAC || mech == COSEM_AUTH_HLS_SHA256;
}

/* HLS pass 1 (AARQ with CtoS): the diagnostic; on success the server
 * challenge StoC is drawn from the port (no port random, no HLS). */
uint8_t cosem_srv_sec_hls_start(cosem_assoc_t *a, const cosem_aarq_t *q)
{
    uint8_t mech = q->has_mechanism ? q->mechanism : (uint8_t)COSEM_AUTH_NONE;
    if (sec_of(a) == NULL || !hls_known(a->cfg_->mechanism)) {
        return COSEM_DIAG_MECHANISM_NOT_RECOGNISED;
    }
    if (mech != a->cfg_->mechanism) {
        return mech == COSEM_AUTH_NONE ? COSEM_DIAG_MECHANISM_REQUIRED
                                       : COSEM_DIAG_MECHANISM_NOT_RECOGNISED;
    }
    if (q->calling_ap_title.len != COSEM_SYSTEM_TITLE_LEN) {
        return COSEM_DIAG_CALLING_AP_TITLE_NOT_RECOGNIZED;
    }
    if (q->auth_value.len < 8u || q->auth_value.len > sizeof a->ctos_) {
        return COSEM_DIAG_AUTHENTICATION_FAILURE;
    }
    if (cosem_port_random(a->server_->cfg_.port, a->stoc_, HLS_CHALLENGE) != COSEM_OK) {
        return COSEM_DIAG_NO_REASON_GIVEN;
    }
    a->stoc_len_ = HLS_CHALLENGE;
    memcpy(a->ctos_, q->auth_value.p, q->auth_value.len);
    a->ctos_len_ = (uint8_t)q->auth_value.len;
    return COSEM_DIAG_NULL;
}

/* Accepting AARE: server system title, HLS challenge, and the
 * InitiateResponse ui[0, n) ciphered when the request was. */
void cosem_srv_sec_aare(cosem_assoc_t *a, cosem_axdr_writer_t *w, const uint8_t *ui, size_t n)
{
    cosem_security_t *s = sec_of(a);
    cosem_aare_t e;
    uint8_t buf[80];
    size_t m = n;
    memset(&e, 0, sizeof e);
    e.app_context = a->sec_form_ != 0u ? COSEM_CONTEXT_LN_CIPHERED : COSEM_CONTEXT_LN;
    e.result = COSEM_ASSOC_ACCEPTED;
    e.diag_source = COSEM_DIAG_SERVICE_USER;
    e.responding_ap_title.p = s->title_;
    e.responding_ap_title.len = 8;
    if (a->state_ == COSEM_ASSOC_PENDING_HLS) {
        e.diagnostic = COSEM_DIAG_AUTHENTICATION_REQUIRED;
        e.authentication = true;
        e.has_mechanism = true;
        e.mechanism = a->mechanism_;
        e.auth_value.p = a->stoc_;
        e.auth_value.len = a->stoc_len_;
    }
    memcpy(buf, ui, n < sizeof buf ? n : sizeof buf);
    if (a->sec_form_ != 0u) {
        sec_seal(a, s, buf, sizeof buf, &m);
        a->sec_form_ = 0;
    }
    e.user_info.p = m != 0u ? buf : NULL;
    e.user_info.len = m;
    (void)cosem_aare_encode(w, &e);
}

/* ---- reply_to_HLS_authentication --------------------------------------- */

/* Whether the client's f(StoC) is right; fills mine with f(CtoS). */
static bool hls_verify(cosem_assoc_t *a, cosem_security_t *s, const uint8_t *r, size_t n,
                       uint8_t *mine, size_t *mine_len)
{
    uint8_t want[32];
    uint32_t ic = 0;
    bool ok = false;
    if (a->mechanism_ == COSEM_AUTH_HLS_GMAC) {
        ok = cosem_hls_gmac_check(&s->ek_, s->ak_, a->client_title_, a->stoc_, a->stoc_len_, r,
                                  n, NULL) == COSEM_OK;
        *mine_len = 17;
        return ok && cosem_sec_counter_next(&s->tx_, s->port_, &ic) == COSEM_OK &&
               cosem_hls_gmac(&s->ek_, s->ak_, s->title_, ic, a->ctos_, a->ctos_len_, mine) ==
                   COSEM_OK;
    }
    if (a->mechanism_ == COSEM_AUTH_HLS_SHA256 && a->cfg_->secret != NULL) {
        const cosem_secret_t *k = a->cfg_->secret;
        cosem_hls_sha256(k->buf, k->len, a->client_title_, s->title_, a->stoc_, a->stoc_len_,
                         a->ctos_, a->ctos_len_, want);
        ok = n == 32u && cosem_ct_diff(want, r, 32) == 0u;
        cosem_hls_sha256(k->buf, k->len, s->title_, a->client_title_, a->ctos_, a->ctos_len_,
                         a->stoc_, a->stoc_len_, mine);
        *mine_len = 32;
    }
#if COSEM_WITH_HLS_LEGACY
    if ((a->mechanism_ == COSEM_AUTH_HLS_MD5 || a->mechanism_ == COSEM_AUTH_HLS_SHA1) &&
        a->cfg_->secret != NULL) {
        /* f(StoC) = H(StoC || secret); our reply H(CtoS || secret) */
        const cosem_secret_t *k = a->cfg_->secret;
        size_t wl = cosem_hls_legacy(a->mechanism_, a->stoc_, a->stoc_len_, k->buf, k->len, want);
        ok = wl != 0u && n == wl && cosem_ct_diff(want, r, wl) == 0u;
        *mine_len = cosem_hls_legacy(a->mechanism_, a->ctos_, a->ctos_len_, k->buf, k->len, mine);
    }
#endif
    cosem_secure_zero(want, sizeof want);
    return ok;
}

/* While HLS is pending only reply_to_HLS_authentication (Association LN
 * method 1 on the current association) is served: true when apdu was that
 * request and the response is written. A wrong reply ends the association. */
bool cosem_srv_sec_hls_reply(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                             cosem_axdr_writer_t *w)
{
    static const uint8_t current[6] = {0, 0, 40, 0, 0, 255};
    cosem_security_t *s = sec_of(a);
    cosem_action_request_t q;
    cosem_axdr_reader_t r;
    const uint8_t *v = NULL;
    uint8_t mine[32];
    size_t n = 0, mine_len = 0;
    bool ok, got;
    if (s == NULL || cosem_action_request_decode(apdu, len, &q) != COSEM_OK ||
        q.type != COSEM_ACTION_NORMAL || q.ref.class_id != 15u || q.ref.id != 1 ||
        (cosem_mem_cmp(q.ref.obis, current, 6) != 0 &&
         (a->cfg_->ln == NULL || cosem_mem_cmp(q.ref.obis, a->cfg_->ln, 6) != 0)) ||
        !q.has_params) {
        return false;
    }
    cosem_axdr_reader_init(&r, q.params.p, q.params.len);
    /* the failed-authentication throttle applies to HLS as to LLS: a reply
     * in a delay or lockout is refused unchecked, a checked one counts */
    got = cosem_srv_auth_may_check(a) && cosem_axdr_read_octet_string(&r, &v, &n) == COSEM_OK;
    ok = got && hls_verify(a, s, v, n, mine, &mine_len);
    if (got) {
        cosem_srv_auth_counted(a, ok);
    }
    if (ok) {
        a->state_ = COSEM_ASSOC_ASSOCIATED;
        (void)cosem_action_response_normal_begin(w, q.invoke, COSEM_DAR_SUCCESS, true);
        (void)cosem_axdr_write_octet_string(w, mine, mine_len);
    } else {
        (void)cosem_action_response_normal_begin(w, q.invoke, COSEM_DAR_READ_WRITE_DENIED,
                                                 false);
        a->state_ = COSEM_ASSOC_IDLE;
        a->conformance_ = 0;
        cosem_srv_sec_release(a);
    }
    a->stoc_len_ = 0; /* one reply per challenge */
    cosem_secure_zero(mine, sizeof mine);
    return true;
}

#else
typedef int cosem_srv_sec_empty_t;
#endif
