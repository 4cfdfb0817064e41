/* SPDX-License-Identifier: Apache-2.0 */
/* Model "ion": the DLMS/COSEM side of a Schneider Electric PowerLogic ION
 * meter (ION9000/ION8650/ION7400/ION8800) with its default template, as the
 * technical note "DLMS/COSEM and ION technology" describes it. Every
 * statement of the note's "Specific implementation of DLMS" and "Default
 * COSEM objects" is quoted below next to the line that implements it.
 *
 * Data link layer (main.c, the same for every model, but the last):
 *   "Maximum Info Field Transmit 128 / Receive 128"       -> 128 / 128
 *   "Maximum Window Size Transmit 1 / Receive 1"          -> 1 / 1
 *   "Inactivity timeout 120 seconds"                      -> --inactivity 120
 *   "Device Addressing Length 4 bytes"                    -> --address-size 4
 *   "Physical Device Address: the meter's Unit ID"        -> --unit-id N
 *   "Management Logical Device only at address 0x0001"    -> upper address 1
 *   "Transparent transfer of long MSDUs: Not supported"   -> ION_MAX_APDU
 * Application layer: LN referencing; attribute0-supported-with-GET,
 * block-transfer-with-get, get, set (time synchronisation only: the
 * Clock's attribute 2 is the one writable attribute), selective-access
 * (CONF below).
 *
 * Objects a client sees (the note's "Supported COSEM Objects"):
 *   0-0:40.0.0*255  Association LN   (class 15)
 *   0-0:41.0.0*255  SAP Assignment   (class 17)
 *   0-0:42.0.0*255  Logical Device Name (class 1)
 *   0-0:1.0.0*255   Clock            (class 8)
 *   1-0:99.1.0*255  Load Profile     (class 7), 15-minute recording interval
 *   1-0:98.1.0*255  Billing Data     (class 7), recording interval 0
 * The profiles' capture objects (the status Data and the 1-1:... Registers)
 * are in the table so the profiles can capture them, but no association
 * sees them: the note lists them only as capture objects.
 *
 * "The register attributes listed in the table below are scaled by 1000":
 * every register value is the quantity in kWh, kvarh, kVAh, kW, kvar, kVA
 * (or the power factor) times 1000, as an integer: Wh, varh, VAh, W, var,
 * VA, and power factor * 1000.
 *
 * Status (Data 0-0:97.97.0*255, long-unsigned): the note's bit table,
 * COSEM_ION_STATUS_* in <cosem/profile.h>: bit 3 master reset, 5 time
 * changed, 6 power up, 7 power down, 8 DST started, 9 DST ended. The
 * billing recorder is not linked to a periodic timer, so its rows carry
 * 0xFFFF ("the value of the status register is 0xFFFF") and its recording
 * interval (attribute 4) is 0.
 *
 * Associations (the note does not name them; a reader needs one that may
 * SET the time): client 0x10 public, no authentication, GET only; client
 * 0x20 meter reader, low-level security (--password), GET and the time
 * SET. */
#include <math.h>
#include <string.h>

#include <cosem/classes.h>

#include "meter.h"

/* ---- access rights ------------------------------------------------------------- */

#define R COSEM_ALL
#define NONE {0, 0, 0}

/* Read by both associations. */
static const cosem_access_t RO[COSEM_MAX_ACCESS_LEVELS] = {{R, 0, 0}, {R, 0, 0}, NONE, NONE};
/* Clock: "set (supported for time synchronization only)": attribute 2 by
 * the meter reader. */
static const cosem_access_t CLOCK_SET[COSEM_MAX_ACCESS_LEVELS] = {
    {R, 0, 0}, {R, COSEM_ATTR(2), 0}, NONE, NONE};
/* Capture objects: in the table, seen by no association. */
static const cosem_access_t HIDDEN[COSEM_MAX_ACCESS_LEVELS] = {NONE, NONE, NONE, NONE};

/* "Available services": attribute0-supported-with-GET, block-transfer-with-get,
 * get, set, selective-access. */
#define CONF                                                                                  \
    (COSEM_CONF_ATTRIBUTE0_GET | COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_GET |             \
     COSEM_CONF_SET | COSEM_CONF_SELECTIVE_ACCESS)

/* ---- the profiles' columns (the note's table, in its order) --------------------- */

#define COL(cls, a, b, c, d, e, f, width) {cls, {a, b, c, d, e, f}, 2, width, 0}
#define TIMESTAMP COL(8, 0, 0, 1, 0, 0, 255, COSEM_PROFILE_W_DATETIME) /* Record Timestamp */
#define STATUS COL(1, 0, 0, 97, 97, 0, 255, COSEM_PROFILE_W_U16)       /* Status */
#define REG32(c, d) COL(3, 1, 1, c, d, 0, 255, COSEM_PROFILE_W_U32)

/* Profile Generic 1-0:99.1.0*255 (Load Profile). */
static const cosem_capture_def_t lp_cols[] = {
    TIMESTAMP, STATUS,
    REG32(1, 29), /* kWh del int   1-1:1.29.0*255 */
    REG32(3, 29), /* kVARh del int 1-1:3.29.0*255 */
    REG32(2, 29), /* kWh rec int   1-1:2.29.0*255 */
    REG32(4, 29), /* kVARh rec int 1-1:4.29.0*255 */
};

/* Profile Generic 1-0:98.1.0*255 (Billing Data). */
static const cosem_capture_def_t billing_cols[] = {
    TIMESTAMP, STATUS,
    REG32(1, 8),   /* kWh del         1-1:1.8.0*255 */
    REG32(2, 8),   /* kWh rec         1-1:2.8.0*255 */
    REG32(16, 8),  /* kWh del-rec     1-1:16.8.0*255 */
    REG32(3, 8),   /* kVARh del       1-1:3.8.0*255 */
    REG32(4, 8),   /* kVARh rec       1-1:4.8.0*255 */
    REG32(128, 8), /* kVARh del-rec   1-1:128.8.0*255 */
    REG32(9, 8),   /* kVAh del+rec    1-1:9.8.0*255 */
    REG32(16, 4),  /* kW sd del-rec   1-1:16.4.0*255 */
    REG32(128, 4), /* kVAR sd del-rec 1-1:128.4.0*255 */
    REG32(9, 4),   /* kVA sd del+rec  1-1:9.4.0*255 */
    REG32(13, 0),  /* PF sign mean    1-1:13.0.0*255 */
};

#define N_LP (sizeof lp_cols / sizeof lp_cols[0])
#define N_BILLING (sizeof billing_cols / sizeof billing_cols[0])

/* ---- the registers the columns capture: variable, type, unit ------------------- */

#define U32 COSEM_AXDR_DOUBLE_LONG_UNSIGNED
#define I32 COSEM_AXDR_DOUBLE_LONG

/* One register: logical name C.D (A = 1, B = 1, E = 0), value, unit. */
typedef struct ion_reg {
    uint8_t c, d;
    uint8_t type;
    size_t off;        /* offset of the variable in meter_t */
    uint8_t unit;
    const char *name;  /* the note's name */
} ion_reg_t;

#define V(member) offsetof(meter_t, member)
static const ion_reg_t g_regs[15] = {
    {1, 29, U32, V(iv_ap), COSEM_UNIT_WH, "kWh del int"},
    {3, 29, U32, V(iv_rp), COSEM_UNIT_VARH, "kVARh del int"},
    {2, 29, U32, V(iv_am), COSEM_UNIT_WH, "kWh rec int"},
    {4, 29, U32, V(iv_rm), COSEM_UNIT_VARH, "kVARh rec int"},
    {1, 8, U32, V(ap[0]), COSEM_UNIT_WH, "kWh del"},
    {2, 8, U32, V(am[0]), COSEM_UNIT_WH, "kWh rec"},
    {16, 8, I32, V(ion.net_ap), COSEM_UNIT_WH, "kWh del-rec"},
    {3, 8, U32, V(rp), COSEM_UNIT_VARH, "kVARh del"},
    {4, 8, U32, V(rm), COSEM_UNIT_VARH, "kVARh rec"},
    {128, 8, I32, V(ion.net_rp), COSEM_UNIT_VARH, "kVARh del-rec"},
    {9, 8, U32, V(ion.vah), COSEM_UNIT_VAH, "kVAh del+rec"},
    {16, 4, I32, V(ion.p_sd), COSEM_UNIT_W, "kW sd del-rec"},
    {128, 4, I32, V(ion.q_sd), COSEM_UNIT_VAR, "kVAR sd del-rec"},
    {9, 4, U32, V(ion.s_sd), COSEM_UNIT_VA, "kVA sd del+rec"},
    {13, 0, I32, V(ion.pf_mean), COSEM_UNIT_COUNT, "PF sign mean"},
};

/* ---- the table of one meter ----------------------------------------------------- */

/* Fills one row of the table. */
static void row(cosem_object_t *o, const uint8_t obis[6], const cosem_class_t *cls, const void *data,
                const cosem_access_t *access)
{
    memcpy(o->obis, obis, 6);
    o->cls = cls;
    o->data = data;
    o->ops = NULL;
    o->access = access;
    o->user = NULL;
}

/* Builds the meter's instances and table (they point into m, so many ION
 * meters can run in one process) and prepares its logical device. */
static cosem_status_t ion_init(meter_t *m)
{
    static const uint8_t assoc_ln[6] = {0, 0, 40, 0, 0, 255}, sap_ln[6] = {0, 0, 41, 0, 0, 255},
                         ldn_ln[6] = {0, 0, 42, 0, 0, 255}, clock_ln[6] = {0, 0, 1, 0, 0, 255},
                         lp_ln[6] = {1, 0, 99, 1, 0, 255}, billing_ln[6] = {1, 0, 98, 1, 0, 255},
                         status_ln[6] = {0, 0, 97, 97, 0, 255};
    meter_ion_t *t = &m->ion;
    cosem_object_t *o = t->objects;
    cosem_server_config_t cfg;
    size_t i;

    t->ldn = (cosem_vref_t)COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, m->ldn, NULL, 16);
    t->status = (cosem_vref_t)COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &m->lp_status);
    t->assoc = (cosem_association_ln_t){NULL, COSEM_HDLC_MANAGEMENT_LD, NULL};
    t->sap = (cosem_sap_entry_t){COSEM_HDLC_MANAGEMENT_LD, m->ldn, 16};
    t->sap_list = (cosem_sap_assignment_t){&t->sap, 1};
    t->clock = (cosem_clock_t){&m->clock_state, NULL, COSEM_CLOCK_BASE_CRYSTAL, METER_LP_PERIOD, NULL};
    t->lp = (cosem_profile_t){&m->lp_state, m->lp_buf, sizeof m->lp_buf, lp_cols, NULL,
                              (uint16_t)N_LP, METER_LP_PERIOD, 0};
    t->billing = (cosem_profile_t){&m->billing_state, m->billing_buf,
                                   METER_BILLING_ROWS * METER_ION_BILLING_ROW, billing_cols, NULL,
                                   (uint16_t)N_BILLING, 0, 0};
    t->assocs[0] = (cosem_assoc_config_t){0x10, COSEM_AUTH_NONE, 0, CONF & ~COSEM_CONF_SET, NULL, NULL, false, NULL};
    t->assocs[1] = (cosem_assoc_config_t){0x20, COSEM_AUTH_LOW, 1, CONF, &m->reader_password, NULL, false, NULL};
    /* --gbt, --access: not in the document's services, for testing clients */
    t->assocs[0].conformance |= meter_extra_conformance(m);
    t->assocs[1].conformance |= meter_extra_conformance(m);

    row(o++, assoc_ln, &cosem_class_association_ln, &t->assoc, NULL); /* the class rights */
    row(o++, sap_ln, &cosem_class_sap_assignment, &t->sap_list, RO);
    row(o++, ldn_ln, &cosem_class_data, &t->ldn, RO);
    row(o++, clock_ln, &cosem_class_clock, &t->clock, CLOCK_SET);
    row(o++, lp_ln, &cosem_class_profile_generic, &t->lp, RO);
    row(o++, billing_ln, &cosem_class_profile_generic, &t->billing, RO);
    row(o++, status_ln, &cosem_class_data, &t->status, HIDDEN);
    for (i = 0; i < sizeof g_regs / sizeof g_regs[0]; i++) {
        const ion_reg_t *g = &g_regs[i];
        const uint8_t ln[6] = {1, 1, g->c, g->d, 0, 255};
        t->reg[i].value = (cosem_vref_t)COSEM_VREF(g->type, (uint8_t *)m + g->off);
        t->reg[i].scaler = g->unit == COSEM_UNIT_COUNT ? -3 : 0;
        t->reg[i].unit = g->unit;
        row(o++, ln, &cosem_class_register, &t->reg[i], HIDDEN);
    }

    meter_server_config(m, &cfg);
    cfg.objects = t->objects;
    cfg.object_count = (size_t)(o - t->objects);
    cfg.index = t->index;
    cfg.assocs = t->assocs;
    cfg.assoc_count = 2;
    return cosem_server_init(&m->server, &cfg);
}

/* The billing recorder is not linked to a periodic timer: its status is
 * 0xFFFF ("DLMS Log Export module", Status Register). */
static void ion_billing(meter_t *m)
{
    static const uint8_t billing_ln[6] = {1, 0, 98, 1, 0, 255};
    uint16_t status = m->lp_status;
    m->lp_status = COSEM_ION_STATUS_INVALID;
    (void)cosem_profile_capture(&m->server, cosem_server_find(&m->server, billing_ln));
    m->lp_status = status;
}

/* Derived registers, recomputed at the end of every interval: net energies,
 * apparent energy, sliding demand of the last interval, mean power factor
 * (negative while exporting). */
static void ion_publish(meter_t *m)
{
    meter_ion_t *t = &m->ion;
    double p = ((double)m->iv_ap - (double)m->iv_am) * (3600.0 / METER_LP_PERIOD);
    double q = ((double)m->iv_rp - (double)m->iv_rm) * (3600.0 / METER_LP_PERIOD);
    double e = (double)m->ap[0] + (double)m->am[0], r = (double)m->rp + (double)m->rm;
    int32_t pf = ((int32_t)m->pf[0] + m->pf[1] + m->pf[2]) / 3;
    t->net_ap = (int32_t)((int64_t)m->ap[0] - (int64_t)m->am[0]);
    t->net_rp = (int32_t)((int64_t)m->rp - (int64_t)m->rm);
    t->vah = (uint32_t)sqrt(e * e + r * r);
    t->p_sd = (int32_t)p;
    t->q_sd = (int32_t)q;
    t->s_sd = (uint32_t)sqrt(p * p + q * q);
    t->pf_mean = m->p_export > m->p_import ? -pf : pf;
}

/* The note's names: its "Supported COSEM Objects" and capture objects. */
static const char *ion_describe(const meter_t *m, const cosem_object_t *o, uint16_t *doc_class)
{
    static const char *const fixed[] = {
        "Association LN", "SAP Assignment", "Logical Device Name", "Clock",
        "Load Profile (recording interval 900 s)", "Billing Data (recording interval 0)",
        "Status (unsigned 16 bit, bit table of the note)"};
    size_t i = (size_t)(o - m->ion.objects);
    (void)doc_class;
    if (i < sizeof fixed / sizeof fixed[0]) {
        return fixed[i];
    }
    i -= sizeof fixed / sizeof fixed[0];
    return i < sizeof g_regs / sizeof g_regs[0] ? g_regs[i].name : NULL;
}

/* "Transparent transfer of long MSDUs: Not supported": an APDU fits one
 * 128-octet information field with its 3-octet LLC header; longer data
 * goes in GET blocks (block-transfer-with-get), never in HDLC segments. */
#define ION_MAX_APDU (COSEM_HDLC_DEFAULT_INFO - 3u)

/* Tables per meter: --meters N serves N of them. */
const meter_model_t meter_model_ion = {"ion", ion_init, ion_billing, NULL, ion_publish, true,
                                       "12345678", ion_describe, ION_MAX_APDU, NULL};
