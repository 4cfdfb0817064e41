/* SPDX-License-Identifier: Apache-2.0 */
/* Parameter monitor (class 65, version 0): records the last SET of any
 * attribute on its list (hooked into the server's SET path), lists the
 * parameters with their current values, add/delete methods. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_PARAMETER_MONITOR

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/control.h>
#include <cosem/server.h>

#include "control_internal.h"
#include "server/server_internal.h"

/* Whether two value definitions name the same attribute. */
static bool same_def(const cosem_value_def_t *a, const cosem_value_def_t *b)
{
    return a->class_id == b->class_id && a->attr == b->attr && cosem_mem_cmp(a->obis, b->obis, 6) == 0;
}

/* Position of a definition in the list; count when absent. */
static uint8_t find_def(const cosem_parameter_monitor_t *m, const cosem_value_def_t *d)
{
    uint8_t i = 0;
    while (i < m->state->count && !same_def(&m->list[i], d)) {
        ++i;
    }
    return i;
}

/* Record a change for one monitor: the new value read back, the time. */
static void record(cosem_server_t *s, const cosem_parameter_monitor_t *m,
                   const cosem_req_t *r, const cosem_value_def_t *d)
{
    cosem_parameter_monitor_state_t *st = m->state;
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, m->value, m->value_cap);
    st->changed = *d;
    st->changed_len = 0;
    if (cosem_server_read(s, r->obj, r->id, &w) == COSEM_DAR_SUCCESS) {
        st->changed_len = (uint16_t)cosem_axdr_writer_len(&w);
    }
    (void)cosem_port_time_get(cosem_server_port(s), &st->capture_time);
}

/* The server's SET hook: every monitor listing the attribute records it. */
void cosem_srv_param_changed(const cosem_req_t *r)
{
    cosem_value_def_t d;
    size_t n = cosem_server_object_count(r->server);
    d.class_id = r->obj->cls->class_id;
    memcpy(d.obis, r->obj->obis, 6);
    d.attr = r->id;
    for (size_t i = 0; i < n; ++i) {
        const cosem_object_t *o = cosem_server_object_at(r->server, i);
        const cosem_parameter_monitor_t *m = (const cosem_parameter_monitor_t *)o->data;
        if (o->cls == &cosem_class_parameter_monitor && find_def(m, &d) < m->state->count) {
            record(r->server, m, r, &d);
        }
    }
}

/* active_parameters (5): each parameter with its current value. */
static void write_active(cosem_req_t *r, const cosem_parameter_monitor_t *m,
                         cosem_axdr_writer_t *w)
{
    (void)cosem_axdr_write_array(w, m->state->count);
    for (uint8_t i = 0; i < m->state->count; ++i) {
        const cosem_value_def_t *d = &m->list[i];
        const cosem_object_t *o = cosem_server_find(r->server, d->obis);
        (void)cosem_axdr_write_structure(w, 4);
        (void)cosem_axdr_write_u16(w, d->class_id);
        (void)cosem_axdr_write_octet_string(w, d->obis, 6);
        (void)cosem_axdr_write_i8(w, d->attr);
        if (o == NULL || o->cls->class_id != d->class_id ||
            cosem_server_read(r->server, o, d->attr, w) != COSEM_DAR_SUCCESS) {
            (void)cosem_axdr_write_null(w);
        }
    }
}

/* GET attributes 2..5. */
static cosem_dar_t pm_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_parameter_monitor_t *m = (const cosem_parameter_monitor_t *)r->obj->data;
    const cosem_parameter_monitor_state_t *st = m->state;
    switch (r->id) {
    case 2:
        (void)cosem_axdr_write_structure(w, 4);
        (void)cosem_axdr_write_u16(w, st->changed.class_id);
        (void)cosem_axdr_write_octet_string(w, st->changed.obis, 6);
        (void)cosem_axdr_write_i8(w, st->changed.attr);
        if (st->changed_len == 0u) {
            (void)cosem_axdr_write_null(w);
        } else {
            (void)cosem_axdr_put_bytes(w, m->value, st->changed_len);
        }
        break;
    case 3: (void)cosem_axdr_write_datetime_os(w, &st->capture_time); break;
    case 4:
        (void)cosem_axdr_write_array(w, st->count);
        for (uint8_t i = 0; i < st->count; ++i) {
            (void)cosem_ctl_write_value_def(w, &m->list[i]);
        }
        break;
    case 5: write_active(r, m, w); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* One value definition of a SET of attribute 4. */
static cosem_dar_t pm_item(cosem_axdr_reader_t *r, const void *inst, size_t i, bool store)
{
    const cosem_parameter_monitor_t *m = (const cosem_parameter_monitor_t *)inst;
    cosem_value_def_t d;
    return cosem_ctl_dar(cosem_ctl_read_value_def(r, store ? &m->list[i] : &d));
}

/* SET parameter_list (4): validated whole, then stored. */
static cosem_dar_t pm_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_parameter_monitor_t *m = (const cosem_parameter_monitor_t *)r->obj->data;
    size_t n = 0;
    cosem_dar_t dar;
    if (r->id == 2 || r->id == 3 || r->id == 5) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    if (r->id != 4) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = cosem_ctl_set_array(v, m->cap, pm_item, m, &n);
    if (dar == COSEM_DAR_SUCCESS) {
        m->state->count = (uint8_t)n;
    }
    return dar;
}

/* Methods add_parameter (1) and delete_parameter (2). */
static cosem_dar_t pm_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                             cosem_axdr_writer_t *ret)
{
    const cosem_parameter_monitor_t *m = (const cosem_parameter_monitor_t *)r->obj->data;
    cosem_parameter_monitor_state_t *st = m->state;
    cosem_value_def_t d;
    uint8_t at;
    (void)ret;
    if (r->id != 1 && r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (cosem_ctl_read_value_def(params, &d) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    at = find_def(m, &d);
    if (r->id == 1) {
        if (at == st->count) {
            if (at >= m->cap) {
                return COSEM_DAR_OTHER_REASON;
            }
            m->list[st->count++] = d;
        }
        return COSEM_DAR_SUCCESS;
    }
    if (at < st->count) {
        cosem_mem_move(&m->list[at], &m->list[at + 1u], (size_t)(st->count - at - 1u) * sizeof d);
        st->count--;
    }
    return COSEM_DAR_SUCCESS;
}

/* Storage present and the count within the capacity. */
static cosem_status_t pm_check(const cosem_object_t *obj)
{
    const cosem_parameter_monitor_t *m = (const cosem_parameter_monitor_t *)obj->data;
    if (m == NULL || m->state == NULL || (m->cap != 0u && m->list == NULL) ||
        (m->value_cap != 0u && m->value == NULL) || m->state->count > m->cap ||
        m->state->changed_len > m->value_cap) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_parameter_monitor = {
    65, 0, 5, 2,
    (uint16_t)0x1Fu, /* attributes 1..5 */
    0, 0,
    pm_get, pm_set, pm_action, NULL, pm_check
};

#else
typedef int cosem_parameter_monitor_empty_t;
#endif
