/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: one association of a small logical device (Data,
 * Association LN, SAP assignment, a streaming array) fed arbitrary APDUs.
 *
 * Input: byte 0 = flags (bit 0: start with a valid AARQ; bit 1: LLS client
 * instead of public; bits 2-3: output capacity 24/64/256/2048; bits 4-5:
 * the link's GBT window 1/2/8/63, every window drained through
 * cosem_assoc_next() after each response), byte 1 =
 * client max PDU proposed in that AARQ (x8, at least 12); then APDUs, each
 * one length octet followed by that many octets.
 * Oracle: every response fits the output, and after the input a valid AARQ
 * and a GET of the logical device name must still succeed exactly. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/classes.h>
#include <cosem/server.h>

/* Streaming attribute 2 of class 0x2000: array of 40 {u16, octet-string}. */
static cosem_dar_t big_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNAVAILABLE;
    }
    uint32_t n = r->sel.selector != 0u ? 4u : 40u;
    if (r->index == 0u) {
        cosem_axdr_write_array(w, n);
    }
    for (uint32_t i = r->index; i < n; ++i) {
        uint8_t s[5] = {1, 2, 3, 4, (uint8_t)i};
        cosem_axdr_write_structure(w, 2);
        cosem_axdr_write_u16(w, (uint16_t)i);
        cosem_axdr_write_octet_string(w, s, sizeof(s));
        if (!cosem_req_commit(r, w, i + 1u)) {
            break;
        }
    }
    return COSEM_DAR_SUCCESS;
}

/* Attribute 3 takes any Data. */
static cosem_dar_t big_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    (void)r;
    return cosem_axdr_skip(v) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_TYPE_UNMATCHED;
}

/* Method 1 echoes its parameters; method 2 returns 600 octets. */
static cosem_dar_t big_action(cosem_req_t *r, cosem_axdr_reader_t *p, cosem_axdr_writer_t *ret)
{
    static const uint8_t zeros[600];
    if (cosem_axdr_skip(p) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (r->id == 2) {
        cosem_axdr_write_octet_string(ret, zeros, sizeof(zeros));
    } else {
        cosem_axdr_write_u8(ret, 1);
    }
    return COSEM_DAR_SUCCESS;
}

static const cosem_class_t big_class = {
    0x2000u, 0u, 3u, 2u, 0x0007u, 0x0002u, 0x06u, big_get, big_set, big_action, NULL, NULL,
};

static uint8_t ldn[16] = {'L', 'C', 'M', 'F', 'U', 'Z', 'Z', '0',
                          '0', '0', '0', '0', '0', '0', '0', '1'};
static const cosem_vref_t ldn_ref = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, ldn, NULL, 16);
static uint16_t u16v;
static const cosem_vref_t u16_ref = COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &u16v);
static cosem_secret_t secret;
static cosem_assoc_config_t assocs[2];
static const cosem_association_ln_t aln = {NULL, 1, NULL};
static const cosem_association_ln_t aln_lls = {&assocs[1], 1, NULL};
static const uint8_t name[3] = {'L', 'C', 'M'};
static const cosem_sap_entry_t saps[1] = {{1, name, 3}};
static const cosem_sap_assignment_t sap = {saps, 1};
static const cosem_access_t rw[COSEM_MAX_ACCESS_LEVELS] = {
    {0x0007u, 0x0004u, 0x0001u}, {0xFFFFu, 0xFFFFu, 0xFFFFu}, {0, 0, 0}, {0, 0, 0}};
static const cosem_access_t aln_acc[COSEM_MAX_ACCESS_LEVELS] = {
    {0x07BFu, 0, 0}, {0x07BFu, 0x0040u, 0x0003u}, {0, 0, 0}, {0, 0, 0}};

static const cosem_object_t objects[] = {
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &aln, NULL, NULL, NULL},
    {{0, 0, 40, 0, 1, 255}, &cosem_class_association_ln, &aln_lls, NULL, aln_acc, NULL},
    {{0, 0, 41, 0, 0, 255}, &cosem_class_sap_assignment, &sap, NULL, NULL, NULL},
    {{0, 0, 42, 0, 0, 255}, &cosem_class_data, &ldn_ref, NULL, NULL, NULL},
    {{0, 0, 96, 1, 0, 255}, &cosem_class_data, &u16_ref, NULL, rw, NULL},
    {{0, 128, 0, 0, 0, 255}, &big_class, NULL, NULL, rw, NULL},
};

static const uint8_t aarq_noauth[] = {
    0x60, 0x1D, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0xBE, 0x10, 0x04,
    0x0E, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0xFF, 0xFF, 0xFF, 0x01, 0x00};
static const uint8_t aarq_lls[] = {
    0x60, 0x33, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0x8A, 0x02,
    0x07, 0x80, 0x8B, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x02, 0x01, 0xAC, 0x07, 0x80, 0x05,
    'G',  'u',  'r',  'u',  'x',  0xBE, 0x10, 0x04, 0x0E, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5F,
    0x1F, 0x04, 0x00, 0xFF, 0xFF, 0xFF, 0x01, 0x00};
static const uint8_t get_ldn[] = {0xC0, 0x01, 0xC1, 0x00, 0x01, 0x00, 0x00,
                                  0x2A, 0x00, 0x00, 0xFF, 0x02, 0x00};

static cosem_server_t server;
static cosem_assoc_t assoc;
static uint8_t work[512];
static uint8_t out[2048];

/* Configuration is rebuilt for every input: the secret may have changed. */
static void setup(void)
{
    cosem_server_config_t c;
    memset(assocs, 0, sizeof(assocs));
    assocs[0].client_sap = 0x10;
    assocs[0].conformance = 0x00FFFFFFu;
    assocs[1].client_sap = 0x11;
    assocs[1].mechanism = COSEM_AUTH_LOW;
    assocs[1].level = 1;
    assocs[1].conformance = 0x00FFFFFFu;
    assocs[1].secret = &secret;
    secret.len = 5;
    memcpy(secret.buf, "Gurux", 5);
    memset(&c, 0, sizeof(c));
    c.objects = objects;
    c.object_count = sizeof(objects) / sizeof(objects[0]);
    c.assocs = assocs;
    c.assoc_count = 2;
    c.max_pdu = 512;
    if (cosem_server_init(&server, &c) != COSEM_OK ||
        cosem_assoc_init(&assoc, &server, work, sizeof(work)) != COSEM_OK) {
        abort();
    }
}

/* Handle one APDU; the response must fit, and so must each APDU of the
 * rest of a GBT window (at most 63). */
static size_t feed(const uint8_t *p, size_t n, size_t cap)
{
    size_t len = 0, more = 0;
    if (cosem_assoc_handle(&assoc, p, n, out, cap, &len) != COSEM_OK || len > cap) {
        abort();
    }
#if COSEM_WITH_GBT
    for (int k = 0; k < 64; ++k) {
        uint8_t next[2048];
        if (cosem_assoc_next(&assoc, next, cap, &more) != COSEM_OK || more > cap) {
            abort();
        }
        if (more == 0u) {
            break;
        }
        if (k == 63) {
            abort(); /* a window longer than 63 blocks */
        }
    }
#else
    (void)more;
#endif
    return len;
}

/* After any input: a fresh AARQ and a GET must work exactly. */
static void oracle(void)
{
    static const uint8_t want[] = {0xC4, 0x01, 0xC1, 0x00, 0x09, 0x10, 'L', 'C', 'M', 'F', 'U',
                                   'Z',  'Z',  '0',  '0',  '0',  '0',  '0', '0', '0', '0', '1'};
    uint8_t aarq[sizeof(aarq_noauth)];
    memcpy(aarq, aarq_noauth, sizeof(aarq));
    if (cosem_assoc_open(&assoc, 0x10) != COSEM_OK) {
        abort();
    }
    feed(aarq, sizeof(aarq), sizeof(out));
    if (out[0] != 0x61 || cosem_assoc_state(&assoc) != COSEM_ASSOC_ASSOCIATED) {
        abort();
    }
    if (feed(get_ldn, sizeof(get_ldn), sizeof(out)) != sizeof(want) ||
        memcmp(out, want, sizeof(want)) != 0) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t caps[4] = {24, 64, 256, 2048};
    uint8_t flags, pdu;
    size_t cap, i = 2;
    if (size < 2) {
        return 0;
    }
    flags = data[0];
    pdu = data[1];
    cap = caps[(flags >> 2) & 3u];
    setup();
#if COSEM_WITH_GBT
    {
        static const uint8_t windows[4] = {1, 2, 8, 63};
        cosem_assoc_set_gbt_window(&assoc, windows[(flags >> 4) & 3u]);
    }
#endif
    if (cosem_assoc_open(&assoc, (flags & 2u) != 0u ? 0x11 : 0x10) != COSEM_OK) {
        abort();
    }
    if ((flags & 1u) != 0u) {
        uint8_t aarq[sizeof(aarq_lls)];
        size_t n = (flags & 2u) != 0u ? sizeof(aarq_lls) : sizeof(aarq_noauth);
        uint16_t mp = (uint16_t)(pdu < 2u ? 12u : pdu * 8u);
        memcpy(aarq, (flags & 2u) != 0u ? aarq_lls : aarq_noauth, n);
        aarq[n - 2] = (uint8_t)(mp >> 8);
        aarq[n - 1] = (uint8_t)mp;
        feed(aarq, n, sizeof(out));
    }
    while (i < size) {
        size_t n = data[i++];
        if (n > size - i) {
            n = size - i;
        }
        feed(data + i, n, cap);
        i += n;
    }
    cosem_assoc_close(&assoc);
    oracle();
    return 0;
}
