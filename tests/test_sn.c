/* SPDX-License-Identifier: Apache-2.0 */
/* Short-name referencing APDU codecs (sn.h) against independent bytes.
 *
 * Requests: what Gurux.DLMS.Python 1.0.197's GXDLMSClient (SN referencing,
 * useLogicalNameReferencing False, wrapper) encodes for read(), readList(),
 * write() and readRowsByEntry() of objects with the base names 0x0100
 * (Register), 0x0200 (Data) and 0x0300 (Profile generic); wrapper header
 * removed. The AARE facts come from GuruxDLMS.c 9.0's server example on
 * its SN wrapper port (its InitiateResponse names the Association SN at
 * 0xFA00). Responses and the information report: Gurux.DLMS.Python's
 * GXDLMSTranslator turns the bytes below into the items the tests expect
 * (ReadResponse Data UInt16 04D2, DataAccessError UndefinedObject;
 * WriteResponse Success, DataAccessError ReadWriteDenied;
 * InformationReportRequest VariableName 0108, UInt16 04D2). */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include <cosem/sn.h>

#include "test_util.h"

static uint8_t g_apdu[512];
static size_t g_len;

static cosem_status_t decode_hex(const char *hex, cosem_sn_apdu_t *a)
{
    g_len = tu_hex(hex, g_apdu, sizeof g_apdu);
    return cosem_sn_decode(g_apdu, g_len, a);
}

/* The i-th specification of a decoded request. */
static cosem_sn_spec_t spec_at(const cosem_sn_apdu_t *a, unsigned i)
{
    cosem_axdr_reader_t r;
    cosem_sn_spec_t s;
    cosem_axdr_reader_init(&r, a->items.p, a->items.len);
    for (unsigned k = 0; k <= i; ++k) {
        ck_assert_int_eq(cosem_sn_read_spec(&r, &s), COSEM_OK);
    }
    return s;
}

static cosem_sn_result_t result_at(const cosem_sn_apdu_t *a, unsigned i)
{
    cosem_axdr_reader_t r;
    cosem_sn_result_t res;
    cosem_axdr_reader_init(&r, a->items.p, a->items.len);
    for (unsigned k = 0; k <= i; ++k) {
        ck_assert_int_eq(cosem_sn_read_result(&r, a->tag, &res), COSEM_OK);
    }
    return res;
}

START_TEST(test_sn_names)
{
    ck_assert_uint_eq(COSEM_SN_ATTR(0x0100u, 1), 0x0100u);
    ck_assert_uint_eq(COSEM_SN_ATTR(0x0100u, 2), 0x0108u);
    ck_assert_uint_eq(COSEM_SN_ATTR(COSEM_SN_ASSOCIATION_BASE, 2), 0xFA08u);
}
END_TEST

/* Gurux read(register at 0x0100, 2) and readList: decode, and our encoder
 * gives the same octets. */
START_TEST(test_sn_read_request)
{
    static const char *one = "0501020108";
    static const char *list = "05020201080202 08";
    cosem_sn_apdu_t a;
    cosem_sn_spec_t specs[2];
    uint8_t out[64];
    cosem_axdr_writer_t w;

    ck_assert_int_eq(decode_hex(one, &a), COSEM_OK);
    ck_assert_uint_eq(a.tag, COSEM_APDU_READ_REQUEST);
    ck_assert_uint_eq(a.count, 1);
    specs[0] = spec_at(&a, 0);
    ck_assert_uint_eq(specs[0].kind, COSEM_SN_NAME);
    ck_assert_uint_eq(specs[0].name, 0x0108u);
    ck_assert_uint_eq(a.data.len, 0);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_READ_REQUEST, specs, 1, NULL, 0),
                     COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), g_apdu, g_len);

    ck_assert_int_eq(decode_hex(list, &a), COSEM_OK);
    ck_assert_uint_eq(a.count, 2);
    specs[0] = spec_at(&a, 0);
    specs[1] = spec_at(&a, 1);
    ck_assert_uint_eq(specs[0].name, 0x0108u);
    ck_assert_uint_eq(specs[1].name, 0x0208u);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_READ_REQUEST, specs, 2, NULL, 0),
                     COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), g_apdu, g_len);
}
END_TEST

/* Gurux readRowsByEntry(profile at 0x0300, 1, 10): parameterized access to
 * attribute 2 with selector 2 and the entry descriptor. */
START_TEST(test_sn_parameterized)
{
    static const char *hex = "05010403080202040600000001060000000a120001120000";
    cosem_sn_apdu_t a;
    cosem_sn_spec_t s;
    uint8_t out[64];
    cosem_axdr_writer_t w;
    ck_assert_int_eq(decode_hex(hex, &a), COSEM_OK);
    s = spec_at(&a, 0);
    ck_assert_uint_eq(s.kind, COSEM_SN_PARAMETERIZED);
    ck_assert_uint_eq(s.name, 0x0308u);
    ck_assert_uint_eq(s.selector, 2);
    ck_assert_uint_eq(s.param.len, 18);
    ck_assert_uint_eq(s.param.p[0], 0x02); /* structure of 4 */
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_READ_REQUEST, &s, 1, NULL, 0),
                     COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), g_apdu, g_len);
}
END_TEST

/* Gurux write(Data at 0x0200, 2) of long-unsigned 1234, and the same as an
 * unconfirmed write. */
START_TEST(test_sn_write_request)
{
    static const char *hex = "06010202080112 04d2";
    static const uint8_t value[] = {0x12, 0x04, 0xD2};
    cosem_sn_apdu_t a;
    cosem_sn_spec_t s;
    uint8_t out[64];
    cosem_axdr_writer_t w;
    ck_assert_int_eq(decode_hex(hex, &a), COSEM_OK);
    ck_assert_uint_eq(a.tag, COSEM_APDU_WRITE_REQUEST);
    s = spec_at(&a, 0);
    ck_assert_uint_eq(s.name, 0x0208u);
    tu_assert_bytes(a.data.p, a.data.len, value, sizeof value);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_WRITE_REQUEST, &s, 1, value,
                                             sizeof value),
                     COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), g_apdu, g_len);

    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_UNCONFIRMED_WRITE_REQUEST, &s, 1,
                                             value, sizeof value),
                     COSEM_OK);
    ck_assert_uint_eq(out[0], 0x16);
    ck_assert_int_eq(cosem_sn_decode(out, cosem_axdr_writer_len(&w), &a), COSEM_OK);
    ck_assert_uint_eq(a.tag, COSEM_APDU_UNCONFIRMED_WRITE_REQUEST);
    ck_assert_uint_eq(a.count, 1);
}
END_TEST

/* Read responses: data, error, data-block-result, block-number. */
START_TEST(test_sn_read_response)
{
    cosem_sn_apdu_t a;
    cosem_sn_result_t res[2];
    uint8_t out[64];
    cosem_axdr_writer_t w;

    ck_assert_int_eq(decode_hex("0c020012000a0103", &a), COSEM_OK);
    ck_assert_uint_eq(a.tag, COSEM_APDU_READ_RESPONSE);
    ck_assert_uint_eq(a.count, 2);
    res[0] = result_at(&a, 0);
    res[1] = result_at(&a, 1);
    ck_assert_uint_eq(res[0].kind, COSEM_SN_DATA);
    ck_assert_uint_eq(res[0].data.len, 3);
    ck_assert_uint_eq(res[0].data.p[2], 0x0A);
    ck_assert_uint_eq(res[1].kind, COSEM_SN_ERROR);
    ck_assert_uint_eq(res[1].error, 3); /* read-write-denied */
    cosem_axdr_writer_init(&w, out, sizeof out);
    cosem_sn_response_head(&w, COSEM_APDU_READ_RESPONSE, 2);
    cosem_sn_write_result(&w, COSEM_APDU_READ_RESPONSE, &res[0]);
    ck_assert_int_eq(cosem_sn_write_result(&w, COSEM_APDU_READ_RESPONSE, &res[1]), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), g_apdu, g_len);

    ck_assert_int_eq(decode_hex("0c010201000103aabbcc", &a), COSEM_OK);
    res[0] = result_at(&a, 0);
    ck_assert_uint_eq(res[0].kind, COSEM_SN_DATA_BLOCK);
    ck_assert(res[0].last);
    ck_assert_uint_eq(res[0].block, 1);
    ck_assert_uint_eq(res[0].data.len, 3);
    cosem_axdr_writer_init(&w, out, sizeof out);
    cosem_sn_response_head(&w, COSEM_APDU_READ_RESPONSE, 1);
    ck_assert_int_eq(cosem_sn_write_result(&w, COSEM_APDU_READ_RESPONSE, &res[0]), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), g_apdu, g_len);

    ck_assert_int_eq(decode_hex("0c01030001", &a), COSEM_OK);
    res[0] = result_at(&a, 0);
    ck_assert_uint_eq(res[0].kind, COSEM_SN_READ_BLOCK_NUMBER);
    ck_assert_uint_eq(res[0].block, 1);

    /* The next block asked for by block-number-access. */
    ck_assert_int_eq(decode_hex("0501050002", &a), COSEM_OK);
    ck_assert_uint_eq(spec_at(&a, 0).kind, COSEM_SN_BLOCK_NUMBER);
    ck_assert_uint_eq(spec_at(&a, 0).block, 2);
}
END_TEST

START_TEST(test_sn_write_response)
{
    cosem_sn_apdu_t a;
    cosem_sn_result_t res[3];
    uint8_t out[64];
    cosem_axdr_writer_t w;
    ck_assert_int_eq(decode_hex("0d030001030200 05", &a), COSEM_OK);
    ck_assert_uint_eq(a.tag, COSEM_APDU_WRITE_RESPONSE);
    ck_assert_uint_eq(a.count, 3);
    cosem_axdr_writer_init(&w, out, sizeof out);
    cosem_sn_response_head(&w, COSEM_APDU_WRITE_RESPONSE, 3);
    for (unsigned i = 0; i < 3; ++i) {
        res[i] = result_at(&a, i);
        ck_assert_int_eq(cosem_sn_write_result(&w, COSEM_APDU_WRITE_RESPONSE, &res[i]),
                         COSEM_OK);
    }
    ck_assert_uint_eq(res[0].kind, COSEM_SN_DATA); /* success */
    ck_assert_uint_eq(res[1].kind, COSEM_SN_ERROR);
    ck_assert_uint_eq(res[1].error, 3);
    ck_assert_uint_eq(res[2].kind, COSEM_SN_DATA_BLOCK); /* block-number */
    ck_assert_uint_eq(res[2].block, 5);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), g_apdu, g_len);
}
END_TEST

START_TEST(test_sn_information_report)
{
    static const uint8_t time[12] = {0x07, 0xEA, 0x0C, 0x03, 0x04, 0x00,
                                     0x00, 0x00, 0xFF, 0x80, 0x00, 0x00};
    static const uint8_t value[] = {0x12, 0x04, 0xD2};
    const uint16_t name = 0x0108u;
    cosem_sn_apdu_t a;
    uint8_t out[64];
    cosem_axdr_writer_t w;

    ck_assert_int_eq(decode_hex("180c07ea0c0304000000ff80000001020108011204d2", &a), COSEM_OK);
    ck_assert_uint_eq(a.tag, COSEM_APDU_INFORMATION_REPORT);
    tu_assert_bytes(a.time.p, a.time.len, time, sizeof time);
    ck_assert_uint_eq(spec_at(&a, 0).name, 0x0108u);
    tu_assert_bytes(a.data.p, a.data.len, value, sizeof value);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_report_encode(&w, time, &name, 1, value, sizeof value), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), g_apdu, g_len);

    ck_assert_int_eq(decode_hex("18000102fa080112000a", &a), COSEM_OK);
    ck_assert_uint_eq(a.time.len, 0);
    ck_assert_uint_eq(spec_at(&a, 0).name, 0xFA08u);
}
END_TEST

/* Every malformed form: a defined error, never OK. */
START_TEST(test_sn_malformed)
{
    cosem_sn_apdu_t a;
    ck_assert_int_eq(decode_hex("", &a), COSEM_E_TRUNCATED);
    ck_assert_int_eq(decode_hex("c001", &a), COSEM_E_UNSUPPORTED);
    ck_assert_int_eq(decode_hex("0500", &a), COSEM_E_MALFORMED);          /* no spec */
    ck_assert_int_eq(decode_hex("05010201", &a), COSEM_E_TRUNCATED);     /* name cut */
    ck_assert_int_eq(decode_hex("050102010800", &a), COSEM_E_TRAILING);
    ck_assert_int_eq(decode_hex("0501030108", &a), COSEM_E_MALFORMED);   /* detailed-access */
    ck_assert_int_eq(decode_hex("0501070000 01", &a), COSEM_E_MALFORMED); /* write block in a read */
    ck_assert_int_eq(decode_hex("0501040108020905", &a), COSEM_E_TRUNCATED); /* parameter Data cut */
    ck_assert_int_eq(decode_hex("0501060200010100", &a), COSEM_E_MALFORMED); /* last-block 2 */
    ck_assert_int_eq(decode_hex("0602020108020208011204d2", &a), COSEM_E_MALFORMED); /* 2 specs, 1 Data */
    ck_assert_int_eq(decode_hex("06010501 00011204d2", &a), COSEM_E_MALFORMED); /* block-number in a write */
    ck_assert_int_eq(decode_hex("0c0104 00", &a), COSEM_E_MALFORMED);     /* read result 4 */
    ck_assert_int_eq(decode_hex("0d0103 0001", &a), COSEM_E_MALFORMED);   /* write result 3 */
    ck_assert_int_eq(decode_hex("0c01", &a), COSEM_E_TRUNCATED);
    ck_assert_int_eq(decode_hex("0c05001100", &a), COSEM_E_TRUNCATED);    /* count beyond input */
    ck_assert_int_eq(decode_hex("180c0102", &a), COSEM_E_TRUNCATED); /* time cut */
    ck_assert_int_eq(decode_hex("1802000001040108011100", &a), COSEM_E_MALFORMED); /* time 2 octets */
    ck_assert_int_eq(decode_hex("1800010401080000011100", &a), COSEM_E_MALFORMED); /* parameterized */
    /* Gurux C 9.0's SN server answered the object list with `0C 01 00`
     * and no Data: truncated, not a value. */
    ck_assert_int_eq(decode_hex("0c0100", &a), COSEM_E_TRUNCATED);
}
END_TEST

START_TEST(test_sn_encoder_errors)
{
    cosem_sn_spec_t s;
    cosem_sn_result_t res;
    const uint16_t name = 0x0108u;
    static const uint8_t two[] = {0x11, 0x01, 0x11, 0x02};
    uint8_t out[16];
    cosem_axdr_writer_t w;
    memset(&s, 0, sizeof s);
    memset(&res, 0, sizeof res);
    s.kind = COSEM_SN_NAME;
    s.name = 0x0108u;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, 0xC0, &s, 1, NULL, 0), COSEM_E_ARG);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_READ_REQUEST, &s, 0, NULL, 0),
                     COSEM_E_ARG);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_WRITE_REQUEST, &s, 1, two, 4),
                     COSEM_E_ARG); /* two Data for one name */
    s.kind = COSEM_SN_BLOCK_NUMBER;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_WRITE_REQUEST, &s, 1, two, 2),
                     COSEM_E_ARG);
    s.kind = COSEM_SN_PARAMETERIZED; /* parameter not one Data */
    s.param.p = two;
    s.param.len = 4;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_request_encode(&w, COSEM_APDU_READ_REQUEST, &s, 1, NULL, 0),
                     COSEM_E_ARG);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_report_encode(&w, NULL, &name, 1, two, 4), COSEM_E_ARG);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_report_encode(&w, NULL, &name, 1, two, 2), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 9);
    cosem_axdr_writer_init(&w, out, 8);
    ck_assert_int_eq(cosem_sn_report_encode(&w, NULL, &name, 1, two, 2), COSEM_E_NOSPACE);
    res.kind = COSEM_SN_READ_BLOCK_NUMBER;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_write_result(&w, COSEM_APDU_WRITE_RESPONSE, &res), COSEM_E_ARG);
    res.kind = COSEM_SN_DATA; /* no Data */
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_write_result(&w, COSEM_APDU_READ_RESPONSE, &res), COSEM_E_ARG);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_sn_response_head(&w, COSEM_APDU_READ_REQUEST, 1), COSEM_E_ARG);
}
END_TEST

static Suite *sn_suite(void)
{
    Suite *s = suite_create("sn");
    TCase *tc = tcase_create("sn");
    tcase_add_test(tc, test_sn_names);
    tcase_add_test(tc, test_sn_read_request);
    tcase_add_test(tc, test_sn_parameterized);
    tcase_add_test(tc, test_sn_write_request);
    tcase_add_test(tc, test_sn_read_response);
    tcase_add_test(tc, test_sn_write_response);
    tcase_add_test(tc, test_sn_information_report);
    tcase_add_test(tc, test_sn_malformed);
    tcase_add_test(tc, test_sn_encoder_errors);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(sn_suite)
