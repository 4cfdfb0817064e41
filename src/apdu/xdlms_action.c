/* SPDX-License-Identifier: Apache-2.0 */
/* ACTION service (IEC 62056-5-3): action-request normal / next-pblock /
 * with-list / with-first-pblock / with-list-and-first-pblock / with-pblock
 * and action-response normal / with-pblock / with-list / next-pblock. */
#include <cosem/apdu.h>

#include "../config_check.h"

#if COSEM_WITH_SERVER || COSEM_WITH_CLIENT

#include <string.h>

#include "xdlms_internal.h"

/* Checks one Action-Response-With-Optional-Data of a with-list response. */
static cosem_status_t elem_action_result(cosem_axdr_reader_t *r)
{
    uint8_t result;
    bool has;
    cosem_data_result_t ret;
    return cosem_apdu_read_action_result(r, &result, &has, &ret);
}

/* method-invocation-parameters OPTIONAL: 00, or 01 then one Data; absent
 * altogether when the APDU ends after the method descriptor (EPRI). EPRI
 * DLMS-COSEM's client also writes a parameter as the Data alone, without
 * the 01 (C3 01 40 0008 0000010000FF 01 0F 00 for integer 0): when the
 * standard reading fails or leaves octets, the rest is taken as the
 * parameter if it is exactly one Data. */
static void read_params(cosem_axdr_reader_t *r, cosem_action_request_t *out)
{
    cosem_axdr_reader_t bare = *r;
    if (cosem_xdlms_read_optional(r, &out->has_params) == COSEM_OK && out->has_params) {
        cosem_xdlms_read_data(r, &out->params);
    }
    if (cosem_axdr_reader_status(r) != COSEM_OK || cosem_axdr_reader_remaining(r) != 0u) {
        cosem_slice_t d;
        cosem_xdlms_read_data(&bare, &d);
        if (cosem_axdr_reader_status(&bare) == COSEM_OK && cosem_axdr_reader_remaining(&bare) == 0u) {
            *r = bare;
            out->has_params = true;
            out->params = d;
        }
    }
}

/* The body of each action-request choice after the invoke octet. */
static void read_action_request(cosem_axdr_reader_t *r, cosem_action_request_t *out)
{
    switch (out->type) {
    case COSEM_ACTION_NORMAL:
        cosem_apdu_read_attr(r, &out->ref);
        read_params(r, out);
        break;
#if COSEM_WITH_LIST_BLOCK_WRITE
    case COSEM_ACTION_NEXT_PBLOCK:
        cosem_axdr_get_u32(r, &out->block);
        break;
    case COSEM_ACTION_WITH_LIST:
        cosem_xdlms_read_list(r, COSEM_XDLMS_ATTR_SIZE, cosem_xdlms_elem_attr, &out->count,
                              &out->list);
        cosem_xdlms_read_list_n(r, COSEM_XDLMS_DATA_MIN, cosem_xdlms_elem_data, out->count,
                                &out->values);
        break;
    case COSEM_ACTION_WITH_FIRST_PBLOCK:
        cosem_apdu_read_attr(r, &out->ref);
        cosem_xdlms_read_sa(r, &out->pblock);
        break;
    case COSEM_ACTION_WITH_LIST_FIRST_PBLOCK:
        cosem_xdlms_read_list(r, COSEM_XDLMS_ATTR_SIZE, cosem_xdlms_elem_attr, &out->count,
                              &out->list);
        cosem_xdlms_read_sa(r, &out->pblock);
        break;
    case COSEM_ACTION_WITH_PBLOCK:
        cosem_xdlms_read_sa(r, &out->pblock);
        break;
    default:
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        break;
#else
    default:
        /* the other choices are left out (COSEM_WITH_LIST_BLOCK_WRITE 0) */
        cosem_axdr_reader_fail(r, out->type >= COSEM_ACTION_NEXT_PBLOCK &&
                                      out->type <= COSEM_ACTION_WITH_PBLOCK
                                  ? COSEM_E_UNSUPPORTED
                                  : COSEM_E_MALFORMED);
        break;
#endif
    }
}

/* action-request of any choice; WITH_LIST parameters pair with methods. */
cosem_status_t cosem_action_request_decode(const uint8_t *apdu, size_t len,
                                           cosem_action_request_t *out)
{
    cosem_axdr_reader_t r;
    memset(out, 0, sizeof *out);
    if (cosem_xdlms_open(&r, apdu, len, COSEM_APDU_ACTION_REQUEST, &out->type, &out->invoke) ==
        COSEM_OK) {
        read_action_request(&r, out);
    }
    return cosem_xdlms_close(&r);
}

/* `C3 01 invoke` method, parameters OPTIONAL (one whole Data, checked). */
cosem_status_t cosem_action_request_normal_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                  const cosem_attr_ref_t *ref,
                                                  const uint8_t *params, size_t n)
{
    if (params != NULL && !cosem_xdlms_values_ok(params, n, 1)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_xdlms_head(w, COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_NORMAL, invoke);
    cosem_apdu_write_attr(w, ref);
    if (params == NULL) {
        return cosem_axdr_put_u8(w, 0);
    }
    cosem_axdr_put_u8(w, 1);
    return cosem_axdr_put_bytes(w, params, n);
}

/* First pblock carries the method descriptor; later ones only the block. */
cosem_status_t cosem_action_request_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                 const cosem_attr_ref_t *ref, bool last,
                                                 uint32_t block, const uint8_t *raw, size_t n)
{
    if (ref != NULL) {
        cosem_xdlms_head(w, COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_WITH_FIRST_PBLOCK, invoke);
        cosem_apdu_write_attr(w, ref);
    } else {
        cosem_xdlms_head(w, COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_WITH_PBLOCK, invoke);
    }
    return cosem_xdlms_write_sa(w, last, block, raw, n);
}

/* `C3 02 invoke block`: ask for the next block of return parameters. */
cosem_status_t cosem_action_request_next_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                uint32_t block)
{
    cosem_xdlms_head(w, COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_NEXT_PBLOCK, invoke);
    return cosem_axdr_put_u32(w, block);
}

/* `C3 03 invoke count` methods, then count and the n parameters (checked). */
cosem_status_t cosem_action_request_list_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                const cosem_attr_ref_t *refs, size_t n,
                                                const uint8_t *values, size_t values_len)
{
    (void)cosem_xdlms_head_list(w, COSEM_APDU_ACTION_REQUEST, COSEM_ACTION_WITH_LIST, invoke,
                                refs, NULL, false, n);
    return cosem_xdlms_write_values(w, n, values, values_len);
}

/* The body of each action-response choice after the invoke octet. */
static void read_action_response(cosem_axdr_reader_t *r, cosem_action_response_t *out)
{
    switch (out->type) {
    case COSEM_ACTION_RES_NORMAL:
        cosem_apdu_read_action_result(r, &out->result, &out->has_return, &out->ret);
        break;
    case COSEM_ACTION_RES_WITH_PBLOCK:
        cosem_xdlms_read_sa(r, &out->pblock);
        break;
    case COSEM_ACTION_RES_WITH_LIST:
        cosem_xdlms_read_list(r, COSEM_XDLMS_ACTION_RESULT_MIN, elem_action_result,
                              &out->count, &out->list);
        break;
    case COSEM_ACTION_RES_NEXT_PBLOCK:
        cosem_axdr_get_u32(r, &out->block);
        break;
    default:
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        break;
    }
}

/* action-response of any choice. */
cosem_status_t cosem_action_response_decode(const uint8_t *apdu, size_t len,
                                            cosem_action_response_t *out)
{
    cosem_axdr_reader_t r;
    memset(out, 0, sizeof *out);
    if (cosem_xdlms_open(&r, apdu, len, COSEM_APDU_ACTION_RESPONSE, &out->type, &out->invoke) ==
        COSEM_OK) {
        read_action_response(&r, out);
    }
    return cosem_xdlms_close(&r);
}

/* Head of an action answer; with data the caller appends the Data. */
cosem_status_t cosem_action_response_normal_begin(cosem_axdr_writer_t *w, uint8_t invoke,
                                                  cosem_dar_t result, bool with_data)
{
    cosem_xdlms_head(w, COSEM_APDU_ACTION_RESPONSE, COSEM_ACTION_RES_NORMAL, invoke);
    cosem_axdr_put_u8(w, (uint8_t)result);
    if (!with_data) {
        return cosem_axdr_put_u8(w, 0);
    }
    cosem_axdr_put_u8(w, 1);
    return cosem_axdr_put_u8(w, 0);
}

/* One pblock of long return parameters. */
cosem_status_t cosem_action_response_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                  bool last, uint32_t block,
                                                  const uint8_t *raw, size_t n)
{
    cosem_xdlms_head(w, COSEM_APDU_ACTION_RESPONSE, COSEM_ACTION_RES_WITH_PBLOCK, invoke);
    return cosem_xdlms_write_sa(w, last, block, raw, n);
}

/* `C7 04 invoke block`: pblock received, send the next. */
cosem_status_t cosem_action_response_next_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                 uint32_t block)
{
    cosem_xdlms_head(w, COSEM_APDU_ACTION_RESPONSE, COSEM_ACTION_RES_NEXT_PBLOCK, invoke);
    return cosem_axdr_put_u32(w, block);
}

/* Head of a with-list answer; the caller appends count results. */
cosem_status_t cosem_action_response_list_begin(cosem_axdr_writer_t *w, uint8_t invoke,
                                                size_t count)
{
    cosem_xdlms_head(w, COSEM_APDU_ACTION_RESPONSE, COSEM_ACTION_RES_WITH_LIST, invoke);
    return cosem_axdr_put_length(w, count);
}

#else
typedef int cosem_xdlms_action_empty_t;
#endif
