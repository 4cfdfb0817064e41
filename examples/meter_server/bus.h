/* SPDX-License-Identifier: Apache-2.0 */
/* A multi-drop HDLC line shared by up to 32 meters (bus.c). */
#ifndef METER_BUS_H
#define METER_BUS_H

#include "cosem_posix.h"

/* Meters on one RS-485 bus (unit loads of the standard RS-485 driver). */
#define METER_BUS_MAX 32u

typedef struct meter_bus {
    cosem_posix_loop_t *loop;
    int line;                     /* the master's connection or serial line; -1: none */
    int listener;                 /* TCP listener of the line; -1: none */
    int taps[METER_BUS_MAX];      /* loop ids of the meters' socket pair ends */
    unsigned count;               /* meters attached */
} meter_bus_t;

/* An empty bus on loop. */
void meter_bus_init(meter_bus_t *b, cosem_posix_loop_t *loop);
/* Attaches a meter: its glue adopts one end of a socket pair. */
cosem_status_t meter_bus_attach(meter_bus_t *b, cosem_posix_server_t *glue);
/* The line as HDLC over TCP: one client at a time, others refused. */
cosem_status_t meter_bus_listen(meter_bus_t *b, const char *addr, uint16_t port, uint16_t *bound);
/* The line as a serial port. */
cosem_status_t meter_bus_serial(meter_bus_t *b, const char *path, const cosem_posix_serial_opts_t *o);

#endif
