/* SPDX-License-Identifier: Apache-2.0 */
/* Profile generic read benchmark: a load profile of 10,000 rows (time
 * stamp, status word, four energy registers: 37 octets of storage a row)
 * read through the server as a client does it: AARQ with max receive PDU
 * 1024, GET of the buffer, then GET-next until the last block.
 *
 *   profile_read none|all|range|entry   workload; instructions per row =
 *       (callgrind total of the mode - callgrind total of "none") / 10,000:
 *       valgrind --tool=callgrind --callgrind-out-file=/dev/null profile_read all
 *   profile_read stack                  peak stack of the read loop (run on
 *                                       a thread with a painted stack)
 *
 * Prints the octets, blocks and rows read (and the stack figure).
 *
 * Client and server end to end (the library's client in memory, link
 * "APDU"), PDU 1024 both ways, the whole buffer without selection:
 *
 *   profile_read blocks ROWS   GET blocks: one get-request-next per block
 *   profile_read gbt16 ROWS    general block transfer, windows of 16 blocks
 *                              both ways (server work buffer 16.5 KB: the
 *                              unacknowledged window stays in it)
 *   profile_read client ROWS   baseline: captures and association only
 *
 * Prints the rows the client received, the APDUs either way and the octets
 * on the wire (APDUs plus the 8-octet wrapper header each). Instructions
 * per row = (callgrind total of the mode - that of "client" with the same
 * ROWS) / ROWS (bench/instructions.sh, 100,000 rows). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/client.h>
#include <cosem/profile.h>
#include <cosem/server.h>

#define ROWS 10000u     /* the server-only modes */
#define ROWS_MAX 100000u /* the client modes: ROWS on the command line */
#define T0 1704067200 /* 2024-01-01T00:00:00Z */

static int64_t g_utc = T0;
static uint32_t g_k;

/* Clock stand-in (class 8): the time as octet-string(12) at UTC+1. */
static cosem_dar_t clk_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    (void)r;
    (void)cosem_datetime_from_utc(&dt, g_utc, -60, 0);
    (void)cosem_axdr_write_datetime_os(w, &dt);
    return COSEM_DAR_SUCCESS;
}

/* Status word (class 1) and registers (class 3) from the row number. */
static cosem_dar_t val_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    if (r->obj->cls->class_id == 1u) {
        (void)cosem_axdr_write_u16(w, (uint16_t)(g_k % 7u == 0u ? COSEM_ION_STATUS_POWER_UP : 0u));
    } else {
        (void)cosem_axdr_write_u32(w, g_k * 25u + r->obj->obis[2]);
    }
    return COSEM_DAR_SUCCESS;
}

static const cosem_class_t clk_class = {.class_id = 8, .attr_count = 9, .default_read = 0x1FF,
                                        .get = clk_get};
static const cosem_class_t data_class = {.class_id = 1, .attr_count = 2, .default_read = 3,
                                         .get = val_get};
static const cosem_class_t reg_class = {.class_id = 3, .attr_count = 3, .default_read = 7,
                                        .get = val_get};

#define ENERGY(c) {3, {1, 0, c, 29, 0, 255}, 2, COSEM_PROFILE_W_U32, 0}
static const cosem_capture_def_t cols[] = {
    {8, {0, 0, 1, 0, 0, 255}, 2, COSEM_PROFILE_W_DATETIME, 0},
    {1, {0, 0, 96, 10, 1, 255}, 2, COSEM_PROFILE_W_U16, 0},
    ENERGY(1), ENERGY(2), ENERGY(3), ENERGY(4),
};
#define ROW_OCTETS (COSEM_PROFILE_W_DATETIME + COSEM_PROFILE_W_U16 + 4u * COSEM_PROFILE_W_U32)
static cosem_profile_state_t state;
static uint8_t storage[ROW_OCTETS * ROWS_MAX];
static const cosem_profile_t lp = {&state, storage, sizeof storage, cols, NULL, 6, 900, 0};

static const cosem_object_t objects[] = {
    {{0, 0, 1, 0, 0, 255}, &clk_class, NULL, NULL, NULL, NULL},
    {{0, 0, 96, 10, 1, 255}, &data_class, NULL, NULL, NULL, NULL},
    {{1, 0, 1, 29, 0, 255}, &reg_class, NULL, NULL, NULL, NULL},
    {{1, 0, 2, 29, 0, 255}, &reg_class, NULL, NULL, NULL, NULL},
    {{1, 0, 3, 29, 0, 255}, &reg_class, NULL, NULL, NULL, NULL},
    {{1, 0, 4, 29, 0, 255}, &reg_class, NULL, NULL, NULL, NULL},
    {{1, 0, 99, 1, 0, 255}, &cosem_class_profile_generic, &lp, NULL, NULL, NULL},
};

static const cosem_assoc_config_t assoc_cfg = {
    .client_sap = 0x10,
    .mechanism = COSEM_AUTH_NONE,
    .conformance = COSEM_CONF_GET | COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_SELECTIVE_ACCESS |
                   COSEM_CONF_GENERAL_BLOCK_TRANSFER}; /* the client modes choose */

/* AARQ of Gurux.DLMS.Python (tests/vectors guruxpy-client_guruxc-server
 * _wrapper_noauth.txt line 7) with max receive PDU 0x0400. */
static const uint8_t aarq[] = {0x60, 0x1D, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08,
                               0x01, 0x01, 0xBE, 0x10, 0x04, 0x0E, 0x01, 0x00, 0x00, 0x00, 0x06,
                               0x5F, 0x1F, 0x04, 0x00, 0x40, 0x1E, 0x1D, 0x04, 0x00};

/* Selective access parameters: every row by range (2024-01-01 .. 2025,
 * local, deviation not specified) and entries 1..last, all columns. */
static const uint8_t range_all[] = {
    0x02, 0x04, 0x02, 0x04, 0x12, 0x00, 0x08, 0x09, 0x06, 0x00, 0x00, 0x01, 0x00, 0x00, 0xFF,
    0x0F, 0x02, 0x12, 0x00, 0x00, 0x09, 0x0C, 0x07, 0xE8, 0x01, 0x01, 0xFF, 0x00, 0x00, 0x00,
    0x00, 0x80, 0x00, 0xFF, 0x09, 0x0C, 0x07, 0xE9, 0x01, 0x01, 0xFF, 0x00, 0x00, 0x00, 0x00,
    0x80, 0x00, 0xFF, 0x01, 0x00};
static const uint8_t entry_all[] = {0x02, 0x04, 0x06, 0x00, 0x00, 0x00, 0x01, 0x06, 0x00,
                                    0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x12, 0x00, 0x00};

static cosem_server_t srv;
static cosem_assoc_t assoc;
static uint8_t work[1024 + 64], req[128], resp[1100];
static size_t total, nblocks;

/* Server, association, `rows` captures (15-minute rows). */
static void setup(unsigned rows)
{
    cosem_server_config_t cfg;
    size_t n = 0;
    memset(&cfg, 0, sizeof cfg);
    cfg.objects = objects;
    cfg.object_count = sizeof objects / sizeof objects[0];
    cfg.assocs = &assoc_cfg;
    cfg.assoc_count = 1;
    cfg.max_pdu = 1024;
    if (cosem_server_init(&srv, &cfg) != COSEM_OK) {
        exit(1);
    }
    for (g_k = 0; g_k < rows; g_k++, g_utc += 900) {
        if (cosem_profile_capture(&srv, &objects[6]) != COSEM_OK) {
            exit(1);
        }
    }
    if (cosem_assoc_init(&assoc, &srv, work, sizeof work) != COSEM_OK ||
        cosem_assoc_open(&assoc, 0x10) != COSEM_OK ||
        cosem_assoc_handle(&assoc, aarq, sizeof aarq, resp, sizeof resp, &n) != COSEM_OK ||
        cosem_assoc_state(&assoc) != COSEM_ASSOC_ASSOCIATED) {
        exit(1);
    }
}

/* GET of the buffer and GET-next until the last block; the octets of Data. */
static void read_all(uint8_t selector, const uint8_t *params, size_t plen)
{
    cosem_attr_ref_t ref = {7, {1, 0, 99, 1, 0, 255}, 2};
    cosem_selection_t sel = {selector, {params, plen}};
    cosem_axdr_writer_t w;
    cosem_get_response_t g;
    size_t n = 0;
    cosem_axdr_writer_init(&w, req, sizeof req);
    (void)cosem_get_request_normal_encode(&w, 0xC1, &ref, selector != 0u ? &sel : NULL);
    (void)cosem_assoc_handle(&assoc, req, cosem_axdr_writer_len(&w), resp, sizeof resp, &n);
    for (;;) {
        if (cosem_get_response_decode(resp, n, &g) != COSEM_OK || g.type != COSEM_GET_NEXT ||
            !g.block.ok) {
            exit(2);
        }
        total += g.block.raw.len;
        nblocks++;
        if (g.block.last) {
            return;
        }
        cosem_axdr_writer_init(&w, req, sizeof req);
        (void)cosem_get_request_next_encode(&w, 0xC1, g.block.number);
        (void)cosem_assoc_handle(&assoc, req, cosem_axdr_writer_len(&w), resp, sizeof resp, &n);
    }
}

/* ---- client modes ---------------------------------------------------------- */

static cosem_client_t cl;
static uint8_t cl_buf[8192], cl_req[2048], big_work[16896];
static size_t cl_req_len, wire, apdus_up, apdus_down;
static bool cl_pending;
static unsigned long rows_seen;

/* The client's send callback: the request waits for pump(). */
static cosem_status_t cl_send(void *user, const uint8_t *data, size_t n)
{
    (void)user;
    if (n > sizeof cl_req || cl_pending) {
        exit(4);
    }
    memcpy(cl_req, data, n);
    cl_req_len = n;
    cl_pending = true;
    wire += n + 8u;
    apdus_up++;
    return COSEM_OK;
}

/* One row is one element of the buffer's array. */
static cosem_status_t cl_data(void *user, const cosem_client_data_t *d)
{
    (void)user;
    rows_seen += d->kind == COSEM_CLIENT_DATA_ELEMENT;
    return COSEM_OK;
}

/* Requests through the association, responses (a GBT window: several)
 * back into the client, until it waits no more. */
static void pump(void)
{
    while (cl_pending) {
        size_t n = 0;
        cl_pending = false;
        (void)cosem_assoc_handle(&assoc, cl_req, cl_req_len, resp, sizeof resp, &n);
        while (n > 0u) {
            wire += n + 8u;
            apdus_down++;
            (void)cosem_client_feed(&cl, resp, n, 0);
            n = 0;
            (void)cosem_assoc_next(&assoc, resp, sizeof resp, &n);
        }
    }
}

/* The client associates (GET blocks or GBT window 16) and, unless
 * baseline, reads the whole buffer. */
static void client_read(bool gbt, bool baseline)
{
    cosem_attr_ref_t ref = {7, {1, 0, 99, 1, 0, 255}, 2};
    cosem_client_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.link = COSEM_CLIENT_LINK_APDU;
    cfg.client_sap = 0x10;
    cfg.max_apdu = 1100;
    cfg.max_receive_pdu = 1024;
    cfg.send.fn = cl_send;
    if (gbt) {
        cfg.conformance = (COSEM_CLIENT_DEFAULT_CONFORMANCE & ~COSEM_CONF_BLOCK_TRANSFER_GET) |
                          COSEM_CONF_GENERAL_BLOCK_TRANSFER;
        cfg.gbt_window = 16;
    }
    if (cosem_assoc_init(&assoc, &srv, big_work, sizeof big_work) != COSEM_OK ||
        cosem_assoc_open(&assoc, 0x10) != COSEM_OK ||
        cosem_client_init(&cl, &cfg, cl_buf, sizeof cl_buf) != COSEM_OK ||
        cosem_client_connect(&cl, 0) != COSEM_OK) {
        exit(5);
    }
    cosem_assoc_set_gbt_window(&assoc, gbt ? 16u : 1u);
    pump();
    if (cosem_client_state(&cl) != COSEM_CLIENT_ASSOCIATED) {
        exit(6);
    }
    wire = apdus_up = apdus_down = 0;
    if (!baseline) {
        if (cosem_client_get(&cl, &ref, NULL, cl_data, NULL, 0) != COSEM_OK) {
            exit(7);
        }
        pump();
        if (cosem_client_error(&cl)->status != COSEM_OK || rows_seen != state.used) {
            exit(8);
        }
    }
    printf("rows %lu, %zu APDUs up, %zu down, %zu octets on the wire (%.1f a row)\n", rows_seen,
           apdus_up, apdus_down, wire, rows_seen != 0u ? (double)wire / (double)rows_seen : 0.0);
}

#define STACK_OCTETS (256u * 1024u)

/* The read loop runs on a thread whose stack is this painted array, so the
 * peak is read back from memory the program owns. */
static union {
    uint8_t b[STACK_OCTETS];
    long double align; /* 16-octet alignment on x86-64 */
} stk;
#define thread_stack stk.b

/* Thread body: the plain read, or nothing (baseline: glibc keeps the
 * thread descriptor and TLS at the top of a user-provided stack). */
static void *reader(void *arg)
{
    if (arg != NULL) {
        read_all(0, NULL, 0);
    }
    return NULL;
}

/* Octets of the painted stack a thread running reader(arg) touched. */
static size_t stack_peak(void *arg)
{
    pthread_attr_t attr;
    pthread_t t;
    memset(thread_stack, 0xA5, sizeof thread_stack);
    if (pthread_attr_init(&attr) != 0 ||
        pthread_attr_setstack(&attr, thread_stack, sizeof thread_stack) != 0 ||
        pthread_create(&t, &attr, reader, arg) != 0 || pthread_join(t, NULL) != 0) {
        exit(3);
    }
    size_t i = 0;
    while (i < sizeof thread_stack && thread_stack[i] == 0xA5) {
        i++;
    }
    return sizeof thread_stack - i;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "all";
    bool client = strcmp(mode, "blocks") == 0 || strcmp(mode, "gbt16") == 0 ||
                  strcmp(mode, "client") == 0;
    unsigned long rows = client && argc > 2 ? strtoul(argv[2], NULL, 10) : ROWS;
    if (rows == 0u || rows > ROWS_MAX) {
        fprintf(stderr, "profile_read: rows 1..%u\n", ROWS_MAX);
        return 1;
    }
    setup((unsigned)rows);
    if (client) {
        client_read(strcmp(mode, "gbt16") == 0, strcmp(mode, "client") == 0);
        return 0;
    }
    if (strcmp(mode, "none") == 0) {
        printf("rows %u\n", (unsigned)state.used);
        return 0;
    }
    if (strcmp(mode, "stack") == 0) {
        size_t base = stack_peak(NULL);
        size_t peak = stack_peak(&total);
        printf("peak stack of the GET + GET-next loop: %zu octets "
               "(thread %zu - empty thread %zu)\n", peak - base, peak, base);
    } else if (strcmp(mode, "range") == 0) {
        read_all(1, range_all, sizeof range_all);
    } else if (strcmp(mode, "entry") == 0) {
        read_all(2, entry_all, sizeof entry_all);
    } else {
        read_all(0, NULL, 0);
    }
    printf("rows %u, storage %u octets a row, %zu octets in %zu blocks\n", (unsigned)state.used,
           (unsigned)ROW_OCTETS, total, nblocks);
    return 0;
}
