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
