/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the xDLMS service codecs (xdlms_*.c): APDU heads,
 * Data slices, DataBlock-SA, bounded SEQUENCE OF counts and the mapping of
 * reader errors onto the statuses apdu.h documents. */
#ifndef COSEM_XDLMS_INTERNAL_H
#define COSEM_XDLMS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cosem/apdu.h>
#include <cosem/axdr.h>

/* Smallest encodings of list elements, used to bound counts by the input. */
#define COSEM_XDLMS_ATTR_SIZE 9u        /* class u16 + 6 octets + id */
#define COSEM_XDLMS_ATTR_SEL_SIZE 10u   /* the same + selective-access flag */
#define COSEM_XDLMS_DATA_MIN 1u         /* null-data */
#define COSEM_XDLMS_DATA_RESULT_MIN 2u  /* 00 null-data | 01 dar */
#define COSEM_XDLMS_ACTION_RESULT_MIN 2u /* result + absent return */

/* Reads one list element (it is checked and skipped, nothing is kept). */
typedef cosem_status_t (*cosem_xdlms_elem_fn)(cosem_axdr_reader_t *r);

/* Maps any status onto those the decoders document (TRUNCATED, MALFORMED,
 * UNSUPPORTED, TRAILING, DEPTH); others become MALFORMED. */
cosem_status_t cosem_xdlms_status(cosem_status_t st);

/* Starts decoding an APDU: checks the tag (UNSUPPORTED if another), reads
 * the CHOICE number and the invoke-id-and-priority octet. */
cosem_status_t cosem_xdlms_open(cosem_axdr_reader_t *r, const uint8_t *apdu, size_t len,
                                uint8_t tag, uint8_t *choice, uint8_t *invoke);

/* Ends decoding: trailing octets are an error; returns the mapped status. */
cosem_status_t cosem_xdlms_close(cosem_axdr_reader_t *r);

/* After a probe (a copy of r) has walked some elements: the octets it
 * went past r become the slice and r moves past them; a probe's error
 * becomes r's (the slice is then empty). Returns r's status. */
cosem_status_t cosem_xdlms_take(cosem_axdr_reader_t *r, const cosem_axdr_reader_t *probe,
                                cosem_slice_t *out);

/* Reads one whole Data value (checked with cosem_axdr_skip()) as a slice. */
cosem_status_t cosem_xdlms_read_data(cosem_axdr_reader_t *r, cosem_slice_t *out);

/* Reads an A-XDR BOOLEAN octet; anything but 00 / 01 is MALFORMED. */
cosem_status_t cosem_xdlms_read_bool(cosem_axdr_reader_t *r, bool *v);

/* Reads an OPTIONAL presence octet; the end of the input means absent. */
cosem_status_t cosem_xdlms_read_optional(cosem_axdr_reader_t *r, bool *v);

/* Reads DataBlock-SA: last-block, block-number, raw-data octet-string. */
cosem_status_t cosem_xdlms_read_sa(cosem_axdr_reader_t *r, cosem_datablock_t *b);

/* Reads a SEQUENCE OF count, bounded by the input (min octets per element)
 * and by the uint16_t the decoded structures hold. */
cosem_status_t cosem_xdlms_read_count(cosem_axdr_reader_t *r, size_t min_each, size_t *count);

/* Reads a counted list whose elements fn checks; hands out count and slice. */
cosem_status_t cosem_xdlms_read_list(cosem_axdr_reader_t *r, size_t min_each,
                                     cosem_xdlms_elem_fn fn, uint16_t *count,
                                     cosem_slice_t *list);

/* Reads a second list of exactly count elements (with-list values). */
cosem_status_t cosem_xdlms_read_list_n(cosem_axdr_reader_t *r, size_t min_each,
                                       cosem_xdlms_elem_fn fn, uint16_t count,
                                       cosem_slice_t *list);

/* List element checkers. */
cosem_status_t cosem_xdlms_elem_attr_sel(cosem_axdr_reader_t *r);
cosem_status_t cosem_xdlms_elem_attr(cosem_axdr_reader_t *r);
cosem_status_t cosem_xdlms_elem_data(cosem_axdr_reader_t *r);

/* Writes tag, CHOICE number and invoke-id-and-priority. */
cosem_status_t cosem_xdlms_head(cosem_axdr_writer_t *w, uint8_t tag, uint8_t choice,
                                uint8_t invoke);

/* Writes the head of a with-list request and its count of n descriptors:
 * attribute descriptors with selective access (sels NULL: none for any)
 * when with_sel, else bare method descriptors. COSEM_E_ARG when refs is
 * NULL and n is not 0. */
cosem_status_t cosem_xdlms_head_list(cosem_axdr_writer_t *w, uint8_t tag, uint8_t choice,
                                     uint8_t invoke, const cosem_attr_ref_t *refs,
                                     const cosem_selection_t *sels, bool with_sel, size_t n);

/* Writes DataBlock-SA. */
cosem_status_t cosem_xdlms_write_sa(cosem_axdr_writer_t *w, bool last, uint32_t block,
                                    const uint8_t *raw, size_t n);

/* Whether @p values holds exactly n whole Data values. */
bool cosem_xdlms_values_ok(const uint8_t *values, size_t len, size_t n);

/* Writes a count and n whole Data values after checking that @p values is
 * exactly n of them (COSEM_E_ARG otherwise). */
cosem_status_t cosem_xdlms_write_values(cosem_axdr_writer_t *w, size_t n,
                                        const uint8_t *values, size_t len);

#if COSEM_WITH_GBT
/* Writes the head of a general-block-transfer whose block-data (n octets,
 * g->data ignored) the caller writes after it: tag, block-control,
 * block-number, block-number-ack, length. */
void cosem_gbt_encode_head(cosem_axdr_writer_t *w, const cosem_gbt_t *g, size_t n);
#endif

/* The commonest request, get-request-normal without selective access in
 * its 13 octets (C0 01 invoke class obis attribute 00): whether apdu is
 * one, and its fields read directly (the cursor walk costs more than the
 * octets). The server's lean GET serves it so; cosem_get_request_decode()
 * gives the same fields through the cursor walk. */
static inline bool cosem_get_request_is_plain(const uint8_t *apdu, size_t len)
{
    return len == 13u && apdu != NULL && apdu[0] == COSEM_APDU_GET_REQUEST &&
           apdu[1] == COSEM_GET_NORMAL && apdu[12] == 0u;
}

static inline void cosem_get_request_plain(const uint8_t *apdu, cosem_get_request_t *out)
{
    out->type = COSEM_GET_NORMAL;
    out->invoke = apdu[2];
    out->ref.class_id = (uint16_t)((unsigned)apdu[3] << 8 | apdu[4]);
    memcpy(out->ref.obis, apdu + 5, 6);
    out->ref.id = (int8_t)apdu[11];
    out->sel.selector = 0u;
    out->sel.params.p = NULL;
    out->sel.params.len = 0u;
}

#endif /* COSEM_XDLMS_INTERNAL_H */
