/* SPDX-License-Identifier: Apache-2.0 */
/* meter_server: a simulated three-phase electricity meter on libcosem and
 * the POSIX port. Listens for DLMS/COSEM over the wrapper (TCP 4059), HDLC
 * over TCP and optionally HDLC on a serial line, like a deployed meter:
 * HDLC max information field 128 both ways, window 1, 120 s inactivity
 * time-out, 4-octet server address from the unit id, one connection at a
 * time. Run with --help for the options; docs/meter_server.md walks
 * through it. */
#define _DEFAULT_SOURCE 1

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bus.h"
#include "meter.h"

meter_t g_meter;

/* Command-line settings. */
typedef struct options {
    const meter_model_t *model;
    const char *listen;
    long port, hdlc_port;       /* -1: off */
    long bus_port;              /* -1: off */
    const char *serial;
    unsigned baud;
    int mode_e;                 /* --mode-e: IEC 62056-21 opening on the serial line */
    int gbt;                    /* --gbt: models demo and ion offer general block transfer */
    unsigned gbt_window;        /* --gbt-window: GBT blocks per acknowledgement (wrapper) */
    int access;                 /* --access: the ACCESS service is offered */
    unsigned unit_id;
    unsigned meters;
    unsigned addr_size;
    const char *password;
    const char *state;          /* NULL: nothing persists */
    unsigned speed;
    long history_days;
    unsigned max_conn;
    unsigned max_pdu;
    unsigned inactivity_s;
    unsigned lockout_s;
    unsigned assoc_s;
    unsigned inter_frame_ms;
    int time_zone;
    int dst;
    const char *ready_file;
    int verbose;
    uint8_t ek[16], ak[16], title[8];   /* utility association, security suite 0 */
    int reset_state;
    int list;
} options_t;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: meter_server [options]\n"
            "  --model NAME          demo (default), ion, metercom-pro: the object table\n"
            "                        served (docs/meter_server.md, docs/model_*.md)\n"
            "  --listen ADDR         address to listen on (default 127.0.0.1)\n"
            "  --port N              wrapper TCP port (default 4059; 0 any free; off)\n"
            "  --hdlc-port N         HDLC over TCP port (default 4061; 0 any free; off)\n"
            "  --serial DEV          also serve HDLC on a serial line\n"
            "  --baud N              its speed (default 9600)\n"
            "  --mode-e              the serial line opens with IEC 62056-21 mode E: 300 Bd\n"
            "                        7E1 sign-on, identification /XLC5\\2MODEL UNIT (device\n"
            "                        address UNIT), switch to --baud (at most 19200), HDLC\n"
            "  --gbt                 models demo and ion: offer general block transfer too\n"
            "                        (for a client that proposes it without GET blocks)\n"
            "  --gbt-window N        GBT blocks sent per acknowledgement over the wrapper,\n"
            "                        at most the client's window (1-63, default 1)\n"
            "  --access              models demo and ion: offer the ACCESS service (off by\n"
            "                        default: the recorded Gurux sessions, whose clients\n"
            "                        propose it, were made without)\n"
            "  --unit-id N           HDLC physical address and serial number (default 17)\n"
            "  --meters N            N meters in this process (not demo; default 1): unit ids\n"
            "                        N, N+1, ...; ports --port+k and --hdlc-port+k (0: free\n"
            "                        ports); state files FILE.UNIT\n"
            "  --bus-port N          with --meters: multi-drop HDLC over TCP, 32 meters per\n"
            "                        line (RS-485 bus), lines on N, N+1, ... (0: free ports);\n"
            "                        --serial is then the line of the first 32 meters\n"
            "  --address-size 1|2|4  HDLC server address form expected first (default 4;\n"
            "                        the other forms of the same address are accepted too)\n"
            "  --password P          LLS password of the meter reader, client 0x20\n"
            "                        (default 12345678, metercom-pro HELLO; used only on a\n"
            "                        fresh state)\n"
            "  --state FILE          state file (default meter.state; 'none' keeps nothing)\n"
            "  --speed N             simulated seconds per real second (default 1)\n"
            "  --history DAYS        simulate DAYS of history on a fresh state (default 2)\n"
            "  --max-connections N   simultaneous connections (default 1)\n"
            "  --max-pdu N           server-max-receive-pdu-size announced (64..1024,\n"
            "                        default 1024; ion 125)\n"
            "  --inactivity S        link inactivity time-out in seconds (default 120)\n"
            "  --inter-frame MS      partial frame time-out in ms (default 1000)\n"
            "  --auth-lockout S      lockout after 5 failed logins, seconds (default 60)\n"
            "  --associate-timeout S a connection not associated within S seconds is\n"
            "                        closed (default 30; 0 never)\n"
            "  --time-zone MIN       Clock time_zone on a fresh state: minutes to add to\n"
            "                        local time to get UTC (default 0)\n"
            "  --dst                 EU summer time rules on a fresh state\n"
            "  --ek HEX              global unicast encryption key of the utility (client\n"
            "                        0x30, HLS-GMAC, authenticated and encrypted; default\n"
            "                        000102030405060708090A0B0C0D0E0F, the Green Book's)\n"
            "  --ak HEX              authentication key (default D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF)\n"
            "  --system-title HEX    server system title, 8 octets (default 4D4D4D0000BC614E)\n"
            "  --ready-file FILE     write the bound ports there once listening\n"
            "  --verbose             log every association\n"
            "  --reset-state         start fresh when no generation of the state file\n"
            "                        is usable (otherwise the meter refuses to start)\n"
            "  --list-objects        print the model's object table (Markdown) and exit\n"
            "  --help\n");
}

/* Parses a number in [lo, hi]; exits with usage on anything else. */
static long number(const char *opt, const char *s, long lo, long hi)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 0);
    if (errno != 0 || *end != '\0' || end == s || v < lo || v > hi) {
        fprintf(stderr, "meter_server: bad value for --%s: %s\n", opt, s);
        exit(1);
    }
    return v;
}

/* A port number or "off" (-1). */
static long port_arg(const char *opt, const char *s)
{
    return strcmp(s, "off") == 0 ? -1 : number(opt, s, 0, 65535);
}

/* Exactly n octets of hex into out, or exit. */
static void hex_arg(const char *opt, const char *s, uint8_t *out, size_t n)
{
    size_t i;
    for (i = 0; i < 2 * n; ++i) {
        int c = (unsigned char)s[i], v = isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
        if (v < 0) {
            break;
        }
        out[i / 2] = (uint8_t)((i % 2 == 0u) ? v << 4 : (out[i / 2] | v));
    }
    if (i != 2 * n || s[i] != '\0') {
        fprintf(stderr, "meter_server: --%s needs %u hex octets\n", opt, (unsigned)n);
        exit(1);
    }
}

/* Applies one option; returns 0 for --help. */
static int apply(options_t *o, const char *name, const char *v)
{
    if (strcmp(name, "help") == 0) return 0;
    if (strcmp(name, "model") == 0) {
        o->model = meter_model_find(v);
        if (o->model == NULL) {
            fprintf(stderr, "meter_server: unknown model: %s\n", v);
            exit(1);
        }
    } else if (strcmp(name, "listen") == 0) o->listen = v;
    else if (strcmp(name, "port") == 0) o->port = port_arg(name, v);
    else if (strcmp(name, "hdlc-port") == 0) o->hdlc_port = port_arg(name, v);
    else if (strcmp(name, "bus-port") == 0) o->bus_port = port_arg(name, v);
    else if (strcmp(name, "serial") == 0) o->serial = v;
    else if (strcmp(name, "mode-e") == 0) o->mode_e = 1;
    else if (strcmp(name, "gbt") == 0) o->gbt = 1;
    else if (strcmp(name, "gbt-window") == 0) o->gbt_window = (unsigned)number(name, v, 1, 63);
    else if (strcmp(name, "access") == 0) o->access = 1;
    else if (strcmp(name, "baud") == 0) o->baud = (unsigned)number(name, v, 300, 230400);
    else if (strcmp(name, "unit-id") == 0) o->unit_id = (unsigned)number(name, v, 1, 0x3FFD);
    else if (strcmp(name, "meters") == 0) o->meters = (unsigned)number(name, v, 1, METER_MAX_METERS);
    else if (strcmp(name, "address-size") == 0) o->addr_size = (unsigned)number(name, v, 1, 4);
    else if (strcmp(name, "password") == 0) o->password = v;
    else if (strcmp(name, "state") == 0) o->state = strcmp(v, "none") == 0 ? NULL : v;
    else if (strcmp(name, "speed") == 0) o->speed = (unsigned)number(name, v, 1, 1000000);
    else if (strcmp(name, "history") == 0) o->history_days = number(name, v, 0, 400);
    else if (strcmp(name, "max-connections") == 0) o->max_conn = (unsigned)number(name, v, 1, METER_MAX_CONN);
    else if (strcmp(name, "max-pdu") == 0) o->max_pdu = (unsigned)number(name, v, 64, METER_MAX_PDU);
    else if (strcmp(name, "inactivity") == 0) o->inactivity_s = (unsigned)number(name, v, 0, 86400);
    else if (strcmp(name, "inter-frame") == 0) o->inter_frame_ms = (unsigned)number(name, v, 0, 60000);
    else if (strcmp(name, "associate-timeout") == 0) o->assoc_s = (unsigned)number(name, v, 0, 86400);
    else if (strcmp(name, "auth-lockout") == 0) o->lockout_s = (unsigned)number(name, v, 1, 86400);
    else if (strcmp(name, "time-zone") == 0) o->time_zone = (int)number(name, v, -720, 720);
    else if (strcmp(name, "dst") == 0) o->dst = 1;
    else if (strcmp(name, "ready-file") == 0) o->ready_file = v;
    else if (strcmp(name, "verbose") == 0) o->verbose = 1;
    else if (strcmp(name, "ek") == 0) hex_arg(name, v, o->ek, 16);
    else if (strcmp(name, "ak") == 0) hex_arg(name, v, o->ak, 16);
    else if (strcmp(name, "system-title") == 0) hex_arg(name, v, o->title, 8);
    else if (strcmp(name, "reset-state") == 0) o->reset_state = 1;
    else if (strcmp(name, "list-objects") == 0) o->list = 1;
    return 1;
}

/* Parses the command line into o (defaults first). */
static void parse(options_t *o, int argc, char **argv)
{
    static const struct option longs[] = {
        {"model", 1, 0, 0}, {"listen", 1, 0, 0}, {"port", 1, 0, 0}, {"hdlc-port", 1, 0, 0}, {"bus-port", 1, 0, 0}, {"serial", 1, 0, 0},
        {"mode-e", 0, 0, 0}, {"gbt", 0, 0, 0}, {"gbt-window", 1, 0, 0}, {"access", 0, 0, 0}, {"baud", 1, 0, 0}, {"unit-id", 1, 0, 0}, {"meters", 1, 0, 0}, {"address-size", 1, 0, 0}, {"password", 1, 0, 0},
        {"state", 1, 0, 0}, {"speed", 1, 0, 0}, {"history", 1, 0, 0},
        {"max-connections", 1, 0, 0}, {"max-pdu", 1, 0, 0}, {"inactivity", 1, 0, 0}, {"inter-frame", 1, 0, 0},
        {"time-zone", 1, 0, 0}, {"dst", 0, 0, 0}, {"ready-file", 1, 0, 0}, {"verbose", 0, 0, 0},
        {"ek", 1, 0, 0}, {"ak", 1, 0, 0}, {"system-title", 1, 0, 0},
        {"auth-lockout", 1, 0, 0}, {"associate-timeout", 1, 0, 0}, {"reset-state", 0, 0, 0},
        {"list-objects", 0, 0, 0},
        {"help", 0, 0, 0}, {0, 0, 0, 0}};
    int idx, c;
    memset(o, 0, sizeof *o);
    o->model = &meter_model_demo;
    o->listen = "127.0.0.1";
    o->port = 4059;
    o->hdlc_port = 4061;
    o->bus_port = -1;
    o->baud = 9600;
    o->unit_id = 17;
    o->meters = 1;
    o->addr_size = 4;
    o->password = NULL; /* the model's */
    o->state = "meter.state";
    o->speed = 1;
    o->history_days = 2;
    o->max_conn = 1;
    o->max_pdu = 0; /* the model's */
    o->inactivity_s = 120;
    o->inter_frame_ms = 1000;
    for (idx = 0; idx < 16; ++idx) {
        o->ek[idx] = (uint8_t)idx;
        o->ak[idx] = (uint8_t)(0xD0 + idx);
    }
    memcpy(o->title, "\x4D\x4D\x4D\x00\x00\xBC\x61\x4E", 8);
    o->lockout_s = 60;
    o->assoc_s = 30;
    while ((c = getopt_long(argc, argv, "", longs, &idx)) != -1) {
        if (c != 0 || !apply(o, longs[idx].name, optarg)) {
            usage(c == 0 ? stdout : stderr);
            exit(c == 0 ? 0 : 1);
        }
    }
    if (optind < argc || o->addr_size == 3 ||
        (o->addr_size == 2 && o->unit_id + o->meters - 1u > 0x7F) ||
        o->unit_id + o->meters - 1u > 0x3FFD) {
        usage(stderr);
        exit(1);
    }
    if (o->mode_e && (o->serial == NULL || o->meters != 1u)) {
        fprintf(stderr, "meter_server: --mode-e needs --serial and one meter\n");
        exit(1);
    }
    if (o->max_pdu == 0u) {
        o->max_pdu = o->model->max_apdu != 0u ? o->model->max_apdu : METER_MAX_PDU;
    }
    if (o->meters > 1u && !o->model->many) {
        fprintf(stderr, "meter_server: model %s serves one meter per process (its table is "
                        "static); --meters needs --model ion or metercom-pro\n", o->model->name);
        exit(1);
    }
}

/* ---- running ------------------------------------------------------------- */

/* One meter and its link glue. */
typedef struct site {
    meter_t *m;
    cosem_posix_server_t glue;
    cosem_posix_server_conn_t conns[METER_MAX_CONN + 2];
    uint8_t *mem;
    uint16_t wport, hport;
    char state[520];
    cosem_mode_e_server_config_t mode_e; /* --mode-e: the serial line's opening */
    char mode_e_ident[COSEM_MODE_E_IDENT_MAX + 1u];
    char mode_e_address[12];
} site_t;

/* Slot memory of one meter's connections. */
#define SITE_MEM(conns, info) ((conns) * COSEM_POSIX_SERVER_SLOT_SIZE(METER_MAX_PDU, info))

static cosem_posix_loop_t g_loop;
static site_t *g_sites;
static unsigned g_site_count;
static meter_bus_t *g_buses;
static uint16_t *g_bus_ports;
static unsigned g_bus_count;

/* Whether the meters share multi-drop lines. */
static bool multidrop(const options_t *o)
{
    return o->meters > 1u && (o->bus_port >= 0 || o->serial != NULL);
}

/* Advances one meter: link timers, the simulation, persistence. */
static void site_tick(site_t *st, uint32_t now_ms)
{
    meter_t *m = st->m;
    cosem_posix_server_poll(&st->glue, now_ms);
    meter_advance(m, now_ms);
    if (m->reader_password.len != m->saved_password.len ||
        memcmp(m->reader_password.buf, m->saved_password.buf, m->reader_password.len) != 0) {
        m->saved_password = m->reader_password;
        meter_event(m, METER_EV_PASSWORD);
    }
    if (m->dirty) {
        if (m->state_path != NULL && meter_state_save(m, m->state_path) != COSEM_OK) {
            cosem_port_log(&m->port, COSEM_LOG_ERROR, "cannot write the state file");
        }
        m->dirty = false;
    }
}

/* Loop tick: every meter. */
static void tick(void *user, cosem_posix_loop_t *loop, uint32_t now_ms)
{
    unsigned i;
    (void)user;
    (void)loop;
    for (i = 0; i < g_site_count; i++) {
        site_tick(&g_sites[i], now_ms);
    }
}

/* A port number plus k, or "off" / 0 (any free port) unchanged. */
static long port_plus(long port, unsigned k)
{
    return port <= 0 ? port : port + (long)k;
}

/* Meter k's HDLC address: the management logical device, the unit id as
 * physical address (none with 1-octet addressing). */
static cosem_hdlc_addr_t hdlc_address(const options_t *o, unsigned k)
{
    cosem_hdlc_addr_t a;
    memset(&a, 0, sizeof a);
    a.upper = COSEM_HDLC_MANAGEMENT_LD;
    a.lower = (uint16_t)(o->addr_size == 1 ? 0 : o->unit_id + k);
    a.len = (uint8_t)o->addr_size;
    return a;
}

/* IEC HDLC setup comm_speed code of a baud rate (0: 300 ... 9: 115200;
 * 5, 9600, for a rate without a code). */
static uint8_t speed_code(unsigned baud)
{
    static const unsigned rates[] = {300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
    uint8_t i;
    for (i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        if (rates[i] == baud) {
            return i;
        }
    }
    return 5;
}

/* key_transfer put a key into use: keep it and save the state at once
 * (the client uses the new key from its next request on). */
static void key_changed(void *user, uint8_t id, const uint8_t key[16])
{
    meter_t *m = user;
    uint8_t *dst = id == COSEM_KEY_EK ? m->keys.ek : id == COSEM_KEY_AK ? m->keys.ak : m->keys.kek;
    memcpy(dst, key, 16);
    m->keys.set |= (uint8_t)(id == COSEM_KEY_EK ? 1u : id == COSEM_KEY_AK ? 2u : 4u);
    if (m->state_path != NULL && meter_state_save(m, m->state_path) != COSEM_OK) {
        fprintf(stderr, "meter_server: %s: the new key could not be saved\n", m->state_path);
    }
}

/* Starts meter k's listeners (and, for the first, the serial line). */
static int start_links(const options_t *o, site_t *st, unsigned k)
{
    int id;
    cosem_status_t rc = COSEM_OK;
    long wp = port_plus(o->port, k), hp = port_plus(o->hdlc_port, k);
    st->wport = st->hport = 0;
    if (wp > 65535 || hp > 65535) {
        rc = COSEM_E_RANGE;
    }
    if (rc == COSEM_OK && wp >= 0) {
        rc = cosem_posix_server_listen(&st->glue, COSEM_POSIX_SERVER_WRAPPER, o->listen,
                                       (uint16_t)wp, &id);
        st->wport = rc == COSEM_OK ? cosem_posix_local_port(&g_loop, id) : 0;
    }
    if (rc == COSEM_OK && hp >= 0) {
        rc = cosem_posix_server_listen(&st->glue, COSEM_POSIX_SERVER_HDLC, o->listen,
                                       (uint16_t)hp, &id);
        st->hport = rc == COSEM_OK ? cosem_posix_local_port(&g_loop, id) : 0;
    }
    if (rc == COSEM_OK && o->serial != NULL && o->meters == 1u) {
        cosem_posix_serial_opts_t so = {o->baud, false};
        rc = cosem_posix_server_serial(&st->glue, o->serial, &so, &id);
    }
    if (rc != COSEM_OK) {
        fprintf(stderr, "meter_server: cannot open the links of meter %u: %s\n", k,
                cosem_status_str(rc));
        return -1;
    }
    return 0;
}

/* Prepares the glue between the loop and meter k's logical device. */
static int start_glue(const options_t *o, site_t *st, unsigned k)
{
    cosem_posix_server_config_t gc;
    size_t slots = o->max_conn + (multidrop(o) ? 2u : 1u); /* + the bus */
    size_t info;
    memset(&gc, 0, sizeof gc);
    gc.server = &st->m->server;
    gc.wport = COSEM_WRAPPER_WPORT_MANAGEMENT;
    gc.hdlc_addr = hdlc_address(o, k);
    gc.hdlc_params.max_info_tx = COSEM_HDLC_DEFAULT_INFO;
    gc.hdlc_params.max_info_rx = COSEM_HDLC_DEFAULT_INFO;
    gc.hdlc_params.window_tx = 1;
    gc.hdlc_params.window_rx = 1;
    if (st->m->hdlc_station != NULL) {
        /* The IEC HDLC setup object's station: slots for its largest fields. */
        gc.hdlc_station = st->m->hdlc_station;
        gc.hdlc_params.max_info_tx = METER_HDLC_MAX_INFO;
        gc.hdlc_params.max_info_rx = METER_HDLC_MAX_INFO;
    }
    gc.max_apdu = o->model->max_apdu != 0u ? o->model->max_apdu : METER_MAX_PDU;
    gc.inactivity_timeout_ms = o->inactivity_s * 1000u;
    gc.inter_frame_timeout_ms = o->inter_frame_ms;
    gc.max_connections = o->max_conn;
    gc.gbt_window = (uint8_t)o->gbt_window;
    gc.associate_timeout_ms = o->assoc_s * 1000u;
    if (o->mode_e) {
        /* identification "MODEL UNIT" (the model's name up to its '-'),
         * device address UNIT, the line's rate as the highest offered */
        size_t n = strcspn(o->model->name, "-");
        snprintf(st->mode_e_ident, sizeof st->mode_e_ident, "%.*s %u", (int)n, o->model->name,
                 o->unit_id + k);
        snprintf(st->mode_e_address, sizeof st->mode_e_address, "%u", o->unit_id + k);
        st->mode_e.manufacturer = "XLC";
        st->mode_e.ident = st->mode_e_ident;
        st->mode_e.address = st->mode_e_address;
        st->mode_e.max_baud = o->baud > 19200u ? 19200u : o->baud;
        gc.mode_e = &st->mode_e;
    }
    info = gc.hdlc_params.max_info_rx;
    st->mem = calloc(1, SITE_MEM(slots, info));
    if (st->m->push != NULL) {
        st->m->push->hdlc = &st->glue; /* push transport HDLC: UI frames on its links */
    }
    return st->mem != NULL && cosem_posix_server_init(&st->glue, &gc, &g_loop, st->conns, slots,
                                                      st->mem, SITE_MEM(slots, info)) == COSEM_OK
               ? 0
               : -1;
}

/* Writes one "wrapper PORT" line per meter, then one "hdlc PORT" line per
 * meter, then "pid PID" (tests wait for this file). */
static void write_ready(const char *path)
{
    char tmp[512];
    FILE *f;
    unsigned i;
    if (path == NULL || snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        return;
    }
    f = fopen(tmp, "w");
    if (f != NULL) {
        for (i = 0; i < g_site_count; i++) {
            fprintf(f, "wrapper %u\n", g_sites[i].wport);
        }
        for (i = 0; i < g_site_count; i++) {
            fprintf(f, "hdlc %u\n", g_sites[i].hport);
        }
        for (i = 0; i < g_bus_count; i++) {
            fprintf(f, "bus %u\n", g_bus_ports[i]);
        }
        fprintf(f, "pid %ld\n", (long)getpid());
        if (fclose(f) == 0) {
            (void)rename(tmp, path);
        }
    }
}

/* Loads or creates meter k's state. */
static int start_meter(const options_t *o, site_t *site, unsigned k)
{
    meter_t *m = site->m;
    cosem_status_t st = COSEM_E_NOTFOUND;
    m->model = o->model;
    m->speed = o->speed;
    m->max_pdu = (uint16_t)o->max_pdu;
    m->auth_lockout_ms = o->lockout_s * 1000u;
    m->state_path = NULL;
    if (o->state != NULL && o->meters == 1u) {
        m->state_path = o->state;
    } else if (o->state != NULL &&
               snprintf(site->state, sizeof site->state, "%s.%u", o->state, o->unit_id + k) <
                   (int)sizeof site->state) {
        m->state_path = site->state;
    }
    m->clock_state.time_zone = (int16_t)o->time_zone;
    m->hdlc_addr = hdlc_address(o, k);
    m->hdlc_inactivity_ms = o->inactivity_s * 1000u;
    m->hdlc_inter_frame_ms = o->inter_frame_ms;
    m->comm_speed = speed_code(o->baud);
    meter_defaults(m, o->unit_id + k, o->password != NULL ? o->password : o->model->password);
    m->gbt = o->gbt != 0;
    m->access = o->access != 0;
    m->clock_state.dst_enabled = o->dst != 0;
    if (m->state_path != NULL) {
        st = meter_state_load(m, m->state_path);
        if (st != COSEM_OK && st != COSEM_E_NOTFOUND && !o->reset_state) {
            fprintf(stderr, "meter_server: %s: no usable generation of the state file (%s); "
                            "refusing to start (--reset-state starts fresh)\n",
                    m->state_path, cosem_status_str(st));
            return -1;
        }
        if (st != COSEM_OK && st != COSEM_E_NOTFOUND) {
            fprintf(stderr, "meter_server: %s: unusable state file (%s), starting fresh "
                            "(--reset-state)\n", m->state_path, cosem_status_str(st));
        }
    }
    if (m->state_path != NULL) {
        (void)snprintf(m->nv_path, sizeof m->nv_path, "%s.counters", m->state_path);
    }
    m->restored = st == COSEM_OK;
    meter_port_setup(m);
    m->last_real_ms = cosem_port_now_ms(&m->port);
    {
        /* The utility association's security suite 0 (the master key is
         * the authentication key here: key_transfer works out of the box). */
        cosem_security_config_t sc;
        memset(&sc, 0, sizeof sc);
        sc.system_title = o->title;
        sc.ek = (m->keys.set & 1u) != 0u ? m->keys.ek : o->ek;
        sc.ak = (m->keys.set & 2u) != 0u ? m->keys.ak : o->ak;
        sc.kek = (m->keys.set & 4u) != 0u ? m->keys.kek : o->ak;
        sc.key_changed = key_changed;
        sc.key_user = m;
        sc.policy = COSEM_POLICY_AUTH_ENC;
        sc.buf = m->sec_buf;
        sc.cap = sizeof m->sec_buf;
        if (cosem_security_init(&m->security, &sc, &m->port) != COSEM_OK) {
            fprintf(stderr, "meter_server: cannot resume the invocation counter\n");
            return -1;
        }
    }
    if (m->model->init(m) != COSEM_OK) {
        fprintf(stderr, "meter_server: object table refused by the server\n");
        return -1;
    }
    if (st == COSEM_OK) {
        meter_resume(m);
    } else {
        m->lp_status |= COSEM_ION_STATUS_MASTER_RESET; /* a fresh meter */
        if (o->history_days > 0) {
            meter_backfill(m, o->history_days * 86400L);
        }
    }
    meter_event(m, METER_EV_POWER_UP);
    m->lp_status |= COSEM_ION_STATUS_POWER_UP;
    return 0;
}

/* Room for every meter's descriptors (two listeners, connections). */
static void raise_fd_limit(unsigned meters)
{
    struct rlimit rl;
    rlim_t want = (rlim_t)meters * 8u + 64u;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
        rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* Multi-drop lines: meters 32b..32b+31 on line b (TCP port --bus-port+b;
 * the serial line is line 0). */
static int start_buses(const options_t *o)
{
    unsigned b, k;
    cosem_status_t rc = COSEM_OK;
    g_bus_count = (o->meters + METER_BUS_MAX - 1u) / METER_BUS_MAX;
    g_buses = calloc(g_bus_count, sizeof *g_buses);
    g_bus_ports = calloc(g_bus_count, sizeof *g_bus_ports);
    if (g_buses == NULL || g_bus_ports == NULL) {
        return -1;
    }
    for (b = 0; b < g_bus_count && rc == COSEM_OK; b++) {
        long port = port_plus(o->bus_port, b);
        meter_bus_init(&g_buses[b], &g_loop);
        for (k = b * METER_BUS_MAX; k < o->meters && k < (b + 1u) * METER_BUS_MAX && rc == COSEM_OK; k++) {
            rc = meter_bus_attach(&g_buses[b], &g_sites[k].glue);
        }
        if (rc == COSEM_OK && port > 65535) {
            rc = COSEM_E_RANGE;
        }
        if (rc == COSEM_OK && port >= 0) {
            rc = meter_bus_listen(&g_buses[b], o->listen, (uint16_t)port, &g_bus_ports[b]);
        }
        if (rc == COSEM_OK && b == 0u && o->serial != NULL) {
            cosem_posix_serial_opts_t so = {o->baud, false};
            rc = meter_bus_serial(&g_buses[b], o->serial, &so);
        }
    }
    if (rc != COSEM_OK) {
        fprintf(stderr, "meter_server: cannot open the bus lines: %s\n", cosem_status_str(rc));
        return -1;
    }
    return 0;
}

/* Prepares every meter: state, glue, links. */
static int start_all(const options_t *o)
{
    unsigned k;
    g_sites = calloc(o->meters, sizeof *g_sites);
    if (g_sites == NULL) {
        return -1;
    }
    raise_fd_limit(o->meters);
    for (k = 0; k < o->meters; k++) {
        site_t *st = &g_sites[k];
        st->m = o->meters == 1u ? &g_meter : calloc(1, sizeof(meter_t));
        g_site_count = k + 1u;
        if (st->m == NULL || start_meter(o, st, k) != 0 || start_glue(o, st, k) != 0 ||
            start_links(o, st, k) != 0) {
            return -1;
        }
        cosem_posix_port_log_level(&st->m->pp, o->verbose ? COSEM_LOG_INFO : COSEM_LOG_WARN);
    }
    return multidrop(o) ? start_buses(o) : 0;
}

/* "r", "rw", "w" or "-": rights on attribute 2 at one level. */
static const char *rights(const cosem_object_t *obj, unsigned level)
{
    uint16_t rd = obj->access != NULL ? obj->access[level].read : obj->cls->default_read;
    uint16_t wr = obj->access != NULL ? obj->access[level].write : 0u;
    bool r = (rd & COSEM_ATTR(2)) != 0u, w = (wr & COSEM_ATTR(2)) != 0u;
    return r && w ? "rw" : r ? "r" : w ? "w" : "-";
}

/* --list-objects: the model's table as served, in logical-name order, as
 * a Markdown table (docs/model_*.md include it; a test compares). */
static int list_objects(const options_t *o)
{
    meter_t *m = &g_meter;
    size_t i, n;
    m->model = o->model;
    m->hdlc_addr = hdlc_address(o, 0);
    meter_defaults(m, o->unit_id, o->password != NULL ? o->password : o->model->password);
    meter_port_setup(m);
    if (m->model->init(m) != COSEM_OK) {
        return 2;
    }
    n = cosem_server_object_count(&m->server);
    printf("| Logical name | Class | Description | Level 0 | Level 1 | Level 2 |\n");
    printf("| --- | --- | --- | --- | --- | --- |\n");
    for (i = 0; i < n; i++) {
        const cosem_object_t *obj = cosem_server_object_at(&m->server, i);
        const uint8_t *v = obj->obis;
        uint16_t cls = obj->cls->class_id;
        const char *text = m->model->describe != NULL ? m->model->describe(m, obj, &cls) : NULL;
        bool hidden = obj->access != NULL && (obj->access[0].read | obj->access[1].read |
                                              obj->access[2].read) == 0u;
#if COSEM_WITH_OBIS_NAMES
        if (text == NULL) {
            cosem_obis_t ob;
            memcpy(ob.v, v, 6);
            text = cosem_obis_name(&ob);
        }
#endif
        printf("| %u.%u.%u.%u.%u.%u | %u | %s%s | %s | %s | %s |\n", v[0], v[1], v[2], v[3], v[4],
               v[5], cls, text != NULL ? text : "",
               !hidden ? "" : cls != obj->cls->class_id ? " (not modelled yet: listed, not served)"
                                                        : " (capture object only: not visible)",
               rights(obj, 0), rights(obj, 1), rights(obj, 2));
    }
    return 0;
}

int main(int argc, char **argv)
{
    options_t o;
    cosem_status_t st = COSEM_OK;
    unsigned i;
    parse(&o, argc, argv);
    if (o.list) {
        return list_objects(&o);
    }
    cosem_posix_loop_init(&g_loop);
    if (start_all(&o) != 0) {
        return 2;
    }
    (void)cosem_posix_catch_signals(&g_loop);
    cosem_posix_set_tick(&g_loop, tick, NULL, 100);
    fprintf(stderr, "meter_server: %u %s meter(s) from unit %u, wrapper %s:%u, HDLC over TCP %s:%u%s%s\n",
            o.meters, o.model->name, o.unit_id, o.listen, g_sites[0].wport, o.listen,
            g_sites[0].hport, o.serial != NULL ? ", serial " : "", o.serial != NULL ? o.serial : "");
    write_ready(o.ready_file);
    (void)cosem_posix_run(&g_loop);
    for (i = 0; i < g_site_count; i++) {
        meter_t *m = g_sites[i].m;
        meter_event(m, METER_EV_POWER_DOWN);
        m->lp_status |= COSEM_ION_STATUS_POWER_DOWN;
        if (m->state_path != NULL) {
            cosem_status_t sv = meter_state_save(m, m->state_path);
            if (sv != COSEM_OK) {
                st = sv;
            }
        }
    }
    cosem_posix_loop_free(&g_loop);
    if (st != COSEM_OK) {
        fprintf(stderr, "meter_server: stopped, state NOT saved (%s)\n", cosem_status_str(st));
        return 1;
    }
    fprintf(stderr, "meter_server: stopped%s\n", g_meter.state_path != NULL ? ", state saved" : "");
    return 0;
}
