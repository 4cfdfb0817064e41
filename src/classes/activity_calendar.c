/* SPDX-License-Identifier: Apache-2.0 */
/* Activity calendar (class 20, version 0): active and passive calendars
 * kept A-XDR encoded in application buffers, validated per part on SET;
 * the tick picks the day profile (special days first, then season and
 * week) and runs each switch once across midnight, clock sets and DST
 * (rule in calendar.h). */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_ACTIVITY_CALENDAR

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/calendar.h>

#include "calendar_internal.h"
#include "control_internal.h"

#define DAY 86400

/* Offset of part k in a calendar buffer. */
static size_t part_off(const uint16_t *lens, int k)
{
    size_t off = 0;
    for (int i = 0; i < k; ++i) {
        off += lens[i];
    }
    return off;
}

/* A reader over part k. */
static void part_reader(cosem_axdr_reader_t *r, const uint8_t *buf, const uint16_t *lens, int k)
{
    cosem_axdr_reader_init(r, buf + part_off(lens, k), lens[k]);
}

/* ---- validation --------------------------------------------------------- */

/* A date-time or time read and range checked: shape errors stick in the
 * reader, range errors set *range. */
static void checked_time(cosem_axdr_reader_t *r, bool date_time, bool *range,
                         cosem_datetime_t *out)
{
    cosem_status_t st = date_time ? cosem_axdr_read_datetime(r, out) : cosem_axdr_read_time(r, out);
    if (st == COSEM_OK && cosem_datetime_validate(out) != COSEM_OK) {
        *range = true;
    }
}

/* Skip an octet-string (a name). */
static void skip_name(cosem_axdr_reader_t *r)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    (void)cosem_axdr_read_octet_string(r, &p, &n);
}

/* Read an array or structure header of an expected count (0: any). */
static size_t read_head(cosem_axdr_reader_t *r, bool array, size_t want)
{
    size_t n = 0;
    if ((array ? cosem_axdr_read_array(r, &n) : cosem_axdr_read_structure(r, &n)) != COSEM_OK ||
        (want != 0u && n != want)) {
        (void)cosem_axdr_reader_fail(r, COSEM_E_TYPE);
        return 0;
    }
    return n;
}

/* season_profile entries. */
static void walk_seasons(cosem_axdr_reader_t *r, bool *range)
{
    size_t n = read_head(r, true, 0);
    for (size_t i = 0; i < n && cosem_axdr_reader_status(r) == COSEM_OK; ++i) {
        cosem_datetime_t t;
        (void)read_head(r, false, 3);
        skip_name(r);
        checked_time(r, true, range, &t);
        skip_name(r);
    }
}

/* week_profile_table entries. */
static void walk_weeks(cosem_axdr_reader_t *r)
{
    size_t n = read_head(r, true, 0);
    for (size_t i = 0; i < n && cosem_axdr_reader_status(r) == COSEM_OK; ++i) {
        uint8_t id = 0;
        (void)read_head(r, false, 8);
        skip_name(r);
        for (int d = 0; d < 7; ++d) {
            (void)cosem_axdr_read_u8(r, &id);
        }
    }
}

/* One day_profile_action {start_time, script_logical_name, selector}. */
static void read_switch(cosem_axdr_reader_t *r, bool *range, int32_t *tod,
                        cosem_script_ref_t *ref)
{
    cosem_datetime_t t;
    cosem_datetime_clear(&t);
    (void)read_head(r, false, 3);
    checked_time(r, false, range, &t);
    (void)cosem_axdr_read_octet_string_fixed(r, ref->obis, 6);
    (void)cosem_axdr_read_u16(r, &ref->selector);
    *tod = cosem_cal_tod(&t);
}

/* day_profile_table entries. */
static void walk_days(cosem_axdr_reader_t *r, bool *range)
{
    size_t n = read_head(r, true, 0);
    for (size_t i = 0; i < n && cosem_axdr_reader_status(r) == COSEM_OK; ++i) {
        uint8_t id = 0;
        size_t k;
        (void)read_head(r, false, 2);
        (void)cosem_axdr_read_u8(r, &id);
        k = read_head(r, true, 0);
        for (size_t j = 0; j < k && cosem_axdr_reader_status(r) == COSEM_OK; ++j) {
            int32_t tod = 0;
            cosem_script_ref_t ref;
            read_switch(r, range, &tod, &ref);
        }
    }
}

/* Validate one part value: type-unmatched for the shape (the whole value
 * consumed), other-reason for a field out of range. */
static cosem_dar_t validate_part(int k, cosem_axdr_reader_t *r)
{
    bool range = false;
    switch (k) {
    case COSEM_CAL_NAME: skip_name(r); break;
    case COSEM_CAL_SEASONS: walk_seasons(r, &range); break;
    case COSEM_CAL_WEEKS: walk_weeks(r); break;
    default: walk_days(r, &range); break;
    }
    if (cosem_axdr_reader_status(r) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return range ? COSEM_DAR_OTHER_REASON : COSEM_DAR_SUCCESS;
}

/* ---- day selection ------------------------------------------------------ */

/* Comparable day number of year/month/day (not a calendar count). */
static int32_t ord(int32_t y, int32_t m, int32_t d)
{
    return y * 512 + m * 32 + d;
}

/* Ordinal of a season start for a date: wildcards from the date's year,
 * wrapping to the year before when the start lies after the date. */
static int32_t season_ord(const cosem_datetime_t *st, const cosem_datetime_t *date)
{
    int32_t y = st->year == COSEM_DT_YEAR_NS ? date->year : st->year;
    int32_t m = st->month == COSEM_DT_NS ? 1 : st->month;
    int32_t d = st->day == COSEM_DT_NS ? 1 : st->day;
    int32_t o;
    if (st->day == COSEM_DT_DAY_LAST || st->day == COSEM_DT_DAY_2ND_LAST) {
        d = cosem_datetime_days_in_month((uint16_t)y, (uint8_t)m) -
            (st->day == COSEM_DT_DAY_2ND_LAST ? 1 : 0);
    }
    o = ord(y, m, d);
    if (st->year == COSEM_DT_YEAR_NS && o > ord(date->year, date->month, date->day)) {
        o -= 512;
    }
    return o;
}

/* The week name of the season in force on a date; false when none. */
static bool season_week(const uint8_t *buf, const uint16_t *lens, const cosem_datetime_t *date,
                        const uint8_t **week, size_t *week_len)
{
    cosem_axdr_reader_t r;
    int32_t best = INT32_MIN, today = ord(date->year, date->month, date->day);
    size_t n;
    part_reader(&r, buf, lens, COSEM_CAL_SEASONS);
    n = read_head(&r, true, 0);
    for (size_t i = 0; i < n; ++i) {
        cosem_datetime_t st;
        const uint8_t *w = NULL;
        size_t wl = 0;
        int32_t o;
        (void)read_head(&r, false, 3);
        skip_name(&r);
        (void)cosem_axdr_read_datetime(&r, &st);
        (void)cosem_axdr_read_octet_string(&r, &w, &wl);
        if (cosem_axdr_reader_status(&r) != COSEM_OK) {
            return false;
        }
        o = season_ord(&st, date);
        if (o <= today && o > best) {
            best = o;
            *week = w;
            *week_len = wl;
        }
    }
    return best != INT32_MIN;
}

/* The day_id of a date: special day, else season -> week -> weekday. */
static bool day_id_of(const cosem_activity_calendar_t *c, const cosem_datetime_t *date,
                      uint8_t *day_id)
{
    const uint16_t *lens = c->state->active_len;
    const uint8_t *week = NULL;
    size_t week_len = 0;
    cosem_axdr_reader_t r;
    size_t n;
    if (c->special_days != NULL && cosem_special_days_match(c->special_days, date, day_id)) {
        return true;
    }
    if (!season_week(c->active, lens, date, &week, &week_len)) {
        return false;
    }
    part_reader(&r, c->active, lens, COSEM_CAL_WEEKS);
    n = read_head(&r, true, 0);
    for (size_t i = 0; i < n && cosem_axdr_reader_status(&r) == COSEM_OK; ++i) {
        const uint8_t *name = NULL;
        size_t nl = 0;
        uint8_t ids[7] = {0};
        (void)read_head(&r, false, 8);
        (void)cosem_axdr_read_octet_string(&r, &name, &nl);
        for (int d = 0; d < 7; ++d) {
            (void)cosem_axdr_read_u8(&r, &ids[d]);
        }
        if (cosem_axdr_reader_status(&r) == COSEM_OK && nl == week_len &&
            (nl == 0u || cosem_mem_cmp(name, week, nl) == 0) && date->day_of_week >= 1u &&
            date->day_of_week <= 7u) {
            *day_id = ids[date->day_of_week - 1u];
            return true;
        }
    }
    return false;
}

/* Position a reader at the schedule of a day profile; its switch count. */
static size_t day_schedule(const cosem_activity_calendar_t *c, uint8_t day_id,
                           cosem_axdr_reader_t *r)
{
    size_t n;
    part_reader(r, c->active, c->state->active_len, COSEM_CAL_DAYS);
    n = read_head(r, true, 0);
    for (size_t i = 0; i < n && cosem_axdr_reader_status(r) == COSEM_OK; ++i) {
        uint8_t id = 0;
        size_t k;
        bool range = false;
        (void)read_head(r, false, 2);
        (void)cosem_axdr_read_u8(r, &id);
        k = read_head(r, true, 0);
        if (id == day_id) {
            return cosem_axdr_reader_status(r) == COSEM_OK ? k : 0u;
        }
        for (size_t j = 0; j < k; ++j) {
            int32_t tod = 0;
            cosem_script_ref_t ref;
            read_switch(r, &range, &tod, &ref);
        }
    }
    return 0;
}

/* ---- running switches --------------------------------------------------- */

/* The earliest switch time of a schedule in (lo, hi]; -1 when none. With
 * run set, run every switch at exactly that time instead (list order). */
static int32_t scan(cosem_server_t *s, const cosem_activity_calendar_t *c, uint8_t day_id,
                    int32_t lo, int32_t hi, int32_t run_at)
{
    cosem_axdr_reader_t r;
    size_t k = day_schedule(c, day_id, &r);
    int32_t best = -1;
    for (size_t j = 0; j < k; ++j) {
        int32_t tod = 0;
        bool range = false;
        cosem_script_ref_t ref;
        read_switch(&r, &range, &tod, &ref);
        if (cosem_axdr_reader_status(&r) != COSEM_OK) {
            return -1;
        }
        if (run_at >= 0) {
            if (tod == run_at) {
                (void)cosem_script_run(s, &ref);
            }
        } else if (tod > lo && tod <= hi && (best < 0 || tod < best)) {
            best = tod;
        }
    }
    return best;
}

/* Run the switches of one date's profile in (lo, hi], in time order. Each
 * round moves lo forward, so at most one round per switch. */
static void run_range(cosem_server_t *s, const cosem_activity_calendar_t *c,
                      const cosem_datetime_t *date, int32_t lo, int32_t hi)
{
    uint8_t id = 0;
    int32_t t;
    if (!day_id_of(c, date, &id)) {
        return;
    }
    while ((t = scan(s, c, id, lo, hi, -1)) >= 0) {
        (void)scan(s, c, id, 0, 0, t);
        lo = t;
    }
}

/* The latest switch time of a date's profile at or before hi; -1 none. */
static int32_t latest(const cosem_activity_calendar_t *c, const cosem_datetime_t *date,
                      int32_t hi, uint8_t *id)
{
    int32_t lo = -1, t, last = -1;
    if (!day_id_of(c, date, id)) {
        return -1;
    }
    while ((t = scan(NULL, c, *id, lo, hi, -1)) >= 0) {
        last = t;
        lo = t;
    }
    return last;
}

/* Local date of a local-seconds key (day of week computed). */
static void date_of(int64_t key, cosem_datetime_t *d)
{
    (void)cosem_datetime_from_utc(d, key, 0, 0);
}

/* Run the switch in force at local key: today's latest, else yesterday's
 * last. */
static void run_in_force(cosem_server_t *s, const cosem_activity_calendar_t *c, int64_t key)
{
    cosem_datetime_t d;
    uint8_t id = 0;
    int32_t t;
    date_of(key, &d);
    t = latest(c, &d, (int32_t)(key % DAY), &id);
    if (t < 0) {
        date_of(key - DAY, &d);
        t = latest(c, &d, DAY - 1, &id);
    }
    if (t >= 0) {
        (void)scan(s, c, id, 0, 0, t);
    }
}

/* Passive calendar over the active one. */
static void activate(const cosem_activity_calendar_t *c)
{
    cosem_activity_calendar_state_t *st = c->state;
    memcpy(c->active, c->passive, part_off(st->passive_len, COSEM_CAL_PARTS));
    memcpy(st->active_len, st->passive_len, sizeof st->active_len);
    st->synced_ = false;
}

/* Once a second: activation time, then the switches between the last
 * processed local instant and now (rule in calendar.h). */
static void cal_tick(struct cosem_server *s, const cosem_object_t *obj, int64_t utc)
{
    const cosem_activity_calendar_t *c = (const cosem_activity_calendar_t *)obj->data;
    cosem_activity_calendar_state_t *st = c->state;
    cosem_datetime_t local;
    int64_t key, done = st->done_;
    if (utc < 0 || cosem_cal_local(s, c->clock, utc, &local) != COSEM_OK ||
        (key = cosem_cal_key(&local)) < 0) {
        return;
    }
    if (cosem_datetime_is_complete(&st->activate_time) &&
        key >= cosem_cal_key(&st->activate_time)) {
        activate(c);
        cosem_datetime_clear(&st->activate_time);
    }
    switch (cosem_cal_step(st->synced_, done, key)) {
    case COSEM_CAL_RESYNC:
        run_in_force(s, c, key);
        st->done_ = key;
        st->synced_ = true;
        return;
    case COSEM_CAL_WAIT: return;
    default: break;
    }
    if (key / DAY != done / DAY) {
        cosem_datetime_t y;
        date_of(done, &y);
        run_range(s, c, &y, (int32_t)(done % DAY), DAY - 1);
        done = (key / DAY) * DAY - 1;
    }
    date_of(key, &local);
    run_range(s, c, &local, done / DAY == key / DAY ? (int32_t)(done % DAY) : -1,
              (int32_t)(key % DAY));
    st->done_ = key;
}

/* ---- attributes ----------------------------------------------------------- */

/* GET 2..9 (calendar parts) and 10 (activation time). */
static cosem_dar_t cal_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_activity_calendar_t *c = (const cosem_activity_calendar_t *)r->obj->data;
    const cosem_activity_calendar_state_t *st = c->state;
    if (r->id >= 2 && r->id <= 9) {
        bool passive = r->id >= 6;
        const uint16_t *lens = passive ? st->passive_len : st->active_len;
        int k = (r->id - 2) % COSEM_CAL_PARTS;
        (void)cosem_axdr_put_bytes(w, (passive ? c->passive : c->active) + part_off(lens, k),
                                   lens[k]);
    } else if (r->id == 10) {
        (void)cosem_axdr_write_datetime_os(w, &st->activate_time);
    } else {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Replace part k of a calendar buffer with n octets (validated). */
static cosem_dar_t replace_part(uint8_t *buf, uint16_t *lens, uint16_t cap, int k,
                                const uint8_t *src, size_t n)
{
    size_t total = part_off(lens, COSEM_CAL_PARTS), off = part_off(lens, k);
    size_t tail = total - off - lens[k];
    if (total - lens[k] + n > cap) {
        return COSEM_DAR_OTHER_REASON;
    }
    cosem_mem_move(buf + off + n, buf + off + lens[k], tail);
    memcpy(buf + off, src, n);
    lens[k] = (uint16_t)n;
    return COSEM_DAR_SUCCESS;
}

/* SET 2..9: validate the part, then replace it; 10: a valid date-time. */
static cosem_dar_t cal_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_activity_calendar_t *c = (const cosem_activity_calendar_t *)r->obj->data;
    cosem_activity_calendar_state_t *st = c->state;
    size_t start = cosem_axdr_reader_pos(v);
    cosem_dar_t dar;
    if (r->id == 10) {
        cosem_datetime_t t;
        if (cosem_axdr_read_datetime(v, &t) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        if (cosem_datetime_validate(&t) != COSEM_OK) {
            return COSEM_DAR_OTHER_REASON;
        }
        st->activate_time = t;
        return COSEM_DAR_SUCCESS;
    }
    if (r->id < 2 || r->id > 9) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = validate_part((r->id - 2) % COSEM_CAL_PARTS, v);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    return replace_part(r->id >= 6 ? c->passive : c->active,
                        r->id >= 6 ? st->passive_len : st->active_len, c->cap,
                        (r->id - 2) % COSEM_CAL_PARTS, v->buf + start,
                        cosem_axdr_reader_pos(v) - start);
}

/* Method activate_passive_calendar (1): integer(0) or no parameter. */
static cosem_dar_t cal_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                              cosem_axdr_writer_t *ret)
{
    cosem_dar_t dar;
    (void)ret;
    if (r->id != 1) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = cosem_ctl_zero_param(params);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    activate((const cosem_activity_calendar_t *)r->obj->data);
    return COSEM_DAR_SUCCESS;
}

/* Every part of one calendar valid and the whole within the capacity. */
static bool valid_calendar(const uint8_t *buf, const uint16_t *lens, uint16_t cap)
{
    if (part_off(lens, COSEM_CAL_PARTS) > cap) {
        return false;
    }
    for (int k = 0; k < COSEM_CAL_PARTS; ++k) {
        cosem_axdr_reader_t r;
        part_reader(&r, buf, lens, k);
        if (validate_part(k, &r) != COSEM_DAR_SUCCESS || cosem_axdr_reader_remaining(&r) != 0u) {
            return false;
        }
    }
    return true;
}

/* Buffers present and both calendars valid. */
static cosem_status_t cal_check(const cosem_object_t *obj)
{
    const cosem_activity_calendar_t *c = (const cosem_activity_calendar_t *)obj->data;
    if (c == NULL || c->state == NULL || c->active == NULL || c->passive == NULL ||
        !valid_calendar(c->active, c->state->active_len, c->cap) ||
        !valid_calendar(c->passive, c->state->passive_len, c->cap)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_activity_calendar = {
    20, 0, 10, 1,
    (uint16_t)0x3FFu, /* attributes 1..10 */
    0, 0,
    cal_get, cal_set, cal_action, cal_tick, cal_check
};

#else
typedef int cosem_activity_calendar_empty_t;
#endif
