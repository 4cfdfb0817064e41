/* SPDX-License-Identifier: Apache-2.0 */
/* Special days table (11) and Activity calendar (20) with a fake wall clock
 * and a Clock object on central European time (EU DST rule): switches
 * across midnight and a year boundary, DST start and end, clock sets
 * forwards and backwards, a special day overriding the week profile,
 * activation of the passive calendar, malformed SETs. Each switch runs a
 * script that writes a "tariff" Data object; every write is logged, so a
 * skipped or repeated switch shows in the log. */
#include <string.h>

#include <cosem/calendar.h>
#include <cosem/classes.h>
#include <cosem/control.h>
#include <cosem/metering.h>
#include <cosem/server.h>

#include "test_class_fixture.h"

/* ---- wall clock --------------------------------------------------------- */

static int64_t now_utc;

static cosem_status_t fk_time(void *user, cosem_datetime_t *now)
{
    (void)user;
    return cosem_datetime_from_utc(now, now_utc, 0, 0);
}

static const cosem_port_t port = {NULL, NULL, fk_time, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

/* UTC of a local time with deviation dev (CET -60, CEST -120). */
static int64_t local_utc(int y, int mo, int d, int h, int mi, int s, int dev)
{
    cosem_datetime_t t;
    int64_t u = 0;
    cosem_datetime_clear(&t);
    t.year = (uint16_t)y;
    t.month = (uint8_t)mo;
    t.day = (uint8_t)d;
    t.hour = (uint8_t)h;
    t.minute = (uint8_t)mi;
    t.second = (uint8_t)s;
    t.deviation = (int16_t)dev;
    ck_assert_int_eq(cosem_datetime_to_utc(&t, &u), COSEM_OK);
    return u;
}

/* ---- objects -------------------------------------------------------------- */

static char log_buf[64];
static size_t log_n;
static uint8_t tariff;
static const cosem_vref_t tariff_ref = COSEM_VREF(COSEM_AXDR_UNSIGNED, &tariff);

/* Empties the log. */
static void log_clear(void)
{
    log_n = 0;
    log_buf[0] = '\0';
}

/* Every write of the tariff through the server is logged as a digit. */
static cosem_dar_t log_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    cosem_dar_t dar = cosem_object_set(r, v);
    if (dar == COSEM_DAR_SUCCESS && log_n + 1u < sizeof log_buf) {
        log_buf[log_n++] = (char)('0' + tariff);
        log_buf[log_n] = '\0';
    }
    return dar;
}
static const cosem_object_ops_t log_ops = {NULL, log_set, NULL};

/* Scripts 1..6: tariff := id. */
#define SCRIPT(n) " 02 02 12 00 0" #n " 01 01 02 05 16 01 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 0" #n
static uint8_t scripts[256];
static uint16_t scripts_len;
static const cosem_script_table_t table = {scripts, &scripts_len, sizeof scripts, NULL};

static cosem_clock_state_t cst;
static const cosem_clock_t clk = {&cst, NULL, COSEM_CLOCK_BASE_CRYSTAL, 900, NULL};

static cosem_special_day_t sdays[4];
static uint16_t sdays_n;
static const cosem_special_days_table_t sdt = {sdays, &sdays_n, 4};

static uint8_t cal_active[256], cal_passive[256];
static cosem_activity_calendar_state_t cals;

/* Points at the clock and special days objects: completed in setup(). */
static cosem_activity_calendar_t cal = {&cals, cal_active, cal_passive, sizeof cal_active, NULL,
                                        NULL};

static cosem_single_action_state_t sass;
static cosem_datetime_t sas_times[3];
static cosem_single_action_schedule_t sas = {&sass, sas_times, 3, NULL};

static const cosem_object_t objects[] = {
    {{0, 0, 1, 0, 0, 255}, &cosem_class_clock, &clk, NULL, all_rights, NULL},
    {{0, 0, 10, 0, 100, 255}, &cosem_class_script_table, &table, NULL, all_rights, NULL},
    {{0, 0, 11, 0, 0, 255}, &cosem_class_special_days_table, &sdt, NULL, all_rights, NULL},
    {{0, 0, 11, 0, 1, 255}, &cosem_class_special_days_table, &sdt, NULL, all_rights, NULL},
    {{0, 0, 13, 0, 0, 255}, &cosem_class_activity_calendar, &cal, NULL, all_rights, NULL},
    {{0, 0, 15, 0, 0, 255}, &cosem_class_single_action_schedule, &sas, NULL, all_rights, NULL},
    {{0, 0, 96, 14, 0, 255}, &cosem_class_data, &tariff_ref, &log_ops, all_rights, NULL},
};
#define O_SAS (&objects[5])
#define O_SDT (&objects[3])
#define O_CAL (&objects[4])

static const cosem_assoc_config_t assocs[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION, NULL, NULL,
     false, NULL}};

/* Calendar "ACT": one season from 1 January (any year) with week "W":
 * Monday..Friday day 1, Saturday and Sunday day 2. Day 1: 06:00 script 2
 * (high rate), 22:00 script 1 (low rate). Day 2: 00:00 script 4, 02:30
 * script 5. Day 3 (special days): 00:00 script 3. */
#define CAL_NAME "09 03 41 43 54"
#define CAL_SEASONS "01 01 02 03 09 01 53 09 0C FF FF 01 01 FF 00 00 00 00 80 00 FF 09 01 57"
#define CAL_WEEKS "01 01 02 08 09 01 57 11 01 11 01 11 01 11 01 11 01 11 02 11 02"
#define SW(h, m, id) " 02 03 09 04 " h " " m " 00 00 09 06 00 00 0A 00 64 FF 12 00 " id
#define CAL_DAYS                                                                   \
    "01 03 02 02 11 01 01 02" SW("06", "00", "02") SW("16", "00", "01")            \
    " 02 02 11 02 01 02" SW("00", "00", "04") SW("02", "1E", "05")                 \
    " 02 02 11 03 01 01" SW("00", "00", "03")

/* Passive calendar "PAS": every day day 1, whose only switch is 12:00 script 6. */
#define PAS_NAME "09 03 50 41 53"
#define PAS_WEEKS "01 01 02 08 09 01 57 11 01 11 01 11 01 11 01 11 01 11 01 11 01"
#define PAS_DAYS "01 01 02 02 11 01 01 01" SW("0C", "00", "06")

/* Loads one calendar's four parts into a buffer. */
static void load(uint8_t *buf, uint16_t *lens, const char *const parts[4])
{
    size_t off = 0;
    for (int k = 0; k < 4; ++k) {
        lens[k] = (uint16_t)tu_hex(parts[k], buf + off, 256 - off);
        off += lens[k];
    }
}

static void setup(void)
{
    static const char *const act[4] = {CAL_NAME, CAL_SEASONS, CAL_WEEKS, CAL_DAYS};
    static const char *const pas[4] = {PAS_NAME, CAL_SEASONS, PAS_WEEKS, PAS_DAYS};
    memset(&cst, 0, sizeof cst);
    cst.time_zone = -60;
    cosem_datetime_clear(&cst.dst_begin);
    cst.dst_begin.month = 3;
    cst.dst_begin.day = COSEM_DT_DAY_LAST;
    cst.dst_begin.day_of_week = 7;
    cst.dst_begin.hour = 2;
    cst.dst_end = cst.dst_begin;
    cst.dst_end.month = 10;
    cst.dst_end.hour = 3;
    cst.dst_deviation = 60;
    cst.dst_enabled = true;
    scripts_len = (uint16_t)tu_hex("01 06" SCRIPT(1) SCRIPT(2) SCRIPT(3) SCRIPT(4) SCRIPT(5)
                                       SCRIPT(6),
                                   scripts, sizeof scripts);
    /* Special day: 25 December of any year, and 1 January 2025. */
    memset(sdays, 0, sizeof sdays);
    sdays[0] = (cosem_special_day_t){1, COSEM_DT_YEAR_NS, 12, 25, COSEM_DT_NS, 3};
    sdays[1] = (cosem_special_day_t){2, 2025, 1, 1, COSEM_DT_NS, 3};
    sdays_n = 2;
    memset(&cals, 0, sizeof cals);
    load(cal_active, cals.active_len, act);
    load(cal_passive, cals.passive_len, pas);
    cosem_datetime_clear(&cals.activate_time);
    log_n = 0;
    log_buf[0] = '\0';
    cal.special_days = O_SDT;
    cal.clock = &objects[0];
    memset(&sass, 0, sizeof sass);
    sass.type = 1;
    sass.script = (cosem_script_ref_t){{0, 0, 10, 0, 100, 255}, 6};
    sas.clock = &objects[0];
    fx_server_init(objects, sizeof objects / sizeof objects[0], assocs, 1, &port, 1024);
}

static void teardown(void)
{
}

/* One tick at instant u. */
static void tick(int64_t u)
{
    now_utc = u;
    cosem_server_tick(&server);
}

/* A tick every step seconds over [from, to]. */
static void ticks(int64_t from, int64_t to, int64_t step)
{
    for (int64_t u = from; u <= to; u += step) {
        tick(u);
    }
}

/* ---- tests ---------------------------------------------------------------- */

START_TEST(test_first_tick_and_day)
{
    /* Monday 8 January 2024, 05:59:58 CET: in force is Sunday's last switch
     * (02:30, script 5); then 06:00 (2), then 22:00 (1), each once. */
    ticks(local_utc(2024, 1, 8, 5, 59, 58, -60), local_utc(2024, 1, 8, 6, 0, 5, -60), 1);
    ck_assert_str_eq(log_buf, "52");
    ticks(local_utc(2024, 1, 8, 21, 59, 0, -60), local_utc(2024, 1, 8, 22, 1, 0, -60), 1);
    ck_assert_str_eq(log_buf, "521");
    ck_assert_uint_eq(tariff, 1u);
}
END_TEST

START_TEST(test_midnight_and_weekend)
{
    /* Friday 12 January 21:59:00, then Saturday 00:00:30 (a tick missed for
     * two hours): Friday's 22:00 (1) then Saturday's 00:00 (4). */
    tick(local_utc(2024, 1, 12, 21, 59, 0, -60));
    ck_assert_str_eq(log_buf, "2");
    tick(local_utc(2024, 1, 13, 0, 0, 30, -60));
    ck_assert_str_eq(log_buf, "214");
    /* Every second across Sunday into Monday: 02:30 Saturday, 00:00 and
     * 02:30 Sunday, 06:00 and 22:00 Monday. */
    ticks(local_utc(2024, 1, 13, 0, 1, 0, -60), local_utc(2024, 1, 15, 23, 0, 0, -60), 1);
    ck_assert_str_eq(log_buf, "21454521");
}
END_TEST

START_TEST(test_year_boundary_special_days)
{
    /* Tuesday 31 December 2024 21:00 -> Wednesday 1 January 2025 07:00:
     * 22:00 (1) on the 31st; the 1st is a special day (day 3: 00:00 script
     * 3), whose profile replaces the weekday's 06:00. */
    ticks(local_utc(2024, 12, 31, 21, 0, 0, -60), local_utc(2025, 1, 1, 7, 0, 0, -60), 1);
    ck_assert_str_eq(log_buf, "213");
    /* Christmas (any year): Wednesday 25 December 2024. */
    log_clear();
    ticks(local_utc(2024, 12, 24, 23, 0, 0, -60), local_utc(2024, 12, 25, 23, 0, 0, -60), 10);
    ck_assert_str_eq(log_buf, "13");
}
END_TEST

START_TEST(test_dst_start_and_end)
{
    /* Sunday 31 March 2024: 01:59:59 CET is followed by 03:00:00 CEST; the
     * 02:30 switch (5) runs once, at 03:00. */
    ticks(local_utc(2024, 3, 31, 1, 0, 0, -60), local_utc(2024, 3, 31, 1, 59, 59, -60), 1);
    ck_assert_str_eq(log_buf, "4");
    tick(local_utc(2024, 3, 31, 3, 0, 0, -120));
    ck_assert_str_eq(log_buf, "45");
    ticks(local_utc(2024, 3, 31, 3, 0, 1, -120), local_utc(2024, 3, 31, 4, 0, 0, -120), 1);
    ck_assert_str_eq(log_buf, "45");
    /* Sunday 27 October 2024: 02:00..02:59 happens twice (CEST, then CET);
     * the 02:30 switch runs the first time only. */
    log_clear();
    ticks(local_utc(2024, 10, 27, 1, 0, 0, -120), local_utc(2024, 10, 27, 3, 30, 0, -60), 1);
    ck_assert_str_eq(log_buf, "45");
}
END_TEST

START_TEST(test_clock_sets)
{
    /* Monday 8 January: 06:30 (in force: 2); set back to 05:00 and run to
     * 07:00: 06:00 does not run again. */
    tick(local_utc(2024, 1, 8, 6, 30, 0, -60));
    ck_assert_str_eq(log_buf, "2");
    ticks(local_utc(2024, 1, 8, 5, 0, 0, -60), local_utc(2024, 1, 8, 7, 0, 0, -60), 1);
    ck_assert_str_eq(log_buf, "2");
    /* Set forward to 23:00: 22:00 runs once. */
    tick(local_utc(2024, 1, 8, 23, 0, 0, -60));
    ck_assert_str_eq(log_buf, "21");
    /* Forward over midnight and Tuesday 06:00 and 22:00: 2 then 1. */
    tick(local_utc(2024, 1, 9, 22, 30, 0, -60));
    ck_assert_str_eq(log_buf, "2121");
    /* Back by more than a day (Sunday 7th, 03:00): resynchronised, the
     * switch in force (Sunday 02:30, script 5) runs once. */
    tick(local_utc(2024, 1, 7, 3, 0, 0, -60));
    ck_assert_str_eq(log_buf, "21215");
    /* Forward by a week: only the switch in force. */
    tick(local_utc(2024, 1, 14, 12, 0, 0, -60));
    ck_assert_str_eq(log_buf, "212155");
    /* An invalid clock: nothing. */
    tick(-5);
    ck_assert_str_eq(log_buf, "212155");
}
END_TEST

START_TEST(test_activation)
{
    /* GET of the parts as stored. */
    ck_assert_str_eq(get_ok(O_CAL, 2), CAL_NAME);
    ck_assert_str_eq(get_ok(O_CAL, 6), PAS_NAME);
    ck_assert_str_eq(get_ok(O_CAL, 10), "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF");
    tick(local_utc(2024, 1, 8, 11, 0, 0, -60));
    ck_assert_str_eq(log_buf, "2");
    /* Activation time Monday 8 January 2024 11:30:00 local. */
    ck_assert_int_eq(set(O_CAL, 10, "09 0C 07 E8 01 08 01 0B 1E 00 00 80 00 FF"),
                     COSEM_DAR_SUCCESS);
    tick(local_utc(2024, 1, 8, 11, 29, 59, -60));
    ck_assert_str_eq(get_ok(O_CAL, 2), CAL_NAME);
    tick(local_utc(2024, 1, 8, 11, 30, 0, -60));
    ck_assert_str_eq(get_ok(O_CAL, 2), PAS_NAME);
    ck_assert_str_eq(get_ok(O_CAL, 5), PAS_DAYS);
    ck_assert_str_eq(get_ok(O_CAL, 10), "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF");
    /* The new calendar's switch in force is yesterday's 12:00 (6); then 12:00. */
    ck_assert_str_eq(log_buf, "26");
    ticks(local_utc(2024, 1, 8, 11, 59, 0, -60), local_utc(2024, 1, 8, 12, 1, 0, -60), 1);
    ck_assert_str_eq(log_buf, "266");
    /* Method: the active one back from a new passive one. */
    ck_assert_int_eq(set(O_CAL, 6, "09 01 42"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_CAL, 1, "0F 01"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(O_CAL, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_CAL, 2), "09 01 42");
    ck_assert_str_eq(get_ok(O_CAL, 9), PAS_DAYS);
}
END_TEST

START_TEST(test_calendar_bad_sets)
{
    uint8_t before[256];
    uint16_t lens[4];
    memcpy(before, cal_passive, sizeof before);
    memcpy(lens, cals.passive_len, sizeof lens);
    /* Shape errors: type-unmatched. */
    ck_assert_int_eq(set(O_CAL, 9, "01 01 02 02 11 01 01 01 02 03 09 04 06 00 00 00 09 06 00 00 0A 00 64 FF"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_CAL, 8, "01 01 02 08 09 01 57 11 01 11 01 11 01 11 01 11 01 11 01 12 00 01"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_CAL, 7, "01 01 02 03 09 01 53 09 0B FF FF 01 01 FF 00 00 00 00 80 00 09 01 57"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_CAL, 6, "0A 01 41"), COSEM_DAR_TYPE_UNMATCHED);
    /* Ranges: hour 25 in a switch, month 13 in a season: other-reason. */
    ck_assert_int_eq(set(O_CAL, 9, "01 01 02 02 11 01 01 01" SW("19", "00", "01")),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_CAL, 7, "01 01 02 03 09 01 53 09 0C FF FF 0D 01 FF 00 00 00 00 80 00 FF 09 01 57"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_CAL, 10, "09 0C 07 E8 01 08 01 19 1E 00 00 80 00 FF"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_CAL, 10, "09 0B 07 E8 01 08 01 0B 1E 00 00 80 00"),
                     COSEM_DAR_TYPE_UNMATCHED);
    /* Too long for the 256-octet buffer: other-reason. */
    {
        char big[1100];
        strcpy(big, "09 81 F0");
        for (int i = 0; i < 240; ++i) {
            strcat(big, " 41");
        }
        ck_assert_int_eq(set(O_CAL, 6, big), COSEM_DAR_OTHER_REASON);
    }
    ck_assert_int_eq(memcmp(before, cal_passive, sizeof before), 0);
    ck_assert_int_eq(memcmp(lens, cals.passive_len, sizeof lens), 0);
    ck_assert_int_eq(set(O_CAL, 1, "09 01 41"), COSEM_DAR_OBJECT_UNDEFINED);
    /* A SET that grows the middle part moves the later ones. */
    ck_assert_int_eq(set(O_CAL, 7, "01 02 02 03 09 01 53 09 0C FF FF 01 01 FF 00 00 00 00 80 00 FF 09 01 57"
                                   " 02 03 09 01 55 09 0C FF FF 07 01 FF 00 00 00 00 80 00 FF 09 01 57"),
                     COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_CAL, 9), PAS_DAYS);
    ck_assert_str_eq(get_ok(O_CAL, 8), PAS_WEEKS);
}
END_TEST

START_TEST(test_special_days_table)
{
    cosem_datetime_t d;
    uint8_t id = 0;
    ck_assert_str_eq(get_ok(O_SDT, 2),
                     "01 02 02 03 12 00 01 09 05 FF FF 0C 19 FF 11 03 02 03 12 00 02 09 05 07 E9 01 01 FF 11 03");
    /* insert: replaces index 2, then appends index 7 (last day of any
     * month, day 9), then the table is full at 4. */
    ck_assert_int_eq(act(O_SDT, 1, "02 03 12 00 02 09 05 07 E9 01 02 FF 11 04"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(sdays_n, 2u);
    ck_assert_uint_eq(sdays[1].day, 2u);
    ck_assert_int_eq(act(O_SDT, 1, "02 03 12 00 07 09 05 FF FF FF FE FF 11 09"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_SDT, 1, "02 03 12 00 08 09 05 FF FF FF FF 07 11 08"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_SDT, 1, "02 03 12 00 09 09 05 FF FF FF 01 FF 11 01"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(O_SDT, 1, "02 03 12 00 09 09 05 FF FF 0E 01 FF 11 01"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(O_SDT, 1, "02 02 12 00 09 09 05 FF FF FF 01 FF"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(sdays_n, 4u);
    /* Matching: 29 February 2024 is the last day of its month -> 9 before
     * the Sunday rule (8) since entry 7 comes first. */
    ck_assert_int_eq(cosem_datetime_from_utc(&d, local_utc(2024, 2, 29, 12, 0, 0, 0), 0, 0), COSEM_OK);
    ck_assert(cosem_special_days_match(O_SDT, &d, &id));
    ck_assert_uint_eq(id, 9u);
    ck_assert_int_eq(cosem_datetime_from_utc(&d, local_utc(2024, 3, 3, 12, 0, 0, 0), 0, 0), COSEM_OK);
    ck_assert(cosem_special_days_match(O_SDT, &d, &id));
    ck_assert_uint_eq(id, 8u);
    ck_assert_int_eq(cosem_datetime_from_utc(&d, local_utc(2024, 3, 4, 12, 0, 0, 0), 0, 0), COSEM_OK);
    ck_assert(!cosem_special_days_match(O_SDT, &d, &id));
    /* delete: index 7 goes, a missing index is fine. */
    ck_assert_int_eq(act(O_SDT, 2, "12 00 07"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_SDT, 2, "12 00 63"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_SDT, 2, "11 07"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(sdays_n, 3u);
    ck_assert_uint_eq(sdays[2].index, 8u);
    /* SET: five entries do not fit (other-reason), a bad date in the last
     * entry changes nothing, then a valid list. */
    ck_assert_int_eq(set(O_SDT, 2, "01 05 02 03 12 00 01 09 05 FF FF 0C 19 FF 11 03"
                                   " 02 03 12 00 02 09 05 FF FF 0C 19 FF 11 03"
                                   " 02 03 12 00 03 09 05 FF FF 0C 19 FF 11 03"
                                   " 02 03 12 00 04 09 05 FF FF 0C 19 FF 11 03"
                                   " 02 03 12 00 05 09 05 FF FF 0C 19 FF 11 03"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_SDT, 2, "01 02 02 03 12 00 01 09 05 FF FF 0C 19 FF 11 03"
                                   " 02 03 12 00 02 09 05 FF FF 0C 20 FF 11 03"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_uint_eq(sdays_n, 3u);
    ck_assert_int_eq(set(O_SDT, 2, "01 01 02 03 12 00 05 09 05 FF FF 0C 18 FF 11 03"),
                     COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_SDT, 2), "01 01 02 03 12 00 05 09 05 FF FF 0C 18 FF 11 03");
}
END_TEST

START_TEST(test_calendar_through_server)
{
    associate();
    /* GET calendar_name_active of 0.0.13.0.0.255 (class 20). */
    ck_assert_str_eq(xchg("C0 01 C1 00 14 00 00 0D 00 00 FF 02 00"), "C4 01 C1 00 " CAL_NAME);
    /* SET calendar_name_passive; ACTION activate_passive_calendar. */
    ck_assert_str_eq(xchg("C1 01 C1 00 14 00 00 0D 00 00 FF 06 00 09 02 5A 5A"), "C5 01 C1 00");
    ck_assert_str_eq(xchg("C3 01 C1 00 14 00 00 0D 00 00 FF 01 01 0F 00"), "C7 01 C1 00 00");
    ck_assert_str_eq(xchg("C0 01 C1 00 14 00 00 0D 00 00 FF 02 00"), "C4 01 C1 00 09 02 5A 5A");
    /* Special days insert through the server. */
    ck_assert_str_eq(xchg("C3 01 C1 00 0B 00 00 0B 00 01 FF 01 01 02 03 12 00 03 09 05 FF FF 05 01 FF 11 03"),
                     "C7 01 C1 00 00");
    ck_assert_uint_eq(sdays_n, 3u);
}
END_TEST

/* Number of runs of script 6 (the schedule's) in the log. */
static int sixes(void)
{
    int n = 0;
    for (size_t i = 0; i < log_n; ++i) {
        n += log_buf[i] == '6';
    }
    return n;
}

START_TEST(test_schedule_fixed_times)
{
    /* Type 4: Monday 8 January 2024 06:15:00 and 18:00:00. */
    ck_assert_int_eq(set(O_SAS, 3, "16 04"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(O_SAS, 4, "01 02 02 02 09 04 06 0F 00 00 09 05 07 E8 01 08 01"
                                   " 02 02 09 04 12 00 00 00 09 05 07 E8 01 08 01"),
                     COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_SAS, 4), "01 02 02 02 09 04 06 0F 00 00 09 05 07 E8 01 08 01"
                                       " 02 02 09 04 12 00 00 00 09 05 07 E8 01 08 01");
    ck_assert_str_eq(get_ok(O_SAS, 2), "02 02 09 06 00 00 0A 00 64 FF 12 00 06");
    ticks(local_utc(2024, 1, 8, 6, 0, 0, -60), local_utc(2024, 1, 8, 6, 15, 0, -60) - 1, 1);
    ck_assert_int_eq(sixes(), 0);
    tick(local_utc(2024, 1, 8, 6, 15, 0, -60));
    ck_assert_int_eq(sixes(), 1);
    /* Clock set back over 06:15: not again; forward over 18:00: once. */
    ticks(local_utc(2024, 1, 8, 6, 0, 0, -60), local_utc(2024, 1, 8, 6, 30, 0, -60), 1);
    ck_assert_int_eq(sixes(), 1);
    tick(local_utc(2024, 1, 8, 19, 0, 0, -60));
    ck_assert_int_eq(sixes(), 2);
    /* The next day: no entry matches. */
    ticks(local_utc(2024, 1, 9, 0, 0, 0, -60), local_utc(2024, 1, 9, 19, 0, 0, -60), 60);
    ck_assert_int_eq(sixes(), 2);
}
END_TEST

START_TEST(test_schedule_wildcards_dst)
{
    /* Type 5: every hour at :30:00 of every day. On 27 October 2024 (DST
     * end) local 02:30 happens twice; it runs once. From 00:00 CEST to
     * 04:00 CET local: 00:30, 01:30, 02:30, 03:30. */
    ck_assert_int_eq(set(O_SAS, 3, "16 05"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(O_SAS, 4, "01 01 02 02 09 04 FF 1E 00 FF 09 05 FF FF FF FF FF"),
                     COSEM_DAR_SUCCESS);
    ticks(local_utc(2024, 10, 27, 0, 0, 0, -120), local_utc(2024, 10, 27, 4, 0, 0, -60), 1);
    ck_assert_int_eq(sixes(), 4);
    /* 31 March 2024 (DST start): 02:30 does not exist; the jump runs it
     * once at 03:00 (01:30, 02:30, 03:30 = 3). */
    log_clear();
    ticks(local_utc(2024, 3, 31, 1, 0, 0, -60), local_utc(2024, 3, 31, 4, 0, 0, -120), 1);
    ck_assert_int_eq(sixes(), 3);
    /* Every minute of hour 12 at second 5, hour and minute both wild at
     * once: a 10-minute window with a tick each 7 s runs 10 times. */
    log_clear();
    ck_assert_int_eq(set(O_SAS, 4, "01 01 02 02 09 04 0C FF 05 FF 09 05 FF FF FF FF FF"),
                     COSEM_DAR_SUCCESS);
    ticks(local_utc(2024, 1, 8, 11, 59, 0, -60), local_utc(2024, 1, 8, 12, 9, 59, -60), 7);
    ck_assert_int_eq(sixes(), 10);
}
END_TEST

START_TEST(test_schedule_bad_sets)
{
    /* Type 1: a single entry. */
    ck_assert_int_eq(set(O_SAS, 4, "01 02 02 02 09 04 06 0F 00 00 09 05 07 E8 01 08 01"
                                   " 02 02 09 04 12 00 00 00 09 05 07 E8 01 08 01"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_SAS, 3, "16 02"), COSEM_DAR_SUCCESS);
    /* Type 2: the same time, no date wildcard. */
    ck_assert_int_eq(set(O_SAS, 4, "01 02 02 02 09 04 06 0F 00 00 09 05 07 E8 01 08 01"
                                   " 02 02 09 04 12 00 00 00 09 05 07 E8 01 09 02"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_SAS, 4, "01 01 02 02 09 04 06 0F 00 00 09 05 FF FF 01 08 FF"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_SAS, 4, "01 02 02 02 09 04 06 0F 00 00 09 05 07 E8 01 08 01"
                                   " 02 02 09 04 06 0F 00 00 09 05 07 E8 01 09 02"),
                     COSEM_DAR_SUCCESS);
    /* Shape and range errors; a fourth entry; a type the list breaks. */
    ck_assert_int_eq(set(O_SAS, 4, "01 01 02 01 09 04 06 0F 00 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_SAS, 4, "01 01 02 02 09 04 18 0F 00 00 09 05 07 E8 01 08 01"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_SAS, 4, "01 04 02 02 09 04 06 0F 00 00 09 05 07 E8 01 08 01"
                                   " 02 02 09 04 06 0F 00 00 09 05 07 E8 01 09 02"
                                   " 02 02 09 04 06 0F 00 00 09 05 07 E8 01 0A 03"
                                   " 02 02 09 04 06 0F 00 00 09 05 07 E8 01 0B 04"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_SAS, 3, "16 01"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_SAS, 3, "16 06"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_SAS, 3, "11 03"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_SAS, 2, "02 02 09 06 00 00 0A 00 64 FF 11 01"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(sass.count, 2u);
    ck_assert_uint_eq(sass.type, 2u);
    ck_assert_uint_eq(sass.script.selector, 6u);
    ck_assert_str_eq(get_ok(O_SAS, 3), "16 02");
}
END_TEST

static Suite *calendar_suite(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_first_tick_and_day);
    tcase_add_test(tc, test_midnight_and_weekend);
    tcase_add_test(tc, test_year_boundary_special_days);
    tcase_add_test(tc, test_dst_start_and_end);
    tcase_add_test(tc, test_clock_sets);
    tcase_add_test(tc, test_activation);
    tcase_add_test(tc, test_calendar_bad_sets);
    tcase_add_test(tc, test_special_days_table);
    tcase_add_test(tc, test_calendar_through_server);
    tcase_add_test(tc, test_schedule_fixed_times);
    tcase_add_test(tc, test_schedule_wildcards_dst);
    tcase_add_test(tc, test_schedule_bad_sets);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(calendar_suite)
