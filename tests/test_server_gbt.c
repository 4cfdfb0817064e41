/* SPDX-License-Identifier: Apache-2.0 */
/* Server general block transfer (IEC 62056-5-3 9.3.10, Green Book ed. 9
 * 9.4.6.13): with general-block-transfer negotiated (conformance bit 2,
 * 0x200000 in the 24-bit word) a GET response longer than the client's
 * max PDU leaves as the octets of the complete get-response APDU cut into
 * general-block-transfer APDUs `E0 block-control block-number(2)
 * block-number-ack(2) block-data(octet string)`; the client acknowledges
 * each with an empty GBT whose block-number-ack is the block received.
 *
 * Choices documented here (interoperable with Gurux.DLMS.Python's client,
 * GXDLMS.handleGbt: a block whose block-number-ack is not the client's last
 * block number is ignored as a repeat):
 *  - By default one block per acknowledgement, block-control window 1 and
 *    no streaming whatever window the client announces (a sender may send
 *    fewer). A link that calls cosem_assoc_set_gbt_window() gets windows:
 *    gbt_windows, gbt_window_bounds.
 *  - The first block acknowledges block 0 (the request was not in GBT);
 *    each later block acknowledges the client's last block number.
 *  - An acknowledgement of block n - 1 (block n lost) brings block n again.
 *  - A GBT without a transfer and one acknowledging a block never sent:
 *    exception-response, the transfer is over.
 *  - A request carried in GBT blocks is put together and served, its
 *    answer one GBT block (gbt_requests_in_blocks). */
#include "test_server_fixture.h"

#include <cosem/apdu.h>

#if COSEM_WITH_GBT

/* GBT offered, GET block transfer not (with both negotiated the server
 * uses GET blocks: gbt_only_when_needed). */
#define CONF_GBT ((FX_CONF_ALL & ~COSEM_CONF_BLOCK_TRANSFER_GET) | COSEM_CONF_GENERAL_BLOCK_TRANSFER)

static uint8_t got[16384];
static size_t got_len;

/* The client's acknowledgement: E0 window(ctl) bn ack, no data. */
static void send_ack(uint8_t window, uint16_t bn, uint16_t ack)
{
    char hex[64];
    snprintf(hex, sizeof(hex), "E0 %02X %02X %02X %02X %02X 00", window, bn >> 8, bn & 0xFFu,
             ack >> 8, ack & 0xFFu);
    fx_send(hex);
}

/* Follows a GBT response from fx_out: acknowledges each block with the
 * client window `window`; every `lose`-th block (0: none) is "lost" once
 * (acknowledged as the one before, which must bring it again, the same
 * octets). Returns the number of blocks; the APDU octets are in got. */
static unsigned follow_gbt(uint16_t pdu, uint8_t window, unsigned lose)
{
    cosem_gbt_t g;
    uint16_t mine = 0;
    unsigned blocks = 0;
    uint8_t prev[2048];
    size_t prev_len;
    got_len = 0;
    for (;;) {
        ck_assert_uint_le(fx_out_len, pdu);
        ck_assert_int_eq(cosem_gbt_decode(fx_out, fx_out_len, &g), COSEM_OK);
        ck_assert_uint_eq(g.block, blocks + 1u);
        ck_assert_uint_eq(g.ack, mine);
        ck_assert_uint_eq(g.window, 1);
        ck_assert(!g.streaming);
        ck_assert_uint_gt(g.data.len, 0);
        if (lose != 0u && (blocks + 1u) % lose == 0u && !g.last) {
            /* block lost: acknowledge the previous one, get it again */
            memcpy(prev, g.data.p, g.data.len);
            prev_len = g.data.len;
            send_ack(window, ++mine, (uint16_t)blocks);
            ck_assert_int_eq(cosem_gbt_decode(fx_out, fx_out_len, &g), COSEM_OK);
            ck_assert_uint_eq(g.block, blocks + 1u);
            ck_assert_uint_eq(g.ack, mine);
            tu_assert_bytes(g.data.p, g.data.len, prev, prev_len);
        }
        ck_assert_uint_le(got_len + g.data.len, sizeof(got));
        memcpy(got + got_len, g.data.p, g.data.len);
        got_len += g.data.len;
        blocks++;
        if (g.last) {
            return blocks;
        }
        send_ack(window, ++mine, (uint16_t)blocks);
    }
}

/* The expected encoding of the test class's attribute 2 with n elements,
 * after the get-response-normal header C4 01 C1 00. */
static size_t expect_response(uint32_t n, uint8_t *out, size_t cap)
{
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, out, cap);
    (void)cosem_get_response_normal_begin(&w, 0xC1);
    fx_write_big(&w, n);
    ck_assert_int_eq(cosem_axdr_writer_status(&w), COSEM_OK);
    return cosem_axdr_writer_len(&w);
}

/* A streamed array of 200 elements (3,406 octets with the header, more
 * than the 1,024-octet work buffer) at client max PDU 128, with every
 * client window 1 to 63: the blocks put together are the complete
 * get-response-normal, byte for byte. */
START_TEST(gbt_every_window)
{
    static uint8_t want[8192];
    size_t n = expect_response(200, want, sizeof(want));
    for (uint8_t win = 1; win <= COSEM_GBT_WINDOW_MAX; ++win) {
        fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
        fx_assoc_pdu(128);
        fx_big_n = 200;
        fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
        ck_assert_uint_gt(follow_gbt(128, win, 0), n / 128u);
        tu_assert_bytes(got, got_len, want, n);
        /* the transfer is over: an acknowledgement now is refused */
        send_ack(win, 100, 100);
        ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    }
}
END_TEST

/* Blocks lost on the way (every 2nd, 3rd, 5th, 7th), at max PDU 64 and
 * 300: each lost block comes again on the acknowledgement of the one
 * before, and the result is whole. */
START_TEST(gbt_lost_blocks)
{
    static uint8_t want[8192];
    static const unsigned lose[4] = {2, 3, 5, 7};
    static const uint16_t pdus[2] = {64, 300};
    size_t n = expect_response(200, want, sizeof(want));
    for (int k = 0; k < 4; ++k) {
        for (int p = 0; p < 2; ++p) {
            fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
            fx_assoc_pdu(pdus[p]);
            fx_big_n = 200;
            fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
            (void)follow_gbt(pdus[p], 1, lose[k]);
            tu_assert_bytes(got, got_len, want, n);
        }
    }
}
END_TEST

/* A windowed transfer as a client sees it: each response of
 * cosem_assoc_handle() and then every APDU cosem_assoc_next() gives is one
 * block; blocks come in order, numbered on from the last acknowledged, all
 * but a window's last with the streaming bit, at most `window` per window.
 * With `lose` != 0 every block whose number is a multiple of it is lost
 * the first time it comes (the rest of that window, out of order, is
 * dropped too, as a receiver that keeps no gaps does); the client
 * acknowledges the last block received in order, with its window.
 * Returns the largest window seen; the APDU octets are in got. */
static unsigned follow_windows(uint16_t pdu, uint8_t window, unsigned lose, unsigned *blocks)
{
    static uint8_t lost[1024];
    cosem_gbt_t g;
    uint16_t mine = 0, have = 0;
    unsigned widest = 0;
    memset(lost, 0, sizeof(lost));
    got_len = 0;
    *blocks = 0;
    for (;;) {
        unsigned in_window = 0;
        bool done = false;
        for (;;) {
            ck_assert_uint_gt(fx_out_len, 0);
            ck_assert_uint_le(fx_out_len, pdu);
            ck_assert_int_eq(cosem_gbt_decode(fx_out, fx_out_len, &g), COSEM_OK);
            ck_assert_uint_eq(g.ack, mine);
            ck_assert_uint_lt(g.block, sizeof(lost));
            in_window++;
            (*blocks)++;
            if (g.block == (uint16_t)(have + 1u) && lose != 0u && g.block % lose == 0u &&
                !lost[g.block]) {
                lost[g.block] = 1; /* lost on the way */
            } else if (g.block == (uint16_t)(have + 1u)) {
                ck_assert_uint_le(got_len + g.data.len, sizeof(got));
                memcpy(got + got_len, g.data.p, g.data.len);
                got_len += g.data.len;
                have = g.block;
                done = g.last;
            }
            if (!g.streaming) {
                break;
            }
            ck_assert(!g.last);
            ck_assert_int_eq(cosem_assoc_next(&fx_a, fx_out, sizeof(fx_out), &fx_out_len), COSEM_OK);
        }
        /* the window is over: nothing more until the acknowledgement */
        ck_assert_int_eq(cosem_assoc_next(&fx_a, fx_out, sizeof(fx_out), &fx_out_len), COSEM_OK);
        ck_assert_uint_eq(fx_out_len, 0);
        ck_assert_uint_le(in_window, window);
        widest = in_window > widest ? in_window : widest;
        if (done) {
            return widest;
        }
        send_ack(window, ++mine, have);
    }
}

/* A fresh association with the work buffer `work`, link window 63, max
 * PDU 64, and the GET of the 400-element array: its first block is in fx_out. */
static void get_400_windowed(uint8_t *work, size_t cap)
{
    fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
    ck_assert_int_eq(cosem_assoc_init(&fx_a, &fx_server, work, cap), COSEM_OK);
    cosem_assoc_set_gbt_window(&fx_a, 63);
    ck_assert_int_eq(cosem_assoc_open(&fx_a, FX_PUBLIC), COSEM_OK);
    fx_assoc_pdu(64);
    fx_big_n = 400;
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
}

/* Windows (the link sends up to 63 blocks per acknowledgement, with a
 * 16 KB work buffer): a 400-element array (6,806 octets, 120 blocks at max
 * PDU 64) with every client window 1 to 63, whole and in windows of
 * exactly the client's size; then with blocks lost every 2nd, 3rd, 5th and
 * 7th time at windows 1, 2, 7, 16, 63, still whole and at the price of the
 * blocks sent again only. */
START_TEST(gbt_windows)
{
    static uint8_t want[16384], work[16384];
    static const unsigned lose[4] = {2, 3, 5, 7};
    static const uint8_t wins[5] = {1, 2, 7, 16, 63};
    size_t n = expect_response(400, want, sizeof(want));
    unsigned blocks = 0, base = 0;
    for (uint8_t win = 1; win <= COSEM_GBT_WINDOW_MAX; ++win) {
        get_400_windowed(work, sizeof(work));
        ck_assert_uint_eq(follow_windows(64, win, 0, &blocks), win);
        tu_assert_bytes(got, got_len, want, n);
        ck_assert_uint_eq(blocks, (n + 56u) / 57u); /* 57 octets of block-data each */
        base = blocks;
        /* the transfer is over: an acknowledgement now is refused */
        send_ack(win, 200, 200);
        ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    }
    for (int k = 0; k < 4; ++k) {
        for (int i = 0; i < 5; ++i) {
            get_400_windowed(work, sizeof(work));
            (void)follow_windows(64, wins[i], lose[k], &blocks);
            tu_assert_bytes(got, got_len, want, n);
            ck_assert_uint_gt(blocks, base);
        }
    }
}
END_TEST

/* The work buffer bounds the window: unacknowledged blocks stay in it, so
 * the fixture's 1,024 octets hold at most 17 blocks of 57 however large
 * the windows of the client and the link; with the link's default (1) a
 * client window of 63 still gets one block per acknowledgement. */
START_TEST(gbt_window_bounds)
{
    static uint8_t want[16384];
    size_t n = expect_response(400, want, sizeof(want));
    unsigned blocks = 0, widest;
    fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
    cosem_assoc_set_gbt_window(&fx_a, 200); /* taken as 63 */
    fx_assoc_pdu(64);
    fx_big_n = 400;
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    widest = follow_windows(64, 63, 0, &blocks);
    ck_assert_uint_gt(widest, 1);
    ck_assert_uint_le(widest, 1024u / 57u);
    tu_assert_bytes(got, got_len, want, n);
    fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
    fx_assoc_pdu(64);
    fx_big_n = 400;
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    ck_assert_uint_eq(follow_windows(64, 63, 0, &blocks), 1);
    tu_assert_bytes(got, got_len, want, n);
    /* a new request in the middle of a window ends the transfer */
    cosem_assoc_set_gbt_window(&fx_a, 8);
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    send_ack(8, 1, 1);
    ck_assert(fx_out[0] == COSEM_APDU_GENERAL_BLOCK_TRANSFER && (fx_out[1] & 0x40u) != 0u);
    fx_xchg("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 30 39");
    ck_assert_int_eq(cosem_assoc_next(&fx_a, fx_out, sizeof(fx_out), &fx_out_len), COSEM_OK);
    ck_assert_uint_eq(fx_out_len, 0);
}
END_TEST

/* Sends `apdu` as general-block-transfer blocks of `size` octets of
 * block-data (control: window 1, the last with bit 7; streaming on all
 * but the last when `stream`), checking each block but the last of a
 * window is acknowledged (E0 01, the server's own number, the block) and
 * a streamed one is not answered. The answer to the last block is left in
 * fx_out. */
static void send_in_gbt(const uint8_t *apdu, size_t n, size_t size, bool stream)
{
    uint8_t blk[600];
    uint16_t bn = 0, acks = 0;
    for (size_t off = 0; off < n; off += size) {
        size_t k = n - off < size ? n - off : size;
        bool last = off + k == n;
        cosem_axdr_writer_t w;
        cosem_gbt_t g;
        memset(&g, 0, sizeof g);
        g.last = last;
        g.streaming = stream && !last;
        g.window = 1;
        g.block = ++bn;
        g.ack = acks;
        g.data.p = apdu + off;
        g.data.len = k;
        cosem_axdr_writer_init(&w, blk, sizeof blk);
        ck_assert_int_eq(cosem_gbt_encode(&w, &g), COSEM_OK);
        fx_send_raw(blk, cosem_axdr_writer_len(&w));
        if (last) {
            return;
        }
        if (stream) {
            ck_assert_uint_eq(fx_out_len, 0);
            continue;
        }
        ck_assert_int_eq(cosem_gbt_decode(fx_out, fx_out_len, &g), COSEM_OK);
        ck_assert(!g.last && !g.streaming && g.data.len == 0);
        ck_assert_uint_eq(g.block, ++acks);
        ck_assert_uint_eq(g.ack, bn);
    }
}

/* Requests in general-block-transfer blocks (Gurux's clients send any
 * request longer than their PDU so once GBT is negotiated): a SET of a
 * 400-octet value in blocks of 100 (each acknowledged) and streamed
 * (none acknowledged) sets it whole, the answer one GBT block (last,
 * window 1, the next own number, naming the request's last block); a GET
 * in one block is answered the same way; blocks out of order end the
 * transfer with an exception-response, and the next request is served. */
START_TEST(gbt_requests_in_blocks)
{
    static uint8_t set[512], want_set[64];
    cosem_axdr_writer_t w;
    uint8_t value[404];
    size_t n;
    value[0] = 0x09;
    value[1] = 0x82;
    value[2] = 0x01;
    value[3] = 0x90;
    for (int i = 4; i < 404; ++i) {
        value[i] = (uint8_t)(i * 7);
    }
    cosem_axdr_writer_init(&w, set, sizeof set);
    ck_assert_int_eq(cosem_set_request_normal_encode(&w, 0xC1,
                                                     &(cosem_attr_ref_t){0x2000, {0, 128, 0, 0, 0, 255}, 4},
                                                     NULL, value, sizeof value),
                     COSEM_OK);
    n = cosem_axdr_writer_len(&w);
    fx_setup_conf(FX_READER, CONF_GBT, 512);
    fx_assoc_lls_pdu(128);
    send_in_gbt(set, n, 100, false);
    tu_assert_bytes(fx_out, fx_out_len, want_set,
                    tu_hex("E0 81 00 05 00 05 04 C5 01 C1 00", want_set, sizeof want_set));
    tu_assert_bytes(fx_blob, fx_blob_len, value, sizeof value);
    fx_blob_len = 0;
    send_in_gbt(set, n, 100, true);
    tu_assert_bytes(fx_out, fx_out_len, want_set,
                    tu_hex("E0 81 00 01 00 05 04 C5 01 C1 00", want_set, sizeof want_set));
    tu_assert_bytes(fx_blob, fx_blob_len, value, sizeof value);
    fx_xchg("E0 81 00 01 00 00 0D C0 01 C1 00 01 01 00 01 08 00 FF 02 00",
            "E0 81 00 01 00 01 09 C4 01 C1 00 06 00 00 30 39");
    /* block 2 first; block 3 after block 1 */
    fx_send("E0 01 00 02 00 00 03 C0 01 C1");
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    fx_xchg("E0 01 00 01 00 00 03 C0 01 C1", "E0 01 00 01 00 01 00");
    fx_send("E0 81 00 03 00 00 0A 00 01 01 00 01 08 00 FF 02 00");
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    fx_xchg("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 30 39");
    /* GBT blocks inside a GBT block: nothing is served or answered */
    fx_send("E0 81 00 01 00 00 0A E0 81 00 01 00 00 03 C0 01 C1");
    ck_assert_uint_eq(fx_out_len, 0);
    fx_xchg("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 30 39");
    /* put together, no request: an exception-response in a GBT block */
    fx_send("E0 81 00 01 00 00 02 FF FF");
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_GENERAL_BLOCK_TRANSFER);
    ck_assert_uint_eq(fx_out[7], COSEM_APDU_EXCEPTION_RESPONSE);
    fx_xchg("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 30 39");
}
END_TEST

/* What fits one APDU is an ordinary get-response-normal; without GBT
 * offered by the server, or with GET blocks negotiated too, the same long
 * value goes in GET blocks. */
START_TEST(gbt_only_when_needed)
{
    uint8_t want[512];
    size_t n;
    fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
    fx_assoc_pdu(512);
    fx_big_n = 20;
    n = expect_response(20, want, sizeof(want));
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    tu_assert_bytes(fx_out, fx_out_len, want, n);
    fx_setup_conf(FX_PUBLIC, FX_CONF_ALL, 512);
    fx_assoc_pdu(128);
    fx_big_n = 200;
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_GET_RESPONSE);
    ck_assert_uint_eq(fx_out[1], COSEM_GET_NEXT); /* with-datablock */
    fx_setup_conf(FX_PUBLIC, FX_CONF_ALL | COSEM_CONF_GENERAL_BLOCK_TRANSFER, 512);
    fx_assoc_pdu(128); /* proposes both */
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_GET_RESPONSE);
    ck_assert_uint_eq(fx_out[1], COSEM_GET_NEXT);
}
END_TEST

/* A with-list whose results (about 690 octets) exceed the client's max PDU 100:
 * the blocks hold C4 03 invoke, the count and every result. */
START_TEST(gbt_with_list)
{
    static uint8_t want[8192], big[8192];
    size_t nb = expect_response(40, big, sizeof(big)), n = 0;
    fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
    fx_assoc_pdu(100);
    fx_big_n = 40; /* an item of a with-list is encoded whole: it must fit the work buffer */
    fx_send("C0 03 C1 02 20 00 00 80 00 00 00 FF 02 00 00 01 01 00 01 08 00 FF 02 00");
    ck_assert_msg(fx_out[0] == COSEM_APDU_GENERAL_BLOCK_TRANSFER, "%s", tu_hexstr(fx_out, fx_out_len));
    (void)follow_gbt(100, 1, 0);
    memcpy(want, "\xC4\x03\xC1\x02\x00", 5);
    n = 5;
    memcpy(want + n, big + 4, nb - 4); /* the array without the normal header */
    n += nb - 4;
    memcpy(want + n, "\x00\x06\x00\x00\x30\x39", 6); /* energy 12345 */
    n += 6;
    tu_assert_bytes(got, got_len, want, n);
}
END_TEST

/* Refusals: each ends the transfer with an exception-response; a GET still
 * works afterwards. */
START_TEST(gbt_refusals)
{
    cosem_gbt_t g;
    fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
    fx_assoc_pdu(128);
    /* no transfer in progress */
    send_ack(1, 1, 0);
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    /* an acknowledgement of a block never sent */
    fx_big_n = 200;
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    ck_assert_int_eq(cosem_gbt_decode(fx_out, fx_out_len, &g), COSEM_OK);
    send_ack(1, 1, 5);
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    send_ack(1, 2, 1); /* and the transfer is over */
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    /* a request carried in GBT that does not decode: it ends the running
     * transfer, its exception-response comes in a GBT block */
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    fx_send("E0 81 00 01 00 01 03 C0 01 C1");
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_GENERAL_BLOCK_TRANSFER);
    ck_assert_uint_eq(fx_out[7], COSEM_APDU_EXCEPTION_RESPONSE);
    send_ack(1, 1, 1);
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    /* malformed: truncated, trailing octets */
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    fx_send("E0 01 00 01 00");
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    fx_send("E0 01 00 01 00 01 00 00");
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
    /* a new GET ends a transfer and starts its own */
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    fx_send("C0 01 C1 20 00 00 80 00 00 00 FF 02 00");
    ck_assert_int_eq(cosem_gbt_decode(fx_out, fx_out_len, &g), COSEM_OK);
    ck_assert_uint_eq(g.block, 1);
    (void)follow_gbt(128, 1, 0);
    fx_xchg("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 30 39");
    /* GBT not negotiated (offered, not proposed): refused */
    fx_setup_conf(FX_PUBLIC, CONF_GBT, 512);
    fx_send("60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 "
            "00 1E 1D 00 80");
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
    send_ack(1, 1, 0);
    ck_assert_uint_eq(fx_out[0], COSEM_APDU_EXCEPTION_RESPONSE);
}
END_TEST

#endif

static Suite *server_gbt_suite(void)
{
    Suite *s = suite_create("server_gbt");
    TCase *tc = tcase_create("gbt");
#if COSEM_WITH_GBT
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, gbt_every_window);
    tcase_add_test(tc, gbt_lost_blocks);
    tcase_add_test(tc, gbt_windows);
    tcase_add_test(tc, gbt_window_bounds);
    tcase_add_test(tc, gbt_only_when_needed);
    tcase_add_test(tc, gbt_with_list);
    tcase_add_test(tc, gbt_refusals);
    tcase_add_test(tc, gbt_requests_in_blocks);
#endif
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(server_gbt_suite)
