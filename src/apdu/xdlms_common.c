/* SPDX-License-Identifier: Apache-2.0 */
/* xDLMS codec pieces shared by GET, SET and ACTION (IEC 62056-5-3, A-XDR):
 * attribute/method descriptors, selective access, Get-Data-Result,
 * DataBlock-SA, bounded lists; plus the exception-response and the
 * data-notification / event-notification-request. Decoders hand out slices
 * of the APDU and check every Data value with cosem_axdr_skip(). */
#include <cosem/apdu.h>

#include "../config_check.h"

#if COSEM_WITH_SERVER || COSEM_WITH_CLIENT

#include <string.h>

#include "xdlms_internal.h"

/* Octet of the Green Book form of an OCTET STRING of 12 (a date-time). */
#define DT_LEN 0x0Cu

/* ---- Shared decoding helpers ----------------------------------------- */

/* Keeps the documented decoder statuses, folds the rest (RANGE, TYPE) into
 * MALFORMED so callers see one vocabulary. */
cosem_status_t cosem_xdlms_status(cosem_status_t st)
{
    switch (st) {
    case COSEM_OK: case COSEM_E_TRUNCATED: case COSEM_E_MALFORMED:
    case COSEM_E_UNSUPPORTED: case COSEM_E_TRAILING: case COSEM_E_DEPTH:
        return st;
    default:
        return COSEM_E_MALFORMED;
    }
}

/* Tag check first: another APDU is UNSUPPORTED, not MALFORMED, so a
 * dispatcher can try the next decoder. */
cosem_status_t cosem_xdlms_open(cosem_axdr_reader_t *r, const uint8_t *apdu, size_t len,
                                uint8_t tag, uint8_t *choice, uint8_t *invoke)
{
    uint8_t t = 0;
    cosem_axdr_reader_init(r, apdu, len);
    if (cosem_axdr_get_u8(r, &t) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    if (t != tag) {
        return cosem_axdr_reader_fail(r, COSEM_E_UNSUPPORTED);
    }
    cosem_axdr_get_u8(r, choice);
    return cosem_axdr_get_u8(r, invoke);
}

/* A complete APDU must end exactly here. */
cosem_status_t cosem_xdlms_close(cosem_axdr_reader_t *r)
{
    return cosem_xdlms_status(cosem_axdr_reader_expect_end(r));
}

/* The octets a probe (a copy of r) walked past r become the slice; the
 * probe's error, if any, becomes r's (see xdlms_internal.h). */
cosem_status_t cosem_xdlms_take(cosem_axdr_reader_t *r, const cosem_axdr_reader_t *probe,
                                cosem_slice_t *out)
{
    size_t n = cosem_axdr_reader_pos(probe) - cosem_axdr_reader_pos(r);
    out->p = NULL;
    out->len = 0;
    if (cosem_axdr_reader_status(probe) != COSEM_OK) {
        return cosem_axdr_reader_fail(r, cosem_axdr_reader_status(probe));
    }
    if (cosem_axdr_get_bytes(r, n, &out->p) == COSEM_OK) {
        out->len = n;
    }
    return cosem_axdr_reader_status(r);
}

/* The slice spans the value's tag to its last octet: a copy of the cursor
 * walks the value, then the real one takes that many octets. */
cosem_status_t cosem_xdlms_read_data(cosem_axdr_reader_t *r, cosem_slice_t *out)
{
    cosem_axdr_reader_t probe = *r;
    (void)cosem_axdr_skip(&probe);
    return cosem_xdlms_take(r, &probe, out);
}

/* Strict A-XDR BOOLEAN / OPTIONAL flag. */
cosem_status_t cosem_xdlms_read_bool(cosem_axdr_reader_t *r, bool *v)
{
    uint8_t b = 0;
    if (cosem_axdr_get_u8(r, &b) == COSEM_OK) {
        if (b > 1u) {
            return cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        }
        *v = b != 0;
    }
    return cosem_axdr_reader_status(r);
}

/* An OPTIONAL presence octet that may be left out at the very end of the
 * APDU: Gurux answers `C7 01 C1 04` (no return-parameters octet) and EPRI's
 * client ends an action-request-normal after the method descriptor. The
 * end of the input reads as "absent". */
cosem_status_t cosem_xdlms_read_optional(cosem_axdr_reader_t *r, bool *v)
{
    if (cosem_axdr_reader_status(r) == COSEM_OK && cosem_axdr_reader_remaining(r) == 0) {
        *v = false;
        return COSEM_OK;
    }
    return cosem_xdlms_read_bool(r, v);
}

/* DataBlock-SA ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned32,
 * raw-data OCTET STRING }. */
cosem_status_t cosem_xdlms_read_sa(cosem_axdr_reader_t *r, cosem_datablock_t *b)
{
    size_t n = 0;
    memset(b, 0, sizeof *b);
    b->ok = true;
    cosem_xdlms_read_bool(r, &b->last);
    cosem_axdr_get_u32(r, &b->number);
    if (cosem_axdr_get_length(r, &n) == COSEM_OK &&
        cosem_axdr_get_bytes(r, n, &b->raw.p) == COSEM_OK) {
        b->raw.len = n;
    }
    return cosem_axdr_reader_status(r);
}

/* A count that the remaining input cannot hold is a truncated APDU; one
 * above 65535 cannot be represented by the decoded structures. */
cosem_status_t cosem_xdlms_read_count(cosem_axdr_reader_t *r, size_t min_each, size_t *count)
{
    size_t n = 0;
    *count = 0;
    if (cosem_axdr_get_length(r, &n) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    if (n > cosem_axdr_reader_remaining(r) / min_each) {
        return cosem_axdr_reader_fail(r, COSEM_E_TRUNCATED);
    }
    if (n > UINT16_MAX) {
        return cosem_axdr_reader_fail(r, COSEM_E_UNSUPPORTED);
    }
    *count = n;
    return COSEM_OK;
}

/* Walks n elements with fn and returns the span they cover. */
static cosem_status_t walk_list(cosem_axdr_reader_t *r, cosem_xdlms_elem_fn fn, size_t n,
                                cosem_slice_t *list)
{
    cosem_axdr_reader_t probe = *r;
    for (size_t i = 0; i < n && cosem_axdr_reader_status(&probe) == COSEM_OK; i++) {
        fn(&probe);
    }
    return cosem_xdlms_take(r, &probe, list);
}

/* count then count elements. */
cosem_status_t cosem_xdlms_read_list(cosem_axdr_reader_t *r, size_t min_each,
                                     cosem_xdlms_elem_fn fn, uint16_t *count,
                                     cosem_slice_t *list)
{
    size_t n = 0;
    if (cosem_xdlms_read_count(r, min_each, &n) == COSEM_OK) {
        *count = (uint16_t)n;
    }
    return walk_list(r, fn, n, list);
}

/* The second SEQUENCE OF of a with-list request pairs with the first: its
 * count must be the same. */
cosem_status_t cosem_xdlms_read_list_n(cosem_axdr_reader_t *r, size_t min_each,
                                       cosem_xdlms_elem_fn fn, uint16_t count,
                                       cosem_slice_t *list)
{
    size_t n = 0;
    if (cosem_axdr_get_length(r, &n) == COSEM_OK && n != count) {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    if (cosem_axdr_reader_status(r) == COSEM_OK && n > cosem_axdr_reader_remaining(r) / min_each) {
        cosem_axdr_reader_fail(r, COSEM_E_TRUNCATED);
    }
    return walk_list(r, fn, n, list);
}

/* A descriptor with selection of a with-list GET / SET. */
cosem_status_t cosem_xdlms_elem_attr_sel(cosem_axdr_reader_t *r)
{
    cosem_attr_ref_t ref;
    cosem_selection_t sel;
    return cosem_apdu_read_attr_sel(r, &ref, &sel);
}

/* A method descriptor of a with-list ACTION. */
cosem_status_t cosem_xdlms_elem_attr(cosem_axdr_reader_t *r)
{
    cosem_attr_ref_t ref;
    return cosem_apdu_read_attr(r, &ref);
}

/* One whole Data value of a with-list SET / ACTION. */
cosem_status_t cosem_xdlms_elem_data(cosem_axdr_reader_t *r)
{
    return cosem_axdr_skip(r);
}

/* ---- Shared encoding helpers ----------------------------------------- */

/* Every xDLMS service APDU starts with tag, CHOICE number and invoke. */
cosem_status_t cosem_xdlms_head(cosem_axdr_writer_t *w, uint8_t tag, uint8_t choice,
                                uint8_t invoke)
{
    uint8_t *p;
    if (cosem_axdr_reserve(w, 3, &p) == COSEM_OK && p != NULL) {
        p[0] = tag;
        p[1] = choice;
        p[2] = invoke;
    }
    return w->err;
}

/* Head and descriptors of a with-list request (see xdlms_internal.h). */
cosem_status_t cosem_xdlms_head_list(cosem_axdr_writer_t *w, uint8_t tag, uint8_t choice,
                                     uint8_t invoke, const cosem_attr_ref_t *refs,
                                     const cosem_selection_t *sels, bool with_sel, size_t n)
{
    size_t i;
    if (refs == NULL && n != 0) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_xdlms_head(w, tag, choice, invoke);
    cosem_axdr_put_length(w, n);
    for (i = 0; i < n; i++) {
        if (with_sel) {
            cosem_apdu_write_attr_sel(w, &refs[i], sels != NULL ? &sels[i] : NULL);
        } else {
            cosem_apdu_write_attr(w, &refs[i]);
        }
    }
    return cosem_axdr_writer_status(w);
}

/* DataBlock-SA: last-block, block-number, raw-data octet-string. */
cosem_status_t cosem_xdlms_write_sa(cosem_axdr_writer_t *w, bool last, uint32_t block,
                                    const uint8_t *raw, size_t n)
{
    cosem_axdr_put_u8(w, last ? 1u : 0u);
    cosem_axdr_put_u32(w, block);
    cosem_axdr_put_length(w, n);
    return cosem_axdr_put_bytes(w, raw, n);
}

/* Walks the caller's values: exactly n whole Data values, nothing after. */
bool cosem_xdlms_values_ok(const uint8_t *values, size_t len, size_t n)
{
    cosem_axdr_reader_t r;
    size_t i;
    cosem_axdr_reader_init(&r, values, len);
    for (i = 0; i < n && cosem_axdr_skip(&r) == COSEM_OK; i++) {
    }
    return cosem_axdr_reader_expect_end(&r) == COSEM_OK;
}

/* The count on the wire must not lie about the values, so they are checked
 * before anything is written. */
cosem_status_t cosem_xdlms_write_values(cosem_axdr_writer_t *w, size_t n,
                                        const uint8_t *values, size_t len)
{
    if (!cosem_xdlms_values_ok(values, len, n)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_length(w, n);
    return cosem_axdr_put_bytes(w, values, len);
}

/* ---- Descriptors and results (public element readers/writers) -------- */

/* Cosem-Attribute-Descriptor / Cosem-Method-Descriptor: class-id, the six
 * instance-id octets without a length, attribute or method id. */
cosem_status_t cosem_apdu_read_attr(cosem_axdr_reader_t *r, cosem_attr_ref_t *ref)
{
    const uint8_t *p = NULL;
    uint8_t id = 0;
    memset(ref, 0, sizeof *ref);
    cosem_axdr_get_u16(r, &ref->class_id);
    if (cosem_axdr_get_bytes(r, sizeof ref->obis, &p) == COSEM_OK) {
        memcpy(ref->obis, p, sizeof ref->obis);
    }
    if (cosem_axdr_get_u8(r, &id) == COSEM_OK) {
        ref->id = (int8_t)id;
    }
    return cosem_xdlms_status(cosem_axdr_reader_status(r));
}

/* Descriptor without selection (methods, with-list ACTION). */
cosem_status_t cosem_apdu_write_attr(cosem_axdr_writer_t *w, const cosem_attr_ref_t *ref)
{
    if (ref == NULL) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u16(w, ref->class_id);
    cosem_axdr_put_bytes(w, ref->obis, sizeof ref->obis);
    return cosem_axdr_put_u8(w, (uint8_t)ref->id);
}

/* Selective access OPTIONAL: 00, or 01 access-selector access-parameters.
 * Selector 0 is how the structure says "absent", so it is refused on the
 * wire. */
cosem_status_t cosem_apdu_read_attr_sel(cosem_axdr_reader_t *r, cosem_attr_ref_t *ref,
                                        cosem_selection_t *sel)
{
    bool present = false;
    memset(sel, 0, sizeof *sel);
    cosem_apdu_read_attr(r, ref);
    if (cosem_xdlms_read_bool(r, &present) == COSEM_OK && present &&
        cosem_axdr_get_u8(r, &sel->selector) == COSEM_OK) {
        if (sel->selector == 0) {
            cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        }
        cosem_xdlms_read_data(r, &sel->params);
    }
    return cosem_xdlms_status(cosem_axdr_reader_status(r));
}

/* Descriptor then `00`, or `01 selector params` when a selection is given. */
cosem_status_t cosem_apdu_write_attr_sel(cosem_axdr_writer_t *w, const cosem_attr_ref_t *ref,
                                         const cosem_selection_t *sel)
{
    cosem_apdu_write_attr(w, ref);
    if (sel == NULL || sel->selector == 0) {
        return cosem_axdr_put_u8(w, 0);
    }
    cosem_axdr_put_u8(w, 1);
    cosem_axdr_put_u8(w, sel->selector);
    return cosem_axdr_put_bytes(w, sel->params.p, sel->params.len);
}

/* Get-Data-Result ::= CHOICE { data [0] Data, data-access-result [1] }. */
cosem_status_t cosem_apdu_read_data_result(cosem_axdr_reader_t *r, cosem_data_result_t *out)
{
    uint8_t choice = 0;
    memset(out, 0, sizeof *out);
    if (cosem_axdr_get_u8(r, &choice) == COSEM_OK) {
        if (choice == 0) {
            out->ok = true;
            cosem_xdlms_read_data(r, &out->data);
        } else if (choice == 1) {
            cosem_axdr_get_u8(r, &out->dar);
        } else {
            cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        }
    }
    return cosem_xdlms_status(cosem_axdr_reader_status(r));
}

/* Action-Response-With-Optional-Data: result, return-parameters OPTIONAL. */
cosem_status_t cosem_apdu_read_action_result(cosem_axdr_reader_t *r, uint8_t *result,
                                             bool *has_return, cosem_data_result_t *ret)
{
    memset(ret, 0, sizeof *ret);
    *has_return = false;
    cosem_axdr_get_u8(r, result);
    if (cosem_xdlms_read_optional(r, has_return) == COSEM_OK && *has_return) {
        cosem_apdu_read_data_result(r, ret);
    }
    return cosem_xdlms_status(cosem_axdr_reader_status(r));
}

/* ---- Exception-response ---------------------------------------------- */

/* `D8 state-error service-error` for what cannot be served or parsed. */
cosem_status_t cosem_exception_encode(cosem_axdr_writer_t *w, cosem_state_error_t state,
                                      cosem_service_error_t service)
{
    cosem_axdr_put_u8(w, COSEM_APDU_EXCEPTION_RESPONSE);
    cosem_axdr_put_u8(w, (uint8_t)state);
    return cosem_axdr_put_u8(w, (uint8_t)service);
}

/* `D8 state service`, and for invocation-counter-error optionally the
 * expected counter (Unsigned32), which is read and dropped. */
cosem_status_t cosem_exception_decode(const uint8_t *apdu, size_t len, uint8_t *state,
                                      uint8_t *service)
{
    cosem_axdr_reader_t r;
    uint8_t s = 0, e = 0;
    uint32_t counter = 0;
    if (cosem_xdlms_open(&r, apdu, len, COSEM_APDU_EXCEPTION_RESPONSE, &s, &e) == COSEM_OK &&
        e == COSEM_SERVICE_ERROR_INVOCATION_COUNTER && cosem_axdr_reader_remaining(&r) != 0) {
        cosem_axdr_get_u32(&r, &counter);
    }
    if (cosem_xdlms_close(&r) != COSEM_OK) {
        return cosem_xdlms_status(cosem_axdr_reader_status(&r));
    }
    *state = s;
    *service = e;
    return COSEM_OK;
}

/* ---- Notifications --------------------------------------------------- */

/* The 12 date-time octets after their length octet. */
static cosem_status_t read_dt12(cosem_axdr_reader_t *r, cosem_notification_t *out)
{
    const uint8_t *p = NULL;
    uint8_t n = 0;
    if (cosem_axdr_get_u8(r, &n) == COSEM_OK && n != DT_LEN) {
        return cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    if (cosem_axdr_get_bytes(r, COSEM_DATETIME_SIZE, &p) == COSEM_OK) {
        cosem_datetime_decode(&out->time, p);
        out->has_time = true;
    }
    return cosem_axdr_reader_status(r);
}

/* time of an event-notification-request: OPTIONAL, `00` or a presence
 * octet (01; Gurux writes the Data tag 09) then `0C` + 12 octets. */
static cosem_status_t read_en_time(cosem_axdr_reader_t *r, cosem_notification_t *out)
{
    uint8_t b = 0;
    if (cosem_axdr_get_u8(r, &b) != COSEM_OK || b == 0) {
        return cosem_axdr_reader_status(r);
    }
    if (b != 1u && b != COSEM_AXDR_OCTET_STRING) {
        return cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    return read_dt12(r, out);
}

/* date-time of a data-notification. Seen on the wire: `00` (absent) and
 * `0C` + 12 octets (Gurux.DLMS.Python 1.0.197 GXDLMS.getLNPdu writes the
 * octet-string without its Data tag); also accepted: the tagged form
 * `09 0C ...` and the A-XDR OPTIONAL form `01 0C ...`. */
static cosem_status_t read_dn_time(cosem_axdr_reader_t *r, cosem_notification_t *out)
{
    uint8_t b = 0;
    if (cosem_axdr_peek_type(r, &b) != COSEM_OK) {
        return cosem_axdr_reader_fail(r, COSEM_E_TRUNCATED);
    }
    if (b == DT_LEN) {
        return read_dt12(r, out);
    }
    return read_en_time(r, out);
}

/* data-notification (long invoke, date-time, body) or
 * event-notification-request (time, descriptor, value). */
cosem_status_t cosem_notification_decode(const uint8_t *apdu, size_t len,
                                         cosem_notification_t *out)
{
    cosem_axdr_reader_t r;
    uint8_t tag = 0;
    memset(out, 0, sizeof *out);
    cosem_axdr_reader_init(&r, apdu, len);
    if (cosem_axdr_get_u8(&r, &tag) != COSEM_OK) {
        return cosem_xdlms_status(cosem_axdr_reader_status(&r));
    }
    out->tag = tag;
    if (tag == COSEM_APDU_DATA_NOTIFICATION) {
        cosem_axdr_get_u32(&r, &out->invoke);
        read_dn_time(&r, out);
    } else if (tag == COSEM_APDU_EVENT_NOTIFICATION) {
        read_en_time(&r, out);
        cosem_apdu_read_attr(&r, &out->ref);
    } else {
        cosem_axdr_reader_fail(&r, COSEM_E_UNSUPPORTED);
    }
    cosem_xdlms_read_data(&r, &out->body);
    return cosem_xdlms_close(&r);
}

/* Octet-string of 12 without a Data tag (the form Gurux.DLMS.Python writes
 * and reads), or `00` when absent. */
static cosem_status_t write_dt12(cosem_axdr_writer_t *w, const cosem_datetime_t *time)
{
    uint8_t b[COSEM_DATETIME_SIZE];
    cosem_datetime_encode(time, b);
    cosem_axdr_put_u8(w, DT_LEN);
    return cosem_axdr_put_bytes(w, b, sizeof b);
}

/* Head of a push: tag, long invoke id, date-time; body follows. */
cosem_status_t cosem_data_notification_begin(cosem_axdr_writer_t *w, uint32_t invoke,
                                             const cosem_datetime_t *time)
{
    cosem_axdr_put_u8(w, COSEM_APDU_DATA_NOTIFICATION);
    cosem_axdr_put_u32(w, invoke);
    if (time == NULL) {
        return cosem_axdr_put_u8(w, 0);
    }
    return write_dt12(w, time);
}

/* time OPTIONAL in plain A-XDR: presence octet 01, then the octet-string. */
cosem_status_t cosem_event_notification_begin(cosem_axdr_writer_t *w,
                                              const cosem_datetime_t *time,
                                              const cosem_attr_ref_t *ref)
{
    cosem_axdr_put_u8(w, COSEM_APDU_EVENT_NOTIFICATION);
    if (time == NULL) {
        cosem_axdr_put_u8(w, 0);
    } else {
        cosem_axdr_put_u8(w, 1);
        write_dt12(w, time);
    }
    return cosem_apdu_write_attr(w, ref);
}

#else
typedef int cosem_xdlms_common_empty_t;
#endif
