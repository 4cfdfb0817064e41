/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the time classes (calendar_common.c). Internal header. */
#ifndef COSEM_CALENDAR_INTERNAL_H
#define COSEM_CALENDAR_INTERNAL_H

#include <cosem/calendar.h>

/* Whether a date pattern (wildcards, last / second last day) matches a
 * complete local date. */
bool cosem_cal_date_match(const cosem_datetime_t *pattern, const cosem_datetime_t *date);

/* Local time of instant utc: through the Clock object when given (its
 * zone and DST), else the port's fields. COSEM_OK or an error. */
cosem_status_t cosem_cal_local(cosem_server_t *s, const cosem_object_t *clock, int64_t utc,
                               cosem_datetime_t *local);

/* Local wall-clock seconds of a complete local time (its fields read as if
 * they were UTC): a monotonic key for comparing local instants. */
int64_t cosem_cal_key(const cosem_datetime_t *local);

/* Seconds of day of a time value (fields not specified count as 0);
 * -1 when a field is out of range. */
int32_t cosem_cal_tod(const cosem_datetime_t *t);

/* What a tick does with the high-water mark done (local seconds) and the
 * local time key (rule in calendar.h). */
enum {
    COSEM_CAL_WAIT = 0,    /* key <= done, by at most a day: nothing */
    COSEM_CAL_RUN = 1,     /* (done, key] over at most one midnight */
    COSEM_CAL_RESYNC = 2   /* first tick or a jump of a day or more */
};
int cosem_cal_step(bool synced, int64_t done, int64_t key);

#endif /* COSEM_CALENDAR_INTERNAL_H */
