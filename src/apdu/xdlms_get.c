/* SPDX-License-Identifier: Apache-2.0 */
/* GET service (IEC 62056-5-3): get-request normal / next / with-list and
 * get-response normal / with-datablock / with-list, both directions. */
#include <cosem/apdu.h>

#include "../config_check.h"

#if COSEM_WITH_SERVER || COSEM_WITH_CLIENT

#include <string.h>

#include "xdlms_internal.h"

/* Checks one Get-Data-Result of a with-list response. */
static cosem_status_t elem_data_result(cosem_axdr_reader_t *r)
{
    cosem_data_result_t res;
    return cosem_apdu_read_data_result(r, &res);
}

/* get-request: normal (descriptor + selection), next (block number) or
 * with-list (checked descriptors handed out as one slice). */
cosem_status_t cosem_get_request_decode(const uint8_t *apdu, size_t len, cosem_get_request_t *out)
{
    cosem_axdr_reader_t r;
    memset(out, 0, sizeof *out);
    if (cosem_xdlms_open(&r, apdu, len, COSEM_APDU_GET_REQUEST, &out->type, &out->invoke) !=
        COSEM_OK) {
        return cosem_xdlms_status(cosem_axdr_reader_status(&r));
    }
    switch (out->type) {
    case COSEM_GET_NORMAL:
        cosem_apdu_read_attr_sel(&r, &out->ref, &out->sel);
        break;
    case COSEM_GET_NEXT:
        cosem_axdr_get_u32(&r, &out->block);
        break;
    case COSEM_GET_WITH_LIST:
#if COSEM_WITH_GET_LIST
        cosem_xdlms_read_list(&r, COSEM_XDLMS_ATTR_SEL_SIZE, cosem_xdlms_elem_attr_sel,
                              &out->count, &out->list);
#else
        /* left out (COSEM_WITH_GET_LIST 0) */
        cosem_axdr_reader_fail(&r, COSEM_E_UNSUPPORTED);
#endif
        break;
    default:
        cosem_axdr_reader_fail(&r, COSEM_E_MALFORMED);
        break;
    }
    return cosem_xdlms_close(&r);
}

/* `C0 01 invoke` descriptor, selective access. */
cosem_status_t cosem_get_request_normal_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                               const cosem_attr_ref_t *ref,
                                               const cosem_selection_t *sel)
{
    cosem_xdlms_head(w, COSEM_APDU_GET_REQUEST, COSEM_GET_NORMAL, invoke);
    return cosem_apdu_write_attr_sel(w, ref, sel);
}

/* `C0 02 invoke` block-number: asks for the block after @p block. */
cosem_status_t cosem_get_request_next_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                             uint32_t block)
{
    cosem_xdlms_head(w, COSEM_APDU_GET_REQUEST, COSEM_GET_NEXT, invoke);
    return cosem_axdr_put_u32(w, block);
}

/* `C0 03 invoke count` then each descriptor with its selection. */
cosem_status_t cosem_get_request_list_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                             const cosem_attr_ref_t *refs,
                                             const cosem_selection_t *sels, size_t n)
{
    return cosem_xdlms_head_list(w, COSEM_APDU_GET_REQUEST, COSEM_GET_WITH_LIST, invoke, refs,
                                 sels, true, n);
}

/* With-datablock result: [0] raw-data octet-string or [1] data-access-result. */
static cosem_status_t read_block_g(cosem_axdr_reader_t *r, cosem_datablock_t *b)
{
    uint8_t choice = 0;
    size_t n = 0;
    cosem_xdlms_read_bool(r, &b->last);
    cosem_axdr_get_u32(r, &b->number);
    if (cosem_axdr_get_u8(r, &choice) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    if (choice == 0) {
        b->ok = true;
        if (cosem_axdr_get_length(r, &n) == COSEM_OK &&
            cosem_axdr_get_bytes(r, n, &b->raw.p) == COSEM_OK) {
            b->raw.len = n;
        }
    } else if (choice == 1) {
        cosem_axdr_get_u8(r, &b->dar);
    } else {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
    return cosem_axdr_reader_status(r);
}

/* get-response: normal (Get-Data-Result), with-datablock, with-list. */
cosem_status_t cosem_get_response_decode(const uint8_t *apdu, size_t len,
                                         cosem_get_response_t *out)
{
    cosem_axdr_reader_t r;
    memset(out, 0, sizeof *out);
    if (cosem_xdlms_open(&r, apdu, len, COSEM_APDU_GET_RESPONSE, &out->type, &out->invoke) !=
        COSEM_OK) {
        return cosem_xdlms_status(cosem_axdr_reader_status(&r));
    }
    switch (out->type) {
    case COSEM_GET_NORMAL:
        cosem_apdu_read_data_result(&r, &out->result);
        break;
    case COSEM_GET_NEXT:
        read_block_g(&r, &out->block);
        break;
    case COSEM_GET_WITH_LIST:
        cosem_xdlms_read_list(&r, COSEM_XDLMS_DATA_RESULT_MIN, elem_data_result, &out->count,
                              &out->list);
        break;
    default:
        cosem_axdr_reader_fail(&r, COSEM_E_MALFORMED);
        break;
    }
    return cosem_xdlms_close(&r);
}

/* Head of a data answer; the caller streams the Data behind it. */
cosem_status_t cosem_get_response_normal_begin(cosem_axdr_writer_t *w, uint8_t invoke)
{
    uint8_t *p;
    if (cosem_axdr_reserve(w, 4, &p) == COSEM_OK && p != NULL) {
        p[0] = COSEM_APDU_GET_RESPONSE;
        p[1] = COSEM_GET_NORMAL;
        p[2] = invoke;
        p[3] = 0;
    }
    return w->err;
}

/* `C4 01 invoke 01 dar`: the attribute could not be read. */
cosem_status_t cosem_get_response_normal_error(cosem_axdr_writer_t *w, uint8_t invoke,
                                               cosem_dar_t dar)
{
    cosem_xdlms_head(w, COSEM_APDU_GET_RESPONSE, COSEM_GET_NORMAL, invoke);
    cosem_axdr_put_u8(w, 1);
    return cosem_axdr_put_u8(w, (uint8_t)dar);
}

/* One DataBlock-G: raw-data octet-string, or the result that ends a
 * block transfer. */
cosem_status_t cosem_get_response_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                               bool last, uint32_t block, const uint8_t *raw,
                                               size_t n, cosem_dar_t dar)
{
    cosem_xdlms_head(w, COSEM_APDU_GET_RESPONSE, COSEM_GET_NEXT, invoke);
    cosem_axdr_put_u8(w, last ? 1u : 0u);
    cosem_axdr_put_u32(w, block);
    if (raw == NULL) {
        cosem_axdr_put_u8(w, 1);
        return cosem_axdr_put_u8(w, (uint8_t)dar);
    }
    cosem_axdr_put_u8(w, 0);
    cosem_axdr_put_length(w, n);
    return cosem_axdr_put_bytes(w, raw, n);
}

/* Tag, choice, invoke, last, block-number (4), raw-data choice, length. */
size_t cosem_get_response_block_overhead(size_t n)
{
    return 9u + cosem_axdr_length_size(n);
}

/* Head of a with-list answer; the caller appends count results. */
cosem_status_t cosem_get_response_list_begin(cosem_axdr_writer_t *w, uint8_t invoke,
                                             size_t count)
{
    cosem_xdlms_head(w, COSEM_APDU_GET_RESPONSE, COSEM_GET_WITH_LIST, invoke);
    return cosem_axdr_put_length(w, count);
}

#else
typedef int cosem_xdlms_get_empty_t;
#endif
