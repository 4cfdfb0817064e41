/* SPDX-License-Identifier: Apache-2.0 */
/* ACCESS service (DLMS version 6, IEC 62056-5-3 9.3.9, Green Book ed. 9
 * 9.4.6.11): one access-request carries a list of get / set / action
 * items and, in a second list, one Data per item (the value to write, the
 * method's parameters, null-data for a get); the access-response carries a
 * Data per item (the value read, the method's return data, else null-data)
 * and a result per item. Wire form, as GuruxDLMS and Gurux.DLMS.Python
 * encode it:
 *   D9 long-invoke-id(4) date-time(octet string, 0 or 12 octets)
 *      count {kind(1 get, 2 set, 3 action, 4 get / 5 set with selection)
 *             class(2) obis(6) id(1) [access-selection]}
 *      count {Data}
 *   DA long-invoke-id(4) date-time(00) 00 (no request specification)
 *      count {Data} count {kind(1-3) result}
 * The items run in order, each with the association's rights, as if sent
 * alone; an error in one does not stop the others (the processing-option
 * bit 29 is not honoured). The whole request is checked before any item
 * runs: a malformed list, a data count that differs from the item count or
 * a Data that is not well formed change nothing (exception-response). */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_WITH_ACCESS

#include <string.h>

#include <cosem/server.h>

#include "server/server_internal.h"

/* Items one request may carry (their kinds and results are kept here). */
#define ACCESS_MAX_ITEMS 32u

/* Runs one item, its Data (value read, return data or null-data) into w
 * (rolled back to null-data on failure); its result. */
static cosem_dar_t run_item(cosem_assoc_t *a, uint8_t kind, const cosem_attr_ref_t *ref,
                            const cosem_selection_t *sel, const uint8_t *data, size_t dlen,
                            cosem_axdr_writer_t *w)
{
    static const uint8_t service[6] = {0, COSEM_SERVICE_GET, COSEM_SERVICE_SET,
                                       COSEM_SERVICE_ACTION, COSEM_SERVICE_GET, COSEM_SERVICE_SET};
    size_t start = cosem_axdr_writer_len(w);
    cosem_req_t r;
    cosem_dar_t dar = cosem_srv_resolve(a, ref, sel, service[kind], &r);
    if (dar == COSEM_DAR_SUCCESS) {
        if (service[kind] == COSEM_SERVICE_GET) {
            dar = cosem_srv_call_get(&r, w);
            if (dar == COSEM_DAR_SUCCESS && r.more_) {
                dar = COSEM_DAR_OTHER_REASON; /* longer than this response can carry */
            }
        } else if (service[kind] == COSEM_SERVICE_SET) {
            dar = cosem_srv_call_set(&r, data, dlen);
        } else {
            dar = cosem_srv_call_action(&r, data, dlen, w);
        }
        if (cosem_axdr_writer_status(w) != COSEM_OK) {
            dar = COSEM_DAR_OTHER_REASON;
        }
    }
    if (dar != COSEM_DAR_SUCCESS || cosem_axdr_writer_status(w) != COSEM_OK) {
        cosem_srv_writer_truncate(w, start);
    }
    if (cosem_axdr_writer_len(w) == start) {
        (void)cosem_axdr_write_null(w);
    }
    return dar;
}

/* access-request (see server_internal.h). */
void cosem_srv_access(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    cosem_access_apdu_t q;
    cosem_axdr_reader_t items, vals;
    cosem_axdr_writer_t dw;
    uint8_t kinds[ACCESS_MAX_ITEMS], results[ACCESS_MAX_ITEMS];
    size_t outmax = cosem_srv_out_max(a, w->cap), i, room;
    /* the whole request is checked before any item runs */
    if (cosem_access_request_decode(apdu, len, &q) != COSEM_OK || q.count > ACCESS_MAX_ITEMS) {
        cosem_srv_bad_request(a, w);
        return;
    }
    /* the results take 2 octets each after the data, plus a count */
    room = 3u + 2u * (size_t)q.count;
    cosem_axdr_writer_init(&dw, w->buf, outmax > room ? outmax - room : 0u);
    (void)cosem_axdr_put_u8(&dw, COSEM_APDU_ACCESS_RESPONSE);
    (void)cosem_axdr_put_u32(&dw, q.long_invoke);
    (void)cosem_axdr_put_u8(&dw, 0x00); /* no date-time */
    (void)cosem_axdr_put_u8(&dw, 0x00); /* no access-request-specification */
    (void)cosem_axdr_put_length(&dw, q.count);
    cosem_axdr_reader_init(&items, q.items.p, q.items.len);
    cosem_axdr_reader_init(&vals, q.data.p, q.data.len);
    for (i = 0; i < q.count && cosem_axdr_writer_status(&dw) == COSEM_OK; ++i) {
        cosem_attr_ref_t ref;
        cosem_selection_t sel;
        size_t at = cosem_axdr_reader_pos(&vals);
        (void)cosem_access_read_item(&items, &kinds[i], &ref, &sel);
        (void)cosem_axdr_skip(&vals);
        results[i] = (uint8_t)run_item(a, kinds[i], &ref, &sel, q.data.p + at,
                                       cosem_axdr_reader_pos(&vals) - at, &dw);
        kinds[i] = kinds[i] == COSEM_ACCESS_GET_SEL   ? (uint8_t)COSEM_ACCESS_GET
                   : kinds[i] == COSEM_ACCESS_SET_SEL ? (uint8_t)COSEM_ACCESS_SET
                                                      : kinds[i];
    }
    if (cosem_axdr_writer_status(&dw) != COSEM_OK) {
        cosem_srv_exception(w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED,
                            COSEM_SERVICE_ERROR_PDU_TOO_LONG);
        return;
    }
    /* the header and data were written in place: take them into w */
    cosem_srv_writer_truncate(w, cosem_axdr_writer_len(&dw));
    (void)cosem_axdr_put_length(w, q.count);
    for (i = 0; i < q.count; ++i) {
        (void)cosem_axdr_put_u8(w, kinds[i]);
        (void)cosem_axdr_put_u8(w, results[i]);
    }
}

#else
typedef int cosem_access_empty_t;
#endif
