/* SPDX-License-Identifier: Apache-2.0 */
/* ACCESS service APDUs (IEC 62056-5-3 9.3.9; Green Book ed. 9 9.4.6.11):
 *   access-request  D9 long-invoke-id(4) date-time(octet string)
 *                   count {kind descriptor [access-selection]} count {Data}
 *   access-response DA long-invoke-id(4) date-time(octet string)
 *                   [request specification: 00 absent, 01 + the items]
 *                   count {Data} count {kind result} */
#include <cosem/apdu.h>

#include "../config_check.h"

#if COSEM_WITH_ACCESS

#include <string.h>

/* One Access-Request-Specification (see the header). */
cosem_status_t cosem_access_read_item(cosem_axdr_reader_t *r, uint8_t *kind,
                                      cosem_attr_ref_t *ref, cosem_selection_t *sel)
{
    const uint8_t *obis = NULL;
    uint8_t id = 0;
    memset(sel, 0, sizeof *sel);
    *kind = 0;
    (void)cosem_axdr_get_u8(r, kind);
    if (*kind == COSEM_ACCESS_GET_SEL || *kind == COSEM_ACCESS_SET_SEL) {
        return cosem_apdu_read_attr_sel(r, ref, sel);
    }
    (void)cosem_axdr_get_u16(r, &ref->class_id);
    (void)cosem_axdr_get_bytes(r, 6, &obis);
    (void)cosem_axdr_get_u8(r, &id);
    if (cosem_axdr_reader_status(r) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    memcpy(ref->obis, obis, 6);
    ref->id = (int8_t)id;
    return *kind >= COSEM_ACCESS_GET && *kind <= COSEM_ACCESS_ACTION ? COSEM_OK
                                                                     : COSEM_E_MALFORMED;
}

/* n items, each read and checked. */
static cosem_status_t skip_items(cosem_axdr_reader_t *r, size_t n)
{
    for (size_t i = 0; i < n && cosem_axdr_reader_status(r) == COSEM_OK; ++i) {
        uint8_t kind;
        cosem_attr_ref_t ref;
        cosem_selection_t sel;
        cosem_status_t st = cosem_access_read_item(r, &kind, &ref, &sel);
        if (st != COSEM_OK) {
            return st;
        }
    }
    return cosem_axdr_reader_status(r);
}

/* Header common to both: tag, long-invoke-id, date-time (0 or 12 octets). */
static cosem_status_t header(cosem_axdr_reader_t *r, uint8_t want, cosem_access_apdu_t *out)
{
    uint8_t tag = 0;
    size_t tl = 0;
    memset(out, 0, sizeof *out);
    if (cosem_axdr_get_u8(r, &tag) == COSEM_OK && tag != want) {
        return COSEM_E_UNSUPPORTED;
    }
    (void)cosem_axdr_get_u32(r, &out->long_invoke);
    (void)cosem_axdr_get_length(r, &tl);
    (void)cosem_axdr_get_bytes(r, tl, &out->time.p);
    out->time.len = tl;
    if (cosem_axdr_reader_status(r) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    return tl == 0u || tl == 12u ? COSEM_OK : COSEM_E_MALFORMED;
}

/* count well-formed Data; the slice covers them. */
static cosem_status_t data_list(cosem_axdr_reader_t *r, uint16_t count, cosem_slice_t *data)
{
    size_t at = cosem_axdr_reader_pos(r);
    for (size_t i = 0; i < count; ++i) {
        (void)cosem_axdr_skip(r);
    }
    data->len = cosem_axdr_reader_pos(r) - at;
    return cosem_axdr_reader_status(r);
}

/* access-request (see the header). */
cosem_status_t cosem_access_request_decode(const uint8_t *apdu, size_t len, cosem_access_apdu_t *out)
{
    cosem_axdr_reader_t r;
    cosem_status_t st;
    size_t n = 0, at;
    cosem_axdr_reader_init(&r, apdu, len);
    st = header(&r, COSEM_APDU_ACCESS_REQUEST, out);
    if (st != COSEM_OK) {
        return st;
    }
    (void)cosem_axdr_get_length(&r, &n);
    if (cosem_axdr_reader_status(&r) == COSEM_OK && (n == 0u || n > 0xFFFFu)) {
        return COSEM_E_MALFORMED;
    }
    at = cosem_axdr_reader_pos(&r);
    out->items.p = apdu + at;
    out->count = (uint16_t)n;
    st = skip_items(&r, n);
    if (st != COSEM_OK) {
        return st;
    }
    out->items.len = cosem_axdr_reader_pos(&r) - at;
    n = 0;
    (void)cosem_axdr_get_length(&r, &n);
    if (cosem_axdr_reader_status(&r) == COSEM_OK && n != out->count) {
        return COSEM_E_MALFORMED;
    }
    st = data_list(&r, out->count, &out->data);
    if (st != COSEM_OK) {
        return st;
    }
    out->data.p = apdu + cosem_axdr_reader_pos(&r) - out->data.len;
    return cosem_axdr_reader_expect_end(&r);
}

/* access-response (see the header). */
cosem_status_t cosem_access_response_decode(const uint8_t *apdu, size_t len, cosem_access_apdu_t *out)
{
    cosem_axdr_reader_t r;
    cosem_status_t st;
    uint8_t present = 0;
    size_t n = 0;
    const uint8_t *res = NULL;
    cosem_axdr_reader_init(&r, apdu, len);
    st = header(&r, COSEM_APDU_ACCESS_RESPONSE, out);
    if (st != COSEM_OK) {
        return st;
    }
    (void)cosem_axdr_get_u8(&r, &present);
    if (present == 1u) { /* the request specification echoed: skip it */
        (void)cosem_axdr_get_length(&r, &n);
        st = skip_items(&r, n);
        if (st != COSEM_OK) {
            return st;
        }
    } else if (present != 0u) {
        return COSEM_E_MALFORMED;
    }
    n = 0;
    (void)cosem_axdr_get_length(&r, &n);
    if (cosem_axdr_reader_status(&r) != COSEM_OK) {
        return cosem_axdr_reader_status(&r);
    }
    if (n > 0xFFFFu) {
        return COSEM_E_MALFORMED;
    }
    out->count = (uint16_t)n;
    st = data_list(&r, out->count, &out->data);
    if (st != COSEM_OK) {
        return st;
    }
    out->data.p = apdu + cosem_axdr_reader_pos(&r) - out->data.len;
    n = 0;
    (void)cosem_axdr_get_length(&r, &n);
    if (cosem_axdr_reader_status(&r) == COSEM_OK && n != out->count) {
        return COSEM_E_MALFORMED;
    }
    (void)cosem_axdr_get_bytes(&r, 2u * n, &res);
    out->items.p = res;
    out->items.len = 2u * n;
    for (size_t i = 0; res != NULL && i < n; ++i) {
        if (res[2u * i] < COSEM_ACCESS_GET || res[2u * i] > COSEM_ACCESS_ACTION) {
            return COSEM_E_MALFORMED;
        }
    }
    return cosem_axdr_reader_expect_end(&r);
}

#else
typedef int cosem_xdlms_access_empty_t;
#endif
