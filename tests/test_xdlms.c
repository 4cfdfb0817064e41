/* SPDX-License-Identifier: Apache-2.0 */
/* xDLMS service codecs (GET/SET/ACTION, exception-response, notifications):
 * encoders against known bytes, decoders on the same bytes, round trips and
 * every malformed form.
 *
 * Sources of the bytes:
 * - tests/vectors/guruxpy-client_guruxc-server_wrapper_lls.txt (LLS below),
 *   tests/vectors/dlmscosem-client_guruxc-server_wrapper_noauth.txt (NOAUTH)
 *   and tests/vectors/guruxc-client_guruxc-server_hdlc_noauth_getclock.txt:
 *   cited by file and line; wrapper frames carry an 8-octet header.
 * - GXPY: generated with Gurux.DLMS.Python 1.0.197 (/work/peers/gxpy, an
 *   independent encoder: GXDLMSClient.readList / writeList / write / method
 *   with maxPduSize 64, GXDLMSNotify.generateDataNotificationMessages,
 *   GXDLMS.getLnMessages for EVENT_NOTIFICATION), interface type PDU.
 * - GXC: answers of the Gurux C server example (GuruxDLMS.c 11a4fefe,
 *   /work/peers/gxc) captured on 127.0.0.1 wrapper, LLS client 0x11,
 *   2026-11-21, to the requests shown next to them. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <cosem/apdu.h>

#include "test_util.h"

#define LLS "guruxpy-client_guruxc-server_wrapper_lls.txt"
#define NOAUTH "dlmscosem-client_guruxc-server_wrapper_noauth.txt"
#define WRAPPER_HDR 8u
#define MAX_FRAMES 64

static uint8_t g_out[1024];
static cosem_axdr_writer_t g_w;

static const cosem_attr_ref_t CLOCK_TIME = {8, {0, 0, 1, 0, 0, 255}, 2};
static const cosem_attr_ref_t CLOCK_ADJUST = {8, {0, 0, 1, 0, 0, 255}, 1};

/* Starts a fresh writer over g_out. */
static cosem_axdr_writer_t *w0(void)
{
    cosem_axdr_writer_init(&g_w, g_out, sizeof g_out);
    return &g_w;
}

/* Asserts the writer is fine and holds the hex bytes. */
static void assert_out(const char *hex)
{
    uint8_t want[512];
    size_t n = tu_hex(hex, want, sizeof want);
    ck_assert_int_eq(cosem_axdr_writer_status(&g_w), COSEM_OK);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), want, n);
}

/* Loads the APDU of the frame on a given line of a wrapper capture. */
static size_t vec_apdu(const char *file, int line, uint8_t *out, size_t cap)
{
    tu_frame_t f[MAX_FRAMES];
    size_t n = tu_vec_load(file, f, MAX_FRAMES), i, len = 0;
    bool found = false;
    for (i = 0; i < n; i++) {
        if (f[i].line == line) {
            ck_assert_uint_le(f[i].len - WRAPPER_HDR, cap);
            len = f[i].len - WRAPPER_HDR;
            memcpy(out, f[i].bytes + WRAPPER_HDR, len);
            found = true;
        }
    }
    tu_vec_free(f, n);
    ck_assert_msg(found, "%s: no frame on line %d", file, line);
    return len;
}

/* Slice equality with hex bytes. */
static void assert_slice(cosem_slice_t s, const char *hex)
{
    uint8_t want[256];
    size_t n = tu_hex(hex, want, sizeof want);
    ck_assert_ptr_nonnull(s.p);
    tu_assert_bytes(s.p, s.len, want, n);
}

static void assert_ref(const cosem_attr_ref_t *got, const cosem_attr_ref_t *want)
{
    ck_assert_uint_eq(got->class_id, want->class_id);
    ck_assert_mem_eq(got->obis, want->obis, 6);
    ck_assert_int_eq(got->id, want->id);
}

/* Decodes with the decoder of @p tag (so a truncation to 0 octets still
 * reaches the right one). */
static cosem_status_t decode_as(uint8_t tag, const uint8_t *p, size_t n)
{
    union {
        cosem_get_request_t gq;
        cosem_get_response_t gs;
        cosem_set_request_t sq;
        cosem_set_response_t ss;
        cosem_action_request_t aq;
        cosem_action_response_t as;
        cosem_notification_t nt;
    } u;
    uint8_t a, b;
    switch (tag) {
    case COSEM_APDU_GET_REQUEST: return cosem_get_request_decode(p, n, &u.gq);
    case COSEM_APDU_GET_RESPONSE: return cosem_get_response_decode(p, n, &u.gs);
    case COSEM_APDU_SET_REQUEST: return cosem_set_request_decode(p, n, &u.sq);
    case COSEM_APDU_SET_RESPONSE: return cosem_set_response_decode(p, n, &u.ss);
    case COSEM_APDU_ACTION_REQUEST: return cosem_action_request_decode(p, n, &u.aq);
    case COSEM_APDU_ACTION_RESPONSE: return cosem_action_response_decode(p, n, &u.as);
    case COSEM_APDU_EXCEPTION_RESPONSE: return cosem_exception_decode(p, n, &a, &b);
    default: return cosem_notification_decode(p, n, &u.nt);
    }
}

static cosem_status_t decode_hex(const char *hex)
{
    uint8_t b[512];
    size_t n = tu_hex(hex, b, sizeof b);
    return decode_as(n ? b[0] : 0, b, n);
}

/* Valid APDUs of every form: each is decoded whole, at every truncation and
 * with an extra octet. */
static const char *const VALID[] = {
    /* LLS line 12, 27; NOAUTH line 11 */
    "C0 01 C1 00 08 00 00 01 00 00 FF 02 00",
    "C0 01 C1 00 07 01 00 63 62 00 FF 02 01 01 02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F"
    " 02 12 00 00 09 0C 07 EA 0B 14 FF 08 36 19 00 00 00 00 09 0C 07 EA 0B 16 FF 08 36 19 00 00"
    " 00 00 01 00",
    "C0 02 C1 00 00 00 01",
    /* GXPY readList */
    "C0 03 C1 03 00 08 00 00 01 00 00 FF 02 00 00 03 01 00 01 08 00 FF 02 00 00 01 00 00 2A 00 00"
    " FF 02 00",
    /* LLS line 13, 28; GXC (two); with-datablock in the layout of NOAUTH
     * line 10 with short raw data, and with a data-access-result */
    "C4 01 C1 00 09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00",
    "C4 01 C1 00 01 03 02 02 09 0C 07 EA 0B 15 06 08 36 16 00 00 00 00 12 00 01 02 02 09 0C 07 EA"
    " 0B 15 06 08 36 16 00 00 00 00 12 00 80 02 02 09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00 12"
    " 00 02",
    "C4 01 C1 01 03",
    "C4 03 C1 02 00 09 06 00 00 2A 00 00 FF 01 04",
    "C4 02 C1 00 00 00 00 01 00 03 01 34 02",
    "C4 02 C1 01 00 00 00 05 01 13",
    /* LLS line 16; GXPY writeList, write with maxPduSize 64 */
    "C1 01 C1 00 08 00 00 01 00 00 FF 02 00 09 0C 07 EA 0B 15 FF 08 37 19 00 00 00 00",
    "C1 04 C1 02 00 01 00 00 2A 00 00 FF 02 00 00 03 01 00 01 08 00 FF 02 00 02 12 04 D2 11 05",
    "C1 02 C1 00 01 00 00 60 01 00 FF 02 00 00 00 00 00 01 03 09 64 00",
    "C1 03 C1 01 00 00 00 03 02 62 63",
    "C1 05 C1 01 00 01 00 00 2A 00 00 FF 02 00 01 00 00 00 01 03 09 01 41",
    /* LLS line 17; GXC */
    "C5 01 C1 00",
    "C5 02 C1 00 00 00 01",
    "C5 03 C1 00 00 00 00 03",
    "C5 04 C1 02 00 03 00 00 00 02",
    "C5 05 C1 02 03 0B",
    /* LLS line 20; GXPY method with maxPduSize 64 */
    "C3 01 C1 00 08 00 00 01 00 00 FF 01 01 0F 00",
    "C3 01 C1 00 08 00 00 01 00 00 FF 01 00",
    "C3 02 C1 00 00 00 01",
    "C3 03 C1 02 00 09 00 00 0A 00 00 FF 01 00 46 00 00 60 03 0A FF 01 02 0F 00 16 01",
    "C3 04 C1 00 09 00 00 0A 00 00 FF 01 00 00 00 00 01 02 09 64",
    "C3 05 C1 01 00 09 00 00 0A 00 00 FF 01 01 00 00 00 01 01 00",
    "C3 06 C1 00 00 00 00 02 02 2C 2D",
    /* LLS line 21 */
    "C7 01 C1 00 00",
    "C7 01 C1 00 01 00 11 05",
    "C7 01 C1 0B 01 01 0B",
    "C7 02 C1 01 00 00 00 01 03 01 02 03",
    "C7 03 C1 02 00 00 03 01 00 12 00 07",
    "C7 04 C1 00 00 00 01",
    /* NOAUTH line 28 */
    "D8 01 02",
    /* GXPY data notification, event notification */
    "0F C0 00 00 01 0C 07 EA 0B 15 FF 08 36 19 00 80 00 00 12 12 34",
    "0F C0 00 00 02 00 12 12 34",
    "C2 00 00 01 00 00 60 0B 00 FF 02 12 12 34",
    "C2 09 0C 07 EA 0B 15 FF 08 36 19 00 00 00 00 00 01 00 00 60 0B 00 FF 02 12 12 34",
};

/* ---- GET ------------------------------------------------------------- */

START_TEST(test_get_request_normal)
{
    uint8_t apdu[256];
    size_t n = vec_apdu(LLS, 12, apdu, sizeof apdu);
    cosem_get_request_t q;
    cosem_get_request_normal_encode(w0(), 0xC1, &CLOCK_TIME, NULL);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);
    ck_assert_int_eq(cosem_get_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_GET_NORMAL);
    ck_assert_uint_eq(q.invoke, 0xC1);
    ck_assert_uint_eq(COSEM_INVOKE_ID(q.invoke), 1);
    ck_assert(q.invoke & COSEM_INVOKE_CONFIRMED);
    assert_ref(&q.ref, &CLOCK_TIME);
    ck_assert_uint_eq(q.sel.selector, 0);
    ck_assert_ptr_null(q.sel.params.p);
}
END_TEST

/* Profile read with a range descriptor: LLS line 27. */
START_TEST(test_get_request_selective)
{
    uint8_t apdu[256];
    size_t n = vec_apdu(LLS, 27, apdu, sizeof apdu);
    static const cosem_attr_ref_t pg = {7, {1, 0, 99, 98, 0, 255}, 2};
    cosem_get_request_t q;
    ck_assert_int_eq(cosem_get_request_decode(apdu, n, &q), COSEM_OK);
    assert_ref(&q.ref, &pg);
    ck_assert_uint_eq(q.sel.selector, 1);
    /* access-parameters: the whole range structure, to the end but for
     * nothing (the APDU ends with the selected-values array `01 00`) */
    ck_assert_ptr_eq(q.sel.params.p, apdu + 14);
    ck_assert_uint_eq(q.sel.params.len, n - 14);
    ck_assert_uint_eq(q.sel.params.p[0], COSEM_AXDR_STRUCTURE);
    cosem_get_request_normal_encode(w0(), 0xC1, &q.ref, &q.sel);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);
}
END_TEST

/* GET-next requests of NOAUTH lines 11..25 and the with-datablock answers
 * of lines 10..26: block numbers 1..9, last-block only on block 9. */
START_TEST(test_get_block_transfer)
{
    tu_frame_t f[MAX_FRAMES];
    size_t n = tu_vec_load(NOAUTH, f, MAX_FRAMES), i;
    uint32_t want_block = 1;
    for (i = 0; i < n; i++) {
        const uint8_t *a = f[i].bytes + WRAPPER_HDR;
        size_t alen = f[i].len - WRAPPER_HDR;
        if (f[i].line < 10 || f[i].line > 26) {
            continue;
        }
        if (f[i].dir == 'C') {
            cosem_get_request_t q;
            ck_assert_int_eq(cosem_get_request_decode(a, alen, &q), COSEM_OK);
            ck_assert_uint_eq(q.type, COSEM_GET_NEXT);
            ck_assert_uint_eq(q.block, want_block - 1);
            cosem_get_request_next_encode(w0(), 0xC1, q.block);
            tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), a, alen);
        } else {
            cosem_get_response_t r;
            ck_assert_int_eq(cosem_get_response_decode(a, alen, &r), COSEM_OK);
            ck_assert_uint_eq(r.type, COSEM_GET_NEXT);
            ck_assert_uint_eq(r.block.number, want_block);
            ck_assert(r.block.last == (want_block == 9));
            ck_assert(r.block.ok);
            ck_assert_uint_eq(alen - r.block.raw.len,
                              cosem_get_response_block_overhead(r.block.raw.len));
            cosem_get_response_block_encode(w0(), 0xC1, r.block.last, r.block.number,
                                            r.block.raw.p, r.block.raw.len, COSEM_DAR_SUCCESS);
            tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), a, alen);
            want_block++;
        }
    }
    tu_vec_free(f, n);
    ck_assert_uint_eq(want_block, 10);
}
END_TEST

START_TEST(test_get_response_normal)
{
    uint8_t apdu[256];
    size_t n = vec_apdu(LLS, 13, apdu, sizeof apdu);
    cosem_get_response_t r;
    ck_assert_int_eq(cosem_get_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.type, COSEM_GET_NORMAL);
    ck_assert_uint_eq(r.invoke, 0xC1);
    ck_assert(r.result.ok);
    assert_slice(r.result.data, "09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00");
    cosem_get_response_normal_begin(w0(), 0xC1);
    cosem_axdr_put_bytes(&g_w, r.result.data.p, r.result.data.len);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);

    /* GXC answer to C0 01 C1 00 01 00 09 09 09 09 09 02 00 */
    ck_assert_int_eq(decode_hex("C4 01 C1 01 03"), COSEM_OK);
    cosem_get_response_normal_error(w0(), 0xC1, COSEM_DAR_READ_WRITE_DENIED);
    assert_out("C4 01 C1 01 03");
    tu_hex("C4 01 C1 01 03", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_get_response_decode(apdu, 5, &r), COSEM_OK);
    ck_assert(!r.result.ok);
    ck_assert_uint_eq(r.result.dar, COSEM_DAR_READ_WRITE_DENIED);
    ck_assert_ptr_null(r.result.data.p);
}
END_TEST

START_TEST(test_get_with_list)
{
    static const cosem_attr_ref_t refs[3] = {
        {8, {0, 0, 1, 0, 0, 255}, 2}, {3, {1, 0, 1, 8, 0, 255}, 2}, {1, {0, 0, 42, 0, 0, 255}, 2}};
    const char *gxpy = "C0 03 C1 03 00 08 00 00 01 00 00 FF 02 00 00 03 01 00 01 08 00 FF 02 00"
                       " 00 01 00 00 2A 00 00 FF 02 00";
    /* GXC answer to C0 03 C1 02 (1 0.0.42.0.0.255 2) (1 0.0.42.0.0.255 1) */
    const char *gxc = "C4 03 C1 02 00 09 10 47 52 58 30 30 30 30 30 30 30 31 32 33 34 35 36 00"
                      " 09 06 00 00 2A 00 00 FF";
    uint8_t apdu[128];
    size_t n = tu_hex(gxpy, apdu, sizeof apdu), i;
    cosem_get_request_t q;
    cosem_get_response_t r;
    cosem_axdr_reader_t rd;
    cosem_get_request_list_encode(w0(), 0xC1, refs, NULL, 3);
    assert_out(gxpy);
    ck_assert_int_eq(cosem_get_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_GET_WITH_LIST);
    ck_assert_uint_eq(q.count, 3);
    ck_assert_ptr_eq(q.list.p, apdu + 4);
    ck_assert_uint_eq(q.list.len, n - 4);
    cosem_axdr_reader_init(&rd, q.list.p, q.list.len);
    for (i = 0; i < 3; i++) {
        cosem_attr_ref_t ref;
        cosem_selection_t sel;
        ck_assert_int_eq(cosem_apdu_read_attr_sel(&rd, &ref, &sel), COSEM_OK);
        assert_ref(&ref, &refs[i]);
        ck_assert_uint_eq(sel.selector, 0);
    }
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&rd), COSEM_OK);

    n = tu_hex(gxc, apdu, sizeof apdu);
    ck_assert_int_eq(cosem_get_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.type, COSEM_GET_WITH_LIST);
    ck_assert_uint_eq(r.count, 2);
    cosem_axdr_reader_init(&rd, r.list.p, r.list.len);
    {
        cosem_data_result_t d;
        ck_assert_int_eq(cosem_apdu_read_data_result(&rd, &d), COSEM_OK);
        ck_assert(d.ok);
        assert_slice(d.data, "09 10 47 52 58 30 30 30 30 30 30 30 31 32 33 34 35 36");
        ck_assert_int_eq(cosem_apdu_read_data_result(&rd, &d), COSEM_OK);
        assert_slice(d.data, "09 06 00 00 2A 00 00 FF");
        ck_assert_int_eq(cosem_axdr_reader_expect_end(&rd), COSEM_OK);
    }
    cosem_get_response_list_begin(w0(), 0xC1, r.count);
    cosem_axdr_put_bytes(&g_w, r.list.p, r.list.len);
    assert_out(gxc);

    /* GXC: second element object-undefined (`01 04`) */
    n = tu_hex("C4 03 C1 02 00 09 06 00 00 2A 00 00 FF 01 04", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_get_response_decode(apdu, n, &r), COSEM_OK);
    cosem_axdr_reader_init(&rd, r.list.p, r.list.len);
    {
        cosem_data_result_t d;
        cosem_apdu_read_data_result(&rd, &d);
        ck_assert_int_eq(cosem_apdu_read_data_result(&rd, &d), COSEM_OK);
        ck_assert(!d.ok);
        ck_assert_uint_eq(d.dar, COSEM_DAR_OBJECT_UNDEFINED);
    }
}
END_TEST

START_TEST(test_get_list_with_selection)
{
    static const cosem_attr_ref_t refs[2] = {{7, {1, 0, 99, 1, 0, 255}, 2},
                                             {1, {0, 0, 42, 0, 0, 255}, 2}};
    static const uint8_t entry[] = {0x02, 0x04, 0x06, 0, 0, 0, 1, 0x06, 0, 0, 0, 2,
                                    0x12, 0, 1, 0x12, 0, 0};
    cosem_selection_t sels[2];
    cosem_get_request_t q;
    cosem_axdr_reader_t rd;
    cosem_attr_ref_t ref;
    cosem_selection_t sel;
    memset(sels, 0, sizeof sels);
    sels[0].selector = 2;
    sels[0].params.p = entry;
    sels[0].params.len = sizeof entry;
    cosem_get_request_list_encode(w0(), 0xC2, refs, sels, 2);
    /* Green Book layout: count, then descriptor + `01 selector params` / `00` */
    assert_out("C0 03 C2 02 00 07 01 00 63 01 00 FF 02 01 02 02 04 06 00 00 00 01 06 00 00 00"
               " 02 12 00 01 12 00 00 00 01 00 00 2A 00 00 FF 02 00");
    ck_assert_int_eq(cosem_get_request_decode(g_out, cosem_axdr_writer_len(&g_w), &q), COSEM_OK);
    cosem_axdr_reader_init(&rd, q.list.p, q.list.len);
    ck_assert_int_eq(cosem_apdu_read_attr_sel(&rd, &ref, &sel), COSEM_OK);
    ck_assert_uint_eq(sel.selector, 2);
    tu_assert_bytes(sel.params.p, sel.params.len, entry, sizeof entry);
}
END_TEST

/* ---- SET ------------------------------------------------------------- */

START_TEST(test_set_normal)
{
    uint8_t apdu[256];
    size_t n = vec_apdu(LLS, 16, apdu, sizeof apdu);
    cosem_set_request_t q;
    cosem_set_response_t r;
    ck_assert_int_eq(cosem_set_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_SET_NORMAL);
    assert_ref(&q.ref, &CLOCK_TIME);
    assert_slice(q.value, "09 0C 07 EA 0B 15 FF 08 37 19 00 00 00 00");
    cosem_set_request_normal_encode(w0(), 0xC1, &CLOCK_TIME, NULL, q.value.p, q.value.len);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);

    n = vec_apdu(LLS, 17, apdu, sizeof apdu);
    ck_assert_int_eq(cosem_set_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.type, COSEM_SET_RES_NORMAL);
    ck_assert_uint_eq(r.dar, COSEM_DAR_SUCCESS);
    cosem_set_response_normal_encode(w0(), 0xC1, COSEM_DAR_SUCCESS);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);
}
END_TEST

/* GXPY write of a 100-octet octet-string with maxPduSize 64: three blocks. */
START_TEST(test_set_datablocks)
{
    static const cosem_attr_ref_t ref = {1, {0, 0, 96, 1, 0, 255}, 2};
    uint8_t value[102], got[128], apdu[128];
    size_t i, total = 0, n;
    cosem_set_request_t q;
    value[0] = 0x09;
    value[1] = 100;
    for (i = 0; i < 100; i++) {
        value[2 + i] = (uint8_t)i;
    }
    cosem_set_request_block_encode(w0(), 0xC1, &ref, NULL, false, 1, value, 45);
    assert_out("C1 02 C1 00 01 00 00 60 01 00 FF 02 00 00 00 00 00 01 2D 09 64 00 01 02 03 04 05"
               " 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F 20"
               " 21 22 23 24 25 26 27 28 29 2A");
    cosem_set_request_block_encode(w0(), 0xC1, NULL, NULL, false, 2, value + 45, 55);
    assert_out("C1 03 C1 00 00 00 00 02 37 2B 2C 2D 2E 2F 30 31 32 33 34 35 36 37 38 39 3A 3B 3C"
               " 3D 3E 3F 40 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F 50 51 52 53 54 55 56 57"
               " 58 59 5A 5B 5C 5D 5E 5F 60 61");
    cosem_set_request_block_encode(w0(), 0xC1, NULL, NULL, true, 3, value + 100, 2);
    assert_out("C1 03 C1 01 00 00 00 03 02 62 63");

    /* Decode the three and reassemble the value. */
    for (i = 1; i <= 3; i++) {
        cosem_set_request_block_encode(w0(), 0xC1, i == 1 ? &ref : NULL, NULL, i == 3,
                                       (uint32_t)i, value + (i == 1 ? 0 : i == 2 ? 45 : 100),
                                       i == 1 ? 45 : i == 2 ? 55 : 2);
        n = cosem_axdr_writer_len(&g_w);
        memcpy(apdu, g_out, n);
        ck_assert_int_eq(cosem_set_request_decode(apdu, n, &q), COSEM_OK);
        ck_assert_uint_eq(q.type, i == 1 ? COSEM_SET_WITH_FIRST_DATABLOCK
                                         : COSEM_SET_WITH_DATABLOCK);
        ck_assert_uint_eq(q.block.number, i);
        ck_assert(q.block.last == (i == 3));
        if (i == 1) {
            assert_ref(&q.ref, &ref);
        }
        memcpy(got + total, q.block.raw.p, q.block.raw.len);
        total += q.block.raw.len;
    }
    tu_assert_bytes(got, total, value, sizeof value);
}
END_TEST

START_TEST(test_set_with_list)
{
    static const cosem_attr_ref_t refs[2] = {{1, {0, 0, 42, 0, 0, 255}, 2},
                                             {3, {1, 0, 1, 8, 0, 255}, 2}};
    static const uint8_t values[] = {0x12, 0x04, 0xD2, 0x11, 0x05};
    const char *gxpy = "C1 04 C1 02 00 01 00 00 2A 00 00 FF 02 00 00 03 01 00 01 08 00 FF 02 00"
                       " 02 12 04 D2 11 05";
    uint8_t apdu[128];
    size_t n;
    cosem_set_request_t q;
    cosem_set_response_t r;
    cosem_set_request_list_encode(w0(), 0xC1, refs, NULL, 2, values, sizeof values);
    assert_out(gxpy);
    n = tu_hex(gxpy, apdu, sizeof apdu);
    ck_assert_int_eq(cosem_set_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_SET_WITH_LIST);
    ck_assert_uint_eq(q.count, 2);
    ck_assert_uint_eq(q.list.len, 20);
    tu_assert_bytes(q.values.p, q.values.len, values, sizeof values);

    /* GXC answer to a SET with-list: read-write-denied, object-unavailable */
    n = tu_hex("C5 05 C1 02 03 0B", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_set_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.type, COSEM_SET_RES_WITH_LIST);
    ck_assert_uint_eq(r.count, 2);
    assert_slice(r.list, "03 0B");
    cosem_set_response_list_encode(w0(), 0xC1, r.list.p, r.count, 0);
    assert_out("C5 05 C1 02 03 0B");
}
END_TEST

/* Forms no peer produced: built from the Green Book layout, round-tripped. */
START_TEST(test_set_responses_blocks)
{
    static const uint8_t dars[2] = {0, 3};
    uint8_t apdu[64];
    size_t n;
    cosem_set_response_t r;
    cosem_set_request_t q;
    cosem_set_response_block_encode(w0(), 0xC1, 7);
    assert_out("C5 02 C1 00 00 00 07");
    cosem_set_response_last_block_encode(w0(), 0xC1, COSEM_DAR_TYPE_UNMATCHED, 8);
    assert_out("C5 03 C1 0C 00 00 00 08");
    n = cosem_axdr_writer_len(&g_w);
    memcpy(apdu, g_out, n);
    ck_assert_int_eq(cosem_set_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.type, COSEM_SET_RES_LAST_DATABLOCK);
    ck_assert_uint_eq(r.dar, COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(r.block, 8);
    cosem_set_response_list_encode(w0(), 0xC1, dars, 2, 2);
    assert_out("C5 04 C1 02 00 03 00 00 00 02");
    n = cosem_axdr_writer_len(&g_w);
    memcpy(apdu, g_out, n);
    ck_assert_int_eq(cosem_set_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.type, COSEM_SET_RES_LAST_DATABLOCK_LIST);
    ck_assert_uint_eq(r.count, 2);
    ck_assert_uint_eq(r.block, 2);
    assert_slice(r.list, "00 03");

    n = tu_hex("C1 05 C1 01 00 01 00 00 2A 00 00 FF 02 00 01 00 00 00 01 03 09 01 41", apdu,
               sizeof apdu);
    ck_assert_int_eq(cosem_set_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_SET_WITH_LIST_FIRST_DATABLOCK);
    ck_assert_uint_eq(q.count, 1);
    ck_assert_uint_eq(q.list.len, 10);
    ck_assert(q.block.last);
    ck_assert_uint_eq(q.block.number, 1);
    assert_slice(q.block.raw, "09 01 41");
}
END_TEST

/* ---- ACTION ---------------------------------------------------------- */

START_TEST(test_action_normal)
{
    uint8_t apdu[64];
    size_t n = vec_apdu(LLS, 20, apdu, sizeof apdu);
    cosem_action_request_t q;
    cosem_action_response_t r;
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_ACTION_NORMAL);
    assert_ref(&q.ref, &CLOCK_ADJUST);
    ck_assert(q.has_params);
    assert_slice(q.params, "0F 00");
    cosem_action_request_normal_encode(w0(), 0xC1, &CLOCK_ADJUST, q.params.p, q.params.len);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);
    cosem_action_request_normal_encode(w0(), 0xC1, &CLOCK_ADJUST, NULL, 0);
    assert_out("C3 01 C1 00 08 00 00 01 00 00 FF 01 00");

    n = vec_apdu(LLS, 21, apdu, sizeof apdu);
    ck_assert_int_eq(cosem_action_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.type, COSEM_ACTION_RES_NORMAL);
    ck_assert_uint_eq(r.result, COSEM_DAR_SUCCESS);
    ck_assert(!r.has_return);
    cosem_action_response_normal_begin(w0(), 0xC1, COSEM_DAR_SUCCESS, false);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);

    cosem_action_response_normal_begin(w0(), 0xC1, COSEM_DAR_SUCCESS, true);
    cosem_axdr_write_u8(&g_w, 5);
    assert_out("C7 01 C1 00 01 00 11 05");
    ck_assert_int_eq(cosem_action_response_decode(g_out, cosem_axdr_writer_len(&g_w), &r),
                     COSEM_OK);
    ck_assert(r.has_return);
    ck_assert(r.ret.ok);
    assert_slice(r.ret.data, "11 05");
    n = tu_hex("C7 01 C1 0B 01 01 0B", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_action_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.result, COSEM_DAR_OBJECT_UNAVAILABLE);
    ck_assert(r.has_return && !r.ret.ok);
    ck_assert_uint_eq(r.ret.dar, COSEM_DAR_OBJECT_UNAVAILABLE);

    /* Gurux answers a refused method with `C7 01 C1 04`: no presence octet
     * for the return parameters (issue #19): "no return data". */
    n = tu_hex("C7 01 C1 04", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_action_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.result, COSEM_DAR_OBJECT_UNDEFINED);
    ck_assert(!r.has_return);
    /* EPRI DLMS-COSEM's client ends action-request-normal after the method
     * descriptor (no parameter-present octet): "no parameter". */
    n = tu_hex("C3 01 C1 00 08 00 00 01 00 00 FF 01", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK);
    assert_ref(&q.ref, &CLOCK_ADJUST);
    ck_assert(!q.has_params);
    /* With a parameter, EPRI's client writes the Data alone, without the
     * presence octet (tests/vectors/epri-client_libcosem-meter_wrapper_action.txt):
     * taken as the parameter when the rest is exactly one Data. */
    n = tu_hex("C3 01 40 00 08 00 00 01 00 00 FF 01 0F 00", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert(q.has_params);
    tu_assert_bytes(q.params.p, q.params.len, apdu + 12, 2);
    n = tu_hex("C3 01 40 00 08 00 00 01 00 00 FF 01 01 0F 00", apdu, sizeof apdu); /* standard */
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK);
    tu_assert_bytes(q.params.p, q.params.len, apdu + 13, 2);
    n = tu_hex("C3 01 40 00 08 00 00 01 00 00 FF 01 01 02 02 11 05 11 06", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK); /* present, a structure */
    tu_assert_bytes(q.params.p, q.params.len, apdu + 13, 6);
    n = tu_hex("C3 01 40 00 08 00 00 01 00 00 FF 01 01 02 11 05 11 06", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK); /* EPRI: an array */
    tu_assert_bytes(q.params.p, q.params.len, apdu + 12, 6);
    /* Anything that is neither form is still refused. */
    ck_assert_int_eq(decode_hex("C3 01 C1 00 08 00 00 01 00 00 FF 01 02"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C3 01 C1 00 08 00 00 01 00 00 FF 01 0F"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C3 01 C1 00 08 00 00 01 00 00 FF 01 0F 00 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C7 01 C1 04 02"), COSEM_E_MALFORMED);
}
END_TEST

/* GXPY method of a 100-octet parameter with maxPduSize 64: two pblocks. */
START_TEST(test_action_pblocks)
{
    static const cosem_attr_ref_t ref = {9, {0, 0, 10, 0, 0, 255}, 1};
    uint8_t param[102], apdu[128];
    size_t i, n;
    cosem_action_request_t q;
    param[0] = 0x09;
    param[1] = 100;
    for (i = 0; i < 100; i++) {
        param[2 + i] = (uint8_t)i;
    }
    cosem_action_request_block_encode(w0(), 0xC1, &ref, false, 1, param, 46);
    assert_out("C3 04 C1 00 09 00 00 0A 00 00 FF 01 00 00 00 00 01 2E 09 64 00 01 02 03 04 05 06"
               " 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F 20 21"
               " 22 23 24 25 26 27 28 29 2A 2B");
    n = cosem_axdr_writer_len(&g_w);
    memcpy(apdu, g_out, n);
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_ACTION_WITH_FIRST_PBLOCK);
    assert_ref(&q.ref, &ref);
    ck_assert(!q.pblock.last);
    ck_assert_uint_eq(q.pblock.number, 1);
    tu_assert_bytes(q.pblock.raw.p, q.pblock.raw.len, param, 46);
    cosem_action_request_block_encode(w0(), 0xC1, NULL, true, 2, param + 46, 56);
    assert_out("C3 06 C1 01 00 00 00 02 38 2C 2D 2E 2F 30 31 32 33 34 35 36 37 38 39 3A 3B 3C 3D"
               " 3E 3F 40 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F 50 51 52 53 54 55 56 57 58"
               " 59 5A 5B 5C 5D 5E 5F 60 61 62 63");
    n = cosem_axdr_writer_len(&g_w);
    memcpy(apdu, g_out, n);
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_ACTION_WITH_PBLOCK);
    ck_assert(q.pblock.last);
    tu_assert_bytes(q.pblock.raw.p, q.pblock.raw.len, param + 46, 56);

    /* Server side: pblock acknowledgement and long return parameters. */
    cosem_action_response_next_encode(w0(), 0xC1, 1);
    assert_out("C7 04 C1 00 00 00 01");
    cosem_action_request_next_encode(w0(), 0xC1, 1);
    assert_out("C3 02 C1 00 00 00 01");
    cosem_action_response_block_encode(w0(), 0xC1, true, 1, param + 99, 3);
    assert_out("C7 02 C1 01 00 00 00 01 03 61 62 63");
    {
        cosem_action_response_t r;
        n = cosem_axdr_writer_len(&g_w);
        memcpy(apdu, g_out, n);
        ck_assert_int_eq(cosem_action_response_decode(apdu, n, &r), COSEM_OK);
        ck_assert_uint_eq(r.type, COSEM_ACTION_RES_WITH_PBLOCK);
        ck_assert(r.pblock.last);
        ck_assert_uint_eq(r.pblock.number, 1);
        assert_slice(r.pblock.raw, "61 62 63");
        n = tu_hex("C7 04 C1 00 00 00 09", apdu, sizeof apdu);
        ck_assert_int_eq(cosem_action_response_decode(apdu, n, &r), COSEM_OK);
        ck_assert_uint_eq(r.type, COSEM_ACTION_RES_NEXT_PBLOCK);
        ck_assert_uint_eq(r.block, 9);
    }
}
END_TEST

START_TEST(test_action_with_list)
{
    static const cosem_attr_ref_t refs[2] = {{9, {0, 0, 10, 0, 0, 255}, 1},
                                             {70, {0, 0, 96, 3, 10, 255}, 1}};
    static const uint8_t values[] = {0x0F, 0x00, 0x16, 0x01};
    uint8_t apdu[128];
    size_t n;
    cosem_action_request_t q;
    cosem_action_response_t r;
    cosem_axdr_reader_t rd;
    cosem_attr_ref_t ref;
    uint8_t result = 0xFF;
    bool has = true;
    cosem_data_result_t ret;
    cosem_action_request_list_encode(w0(), 0xC1, refs, 2, values, sizeof values);
    assert_out("C3 03 C1 02 00 09 00 00 0A 00 00 FF 01 00 46 00 00 60 03 0A FF 01 02 0F 00 16 01");
    n = cosem_axdr_writer_len(&g_w);
    memcpy(apdu, g_out, n);
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_ACTION_WITH_LIST);
    ck_assert_uint_eq(q.count, 2);
    cosem_axdr_reader_init(&rd, q.list.p, q.list.len);
    cosem_apdu_read_attr(&rd, &ref);
    ck_assert_int_eq(cosem_apdu_read_attr(&rd, &ref), COSEM_OK);
    assert_ref(&ref, &refs[1]);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&rd), COSEM_OK);
    tu_assert_bytes(q.values.p, q.values.len, values, sizeof values);

    cosem_action_response_list_begin(w0(), 0xC1, 2);
    cosem_axdr_put_bytes(&g_w, "\x00\x00\x03\x01\x00\x12\x00\x07", 8);
    n = cosem_axdr_writer_len(&g_w);
    memcpy(apdu, g_out, n);
    ck_assert_int_eq(cosem_action_response_decode(apdu, n, &r), COSEM_OK);
    ck_assert_uint_eq(r.type, COSEM_ACTION_RES_WITH_LIST);
    ck_assert_uint_eq(r.count, 2);
    cosem_axdr_reader_init(&rd, r.list.p, r.list.len);
    ck_assert_int_eq(cosem_apdu_read_action_result(&rd, &result, &has, &ret), COSEM_OK);
    ck_assert_uint_eq(result, 0);
    ck_assert(!has);
    ck_assert_int_eq(cosem_apdu_read_action_result(&rd, &result, &has, &ret), COSEM_OK);
    ck_assert_uint_eq(result, 3);
    ck_assert(has && ret.ok);
    assert_slice(ret.data, "12 00 07");

    n = tu_hex("C3 05 C1 01 00 09 00 00 0A 00 00 FF 01 01 00 00 00 01 01 00", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_action_request_decode(apdu, n, &q), COSEM_OK);
    ck_assert_uint_eq(q.type, COSEM_ACTION_WITH_LIST_FIRST_PBLOCK);
    ck_assert_uint_eq(q.count, 1);
    ck_assert(q.pblock.last);
    assert_slice(q.pblock.raw, "00");
}
END_TEST

/* ---- Exception and notifications ------------------------------------- */

START_TEST(test_exception)
{
    uint8_t apdu[32], state = 0, service = 0;
    size_t n = vec_apdu(NOAUTH, 28, apdu, sizeof apdu);
    ck_assert_int_eq(cosem_exception_decode(apdu, n, &state, &service), COSEM_OK);
    ck_assert_uint_eq(state, COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED);
    ck_assert_uint_eq(service, COSEM_SERVICE_ERROR_NOT_SUPPORTED);
    cosem_exception_encode(w0(), COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED,
                           COSEM_SERVICE_ERROR_NOT_SUPPORTED);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);
    /* invocation-counter-error with and without its Unsigned32 */
    n = tu_hex("D8 01 06 00 00 00 05", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_exception_decode(apdu, n, &state, &service), COSEM_OK);
    ck_assert_uint_eq(service, COSEM_SERVICE_ERROR_INVOCATION_COUNTER);
    ck_assert_int_eq(cosem_exception_decode(apdu, 3, &state, &service), COSEM_OK);
    ck_assert_int_eq(cosem_exception_decode(apdu, 5, &state, &service), COSEM_E_TRUNCATED);
    ck_assert_int_eq(decode_hex("D8 01 05 00 00 00 05"), COSEM_E_TRAILING);
    ck_assert_int_eq(decode_hex("D8 01"), COSEM_E_TRUNCATED);
    ck_assert_int_eq(cosem_exception_decode(apdu, 0, &state, &service), COSEM_E_TRUNCATED);
}
END_TEST

START_TEST(test_data_notification)
{
    const char *with_time = "0F C0 00 00 01 0C 07 EA 0B 15 FF 08 36 19 00 80 00 00 12 12 34";
    uint8_t apdu[64];
    size_t n = tu_hex(with_time, apdu, sizeof apdu);
    cosem_notification_t nt;
    ck_assert_int_eq(cosem_notification_decode(apdu, n, &nt), COSEM_OK);
    ck_assert_uint_eq(nt.tag, COSEM_APDU_DATA_NOTIFICATION);
    ck_assert_uint_eq(nt.invoke, 0xC0000001u);
    ck_assert(nt.has_time);
    ck_assert_uint_eq(nt.time.year, 2026);
    ck_assert_uint_eq(nt.time.month, 11);
    ck_assert_uint_eq(nt.time.day, 21);
    ck_assert_uint_eq(nt.time.hour, 8);
    ck_assert_uint_eq(nt.time.second, 25);
    ck_assert_int_eq(nt.time.deviation, (int16_t)0x8000);
    assert_slice(nt.body, "12 12 34");
    cosem_data_notification_begin(w0(), nt.invoke, &nt.time);
    cosem_axdr_put_bytes(&g_w, nt.body.p, nt.body.len);
    assert_out(with_time);

    ck_assert_int_eq(decode_hex("0F C0 00 00 02 00 12 12 34"), COSEM_OK);
    cosem_data_notification_begin(w0(), 0xC0000002u, NULL);
    cosem_axdr_write_u16(&g_w, 0x1234);
    assert_out("0F C0 00 00 02 00 12 12 34");

    /* The tagged (`09 0C`) and A-XDR OPTIONAL (`01 0C`) forms are read too. */
    n = tu_hex("0F 00 00 00 01 09 0C 07 EA 0B 15 FF 08 36 19 00 80 00 00 00", apdu, sizeof apdu);
    ck_assert_int_eq(cosem_notification_decode(apdu, n, &nt), COSEM_OK);
    ck_assert(nt.has_time);
    ck_assert_uint_eq(nt.time.minute, 0x36);
    assert_slice(nt.body, "00");
    apdu[5] = 0x01;
    ck_assert_int_eq(cosem_notification_decode(apdu, n, &nt), COSEM_OK);
    ck_assert(nt.has_time);
    apdu[5] = 0x02;
    ck_assert_int_eq(cosem_notification_decode(apdu, n, &nt), COSEM_E_MALFORMED);
    apdu[5] = 0x09;
    apdu[6] = 0x0B;
    ck_assert_int_eq(cosem_notification_decode(apdu, n, &nt), COSEM_E_MALFORMED);
}
END_TEST

START_TEST(test_event_notification)
{
    static const cosem_attr_ref_t ref = {1, {0, 0, 96, 11, 0, 255}, 2};
    const char *gxpy = "C2 09 0C 07 EA 0B 15 FF 08 36 19 00 00 00 00 00 01 00 00 60 0B 00 FF 02"
                       " 12 12 34";
    uint8_t apdu[64];
    size_t n = tu_hex(gxpy, apdu, sizeof apdu);
    cosem_notification_t nt;
    ck_assert_int_eq(cosem_notification_decode(apdu, n, &nt), COSEM_OK);
    ck_assert_uint_eq(nt.tag, COSEM_APDU_EVENT_NOTIFICATION);
    ck_assert(nt.has_time);
    ck_assert_uint_eq(nt.time.hour, 8);
    ck_assert_int_eq(nt.time.deviation, 0);
    assert_ref(&nt.ref, &ref);
    assert_slice(nt.body, "12 12 34");
    /* We write the plain A-XDR presence flag 01 where Gurux writes the tag 09
     * (its reader, GXDLMSLNCommandHandler.handleEventNotification, takes any
     * non-zero flag). */
    cosem_event_notification_begin(w0(), &nt.time, &ref);
    cosem_axdr_write_u16(&g_w, 0x1234);
    assert_out("C2 01 0C 07 EA 0B 15 FF 08 36 19 00 00 00 00 00 01 00 00 60 0B 00 FF 02 12 12 34");
    cosem_event_notification_begin(w0(), NULL, &ref);
    cosem_axdr_write_u16(&g_w, 0x1234);
    assert_out("C2 00 00 01 00 00 60 0B 00 FF 02 12 12 34");
    ck_assert_int_eq(cosem_notification_decode(g_out, cosem_axdr_writer_len(&g_w), &nt),
                     COSEM_OK);
    ck_assert(!nt.has_time);
    /* A bare `0C` is not a presence flag here. */
    ck_assert_int_eq(decode_hex("C2 0C 07 EA 0B 15 FF 08 36 19 00 00 00 00 00 01 00 00 60 0B 00"
                                " FF 02 12 12 34"),
                     COSEM_E_MALFORMED);
}
END_TEST

/* ---- general-block-transfer -------------------------------------------- */

#if COSEM_WITH_GBT
/* Decodes hex into a static buffer (g->data points into it). */
static cosem_status_t decode_gbt_hex(const char *hex, cosem_gbt_t *g)
{
    static uint8_t b[256];
    return cosem_gbt_decode(b, tu_hex(hex, b, sizeof b), g);
}

/* Layout as pwitab/dlms-cosem writes it (dlms_cosem/protocol/xdlms/
 * general_block_transfer.py: E0, block-control last<<7 | streaming<<6 |
 * window, block-number and block-number-ack big-endian Unsigned16, then the
 * block-data length and octets); the length is A-XDR, so 200 octets take
 * `81 C8` (dlms-cosem writes one length octet only). */
START_TEST(test_gbt)
{
    uint8_t apdu[256];
    size_t n = tu_hex("E0 81 00 01 00 00 07 C4 01 C1 00 12 00 07", apdu, sizeof apdu);
    cosem_gbt_t g;
    size_t k;
    ck_assert_int_eq(cosem_gbt_decode(apdu, n, &g), COSEM_OK);
    ck_assert(g.last && !g.streaming);
    ck_assert_uint_eq(g.window, 1);
    ck_assert_uint_eq(g.block, 1);
    ck_assert_uint_eq(g.ack, 0);
    assert_slice(g.data, "C4 01 C1 00 12 00 07");
    cosem_gbt_encode(w0(), &g);
    tu_assert_bytes(g_out, cosem_axdr_writer_len(&g_w), apdu, n);
    for (k = 0; k < n; k++) {
        ck_assert_int_eq(cosem_gbt_decode(apdu, k, &g), COSEM_E_TRUNCATED);
    }
    apdu[n] = 0;
    ck_assert_int_eq(cosem_gbt_decode(apdu, n + 1, &g), COSEM_E_TRAILING);
    apdu[0] = 0xE1;
    ck_assert_int_eq(cosem_gbt_decode(apdu, n, &g), COSEM_E_UNSUPPORTED);

    /* an acknowledgement: window 16, block 0, ack 3, no data */
    ck_assert_int_eq(decode_gbt_hex("E0 10 00 00 00 03 00", &g), COSEM_OK);
    ck_assert(!g.last && !g.streaming);
    ck_assert_uint_eq(g.window, 16);
    ck_assert_uint_eq(g.ack, 3);
    ck_assert_uint_eq(g.data.len, 0);

    /* streaming, window 63, block 0x0102, 200 octets */
    memset(&g, 0, sizeof g);
    g.streaming = true;
    g.window = 63;
    g.block = 0x0102;
    g.data.p = apdu;
    g.data.len = 200;
    cosem_gbt_encode(w0(), &g);
    ck_assert_uint_eq(cosem_axdr_writer_len(&g_w), 208);
    ck_assert_mem_eq(g_out, "\xE0\x7F\x01\x02\x00\x00\x81\xC8", 8);
    g.window = 64;
    ck_assert_int_eq(cosem_gbt_encode(w0(), &g), COSEM_E_ARG);
}
END_TEST
#endif

/* ---- Malformed input ------------------------------------------------- */

/* Cuts that are themselves complete APDUs: an action-request-normal ending
 * after the method descriptor (EPRI's client) and an action-response-normal
 * ending after the action-result (Gurux's `C7 01 C1 04`). */
static bool optional_end(const uint8_t *b, size_t k)
{
    return (b[0] == 0xC3 && b[1] == 0x01 && k == 12) || (b[0] == 0xC7 && b[1] == 0x01 && k == 4);
}

START_TEST(test_valid_truncated_trailing)
{
    uint8_t b[512];
    size_t i, k, n;
    for (i = 0; i < sizeof VALID / sizeof VALID[0]; i++) {
        n = tu_hex(VALID[i], b, sizeof b - 1);
        ck_assert_msg(decode_as(b[0], b, n) == COSEM_OK, "valid #%u", (unsigned)i);
        for (k = 0; k < n; k++) {
            ck_assert_msg(decode_as(b[0], b, k) ==
                              (optional_end(b, k) ? COSEM_OK : COSEM_E_TRUNCATED),
                          "#%u cut at %u: %d",
                          (unsigned)i, (unsigned)k, (int)decode_as(b[0], b, k));
        }
        b[n] = 0;
        ck_assert_msg(decode_as(b[0], b, n + 1) == COSEM_E_TRAILING, "#%u trailing",
                      (unsigned)i);
    }
}
END_TEST

START_TEST(test_wrong_tag_and_choice)
{
    uint8_t b[512];
    size_t i, n;
    static const uint8_t tags[] = {COSEM_APDU_GET_REQUEST, COSEM_APDU_GET_RESPONSE,
                                   COSEM_APDU_SET_REQUEST, COSEM_APDU_SET_RESPONSE,
                                   COSEM_APDU_ACTION_REQUEST, COSEM_APDU_ACTION_RESPONSE,
                                   COSEM_APDU_EXCEPTION_RESPONSE, COSEM_APDU_DATA_NOTIFICATION};
    /* Any APDU given to another service's decoder: UNSUPPORTED. */
    for (i = 0; i < sizeof VALID / sizeof VALID[0]; i++) {
        size_t t;
        n = tu_hex(VALID[i], b, sizeof b);
        for (t = 0; t < sizeof tags; t++) {
            bool same = tags[t] == b[0] || (tags[t] == COSEM_APDU_DATA_NOTIFICATION &&
                                            b[0] == COSEM_APDU_EVENT_NOTIFICATION);
            if (!same) {
                ck_assert_int_eq(decode_as(tags[t], b, n), COSEM_E_UNSUPPORTED);
            }
        }
    }
    ck_assert_int_eq(decode_hex("C8 01 C1 00"), COSEM_E_UNSUPPORTED); /* notification decoder */
    /* Unknown CHOICE numbers. */
    ck_assert_int_eq(decode_hex("C0 00 C1 00 00 00 01"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C0 04 C1 00 00 00 01"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C4 04 C1 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C1 06 C1 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C5 00 C1 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C5 06 C1 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C3 07 C1 00 00 00 01"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C7 05 C1 00 00 00 01"), COSEM_E_MALFORMED);
    /* Get-Data-Result and with-datablock result choices. */
    ck_assert_int_eq(decode_hex("C4 01 C1 02 03"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C4 02 C1 00 00 00 00 01 02 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C4 03 C1 02 00 11 05 02 11 05"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C7 01 C1 00 01 02 11 05"), COSEM_E_MALFORMED);
}
END_TEST

START_TEST(test_bad_bool_and_flags)
{
    /* last-block of DataBlock-G and DataBlock-SA */
    ck_assert_int_eq(decode_hex("C4 02 C1 02 00 00 00 01 00 01 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C1 03 C1 FF 00 00 00 01 01 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C3 06 C1 02 00 00 00 01 01 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C7 02 C1 02 00 00 00 01 01 00"), COSEM_E_MALFORMED);
    /* selective-access flag, selector 0 when present */
    ck_assert_int_eq(decode_hex("C0 01 C1 00 08 00 00 01 00 00 FF 02 02"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C0 01 C1 00 08 00 00 01 00 00 FF 02 01 00 00"),
                     COSEM_E_MALFORMED);
    /* method-invocation-parameters and return-parameters flags */
    ck_assert_int_eq(decode_hex("C3 01 C1 00 08 00 00 01 00 00 FF 01 02 0F 00"),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C7 01 C1 00 02"), COSEM_E_MALFORMED);
    /* data-notification time prefix, event-notification time flag */
    ck_assert_int_eq(decode_hex("0F 00 00 00 01 05 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C2 02 0C 07 EA 0B 15 FF 08 36 19 00 00 00 00 00 01 00 00 60 0B"
                                " 00 FF 02 00"),
                     COSEM_E_MALFORMED);
}
END_TEST

START_TEST(test_counts)
{
    /* Count larger than the content, including a huge one: TRUNCATED, no
     * walk past the end. */
    ck_assert_int_eq(decode_hex("C0 03 C1 05 00 08 00 00 01 00 00 FF 02 00"), COSEM_E_TRUNCATED);
    ck_assert_int_eq(decode_hex("C0 03 C1 84 FF FF FF FF 00 08 00 00 01 00 00 FF 02 00"),
                     COSEM_E_TRUNCATED);
    ck_assert_int_eq(decode_hex("C4 03 C1 03 00 11 05 01 04"), COSEM_E_TRUNCATED);
    ck_assert_int_eq(decode_hex("C5 05 C1 03 00 00"), COSEM_E_TRUNCATED);
    ck_assert_int_eq(decode_hex("C7 03 C1 82 FF FF 00 00"), COSEM_E_TRUNCATED);
    ck_assert_int_eq(decode_hex("C3 03 C1 02 00 09 00 00 0A 00 00 FF 01 02 00"),
                     COSEM_E_TRUNCATED);
    /* Bad length forms. */
    ck_assert_int_eq(decode_hex("C0 03 C1 80"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C0 03 C1 85 00 00 00 00 01"), COSEM_E_MALFORMED);
    /* The values of a with-list request must pair with the descriptors. */
    ck_assert_int_eq(decode_hex("C1 04 C1 01 00 01 00 00 2A 00 00 FF 02 00 02 11 05 11 06"),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C3 03 C1 01 00 09 00 00 0A 00 00 FF 01 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C1 04 C1 01 00 01 00 00 2A 00 00 FF 02 00 01 11"),
                     COSEM_E_TRUNCATED);
    /* Empty lists are well formed. */
    ck_assert_int_eq(decode_hex("C0 03 C1 00"), COSEM_OK);
    ck_assert_int_eq(decode_hex("C5 05 C1 00"), COSEM_OK);
}
END_TEST

START_TEST(test_bad_data)
{
    char hex[512];
    size_t i, n;
    /* An unknown Data tag inside a value, and nesting past the limit. */
    ck_assert_int_eq(decode_hex("C4 01 C1 00 07 00"), COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C1 01 C1 00 08 00 00 01 00 00 FF 02 00 02 01 07"),
                     COSEM_E_MALFORMED);
    ck_assert_int_eq(decode_hex("C4 01 C1 00 09 05 00"), COSEM_E_TRUNCATED);
    n = (size_t)sprintf(hex, "C4 01 C1 00");
    for (i = 0; i < COSEM_AXDR_MAX_DEPTH + 1u; i++) {
        n += (size_t)sprintf(hex + n, " 02 01");
    }
    sprintf(hex + n, " 00");
    ck_assert_int_eq(decode_hex(hex), COSEM_E_DEPTH);
    /* The element reader of a list refuses the same. */
    {
        cosem_axdr_reader_t rd;
        cosem_data_result_t d;
        cosem_axdr_reader_init(&rd, (const uint8_t *)"\x00\x07", 2);
        ck_assert_int_eq(cosem_apdu_read_data_result(&rd, &d), COSEM_E_MALFORMED);
        ck_assert(!d.ok || d.data.p == NULL);
    }
}
END_TEST

START_TEST(test_encoder_errors)
{
    uint8_t small[6];
    cosem_axdr_writer_t w;
    static const uint8_t two[] = {0x11, 0x05, 0x11, 0x06};
    /* Values that are not exactly n whole Data values. */
    ck_assert_int_eq(cosem_set_request_list_encode(w0(), 0xC1, &CLOCK_TIME, NULL, 1, two, 4),
                     COSEM_E_ARG);
    ck_assert_int_eq(cosem_action_request_list_encode(w0(), 0xC1, &CLOCK_TIME, 1, two, 1),
                     COSEM_E_ARG);
    ck_assert_int_eq(cosem_set_request_normal_encode(w0(), 0xC1, &CLOCK_TIME, NULL, NULL, 0),
                     COSEM_E_ARG);
    ck_assert_int_eq(cosem_set_request_normal_encode(w0(), 0xC1, &CLOCK_TIME, NULL, two, 4),
                     COSEM_E_ARG);
    ck_assert_int_eq(cosem_action_request_normal_encode(w0(), 0xC1, &CLOCK_TIME, two, 3),
                     COSEM_E_ARG);
    ck_assert_int_eq(cosem_get_request_list_encode(w0(), 0xC1, NULL, NULL, 2), COSEM_E_ARG);
    ck_assert_int_eq(cosem_get_request_normal_encode(w0(), 0xC1, NULL, NULL), COSEM_E_ARG);
    /* Output space. */
    cosem_axdr_writer_init(&w, small, sizeof small);
    ck_assert_int_eq(cosem_get_request_normal_encode(&w, 0xC1, &CLOCK_TIME, NULL),
                     COSEM_E_NOSPACE);
    cosem_axdr_writer_init(&w, small, sizeof small);
    ck_assert_int_eq(cosem_data_notification_begin(&w, 1, NULL), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 6);
    /* The sizing writer measures the same as the encoding. */
    cosem_axdr_writer_init_sizing(&w);
    cosem_get_response_block_encode(&w, 0xC1, false, 1, g_out, 200, COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 200 + cosem_get_response_block_overhead(200));
    ck_assert_uint_eq(cosem_get_response_block_overhead(200), 11);
    ck_assert_uint_eq(cosem_get_response_block_overhead(127), 10);
    /* raw NULL: data-access-result */
    cosem_get_response_block_encode(w0(), 0xC1, true, 2, NULL, 0, COSEM_DAR_LONG_GET_ABORTED);
    assert_out("C4 02 C1 01 00 00 00 02 01 0F");
}
END_TEST

static Suite *xdlms_suite(void)
{
    Suite *s = suite_create("xdlms");
    TCase *tc = tcase_create("get");
    tcase_add_test(tc, test_get_request_normal);
    tcase_add_test(tc, test_get_request_selective);
    tcase_add_test(tc, test_get_block_transfer);
    tcase_add_test(tc, test_get_response_normal);
    tcase_add_test(tc, test_get_with_list);
    tcase_add_test(tc, test_get_list_with_selection);
    suite_add_tcase(s, tc);
    tc = tcase_create("set");
    tcase_add_test(tc, test_set_normal);
    tcase_add_test(tc, test_set_datablocks);
    tcase_add_test(tc, test_set_with_list);
    tcase_add_test(tc, test_set_responses_blocks);
    suite_add_tcase(s, tc);
    tc = tcase_create("action");
    tcase_add_test(tc, test_action_normal);
    tcase_add_test(tc, test_action_pblocks);
    tcase_add_test(tc, test_action_with_list);
    suite_add_tcase(s, tc);
    tc = tcase_create("other");
    tcase_add_test(tc, test_exception);
    tcase_add_test(tc, test_data_notification);
    tcase_add_test(tc, test_event_notification);
#if COSEM_WITH_GBT
    tcase_add_test(tc, test_gbt);
#endif
    suite_add_tcase(s, tc);
    tc = tcase_create("malformed");
    tcase_add_test(tc, test_valid_truncated_trailing);
    tcase_add_test(tc, test_wrong_tag_and_choice);
    tcase_add_test(tc, test_bad_bool_and_flags);
    tcase_add_test(tc, test_counts);
    tcase_add_test(tc, test_bad_data);
    tcase_add_test(tc, test_encoder_errors);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(xdlms_suite)
