/* SPDX-License-Identifier: Apache-2.0 */
/* A vendor class (8193) defined in application code, as
 * docs/vendor_classes.md describes: served by the server with no change to
 * the library (GET, SET with range checks, ACTION with a return value,
 * ids beyond the counts, a request naming another class), listed in the
 * object list, and read generically by our client over an in-memory link. */
#include <stdlib.h>
#include <string.h>

#include <cosem/classes.h>
#include <cosem/client.h>
#include <cosem/server.h>

#include "test_class_fixture.h"

/* ---- the vendor class: "relay configuration", our own layout ------------
 * 2 mode enum (0..3, settable), 3 limits structure {unsigned, long-unsigned}
 * (read only), method 1 operate (boolean) returning the operation count
 * (double-long-unsigned). */

typedef struct relay_cfg {
    uint8_t *mode;
    uint8_t relay;
    uint16_t pulse_s;
    uint32_t *operations;
} relay_cfg_t;

static cosem_dar_t rc_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const relay_cfg_t *d = (const relay_cfg_t *)r->obj->data;
    if (r->id == 2) {
        cosem_axdr_write_enum(w, *d->mode);
    } else if (r->id == 3) {
        cosem_axdr_write_structure(w, 2);
        cosem_axdr_write_u8(w, d->relay);
        cosem_axdr_write_u16(w, d->pulse_s);
    } else {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

static cosem_dar_t rc_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const relay_cfg_t *d = (const relay_cfg_t *)r->obj->data;
    uint8_t t = 0, x = 0;
    if (r->id != 2) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    if (cosem_axdr_peek_type(v, &t) != COSEM_OK || t != COSEM_AXDR_ENUM ||
        cosem_axdr_read_enum(v, &x) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (x > 3u) {
        return COSEM_DAR_OTHER_REASON;
    }
    *d->mode = x;
    return COSEM_DAR_SUCCESS;
}

static cosem_dar_t rc_action(cosem_req_t *r, cosem_axdr_reader_t *p, cosem_axdr_writer_t *ret)
{
    const relay_cfg_t *d = (const relay_cfg_t *)r->obj->data;
    bool on = false;
    if (cosem_axdr_read_bool(p, &on) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    (*d->operations)++;
    cosem_axdr_write_u32(ret, *d->operations);
    return COSEM_DAR_SUCCESS;
}

static const cosem_class_t relay_cfg_class = {
    8193u, 0u, 3u, 1u, (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3)), 0u, 0u,
    rc_get, rc_set, rc_action, NULL, NULL};

static uint8_t mode = 1;
static uint32_t operations;
static const relay_cfg_t relay1 = {&mode, 1, 300, &operations};

static const cosem_association_ln_t current = {NULL, 1, NULL};

static const cosem_object_t objects[] = {
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &current, NULL, all_rights, NULL},
    {{0, 0, 129, 0, 0, 255}, &relay_cfg_class, &relay1, NULL, all_rights, NULL},
};

static const cosem_assoc_config_t assoc_cfg[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION, NULL, NULL,
     false, NULL}};

static void setup(void)
{
    mode = 1;
    operations = 0;
    fx_server_init(objects, 2, assoc_cfg, 1, NULL, 512);
}

static void teardown(void) {}

/* Through the server: the class id 8193 is 20 01 on the wire. */
START_TEST(test_vendor_server)
{
    associate();
    ck_assert_str_eq(xchg("C0 01 C1 20 01 00 00 81 00 00 FF 01 00"),
                     "C4 01 C1 00 09 06 00 00 81 00 00 FF");
    ck_assert_str_eq(xchg("C0 01 C1 20 01 00 00 81 00 00 FF 02 00"), "C4 01 C1 00 16 01");
    ck_assert_str_eq(xchg("C0 01 C1 20 01 00 00 81 00 00 FF 03 00"),
                     "C4 01 C1 00 02 02 11 01 12 01 2C");
    /* Beyond the attribute count; another class id on the same name. */
    ck_assert_str_eq(xchg("C0 01 C1 20 01 00 00 81 00 00 FF 04 00"), "C4 01 C1 01 04");
    ck_assert_str_eq(xchg("C0 01 C1 20 02 00 00 81 00 00 FF 02 00"), "C4 01 C1 01 04");
    /* SET: in range, out of range (nothing changed), wrong type, read only. */
    ck_assert_str_eq(xchg("C1 01 C1 20 01 00 00 81 00 00 FF 02 00 16 03"), "C5 01 C1 00");
    ck_assert_uint_eq(mode, 3);
    ck_assert_str_eq(xchg("C1 01 C1 20 01 00 00 81 00 00 FF 02 00 16 04"), "C5 01 C1 FA");
    ck_assert_str_eq(xchg("C1 01 C1 20 01 00 00 81 00 00 FF 02 00 11 01"), "C5 01 C1 0C");
    ck_assert_str_eq(xchg("C1 01 C1 20 01 00 00 81 00 00 FF 03 00 11 01"), "C5 01 C1 03");
    ck_assert_uint_eq(mode, 3);
    /* ACTION with a return value; a method beyond the count. */
    ck_assert_str_eq(xchg("C3 01 C1 20 01 00 00 81 00 00 FF 01 01 03 01"),
                     "C7 01 C1 00 01 00 06 00 00 00 01");
    ck_assert_str_eq(xchg("C3 01 C1 20 01 00 00 81 00 00 FF 02 01 03 01"), "C7 01 C1 04 00");
}
END_TEST

/* ---- our client over an in-memory link ---------------------------------- */

typedef struct wire {
    cosem_client_t c;
    uint8_t buf[4096];
    uint8_t req[1024];
    size_t req_len;
    bool pending;
    uint8_t value[64];
    size_t value_len;
    uint16_t listed_class;
} wire_t;

static cosem_status_t w_send(void *user, const uint8_t *data, size_t len)
{
    wire_t *w = (wire_t *)user;
    ck_assert_uint_le(len, sizeof w->req);
    memcpy(w->req, data, len);
    w->req_len = len;
    w->pending = true;
    return COSEM_OK;
}

/* Hands each request to the association and its answer to the client. */
static void pump(wire_t *w)
{
    for (int guard = 0; w->pending && guard < 1000; ++guard) {
        w->pending = false;
        ck_assert_int_eq(cosem_assoc_handle(&assoc, w->req, w->req_len, out, sizeof out, &out_len),
                         COSEM_OK);
        if (out_len != 0u) {
            ck_assert_int_eq(cosem_client_feed(&w->c, out, out_len, 0), COSEM_OK);
        }
    }
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
}

static cosem_status_t w_data(void *user, const cosem_client_data_t *d)
{
    wire_t *w = (wire_t *)user;
    if (d->kind == COSEM_CLIENT_DATA_VALUE) {
        ck_assert_uint_le(d->len, sizeof w->value);
        memcpy(w->value, d->data, d->len);
        w->value_len = d->len;
    }
    return COSEM_OK;
}

static cosem_status_t w_object(void *user, const cosem_client_object_t *o)
{
    if (o->obis[2] == 129) {
        ((wire_t *)user)->listed_class = o->class_id;
    }
    return COSEM_OK;
}

/* The client needs no description of class 8193: the value comes as sent,
 * the object list carries the class id. */
START_TEST(test_vendor_client)
{
    static const cosem_attr_ref_t limits = {8193, {0, 0, 129, 0, 0, 255}, 3};
    wire_t *w = calloc(1, sizeof *w);
    cosem_client_config_t cfg;
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(cosem_assoc_init(&assoc, &server, work, sizeof work), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_open(&assoc, 0x10), COSEM_OK);
    memset(&cfg, 0, sizeof cfg);
    cfg.link = COSEM_CLIENT_LINK_APDU;
    cfg.client_sap = 0x10;
    cfg.max_apdu = 1024;
    cfg.send.fn = w_send;
    cfg.send.user = w;
    ck_assert_int_eq(cosem_client_init(&w->c, &cfg, w->buf, sizeof w->buf), COSEM_OK);
    ck_assert_int_eq(cosem_client_connect(&w->c, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_get(&w->c, &limits, NULL, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_str_eq(tu_hexstr(w->value, w->value_len), "02 02 11 01 12 01 2C");
    ck_assert_int_eq(cosem_client_object_list(&w->c, w_object, w, 0), COSEM_OK);
    pump(w);
    ck_assert_uint_eq(w->listed_class, 8193);
    free(w);
}
END_TEST

static Suite *vendor_suite(void)
{
    Suite *s = suite_create("vendor_class");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_vendor_server);
    tcase_add_test(tc, test_vendor_client);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(vendor_suite)
