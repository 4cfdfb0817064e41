/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: Profile generic buffer reads with arbitrary selective
 * access parameters on a ring that has wrapped, streamed in blocks of a
 * fuzzed size, and arbitrary capture_objects SETs on a settable profile.
 *
 * Input: byte 0 = mode (bits 0-1 access selector, bit 2 SET capture
 * objects instead of reading, bit 3 restore a fuzzed state), byte 1 = block
 * size - 8, then the parameters (or the SET value).
 * Oracles: a successful read is exactly one valid A-XDR value (an array of
 * at most entries_in_use structures); the streamed read equals the one-shot
 * read; nothing reads or writes out of bounds (ASan). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/config.h>
#include <cosem/profile.h>
#include <cosem/server.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if COSEM_WITH_SERVER && COSEM_CLASS_PROFILE_GENERIC

static int64_t g_utc = 1704067200;
static uint32_t g_energy;

/* Clock stand-in: octet-string(12) date-time of g_utc at UTC+1. */
static cosem_dar_t clk_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    (void)r;
    (void)cosem_datetime_from_utc(&dt, g_utc, -60, 0);
    (void)cosem_axdr_write_datetime_os(w, &dt);
    return COSEM_DAR_SUCCESS;
}

/* Register stand-in: value, or scaler_unit structure. */
static cosem_dar_t reg_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    if (r->id == 2) {
        (void)cosem_axdr_write_u32(w, g_energy);
    } else {
        (void)cosem_axdr_write_structure(w, 2);
        (void)cosem_axdr_write_i8(w, -3);
        (void)cosem_axdr_write_enum(w, 30);
    }
    return COSEM_DAR_SUCCESS;
}

/* Visible-string stand-in (variable length column). */
static cosem_dar_t name_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    (void)r;
    (void)cosem_axdr_write_visible_string(w, "meter", (size_t)(g_energy % 6u));
    return COSEM_DAR_SUCCESS;
}

static const cosem_class_t clk_class = {.class_id = 8, .attr_count = 9, .get = clk_get};
static const cosem_class_t reg_class = {.class_id = 3, .attr_count = 3, .get = reg_get};
static const cosem_class_t name_class = {.class_id = 1, .attr_count = 2, .get = name_get};

static const cosem_capture_def_t lp_cols[] = {
    {8, {0, 0, 1, 0, 0, 255}, 2, COSEM_PROFILE_W_DATETIME, 0},
    {1, {0, 0, 42, 0, 0, 255}, 2, COSEM_PROFILE_W_STRING(5), 0},
    {3, {1, 0, 1, 8, 0, 255}, 2, COSEM_PROFILE_W_U32, 0},
    {3, {1, 0, 1, 8, 0, 255}, 3, COSEM_PROFILE_W_U8, 2},
};
static cosem_profile_state_t lp_state, lp_saved;
static uint8_t lp_store[28 * 100], lp_store_saved[sizeof lp_store];
static const cosem_profile_t lp = {&lp_state, lp_store, sizeof lp_store, lp_cols, NULL, 4, 900, 0};

static cosem_capture_def_t bp_cols[6];
static cosem_profile_state_t bp_state;
static uint8_t bp_store[256];
static const cosem_profile_t bp = {&bp_state, bp_store, sizeof bp_store, NULL, bp_cols, 6, 0, 0};

static const cosem_object_t objects[] = {
    {{0, 0, 1, 0, 0, 255}, &clk_class, NULL, NULL, NULL, NULL},
    {{0, 0, 42, 0, 0, 255}, &name_class, NULL, NULL, NULL, NULL},
    {{1, 0, 1, 8, 0, 255}, &reg_class, NULL, NULL, NULL, NULL},
    {{1, 0, 98, 1, 0, 255}, &cosem_class_profile_generic, &bp, NULL, NULL, NULL},
    {{1, 0, 99, 1, 0, 255}, &cosem_class_profile_generic, &lp, NULL, NULL, NULL},
};

static cosem_server_t srv;
static uint8_t g_one[64 * 1024], g_str[64 * 1024], g_work[2048];

/* Server and a wrapped ring (250 captures into 100 rows), built once. */
static void init_once(void)
{
    static int done;
    if (done) {
        return;
    }
    cosem_server_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.objects = objects;
    cfg.object_count = sizeof objects / sizeof objects[0];
    cfg.max_pdu = 1024;
    if (cosem_server_init(&srv, &cfg) != COSEM_OK) {
        abort();
    }
    for (uint32_t k = 0; k < 250u; k++) {
        g_utc = 1704067200 + (int64_t)k * 900;
        g_energy = k * 7u;
        if (cosem_profile_capture(&srv, &objects[4]) != COSEM_OK) {
            abort();
        }
    }
    lp_saved = lp_state;
    memcpy(lp_store_saved, lp_store, sizeof lp_store);
    done = 1;
}

/* A request as the server builds it. */
static void req(cosem_req_t *r, const cosem_object_t *o, uint8_t service, int8_t id,
                uint8_t selector, const uint8_t *p, size_t n)
{
    memset(r, 0, sizeof *r);
    r->server = &srv;
    r->obj = o;
    r->service = service;
    r->id = id;
    r->sel.selector = selector;
    r->sel.params.p = p;
    r->sel.params.len = n;
}

/* Streamed read as the server does it; length, or SIZE_MAX on refusal. */
static size_t read_streamed(const cosem_object_t *o, uint8_t selector, const uint8_t *p,
                            size_t n, size_t block)
{
    cosem_req_t r;
    size_t held = 0, len = 0;
    req(&r, o, COSEM_SERVICE_GET, 2, selector, p, n);
    for (unsigned guard = 0; guard < 100000u; guard++) {
        cosem_axdr_writer_t w;
        cosem_axdr_writer_init(&w, g_work, sizeof g_work);
        w.len = held;
        r.limit_ = block;
        r.committed_ = false;
        r.more_ = false;
        r.commit_len_ = held;
        r.next_index_ = r.index;
        if (o->cls->get(&r, &w) != COSEM_DAR_SUCCESS) {
            return SIZE_MAX;
        }
        if (cosem_axdr_writer_status(&w) != COSEM_OK) {
            abort(); /* rows are far smaller than the work buffer */
        }
        size_t all = cosem_axdr_writer_len(&w);
        size_t send = r.more_ && all > block ? block : all;
        memcpy(g_str + len, g_work, send);
        len += send;
        memmove(g_work, g_work + send, all - send);
        held = all - send;
        if (!r.more_) {
            memcpy(g_str + len, g_work, held);
            return len + held;
        }
        r.index = r.next_index_;
    }
    abort();
}

/* The answer must be one array of at most entries_in_use rows. */
static void check_value(const uint8_t *p, size_t n, uint32_t used)
{
    cosem_axdr_reader_t rd;
    size_t count = 0;
    cosem_axdr_reader_init(&rd, p, n);
    if (cosem_axdr_read_array(&rd, &count) != COSEM_OK || count > used) {
        abort();
    }
    for (size_t i = 0; i < count; i++) {
        if (cosem_axdr_skip(&rd) != COSEM_OK) {
            abort();
        }
    }
    if (cosem_axdr_reader_remaining(&rd) != 0u) {
        abort();
    }
}

/* SET capture_objects of the settable profile, capture, read it whole. */
static void fuzz_set(const uint8_t *p, size_t n)
{
    cosem_req_t r;
    cosem_axdr_reader_t rd;
    cosem_axdr_writer_t w;
    memset(&bp_state, 0, sizeof bp_state);
    memset(bp_cols, 0, sizeof bp_cols);
    req(&r, &objects[3], COSEM_SERVICE_SET, 3, 0, NULL, 0);
    cosem_axdr_reader_init(&rd, p, n);
    (void)objects[3].cls->set(&r, &rd);
    g_energy++;
    (void)cosem_profile_capture(&srv, &objects[3]);
    req(&r, &objects[3], COSEM_SERVICE_GET, 2, 0, NULL, 0);
    cosem_axdr_writer_init(&w, g_one, sizeof g_one);
    if (objects[3].cls->get(&r, &w) == COSEM_DAR_SUCCESS) {
        check_value(g_one, cosem_axdr_writer_len(&w), bp_state.used);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_req_t r;
    cosem_axdr_writer_t w;
    if (size < 2u) {
        return 0;
    }
    init_once();
    uint8_t mode = data[0];
    size_t block = 8u + data[1];
    const uint8_t *p = data + 2;
    size_t n = size - 2u;
    if ((mode & 4u) != 0u) {
        fuzz_set(p, n);
        return 0;
    }
    lp_state = lp_saved;
    memcpy(lp_store, lp_store_saved, sizeof lp_store);
    if ((mode & 8u) != 0u && n >= sizeof lp_state) {
        memcpy(&lp_state, p, sizeof lp_state); /* a corrupt restored state */
        p += sizeof lp_state;
        n -= sizeof lp_state;
    }
    uint8_t selector = (uint8_t)(mode & 3u);
    req(&r, &objects[4], COSEM_SERVICE_GET, 2, selector, p, n);
    cosem_axdr_writer_init(&w, g_one, sizeof g_one);
    cosem_dar_t dar = objects[4].cls->get(&r, &w);
    if (cosem_axdr_writer_status(&w) != COSEM_OK) {
        abort();
    }
    size_t one = cosem_axdr_writer_len(&w);
    if (dar == COSEM_DAR_SUCCESS) {
        check_value(g_one, one, lp_state.used);
    }
    size_t str = read_streamed(&objects[4], selector, p, n, block);
    if ((str == SIZE_MAX) != (dar != COSEM_DAR_SUCCESS) ||
        (str != SIZE_MAX && (str != one || memcmp(g_one, g_str, one) != 0))) {
        abort();
    }
    return 0;
}

#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 0;
}
#endif
