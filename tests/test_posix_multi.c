/* SPDX-License-Identifier: Apache-2.0 */
/* The many-session loop of the POSIX port (ports/posix/cosem_posix_multi.h,
 * issue #21), on 127.0.0.1 only: real example meters (examples/meter_server,
 * started with --port 0 --ready-file) next to peers of the test's own that
 * misbehave: one never answers, one answers garbage, one is a proxy that
 * drops the connection in the middle of a profile read, a port where nobody
 * listens, a meter that refuses the association (wrong password). The
 * misbehaving sessions must be reported with their stage and layer, and the
 * good sessions must read exactly what the meters hold: the serial number
 * (the unit id as 8 digits) and the 96 quarter-hour rows of yesterday.
 * Every wait is bounded. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <cosem_posix.h>
#include <cosem_posix_multi.h>

#include "test_util.h"

#ifndef METER_SERVER
#define METER_SERVER ""
#endif

extern char **environ;

#define ROWS 96
#define LIMIT_MS 20000u /* longest run of one loop */

/* ---- example meters ---------------------------------------------------- */

typedef struct meter {
    pid_t pid;
    char ready[64];
    uint16_t port;
} meter_t;

static meter_t g_meters[6];
static size_t g_nmeters;

/* Starts examples/meter_server for unit `unit` (UTC, two days of history,
 * wrapper only, plus HDLC on the serial line `line` when not NULL) allowing
 * maxconn connections; its wrapper port. */
static uint16_t meter_start_line(unsigned unit, unsigned maxconn, const char *line)
{
    meter_t *mt = &g_meters[g_nmeters++];
    char u[16], mc[16];
    char *const env[] = {"TZ=UTC", NULL};
    const char *argv[] = {METER_SERVER, "--listen", "127.0.0.1", "--port", "0", "--hdlc-port",
                          "off", "--state", "none", "--history", "2", "--unit-id", u,
                          "--max-connections", mc, "--ready-file", mt->ready,
                          line != NULL ? "--serial" : NULL, line, NULL};
    posix_spawn_file_actions_t fa;
    uint32_t waited = 0;
    FILE *f;
    unsigned p = 0;
    snprintf(u, sizeof u, "%u", unit);
    snprintf(mc, sizeof mc, "%u", maxconn);
    snprintf(mt->ready, sizeof mt->ready, "/tmp/posix_multi_%ld_%u", (long)getpid(), unit);
    unlink(mt->ready);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    ck_assert_int_eq(posix_spawn(&mt->pid, METER_SERVER, &fa, NULL, (char *const *)(void *)argv, env),
                     0);
    posix_spawn_file_actions_destroy(&fa);
    while (waited < 10000u) {
        f = fopen(mt->ready, "r");
        if (f != NULL && fscanf(f, "wrapper %u", &p) == 1 && p != 0) {
            fclose(f);
            break;
        }
        if (f != NULL) {
            fclose(f);
        }
        usleep(20000);
        waited += 20;
    }
    ck_assert_msg(p != 0, "meter_server unit %u did not start", unit);
    mt->port = (uint16_t)p;
    return mt->port;
}

static uint16_t meter_start(unsigned unit, unsigned maxconn)
{
    return meter_start_line(unit, maxconn, NULL);
}

/* Stops every meter started (also after a failed assertion: teardown). */
static void meters_stop(void)
{
    size_t k;
    for (k = 0; k < g_nmeters; k++) {
        kill(g_meters[k].pid, SIGKILL);
        waitpid(g_meters[k].pid, NULL, 0);
        unlink(g_meters[k].ready);
    }
    g_nmeters = 0;
}

/* ---- misbehaving peers, served from the test's loop --------------------- */

enum { F_SILENT, F_GARBAGE, F_DROP };

typedef struct fake {
    int kind;
    int lfd;
    uint16_t port;
    uint16_t upstream;   /* F_DROP: the meter behind the proxy */
    size_t cut;          /* F_DROP: octets to the client before closing */
    bool drop_once;      /* F_DROP: only the first connection is cut */
    int conns;
    int cfd, ufd;        /* one connection at a time */
    size_t sent;
} fake_t;

static int nonblock(int fd)
{
    return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
}

/* A listening socket on 127.0.0.1 with a free port. */
static int listen_any(uint16_t *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    ck_assert_int_ge(fd, 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(fd, 16), 0);
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    nonblock(fd);
    return fd;
}

static void fake_open(fake_t *f, int kind)
{
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->cfd = f->ufd = -1;
    f->lfd = listen_any(&f->port);
}

static void fake_drop_conn(fake_t *f)
{
    if (f->cfd >= 0) {
        close(f->cfd);
    }
    if (f->ufd >= 0) {
        close(f->ufd);
    }
    f->cfd = f->ufd = -1;
}

/* Connects the proxy to its meter (blocking, on the loopback). */
static int upstream(uint16_t port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    nonblock(fd);
    return fd;
}

/* Moves what the meter sent to the client, up to the cut. */
static void proxy_down(fake_t *f)
{
    uint8_t b[4096];
    ssize_t n = read(f->ufd, b, sizeof b);
    size_t give;
    if (n <= 0) {
        if (n == 0 || errno != EAGAIN) {
            fake_drop_conn(f);
        }
        return;
    }
    give = (size_t)n;
    if (f->cut > 0 && (!f->drop_once || f->conns == 1) && f->sent + give > f->cut) {
        give = f->cut - f->sent;
        (void)write(f->cfd, b, give);
        fake_drop_conn(f); /* in the middle of the response */
        return;
    }
    (void)write(f->cfd, b, give);
    f->sent += give;
}

/* What the client sent: dropped, answered with garbage or passed on. */
static void fake_client_data(fake_t *f)
{
    static const uint8_t garbage[] = {0xFF, 0xFE, 0x00, 0x01, 0x00, 0x10, 0x00, 0x04,
                                      0xDE, 0xAD, 0xBE, 0xEF};
    uint8_t b[4096];
    ssize_t n = read(f->cfd, b, sizeof b);
    if (n <= 0) {
        if (n == 0 || errno != EAGAIN) {
            fake_drop_conn(f);
        }
        return;
    }
    if (f->kind == F_GARBAGE) {
        (void)write(f->cfd, garbage, sizeof garbage);
    } else if (f->kind == F_DROP) {
        (void)write(f->ufd, b, (size_t)n);
    }
}

/* Serves a fake peer without waiting. */
static void fake_serve(fake_t *f)
{
    struct pollfd p[3];
    int c;
    if (f->cfd < 0 && (c = accept(f->lfd, NULL, NULL)) >= 0) {
        nonblock(c);
        f->cfd = c;
        f->conns++;
        f->sent = 0;
        if (f->kind == F_DROP) {
            f->ufd = upstream(f->upstream);
        }
    }
    if (f->cfd < 0) {
        return;
    }
    p[0].fd = f->cfd;
    p[0].events = POLLIN;
    p[1].fd = f->ufd;
    p[1].events = POLLIN;
    if (poll(p, f->ufd >= 0 ? 2 : 1, 0) <= 0) {
        return;
    }
    if (p[0].revents != 0) {
        fake_client_data(f);
    }
    if (f->cfd >= 0 && f->ufd >= 0 && p[1].revents != 0) {
        proxy_down(f);
    }
}

/* ---- jobs: the serial number, then yesterday's load profile ------------- */

typedef struct tjob {
    const char *name;
    cosem_multi_target_t t;
    uint8_t password[8];
    int phase;
    char serial[16];
    uint8_t seen[ROWS];
    unsigned rows, bad_rows, extra;
    unsigned rows_at_retry; /* rows seen when the second attempt started */
    bool finished;
    cosem_multi_outcome_t out;
} tjob_t;

static tjob_t g_jobs[48];
static size_t g_njobs, g_next;
static time_t g_day; /* 00:00 UTC yesterday */
static cosem_selection_t g_sel;
static uint8_t g_sel_buf[COSEM_CLIENT_RANGE_SIZE(0)];

static tjob_t *job_add(const char *name, uint16_t port)
{
    tjob_t *j = &g_jobs[g_njobs++];
    memset(j, 0, sizeof *j);
    j->name = name;
    ck_assert_int_eq(cosem_multi_target_addr(&j->t, "127.0.0.1", port), COSEM_OK);
    j->t.cfg.link = COSEM_CLIENT_LINK_WRAPPER;
    j->t.cfg.response_timeout_ms = 2000;
    return j;
}

static bool t_next(void *user, cosem_multi_target_t *t, void **job)
{
    (void)user;
    if (g_next >= g_njobs) {
        return false;
    }
    *t = g_jobs[g_next].t;
    *job = &g_jobs[g_next++];
    return true;
}

/* Serial number: visible-string. */
static cosem_status_t on_serial(void *user, const cosem_client_data_t *d)
{
    tjob_t *j = user;
    if (d->kind == COSEM_CLIENT_DATA_VALUE && d->len >= 2 && d->data[0] == 0x0A &&
        d->data[1] < sizeof j->serial && d->len == 2u + d->data[1]) {
        memcpy(j->serial, d->data + 2, d->data[1]);
    }
    return COSEM_OK;
}

/* Rows: structure whose first field is the capture time, octet-string(12);
 * row k must be 00:00 UTC yesterday plus k quarter-hours. */
static cosem_status_t on_row(void *user, const cosem_client_data_t *d)
{
    tjob_t *j = user;
    struct tm want;
    time_t t;
    const uint8_t *p = d->data;
    if (d->kind != COSEM_CLIENT_DATA_ELEMENT) {
        return COSEM_OK;
    }
    if (d->index >= ROWS) {
        j->extra++;
        return COSEM_OK;
    }
    t = g_day + (time_t)d->index * 900;
    gmtime_r(&t, &want);
    if (d->len < 16 || p[0] != 0x02 || p[2] != 0x09 || p[3] != 12 ||
        ((unsigned)p[4] << 8 | p[5]) != (unsigned)want.tm_year + 1900u ||
        p[6] != want.tm_mon + 1 || p[7] != want.tm_mday || p[9] != want.tm_hour ||
        p[10] != want.tm_min || p[11] != 0) {
        j->bad_rows++;
    }
    if (!j->seen[d->index]) {
        j->seen[d->index] = 1;
        j->rows++;
    }
    return COSEM_OK;
}

static cosem_multi_next_t t_step(void *user, cosem_multi_slot_t *s, cosem_client_t *c,
                                 const cosem_client_error_t *last, uint32_t now)
{
    static const cosem_attr_ref_t serial = {1, {0, 0, 96, 1, 0, 255}, 2};
    static const cosem_attr_ref_t profile = {7, {1, 0, 99, 1, 0, 255}, 2};
    tjob_t *j = s->job;
    (void)user;
    if (last == NULL && s->attempt == 1) {
        j->rows_at_retry = j->rows;
    }
    if (last != NULL && last->status != COSEM_OK) {
        return COSEM_MULTI_FAIL;
    }
    if (last != NULL) {
        j->phase++;
    }
    if (j->phase == 0) {
        return cosem_client_get(c, &serial, NULL, on_serial, j, now) == COSEM_OK
                   ? COSEM_MULTI_RUN
                   : COSEM_MULTI_FAIL;
    }
    if (j->phase == 1) {
        return cosem_client_get(c, &profile, &g_sel, on_row, j, now) == COSEM_OK
                   ? COSEM_MULTI_RUN
                   : COSEM_MULTI_FAIL;
    }
    return COSEM_MULTI_DONE;
}

static void t_finish(void *user, cosem_multi_slot_t *s, const cosem_multi_outcome_t *o)
{
    tjob_t *j = s->job;
    (void)user;
    ck_assert_msg(!j->finished, "%s finished twice", j->name);
    j->finished = true;
    j->out = *o;
}

/* The range of yesterday (UTC) for every job. */
static void prepare_range(void)
{
    static const cosem_client_column_t clock = {{8, {0, 0, 1, 0, 0, 255}, 2}, 0};
    cosem_datetime_t a, b;
    time_t now = time(NULL);
    g_day = now - now % 86400 - 86400;
    ck_assert_int_eq(cosem_datetime_from_utc(&a, (int64_t)g_day, 0, 0), COSEM_OK);
    ck_assert_int_eq(cosem_datetime_from_utc(&b, (int64_t)g_day + 86399, 0, 0), COSEM_OK);
    ck_assert_int_eq(cosem_client_range_selection(g_sel_buf, sizeof g_sel_buf, &clock, &a, &b,
                                                  NULL, 0, &g_sel),
                     COSEM_OK);
}

/* A send callback for sizing a configuration (the loop sets its own). */
static cosem_status_t t_send_unused(void *user, const uint8_t *data, size_t len)
{
    (void)user;
    (void)data;
    (void)len;
    return COSEM_E_CLOSED;
}

/* Runs a loop over the jobs, serving the fakes between steps. */
static cosem_multi_stats_t run_jobs(unsigned max_active, uint8_t retries, fake_t *fakes,
                                    size_t nfakes)
{
    static cosem_multi_t m;
    static cosem_multi_slot_t slots[16];
    static uint8_t buf[16 * 4096 + 512]; /* + poll()'s descriptor array where used */
    cosem_multi_config_t mc;
    uint32_t t0 = cosem_posix_now_ms();
    size_t k;
    memset(&mc, 0, sizeof mc);
    mc.max_active = max_active;
    mc.connect_timeout_ms = 2000;
    mc.attempt_timeout_ms = 1500;
    mc.retries = retries;
    mc.retry_delay_ms = 50;
    mc.next = t_next;
    mc.step = t_step;
    mc.finish = t_finish;
    g_next = 0;
    for (k = 0; k < g_njobs; k++) {
        cosem_client_config_t cfg = g_jobs[k].t.cfg;
        cfg.send.fn = t_send_unused;
        ck_assert_uint_ge(4096, cosem_client_buf_size(&cfg));
    }
    ck_assert_uint_le(cosem_multi_buf_size(16, 4096), sizeof buf);
    ck_assert_int_eq(cosem_multi_init(&m, &mc, slots, 16, 4096, buf, sizeof buf), COSEM_OK);
    while (cosem_multi_step(&m, 5)) {
        for (k = 0; k < nfakes; k++) {
            fake_serve(&fakes[k]);
        }
        ck_assert_msg(cosem_posix_now_ms() - t0 < LIMIT_MS, "the loop did not end");
    }
    cosem_multi_free(&m);
    return *cosem_multi_stats(&m);
}

/* A good job read everything exactly once. */
static void check_good(const tjob_t *j, unsigned unit)
{
    char want[16];
    snprintf(want, sizeof want, "%08u", unit);
    ck_assert_msg(j->finished, "%s did not finish", j->name);
    ck_assert_msg(j->out.status == COSEM_OK, "%s: status %d stage %u layer %u", j->name,
                  j->out.status, j->out.stage, j->out.err.layer);
    ck_assert_str_eq(j->serial, want);
    ck_assert_uint_eq(j->rows, ROWS);
    ck_assert_uint_eq(j->bad_rows, 0);
    ck_assert_uint_eq(j->extra, 0);
}

/* A failed job: stage, layer and status. */
static void check_failed(const tjob_t *j, uint8_t stage, uint8_t layer, cosem_status_t st)
{
    ck_assert_msg(j->finished, "%s did not finish", j->name);
    ck_assert_msg(j->out.stage == stage && j->out.err.layer == layer && j->out.status == st,
                  "%s: stage %u layer %u status %d", j->name, j->out.stage, j->out.err.layer,
                  j->out.status);
}

static void setup(void)
{
    g_njobs = 0;
    prepare_range();
}

START_TEST(faults_do_not_disturb_the_others)
{
    fake_t fakes[3];
    tjob_t *good[3], *refused, *silent, *hang, *garbage, *drop, *nobody;
    uint16_t closed_port;
    cosem_multi_stats_t st;
    int lfd;
    unsigned k;
    fake_open(&fakes[0], F_SILENT);
    fake_open(&fakes[1], F_GARBAGE);
    fake_open(&fakes[2], F_DROP);
    fakes[2].upstream = meter_start(25, 1);
    fakes[2].cut = 1200; /* after the AARE and part of the profile */
    lfd = listen_any(&closed_port);
    close(lfd);
    for (k = 0; k < 3; k++) {
        good[k] = job_add("good", meter_start(21 + k, 1));
    }
    refused = job_add("refused", meter_start(24, 1));
    refused->t.cfg.client_sap = 0x20;
    refused->t.cfg.auth = COSEM_AUTH_LOW;
    memcpy(refused->password, "wrongpwd", 8);
    refused->t.cfg.password = refused->password;
    refused->t.cfg.password_len = 8;
    silent = job_add("silent", fakes[0].port);
    silent->t.cfg.response_timeout_ms = 300;
    hang = job_add("hang", fakes[0].port);
    hang->t.cfg.response_timeout_ms = 0; /* only the attempt time-out ends it */
    garbage = job_add("garbage", fakes[1].port);
    drop = job_add("drop", fakes[2].port);
    nobody = job_add("nobody", closed_port);
    st = run_jobs(4, 0, fakes, 3);
    for (k = 0; k < 3; k++) {
        check_good(good[k], 21 + k);
    }
    check_failed(refused, COSEM_MULTI_STAGE_ASSOCIATE, COSEM_CLIENT_LAYER_ASSOCIATION,
                 COSEM_E_DENIED);
    check_failed(silent, COSEM_MULTI_STAGE_ASSOCIATE, COSEM_CLIENT_LAYER_LINK, COSEM_E_TIMEOUT);
    check_failed(hang, COSEM_MULTI_STAGE_TIMEOUT, COSEM_CLIENT_LAYER_LINK, COSEM_E_TIMEOUT);
    check_failed(garbage, COSEM_MULTI_STAGE_ASSOCIATE, COSEM_CLIENT_LAYER_LINK,
                 COSEM_E_MALFORMED);
    check_failed(drop, COSEM_MULTI_STAGE_OPERATION, COSEM_CLIENT_LAYER_LINK, COSEM_E_CLOSED);
    ck_assert_msg(drop->rows > 0 && drop->rows < ROWS, "drop: %u rows before the cut",
                  drop->rows);
    ck_assert_str_eq(drop->serial, "00000025");
    check_failed(nobody, COSEM_MULTI_STAGE_TCP, COSEM_CLIENT_LAYER_LINK, COSEM_E_CLOSED);
    ck_assert_int_eq(nobody->out.sys_errno, ECONNREFUSED);
    ck_assert_uint_eq(st.started, 9);
    ck_assert_uint_eq(st.ok, 3);
    ck_assert_uint_eq(st.failed, 6);
    ck_assert_uint_le(st.peak_active, 4);
    ck_assert_uint_eq(st.active, 0);
    for (k = 0; k < 3; k++) {
        fake_drop_conn(&fakes[k]);
        close(fakes[k].lfd);
    }
}
END_TEST

START_TEST(retry_resumes_and_cap_holds)
{
    fake_t proxy;
    tjob_t *drop;
    uint16_t shared;
    cosem_multi_stats_t st;
    unsigned k;
    fake_open(&proxy, F_DROP);
    proxy.upstream = meter_start(26, 1);
    proxy.cut = 1500;
    proxy.drop_once = true;
    drop = job_add("drop-once", proxy.port);
    shared = meter_start(27, 8); /* 8 connections at once */
    for (k = 0; k < 40; k++) {
        job_add("shared", shared);
    }
    st = run_jobs(6, 1, &proxy, 1);
    ck_assert_uint_eq(drop->out.status, COSEM_OK);
    ck_assert_uint_eq(drop->out.attempts, 2);
    ck_assert_msg(drop->rows_at_retry > 0 && drop->rows_at_retry < ROWS,
                  "%u rows before the cut", drop->rows_at_retry);
    check_good(drop, 26);
    ck_assert_int_eq(proxy.conns, 2);
    /* (a session that connects while the meter has not yet seen the close of
     * the one before is refused by the meter's limit and tries again) */
    for (k = 1; k < g_njobs; k++) {
        check_good(&g_jobs[k], 27);
    }
    ck_assert_uint_eq(st.ok, 41);
    ck_assert_uint_ge(st.retries, 1);
    ck_assert_uint_le(st.peak_active, 6);
    ck_assert_uint_ge(st.peak_active, 2);
    fake_drop_conn(&proxy);
    close(proxy.lfd);
}
END_TEST

/* Copies what one pty master has to the other. */
static void relay(int from, int to)
{
    uint8_t b[1024];
    ssize_t n = read(from, b, sizeof b);
    if (n > 0) {
        (void)write(to, b, (size_t)n);
    }
}

START_TEST(serial_lines_next_to_tcp)
{
    int ma, sa, mb, sb; /* the meter's line (a), the collector's line (b) */
    char meter_line[64], our_line[64];
    static cosem_multi_t m;
    static cosem_multi_slot_t slots[2];
    static uint8_t buf[2 * 4096 + 512];
    cosem_multi_config_t mc;
    tjob_t *line, *tcp;
    uint32_t t0 = cosem_posix_now_ms();
    ck_assert_int_eq(openpty(&ma, &sa, meter_line, NULL, NULL), 0);
    ck_assert_int_eq(openpty(&mb, &sb, our_line, NULL, NULL), 0);
    nonblock(ma);
    nonblock(mb);
    /* (the meter counts its serial line among its connections: 2) */
    tcp = job_add("tcp", meter_start_line(28, 2, meter_line));
    line = job_add("line", 0);
    line->t.device = our_line;
    line->t.baud = 9600;
    line->t.cfg.link = COSEM_CLIENT_LINK_HDLC;
    line->t.cfg.server_physical = 28;
    memset(&mc, 0, sizeof mc);
    mc.max_active = 2;
    mc.next = t_next;
    mc.step = t_step;
    mc.finish = t_finish;
    g_next = 0;
    ck_assert_int_eq(cosem_multi_init(&m, &mc, slots, 2, 4096, buf, sizeof buf), COSEM_OK);
    while (cosem_multi_step(&m, 2)) {
        relay(ma, mb);
        relay(mb, ma);
        ck_assert_msg(cosem_posix_now_ms() - t0 < LIMIT_MS, "the loop did not end");
    }
    cosem_multi_free(&m);
    check_good(tcp, 28);
    check_good(line, 28);
    close(sb);
    close(sa);
    close(ma);
    close(mb);
}
END_TEST

static Suite *posix_multi_suite(void)
{
    Suite *s = suite_create("posix_multi");
    TCase *tc = tcase_create("loop");
    tcase_add_checked_fixture(tc, setup, meters_stop);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, faults_do_not_disturb_the_others);
    tcase_add_test(tc, retry_resumes_and_cap_holds);
    tcase_add_test(tc, serial_lines_next_to_tcp);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (METER_SERVER[0] == '\0' || access(METER_SERVER, X_OK) != 0) {
        printf("meter_server not built: skipped\n");
        return 77;
    }
    signal(SIGPIPE, SIG_IGN);
    return tu_run(posix_multi_suite());
}
