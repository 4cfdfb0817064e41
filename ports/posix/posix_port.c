/* SPDX-License-Identifier: Apache-2.0 */
/* POSIX port: the cosem_port_t functions. Monotonic clock, system wall
 * clock with a simulated offset (the host clock is never set), getrandom,
 * relays and non-volatile counters in a small text state file that is
 * replaced atomically (temporary file, fsync, rename). */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

#include "cosem_posix.h"

/* Largest line of the state file. */
#define LINE_MAX_LEN 128

/* ---- state file ------------------------------------------------------ */

/* Writes the whole state to path.tmp, syncs it and renames it over path. */
static cosem_status_t save(const cosem_posix_port_t *pp)
{
    char tmp[sizeof pp->path + 8];
    FILE *f;
    size_t i;
    int ok;
    if (pp->path[0] == '\0') {
        return COSEM_OK;
    }
    (void)snprintf(tmp, sizeof tmp, "%s.tmp", pp->path);
    f = fopen(tmp, "w");
    if (f == NULL) {
        return COSEM_E_IO;
    }
    ok = fprintf(f, "# libcosem POSIX port state\nclock_offset_ms %" PRId64 "\n",
                 pp->clock_offset_ms) > 0;
    for (i = 0; ok && i < pp->relay_count; i++) {
        ok = fprintf(f, "relay %u %d\n", (unsigned)i, pp->relay[i] ? 1 : 0) > 0;
    }
    for (i = 0; ok && i < pp->nv_count; i++) {
        ok = fprintf(f, "nv %" PRIu32 " %" PRIu64 "\n", pp->nv[i].id, pp->nv[i].value) > 0;
    }
    ok = ok && fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, pp->path) != 0) {
        (void)unlink(tmp);
        return COSEM_E_IO;
    }
    return COSEM_OK;
}

/* Index of counter id, or -1. */
static int nv_find(const cosem_posix_port_t *pp, uint32_t id)
{
    size_t i;
    for (i = 0; i < pp->nv_count; i++) {
        if (pp->nv[i].id == id) {
            return (int)i;
        }
    }
    return -1;
}

/* Applies one line of the state file; 0 when it does not parse. */
static int parse_line(cosem_posix_port_t *pp, const char *line)
{
    unsigned idx;
    int on;
    uint32_t id;
    uint64_t v;
    int64_t off;
    char end;
    if (line[0] == '#' || line[0] == '\n' || line[0] == '\0') {
        return 1;
    }
    if (sscanf(line, "clock_offset_ms %" SCNd64 "%c", &off, &end) == 2 && end == '\n') {
        pp->clock_offset_ms = off;
        return 1;
    }
    if (sscanf(line, "relay %u %d%c", &idx, &on, &end) == 3 && end == '\n' && (on == 0 || on == 1)) {
        if (idx < pp->relay_count) {
            pp->relay[idx] = on == 1;
        }
        return 1; /* a relay the port no longer offers is forgotten */
    }
    if (sscanf(line, "nv %" SCNu32 " %" SCNu64 "%c", &id, &v, &end) == 3 && end == '\n') {
        int i = nv_find(pp, id);
        if (i < 0) {
            if (pp->nv_count >= COSEM_POSIX_MAX_NV) {
                return 0;
            }
            i = (int)pp->nv_count++;
        }
        pp->nv[i].id = id;
        pp->nv[i].value = v;
        return 1;
    }
    return 0;
}

/* Reads the state file; a missing file is an empty state. */
static cosem_status_t load(cosem_posix_port_t *pp)
{
    char line[LINE_MAX_LEN];
    cosem_status_t st = COSEM_OK;
    FILE *f = fopen(pp->path, "r");
    if (f == NULL) {
        return errno == ENOENT ? COSEM_OK : COSEM_E_IO;
    }
    while (st == COSEM_OK && fgets(line, sizeof line, f) != NULL) {
        if (!parse_line(pp, line)) {
            st = COSEM_E_MALFORMED;
        }
    }
    if (st == COSEM_OK && ferror(f)) {
        st = COSEM_E_IO;
    }
    (void)fclose(f);
    return st;
}

/* ---- port members ----------------------------------------------------- */

/* port.now_ms: CLOCK_MONOTONIC. */
static uint32_t port_now_ms(void *user)
{
    (void)user;
    return cosem_posix_now_ms();
}

/* System time plus the simulated offset, in milliseconds since 1970. */
static int64_t wall_ms(const cosem_posix_port_t *pp)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + pp->clock_offset_ms;
}

/* Deviation (minutes to add to local time for UTC) and DST flag of the
 * process's zone at utc; 0 and no DST when the zone is unknown. */
static int16_t zone_of(int64_t utc, int *dst)
{
    struct tm tm;
    time_t t = (time_t)utc;
    *dst = 0;
    if (localtime_r(&t, &tm) == NULL) {
        return 0;
    }
    *dst = tm.tm_isdst > 0;
    return (int16_t)(-(tm.tm_gmtoff / 60));
}

/* port.time_get: local time of the TZ zone with deviation and DST status. */
static cosem_status_t port_time_get(void *user, cosem_datetime_t *now)
{
    const cosem_posix_port_t *pp = user;
    int64_t ms = wall_ms(pp), utc = ms >= 0 ? ms / 1000 : -((999 - ms) / 1000);
    int dst;
    int16_t dev = zone_of(utc, &dst);
    cosem_status_t st = cosem_datetime_from_utc(now, utc, dev, dst ? COSEM_CLOCK_STATUS_DST : 0);
    if (st == COSEM_OK) {
        now->hundredths = (uint8_t)((ms - utc * 1000) / 10);
    }
    return st;
}

/* port.time_set: keeps the difference to the system clock as an offset. */
static cosem_status_t port_time_set(void *user, const cosem_datetime_t *now)
{
    cosem_posix_port_t *pp = user;
    cosem_datetime_t t = *now;
    int64_t utc, sys;
    int dst;
    cosem_status_t st;
    if (t.deviation == COSEM_DT_DEVIATION_NS) {
        /* Local time of our zone: the deviation in force at about that time. */
        t.deviation = 0;
        if (cosem_datetime_to_utc(&t, &utc) != COSEM_OK) {
            return COSEM_E_RANGE;
        }
        t.deviation = zone_of(utc, &dst);
    }
    if (cosem_datetime_to_utc(&t, &utc) != COSEM_OK) {
        return COSEM_E_RANGE;
    }
    sys = wall_ms(pp) - pp->clock_offset_ms;
    pp->clock_offset_ms = utc * 1000 + (t.hundredths <= 99 ? t.hundredths * 10 : 0) - sys;
    st = save(pp);
    return st;
}

/* port.random: getrandom(), or /dev/urandom where it does not exist. */
static cosem_status_t port_random(void *user, uint8_t *buf, size_t n)
{
    size_t got = 0;
    (void)user;
#if defined(__linux__)
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            break;
        }
        got += (size_t)r;
    }
#endif
    if (got < n) {
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        while (fd >= 0 && got < n) {
            ssize_t r = read(fd, buf + got, n - got);
            if (r <= 0 && !(r < 0 && errno == EINTR)) {
                break;
            }
            got += r > 0 ? (size_t)r : 0u;
        }
        if (fd >= 0) {
            (void)close(fd);
        }
    }
    return got == n ? COSEM_OK : COSEM_E_IO;
}

/* port.relay_set: remembered and persisted. */
static cosem_status_t port_relay_set(void *user, unsigned index, bool on)
{
    cosem_posix_port_t *pp = user;
    bool old;
    cosem_status_t st;
    if (index >= pp->relay_count) {
        return COSEM_E_RANGE;
    }
    old = pp->relay[index];
    pp->relay[index] = on;
    st = save(pp);
    if (st != COSEM_OK) {
        pp->relay[index] = old;
    }
    return st;
}

/* port.relay_get. */
static cosem_status_t port_relay_get(void *user, unsigned index, bool *on)
{
    const cosem_posix_port_t *pp = user;
    if (index >= pp->relay_count) {
        return COSEM_E_RANGE;
    }
    *on = pp->relay[index];
    return COSEM_OK;
}

/* port.nv_load. */
static cosem_status_t port_nv_load(void *user, uint32_t id, uint64_t *value)
{
    const cosem_posix_port_t *pp = user;
    int i = nv_find(pp, id);
    if (i < 0) {
        return COSEM_E_NOTFOUND;
    }
    *value = pp->nv[i].value;
    return COSEM_OK;
}

/* port.nv_store: durable (saved) before it returns. */
static cosem_status_t port_nv_store(void *user, uint32_t id, uint64_t value)
{
    cosem_posix_port_t *pp = user;
    int i = nv_find(pp, id);
    uint64_t old = 0;
    cosem_status_t st;
    if (i < 0) {
        if (pp->nv_count >= COSEM_POSIX_MAX_NV) {
            return COSEM_E_NOSPACE;
        }
        i = (int)pp->nv_count++;
        pp->nv[i].id = id;
    } else {
        old = pp->nv[i].value;
    }
    pp->nv[i].value = value;
    st = save(pp);
    if (st != COSEM_OK) {
        pp->nv[i].value = old; /* not durable: keep what is on disk */
    }
    return st;
}

/* port.log: standard error. */
static void port_log(void *user, cosem_log_level_t level, const char *text)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};
    const cosem_posix_port_t *pp = user;
    if (level <= pp->log_level && (unsigned)level < 4u) {
        (void)fprintf(stderr, "cosem %s: %s\n", names[level], text);
    }
}

/* Loads the state and fills the port struct. */
cosem_status_t cosem_posix_port_init(cosem_posix_port_t *pp, cosem_port_t *port,
                                     const char *state_path, unsigned relay_count)
{
    if (pp == NULL || port == NULL || relay_count > COSEM_POSIX_MAX_RELAYS ||
        (state_path != NULL && strlen(state_path) >= sizeof pp->path)) {
        return COSEM_E_ARG;
    }
    memset(pp, 0, sizeof *pp);
    memset(port, 0, sizeof *port);
    pp->relay_count = relay_count;
    pp->log_level = COSEM_LOG_INFO;
    if (state_path != NULL) {
        cosem_status_t st;
        (void)snprintf(pp->path, sizeof pp->path, "%s", state_path);
        st = load(pp);
        if (st != COSEM_OK) {
            return st;
        }
    }
    port->user = pp;
    port->now_ms = port_now_ms;
    port->time_get = port_time_get;
    port->time_set = port_time_set;
    port->random = port_random;
    port->relay_set = port_relay_set;
    port->relay_get = port_relay_get;
    port->nv_load = port_nv_load;
    port->nv_store = port_nv_store;
    port->log = port_log;
    return COSEM_OK;
}

/* Log verbosity. */
void cosem_posix_port_log_level(cosem_posix_port_t *pp, cosem_log_level_t level)
{
    pp->log_level = level;
}
