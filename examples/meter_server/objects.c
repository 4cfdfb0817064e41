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
 *   password), level 2 the utility (SAP 0x30, HLS mechanism 5 with
 *   authenticated and encrypted ciphering, security suite 0);
 * - the rows need not be sorted: the server sorts an index (g_index).
 *
 * To add an object: declare its variable in meter_t (meter.h), write its
 * instance description below, add a row, and let engine.c update the
 * variable. Nothing else changes. */
#include <stdio.h>
#include <string.h>

#include <cosem/calendar.h>
#include <cosem/classes.h>
#include <cosem/version.h>
#include <cosem/comm.h>
#include <cosem/push.h>

#include <cosem_posix_push.h>
#include <cosem/control.h>

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
/* Disconnect control: the reader and the utility disconnect and reconnect
 * (methods 1, 2); the utility also sets the control mode (4). */
static const cosem_access_t RELAY_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, 0, COSEM_ALL}, {R, COSEM_ATTR(4), COSEM_ALL}, NONE};
/* Tariff and control configuration: read by all; the reader and the
 * utility set it (passive calendar, special days, thresholds) and run its
 * methods (activate, insert/delete, execute). */
static const cosem_access_t CTL_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ALL, COSEM_ALL}, {R, COSEM_ALL, COSEM_ALL}, NONE};
/* Energy registers: read by all; reset (method 1) only by the utility. */
static const cosem_access_t ENERGY[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, 0, 0}, {R, 0, COSEM_METHOD(1)}, NONE};
/* Profiles: read by all; reset and capture (methods 1, 2) by the utility. */
static const cosem_access_t PROFILE[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, 0, 0}, {R, COSEM_ATTR(4), COSEM_ALL}, NONE};
/* Network setup: read by all (secrets are write-only anyway), set by the
 * reader and the utility. */
static const cosem_access_t NET_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ALL, COSEM_ALL}, {R, COSEM_ALL, COSEM_ALL}, NONE};
/* Push setup: the public client may start a push (method 1, the demo in
 * docs/meter_server.md); the reader and the utility also set where to. */
static const cosem_access_t PUSH_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, COSEM_METHOD(1)}, {R, COSEM_ALL, COSEM_ALL}, {R, COSEM_ALL, COSEM_ALL}, NONE};
/* Association LN: the reader may change its own password (secret, 7). */
static const cosem_access_t ASSOC[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ATTR(7), 0}, {R, COSEM_ATTR(7), COSEM_ALL}, NONE};

/* ---- management: logical device name, SAP assignment, associations --------- */

/* Conformance offered: GET/SET/ACTION (the rights above decide what each
 * association may actually do), selective access, block transfer, lists;
 * --gbt and --access add general block transfer and ACCESS. */
#define CONF                                                                                  \
    (COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION | COSEM_CONF_SELECTIVE_ACCESS |       \
     COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_BLOCK_TRANSFER_SET |                          \
     COSEM_CONF_BLOCK_TRANSFER_ACTION | COSEM_CONF_MULTIPLE_REFERENCES)

static const cosem_assoc_config_t g_assocs[] = {
    /* client SAP, authentication,  level, conformance, secret */
    {0x10, COSEM_AUTH_NONE, 0, CONF, NULL, NULL, false, NULL},
    {0x20, COSEM_AUTH_LOW, 1, CONF, &g_meter.reader_password, NULL, false, NULL},
    {0x30, COSEM_AUTH_HLS_GMAC, 2, CONF, &g_meter.utility_secret, NULL, false, &g_meter.security},
};

static const cosem_vref_t ldn = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, g_meter.ldn, NULL, 16);
static const uint8_t security_setup_ln[6] = {0, 0, 43, 0, 0, 255};
static const cosem_association_ln_t current_assoc = {NULL, COSEM_HDLC_MANAGEMENT_LD,
                                                     security_setup_ln};
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


/* ---- communication setup (comm.h): the values a modem or IP stack would use ---------
 * The example meter does no networking of its own besides the push: these
 * objects show what a real meter exposes (the 2N MeterCom PRO object table,
 * the ION network note) with plausible values a client can read and set. */

static struct {
    uint16_t tcp_port, mss, inactivity_s;
    uint8_t ip_ref[6], max_conn;
    uint8_t dl_ref[6];
    uint32_t ip, multicast[2], mask, gateway, dns1, dns2;
    uint8_t multicast_n;
    bool dhcp;
    uint8_t mac[6];
    uint8_t phy_ref[6], ppp_user[32], ppp_pass[32];
    uint16_t ppp_user_n, ppp_pass_n;
    uint8_t apn[64];
    uint16_t apn_n, pin;
    cosem_gprs_qos_t qos_default, qos_requested;
    uint16_t smtp_port, smtp_user_n, smtp_pass_n, smtp_host_n, smtp_from_n;
    uint8_t smtp_user[32], smtp_pass[32], smtp_host[80], smtp_from[64];
    uint8_t gsm_status, gsm_cs, gsm_ps, gsm_adj_n;
    cosem_gsm_cell_t cell;
    cosem_gsm_adjacent_t adjacent[2];
    cosem_datetime_t gsm_time;
    uint8_t v6_dl[6], v6_mode, v6_uni[2][16], v6_mc[1][16], v6_gw[1][16], v6_dns1[16],
        v6_dns2[16], v6_tc, v6_uni_n, v6_mc_n, v6_gw_n;
    bool ntp_on;
    uint8_t ntp_host[80], ntp_auth, ntp_key_n, ntp_client_key[32];
    uint16_t ntp_host_n, ntp_port, ntp_client_key_n;
    cosem_ntp_key_t ntp_keys[2];
} g_net = {
    4059, 576, 180, {0, 0, 25, 1, 0, 255}, 1,                   /* TCP-UDP setup */
    {0, 0, 25, 2, 0, 255}, 0xAC1012DCu, {0, 0}, 0xFFFF0000u,     /* IPv4: 172.16.18.220/16 */
    0xAC100001u, 0x01020304u, 0x09080706u, 0, false,             /* gateway, DNS 1.2.3.4, 9.8.7.6 */
    {0x00, 0x60, 0x78, 0x01, 0x12, 0xDC},                        /* MAC (ION factory rule) */
    {0, 0, 25, 4, 0, 255}, "meter", "", 5, 0,                    /* PPP over the GPRS modem */
    "internet", 8, 0, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0},          /* GPRS */
    25, 3, 0, 16, 17, "ion", "", "mail.company.com", "meter@company.com", /* SMTP */
    1, 0, 5, 2, {123456u, 0x1234, 21, 0, 230, 3, 6300}, /* GSM: home, LTE */
    {{123457u, 14}, {123458u, 9}},
    {0},
    {0, 0, 25, 2, 0, 255}, 2, {{0}}, {{0}}, {{0}}, {0}, {0}, 0, 0, 0, 0, /* IPv6 manual, none */
    false, "time.company.com", 0, 0, {0}, 16, 123, 0, {{0, 0, {0}}},    /* NTP */
};

static const cosem_tcp_udp_setup_t tcp_setup = {&g_net.tcp_port, g_net.ip_ref, &g_net.mss,
                                                &g_net.max_conn, &g_net.inactivity_s, NULL};
static const cosem_ipv4_setup_t ipv4_setup = {g_net.dl_ref, &g_net.ip, g_net.multicast,
                                              &g_net.multicast_n, 2, &g_net.mask,
                                              &g_net.gateway, &g_net.dhcp, &g_net.dns1,
                                              &g_net.dns2, NULL};
static const cosem_mac_address_setup_t mac_setup = {g_net.mac, NULL};
static const cosem_ppp_option_t lcp_options[] = {
    {1, 4, COSEM_AXDR_LONG_UNSIGNED, 1500},   /* maximum receive unit */
    {3, 4, COSEM_AXDR_LONG_UNSIGNED, 0xC023}, /* authentication protocol: PAP */
};
static const cosem_ppp_setup_t ppp_setup = {
    g_net.phy_ref, lcp_options, 2, NULL, 0,
    {g_net.ppp_user, &g_net.ppp_user_n, sizeof g_net.ppp_user},
    {g_net.ppp_pass, &g_net.ppp_pass_n, sizeof g_net.ppp_pass}, NULL};
static const cosem_gprs_modem_setup_t gprs_setup = {{g_net.apn, &g_net.apn_n, sizeof g_net.apn},
                                                    &g_net.pin, &g_net.qos_default,
                                                    &g_net.qos_requested, NULL};
static const cosem_smtp_setup_t smtp_setup = {
    &g_net.smtp_port, {g_net.smtp_user, &g_net.smtp_user_n, sizeof g_net.smtp_user},
    {g_net.smtp_pass, &g_net.smtp_pass_n, sizeof g_net.smtp_pass},
    {g_net.smtp_host, &g_net.smtp_host_n, sizeof g_net.smtp_host},
    {g_net.smtp_from, &g_net.smtp_from_n, sizeof g_net.smtp_from}, NULL};
static char gsm_operator[] = "2N-TEL";
static uint16_t gsm_operator_n = 6;
static const cosem_gsm_diagnostic_t gsm_diag = {
    {(uint8_t *)gsm_operator, &gsm_operator_n, sizeof gsm_operator}, &g_net.gsm_status,
    &g_net.gsm_cs, &g_net.gsm_ps, &g_net.cell, g_net.adjacent, &g_net.gsm_adj_n, &g_net.gsm_time};
static const cosem_ipv6_nd_t ipv6_nd = {3, 1000, 60};
static const cosem_ipv6_setup_t ipv6_setup = {
    g_net.v6_dl, &g_net.v6_mode, {g_net.v6_uni, &g_net.v6_uni_n, 2},
    {g_net.v6_mc, &g_net.v6_mc_n, 1}, {g_net.v6_gw, &g_net.v6_gw_n, 1}, g_net.v6_dns1,
    g_net.v6_dns2, &g_net.v6_tc, &ipv6_nd, NULL};

/* NTP synchronize: the example's clock is simulated; it only logs. */
static cosem_dar_t ntp_synchronize(const cosem_object_t *obj)
{
    (void)obj;
    cosem_port_log(&g_meter.port, COSEM_LOG_INFO, "NTP synchronize requested");
    return COSEM_DAR_SUCCESS;
}
static const cosem_ntp_setup_t ntp_setup = {
    &g_net.ntp_on, {g_net.ntp_host, &g_net.ntp_host_n, sizeof g_net.ntp_host}, &g_net.ntp_port,
    &g_net.ntp_auth, g_net.ntp_keys, &g_net.ntp_key_n, 2,
    {g_net.ntp_client_key, &g_net.ntp_client_key_n, sizeof g_net.ntp_client_key},
    ntp_synchronize, NULL};

/* ---- push setup 0.0.25.9.0.255: the billing values to a head-end ---------------------
 * `cosem action 0.0.25.9.0.255:1 --class 40 ...` starts it; the server's
 * tick sends it over TCP (ports/posix/posix_push.c) to the destination,
 * 127.0.0.1:4065 unless a client sets attribute 3 (`cosem listen --tcp 4065`
 * prints it). */

/* What is pushed: the push setup's logical name (Blue Book practice: the
 * head-end sees which push this is), the clock, and the billing registers
 * (A+ total and tariffs 1..6, A- total, R+ total, R- total). The objects
 * are found in g_objects by meter_server_init(). */
static const struct {
    uint8_t obis[6];
    int8_t attr;
} billing_push_refs[] = {
    {{0, 0, 25, 9, 0, 255}, 1}, {{0, 0, 1, 0, 0, 255}, 2},  {{1, 0, 1, 8, 0, 255}, 2},
    {{1, 0, 1, 8, 1, 255}, 2},  {{1, 0, 1, 8, 2, 255}, 2},  {{1, 0, 1, 8, 3, 255}, 2},
    {{1, 0, 1, 8, 4, 255}, 2},  {{1, 0, 1, 8, 5, 255}, 2},  {{1, 0, 1, 8, 6, 255}, 2},
    {{1, 0, 2, 8, 0, 255}, 2},  {{1, 0, 3, 8, 0, 255}, 2},  {{1, 0, 4, 8, 0, 255}, 2},
};
#define BILLING_PUSH_ITEMS (sizeof billing_push_refs / sizeof billing_push_refs[0])
static cosem_push_item_t billing_push_items[BILLING_PUSH_ITEMS];
static struct {
    uint8_t transport, window_n, retries;
    char dest[64];
    uint16_t dest_n, randomisation_s, repetition_s;
    cosem_push_window_t windows[2];
    cosem_push_state_t state;
    uint8_t apdu[256];
    cosem_posix_push_t tcp;
} g_push = {COSEM_PUSH_TCP, 0, 2, "127.0.0.1:4065", 14, 0, 5, {{{0}, {0}}, {{0}, {0}}},
            {0}, {0}, {1, 0x10, 5000, -1, 0, NULL, 0, 0, {0}, 0, 0, NULL}};

/* A push ended: logged (a real meter would count it in an event log). */
static void push_report(void *user, const cosem_object_t *obj, cosem_status_t result,
                        uint8_t attempts)
{
    char text[96];
    (void)user;
    (void)obj;
    (void)snprintf(text, sizeof text, "push %s after %u attempt(s)",
                   result == COSEM_OK ? "delivered" : cosem_status_str(result), attempts);
    cosem_port_log(&g_meter.port, result == COSEM_OK ? COSEM_LOG_INFO : COSEM_LOG_WARN, text);
}
static const cosem_push_setup_t billing_push = {
    billing_push_items, BILLING_PUSH_ITEMS,
    &g_push.transport, {(uint8_t *)g_push.dest, &g_push.dest_n, sizeof g_push.dest},
    g_push.windows, &g_push.window_n, 2, &g_push.randomisation_s, &g_push.retries,
    &g_push.repetition_s, &g_push.state, g_push.apdu, sizeof g_push.apdu,
    cosem_posix_push_send, cosem_posix_push_poll, push_report, &g_push.tcp, 0};

/* ---- a vendor class: relay configuration (class 8193) --------------------------------
 * Classes 8192 and up are the manufacturer's (docs/vendor_classes.md). This
 * one is in the spirit of the 2N MeterCom PRO's "Relay configuration" (the
 * manual gives no layout, so the layout is ours):
 *   attribute 2 relay_index unsigned (read only), 3 mode enum (0 manual,
 *   1 calendar, 2 limiter, 3 remote), 4 pulse_length long-unsigned (s,
 *   0 = steady, up to 3600), 5 inverted boolean;
 *   method 1 switch (boolean: true closes the relay). */

typedef struct relay_config {
    uint8_t index;       /* relay number given to the port */
    uint8_t *mode;
    uint16_t *pulse_s;
    bool *inverted;
} relay_config_t;

static uint8_t relay_mode = 3;
static uint16_t relay_pulse_s;
static bool relay_inverted;
static const relay_config_t relay1_config = {0, &relay_mode, &relay_pulse_s, &relay_inverted};

/* GET of attributes 2..5. */
static cosem_dar_t relay_config_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const relay_config_t *d = (const relay_config_t *)r->obj->data;
    switch (r->id) {
    case 2: cosem_axdr_write_u8(w, d->index); break;
    case 3: cosem_axdr_write_enum(w, *d->mode); break;
    case 4: cosem_axdr_write_u16(w, *d->pulse_s); break;
    case 5: cosem_axdr_write_bool(w, *d->inverted); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* SET of attributes 3..5: the type and range checked before the change. */
static cosem_dar_t relay_config_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const relay_config_t *d = (const relay_config_t *)r->obj->data;
    uint8_t t = 0, u8 = 0;
    uint16_t u16 = 0;
    bool b = false;
    if (cosem_axdr_peek_type(v, &t) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    switch (r->id) {
    case 2: return COSEM_DAR_READ_WRITE_DENIED;
    case 3:
        if (t != COSEM_AXDR_ENUM || cosem_axdr_read_enum(v, &u8) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        if (u8 > 3u) {
            return COSEM_DAR_OTHER_REASON;
        }
        *d->mode = u8;
        return COSEM_DAR_SUCCESS;
    case 4:
        if (t != COSEM_AXDR_LONG_UNSIGNED || cosem_axdr_read_u16(v, &u16) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        if (u16 > 3600u) {
            return COSEM_DAR_OTHER_REASON;
        }
        *d->pulse_s = u16;
        return COSEM_DAR_SUCCESS;
    case 5:
        if (cosem_axdr_read_bool(v, &b) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        *d->inverted = b;
        return COSEM_DAR_SUCCESS;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
}

/* Method 1 switch (boolean): the relay through the port, as 0.0.96.3.2.255. */
static cosem_dar_t relay_config_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                                       cosem_axdr_writer_t *ret)
{
    const relay_config_t *d = (const relay_config_t *)r->obj->data;
    bool on;
    cosem_dar_t dar = meter_switch_param(r, params, &on);
    (void)ret;
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    g_meter.relay = on != *d->inverted;
    (void)cosem_port_relay_set(&g_meter.port, d->index, g_meter.relay);
    meter_event(&g_meter, g_meter.relay ? METER_EV_RELAY_CLOSE : METER_EV_RELAY_OPEN);
    return COSEM_DAR_SUCCESS;
}

/* The class descriptor: id, version, attribute and method counts, the
 * attributes readable by default, no selective access, the functions. */
static const cosem_class_t relay_config_class = {
    8193u, 0u, 5u, 1u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3) | COSEM_ATTR(4) | COSEM_ATTR(5)),
    0u, 0u,
    relay_config_get, relay_config_set, relay_config_action, NULL, NULL,
};

/* ---- callbacks ------------------------------------------------------------------------ */

/* ---- disconnect control and limiter ------------------------------------------------ */

/* Disconnect control 0.0.96.3.10.255 drives relay 0 of the port. Mode 5:
 * the utility disconnects and reconnects remotely (b, c, d), the limiter
 * locally (g, h), the customer's button manually (e, f). Its control state
 * and mode (g_meter.breaker) persist in the state file; the relay is
 * driven from them at start. */

/* After each transition: the engine sees the load (dis)connected, the
 * event log records it. */
static void breaker_event(struct cosem_server *s, const cosem_object_t *obj, uint8_t from,
                          uint8_t to, cosem_disconnect_trigger_t trigger)
{
    (void)s;
    (void)obj;
    (void)from;
    (void)trigger;
    g_meter.relay = to == COSEM_DISCONNECT_CONNECTED;
    meter_event(&g_meter, g_meter.relay ? METER_EV_RELAY_CLOSE : METER_EV_RELAY_OPEN);
}

static const cosem_disconnect_control_t breaker = {&g_meter.breaker, 0, breaker_event};

/* Limiter 0.0.17.0.0.255 on active power import (1.0.1.7.0.255, value):
 * above 15 kW (3 kW while an emergency profile of group 1 runs) for 30 s
 * the breaker disconnects locally; under it for 60 s it reconnects. */
static cosem_limiter_state_t limiter_state = {
    {3, {1, 0, 1, 7, 0, 255}, 2},
    {15000, COSEM_AXDR_DOUBLE_LONG}, {15000, COSEM_AXDR_DOUBLE_LONG},
    {3000, COSEM_AXDR_DOUBLE_LONG}, 30, 60, 1,
    {COSEM_DT_YEAR_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS,
     COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_DEVIATION_NS},
    0, 1, false, {{0, 0, 0, 0, 0, 0}, 0}, {{0, 0, 0, 0, 0, 0}, 0}, false, false, 0, 0};
static uint16_t limiter_groups[4] = {1};

/* The limiter's decision goes to the breaker as a local trigger. */
static void limiter_change(struct cosem_server *s, const cosem_object_t *obj, bool over)
{
    static const uint8_t breaker_ln[6] = {0, 0, 96, 3, 10, 255};
    (void)obj;
    (void)cosem_disconnect_control_signal(s, cosem_server_find(s, breaker_ln),
                                          over ? COSEM_DISCONNECT_LOCAL_DISCONNECT
                                               : COSEM_DISCONNECT_LOCAL_RECONNECT);
}

static const cosem_limiter_t limiter = {&limiter_state, limiter_groups, 4, limiter_change};

/* ---- tariffs: script tables, special days, activity calendar -------------------- */

/* Script action "write tariff 0.0.96.14.0.255:2 := n" (A-XDR). */
#define SET_TARIFF(n) \
    0x02, 0x05, 0x16, 0x01, 0x12, 0x00, 0x01, 0x09, 0x06, 0x00, 0x00, 0x60, 0x0E, 0x00, 0xFF, \
        0x0F, 0x02, 0x11, n
/* Script action "execute breaker 0.0.96.3.10.255 method m (integer 0)". */
#define BREAKER(m) \
    0x02, 0x05, 0x16, 0x02, 0x12, 0x00, 0x46, 0x09, 0x06, 0x00, 0x00, 0x60, 0x03, 0x0A, 0xFF, \
        0x0F, m, 0x0F, 0x00

/* Tariffication script table 0.0.10.0.100.255: script n selects rate n. */
static uint8_t tariff_scripts[96] = {
    0x01, 0x02,
    0x02, 0x02, 0x12, 0x00, 0x01, 0x01, 0x01, SET_TARIFF(1),
    0x02, 0x02, 0x12, 0x00, 0x02, 0x01, 0x01, SET_TARIFF(2)};
static uint16_t tariff_scripts_len = 2 + 2 * 26;
static const cosem_script_table_t tariff_table = {tariff_scripts, &tariff_scripts_len,
                                                  sizeof tariff_scripts, NULL};

/* Disconnect control script table 0.0.10.0.106.255: 1 disconnect, 2
 * reconnect (what a head-end or a schedule executes). */
static uint8_t breaker_scripts[96] = {
    0x01, 0x02,
    0x02, 0x02, 0x12, 0x00, 0x01, 0x01, 0x01, BREAKER(1),
    0x02, 0x02, 0x12, 0x00, 0x02, 0x01, 0x01, BREAKER(2)};
static uint16_t breaker_scripts_len = 2 + 2 * 26;
static const cosem_script_table_t breaker_table = {breaker_scripts, &breaker_scripts_len,
                                                   sizeof breaker_scripts, NULL};

/* Special days 0.0.11.0.0.255: 1 January and 25 December of every year
 * use day profile 3 (the low rate all day). */
static cosem_special_day_t special_days[8] = {
    {1, COSEM_DT_YEAR_NS, 1, 1, COSEM_DT_NS, 3},
    {2, COSEM_DT_YEAR_NS, 12, 25, COSEM_DT_NS, 3}};
static uint16_t special_days_count = 2;
static const cosem_special_days_table_t holidays = {special_days, &special_days_count, 8};

/* Activity calendar 0.0.13.0.0.255, "2RATES": one season from 1 January
 * with week "WEEK": Monday..Friday day 1, weekend day 2. Day 1: 07:00 rate 2
 * (day), 22:00 rate 1 (night); days 2 and 3: 00:00 rate 1. The passive
 * calendar starts as a copy. */
#define SWITCH(h, script)                                                                      \
    0x02, 0x03, 0x09, 0x04, h, 0x00, 0x00, 0x00, 0x09, 0x06, 0x00, 0x00, 0x0A, 0x00, 0x64, \
        0xFF, 0x12, 0x00, script
#define CALENDAR                                                                              \
    0x09, 0x06, '2', 'R', 'A', 'T', 'E', 'S',                                                 \
    0x01, 0x01, 0x02, 0x03, 0x09, 0x03, 'A', 'L', 'L', 0x09, 0x0C, 0xFF, 0xFF, 0x01, 0x01,    \
    0xFF, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0xFF, 0x09, 0x04, 'W', 'E', 'E', 'K',           \
    0x01, 0x01, 0x02, 0x08, 0x09, 0x04, 'W', 'E', 'E', 'K', 0x11, 0x01, 0x11, 0x01, 0x11,     \
    0x01, 0x11, 0x01, 0x11, 0x01, 0x11, 0x02, 0x11, 0x02,                                     \
    0x01, 0x03, 0x02, 0x02, 0x11, 0x01, 0x01, 0x02, SWITCH(7, 2), SWITCH(22, 1),              \
    0x02, 0x02, 0x11, 0x02, 0x01, 0x01, SWITCH(0, 1),                                         \
    0x02, 0x02, 0x11, 0x03, 0x01, 0x01, SWITCH(0, 1)
static const uint8_t calendar_default[] = {CALENDAR};
static const cosem_activity_calendar_state_t calendar_default_state = {
    {8, 29, 24, 96}, {8, 29, 24, 96},
    {COSEM_DT_YEAR_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS,
     COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_DEVIATION_NS},
    false, 0};
/* Both calendars and their lengths live in g_meter (the state file keeps
 * them); a fresh meter starts from the default above (demo_init()). Local
 * time from the Clock object (its zone and DST): set in demo_init(), the
 * table being below. */
static cosem_activity_calendar_t calendar = {&g_meter.calendar, g_meter.calendar_active,
                                             g_meter.calendar_passive,
                                             sizeof g_meter.calendar_active, NULL, NULL};

/* ---- monitors and schedules: register monitor, end of billing, parameter monitor --- */

/* Alarm register 1, 0.0.97.98.0.255 (double-long-unsigned): bit 0 "high
 * load", set and cleared by the output signals script table below. */
static uint32_t load_alarm;
static const cosem_vref_t alarm = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &load_alarm);

/* Script action "write alarm 0.0.97.98.0.255:2 := n" (A-XDR). */
#define SET_ALARM(n) \
    0x02, 0x05, 0x16, 0x01, 0x12, 0x00, 0x01, 0x09, 0x06, 0x00, 0x00, 0x61, 0x62, 0x00, 0xFF, \
        0x0F, 0x02, 0x06, 0x00, 0x00, 0x00, n
/* Set output signals script table 0.0.10.0.103.255: 1 raises the high
 * load alarm, 2 clears it. */
static uint8_t signal_scripts[96] = {
    0x01, 0x02,
    0x02, 0x02, 0x12, 0x00, 0x01, 0x01, 0x01, SET_ALARM(1),
    0x02, 0x02, 0x12, 0x00, 0x02, 0x01, 0x01, SET_ALARM(0)};
static uint16_t signal_scripts_len = 2 + 2 * 29;
static const cosem_script_table_t signal_table = {signal_scripts, &signal_scripts_len,
                                                  sizeof signal_scripts, NULL};

/* End of billing period script table 0.0.10.0.1.255: script 1 captures the
 * billing profile 1.0.98.1.0.255 (method 2 capture, integer 0). */
static uint8_t billing_scripts[64] = {
    0x01, 0x01,
    0x02, 0x02, 0x12, 0x00, 0x01, 0x01, 0x01,
    0x02, 0x05, 0x16, 0x02, 0x12, 0x00, 0x07, 0x09, 0x06, 0x01, 0x00, 0x62, 0x01, 0x00, 0xFF,
    0x0F, 0x02, 0x0F, 0x00};
static uint16_t billing_scripts_len = 2 + 26;
static const cosem_script_table_t billing_table = {billing_scripts, &billing_scripts_len,
                                                   sizeof billing_scripts, NULL};

/* Register monitor 0.0.16.0.1.255 on active power import (1.0.1.7.0.255,
 * value): above 3 kW the high load alarm is raised (script 1 of
 * 0.0.10.0.103.255), at or below it cleared (script 2); above 10 kW the
 * breaker disconnects (script 1 of 0.0.10.0.106.255), nothing runs when the
 * power falls back. */
static cosem_register_monitor_state_t power_monitor_state = {{3, {1, 0, 1, 7, 0, 255}, 2}, 2, 2,
                                                             0, false};
static cosem_threshold_t power_thresholds[4] = {{3000, COSEM_AXDR_DOUBLE_LONG},
                                                {10000, COSEM_AXDR_DOUBLE_LONG}};
static cosem_action_set_t power_actions[4] = {
    {{{0, 0, 10, 0, 103, 255}, 1}, {{0, 0, 10, 0, 103, 255}, 2}},
    {{{0, 0, 10, 0, 106, 255}, 1}, {{0, 0, 0, 0, 0, 0}, 0}}};
static const cosem_register_monitor_t power_monitor = {&power_monitor_state, power_thresholds,
                                                       power_actions, 4};

/* End of billing period single action schedule 0.0.15.0.0.255: on the 1st
 * of every month at 00:00:00 local time, script 1 of 0.0.10.0.1.255 (the
 * billing profile captures; type 1: one entry, date wildcards). */
static cosem_single_action_state_t billing_schedule_state = {{{0, 0, 10, 0, 1, 255}, 1}, 1, 1,
                                                             false, 0};
static cosem_datetime_t billing_times[4] = {
    {COSEM_DT_YEAR_NS, COSEM_DT_NS, 1, COSEM_DT_NS, 0, 0, 0, 0, COSEM_DT_NS,
     COSEM_DT_DEVIATION_NS}};
/* Local time from the Clock object: set in demo_init(). */
static cosem_single_action_schedule_t billing_schedule = {&billing_schedule_state, billing_times,
                                                          4, NULL};

/* Parameter monitor 0.0.16.2.0.255: records the last SET of the limiter's
 * normal threshold, the clock's time zone, the breaker's control mode and
 * the power monitor's thresholds (when, which, the new value). */
static cosem_parameter_monitor_state_t params_state = {4, {0, {0, 0, 0, 0, 0, 0}, 0}, 0, {0}};
static cosem_value_def_t params_list[8] = {
    {71, {0, 0, 17, 0, 0, 255}, 4},
    {8, {0, 0, 1, 0, 0, 255}, 3},
    {70, {0, 0, 96, 3, 10, 255}, 4},
    {21, {0, 0, 16, 0, 1, 255}, 2}};
static uint8_t params_value[64];
static const cosem_parameter_monitor_t params_monitor = {&params_state, params_list, 8,
                                                         params_value, sizeof params_value};

/* ---- IEC HDLC setup 0.0.22.0.0.255: the HDLC link's one configuration ----------------
 * A station that is never connected holds the configuration; every HDLC
 * connection (TCP or the serial line) takes its window sizes, information
 * lengths, time-outs and physical address from it when it opens and before
 * each SNRM (cosem_posix_server_config_t.hdlc_station): a client's SET
 * applies to the next connection. comm_speed reports --baud (a SET is kept
 * until the meter restarts; the serial line keeps its speed). */
static cosem_hdlc_t hdlc_station;
static uint8_t hdlc_station_buf[COSEM_HDLC_BUF_SIZE(METER_HDLC_MAX_INFO, METER_MAX_PDU)];
static const cosem_iec_hdlc_setup_t hdlc_setup = {&hdlc_station, &g_meter.comm_speed, NULL};

/* Prepares the configuration station from the command line's settings. */
static cosem_status_t hdlc_station_init(meter_t *m)
{
    return meter_hdlc_station_init(m, &hdlc_station, hdlc_station_buf, sizeof hdlc_station_buf,
                                   METER_MAX_PDU);
}

/* Security setup: read and both methods (security_activate, key_transfer)
 * for the utility only. */
static const cosem_access_t SECURITY[COSEM_MAX_ACCESS_LEVELS] = {
    NONE, NONE, {R, 0, COSEM_METHOD(1) | COSEM_METHOD(2)}, NONE};
/* The frame counter's value comes from cosem_frame_counter_ops. */
static uint32_t frame_counter_unused;
static const cosem_vref_t frame_counter_dummy =
    COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &frame_counter_unused);

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
    /* security: Security setup (utility), frame counter (everyone) */
    OBJ(0, 0, 43, 0, 0, 255, cosem_class_security_setup, g_meter.security, NULL, SECURITY),
    {{0, 0, 43, 1, 0, 255}, &DATA, &frame_counter_dummy, &cosem_frame_counter_ops, RO,
     &g_meter.security},
    /* identification */
    OBJ(0, 0, 96, 1, 0, 255, DATA, serial, NULL, RO),                  /* serial number */
    OBJ(0, 0, 96, 1, 1, 255, DATA, type, NULL, RO),                    /* meter type */
    OBJ(1, 0, 0, 2, 0, 255, DATA, fw, NULL, RO),                       /* firmware version */
    /* state */
    OBJ(0, 0, 96, 14, 0, 255, DATA, tariff, NULL, RO),                 /* current tariff */
    /* control: breaker, limiter, scripts, tariff calendar */
    OBJ(0, 0, 96, 3, 10, 255, cosem_class_disconnect_control, breaker, NULL, RELAY_RW),
    OBJ(0, 0, 17, 0, 0, 255, cosem_class_limiter, limiter, NULL, CTL_RW),
    OBJ(0, 0, 10, 0, 100, 255, cosem_class_script_table, tariff_table, NULL, CTL_RW),
    OBJ(0, 0, 10, 0, 106, 255, cosem_class_script_table, breaker_table, NULL, CTL_RW),
    OBJ(0, 0, 11, 0, 0, 255, cosem_class_special_days_table, holidays, NULL, CTL_RW),
    OBJ(0, 0, 13, 0, 0, 255, cosem_class_activity_calendar, calendar, NULL, CTL_RW),
    OBJ(0, 0, 10, 0, 103, 255, cosem_class_script_table, signal_table, NULL, CTL_RW),
    OBJ(0, 0, 10, 0, 1, 255, cosem_class_script_table, billing_table, NULL, CTL_RW),
    OBJ(0, 0, 16, 0, 1, 255, cosem_class_register_monitor, power_monitor, NULL, CTL_RW),
    OBJ(0, 0, 15, 0, 0, 255, cosem_class_single_action_schedule, billing_schedule, NULL, CTL_RW),
    OBJ(0, 0, 16, 2, 0, 255, cosem_class_parameter_monitor, params_monitor, NULL, CTL_RW),
    OBJ(0, 0, 97, 98, 0, 255, DATA, alarm, NULL, RO),                  /* alarm register 1 */
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
    /* communication setup, the vendor class, the push setup */
    OBJ(0, 0, 22, 0, 0, 255, cosem_class_iec_hdlc_setup, hdlc_setup, NULL, NET_RW),
    OBJ(0, 0, 25, 0, 0, 255, cosem_class_tcp_udp_setup, tcp_setup, NULL, NET_RW),
    OBJ(0, 0, 25, 1, 0, 255, cosem_class_ipv4_setup, ipv4_setup, NULL, NET_RW),
    OBJ(0, 0, 25, 2, 0, 255, cosem_class_mac_address_setup, mac_setup, NULL, NET_RW),
    OBJ(0, 0, 25, 3, 0, 255, cosem_class_ppp_setup, ppp_setup, NULL, NET_RW),
    OBJ(0, 0, 25, 4, 0, 255, cosem_class_gprs_modem_setup, gprs_setup, NULL, NET_RW),
    OBJ(0, 0, 25, 5, 0, 255, cosem_class_smtp_setup, smtp_setup, NULL, NET_RW),
    OBJ(0, 0, 25, 6, 0, 255, cosem_class_gsm_diagnostic, gsm_diag, NULL, RO),
    OBJ(0, 0, 25, 7, 0, 255, cosem_class_ipv6_setup, ipv6_setup, NULL, NET_RW),
    OBJ(0, 0, 25, 10, 0, 255, cosem_class_ntp_setup, ntp_setup, NULL, NET_RW),
    OBJ(0, 0, 129, 0, 0, 255, relay_config_class, relay1_config, NULL, NET_RW),
    OBJ(0, 0, 25, 9, 0, 255, cosem_class_push_setup, billing_push, NULL, PUSH_RW),
};

#define OBJECT_COUNT (sizeof g_objects / sizeof g_objects[0])

static uint16_t g_index[OBJECT_COUNT];

/* ---- the model ----------------------------------------------------------------------- */

/* The pushed objects of billing_push_refs, looked up in g_objects. */
static void billing_push_resolve(void)
{
    for (size_t i = 0; i < BILLING_PUSH_ITEMS; ++i) {
        billing_push_items[i].attr = billing_push_refs[i].attr;
        for (size_t k = 0; k < OBJECT_COUNT; ++k) {
            if (memcmp(g_objects[k].obis, billing_push_refs[i].obis, 6) == 0) {
                billing_push_items[i].obj = &g_objects[k];
            }
        }
    }
}

/* The row of the table whose instance description is @p data. */
static const cosem_object_t *row_of(const void *data)
{
    size_t i;
    for (i = 0; i < OBJECT_COUNT; i++) {
        if (g_objects[i].data == data) {
            return &g_objects[i];
        }
    }
    return NULL;
}

/* Prepares the logical device "management" from the table. */
static cosem_status_t demo_init(meter_t *m)
{
    cosem_server_config_t cfg;
    cosem_status_t st = hdlc_station_init(m);
    if (st != COSEM_OK) {
        return st;
    }
    billing_push_resolve();
    m->push = &g_push.tcp;
    cosem_datetime_clear(&g_net.gsm_time);
    meter_server_config(m, &cfg);
    cfg.objects = g_objects;
    cfg.object_count = OBJECT_COUNT;
    cfg.index = g_index;
    {
        /* --gbt, --access, SN: the same associations offering those too */
        static cosem_assoc_config_t extended[sizeof g_assocs / sizeof g_assocs[0]];
        uint32_t extra = meter_extra_conformance(m);
        size_t i;
#if COSEM_WITH_SN
        /* the demo meter: short-name referencing beside logical names
         * (the ION and MeterCom documents name LN only) */
        extra |= COSEM_CONF_READ | COSEM_CONF_WRITE | COSEM_CONF_UNCONFIRMED_WRITE |
                 COSEM_CONF_PARAMETERIZED_ACCESS;
#endif
        cfg.assocs = g_assocs;
        if (extra != 0u) {
            for (i = 0; i < sizeof g_assocs / sizeof g_assocs[0]; i++) {
                extended[i] = g_assocs[i];
                extended[i].conformance |= extra;
            }
            cfg.assocs = extended;
        }
    }
    cfg.assoc_count = sizeof g_assocs / sizeof g_assocs[0];
    meter_control_start(m, 5, &calendar_default_state, calendar_default,
                        sizeof calendar_default, calendar_default, sizeof calendar_default);
    calendar.clock = row_of(&meter_clock);
    calendar.special_days = row_of(&holidays);
    billing_schedule.clock = row_of(&meter_clock);
    cosem_datetime_clear(&params_state.capture_time);
    m->demand_state.period = METER_LP_PERIOD;
    m->demand_state.number_of_periods = 1;
    m->demand_state.history = m->demand_hist;
    m->demand_state.history_cap = 1;
    return cosem_server_init(&m->server, &cfg);
}

/* The event log (captured by meter_event()). */
static const cosem_object_t *demo_events(meter_t *m)
{
    return cosem_server_find(&m->server, (const uint8_t[6]){0, 0, 99, 98, 0, 255});
}

/* The table points at g_meter: one meter per process. */
const meter_model_t meter_model_demo = {"demo", demo_init, NULL, demo_events, NULL, false,
                                        "12345678", NULL, 0, meter_control_valid};
