/* SPDX-License-Identifier: Apache-2.0 */
/* Names of well-known OBIS codes, after the object list of the DLMS UA Blue
 * Book (DLMS UA 1000-1, IEC 62056-6-1/6-2). A const table scanned linearly:
 * about 140 rows, so a binary search would not pay for its code. Rows are
 * sorted by A, C, D, E and their ranges do not overlap. */
#include <cosem/obis.h>

#include "../config_check.h"

#if COSEM_WITH_OBIS_NAMES

/* One row: A, C and D exact; B in 0..b_max; E in e_lo..e_hi; F must be 255. */
typedef struct {
    uint8_t a, b_max, c, d, e_lo, e_hi;
    const char *name;
} obis_name_row_t;

/* B = 0 only (objects of the logical device itself), or B = 0..64 (the
 * standard defines the object per channel). */
#define B0 0u
#define BCH 64u

/* Helpers for rows with a single E value and for E ranges. */
#define ROW(a, b, c, d, e, name) { (a), (b), (c), (d), (e), (e), (name) }
#define RANGE(a, b, c, d, elo, ehi, name) { (a), (b), (c), (d), (elo), (ehi), (name) }

/* An energy register (D = 8, time integral 1): total and tariff rates 1..9. */
#define ENERGY_RATES(c, q)                                                              \
    ROW(1, BCH, c, 8, 0, q), ROW(1, BCH, c, 8, 1, q " rate 1"),                         \
    ROW(1, BCH, c, 8, 2, q " rate 2"), ROW(1, BCH, c, 8, 3, q " rate 3"),               \
    ROW(1, BCH, c, 8, 4, q " rate 4"), ROW(1, BCH, c, 8, 5, q " rate 5"),               \
    ROW(1, BCH, c, 8, 6, q " rate 6"), ROW(1, BCH, c, 8, 7, q " rate 7"),               \
    ROW(1, BCH, c, 8, 8, q " rate 8"), ROW(1, BCH, c, 8, 9, q " rate 9")

static const obis_name_row_t obis_names[] = {
    /* A = 0: abstract objects. */
    ROW(0, BCH, 0, 2, 0, "Active firmware identifier"),
    ROW(0, BCH, 0, 2, 1, "Active firmware version"),
    ROW(0, BCH, 0, 2, 8, "Active firmware signature"),
    RANGE(0, BCH, 1, 0, 0, 127, "Clock"),
    RANGE(0, BCH, 1, 1, 0, 127, "Unix clock"),
    ROW(0, BCH, 2, 0, 0, "Modem configuration"),
    ROW(0, BCH, 2, 1, 0, "Auto connect"),
    ROW(0, BCH, 2, 2, 0, "Auto answer"),
    ROW(0, BCH, 10, 0, 0, "Global meter reset script table"),
    ROW(0, BCH, 10, 0, 1, "End of billing period script table"),
    ROW(0, BCH, 10, 0, 100, "Tariffication script table"),
    ROW(0, BCH, 10, 0, 101, "Activate test mode script table"),
    ROW(0, BCH, 10, 0, 102, "Activate normal mode script table"),
    ROW(0, BCH, 10, 0, 103, "Set output signals script table"),
    ROW(0, BCH, 10, 0, 104, "Switch optical test output script table"),
    ROW(0, BCH, 10, 0, 105, "Power quality measurement management script table"),
    ROW(0, BCH, 10, 0, 106, "Disconnect control script table"),
    ROW(0, BCH, 10, 0, 107, "Image activation script table"),
    ROW(0, BCH, 10, 0, 108, "Push script table"),
    ROW(0, BCH, 10, 0, 125, "Broadcast script table"),
    RANGE(0, BCH, 11, 0, 0, 127, "Special days table"),
    RANGE(0, BCH, 12, 0, 0, 127, "Schedule"),
    RANGE(0, BCH, 13, 0, 0, 127, "Activity calendar"),
    RANGE(0, BCH, 14, 0, 0, 127, "Register activation"),
    ROW(0, BCH, 15, 0, 0, "End of billing period single action schedule"),
    ROW(0, BCH, 15, 0, 1, "Disconnect control single action schedule"),
    ROW(0, BCH, 15, 0, 2, "Image activation single action schedule"),
    ROW(0, BCH, 15, 0, 3, "Output control single action schedule"),
    ROW(0, BCH, 15, 0, 4, "Push single action schedule"),
    RANGE(0, BCH, 16, 0, 0, 127, "Register monitor"),
    RANGE(0, BCH, 16, 1, 0, 9, "Alarm monitor"),
    RANGE(0, BCH, 16, 2, 0, 127, "Parameter monitor"),
    RANGE(0, BCH, 17, 0, 0, 127, "Limiter"),
    ROW(0, BCH, 19, 0, 0, "Account"),
    ROW(0, BCH, 20, 0, 0, "IEC optical port setup"),
    ROW(0, BCH, 20, 0, 1, "IEC electrical port setup"),
    ROW(0, BCH, 22, 0, 0, "IEC HDLC setup"),
    ROW(0, BCH, 23, 0, 0, "IEC twisted pair setup"),
    ROW(0, BCH, 24, 0, 0, "M-Bus slave port setup"),
    RANGE(0, BCH, 24, 1, 0, 127, "M-Bus client"),
    ROW(0, BCH, 24, 4, 0, "M-Bus disconnect control"),
    ROW(0, BCH, 24, 6, 0, "M-Bus master port setup"),
    RANGE(0, BCH, 24, 8, 0, 127, "DLMS/COSEM server M-Bus port setup"),
    RANGE(0, BCH, 24, 9, 0, 127, "M-Bus diagnostic"),
    ROW(0, BCH, 25, 0, 0, "TCP-UDP setup"),
    ROW(0, BCH, 25, 1, 0, "IPv4 setup"),
    ROW(0, BCH, 25, 2, 0, "MAC address setup"),
    ROW(0, BCH, 25, 3, 0, "PPP setup"),
    ROW(0, BCH, 25, 4, 0, "GPRS modem setup"),
    ROW(0, BCH, 25, 5, 0, "SMTP setup"),
    ROW(0, BCH, 25, 6, 0, "GSM diagnostic"),
    ROW(0, BCH, 25, 7, 0, "IPv6 setup"),
    ROW(0, BCH, 25, 9, 0, "Push setup"),
    ROW(0, BCH, 29, 0, 0, "G3-PLC MAC layer counters"),
    ROW(0, BCH, 29, 1, 0, "G3-PLC MAC setup"),
    ROW(0, BCH, 29, 2, 0, "G3-PLC 6LoWPAN adaptation layer setup"),
    ROW(0, B0, 40, 0, 0, "Current association"),
    RANGE(0, B0, 40, 0, 1, 127, "Association"),
    ROW(0, B0, 41, 0, 0, "SAP assignment"),
    ROW(0, B0, 42, 0, 0, "COSEM logical device name"),
    RANGE(0, B0, 43, 0, 0, 127, "Security setup"),
    RANGE(0, BCH, 43, 1, 0, 127, "Invocation counter"),
    RANGE(0, BCH, 43, 2, 0, 127, "Data protection"),
    RANGE(0, B0, 44, 0, 0, 127, "Image transfer"),
    ROW(0, BCH, 96, 1, 0, "Device ID 1 (manufacturing number)"),
    ROW(0, BCH, 96, 1, 1, "Device ID 2"),
    ROW(0, BCH, 96, 1, 2, "Device ID 3"),
    ROW(0, BCH, 96, 1, 3, "Device ID 4"),
    ROW(0, BCH, 96, 1, 4, "Device ID 5"),
    ROW(0, BCH, 96, 1, 5, "Device ID 6"),
    ROW(0, BCH, 96, 1, 6, "Device ID 7"),
    ROW(0, BCH, 96, 1, 7, "Device ID 8"),
    ROW(0, BCH, 96, 1, 8, "Device ID 9"),
    ROW(0, BCH, 96, 1, 9, "Device ID 10"),
    ROW(0, BCH, 96, 1, 10, "Metering point ID"),
    ROW(0, BCH, 96, 3, 10, "Disconnect control"),
    RANGE(0, BCH, 96, 11, 0, 99, "Event code"),
    RANGE(0, BCH, 96, 14, 0, 15, "Currently active tariff"),
    RANGE(0, BCH, 96, 15, 0, 99, "Event counter"),
    RANGE(0, BCH, 97, 98, 0, 9, "Alarm register"),
    RANGE(0, BCH, 97, 98, 10, 19, "Alarm filter"),
    RANGE(0, BCH, 97, 98, 20, 29, "Alarm descriptor"),
    RANGE(0, BCH, 98, 1, 0, 127, "Data of billing period (scheme 1)"),
    RANGE(0, BCH, 98, 2, 0, 127, "Data of billing period (scheme 2)"),
    RANGE(0, BCH, 99, 1, 0, 127, "Load profile with recording period 1"),
    RANGE(0, BCH, 99, 2, 0, 127, "Load profile with recording period 2"),
    RANGE(0, BCH, 99, 98, 0, 127, "Event log"),
    /* A = 1: electricity. C = quantity, D = 7 instantaneous, D = 8 energy. */
    ROW(1, BCH, 0, 2, 0, "Active firmware identifier"),
    ROW(1, BCH, 0, 2, 8, "Active firmware signature"),
    ROW(1, BCH, 1, 7, 0, "Instantaneous active power import (+A)"),
    ENERGY_RATES(1, "Active energy import (+A)"),
    ROW(1, BCH, 2, 7, 0, "Instantaneous active power export (-A)"),
    ENERGY_RATES(2, "Active energy export (-A)"),
    ROW(1, BCH, 3, 7, 0, "Instantaneous reactive power import (+R)"),
    ENERGY_RATES(3, "Reactive energy import (+R)"),
    ROW(1, BCH, 4, 7, 0, "Instantaneous reactive power export (-R)"),
    ENERGY_RATES(4, "Reactive energy export (-R)"),
    ROW(1, BCH, 13, 7, 0, "Instantaneous power factor"),
    ROW(1, BCH, 14, 7, 0, "Instantaneous supply frequency"),
    ROW(1, BCH, 21, 7, 0, "Instantaneous active power import (+A) L1"),
    ROW(1, BCH, 31, 7, 0, "Instantaneous current L1"),
    ROW(1, BCH, 32, 7, 0, "Instantaneous voltage L1"),
    ROW(1, BCH, 33, 7, 0, "Instantaneous power factor L1"),
    ROW(1, BCH, 41, 7, 0, "Instantaneous active power import (+A) L2"),
    ROW(1, BCH, 51, 7, 0, "Instantaneous current L2"),
    ROW(1, BCH, 52, 7, 0, "Instantaneous voltage L2"),
    ROW(1, BCH, 53, 7, 0, "Instantaneous power factor L2"),
    ROW(1, BCH, 61, 7, 0, "Instantaneous active power import (+A) L3"),
    ROW(1, BCH, 71, 7, 0, "Instantaneous current L3"),
    ROW(1, BCH, 72, 7, 0, "Instantaneous voltage L3"),
    ROW(1, BCH, 73, 7, 0, "Instantaneous power factor L3"),
    ROW(1, BCH, 91, 7, 0, "Instantaneous current neutral"),
    RANGE(1, BCH, 98, 1, 0, 127, "Data of billing period (scheme 1)"),
    RANGE(1, BCH, 98, 2, 0, 127, "Data of billing period (scheme 2)"),
    RANGE(1, BCH, 99, 1, 0, 127, "Load profile with recording period 1"),
    RANGE(1, BCH, 99, 2, 0, 127, "Load profile with recording period 2"),
    RANGE(1, BCH, 99, 98, 0, 127, "Event log"),
};

/* True when code o falls in row r. */
static bool row_matches(const obis_name_row_t *r, const cosem_obis_t *o)
{
    return o->v[0] == r->a && o->v[1] <= r->b_max && o->v[2] == r->c && o->v[3] == r->d &&
           o->v[4] >= r->e_lo && o->v[4] <= r->e_hi && o->v[5] == 255u;
}

/* Linear scan of the table; rows do not overlap, so the first match is the only one. */
const char *cosem_obis_name(const cosem_obis_t *o)
{
    size_t i;
    if (o == NULL) {
        return NULL;
    }
    for (i = 0; i < sizeof obis_names / sizeof obis_names[0]; i++) {
        if (row_matches(&obis_names[i], o)) {
            return obis_names[i].name;
        }
    }
    return NULL;
}

#else
typedef int cosem_obis_names_empty_t;
#endif /* COSEM_WITH_OBIS_NAMES */
