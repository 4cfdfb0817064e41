/* SPDX-License-Identifier: Apache-2.0 */
/* Result parser of the client session: turns the octets of a result (one
 * Data value, or a with-list sequence of Get-Data-Results or of
 * Action-Response-With-Optional-Data) arriving in any
 * number of pieces (GET datablocks, ACTION pblocks) into callback events:
 * a whole value, or an array header followed by each top-level element as
 * soon as it is complete. A unit cut by a block boundary is completed in
 * the reassembly area (element_max octets): memory stays constant whatever
 * the number of elements. */
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

/* Starts a result (see client_internal.h). */
void cosem_client_stream_start(cosem_client_t *c, int list)
{
    memset(&c->st, 0, sizeof c->st);
    c->st.list = (uint8_t)(list == 0 ? 0 : list <= 2 ? 1 : 2);
    if (list == 1 || list == 3) {
        c->st.state = COSEM_CLIENT_ST_LIST_COUNT;
    } else if (list == 2 || list == 4) {
        c->st.items = c->count;
        c->st.state = c->count > 0 ? COSEM_CLIENT_ST_ITEM : COSEM_CLIENT_ST_DONE;
    } else {
        c->st.state = COSEM_CLIENT_ST_HEADER;
    }
}

/* Gives one piece to the data callback; a refusal stops the operation. */
cosem_status_t cosem_client_emit(cosem_client_t *c, cosem_client_data_t *d)
{
    cosem_status_t st;
    d->item = c->st.item;
    if (c->data_fn == NULL) {
        return COSEM_OK;
    }
    st = c->data_fn(c->data_user, d);
    if (st != COSEM_OK && c->cb_layer == COSEM_CLIENT_LAYER_NONE) {
        c->cb_layer = COSEM_CLIENT_LAYER_LOCAL;
    }
    return st;
}

/* A value of the current item is complete: next item or done. */
static void value_done(cosem_client_t *c)
{
    if (c->st.list && c->st.items > 1) {
        c->st.items--;
        c->st.item++;
        c->st.state = COSEM_CLIENT_ST_ITEM;
    } else {
        c->st.state = COSEM_CLIENT_ST_DONE;
    }
}

/* Emits one event for octets p[0..n). */
static cosem_status_t emit_piece(cosem_client_t *c, uint8_t kind, const uint8_t *p, size_t n)
{
    cosem_client_data_t d;
    memset(&d, 0, sizeof d);
    d.kind = kind;
    d.data = p;
    d.len = n;
    d.index = c->st.index;
    d.count = c->st.left;
    return cosem_client_emit(c, &d);
}

/* Header unit: an array header (tag, length) is consumed and announced;
 * any other tag starts a whole value (nothing consumed). */
static cosem_status_t unit_header(cosem_client_t *c, cosem_axdr_reader_t *r, const uint8_t *p,
                                  size_t *used)
{
    uint8_t tag = 0;
    size_t count = 0;
    cosem_status_t st;
    if (cosem_axdr_get_u8(r, &tag) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    if (tag != COSEM_AXDR_ARRAY) {
        c->st.state = COSEM_CLIENT_ST_WHOLE;
        return COSEM_OK;
    }
    if (cosem_axdr_get_length(r, &count) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    if (count > UINT32_MAX) {
        return COSEM_E_RANGE;
    }
    *used = cosem_axdr_reader_pos(r);
    c->st.left = (uint32_t)count;
    c->st.index = 0;
    c->st.state = COSEM_CLIENT_ST_ELEMS;
    st = emit_piece(c, COSEM_CLIENT_DATA_ARRAY, p, *used);
    if (count == 0) {
        value_done(c);
    }
    return st;
}

/* Element or whole-value unit: one complete Data value. */
static cosem_status_t unit_value(cosem_client_t *c, cosem_axdr_reader_t *r, const uint8_t *p,
                                 size_t *used)
{
    cosem_status_t st;
    if (cosem_axdr_skip(r) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    *used = cosem_axdr_reader_pos(r);
    if (c->st.state == COSEM_CLIENT_ST_WHOLE) {
        st = emit_piece(c, COSEM_CLIENT_DATA_VALUE, p, *used);
        value_done(c);
        return st;
    }
    st = emit_piece(c, COSEM_CLIENT_DATA_ELEMENT, p, *used);
    c->st.index++;
    c->st.left--;
    if (c->st.left == 0) {
        value_done(c);
    }
    return st;
}

/* List-count unit: the number of Get-Data-Results (must match the request). */
static cosem_status_t unit_count(cosem_client_t *c, cosem_axdr_reader_t *r, size_t *used)
{
    size_t count = 0;
    if (cosem_axdr_get_length(r, &count) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    if (count != c->count) {
        return COSEM_E_MALFORMED;
    }
    *used = cosem_axdr_reader_pos(r);
    c->st.items = (uint32_t)count;
    c->st.state = count > 0 ? COSEM_CLIENT_ST_ITEM : COSEM_CLIENT_ST_DONE;
    return COSEM_OK;
}

/* Item unit: Get-Data-Result choice, data (0) or data-access-result (1). */
static cosem_status_t unit_item(cosem_client_t *c, cosem_axdr_reader_t *r, size_t *used)
{
    uint8_t choice = 0, dar = 0;
    cosem_client_data_t d;
    cosem_status_t st;
    if (cosem_axdr_get_u8(r, &choice) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    if (choice == 0) {
        *used = 1;
        c->st.state = COSEM_CLIENT_ST_HEADER;
        return COSEM_OK;
    }
    if (choice != 1) {
        return COSEM_E_MALFORMED;
    }
    if (cosem_axdr_get_u8(r, &dar) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    *used = 2;
    memset(&d, 0, sizeof d);
    d.kind = COSEM_CLIENT_DATA_RESULT;
    d.dar = dar;
    st = cosem_client_emit(c, &d);
    value_done(c);
    return st;
}

/* Action item unit: Action-Response-With-Optional-Data, i.e. the
 * action-result, the presence octet of the return parameters and, when
 * present, their Get-Data-Result choice (with the DAR, or the value next). */
static cosem_status_t unit_action_item(cosem_client_t *c, cosem_axdr_reader_t *r, size_t *used)
{
    uint8_t result = 0, has = 0, choice = 0, dar = 0;
    cosem_client_data_t d;
    cosem_status_t st;
    cosem_axdr_get_u8(r, &result);
    cosem_axdr_get_u8(r, &has);
    if (has == 1) {
        cosem_axdr_get_u8(r, &choice);
        if (choice == 1) {
            cosem_axdr_get_u8(r, &dar);
        }
    }
    if (cosem_axdr_reader_status(r) != COSEM_OK) {
        return cosem_axdr_reader_status(r);
    }
    if (has > 1 || choice > 1) {
        return COSEM_E_MALFORMED;
    }
    *used = cosem_axdr_reader_pos(r);
    memset(&d, 0, sizeof d);
    d.kind = COSEM_CLIENT_DATA_RESULT;
    d.dar = result != 0 ? result : dar;
    st = cosem_client_emit(c, &d);
    if (has == 1 && choice == 0) {
        c->st.state = COSEM_CLIENT_ST_HEADER;
    } else {
        value_done(c);
    }
    return st;
}

/* Parses the next unit from p[0..n): COSEM_OK with *used octets consumed
 * (0 when only the state changed), COSEM_E_TRUNCATED when more octets are
 * needed, or an error. */
static cosem_status_t unit(cosem_client_t *c, const uint8_t *p, size_t n, size_t *used)
{
    cosem_axdr_reader_t r;
    cosem_axdr_reader_init(&r, p, n);
    *used = 0;
    switch (c->st.state) {
    case COSEM_CLIENT_ST_HEADER:
        return unit_header(c, &r, p, used);
    case COSEM_CLIENT_ST_ELEMS:
    case COSEM_CLIENT_ST_WHOLE:
        return unit_value(c, &r, p, used);
    case COSEM_CLIENT_ST_LIST_COUNT:
        return unit_count(c, &r, used);
    case COSEM_CLIENT_ST_ITEM:
        return c->st.list == 2 ? unit_action_item(c, &r, used) : unit_item(c, &r, used);
    default:
        return COSEM_E_TRAILING;
    }
}

/* Continues a unit held in the reassembly area with the new octets
 * *p[0..*n): consumes what the unit took from them. Returns COSEM_OK (go
 * on), COSEM_E_WOULDBLOCK (all taken, unit still incomplete) or an error. */
static cosem_status_t step_pending(cosem_client_t *c, const uint8_t **p, size_t *n)
{
    size_t room = c->cfg.element_max - c->st.pend;
    size_t k = *n < room ? *n : room;
    size_t used = 0;
    cosem_status_t st;
    if (k > 0) {
        memcpy(c->elem + c->st.pend, *p, k);
    }
    st = unit(c, c->elem, c->st.pend + k, &used);
    if (st == COSEM_E_TRUNCATED) {
        if (k < *n) {
            return COSEM_E_NOSPACE; /* one element larger than the area */
        }
        c->st.pend += k;
        *p += k;
        *n = 0;
        return COSEM_E_WOULDBLOCK;
    }
    if (st != COSEM_OK) {
        return st;
    }
    if (used < c->st.pend) { /* the unit ended inside the held octets */
        cosem_mem_move(c->elem, c->elem + used, c->st.pend - used);
        c->st.pend -= used;
        return COSEM_OK;
    }
    *p += used - c->st.pend;
    *n -= used - c->st.pend;
    c->st.pend = 0;
    return COSEM_OK;
}

/* Parses a unit in place; an incomplete one moves to the reassembly area. */
static cosem_status_t step_direct(cosem_client_t *c, const uint8_t **p, size_t *n)
{
    size_t used = 0;
    cosem_status_t st = unit(c, *p, *n, &used);
    if (st == COSEM_E_TRUNCATED) {
        if (*n > c->cfg.element_max) {
            return COSEM_E_NOSPACE;
        }
        memcpy(c->elem, *p, *n);
        c->st.pend = *n;
        *p += *n;
        *n = 0;
        return COSEM_E_WOULDBLOCK;
    }
    if (st == COSEM_OK) {
        *p += used;
        *n -= used;
    }
    return st;
}

/* Feeds the next octets of the result (see client_internal.h). */
cosem_status_t cosem_client_stream_feed(cosem_client_t *c, const uint8_t *p, size_t n,
                                        bool last)
{
    cosem_status_t st = COSEM_OK;
    while (st == COSEM_OK) {
        if (c->st.state == COSEM_CLIENT_ST_DONE) {
            return (n > 0 || c->st.pend > 0) ? COSEM_E_TRAILING : COSEM_OK;
        }
        if (c->st.pend > 0) {
            st = step_pending(c, &p, &n);
        } else if (n > 0) {
            st = step_direct(c, &p, &n);
        } else {
            st = COSEM_E_WOULDBLOCK;
        }
    }
    if (st == COSEM_E_WOULDBLOCK) {
        st = last ? COSEM_E_TRUNCATED : COSEM_OK;
    }
    return st;
}

#else
typedef int cosem_client_stream_empty_t;
#endif /* COSEM_WITH_CLIENT */
