/* SPDX-License-Identifier: Apache-2.0 */
/* The platform port interface (include/cosem/port.h): the helpers apply the
 * documented behaviour of every NULL member, and two port instances with
 * their own fake clock, RNG and counter store run side by side in one
 * process (the reason the port is a per-instance struct). */
#include <string.h>

#include <cosem/port.h>

#include "test_util.h"

/* A fake meter platform: a clock the test advances, a counting RNG,
 * two relays, a tiny counter store and a log recorder. */
typedef struct {
    uint32_t ms;
    int64_t utc;
    uint8_t rng;
    bool relay[2];
    uint32_t nv_id[4];
    uint64_t nv_val[4];
    int nv_n;
    char last_log[64];
    cosem_log_level_t last_level;
} fake_t;

static uint32_t f_now(void *u)
{
    return ((fake_t *)u)->ms;
}

static cosem_status_t f_time_get(void *u, cosem_datetime_t *dt)
{
    return cosem_datetime_from_utc(dt, ((fake_t *)u)->utc, -60, 0);
}

static cosem_status_t f_time_set(void *u, const cosem_datetime_t *dt)
{
    return cosem_datetime_to_utc(dt, &((fake_t *)u)->utc) == COSEM_OK ? COSEM_OK : COSEM_E_RANGE;
}

static cosem_status_t f_random(void *u, uint8_t *b, size_t n)
{
    fake_t *f = u;
    size_t i;
    for (i = 0; i < n; i++) {
        b[i] = f->rng++;
    }
    return COSEM_OK;
}

static cosem_status_t f_relay_set(void *u, unsigned i, bool on)
{
    fake_t *f = u;
    if (i >= 2) {
        return COSEM_E_RANGE;
    }
    f->relay[i] = on;
    return COSEM_OK;
}

static cosem_status_t f_relay_get(void *u, unsigned i, bool *on)
{
    fake_t *f = u;
    if (i >= 2) {
        return COSEM_E_RANGE;
    }
    *on = f->relay[i];
    return COSEM_OK;
}

static cosem_status_t f_nv_load(void *u, uint32_t id, uint64_t *v)
{
    fake_t *f = u;
    int i;
    for (i = 0; i < f->nv_n; i++) {
        if (f->nv_id[i] == id) {
            *v = f->nv_val[i];
            return COSEM_OK;
        }
    }
    *v = 12345; /* garbage the helper must not pass on */
    return COSEM_E_NOTFOUND;
}

static cosem_status_t f_nv_store(void *u, uint32_t id, uint64_t v)
{
    fake_t *f = u;
    int i;
    for (i = 0; i < f->nv_n; i++) {
        if (f->nv_id[i] == id) {
            f->nv_val[i] = v;
            return COSEM_OK;
        }
    }
    if (f->nv_n == 4) {
        return COSEM_E_NOSPACE;
    }
    f->nv_id[f->nv_n] = id;
    f->nv_val[f->nv_n++] = v;
    return COSEM_OK;
}

static void f_log(void *u, cosem_log_level_t level, const char *text)
{
    fake_t *f = u;
    f->last_level = level;
    strncpy(f->last_log, text, sizeof f->last_log - 1);
}

/* A port over one fake. */
static cosem_port_t fake_port(fake_t *f)
{
    cosem_port_t p;
    memset(&p, 0, sizeof p);
    p.user = f;
    p.now_ms = f_now;
    p.time_get = f_time_get;
    p.time_set = f_time_set;
    p.random = f_random;
    p.relay_set = f_relay_set;
    p.relay_get = f_relay_get;
    p.nv_load = f_nv_load;
    p.nv_store = f_nv_store;
    p.log = f_log;
    return p;
}

START_TEST(test_null_members)
{
    /* Behaviour documented for each NULL member in port.h. */
    cosem_port_t empty;
    const cosem_port_t *ports[2];
    int k;
    memset(&empty, 0, sizeof empty);
    ports[0] = &empty;
    ports[1] = NULL; /* no port at all behaves the same */
    for (k = 0; k < 2; k++) {
        const cosem_port_t *p = ports[k];
        cosem_datetime_t dt;
        uint8_t r[4] = {1, 2, 3, 4};
        bool on = true;
        uint64_t v = 99;
        memset(&dt, 0, sizeof dt);
        ck_assert_uint_eq(cosem_port_now_ms(p), 0);
        ck_assert_int_eq(cosem_port_time_get(p, &dt), COSEM_E_UNSUPPORTED);
        ck_assert_uint_eq(dt.year, COSEM_DT_YEAR_NS);
        ck_assert_uint_eq(dt.hour, COSEM_DT_NS);
        ck_assert_int_eq(dt.deviation, COSEM_DT_DEVIATION_NS);
        ck_assert_uint_eq(dt.status, COSEM_CLOCK_STATUS_INVALID);
        ck_assert_int_eq(cosem_port_time_set(p, &dt), COSEM_E_UNSUPPORTED);
        ck_assert_int_eq(cosem_port_random(p, r, sizeof r), COSEM_E_UNSUPPORTED);
        ck_assert_int_eq(cosem_port_relay_set(p, 0, true), COSEM_E_UNSUPPORTED);
        ck_assert_int_eq(cosem_port_relay_get(p, 0, &on), COSEM_E_UNSUPPORTED);
        ck_assert(!on);
        ck_assert_int_eq(cosem_port_nv_load(p, 1, &v), COSEM_E_NOTFOUND);
        ck_assert_uint_eq(v, 0);
        ck_assert_int_eq(cosem_port_nv_store(p, 1, 5), COSEM_E_UNSUPPORTED);
        cosem_port_log(p, COSEM_LOG_ERROR, "dropped"); /* must not crash */
    }
}
END_TEST

START_TEST(test_two_meters_one_process)
{
    fake_t fa, fb;
    cosem_port_t a, b;
    cosem_datetime_t dt;
    uint8_t ra[3], rb[3];
    uint64_t v;
    bool on;
    memset(&fa, 0, sizeof fa);
    memset(&fb, 0, sizeof fb);
    fa.utc = 1893456000; /* 2030-01-01T00:00:00Z */
    fb.utc = 0;
    fb.rng = 100;
    a = fake_port(&fa);
    b = fake_port(&fb);
    fa.ms = 1000;
    fb.ms = 0xFFFFFFF0u;
    ck_assert_uint_eq(cosem_port_now_ms(&a), 1000);
    ck_assert_uint_eq(cosem_port_now_ms(&b), 0xFFFFFFF0u);
    ck_assert_int_eq(cosem_port_time_get(&a, &dt), COSEM_OK);
    ck_assert_uint_eq(dt.year, 2030);
    ck_assert_uint_eq(dt.hour, 1); /* UTC+1: deviation -60 */
    ck_assert_int_eq(cosem_port_time_get(&b, &dt), COSEM_OK);
    ck_assert_uint_eq(dt.year, 1970);
    ck_assert_int_eq(cosem_port_random(&a, ra, 3), COSEM_OK);
    ck_assert_int_eq(cosem_port_random(&b, rb, 3), COSEM_OK);
    ck_assert_uint_eq(ra[2], 2);
    ck_assert_uint_eq(rb[2], 102);
    ck_assert_int_eq(cosem_port_relay_set(&a, 1, true), COSEM_OK);
    ck_assert_int_eq(cosem_port_relay_get(&b, 1, &on), COSEM_OK);
    ck_assert(!on);
    ck_assert_int_eq(cosem_port_relay_get(&a, 1, &on), COSEM_OK);
    ck_assert(on);
    ck_assert_int_eq(cosem_port_relay_get(&a, 2, &on), COSEM_E_RANGE);
    ck_assert(!on);
    ck_assert_int_eq(cosem_port_nv_store(&a, COSEM_NV_ID_TX_INVOCATION(0), 7), COSEM_OK);
    ck_assert_int_eq(cosem_port_nv_load(&b, COSEM_NV_ID_TX_INVOCATION(0), &v), COSEM_E_NOTFOUND);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(cosem_port_nv_load(&a, COSEM_NV_ID_TX_INVOCATION(0), &v), COSEM_OK);
    ck_assert_uint_eq(v, 7);
    /* Setting one meter's clock leaves the other alone. */
    ck_assert_int_eq(cosem_datetime_parse(&dt, "2031-06-01T00:00:00Z", 20), COSEM_OK);
    ck_assert_int_eq(cosem_port_time_set(&b, &dt), COSEM_OK);
    ck_assert(fb.utc == 1938038400);
    ck_assert(fa.utc == 1893456000);
    cosem_port_log(&a, COSEM_LOG_WARN, "meter a");
    ck_assert_str_eq(fa.last_log, "meter a");
    ck_assert_int_eq(fa.last_level, COSEM_LOG_WARN);
    ck_assert_str_eq(fb.last_log, "");
    /* The counter ids of the library and the application do not overlap. */
    ck_assert_uint_lt(COSEM_NV_ID_RX_INVOCATION(255), COSEM_NV_ID_USER);
    ck_assert_uint_lt(COSEM_NV_ID_TX_INVOCATION(255), COSEM_NV_ID_RX_INVOCATION(0));
}
END_TEST

static Suite *port_helpers_suite(void)
{
    Suite *s = suite_create("port_helpers");
    TCase *tc = tcase_create("port");
    tcase_add_test(tc, test_null_members);
    tcase_add_test(tc, test_two_meters_one_process);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(port_helpers_suite)
