/* SPDX-License-Identifier: Apache-2.0 */
/* OBIS codes: both text forms, round trips of every group value, every
 * malformed case, ordering, range checks, the name table, and the OBIS
 * codes that appear in the captures of tests/vectors/.
 *
 * Names and number ranges follow the DLMS UA Blue Book OBIS list
 * (DLMS UA 1000-1, IEC 62056-6-1): value group A medium, C quantity,
 * D processing (7 instantaneous, 8 time integral 1), E tariff rate or
 * instance, F billing period (255 = current / not used). */
#include <stdio.h>
#include <string.h>

#include <cosem/obis.h>

#include "test_util.h"

/* Builds a code from six groups. */
static cosem_obis_t mk(int a, int b, int c, int d, int e, int f)
{
    cosem_obis_t o = COSEM_OBIS(a, b, c, d, e, f);
    return o;
}

/* ---- compare, equal, validate, manufacturer ranges ------------------ */

START_TEST(test_compare_order)
{
    cosem_obis_t base = mk(1, 0, 1, 8, 0, 255), x;
    int pos;
    ck_assert_int_eq(cosem_obis_compare(&base, &base), 0);
    ck_assert(cosem_obis_equal(&base, &base));
    for (pos = 0; pos < 6; pos++) {
        /* A smaller value in one group sorts before, a larger one after. */
        x = base;
        x.v[pos] = (uint8_t)(base.v[pos] == 0 ? 1 : base.v[pos] - 1);
        if (base.v[pos] == 0) {
            ck_assert_int_gt(cosem_obis_compare(&x, &base), 0);
            ck_assert_int_lt(cosem_obis_compare(&base, &x), 0);
        } else {
            ck_assert_int_lt(cosem_obis_compare(&x, &base), 0);
            ck_assert_int_gt(cosem_obis_compare(&base, &x), 0);
        }
        ck_assert(!cosem_obis_equal(&x, &base));
        ck_assert(!cosem_obis_equal(&base, &x));
    }
    {
        /* Group A decides before the later groups; bytes compare unsigned. */
        cosem_obis_t lo = mk(0, 255, 255, 255, 255, 255), hi = mk(1, 0, 0, 0, 0, 0);
        cosem_obis_t f0 = mk(1, 0, 1, 8, 0, 0), f255 = mk(1, 0, 1, 8, 0, 255);
        ck_assert_int_lt(cosem_obis_compare(&lo, &hi), 0);
        ck_assert_int_gt(cosem_obis_compare(&hi, &lo), 0);
        ck_assert_int_lt(cosem_obis_compare(&f0, &f255), 0);
        ck_assert_int_gt(cosem_obis_compare(&f255, &f0), 0);
    }
}
END_TEST

START_TEST(test_validate_group_a)
{
    /* IEC 62056-6-1 media: 0 abstract, 1 electricity, ... 9, 15 other;
     * 10..14 are not assigned and nothing above 15 exists (header doc). */
    int a;
    for (a = 0; a < 256; a++) {
        cosem_obis_t o = mk(a, 255, 255, 255, 255, 255);
        cosem_status_t want = (a <= 9 || a == 15) ? COSEM_OK : COSEM_E_RANGE;
        ck_assert_msg(cosem_obis_validate(&o) == want, "A=%d", a);
    }
    {
        /* Only group A is checked: reserved values elsewhere are valid. */
        cosem_obis_t o = mk(1, 200, 250, 255, 255, 0);
        ck_assert_int_eq(cosem_obis_validate(&o), COSEM_OK);
    }
}
END_TEST

START_TEST(test_manufacturer_ranges)
{
    /* B 128..199, C 128..199 or 240, D/E/F 128..254 (IEC 62056-6-1). */
    static const struct {
        int pos, value;
        bool want;
    } cases[] = {
        { 1, 127, false }, { 1, 128, true }, { 1, 199, true }, { 1, 200, false }, { 1, 255, false },
        { 2, 127, false }, { 2, 128, true }, { 2, 199, true }, { 2, 200, false }, { 2, 239, false },
        { 2, 240, true }, { 2, 241, false }, { 2, 255, false },
        { 3, 127, false }, { 3, 128, true }, { 3, 254, true }, { 3, 255, false },
        { 4, 127, false }, { 4, 128, true }, { 4, 254, true }, { 4, 255, false },
        { 5, 127, false }, { 5, 128, true }, { 5, 254, true }, { 5, 255, false },
    };
    size_t i;
    cosem_obis_t base = mk(1, 0, 1, 8, 0, 255);
    ck_assert(!cosem_obis_is_manufacturer_specific(&base));
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cosem_obis_t o = base;
        o.v[cases[i].pos] = (uint8_t)cases[i].value;
        ck_assert_msg(cosem_obis_is_manufacturer_specific(&o) == cases[i].want, "group %d = %d",
                      cases[i].pos, cases[i].value);
    }
    {
        /* Group A has no manufacturer range. */
        cosem_obis_t o = mk(200, 0, 1, 8, 0, 255);
        ck_assert(!cosem_obis_is_manufacturer_specific(&o));
    }
}
END_TEST

#if COSEM_WITH_OBIS_TEXT

/* ---- parse ---------------------------------------------------------- */

/* Asserts o holds the six groups given. */
static void assert_code(const cosem_obis_t *o, int a, int b, int c, int d, int e, int f)
{
    cosem_obis_t want = mk(a, b, c, d, e, f);
    ck_assert_msg(memcmp(o->v, want.v, 6) == 0, "got %u.%u.%u.%u.%u.%u", o->v[0], o->v[1],
                  o->v[2], o->v[3], o->v[4], o->v[5]);
}

/* Parses a NUL-terminated string (without its NUL). */
static cosem_status_t parse_str(cosem_obis_t *o, const char *s)
{
    return cosem_obis_parse(o, s, strlen(s));
}

START_TEST(test_parse_iec)
{
    cosem_obis_t o;
    ck_assert_int_eq(parse_str(&o, "1-0:1.8.0*255"), COSEM_OK);
    assert_code(&o, 1, 0, 1, 8, 0, 255);
    ck_assert_int_eq(parse_str(&o, "1-0:32.7.0*0"), COSEM_OK);
    assert_code(&o, 1, 0, 32, 7, 0, 0);
    /* F left out means 255. */
    ck_assert_int_eq(parse_str(&o, "1-0:1.8.1"), COSEM_OK);
    assert_code(&o, 1, 0, 1, 8, 1, 255);
    /* '&' stands for '*'. */
    ck_assert_int_eq(parse_str(&o, "1-0:1.8.0&101"), COSEM_OK);
    assert_code(&o, 1, 0, 1, 8, 0, 101);
    ck_assert_int_eq(parse_str(&o, "0-0:96.1.0*255"), COSEM_OK);
    assert_code(&o, 0, 0, 96, 1, 0, 255);
    ck_assert_int_eq(parse_str(&o, "255-255:255.255.255*255"), COSEM_OK);
    assert_code(&o, 255, 255, 255, 255, 255, 255);
    /* Up to three digits, leading zeros allowed. */
    ck_assert_int_eq(parse_str(&o, "001-000:099.098.000*255"), COSEM_OK);
    assert_code(&o, 1, 0, 99, 98, 0, 255);
}
END_TEST

START_TEST(test_parse_dotted)
{
    cosem_obis_t o;
    ck_assert_int_eq(parse_str(&o, "0.0.1.0.0.255"), COSEM_OK);
    assert_code(&o, 0, 0, 1, 0, 0, 255);
    ck_assert_int_eq(parse_str(&o, "1.0.99.98.0.255"), COSEM_OK);
    assert_code(&o, 1, 0, 99, 98, 0, 255);
    ck_assert_int_eq(parse_str(&o, "0.0.0.0.0.0"), COSEM_OK);
    assert_code(&o, 0, 0, 0, 0, 0, 0);
    ck_assert_int_eq(parse_str(&o, "000.000.040.000.001.255"), COSEM_OK);
    assert_code(&o, 0, 0, 40, 0, 1, 255);
}
END_TEST

START_TEST(test_parse_uses_len)
{
    /* The text need not be NUL-terminated and nothing past len is read. */
    static const char buf[] = "0.0.1.0.0.255XYZ";
    static const char iec[] = "1-0:1.8.0*2559";
    static const char nul[] = "0.0.1.0.0.2\0" "55";
    cosem_obis_t o;
    ck_assert_int_eq(cosem_obis_parse(&o, buf, 13), COSEM_OK);
    assert_code(&o, 0, 0, 1, 0, 0, 255);
    ck_assert_int_eq(cosem_obis_parse(&o, buf, 14), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_obis_parse(&o, buf, 12), COSEM_OK);
    assert_code(&o, 0, 0, 1, 0, 0, 25);
    ck_assert_int_eq(cosem_obis_parse(&o, iec, 13), COSEM_OK);
    assert_code(&o, 1, 0, 1, 8, 0, 255);
    ck_assert_int_eq(cosem_obis_parse(&o, iec, 9), COSEM_OK); /* "1-0:1.8.0" */
    assert_code(&o, 1, 0, 1, 8, 0, 255);
    ck_assert_int_eq(cosem_obis_parse(&o, iec, 10), COSEM_E_MALFORMED); /* ends in '*' */
    ck_assert_int_eq(cosem_obis_parse(&o, iec, 14), COSEM_E_MALFORMED); /* 4 digits */
    /* An embedded NUL is a bad character, not an end. */
    ck_assert_int_eq(cosem_obis_parse(&o, nul, sizeof nul - 1), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_obis_parse(&o, nul, 11), COSEM_OK);
    assert_code(&o, 0, 0, 1, 0, 0, 2);
}
END_TEST

START_TEST(test_parse_malformed)
{
    static const char *const bad[] = {
        "",                        /* empty */
        "1", "1.", "1-", "1-0", "1-0:", "1-0:1", "1-0:1.", "1-0:1.8", "1-0:1.8.",
        "1.0.1.8.0", "1.0.1.8.0.", "1.0.1.8", ".0.1.8.0.255", "1..1.8.0.255",
        "1.0.1.8..255", "1-0:1.8.0*", "1-0:1.8.0&", "1-0::1.8.0*255",
        "1000.0.1.8.0.255",        /* four digits */
        "1.0.1.8.0.0255", "1-0:1.8.0*2550", "0001-0:1.8.0*255",
        "+1.0.1.8.0.255", "-1.0.1.8.0.255", "1.0.-1.8.0.255", "1-0:+1.8.0*255",
        " 1.0.1.8.0.255", "1.0.1.8.0.255 ", "1.0. 1.8.0.255", "1.0.1.8.0.255\n",
        "\t1-0:1.8.0*255", "1-0:1.8.0 *255",
        "1.0.1.8.0.255x", "1-0:1.8.0*255x", "1-0:1.8.0x", "a.0.1.8.0.255", "0x1.0.1.8.0.255",
        "1.0.1.8.0.2a5",
        "1-0:1.8.0.255",           /* dot for '*' */
        "1-0.1.8.0*255",           /* dot for ':' */
        "1:0-1.8.0*255",           /* swapped */
        "1.0:1.8.0.255", "1.0.1.8.0*255", "1.0.1.8.0&255", "1-0:1:8.0*255",
        "1-0:1.8-0*255", "1,0,1,8,0,255", "1/0/1/8/0/255", "1_0_1_8_0_255",
        "1.0.1.8.0.255.0",         /* seven groups */
        "1.0.1.8.0.255.", "1-0:1.8.0*255*1", "1-0:1.8.0*255&", "1-0:1.8.0.0*255",
        "1-0:1.8.0*255.0", "1-0-0:1.8.0*255",
        "256.0.0",                 /* bad syntax wins over range */
        "999-0:1.8.0*255x", "1.0.1.8.0.256.1",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cosem_obis_t o = mk(7, 7, 7, 7, 7, 7);
        ck_assert_msg(parse_str(&o, bad[i]) == COSEM_E_MALFORMED, "accepted \"%s\"", bad[i]);
        assert_code(&o, 7, 7, 7, 7, 7, 7); /* untouched on failure */
    }
}
END_TEST

START_TEST(test_parse_range)
{
    static const char *const big[] = {
        "256.0.1.8.0.255", "0.256.1.8.0.255", "0.0.256.8.0.255", "0.0.1.256.0.255",
        "0.0.1.8.256.255", "0.0.1.8.0.256", "999.999.999.999.999.999",
        "256-0:1.8.0*255", "1-0:1.8.0*999", "1-0:1.8.300", "1-0:1.8.0&256",
    };
    size_t i;
    for (i = 0; i < sizeof big / sizeof big[0]; i++) {
        cosem_obis_t o = mk(7, 7, 7, 7, 7, 7);
        ck_assert_msg(parse_str(&o, big[i]) == COSEM_E_RANGE, "\"%s\"", big[i]);
        assert_code(&o, 7, 7, 7, 7, 7, 7);
    }
}
END_TEST

START_TEST(test_parse_args)
{
    cosem_obis_t o = mk(7, 7, 7, 7, 7, 7);
    ck_assert_int_eq(cosem_obis_parse(NULL, "1.0.1.8.0.255", 13), COSEM_E_ARG);
    ck_assert_int_eq(cosem_obis_parse(&o, NULL, 5), COSEM_E_ARG);
    ck_assert_int_eq(cosem_obis_parse(&o, NULL, 0), COSEM_E_MALFORMED);
    assert_code(&o, 7, 7, 7, 7, 7, 7);
}
END_TEST

/* ---- format --------------------------------------------------------- */

START_TEST(test_format_known)
{
    char buf[COSEM_OBIS_TEXT_MAX];
    cosem_obis_t o = mk(1, 0, 1, 8, 0, 255), m = mk(255, 255, 255, 255, 255, 255);
    cosem_obis_t z = mk(0, 0, 0, 0, 0, 0), t = mk(10, 9, 100, 99, 200, 1);
    ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_IEC, buf, sizeof buf), 13);
    ck_assert_str_eq(buf, "1-0:1.8.0*255");
    ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_DOTTED, buf, sizeof buf), 13);
    ck_assert_str_eq(buf, "1.0.1.8.0.255");
    ck_assert_uint_eq(cosem_obis_format(&z, COSEM_OBIS_STYLE_IEC, buf, sizeof buf), 11);
    ck_assert_str_eq(buf, "0-0:0.0.0*0");
    ck_assert_uint_eq(cosem_obis_format(&t, COSEM_OBIS_STYLE_DOTTED, buf, sizeof buf), 17);
    ck_assert_str_eq(buf, "10.9.100.99.200.1");
    /* The longest code fills COSEM_OBIS_TEXT_MAX exactly (23 + NUL). */
    ck_assert_uint_eq(cosem_obis_format(&m, COSEM_OBIS_STYLE_IEC, buf, sizeof buf), 23);
    ck_assert_str_eq(buf, "255-255:255.255.255*255");
    ck_assert_uint_eq(cosem_obis_format(&m, COSEM_OBIS_STYLE_DOTTED, buf, sizeof buf), 23);
    ck_assert_str_eq(buf, "255.255.255.255.255.255");
}
END_TEST

START_TEST(test_format_capacity)
{
    char buf[32];
    cosem_obis_t o = mk(1, 0, 1, 8, 0, 255), m = mk(255, 255, 255, 255, 255, 255);
    /* Exactly enough room: text plus NUL. */
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_DOTTED, buf, 14), 13);
    ck_assert_str_eq(buf, "1.0.1.8.0.255");
    ck_assert_int_eq(buf[14], 'x');
    /* One byte short: 0, an empty string, nothing written past cap. */
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_DOTTED, buf, 13), 0);
    ck_assert_int_eq(buf[0], '\0');
    ck_assert_int_eq(buf[1], 'x');
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(cosem_obis_format(&m, COSEM_OBIS_STYLE_IEC, buf, 23), 0);
    ck_assert_int_eq(buf[0], '\0');
    ck_assert_int_eq(buf[1], 'x');
    ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_IEC, buf, 1), 0);
    ck_assert_int_eq(buf[0], '\0');
    /* cap 0: the buffer is not touched. */
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_IEC, buf, 0), 0);
    ck_assert_int_eq(buf[0], 'x');
    /* Bad arguments. */
    ck_assert_uint_eq(cosem_obis_format(&o, (cosem_obis_style_t)2, buf, sizeof buf), 0);
    ck_assert_int_eq(buf[0], '\0');
    ck_assert_uint_eq(cosem_obis_format(NULL, COSEM_OBIS_STYLE_IEC, buf, sizeof buf), 0);
    ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_IEC, NULL, 24), 0);
}
END_TEST

/* Formats o both ways, compares with snprintf's rendering and parses back. */
static void check_round_trip(const cosem_obis_t *o)
{
    char got[COSEM_OBIS_TEXT_MAX], want[64];
    cosem_obis_t back;
    size_t n;
    const uint8_t *v = o->v;

    n = cosem_obis_format(o, COSEM_OBIS_STYLE_IEC, got, sizeof got);
    snprintf(want, sizeof want, "%u-%u:%u.%u.%u*%u", v[0], v[1], v[2], v[3], v[4], v[5]);
    ck_assert_str_eq(got, want);
    ck_assert_uint_eq(n, strlen(want));
    ck_assert_int_eq(cosem_obis_parse(&back, got, n), COSEM_OK);
    ck_assert(cosem_obis_equal(&back, o));

    n = cosem_obis_format(o, COSEM_OBIS_STYLE_DOTTED, got, sizeof got);
    snprintf(want, sizeof want, "%u.%u.%u.%u.%u.%u", v[0], v[1], v[2], v[3], v[4], v[5]);
    ck_assert_str_eq(got, want);
    ck_assert_uint_eq(n, strlen(want));
    ck_assert_int_eq(cosem_obis_parse(&back, got, n), COSEM_OK);
    ck_assert(cosem_obis_equal(&back, o));
}

START_TEST(test_round_trip_every_value)
{
    /* All 256 values in each of the six positions, two backgrounds. */
    int pos, val;
    for (pos = 0; pos < 6; pos++) {
        for (val = 0; val < 256; val++) {
            cosem_obis_t a = mk(1, 0, 1, 8, 0, 255), b = mk(255, 255, 0, 255, 0, 255);
            a.v[pos] = (uint8_t)val;
            b.v[pos] = (uint8_t)val;
            check_round_trip(&a);
            check_round_trip(&b);
        }
    }
}
END_TEST

START_TEST(test_round_trip_iec_without_f)
{
    /* "A-B:C.D.E" parses as F = 255 and formats back with "*255". */
    char buf[COSEM_OBIS_TEXT_MAX];
    cosem_obis_t o;
    ck_assert_int_eq(parse_str(&o, "0-0:96.3.10"), COSEM_OK);
    ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_IEC, buf, sizeof buf), 15);
    ck_assert_str_eq(buf, "0-0:96.3.10*255");
}
END_TEST

#endif /* COSEM_WITH_OBIS_TEXT */

#if COSEM_WITH_OBIS_NAMES

/* ---- names ---------------------------------------------------------- */

typedef struct {
    uint8_t v[6];
    const char *name; /* NULL: not in the table */
} name_case_t;

#define NC(a, b, c, d, e, f, n) { { a, b, c, d, e, f }, n }

/* One or more codes per table row (range ends included), and neighbours
 * that must not match. Source: DLMS UA Blue Book OBIS list. */
static const name_case_t name_cases[] = {
    NC(0, 0, 0, 2, 0, 255, "Active firmware identifier"),
    NC(0, 0, 0, 2, 1, 255, "Active firmware version"),
    NC(0, 0, 0, 2, 8, 255, "Active firmware signature"),
    NC(0, 0, 0, 2, 2, 255, NULL),
    NC(0, 0, 1, 0, 0, 255, "Clock"),
    NC(0, 0, 1, 0, 127, 255, "Clock"),
    NC(0, 64, 1, 0, 0, 255, "Clock"),
    NC(0, 0, 1, 0, 128, 255, NULL),
    NC(0, 65, 1, 0, 0, 255, NULL),
    NC(0, 0, 1, 0, 0, 0, NULL),
    NC(0, 0, 1, 0, 0, 254, NULL),
    NC(2, 0, 1, 0, 0, 255, NULL),
    NC(0, 0, 1, 1, 0, 255, "Unix clock"),
    NC(0, 0, 2, 0, 0, 255, "Modem configuration"),
    NC(0, 0, 2, 1, 0, 255, "Auto connect"),
    NC(0, 0, 2, 2, 0, 255, "Auto answer"),
    NC(0, 0, 10, 0, 0, 255, "Global meter reset script table"),
    NC(0, 0, 10, 0, 1, 255, "End of billing period script table"),
    NC(0, 0, 10, 0, 2, 255, NULL),
    NC(0, 0, 10, 0, 100, 255, "Tariffication script table"),
    NC(0, 0, 10, 0, 101, 255, "Activate test mode script table"),
    NC(0, 0, 10, 0, 102, 255, "Activate normal mode script table"),
    NC(0, 0, 10, 0, 103, 255, "Set output signals script table"),
    NC(0, 0, 10, 0, 104, 255, "Switch optical test output script table"),
    NC(0, 0, 10, 0, 105, 255, "Power quality measurement management script table"),
    NC(0, 0, 10, 0, 106, 255, "Disconnect control script table"),
    NC(0, 0, 10, 0, 107, 255, "Image activation script table"),
    NC(0, 0, 10, 0, 108, 255, "Push script table"),
    NC(0, 0, 10, 0, 109, 255, NULL),
    NC(0, 0, 10, 0, 125, 255, "Broadcast script table"),
    NC(0, 0, 11, 0, 0, 255, "Special days table"),
    NC(0, 0, 12, 0, 3, 255, "Schedule"),
    NC(0, 0, 13, 0, 0, 255, "Activity calendar"),
    NC(0, 0, 14, 0, 1, 255, "Register activation"),
    NC(0, 0, 15, 0, 0, 255, "End of billing period single action schedule"),
    NC(0, 0, 15, 0, 1, 255, "Disconnect control single action schedule"),
    NC(0, 0, 15, 0, 2, 255, "Image activation single action schedule"),
    NC(0, 0, 15, 0, 3, 255, "Output control single action schedule"),
    NC(0, 0, 15, 0, 4, 255, "Push single action schedule"),
    NC(0, 0, 15, 0, 5, 255, NULL),
    NC(0, 0, 16, 0, 0, 255, "Register monitor"),
    NC(0, 0, 16, 1, 9, 255, "Alarm monitor"),
    NC(0, 0, 16, 1, 10, 255, NULL),
    NC(0, 0, 16, 2, 0, 255, "Parameter monitor"),
    NC(0, 0, 17, 0, 0, 255, "Limiter"),
    NC(0, 0, 19, 0, 0, 255, "Account"),
    NC(0, 0, 20, 0, 0, 255, "IEC optical port setup"),
    NC(0, 0, 20, 0, 1, 255, "IEC electrical port setup"),
    NC(0, 0, 22, 0, 0, 255, "IEC HDLC setup"),
    NC(0, 0, 23, 0, 0, 255, "IEC twisted pair setup"),
    NC(0, 0, 24, 0, 0, 255, "M-Bus slave port setup"),
    NC(0, 1, 24, 1, 0, 255, "M-Bus client"),
    NC(0, 1, 24, 4, 0, 255, "M-Bus disconnect control"),
    NC(0, 0, 24, 6, 0, 255, "M-Bus master port setup"),
    NC(0, 0, 24, 8, 0, 255, "DLMS/COSEM server M-Bus port setup"),
    NC(0, 0, 24, 9, 0, 255, "M-Bus diagnostic"),
    NC(0, 0, 25, 0, 0, 255, "TCP-UDP setup"),
    NC(0, 0, 25, 1, 0, 255, "IPv4 setup"),
    NC(0, 0, 25, 2, 0, 255, "MAC address setup"),
    NC(0, 0, 25, 3, 0, 255, "PPP setup"),
    NC(0, 0, 25, 4, 0, 255, "GPRS modem setup"),
    NC(0, 0, 25, 5, 0, 255, "SMTP setup"),
    NC(0, 0, 25, 6, 0, 255, "GSM diagnostic"),
    NC(0, 0, 25, 7, 0, 255, "IPv6 setup"),
    NC(0, 0, 25, 8, 0, 255, NULL),
    NC(0, 0, 25, 9, 0, 255, "Push setup"),
    NC(0, 0, 25, 9, 1, 255, NULL),
    NC(0, 0, 29, 0, 0, 255, "G3-PLC MAC layer counters"),
    NC(0, 0, 29, 1, 0, 255, "G3-PLC MAC setup"),
    NC(0, 0, 29, 2, 0, 255, "G3-PLC 6LoWPAN adaptation layer setup"),
    NC(0, 0, 40, 0, 0, 255, "Current association"),
    NC(0, 0, 40, 0, 1, 255, "Association"),
    NC(0, 0, 40, 0, 127, 255, "Association"),
    NC(0, 0, 40, 0, 128, 255, NULL),
    NC(0, 1, 40, 0, 0, 255, NULL), /* B = 0 only */
    NC(0, 0, 41, 0, 0, 255, "SAP assignment"),
    NC(0, 0, 42, 0, 0, 255, "COSEM logical device name"),
    NC(0, 0, 42, 0, 1, 255, NULL),
    NC(0, 0, 43, 0, 0, 255, "Security setup"),
    NC(0, 0, 43, 0, 127, 255, "Security setup"),
    NC(0, 1, 43, 0, 0, 255, NULL),
    NC(0, 0, 43, 1, 3, 255, "Invocation counter"),
    NC(0, 0, 43, 2, 0, 255, "Data protection"),
    NC(0, 0, 44, 0, 0, 255, "Image transfer"),
    NC(0, 0, 96, 1, 0, 255, "Device ID 1 (manufacturing number)"),
    NC(0, 0, 96, 1, 1, 255, "Device ID 2"),
    NC(0, 0, 96, 1, 2, 255, "Device ID 3"),
    NC(0, 0, 96, 1, 3, 255, "Device ID 4"),
    NC(0, 0, 96, 1, 4, 255, "Device ID 5"),
    NC(0, 0, 96, 1, 5, 255, "Device ID 6"),
    NC(0, 0, 96, 1, 6, 255, "Device ID 7"),
    NC(0, 0, 96, 1, 7, 255, "Device ID 8"),
    NC(0, 0, 96, 1, 8, 255, "Device ID 9"),
    NC(0, 0, 96, 1, 9, 255, "Device ID 10"),
    NC(0, 0, 96, 1, 10, 255, "Metering point ID"),
    NC(0, 0, 96, 1, 11, 255, NULL),
    NC(0, 0, 96, 3, 10, 255, "Disconnect control"),
    NC(0, 0, 96, 3, 11, 255, NULL),
    NC(0, 0, 96, 11, 0, 255, "Event code"),
    NC(0, 0, 96, 11, 99, 255, "Event code"),
    NC(0, 0, 96, 11, 100, 255, NULL),
    NC(0, 0, 96, 14, 15, 255, "Currently active tariff"),
    NC(0, 0, 96, 14, 16, 255, NULL),
    NC(0, 0, 96, 15, 0, 255, "Event counter"),
    NC(0, 0, 97, 98, 9, 255, "Alarm register"),
    NC(0, 0, 97, 98, 10, 255, "Alarm filter"),
    NC(0, 0, 97, 98, 19, 255, "Alarm filter"),
    NC(0, 0, 97, 98, 20, 255, "Alarm descriptor"),
    NC(0, 0, 97, 98, 29, 255, "Alarm descriptor"),
    NC(0, 0, 97, 98, 30, 255, NULL),
    NC(0, 0, 98, 1, 0, 255, "Data of billing period (scheme 1)"),
    NC(0, 0, 98, 2, 0, 255, "Data of billing period (scheme 2)"),
    NC(0, 0, 99, 1, 0, 255, "Load profile with recording period 1"),
    NC(0, 0, 99, 2, 0, 255, "Load profile with recording period 2"),
    NC(0, 0, 99, 98, 0, 255, "Event log"),
    NC(0, 0, 99, 98, 1, 255, "Event log"),
    NC(1, 0, 0, 2, 0, 255, "Active firmware identifier"),
    NC(1, 0, 0, 2, 8, 255, "Active firmware signature"),
    NC(1, 0, 0, 2, 1, 255, NULL), /* electricity: parameter record number */
    NC(1, 0, 1, 7, 0, 255, "Instantaneous active power import (+A)"),
    NC(1, 0, 2, 7, 0, 255, "Instantaneous active power export (-A)"),
    NC(1, 0, 3, 7, 0, 255, "Instantaneous reactive power import (+R)"),
    NC(1, 0, 4, 7, 0, 255, "Instantaneous reactive power export (-R)"),
    NC(1, 0, 1, 8, 0, 255, "Active energy import (+A)"),
    NC(1, 0, 1, 8, 1, 255, "Active energy import (+A) rate 1"),
    NC(1, 0, 1, 8, 2, 255, "Active energy import (+A) rate 2"),
    NC(1, 0, 1, 8, 3, 255, "Active energy import (+A) rate 3"),
    NC(1, 0, 1, 8, 4, 255, "Active energy import (+A) rate 4"),
    NC(1, 0, 1, 8, 5, 255, "Active energy import (+A) rate 5"),
    NC(1, 0, 1, 8, 6, 255, "Active energy import (+A) rate 6"),
    NC(1, 0, 1, 8, 7, 255, "Active energy import (+A) rate 7"),
    NC(1, 0, 1, 8, 8, 255, "Active energy import (+A) rate 8"),
    NC(1, 0, 1, 8, 9, 255, "Active energy import (+A) rate 9"),
    NC(1, 0, 1, 8, 10, 255, NULL),
    NC(1, 0, 1, 8, 0, 101, NULL), /* billing-period value: not named */
    NC(1, 1, 1, 8, 0, 255, "Active energy import (+A)"),
    NC(1, 0, 2, 8, 0, 255, "Active energy export (-A)"),
    NC(1, 0, 2, 8, 1, 255, "Active energy export (-A) rate 1"),
    NC(1, 0, 2, 8, 9, 255, "Active energy export (-A) rate 9"),
    NC(1, 0, 3, 8, 0, 255, "Reactive energy import (+R)"),
    NC(1, 0, 3, 8, 4, 255, "Reactive energy import (+R) rate 4"),
    NC(1, 0, 4, 8, 0, 255, "Reactive energy export (-R)"),
    NC(1, 0, 4, 8, 7, 255, "Reactive energy export (-R) rate 7"),
    NC(1, 0, 5, 8, 0, 255, NULL),
    NC(1, 0, 13, 7, 0, 255, "Instantaneous power factor"),
    NC(1, 0, 14, 7, 0, 255, "Instantaneous supply frequency"),
    NC(1, 0, 21, 7, 0, 255, "Instantaneous active power import (+A) L1"),
    NC(1, 0, 41, 7, 0, 255, "Instantaneous active power import (+A) L2"),
    NC(1, 0, 61, 7, 0, 255, "Instantaneous active power import (+A) L3"),
    NC(1, 0, 31, 7, 0, 255, "Instantaneous current L1"),
    NC(1, 0, 51, 7, 0, 255, "Instantaneous current L2"),
    NC(1, 0, 71, 7, 0, 255, "Instantaneous current L3"),
    NC(1, 0, 91, 7, 0, 255, "Instantaneous current neutral"),
    NC(1, 0, 32, 7, 0, 255, "Instantaneous voltage L1"),
    NC(1, 0, 52, 7, 0, 255, "Instantaneous voltage L2"),
    NC(1, 0, 72, 7, 0, 255, "Instantaneous voltage L3"),
    NC(1, 0, 33, 7, 0, 255, "Instantaneous power factor L1"),
    NC(1, 0, 53, 7, 0, 255, "Instantaneous power factor L2"),
    NC(1, 0, 73, 7, 0, 255, "Instantaneous power factor L3"),
    NC(1, 0, 32, 7, 1, 255, NULL),
    NC(1, 0, 98, 1, 0, 255, "Data of billing period (scheme 1)"),
    NC(1, 0, 98, 2, 0, 255, "Data of billing period (scheme 2)"),
    NC(1, 0, 99, 1, 0, 255, "Load profile with recording period 1"),
    NC(1, 0, 99, 2, 0, 255, "Load profile with recording period 2"),
    NC(1, 0, 99, 98, 0, 255, "Event log"),
    NC(1, 0, 99, 3, 0, 255, NULL),
    NC(7, 0, 99, 98, 0, 255, NULL), /* gas is not in the table */
};

START_TEST(test_names_table)
{
    size_t i;
    for (i = 0; i < sizeof name_cases / sizeof name_cases[0]; i++) {
        const name_case_t *c = &name_cases[i];
        cosem_obis_t o;
        const char *got;
        memcpy(o.v, c->v, 6);
        got = cosem_obis_name(&o);
        if (c->name == NULL) {
            ck_assert_msg(got == NULL, "%u.%u.%u.%u.%u.%u named \"%s\"", c->v[0], c->v[1],
                          c->v[2], c->v[3], c->v[4], c->v[5], got);
        } else {
            ck_assert_msg(got != NULL && strcmp(got, c->name) == 0,
                          "%u.%u.%u.%u.%u.%u: \"%s\", want \"%s\"", c->v[0], c->v[1], c->v[2],
                          c->v[3], c->v[4], c->v[5], got != NULL ? got : "(null)", c->name);
        }
    }
    ck_assert_ptr_null(cosem_obis_name(NULL));
}
END_TEST

START_TEST(test_names_f_must_be_255)
{
    /* Every named code stops being named when F is not 255. */
    size_t i;
    for (i = 0; i < sizeof name_cases / sizeof name_cases[0]; i++) {
        cosem_obis_t o;
        int f;
        if (name_cases[i].name == NULL) {
            continue;
        }
        memcpy(o.v, name_cases[i].v, 6);
        for (f = 0; f < 255; f++) {
            o.v[5] = (uint8_t)f;
            ck_assert_ptr_null(cosem_obis_name(&o));
        }
    }
}
END_TEST

#endif /* COSEM_WITH_OBIS_NAMES */

/* ---- codes seen on the wire (tests/vectors/) ------------------------ */

/* A code as it appears in a capture: file, line, expected texts and name. */
typedef struct {
    const char *file;
    int line;
    uint8_t v[6];
    const char *iec;
    const char *name; /* NULL: not in the table */
} wire_case_t;

#define DLC "dlmscosem-client_guruxc-server_wrapper_noauth.txt"
#define GPY "guruxpy-client_guruxc-server_wrapper_lls.txt"
#define HDL "guruxc-client_guruxc-server_hdlc_noauth_getclock.txt"

static const wire_case_t wire_cases[] = {
    /* GET requests: logical name inside the cosem-attribute-descriptor. */
    { GPY, 12, { 0x00, 0x00, 0x01, 0x00, 0x00, 0xFF }, "0-0:1.0.0*255", "Clock" },
    { GPY, 23, { 0x01, 0x00, 0x63, 0x62, 0x00, 0xFF }, "1-0:99.98.0*255", "Event log" },
    { HDL, 10, { 0x00, 0x00, 0x28, 0x00, 0x00, 0xFF }, "0-0:40.0.0*255", "Current association" },
    /* Capture objects of the event log (GET response). */
    { GPY, 24, { 0x00, 0x00, 0x60, 0x0B, 0x00, 0xFF }, "0-0:96.11.0*255", "Event code" },
    /* Object list of the current association (GET response, blocks). */
    { DLC, 10, { 0x00, 0x00, 0x28, 0x00, 0x01, 0xFF }, "0-0:40.0.1*255", "Association" },
    { DLC, 10, { 0x00, 0x00, 0x2B, 0x00, 0x01, 0xFF }, "0-0:43.0.1*255", "Security setup" },
    { DLC, 12, { 0x00, 0x00, 0x2A, 0x00, 0x00, 0xFF }, "0-0:42.0.0*255", "COSEM logical device name" },
    { DLC, 12, { 0x00, 0x00, 0x29, 0x00, 0x00, 0xFF }, "0-0:41.0.0*255", "SAP assignment" },
    { DLC, 12, { 0x00, 0x00, 0x19, 0x09, 0x00, 0xFF }, "0-0:25.9.0*255", "Push setup" },
    { DLC, 12, { 0x00, 0x00, 0x0A, 0x00, 0x6C, 0xFF }, "0-0:10.0.108*255", "Push script table" },
    { DLC, 12, { 0x01, 0x01, 0x15, 0x19, 0x00, 0xFF }, "1-1:21.25.0*255", NULL },
    { DLC, 14, { 0x00, 0x00, 0x0A, 0x00, 0x6A, 0xFF }, "0-0:10.0.106*255",
      "Disconnect control script table" },
    { DLC, 14, { 0x01, 0x00, 0x63, 0x01, 0x00, 0xFF }, "1-0:99.1.0*255",
      "Load profile with recording period 1" },
    { DLC, 14, { 0x00, 0x00, 0x16, 0x00, 0x00, 0xFF }, "0-0:22.0.0*255", "IEC HDLC setup" },
    { DLC, 14, { 0x00, 0x00, 0x60, 0x03, 0x0A, 0xFF }, "0-0:96.3.10*255", "Disconnect control" },
    { DLC, 16, { 0x00, 0x00, 0x0F, 0x00, 0x04, 0xFF }, "0-0:15.0.4*255",
      "Push single action schedule" },
    { DLC, 16, { 0x00, 0x00, 0x01, 0x01, 0x00, 0xFF }, "0-0:1.1.0*255", "Unix clock" },
    { DLC, 16, { 0x00, 0x00, 0x2B, 0x01, 0x00, 0xFF }, "0-0:43.1.0*255", "Invocation counter" },
    { DLC, 16, { 0x00, 0x00, 0x2C, 0x00, 0x00, 0xFF }, "0-0:44.0.0*255", "Image transfer" },
    { DLC, 16, { 0x00, 0x00, 0x19, 0x00, 0x00, 0xFF }, "0-0:25.0.0*255", "TCP-UDP setup" },
    { DLC, 18, { 0x00, 0x00, 0x0D, 0x00, 0x00, 0xFF }, "0-0:13.0.0*255", "Activity calendar" },
    { DLC, 18, { 0x01, 0x00, 0x1F, 0x04, 0x00, 0xFF }, "1-0:31.4.0*255", NULL },
    { DLC, 18, { 0x00, 0x00, 0x10, 0x01, 0x00, 0xFF }, "0-0:16.1.0*255", "Alarm monitor" },
    { DLC, 20, { 0x00, 0x00, 0x19, 0x01, 0x00, 0xFF }, "0-0:25.1.0*255", "IPv4 setup" },
    { DLC, 20, { 0x00, 0x00, 0x11, 0x00, 0x00, 0xFF }, "0-0:17.0.0*255", "Limiter" },
    { DLC, 20, { 0x00, 0x00, 0x0A, 0x00, 0x64, 0xFF }, "0-0:10.0.100*255",
      "Tariffication script table" },
    { DLC, 22, { 0x00, 0x00, 0x1D, 0x00, 0x00, 0xFF }, "0-0:29.0.0*255",
      "G3-PLC MAC layer counters" },
    { DLC, 26, { 0x00, 0x00, 0x19, 0x07, 0x00, 0xFF }, "0-0:25.7.0*255", "IPv6 setup" },
};

/* True when the six bytes occur in p[0..n). */
static bool contains(const uint8_t *p, size_t n, const uint8_t *v)
{
    size_t i;
    for (i = 0; i + 6 <= n; i++) {
        if (memcmp(p + i, v, 6) == 0) {
            return true;
        }
    }
    return false;
}

START_TEST(test_wire_codes)
{
    static tu_frame_t frames[256];
    size_t i, j;
    for (i = 0; i < sizeof wire_cases / sizeof wire_cases[0]; i++) {
        const wire_case_t *c = &wire_cases[i];
        size_t n = tu_vec_load(c->file, frames, 256);
        bool found = false;
        cosem_obis_t o;
        for (j = 0; j < n; j++) {
            if (frames[j].line == c->line) {
                found = contains(frames[j].bytes, frames[j].len, c->v);
            }
        }
        tu_vec_free(frames, n);
        ck_assert_msg(found, "%s:%d has no %s", c->file, c->line, c->iec);
        memcpy(o.v, c->v, 6);
#if COSEM_WITH_OBIS_TEXT
        {
            char buf[COSEM_OBIS_TEXT_MAX];
            cosem_obis_t back;
            ck_assert_uint_eq(cosem_obis_format(&o, COSEM_OBIS_STYLE_IEC, buf, sizeof buf),
                              strlen(c->iec));
            ck_assert_str_eq(buf, c->iec);
            ck_assert_int_eq(cosem_obis_parse(&back, c->iec, strlen(c->iec)), COSEM_OK);
            ck_assert(cosem_obis_equal(&back, &o));
        }
#endif
#if COSEM_WITH_OBIS_NAMES
        if (c->name == NULL) {
            ck_assert_ptr_null(cosem_obis_name(&o));
        } else {
            ck_assert_ptr_nonnull(cosem_obis_name(&o));
            ck_assert_str_eq(cosem_obis_name(&o), c->name);
        }
#endif
        ck_assert_int_eq(cosem_obis_validate(&o), COSEM_OK);
        ck_assert(!cosem_obis_is_manufacturer_specific(&o));
    }
}
END_TEST

static Suite *obis_suite(void)
{
    Suite *s = suite_create("obis");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_compare_order);
    tcase_add_test(tc, test_validate_group_a);
    tcase_add_test(tc, test_manufacturer_ranges);
#if COSEM_WITH_OBIS_TEXT
    tcase_add_test(tc, test_parse_iec);
    tcase_add_test(tc, test_parse_dotted);
    tcase_add_test(tc, test_parse_uses_len);
    tcase_add_test(tc, test_parse_malformed);
    tcase_add_test(tc, test_parse_range);
    tcase_add_test(tc, test_parse_args);
    tcase_add_test(tc, test_format_known);
    tcase_add_test(tc, test_format_capacity);
    tcase_add_test(tc, test_round_trip_every_value);
    tcase_add_test(tc, test_round_trip_iec_without_f);
#endif
#if COSEM_WITH_OBIS_NAMES
    tcase_add_test(tc, test_names_table);
    tcase_add_test(tc, test_names_f_must_be_255);
#endif
    tcase_add_test(tc, test_wire_codes);
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(obis_suite)
