/* SPDX-License-Identifier: Apache-2.0 */
/* COSEM date-time, date and time: octet layout, validation, calendar
 * arithmetic and text form. */
#include <string.h>

#include <cosem/datetime.h>

#include "../config_check.h"

void cosem_datetime_clear(cosem_datetime_t *dt)
{
    dt->year = COSEM_DT_YEAR_NS;
    dt->month = COSEM_DT_NS;
    dt->day = COSEM_DT_NS;
    dt->day_of_week = COSEM_DT_NS;
    dt->hour = COSEM_DT_NS;
    dt->minute = COSEM_DT_NS;
    dt->second = COSEM_DT_NS;
    dt->hundredths = COSEM_DT_NS;
    dt->status = COSEM_DT_NS;
    dt->deviation = COSEM_DT_DEVIATION_NS;
}

/* Layout: year(2) month day dow | hour minute second hundredths |
 * deviation(2) status. */
void cosem_date_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_DATE_SIZE])
{
    cosem_datetime_clear(dt);
    dt->year = (uint16_t)((src[0] << 8) | src[1]);
    dt->month = src[2];
    dt->day = src[3];
    dt->day_of_week = src[4];
}

void cosem_time_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_TIME_SIZE])
{
    cosem_datetime_clear(dt);
    dt->hour = src[0];
    dt->minute = src[1];
    dt->second = src[2];
    dt->hundredths = src[3];
}

void cosem_datetime_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_DATETIME_SIZE])
{
    cosem_datetime_t t;
    cosem_date_decode(dt, src);
    cosem_time_decode(&t, src + COSEM_DATE_SIZE);
    dt->hour = t.hour;
    dt->minute = t.minute;
    dt->second = t.second;
    dt->hundredths = t.hundredths;
    dt->deviation = (int16_t)(uint16_t)((src[9] << 8) | src[10]);
    dt->status = src[11];
}

void cosem_date_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_DATE_SIZE])
{
    dst[0] = (uint8_t)(dt->year >> 8);
    dst[1] = (uint8_t)dt->year;
    dst[2] = dt->month;
    dst[3] = dt->day;
    dst[4] = dt->day_of_week;
}

void cosem_time_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_TIME_SIZE])
{
    dst[0] = dt->hour;
    dst[1] = dt->minute;
    dst[2] = dt->second;
    dst[3] = dt->hundredths;
}

void cosem_datetime_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_DATETIME_SIZE])
{
    uint16_t dev = (uint16_t)dt->deviation;
    cosem_date_encode(dt, dst);
    cosem_time_encode(dt, dst + COSEM_DATE_SIZE);
    dst[9] = (uint8_t)(dev >> 8);
    dst[10] = (uint8_t)dev;
    dst[11] = dt->status;
}

/* HELPER: the rest of datetime.h (validate, is_complete, to/from UTC,
 * weekday, days_in_month, format, parse) goes below. */
