/* SPDX-License-Identifier: Apache-2.0 */
/* Register (3), Extended register (4), Demand register (5) and the unit
 * names: every attribute and method with exact encodings (Blue Book 4.3.2,
 * 4.3.3, 4.3.4), called through the class descriptors and through the
 * server (cosem_assoc_handle). Expected bytes marked "Gurux.DLMS.Python
 * 1.0.197" were generated with that package's encoder (GXDLMSRegister /
 * GXDLMSDemandRegister getValue + setData), not copied from its code. */
#include <string.h>

#include <cosem/classes.h>
#include <cosem/metering.h>
#include <cosem/server.h>

#include "test_class_fixture.h"

/* ---- a fake wall clock -------------------------------------------------- */

typedef struct {
    int64_t utc;
    int16_t dev;
    uint8_t status;
    bool fail;
} fake_clock_t;

/* port.time_get: the fake instant in the fake zone. */
static cosem_status_t fk_get(void *user, cosem_datetime_t *now)
{
    const fake_clock_t *f = user;
    if (f->fail) {
        return COSEM_E_IO;
    }
    return cosem_datetime_from_utc(now, f->utc, f->dev, f->status);
}

static fake_clock_t clk;
static const cosem_port_t port = {&clk, NULL, fk_get, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

/* 2024-01-01T00:00:00Z */
#define T2024 INT64_C(1704067200)

/* ---- objects ------------------------------------------------------------ */

static uint32_t energy;
static const cosem_register_t reg_energy = {
    COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy), -3, COSEM_UNIT_WH};

static uint8_t serial[8];
static uint16_t serial_len;
static const cosem_register_t reg_string = {
    COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, serial, &serial_len, sizeof serial), 0,
    COSEM_UNIT_COUNT};

static uint8_t fixed4[4];
static const cosem_register_t reg_fixed = {
    COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, fixed4, NULL, sizeof fixed4), 0, COSEM_UNIT_COUNT};

static float voltage;
static const cosem_register_t reg_float = {COSEM_VREF(COSEM_AXDR_FLOAT32, &voltage), 0,
                                           COSEM_UNIT_V};

static int16_t max_power;
static uint8_t xstatus;
static cosem_datetime_t xcapture;
static const cosem_extended_register_t xreg = {
    {COSEM_VREF(COSEM_AXDR_LONG, &max_power), 1, COSEM_UNIT_W},
    COSEM_VREF(COSEM_AXDR_UNSIGNED, &xstatus),
    &xcapture};

static int64_t history[4];
static cosem_demand_state_t dstate;
static uint8_t dstatus;
static const cosem_demand_register_t dreg = {
    COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy), 3600, COSEM_AXDR_DOUBLE_LONG_UNSIGNED,
    0, COSEM_UNIT_W, COSEM_VREF(COSEM_AXDR_UNSIGNED, &dstatus), &dstate};

static uint8_t ldn[4] = {'L', 'C', 'M', '1'};
static const cosem_vref_t ldn_ref = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, ldn, NULL, 4);

/* Logical names in ascending order (the table needs no index). */
static const cosem_object_t objects[] = {
    {{0, 0, 42, 0, 0, 255}, &cosem_class_data_ro, &ldn_ref, NULL, all_rights, NULL},
    {{0, 0, 96, 1, 0, 255}, &cosem_class_register, &reg_string, NULL, all_rights, NULL},
    {{0, 0, 96, 1, 1, 255}, &cosem_class_register, &reg_fixed, NULL, all_rights, NULL},
    {{1, 0, 1, 4, 0, 255}, &cosem_class_demand_register, &dreg, NULL, all_rights, NULL},
    {{1, 0, 1, 6, 0, 255}, &cosem_class_extended_register, &xreg, NULL, all_rights, NULL},
    {{1, 0, 1, 8, 0, 255}, &cosem_class_register, &reg_energy, NULL, all_rights, NULL},
    {{1, 0, 1, 8, 1, 255}, &cosem_class_register_ro, &reg_energy, NULL, all_rights, NULL},
    {{1, 0, 32, 7, 0, 255}, &cosem_class_register, &reg_float, NULL, all_rights, NULL},
};
#define O_LDN_RO (&objects[0])
#define O_STRING (&objects[1])
#define O_FIXED (&objects[2])
#define O_DEMAND (&objects[3])
#define O_EXT (&objects[4])
#define O_ENERGY (&objects[5])
#define O_ENERGY_RO (&objects[6])
#define O_FLOAT (&objects[7])

static const cosem_assoc_config_t assoc_cfg[] = {
    {0x10, COSEM_AUTH_NONE, 0,
     COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION | COSEM_CONF_SELECTIVE_ACCESS |
         COSEM_CONF_BLOCK_TRANSFER_GET,
     NULL, NULL, false, NULL}};

/* Fresh application state and server before every test. */
static void setup(void)
{
    memset(&clk, 0, sizeof clk);
    clk.utc = T2024;
    energy = 0x00012345u;
    serial_len = 3;
    memcpy(serial, "ABC", 3);
    memcpy(fixed4, "\x01\x02\x03\x04", 4);
    voltage = 230.5f;
    max_power = 1234;
    xstatus = 5;
    cosem_datetime_clear(&xcapture);
    memset(&dstate, 0, sizeof dstate);
    memset(history, 0, sizeof history);
    dstate.period = 900;
    dstate.number_of_periods = 1;
    dstate.history = history;
    dstate.history_cap = 4;
    dstatus = 0;
    fx_server_init(objects, sizeof objects / sizeof objects[0], assoc_cfg, 1, &port, 1024);
}

static void teardown(void)
{
}

/* ---- units -------------------------------------------------------------- */

START_TEST(test_unit_names)
{
    /* Codes of the Blue Book unit table (DLMS UA 1000-1, 4.3.2). */
    ck_assert_str_eq(cosem_unit_name(COSEM_UNIT_WH), "Wh");
    ck_assert_str_eq(cosem_unit_name(30), "Wh");
    ck_assert_str_eq(cosem_unit_name(27), "W");
    ck_assert_str_eq(cosem_unit_name(29), "var");
    ck_assert_str_eq(cosem_unit_name(32), "varh");
    ck_assert_str_eq(cosem_unit_name(33), "A");
    ck_assert_str_eq(cosem_unit_name(35), "V");
    ck_assert_str_eq(cosem_unit_name(44), "Hz");
    ck_assert_str_eq(cosem_unit_name(1), "a");
    ck_assert_str_eq(cosem_unit_name(13), "m3");
    ck_assert_str_eq(cosem_unit_name(56), "%");
    ck_assert_str_eq(cosem_unit_name(57), "Ah");
    ck_assert_str_eq(cosem_unit_name(72), "dB");
    ck_assert_str_eq(cosem_unit_name(128), "in");
    ck_assert_str_eq(cosem_unit_name(174), "BTU/d");
    ck_assert_str_eq(cosem_unit_name(254), "other");
    ck_assert_str_eq(cosem_unit_name(255), "");
    /* Reserved codes. */
    ck_assert_str_eq(cosem_unit_name(0), "?");
    ck_assert_str_eq(cosem_unit_name(58), "?");
    ck_assert_str_eq(cosem_unit_name(73), "?");
    ck_assert_str_eq(cosem_unit_name(175), "?");
    ck_assert_str_eq(cosem_unit_name(253), "?");
    for (unsigned u = 0; u < 256u; u++) {
        ck_assert_ptr_nonnull(cosem_unit_name((uint8_t)u));
    }
}
END_TEST

/* ---- Register ------------------------------------------------------------ */

START_TEST(test_register_get)
{
    /* value: double-long-unsigned (tag 06); scaler_unit {-3, Wh}: the
     * classic 02 02 0F FD 16 1E (Gurux.DLMS.Python 1.0.197, scaler 0.001
     * unit 30). */
    ck_assert_str_eq(get_ok(O_ENERGY, 2), "06 00 01 23 45");
    ck_assert_str_eq(get_ok(O_ENERGY, 3), "02 02 0F FD 16 1E");
    /* Octet-string value (Blue Book: value may be any simple type). */
    ck_assert_str_eq(get_ok(O_STRING, 2), "09 03 41 42 43");
    ck_assert_str_eq(get_ok(O_STRING, 3), "02 02 0F 00 16 FF");
    /* float32 230.5 = 0x43668000; unit V = 35 = 0x23. */
    ck_assert_str_eq(get_ok(O_FLOAT, 2), "17 43 66 80 00");
    ck_assert_str_eq(get_ok(O_FLOAT, 3), "02 02 0F 00 16 23");
}
END_TEST

START_TEST(test_register_set)
{
    ck_assert_int_eq(set(O_ENERGY, 2, "06 00 00 00 2A"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(energy, 42u);
    /* Another integer type, truncated value, a structure: type-unmatched,
     * value untouched. */
    ck_assert_int_eq(set(O_ENERGY, 2, "12 00 2B"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_ENERGY, 2, "06 00 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_ENERGY, 2, "02 02 0F FD 16 1E"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(energy, 42u);
    /* scaler_unit is constant (in flash). */
    ck_assert_int_eq(set(O_ENERGY, 3, "02 02 0F 00 16 1E"), COSEM_DAR_READ_WRITE_DENIED);
    /* Strings: length within the capacity; a fixed-length one exactly. */
    ck_assert_int_eq(set(O_STRING, 2, "09 05 31 32 33 34 35"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_STRING, 2), "09 05 31 32 33 34 35");
    ck_assert_int_eq(set(O_STRING, 2, "09 09 01 02 03 04 05 06 07 08 09"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_FIXED, 2, "09 03 01 02 03"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_FIXED, 2, "09 04 0A 0B 0C 0D"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_FIXED, 2), "09 04 0A 0B 0C 0D");
}
END_TEST

START_TEST(test_register_reset)
{
    /* reset (1): data ::= integer(0) (Blue Book 4.3.2). */
    ck_assert_int_eq(act(O_ENERGY, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(energy, 0u);
    ck_assert_str_eq(get_ok(O_ENERGY, 2), "06 00 00 00 00");
    /* No parameter (the server hands null-data) is accepted too. */
    energy = 7;
    ck_assert_int_eq(act(O_ENERGY, 1, ""), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(energy, 0u);
    /* Wrong type: type-unmatched; integer other than 0: other-reason. */
    energy = 7;
    ck_assert_int_eq(act(O_ENERGY, 1, "11 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(act(O_ENERGY, 1, "0F 01"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(O_ENERGY, 1, "0F"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(energy, 7u);
    ck_assert_int_eq(act(O_ENERGY, 2, "0F 00"), COSEM_DAR_OBJECT_UNDEFINED);
    /* Strings reset to empty, fixed-length ones to zeros; floats to 0. */
    ck_assert_int_eq(act(O_STRING, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_STRING, 2), "09 00");
    ck_assert_int_eq(act(O_FIXED, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_FIXED, 2), "09 04 00 00 00 00");
    ck_assert_int_eq(act(O_FLOAT, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_FLOAT, 2), "17 00 00 00 00");
}
END_TEST

START_TEST(test_register_check)
{
    static uint32_t v;
    const cosem_register_t ok = {COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &v), 0, 30};
    const cosem_register_t nop = {COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, NULL), 0, 30};
    const cosem_register_t arr = {COSEM_VREF(COSEM_AXDR_ARRAY, &v), 0, 30};
    const cosem_register_t nul = {COSEM_VREF(COSEM_AXDR_NULL_DATA, NULL), 0, 30};
    const cosem_register_t bad = {COSEM_VREF(7, &v), 0, 30}; /* tag 7 is not a type */
    cosem_object_t o = {{1, 0, 1, 8, 0, 255}, &cosem_class_register, &ok, NULL, NULL, NULL};
    ck_assert_int_eq(cosem_class_register.check(&o), COSEM_OK);
    o.data = &nop;
    ck_assert_int_eq(cosem_class_register.check(&o), COSEM_E_ARG);
    o.data = &arr;
    ck_assert_int_eq(cosem_class_register.check(&o), COSEM_E_ARG);
    o.data = &nul;
    ck_assert_int_eq(cosem_class_register.check(&o), COSEM_E_ARG);
    o.data = &bad;
    ck_assert_int_eq(cosem_class_register.check(&o), COSEM_E_ARG);
    o.data = NULL;
    ck_assert_int_eq(cosem_class_register.check(&o), COSEM_E_ARG);
    /* Descriptor: class 3 version 0, 3 attributes, 1 method. */
    ck_assert_uint_eq(cosem_class_register.class_id, 3u);
    ck_assert_uint_eq(cosem_class_register.version, 0u);
    ck_assert_uint_eq(cosem_class_register.attr_count, 3u);
    ck_assert_uint_eq(cosem_class_register.method_count, 1u);
}
END_TEST

/* ---- Extended register ----------------------------------------------------- */

START_TEST(test_extended_register)
{
    cosem_datetime_t t;
    /* value long 1234, scaler_unit {1, W}, status unsigned 5. */
    ck_assert_str_eq(get_ok(O_EXT, 2), "10 04 D2");
    ck_assert_str_eq(get_ok(O_EXT, 3), "02 02 0F 01 16 1B");
    ck_assert_str_eq(get_ok(O_EXT, 4), "11 05");
    /* capture_time: octet-string(12), never captured: all not specified. */
    ck_assert_str_eq(get_ok(O_EXT, 5), "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF");
    /* The application captures: 2024-01-15 12:30:00 UTC+1 (deviation -60). */
    ck_assert_int_eq(cosem_datetime_from_utc(&t, T2024 + 14 * 86400 + 11 * 3600 + 1800, -60, 0),
                     COSEM_OK);
    ck_assert_int_eq(cosem_extended_register_capture(O_EXT, &t), COSEM_OK);
    ck_assert_str_eq(get_ok(O_EXT, 5), "09 0C 07 E8 01 0F 01 0C 1E 00 00 FF C4 00");
    ck_assert_int_eq(cosem_extended_register_capture(O_ENERGY, &t), COSEM_E_ARG);
    ck_assert_int_eq(cosem_extended_register_capture(NULL, &t), COSEM_E_ARG);
    ck_assert_int_eq(cosem_extended_register_capture(O_EXT, NULL), COSEM_E_ARG);
    /* SET value and status by type; scaler_unit and capture_time refused. */
    ck_assert_int_eq(set(O_EXT, 2, "10 FF FF"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(max_power, -1);
    ck_assert_int_eq(set(O_EXT, 4, "11 07"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(xstatus, 7u);
    ck_assert_int_eq(set(O_EXT, 4, "16 07"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_EXT, 3, "02 02 0F 00 16 1B"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(set(O_EXT, 5, "09 0C 07 E8 01 0F 01 0C 1E 00 00 FF C4 00"),
                     COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(set(O_EXT, 6, "11 00"), COSEM_DAR_OBJECT_UNDEFINED);
    /* reset (1): value 0, capture_time = the port's time (2024-01-01
     * 00:00:00 UTC, a Monday), status kept. */
    ck_assert_int_eq(act(O_EXT, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(max_power, 0);
    ck_assert_uint_eq(xstatus, 7u);
    ck_assert_str_eq(get_ok(O_EXT, 5), "09 0C 07 E8 01 01 01 00 00 00 00 00 00 00");
    ck_assert_int_eq(act(O_EXT, 1, "0F 05"), COSEM_DAR_OTHER_REASON);
    /* Without a valid clock the reset still works; capture_time invalid. */
    clk.fail = true;
    ck_assert_int_eq(act(O_EXT, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_EXT, 5), "09 0C FF FF FF FF FF FF FF FF FF 80 00 01");
}
END_TEST

/* ---- Demand register ---------------------------------------------------- */

/* Ticks the demand register at T2024 + @p off seconds. */
static void dtick(int64_t off)
{
    clk.utc = T2024 + off;
    cosem_class_demand_register.tick(&server, O_DEMAND, clk.utc);
}

/* The demand attribute @p id as a number (double-long-unsigned). */
static uint32_t dval(int8_t id)
{
    const char *s = get_ok(O_DEMAND, id);
    ck_assert_msg(out_len == 5u && out[0] == 0x06, "not double-long-unsigned: %s", s);
    return (uint32_t)out[1] << 24 | (uint32_t)out[2] << 16 | (uint32_t)out[3] << 8 | out[4];
}

START_TEST(test_demand_static_attributes)
{
    /* Gurux.DLMS.Python 1.0.197: scaler_unit {0, W} = 02 02 0F 00 16 1B,
     * period 900 = 06 00 00 03 84, number_of_periods 1 = 12 00 01. */
    ck_assert_str_eq(get_ok(O_DEMAND, 4), "02 02 0F 00 16 1B");
    ck_assert_str_eq(get_ok(O_DEMAND, 8), "06 00 00 03 84");
    ck_assert_str_eq(get_ok(O_DEMAND, 9), "12 00 01");
    ck_assert_str_eq(get_ok(O_DEMAND, 5), "11 00");
    /* Before the first tick: no window, averages 0, times not specified. */
    ck_assert_str_eq(get_ok(O_DEMAND, 2), "06 00 00 00 00");
    ck_assert_str_eq(get_ok(O_DEMAND, 3), "06 00 00 00 00");
    ck_assert_str_eq(get_ok(O_DEMAND, 6), "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF");
    ck_assert_str_eq(get_ok(O_DEMAND, 7), "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF");
    /* Read-only attributes. */
    for (int8_t id = 2; id <= 7; id++) {
        if (id != 5) {
            ck_assert_int_eq(set(O_DEMAND, id, "06 00 00 00 01"), COSEM_DAR_READ_WRITE_DENIED);
        }
    }
    ck_assert_int_eq(set(O_DEMAND, 5, "11 03"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(dstatus, 3u);
    ck_assert_int_eq(set(O_DEMAND, 10, "11 03"), COSEM_DAR_OBJECT_UNDEFINED);
}
END_TEST

START_TEST(test_demand_one_period)
{
    /* P = 900 s, N = 1, Wh source with factor 3600 -> W. */
    energy = 1000;
    dtick(100); /* window starts at 00:01:40 */
    ck_assert_str_eq(get_ok(O_DEMAND, 7), "09 0C 07 E8 01 01 01 00 01 28 00 00 00 00");
    energy = 1100; /* running demand: 100 Wh * 3600 / 900 s = 400 W */
    ck_assert_uint_eq(dval(2), 400u);
    dtick(899); /* no boundary yet */
    ck_assert_uint_eq(dval(3), 0u);
    energy = 1200;
    dtick(900); /* 00:15:00: 200 Wh in the window -> 800 W */
    ck_assert_uint_eq(dval(3), 800u);
    ck_assert_str_eq(get_ok(O_DEMAND, 6), "09 0C 07 E8 01 01 01 00 0F 00 00 00 00 00");
    ck_assert_str_eq(get_ok(O_DEMAND, 7), "09 0C 07 E8 01 01 01 00 0F 00 00 00 00 00");
    ck_assert_uint_eq(dval(2), 0u);
    energy = 1245;
    dtick(1000);
    ck_assert_uint_eq(dval(2), 180u); /* 45 * 3600 / 900 */
    ck_assert_uint_eq(dval(3), 800u);
    /* Every second of the next period closes nothing more. */
    for (int64_t t = 1001; t < 1800; t++) {
        dtick(t);
    }
    ck_assert_uint_eq(dval(3), 800u);
    dtick(1800);
    ck_assert_uint_eq(dval(3), 180u);
    /* An invalid clock (utc -1) is ignored. */
    cosem_class_demand_register.tick(&server, O_DEMAND, -1);
    ck_assert_uint_eq(dval(3), 180u);
}
END_TEST

START_TEST(test_demand_sliding)
{
    energy = 1200;
    clk.utc = T2024 + 900;
    /* number_of_periods 3: the window restarts at the port's time. */
    ck_assert_int_eq(set(O_DEMAND, 9, "12 00 03"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_DEMAND, 9), "12 00 03");
    energy = 1500;
    dtick(1800); /* (1500 - 1200) * 3600 / 2700 = 400 */
    ck_assert_uint_eq(dval(3), 400u);
    energy = 2100;
    dtick(2700); /* (2100 - 1200) * 3600 / 2700 = 1200 */
    ck_assert_uint_eq(dval(3), 1200u);
    energy = 2400;
    dtick(3600); /* (2400 - 1200) * 3600 / 2700 = 1600 */
    ck_assert_uint_eq(dval(3), 1600u);
    energy = 2400;
    dtick(4500); /* window slid: (2400 - 1500) * 3600 / 2700 = 1200 */
    ck_assert_uint_eq(dval(3), 1200u);
    energy = 2700; /* running: (2700 - 2100) * 3600 / 2700 = 800 */
    ck_assert_uint_eq(dval(2), 800u);
    /* next_period (2) closes now (01:16:40): (2800 - 2100) * 3600 / 2700 =
     * 933.3, truncated. */
    energy = 2800;
    clk.utc = T2024 + 4600;
    ck_assert_int_eq(act(O_DEMAND, 2, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(dval(3), 933u);
    ck_assert_str_eq(get_ok(O_DEMAND, 6), "09 0C 07 E8 01 01 01 01 10 28 00 00 00 00");
    ck_assert_str_eq(get_ok(O_DEMAND, 7), "09 0C 07 E8 01 01 01 01 10 28 00 00 00 00");
    /* The next boundary is still the clock's: 01:30:00. */
    energy = 2900;
    dtick(5399);
    ck_assert_uint_eq(dval(3), 933u);
    dtick(5400); /* oldest start now 2400: (2900 - 2400) * 3600 / 2700 = 666 */
    ck_assert_uint_eq(dval(3), 666u);
    /* reset (1): averages 0, capture_time = start_time_current = now. */
    energy = 3000;
    clk.utc = T2024 + 5500;
    ck_assert_int_eq(act(O_DEMAND, 1, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(dval(3), 0u);
    ck_assert_uint_eq(dval(2), 0u);
    ck_assert_str_eq(get_ok(O_DEMAND, 6), "09 0C 07 E8 01 01 01 01 1F 28 00 00 00 00");
    ck_assert_str_eq(get_ok(O_DEMAND, 7), "09 0C 07 E8 01 01 01 01 1F 28 00 00 00 00");
    energy = 3270; /* 270 * 3600 / 2700 */
    ck_assert_uint_eq(dval(2), 360u);
    ck_assert_int_eq(act(O_DEMAND, 1, "0F 01"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(act(O_DEMAND, 2, "12 00 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(act(O_DEMAND, 3, "0F 00"), COSEM_DAR_OBJECT_UNDEFINED);
}
END_TEST

START_TEST(test_demand_time_jumps)
{
    energy = 100;
    dtick(0);
    energy = 400;
    /* Ten periods missed: one closes at the first boundary (00:15), the
     * window restarts at the last boundary before now (02:30). */
    dtick(9000 + 5);
    ck_assert_uint_eq(dval(3), 1200u); /* 300 * 3600 / 900 */
    ck_assert_str_eq(get_ok(O_DEMAND, 6), "09 0C 07 E8 01 01 01 00 0F 00 00 00 00 00");
    ck_assert_str_eq(get_ok(O_DEMAND, 7), "09 0C 07 E8 01 01 01 02 1E 00 00 00 00 00");
    ck_assert_uint_eq(dval(2), 0u);
    /* Clock set back: the current sub-period restarts there, the next
     * boundary follows from it (02:15). */
    energy = 490;
    dtick(7300);
    dtick(8099);
    ck_assert_uint_eq(dval(3), 1200u);
    dtick(8100);
    ck_assert_uint_eq(dval(3), 360u); /* 90 * 3600 / 900 */
}
END_TEST

START_TEST(test_demand_set_errors)
{
    /* period: double-long-unsigned > 0; number_of_periods: long-unsigned
     * 1..history capacity (4 here). */
    ck_assert_int_eq(set(O_DEMAND, 8, "12 03 84"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_DEMAND, 8, "06 00 00 00 00"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_DEMAND, 9, "06 00 00 00 02"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set(O_DEMAND, 9, "12 00 00"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set(O_DEMAND, 9, "12 00 05"), COSEM_DAR_OTHER_REASON);
    ck_assert_str_eq(get_ok(O_DEMAND, 8), "06 00 00 03 84");
    ck_assert_str_eq(get_ok(O_DEMAND, 9), "12 00 01");
    ck_assert_int_eq(set(O_DEMAND, 8, "06 00 00 0E 10"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_DEMAND, 8), "06 00 00 0E 10");
    ck_assert_int_eq(set(O_DEMAND, 9, "12 00 04"), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(get_ok(O_DEMAND, 9), "12 00 04");
    /* With the clock invalid the change waits for the first valid tick. */
    clk.fail = true;
    ck_assert_int_eq(set(O_DEMAND, 8, "06 00 00 03 84"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(O_DEMAND, 2, "0F 00"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(dval(2), 0u);
}
END_TEST

START_TEST(test_demand_overflow_and_check)
{
    static int64_t h[2];
    static cosem_demand_state_t st;
    cosem_demand_register_t d = {COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy), 3600,
                                 COSEM_AXDR_UNSIGNED, 0, COSEM_UNIT_W,
                                 COSEM_VREF(COSEM_AXDR_NULL_DATA, NULL), &st};
    cosem_object_t o = {{1, 0, 1, 4, 0, 255}, &cosem_class_demand_register, &d, NULL, NULL, NULL};
    cosem_dar_t dar;
    memset(&st, 0, sizeof st);
    st.period = 60;
    st.number_of_periods = 2;
    st.history = h;
    st.history_cap = 2;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_OK);
    /* The average does not fit the declared type (unsigned): other-reason. */
    energy = 0;
    cosem_class_demand_register.tick(&server, &o, T2024);
    energy = 1000; /* 1000 * 3600 / 120 = 30000 > 255 */
    get(&o, 2, &dar);
    ck_assert_int_eq(dar, COSEM_DAR_OTHER_REASON);
    /* Status absent: null-data, not settable. */
    ck_assert_str_eq(get_ok(&o, 5), "00");
    ck_assert_int_eq(set(&o, 5, "00"), COSEM_DAR_READ_WRITE_DENIED);
    /* Inconsistent descriptions. */
    st.number_of_periods = 3;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_E_ARG);
    st.number_of_periods = 2;
    st.period = 0;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_E_ARG);
    st.period = 60;
    d.value_type = COSEM_AXDR_FLOAT32;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_E_ARG);
    d.value_type = COSEM_AXDR_UNSIGNED;
    d.source.type = COSEM_AXDR_OCTET_STRING;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_E_ARG);
    d.source.type = COSEM_AXDR_DOUBLE_LONG_UNSIGNED;
    st.history = NULL;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_E_ARG);
    st.history = h;
    /* A window whose arithmetic could overflow int64 is refused. */
    d.factor = 0xFFFFFFFFu;
    st.period = 0xFFFFFFFFu;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_E_ARG);
    d.factor = 3600;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_OK);
}
END_TEST

START_TEST(test_demand_saturates)
{
    static int64_t big;
    static int64_t h[1];
    static cosem_demand_state_t st;
    const cosem_demand_register_t d = {COSEM_VREF(COSEM_AXDR_LONG64, &big), 3600,
                                       COSEM_AXDR_LONG64, 0, COSEM_UNIT_W,
                                       COSEM_VREF(COSEM_AXDR_NULL_DATA, NULL), &st};
    const cosem_object_t o = {{1, 0, 1, 4, 0, 255}, &cosem_class_demand_register, &d, NULL, NULL,
                              NULL};
    memset(&st, 0, sizeof st);
    st.period = 1;
    st.number_of_periods = 1;
    st.history = h;
    st.history_cap = 1;
    ck_assert_int_eq(cosem_class_demand_register.check(&o), COSEM_OK);
    /* A 64-bit source swinging over its whole range: the difference and
     * the product saturate instead of overflowing. */
    big = INT64_MIN + 5;
    cosem_class_demand_register.tick(&server, &o, T2024);
    big = INT64_MAX;
    ck_assert_str_eq(get_ok(&o, 2), "14 7F FF FF FF FF FF FF FF");
    cosem_class_demand_register.tick(&server, &o, T2024 + 1);
    ck_assert_str_eq(get_ok(&o, 3), "14 7F FF FF FF FF FF FF FF");
    big = INT64_MIN;
    ck_assert_str_eq(get_ok(&o, 2), "14 80 00 00 00 00 00 00 00");
    big = INT64_MAX - 1000; /* 1000 below the start: -1000 * 3600 / 1 */
    ck_assert_str_eq(get_ok(&o, 2), "14 FF FF FF FF FF C9 11 80");
}
END_TEST

/* ---- through the server ----------------------------------------------------- */

START_TEST(test_server_register)
{
    associate();
    /* get-request-normal, class 3, 1-0:1.8.0*255, attribute 3 ->
     * get-response-normal with data 02 02 0F FD 16 1E. */
    ck_assert_str_eq(xchg("C0 01 C1 00 03 01 00 01 08 00 FF 03 00"),
                     "C4 01 C1 00 02 02 0F FD 16 1E");
    ck_assert_str_eq(xchg("C0 01 C1 00 03 01 00 01 08 00 FF 02 00"),
                     "C4 01 C1 00 06 00 01 23 45");
    /* set-request-normal of the value -> set-response success. */
    ck_assert_str_eq(xchg("C1 01 C1 00 03 01 00 01 08 00 FF 02 00 06 00 00 00 2A"),
                     "C5 01 C1 00");
    ck_assert_uint_eq(energy, 42u);
    /* Wrong type: type-unmatched (12); scaler_unit: read-write-denied (3). */
    ck_assert_str_eq(xchg("C1 01 C1 00 03 01 00 01 08 00 FF 02 00 12 00 2A"), "C5 01 C1 0C");
    ck_assert_str_eq(xchg("C1 01 C1 00 03 01 00 01 08 00 FF 03 00 02 02 0F 00 16 1E"),
                     "C5 01 C1 03");
    /* action-request-normal reset with integer(0) -> action-response success. */
    ck_assert_str_eq(xchg("C3 01 C1 00 03 01 00 01 08 00 FF 01 01 0F 00"), "C7 01 C1 00 00");
    ck_assert_uint_eq(energy, 0u);
    ck_assert_str_eq(xchg("C3 01 C1 00 03 01 00 01 08 00 FF 01 01 0F 01"), "C7 01 C1 FA 00");
}
END_TEST

/* The read-only descriptors: the same class, attributes and GET; SET and
 * the reset method are read-write-denied even where the rights allow them,
 * whatever the value, and nothing changes. */
START_TEST(test_server_read_only)
{
    const cosem_class_t *full[2] = {&cosem_class_register, &cosem_class_data};
    const cosem_class_t *ro[2] = {&cosem_class_register_ro, &cosem_class_data_ro};
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(ro[i]->class_id, full[i]->class_id);
        ck_assert_uint_eq(ro[i]->version, full[i]->version);
        ck_assert_uint_eq(ro[i]->attr_count, full[i]->attr_count);
        ck_assert_uint_eq(ro[i]->method_count, full[i]->method_count);
        ck_assert_uint_eq(ro[i]->default_read, full[i]->default_read);
        ck_assert(ro[i]->set == NULL);
        ck_assert(ro[i]->action == NULL);
    }
    associate();
    ck_assert_str_eq(xchg("C0 01 C1 00 03 01 00 01 08 01 FF 02 00"),
                     "C4 01 C1 00 06 00 01 23 45");
    ck_assert_str_eq(xchg("C0 01 C1 00 03 01 00 01 08 01 FF 03 00"),
                     "C4 01 C1 00 02 02 0F FD 16 1E");
    ck_assert_str_eq(xchg("C1 01 C1 00 03 01 00 01 08 01 FF 02 00 06 00 00 00 2A"),
                     "C5 01 C1 03");
    ck_assert_str_eq(xchg("C1 01 C1 00 03 01 00 01 08 01 FF 02 00 12 00 2A"), "C5 01 C1 03");
    ck_assert_str_eq(xchg("C3 01 C1 00 03 01 00 01 08 01 FF 01 01 0F 00"), "C7 01 C1 03 00");
    ck_assert_uint_eq(energy, 0x00012345u);
    ck_assert_str_eq(xchg("C0 01 C1 00 01 00 00 2A 00 00 FF 02 00"),
                     "C4 01 C1 00 09 04 4C 43 4D 31");
    ck_assert_str_eq(xchg("C1 01 C1 00 01 00 00 2A 00 00 FF 02 00 09 04 41 42 43 44"),
                     "C5 01 C1 03");
    ck_assert_mem_eq(ldn, "LCM1", 4);
}
END_TEST

START_TEST(test_server_demand)
{
    associate();
    energy = 1000;
    cosem_server_tick(&server); /* window starts at 2024-01-01 00:00:00 */
    energy = 1450;
    clk.utc = T2024 + 900;
    cosem_server_tick(&server);
    /* last_average_value (3) of 1-0:1.4.0*255 (class 5): 450 * 3600 / 900. */
    ck_assert_str_eq(xchg("C0 01 C1 00 05 01 00 01 04 00 FF 03 00"),
                     "C4 01 C1 00 06 00 00 07 08");
    ck_assert_str_eq(xchg("C0 01 C1 00 05 01 00 01 04 00 FF 06 00"),
                     "C4 01 C1 00 09 0C 07 E8 01 01 01 00 0F 00 00 00 00 00");
    /* SET period 3600; next_period; extended register reset. */
    ck_assert_str_eq(xchg("C1 01 C1 00 05 01 00 01 04 00 FF 08 00 06 00 00 0E 10"),
                     "C5 01 C1 00");
    ck_assert_str_eq(xchg("C3 01 C1 00 05 01 00 01 04 00 FF 02 01 0F 00"), "C7 01 C1 00 00");
    ck_assert_str_eq(xchg("C3 01 C1 00 04 01 00 01 06 00 FF 01 01 0F 00"), "C7 01 C1 00 00");
    ck_assert_str_eq(xchg("C0 01 C1 00 04 01 00 01 06 00 FF 05 00"),
                     "C4 01 C1 00 09 0C 07 E8 01 01 01 00 0F 00 00 00 00 00");
}
END_TEST

static Suite *metering_suite(void)
{
    Suite *s = suite_create("metering");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unit_names);
    tcase_add_test(tc, test_register_get);
    tcase_add_test(tc, test_register_set);
    tcase_add_test(tc, test_register_reset);
    tcase_add_test(tc, test_register_check);
    tcase_add_test(tc, test_extended_register);
    tcase_add_test(tc, test_demand_static_attributes);
    tcase_add_test(tc, test_demand_one_period);
    tcase_add_test(tc, test_demand_sliding);
    tcase_add_test(tc, test_demand_time_jumps);
    tcase_add_test(tc, test_demand_set_errors);
    tcase_add_test(tc, test_demand_overflow_and_check);
    tcase_add_test(tc, test_demand_saturates);
    tcase_add_test(tc, test_server_register);
    tcase_add_test(tc, test_server_read_only);
    tcase_add_test(tc, test_server_demand);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(metering_suite)
