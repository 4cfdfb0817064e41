/* SPDX-License-Identifier: Apache-2.0 */
/* Clock (class 8, Blue Book 4.5.1): attributes with exact encodings, local
 * time from a UTC port under time zone and DST rules (transitions at the
 * begin/end instants, wildcard rules, southern hemisphere), time setting
 * with "not specified" fields and every invalid field, the adjust methods,
 * preset adjusting time, shift_time, events, and requests through the
 * server. Bytes marked "Gurux.DLMS.Python 1.0.197" were generated with that
 * package's encoder (GXDLMSClock getValue / GXDateTime), not copied. */
#include <stddef.h>
#include <string.h>

#include <cosem/metering.h>
#include <cosem/server.h>

#include "test_class_fixture.h"

/* ---- a fake RTC that keeps UTC ------------------------------------------ */

typedef struct {
    int64_t utc;
    uint8_t hundredths;
    uint8_t status;
    bool fail_get;
    int16_t dev;              /* deviation of the fields time_get gives (0: UTC) */
    bool use_raw;             /* time_get gives @c raw as it is */
    cosem_datetime_t raw;
    cosem_status_t set_result;
    int sets;
    cosem_datetime_t last_set;
} fake_rtc_t;

static fake_rtc_t rtc;

/* port.time_get: UTC fields, deviation 0 (or rtc.dev, or rtc.raw). */
static cosem_status_t rtc_get(void *user, cosem_datetime_t *now)
{
    fake_rtc_t *f = user;
    cosem_status_t st;
    if (f->fail_get) {
        return COSEM_E_IO;
    }
    if (f->use_raw) {
        *now = f->raw;
        return COSEM_OK;
    }
    st = cosem_datetime_from_utc(now, f->utc, f->dev, f->status);
    now->hundredths = f->hundredths;
    return st;
}

/* port.time_set: converts what the clock gives to UTC. */
static cosem_status_t rtc_set(void *user, const cosem_datetime_t *t)
{
    fake_rtc_t *f = user;
    int64_t utc = 0;
    f->sets++;
    f->last_set = *t;
    if (f->set_result != COSEM_OK) {
        return f->set_result;
    }
    ck_assert_int_eq(cosem_datetime_to_utc(t, &utc), COSEM_OK);
    f->utc = utc;
    f->hundredths = t->hundredths;
    return COSEM_OK;
}

static const cosem_port_t port = {&rtc, NULL, rtc_get, rtc_set, NULL, NULL, NULL, NULL, NULL, NULL};
static const cosem_port_t port_ro = {&rtc, NULL, rtc_get, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

/* ---- events ----------------------------------------------------------------- */

static struct {
    int n;
    cosem_clock_event_t ev;
    cosem_datetime_t before, after;
    struct cosem_server *s;
} events;

/* cosem_clock_t::event: records the last event. */
static void on_event(struct cosem_server *s, const cosem_object_t *clock, cosem_clock_event_t ev,
                     const cosem_datetime_t *before, const cosem_datetime_t *after)
{
    (void)clock;
    events.n++;
    events.ev = ev;
    events.before = *before;
    events.after = *after;
    events.s = s;
}

/* ---- objects ---------------------------------------------------------------- */

static cosem_clock_state_t cst, cst2;
static const cosem_clock_t clock_desc = {&cst, NULL, COSEM_CLOCK_BASE_CRYSTAL, 900, on_event};
/* A second clock with its own read-only port and no measuring period. */
static const cosem_clock_t clock_ro = {&cst2, &port_ro, COSEM_CLOCK_BASE_GPS, 0, NULL};

static const cosem_object_t objects[] = {
    {{0, 0, 1, 0, 0, 255}, &cosem_class_clock, &clock_desc, NULL, all_rights, NULL},
    {{0, 0, 1, 0, 1, 255}, &cosem_class_clock, &clock_ro, NULL, all_rights, NULL},
};
#define CLOCK (&objects[0])
#define CLOCK_RO (&objects[1])

static const cosem_assoc_config_t assoc_cfg[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION, NULL, NULL,
     false, NULL}};

/* UTC seconds of a UTC calendar time. */
static int64_t utc_of(uint16_t y, uint8_t mo, uint8_t d, uint8_t h, uint8_t mi, uint8_t s)
{
    cosem_datetime_t t;
    int64_t u = 0;
    cosem_datetime_clear(&t);
    t.year = y;
    t.month = mo;
    t.day = d;
    t.hour = h;
    t.minute = mi;
    t.second = s;
    t.deviation = 0;
    ck_assert_int_eq(cosem_datetime_to_utc(&t, &u), COSEM_OK);
    return u;
}

/* A DST rule: month, day (or 0xFE / 0xFD), day of week (or 0xFF), hour. */
static cosem_datetime_t rule(uint8_t month, uint8_t day, uint8_t dow, uint8_t hour)
{
    cosem_datetime_t t;
    cosem_datetime_clear(&t);
    t.month = month;
    t.day = day;
    t.day_of_week = dow;
    t.hour = hour;
    t.minute = 0;
    t.second = 0;
    t.hundredths = 0;
    return t;
}

/* Central European time: UTC+1, DST last Sunday of March 02:00 normal time
 * to last Sunday of October 03:00 DST time (the EU rule). */
static void cet(cosem_clock_state_t *st)
{
    memset(st, 0, sizeof *st);
    st->time_zone = -60;
    st->dst_begin = rule(3, COSEM_DT_DAY_LAST, 7, 2);
    st->dst_end = rule(10, COSEM_DT_DAY_LAST, 7, 3);
    st->dst_deviation = 60;
    st->dst_enabled = true;
}

static void setup(void)
{
    memset(&rtc, 0, sizeof rtc);
    rtc.utc = utc_of(2024, 1, 15, 11, 30, 0);
    memset(&events, 0, sizeof events);
    cet(&cst);
    cet(&cst2);
    fx_server_init(objects, 2, assoc_cfg, 1, &port, 512);
}

static void teardown(void)
{
}

/* ---- direct calls ------------------------------------------------------------- */

/* The clock's time attribute at UTC instant @p utc. */
static const char *time_at(int64_t utc)
{
    rtc.utc = utc;
    return get_ok(CLOCK, 2);
}

/* SET of the clock's time (hex value) that must succeed and leave the RTC
 * at UTC instant @p utc. */
static void set_time_ok(const char *hex, int64_t utc)
{
    ck_assert_msg(set(CLOCK, 2, hex) == COSEM_DAR_SUCCESS, "set %s", hex);
    ck_assert_msg(rtc.utc == utc, "set %s: utc %lld, want %lld", hex, (long long)rtc.utc,
                  (long long)utc);
}

/* Encodes a date-time to hex (12 octets, no tag). */
static const char *dt_hex(const cosem_datetime_t *t)
{
    uint8_t b[12];
    cosem_datetime_encode(t, b);
    return tu_hexstr(b, 12);
}

/* ---- attributes ----------------------------------------------------------------- */

START_TEST(test_static_attributes)
{
    /* Gurux.DLMS.Python 1.0.197: time_zone -60 = 10 FF C4, deviation 60 =
     * 0F 3C, enabled = 03 01, clock_base crystal = 16 01. */
    ck_assert_str_eq(get_ok(CLOCK, 3), "10 FF C4");
    ck_assert_str_eq(get_ok(CLOCK, 7), "0F 3C");
    ck_assert_str_eq(get_ok(CLOCK, 8), "03 01");
    ck_assert_str_eq(get_ok(CLOCK, 9), "16 01");
    ck_assert_str_eq(get_ok(CLOCK_RO, 9), "16 04");
    /* DST rules: octet-string(12), year not specified, month 3 / 10, day
     * 0xFE (last) with day of week 7: the last Sunday. */
    ck_assert_str_eq(get_ok(CLOCK, 5), "09 0C FF FF 03 FE 07 02 00 00 00 80 00 FF");
    ck_assert_str_eq(get_ok(CLOCK, 6), "09 0C FF FF 0A FE 07 03 00 00 00 80 00 FF");
    /* Descriptor: class 8 version 0, 9 attributes, 6 methods. */
    ck_assert_uint_eq(cosem_class_clock.class_id, 8u);
    ck_assert_uint_eq(cosem_class_clock.version, 0u);
    ck_assert_uint_eq(cosem_class_clock.attr_count, 9u);
    ck_assert_uint_eq(cosem_class_clock.method_count, 6u);
}
END_TEST

START_TEST(test_time_winter_summer)
{
    /* 2024-01-15 11:30:00Z = 12:30 CET, deviation -60 (FF C4), status 0.
     * Gurux.DLMS.Python 1.0.197 encodes the same instant as
     * 09 0C 07 E8 01 0F FF 0C 1E 00 00 FF C4 00: identical but for the day
     * of week, which it leaves not specified (we send Monday, 01). */
    ck_assert_str_eq(time_at(utc_of(2024, 1, 15, 11, 30, 0)),
                     "09 0C 07 E8 01 0F 01 0C 1E 00 00 FF C4 00");
    ck_assert_str_eq(get_ok(CLOCK, 4), "11 00");
    /* 2024-07-01 10:00Z = 12:00 CEST, deviation -120 (FF 88), status DST (80). */
    ck_assert_str_eq(time_at(utc_of(2024, 7, 1, 10, 0, 0)),
                     "09 0C 07 E8 07 01 01 0C 00 00 00 FF 88 80");
    ck_assert_str_eq(get_ok(CLOCK, 4), "11 80");
    /* Hundredths and the port's other status bits pass through. */
    rtc.hundredths = 42;
    rtc.status = COSEM_CLOCK_STATUS_DOUBTFUL;
    ck_assert_str_eq(get_ok(CLOCK, 2), "09 0C 07 E8 07 01 01 0C 00 00 2A FF 88 82");
    /* No time from the port: everything not specified, status invalid. */
    rtc.fail_get = true;
    ck_assert_str_eq(get_ok(CLOCK, 2), "09 0C FF FF FF FF FF FF FF FF FF 80 00 01");
    ck_assert_str_eq(get_ok(CLOCK, 4), "11 01");
}
END_TEST

START_TEST(test_dst_transitions_eu)
{
    /* 2024: last Sunday of March is the 31st; 02:00 CET = 01:00Z. The
     * instant before: 01:59:59 CET; at it: 03:00:00 CEST. Gurux.DLMS.Python
     * 1.0.197 encodes 03:00 CEST as 09 0C 07 E8 03 1F FF 03 00 00 00 FF 88 80
     * (day of week not specified; ours is Sunday, 07). */
    ck_assert_str_eq(time_at(utc_of(2024, 3, 31, 0, 59, 59)),
                     "09 0C 07 E8 03 1F 07 01 3B 3B 00 FF C4 00");
    ck_assert_str_eq(time_at(utc_of(2024, 3, 31, 1, 0, 0)),
                     "09 0C 07 E8 03 1F 07 03 00 00 00 FF 88 80");
    /* Last Sunday of October 2024 is the 27th; 03:00 CEST = 01:00Z. */
    ck_assert_str_eq(time_at(utc_of(2024, 10, 27, 0, 59, 59)),
                     "09 0C 07 E8 0A 1B 07 02 3B 3B 00 FF 88 80");
    ck_assert_str_eq(time_at(utc_of(2024, 10, 27, 1, 0, 0)),
                     "09 0C 07 E8 0A 1B 07 02 00 00 00 FF C4 00");
    /* 2025: 30 March and 26 October. */
    ck_assert_str_eq(time_at(utc_of(2025, 3, 30, 1, 0, 0)),
                     "09 0C 07 E9 03 1E 07 03 00 00 00 FF 88 80");
    ck_assert_str_eq(time_at(utc_of(2025, 10, 26, 1, 0, 0)),
                     "09 0C 07 E9 0A 1A 07 02 00 00 00 FF C4 00");
    /* DST disabled: normal time all year. */
    ck_assert_int_eq(set(CLOCK, 8, "03 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(time_at(utc_of(2024, 7, 1, 10, 0, 0)),
                     "09 0C 07 E8 07 01 01 0B 00 00 00 FF C4 00");
}
END_TEST

START_TEST(test_dst_events_from_tick)
{
    int64_t begin = utc_of(2024, 3, 31, 1, 0, 0), end = utc_of(2024, 10, 27, 1, 0, 0);
    /* The first tick only learns the state. */
    cosem_class_clock.tick(&server, CLOCK, begin - 2);
    cosem_class_clock.tick(&server, CLOCK, begin - 1);
    ck_assert_int_eq(events.n, 0);
    cosem_class_clock.tick(&server, CLOCK, begin);
    ck_assert_int_eq(events.n, 1);
    ck_assert_int_eq(events.ev, COSEM_CLOCK_DST_BEGIN);
    ck_assert_ptr_eq(events.s, &server);
    /* Same instant in the old and the new deviation. */
    ck_assert_str_eq(dt_hex(&events.before), "07 E8 03 1F 07 02 00 00 00 FF C4 00");
    ck_assert_str_eq(dt_hex(&events.after), "07 E8 03 1F 07 03 00 00 00 FF 88 80");
    cosem_class_clock.tick(&server, CLOCK, begin + 1);
    cosem_class_clock.tick(&server, CLOCK, -1); /* invalid clock: ignored */
    cosem_class_clock.tick(&server, CLOCK, end - 1);
    ck_assert_int_eq(events.n, 1);
    cosem_class_clock.tick(&server, CLOCK, end);
    ck_assert_int_eq(events.n, 2);
    ck_assert_int_eq(events.ev, COSEM_CLOCK_DST_END);
    ck_assert_str_eq(dt_hex(&events.before), "07 E8 0A 1B 07 03 00 00 00 FF 88 80");
    ck_assert_str_eq(dt_hex(&events.after), "07 E8 0A 1B 07 02 00 00 00 FF C4 00");
    /* Through the server's tick (port time) too. */
    rtc.utc = begin + 3600;
    cosem_server_tick(&server);
    ck_assert_int_eq(events.n, 3);
    ck_assert_int_eq(events.ev, COSEM_CLOCK_DST_BEGIN);
}
END_TEST

/* Whether DST is in force at @p utc under state @p st. */
static bool dst_at(const cosem_clock_state_t *st, int64_t utc)
{
    cosem_datetime_t t;
    ck_assert_int_eq(cosem_clock_local(st, utc, 0, &t), COSEM_OK);
    return (t.status & COSEM_CLOCK_STATUS_DST) != 0u;
}

START_TEST(test_dst_rules_wildcards)
{
    cosem_clock_state_t us, au, st;
    /* US Eastern: UTC-5 (deviation +300); second Sunday of March (Sunday on
     * or after the 8th) 02:00 EST = 07:00Z, first Sunday of November
     * (Sunday on or after the 1st) 02:00 EDT = 06:00Z. 2024: 10 March, 3 Nov. */
    memset(&us, 0, sizeof us);
    us.time_zone = 300;
    us.dst_begin = rule(3, 8, 7, 2);
    us.dst_end = rule(11, 1, 7, 2);
    us.dst_deviation = 60;
    us.dst_enabled = true;
    ck_assert(!dst_at(&us, utc_of(2024, 3, 10, 6, 59, 59)));
    ck_assert(dst_at(&us, utc_of(2024, 3, 10, 7, 0, 0)));
    ck_assert(dst_at(&us, utc_of(2024, 11, 3, 5, 59, 59)));
    ck_assert(!dst_at(&us, utc_of(2024, 11, 3, 6, 0, 0)));
    /* Southern hemisphere (Sydney): UTC+10, DST from the first Sunday of
     * October 02:00 to the first Sunday of April 03:00 DST time: begin
     * after end in the year, DST spans the new year. 2024: 7 April 16:00Z
     * (03:00 AEDT) and 6 October 16:00Z (02:00 AEST). */
    memset(&au, 0, sizeof au);
    au.time_zone = -600;
    au.dst_begin = rule(10, 1, 7, 2);
    au.dst_end = rule(4, 1, 7, 3);
    au.dst_deviation = 60;
    au.dst_enabled = true;
    ck_assert(dst_at(&au, utc_of(2024, 1, 15, 0, 0, 0)));
    ck_assert(dst_at(&au, utc_of(2024, 4, 6, 15, 59, 59)));
    ck_assert(!dst_at(&au, utc_of(2024, 4, 6, 16, 0, 0)));
    ck_assert(!dst_at(&au, utc_of(2024, 7, 1, 0, 0, 0)));
    ck_assert(!dst_at(&au, utc_of(2024, 10, 5, 15, 59, 59)));
    ck_assert(dst_at(&au, utc_of(2024, 10, 5, 16, 0, 0)));
    ck_assert(dst_at(&au, utc_of(2024, 12, 31, 23, 0, 0)));
    /* Second last Sunday of March 2024 (0xFD with weekday) = the 24th; the
     * second last day (0xFD, any weekday) of October = the 30th. */
    cet(&st);
    st.dst_begin = rule(3, COSEM_DT_DAY_2ND_LAST, 7, 2);
    st.dst_end = rule(10, COSEM_DT_DAY_2ND_LAST, COSEM_DT_NS, 3);
    ck_assert(!dst_at(&st, utc_of(2024, 3, 24, 0, 59, 59)));
    ck_assert(dst_at(&st, utc_of(2024, 3, 24, 1, 0, 0)));
    ck_assert(dst_at(&st, utc_of(2024, 10, 30, 0, 59, 59)));
    ck_assert(!dst_at(&st, utc_of(2024, 10, 30, 1, 0, 0)));
    /* Last day of the month, any weekday: 29 February 2024 (leap year). */
    st.dst_begin = rule(2, COSEM_DT_DAY_LAST, COSEM_DT_NS, 0);
    ck_assert(!dst_at(&st, utc_of(2024, 2, 28, 22, 59, 59)));
    ck_assert(dst_at(&st, utc_of(2024, 2, 28, 23, 0, 0)));
    /* A fixed date with hour not specified (midnight CET): 1 April. */
    st.dst_begin = rule(4, 1, COSEM_DT_NS, COSEM_DT_NS);
    ck_assert(!dst_at(&st, utc_of(2024, 3, 31, 22, 59, 59)));
    ck_assert(dst_at(&st, utc_of(2024, 3, 31, 23, 0, 0)));
    /* A rule for 2024 only: no DST in 2025. */
    st.dst_begin = rule(3, COSEM_DT_DAY_LAST, 7, 2);
    st.dst_begin.year = 2024;
    ck_assert(dst_at(&st, utc_of(2024, 7, 1, 0, 0, 0)));
    ck_assert(!dst_at(&st, utc_of(2025, 7, 1, 0, 0, 0)));
    /* Rules that name no day give no DST: day not specified, a 31st of
     * April, a bad weekday, month not specified. */
    st.dst_begin = rule(3, COSEM_DT_NS, 7, 2);
    ck_assert(!dst_at(&st, utc_of(2024, 7, 1, 0, 0, 0)));
    st.dst_begin = rule(4, 31, COSEM_DT_NS, 2);
    ck_assert(!dst_at(&st, utc_of(2024, 7, 1, 0, 0, 0)));
    st.dst_begin = rule(3, COSEM_DT_DAY_LAST, 9, 2);
    ck_assert(!dst_at(&st, utc_of(2024, 7, 1, 0, 0, 0)));
    st.dst_begin = rule(COSEM_DT_NS, 1, COSEM_DT_NS, 2);
    ck_assert(!dst_at(&st, utc_of(2024, 7, 1, 0, 0, 0)));
    /* The 29th with a weekday that falls past the month's end: no day. */
    st.dst_begin = rule(2, 29, 1, 2); /* Monday on/after Thu 29 Feb 2024 */
    ck_assert(!dst_at(&st, utc_of(2024, 7, 1, 0, 0, 0)));
    ck_assert_int_eq(cosem_clock_local(NULL, 0, 0, NULL), COSEM_E_ARG);
}
END_TEST

/* ---- setting the time --------------------------------------------------------- */

START_TEST(test_set_time_complete)
{
    int64_t old = rtc.utc;
    /* 2024-05-20 10:00:00 with deviation -60 (UTC+1) = 09:00Z, shown in
     * CEST as 11:00 with deviation -120 and the DST bit. */
    set_time_ok("09 0C 07 E8 05 14 FF 0A 00 00 00 FF C4 00", utc_of(2024, 5, 20, 9, 0, 0));
    ck_assert_int_eq(rtc.sets, 1);
    ck_assert_str_eq(dt_hex(&rtc.last_set), "07 E8 05 14 01 0B 00 00 00 FF 88 80");
    ck_assert_str_eq(get_ok(CLOCK, 2), "09 0C 07 E8 05 14 01 0B 00 00 00 FF 88 80");
    /* The application hears of it with the local times before and after. */
    ck_assert_int_eq(events.n, 1);
    ck_assert_int_eq(events.ev, COSEM_CLOCK_TIME_SET);
    ck_assert_ptr_eq(events.s, &server);
    ck_assert_str_eq(dt_hex(&events.before), "07 E8 01 0F 01 0C 1E 00 00 FF C4 00");
    ck_assert_str_eq(dt_hex(&events.after), "07 E8 05 14 01 0B 00 00 00 FF 88 80");
    (void)old;
    /* Deviation not specified: the meter's local time (CEST in May). */
    set_time_ok("09 0C 07 E8 05 14 FF 0A 00 00 00 80 00 FF", utc_of(2024, 5, 20, 8, 0, 0));
    /* Local time in winter: CET. */
    set_time_ok("09 0C 07 E8 01 14 FF 0A 00 00 00 80 00 FF", utc_of(2024, 1, 20, 9, 0, 0));
    /* Day of week and status are ignored (Wednesday or even 8 for a Monday,
     * status invalid); the date-time tag 0x19 is accepted like
     * octet-string(12). */
    set_time_ok("09 0C 07 E8 05 14 03 0A 00 00 00 FF C4 01", utc_of(2024, 5, 20, 9, 0, 0));
    set_time_ok("09 0C 07 E8 05 14 08 0A 00 01 00 FF C4 00", utc_of(2024, 5, 20, 9, 0, 1));
    set_time_ok("19 07 E8 05 14 FF 0A 00 05 00 00 00 00", utc_of(2024, 5, 20, 10, 0, 5));
    ck_assert_int_eq(events.n, 6);
}
END_TEST

START_TEST(test_set_time_not_specified_fields)
{
    /* Now 2024-01-15 12:30:00.00 CET. Only the hour: 08 -> 08:30:00 CET. */
    set_time_ok("09 0C FF FF FF FF FF 08 FF FF FF 80 00 FF", utc_of(2024, 1, 15, 7, 30, 0));
    /* Only the date: 2024-01-20, time kept (08:30:00 CET). */
    set_time_ok("09 0C 07 E8 01 14 FF FF FF FF FF 80 00 FF", utc_of(2024, 1, 20, 7, 30, 0));
    /* Fields kept in the request's deviation: minute 0 at UTC (dev 0),
     * now 07:30Z -> 07:00Z. */
    set_time_ok("09 0C FF FF FF FF FF FF 00 FF FF 00 00 FF", utc_of(2024, 1, 20, 7, 0, 0));
    /* Day 31 while the current month is February: no such date. */
    rtc.utc = utc_of(2024, 2, 10, 12, 0, 0);
    ck_assert_int_eq(set(CLOCK, 2, "09 0C FF FF FF 1F FF FF FF FF FF 80 00 FF"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert(rtc.utc == utc_of(2024, 2, 10, 12, 0, 0));
    /* Without a valid current time, only a complete time can be set. */
    rtc.fail_get = true;
    ck_assert_int_eq(set(CLOCK, 2, "09 0C FF FF FF FF FF 08 FF FF FF 80 00 FF"),
                     COSEM_DAR_OTHER_REASON);
    set_time_ok("09 0C 07 E8 05 14 FF 0A 00 00 FF FF C4 00", utc_of(2024, 5, 20, 9, 0, 0));
    ck_assert_uint_eq(rtc.hundredths, 0u);
}
END_TEST

START_TEST(test_set_time_dst_edges)
{
    /* A local time that occurs twice (02:30 on 27 October 2024) without
     * deviation is read as DST: 00:30Z. */
    set_time_ok("09 0C 07 E8 0A 1B FF 02 1E 00 00 80 00 FF", utc_of(2024, 10, 27, 0, 30, 0));
    /* With the deviation given, the second occurrence: 01:30Z. */
    set_time_ok("09 0C 07 E8 0A 1B FF 02 1E 00 00 FF C4 00", utc_of(2024, 10, 27, 1, 30, 0));
    /* A local time that does not occur (02:30 on 31 March 2024) is read as
     * normal time: 01:30Z, which the clock shows as 03:30 CEST. */
    set_time_ok("09 0C 07 E8 03 1F FF 02 1E 00 00 80 00 FF", utc_of(2024, 3, 31, 1, 30, 0));
    ck_assert_str_eq(get_ok(CLOCK, 2), "09 0C 07 E8 03 1F 07 03 1E 00 00 FF 88 80");
}
END_TEST

START_TEST(test_set_time_invalid)
{
    static const char *const bad[] = {
        "09 0C 07 E8 0D 14 FF 0A 00 00 00 FF C4 00", /* month 13 */
        "09 0C 07 E8 00 14 FF 0A 00 00 00 FF C4 00", /* month 0 */
        "09 0C 07 E8 05 20 FF 0A 00 00 00 FF C4 00", /* day 32 */
        "09 0C 07 E8 05 00 FF 0A 00 00 00 FF C4 00", /* day 0 */
        "09 0C 07 E7 02 1D FF 0A 00 00 00 FF C4 00", /* 29 February 2023 */
        "09 0C 07 E8 04 1F FF 0A 00 00 00 FF C4 00", /* 31 April */
        "09 0C 07 E8 05 14 FF 18 00 00 00 FF C4 00", /* hour 24 */
        "09 0C 07 E8 05 14 FF 0A 3C 00 00 FF C4 00", /* minute 60 */
        "09 0C 07 E8 05 14 FF 0A 00 3C 00 FF C4 00", /* second 60 */
        "09 0C 07 E8 05 14 FF 0A 00 00 64 FF C4 00", /* hundredths 100 */
        "09 0C 07 E8 05 14 FF 0A 00 00 00 02 D1 00", /* deviation 721 */
        "09 0C 07 E8 05 14 FF 0A 00 00 00 FD 2F 00", /* deviation -721 */
        "09 0C 07 E8 FE 14 FF 0A 00 00 00 FF C4 00", /* month: DST begin */
        "09 0C 07 E8 FD 14 FF 0A 00 00 00 FF C4 00", /* month: DST end */
        "09 0C 07 E8 05 FE FF 0A 00 00 00 FF C4 00", /* day: last */
        "09 0C 07 E8 05 FD FF 0A 00 00 00 FF C4 00", /* day: second last */
        "09 0C 07 E8 05 E0 FF 0A 00 00 00 FF C4 00", /* day: reserved */
        "09 0C 27 10 05 14 FF 0A 00 00 00 FF C4 00", /* year 10000 */
    };
    static const char *const wrong_type[] = {
        "09 0B 07 E8 05 14 FF 0A 00 00 00 FF C4",       /* octet-string(11) */
        "09 0D 07 E8 05 14 FF 0A 00 00 00 FF C4 00 00", /* octet-string(13) */
        "06 00 00 00 00",                               /* double-long-unsigned */
        "0A 0C 07 E8 05 14 FF 0A 00 00 00 FF C4 00",    /* visible-string */
        "09 0C 07 E8 05 14 FF 0A 00",                   /* truncated */
        "",
    };
    int64_t before = rtc.utc;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(set(CLOCK, 2, bad[i]) == COSEM_DAR_OTHER_REASON, "bad[%u]", (unsigned)i);
    }
    for (size_t i = 0; i < sizeof wrong_type / sizeof wrong_type[0]; i++) {
        ck_assert_msg(set(CLOCK, 2, wrong_type[i]) == COSEM_DAR_TYPE_UNMATCHED, "type[%u]",
                      (unsigned)i);
    }
    ck_assert(rtc.utc == before);
    ck_assert_int_eq(rtc.sets, 0);
    ck_assert_int_eq(events.n, 0);
}
END_TEST

START_TEST(test_set_time_port_errors)
{
    /* A port without time_set refuses: read-write-denied; no event. */
    ck_assert_int_eq(set(CLOCK_RO, 2, "09 0C 07 E8 05 14 FF 0A 00 00 00 FF C4 00"),
                     COSEM_DAR_READ_WRITE_DENIED);
    /* The port's errors: range -> other-reason, I/O -> hardware-fault. */
    rtc.set_result = COSEM_E_RANGE;
    ck_assert_int_eq(set(CLOCK, 2, "09 0C 07 E8 05 14 FF 0A 00 00 00 FF C4 00"),
                     COSEM_DAR_OTHER_REASON);
    rtc.set_result = COSEM_E_IO;
    ck_assert_int_eq(set(CLOCK, 2, "09 0C 07 E8 05 14 FF 0A 00 00 00 FF C4 00"),
                     COSEM_DAR_HARDWARE_FAULT);
    ck_assert_int_eq(events.n, 0);
    /* A clock with its own port reads it even without a server. */
    {
        cosem_req_t r = req(CLOCK_RO, COSEM_SERVICE_GET, 2);
        cosem_axdr_writer_t w;
        r.server = NULL;
        cosem_axdr_writer_init(&w, out, sizeof out);
        ck_assert_int_eq(cosem_class_clock.get(&r, &w), COSEM_DAR_SUCCESS);
        ck_assert_str_eq(tu_hexstr(out, cosem_axdr_writer_len(&w)),
                         "09 0C 07 E8 01 0F 01 0C 1E 00 00 FF C4 00");
    }
}
END_TEST

/* ---- other attributes ----------------------------------------------------------- */

START_TEST(test_set_zone_and_rules)
{
    /* time_zone: long, -720..720. */
    ck_assert_int_eq(set(CLOCK, 3, "10 00 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(CLOCK, 3), "10 00 00");
    ck_assert_str_eq(time_at(utc_of(2024, 1, 15, 11, 30, 0)),
                     "09 0C 07 E8 01 0F 01 0B 1E 00 00 00 00 00");
    ck_assert_int_eq(set(CLOCK, 3, "10 02 D0"), COSEM_DAR_SUCCESS); /* 720 */
    ck_assert_int_eq(set(CLOCK, 3, "10 02 D1"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(CLOCK, 3, "10 FD 2F"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(CLOCK, 3, "0F C4"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(CLOCK, 3, "10 FF C4"), COSEM_DAR_SUCCESS);
    /* DST rules: date-times with wildcards; not the DST months. */
    ck_assert_int_eq(set(CLOCK, 5, "09 0C FF FF 04 01 FF 02 00 00 00 80 00 FF"),
                     COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(CLOCK, 5), "09 0C FF FF 04 01 FF 02 00 00 00 80 00 FF");
    ck_assert_int_eq(set(CLOCK, 6, "09 0C FF FF FE 01 FF 02 00 00 00 80 00 FF"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(CLOCK, 6, "09 0C FF FF 0A 01 FF 19 00 00 00 80 00 FF"),
                     COSEM_DAR_OTHER_REASON); /* hour 25 */
    ck_assert_int_eq(set(CLOCK, 6, "09 0B FF FF 0A 01 FF 02 00 00 00 80 00"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(CLOCK, 6, "09 0C FF FF 0A FE 07 03 00 00 00 80 00 FF"),
                     COSEM_DAR_SUCCESS);
    /* dst_deviation: integer, -120..120; dst_enabled: boolean. */
    ck_assert_int_eq(set(CLOCK, 7, "0F 78"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(CLOCK, 7), "0F 78");
    ck_assert_int_eq(set(CLOCK, 7, "0F 79"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(CLOCK, 7, "0F 87"), COSEM_DAR_OTHER_REASON); /* -121 */
    ck_assert_int_eq(set(CLOCK, 7, "0F 88"), COSEM_DAR_SUCCESS);      /* -120 */
    ck_assert_int_eq(set(CLOCK, 7, "10 00 3C"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(CLOCK, 8, "03 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(CLOCK, 8), "03 00");
    ck_assert_int_eq(set(CLOCK, 8, "11 00"), COSEM_DAR_TYPE_UNMATCHED);
    /* status and clock_base are the meter's. */
    ck_assert_int_eq(set(CLOCK, 4, "11 00"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(set(CLOCK, 9, "16 02"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(set(CLOCK, 10, "16 02"), COSEM_DAR_OBJECT_UNDEFINED);
}
END_TEST

/* ---- methods ------------------------------------------------------------------ */

START_TEST(test_adjust_methods)
{
    /* adjust_to_quarter (1): 12:07:29 CET -> 12:00, 12:07:30 -> 12:15. */
    rtc.utc = utc_of(2024, 1, 15, 11, 7, 29);
    rtc.hundredths = 50;
    ck_assert_int_eq(act(CLOCK, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert(rtc.utc == utc_of(2024, 1, 15, 11, 0, 0));
    ck_assert_uint_eq(rtc.hundredths, 0u);
    rtc.utc = utc_of(2024, 1, 15, 11, 7, 30);
    ck_assert_int_eq(act(CLOCK, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert(rtc.utc == utc_of(2024, 1, 15, 11, 15, 0));
    /* 23:59:00 rounds into the next day. */
    rtc.utc = utc_of(2024, 1, 15, 22, 59, 0);
    ck_assert_int_eq(act(CLOCK, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert(rtc.utc == utc_of(2024, 1, 15, 23, 0, 0));
    ck_assert_str_eq(get_ok(CLOCK, 2), "09 0C 07 E8 01 10 02 00 00 00 00 FF C4 00");
    /* adjust_to_measuring_period (2), 900 s here. */
    rtc.utc = utc_of(2024, 1, 15, 11, 22, 31);
    ck_assert_int_eq(act(CLOCK, 2, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert(rtc.utc == utc_of(2024, 1, 15, 11, 30, 0));
    ck_assert_int_eq(act(CLOCK_RO, 2, "0F 00"), COSEM_DAR_READ_WRITE_DENIED);
    /* adjust_to_minute (3): :29 down, :30 up. */
    rtc.utc = utc_of(2024, 1, 15, 11, 7, 29);
    ck_assert_int_eq(act(CLOCK, 3, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert(rtc.utc == utc_of(2024, 1, 15, 11, 7, 0));
    rtc.utc = utc_of(2024, 1, 15, 11, 7, 30);
    ck_assert_int_eq(act(CLOCK, 3, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert(rtc.utc == utc_of(2024, 1, 15, 11, 8, 0));
    ck_assert_int_eq(events.n, 6);
    ck_assert_int_eq(events.ev, COSEM_CLOCK_TIME_SET);
    /* Parameters: integer(0) or none; others refused. */
    ck_assert_int_eq(act(CLOCK, 3, "00"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(CLOCK, 3, "0F 01"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(CLOCK, 1, "10 00 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(act(CLOCK, 7, "0F 00"), COSEM_DAR_OBJECT_UNDEFINED);
    /* No valid time: nothing to round. */
    rtc.fail_get = true;
    ck_assert_int_eq(act(CLOCK, 1, "0F 00"), COSEM_DAR_OTHER_REASON);
}
END_TEST

START_TEST(test_shift_time)
{
    int64_t t0 = rtc.utc;
    rtc.hundredths = 25;
    /* shift_time (6): long seconds, -900..900; hundredths kept. */
    ck_assert_int_eq(act(CLOCK, 6, "10 00 3C"), COSEM_DAR_SUCCESS);
    ck_assert(rtc.utc == t0 + 60);
    ck_assert_uint_eq(rtc.hundredths, 25u);
    ck_assert_int_eq(act(CLOCK, 6, "10 FC 7C"), COSEM_DAR_SUCCESS); /* -900 */
    ck_assert(rtc.utc == t0 - 840);
    ck_assert_int_eq(act(CLOCK, 6, "10 03 84"), COSEM_DAR_SUCCESS); /* 900 */
    ck_assert(rtc.utc == t0 + 60);
    ck_assert_int_eq(act(CLOCK, 6, "10 03 85"), COSEM_DAR_OTHER_REASON); /* 901 */
    ck_assert_int_eq(act(CLOCK, 6, "10 FC 7B"), COSEM_DAR_OTHER_REASON); /* -901 */
    ck_assert_int_eq(act(CLOCK, 6, "0F 3C"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(act(CLOCK, 6, "00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert(rtc.utc == t0 + 60);
    ck_assert_int_eq(events.n, 3);
    rtc.fail_get = true;
    ck_assert_int_eq(act(CLOCK, 6, "10 00 3C"), COSEM_DAR_OTHER_REASON);
}
END_TEST

START_TEST(test_preset_time)
{
    /* preset_adjusting_time (5): {preset 13:00:00 (date not specified),
     * valid from 2024-01-15 12:00:00 to 12:45:00 local}; now 12:30 CET. */
    const char *preset =
        "02 03 09 0C FF FF FF FF FF 0D 00 00 00 80 00 FF "
        "09 0C 07 E8 01 0F FF 0C 00 00 00 80 00 FF 09 0C 07 E8 01 0F FF 0C 2D 00 00 80 00 FF";
    /* adjust_to_preset_time (4) before a preset: refused. */
    ck_assert_int_eq(act(CLOCK, 4, "0F 00"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(CLOCK, 5, preset), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(rtc.sets, 0);
    ck_assert_int_eq(act(CLOCK, 4, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert(rtc.utc == utc_of(2024, 1, 15, 12, 0, 0));
    ck_assert_int_eq(events.n, 1);
    /* Used once. */
    ck_assert_int_eq(act(CLOCK, 4, "0F 00"), COSEM_DAR_OTHER_REASON);
    /* Outside the validity interval: refused, the preset stays. */
    ck_assert_int_eq(act(CLOCK, 5, preset), COSEM_DAR_SUCCESS);
    rtc.utc = utc_of(2024, 1, 15, 11, 45, 1); /* 12:45:01 CET */
    ck_assert_int_eq(act(CLOCK, 4, "0F 00"), COSEM_DAR_OTHER_REASON);
    rtc.utc = utc_of(2024, 1, 15, 11, 45, 0); /* 12:45:00: the bound is inside */
    ck_assert_int_eq(act(CLOCK, 4, "0F 00"), COSEM_DAR_SUCCESS);
    /* Malformed parameters. */
    ck_assert_int_eq(act(CLOCK, 5, "02 02 09 0C FF FF FF FF FF 0D 00 00 00 80 00 FF "
                                   "09 0C 07 E8 01 0F FF 0C 00 00 00 80 00 FF"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(act(CLOCK, 5, "01 03 09 0C FF FF FF FF FF 0D 00 00 00 80 00 FF "
                                   "09 0C 07 E8 01 0F FF 0C 00 00 00 80 00 FF "
                                   "09 0C 07 E8 01 0F FF 0C 2D 00 00 80 00 FF"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(act(CLOCK, 5, "02 03 09 0C FF FF FF FF FF 0D 00 00 00 80 00 FF "
                                   "06 00 00 00 00 09 0C 07 E8 01 0F FF 0C 2D 00 00 80 00 FF"),
                     COSEM_DAR_TYPE_UNMATCHED);
    /* Bounds must be complete, in order; the preset in range. */
    ck_assert_int_eq(act(CLOCK, 5, "02 03 09 0C FF FF FF FF FF 0D 00 00 00 80 00 FF "
                                   "09 0C 07 E8 01 0F FF 0C 2D 00 00 80 00 FF "
                                   "09 0C 07 E8 01 0F FF 0C 00 00 00 80 00 FF"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(CLOCK, 5, "02 03 09 0C FF FF FF FF FF 0D 00 00 00 80 00 FF "
                                   "09 0C FF FF 01 0F FF 0C 00 00 00 80 00 FF "
                                   "09 0C 07 E8 01 0F FF 0C 2D 00 00 80 00 FF"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(CLOCK, 5, "02 03 09 0C FF FF FF FF FF 18 00 00 00 80 00 FF "
                                   "09 0C 07 E8 01 0F FF 0C 00 00 00 80 00 FF "
                                   "09 0C 07 E8 01 0F FF 0C 2D 00 00 80 00 FF"),
                     COSEM_DAR_OTHER_REASON);
}
END_TEST

/* ---- through the server ------------------------------------------------------- */

START_TEST(test_server_clock)
{
    associate();
    /* GET 0-0:1.0.0*255 attribute 2 (the request of the capture
     * tests/vectors/dlmscosem-client_guruxc-server_wrapper_noauth.txt line
     * 7): get-response-normal with octet-string(12). */
    ck_assert_str_eq(xchg("C0 01 C1 00 08 00 00 01 00 00 FF 02 00"),
                     "C4 01 C1 00 09 0C 07 E8 01 0F 01 0C 1E 00 00 FF C4 00");
    /* SET time: 2024-05-20 10:00:00 UTC+1 -> success. */
    ck_assert_str_eq(xchg("C1 01 C1 00 08 00 00 01 00 00 FF 02 00 "
                          "09 0C 07 E8 05 14 FF 0A 00 00 00 FF C4 00"),
                     "C5 01 C1 00");
    ck_assert(rtc.utc == utc_of(2024, 5, 20, 9, 0, 0));
    ck_assert_int_eq(events.n, 1);
    ck_assert_str_eq(xchg("C1 01 C1 00 08 00 00 01 00 00 FF 02 00 "
                          "09 0C 07 E8 0D 14 FF 0A 00 00 00 FF C4 00"),
                     "C5 01 C1 FA");
    /* ACTION shift_time +60 s. */
    ck_assert_str_eq(xchg("C3 01 C1 00 08 00 00 01 00 00 FF 06 01 10 00 3C"), "C7 01 C1 00 00");
    ck_assert(rtc.utc == utc_of(2024, 5, 20, 9, 1, 0));
    ck_assert_str_eq(xchg("C0 01 C1 00 08 00 00 01 00 00 FF 02 00"),
                     "C4 01 C1 00 09 0C 07 E8 05 14 01 0B 01 00 00 FF 88 80");
    /* Read-only status. */
    ck_assert_str_eq(xchg("C1 01 C1 00 08 00 00 01 00 00 FF 04 00 11 00"), "C5 01 C1 03");
}
END_TEST

/* Issue #14 finding 5: a persisted Clock state is checked field by field
 * before use; a refused one leaves the state as it was. */
START_TEST(test_state_load)
{
    cosem_clock_state_t good, st;
    uint8_t raw[sizeof(cosem_clock_state_t)];
    memset(&good, 0, sizeof good);
    good.time_zone = -60;
    good.dst_deviation = 60;
    good.dst_enabled = true;
    memcpy(raw, &good, sizeof raw);
    ck_assert_int_eq(cosem_clock_state_load(&st, raw, sizeof raw), COSEM_OK);
    ck_assert_int_eq(st.time_zone, -60);
    ck_assert(st.dst_enabled);
    ck_assert_int_eq(cosem_clock_state_load(&st, raw, sizeof raw - 1u), COSEM_E_MALFORMED);
    raw[offsetof(cosem_clock_state_t, dst_enabled)] = 2; /* UBSan: invalid bool */
    memset(&st, 0x11, sizeof st);
    ck_assert_int_eq(cosem_clock_state_load(&st, raw, sizeof raw), COSEM_E_MALFORMED);
    ck_assert_uint_eq(((uint8_t *)&st)[0], 0x11);
    memcpy(raw, &good, sizeof raw);
    raw[offsetof(cosem_clock_state_t, dst_deviation)] = (uint8_t)121;
    ck_assert_int_eq(cosem_clock_state_load(&st, raw, sizeof raw), COSEM_E_MALFORMED);
    memcpy(raw, &good, sizeof raw);
    good.time_zone = 721;
    memcpy(raw, &good, sizeof raw);
    ck_assert_int_eq(cosem_clock_state_load(&st, raw, sizeof raw), COSEM_E_MALFORMED);
    good.time_zone = COSEM_DT_DEVIATION_NS;
    memcpy(raw, &good, sizeof raw);
    ck_assert_int_eq(cosem_clock_state_load(&st, raw, sizeof raw), COSEM_OK);
    ck_assert_int_eq(cosem_clock_state_load(NULL, raw, sizeof raw), COSEM_E_ARG);
}
END_TEST

/* ---- the cache of cosem_clock_now() ----------------------------------------- */

/* cosem_clock_now() as it was before the cache, from public functions
 * only: the port's time to UTC, then cosem_clock_local(). */
static cosem_status_t ref_now(const cosem_clock_state_t *st, cosem_datetime_t *now, int64_t *utc)
{
    cosem_datetime_t raw;
    int64_t u = -1;
    cosem_status_t r = rtc_get(&rtc, &raw);
    if (r == COSEM_OK) {
        raw.day_of_week = COSEM_DT_NS;
        r = cosem_datetime_to_utc(&raw, &u);
    }
    if (r == COSEM_OK) {
        r = cosem_clock_local(st, u, raw.status, now);
    }
    if (r != COSEM_OK) {
        u = -1;
        cosem_datetime_clear(now);
        now->status = COSEM_CLOCK_STATUS_INVALID;
    } else {
        now->hundredths = raw.hundredths <= 99u ? raw.hundredths : 0u;
    }
    *utc = u;
    return r;
}

static unsigned cache_checks;

/* The clock's time now (through the cache in cst) equals ref_now() on a
 * copy of the state: status, every field and the instant. */
static void same_now(void)
{
    cosem_clock_state_t copy = cst;
    cosem_datetime_t a, b;
    int64_t ua = 0, ub = 0;
    cosem_status_t ra = cosem_clock_now(&server, CLOCK, &a, &ua);
    cosem_status_t rb = ref_now(&copy, &b, &ub);
    cache_checks++;
    ck_assert_msg(ra == rb && ua == ub && memcmp(&a, &b, sizeof a) == 0,
                  "utc %lld (dev %d): %d %s %lld, want %d %s %lld", (long long)rtc.utc,
                  (int)rtc.dev, (int)ra, dt_hex(&a), (long long)ua, (int)rb, dt_hex(&b),
                  (long long)ub);
}

/* same_now() at every instant of [from, to) in steps of @p step seconds,
 * forward and then back (a window must hold at both of its ends). */
static void walk(int64_t from, int64_t to, int64_t step)
{
    for (rtc.utc = from; rtc.utc < to; rtc.utc += step) {
        same_now();
    }
    for (rtc.utc -= step; rtc.utc >= from; rtc.utc -= step) {
        same_now();
    }
}

/* Around instant @p t: each second of [t - 3, t + 3], then steps of 59 s
 * over the hour before and after it. */
static void around(int64_t t)
{
    walk(t - 3, t + 4, 1);
    walk(t - 3600, t + 3600, 59);
}

/* The local-time edges of a year under cst: each DST begin / end and every
 * local midnight of year @p y from 27 Feb to 2 Mar and from 30 Dec to 1
 * Jan of the next year, read from both sides, with the port's fields in
 * UTC and in the deviation @p dev. */
static void edges(uint16_t y, int16_t dev)
{
    int64_t t;
    rtc.dev = dev;
    /* local midnights near the leap day and the year's end, in the
     * deviations of normal time and of DST (and UTC) */
    for (t = utc_of(y, 2, 27, 0, 0, 0) - 3 * 3600; t <= utc_of(y, 3, 2, 3, 0, 0); t += 3600) {
        walk(t - 2, t + 2, 1);
    }
    for (t = utc_of(y, 12, 30, 0, 0, 0) - 3 * 3600; t <= utc_of(y + 1, 1, 1, 15, 0, 0);
         t += 3600) {
        walk(t - 2, t + 2, 1);
    }
    /* the year in steps of 3541 s (every hour of the day comes round) */
    walk(utc_of(y, 1, 1, 0, 0, 0) - 86400, utc_of(y + 1, 1, 1, 0, 0, 0) + 86400, 3541);
}

START_TEST(test_cache)
{
    static const int16_t devs[] = {0, -60, 300, COSEM_DT_DEVIATION_NS};
    cosem_clock_state_t st;
    uint8_t raw[sizeof(cosem_clock_state_t)];
    size_t i;
    uint16_t y;
    cache_checks = 0;
    /* EU rules: the transitions of 2024, 2025 and 2100 (not a leap year),
     * the leap day 2024 and the year ends, the port in UTC or local
     * fields; the hundredths and the port's status bits go through. */
    for (i = 0; i < sizeof devs / sizeof devs[0]; i++) {
        rtc.dev = devs[i];
        around(utc_of(2024, 3, 31, 1, 0, 0));
        around(utc_of(2024, 10, 27, 1, 0, 0));
        around(utc_of(2025, 3, 30, 1, 0, 0));
        around(utc_of(2100, 10, 31, 1, 0, 0));
    }
    rtc.hundredths = 42;
    rtc.status = COSEM_CLOCK_STATUS_DOUBTFUL | COSEM_CLOCK_STATUS_DST;
    for (y = 2023; y <= 2025; y++) {
        edges(y, 0);
    }
    edges(2024, -120);
    rtc.hundredths = COSEM_DT_NS;
    rtc.status = COSEM_DT_NS;
    edges(2100, 0);
    rtc.hundredths = 0;
    rtc.status = 0;
    /* Rules changed by SET between two reads of the same day: begin (5),
     * end (6), deviation (7), enabled (8), time zone (3). */
    rtc.dev = 0;
    rtc.utc = utc_of(2024, 7, 1, 10, 0, 0);
    same_now();
    ck_assert_int_eq(set(CLOCK, 5, "09 0C FF FF 07 01 FF 0C 00 00 00 80 00 FF"), COSEM_DAR_SUCCESS);
    walk(rtc.utc, rtc.utc + 7200, 61); /* DST from 1 July 12:00 now */
    ck_assert_int_eq(set(CLOCK, 6, "09 0C FF FF 07 01 FF 0D 00 00 00 80 00 FF"), COSEM_DAR_SUCCESS);
    walk(rtc.utc - 7200, rtc.utc + 7200, 61); /* ... to 13:00 DST time */
    ck_assert_int_eq(set(CLOCK, 7, "0F 1E"), COSEM_DAR_SUCCESS);
    walk(rtc.utc - 7200, rtc.utc + 7200, 61);
    ck_assert_int_eq(set(CLOCK, 8, "03 00"), COSEM_DAR_SUCCESS);
    walk(rtc.utc - 7200, rtc.utc + 7200, 61);
    ck_assert_int_eq(set(CLOCK, 8, "03 01"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(CLOCK, 3, "10 01 2C"), COSEM_DAR_SUCCESS);
    walk(rtc.utc - 7200, rtc.utc + 7200, 61);
    /* Written by the application straight into the state. */
    cet(&cst);
    rtc.utc = utc_of(2024, 7, 1, 10, 0, 0);
    same_now();
    cst.time_zone = -120;
    same_now();
    cst.dst_deviation = -60; /* "negative DST": winter time is the DST */
    same_now();
    cst.dst_begin = rule(10, COSEM_DT_DAY_LAST, 7, 3);
    cst.dst_end = rule(3, COSEM_DT_DAY_LAST, 7, 2);
    edges(2024, 0);
    cst.dst_begin.year = 2024; /* a rule of one year */
    edges(2024, 0);
    edges(2025, 0);
    cst.dst_enabled = false;
    same_now();
    /* Southern hemisphere (DST across the new year), US rules, DST from
     * the last day of February (29th in 2024), a begin that names no day
     * in 2025 (29 February), and no time zone. */
    cet(&cst);
    cst.time_zone = -600;
    cst.dst_begin = rule(10, 1, 7, 2);
    cst.dst_end = rule(4, 1, 7, 3);
    edges(2024, 0);
    cst.time_zone = 300;
    cst.dst_begin = rule(3, 8, 7, 2);
    cst.dst_end = rule(11, 1, 7, 2);
    edges(2024, 300);
    cet(&cst);
    cst.dst_begin = rule(2, COSEM_DT_DAY_LAST, COSEM_DT_NS, 0);
    edges(2024, 0);
    cst.dst_begin = rule(2, 29, COSEM_DT_NS, 0);
    edges(2024, 0);
    edges(2025, 0);
    cst.time_zone = COSEM_DT_DEVIATION_NS;
    edges(2024, 0);
    /* The ends of the range: 0000-01-01 and 9999-12-31 in the extreme
     * zones, where the local time stops existing. */
    cet(&cst);
    cst.time_zone = 720;
    rtc.dev = COSEM_DT_DEVIATION_NS;
    walk(utc_of(0, 1, 1, 0, 0, 0), utc_of(0, 1, 1, 0, 0, 0) + 2 * 86400, 1799);
    cst.time_zone = -720;
    walk(utc_of(9999, 12, 30, 0, 0, 0), utc_of(9999, 12, 31, 23, 59, 59), 1799);
    /* The port's time: invalid fields in a cached day, another deviation
     * of the same fields, no time at all. */
    cet(&cst);
    rtc.dev = 0;
    rtc.utc = utc_of(2024, 5, 20, 9, 0, 0);
    same_now();
    rtc.use_raw = true;
    ck_assert_int_eq(cosem_datetime_from_utc(&rtc.raw, rtc.utc, 0, 0), COSEM_OK);
    same_now();
    rtc.raw.hundredths = 100;
    same_now();
    rtc.raw.hundredths = COSEM_DT_NS;
    rtc.raw.day_of_week = 9; /* ignored */
    same_now();
    rtc.raw.hour = 24;
    same_now();
    rtc.raw.hour = COSEM_DT_NS;
    same_now();
    rtc.raw.hour = 9;
    rtc.raw.minute = 60;
    same_now();
    rtc.raw.minute = 0;
    rtc.raw.second = 60;
    same_now();
    rtc.raw.second = 0;
    rtc.raw.deviation = -60;
    same_now();
    rtc.raw.deviation = 721;
    same_now();
    rtc.raw.deviation = 0;
    same_now();
    rtc.use_raw = false;
    rtc.fail_get = true;
    same_now();
    rtc.fail_get = false;
    same_now();
    /* A loaded state brings no cache: its octets are another run's. */
    rtc.utc = utc_of(2024, 7, 1, 10, 0, 0);
    same_now();
    st = cst;
    st.cache_local_.day++;
    st.cache_port_utc_ += 86400;
    memcpy(raw, &st, sizeof raw);
    ck_assert_int_eq(cosem_clock_state_load(&cst, raw, sizeof raw), COSEM_OK);
    same_now();
    ck_assert_uint_gt(cache_checks, 100000u);
}
END_TEST

static Suite *clock_suite(void)
{
    Suite *s = suite_create("clock");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_static_attributes);
    tcase_add_test(tc, test_time_winter_summer);
    tcase_add_test(tc, test_dst_transitions_eu);
    tcase_add_test(tc, test_dst_events_from_tick);
    tcase_add_test(tc, test_dst_rules_wildcards);
    tcase_add_test(tc, test_set_time_complete);
    tcase_add_test(tc, test_set_time_not_specified_fields);
    tcase_add_test(tc, test_set_time_dst_edges);
    tcase_add_test(tc, test_set_time_invalid);
    tcase_add_test(tc, test_set_time_port_errors);
    tcase_add_test(tc, test_set_zone_and_rules);
    tcase_add_test(tc, test_adjust_methods);
    tcase_add_test(tc, test_shift_time);
    tcase_add_test(tc, test_preset_time);
    tcase_add_test(tc, test_server_clock);
    tcase_add_test(tc, test_state_load);
    tcase_add_test(tc, test_cache);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(clock_suite)
