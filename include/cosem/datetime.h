/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file datetime.h
 * @brief COSEM date-time, date and time values (Blue Book 4.1.6.1).
 *
 * @defgroup datetime Date and time
 * @ingroup codec
 * @brief The 12-byte date-time, 5-byte date and 4-byte time, with every
 * "not specified" value, deviation and clock status.
 *
 * One structure holds all three forms; a date carries its time fields as
 * "not specified" and a time its date fields likewise. Conversions to and
 * from seconds since 1970-01-01 UTC use the DLMS sign convention for the
 * deviation: it is the number of minutes that must be added to local time to
 * give UTC (central European winter time, UTC+1, has deviation -60).
 * @{
 */
#ifndef COSEM_DATETIME_H
#define COSEM_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Encoded size of a date-time. */
#define COSEM_DATETIME_SIZE 12u
/** @brief Encoded size of a date. */
#define COSEM_DATE_SIZE 5u
/** @brief Encoded size of a time. */
#define COSEM_TIME_SIZE 4u

/** @brief Year "not specified". */
#define COSEM_DT_YEAR_NS 0xFFFFu
/** @brief One-byte field "not specified" (month, day, day of week, hour,
 *  minute, second, hundredths, clock status). */
#define COSEM_DT_NS 0xFFu
/** @brief Month: daylight saving end. */
#define COSEM_DT_MONTH_DST_END 0xFDu
/** @brief Month: daylight saving begin. */
#define COSEM_DT_MONTH_DST_BEGIN 0xFEu
/** @brief Day of month: second last day of the month. */
#define COSEM_DT_DAY_2ND_LAST 0xFDu
/** @brief Day of month: last day of the month. */
#define COSEM_DT_DAY_LAST 0xFEu
/** @brief Deviation "not specified" (0x8000 on the wire). */
#define COSEM_DT_DEVIATION_NS INT16_MIN

/** @brief Clock status bit: invalid value. */
#define COSEM_CLOCK_STATUS_INVALID 0x01u
/** @brief Clock status bit: doubtful value. */
#define COSEM_CLOCK_STATUS_DOUBTFUL 0x02u
/** @brief Clock status bit: different clock base. */
#define COSEM_CLOCK_STATUS_DIFFERENT_BASE 0x04u
/** @brief Clock status bit: invalid clock status. */
#define COSEM_CLOCK_STATUS_INVALID_STATUS 0x08u
/** @brief Clock status bit: daylight saving active. */
#define COSEM_CLOCK_STATUS_DST 0x80u

/** @brief A COSEM date-time; any field may hold its "not specified" value. */
typedef struct cosem_datetime {
    uint16_t year;        /**< 0..0xFFFE, or ::COSEM_DT_YEAR_NS. */
    uint8_t month;        /**< 1..12, ::COSEM_DT_MONTH_DST_END, ::COSEM_DT_MONTH_DST_BEGIN, ::COSEM_DT_NS. */
    uint8_t day;          /**< 1..31, ::COSEM_DT_DAY_2ND_LAST, ::COSEM_DT_DAY_LAST, ::COSEM_DT_NS. */
    uint8_t day_of_week;  /**< 1 (Monday)..7 (Sunday), or ::COSEM_DT_NS. */
    uint8_t hour;         /**< 0..23, or ::COSEM_DT_NS. */
    uint8_t minute;       /**< 0..59, or ::COSEM_DT_NS. */
    uint8_t second;       /**< 0..59, or ::COSEM_DT_NS. */
    uint8_t hundredths;   /**< 0..99, or ::COSEM_DT_NS. */
    uint8_t status;       /**< Clock status bits, or ::COSEM_DT_NS. */
    int16_t deviation;    /**< Minutes to add to local time to get UTC, -720..720, or ::COSEM_DT_DEVIATION_NS. */
} cosem_datetime_t;

/**
 * @brief Set every field to "not specified".
 * @param dt Value to clear.
 */
void cosem_datetime_clear(cosem_datetime_t *dt);

/**
 * @brief Decode the 12 octets of a date-time. Does not validate ranges.
 * @param dt  Output.
 * @param src 12 octets.
 */
void cosem_datetime_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_DATETIME_SIZE]);

/**
 * @brief Encode a date-time into 12 octets.
 * @param dt  Value.
 * @param dst 12 octets of output.
 */
void cosem_datetime_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_DATETIME_SIZE]);

/**
 * @brief Decode the 5 octets of a date; time fields become "not specified".
 * @param dt  Output.
 * @param src 5 octets.
 */
void cosem_date_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_DATE_SIZE]);

/**
 * @brief Encode the date part into 5 octets.
 * @param dt  Value.
 * @param dst 5 octets of output.
 */
void cosem_date_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_DATE_SIZE]);

/**
 * @brief Decode the 4 octets of a time; date fields become "not specified".
 * @param dt  Output.
 * @param src 4 octets.
 */
void cosem_time_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_TIME_SIZE]);

/**
 * @brief Encode the time part into 4 octets.
 * @param dt  Value.
 * @param dst 4 octets of output.
 */
void cosem_time_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_TIME_SIZE]);

/**
 * @brief Check every field against its range or its special values.
 *
 * Reserved day-of-month values (0xE0..0xFC), hours above 23 and so on give
 * ::COSEM_E_RANGE; so does a day past the end of its month when the month is
 * specified (29 February only in leap years; with the year not specified,
 * 29 February is accepted). The day of week is only range checked, not
 * compared with the date: meters send 0xFF or wrong weekdays.
 * @param dt Value to check.
 * @return ::COSEM_OK or ::COSEM_E_RANGE.
 */
cosem_status_t cosem_datetime_validate(const cosem_datetime_t *dt);

/**
 * @brief Whether year, month, day, hour, minute and second are all
 *        specified with ordinary (non-special) values.
 * @param dt Value.
 * @return true when the value names one instant of local time.
 */
bool cosem_datetime_is_complete(const cosem_datetime_t *dt);

/**
 * @brief Convert to seconds since 1970-01-01T00:00:00Z.
 *
 * Hundredths are ignored. A deviation that is not specified is taken as 0
 * (the value is read as UTC); callers that know the meter's zone set the
 * deviation first.
 * @param dt  A complete (cosem_datetime_is_complete()) valid value.
 * @param utc Output, seconds since the epoch (negative before 1970).
 * @return ::COSEM_OK, ::COSEM_E_UNSPECIFIED when a needed field is not
 *         specified or special, ::COSEM_E_RANGE when a field is out of range.
 */
cosem_status_t cosem_datetime_to_utc(const cosem_datetime_t *dt, int64_t *utc);

/**
 * @brief Build a date-time from seconds since the epoch.
 *
 * The local fields are `utc - deviation * 60`; day of week is computed;
 * hundredths are 0.
 * @param dt        Output.
 * @param utc       Seconds since 1970-01-01T00:00:00Z (years 0..9999).
 * @param deviation Minutes to add to local time to get UTC (-720..720), or
 *                  ::COSEM_DT_DEVIATION_NS to produce UTC fields with the
 *                  deviation marked not specified.
 * @param status    Clock status to store (or ::COSEM_DT_NS).
 * @return ::COSEM_OK, or ::COSEM_E_RANGE for a deviation or year out of range.
 */
cosem_status_t cosem_datetime_from_utc(cosem_datetime_t *dt, int64_t utc, int16_t deviation,
                                       uint8_t status);

/**
 * @brief Day of week (1 = Monday .. 7 = Sunday) of a Gregorian date.
 * @param year  Year, 0..9999.
 * @param month Month, 1..12.
 * @param day   Day of month, 1..31.
 * @return 1..7, or 0 if the date is out of range.
 */
uint8_t cosem_datetime_weekday(uint16_t year, uint8_t month, uint8_t day);

/**
 * @brief Number of days in a month of the Gregorian calendar.
 * @param year  Year.
 * @param month Month, 1..12.
 * @return 28..31, or 0 for a month out of range.
 */
uint8_t cosem_datetime_days_in_month(uint16_t year, uint8_t month);

#if COSEM_WITH_DATETIME_TEXT
/** @brief Size of a buffer that holds any text cosem_datetime_format() writes. */
#define COSEM_DATETIME_TEXT_MAX 40u

/**
 * @brief Format as ISO 8601-like text, `YYYY-MM-DDThh:mm:ss.hh+hh:mm`.
 *
 * Fields that are not specified print as `*` characters of the field's
 * width; special values print as `DSTE`/`DSTB` (month) and `L2`/`L` (day);
 * `.hh` is left out when hundredths are not specified; the offset is left out
 * when the deviation is not specified (a deviation of -60 prints `+01:00`).
 * Years above 9999 print with five digits; day of week and status are not
 * printed; out-of-range values print as their decimal value.
 * @param dt  Value.
 * @param buf Output, NUL-terminated.
 * @param cap Capacity of @p buf; ::COSEM_DATETIME_TEXT_MAX always suffices.
 * @return Length written (without the NUL), or 0 when @p cap is too small.
 */
size_t cosem_datetime_format(const cosem_datetime_t *dt, char *buf, size_t cap);

/**
 * @brief Parse the text form written by cosem_datetime_format().
 *
 * Accepts `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.hh]]` (a space may replace the
 * `T`), the time alone `hh:mm[:ss[.hh]]`, optional `Z` or `+hh:mm`/`-hh:mm`
 * after a time, and `*` wildcards (one or up to the field's width) for any
 * field. Fields left out are "not specified". Status is "not specified"; the
 * day of week too unless year, month and day are ordinary values (years
 * 0..9999), in which case it is computed.
 * @param dt   Output.
 * @param text Input text (not necessarily NUL-terminated).
 * @param len  Length of @p text.
 * @return ::COSEM_OK, ::COSEM_E_MALFORMED for bad syntax, ::COSEM_E_RANGE for
 *         a field out of range.
 */
cosem_status_t cosem_datetime_parse(cosem_datetime_t *dt, const char *text, size_t len);
#endif /* COSEM_WITH_DATETIME_TEXT */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_DATETIME_H */
