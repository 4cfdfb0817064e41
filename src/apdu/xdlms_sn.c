/* SPDX-License-Identifier: Apache-2.0 */
/* Short-name referencing APDUs (IEC 62056-5-3, Green Book ed. 9 9.5):
 *   Variable-Access-Specification ::= CHOICE { variable-name [2] Integer16,
 *     parameterized-access [4] { variable-name, selector Unsigned8, Data },
 *     block-number-access [5] { block-number Unsigned16 },
 *     read-data-block-access [6] { last-block, block-number, raw-data },
 *     write-data-block-access [7] { last-block, block-number } }
 *   ReadResponse  item ::= data [0] Data | data-access-error [1] enum |
 *     data-block-result [2] { last-block, block-number, raw-data } |
 *     block-number [3] Unsigned16
 *   WriteResponse item ::= success [0] | data-access-error [1] enum |
 *     block-number [2] Unsigned16
 * Detailed-access [3] is not used by COSEM and is refused. */
#include <cosem/sn.h>

#include "../config_check.h"

#if COSEM_WITH_SN

#include <string.h>

#include <cosem/datetime.h>

#include "xdlms_internal.h"

/* Smallest encodings: a spec is its kind and two octets; a read result
 * 00 00 (null-data) or 01 dar; a write result the success octet alone. */
#define SN_SPEC_MIN 3u
#define SN_READ_RESULT_MIN 2u
#define SN_WRITE_RESULT_MIN 1u

/* last-block, block-number Unsigned16. */
static void read_block_head(cosem_axdr_reader_t *r, bool *last, uint16_t *block)
{
    cosem_xdlms_read_bool(r, last);
    cosem_axdr_get_u16(r, block);
}

/* An octet string without its type tag: length then octets. */
static void read_raw(cosem_axdr_reader_t *r, cosem_slice_t *raw)
{
    size_t n = 0;
    if (cosem_axdr_get_length(r, &n) == COSEM_OK &&
        cosem_axdr_get_bytes(r, n, &raw->p) == COSEM_OK) {
        raw->len = n;
    }
}

/* One specification (see the header). */
cosem_status_t cosem_sn_read_spec(cosem_axdr_reader_t *r, cosem_sn_spec_t *s)
{
    memset(s, 0, sizeof *s);
    cosem_axdr_get_u8(r, &s->kind);
    switch (s->kind) {
    case COSEM_SN_NAME:
        cosem_axdr_get_u16(r, &s->name);
        break;
    case COSEM_SN_PARAMETERIZED:
        cosem_axdr_get_u16(r, &s->name);
        cosem_axdr_get_u8(r, &s->selector);
        cosem_xdlms_read_data(r, &s->param);
        break;
    case COSEM_SN_BLOCK_NUMBER:
        cosem_axdr_get_u16(r, &s->block);
        break;
    case COSEM_SN_READ_DATA_BLOCK:
        read_block_head(r, &s->last, &s->block);
        read_raw(r, &s->param);
        break;
    case COSEM_SN_WRITE_DATA_BLOCK:
        read_block_head(r, &s->last, &s->block);
        break;
    default:
        if (cosem_axdr_reader_status(r) == COSEM_OK) {
            cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        }
        break;
    }
    return cosem_xdlms_status(cosem_axdr_reader_status(r));
}

/* One result (see the header). */
cosem_status_t cosem_sn_read_result(cosem_axdr_reader_t *r, uint8_t tag, cosem_sn_result_t *res)
{
    bool rd = tag == COSEM_APDU_READ_RESPONSE;
    memset(res, 0, sizeof *res);
    if (cosem_axdr_get_u8(r, &res->kind) != COSEM_OK) {
        return cosem_xdlms_status(cosem_axdr_reader_status(r));
    }
    if (res->kind == COSEM_SN_DATA) {
        if (rd) {
            cosem_xdlms_read_data(r, &res->data);
        }
    } else if (res->kind == COSEM_SN_ERROR) {
        cosem_axdr_get_u8(r, &res->error);
    } else if (res->kind == COSEM_SN_DATA_BLOCK && rd) {
        read_block_head(r, &res->last, &res->block);
        read_raw(r, &res->data);
    } else if (res->kind == COSEM_SN_DATA_BLOCK || (res->kind == COSEM_SN_READ_BLOCK_NUMBER && rd)) {
        cosem_axdr_get_u16(r, &res->block);
    } else {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    return cosem_xdlms_status(cosem_axdr_reader_status(r));
}

/* Which specification kinds a request (or report) may carry. */
static bool spec_allowed(uint8_t tag, uint8_t kind)
{
    switch (tag) {
    case COSEM_APDU_READ_REQUEST:
        return kind == COSEM_SN_NAME || kind == COSEM_SN_PARAMETERIZED ||
               kind == COSEM_SN_BLOCK_NUMBER || kind == COSEM_SN_READ_DATA_BLOCK;
    case COSEM_APDU_WRITE_REQUEST:
    case COSEM_APDU_UNCONFIRMED_WRITE_REQUEST:
        return kind == COSEM_SN_NAME || kind == COSEM_SN_PARAMETERIZED ||
               kind == COSEM_SN_WRITE_DATA_BLOCK;
    default: /* information report */
        return kind == COSEM_SN_NAME;
    }
}

/* count (at least one) then count items: specifications the tag allows
 * for a request or report, results for a response; the slice covers them. */
static void read_items(cosem_axdr_reader_t *r, cosem_sn_apdu_t *out, bool results)
{
    size_t min = !results ? SN_SPEC_MIN
                 : out->tag == COSEM_APDU_READ_RESPONSE ? SN_READ_RESULT_MIN
                                                         : SN_WRITE_RESULT_MIN;
    size_t n = 0;
    cosem_axdr_reader_t probe;
    if (cosem_xdlms_read_count(r, min, &n) != COSEM_OK) {
        return;
    }
    if (n == 0u) {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        return;
    }
    out->count = (uint16_t)n;
    probe = *r;
    for (size_t i = 0; i < n && cosem_axdr_reader_status(&probe) == COSEM_OK; ++i) {
        cosem_sn_spec_t s;
        cosem_sn_result_t res;
        if (results) {
            (void)cosem_sn_read_result(&probe, out->tag, &res);
        } else if (cosem_sn_read_spec(&probe, &s) == COSEM_OK && !spec_allowed(out->tag, s.kind)) {
            cosem_axdr_reader_fail(&probe, COSEM_E_MALFORMED);
        }
    }
    (void)cosem_xdlms_take(r, &probe, &out->items);
}

/* The list-of-data: exactly count whole Data. */
static void read_data_list(cosem_axdr_reader_t *r, cosem_sn_apdu_t *out)
{
    size_t n = 0;
    cosem_axdr_reader_t probe;
    if (cosem_axdr_get_length(r, &n) == COSEM_OK && n != out->count) {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    probe = *r;
    for (size_t i = 0; i < n && cosem_axdr_reader_status(&probe) == COSEM_OK; ++i) {
        cosem_axdr_skip(&probe);
    }
    (void)cosem_xdlms_take(r, &probe, &out->data);
}

/* Any of the six (see the header). */
cosem_status_t cosem_sn_decode(const uint8_t *apdu, size_t len, cosem_sn_apdu_t *out)
{
    cosem_axdr_reader_t r;
    memset(out, 0, sizeof *out);
    cosem_axdr_reader_init(&r, apdu, len);
    if (cosem_axdr_get_u8(&r, &out->tag) != COSEM_OK) {
        return cosem_xdlms_close(&r);
    }
    switch (out->tag) {
    case COSEM_APDU_READ_REQUEST:
        read_items(&r, out, false);
        break;
    case COSEM_APDU_WRITE_REQUEST:
    case COSEM_APDU_UNCONFIRMED_WRITE_REQUEST:
        read_items(&r, out, false);
        read_data_list(&r, out);
        break;
    case COSEM_APDU_READ_RESPONSE:
    case COSEM_APDU_WRITE_RESPONSE:
        read_items(&r, out, true);
        break;
    case COSEM_APDU_INFORMATION_REPORT:
        read_raw(&r, &out->time);
        if (cosem_axdr_reader_status(&r) == COSEM_OK && out->time.len != 0u &&
            out->time.len != COSEM_DATETIME_SIZE) {
            cosem_axdr_reader_fail(&r, COSEM_E_MALFORMED);
        }
        read_items(&r, out, false);
        read_data_list(&r, out);
        break;
    default:
        cosem_axdr_reader_fail(&r, COSEM_E_UNSUPPORTED);
        break;
    }
    return cosem_xdlms_close(&r);
}

/* ---- Method offsets --------------------------------------------------- */

/* First method's offset per class, from the standard's short-name tables
 * (the values GuruxDLMS.c 9.0's dlms_getActionInfo() uses; Security setup's
 * from Gurux.DLMS.Python 1.0.197, which is also where its attributes end). */
static const struct {
    uint8_t class_id;
    uint8_t offset;
} sn_first_method[] = {
    {3, 0x28}, {4, 0x38}, {5, 0x48}, {6, 0x30}, {7, 0x58}, {8, 0x60}, {9, 0x20},
    {11, 0x10}, {12, 0x20}, {15, 0x60}, {17, 0x20}, {18, 0x40}, {20, 0x50},
    {25, 0x60}, {40, 0x38}, {42, 0x60}, {61, 0x28}, {64, 0x30}, {70, 0x20}, {77, 0x30},
};

/* See the header. */
uint16_t cosem_sn_method_offset(uint16_t class_id, uint8_t attr_count)
{
    for (size_t i = 0; i < sizeof sn_first_method / sizeof sn_first_method[0]; ++i) {
        if (sn_first_method[i].class_id == class_id) {
            return sn_first_method[i].offset;
        }
    }
    return (uint16_t)(8u * attr_count);
}

/* ---- Encoders -------------------------------------------------------- */

/* One specification; COSEM_E_ARG for a kind the tag cannot carry. */
static cosem_status_t write_spec(cosem_axdr_writer_t *w, uint8_t tag, const cosem_sn_spec_t *s)
{
    if (!spec_allowed(tag, s->kind)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u8(w, s->kind);
    switch (s->kind) {
    case COSEM_SN_NAME:
        return cosem_axdr_put_u16(w, s->name);
    case COSEM_SN_PARAMETERIZED:
        if (!cosem_xdlms_values_ok(s->param.p, s->param.len, 1u)) {
            return cosem_axdr_writer_fail(w, COSEM_E_ARG);
        }
        cosem_axdr_put_u16(w, s->name);
        cosem_axdr_put_u8(w, s->selector);
        return cosem_axdr_put_bytes(w, s->param.p, s->param.len);
    case COSEM_SN_BLOCK_NUMBER:
        return cosem_axdr_put_u16(w, s->block);
    default: /* READ_DATA_BLOCK, WRITE_DATA_BLOCK */
        cosem_axdr_put_u8(w, s->last ? 1u : 0u);
        cosem_axdr_put_u16(w, s->block);
        if (s->kind == COSEM_SN_READ_DATA_BLOCK) {
            cosem_axdr_put_length(w, s->param.len);
            cosem_axdr_put_bytes(w, s->param.p, s->param.len);
        }
        return cosem_axdr_writer_status(w);
    }
}

/* read-request, write-request, unconfirmed write (see the header). */
cosem_status_t cosem_sn_request_encode(cosem_axdr_writer_t *w, uint8_t tag,
                                       const cosem_sn_spec_t *specs, size_t n,
                                       const uint8_t *values, size_t len)
{
    bool rd = tag == COSEM_APDU_READ_REQUEST;
    if ((!rd && tag != COSEM_APDU_WRITE_REQUEST && tag != COSEM_APDU_UNCONFIRMED_WRITE_REQUEST) ||
        specs == NULL || n == 0u || (rd && len != 0u) ||
        (!rd && !cosem_xdlms_values_ok(values, len, n))) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u8(w, tag);
    cosem_axdr_put_length(w, n);
    for (size_t i = 0; i < n && cosem_axdr_writer_status(w) == COSEM_OK; ++i) {
        write_spec(w, tag, &specs[i]);
    }
    if (!rd) {
        cosem_xdlms_write_values(w, n, values, len);
    }
    return cosem_axdr_writer_status(w);
}

/* information-report (see the header). */
cosem_status_t cosem_sn_report_encode(cosem_axdr_writer_t *w, const uint8_t *time,
                                      const uint16_t *names, size_t n,
                                      const uint8_t *values, size_t len)
{
    if (names == NULL || n == 0u || !cosem_xdlms_values_ok(values, len, n)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u8(w, COSEM_APDU_INFORMATION_REPORT);
    if (time != NULL) {
        cosem_axdr_put_u8(w, COSEM_DATETIME_SIZE);
        cosem_axdr_put_bytes(w, time, COSEM_DATETIME_SIZE);
    } else {
        cosem_axdr_put_u8(w, 0);
    }
    cosem_axdr_put_length(w, n);
    for (size_t i = 0; i < n; ++i) {
        cosem_axdr_put_u8(w, COSEM_SN_NAME);
        cosem_axdr_put_u16(w, names[i]);
    }
    return cosem_xdlms_write_values(w, n, values, len);
}

/* Tag and count of a response. */
cosem_status_t cosem_sn_response_head(cosem_axdr_writer_t *w, uint8_t tag, size_t n)
{
    if (tag != COSEM_APDU_READ_RESPONSE && tag != COSEM_APDU_WRITE_RESPONSE) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u8(w, tag);
    return cosem_axdr_put_length(w, n);
}

/* One response item (see the header). */
cosem_status_t cosem_sn_write_result(cosem_axdr_writer_t *w, uint8_t tag,
                                     const cosem_sn_result_t *res)
{
    bool rd = tag == COSEM_APDU_READ_RESPONSE;
    if ((!rd && tag != COSEM_APDU_WRITE_RESPONSE) || res->kind > COSEM_SN_READ_BLOCK_NUMBER ||
        (!rd && res->kind == COSEM_SN_READ_BLOCK_NUMBER) ||
        (rd && res->kind == COSEM_SN_DATA && !cosem_xdlms_values_ok(res->data.p, res->data.len, 1u))) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_axdr_put_u8(w, res->kind);
    if (res->kind == COSEM_SN_DATA) {
        return rd ? cosem_axdr_put_bytes(w, res->data.p, res->data.len) : cosem_axdr_writer_status(w);
    }
    if (res->kind == COSEM_SN_ERROR) {
        return cosem_axdr_put_u8(w, res->error);
    }
    if (res->kind == COSEM_SN_DATA_BLOCK && rd) {
        cosem_axdr_put_u8(w, res->last ? 1u : 0u);
        cosem_axdr_put_u16(w, res->block);
        cosem_axdr_put_length(w, res->data.len);
        return cosem_axdr_put_bytes(w, res->data.p, res->data.len);
    }
    return cosem_axdr_put_u16(w, res->block);
}

#endif /* COSEM_WITH_SN */
