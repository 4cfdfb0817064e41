/* SPDX-License-Identifier: Apache-2.0 */
/* Short-name referencing services of the server: READ, WRITE and
 * unconfirmed WRITE (IEC 62056-5-3), on the same objects, rights and class
 * code as GET/SET/ACTION. A short name is mapped to its object and
 * attribute or method (sn_names.c), then served through the LN path:
 *   READ  of an attribute: its value (parameterized access: with the
 *         selector and parameter, as selective access);
 *   READ  of a method: the method executed, parameterized access giving
 *         its parameter, its return data (null-data when none) the result;
 *   WRITE of an attribute: SET; of a method: the method with the Data as
 *         its parameter (as Gurux clients invoke methods in SN).
 * The Association SN (class 12) is served here at 0xFA00: logical name
 * 0.0.40.0.0.255 and the object list of what the association may see.
 * A one-item READ whose result does not fit the response is encoded whole
 * into the work buffer and leaves in data-block-results whose raw-data is
 * the Data, each next block asked for by block-number-access (as
 * GuruxDLMS.c's server does, even to a client that did not propose
 * block-transfer-with-get-or-read: Gurux.DLMS.Python's SN client never
 * proposes it and reads the blocks). A longer value in a multi-item READ
 * is answered other-reason. */
#include <cosem/server.h>
#include <cosem/sn.h>

#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_WITH_SN

#include <stdint.h>
#include <string.h>

#include "common/mem_internal.h"

#include "server/server_internal.h"

/* Association SN version served (object_list with base names). */
#define SN_ASSOC_VERSION 0u
/* The class 12 object's one entry of the object list, and each other's:
 * structure { long base_name, long-unsigned class_id, unsigned version,
 * octet-string logical_name }. */
static const uint8_t sn_assoc_ln[6] = {0, 0, 40, 0, 0, 255};

/* One object_list element into e[18]. */
static void fill_entry(uint8_t *e, uint16_t base, uint16_t class_id, uint8_t version,
                       const uint8_t *ln)
{
    static const uint8_t shape[12] = {0x02, 0x04, 0x10, 0, 0, 0x12, 0, 0, 0x11, 0, 0x09, 0x06};
    memcpy(e, shape, sizeof shape);
    e[3] = (uint8_t)(base >> 8);
    e[4] = (uint8_t)base;
    e[6] = (uint8_t)(class_id >> 8);
    e[7] = (uint8_t)class_id;
    e[9] = version;
    memcpy(e + 12, ln, 6);
}

#define SN_ENTRY_SIZE 18u

/* Whether the object is listed to this association: visible, and not an
 * Association LN (the SN association is the class 12 object itself). */
static bool listed(const cosem_assoc_t *a, const cosem_object_t *o)
{
    cosem_access_t acc = cosem_srv_rights(a->cfg_, o);
    return cosem_srv_visible(&acc) && o->cls->class_id != 15u;
}

/* Octets [off, off + n) of the object_list Data (array head, then one
 * 18-octet entry per listed object, the Association SN first) into w,
 * generated piece by piece: nothing is held, so the list can be longer
 * than any buffer. Returns the Data's whole length. */
static size_t list_slice(const cosem_assoc_t *a, size_t off, size_t n, cosem_axdr_writer_t *w)
{
    const cosem_server_t *s = a->server_;
    size_t count = 1, pos = 0, total;
    uint8_t piece[SN_ENTRY_SIZE + 4u];
    uint32_t base = COSEM_SN_FIRST_BASE;
    cosem_axdr_writer_t hw;
    size_t objects = cosem_server_object_count(s);
    for (size_t i = 0; i < objects; ++i) {
        const cosem_object_t *o = cosem_srv_sn_walk(s, i, &base);
        count += listed(a, o) ? 1u : 0u;
        base += cosem_sn_span(o->cls);
    }
    cosem_axdr_writer_init(&hw, piece, 4u);
    (void)cosem_axdr_put_u8(&hw, COSEM_AXDR_ARRAY);
    (void)cosem_axdr_put_length(&hw, count);
    total = cosem_axdr_writer_len(&hw) + count * SN_ENTRY_SIZE;
    base = COSEM_SN_FIRST_BASE;
    for (size_t i = 0; i <= objects && pos < off + n; ++i) {
        size_t len = SN_ENTRY_SIZE;
        const cosem_object_t *o = NULL;
        if (i == 0u) { /* the head and the Association SN itself */
            len = cosem_axdr_writer_len(&hw);
            fill_entry(piece + len, COSEM_SN_ASSOCIATION_BASE, 12u, SN_ASSOC_VERSION, sn_assoc_ln);
            len += SN_ENTRY_SIZE;
        } else {
            o = cosem_srv_sn_walk(s, i - 1u, &base);
            if (!listed(a, o)) {
                base += cosem_sn_span(o->cls);
                continue;
            }
            fill_entry(piece, (uint16_t)base, o->cls->class_id, o->cls->version, o->obis);
            base += cosem_sn_span(o->cls);
        }
        if (pos + len > off) { /* the overlap of [pos, pos + len) with the slice */
            size_t from = off > pos ? off - pos : 0u;
            size_t to = off + n < pos + len ? off + n - pos : len;
            (void)cosem_axdr_put_bytes(w, piece + from, to - from);
        }
        pos += len;
    }
    return total;
}

/* Association SN attribute 1 (logical name) or 2 (object_list, whole). */
static cosem_dar_t assoc_sn_get(const cosem_assoc_t *a, int id, cosem_axdr_writer_t *w)
{
    if (id == 1) {
        (void)cosem_axdr_put_u8(w, COSEM_AXDR_OCTET_STRING);
        (void)cosem_axdr_put_u8(w, 6);
        (void)cosem_axdr_put_bytes(w, sn_assoc_ln, 6);
        return COSEM_DAR_SUCCESS;
    }
    if (id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    (void)list_slice(a, 0, SIZE_MAX / 2u, w);
    return COSEM_DAR_SUCCESS;
}

/* The object and member a name refers to, as an LN reference; id > 0 an
 * attribute, id < 0 a method. False when no object has that name. */
static bool sn_ref(const cosem_assoc_t *a, uint16_t name, cosem_attr_ref_t *ref, int *id)
{
    const cosem_object_t *o = cosem_server_sn_find(a->server_, name, id);
    if (o == NULL) {
        return false;
    }
    ref->class_id = o->cls->class_id;
    memcpy(ref->obis, o->obis, 6);
    ref->id = (int8_t)(*id > 0 ? *id : -*id);
    return true;
}

/* Run a method; its return data (null-data when none) to ret when given. */
static cosem_dar_t run_method(cosem_assoc_t *a, const cosem_attr_ref_t *ref,
                              const cosem_slice_t *param, cosem_axdr_writer_t *ret)
{
    static const uint8_t null_data = 0x00;
    cosem_req_t r;
    uint8_t scratch[64];
    cosem_axdr_writer_t sw;
    size_t start;
    cosem_dar_t dar = cosem_srv_resolve(a, ref, NULL, COSEM_SERVICE_ACTION, &r);
    const uint8_t *p = param->len != 0u ? param->p : &null_data;
    size_t n = param->len != 0u ? param->len : 1u;
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    if (ret == NULL) {
        cosem_axdr_writer_init(&sw, scratch, sizeof scratch);
        ret = &sw;
    }
    start = cosem_axdr_writer_len(ret);
    dar = cosem_srv_call_action(&r, p, n, ret);
    if (dar == COSEM_DAR_SUCCESS && cosem_axdr_writer_len(ret) == start) {
        (void)cosem_axdr_put_u8(ret, 0x00); /* no return data */
    }
    return dar;
}

/* One READ result: 00 Data or 01 data-access-result. True when the Data
 * did not fit w (the result is then other-reason). */
static bool read_one(cosem_assoc_t *a, const cosem_sn_spec_t *sp, cosem_axdr_writer_t *w)
{
    bool overflow = false;
    size_t start = cosem_axdr_writer_len(w);
    cosem_attr_ref_t ref;
    cosem_selection_t sel;
    cosem_req_t r;
    cosem_dar_t dar = COSEM_DAR_OBJECT_UNDEFINED;
    int id = 0;
    memset(&sel, 0, sizeof sel);
    (void)cosem_axdr_put_u8(w, COSEM_SN_DATA);
    if (sp->kind != COSEM_SN_NAME && sp->kind != COSEM_SN_PARAMETERIZED) {
        dar = COSEM_DAR_OTHER_REASON; /* no block transfer of READ */
    } else if (sp->name >= COSEM_SN_ASSOCIATION_BASE &&
               sp->name < COSEM_SN_ASSOCIATION_BASE + 0x100u) {
        id = sp->name % 8u == 0u ? (sp->name - COSEM_SN_ASSOCIATION_BASE) / 8 + 1 : 0;
        dar = sp->kind == COSEM_SN_NAME ? assoc_sn_get(a, id, w) : COSEM_DAR_SCOPE_OF_ACCESS_VIOLATED;
    } else if (sn_ref(a, sp->name, &ref, &id) && id < 0) {
        dar = run_method(a, &ref, &sp->param, w);
    } else if (id > 0) {
        if (sp->kind == COSEM_SN_PARAMETERIZED) {
            sel.selector = sp->selector;
            sel.params = sp->param;
        }
        dar = cosem_srv_resolve(a, &ref, &sel, COSEM_SERVICE_GET, &r);
        if (dar == COSEM_DAR_SUCCESS) {
            dar = cosem_srv_call_get(&r, w);
            if (dar == COSEM_DAR_SUCCESS && r.more_) {
                dar = COSEM_DAR_OTHER_REASON; /* longer than one response */
            }
        }
    }
    if (cosem_axdr_writer_status(w) != COSEM_OK) {
        overflow = dar == COSEM_DAR_SUCCESS || dar == COSEM_DAR_OTHER_REASON;
        dar = COSEM_DAR_OTHER_REASON;
    }
    if (dar != COSEM_DAR_SUCCESS) {
        cosem_srv_writer_truncate(w, start);
        (void)cosem_axdr_put_u8(w, COSEM_SN_ERROR);
        (void)cosem_axdr_put_u8(w, (uint8_t)dar);
    }
    return overflow;
}

/* data-block-result head: 0C 01 02 last block-number length. */
#define SN_BLOCK_HEAD 9u

/* Block `block` (from 1) of the long READ result: held in the work
 * buffer, or generated (the object list, xfer_item_ 1); the transfer ends
 * with its last block. */
static void send_block(cosem_assoc_t *a, uint16_t block, cosem_axdr_writer_t *w)
{
    size_t room = w->cap > SN_BLOCK_HEAD + cosem_axdr_writer_len(w)
                      ? w->cap - SN_BLOCK_HEAD - cosem_axdr_writer_len(w)
                      : 0u;
    size_t off = room * (size_t)(block - 1u);
    size_t n;
    bool last;
    if (a->xfer_ != COSEM_XFER_READ || block == 0u || room < 16u || off >= a->xfer_len_) {
        cosem_srv_xfer_abort(a);
        (void)cosem_axdr_put_u8(w, COSEM_SN_ERROR);
        (void)cosem_axdr_put_u8(w, (uint8_t)COSEM_DAR_NO_LONG_GET_IN_PROGRESS);
        return;
    }
    n = a->xfer_len_ - off < room ? a->xfer_len_ - off : room;
    last = off + n == a->xfer_len_;
    (void)cosem_axdr_put_u8(w, COSEM_SN_DATA_BLOCK);
    (void)cosem_axdr_put_u8(w, last ? 1u : 0u);
    (void)cosem_axdr_put_u16(w, block);
    (void)cosem_axdr_put_length(w, n);
    if (a->xfer_item_ == 1u) {
        (void)list_slice(a, off, n, w);
    } else {
        (void)cosem_axdr_put_bytes(w, a->buf_ + off, n);
    }
    if (last) {
        cosem_srv_xfer_abort(a);
    }
}

/* A one-item READ too long for the response: the object list generated
 * block by block; any other Data encoded whole into the work buffer;
 * then its first block. Other-reason stays when even that is short. */
static void read_long(cosem_assoc_t *a, const cosem_sn_spec_t *sp, cosem_axdr_writer_t *w)
{
    cosem_axdr_writer_t bw;
    size_t head = cosem_axdr_writer_len(w) - 2u; /* before the 01 FA */
    int id = 0;
    if (sp->kind == COSEM_SN_NAME && sp->name == COSEM_SN_ATTR(COSEM_SN_ASSOCIATION_BASE, 2)) {
        cosem_axdr_writer_init_sizing(&bw);
        a->xfer_len_ = list_slice(a, 0, 0, &bw);
        a->xfer_item_ = 1;
    } else if (cosem_server_sn_find(a->server_, sp->name, &id) != NULL && id < 0) {
        return; /* a method runs once: its long return stays other-reason */
    } else {
        cosem_axdr_writer_init(&bw, a->buf_, a->cap_);
        if (read_one(a, sp, &bw) || cosem_axdr_writer_len(&bw) < 2u ||
            a->buf_[0] != COSEM_SN_DATA) {
            return;
        }
        /* drop the choice octet: the blocks carry the Data */
        a->xfer_len_ = cosem_axdr_writer_len(&bw) - 1u;
        cosem_mem_move(a->buf_, a->buf_ + 1, a->xfer_len_);
    }
    a->xfer_ = COSEM_XFER_READ;
    cosem_srv_writer_truncate(w, head);
    send_block(a, 1, w);
}

/* One WRITE: SET of an attribute, or the method with v as parameter. */
static cosem_dar_t write_one(cosem_assoc_t *a, const cosem_sn_spec_t *sp, const cosem_slice_t *v)
{
    cosem_attr_ref_t ref;
    cosem_selection_t sel;
    cosem_req_t r;
    cosem_dar_t dar;
    int id = 0;
    memset(&sel, 0, sizeof sel);
    if (sp->kind != COSEM_SN_NAME && sp->kind != COSEM_SN_PARAMETERIZED) {
        return COSEM_DAR_OTHER_REASON; /* no block transfer of WRITE */
    }
    if (!sn_ref(a, sp->name, &ref, &id)) {
        /* the Association SN's attributes are read-only */
        return sp->name >= COSEM_SN_ASSOCIATION_BASE && sp->name < COSEM_SN_ASSOCIATION_BASE + 0x100u
                   ? COSEM_DAR_READ_WRITE_DENIED
                   : COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (id < 0) {
        return run_method(a, &ref, v, NULL);
    }
    if (sp->kind == COSEM_SN_PARAMETERIZED) {
        sel.selector = sp->selector;
        sel.params = sp->param;
    }
    dar = cosem_srv_resolve(a, &ref, &sel, COSEM_SERVICE_SET, &r);
    if (dar == COSEM_DAR_SUCCESS) {
        dar = cosem_srv_call_set(&r, v->p, v->len);
    }
    return dar;
}

/* A READ or WRITE request too long for one APDU arrives in blocks
 * (read-data-block-access, write-data-block-access): the raw-data of blocks
 * 1, 2, ... put together are the request without its tag (count,
 * specifications, count, Data), as GuruxDLMS.c's server puts them together
 * (svr_handleReadDataBlockAccess). Each block but the last is answered with
 * its block-number; the last makes the whole request, held in the work
 * buffer behind its tag, the one to serve (true). A block out of sequence
 * or one that does not fit ends the transfer with data-access-error;
 * without block-transfer-with-read (-write) negotiated the block is
 * refused with an exception-response. (A long READ result, by contrast,
 * leaves in data-block-results whatever was negotiated: Gurux.DLMS.Python
 * never proposes block transfer for short names, yet reads them, and
 * GuruxDLMS.c's server sends them so.) */
static bool request_block(cosem_assoc_t *a, const cosem_sn_apdu_t *q, const cosem_sn_spec_t *sp,
                          cosem_axdr_writer_t *w)
{
    cosem_slice_t raw = sp->param; /* read-data-block-access */
    bool read = q->tag == COSEM_APDU_READ_REQUEST;
    if ((a->conformance_ &
         (read ? COSEM_CONF_BLOCK_TRANSFER_GET : COSEM_CONF_BLOCK_TRANSFER_SET)) == 0u) {
        /* block transfer with read / write not negotiated: as a GET or SET
         * form the association may not use */
        cosem_srv_xfer_abort(a);
        cosem_srv_exception(w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED,
                            COSEM_SERVICE_ERROR_NOT_SUPPORTED);
        return false;
    }
    if (!read) { /* write-data-block-access: the Data is the raw-data octet string */
        cosem_axdr_reader_t r;
        size_t n = 0;
        cosem_axdr_reader_init(&r, q->data.p, q->data.len);
        (void)cosem_axdr_read_octet_string(&r, &raw.p, &n);
        raw.len = n;
    }
    if (sp->block == 1u) {
        cosem_srv_xfer_abort(a);
        a->xfer_ = COSEM_XFER_SN_IN;
        a->buf_[0] = q->tag;
        a->xfer_len_ = 1;
    }
    (void)cosem_sn_response_head(w, read ? COSEM_APDU_READ_RESPONSE : COSEM_APDU_WRITE_RESPONSE, 1);
    if (a->xfer_ != COSEM_XFER_SN_IN || a->buf_[0] != q->tag ||
        sp->block != (uint16_t)(a->xfer_block_ + 1u) || !cosem_srv_xfer_append(a, &raw)) {
        cosem_srv_xfer_abort(a);
        (void)cosem_axdr_put_u8(w, COSEM_SN_ERROR);
        (void)cosem_axdr_put_u8(w, (uint8_t)COSEM_DAR_DATA_BLOCK_NUMBER_INVALID);
        return false;
    }
    a->xfer_block_ = sp->block;
    if (!sp->last) {
        (void)cosem_axdr_put_u8(w, read ? COSEM_SN_READ_BLOCK_NUMBER : COSEM_SN_DATA_BLOCK);
        (void)cosem_axdr_put_u16(w, sp->block);
        return false;
    }
    cosem_srv_writer_truncate(w, 0);
    return true;
}

/* READ, WRITE, unconfirmed WRITE (see server_internal.h). */
void cosem_srv_sn(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w)
{
    cosem_sn_apdu_t q;
    cosem_axdr_reader_t specs, data;
    size_t cap = w->cap, outmax = cosem_srv_out_max(a, cap);
    bool read = len > 0u && apdu[0] == COSEM_APDU_READ_REQUEST, whole = false;
    for (int pass = 0; pass < 2; ++pass) {
        cosem_sn_spec_t sp;
        if (cosem_sn_decode(apdu, len, &q) != COSEM_OK ||
            (q.count > 1u && (a->conformance_ & COSEM_CONF_MULTIPLE_REFERENCES) == 0u)) {
            if (q.tag != COSEM_APDU_UNCONFIRMED_WRITE_REQUEST) {
                cosem_srv_bad_request(a, w);
            }
            return;
        }
        cosem_axdr_reader_init(&specs, q.items.p, q.items.len);
        (void)cosem_sn_read_spec(&specs, &sp);
        if (q.count != 1u || q.tag == COSEM_APDU_UNCONFIRMED_WRITE_REQUEST ||
            (sp.kind != COSEM_SN_READ_DATA_BLOCK && sp.kind != COSEM_SN_WRITE_DATA_BLOCK)) {
            break;
        }
        if (pass == 1 || !request_block(a, &q, &sp, w)) {
            if (pass == 1) { /* a request in blocks carrying blocks */
                cosem_srv_bad_request(a, w);
            }
            return;
        }
        apdu = a->buf_; /* the whole request: served from the work buffer */
        len = a->xfer_len_;
        whole = true;
    }
    w->cap = outmax; /* each result whole within the client's PDU */
    (void)cosem_sn_response_head(w, read ? COSEM_APDU_READ_RESPONSE : COSEM_APDU_WRITE_RESPONSE,
                                 q.count);
    cosem_axdr_reader_init(&specs, q.items.p, q.items.len);
    cosem_axdr_reader_init(&data, q.data.p, q.data.len);
    for (uint16_t i = 0; i < q.count; ++i) {
        cosem_sn_spec_t sp;
        (void)cosem_sn_read_spec(&specs, &sp);
        if (read && sp.kind == COSEM_SN_BLOCK_NUMBER && q.count == 1u) {
            /* block-number-access names the last block received (as the
             * block number of get-request-next does; GuruxDLMS.c's SN
             * client and server): the next one follows */
            send_block(a, (uint16_t)(sp.block + 1u), w);
        } else if (read) {
            cosem_srv_xfer_abort(a);
            if (read_one(a, &sp, w) && q.count == 1u && !whole) {
                /* (a request that came in blocks is in the work buffer:
                 * its result must fit one response) */
                read_long(a, &sp, w);
            }
        } else {
            cosem_srv_xfer_abort(a);
            cosem_slice_t v;
            size_t at = cosem_axdr_reader_pos(&data);
            cosem_dar_t dar;
            (void)cosem_axdr_skip(&data);
            v.p = q.data.p + at;
            v.len = cosem_axdr_reader_pos(&data) - at;
            dar = write_one(a, &sp, &v);
            (void)cosem_axdr_put_u8(w, dar == COSEM_DAR_SUCCESS ? COSEM_SN_DATA : COSEM_SN_ERROR);
            if (dar != COSEM_DAR_SUCCESS) {
                (void)cosem_axdr_put_u8(w, (uint8_t)dar);
            }
        }
    }
    w->cap = cap;
    if (q.tag == COSEM_APDU_UNCONFIRMED_WRITE_REQUEST) {
        cosem_srv_writer_truncate(w, 0); /* nothing is answered */
    }
}

#endif /* COSEM_WITH_SERVER && COSEM_WITH_SN */
