/* SPDX-License-Identifier: Apache-2.0 */
/* Profile generic (class 7): captures into a ring in application memory,
 * attributes 3..8 and their SETs, reset/capture methods, automatic capture
 * on period boundaries, buffer reads with range and entry selection over a
 * ring that has wrapped, column selection, and the streaming of thousands of
 * rows through cosem_req_commit() (blocks reassembled and compared with
 * rows encoded independently here).
 *
 * Encodings: Blue Book (DLMS UA 1000-1) 4.3.6 Profile generic attribute and
 * method types; A-XDR tags of IEC 62056-6-2 (array 01, structure 02,
 * double-long-unsigned 06, octet-string 09, integer 0F, long-unsigned 12,
 * enum 16). Selective access parameters as Gurux.DLMS.Python 1.0.197's
 * GXDLMSClient.readRowsByRange / readRowsByEntry generate them (bytes
 * recorded below, generated with that library, not copied code). */
#include <stdio.h>
#include <string.h>

#include <cosem/profile.h>
#include <cosem/server.h>

#include "classes/profile_internal.h"
#include "test_util.h"

/* ---- a small meter: clock, status word, energy register ------------- */

static int64_t g_utc;        /* wall clock of the fake Clock object */
static int16_t g_dev;        /* its deviation (minutes, -60 = UTC+1) */
static uint16_t g_status;    /* status word (a Data object) */
static uint32_t g_energy;    /* energy register value */

/* Clock stand-in (class 8): time as octet-string(12). */
static cosem_dar_t clk_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    if (r->id != 2) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, g_utc, g_dev, 0), COSEM_OK);
    (void)cosem_axdr_write_datetime_os(w, &dt);
    return COSEM_DAR_SUCCESS;
}

/* Data stand-in (class 1): long-unsigned status. */
static cosem_dar_t data_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    (void)r;
    (void)cosem_axdr_write_u16(w, g_status);
    return COSEM_DAR_SUCCESS;
}

/* Register stand-in (class 3): value and scaler_unit {0, Wh}. */
static cosem_dar_t reg_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    if (r->id == 2) {
        (void)cosem_axdr_write_u32(w, g_energy);
    } else {
        (void)cosem_axdr_write_structure(w, 2);
        (void)cosem_axdr_write_i8(w, 0);
        (void)cosem_axdr_write_enum(w, 30);
    }
    return COSEM_DAR_SUCCESS;
}

static const cosem_class_t clk_class = {.class_id = 8, .attr_count = 9, .default_read = 0x1FF,
                                        .get = clk_get};
static const cosem_class_t data_class = {.class_id = 1, .attr_count = 2, .default_read = 3,
                                         .get = data_get};
static const cosem_class_t reg_class = {.class_id = 3, .attr_count = 3, .default_read = 7,
                                        .get = reg_get};

#define LN_CLOCK {0, 0, 1, 0, 0, 255}
#define LN_STATUS {0, 0, 96, 10, 1, 255}
#define LN_ENERGY {1, 0, 1, 8, 0, 255}
#define LN_BILLING {1, 0, 98, 1, 0, 255}
#define LN_LOAD {1, 0, 99, 1, 0, 255}

/* Load profile 1-0:99.1.0*255: time stamp, status word, energy; 1000 rows. */
#define LP_ROW (COSEM_PROFILE_W_DATETIME + COSEM_PROFILE_W_U16 + COSEM_PROFILE_W_U32)
#define LP_ROWS 1000u
static const cosem_capture_def_t lp_cols[] = {
    {8, LN_CLOCK, 2, COSEM_PROFILE_W_DATETIME, 0},
    {1, LN_STATUS, 2, COSEM_PROFILE_W_U16, 0},
    {3, LN_ENERGY, 2, COSEM_PROFILE_W_U32, 0},
};
static cosem_profile_state_t lp_state;
static uint8_t lp_store[LP_ROW * LP_ROWS];
static const cosem_profile_t lp = {&lp_state, lp_store, sizeof lp_store, lp_cols, NULL, 3, 900,
                                   0};

/* Billing profile 1-0:98.1.0*255: settable capture objects, widths measured. */
static cosem_capture_def_t bp_cols[4];
static cosem_profile_state_t bp_state;
static uint8_t bp_store[200];
static const cosem_profile_t bp = {&bp_state, bp_store, sizeof bp_store, NULL, bp_cols, 4, 0, 0};

/* Profiles: every attribute readable, 3/4/5/8 writable, both methods. */
#define PG_RIGHTS {0x00FF, COSEM_ATTR(3) | COSEM_ATTR(4) | COSEM_ATTR(5) | COSEM_ATTR(8), 3}
static const cosem_access_t pg_access[COSEM_MAX_ACCESS_LEVELS] = {PG_RIGHTS, PG_RIGHTS};

static const cosem_object_t objects[] = {
    {LN_CLOCK, &clk_class, NULL, NULL, NULL, NULL},
    {LN_STATUS, &data_class, NULL, NULL, NULL, NULL},
    {LN_ENERGY, &reg_class, NULL, NULL, NULL, NULL},
    {LN_BILLING, &cosem_class_profile_generic, &bp, NULL, pg_access, NULL},
    {LN_LOAD, &cosem_class_profile_generic, &lp, NULL, pg_access, NULL},
};
#define OBJ_BP (&objects[3])
#define OBJ_LP (&objects[4])

static cosem_server_t srv;

/* Wall clock of the port: g_utc at the deviation g_dev. */
static cosem_status_t port_time(void *user, cosem_datetime_t *now)
{
    (void)user;
    return cosem_datetime_from_utc(now, g_utc, g_dev, 0);
}
static const cosem_port_t port = {.time_get = port_time};

/* Public client, no authentication, the services a profile reader needs. */
static const cosem_assoc_config_t assoc_cfg[1] = {
    {.client_sap = 0x10,
     .mechanism = COSEM_AUTH_NONE,
     .conformance = COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION |
                    COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_SELECTIVE_ACCESS}};

/* Fresh meter for every test. */
static void setup(void)
{
    static const cosem_capture_def_t bp_init[2] = {{8, LN_CLOCK, 2, 0, 0}, {3, LN_ENERGY, 2, 0, 0}};
    cosem_server_config_t cfg;
    memset(&lp_state, 0, sizeof lp_state);
    memset(&bp_state, 0, sizeof bp_state);
    memset(lp_store, 0xA5, sizeof lp_store);
    memset(bp_cols, 0, sizeof bp_cols);
    memcpy(bp_cols, bp_init, sizeof bp_init);
    g_utc = 1704067200; /* 2024-01-01T00:00:00Z */
    g_dev = -60;
    g_status = 0;
    g_energy = 0;
    memset(&cfg, 0, sizeof cfg);
    cfg.objects = objects;
    cfg.object_count = sizeof objects / sizeof objects[0];
    cfg.max_pdu = 1024;
    cfg.assocs = assoc_cfg;
    cfg.assoc_count = 1;
    cfg.port = &port;
    ck_assert_int_eq(cosem_server_init(&srv, &cfg), COSEM_OK);
}

/* Capture n rows of the load profile, one per 15 minutes: row k (0-based
 * since setup) has status k & 0xFF and energy 10 k. */
static void fill(uint32_t n)
{
    static uint32_t k;
    if (lp_state.seq == 0u) {
        k = 0;
    }
    for (uint32_t i = 0; i < n; i++, k++) {
        g_utc = 1704067200 + (int64_t)k * 900;
        g_status = (uint16_t)(k & 0xFFu);
        g_energy = k * 10u;
        ck_assert_int_eq(cosem_profile_capture(&srv, OBJ_LP), COSEM_OK);
    }
}

/* Encode load profile row k (all or some columns) independently of the class. */
static void expect_row(cosem_axdr_writer_t *w, uint32_t k, const uint8_t *cols, size_t ncols)
{
    static const uint8_t all[3] = {0, 1, 2};
    cosem_datetime_t dt;
    if (cols == NULL) {
        cols = all;
        ncols = 3;
    }
    ck_assert_int_eq(cosem_datetime_from_utc(&dt, 1704067200 + (int64_t)k * 900, -60, 0),
                     COSEM_OK);
    (void)cosem_axdr_write_structure(w, ncols);
    for (size_t i = 0; i < ncols; i++) {
        if (cols[i] == 0u) {
            (void)cosem_axdr_write_datetime_os(w, &dt);
        } else if (cols[i] == 1u) {
            (void)cosem_axdr_write_u16(w, (uint16_t)(k & 0xFFu));
        } else {
            (void)cosem_axdr_write_u32(w, k * 10u);
        }
    }
}

/* Expected buffer: rows first..last (inclusive, row numbers k). */
static size_t expect_rows(uint8_t *buf, size_t cap, uint32_t first, uint32_t count,
                          const uint8_t *cols, size_t ncols)
{
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, buf, cap);
    (void)cosem_axdr_write_array(&w, count);
    for (uint32_t i = 0; i < count; i++) {
        expect_row(&w, first + i, cols, ncols);
    }
    ck_assert_int_eq(cosem_axdr_writer_status(&w), COSEM_OK);
    return cosem_axdr_writer_len(&w);
}

/* A request as the server builds it. */
static void req_init(cosem_req_t *r, const cosem_object_t *obj, uint8_t service, int8_t id,
                     uint8_t selector, const uint8_t *params, size_t plen)
{
    memset(r, 0, sizeof *r);
    r->server = &srv;
    r->obj = obj;
    r->service = service;
    r->id = id;
    r->sel.selector = selector;
    r->sel.params.p = params;
    r->sel.params.len = plen;
}

/* GET in one piece (no block limit); the value's length or 0 on error. */
static cosem_dar_t get_attr(const cosem_object_t *obj, int8_t id, uint8_t selector,
                            const uint8_t *params, size_t plen, uint8_t *out, size_t cap,
                            size_t *len)
{
    cosem_req_t r;
    cosem_axdr_writer_t w;
    req_init(&r, obj, COSEM_SERVICE_GET, id, selector, params, plen);
    cosem_axdr_writer_init(&w, out, cap);
    cosem_dar_t dar = obj->cls->get(&r, &w);
    ck_assert(!r.more_);
    ck_assert_int_eq(cosem_axdr_writer_status(&w), COSEM_OK);
    *len = cosem_axdr_writer_len(&w);
    return dar;
}

/* SET from hex. */
static cosem_dar_t set_attr(const cosem_object_t *obj, int8_t id, const char *hex)
{
    uint8_t buf[128];
    cosem_req_t r;
    cosem_axdr_reader_t rd;
    req_init(&r, obj, COSEM_SERVICE_SET, id, 0, NULL, 0);
    cosem_axdr_reader_init(&rd, buf, tu_hex(hex, buf, sizeof buf));
    return obj->cls->set(&r, &rd);
}

/* ACTION with integer(0). */
static cosem_dar_t act(const cosem_object_t *obj, int8_t id)
{
    static const uint8_t zero[2] = {0x0F, 0x00};
    uint8_t ret[8];
    cosem_req_t r;
    cosem_axdr_reader_t rd;
    cosem_axdr_writer_t w;
    req_init(&r, obj, COSEM_SERVICE_ACTION, id, 0, NULL, 0);
    cosem_axdr_reader_init(&rd, zero, sizeof zero);
    cosem_axdr_writer_init(&w, ret, sizeof ret);
    return obj->cls->action(&r, &rd, &w);
}

/* Hook run between two blocks of a streamed read. */
typedef void (*between_fn)(uint32_t block);

/* Stream a GET the way the server does (src/server/get.c): a work buffer,
 * a block limit, carry-over of octets written past it, roll back to the
 * last commit on NOSPACE, the get called again from r->index. Returns the
 * last dar; *blocks counts the calls. */
static cosem_dar_t stream(const cosem_object_t *obj, uint8_t selector, const uint8_t *params,
                          size_t plen, size_t block, uint8_t *out, size_t cap, size_t *len,
                          uint32_t *blocks, between_fn between)
{
    static uint8_t work[1400];
    cosem_req_t r;
    size_t held = 0;
    *len = 0;
    *blocks = 0;
    req_init(&r, obj, COSEM_SERVICE_GET, 2, selector, params, plen);
    for (;;) {
        cosem_axdr_writer_t w;
        cosem_axdr_writer_init(&w, work, sizeof work);
        w.len = held; /* carried over (white box, as the server's resume) */
        r.limit_ = block;
        r.committed_ = false;
        r.more_ = false;
        r.commit_len_ = held;
        r.next_index_ = r.index;
        cosem_dar_t dar = obj->cls->get(&r, &w);
        (*blocks)++;
        if (dar != COSEM_DAR_SUCCESS) {
            return dar;
        }
        size_t n = cosem_axdr_writer_status(&w) == COSEM_OK ? cosem_axdr_writer_len(&w)
                                                            : r.commit_len_;
        if (cosem_axdr_writer_status(&w) != COSEM_OK) {
            ck_assert(r.committed_);
            r.more_ = true;
        }
        /* Send one block, keep the rest. */
        size_t send = r.more_ && n > block ? block : n;
        ck_assert_uint_le(*len + send, cap);
        memcpy(out + *len, work, send);
        *len += send;
        memmove(work, work + send, n - send);
        held = n - send;
        if (!r.more_) {
            memcpy(out + *len, work, held);
            *len += held;
            return COSEM_DAR_SUCCESS;
        }
        r.index = r.next_index_;
        if (between != NULL) {
            between(*blocks);
        }
    }
}

/* Compare long encodings; on a difference report where and a short window
 * (whole-buffer hex would exceed Check's message limit). */
#define assert_same(got, gn, want, wn) assert_same_at(__LINE__, got, gn, want, wn)
static void assert_same_at(int line, const uint8_t *got, size_t gn, const uint8_t *want,
                           size_t wn)
{
    size_t i = 0;
    while (i < gn && i < wn && got[i] == want[i]) {
        i++;
    }
    if (i == gn && gn == wn) {
        return;
    }
    size_t from = i > 8u ? i - 8u : 0u;
    size_t gl = gn - from < 24u ? gn - from : 24u;
    char g[80];
    snprintf(g, sizeof g, "%s", tu_hexstr(got + from, gl));
    size_t wl = wn - from < 24u ? wn - from : 24u;
    ck_abort_msg("line %d: %zu/%zu octets, first difference at %zu:\n got  %s\n want %s", line,
                 gn, wn, i, g, tu_hexstr(want + from, wl));
}

/* ---- tests ----------------------------------------------------------- */

START_TEST(test_attributes)
{
    uint8_t out[256];
    size_t n;
    setup();
    /* capture_objects (3): array of {class, ln, attr, data_index}. */
    ck_assert_int_eq(get_attr(OBJ_LP, 3, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n),
                     "01 03 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
                     "02 04 12 00 01 09 06 00 00 60 0A 01 FF 0F 02 12 00 00 "
                     "02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00");
    /* capture_period (4) = 900 s, sort_method (5) = fifo, sort_object (6) none. */
    ck_assert_int_eq(get_attr(OBJ_LP, 4, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "06 00 00 03 84");
    ck_assert_int_eq(get_attr(OBJ_LP, 5, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "16 01");
    ck_assert_int_eq(get_attr(OBJ_LP, 6, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "02 04 12 00 00 09 06 00 00 00 00 00 00 0F 00 12 00 00");
    /* entries_in_use (7) = 0, profile_entries (8) = capacity 1000. */
    ck_assert_int_eq(get_attr(OBJ_LP, 7, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "06 00 00 00 00");
    ck_assert_int_eq(get_attr(OBJ_LP, 8, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "06 00 00 03 E8");
    ck_assert_uint_eq(cosem_profile_capacity(OBJ_LP), LP_ROWS);
    /* An empty buffer is an empty array. */
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 00");
}
END_TEST

START_TEST(test_capture_row_bytes)
{
    uint8_t out[128];
    size_t n;
    setup();
    g_utc = 1704068100; /* 2024-01-01T00:15:00Z = 01:15 local at UTC+1 */
    g_status = COSEM_ION_STATUS_POWER_UP | COSEM_ION_STATUS_TIME_CHANGED;
    g_energy = 0x01020304u;
    ck_assert_int_eq(act(OBJ_LP, 2), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    /* date-time 2024-01-01 Monday 01:15:00.00, deviation -60 (FF C4), status 0. */
    ck_assert_str_eq(tu_hexstr(out, n), "01 01 02 03 09 0C 07 E8 01 01 01 01 0F 00 00 FF C4 00 "
                                        "12 00 60 06 01 02 03 04");
    ck_assert_int_eq(get_attr(OBJ_LP, 7, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "06 00 00 00 01");
    /* Reset (method 1) empties it. */
    ck_assert_int_eq(act(OBJ_LP, 1), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(lp_state.used, 0u);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 00");
    /* Unknown method. */
    ck_assert_int_eq(act(OBJ_LP, 3), COSEM_DAR_OBJECT_UNDEFINED);
}
END_TEST

START_TEST(test_ring_wraps)
{
    static uint8_t out[64 * 1024], want[64 * 1024];
    size_t n, wn;
    setup();
    fill(2500); /* rows 1500..2499 remain */
    ck_assert_uint_eq(lp_state.used, LP_ROWS);
    ck_assert_uint_eq(lp_state.seq, 2500u);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 1500, 1000, NULL, 0);
    assert_same(out, n, want, wn);
}
END_TEST

/* Entry descriptor of Gurux.DLMS.Python readRowsByEntry(pg, 2, 3): entries
 * 2..4, all columns: 02 04 06 00000002 06 00000004 12 0001 12 0000. */
START_TEST(test_entry_selection)
{
    static uint8_t out[8192], want[8192];
    uint8_t p[32];
    size_t n, wn, pn;
    static const uint8_t cols23[2] = {1, 2};
    setup();
    fill(1234); /* wrapped: oldest is row 234 */
    pn = tu_hex("02 04 06 00 00 00 02 06 00 00 00 04 12 00 01 12 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 235, 3, NULL, 0);
    assert_same(out, n, want, wn);
    /* to_entry 0 = last; columns 2..3 only. */
    pn = tu_hex("02 04 06 00 00 03 E0 06 00 00 00 00 12 00 02 12 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 234 + 991, 9, cols23, 2);
    assert_same(out, n, want, wn);
    /* to_entry beyond the last is cut; from_entry 0 taken as 1. */
    pn = tu_hex("02 04 06 00 00 00 00 06 00 00 00 02 12 00 03 12 00 03", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 02 02 01 06 00 00 09 24 02 01 06 00 00 09 2E");
    /* from_entry past the last: empty array (as Gurux.DLMS.Python's server). */
    pn = tu_hex("02 04 06 00 00 03 E9 06 00 00 00 00 12 00 01 12 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 00");
    /* to < from: empty. */
    pn = tu_hex("02 04 06 00 00 00 05 06 00 00 00 04 12 00 01 12 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 00");
    /* Columns outside the capture objects: other-reason. */
    pn = tu_hex("02 04 06 00 00 00 01 06 00 00 00 01 12 00 02 12 00 04", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_OTHER_REASON);
    pn = tu_hex("02 04 06 00 00 00 01 06 00 00 00 01 12 00 03 12 00 02", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_OTHER_REASON);
    /* Malformed: wrong types, short structure, truncated. */
    pn = tu_hex("02 04 12 00 01 06 00 00 00 01 12 00 01 12 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_TYPE_UNMATCHED);
    pn = tu_hex("02 03 06 00 00 00 01 06 00 00 00 01 12 00 01", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_TYPE_UNMATCHED);
    pn = tu_hex("02 04 06 00 00 00 01 06 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, NULL, 0, out, sizeof out, &n), COSEM_DAR_TYPE_UNMATCHED);
}
END_TEST

/* Range descriptor of Gurux.DLMS.Python readRowsByRange(pg, 2024-01-01
 * 00:15, 01:00) (deviation 0 = UTC), restricting object the clock,
 * all columns. */
static const char *gx_range =
    "02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
    "09 0C 07 E8 01 01 FF 00 0F 00 00 00 00 00 "
    "09 0C 07 E8 01 01 FF 01 00 00 00 00 00 00 01 00";

START_TEST(test_range_selection)
{
    static uint8_t out[16384], want[16384];
    uint8_t p[128];
    size_t n, wn, pn;
    setup();
    fill(8); /* rows 00:00, 00:15, ... 01:45 UTC */
    /* Bounds in UTC, rows in UTC+1: compared as instants -> rows 1..4. */
    pn = tu_hex(gx_range, p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 1, 4, NULL, 0);
    assert_same(out, n, want, wn);
    /* Same bounds with deviation not specified: local fields 00:15..01:00;
     * the rows' local times are 01:00..02:45, so only row 0 (01:00). */
    pn = tu_hex("02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
                "09 0C 07 E8 01 01 FF 00 0F 00 00 80 00 00 "
                "09 0C 07 E8 01 01 FF 01 00 00 00 80 00 00 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 0, 1, NULL, 0);
    assert_same(out, n, want, wn);
    /* Wildcards: hour/minute not specified in both bounds = the whole day. */
    pn = tu_hex("02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
                "09 0C 07 E8 01 01 FF FF FF FF FF 80 00 FF "
                "09 0C 07 E8 01 01 FF FF FF FF FF 80 00 FF 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 0, 8, NULL, 0);
    assert_same(out, n, want, wn);
    /* Nothing in range: empty array. */
    pn = tu_hex("02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
                "09 0C 07 E9 01 01 FF 00 00 00 00 80 00 00 "
                "09 0C 07 E9 01 02 FF 00 00 00 00 80 00 00 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 00");
    /* Restricting object = the zero definition our sort_object reports (class 0,
     * 0.0.0.0.0.0): Gurux.DLMS.Python 1.0.197's readRowsByRange sends it, with
     * attribute 2, once it has read sort_object (seen live against
     * examples/meter_server); it means the first column, so rows 1..4 as above. */
    pn = tu_hex("02 04 02 04 12 00 00 09 06 00 00 00 00 00 00 0F 02 12 00 00 "
                "09 0C 07 E8 01 01 FF 00 0F 00 00 00 00 00 "
                "09 0C 07 E8 01 01 FF 01 00 00 00 00 00 00 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 1, 4, NULL, 0);
    assert_same(out, n, want, wn);
}
END_TEST

START_TEST(test_range_columns_and_numbers)
{
    static uint8_t out[4096], want[4096];
    uint8_t p[160];
    size_t n, wn, pn;
    static const uint8_t energy_then_clock[2] = {2, 0};
    setup();
    fill(20);
    /* Restricting column the energy register (double-long-unsigned bounds
     * 50..80 -> rows 5..8), selected values energy then clock. */
    pn = tu_hex("02 04 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00 "
                "06 00 00 00 32 06 00 00 00 50 "
                "01 02 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00 "
                "02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 5, 4, energy_then_clock, 2);
    assert_same(out, n, want, wn);
    /* Status column with long-unsigned bounds 3..3 (another integer type
     * than the bound is fine). */
    pn = tu_hex("02 04 02 04 12 00 01 09 06 00 00 60 0A 01 FF 0F 02 12 00 00 "
                "11 03 12 00 03 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 3, 1, NULL, 0);
    assert_same(out, n, want, wn);
    /* Restricting object that is no capture object: other-reason. */
    pn = tu_hex("02 04 02 04 12 00 03 09 06 01 00 02 08 00 FF 0F 02 12 00 00 "
                "06 00 00 00 32 06 00 00 00 50 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_OTHER_REASON);
    /* A selected value that is no capture object (attribute 3): other-reason. */
    pn = tu_hex("02 04 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00 "
                "06 00 00 00 32 06 00 00 00 50 "
                "01 01 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 03 12 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_OTHER_REASON);
    /* Bounds of different kinds, or a structure as bound: type-unmatched. */
    pn = tu_hex("02 04 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00 "
                "06 00 00 00 32 09 02 00 00 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_TYPE_UNMATCHED);
    pn = tu_hex("02 04 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00 "
                "02 00 02 00 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_TYPE_UNMATCHED);
    /* Restricting definition of 3 elements; truncated parameters. */
    pn = tu_hex("02 04 02 03 12 00 03 09 06 01 00 01 08 00 FF 0F 02 "
                "06 00 00 00 32 06 00 00 00 50 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_TYPE_UNMATCHED);
    pn = tu_hex("02 04 02 04 12 00 03 09 06 01 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_TYPE_UNMATCHED);
}
END_TEST

/* Clock set back: rows are not in time order, the range still finds all. */
START_TEST(test_range_unsorted)
{
    uint8_t out[1024], p[128];
    size_t n, pn;
    setup();
    fill(4); /* 01:00 .. 01:45 local */
    g_utc = 1704067200 + 600; /* clock set back to 01:10 local */
    g_energy = 7;
    ck_assert_int_eq(cosem_profile_capture(&srv, OBJ_LP), COSEM_OK);
    pn = tu_hex("02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
                "09 0C 07 E8 01 01 FF 01 0A 00 00 80 00 00 "
                "09 0C 07 E8 01 01 FF 01 14 00 00 80 00 00 "
                "01 01 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 1, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    /* 01:15 (row 1, energy 10) and the 01:10 row captured last (energy 7). */
    ck_assert_str_eq(tu_hexstr(out, n), "01 02 02 01 06 00 00 00 0A 02 01 06 00 00 00 07");
}
END_TEST

/* Hooks for the streaming test. */
static void capture_between(uint32_t block)
{
    (void)block;
    fill(1);
}
static void reset_at_3(uint32_t block)
{
    if (block == 3u) {
        ck_assert_int_eq(cosem_profile_reset(OBJ_LP), COSEM_OK);
    }
}
static void wrap_at_2(uint32_t block)
{
    if (block == 2u) {
        fill(LP_ROWS);
    }
}

START_TEST(test_streaming_blocks)
{
    static uint8_t out[64 * 1024], want[64 * 1024];
    size_t n, wn, pn;
    uint32_t blocks;
    uint8_t p[64];
    setup();
    fill(2700); /* wrapped: rows 1700..2699 */
    /* Whole buffer in blocks of 200 octets: 1000 rows of 30 octets. */
    ck_assert_int_eq(stream(OBJ_LP, 0, NULL, 0, 200, out, sizeof out, &n, &blocks, NULL),
                     COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 1700, 1000, NULL, 0);
    assert_same(out, n, want, wn);
    ck_assert_uint_ge(blocks, 120u);
    /* Entries 100..899, columns 1..2, block 97 octets, a capture between
     * every two blocks: the rows selected at the start are sent. */
    pn = tu_hex("02 04 06 00 00 00 64 06 00 00 03 83 12 00 01 12 00 02", p, sizeof p);
    static const uint8_t c12[2] = {0, 1};
    ck_assert_int_eq(stream(OBJ_LP, 2, p, pn, 97, out, sizeof out, &n, &blocks, capture_between),
                     COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 1799, 800, c12, 2);
    assert_same(out, n, want, wn);
    /* A reset during the transfer: the next block is refused. */
    ck_assert_int_eq(stream(OBJ_LP, 0, NULL, 0, 300, out, sizeof out, &n, &blocks, reset_at_3),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_uint_eq(blocks, 4u);
    /* The ring wrapping past the reader: refused too. */
    fill(LP_ROWS);
    ck_assert_int_eq(stream(OBJ_LP, 0, NULL, 0, 300, out, sizeof out, &n, &blocks, wrap_at_2),
                     COSEM_DAR_OTHER_REASON);
}
END_TEST

START_TEST(test_range_streaming_thousands)
{
    static uint8_t out[96 * 1024], want[96 * 1024];
    uint8_t p[128];
    size_t n, wn, pn;
    uint32_t blocks;
    setup();
    fill(3000); /* rows 2000..2999: 2024-01-21 20:00Z .. 2024-02-01 05:45Z */
    /* 2024-01-25 (local, all day) -> rows at UTC 24th 23:00 .. 25th 22:45:
     * k = (t - base) / 900 = 2300 .. 2395. */
    pn = tu_hex("02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
                "09 0C 07 E8 01 19 FF FF FF FF FF 80 00 FF "
                "09 0C 07 E8 01 19 FF FF FF FF FF 80 00 FF 01 00", p, sizeof p);
    ck_assert_int_eq(stream(OBJ_LP, 1, p, pn, 512, out, sizeof out, &n, &blocks, NULL),
                     COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 2300, 96, NULL, 0);
    assert_same(out, n, want, wn);
    /* From the 22nd 00:00 local to the 31st 23:59 local: 10 days of rows. */
    pn = tu_hex("02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
                "09 0C 07 E8 01 16 FF 00 00 00 00 FF C4 00 "
                "09 0C 07 E8 01 1F FF 17 3B 3B 00 FF C4 00 01 00", p, sizeof p);
    ck_assert_int_eq(stream(OBJ_LP, 1, p, pn, 1000, out, sizeof out, &n, &blocks, NULL),
                     COSEM_DAR_SUCCESS);
    wn = expect_rows(want, sizeof want, 2012, 960, NULL, 0);
    assert_same(out, n, want, wn);
}
END_TEST

START_TEST(test_tick_boundaries)
{
    const cosem_class_t *c = &cosem_class_profile_generic;
    setup();
    int64_t t0 = 1704067200;
    c->tick(&srv, OBJ_LP, t0 + 10); /* first tick, not on a boundary */
    ck_assert_uint_eq(lp_state.used, 0u);
    c->tick(&srv, OBJ_LP, t0 + 899);
    ck_assert_uint_eq(lp_state.used, 0u);
    c->tick(&srv, OBJ_LP, t0 + 900); /* boundary */
    ck_assert_uint_eq(lp_state.used, 1u);
    c->tick(&srv, OBJ_LP, t0 + 901);
    c->tick(&srv, OBJ_LP, t0 + 1799);
    ck_assert_uint_eq(lp_state.used, 1u);
    c->tick(&srv, OBJ_LP, t0 + 1802); /* boundary 1800 missed by 2 s: once */
    ck_assert_uint_eq(lp_state.used, 2u);
    c->tick(&srv, OBJ_LP, t0 + 9000); /* jump over 8 boundaries: once */
    ck_assert_uint_eq(lp_state.used, 3u);
    c->tick(&srv, OBJ_LP, t0 + 9001);
    c->tick(&srv, OBJ_LP, t0 + 100); /* clock set back: no capture */
    ck_assert_uint_eq(lp_state.used, 3u);
    c->tick(&srv, OBJ_LP, -1); /* invalid clock */
    ck_assert_uint_eq(lp_state.used, 3u);
    c->tick(&srv, OBJ_LP, t0 + 900); /* crossing 900 again after the set-back */
    ck_assert_uint_eq(lp_state.used, 4u);
    /* capture_period 0: never. */
    ck_assert_int_eq(set_attr(OBJ_LP, 4, "06 00 00 00 00"), COSEM_DAR_SUCCESS);
    c->tick(&srv, OBJ_LP, t0 + 18000);
    ck_assert_uint_eq(lp_state.used, 4u);
    /* First tick exactly on a boundary captures. */
    setup();
    c->tick(&srv, OBJ_LP, t0);
    ck_assert_uint_eq(lp_state.used, 1u);
}
END_TEST

START_TEST(test_sets)
{
    uint8_t out[128];
    size_t n;
    setup();
    fill(5);
    ck_assert_int_eq(set_attr(OBJ_LP, 4, "06 00 00 0E 10"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(lp_state.period, 3600u);
    ck_assert_int_eq(set_attr(OBJ_LP, 4, "12 0E 10"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(lp_state.used, 5u); /* period: no reset */
    ck_assert_int_eq(set_attr(OBJ_LP, 5, "16 01"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(set_attr(OBJ_LP, 5, "16 03"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set_attr(OBJ_LP, 5, "11 01"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set_attr(OBJ_LP, 6, "02 04 12 00 00 09 06 00 00 00 00 00 00 0F 00 12 00 00"),
                     COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(set_attr(OBJ_LP, 7, "06 00 00 00 00"), COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(set_attr(OBJ_LP, 3, "01 00"), COSEM_DAR_READ_WRITE_DENIED);
    /* profile_entries: 1..capacity, resets. */
    ck_assert_int_eq(set_attr(OBJ_LP, 8, "06 00 00 03 E9"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set_attr(OBJ_LP, 8, "06 00 00 00 00"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set_attr(OBJ_LP, 8, "12 00 03"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(lp_state.used, 5u);
    ck_assert_int_eq(set_attr(OBJ_LP, 8, "06 00 00 00 03"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(lp_state.used, 0u);
    fill(7); /* ring of 3: rows 5..11 captured, 9..11 kept */
    ck_assert_int_eq(get_attr(OBJ_LP, 8, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "06 00 00 00 03");
    uint8_t p[32], want[256];
    size_t pn = tu_hex("02 04 06 00 00 00 01 06 00 00 00 00 12 00 03 12 00 03", p, sizeof p);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 2, p, pn, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    static const uint8_t c3[1] = {2};
    size_t wn = expect_rows(want, sizeof want, 9, 3, c3, 1);
    assert_same(out, n, want, wn);
}
END_TEST

/* Settable capture objects: widths measured from the values, SET resets,
 * data_index picks one element of a structure. */
START_TEST(test_settable_columns)
{
    uint8_t out[256];
    size_t n;
    setup();
    g_energy = 1234;
    ck_assert_int_eq(cosem_profile_capture(&srv, OBJ_BP), COSEM_OK);
    ck_assert_uint_eq(bp_cols[0].width, 14u);
    ck_assert_uint_eq(bp_cols[1].width, 5u);
    ck_assert_uint_eq(bp_state.row_size, 19u);
    ck_assert_uint_eq(cosem_profile_capacity(OBJ_BP), 200u / 19u);
    ck_assert_int_eq(get_attr(OBJ_BP, 7, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "06 00 00 00 01");
    /* New columns: energy value and the unit (element 2 of scaler_unit). */
    ck_assert_int_eq(set_attr(OBJ_BP, 3,
                              "01 02 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00 "
                              "02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 03 12 00 02"),
                     COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(bp_state.used, 0u);
    ck_assert_uint_eq(bp_state.columns, 2u);
    ck_assert_uint_eq(bp_cols[1].width, 2u);
    g_energy = 5;
    ck_assert_int_eq(act(OBJ_BP, 2), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(get_attr(OBJ_BP, 2, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 01 02 02 06 00 00 00 05 16 1E");
    ck_assert_int_eq(get_attr(OBJ_BP, 3, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n),
                     "01 02 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 02 12 00 00 "
                     "02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 03 12 00 02");
    /* Refused: unknown object, class mismatch, too many, malformed. */
    ck_assert_int_eq(set_attr(OBJ_BP, 3, "01 01 02 04 12 00 03 09 06 01 00 02 08 00 FF 0F 02 12 00 00"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set_attr(OBJ_BP, 3, "01 01 02 04 12 00 04 09 06 01 00 01 08 00 FF 0F 02 12 00 00"),
                     COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set_attr(OBJ_BP, 3, "01 05 00 00 00 00 00"), COSEM_DAR_OTHER_REASON);
    ck_assert_int_eq(set_attr(OBJ_BP, 3, "01 01 02 03 12 00 03 09 06 01 00 01 08 00 FF 0F 02"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(set_attr(OBJ_BP, 3, "02 00"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(bp_state.columns, 2u); /* unchanged by refusals */
    /* A data_index past the structure's end captures null-data. */
    ck_assert_int_eq(set_attr(OBJ_BP, 3, "01 01 02 04 12 00 03 09 06 01 00 01 08 00 FF 0F 03 12 00 03"),
                     COSEM_DAR_SUCCESS);
    ck_assert_int_eq(act(OBJ_BP, 2), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(get_attr(OBJ_BP, 2, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 01 02 01 00");
}
END_TEST

/* A restored state that does not fit the description is emptied, never
 * used to index the storage. */
START_TEST(test_corrupt_state)
{
    uint8_t out[64];
    size_t n;
    setup();
    fill(10);
    lp_state.head = 5000;
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 00");
    fill(2);
    lp_state.used = 2000;
    ck_assert_int_eq(get_attr(OBJ_LP, 7, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "06 00 00 00 00");
    lp_state.entries = 100000;
    ck_assert_int_eq(get_attr(OBJ_LP, 8, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "06 00 00 03 E8");
    lp_state.row_size = 7;
    ck_assert_int_eq(get_attr(OBJ_LP, 7, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(lp_state.row_size, LP_ROW);
    /* A slot whose bytes are garbage reads as null-data. */
    fill(1);
    memset(lp_store, 0xEE, sizeof lp_store);
    ck_assert_int_eq(get_attr(OBJ_LP, 2, 0, NULL, 0, out, sizeof out, &n), COSEM_DAR_SUCCESS);
    ck_assert_str_eq(tu_hexstr(out, n), "01 01 02 03 00 00 00");
}
END_TEST

/* Descriptions the server refuses, and the public helpers' arguments. */
START_TEST(test_check_and_args)
{
    cosem_profile_state_t st;
    uint8_t store[10];
    cosem_profile_t bad = {&st, store, sizeof store, lp_cols, NULL, 3, 0, 0};
    cosem_object_t o = {LN_LOAD, &cosem_class_profile_generic, &bad, NULL, NULL, NULL};
    memset(&st, 0, sizeof st);
    ck_assert_int_eq(cosem_class_profile_generic.check(&o), COSEM_E_ARG); /* no row fits */
    bad.storage_size = 0;
    ck_assert_int_eq(cosem_class_profile_generic.check(&o), COSEM_E_ARG);
    bad.storage_size = sizeof store;
    bad.columns_rw = bp_cols;
    ck_assert_int_eq(cosem_class_profile_generic.check(&o), COSEM_E_ARG); /* both tables */
    bad.columns = NULL;
    bad.column_count = COSEM_PROFILE_MAX_COLUMNS + 1;
    ck_assert_int_eq(cosem_class_profile_generic.check(&o), COSEM_E_ARG);
    ck_assert_int_eq(cosem_profile_capture(NULL, OBJ_LP), COSEM_E_ARG);
    ck_assert_int_eq(cosem_profile_capture(&srv, &objects[0]), COSEM_E_ARG);
    ck_assert_int_eq(cosem_profile_reset(NULL), COSEM_E_ARG);
    ck_assert_uint_eq(cosem_profile_capacity(&objects[1]), 0u);
    /* ION status word: the bit table of the ION DLMS note ("Status capture
     * object bitmap"): 3 master reset, 5 time changed, 6 power up, 7 power
     * down, 8 DST started, 9 DST ended; all bits set = invalid. */
    ck_assert_uint_eq(COSEM_ION_STATUS_INVALID, 0xFFFFu);
    ck_assert_uint_eq(COSEM_ION_STATUS_MASTER_RESET, 1u << 3);
    ck_assert_uint_eq(COSEM_ION_STATUS_TIME_CHANGED, 1u << 5);
    ck_assert_uint_eq(COSEM_ION_STATUS_POWER_UP, 1u << 6);
    ck_assert_uint_eq(COSEM_ION_STATUS_POWER_DOWN, 1u << 7);
    ck_assert_uint_eq(COSEM_ION_STATUS_DST_START, 1u << 8);
    ck_assert_uint_eq(COSEM_ION_STATUS_DST_END, 1u << 9);
}
END_TEST


/* ---- through the server: AARQ, GET with selection, GET-next ---------- */

static cosem_assoc_t assoc;
static uint8_t assoc_buf[1024 + 64];

/* AARQ of Gurux.DLMS.Python (capture guruxpy-client_guruxc-server_wrapper
 * _noauth.txt line 7, as tests/test_server_fixture.h AARQ_NOAUTH) with the
 * client's max receive PDU changed from FFFF to 0400 (1024). */
#define AARQ_1024                                                                      \
    "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 "   \
    "40 1E 1D 04 00"

/* One request in, one response out. */
static size_t xchg(const uint8_t *req, size_t n, uint8_t *resp, size_t cap)
{
    size_t len = 0;
    ck_assert_int_eq(cosem_assoc_handle(&assoc, req, n, resp, cap, &len), COSEM_OK);
    return len;
}

/* Open the association with max PDU 1024: the AARE says accepted. */
static void associate(void)
{
    uint8_t req[64], resp[256];
    ck_assert_int_eq(cosem_assoc_init(&assoc, &srv, assoc_buf, sizeof assoc_buf), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_open(&assoc, 0x10), COSEM_OK);
    size_t n = xchg(req, tu_hex(AARQ_1024, req, sizeof req), resp, sizeof resp);
    ck_assert_uint_gt(n, 0u);
    ck_assert_uint_eq(resp[0], 0x61);
    ck_assert_int_eq(cosem_assoc_state(&assoc), COSEM_ASSOC_ASSOCIATED);
}

/* GET attribute 2 of the load profile with a selection; reassemble the
 * blocks (each response at most 1024 octets, numbered 1, 2, ...). Returns
 * the Data length, or 0 with *dar set for a data-access-result. */
static size_t get_blocks(uint8_t selector, const uint8_t *params, size_t plen, uint8_t *out,
                         size_t cap, uint32_t *nblocks, uint8_t *dar)
{
    static uint8_t req[256], resp[1100];
    cosem_attr_ref_t ref = {7, LN_LOAD, 2};
    cosem_selection_t sel = {selector, {params, plen}};
    cosem_axdr_writer_t w;
    cosem_get_response_t g;
    size_t len = 0;
    *nblocks = 0;
    *dar = 0;
    cosem_axdr_writer_init(&w, req, sizeof req);
    ck_assert_int_eq(cosem_get_request_normal_encode(&w, 0xC1, &ref, selector ? &sel : NULL),
                     COSEM_OK);
    size_t n = xchg(req, cosem_axdr_writer_len(&w), resp, sizeof resp);
    for (;;) {
        ck_assert_uint_le(n, 1024u);
        ck_assert_msg(cosem_get_response_decode(resp, n, &g) == COSEM_OK, "block %u sel %u resp %s", (unsigned)*nblocks, (unsigned)selector,
                      tu_hexstr(resp, n < 40u ? n : 40u));
        ck_assert_uint_eq(g.invoke, 0xC1);
        if (g.type == COSEM_GET_NORMAL) {
            if (!g.result.ok) {
                *dar = g.result.dar;
                return 0;
            }
            ck_assert_uint_le(g.result.data.len, cap);
            memcpy(out, g.result.data.p, g.result.data.len);
            return g.result.data.len;
        }
        ck_assert_uint_eq(g.type, COSEM_GET_NEXT);
        ck_assert_uint_eq(g.block.number, *nblocks + 1u);
        (*nblocks)++;
        if (!g.block.ok) {
            *dar = g.block.dar;
            return 0;
        }
        ck_assert_uint_le(len + g.block.raw.len, cap);
        memcpy(out + len, g.block.raw.p, g.block.raw.len);
        len += g.block.raw.len;
        if (g.block.last) {
            return len;
        }
        cosem_axdr_writer_init(&w, req, sizeof req);
        ck_assert_int_eq(cosem_get_request_next_encode(&w, 0xC1, g.block.number), COSEM_OK);
        n = xchg(req, cosem_axdr_writer_len(&w), resp, sizeof resp);
    }
}

START_TEST(test_e2e_block_transfer)
{
    static uint8_t out[96 * 1024], want[96 * 1024];
    uint8_t p[128], dar;
    size_t n, wn, pn;
    uint32_t blocks;
    static const uint8_t c12[2] = {0, 1};
    setup();
    associate();
    fill(3000); /* wrapped: rows 2000..2999 */
    /* Whole buffer: 1000 rows of 24 octets in about 24 blocks. */
    n = get_blocks(0, NULL, 0, out, sizeof out, &blocks, &dar);
    wn = expect_rows(want, sizeof want, 2000, 1000, NULL, 0);
    assert_same(out, n, want, wn);
    ck_assert_uint_ge(blocks, 23u);
    /* Range: all of 2024-01-25 local (96 rows). */
    pn = tu_hex("02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 "
                "09 0C 07 E8 01 19 FF FF FF FF FF 80 00 FF "
                "09 0C 07 E8 01 19 FF FF FF FF FF 80 00 FF 01 00", p, sizeof p);
    n = get_blocks(1, p, pn, out, sizeof out, &blocks, &dar);
    wn = expect_rows(want, sizeof want, 2300, 96, NULL, 0);
    assert_same(out, n, want, wn);
    ck_assert_uint_ge(blocks, 2u);
    /* Entries 1..0 (all), columns 1..2: 1000 rows of 19 octets. */
    pn = tu_hex("02 04 06 00 00 00 01 06 00 00 00 00 12 00 01 12 00 02", p, sizeof p);
    n = get_blocks(2, p, pn, out, sizeof out, &blocks, &dar);
    wn = expect_rows(want, sizeof want, 2000, 1000, c12, 2);
    assert_same(out, n, want, wn);
    /* A small selection comes back as get-response-normal. */
    pn = tu_hex("02 04 06 00 00 00 02 06 00 00 00 04 12 00 01 12 00 00", p, sizeof p);
    n = get_blocks(2, p, pn, out, sizeof out, &blocks, &dar);
    ck_assert_uint_eq(blocks, 0u);
    wn = expect_rows(want, sizeof want, 2001, 3, NULL, 0);
    assert_same(out, n, want, wn);
    /* A selection of the wrong shape (a structure of two): type-unmatched
     * in a normal response. (Parameters that are no whole Data value never
     * reach the class: the request decoder refuses the APDU.) */
    pn = tu_hex("02 02 06 00 00 00 02 06 00 00 00 03", p, sizeof p);
    n = get_blocks(2, p, pn, out, sizeof out, &blocks, &dar);
    ck_assert_uint_eq(n, 0u);
    ck_assert_uint_eq(dar, COSEM_DAR_TYPE_UNMATCHED);
}
END_TEST

/* The Gurux.DLMS.Python readRowsByRange request, as it leaves that client
 * (wrapper header removed): C0 01 C1 0007 0100630100FF 02 01 01 + params. */
START_TEST(test_e2e_gurux_range_request)
{
    static uint8_t resp[1100], want[2048];
    uint8_t req[128];
    cosem_get_response_t g;
    setup();
    associate();
    fill(8);
    size_t rn = tu_hex("C0 01 C1 00 07 01 00 63 01 00 FF 02 01 01", req, sizeof req);
    rn += tu_hex(gx_range, req + rn, sizeof req - rn);
    size_t n = xchg(req, rn, resp, sizeof resp);
    ck_assert_int_eq(cosem_get_response_decode(resp, n, &g), COSEM_OK);
    ck_assert_uint_eq(g.type, COSEM_GET_NORMAL);
    ck_assert(g.result.ok);
    size_t wn = expect_rows(want, sizeof want, 1, 4, NULL, 0);
    assert_same(g.result.data.p, g.result.data.len, want, wn);
}
END_TEST

/* ACTION reset and capture, automatic capture from cosem_server_tick(). */
START_TEST(test_e2e_methods_and_tick)
{
    uint8_t req[64], resp[256], out[512], dar;
    uint32_t blocks;
    cosem_attr_ref_t ref = {7, LN_LOAD, 1};
    cosem_axdr_writer_t w;
    cosem_action_response_t a;
    static const uint8_t zero[2] = {0x0F, 0x00};
    setup();
    associate();
    fill(5);
    cosem_axdr_writer_init(&w, req, sizeof req);
    ck_assert_int_eq(cosem_action_request_normal_encode(&w, 0xC2, &ref, zero, 2), COSEM_OK);
    size_t n = xchg(req, cosem_axdr_writer_len(&w), resp, sizeof resp);
    ck_assert_int_eq(cosem_action_response_decode(resp, n, &a), COSEM_OK);
    ck_assert_uint_eq(a.result, COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(lp_state.used, 0u);
    /* The port's clock crosses 2024-01-01 00:15Z: one row. */
    g_status = 0;
    g_utc = 1704068099;
    cosem_server_tick(&srv);
    ck_assert_uint_eq(lp_state.used, 0u);
    g_utc = 1704068100;
    g_energy = 42;
    cosem_server_tick(&srv);
    g_utc = 1704068101;
    cosem_server_tick(&srv);
    ck_assert_uint_eq(lp_state.used, 1u);
    /* Capture (method 2) via ACTION. */
    ref.id = 2;
    g_utc = 1704068110;
    g_energy = 43;
    cosem_axdr_writer_init(&w, req, sizeof req);
    ck_assert_int_eq(cosem_action_request_normal_encode(&w, 0xC2, &ref, zero, 2), COSEM_OK);
    n = xchg(req, cosem_axdr_writer_len(&w), resp, sizeof resp);
    ck_assert_int_eq(cosem_action_response_decode(resp, n, &a), COSEM_OK);
    ck_assert_uint_eq(a.result, COSEM_DAR_SUCCESS);
    n = get_blocks(0, NULL, 0, out, sizeof out, &blocks, &dar);
    ck_assert_str_eq(tu_hexstr(out, n),
                     "01 02 02 03 09 0C 07 E8 01 01 01 01 0F 00 00 FF C4 00 12 00 00 06 00 00 00 2A "
                     "02 03 09 0C 07 E8 01 01 01 01 0F 0A 00 FF C4 00 12 00 00 06 00 00 00 2B");
}
END_TEST

static Suite *profile_suite(void)
{
    Suite *s = suite_create("profile");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_attributes);
    tcase_add_test(tc, test_capture_row_bytes);
    tcase_add_test(tc, test_ring_wraps);
    tcase_add_test(tc, test_entry_selection);
    tcase_add_test(tc, test_range_selection);
    tcase_add_test(tc, test_range_columns_and_numbers);
    tcase_add_test(tc, test_range_unsorted);
    tcase_add_test(tc, test_streaming_blocks);
    tcase_add_test(tc, test_range_streaming_thousands);
    tcase_add_test(tc, test_tick_boundaries);
    tcase_add_test(tc, test_sets);
    tcase_add_test(tc, test_settable_columns);
    tcase_add_test(tc, test_corrupt_state);
    tcase_add_test(tc, test_check_and_args);
    tcase_add_test(tc, test_e2e_block_transfer);
    tcase_add_test(tc, test_e2e_gurux_range_request);
    tcase_add_test(tc, test_e2e_methods_and_tick);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(profile_suite)
