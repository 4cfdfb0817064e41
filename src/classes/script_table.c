/* SPDX-License-Identifier: Apache-2.0 */
/* Script table (class 9, version 0): scripts of attribute writes and
 * method calls kept A-XDR encoded in application RAM, validated whole on
 * SET, executed through the server's own write/invoke path without
 * nesting. Also the script references of the time and monitor classes. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_SCRIPT_TABLE

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/control.h>
#include <cosem/server.h>

#include "control_internal.h"

/* One decoded action_specification; the parameter is a slice of the
 * buffer. */
typedef struct action {
    uint8_t service;
    uint16_t class_id;
    uint8_t obis[6];
    int8_t index;
    const uint8_t *param;
    size_t param_len;
} action_t;

/* Read one action_specification structure; false on a wrong shape. */
static bool read_action(cosem_axdr_reader_t *r, action_t *a)
{
    size_t n = 0, at;
    if (cosem_axdr_read_structure(r, &n) != COSEM_OK || n != 5u ||
        cosem_axdr_read_enum(r, &a->service) != COSEM_OK ||
        cosem_axdr_read_u16(r, &a->class_id) != COSEM_OK ||
        cosem_axdr_read_octet_string_fixed(r, a->obis, 6) != COSEM_OK ||
        cosem_axdr_read_i8(r, &a->index) != COSEM_OK) {
        return false;
    }
    at = cosem_axdr_reader_pos(r);
    if (cosem_axdr_skip(r) != COSEM_OK) {
        return false;
    }
    a->param = r->buf + at;
    a->param_len = cosem_axdr_reader_pos(r) - at;
    return a->service == COSEM_SCRIPT_WRITE_ATTRIBUTE ||
           a->service == COSEM_SCRIPT_EXECUTE_METHOD;
}

/* Read the head of one script: its identifier and action count. */
static bool read_script_head(cosem_axdr_reader_t *r, uint16_t *id, size_t *actions)
{
    size_t n = 0;
    return cosem_axdr_read_structure(r, &n) == COSEM_OK && n == 2u &&
           cosem_axdr_read_u16(r, id) == COSEM_OK &&
           cosem_axdr_read_array(r, actions) == COSEM_OK;
}

/* Walk a whole scripts array; true when every script and action is well
 * formed. Bounded by the input length (each element takes octets). */
static bool valid_scripts(cosem_axdr_reader_t *r)
{
    size_t count = 0;
    if (cosem_axdr_read_array(r, &count) != COSEM_OK) {
        return false;
    }
    for (size_t i = 0; i < count; ++i) {
        uint16_t id = 0;
        size_t actions = 0;
        if (!read_script_head(r, &id, &actions)) {
            return false;
        }
        for (size_t k = 0; k < actions; ++k) {
            action_t a;
            if (!read_action(r, &a)) {
                return false;
            }
        }
    }
    return cosem_axdr_reader_status(r) == COSEM_OK;
}

/* An action a script may not do: execute any script, or write the scripts
 * of a table (scripts do not nest). */
static bool forbidden(const cosem_object_t *target, const action_t *a)
{
    return target->cls->class_id == 9u &&
           ((a->service == COSEM_SCRIPT_EXECUTE_METHOD && a->index == 1) ||
            (a->service == COSEM_SCRIPT_WRITE_ATTRIBUTE && a->index == 2));
}

/* Do one action through the server's own write/invoke path. */
static cosem_dar_t do_action(cosem_server_t *s, const action_t *a)
{
    const cosem_object_t *t = cosem_server_find(s, a->obis);
    if (t == NULL) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (t->cls->class_id != a->class_id) {
        return COSEM_DAR_OBJECT_CLASS_INCONSISTENT;
    }
    if (forbidden(t, a)) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    if (a->service == COSEM_SCRIPT_WRITE_ATTRIBUTE) {
        return cosem_server_write(s, t, a->index, a->param, a->param_len);
    }
    return cosem_server_invoke(s, t, a->index, a->param, a->param_len, NULL);
}

/* Report one executed action to the application. */
static void report(cosem_server_t *s, const cosem_object_t *table, uint16_t id, size_t k,
                   const action_t *a, cosem_dar_t dar)
{
    const cosem_script_table_t *st = (const cosem_script_table_t *)table->data;
    cosem_script_result_t res;
    if (st->report == NULL) {
        return;
    }
    res.script_id = id;
    res.action = (uint16_t)k;
    res.service = a->service;
    res.class_id = a->class_id;
    memcpy(res.obis, a->obis, 6);
    res.index = a->index;
    res.dar = dar;
    st->report(s, table, &res);
}

/* Run the actions of one script; the first failure is the result. The
 * script bytes are not written by its own actions (forbidden()), so the
 * reader stays valid while they run. */
static cosem_dar_t run_actions(cosem_server_t *s, const cosem_object_t *table,
                               cosem_axdr_reader_t *r, uint16_t id, size_t actions)
{
    cosem_dar_t first = COSEM_DAR_SUCCESS;
    for (size_t k = 0; k < actions; ++k) {
        action_t a;
        cosem_dar_t dar;
        if (!read_action(r, &a)) {
            return COSEM_DAR_OTHER_REASON;
        }
        dar = do_action(s, &a);
        report(s, table, id, k, &a, dar);
        if (first == COSEM_DAR_SUCCESS) {
            first = dar;
        }
    }
    return first;
}

/* Find the script and run it. */
cosem_dar_t cosem_script_execute(cosem_server_t *s, const cosem_object_t *table,
                                 uint16_t script_id)
{
    const cosem_script_table_t *st;
    cosem_axdr_reader_t r;
    size_t count = 0;
    if (s == NULL || table == NULL) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (table->cls != &cosem_class_script_table) {
        return COSEM_DAR_OBJECT_CLASS_INCONSISTENT;
    }
    st = (const cosem_script_table_t *)table->data;
    cosem_axdr_reader_init(&r, st->buf, *st->len);
    if (cosem_axdr_read_array(&r, &count) != COSEM_OK) {
        return COSEM_DAR_OTHER_REASON;
    }
    for (size_t i = 0; i < count; ++i) {
        uint16_t id = 0;
        size_t actions = 0;
        if (!read_script_head(&r, &id, &actions)) {
            return COSEM_DAR_OTHER_REASON;
        }
        if (id == script_id) {
            return run_actions(s, table, &r, id, actions);
        }
        for (size_t k = 0; k < actions; ++k) {
            action_t a;
            if (!read_action(&r, &a)) {
                return COSEM_DAR_OTHER_REASON;
            }
        }
    }
    return script_id == 0u ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Run the script a reference names (all-zero name: none). */
cosem_dar_t cosem_script_run(cosem_server_t *s, const cosem_script_ref_t *ref)
{
    static const uint8_t none[6] = {0, 0, 0, 0, 0, 0};
    const cosem_object_t *t;
    if (s == NULL || ref == NULL) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (cosem_mem_cmp(ref->obis, none, 6) == 0) {
        return COSEM_DAR_SUCCESS;
    }
    t = cosem_server_find(s, ref->obis);
    if (t == NULL) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_script_execute(s, t, ref->selector);
}

/* ---- script references (structure {octet-string(6), long-unsigned}) -- */

cosem_status_t cosem_ctl_read_script(cosem_axdr_reader_t *r, cosem_script_ref_t *ref)
{
    size_t n = 0;
    if (cosem_axdr_read_structure(r, &n) != COSEM_OK || n != 2u) {
        return cosem_axdr_reader_fail(r, COSEM_E_TYPE);
    }
    (void)cosem_axdr_read_octet_string_fixed(r, ref->obis, 6);
    return cosem_axdr_read_u16(r, &ref->selector);
}

cosem_status_t cosem_ctl_write_script(cosem_axdr_writer_t *w, const cosem_script_ref_t *ref)
{
    (void)cosem_axdr_write_structure(w, 2);
    (void)cosem_axdr_write_octet_string(w, ref->obis, 6);
    return cosem_axdr_write_u16(w, ref->selector);
}

/* ---- class 9 ---------------------------------------------------------- */

/* GET scripts (2): the stored encoding. */
static cosem_dar_t st_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_script_table_t *st = (const cosem_script_table_t *)r->obj->data;
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    (void)cosem_axdr_put_bytes(w, st->buf, *st->len);
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* SET scripts (2): validate the whole array, then replace the buffer. */
static cosem_dar_t st_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_script_table_t *st = (const cosem_script_table_t *)r->obj->data;
    size_t start = cosem_axdr_reader_pos(v), n;
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (st->cap == 0u) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    if (!valid_scripts(v)) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    n = cosem_axdr_reader_pos(v) - start;
    if (n > st->cap) {
        return COSEM_DAR_OTHER_REASON;
    }
    cosem_mem_move(st->buf, v->buf + start, n);
    *st->len = (uint16_t)n;
    return COSEM_DAR_SUCCESS;
}

/* Method execute (1): long-unsigned script identifier. */
static cosem_dar_t st_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                             cosem_axdr_writer_t *ret)
{
    uint16_t id = 0;
    (void)ret;
    if (r->id != 1) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (cosem_axdr_read_u16(params, &id) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return cosem_script_execute(r->server, r->obj, id);
}

/* Buffer present and its content a valid scripts array. */
static cosem_status_t st_check(const cosem_object_t *obj)
{
    const cosem_script_table_t *st = (const cosem_script_table_t *)obj->data;
    cosem_axdr_reader_t r;
    if (st == NULL || st->buf == NULL || st->len == NULL ||
        (st->cap != 0u && *st->len > st->cap)) {
        return COSEM_E_ARG;
    }
    cosem_axdr_reader_init(&r, st->buf, *st->len);
    return valid_scripts(&r) && cosem_axdr_reader_remaining(&r) == 0u ? COSEM_OK : COSEM_E_ARG;
}

const cosem_class_t cosem_class_script_table = {
    9, 0, 2, 1,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2)),
    0, 0,
    st_get, st_set, st_action, NULL, st_check
};

#else
typedef int cosem_script_table_empty_t;
#endif
