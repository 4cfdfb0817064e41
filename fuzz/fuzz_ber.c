/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the BER helpers (include/cosem/ber.h).
 *
 * The input is walked as a sequence of nested BER elements with
 * cosem_ber_read_element() and an explicit stack (no recursion, at most
 * FUZZ_DEPTH open constructed elements; deeper ones are taken as opaque).
 * Every element is checked against peek and expect, and re-encoded with
 * cosem_ber_begin/end and cosem_ber_write_bytes. Oracles (abort() on
 * violation):
 *  - peek, expect and read_element agree on identifier, content and position;
 *    expect with another identifier gives COSEM_E_TYPE and consumes nothing;
 *  - cosem_ber_write_tag() reproduces the identifier octets that were read;
 *  - after an error every call returns the same error (sticky);
 *  - if the whole input parses and every length was in its shortest form,
 *    the re-encoding equals the input byte for byte (this exercises the
 *    length patching and content moves of cosem_ber_end());
 *  - INTEGER-like contents of 1..4 octets survive write_int/get_int, and
 *    BIT STRING-like contents survive write_bits. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/ber.h>

#define FUZZ_DEPTH 16

/* One open constructed element: its content and the writer's mark. */
typedef struct {
    cosem_axdr_reader_t r;
    size_t mark;
} frame_t;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts when a checked property does not hold. */
static void require(bool ok)
{
    if (!ok) {
        abort();
    }
}

/* First octet of a packed identifier (class and constructed bit). */
static uint8_t first_octet(uint32_t tag)
{
    while (tag > 0xFFu) {
        tag >>= 8;
    }
    return (uint8_t)tag;
}

/* Number of octets of a packed identifier. */
static size_t tag_octets(uint32_t tag)
{
    size_t n = 1;
    while (n < 4 && (tag >> (8 * n)) != 0) {
        n++;
    }
    return n;
}

/* Content read as an INTEGER: 1..4 octets decode, and the value written
 * back decodes to the same value in no more octets. */
static void check_int(const uint8_t *p, size_t n)
{
    cosem_axdr_reader_t c, r2, c2;
    cosem_axdr_writer_t w;
    uint8_t b[8];
    int32_t v = 0, v2 = 1;
    cosem_status_t st;
    cosem_axdr_reader_init(&c, p, n);
    st = cosem_ber_get_int(&c, &v);
    if (n == 0 || n > 4) {
        require(st == COSEM_E_MALFORMED);
        return;
    }
    require(st == COSEM_OK && cosem_axdr_reader_remaining(&c) == 0);
    cosem_axdr_writer_init(&w, b, sizeof b);
    require(cosem_ber_write_int(&w, COSEM_BER_TAG_INTEGER, v) == COSEM_OK);
    require(cosem_axdr_writer_len(&w) - 2 <= n);
    cosem_axdr_reader_init(&r2, b, cosem_axdr_writer_len(&w));
    require(cosem_ber_expect(&r2, COSEM_BER_TAG_INTEGER, &c2) == COSEM_OK);
    require(cosem_ber_get_int(&c2, &v2) == COSEM_OK && v2 == v);
}

/* Content read as a BIT STRING (unused-bits octet first): written back with
 * write_bits it gives the same content, unused bits cleared. */
static void check_bits(const uint8_t *p, size_t n, uint8_t *buf, size_t cap)
{
    cosem_axdr_writer_t w;
    cosem_axdr_reader_t r, c;
    const uint8_t *q;
    size_t nbits;
    uint32_t tag;
    if (n == 0 || p[0] > 7 || (n == 1 && p[0] != 0)) {
        return;
    }
    nbits = (n - 1) * 8 - p[0];
    cosem_axdr_writer_init(&w, buf, cap);
    require(cosem_ber_write_bits(&w, COSEM_BER_TAG_BIT_STRING, p + 1, nbits) == COSEM_OK);
    cosem_axdr_reader_init(&r, buf, cosem_axdr_writer_len(&w));
    require(cosem_ber_read_element(&r, &tag, &c) == COSEM_OK && tag == COSEM_BER_TAG_BIT_STRING);
    require(cosem_axdr_reader_remaining(&c) == n);
    require(cosem_axdr_get_bytes(&c, n, &q) == COSEM_OK);
    require(q[0] == p[0] && memcmp(q + 1, p + 1, n > 2 ? n - 2 : 0) == 0);
    if (n >= 2) {
        require(q[n - 1] == (uint8_t)(p[n - 1] & (0xFFu << p[0])));
    }
}

/* Reads one element and cross-checks it with peek and expect. */
static cosem_status_t step(cosem_axdr_reader_t *r, uint32_t *tag, cosem_axdr_reader_t *content,
                           const uint8_t **id)
{
    cosem_axdr_reader_t a = *r, b = *r, idr = *r, ca, cb;
    uint32_t pt = 0;
    cosem_status_t ps = cosem_ber_peek_tag(r, &pt);
    cosem_status_t st = cosem_ber_read_element(r, tag, content);
    if (ps != COSEM_OK) {
        require(st == ps);
    }
    if (st != COSEM_OK) {
        require(cosem_axdr_reader_status(content) == st);
        require(cosem_axdr_reader_remaining(content) == 0);
        require(cosem_axdr_reader_status(r) == st);
        return st;
    }
    require(*tag == pt);
    require(cosem_ber_expect(&a, pt, &ca) == COSEM_OK);
    require(cosem_axdr_reader_pos(&a) == cosem_axdr_reader_pos(r));
    require(cosem_axdr_reader_remaining(&ca) == cosem_axdr_reader_remaining(content));
    require(cosem_ber_expect(&b, pt ^ 1u, &cb) == COSEM_E_TYPE);
    require(cosem_axdr_reader_pos(&b) == cosem_axdr_reader_pos(&idr));
    require(cosem_axdr_reader_status(&cb) == COSEM_E_TYPE);
    require(cosem_axdr_get_bytes(&idr, tag_octets(pt), id) == COSEM_OK);
    return COSEM_OK;
}

/* After a failure the reader keeps returning the same error. */
static void check_sticky(cosem_axdr_reader_t *r, cosem_status_t err)
{
    cosem_axdr_reader_t c;
    uint32_t tag;
    size_t len;
    require(cosem_axdr_reader_remaining(r) == 0);
    require(cosem_ber_peek_tag(r, &tag) == err);
    require(cosem_ber_read_tl(r, &tag, &len) == err);
    require(cosem_ber_read_element(r, &tag, &c) == err);
    require(cosem_ber_expect(r, 0x04, &c) == err);
}

/* Handles one element whose content reader is c: opens a frame for a
 * constructed element (depth allowing), else re-encodes it as primitive. */
static void element(frame_t *st, int *d, cosem_axdr_writer_t *w, uint32_t tag,
                    cosem_axdr_reader_t *c, uint8_t *scratch, size_t cap)
{
    size_t clen = cosem_axdr_reader_remaining(c);
    const uint8_t *p;
    if ((first_octet(tag) & COSEM_BER_CONSTRUCTED) != 0 && *d + 1 < FUZZ_DEPTH) {
        (*d)++;
        st[*d].r = *c;
        st[*d].mark = cosem_ber_begin(w, tag);
        return;
    }
    require(cosem_axdr_get_bytes(c, clen, &p) == COSEM_OK);
    cosem_ber_write_bytes(w, tag, p, clen);
    if (clen <= 5) {
        check_int(p, clen);
    }
    check_bits(p, clen, scratch, cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    frame_t st[FUZZ_DEPTH];
    cosem_axdr_writer_t w;
    cosem_status_t err = COSEM_OK;
    bool minimal = true;
    int d = 0;
    uint8_t *out = malloc(size + 1), *scratch = malloc(size + 16);
    require(out != NULL && scratch != NULL);
    cosem_axdr_writer_init(&w, out, size);
    cosem_axdr_reader_init(&st[0].r, data, size);
    for (;;) {
        frame_t *f = &st[d];
        uint32_t tag = 0, idb;
        cosem_axdr_reader_t c;
        const uint8_t *id;
        size_t before = cosem_axdr_reader_remaining(&f->r), clen;
        uint8_t tb[4];
        cosem_axdr_writer_t tw;
        if (before == 0) {
            if (d == 0) {
                break;
            }
            require(cosem_ber_end(&w, f->mark) == COSEM_OK);
            d--;
            continue;
        }
        err = step(&f->r, &tag, &c, &id);
        if (err != COSEM_OK) {
            check_sticky(&f->r, err);
            break;
        }
        clen = cosem_axdr_reader_remaining(&c);
        if (before - cosem_axdr_reader_remaining(&f->r) - clen !=
            tag_octets(tag) + cosem_axdr_length_size(clen)) {
            minimal = false;
        }
        cosem_axdr_writer_init(&tw, tb, sizeof tb);
        require(cosem_ber_write_tag(&tw, tag) == COSEM_OK);
        idb = (uint32_t)cosem_axdr_writer_len(&tw);
        require(idb == tag_octets(tag) && memcmp(tb, id, idb) == 0);
        element(st, &d, &w, tag, &c, scratch, size + 16);
    }
    if (err == COSEM_OK) {
        require(cosem_axdr_writer_status(&w) == COSEM_OK);
        require(cosem_axdr_writer_len(&w) <= size);
        if (minimal) {
            require(cosem_axdr_writer_len(&w) == size && memcmp(out, data, size) == 0);
        }
    }
    free(out);
    free(scratch);
    return 0;
}
