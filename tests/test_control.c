/* SPDX-License-Identifier: Apache-2.0 */
/* Script table (9) and Disconnect control (70): every control mode x every
 * trigger x every state against the Blue Book 4.5.8 mode table (written
 * here from the standard's text, letter by letter, independently of the
 * class's table), the relay through a fake port (failures, wrong
 * read-back), scripts executed through the server's own path, the nesting
 * limit, malformed SETs leaving the previous configuration in force. */
#include <string.h>

#include <cosem/classes.h>
#include <cosem/control.h>
#include <cosem/metering.h>
#include <cosem/server.h>

#include "test_class_fixture.h"

/* ---- fake relay port ---------------------------------------------------- */

typedef struct {
    bool relay[2];
    int sets;           /* relay_set calls */
    bool fail_set;      /* relay_set answers COSEM_E_IO */
    bool stuck;         /* the contact does not move (read-back differs) */
    bool fail_get;      /* relay_get answers COSEM_E_IO */
    uint32_t ms;        /* monotonic clock */
    int64_t utc;        /* wall clock (UTC, deviation 0) */
} fake_relay_t;

static fake_relay_t fr;

static cosem_status_t fr_set(void *user, unsigned index, bool on)
{
    fake_relay_t *f = user;
    if (index > 1u) {
        return COSEM_E_RANGE;
    }
    f->sets++;
    if (f->fail_set) {
        return COSEM_E_IO;
    }
    if (!f->stuck) {
        f->relay[index] = on;
    }
    return COSEM_OK;
}

static cosem_status_t fr_get(void *user, unsigned index, bool *on)
{
    const fake_relay_t *f = user;
    if (f->fail_get || index > 1u) {
        return COSEM_E_IO;
    }
    *on = f->relay[index];
    return COSEM_OK;
}

static uint32_t fr_ms(void *user)
{
    return ((const fake_relay_t *)user)->ms;
}

static cosem_status_t fr_time(void *user, cosem_datetime_t *now)
{
    return cosem_datetime_from_utc(now, ((const fake_relay_t *)user)->utc, 0, 0);
}

static const cosem_port_t port = {&fr, fr_ms, fr_time, NULL, NULL, fr_set, fr_get, NULL, NULL, NULL};

/* ---- objects -------------------------------------------------------------- */

static cosem_disconnect_ctl_state_t dcs;
static int dc_events;
static uint8_t last_from, last_to, last_trigger;

static void dc_event(struct cosem_server *s, const cosem_object_t *obj, uint8_t from, uint8_t to,
                     cosem_disconnect_trigger_t trigger)
{
    (void)s;
    (void)obj;
    dc_events++;
    last_from = from;
    last_to = to;
    last_trigger = (uint8_t)trigger;
}

static const cosem_disconnect_control_t dc = {&dcs, 1, dc_event};

static uint8_t scripts_a[256];
static uint16_t scripts_a_len;
static uint8_t scripts_b[64];
static uint16_t scripts_b_len;

static cosem_script_result_t results[8];
static int n_results;
static char ran[32]; /* script ids run, as digits */

static void on_result(struct cosem_server *s, const cosem_object_t *t,
                      const cosem_script_result_t *res)
{
    (void)s;
    (void)t;
    if (n_results < 8) {
        results[n_results] = *res;
    }
    n_results++;
    if (res->action == 0u && strlen(ran) + 1u < sizeof ran) {
        ran[strlen(ran)] = (char)('0' + res->script_id);
    }
}

static const cosem_script_table_t table_a = {scripts_a, &scripts_a_len, sizeof scripts_a,
                                             on_result};
static const cosem_script_table_t table_b = {scripts_b, &scripts_b_len, sizeof scripts_b, NULL};

static uint8_t tariff;
static const cosem_vref_t tariff_ref = COSEM_VREF(COSEM_AXDR_UNSIGNED, &tariff);

static uint32_t power;
static const cosem_register_t power_reg = {
    COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &power), 0, COSEM_UNIT_W};

static cosem_limiter_state_t lims;
static uint16_t groups[2];
static int lim_changes;
static bool lim_last_over;

static void lim_change(struct cosem_server *s, const cosem_object_t *obj, bool over)
{
    (void)s;
    (void)obj;
    lim_changes++;
    lim_last_over = over;
}

static const cosem_limiter_t lim = {&lims, groups, 2, lim_change};

static cosem_register_monitor_state_t rms;
static cosem_threshold_t rm_thr[2];
static cosem_action_set_t rm_act[2];
static const cosem_register_monitor_t rm = {&rms, rm_thr, rm_act, 2};

static cosem_parameter_monitor_state_t pms;
static cosem_value_def_t pm_list[2];
static uint8_t pm_value[16];
static const cosem_parameter_monitor_t pm = {&pms, pm_list, 2, pm_value, sizeof pm_value};

static const cosem_object_t objects[] = {
    {{0, 0, 10, 0, 106, 255}, &cosem_class_script_table, &table_a, NULL, all_rights, NULL},
    {{0, 0, 10, 0, 107, 255}, &cosem_class_script_table, &table_b, NULL, all_rights, NULL},
    {{0, 0, 16, 0, 0, 255}, &cosem_class_register_monitor, &rm, NULL, all_rights, NULL},
    {{0, 0, 16, 2, 0, 255}, &cosem_class_parameter_monitor, &pm, NULL, all_rights, NULL},
    {{0, 0, 17, 0, 0, 255}, &cosem_class_limiter, &lim, NULL, all_rights, NULL},
    {{0, 0, 96, 3, 10, 255}, &cosem_class_disconnect_control, &dc, NULL, all_rights, NULL},
    {{0, 0, 96, 14, 0, 255}, &cosem_class_data, &tariff_ref, NULL, all_rights, NULL},
    {{1, 0, 1, 7, 0, 255}, &cosem_class_register, &power_reg, NULL, all_rights, NULL},
};
#define O_TABLE_A (&objects[0])
#define O_TABLE_B (&objects[1])
#define O_RM (&objects[2])
#define O_PM (&objects[3])
#define O_LIM (&objects[4])
#define O_DC (&objects[5])

static const cosem_assoc_config_t assocs[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION, NULL, NULL,
     false, NULL}};

/* Script 1: tariff := 2, then remote_disconnect. Script 2: a write to a
 * missing object, an execute of another table (forbidden), tariff := 7.
 * Script 3: a write of table B's scripts (forbidden). */
#define SCRIPTS                                                                          \
    "01 05"                                                                              \
    " 02 02 12 00 01 01 02"                                                              \
    "  02 05 16 01 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 02"                         \
    "  02 05 16 02 12 00 46 09 06 00 00 60 03 0A FF 0F 01 0F 00"                         \
    " 02 02 12 00 02 01 03"                                                              \
    "  02 05 16 01 12 00 01 09 06 00 00 63 63 63 FF 0F 02 11 05"                         \
    "  02 05 16 02 12 00 09 09 06 00 00 0A 00 6B FF 0F 01 12 00 01"                      \
    "  02 05 16 01 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 07"                         \
    " 02 02 12 00 03 01 01"                                                              \
    "  02 05 16 01 12 00 09 09 06 00 00 0A 00 6B FF 0F 02 01 00"                         \
    " 02 02 12 00 04 01 01 02 05 16 02 12 00 46 09 06 00 00 60 03 0A FF 0F 01 0F 00"      \
    " 02 02 12 00 05 01 01 02 05 16 02 12 00 46 09 06 00 00 60 03 0A FF 0F 02 0F 00"

/* Table B: script 1 executes script 1 of table A (forbidden nesting). */
#define SCRIPTS_B "01 01 02 02 12 00 01 01 01 02 05 16 02 12 00 09 09 06 00 00 0A 00 6A FF 0F 01 12 00 01"

static void setup(void)
{
    memset(&fr, 0, sizeof fr);
    fr.relay[1] = true;
    dcs.control_state = COSEM_DISCONNECT_CONNECTED;
    dcs.control_mode = 1;
    dc_events = 0;
    n_results = 0;
    tariff = 1;
    scripts_a_len = (uint16_t)tu_hex(SCRIPTS, scripts_a, sizeof scripts_a);
    scripts_b_len = (uint16_t)tu_hex(SCRIPTS_B, scripts_b, sizeof scripts_b);
    memset(&lims, 0, sizeof lims);
    lims.monitored = (cosem_value_def_t){3, {1, 0, 1, 7, 0, 255}, 2};
    lims.normal = (cosem_threshold_t){1000, COSEM_AXDR_DOUBLE_LONG_UNSIGNED};
    lims.active = lims.normal;
    lims.emergency = (cosem_threshold_t){500, COSEM_AXDR_DOUBLE_LONG_UNSIGNED};
    lims.min_over = 5;
    lims.min_under = 3;
    lims.action_over = (cosem_script_ref_t){{0, 0, 10, 0, 106, 255}, 4};
    lims.action_under = (cosem_script_ref_t){{0, 0, 10, 0, 106, 255}, 5};
    lim_changes = 0;
    power = 0;
    memset(ran, 0, sizeof ran);
    memset(&rms, 0, sizeof rms);
    memset(&pms, 0, sizeof pms);
    cosem_datetime_clear(&pms.capture_time);
    fr.utc = INT64_C(1704067200); /* 2024-01-01T00:00:00Z */
    fx_server_init(objects, sizeof objects / sizeof objects[0], assocs, 1, &port, 1024);
}

static void teardown(void)
{
}

/* ---- disconnect control: the mode table --------------------------------- */

/* The transitions a..h of the Blue Book state diagram: trigger, from, to. */
static const struct {
    char letter;
    cosem_disconnect_trigger_t trigger;
    uint8_t from, to;
} letters[] = {
    {'a', COSEM_DISCONNECT_REMOTE_RECONNECT, 0, 2},
    {'b', COSEM_DISCONNECT_REMOTE_DISCONNECT, 1, 0},
    {'c', COSEM_DISCONNECT_REMOTE_DISCONNECT, 2, 0},
    {'d', COSEM_DISCONNECT_REMOTE_RECONNECT, 0, 1},
    {'e', COSEM_DISCONNECT_MANUAL_RECONNECT, 2, 1},
    {'f', COSEM_DISCONNECT_MANUAL_DISCONNECT, 1, 2},
    {'g', COSEM_DISCONNECT_LOCAL_DISCONNECT, 1, 2},
    {'h', COSEM_DISCONNECT_LOCAL_RECONNECT, 2, 1},
};

/* Blue Book control_mode text: "Disconnection: Remote (b, c), manual (f),
 * local (g); Reconnection: Remote (d), manual (e)" and so on. */
static const char *const mode_letters[7] = {
    "", "bcfgde", "bcfgae", "bcgde", "bcgae", "bcfgdeh", "bcgdeh"};

/* Expected next state, or -1 when the trigger does nothing. */
static int expected(uint8_t mode, uint8_t state, cosem_disconnect_trigger_t trig)
{
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; ++i) {
        if (letters[i].trigger == trig && letters[i].from == state &&
            strchr(mode_letters[mode], letters[i].letter) != NULL) {
            return letters[i].to;
        }
    }
    return -1;
}

START_TEST(test_every_mode_trigger_state)
{
    int made = 0, refused = 0;
    for (uint8_t mode = 0; mode <= 6u; ++mode) {
        for (uint8_t state = 0; state <= 2u; ++state) {
            for (int t = 1; t <= 6; ++t) {
                cosem_disconnect_trigger_t trig = (cosem_disconnect_trigger_t)t;
                int want = expected(mode, state, trig);
                cosem_status_t st;
                dcs.control_mode = mode;
                dcs.control_state = state;
                fr.relay[1] = state == 1u;
                dc_events = 0;
                st = cosem_disconnect_control_signal(&server, O_DC, trig);
                if (want < 0) {
                    ck_assert_msg(st == COSEM_E_STATE, "mode %u state %u trigger %d: %d", mode,
                                  state, t, (int)st);
                    ck_assert_uint_eq(dcs.control_state, state);
                    ck_assert_int_eq(fr.relay[1], state == 1u);
                    ck_assert_int_eq(dc_events, 0);
                    refused++;
                } else {
                    ck_assert_msg(st == COSEM_OK, "mode %u state %u trigger %d: %d", mode, state,
                                  t, (int)st);
                    ck_assert_uint_eq(dcs.control_state, (unsigned)want);
                    ck_assert_int_eq(fr.relay[1], want == 1);
                    ck_assert_int_eq(dc_events, 1);
                    ck_assert_uint_eq(last_from, state);
                    ck_assert_uint_eq(last_to, (unsigned)want);
                    ck_assert_uint_eq(last_trigger, (unsigned)t);
                    made++;
                }
            }
        }
    }
    /* 7 modes x 3 states x 6 triggers; the letters per mode add up to 35. */
    ck_assert_int_eq(made, 6 + 6 + 5 + 5 + 7 + 6);
    ck_assert_int_eq(made + refused, 7 * 3 * 6);
}
END_TEST

START_TEST(test_methods_and_attributes)
{
    cosem_dar_t dar;
    /* Connected, mode 1: output_state true, control_state 1, mode 1. */
    ck_assert_str_eq(get_ok(O_DC, 2), "03 01");
    ck_assert_str_eq(get_ok(O_DC, 3), "16 01");
    ck_assert_str_eq(get_ok(O_DC, 4), "16 01");
    /* remote_disconnect (b), then again: no transition from disconnected. */
    ck_assert_int_eq(act(O_DC, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_DC, 2), "03 00");
    ck_assert_str_eq(get_ok(O_DC, 3), "16 00");
    ck_assert_int_eq(act(O_DC, 1, ""), COSEM_DAR_TEMPORARY_FAILURE);
    /* remote_reconnect (d) straight to connected in mode 1. */
    ck_assert_int_eq(act(O_DC, 2, ""), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_DC, 3), "16 01");
    ck_assert_int_eq(fr.relay[1], true);
    /* Parameters: integer(1) other-reason, long type-unmatched. */
    ck_assert_int_eq(act(O_DC, 1, "0F 01"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(O_DC, 1, "10 00 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(act(O_DC, 3, ""), COSEM_DAR_OBJECT_UNDEFINED);
    ck_assert_uint_eq(dcs.control_state, 1u);
    /* SET control_mode: 7 other-reason, unsigned type-unmatched, 2 ok. */
    ck_assert_int_eq(set(O_DC, 4, "16 07"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_DC, 4, "11 02"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_DC, 3, "16 00"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(set(O_DC, 2, "03 00"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(set(O_DC, 4, "16 02"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_DC, 4), "16 02");
    /* Mode 2: disconnect, reconnect goes to ready (a), manual reconnect (e). */
    ck_assert_int_eq(act(O_DC, 1, ""), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_DC, 2, ""), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_DC, 3), "16 02");
    ck_assert_str_eq(get_ok(O_DC, 2), "03 00");
    ck_assert_int_eq(cosem_disconnect_control_signal(&server, O_DC,
                                                     COSEM_DISCONNECT_MANUAL_RECONNECT),
                     COSEM_OK);
    ck_assert_str_eq(get_ok(O_DC, 3), "16 01");
    /* Mode 0 from disconnected: SET connects the output. */
    ck_assert_int_eq(act(O_DC, 1, ""), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(O_DC, 4, "16 00"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(dcs.control_state, 1u);
    ck_assert_int_eq(fr.relay[1], true);
    ck_assert_int_eq(act(O_DC, 1, ""), COSEM_DAR_TEMPORARY_FAILURE);
    ck_assert_int_eq(cosem_disconnect_control_signal(&server, O_DC,
                                                     (cosem_disconnect_trigger_t)7),
                     COSEM_E_ARG);
    ck_assert_int_eq(cosem_disconnect_control_signal(&server, O_TABLE_A,
                                                     COSEM_DISCONNECT_LOCAL_DISCONNECT),
                     COSEM_E_ARG);
    (void)dar;
}
END_TEST

START_TEST(test_relay_failures)
{
    /* relay_set fails: hardware-fault, state unchanged, no event. */
    fr.fail_set = true;
    ck_assert_int_eq(act(O_DC, 1, ""), COSEM_DAR_HARDWARE_FAULT);
    ck_assert_uint_eq(dcs.control_state, 1u);
    ck_assert_int_eq(dc_events, 0);
    ck_assert_int_eq(cosem_disconnect_control_signal(&server, O_DC,
                                                     COSEM_DISCONNECT_LOCAL_DISCONNECT),
                     COSEM_E_IO);
    fr.fail_set = false;
    /* Contact stuck closed: the read-back differs, hardware-fault, the
     * previous output commanded again, output_state reads the truth. */
    fr.stuck = true;
    fr.sets = 0;
    ck_assert_int_eq(act(O_DC, 1, ""), COSEM_DAR_HARDWARE_FAULT);
    ck_assert_int_eq(fr.sets, 2);
    ck_assert_uint_eq(dcs.control_state, 1u);
    ck_assert_str_eq(get_ok(O_DC, 2), "03 01");
    fr.stuck = false;
    /* The contact opened behind our back: output_state says so. */
    fr.relay[1] = false;
    ck_assert_str_eq(get_ok(O_DC, 2), "03 00");
    /* relay_get fails: output_state hardware-fault; a transition too. */
    fr.fail_get = true;
    {
        cosem_dar_t dar;
        get(O_DC, 2, &dar);
        ck_assert_int_eq(dar, COSEM_DAR_HARDWARE_FAULT);
    }
    ck_assert_int_eq(act(O_DC, 1, ""), COSEM_DAR_HARDWARE_FAULT);
    ck_assert_uint_eq(dcs.control_state, 1u);
}
END_TEST

START_TEST(test_disconnect_through_server)
{
    associate();
    /* ACTION 0.0.96.3.10.255 (class 70) method 1 remote_disconnect(0). */
    ck_assert_str_eq(xchg("C3 01 C1 00 46 00 00 60 03 0A FF 01 01 0F 00"), "C7 01 C1 00 00");
    ck_assert_int_eq(fr.relay[1], false);
    /* GET attribute 0... attribute 3 control_state: enum 0. */
    ck_assert_str_eq(xchg("C0 01 C1 00 46 00 00 60 03 0A FF 03 00"), "C4 01 C1 00 16 00");
    /* remote_disconnect again: temporary-failure (2). */
    ck_assert_str_eq(xchg("C3 01 C1 00 46 00 00 60 03 0A FF 01 01 0F 00"), "C7 01 C1 02 00");
    /* remote_reconnect. */
    ck_assert_str_eq(xchg("C3 01 C1 00 46 00 00 60 03 0A FF 02 01 0F 00"), "C7 01 C1 00 00");
    ck_assert_str_eq(xchg("C0 01 C1 00 46 00 00 60 03 0A FF 02 00"), "C4 01 C1 00 03 01");
}
END_TEST

/* ---- script table -------------------------------------------------------- */

START_TEST(test_script_execute)
{
    /* Script 1: tariff := 2 and remote_disconnect. */
    ck_assert_int_eq(act(O_TABLE_A, 1, "12 00 01"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(tariff, 2u);
    ck_assert_uint_eq(dcs.control_state, 0u);
    ck_assert_int_eq(fr.relay[1], false);
    ck_assert_int_eq(n_results, 2);
    ck_assert_uint_eq(results[0].script_id, 1u);
    ck_assert_uint_eq(results[0].action, 0u);
    ck_assert_uint_eq(results[1].service, COSEM_SCRIPT_EXECUTE_METHOD);
    ck_assert_uint_eq(results[1].class_id, 70u);
    ck_assert_int_eq(results[1].dar, COSEM_DAR_SUCCESS);
    /* Again: the disconnect now has no transition, reported, the write done. */
    tariff = 1;
    n_results = 0;
    ck_assert_int_eq(act(O_TABLE_A, 1, "12 00 01"), COSEM_DAR_TEMPORARY_FAILURE);
    ck_assert_uint_eq(tariff, 2u);
    ck_assert_int_eq(results[1].dar, COSEM_DAR_TEMPORARY_FAILURE);
    /* Unknown script: other-reason; script 0 is the empty script. */
    ck_assert_int_eq(act(O_TABLE_A, 1, "12 00 09"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(O_TABLE_A, 1, "12 00 00"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_TABLE_A, 1, "11 01"), COSEM_DAR_TYPE_UNMATCHED);
}
END_TEST

START_TEST(test_script_failures_continue)
{
    /* Script 2: missing object, nested execute (forbidden), tariff := 7.
     * The first failure is the answer; the last action still runs. */
    n_results = 0;
    ck_assert_int_eq(act(O_TABLE_A, 1, "12 00 02"), COSEM_DAR_OBJECT_UNDEFINED);
    ck_assert_int_eq(n_results, 3);
    ck_assert_int_eq(results[0].dar, COSEM_DAR_OBJECT_UNDEFINED);
    ck_assert_int_eq(results[1].dar, COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(results[2].dar, COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(tariff, 7u);
    /* Script 3 writes table B's scripts: forbidden, B unchanged. */
    ck_assert_int_eq(act(O_TABLE_A, 1, "12 00 03"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_uint_eq(scripts_b_len, 29u);
    /* Table B nests into table A: refused, A's script 1 did not run. */
    ck_assert_int_eq(cosem_script_execute(&server, O_TABLE_B, 1), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_uint_eq(dcs.control_state, 1u);
    /* Through references. */
    {
        cosem_script_ref_t ref = {{0, 0, 10, 0, 106, 255}, 1};
        cosem_script_ref_t none = {{0, 0, 0, 0, 0, 0}, 1};
        cosem_script_ref_t missing = {{0, 0, 10, 0, 1, 255}, 1};
        cosem_script_ref_t not_table = {{0, 0, 96, 3, 10, 255}, 1};
        ck_assert_int_eq(cosem_script_run(&server, &ref), COSEM_DAR_SUCCESS);
        ck_assert_uint_eq(dcs.control_state, 0u);
        ck_assert_int_eq(cosem_script_run(&server, &none), COSEM_DAR_SUCCESS);
        ck_assert_int_eq(cosem_script_run(&server, &missing), COSEM_DAR_OBJECT_UNDEFINED);
        ck_assert_int_eq(cosem_script_run(&server, &not_table),
                         COSEM_DAR_OBJECT_CLASS_INCONSISTENT);
    }
    /* A class that lacks the attribute: object-undefined from the server. */
    ck_assert_int_eq(set(O_TABLE_A, 2,
                              "01 01 02 02 12 00 05 01 01 02 05 16 01 12 00 46 09 06 00 00 60 03 "
                              "0A FF 0F 09 16 00"),
                     COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_TABLE_A, 1, "12 00 05"), COSEM_DAR_OBJECT_UNDEFINED);
}
END_TEST

START_TEST(test_script_set_validation)
{
    uint8_t before[sizeof scripts_a];
    uint16_t before_len = scripts_a_len;
    memcpy(before, scripts_a, sizeof before);
    ck_assert_str_eq(get_ok(O_TABLE_A, 2), tu_hexstr(scripts_a, scripts_a_len));
    /* Malformed values: type-unmatched, the scripts unchanged. */
    static const char *const bad[] = {
        "11 00",                                                     /* not an array */
        "01 01 02 01 12 00 01",                                      /* 1-element script */
        "01 01 02 02 12 00 01 01 01 02 05 16 03 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 02",
        /* service 3 */
        "01 01 02 02 12 00 01 01 01 02 05 16 01 12 00 01 09 05 00 00 60 0E 00 0F 02 11 02",
        /* 5-octet logical name */
        "01 01 02 02 12 00 01 01 01 02 05 16 01 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 01 02 11",
        /* parameter truncated */
        "01 02 02 02 12 00 01 01 00",                                /* second script missing */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        ck_assert_msg(set(O_TABLE_A, 2, bad[i]) == COSEM_DAR_TYPE_UNMATCHED, "bad %zu", i);
        ck_assert_uint_eq(scripts_a_len, before_len);
        ck_assert_int_eq(memcmp(scripts_a, before, before_len), 0);
    }
    /* Longer than table B's 64 octets: other-reason, unchanged. */
    ck_assert_int_eq(set(O_TABLE_B, 2, SCRIPTS), COSEM_DAR_OTHER_REASON);
    ck_assert_uint_eq(scripts_b_len, 29u);
    /* A valid SET replaces it; the empty array too. */
    ck_assert_int_eq(set(O_TABLE_A, 2, SCRIPTS_B), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_TABLE_A, 2), tu_hexstr(scripts_b, scripts_b_len));
    ck_assert_int_eq(set(O_TABLE_A, 2, "01 00"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_TABLE_A, 1, "12 00 01"), COSEM_DAR_OTHER_REASON);
    /* Through the server: SET of a malformed array, then a GET. */
    associate();
    ck_assert_str_eq(xchg("C1 01 C1 00 09 00 00 0A 00 6B FF 02 00 01 01 02 01 12 00 01"),
                     "C5 01 C1 0C");
    ck_assert_str_eq(xchg("C0 01 C1 00 09 00 00 0A 00 6B FF 02 00"),
                     "C4 01 C1 00 " SCRIPTS_B);
}
END_TEST

START_TEST(test_checks)
{
    static uint8_t junk[4] = {0x01, 0x01, 0x11, 0x00};
    static uint16_t junk_len = 4;
    static const cosem_script_table_t bad_table = {junk, &junk_len, sizeof junk, NULL};
    static cosem_disconnect_ctl_state_t bad_state = {3, 1};
    static const cosem_disconnect_control_t bad_dc = {&bad_state, 0, NULL};
    cosem_object_t o = {{0, 0, 10, 0, 1, 255}, &cosem_class_script_table, &bad_table, NULL,
                        NULL, NULL};
    ck_assert_int_eq(cosem_class_script_table.check(&o), COSEM_E_ARG);
    o.data = &table_a;
    ck_assert_int_eq(cosem_class_script_table.check(&o), COSEM_OK);
    o.cls = &cosem_class_disconnect_control;
    o.data = &bad_dc;
    ck_assert_int_eq(cosem_class_disconnect_control.check(&o), COSEM_E_ARG);
    bad_state.control_state = 2;
    bad_state.control_mode = 7;
    ck_assert_int_eq(cosem_class_disconnect_control.check(&o), COSEM_E_ARG);
    bad_state.control_mode = 6;
    ck_assert_int_eq(cosem_class_disconnect_control.check(&o), COSEM_OK);
}
END_TEST

/* ---- limiter --------------------------------------------------------------- */

/* One server tick at monotonic time @p ms. */
static void tick_at(uint32_t ms)
{
    fr.ms = ms;
    cosem_server_tick(&server);
}

START_TEST(test_limiter_durations)
{
    /* Under the threshold: nothing. */
    power = 1000;
    tick_at(0);
    ck_assert_int_eq(lim_changes, 0);
    /* Over from 1000 ms on; 4999 ms later not yet, 5000 ms later the
     * over action (script 4: remote_disconnect) runs once. */
    power = 1001;
    tick_at(1000);
    tick_at(5999);
    ck_assert_int_eq(lim_changes, 0);
    ck_assert_uint_eq(dcs.control_state, 1u);
    tick_at(6000);
    ck_assert_int_eq(lim_changes, 1);
    ck_assert(lim_last_over);
    ck_assert_uint_eq(dcs.control_state, 0u);
    ck_assert_int_eq(fr.relay[1], false);
    tick_at(7000);
    tick_at(60000);
    ck_assert_int_eq(lim_changes, 1);
    /* Under for 2999 ms, back over (timing restarts), under again: the
     * under action (remote_reconnect, d in mode 1) after 3000 ms. */
    power = 10;
    tick_at(61000);
    tick_at(63999);
    power = 2000;
    tick_at(64000);
    power = 10;
    tick_at(65000);
    tick_at(67999);
    ck_assert_int_eq(lim_changes, 1);
    tick_at(68000);
    ck_assert_int_eq(lim_changes, 2);
    ck_assert(!lim_last_over);
    ck_assert_uint_eq(dcs.control_state, 1u);
    ck_assert_int_eq(fr.relay[1], true);
    /* The monotonic clock wraps: durations still hold. */
    power = 2000;
    tick_at(UINT32_MAX - 999u);
    tick_at(3000);
    ck_assert_int_eq(lim_changes, 2);
    tick_at(4000);
    ck_assert_int_eq(lim_changes, 3);
    /* Zero duration: at the first tick. */
    lims.min_under = 0;
    power = 0;
    tick_at(4001);
    ck_assert_int_eq(lim_changes, 4);
}
END_TEST

START_TEST(test_limiter_emergency)
{
    groups[0] = 7;
    groups[1] = 9;
    lims.group_count = 2;
    lims.emergency_id = 9;
    /* 2024-01-01T01:00:00Z, one hour. */
    ck_assert_int_eq(set(O_LIM, 8, "02 03 12 00 09 09 0C 07 E8 01 01 01 01 00 00 00 00 00 00 06 00 00 0E 10"),
                     COSEM_DAR_SUCCESS);
    lims.min_over = 0;
    power = 700;
    fr.utc = INT64_C(1704067200) + 3599;
    tick_at(0);
    ck_assert(!lims.emergency_active);
    ck_assert_int_eq(lim_changes, 0);
    ck_assert_str_eq(get_ok(O_LIM, 3), "06 00 00 03 E8");
    fr.utc += 1;
    tick_at(1000);
    ck_assert(lims.emergency_active);
    ck_assert_str_eq(get_ok(O_LIM, 10), "03 01");
    ck_assert_str_eq(get_ok(O_LIM, 3), "06 00 00 01 F4");
    ck_assert_int_eq(lim_changes, 1);
    ck_assert(lim_last_over);
    /* The end of the profile: normal threshold, under action after 3 s. */
    fr.utc += 3600;
    tick_at(2000);
    ck_assert(!lims.emergency_active);
    tick_at(5000);
    ck_assert_int_eq(lim_changes, 2);
    /* Not a member of the groups: never active. */
    fr.utc -= 1800;
    ck_assert_int_eq(set(O_LIM, 9, "01 01 12 00 07"), COSEM_DAR_SUCCESS);
    tick_at(6000);
    ck_assert(!lims.emergency_active);
    ck_assert_str_eq(get_ok(O_LIM, 9), "01 01 12 00 07");
}
END_TEST

START_TEST(test_limiter_attributes)
{
    ck_assert_str_eq(get_ok(O_LIM, 2), "02 03 12 00 03 09 06 01 00 01 07 00 FF 0F 02");
    ck_assert_str_eq(get_ok(O_LIM, 4), "06 00 00 03 E8");
    ck_assert_str_eq(get_ok(O_LIM, 6), "06 00 00 00 05");
    ck_assert_str_eq(get_ok(O_LIM, 11),
                     "02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 04 02 02 09 06 00 00 0A 00 6A FF 12 00 05");
    /* threshold_normal as long-unsigned: kept and written back so; the
     * threshold in force follows. */
    ck_assert_int_eq(set(O_LIM, 4, "12 01 F4"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_LIM, 3), "12 01 F4");
    ck_assert_int_eq(set(O_LIM, 6, "06 00 00 00 0A"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(lims.min_over, 10u);
    /* Bad values change nothing. */
    ck_assert_int_eq(set(O_LIM, 4, "09 02 00 01"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_LIM, 6, "12 00 01"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_LIM, 2, "02 02 12 00 03 09 06 01 00 01 07 00 FF"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_LIM, 9, "01 03 12 00 01 12 00 02 12 00 03"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_LIM, 9, "01 02 12 00 01 11 02"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(lims.group_count, 0u);
    ck_assert_int_eq(set(O_LIM, 8, "02 03 12 00 09 09 0C 07 E8 0D 01 01 01 00 00 00 00 00 00 06 00 00 0E 10"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_LIM, 8, "02 02 12 00 09 06 00 00 0E 10"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(lims.emergency_id, 0u);
    ck_assert_int_eq(set(O_LIM, 11, "02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 04 02 01 09 06 00 00 0A 00 6A FF"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(lims.action_over.selector, 4u);
    ck_assert_int_eq(set(O_LIM, 10, "03 01"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_str_eq(get_ok(O_LIM, 4), "12 01 F4");
    ck_assert_uint_eq(lims.min_over, 10u);
    /* A monitored object that is missing: the limiter waits. */
    ck_assert_int_eq(set(O_LIM, 2, "02 03 12 00 03 09 06 01 00 02 07 00 FF 0F 02"),
                     COSEM_DAR_SUCCESS);
    power = 5000;
    lims.min_over = 0;
    tick_at(0);
    ck_assert_int_eq(lim_changes, 0);
}
END_TEST

/* ---- register monitor --------------------------------------------------------- */

START_TEST(test_register_monitor)
{
    /* Thresholds 1000 and 2000 on the power register's value; threshold 0:
     * up script 4, down script 5; threshold 1: up 5, down 4. The limiter
     * is told to watch nothing so that only the monitor runs scripts. */
    lims.monitored.obis[0] = 9;
    ck_assert_int_eq(set(O_RM, 3, "02 03 12 00 03 09 06 01 00 01 07 00 FF 0F 02"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(O_RM, 2, "01 02 06 00 00 03 E8 12 07 D0"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set(O_RM, 4, "01 02"
                                  " 02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 04 02 02 09 06 00 00 0A 00 6A FF 12 00 05"
                                  " 02 02 02 02 09 06 00 00 0A 00 6A FF 12 00 05 02 02 09 06 00 00 0A 00 6A FF 12 00 04"),
                     COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_RM, 2), "01 02 06 00 00 03 E8 12 07 D0");
    power = 500;
    tick_at(0);
    ck_assert_str_eq(ran, "");
    power = 1500;
    tick_at(1000);
    ck_assert_str_eq(ran, "4");
    power = 2500;
    tick_at(2000);
    tick_at(3000);
    ck_assert_str_eq(ran, "45");
    /* Down across both at once: list order. */
    power = 500;
    tick_at(4000);
    ck_assert_str_eq(ran, "4554");
    /* Equal to the threshold is not above it. */
    power = 1000;
    tick_at(5000);
    ck_assert_str_eq(ran, "4554");
    power = 1001;
    tick_at(6000);
    ck_assert_str_eq(ran, "45544");
    /* New thresholds: the first sample after only records the sides. */
    ck_assert_int_eq(set(O_RM, 2, "01 01 06 00 00 00 0A"), COSEM_DAR_SUCCESS);
    tick_at(7000);
    ck_assert_str_eq(ran, "45544");
    power = 5;
    tick_at(8000);
    ck_assert_str_eq(ran, "455445");
    /* Bad values change nothing. */
    ck_assert_int_eq(set(O_RM, 2, "01 03 11 01 11 02 11 03"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_RM, 2, "01 01 09 01 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_RM, 4, "01 01 02 01 02 02 09 06 00 00 0A 00 6A FF 12 00 04"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_RM, 3, "02 03 12 00 03 09 05 01 00 01 07 00 0F 02"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_str_eq(get_ok(O_RM, 2), "01 01 06 00 00 00 0A");
    ck_assert_str_eq(get_ok(O_RM, 3), "02 03 12 00 03 09 06 01 00 01 07 00 FF 0F 02");
    ck_assert_uint_eq(rms.action_count, 2u);
}
END_TEST

/* ---- parameter monitor ---------------------------------------------------------- */

#define PM_LIST                                                                           \
    "01 02 02 03 12 00 46 09 06 00 00 60 03 0A FF 0F 04 02 03 12 00 01 09 06 00 00 60 0E 00 " \
    "FF 0F 02"

START_TEST(test_parameter_monitor)
{
    ck_assert_str_eq(get_ok(O_PM, 2), "02 04 12 00 00 09 06 00 00 00 00 00 00 0F 00 00");
    ck_assert_str_eq(get_ok(O_PM, 3), "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF");
    /* List: control_mode of the disconnect control, the tariff value. */
    ck_assert_int_eq(set(O_PM, 4, PM_LIST), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_PM, 4), PM_LIST);
    associate();
    /* A client's SET of the tariff (class 1, 0.0.96.14.0.255, 2) := 5. */
    fr.utc += 61;
    ck_assert_str_eq(xchg("C1 01 C1 00 01 00 00 60 0E 00 FF 02 00 11 05"), "C5 01 C1 00");
    ck_assert_str_eq(get_ok(O_PM, 2),
                     "02 04 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 05");
    ck_assert_str_eq(get_ok(O_PM, 3), "09 0C 07 E8 01 01 01 00 01 01 00 00 00 00");
    /* A SET of an attribute not listed, and a refused one: no record. */
    ck_assert_str_eq(xchg("C1 01 C1 00 47 00 00 11 00 00 FF 06 00 06 00 00 00 09"), "C5 01 C1 00");
    ck_assert_str_eq(xchg("C1 01 C1 00 46 00 00 60 03 0A FF 04 00 16 09"), "C5 01 C1 FA");
    ck_assert_str_eq(get_ok(O_PM, 2),
                     "02 04 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 05");
    /* control_mode := 3 through the server; then a script's write. */
    ck_assert_str_eq(xchg("C1 01 C1 00 46 00 00 60 03 0A FF 04 00 16 03"), "C5 01 C1 00");
    ck_assert_str_eq(get_ok(O_PM, 2),
                     "02 04 12 00 46 09 06 00 00 60 03 0A FF 0F 04 16 03");
    ck_assert_int_eq(cosem_script_execute(&server, O_TABLE_A, 1), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_PM, 2),
                     "02 04 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 02");
    /* active_parameters: the values now. */
    ck_assert_str_eq(get_ok(O_PM, 5),
                     "01 02 02 04 12 00 46 09 06 00 00 60 03 0A FF 0F 04 16 03"
                     " 02 04 12 00 01 09 06 00 00 60 0E 00 FF 0F 02 11 02");
    /* delete, add (full: other-reason), bad parameter. */
    ck_assert_int_eq(act(O_PM, 2, "02 03 12 00 46 09 06 00 00 60 03 0A FF 0F 04"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(pms.count, 1u);
    ck_assert_int_eq(act(O_PM, 2, "02 03 12 00 46 09 06 00 00 60 03 0A FF 0F 04"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_PM, 1, "02 03 12 00 47 09 06 00 00 11 00 00 FF 0F 06"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_PM, 1, "02 03 12 00 47 09 06 00 00 11 00 00 FF 0F 06"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_PM, 1, "02 03 12 00 47 09 06 00 00 11 00 00 FF 0F 07"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(O_PM, 1, "02 02 12 00 47 09 06 00 00 11 00 00 FF"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(pms.count, 2u);
    ck_assert_str_eq(xchg("C1 01 C1 00 47 00 00 11 00 00 FF 06 00 06 00 00 00 0B"), "C5 01 C1 00");
    ck_assert_str_eq(get_ok(O_PM, 2), "02 04 12 00 47 09 06 00 00 11 00 00 FF 0F 06 06 00 00 00 0B");
    /* Bad lists change nothing. */
    ck_assert_int_eq(set(O_PM, 4, "01 03 02 03 12 00 01 09 06 00 00 00 00 00 01 0F 02 02 03 12 00 01 09 06 00 00 00 00 00 02 0F 02 02 03 12 00 01 09 06 00 00 00 00 00 03 0F 02"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_PM, 4, "01 01 02 03 12 00 01 09 06 00 00 00 00 00 01 11 02"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_PM, 2, "02 00"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_uint_eq(pms.count, 2u);
}
END_TEST

static Suite *control_suite(void)
{
    Suite *s = suite_create("control");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_every_mode_trigger_state);
    tcase_add_test(tc, test_methods_and_attributes);
    tcase_add_test(tc, test_relay_failures);
    tcase_add_test(tc, test_disconnect_through_server);
    tcase_add_test(tc, test_script_execute);
    tcase_add_test(tc, test_script_failures_continue);
    tcase_add_test(tc, test_script_set_validation);
    tcase_add_test(tc, test_checks);
    tcase_add_test(tc, test_limiter_durations);
    tcase_add_test(tc, test_limiter_emergency);
    tcase_add_test(tc, test_limiter_attributes);
    tcase_add_test(tc, test_register_monitor);
    tcase_add_test(tc, test_parameter_monitor);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(control_suite)
