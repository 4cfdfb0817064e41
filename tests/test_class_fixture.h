/* SPDX-License-Identifier: Apache-2.0 */
/* Calls of one class's functions as the server makes them, and requests
 * through a public association, shared by the class suites (test_clock.c,
 * test_metering.c). The suite defines its objects, its association table
 * and setup(), which calls fx_server_init(). Header-only: each suite
 * includes it once. */
#ifndef TEST_CLASS_FIXTURE_H
#define TEST_CLASS_FIXTURE_H

#include <string.h>

#include <cosem/server.h>

#include "test_util.h"

static const cosem_access_t all_rights[COSEM_MAX_ACCESS_LEVELS] = {
    {COSEM_ALL, COSEM_ALL, COSEM_ALL}};

static cosem_server_t server;

/* The last answer of a direct call or of xchg(). */
static uint8_t out[256];
static size_t out_len;

/* Initialises the server over the suite's objects, associations and port. */
static inline void fx_server_init(const cosem_object_t *objects, size_t n,
                                  const cosem_assoc_config_t *assocs, size_t n_assocs,
                                  const cosem_port_t *port, uint16_t max_pdu)
{
    cosem_server_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.objects = objects;
    cfg.object_count = n;
    cfg.assocs = assocs;
    cfg.assoc_count = n_assocs;
    cfg.port = port;
    cfg.max_pdu = max_pdu;
    ck_assert_int_eq(cosem_server_init(&server, &cfg), COSEM_OK);
}

/* ---- direct calls of the class functions ------------------------------- */

/* A request as the server would hand it (server set, no association). */
static inline cosem_req_t req(const cosem_object_t *o, uint8_t service, int8_t id)
{
    cosem_req_t r;
    memset(&r, 0, sizeof r);
    r.server = &server;
    r.obj = o;
    r.service = service;
    r.id = id;
    return r;
}

/* GET through the class; the value's hex in out / the returned string. */
static inline const char *get(const cosem_object_t *o, int8_t id, cosem_dar_t *dar)
{
    cosem_req_t r = req(o, COSEM_SERVICE_GET, id);
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, out, sizeof out);
    *dar = o->cls->get(&r, &w);
    out_len = cosem_axdr_writer_len(&w);
    return tu_hexstr(out, out_len);
}

/* GET that must succeed. */
static inline const char *get_ok(const cosem_object_t *o, int8_t id)
{
    cosem_dar_t dar;
    const char *s = get(o, id, &dar);
    ck_assert_msg(dar == COSEM_DAR_SUCCESS, "get %d: dar %d", id, (int)dar);
    return s;
}

/* SET through the class with a hex value; the reader must be consumed. */
static inline cosem_dar_t set(const cosem_object_t *o, int8_t id, const char *hex)
{
    uint8_t buf[512];
    cosem_req_t r = req(o, COSEM_SERVICE_SET, id);
    cosem_axdr_reader_t v;
    cosem_dar_t dar;
    cosem_axdr_reader_init(&v, buf, tu_hex(hex, buf, sizeof buf));
    dar = o->cls->set(&r, &v);
    if (dar == COSEM_DAR_SUCCESS) {
        ck_assert_uint_eq(cosem_axdr_reader_remaining(&v), 0u);
    }
    return dar;
}

/* ACTION through the class with hex parameters ("" = none given: null-data). */
static inline cosem_dar_t act(const cosem_object_t *o, int8_t id, const char *hex)
{
    uint8_t buf[64];
    cosem_req_t r = req(o, COSEM_SERVICE_ACTION, id);
    cosem_axdr_reader_t p;
    cosem_axdr_writer_t w;
    size_t n = tu_hex(*hex != '\0' ? hex : "00", buf, sizeof buf);
    cosem_axdr_reader_init(&p, buf, n);
    cosem_axdr_writer_init(&w, out, sizeof out);
    return o->cls->action(&r, &p, &w);
}

/* ---- through the server ------------------------------------------------ */

/* AARQ without authentication, from the dlms-cosem client capture
 * tests/vectors/dlmscosem-client_guruxc-server_wrapper_noauth.txt line 5
 * (wrapper header removed): proposes GET, SET, ACTION, selective access. */
#define AARQ                                                                                  \
    "60 29 A1 09 06 07 60 85 74 05 08 01 01 A6 0A 04 08 75 74 69 2C EA EF FA 9A BE 10 04 0E " \
    "01 00 00 00 06 5F 1F 04 00 20 40 5F FF FF"

static cosem_assoc_t assoc;
static uint8_t work[1100];

/* One request through the association; the response hex. */
static inline const char *xchg(const char *hex)
{
    uint8_t in[256];
    size_t n = tu_hex(hex, in, sizeof in);
    ck_assert_int_eq(cosem_assoc_handle(&assoc, in, n, out, sizeof out, &out_len), COSEM_OK);
    return tu_hexstr(out, out_len);
}

/* Open and associate the public client (SAP 0x10). */
static inline void associate(void)
{
    ck_assert_int_eq(cosem_assoc_init(&assoc, &server, work, sizeof work), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_open(&assoc, 0x10), COSEM_OK);
    xchg(AARQ);
    ck_assert_int_eq(cosem_assoc_state(&assoc), COSEM_ASSOC_ASSOCIATED);
}

#endif /* TEST_CLASS_FIXTURE_H */
