/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the client session fed arbitrary responses in each
 * state. Input: one selector octet (link: bare APDU, wrapper or HDLC; the
 * operation running: connect, get, get-list, set in datablocks, action in
 * pblocks, object list, release, get with a tiny reassembly area), then
 * records of one length octet and that many octets, each fed as one chunk
 * (length 0: advance the clock by one second and poll). Selector bit 6:
 * short-name referencing (SN AARE; the operations become READ of a name,
 * READ with parameterized access, WRITE, the Association SN object list).
 * For the bare-APDU
 * and wrapper links the session is associated first with a canned AARE;
 * over HDLC the input must bring the link up itself (UA, AARE frames).
 * Oracles: a completed operation has status OK exactly when its layer is
 * NONE; the session accepts a new operation afterwards; delivered data
 * lies inside the reassembly area or the fed chunk (checked by ASan). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/client.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* AARE accepting LN, no authentication, conformance 00 1E 1D, server max
 * PDU 512 (tests/vectors/guruxpy-client_guruxc-server_wrapper_lls.txt
 * line 9). */
static const uint8_t aare[] = {0x61, 0x29, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08,
                               0x01, 0x01, 0xA2, 0x03, 0x02, 0x01, 0x00, 0xA3, 0x05, 0xA1, 0x03,
                               0x02, 0x01, 0x00, 0xBE, 0x10, 0x04, 0x0E, 0x08, 0x00, 0x06, 0x5F,
                               0x1F, 0x04, 0x00, 0x00, 0x1E, 0x1D, 0x02, 0x00, 0x00, 0x07};

#if COSEM_WITH_SN
/* AARE accepting SN, negotiated 1C 02 20, server max PDU 0x200, VAA name
 * FA 00 (GuruxDLMS.c 9.0's SN server, tests/test_server_sn.c). */
static const uint8_t aare_sn[] = {0x61, 0x29, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05,
                                  0x08, 0x01, 0x02, 0xA2, 0x03, 0x02, 0x01, 0x00, 0xA3, 0x05,
                                  0xA1, 0x03, 0x02, 0x01, 0x00, 0xBE, 0x10, 0x04, 0x0E, 0x08,
                                  0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0x1C, 0x02, 0x20, 0x02,
                                  0x00, 0xFA, 0x00};
#endif
static bool g_sn;

static cosem_client_t g_c;
static uint8_t g_buf[16384];
static uint8_t g_value[1200];
static uint8_t g_collect[4096];
static cosem_client_collect_t g_col;

/* Output goes nowhere. */
static cosem_status_t sink(void *user, const uint8_t *d, size_t n)
{
    (void)user;
    (void)d;
    (void)n;
    return COSEM_OK;
}

/* Objects are decoded already; touch them. */
static cosem_status_t on_object(void *user, const cosem_client_object_t *o)
{
    volatile uint16_t k = o->class_id;
    (void)user;
    (void)k;
    return COSEM_OK;
}

/* Notifications: read the body. */
static void on_notify(void *user, cosem_client_t *c, const cosem_notification_t *n)
{
    volatile uint8_t x = n->body.len > 0 ? n->body.p[n->body.len - 1] : 0;
    (void)user;
    (void)c;
    (void)x;
}

/* Starts the operation the selector names. */
static void start(uint8_t op)
{
    static const cosem_attr_ref_t refs[3] = {{1, {1, 0, 1, 8, 0, 255}, 2},
                                             {7, {1, 0, 99, 1, 0, 255}, 2},
                                             {8, {0, 0, 1, 0, 0, 255}, 2}};
    cosem_client_collect_init(&g_col, g_collect, sizeof g_collect);
#if COSEM_WITH_SN
    if (g_sn) {
        static const uint8_t param[] = {0x12, 0x00, 0x07};
        cosem_sn_spec_t spec;
        memset(&spec, 0, sizeof spec);
        spec.kind = op == 4 ? COSEM_SN_PARAMETERIZED : COSEM_SN_NAME;
        spec.name = 0x0108;
        spec.param.p = param;
        spec.param.len = sizeof param;
        if (op == 3) {
            (void)cosem_client_write(&g_c, 0x0208, param, sizeof param, 0);
        } else if (op == 5) {
            (void)cosem_client_object_list(&g_c, on_object, NULL, 0);
        } else if (op == 6) {
            (void)cosem_client_release(&g_c, 0);
        } else {
            (void)cosem_client_read(&g_c, &spec, cosem_client_collect_fn, &g_col, 0);
        }
        return;
    }
#endif
    switch (op) {
    case 1:
    case 7:
        (void)cosem_client_get(&g_c, &refs[1], NULL, cosem_client_collect_fn, &g_col, 0);
        break;
    case 2:
        (void)cosem_client_get_list(&g_c, refs, NULL, 3, cosem_client_collect_fn, &g_col, 0);
        break;
    case 3:
        (void)cosem_client_set(&g_c, &refs[0], NULL, g_value, sizeof g_value, 0);
        break;
    case 4:
        (void)cosem_client_action(&g_c, &refs[2], g_value, sizeof g_value,
                                  cosem_client_collect_fn, &g_col, 0);
        break;
    case 5:
        (void)cosem_client_object_list(&g_c, on_object, NULL, 0);
        break;
    case 6:
        (void)cosem_client_release(&g_c, 0);
        break;
    default:
        break;
    }
}

/* Prepares the session for the selector; false when it cannot run. */
static bool setup(uint8_t sel, uint8_t *op)
{
    cosem_client_config_t cfg;
    uint8_t frame[8 + sizeof aare];
    const uint8_t *ok = aare;
    memset(&cfg, 0, sizeof cfg);
    cfg.link = (cosem_client_link_t)(sel % 3u);
    *op = (uint8_t)((sel / 3u) % 8u);
    cfg.max_apdu = 1024;
    cfg.element_max = *op == 7 ? 8 : 256;
    cfg.response_timeout_ms = 1000;
    cfg.retries = 1;
    cfg.rotate_invoke = (sel & 0x80u) != 0;
    g_sn = false;
#if COSEM_WITH_SN
    g_sn = (sel & 0x40u) != 0;
    cfg.sn = g_sn;
#endif
    cfg.send.fn = sink;
    cfg.notify.fn = on_notify;
    if (cosem_client_init(&g_c, &cfg, g_buf, sizeof g_buf) != COSEM_OK ||
        cosem_client_connect(&g_c, 0) != COSEM_OK) {
        return false;
    }
#if COSEM_WITH_SN
    if (g_sn) {
        ok = aare_sn; /* the same length */
    }
#endif
    if (*op != 0 && cfg.link == COSEM_CLIENT_LINK_APDU) {
        (void)cosem_client_feed(&g_c, ok, sizeof aare, 0);
    } else if (*op != 0 && cfg.link == COSEM_CLIENT_LINK_WRAPPER) {
        static const uint8_t hdr[8] = {0x00, 0x01, 0x00, 0x01, 0x00, 0x10, 0x00, sizeof aare};
        memcpy(frame, hdr, 8);
        memcpy(frame + 8, ok, sizeof aare);
        (void)cosem_client_feed(&g_c, frame, sizeof frame, 0);
    }
    if (*op != 0 && cosem_client_state(&g_c) == COSEM_CLIENT_ASSOCIATED) {
        start(*op);
    }
    return true;
}

/* The completion oracle. */
static void check(void)
{
    const cosem_client_error_t *e = cosem_client_error(&g_c);
    if (!cosem_client_busy(&g_c) && ((e->status == COSEM_OK) != (e->layer == 0))) {
        abort();
    }
}

/* One input: a selector, then chunks fed to the session (see the top). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t op = 0;
    uint32_t now = 0;
    size_t i = 1;
    if (size < 1 || !setup(data[0], &op)) {
        return 0;
    }
    memset(g_value, 0x5A, sizeof g_value);
    g_value[0] = 0x09;
    g_value[1] = 0x82;
    g_value[2] = (uint8_t)((sizeof g_value - 4) >> 8);
    g_value[3] = (uint8_t)(sizeof g_value - 4);
    while (i < size) {
        size_t n = data[i++];
        if (n > size - i) {
            n = size - i;
        }
        if (n == 0) {
            now += 1000;
            (void)cosem_client_poll(&g_c, now);
        } else {
            (void)cosem_client_feed(&g_c, data + i, n, now);
        }
        i += n;
        check();
        if (!cosem_client_busy(&g_c) && cosem_client_state(&g_c) == COSEM_CLIENT_ASSOCIATED &&
            op != 0 && op != 6) {
            start(op); /* a new operation must be accepted */
        }
    }
    (void)cosem_client_disconnect(&g_c, now);
    check();
    return 0;
}
