/* SPDX-License-Identifier: Apache-2.0 */
/* Model "metercom-pro": the DLMS server of a 2N MeterCom PRO communication
 * module on a Landis+Gyr E350 meter, as its manual describes it (section
 * 4.1 "DLMS"):
 *   "The DLMS server listens on the default TCP port 4059"      -> --port 4059
 *   "One connection is only allowed, other links are rejected"  -> --max-connections 1
 *   Public Reader: authentication NONE, client address 0x10
 *   Meter Reader:  authentication LOW,  client address 0x20, password HELLO
 *                  (the default: the reader changes it by writing attribute 7
 *                  of its association; the state file keeps it)
 *   server address: logical device 0x01 (wrapper port 1, HDLC upper address 1)
 *   utility setting association 0.0.40.0.3.255: client 0x30 with HLS-GMAC and
 *   authenticated-and-encrypted ciphering (security suite 0), the meter's
 *   keys and system title (--ek, --ak, --system-title), as the demo model.
 *
 * g_rows below is the manual's object table, row by row in its order (275
 * rows: its 274 plus 0.0.96.1.5.255 "Module firmware version", which the
 * manual's section 5.2 names), with the class it gives and the manual's
 * description. One row of the manual has a malformed logical name,
 * "1.0.114.0.255" (five groups) for the class 5 "Sliding average total
 * import power": this model serves it at the standard OBIS of the sliding
 * demand of active import, 1.0.1.4.0.255, and says so in the row.
 *
 * Every row is served. The manual names the 2N vendor classes 8192-8196
 * but gives no attribute layout: this model's layout is its own (see
 * "the 2N vendor classes" below).
 *
 * Tariffs and control (the manual gives no calendar, thresholds or
 * scripts; these are plausible for a Czech two-rate supply): the activity
 * calendar and special days switch the active rate through the
 * tariffication scripts; three register monitors watch the phase
 * voltages; the breaker (disconnect control, mode 1) is opened locally by
 * the five immediate limiters, the five hysteresis limiters shed load
 * through the output relays; two parameter monitors record changes of the
 * periodic readouts' settings; the HDLC setup is the link's live
 * configuration. See docs/model_metercom-pro.md.
 *
 * Values: identification strings are constants; the registers follow the
 * shared engine (engine.c): energies by rate, per phase and by quadrant
 * are split from its totals, instantaneous values from its phases. The
 * event logs are captured on the engine's events (power up/down: logs 3
 * and 4, password and authentication: log 1, clock set and relay: log 5,
 * rate change: log 2, limiter actions: log 6, every event: the debug log);
 * the periodic readouts capture on their periods (profile 1: 15 min,
 * profile 2: 1 h, daily), the monthly one at the turn of a month. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/classes.h>

#include "meter.h"

/* ---- kinds of rows ------------------------------------------------------------- */

enum {
    MK_STR,       /* Data, visible-string constant (the value column) */
    MK_LDN,       /* Data, octet-string: the logical device name */
    MK_SERIAL,    /* Data, visible-string: the module serial number (from the unit id) */
    MK_REGNO,     /* Data, visible-string: registration number, written by the reader */
    MK_IEC,       /* Data, visible-string: meter IEC address (from the unit id) */
    MK_RATE,      /* Data, unsigned: active rate 1..6 */
    MK_RELAY,     /* Data, unsigned: relay state (1 closed) */
    MK_FAILS,     /* Data, long-unsigned: power failures */
    MK_PHASEFAIL, /* Data, long-unsigned: phase failures */
    MK_PERIOD,    /* Data, double-long-unsigned: a period in seconds */
    MK_URL,       /* Data, visible-string: firmware URL, written by the reader */
    MK_U32,       /* Data, double-long-unsigned: status and error words */
    MK_REG,       /* Register, double-long, scaler and unit from the OBIS code */
    MK_DEMAND,    /* Demand register of active import */
    MK_PROFILE,   /* Profile generic (g_profiles) */
    MK_CLOCK,
    MK_ASSOC,     /* Association LN: .0 current, .1/.2/.3 the three clients */
    MK_SAP,
    MK_NET,       /* network setup (classes 41-45, 47): the module's Ethernet and GPRS links */
    MK_SCRIPTS,   /* script table (class 9): g_mc_scripts by its OBIS code E */
    MK_CALENDAR,  /* activity calendar (class 20): switches the active rate */
    MK_SPECIAL,   /* special days table (class 11): Czech public holidays */
    MK_MONITOR,   /* register monitor (class 21) of a phase voltage, by its OBIS code E */
    MK_BREAKER,   /* disconnect control (class 70): the breaker */
    MK_LIMITER,   /* limiter (class 71), by its OBIS code E */
    MK_PARAMS,    /* parameter monitor (class 65) of profile 1 or 2 */
    MK_HDLC,      /* IEC HDLC setup (class 23): the HDLC link's configuration */
    MK_VENDOR     /* 2N vendor classes 8192-8196: our attribute layout (g_vendor) */
};

#define STR(s) MK_STR, s
#define K_LDN MK_LDN, NULL
#define K_SERIAL MK_SERIAL, NULL
#define K_REGNO MK_REGNO, NULL
#define K_IEC MK_IEC, NULL
#define K_RATE MK_RATE, NULL
#define K_RELAY MK_RELAY, NULL
#define K_FAILS MK_FAILS, NULL
#define K_PHASEFAIL MK_PHASEFAIL, NULL
#define K_PERIOD MK_PERIOD, NULL
#define K_URL MK_URL, NULL
#define K_U32 MK_U32, NULL
#define K_REG MK_REG, NULL
#define K_DEMAND MK_DEMAND, NULL
#define K_PROFILE MK_PROFILE, NULL
#define K_CLOCK MK_CLOCK, NULL
#define K_ASSOC MK_ASSOC, NULL
#define K_SAP MK_SAP, NULL
#define K_NET MK_NET, NULL
#define K_SCRIPTS MK_SCRIPTS, NULL
#define K_CALENDAR MK_CALENDAR, NULL
#define K_SPECIAL MK_SPECIAL, NULL
#define K_MONITOR MK_MONITOR, NULL
#define K_BREAKER MK_BREAKER, NULL
#define K_LIMITER MK_LIMITER, NULL
#define K_PARAMS MK_PARAMS, NULL
#define K_HDLC MK_HDLC, NULL
#define K_VENDOR MK_VENDOR, NULL

typedef struct mc_row {
    uint8_t obis[6];
    uint16_t class_id;   /* as the manual gives it */
    uint8_t kind;
    const char *value;   /* MK_STR: the string */
    const char *text;    /* the manual's description */
} mc_row_t;

#define ROW(a, b, c, d, e, f, cls, kv, text) {{a, b, c, d, e, f}, cls, kv, text}

/* ---- the manual's table ---------------------------------------------------------- */

static const mc_row_t g_rows[] = {
    ROW(0, 0, 42, 0, 0, 255, 1, K_LDN, "COSEM logical device name"),
    ROW(1, 0, 0, 2, 0, 255, 1, STR("E350-ZCF110"), "Meter firmware ID"),
    ROW(1, 0, 0, 2, 1, 255, 1, STR("CFG-0001"), "Configuration ID"),
    ROW(1, 0, 0, 2, 2, 255, 1, STR("CAL-ACTIVE-01"), "Active calendar ID"),
    ROW(1, 0, 0, 2, 7, 255, 1, STR("CAL-PASSIVE-01"), "Passive calendar ID"),
    ROW(1, 0, 0, 2, 8, 255, 1, STR("5A3C"), "Meter FW checksum"),
    ROW(1, 1, 0, 2, 0, 255, 1, STR("MCP-2.4.0"), "Module firmware ID"),
    ROW(0, 0, 96, 1, 5, 255, 1, STR("2.4.0.1187"), "Module firmware version (named in section 5.2, not in the table)"),
    ROW(0, 0, 96, 1, 1, 255, 1, STR("CUSTOMER"), "Meter customer ID - 0.0"),
    ROW(0, 0, 96, 1, 2, 255, 1, STR("LGZ"), "Meter manufacture ID - C.1.1"),
    ROW(0, 1, 96, 1, 0, 255, 1, K_SERIAL, "Module serial number - Read Only"),
    ROW(0, 1, 96, 1, 1, 255, 1, K_REGNO, "Module registration number - Read/Write"),
    ROW(0, 1, 96, 90, 255, 255, 1, STR(""), "Module hardware configuration - empty yet"),
    ROW(0, 0, 96, 90, 255, 255, 1, STR("E350-CFG"), "Meter configuration ID"),
    ROW(0, 0, 96, 90, 0, 255, 1, K_IEC, "Meter IEC address"),
    ROW(0, 0, 96, 90, 1, 255, 1, K_IEC, "Meter IEC address 1 - characters 1-8"),
    ROW(0, 0, 96, 90, 2, 255, 1, K_IEC, "Meter IEC address 2 - characters 9-16"),
    ROW(0, 0, 96, 14, 0, 255, 1, K_RATE, "Active rate"),
    ROW(0, 0, 96, 14, 1, 255, 1, K_RELAY, "Relay 1 state"),
    ROW(0, 0, 96, 14, 2, 255, 1, K_RELAY, "Relay 2 state"),
    ROW(0, 0, 96, 7, 0, 255, 1, K_FAILS, "Count of power failures in all three phases"),
    ROW(0, 0, 96, 7, 1, 255, 1, K_PHASEFAIL, "Phase fail counter L1"),
    ROW(0, 0, 96, 7, 2, 255, 1, K_PHASEFAIL, "Phase fail counter L2"),
    ROW(0, 0, 96, 7, 3, 255, 1, K_PHASEFAIL, "Phase fail counter L3"),
    ROW(1, 0, 96, 5, 0, 255, 1, K_U32, "Meter internal operating status"),
    ROW(1, 1, 96, 5, 0, 255, 1, K_U32, "Module internal operating status"),
    ROW(1, 0, 0, 8, 0, 255, 1, K_PERIOD, "*Demand integration period"),
    ROW(1, 0, 0, 8, 4, 255, 1, K_PERIOD, "Profile 1 capture period"),
    ROW(1, 0, 0, 8, 5, 255, 1, K_PERIOD, "Profile 2 capture period"),
    ROW(0, 0, 44, 0, 0, 255, 1, K_URL, "URL for firmware upgrade"),
    ROW(0, 0, 97, 97, 0, 255, 1, K_U32, "Meter error code"),
    ROW(0, 1, 97, 97, 0, 255, 1, K_U32, "Module error code"),
    ROW(1, 0, 21, 7, 0, 255, 3, K_REG, "Active power import L1"),
    ROW(1, 0, 41, 7, 0, 255, 3, K_REG, "Active power import L2"),
    ROW(1, 0, 61, 7, 0, 255, 3, K_REG, "Active power import L3"),
    ROW(1, 0, 22, 7, 0, 255, 3, K_REG, "Active power export L1"),
    ROW(1, 0, 42, 7, 0, 255, 3, K_REG, "Active power export L2"),
    ROW(1, 0, 62, 7, 0, 255, 3, K_REG, "Active power export L3"),
    ROW(1, 0, 2, 7, 0, 255, 3, K_REG, "Active power export"),
    ROW(1, 0, 23, 7, 0, 255, 3, K_REG, "Reactive power import L1"),
    ROW(1, 0, 43, 7, 0, 255, 3, K_REG, "Reactive power import L2"),
    ROW(1, 0, 63, 7, 0, 255, 3, K_REG, "Reactive power import L3"),
    ROW(1, 0, 31, 7, 0, 255, 3, K_REG, "Current L1"),
    ROW(1, 0, 51, 7, 0, 255, 3, K_REG, "Current L2"),
    ROW(1, 0, 71, 7, 0, 255, 3, K_REG, "Current L3"),
    ROW(1, 0, 32, 7, 0, 255, 3, K_REG, "Voltage L1"),
    ROW(1, 0, 52, 7, 0, 255, 3, K_REG, "Voltage L2"),
    ROW(1, 0, 72, 7, 0, 255, 3, K_REG, "Voltage L3"),
    ROW(1, 0, 33, 7, 0, 255, 3, K_REG, "Power factor L1"),
    ROW(1, 0, 53, 7, 0, 255, 3, K_REG, "Power factor L2"),
    ROW(1, 0, 73, 7, 0, 255, 3, K_REG, "Power factor L3"),
    ROW(1, 0, 13, 7, 0, 255, 3, K_REG, "Average power factor"),
    ROW(1, 0, 14, 7, 0, 255, 3, K_REG, "Mains frequency"),
    ROW(1, 0, 35, 7, 0, 255, 3, K_REG, "Active power export L1"),
    ROW(1, 0, 55, 7, 0, 255, 3, K_REG, "Active power export L2"),
    ROW(1, 0, 75, 7, 0, 255, 3, K_REG, "Active power export L3"),
    ROW(1, 0, 15, 7, 0, 255, 3, K_REG, "Active power export"),
    ROW(1, 0, 36, 7, 0, 255, 3, K_REG, "Power L1"),
    ROW(1, 0, 56, 7, 0, 255, 3, K_REG, "Power L2"),
    ROW(1, 0, 76, 7, 0, 255, 3, K_REG, "Power L3"),
    ROW(1, 0, 16, 7, 0, 255, 3, K_REG, "Total power"),
    ROW(1, 0, 131, 7, 0, 255, 3, K_REG, "Power reactive total"),
    ROW(1, 0, 151, 7, 0, 255, 3, K_REG, "Power reactive L1"),
    ROW(1, 0, 171, 7, 0, 255, 3, K_REG, "Power reactive L2"),
    ROW(1, 0, 191, 7, 0, 255, 3, K_REG, "Power reactive L3"),
    ROW(1, 0, 1, 8, 0, 255, 3, K_REG, "Energy import total"),
    ROW(1, 0, 1, 8, 1, 255, 3, K_REG, "Energy import rate 1"),
    ROW(1, 0, 1, 8, 2, 255, 3, K_REG, "Energy import rate 2"),
    ROW(1, 0, 1, 8, 3, 255, 3, K_REG, "Energy import rate 3"),
    ROW(1, 0, 1, 8, 4, 255, 3, K_REG, "Energy import rate 4"),
    ROW(1, 0, 1, 8, 5, 255, 3, K_REG, "Energy import rate 5"),
    ROW(1, 0, 1, 8, 6, 255, 3, K_REG, "Energy import rate 6"),
    ROW(1, 0, 2, 8, 0, 255, 3, K_REG, "Energy export total"),
    ROW(1, 0, 2, 8, 1, 255, 3, K_REG, "Energy export rate 1"),
    ROW(1, 0, 2, 8, 2, 255, 3, K_REG, "Energy export rate 2"),
    ROW(1, 0, 2, 8, 3, 255, 3, K_REG, "Energy export rate 3"),
    ROW(1, 0, 2, 8, 4, 255, 3, K_REG, "Energy export rate 4"),
    ROW(1, 0, 2, 8, 5, 255, 3, K_REG, "Energy export rate 5"),
    ROW(1, 0, 2, 8, 6, 255, 3, K_REG, "Energy export rate 6"),
    ROW(1, 0, 3, 8, 0, 255, 3, K_REG, "Reactive energy import total"),
    ROW(1, 0, 3, 8, 1, 255, 3, K_REG, "Reactive energy import rate 1"),
    ROW(1, 0, 3, 8, 2, 255, 3, K_REG, "Reactive energy import rate 2"),
    ROW(1, 0, 3, 8, 3, 255, 3, K_REG, "Reactive energy import rate 3"),
    ROW(1, 0, 3, 8, 4, 255, 3, K_REG, "Reactive energy import rate 4"),
    ROW(1, 0, 3, 8, 5, 255, 3, K_REG, "Reactive energy import rate 5"),
    ROW(1, 0, 3, 8, 6, 255, 3, K_REG, "Reactive energy import rate 6"),
    ROW(1, 0, 4, 8, 0, 255, 3, K_REG, "Reactive energy export total"),
    ROW(1, 0, 4, 8, 1, 255, 3, K_REG, "Reactive energy export rate 1"),
    ROW(1, 0, 4, 8, 2, 255, 3, K_REG, "Reactive energy export rate 2"),
    ROW(1, 0, 4, 8, 3, 255, 3, K_REG, "Reactive energy export rate 3"),
    ROW(1, 0, 4, 8, 4, 255, 3, K_REG, "Reactive energy export rate 4"),
    ROW(1, 0, 4, 8, 5, 255, 3, K_REG, "Reactive energy export rate 5"),
    ROW(1, 0, 4, 8, 6, 255, 3, K_REG, "Reactive energy export rate 6"),
    ROW(1, 0, 5, 8, 0, 255, 3, K_REG, "Reactive energy Q1 total"),
    ROW(1, 0, 5, 8, 1, 255, 3, K_REG, "Reactive energy Q1 rate 1"),
    ROW(1, 0, 5, 8, 2, 255, 3, K_REG, "Reactive energy Q1 rate 2"),
    ROW(1, 0, 5, 8, 3, 255, 3, K_REG, "Reactive energy Q1 rate 3"),
    ROW(1, 0, 5, 8, 4, 255, 3, K_REG, "Reactive energy Q1 rate 4"),
    ROW(1, 0, 5, 8, 5, 255, 3, K_REG, "Reactive energy Q1 rate 5"),
    ROW(1, 0, 5, 8, 6, 255, 3, K_REG, "Reactive energy Q1 rate 6"),
    ROW(1, 0, 6, 8, 0, 255, 3, K_REG, "Reactive energy Q2 total"),
    ROW(1, 0, 6, 8, 1, 255, 3, K_REG, "Reactive energy Q2 rate 1"),
    ROW(1, 0, 6, 8, 2, 255, 3, K_REG, "Reactive energy Q2 rate 2"),
    ROW(1, 0, 6, 8, 3, 255, 3, K_REG, "Reactive energy Q2 rate 3"),
    ROW(1, 0, 6, 8, 4, 255, 3, K_REG, "Reactive energy Q2 rate 4"),
    ROW(1, 0, 6, 8, 5, 255, 3, K_REG, "Reactive energy Q2 rate 5"),
    ROW(1, 0, 6, 8, 6, 255, 3, K_REG, "Reactive energy Q2 rate 6"),
    ROW(1, 0, 7, 8, 0, 255, 3, K_REG, "Reactive energy Q3 total"),
    ROW(1, 0, 7, 8, 1, 255, 3, K_REG, "Reactive energy Q3 rate 1"),
    ROW(1, 0, 7, 8, 2, 255, 3, K_REG, "Reactive energy Q3 rate 2"),
    ROW(1, 0, 7, 8, 3, 255, 3, K_REG, "Reactive energy Q3 rate 3"),
    ROW(1, 0, 7, 8, 4, 255, 3, K_REG, "Reactive energy Q3 rate 4"),
    ROW(1, 0, 7, 8, 5, 255, 3, K_REG, "Reactive energy Q3 rate 5"),
    ROW(1, 0, 7, 8, 6, 255, 3, K_REG, "Reactive energy Q3 rate 6"),
    ROW(1, 0, 8, 8, 0, 255, 3, K_REG, "Reactive energy Q4 total"),
    ROW(1, 0, 8, 8, 1, 255, 3, K_REG, "Reactive energy Q4 rate 1"),
    ROW(1, 0, 8, 8, 2, 255, 3, K_REG, "Reactive energy Q4 rate 2"),
    ROW(1, 0, 8, 8, 3, 255, 3, K_REG, "Reactive energy Q4 rate 3"),
    ROW(1, 0, 8, 8, 4, 255, 3, K_REG, "Reactive energy Q4 rate 4"),
    ROW(1, 0, 8, 8, 5, 255, 3, K_REG, "Reactive energy Q4 rate 5"),
    ROW(1, 0, 8, 8, 6, 255, 3, K_REG, "Reactive energy Q4 rate 6"),
    ROW(1, 0, 9, 8, 0, 255, 3, K_REG, "Apparent energy"),
    ROW(1, 0, 9, 8, 1, 255, 3, K_REG, "Apparent energy rate 1"),
    ROW(1, 0, 9, 8, 2, 255, 3, K_REG, "Apparent energy rate 2"),
    ROW(1, 0, 9, 8, 3, 255, 3, K_REG, "Apparent energy rate 3"),
    ROW(1, 0, 9, 8, 4, 255, 3, K_REG, "Apparent energy rate 4"),
    ROW(1, 0, 9, 8, 5, 255, 3, K_REG, "Apparent energy rate 5"),
    ROW(1, 0, 9, 8, 6, 255, 3, K_REG, "Apparent energy rate 6"),
    ROW(1, 0, 15, 8, 0, 255, 3, K_REG, "Energy combined total"),
    ROW(1, 0, 15, 8, 1, 255, 3, K_REG, "Energy combined rate 1"),
    ROW(1, 0, 15, 8, 2, 255, 3, K_REG, "Energy combined rate 2"),
    ROW(1, 0, 15, 8, 3, 255, 3, K_REG, "Energy combined rate 3"),
    ROW(1, 0, 15, 8, 4, 255, 3, K_REG, "Energy combined rate 4"),
    ROW(1, 0, 15, 8, 5, 255, 3, K_REG, "Energy combined rate 5"),
    ROW(1, 0, 15, 8, 6, 255, 3, K_REG, "Energy combined rate 6"),
    ROW(1, 0, 16, 8, 0, 255, 3, K_REG, "Absolute value of active energy"),
    ROW(1, 0, 16, 8, 1, 255, 3, K_REG, "Absolute value of active energy rate 1"),
    ROW(1, 0, 16, 8, 2, 255, 3, K_REG, "Absolute value of active energy rate 2"),
    ROW(1, 0, 16, 8, 3, 255, 3, K_REG, "Absolute value of active energy rate 3"),
    ROW(1, 0, 16, 8, 4, 255, 3, K_REG, "Absolute value of active energy rate 4"),
    ROW(1, 0, 16, 8, 5, 255, 3, K_REG, "Absolute value of active energy rate 5"),
    ROW(1, 0, 16, 8, 6, 255, 3, K_REG, "Absolute value of active energy rate 6"),
    ROW(1, 0, 21, 8, 0, 255, 3, K_REG, "Active import energy phase L1"),
    ROW(1, 0, 21, 8, 1, 255, 3, K_REG, "Active import energy phase L1 rate 1"),
    ROW(1, 0, 21, 8, 2, 255, 3, K_REG, "Active import energy phase L1 rate 2"),
    ROW(1, 0, 21, 8, 3, 255, 3, K_REG, "Active import energy phase L1 rate 3"),
    ROW(1, 0, 21, 8, 4, 255, 3, K_REG, "Active import energy phase L1 rate 4"),
    ROW(1, 0, 21, 8, 5, 255, 3, K_REG, "Active import energy phase L1 rate 5"),
    ROW(1, 0, 21, 8, 6, 255, 3, K_REG, "Active import energy phase L1 rate 6"),
    ROW(1, 0, 41, 8, 0, 255, 3, K_REG, "Active import energy phase L2"),
    ROW(1, 0, 41, 8, 1, 255, 3, K_REG, "Active import energy phase L2 rate 1"),
    ROW(1, 0, 41, 8, 2, 255, 3, K_REG, "Active import energy phase L2 rate 2"),
    ROW(1, 0, 41, 8, 3, 255, 3, K_REG, "Active import energy phase L2 rate 3"),
    ROW(1, 0, 41, 8, 4, 255, 3, K_REG, "Active import energy phase L2 rate 4"),
    ROW(1, 0, 41, 8, 5, 255, 3, K_REG, "Active import energy phase L2 rate 5"),
    ROW(1, 0, 41, 8, 6, 255, 3, K_REG, "Active import energy phase L2 rate 6"),
    ROW(1, 0, 61, 8, 0, 255, 3, K_REG, "Active import energy phase L3"),
    ROW(1, 0, 61, 8, 1, 255, 3, K_REG, "Active import energy phase L3 rate 1"),
    ROW(1, 0, 61, 8, 2, 255, 3, K_REG, "Active import energy phase L3 rate 2"),
    ROW(1, 0, 61, 8, 3, 255, 3, K_REG, "Active import energy phase L3 rate 3"),
    ROW(1, 0, 61, 8, 4, 255, 3, K_REG, "Active import energy phase L3 rate 4"),
    ROW(1, 0, 61, 8, 5, 255, 3, K_REG, "Active import energy phase L3 rate 5"),
    ROW(1, 0, 61, 8, 6, 255, 3, K_REG, "Active import energy phase L3 rate 6"),
    ROW(1, 0, 22, 8, 0, 255, 3, K_REG, "Active export energy phase L1"),
    ROW(1, 0, 22, 8, 1, 255, 3, K_REG, "Active export energy phase L1 rate 1"),
    ROW(1, 0, 22, 8, 2, 255, 3, K_REG, "Active export energy phase L1 rate 2"),
    ROW(1, 0, 22, 8, 3, 255, 3, K_REG, "Active export energy phase L1 rate 3"),
    ROW(1, 0, 22, 8, 4, 255, 3, K_REG, "Active export energy phase L1 rate 4"),
    ROW(1, 0, 22, 8, 5, 255, 3, K_REG, "Active export energy phase L1 rate 5"),
    ROW(1, 0, 22, 8, 6, 255, 3, K_REG, "Active export energy phase L1 rate 6"),
    ROW(1, 0, 42, 8, 0, 255, 3, K_REG, "Active export energy phase L2"),
    ROW(1, 0, 42, 8, 1, 255, 3, K_REG, "Active export energy phase L2 rate 1"),
    ROW(1, 0, 42, 8, 2, 255, 3, K_REG, "Active export energy phase L2 rate 2"),
    ROW(1, 0, 42, 8, 3, 255, 3, K_REG, "Active export energy phase L2 rate 3"),
    ROW(1, 0, 42, 8, 4, 255, 3, K_REG, "Active export energy phase L2 rate 4"),
    ROW(1, 0, 42, 8, 5, 255, 3, K_REG, "Active export energy phase L2 rate 5"),
    ROW(1, 0, 42, 8, 6, 255, 3, K_REG, "Active export energy phase L2 rate 6"),
    ROW(1, 0, 62, 8, 0, 255, 3, K_REG, "Active export energy phase L3"),
    ROW(1, 0, 62, 8, 1, 255, 3, K_REG, "Active export energy phase L3 rate 1"),
    ROW(1, 0, 62, 8, 2, 255, 3, K_REG, "Active export energy phase L3 rate 2"),
    ROW(1, 0, 62, 8, 3, 255, 3, K_REG, "Active export energy phase L3 rate 3"),
    ROW(1, 0, 62, 8, 4, 255, 3, K_REG, "Active export energy phase L3 rate 4"),
    ROW(1, 0, 62, 8, 5, 255, 3, K_REG, "Active export energy phase L3 rate 5"),
    ROW(1, 0, 62, 8, 6, 255, 3, K_REG, "Active export energy phase L3 rate 6"),
    ROW(1, 0, 128, 8, 0, 255, 3, K_REG, "Absolute value of active energy"),
    ROW(1, 0, 128, 8, 1, 255, 3, K_REG, "Absolute value of active energy rate 1"),
    ROW(1, 0, 128, 8, 2, 255, 3, K_REG, "Absolute value of active energy rate 2"),
    ROW(1, 0, 128, 8, 3, 255, 3, K_REG, "Absolute value of active energy rate 3"),
    ROW(1, 0, 128, 8, 4, 255, 3, K_REG, "Absolute value of active energy rate 4"),
    ROW(1, 0, 128, 8, 5, 255, 3, K_REG, "Absolute value of active energy rate 5"),
    ROW(1, 0, 128, 8, 6, 255, 3, K_REG, "Absolute value of active energy rate 6"),
    ROW(1, 0, 130, 8, 0, 255, 3, K_REG, "Absolute value of reactive energy"),
    ROW(1, 0, 130, 8, 1, 255, 3, K_REG, "Absolute value of reactive energy rate 1"),
    ROW(1, 0, 130, 8, 2, 255, 3, K_REG, "Absolute value of reactive energy rate 2"),
    ROW(1, 0, 130, 8, 3, 255, 3, K_REG, "Absolute value of reactive energy rate 3"),
    ROW(1, 0, 130, 8, 4, 255, 3, K_REG, "Absolute value of reactive energy rate 4"),
    ROW(1, 0, 130, 8, 5, 255, 3, K_REG, "Absolute value of reactive energy rate 5"),
    ROW(1, 0, 130, 8, 6, 255, 3, K_REG, "Absolute value of reactive energy rate 6"),
    ROW(1, 0, 131, 8, 0, 255, 3, K_REG, "Absolute value of reactive energy"),
    ROW(1, 0, 131, 8, 1, 255, 3, K_REG, "Absolute value of reactive energy rate 1"),
    ROW(1, 0, 131, 8, 2, 255, 3, K_REG, "Absolute value of reactive energy rate 2"),
    ROW(1, 0, 131, 8, 3, 255, 3, K_REG, "Absolute value of reactive energy rate 3"),
    ROW(1, 0, 131, 8, 4, 255, 3, K_REG, "Absolute value of reactive energy rate 4"),
    ROW(1, 0, 131, 8, 5, 255, 3, K_REG, "Absolute value of reactive energy rate 5"),
    ROW(1, 0, 131, 8, 6, 255, 3, K_REG, "Absolute value of reactive energy rate 6"),
    ROW(1, 0, 132, 8, 0, 255, 3, K_REG, "Reactive import energy"),
    ROW(1, 0, 132, 8, 1, 255, 3, K_REG, "Reactive import energy rate 1"),
    ROW(1, 0, 132, 8, 2, 255, 3, K_REG, "Reactive import energy rate 2"),
    ROW(1, 0, 132, 8, 3, 255, 3, K_REG, "Reactive import energy rate 3"),
    ROW(1, 0, 132, 8, 4, 255, 3, K_REG, "Reactive import energy rate 4"),
    ROW(1, 0, 132, 8, 5, 255, 3, K_REG, "Reactive import energy rate 5"),
    ROW(1, 0, 132, 8, 6, 255, 3, K_REG, "Reactive import energy rate 6"),
    ROW(1, 0, 133, 8, 0, 255, 3, K_REG, "Reactive export energy"),
    ROW(1, 0, 133, 8, 1, 255, 3, K_REG, "Reactive export energy rate 1"),
    ROW(1, 0, 133, 8, 2, 255, 3, K_REG, "Reactive export energy rate 2"),
    ROW(1, 0, 133, 8, 3, 255, 3, K_REG, "Reactive export energy rate 3"),
    ROW(1, 0, 133, 8, 4, 255, 3, K_REG, "Reactive export energy rate 4"),
    ROW(1, 0, 133, 8, 5, 255, 3, K_REG, "Reactive export energy rate 5"),
    ROW(1, 0, 133, 8, 6, 255, 3, K_REG, "Reactive export energy rate 6"),
    ROW(1, 0, 82, 8, 1, 255, 3, K_REG, "Terminal cover remove count"),
    ROW(1, 0, 82, 8, 2, 255, 3, K_REG, "DC field detection count"),
    ROW(1, 0, 82, 8, 3, 255, 3, K_REG, "Disconnecter tamper counter"),
    ROW(1, 0, 1, 4, 0, 255, 5, K_DEMAND, "Sliding average total import power [manual: 1.0.114.0.255, five groups; standard OBIS of the sliding demand of active import]"),
    ROW(1, 0, 99, 98, 0, 255, 7, K_PROFILE, "Event log 1 - critical states and attacks"),
    ROW(1, 0, 99, 98, 1, 255, 7, K_PROFILE, "Event log 2 - calendar actions"),
    ROW(1, 0, 99, 98, 2, 255, 7, K_PROFILE, "Event log 3 - blackouts and voltage problems"),
    ROW(1, 0, 99, 98, 3, 255, 7, K_PROFILE, "Event log 4 - module internal states"),
    ROW(1, 0, 99, 98, 4, 255, 7, K_PROFILE, "Event log 5 - direct commands"),
    ROW(1, 0, 99, 98, 5, 255, 7, K_PROFILE, "Event log 6 - limiter"),
    ROW(1, 0, 99, 98, 6, 255, 7, K_PROFILE, "Debug log - 2N debugging log"),
    ROW(1, 0, 99, 1, 0, 255, 7, K_PROFILE, "Periodic readout - profile 1"),
    ROW(1, 0, 99, 2, 0, 255, 7, K_PROFILE, "Periodic readout - profile 2"),
    ROW(1, 0, 99, 3, 0, 255, 7, K_PROFILE, "Periodic readout - daily"),
    ROW(1, 0, 99, 4, 0, 255, 7, K_PROFILE, "Periodic readout - monthly"),
    ROW(0, 0, 1, 0, 0, 255, 8, K_CLOCK, "Clock"),
    ROW(0, 0, 40, 0, 0, 255, 15, K_ASSOC, "LN associations"),
    ROW(0, 0, 40, 0, 1, 255, 15, K_ASSOC, "LN associations public client"),
    ROW(0, 0, 40, 0, 2, 255, 15, K_ASSOC, "LN associations meter reader"),
    ROW(0, 0, 40, 0, 3, 255, 15, K_ASSOC, "LN associations utility setting"),
    ROW(0, 0, 41, 0, 0, 255, 17, K_SAP, "SAP assignment"),
    ROW(0, 0, 13, 0, 0, 255, 20, K_CALENDAR, "Activity calendar"),
    ROW(0, 0, 16, 0, 0, 255, 21, K_MONITOR, "Voltage L1 register monitor"),
    ROW(0, 0, 16, 0, 1, 255, 21, K_MONITOR, "Voltage L2 register monitor"),
    ROW(0, 0, 16, 0, 2, 255, 21, K_MONITOR, "Voltage L3 register monitor"),
    ROW(0, 0, 11, 0, 0, 255, 11, K_SPECIAL, "Special days table definition"),
    ROW(0, 0, 25, 0, 0, 255, 41, K_NET, "TCP setup"),
    ROW(0, 0, 25, 1, 0, 255, 42, K_NET, "IPv4 setup"),
    ROW(0, 0, 25, 2, 0, 255, 43, K_NET, "MAC setup"),
    ROW(0, 0, 25, 3, 0, 255, 44, K_NET, "PPP setup"),
    ROW(0, 0, 25, 4, 0, 255, 45, K_NET, "GPRS modem setup"),
    ROW(0, 0, 25, 6, 0, 255, 47, K_NET, "GSM diagnostic"),
    ROW(0, 0, 96, 3, 10, 255, 70, K_BREAKER, "Disconnect control interface"),
    ROW(0, 0, 10, 0, 100, 255, 9, K_SCRIPTS, "Tariffication script table"),
    ROW(0, 0, 10, 0, 103, 255, 9, K_SCRIPTS, "Output signals (RELAY) script table"),
    ROW(0, 0, 10, 0, 106, 255, 9, K_SCRIPTS, "Disconnect control script table"),
    ROW(0, 0, 10, 0, 101, 255, 9, K_SCRIPTS, "2N complex script table"),
    ROW(0, 0, 16, 2, 0, 255, 65, K_PARAMS, "Profile 1 parameters definition"),
    ROW(0, 0, 16, 2, 1, 255, 65, K_PARAMS, "Profile 2 parameters definition"),
    ROW(0, 0, 22, 0, 0, 255, 23, K_HDLC, "HDLC setup"),
    ROW(0, 0, 129, 0, 0, 255, 8193, K_VENDOR, "Relay 1 configuration"),
    ROW(0, 0, 129, 0, 1, 255, 8193, K_VENDOR, "Relay 2 configuration"),
    ROW(0, 0, 129, 0, 2, 255, 8194, K_VENDOR, "Tariffication rate configuration"),
    ROW(0, 0, 129, 0, 3, 255, 8195, K_VENDOR, "TCP connection configuration in Client mode"),
    ROW(0, 0, 129, 0, 4, 255, 8196, K_VENDOR, "MCP configuration"),
    ROW(0, 0, 128, 0, 0, 255, 8192, K_VENDOR, "Wireless M-Bus object"),
    ROW(0, 0, 17, 0, 0, 255, 71, K_LIMITER, "Current L1 limiter for immediate disconnection"),
    ROW(0, 0, 17, 0, 1, 255, 71, K_LIMITER, "Current L1 limiter for disconnection with hysteresis"),
    ROW(0, 0, 17, 0, 2, 255, 71, K_LIMITER, "Current L2 limiter for immediate disconnection"),
    ROW(0, 0, 17, 0, 3, 255, 71, K_LIMITER, "Current L2 limiter for disconnection with hysteresis"),
    ROW(0, 0, 17, 0, 4, 255, 71, K_LIMITER, "Current L3 limiter for immediate disconnection"),
    ROW(0, 0, 17, 0, 5, 255, 71, K_LIMITER, "Current L3 limiter for disconnection with hysteresis"),
    ROW(0, 0, 17, 0, 6, 255, 71, K_LIMITER, "Energy limiter for immediate disconnection"),
    ROW(0, 0, 17, 0, 7, 255, 71, K_LIMITER, "Energy limiter for disconnection with hysteresis"),
    ROW(0, 0, 17, 0, 8, 255, 71, K_LIMITER, "Power limiter for immediate disconnection"),
    ROW(0, 0, 17, 0, 9, 255, 71, K_LIMITER, "Power limiter for disconnection with hysteresis"),
};

#define N_ROWS (sizeof g_rows / sizeof g_rows[0])

/* ---- profiles: columns ------------------------------------------------------------- */

#define COL(cls, a, b, c, d, e, f, width) {cls, {a, b, c, d, e, f}, 2, width, 0}
#define CLK COL(8, 0, 0, 1, 0, 0, 255, COSEM_PROFILE_W_DATETIME)
#define W32 COSEM_PROFILE_W_U32
#define ENERGY(c, e) COL(3, 1, 0, c, 8, e, 255, W32)

static const cosem_capture_def_t c_log1[] = {CLK, COL(1, 1, 0, 96, 5, 0, 255, W32)};
static const cosem_capture_def_t c_log2[] = {CLK, COL(1, 0, 0, 96, 14, 0, 255, COSEM_PROFILE_W_U8)};
static const cosem_capture_def_t c_log3[] = {CLK, COL(1, 0, 0, 96, 7, 0, 255, COSEM_PROFILE_W_U16)};
static const cosem_capture_def_t c_log4[] = {CLK, COL(1, 1, 1, 96, 5, 0, 255, W32)};
static const cosem_capture_def_t c_log5[] = {CLK, COL(1, 0, 0, 96, 14, 1, 255, COSEM_PROFILE_W_U8)};
static const cosem_capture_def_t c_log6[] = {CLK, COL(1, 0, 0, 96, 14, 2, 255, COSEM_PROFILE_W_U8)};
static const cosem_capture_def_t c_debug[] = {CLK, COL(1, 0, 1, 97, 97, 0, 255, W32)};
static const cosem_capture_def_t c_p1[] = {CLK, ENERGY(1, 0), ENERGY(2, 0), ENERGY(3, 0), ENERGY(4, 0)};
static const cosem_capture_def_t c_p2[] = {CLK, COL(3, 1, 0, 32, 7, 0, 255, W32),
                                           COL(3, 1, 0, 52, 7, 0, 255, W32),
                                           COL(3, 1, 0, 72, 7, 0, 255, W32)};
static const cosem_capture_def_t c_daily[] = {CLK, ENERGY(1, 0), ENERGY(1, 1), ENERGY(1, 2),
                                              ENERGY(1, 3), ENERGY(1, 4), ENERGY(1, 5), ENERGY(1, 6)};
static const cosem_capture_def_t c_monthly[] = {CLK, ENERGY(1, 0), ENERGY(2, 0), ENERGY(1, 1),
                                                ENERGY(1, 2), ENERGY(1, 3), ENERGY(1, 4),
                                                ENERGY(1, 5), ENERGY(1, 6)};

/* One profile: logical name E group (1.0.99.98.E / 1.0.99.D.0), columns, rows, period. */
typedef struct mc_profile {
    uint8_t d, e;
    const cosem_capture_def_t *cols;
    uint8_t ncols;
    uint16_t rows;
    uint32_t period;
} mc_profile_t;

#define P(d, e, cols, rows, period) {d, e, cols, sizeof cols / sizeof cols[0], rows, period}
static const mc_profile_t g_profiles[] = {
    P(98, 0, c_log1, 100, 0),  P(98, 1, c_log2, 100, 0),   P(98, 2, c_log3, 100, 0),
    P(98, 3, c_log4, 100, 0),  P(98, 4, c_log5, 100, 0),   P(98, 5, c_log6, 100, 0),
    P(98, 6, c_debug, 100, 0), P(1, 0, c_p1, 96 * 7, 900), P(2, 0, c_p2, 24 * 7, 3600),
    P(3, 0, c_daily, 62, 86400), P(4, 0, c_monthly, 24, 0),
};
#define N_PROFILES (sizeof g_profiles / sizeof g_profiles[0])
enum { LOG1, LOG2, LOG3, LOG4, LOG5, LOG6, DEBUG, P1, P2, DAILY, MONTHLY };

/* ---- access rights ------------------------------------------------------------------ */

#define R COSEM_ALL
#define NONE {0, 0, 0}
/* Association LN readable attributes: 1-6 and 8-11 (7 is the secret). */
#define ASSOC_READ ((uint16_t)(COSEM_ALL & ~COSEM_ATTR(7)))
static const cosem_access_t RO[COSEM_MAX_ACCESS_LEVELS] = {{R, 0, 0}, {R, 0, 0}, {R, 0, 0}, NONE};
static const cosem_access_t READER_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ATTR(2), 0}, {R, COSEM_ATTR(2), 0}, NONE};
static const cosem_access_t CLOCK_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ATTR(2), COSEM_ALL}, {R, COSEM_ALL, COSEM_ALL}, NONE};
static const cosem_access_t ASSOC[COSEM_MAX_ACCESS_LEVELS] = {
    {ASSOC_READ, 0, 0}, {ASSOC_READ, COSEM_ATTR(7), 0}, {ASSOC_READ, COSEM_ATTR(7), COSEM_ALL}, NONE};
/* Script tables: read by all, execute by the meter reader and the utility. */
static const cosem_access_t SCRIPTS_X[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, 0, COSEM_ALL}, {R, 0, COSEM_ALL}, NONE};
/* Tariff and control configuration (calendar, special days, monitors,
 * limiters): read by all; the reader and the utility set it and run its
 * methods. */
static const cosem_access_t CTL_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ALL, COSEM_ALL}, {R, COSEM_ALL, COSEM_ALL}, NONE};
/* Breaker: the reader and the utility disconnect and reconnect (methods 1,
 * 2); the utility also sets the control mode (4). */
static const cosem_access_t BREAKER_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, 0, COSEM_ALL}, {R, COSEM_ATTR(4), COSEM_ALL}, NONE};
/* Profiles: read by all; the reader and the utility set capture_period
 * and profile_entries (4, 8: the parameter monitors record it), the
 * utility also runs reset and capture. */
#define PERIODS ((uint16_t)(COSEM_ATTR(4) | COSEM_ATTR(8)))
static const cosem_access_t PROFILE_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, PERIODS, 0}, {R, PERIODS, COSEM_ALL}, NONE};
/* HDLC setup: read by all, set by the utility. */
static const cosem_access_t HDLC_RW[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, 0, 0}, {R, COSEM_ALL, 0}, NONE};

#define CONF                                                                                  \
    (COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION | COSEM_CONF_SELECTIVE_ACCESS |       \
     COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_MULTIPLE_REFERENCES)

/* ---- network setup (read-only, the same for every meter of the process) -------------- */

/* The module's links as its manual describes them: Ethernet with a fixed
 * address (TCP 4059, one connection at a time), and a GPRS modem reached
 * through PPP. Plausible values; the simulator does no networking. */
static struct {
    uint16_t tcp_port, mss, inactivity_s;
    uint8_t ip_ref[6], max_conn, dl_ref[6], multicast_n, mac[6], phy_ref[6];
    uint32_t ip, multicast[1], mask, gateway, dns1, dns2;
    bool dhcp;
    uint8_t ppp_user[16], ppp_pass[16], apn[32];
    uint16_t ppp_user_n, ppp_pass_n, apn_n, pin;
    cosem_gprs_qos_t qos_default, qos_requested;
    uint8_t gsm_status, gsm_cs, gsm_ps, gsm_adj_n;
    cosem_gsm_cell_t cell;
    cosem_gsm_adjacent_t adjacent[1];
    cosem_datetime_t gsm_time;
} g_mc_net = {
    4059, 1460, 120, {0, 0, 25, 1, 0, 255}, 1, {0, 0, 25, 2, 0, 255}, 0,
    {0x7C, 0x1E, 0xB3, 0x00, 0x12, 0x34}, {0, 0, 25, 4, 0, 255},           /* 2N's OUI */
    0xC0A8010Au, {0}, 0xFFFFFF00u, 0xC0A80101u, 0xC0A80101u, 0x08080808u, /* 192.168.1.10/24 */
    false, "metercom", "", "internet", 8, 0, 8, 0, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0},
    1, 0, 2, 1, {23002u, 0x0107, 18, 0, 230, 2, 3500}, {{23003u, 11}}, {0},
};
static const cosem_tcp_udp_setup_t mc_tcp = {&g_mc_net.tcp_port, g_mc_net.ip_ref, &g_mc_net.mss,
                                             &g_mc_net.max_conn, &g_mc_net.inactivity_s, NULL};
static const cosem_ipv4_setup_t mc_ipv4 = {g_mc_net.dl_ref, &g_mc_net.ip, g_mc_net.multicast,
                                           &g_mc_net.multicast_n, 1, &g_mc_net.mask,
                                           &g_mc_net.gateway, &g_mc_net.dhcp, &g_mc_net.dns1,
                                           &g_mc_net.dns2, NULL};
static const cosem_mac_address_setup_t mc_mac = {g_mc_net.mac, NULL};
static const cosem_ppp_setup_t mc_ppp = {
    g_mc_net.phy_ref, NULL, 0, NULL, 0,
    {g_mc_net.ppp_user, &g_mc_net.ppp_user_n, sizeof g_mc_net.ppp_user},
    {g_mc_net.ppp_pass, &g_mc_net.ppp_pass_n, sizeof g_mc_net.ppp_pass}, NULL};
static const cosem_gprs_modem_setup_t mc_gprs = {
    {g_mc_net.apn, &g_mc_net.apn_n, sizeof g_mc_net.apn}, &g_mc_net.pin, &g_mc_net.qos_default,
    &g_mc_net.qos_requested, NULL};
static char mc_operator[] = "O2 - CZ";
static uint16_t mc_operator_n = 7;
static const cosem_gsm_diagnostic_t mc_gsm = {
    {(uint8_t *)mc_operator, &mc_operator_n, sizeof mc_operator}, &g_mc_net.gsm_status,
    &g_mc_net.gsm_cs, &g_mc_net.gsm_ps, &g_mc_net.cell, g_mc_net.adjacent, &g_mc_net.gsm_adj_n,
    &g_mc_net.gsm_time};

/* ---- script tables (read-only scripts, the same for every meter) ------------------- */

/* Action "write Data 0.0.96.14.E.255 attribute 2 := v (unsigned)". */
#define MC_WRITE(e, v) \
    0x02, 0x05, 0x16, 0x01, 0x12, 0x00, 0x01, 0x09, 0x06, 0x00, 0x00, 0x60, 0x0E, e, 0xFF, \
        0x0F, 0x02, 0x11, v
/* Script n with one action. */
#define MC_SCRIPT(n, action) 0x02, 0x02, 0x12, 0x00, n, 0x01, 0x01, action
/* Tariffication 0.0.10.0.100.255: script n makes rate n active (0.0.96.14.0.255). */
static uint8_t mc_tariff[] = {0x01, 0x06, MC_SCRIPT(1, MC_WRITE(0, 1)), MC_SCRIPT(2, MC_WRITE(0, 2)),
                              MC_SCRIPT(3, MC_WRITE(0, 3)), MC_SCRIPT(4, MC_WRITE(0, 4)),
                              MC_SCRIPT(5, MC_WRITE(0, 5)), MC_SCRIPT(6, MC_WRITE(0, 6))};
static uint16_t mc_tariff_len = sizeof mc_tariff;
/* Output signals 0.0.10.0.103.255: 1/2 relay 1 open/closed, 3/4 relay 2
 * (the relay state objects 0.0.96.14.1.255 and 0.0.96.14.2.255). */
static uint8_t mc_relays[] = {0x01, 0x04, MC_SCRIPT(1, MC_WRITE(1, 0)), MC_SCRIPT(2, MC_WRITE(1, 1)),
                              MC_SCRIPT(3, MC_WRITE(2, 0)), MC_SCRIPT(4, MC_WRITE(2, 1))};
static uint16_t mc_relays_len = sizeof mc_relays;
/* Action "execute method m of the breaker 0.0.96.3.10.255 (integer 0)". */
#define MC_BREAKER(m) \
    0x02, 0x05, 0x16, 0x02, 0x12, 0x00, 0x46, 0x09, 0x06, 0x00, 0x00, 0x60, 0x03, 0x0A, 0xFF, \
        0x0F, m, 0x0F, 0x00
/* Action "capture event log 1.0.99.98.E.255 (method 2, integer 0)". */
#define MC_CAPTURE(e) \
    0x02, 0x05, 0x16, 0x02, 0x12, 0x00, 0x07, 0x09, 0x06, 0x01, 0x00, 0x63, 0x62, e, 0xFF, \
        0x0F, 0x02, 0x0F, 0x00
/* Disconnect control 0.0.10.0.106.255: 1 remote disconnect, 2 remote
 * reconnect of the breaker (what a head-end or a schedule executes). */
static uint8_t mc_breaker[] = {0x01, 0x02, MC_SCRIPT(1, MC_BREAKER(1)), MC_SCRIPT(2, MC_BREAKER(2))};
static uint16_t mc_breaker_len = sizeof mc_breaker;
/* 2N complex 0.0.10.0.101.255: 1 records a voltage problem (event log 3,
 * run by the voltage register monitors), 2 a limiter event (event log 6). */
static uint8_t mc_complex[] = {0x01, 0x02, MC_SCRIPT(1, MC_CAPTURE(2)), MC_SCRIPT(2, MC_CAPTURE(5))};
static uint16_t mc_complex_len = sizeof mc_complex;
static const cosem_script_table_t mc_tariff_table = {mc_tariff, &mc_tariff_len, 0, NULL};
static const cosem_script_table_t mc_relay_table = {mc_relays, &mc_relays_len, 0, NULL};
static const cosem_script_table_t mc_breaker_table = {mc_breaker, &mc_breaker_len, 0, NULL};
static const cosem_script_table_t mc_complex_table = {mc_complex, &mc_complex_len, 0, NULL};

/* ---- tariffs: special days and the activity calendar ------------------------------- */

/* Special days 0.0.11.0.0.255: the Czech public holidays with a fixed
 * date, every year, use day profile 2 (the low rate all day, as weekends).
 * Index, year, month, day, day of week, day id. */
static const cosem_special_day_t mc_holidays[] = {
    {1, COSEM_DT_YEAR_NS, 1, 1, COSEM_DT_NS, 2},    {2, COSEM_DT_YEAR_NS, 5, 1, COSEM_DT_NS, 2},
    {3, COSEM_DT_YEAR_NS, 5, 8, COSEM_DT_NS, 2},    {4, COSEM_DT_YEAR_NS, 7, 5, COSEM_DT_NS, 2},
    {5, COSEM_DT_YEAR_NS, 7, 6, COSEM_DT_NS, 2},    {6, COSEM_DT_YEAR_NS, 9, 28, COSEM_DT_NS, 2},
    {7, COSEM_DT_YEAR_NS, 10, 28, COSEM_DT_NS, 2},  {8, COSEM_DT_YEAR_NS, 11, 17, COSEM_DT_NS, 2},
    {9, COSEM_DT_YEAR_NS, 12, 24, COSEM_DT_NS, 2},  {10, COSEM_DT_YEAR_NS, 12, 25, COSEM_DT_NS, 2},
    {11, COSEM_DT_YEAR_NS, 12, 26, COSEM_DT_NS, 2}};
#define MC_HOLIDAYS (sizeof mc_holidays / sizeof mc_holidays[0])
#define MC_SPECIAL_CAP 32u

/* Activity calendar 0.0.13.0.0.255, named as the calendar ID rows
 * (1.0.0.2.2.255 / 1.0.0.2.7.255): one season from 1 January, week "WEEK"
 * Monday..Friday day 1, weekend day 2. Day 1: 00:00 rate 2 (low), 06:00
 * rate 1 (high), 22:00 rate 2; day 2: 00:00 rate 2. A switch runs script
 * n of the tariffication table 0.0.10.0.100.255 (rate n active). */
#define MC_SWITCH(h, script)                                                                   \
    0x02, 0x03, 0x09, 0x04, h, 0x00, 0x00, 0x00, 0x09, 0x06, 0x00, 0x00, 0x0A, 0x00, 0x64, \
        0xFF, 0x12, 0x00, script
#define MC_SEASONS_WEEKS_DAYS                                                                 \
    0x01, 0x01, 0x02, 0x03, 0x09, 0x03, 'A', 'L', 'L', 0x09, 0x0C, 0xFF, 0xFF, 0x01, 0x01,    \
    0xFF, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0xFF, 0x09, 0x04, 'W', 'E', 'E', 'K',           \
    0x01, 0x01, 0x02, 0x08, 0x09, 0x04, 'W', 'E', 'E', 'K', 0x11, 0x01, 0x11, 0x01, 0x11,     \
    0x01, 0x11, 0x01, 0x11, 0x01, 0x11, 0x02, 0x11, 0x02,                                     \
    0x01, 0x02, 0x02, 0x02, 0x11, 0x01, 0x01, 0x03, MC_SWITCH(0, 2), MC_SWITCH(6, 1),         \
    MC_SWITCH(22, 2), 0x02, 0x02, 0x11, 0x02, 0x01, 0x01, MC_SWITCH(0, 2)
static const uint8_t mc_cal_active[] = {0x09, 0x0D, 'C', 'A', 'L', '-', 'A', 'C', 'T', 'I', 'V',
                                        'E', '-', '0', '1', MC_SEASONS_WEEKS_DAYS};
static const uint8_t mc_cal_passive[] = {0x09, 0x0E, 'C', 'A', 'L', '-', 'P', 'A', 'S', 'S', 'I',
                                         'V', 'E', '-', '0', '1', MC_SEASONS_WEEKS_DAYS};
static const cosem_activity_calendar_state_t mc_cal_state = {
    {15, 29, 24, 90}, {16, 29, 24, 90},
    {COSEM_DT_YEAR_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS,
     COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_NS, COSEM_DT_DEVIATION_NS},
    false, 0};

/* ---- monitors and limiters ----------------------------------------------------------- */

/* The voltage register monitors 0.0.16.0.E.255 (E = phase - 1) watch
 * 1.0.32/52/72.7.0.255 attribute 2 (0.1 V): under 207.0 V or over
 * 253.0 V (230 V +-10 %, EN 50160) is a voltage problem, recorded in event
 * log 3 by script 1 of the 2N complex table, and so is its end. */
#define MC_VOLTAGE_LOW 2070
#define MC_VOLTAGE_HIGH 2530

/* The ten limiters 0.0.17.0.E.255: E = 2k immediate disconnection, 2k + 1
 * disconnection with hysteresis, k = 0..2 current L1..L3 (0.01 A), 3
 * energy (the sliding demand 1.0.1.4.0.255 attribute 2, W, the energy of
 * the running period as power), 4 power (total 1.0.16.7.0.255, W). An
 * immediate limiter trips at once (min over 0 s): the breaker disconnects
 * locally (ready for reconnection: the customer's button or the head-end
 * reconnects, the manual's "recovered remotely or by pressing the control
 * button"); it has no script. A hysteresis limiter sheds load through the
 * output relays after 60 s over its lower threshold and restores it after
 * 300 s under: relay 1 (output signals scripts 1/2) for the currents,
 * relay 2 (scripts 3/4) for energy and power. Every limiter action is
 * recorded in event log 6. */
static const struct {
    uint16_t cls;
    uint8_t obis[6];
    int8_t attr;
    int32_t immediate, hysteresis;
} mc_limited[5] = {
    {3, {1, 0, 31, 7, 0, 255}, 2, 4000, 2500},
    {3, {1, 0, 51, 7, 0, 255}, 2, 4000, 2500},
    {3, {1, 0, 71, 7, 0, 255}, 2, 4000, 2500},
    {5, {1, 0, 1, 4, 0, 255}, 2, 13800, 9200},
    {3, {1, 0, 16, 7, 0, 255}, 2, 13800, 9200},
};

/* The class and description of a network row (by its OBIS code D). */
static void net_row(cosem_object_t *o)
{
    switch (o->obis[3]) {
    case 0: o->cls = &cosem_class_tcp_udp_setup; o->data = &mc_tcp; break;
    case 1: o->cls = &cosem_class_ipv4_setup; o->data = &mc_ipv4; break;
    case 2: o->cls = &cosem_class_mac_address_setup; o->data = &mc_mac; break;
    case 3: o->cls = &cosem_class_ppp_setup; o->data = &mc_ppp; break;
    case 4: o->cls = &cosem_class_gprs_modem_setup; o->data = &mc_gprs; break;
    default: o->cls = &cosem_class_gsm_diagnostic; o->data = &mc_gsm; break;
    }
}

/* ---- the 2N vendor classes 8192-8196 ---------------------------------------------------
 * The manual names the classes and their objects but gives no attribute
 * layout, so the layout is ours (docs/model_metercom-pro.md has it), in the
 * way docs/vendor_classes.md describes: one descriptor per class, the
 * attributes 2.. held by value references in the meter's tables, every
 * SET checked (type, range) before anything changes.
 *   8192 Wireless M-Bus 0.0.128.0.0.255: 2 mode enum (0 off, 1 T1, 2 C1,
 *        3 S1), 3 readout_period double-long-unsigned (s, 60..86400),
 *        4 devices_installed unsigned (read only)
 *   8193 Relay configuration 0.0.129.0.0/1.255: 2 relay_index unsigned (read
 *        only), 3 mode enum (0 manual, 1 calendar, 2 limiter, 3 remote),
 *        4 pulse_length long-unsigned (s, 0 steady .. 3600), 5 inverted
 *        boolean; method 1 switch (boolean: true closes): runs the output
 *        signals script of that relay (0.0.10.0.103.255)
 *   8194 Tariffication rate configuration 0.0.129.0.2.255: 2 rate_count
 *        unsigned (1..6), 3 default_rate unsigned (1..6)
 *   8195 TCP connection configuration in Client mode 0.0.129.0.3.255:
 *        2 enabled boolean, 3 destination visible-string (host:port, up to
 *        64), 4 retry_interval long-unsigned (s, 10..3600)
 *   8196 MCP configuration 0.0.129.0.4.255: 2 enabled boolean, 3 port
 *        long-unsigned (1..65535)
 * Writable attributes: by the meter reader and the utility. */

typedef struct mc_field {
    uint8_t type;      /* Data type */
    bool writable;
    int32_t min, max;  /* numbers: the range a SET accepts */
} mc_field_t;

#define MC_VENDOR_ATTRS 4u

/* One vendor object: its fields (attributes 2..) and their values. */
typedef struct mc_vendor {
    const mc_field_t *fields;
    cosem_vref_t vals[MC_VENDOR_ATTRS];
    uint8_t relay;     /* 8193: relay 1 or 2 */
} mc_vendor_t;

static const mc_field_t f_mbus[] = {{COSEM_AXDR_ENUM, true, 0, 3},
                                    {COSEM_AXDR_DOUBLE_LONG_UNSIGNED, true, 60, 86400},
                                    {COSEM_AXDR_UNSIGNED, false, 0, 0}};
static const mc_field_t f_relay[] = {{COSEM_AXDR_UNSIGNED, false, 0, 0},
                                     {COSEM_AXDR_ENUM, true, 0, 3},
                                     {COSEM_AXDR_LONG_UNSIGNED, true, 0, 3600},
                                     {COSEM_AXDR_BOOLEAN, true, 0, 1}};
static const mc_field_t f_rates[] = {{COSEM_AXDR_UNSIGNED, true, 1, 6},
                                     {COSEM_AXDR_UNSIGNED, true, 1, 6}};
static const mc_field_t f_client[] = {{COSEM_AXDR_BOOLEAN, true, 0, 1},
                                      {COSEM_AXDR_VISIBLE_STRING, true, 0, 0},
                                      {COSEM_AXDR_LONG_UNSIGNED, true, 10, 3600}};
static const mc_field_t f_mcp[] = {{COSEM_AXDR_BOOLEAN, true, 0, 1},
                                   {COSEM_AXDR_LONG_UNSIGNED, true, 1, 65535}};

/* GET of attributes 2..: the value as referenced. */
static cosem_dar_t vendor_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const mc_vendor_t *d = (const mc_vendor_t *)r->obj->data;
    if (cosem_vref_write(w, &d->vals[r->id - 2]) != COSEM_OK) {
        return COSEM_DAR_OTHER_REASON;
    }
    return COSEM_DAR_SUCCESS;
}

/* SET: read into a scratch copy of the reference (type and length
 * checked), range checked, then stored; nothing changes on a failure. */
static cosem_dar_t vendor_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const mc_vendor_t *d = (const mc_vendor_t *)r->obj->data;
    const mc_field_t *f = &d->fields[r->id - 2];
    const cosem_vref_t *ref = &d->vals[r->id - 2];
    union {
        uint8_t bytes[64];
        uint32_t u32;
        uint16_t u16;
        uint8_t u8;
        bool b;
    } tmp;
    uint16_t len = 0;
    cosem_vref_t scratch = *ref;
    cosem_dar_t dar;
    int64_t x = 0;
    if (!f->writable) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    scratch.p = &tmp;
    if (ref->len != NULL) {
        scratch.len = &len;
        scratch.cap = ref->cap < sizeof tmp.bytes ? ref->cap : (uint16_t)sizeof tmp.bytes;
    }
    dar = cosem_vref_read(v, &scratch);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    if (ref->len != NULL) {
        memcpy(ref->p, tmp.bytes, len);
        *ref->len = len;
        return COSEM_DAR_SUCCESS;
    }
    if (cosem_vref_get_int(&scratch, &x) != COSEM_OK || x < f->min || x > f->max) {
        return COSEM_DAR_OTHER_REASON;
    }
    return cosem_vref_set_int(ref, x) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* 8193 method 1 switch (boolean): the output signals script of the relay
 * (1/2 relay 1 open/closed, 3/4 relay 2), inverted when configured so. */
static cosem_dar_t relay_switch(cosem_req_t *r, cosem_axdr_reader_t *params,
                                cosem_axdr_writer_t *ret)
{
    static const uint8_t signals_ln[6] = {0, 0, 10, 0, 103, 255};
    const mc_vendor_t *d = (const mc_vendor_t *)r->obj->data;
    bool on;
    cosem_dar_t dar = meter_switch_param(r, params, &on);
    (void)ret;
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    on = on != *(const bool *)d->vals[3].p;
    return cosem_script_execute(r->server, cosem_server_find(r->server, signals_ln),
                                (uint16_t)((d->relay - 1u) * 2u + (on ? 2u : 1u)));
}

#define VENDOR_CLASS(id, attrs, methods, action)                                              \
    {id, 0u, attrs, methods, (uint16_t)((1u << (attrs)) - 1u), 0u, 0u, vendor_get,            \
     vendor_set, action, NULL, NULL}
static const cosem_class_t g_vendor[5] = {
    VENDOR_CLASS(8192u, 4u, 0u, NULL), VENDOR_CLASS(8193u, 5u, 1u, relay_switch),
    VENDOR_CLASS(8194u, 3u, 0u, NULL), VENDOR_CLASS(8195u, 4u, 0u, NULL),
    VENDOR_CLASS(8196u, 3u, 0u, NULL)};

/* The per-meter values of the vendor objects. */
typedef struct mc_vendor_values {
    uint8_t mbus_mode, mbus_devices, relay_index[2], relay_mode[2], rate_count, rate_default;
    uint32_t mbus_period;
    uint16_t relay_pulse[2], client_retry, client_dest_n, mcp_port;
    bool relay_inverted[2], client_on, mcp_on;
    char client_dest[64];
} mc_vendor_values_t;

/* ---- one meter's instances ---------------------------------------------------------- */

#define STR_CAP 64u

typedef struct mc_tables {
    cosem_object_t objects[N_ROWS];
    uint16_t index[N_ROWS];
    cosem_vref_t vref[N_ROWS];          /* Data rows */
    cosem_register_t reg[N_ROWS];       /* Register rows */
    int32_t regv[N_ROWS];               /* their values */
    cosem_demand_register_t demand;
    int64_t demand_hist[1];
    cosem_profile_t prof[N_PROFILES];
    cosem_profile_state_t pstate[N_PROFILES];
    uint8_t *pbuf[N_PROFILES];
    cosem_association_ln_t assoc[4];
    cosem_assoc_config_t assocs[3];
    cosem_sap_entry_t sap;
    cosem_sap_assignment_t sap_list;
    cosem_clock_t clock;
    char serial[STR_CAP], regno[STR_CAP], url[STR_CAP * 2], iec[3][STR_CAP];
    uint16_t serial_len, regno_len, url_len, iec_len[3];
    uint8_t relay[2], last_rate;
    uint16_t phase_fail[3];
    uint32_t u32[N_ROWS];               /* MK_U32 and MK_PERIOD rows */
    /* tariffs */
    cosem_activity_calendar_t calendar;
    cosem_special_day_t holidays[MC_SPECIAL_CAP];
    uint16_t holidays_n;
    cosem_special_days_table_t special;
    /* voltage register monitors */
    cosem_register_monitor_state_t mon_state[3];
    cosem_threshold_t mon_thresholds[3][4];
    cosem_action_set_t mon_actions[3][4];
    cosem_register_monitor_t monitor[3];
    /* breaker and limiters */
    cosem_disconnect_control_t breaker;
    cosem_limiter_state_t lim_state[10];
    uint16_t lim_groups[10][4];
    cosem_limiter_t limiter[10];
    /* parameter monitors of profiles 1 and 2 */
    cosem_parameter_monitor_state_t pm_state[2];
    cosem_value_def_t pm_list[2][8];
    uint8_t pm_value[2][32];
    cosem_parameter_monitor_t pm[2];
    /* IEC HDLC setup: the configuration station every HDLC connection takes */
    cosem_hdlc_t station;
    uint8_t station_buf[COSEM_HDLC_BUF_SIZE(METER_HDLC_MAX_INFO, 64u)];
    cosem_iec_hdlc_setup_t hdlc_setup;
    /* vendor objects: 0.0.128.0.0.255, then 0.0.129.0.E.255 at 1 + E */
    mc_vendor_values_t vv;
    mc_vendor_t vendor[6];
} mc_tables_t;

static mc_tables_t *tables(meter_t *m)
{
    return (mc_tables_t *)m->model_tables;
}

/* Scaler and unit of a register from its OBIS C and D. */
static void reg_unit(uint8_t c, uint8_t d, int8_t *scaler, uint8_t *unit)
{
    *scaler = 0;
    if (d == 7u) {
        if (c == 31u || c == 51u || c == 71u) {
            *scaler = -2, *unit = COSEM_UNIT_A;
        } else if (c == 32u || c == 52u || c == 72u) {
            *scaler = -1, *unit = COSEM_UNIT_V;
        } else if (c == 13u || c == 33u || c == 53u || c == 73u) {
            *scaler = -3, *unit = COSEM_UNIT_COUNT;
        } else if (c == 14u) {
            *scaler = -2, *unit = COSEM_UNIT_HZ;
        } else if (c == 23u || c == 43u || c == 63u || c >= 131u) {
            *unit = COSEM_UNIT_VAR;
        } else {
            *unit = COSEM_UNIT_W;
        }
    } else if (c == 82u) {
        *unit = COSEM_UNIT_COUNT;
    } else if (c == 9u) {
        *unit = COSEM_UNIT_VAH;
    } else if ((c >= 3u && c <= 8u) || c >= 130u) {
        *unit = COSEM_UNIT_VARH;
    } else {
        *unit = COSEM_UNIT_WH;
    }
}

/* A string value reference over buf with its length variable. */
static cosem_vref_t str_ref(char *buf, uint16_t *len, size_t cap, const char *init)
{
    cosem_vref_t v = COSEM_VREF_STR(COSEM_AXDR_VISIBLE_STRING, buf, len, cap);
    size_t n = strlen(init);
    n = n < cap ? n : cap;
    memcpy(buf, init, n);
    *len = (uint16_t)n;
    return v;
}

/* The Data instance of row i. */
static void data_row(meter_t *m, mc_tables_t *t, size_t i, const cosem_access_t **acc)
{
    const mc_row_t *r = &g_rows[i];
    cosem_vref_t *v = &t->vref[i];
    char tmp[STR_CAP];
    *acc = RO;
    switch (r->kind) {
    case MK_STR:
        *v = (cosem_vref_t)COSEM_VREF_STR(COSEM_AXDR_VISIBLE_STRING, (void *)(uintptr_t)r->value,
                                          NULL, strlen(r->value));
        break;
    case MK_LDN:
        *v = (cosem_vref_t)COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, m->ldn, NULL, 16);
        break;
    case MK_SERIAL:
        *v = str_ref(t->serial, &t->serial_len, STR_CAP, m->serial);
        break;
    case MK_REGNO:
        *v = str_ref(t->regno, &t->regno_len, STR_CAP, "");
        *acc = READER_RW;
        break;
    case MK_IEC: {
        unsigned k = r->obis[4] <= 2u ? r->obis[4] : 0u;
        (void)snprintf(tmp, sizeof tmp, k == 0u ? "LGZ%013u" : k == 1u ? "LGZ%05u" : "%08u",
                       (unsigned)atoi(m->serial));
        *v = str_ref(t->iec[k], &t->iec_len[k], STR_CAP, tmp);
        break;
    }
    case MK_RATE:
        *v = (cosem_vref_t)COSEM_VREF(COSEM_AXDR_UNSIGNED, &m->tariff);
        break;
    case MK_RELAY:
        *v = (cosem_vref_t)COSEM_VREF(COSEM_AXDR_UNSIGNED, &t->relay[r->obis[4] == 2u]);
        break;
    case MK_FAILS:
        *v = (cosem_vref_t)COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &m->power_failures);
        break;
    case MK_PHASEFAIL:
        *v = (cosem_vref_t)COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &t->phase_fail[(r->obis[4] - 1u) % 3u]);
        break;
    case MK_PERIOD:
        t->u32[i] = r->obis[4] == 5u ? 3600u : 900u; /* demand, profile 1: 15 min; profile 2: 1 h */
        *v = (cosem_vref_t)COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &t->u32[i]);
        break;
    case MK_URL:
        *v = str_ref(t->url, &t->url_len, sizeof t->url, "");
        *acc = READER_RW;
        break;
    default:
        *v = (cosem_vref_t)COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &t->u32[i]);
        break;
    }
}

/* Prepares the profiles' instances and storage. */
static cosem_status_t profiles(mc_tables_t *t)
{
    size_t k;
    for (k = 0; k < N_PROFILES; k++) {
        const mc_profile_t *p = &g_profiles[k];
        size_t row = 0, c;
        for (c = 0; c < p->ncols; c++) {
            row += p->cols[c].width;
        }
        t->pbuf[k] = calloc(p->rows, row);
        if (t->pbuf[k] == NULL) {
            return COSEM_E_NOSPACE;
        }
        t->prof[k] = (cosem_profile_t){&t->pstate[k], t->pbuf[k], p->rows * row, p->cols, NULL,
                                       p->ncols, p->period, 0};
    }
    return COSEM_OK;
}

/* The profile instance of a row 1.0.99.D.E.255. */
static const cosem_profile_t *profile_of(mc_tables_t *t, const uint8_t obis[6])
{
    size_t k;
    for (k = 0; k < N_PROFILES; k++) {
        if (g_profiles[k].d == obis[3] && g_profiles[k].e == obis[4]) {
            return &t->prof[k];
        }
    }
    return NULL;
}

/* The object of profile k of g_profiles. */
static const cosem_object_t *profile_obj(meter_t *m, unsigned k)
{
    const uint8_t ln[6] = {1, 0, 99, g_profiles[k].d, g_profiles[k].e, 255};
    return cosem_server_find(&m->server, ln);
}

/* The meter whose server is @p s (each meter_t holds its server). */
static meter_t *meter_of(struct cosem_server *s)
{
    return (meter_t *)(void *)((char *)s - offsetof(meter_t, server));
}

/* The object of this meter at logical name ln (before the server's index
 * exists: the model's own rows). */
static const cosem_object_t *row_obj(const mc_tables_t *t, const uint8_t ln[6])
{
    size_t i;
    for (i = 0; i < N_ROWS; i++) {
        if (memcmp(g_rows[i].obis, ln, 6) == 0) {
            return &t->objects[i];
        }
    }
    return NULL;
}

/* After each breaker transition: the engine sees the load (dis)connected,
 * event log 5 records it (mc_events). */
static void mc_breaker_event(struct cosem_server *s, const cosem_object_t *obj, uint8_t from,
                             uint8_t to, cosem_disconnect_trigger_t trigger)
{
    meter_t *m = meter_of(s);
    (void)obj;
    (void)from;
    (void)trigger;
    m->relay = to == COSEM_DISCONNECT_CONNECTED;
    meter_event(m, m->relay ? METER_EV_RELAY_CLOSE : METER_EV_RELAY_OPEN);
}

/* A limiter's action: event log 6 records it; an immediate limiter (even
 * E) going over disconnects the breaker locally. */
static void mc_limiter_change(struct cosem_server *s, const cosem_object_t *obj, bool over)
{
    static const uint8_t breaker_ln[6] = {0, 0, 96, 3, 10, 255};
    meter_t *m = meter_of(s);
    (void)cosem_profile_capture(s, profile_obj(m, LOG6));
    if (over && obj->obis[4] % 2u == 0u) {
        (void)cosem_disconnect_control_signal(s, cosem_server_find(s, breaker_ln),
                                              COSEM_DISCONNECT_LOCAL_DISCONNECT);
    }
    m->dirty = true;
}

/* Tariff, monitor, control and HDLC instances of one meter (the rows
 * point at them); the breaker and the calendars start from the defaults
 * unless the state file gave them. */
static cosem_status_t control_init(meter_t *m, mc_tables_t *t)
{
    static const cosem_script_ref_t none = {{0, 0, 0, 0, 0, 0}, 0};
    static const cosem_script_ref_t voltage_log = {{0, 0, 10, 0, 101, 255}, 1};
    unsigned k;
    /* special days and calendar */
    memcpy(t->holidays, mc_holidays, sizeof mc_holidays);
    t->holidays_n = (uint16_t)MC_HOLIDAYS;
    t->special = (cosem_special_days_table_t){t->holidays, &t->holidays_n, MC_SPECIAL_CAP};
    meter_control_start(m, 1, &mc_cal_state, mc_cal_active, sizeof mc_cal_active, mc_cal_passive,
                        sizeof mc_cal_passive);
    t->calendar = (cosem_activity_calendar_t){&m->calendar, m->calendar_active,
                                              m->calendar_passive,
                                              (uint16_t)sizeof m->calendar_active, NULL, NULL};
    /* voltage monitors: phase k at 1.0.(32 + 20k).7.0.255 */
    for (k = 0; k < 3u; k++) {
        t->mon_state[k] = (cosem_register_monitor_state_t){
            {3, {1, 0, (uint8_t)(32u + 20u * k), 7, 0, 255}, 2}, 2, 2, 0, false};
        t->mon_thresholds[k][0] = (cosem_threshold_t){MC_VOLTAGE_LOW, COSEM_AXDR_DOUBLE_LONG};
        t->mon_thresholds[k][1] = (cosem_threshold_t){MC_VOLTAGE_HIGH, COSEM_AXDR_DOUBLE_LONG};
        t->mon_actions[k][0] = (cosem_action_set_t){voltage_log, voltage_log};
        t->mon_actions[k][1] = (cosem_action_set_t){voltage_log, voltage_log};
        t->monitor[k] = (cosem_register_monitor_t){&t->mon_state[k], t->mon_thresholds[k],
                                                   t->mon_actions[k], 4};
    }
    /* breaker on relay output 0 of the port, limiters */
    t->breaker = (cosem_disconnect_control_t){&m->breaker, 0, mc_breaker_event};
    for (k = 0; k < 10u; k++) {
        cosem_limiter_state_t *ls = &t->lim_state[k];
        bool immediate = k % 2u == 0u;
        unsigned q = k / 2u;
        int32_t thr = immediate ? mc_limited[q].immediate : mc_limited[q].hysteresis;
        uint8_t type = mc_limited[q].cls == 5u ? COSEM_AXDR_DOUBLE_LONG_UNSIGNED
                                               : COSEM_AXDR_DOUBLE_LONG;
        uint16_t shed = q < 3u ? 1u : 3u; /* output signals: relay 1 or 2 open */
        memset(ls, 0, sizeof *ls);
        ls->monitored = (cosem_value_def_t){mc_limited[q].cls, {0}, mc_limited[q].attr};
        memcpy(ls->monitored.obis, mc_limited[q].obis, 6);
        ls->active = ls->normal = (cosem_threshold_t){thr, type};
        ls->emergency = (cosem_threshold_t){thr / 2, type};
        ls->min_over = immediate ? 0u : 60u;
        ls->min_under = immediate ? 0u : 300u;
        cosem_datetime_clear(&ls->emergency_start);
        ls->action_over = ls->action_under = none;
        if (!immediate) {
            ls->action_over = (cosem_script_ref_t){{0, 0, 10, 0, 103, 255}, shed};
            ls->action_under = (cosem_script_ref_t){{0, 0, 10, 0, 103, 255}, (uint16_t)(shed + 1u)};
        }
        t->limiter[k] = (cosem_limiter_t){ls, t->lim_groups[k], 4, mc_limiter_change};
    }
    /* parameter monitors: capture period and entries of profile 1/2, the
     * capture period Data row 1.0.0.8.4/5.255 */
    for (k = 0; k < 2u; k++) {
        const cosem_value_def_t l[3] = {{7, {1, 0, 99, (uint8_t)(1u + k), 0, 255}, 4},
                                        {7, {1, 0, 99, (uint8_t)(1u + k), 0, 255}, 8},
                                        {1, {1, 0, 0, 8, (uint8_t)(4u + k), 255}, 2}};
        memcpy(t->pm_list[k], l, sizeof l);
        t->pm_state[k].count = 3;
        cosem_datetime_clear(&t->pm_state[k].capture_time);
        t->pm[k] = (cosem_parameter_monitor_t){&t->pm_state[k], t->pm_list[k], 8, t->pm_value[k],
                                               sizeof t->pm_value[k]};
    }
    /* the HDLC link's configuration (0.0.22.0.0.255): every HDLC connection
     * of this meter takes it when it opens and before each SNRM */
    t->hdlc_setup = (cosem_iec_hdlc_setup_t){&t->station, &m->comm_speed, NULL};
    return meter_hdlc_station_init(m, &t->station, t->station_buf, sizeof t->station_buf, 64u);
}

/* The vendor objects of one meter with their initial values. */
static void vendor_init(mc_tables_t *t)
{
    mc_vendor_values_t *v = &t->vv;
    unsigned k;
    v->mbus_mode = 1; /* T1 */
    v->mbus_period = 900;
    v->rate_count = 2;
    v->rate_default = 1;
    v->client_retry = 300;
    v->mcp_on = true;
    v->mcp_port = 4060;
    v->client_dest_n = (uint16_t)strlen(strcpy(v->client_dest, "dc.utility.example:4059"));
    t->vendor[0] = (mc_vendor_t){f_mbus,
                                 {COSEM_VREF(COSEM_AXDR_ENUM, &v->mbus_mode),
                                  COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &v->mbus_period),
                                  COSEM_VREF(COSEM_AXDR_UNSIGNED, &v->mbus_devices)},
                                 0};
    for (k = 0; k < 2u; k++) {
        v->relay_index[k] = (uint8_t)(k + 1u);
        v->relay_mode[k] = 2; /* the hysteresis limiters shed load through them */
        t->vendor[1 + k] = (mc_vendor_t){
            f_relay,
            {COSEM_VREF(COSEM_AXDR_UNSIGNED, &v->relay_index[k]),
             COSEM_VREF(COSEM_AXDR_ENUM, &v->relay_mode[k]),
             COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &v->relay_pulse[k]),
             COSEM_VREF(COSEM_AXDR_BOOLEAN, &v->relay_inverted[k])},
            (uint8_t)(k + 1u)};
    }
    t->vendor[3] = (mc_vendor_t){f_rates,
                                 {COSEM_VREF(COSEM_AXDR_UNSIGNED, &v->rate_count),
                                  COSEM_VREF(COSEM_AXDR_UNSIGNED, &v->rate_default)},
                                 0};
    t->vendor[4] = (mc_vendor_t){
        f_client,
        {COSEM_VREF(COSEM_AXDR_BOOLEAN, &v->client_on),
         COSEM_VREF_STR(COSEM_AXDR_VISIBLE_STRING, v->client_dest, &v->client_dest_n,
                        sizeof v->client_dest),
         COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &v->client_retry)},
        0};
    t->vendor[5] = (mc_vendor_t){f_mcp,
                                 {COSEM_VREF(COSEM_AXDR_BOOLEAN, &v->mcp_on),
                                  COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &v->mcp_port)},
                                 0};
}

/* Builds the meter's table from g_rows and prepares its logical device. */
static cosem_status_t mc_init(meter_t *m)
{
    static const uint8_t assoc_ln[3][6] = {
        {0, 0, 40, 0, 1, 255}, {0, 0, 40, 0, 2, 255}, {0, 0, 40, 0, 3, 255}};
    mc_tables_t *t = calloc(1, sizeof *t);
    cosem_server_config_t cfg;
    size_t i;
    if (t == NULL || profiles(t) != COSEM_OK) {
        return COSEM_E_NOSPACE;
    }
    m->model_tables = t;
    cosem_datetime_clear(&g_mc_net.gsm_time); /* no cell capture yet: not specified */
    t->assocs[0] = (cosem_assoc_config_t){0x10, COSEM_AUTH_NONE, 0, CONF, NULL, assoc_ln[0], false, NULL};
    t->assocs[1] = (cosem_assoc_config_t){0x20, COSEM_AUTH_LOW, 1, CONF, &m->reader_password,
                                          assoc_ln[1], false, NULL};
    t->assocs[2] = (cosem_assoc_config_t){0x30, COSEM_AUTH_HLS_GMAC, 2, CONF, &m->utility_secret,
                                          assoc_ln[2], false, &m->security};
    t->sap = (cosem_sap_entry_t){COSEM_HDLC_MANAGEMENT_LD, m->ldn, 16};
    t->sap_list = (cosem_sap_assignment_t){&t->sap, 1};
    t->clock = (cosem_clock_t){&m->clock_state, NULL, COSEM_CLOCK_BASE_CRYSTAL, 900, NULL};
    t->demand = (cosem_demand_register_t){COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &m->ap[0]),
                                          3600, COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 0, COSEM_UNIT_W,
                                          COSEM_VREF(COSEM_AXDR_NULL_DATA, NULL), &m->demand_state};
    m->demand_state.period = 900;
    m->demand_state.number_of_periods = 1;
    m->demand_state.history = t->demand_hist;
    m->demand_state.history_cap = 1;
    t->relay[0] = t->relay[1] = 1;
    vendor_init(t);
    if (control_init(m, t) != COSEM_OK) {
        return COSEM_E_ARG;
    }
    for (i = 0; i < N_ROWS; i++) {
        const mc_row_t *r = &g_rows[i];
        cosem_object_t *o = &t->objects[i];
        memcpy(o->obis, r->obis, 6);
        o->access = RO;
        switch (r->kind) {
        case MK_REG:
            reg_unit(r->obis[2], r->obis[3], &t->reg[i].scaler, &t->reg[i].unit);
            t->reg[i].value = (cosem_vref_t)COSEM_VREF(COSEM_AXDR_DOUBLE_LONG, &t->regv[i]);
            o->cls = &cosem_class_register;
            o->data = &t->reg[i];
            break;
        case MK_DEMAND:
            o->cls = &cosem_class_demand_register;
            o->data = &t->demand;
            break;
        case MK_PROFILE:
            o->cls = &cosem_class_profile_generic;
            o->data = profile_of(t, r->obis);
            o->access = PROFILE_RW;
            break;
        case MK_CLOCK:
            o->cls = &cosem_class_clock;
            o->data = &t->clock;
            o->access = CLOCK_RW;
            break;
        case MK_ASSOC:
            t->assoc[r->obis[4] & 3u] = (cosem_association_ln_t){
                r->obis[4] == 0u ? NULL : &t->assocs[(r->obis[4] - 1u) % 3u],
                COSEM_HDLC_MANAGEMENT_LD, NULL};
            o->cls = &cosem_class_association_ln;
            o->data = &t->assoc[r->obis[4] & 3u];
            o->access = ASSOC;
            break;
        case MK_SAP:
            o->cls = &cosem_class_sap_assignment;
            o->data = &t->sap_list;
            break;
        case MK_SCRIPTS:
            o->cls = &cosem_class_script_table;
            o->data = r->obis[4] == 100u   ? &mc_tariff_table
                      : r->obis[4] == 103u ? &mc_relay_table
                      : r->obis[4] == 106u ? &mc_breaker_table
                                           : &mc_complex_table;
            o->access = SCRIPTS_X;
            break;
        case MK_CALENDAR:
            o->cls = &cosem_class_activity_calendar;
            o->data = &t->calendar;
            o->access = CTL_RW;
            break;
        case MK_SPECIAL:
            o->cls = &cosem_class_special_days_table;
            o->data = &t->special;
            o->access = CTL_RW;
            break;
        case MK_MONITOR:
            o->cls = &cosem_class_register_monitor;
            o->data = &t->monitor[r->obis[4] % 3u];
            o->access = CTL_RW;
            break;
        case MK_BREAKER:
            o->cls = &cosem_class_disconnect_control;
            o->data = &t->breaker;
            o->access = BREAKER_RW;
            break;
        case MK_LIMITER:
            o->cls = &cosem_class_limiter;
            o->data = &t->limiter[r->obis[4] % 10u];
            o->access = CTL_RW;
            break;
        case MK_PARAMS:
            o->cls = &cosem_class_parameter_monitor;
            o->data = &t->pm[r->obis[4] % 2u];
            o->access = CTL_RW;
            break;
        case MK_HDLC:
            o->cls = &cosem_class_iec_hdlc_setup;
            o->data = &t->hdlc_setup;
            o->access = HDLC_RW;
            break;
        case MK_VENDOR: {
            unsigned k = r->obis[2] == 128u ? 0u : 1u + r->obis[4] % 5u;
            o->cls = &g_vendor[k == 0u ? 0u : k <= 2u ? 1u : k - 1u];
            o->data = &t->vendor[k];
            o->access = CTL_RW;
            break;
        }
        case MK_NET:
            net_row(o); /* every meter of the process shares them: the classes'
                         * default rights (read-only, secrets never readable) */
            o->access = NULL;
            break;
        default:
            data_row(m, t, i, &o->access);
            o->cls = &cosem_class_data;
            o->data = &t->vref[i];
            break;
        }
    }
    {
        static const uint8_t clock_ln[6] = {0, 0, 1, 0, 0, 255}, days_ln[6] = {0, 0, 11, 0, 0, 255};
        t->calendar.clock = row_obj(t, clock_ln);
        t->calendar.special_days = row_obj(t, days_ln);
    }
    meter_server_config(m, &cfg);
    cfg.objects = t->objects;
    cfg.object_count = N_ROWS;
    cfg.index = t->index;
    cfg.assocs = t->assocs;
    cfg.assoc_count = 3;
    return cosem_server_init(&m->server, &cfg);
}

/* ---- values ------------------------------------------------------------------------- */

/* Energy of quantity C at rate E (0 total), Wh / varh / VAh, from the engine. */
static double energy(const meter_t *m, uint8_t c, uint8_t e)
{
    double ap = m->ap[e], am = m->am[e];
    double share = m->ap[0] != 0u ? ap / (double)m->ap[0] : (e == 0u ? 1.0 : 0.0);
    double rp = m->rp * share, rm = m->rm * share;
    static const double phase[3] = {0.30, 0.33, 0.37};
    switch (c) {
    case 1: return ap;
    case 2: return am;
    case 3: case 132: return rp;
    case 4: case 133: return rm;
    case 5: return rp * 0.8;  /* Q1 */
    case 6: return rp * 0.2;  /* Q2 */
    case 7: return rm * 0.2;  /* Q3 */
    case 8: return rm * 0.8;  /* Q4 */
    case 9: return sqrt(ap * ap + rp * rp);
    case 15: return ap + am;
    case 16: case 128: return fabs(ap - am);
    case 21: case 41: case 61: return ap * phase[(c - 21u) / 20u];
    case 22: case 42: case 62: return am * phase[(c - 22u) / 20u];
    case 130: return fabs(rp - rm);
    case 131: return rp + rm;
    default: return 0.0; /* tamper counters */
    }
}

/* Instantaneous quantity C (scaled as reg_unit() says). */
static double instant(const meter_t *m, uint8_t c)
{
    int ph = (c % 20u == 11u || c % 20u == 12u || c % 20u == 13u || c % 20u == 15u ||
              c % 20u == 16u || c % 20u == 1u || c % 20u == 2u || c % 20u == 3u)
                 ? (int)((c - 1u) / 20u) - 1
                 : -1;
    double p[3], q[3], sum_p = 0.0, sum_q = 0.0;
    int k;
    for (k = 0; k < 3; k++) {
        double pf = m->pf[k] / 1000.0;
        p[k] = m->voltage[k] / 10.0 * m->current[k] / 100.0 * pf;
        q[k] = p[k] * tan(acos(pf > 1.0 ? 1.0 : pf));
        sum_p += p[k];
        sum_q += q[k];
    }
    if (c >= 151u) {
        return q[(c - 151u) / 20u];
    }
    if (ph >= 0 && ph < 3) {
        switch (c % 20u) {
        case 11: return m->current[ph];
        case 12: return m->voltage[ph];
        case 13: return m->pf[ph];
        case 1: case 15: case 16: return m->p_export > m->p_import ? 0.0 : p[ph];
        case 2: return m->p_export > m->p_import ? p[ph] : 0.0;
        case 3: return q[ph];
        default: return 0.0;
        }
    }
    switch (c) {
    case 13: return (m->pf[0] + m->pf[1] + m->pf[2]) / 3.0;
    case 14: return m->frequency;
    case 2: return m->p_export;
    case 15: return fabs((double)m->p_import - m->p_export);
    case 16: return (double)m->p_import - m->p_export;
    case 131: return sum_q;
    default: return sum_p;
    }
}

/* End of an interval: every register, status objects; a rate change goes
 * to event log 2 (calendar actions). */
static void mc_publish(meter_t *m)
{
    mc_tables_t *t = tables(m);
    size_t i;
    for (i = 0; i < N_ROWS; i++) {
        const mc_row_t *r = &g_rows[i];
        if (r->kind == MK_REG) {
            double v = r->obis[3] == 7u ? instant(m, r->obis[2]) : energy(m, r->obis[2], r->obis[4]);
            t->regv[i] = (int32_t)(v > 2147483647.0 ? 2147483647.0 : v);
        }
    }
    if (t->last_rate != m->tariff) {
        t->last_rate = m->tariff;
        (void)cosem_profile_capture(&m->server, profile_obj(m, LOG2));
    }
}

/* Turn of a month: the monthly readout. */
static void mc_billing(meter_t *m)
{
    (void)cosem_profile_capture(&m->server, profile_obj(m, MONTHLY));
}

/* The event log of the engine's event (m->event_code). The 2N debugging
 * log records every event first; a power down or up is also a module
 * state (log 4: the module restarts with the meter). */
static const cosem_object_t *mc_events(meter_t *m)
{
    (void)cosem_profile_capture(&m->server, profile_obj(m, DEBUG));
    switch (m->event_code) {
    case METER_EV_POWER_DOWN:
    case METER_EV_POWER_UP:
        (void)cosem_profile_capture(&m->server, profile_obj(m, LOG4));
        return profile_obj(m, LOG3);
    case METER_EV_PASSWORD:
    case METER_EV_AUTH_FAIL:
        return profile_obj(m, LOG1);
    default:
        return profile_obj(m, LOG5); /* clock set, relay switched */
    }
}

/* The manual's description and class of an object. */
static const char *mc_describe(const meter_t *m, const cosem_object_t *o, uint16_t *doc_class)
{
    const mc_tables_t *t = (const mc_tables_t *)m->model_tables;
    size_t i = (size_t)(o - t->objects);
    if (i >= N_ROWS) {
        return NULL;
    }
    *doc_class = g_rows[i].class_id;
    return g_rows[i].text;
}

/* Tables per meter: --meters N serves N of them. */
const meter_model_t meter_model_metercom = {"metercom-pro", mc_init, mc_billing, mc_events,
                                            mc_publish, true, "HELLO", mc_describe, 0,
                                            meter_control_valid};
