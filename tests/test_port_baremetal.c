/* SPDX-License-Identifier: Apache-2.0 */
/* The bare-metal port (ports/baremetal/baremetal.c) on the host: the
 * single-producer/single-consumer receive ring, with a real asynchronous
 * producer (a SIGALRM handler standing in for the UART interrupt) that
 * interrupts the consumer anywhere; the tick; the port struct over the weak
 * default hooks (each behaves as port.h documents for an absent member). */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

/* The port is compiled into this test (it is not part of libcosem). */
#include "../ports/baremetal/baremetal.c"

#include "test_util.h"

START_TEST(test_ring_basic)
{
    cosem_bm_ring_t r;
    uint8_t mem[8], out[16];
    int i;
    ck_assert_int_eq(cosem_bm_ring_init(&r, mem, 6), COSEM_E_ARG);
    ck_assert_int_eq(cosem_bm_ring_init(&r, mem, 1), COSEM_E_ARG);
    ck_assert_int_eq(cosem_bm_ring_init(&r, mem, 0), COSEM_E_ARG);
    ck_assert_int_eq(cosem_bm_ring_init(&r, NULL, 8), COSEM_E_ARG);
    ck_assert_int_eq(cosem_bm_ring_init(&r, mem, 8), COSEM_OK);
    ck_assert_uint_eq(cosem_bm_ring_get(&r, out, sizeof out), 0);
    /* Exactly 8 fit; the 9th is dropped and counted. */
    for (i = 0; i < 8; i++) {
        ck_assert(cosem_bm_ring_put_isr(&r, (uint8_t)(0xA0 + i)));
    }
    ck_assert(!cosem_bm_ring_put_isr(&r, 0xFF));
    ck_assert_uint_eq(cosem_bm_ring_overruns(&r), 1);
    ck_assert_uint_eq(cosem_bm_ring_count(&r), 8);
    ck_assert_uint_eq(cosem_bm_ring_get(&r, out, 3), 3);
    ck_assert_uint_eq(out[0], 0xA0);
    ck_assert_uint_eq(out[2], 0xA2);
    /* Wrap around the end of the storage. */
    for (i = 0; i < 3; i++) {
        ck_assert(cosem_bm_ring_put_isr(&r, (uint8_t)(0xB0 + i)));
    }
    ck_assert_uint_eq(cosem_bm_ring_get(&r, out, sizeof out), 8);
    ck_assert_uint_eq(out[0], 0xA3);
    ck_assert_uint_eq(out[4], 0xA7);
    ck_assert_uint_eq(out[5], 0xB0);
    ck_assert_uint_eq(out[7], 0xB2);
    ck_assert_uint_eq(cosem_bm_ring_count(&r), 0);
}
END_TEST

START_TEST(test_ring_index_wrap)
{
    /* The free-running indices wrap at 2^32 without losing count. */
    cosem_bm_ring_t r;
    uint8_t mem[4], out[4];
    ck_assert_int_eq(cosem_bm_ring_init(&r, mem, 4), COSEM_OK);
    r.head = r.tail = 0xFFFFFFFEu;
    ck_assert(cosem_bm_ring_put_isr(&r, 1));
    ck_assert(cosem_bm_ring_put_isr(&r, 2));
    ck_assert(cosem_bm_ring_put_isr(&r, 3));
    ck_assert(cosem_bm_ring_put_isr(&r, 4));
    ck_assert(!cosem_bm_ring_put_isr(&r, 5));
    ck_assert_uint_eq(r.head, 2);
    ck_assert_uint_eq(cosem_bm_ring_count(&r), 4);
    ck_assert_uint_eq(cosem_bm_ring_get(&r, out, 4), 4);
    ck_assert_uint_eq(out[0], 1);
    ck_assert_uint_eq(out[3], 4);
}
END_TEST

/* The "UART interrupt": a SIGALRM handler pushing a counting sequence. */
static cosem_bm_ring_t g_ring;
static uint8_t g_mem[16];
static volatile uint8_t g_next;
static volatile sig_atomic_t g_isr_calls;

static void fake_uart_isr(int sig)
{
    int k;
    (void)sig;
    g_isr_calls++;
    for (k = 0; k < 3; k++) { /* a FIFO with three octets per interrupt */
        if (cosem_bm_ring_put_isr(&g_ring, g_next)) {
            g_next = (uint8_t)(g_next + 1u);
        }
        cosem_bm_tick_isr();
    }
}

START_TEST(test_ring_async_producer)
{
    struct sigaction sa;
    struct itimerval it;
    struct timespec t0, t1;
    uint8_t expect = 0, out[5];
    unsigned long got = 0;
    uint32_t tick0 = cosem_bm_now_ms();
    long elapsed_ms = 0;
    ck_assert_int_eq(cosem_bm_ring_init(&g_ring, g_mem, sizeof g_mem), COSEM_OK);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fake_uart_isr;
    sa.sa_flags = SA_RESTART;
    ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
    memset(&it, 0, sizeof it);
    it.it_interval.tv_usec = 100;
    it.it_value.tv_usec = 100;
    ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* Consume in small odd-sized pieces for at most 400 ms: every octet must
     * come out once and in order, whatever the interleaving. */
    while (elapsed_ms < 400 && got < 200000u) {
        size_t n = cosem_bm_ring_get(&g_ring, out, sizeof out), i;
        for (i = 0; i < n; i++) {
            ck_assert_msg(out[i] == expect, "octet %lu: got %u want %u", got, out[i], expect);
            expect = (uint8_t)(expect + 1u);
            got++;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        elapsed_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    }
    memset(&it, 0, sizeof it);
    ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
    signal(SIGALRM, SIG_DFL);
    /* Drain what is left after the last interrupt. */
    {
        size_t n, i;
        while ((n = cosem_bm_ring_get(&g_ring, out, sizeof out)) > 0) {
            for (i = 0; i < n; i++) {
                ck_assert_uint_eq(out[i], expect);
                expect = (uint8_t)(expect + 1u);
                got++;
            }
        }
    }
    ck_assert_uint_eq(cosem_bm_ring_count(&g_ring), 0);
    ck_assert_uint_gt(g_isr_calls, 10);
    ck_assert_uint_gt(got, 30);
    ck_assert_uint_eq(expect, g_next);
    ck_assert_uint_eq(cosem_bm_now_ms() - tick0, (uint32_t)g_isr_calls * 3u);
}
END_TEST

START_TEST(test_port_weak_defaults)
{
    cosem_port_t p;
    cosem_datetime_t dt;
    uint8_t r[4];
    bool on = true;
    uint64_t v = 5;
    uint32_t t;
    memset(&p, 0, sizeof p);
    cosem_bm_port_init(&p);
    ck_assert_ptr_null(p.user);
    t = cosem_port_now_ms(&p);
    cosem_bm_tick_isr();
    ck_assert_uint_eq(cosem_port_now_ms(&p) - t, 1);
    ck_assert_int_eq(cosem_port_time_get(&p, &dt), COSEM_E_UNSUPPORTED);
    ck_assert_uint_eq(dt.status, COSEM_CLOCK_STATUS_INVALID);
    ck_assert_int_eq(cosem_port_time_set(&p, &dt), COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(cosem_port_random(&p, r, sizeof r), COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(cosem_port_relay_set(&p, 0, true), COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(cosem_port_relay_get(&p, 0, &on), COSEM_E_UNSUPPORTED);
    ck_assert(!on);
    ck_assert_int_eq(cosem_port_nv_load(&p, 1, &v), COSEM_E_NOTFOUND);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(cosem_port_nv_store(&p, 1, 2), COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(cosem_bm_uart_send(NULL, r, 1), COSEM_E_UNSUPPORTED);
    cosem_port_log(&p, COSEM_LOG_INFO, "nowhere");
}
END_TEST

static Suite *port_baremetal_suite(void)
{
    Suite *s = suite_create("port_baremetal");
    TCase *tc = tcase_create("ring");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_ring_basic);
    tcase_add_test(tc, test_ring_index_wrap);
    tcase_add_test(tc, test_ring_async_producer);
    tcase_add_test(tc, test_port_weak_defaults);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(port_baremetal_suite)
