/* SPDX-License-Identifier: Apache-2.0 */
/* SET service (IEC 62056-5-3): set-request normal / with-first-datablock /
 * with-datablock / with-list / with-list-and-first-datablock and every
 * set-response form, both directions. */
#include <cosem/apdu.h>

#include "../config_check.h"

#if COSEM_WITH_SERVER || COSEM_WITH_CLIENT

#include <string.h>

#include "xdlms_internal.h"

/* Checks one data-access-result octet of a with-list response. */
static cosem_status_t elem_dar(cosem_axdr_reader_t *r)
{
    uint8_t dar;
    return cosem_axdr_get_u8(r, &dar);
}

/* The body of each set-request choice after the invoke octet. */
static void read_set_request(cosem_axdr_reader_t *r, cosem_set_request_t *out)
{
    switch (out->type) {
    case COSEM_SET_NORMAL:
        cosem_apdu_read_attr_sel(r, &out->ref, &out->sel);
        cosem_xdlms_read_data(r, &out->value);
        break;
#if COSEM_WITH_LIST_BLOCK_WRITE
    case COSEM_SET_WITH_FIRST_DATABLOCK:
        cosem_apdu_read_attr_sel(r, &out->ref, &out->sel);
        cosem_xdlms_read_sa(r, &out->block);
        break;
    case COSEM_SET_WITH_DATABLOCK:
        cosem_xdlms_read_sa(r, &out->block);
        break;
    case COSEM_SET_WITH_LIST:
        cosem_xdlms_read_list(r, COSEM_XDLMS_ATTR_SEL_SIZE, cosem_xdlms_elem_attr_sel,
                              &out->count, &out->list);
        cosem_xdlms_read_list_n(r, COSEM_XDLMS_DATA_MIN, cosem_xdlms_elem_data, out->count,
                                &out->values);
        break;
    case COSEM_SET_WITH_LIST_FIRST_DATABLOCK:
        cosem_xdlms_read_list(r, COSEM_XDLMS_ATTR_SEL_SIZE, cosem_xdlms_elem_attr_sel,
                              &out->count, &out->list);
        cosem_xdlms_read_sa(r, &out->block);
        break;
    default:
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        break;
#else
    default:
        /* the other choices are left out (COSEM_WITH_LIST_BLOCK_WRITE 0) */
        cosem_axdr_reader_fail(r, out->type >= COSEM_SET_WITH_FIRST_DATABLOCK &&
                                      out->type <= COSEM_SET_WITH_LIST_FIRST_DATABLOCK
                                      ? COSEM_E_UNSUPPORTED
                                      : COSEM_E_MALFORMED);
        break;
#endif
    }
}

/* set-request of any choice; WITH_LIST values must pair with descriptors. */
cosem_status_t cosem_set_request_decode(const uint8_t *apdu, size_t len, cosem_set_request_t *out)
{
    cosem_axdr_reader_t r;
    memset(out, 0, sizeof *out);
    if (cosem_xdlms_open(&r, apdu, len, COSEM_APDU_SET_REQUEST, &out->type, &out->invoke) ==
        COSEM_OK) {
        read_set_request(&r, out);
    }
    return cosem_xdlms_close(&r);
}

/* `C1 01 invoke` descriptor, selection, one whole Data value (checked). */
cosem_status_t cosem_set_request_normal_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                               const cosem_attr_ref_t *ref,
                                               const cosem_selection_t *sel,
                                               const uint8_t *value, size_t n)
{
    if (!cosem_xdlms_values_ok(value, n, 1)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_xdlms_head(w, COSEM_APDU_SET_REQUEST, COSEM_SET_NORMAL, invoke);
    cosem_apdu_write_attr_sel(w, ref, sel);
    return cosem_axdr_put_bytes(w, value, n);
}

/* First block carries the descriptor; later ones only DataBlock-SA. */
cosem_status_t cosem_set_request_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                              const cosem_attr_ref_t *ref,
                                              const cosem_selection_t *sel, bool last,
                                              uint32_t block, const uint8_t *raw, size_t n)
{
    if (ref != NULL) {
        cosem_xdlms_head(w, COSEM_APDU_SET_REQUEST, COSEM_SET_WITH_FIRST_DATABLOCK, invoke);
        cosem_apdu_write_attr_sel(w, ref, sel);
    } else {
        cosem_xdlms_head(w, COSEM_APDU_SET_REQUEST, COSEM_SET_WITH_DATABLOCK, invoke);
    }
    return cosem_xdlms_write_sa(w, last, block, raw, n);
}

/* `C1 04 invoke count` descriptors, then count and the n values (checked). */
cosem_status_t cosem_set_request_list_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                             const cosem_attr_ref_t *refs,
                                             const cosem_selection_t *sels, size_t n,
                                             const uint8_t *values, size_t values_len)
{
    (void)cosem_xdlms_head_list(w, COSEM_APDU_SET_REQUEST, COSEM_SET_WITH_LIST, invoke, refs,
                                sels, true, n);
    return cosem_xdlms_write_values(w, n, values, values_len);
}

/* The body of each set-response choice after the invoke octet. */
static void read_set_response(cosem_axdr_reader_t *r, cosem_set_response_t *out)
{
    switch (out->type) {
    case COSEM_SET_RES_NORMAL:
        cosem_axdr_get_u8(r, &out->dar);
        break;
    case COSEM_SET_RES_DATABLOCK:
        cosem_axdr_get_u32(r, &out->block);
        break;
    case COSEM_SET_RES_LAST_DATABLOCK:
        cosem_axdr_get_u8(r, &out->dar);
        cosem_axdr_get_u32(r, &out->block);
        break;
    case COSEM_SET_RES_LAST_DATABLOCK_LIST:
        cosem_xdlms_read_list(r, 1u, elem_dar, &out->count, &out->list);
        cosem_axdr_get_u32(r, &out->block);
        break;
    case COSEM_SET_RES_WITH_LIST:
        cosem_xdlms_read_list(r, 1u, elem_dar, &out->count, &out->list);
        break;
    default:
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        break;
    }
}

/* set-response of any choice; list results are bare enum octets. */
cosem_status_t cosem_set_response_decode(const uint8_t *apdu, size_t len,
                                         cosem_set_response_t *out)
{
    cosem_axdr_reader_t r;
    memset(out, 0, sizeof *out);
    if (cosem_xdlms_open(&r, apdu, len, COSEM_APDU_SET_RESPONSE, &out->type, &out->invoke) ==
        COSEM_OK) {
        read_set_response(&r, out);
    }
    return cosem_xdlms_close(&r);
}

/* `C5 01 invoke dar`. */
cosem_status_t cosem_set_response_normal_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                cosem_dar_t dar)
{
    cosem_xdlms_head(w, COSEM_APDU_SET_RESPONSE, COSEM_SET_RES_NORMAL, invoke);
    return cosem_axdr_put_u8(w, (uint8_t)dar);
}

/* `C5 02 invoke block`: block received, send the next. */
cosem_status_t cosem_set_response_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                               uint32_t block)
{
    cosem_xdlms_head(w, COSEM_APDU_SET_RESPONSE, COSEM_SET_RES_DATABLOCK, invoke);
    return cosem_axdr_put_u32(w, block);
}

/* `C5 03 invoke dar block`: the long write is complete. */
cosem_status_t cosem_set_response_last_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                    cosem_dar_t dar, uint32_t block)
{
    cosem_xdlms_head(w, COSEM_APDU_SET_RESPONSE, COSEM_SET_RES_LAST_DATABLOCK, invoke);
    cosem_axdr_put_u8(w, (uint8_t)dar);
    return cosem_axdr_put_u32(w, block);
}

/* Block numbers start at 1, so 0 in @p last_block selects -with-list. */
cosem_status_t cosem_set_response_list_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                              const uint8_t *dars, size_t n,
                                              uint32_t last_block)
{
    cosem_xdlms_head(w, COSEM_APDU_SET_RESPONSE,
                     last_block != 0 ? COSEM_SET_RES_LAST_DATABLOCK_LIST : COSEM_SET_RES_WITH_LIST,
                     invoke);
    cosem_axdr_put_length(w, n);
    cosem_axdr_put_bytes(w, dars, n);
    if (last_block != 0) {
        cosem_axdr_put_u32(w, last_block);
    }
    return cosem_axdr_writer_status(w);
}

#else
typedef int cosem_xdlms_set_empty_t;
#endif
