/* SPDX-License-Identifier: Apache-2.0 */
/* Value tree: decode, child, equal, encode, printers. Byte vectors come
 * from the captures in tests/vectors/ (file and line cited) or are built
 * by hand from the A-XDR rules of IEC 62056-6-2 (Data CHOICE tags, 4.1.5;
 * compact-array TypeDescription, 9.5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/axdr.h>
#include <cosem/value.h>

#include "test_util.h"

#define NODES 4096

static cosem_value_node_t g_nodes[NODES];
static cosem_value_node_t g_nodes2[NODES];

/* Decodes hex into g_nodes; the bytes live in a static buffer. */
static cosem_status_t decode_hex(const char *hex, size_t cap, size_t *count)
{
    static uint8_t buf[8192];
    size_t n = tu_hex(hex, buf, sizeof buf);
    cosem_axdr_reader_t r;
    cosem_status_t st;
    cosem_axdr_reader_init(&r, buf, n);
    st = cosem_value_decode(&r, g_nodes, cap, count);
    ck_assert_int_eq(st, cosem_axdr_reader_status(&r));
    if (st == COSEM_OK) {
        ck_assert_uint_eq(cosem_axdr_reader_remaining(&r), 0);
    }
    return st;
}

/* Decodes bytes, checks the whole input was one value, re-encodes it and
 * requires the same bytes; returns the node count. */
static size_t round_trip(const uint8_t *in, size_t n, cosem_value_node_t *nodes)
{
    static uint8_t out[8192];
    cosem_axdr_reader_t r;
    cosem_axdr_writer_t w;
    size_t count = 0;
    cosem_axdr_reader_init(&r, in, n);
    ck_assert_int_eq(cosem_value_decode(&r, nodes, NODES, &count), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
    ck_assert_uint_eq(nodes[0].next, count);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_value_encode(&w, nodes, count, 0), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), in, n);
    /* The sizing writer measures the same length. */
    cosem_axdr_writer_init_sizing(&w);
    ck_assert_int_eq(cosem_value_encode(&w, nodes, count, 0), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), n);
    return count;
}

static size_t round_trip_hex(const char *hex)
{
    static uint8_t buf[8192];
    size_t n = tu_hex(hex, buf, sizeof buf);
    return round_trip(buf, n, g_nodes);
}

/* ---- Primitives ----------------------------------------------------------- */

START_TEST(test_primitives_signed)
{
    static const struct {
        const char *hex;
        uint8_t type;
        int64_t v;
    } cases[] = {
        {"0F FB", COSEM_AXDR_INTEGER, -5},
        {"10 FF FE", COSEM_AXDR_LONG, -2},
        {"05 FF FF FF FF", COSEM_AXDR_DOUBLE_LONG, -1},
        {"05 7F FF FF FF", COSEM_AXDR_DOUBLE_LONG, 2147483647},
        {"14 80 00 00 00 00 00 00 00", COSEM_AXDR_LONG64, INT64_MIN},
        {"1C 80", COSEM_AXDR_DELTA_INTEGER, -128},
        {"1D 80 01", COSEM_AXDR_DELTA_LONG, -32767},
        {"1E FF FF FF 00", COSEM_AXDR_DELTA_DOUBLE_LONG, -256},
        {"03 00", COSEM_AXDR_BOOLEAN, 0},
        {"03 05", COSEM_AXDR_BOOLEAN, 1},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_uint_eq(round_trip_hex(cases[i].hex), 1);
        ck_assert_uint_eq(g_nodes[0].type, cases[i].type);
        ck_assert_int_eq(g_nodes[0].v.i, cases[i].v);
        ck_assert_uint_eq(g_nodes[0].depth, 0);
        ck_assert_uint_eq(g_nodes[0].next, 1);
        ck_assert(!g_nodes[0].in_compact);
    }
}
END_TEST

START_TEST(test_primitives_unsigned)
{
    static const struct {
        const char *hex;
        uint8_t type;
        uint64_t v;
        size_t len;
    } cases[] = {
        {"11 05", COSEM_AXDR_UNSIGNED, 5, 1},
        {"12 01 00", COSEM_AXDR_LONG_UNSIGNED, 256, 2},
        {"06 00 00 04 D2", COSEM_AXDR_DOUBLE_LONG_UNSIGNED, 1234, 4},
        {"15 FF FF FF FF FF FF FF FF", COSEM_AXDR_LONG64_UNSIGNED, UINT64_MAX, 8},
        {"16 03", COSEM_AXDR_ENUM, 3, 1},
        {"0D 12", COSEM_AXDR_BCD, 0x12, 1},
        {"1F FF", COSEM_AXDR_DELTA_UNSIGNED, 255, 1},
        {"20 FF FF", COSEM_AXDR_DELTA_LONG_UNSIGNED, 65535, 2},
        {"21 80 00 00 00", COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED, 0x80000000u, 4},
        {"17 3F C0 00 00", COSEM_AXDR_FLOAT32, 0x3FC00000u, 4},
        {"18 3F F8 00 00 00 00 00 00", COSEM_AXDR_FLOAT64, 0x3FF8000000000000u, 8},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_uint_eq(round_trip_hex(cases[i].hex), 1);
        ck_assert_uint_eq(g_nodes[0].type, cases[i].type);
        ck_assert_uint_eq(g_nodes[0].v.u, cases[i].v);
        ck_assert_uint_eq(g_nodes[0].len, cases[i].len);
        ck_assert_ptr_nonnull(g_nodes[0].data);
    }
}
END_TEST

START_TEST(test_primitives_strings)
{
    /* visible-string "Gurux": the LLS password of
     * guruxpy-client_guruxc-server_wrapper_lls.txt line 8 (AC 07 80 05 ...). */
    ck_assert_uint_eq(round_trip_hex("0A 05 47 75 72 75 78"), 1);
    ck_assert_uint_eq(g_nodes[0].type, COSEM_AXDR_VISIBLE_STRING);
    ck_assert_uint_eq(g_nodes[0].len, 5);
    ck_assert(memcmp(g_nodes[0].data, "Gurux", 5) == 0);
    ck_assert_uint_eq(round_trip_hex("09 06 00 00 01 00 00 FF"), 1);
    ck_assert_uint_eq(g_nodes[0].len, 6);
    ck_assert_uint_eq(g_nodes[0].data[5], 0xFF);
    ck_assert_uint_eq(round_trip_hex("0C 02 C3 A9"), 1);
    ck_assert_uint_eq(g_nodes[0].type, COSEM_AXDR_UTF8_STRING);
    ck_assert_uint_eq(round_trip_hex("09 00"), 1);
    ck_assert_uint_eq(g_nodes[0].len, 0);
    /* bit-string of 12 bits in two octets */
    ck_assert_uint_eq(round_trip_hex("04 0C A5 B0"), 1);
    ck_assert_uint_eq(g_nodes[0].count, 12);
    ck_assert_uint_eq(g_nodes[0].len, 2);
    ck_assert_uint_eq(round_trip_hex("04 00"), 1);
    ck_assert_uint_eq(g_nodes[0].len, 0);
    /* a 200-octet string uses the long length form 81 C8 */
    {
        char hex[1024];
        size_t i, o = 0;
        o += (size_t)sprintf(hex, "09 81 C8");
        for (i = 0; i < 200; i++) {
            o += (size_t)sprintf(hex + o, " %02X", (unsigned)i);
        }
        ck_assert_uint_eq(round_trip_hex(hex), 1);
        ck_assert_uint_eq(g_nodes[0].len, 200);
    }
}
END_TEST

START_TEST(test_primitives_null_and_dates)
{
    ck_assert_uint_eq(round_trip_hex("00"), 1);
    ck_assert_uint_eq(g_nodes[0].type, COSEM_AXDR_NULL_DATA);
    ck_assert_ptr_null(g_nodes[0].data);
    ck_assert_uint_eq(round_trip_hex("FF"), 1);
    ck_assert_uint_eq(g_nodes[0].type, COSEM_AXDR_DONT_CARE);
    /* date-time with its own tag: the clock value of
     * guruxpy-client_guruxc-server_wrapper_lls.txt line 13, tag 19 instead of 09 0C */
    ck_assert_uint_eq(round_trip_hex("19 07 EA 0B 15 06 08 36 19 00 FF C4 80"), 1);
    ck_assert_uint_eq(g_nodes[0].v.dt.year, 2026);
    ck_assert_uint_eq(g_nodes[0].v.dt.month, 11);
    ck_assert_uint_eq(g_nodes[0].v.dt.day, 21);
    ck_assert_uint_eq(g_nodes[0].v.dt.day_of_week, 6);
    ck_assert_uint_eq(g_nodes[0].v.dt.hour, 8);
    ck_assert_uint_eq(g_nodes[0].v.dt.minute, 54);
    ck_assert_uint_eq(g_nodes[0].v.dt.second, 25);
    ck_assert_uint_eq(g_nodes[0].v.dt.hundredths, 0);
    ck_assert_int_eq(g_nodes[0].v.dt.deviation, -60);
    ck_assert_uint_eq(g_nodes[0].v.dt.status, 0x80);
    ck_assert_uint_eq(round_trip_hex("1A 07 EA 0B 15 06"), 1);
    ck_assert_uint_eq(g_nodes[0].v.dt.year, 2026);
    ck_assert_uint_eq(g_nodes[0].v.dt.hour, COSEM_DT_NS);
    ck_assert_uint_eq(round_trip_hex("1B 08 36 19 FF"), 1);
    ck_assert_uint_eq(g_nodes[0].v.dt.minute, 54);
    ck_assert_uint_eq(g_nodes[0].v.dt.hundredths, COSEM_DT_NS);
    ck_assert_uint_eq(g_nodes[0].v.dt.year, COSEM_DT_YEAR_NS);
}
END_TEST

/* ---- Containers ------------------------------------------------------------ */

START_TEST(test_nested_structure)
{
    /* capture_objects of the event log:
     * guruxpy-client_guruxc-server_wrapper_lls.txt line 24, after C4 01 C1 00 */
    size_t n = round_trip_hex("01 02 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00"
                              "02 04 12 00 01 09 06 00 00 60 0B 00 FF 0F 02 12 00 00");
    ck_assert_uint_eq(n, 11);
    ck_assert_uint_eq(g_nodes[0].type, COSEM_AXDR_ARRAY);
    ck_assert_uint_eq(g_nodes[0].count, 2);
    ck_assert_uint_eq(g_nodes[0].next, 11);
    ck_assert_uint_eq(g_nodes[1].type, COSEM_AXDR_STRUCTURE);
    ck_assert_uint_eq(g_nodes[1].depth, 1);
    ck_assert_uint_eq(g_nodes[1].count, 4);
    ck_assert_uint_eq(g_nodes[1].next, 6);
    ck_assert_uint_eq(g_nodes[2].depth, 2);
    ck_assert_uint_eq(g_nodes[2].v.u, 8);
    ck_assert_uint_eq(g_nodes[6].next, 11);
    /* children */
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 0, 0), 1);
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 0, 1), 6);
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 0, 2), n);
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 6, 1), 8);
    ck_assert_uint_eq(g_nodes[8].data[3], 0x0B);
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 6, 3), 10);
    ck_assert_uint_eq(g_nodes[10].v.u, 0);
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 6, 4), n);
    /* not a container, out of range */
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 2, 0), n);
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, n, 0), n);
    ck_assert_uint_eq(cosem_value_child(NULL, 0, 0, 0), 0);
}
END_TEST

START_TEST(test_empty_containers)
{
    ck_assert_uint_eq(round_trip_hex("01 00"), 1);
    ck_assert_uint_eq(g_nodes[0].count, 0);
    ck_assert_uint_eq(g_nodes[0].next, 1);
    ck_assert_uint_eq(cosem_value_child(g_nodes, 1, 0, 0), 1);
    ck_assert_uint_eq(round_trip_hex("02 03 01 00 02 00 11 07"), 4);
    ck_assert_uint_eq(g_nodes[0].next, 4);
    ck_assert_uint_eq(g_nodes[1].next, 2);
    ck_assert_uint_eq(g_nodes[2].next, 3);
    ck_assert_uint_eq(g_nodes[3].depth, 1);
    ck_assert_uint_eq(cosem_value_child(g_nodes, 4, 0, 2), 3);
    /* empty containers at the end of nested ones */
    ck_assert_uint_eq(round_trip_hex("02 01 01 01 02 00"), 3);
    ck_assert_uint_eq(g_nodes[0].next, 3);
    ck_assert_uint_eq(g_nodes[1].next, 3);
    ck_assert_uint_eq(g_nodes[2].next, 3);
}
END_TEST

START_TEST(test_compact_array)
{
    /* compact-array of structure{long-unsigned, double-long-unsigned}, two
     * elements: TypeDescription 02 02 12 06, contents of 12 octets */
    size_t n = round_trip_hex("13 02 02 12 06 0C 00 01 00 00 00 0A 00 02 00 00 00 14");
    ck_assert_uint_eq(n, 7);
    ck_assert_uint_eq(g_nodes[0].type, COSEM_AXDR_COMPACT_ARRAY);
    ck_assert_uint_eq(g_nodes[0].count, 2);
    ck_assert_uint_eq(g_nodes[0].len, 4);
    ck_assert_uint_eq(g_nodes[0].data[0], 0x02);
    ck_assert_uint_eq(g_nodes[0].data[3], 0x06);
    ck_assert(!g_nodes[0].in_compact);
    ck_assert_uint_eq(g_nodes[1].type, COSEM_AXDR_STRUCTURE);
    ck_assert(g_nodes[1].in_compact);
    ck_assert_uint_eq(g_nodes[1].count, 2);
    ck_assert_uint_eq(g_nodes[1].next, 4);
    ck_assert_uint_eq(g_nodes[2].depth, 2);
    ck_assert(g_nodes[2].in_compact);
    ck_assert_uint_eq(g_nodes[2].v.u, 1);
    ck_assert_uint_eq(g_nodes[3].v.u, 10);
    ck_assert_uint_eq(g_nodes[6].v.u, 20);
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 0, 1), 4);
    /* zero elements: the description is kept and written back */
    ck_assert_uint_eq(round_trip_hex("13 02 02 12 06 00"), 1);
    ck_assert_uint_eq(g_nodes[0].count, 0);
    ck_assert_uint_eq(g_nodes[0].len, 4);
    /* array in the description: array[2] of unsigned, two elements */
    n = round_trip_hex("13 01 00 02 11 04 01 02 03 04");
    ck_assert_uint_eq(n, 7);
    ck_assert_uint_eq(g_nodes[0].count, 2);
    ck_assert_uint_eq(g_nodes[1].type, COSEM_AXDR_ARRAY);
    ck_assert_uint_eq(g_nodes[1].count, 2);
    ck_assert_uint_eq(g_nodes[6].v.u, 4);
    /* strings and bit-strings in compact contents carry their lengths */
    n = round_trip_hex("13 09 04 02 AA BB 00");
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(g_nodes[1].len, 2);
    ck_assert_uint_eq(g_nodes[2].len, 0);
    n = round_trip_hex("13 04 05 0C A5 B0 01 80");
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(g_nodes[2].count, 1);
    /* compact-arrays inside a structure, the second one empty */
    n = round_trip_hex("02 03 13 11 02 05 06 13 12 00 11 09");
    ck_assert_uint_eq(n, 6);
    ck_assert_uint_eq(g_nodes[1].next, 4);
    ck_assert_uint_eq(g_nodes[4].count, 0);
    ck_assert_uint_eq(g_nodes[4].next, 5);
    ck_assert_uint_eq(g_nodes[5].v.u, 9);
    ck_assert(!g_nodes[5].in_compact);
}
END_TEST

/* ---- Limits and malformed input ---------------------------------------------- */

START_TEST(test_node_limit)
{
    size_t count = 99;
    ck_assert_int_eq(decode_hex("01 02 11 01 11 02", 2, &count), COSEM_E_NOSPACE);
    ck_assert_uint_eq(count, 0);
    ck_assert_int_eq(decode_hex("01 02 11 01 11 02", 3, &count), COSEM_OK);
    ck_assert_uint_eq(count, 3);
    ck_assert_int_eq(decode_hex("11 01", 0, &count), COSEM_E_NOSPACE);
    /* compact elements count as nodes too */
    ck_assert_int_eq(decode_hex("13 11 02 05 06", 2, &count), COSEM_E_NOSPACE);
    ck_assert_int_eq(decode_hex("13 11 02 05 06", 3, &count), COSEM_OK);
}
END_TEST

START_TEST(test_depth_limit)
{
    char hex[256];
    size_t i, o = 0, count = 0;
    cosem_axdr_reader_t r;
    uint8_t buf[64];
    size_t n;
    /* COSEM_AXDR_MAX_DEPTH nested arrays hold a leaf; one more is too deep */
    for (i = 0; i < COSEM_AXDR_MAX_DEPTH; i++) {
        o += (size_t)sprintf(hex + o, "01 01 ");
    }
    sprintf(hex + o, "11 2A");
    ck_assert_int_eq(decode_hex(hex, NODES, &count), COSEM_OK);
    ck_assert_uint_eq(count, COSEM_AXDR_MAX_DEPTH + 1u);
    ck_assert_uint_eq(g_nodes[COSEM_AXDR_MAX_DEPTH].depth, COSEM_AXDR_MAX_DEPTH);
    ck_assert_uint_eq(g_nodes[COSEM_AXDR_MAX_DEPTH].v.u, 42);
    for (i = 0; i < COSEM_AXDR_MAX_DEPTH; i++) {
        ck_assert_uint_eq(g_nodes[i].next, count);
    }
    {
        uint8_t out[128];
        cosem_axdr_writer_t w;
        cosem_axdr_writer_init(&w, out, sizeof out);
        ck_assert_int_eq(cosem_value_encode(&w, g_nodes, count, 0), COSEM_OK);
        ck_assert_uint_eq(cosem_axdr_writer_len(&w), 2u * COSEM_AXDR_MAX_DEPTH + 2u);
    }
    sprintf(hex + o, "01 01 11 2A");
    ck_assert_int_eq(decode_hex(hex, NODES, &count), COSEM_E_DEPTH);
    ck_assert_uint_eq(count, 0);
    /* a lowered reader limit */
    n = tu_hex("02 01 02 01 02 01 00", buf, sizeof buf);
    cosem_axdr_reader_init(&r, buf, n);
    cosem_axdr_reader_set_max_depth(&r, 2);
    ck_assert_int_eq(cosem_value_decode(&r, g_nodes, NODES, &count), COSEM_E_DEPTH);
    cosem_axdr_reader_init(&r, buf, n);
    cosem_axdr_reader_set_max_depth(&r, 3);
    ck_assert_int_eq(cosem_value_decode(&r, g_nodes, NODES, &count), COSEM_OK);
    ck_assert_uint_eq(count, 4);
}
END_TEST

START_TEST(test_malformed)
{
    static const struct {
        const char *hex;
        cosem_status_t st;
    } cases[] = {
        {"", COSEM_E_TRUNCATED},
        {"07", COSEM_E_MALFORMED},                 /* tag 7 is not a type */
        {"0E 00", COSEM_E_MALFORMED},              /* tag 14 is not a type */
        {"01 02 11 01", COSEM_E_TRUNCATED},        /* second element missing */
        {"01 05 11 01", COSEM_E_TRUNCATED},        /* count above the bytes left */
        {"02 02 11", COSEM_E_TRUNCATED},
        {"09 05 00", COSEM_E_TRUNCATED},
        {"09 80", COSEM_E_MALFORMED},              /* indefinite length */
        {"09 85 00 00 00 00 01", COSEM_E_MALFORMED}, /* 5 length octets */
        {"06 00 00 01", COSEM_E_TRUNCATED},
        {"04 09 FF", COSEM_E_TRUNCATED},           /* 9 bits need 2 octets */
        {"13 02 00 00", COSEM_E_MALFORMED},        /* empty structure in description */
        {"13 01 00 00 11 00", COSEM_E_MALFORMED},  /* empty array in description */
        {"13 00 00", COSEM_E_MALFORMED},           /* null-data in description */
        {"13 13 11 00", COSEM_E_MALFORMED},        /* compact-array in description */
        {"13 12 03 00 01 00", COSEM_E_TRUNCATED},  /* half an element */
        {"13 12 05 00 01", COSEM_E_TRUNCATED},     /* contents shorter than their length */
    };
    size_t i, count;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        count = 99;
        ck_assert_msg(decode_hex(cases[i].hex, NODES, &count) == cases[i].st, "case %zu: %s", i,
                      cases[i].hex);
        ck_assert_uint_eq(count, 0);
    }
}
END_TEST

START_TEST(test_failed_reader_and_trailing)
{
    /* GET response of the clock: guruxpy-client_guruxc-server_wrapper_lls.txt
     * line 13, after the wrapper header and C4 01 C1 00; then one stray octet. */
    uint8_t buf[32];
    size_t n = tu_hex("09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00 42", buf, sizeof buf), count;
    cosem_axdr_reader_t r;
    cosem_axdr_reader_init(&r, buf, n);
    ck_assert_int_eq(cosem_value_decode(&r, g_nodes, NODES, &count), COSEM_OK);
    ck_assert_uint_eq(count, 1);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&r), 1);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_E_TRAILING);
    /* a reader that has failed decodes nothing */
    ck_assert_int_eq(cosem_value_decode(&r, g_nodes, NODES, &count), COSEM_E_TRAILING);
    ck_assert_uint_eq(count, 0);
}
END_TEST

/* ---- Equality and encoding errors ---------------------------------------------- */

START_TEST(test_equal)
{
    static const char *hex = "02 03 12 00 08 09 06 00 00 01 00 00 FF 13 11 02 05 06";
    uint8_t a[64], b[64];
    size_t na, nb, la = tu_hex(hex, a, sizeof a), lb = tu_hex(hex, b, sizeof b);
    cosem_axdr_reader_t r;
    cosem_value_node_t hand;
    cosem_axdr_reader_init(&r, a, la);
    ck_assert_int_eq(cosem_value_decode(&r, g_nodes, NODES, &na), COSEM_OK);
    cosem_axdr_reader_init(&r, b, lb);
    ck_assert_int_eq(cosem_value_decode(&r, g_nodes2, NODES, &nb), COSEM_OK);
    ck_assert_uint_eq(na, 6);
    ck_assert(cosem_value_equal(g_nodes, na, g_nodes2, nb));
    ck_assert(!cosem_value_equal(g_nodes, na, g_nodes2, nb - 1));
    ck_assert(cosem_value_equal(g_nodes, 0, g_nodes2, 0));
    b[7] = 0x01; /* an OBIS octet */
    ck_assert(!cosem_value_equal(g_nodes, na, g_nodes2, nb));
    b[7] = 0x00;
    b[16] = 0x07; /* a compact element */
    ck_assert(!cosem_value_equal(g_nodes, na, g_nodes2, nb));
    b[16] = 0x05;
    b[14] = 0x12; /* the compact description */
    ck_assert(!cosem_value_equal(g_nodes, na, g_nodes2, nb));
    b[14] = 0x11;
    ck_assert(cosem_value_equal(g_nodes, na, g_nodes2, nb));
    /* a hand-built node with the value only equals the decoded one */
    memset(&hand, 0, sizeof hand);
    hand.type = COSEM_AXDR_LONG_UNSIGNED;
    hand.depth = 1;
    hand.next = 2;
    hand.v.u = 8;
    g_nodes2[1] = hand;
    ck_assert(cosem_value_equal(g_nodes, na, g_nodes2, nb));
    g_nodes2[1].v.u = 9;
    ck_assert(!cosem_value_equal(g_nodes, na, g_nodes2, nb));
    g_nodes2[1].v.u = 8;
    g_nodes2[1].type = COSEM_AXDR_DELTA_LONG_UNSIGNED;
    ck_assert(!cosem_value_equal(g_nodes, na, g_nodes2, nb));
}
END_TEST

START_TEST(test_encode_hand_built)
{
    /* structure{long -2, date-time from v, octet-string} built by hand */
    static const uint8_t os[3] = {1, 2, 3};
    cosem_value_node_t t[4];
    uint8_t out[64], want[64];
    size_t wn = tu_hex("02 03 10 FF FE 19 07 EA 0B 15 FF 08 36 19 00 80 00 00 09 03 01 02 03",
                       want, sizeof want);
    cosem_axdr_writer_t w;
    memset(t, 0, sizeof t);
    t[0].type = COSEM_AXDR_STRUCTURE;
    t[0].count = 3;
    t[0].next = 4;
    t[1].type = COSEM_AXDR_LONG;
    t[1].depth = 1;
    t[1].next = 2;
    t[1].v.i = -2;
    t[2].type = COSEM_AXDR_DATE_TIME;
    t[2].depth = 1;
    t[2].next = 3;
    cosem_datetime_clear(&t[2].v.dt);
    t[2].v.dt.year = 2026;
    t[2].v.dt.month = 11;
    t[2].v.dt.day = 21;
    t[2].v.dt.hour = 8;
    t[2].v.dt.minute = 54;
    t[2].v.dt.second = 25;
    t[2].v.dt.hundredths = 0;
    t[2].v.dt.deviation = INT16_MIN;
    t[2].v.dt.status = 0;
    t[3].type = COSEM_AXDR_OCTET_STRING;
    t[3].depth = 1;
    t[3].next = 4;
    t[3].data = os;
    t[3].len = 3;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_value_encode(&w, t, 4, 0), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), want, wn);
    /* a subtree alone */
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_value_encode(&w, t, 4, 1), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), want + 2, 3);
    /* too small a buffer; a writer that has failed already */
    cosem_axdr_writer_init(&w, out, wn - 1);
    ck_assert_int_eq(cosem_value_encode(&w, t, 4, 0), COSEM_E_NOSPACE);
    cosem_axdr_writer_init(&w, out, sizeof out);
    cosem_axdr_writer_fail(&w, COSEM_E_RANGE);
    ck_assert_int_eq(cosem_value_encode(&w, t, 4, 0), COSEM_E_RANGE);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 0);
    /* array{boolean, date, time} from v: a boolean is written as 01 */
    memset(t, 0, sizeof t);
    t[0].type = COSEM_AXDR_ARRAY;
    t[0].count = 3;
    t[0].next = 4;
    t[1].type = COSEM_AXDR_BOOLEAN;
    t[1].v.i = 5;
    t[2].type = COSEM_AXDR_DATE;
    cosem_datetime_clear(&t[2].v.dt);
    t[2].v.dt.year = 2026;
    t[2].v.dt.month = 11;
    t[3].type = COSEM_AXDR_TIME;
    cosem_datetime_clear(&t[3].v.dt);
    t[3].v.dt.hour = 8;
    for (wn = 1; wn < 4; wn++) {
        t[wn].depth = 1;
        t[wn].next = (uint32_t)wn + 1u;
    }
    wn = tu_hex("01 03 03 01 1A 07 EA 0B FF FF 1B 08 FF FF FF", want, sizeof want);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_value_encode(&w, t, 4, 0), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), want, wn);
}
END_TEST

/* Encodes and expects COSEM_E_ARG. */
static void expect_arg(const cosem_value_node_t *t, size_t n, size_t index)
{
    uint8_t out[64];
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_value_encode(&w, t, n, index), COSEM_E_ARG);
    ck_assert_int_eq(cosem_axdr_writer_status(&w), COSEM_E_ARG);
}

START_TEST(test_encode_inconsistent)
{
    static cosem_value_node_t t[8];
    size_t n = round_trip_hex("02 02 11 01 13 11 02 05 06");
    ck_assert_uint_eq(n, 5);
    memcpy(t, g_nodes, sizeof t);
    expect_arg(t, n, n);          /* index out of range */
    expect_arg(t, n - 1, 0);      /* root's next past count */
    expect_arg(NULL, 0, 0);
    t[0].count = 3;               /* child count does not match */
    expect_arg(t, n, 0);
    t[0].count = 1;
    expect_arg(t, n, 0);
    memcpy(t, g_nodes, sizeof t);
    t[1].next = 3;                /* primitive spanning two nodes */
    expect_arg(t, n, 0);
    memcpy(t, g_nodes, sizeof t);
    t[1].depth = 2;
    expect_arg(t, n, 0);
    memcpy(t, g_nodes, sizeof t);
    t[3].in_compact = false;      /* compact element without the flag */
    expect_arg(t, n, 0);
    memcpy(t, g_nodes, sizeof t);
    t[2].data = NULL;             /* compact-array without its description */
    expect_arg(t, n, 0);
    memcpy(t, g_nodes, sizeof t);
    t[1].len = 2;                 /* wrong content length for unsigned */
    expect_arg(t, n, 0);
    memcpy(t, g_nodes, sizeof t);
    t[1].type = 7;                /* not a type */
    expect_arg(t, n, 0);
    memcpy(t, g_nodes, sizeof t);
    t[2].next = 6;                /* child past its parent's end */
    expect_arg(t, n, 0);
    memcpy(t, g_nodes, sizeof t);
    t[0].next = 0;
    expect_arg(t, n, 0);
    /* the unchanged tree still encodes */
    memcpy(t, g_nodes, sizeof t);
    {
        uint8_t out[32];
        cosem_axdr_writer_t w;
        cosem_axdr_writer_init(&w, out, sizeof out);
        ck_assert_int_eq(cosem_value_encode(&w, t, n, 0), COSEM_OK);
        ck_assert_uint_eq(cosem_axdr_writer_len(&w), 9);
    }
}
END_TEST

/* ---- Captures ---------------------------------------------------------------- */

/* Round-trips the Data value at offset off of the APDU of a wrapper frame. */
static void wrapper_value(const char *file, int line, size_t off)
{
    tu_frame_t f[64];
    size_t i, n = tu_vec_load(file, f, 64);
    bool found = false;
    for (i = 0; i < n; i++) {
        if (f[i].line == line) {
            ck_assert_uint_gt(f[i].len, 8 + off);
            round_trip(f[i].bytes + 8 + off, f[i].len - 8 - off, g_nodes);
            found = true;
        }
    }
    tu_vec_free(f, n);
    ck_assert_msg(found, "%s line %d", file, line);
}

START_TEST(test_capture_values)
{
    static const char *lls = "guruxpy-client_guruxc-server_wrapper_lls.txt";
    static const char *dc = "dlmscosem-client_guruxc-server_wrapper_noauth.txt";
    wrapper_value(dc, 8, 4);    /* GET clock response: C4 01 C1 00 Data */
    wrapper_value(lls, 13, 4);  /* GET clock response */
    wrapper_value(lls, 16, 13); /* SET clock request: C1 01 C1 00 + descriptor(9) + 00 */
    wrapper_value(lls, 20, 13); /* ACTION request: C3 01 C1 00 + descriptor(9) + 01 */
    wrapper_value(lls, 24, 4);  /* GET capture objects response */
    wrapper_value(lls, 27, 14); /* GET request: range descriptor after 01 01 */
    wrapper_value(lls, 28, 4);  /* GET profile buffer response */
    ck_assert_uint_eq(g_nodes[0].count, 3);
    ck_assert_uint_eq(g_nodes[0].next, 10);
}
END_TEST

/* Appends the raw-data of a GET-response-with-datablock (C4 02 C1 last
 * block(4) 00 length raw) to buf; returns whether it was the last block. */
static bool add_block(const uint8_t *apdu, size_t n, uint8_t *buf, size_t *len, size_t cap)
{
    cosem_axdr_reader_t r;
    const uint8_t *raw;
    size_t rl = 0;
    ck_assert_uint_ge(n, 10);
    ck_assert_uint_eq(apdu[0], 0xC4);
    ck_assert_uint_eq(apdu[1], 0x02);
    ck_assert_uint_eq(apdu[8], 0x00);
    cosem_axdr_reader_init(&r, apdu + 9, n - 9);
    ck_assert_int_eq(cosem_axdr_get_length(&r, &rl), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_get_bytes(&r, rl, &raw), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
    ck_assert_uint_le(*len + rl, cap);
    memcpy(buf + *len, raw, rl);
    *len += rl;
    return apdu[3] != 0;
}

/* Checks the reassembled object list of the Gurux server (3913 octets:
 * array of 52 object_list_elements, 1945 nodes by a count of its tags). */
static void check_object_list(const uint8_t *buf, size_t len)
{
    size_t n;
    ck_assert_uint_eq(len, 3913);
    n = round_trip(buf, len, g_nodes);
    ck_assert_uint_eq(n, 1945);
    ck_assert_uint_eq(g_nodes[0].type, COSEM_AXDR_ARRAY);
    ck_assert_uint_eq(g_nodes[0].count, 52);
    /* first element: {class 15, version 2, 0.0.40.0.0.255, access rights} */
    ck_assert_uint_eq(g_nodes[cosem_value_child(g_nodes, n, 1, 0)].v.u, 15);
    ck_assert_uint_eq(g_nodes[cosem_value_child(g_nodes, n, 1, 1)].v.u, 2);
    ck_assert_uint_eq(g_nodes[cosem_value_child(g_nodes, n, 1, 2)].data[2], 40);
    ck_assert_uint_eq(cosem_value_child(g_nodes, n, 0, 51) < n, 1);
    ck_assert_uint_eq(g_nodes[cosem_value_child(g_nodes, n, 0, 51)].next, n);
}

START_TEST(test_capture_object_list_wrapper)
{
    /* dlmscosem-client_guruxc-server_wrapper_noauth.txt lines 10..26 */
    static uint8_t buf[8192];
    tu_frame_t f[64];
    size_t i, n = tu_vec_load("dlmscosem-client_guruxc-server_wrapper_noauth.txt", f, 64),
              len = 0, blocks = 0;
    bool last = false;
    for (i = 0; i < n && !last; i++) {
        if (f[i].dir == 'S' && f[i].len > 10 && f[i].bytes[8] == 0xC4 && f[i].bytes[9] == 0x02) {
            last = add_block(f[i].bytes + 8, f[i].len - 8, buf, &len, sizeof buf);
            blocks++;
        }
    }
    tu_vec_free(f, n);
    ck_assert(last);
    ck_assert_uint_eq(blocks, 9);
    check_object_list(buf, len);
}
END_TEST

START_TEST(test_capture_hdlc)
{
    /* guruxc-client_guruxc-server_hdlc_noauth_getclock.txt: I-frames from the
     * server (7E A8/A0 len 21 03 ctrl HCS(2) info FCS(2) 7E) reassembled,
     * LLC E6 E7 00 removed; the object list in blocks, then the clock. */
    static uint8_t buf[8192], apdu[2048];
    tu_frame_t f[128];
    size_t i, n = tu_vec_load("guruxc-client_guruxc-server_hdlc_noauth_getclock.txt", f, 128);
    size_t len = 0, alen = 0, clock = 0;
    for (i = 0; i < n; i++) {
        const uint8_t *b = f[i].bytes;
        if (f[i].dir != 'S' || f[i].len <= 11 || (b[5] & 1u) != 0) {
            continue; /* not an I-frame with information */
        }
        ck_assert_uint_le(alen + f[i].len - 11, sizeof apdu);
        memcpy(apdu + alen, b + 8, f[i].len - 11);
        alen += f[i].len - 11;
        if ((b[1] & 0x08u) != 0) {
            continue; /* more segments follow */
        }
        ck_assert(apdu[0] == 0xE6 && apdu[1] == 0xE7 && apdu[2] == 0x00);
        if (apdu[3] == 0xC4 && apdu[4] == 0x02) {
            add_block(apdu + 3, alen - 3, buf, &len, sizeof buf);
        } else if (apdu[3] == 0xC4 && apdu[4] == 0x01) {
            ck_assert_uint_eq(round_trip(apdu + 7, alen - 7, g_nodes), 1);
            ck_assert_uint_eq(g_nodes[0].type, COSEM_AXDR_OCTET_STRING);
            ck_assert_uint_eq(g_nodes[0].len, 12);
            clock++;
        }
        alen = 0;
    }
    tu_vec_free(f, n);
    ck_assert_uint_eq(clock, 1);
    check_object_list(buf, len);
}
END_TEST


/* ---- Printers ---------------------------------------------------------------- */

#if COSEM_WITH_VALUE_PRINT

/* Every type once (hand-built from the tag table of IEC 62056-6-2 4.1.5);
 * the date-time is the clock value of
 * guruxpy-client_guruxc-server_wrapper_lls.txt line 13 with deviation -60
 * and status 0x80 (the header's example). */
static const char *ALL_TYPES =
    "02 21 00 FF 03 05 04 0C A5 B0 05 FF FF FF FF 06 00 00 04 D2 0A 05 47 75 72 75 78"
    "0C 0B 41 C3 A9 E2 82 AC F0 9F 98 80 22 0D 12 0F FB 10 80 00 11 FF 12 FF FF"
    "14 80 00 00 00 00 00 00 00 15 FF FF FF FF FF FF FF FF 16 03 17 3F C0 00 00"
    "18 3F B9 99 99 99 99 99 9A 19 07 EA 0B 15 06 08 36 1B 00 FF C4 80 1A 07 EA 0B 15 06"
    "1B 08 36 19 FF 1C 80 1D 80 01 1E FF FF FF 00 1F FF 20 FF FF 21 80 00 00 00"
    "13 02 02 12 06 0C 00 01 00 00 00 0A 00 02 00 00 00 14 01 00 17 7F C0 00 00"
    "18 FF F0 00 00 00 00 00 00 0A 04 22 5C 0A 7F 0C 05 C0 80 ED A0 80";

static const char *ALL_TYPES_TEXT =
    "structure[33]\n"
    "  null-data\n"
    "  dont-care\n"
    "  boolean true\n"
    "  bit-string[12] 101001011011\n"
    "  double-long -1\n"
    "  double-long-unsigned 1234\n"
    "  visible-string[5] \"Gurux\"\n"
    "  utf8-string[11] \"A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\\\"\"\n"
    "  bcd 0x12\n"
    "  integer -5\n"
    "  long -32768\n"
    "  unsigned 255\n"
    "  long-unsigned 65535\n"
    "  long64 -9223372036854775808\n"
    "  long64-unsigned 18446744073709551615\n"
    "  enum 3\n"
    "  float32 1.5\n"
    "  float64 0.10000000000000001\n"
    "  date-time 2026-11-21T08:54:27.00+01:00 status=0x80\n"
    "  date 2026-11-21\n"
    "  time 08:54:25\n"
    "  delta-integer -128\n"
    "  delta-long -32767\n"
    "  delta-double-long -256\n"
    "  delta-unsigned 255\n"
    "  delta-long-unsigned 65535\n"
    "  delta-double-long-unsigned 2147483648\n"
    "  compact-array[2]\n"
    "    structure[2]\n"
    "      long-unsigned 1\n"
    "      double-long-unsigned 10\n"
    "    structure[2]\n"
    "      long-unsigned 2\n"
    "      double-long-unsigned 20\n"
    "  array[0]\n"
    "  float32 NaN\n"
    "  float64 -Infinity\n"
    "  visible-string[4] \"\\\"\\\\\\u000a\\u007f\"\n"
    "  utf8-string[5] \"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"\n";

static const char *ALL_TYPES_JSON =
    "[null,null,true,\"a5b0\",-1,1234,\"Gurux\",\"A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\\\"\","
    "18,-5,-32768,255,65535,-9223372036854775808,18446744073709551615,3,1.5,"
    "0.10000000000000001,\"2026-11-21T08:54:27.00+01:00\",\"2026-11-21\",\"08:54:25\","
    "-128,-32767,-256,255,65535,2147483648,[[1,10],[2,20]],[],\"NaN\",\"-Infinity\","
    "\"\\\"\\\\\\u000a\\u007f\",\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"]";

/* Prints g_nodes[0..count) with print_buf and compares with want. */
static void expect_print(size_t count, unsigned flags, const char *want)
{
    static char buf[16384];
    size_t len = 0;
    ck_assert_int_eq(cosem_value_print_buf(g_nodes, count, flags, buf, sizeof buf, &len),
                     COSEM_OK);
    ck_assert_str_eq(buf, want);
    ck_assert_uint_eq(len, strlen(want));
}

START_TEST(test_print_all_types)
{
    size_t count = 0;
    ck_assert_int_eq(decode_hex(ALL_TYPES, NODES, &count), COSEM_OK);
    ck_assert_uint_eq(count, 40);
    expect_print(count, COSEM_VALUE_PRINT_DEFAULT, ALL_TYPES_TEXT);
    expect_print(count, COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_COMPACT, ALL_TYPES_JSON);
}
END_TEST

START_TEST(test_print_nested)
{
    size_t count = 0;
    /* structure{array[0], structure{OBIS 1.0.1.8.0.255, "abc"}, empty compact-array} */
    ck_assert_int_eq(decode_hex("02 03 01 00 02 02 09 06 01 00 01 08 00 FF 0A 03 61 62 63 13 11 00",
                                NODES, &count),
                     COSEM_OK);
    expect_print(count, COSEM_VALUE_PRINT_DEFAULT,
                 "structure[3]\n"
                 "  array[0]\n"
                 "  structure[2]\n"
                 "    octet-string[6] 0100010800FF (1.0.1.8.0.255)\n"
                 "    visible-string[3] \"abc\"\n"
                 "  compact-array[0]\n");
    expect_print(count, COSEM_VALUE_PRINT_JSON,
                 "[\n"
                 "  [],\n"
                 "  [\n"
                 "    \"0100010800ff\",\n"
                 "    \"abc\"\n"
                 "  ],\n"
                 "  []\n"
                 "]\n");
    expect_print(count, COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_TYPED,
                 "{\"type\": \"structure\", \"value\": [\n"
                 "  {\"type\": \"array\", \"value\": []},\n"
                 "  {\"type\": \"structure\", \"value\": [\n"
                 "    {\"type\": \"octet-string\", \"value\": \"0100010800ff\"},\n"
                 "    {\"type\": \"visible-string\", \"value\": \"abc\"}\n"
                 "  ]},\n"
                 "  {\"type\": \"compact-array\", \"value\": []}\n"
                 "]}\n");
    expect_print(count, COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_TYPED | COSEM_VALUE_PRINT_COMPACT,
                 "{\"type\":\"structure\",\"value\":[{\"type\":\"array\",\"value\":[]},"
                 "{\"type\":\"structure\",\"value\":[{\"type\":\"octet-string\",\"value\":"
                 "\"0100010800ff\"},{\"type\":\"visible-string\",\"value\":\"abc\"}]},"
                 "{\"type\":\"compact-array\",\"value\":[]}]}");
    /* a single primitive at the root */
    ck_assert_int_eq(decode_hex("12 00 07", NODES, &count), COSEM_OK);
    expect_print(count, COSEM_VALUE_PRINT_DEFAULT, "long-unsigned 7\n");
    expect_print(count, COSEM_VALUE_PRINT_JSON, "7\n");
    expect_print(count, COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_TYPED,
                 "{\"type\": \"long-unsigned\", \"value\": 7}\n");
}
END_TEST

START_TEST(test_print_readings)
{
    size_t count = 0;
    /* the clock as octet-string(12):
     * guruxpy-client_guruxc-server_wrapper_lls.txt line 13 */
    ck_assert_int_eq(decode_hex("09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00", NODES, &count),
                     COSEM_OK);
    expect_print(count, COSEM_VALUE_PRINT_DEFAULT,
                 "octet-string[12] 07EA0B150608361900000000 "
                 "(2026-11-21T08:54:25.00+00:00 status=0x00)\n");
    expect_print(count, COSEM_VALUE_PRINT_JSON, "\"07ea0b150608361900000000\"\n");
    /* the clock's logical name: ...dlmscosem-client_guruxc-server_wrapper_noauth.txt
     * line 7 (08 00 00 01 00 00 FF = class 8, 0.0.1.0.0.255) */
    ck_assert_int_eq(decode_hex("09 06 00 00 01 00 00 FF", NODES, &count), COSEM_OK);
    expect_print(count, COSEM_VALUE_PRINT_DEFAULT, "octet-string[6] 0000010000FF (0.0.1.0.0.255)\n");
    /* date and time as octet-strings; an IPv4 address and a bad month show no reading */
    ck_assert_int_eq(decode_hex("02 05 09 05 07 EA 0B 15 06 09 04 08 36 19 00 09 04 C0 A8 01 01"
                                "09 0C 07 EA 0D 15 06 08 36 19 00 00 00 00"
                                "09 0C FF FF FF FF FF FF FF FF FF 80 00 FF",
                                NODES, &count),
                     COSEM_OK);
    expect_print(count, COSEM_VALUE_PRINT_DEFAULT,
                 "structure[5]\n"
                 "  octet-string[5] 07EA0B1506 (2026-11-21)\n"
                 "  octet-string[4] 08361900 (08:54:25.00)\n"
                 "  octet-string[4] C0A80101\n"
                 "  octet-string[12] 07EA0D150608361900000000\n"
                 "  octet-string[12] FFFFFFFFFFFFFFFFFF8000FF (****-**-**T**:**:**)\n");
    /* a UTF-8 sequence cut short: one replacement character per octet */
    ck_assert_int_eq(decode_hex("0C 03 61 E2 82", NODES, &count), COSEM_OK);
    expect_print(count, COSEM_VALUE_PRINT_JSON, "\"a\\ufffd\\ufffd\"\n");
    ck_assert_int_eq(decode_hex("09 00", NODES, &count), COSEM_OK);
    expect_print(count, COSEM_VALUE_PRINT_DEFAULT, "octet-string[0]\n");
    expect_print(count, COSEM_VALUE_PRINT_JSON, "\"\"\n");
}
END_TEST

/* Sink that appends to a buffer and stops after `stop_after` calls. */
typedef struct {
    char text[65536];
    size_t len;
    unsigned calls;
    unsigned stop_after;
} sink_t;

static int test_sink(void *user, const char *text, size_t len)
{
    sink_t *s = user;
    ck_assert_uint_le(s->len + len, sizeof s->text - 1);
    memcpy(s->text + s->len, text, len);
    s->len += len;
    s->text[s->len] = '\0';
    return ++s->calls >= s->stop_after;
}

START_TEST(test_print_sink_stop_and_truncation)
{
    static sink_t s;
    static char buf[4096];
    size_t count = 0, full = 0, len = 0, cap;
    ck_assert_int_eq(decode_hex(ALL_TYPES, NODES, &count), COSEM_OK);
    /* the sink's text equals the buffer's */
    memset(&s, 0, sizeof s);
    s.stop_after = 1000000;
    ck_assert_int_eq(cosem_value_print(g_nodes, count, 0, test_sink, &s), COSEM_OK);
    ck_assert_str_eq(s.text, ALL_TYPES_TEXT);
    ck_assert_uint_gt(s.calls, 1);
    full = s.len;
    /* a sink that stops: COSEM_E_IO, and no call after the stop */
    memset(&s, 0, sizeof s);
    s.stop_after = 1;
    ck_assert_int_eq(cosem_value_print(g_nodes, count, 0, test_sink, &s), COSEM_E_IO);
    ck_assert_uint_eq(s.calls, 1);
    ck_assert(strncmp(s.text, ALL_TYPES_TEXT, s.len) == 0);
    memset(&s, 0, sizeof s);
    s.stop_after = 3;
    ck_assert_int_eq(cosem_value_print(g_nodes, count, COSEM_VALUE_PRINT_JSON, test_sink, &s),
                     COSEM_E_IO);
    ck_assert_uint_eq(s.calls, 3);
    /* truncation at every capacity: NUL-terminated prefix, full length reported */
    for (cap = 1; cap <= full + 1; cap++) {
        memset(buf, 'x', sizeof buf);
        ck_assert_int_eq(cosem_value_print_buf(g_nodes, count, 0, buf, cap, &len),
                         cap > full ? COSEM_OK : COSEM_E_NOSPACE);
        ck_assert_uint_eq(len, full);
        ck_assert_uint_eq(strlen(buf), cap > full ? full : cap - 1);
        ck_assert(strncmp(buf, ALL_TYPES_TEXT, strlen(buf)) == 0);
        ck_assert(buf[cap] == 'x');
    }
    ck_assert_int_eq(cosem_value_print_buf(g_nodes, count, 0, NULL, 0, &len), COSEM_E_NOSPACE);
    ck_assert_uint_eq(len, full);
}
END_TEST

START_TEST(test_print_inconsistent)
{
    char buf[64];
    size_t count = 0, len = 99;
    static sink_t s;
    ck_assert_int_eq(decode_hex("02 02 11 01 11 02", NODES, &count), COSEM_OK);
    g_nodes[0].count = 3;
    memset(&s, 0, sizeof s);
    s.stop_after = 1000;
    ck_assert_int_eq(cosem_value_print(g_nodes, count, 0, test_sink, &s), COSEM_E_ARG);
    ck_assert_uint_eq(s.calls, 0); /* nothing printed */
    ck_assert_int_eq(cosem_value_print_buf(g_nodes, count, 0, buf, sizeof buf, &len), COSEM_E_ARG);
    ck_assert_str_eq(buf, "");
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(cosem_value_print_buf(g_nodes, 0, 0, buf, sizeof buf, &len), COSEM_E_ARG);
    ck_assert_int_eq(cosem_value_print(g_nodes, count, 0, NULL, NULL), COSEM_E_ARG);
}
END_TEST

START_TEST(test_print_object_list)
{
    /* the object list of dlmscosem-client_guruxc-server_wrapper_noauth.txt,
     * lines 10..26: its first element in compact JSON */
    static uint8_t buf[8192];
    static char text[262144];
    tu_frame_t f[64];
    size_t i, n = tu_vec_load("dlmscosem-client_guruxc-server_wrapper_noauth.txt", f, 64),
              len = 0, count = 0, tl = 0;
    cosem_axdr_reader_t r;
    const char *want;
    for (i = 0; i < n; i++) {
        if (f[i].dir == 'S' && f[i].len > 10 && f[i].bytes[8] == 0xC4 && f[i].bytes[9] == 0x02) {
            add_block(f[i].bytes + 8, f[i].len - 8, buf, &len, sizeof buf);
        }
    }
    tu_vec_free(f, n);
    cosem_axdr_reader_init(&r, buf, len);
    ck_assert_int_eq(cosem_value_decode(&r, g_nodes, NODES, &count), COSEM_OK);
    ck_assert_int_eq(cosem_value_print_buf(g_nodes, count,
                                           COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_COMPACT,
                                           text, sizeof text, &tl),
                     COSEM_OK);
    ck_assert_uint_eq(strlen(text), tl);
    want = "[[15,2,\"0000280000ff\",[[[1,1,null],[2,1,null],";
    ck_assert(strncmp(text, want, strlen(want)) == 0);
    ck_assert_int_eq(cosem_value_print_buf(g_nodes, count, 0, text, sizeof text, &tl), COSEM_OK);
    want = "array[52]\n"
           "  structure[4]\n"
           "    long-unsigned 15\n"
           "    unsigned 2\n"
           "    octet-string[6] 0000280000FF (0.0.40.0.0.255)\n"
           "    structure[2]\n"
           "      array[11]\n"
           "        structure[3]\n"
           "          integer 1\n"
           "          enum 1\n"
           "          null-data\n";
    ck_assert(strncmp(text, want, strlen(want)) == 0);
}
END_TEST

#endif /* COSEM_WITH_VALUE_PRINT */

static Suite *value_suite(void)
{
    Suite *s = suite_create("value");
    TCase *tc = tcase_create("tree");
    tcase_add_test(tc, test_primitives_signed);
    tcase_add_test(tc, test_primitives_unsigned);
    tcase_add_test(tc, test_primitives_strings);
    tcase_add_test(tc, test_primitives_null_and_dates);
    tcase_add_test(tc, test_nested_structure);
    tcase_add_test(tc, test_empty_containers);
    tcase_add_test(tc, test_compact_array);
    tcase_add_test(tc, test_node_limit);
    tcase_add_test(tc, test_depth_limit);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_failed_reader_and_trailing);
    tcase_add_test(tc, test_equal);
    tcase_add_test(tc, test_encode_hand_built);
    tcase_add_test(tc, test_encode_inconsistent);
    tcase_add_test(tc, test_capture_values);
    tcase_add_test(tc, test_capture_object_list_wrapper);
    tcase_add_test(tc, test_capture_hdlc);
    suite_add_tcase(s, tc);
#if COSEM_WITH_VALUE_PRINT
    tc = tcase_create("print");
    tcase_add_test(tc, test_print_all_types);
    tcase_add_test(tc, test_print_nested);
    tcase_add_test(tc, test_print_readings);
    tcase_add_test(tc, test_print_sink_stop_and_truncation);
    tcase_add_test(tc, test_print_inconsistent);
    tcase_add_test(tc, test_print_object_list);
    suite_add_tcase(s, tc);
#endif
    return s;
}

TU_MAIN(value_suite)
