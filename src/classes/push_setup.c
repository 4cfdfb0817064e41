/* SPDX-License-Identifier: Apache-2.0 */
/* Push setup (class 40, version 0): the push object list, destination,
 * windows and retry parameters; method push; the push itself runs from the
 * server's tick: random start delay, window, encode, send hook, retries. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_PUSH_SETUP

#include <string.h>

#include <cosem/port.h>
#include <cosem/push.h>

/* Largest transport_service code the Blue Book defines before the
 * manufacturer range (200..255). */
#define PUSH_TRANSPORT_STD_MAX 8u
#define PUSH_TRANSPORT_MFR_MIN 200u

/* ---- destination ------------------------------------------------------ */

/* "host:port": host a host name or dotted IPv4, port 1..65535. */
cosem_status_t cosem_push_parse_destination(const uint8_t *dest, size_t n, char *host,
                                            size_t host_cap, uint16_t *port)
{
    size_t colon = n;
    uint32_t x = 0;
    if (dest == NULL || host == NULL || port == NULL) {
        return COSEM_E_ARG;
    }
    while (colon > 0u && dest[colon - 1u] != ':') {
        --colon;
    }
    if (colon < 2u || colon == n || n - colon > 5u || !cosem_comm_host_ok(dest, colon - 1u)) {
        return COSEM_E_MALFORMED;
    }
    for (size_t i = colon; i < n; ++i) {
        if (dest[i] < '0' || dest[i] > '9') {
            return COSEM_E_MALFORMED;
        }
        x = x * 10u + (uint32_t)(dest[i] - '0');
    }
    if (x == 0u || x > 0xFFFFu) {
        return COSEM_E_MALFORMED;
    }
    if (colon > host_cap) {
        return COSEM_E_NOSPACE;
    }
    memcpy(host, dest, colon - 1u);
    host[colon - 1u] = '\0';
    *port = (uint16_t)x;
    return COSEM_OK;
}

/* ---- attributes ------------------------------------------------------- */

/* Attribute 2: array of capture_object_definition. */
static void push_write_list(cosem_axdr_writer_t *w, const cosem_push_setup_t *d)
{
    cosem_axdr_write_array(w, d->item_count);
    for (size_t i = 0; i < d->item_count; ++i) {
        const cosem_object_t *o = d->items[i].obj;
        cosem_axdr_write_structure(w, 4);
        cosem_axdr_write_u16(w, o->cls->class_id);
        cosem_axdr_write_octet_string(w, o->obis, 6);
        cosem_axdr_write_i8(w, d->items[i].attr);
        cosem_axdr_write_u16(w, 0);
    }
}

/* Attribute 4: array of {start_time, end_time} as octet-string(12). */
static void push_write_windows(cosem_axdr_writer_t *w, const cosem_push_setup_t *d)
{
    cosem_axdr_write_array(w, *d->window_count);
    for (uint8_t i = 0; i < *d->window_count; ++i) {
        cosem_axdr_write_structure(w, 2);
        cosem_axdr_write_datetime_os(w, &d->windows[i].start);
        cosem_axdr_write_datetime_os(w, &d->windows[i].end);
    }
}

/* Attributes 2..7. */
static cosem_dar_t push_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_push_setup_t *d = (const cosem_push_setup_t *)r->obj->data;
    switch (r->id) {
    case 2: push_write_list(w, d); break;
    case 3:
        cosem_axdr_write_structure(w, 3);
        cosem_axdr_write_enum(w, *d->transport);
        cosem_comm_write_string(w, COSEM_AXDR_OCTET_STRING, &d->destination);
        cosem_axdr_write_enum(w, 0);
        break;
    case 4: push_write_windows(w, d); break;
    case 5: cosem_axdr_write_u16(w, *d->randomisation_s); break;
    case 6: cosem_axdr_write_u8(w, *d->retries); break;
    case 7: cosem_axdr_write_u16(w, *d->repetition_delay_s); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* Attribute 3: structure {transport enum, destination, message enum 0}. */
static cosem_dar_t push_set_destination(const cosem_push_setup_t *d, cosem_axdr_reader_t *v)
{
    const uint8_t *p = NULL;
    size_t n = 0, count = 0;
    uint32_t transport = 0, message = 0;
    char host[2];
    uint16_t port = 0;
    cosem_dar_t dar = cosem_axdr_read_structure(v, &count) == COSEM_OK && count == 3u
                          ? cosem_comm_read_uint(v, COSEM_AXDR_ENUM, 0u, 0xFFu, &transport)
                          : COSEM_DAR_TYPE_UNMATCHED;
    if (dar == COSEM_DAR_SUCCESS) {
        dar = cosem_comm_peek_string(v, COSEM_AXDR_OCTET_STRING, d->destination.cap, &p, &n);
    }
    if (dar == COSEM_DAR_SUCCESS) {
        dar = cosem_comm_read_uint(v, COSEM_AXDR_ENUM, 0u, 0xFFu, &message);
    }
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    if (message != 0u ||
        (transport > PUSH_TRANSPORT_STD_MAX && transport < PUSH_TRANSPORT_MFR_MIN) ||
        ((transport == COSEM_PUSH_TCP || transport == COSEM_PUSH_UDP) &&
         cosem_push_parse_destination(p, n, host, sizeof host, &port) == COSEM_E_MALFORMED)) {
        return COSEM_DAR_OTHER_REASON;
    }
    *d->transport = (uint8_t)transport;
    cosem_comm_store_string(&d->destination, p, n);
    return COSEM_DAR_SUCCESS;
}

/* One window element {start, end} as date-times. */
static cosem_dar_t push_read_window(cosem_axdr_reader_t *v, cosem_push_window_t *win)
{
    size_t n = 0;
    if (cosem_axdr_read_structure(v, &n) != COSEM_OK || n != 2u ||
        cosem_axdr_read_datetime(v, &win->start) != COSEM_OK ||
        cosem_axdr_read_datetime(v, &win->end) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return COSEM_DAR_SUCCESS;
}

/* Attribute 4: the whole window list, checked before it replaces the old. */
static cosem_dar_t push_set_windows(const cosem_push_setup_t *d, cosem_axdr_reader_t *v)
{
    cosem_axdr_reader_t probe = *v;
    cosem_push_window_t win;
    size_t n = 0;
    if (cosem_axdr_read_array(&probe, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    for (size_t i = 0; i < n; ++i) {
        if (push_read_window(&probe, &win) != COSEM_DAR_SUCCESS) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
    }
    if (n > d->window_cap) {
        return COSEM_DAR_OTHER_REASON;
    }
    (void)cosem_axdr_read_array(v, &n);
    for (size_t i = 0; i < n; ++i) {
        (void)push_read_window(v, &d->windows[i]);
    }
    *d->window_count = (uint8_t)n;
    return COSEM_DAR_SUCCESS;
}

/* SET of attributes 3..7 (the object list is the application's table). */
static cosem_dar_t push_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_push_setup_t *d = (const cosem_push_setup_t *)r->obj->data;
    uint32_t x = 0;
    cosem_dar_t dar;
    switch (r->id) {
    case 2: return COSEM_DAR_READ_WRITE_DENIED;
    case 3: return push_set_destination(d, v);
    case 4: return push_set_windows(d, v);
    case 5: case 7:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_LONG_UNSIGNED, 0u, 0xFFFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) {
            *(r->id == 5 ? d->randomisation_s : d->repetition_delay_s) = (uint16_t)x;
        }
        return dar;
    case 6:
        dar = cosem_comm_read_uint(v, COSEM_AXDR_UNSIGNED, 0u, 0xFFu, &x);
        if (dar == COSEM_DAR_SUCCESS) {
            *d->retries = (uint8_t)x;
        }
        return dar;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
}

/* ---- the push --------------------------------------------------------- */

/* Random start delay 0..randomisation_start_interval (0 without random). */
static uint16_t push_random_delay(const cosem_server_t *s, uint16_t max)
{
    uint8_t b[2] = {0, 0};
    if (max == 0u || cosem_port_random(cosem_server_port(s), b, sizeof b) != COSEM_OK) {
        return 0;
    }
    return (uint16_t)(((uint32_t)b[0] << 8 | b[1]) % ((uint32_t)max + 1u));
}

/* Start a push: schedules, events and method 1. */
cosem_status_t cosem_push_trigger(cosem_server_t *s, const cosem_object_t *obj)
{
    const cosem_push_setup_t *d;
    if (s == NULL || obj == NULL || obj->cls != &cosem_class_push_setup) {
        return COSEM_E_ARG;
    }
    d = (const cosem_push_setup_t *)obj->data;
    if (d->state->phase != COSEM_PUSH_IDLE) {
        return COSEM_E_STATE;
    }
    d->state->attempts = 0;
    d->state->wait_s = push_random_delay(s, *d->randomisation_s);
    d->state->phase = COSEM_PUSH_WAITING;
    return COSEM_OK;
}

/* The end of a push, delivered or given up, reported. */
static void push_end(const cosem_object_t *obj, const cosem_push_setup_t *d, cosem_status_t st)
{
    cosem_push_state_t *ps = d->state;
    ps->phase = COSEM_PUSH_IDLE;
    if (st == COSEM_OK) {
        ps->sent++;
    } else {
        ps->failed++;
    }
    if (d->report != NULL) {
        d->report(d->user, obj, st, ps->attempts);
    }
}

/* Room kept before the notification for a block header: tag, control,
 * block number, ack, octet-string length (up to 3 octets). */
#define PUSH_GBT_RESERVE 9u

/* An attempt's final result: delivered, under way, or failed (retry or
 * give up). */
static void push_result(const cosem_object_t *obj, const cosem_push_setup_t *d, cosem_status_t st)
{
    cosem_push_state_t *ps = d->state;
    if (st == COSEM_E_WOULDBLOCK) {
        ps->phase = COSEM_PUSH_SENDING;
        return;
    }
    ps->block = 0;
    if (st == COSEM_OK || ps->attempts > *d->retries) {
        push_end(obj, d, st);
    } else {
        ps->wait_s = *d->repetition_delay_s;
        ps->phase = COSEM_PUSH_WAITING;
    }
}

/* Hands the block that starts at state->off to the hook: its header is
 * written just before its slice (over the tail of the previous block,
 * already delivered). */
static cosem_status_t push_send_block(const cosem_object_t *obj, const cosem_push_setup_t *d)
{
    cosem_push_state_t *ps = d->state;
    uint8_t *data = d->buf + PUSH_GBT_RESERVE + ps->off;
    size_t rest = (size_t)(ps->len - ps->off), slice, nlen, h;
    slice = d->block_size > PUSH_GBT_RESERVE ? d->block_size - PUSH_GBT_RESERVE : 1u;
    slice = slice < rest ? slice : rest;
    nlen = slice < 0x80u ? 1u : slice <= 0xFFu ? 2u : 3u;
    h = 6u + nlen;
    data -= h;
    data[0] = COSEM_APDU_GENERAL_BLOCK_TRANSFER;
    data[1] = slice == rest ? 0x80u : 0x40u; /* last-block, or streaming */
    data[2] = (uint8_t)(ps->block >> 8);
    data[3] = (uint8_t)ps->block;
    data[4] = 0;
    data[5] = 0;
    if (nlen == 1u) {
        data[6] = (uint8_t)slice;
    } else if (nlen == 2u) {
        data[6] = 0x81u;
        data[7] = (uint8_t)slice;
    } else {
        data[6] = 0x82u;
        data[7] = (uint8_t)(slice >> 8);
        data[8] = (uint8_t)slice;
    }
    ps->slice = (uint16_t)slice;
    return d->send(d->user, obj, *d->transport, d->destination.buf, *d->destination.len, data,
                   h + slice);
}

/* Sends blocks while the hook delivers them at once, then the result. */
static void push_blocks(const cosem_object_t *obj, const cosem_push_setup_t *d)
{
    cosem_push_state_t *ps = d->state;
    cosem_status_t st = push_send_block(obj, d);
    while (st == COSEM_OK && ps->off + ps->slice < ps->len) {
        ps->off = (uint16_t)(ps->off + ps->slice);
        ps->block++;
        st = push_send_block(obj, d);
    }
    push_result(obj, d, st);
}

/* A send under way ended: the next block, or the attempt's result. */
static void push_continue(const cosem_object_t *obj, const cosem_push_setup_t *d,
                          cosem_status_t st)
{
    cosem_push_state_t *ps = d->state;
    if (st == COSEM_OK && ps->block != 0u && ps->off + ps->slice < ps->len) {
        ps->off = (uint16_t)(ps->off + ps->slice);
        ps->block++;
        push_blocks(obj, d);
        return;
    }
    push_result(obj, d, st);
}

/* The port reports the end of a send that was under way. */
cosem_status_t cosem_push_done(const cosem_object_t *obj, cosem_status_t result)
{
    const cosem_push_setup_t *d;
    if (obj == NULL || obj->cls != &cosem_class_push_setup) {
        return COSEM_E_ARG;
    }
    d = (const cosem_push_setup_t *)obj->data;
    if (d->state->phase != COSEM_PUSH_SENDING) {
        return COSEM_E_STATE;
    }
    push_continue(obj, d, result == COSEM_E_WOULDBLOCK ? COSEM_E_IO : result);
    return COSEM_OK;
}

/* Whether utc is inside a communication window (none: always). */
static bool push_in_window(const cosem_push_setup_t *d, int64_t utc)
{
    if (*d->window_count == 0u) {
        return true;
    }
    for (uint8_t i = 0; i < *d->window_count; ++i) {
        int64_t a = 0, b = 0;
        if (cosem_datetime_to_utc(&d->windows[i].start, &a) != COSEM_OK ||
            cosem_datetime_to_utc(&d->windows[i].end, &b) != COSEM_OK) {
            return true; /* recurring (not-specified fields): open */
        }
        if (utc >= a && utc <= b) {
            return true;
        }
    }
    return false;
}

/* One attempt: the data-notification into the buffer, then the hook
 * (in general-block-transfer blocks when longer than block_size). */
static void push_attempt(cosem_server_t *s, const cosem_object_t *obj,
                         const cosem_push_setup_t *d)
{
    cosem_axdr_writer_t w;
    cosem_datetime_t now;
    cosem_status_t st;
    size_t at = d->block_size != 0u ? PUSH_GBT_RESERVE : 0u, n;
    bool timed = cosem_port_time_get(cosem_server_port(s), &now) == COSEM_OK;
    cosem_push_state_t *ps = d->state;
    ps->attempts++;
    ps->invoke = (ps->invoke + 1u) & 0x00FFFFFFu;
    ps->block = 0;
    cosem_axdr_writer_init(&w, d->buf + at, d->cap > at ? d->cap - at : 0u);
    st = cosem_server_data_notification(s, ps->invoke, timed ? &now : NULL, d->items,
                                        d->item_count, &w);
    n = cosem_axdr_writer_len(&w);
    if (st == COSEM_OK && d->block_size != 0u && n > d->block_size) {
        if (n > 0xFFFFu) {
            push_result(obj, d, COSEM_E_NOSPACE);
            return;
        }
        ps->block = 1;
        ps->off = 0;
        ps->len = (uint16_t)n;
        push_blocks(obj, d);
        return;
    }
    if (st == COSEM_OK) {
        st = d->send(d->user, obj, *d->transport, d->destination.buf, *d->destination.len,
                     d->buf + at, n);
    }
    push_result(obj, d, st);
}

/* Once a second: poll a send under way; count the wait down, then
 * attempt inside a window. */
static void push_tick(cosem_server_t *s, const cosem_object_t *obj, int64_t utc)
{
    const cosem_push_setup_t *d = (const cosem_push_setup_t *)obj->data;
    if (d->state->phase == COSEM_PUSH_SENDING && d->poll != NULL) {
        cosem_status_t st = d->poll(d->user, obj);
        if (st != COSEM_E_WOULDBLOCK) {
            push_continue(obj, d, st);
        }
        return;
    }
    if (d->state->phase != COSEM_PUSH_WAITING) {
        return;
    }
    if (d->state->wait_s != 0u) {
        d->state->wait_s--;
        return;
    }
    if (utc < 0 ? *d->window_count == 0u : push_in_window(d, utc)) {
        push_attempt(s, obj, d);
    }
}

/* Method 1 push (integer 0): starts a push, carried out by the tick. */
static cosem_dar_t push_action(cosem_req_t *r, cosem_axdr_reader_t *p, cosem_axdr_writer_t *ret)
{
    (void)ret;
    if (r->id != 1) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (cosem_comm_read_zero(p) != COSEM_DAR_SUCCESS) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return cosem_push_trigger(r->server, r->obj) == COSEM_OK ? COSEM_DAR_SUCCESS
                                                             : COSEM_DAR_TEMPORARY_FAILURE;
}

/* Variables, state, buffer and hook required; the list's objects present. */
static cosem_status_t push_check(const cosem_object_t *obj)
{
    const cosem_push_setup_t *d = (const cosem_push_setup_t *)obj->data;
    if (d == NULL || (d->items == NULL && d->item_count != 0u) || d->transport == NULL ||
        !cosem_comm_string_ok(&d->destination) || d->window_count == NULL ||
        (d->windows == NULL && d->window_cap != 0u) || *d->window_count > d->window_cap ||
        d->randomisation_s == NULL || d->retries == NULL || d->repetition_delay_s == NULL ||
        d->state == NULL || d->buf == NULL || d->send == NULL) {
        return COSEM_E_ARG;
    }
    for (size_t i = 0; i < d->item_count; ++i) {
        if (d->items[i].obj == NULL) {
            return COSEM_E_ARG;
        }
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_push_setup = {
    40u, 0u, 7u, 1u,
    (uint16_t)0x007Fu,
    0u, 0u,
    push_get, push_set, push_action, push_tick, push_check,
};

#else
typedef int cosem_push_setup_empty_t;
#endif
