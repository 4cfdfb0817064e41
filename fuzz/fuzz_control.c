/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the time, tariff and control classes (9, 11, 20, 21,
 * 22, 65, 70, 71) behind one public association with every right, fed
 * arbitrary APDUs with server ticks in between while the wall clock jumps
 * back and forth.
 *
 * Input: records of [length][clock step][APDU of length octets]; the clock
 * step (signed, x 97 s) moves the fake wall clock before the tick that
 * follows the APDU; the monotonic clock advances 1000 ms per record.
 * Oracle: every response fits; after every record every object still
 * passes its class's check (nothing half applied: calendars, scripts and
 * lists stay valid); the relay always matches the disconnect control's
 * state; after the input a new association's GET of the calendar name
 * still works. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/calendar.h>
#include <cosem/classes.h>
#include <cosem/control.h>
#include <cosem/metering.h>
#include <cosem/server.h>

static int64_t now_utc;
static uint32_t now_ms;
static bool relay;

static uint32_t fk_ms(void *u)
{
    (void)u;
    return now_ms;
}

static cosem_status_t fk_time(void *u, cosem_datetime_t *t)
{
    (void)u;
    return cosem_datetime_from_utc(t, now_utc, 0, 0);
}

static cosem_status_t fk_relay_set(void *u, unsigned i, bool on)
{
    (void)u;
    if (i != 0u) {
        return COSEM_E_RANGE;
    }
    relay = on;
    return COSEM_OK;
}

static cosem_status_t fk_relay_get(void *u, unsigned i, bool *on)
{
    (void)u;
    *on = relay;
    return i == 0u ? COSEM_OK : COSEM_E_RANGE;
}

static const cosem_port_t port = {NULL, fk_ms, fk_time, NULL, NULL, fk_relay_set, fk_relay_get,
                                  NULL, NULL, NULL};

/* Scripts 1: tariff := 1; 2: tariff := 2; 3: remote_disconnect. */
static const uint8_t scripts_init[] = {
    0x01, 0x03,
    0x02, 0x02, 0x12, 0x00, 0x01, 0x01, 0x01, 0x02, 0x05, 0x16, 0x01, 0x12, 0x00, 0x01, 0x09,
    0x06, 0x00, 0x00, 0x60, 0x0E, 0x00, 0xFF, 0x0F, 0x02, 0x11, 0x01,
    0x02, 0x02, 0x12, 0x00, 0x02, 0x01, 0x01, 0x02, 0x05, 0x16, 0x01, 0x12, 0x00, 0x01, 0x09,
    0x06, 0x00, 0x00, 0x60, 0x0E, 0x00, 0xFF, 0x0F, 0x02, 0x11, 0x02,
    0x02, 0x02, 0x12, 0x00, 0x03, 0x01, 0x01, 0x02, 0x05, 0x16, 0x02, 0x12, 0x00, 0x46, 0x09,
    0x06, 0x00, 0x00, 0x60, 0x03, 0x0A, 0xFF, 0x0F, 0x01, 0x0F, 0x00};
static uint8_t scripts[160];
static uint16_t scripts_len;
static const cosem_script_table_t table = {scripts, &scripts_len, sizeof scripts, NULL};

/* Calendar: name "A"; season from 1 January with week "W"; every day day
 * 1: 06:00 script 2, 22:00 script 1. */
static const uint8_t cal_init[] = {
    0x09, 0x01, 0x41,
    0x01, 0x01, 0x02, 0x03, 0x09, 0x01, 0x53, 0x09, 0x0C, 0xFF, 0xFF, 0x01, 0x01, 0xFF, 0x00,
    0x00, 0x00, 0x00, 0x80, 0x00, 0xFF, 0x09, 0x01, 0x57,
    0x01, 0x01, 0x02, 0x08, 0x09, 0x01, 0x57, 0x11, 0x01, 0x11, 0x01, 0x11, 0x01, 0x11, 0x01,
    0x11, 0x01, 0x11, 0x01, 0x11, 0x01,
    0x01, 0x01, 0x02, 0x02, 0x11, 0x01, 0x01, 0x02, 0x02, 0x03, 0x09, 0x04, 0x06, 0x00, 0x00,
    0x00, 0x09, 0x06, 0x00, 0x00, 0x0A, 0x00, 0x64, 0xFF, 0x12, 0x00, 0x02, 0x02, 0x03, 0x09,
    0x04, 0x16, 0x00, 0x00, 0x00, 0x09, 0x06, 0x00, 0x00, 0x0A, 0x00, 0x64, 0xFF, 0x12, 0x00,
    0x01};
static const uint16_t cal_lens[4] = {3, 24, 21, 46};
static uint8_t cal_a[192], cal_p[192];
static cosem_activity_calendar_state_t cals;

static cosem_clock_state_t cst;
static const cosem_clock_t clk = {&cst, NULL, COSEM_CLOCK_BASE_CRYSTAL, 900, NULL};
static cosem_special_day_t sdays[4];
static uint16_t sdays_n;
static const cosem_special_days_table_t sdt = {sdays, &sdays_n, 4};
static cosem_single_action_state_t sass;
static cosem_datetime_t sas_times[3];
static cosem_register_monitor_state_t rms;
static cosem_threshold_t rm_thr[3];
static cosem_action_set_t rm_act[3];
static const cosem_register_monitor_t rm = {&rms, rm_thr, rm_act, 3};
static cosem_parameter_monitor_state_t pms;
static cosem_value_def_t pm_list[3];
static uint8_t pm_value[24];
static const cosem_parameter_monitor_t pm = {&pms, pm_list, 3, pm_value, sizeof pm_value};
static cosem_limiter_state_t lims;
static uint16_t groups[3];
static const cosem_limiter_t lim = {&lims, groups, 3, NULL};
static cosem_disconnect_ctl_state_t dcs;
static const cosem_disconnect_control_t dc = {&dcs, 0, NULL};
static uint8_t tariff;
static const cosem_vref_t tariff_ref = COSEM_VREF(COSEM_AXDR_UNSIGNED, &tariff);
static uint32_t power;
static const cosem_register_t power_reg = {COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &power), 0,
                                           COSEM_UNIT_W};
static const cosem_association_ln_t aln = {NULL, 1, NULL};
static const cosem_access_t all[COSEM_MAX_ACCESS_LEVELS] = {{0xFFFFu, 0xFFFFu, 0xFFFFu}};

static cosem_activity_calendar_t cal = {&cals, cal_a, cal_p, sizeof cal_a, NULL, NULL};
static cosem_single_action_schedule_t sas = {&sass, sas_times, 3, NULL};

static const cosem_object_t objects[] = {
    {{0, 0, 1, 0, 0, 255}, &cosem_class_clock, &clk, NULL, all, NULL},
    {{0, 0, 10, 0, 100, 255}, &cosem_class_script_table, &table, NULL, all, NULL},
    {{0, 0, 11, 0, 0, 255}, &cosem_class_special_days_table, &sdt, NULL, all, NULL},
    {{0, 0, 13, 0, 0, 255}, &cosem_class_activity_calendar, &cal, NULL, all, NULL},
    {{0, 0, 15, 0, 0, 255}, &cosem_class_single_action_schedule, &sas, NULL, all, NULL},
    {{0, 0, 16, 0, 0, 255}, &cosem_class_register_monitor, &rm, NULL, all, NULL},
    {{0, 0, 16, 2, 0, 255}, &cosem_class_parameter_monitor, &pm, NULL, all, NULL},
    {{0, 0, 17, 0, 0, 255}, &cosem_class_limiter, &lim, NULL, all, NULL},
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &aln, NULL, NULL, NULL},
    {{0, 0, 96, 3, 10, 255}, &cosem_class_disconnect_control, &dc, NULL, all, NULL},
    {{0, 0, 96, 14, 0, 255}, &cosem_class_data, &tariff_ref, NULL, all, NULL},
    {{1, 0, 1, 7, 0, 255}, &cosem_class_register, &power_reg, NULL, all, NULL},
};
#define N_OBJECTS (sizeof objects / sizeof objects[0])

static const cosem_assoc_config_t assocs[1] = {
    {0x10, COSEM_AUTH_NONE, 0, 0x00FFFFFFu, NULL, NULL, false, NULL}};
static const uint8_t aarq[] = {
    0x60, 0x1D, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0xBE, 0x10, 0x04,
    0x0E, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0xFF, 0xFF, 0xFF, 0x04, 0x00};

static cosem_server_t server;
static cosem_assoc_t assoc;
static uint8_t work[1024];
static uint8_t out[1024];

/* Every piece of state back to its start. */
static void reset_state(void)
{
    memcpy(scripts, scripts_init, sizeof scripts_init);
    scripts_len = sizeof scripts_init;
    memset(&cals, 0, sizeof cals);
    memcpy(cal_a, cal_init, sizeof cal_init);
    memcpy(cal_p, cal_init, sizeof cal_init);
    memcpy(cals.active_len, cal_lens, sizeof cal_lens);
    memcpy(cals.passive_len, cal_lens, sizeof cal_lens);
    cosem_datetime_clear(&cals.activate_time);
    memset(&cst, 0, sizeof cst);
    cst.time_zone = -60;
    cosem_datetime_clear(&cst.dst_begin);
    cosem_datetime_clear(&cst.dst_end);
    sdays_n = 0;
    memset(&sass, 0, sizeof sass);
    sass.type = 5;
    memset(&rms, 0, sizeof rms);
    memset(&pms, 0, sizeof pms);
    memset(&lims, 0, sizeof lims);
    lims.active.type = lims.normal.type = lims.emergency.type = COSEM_AXDR_DOUBLE_LONG_UNSIGNED;
    dcs.control_state = COSEM_DISCONNECT_CONNECTED;
    dcs.control_mode = 5;
    relay = true;
    now_utc = INT64_C(1711846800); /* 2024-03-31T01:00:00Z */
    now_ms = 0;
    cal.special_days = &objects[2];
    cal.clock = &objects[0];
    sas.clock = &objects[0];
}

static void setup(void)
{
    cosem_server_config_t c;
    reset_state();
    memset(&c, 0, sizeof c);
    c.objects = objects;
    c.object_count = N_OBJECTS;
    c.assocs = assocs;
    c.assoc_count = 1;
    c.port = &port;
    c.max_pdu = 1024;
    if (cosem_server_init(&server, &c) != COSEM_OK ||
        cosem_assoc_init(&assoc, &server, work, sizeof work) != COSEM_OK ||
        cosem_assoc_open(&assoc, 0x10) != COSEM_OK) {
        abort();
    }
}

/* Handle one APDU; the response must fit. */
static size_t feed(const uint8_t *p, size_t n)
{
    size_t len = 0;
    if (cosem_assoc_handle(&assoc, p, n, out, sizeof out, &len) != COSEM_OK || len > sizeof out) {
        abort();
    }
    return len;
}

/* Every object consistent; the relay as the state says. */
static void check_all(void)
{
    for (size_t i = 0; i < N_OBJECTS; ++i) {
        const cosem_object_t *o = &objects[i];
        if (o->cls->check != NULL && o->cls->check(o) != COSEM_OK) {
            abort();
        }
    }
    if (relay != (dcs.control_state == COSEM_DISCONNECT_CONNECTED)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t get_name[] = {0xC0, 0x01, 0xC1, 0x00, 0x14, 0x00, 0x00,
                                       0x0D, 0x00, 0x00, 0xFF, 0x02, 0x00};
    size_t i = 0;
    setup();
    feed(aarq, sizeof aarq);
    while (i + 2u <= size) {
        size_t n = data[i];
        int8_t step = (int8_t)data[i + 1u];
        i += 2u;
        if (n > size - i) {
            n = size - i;
        }
        feed(data + i, n);
        i += n;
        now_utc += (int64_t)step * 97;
        now_ms += 1000u;
        power = (uint32_t)(power * 7u + (uint32_t)step);
        cosem_server_tick(&server);
        check_all();
    }
    cosem_assoc_close(&assoc);
    if (cosem_assoc_open(&assoc, 0x10) != COSEM_OK) {
        abort();
    }
    feed(aarq, sizeof aarq);
    if (feed(get_name, sizeof get_name) < 6u || out[0] != 0xC4 || out[3] != 0x00) {
        abort();
    }
    cosem_assoc_close(&assoc);
    return 0;
}
