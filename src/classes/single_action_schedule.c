/* SPDX-License-Identifier: Apache-2.0 */
/* Single action schedule (class 22, version 0): execution times with
 * wildcards checked against the schedule type, the script run once per
 * matching entry in each tick's window of local time. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_SINGLE_ACTION_SCHEDULE

#include <cosem/calendar.h>

#include "calendar_internal.h"
#include "control_internal.h"

#define DAY 86400

/* Whether a date has a wildcard (or special value) in any field. */
static bool date_wild(const cosem_datetime_t *t)
{
    return t->year == COSEM_DT_YEAR_NS || t->month > 12u || t->day > 31u;
}

/* Whether a time equals another in hour, minute and second. */
static bool same_time(const cosem_datetime_t *a, const cosem_datetime_t *b)
{
    return a->hour == b->hour && a->minute == b->minute && a->second == b->second;
}

/* The type's rules over a list of execution times. */
static bool fits_type(uint8_t type, const cosem_datetime_t *t, size_t n)
{
    if (type < 1u || type > 5u || (type == 1u && n > 1u)) {
        return false;
    }
    for (size_t i = 0; i < n; ++i) {
        if ((type == 2u || type == 4u) && date_wild(&t[i])) {
            return false;
        }
        if ((type == 2u || type == 3u) && !same_time(&t[i], &t[0])) {
            return false;
        }
    }
    return true;
}

/* Read one {time, date} entry; type-unmatched / other-reason. */
static cosem_dar_t read_entry(cosem_axdr_reader_t *r, cosem_datetime_t *e)
{
    size_t n = 0;
    cosem_datetime_t t, d;
    if (cosem_axdr_read_structure(r, &n) != COSEM_OK || n != 2u ||
        cosem_axdr_read_time(r, &t) != COSEM_OK || cosem_axdr_read_date(r, &d) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    d.hour = t.hour;
    d.minute = t.minute;
    d.second = t.second;
    d.hundredths = t.hundredths;
    if (cosem_datetime_validate(&d) != COSEM_OK || d.month == COSEM_DT_MONTH_DST_END ||
        d.month == COSEM_DT_MONTH_DST_BEGIN) {
        return COSEM_DAR_OTHER_REASON;
    }
    *e = d;
    return COSEM_DAR_SUCCESS;
}

/* Whether an entry's time has a match in (lo, hi] of one day (seconds). */
static bool time_in(const cosem_datetime_t *e, int32_t lo, int32_t hi)
{
    int32_t s = e->second == COSEM_DT_NS ? 0 : e->second;
    for (int32_t h = 0; h < 24; ++h) {
        int32_t base;
        if (e->hour != COSEM_DT_NS && e->hour != h) {
            continue;
        }
        base = h * 3600 + s;
        if (e->minute != COSEM_DT_NS) {
            int32_t t = base + e->minute * 60;
            if (t > lo && t <= hi) {
                return true;
            }
        } else if (base + 59 * 60 > lo && base <= hi) {
            /* some minute of this hour falls in the window */
            int32_t first = lo < base ? base : base + ((lo - base) / 60 + 1) * 60;
            if (first <= hi && first <= base + 59 * 60) {
                return true;
            }
        }
    }
    return false;
}

/* Run the script once per entry matching in (lo, hi] of a date. */
static void run_day(cosem_server_t *s, const cosem_single_action_schedule_t *c, int64_t day_key,
                    int32_t lo, int32_t hi)
{
    cosem_datetime_t date;
    (void)cosem_datetime_from_utc(&date, day_key, 0, 0);
    for (uint16_t i = 0; i < c->state->count && i < c->cap; ++i) {
        if (cosem_cal_date_match(&c->times[i], &date) && time_in(&c->times[i], lo, hi)) {
            (void)cosem_script_run(s, &c->state->script);
        }
    }
}

/* Once a second: the window since the last tick (rule in calendar.h). */
static void sas_tick(struct cosem_server *s, const cosem_object_t *obj, int64_t utc)
{
    const cosem_single_action_schedule_t *c = (const cosem_single_action_schedule_t *)obj->data;
    cosem_single_action_state_t *st = c->state;
    cosem_datetime_t local;
    int64_t key, done = st->done_;
    if (utc < 0 || cosem_cal_local(s, c->clock, utc, &local) != COSEM_OK ||
        (key = cosem_cal_key(&local)) < 0) {
        return;
    }
    switch (cosem_cal_step(st->synced_, done, key)) {
    case COSEM_CAL_RESYNC:
        st->synced_ = true;
        st->done_ = key;
        return;
    case COSEM_CAL_WAIT: return;
    default: break;
    }
    if (key / DAY != done / DAY) {
        run_day(s, c, done, (int32_t)(done % DAY), DAY - 1);
        run_day(s, c, key, -1, (int32_t)(key % DAY));
    } else {
        run_day(s, c, key, (int32_t)(done % DAY), (int32_t)(key % DAY));
    }
    st->done_ = key;
}

/* GET executed_script (2), type (3), execution_time (4). */
static cosem_dar_t sas_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_single_action_schedule_t *c = (const cosem_single_action_schedule_t *)r->obj->data;
    const cosem_single_action_state_t *st = c->state;
    switch (r->id) {
    case 2: (void)cosem_ctl_write_script(w, &st->script); break;
    case 3: (void)cosem_axdr_write_enum(w, st->type); break;
    case 4:
        (void)cosem_axdr_write_array(w, st->count);
        for (uint16_t i = 0; i < st->count && i < c->cap; ++i) {
            (void)cosem_axdr_write_structure(w, 2);
            (void)cosem_axdr_write_time_os(w, &c->times[i]);
            (void)cosem_axdr_write_date_os(w, &c->times[i]);
        }
        break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* SET execution_time (4): every entry read and checked on a copy of the
 * reader, the type's rules over the new list, then stored. */
static cosem_dar_t set_times(const cosem_single_action_schedule_t *c, cosem_axdr_reader_t *v)
{
    cosem_axdr_reader_t probe = *v;
    cosem_datetime_t first, e;
    size_t n = 0;
    if (cosem_axdr_read_array(&probe, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    cosem_datetime_clear(&first);
    for (size_t i = 0; i < n; ++i) {
        cosem_dar_t dar = read_entry(&probe, &e);
        if (dar != COSEM_DAR_SUCCESS) {
            return dar;
        }
        if (i == 0u) {
            first = e;
        }
        if (!fits_type(c->state->type, &first, 1) || !fits_type(c->state->type, &e, 1) ||
            ((c->state->type == 2u || c->state->type == 3u) && !same_time(&e, &first))) {
            return COSEM_DAR_OTHER_REASON;
        }
    }
    if (n > c->cap || (c->state->type == 1u && n > 1u)) {
        return COSEM_DAR_OTHER_REASON;
    }
    (void)cosem_axdr_read_array(v, &n);
    for (size_t i = 0; i < n; ++i) {
        (void)read_entry(v, &c->times[i]);
    }
    c->state->count = (uint16_t)n;
    return COSEM_DAR_SUCCESS;
}

/* SET attributes 2..4. */
static cosem_dar_t sas_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_single_action_schedule_t *c = (const cosem_single_action_schedule_t *)r->obj->data;
    cosem_single_action_state_t *st = c->state;
    cosem_script_ref_t ref;
    uint8_t type = 0;
    switch (r->id) {
    case 2:
        if (cosem_ctl_read_script(v, &ref) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        st->script = ref;
        return COSEM_DAR_SUCCESS;
    case 3:
        if (cosem_axdr_read_enum(v, &type) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        if (!fits_type(type, c->times, st->count)) {
            return COSEM_DAR_OTHER_REASON;
        }
        st->type = type;
        return COSEM_DAR_SUCCESS;
    case 4: return set_times(c, v);
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
}

/* State and storage present, the times fitting the type. */
static cosem_status_t sas_check(const cosem_object_t *obj)
{
    const cosem_single_action_schedule_t *c = (const cosem_single_action_schedule_t *)obj->data;
    if (c == NULL || c->state == NULL || (c->cap != 0u && c->times == NULL) ||
        c->state->count > c->cap || !fits_type(c->state->type, c->times, c->state->count)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_single_action_schedule = {
    22, 0, 4, 0,
    (uint16_t)0xFu, /* attributes 1..4 */
    0, 0,
    sas_get, sas_set, NULL, sas_tick, sas_check
};

#else
typedef int cosem_single_action_schedule_empty_t;
#endif
