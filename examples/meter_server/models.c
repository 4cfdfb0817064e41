/* SPDX-License-Identifier: Apache-2.0 */
/* What every model shares: the list of models and the server settings
 * that do not depend on the object table. */
#include <string.h>

#include "meter.h"

static const meter_model_t *const g_models[] = {&meter_model_demo, &meter_model_ion,
                                                  &meter_model_metercom};

const meter_model_t *meter_model_find(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof g_models / sizeof g_models[0]; i++) {
        if (strcmp(g_models[i]->name, name) == 0) {
            return g_models[i];
        }
    }
    return NULL;
}

/* Association events: failed logins go to the event log once per window
 * (the library coalesces them: a guessing client can neither wipe the log
 * nor force a state write per guess). */
static void server_event(void *user, const cosem_server_event_t *ev)
{
    meter_t *m = user;
    if (ev->type == COSEM_SERVER_AUTH_FAILED) {
        meter_event(m, METER_EV_AUTH_FAIL);
        cosem_port_log(&m->port, COSEM_LOG_WARN, "association refused: wrong password");
    } else if (ev->type == COSEM_SERVER_LOCKED_OUT) {
        cosem_port_log(&m->port, COSEM_LOG_WARN, "too many failed logins: association locked");
    } else if (ev->type == COSEM_SERVER_ASSOCIATED) {
        cosem_port_log(&m->port, COSEM_LOG_INFO, "associated");
    } else if (ev->type == COSEM_SERVER_RELEASED) {
        cosem_port_log(&m->port, COSEM_LOG_INFO, "released");
    }
}

void meter_server_config(meter_t *m, cosem_server_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->port = &m->port;
    cfg->max_pdu = m->max_pdu != 0u ? m->max_pdu : METER_MAX_PDU;
    cfg->event = server_event;
    cfg->auth_lockout_ms = m->auth_lockout_ms;
    cfg->user = m;
}

/* The configuration station never sends. */
static cosem_status_t station_send(void *user, const uint8_t *frame, size_t len)
{
    (void)user;
    (void)frame;
    (void)len;
    return COSEM_E_IO;
}

cosem_status_t meter_hdlc_station_init(meter_t *m, cosem_hdlc_t *station, uint8_t *buf,
                                       size_t len, size_t max_msdu)
{
    cosem_hdlc_config_t hc;
    memset(&hc, 0, sizeof hc);
    hc.role = COSEM_HDLC_SECONDARY;
    hc.local = m->hdlc_addr;
    hc.params.max_info_tx = COSEM_HDLC_DEFAULT_INFO;
    hc.params.max_info_rx = COSEM_HDLC_DEFAULT_INFO;
    hc.params.window_tx = 1;
    hc.params.window_rx = 1;
    hc.inactivity_timeout_ms = m->hdlc_inactivity_ms;
    hc.inter_frame_timeout_ms = m->hdlc_inter_frame_ms;
    hc.max_msdu = max_msdu;
    hc.send.fn = station_send;
    m->hdlc_station = station;
    return cosem_hdlc_init(station, &hc, buf, len);
}

void meter_control_start(meter_t *m, uint8_t mode, const cosem_activity_calendar_state_t *cal,
                         const uint8_t *active, size_t active_len, const uint8_t *passive,
                         size_t passive_len)
{
    if (!m->restored) {
        m->breaker.control_state = m->relay ? COSEM_DISCONNECT_CONNECTED
                                            : COSEM_DISCONNECT_DISCONNECTED;
        m->breaker.control_mode = mode;
        m->calendar = *cal;
        memcpy(m->calendar_active, active, active_len);
        memcpy(m->calendar_passive, passive, passive_len);
    }
    /* the switch bookkeeping starts over: the first tick sets the tariff in force */
    m->calendar.synced_ = false;
    m->calendar.done_ = 0;
}

bool meter_control_valid(meter_t *m)
{
    cosem_activity_calendar_t c = {&m->calendar, m->calendar_active, m->calendar_passive,
                                   (uint16_t)sizeof m->calendar_active, NULL, NULL};
    cosem_object_t o;
    memset(&o, 0, sizeof o);
    o.cls = &cosem_class_activity_calendar;
    o.data = &c;
    return m->breaker.control_state <= COSEM_DISCONNECT_READY_FOR_RECONNECTION &&
           m->breaker.control_mode <= 6u &&
           m->relay == (m->breaker.control_state == COSEM_DISCONNECT_CONNECTED) &&
           cosem_class_activity_calendar.check(&o) == COSEM_OK;
}

cosem_dar_t meter_switch_param(const cosem_req_t *r, cosem_axdr_reader_t *params, bool *on)
{
    *on = false;
    if (r->id != 1) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_read_bool(params, on) == COSEM_OK ? COSEM_DAR_SUCCESS
                                                         : COSEM_DAR_TYPE_UNMATCHED;
}
