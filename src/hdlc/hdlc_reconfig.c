/* SPDX-License-Identifier: Apache-2.0 */
/* Live configuration of a station: the parameters offered at the next
 * SNRM, the time-outs and the own address, changed in the station's own
 * configuration (what interface class 23 reads and writes). */
#include <cosem/config.h>

#if COSEM_WITH_HDLC

#include "hdlc/hdlc_internal.h"

/* The station's configuration as it stands. */
const cosem_hdlc_config_t *cosem_hdlc_config(const cosem_hdlc_t *h)
{
    return &h->cfg;
}

/* New parameters within the standard's ranges and the init-time buffers. */
cosem_status_t cosem_hdlc_set_params(cosem_hdlc_t *h, const cosem_hdlc_params_t *p)
{
    size_t cap;
    if (h == NULL || p == NULL) {
        return COSEM_E_ARG;
    }
    cap = h->tx_frame_cap - COSEM_HDLC_FRAME_OVERHEAD;
    if (p->max_info_tx < COSEM_HDLC_MIN_INFO || p->max_info_tx > COSEM_HDLC_MAX_INFO ||
        p->max_info_rx < COSEM_HDLC_MIN_INFO || p->max_info_rx > COSEM_HDLC_MAX_INFO ||
        p->max_info_tx > cap || p->max_info_rx > cap || p->window_tx < 1u ||
        p->window_rx < 1u || p->window_tx > COSEM_HDLC_MAX_WINDOW ||
        p->window_rx > COSEM_HDLC_MAX_WINDOW) {
        return COSEM_E_RANGE;
    }
    h->cfg.params = *p;
    return COSEM_OK;
}

/* Time-outs, effective from the next feed/poll. */
cosem_status_t cosem_hdlc_set_timeouts(cosem_hdlc_t *h, uint32_t inactivity_ms,
                                       uint32_t inter_frame_ms)
{
    if (h == NULL) {
        return COSEM_E_ARG;
    }
    h->cfg.inactivity_timeout_ms = inactivity_ms;
    h->cfg.inter_frame_timeout_ms = inter_frame_ms;
    return COSEM_OK;
}

/* The address part class 23 calls device_address. */
static uint16_t addr_value(const cosem_hdlc_addr_t *a)
{
    return a->len == 1u ? a->upper : a->lower;
}

/* New own address value: usable station addresses only (0x10 up to the
 * last below "calling" for the physical address, 0x01.. for a one-octet
 * address), now when no link is up, else when it goes down. */
cosem_status_t cosem_hdlc_set_address(cosem_hdlc_t *h, uint16_t value)
{
    cosem_hdlc_addr_t a;
    uint16_t top;
    if (h == NULL || h->cfg.role != COSEM_HDLC_SECONDARY) {
        return COSEM_E_ARG;
    }
    a = h->state == COSEM_HDLC_DISCONNECTED || h->next_local.len == 0u ? h->cfg.local
                                                                       : h->next_local;
    top = (uint16_t)(a.len == 4u ? 0x3FFDu : 0x7Du);
    if (value > top || value < (a.len == 1u ? 0x01u : 0x10u)) {
        return COSEM_E_RANGE;
    }
    if (a.len == 1u) {
        a.upper = value;
    } else {
        a.lower = value;
    }
    if (h->state == COSEM_HDLC_DISCONNECTED) {
        h->cfg.local = a;
        h->next_local.len = 0;
    } else {
        h->next_local = a;
    }
    return COSEM_OK;
}

/* Own address value, a pending change included. */
uint16_t cosem_hdlc_address(const cosem_hdlc_t *h)
{
    return addr_value(h->next_local.len != 0u ? &h->next_local : &h->cfg.local);
}

#else
typedef int cosem_hdlc_reconfig_empty_t;
#endif /* COSEM_WITH_HDLC */
