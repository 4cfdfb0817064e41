/* SPDX-License-Identifier: Apache-2.0 */
/* Server request benchmark: a logical device of N registers (class 3, the
 * value a uint32 of the application) plus the current Association LN
 * object, associated once (AARQ of the Gurux capture, no authentication),
 * then REQS requests handled in memory by cosem_assoc_handle.
 *
 *   server_bench none N      associate only
 *   server_bench get N       + 10,000 GET-normal of one register's value
 *   server_bench list N      + 10 GETs of the object list (N+1 entries) at
 *                            client max PDU 0xFFFF, blocks of 1 KB
 *
 * Instructions per request = (callgrind total of the mode - total of
 * "none") / count; bench/instructions.sh does the arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/apdu.h>
#include <cosem/classes.h>
#include <cosem/metering.h>
#include <cosem/server.h>

#define MAX_OBJECTS 2001u
#define GETS 10000u
#define LISTS 10u

static uint32_t g_energy[MAX_OBJECTS];
static cosem_register_t g_regs[MAX_OBJECTS];
static cosem_object_t g_objects[MAX_OBJECTS];
static uint16_t g_index[MAX_OBJECTS];
static const cosem_association_ln_t g_current = {NULL, 1, NULL};
static uint8_t g_work[1100];
static uint8_t g_out[1100];

/* AARQ from tests/vectors/guruxc-client_guruxc-server_hdlc_noauth_getclock.txt
 * (no authentication, conformance 00 7E 1F, max PDU 0xFFFF). */
static const uint8_t aarq[] = {0x60, 0x1D, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05,
                               0x08, 0x01, 0x01, 0xBE, 0x10, 0x04, 0x0E, 0x01, 0x00, 0x00,
                               0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0x00, 0x7E, 0x1F, 0xFF,
                               0xFF};

/* Fills the table: registers 1-0:1.8.e.f, then the association object. */
static size_t build_table(size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        cosem_vref_t v = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &g_energy[i]);
        g_energy[i] = (uint32_t)(i * 1000u);
        g_regs[i].value = v;
        g_regs[i].scaler = 0;
        g_regs[i].unit = COSEM_UNIT_WH;
        g_objects[i] = (cosem_object_t){{1, 0, 1, 8, (uint8_t)(i / 250u), (uint8_t)(i % 250u)},
                                        &cosem_class_register, &g_regs[i], NULL, NULL, NULL};
    }
    g_objects[n] = (cosem_object_t){{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln,
                                    &g_current, NULL, NULL, NULL};
    return n + 1u;
}

/* One request; returns the response length (exits on failure). */
static size_t handle(cosem_assoc_t *a, const uint8_t *req, size_t n)
{
    size_t out_len = 0;
    if (cosem_assoc_handle(a, req, n, g_out, sizeof g_out, &out_len) != COSEM_OK ||
        out_len == 0u) {
        fprintf(stderr, "request failed\n");
        exit(1);
    }
    return out_len;
}

/* GET of the object list and its blocks; returns the octets of data. */
static size_t read_list(cosem_assoc_t *a)
{
    static const cosem_attr_ref_t ref = {15, {0, 0, 40, 0, 0, 255}, 2};
    uint8_t req[32];
    cosem_axdr_writer_t w;
    cosem_get_response_t res;
    size_t total = 0, len;
    cosem_axdr_writer_init(&w, req, sizeof req);
    (void)cosem_get_request_normal_encode(&w, 0xC1, &ref, NULL);
    len = handle(a, req, cosem_axdr_writer_len(&w));
    while (cosem_get_response_decode(g_out, len, &res) == COSEM_OK &&
           res.type == COSEM_GET_NEXT && res.block.ok) {
        total += res.block.raw.len;
        if (res.block.last) {
            return total;
        }
        cosem_axdr_writer_init(&w, req, sizeof req);
        (void)cosem_get_request_next_encode(&w, 0xC1, res.block.number);
        len = handle(a, req, cosem_axdr_writer_len(&w));
    }
    return res.type == COSEM_GET_NORMAL ? res.result.data.len : 0u;
}

int main(int argc, char **argv)
{
    static const uint8_t get[] = {0xC0, 0x01, 0xC1, 0x00, 0x03, 1, 0, 1, 8, 0, 7, 0x02, 0x00};
    const char *mode = argc > 1 ? argv[1] : "get";
    size_t n = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 100u, i, octets = 0;
    cosem_assoc_config_t cfg = {0x10, COSEM_AUTH_NONE, 0, 0x007E1F, NULL, NULL, false, NULL};
    cosem_server_config_t sc;
    cosem_server_t s;
    cosem_assoc_t a;
    if (n < 8u || n >= MAX_OBJECTS) {
        fprintf(stderr, "usage: server_bench none|get|list N (8..2000)\n");
        return 2;
    }
    memset(&sc, 0, sizeof sc);
    sc.objects = g_objects;
    sc.object_count = build_table(n);
    sc.index = g_index;
    sc.assocs = &cfg;
    sc.assoc_count = 1;
    sc.max_pdu = 1024;
    if (cosem_server_init(&s, &sc) != COSEM_OK || cosem_assoc_init(&a, &s, g_work,
                                                                    sizeof g_work) != COSEM_OK ||
        cosem_assoc_open(&a, 0x10) != COSEM_OK) {
        fprintf(stderr, "server set-up failed\n");
        return 1;
    }
    (void)handle(&a, aarq, sizeof aarq);
    if (strcmp(mode, "get") == 0) {
        for (i = 0; i < GETS; i++) {
            octets += handle(&a, get, sizeof get);
        }
    } else if (strcmp(mode, "list") == 0) {
        for (i = 0; i < LISTS; i++) {
            octets += read_list(&a);
        }
    }
    printf("%s: %zu objects, %zu response octets\n", mode, sc.object_count, octets);
    return 0;
}
