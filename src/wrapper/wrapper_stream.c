/* SPDX-License-Identifier: Apache-2.0 */
/* Wrapper TCP stream reassembly and sending (IEC 62056-47). Headers are
 * collected octet-wise in the context, APDUs in the caller's receive area;
 * a broken stream is sticky (the connection must be closed), because a
 * byte stream without framing cannot be resynchronised. */
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/wrapper.h>

#include "../config_check.h"
#include "wrapper/wrapper_internal.h"

#if COSEM_WITH_WRAPPER

/* Timer flags in cosem_wrapper_t.timing. */
#define T_FRAME 0x01u /* a frame has started: frame_start_ms is valid */
#define T_IDLE 0x02u  /* the inactivity timer has a start: last_frame_ms is valid */

/* Prepares the context and carves the receive and transmit areas. */
cosem_status_t cosem_wrapper_init(cosem_wrapper_t *w, const cosem_wrapper_config_t *cfg,
                                  uint8_t *buf, size_t len)
{
    if (w == NULL || cfg == NULL || buf == NULL || cfg->event.fn == NULL) {
        return COSEM_E_ARG;
    }
    if (cfg->max_apdu == 0 || cfg->max_apdu > COSEM_WRAPPER_MAX_APDU) {
        return COSEM_E_ARG;
    }
    if (len < COSEM_WRAPPER_BUF_SIZE(cfg->max_apdu)) {
        return COSEM_E_NOSPACE;
    }
    memset(w, 0, sizeof *w);
    w->cfg = *cfg;
    w->rx = buf;
    w->tx = buf + cfg->max_apdu;
    w->err = COSEM_OK;
    return COSEM_OK;
}

/* Drops any partial frame and reopens the stream for a new connection. */
cosem_status_t cosem_wrapper_reset(cosem_wrapper_t *w, uint32_t now_ms)
{
    if (w->busy) {
        return COSEM_E_STATE;
    }
    w->hdr_len = 0;
    w->got = 0;
    w->err = COSEM_OK;
    w->timing = T_IDLE;
    w->last_frame_ms = now_ms;
    return COSEM_OK;
}

/* Marks the stream broken; every later feed gives COSEM_E_CLOSED. */
static cosem_status_t fail(cosem_wrapper_t *w, cosem_status_t err)
{
    w->err = err;
    w->hdr_len = 0;
    w->got = 0;
    w->timing = 0;
    return err;
}

/* Hands the complete frame to the application and readies the next one;
 * only an APDU for us restarts the inactivity timer (an empty or foreign
 * frame is no sign of life: a keep-alive cannot hold the connection). */
static void deliver(cosem_wrapper_t *w, const uint8_t *apdu, uint32_t now_ms)
{
    cosem_wrapper_event_t ev;
    bool ours = !w->cfg.filter_local || w->cur.dst_wport == w->cfg.local_wport;
    ev.type = (ours && w->cur.length > 0) ? COSEM_WRAPPER_EV_APDU : COSEM_WRAPPER_EV_IGNORED;
    ev.src_wport = w->cur.src_wport;
    ev.dst_wport = w->cur.dst_wport;
    ev.apdu = apdu;
    ev.len = w->cur.length;
    w->hdr_len = 0;
    w->got = 0;
    w->timing = (uint8_t)(w->timing & ~T_FRAME);
    if (ev.type == COSEM_WRAPPER_EV_APDU) {
        w->timing |= T_IDLE;
        w->last_frame_ms = now_ms;
    }
    w->busy = 1;
    w->cfg.event.fn(w->cfg.event.user, &ev);
    w->busy = 0;
}

/* Collects header octets; once all 8 are there, checks version and length. */
static cosem_status_t take_header(cosem_wrapper_t *w, const uint8_t **p, size_t *n,
                                  uint32_t now_ms)
{
    size_t k = COSEM_WRAPPER_HEADER_SIZE - w->hdr_len;
    cosem_status_t st;
    if (k > *n) {
        k = *n;
    }
    memcpy(w->hdr + w->hdr_len, *p, k);
    w->hdr_len = (uint8_t)(w->hdr_len + k);
    *p += k;
    *n -= k;
    if (w->hdr_len < COSEM_WRAPPER_HEADER_SIZE) {
        return COSEM_OK;
    }
    st = cosem_wrapper_hdr_get(&w->cur, w->hdr);
    if (st != COSEM_OK) {
        return st;
    }
    if (w->cur.length > w->cfg.max_apdu) {
        return COSEM_E_NOSPACE;
    }
    w->got = 0;
    if (w->cur.length == 0) {
        deliver(w, w->rx, now_ms);
    }
    return COSEM_OK;
}

/* Copies APDU octets into the receive area and delivers a complete APDU. */
static void take_payload(cosem_wrapper_t *w, const uint8_t **p, size_t *n, uint32_t now_ms)
{
    size_t k = (size_t)w->cur.length - w->got;
    if (k > *n) {
        k = *n;
    }
    memcpy(w->rx + w->got, *p, k);
    w->got += k;
    *p += k;
    *n -= k;
    if (w->got == w->cur.length) {
        deliver(w, w->rx, now_ms);
    }
}

/* Consumes a read from the TCP stream: any split, any number of frames. */
cosem_status_t cosem_wrapper_feed(cosem_wrapper_t *w, const uint8_t *bytes, size_t n,
                                  uint32_t now_ms)
{
    if (w->busy) {
        return COSEM_E_STATE;
    }
    if (w->err != COSEM_OK) {
        return COSEM_E_CLOSED;
    }
    if (bytes == NULL && n > 0) {
        return COSEM_E_ARG;
    }
    while (n > 0) {
        if (!(w->timing & T_FRAME)) {
            w->timing |= T_FRAME;
            w->frame_start_ms = now_ms;
        }
        if (w->hdr_len == 0u && n >= COSEM_WRAPPER_HEADER_SIZE) {
            /* A frame starts here: a whole one is delivered where it lies
             * (no copy); of a partial one the header is taken at once. */
            cosem_status_t st = cosem_wrapper_hdr_get(&w->cur, bytes);
            if (st == COSEM_OK && w->cur.length > w->cfg.max_apdu) {
                st = COSEM_E_NOSPACE;
            }
            if (st != COSEM_OK) {
                return fail(w, st);
            }
            bytes += COSEM_WRAPPER_HEADER_SIZE;
            n -= COSEM_WRAPPER_HEADER_SIZE;
            w->got = 0;
            if (n >= w->cur.length) {
                size_t len = w->cur.length;
                deliver(w, bytes, now_ms);
                bytes += len;
                n -= len;
            } else {
                w->hdr_len = COSEM_WRAPPER_HEADER_SIZE;
            }
        } else if (w->hdr_len < COSEM_WRAPPER_HEADER_SIZE) {
            cosem_status_t st = take_header(w, &bytes, &n, now_ms);
            if (st != COSEM_OK) {
                return fail(w, st);
            }
        } else {
            take_payload(w, &bytes, &n, now_ms);
        }
    }
    return COSEM_OK;
}

/* Wrap-safe "at least limit ms have passed since start"; limit 0 = never. */
static bool expired(uint32_t now_ms, uint32_t start, uint32_t limit)
{
    return limit != 0 && (uint32_t)(now_ms - start) >= limit;
}

/* Checks the inactivity and partial-frame timers. */
cosem_status_t cosem_wrapper_poll(cosem_wrapper_t *w, uint32_t now_ms)
{
    if (w->busy) {
        return COSEM_E_STATE;
    }
    if (w->err != COSEM_OK) {
        return COSEM_E_CLOSED;
    }
    if (!(w->timing & T_IDLE)) {
        /* First call since init: the inactivity timer starts now. */
        w->timing |= T_IDLE;
        w->last_frame_ms = now_ms;
    }
    if ((w->timing & T_FRAME) && expired(now_ms, w->frame_start_ms, w->cfg.frame_timeout_ms)) {
        return fail(w, COSEM_E_TIMEOUT);
    }
    if (expired(now_ms, w->last_frame_ms, w->cfg.inactivity_timeout_ms)) {
        return fail(w, COSEM_E_TIMEOUT);
    }
    return COSEM_OK;
}

/* End of stream: fine between frames, truncation inside one. */
cosem_status_t cosem_wrapper_eof(cosem_wrapper_t *w)
{
    bool partial = w->hdr_len > 0;
    if (w->busy) {
        return COSEM_E_STATE;
    }
    if (w->err != COSEM_OK) {
        return COSEM_E_CLOSED;
    }
    (void)fail(w, COSEM_E_CLOSED);
    return partial ? COSEM_E_TRUNCATED : COSEM_OK;
}

/* The sticky error, COSEM_OK while the stream is usable. */
cosem_status_t cosem_wrapper_status(const cosem_wrapper_t *w)
{
    return w->err;
}

/* The APDU part of the transmit area (after the header room). */
uint8_t *cosem_wrapper_tx_buffer(cosem_wrapper_t *w, size_t *cap)
{
    if (cap != NULL) {
        *cap = w->cfg.max_apdu;
    }
    return w->tx + COSEM_WRAPPER_HEADER_SIZE;
}

/* Puts the header before the APDU in the transmit area and sends both. */
cosem_status_t cosem_wrapper_send(cosem_wrapper_t *w, uint16_t src, uint16_t dst,
                                  const uint8_t *apdu, size_t n)
{
    uint8_t *body = w->tx + COSEM_WRAPPER_HEADER_SIZE;
    if (apdu == NULL || n == 0 || w->cfg.send.fn == NULL) {
        return COSEM_E_ARG;
    }
    if (n > w->cfg.max_apdu) {
        return COSEM_E_NOSPACE;
    }
    if (apdu != body) {
        cosem_mem_move(body, apdu, n);
    }
    cosem_wrapper_hdr_put(w->tx, COSEM_WRAPPER_VERSION, src, dst, (uint16_t)n);
    return w->cfg.send.fn(w->cfg.send.user, w->tx, COSEM_WRAPPER_HEADER_SIZE + n);
}

#else
typedef int cosem_wrapper_stream_empty_t;
#endif
