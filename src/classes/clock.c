/* SPDX-License-Identifier: Apache-2.0 */
/* Clock (class 8, version 0): the meter's local time computed from the
 * port's instant, the time zone and the DST rules; time setting with
 * "not specified" fields, the adjust methods and shift_time. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_CLOCK

#include <stddef.h>
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/metering.h>
#include <cosem/server.h>

#include "metering_internal.h"
#include "../axdr/axdr_internal.h"

#define DST_NO 1u
#define DST_YES 2u

/* ---- time zone and DST rules ------------------------------------------ */

/* Day number (days from 1970-01-01) of the day a DST rule names in @p
 * year (Blue Book 4.1.6.1 wildcards: last / second last day, weekday on or
 * after a day); false when it names none. One day-number computation: the
 * weekdays follow from it. */
static bool rule_days(const cosem_datetime_t *rule, uint16_t year, int32_t *days)
{
    uint8_t dim = cosem_datetime_days_in_month(year, rule->month);
    uint8_t d = rule->day, w = rule->day_of_week, wd;
    bool any_wd = w == COSEM_DT_NS;
    int32_t first;
    if (dim == 0u || (!any_wd && (w < 1u || w > 7u))) {
        return false;
    }
    first = cosem_dt_days_from_civil(year, rule->month, 1u) - 1; /* day 0 of the month */
    if (d == COSEM_DT_DAY_LAST || d == COSEM_DT_DAY_2ND_LAST) {
        uint8_t back = d == COSEM_DT_DAY_2ND_LAST ? (any_wd ? 1u : 7u) : 0u;
        wd = cosem_dt_weekday_of_days(first + dim);
        d = (uint8_t)(dim - (any_wd ? 0u : (uint8_t)((wd + 7u - w) % 7u)) - back);
    } else {
        if (d < 1u || d > dim) {
            return false;
        }
        if (!any_wd) {
            wd = cosem_dt_weekday_of_days(first + d);
            d = (uint8_t)(d + (w + 7u - wd) % 7u);
        }
        if (d > dim) {
            return false;
        }
    }
    *days = first + d;
    return true;
}

/* Instant of a DST rule in @p year, its fields read with deviation @p dev:
 * what cosem_datetime_to_utc() gives for the rule's fields with the day of
 * that year, computed without building and validating a date-time (the
 * Clock GET runs this twice). */
static bool rule_utc(const cosem_datetime_t *rule, uint16_t year, int16_t dev, int64_t *utc)
{
    uint8_t h, m, sec;
    int32_t days;
    if (rule->year != COSEM_DT_YEAR_NS && rule->year != year) {
        return false;
    }
    h = rule->hour == COSEM_DT_NS ? 0u : rule->hour;
    m = rule->minute == COSEM_DT_NS ? 0u : rule->minute;
    sec = rule->second == COSEM_DT_NS ? 0u : rule->second;
    if (!rule_days(rule, year, &days) || h > 23u || m > 59u || sec > 59u ||
        (rule->hundredths > 99u && rule->hundredths != COSEM_DT_NS) ||
        (dev != COSEM_DT_DEVIATION_NS && (dev < -720 || dev > 720))) {
        return false;
    }
    *utc = (int64_t)days * 86400 + (int32_t)h * 3600 + (int32_t)m * 60 + sec +
           (dev != COSEM_DT_DEVIATION_NS ? (int32_t)dev * 60 : 0);
    return true;
}

/* Whether DST is in force at @p utc: begin read in normal time, end in
 * DST time, both in the year of the instant's normal local time. */
static bool dst_active(const cosem_clock_state_t *st, int64_t utc)
{
    int32_t days, secs;
    uint16_t year;
    int64_t b = 0, e = 0;
    if (!st->dst_enabled || cosem_dt_local_days(utc, st->time_zone, &days, &secs) != COSEM_OK) {
        return false;
    }
    year = cosem_dt_year_of_days(days); /* of the instant's normal local time */
    if (!rule_utc(&st->dst_begin, year, st->time_zone, &b) ||
        !rule_utc(&st->dst_end, year, (int16_t)(st->time_zone - st->dst_deviation), &e)) {
        return false;
    }
    return b < e ? (utc >= b && utc < e) : (utc >= b || utc < e);
}

/* Local time of an instant under a known DST state. */
static cosem_status_t local_as(const cosem_clock_state_t *st, int64_t utc, uint8_t status,
                              bool dst, cosem_datetime_t *out)
{
    int16_t dev = (int16_t)(st->time_zone - (dst ? st->dst_deviation : 0));
    uint8_t s = status == COSEM_DT_NS ? 0u : status;
    s = (uint8_t)((s & ~COSEM_CLOCK_STATUS_DST) | (dst ? COSEM_CLOCK_STATUS_DST : 0u));
    return cosem_datetime_from_utc(out, utc, dev, s);
}

/* Restore a persisted state: the octets are checked where a field could
 * hold a value its type or the class cannot (a bool byte other than 0/1 is
 * undefined behaviour once read as bool), then copied. */
cosem_status_t cosem_clock_state_load(cosem_clock_state_t *st, const void *raw, size_t n)
{
    const uint8_t *b = raw;
    int16_t tz;
    if (st == NULL || raw == NULL) {
        return COSEM_E_ARG;
    }
    if (n != sizeof(*st) || b[offsetof(cosem_clock_state_t, dst_enabled)] > 1u ||
        b[offsetof(cosem_clock_state_t, preset_valid_)] > 1u ||
        b[offsetof(cosem_clock_state_t, dst_seen_)] > 2u ||
        (int8_t)b[offsetof(cosem_clock_state_t, dst_deviation)] < -120 ||
        (int8_t)b[offsetof(cosem_clock_state_t, dst_deviation)] > 120) {
        return COSEM_E_MALFORMED;
    }
    memcpy(&tz, b + offsetof(cosem_clock_state_t, time_zone), sizeof tz);
    if ((tz < -720 || tz > 720) && tz != COSEM_DT_DEVIATION_NS) {
        return COSEM_E_MALFORMED;
    }
    memcpy(st, raw, n);
#if !COSEM_CLOCK_PORT_LOCAL
    st->cache_ok_ = 0; /* computed by another run, or not at all: not trusted */
#endif
    return COSEM_OK;
}

/* Local time of an instant under the clock's zone and DST rules (nothing
 * cached: the reference the cache of cosem_clock_now() is tested against). */
cosem_status_t cosem_clock_local(const cosem_clock_state_t *st, int64_t utc, uint8_t status,
                                 cosem_datetime_t *out)
{
    if (st == NULL || out == NULL) {
        return COSEM_E_ARG;
    }
    return local_as(st, utc, status, dst_active(st, utc), out);
}

#if !COSEM_CLOCK_PORT_LOCAL
/* UTC of a complete local time without deviation: DST time if that
 * instant is in DST (the earlier reading of a repeated hour), else normal. */
static cosem_status_t local_to_utc(const cosem_clock_state_t *st, cosem_datetime_t t,
                                   int64_t *utc)
{
    t.deviation = (int16_t)(st->time_zone - st->dst_deviation);
    if (st->dst_enabled && cosem_datetime_to_utc(&t, utc) == COSEM_OK && dst_active(st, *utc)) {
        return COSEM_OK;
    }
    t.deviation = st->time_zone;
    return cosem_datetime_to_utc(&t, utc);
}
#endif

/* ---- reading the port --------------------------------------------------- */

/* The port this clock reads: its own, or the server's. */
static const cosem_port_t *clock_port(struct cosem_server *s, const cosem_clock_t *c)
{
    return c->port != NULL ? c->port : cosem_meter_port(s);
}

#if !COSEM_CLOCK_PORT_LOCAL
/* ---- the cache of cosem_clock_now() ---------------------------------------
 *
 * Two results are kept in the clock's state, each a function of inputs it
 * is compared with before use, so no writer of those inputs (the SETs, the
 * application writing the state, a load) has to invalidate anything:
 *
 * - the UTC instant of 00:00:00 of the port's date, keyed by that date and
 *   its deviation: a time from the port in the same day needs no
 *   day-number computation and no date validation (the key was valid);
 * - a window of UTC instants within one local day in which the DST status
 *   and so the deviation, the date and the weekday stay the same, keyed by
 *   time_zone..dst_enabled (a copy of those octets of the state): a time
 *   inside it needs only the split of the seconds of the day.
 *
 * test_clock's test_cache compares it with cosem_clock_local(). */

#define CACHE_PORT 1u
#define CACHE_LOCAL 2u
/* The octets of the state the local window depends on: time_zone,
 * dst_begin, dst_end, dst_deviation, dst_enabled (the first members). */
#define CACHE_KEY_SIZE (offsetof(cosem_clock_state_t, dst_enabled) + sizeof(bool))
typedef char cosem_clock_key_fits_t[sizeof(((cosem_clock_state_t *)0)->cache_key_) ==
                                            CACHE_KEY_SIZE
                                        ? 1
                                        : -1];

/* cosem_datetime_to_utc() of the port's time (its day of week ignored),
 * through the cached day when the date and deviation are the same. */
static cosem_status_t port_utc(cosem_clock_state_t *st, cosem_datetime_t *raw, int64_t *utc)
{
    cosem_status_t r;
    raw->day_of_week = COSEM_DT_NS; /* not trusted, not needed */
    if ((st->cache_ok_ & CACHE_PORT) != 0u && raw->year == st->cache_port_year_ &&
        raw->month == st->cache_port_month_ && raw->day == st->cache_port_day_ &&
        raw->deviation == st->cache_port_dev_ && raw->hour <= 23u && raw->minute <= 59u &&
        raw->second <= 59u && (raw->hundredths <= 99u || raw->hundredths == COSEM_DT_NS)) {
        *utc = st->cache_port_utc_ + (int32_t)raw->hour * 3600 + (int32_t)raw->minute * 60 +
               raw->second;
        return COSEM_OK;
    }
    r = cosem_datetime_to_utc(raw, utc);
    if (r == COSEM_OK) {
        st->cache_port_year_ = raw->year;
        st->cache_port_month_ = raw->month;
        st->cache_port_day_ = raw->day;
        st->cache_port_dev_ = raw->deviation;
        st->cache_port_utc_ =
            *utc - ((int32_t)raw->hour * 3600 + (int32_t)raw->minute * 60 + raw->second);
        st->cache_ok_ |= CACHE_PORT;
    }
    return r;
}

/* The seconds [*lo, *hi) of local day @p day (UTC of its 00:00:00) around
 * @p utc in which dst_active() gives the same answer: inside the year of
 * the instant's normal local time (the rules' year), between the begin and
 * end instants that bracket it. */
static bool dst_window(const cosem_clock_state_t *st, int64_t utc, int64_t day, int32_t *lo,
                       int32_t *hi)
{
    int32_t days, secs;
    uint16_t year;
    int64_t off, x[4], r;
    unsigned i, n = 2;
    *lo = 0;
    *hi = 86400;
    if (!st->dst_enabled) {
        return true;
    }
    if (cosem_dt_local_days(utc, st->time_zone, &days, &secs) != COSEM_OK) {
        return false;
    }
    year = cosem_dt_year_of_days(days);
    off = st->time_zone != COSEM_DT_DEVIATION_NS ? (int64_t)st->time_zone * 60 : 0;
    x[0] = (int64_t)cosem_dt_days_from_civil(year, 1u, 1u) * 86400 + off;
    x[1] = (int64_t)cosem_dt_days_from_civil((int32_t)year + 1, 1u, 1u) * 86400 + off;
    if (rule_utc(&st->dst_begin, year, st->time_zone, &x[2]) &&
        rule_utc(&st->dst_end, year, (int16_t)(st->time_zone - st->dst_deviation), &x[3])) {
        n = 4;
    }
    for (i = 0; i < n; i++) {
        r = x[i] - day; /* utc - day is 0..86399 */
        if (x[i] <= utc) {
            *lo = r > *lo ? (int32_t)r : *lo;
        } else {
            *hi = r < *hi ? (int32_t)r : *hi;
        }
    }
    return true;
}

/* cosem_clock_local() through the cached window; a miss computes it and
 * keeps the window of the result. */
static cosem_status_t local_now(cosem_clock_state_t *st, int64_t utc, uint8_t status,
                                cosem_datetime_t *out)
{
    int64_t d = utc - st->cache_day_utc_;
    cosem_status_t r;
    if ((st->cache_ok_ & CACHE_LOCAL) != 0u && d >= st->cache_lo_ && d < st->cache_hi_ &&
        cosem_mem_cmp(st->cache_key_, st, CACHE_KEY_SIZE) == 0) {
        uint32_t x = (uint32_t)d;
        uint8_t s = status == COSEM_DT_NS ? 0u : status;
        *out = st->cache_local_;
        out->hour = (uint8_t)(x / 3600u);
        out->minute = (uint8_t)(x / 60u % 60u);
        out->second = (uint8_t)(x % 60u);
        out->status = (uint8_t)((s & ~COSEM_CLOCK_STATUS_DST) | st->cache_local_.status);
        return COSEM_OK;
    }
    r = cosem_clock_local(st, utc, status, out);
    st->cache_ok_ &= (uint8_t)~CACHE_LOCAL;
    if (r == COSEM_OK) {
        d = utc - ((int32_t)out->hour * 3600 + (int32_t)out->minute * 60 + out->second);
        if (dst_window(st, utc, d, &st->cache_lo_, &st->cache_hi_)) {
            st->cache_day_utc_ = d;
            st->cache_local_ = *out;
            st->cache_local_.status = out->status & COSEM_CLOCK_STATUS_DST;
            memcpy(st->cache_key_, st, CACHE_KEY_SIZE);
            st->cache_ok_ |= CACHE_LOCAL;
        }
    }
    return r;
}
#else
/* The port keeps local time: nothing is kept (COSEM_CLOCK_PORT_LOCAL). */
static cosem_status_t port_utc(cosem_clock_state_t *st, cosem_datetime_t *raw, int64_t *utc)
{
    (void)st;
    raw->day_of_week = COSEM_DT_NS; /* not trusted, not needed */
    return cosem_datetime_to_utc(raw, utc);
}

#define local_now cosem_clock_local
#endif

/* The clock's local time now and its UTC instant (-1 when invalid). */
cosem_status_t cosem_clock_now(struct cosem_server *s, const cosem_object_t *obj,
                               cosem_datetime_t *now, int64_t *utc)
{
    const cosem_clock_t *c;
    cosem_datetime_t raw;
    int64_t u = -1;
    cosem_status_t st;
    if (obj == NULL || now == NULL || obj->data == NULL) {
        return COSEM_E_ARG;
    }
    c = (const cosem_clock_t *)obj->data;
    st = cosem_port_time_get(clock_port(s, c), &raw);
    if (st == COSEM_OK) {
        st = port_utc(c->state, &raw, &u);
    }
    if (st == COSEM_OK) {
        st = local_now(c->state, u, raw.status, now);
    }
    if (st != COSEM_OK) {
        u = -1;
        cosem_datetime_clear(now);
        now->status = COSEM_CLOCK_STATUS_INVALID;
    } else {
        now->hundredths = raw.hundredths <= 99u ? raw.hundredths : 0u;
    }
    if (utc != NULL) {
        *utc = u;
    }
    return st;
}

/* ---- setting the time ---------------------------------------------------- */

/* Port status -> data-access-result: no time_set is a refusal. */
static cosem_dar_t port_dar(cosem_status_t st)
{
    switch (st) {
    case COSEM_OK: return COSEM_DAR_SUCCESS;
    case COSEM_E_UNSUPPORTED: return COSEM_DAR_READ_WRITE_DENIED;
    case COSEM_E_IO: return COSEM_DAR_HARDWARE_FAULT;
    default: return COSEM_DAR_OTHER_REASON;
    }
}

#if !COSEM_CLOCK_PORT_LOCAL
/* Set the port's clock to instant @p utc and tell the application. */
static cosem_dar_t apply_time(cosem_req_t *r, int64_t utc, uint8_t hundredths)
{
    const cosem_clock_t *c = (const cosem_clock_t *)r->obj->data;
    cosem_datetime_t before, after;
    cosem_status_t st;
    (void)cosem_clock_now(r->server, r->obj, &before, NULL);
    if (cosem_clock_local(c->state, utc, 0, &after) != COSEM_OK) {
        return COSEM_DAR_OTHER_REASON;
    }
    after.hundredths = hundredths <= 99u ? hundredths : 0u;
    st = cosem_port_time_set(clock_port(r->server, c), &after);
    if (st == COSEM_OK && c->event != NULL) {
        c->event(r->server, r->obj, COSEM_CLOCK_TIME_SET, &before, &after);
    }
    return port_dar(st);
}
#endif

#if !COSEM_CLOCK_PORT_LOCAL
/* A date-time a client may set: every field in range, no DST month and no
 * last / second last day (they name no single instant). */
static bool settable(const cosem_datetime_t *t)
{
    return cosem_datetime_validate(t) == COSEM_OK && t->month != COSEM_DT_MONTH_DST_BEGIN &&
           t->month != COSEM_DT_MONTH_DST_END && t->day != COSEM_DT_DAY_LAST &&
           t->day != COSEM_DT_DAY_2ND_LAST;
}
#endif

/* The date-time of a SET of time (2, @p time true) or of a DST rule (5, 6):
 * type-unmatched when it is none; other-reason when a field is out of
 * range or the month is a DST one, and for time (its weekday ignored,
 * never checked) also on a last / second last day. */
static cosem_dar_t read_settable(cosem_axdr_reader_t *v, cosem_datetime_t *t, bool time)
{
    if (cosem_axdr_read_datetime(v, t) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (time) {
        t->day_of_week = COSEM_DT_NS;
    }
    if (cosem_datetime_validate(t) != COSEM_OK || t->month == COSEM_DT_MONTH_DST_BEGIN ||
        t->month == COSEM_DT_MONTH_DST_END ||
        (time && (t->day == COSEM_DT_DAY_LAST || t->day == COSEM_DT_DAY_2ND_LAST))) {
        return COSEM_DAR_OTHER_REASON;
    }
    return COSEM_DAR_SUCCESS;
}

/* Fill the "not specified" fields of @p t (weekday and status excepted)
 * from @p cur. */
static void fill_unspecified(cosem_datetime_t *t, const cosem_datetime_t *cur)
{
    /* month .. hundredths are consecutive octets (weekday among them) */
    uint8_t *tp = (uint8_t *)t;
    const uint8_t *cp = (const uint8_t *)cur;
    if (t->year == COSEM_DT_YEAR_NS) {
        t->year = cur->year;
    }
    for (size_t k = offsetof(cosem_datetime_t, month);
         k <= offsetof(cosem_datetime_t, hundredths); ++k) {
        if (k != offsetof(cosem_datetime_t, day_of_week) && tp[k] == COSEM_DT_NS) {
            tp[k] = cp[k];
        }
    }
}

#if COSEM_CLOCK_PORT_LOCAL
/* The port's local time as attribute 2 shows it (invalid when it has none). */
static void clock_read(cosem_req_t *r, cosem_datetime_t *now)
{
    const cosem_clock_t *c = (const cosem_clock_t *)r->obj->data;
    if (cosem_port_time_get(clock_port(r->server, c), now) != COSEM_OK) {
        cosem_datetime_clear(now);
        now->status = COSEM_CLOCK_STATUS_INVALID;
    } else if (now->hundredths > 99u) {
        now->hundredths = 0;
    }
}

/* SET time (2) on a port that keeps local time, @p t from read_settable():
 * the unspecified fields from the port's time, then straight to the port. */
static cosem_dar_t set_time(cosem_req_t *r, cosem_datetime_t *t)
{
    const cosem_clock_t *c = (const cosem_clock_t *)r->obj->data;
    const cosem_port_t *port = clock_port(r->server, c);
    cosem_datetime_t cur;
    cosem_status_t st;
    int64_t utc;
    if (cosem_port_time_get(port, &cur) != COSEM_OK) {
        cosem_datetime_clear(&cur);
    }
    fill_unspecified(t, &cur);
    if (t->deviation == COSEM_DT_DEVIATION_NS) {
        t->deviation = cur.deviation;
    }
    /* the checks of read_settable() and cosem_datetime_is_complete()
     * together: an instant (no field missing, no special month or day) and
     * every field valid */
    if (cosem_datetime_to_utc(t, &utc) != COSEM_OK) {
        return COSEM_DAR_OTHER_REASON;
    }
    t->hundredths = t->hundredths <= 99u ? t->hundredths : 0u;
    t->day_of_week = cosem_datetime_weekday(t->year, t->month, t->day);
    t->status = cur.status == COSEM_DT_NS ? 0u : cur.status;
    st = cosem_port_time_set(port, t);
    if (st == COSEM_OK && c->event != NULL) {
        c->event(r->server, r->obj, COSEM_CLOCK_TIME_SET, &cur, t);
    }
    return port_dar(st);
}
#else
/* Local time now as attribute 2 shows it. */
static void clock_read(cosem_req_t *r, cosem_datetime_t *now)
{
    (void)cosem_clock_now(r->server, r->obj, now, NULL);
}

/* Fill the "not specified" fields of @p t from the current time and give
 * the instant it names; false when it names none. */
static bool resolve(const cosem_clock_state_t *st, int64_t now_utc, cosem_datetime_t t,
                    int64_t *utc, uint8_t *hundredths)
{
    cosem_datetime_t cur;
    bool dev_given = t.deviation != COSEM_DT_DEVIATION_NS;
    if (now_utc < 0 || (dev_given ? cosem_datetime_from_utc(&cur, now_utc, t.deviation, 0)
                                  : cosem_clock_local(st, now_utc, 0, &cur)) != COSEM_OK) {
        if (!cosem_datetime_is_complete(&t)) {
            return false;
        }
        cosem_datetime_clear(&cur);
        cur.hundredths = 0;
    }
    fill_unspecified(&t, &cur);
    t.day_of_week = COSEM_DT_NS;
    t.status = COSEM_DT_NS;
    *hundredths = t.hundredths;
    if (!settable(&t) || !cosem_datetime_is_complete(&t)) {
        return false;
    }
    return (dev_given ? cosem_datetime_to_utc(&t, utc) : local_to_utc(st, t, utc)) == COSEM_OK;
}

/* SET time (2), @p t from read_settable(). */
static cosem_dar_t set_time(cosem_req_t *r, cosem_datetime_t *t)
{
    const cosem_clock_t *c = (const cosem_clock_t *)r->obj->data;
    cosem_datetime_t cur;
    int64_t now = -1, utc = 0;
    uint8_t hs = 0;
    (void)cosem_clock_now(r->server, r->obj, &cur, &now);
    if (!resolve(c->state, now, *t, &utc, &hs)) {
        return COSEM_DAR_OTHER_REASON;
    }
    return apply_time(r, utc, hs);
}
#endif

/* ---- attributes ---------------------------------------------------------- */

/* GET attributes 2..9. */
static cosem_dar_t clk_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_clock_t *c = (const cosem_clock_t *)r->obj->data;
    const cosem_clock_state_t *st = c->state;
    cosem_datetime_t now;
    switch (r->id) {
    case 2:
    case 4:
        clock_read(r, &now);
        if (r->id == 2) {
            cosem_axdr_write_datetime_os(w, &now);
        } else {
            cosem_axdr_write_u8(w, now.status);
        }
        break;
    case 3: cosem_axdr_write_i16(w, st->time_zone); break;
    case 5: cosem_axdr_write_datetime_os(w, &st->dst_begin); break;
    case 6: cosem_axdr_write_datetime_os(w, &st->dst_end); break;
    case 7: cosem_axdr_write_i8(w, st->dst_deviation); break;
    case 8: cosem_axdr_write_bool(w, st->dst_enabled); break;
    case 9: cosem_axdr_write_enum(w, c->clock_base); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_meter_dar(w);
}

/* SET time_zone (3) long, DST deviation (7) integer and enabled (8)
 * boolean: typed (tag and content octets, as cosem_axdr_read_i16(),
 * _i8() and _bool() read them) and ranged. */
static cosem_dar_t set_zone(uint8_t id, cosem_axdr_reader_t *v, cosem_clock_state_t *st)
{
    const uint8_t *p = NULL;
    int val;
    uint8_t tag = id == 3 ? COSEM_AXDR_LONG : id == 7 ? COSEM_AXDR_INTEGER : COSEM_AXDR_BOOLEAN;
    if (cosem_axdr_expect_tag(v, tag) != COSEM_OK ||
        cosem_axdr_get_bytes(v, id == 3 ? 2u : 1u, &p) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (id == 3) {
        val = (int16_t)(uint16_t)((p[0] << 8) | p[1]);
        if (val < -720 || val > 720) {
            return COSEM_DAR_OTHER_REASON;
        }
        st->time_zone = (int16_t)val;
    } else if (id == 7) {
        val = (int8_t)p[0];
        if (val < -120 || val > 120) {
            return COSEM_DAR_OTHER_REASON;
        }
        st->dst_deviation = (int8_t)val;
    } else {
        st->dst_enabled = p[0] != 0u;
    }
    return COSEM_DAR_SUCCESS;
}

/* SET: time (2), time zone (3), DST rules (5..8); status (4) and
 * clock_base (9) belong to the meter. daylight_savings_begin (5) / end (6)
 * take any valid date-time with wildcards except the DST months. */
static cosem_dar_t clk_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_clock_t *c = (const cosem_clock_t *)r->obj->data;
    cosem_datetime_t t;
    cosem_dar_t dar;
    switch (r->id) {
    case 2:
    case 5:
    case 6: break;
    case 3:
    case 7:
    case 8: return set_zone((uint8_t)r->id, v, c->state);
    case 4:
    case 9: return COSEM_DAR_READ_WRITE_DENIED;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = read_settable(v, &t, r->id == 2);
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    if (r->id == 2) {
        return set_time(r, &t);
    }
    *(r->id == 5 ? &c->state->dst_begin : &c->state->dst_end) = t;
    return COSEM_DAR_SUCCESS;
}

/* ---- methods ------------------------------------------------------------- */

#if COSEM_CLOCK_METHODS

/* adjust_to_quarter / _measuring_period / _minute: round the local time
 * to the nearest multiple of @p step seconds (half way rounds up). */
static cosem_dar_t adjust(cosem_req_t *r, uint32_t step)
{
    cosem_datetime_t now;
    int64_t utc = -1, local, rem;
    if (step == 0u) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    if (cosem_clock_now(r->server, r->obj, &now, &utc) != COSEM_OK) {
        return COSEM_DAR_OTHER_REASON;
    }
    local = utc - (int64_t)now.deviation * 60;
    rem = local % (int64_t)step;
    if (rem < 0) {
        rem += step;
    }
    utc -= rem;
    if (2 * rem >= (int64_t)step) {
        utc += step;
    }
    return apply_time(r, utc, 0);
}

/* Read one date-time element of the preset_adjusting_time structure. */
static cosem_dar_t read_dt(cosem_axdr_reader_t *p, cosem_datetime_t *t)
{
    return cosem_axdr_read_datetime(p, t) == COSEM_OK ? COSEM_DAR_SUCCESS
                                                      : COSEM_DAR_TYPE_UNMATCHED;
}

/* UTC of a complete validity bound (deviation "not specified": local time). */
static bool bound_utc(const cosem_clock_state_t *st, const cosem_datetime_t *t, int64_t *utc)
{
    if (!settable(t) || !cosem_datetime_is_complete(t)) {
        return false;
    }
    return (t->deviation != COSEM_DT_DEVIATION_NS ? cosem_datetime_to_utc(t, utc)
                                                  : local_to_utc(st, *t, utc)) == COSEM_OK;
}

/* preset_adjusting_time (5): structure {preset_time, validity_interval_start,
 * validity_interval_end}, all octet-string(12). */
static cosem_dar_t preset(cosem_clock_state_t *st, cosem_axdr_reader_t *p)
{
    cosem_datetime_t t[3];
    size_t n = 0;
    int64_t from = 0, to = 0;
    cosem_dar_t dar = COSEM_DAR_SUCCESS;
    unsigned i;
    if (cosem_axdr_read_structure(p, &n) != COSEM_OK || n != 3u) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    for (i = 0; i < 3u && dar == COSEM_DAR_SUCCESS; i++) {
        dar = read_dt(p, &t[i]);
    }
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    if (!settable(&t[0]) || !bound_utc(st, &t[1], &from) || !bound_utc(st, &t[2], &to) ||
        from > to) {
        return COSEM_DAR_OTHER_REASON;
    }
    st->preset_time = t[0];
    st->preset_from = t[1];
    st->preset_to = t[2];
    st->preset_valid_ = true;
    return COSEM_DAR_SUCCESS;
}

/* adjust_to_preset_time (4): the preset time, once, inside its interval. */
static cosem_dar_t adjust_preset(cosem_req_t *r, cosem_clock_state_t *st)
{
    cosem_datetime_t cur;
    int64_t now = -1, from = 0, to = 0, utc = 0;
    uint8_t hs = 0;
    if (!st->preset_valid_) {
        return COSEM_DAR_OTHER_REASON;
    }
    (void)cosem_clock_now(r->server, r->obj, &cur, &now);
    if (now < 0 || !bound_utc(st, &st->preset_from, &from) ||
        !bound_utc(st, &st->preset_to, &to) || now < from || now > to ||
        !resolve(st, now, st->preset_time, &utc, &hs)) {
        return COSEM_DAR_OTHER_REASON;
    }
    st->preset_valid_ = false;
    return apply_time(r, utc, hs);
}

/* shift_time (6): long, -900..900 seconds. */
static cosem_dar_t shift(cosem_req_t *r, cosem_axdr_reader_t *p)
{
    cosem_datetime_t cur;
    int64_t now = -1;
    int16_t secs = 0;
    if (cosem_axdr_read_i16(p, &secs) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (secs < -900 || secs > 900) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (cosem_clock_now(r->server, r->obj, &cur, &now) != COSEM_OK) {
        return COSEM_DAR_OTHER_REASON;
    }
    return apply_time(r, now + secs, cur.hundredths);
}

/* Methods 1..6 (Blue Book 4.5.1); 1..4 take data ::= integer(0). */
static cosem_dar_t clk_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                              cosem_axdr_writer_t *ret)
{
    const cosem_clock_t *c = (const cosem_clock_t *)r->obj->data;
    cosem_dar_t dar = COSEM_DAR_SUCCESS;
    (void)ret;
    if (r->id >= 1 && r->id <= 4) {
        dar = cosem_meter_reset_param(params);
    }
    if (dar != COSEM_DAR_SUCCESS) {
        return dar;
    }
    switch (r->id) {
    case 1: return adjust(r, 900u);
    case 2: return adjust(r, c->measuring_period);
    case 3: return adjust(r, 60u);
    case 4: return adjust_preset(r, c->state);
    case 5: return preset(c->state, params);
    case 6: return shift(r, params);
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
}
#define CLK_ACTION clk_action
#else
#define CLK_ACTION NULL /* every method read-write-denied */
#endif

#if !COSEM_CLOCK_PORT_LOCAL
/* Once a second: report DST transitions to the application. */
static void clk_tick(struct cosem_server *s, const cosem_object_t *obj, int64_t utc)
{
    const cosem_clock_t *c = (const cosem_clock_t *)obj->data;
    cosem_clock_state_t *st = c->state;
    cosem_datetime_t before, after;
    bool dst;
    if (utc < 0) {
        return;
    }
    dst = dst_active(st, utc);
    if (st->dst_seen_ != 0u && (st->dst_seen_ == DST_YES) != dst && c->event != NULL &&
        local_as(st, utc, 0, !dst, &before) == COSEM_OK &&
        local_as(st, utc, 0, dst, &after) == COSEM_OK) {
        c->event(s, obj, dst ? COSEM_CLOCK_DST_BEGIN : COSEM_CLOCK_DST_END, &before, &after);
    }
    st->dst_seen_ = dst ? DST_YES : DST_NO;
}
#define CLK_TICK clk_tick
#else
#define CLK_TICK NULL /* the port applies DST */
#endif

/* Description and state present. */
static cosem_status_t clk_check(const cosem_object_t *obj)
{
    const cosem_clock_t *c = (const cosem_clock_t *)obj->data;
    return c == NULL || c->state == NULL ? COSEM_E_ARG : COSEM_OK;
}

const cosem_class_t cosem_class_clock = {
    8, 0, 9, 6,
    (uint16_t)0x1FFu, /* attributes 1..9 */
    0, 0,
    clk_get, clk_set, CLK_ACTION, CLK_TICK, clk_check
};

#else
typedef int cosem_clock_empty_t;
#endif
