/* SPDX-License-Identifier: Apache-2.0 */
/* POSIX port: blocking client. One cosem_client_t on one endpoint of a
 * cosem_posix_loop_t (TCP for the wrapper or HDLC, a serial line for HDLC);
 * every call starts an operation of the non-blocking session and runs the
 * loop until it completes. This is the lwIP "sequential API" idea: the
 * blocking layer sits in the port, the core stays event driven. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <string.h>

#include "cosem_posix.h"

/* Default response time-out of a blocking session. */
#define PC_DEFAULT_TIMEOUT_MS 5000u
/* Longest single wait of the loop (timers are checked in between). */
#define PC_STEP_MS 20

/* Send callback of the session: trace, then write to the endpoint. */
static cosem_status_t pc_send(void *user, const uint8_t *data, size_t len)
{
    cosem_posix_client_t *pc = (cosem_posix_client_t *)user;
    if (pc->id < 0) {
        return COSEM_E_CLOSED;
    }
    if (pc->opts.trace != NULL) {
        pc->opts.trace(pc->opts.trace_user, true, data, len);
    }
    return cosem_posix_send(pc->loop, pc->id, data, len);
}

/* Received octets go to the session. */
static void pc_on_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *data,
                       size_t n)
{
    cosem_posix_client_t *pc = (cosem_posix_client_t *)user;
    (void)loop;
    (void)id;
    if (pc->opts.trace != NULL) {
        pc->opts.trace(pc->opts.trace_user, false, data, n);
    }
#if COSEM_WITH_MODE_E
    while (pc->opening && n > 0u) {
        const uint8_t *line;
        size_t len, used = cosem_mode_e_line_feed(&pc->line, data, n, &line, &len);
        data += used;
        n -= used;
        if (line != NULL) {
            memcpy(pc->got, line, len);
            pc->got_len = len;
        }
    }
    if (n == 0u) {
        return;
    }
#endif
    (void)cosem_client_feed(&pc->client, data, n, cosem_posix_now_ms());
}

/* The endpoint is gone: the session's running operation ends. */
static void pc_on_close(void *user, cosem_posix_loop_t *loop, int id, cosem_status_t why)
{
    cosem_posix_client_t *pc = (cosem_posix_client_t *)user;
    (void)loop;
    (void)id;
    if (why != COSEM_OK) {
        pc->io_status = why;
    }
    pc->id = -1;
    cosem_client_link_closed(&pc->client, cosem_posix_now_ms());
}

/* Runs the loop until the session's operation completes. A stop request
 * (a caught signal) or a failing poll() closes the endpoint, which ends the
 * operation with COSEM_E_CLOSED. */
static cosem_status_t pc_run(cosem_posix_client_t *pc)
{
    cosem_status_t st;
    while (cosem_client_busy(&pc->client)) {
        if (pc->id < 0) {
            cosem_client_link_closed(&pc->client, cosem_posix_now_ms());
            break;
        }
        st = cosem_posix_step(pc->loop, PC_STEP_MS);
        if (pc->opts.open_deadline_ms != 0 &&
            (int32_t)(cosem_posix_now_ms() - pc->opts.open_deadline_ms) >= 0) {
            st = COSEM_E_TIMEOUT; /* the whole open took too long */
        }
        if (st != COSEM_OK && pc->id >= 0) {
            (void)cosem_posix_close(pc->loop, pc->id);
        }
        (void)cosem_client_poll(&pc->client, cosem_posix_now_ms());
    }
    return cosem_client_error(&pc->client)->status;
}

/* Runs an operation whose start returned st. */
static cosem_status_t pc_finish(cosem_posix_client_t *pc, cosem_status_t st)
{
    return st != COSEM_OK ? st : pc_run(pc);
}

/* Opens the endpoint the options describe. */
static cosem_status_t pc_open_endpoint(cosem_posix_client_t *pc)
{
    cosem_posix_handlers_t h;
    cosem_posix_serial_opts_t so = pc->opts.serial;
    memset(&h, 0, sizeof h);
    h.on_data = pc_on_data;
    h.on_close = pc_on_close;
    h.user = pc;
    if (pc->opts.host != NULL) {
        return cosem_posix_tcp_connect(
            pc->loop, pc->opts.host, pc->opts.port ? pc->opts.port : COSEM_POSIX_DEFAULT_PORT,
            pc->opts.connect_timeout_ms ? pc->opts.connect_timeout_ms : 5000u, &h, &pc->id);
    }
    if (pc->opts.device == NULL) {
        return COSEM_E_ARG;
    }
    if (so.baud == 0) {
        so.baud = 9600;
    }
    return cosem_posix_serial_open(pc->loop, pc->opts.device, &so, &h, &pc->id);
}

#if COSEM_WITH_MODE_E
/* Mode E: sends one line at the current rate. */
static cosem_status_t pc_send_line(cosem_posix_client_t *pc, const uint8_t *d, size_t n)
{
    if (pc->opts.trace != NULL) {
        pc->opts.trace(pc->opts.trace_user, true, d, n);
    }
    return cosem_posix_send(pc->loop, pc->id, d, n);
}

/* Mode E: runs the loop until a line that accept() takes, or wait_ms. */
static bool pc_wait_line(cosem_posix_client_t *pc, uint32_t wait_ms,
                         bool (*accept)(cosem_posix_client_t *pc))
{
    uint32_t start = cosem_posix_now_ms();
    while (pc->id >= 0 && (uint32_t)(cosem_posix_now_ms() - start) < wait_ms) {
        if (cosem_posix_step(pc->loop, PC_STEP_MS) != COSEM_OK) {
            return false;
        }
        if (pc->got_len > 0u) {
            bool ok = accept(pc);
            pc->got_len = 0;
            if (ok) {
                return true;
            }
        }
    }
    return false;
}

/* The identification line (an echo of our own sign-on is skipped). */
static bool pc_is_ident(cosem_posix_client_t *pc)
{
    return cosem_mode_e_parse_ident(pc->got, pc->got_len, &pc->ident) == COSEM_OK;
}

/* The meter's confirmation (the acknowledgement sent back). */
static bool pc_is_confirm(cosem_posix_client_t *pc)
{
    char v, z, y;
    return cosem_mode_e_parse_ack(pc->got, pc->got_len, &v, &z, &y) == COSEM_OK;
}

/* Mode E opening on the serial line just opened: sign-on, identification,
 * acknowledgement, confirmation (optional), switch to 8N1 at the rate. */
static cosem_status_t pc_mode_e(cosem_posix_client_t *pc)
{
    uint8_t line[COSEM_MODE_E_LINE_MAX];
    size_t n;
    char z;
    int fd = pc->loop->ep[pc->id].fd;
    cosem_status_t st = cosem_posix_serial_speed(fd, COSEM_MODE_E_START_BAUD, true);
    n = cosem_mode_e_sign_on(line, sizeof line, pc->opts.mode_e_address);
    if (st != COSEM_OK || n == 0u) {
        return st != COSEM_OK ? st : COSEM_E_ARG;
    }
    cosem_mode_e_line_reset(&pc->line);
    pc->got_len = 0;
    pc->opening = true;
    st = pc_send_line(pc, line, n);
    if (st == COSEM_OK && !pc_wait_line(pc, 3000u, pc_is_ident)) {
        st = pc->id < 0 ? COSEM_E_CLOSED : COSEM_E_TIMEOUT;
    }
    if (st == COSEM_OK && !pc->ident.mode_e) {
        st = COSEM_E_UNSUPPORTED; /* a mode C meter: no HDLC */
    }
    if (st == COSEM_OK) {
        z = pc->ident.baud;
        if (cosem_mode_e_baud(z) == 0u) {
            z = '0';
        }
        if (pc->opts.serial.baud != 0u && cosem_mode_e_baud_char(pc->opts.serial.baud) < z) {
            z = cosem_mode_e_baud_char(pc->opts.serial.baud);
        }
        n = cosem_mode_e_ack(line, sizeof line, z);
        st = pc_send_line(pc, line, n);
        if (st == COSEM_OK) {
            (void)pc_wait_line(pc, 1500u, pc_is_confirm); /* some meters do not confirm */
        }
        if (st == COSEM_OK && pc->id >= 0) {
            st = cosem_posix_serial_speed(fd, (unsigned)cosem_mode_e_baud(z), false);
        }
    }
    pc->opening = false;
    return pc->id < 0 ? COSEM_E_CLOSED : st;
}
#endif

/* The identification of the mode E opening (see cosem_posix.h). */
const cosem_mode_e_ident_t *cosem_posix_client_mode_e_ident(const cosem_posix_client_t *pc)
{
#if COSEM_WITH_MODE_E
    return pc != NULL && pc->opts.mode_e && pc->opts.host == NULL ? &pc->ident : NULL;
#else
    (void)pc;
    return NULL;
#endif
}

/* Opens, prepares and connects a blocking client (see cosem_posix.h). */
cosem_status_t cosem_posix_client_open(cosem_posix_client_t *pc, cosem_posix_loop_t *loop,
                                       const cosem_posix_client_opts_t *opts,
                                       const cosem_client_config_t *cfg, uint8_t *buf,
                                       size_t len)
{
    cosem_client_config_t k;
    cosem_status_t st;
    if (pc == NULL || loop == NULL || opts == NULL || cfg == NULL) {
        return COSEM_E_ARG;
    }
    memset(pc, 0, sizeof *pc);
    pc->loop = loop;
    pc->id = -1;
    pc->opts = *opts;
    k = *cfg;
    k.send.fn = pc_send;
    k.send.user = pc;
    if (k.response_timeout_ms == 0) {
        k.response_timeout_ms = PC_DEFAULT_TIMEOUT_MS;
    }
    st = cosem_client_init(&pc->client, &k, buf, len);
    if (st == COSEM_OK) {
        st = pc_open_endpoint(pc);
    }
    if (st == COSEM_OK && opts->mode_e && opts->host == NULL) {
#if COSEM_WITH_MODE_E
        st = pc_mode_e(pc);
#else
        st = COSEM_E_UNSUPPORTED;
#endif
    }
    if (st == COSEM_OK) {
        st = pc_finish(pc, cosem_client_connect(&pc->client, cosem_posix_now_ms()));
    }
    if (st != COSEM_OK && pc->id >= 0) {
        /* a link that came up before the association was refused is
         * disconnected (HDLC DISC) so the meter frees it at once; the
         * refusal stays the error reported */
        cosem_client_error_t e = *cosem_client_error(&pc->client);
        if (cosem_client_state(&pc->client) != COSEM_CLIENT_DISCONNECTED &&
            !cosem_client_busy(&pc->client)) {
            (void)pc_finish(pc, cosem_client_disconnect(&pc->client, cosem_posix_now_ms()));
        }
        pc->client.err = e;
        if (pc->id >= 0) {
            (void)cosem_posix_close(loop, pc->id);
        }
    }
    pc->opts.open_deadline_ms = 0; /* the deadline is the open's only */
    return st;
}

/* Blocking GET (see cosem_posix.h). */
cosem_status_t cosem_posix_client_get(cosem_posix_client_t *pc, const cosem_attr_ref_t *ref,
                                      const cosem_selection_t *sel, cosem_client_data_fn fn,
                                      void *user)
{
    return pc_finish(pc, cosem_client_get(&pc->client, ref, sel, fn, user, cosem_posix_now_ms()));
}

/* Blocking GET with-list (see cosem_posix.h). */
cosem_status_t cosem_posix_client_get_list(cosem_posix_client_t *pc, const cosem_attr_ref_t *refs,
                                           const cosem_selection_t *sels, size_t n,
                                           cosem_client_data_fn fn, void *user)
{
    return pc_finish(pc, cosem_client_get_list(&pc->client, refs, sels, n, fn, user,
                                               cosem_posix_now_ms()));
}

/* Blocking SET (see cosem_posix.h). */
cosem_status_t cosem_posix_client_set(cosem_posix_client_t *pc, const cosem_attr_ref_t *ref,
                                      const cosem_selection_t *sel, const uint8_t *value,
                                      size_t len)
{
    return pc_finish(pc, cosem_client_set(&pc->client, ref, sel, value, len,
                                          cosem_posix_now_ms()));
}

/* Blocking SET with-list (see cosem_posix.h). */
cosem_status_t cosem_posix_client_set_list(cosem_posix_client_t *pc, const cosem_attr_ref_t *refs,
                                           const cosem_selection_t *sels, size_t n,
                                           const uint8_t *values, size_t values_len,
                                           cosem_client_data_fn fn, void *user)
{
    return pc_finish(pc, cosem_client_set_list(&pc->client, refs, sels, n, values, values_len,
                                               fn, user, cosem_posix_now_ms()));
}

/* Blocking ACTION (see cosem_posix.h). */
cosem_status_t cosem_posix_client_action(cosem_posix_client_t *pc, const cosem_attr_ref_t *ref,
                                         const uint8_t *params, size_t len,
                                         cosem_client_data_fn fn, void *user)
{
    return pc_finish(pc, cosem_client_action(&pc->client, ref, params, len, fn, user,
                                             cosem_posix_now_ms()));
}

#if COSEM_WITH_SN
/* Blocking READ (see cosem_posix.h). */
cosem_status_t cosem_posix_client_read(cosem_posix_client_t *pc, const cosem_sn_spec_t *spec,
                                       cosem_client_data_fn fn, void *user)
{
    return pc_finish(pc, cosem_client_read(&pc->client, spec, fn, user, cosem_posix_now_ms()));
}

/* Blocking WRITE (see cosem_posix.h). */
cosem_status_t cosem_posix_client_write(cosem_posix_client_t *pc, uint16_t name,
                                        const uint8_t *value, size_t len)
{
    return pc_finish(pc, cosem_client_write(&pc->client, name, value, len, cosem_posix_now_ms()));
}
#endif

/* Blocking object list read (see cosem_posix.h). */
cosem_status_t cosem_posix_client_object_list(cosem_posix_client_t *pc,
                                              cosem_client_object_fn fn, void *user)
{
    return pc_finish(pc, cosem_client_object_list(&pc->client, fn, user, cosem_posix_now_ms()));
}

/* Release, disconnect, close (see cosem_posix.h). */
cosem_status_t cosem_posix_client_close(cosem_posix_client_t *pc)
{
    cosem_status_t rst = COSEM_OK;
    if (pc == NULL || pc->loop == NULL) {
        return COSEM_E_ARG;
    }
    if (pc->id >= 0 && cosem_client_state(&pc->client) == COSEM_CLIENT_ASSOCIATED &&
        !cosem_client_busy(&pc->client)) {
        rst = pc_finish(pc, cosem_client_release(&pc->client, cosem_posix_now_ms()));
    }
    if (pc->id >= 0 && cosem_client_state(&pc->client) != COSEM_CLIENT_DISCONNECTED) {
        (void)pc_finish(pc, cosem_client_disconnect(&pc->client, cosem_posix_now_ms()));
    }
    if (pc->id >= 0) {
        (void)cosem_posix_close(pc->loop, pc->id);
    }
    return rst;
}

/* Outcome of the last operation (see cosem_posix.h). */
const cosem_client_error_t *cosem_posix_client_error(const cosem_posix_client_t *pc)
{
    return cosem_client_error(&pc->client);
}

/* The session inside (see cosem_posix.h). */
cosem_client_t *cosem_posix_client_session(cosem_posix_client_t *pc)
{
    return &pc->client;
}
