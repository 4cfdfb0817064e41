/* SPDX-License-Identifier: Apache-2.0 */
/* Demand register (class 5, version 0): running and last average of a
 * cumulative quantity the application feeds, over a sliding window of
 * number_of_periods sub-periods of period seconds (Blue Book 4.3.4). */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_DEMAND_REGISTER

#include <cosem/metering.h>
#include <cosem/server.h>

#include "metering_internal.h"

/* Whether delta * factor / (n * period) can be computed without overflow
 * for any int64 delta: the remainder product stays below 2^62. */
static bool fits(uint32_t period, uint16_t n, uint32_t factor)
{
    uint64_t den = (uint64_t)period * n;
    return period != 0u && n != 0u && factor != 0u && den <= (UINT64_C(1) << 62) / factor;
}

/* value - start, saturated (64-bit sources may span the whole range). */
static int64_t delta_of(int64_t value, int64_t start)
{
    if (start < 0 && value > INT64_MAX + start) {
        return INT64_MAX;
    }
    if (start > 0 && value < INT64_MIN + start) {
        return INT64_MIN;
    }
    return value - start;
}

/* Average of value - start over the window: delta * factor / (N * P),
 * truncated toward zero, split so that no product overflows (saturated
 * when the quotient itself does not fit). */
static int64_t average(const cosem_demand_register_t *d, int64_t value, int64_t start)
{
    const cosem_demand_state_t *st = d->state;
    int64_t den = (int64_t)st->period * st->number_of_periods;
    int64_t delta = delta_of(value, start);
    int64_t q = delta / den, rem = delta % den, f = (int64_t)d->factor;
    if (q > INT64_MAX / f - 1) {
        return INT64_MAX;
    }
    if (q < INT64_MIN / f + 1) {
        return INT64_MIN;
    }
    return q * f + rem * f / den;
}

/* Ring slot of the oldest sub-period start in the window. */
static uint16_t oldest(const cosem_demand_state_t *st)
{
    return (uint16_t)((st->head_ + st->number_of_periods - (st->filled_ - 1u)) %
                      st->number_of_periods);
}

/* Date-time of instant @p utc in the zone the port reports now. */
static void stamp(struct cosem_server *s, int64_t utc, cosem_datetime_t *out)
{
    cosem_datetime_t now;
    int16_t dev = COSEM_DT_DEVIATION_NS;
    uint8_t status = COSEM_DT_NS;
    if (cosem_port_time_get(cosem_meter_port(s), &now) == COSEM_OK) {
        dev = now.deviation;
        status = now.status;
    }
    if (cosem_datetime_from_utc(out, utc, dev, status) != COSEM_OK) {
        cosem_datetime_clear(out);
    }
}

/* Start a new window at @p utc with the source at @p value. */
static void start_window(struct cosem_server *s, const cosem_demand_register_t *d, int64_t utc,
                         int64_t value)
{
    cosem_demand_state_t *st = d->state;
    st->started_ = true;
    st->head_ = 0;
    st->filled_ = 1;
    st->history[0] = value;
    st->start_utc_ = utc;
    stamp(s, utc, &st->start_time_current);
}

/* Close the current sub-period at @p utc: last average, capture time, and
 * the window slides by one sub-period. */
static void close_period(struct cosem_server *s, const cosem_demand_register_t *d, int64_t utc,
                         int64_t value)
{
    cosem_demand_state_t *st = d->state;
    st->last_average = average(d, value, st->history[oldest(st)]);
    stamp(s, utc, &st->capture_time);
    st->head_ = (uint16_t)((st->head_ + 1u) % st->number_of_periods);
    if (st->filled_ < st->number_of_periods) {
        st->filled_++;
    }
    st->history[st->head_] = value;
    st->start_utc_ = utc;
    st->start_time_current = st->capture_time;
}

/* The port's wall clock as UTC seconds; false when it is not valid. */
static bool now_utc(struct cosem_server *s, int64_t *utc)
{
    cosem_datetime_t now;
    return cosem_port_time_get(cosem_meter_port(s), &now) == COSEM_OK &&
           (now.status == COSEM_DT_NS || (now.status & COSEM_CLOCK_STATUS_INVALID) == 0u) &&
           cosem_datetime_to_utc(&now, utc) == COSEM_OK;
}

/* Periodic work: close sub-periods on multiples of the period. */
static void dem_tick(struct cosem_server *s, const cosem_object_t *obj, int64_t utc)
{
    const cosem_demand_register_t *d = (const cosem_demand_register_t *)obj->data;
    cosem_demand_state_t *st = d->state;
    int64_t value = 0, boundary;
    if (utc < 0 || cosem_vref_get_int(&d->source, &value) != COSEM_OK) {
        return;
    }
    if (!st->started_ || utc < st->start_utc_) {
        if (!st->started_) {
            start_window(s, d, utc, value);
        } else {
            st->start_utc_ = utc; /* clock set back: the sub-period restarts */
        }
        return;
    }
    boundary = (st->start_utc_ / st->period + 1) * st->period;
    if (utc < boundary) {
        return;
    }
    close_period(s, d, boundary, value);
    if (utc - boundary >= (int64_t)st->period) {
        /* Periods were missed (time jumped): restart on the last boundary. */
        start_window(s, d, utc - utc % st->period, value);
    }
}

/* Running demand (2): the window so far over the whole window length. */
static cosem_dar_t write_current(const cosem_demand_register_t *d, cosem_axdr_writer_t *w)
{
    const cosem_demand_state_t *st = d->state;
    int64_t value = 0, avg = 0;
    if (st->started_) {
        if (cosem_vref_get_int(&d->source, &value) != COSEM_OK) {
            return COSEM_DAR_OTHER_REASON;
        }
        avg = average(d, value, st->history[oldest(st)]);
    }
    cosem_axdr_write_int(w, d->value_type, avg);
    return cosem_meter_dar(w);
}

/* A time stamp of the state; a zeroed state (month 0, never stamped)
 * reads as "not specified". */
static void write_stamp(cosem_axdr_writer_t *w, const cosem_datetime_t *dt)
{
    cosem_datetime_t ns;
    if (dt->month == 0u) {
        cosem_datetime_clear(&ns);
        dt = &ns;
    }
    cosem_axdr_write_datetime_os(w, dt);
}

/* GET attributes 2..9. */
static cosem_dar_t dem_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_demand_register_t *d = (const cosem_demand_register_t *)r->obj->data;
    const cosem_demand_state_t *st = d->state;
    switch (r->id) {
    case 2: return write_current(d, w);
    case 3: cosem_axdr_write_int(w, d->value_type, st->last_average); break;
    case 4: cosem_meter_write_scaler_unit(w, d->scaler, d->unit); break;
    case 5: cosem_vref_write(w, &d->status); break;
    case 6: write_stamp(w, &st->capture_time); break;
    case 7: write_stamp(w, &st->start_time_current); break;
    case 8: cosem_axdr_write_u32(w, st->period); break;
    case 9: cosem_axdr_write_u16(w, st->number_of_periods); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_meter_dar(w);
}

/* Restart the window now (after a change of period or number_of_periods,
 * or a reset); without a valid clock the next tick starts it. */
static void restart(struct cosem_server *s, const cosem_demand_register_t *d)
{
    int64_t utc = 0, value = 0;
    d->state->started_ = false;
    if (now_utc(s, &utc) && cosem_vref_get_int(&d->source, &value) == COSEM_OK) {
        start_window(s, d, utc, value);
    }
}

/* SET period (8) or number_of_periods (9): checked, then the window restarts. */
static cosem_dar_t set_period(cosem_req_t *r, const cosem_demand_register_t *d,
                              cosem_axdr_reader_t *v)
{
    cosem_demand_state_t *st = d->state;
    uint32_t period = st->period;
    uint16_t n = st->number_of_periods;
    if (r->id == 8 ? cosem_axdr_read_u32(v, &period) != COSEM_OK
                   : cosem_axdr_read_u16(v, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (n > st->history_cap || !fits(period, n, d->factor)) {
        return COSEM_DAR_OTHER_REASON;
    }
    st->period = period;
    st->number_of_periods = n;
    restart(r->server, d);
    return COSEM_DAR_SUCCESS;
}

/* SET: status (5) when the application gave one, period (8) and
 * number_of_periods (9); the rest is computed or constant. */
static cosem_dar_t dem_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_demand_register_t *d = (const cosem_demand_register_t *)r->obj->data;
    if (r->id == 5 && d->status.type != COSEM_AXDR_NULL_DATA) {
        return cosem_vref_read(v, &d->status);
    }
    if (r->id == 8 || r->id == 9) {
        return set_period(r, d, v);
    }
    return r->id >= 2 && r->id <= 7 ? COSEM_DAR_READ_WRITE_DENIED : COSEM_DAR_OBJECT_UNDEFINED;
}

/* reset (1): averages 0, times now, new window; next_period (2): close the
 * current sub-period now. */
static cosem_dar_t dem_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                              cosem_axdr_writer_t *ret)
{
    const cosem_demand_register_t *d = (const cosem_demand_register_t *)r->obj->data;
    cosem_demand_state_t *st = d->state;
    int64_t utc = 0, value = 0;
    cosem_dar_t dar = cosem_meter_reset_param(params);
    (void)ret;
    if (r->id != 1 && r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    if (r->id == 2) {
        if (!st->started_) {
            restart(r->server, d); /* nothing to close yet: start the window */
            return COSEM_DAR_SUCCESS;
        }
        if (!now_utc(r->server, &utc) || cosem_vref_get_int(&d->source, &value) != COSEM_OK) {
            return COSEM_DAR_TEMPORARY_FAILURE;
        }
        close_period(r->server, d, utc, value);
        return COSEM_DAR_SUCCESS;
    }
    st->last_average = 0;
    restart(r->server, d);
    if (!st->started_) {
        (void)cosem_port_time_get(cosem_meter_port(r->server), &st->start_time_current);
    }
    st->capture_time = st->start_time_current;
    return COSEM_DAR_SUCCESS;
}

/* Description, state and history present; configuration consistent. */
static cosem_status_t dem_check(const cosem_object_t *obj)
{
    const cosem_demand_register_t *d = (const cosem_demand_register_t *)obj->data;
    const cosem_demand_state_t *st;
    if (d == NULL || d->state == NULL || d->source.p == NULL ||
        cosem_vref_get_int(&d->source, &(int64_t){0}) != COSEM_OK ||
        !cosem_axdr_is_integer(d->value_type) || cosem_meter_check_vref(&d->status, true) != COSEM_OK) {
        return COSEM_E_ARG;
    }
    st = d->state;
    if (st->history == NULL || st->history_cap == 0u || st->number_of_periods > st->history_cap ||
        !fits(st->period, st->number_of_periods, d->factor)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_demand_register = {
    5, 0, 9, 2,
    (uint16_t)0x1FFu, /* attributes 1..9 */
    0, 0,
    dem_get, dem_set, dem_action, dem_tick, dem_check
};

#else
typedef int cosem_demand_register_empty_t;
#endif
