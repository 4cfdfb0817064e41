/* SPDX-License-Identifier: Apache-2.0 */
/* COSEM date-time, date and time: octet layout, validation, calendar
 * arithmetic and text form. */
#include <stddef.h>
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/datetime.h>

#include "../config_check.h"
#include "axdr_internal.h"

/* Marks every field "not specified" (also the starting point of decode). */
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
 * deviation(2) status. Reads the 5 date octets; time fields not specified. */
void cosem_date_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_DATE_SIZE])
{
    cosem_datetime_clear(dt);
    dt->year = (uint16_t)((src[0] << 8) | src[1]);
    dt->month = src[2];
    dt->day = src[3];
    dt->day_of_week = src[4];
}

/* Reads the 4 time octets; date fields not specified. */
void cosem_time_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_TIME_SIZE])
{
    cosem_datetime_clear(dt);
    dt->hour = src[0];
    dt->minute = src[1];
    dt->second = src[2];
    dt->hundredths = src[3];
}

/* Reads all 12 octets, ranges unchecked (validate is separate): the date
 * part as cosem_date_decode(), then the time octets over its "not
 * specified" ones. */
void cosem_datetime_decode(cosem_datetime_t *dt, const uint8_t src[COSEM_DATETIME_SIZE])
{
    cosem_date_decode(dt, src);
    dt->hour = src[5];
    dt->minute = src[6];
    dt->second = src[7];
    dt->hundredths = src[8];
    dt->deviation = (int16_t)(uint16_t)((src[9] << 8) | src[10]);
    dt->status = src[11];
}

/* Writes the 5 date octets. */
void cosem_date_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_DATE_SIZE])
{
    dst[0] = (uint8_t)(dt->year >> 8);
    dst[1] = (uint8_t)dt->year;
    dst[2] = dt->month;
    dst[3] = dt->day;
    dst[4] = dt->day_of_week;
}

/* Writes the 4 time octets. */
void cosem_time_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_TIME_SIZE])
{
    dst[0] = dt->hour;
    dst[1] = dt->minute;
    dst[2] = dt->second;
    dst[3] = dt->hundredths;
}

/* Writes all 12 octets; the deviation goes big-endian as two's complement. */
void cosem_datetime_encode(const cosem_datetime_t *dt, uint8_t dst[COSEM_DATETIME_SIZE])
{
    uint16_t dev = (uint16_t)dt->deviation;
    cosem_date_encode(dt, dst);
    cosem_time_encode(dt, dst + COSEM_DATE_SIZE);
    dst[9] = (uint8_t)(dev >> 8);
    dst[10] = (uint8_t)dev;
    dst[11] = dt->status;
}

/* ---- Validation ------------------------------------------------------ */

/* Gregorian leap year rule (proleptic: applied before 1582 too). */
static bool is_leap(uint32_t year)
{
    return (year % 4u == 0u && year % 100u != 0u) || year % 400u == 0u;
}

/* Month lengths from a table; February follows the leap year rule. */
uint8_t cosem_datetime_days_in_month(uint16_t year, uint8_t month)
{
    static const uint8_t len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1u || month > 12u) {
        return 0;
    }
    if (month == 2u && is_leap(year)) {
        return 29;
    }
    return len[month - 1u];
}

/* Whether the deviation is -720..720 minutes or "not specified". */
static bool deviation_ok(int16_t deviation)
{
    return deviation == COSEM_DT_DEVIATION_NS || (deviation >= -720 && deviation <= 720);
}

/* Month .. hundredths are seven consecutive octets of cosem_datetime_t:
 * cosem_datetime_validate() below, the Clock's fill_unspecified() and the
 * Profile's dt_cmp() walk them as an array (fails to compile otherwise). */
typedef char cosem_dt_octets_consecutive_t
    [offsetof(cosem_datetime_t, hundredths) - offsetof(cosem_datetime_t, month) == 6u &&
             offsetof(cosem_datetime_t, day) == offsetof(cosem_datetime_t, month) + 1u &&
             offsetof(cosem_datetime_t, day_of_week) == offsetof(cosem_datetime_t, month) + 2u &&
             offsetof(cosem_datetime_t, hour) == offsetof(cosem_datetime_t, month) + 3u &&
             offsetof(cosem_datetime_t, minute) == offsetof(cosem_datetime_t, month) + 4u &&
             offsetof(cosem_datetime_t, second) == offsetof(cosem_datetime_t, month) + 5u
         ? 1
         : -1];

/* Blue Book 4.1.6.1 ranges field by field; the day of week is deliberately
 * not compared with the date (meters send 0xFF or wrong weekdays). Month
 * .. hundredths are consecutive octets: each is "not specified" or within
 * lo..lo+span[k] (lo 1 for month, day and weekday, else 0), and month and
 * day may also be one of their two special values (0xFD, 0xFE). */
cosem_status_t cosem_datetime_validate(const cosem_datetime_t *dt)
{
    static const uint8_t span[7] = {11, 30, 6, 23, 59, 59, 99};
    const uint8_t *p = (const uint8_t *)dt + offsetof(cosem_datetime_t, month);
    if (!deviation_ok(dt->deviation)) {
        return COSEM_E_RANGE;
    }
    for (unsigned k = 0; k < 7u; ++k) {
        uint8_t v = p[k];
        if (v != COSEM_DT_NS && (uint8_t)(v - (k < 3u ? 1u : 0u)) > span[k] &&
            (k >= 2u || v < COSEM_DT_MONTH_DST_END)) {
            return COSEM_E_RANGE;
        }
    }
    if (dt->month <= 12u && dt->day <= 31u) {
        /* Year not specified: take a leap year, so 29 February passes. */
        uint16_t year = dt->year == COSEM_DT_YEAR_NS ? 2000u : dt->year;
        if (dt->day > cosem_datetime_days_in_month(year, dt->month)) {
            return COSEM_E_RANGE;
        }
    }
    return COSEM_OK;
}

/* Whether a field needed to name an instant is "not specified" or one of
 * the special month/day values. */
static bool lacks_instant_field(const cosem_datetime_t *dt)
{
    return dt->year == COSEM_DT_YEAR_NS || dt->month >= COSEM_DT_MONTH_DST_END ||
           dt->day >= COSEM_DT_DAY_2ND_LAST || dt->hour == COSEM_DT_NS ||
           dt->minute == COSEM_DT_NS || dt->second == COSEM_DT_NS;
}

/* Date and time of day present and in range, so to_utc can work. */
bool cosem_datetime_is_complete(const cosem_datetime_t *dt)
{
    return !lacks_instant_field(dt) && dt->month >= 1u && dt->day >= 1u &&
           dt->day <= cosem_datetime_days_in_month(dt->year, dt->month) && dt->hour <= 23u &&
           dt->minute <= 59u && dt->second <= 59u;
}

/* ---- Calendar arithmetic --------------------------------------------- */

#define SECONDS_PER_DAY 86400
/* cosem_dt_days_from_civil() of 0000-01-01 and 10000-01-01, the range
 * cosem_datetime_from_utc() accepts (test_datetime checks both). */
#define DAYS_TO_0000 (-719528)
#define DAYS_TO_10000 2932897
/* Largest |deviation| in seconds (720 minutes). */
#define MAX_DEVIATION_SECONDS 43200

/* Days from 1970-01-01 to a proleptic Gregorian date, counting years from
 * March so the leap day ends the year (the well-known "days from civil"
 * method). Years 0..65535 keep every step inside 32 bits. */
int32_t cosem_dt_days_from_civil(int32_t year, uint32_t month, uint32_t day)
{
    int32_t y = month <= 2u ? year - 1 : year;
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    int32_t yoe = y - era * 400;                                   /* 0..399 */
    int32_t mp = month > 2u ? (int32_t)month - 3 : (int32_t)month + 9; /* March = 0 */
    int32_t doy = (153 * mp + 2) / 5 + (int32_t)day - 1;          /* 0..365 */
    int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* 0..146096 */
    return era * 146097 + doe - 719468;
}

/* Inverse of cosem_dt_days_from_civil(): the date of a day number. */
static void civil_from_days(int32_t days, int32_t *year, uint8_t *month, uint8_t *day)
{
    int32_t z = days + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    int32_t m = mp < 10 ? mp + 3 : mp - 9;
    *day = (uint8_t)(doy - (153 * mp + 2) / 5 + 1);
    *month = (uint8_t)m;
    *year = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

/* 1 (Monday)..7 (Sunday) of a day number; 1970-01-01 was a Thursday. */
static uint8_t weekday_of_days(int32_t days)
{
    int32_t r = (days + 3) % 7;
    if (r < 0) {
        r += 7;
    }
    return (uint8_t)(r + 1);
}

/* Day of week of a checked date in years 0..9999. */
uint8_t cosem_datetime_weekday(uint16_t year, uint8_t month, uint8_t day)
{
    if (year > 9999u || day < 1u || day > cosem_datetime_days_in_month(year, month)) {
        return 0;
    }
    return weekday_of_days(cosem_dt_days_from_civil(year, month, day));
}

/* Local fields plus deviation give UTC (DLMS sign convention). */
cosem_status_t cosem_datetime_to_utc(const cosem_datetime_t *dt, int64_t *utc)
{
    int64_t s;
    if (lacks_instant_field(dt)) {
        return COSEM_E_UNSPECIFIED;
    }
    if (cosem_datetime_validate(dt) != COSEM_OK) {
        return COSEM_E_RANGE;
    }
    s = (int64_t)cosem_dt_days_from_civil(dt->year, dt->month, dt->day) * SECONDS_PER_DAY;
    s += (int64_t)dt->hour * 3600 + (int64_t)dt->minute * 60 + dt->second;
    if (dt->deviation != COSEM_DT_DEVIATION_NS) {
        s += (int64_t)dt->deviation * 60;
    }
    *utc = s;
    return COSEM_OK;
}

/* Day number and second of day of utc - deviation (see axdr_internal.h):
 * years 0..9999 only, checked before any arithmetic so no input can
 * overflow. */
cosem_status_t cosem_dt_local_days(int64_t utc, int16_t deviation, int32_t *days, int32_t *secs)
{
    const int64_t lo = (int64_t)DAYS_TO_0000 * SECONDS_PER_DAY;
    const int64_t hi = (int64_t)DAYS_TO_10000 * SECONDS_PER_DAY;
    int64_t local = utc;
    if (!deviation_ok(deviation) || utc < lo - MAX_DEVIATION_SECONDS ||
        utc >= hi + MAX_DEVIATION_SECONDS) {
        return COSEM_E_RANGE;
    }
    if (deviation != COSEM_DT_DEVIATION_NS) {
        local -= (int64_t)deviation * 60;
    }
    if (local < lo || local >= hi) {
        return COSEM_E_RANGE;
    }
    local -= lo; /* now 0..hi-lo < 2^39: plain division is floor division */
    {
        /* 86400 = 128 * 675 and (hi - lo) / 128 < 2^32: two 32-bit
         * divisions instead of a 64-bit one (libgcc's costs 0.7-2 KB). */
        uint32_t q = (uint32_t)((uint64_t)local >> 7);
        *days = (int32_t)(q / 675u) + DAYS_TO_0000;
        *secs = (int32_t)((q % 675u) << 7 | (uint32_t)((uint64_t)local & 127u));
    }
    return COSEM_OK;
}

/* Year of a day number (see axdr_internal.h). */
uint16_t cosem_dt_year_of_days(int32_t days)
{
    int32_t year;
    uint8_t month, day;
    civil_from_days(days, &year, &month, &day);
    return (uint16_t)year;
}

/* 1 (Monday)..7 (Sunday) of a day number (see axdr_internal.h). */
uint8_t cosem_dt_weekday_of_days(int32_t days)
{
    return weekday_of_days(days);
}

/* Splits utc - deviation into local fields. */
cosem_status_t cosem_datetime_from_utc(cosem_datetime_t *dt, int64_t utc, int16_t deviation,
                                       uint8_t status)
{
    int32_t days, secs, year;
    if (cosem_dt_local_days(utc, deviation, &days, &secs) != COSEM_OK) {
        return COSEM_E_RANGE;
    }
    civil_from_days(days, &year, &dt->month, &dt->day);
    dt->year = (uint16_t)year;
    dt->day_of_week = weekday_of_days(days);
    dt->hour = (uint8_t)(secs / 3600);
    dt->minute = (uint8_t)(secs / 60 % 60);
    dt->second = (uint8_t)(secs % 60);
    dt->hundredths = 0;
    dt->deviation = deviation;
    dt->status = status;
    return COSEM_OK;
}

#if COSEM_WITH_DATETIME_TEXT
/* ---- Text form ------------------------------------------------------- */

/* Decimal digits of v, zero-padded to at least width (width <= 5). */
static char *put_uint(char *p, uint32_t v, unsigned width)
{
    char rev[10];
    unsigned n = 0;
    do {
        rev[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    while (n < width) {
        rev[n++] = '0';
    }
    while (n > 0u) {
        *p++ = rev[--n];
    }
    return p;
}

/* A NUL-terminated constant string, without its NUL. */
static char *put_str(char *p, const char *s)
{
    while (*s != '\0') {
        *p++ = *s++;
    }
    return p;
}

/* A one-byte field: `**` when not specified, else at least two digits. */
static char *put_field(char *p, uint8_t v)
{
    if (v == COSEM_DT_NS) {
        return put_str(p, "**");
    }
    return put_uint(p, v, 2);
}

/* `YYYY-MM-DD` with `****`, DSTE/DSTB and L2/L. */
static char *put_date(char *p, const cosem_datetime_t *dt)
{
    p = dt->year == COSEM_DT_YEAR_NS ? put_str(p, "****") : put_uint(p, dt->year, 4);
    *p++ = '-';
    if (dt->month == COSEM_DT_MONTH_DST_END) {
        p = put_str(p, "DSTE");
    } else if (dt->month == COSEM_DT_MONTH_DST_BEGIN) {
        p = put_str(p, "DSTB");
    } else {
        p = put_field(p, dt->month);
    }
    *p++ = '-';
    if (dt->day == COSEM_DT_DAY_2ND_LAST) {
        p = put_str(p, "L2");
    } else if (dt->day == COSEM_DT_DAY_LAST) {
        p = put_str(p, "L");
    } else {
        p = put_field(p, dt->day);
    }
    return p;
}

/* `hh:mm:ss[.hh][+hh:mm]`; the printed offset is minus the deviation. */
static char *put_time(char *p, const cosem_datetime_t *dt)
{
    int32_t off;
    p = put_field(p, dt->hour);
    *p++ = ':';
    p = put_field(p, dt->minute);
    *p++ = ':';
    p = put_field(p, dt->second);
    if (dt->hundredths != COSEM_DT_NS) {
        *p++ = '.';
        p = put_uint(p, dt->hundredths, 2);
    }
    if (dt->deviation != COSEM_DT_DEVIATION_NS) {
        off = -(int32_t)dt->deviation;
        *p++ = off < 0 ? '-' : '+';
        off = off < 0 ? -off : off;
        p = put_uint(p, (uint32_t)off / 60u, 2);
        *p++ = ':';
        p = put_uint(p, (uint32_t)off % 60u, 2);
    }
    return p;
}

/* Text form into a local buffer first, then copied if it fits. Longest
 * output (invalid fields print their full decimal value): 5 year + 4 month
 * + 3 day + 4 x 3 time + 7 offset + 7 separators = 38 < 40 with the NUL. */
size_t cosem_datetime_format(const cosem_datetime_t *dt, char *buf, size_t cap)
{
    char tmp[COSEM_DATETIME_TEXT_MAX];
    char *p = put_date(tmp, dt);
    size_t n;
    *p++ = 'T';
    p = put_time(p, dt);
    n = (size_t)(p - tmp);
    if (buf == NULL || n >= cap) {
        return 0;
    }
    memcpy(buf, tmp, n);
    buf[n] = '\0';
    return n;
}

/* Parser input: a bounded cursor plus a flag for fields that are well
 * formed but out of range where validate() cannot see it afterwards. */
typedef struct {
    const char *s;
    size_t len;
    size_t pos;
    bool range;
} text_cursor_t;

/* Whether the next character is ch. */
static bool at(const text_cursor_t *c, char ch)
{
    return c->pos < c->len && c->s[c->pos] == ch;
}

/* Consumes ch if it is next. */
static bool eat(text_cursor_t *c, char ch)
{
    if (!at(c, ch)) {
        return false;
    }
    c->pos++;
    return true;
}

/* Consumes the word w if it comes next. */
static bool eat_word(text_cursor_t *c, const char *w)
{
    size_t n = strlen(w);
    if (c->len - c->pos < n || cosem_mem_cmp(c->s + c->pos, w, n) != 0) {
        return false;
    }
    c->pos += n;
    return true;
}

/* Whether the next character is a decimal digit. */
static bool at_digit(const text_cursor_t *c)
{
    return c->pos < c->len && c->s[c->pos] >= '0' && c->s[c->pos] <= '9';
}

/* A field: 1..max_stars `*` (sets *ns) or min_digits..max_digits digits. */
static bool take_field(text_cursor_t *c, size_t min_digits, size_t max_digits,
                       size_t max_stars, uint32_t *value, bool *ns)
{
    size_t n = 0;
    uint32_t v = 0;
    *ns = at(c, '*');
    if (*ns) {
        while (eat(c, '*')) {
            n++;
        }
        return n <= max_stars;
    }
    while (at_digit(c) && n < max_digits) {
        v = v * 10u + (uint32_t)(c->s[c->pos++] - '0');
        n++;
    }
    *value = v;
    return n >= min_digits && !at_digit(c);
}

/* A two-character one-byte field (`**`/`*` or two digits). */
static bool take_u8(text_cursor_t *c, uint8_t *out)
{
    uint32_t v = 0;
    bool ns;
    bool ok = take_field(c, 2, 2, 2, &v, &ns);
    *out = ns ? COSEM_DT_NS : (uint8_t)v;
    return ok;
}

/* `YYYY-MM-DD`: year 4 or 5 digits, specials DSTE/DSTB and L2/L. */
static bool parse_date(text_cursor_t *c, cosem_datetime_t *t)
{
    uint32_t year = 0;
    bool ns;
    if (!take_field(c, 4, 5, 4, &year, &ns) || !eat(c, '-')) {
        return false;
    }
    if (!ns && year >= COSEM_DT_YEAR_NS) {
        c->range = true;
    }
    t->year = ns ? COSEM_DT_YEAR_NS : (uint16_t)year;
    if (eat_word(c, "DSTE")) {
        t->month = COSEM_DT_MONTH_DST_END;
    } else if (eat_word(c, "DSTB")) {
        t->month = COSEM_DT_MONTH_DST_BEGIN;
    } else if (!take_u8(c, &t->month)) {
        return false;
    }
    if (!eat(c, '-')) {
        return false;
    }
    if (eat_word(c, "L2")) {
        t->day = COSEM_DT_DAY_2ND_LAST;
        return true;
    }
    if (eat(c, 'L')) {
        t->day = COSEM_DT_DAY_LAST;
        return true;
    }
    return take_u8(c, &t->day);
}

/* `hh:mm[:ss[.hh]]`; what is left out stays "not specified". */
static bool parse_time(text_cursor_t *c, cosem_datetime_t *t)
{
    if (!take_u8(c, &t->hour) || !eat(c, ':') || !take_u8(c, &t->minute)) {
        return false;
    }
    if (!eat(c, ':')) {
        return true;
    }
    if (!take_u8(c, &t->second)) {
        return false;
    }
    return !eat(c, '.') || take_u8(c, &t->hundredths);
}

/* Optional `Z` or `+hh:mm`/`-hh:mm`; deviation = -offset. */
static bool parse_offset(text_cursor_t *c, cosem_datetime_t *t)
{
    uint32_t hh = 0, mm = 0;
    bool ns, minus;
    if (c->pos == c->len) {
        return true;
    }
    if (eat(c, 'Z')) {
        t->deviation = 0;
        return true;
    }
    minus = at(c, '-');
    if (!eat(c, '+') && !eat(c, '-')) {
        return false;
    }
    if (!take_field(c, 2, 2, 0, &hh, &ns) || !eat(c, ':') || !take_field(c, 2, 2, 0, &mm, &ns)) {
        return false;
    }
    if (mm > 59u || hh * 60u + mm > 720u) {
        c->range = true;
        return true;
    }
    t->deviation = (int16_t)(minus ? (int32_t)(hh * 60u + mm) : -(int32_t)(hh * 60u + mm));
    return true;
}

/* Whether the text starts with a time (`hh:`) rather than a date. */
static bool starts_with_time(const text_cursor_t *c)
{
    size_t i = 0;
    while (i < c->len && (c->s[i] == '*' || (c->s[i] >= '0' && c->s[i] <= '9'))) {
        i++;
    }
    return i < c->len && c->s[i] == ':';
}

/* Syntax first (whole text), then ranges via validate(); the result is
 * stored only on success. */
cosem_status_t cosem_datetime_parse(cosem_datetime_t *dt, const char *text, size_t len)
{
    text_cursor_t c;
    cosem_datetime_t t;
    bool ok;
    c.s = text;
    c.len = text == NULL ? 0 : len;
    c.pos = 0;
    c.range = false;
    cosem_datetime_clear(&t);
    if (starts_with_time(&c)) {
        ok = parse_time(&c, &t) && parse_offset(&c, &t);
    } else {
        ok = parse_date(&c, &t);
        if (ok && c.pos < c.len) {
            ok = (eat(&c, 'T') || eat(&c, ' ')) && parse_time(&c, &t) && parse_offset(&c, &t);
        }
    }
    if (!ok || c.pos != c.len) {
        return COSEM_E_MALFORMED;
    }
    if (c.range || cosem_datetime_validate(&t) != COSEM_OK) {
        return COSEM_E_RANGE;
    }
    if (t.year != COSEM_DT_YEAR_NS && t.month <= 12u && t.day <= 31u) {
        uint8_t wd = cosem_datetime_weekday(t.year, t.month, t.day);
        t.day_of_week = wd == 0u ? COSEM_DT_NS : wd;
    }
    *dt = t;
    return COSEM_OK;
}
#endif /* COSEM_WITH_DATETIME_TEXT */
