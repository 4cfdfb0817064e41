/* SPDX-License-Identifier: Apache-2.0 */
/* Limiter (class 71, version 0): a monitored attribute compared with the
 * active threshold at every tick; over/under actions after their minimum
 * durations (monotonic time); the emergency profile switching the active
 * threshold. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_LIMITER

#include <cosem/control.h>
#include <cosem/server.h>

#include "control_internal.h"

/* Whether the emergency profile applies at @p utc (-1: clock invalid). */
static bool emergency_now(const cosem_limiter_t *l, int64_t utc)
{
    const cosem_limiter_state_t *st = l->state;
    int64_t start = 0;
    bool member = false;
    for (uint8_t i = 0; i < st->group_count && i < l->group_cap; ++i) {
        member = member || l->group_ids[i] == st->emergency_id;
    }
    if (!member || utc < 0 || !cosem_datetime_is_complete(&st->emergency_start) ||
        cosem_datetime_to_utc(&st->emergency_start, &start) != COSEM_OK) {
        return false;
    }
    return utc >= start && utc - start < (int64_t)st->emergency_duration;
}

/* Follow the emergency profile: the threshold in force changes with it. */
static void update_emergency(const cosem_limiter_t *l, int64_t utc)
{
    cosem_limiter_state_t *st = l->state;
    bool on = emergency_now(l, utc);
    if (on != st->emergency_active) {
        st->emergency_active = on;
        st->active = on ? st->emergency : st->normal;
    }
}

/* Run the action of a side and tell the application. */
static void fire(cosem_server_t *s, const cosem_object_t *obj, bool over)
{
    const cosem_limiter_t *l = (const cosem_limiter_t *)obj->data;
    l->state->over_ = over;
    l->state->pending_ = false;
    (void)cosem_script_run(s, over ? &l->state->action_over : &l->state->action_under);
    if (l->on_change != NULL) {
        l->on_change(s, obj, over);
    }
}

/* Once a second: emergency profile, then the comparison and its timing. */
static void lim_tick(struct cosem_server *s, const cosem_object_t *obj, int64_t utc)
{
    const cosem_limiter_t *l = (const cosem_limiter_t *)obj->data;
    cosem_limiter_state_t *st = l->state;
    uint32_t now = cosem_ctl_now_ms(s, st->now_ms_);
    int64_t v = 0;
    bool over;
    st->now_ms_ = now;
    update_emergency(l, utc);
    if (cosem_ctl_sample(s, &st->monitored, &v) != COSEM_OK) {
        return;
    }
    over = v > st->active.value;
    if (over == st->over_) {
        st->pending_ = false;
        return;
    }
    if (!st->pending_) {
        st->pending_ = true;
        st->since_ms_ = now;
    }
    if ((uint64_t)(uint32_t)(now - st->since_ms_) >=
        (uint64_t)(over ? st->min_over : st->min_under) * 1000u) {
        fire(s, obj, over);
    }
}

/* GET of the emergency profile (8) and the group id list (9). */
static void write_emergency(const cosem_limiter_t *l, int8_t id, cosem_axdr_writer_t *w)
{
    const cosem_limiter_state_t *st = l->state;
    if (id == 8) {
        (void)cosem_axdr_write_structure(w, 3);
        (void)cosem_axdr_write_u16(w, st->emergency_id);
        (void)cosem_axdr_write_datetime_os(w, &st->emergency_start);
        (void)cosem_axdr_write_u32(w, st->emergency_duration);
        return;
    }
    (void)cosem_axdr_write_array(w, st->group_count);
    for (uint8_t i = 0; i < st->group_count && i < l->group_cap; ++i) {
        (void)cosem_axdr_write_u16(w, l->group_ids[i]);
    }
}

/* GET attributes 2..11. */
static cosem_dar_t lim_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_limiter_t *l = (const cosem_limiter_t *)r->obj->data;
    const cosem_limiter_state_t *st = l->state;
    const cosem_threshold_t *t[3] = {&st->active, &st->normal, &st->emergency};
    switch (r->id) {
    case 2: (void)cosem_ctl_write_value_def(w, &st->monitored); break;
    case 3: case 4: case 5: (void)cosem_axdr_write_int(w, t[r->id - 3]->type, t[r->id - 3]->value); break;
    case 6: (void)cosem_axdr_write_u32(w, st->min_over); break;
    case 7: (void)cosem_axdr_write_u32(w, st->min_under); break;
    case 8: case 9: write_emergency(l, r->id, w); break;
    case 10: (void)cosem_axdr_write_bool(w, st->emergency_active); break;
    case 11:
        (void)cosem_axdr_write_structure(w, 2);
        (void)cosem_ctl_write_script(w, &st->action_over);
        (void)cosem_ctl_write_script(w, &st->action_under);
        break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* SET emergency_profile (8): structure {id, activation time, duration}. */
static cosem_dar_t set_emergency(cosem_limiter_state_t *st, cosem_axdr_reader_t *v)
{
    size_t n = 0;
    uint16_t id = 0;
    uint32_t dur = 0;
    cosem_datetime_t start;
    if (cosem_axdr_read_structure(v, &n) != COSEM_OK || n != 3u ||
        cosem_axdr_read_u16(v, &id) != COSEM_OK ||
        cosem_axdr_read_datetime(v, &start) != COSEM_OK ||
        cosem_axdr_read_u32(v, &dur) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (cosem_datetime_validate(&start) != COSEM_OK) {
        return COSEM_DAR_OTHER_REASON;
    }
    st->emergency_id = id;
    st->emergency_start = start;
    st->emergency_duration = dur;
    return COSEM_DAR_SUCCESS;
}

/* One group id of a SET of attribute 9. */
static cosem_dar_t group_item(cosem_axdr_reader_t *r, const void *inst, size_t i, bool store)
{
    const cosem_limiter_t *l = (const cosem_limiter_t *)inst;
    uint16_t id = 0;
    return cosem_ctl_dar(cosem_axdr_read_u16(r, store ? &l->group_ids[i] : &id));
}

/* SET group id list (9): validated whole, then stored. */
static cosem_dar_t set_groups(const cosem_limiter_t *l, cosem_axdr_reader_t *v)
{
    size_t n = 0;
    cosem_dar_t dar = cosem_ctl_set_array(v, l->group_cap, group_item, l, &n);
    if (dar == COSEM_DAR_SUCCESS) {
        l->state->group_count = (uint8_t)n;
    }
    return dar;
}

/* SET actions (11): structure {script, script}. */
static cosem_dar_t set_actions(cosem_limiter_state_t *st, cosem_axdr_reader_t *v)
{
    size_t n = 0;
    cosem_script_ref_t over, under;
    if (cosem_axdr_read_structure(v, &n) != COSEM_OK || n != 2u ||
        cosem_ctl_read_script(v, &over) != COSEM_OK ||
        cosem_ctl_read_script(v, &under) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    st->action_over = over;
    st->action_under = under;
    return COSEM_DAR_SUCCESS;
}

/* SET of a threshold (3, 4, 5); the one in force follows normal or
 * emergency. */
static cosem_dar_t set_threshold(cosem_limiter_state_t *st, int8_t id, cosem_axdr_reader_t *v)
{
    cosem_threshold_t t;
    if (cosem_ctl_read_threshold(v, &t) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (id == 4) {
        st->normal = t;
    } else if (id == 5) {
        st->emergency = t;
    }
    if (id == 3 || (id == 4 && !st->emergency_active) || (id == 5 && st->emergency_active)) {
        st->active = t;
    }
    return COSEM_DAR_SUCCESS;
}

/* SET attributes 2..9 and 11; emergency_profile_active (10) is computed. */
static cosem_dar_t lim_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_limiter_t *l = (const cosem_limiter_t *)r->obj->data;
    cosem_limiter_state_t *st = l->state;
    cosem_value_def_t d;
    uint32_t u = 0;
    switch (r->id) {
    case 2:
        if (cosem_ctl_read_value_def(v, &d) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        st->monitored = d;
        return COSEM_DAR_SUCCESS;
    case 3: case 4: case 5: return set_threshold(st, r->id, v);
    case 6: case 7:
        if (cosem_axdr_read_u32(v, &u) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *(r->id == 6 ? &st->min_over : &st->min_under) = u;
        return COSEM_DAR_SUCCESS;
    case 8: return set_emergency(st, v);
    case 9: return set_groups(l, v);
    case 10: return COSEM_DAR_READ_WRITE_DENIED;
    case 11: return set_actions(st, v);
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
}

/* State present, thresholds of integer types, group list consistent. */
static cosem_status_t lim_check(const cosem_object_t *obj)
{
    const cosem_limiter_t *l = (const cosem_limiter_t *)obj->data;
    const cosem_limiter_state_t *st;
    if (l == NULL || l->state == NULL || (l->group_cap != 0u && l->group_ids == NULL)) {
        return COSEM_E_ARG;
    }
    st = l->state;
    if (st->group_count > l->group_cap || !cosem_axdr_is_integer(st->active.type) ||
        !cosem_axdr_is_integer(st->normal.type) || !cosem_axdr_is_integer(st->emergency.type)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_limiter = {
    71, 0, 11, 0,
    (uint16_t)0x7FFu, /* attributes 1..11 */
    0, 0,
    lim_get, lim_set, NULL, lim_tick, lim_check
};

#else
typedef int cosem_limiter_empty_t;
#endif
