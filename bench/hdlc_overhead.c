/* SPDX-License-Identifier: Apache-2.0 */
/* HDLC link overhead: bytes on the wire per payload byte for one 10 kB MSDU
 * at maximum information field lengths 128, 512 and 2030, window 1 and 7,
 * in both directions, counting every frame of the transfer both ways
 * (the I-frames of the MSDU and the RR frames that acknowledge and poll).
 * A primary and a secondary run in memory with the library's own stations
 * (1-octet addresses, the common optical-port and TCP case; a 4-octet
 * server address adds 3 octets to every frame), plus the RAM the station
 * needs. Host program, printf allowed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/hdlc.h>

#if COSEM_WITH_HDLC

#define PAYLOAD 10000u
#define MAX_MSDU 10240u
#define QCAP (1u << 20)

/* One station and the bytes it sent that the other has not read yet. */
typedef struct {
    cosem_hdlc_t h;
    uint8_t *mem;
    uint8_t *q;
    size_t q_len;
    size_t sent_bytes, sent_frames, sent_i;
    size_t got;           /* length of the last MSDU received */
    int got_count;
    bool counting;
    const uint8_t *answer; /* sent from the DATA callback when set */
    size_t answer_len;
    bool stop_count_on_data;
    void *peer;
} end_t;

static uint32_t now_ms;

/* Send callback: queue the frame and count it. */
static cosem_status_t on_send(void *user, const uint8_t *p, size_t n)
{
    end_t *e = user;
    if (e->q_len + n > QCAP) {
        return COSEM_E_NOSPACE;
    }
    memcpy(e->q + e->q_len, p, n);
    e->q_len += n;
    if (e->counting) {
        e->sent_bytes += n;
        e->sent_frames++;
        if ((p[5] & 1u) == 0 && n > 11) { /* control after 1-octet addresses */
            e->sent_i++;
        }
    }
    return COSEM_OK;
}

/* Event callback: note the MSDU, stop counting or answer. */
static void on_event(void *user, const cosem_hdlc_event_t *ev)
{
    end_t *e = user;
    end_t *o = e->peer;
    if (ev->type != COSEM_HDLC_EV_DATA) {
        return;
    }
    e->got = ev->len;
    e->got_count++;
    if (e->stop_count_on_data) {
        e->counting = false;
        o->counting = false;
    }
    if (e->answer != NULL) {
        e->counting = o->counting = !e->stop_count_on_data;
        (void)cosem_hdlc_send(&e->h, e->answer, e->answer_len, now_ms);
    }
}

/* Prepares one end. */
static void end_init(end_t *e, end_t *peer, cosem_hdlc_role_t role, uint16_t info, uint8_t win)
{
    cosem_hdlc_config_t c;
    size_t len = COSEM_HDLC_BUF_SIZE(info, MAX_MSDU);
    memset(e, 0, sizeof *e);
    memset(&c, 0, sizeof c);
    c.role = role;
    c.local.len = 1;
    c.peer.len = 1;
    c.local.upper = role == COSEM_HDLC_PRIMARY ? 0x10 : 0x01;
    c.peer.upper = role == COSEM_HDLC_PRIMARY ? 0x01 : 0x10;
    c.params.max_info_tx = info;
    c.params.max_info_rx = info;
    c.params.window_tx = win;
    c.params.window_rx = win;
    c.response_timeout_ms = 1000;
    c.inter_frame_timeout_ms = 100;
    c.max_retries = 3;
    c.max_msdu = MAX_MSDU;
    c.send.fn = on_send;
    c.send.user = e;
    c.event.fn = on_event;
    c.event.user = e;
    e->mem = malloc(len);
    e->q = malloc(QCAP);
    e->peer = peer;
    if (e->mem == NULL || e->q == NULL || cosem_hdlc_init(&e->h, &c, e->mem, len) != COSEM_OK) {
        fprintf(stderr, "init failed\n");
        exit(1);
    }
}

/* Carries queued bytes both ways until both are quiet. */
static void pump(end_t *a, end_t *b)
{
    while (a->q_len > 0 || b->q_len > 0) {
        size_t n;
        static uint8_t tmp[QCAP];
        n = a->q_len;
        memcpy(tmp, a->q, n);
        a->q_len = 0;
        cosem_hdlc_feed(&b->h, tmp, n, now_ms);
        n = b->q_len;
        memcpy(tmp, b->q, n);
        b->q_len = 0;
        cosem_hdlc_feed(&a->h, tmp, n, now_ms);
        now_ms++;
    }
}

typedef struct {
    size_t bytes, iframes, rr;
} result_t;

/* Transfers one PAYLOAD-octet MSDU client->server (up) or server->client
 * and counts the frames of that transfer in both directions. */
static result_t transfer(uint16_t info, uint8_t win, bool up)
{
    end_t c, s;
    result_t r;
    static uint8_t big[PAYLOAD], small[] = {0xC0, 0x01, 0xC1, 0x00, 0x07, 0x01, 0x00, 0x63,
                                            0x01, 0x00, 0xFF, 0x02, 0x00};
    memset(big, 0xA5, sizeof big);
    end_init(&c, &s, COSEM_HDLC_PRIMARY, info, win);
    end_init(&s, &c, COSEM_HDLC_SECONDARY, info, win);
    cosem_hdlc_connect(&c.h, now_ms);
    pump(&c, &s);
    if (up) {
        s.answer = small; /* counting stops when the server has the MSDU */
        s.answer_len = sizeof small;
        s.stop_count_on_data = true;
        c.counting = s.counting = true;
        cosem_hdlc_send(&c.h, big, sizeof big, now_ms);
    } else {
        s.answer = big; /* counting starts when the server answers */
        s.answer_len = sizeof big;
        c.stop_count_on_data = true;
        cosem_hdlc_send(&c.h, small, sizeof small, now_ms);
    }
    pump(&c, &s);
    if ((up ? s.got : c.got) != PAYLOAD) {
        fprintf(stderr, "transfer failed\n");
        exit(1);
    }
    r.bytes = c.sent_bytes + s.sent_bytes;
    r.iframes = c.sent_i + s.sent_i;
    r.rr = c.sent_frames + s.sent_frames - r.iframes;
    free(c.mem);
    free(c.q);
    free(s.mem);
    free(s.q);
    return r;
}

int main(int argc, char **argv)
{
    static const uint16_t infos[] = {128, 512, 2030};
    static const uint8_t wins[] = {1, 7};
    size_t i, j;
    /* "once INFO WINDOW": one client->server transfer only, for
     * bench/instructions.sh ("once 0 0" connects and sends nothing big). */
    if (argc == 4 && strcmp(argv[1], "once") == 0) {
        unsigned info = (unsigned)atoi(argv[2]), win = (unsigned)atoi(argv[3]);
        if (info != 0) {
            transfer((uint16_t)info, (uint8_t)win, true);
        }
        return 0;
    }
    printf("HDLC overhead for one %u-octet MSDU (1-octet addresses), all frames both ways\n",
           PAYLOAD);
    printf("%-9s %-6s %-10s %8s %8s %8s %10s %8s\n", "max_info", "window", "direction",
           "I-frames", "RR", "wire", "wire/byte", "payload%");
    for (i = 0; i < 3; i++) {
        for (j = 0; j < 2; j++) {
            int up;
            for (up = 0; up < 2; up++) {
                result_t r = transfer(infos[i], wins[j], up != 0);
                printf("%-9u %-6u %-10s %8zu %8zu %8zu %10.4f %7.2f%%\n", infos[i], wins[j],
                       up ? "client>srv" : "srv>client", r.iframes, r.rr, r.bytes,
                       (double)r.bytes / PAYLOAD, 100.0 * PAYLOAD / (double)r.bytes);
            }
        }
    }
    printf("\nRAM: sizeof(cosem_hdlc_t) = %zu on this host\n", sizeof(cosem_hdlc_t));
    printf("     COSEM_HDLC_BUF_SIZE(128, 1024)  = %zu\n", (size_t)COSEM_HDLC_BUF_SIZE(128, 1024));
    printf("     COSEM_HDLC_BUF_SIZE(2030, 4096) = %zu\n",
           (size_t)COSEM_HDLC_BUF_SIZE(2030, 4096));
    return 0;
}

#else
int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    puts("HDLC is not built in this configuration");
    return 0;
}
#endif
