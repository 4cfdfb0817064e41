/* SPDX-License-Identifier: Apache-2.0 */
/* The example meter: its RAM (the truth the object table points at), the
 * simulated metering engine, the state file and the object table. */
#ifndef METER_H
#define METER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/calendar.h>
#include <cosem/control.h>
#include <cosem/cosem.h>
#include <cosem/hdlc.h>
#include <cosem/metering.h>
#include <cosem/profile.h>
#include <cosem/server.h>

#include "cosem_posix.h"
#include "cosem_posix_push.h"

/* Energy registers: index 0 is the total, 1..6 the tariff registers. */
#define METER_TARIFFS 6
/* Load profile: 15-minute period, rows kept (40 days). */
#define METER_LP_PERIOD 900u
#define METER_LP_ROWS (96u * 40u)
/* Billing profile: monthly rows kept (2 years); event log rows. */
#define METER_BILLING_ROWS 24u
#define METER_EVENT_ROWS 200u
/* Bytes of one row of each profile (sum of the column widths in objects.c). */
#define METER_LP_ROW (COSEM_PROFILE_W_DATETIME + COSEM_PROFILE_W_U16 + 4u * COSEM_PROFILE_W_U32)
#define METER_BILLING_ROW (COSEM_PROFILE_W_DATETIME + 10u * COSEM_PROFILE_W_U32)
/* ION billing row: clock, status, eleven registers (model_ion.c). */
#define METER_ION_BILLING_ROW (COSEM_PROFILE_W_DATETIME + COSEM_PROFILE_W_U16 + 11u * COSEM_PROFILE_W_U32)
#define METER_BILLING_BUF \
    (METER_BILLING_ROWS * (METER_ION_BILLING_ROW > METER_BILLING_ROW ? METER_ION_BILLING_ROW : METER_BILLING_ROW))
/* Objects of the ION table (model_ion.c): 6 visible, 16 captured only. */
#define METER_ION_OBJECTS 22u
#define METER_EVENT_ROW (COSEM_PROFILE_W_DATETIME + COSEM_PROFILE_W_U8)
/* Largest APDU either way (server max PDU) and simultaneous connections. */
#define METER_MAX_PDU 1024u
#define METER_MAX_CONN 8u
/* Largest HDLC information field a client may set (IEC HDLC setup
 * attributes 5 and 6): the link buffers of a model with an HDLC setup
 * object are sized for it. */
#define METER_HDLC_MAX_INFO 2030u
/* Meters of one process (--meters). */
#define METER_MAX_METERS 2000u

/* Event codes of the event log 0.0.99.98.0.255 (Data 0.0.96.11.0.255):
 * 1..5 as in the IDIS standard event log; 230.. are this meter's own. */
enum {
    METER_EV_POWER_DOWN = 1,
    METER_EV_POWER_UP = 2,
    METER_EV_CLOCK_OLD = 4,   /* clock adjusted: the time before */
    METER_EV_CLOCK_NEW = 5,   /* clock adjusted: the time after */
    METER_EV_PASSWORD = 230,  /* LLS password of the reader association changed */
    METER_EV_RELAY_OPEN = 231,
    METER_EV_RELAY_CLOSE = 232,
    METER_EV_AUTH_FAIL = 233  /* wrong password */
};

/* What the engine keeps between steps (saved in the state file). */
typedef struct meter_engine {
    int64_t offset_ms;            /* simulated wall clock minus system clock */
    int64_t sim_ms;               /* simulated UTC of the last step, ms */
    uint64_t rng;                 /* xorshift state of the load noise */
    int64_t acc_ap[1 + METER_TARIFFS]; /* active import, mWh (A+) */
    int64_t acc_am[1 + METER_TARIFFS]; /* active export, mWh (A-) */
    int64_t acc_rp, acc_rm;       /* reactive import / export, mvarh */
    int64_t start[4];             /* A+, A-, R+, R- totals at the interval start, mWh */
    int32_t month;                /* year * 12 + month of the last billing check */
} meter_engine_t;

struct meter;

/* A model: the object table of one documented device and its hooks into
 * the shared engine (engine.c), state file (state.c) and link glue (main.c). */
typedef struct meter_model {
    const char *name;                 /* --model NAME */
    /* Builds the meter's object table and prepares its logical device. */
    cosem_status_t (*init)(struct meter *m);
    /* End of a month: captures the billing profile (NULL: the model's own
     * objects do, e.g. a single action schedule). */
    void (*billing)(struct meter *m);
    /* The event log to capture in meter_event(); NULL: the model has none. */
    const cosem_object_t *(*events)(struct meter *m);
    /* After the interval energies are set: derived values of the model. */
    void (*publish)(struct meter *m);
    bool many;                        /* tables per meter: --meters N allowed */
    const char *password;             /* default LLS password of client 0x20 */
    /* The document's description of an object (NULL: none, the OBIS name is
     * used); *doc_class gets the class the document gives when it differs. */
    const char *(*describe)(const struct meter *m, const cosem_object_t *o, uint16_t *doc_class);
    /* Largest APDU either way (0: METER_MAX_PDU); the default --max-pdu. */
    uint16_t max_apdu;
    /* Whether a loaded state holds only what this model could have saved
     * (its own fields; NULL: nothing to check). */
    bool (*state_valid)(struct meter *m);
} meter_model_t;

extern const meter_model_t meter_model_demo; /* objects.c */
extern const meter_model_t meter_model_ion;  /* model_ion.c */
extern const meter_model_t meter_model_metercom; /* model_metercom.c */

/* The ION model's tables of one meter (instances point into that meter). */
typedef struct meter_ion {
    int32_t net_ap, net_rp;           /* 1-1:16.8.0, 1-1:128.8.0: del - rec */
    uint32_t vah;                     /* 1-1:9.8.0: del + rec apparent */
    int32_t p_sd, q_sd;               /* 1-1:16.4.0, 1-1:128.4.0: sliding demand del - rec */
    uint32_t s_sd;                    /* 1-1:9.4.0 */
    int32_t pf_mean;                  /* 1-1:13.0.0: signed mean power factor * 1000 */
    cosem_vref_t ldn, status;
    cosem_association_ln_t assoc;
    cosem_sap_entry_t sap;
    cosem_sap_assignment_t sap_list;
    cosem_clock_t clock;
    cosem_register_t reg[15];
    cosem_profile_t lp, billing;
    cosem_assoc_config_t assocs[2];
    cosem_object_t objects[METER_ION_OBJECTS];
    uint16_t index[METER_ION_OBJECTS];
} meter_ion_t;

/* The meter's RAM: every variable an object of the table points at. */
typedef struct meter {
    const meter_model_t *model;
    /* ---- values the objects show --------------------------------- */
    uint32_t ap[1 + METER_TARIFFS];   /* 1.0.1.8.x.255, Wh */
    uint32_t am[1 + METER_TARIFFS];   /* 1.0.2.8.x.255, Wh */
    uint32_t rp, rm;                  /* 1.0.3.8.0 / 1.0.4.8.0, varh */
    uint32_t iv_ap, iv_am, iv_rp, iv_rm; /* 1.0.{1,2,3,4}.29.0.255: last interval, Wh / varh */
    uint16_t voltage[3];              /* 1.0.{32,52,72}.7.0.255, 0.1 V */
    uint16_t current[3];              /* 1.0.{31,51,71}.7.0.255, 0.01 A */
    int16_t pf[3];                    /* 1.0.{33,53,73}.7.0.255, 0.001 */
    uint16_t frequency;               /* 1.0.14.7.0.255, 0.01 Hz */
    int32_t p_import, p_export;       /* 1.0.1.7.0 / 1.0.2.7.0.255, W */
    uint16_t lp_status;               /* 0.0.96.10.1.255: ION status bits of the interval */
    uint8_t event_code;               /* 0.0.96.11.0.255: last event */
    uint16_t power_failures;          /* 0.0.96.7.0.255 */
    bool relay;                       /* 0.0.96.3.2.255: relay closed (load connected) */
    uint8_t tariff;                   /* 0.0.96.14.0.255: current tariff 1..6 */
    char serial[16];                  /* 0.0.96.1.0.255 */
    uint8_t ldn[16];                  /* 0.0.42.0.0.255 */
    cosem_secret_t reader_password;   /* LLS secret of client SAP 0x20 */
    cosem_secret_t utility_secret;    /* HLS secret of client SAP 0x30 (prepared) */
    cosem_secret_t saved_password;    /* reader password as last saved (change detection) */
    /* ---- profiles ------------------------------------------------- */
    cosem_profile_state_t lp_state, billing_state, events_state;
    cosem_clock_state_t clock_state;  /* time zone, DST rules (Clock 0.0.1.0.0.255) */
    cosem_demand_state_t demand_state; /* demand register 1.0.1.4.0.255 */
    int64_t demand_hist[1];
    uint8_t lp_buf[METER_LP_ROWS * METER_LP_ROW];
    uint8_t billing_buf[METER_BILLING_BUF];
    uint8_t events_buf[METER_EVENT_ROWS * METER_EVENT_ROW];
    /* ---- engine and platform ------------------------------------- */
    meter_engine_t eng;
    uint32_t speed;                   /* simulated seconds per real second */
    uint16_t max_pdu;                 /* server-max-receive-pdu-size announced */
    uint32_t auth_lockout_ms;         /* lockout after failed logins (0: library default) */
    uint32_t last_real_ms;            /* monotonic time of the last advance */
    bool dirty;                       /* state changed since the last save */
    bool dst;                         /* DST was in effect at the last step */
    bool gbt;                         /* --gbt: models demo and ion offer general block transfer */
    bool access;                      /* --access: models demo and ion offer the ACCESS service */
    meter_ion_t ion;                  /* model ion: its tables and derived values */
    void *model_tables;               /* other models' tables of this meter */
    const char *state_path;           /* NULL: nothing persists */
    cosem_posix_port_t pp;            /* relays, random, log, monotonic clock */
    cosem_port_t port;                /* the port the server uses (clock simulated) */
    cosem_server_t server;
    /* Security suite 0 of the utility association (client 0x30, HLS 5,
     * authenticated and encrypted): keys, system title, counters. */
    cosem_security_t security;
    uint8_t sec_buf[METER_MAX_PDU + 64];
    /* Keys key_transfer put into use (saved at once, used at the next
     * start instead of --ek / --ak): bit 0 ek, bit 1 ak, bit 2 kek. */
    struct {
        uint8_t set;
        uint8_t ek[16], ak[16], kek[16];
    } keys;
    char nv_path[512];                /* the state file + ".counters" (invocation counters) */
    /* ---- control state of the demo model (saved in the state file) -- */
    cosem_disconnect_ctl_state_t breaker;   /* 0.0.96.3.10.255 control_state, control_mode */
    cosem_activity_calendar_state_t calendar; /* 0.0.13.0.0.255 part lengths, activation time */
    uint8_t calendar_active[256];           /* its active and passive calendars (A-XDR) */
    uint8_t calendar_passive[256];
    bool restored;                    /* the state came from the state file */
    /* ---- HDLC link (set before the model's init) ------------------ */
    cosem_hdlc_addr_t hdlc_addr;      /* the meter's HDLC address */
    uint32_t hdlc_inactivity_ms;      /* --inactivity */
    uint32_t hdlc_inter_frame_ms;     /* --inter-frame */
    uint8_t comm_speed;               /* --baud as the IEC HDLC setup code (5: 9600) */
    /* The station holding the HDLC configuration every HDLC connection
     * takes (the demo's IEC HDLC setup 0.0.22.0.0.255 configures it);
     * NULL: the link glue's own configuration. */
    const cosem_hdlc_t *hdlc_station;
    /* The push hooks' context (NULL: no push setup): its transport HDLC
     * goes out on this meter's HDLC links (set once the glue exists). */
    cosem_posix_push_t *push;
} meter_t;

/* The one meter of the process (the object table points into it). */
extern meter_t g_meter;

/* ---- objects.c, model_*.c ------------------------------------------- */
/* The model called NAME; NULL when there is none. */
const meter_model_t *meter_model_find(const char *name);
/* Server configuration every model shares (port, PDU, events, user). */
void meter_server_config(meter_t *m, cosem_server_config_t *cfg);
/* Prepares the station holding the HDLC configuration of the meter's
 * links (an IEC HDLC setup object configures it; it never sends): window
 * 1, 128-octet information fields, the command line's time-outs and
 * address; sets m->hdlc_station. */
cosem_status_t meter_hdlc_station_init(meter_t *m, cosem_hdlc_t *station, uint8_t *buf,
                                       size_t len, size_t max_msdu);
/* The breaker (m->breaker) and the activity calendar (m->calendar and its
 * buffers) of a fresh state: the breaker connected as the relay is, in
 * control mode @p mode, the calendars copied from the model's defaults.
 * Restored or not, the calendar's switch bookkeeping starts over. */
void meter_control_start(meter_t *m, uint8_t mode, const cosem_activity_calendar_state_t *cal,
                         const uint8_t *active, size_t active_len, const uint8_t *passive,
                         size_t passive_len);
/* A loaded state's breaker and calendars: state and mode in range and
 * matching the relay, both calendars well-formed (the class's own check,
 * as cosem_server_init() makes it). */
bool meter_control_valid(meter_t *m);
/* The parameter of a relay configuration's method 1 switch (boolean, in
 * the vendor class 8193 of the demo and MeterCom models): success,
 * object-undefined for another method, type-unmatched for another type. */
cosem_dar_t meter_switch_param(const cosem_req_t *r, cosem_axdr_reader_t *params, bool *on);

/* ---- engine.c ------------------------------------------------------- */
/* Fresh meter: identity, password, engine start values. */
void meter_defaults(meter_t *m, unsigned unit_id, const char *password);
/* Conformance bits --gbt and --access add to a model's associations (those
 * the library was built with). */
uint32_t meter_extra_conformance(const meter_t *m);
/* Fills m->port: the POSIX port with the simulated wall clock. */
void meter_port_setup(meter_t *m);
/* After loading a saved state: resume without integrating the time off. */
void meter_resume(meter_t *m);
/* Simulates history_s seconds before now on a fresh state (demo data). */
void meter_backfill(meter_t *m, int64_t history_s);
/* Advances the simulation to the current (sped-up) time; captures profiles. */
void meter_advance(meter_t *m, uint32_t now_real_ms);
/* Records an event in the event log (0.0.99.98.0.255). */
void meter_event(meter_t *m, uint8_t code);
/* Simulated UTC seconds. */
int64_t meter_utc(const meter_t *m);

/* ---- state.c -------------------------------------------------------- */
/* Loads the state file into m; COSEM_E_NOTFOUND when it does not exist. */
cosem_status_t meter_state_load(meter_t *m, const char *path);
/* Writes the state file atomically (temporary file, fsync, rename). */
cosem_status_t meter_state_save(const meter_t *m, const char *path);

#endif
