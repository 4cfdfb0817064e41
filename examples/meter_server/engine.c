/* SPDX-License-Identifier: Apache-2.0 */
/* Simulated three-phase metering engine. A household with a daily load
 * curve and rooftop solar: per phase a load, a PV production around noon,
 * the net power imported or exported, voltage, current, power factor and
 * frequency with some noise. Energy integrates into the tariff registers
 * (the tariff the activity calendar selects); every 15 minutes the interval energies
 * are set and the load profile captures; at the turn of a month the billing
 * profile captures. The wall clock is simulated: it can run --speed times
 * faster than real time, and the Clock object sets it. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "meter.h"

#define STEP_MS 60000          /* longest integration step (simulated) */
#define LP_MS ((int64_t)METER_LP_PERIOD * 1000)
#define PI 3.14159265358979323846

/* System wall clock, ms since 1970 UTC. */
static int64_t system_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Simulated UTC seconds. */
int64_t meter_utc(const meter_t *m)
{
    int64_t ms = m->eng.sim_ms;
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

/* The meter whose port state is pp (pp is a member of meter_t). */
static meter_t *meter_of(void *pp)
{
    return (meter_t *)(void *)((char *)pp - offsetof(meter_t, pp));
}

/* ---- port: the simulated wall clock ----------------------------------- */

/* port.time_get: the simulated instant as UTC (the Clock object applies
 * its time zone and DST rules). */
static cosem_status_t sim_time_get(void *user, cosem_datetime_t *now)
{
    meter_t *m = meter_of(user);
    cosem_status_t st = cosem_datetime_from_utc(now, meter_utc(m), 0, 0);
    now->hundredths = (uint8_t)(((m->eng.sim_ms % 1000) + 1000) % 1000 / 10);
    return st;
}

/* port.time_set: the Clock object sets the simulated time; the event log
 * gets the old and new time, the interval its "time changed" bit. */
static cosem_status_t sim_time_set(void *user, const cosem_datetime_t *now)
{
    meter_t *m = meter_of(user);
    cosem_datetime_t dt = *now;
    int64_t utc;
    if (dt.deviation == COSEM_DT_DEVIATION_NS) {
        dt.deviation = m->clock_state.time_zone;
    }
    if (cosem_datetime_to_utc(&dt, &utc) != COSEM_OK) {
        return COSEM_E_RANGE;
    }
    meter_event(m, METER_EV_CLOCK_OLD);
    m->eng.sim_ms = utc * 1000 + (dt.hundredths <= 99u ? dt.hundredths * 10 : 0);
    m->eng.offset_ms = m->eng.sim_ms - system_ms();
    m->lp_status |= COSEM_ION_STATUS_TIME_CHANGED;
    meter_event(m, METER_EV_CLOCK_NEW);
    return COSEM_OK;
}

/* Fills m->port: the POSIX port (monotonic clock, random, relays, log)
 * with the wall clock replaced by the simulated one. */
void meter_port_setup(meter_t *m)
{
    /* With a state file, the invocation counters (nv_store) persist next to it. */
    (void)cosem_posix_port_init(&m->pp, &m->port, m->nv_path[0] != '\0' ? m->nv_path : NULL, 1);
    m->port.time_get = sim_time_get;
    m->port.time_set = sim_time_set;
    (void)cosem_port_relay_set(&m->port, 0, m->relay);
}

/* ---- the model ---------------------------------------------------------- */

/* Uniform noise in [-1, 1) from a xorshift64 generator. */
static double noise(meter_t *m)
{
    uint64_t x = m->eng.rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    m->eng.rng = x;
    return (double)(x >> 11) / 4503599627370496.0 - 1.0;
}

/* Household load of one phase at local hour h (W). */
static double load_w(meter_t *m, double h, int phase)
{
    double w = 150.0 + 40.0 * phase;
    w += 900.0 * exp(-(h - 7.5) * (h - 7.5) / 1.5);   /* breakfast */
    w += 1400.0 * exp(-(h - 19.5) * (h - 19.5) / 3.0); /* evening */
    return w * (1.0 + 0.15 * noise(m));
}

/* Solar production of one phase at local hour h (W). */
static double pv_w(meter_t *m, double h)
{
    if (h <= 6.0 || h >= 20.0) {
        return 0.0;
    }
    return 1100.0 * sin(PI * (h - 6.0) / 14.0) * (0.85 + 0.15 * noise(m));
}

/* Local time of the simulated instant (the Clock's zone and DST). */
static cosem_datetime_t local_time(const meter_t *m)
{
    cosem_datetime_t dt;
    if (cosem_clock_local(&m->clock_state, meter_utc(m), 0, &dt) != COSEM_OK) {
        (void)cosem_datetime_from_utc(&dt, meter_utc(m), 0, 0);
    }
    return dt;
}

/* Local hour of day (fractional) of the simulated time. */
static double local_hour(const meter_t *m)
{
    cosem_datetime_t dt = local_time(m);
    return (double)dt.hour + (double)dt.minute / 60.0 + (double)dt.second / 3600.0;
}

/* Recomputes the instantaneous values for the current simulated time. */
static void update_instant(meter_t *m)
{
    double h = local_hour(m), pin = 0.0, pout = 0.0;
    int ph;
    for (ph = 0; ph < 3; ph++) {
        double p = m->relay ? load_w(m, h, ph) - pv_w(m, h) : 0.0;
        double pf = 0.93 + 0.05 * noise(m);
        double u = 230.0 + 2.0 * noise(m) - p / 400.0;
        double i = fabs(p) / (u * pf);
        m->voltage[ph] = (uint16_t)(u * 10.0 + 0.5);
        m->current[ph] = (uint16_t)(i * 100.0 + 0.5);
        m->pf[ph] = (int16_t)(pf * 1000.0 + 0.5);
        if (p >= 0.0) {
            pin += p;
        } else {
            pout -= p;
        }
    }
    m->frequency = (uint16_t)(5000.0 + 4.0 * noise(m));
    m->p_import = (int32_t)(pin + 0.5);
    m->p_export = (int32_t)(pout + 0.5);
}

/* Shows the accumulators (mWh) in the registers (Wh). */
static void publish(meter_t *m)
{
    int t;
    for (t = 0; t <= METER_TARIFFS; t++) {
        m->ap[t] = (uint32_t)(m->eng.acc_ap[t] / 1000);
        m->am[t] = (uint32_t)(m->eng.acc_am[t] / 1000);
    }
    m->rp = (uint32_t)(m->eng.acc_rp / 1000);
    m->rm = (uint32_t)(m->eng.acc_rm / 1000);
}

/* Integrates the current powers over dt_ms into the registers. */
static void integrate(meter_t *m, int64_t dt_ms)
{
    double k = (double)dt_ms / 3600.0; /* W * ms / 3600 = mWh */
    double tanphi = tan(acos((double)m->pf[0] / 1000.0));
    int64_t in = (int64_t)((double)m->p_import * k);
    int64_t out = (int64_t)((double)m->p_export * k);
    int t = m->tariff >= 1 && m->tariff <= METER_TARIFFS ? m->tariff : 1;
    m->eng.acc_ap[0] += in;
    m->eng.acc_ap[t] += in;
    m->eng.acc_am[0] += out;
    m->eng.acc_am[t] += out;
    m->eng.acc_rp += (int64_t)((double)in * tanphi);
    m->eng.acc_rm += (int64_t)((double)out * tanphi);
    publish(m);
}

/* ---- captures ----------------------------------------------------------- */

/* Records an event: sets the event code object and captures the log. */
void meter_event(meter_t *m, uint8_t code)
{
    m->event_code = code;
    if (m->model->events != NULL) {
        (void)cosem_profile_capture(&m->server, m->model->events(m));
    }
    m->dirty = true;
}

/* End of a 15-minute interval: interval energies, then the server's tick
 * (the load profile captures at the boundary), then a fresh status. */
static void interval_end(meter_t *m)
{
    int64_t now[4];
    now[0] = m->eng.acc_ap[0];
    now[1] = m->eng.acc_am[0];
    now[2] = m->eng.acc_rp;
    now[3] = m->eng.acc_rm;
    m->iv_ap = (uint32_t)((now[0] - m->eng.start[0]) / 1000);
    m->iv_am = (uint32_t)((now[1] - m->eng.start[1]) / 1000);
    m->iv_rp = (uint32_t)((now[2] - m->eng.start[2]) / 1000);
    m->iv_rm = (uint32_t)((now[3] - m->eng.start[3]) / 1000);
    memcpy(m->eng.start, now, sizeof now);
    if (m->model->publish != NULL) {
        m->model->publish(m);
    }
    cosem_server_tick(&m->server);
    m->lp_status = 0;
    m->dirty = true;
}

/* Local year * 12 + month of the simulated time. */
static int32_t local_month(const meter_t *m)
{
    cosem_datetime_t dt = local_time(m);
    return (int32_t)dt.year * 12 + (int32_t)dt.month;
}

/* At the turn of a month: the billing profile captures the registers. */
static void billing_check(meter_t *m)
{
    int32_t mon = local_month(m);
    if (m->model->billing != NULL && m->eng.month != 0 && mon != m->eng.month) {
        m->model->billing(m);
        m->dirty = true;
    }
    m->eng.month = mon;
}

/* The interval in which daylight saving time starts or ends gets the
 * status bit of that change. */
static void dst_check(meter_t *m)
{
    bool dst = m->clock_state.dst_enabled &&
               (local_time(m).status & COSEM_CLOCK_STATUS_DST) != 0u;
    if (dst != m->dst) {
        m->lp_status |= dst ? COSEM_ION_STATUS_DST_START : COSEM_ION_STATUS_DST_END;
        m->dst = dst;
    }
}

/* Runs the simulation up to target_ms in steps that stop at every
 * interval boundary. A target behind the simulated time (the clock was set
 * back, or the system clock jumped) only moves the time. */
static void run_to(meter_t *m, int64_t target_ms)
{
    if (target_ms < m->eng.sim_ms) {
        m->eng.sim_ms = target_ms;
        return;
    }
    while (m->eng.sim_ms < target_ms) {
        int64_t next = m->eng.sim_ms + STEP_MS;
        int64_t boundary = (m->eng.sim_ms / LP_MS + 1) * LP_MS;
        next = next < boundary ? next : boundary;
        next = next < target_ms ? next : target_ms;
        integrate(m, next - m->eng.sim_ms);
        m->eng.sim_ms = next;
        if (next % LP_MS == 0) {
            interval_end(m);
            billing_check(m);
        }
        update_instant(m);
        dst_check(m);
    }
}

/* Advances to the current simulated time: system clock plus the offset,
 * the offset growing by (speed - 1) times the real time elapsed. */
void meter_advance(meter_t *m, uint32_t now_real_ms)
{
    uint32_t elapsed = now_real_ms - m->last_real_ms;
    int64_t before = meter_utc(m);
    m->last_real_ms = now_real_ms;
    if (m->speed > 1u) {
        m->eng.offset_ms += (int64_t)elapsed * (int64_t)(m->speed - 1u);
    }
    run_to(m, system_ms() + m->eng.offset_ms);
    if (meter_utc(m) != before) {
        cosem_server_tick(&m->server); /* once per simulated second at most */
    }
}

/* Simulates the history_s seconds before now (a fresh meter then has a
 * load profile to read at once). */
void meter_backfill(meter_t *m, int64_t history_s)
{
    int64_t now = system_ms() + m->eng.offset_ms;
    m->eng.sim_ms = now - history_s * 1000;
    m->eng.sim_ms -= m->eng.sim_ms % LP_MS; /* start on an interval boundary */
    m->eng.month = local_month(m);
    update_instant(m);
    run_to(m, now);
}

/* After a restart from a saved state: the clock continues from where the
 * saved offset puts it, the time the meter was off is not integrated, and
 * the interval gets the power down / power up bits. */
void meter_resume(meter_t *m)
{
    m->eng.sim_ms = system_ms() + m->eng.offset_ms;
    m->eng.start[0] = m->eng.acc_ap[0];
    m->eng.start[1] = m->eng.acc_am[0];
    m->eng.start[2] = m->eng.acc_rp;
    m->eng.start[3] = m->eng.acc_rm;
    m->iv_ap = m->iv_am = m->iv_rp = m->iv_rm = 0;
    m->lp_status |= COSEM_ION_STATUS_POWER_DOWN | COSEM_ION_STATUS_POWER_UP;
    m->power_failures++;
    update_instant(m);
}

/* A fresh meter: identity from the unit id, password, engine start. */
uint32_t meter_extra_conformance(const meter_t *m)
{
    uint32_t c = 0;
#if COSEM_WITH_GBT
    c |= m->gbt ? COSEM_CONF_GENERAL_BLOCK_TRANSFER : 0u;
#endif
#if COSEM_WITH_ACCESS
    c |= m->access ? COSEM_CONF_ACCESS : 0u;
#endif
    (void)m;
    return c;
}

void meter_defaults(meter_t *m, unsigned unit_id, const char *password)
{
    size_t n = strlen(password);
    char ldn[17];
    m->speed = m->speed == 0u ? 1u : m->speed;
    (void)snprintf(m->serial, sizeof m->serial, "%08u", unit_id);
    (void)snprintf(ldn, sizeof ldn, "LCM%013u", unit_id);
    memcpy(m->ldn, ldn, sizeof m->ldn);
    m->reader_password.len = (uint8_t)(n < COSEM_MAX_SECRET ? n : COSEM_MAX_SECRET);
    memcpy(m->reader_password.buf, password, m->reader_password.len);
    m->saved_password = m->reader_password;
    m->utility_secret.len = 16;
    memcpy(m->utility_secret.buf, "0123456789ABCDEF", 16);
    m->relay = true;
    m->tariff = 1; /* the activity calendar 0.0.13.0.0.255 switches it */
    m->frequency = 5000;
    /* EU summer time rules, disabled (--dst enables them): begins the last
     * Sunday of March 02:00 local normal time, ends the last Sunday of
     * October 03:00 local summer time, +60 minutes. */
    cosem_datetime_clear(&m->clock_state.dst_begin);
    m->clock_state.dst_begin.month = 3;
    m->clock_state.dst_begin.day = COSEM_DT_DAY_LAST;
    m->clock_state.dst_begin.day_of_week = 7;
    m->clock_state.dst_begin.hour = 2;
    m->clock_state.dst_begin.minute = 0;
    m->clock_state.dst_begin.second = 0;
    m->clock_state.dst_end = m->clock_state.dst_begin;
    m->clock_state.dst_end.month = 10;
    m->clock_state.dst_end.hour = 3;
    m->clock_state.dst_deviation = 60;
    m->eng.rng = 0x9E3779B97F4A7C15ull ^ (uint64_t)unit_id;
    m->eng.sim_ms = system_ms();
    m->eng.month = local_month(m);
    update_instant(m);
}
