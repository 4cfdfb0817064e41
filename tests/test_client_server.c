/* SPDX-License-Identifier: Apache-2.0 */
/* Check suite: our client against our server in memory (the logical
 * device of test_server_fixture.h behind a cosem_assoc_t, the client on
 * the bare-APDU link), every service form, block transfer both ways, and
 * errors at each layer; one run over HDLC (client primary station against
 * a secondary station) for segmentation. */
#include <stdlib.h>
#include <string.h>

#include <cosem/client.h>

#include "test_server_fixture.h"

/* ---- wire: the client's request goes to the association, the answer back */

typedef struct wire {
    cosem_client_t c;
    uint8_t buf[8192];
    uint8_t req[4096];
    size_t req_len;
    bool pending;
    int requests;
    /* data events */
    int values, arrays, elements, results;
    uint32_t count;
    uint8_t dars[8];
    uint16_t items[16];
    int nitems;
    uint8_t value[1024];
    size_t value_len;
    bool elems_ok;
    int objects;
} wire_t;

static wire_t *W;
static uint32_t w_conf;      /* client's proposed conformance (0: default) */
static uint32_t w_srv_extra; /* services offered besides FX_CONF_ALL */
static bool w_sn;            /* the client associates with short names */
static uint16_t w_energy_base; /* base name of 1.0.1.8.0.255 in the SN object list */
static uint8_t w_gbt_window;   /* GBT window of the client and the server (0: 1) */

/* Send callback: keep the request for pump(). */
static cosem_status_t w_send(void *user, const uint8_t *data, size_t len)
{
    wire_t *w = (wire_t *)user;
    ck_assert_uint_le(len, sizeof w->req);
    ck_assert(!w->pending);
    memcpy(w->req, data, len);
    w->req_len = len;
    w->pending = true;
    w->requests++;
    return COSEM_OK;
}

/* Runs requests through the association until the client waits no more. */
static void pump(wire_t *w)
{
    int guard = 0;
    while (w->pending && guard++ < 100000) {
        w->pending = false;
        ck_assert_int_eq(cosem_assoc_handle(&fx_a, w->req, w->req_len, fx_out, sizeof fx_out,
                                            &fx_out_len),
                         COSEM_OK);
        while (fx_out_len > 0) {
            ck_assert_int_eq(cosem_client_feed(&w->c, fx_out, fx_out_len, 0), COSEM_OK);
            fx_out_len = 0;
#if COSEM_WITH_GBT
            /* the rest of a GBT window: the client sends nothing before it ends */
            ck_assert_int_eq(cosem_assoc_next(&fx_a, fx_out, sizeof fx_out, &fx_out_len), COSEM_OK);
            ck_assert(fx_out_len == 0u || !w->pending);
#endif
        }
    }
    ck_assert(!cosem_client_busy(&w->c));
}

/* Data callback: counts, checks the elements of the test array
 * (structure {index, octet-string(8) of index}), keeps the last value. */
static cosem_status_t w_data(void *user, const cosem_client_data_t *d)
{
    wire_t *w = (wire_t *)user;
    if (w->nitems < 16) {
        w->items[w->nitems++] = d->item;
    }
    switch (d->kind) {
    case COSEM_CLIENT_DATA_ARRAY:
        w->arrays++;
        w->count = d->count;
        return COSEM_OK;
    case COSEM_CLIENT_DATA_ELEMENT: {
        uint8_t want[17] = {0x02, 0x02, 0x06, 0, 0, 0, 0, 0x09, 0x08};
        want[3] = (uint8_t)(d->index >> 24);
        want[4] = (uint8_t)(d->index >> 16);
        want[5] = (uint8_t)(d->index >> 8);
        want[6] = (uint8_t)d->index;
        memset(want + 9, (int)(d->index & 0xFFu), 8);
        if (d->index != (uint32_t)w->elements || d->len != 17 || memcmp(d->data, want, 17)) {
            w->elems_ok = false;
        }
        w->elements++;
        return COSEM_OK;
    }
    case COSEM_CLIENT_DATA_VALUE:
        w->values++;
        ck_assert_uint_le(d->len, sizeof w->value);
        memcpy(w->value, d->data, d->len);
        w->value_len = d->len;
        return COSEM_OK;
    default:
        if (w->results < 8) {
            w->dars[w->results] = d->dar;
        }
        w->results++;
        return COSEM_OK;
    }
}

/* Object callback: count. */
static cosem_status_t w_object(void *user, const cosem_client_object_t *o)
{
    wire_t *w = (wire_t *)user;
    static const uint8_t energy_ln[6] = {1, 0, 1, 8, 0, 255};
    w->objects++;
#if COSEM_WITH_SN
    if (memcmp(o->obis, energy_ln, 6) == 0) {
        w_energy_base = o->base_name;
    }
#else
    (void)energy_ln;
#endif
    return COSEM_OK;
}

/* A client for SAP @p sap (password for the reader), server fixture set up
 * for it, receive PDU @p rx_pdu; associated on return when @p connect. */
static wire_t *w_new(uint16_t sap, uint16_t rx_pdu, size_t element_max, bool connect)
{
    cosem_client_config_t cfg;
    wire_t *w = calloc(1, sizeof *w);
    ck_assert_ptr_nonnull(w);
    W = w;
    w->elems_ok = true;
    fx_setup_conf(sap, FX_CONF_ALL | w_srv_extra, 512);
    memset(&cfg, 0, sizeof cfg);
    cfg.link = COSEM_CLIENT_LINK_APDU;
    cfg.client_sap = (uint8_t)sap;
    cfg.max_apdu = 2048;
    cfg.max_receive_pdu = rx_pdu;
    cfg.conformance = w_conf;
#if COSEM_WITH_SN
    cfg.sn = w_sn;
#endif
#if COSEM_WITH_GBT
    cfg.gbt_window = w_gbt_window;
    cosem_assoc_set_gbt_window(&fx_a, w_gbt_window);
#endif
    cfg.element_max = element_max;
    cfg.send.fn = w_send;
    cfg.send.user = w;
    if (sap == FX_READER) {
        cfg.auth = COSEM_AUTH_LOW;
        cfg.password = (const uint8_t *)"Gurux";
        cfg.password_len = 5;
    }
    ck_assert_int_eq(cosem_client_init(&w->c, &cfg, w->buf, sizeof w->buf), COSEM_OK);
    if (connect) {
        ck_assert_int_eq(cosem_client_connect(&w->c, 0), COSEM_OK);
        pump(w);
        ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
        ck_assert_int_eq(cosem_client_state(&w->c), COSEM_CLIENT_ASSOCIATED);
    }
    return w;
}

static const cosem_attr_ref_t energy = {1, {1, 0, 1, 8, 0, 255}, 2};
static const cosem_attr_ref_t missing = {1, {1, 0, 2, 8, 0, 255}, 2};
static const cosem_attr_ref_t big = {0x2000, {0, 128, 0, 0, 0, 255}, 2};
static const cosem_attr_ref_t longv = {0x2000, {0, 128, 0, 0, 0, 255}, 3};
static const cosem_attr_ref_t blob = {0x2000, {0, 128, 0, 0, 0, 255}, 4};
static const cosem_attr_ref_t m_echo = {0x2000, {0, 128, 0, 0, 0, 255}, 1};
static const cosem_attr_ref_t m_long = {0x2000, {0, 128, 0, 0, 0, 255}, 2};
static const cosem_attr_ref_t m_fail = {0x2000, {0, 128, 0, 0, 0, 255}, 3};
static const cosem_attr_ref_t m_none = {0x2000, {0, 128, 0, 0, 0, 255}, 4};

/* ---- association -------------------------------------------------------- */

/* No authentication and LLS associate; negotiated conformance is what both
 * sides share; a wrong password is refused with authentication-failure
 * (13), layer ASSOCIATION; release gives LINKED and a new connect works. */
START_TEST(srv_associate)
{
    wire_t *w = w_new(FX_PUBLIC, 0, 0, true);
    const cosem_client_info_t *info = cosem_client_info(&w->c);
    const cosem_client_error_t *e;
    cosem_client_config_t cfg;
    ck_assert_uint_eq(info->conformance, COSEM_CLIENT_DEFAULT_CONFORMANCE & FX_CONF_ALL);
    ck_assert_uint_eq(info->server_max_pdu, 512);
    ck_assert_uint_eq(info->vaa_name, 7);
    ck_assert_int_eq(cosem_client_release(&w->c, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(cosem_client_state(&w->c), COSEM_CLIENT_LINKED);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_IDLE);
    ck_assert_int_eq(cosem_client_connect(&w->c, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_state(&w->c), COSEM_CLIENT_ASSOCIATED);
    free(w);
    w = w_new(FX_READER, 0, 0, true);
    free(w);
    w = w_new(FX_READER, 0, 0, false);
    cfg = w->c.cfg;
    cfg.password = (const uint8_t *)"Guru?";
    ck_assert_int_eq(cosem_client_init(&w->c, &cfg, w->buf, sizeof w->buf), COSEM_OK);
    ck_assert_int_eq(cosem_client_connect(&w->c, 0), COSEM_OK);
    pump(w);
    e = cosem_client_error(&w->c);
    ck_assert_int_eq(e->status, COSEM_E_DENIED);
    ck_assert_int_eq(e->layer, COSEM_CLIENT_LAYER_ASSOCIATION);
    ck_assert_int_eq(e->assoc_result, COSEM_ASSOC_REJECTED_PERMANENT);
    ck_assert_int_eq(e->diagnostic, COSEM_DIAG_AUTHENTICATION_FAILURE);
    ck_assert_int_eq(cosem_client_state(&w->c), COSEM_CLIENT_LINKED);
    free(w);
}
END_TEST

/* ---- GET ------------------------------------------------------------------ */

/* get-request-normal: a value; an unknown object gives object-undefined,
 * layer DATA. */
START_TEST(srv_get_normal)
{
    static const uint8_t v[] = {0x06, 0x00, 0x00, 0x30, 0x39};
    wire_t *w = w_new(FX_PUBLIC, 0, 0, true);
    ck_assert_int_eq(cosem_client_get(&w->c, &energy, NULL, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    tu_assert_bytes(w->value, w->value_len, v, sizeof v);
    ck_assert_int_eq(cosem_client_get(&w->c, &missing, NULL, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_E_DENIED);
    ck_assert_int_eq(cosem_client_error(&w->c)->layer, COSEM_CLIENT_LAYER_DATA);
    ck_assert_int_eq(cosem_client_error(&w->c)->dar, COSEM_DAR_OBJECT_UNDEFINED);
    free(w);
}
END_TEST

/* GET with-list of {energy, missing, big} with a 40-element array: one
 * value, one object-undefined result, 40 elements, in at least
 * min_requests requests. */
static void get_list_40(wire_t *w, int min_requests)
{
    const cosem_attr_ref_t refs[3] = {energy, missing, big};
    fx_big_n = 40;
    w->requests = 0;
    w->elements = 0;
    w->values = 0;
    w->results = 0;
    ck_assert_int_eq(cosem_client_get_list(&w->c, refs, NULL, 3, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->values, 1);
    ck_assert_int_eq(w->results, 1);
    ck_assert_int_eq(w->elements, 40);
    ck_assert(w->elems_ok);
    ck_assert_int_ge(w->requests, min_requests);
}

/* Reads the 2000-element test array; every element whole and in order,
 * in more than min_requests requests. */
static void get_2000(wire_t *w, int min_requests)
{
    fx_big_n = 2000;
    w->requests = 0;
    ck_assert_int_eq(cosem_client_get(&w->c, &big, NULL, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_uint_eq(w->count, 2000);
    ck_assert_int_eq(w->elements, 2000);
    ck_assert(w->elems_ok);
    ck_assert_int_gt(w->requests, min_requests);
}

/* A 2000-element array read with a client max PDU of 64: hundreds of
 * get-response-with-datablock, every element streamed whole and in order
 * through a 64-octet reassembly area. */
START_TEST(srv_get_blocks)
{
    wire_t *w = w_new(FX_PUBLIC, 64, 64, true);
    get_2000(w, 400);
    free(w);
}
END_TEST

#if COSEM_WITH_GBT
/* General block transfer both ways in memory: the client proposes it, the
 * server offers it; a 2,000-element array (34 KB) at receive PDU 64, 200
 * and 1024 arrives whole in GBT blocks, one acknowledgement per block; a
 * with-list and a long octet string too; a value that fits one APDU is a
 * plain get-response. */
START_TEST(srv_get_gbt)
{
    static const uint16_t pdus[3] = {64, 200, 1024};
    for (int k = 0; k < 3; ++k) {
        w_conf = (COSEM_CLIENT_DEFAULT_CONFORMANCE & ~COSEM_CONF_BLOCK_TRANSFER_GET) |
                 COSEM_CONF_GENERAL_BLOCK_TRANSFER;
        w_srv_extra = COSEM_CONF_GENERAL_BLOCK_TRANSFER;
        wire_t *w = w_new(FX_PUBLIC, pdus[k], 64, true);
        w_conf = 0;
        w_srv_extra = 0;
        ck_assert(cosem_client_info(&w->c)->conformance & COSEM_CONF_GENERAL_BLOCK_TRANSFER);
        get_2000(w, (int)(34000u / pdus[k]));
        ck_assert_uint_eq(fx_out[0], COSEM_APDU_GENERAL_BLOCK_TRANSFER); /* the last block */
        get_list_40(w, pdus[k] < 700u ? 2 : 1);
        w->values = 0;
        ck_assert_int_eq(cosem_client_get(&w->c, &energy, NULL, w_data, w, 0), COSEM_OK);
        pump(w);
        ck_assert_int_eq(w->values, 1);
        ck_assert_uint_eq(fx_out[0], COSEM_APDU_GET_RESPONSE);
        free(w);
    }
}
END_TEST

/* GBT windows both ways: client and server windows 16 at receive PDU 64;
 * the 2,000-element array (34 KB, about 600 blocks of 57 octets) whole with
 * one acknowledgement per window: at most 17 blocks of the 1,024-octet work
 * buffer each, so between 600 / 17 and 600 / 8 requests. A client window of
 * 64 is refused at init. */
START_TEST(srv_get_gbt_window)
{
    cosem_client_config_t bad;
    w_conf = (COSEM_CLIENT_DEFAULT_CONFORMANCE & ~COSEM_CONF_BLOCK_TRANSFER_GET) |
             COSEM_CONF_GENERAL_BLOCK_TRANSFER;
    w_srv_extra = COSEM_CONF_GENERAL_BLOCK_TRANSFER;
    w_gbt_window = 16;
    wire_t *w = w_new(FX_PUBLIC, 64, 64, true);
    w_conf = 0;
    w_srv_extra = 0;
    w_gbt_window = 0;
    get_2000(w, 600 / 17);
    ck_assert_int_lt(w->requests, 600 / 8);
    get_list_40(w, 1);
    bad = w->c.cfg;
    bad.gbt_window = 64;
    ck_assert_int_eq(cosem_client_init(&w->c, &bad, w->buf, sizeof w->buf), COSEM_E_ARG);
    free(w);
}
END_TEST

/* A GBT answer the client cannot use ends the GET with COSEM_E_MALFORMED:
 * a block out of order, a first block that is not a get-response. */
START_TEST(srv_get_gbt_bad)
{
    static const char *const bad[3] = {"E0 01 00 02 00 00 04 C4 01 C1 00",
                                       "E0 01 00 01 00 00 04 C5 01 C1 00",
                                       "E0 81 00 01 00 00 02 C4 01"};
    for (int k = 0; k < 3; ++k) {
        uint8_t apdu[32];
        size_t n = tu_hex(bad[k], apdu, sizeof apdu);
        wire_t *w = w_new(FX_PUBLIC, 0, 64, true);
        ck_assert_int_eq(cosem_client_get(&w->c, &energy, NULL, w_data, w, 0), COSEM_OK);
        w->pending = false;
        ck_assert_int_eq(cosem_client_feed(&w->c, apdu, n, 0), COSEM_OK);
        ck_assert(!cosem_client_busy(&w->c));
        ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_E_MALFORMED);
        free(w);
    }
}
END_TEST
#endif

#if COSEM_WITH_ACCESS
/* ACCESS both ways in memory (the meter reader): get, set, get again,
 * action (echo), get of a missing object; one event per item in order,
 * the set applied before the second get runs. */
START_TEST(srv_access)
{
    static const uint8_t seven[5] = {0x06, 0, 0, 0, 7}, echo[3] = {0x12, 0x00, 0x05};
    cosem_client_access_item_t it[5] = {
        {COSEM_ACCESS_GET, energy, NULL, 0},        {COSEM_ACCESS_SET, energy, seven, sizeof seven},
        {COSEM_ACCESS_GET, energy, NULL, 0},        {COSEM_ACCESS_ACTION, m_echo, echo, sizeof echo},
        {COSEM_ACCESS_GET, missing, NULL, 0}};
    w_conf = COSEM_CLIENT_DEFAULT_CONFORMANCE | COSEM_CONF_ACCESS;
    w_srv_extra = COSEM_CONF_ACCESS;
    wire_t *w = w_new(FX_READER, 0, 64, true);
    w_conf = 0;
    w_srv_extra = 0;
    ck_assert_int_eq(cosem_client_access(&w->c, it, 5, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->values, 4);
    ck_assert_int_eq(w->results, 1);
    ck_assert_uint_eq(w->dars[0], COSEM_DAR_OBJECT_UNDEFINED);
    for (uint16_t i = 0; i < 5; ++i) {
        ck_assert_uint_eq(w->items[i], i);
    }
    tu_assert_bytes(w->value, w->value_len, echo, sizeof echo); /* the last VALUE */
    ck_assert_uint_eq(fx_energy, 7);
    ck_assert_int_eq(w->requests, 2); /* AARQ and the one access-request */
    ck_assert_int_eq(cosem_client_access(&w->c, it, 0, w_data, w, 0), COSEM_E_ARG);
    it[0].kind = 9;
    ck_assert_int_eq(cosem_client_access(&w->c, it, 1, w_data, w, 0), COSEM_E_ARG);
    free(w);
}
END_TEST
#endif

/* Selective access (entry descriptor) reaches the object; a long
 * non-array value in blocks is put together in the reassembly area, or
 * ends with COSEM_E_NOSPACE (layer LOCAL) when the area is too small. */
START_TEST(srv_get_selective_and_long)
{
    uint8_t sb[COSEM_CLIENT_ENTRY_SIZE];
    cosem_selection_t sel;
    wire_t *w = w_new(FX_PUBLIC, 64, 400, true);
    size_t i;
    ck_assert_int_eq(cosem_client_entry_selection(sb, sizeof sb, 1, 3, 1, 0, &sel), COSEM_OK);
    ck_assert_int_eq(cosem_client_get(&w->c, &big, &sel, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->elements, 3);
    ck_assert_uint_eq(fx_last_selector, 2);
    ck_assert_uint_eq(fx_last_sel_len, sizeof sb);
    ck_assert_int_eq(cosem_client_get(&w->c, &longv, NULL, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_uint_eq(w->value_len, 304);
    for (i = 0; i < 300; i++) {
        ck_assert_uint_eq(w->value[4 + i], (uint8_t)i);
    }
    free(w);
    w = w_new(FX_PUBLIC, 64, 128, true);
    ck_assert_int_eq(cosem_client_get(&w->c, &longv, NULL, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_client_error(&w->c)->layer, COSEM_CLIENT_LAYER_LOCAL);
    free(w);
}
END_TEST

/* get-request-with-list: a value, an object-undefined result and an array,
 * each under its item number; then the same list answered in blocks. */
START_TEST(srv_get_list)
{
    const cosem_attr_ref_t refs[3] = {energy, missing, big};
    wire_t *w = w_new(FX_PUBLIC, 0, 0, true);
    ck_assert_int_eq(cosem_client_get_list(&w->c, refs, NULL, 3, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->values, 1);
    ck_assert_int_eq(w->results, 1);
    ck_assert_uint_eq(w->dars[0], COSEM_DAR_OBJECT_UNDEFINED);
    ck_assert_int_eq(w->elements, 10);
    ck_assert_uint_eq(w->items[0], 0);
    ck_assert_uint_eq(w->items[1], 1);
    ck_assert_uint_eq(w->items[2], 2);
    free(w);
    w = w_new(FX_PUBLIC, 64, 64, true);
    get_list_40(w, 3); /* the request and next-pblocks */
    free(w);
}
END_TEST

/* The object list: every object the association sees. */
START_TEST(srv_object_list)
{
    wire_t *w = w_new(FX_READER, 64, 256, true);
    ck_assert_int_eq(cosem_client_object_list(&w->c, w_object, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->objects, (int)FX_NOBJ);
    free(w);
}
END_TEST

#if COSEM_WITH_SN
/* Short names end to end: the reader associates with the SN context; the
 * Association SN object list comes in data-block-results (client PDU 64)
 * and gives the energy's base name 0x02A8; values read by name (one whole,
 * one 10-element array in blocks streamed element by element), written,
 * a method run by READ with its parameter and by WRITE, a missing name
 * refused with object-undefined. */
START_TEST(srv_sn)
{
    static const uint8_t energy_v[] = {0x06, 0x00, 0x00, 0x30, 0x39};
    static const uint8_t blob_v[] = {0x09, 0x03, 0x01, 0x02, 0x03};
    /* attribute 4 gives back the octets written, as an octet-string */
    static const uint8_t blob_back[] = {0x09, 0x05, 0x09, 0x03, 0x01, 0x02, 0x03};
    static const uint8_t echo[] = {0x12, 0x00, 0x07};
    cosem_sn_spec_t spec;
    wire_t *w;
    w_srv_extra = COSEM_CONF_READ | COSEM_CONF_WRITE | COSEM_CONF_UNCONFIRMED_WRITE |
                  COSEM_CONF_PARAMETERIZED_ACCESS;
    w_sn = true;
    w = w_new(FX_READER, 64, 256, true);
    ck_assert_uint_eq(cosem_client_info(&w->c)->conformance,
                      COSEM_CONF_READ | COSEM_CONF_WRITE | COSEM_CONF_UNCONFIRMED_WRITE |
                          COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_BLOCK_TRANSFER_SET |
                          COSEM_CONF_MULTIPLE_REFERENCES | COSEM_CONF_PARAMETERIZED_ACCESS);
    w_energy_base = 0;
    ck_assert_int_eq(cosem_client_object_list(&w->c, w_object, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->objects, (int)FX_NOBJ - 2 + 1); /* no Association LN; the SN one */
    ck_assert_int_ge(w->requests, 3);                   /* AARQ, READ, block requests */
    ck_assert_uint_eq(w_energy_base, 0x02A8);

    memset(&spec, 0, sizeof spec);
    spec.kind = COSEM_SN_NAME;
    spec.name = COSEM_SN_ATTR(w_energy_base, 2);
    ck_assert_int_eq(cosem_client_read(&w->c, &spec, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    tu_assert_bytes(w->value, w->value_len, energy_v, sizeof energy_v);

    spec.name = 0x0270; /* the vendor object's attribute 2: 10 elements */
    w->elements = 0;
    ck_assert_int_eq(cosem_client_read(&w->c, &spec, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->elements, 10);
    ck_assert(w->elems_ok);

    ck_assert_int_eq(cosem_client_write(&w->c, 0x0280, blob_v, sizeof blob_v, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    spec.name = 0x0280;
    ck_assert_int_eq(cosem_client_read(&w->c, &spec, w_data, w, 0), COSEM_OK);
    pump(w);
    tu_assert_bytes(w->value, w->value_len, blob_back, sizeof blob_back);

    spec.kind = COSEM_SN_PARAMETERIZED; /* method 1 (echo) with its parameter */
    spec.name = 0x0288;
    spec.param.p = echo;
    spec.param.len = sizeof echo;
    ck_assert_int_eq(cosem_client_read(&w->c, &spec, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    tu_assert_bytes(w->value, w->value_len, echo, sizeof echo);
    fx_action_calls = 0;
    ck_assert_int_eq(cosem_client_write(&w->c, 0x0288, echo, sizeof echo, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(fx_action_calls, 1);

    spec.kind = COSEM_SN_NAME;
    spec.name = 0x0238; /* between the SAP assignment's attributes and method */
    ck_assert_int_eq(cosem_client_read(&w->c, &spec, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_E_DENIED);
    ck_assert_int_eq(cosem_client_error(&w->c)->dar, COSEM_DAR_OBJECT_UNDEFINED);
    ck_assert_int_eq(cosem_client_write(&w->c, 0x0280, blob_v, 3, 0), COSEM_E_ARG);

    /* a 1,000-octet octet-string (more than the server's 512-octet PDU):
     * written in write-data-block-access blocks (the server answers each
     * but the last with its number); the server sets it whole */
    {
        static uint8_t big_v[1004];
        big_v[0] = 0x09;
        big_v[1] = 0x82;
        big_v[2] = 0x03;
        big_v[3] = 0xE8;
        for (int i = 4; i < 1004; ++i) {
            big_v[i] = (uint8_t)i;
        }
        w->requests = 0;
        ck_assert_int_eq(cosem_client_write(&w->c, 0x0280, big_v, sizeof big_v, 0), COSEM_OK);
        pump(w);
        ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
        ck_assert_int_eq(w->requests, 3); /* 1,009 octets in blocks of up to 512 */
        tu_assert_bytes(fx_blob, fx_blob_len, big_v, sizeof big_v); /* what the server set */
    }
    free(w);
    w_srv_extra = 0;
    w_sn = false;
}
END_TEST
#endif

/* ---- SET ------------------------------------------------------------------ */

/* set-request-normal as the reader; the public client is denied
 * (read-write-denied, layer DATA); a 700-octet value goes out in
 * datablocks (server max PDU 512) and arrives whole; with-list gives one
 * result per item. */
START_TEST(srv_set)
{
    static uint8_t v[1000];
    static const uint8_t small[] = {0x12, 0x12, 0x34};
    const cosem_attr_ref_t refs[2] = {blob, energy};
    uint8_t two[] = {0x12, 0x00, 0x01, 0x06, 0x00, 0x00, 0x00, 0x02};
    wire_t *w = w_new(FX_PUBLIC, 0, 0, true);
    size_t i;
    ck_assert_int_eq(cosem_client_set(&w->c, &blob, NULL, small, sizeof small, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->dar, COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_int_eq(cosem_client_error(&w->c)->layer, COSEM_CLIENT_LAYER_DATA);
    free(w);
    w = w_new(FX_READER, 0, 0, true);
    ck_assert_int_eq(cosem_client_set(&w->c, &blob, NULL, small, sizeof small, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    tu_assert_bytes(fx_blob, fx_blob_len, small, sizeof small);
    v[0] = 0x09;
    v[1] = 0x82;
    v[2] = (uint8_t)((700 - 4) >> 8);
    v[3] = (uint8_t)(700 - 4);
    for (i = 4; i < sizeof v; i++) {
        v[i] = (uint8_t)(i * 13u);
    }
    w->requests = 0;
    ck_assert_int_eq(cosem_client_set(&w->c, &blob, NULL, v, 700, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->requests, 2);
    tu_assert_bytes(fx_blob, fx_blob_len, v, 700);
    ck_assert_int_eq(cosem_client_set_list(&w->c, refs, NULL, 2, two, sizeof two, w_data, w, 0),
                     COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->results, 2);
    ck_assert_uint_eq(w->dars[0], COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(fx_energy, 2);
    free(w);
}
END_TEST

/* ---- ACTION --------------------------------------------------------------- */

/* action-request-normal with return data, without, a failing method
 * (temporary-failure, layer DATA); return parameters in pblocks (600
 * octets, client max PDU 128); parameters in pblocks (700 octets, server
 * max PDU 512); with-list. (An echo of 700 octets would not fit the
 * fixture's 1024-octet association buffer next to its parameters.) */
START_TEST(srv_action)
{
    static uint8_t p[700];
    static const uint8_t n600[] = {0x12, 0x02, 0x58};
    static const uint8_t u7[] = {0x11, 0x07};
    const cosem_attr_ref_t refs[2] = {m_echo, m_fail};
    static const uint8_t two[] = {0x11, 0x05, 0x00};
    static const uint8_t long_and_u7[] = {0x12, 0x01, 0x2C, 0x11, 0x07};
    cosem_attr_ref_t refs2[2];
    wire_t *w = w_new(FX_READER, 128, 800, true);
    size_t i;
    ck_assert_int_eq(cosem_client_action(&w->c, &m_echo, u7, sizeof u7, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    tu_assert_bytes(w->value, w->value_len, u7, sizeof u7);
    w->values = 0;
    ck_assert_int_eq(cosem_client_action(&w->c, &m_none, NULL, 0, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->values, 0);
    ck_assert_int_eq(cosem_client_action(&w->c, &m_fail, u7, sizeof u7, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->layer, COSEM_CLIENT_LAYER_DATA);
    ck_assert_int_eq(cosem_client_error(&w->c)->dar, COSEM_DAR_TEMPORARY_FAILURE);
    w->requests = 0;
    ck_assert_int_eq(cosem_client_action(&w->c, &m_long, n600, sizeof n600, w_data, w, 0),
                     COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_uint_eq(w->value_len, 604);
    ck_assert_uint_eq(w->value[4 + 599], (uint8_t)(599 * 7));
    ck_assert_int_gt(w->requests, 4);
    p[0] = 0x09;
    p[1] = 0x82;
    p[2] = (uint8_t)((sizeof p - 4) >> 8);
    p[3] = (uint8_t)(sizeof p - 4);
    for (i = 4; i < sizeof p; i++) {
        p[i] = (uint8_t)(i ^ 0x5A);
    }
    w->requests = 0;
    w->values = 0;
    ck_assert_int_eq(cosem_client_action(&w->c, &m_none, p, sizeof p, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->requests, 2); /* with-first-pblock, with-pblock (last) */
    ck_assert_int_eq(w->values, 0);
    ck_assert_int_eq(cosem_client_action_list(&w->c, refs, 2, two, sizeof two, w_data, w, 0),
                     COSEM_OK);
    w->results = 0;
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->results, 2);
    ck_assert_uint_eq(w->dars[0], COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(w->dars[1], COSEM_DAR_TEMPORARY_FAILURE);
    /* with-list whose results (a 304-octet value, then 11 07) exceed the
     * client's max PDU 128: the server sends them in pblocks (issue #19). */
    refs2[0] = m_long;
    refs2[1] = m_echo;
    w->results = 0;
    w->values = 0;
    w->requests = 0;
    w->nitems = 0;
    ck_assert_int_eq(cosem_client_action_list(&w->c, refs2, 2, long_and_u7, sizeof long_and_u7,
                                              w_data, w, 0),
                     COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_ge(w->requests, 3); /* the request and next-pblocks */
    ck_assert_int_eq(w->results, 2);
    ck_assert_uint_eq(w->dars[0], COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(w->dars[1], COSEM_DAR_SUCCESS);
    ck_assert_int_eq(w->values, 2);
    tu_assert_bytes(w->value, w->value_len, u7, sizeof u7);
    ck_assert_int_eq(w->nitems, 4); /* result 0, value 0, result 1, value 1 */
    ck_assert_uint_eq(w->items[1], 0);
    ck_assert_uint_eq(w->items[3], 1);
    free(w);
}
END_TEST

/* ---- errors at the service layer -------------------------------------------- */

/* The server forgot the association (closed and reopened behind the
 * client's back): a GET gets an exception-response, layer SERVICE; the
 * client reconnects after its link is reset. */
START_TEST(srv_exception)
{
    wire_t *w = w_new(FX_PUBLIC, 0, 0, true);
    cosem_assoc_close(&fx_a);
    ck_assert_int_eq(cosem_assoc_open(&fx_a, FX_PUBLIC), COSEM_OK);
    ck_assert_int_eq(cosem_client_get(&w->c, &energy, NULL, w_data, w, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_E_DENIED);
    ck_assert_int_eq(cosem_client_error(&w->c)->layer, COSEM_CLIENT_LAYER_SERVICE);
    ck_assert_int_ne(cosem_client_error(&w->c)->state_error, 0);
    cosem_client_link_closed(&w->c, 0);
    ck_assert_int_eq(cosem_client_connect(&w->c, 0), COSEM_OK);
    pump(w);
    ck_assert_int_eq(cosem_client_state(&w->c), COSEM_CLIENT_ASSOCIATED);
    free(w);
}
END_TEST

/* ---- over HDLC ----------------------------------------------------------- */

/* Frames in flight between the two stations. */
typedef struct hwire {
    cosem_hdlc_t srv;
    uint8_t srv_buf[COSEM_HDLC_BUF_SIZE(128, 1024)];
    uint8_t to_srv[8192], to_cli[8192];
    size_t n_srv, n_cli;
} hwire_t;

static hwire_t HW;

/* Client frames queue for the secondary. */
static cosem_status_t h_cli_send(void *user, const uint8_t *f, size_t n)
{
    (void)user;
    ck_assert_uint_le(HW.n_srv + n, sizeof HW.to_srv);
    memcpy(HW.to_srv + HW.n_srv, f, n);
    HW.n_srv += n;
    return COSEM_OK;
}

/* Secondary frames queue for the client. */
static cosem_status_t h_srv_send(void *user, const uint8_t *f, size_t n)
{
    (void)user;
    ck_assert_uint_le(HW.n_cli + n, sizeof HW.to_cli);
    memcpy(HW.to_cli + HW.n_cli, f, n);
    HW.n_cli += n;
    return COSEM_OK;
}

/* Secondary events: an APDU goes through the association, its answer back. */
static void h_srv_event(void *user, const cosem_hdlc_event_t *ev)
{
    size_t cap = 0, n = 0;
    uint8_t *tx;
    (void)user;
    if (ev->type == COSEM_HDLC_EV_CONNECTED) {
        ck_assert_int_eq(cosem_assoc_open(&fx_a, ev->peer.upper), COSEM_OK);
    }
    if (ev->type != COSEM_HDLC_EV_DATA) {
        return;
    }
    tx = cosem_hdlc_tx_buffer(&HW.srv, &cap);
    ck_assert_ptr_nonnull(tx);
    ck_assert_int_eq(cosem_assoc_handle(&fx_a, ev->data, ev->len, tx, cap, &n), COSEM_OK);
    if (n > 0) {
        ck_assert_int_eq(cosem_hdlc_send(&HW.srv, tx, n, 0), COSEM_OK);
    }
}

/* Moves frames both ways until both sides are quiet. */
static void h_pump(cosem_client_t *c)
{
    uint8_t buf[8192];
    size_t n;
    int guard = 0;
    while ((HW.n_srv > 0 || HW.n_cli > 0) && guard++ < 100000) {
        n = HW.n_srv;
        memcpy(buf, HW.to_srv, n);
        HW.n_srv = 0;
        ck_assert_int_eq(cosem_hdlc_feed(&HW.srv, buf, n, 0), COSEM_OK);
        n = HW.n_cli;
        memcpy(buf, HW.to_cli, n);
        HW.n_cli = 0;
        ck_assert_int_eq(cosem_client_feed(c, buf, n, 0), COSEM_OK);
    }
    ck_assert(!cosem_client_busy(c));
}

/* Over HDLC (max info 128, 4-octet server address 1/0x11 on both sides):
 * SNRM/UA, AARQ/AARE, a 300-element array read with segmented APDUs and
 * GET blocks, a method echoing a 400-octet parameter (segmented both ways),
 * release and DISC; _i 1: the secondary has one shared MSDU buffer, where
 * the association encodes the echo in front of the request it reads. */
START_TEST(srv_over_hdlc)
{
    cosem_hdlc_config_t hc;
    cosem_client_config_t cfg;
    wire_t *w = w_new(FX_READER, 0, 0, false);
    static uint8_t p[400];
    size_t i;
    memset(&HW, 0, sizeof HW);
    memset(&hc, 0, sizeof hc);
    hc.role = COSEM_HDLC_SECONDARY;
    hc.local.upper = 1;
    hc.local.lower = 0x11;
    hc.local.len = 4;
    hc.max_msdu = 1024;
    hc.send.fn = h_srv_send;
    hc.event.fn = h_srv_event;
    hc.shared_msdu = _i == 1;
    ck_assert_int_eq(cosem_hdlc_init(&HW.srv, &hc, HW.srv_buf,
                                     hc.shared_msdu ? COSEM_HDLC_BUF_SIZE_SHARED(128, 1024)
                                                    : sizeof HW.srv_buf),
                     COSEM_OK);
    cfg = w->c.cfg;
    cfg.link = COSEM_CLIENT_LINK_HDLC;
    cfg.server_physical = 0x11;
    cfg.server_addr_len = 4;
    cfg.max_apdu = 1024;
    cfg.send.fn = h_cli_send;
    cfg.password = (const uint8_t *)"Gurux"; /* the reader's LLS secret (cosem_client_init copies it) */
    ck_assert_int_eq(cosem_client_init(&w->c, &cfg, w->buf, sizeof w->buf), COSEM_OK);
    ck_assert_int_eq(cosem_client_connect(&w->c, 0), COSEM_OK);
    h_pump(&w->c);
    ck_assert_int_eq(cosem_client_state(&w->c), COSEM_CLIENT_ASSOCIATED);
    ck_assert_uint_eq(cosem_client_info(&w->c)->hdlc.max_info_rx, 128);
    fx_big_n = 300;
    ck_assert_int_eq(cosem_client_get(&w->c, &big, NULL, w_data, w, 0), COSEM_OK);
    h_pump(&w->c);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(w->elements, 300);
    ck_assert(w->elems_ok);
    p[0] = 0x09;
    p[1] = 0x82;
    p[2] = (uint8_t)((sizeof p - 4) >> 8);
    p[3] = (uint8_t)(sizeof p - 4);
    for (i = 4; i < sizeof p; i++) {
        p[i] = (uint8_t)(i * 29u + 3u);
    }
    w->values = 0;
    ck_assert_int_eq(cosem_client_action(&w->c, &m_echo, p, sizeof p, w_data, w, 0), COSEM_OK);
    h_pump(&w->c);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    tu_assert_bytes(w->value, w->value_len, p, sizeof p);
    ck_assert_int_eq(cosem_client_release(&w->c, 0), COSEM_OK);
    h_pump(&w->c);
    ck_assert_int_eq(cosem_client_state(&w->c), COSEM_CLIENT_LINKED);
    ck_assert_int_eq(cosem_client_disconnect(&w->c, 0), COSEM_OK);
    h_pump(&w->c);
    ck_assert_int_eq(cosem_client_error(&w->c)->status, COSEM_OK);
    ck_assert_int_eq(cosem_client_state(&w->c), COSEM_CLIENT_DISCONNECTED);
    ck_assert_int_eq(cosem_hdlc_state(&HW.srv), COSEM_HDLC_DISCONNECTED);
    free(w);
}
END_TEST

static Suite *client_server_suite(void)
{
    Suite *s = suite_create("client_server");
    TCase *tc = tcase_create("services");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, srv_associate);
    tcase_add_test(tc, srv_get_normal);
    tcase_add_test(tc, srv_get_blocks);
#if COSEM_WITH_ACCESS
    tcase_add_test(tc, srv_access);
#endif
#if COSEM_WITH_GBT
    tcase_add_test(tc, srv_get_gbt);
    tcase_add_test(tc, srv_get_gbt_window);
    tcase_add_test(tc, srv_get_gbt_bad);
#endif
    tcase_add_test(tc, srv_get_selective_and_long);
    tcase_add_test(tc, srv_get_list);
    tcase_add_test(tc, srv_object_list);
#if COSEM_WITH_SN
    tcase_add_test(tc, srv_sn);
#endif
    tcase_add_test(tc, srv_set);
    tcase_add_test(tc, srv_action);
    tcase_add_test(tc, srv_exception);
    tcase_add_loop_test(tc, srv_over_hdlc, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(client_server_suite)
