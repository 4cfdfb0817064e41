/* SPDX-License-Identifier: Apache-2.0 */
/* Access rights, reference resolution and the calls into class code shared
 * by the GET, SET and ACTION handlers. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/server.h>

#include "server/server_internal.h"

/* Rights of the configuration's level; attribute 1 (logical name) is
 * readable on every visible object and never writable. */
cosem_access_t cosem_srv_rights(const cosem_assoc_config_t *cfg, const cosem_object_t *obj)
{
    cosem_access_t acc = {0u, 0u, 0u};
    if (obj->access != NULL) {
        acc = obj->access[cfg != NULL ? cfg->level : 0u];
    } else {
        acc.read = obj->cls->default_read;
    }
    acc.write = (uint16_t)(acc.write & ~COSEM_ATTR(1));
    if (cosem_srv_visible(&acc)) {
        acc.read = (uint16_t)(acc.read | COSEM_ATTR(1));
    }
    return acc;
}

/* Bit of attribute/method id (1..16) in a rights mask; 0 beyond 16. */
static uint16_t id_bit(int8_t id)
{
    return (id >= 1 && id <= 16) ? (uint16_t)(1u << (id - 1)) : 0u;
}

/* Conformance that allows a selection: selective access (LN), and
 * parameterized access (SN) when short names are built. */
#if COSEM_WITH_SN
#define SELECTION_BITS (COSEM_CONF_SELECTIVE_ACCESS | COSEM_CONF_PARAMETERIZED_ACCESS)
#else
#define SELECTION_BITS COSEM_CONF_SELECTIVE_ACCESS
#endif

/* Selective access: negotiated, and listed by the class for this attribute. */
static cosem_dar_t check_selection(const cosem_assoc_t *a, const cosem_object_t *obj,
                                   int8_t id, const cosem_selection_t *sel)
{
    if (sel == NULL || sel->selector == 0u) {
        return COSEM_DAR_SUCCESS;
    }
    if ((a->conformance_ & SELECTION_BITS) == 0u ||
        (obj->cls->selective & id_bit(id)) == 0u || sel->selector > 7u ||
        (obj->cls->selectors & (1u << sel->selector)) == 0u) {
        return COSEM_DAR_SCOPE_OF_ACCESS_VIOLATED;
    }
    return COSEM_DAR_SUCCESS;
}

/* Attribute checks for GET and SET (attribute 0 only when negotiated). */
static cosem_dar_t check_attr(const cosem_assoc_t *a, const cosem_object_t *obj,
                              const cosem_access_t *acc, int8_t id, uint8_t service)
{
    if (id < 0 || id > (int8_t)obj->cls->attr_count) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (service == COSEM_SERVICE_GET) {
        if (id == 0) {
            return COSEM_WITH_GET_ATTRIBUTE0 &&
                           (a->conformance_ & COSEM_CONF_ATTRIBUTE0_GET) != 0u
                       ? COSEM_DAR_SUCCESS
                       : COSEM_DAR_READ_WRITE_DENIED;
        }
        return (acc->read & id_bit(id)) != 0u ? COSEM_DAR_SUCCESS : COSEM_DAR_READ_WRITE_DENIED;
    }
    /* SET of attribute 0 is not offered (an all-or-nothing write of every
     * attribute): read-write-denied whether negotiated or not. */
    return (acc->write & id_bit(id)) != 0u ? COSEM_DAR_SUCCESS : COSEM_DAR_READ_WRITE_DENIED;
}

/* Find the object and check class, id and rights for the service. */
cosem_dar_t cosem_srv_resolve(cosem_assoc_t *a, const cosem_attr_ref_t *ref,
                              const cosem_selection_t *sel, uint8_t service, cosem_req_t *r)
{
    const cosem_object_t *obj;
    cosem_access_t acc;
    cosem_dar_t dar;
    /* every member set one by one (a memset of the whole is a string
     * instruction per word on every request); object.h says so */
    r->server = a->server_;
    r->assoc = a;
    r->obj = NULL;
    r->service = service;
    r->id = ref->id;
    r->sel.selector = 0u;
    r->sel.params.p = NULL;
    r->sel.params.len = 0u;
    r->index = 0u;
    r->aux = 0u;
    r->next_index_ = 0u;
    r->commit_len_ = 0u;
    r->limit_ = 0u;
    r->committed_ = false;
    r->more_ = false;
    obj = cosem_server_find(a->server_, ref->obis);
    if (obj == NULL) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    acc = cosem_srv_rights(a->cfg_, obj);
    /* Invisible at this level, or another class than the client thinks
     * (as Gurux's server): object-undefined. */
    if (!cosem_srv_visible(&acc) || obj->cls->class_id != ref->class_id) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    r->obj = obj;
    if (service == COSEM_SERVICE_ACTION) {
        if (ref->id < 1 || ref->id > (int8_t)obj->cls->method_count) {
            return COSEM_DAR_OBJECT_UNDEFINED;
        }
        return (acc.exec & id_bit(ref->id)) != 0u ? COSEM_DAR_SUCCESS
                                                  : COSEM_DAR_READ_WRITE_DENIED;
    }
    dar = check_attr(a, obj, &acc, ref->id, service);
    if (dar == COSEM_DAR_SUCCESS) {
        dar = check_selection(a, obj, ref->id, sel);
    }
    if (dar == COSEM_DAR_SUCCESS && sel != NULL) {
        r->sel = *sel;
    }
    return dar;
}

/* One attribute (id >= 1): attribute 1 here, others to the object's get.
 * Kept apart from cosem_srv_call_get so that attribute 0 does not recurse. */
static cosem_dar_t get_one(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_object_ops_t *ops = r->obj->ops;
    if (r->id == 1) {
        (void)cosem_axdr_write_octet_string(w, r->obj->obis, 6);
        return COSEM_DAR_SUCCESS;
    }
    if (ops != NULL && ops->get != NULL) {
        return ops->get(r, w);
    }
    return cosem_object_get(r, w);
}

#if COSEM_WITH_GET_ATTRIBUTE0
/* Whether the request's association may read attribute id (internal reads
 * may read everything). */
static bool may_read(const cosem_req_t *r, int8_t id)
{
    cosem_access_t acc;
    if (r->assoc == NULL) {
        return true;
    }
    acc = cosem_srv_rights(r->assoc->cfg_, r->obj);
    return (acc.read & id_bit(id)) != 0u;
}

/* Attribute 0: a structure of every attribute, unreadable ones as
 * null-data; streams with one commit per attribute. */
static cosem_dar_t get_all(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    uint8_t n = r->obj->cls->attr_count;
    if (r->index == 0u) {
        (void)cosem_axdr_write_structure(w, n);
    }
    for (uint32_t k = r->index; k < n; ++k) {
        int8_t id = (int8_t)(k + 1u);
        size_t start = cosem_axdr_writer_len(w);
        cosem_dar_t dar = COSEM_DAR_READ_WRITE_DENIED;
        if (may_read(r, id)) {
            cosem_req_t in = *r;
            in.id = id;
            in.index = 0;
            in.limit_ = 0;
            in.sel.selector = 0;
            dar = get_one(&in, w);
        }
        if (cosem_axdr_writer_status(w) != COSEM_OK) {
            return COSEM_DAR_SUCCESS; /* the block engine rolls back */
        }
        if (dar != COSEM_DAR_SUCCESS) {
            cosem_srv_writer_truncate(w, start);
            (void)cosem_axdr_write_null(w);
        }
        if (!cosem_req_commit(r, w, k + 1u)) {
            return COSEM_DAR_SUCCESS;
        }
    }
    return COSEM_DAR_SUCCESS;
}
#endif

/* Attribute 0 as above (read-write-denied when left out), any other
 * through get_one. */
cosem_dar_t cosem_srv_call_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    if (r->id == 0) {
#if COSEM_WITH_GET_ATTRIBUTE0
        return get_all(r, w);
#else
        return COSEM_DAR_READ_WRITE_DENIED;
#endif
    }
    return get_one(r, w);
}

/* Whether value holds exactly count well-formed Data and nothing after
 * them: checked before any class sees them, so a bad value changes nothing. */
bool cosem_srv_values_ok(const uint8_t *value, size_t n, size_t count)
{
    cosem_axdr_reader_t v;
    cosem_axdr_reader_init(&v, value, n);
    for (size_t i = 0; i < count; ++i) {
        (void)cosem_axdr_skip(&v);
    }
    return cosem_axdr_reader_expect_end(&v) == COSEM_OK;
}

/* The set or (with ret) the action sees exactly one Data, validated
 * before the class does anything, so a bad value changes nothing; a class
 * that reads past or short of it still answers type-unmatched. */
static cosem_dar_t call_with_data(cosem_req_t *r, const uint8_t *p, size_t n, bool action,
                                  cosem_axdr_writer_t *ret)
{
    const cosem_object_ops_t *ops = r->obj->ops;
    cosem_axdr_reader_t v;
    cosem_dar_t dar;
    if (!cosem_srv_values_ok(p, n, 1u)) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    cosem_axdr_reader_init(&v, p, n);
    if (!action) {
        dar = ops != NULL && ops->set != NULL ? ops->set(r, &v) : cosem_object_set(r, &v);
    } else {
        dar = ops != NULL && ops->action != NULL ? ops->action(r, &v, ret)
                                                 : cosem_object_action(r, &v, ret);
    }
    if (dar == COSEM_DAR_SUCCESS &&
        (cosem_axdr_reader_status(&v) != COSEM_OK || cosem_axdr_reader_remaining(&v) != 0u)) {
        dar = COSEM_DAR_TYPE_UNMATCHED;
    }
    return dar;
}

/* SET of one attribute (see call_with_data()). */
cosem_dar_t cosem_srv_call_set(cosem_req_t *r, const uint8_t *value, size_t n)
{
    cosem_dar_t dar = call_with_data(r, value, n, false, NULL);
    if (dar == COSEM_DAR_SUCCESS) {
        COSEM_SRV_PARAM_CHANGED(r);
    }
    return dar;
}

/* The action sees its parameters (null-data when none were sent). */
cosem_dar_t cosem_srv_call_action(cosem_req_t *r, const uint8_t *params, size_t n,
                                  cosem_axdr_writer_t *ret)
{
    static const uint8_t null_data[1] = {0x00};
    if (params == NULL || n == 0u) {
        params = null_data;
        n = 1;
    }
    return call_with_data(r, params, n, true, ret);
}

/* The output capacity bounded by the client's max receive PDU size. */
size_t cosem_srv_out_max(const cosem_assoc_t *a, size_t cap)
{
    if (a->client_max_pdu_ != 0u && cap > a->client_max_pdu_) {
        return a->client_max_pdu_;
    }
    return cap;
}

/* Drop any long transfer. The request of a transfer (xfer_req_) is left
 * as it is: every transfer writes it whole before using it, and nothing
 * reads it while xfer_ is NONE. */
void cosem_srv_xfer_abort(cosem_assoc_t *a)
{
    a->xfer_ = COSEM_XFER_NONE;
    a->xfer_done_ = false;
    a->xfer_block_ = 0;
    a->xfer_len_ = 0;
    a->xfer_pos_ = 0;
    a->xfer_item_ = 0;
    a->xfer_count_ = 0;
    a->xfer_list_ = NULL;
    a->xfer_list_len_ = 0;
    a->xfer_off_ = 0;
#if COSEM_WITH_GBT
    a->gbt_ = false;
    a->gbt_sent_ = 0;
    a->gbt_peer_ = 0;
    a->gbt_held_ = 0;
    a->gbt_left_ = 0;
#endif
}

/* Append to the reassembly buffer (see server_internal.h). */
bool cosem_srv_xfer_append(cosem_assoc_t *a, const cosem_slice_t *raw)
{
    if (raw->len > a->cap_ - a->xfer_len_) {
        return false;
    }
    if (raw->len != 0u) {
        cosem_mem_move(a->buf_ + a->xfer_len_, raw->p, raw->len);
    }
    a->xfer_len_ += raw->len;
    return true;
}

/* Answer an undecodable request (see server_internal.h). */
void cosem_srv_bad_request(cosem_assoc_t *a, cosem_axdr_writer_t *w)
{
    cosem_srv_refuse(a, w, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED, COSEM_SERVICE_ERROR_OTHER_REASON);
}

/* Abort and exception-response (see server_internal.h). */
void cosem_srv_refuse(cosem_assoc_t *a, cosem_axdr_writer_t *w, cosem_state_error_t st,
                      cosem_service_error_t se)
{
    cosem_srv_xfer_abort(a);
    (void)cosem_exception_encode(w, st, se);
}

/* exception-response `D8 state service`. */
void cosem_srv_exception(cosem_axdr_writer_t *w, cosem_state_error_t st, cosem_service_error_t se)
{
    (void)cosem_exception_encode(w, st, se);
}

#else
typedef int cosem_dispatch_empty_t;
#endif
