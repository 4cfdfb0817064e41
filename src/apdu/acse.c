/* SPDX-License-Identifier: Apache-2.0 */
/* ACSE APDUs (AARQ, AARE, RLRQ, RLRE; BER, IEC 62056-5-3 clause 8 and the
 * ACSE ASN.1 of ISO/IEC 15954) and the xDLMS APDUs they carry in their
 * user-information (InitiateRequest, InitiateResponse, confirmedServiceError;
 * A-XDR). Decoders are liberal about field order and skip optional fields
 * they do not know; encoders write the fields in the order of the ASN.1
 * (ascending context tag numbers), which is also the order deployed clients
 * and servers use. Decoded slices point into the caller's APDU. */
#include <cosem/config.h>

#if COSEM_WITH_SERVER || COSEM_WITH_CLIENT

#include <stddef.h>
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/apdu.h>
#include <cosem/ber.h>

#include "../config_check.h"

/* Context-specific identifiers: constructed [n] and primitive [n]. */
#define CTX_C(n) (COSEM_BER_CONTEXT | COSEM_BER_CONSTRUCTED | (n))
#define CTX_P(n) (COSEM_BER_CONTEXT | (n))

/* ACSE fields (tag numbers of the AARQ/AARE/RLRQ/RLRE ASN.1). */
#define T_CONTEXT CTX_C(1u)         /* application-context-name */
#define T_CALLED_TITLE CTX_C(2u)    /* AARQ called-AP-title */
#define T_RESULT CTX_C(2u)          /* AARE result */
#define T_DIAGNOSTIC CTX_C(3u)      /* AARE result-source-diagnostic */
#define T_RESP_TITLE CTX_C(4u)      /* AARE responding-AP-title */
#define T_CALLING_TITLE CTX_C(6u)   /* AARQ calling-AP-title */
#define T_CALLING_AEQ CTX_C(7u)     /* AARQ calling-AE-qualifier */
#define T_RESP_REQ CTX_P(8u)        /* AARE responder-acse-requirements */
#define T_RESP_MECH CTX_P(9u)       /* AARE mechanism-name */
#define T_RESP_AUTH CTX_C(10u)      /* AARE responding-authentication-value */
#define T_SENDER_REQ CTX_P(10u)     /* AARQ sender-acse-requirements */
#define T_MECH CTX_P(11u)           /* AARQ mechanism-name */
#define T_CALLING_AUTH CTX_C(12u)   /* AARQ calling-authentication-value */
#define T_REASON CTX_P(0u)          /* RLRQ/RLRE reason */
#define T_USER_INFO CTX_C(30u)      /* user-information */
#define T_CHARSTRING CTX_P(0u)      /* Authentication-value charstring [0] */

/* The A-XDR encoding of Conformance, [APPLICATION 31] IMPLICIT BIT STRING
 * (SIZE(24)): identifier 5F 1F, length 4, no unused bits. */
static const uint8_t conformance_head[4] = {0x5Fu, 0x1Fu, 0x04u, 0x00u};

/* OID contents of 2.16.756.5.8.1 (application context names) and
 * 2.16.756.5.8.2 (mechanism names) without their last arc (Green Book). */
#define OID_PREFIX_LEN 6u
static const uint8_t oid_context[OID_PREFIX_LEN] = {0x60u, 0x85u, 0x74u, 0x05u, 0x08u, 0x01u};
static const uint8_t oid_mechanism[OID_PREFIX_LEN] = {0x60u, 0x85u, 0x74u, 0x05u, 0x08u, 0x02u};

/* Largest last arc that fits in the one octet the codec handles. */
#define OID_ARC_MAX 0x7Fu

/* The 24 bits of a conformance block. */
#define CONFORMANCE_MAX 0xFFFFFFul

/* xDLMS ciphered APDU tags: general-glo/ded-ciphering and general-ciphering. */
#define TAG_GENERAL_GLO 0xDBu
#define TAG_GENERAL_CIPHERING 0xDDu
/* glo- and ded- variants of a plain xDLMS tag are plain + 32 and plain + 64. */
#define TAG_GLO_OFFSET 0x20u
#define TAG_DED_OFFSET 0x40u

/* Highest ConfirmedServiceError choice (terminateUpLoad [19]) and ServiceError
 * choice (other [10]) of the xDLMS ASN.1. */
#define CSE_SERVICE_MAX 19u
#define CSE_CHOICE_MAX 10u

/* Field bits of the "seen" mask: one per context tag number. */
#define SEEN(n) (1ul << (n))

/* ---- Decoding helpers -------------------------------------------------- */

/* How a field's content is decoded (field_t.kind); any other kind is the
 * identifier inside an octet-string-like field read into a slice. */
#define K_CONTEXT 1u /* application-context-name into a uint8_t */
#define K_MECH 2u    /* mechanism-name: bool present, then the uint8_t arc */
#define K_REQ 3u     /* ACSE-requirements: bool authentication */
#define K_REASON 5u  /* release reason: bool present, then the uint8_t */
#define K_RESULT 6u  /* AARE result into a uint8_t */
#define K_DIAG 7u    /* AARE result-source-diagnostic: source, diagnostic */

/* One field an APDU's decoder interprets: identifier, kind, and the offset
 * of its member(s) in the output structure. */
typedef struct {
    uint8_t tag;
    uint8_t kind;
    uint8_t off;
} field_t;

/* Decodes one field's content into the output member(s) at o. */
typedef cosem_status_t (*field_fn)(uint8_t *o, uint8_t kind, cosem_axdr_reader_t *content);

/* Records a context tag number in *seen; true if it was there already (a
 * SEQUENCE never carries a field twice, and a repeat would be ambiguous). */
static bool repeated(uint32_t tag, uint32_t *seen)
{
    uint32_t bit;
    if (tag > 0xFFu || (tag & 0xC0u) != COSEM_BER_CONTEXT) {
        return false;
    }
    bit = (uint32_t)SEEN(tag & 0x1Fu);
    if ((*seen & bit) != 0) {
        return true;
    }
    *seen |= bit;
    return false;
}

/* Hands one field to fn when the table (n rows) knows its identifier; a
 * field with the number of a known one but the other primitive/constructed
 * form is malformed, an unknown one is skipped. */
static cosem_status_t field(const field_t *t, size_t n, field_fn fn, void *out, uint32_t tag,
                            cosem_axdr_reader_t *c)
{
    for (; n != 0; n--, t++) {
        if (tag == t->tag) {
            return fn((uint8_t *)out + t->off, t->kind, c);
        }
        if (((tag ^ t->tag) & ~(uint32_t)COSEM_BER_CONSTRUCTED) == 0) {
            return COSEM_E_MALFORMED;
        }
    }
    return COSEM_OK;
}

/* Walks the fields of the ACSE APDU `apdu_tag len fields...` in any order,
 * handing each to field(). Input that ends inside the APDU is TRUNCATED; an
 * element running past its parent inside a complete APDU is MALFORMED. */
static cosem_status_t walk(const uint8_t *apdu, size_t len, uint8_t apdu_tag, const field_t *t,
                           size_t n, field_fn fn, void *out, uint32_t *seen)
{
    cosem_axdr_reader_t r, body, c;
    uint32_t tag;
    cosem_status_t st;
    *seen = 0;
    if (len == 0) {
        return COSEM_E_TRUNCATED;
    }
    if (apdu[0] != apdu_tag) {
        return COSEM_E_MALFORMED;
    }
    cosem_axdr_reader_init(&r, apdu, len);
    st = cosem_ber_read_element(&r, &tag, &body);
    while (st == COSEM_OK && cosem_axdr_reader_remaining(&body) > 0) {
        st = cosem_ber_read_element(&body, &tag, &c);
        if (st == COSEM_OK) {
            st = repeated(tag, seen) ? COSEM_E_MALFORMED : field(t, n, fn, out, tag, &c);
        }
        if (st == COSEM_E_TRUNCATED) {
            st = COSEM_E_MALFORMED;
        }
    }
    if (st == COSEM_OK && cosem_axdr_reader_remaining(&r) != 0) {
        st = COSEM_E_TRAILING;
    }
    return st;
}

/* Content that is exactly one element `inner len octets`: the octets. An
 * element with another identifier gives `other` (UNSUPPORTED for a choice
 * this codec does not implement, MALFORMED where no choice exists). */
static cosem_status_t get_wrapped(cosem_axdr_reader_t *c, uint32_t inner, cosem_status_t other,
                                  cosem_slice_t *out)
{
    cosem_axdr_reader_t v;
    uint32_t tag = 0;
    size_t n;
    if (cosem_ber_read_element(c, &tag, &v) != COSEM_OK) {
        return COSEM_E_MALFORMED;
    }
    if (cosem_axdr_reader_remaining(c) != 0) {
        return COSEM_E_MALFORMED;
    }
    if (tag != inner) {
        return other;
    }
    n = cosem_axdr_reader_remaining(&v);
    out->len = n;
    return cosem_axdr_get_bytes(&v, n, &out->p);
}

/* The last arc of an OID content `prefix x` (x one octet); any other OID is
 * one this codec does not support. */
static cosem_status_t get_oid_arc(const cosem_slice_t *oid, const uint8_t *prefix, uint8_t *arc)
{
    if (oid->len != OID_PREFIX_LEN + 1u || cosem_mem_cmp(oid->p, prefix, OID_PREFIX_LEN) != 0 ||
        oid->p[OID_PREFIX_LEN] > OID_ARC_MAX) {
        return COSEM_E_UNSUPPORTED;
    }
    *arc = oid->p[OID_PREFIX_LEN];
    return COSEM_OK;
}

/* An INTEGER content of 0..max (result, diagnostic, release reason; max
 * below 0x100): 1..4 octets, the first without the sign bit, all but the
 * last zero (what cosem_ber_get_int() reads as 0..max). */
static cosem_status_t get_small_int(cosem_axdr_reader_t *c, uint8_t max, uint8_t *v)
{
    size_t n = cosem_axdr_reader_remaining(c);
    const uint8_t *p = NULL;
    if (n == 0 || n > 4u || cosem_axdr_get_bytes(c, n, &p) != COSEM_OK || (p[0] & 0x80u) != 0) {
        return COSEM_E_MALFORMED;
    }
    for (; n > 1u; n--, p++) {
        if (*p != 0) {
            return COSEM_E_MALFORMED;
        }
    }
    if (*p > max) {
        return COSEM_E_MALFORMED;
    }
    *v = *p;
    return COSEM_OK;
}

/* A constructed field holding one INTEGER: `02 len value` (AARE result). */
static cosem_status_t get_wrapped_int(cosem_axdr_reader_t *c, uint8_t max, uint8_t *v)
{
    cosem_slice_t s = {NULL, 0};
    cosem_axdr_reader_t r;
    cosem_status_t st = get_wrapped(c, COSEM_BER_TAG_INTEGER, COSEM_E_MALFORMED, &s);
    if (st != COSEM_OK) {
        return st;
    }
    cosem_axdr_reader_init(&r, s.p, s.len);
    return get_small_int(&r, max, v);
}

/* ACSE-requirements BIT STRING content: unused-bits octet then the bits;
 * bit 0 (the first) is "authentication". */
static cosem_status_t get_requirements(cosem_axdr_reader_t *c, bool *auth)
{
    size_t n = cosem_axdr_reader_remaining(c);
    const uint8_t *p = NULL;
    if (n == 0 || cosem_axdr_get_bytes(c, n, &p) != COSEM_OK || p[0] > 7u ||
        (n == 1u && p[0] != 0)) {
        return COSEM_E_MALFORMED;
    }
    *auth = n > 1u && (p[1] & 0x80u) != 0;
    return COSEM_OK;
}

/* result-source-diagnostic: a CHOICE of acse-service-user [1] and
 * acse-service-provider [2], each holding one INTEGER. */
static cosem_status_t get_diagnostic(cosem_axdr_reader_t *c, uint8_t *source, uint8_t *diag)
{
    cosem_axdr_reader_t v;
    uint32_t tag = 0;
    if (cosem_ber_read_element(c, &tag, &v) != COSEM_OK || cosem_axdr_reader_remaining(c) != 0) {
        return COSEM_E_MALFORMED;
    }
    if (tag != CTX_C(COSEM_DIAG_SERVICE_USER) && tag != CTX_C(COSEM_DIAG_SERVICE_PROVIDER)) {
        return COSEM_E_MALFORMED;
    }
    *source = (uint8_t)(tag & 0x1Fu);
    return get_wrapped_int(&v, 0xFF, diag);
}

/* ---- AARQ / AARE / RLRQ / RLRE decoders --------------------------------- */

#define AT(type, member) ((uint8_t)offsetof(type, member))

/* The fields each decoder interprets; protocol-version and unknown optional
 * fields are skipped. */
static const field_t aarq_fields[] = {
    {T_CONTEXT, K_CONTEXT, AT(cosem_aarq_t, app_context)},
    {T_CALLED_TITLE, COSEM_BER_TAG_OCTET_STRING, AT(cosem_aarq_t, called_ap_title)},
    {T_CALLING_TITLE, COSEM_BER_TAG_OCTET_STRING, AT(cosem_aarq_t, calling_ap_title)},
    {T_CALLING_AEQ, COSEM_BER_TAG_OCTET_STRING, AT(cosem_aarq_t, calling_ae_qualifier)},
    {T_SENDER_REQ, K_REQ, AT(cosem_aarq_t, authentication)},
    {T_MECH, K_MECH, AT(cosem_aarq_t, has_mechanism)},
    {T_CALLING_AUTH, T_CHARSTRING, AT(cosem_aarq_t, auth_value)},
    {T_USER_INFO, COSEM_BER_TAG_OCTET_STRING, AT(cosem_aarq_t, user_info)},
};
static const field_t aare_fields[] = {
    {T_CONTEXT, K_CONTEXT, AT(cosem_aare_t, app_context)},
    {T_RESULT, K_RESULT, AT(cosem_aare_t, result)},
    {T_DIAGNOSTIC, K_DIAG, AT(cosem_aare_t, diag_source)},
    {T_RESP_TITLE, COSEM_BER_TAG_OCTET_STRING, AT(cosem_aare_t, responding_ap_title)},
    {T_RESP_REQ, K_REQ, AT(cosem_aare_t, authentication)},
    {T_RESP_MECH, K_MECH, AT(cosem_aare_t, has_mechanism)},
    {T_RESP_AUTH, T_CHARSTRING, AT(cosem_aare_t, auth_value)},
    {T_USER_INFO, COSEM_BER_TAG_OCTET_STRING, AT(cosem_aare_t, user_info)},
};
static const field_t release_fields[] = {
    {T_REASON, K_REASON, AT(cosem_release_t, has_reason)},
    {T_USER_INFO, COSEM_BER_TAG_OCTET_STRING, AT(cosem_release_t, user_info)},
};

/* The members a mechanism name, a diagnostic and a release reason fill: a
 * first octet, then a uint8_t right after it (table rows point at the
 * first); checked at compile time (an array of negative size otherwise). */
#define AFTER(type, first, second, name) \
    typedef char name[offsetof(type, second) == offsetof(type, first) + 1u ? 1 : -1]
AFTER(cosem_aarq_t, has_mechanism, mechanism, aarq_mechanism_after_flag);
AFTER(cosem_aare_t, has_mechanism, mechanism, aare_mechanism_after_flag);
AFTER(cosem_aare_t, diag_source, diagnostic, aare_diagnostic_after_source);
AFTER(cosem_release_t, has_reason, reason, release_reason_after_flag);

/* Member offsets (AT()) and structure sizes (apdu_t.size) are kept in a
 * uint8_t: every decoded structure must stay within 255 octets. */
#define FITS_OCTET(type, name) typedef char name[sizeof(type) <= 0xFFu ? 1 : -1]
FITS_OCTET(cosem_aarq_t, aarq_fits_octet);
FITS_OCTET(cosem_aare_t, aare_fits_octet);
FITS_OCTET(cosem_release_t, release_fits_octet);

/* One AARQ, RLRQ or RLRE field into the member(s) at o. The OIDs end in
 * get_oid_arc(): application-context-name `06 len OID` of 2.16.756.5.8.1.x,
 * mechanism-name an IMPLICIT OID (the content is the OID itself) of
 * 2.16.756.5.8.2.x. */
static cosem_status_t get_field(uint8_t *o, uint8_t kind, cosem_axdr_reader_t *c)
{
    cosem_slice_t oid = {NULL, 0};
    const uint8_t *prefix = oid_context;
    cosem_status_t st;
    switch (kind) {
    case K_CONTEXT:
        st = get_wrapped(c, COSEM_BER_TAG_OID, COSEM_E_UNSUPPORTED, &oid);
        break;
    case K_MECH:
        oid.len = cosem_axdr_reader_remaining(c);
        if (cosem_axdr_get_bytes(c, oid.len, &oid.p) != COSEM_OK) {
            return COSEM_E_MALFORMED;
        }
        *(bool *)(void *)o = true;
        o++;
        prefix = oid_mechanism;
        st = COSEM_OK;
        break;
    case K_REQ:
        return get_requirements(c, (bool *)(void *)o);
    case K_REASON:
        *(bool *)(void *)o = true;
        return get_small_int(c, 0xFF, o + 1);
    default:
        return get_wrapped(c, kind, COSEM_E_UNSUPPORTED, (cosem_slice_t *)(void *)o);
    }
    return st != COSEM_OK ? st : get_oid_arc(&oid, prefix, o);
}

/* One AARE field: result and diagnostic here, the others as in an AARQ. */
static cosem_status_t aare_field(uint8_t *o, uint8_t kind, cosem_axdr_reader_t *c)
{
    if (kind == K_RESULT) {
        return get_wrapped_int(c, COSEM_ASSOC_REJECTED_TRANSIENT, o);
    }
    if (kind == K_DIAG) {
        return get_diagnostic(c, o, o + 1);
    }
    return get_field(o, kind, c);
}

/* What one decoder reads: APDU tag, field table, field decoder, size of
 * the output structure, the context tag numbers of the mandatory fields. */
typedef struct {
    const field_t *fields;
    field_fn fn;
    uint32_t need;
    uint8_t rows;
    uint8_t tag;
    uint8_t size;
} apdu_t;

#define ROWS(t) ((uint8_t)(sizeof(t) / sizeof((t)[0])))

static const apdu_t aarq_apdu = {aarq_fields, get_field, (uint32_t)SEEN(1), ROWS(aarq_fields),
                                 COSEM_APDU_AARQ, (uint8_t)sizeof(cosem_aarq_t)};
static const apdu_t aare_apdu = {aare_fields, aare_field, (uint32_t)(SEEN(1) | SEEN(2) | SEEN(3)),
                                 ROWS(aare_fields), COSEM_APDU_AARE,
                                 (uint8_t)sizeof(cosem_aare_t)};
static const apdu_t rlrq_apdu = {release_fields, get_field, 0u, ROWS(release_fields),
                                 COSEM_APDU_RLRQ, (uint8_t)sizeof(cosem_release_t)};
static const apdu_t rlre_apdu = {release_fields, get_field, 0u, ROWS(release_fields),
                                 COSEM_APDU_RLRE, (uint8_t)sizeof(cosem_release_t)};

/* Clears *out and walks the APDU with d's table; fields whose context tag
 * numbers are in d->need are mandatory. */
static cosem_status_t decode(const uint8_t *apdu, size_t len, const apdu_t *d, void *out)
{
    uint32_t seen;
    cosem_status_t st;
    if (out == NULL || (apdu == NULL && len != 0)) {
        return COSEM_E_ARG;
    }
    memset(out, 0, d->size);
    st = walk(apdu, len, d->tag, d->fields, d->rows, d->fn, out, &seen);
    if (st == COSEM_OK && (seen & d->need) != d->need) {
        st = COSEM_E_MALFORMED;
    }
    return st;
}

/* AARQ: fields in any order; the application context name is mandatory. */
cosem_status_t cosem_aarq_decode(const uint8_t *apdu, size_t len, cosem_aarq_t *out)
{
    return decode(apdu, len, &aarq_apdu, out);
}

/* AARE: context name, result and result-source-diagnostic are mandatory. */
cosem_status_t cosem_aare_decode(const uint8_t *apdu, size_t len, cosem_aare_t *out)
{
    return decode(apdu, len, &aare_apdu, out);
}

/* RLRQ (0x62); `62 00` is a valid release request. Every field is optional. */
cosem_status_t cosem_rlrq_decode(const uint8_t *apdu, size_t len, cosem_release_t *out)
{
    return decode(apdu, len, &rlrq_apdu, out);
}

/* RLRE (0x63), the same body. */
cosem_status_t cosem_rlre_decode(const uint8_t *apdu, size_t len, cosem_release_t *out)
{
    return decode(apdu, len, &rlre_apdu, out);
}

/* ---- Encoding helpers ---------------------------------------------------- */

/* `outer { inner len octets }` when the slice is present (p non-NULL). */
static void put_wrapped(cosem_axdr_writer_t *w, uint32_t outer, uint32_t inner,
                        const cosem_slice_t *s)
{
    size_t mark;
    if (s->p == NULL) {
        return;
    }
    mark = cosem_ber_begin(w, outer);
    cosem_ber_write_bytes(w, inner, s->p, s->len);
    cosem_ber_end(w, mark);
}

/* An OID content `prefix arc` under identifier tag (06, or an IMPLICIT one). */
static void put_oid(cosem_axdr_writer_t *w, uint32_t tag, const uint8_t *prefix, uint8_t arc)
{
    cosem_ber_write_tl(w, tag, OID_PREFIX_LEN + 1u);
    cosem_axdr_put_bytes(w, prefix, OID_PREFIX_LEN);
    cosem_axdr_put_u8(w, arc);
}

/* application-context-name [1] { 06 07 60 85 74 05 08 01 ctx }. */
static void put_context(cosem_axdr_writer_t *w, uint8_t ctx)
{
    size_t mark = cosem_ber_begin(w, T_CONTEXT);
    put_oid(w, COSEM_BER_TAG_OID, oid_context, ctx);
    cosem_ber_end(w, mark);
}

/* ACSE-requirements with only the authentication bit: `tag 02 07 80`. */
static void put_requirements(cosem_axdr_writer_t *w, uint32_t tag, bool auth)
{
    static const uint8_t authentication = 0x80u;
    if (auth) {
        cosem_ber_write_bits(w, tag, &authentication, 1);
    }
}

/* A constructed field holding one INTEGER: `tag { 02 len v }`. */
static void put_wrapped_int(cosem_axdr_writer_t *w, uint32_t tag, uint8_t v)
{
    size_t mark = cosem_ber_begin(w, tag);
    cosem_ber_write_int(w, COSEM_BER_TAG_INTEGER, v);
    cosem_ber_end(w, mark);
}

/* Common argument checks of the encoders: a writer (else COSEM_E_ARG), an
 * input (else COSEM_E_ARG recorded in the writer), no earlier error. */
static cosem_status_t check_args(cosem_axdr_writer_t *w, const void *in)
{
    if (w == NULL) {
        return COSEM_E_ARG;
    }
    if (in == NULL) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    return cosem_axdr_writer_status(w);
}

/* ---- AARQ / AARE / RLRQ / RLRE encoders --------------------------------- */

/* AARQ in ASN.1 order: context, called/calling titles, calling AE qualifier,
 * sender-acse-requirements, mechanism, authentication value, user-info. */
cosem_status_t cosem_aarq_encode(cosem_axdr_writer_t *w, const cosem_aarq_t *in)
{
    size_t mark;
    cosem_status_t st = check_args(w, in);
    if (st != COSEM_OK) {
        return st;
    }
    if (in->app_context > OID_ARC_MAX || (in->has_mechanism && in->mechanism > OID_ARC_MAX)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    mark = cosem_ber_begin(w, COSEM_APDU_AARQ);
    put_context(w, in->app_context);
    put_wrapped(w, T_CALLED_TITLE, COSEM_BER_TAG_OCTET_STRING, &in->called_ap_title);
    put_wrapped(w, T_CALLING_TITLE, COSEM_BER_TAG_OCTET_STRING, &in->calling_ap_title);
    put_wrapped(w, T_CALLING_AEQ, COSEM_BER_TAG_OCTET_STRING, &in->calling_ae_qualifier);
    put_requirements(w, T_SENDER_REQ, in->authentication);
    if (in->has_mechanism) {
        put_oid(w, T_MECH, oid_mechanism, in->mechanism);
    }
    put_wrapped(w, T_CALLING_AUTH, T_CHARSTRING, &in->auth_value);
    put_wrapped(w, T_USER_INFO, COSEM_BER_TAG_OCTET_STRING, &in->user_info);
    return cosem_ber_end(w, mark);
}

/* AARE in ASN.1 order: context, result, diagnostic, responding title,
 * responder-acse-requirements, mechanism, authentication value, user-info. */
cosem_status_t cosem_aare_encode(cosem_axdr_writer_t *w, const cosem_aare_t *in)
{
    size_t mark, diag;
    cosem_status_t st = check_args(w, in);
    if (st != COSEM_OK) {
        return st;
    }
    if (in->app_context > OID_ARC_MAX || (in->has_mechanism && in->mechanism > OID_ARC_MAX) ||
        in->result > COSEM_ASSOC_REJECTED_TRANSIENT ||
        (in->diag_source != COSEM_DIAG_SERVICE_USER &&
         in->diag_source != COSEM_DIAG_SERVICE_PROVIDER)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    mark = cosem_ber_begin(w, COSEM_APDU_AARE);
    put_context(w, in->app_context);
    put_wrapped_int(w, T_RESULT, in->result);
    diag = cosem_ber_begin(w, T_DIAGNOSTIC);
    put_wrapped_int(w, CTX_C((uint32_t)in->diag_source), in->diagnostic);
    cosem_ber_end(w, diag);
    put_wrapped(w, T_RESP_TITLE, COSEM_BER_TAG_OCTET_STRING, &in->responding_ap_title);
    put_requirements(w, T_RESP_REQ, in->authentication);
    if (in->has_mechanism) {
        put_oid(w, T_RESP_MECH, oid_mechanism, in->mechanism);
    }
    put_wrapped(w, T_RESP_AUTH, T_CHARSTRING, &in->auth_value);
    put_wrapped(w, T_USER_INFO, COSEM_BER_TAG_OCTET_STRING, &in->user_info);
    return cosem_ber_end(w, mark);
}

/* RLRQ/RLRE body: optional reason [0], optional user-information. */
static cosem_status_t release_encode(cosem_axdr_writer_t *w, uint8_t tag,
                                     const cosem_release_t *in)
{
    size_t mark;
    cosem_status_t st = check_args(w, in);
    if (st != COSEM_OK) {
        return st;
    }
    mark = cosem_ber_begin(w, tag);
    if (in->has_reason) {
        cosem_ber_write_int(w, T_REASON, in->reason);
    }
    put_wrapped(w, T_USER_INFO, COSEM_BER_TAG_OCTET_STRING, &in->user_info);
    return cosem_ber_end(w, mark);
}

/* RLRQ (0x62). */
cosem_status_t cosem_rlrq_encode(cosem_axdr_writer_t *w, const cosem_release_t *in)
{
    return release_encode(w, COSEM_APDU_RLRQ, in);
}

/* RLRE (0x63). */
cosem_status_t cosem_rlre_encode(cosem_axdr_writer_t *w, const cosem_release_t *in)
{
    return release_encode(w, COSEM_APDU_RLRE, in);
}

/* ---- xDLMS InitiateRequest / InitiateResponse / confirmedServiceError ---- */

/* Whether tag is a ciphered form of the plain xDLMS APDU `plain`: its glo-
 * or ded- variant, or one of the general ciphering APDUs. */
static bool ciphered(uint8_t tag, uint8_t plain)
{
    return tag == (uint8_t)(plain + TAG_GLO_OFFSET) || tag == (uint8_t)(plain + TAG_DED_OFFSET) ||
           (tag >= TAG_GENERAL_GLO && tag <= TAG_GENERAL_CIPHERING);
}

/* Opens an xDLMS APDU whose first octet must be `plain`; a ciphered variant
 * is UNSUPPORTED (the security layer unwraps it first). */
static cosem_status_t xdlms_open(cosem_axdr_reader_t *r, const uint8_t *p, size_t len,
                                 uint8_t plain)
{
    uint8_t tag = 0;
    cosem_axdr_reader_init(r, p, len);
    if (cosem_axdr_get_u8(r, &tag) != COSEM_OK || tag == plain) {
        return cosem_axdr_reader_status(r);
    }
    return cosem_axdr_reader_fail(r, ciphered(tag, plain) ? COSEM_E_UNSUPPORTED
                                                          : COSEM_E_MALFORMED);
}

/* A-XDR OPTIONAL/DEFAULT presence octet: 00 absent, 01 present. */
static bool get_present(cosem_axdr_reader_t *r)
{
    uint8_t flag = 0;
    if (cosem_axdr_get_u8(r, &flag) == COSEM_OK && flag > 1u) {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    return flag == 1u; /* a failed read leaves it 0 */
}

/* quality-of-service [0] IMPLICIT Integer8 OPTIONAL. */
static void get_qos(cosem_axdr_reader_t *r, bool *has, int8_t *qos)
{
    uint8_t v = 0;
    *has = get_present(r);
    if (*has && cosem_axdr_get_u8(r, &v) == COSEM_OK) {
        /* two's complement without an implementation-defined conversion */
        *qos = v < 0x80u ? (int8_t)v : (int8_t)((int)v - 0x100);
    }
}

/* Conformance: `5F 1F 04 00` then the 24 bits. */
static void get_conformance(cosem_axdr_reader_t *r, uint32_t *conf)
{
    const uint8_t *p = NULL;
    if (cosem_axdr_get_bytes(r, sizeof conformance_head + 3u, &p) != COSEM_OK) {
        return;
    }
    if (cosem_mem_cmp(p, conformance_head, sizeof conformance_head) != 0) {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        return;
    }
    *conf = (uint32_t)p[4] << 16 | (uint32_t)p[5] << 8 | p[6];
}

/* InitiateRequest: 01, dedicated-key OPTIONAL, response-allowed DEFAULT
 * TRUE, proposed-quality-of-service OPTIONAL, version, conformance, max PDU.
 * After the dedicated key every field has a fixed size: they are read from
 * the octets directly, with the errors the reader gives (the first wins). */
cosem_status_t cosem_initiate_request_decode(const uint8_t *p, size_t len,
                                             cosem_initiate_request_t *out)
{
    cosem_axdr_reader_t r;
    const uint8_t *q;
    size_t n;
    unsigned i;
    if (out == NULL || (p == NULL && len != 0)) {
        return COSEM_E_ARG;
    }
    memset(out, 0, sizeof *out);
    out->response_allowed = true;
    if (len == 0) {
        return COSEM_E_TRUNCATED;
    }
    if (p[0] != COSEM_APDU_INITIATE_REQUEST) { /* ciphered: the security layer unwraps it */
        return ciphered(p[0], COSEM_APDU_INITIATE_REQUEST) ? COSEM_E_UNSUPPORTED
                                                           : COSEM_E_MALFORMED;
    }
    q = p + 1;
    n = len - 1u;
    /* dedicated-key, response-allowed, proposed-quality-of-service: 00, or
     * 01 and the value (the key an A-XDR octet string) */
    for (i = 0; i < 3u; i++) {
        if (n == 0) {
            return COSEM_E_TRUNCATED;
        }
        if (*q > 1u) {
            return COSEM_E_MALFORMED;
        }
        n--;
        if (*q++ == 0) {
            continue;
        }
        if (i == 0) {
            size_t k = 0;
            cosem_axdr_reader_init(&r, q, n);
            cosem_axdr_get_length(&r, &k);
            out->dedicated_key.len = k;
            if (cosem_axdr_get_bytes(&r, k, &out->dedicated_key.p) != COSEM_OK) {
                return r.err;
            }
            q += r.pos;
            n -= r.pos;
            continue;
        }
        if (n == 0) {
            return COSEM_E_TRUNCATED;
        }
        if (i == 1u) {
            out->response_allowed = *q != 0;
        } else {
            out->has_qos = true;
            /* two's complement without an implementation-defined conversion */
            out->qos = *q < 0x80u ? (int8_t)*q : (int8_t)((int)*q - 0x100);
        }
        q++;
        n--;
    }
    /* version, `5F 1F 04 00` and the 24 conformance bits, max PDU size */
    if (n < 1u + sizeof conformance_head + 3u) {
        return COSEM_E_TRUNCATED;
    }
    if (cosem_mem_cmp(q + 1, conformance_head, sizeof conformance_head) != 0) {
        return COSEM_E_MALFORMED;
    }
    if (n < 1u + sizeof conformance_head + 3u + 2u) {
        return COSEM_E_TRUNCATED;
    }
    if (n > 1u + sizeof conformance_head + 3u + 2u) {
        return COSEM_E_TRAILING;
    }
    out->dlms_version = q[0];
    out->conformance = (uint32_t)q[5] << 16 | (uint32_t)q[6] << 8 | q[7];
    out->max_pdu = (uint16_t)(q[8] << 8 | q[9]);
    return COSEM_OK;
}

/* InitiateResponse: 08, negotiated-quality-of-service OPTIONAL, version,
 * conformance, server max receive PDU size, vaa-name. */
cosem_status_t cosem_initiate_response_decode(const uint8_t *p, size_t len,
                                              cosem_initiate_response_t *out)
{
    cosem_axdr_reader_t r;
    if (out == NULL || (p == NULL && len != 0)) {
        return COSEM_E_ARG;
    }
    memset(out, 0, sizeof *out);
    xdlms_open(&r, p, len, COSEM_APDU_INITIATE_RESPONSE);
    get_qos(&r, &out->has_qos, &out->qos);
    cosem_axdr_get_u8(&r, &out->dlms_version);
    get_conformance(&r, &out->conformance);
    cosem_axdr_get_u16(&r, &out->max_pdu);
    cosem_axdr_get_u16(&r, &out->vaa_name);
    return cosem_axdr_reader_expect_end(&r);
}

/* Writes an OPTIONAL Integer8: 00, or 01 and the value. */
static void put_qos(cosem_axdr_writer_t *w, bool has, int8_t qos)
{
    cosem_axdr_put_u8(w, has ? 1u : 0u);
    if (has) {
        cosem_axdr_put_u8(w, (uint8_t)qos);
    }
}

/* Writes `5F 1F 04 00` and the 24 conformance bits. */
static void put_conformance(cosem_axdr_writer_t *w, uint32_t conf)
{
    cosem_axdr_put_bytes(w, conformance_head, sizeof conformance_head);
    cosem_axdr_put_u8(w, (uint8_t)(conf >> 16));
    cosem_axdr_put_u16(w, (uint16_t)conf);
}

/* InitiateRequest; response-allowed TRUE is sent as the DEFAULT (00). */
cosem_status_t cosem_initiate_request_encode(cosem_axdr_writer_t *w,
                                             const cosem_initiate_request_t *in)
{
    cosem_status_t st = check_args(w, in);
    if (st != COSEM_OK) {
        return st;
    }
    if (in->conformance > CONFORMANCE_MAX) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u8(w, COSEM_APDU_INITIATE_REQUEST);
    cosem_axdr_put_u8(w, in->dedicated_key.p != NULL ? 1u : 0u);
    if (in->dedicated_key.p != NULL) {
        cosem_axdr_put_length(w, in->dedicated_key.len);
        cosem_axdr_put_bytes(w, in->dedicated_key.p, in->dedicated_key.len);
    }
    cosem_axdr_put_u8(w, in->response_allowed ? 0u : 1u);
    if (!in->response_allowed) {
        cosem_axdr_put_u8(w, 0);
    }
    put_qos(w, in->has_qos, in->qos);
    cosem_axdr_put_u8(w, in->dlms_version);
    put_conformance(w, in->conformance);
    return cosem_axdr_put_u16(w, in->max_pdu);
}

/* InitiateResponse. */
cosem_status_t cosem_initiate_response_encode(cosem_axdr_writer_t *w,
                                              const cosem_initiate_response_t *in)
{
    cosem_status_t st = check_args(w, in);
    if (st != COSEM_OK) {
        return st;
    }
    if (in->conformance > CONFORMANCE_MAX) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u8(w, COSEM_APDU_INITIATE_RESPONSE);
    put_qos(w, in->has_qos, in->qos);
    cosem_axdr_put_u8(w, in->dlms_version);
    put_conformance(w, in->conformance);
    cosem_axdr_put_u16(w, in->max_pdu);
    return cosem_axdr_put_u16(w, in->vaa_name);
}

/* confirmedServiceError `0E 01 06 err`: initiateError [1], ServiceError
 * initiate [6], the reason. */
cosem_status_t cosem_initiate_error_encode(cosem_axdr_writer_t *w, cosem_initiate_error_t err)
{
    if (w == NULL) {
        return COSEM_E_ARG;
    }
    if ((unsigned)err > (unsigned)COSEM_INITIATE_ERROR_REFUSED_BY_VDE_HANDLER) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u8(w, COSEM_APDU_CONFIRMED_SERVICE_ERROR);
    cosem_axdr_put_u8(w, 1u);
    cosem_axdr_put_u8(w, 6u);
    return cosem_axdr_put_u8(w, (uint8_t)err);
}

/* confirmedServiceError: 0E, ConfirmedServiceError choice (1..19),
 * ServiceError choice (0..10), its enumerated value. */
cosem_status_t cosem_confirmed_service_error_decode(const uint8_t *p, size_t len,
                                                    uint8_t *service, uint8_t *choice,
                                                    uint8_t *value)
{
    cosem_axdr_reader_t r;
    uint8_t s = 0, c = 0, v = 0;
    if (service == NULL || choice == NULL || value == NULL || (p == NULL && len != 0)) {
        return COSEM_E_ARG;
    }
    xdlms_open(&r, p, len, COSEM_APDU_CONFIRMED_SERVICE_ERROR);
    cosem_axdr_get_u8(&r, &s);
    cosem_axdr_get_u8(&r, &c);
    cosem_axdr_get_u8(&r, &v);
    if (cosem_axdr_reader_status(&r) == COSEM_OK &&
        (s == 0 || s > CSE_SERVICE_MAX || c > CSE_CHOICE_MAX)) {
        return COSEM_E_MALFORMED;
    }
    if (cosem_axdr_reader_expect_end(&r) == COSEM_OK) {
        *service = s;
        *choice = c;
        *value = v;
    }
    return cosem_axdr_reader_status(&r);
}

#else
typedef int cosem_acse_empty_t;
#endif /* COSEM_WITH_SERVER || COSEM_WITH_CLIENT */
