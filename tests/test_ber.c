/* SPDX-License-Identifier: Apache-2.0 */
/* BER helpers (include/cosem/ber.h): identifiers, definite lengths,
 * INTEGER and BIT STRING contents, and the ACSE APDUs of real captures
 * walked and rebuilt byte for byte.
 *
 * Captures (tests/vectors/):
 *   LLS  = guruxpy-client_guruxc-server_wrapper_lls.txt
 *          line 8 AARQ (LLS "Gurux"), line 9 AARE, line 34 RLRQ, line 35 RLRE
 *   NOAU = dlmscosem-client_guruxc-server_wrapper_noauth.txt
 *          line 5 AARQ (calling AP title), line 6 AARE, line 27 RLRQ with
 *          user-information
 * Each frame starts with the 8-byte wrapper header, which is checked and
 * stripped. Other facts: ITU-T X.690 (BER) clauses cited where used. */
#include <stdio.h>
#include <string.h>

#include <cosem/ber.h>

#include "test_util.h"

#define LLS "guruxpy-client_guruxc-server_wrapper_lls.txt"
#define NOAU "dlmscosem-client_guruxc-server_wrapper_noauth.txt"

/* Application context name LN no ciphering, 2.16.756.5.8.1.1 (DLMS UA Green Book). */
static const uint8_t oid_ctx_ln[] = {0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01};
/* Mechanism name LLS, 2.16.756.5.8.2.1. */
static const uint8_t oid_mech_lls[] = {0x60, 0x85, 0x74, 0x05, 0x08, 0x02, 0x01};

/* ---- helpers ------------------------------------------------------------ */

/* Loads the frame at @p line of a capture, checks its wrapper header
 * (version 1, length field = APDU length) and copies the APDU out. */
static size_t load_apdu(const char *file, int line, uint8_t *out, size_t cap)
{
    tu_frame_t fr[64];
    size_t n = tu_vec_load(file, fr, 64), i, len = 0;
    int found = 0;
    for (i = 0; i < n; i++) {
        if (fr[i].line == line) {
            const uint8_t *b = fr[i].bytes;
            ck_assert_uint_ge(fr[i].len, 8);
            ck_assert_uint_eq(b[0] << 8 | b[1], 1);
            len = fr[i].len - 8;
            ck_assert_uint_eq((size_t)(b[6] << 8 | b[7]), len);
            ck_assert_uint_le(len, cap);
            memcpy(out, b + 8, len);
            found = 1;
        }
    }
    tu_vec_free(fr, n);
    ck_assert_msg(found, "%s has no frame on line %d", file, line);
    return len;
}

/* Dotted text of an OBJECT IDENTIFIER content (X.690 8.19), for asserting
 * the meaning of captured OIDs rather than only their bytes. */
static const char *oid_text(const uint8_t *p, size_t n)
{
    static char s[128];
    size_t i, o = 0;
    unsigned long arc = 0;
    int first = 1;
    for (i = 0; i < n; i++) {
        arc = arc << 7 | (p[i] & 0x7Fu);
        if ((p[i] & 0x80u) != 0) {
            continue;
        }
        if (first) {
            unsigned long a = arc < 80 ? arc / 40 : 2;
            o += (size_t)snprintf(s + o, sizeof s - o, "%lu.%lu", a, arc - 40 * a);
            first = 0;
        } else {
            o += (size_t)snprintf(s + o, sizeof s - o, ".%lu", arc);
        }
        arc = 0;
    }
    return s;
}

/* First identifier octet of a packed identifier (its class and P/C bits). */
static uint8_t first_octet(uint32_t tag)
{
    while (tag > 0xFFu) {
        tag >>= 8;
    }
    return (uint8_t)tag;
}

/* Walks every element of p[0..n) with an explicit stack and describes it
 * as "depth:TAG/len" words; constructed elements (bit 6 of the first
 * identifier octet) are entered. Returns the reader status at the end. */
static cosem_status_t walk(const uint8_t *p, size_t n, char *out, size_t cap)
{
    cosem_axdr_reader_t st[8];
    int d = 0;
    size_t o = 0;
    out[0] = '\0';
    cosem_axdr_reader_init(&st[0], p, n);
    while (d >= 0) {
        uint32_t tag;
        cosem_axdr_reader_t c;
        if (cosem_axdr_reader_status(&st[d]) != COSEM_OK) {
            return cosem_axdr_reader_status(&st[d]);
        }
        if (cosem_axdr_reader_remaining(&st[d]) == 0) {
            d--;
            continue;
        }
        if (cosem_ber_read_element(&st[d], &tag, &c) != COSEM_OK) {
            return cosem_axdr_reader_status(&st[d]);
        }
        o += (size_t)snprintf(out + o, cap - o, "%s%d:%02X/%zu", o ? " " : "", d, (unsigned)tag,
                              cosem_axdr_reader_remaining(&c));
        if ((first_octet(tag) & COSEM_BER_CONSTRUCTED) != 0) {
            ck_assert_int_lt(d, 7);
            st[++d] = c;
        }
    }
    return COSEM_OK;
}

/* Expects an element with @p tag and returns its content bytes. */
static const uint8_t *expect_bytes(cosem_axdr_reader_t *r, uint32_t tag, size_t *n)
{
    cosem_axdr_reader_t c;
    const uint8_t *p;
    ck_assert_int_eq(cosem_ber_expect(r, tag, &c), COSEM_OK);
    *n = cosem_axdr_reader_remaining(&c);
    ck_assert_int_eq(cosem_axdr_get_bytes(&c, *n, &p), COSEM_OK);
    return p;
}

/* Content of the conformance block [APPLICATION 31] IMPLICIT BIT STRING
 * (5F 1F, a two-octet identifier) as a 24-bit value. */
static uint32_t read_conformance(cosem_axdr_reader_t *r)
{
    size_t n;
    const uint8_t *p = expect_bytes(r, 0x5F1Fu, &n);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(p[0], 0); /* no unused bits */
    return (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- identifiers --------------------------------------------------------- */

START_TEST(write_tag_forms)
{
    uint8_t b[16];
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(cosem_ber_write_tag(&w, 0x60), COSEM_OK);
    ck_assert_int_eq(cosem_ber_write_tag(&w, 0x00), COSEM_OK);
    ck_assert_int_eq(cosem_ber_write_tag(&w, 0x5F1F), COSEM_OK);
    ck_assert_int_eq(cosem_ber_write_tag(&w, 0xBF8101), COSEM_OK);
    ck_assert_int_eq(cosem_ber_write_tag(&w, 0x1F818203), COSEM_OK);
    tu_assert_bytes(b, cosem_axdr_writer_len(&w), "\x60\x00\x5F\x1F\xBF\x81\x01\x1F\x81\x82\x03",
                    11);
}
END_TEST

/* Packed values that are not identifiers (X.690 8.1.2): 0x1F alone
 * announces more octets, a long form needs the high-tag-number first
 * octet, inner octets need bit 8, the last must not have it. */
START_TEST(write_tag_invalid)
{
    static const uint32_t bad[] = {0x1F, 0x3F, 0xFF, 0x0501, 0x1F80, 0x1F0101, 0xBF8181, 0x5F01FF01};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t b[8];
        cosem_axdr_writer_t w;
        cosem_axdr_writer_init(&w, b, sizeof b);
        ck_assert_int_eq(cosem_ber_write_tag(&w, bad[i]), COSEM_E_ARG);
        ck_assert_uint_eq(cosem_axdr_writer_len(&w), 0);
        ck_assert_int_eq(cosem_ber_write_tl(&w, 0x04, 0), COSEM_E_ARG); /* sticky */
        ck_assert_uint_eq(cosem_axdr_writer_len(&w), 0);
    }
}
END_TEST

START_TEST(read_tag_forms)
{
    uint8_t in[] = {0x5F, 0x1F, 0x00, 0x1F, 0x81, 0x82, 0x03, 0x01, 0xAA, 0x00, 0x00};
    cosem_axdr_reader_t r, c;
    uint32_t tag;
    size_t len;
    cosem_axdr_reader_init(&r, in, sizeof in);
    ck_assert_int_eq(cosem_ber_peek_tag(&r, &tag), COSEM_OK);
    ck_assert_uint_eq(tag, 0x5F1F);
    ck_assert_uint_eq(cosem_axdr_reader_pos(&r), 0);
    ck_assert_int_eq(cosem_ber_read_tl(&r, &tag, &len), COSEM_OK);
    ck_assert_uint_eq(tag, 0x5F1F);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(cosem_ber_read_element(&r, &tag, &c), COSEM_OK);
    ck_assert_uint_eq(tag, 0x1F818203); /* four octets: the most accepted */
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&c), 1);
    ck_assert_uint_eq(cosem_axdr_reader_pos(&r), 7 + 1 + 1);
    ck_assert_int_eq(cosem_ber_expect(&r, 0x00, &c), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&c), 0);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
    ck_assert_int_eq(cosem_ber_peek_tag(&r, &tag), COSEM_E_TRUNCATED);
    ck_assert_int_eq(cosem_axdr_reader_status(&r), COSEM_OK); /* peek records nothing */
}
END_TEST

/* ---- lengths -------------------------------------------------------------- */

/* Fills n bytes with a pattern that shows a misplaced move. */
static void pattern(uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)(i * 7u + 3u);
    }
}

/* begin/end for content of 5, 200 and 300 octets: short form, 81 C8 and
 * 82 01 2C (X.690 8.1.3.5), content moved intact behind the longer form. */
START_TEST(begin_end_long_forms)
{
    static const size_t sizes[] = {5, 127, 128, 200, 255, 256, 300};
    size_t k;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        uint8_t b[400], want[400], content[300];
        size_t n = sizes[k], hl = n < 128 ? 1 : n < 256 ? 2 : 3, m;
        cosem_axdr_writer_t w;
        pattern(content, n);
        cosem_axdr_writer_init(&w, b, sizeof b);
        cosem_axdr_put_u8(&w, 0xEE);
        m = cosem_ber_begin(&w, 0xA1);
        ck_assert_int_eq(cosem_axdr_put_bytes(&w, content, n), COSEM_OK);
        ck_assert_int_eq(cosem_ber_end(&w, m), COSEM_OK);
        want[0] = 0xEE;
        want[1] = 0xA1;
        if (hl == 1) {
            want[2] = (uint8_t)n;
        } else if (hl == 2) {
            want[2] = 0x81;
            want[3] = (uint8_t)n;
        } else {
            want[2] = 0x82;
            want[3] = (uint8_t)(n >> 8);
            want[4] = (uint8_t)n;
        }
        memcpy(want + 2 + hl, content, n);
        tu_assert_bytes(b, cosem_axdr_writer_len(&w), want, 2 + hl + n);
    }
}
END_TEST

START_TEST(begin_end_nested_long)
{
    uint8_t b[400], content[300];
    size_t m0, m1;
    cosem_axdr_writer_t w;
    cosem_axdr_reader_t r, c0, c1;
    uint32_t tag;
    const uint8_t *p;
    pattern(content, 300);
    cosem_axdr_writer_init(&w, b, sizeof b);
    m0 = cosem_ber_begin(&w, 0xBE);
    m1 = cosem_ber_begin(&w, COSEM_BER_TAG_OCTET_STRING);
    cosem_axdr_put_bytes(&w, content, 300);
    cosem_ber_end(&w, m1);
    ck_assert_int_eq(cosem_ber_end(&w, m0), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 4 + 4 + 300);
    /* BE 82 01 30 | 04 82 01 2C | content */
    tu_assert_bytes(b, 8, "\xBE\x82\x01\x30\x04\x82\x01\x2C", 8);
    ck_assert_int_eq(memcmp(b + 8, content, 300), 0);

    cosem_axdr_reader_init(&r, b, cosem_axdr_writer_len(&w));
    ck_assert_int_eq(cosem_ber_read_element(&r, &tag, &c0), COSEM_OK);
    ck_assert_uint_eq(tag, 0xBE);
    ck_assert_int_eq(cosem_ber_expect(&c0, 0x04, &c1), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&c1), 300);
    ck_assert_int_eq(cosem_axdr_get_bytes(&c1, 300, &p), COSEM_OK);
    ck_assert_int_eq(memcmp(p, content, 300), 0);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&c0), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
}
END_TEST

START_TEST(write_tl_forms)
{
    uint8_t b[32];
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, b, sizeof b);
    cosem_ber_write_tl(&w, 0x04, 0);
    cosem_ber_write_tl(&w, 0x04, 127);
    cosem_ber_write_tl(&w, 0x04, 200);
    cosem_ber_write_tl(&w, 0x5F1F, 300);
    ck_assert_int_eq(cosem_ber_write_tl(&w, 0x04, 0x10000), COSEM_OK);
    tu_assert_bytes(b, cosem_axdr_writer_len(&w),
                    "\x04\x00\x04\x7F\x04\x81\xC8\x5F\x1F\x82\x01\x2C\x04\x83\x01\x00\x00", 17);
}
END_TEST

/* Long-form lengths read back, including a non-minimal one (BER allows
 * 81 05 for 5, X.690 8.1.3.5 note; only DER forbids it). */
START_TEST(read_long_forms)
{
    uint8_t in[320];
    cosem_axdr_reader_t r, c;
    uint32_t tag;
    size_t len;
    memset(in, 0x55, sizeof in);
    in[0] = 0x04; in[1] = 0x81; in[2] = 0xC8;
    cosem_axdr_reader_init(&r, in, 3 + 200);
    ck_assert_int_eq(cosem_ber_read_element(&r, &tag, &c), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&c), 200);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);

    in[1] = 0x82; in[2] = 0x01; in[3] = 0x2C;
    cosem_axdr_reader_init(&r, in, 4 + 300);
    ck_assert_int_eq(cosem_ber_read_tl(&r, &tag, &len), COSEM_OK);
    ck_assert_uint_eq(len, 300);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&r), 300);

    in[1] = 0x84; in[2] = 0x00; in[3] = 0x00; in[4] = 0x01; in[5] = 0x00;
    cosem_axdr_reader_init(&r, in, 6 + 256);
    ck_assert_int_eq(cosem_ber_read_tl(&r, &tag, &len), COSEM_OK);
    ck_assert_uint_eq(len, 256);

    in[1] = 0x81; in[2] = 0x05;
    cosem_axdr_reader_init(&r, in, 3 + 5);
    ck_assert_int_eq(cosem_ber_read_element(&r, &tag, &c), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&c), 5);
}
END_TEST

/* ---- malformed input -------------------------------------------------------- */

typedef struct {
    const char *hex;
    cosem_status_t want;
    const char *what;
} bad_case_t;

static const bad_case_t bad_cases[] = {
    {"", COSEM_E_TRUNCATED, "empty"},
    {"1F", COSEM_E_TRUNCATED, "identifier: high form, no more octets"},
    {"BF 81", COSEM_E_TRUNCATED, "identifier: continuation then end"},
    {"1F 81 82", COSEM_E_TRUNCATED, "identifier: three octets, last continues"},
    {"1F 81 82 83 04 00", COSEM_E_MALFORMED, "identifier: five octets"},
    {"1F 81 82 83", COSEM_E_MALFORMED, "identifier: fourth octet continues"},
    {"04", COSEM_E_TRUNCATED, "length missing"},
    {"04 82 01", COSEM_E_TRUNCATED, "long length cut"},
    {"04 84 00 00 00", COSEM_E_TRUNCATED, "long length cut (4)"},
    {"30 80 04 00 00 00", COSEM_E_MALFORMED, "indefinite length"},
    {"04 85 00 00 00 00 01 00", COSEM_E_MALFORMED, "five length octets"},
    {"04 FF 00", COSEM_E_MALFORMED, "length octet FF (reserved)"},
    {"04 05 01 02 03 04", COSEM_E_TRUNCATED, "content past end"},
    {"04 81 80 00", COSEM_E_TRUNCATED, "long content past end"},
    {"5F 1F 04 00 40 1E", COSEM_E_TRUNCATED, "conformance cut"},
};

/* Every bad input fails read_tl and read_element with its error; the
 * error sticks; the content reader comes back empty and failed. */
START_TEST(malformed_inputs)
{
    size_t i;
    for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        uint8_t in[32];
        size_t n = tu_hex(bad_cases[i].hex, in, sizeof in), len = 99;
        uint32_t tag = 0xDEAD;
        cosem_axdr_reader_t r, c;
        cosem_axdr_reader_init(&r, in, n);
        ck_assert_msg(cosem_ber_read_tl(&r, &tag, &len) == bad_cases[i].want, "%s",
                      bad_cases[i].what);
        ck_assert_uint_eq(tag, 0xDEAD);
        ck_assert_uint_eq(len, 99);
        ck_assert_int_eq(cosem_axdr_reader_status(&r), bad_cases[i].want);
        ck_assert_uint_eq(cosem_axdr_reader_remaining(&r), 0);

        cosem_axdr_reader_init(&r, in, n);
        ck_assert_msg(cosem_ber_read_element(&r, &tag, &c) == bad_cases[i].want, "%s",
                      bad_cases[i].what);
        ck_assert_int_eq(cosem_axdr_reader_status(&c), bad_cases[i].want);
        ck_assert_uint_eq(cosem_axdr_reader_remaining(&c), 0);
        ck_assert_uint_eq(tag, 0xDEAD);
    }
}
END_TEST

/* peek_tag reports identifier errors without recording them. */
START_TEST(peek_not_recorded)
{
    static const struct {
        const char *hex;
        cosem_status_t want;
    } cases[] = {
        {"", COSEM_E_TRUNCATED}, {"1F", COSEM_E_TRUNCATED}, {"1F 81 82 83 04", COSEM_E_MALFORMED}};
    size_t i;
    for (i = 0; i < 3; i++) {
        uint8_t in[8];
        size_t n = tu_hex(cases[i].hex, in, sizeof in);
        uint32_t tag = 7;
        cosem_axdr_reader_t r;
        cosem_axdr_reader_init(&r, n ? in : NULL, n);
        ck_assert_int_eq(cosem_ber_peek_tag(&r, &tag), cases[i].want);
        ck_assert_uint_eq(tag, 7);
        ck_assert_int_eq(cosem_axdr_reader_status(&r), COSEM_OK);
        ck_assert_uint_eq(cosem_axdr_reader_pos(&r), 0);
    }
}
END_TEST

/* expect() with another identifier: COSEM_E_TYPE, recorded; the content
 * reader is empty and failed; later calls do nothing (sticky). */
START_TEST(expect_wrong_tag)
{
    /* RLRQ, LLS line 34: 62 03 80 01 00 */
    uint8_t in[] = {0x62, 0x03, 0x80, 0x01, 0x00};
    cosem_axdr_reader_t r, c;
    uint32_t tag = 1;
    size_t len = 1;
    cosem_axdr_reader_init(&r, in, sizeof in);
    ck_assert_int_eq(cosem_ber_expect(&r, 0x63, &c), COSEM_E_TYPE);
    ck_assert_int_eq(cosem_axdr_reader_status(&r), COSEM_E_TYPE);
    ck_assert_int_eq(cosem_axdr_reader_status(&c), COSEM_E_TYPE);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&c), 0);
    ck_assert_uint_eq(cosem_axdr_reader_pos(&r), 0);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&r), 0);
    /* The element is fine, but the reader has failed. */
    ck_assert_int_eq(cosem_ber_expect(&r, 0x62, &c), COSEM_E_TYPE);
    ck_assert_int_eq(cosem_ber_read_element(&r, &tag, &c), COSEM_E_TYPE);
    ck_assert_int_eq(cosem_ber_read_tl(&r, &tag, &len), COSEM_E_TYPE);
    ck_assert_int_eq(cosem_ber_peek_tag(&r, &tag), COSEM_E_TYPE);
    ck_assert_uint_eq(tag, 1);
    ck_assert_uint_eq(len, 1);
    ck_assert_uint_eq(cosem_axdr_reader_pos(&r), 0);

    /* Two-octet identifier against a one-octet one with the same first octet. */
    {
        uint8_t in2[] = {0x5F, 0x1F, 0x00};
        cosem_axdr_reader_init(&r, in2, sizeof in2);
        ck_assert_int_eq(cosem_ber_expect(&r, 0x5F, &c), COSEM_E_TYPE);
        cosem_axdr_reader_init(&r, in2, sizeof in2);
        ck_assert_int_eq(cosem_ber_expect(&r, 0x5F1F, &c), COSEM_OK);
    }
}
END_TEST

/* A failed read leaves the error in place for good: the reader then
 * refuses valid input too. */
START_TEST(sticky_after_failure)
{
    uint8_t in[] = {0x04, 0x80, 0x04, 0x01, 0x00};
    cosem_axdr_reader_t r, c;
    uint32_t tag = 5;
    int32_t v = 5;
    cosem_axdr_reader_init(&r, in, sizeof in);
    ck_assert_int_eq(cosem_ber_read_element(&r, &tag, &c), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_ber_read_element(&r, &tag, &c), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_ber_expect(&r, 0x04, &c), COSEM_E_MALFORMED);
    ck_assert_int_eq(cosem_ber_get_int(&c, &v), COSEM_E_MALFORMED);
    ck_assert_int_eq(v, 5);
    ck_assert_uint_eq(tag, 5);

    /* The writer is sticky as well. */
    {
        uint8_t b[4];
        cosem_axdr_writer_t w;
        cosem_axdr_writer_init(&w, b, sizeof b);
        ck_assert_int_eq(cosem_ber_write_bytes(&w, 0x04, "abcd", 4), COSEM_E_NOSPACE);
        ck_assert_int_eq(cosem_ber_write_int(&w, 0x02, 0), COSEM_E_NOSPACE);
        ck_assert_int_eq(cosem_ber_write_tag(&w, 0x1F), COSEM_E_NOSPACE);
    }
}
END_TEST

/* ---- INTEGER ------------------------------------------------------------------ */

/* Minimal two's complement (X.690 8.3.2). */
START_TEST(write_int_minimal)
{
    static const struct {
        int32_t v;
        const char *hex;
    } cases[] = {
        {0, "02 01 00"},           {127, "02 01 7F"},          {128, "02 02 00 80"},
        {-1, "02 01 FF"},          {-128, "02 01 80"},         {-129, "02 02 FF 7F"},
        {255, "02 02 00 FF"},      {256, "02 02 01 00"},       {32767, "02 02 7F FF"},
        {32768, "02 03 00 80 00"}, {-32768, "02 02 80 00"},    {-32769, "02 03 FF 7F FF"},
        {8388607, "02 03 7F FF FF"}, {8388608, "02 04 00 80 00 00"},
        {-8388608, "02 03 80 00 00"}, {-8388609, "02 04 FF 7F FF FF"},
        {INT32_MAX, "02 04 7F FF FF FF"}, {INT32_MIN, "02 04 80 00 00 00"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t b[8], want[8];
        size_t n = tu_hex(cases[i].hex, want, sizeof want);
        cosem_axdr_writer_t w;
        cosem_axdr_reader_t r, c;
        int32_t v = 0;
        cosem_axdr_writer_init(&w, b, sizeof b);
        ck_assert_int_eq(cosem_ber_write_int(&w, COSEM_BER_TAG_INTEGER, cases[i].v), COSEM_OK);
        tu_assert_bytes(b, cosem_axdr_writer_len(&w), want, n);
        cosem_axdr_reader_init(&r, b, n);
        ck_assert_int_eq(cosem_ber_expect(&r, COSEM_BER_TAG_INTEGER, &c), COSEM_OK);
        ck_assert_int_eq(cosem_ber_get_int(&c, &v), COSEM_OK);
        ck_assert_int_eq(v, cases[i].v);
        ck_assert_int_eq(cosem_axdr_reader_expect_end(&c), COSEM_OK);
    }
}
END_TEST

/* Round trip across each width boundary and a sweep of values. */
START_TEST(int_round_trip)
{
    int64_t x;
    for (x = -70000; x <= 70000; x += 13) {
        uint8_t b[8];
        cosem_axdr_writer_t w;
        cosem_axdr_reader_t r, c;
        int32_t v = 0;
        cosem_axdr_writer_init(&w, b, sizeof b);
        cosem_ber_write_int(&w, 0x80, (int32_t)x);
        cosem_axdr_reader_init(&r, b, cosem_axdr_writer_len(&w));
        cosem_ber_expect(&r, 0x80, &c);
        ck_assert_int_eq(cosem_ber_get_int(&c, &v), COSEM_OK);
        ck_assert_int_eq(v, (int32_t)x);
    }
}
END_TEST

START_TEST(get_int_contents)
{
    static const struct {
        const char *hex;
        cosem_status_t st;
        int32_t v;
    } cases[] = {
        {"", COSEM_E_MALFORMED, 0},
        {"00 00 00 00 01", COSEM_E_MALFORMED, 0},
        {"FF", COSEM_OK, -1},
        {"80", COSEM_OK, -128},
        {"00 80", COSEM_OK, 128},
        {"FF 7F", COSEM_OK, -129},
        {"00 05", COSEM_OK, 5}, /* non-minimal: accepted (lenient reader) */
        {"7F FF FF FF", COSEM_OK, INT32_MAX},
        {"80 00 00 00", COSEM_OK, INT32_MIN},
        {"FF FF FF FE", COSEM_OK, -2},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t in[8];
        size_t n = tu_hex(cases[i].hex, in, sizeof in);
        cosem_axdr_reader_t c;
        int32_t v = 12345;
        cosem_axdr_reader_init(&c, in, n);
        ck_assert_int_eq(cosem_ber_get_int(&c, &v), cases[i].st);
        ck_assert_int_eq(v, (cases[i].st == COSEM_OK ? cases[i].v : 12345));
        ck_assert_int_eq(cosem_axdr_reader_status(&c), cases[i].st);
        ck_assert_uint_eq(cosem_axdr_reader_remaining(&c), 0);
    }
}
END_TEST

/* ---- BIT STRING ------------------------------------------------------------------ */

START_TEST(write_bits_forms)
{
    static const uint8_t one[] = {0x80}, dirty[] = {0xFF}, conf[] = {0x40, 0x1E, 0x5D},
                         ten[] = {0xAB, 0xFF};
    uint8_t b[32];
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, b, sizeof b);
    /* sender-acse-requirements, LLS line 8: 8A 02 07 80 */
    cosem_ber_write_bits(&w, 0x8A, one, 1);
    /* unused bits go out as zero whatever the buffer holds */
    cosem_ber_write_bits(&w, 0x8A, dirty, 1);
    cosem_ber_write_bits(&w, COSEM_BER_TAG_BIT_STRING, NULL, 0);
    cosem_ber_write_bits(&w, COSEM_BER_TAG_BIT_STRING, ten, 10);
    /* proposed conformance, LLS line 8: 5F 1F 04 00 40 1E 5D */
    ck_assert_int_eq(cosem_ber_write_bits(&w, 0x5F1F, conf, 24), COSEM_OK);
    tu_assert_bytes(b, cosem_axdr_writer_len(&w),
                    "\x8A\x02\x07\x80\x8A\x02\x07\x80\x03\x01\x00\x03\x03\x06\xAB\xC0"
                    "\x5F\x1F\x04\x00\x40\x1E\x5D",
                    23);
    ck_assert_int_eq(cosem_ber_write_bits(&w, 0x03, NULL, 1), COSEM_E_ARG);
}
END_TEST

START_TEST(write_bytes_args)
{
    uint8_t b[8];
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(cosem_ber_write_bytes(&w, 0x04, NULL, 0), COSEM_OK);
    tu_assert_bytes(b, cosem_axdr_writer_len(&w), "\x04\x00", 2);
    ck_assert_int_eq(cosem_ber_write_bytes(&w, 0x04, NULL, 1), COSEM_E_ARG);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), 2);
}
END_TEST

/* ---- captures: walk ------------------------------------------------------------- */

/* The structure of each captured ACSE APDU, element by element. */
START_TEST(walk_captures)
{
    static const struct {
        const char *file;
        int line;
        const char *want;
    } cases[] = {
        {LLS, 8, "0:60/51 1:A1/9 2:06/7 1:8A/2 1:8B/7 1:AC/7 2:80/5 1:BE/16 2:04/14"},
        {LLS, 9, "0:61/41 1:A1/9 2:06/7 1:A2/3 2:02/1 1:A3/5 2:A1/3 3:02/1 1:BE/16 2:04/14"},
        {LLS, 34, "0:62/3 1:80/1"},
        {LLS, 35, "0:63/3 1:80/1"},
        {NOAU, 5, "0:60/41 1:A1/9 2:06/7 1:A6/10 2:04/8 1:BE/16 2:04/14"},
        {NOAU, 6, "0:61/41 1:A1/9 2:06/7 1:A2/3 2:02/1 1:A3/5 2:A1/3 3:02/1 1:BE/16 2:04/14"},
        {NOAU, 27, "0:62/21 1:80/1 1:BE/16 2:04/14"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t apdu[128];
        char got[256];
        size_t n = load_apdu(cases[i].file, cases[i].line, apdu, sizeof apdu);
        ck_assert_int_eq(walk(apdu, n, got, sizeof got), COSEM_OK);
        ck_assert_str_eq(got, cases[i].want);
    }
}
END_TEST

/* AARQ, LLS line 8, field by field. */
START_TEST(parse_aarq_lls)
{
    uint8_t apdu[128];
    size_t n = load_apdu(LLS, 8, apdu, sizeof apdu), k;
    cosem_axdr_reader_t r, aarq, c, ui;
    const uint8_t *p;
    uint32_t tag;
    uint16_t u16;
    cosem_axdr_reader_init(&r, apdu, n);
    ck_assert_int_eq(cosem_ber_expect(&r, 0x60, &aarq), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&aarq), 0x33);

    /* [1] application-context-name: OID 2.16.756.5.8.1.1 (LN, no ciphering) */
    ck_assert_int_eq(cosem_ber_expect(&aarq, 0xA1, &c), COSEM_OK);
    p = expect_bytes(&c, COSEM_BER_TAG_OID, &k);
    ck_assert_str_eq(oid_text(p, k), "2.16.756.5.8.1.1");
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&c), COSEM_OK);

    /* [10] sender-acse-requirements: BIT STRING, 1 bit set (authentication) */
    p = expect_bytes(&aarq, 0x8A, &k);
    tu_assert_bytes(p, k, "\x07\x80", 2);

    /* [11] mechanism-name: 2.16.756.5.8.2.1 (low level security) */
    ck_assert_int_eq(cosem_ber_peek_tag(&aarq, &tag), COSEM_OK);
    ck_assert_uint_eq(tag, 0x8B);
    p = expect_bytes(&aarq, 0x8B, &k);
    ck_assert_str_eq(oid_text(p, k), "2.16.756.5.8.2.1");
    tu_assert_bytes(p, k, oid_mech_lls, sizeof oid_mech_lls);

    /* [12] calling-authentication-value: [0] charstring "Gurux" */
    ck_assert_int_eq(cosem_ber_expect(&aarq, 0xAC, &c), COSEM_OK);
    p = expect_bytes(&c, 0x80, &k);
    tu_assert_bytes(p, k, "Gurux", 5);

    /* [30] user-information: OCTET STRING holding the xDLMS InitiateRequest */
    ck_assert_int_eq(cosem_ber_expect(&aarq, 0xBE, &c), COSEM_OK);
    ck_assert_int_eq(cosem_ber_expect(&c, COSEM_BER_TAG_OCTET_STRING, &ui), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&c), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&aarq), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_reader_remaining(&ui), 14);
    /* A-XDR: tag 01, no dedicated key, response-allowed default, no QoS, version 6 */
    ck_assert_int_eq(cosem_axdr_get_bytes(&ui, 5, &p), COSEM_OK);
    tu_assert_bytes(p, 5, "\x01\x00\x00\x00\x06", 5);
    ck_assert_uint_eq(read_conformance(&ui), 0x401E5D);
    ck_assert_int_eq(cosem_axdr_get_u16(&ui, &u16), COSEM_OK);
    ck_assert_uint_eq(u16, 0xFFFF); /* client-max-receive-pdu-size */
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&ui), COSEM_OK);
}
END_TEST

/* AARE, LLS line 9, field by field. */
START_TEST(parse_aare_lls)
{
    uint8_t apdu[128];
    size_t n = load_apdu(LLS, 9, apdu, sizeof apdu), k;
    cosem_axdr_reader_t r, aare, c, c2, ui;
    const uint8_t *p;
    int32_t v = -1;
    uint16_t u16;
    cosem_axdr_reader_init(&r, apdu, n);
    ck_assert_int_eq(cosem_ber_expect(&r, 0x61, &aare), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);

    ck_assert_int_eq(cosem_ber_expect(&aare, 0xA1, &c), COSEM_OK);
    p = expect_bytes(&c, COSEM_BER_TAG_OID, &k);
    tu_assert_bytes(p, k, oid_ctx_ln, sizeof oid_ctx_ln);

    /* [2] result: INTEGER 0 (accepted) */
    ck_assert_int_eq(cosem_ber_expect(&aare, 0xA2, &c), COSEM_OK);
    ck_assert_int_eq(cosem_ber_expect(&c, COSEM_BER_TAG_INTEGER, &c2), COSEM_OK);
    ck_assert_int_eq(cosem_ber_get_int(&c2, &v), COSEM_OK);
    ck_assert_int_eq(v, 0);

    /* [3] result-source-diagnostic: [1] acse-service-user, INTEGER 0 (null) */
    v = -1;
    ck_assert_int_eq(cosem_ber_expect(&aare, 0xA3, &c), COSEM_OK);
    ck_assert_int_eq(cosem_ber_expect(&c, 0xA1, &c2), COSEM_OK);
    ck_assert_int_eq(cosem_ber_expect(&c2, COSEM_BER_TAG_INTEGER, &c), COSEM_OK);
    ck_assert_int_eq(cosem_ber_get_int(&c, &v), COSEM_OK);
    ck_assert_int_eq(v, 0);

    /* [30] user-information: InitiateResponse */
    ck_assert_int_eq(cosem_ber_expect(&aare, 0xBE, &c), COSEM_OK);
    ck_assert_int_eq(cosem_ber_expect(&c, COSEM_BER_TAG_OCTET_STRING, &ui), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&aare), COSEM_OK);
    /* 08 InitiateResponse, no QoS, version 6 */
    ck_assert_int_eq(cosem_axdr_get_bytes(&ui, 3, &p), COSEM_OK);
    tu_assert_bytes(p, 3, "\x08\x00\x06", 3);
    ck_assert_uint_eq(read_conformance(&ui), 0x001E1D);
    cosem_axdr_get_u16(&ui, &u16);
    ck_assert_uint_eq(u16, 512); /* server-max-receive-pdu-size (the comment on line 10) */
    cosem_axdr_get_u16(&ui, &u16);
    ck_assert_uint_eq(u16, 7); /* vaa-name */
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&ui), COSEM_OK);
}
END_TEST

/* AARQ from dlms-cosem, NOAU line 5: no authentication, but a calling
 * AP title [6] holding an 8-octet system title; optional fields are found
 * by peeking. */
START_TEST(parse_aarq_noauth)
{
    uint8_t apdu[128];
    size_t n = load_apdu(NOAU, 5, apdu, sizeof apdu), k;
    cosem_axdr_reader_t r, aarq, c, ui;
    const uint8_t *p;
    uint32_t tag;
    cosem_axdr_reader_init(&r, apdu, n);
    ck_assert_int_eq(cosem_ber_expect(&r, 0x60, &aarq), COSEM_OK);
    ck_assert_int_eq(cosem_ber_expect(&aarq, 0xA1, &c), COSEM_OK);
    p = expect_bytes(&c, COSEM_BER_TAG_OID, &k);
    ck_assert_str_eq(oid_text(p, k), "2.16.756.5.8.1.1");
    ck_assert_int_eq(cosem_ber_peek_tag(&aarq, &tag), COSEM_OK);
    ck_assert_uint_eq(tag, 0xA6);
    ck_assert_int_eq(cosem_ber_expect(&aarq, 0xA6, &c), COSEM_OK);
    p = expect_bytes(&c, COSEM_BER_TAG_OCTET_STRING, &k);
    tu_assert_bytes(p, k, "\x75\x74\x69\x2C\xEA\xEF\xFA\x9A", 8);
    ck_assert_int_eq(cosem_ber_expect(&aarq, 0xBE, &c), COSEM_OK);
    ck_assert_int_eq(cosem_ber_expect(&c, COSEM_BER_TAG_OCTET_STRING, &ui), COSEM_OK);
    ck_assert_int_eq(cosem_axdr_get_bytes(&ui, 5, &p), COSEM_OK);
    tu_assert_bytes(p, 5, "\x01\x00\x00\x00\x06", 5);
    ck_assert_uint_eq(read_conformance(&ui), 0x20405F);
    ck_assert_int_eq(cosem_axdr_reader_expect_end(&aarq), COSEM_OK);
}
END_TEST

/* RLRQ/RLRE, LLS lines 34-35: reason [0] INTEGER 0 (normal). */
START_TEST(parse_release)
{
    static const struct {
        int line;
        uint32_t tag;
    } cases[] = {{34, 0x62}, {35, 0x63}};
    size_t i;
    for (i = 0; i < 2; i++) {
        uint8_t apdu[16];
        size_t n = load_apdu(LLS, cases[i].line, apdu, sizeof apdu);
        cosem_axdr_reader_t r, rl, c;
        int32_t v = -1;
        cosem_axdr_reader_init(&r, apdu, n);
        ck_assert_int_eq(cosem_ber_expect(&r, cases[i].tag, &rl), COSEM_OK);
        ck_assert_int_eq(cosem_ber_expect(&rl, 0x80, &c), COSEM_OK);
        ck_assert_int_eq(cosem_ber_get_int(&c, &v), COSEM_OK);
        ck_assert_int_eq(v, 0);
        ck_assert_int_eq(cosem_axdr_reader_expect_end(&rl), COSEM_OK);
        ck_assert_int_eq(cosem_axdr_reader_expect_end(&r), COSEM_OK);
    }
}
END_TEST

/* Every proper prefix of a captured AARQ is truncated, never accepted. */
START_TEST(truncated_prefixes)
{
    uint8_t apdu[128];
    size_t n = load_apdu(LLS, 8, apdu, sizeof apdu), k;
    for (k = 0; k < n; k++) {
        cosem_axdr_reader_t r, c;
        uint32_t tag;
        cosem_axdr_reader_init(&r, apdu, k);
        ck_assert_int_eq(cosem_ber_read_element(&r, &tag, &c), COSEM_E_TRUNCATED);
    }
}
END_TEST

/* ---- captures: rebuild ------------------------------------------------------------ */

/* xDLMS InitiateRequest inside an OCTET STRING: A-XDR fields around the
 * BER conformance block. */
static void put_initiate_request(cosem_axdr_writer_t *w, const uint8_t conf[3], uint16_t max_pdu)
{
    size_t m = cosem_ber_begin(w, COSEM_BER_TAG_OCTET_STRING);
    cosem_axdr_put_u8(w, 0x01); /* initiateRequest */
    cosem_axdr_put_u8(w, 0x00); /* dedicated-key absent */
    cosem_axdr_put_u8(w, 0x00); /* response-allowed: default */
    cosem_axdr_put_u8(w, 0x00); /* proposed-quality-of-service absent */
    cosem_axdr_put_u8(w, 0x06); /* proposed-dlms-version-number */
    cosem_ber_write_bits(w, 0x5F1F, conf, 24);
    cosem_axdr_put_u16(w, max_pdu);
    cosem_ber_end(w, m);
}

/* AARQ of LLS line 8. */
static cosem_status_t build_aarq_lls(cosem_axdr_writer_t *w)
{
    static const uint8_t req[] = {0x80}, conf[] = {0x40, 0x1E, 0x5D};
    size_t m0 = cosem_ber_begin(w, 0x60), m;
    m = cosem_ber_begin(w, 0xA1);
    cosem_ber_write_bytes(w, COSEM_BER_TAG_OID, oid_ctx_ln, sizeof oid_ctx_ln);
    cosem_ber_end(w, m);
    cosem_ber_write_bits(w, 0x8A, req, 1);
    cosem_ber_write_bytes(w, 0x8B, oid_mech_lls, sizeof oid_mech_lls);
    m = cosem_ber_begin(w, 0xAC);
    cosem_ber_write_bytes(w, 0x80, "Gurux", 5);
    cosem_ber_end(w, m);
    m = cosem_ber_begin(w, 0xBE);
    put_initiate_request(w, conf, 0xFFFF);
    cosem_ber_end(w, m);
    return cosem_ber_end(w, m0);
}

/* AARQ of NOAU line 5. */
static cosem_status_t build_aarq_noauth(cosem_axdr_writer_t *w)
{
    static const uint8_t conf[] = {0x20, 0x40, 0x5F};
    size_t m0 = cosem_ber_begin(w, 0x60), m;
    m = cosem_ber_begin(w, 0xA1);
    cosem_ber_write_bytes(w, COSEM_BER_TAG_OID, oid_ctx_ln, sizeof oid_ctx_ln);
    cosem_ber_end(w, m);
    m = cosem_ber_begin(w, 0xA6);
    cosem_ber_write_bytes(w, COSEM_BER_TAG_OCTET_STRING, "\x75\x74\x69\x2C\xEA\xEF\xFA\x9A", 8);
    cosem_ber_end(w, m);
    m = cosem_ber_begin(w, 0xBE);
    put_initiate_request(w, conf, 0xFFFF);
    cosem_ber_end(w, m);
    return cosem_ber_end(w, m0);
}

/* AARE of LLS line 9 / NOAU line 6 (they differ in the InitiateResponse). */
static cosem_status_t build_aare(cosem_axdr_writer_t *w, const uint8_t conf[3])
{
    size_t m0 = cosem_ber_begin(w, 0x61), m, m2;
    m = cosem_ber_begin(w, 0xA1);
    cosem_ber_write_bytes(w, COSEM_BER_TAG_OID, oid_ctx_ln, sizeof oid_ctx_ln);
    cosem_ber_end(w, m);
    m = cosem_ber_begin(w, 0xA2); /* result: accepted */
    cosem_ber_write_int(w, COSEM_BER_TAG_INTEGER, 0);
    cosem_ber_end(w, m);
    m = cosem_ber_begin(w, 0xA3); /* result-source-diagnostic */
    m2 = cosem_ber_begin(w, 0xA1); /* acse-service-user */
    cosem_ber_write_int(w, COSEM_BER_TAG_INTEGER, 0);
    cosem_ber_end(w, m2);
    cosem_ber_end(w, m);
    m = cosem_ber_begin(w, 0xBE);
    m2 = cosem_ber_begin(w, COSEM_BER_TAG_OCTET_STRING);
    cosem_axdr_put_u8(w, 0x08); /* initiateResponse */
    cosem_axdr_put_u8(w, 0x00); /* negotiated-quality-of-service absent */
    cosem_axdr_put_u8(w, 0x06); /* negotiated-dlms-version-number */
    cosem_ber_write_bits(w, 0x5F1F, conf, 24);
    cosem_axdr_put_u16(w, 512); /* server-max-receive-pdu-size */
    cosem_axdr_put_u16(w, 7);   /* vaa-name */
    cosem_ber_end(w, m2);
    cosem_ber_end(w, m);
    return cosem_ber_end(w, m0);
}

static cosem_status_t build_aare_lls(cosem_axdr_writer_t *w)
{
    static const uint8_t conf[] = {0x00, 0x1E, 0x1D};
    return build_aare(w, conf);
}

static cosem_status_t build_aare_noauth(cosem_axdr_writer_t *w)
{
    static const uint8_t conf[] = {0x00, 0x00, 0x18};
    return build_aare(w, conf);
}

/* RLRQ of LLS line 34: reason [0] normal. */
static cosem_status_t build_rlrq(cosem_axdr_writer_t *w)
{
    size_t m = cosem_ber_begin(w, 0x62);
    cosem_ber_write_int(w, 0x80, 0);
    return cosem_ber_end(w, m);
}

/* RLRQ of NOAU line 27: reason plus user-information. */
static cosem_status_t build_rlrq_ui(cosem_axdr_writer_t *w)
{
    static const uint8_t conf[] = {0x00, 0x00, 0x18};
    size_t m0 = cosem_ber_begin(w, 0x62), m;
    cosem_ber_write_int(w, 0x80, 0);
    m = cosem_ber_begin(w, 0xBE);
    put_initiate_request(w, conf, 512);
    cosem_ber_end(w, m);
    return cosem_ber_end(w, m0);
}

typedef cosem_status_t (*build_fn)(cosem_axdr_writer_t *w);

static const struct {
    const char *file;
    int line;
    build_fn build;
} rebuilds[] = {
    {LLS, 8, build_aarq_lls},     {LLS, 9, build_aare_lls},       {LLS, 34, build_rlrq},
    {NOAU, 5, build_aarq_noauth}, {NOAU, 6, build_aare_noauth},   {NOAU, 27, build_rlrq_ui},
};

/* Each builder reproduces its capture byte for byte; a sizing writer
 * counts the same length. */
START_TEST(rebuild_captures)
{
    size_t i = (size_t)_i;
    uint8_t want[128], b[128];
    size_t n = load_apdu(rebuilds[i].file, rebuilds[i].line, want, sizeof want);
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, b, sizeof b);
    ck_assert_int_eq(rebuilds[i].build(&w), COSEM_OK);
    tu_assert_bytes(b, cosem_axdr_writer_len(&w), want, n);
    cosem_axdr_writer_init_sizing(&w);
    ck_assert_int_eq(rebuilds[i].build(&w), COSEM_OK);
    ck_assert_uint_eq(cosem_axdr_writer_len(&w), n);
}
END_TEST

/* With any buffer shorter than the APDU the build fails with
 * COSEM_E_NOSPACE and writes nothing past the buffer's end. */
START_TEST(rebuild_short_buffers)
{
    size_t i = (size_t)_i, cap;
    uint8_t want[128];
    size_t n = load_apdu(rebuilds[i].file, rebuilds[i].line, want, sizeof want);
    for (cap = 0; cap <= n; cap++) {
        uint8_t b[160];
        cosem_axdr_writer_t w;
        memset(b, 0xA5, sizeof b);
        cosem_axdr_writer_init(&w, b, cap);
        ck_assert_int_eq(rebuilds[i].build(&w), cap == n ? COSEM_OK : COSEM_E_NOSPACE);
        ck_assert_uint_le(cosem_axdr_writer_len(&w), cap);
        ck_assert_uint_eq(b[cap], 0xA5);
        ck_assert_uint_eq(b[sizeof b - 1], 0xA5);
    }
}
END_TEST

static Suite *ber_suite(void)
{
    Suite *s = suite_create("ber");
    TCase *t = tcase_create("identifiers");
    tcase_add_test(t, write_tag_forms);
    tcase_add_test(t, write_tag_invalid);
    tcase_add_test(t, read_tag_forms);
    suite_add_tcase(s, t);
    t = tcase_create("lengths");
    tcase_add_test(t, begin_end_long_forms);
    tcase_add_test(t, begin_end_nested_long);
    tcase_add_test(t, write_tl_forms);
    tcase_add_test(t, read_long_forms);
    suite_add_tcase(s, t);
    t = tcase_create("malformed");
    tcase_add_test(t, malformed_inputs);
    tcase_add_test(t, peek_not_recorded);
    tcase_add_test(t, expect_wrong_tag);
    tcase_add_test(t, sticky_after_failure);
    tcase_add_test(t, truncated_prefixes);
    suite_add_tcase(s, t);
    t = tcase_create("values");
    tcase_add_test(t, write_int_minimal);
    tcase_add_test(t, int_round_trip);
    tcase_add_test(t, get_int_contents);
    tcase_add_test(t, write_bits_forms);
    tcase_add_test(t, write_bytes_args);
    suite_add_tcase(s, t);
    t = tcase_create("captures");
    tcase_add_test(t, walk_captures);
    tcase_add_test(t, parse_aarq_lls);
    tcase_add_test(t, parse_aare_lls);
    tcase_add_test(t, parse_aarq_noauth);
    tcase_add_test(t, parse_release);
    tcase_add_loop_test(t, rebuild_captures, 0, (int)(sizeof rebuilds / sizeof rebuilds[0]));
    tcase_add_loop_test(t, rebuild_short_buffers, 0, (int)(sizeof rebuilds / sizeof rebuilds[0]));
    suite_add_tcase(s, t);
    return s;
}

TU_MAIN(ber_suite)
