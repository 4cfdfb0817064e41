/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the xDLMS service decoders (GET/SET/ACTION requests
 * and responses, exception-response, notifications). Every decoder runs on
 * the input; when one accepts it, the decoded structure is encoded again,
 * the encoding decoded again, and both decodings must agree field by field
 * (round-trip oracle); encoding the second decoding must give the same
 * octets as the first. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/apdu.h>

#include "fuzz_oracle.h"

#define MAX_LIST 64
#define OUT_CAP 8192

static uint8_t g_e1[OUT_CAP];
static uint8_t g_e2[OUT_CAP];

/* A mismatch is a bug: stop so libFuzzer records the input. */
static int slice_eq(cosem_slice_t a, cosem_slice_t b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

static int ref_eq(const cosem_attr_ref_t *a, const cosem_attr_ref_t *b)
{
    return a->class_id == b->class_id && memcmp(a->obis, b->obis, 6) == 0 && a->id == b->id;
}

static int sel_eq(const cosem_selection_t *a, const cosem_selection_t *b)
{
    return a->selector == b->selector && slice_eq(a->params, b->params);
}

static int block_eq(const cosem_datablock_t *a, const cosem_datablock_t *b)
{
    return a->last == b->last && a->number == b->number && a->ok == b->ok && a->dar == b->dar &&
           slice_eq(a->raw, b->raw);
}

static int result_eq(const cosem_data_result_t *a, const cosem_data_result_t *b)
{
    return a->ok == b->ok && a->dar == b->dar && slice_eq(a->data, b->data);
}

/* Reads the descriptors of a decoded list (the decoder checked them). */
static size_t read_refs(cosem_slice_t list, size_t count, int with_sel, cosem_attr_ref_t *refs,
                        cosem_selection_t *sels)
{
    cosem_axdr_reader_t r;
    size_t i;
    cosem_axdr_reader_init(&r, list.p, list.len);
    for (i = 0; i < count; i++) {
        cosem_status_t st = with_sel ? cosem_apdu_read_attr_sel(&r, &refs[i], &sels[i])
                                     : cosem_apdu_read_attr(&r, &refs[i]);
        check(st == COSEM_OK);
    }
    check(cosem_axdr_reader_expect_end(&r) == COSEM_OK);
    return count;
}

/* ---- GET ------------------------------------------------------------- */

static int get_req_encode(cosem_axdr_writer_t *w, const cosem_get_request_t *q)
{
    static cosem_attr_ref_t refs[MAX_LIST];
    static cosem_selection_t sels[MAX_LIST];
    switch (q->type) {
    case COSEM_GET_NORMAL:
        return cosem_get_request_normal_encode(w, q->invoke, &q->ref, &q->sel) == COSEM_OK;
    case COSEM_GET_NEXT:
        return cosem_get_request_next_encode(w, q->invoke, q->block) == COSEM_OK;
    default:
        if (q->count > MAX_LIST) {
            return 0;
        }
        read_refs(q->list, q->count, 1, refs, sels);
        return cosem_get_request_list_encode(w, q->invoke, refs, sels, q->count) == COSEM_OK;
    }
}

static int get_req_eq(const cosem_get_request_t *a, const cosem_get_request_t *b)
{
    return a->type == b->type && a->invoke == b->invoke && ref_eq(&a->ref, &b->ref) &&
           sel_eq(&a->sel, &b->sel) && a->block == b->block && a->count == b->count &&
           slice_eq(a->list, b->list);
}

static int get_res_encode(cosem_axdr_writer_t *w, const cosem_get_response_t *s)
{
    switch (s->type) {
    case COSEM_GET_NORMAL:
        if (!s->result.ok) {
            return cosem_get_response_normal_error(w, s->invoke, (cosem_dar_t)s->result.dar) ==
                   COSEM_OK;
        }
        cosem_get_response_normal_begin(w, s->invoke);
        break;
    case COSEM_GET_NEXT:
        return cosem_get_response_block_encode(w, s->invoke, s->block.last, s->block.number,
                                               s->block.ok ? s->block.raw.p : NULL,
                                               s->block.raw.len,
                                               (cosem_dar_t)s->block.dar) == COSEM_OK;
    default:
        cosem_get_response_list_begin(w, s->invoke, s->count);
        return cosem_axdr_put_bytes(w, s->list.p, s->list.len) == COSEM_OK;
    }
    return cosem_axdr_put_bytes(w, s->result.data.p, s->result.data.len) == COSEM_OK;
}

static int get_res_eq(const cosem_get_response_t *a, const cosem_get_response_t *b)
{
    return a->type == b->type && a->invoke == b->invoke && result_eq(&a->result, &b->result) &&
           block_eq(&a->block, &b->block) && a->count == b->count && slice_eq(a->list, b->list);
}

/* ---- SET ------------------------------------------------------------- */

static int set_req_encode(cosem_axdr_writer_t *w, const cosem_set_request_t *q)
{
    static cosem_attr_ref_t refs[MAX_LIST];
    static cosem_selection_t sels[MAX_LIST];
    const cosem_datablock_t *b = &q->block;
    switch (q->type) {
    case COSEM_SET_NORMAL:
        return cosem_set_request_normal_encode(w, q->invoke, &q->ref, &q->sel, q->value.p,
                                               q->value.len) == COSEM_OK;
    case COSEM_SET_WITH_FIRST_DATABLOCK:
    case COSEM_SET_WITH_DATABLOCK:
        return cosem_set_request_block_encode(
                   w, q->invoke, q->type == COSEM_SET_WITH_DATABLOCK ? NULL : &q->ref, &q->sel,
                   b->last, b->number, b->raw.p, b->raw.len) == COSEM_OK;
    case COSEM_SET_WITH_LIST:
        if (q->count > MAX_LIST) {
            return 0;
        }
        read_refs(q->list, q->count, 1, refs, sels);
        return cosem_set_request_list_encode(w, q->invoke, refs, sels, q->count, q->values.p,
                                             q->values.len) == COSEM_OK;
    default:
        return 0; /* -with-list-and-first-datablock: no encoder */
    }
}

static int set_req_eq(const cosem_set_request_t *a, const cosem_set_request_t *b)
{
    return a->type == b->type && a->invoke == b->invoke && ref_eq(&a->ref, &b->ref) &&
           sel_eq(&a->sel, &b->sel) && slice_eq(a->value, b->value) && a->count == b->count &&
           slice_eq(a->list, b->list) && slice_eq(a->values, b->values) &&
           block_eq(&a->block, &b->block);
}

static int set_res_encode(cosem_axdr_writer_t *w, const cosem_set_response_t *s)
{
    switch (s->type) {
    case COSEM_SET_RES_NORMAL:
        return cosem_set_response_normal_encode(w, s->invoke, (cosem_dar_t)s->dar) == COSEM_OK;
    case COSEM_SET_RES_DATABLOCK:
        return cosem_set_response_block_encode(w, s->invoke, s->block) == COSEM_OK;
    case COSEM_SET_RES_LAST_DATABLOCK:
        return cosem_set_response_last_block_encode(w, s->invoke, (cosem_dar_t)s->dar,
                                                    s->block) == COSEM_OK;
    case COSEM_SET_RES_LAST_DATABLOCK_LIST:
        if (s->block == 0) {
            return 0; /* 0 selects -with-list in the encoder */
        }
        return cosem_set_response_list_encode(w, s->invoke, s->list.p, s->count, s->block) ==
               COSEM_OK;
    default:
        return cosem_set_response_list_encode(w, s->invoke, s->list.p, s->count, 0) == COSEM_OK;
    }
}

static int set_res_eq(const cosem_set_response_t *a, const cosem_set_response_t *b)
{
    return a->type == b->type && a->invoke == b->invoke && a->dar == b->dar &&
           a->block == b->block && a->count == b->count && slice_eq(a->list, b->list);
}

/* ---- ACTION ---------------------------------------------------------- */

static int act_req_encode(cosem_axdr_writer_t *w, const cosem_action_request_t *q)
{
    static cosem_attr_ref_t refs[MAX_LIST];
    const cosem_datablock_t *b = &q->pblock;
    switch (q->type) {
    case COSEM_ACTION_NORMAL:
        return cosem_action_request_normal_encode(w, q->invoke, &q->ref,
                                                  q->has_params ? q->params.p : NULL,
                                                  q->params.len) == COSEM_OK;
    case COSEM_ACTION_NEXT_PBLOCK:
        return cosem_action_request_next_encode(w, q->invoke, q->block) == COSEM_OK;
    case COSEM_ACTION_WITH_LIST:
        if (q->count > MAX_LIST) {
            return 0;
        }
        read_refs(q->list, q->count, 0, refs, NULL);
        return cosem_action_request_list_encode(w, q->invoke, refs, q->count, q->values.p,
                                                q->values.len) == COSEM_OK;
    case COSEM_ACTION_WITH_FIRST_PBLOCK:
    case COSEM_ACTION_WITH_PBLOCK:
        return cosem_action_request_block_encode(
                   w, q->invoke, q->type == COSEM_ACTION_WITH_PBLOCK ? NULL : &q->ref, b->last,
                   b->number, b->raw.p, b->raw.len) == COSEM_OK;
    default:
        return 0; /* -with-list-and-first-pblock: no encoder */
    }
}

static int act_req_eq(const cosem_action_request_t *a, const cosem_action_request_t *b)
{
    return a->type == b->type && a->invoke == b->invoke && ref_eq(&a->ref, &b->ref) &&
           a->has_params == b->has_params && slice_eq(a->params, b->params) &&
           a->count == b->count && slice_eq(a->list, b->list) &&
           slice_eq(a->values, b->values) && a->block == b->block &&
           block_eq(&a->pblock, &b->pblock);
}

static int act_res_encode(cosem_axdr_writer_t *w, const cosem_action_response_t *s)
{
    const cosem_datablock_t *b = &s->pblock;
    switch (s->type) {
    case COSEM_ACTION_RES_NORMAL:
        if (s->has_return && !s->ret.ok) {
            return 0; /* return-parameters with a result code: no encoder */
        }
        cosem_action_response_normal_begin(w, s->invoke, (cosem_dar_t)s->result, s->has_return);
        return cosem_axdr_put_bytes(w, s->ret.data.p, s->ret.data.len) == COSEM_OK;
    case COSEM_ACTION_RES_WITH_PBLOCK:
        return cosem_action_response_block_encode(w, s->invoke, b->last, b->number, b->raw.p,
                                                  b->raw.len) == COSEM_OK;
    case COSEM_ACTION_RES_WITH_LIST:
        cosem_action_response_list_begin(w, s->invoke, s->count);
        return cosem_axdr_put_bytes(w, s->list.p, s->list.len) == COSEM_OK;
    default:
        return cosem_action_response_next_encode(w, s->invoke, s->block) == COSEM_OK;
    }
}

static int act_res_eq(const cosem_action_response_t *a, const cosem_action_response_t *b)
{
    return a->type == b->type && a->invoke == b->invoke && a->result == b->result &&
           a->has_return == b->has_return && result_eq(&a->ret, &b->ret) &&
           block_eq(&a->pblock, &b->pblock) && a->block == b->block && a->count == b->count &&
           slice_eq(a->list, b->list);
}

/* ---- Notifications --------------------------------------------------- */

static int notif_encode(cosem_axdr_writer_t *w, const cosem_notification_t *n)
{
    const cosem_datetime_t *t = n->has_time ? &n->time : NULL;
    if (n->tag == COSEM_APDU_DATA_NOTIFICATION) {
        cosem_data_notification_begin(w, n->invoke, t);
    } else {
        cosem_event_notification_begin(w, t, &n->ref);
    }
    return cosem_axdr_put_bytes(w, n->body.p, n->body.len) == COSEM_OK;
}

static int notif_eq(const cosem_notification_t *a, const cosem_notification_t *b)
{
    uint8_t ta[COSEM_DATETIME_SIZE], tb[COSEM_DATETIME_SIZE];
    cosem_datetime_encode(&a->time, ta);
    cosem_datetime_encode(&b->time, tb);
    return a->tag == b->tag && a->invoke == b->invoke && a->has_time == b->has_time &&
           (!a->has_time || memcmp(ta, tb, sizeof ta) == 0) && ref_eq(&a->ref, &b->ref) &&
           slice_eq(a->body, b->body);
}

/* ---- Round-trip driver ----------------------------------------------- */

/* One decoder/encoder pair on the input: D(x) ok => D(E(D(x))) == D(x) and
 * E(D(E(D(x)))) == E(D(x)). E(D(x)) is at most one octet longer than x: the
 * OPTIONAL presence octet an action APDU may leave out at its end. */
#define ROUND_TRIP(T, dec, enc, eq, data, size)                                       \
    do {                                                                              \
        static T s1, s2;                                                              \
        cosem_axdr_writer_t w;                                                        \
        size_t n1;                                                                    \
        if (dec(data, size, &s1) == COSEM_OK) {                                       \
            cosem_axdr_writer_init(&w, g_e1, sizeof g_e1);                            \
            if (enc(&w, &s1) && cosem_axdr_writer_status(&w) == COSEM_OK) {           \
                n1 = cosem_axdr_writer_len(&w);                                       \
                check(n1 <= size + 1);                                                \
                check(dec(g_e1, n1, &s2) == COSEM_OK);                                \
                check(eq(&s1, &s2));                                                  \
                cosem_axdr_writer_init(&w, g_e2, sizeof g_e2);                        \
                check(enc(&w, &s2) && cosem_axdr_writer_len(&w) == n1);               \
                check(memcmp(g_e1, g_e2, n1) == 0);                                   \
            }                                                                         \
        }                                                                             \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t st = 0, sv = 0;
    if (size > OUT_CAP - 64) {
        return 0;
    }
    ROUND_TRIP(cosem_get_request_t, cosem_get_request_decode, get_req_encode, get_req_eq, data,
               size);
    ROUND_TRIP(cosem_get_response_t, cosem_get_response_decode, get_res_encode, get_res_eq,
               data, size);
    ROUND_TRIP(cosem_set_request_t, cosem_set_request_decode, set_req_encode, set_req_eq, data,
               size);
    ROUND_TRIP(cosem_set_response_t, cosem_set_response_decode, set_res_encode, set_res_eq,
               data, size);
    ROUND_TRIP(cosem_action_request_t, cosem_action_request_decode, act_req_encode, act_req_eq,
               data, size);
    ROUND_TRIP(cosem_action_response_t, cosem_action_response_decode, act_res_encode,
               act_res_eq, data, size);
    ROUND_TRIP(cosem_notification_t, cosem_notification_decode, notif_encode, notif_eq, data,
               size);
    if (cosem_exception_decode(data, size, &st, &sv) == COSEM_OK) {
        cosem_axdr_writer_t w;
        uint8_t out[4], st2 = 0, sv2 = 0;
        cosem_axdr_writer_init(&w, out, sizeof out);
        check(cosem_exception_encode(&w, (cosem_state_error_t)st, (cosem_service_error_t)sv) ==
              COSEM_OK);
        check(cosem_exception_decode(out, cosem_axdr_writer_len(&w), &st2, &sv2) == COSEM_OK);
        check(st == st2 && sv == sv2);
    }
    return 0;
}
