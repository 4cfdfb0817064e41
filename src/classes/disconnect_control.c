/* SPDX-License-Identifier: Apache-2.0 */
/* Disconnect control (class 70, version 0): the Blue Book state diagram
 * (transitions a..h per control mode) as a table, the relay driven and
 * read back through the port, remote methods and firmware triggers. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_DISCONNECT_CONTROL

#include <cosem/control.h>
#include <cosem/server.h>

#include "control_internal.h"

#define D COSEM_DISCONNECT_DISCONNECTED
#define C COSEM_DISCONNECT_CONNECTED
#define R COSEM_DISCONNECT_READY_FOR_RECONNECTION

/* Bit m: control mode m obeys the row. */
#define MODES_1_6 0x7Eu
#define MODES_2_4 0x14u
#define MODES_1_3_5_6 0x6Au
#define MODES_1_2_5 0x26u
#define MODES_5_6 0x60u

/* One transition of the state diagram. */
typedef struct transition {
    uint8_t trigger;  /* cosem_disconnect_trigger_t */
    uint8_t modes;    /* modes that obey it */
    uint8_t from;
    uint8_t to;
} transition_t;

/* Blue Book 4.5.8, the transitions a..h and the modes that use them. */
static const transition_t transitions[] = {
    {COSEM_DISCONNECT_REMOTE_DISCONNECT, MODES_1_6, C, D},     /* b */
    {COSEM_DISCONNECT_REMOTE_DISCONNECT, MODES_1_6, R, D},     /* c */
    {COSEM_DISCONNECT_REMOTE_RECONNECT, MODES_2_4, D, R},      /* a */
    {COSEM_DISCONNECT_REMOTE_RECONNECT, MODES_1_3_5_6, D, C},  /* d */
    {COSEM_DISCONNECT_MANUAL_DISCONNECT, MODES_1_2_5, C, R},   /* f */
    {COSEM_DISCONNECT_MANUAL_RECONNECT, MODES_1_6, R, C},      /* e */
    {COSEM_DISCONNECT_LOCAL_DISCONNECT, MODES_1_6, C, R},      /* g */
    {COSEM_DISCONNECT_LOCAL_RECONNECT, MODES_5_6, R, C}        /* h */
};

/* The transition a trigger makes from a state in a mode; NULL: none. */
static const transition_t *find_transition(uint8_t mode, uint8_t state, uint8_t trigger)
{
    for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; ++i) {
        const transition_t *t = &transitions[i];
        if (t->trigger == trigger && t->from == state && mode <= 6u &&
            (t->modes & (1u << mode)) != 0u) {
            return t;
        }
    }
    return NULL;
}

/* Command the relay and read it back; on any failure command the previous
 * output again. */
static cosem_status_t drive(const cosem_port_t *p, unsigned relay, bool on, bool prev)
{
    cosem_status_t st = cosem_port_relay_set(p, relay, on);
    if (st == COSEM_OK && p->relay_get != NULL) {
        bool got = false;
        st = cosem_port_relay_get(p, relay, &got);
        if (st == COSEM_OK && got != on) {
            st = COSEM_E_IO;
        }
    }
    if (st != COSEM_OK) {
        (void)cosem_port_relay_set(p, relay, prev);
        return COSEM_E_IO;
    }
    return COSEM_OK;
}

/* Move to state @p to: relay first, then the state, then the event. */
static cosem_status_t enter(cosem_server_t *s, const cosem_object_t *obj, uint8_t to,
                            uint8_t trigger)
{
    const cosem_disconnect_control_t *dc = (const cosem_disconnect_control_t *)obj->data;
    uint8_t from = dc->state->control_state;
    if (drive(cosem_server_port(s), dc->relay, to == C, from == C) != COSEM_OK) {
        return COSEM_E_IO;
    }
    dc->state->control_state = to;
    if (dc->event != NULL && trigger != 0u) {
        dc->event(s, obj, from, to, (cosem_disconnect_trigger_t)trigger);
    }
    return COSEM_OK;
}

/* Apply a trigger (methods and firmware alike). */
cosem_status_t cosem_disconnect_control_signal(cosem_server_t *s, const cosem_object_t *obj,
                                               cosem_disconnect_trigger_t trigger)
{
    const cosem_disconnect_control_t *dc;
    const transition_t *t;
    if (s == NULL || obj == NULL || obj->cls != &cosem_class_disconnect_control ||
        trigger < COSEM_DISCONNECT_REMOTE_DISCONNECT ||
        trigger > COSEM_DISCONNECT_LOCAL_RECONNECT) {
        return COSEM_E_ARG;
    }
    dc = (const cosem_disconnect_control_t *)obj->data;
    t = find_transition(dc->state->control_mode, dc->state->control_state, (uint8_t)trigger);
    if (t == NULL) {
        return COSEM_E_STATE;
    }
    return enter(s, obj, t->to, (uint8_t)trigger);
}

/* GET output_state (2), control_state (3), control_mode (4). */
static cosem_dar_t dc_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_disconnect_control_t *dc = (const cosem_disconnect_control_t *)r->obj->data;
    const cosem_port_t *p = cosem_server_port(r->server);
    bool on = dc->state->control_state == C;
    switch (r->id) {
    case 2:
        if (p->relay_get != NULL && cosem_port_relay_get(p, dc->relay, &on) != COSEM_OK) {
            return COSEM_DAR_HARDWARE_FAULT;
        }
        (void)cosem_axdr_write_bool(w, on);
        break;
    case 3: (void)cosem_axdr_write_enum(w, dc->state->control_state); break;
    case 4: (void)cosem_axdr_write_enum(w, dc->state->control_mode); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* SET control_mode (4); mode 0 (always connected) connects the output. */
static cosem_dar_t dc_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_disconnect_control_t *dc = (const cosem_disconnect_control_t *)r->obj->data;
    uint8_t mode = 0;
    if (r->id == 2 || r->id == 3) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    if (r->id != 4) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (cosem_axdr_read_enum(v, &mode) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (mode > 6u) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (mode == 0u && dc->state->control_state != C &&
        enter(r->server, r->obj, C, 0u) != COSEM_OK) {
        return COSEM_DAR_HARDWARE_FAULT;
    }
    dc->state->control_mode = mode;
    return COSEM_DAR_SUCCESS;
}

/* Methods remote_disconnect (1) and remote_reconnect (2): integer(0). */
static cosem_dar_t dc_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                             cosem_axdr_writer_t *ret)
{
    cosem_dar_t dar;
    cosem_status_t st;
    (void)ret;
    if (r->id != 1 && r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = cosem_ctl_zero_param(params);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    st = cosem_disconnect_control_signal(r->server, r->obj,
                                         r->id == 1 ? COSEM_DISCONNECT_REMOTE_DISCONNECT
                                                    : COSEM_DISCONNECT_REMOTE_RECONNECT);
    if (st == COSEM_E_STATE) {
        return COSEM_DAR_TEMPORARY_FAILURE;
    }
    return st == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_HARDWARE_FAULT;
}

/* State present, mode and state in range. */
static cosem_status_t dc_check(const cosem_object_t *obj)
{
    const cosem_disconnect_control_t *dc = (const cosem_disconnect_control_t *)obj->data;
    if (dc == NULL || dc->state == NULL || dc->state->control_mode > 6u ||
        dc->state->control_state > R) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_disconnect_control = {
    70, 0, 4, 2,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3) | COSEM_ATTR(4)),
    0, 0,
    dc_get, dc_set, dc_action, NULL, dc_check
};

#else
typedef int cosem_disconnect_control_empty_t;
#endif
