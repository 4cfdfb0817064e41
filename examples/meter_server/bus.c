/* SPDX-License-Identifier: Apache-2.0 */
/* A multi-drop HDLC line: up to 32 meters on one RS-485 bus (2N MeterCom
 * PRO manual; an ION serial port with several unit ids), reached through
 * one HDLC-over-TCP connection or one serial line.
 *
 * Like the wires of the bus, the line is a shared medium: every byte the
 * client (the bus master) sends reaches every meter, and each meter's HDLC
 * station keeps only the frames addressed to it (its own physical address,
 * or an all-station / broadcast address, which the library's station
 * treats as IEC 62056-46 says: accepted, never answered for DATA). What a
 * meter sends goes onto the line. Each meter is attached by a socket pair:
 * one end adopted by the meter's link glue (cosem_posix_server_adopt(),
 * the same glue as its TCP ports), the other end a tap of the bus here. */
#define _DEFAULT_SOURCE 1

#include <sys/socket.h>
#include <unistd.h>

#include "bus.h"

/* Bytes from the line: to every meter on the bus. */
static void line_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *data, size_t n)
{
    meter_bus_t *b = user;
    unsigned i;
    (void)id;
    for (i = 0; i < b->count; i++) {
        (void)cosem_posix_send(loop, b->taps[i], data, n);
    }
}

/* A client connected to the bus port (the listener admits one). */
static void line_open(void *user, cosem_posix_loop_t *loop, int id)
{
    meter_bus_t *b = user;
    (void)loop;
    b->line = id;
}

/* The client left (or the serial line failed). */
static void line_close(void *user, cosem_posix_loop_t *loop, int id, cosem_status_t why)
{
    meter_bus_t *b = user;
    (void)loop;
    (void)why;
    if (b->line == id) {
        b->line = -1;
    }
}

/* Bytes a meter sent: onto the line. */
static void tap_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *data, size_t n)
{
    meter_bus_t *b = user;
    (void)id;
    if (b->line >= 0) {
        (void)cosem_posix_send(loop, b->line, data, n);
    }
}

void meter_bus_init(meter_bus_t *b, cosem_posix_loop_t *loop)
{
    b->loop = loop;
    b->line = -1;
    b->listener = -1;
    b->count = 0;
}

cosem_status_t meter_bus_attach(meter_bus_t *b, cosem_posix_server_t *glue)
{
    static const cosem_posix_handlers_t none = {NULL, NULL, NULL, NULL};
    cosem_posix_handlers_t h = none;
    int sv[2], id;
    cosem_status_t st;
    if (b->count >= METER_BUS_MAX) {
        return COSEM_E_NOSPACE;
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        return COSEM_E_IO;
    }
    st = cosem_posix_server_adopt(glue, sv[0], &id);
    if (st != COSEM_OK) {
        (void)close(sv[0]);
        (void)close(sv[1]);
        return st;
    }
    h.on_data = tap_data;
    h.user = b;
    st = cosem_posix_add_fd(b->loop, sv[1], &h, &b->taps[b->count]);
    if (st != COSEM_OK) {
        (void)close(sv[1]);
        return st;
    }
    b->count++;
    return COSEM_OK;
}

/* The line's handlers. */
static cosem_posix_handlers_t line_handlers(meter_bus_t *b)
{
    cosem_posix_handlers_t h = {line_open, line_data, line_close, NULL};
    h.user = b;
    return h;
}

cosem_status_t meter_bus_listen(meter_bus_t *b, const char *addr, uint16_t port, uint16_t *bound)
{
    cosem_posix_handlers_t h = line_handlers(b);
    cosem_status_t st = cosem_posix_tcp_listen(b->loop, addr, port, 1, &h, &b->listener);
    *bound = st == COSEM_OK ? cosem_posix_local_port(b->loop, b->listener) : 0;
    return st;
}

cosem_status_t meter_bus_serial(meter_bus_t *b, const char *path, const cosem_posix_serial_opts_t *o)
{
    cosem_posix_handlers_t h = line_handlers(b);
    int id;
    return cosem_posix_serial_open(b->loop, path, o, &h, &id);
}
