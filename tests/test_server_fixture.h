/* SPDX-License-Identifier: Apache-2.0 */
/* A small logical device shared by the server suites: Association LN,
 * SAP assignment, logical device name, an energy Data object, an object
 * only the meter reader sees, and a test class with a streaming array, a
 * long value without commits, a writable blob and methods with short and
 * long return parameters. Header-only: each suite includes it once. */
#ifndef TEST_SERVER_FIXTURE_H
#define TEST_SERVER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/classes.h>
#include <cosem/server.h>

#include "test_util.h"

/* ---- test class 0x2000 ---------------------------------------------------- */

static uint32_t fx_big_n = 10;       /* elements of attribute 2 */
static size_t fx_long_n = 300;       /* octets of attribute 3 */
static uint8_t fx_blob[4096];        /* last value written to attribute 4 */
static size_t fx_blob_len;
static int fx_get_calls;
static uint8_t fx_last_selector;
static int fx_action_calls;          /* methods run (validate before apply) */
static size_t fx_last_sel_len;

/* Attribute 2: array of fx_big_n structures {index u32, octet-string(8)};
 * selective access (any selector) narrows it to 3 elements. */
static cosem_dar_t fx_get_big(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    uint32_t n = fx_big_n;
    if (r->sel.selector != 0u) {
        fx_last_selector = r->sel.selector;
        fx_last_sel_len = r->sel.params.len;
        n = 3;
    }
    if (r->index == 0u) {
        cosem_axdr_write_array(w, n);
    }
    for (uint32_t i = r->index; i < n; ++i) {
        uint8_t s[8];
        memset(s, (int)(i & 0xFFu), sizeof(s));
        cosem_axdr_write_structure(w, 2);
        cosem_axdr_write_u32(w, i);
        cosem_axdr_write_octet_string(w, s, sizeof(s));
        if (!cosem_req_commit(r, w, i + 1u)) {
            break;
        }
    }
    return COSEM_DAR_SUCCESS;
}

static cosem_dar_t fx_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    fx_get_calls++;
    switch (r->id) {
    case 2: return fx_get_big(r, w);
    case 3: {
        uint8_t *p = NULL;
        cosem_axdr_put_u8(w, COSEM_AXDR_OCTET_STRING);
        cosem_axdr_put_length(w, fx_long_n);
        if (cosem_axdr_reserve(w, fx_long_n, &p) == COSEM_OK) {
            for (size_t i = 0; i < fx_long_n; ++i) {
                p[i] = (uint8_t)i;
            }
        }
        return COSEM_DAR_SUCCESS;
    }
    case 4: cosem_axdr_write_octet_string(w, fx_blob, fx_blob_len); return COSEM_DAR_SUCCESS;
    default: return COSEM_DAR_OBJECT_UNAVAILABLE;
    }
}

/* Attribute 4 takes any one Data and keeps its encoding. */
static cosem_dar_t fx_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    size_t at = cosem_axdr_reader_pos(v);
    const uint8_t *p = NULL;
    if (r->id != 4) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    if (cosem_axdr_skip(v) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    fx_blob_len = cosem_axdr_reader_pos(v) - at;
    /* re-read the octets through a second reader over the same input */
    cosem_axdr_reader_t again = *v;
    again.pos = at;
    cosem_axdr_get_bytes(&again, fx_blob_len, &p);
    memcpy(fx_blob, p, fx_blob_len);
    return COSEM_DAR_SUCCESS;
}

/* Method 1 echoes its parameters, 2 returns an octet-string as long as its
 * long-unsigned parameter, 3 fails, 4 returns nothing. */
static cosem_dar_t fx_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                             cosem_axdr_writer_t *ret)
{
    size_t at = cosem_axdr_reader_pos(params);
    const uint8_t *p = NULL;
    uint16_t n = 0;
    fx_action_calls++;
    switch (r->id) {
    case 1:
        cosem_axdr_skip(params);
        {
            cosem_axdr_reader_t again = *params;
            size_t len = cosem_axdr_reader_pos(params) - at;
            again.pos = at;
            cosem_axdr_get_bytes(&again, len, &p);
            cosem_axdr_put_bytes(ret, p, len);
        }
        return COSEM_DAR_SUCCESS;
    case 2: {
        uint8_t *q = NULL;
        if (cosem_axdr_read_u16(params, &n) != COSEM_OK) {
            return COSEM_DAR_TYPE_UNMATCHED;
        }
        cosem_axdr_put_u8(ret, COSEM_AXDR_OCTET_STRING);
        cosem_axdr_put_length(ret, n);
        if (cosem_axdr_reserve(ret, n, &q) == COSEM_OK) {
            for (uint16_t i = 0; i < n; ++i) {
                q[i] = (uint8_t)(i * 7u);
            }
        }
        return COSEM_DAR_SUCCESS;
    }
    case 3: cosem_axdr_skip(params); return COSEM_DAR_TEMPORARY_FAILURE;
    default: cosem_axdr_skip(params); return COSEM_DAR_SUCCESS;
    }
}

static const cosem_class_t fx_class = {
    0x2000u, 1u, 4u, 4u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3) | COSEM_ATTR(4)),
    COSEM_ATTR(2), (uint8_t)((1u << 1) | (1u << 2)),
    fx_get, fx_set, fx_action, NULL, NULL,
};

/* ---- the logical device --------------------------------------------------- */

#define FX_PUBLIC 0x10u
#define FX_READER 0x11u   /* LLS "Gurux" as in the guruxpy capture */
#define FX_HLS 0x30u
#define FX_PRE 0x66u

#define FX_CONF_ALL                                                                       \
    (COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION | COSEM_CONF_BLOCK_TRANSFER_GET | \
     COSEM_CONF_BLOCK_TRANSFER_SET | COSEM_CONF_BLOCK_TRANSFER_ACTION |                    \
     COSEM_CONF_MULTIPLE_REFERENCES | COSEM_CONF_SELECTIVE_ACCESS |                        \
     COSEM_CONF_ATTRIBUTE0_GET | COSEM_CONF_ATTRIBUTE0_SET)

static uint8_t fx_ldn_buf[16] = {'L', 'C', 'M', '0', '0', '0', '0', '0',
                                 '0', '0', '0', '0', '0', '0', '0', '1'};
static const cosem_vref_t fx_ldn = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, fx_ldn_buf, NULL, 16);
static uint32_t fx_energy = 12345;
static const cosem_vref_t fx_energy_ref = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &fx_energy);
static uint16_t fx_hidden = 7;
static const cosem_vref_t fx_hidden_ref = COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &fx_hidden);

static cosem_secret_t fx_lls = {5, {'G', 'u', 'r', 'u', 'x'}};
static cosem_secret_t fx_hls = {16, {0}};

static cosem_assoc_config_t fx_assocs[4];

static const cosem_association_ln_t fx_aln_cur = {NULL, 1u, NULL};
static const cosem_association_ln_t fx_aln_reader = {&fx_assocs[1], 1u, NULL};
static const uint8_t fx_mgmt_name[16] = {'L', 'C', 'M', '0', '0', '0', '0', '0',
                                         '0', '0', '0', '0', '0', '0', '0', '1'};
static const cosem_sap_entry_t fx_saps[1] = {{1u, fx_mgmt_name, 16u}};
static const cosem_sap_assignment_t fx_sap = {fx_saps, 1};

/* level 0 public: read; level 1 reader: read/write/exec; level 2 HLS. */
static const cosem_access_t fx_acc_energy[COSEM_MAX_ACCESS_LEVELS] = {
    {COSEM_ATTR(1) | COSEM_ATTR(2), 0, 0},
    {COSEM_ATTR(1) | COSEM_ATTR(2), COSEM_ATTR(2), 0},
    {0, 0, 0}, {0, 0, 0}};
static const cosem_access_t fx_acc_hidden[COSEM_MAX_ACCESS_LEVELS] = {
    {0, 0, 0}, {COSEM_ALL, COSEM_ALL, 0}, {0, 0, 0}, {0, 0, 0}};
static const cosem_access_t fx_acc_test[COSEM_MAX_ACCESS_LEVELS] = {
    {COSEM_ALL, 0, COSEM_METHOD(1)},
    {COSEM_ALL, COSEM_ATTR(4), COSEM_ALL},
    {0, 0, 0}, {0, 0, 0}};
static const cosem_access_t fx_acc_aln_reader[COSEM_MAX_ACCESS_LEVELS] = {
    {0, 0, 0}, {0x07BFu, COSEM_ATTR(7), 0}, {0, 0, 0}, {0, 0, 0}};

/* Table deliberately not sorted: the server sorts an index. */
static const cosem_object_t fx_objects[] = {
    {{1, 0, 1, 8, 0, 255}, &cosem_class_data, &fx_energy_ref, NULL, fx_acc_energy, NULL},
    {{0, 0, 42, 0, 0, 255}, &cosem_class_data, &fx_ldn, NULL, NULL, NULL},
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &fx_aln_cur, NULL, NULL, NULL},
    {{0, 0, 40, 0, 1, 255}, &cosem_class_association_ln, &fx_aln_reader, NULL,
     fx_acc_aln_reader, NULL},
    {{0, 0, 41, 0, 0, 255}, &cosem_class_sap_assignment, &fx_sap, NULL, NULL, NULL},
    {{0, 0, 96, 1, 0, 255}, &cosem_class_data, &fx_hidden_ref, NULL, fx_acc_hidden, NULL},
    {{0, 128, 0, 0, 0, 255}, &fx_class, NULL, NULL, fx_acc_test, NULL},
};
#define FX_NOBJ (sizeof(fx_objects) / sizeof(fx_objects[0]))

static uint16_t fx_index[FX_NOBJ];
static cosem_server_t fx_server;
static cosem_assoc_t fx_a;
static uint8_t fx_work[1024];
static uint8_t fx_out[2048];
static size_t fx_out_len;
static cosem_server_event_t fx_events[16];
static size_t fx_nevents;

static inline void fx_event(void *user, const cosem_server_event_t *ev)
{
    (void)user;
    if (fx_nevents < 16u) {
        fx_events[fx_nevents++] = *ev;
    }
}

/* The test class's attribute 2 with n elements, as fx_get_big encodes it:
 * array of {double-long-unsigned i, octet-string(8) of i & 0xFF}. */
static inline void fx_write_big(cosem_axdr_writer_t *w, uint32_t n)
{
    cosem_axdr_write_array(w, n);
    for (uint32_t i = 0; i < n; ++i) {
        uint8_t s[8];
        memset(s, (int)(i & 0xFFu), sizeof(s));
        cosem_axdr_write_structure(w, 2);
        cosem_axdr_write_u32(w, i);
        cosem_axdr_write_octet_string(w, s, sizeof(s));
    }
}

/* Build the server with `conf` offered to every association and server
 * max PDU `max_pdu`; open an association for client SAP `sap`. */
static inline void fx_setup_conf(uint16_t sap, uint32_t conf, uint16_t max_pdu)
{
    cosem_server_config_t c;
    memset(fx_assocs, 0, sizeof(fx_assocs));
    fx_assocs[0].client_sap = FX_PUBLIC;
    fx_assocs[0].mechanism = COSEM_AUTH_NONE;
    fx_assocs[0].level = 0;
    fx_assocs[0].conformance = conf;
    fx_assocs[1].client_sap = FX_READER;
    fx_assocs[1].mechanism = COSEM_AUTH_LOW;
    fx_assocs[1].level = 1;
    fx_assocs[1].conformance = conf;
    fx_assocs[1].secret = &fx_lls;
    fx_assocs[2].client_sap = FX_HLS;
    fx_assocs[2].mechanism = COSEM_AUTH_HLS_GMAC;
    fx_assocs[2].level = 2;
    fx_assocs[2].conformance = conf;
    fx_assocs[2].secret = &fx_hls;
    fx_assocs[3].client_sap = FX_PRE;
    fx_assocs[3].mechanism = COSEM_AUTH_NONE;
    fx_assocs[3].level = 0;
    fx_assocs[3].conformance = conf;
    fx_assocs[3].pre_established = true;
    fx_lls.len = 5;
    memcpy(fx_lls.buf, "Gurux", 5);
    memset(&c, 0, sizeof(c));
    c.objects = fx_objects;
    c.object_count = FX_NOBJ;
    c.index = fx_index;
    c.assocs = fx_assocs;
    c.assoc_count = 4;
    c.max_pdu = max_pdu;
    c.event = fx_event;
    fx_nevents = 0;
    fx_big_n = 10;
    fx_long_n = 300;
    fx_blob_len = 0;
    fx_get_calls = 0;
    fx_energy = 12345;
    ck_assert_int_eq(cosem_server_init(&fx_server, &c), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_init(&fx_a, &fx_server, fx_work, sizeof(fx_work)), COSEM_OK);
    ck_assert_int_eq(cosem_assoc_open(&fx_a, sap), COSEM_OK);
}

static inline void fx_setup(uint16_t sap)
{
    fx_setup_conf(sap, FX_CONF_ALL, 512);
}

/* Send an APDU (hex) with output capacity `cap`; the response stays in
 * fx_out / fx_out_len. */
static inline void fx_send_cap(const char *hex, size_t cap)
{
    uint8_t in[2048];
    size_t n = tu_hex(hex, in, sizeof(in));
    ck_assert_int_eq(cosem_assoc_handle(&fx_a, in, n, fx_out, cap, &fx_out_len), COSEM_OK);
}

static inline void fx_send(const char *hex)
{
    fx_send_cap(hex, sizeof(fx_out));
}

/* Send raw bytes. */
static inline void fx_send_raw(const uint8_t *p, size_t n)
{
    ck_assert_int_eq(cosem_assoc_handle(&fx_a, p, n, fx_out, sizeof(fx_out), &fx_out_len),
                     COSEM_OK);
}

/* Send and compare the response with the expected hex. */
static inline void fx_xchg(const char *req, const char *want)
{
    uint8_t w[2048];
    size_t n = tu_hex(want, w, sizeof(w));
    fx_send(req);
    tu_assert_bytes(fx_out, fx_out_len, w, n);
}

/* AARQs from the captures (APDU only, framing stripped). */
/* guruxc-client_guruxc-server_hdlc_noauth_getclock.txt line 7: no
 * authentication, conformance 40 1E 1D, max PDU FFFF. */
#define AARQ_NOAUTH                                                                  \
    "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 " \
    "40 1E 1D FF FF"
/* guruxpy-client_guruxc-server_wrapper_lls.txt line 8: LLS "Gurux",
 * conformance 40 1E 5D, max PDU FFFF. */
#define AARQ_LLS                                                                     \
    "60 33 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01 " \
    "AC 07 80 05 47 75 72 75 78 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 40 1E 5D FF FF"

/* An AARQ without authentication proposing every LN service and
 * client max PDU `pdu` (hand-built from the capture above, conformance
 * FF FF FF). */
static inline void fx_assoc_pdu(uint16_t pdu)
{
    char hex[160];
    snprintf(hex, sizeof(hex),
             "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 "
             "FF FF FF %02X %02X",
             (unsigned)(pdu >> 8), (unsigned)(pdu & 0xFFu));
    fx_send(hex);
    ck_assert_uint_eq(fx_out[0], 0x61);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
}

/* Same with LLS password "Gurux". */
static inline void fx_assoc_lls_pdu(uint16_t pdu)
{
    char hex[200];
    snprintf(hex, sizeof(hex),
             "60 33 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01 "
             "AC 07 80 05 47 75 72 75 78 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 FF FF FF "
             "%02X %02X",
             (unsigned)(pdu >> 8), (unsigned)(pdu & 0xFFu));
    fx_send(hex);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
}

#endif /* TEST_SERVER_FIXTURE_H */
