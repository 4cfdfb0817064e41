/* SPDX-License-Identifier: Apache-2.0 */
/* HDLC frame codec (include/cosem/hdlc.h): CRC-16/X.25, addresses, frame
 * decode/encode with every check, control fields, parameter negotiation.
 *
 * Vectors:
 *   CAP  = tests/vectors/guruxc-client_guruxc-server_hdlc_noauth_getclock.txt
 *          (Gurux C client <-> Gurux C server, 1-octet server address 0x03,
 *          client 0x21): line 6 SNRM without parameters, line 7 UA with
 *          parameters, line 8 I-frame with AARQ, lines 11..17 a segmented
 *          answer (format A8) with RR between, lines 86/87 DISC/UA.
 *   KM   = DLMS UA, "Examples for DLMS/COSEM information exchange"
 *          (G. Kmethy), example 1 and 2: SNRM/UA/AARQ with the 4-octet
 *          server address (upper 0x0001, lower 0x0011) and a UA whose
 *          parameters use 2-octet values.
 * Facts of the standard: IEC 62056-46 (frame format type 3, addresses,
 * control field), ISO/IEC 13239 (CRC-16 check value 0x906E). */
#include <stdio.h>
#include <string.h>

#include <cosem/hdlc.h>

#include "test_util.h"

#define CAP "guruxc-client_guruxc-server_hdlc_noauth_getclock.txt"
#define MAXF 128

/* KM example 1: SNRM to upper 0x0001 / lower 0x0011, client 0x10. */
static const char km_snrm[] = "7E A0 0A 00 02 00 23 21 93 18 71 7E";
/* KM example 1: the UA, parameters with 2-octet information lengths. */
static const char km_ua[] = "7E A0 23 21 00 02 00 23 73 F6 C5 81 80 14 05 02 00 80 06 02 00 80"
                            " 07 04 00 00 00 01 08 04 00 00 00 01 CE 6A 7E";
/* KM example 2: the AARQ in an I-frame. */
static const char km_aarq[] = "7E A0 2E 00 02 00 23 21 10 7E CB E6 E6 00 60 1D A1 09 06 07 60 85 74"
                              " 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 30 1D FF FF"
                              " D4 C5 7E";

/* Decodes a whole captured frame (flags included), asserting success. */
static void decode_whole(const uint8_t *b, size_t n, cosem_hdlc_frame_t *f)
{
    cosem_hdlc_check_t chk = COSEM_HDLC_CHECK_FCS;
    ck_assert_uint_ge(n, 9);
    ck_assert_uint_eq(b[0], 0x7E);
    ck_assert_uint_eq(b[n - 1], 0x7E);
    ck_assert_int_eq(cosem_hdlc_frame_decode(b + 1, n - 2, f, &chk), COSEM_OK);
    ck_assert_int_eq(chk, COSEM_HDLC_CHECK_OK);
}

/* Encodes a frame and compares with the expected bytes. */
static void assert_encodes(const cosem_hdlc_frame_t *f, const uint8_t *want, size_t n)
{
    uint8_t out[2100];
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, f), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), want, n);
}

/* Finds the captured frame of a line. */
static const tu_frame_t *at_line(const tu_frame_t *fr, size_t n, int line)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (fr[i].line == line) {
            return &fr[i];
        }
    }
    ck_abort_msg("no frame on line %d", line);
    return NULL;
}

/* ---- CRC ------------------------------------------------------------------ */

START_TEST(fcs_check_value)
{
    /* CRC-16/X.25 check value (ISO/IEC 13239): "123456789" -> 0x906E. */
    ck_assert_uint_eq(cosem_hdlc_fcs((const uint8_t *)"123456789", 9), 0x906E);
    ck_assert_uint_eq(cosem_hdlc_fcs(NULL, 0), 0x0000);
}
END_TEST

START_TEST(fcs_hcs_of_capture)
{
    /* CAP line 6: A0 07 03 21 93 -> FCS 0F 01 (low octet first). */
    static const uint8_t snrm[] = {0xA0, 0x07, 0x03, 0x21, 0x93};
    /* CAP line 7: header A0 1E 21 03 73 -> HCS C3 7A. */
    static const uint8_t ua_hdr[] = {0xA0, 0x1E, 0x21, 0x03, 0x73};
    ck_assert_uint_eq(cosem_hdlc_fcs(snrm, sizeof snrm), 0x010F);
    ck_assert_uint_eq(cosem_hdlc_fcs(ua_hdr, sizeof ua_hdr), 0x7AC3);
}
END_TEST

/* ---- every frame of the capture ------------------------------------------ */

START_TEST(capture_decode_reencode)
{
    tu_frame_t fr[MAXF];
    size_t n = tu_vec_load(CAP, fr, MAXF), i;
    ck_assert_uint_eq(n, 82); /* lines 6..87 */
    for (i = 0; i < n; i++) {
        cosem_hdlc_frame_t f;
        bool c2s = fr[i].dir == 'C';
        decode_whole(fr[i].bytes, fr[i].len, &f);
        /* Client 0x10 (octet 0x21) <-> server upper 1 (octet 0x03). */
        ck_assert_uint_eq(f.dst.len, 1);
        ck_assert_uint_eq(f.src.len, 1);
        ck_assert_uint_eq(f.dst.upper, c2s ? 0x01 : 0x10);
        ck_assert_uint_eq(f.src.upper, c2s ? 0x10 : 0x01);
        ck_assert_msg(COSEM_HDLC_CTRL_PF(f.control) == 1, "line %d: P/F", fr[i].line);
        ck_assert_uint_eq(f.segmented, (fr[i].bytes[1] & 0x08) != 0);
        assert_encodes(&f, fr[i].bytes, fr[i].len);
    }
    tu_vec_free(fr, n);
}
END_TEST

START_TEST(capture_specific_frames)
{
    tu_frame_t fr[MAXF];
    size_t n = tu_vec_load(CAP, fr, MAXF);
    const tu_frame_t *t;
    cosem_hdlc_frame_t f;

    t = at_line(fr, n, 6); /* SNRM without parameters */
    decode_whole(t->bytes, t->len, &f);
    ck_assert_int_eq(cosem_hdlc_ctrl_kind(f.control), COSEM_HDLC_KIND_SNRM);
    ck_assert_uint_eq(f.control, 0x93);
    ck_assert_uint_eq(f.info_len, 0);
    ck_assert_ptr_null(f.info);

    t = at_line(fr, n, 7); /* UA with parameters */
    decode_whole(t->bytes, t->len, &f);
    ck_assert_int_eq(cosem_hdlc_ctrl_kind(f.control), COSEM_HDLC_KIND_UA);
    ck_assert_uint_eq(f.info_len, 21);

    t = at_line(fr, n, 8); /* I-frame N(S)=0 N(R)=0 P, AARQ with LLC E6 E6 00 */
    decode_whole(t->bytes, t->len, &f);
    ck_assert_int_eq(cosem_hdlc_ctrl_kind(f.control), COSEM_HDLC_KIND_I);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NS(f.control), 0);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NR(f.control), 0);
    ck_assert_uint_eq(f.info_len, 0x2B - 9);
    ck_assert_mem_eq(f.info, "\xE6\xE6\x00\x60", 4);

    t = at_line(fr, n, 9); /* the AARE answer, LLC E6 E7 00 */
    decode_whole(t->bytes, t->len, &f);
    ck_assert_mem_eq(f.info, "\xE6\xE7\x00\x61", 4);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NS(f.control), 0);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NR(f.control), 1);

    t = at_line(fr, n, 11); /* first segment: A8, N(S)=1 N(R)=2 F */
    decode_whole(t->bytes, t->len, &f);
    ck_assert(f.segmented);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NS(f.control), 1);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NR(f.control), 2);
    ck_assert_uint_eq(f.info_len, 125);

    t = at_line(fr, n, 12); /* RR N(R)=2 P between the segments */
    decode_whole(t->bytes, t->len, &f);
    ck_assert_int_eq(cosem_hdlc_ctrl_kind(f.control), COSEM_HDLC_KIND_RR);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NR(f.control), 2);
    ck_assert_uint_eq(f.control, COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 2, 1));

    t = at_line(fr, n, 17); /* last segment: A0, N(S)=4 */
    decode_whole(t->bytes, t->len, &f);
    ck_assert(!f.segmented);
    ck_assert_uint_eq(f.control, COSEM_HDLC_CTRL_I(4, 2, 1));

    t = at_line(fr, n, 86); /* DISC */
    decode_whole(t->bytes, t->len, &f);
    ck_assert_uint_eq(f.control, COSEM_HDLC_CTRL_U(COSEM_HDLC_DISC, 1));
    t = at_line(fr, n, 87); /* UA */
    decode_whole(t->bytes, t->len, &f);
    ck_assert_int_eq(cosem_hdlc_ctrl_kind(f.control), COSEM_HDLC_KIND_UA);
    tu_vec_free(fr, n);
}
END_TEST

START_TEST(four_octet_address)
{
    uint8_t b[128];
    size_t n;
    cosem_hdlc_frame_t f;
    cosem_hdlc_params_t p;

    n = tu_hex(km_snrm, b, sizeof b);
    decode_whole(b, n, &f);
    ck_assert_uint_eq(f.dst.len, 4);
    ck_assert_uint_eq(f.dst.upper, 0x0001);
    ck_assert_uint_eq(f.dst.lower, 0x0011);
    ck_assert_uint_eq(f.src.len, 1);
    ck_assert_uint_eq(f.src.upper, 0x10);
    assert_encodes(&f, b, n);

    n = tu_hex(km_ua, b, sizeof b);
    decode_whole(b, n, &f);
    ck_assert_uint_eq(f.src.len, 4);
    ck_assert_uint_eq(f.src.lower, 0x0011);
    ck_assert_int_eq(cosem_hdlc_params_decode(f.info, f.info_len, &p), COSEM_OK);
    ck_assert_uint_eq(p.max_info_tx, 128);
    ck_assert_uint_eq(p.max_info_rx, 128);
    ck_assert_uint_eq(p.window_tx, 1);
    ck_assert_uint_eq(p.window_rx, 1);
    assert_encodes(&f, b, n);

    n = tu_hex(km_aarq, b, sizeof b);
    decode_whole(b, n, &f);
    ck_assert_uint_eq(f.control, 0x10);
    ck_assert_uint_eq(f.info_len, 0x2E - 12); /* format 2, addresses 4+1, control, HCS, FCS */
    assert_encodes(&f, b, n);
}
END_TEST

START_TEST(four_octet_extremes)
{
    /* 14-bit parts at their limits survive encode/decode. */
    static const uint16_t v[] = {0x0000, 0x0001, 0x007F, 0x0080, 0x3FFE, 0x3FFF};
    size_t i, j;
    for (i = 0; i < 6; i++) {
        for (j = 0; j < 6; j++) {
            cosem_hdlc_frame_t f, g;
            uint8_t out[32];
            cosem_axdr_writer_t w;
            memset(&f, 0, sizeof f);
            f.dst.len = 4;
            f.dst.upper = v[i];
            f.dst.lower = v[j];
            f.src.len = 1;
            f.src.upper = 0x10;
            f.control = 0x93;
            cosem_axdr_writer_init(&w, out, sizeof out);
            ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_OK);
            ck_assert_uint_eq(cosem_axdr_writer_len(&w), 2 + 2 + 4 + 1 + 1 + 2);
            ck_assert_int_eq(cosem_hdlc_frame_decode(out + 1, 10, &g, NULL), COSEM_OK);
            ck_assert(cosem_hdlc_addr_equal(&g.dst, &f.dst));
            /* Every octet but the last has its extension bit clear. */
            ck_assert_uint_eq(out[3] & 1, 0);
            ck_assert_uint_eq(out[5] & 1, 0);
            ck_assert_uint_eq(out[6] & 1, 1);
        }
    }
}
END_TEST

/* ---- malformed frames ------------------------------------------------------ */

/* Decodes p..n and asserts the status and the failed check. */
static void assert_fails(const uint8_t *p, size_t n, cosem_status_t st, cosem_hdlc_check_t chk)
{
    cosem_hdlc_frame_t f;
    cosem_hdlc_check_t got = COSEM_HDLC_CHECK_OK;
    ck_assert_int_eq(cosem_hdlc_frame_decode(p, n, &f, &got), st);
    ck_assert_int_eq(got, chk);
}

/* Builds a frame (between flags) with fixed HCS/FCS from the given body. */
static size_t build_raw(uint8_t *o, const uint8_t *hdr, size_t hdr_n, const uint8_t *info,
                        size_t info_n)
{
    size_t n = hdr_n;
    uint16_t c;
    memcpy(o, hdr, hdr_n);
    if (info_n > 0) {
        c = cosem_hdlc_fcs(o, n);
        o[n++] = (uint8_t)c;
        o[n++] = (uint8_t)(c >> 8);
        memcpy(o + n, info, info_n);
        n += info_n;
    }
    c = cosem_hdlc_fcs(o, n);
    o[n++] = (uint8_t)c;
    o[n++] = (uint8_t)(c >> 8);
    return n;
}

START_TEST(malformed_each_check)
{
    uint8_t b[64];
    size_t n;
    /* CAP line 6 between the flags. */
    static const uint8_t snrm[] = {0xA0, 0x07, 0x03, 0x21, 0x93, 0x0F, 0x01};

    /* Format type other than 3. */
    memcpy(b, snrm, 7);
    b[0] = 0xB0;
    assert_fails(b, 7, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_FORMAT);
    /* Length field above / below the octets given. */
    assert_fails(snrm, 6, COSEM_E_TRUNCATED, COSEM_HDLC_CHECK_LENGTH);
    memcpy(b, snrm, 7);
    b[7] = 0x00;
    assert_fails(b, 8, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_LENGTH);
    assert_fails(snrm, 1, COSEM_E_TRUNCATED, COSEM_HDLC_CHECK_LENGTH);
    assert_fails(snrm, 0, COSEM_E_TRUNCATED, COSEM_HDLC_CHECK_LENGTH);
    /* Destination without an extension bit within 4 octets. */
    {
        static const uint8_t h[] = {0xA0, 0x0A, 0x02, 0x02, 0x02, 0x02, 0x21, 0x93};
        n = build_raw(b, h, sizeof h, NULL, 0);
        assert_fails(b, n, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_ADDRESS);
    }
    /* A 3-octet destination. */
    {
        static const uint8_t h[] = {0xA0, 0x09, 0x02, 0x02, 0x03, 0x21, 0x93};
        n = build_raw(b, h, sizeof h, NULL, 0);
        assert_fails(b, n, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_ADDRESS);
    }
    /* A 3-octet source. */
    {
        static const uint8_t h[] = {0xA0, 0x09, 0x03, 0x20, 0x20, 0x21, 0x93};
        n = build_raw(b, h, sizeof h, NULL, 0);
        assert_fails(b, n, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_ADDRESS);
    }
    /* Length too small for the header it announces (no control octet). */
    {
        static const uint8_t h[] = {0xA0, 0x04, 0x03, 0x21};
        n = build_raw(b, h, sizeof h, NULL, 0);
        b[1] = (uint8_t)n;
        assert_fails(b, n, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_LENGTH);
    }
    /* HCS present but no information octet (header + 4). */
    {
        static const uint8_t h[] = {0xA0, 0x09, 0x03, 0x21, 0x10};
        n = build_raw(b, h, sizeof h, NULL, 0);
        b[n++] = 0; /* 7 + 2 = 9 octets */
        b[n++] = 0;
        assert_fails(b, n, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_LENGTH);
    }
    /* HCS wrong, FCS right over the wrong HCS. */
    {
        static const uint8_t h[] = {0xA0, 0x0A, 0x03, 0x21, 0x10};
        static const uint8_t info[] = {0xE6};
        uint16_t c;
        n = build_raw(b, h, sizeof h, info, 1);
        b[5] ^= 0x01;
        c = cosem_hdlc_fcs(b, n - 2);
        b[n - 2] = (uint8_t)c;
        b[n - 1] = (uint8_t)(c >> 8);
        assert_fails(b, n, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_HCS);
    }
    /* FCS wrong. */
    memcpy(b, snrm, 7);
    b[6] ^= 0x80;
    assert_fails(b, 7, COSEM_E_MALFORMED, COSEM_HDLC_CHECK_FCS);
    /* NULL arguments. */
    {
        cosem_hdlc_frame_t f;
        ck_assert_int_eq(cosem_hdlc_frame_decode(snrm, 7, NULL, NULL), COSEM_E_ARG);
        ck_assert_int_eq(cosem_hdlc_frame_decode(NULL, 7, &f, NULL), COSEM_E_ARG);
    }
}
END_TEST

START_TEST(capture_prefixes_truncated)
{
    tu_frame_t fr[MAXF];
    size_t n = tu_vec_load(CAP, fr, MAXF), i, k;
    for (i = 0; i < n; i++) {
        for (k = 0; k < fr[i].len - 2; k++) {
            cosem_hdlc_frame_t f;
            ck_assert_int_eq(cosem_hdlc_frame_decode(fr[i].bytes + 1, k, &f, NULL),
                             COSEM_E_TRUNCATED);
        }
    }
    tu_vec_free(fr, n);
}
END_TEST

START_TEST(capture_every_bit_flip_detected)
{
    /* CRC-16 detects every single-bit error; the check that fires depends on
     * where the bit is (format, length, address, HCS or FCS). */
    tu_frame_t fr[MAXF];
    size_t n = tu_vec_load(CAP, fr, MAXF), i, k;
    unsigned bit, kinds[6] = {0};
    for (i = 0; i < n; i++) {
        uint8_t b[512];
        size_t len = fr[i].len - 2;
        memcpy(b, fr[i].bytes + 1, len);
        for (k = 0; k < len; k++) {
            for (bit = 0; bit < 8; bit++) {
                cosem_hdlc_frame_t f;
                cosem_hdlc_check_t chk = COSEM_HDLC_CHECK_OK;
                b[k] ^= (uint8_t)(1u << bit);
                ck_assert_int_ne(cosem_hdlc_frame_decode(b, len, &f, &chk), COSEM_OK);
                ck_assert_int_ne(chk, COSEM_HDLC_CHECK_OK);
                kinds[chk]++;
                b[k] ^= (uint8_t)(1u << bit);
            }
        }
    }
    /* Format, length, HCS and FCS failures all occur (an address error
     * needs more than one flipped extension bit with 1-octet addresses). */
    ck_assert_uint_gt(kinds[COSEM_HDLC_CHECK_FORMAT], 0);
    ck_assert_uint_gt(kinds[COSEM_HDLC_CHECK_LENGTH], 0);
    ck_assert_uint_gt(kinds[COSEM_HDLC_CHECK_HCS], 0);
    ck_assert_uint_gt(kinds[COSEM_HDLC_CHECK_FCS], 0);
    tu_vec_free(fr, n);
}
END_TEST

/* ---- encode ------------------------------------------------------------------ */

START_TEST(encode_errors)
{
    cosem_hdlc_frame_t f;
    uint8_t out[64], big[2100];
    cosem_axdr_writer_t w;
    memset(&f, 0, sizeof f);
    f.dst.len = 1;
    f.dst.upper = 1;
    f.src.len = 1;
    f.src.upper = 0x10;
    f.control = 0x93;

    /* Sizing writer counts the frame (CAP line 6: 9 octets). */
    cosem_axdr_writer_init_sizing(&w);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 9);
    /* Too small. */
    cosem_axdr_writer_init(&w, out, 8);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_axdr_writer_status(&w), COSEM_E_NOSPACE);
    /* Bad addresses. */
    f.dst.len = 3;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_ARG);
    f.dst.len = 1;
    f.dst.upper = 0x80;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_ARG);
    f.dst.upper = 1;
    f.dst.lower = 5; /* lower must be 0 in the 1-octet form */
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_ARG);
    f.dst.lower = 0;
    f.src.len = 4;
    f.src.upper = 0x4000;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_ARG);
    f.src.len = 1;
    f.src.upper = 0x10;
    /* info NULL with a length. */
    f.info_len = 3;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_ARG);
    /* Largest frame: 2047 octets between flags. 1+1+1+2+2+2 = 9 -> info 2038. */
    memset(big, 0x55, sizeof big);
    f.info = big;
    f.info_len = 2038;
    cosem_axdr_writer_init_sizing(&w);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 2049);
    f.info_len = 2039;
    cosem_axdr_writer_init_sizing(&w);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_RANGE);
    /* Sticky: a failed writer stays failed. */
    cosem_axdr_writer_init(&w, out, 4);
    f.info_len = 0;
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_E_NOSPACE);
}
END_TEST

START_TEST(encode_largest_round_trip)
{
    static uint8_t big[2040], out[2100];
    cosem_hdlc_frame_t f, g;
    cosem_axdr_writer_t w;
    size_t i;
    for (i = 0; i < sizeof big; i++) {
        big[i] = (uint8_t)(i * 7u);
    }
    memset(&f, 0, sizeof f);
    f.dst.len = 4;
    f.dst.upper = 0x3FFF;
    f.dst.lower = 0x1234;
    f.src.len = 1;
    f.src.upper = 0x7F;
    f.control = COSEM_HDLC_CTRL_I(5, 3, 0);
    f.segmented = true;
    f.info = big;
    f.info_len = 2047 - 2 - 5 - 1 - 4;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_frame_encode(&w, &f), COSEM_OK);
    ck_assert_uint_eq(out[1], 0xAF); /* A0 | S | length 0x7FF */
    ck_assert_uint_eq(out[2], 0xFF);
    ck_assert_int_eq(cosem_hdlc_frame_decode(out + 1, 2047, &g, NULL), COSEM_OK);
    ck_assert(g.segmented);
    ck_assert_uint_eq(g.info_len, f.info_len);
    ck_assert_mem_eq(g.info, big, g.info_len);
}
END_TEST

/* ---- control field ------------------------------------------------------------ */

START_TEST(control_kinds)
{
    unsigned c;
    for (c = 0; c < 256; c++) {
        cosem_hdlc_kind_t k = cosem_hdlc_ctrl_kind((uint8_t)c);
        cosem_hdlc_kind_t want = COSEM_HDLC_KIND_UNKNOWN;
        unsigned u = c & ~0x10u;
        if ((c & 1u) == 0) {
            want = COSEM_HDLC_KIND_I;
        } else if ((c & 0x0Fu) == 0x01u) {
            want = COSEM_HDLC_KIND_RR;
        } else if ((c & 0x0Fu) == 0x05u) {
            want = COSEM_HDLC_KIND_RNR;
        } else if (u == 0x83u) {
            want = COSEM_HDLC_KIND_SNRM;
        } else if (u == 0x43u) {
            want = COSEM_HDLC_KIND_DISC;
        } else if (u == 0x63u) {
            want = COSEM_HDLC_KIND_UA;
        } else if (u == 0x0Fu) {
            want = COSEM_HDLC_KIND_DM;
        } else if (u == 0x87u) {
            want = COSEM_HDLC_KIND_FRMR;
        } else if (u == 0x03u) {
            want = COSEM_HDLC_KIND_UI;
        }
        ck_assert_msg(k == want, "control %02X: %d, want %d", c, (int)k, (int)want);
    }
    /* REJ (09) and SREJ (0D) are not used by IEC 62056-46. */
    ck_assert_int_eq(cosem_hdlc_ctrl_kind(0x09), COSEM_HDLC_KIND_UNKNOWN);
    ck_assert_int_eq(cosem_hdlc_ctrl_kind(0x0D), COSEM_HDLC_KIND_UNKNOWN);
    /* Constructors against the captured octets (CAP lines 6, 7, 12, 18, 86). */
    ck_assert_uint_eq(COSEM_HDLC_CTRL_U(COSEM_HDLC_SNRM, 1), 0x93);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_U(COSEM_HDLC_UA, 1), 0x73);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, 2, 1), 0x51);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_I(2, 5, 1), 0xB4);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_U(COSEM_HDLC_DISC, 1), 0x53);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_U(COSEM_HDLC_DM, 1), 0x1F);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_U(COSEM_HDLC_FRMR, 1), 0x97);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_U(COSEM_HDLC_UI, 0), 0x03);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NS(0xB4), 2);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_NR(0xB4), 5);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_PF(0xB4), 1);
    ck_assert_uint_eq(COSEM_HDLC_CTRL_PF(0x52 & ~0x10), 0);
}
END_TEST

/* ---- addresses ------------------------------------------------------------------ */

START_TEST(addresses)
{
    cosem_hdlc_addr_t a = {1, 0, 1}, own1 = {1, 0, 1}, own2 = {1, 0x11, 2},
                      own4 = {1, 0x1234, 4};
    ck_assert(cosem_hdlc_addr_valid(&a));
    a.len = 0;
    ck_assert(!cosem_hdlc_addr_valid(&a));
    a.len = 3;
    ck_assert(!cosem_hdlc_addr_valid(&a));
    ck_assert(!cosem_hdlc_addr_valid(NULL));
    a.len = 2;
    a.lower = 0x80;
    ck_assert(!cosem_hdlc_addr_valid(&a));
    a.len = 4;
    ck_assert(cosem_hdlc_addr_valid(&a));
    a.upper = 0x4000;
    ck_assert(!cosem_hdlc_addr_valid(&a));

    /* All-station (IEC 62056-46): 0x7F in 7-bit fields, 0x3FFF in 14-bit ones. */
    a.len = 1;
    a.upper = COSEM_HDLC_ALL_STATION;
    a.lower = 0;
    ck_assert(cosem_hdlc_addr_is_broadcast_for(&a, &own1));
    ck_assert(cosem_hdlc_addr_is_broadcast_for(&a, &own4));
    ck_assert(!cosem_hdlc_addr_is_broadcast_for(&own1, &own1));
    a.len = 2;
    a.upper = COSEM_HDLC_ALL_STATION;
    a.lower = 0x11;
    ck_assert(cosem_hdlc_addr_is_broadcast_for(&a, &own2));
    a.lower = 0x12;
    ck_assert(!cosem_hdlc_addr_is_broadcast_for(&a, &own2));
    a.upper = 1;
    a.lower = COSEM_HDLC_ALL_STATION;
    ck_assert(cosem_hdlc_addr_is_broadcast_for(&a, &own2));
    a.upper = 2;
    ck_assert(!cosem_hdlc_addr_is_broadcast_for(&a, &own2));
    ck_assert(!cosem_hdlc_addr_is_broadcast_for(&own2, &own2));
    a.len = 4;
    a.upper = COSEM_HDLC_ALL_STATION_14;
    a.lower = COSEM_HDLC_ALL_STATION_14;
    ck_assert(cosem_hdlc_addr_is_broadcast_for(&a, &own4));
    ck_assert(!cosem_hdlc_addr_is_broadcast_for(&a, &own2)); /* other length */
    a.upper = COSEM_HDLC_ALL_STATION; /* 0x7F is an ordinary 14-bit value */
    ck_assert(!cosem_hdlc_addr_is_broadcast_for(&a, &own4));
    ck_assert(cosem_hdlc_addr_equal(&own2, &own2));
    ck_assert(!cosem_hdlc_addr_equal(&own1, &own2));
    ck_assert_uint_eq(COSEM_HDLC_CALLING, 0x7E);
    ck_assert_uint_eq(COSEM_HDLC_CALLING_14, 0x3FFE);
}
END_TEST

/* ---- parameter negotiation --------------------------------------------------------- */

START_TEST(params_gurux_ua)
{
    /* CAP line 7, information field of the UA. */
    static const char want_hex[] = "81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01";
    uint8_t want[32], out[32];
    size_t n = tu_hex(want_hex, want, sizeof want);
    cosem_hdlc_params_t p;
    cosem_axdr_writer_t w;
    ck_assert_int_eq(cosem_hdlc_params_decode(want, n, &p), COSEM_OK);
    ck_assert_uint_eq(p.max_info_tx, 128);
    ck_assert_uint_eq(p.max_info_rx, 128);
    ck_assert_uint_eq(p.window_tx, 1);
    ck_assert_uint_eq(p.window_rx, 1);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_params_encode(&w, &p), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), want, n);
    /* Defaults equal the decoded values. */
    cosem_hdlc_params_default(&p);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_params_encode(&w, &p), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), want, n);
}
END_TEST

START_TEST(params_forms)
{
    uint8_t b[64], out[64];
    size_t n;
    cosem_hdlc_params_t p;
    cosem_axdr_writer_t w;
    /* Absent field: defaults. */
    memset(&p, 0, sizeof p);
    ck_assert_int_eq(cosem_hdlc_params_decode(NULL, 0, &p), COSEM_OK);
    ck_assert_uint_eq(p.max_info_tx, 128);
    ck_assert_uint_eq(p.window_rx, 1);
    /* Only some parameters: the others default. 4-octet info length. */
    n = tu_hex("81 80 09 06 04 00 00 07 EE 08 01 07", b, sizeof b);
    ck_assert_int_eq(cosem_hdlc_params_decode(b, n, &p), COSEM_OK);
    ck_assert_uint_eq(p.max_info_tx, 128);
    ck_assert_uint_eq(p.max_info_rx, 2030);
    ck_assert_uint_eq(p.window_tx, 1);
    ck_assert_uint_eq(p.window_rx, 7);
    /* Unknown identifiers are skipped, whatever their length. */
    n = tu_hex("81 80 0B 01 05 AA BB CC DD EE 05 02 02 00", b, sizeof b);
    ck_assert_int_eq(cosem_hdlc_params_decode(b, n, &p), COSEM_OK);
    ck_assert_uint_eq(p.max_info_tx, 512);
    /* Saturation: a window of 0x100 reads as 255, an info length of 1 M as 65535. */
    n = tu_hex("81 80 0C 07 04 00 00 01 00 05 04 00 10 00 00", b, sizeof b);
    ck_assert_int_eq(cosem_hdlc_params_decode(b, n, &p), COSEM_OK);
    ck_assert_uint_eq(p.window_tx, 255);
    ck_assert_uint_eq(p.max_info_tx, 65535);
    /* Encoding a 2-octet information length and round trip. */
    p.max_info_tx = 2030;
    p.max_info_rx = 512;
    p.window_tx = 7;
    p.window_rx = 3;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_hdlc_params_encode(&w, &p), COSEM_OK);
    n = tu_hex("81 80 14 05 02 07 EE 06 02 02 00 07 04 00 00 00 07 08 04 00 00 00 03", b,
               sizeof b);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), b, n);
    {
        cosem_hdlc_params_t q;
        ck_assert_int_eq(cosem_hdlc_params_decode(out, n, &q), COSEM_OK);
        ck_assert_mem_eq(&q, &p, sizeof p);
    }
    /* Writer too small. */
    cosem_axdr_writer_init(&w, out, 10);
    ck_assert_int_eq(cosem_hdlc_params_encode(&w, &p), COSEM_E_NOSPACE);
}
END_TEST

START_TEST(params_malformed)
{
    static const struct {
        const char *hex;
        cosem_status_t st;
    } cases[] = {
        {"82 80 03 07 01 01", COSEM_E_MALFORMED},     /* format identifier */
        {"81 81 03 07 01 01", COSEM_E_MALFORMED},     /* group identifier */
        {"81 80 04 07 01 01", COSEM_E_TRUNCATED},     /* group longer than the field */
        {"81 80 02 07 01 01", COSEM_E_MALFORMED},     /* trailing octet after the group */
        {"81 80 02 07 00", COSEM_E_MALFORMED},        /* empty value */
        {"81 80 07 07 05 00 00 00 00 01", COSEM_E_MALFORMED}, /* 5-octet value */
        {"81 80 02 07 02", COSEM_E_TRUNCATED},        /* value runs past the end */
        {"81 80 01 07", COSEM_E_TRUNCATED},           /* no length */
        {"81 80", COSEM_E_TRUNCATED},                 /* no group length */
        {"81", COSEM_E_TRUNCATED},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t b[32];
        size_t n = tu_hex(cases[i].hex, b, sizeof b);
        cosem_hdlc_params_t p;
        ck_assert_msg(cosem_hdlc_params_decode(b, n, &p) == cases[i].st, "case %zu", i);
    }
    ck_assert_int_eq(cosem_hdlc_params_decode(NULL, 3, NULL), COSEM_E_ARG);
}
END_TEST

START_TEST(params_agree)
{
    cosem_hdlc_params_t peer = {512, 256, 7, 3}, own = {1024, 128, 4, 7}, ag;
    ck_assert_int_eq(cosem_hdlc_params_agree(&peer, &own, &ag), COSEM_OK);
    ck_assert_uint_eq(ag.max_info_tx, 256); /* min(peer rx 256, own tx 1024) */
    ck_assert_uint_eq(ag.max_info_rx, 128); /* min(peer tx 512, own rx 128) */
    ck_assert_uint_eq(ag.window_tx, 3);     /* min(peer rx 3, own tx 4) */
    ck_assert_uint_eq(ag.window_rx, 7);     /* min(peer tx 7, own rx 7) */
    /* A window above 7 and an info length above 2030 are reduced. */
    peer.window_tx = 200;
    peer.max_info_tx = 60000;
    ck_assert_int_eq(cosem_hdlc_params_agree(&peer, &own, &ag), COSEM_OK);
    ck_assert_uint_eq(ag.window_rx, 7);
    ck_assert_uint_eq(ag.max_info_rx, 128);
    /* Below the minimum: refused. */
    peer.max_info_rx = 31;
    ck_assert_int_eq(cosem_hdlc_params_agree(&peer, &own, &ag), COSEM_E_RANGE);
    peer.max_info_rx = 32;
    ck_assert_int_eq(cosem_hdlc_params_agree(&peer, &own, &ag), COSEM_OK);
    peer.window_rx = 0;
    ck_assert_int_eq(cosem_hdlc_params_agree(&peer, &own, &ag), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_hdlc_params_agree(NULL, &own, &ag), COSEM_E_ARG);
}
END_TEST

static Suite *hdlc_suite(void)
{
    Suite *s = suite_create("hdlc");
    TCase *t = tcase_create("codec");
    tcase_add_test(t, fcs_check_value);
    tcase_add_test(t, fcs_hcs_of_capture);
    tcase_add_test(t, capture_decode_reencode);
    tcase_add_test(t, capture_specific_frames);
    tcase_add_test(t, four_octet_address);
    tcase_add_test(t, four_octet_extremes);
    tcase_add_test(t, malformed_each_check);
    tcase_add_test(t, capture_prefixes_truncated);
    tcase_add_test(t, capture_every_bit_flip_detected);
    tcase_add_test(t, encode_errors);
    tcase_add_test(t, encode_largest_round_trip);
    tcase_add_test(t, control_kinds);
    tcase_add_test(t, addresses);
    tcase_add_test(t, params_gurux_ua);
    tcase_add_test(t, params_forms);
    tcase_add_test(t, params_malformed);
    tcase_add_test(t, params_agree);
    suite_add_tcase(s, t);
    return s;
}

TU_MAIN(hdlc_suite)
