/* SPDX-License-Identifier: Apache-2.0 */
/* The object table of the example meter: every COSEM object it offers, in
 * one place. This is the file a firmware engineer copies.
 *
 * How to read it:
 * - every row of g_objects is one object: its logical name (OBIS code
 *   A.B.C.D.E.F), its interface class, its instance description (a const
 *   struct of that class pointing at the meter's variables in g_meter: the
 *   metering engine owns the values, the library only reads and writes
 *   them when a client asks), optional callbacks, and its access rights;
 * - access rights are per association level: level 0 is the public client
 *   (SAP 0x10, no authentication), level 1 the meter reader (SAP 0x20, LLS
 *   password), level 2 the utility (SAP 0x30, HLS: configured, refused until
 *   the security layer lands);
 * - the rows need not be sorted: the server sorts an index (g_index).
 *
 * To add an object: declare its variable in meter_t (meter.h), write its
 * instance description below, add a row, and let engine.c update the
 * variable. Nothing else changes. */
#include <string.h>

#include <cosem/classes.h>
#include <cosem/version.h>

#include "meter.h"

/* ---- access rights --------------------------------------------------------- */

#define R COSEM_ALL
#define NONE {0, 0, 0}

/* Readable by every association, writable by none. */
static const cosem_access_t RO[COSEM_MAX_ACCESS_LEVELS] = {{R, 0, 0}, {R, 0, 0}, {R, 0, 0}, NONE};
/* Clock: the reader and the utility set the time (2) and run the methods;
 * the utility also sets the zone and DST attributes. */
static const cosem_access_t CLOCK_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ATTR(2), COSEM_ALL}, {R, COSEM_ALL, COSEM_ALL}, NONE};
/* The relay: switched by the reader and the utility. */
static const cosem_access_t RELAY_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ATTR(2), 0}, {R, COSEM_ATTR(2), 0}, NONE};
/* Energy registers: read by all; reset (method 1) only by the utility. */
static const cosem_access_t ENERGY[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, 0, 0}, {R, 0, COSEM_METHOD(1)}, NONE};
/* Profiles: read by all; reset and capture (methods 1, 2) by the utility. */
static const cosem_access_t PROFILE[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, 0, 0}, {R, COSEM_ATTR(4), COSEM_ALL}, NONE};
/* Association LN: the reader may change its own password (secret, 7). */
static const cosem_access_t ASSOC[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ATTR(7), 0}, {R, COSEM_ATTR(7), COSEM_ALL}, NONE};

/* ---- management: logical device name, SAP assignment, associations --------- */

/* Conformance offered: GET/SET/ACTION (the rights above decide what each
 * association may actually do), selective access, block transfer, lists. */
#define CONF                                                                                  \
    (COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION | COSEM_CONF_SELECTIVE_ACCESS |       \
     COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_BLOCK_TRANSFER_SET |                          \
     COSEM_CONF_BLOCK_TRANSFER_ACTION | COSEM_CONF_MULTIPLE_REFERENCES)

static const cosem_assoc_config_t g_assocs[] = {
    /* client SAP, authentication,  level, conformance, secret */
    {0x10, COSEM_AUTH_NONE, 0, CONF, NULL, NULL, false},
    {0x20, COSEM_AUTH_LOW, 1, CONF, &g_meter.reader_password, NULL, false},
    {0x30, COSEM_AUTH_HLS_GMAC, 2, CONF, &g_meter.utility_secret, NULL, false},
};

static const cosem_vref_t ldn = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, g_meter.ldn, NULL, 16);
static const cosem_association_ln_t current_assoc = {NULL, COSEM_HDLC_MANAGEMENT_LD, NULL};
static const cosem_sap_entry_t saps[] = {{COSEM_HDLC_MANAGEMENT_LD, g_meter.ldn, 16}};
static const cosem_sap_assignment_t sap_list = {saps, 1};

/* ---- identification ------------------------------------------------------------ */

static char meter_type[] = "LCM-3P-SIM";
static char firmware[] = "libcosem-meter " COSEM_VERSION_STRING;
static uint16_t serial_len = 8;
static const cosem_vref_t serial = COSEM_VREF_STR(COSEM_AXDR_VISIBLE_STRING, g_meter.serial, &serial_len, 8);
static const cosem_vref_t type = COSEM_VREF_STR(COSEM_AXDR_VISIBLE_STRING, meter_type, NULL, sizeof meter_type - 1);
static const cosem_vref_t fw = COSEM_VREF_STR(COSEM_AXDR_VISIBLE_STRING, firmware, NULL, sizeof firmware - 1);

/* ---- status objects ------------------------------------------------------------- */

static const cosem_vref_t tariff = COSEM_VREF(COSEM_AXDR_UNSIGNED, &g_meter.tariff);
static const cosem_vref_t relay = COSEM_VREF(COSEM_AXDR_BOOLEAN, &g_meter.relay);
static const cosem_vref_t power_failures = COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &g_meter.power_failures);
static const cosem_vref_t lp_status = COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &g_meter.lp_status);
static const cosem_vref_t event_code = COSEM_VREF(COSEM_AXDR_UNSIGNED, &g_meter.event_code);

/* ---- clock ------------------------------------------------------------------------- */

static const cosem_clock_t meter_clock = {&g_meter.clock_state, NULL, COSEM_CLOCK_BASE_CRYSTAL,
                                          METER_LP_PERIOD, NULL};

/* ---- registers: value (a meter variable), scaler, unit ------------------------------ */

#define REG(name, type, var, scaler, unit) \
    static const cosem_register_t name = {COSEM_VREF(type, &g_meter.var), scaler, unit}
#define U16 COSEM_AXDR_LONG_UNSIGNED
#define I16 COSEM_AXDR_LONG
#define U32 COSEM_AXDR_DOUBLE_LONG_UNSIGNED
#define I32 COSEM_AXDR_DOUBLE_LONG

REG(u_l1, U16, voltage[0], -1, COSEM_UNIT_V);
REG(u_l2, U16, voltage[1], -1, COSEM_UNIT_V);
REG(u_l3, U16, voltage[2], -1, COSEM_UNIT_V);
REG(i_l1, U16, current[0], -2, COSEM_UNIT_A);
REG(i_l2, U16, current[1], -2, COSEM_UNIT_A);
REG(i_l3, U16, current[2], -2, COSEM_UNIT_A);
REG(pf_l1, I16, pf[0], -3, COSEM_UNIT_COUNT);
REG(pf_l2, I16, pf[1], -3, COSEM_UNIT_COUNT);
REG(pf_l3, I16, pf[2], -3, COSEM_UNIT_COUNT);
REG(freq, U16, frequency, -2, COSEM_UNIT_HZ);
REG(p_imp, I32, p_import, 0, COSEM_UNIT_W);
REG(p_exp, I32, p_export, 0, COSEM_UNIT_W);
REG(ap0, U32, ap[0], 0, COSEM_UNIT_WH);
REG(ap1, U32, ap[1], 0, COSEM_UNIT_WH);
REG(ap2, U32, ap[2], 0, COSEM_UNIT_WH);
REG(ap3, U32, ap[3], 0, COSEM_UNIT_WH);
REG(ap4, U32, ap[4], 0, COSEM_UNIT_WH);
REG(ap5, U32, ap[5], 0, COSEM_UNIT_WH);
REG(ap6, U32, ap[6], 0, COSEM_UNIT_WH);
REG(am0, U32, am[0], 0, COSEM_UNIT_WH);
REG(am1, U32, am[1], 0, COSEM_UNIT_WH);
REG(am2, U32, am[2], 0, COSEM_UNIT_WH);
REG(am3, U32, am[3], 0, COSEM_UNIT_WH);
REG(am4, U32, am[4], 0, COSEM_UNIT_WH);
REG(am5, U32, am[5], 0, COSEM_UNIT_WH);
REG(am6, U32, am[6], 0, COSEM_UNIT_WH);
REG(rp0, U32, rp, 0, COSEM_UNIT_VARH);
REG(rm0, U32, rm, 0, COSEM_UNIT_VARH);
REG(iv_ap, U32, iv_ap, 0, COSEM_UNIT_WH);
REG(iv_am, U32, iv_am, 0, COSEM_UNIT_WH);
REG(iv_rp, U32, iv_rp, 0, COSEM_UNIT_VARH);
REG(iv_rm, U32, iv_rm, 0, COSEM_UNIT_VARH);

/* Demand of active import: the A+ total (Wh) per second * 3600 = W, over
 * one 15-minute period. */
static const cosem_demand_register_t demand = {
    COSEM_VREF(U32, &g_meter.ap[0]), 3600, U32, 0, COSEM_UNIT_W,
    COSEM_VREF(COSEM_AXDR_NULL_DATA, NULL), &g_meter.demand_state};

/* ---- profiles: columns (class, logical name, attribute, slot width, data index) ----- */

#define COL(cls, a, b, c, d, e, f, attr, width) {cls, {a, b, c, d, e, f}, attr, width, 0}
#define CLOCK_COL COL(8, 0, 0, 1, 0, 0, 255, 2, COSEM_PROFILE_W_DATETIME)

/* Load profile 1.0.99.1.0.255: every 15 minutes, 40 days. */
static const cosem_capture_def_t lp_cols[] = {
    CLOCK_COL,
    COL(1, 0, 0, 96, 10, 1, 255, 2, COSEM_PROFILE_W_U16), /* ION status word */
    COL(3, 1, 0, 1, 29, 0, 255, 2, COSEM_PROFILE_W_U32),  /* A+ of the interval, Wh */
    COL(3, 1, 0, 2, 29, 0, 255, 2, COSEM_PROFILE_W_U32),  /* A- of the interval, Wh */
    COL(3, 1, 0, 3, 29, 0, 255, 2, COSEM_PROFILE_W_U32),  /* R+ of the interval, varh */
    COL(3, 1, 0, 4, 29, 0, 255, 2, COSEM_PROFILE_W_U32),  /* R- of the interval, varh */
};
static const cosem_profile_t load_profile = {
    &g_meter.lp_state, g_meter.lp_buf, sizeof g_meter.lp_buf, lp_cols, NULL,
    sizeof lp_cols / sizeof lp_cols[0], METER_LP_PERIOD, 0};

/* Billing profile 1.0.98.1.0.255: the registers at the end of each month. */
static const cosem_capture_def_t billing_cols[] = {
    CLOCK_COL,
    COL(3, 1, 0, 1, 8, 0, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 1, 8, 1, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 1, 8, 2, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 1, 8, 3, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 1, 8, 4, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 1, 8, 5, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 1, 8, 6, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 2, 8, 0, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 3, 8, 0, 255, 2, COSEM_PROFILE_W_U32),
    COL(3, 1, 0, 4, 8, 0, 255, 2, COSEM_PROFILE_W_U32),
};
static const cosem_profile_t billing_profile = {
    &g_meter.billing_state, g_meter.billing_buf, sizeof g_meter.billing_buf, billing_cols, NULL,
    sizeof billing_cols / sizeof billing_cols[0], 0, 0};

/* Standard event log 0.0.99.98.0.255: time and event code of each event. */
static const cosem_capture_def_t event_cols[] = {
    CLOCK_COL,
    COL(1, 0, 0, 96, 11, 0, 255, 2, COSEM_PROFILE_W_U8),
};
static const cosem_profile_t event_log = {
    &g_meter.events_state, g_meter.events_buf, sizeof g_meter.events_buf, event_cols, NULL,
    sizeof event_cols / sizeof event_cols[0], 0, 0};

/* ---- callbacks ------------------------------------------------------------------------ */

/* The relay object: a SET switches the relay through the port and logs it. */
static cosem_dar_t relay_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    cosem_dar_t dar = cosem_object_set(r, v);
    if (dar == COSEM_DAR_SUCCESS && r->id == 2) {
        (void)cosem_port_relay_set(&g_meter.port, 0, g_meter.relay);
        meter_event(&g_meter, g_meter.relay ? METER_EV_RELAY_CLOSE : METER_EV_RELAY_OPEN);
    }
    return dar;
}
static const cosem_object_ops_t relay_ops = {NULL, relay_set, NULL};

/* ---- the table ------------------------------------------------------------------------- */

#define OBJ(a, b, c, d, e, f, cls, data, ops, access) \
    {{a, b, c, d, e, f}, &cls, &data, ops, access, NULL}
#define DATA cosem_class_data
#define REGISTER cosem_class_register

static const cosem_object_t g_objects[] = {
    /* management logical device */
    OBJ(0, 0, 42, 0, 0, 255, DATA, ldn, NULL, RO),                     /* logical device name */
    OBJ(0, 0, 41, 0, 0, 255, cosem_class_sap_assignment, sap_list, NULL, RO),
    OBJ(0, 0, 40, 0, 0, 255, cosem_class_association_ln, current_assoc, NULL, ASSOC),
    OBJ(0, 0, 1, 0, 0, 255, cosem_class_clock, meter_clock, NULL, CLOCK_RW),
    /* identification */
    OBJ(0, 0, 96, 1, 0, 255, DATA, serial, NULL, RO),                  /* serial number */
    OBJ(0, 0, 96, 1, 1, 255, DATA, type, NULL, RO),                    /* meter type */
    OBJ(1, 0, 0, 2, 0, 255, DATA, fw, NULL, RO),                       /* firmware version */
    /* state */
    OBJ(0, 0, 96, 14, 0, 255, DATA, tariff, NULL, RO),                 /* current tariff */
    OBJ(0, 0, 96, 3, 2, 255, DATA, relay, &relay_ops, RELAY_RW),       /* relay (output) state */
    OBJ(0, 0, 96, 7, 0, 255, DATA, power_failures, NULL, RO),          /* power failures */
    OBJ(0, 0, 96, 10, 1, 255, DATA, lp_status, NULL, RO),              /* load profile status */
    OBJ(0, 0, 96, 11, 0, 255, DATA, event_code, NULL, RO),             /* last event code */
    /* instantaneous values */
    OBJ(1, 0, 32, 7, 0, 255, REGISTER, u_l1, NULL, RO),                /* voltage L1 */
    OBJ(1, 0, 52, 7, 0, 255, REGISTER, u_l2, NULL, RO),
    OBJ(1, 0, 72, 7, 0, 255, REGISTER, u_l3, NULL, RO),
    OBJ(1, 0, 31, 7, 0, 255, REGISTER, i_l1, NULL, RO),                /* current L1 */
    OBJ(1, 0, 51, 7, 0, 255, REGISTER, i_l2, NULL, RO),
    OBJ(1, 0, 71, 7, 0, 255, REGISTER, i_l3, NULL, RO),
    OBJ(1, 0, 33, 7, 0, 255, REGISTER, pf_l1, NULL, RO),               /* power factor L1 */
    OBJ(1, 0, 53, 7, 0, 255, REGISTER, pf_l2, NULL, RO),
    OBJ(1, 0, 73, 7, 0, 255, REGISTER, pf_l3, NULL, RO),
    OBJ(1, 0, 14, 7, 0, 255, REGISTER, freq, NULL, RO),                /* frequency */
    OBJ(1, 0, 1, 7, 0, 255, REGISTER, p_imp, NULL, RO),                /* active power + */
    OBJ(1, 0, 2, 7, 0, 255, REGISTER, p_exp, NULL, RO),                /* active power - */
    /* energy: total (E = 0) and tariffs 1..6 */
    OBJ(1, 0, 1, 8, 0, 255, REGISTER, ap0, NULL, ENERGY),              /* A+ total */
    OBJ(1, 0, 1, 8, 1, 255, REGISTER, ap1, NULL, ENERGY),
    OBJ(1, 0, 1, 8, 2, 255, REGISTER, ap2, NULL, ENERGY),
    OBJ(1, 0, 1, 8, 3, 255, REGISTER, ap3, NULL, ENERGY),
    OBJ(1, 0, 1, 8, 4, 255, REGISTER, ap4, NULL, ENERGY),
    OBJ(1, 0, 1, 8, 5, 255, REGISTER, ap5, NULL, ENERGY),
    OBJ(1, 0, 1, 8, 6, 255, REGISTER, ap6, NULL, ENERGY),
    OBJ(1, 0, 2, 8, 0, 255, REGISTER, am0, NULL, ENERGY),              /* A- total */
    OBJ(1, 0, 2, 8, 1, 255, REGISTER, am1, NULL, ENERGY),
    OBJ(1, 0, 2, 8, 2, 255, REGISTER, am2, NULL, ENERGY),
    OBJ(1, 0, 2, 8, 3, 255, REGISTER, am3, NULL, ENERGY),
    OBJ(1, 0, 2, 8, 4, 255, REGISTER, am4, NULL, ENERGY),
    OBJ(1, 0, 2, 8, 5, 255, REGISTER, am5, NULL, ENERGY),
    OBJ(1, 0, 2, 8, 6, 255, REGISTER, am6, NULL, ENERGY),
    OBJ(1, 0, 3, 8, 0, 255, REGISTER, rp0, NULL, ENERGY),              /* R+ total */
    OBJ(1, 0, 4, 8, 0, 255, REGISTER, rm0, NULL, ENERGY),              /* R- total */
    OBJ(1, 0, 1, 29, 0, 255, REGISTER, iv_ap, NULL, RO),               /* A+ last interval */
    OBJ(1, 0, 2, 29, 0, 255, REGISTER, iv_am, NULL, RO),
    OBJ(1, 0, 3, 29, 0, 255, REGISTER, iv_rp, NULL, RO),
    OBJ(1, 0, 4, 29, 0, 255, REGISTER, iv_rm, NULL, RO),
    OBJ(1, 0, 1, 4, 0, 255, cosem_class_demand_register, demand, NULL, ENERGY), /* A+ demand */
    /* profiles */
    OBJ(1, 0, 99, 1, 0, 255, cosem_class_profile_generic, load_profile, NULL, PROFILE),
    OBJ(1, 0, 98, 1, 0, 255, cosem_class_profile_generic, billing_profile, NULL, PROFILE),
    OBJ(0, 0, 99, 98, 0, 255, cosem_class_profile_generic, event_log, NULL, PROFILE),
};

#define OBJECT_COUNT (sizeof g_objects / sizeof g_objects[0])

static uint16_t g_index[OBJECT_COUNT];

/* ---- the model ----------------------------------------------------------------------- */

/* Prepares the logical device "management" from the table. */
static cosem_status_t demo_init(meter_t *m)
{
    cosem_server_config_t cfg;
    meter_server_config(m, &cfg);
    cfg.objects = g_objects;
    cfg.object_count = OBJECT_COUNT;
    cfg.index = g_index;
    cfg.assocs = g_assocs;
    cfg.assoc_count = sizeof g_assocs / sizeof g_assocs[0];
    m->demand_state.period = METER_LP_PERIOD;
    m->demand_state.number_of_periods = 1;
    m->demand_state.history = m->demand_hist;
    m->demand_state.history_cap = 1;
    return cosem_server_init(&m->server, &cfg);
}

/* The billing profile captures at the turn of a month. */
static void demo_billing(meter_t *m)
{
    (void)cosem_profile_capture(&m->server,
                                cosem_server_find(&m->server, (const uint8_t[6]){1, 0, 98, 1, 0, 255}));
}

/* The event log (captured by meter_event()). */
static const cosem_object_t *demo_events(meter_t *m)
{
    return cosem_server_find(&m->server, (const uint8_t[6]){0, 0, 99, 98, 0, 255});
}

/* The table points at g_meter: one meter per process. */
const meter_model_t meter_model_demo = {"demo", demo_init, demo_billing, demo_events, NULL, false,
                                        "12345678", NULL, 0};
