/* SPDX-License-Identifier: Apache-2.0 */
/* Associations: open/close with the link, AARQ/AARE and RLRQ/RLRE, and the
 * dispatch of every APDU to its service with the state and conformance
 * checks in front. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER

#include <stddef.h>
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/server.h>
#include <cosem/sn.h>

#include "apdu/xdlms_internal.h"
#include "server/server_internal.h"

/* Raise an event to the application, if it listens. */
static void notify_n(cosem_assoc_t *a, uint8_t type, uint8_t diag, uint16_t failures)
{
    const cosem_server_config_t *c = &a->server_->cfg_;
    cosem_server_event_t ev;
    if (c->event == NULL) {
        return;
    }
    ev.type = type;
    ev.client_sap = a->client_sap_;
    ev.diagnostic = diag;
    ev.failures = failures;
    c->event(c->user, &ev);
}

static void notify(cosem_assoc_t *a, uint8_t type, uint8_t diag)
{
    notify_n(a, type, diag, 0u);
}

/* Constant-time comparison of a presented password with the secret (time
 * depends on the secret's length only). */
static bool secret_equal(const cosem_secret_t *s, const cosem_slice_t *v)
{
    uint8_t diff = (uint8_t)(v->len != s->len);
    for (size_t i = 0; i < s->len; ++i) {
        uint8_t x = (v->p != NULL && i < v->len) ? v->p[i] : 0u;
        diff = (uint8_t)(diff | (x ^ s->buf[i]));
    }
    return diff == 0u;
}

/* ---- failed-authentication throttling (DESIGN.md section 9) ------------ */

/* Counters of the association's configuration. */
COSEM_SRV_COLD
static cosem_server_auth_t *auth_slot(const cosem_assoc_t *a)
{
    size_t i = (size_t)(a->cfg_ - a->server_->cfg_.assocs);
    return &a->server_->auth_[i < COSEM_AUTH_THROTTLE_SLOTS ? i : COSEM_AUTH_THROTTLE_SLOTS - 1u];
}

/* Wrap-safe "now is before t". */
static bool before(uint32_t now, uint32_t t)
{
    return (int32_t)(now - t) < 0;
}

/* Delay after the n-th failure (n >= 1): doubled each time, at most the
 * lockout time. */
static uint32_t auth_delay(const cosem_server_config_t *c, unsigned n)
{
    uint32_t d = (uint32_t)c->auth_delay_ms << (n > 16u ? 15u : n - 1u);
    return d < c->auth_lockout_ms ? d : c->auth_lockout_ms;
}

/* Whether a secret may be compared now (not during a delay or lockout, of
 * the configuration or of this link); a finished lockout, or failures
 * older than a quiet lockout time, are forgotten here. */
static bool auth_allowed(const cosem_assoc_t *a, uint32_t now)
{
    const cosem_server_config_t *c = &a->server_->cfg_;
    cosem_server_auth_t *t = auth_slot(a);
    if (c->port == NULL || c->port->now_ms == NULL) {
        return true; /* no clock, no throttling */
    }
    if (t->failures != 0u && !before(now, t->next_ms) &&
        (t->locked != 0u || (uint32_t)(now - t->next_ms) >= c->auth_lockout_ms)) {
        memset(t, 0, sizeof(*t));
    }
    return !(t->failures != 0u && before(now, t->next_ms)) &&
           !(a->auth_fails_ != 0u && before(now, a->auth_next_ms_));
}

/* Count a failed authentication (checked: the secret was compared). The
 * first failure of a window raises AUTH_FAILED, reaching the limit starts
 * the lockout and raises LOCKED_OUT; nothing else is reported. */
static void auth_failed(cosem_assoc_t *a, uint32_t now, bool checked)
{
    const cosem_server_config_t *c = &a->server_->cfg_;
    cosem_server_auth_t *t = auth_slot(a);
    if (t->failures < 0xFFFFu) {
        t->failures++;
    }
    if (t->failures == 1u) {
        notify_n(a, COSEM_SERVER_AUTH_FAILED, COSEM_DIAG_AUTHENTICATION_FAILURE, 1u);
    }
    if (!checked || t->locked != 0u) {
        return;
    }
    if (a->auth_fails_ < 0xFFu) {
        a->auth_fails_++;
    }
    a->auth_next_ms_ = now + auth_delay(c, a->auth_fails_);
    t->checked++;
    t->next_ms = now + auth_delay(c, t->checked);
    if (t->checked >= c->auth_max_failures) {
        t->locked = 1u;
        t->next_ms = now + c->auth_lockout_ms;
        notify_n(a, COSEM_SERVER_LOCKED_OUT, COSEM_DIAG_AUTHENTICATION_FAILURE, t->failures);
    }
}

#if COSEM_WITH_SECURITY
/* The HLS reply (sec.c): whether the throttle lets it be checked now (a
 * refusal counts as an unchecked failure). */
bool cosem_srv_auth_may_check(cosem_assoc_t *a)
{
    uint32_t now = cosem_port_now_ms(a->server_->cfg_.port);
    if (!auth_allowed(a, now)) {
        auth_failed(a, now, false);
        return false;
    }
    return true;
}

/* The HLS reply was checked: counted like an LLS password. */
void cosem_srv_auth_counted(cosem_assoc_t *a, bool ok)
{
    if (ok) {
        memset(auth_slot(a), 0, sizeof(cosem_server_auth_t));
        a->auth_fails_ = 0;
    } else {
        auth_failed(a, cosem_port_now_ms(a->server_->cfg_.port), true);
    }
}
#endif

/* Compare the presented secret unless throttled; count the outcome. */
static uint8_t auth_check(cosem_assoc_t *a, const cosem_slice_t *v)
{
    uint32_t now = cosem_port_now_ms(a->server_->cfg_.port);
    if (!auth_allowed(a, now)) {
        auth_failed(a, now, false);
        return COSEM_DIAG_AUTHENTICATION_FAILURE;
    }
    if (!secret_equal(a->cfg_->secret, v)) {
        auth_failed(a, now, true);
        return COSEM_DIAG_AUTHENTICATION_FAILURE;
    }
    memset(auth_slot(a), 0, sizeof(cosem_server_auth_t));
    a->auth_fails_ = 0;
    return COSEM_DIAG_NULL;
}

/* Leave the associated state (RLRQ, link closed, a new AARQ). */
static void release(cosem_assoc_t *a)
{
    cosem_srv_xfer_abort(a);
    if (a->state_ != COSEM_ASSOC_IDLE) {
        a->state_ = COSEM_ASSOC_IDLE;
        notify(a, COSEM_SERVER_RELEASED, 0);
    }
    a->conformance_ = 0;
    a->client_max_pdu_ = 0;
    a->mechanism_ = COSEM_AUTH_NONE;
#if COSEM_WITH_SN
    a->sn_ = false;
#endif
#if COSEM_WITH_SECURITY
    cosem_srv_sec_release(a);
#endif
}

/* Pre-established: associated with the configuration's conformance and
 * the server's own PDU size (no InitiateRequest will come). */
static void pre_establish(cosem_assoc_t *a)
{
    a->state_ = COSEM_ASSOC_ASSOCIATED;
    a->conformance_ = a->cfg_->conformance & COSEM_SRV_CONF_BUILT;
    a->client_max_pdu_ = a->server_->cfg_.max_pdu;
    a->mechanism_ = a->cfg_->mechanism;
}

/* Prepare an association with its work buffer. */
cosem_status_t cosem_assoc_init(cosem_assoc_t *a, cosem_server_t *s, uint8_t *buf, size_t cap)
{
    if (a == NULL || s == NULL || buf == NULL || cap < 64u) {
        return COSEM_E_ARG;
    }
    memset(a, 0, sizeof(*a));
    a->server_ = s;
    a->buf_ = buf;
    a->cap_ = cap;
    return COSEM_OK;
}

/* A link connection from client_sap: pick its configuration. */
cosem_status_t cosem_assoc_open(cosem_assoc_t *a, uint16_t client_sap)
{
    const cosem_server_config_t *c;
    if (a == NULL || a->server_ == NULL) {
        return COSEM_E_ARG;
    }
    c = &a->server_->cfg_;
    if (a->cfg_ != NULL) {
        release(a);
    }
    a->cfg_ = NULL;
    for (size_t i = 0; i < c->assoc_count; ++i) {
        if (c->assocs[i].client_sap == client_sap) {
            a->cfg_ = &c->assocs[i];
        }
    }
    if (a->cfg_ == NULL) {
        return COSEM_E_NOTFOUND;
    }
    a->client_sap_ = client_sap;
    if (a->cfg_->pre_established) {
        pre_establish(a);
    }
    return COSEM_OK;
}

/* The link ended: release and forget the configuration. */
void cosem_assoc_close(cosem_assoc_t *a)
{
    if (a == NULL || a->cfg_ == NULL) {
        return;
    }
    release(a);
    a->cfg_ = NULL;
}

/* Restore a persisted secret: length within the buffer, else refused. */
cosem_status_t cosem_secret_load(cosem_secret_t *s, const void *raw, size_t n)
{
    if (s == NULL || raw == NULL) {
        return COSEM_E_ARG;
    }
    if (n != sizeof(*s) || ((const uint8_t *)raw)[offsetof(cosem_secret_t, len)] >
                               COSEM_MAX_SECRET) {
        return COSEM_E_MALFORMED;
    }
    memcpy(s, raw, n);
    return COSEM_OK;
}

/* Authentication of the AARQ against the configuration: a diagnostic,
 * 0 when accepted. */
static uint8_t check_auth(cosem_assoc_t *a, const cosem_aarq_t *q)
{
    uint8_t mech = q->has_mechanism ? q->mechanism : (uint8_t)COSEM_AUTH_NONE;
    switch (a->cfg_->mechanism) {
    case COSEM_AUTH_NONE:
        /* A mechanism the association is not configured for is refused
         * (IEC 62056-5-3: authentication-mechanism-name-not-recognised),
         * not accepted with the password unchecked. */
        return mech == COSEM_AUTH_NONE ? COSEM_DIAG_NULL : COSEM_DIAG_MECHANISM_NOT_RECOGNISED;
    case COSEM_AUTH_LOW:
        if (mech == COSEM_AUTH_NONE) {
            return COSEM_DIAG_MECHANISM_REQUIRED;
        }
        if (mech != COSEM_AUTH_LOW) {
            return COSEM_DIAG_MECHANISM_NOT_RECOGNISED;
        }
        if (q->auth_value.p == NULL) {
            return COSEM_DIAG_AUTHENTICATION_REQUIRED;
        }
        return auth_check(a, &q->auth_value);
    default:
#if COSEM_WITH_SECURITY
        return cosem_srv_sec_hls_start(a, q);
#else
        return COSEM_DIAG_MECHANISM_NOT_RECOGNISED; /* HLS needs COSEM_WITH_SECURITY */
#endif
    }
}

/* The xDLMS part: an InitiateRequest this server can serve, else the
 * initiate error (-1 when acceptable). */
static int check_initiate(cosem_assoc_t *a, const cosem_aarq_t *q, cosem_initiate_request_t *ir)
{
    const uint8_t *p = q->user_info.p;
    size_t n = q->user_info.len;
#if COSEM_WITH_SECURITY
    if (cosem_srv_sec_initiate(a, q, &p, &n) != COSEM_OK) {
        return COSEM_INITIATE_ERROR_OTHER;
    }
#endif
    if (p == NULL || cosem_initiate_request_decode(p, n, ir) != COSEM_OK) {
        return COSEM_INITIATE_ERROR_OTHER;
    }
#if COSEM_WITH_SECURITY
    cosem_srv_sec_dedicated(a, ir);
#endif
    if (ir->dlms_version < 6u) {
        return COSEM_INITIATE_ERROR_DLMS_VERSION_TOO_LOW;
    }
    if (ir->max_pdu < 12u) {
        return COSEM_INITIATE_ERROR_PDU_SIZE_TOO_SHORT;
    }
    if ((ir->conformance & a->cfg_->conformance) == 0u) {
        return COSEM_INITIATE_ERROR_INCOMPATIBLE_CONFORMANCE;
    }
    return -1;
}

#if COSEM_WITH_SECURITY
#define SECURED(a) ((a)->cfg_->security != NULL)
#else
#define SECURED(a) false
#endif

/* Octets of the AARE template below that aare_write() fills in. */
#define AARE_LEN 1u     /* AARE length */
#define AARE_CTX 12u    /* last arc of the application-context-name */
#define AARE_RESULT 17u /* result */
#define AARE_DIAG 24u   /* acse-service-user diagnostic */
#define AARE_UI_LEN 26u /* user-information length, then its OCTET STRING's */
#define AARE_UI_HEAD 4u /* user-information identifiers and lengths */

/* Write an AARE with result and diagnostic (service user) and user-info
 * ui[0, n) (none when n is 0): the octets cosem_aare_encode() writes for
 * these fields, from a template, since every value here is below 0x80 and
 * every length (n is at most 24) has the short form. */
static void aare_write(cosem_axdr_writer_t *w, uint8_t ctx, uint8_t result, uint8_t diag,
                       const uint8_t *ui, size_t n)
{
    static const uint8_t head[] = {
        COSEM_APDU_AARE, 0x00u,
        0xA1u, 0x09u, 0x06u, 0x07u, 0x60u, 0x85u, 0x74u, 0x05u, 0x08u, 0x01u, 0x00u,
        0xA2u, 0x03u, 0x02u, 0x01u, 0x00u,
        0xA3u, 0x05u, 0xA1u, 0x03u, 0x02u, 0x01u, 0x00u,
        0xBEu, 0x00u, 0x04u, 0x00u};
    size_t len = sizeof head - (n != 0u ? 0u : AARE_UI_HEAD);
    uint8_t *p = NULL;
    if (cosem_axdr_reserve(w, len, &p) == COSEM_OK && p != NULL) {
        memcpy(p, head, len);
        p[AARE_LEN] = (uint8_t)(len - 2u + n);
        p[AARE_CTX] = ctx;
        p[AARE_RESULT] = result;
        p[AARE_DIAG] = diag;
        if (n != 0u) {
            p[AARE_UI_LEN] = (uint8_t)(n + 2u);
            p[AARE_UI_LEN + 2u] = (uint8_t)n;
        }
    }
    (void)cosem_axdr_put_bytes(w, ui, n);
}

/* The accepting AARE's InitiateResponse `08 00 06 5F 1F 04 00 conformance(3)
 * max-pdu(2) vaa-name(2)` into ui: no negotiated quality of service, DLMS
 * version 6 (what cosem_initiate_response_encode() writes for it). */
static void initiate_response(const cosem_assoc_t *a, uint8_t *ui)
{
    static const uint8_t head[] = {COSEM_APDU_INITIATE_RESPONSE, 0x00u, 0x06u, 0x5Fu, 0x1Fu,
                                   0x04u, 0x00u};
    uint32_t conf = a->conformance_;
    uint16_t pdu = a->server_->cfg_.max_pdu;
    memcpy(ui, head, sizeof head);
    ui[7] = (uint8_t)(conf >> 16);
    ui[8] = (uint8_t)(conf >> 8);
    ui[9] = (uint8_t)conf;
    ui[10] = (uint8_t)(pdu >> 8);
    ui[11] = (uint8_t)pdu;
#if COSEM_WITH_SN
    if (a->sn_) {
        ui[12] = (uint8_t)(COSEM_SN_ASSOCIATION_BASE >> 8); /* as GuruxDLMS.c's SN server: FA 00 */
        ui[13] = (uint8_t)COSEM_SN_ASSOCIATION_BASE;
        return;
    }
#endif
    ui[12] = 0x00u;
    ui[13] = 0x07u;
}

/* Application contexts served: LN, and LN with ciphering when security is
 * configured; SN when the configuration offers READ or WRITE. */
static bool context_ok(const cosem_assoc_t *a, uint8_t ctx)
{
#if COSEM_WITH_SN
    if (ctx == COSEM_CONTEXT_SN) { /* ciphered SN not yet */
        return (a->cfg_->conformance & COSEM_SN_SERVICES) != 0u && !SECURED(a);
    }
#endif
#if COSEM_WITH_SECURITY
    return cosem_srv_sec_context_ok(a, ctx);
#else
    (void)a;
    return ctx == COSEM_CONTEXT_LN;
#endif
}

/* AARQ: a new association replaces any current one (as meters on HDLC and
 * Gurux's server do); the AARE accepts or says why not. */
COSEM_SRV_COLD
static void handle_aarq(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    cosem_aarq_t q;
    cosem_initiate_request_t ir;
    cosem_status_t st;
    /* user-information: a rejection's confirmedServiceError `0E 01 06 err`
     * (initiateError [1], ServiceError initiate [6]) when the xDLMS part was
     * the reason, or the accepting InitiateResponse */
    uint8_t ui[14];
    size_t n = 0;
    uint8_t diag, ctx = COSEM_CONTEXT_LN, event = COSEM_SERVER_REJECTED;
    int ierr = -1;
    release(a);
    st = cosem_aarq_decode(apdu, len, &q);
    if (st == COSEM_E_UNSUPPORTED || (st == COSEM_OK && !context_ok(a, q.app_context))) {
        diag = COSEM_DIAG_CONTEXT_NOT_SUPPORTED; /* SN, ciphered (until security), other */
    } else if (st != COSEM_OK) {
        diag = COSEM_DIAG_NO_REASON_GIVEN;
    } else {
        diag = check_auth(a, &q);
        if (diag == COSEM_DIAG_NULL) {
            ierr = check_initiate(a, &q, &ir);
            if (ierr >= 0) {
                diag = COSEM_DIAG_NO_REASON_GIVEN;
                ui[0] = COSEM_APDU_CONFIRMED_SERVICE_ERROR;
                ui[1] = 1u;
                ui[2] = 6u;
                ui[3] = (uint8_t)ierr;
                n = 4u;
            }
        }
    }
    if (diag == COSEM_DIAG_NULL) {
        a->state_ = COSEM_ASSOC_ASSOCIATED;
        a->conformance_ = ir.conformance & a->cfg_->conformance & COSEM_SRV_CONF_BUILT;
#if COSEM_WITH_SN
        /* Each referencing gets its own services (as GuruxDLMS.c negotiates). */
        a->sn_ = q.app_context == COSEM_CONTEXT_SN;
        a->conformance_ &= a->sn_ ? COSEM_SN_CONFORMANCE : ~COSEM_SN_ONLY;
        ctx = a->sn_ ? COSEM_CONTEXT_SN : COSEM_CONTEXT_LN;
#endif
        a->client_max_pdu_ = ir.max_pdu;
        a->mechanism_ = q.has_mechanism ? q.mechanism : (uint8_t)COSEM_AUTH_NONE;
        initiate_response(a, ui);
        n = sizeof ui;
        event = COSEM_SERVER_ASSOCIATED;
#if COSEM_WITH_SECURITY
        if (a->mechanism_ >= COSEM_AUTH_HLS) {
            a->state_ = COSEM_ASSOC_PENDING_HLS; /* until reply_to_HLS_authentication */
        }
        if (SECURED(a)) {
            cosem_srv_sec_aare(a, w, ui, n);
            notify(a, event, 0);
            return;
        }
#endif
    } else if (diag == COSEM_DIAG_AUTHENTICATION_FAILURE) {
        event = 0; /* those are counted, not each told */
    }
    aare_write(w, ctx, event == COSEM_SERVER_ASSOCIATED ? COSEM_ASSOC_ACCEPTED
                                                        : COSEM_ASSOC_REJECTED_PERMANENT,
               diag, ui, n);
    if (event != 0) {
        notify(a, event, diag);
    }
}

/* RLRQ: RLRE reason normal and release (user-information is ignored). A
 * pre-established association stays. */
COSEM_SRV_COLD
static void handle_rlrq(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    /* RLRE, reason [0] normal: what cosem_rlre_encode() writes for it */
    static const uint8_t rlre[] = {COSEM_APDU_RLRE, 0x03u, 0x80u, 0x01u, 0x00u};
    cosem_release_t rq;
    if (cosem_rlrq_decode(apdu, len, &rq) != COSEM_OK) {
        cosem_srv_exception(w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED,
                            COSEM_SERVICE_ERROR_OTHER_REASON);
        return;
    }
    (void)cosem_axdr_put_bytes(w, rlre, sizeof rlre);
    if (!a->cfg_->pre_established) {
        release(a);
    }
}

/* Conformance each request form needs (tag, choice, bits; every bit a
 * GET, SET or ACTION form needs is below bit 16, so the table takes four
 * octets a row). */
typedef struct {
    uint8_t tag;
    uint8_t type;
    uint16_t need;
} form_rule_t;

static const form_rule_t form_rules[] = {
    {COSEM_APDU_GET_REQUEST, COSEM_GET_NORMAL, COSEM_CONF_GET},
    {COSEM_APDU_GET_REQUEST, COSEM_GET_NEXT, COSEM_CONF_GET | COSEM_CONF_BLOCK_TRANSFER_GET},
    {COSEM_APDU_GET_REQUEST, COSEM_GET_WITH_LIST, COSEM_CONF_GET | COSEM_CONF_MULTIPLE_REFERENCES},
    {COSEM_APDU_SET_REQUEST, COSEM_SET_NORMAL, COSEM_CONF_SET},
    {COSEM_APDU_SET_REQUEST, COSEM_SET_WITH_FIRST_DATABLOCK,
     COSEM_CONF_SET | COSEM_CONF_BLOCK_TRANSFER_SET},
    {COSEM_APDU_SET_REQUEST, COSEM_SET_WITH_DATABLOCK,
     COSEM_CONF_SET | COSEM_CONF_BLOCK_TRANSFER_SET},
    {COSEM_APDU_SET_REQUEST, COSEM_SET_WITH_LIST, COSEM_CONF_SET | COSEM_CONF_MULTIPLE_REFERENCES},
    {COSEM_APDU_SET_REQUEST, COSEM_SET_WITH_LIST_FIRST_DATABLOCK,
     COSEM_CONF_SET | COSEM_CONF_MULTIPLE_REFERENCES | COSEM_CONF_BLOCK_TRANSFER_SET},
    {COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_NORMAL, COSEM_CONF_ACTION},
    {COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_NEXT_PBLOCK,
     COSEM_CONF_ACTION | COSEM_CONF_BLOCK_TRANSFER_ACTION},
    {COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_WITH_LIST,
     COSEM_CONF_ACTION | COSEM_CONF_MULTIPLE_REFERENCES},
    {COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_WITH_FIRST_PBLOCK,
     COSEM_CONF_ACTION | COSEM_CONF_BLOCK_TRANSFER_ACTION},
    {COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_WITH_LIST_FIRST_PBLOCK,
     COSEM_CONF_ACTION | COSEM_CONF_MULTIPLE_REFERENCES | COSEM_CONF_BLOCK_TRANSFER_ACTION},
    {COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_WITH_PBLOCK,
     COSEM_CONF_ACTION | COSEM_CONF_BLOCK_TRANSFER_ACTION},
};

/* Conformance bits a request form needs; 0 for an unknown choice (the
 * decoder then answers it as malformed). */
static uint32_t form_needs(uint8_t tag, uint8_t type)
{
#if COSEM_WITH_SN
    if (tag == COSEM_APDU_READ_REQUEST || tag == COSEM_APDU_WRITE_REQUEST ||
        tag == COSEM_APDU_UNCONFIRMED_WRITE_REQUEST) {
        (void)type;
        return tag == COSEM_APDU_READ_REQUEST    ? COSEM_CONF_READ
               : tag == COSEM_APDU_WRITE_REQUEST ? COSEM_CONF_WRITE
                                                 : COSEM_CONF_UNCONFIRMED_WRITE;
    }
#endif
#if COSEM_WITH_ACCESS
    if (tag == COSEM_APDU_ACCESS_REQUEST) {
        (void)type;
        return COSEM_CONF_ACCESS;
    }
#endif
    for (size_t i = 0; i < sizeof(form_rules) / sizeof(form_rules[0]); ++i) {
        if (form_rules[i].tag == tag && form_rules[i].type == type) {
            return form_rules[i].need;
        }
    }
    return 0;
}

/* GET/SET/ACTION: associated and negotiated, else exception-response
 * service-not-allowed / service-not-supported (as Gurux's server answers
 * a service the client may not use). */
static void handle_service(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                           cosem_axdr_writer_t *w)
{
    uint32_t need = len >= 2u ? form_needs(apdu[0], apdu[1]) : 0u;
#if COSEM_WITH_GBT
    if (a->gbt_ && len >= 2u && apdu[0] == COSEM_APDU_GET_REQUEST && apdu[1] == (uint8_t)COSEM_GET_NEXT) {
        need = COSEM_CONF_GET; /* GuruxDLMS.c's acknowledgement of a GBT block */
    }
#endif
#if COSEM_WITH_SECURITY
    if (!cosem_srv_sec_plain_ok(a)) {
        need = 0xFFFFFFFFu; /* weaker than the policy: refused below */
    } else if (a->state_ == COSEM_ASSOC_PENDING_HLS && cosem_srv_sec_hls_reply(a, apdu, len, w)) {
        return;
    }
#endif
    if (a->state_ != COSEM_ASSOC_ASSOCIATED || (a->conformance_ & need) != need) {
        cosem_srv_refuse(a, w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED,
                         COSEM_SERVICE_ERROR_NOT_SUPPORTED);
        return;
    }
#if COSEM_WITH_ACCESS
    if (apdu[0] == COSEM_APDU_ACCESS_REQUEST) {
        cosem_srv_xfer_abort(a);
        cosem_srv_access(a, apdu, len, w);
        return;
    }
#endif
#if COSEM_WITH_SN
    if (apdu[0] == COSEM_APDU_READ_REQUEST || apdu[0] == COSEM_APDU_WRITE_REQUEST ||
        apdu[0] == COSEM_APDU_UNCONFIRMED_WRITE_REQUEST) {
        cosem_srv_sn(a, apdu, len, w); /* keeps a READ in blocks going */
        return;
    }
#endif
    if (apdu[0] == COSEM_APDU_GET_REQUEST) {
        cosem_srv_get(a, apdu, len, w);
    } else if (apdu[0] == COSEM_APDU_SET_REQUEST) {
        cosem_srv_set(a, apdu, len, w);
    } else {
        cosem_srv_action(a, apdu, len, w);
    }
}

/* Whether an xDLMS request asks for no response (service-class bit clear). */
static bool unconfirmed(const uint8_t *apdu, size_t len)
{
    if (len < 3u) {
        return false;
    }
#if COSEM_WITH_ACCESS
    if (apdu[0] == COSEM_APDU_ACCESS_REQUEST) {
        return (apdu[1] & 0x40u) == 0u; /* long-invoke-id: service-class bit 30 */
    }
#endif
    if (apdu[0] != COSEM_APDU_GET_REQUEST && apdu[0] != COSEM_APDU_SET_REQUEST &&
        apdu[0] != COSEM_APDU_ACTION_REQUEST) {
        return false;
    }
    return (apdu[2] & COSEM_INVOKE_CONFIRMED) == 0u;
}

/* Dispatch one APDU by its tag. */
static void dispatch(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    switch (apdu[0]) {
    case COSEM_APDU_AARQ: handle_aarq(a, apdu, len, w); break;
    case COSEM_APDU_RLRQ:
        cosem_srv_xfer_abort(a);
        handle_rlrq(a, apdu, len, w);
        break;
    case COSEM_APDU_GET_REQUEST:
    case COSEM_APDU_SET_REQUEST:
    case COSEM_APDU_ACTION_REQUEST:
#if COSEM_WITH_ACCESS
    case COSEM_APDU_ACCESS_REQUEST:
#endif
#if COSEM_WITH_SN
    case COSEM_APDU_READ_REQUEST:
    case COSEM_APDU_WRITE_REQUEST:
    case COSEM_APDU_UNCONFIRMED_WRITE_REQUEST:
#endif
        handle_service(a, apdu, len, w);
        break;
#if COSEM_WITH_GBT
    case COSEM_APDU_GENERAL_BLOCK_TRANSFER:
        if (a->state_ != COSEM_ASSOC_ASSOCIATED ||
            (a->conformance_ & COSEM_CONF_GENERAL_BLOCK_TRANSFER) == 0u) {
            cosem_srv_refuse(a, w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED,
                             COSEM_SERVICE_ERROR_NOT_SUPPORTED);
        } else {
            cosem_srv_gbt(a, apdu, len, w);
        }
        break;
#endif
    default:
        cosem_srv_refuse(a, w, COSEM_STATE_ERROR_SERVICE_UNKNOWN,
                         COSEM_SERVICE_ERROR_NOT_SUPPORTED);
        break;
    }
}

#if COSEM_WITH_GBT
/* Octets a general-block-transfer head takes at most: E0, block-control,
 * block-number, block-number-ack, a 3-octet length. */
#define GBT_HEAD 9u

/* A request that came whole in general-block-transfer blocks, at the end
 * of buf_ (cosem_srv_gbt()): it becomes the request to serve, its response
 * written GBT_HEAD octets into out so that gbt_wrap() can put it in a GBT
 * block. *ack gets the request's last block, *own our last block number. */
static void gbt_take(cosem_assoc_t *a, uint8_t *out, size_t cap, cosem_axdr_writer_t *w,
                     const uint8_t **apdu, size_t *len, uint16_t *ack, uint16_t *own)
{
    *len = a->xfer_len_;
    *apdu = a->buf_ + a->cap_ - *len;
    *ack = a->gbt_peer_;
    *own = a->gbt_sent_;
    a->xfer_ = COSEM_XFER_NONE;
    a->xfer_len_ = 0;
    a->xfer_block_ = 0;
    cosem_axdr_writer_init(w, out + GBT_HEAD, cap > GBT_HEAD ? cap - GBT_HEAD : 0u);
}

/* The response to such a request, in w at out + GBT_HEAD, goes back as one
 * GBT block (last, window 1, numbered on from our acknowledgements, naming
 * the request's last block) unless it already is one (a long GET answer in
 * GBT blocks). */
static void gbt_wrap(uint8_t *out, size_t cap, cosem_axdr_writer_t *w, uint16_t ack, uint16_t own)
{
    size_t n = cosem_axdr_writer_status(w) == COSEM_OK ? cosem_axdr_writer_len(w) : 0u, h;
    uint8_t head[GBT_HEAD];
    cosem_axdr_writer_t hw;
    cosem_axdr_writer_init(&hw, head, sizeof head);
    if (n > 0u && out[GBT_HEAD] != COSEM_APDU_GENERAL_BLOCK_TRANSFER) {
        cosem_gbt_t g;
        memset(&g, 0, sizeof g);
        g.last = true;
        g.window = 1;
        g.block = (uint16_t)(own + 1u);
        g.ack = ack;
        cosem_gbt_encode_head(&hw, &g, n);
    }
    h = cosem_axdr_writer_len(&hw);
    cosem_mem_move(out + h, out + GBT_HEAD, n);
    memcpy(out, head, h);
    cosem_srv_writer_resume(w, out, cap, h + n);
}
#endif

/* The plain APDU path of cosem_assoc_handle() (the security layer calls it
 * with the deciphered request). */
#if !COSEM_WITH_SECURITY
static
#endif
cosem_status_t cosem_srv_handle_plain(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                                      uint8_t *out, size_t cap, size_t *out_len)
{
    cosem_axdr_writer_t w;
    bool lean;
    cosem_axdr_writer_init(&w, out, cap);
    lean = cosem_srv_get_lean(a, apdu, len, &w); /* confirmed, by its conditions */
    if (lean) {
        /* served */
    } else if (len == 0u) {
        cosem_srv_refuse(a, &w, COSEM_STATE_ERROR_SERVICE_UNKNOWN,
                         COSEM_SERVICE_ERROR_OTHER_REASON);
    } else {
#if COSEM_WITH_GBT
        bool gbt = false;
        uint16_t ack = 0, own = 0;
        for (;;) {
            dispatch(a, apdu, len, &w);
            if (a->xfer_ == COSEM_XFER_GBT_DONE && !gbt) {
                /* a request whole from its GBT blocks: served now (one
                 * dispatch call site, no recursion) */
                gbt_take(a, out, cap, &w, &apdu, &len, &ack, &own);
                gbt = true;
                continue;
            }
            break;
        }
        if (gbt) {
            if (a->xfer_ == COSEM_XFER_GBT_DONE) {
                cosem_srv_xfer_abort(a); /* GBT blocks inside GBT blocks: no */
            }
            gbt_wrap(out, cap, &w, ack, own);
        }
#else
        dispatch(a, apdu, len, &w);
#endif
    }
    if (cosem_axdr_writer_status(&w) != COSEM_OK) {
        /* The answer did not fit the caller's buffer. */
        cosem_axdr_writer_init(&w, out, cap);
        cosem_srv_refuse(a, &w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED,
                         COSEM_SERVICE_ERROR_PDU_TOO_LONG);
    }
    if (cosem_axdr_writer_status(&w) == COSEM_OK && (lean || !unconfirmed(apdu, len))) {
        *out_len = cosem_axdr_writer_len(&w);
    }
    return COSEM_OK;
}

/* Handle one APDU and write the response, if any. */
cosem_status_t cosem_assoc_handle(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                                  uint8_t *out, size_t cap, size_t *out_len)
{
    if (out_len != NULL) {
        *out_len = 0;
    }
    if (a == NULL || (apdu == NULL && len != 0u) || out == NULL || out_len == NULL) {
        return COSEM_E_ARG;
    }
    if (a->cfg_ == NULL) {
        return COSEM_E_STATE;
    }
#if COSEM_WITH_SECURITY
    if (len > 0u && cosem_srv_sec_ciphered(apdu[0])) {
        return cosem_srv_sec_handle(a, apdu, len, out, cap, out_len);
    }
#endif
    return cosem_srv_handle_plain(a, apdu, len, out, cap, out_len);
}

/* An APDU from outside any connection: unconfirmed normal services on an
 * associated (pre-established) association only; nothing else runs. */
cosem_status_t cosem_assoc_handle_connectionless(cosem_assoc_t *a, const uint8_t *apdu,
                                                 size_t len, uint8_t *scratch, size_t cap)
{
    size_t n = 0;
    if (a == NULL || apdu == NULL || scratch == NULL) {
        return COSEM_E_ARG;
    }
    if (a->cfg_ == NULL || a->state_ != COSEM_ASSOC_ASSOCIATED || !unconfirmed(apdu, len) ||
        apdu[1] != (uint8_t)COSEM_GET_NORMAL) { /* the normal form of each service */
        return COSEM_E_DENIED;
    }
    return cosem_assoc_handle(a, apdu, len, scratch, cap, &n);
}

/* State of the association. */
cosem_assoc_state_t cosem_assoc_state(const cosem_assoc_t *a)
{
    return a != NULL ? (cosem_assoc_state_t)a->state_ : COSEM_ASSOC_IDLE;
}

/* Negotiated conformance, 0 when not associated. */
uint32_t cosem_assoc_conformance(const cosem_assoc_t *a)
{
    return (a != NULL && a->state_ == COSEM_ASSOC_ASSOCIATED) ? a->conformance_ : 0u;
}

/* Configuration in use. */
const cosem_assoc_config_t *cosem_assoc_config(const cosem_assoc_t *a)
{
    return a != NULL ? a->cfg_ : NULL;
}

#else
typedef int cosem_assoc_empty_t;
#endif
