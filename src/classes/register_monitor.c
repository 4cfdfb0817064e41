/* SPDX-License-Identifier: Apache-2.0 */
/* Register monitor (class 21, version 0): thresholds on any attribute of
 * another object, up/down scripts on crossings in either direction. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_REGISTER_MONITOR

#include <cosem/control.h>
#include <cosem/server.h>

#include "control_internal.h"

/* Once a second: sample, compare with each threshold, run crossings. */
static void rm_tick(struct cosem_server *s, const cosem_object_t *obj, int64_t utc)
{
    const cosem_register_monitor_t *m = (const cosem_register_monitor_t *)obj->data;
    cosem_register_monitor_state_t *st = m->state;
    uint32_t above = 0;
    int64_t v = 0;
    (void)utc;
    if (cosem_ctl_sample(s, &st->monitored, &v) != COSEM_OK) {
        return;
    }
    for (uint8_t i = 0; i < st->threshold_count; ++i) {
        above |= (uint32_t)(v > m->thresholds[i].value) << i;
    }
    for (uint8_t i = 0; st->known_ && i < st->threshold_count; ++i) {
        uint32_t bit = 1u << i;
        if (((above ^ st->above_) & bit) != 0u && i < st->action_count) {
            (void)cosem_script_run(s, (above & bit) != 0u ? &m->actions[i].up
                                                          : &m->actions[i].down);
        }
    }
    st->above_ = above;
    st->known_ = true;
}

/* GET thresholds (2), monitored_value (3), actions (4). */
static cosem_dar_t rm_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_register_monitor_t *m = (const cosem_register_monitor_t *)r->obj->data;
    const cosem_register_monitor_state_t *st = m->state;
    switch (r->id) {
    case 2:
        (void)cosem_axdr_write_array(w, st->threshold_count);
        for (uint8_t i = 0; i < st->threshold_count; ++i) {
            (void)cosem_axdr_write_int(w, m->thresholds[i].type, m->thresholds[i].value);
        }
        break;
    case 3: (void)cosem_ctl_write_value_def(w, &st->monitored); break;
    case 4:
        (void)cosem_axdr_write_array(w, st->action_count);
        for (uint8_t i = 0; i < st->action_count; ++i) {
            (void)cosem_axdr_write_structure(w, 2);
            (void)cosem_ctl_write_script(w, &m->actions[i].up);
            (void)cosem_ctl_write_script(w, &m->actions[i].down);
        }
        break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* One threshold of a SET of attribute 2. */
static cosem_dar_t thr_item(cosem_axdr_reader_t *r, const void *inst, size_t i, bool store)
{
    const cosem_register_monitor_t *m = (const cosem_register_monitor_t *)inst;
    cosem_threshold_t t;
    return cosem_ctl_dar(cosem_ctl_read_threshold(r, store ? &m->thresholds[i] : &t));
}

/* One action_set of a SET of attribute 4. */
static cosem_dar_t act_item(cosem_axdr_reader_t *r, const void *inst, size_t i, bool store)
{
    const cosem_register_monitor_t *m = (const cosem_register_monitor_t *)inst;
    cosem_action_set_t tmp;
    cosem_action_set_t *a = store ? &m->actions[i] : &tmp;
    size_t n = 0;
    if (cosem_axdr_read_structure(r, &n) != COSEM_OK || n != 2u) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    (void)cosem_ctl_read_script(r, &a->up);
    return cosem_ctl_dar(cosem_ctl_read_script(r, &a->down));
}

/* SET of the thresholds (2) or actions (4): validated whole, then stored;
 * the crossing state starts over. */
static cosem_dar_t set_list(const cosem_register_monitor_t *m, int8_t id, cosem_axdr_reader_t *v)
{
    size_t n = 0;
    cosem_dar_t dar = cosem_ctl_set_array(v, m->cap, id == 2 ? thr_item : act_item, m, &n);
    if (dar == COSEM_DAR_SUCCESS) {
        *(id == 2 ? &m->state->threshold_count : &m->state->action_count) = (uint8_t)n;
        m->state->known_ = false;
    }
    return dar;
}

/* SET attributes 2..4. */
static cosem_dar_t rm_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_register_monitor_t *m = (const cosem_register_monitor_t *)r->obj->data;
    cosem_value_def_t d;
    if (r->id == 2 || r->id == 4) {
        return set_list(m, r->id, v);
    }
    if (r->id != 3) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (cosem_ctl_read_value_def(v, &d) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    m->state->monitored = d;
    m->state->known_ = false;
    return COSEM_DAR_SUCCESS;
}

/* Storage present, counts within the capacity, capacity at most 32. */
static cosem_status_t rm_check(const cosem_object_t *obj)
{
    const cosem_register_monitor_t *m = (const cosem_register_monitor_t *)obj->data;
    if (m == NULL || m->state == NULL || m->cap > 32u ||
        (m->cap != 0u && (m->thresholds == NULL || m->actions == NULL)) ||
        m->state->threshold_count > m->cap || m->state->action_count > m->cap) {
        return COSEM_E_ARG;
    }
    for (uint8_t i = 0; i < m->state->threshold_count; ++i) {
        if (!cosem_axdr_is_integer(m->thresholds[i].type)) {
            return COSEM_E_ARG;
        }
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_register_monitor = {
    21, 0, 4, 0,
    (uint16_t)0xFu, /* attributes 1..4 */
    0, 0,
    rm_get, rm_set, NULL, rm_tick, rm_check
};

#else
typedef int cosem_register_monitor_empty_t;
#endif
