/* SPDX-License-Identifier: Apache-2.0 */
/* A-XDR codec: known encodings of every type, round trips, lengths,
 * sticky errors, the pull parser, compact arrays and every malformed case.
 *
 * "Gurux.DLMS.Python" below means the byte string was produced by the
 * independent Gurux.DLMS.Python 1.0.197 encoder (_GXCommon.setData) on
 * 2026-11-21, or that its decoder (_GXCommon.getData) gave the value noted. */
#include <stdio.h>
#include <string.h>

#include <cosem/axdr.h>

#include "test_util.h"

/* ---- helpers -------------------------------------------------------- */

typedef cosem_status_t (*write_fn)(cosem_axdr_writer_t *w);

/* Writes with fn into a fresh buffer and checks the bytes equal hex. */
static void check_write(write_fn fn, const char *hex)
{
    uint8_t want[512], got[512];
    size_t n = tu_hex(hex, want, sizeof want);
    cosem_axdr_writer_t w, sz;
    cosem_axdr_writer_init(&w, got, sizeof got);
    ck_assert_int_eq(fn(&w), COSEM_OK);
    tu_assert_bytes(got, cosem_axdr_writer_len(&w), want, n);
    /* The sizing writer counts the same bytes. */
    cosem_axdr_writer_init_sizing(&sz);
    ck_assert_int_eq(fn(&sz), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_writer_len(&sz), n);
    /* Every buffer one byte too small fails with NOSPACE, never overflows. */
    if (n > 0) {
        cosem_axdr_writer_init(&w, got, n - 1);
        ck_assert_int_eq(fn(&w), COSEM_E_NOSPACE);
    }
}

/* Every proper prefix of hex must fail with TRUNCATED when skipped and the
 * whole must skip cleanly to its end. */
static void check_prefixes(const uint8_t *b, size_t n)
{
    size_t k;
    cosem_axdr_reader_t r;
    for (k = 0; k < n; k++) {
        cosem_axdr_reader_init(&r, b, k);
        ck_assert_msg(cosem_axdr_skip(&r) == COSEM_E_TRUNCATED, "prefix %zu of %zu: %d", k, n,
                      cosem_axdr_reader_status(&r));
    }
    cosem_axdr_reader_init(&r, b, n);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
}

static uint8_t g_buf[4096];

/* Reader over hex kept in a static buffer. */
static cosem_axdr_reader_t rd(const char *hex)
{
    cosem_axdr_reader_t r;
    size_t n = tu_hex(hex, g_buf, sizeof g_buf);
    cosem_axdr_reader_init(&r, g_buf, n);
    return r;
}

/* ---- known encodings (writer) ---------------------------------------- */

static cosem_status_t w_null(cosem_axdr_writer_t *w) { return cosem_axdr_write_null(w); }
static cosem_status_t w_true(cosem_axdr_writer_t *w) { return cosem_axdr_write_bool(w, true); }
static cosem_status_t w_false(cosem_axdr_writer_t *w) { return cosem_axdr_write_bool(w, false); }
static cosem_status_t w_i8(cosem_axdr_writer_t *w) { return cosem_axdr_write_i8(w, -5); }
static cosem_status_t w_u8(cosem_axdr_writer_t *w) { return cosem_axdr_write_u8(w, 200); }
static cosem_status_t w_i16(cosem_axdr_writer_t *w) { return cosem_axdr_write_i16(w, -12345); }
static cosem_status_t w_u16(cosem_axdr_writer_t *w) { return cosem_axdr_write_u16(w, 60000); }
static cosem_status_t w_i32(cosem_axdr_writer_t *w) { return cosem_axdr_write_i32(w, -123456789); }
static cosem_status_t w_u32(cosem_axdr_writer_t *w) { return cosem_axdr_write_u32(w, 3000000000u); }
static cosem_status_t w_i64(cosem_axdr_writer_t *w) { return cosem_axdr_write_i64(w, -1234567890123LL); }
static cosem_status_t w_u64(cosem_axdr_writer_t *w)
{
    return cosem_axdr_write_u64(w, 18000000000000000000ULL);
}
static cosem_status_t w_enum(cosem_axdr_writer_t *w) { return cosem_axdr_write_enum(w, 27); }
static cosem_status_t w_bcd(cosem_axdr_writer_t *w) { return cosem_axdr_write_bcd(w, 0x0C); }
static cosem_status_t w_f32(cosem_axdr_writer_t *w) { return cosem_axdr_write_f32(w, 230.5f); }
static cosem_status_t w_f64(cosem_axdr_writer_t *w) { return cosem_axdr_write_f64(w, -0.1); }
static cosem_status_t w_bits(cosem_axdr_writer_t *w)
{
    static const uint8_t b[] = {0xB3, 0x80}; /* 1011001110 */
    return cosem_axdr_write_bit_string(w, b, 10);
}
static cosem_status_t w_vis(cosem_axdr_writer_t *w)
{
    return cosem_axdr_write_visible_string(w, "Gurux", 5);
}
static cosem_status_t w_utf8(cosem_axdr_writer_t *w)
{
    return cosem_axdr_write_utf8_string(w, "Z\xC3\xA4hler", 7);
}
static cosem_status_t w_os200(cosem_axdr_writer_t *w)
{
    uint8_t b[200];
    size_t i;
    for (i = 0; i < sizeof b; i++) {
        b[i] = (uint8_t)i;
    }
    return cosem_axdr_write_octet_string(w, b, sizeof b);
}

START_TEST(test_write_known_gurux)
{
    /* All expected bytes: Gurux.DLMS.Python encoder, same values. */
    char os200[1024];
    size_t i, o;
    check_write(w_null, "00");
    check_write(w_true, "03 01");
    check_write(w_false, "03 00");
    check_write(w_i8, "0F FB");
    check_write(w_u8, "11 C8");
    check_write(w_i16, "10 CF C7");
    check_write(w_u16, "12 EA 60");
    check_write(w_i32, "05 F8 A4 32 EB");
    check_write(w_u32, "06 B2 D0 5E 00");
    check_write(w_i64, "14 FF FF FE E0 8E 04 FB 35");
    check_write(w_u64, "15 F9 CC D8 A1 C5 08 00 00");
    check_write(w_enum, "16 1B");
    check_write(w_bcd, "0D 0C");
    check_write(w_f32, "17 43 66 80 00");
    check_write(w_f64, "18 BF B9 99 99 99 99 99 9A");
    check_write(w_bits, "04 0A B3 80");
    check_write(w_vis, "0A 05 47 75 72 75 78");
    check_write(w_utf8, "0C 07 5A C3 A4 68 6C 65 72");
    o = (size_t)snprintf(os200, sizeof os200, "09 81 C8");
    for (i = 0; i < 200; i++) {
        o += (size_t)snprintf(os200 + o, sizeof os200 - o, " %02zX", i);
    }
    check_write(w_os200, os200);
}
END_TEST

static cosem_status_t w_date(cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    cosem_datetime_clear(&dt);
    dt.year = 2026;
    dt.month = 11;
    dt.day = 21;
    return cosem_axdr_write_date(w, &dt);
}
static cosem_status_t w_time(cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    cosem_datetime_clear(&dt);
    dt.hour = 8;
    dt.minute = 54;
    dt.second = 25;
    return cosem_axdr_write_time(w, &dt);
}
/* The SET clock value of guruxpy-client_guruxc-server_wrapper_lls.txt line 16. */
static cosem_status_t w_dt_os(cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    cosem_datetime_clear(&dt);
    dt.year = 2026; dt.month = 11; dt.day = 21;
    dt.hour = 8; dt.minute = 55; dt.second = 25; dt.hundredths = 0;
    dt.deviation = 0; dt.status = 0;
    return cosem_axdr_write_datetime_os(w, &dt);
}
static cosem_status_t w_dt_tag(cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    cosem_datetime_clear(&dt);
    dt.year = 2026; dt.month = 11; dt.day = 21; dt.day_of_week = 6;
    dt.hour = 8; dt.minute = 54; dt.second = 25; dt.hundredths = 0;
    dt.deviation = -60; dt.status = 0x80;
    return cosem_axdr_write_datetime(w, &dt);
}
static cosem_status_t w_date_os(cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    cosem_datetime_clear(&dt);
    dt.year = 2026; dt.month = COSEM_DT_MONTH_DST_BEGIN; dt.day = COSEM_DT_DAY_LAST;
    return cosem_axdr_write_date_os(w, &dt);
}
static cosem_status_t w_time_os(cosem_axdr_writer_t *w)
{
    cosem_datetime_t dt;
    cosem_datetime_clear(&dt);
    dt.hour = 23; dt.minute = 59;
    return cosem_axdr_write_time_os(w, &dt);
}

START_TEST(test_write_dates)
{
    check_write(w_date, "1A 07 EA 0B 15 FF");  /* Gurux.DLMS.Python */
    check_write(w_time, "1B 08 36 19 FF");     /* Gurux.DLMS.Python */
    check_write(w_dt_os, "09 0C 07 EA 0B 15 FF 08 37 19 00 00 00 00");
    check_write(w_dt_tag, "19 07 EA 0B 15 06 08 36 19 00 FF C4 80");
    check_write(w_date_os, "09 05 07 EA FE FE FF");
    check_write(w_time_os, "09 04 17 3B FF FF");
}
END_TEST

/* An object-list element as Gurux's server sends it (dlmscosem-client_
 * guruxc-server_wrapper_noauth.txt line 10): class 15 v2, 0.0.40.0.0.255. */
static cosem_status_t w_nested(cosem_axdr_writer_t *w)
{
    static const uint8_t ln[6] = {0, 0, 40, 0, 0, 255};
    cosem_axdr_write_structure(w, 4);
    cosem_axdr_write_u16(w, 15);
    cosem_axdr_write_u8(w, 2);
    cosem_axdr_write_octet_string(w, ln, 6);
    cosem_axdr_write_structure(w, 2);
    cosem_axdr_write_array(w, 1);
    cosem_axdr_write_structure(w, 3);
    cosem_axdr_write_i8(w, 1);
    cosem_axdr_write_enum(w, 1);
    cosem_axdr_write_null(w);
    return cosem_axdr_write_array(w, 0);
}

START_TEST(test_write_nested)
{
    check_write(w_nested, "02 04 12 00 0F 11 02 09 06 00 00 28 00 00 FF 02 02 01 01 02 03 0F 01 "
                          "16 01 00 01 00");
}
END_TEST

/* ---- write_int: every integer type, its limits and the deltas -------- */

START_TEST(test_write_int_ranges)
{
    static const struct {
        uint8_t type;
        int64_t min, max;
    } t[] = {
        {COSEM_AXDR_INTEGER, INT8_MIN, INT8_MAX},
        {COSEM_AXDR_LONG, INT16_MIN, INT16_MAX},
        {COSEM_AXDR_DOUBLE_LONG, INT32_MIN, INT32_MAX},
        {COSEM_AXDR_LONG64, INT64_MIN, INT64_MAX},
        {COSEM_AXDR_UNSIGNED, 0, UINT8_MAX},
        {COSEM_AXDR_LONG_UNSIGNED, 0, UINT16_MAX},
        {COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 0, UINT32_MAX},
        {COSEM_AXDR_LONG64_UNSIGNED, 0, INT64_MAX},
        {COSEM_AXDR_ENUM, 0, UINT8_MAX},
        {COSEM_AXDR_DELTA_INTEGER, INT8_MIN, INT8_MAX},
        {COSEM_AXDR_DELTA_LONG, INT16_MIN, INT16_MAX},
        {COSEM_AXDR_DELTA_DOUBLE_LONG, INT32_MIN, INT32_MAX},
        {COSEM_AXDR_DELTA_UNSIGNED, 0, UINT8_MAX},
        {COSEM_AXDR_DELTA_LONG_UNSIGNED, 0, UINT16_MAX},
        {COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED, 0, UINT32_MAX},
    };
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint8_t b[32], type = 0;
        int64_t v = 0;
        cosem_axdr_writer_t w;
        cosem_axdr_reader_t r;
        int size = cosem_axdr_fixed_size(t[i].type);
        ck_assert(cosem_axdr_is_integer(t[i].type));
        /* min and max round trip through read_int. */
        cosem_axdr_writer_init(&w, b, sizeof b);
        cosem_axdr_write_int(&w, t[i].type, t[i].min);
        cosem_axdr_write_int(&w, t[i].type, t[i].max);
        ck_assert_int_eq(cosem_axdr_writer_status(&w), COSEM_OK);
        ck_assert_uint_eq(cosem_axdr_writer_len(&w), 2u * (1u + (unsigned)size));
        cosem_axdr_reader_init(&r, b, cosem_axdr_writer_len(&w));
        ck_assert_int_eq(cosem_axdr_read_int(&r, &type, &v), COSEM_OK);
        ck_assert_uint_eq(type, t[i].type);
        ck_assert(v == t[i].min);
        ck_assert_int_eq(cosem_axdr_read_int(&r, &type, &v), COSEM_OK);
        ck_assert(v == t[i].max);
        ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
        /* One past either end is refused and nothing is written. */
        if (t[i].min > INT64_MIN) {
            cosem_axdr_writer_init(&w, b, sizeof b);
            ck_assert_int_eq(cosem_axdr_write_int(&w, t[i].type, t[i].min - 1), COSEM_E_RANGE);
            ck_assert_uint_eq(cosem_axdr_writer_len(&w), 0);
        }
        if (t[i].max < INT64_MAX) {
            cosem_axdr_writer_init(&w, b, sizeof b);
            ck_assert_int_eq(cosem_axdr_write_int(&w, t[i].type, t[i].max + 1), COSEM_E_RANGE);
        }
    }
}
END_TEST

START_TEST(test_write_int_deltas_known)
{
    /* Blue Book: delta-integer [28] Integer8 ... delta-double-long-unsigned [33]
     * Unsigned32; big-endian like the plain types. */
    uint8_t b[64], want[64];
    cosem_axdr_writer_t w;
    size_t n = tu_hex("1C FF 1D 80 00 1E 00 01 00 00 1F 7F 20 12 34 21 FF FF FF FE", want,
                      sizeof want);
    cosem_axdr_writer_init(&w, b, sizeof b);
    cosem_axdr_write_int(&w, COSEM_AXDR_DELTA_INTEGER, -1);
    cosem_axdr_write_int(&w, COSEM_AXDR_DELTA_LONG, -32768);
    cosem_axdr_write_int(&w, COSEM_AXDR_DELTA_DOUBLE_LONG, 65536);
    cosem_axdr_write_int(&w, COSEM_AXDR_DELTA_UNSIGNED, 127);
    cosem_axdr_write_int(&w, COSEM_AXDR_DELTA_LONG_UNSIGNED, 0x1234);
    cosem_axdr_write_int(&w, COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED, 0xFFFFFFFE);
    ck_assert_int_eq(cosem_axdr_writer_status(&w), COSEM_OK);
    tu_assert_bytes(b, cosem_axdr_writer_len(&w), want, n);
    /* Not an integer type. */
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(cosem_axdr_write_int(&w, COSEM_AXDR_OCTET_STRING, 1), COSEM_E_ARG);
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(cosem_axdr_write_int(&w, COSEM_AXDR_BOOLEAN, 1), COSEM_E_ARG);
}
END_TEST

/* ---- lengths --------------------------------------------------------- */

START_TEST(test_length_forms)
{
    static const struct {
        size_t n;
        const char *hex;
    } t[] = {
        {0, "00"},           {127, "7F"},          {128, "81 80"},
        {255, "81 FF"},      {256, "82 01 00"},    {65535, "82 FF FF"},
        {65536, "83 01 00 00"}, {0xFFFFFF, "83 FF FF FF"}, {0x1000000, "84 01 00 00 00"},
        {0xFFFFFFFFu, "84 FF FF FF FF"},
    };
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint8_t b[8], want[8];
        size_t n = tu_hex(t[i].hex, want, sizeof want), got = 0;
        cosem_axdr_writer_t w;
        cosem_axdr_reader_t r;
        cosem_axdr_writer_init(&w, b, sizeof b);
        ck_assert_int_eq(cosem_axdr_put_length(&w, t[i].n), COSEM_OK);
        tu_assert_bytes(b, cosem_axdr_writer_len(&w), want, n);
        ck_assert_uint_eq(cosem_axdr_length_size(t[i].n), n);
        cosem_axdr_reader_init(&r, want, n);
        ck_assert_int_eq(cosem_axdr_get_length(&r, &got), COSEM_OK);
        ck_assert_uint_eq(got, t[i].n);
    }
}
END_TEST

START_TEST(test_length_read_bad)
{
    size_t n = 0;
    cosem_axdr_reader_t r = rd("81 05");   /* non-minimal but valid */
    ck_assert_int_eq(cosem_axdr_get_length(&r, &n), COSEM_OK);
    ck_assert_uint_eq(n, 5);
    r = rd("80");                          /* indefinite form */
    ck_assert_int_eq(cosem_axdr_get_length(&r, &n), COSEM_E_MALFORMED);
    r = rd("85 00 00 00 00 01");           /* five length octets */
    ck_assert_int_eq(cosem_axdr_get_length(&r, &n), COSEM_E_MALFORMED);
    r = rd("FF");
    ck_assert_int_eq(cosem_axdr_get_length(&r, &n), COSEM_E_MALFORMED);
    r = rd("82 01");                       /* truncated */
    ck_assert_int_eq(cosem_axdr_get_length(&r, &n), COSEM_E_TRUNCATED);
    r = rd("");
    ck_assert_int_eq(cosem_axdr_get_length(&r, &n), COSEM_E_TRUNCATED);
}
END_TEST

/* length_begin/end with contents that need 1, 2, 3 and 4 length octets. */
START_TEST(test_length_backpatch)
{
    static uint8_t b[70016];
    static const size_t sizes[] = {0, 1, 127, 128, 255, 256, 300, 65535, 65536, 70000};
    size_t i, j;
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        cosem_axdr_writer_t w, sz;
        cosem_axdr_reader_t r;
        size_t mark, got = 0, k = cosem_axdr_length_size(sizes[i]);
        const uint8_t *p;
        cosem_axdr_writer_init(&w, b, sizeof b);
        cosem_axdr_put_u8(&w, 0xAA);
        mark = cosem_axdr_length_begin(&w);
        for (j = 0; j < sizes[i]; j++) {
            cosem_axdr_put_u8(&w, (uint8_t)(j * 7u));
        }
        ck_assert_int_eq(cosem_axdr_length_end(&w, mark), COSEM_OK);
        ck_assert_uint_eq(cosem_axdr_writer_len(&w), 1 + k + sizes[i]);
        cosem_axdr_reader_init(&r, b, cosem_axdr_writer_len(&w));
        cosem_axdr_get_bytes(&r, 1, &p);
        ck_assert_uint_eq(p[0], 0xAA);
        ck_assert_int_eq(cosem_axdr_get_length(&r, &got), COSEM_OK);
        ck_assert_uint_eq(got, sizes[i]);
        ck_assert_int_eq(cosem_axdr_get_bytes(&r, got, &p), COSEM_OK);
        for (j = 0; j < got; j++) {
            ck_assert_uint_eq(p[j], (uint8_t)(j * 7u));
        }
        /* The sizing writer agrees. */
        cosem_axdr_writer_init_sizing(&sz);
        cosem_axdr_put_u8(&sz, 0xAA);
        mark = cosem_axdr_length_begin(&sz);
        cosem_axdr_reserve(&sz, sizes[i], NULL);
        ck_assert_int_eq(cosem_axdr_length_end(&sz, mark), COSEM_OK);
        ck_assert_uint_eq(cosem_axdr_writer_len(&sz), 1 + k + sizes[i]);
    }
}
END_TEST

START_TEST(test_length_backpatch_nospace)
{
    /* 200 content bytes fill a 202-byte buffer; the 2-octet length needs one
     * more byte: NOSPACE, and the buffer beyond cap is untouched. */
    uint8_t b[203];
    cosem_axdr_writer_t w;
    size_t mark, j;
    memset(b, 0x5A, sizeof b);
    cosem_axdr_writer_init(&w, b, 202);
    cosem_axdr_put_u8(&w, 1);
    mark = cosem_axdr_length_begin(&w);
    for (j = 0; j < 200; j++) {
        cosem_axdr_put_u8(&w, 0);
    }
    ck_assert_int_eq(cosem_axdr_writer_status(&w), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_length_end(&w, mark), COSEM_E_NOSPACE);
    ck_assert_uint_eq(b[202], 0x5A);
    /* A bad mark is an argument error. */
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(cosem_axdr_length_end(&w, 5), COSEM_E_ARG);
}
END_TEST

/* ---- sticky errors ----------------------------------------------------- */

START_TEST(test_writer_sticky)
{
    uint8_t b[4];
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(cosem_axdr_write_u16(&w, 1), COSEM_OK);         /* 3 bytes */
    ck_assert_int_eq(cosem_axdr_write_u16(&w, 2), COSEM_E_NOSPACE);  /* would need 6 */
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 3);
    /* Later calls that would fit are no-ops returning the first error. */
    ck_assert_int_eq(cosem_axdr_put_u8(&w, 9), COSEM_E_NOSPACE);
    ck_assert_int_eq(cosem_axdr_write_null(&w), COSEM_E_NOSPACE);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 3);
    ck_assert_int_eq(cosem_axdr_writer_fail(&w, COSEM_E_RANGE), COSEM_E_NOSPACE);
    /* NULL with non-zero length is an argument error. */
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(cosem_axdr_put_bytes(&w, NULL, 2), COSEM_E_ARG);
    /* A zero-capacity writer fails on the first byte. */
    cosem_axdr_writer_init(&w, NULL, 0);
    ck_assert_int_eq(cosem_axdr_write_null(&w), COSEM_E_NOSPACE);
}
END_TEST

START_TEST(test_reader_sticky)
{
    uint8_t u8 = 0x77;
    uint16_t u16 = 0x7777;
    cosem_axdr_reader_t r = rd("12 00");    /* long-unsigned cut short */
    ck_assert_int_eq(cosem_axdr_read_u16(&r, &u16), COSEM_E_TRUNCATED);
    ck_assert_uint_eq(u16, 0x7777);         /* output untouched */
    ck_assert_int_eq(cosem_axdr_get_u8(&r, &u8), COSEM_E_TRUNCATED);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&r), 0);
    r = rd("11 05 11 06");
    ck_assert_int_eq(cosem_axdr_read_i8(&r, (int8_t *)&u8), COSEM_E_TYPE); /* unsigned, not integer */
    ck_assert_int_eq(cosem_axdr_read_u8(&r, &u8), COSEM_E_TYPE);           /* still failed */
    ck_assert_uint_eq(u8, 0x77);
    r = rd("11 05 11 06");
    ck_assert_int_eq(cosem_axdr_read_u8(&r, &u8), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_E_TRAILING);
    ck_assert_int_eq(cosem_axdr_read_u8(&r, &u8), COSEM_E_TRAILING);
    ck_assert_uint_eq(u8, 5);
}
END_TEST

/* ---- reading every type ------------------------------------------------ */

START_TEST(test_read_known)
{
    bool b = false;
    int8_t i8 = 0;
    uint8_t u8 = 0;
    int16_t i16 = 0;
    uint16_t u16 = 0;
    int32_t i32 = 0;
    uint32_t u32 = 0;
    int64_t i64 = 0;
    uint64_t u64 = 0;
    float f32 = 0;
    double f64 = 0;
    const uint8_t *p = NULL;
    const char *s = NULL;
    size_t n = 0;
    cosem_axdr_reader_t r =
        rd("03 01 03 00 0F FB 11 C8 10 CF C7 12 EA 60 05 F8 A4 32 EB 06 B2 D0 5E 00 "
           "14 FF FF FE E0 8E 04 FB 35 15 F9 CC D8 A1 C5 08 00 00 16 1B 0D 0C 17 43 66 80 00 "
           "18 BF B9 99 99 99 99 99 9A 04 0A B3 80 0A 05 47 75 72 75 78 0C 07 5A C3 A4 68 6C 65 72 "
           "09 03 01 02 03 00");
    ck_assert_int_eq(cosem_axdr_read_bool(&r, &b), COSEM_OK);
    ck_assert(b);
    ck_assert_int_eq(cosem_axdr_read_bool(&r, &b), COSEM_OK);
    ck_assert(!b);
    cosem_axdr_read_i8(&r, &i8);
    ck_assert_int_eq(i8, -5);
    cosem_axdr_read_u8(&r, &u8);
    ck_assert_uint_eq(u8, 200);
    cosem_axdr_read_i16(&r, &i16);
    ck_assert_int_eq(i16, -12345);
    cosem_axdr_read_u16(&r, &u16);
    ck_assert_uint_eq(u16, 60000);
    cosem_axdr_read_i32(&r, &i32);
    ck_assert_int_eq(i32, -123456789);
    cosem_axdr_read_u32(&r, &u32);
    ck_assert_uint_eq(u32, 3000000000u);
    cosem_axdr_read_i64(&r, &i64);
    ck_assert(i64 == -1234567890123LL);
    cosem_axdr_read_u64(&r, &u64);
    ck_assert(u64 == 18000000000000000000ULL);
    cosem_axdr_read_enum(&r, &u8);
    ck_assert_uint_eq(u8, 27);
    cosem_axdr_read_bcd(&r, &u8);
    ck_assert_uint_eq(u8, 0x0C);
    cosem_axdr_read_f32(&r, &f32);
    ck_assert(f32 == 230.5f);
    cosem_axdr_read_f64(&r, &f64);
    ck_assert(f64 == -0.1);
    cosem_axdr_read_bit_string(&r, &p, &n);
    ck_assert_uint_eq(n, 10);
    ck_assert_uint_eq(p[0], 0xB3);
    ck_assert_uint_eq(p[1], 0x80);
    cosem_axdr_read_visible_string(&r, &s, &n);
    ck_assert_uint_eq(n, 5);
    ck_assert(memcmp(s, "Gurux", 5) == 0);
    cosem_axdr_read_utf8_string(&r, &s, &n);
    ck_assert_uint_eq(n, 7);
    ck_assert(memcmp(s, "Z\xC3\xA4hler", 7) == 0);
    cosem_axdr_read_octet_string(&r, &p, &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(p[2], 3);
    ck_assert_int_eq(cosem_axdr_read_null(&r), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
}
END_TEST

START_TEST(test_read_datetime_forms)
{
    cosem_datetime_t dt;
    /* GET clock response of guruxpy-client_guruxc-server_wrapper_lls.txt line 12:
     * octet-string(12), 2026-11-21 Saturday 08:54:25. */
    cosem_axdr_reader_t r = rd("09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00");
    ck_assert_int_eq(cosem_axdr_read_datetime(&r, &dt), COSEM_OK);
    ck_assert_uint_eq(dt.year, 2026);
    ck_assert_uint_eq(dt.month, 11);
    ck_assert_uint_eq(dt.day, 21);
    ck_assert_uint_eq(dt.day_of_week, 6);
    ck_assert_uint_eq(dt.hour, 8);
    ck_assert_uint_eq(dt.minute, 54);
    ck_assert_uint_eq(dt.second, 25);
    ck_assert_int_eq(dt.deviation, 0);
    /* The date-time tag, deviation 0x8000 (not specified), status 0xFF. */
    r = rd("19 07 EA 0B 15 06 08 36 19 00 80 00 FF");
    ck_assert_int_eq(cosem_axdr_read_datetime(&r, &dt), COSEM_OK);
    ck_assert_int_eq(dt.deviation, COSEM_DT_DEVIATION_NS);
    ck_assert_uint_eq(dt.status, 0xFF);
    /* Date and time, tagged (Gurux.DLMS.Python) and as octet-strings. */
    r = rd("1A 07 EA 0B 15 FF 09 05 07 EA 0B 15 FF 1B 08 36 19 FF 09 04 08 36 19 FF");
    ck_assert_int_eq(cosem_axdr_read_date(&r, &dt), COSEM_OK);
    ck_assert_uint_eq(dt.day, 21);
    ck_assert_uint_eq(dt.hour, COSEM_DT_NS);
    ck_assert_int_eq(cosem_axdr_read_date(&r, &dt), COSEM_OK);
    ck_assert_uint_eq(dt.month, 11);
    ck_assert_int_eq(cosem_axdr_read_time(&r, &dt), COSEM_OK);
    ck_assert_uint_eq(dt.minute, 54);
    ck_assert_uint_eq(dt.year, COSEM_DT_YEAR_NS);
    ck_assert_int_eq(cosem_axdr_read_time(&r, &dt), COSEM_OK);
    ck_assert_uint_eq(dt.second, 25);
    /* Wrong octet-string sizes and wrong tags. */
    r = rd("09 0B 07 EA 0B 15 06 08 36 19 00 00 00");
    ck_assert_int_eq(cosem_axdr_read_datetime(&r, &dt), COSEM_E_TYPE);
    r = rd("09 04 07 EA 0B 15");
    ck_assert_int_eq(cosem_axdr_read_date(&r, &dt), COSEM_E_TYPE);
    r = rd("06 00 00 00 00");
    ck_assert_int_eq(cosem_axdr_read_time(&r, &dt), COSEM_E_TYPE);
    r = rd("19 07 EA");
    ck_assert_int_eq(cosem_axdr_read_datetime(&r, &dt), COSEM_E_TRUNCATED);
    r = rd("");
    ck_assert_int_eq(cosem_axdr_read_datetime(&r, &dt), COSEM_E_TRUNCATED);
}
END_TEST

START_TEST(test_read_int_family)
{
    uint8_t type = 0;
    int64_t v = 0;
    uint64_t u = 0;
    cosem_axdr_reader_t r = rd("16 05 1C 80 21 FF FF FF FF 15 7F FF FF FF FF FF FF FF");
    ck_assert_int_eq(cosem_axdr_read_int(&r, &type, &v), COSEM_OK);
    ck_assert_uint_eq(type, COSEM_AXDR_ENUM);
    ck_assert(v == 5);
    ck_assert_int_eq(cosem_axdr_read_int(&r, &type, &v), COSEM_OK);
    ck_assert(v == -128);
    ck_assert_int_eq(cosem_axdr_read_int(&r, NULL, &v), COSEM_OK);
    ck_assert(v == 4294967295LL);
    ck_assert_int_eq(cosem_axdr_read_int(&r, &type, &v), COSEM_OK);
    ck_assert(v == INT64_MAX);
    /* long64-unsigned above INT64_MAX: range error here, fine with read_u64. */
    r = rd("15 80 00 00 00 00 00 00 00");
    ck_assert_int_eq(cosem_axdr_read_int(&r, &type, &v), COSEM_E_RANGE);
    r = rd("15 80 00 00 00 00 00 00 00");
    ck_assert_int_eq(cosem_axdr_read_u64(&r, &u), COSEM_OK);
    ck_assert(u == 0x8000000000000000ULL);
    /* Not integers. */
    r = rd("03 01");
    ck_assert_int_eq(cosem_axdr_read_int(&r, &type, &v), COSEM_E_TYPE);
    r = rd("09 01 00");
    ck_assert_int_eq(cosem_axdr_read_int(&r, &type, &v), COSEM_E_TYPE);
}
END_TEST

START_TEST(test_read_containers)
{
    size_t n = 0;
    uint8_t ln[6] = {0};
    cosem_axdr_reader_t r = rd("01 02 11 01 11 02");
    ck_assert_int_eq(cosem_axdr_read_array(&r, &n), COSEM_OK);
    ck_assert_uint_eq(n, 2);
    /* More elements than bytes left cannot be valid. */
    r = rd("01 05 11 01 11 02");
    ck_assert_int_eq(cosem_axdr_read_array(&r, &n), COSEM_E_TRUNCATED);
    r = rd("02 84 FF FF FF FF 00");
    ck_assert_int_eq(cosem_axdr_read_structure(&r, &n), COSEM_E_TRUNCATED);
    r = rd("02 01 00");
    ck_assert_int_eq(cosem_axdr_read_array(&r, &n), COSEM_E_TYPE);
    /* OBIS octet-string: exact length only. */
    r = rd("09 06 00 00 01 00 00 FF");
    ck_assert_int_eq(cosem_axdr_read_octet_string_fixed(&r, ln, 6), COSEM_OK);
    ck_assert_uint_eq(ln[2], 1);
    ck_assert_uint_eq(ln[5], 0xFF);
    r = rd("09 05 00 00 01 00 00");
    ck_assert_int_eq(cosem_axdr_read_octet_string_fixed(&r, ln, 6), COSEM_E_TYPE);
    r = rd("09 06 00 00 01");
    ck_assert_int_eq(cosem_axdr_read_octet_string_fixed(&r, ln, 6), COSEM_E_TRUNCATED);
}
END_TEST

START_TEST(test_peek_and_subreader)
{
    uint8_t t = 0, v = 0;
    cosem_axdr_reader_t r = rd("11 2A AA BB CC"), sub;
    ck_assert_int_eq(cosem_axdr_peek_type(&r, &t), COSEM_OK);
    ck_assert_uint_eq(t, COSEM_AXDR_UNSIGNED);
    ck_assert_uint_eq(cosem_axdr_reader_pos(&r), 0);
    cosem_axdr_read_u8(&r, &v);
    ck_assert_int_eq(cosem_axdr_get_sub(&r, 2, &sub), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&sub), 2);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&r), 1);
    /* A sub-reader cannot read past its own end even though the parent has
     * more bytes. */
    ck_assert_int_eq(cosem_axdr_get_u16(&sub, (uint16_t *)&(uint16_t){0}), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_get_u8(&sub, &v), COSEM_E_TRUNCATED);
    ck_assert_int_eq(cosem_axdr_reader_status(&r), COSEM_OK);
    /* A sub-reader too long fails and comes back failed and empty. */
    ck_assert_int_eq(cosem_axdr_get_sub(&r, 2, &sub), COSEM_E_TRUNCATED);
    ck_assert_int_eq(cosem_axdr_reader_status(&sub), COSEM_E_TRUNCATED);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&sub), 0);
    /* Peek at the end is not an error of the reader. */
    r = rd("");
    ck_assert_int_eq(cosem_axdr_peek_type(&r, &t), COSEM_E_TRUNCATED);
    ck_assert_int_eq(cosem_axdr_reader_status(&r), COSEM_OK);
}
END_TEST

/* ---- skip / validate ------------------------------------------------------ */

START_TEST(test_skip_prefixes_every_type)
{
    static const char *values[] = {
        "03 01", "0F FB", "11 C8", "10 CF C7", "12 EA 60", "05 F8 A4 32 EB", "06 B2 D0 5E 00",
        "14 FF FF FE E0 8E 04 FB 35", "15 F9 CC D8 A1 C5 08 00 00", "16 1B", "0D 0C",
        "17 43 66 80 00", "18 BF B9 99 99 99 99 99 9A", "04 0A B3 80",
        "04 81 80 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F",
        "0A 05 47 75 72 75 78", "0C 07 5A C3 A4 68 6C 65 72",
        "19 07 EA 0B 15 06 08 36 19 00 80 00 FF", "1A 07 EA 0B 15 FF", "1B 08 36 19 FF",
        "1C FF", "1D 80 00", "1E 00 01 00 00", "1F 7F", "20 12 34", "21 FF FF FF FE",
        "02 04 12 00 0F 11 02 09 06 00 00 28 00 00 FF 02 02 01 01 02 03 0F 01 16 01 00 01 00",
        "13 02 02 12 06 0C 00 01 00 00 00 05 00 02 00 00 00 07",
        "13 01 00 02 11 04 00 01 02 03",
        "13 09 06 01 02 03 04 05 06",
    };
    size_t i;
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        uint8_t b[256];
        size_t n = tu_hex(values[i], b, sizeof b);
        check_prefixes(b, n);
    }
}
END_TEST

START_TEST(test_skip_null_and_dont_care)
{
    cosem_axdr_reader_t r = rd("00 FF 01 00");
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
}
END_TEST

START_TEST(test_skip_unknown_tags)
{
    /* Every tag that is not a Data type is malformed; every valid tag followed
     * by zeros either skips or reports a defined error. */
    unsigned t;
    for (t = 0; t < 256; t++) {
        uint8_t b[32] = {0};
        cosem_axdr_reader_t r;
        cosem_status_t st;
        b[0] = (uint8_t)t;
        cosem_axdr_reader_init(&r, b, sizeof b);
        st = cosem_axdr_skip(&r);
        if (strcmp(cosem_axdr_type_name((uint8_t)t), "unknown") == 0) {
            ck_assert_msg(st == COSEM_E_MALFORMED, "tag %u: %d", t, st);
        } else if (t == COSEM_AXDR_COMPACT_ARRAY) {
            ck_assert_int_eq(st, COSEM_E_MALFORMED); /* null-data in a description */
        } else {
            ck_assert_msg(st == COSEM_OK, "tag %u: %d", t, st);
        }
    }
}
END_TEST

/* Arrays nested n deep around null-data. */
static size_t nest(uint8_t *b, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++) {
        b[2 * i] = COSEM_AXDR_ARRAY;
        b[2 * i + 1] = 1;
    }
    b[2 * n] = 0;
    return 2 * n + 1;
}

START_TEST(test_skip_depth_limit)
{
    uint8_t b[2 * 300 + 1];
    cosem_axdr_reader_t r;
    size_t n = nest(b, COSEM_AXDR_MAX_DEPTH);
    cosem_axdr_reader_init(&r, b, n);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    n = nest(b, COSEM_AXDR_MAX_DEPTH + 1);
    cosem_axdr_reader_init(&r, b, n);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_DEPTH);
    n = nest(b, 300);
    cosem_axdr_reader_init(&r, b, n);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_DEPTH);
    /* The limit can be lowered per reader. */
    n = nest(b, 4);
    cosem_axdr_reader_init(&r, b, n);
    cosem_axdr_reader_set_max_depth(&r, 4);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    n = nest(b, 5);
    cosem_axdr_reader_init(&r, b, n);
    cosem_axdr_reader_set_max_depth(&r, 4);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_DEPTH);
    /* and is clamped to 1..COSEM_AXDR_MAX_DEPTH */
    n = nest(b, 1);
    cosem_axdr_reader_init(&r, b, n);
    cosem_axdr_reader_set_max_depth(&r, 0);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    n = nest(b, COSEM_AXDR_MAX_DEPTH + 1);
    cosem_axdr_reader_init(&r, b, n);
    cosem_axdr_reader_set_max_depth(&r, 1000);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_DEPTH);
}
END_TEST

START_TEST(test_skip_bad_lengths)
{
    cosem_axdr_reader_t r = rd("09 80");
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_MALFORMED);
    r = rd("09 84 FF FF FF FF 00");
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_TRUNCATED);
    r = rd("04 84 FF FF FF FF 00");   /* 4 Gbit bit-string */
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_TRUNCATED);
    r = rd("01 82 FF FF 00");
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_TRUNCATED);
    r = rd("01 03 11 01 11 02");      /* third element missing */
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_TRUNCATED);
}
END_TEST

/* ---- compact arrays -------------------------------------------------------- */

START_TEST(test_compact_write_known)
{
    /* Two elements of structure{long-unsigned, double-long-unsigned};
     * Gurux.DLMS.Python decodes these bytes as [[1, 5], [2, 7]]. */
    static const uint8_t desc[] = {0x02, 0x02, 0x12, 0x06};
    uint8_t b[64], want[64];
    size_t n = tu_hex("13 02 02 12 06 0C 00 01 00 00 00 05 00 02 00 00 00 07", want, sizeof want);
    cosem_axdr_writer_t w;
    size_t mark;
    cosem_axdr_writer_init(&w, b, sizeof b);
    mark = cosem_axdr_write_compact_begin(&w, desc, sizeof desc);
    cosem_axdr_put_u16(&w, 1);
    cosem_axdr_put_u32(&w, 5);
    cosem_axdr_put_u16(&w, 2);
    cosem_axdr_put_u32(&w, 7);
    ck_assert_int_eq(cosem_axdr_write_compact_end(&w, mark), COSEM_OK);
    tu_assert_bytes(b, cosem_axdr_writer_len(&w), want, n);
    /* An empty description is refused. */
    cosem_axdr_writer_init(&w, b, sizeof b);
    mark = cosem_axdr_write_compact_begin(&w, desc, 0);
    ck_assert_int_eq(cosem_axdr_write_compact_end(&w, mark), COSEM_E_ARG);
}
END_TEST

/* Collects parser events as "type/depth/count/value" text. */
static void events(const char *hex, char *out, size_t cap, cosem_status_t want)
{
    cosem_axdr_reader_t r = rd(hex);
    cosem_axdr_parser_t p;
    cosem_axdr_event_t ev;
    size_t o = 0;
    out[0] = '\0';
    cosem_axdr_parser_init(&p, &r);
    while (!cosem_axdr_parse_done(&p)) {
        int64_t v = 0;
        if (cosem_axdr_parse_next(&p, &ev) != COSEM_OK) {
            break;
        }
        if (cosem_axdr_event_int(&ev, &v) != COSEM_OK) {
            v = (int64_t)ev.len;
        }
        o += (size_t)snprintf(out + o, cap - o, "%s%u/%u/%u/%lld%s", o ? " " : "", ev.type,
                              ev.depth, ev.count, (long long)v, ev.in_compact ? "c" : "");
    }
    ck_assert_int_eq(cosem_axdr_reader_status(&r), want);
    ck_assert_int_eq(cosem_axdr_parse_next(&p, &ev), want == COSEM_OK ? COSEM_E_STATE : want);
}

/* The Gurux.DLMS.Python decoder reads the same values from each of these:
 * [[1, 5], [2, 7]]; [10, 11, 12, 13]; [[[-1, 1], AABB], [[-2, 2], CC]];
 * [[1, 2], 9]. */
START_TEST(test_compact_parse)
{
    char out[1024];
    events("13 02 02 12 06 0C 00 01 00 00 00 05 00 02 00 00 00 07", out, sizeof out, COSEM_OK);
    ck_assert_str_eq(out, "19/0/0/0 2/1/2/0c 18/2/0/1c 6/2/0/5c 2/1/2/0c 18/2/0/2c 6/2/0/7c");
    /* compact-array of unsigned: 4 elements. */
    events("13 11 04 0A 0B 0C 0D", out, sizeof out, COSEM_OK);
    ck_assert_str_eq(out, "19/0/0/0 17/1/0/10c 17/1/0/11c 17/1/0/12c 17/1/0/13c");
    /* array-in-description: array of 2 long, structure with octet-string. */
    events("13 02 02 01 00 02 10 09 0D FF FF 00 01 02 AA BB FF FE 00 02 01 CC", out, sizeof out,
           COSEM_OK);
    ck_assert_str_eq(out, "19/0/0/0 2/1/2/0c 1/2/2/0c 16/3/0/-1c 16/3/0/1c 9/2/0/2c "
                          "2/1/2/0c 1/2/2/0c 16/3/0/-2c 16/3/0/2c 9/2/0/1c");
    /* empty contents: zero elements. */
    events("13 06 00", out, sizeof out, COSEM_OK);
    ck_assert_str_eq(out, "19/0/0/0");
    /* inside a structure, followed by another element. */
    events("02 02 13 11 02 01 02 11 09", out, sizeof out, COSEM_OK);
    ck_assert_str_eq(out, "2/0/2/0 19/1/0/0 17/2/0/1c 17/2/0/2c 17/1/0/9");
}
END_TEST

START_TEST(test_compact_malformed)
{
    char out[1024];
    events("13 00 02 00 00", out, sizeof out, COSEM_E_MALFORMED);     /* null-data element */
    events("13 FF 02 00 00", out, sizeof out, COSEM_E_MALFORMED);     /* dont-care element */
    events("13 02 00 00", out, sizeof out, COSEM_E_MALFORMED);        /* empty structure */
    events("13 01 00 00 11 00", out, sizeof out, COSEM_E_MALFORMED);  /* array of 0 */
    events("13 13 11 00", out, sizeof out, COSEM_E_MALFORMED);        /* nested compact */
    events("13 07 01 00", out, sizeof out, COSEM_E_MALFORMED);        /* unknown type 7 */
    events("13 02 05 11", out, sizeof out, COSEM_E_TRUNCATED);        /* description cut */
    events("13 12 03 00 01 00", out, sizeof out, COSEM_E_TRUNCATED);  /* half an element */
    events("13 12 04 00 01", out, sizeof out, COSEM_E_TRUNCATED);     /* contents past end */
    events("13 09 02 05 00", out, sizeof out, COSEM_E_TRUNCATED);     /* string past contents */
    events("13 09 01 80", out, sizeof out, COSEM_E_MALFORMED);        /* bad inner length */
}
END_TEST

START_TEST(test_compact_depth)
{
    /* A description nested deeper than the limit fails when walked. */
    uint8_t b[2 * COSEM_AXDR_MAX_DEPTH + 8];
    size_t n = 0, i;
    cosem_axdr_reader_t r;
    b[n++] = COSEM_AXDR_COMPACT_ARRAY;
    for (i = 0; i < COSEM_AXDR_MAX_DEPTH; i++) {
        b[n++] = COSEM_AXDR_STRUCTURE;
        b[n++] = 1;
    }
    b[n++] = COSEM_AXDR_UNSIGNED;
    b[n++] = 1;   /* contents length */
    b[n++] = 42;
    cosem_axdr_reader_init(&r, b, n);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_DEPTH);
    /* One level less fits: the compact-array frame + MAX_DEPTH-1 structures. */
    n = 0;
    b[n++] = COSEM_AXDR_COMPACT_ARRAY;
    for (i = 0; i + 1 < COSEM_AXDR_MAX_DEPTH; i++) {
        b[n++] = COSEM_AXDR_STRUCTURE;
        b[n++] = 1;
    }
    b[n++] = COSEM_AXDR_UNSIGNED;
    b[n++] = 1;
    b[n++] = 42;
    cosem_axdr_reader_init(&r, b, n);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
}
END_TEST

/* ---- the captures ------------------------------------------------------------ */

/* Concatenates the raw-data of the GET-with-datablock responses in
 * dlmscosem-client_guruxc-server_wrapper_noauth.txt lines 10-26 (the
 * association's object list, 9 blocks). Returns its length. */
static size_t object_list(uint8_t *out, size_t cap)
{
    tu_frame_t f[64];
    size_t n = tu_vec_load("dlmscosem-client_guruxc-server_wrapper_noauth.txt", f, 64), i, o = 0;
    for (i = 0; i < n; i++) {
        cosem_axdr_reader_t r;
        const uint8_t *p;
        size_t len = 0;
        uint8_t hdr[4];
        uint32_t block = 0;
        uint8_t last = 0, choice = 0;
        if (f[i].dir != 'S' || f[i].len < 12 || f[i].bytes[8] != 0xC4 || f[i].bytes[9] != 0x02) {
            continue;
        }
        /* wrapper(8) C4 02 invoke-id | last-block block-number result-choice raw-data */
        cosem_axdr_reader_init(&r, f[i].bytes + 8, f[i].len - 8);
        cosem_axdr_get_bytes(&r, 3, &p);
        memcpy(hdr, p, 3);
        cosem_axdr_get_u8(&r, &last);
        cosem_axdr_get_u32(&r, &block);
        cosem_axdr_get_u8(&r, &choice);
        cosem_axdr_get_length(&r, &len);
        cosem_axdr_get_bytes(&r, len, &p);
        ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
        ck_assert_uint_eq(choice, 0);
        ck_assert(o + len <= cap);
        memcpy(out + o, p, len);
        o += len;
    }
    tu_vec_free(f, n);
    return o;
}

START_TEST(test_capture_object_list)
{
    static uint8_t b[8192];
    size_t n = object_list(b, sizeof b), count = 0, i, classes = 0;
    cosem_axdr_reader_t r;
    ck_assert_uint_gt(n, 3000);
    /* The whole list skips exactly to its end. */
    cosem_axdr_reader_init(&r, b, n);
    ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
    /* Typed walk: array of {class-id, version, logical name, access rights}. */
    cosem_axdr_reader_init(&r, b, n);
    ck_assert_int_eq(cosem_axdr_read_array(&r, &count), COSEM_OK);
    ck_assert_uint_eq(count, 0x34);
    for (i = 0; i < count; i++) {
        size_t k = 0;
        uint16_t cls = 0;
        uint8_t ver = 0, ln[6];
        cosem_axdr_read_structure(&r, &k);
        ck_assert_uint_eq(k, 4);
        cosem_axdr_read_u16(&r, &cls);
        cosem_axdr_read_u8(&r, &ver);
        cosem_axdr_read_octet_string_fixed(&r, ln, 6);
        cosem_axdr_skip(&r);
        ck_assert_int_eq(cosem_axdr_reader_status(&r), COSEM_OK);
        if (i == 0) {
            ck_assert_uint_eq(cls, 15); /* Association LN 0.0.40.0.0.255 first */
            ck_assert_uint_eq(ln[2], 40);
        }
        classes += cls == 8; /* the clock */
    }
    ck_assert_uint_eq(classes, 1);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
    /* Every truncation is reported, never read past. */
    for (i = 0; i < n; i += 7) {
        cosem_axdr_reader_init(&r, b, i);
        ck_assert_int_eq(cosem_axdr_skip(&r), COSEM_E_TRUNCATED);
    }
}
END_TEST

START_TEST(test_capture_lls_values)
{
    /* guruxpy-client_guruxc-server_wrapper_lls.txt: line 24 capture objects,
     * line 27 the profile range request's access parameters, line 28 rows. */
    static const char *values[] = {
        "01 02 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 02 04 12 00 01 09 06 00 00 "
        "60 0B 00 FF 0F 02 12 00 00",
        "02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 09 0C 07 EA 0B 14 FF 08 36 "
        "19 00 00 00 00 09 0C 07 EA 0B 16 FF 08 36 19 00 00 00 00 01 00",
        "01 03 02 02 09 0C 07 EA 0B 15 06 08 36 16 00 00 00 00 12 00 01 02 02 09 0C 07 EA 0B 15 "
        "06 08 36 16 00 00 00 00 12 00 80 02 02 09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00 12 00 02",
    };
    size_t i;
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        uint8_t b[256];
        size_t n = tu_hex(values[i], b, sizeof b);
        check_prefixes(b, n);
    }
}
END_TEST

START_TEST(test_event_int_uint)
{
    cosem_axdr_event_t ev;
    int64_t v = 0;
    uint64_t u = 0;
    static const uint8_t neg[] = {0xFF, 0xFE}, big[] = {0x80, 0, 0, 0, 0, 0, 0, 1};
    memset(&ev, 0, sizeof ev);
    ev.type = COSEM_AXDR_LONG;
    ev.data = neg;
    ev.len = 2;
    ck_assert_int_eq(cosem_axdr_event_int(&ev, &v), COSEM_OK);
    ck_assert(v == -2);
    ck_assert_int_eq(cosem_axdr_event_uint(&ev, &u), COSEM_E_RANGE);
    ev.type = COSEM_AXDR_LONG_UNSIGNED;
    ck_assert_int_eq(cosem_axdr_event_uint(&ev, &u), COSEM_OK);
    ck_assert(u == 0xFFFE);
    ev.type = COSEM_AXDR_LONG64_UNSIGNED;
    ev.data = big;
    ev.len = 8;
    ck_assert_int_eq(cosem_axdr_event_int(&ev, &v), COSEM_E_RANGE);
    ck_assert_int_eq(cosem_axdr_event_uint(&ev, &u), COSEM_OK);
    ck_assert(u == 0x8000000000000001ULL);
    ev.type = COSEM_AXDR_BOOLEAN;
    ev.data = neg;
    ev.len = 1;
    ck_assert_int_eq(cosem_axdr_event_int(&ev, &v), COSEM_OK);
    ck_assert(v == 1);
    ev.type = COSEM_AXDR_OCTET_STRING;
    ck_assert_int_eq(cosem_axdr_event_int(&ev, &v), COSEM_E_TYPE);
}
END_TEST

START_TEST(test_type_info)
{
    ck_assert_int_eq(cosem_axdr_fixed_size(COSEM_AXDR_DATE_TIME), 12);
    ck_assert_int_eq(cosem_axdr_fixed_size(COSEM_AXDR_DATE), 5);
    ck_assert_int_eq(cosem_axdr_fixed_size(COSEM_AXDR_TIME), 4);
    ck_assert_int_eq(cosem_axdr_fixed_size(COSEM_AXDR_FLOAT64), 8);
    ck_assert_int_eq(cosem_axdr_fixed_size(COSEM_AXDR_OCTET_STRING), -1);
    ck_assert_int_eq(cosem_axdr_fixed_size(COSEM_AXDR_NULL_DATA), 0);
    ck_assert_int_eq(cosem_axdr_fixed_size(7), -1);
    ck_assert_str_eq(cosem_axdr_type_name(COSEM_AXDR_DOUBLE_LONG_UNSIGNED), "double-long-unsigned");
    ck_assert_str_eq(cosem_axdr_type_name(COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED),
                     "delta-double-long-unsigned");
    ck_assert_str_eq(cosem_axdr_type_name(8), "unknown");
    ck_assert(!cosem_axdr_is_integer(COSEM_AXDR_BOOLEAN));
    ck_assert(cosem_axdr_is_integer(COSEM_AXDR_ENUM));
}
END_TEST

static Suite *axdr_suite(void)
{
    Suite *s = suite_create("axdr");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_write_known_gurux);
    tcase_add_test(tc, test_write_dates);
    tcase_add_test(tc, test_write_nested);
    tcase_add_test(tc, test_write_int_ranges);
    tcase_add_test(tc, test_write_int_deltas_known);
    tcase_add_test(tc, test_length_forms);
    tcase_add_test(tc, test_length_read_bad);
    tcase_add_test(tc, test_length_backpatch);
    tcase_add_test(tc, test_length_backpatch_nospace);
    tcase_add_test(tc, test_writer_sticky);
    tcase_add_test(tc, test_reader_sticky);
    tcase_add_test(tc, test_read_known);
    tcase_add_test(tc, test_read_datetime_forms);
    tcase_add_test(tc, test_read_int_family);
    tcase_add_test(tc, test_read_containers);
    tcase_add_test(tc, test_peek_and_subreader);
    tcase_add_test(tc, test_skip_prefixes_every_type);
    tcase_add_test(tc, test_skip_null_and_dont_care);
    tcase_add_test(tc, test_skip_unknown_tags);
    tcase_add_test(tc, test_skip_depth_limit);
    tcase_add_test(tc, test_skip_bad_lengths);
    tcase_add_test(tc, test_compact_write_known);
    tcase_add_test(tc, test_compact_parse);
    tcase_add_test(tc, test_compact_malformed);
    tcase_add_test(tc, test_compact_depth);
    tcase_add_test(tc, test_capture_object_list);
    tcase_add_test(tc, test_capture_lls_values);
    tcase_add_test(tc, test_event_int_uint);
    tcase_add_test(tc, test_type_info);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(axdr_suite)
