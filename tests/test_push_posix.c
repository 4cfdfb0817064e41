/* SPDX-License-Identifier: Apache-2.0 */
/* Pushes over loopback: a server whose Push setup object uses the POSIX
 * hooks (ports/posix/posix_push.c) sends data-notifications to a `cosem
 * listen` process over TCP and over UDP; the listener's JSON output must
 * carry the values, labelled with the object list. Also a push to a port
 * where nobody listens: retried, then reported failed. All on 127.0.0.1,
 * every wait bounded. Skipped (77) without the cosem tool. */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cosem/classes.h>
#include <cosem/push.h>
#include <cosem/server.h>

#include <cosem_posix.h>
#include <cosem_posix_push.h>

#include "test_class_fixture.h"
#include "test_push_report.h"

#ifndef COSEM_CLI
#define COSEM_CLI ""
#endif

static uint32_t energy = 987654;
static const cosem_vref_t energy_ref = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy);

static uint8_t transport;
static char dest[32];
static uint16_t dest_n;
static uint8_t window_n;
static uint16_t randomisation, repetition = 1;
static uint8_t retries = 1;
static cosem_push_state_t pstate;
static uint8_t pbuf[128];
static cosem_posix_push_t pp = {1, 0x10, 3000, -1, 0, NULL, 0, 0, {0}, 0, 0, NULL};


extern const cosem_object_t objects[];
static const cosem_push_item_t items[] = {{&objects[0], 1}, {&objects[1], 2}};
static cosem_push_setup_t push_desc = {
    items, 2, &transport, {(uint8_t *)dest, &dest_n, sizeof dest}, NULL, &window_n, 0,
    &randomisation, &retries, &repetition, &pstate, pbuf, sizeof pbuf, cosem_posix_push_send,
    cosem_posix_push_poll, hook_report, &pp, 0};

const cosem_object_t objects[] = {
    {{0, 0, 25, 9, 0, 255}, &cosem_class_push_setup, &push_desc, NULL, all_rights, NULL},
    {{1, 0, 1, 8, 0, 255}, &cosem_class_data, &energy_ref, NULL, all_rights, NULL},
};

static const cosem_assoc_config_t assoc_cfg[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_ACTION, NULL, NULL, false, NULL}};

static void setup(void)
{
    memset(&pstate, 0, sizeof pstate);
    reports = 0;
    push_desc.block_size = 0;
    fx_server_init(objects, 2, assoc_cfg, 1, NULL, 512);
}

static void teardown(void)
{
    cosem_posix_push_close(&pp);
}

/* A running `cosem listen`: pid, its stdout, the port it said. */
typedef struct {
    pid_t pid;
    FILE *out;
    unsigned port;
} listener_t;

/* Starts `cosem listen --PROTO 0 ...` and reads the port from stderr. */
static void listener_start(listener_t *l, const char *proto)
{
    int po[2], err[2];
    char line[128];
    FILE *ef;
    ck_assert_int_eq(pipe(po), 0);
    ck_assert_int_eq(pipe(err), 0);
    l->pid = fork();
    ck_assert_int_ge(l->pid, 0);
    if (l->pid == 0) {
        dup2(po[1], 1);
        dup2(err[1], 2);
        close(po[0]);
        close(err[0]);
        execl(COSEM_CLI, COSEM_CLI, "listen", proto, "0", "--count", "1", "--timeout", "10",
              "--json", "--objects", "40/0.0.25.9.0.255/1,1/1.0.1.8.0.255/2", (char *)NULL);
        _exit(127);
    }
    close(po[1]);
    close(err[1]);
    ef = fdopen(err[0], "r");
    ck_assert_ptr_nonnull(fgets(line, sizeof line, ef));
    ck_assert_int_eq(sscanf(strrchr(line, ':') + 1, "%u", &l->port), 1);
    fclose(ef);
    l->out = fdopen(po[0], "r");
}

/* Waits for the listener's exit; its status. */
static int listener_wait(listener_t *l)
{
    int status = 0;
    ck_assert_int_eq(waitpid(l->pid, &status, 0), l->pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Ticks the server once every 50 ms (a push's second ticks) until the
 * push ends, at most ~5 s. */
static void push_run(void)
{
    struct timespec ts = {0, 50 * 1000000L};
    for (int i = 0; i < 100 && pstate.phase != COSEM_PUSH_IDLE; ++i) {
        cosem_server_tick(&server);
        nanosleep(&ts, NULL);
    }
}

/* One push over the given transport to a fresh listener, in blocks of at
 * most block_size octets (0: one APDU). */
static void push_to_listener(const char *proto, uint8_t tr, uint16_t block_size)
{
    listener_t l;
    char text[2048];
    size_t n;
    listener_start(&l, proto);
    transport = tr;
    push_desc.block_size = block_size;
    dest_n = (uint16_t)snprintf(dest, sizeof dest, "127.0.0.1:%u", l.port);
    ck_assert_int_eq(cosem_push_trigger(&server, &objects[0]), COSEM_OK);
    push_run();
    ck_assert_int_eq(reports, 1);
    ck_assert_int_eq(report_result, COSEM_OK);
    ck_assert_int_eq(listener_wait(&l), 0);
    n = fread(text, 1, sizeof text - 1, l.out);
    text[n] = 0;
    fclose(l.out);
    ck_assert_msg(strstr(text, "\"data-notification\"") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "987654") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "\"Data/1.0.1.8.0.255/2 (value)\"") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "\"source_wport\": 1") != NULL, "%s", text);
    ck_assert_msg((strstr(text, "\"general_block_transfer_blocks\": 3") != NULL) == (block_size != 0),
                  "%s", text);
}

START_TEST(test_push_tcp)
{
    push_to_listener("--tcp", COSEM_PUSH_TCP, 0);
}
END_TEST

START_TEST(test_push_udp)
{
    push_to_listener("--udp", COSEM_PUSH_UDP, 0);
}
END_TEST

/* The 21-octet notification in blocks of 7 data octets: 3 blocks, over
 * one TCP connection and as 3 datagrams. */
START_TEST(test_push_tcp_blocks)
{
    push_to_listener("--tcp", COSEM_PUSH_TCP, 16);
}
END_TEST

START_TEST(test_push_udp_blocks)
{
    push_to_listener("--udp", COSEM_PUSH_UDP, 16);
}
END_TEST

/* Nobody listens on the port: refused, retried once, reported failed. */
START_TEST(test_push_refused)
{
    cosem_posix_loop_t *loop = malloc(sizeof *loop);
    cosem_posix_handlers_t h;
    int id = -1;
    uint16_t port;
    ck_assert_ptr_nonnull(loop);
    memset(&h, 0, sizeof h);
    cosem_posix_loop_init(loop);
    /* A port that was free a moment ago: bind, read it, close. */
    ck_assert_int_eq(cosem_posix_tcp_listen(loop, "127.0.0.1", 0, 1, &h, &id), COSEM_OK);
    port = cosem_posix_local_port(loop, id);
    cosem_posix_loop_free(loop);
    free(loop);
    transport = COSEM_PUSH_TCP;
    dest_n = (uint16_t)snprintf(dest, sizeof dest, "127.0.0.1:%u", port);
    ck_assert_int_eq(cosem_push_trigger(&server, &objects[0]), COSEM_OK);
    push_run();
    ck_assert_int_eq(reports, 1);
    ck_assert_int_ne(report_result, COSEM_OK);
    ck_assert_uint_eq(report_attempts, 2);
    ck_assert_uint_eq(pstate.failed, 1);
}
END_TEST

static Suite *push_posix_suite(void)
{
    Suite *s = suite_create("push_posix");
    TCase *tc = tcase_create("loopback");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_push_tcp);
    tcase_add_test(tc, test_push_udp);
    tcase_add_test(tc, test_push_tcp_blocks);
    tcase_add_test(tc, test_push_udp_blocks);
    tcase_add_test(tc, test_push_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (COSEM_CLI[0] == '\0' || access(COSEM_CLI, X_OK) != 0) {
        fprintf(stderr, "test_push_posix: no cosem tool, skipped\n");
        return 77;
    }
    return tu_run(push_posix_suite());
}
