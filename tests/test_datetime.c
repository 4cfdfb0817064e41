/* SPDX-License-Identifier: Apache-2.0 */
/* COSEM date-time (Blue Book 4.1.6.1): octets, validation, calendar
 * arithmetic against known epoch values, text form and its round trip. */
#include <stdio.h>
#include <string.h>

#include <cosem/datetime.h>

#include "test_util.h"

#define LLS_CAPTURE "guruxpy-client_guruxc-server_wrapper_lls.txt"

/* Fills every field at once (status and day of week included). */
static cosem_datetime_t mk(uint16_t year, uint8_t month, uint8_t day, uint8_t dow, uint8_t hour,
                           uint8_t minute, uint8_t second, uint8_t hundredths, int16_t deviation,
                           uint8_t status)
{
    cosem_datetime_t dt;
    dt.year = year;
    dt.month = month;
    dt.day = day;
    dt.day_of_week = dow;
    dt.hour = hour;
    dt.minute = minute;
    dt.second = second;
    dt.hundredths = hundredths;
    dt.deviation = deviation;
    dt.status = status;
    return dt;
}

/* A complete local time with deviation, status 0, hundredths 0. */
static cosem_datetime_t mkt(uint16_t year, uint8_t month, uint8_t day, uint8_t hour,
                            uint8_t minute, uint8_t second, int16_t deviation)
{
    return mk(year, month, day, COSEM_DT_NS, hour, minute, second, 0, deviation, 0);
}

/* Check's ck_assert marks a point on every call, which is slow inside
 * loops of millions of rounds: test first, assert only on failure. */
#define CHECK(cond, ...)               \
    do {                               \
        if (!(cond)) {                 \
            ck_abort_msg(__VA_ARGS__); \
        }                              \
    } while (0)

/* Whether all ten fields are equal. */
static int dt_eq(const cosem_datetime_t *a, const cosem_datetime_t *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day &&
           a->day_of_week == b->day_of_week && a->hour == b->hour && a->minute == b->minute &&
           a->second == b->second && a->hundredths == b->hundredths &&
           a->deviation == b->deviation && a->status == b->status;
}

/* Asserts all ten fields equal, naming the first that differs. */
static void assert_dt_eq(const cosem_datetime_t *got, const cosem_datetime_t *want,
                         const char *what)
{
    if (dt_eq(got, want)) {
        return;
    }
    ck_assert_msg(got->year == want->year, "%s: year %u != %u", what, got->year, want->year);
    ck_assert_msg(got->month == want->month, "%s: month %u != %u", what, got->month, want->month);
    ck_assert_msg(got->day == want->day, "%s: day %u != %u", what, got->day, want->day);
    ck_assert_msg(got->day_of_week == want->day_of_week, "%s: dow %u != %u", what,
                  got->day_of_week, want->day_of_week);
    ck_assert_msg(got->hour == want->hour, "%s: hour %u != %u", what, got->hour, want->hour);
    ck_assert_msg(got->minute == want->minute, "%s: minute %u != %u", what, got->minute,
                  want->minute);
    ck_assert_msg(got->second == want->second, "%s: second %u != %u", what, got->second,
                  want->second);
    ck_assert_msg(got->hundredths == want->hundredths, "%s: hundredths %u != %u", what,
                  got->hundredths, want->hundredths);
    ck_assert_msg(got->deviation == want->deviation, "%s: deviation %d != %d", what,
                  got->deviation, want->deviation);
    ck_assert_msg(got->status == want->status, "%s: status %u != %u", what, got->status,
                  want->status);
}

/* Formats and checks the text and the returned length. */
static void assert_format(const cosem_datetime_t *dt, const char *want)
{
    char buf[COSEM_DATETIME_TEXT_MAX];
    size_t n = cosem_datetime_format(dt, buf, sizeof buf);
    ck_assert_str_eq(buf, want);
    ck_assert_uint_eq(n, strlen(want));
}

/* Parses a NUL-terminated string, expecting a status. */
static cosem_status_t parse_str(cosem_datetime_t *dt, const char *s)
{
    return cosem_datetime_parse(dt, s, strlen(s));
}

/* The 12 date-time octets that follow `09 0C` at a given offset in the
 * frame on a given line of a capture file. */
static void load_dt_bytes(const char *file, int line, size_t off, uint8_t out[12])
{
    tu_frame_t f[32];
    size_t n = tu_vec_load(file, f, 32), i;
    int found = 0;
    for (i = 0; i < n; i++) {
        if (f[i].line == line) {
            ck_assert_uint_ge(f[i].len, off + 12);
            ck_assert_uint_eq(f[i].bytes[off - 2], 0x09); /* octet-string */
            ck_assert_uint_eq(f[i].bytes[off - 1], 0x0C); /* length 12 */
            memcpy(out, f[i].bytes + off, 12);
            found = 1;
        }
    }
    tu_vec_free(f, n);
    ck_assert_msg(found, "no frame on line %d of %s", line, file);
}

/* ---- Octets --------------------------------------------------------- */

/* guruxpy-client_guruxc-server_wrapper_lls.txt line 13: GET clock response,
 * 8-byte wrapper header + C4 01 C1 00 09 0C <date-time>. */
START_TEST(test_decode_get_clock_response)
{
    uint8_t b[12], want[12], enc[12];
    cosem_datetime_t dt;
    cosem_datetime_t exp = mk(2026, 11, 21, 6, 8, 54, 25, 0, 0, 0);
    load_dt_bytes(LLS_CAPTURE, 13, 14, b);
    tu_hex("07 EA 0B 15 06 08 36 19 00 00 00 00", want, sizeof want);
    tu_assert_bytes(b, 12, want, 12);
    cosem_datetime_decode(&dt, b);
    assert_dt_eq(&dt, &exp, "line 13");
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    ck_assert(cosem_datetime_is_complete(&dt));
    ck_assert_uint_eq(cosem_datetime_weekday(dt.year, dt.month, dt.day), dt.day_of_week);
    assert_format(&dt, "2026-11-21T08:54:25.00+00:00");
    cosem_datetime_encode(&dt, enc);
    tu_assert_bytes(enc, 12, b, 12);
}
END_TEST

/* Same file line 16: SET clock request, header + C1 01 C1 00 08
 * 00 00 01 00 00 FF 02 00 09 0C <date-time>, day of week 0xFF. */
START_TEST(test_decode_set_clock_request)
{
    uint8_t b[12], want[12], enc[12];
    cosem_datetime_t dt, p;
    cosem_datetime_t exp = mk(2026, 11, 21, COSEM_DT_NS, 8, 55, 25, 0, 0, 0);
    int64_t utc = 0;
    load_dt_bytes(LLS_CAPTURE, 16, 23, b);
    tu_hex("07 EA 0B 15 FF 08 37 19 00 00 00 00", want, sizeof want);
    tu_assert_bytes(b, 12, want, 12);
    cosem_datetime_decode(&dt, b);
    assert_dt_eq(&dt, &exp, "line 16");
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_OK);
    ck_assert_int_eq(utc, 1795251325); /* date -u -d 2026-11-21T08:55:25Z +%s */
    assert_format(&dt, "2026-11-21T08:55:25.00+00:00");
    ck_assert_int_eq(parse_str(&p, "2026-11-21T08:55:25.00+00:00"), COSEM_OK);
    ck_assert_uint_eq(p.day_of_week, 6); /* computed: Saturday */
    p.day_of_week = COSEM_DT_NS;
    p.status = 0;
    assert_dt_eq(&p, &exp, "parsed line 16");
    cosem_datetime_encode(&dt, enc);
    tu_assert_bytes(enc, 12, b, 12);
}
END_TEST

/* Same file line 28: GET profile response, header + C4 01 C1 00 01 03
 * then three rows 02 02 09 0C <date-time> 12 xx xx; rows at 08:54:22,
 * 08:54:22 and 08:54:25 (offsets 18, 37, 56), decode/encode byte-exact. */
START_TEST(test_profile_rows_roundtrip)
{
    static const size_t offs[3] = {18, 37, 56};
    static const uint8_t secs[3] = {22, 22, 25};
    uint8_t b[12], enc[12];
    cosem_datetime_t dt;
    size_t i;
    for (i = 0; i < 3; i++) {
        load_dt_bytes(LLS_CAPTURE, 28, offs[i], b);
        cosem_datetime_decode(&dt, b);
        ck_assert_uint_eq(dt.second, secs[i]);
        ck_assert_uint_eq(dt.minute, 54);
        ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
        cosem_datetime_encode(&dt, enc);
        tu_assert_bytes(enc, 12, b, 12);
    }
}
END_TEST

/* Deviation is a big-endian int16 (Blue Book 4.1.6.1): FF C4 = -60 (CET),
 * 80 00 = not specified; status 0x80 = DST active. */
START_TEST(test_deviation_and_status_octets)
{
    uint8_t b[12], enc[12];
    cosem_datetime_t dt;
    tu_hex("07 EA 03 1D 07 02 00 00 FF FF C4 80", b, sizeof b);
    cosem_datetime_decode(&dt, b);
    ck_assert_int_eq(dt.deviation, -60);
    ck_assert_uint_eq(dt.status, COSEM_CLOCK_STATUS_DST);
    ck_assert_uint_eq(dt.hundredths, COSEM_DT_NS);
    assert_format(&dt, "2026-03-29T02:00:00+01:00");
    cosem_datetime_encode(&dt, enc);
    tu_assert_bytes(enc, 12, b, 12);
    tu_hex("FF FF FF FF FF FF FF FF FF 80 00 FF", b, sizeof b);
    cosem_datetime_decode(&dt, b);
    ck_assert_int_eq(dt.deviation, COSEM_DT_DEVIATION_NS);
    ck_assert_uint_eq(dt.year, COSEM_DT_YEAR_NS);
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    assert_format(&dt, "****-**-**T**:**:**");
    cosem_datetime_encode(&dt, enc);
    tu_assert_bytes(enc, 12, b, 12);
}
END_TEST

/* 5-octet date and 4-octet time: the other half becomes not specified. */
START_TEST(test_date_and_time_parts)
{
    uint8_t d[5], t[4], enc5[5], enc4[4];
    cosem_datetime_t dt;
    tu_hex("07 EA 0B 15 06", d, sizeof d);
    cosem_date_decode(&dt, d);
    ck_assert_uint_eq(dt.year, 2026);
    ck_assert_uint_eq(dt.day_of_week, 6);
    ck_assert_uint_eq(dt.hour, COSEM_DT_NS);
    ck_assert_int_eq(dt.deviation, COSEM_DT_DEVIATION_NS);
    ck_assert(!cosem_datetime_is_complete(&dt));
    assert_format(&dt, "2026-11-21T**:**:**");
    cosem_date_encode(&dt, enc5);
    tu_assert_bytes(enc5, 5, d, 5);
    tu_hex("08 36 19 00", t, sizeof t);
    cosem_time_decode(&dt, t);
    ck_assert_uint_eq(dt.year, COSEM_DT_YEAR_NS);
    ck_assert_uint_eq(dt.minute, 54);
    assert_format(&dt, "****-**-**T08:54:25.00");
    cosem_time_encode(&dt, enc4);
    tu_assert_bytes(enc4, 4, t, 4);
}
END_TEST

/* ---- Validation ------------------------------------------------------ */

START_TEST(test_validate_accepts)
{
    static const uint8_t months[] = {1, 12, 0xFD, 0xFE, 0xFF};
    static const uint8_t days[] = {1, 31, 0xFD, 0xFE, 0xFF};
    cosem_datetime_t dt;
    size_t i, j;
    for (i = 0; i < sizeof months; i++) {
        for (j = 0; j < sizeof days; j++) {
            uint8_t day = (months[i] <= 12 && days[j] == 31) ? 31 : days[j];
            dt = mk(2026, months[i], day, 7, 23, 59, 59, 99, 720, 0xFF);
            ck_assert_msg(cosem_datetime_validate(&dt) == COSEM_OK, "month %u day %u", months[i],
                          day);
        }
    }
    dt = mk(0, 1, 1, 1, 0, 0, 0, 0, -720, 0);
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    dt = mk(0xFFFE, 2, 28, 1, 0, 0, 0, 0, COSEM_DT_DEVIATION_NS, 0x8F);
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    dt = mk(2024, 2, 29, COSEM_DT_NS, 0, 0, 0, 0, 0, 0);
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    dt.year = 2000;
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    dt.year = COSEM_DT_YEAR_NS; /* year not specified: 29 February allowed */
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    /* The day of week is not compared with the date (2026-11-21 is a Saturday). */
    dt = mk(2026, 11, 21, 1, 8, 54, 25, 0, 0, 0);
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
    cosem_datetime_clear(&dt);
    ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
}
END_TEST

/* Every rejection on its own, starting from a valid value each time. */
START_TEST(test_validate_rejects)
{
    static const struct {
        const char *what;
        /* 0 month 1 day 2 dow 3 hour 4 minute 5 second 6 hundredths
         * 7 deviation 8 year/month/day together */
        int field;
        int value;
        uint16_t year;
        uint8_t month;
    } cases[] = {
        {"month 0", 0, 0, 0, 0},          {"month 13", 0, 13, 0, 0},
        {"month 0xFC", 0, 0xFC, 0, 0},    {"month 0x80", 0, 0x80, 0, 0},
        {"day 0", 1, 0, 0, 0},            {"day 32", 1, 32, 0, 0},
        {"day 0xDF", 1, 0xDF, 0, 0},      {"day 0xE0 reserved", 1, 0xE0, 0, 0},
        {"day 0xFC reserved", 1, 0xFC, 0, 0}, {"dow 0", 2, 0, 0, 0},
        {"dow 8", 2, 8, 0, 0},            {"dow 0xFE", 2, 0xFE, 0, 0},
        {"hour 24", 3, 24, 0, 0},         {"hour 0xFE", 3, 0xFE, 0, 0},
        {"minute 60", 4, 60, 0, 0},       {"minute 0xFE", 4, 0xFE, 0, 0},
        {"second 60", 5, 60, 0, 0},       {"second 0xFE", 5, 0xFE, 0, 0},
        {"hundredths 100", 6, 100, 0, 0}, {"hundredths 0xFE", 6, 0xFE, 0, 0},
        {"deviation 721", 7, 721, 0, 0},  {"deviation -721", 7, -721, 0, 0},
        {"deviation 0x7FFF", 7, 0x7FFF, 0, 0}, {"deviation -32767", 7, -32767, 0, 0},
        {"2023-02-29", 8, 29, 2023, 2},   {"2100-02-29", 8, 29, 2100, 2},
        {"2024-02-30", 8, 30, 2024, 2},   {"2026-04-31", 8, 31, 2026, 4},
        {"2026-11-31", 8, 31, 2026, 11},  {"****-02-30", 8, 30, COSEM_DT_YEAR_NS, 2},
        {"****-06-31", 8, 31, COSEM_DT_YEAR_NS, 6},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cosem_datetime_t dt = mk(2026, 1, 15, 4, 12, 30, 30, 50, -60, 0);
        ck_assert_int_eq(cosem_datetime_validate(&dt), COSEM_OK);
        switch (cases[i].field) {
        case 0: dt.month = (uint8_t)cases[i].value; break;
        case 1: dt.day = (uint8_t)cases[i].value; break;
        case 2: dt.day_of_week = (uint8_t)cases[i].value; break;
        case 3: dt.hour = (uint8_t)cases[i].value; break;
        case 4: dt.minute = (uint8_t)cases[i].value; break;
        case 5: dt.second = (uint8_t)cases[i].value; break;
        case 6: dt.hundredths = (uint8_t)cases[i].value; break;
        case 7: dt.deviation = (int16_t)cases[i].value; break;
        default:
            dt.year = cases[i].year;
            dt.month = cases[i].month;
            dt.day = (uint8_t)cases[i].value;
            dt.day_of_week = COSEM_DT_NS;
            break;
        }
        ck_assert_msg(cosem_datetime_validate(&dt) == COSEM_E_RANGE, "%s accepted",
                      cases[i].what);
    }
}
END_TEST

START_TEST(test_is_complete)
{
    cosem_datetime_t dt = mkt(2026, 11, 21, 8, 54, 25, COSEM_DT_DEVIATION_NS);
    cosem_datetime_t c;
    ck_assert(cosem_datetime_is_complete(&dt));
    dt.hundredths = COSEM_DT_NS; /* not needed */
    dt.day_of_week = COSEM_DT_NS;
    ck_assert(cosem_datetime_is_complete(&dt));
    c = dt; c.year = COSEM_DT_YEAR_NS; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.month = COSEM_DT_NS; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.month = COSEM_DT_MONTH_DST_BEGIN; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.month = 13; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.day = COSEM_DT_DAY_LAST; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.day = 31; ck_assert(!cosem_datetime_is_complete(&c)); /* 31 November */
    c = dt; c.day = 0; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.hour = COSEM_DT_NS; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.hour = 24; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.minute = COSEM_DT_NS; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.second = COSEM_DT_NS; ck_assert(!cosem_datetime_is_complete(&c));
    c = dt; c.second = 60; ck_assert(!cosem_datetime_is_complete(&c));
}
END_TEST

/* ---- Calendar -------------------------------------------------------- */

START_TEST(test_days_in_month)
{
    static const uint8_t len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    uint8_t m;
    for (m = 1; m <= 12; m++) {
        ck_assert_uint_eq(cosem_datetime_days_in_month(2026, m), len[m - 1]);
    }
    ck_assert_uint_eq(cosem_datetime_days_in_month(2024, 2), 29);
    ck_assert_uint_eq(cosem_datetime_days_in_month(2000, 2), 29); /* divisible by 400 */
    ck_assert_uint_eq(cosem_datetime_days_in_month(2100, 2), 28); /* by 100, not 400 */
    ck_assert_uint_eq(cosem_datetime_days_in_month(1900, 2), 28);
    ck_assert_uint_eq(cosem_datetime_days_in_month(0, 2), 29);
    ck_assert_uint_eq(cosem_datetime_days_in_month(2023, 2), 28);
    ck_assert_uint_eq(cosem_datetime_days_in_month(2026, 0), 0);
    ck_assert_uint_eq(cosem_datetime_days_in_month(2026, 13), 0);
    ck_assert_uint_eq(cosem_datetime_days_in_month(2026, 0xFE), 0);
}
END_TEST

/* Weekdays from `date -u -d <date> +%u`. */
START_TEST(test_weekday_known)
{
    ck_assert_uint_eq(cosem_datetime_weekday(2026, 11, 21), 6);
    ck_assert_uint_eq(cosem_datetime_weekday(1970, 1, 1), 4);
    ck_assert_uint_eq(cosem_datetime_weekday(2000, 2, 29), 2);
    ck_assert_uint_eq(cosem_datetime_weekday(2024, 2, 29), 4);
    ck_assert_uint_eq(cosem_datetime_weekday(2100, 2, 28), 7);
    ck_assert_uint_eq(cosem_datetime_weekday(2100, 3, 1), 1);
    ck_assert_uint_eq(cosem_datetime_weekday(0, 1, 1), 6);
    ck_assert_uint_eq(cosem_datetime_weekday(9999, 12, 31), 5);
    ck_assert_uint_eq(cosem_datetime_weekday(10000, 1, 1), 0);
    ck_assert_uint_eq(cosem_datetime_weekday(2026, 0, 1), 0);
    ck_assert_uint_eq(cosem_datetime_weekday(2026, 13, 1), 0);
    ck_assert_uint_eq(cosem_datetime_weekday(2026, 11, 0), 0);
    ck_assert_uint_eq(cosem_datetime_weekday(2026, 11, 31), 0);
    ck_assert_uint_eq(cosem_datetime_weekday(2023, 2, 29), 0);
}
END_TEST

/* Walks every day from 0000-01-01 (a Saturday, -62167219200 per
 * `date -u -d 0000-01-01 +%s`) to 9999-12-31 with a plain counter and checks
 * weekday, to_utc and from_utc against it. */
START_TEST(test_calendar_walk)
{
    int64_t t = -62167219200LL, utc = 0;
    uint8_t wd = 6;
    unsigned y;
    uint8_t m, d;
    cosem_datetime_t dt, back;
    for (y = 0; y <= 9999; y++) {
        for (m = 1; m <= 12; m++) {
            uint8_t n = cosem_datetime_days_in_month((uint16_t)y, m);
            for (d = 1; d <= n; d++) {
                CHECK(cosem_datetime_weekday((uint16_t)y, m, d) == wd, "weekday %u-%u-%u", y, m, d);
                dt = mkt((uint16_t)y, m, d, 0, 0, 0, 0);
                CHECK(cosem_datetime_to_utc(&dt, &utc) == COSEM_OK && utc == t, "to_utc %u-%u-%u",
                      y, m, d);
                CHECK(cosem_datetime_from_utc(&back, t + 86399, 0, 0) == COSEM_OK &&
                          back.year == y && back.month == m && back.day == d &&
                          back.day_of_week == wd && back.hour == 23 && back.second == 59,
                      "from_utc %u-%u-%u", y, m, d);
                t += 86400;
                wd = wd == 7 ? 1 : (uint8_t)(wd + 1);
            }
        }
    }
    ck_assert_int_eq(t, 253402300800LL); /* date -u -d 10000-01-01 +%s */
}
END_TEST

/* ---- UTC conversion -------------------------------------------------- */

/* Epoch values from `date -u -d <iso> +%s`. */
START_TEST(test_to_utc_known)
{
    static const struct {
        cosem_datetime_t dt;
        int64_t utc;
    } cases[] = {
        {{2026, 11, 21, 6, 8, 54, 25, 0, 0, 0}, 1795251265LL},
        {{2026, 11, 21, 6, 8, 54, 25, 99, 0, COSEM_DT_DEVIATION_NS}, 1795251265LL},
        {{2026, 11, 21, 0xFF, 9, 54, 25, 0xFF, 0x80, -60}, 1795251265LL},     /* CET */
        {{2026, 11, 21, 0xFF, 3, 54, 25, 0, 0, 300}, 1795251265LL},            /* UTC-5 */
        {{2026, 11, 21, 0xFF, 20, 54, 25, 0, 0, -720}, 1795251265LL},          /* UTC+12 */
        {{2026, 11, 20, 0xFF, 20, 54, 25, 0, 0, 720}, 1795251265LL},           /* UTC-12 */
        {{1970, 1, 1, 4, 0, 0, 0, 0, 0, 0}, 0},
        {{1969, 12, 31, 3, 23, 59, 59, 0, 0, 0}, -1},
        {{1970, 1, 1, 4, 0, 59, 59, 0, 0, -60}, -1},
        {{2026, 12, 31, 0xFF, 23, 30, 0, 0, 0, 60}, 1798763400LL},  /* 2027-01-01T00:30Z */
        {{2027, 1, 1, 0xFF, 1, 30, 0, 0, 0, -60}, 1798763400LL},
        {{2000, 2, 29, 2, 12, 0, 0, 0, 0, 0}, 951825600LL},
        {{2024, 2, 29, 4, 0, 0, 0, 0, 0, 0}, 1709164800LL},
        {{2100, 2, 28, 7, 23, 59, 59, 0, 0, 0}, 4107542399LL},
        {{2100, 3, 1, 1, 0, 0, 0, 0, 0, 0}, 4107542400LL},
        {{2038, 1, 19, 2, 3, 14, 8, 0, 0, 0}, 2147483648LL},
        {{0, 1, 1, 6, 0, 0, 0, 0, 0, 0}, -62167219200LL},
        {{9999, 12, 31, 5, 23, 59, 59, 0, 0, 0}, 253402300799LL},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t utc = 12345;
        ck_assert_msg(cosem_datetime_to_utc(&cases[i].dt, &utc) == COSEM_OK, "case %zu", i);
        ck_assert_msg(utc == cases[i].utc, "case %zu: %lld", i, (long long)utc);
    }
}
END_TEST

START_TEST(test_to_utc_errors)
{
    cosem_datetime_t ok = mkt(2026, 11, 21, 8, 54, 25, 0), dt;
    int64_t utc = 777;
    dt = ok; dt.year = COSEM_DT_YEAR_NS;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_UNSPECIFIED);
    dt = ok; dt.month = COSEM_DT_NS;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_UNSPECIFIED);
    dt = ok; dt.month = COSEM_DT_MONTH_DST_END;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_UNSPECIFIED);
    dt = ok; dt.day = COSEM_DT_NS;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_UNSPECIFIED);
    dt = ok; dt.day = COSEM_DT_DAY_2ND_LAST;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_UNSPECIFIED);
    dt = ok; dt.hour = COSEM_DT_NS;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_UNSPECIFIED);
    dt = ok; dt.minute = COSEM_DT_NS;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_UNSPECIFIED);
    dt = ok; dt.second = COSEM_DT_NS;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_UNSPECIFIED);
    dt = ok; dt.deviation = 721;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_RANGE);
    dt = ok; dt.deviation = -721;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_RANGE);
    dt = ok; dt.month = 13;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_RANGE);
    dt = ok; dt.day = 31; /* 31 November */
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_RANGE);
    dt = ok; dt.hour = 24;
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_RANGE);
    dt = mkt(2023, 2, 29, 0, 0, 0, 0);
    ck_assert_int_eq(cosem_datetime_to_utc(&dt, &utc), COSEM_E_RANGE);
    ck_assert_int_eq(utc, 777); /* untouched on error */
}
END_TEST

START_TEST(test_from_utc_known)
{
    cosem_datetime_t dt, want;
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 1795251265LL, 0, 0), COSEM_OK);
    want = mk(2026, 11, 21, 6, 8, 54, 25, 0, 0, 0);
    assert_dt_eq(&dt, &want, "UTC");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 1795251265LL, -60, COSEM_CLOCK_STATUS_DST),
                     COSEM_OK);
    want = mk(2026, 11, 21, 6, 9, 54, 25, 0, -60, 0x80);
    assert_dt_eq(&dt, &want, "CET");
    assert_format(&dt, "2026-11-21T09:54:25.00+01:00");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 1795251265LL, 300, 0), COSEM_OK);
    want = mk(2026, 11, 21, 6, 3, 54, 25, 0, 300, 0);
    assert_dt_eq(&dt, &want, "UTC-5");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 1795251265LL, 720, 0), COSEM_OK);
    want = mk(2026, 11, 20, 5, 20, 54, 25, 0, 720, 0);
    assert_dt_eq(&dt, &want, "UTC-12, day before");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 1795251265LL, COSEM_DT_DEVIATION_NS,
                                             COSEM_DT_NS), COSEM_OK);
    want = mk(2026, 11, 21, 6, 8, 54, 25, 0, COSEM_DT_DEVIATION_NS, COSEM_DT_NS);
    assert_dt_eq(&dt, &want, "deviation not specified");
    /* Year boundary: 2027-01-01T00:30Z is 2026-12-31 23:30 at UTC-1. */
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 1798763400LL, 60, 0), COSEM_OK);
    want = mk(2026, 12, 31, 4, 23, 30, 0, 0, 60, 0);
    assert_dt_eq(&dt, &want, "year boundary");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, -1, 0, 0), COSEM_OK);
    want = mk(1969, 12, 31, 3, 23, 59, 59, 0, 0, 0);
    assert_dt_eq(&dt, &want, "-1");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 951825600LL, 0, 0), COSEM_OK);
    want = mk(2000, 2, 29, 2, 12, 0, 0, 0, 0, 0);
    assert_dt_eq(&dt, &want, "2000-02-29");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 4107542400LL, 0, 0), COSEM_OK);
    want = mk(2100, 3, 1, 1, 0, 0, 0, 0, 0, 0);
    assert_dt_eq(&dt, &want, "2100-03-01");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, -62167219200LL, 0, 0), COSEM_OK);
    want = mk(0, 1, 1, 6, 0, 0, 0, 0, 0, 0);
    assert_dt_eq(&dt, &want, "year 0");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 253402300799LL, 0, 0), COSEM_OK);
    want = mk(9999, 12, 31, 5, 23, 59, 59, 0, 0, 0);
    assert_dt_eq(&dt, &want, "year 9999");
}
END_TEST

START_TEST(test_from_utc_errors)
{
    cosem_datetime_t dt, before;
    cosem_datetime_clear(&dt);
    before = dt;
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 0, 721, 0), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 0, -721, 0), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 0, INT16_MAX, 0), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, -62167219201LL, 0, 0), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 253402300800LL, 0, 0), COSEM_E_RANGE);
    /* The local time decides: 0000-01-01T00:30Z at UTC+1 is still year 0,
     * at UTC-1 it is year -1. */
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, -62167217400LL, 60, 0), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 253402300799LL, -60, 0), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, INT64_MIN, 720, 0), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, INT64_MAX, -720, 0), COSEM_E_RANGE);
    assert_dt_eq(&dt, &before, "untouched on error");
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, -62167217400LL, -60, 0), COSEM_OK);
    ck_assert_uint_eq(dt.year, 0);
    ck_assert_uint_eq(dt.hour, 1);
    ck_assert_uint_eq(dt.minute, 30);
}
END_TEST

/* from_utc then to_utc gives back the instant, for every deviation step
 * and instants spread over the whole supported range. */
START_TEST(test_utc_roundtrip)
{
    static const int16_t devs[] = {-720, -660, -60, -1, 0, 1, 30, 345, 720, COSEM_DT_DEVIATION_NS};
    const int64_t lo = -62167219200LL + 43200, hi = 253402300799LL - 43200;
    int64_t t, back;
    size_t i;
    cosem_datetime_t dt;
    for (i = 0; i < sizeof devs / sizeof devs[0]; i++) {
        for (t = lo; t <= hi; t += 99999989LL) {
            CHECK(cosem_datetime_from_utc(&dt, t, devs[i], 0) == COSEM_OK &&
                      cosem_datetime_validate(&dt) == COSEM_OK && cosem_datetime_is_complete(&dt) &&
                      dt.day_of_week == cosem_datetime_weekday(dt.year, dt.month, dt.day),
                  "from_utc dev %d t %lld", devs[i], (long long)t);
            CHECK(cosem_datetime_to_utc(&dt, &back) == COSEM_OK && back == t,
                  "dev %d t %lld back %lld", devs[i], (long long)t, (long long)back);
        }
    }
}
END_TEST

/* ---- Text ------------------------------------------------------------ */

START_TEST(test_format_known)
{
    cosem_datetime_t dt;
    dt = mk(2026, 11, 21, 6, 8, 54, 25, 0, -60, 0);
    assert_format(&dt, "2026-11-21T08:54:25.00+01:00");
    dt.deviation = 0;
    assert_format(&dt, "2026-11-21T08:54:25.00+00:00");
    dt.deviation = 330;
    assert_format(&dt, "2026-11-21T08:54:25.00-05:30");
    dt.deviation = -720;
    assert_format(&dt, "2026-11-21T08:54:25.00+12:00");
    dt.deviation = -345;
    assert_format(&dt, "2026-11-21T08:54:25.00+05:45");
    dt.deviation = COSEM_DT_DEVIATION_NS;
    dt.hundredths = 7;
    assert_format(&dt, "2026-11-21T08:54:25.07");
    dt.hundredths = COSEM_DT_NS;
    assert_format(&dt, "2026-11-21T08:54:25");
    /* Blue Book special values: last Sunday of DST begin month at 02:00. */
    dt = mk(COSEM_DT_YEAR_NS, COSEM_DT_MONTH_DST_BEGIN, COSEM_DT_DAY_LAST, 7, 2, 0, 0, 0,
            COSEM_DT_DEVIATION_NS, COSEM_DT_NS);
    assert_format(&dt, "****-DSTB-LT02:00:00.00");
    dt.month = COSEM_DT_MONTH_DST_END;
    dt.day = COSEM_DT_DAY_2ND_LAST;
    assert_format(&dt, "****-DSTE-L2T02:00:00.00");
    dt = mk(5, 1, 2, 1, 3, 4, 5, COSEM_DT_NS, COSEM_DT_DEVIATION_NS, 0);
    assert_format(&dt, "0005-01-02T03:04:05");
    dt.year = 12345;
    assert_format(&dt, "12345-01-02T03:04:05");
    dt = mk(2026, COSEM_DT_NS, COSEM_DT_NS, 1, COSEM_DT_NS, 30, COSEM_DT_NS, 5, 0, 0);
    assert_format(&dt, "2026-**-**T**:30:**.05+00:00");
}
END_TEST

START_TEST(test_format_cap)
{
    cosem_datetime_t dt = mk(2026, 11, 21, 6, 8, 54, 25, 0, -60, 0);
    char buf[COSEM_DATETIME_TEXT_MAX];
    const char *want = "2026-11-21T08:54:25.00+01:00"; /* 28 characters */
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(cosem_datetime_format(&dt, buf, 28), 0);
    ck_assert_uint_eq((unsigned char)buf[0], 'x'); /* nothing written */
    ck_assert_uint_eq(cosem_datetime_format(&dt, buf, 0), 0);
    ck_assert_uint_eq(cosem_datetime_format(&dt, NULL, 40), 0);
    ck_assert_uint_eq(cosem_datetime_format(&dt, buf, 29), 28);
    ck_assert_str_eq(buf, want);
}
END_TEST

/* The longest text comes from out-of-range fields, which print their
 * decimal value; it must still fit COSEM_DATETIME_TEXT_MAX. */
START_TEST(test_format_worst_case)
{
    cosem_datetime_t dt = mk(65534, 0xFD, 0xFC, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, -32767, 0);
    char buf[COSEM_DATETIME_TEXT_MAX];
    size_t n = cosem_datetime_format(&dt, buf, sizeof buf);
    ck_assert_str_eq(buf, "65534-DSTE-252T254:254:254.254+546:07");
    ck_assert_uint_eq(n, strlen(buf));
    ck_assert_uint_lt(n, COSEM_DATETIME_TEXT_MAX);
    dt.deviation = 32767;
    n = cosem_datetime_format(&dt, buf, sizeof buf);
    ck_assert_str_eq(buf, "65534-DSTE-252T254:254:254.254-546:07");
    ck_assert_int_eq(parse_str(&dt, buf), COSEM_E_MALFORMED);
}
END_TEST

START_TEST(test_parse_forms)
{
    static const struct {
        const char *text;
        cosem_datetime_t want;
    } cases[] = {
        {"2026-11-21T08:54:25.00+00:00", {2026, 11, 21, 6, 8, 54, 25, 0, 0xFF, 0}},
        {"2026-11-21T08:54:25Z", {2026, 11, 21, 6, 8, 54, 25, 0xFF, 0xFF, 0}},
        {"2026-11-21 08:54:25", {2026, 11, 21, 6, 8, 54, 25, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"2026-11-21T09:54+01:00", {2026, 11, 21, 6, 9, 54, 0xFF, 0xFF, 0xFF, -60}},
        {"2026-11-21T03:54:25.50-05:00", {2026, 11, 21, 6, 3, 54, 25, 50, 0xFF, 300}},
        {"2026-11-21T03:54:25.50-00:00", {2026, 11, 21, 6, 3, 54, 25, 50, 0xFF, 0}},
        {"2026-11-21T03:54:25+12:00", {2026, 11, 21, 6, 3, 54, 25, 0xFF, 0xFF, -720}},
        {"2026-11-21", {2026, 11, 21, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"08:54", {0xFFFF, 0xFF, 0xFF, 0xFF, 8, 54, 0xFF, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"08:54:25.99", {0xFFFF, 0xFF, 0xFF, 0xFF, 8, 54, 25, 99, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"23:59:59Z", {0xFFFF, 0xFF, 0xFF, 0xFF, 23, 59, 59, 0xFF, 0xFF, 0}},
        {"**:*:00", {0xFFFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"*-*-*T*:*:*.*", {0xFFFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                           COSEM_DT_DEVIATION_NS}},
        {"****-DSTB-LT02:00:00", {0xFFFF, 0xFE, 0xFE, 0xFF, 2, 0, 0, 0xFF, 0xFF,
                                  COSEM_DT_DEVIATION_NS}},
        {"2026-DSTE-L2T03:00", {2026, 0xFD, 0xFD, 0xFF, 3, 0, 0xFF, 0xFF, 0xFF,
                                COSEM_DT_DEVIATION_NS}},
        {"2026-03-L", {2026, 3, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"****-02-29", {0xFFFF, 2, 29, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"2024-02-29T00:00:00", {2024, 2, 29, 4, 0, 0, 0, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"0000-01-01", {0, 1, 1, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"12345-06-07", {12345, 6, 7, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
        {"65534-06-07", {65534, 6, 7, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, COSEM_DT_DEVIATION_NS}},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cosem_datetime_t dt;
        memset(&dt, 0xAA, sizeof dt);
        ck_assert_msg(parse_str(&dt, cases[i].text) == COSEM_OK, "'%s' rejected", cases[i].text);
        assert_dt_eq(&dt, &cases[i].want, cases[i].text);
    }
}
END_TEST

START_TEST(test_parse_malformed)
{
    static const char *const bad[] = {
        "", " ", "2026", "2026-", "2026-11", "2026-11-", "2026-1-21", "2026-11-2",
        "202-11-21", "123456-11-21", "2026-011-21", "2026-11-021", "2026/11/21",
        "2026-11-21T", "2026-11-21T08", "2026-11-21T08:", "2026-11-21T8:54",
        "2026-11-21T08:5", "2026-11-21T08:54:", "2026-11-21T08:54:2", "2026-11-21T08:54:250",
        "2026-11-21T08:54:25.", "2026-11-21T08:54:25.5", "2026-11-21T08:54:25.500",
        "2026-11-21X08:54", "2026-11-21t08:54", "2026-11-21T08:54:25z", "2026-11-21T08:54:25Zx",
        "2026-11-21T08:54:25+01", "2026-11-21T08:54:25+0100", "2026-11-21T08:54:25+1:00",
        "2026-11-21T08:54:25+01:0", "2026-11-21T08:54:25+**:**", "2026-11-21T08:54:25 ",
        " 2026-11-21", "2026-11-21Z", "2026-11-21+01:00", "2026-11-21T08:54:25+01:00Z",
        "*****-11-21", "2026-***-21", "2026-11-***", "***:00", "08:***", "08:54:***",
        "2026-DST-01", "2026-DSTX-01", "2026-dste-01", "2026-11-L3", "2026-11-LL",
        "2026-11-l", "2026-L-01", "08", "08:54:25.**.00", "-2026-11-21", "+2026-11-21",
        "2026--11-21", "0x07-11-21", "08:54:25+", "08:54:25-", "T08:54",
        "2026-11-21T08:54:25~01:00", "08:54:25 01:00", "2026-11-21T08:54:25.00 +01:00",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cosem_datetime_t dt;
        cosem_datetime_clear(&dt);
        dt.status = 0x42;
        ck_assert_msg(parse_str(&dt, bad[i]) == COSEM_E_MALFORMED, "'%s' not MALFORMED", bad[i]);
        ck_assert_uint_eq(dt.status, 0x42); /* output untouched */
    }
    /* An embedded NUL is a character like any other. */
    {
        cosem_datetime_t dt;
        ck_assert_int_eq(cosem_datetime_parse(&dt, "2026-11-21\0", 11), COSEM_E_MALFORMED);
        ck_assert_int_eq(cosem_datetime_parse(&dt, NULL, 0), COSEM_E_MALFORMED);
    }
}
END_TEST

START_TEST(test_parse_range)
{
    static const char *const bad[] = {
        "2026-00-21", "2026-13-21", "2026-99-21", "2026-11-00", "2026-11-32", "2026-11-31",
        "2023-02-29", "2100-02-29", "****-02-30", "****-04-31", "2026-11-21T24:00",
        "2026-11-21T23:60", "2026-11-21T23:59:60", "2026-11-21T99:00:00.00",
        "2026-11-21T08:54:25+12:01", "2026-11-21T08:54:25-12:01", "2026-11-21T08:54:25+01:60",
        "2026-11-21T08:54:25+99:99", "65535-01-01", "99999-01-01", "24:00", "00:60:00",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cosem_datetime_t dt;
        ck_assert_msg(parse_str(&dt, bad[i]) == COSEM_E_RANGE, "'%s' not RANGE", bad[i]);
    }
}
END_TEST

/* Only len characters are read: the rest of the buffer does not count. */
START_TEST(test_parse_length_bound)
{
    cosem_datetime_t dt;
    const char text[] = "2026-11-21T08:54:25.00+01:00garbage";
    ck_assert_int_eq(cosem_datetime_parse(&dt, text, 28), COSEM_OK);
    ck_assert_int_eq(dt.deviation, -60);
    ck_assert_int_eq(cosem_datetime_parse(&dt, text, 10), COSEM_OK);
    ck_assert_uint_eq(dt.day, 21);
    ck_assert_uint_eq(dt.hour, COSEM_DT_NS);
    ck_assert_int_eq(cosem_datetime_parse(&dt, text, 13), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_datetime_parse(&dt, text, 29), COSEM_E_MALFORMED);
}
END_TEST

/* format -> parse gives the same fields for every valid combination of
 * ordinary and special values; parse computes the day of week of an
 * ordinary date and leaves status not specified. */
START_TEST(test_format_parse_roundtrip)
{
    static const uint16_t years[] = {COSEM_DT_YEAR_NS, 0, 1970, 2000, 2024, 2100, 9999, 10000,
                                     65534};
    static const uint8_t months[] = {1, 2, 4, 9, 10, 12, 0xFD, 0xFE, 0xFF};
    static const uint8_t days[] = {1, 9, 10, 28, 29, 30, 31, 0xFD, 0xFE, 0xFF};
    static const uint8_t times[][4] = {{0, 0, 0, 0},          {23, 59, 59, 99},
                                       {8, 54, 25, 0xFF},     {0xFF, 0xFF, 0xFF, 0xFF},
                                       {0xFF, 30, 0xFF, 5},   {12, 0xFF, 0, 0xFF},
                                       {1, 2, 0xFF, 0xFF}};
    static const int16_t devs[] = {COSEM_DT_DEVIATION_NS, -720, -345, -60, 0, 1, 330, 720};
    size_t yi, mi, di, ti, vi;
    unsigned checked = 0;
    for (yi = 0; yi < sizeof years / sizeof years[0]; yi++)
        for (mi = 0; mi < sizeof months; mi++)
            for (di = 0; di < sizeof days; di++)
                for (ti = 0; ti < sizeof times / sizeof times[0]; ti++)
                    for (vi = 0; vi < sizeof devs / sizeof devs[0]; vi++) {
                        cosem_datetime_t dt = mk(years[yi], months[mi], days[di], 3,
                                                 times[ti][0], times[ti][1], times[ti][2],
                                                 times[ti][3], devs[vi], 0x80);
                        cosem_datetime_t back, want = dt;
                        char buf[COSEM_DATETIME_TEXT_MAX];
                        size_t n;
                        if (cosem_datetime_validate(&dt) != COSEM_OK) {
                            continue;
                        }
                        n = cosem_datetime_format(&dt, buf, sizeof buf);
                        CHECK(n > 0 && cosem_datetime_parse(&back, buf, n) == COSEM_OK,
                              "'%s' does not parse", buf);
                        want.status = COSEM_DT_NS;
                        want.day_of_week = COSEM_DT_NS;
                        if (dt.year <= 9999 && dt.month <= 12 && dt.day <= 31) {
                            want.day_of_week = cosem_datetime_weekday(dt.year, dt.month, dt.day);
                        }
                        assert_dt_eq(&back, &want, buf);
                        checked++;
                    }
    ck_assert_uint_gt(checked, 20000); /* the loops did run */
}
END_TEST

static Suite *datetime_suite(void)
{
    Suite *s = suite_create("datetime");
    TCase *tc = tcase_create("octets");
    tcase_add_test(tc, test_decode_get_clock_response);
    tcase_add_test(tc, test_decode_set_clock_request);
    tcase_add_test(tc, test_profile_rows_roundtrip);
    tcase_add_test(tc, test_deviation_and_status_octets);
    tcase_add_test(tc, test_date_and_time_parts);
    suite_add_tcase(s, tc);
    tc = tcase_create("validate");
    tcase_add_test(tc, test_validate_accepts);
    tcase_add_test(tc, test_validate_rejects);
    tcase_add_test(tc, test_is_complete);
    suite_add_tcase(s, tc);
    tc = tcase_create("calendar");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_days_in_month);
    tcase_add_test(tc, test_weekday_known);
    tcase_add_test(tc, test_calendar_walk);
    tcase_add_test(tc, test_to_utc_known);
    tcase_add_test(tc, test_to_utc_errors);
    tcase_add_test(tc, test_from_utc_known);
    tcase_add_test(tc, test_from_utc_errors);
    tcase_add_test(tc, test_utc_roundtrip);
    suite_add_tcase(s, tc);
    tc = tcase_create("text");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_format_known);
    tcase_add_test(tc, test_format_cap);
    tcase_add_test(tc, test_format_worst_case);
    tcase_add_test(tc, test_parse_forms);
    tcase_add_test(tc, test_parse_malformed);
    tcase_add_test(tc, test_parse_range);
    tcase_add_test(tc, test_parse_length_bound);
    tcase_add_test(tc, test_format_parse_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(datetime_suite)
