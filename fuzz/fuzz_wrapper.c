/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the wrapper TCP stream reassembler fed arbitrary bytes
 * in arbitrary chunks. Input: 3 configuration octets (max APDU, wPort
 * filter), then records of one chunk-length octet followed by that many
 * stream octets. A one-pass reference parser of the whole stream gives the
 * frames and the error the chunked feed must produce, in the same order
 * with the same bytes; anything else aborts. The whole input is also
 * decoded as one UDP datagram. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/wrapper.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_APDU_LIMIT 4096u
#define STREAM_MAX 65536u
#define FRAMES_MAX (STREAM_MAX / 8u + 1u) /* more than a stream can hold */

typedef struct {
    size_t off[FRAMES_MAX];  /* APDU offsets in the stream */
    uint16_t len[FRAMES_MAX];
    uint16_t src[FRAMES_MAX];
    uint16_t dst[FRAMES_MAX];
    size_t n;                /* frames expected */
    cosem_status_t err;      /* error expected at the end (OK if none) */
    int partial;             /* a frame is cut off at the end */
    size_t seen;             /* frames delivered so far */
    const uint8_t *stream;
    cosem_wrapper_t *w;
    uint16_t local;
    int filter;
} expect_t;

static uint8_t g_stream[STREAM_MAX];
static uint8_t g_buf[COSEM_WRAPPER_BUF_SIZE(MAX_APDU_LIMIT)];
static expect_t g_ex;

/* Reference: walks the whole stream at once. */
static void reference(expect_t *ex, const uint8_t *s, size_t n, size_t max_apdu)
{
    size_t at = 0;
    ex->n = 0;
    ex->err = COSEM_OK;
    ex->partial = 0;
    while (at < n) {
        uint16_t len;
        if (n - at < 8) {
            ex->partial = 1;
            return;
        }
        if (s[at] != 0x00 || s[at + 1] != 0x01) {
            ex->err = COSEM_E_MALFORMED;
            return;
        }
        len = (uint16_t)(s[at + 6] << 8 | s[at + 7]);
        if (len > max_apdu) {
            ex->err = COSEM_E_NOSPACE;
            return;
        }
        if (n - at - 8 < len) {
            ex->partial = 1;
            return;
        }
        ex->src[ex->n] = (uint16_t)(s[at + 2] << 8 | s[at + 3]);
        ex->dst[ex->n] = (uint16_t)(s[at + 4] << 8 | s[at + 5]);
        ex->len[ex->n] = len;
        ex->off[ex->n++] = at + 8;
        at += 8 + (size_t)len;
    }
}

/* Checks each delivered frame against the reference; echoes some back. */
static void on_event(void *user, const cosem_wrapper_event_t *ev)
{
    expect_t *ex = user;
    size_t i = ex->seen++;
    int ours;
    if (i >= ex->n || ev->len != ex->len[i] || ev->src_wport != ex->src[i] ||
        ev->dst_wport != ex->dst[i] || memcmp(ev->apdu, ex->stream + ex->off[i], ev->len) != 0) {
        abort();
    }
    ours = !ex->filter || ev->dst_wport == ex->local;
    if (ev->type != ((ours && ev->len > 0) ? COSEM_WRAPPER_EV_APDU : COSEM_WRAPPER_EV_IGNORED)) {
        abort();
    }
    if (cosem_wrapper_feed(ex->w, ev->apdu, 1, 0) != COSEM_E_STATE) {
        abort();
    }
    if (ev->type == COSEM_WRAPPER_EV_APDU && (i & 1u) &&
        cosem_wrapper_send(ex->w, ev->dst_wport, ev->src_wport, ev->apdu, ev->len) != COSEM_OK) {
        abort();
    }
}

/* Checks an echoed frame: header then the APDU. */
static cosem_status_t on_send(void *user, const uint8_t *p, size_t n)
{
    cosem_wrapper_header_t h;
    (void)user;
    if (cosem_wrapper_header_decode(&h, p, n) != COSEM_OK || (size_t)h.length + 8u != n) {
        abort();
    }
    return COSEM_OK;
}

/* Gathers the stream octets and the chunk sizes out of the input. */
static size_t gather(const uint8_t *d, size_t n, uint8_t *out, uint16_t *cuts, size_t *ncuts)
{
    size_t at = 0, len = 0;
    *ncuts = 0;
    while (at < n) {
        size_t c = d[at++];
        if (c > n - at) {
            c = n - at;
        }
        memcpy(out + len, d + at, c);
        len += c;
        at += c;
        cuts[(*ncuts)++] = (uint16_t)c;
    }
    return len;
}

static uint16_t g_cuts[STREAM_MAX];

/* Feeds the chunks, then checks the end state against the reference. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_wrapper_config_t cfg;
    cosem_wrapper_t w;
    cosem_status_t st = COSEM_OK, eof;
    size_t len, ncuts, i, at = 0;
    if (size < 3 || size > STREAM_MAX) {
        return 0;
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.max_apdu = 1u + ((size_t)(data[0] << 8 | data[1]) % MAX_APDU_LIMIT);
    cfg.filter_local = (data[2] & 0x80u) != 0;
    cfg.local_wport = (uint16_t)(data[2] & 0x7Fu);
    cfg.event.fn = on_event;
    cfg.event.user = &g_ex;
    cfg.send.fn = on_send;
    if (cosem_wrapper_init(&w, &cfg, g_buf, sizeof g_buf) != COSEM_OK) {
        abort();
    }
    len = gather(data + 3, size - 3, g_stream, g_cuts, &ncuts);
    g_ex.stream = g_stream;
    g_ex.w = &w;
    g_ex.seen = 0;
    g_ex.filter = cfg.filter_local;
    g_ex.local = cfg.local_wport;
    reference(&g_ex, g_stream, len, cfg.max_apdu);
    for (i = 0; i < ncuts; i++) {
        cosem_status_t r = cosem_wrapper_feed(&w, g_stream + at, g_cuts[i], (uint32_t)i);
        at += g_cuts[i];
        if (st == COSEM_OK && r != COSEM_OK) {
            st = r;
        } else if (st != COSEM_OK && r != COSEM_E_CLOSED) {
            abort();
        }
        if (cosem_wrapper_poll(&w, (uint32_t)i * 1000u) != (st == COSEM_OK ? COSEM_OK : COSEM_E_CLOSED)) {
            abort();
        }
    }
    eof = cosem_wrapper_eof(&w);
    if (st != g_ex.err || g_ex.seen != g_ex.n || cosem_wrapper_status(&w) == COSEM_OK) {
        abort();
    }
    if (eof != (st != COSEM_OK ? COSEM_E_CLOSED : g_ex.partial ? COSEM_E_TRUNCATED : COSEM_OK)) {
        abort();
    }
    {
        cosem_wrapper_header_t h;
        const uint8_t *apdu;
        size_t alen;
        if (cosem_wrapper_datagram(g_stream, len, &h, &apdu, &alen) == COSEM_OK &&
            (alen != h.length || alen + 8 != len)) {
            abort();
        }
    }
    return 0;
}
