/* SPDX-License-Identifier: Apache-2.0 */
/* Object helpers (src/server/object.c): value references written and read
 * against the A-XDR encodings of the Blue Book data types, type and length
 * checks on SET, integer conversions, and the streaming commit rule. */
#include <string.h>

#include <cosem/object.h>

#include "test_util.h"

/* Encodes one vref and returns the hex. */
static const char *enc(const cosem_vref_t *v)
{
    static uint8_t buf[64];
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, buf, sizeof buf);
    ck_assert_int_eq(cosem_vref_write(&w, v), COSEM_OK);
    return tu_hexstr(buf, cosem_axdr_writer_len(&w));
}

/* Reads hex into a vref. */
static cosem_dar_t dec(const cosem_vref_t *v, const char *hex)
{
    uint8_t buf[64];
    cosem_axdr_reader_t r;
    cosem_axdr_reader_init(&r, buf, tu_hex(hex, buf, sizeof buf));
    return cosem_vref_read(&r, v);
}

START_TEST(test_vref_numbers)
{
    uint32_t energy = 0x00012345u;
    int16_t t = -5;
    uint8_t e = 7;
    bool b = true;
    uint64_t big = 0xFFFFFFFFFFFFFFFFull;
    cosem_vref_t ve = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy);
    cosem_vref_t vt = COSEM_VREF(COSEM_AXDR_LONG, &t);
    cosem_vref_t vn = COSEM_VREF(COSEM_AXDR_ENUM, &e);
    cosem_vref_t vb = COSEM_VREF(COSEM_AXDR_BOOLEAN, &b);
    cosem_vref_t vbig = COSEM_VREF(COSEM_AXDR_LONG64_UNSIGNED, &big);
    /* Tags: 06 double-long-unsigned, 10 long, 16 enum, 03 boolean, 15 long64-unsigned. */
    ck_assert_str_eq(enc(&ve), "06 00 01 23 45");
    ck_assert_str_eq(enc(&vt), "10 FF FB");
    ck_assert_str_eq(enc(&vn), "16 07");
    ck_assert_str_eq(enc(&vb), "03 01");
    ck_assert_str_eq(enc(&vbig), "15 FF FF FF FF FF FF FF FF");
    ck_assert_int_eq(dec(&ve, "06 00 00 00 2A"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(energy, 42u);
    ck_assert_int_eq(dec(&vt, "10 80 00"), COSEM_DAR_SUCCESS);
    ck_assert_int_eq(t, -32768);
    ck_assert_int_eq(dec(&vb, "03 00"), COSEM_DAR_SUCCESS);
    ck_assert(!b);
    ck_assert_int_eq(dec(&vbig, "15 00 00 00 00 00 00 00 01"), COSEM_DAR_SUCCESS);
    ck_assert(big == 1u);
}
END_TEST

START_TEST(test_vref_type_checked)
{
    uint32_t energy = 99;
    cosem_vref_t ve = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy);
    /* Another integer type, even one that would fit, is type-unmatched. */
    ck_assert_int_eq(dec(&ve, "12 00 01"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(dec(&ve, "05 00 00 00 01"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(dec(&ve, "09 04 00 00 00 01"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(dec(&ve, "06 00 00"), COSEM_DAR_TYPE_UNMATCHED); /* truncated */
    ck_assert_int_eq(dec(&ve, ""), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(energy, 99u); /* untouched */
}
END_TEST

START_TEST(test_vref_strings)
{
    uint8_t name[16];
    uint16_t len = 3;
    uint8_t fixed[6] = {1, 0, 1, 8, 0, 255};
    cosem_vref_t vs = COSEM_VREF_STR(COSEM_AXDR_VISIBLE_STRING, name, &len, sizeof name);
    cosem_vref_t vf = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, fixed, NULL, 6);
    memcpy(name, "LCM", 3);
    ck_assert_str_eq(enc(&vs), "0A 03 4C 43 4D");
    ck_assert_str_eq(enc(&vf), "09 06 01 00 01 08 00 FF");
    ck_assert_int_eq(dec(&vs, "0A 05 48 45 4C 4C 4F"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(len, 5u);
    ck_assert(memcmp(name, "HELLO", 5) == 0);
    /* Longer than the capacity. */
    ck_assert_int_eq(dec(&vs, "0A 11 41414141414141414141414141414141 41"),
                     COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_uint_eq(len, 5u);
    /* A fixed-length string takes exactly its length. */
    ck_assert_int_eq(dec(&vf, "09 05 0102030405"), COSEM_DAR_TYPE_UNMATCHED);
    ck_assert_int_eq(dec(&vf, "09 06 00 00 60 01 00 FF"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(fixed[2], 0x60u);
    /* Octet string where a visible string is expected. */
    ck_assert_int_eq(dec(&vs, "09 01 41"), COSEM_DAR_TYPE_UNMATCHED);
}
END_TEST

START_TEST(test_vref_datetime)
{
    cosem_datetime_t dt;
    cosem_vref_t v = COSEM_VREF(COSEM_AXDR_DATE_TIME, &dt);
    /* 2024-03-31 02:00:00, deviation -60, DST status 0x80 (Blue Book 4.1.6.1). */
    ck_assert_int_eq(dec(&v, "19 07E8 03 1F 07 02 00 00 00 FFC4 80"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(dt.year, 2024u);
    ck_assert_uint_eq(dt.day, 31u);
    ck_assert_int_eq(dt.deviation, -60);
    ck_assert_str_eq(enc(&v), "19 07 E8 03 1F 07 02 00 00 00 FF C4 80");
    /* Meters also send the octet-string(12) form; it is accepted. */
    ck_assert_int_eq(dec(&v, "09 0C 07E9 01 01 03 00 00 00 00 0000 00"), COSEM_DAR_SUCCESS);
    ck_assert_uint_eq(dt.year, 2025u);
}
END_TEST

START_TEST(test_vref_int_conversions)
{
    int8_t s8 = 0;
    uint16_t u16 = 0;
    uint64_t u64 = 0;
    int64_t x = 0;
    uint8_t str[2];
    cosem_vref_t v8 = COSEM_VREF(COSEM_AXDR_INTEGER, &s8);
    cosem_vref_t v16 = COSEM_VREF(COSEM_AXDR_LONG_UNSIGNED, &u16);
    cosem_vref_t v64 = COSEM_VREF(COSEM_AXDR_LONG64_UNSIGNED, &u64);
    cosem_vref_t vs = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, str, NULL, 2);
    ck_assert_int_eq(cosem_vref_set_int(&v8, -128), COSEM_OK);
    ck_assert_int_eq(s8, -128);
    ck_assert_int_eq(cosem_vref_set_int(&v8, 128), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_vref_set_int(&v16, 65535), COSEM_OK);
    ck_assert_int_eq(cosem_vref_set_int(&v16, -1), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_vref_get_int(&v16, &x), COSEM_OK);
    ck_assert(x == 65535);
    u64 = 0x8000000000000000ull;
    ck_assert_int_eq(cosem_vref_get_int(&v64, &x), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_vref_set_int(&vs, 1), COSEM_E_TYPE);
    ck_assert_int_eq(cosem_vref_get_int(&vs, &x), COSEM_E_TYPE);
}
END_TEST

START_TEST(test_commit_rule)
{
    uint8_t buf[16];
    cosem_axdr_writer_t w;
    cosem_req_t r;
    memset(&r, 0, sizeof r);
    cosem_axdr_writer_init(&w, buf, sizeof buf);
    r.limit_ = 6;
    cosem_axdr_write_u16(&w, 1); /* 3 octets */
    ck_assert(cosem_req_commit(&r, &w, 1));
    ck_assert_uint_eq(r.commit_len_, 3u);
    cosem_axdr_write_u16(&w, 2); /* 6 octets: the limit */
    ck_assert(!cosem_req_commit(&r, &w, 2));
    ck_assert(r.more_);
    ck_assert_uint_eq(r.next_index_, 2u);
    /* A failed writer never commits. */
    memset(&r, 0, sizeof r);
    cosem_axdr_writer_init(&w, buf, 2);
    cosem_axdr_write_u32(&w, 1);
    ck_assert(!cosem_req_commit(&r, &w, 1));
    ck_assert(!r.committed_);
    /* No limit (internal reads): commits always go on. */
    memset(&r, 0, sizeof r);
    cosem_axdr_writer_init(&w, buf, sizeof buf);
    cosem_axdr_write_u32(&w, 1);
    ck_assert(cosem_req_commit(&r, &w, 1));
}
END_TEST

static Suite *object_suite(void)
{
    Suite *s = suite_create("object");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_vref_numbers);
    tcase_add_test(tc, test_vref_type_checked);
    tcase_add_test(tc, test_vref_strings);
    tcase_add_test(tc, test_vref_datetime);
    tcase_add_test(tc, test_vref_int_conversions);
    tcase_add_test(tc, test_commit_rule);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(object_suite)
