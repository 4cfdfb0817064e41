/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the time classes: date patterns with wildcards, local time
 * through the Clock object or the port, local instants as seconds. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && (COSEM_CLASS_SPECIAL_DAYS_TABLE || COSEM_CLASS_ACTIVITY_CALENDAR || \
                          COSEM_CLASS_SINGLE_ACTION_SCHEDULE)

#include <cosem/calendar.h>
#include <cosem/metering.h>

#include "calendar_internal.h"

/* Day of month a pattern's day field names in the date's month; 0: any. */
static uint8_t pattern_day(uint8_t day, const cosem_datetime_t *date)
{
    uint8_t dim = cosem_datetime_days_in_month(date->year, date->month);
    if (day == COSEM_DT_DAY_LAST) {
        return dim;
    }
    if (day == COSEM_DT_DAY_2ND_LAST) {
        return (uint8_t)(dim - 1u);
    }
    return day == COSEM_DT_NS ? 0u : day;
}

/* Year, month, day and day of week each "not specified" or equal. The
 * DST month codes match no date. */
bool cosem_cal_date_match(const cosem_datetime_t *p, const cosem_datetime_t *d)
{
    uint8_t day = pattern_day(p->day, d);
    return (p->year == COSEM_DT_YEAR_NS || p->year == d->year) &&
           (p->month == COSEM_DT_NS || p->month == d->month) &&
           (day == 0u || day == d->day) &&
           (p->day_of_week == COSEM_DT_NS || p->day_of_week == d->day_of_week);
}

/* Local time of the tick's instant. */
cosem_status_t cosem_cal_local(cosem_server_t *s, const cosem_object_t *clock, int64_t utc,
                               cosem_datetime_t *local)
{
    if (clock != NULL && clock->cls == &cosem_class_clock) {
        const cosem_clock_t *c = (const cosem_clock_t *)clock->data;
        return cosem_clock_local(c->state, utc, 0, local);
    }
    if (cosem_port_time_get(cosem_server_port(s), local) != COSEM_OK) {
        return COSEM_E_UNSPECIFIED;
    }
    return cosem_datetime_is_complete(local) ? COSEM_OK : COSEM_E_UNSPECIFIED;
}

/* The local fields as a count of seconds. */
int64_t cosem_cal_key(const cosem_datetime_t *local)
{
    cosem_datetime_t t = *local;
    int64_t k = 0;
    t.deviation = 0;
    return cosem_datetime_to_utc(&t, &k) == COSEM_OK ? k : -1;
}

/* Seconds since midnight of a time; not specified fields count as 0. */
int32_t cosem_cal_tod(const cosem_datetime_t *t)
{
    uint8_t h = t->hour == COSEM_DT_NS ? 0u : t->hour;
    uint8_t m = t->minute == COSEM_DT_NS ? 0u : t->minute;
    uint8_t sec = t->second == COSEM_DT_NS ? 0u : t->second;
    if (h > 23u || m > 59u || sec > 59u) {
        return -1;
    }
    return (int32_t)h * 3600 + (int32_t)m * 60 + (int32_t)sec;
}

/* Tick decision shared by the calendar and the schedule. */
int cosem_cal_step(bool synced, int64_t done, int64_t key)
{
    const int64_t day = 86400;
    if (!synced || key - done >= day || done - key > day ||
        (key > done && key / day > done / day + 1)) {
        return COSEM_CAL_RESYNC;
    }
    return key > done ? COSEM_CAL_RUN : COSEM_CAL_WAIT;
}

#else
typedef int cosem_calendar_common_empty_t;
#endif
