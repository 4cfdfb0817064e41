/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the ACSE codec (include/cosem/apdu.h, ACSE and initiate
 * sections): the input goes to every decoder (AARQ, AARE, RLRQ, RLRE,
 * InitiateRequest, InitiateResponse, confirmedServiceError). Oracles (abort()
 * on violation):
 *  - each decoder returns a status apdu.h documents for decoders;
 *  - round trip: whatever decodes is encoded again (a sizing writer and a
 *    real one agree on the length), the encoding decodes to an equal
 *    structure (slices compared by content), and encoding that structure
 *    gives the same bytes again (the canonical form is a fixed point);
 *  - an encoder given one octet less than it needs fails with NOSPACE;
 *  - a confirmedServiceError initiate (0E 01 06 0..4) re-encodes to the input;
 *  - the user-information of a decoded AARQ/AARE/RLRQ goes through the
 *    InitiateRequest/InitiateResponse decoders too. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/apdu.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Which APDU a round trip handles. */
typedef enum { K_AARQ, K_AARE, K_RLRQ, K_RLRE, K_IREQ, K_IRES } kind_t;

/* Any decoded structure. */
typedef union {
    cosem_aarq_t aarq;
    cosem_aare_t aare;
    cosem_release_t rel;
    cosem_initiate_request_t ireq;
    cosem_initiate_response_t ires;
} any_t;

/* Aborts when a checked property does not hold. */
static void require(bool ok)
{
    if (!ok) {
        abort();
    }
}

/* The statuses apdu.h allows a decoder to return. */
static bool documented(cosem_status_t st)
{
    return st == COSEM_OK || st == COSEM_E_TRUNCATED || st == COSEM_E_MALFORMED ||
           st == COSEM_E_UNSUPPORTED || st == COSEM_E_TRAILING || st == COSEM_E_DEPTH;
}

static cosem_status_t decode(kind_t k, const uint8_t *p, size_t n, any_t *out)
{
    memset(out, 0x5A, sizeof *out); /* decoders must set every field */
    switch (k) {
    case K_AARQ:
        return cosem_aarq_decode(p, n, &out->aarq);
    case K_AARE:
        return cosem_aare_decode(p, n, &out->aare);
    case K_RLRQ:
        return cosem_rlrq_decode(p, n, &out->rel);
    case K_RLRE:
        return cosem_rlre_decode(p, n, &out->rel);
    case K_IREQ:
        return cosem_initiate_request_decode(p, n, &out->ireq);
    default:
        return cosem_initiate_response_decode(p, n, &out->ires);
    }
}

static cosem_status_t encode(kind_t k, cosem_axdr_writer_t *w, const any_t *in)
{
    switch (k) {
    case K_AARQ:
        return cosem_aarq_encode(w, &in->aarq);
    case K_AARE:
        return cosem_aare_encode(w, &in->aare);
    case K_RLRQ:
        return cosem_rlrq_encode(w, &in->rel);
    case K_RLRE:
        return cosem_rlre_encode(w, &in->rel);
    case K_IREQ:
        return cosem_initiate_request_encode(w, &in->ireq);
    default:
        return cosem_initiate_response_encode(w, &in->ires);
    }
}

static bool slice_eq(const cosem_slice_t *a, const cosem_slice_t *b)
{
    if ((a->p == NULL) != (b->p == NULL)) {
        return false;
    }
    return a->p == NULL || (a->len == b->len && memcmp(a->p, b->p, a->len) == 0);
}

static bool aarq_eq(const cosem_aarq_t *a, const cosem_aarq_t *b)
{
    return a->app_context == b->app_context && slice_eq(&a->called_ap_title, &b->called_ap_title) &&
           slice_eq(&a->calling_ap_title, &b->calling_ap_title) &&
           slice_eq(&a->calling_ae_qualifier, &b->calling_ae_qualifier) &&
           a->authentication == b->authentication && a->has_mechanism == b->has_mechanism &&
           (!a->has_mechanism || a->mechanism == b->mechanism) &&
           slice_eq(&a->auth_value, &b->auth_value) && slice_eq(&a->user_info, &b->user_info);
}

static bool aare_eq(const cosem_aare_t *a, const cosem_aare_t *b)
{
    return a->app_context == b->app_context && a->result == b->result &&
           a->diag_source == b->diag_source && a->diagnostic == b->diagnostic &&
           slice_eq(&a->responding_ap_title, &b->responding_ap_title) &&
           a->authentication == b->authentication && a->has_mechanism == b->has_mechanism &&
           (!a->has_mechanism || a->mechanism == b->mechanism) &&
           slice_eq(&a->auth_value, &b->auth_value) && slice_eq(&a->user_info, &b->user_info);
}

static bool equal(kind_t k, const any_t *a, const any_t *b)
{
    switch (k) {
    case K_AARQ:
        return aarq_eq(&a->aarq, &b->aarq);
    case K_AARE:
        return aare_eq(&a->aare, &b->aare);
    case K_RLRQ:
    case K_RLRE:
        return a->rel.has_reason == b->rel.has_reason &&
               (!a->rel.has_reason || a->rel.reason == b->rel.reason) &&
               slice_eq(&a->rel.user_info, &b->rel.user_info);
    case K_IREQ:
        return slice_eq(&a->ireq.dedicated_key, &b->ireq.dedicated_key) &&
               a->ireq.response_allowed == b->ireq.response_allowed &&
               a->ireq.has_qos == b->ireq.has_qos && (!a->ireq.has_qos || a->ireq.qos == b->ireq.qos) &&
               a->ireq.dlms_version == b->ireq.dlms_version &&
               a->ireq.conformance == b->ireq.conformance && a->ireq.max_pdu == b->ireq.max_pdu;
    default:
        return a->ires.has_qos == b->ires.has_qos && (!a->ires.has_qos || a->ires.qos == b->ires.qos) &&
               a->ires.dlms_version == b->ires.dlms_version &&
               a->ires.conformance == b->ires.conformance && a->ires.max_pdu == b->ires.max_pdu &&
               a->ires.vaa_name == b->ires.vaa_name;
    }
}

/* Encodes a decoded structure into a fresh heap block of exactly the sized
 * length (so ASan sees any overrun); returns it and its length. */
static uint8_t *encode_exact(kind_t k, const any_t *in, size_t *len)
{
    cosem_axdr_writer_t w;
    uint8_t *buf;
    cosem_axdr_writer_init_sizing(&w);
    require(encode(k, &w, in) == COSEM_OK);
    *len = cosem_axdr_writer_len(&w);
    buf = malloc(*len ? *len : 1);
    require(buf != NULL);
    if (*len > 0) {
        cosem_axdr_writer_init(&w, buf, *len - 1);
        require(encode(k, &w, in) == COSEM_E_NOSPACE);
    }
    cosem_axdr_writer_init(&w, buf, *len);
    require(encode(k, &w, in) == COSEM_OK && cosem_axdr_writer_len(&w) == *len);
    return buf;
}

/* Decode, and for what decodes: encode, decode again, compare, re-encode. */
static void round_trip(kind_t k, const uint8_t *data, size_t size)
{
    any_t a, b;
    uint8_t *e1, *e2;
    size_t n1, n2;
    cosem_status_t st = decode(k, data, size, &a);
    require(documented(st));
    if (st != COSEM_OK) {
        return;
    }
    e1 = encode_exact(k, &a, &n1);
    require(decode(k, e1, n1, &b) == COSEM_OK);
    require(equal(k, &a, &b));
    e2 = encode_exact(k, &b, &n2);
    require(n1 == n2 && memcmp(e1, e2, n1) == 0);
    free(e2);
    free(e1);
}

/* The xDLMS APDU inside a user-information field, through both decoders. */
static void user_info(const cosem_slice_t *ui)
{
    if (ui->p != NULL) {
        round_trip(K_IREQ, ui->p, ui->len);
        round_trip(K_IRES, ui->p, ui->len);
    }
}

/* confirmedServiceError: documented status; initiate errors re-encode. */
static void service_error(const uint8_t *data, size_t size)
{
    uint8_t s = 0, c = 0, v = 0, out[4];
    cosem_axdr_writer_t w;
    cosem_status_t st = cosem_confirmed_service_error_decode(data, size, &s, &c, &v);
    require(documented(st));
    if (st == COSEM_OK && s == 1 && c == 6 && v <= COSEM_INITIATE_ERROR_REFUSED_BY_VDE_HANDLER) {
        cosem_axdr_writer_init(&w, out, sizeof out);
        require(cosem_initiate_error_encode(&w, (cosem_initiate_error_t)v) == COSEM_OK);
        require(size == 4 && memcmp(out, data, 4) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    any_t a;
    kind_t k;
    for (k = K_AARQ; k <= K_IRES; k = (kind_t)(k + 1)) {
        round_trip(k, data, size);
    }
    service_error(data, size);
    if (cosem_aarq_decode(data, size, &a.aarq) == COSEM_OK) {
        user_info(&a.aarq.user_info);
    }
    if (cosem_aare_decode(data, size, &a.aare) == COSEM_OK) {
        user_info(&a.aare.user_info);
    }
    if (cosem_rlrq_decode(data, size, &a.rel) == COSEM_OK) {
        user_info(&a.rel.user_info);
    }
    return 0;
}
