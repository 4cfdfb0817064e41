/* SPDX-License-Identifier: Apache-2.0 */
/* A complete DLMS/COSEM meter: logical device name, current association
 * (Association LN), clock and one energy register, served over the wrapper
 * and HDLC on TCP by the POSIX port. Public client (SAP 0x10), no password.
 *   minimal_server [ADDRESS [WRAPPER_PORT [HDLC_PORT]]]  (127.0.0.1 4059 4061; 0: any free port)
 *   cosem read 1.0.1.8.0.255 --tcp 127.0.0.1           (or --tcp 127.0.0.1:4061 --hdlc) */
#include <stdio.h>
#include <stdlib.h>

#include <cosem/cosem.h>
#include <cosem_posix.h>

#define MAX_PDU 1024
#define SLOTS 4 /* simultaneous connections */

static uint32_t energy_wh = 1234567; /* your metering engine updates it */
static char ldn[16] = "LCM0000000000001";
static cosem_clock_state_t clock_state; /* time zone 0, no DST */

static const cosem_access_t read_only[COSEM_MAX_ACCESS_LEVELS] = {{COSEM_ALL, 0, 0}};
static const cosem_vref_t ldn_value = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, ldn, NULL, 16);
static const cosem_association_ln_t current = {NULL, COSEM_HDLC_MANAGEMENT_LD, NULL};
static const cosem_clock_t meter_clock = {&clock_state, NULL, COSEM_CLOCK_BASE_CRYSTAL, 0, NULL};
static const cosem_register_t energy = {
    COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy_wh), 0, COSEM_UNIT_WH};
static const cosem_object_t objects[] = { /* sorted by logical name */
    {{0, 0, 1, 0, 0, 255}, &cosem_class_clock, &meter_clock, NULL, read_only, NULL},
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &current, NULL, read_only, NULL},
    {{0, 0, 42, 0, 0, 255}, &cosem_class_data, &ldn_value, NULL, read_only, NULL},
    {{1, 0, 1, 8, 0, 255}, &cosem_class_register, &energy, NULL, read_only, NULL}};
static const cosem_assoc_config_t assocs[] = { /* public client, level 0 of read_only */
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_BLOCK_TRANSFER_GET, NULL, NULL, false,
     NULL}};

static cosem_posix_port_t posix_port;
static cosem_port_t port;
static cosem_server_t server;
static cosem_posix_loop_t loop;
static cosem_posix_server_t glue;
static cosem_posix_server_conn_t slots[SLOTS];
static uint8_t slot_mem[SLOTS * COSEM_POSIX_SERVER_SLOT_SIZE(MAX_PDU, COSEM_HDLC_DEFAULT_INFO)];

static void tick(void *user, cosem_posix_loop_t *l, uint32_t now_ms)
{
    (void)user, (void)l;
    cosem_posix_server_poll(&glue, now_ms); /* link time-outs */
}

int main(int argc, char **argv)
{
    const char *addr = argc > 1 ? argv[1] : "127.0.0.1";
    int w, h;
    cosem_server_config_t sc = {.objects = objects, .object_count = 4, .assocs = assocs,
                                .assoc_count = 1, .port = &port, .max_pdu = MAX_PDU};
    cosem_posix_server_config_t gc = {
        .server = &server, .max_apdu = MAX_PDU,
        .wport = COSEM_WRAPPER_WPORT_MANAGEMENT,       /* 0: no wrapper */
        .hdlc_addr = {COSEM_HDLC_MANAGEMENT_LD, 0, 1}, /* {0}: no HDLC */
        .inactivity_timeout_ms = 120000, .inter_frame_timeout_ms = 2000};
    cosem_posix_loop_init(&loop);
    if (cosem_posix_port_init(&posix_port, &port, NULL, 0) != COSEM_OK ||
        cosem_server_init(&server, &sc) != COSEM_OK ||
        cosem_posix_server_init(&glue, &gc, &loop, slots, SLOTS, slot_mem,
                                sizeof slot_mem) != COSEM_OK ||
        cosem_posix_server_listen(&glue, COSEM_POSIX_SERVER_WRAPPER, addr,
                                  (uint16_t)atoi(argc > 2 ? argv[2] : "4059"), &w) != COSEM_OK ||
        cosem_posix_server_listen(&glue, COSEM_POSIX_SERVER_HDLC, addr,
                                  (uint16_t)atoi(argc > 3 ? argv[3] : "4061"), &h) != COSEM_OK) {
        return 1; /* a configuration error (logged by the glue) or the port is taken */
    }
    printf("wrapper %u hdlc %u\n", cosem_posix_local_port(&loop, w),
           cosem_posix_local_port(&loop, h));
    fflush(stdout);
    cosem_posix_catch_signals(&loop); /* SIGINT, SIGTERM: cosem_posix_run() returns */
    cosem_posix_set_tick(&loop, tick, NULL, 100);
    cosem_posix_run(&loop);
    cosem_posix_loop_free(&loop);
    return 0;
}
