/* SPDX-License-Identifier: Apache-2.0 */
/* BER helpers for the ACSE APDUs: identifiers, definite lengths and
 * constructed elements on top of the A-XDR cursors. A-XDR and BER definite
 * lengths share one encoding, so lengths go through cosem_axdr_put_length()
 * and cosem_axdr_get_length(). Nothing here reads past the reader's end. */
#include <cosem/ber.h>

#include "../config_check.h"

/* Most identifier octets handled (the packed form is a uint32_t). */
#define BER_TAG_MAX_OCTETS 4u
/* Low five bits of a first identifier octet that announce the high-tag-number form. */
#define BER_TAG_HIGH_FORM 0x1Fu
/* Bit 8 of a subsequent identifier octet: another octet follows. */
#define BER_TAG_MORE 0x80u

/* ---- Identifiers ----------------------------------------------------- */

/* Number of octets a packed identifier spans (1 for 0x00..0xFF). */
static size_t tag_octets(uint32_t tag)
{
    size_t n = 1;
    while (n < BER_TAG_MAX_OCTETS && (tag >> (8u * n)) != 0) {
        n++;
    }
    return n;
}

/* Octet i (0 = first on the wire) of a packed identifier of n octets. */
static uint8_t tag_octet(uint32_t tag, size_t n, size_t i)
{
    return (uint8_t)(tag >> (8u * (n - 1u - i)));
}

/* Whether a packed identifier is one the reader accepts: one octet not in
 * the high-tag-number form, or a high-form first octet followed by octets
 * with bit 8 set except the last. Writer and reader share this rule so that
 * what one writes the other reads back as the same value. */
static bool tag_valid(uint32_t tag)
{
    size_t n = tag_octets(tag), i;
    if (n == 1) {
        return (tag & BER_TAG_HIGH_FORM) != BER_TAG_HIGH_FORM;
    }
    if ((tag_octet(tag, n, 0) & BER_TAG_HIGH_FORM) != BER_TAG_HIGH_FORM) {
        return false;
    }
    for (i = 1; i + 1 < n; i++) {
        if ((tag_octet(tag, n, i) & BER_TAG_MORE) == 0) {
            return false;
        }
    }
    return (tag_octet(tag, n, n - 1) & BER_TAG_MORE) == 0;
}

/* Decodes the identifier at p (avail bytes there) without consuming it:
 * its packed value and its octet count. */
static cosem_status_t parse_tag(const uint8_t *p, size_t avail, uint32_t *tag, size_t *n)
{
    uint32_t t;
    size_t i = 0;
    if (avail == 0) {
        return COSEM_E_TRUNCATED;
    }
    t = p[0];
    if ((t & BER_TAG_HIGH_FORM) == BER_TAG_HIGH_FORM) {
        do {
            if (++i >= BER_TAG_MAX_OCTETS) {
                return COSEM_E_MALFORMED;
            }
            if (i >= avail) {
                return COSEM_E_TRUNCATED;
            }
            t = (t << 8) | p[i];
        } while ((p[i] & BER_TAG_MORE) != 0);
    }
    *tag = t;
    *n = i + 1u; /* a high-form first octet is non-zero: all i + 1 octets count */
    return COSEM_OK;
}

/* Identifier octets, most significant packed octet first; an identifier
 * the reader would not read back as the same value is COSEM_E_ARG. */
cosem_status_t cosem_ber_write_tag(cosem_axdr_writer_t *w, uint32_t tag)
{
    size_t n, i;
    if (!tag_valid(tag)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    n = tag_octets(tag);
    for (i = 0; i < n; i++) {
        cosem_axdr_put_u8(w, tag_octet(tag, n, i));
    }
    return cosem_axdr_writer_status(w);
}

/* ---- Writer ------------------------------------------------------------ */

/* Identifier then definite length in its shortest form. */
cosem_status_t cosem_ber_write_tl(cosem_axdr_writer_t *w, uint32_t tag, size_t len)
{
    cosem_ber_write_tag(w, tag);
    return cosem_axdr_put_length(w, len);
}

/* Identifier and a length placeholder; cosem_ber_end() patches it. */
size_t cosem_ber_begin(cosem_axdr_writer_t *w, uint32_t tag)
{
    cosem_ber_write_tag(w, tag);
    return cosem_axdr_length_begin(w);
}

/* Same patching (and content move for long forms) as A-XDR lengths. */
cosem_status_t cosem_ber_end(cosem_axdr_writer_t *w, size_t mark)
{
    return cosem_axdr_length_end(w, mark);
}

/* Primitive element: identifier, length, content. */
cosem_status_t cosem_ber_write_bytes(cosem_axdr_writer_t *w, uint32_t tag, const void *p,
                                     size_t n)
{
    if (p == NULL && n != 0) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_ber_write_tl(w, tag, n);
    return cosem_axdr_put_bytes(w, p, n);
}

/* Two's complement in the fewest octets (X.690 8.3.2): grow the width
 * until the value fits in it as a signed number. */
cosem_status_t cosem_ber_write_int(cosem_axdr_writer_t *w, uint32_t tag, int32_t v)
{
    unsigned n = 1;
    uint32_t u = (uint32_t)v;
    while (n < 4u) {
        int64_t half = (int64_t)1 << (8u * n - 1u);
        if (v >= -half && v < half) {
            break;
        }
        n++;
    }
    cosem_ber_write_tl(w, tag, n);
    while (n > 0) {
        n--;
        cosem_axdr_put_u8(w, (uint8_t)(u >> (8u * n)));
    }
    return cosem_axdr_writer_status(w);
}

/* Unused-bits octet, then the bits; bits past nbits in the last octet are
 * sent as zero (X.690 11.2.1) whatever the caller's buffer holds there. */
cosem_status_t cosem_ber_write_bits(cosem_axdr_writer_t *w, uint32_t tag, const uint8_t *bits,
                                    size_t nbits)
{
    size_t nbytes = nbits / 8u + (nbits % 8u != 0u);
    uint8_t unused = (uint8_t)((8u - nbits % 8u) % 8u);
    uint8_t *out;
    if (bits == NULL && nbits != 0) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_ber_write_tl(w, tag, nbytes + 1u);
    cosem_axdr_put_u8(w, unused);
    if (cosem_axdr_reserve(w, nbytes, &out) == COSEM_OK && out != NULL && nbytes != 0) {
        size_t i;
        for (i = 0; i < nbytes; i++) {
            out[i] = bits[i];
        }
        out[nbytes - 1u] &= (uint8_t)(0xFFu << unused);
    }
    return cosem_axdr_writer_status(w);
}

/* ---- Reader ------------------------------------------------------------ */

/* Identifier at the read position and its octet count, not consumed. */
static cosem_status_t peek(const cosem_axdr_reader_t *r, uint32_t *tag, size_t *n)
{
    if (r->err != COSEM_OK) {
        return r->err;
    }
    if (r->pos >= r->len) {
        return COSEM_E_TRUNCATED; /* also keeps a NULL buffer from being offset */
    }
    return parse_tag(r->buf + r->pos, r->len - r->pos, tag, n);
}

/* Next identifier, not consumed; errors are returned, not recorded. */
cosem_status_t cosem_ber_peek_tag(const cosem_axdr_reader_t *r, uint32_t *tag)
{
    size_t n;
    return peek(r, tag, &n);
}

/* Identifier, definite length, and a check that the content is all there
 * so callers can trust the length. */
cosem_status_t cosem_ber_read_tl(cosem_axdr_reader_t *r, uint32_t *tag, size_t *len)
{
    uint32_t t;
    size_t n, l;
    cosem_status_t st = peek(r, &t, &n);
    if (st != COSEM_OK) {
        return cosem_axdr_reader_fail(r, st);
    }
    r->pos += n; /* the identifier is all there (parse_tag()) */
    if (cosem_axdr_get_length(r, &l) != COSEM_OK) {
        return r->err;
    }
    if (l > cosem_axdr_reader_remaining(r)) {
        return cosem_axdr_reader_fail(r, COSEM_E_TRUNCATED);
    }
    *tag = t;
    *len = l;
    return COSEM_OK;
}

/* One element; its content becomes a sub-reader (failed and empty when
 * the element cannot be read). */
cosem_status_t cosem_ber_read_element(cosem_axdr_reader_t *r, uint32_t *tag,
                                      cosem_axdr_reader_t *content)
{
    uint32_t t = 0;
    size_t len = 0;
    cosem_ber_read_tl(r, &t, &len);
    if (cosem_axdr_get_sub(r, len, content) == COSEM_OK) {
        *tag = t;
    }
    return cosem_axdr_reader_status(r);
}

/* Element with a required identifier; on another identifier nothing is
 * consumed and COSEM_E_TYPE is recorded. */
cosem_status_t cosem_ber_expect(cosem_axdr_reader_t *r, uint32_t tag,
                                cosem_axdr_reader_t *content)
{
    uint32_t t;
    cosem_status_t st = cosem_ber_peek_tag(r, &t);
    if (st == COSEM_OK && t != tag) {
        st = COSEM_E_TYPE;
    }
    if (st != COSEM_OK) {
        cosem_axdr_reader_fail(r, st);
        return cosem_axdr_get_sub(r, 0, content);
    }
    return cosem_ber_read_element(r, &t, content);
}

/* The whole content as a sign-extended big-endian integer of 1..4 octets. */
cosem_status_t cosem_ber_get_int(cosem_axdr_reader_t *content, int32_t *v)
{
    size_t n = cosem_axdr_reader_remaining(content), i;
    const uint8_t *p;
    uint32_t u;
    if (content->err != COSEM_OK) {
        return content->err;
    }
    if (n == 0 || n > 4u) {
        return cosem_axdr_reader_fail(content, COSEM_E_MALFORMED);
    }
    if (cosem_axdr_get_bytes(content, n, &p) != COSEM_OK) {
        return content->err;
    }
    u = (p[0] & 0x80u) != 0 ? UINT32_MAX : 0u;
    for (i = 0; i < n; i++) {
        u = (u << 8) | p[i];
    }
    /* Negative values are built without an out-of-range unsigned-to-signed
     * conversion, which C leaves implementation-defined. */
    *v = (u & 0x80000000u) != 0 ? -(int32_t)(~u) - 1 : (int32_t)u;
    return COSEM_OK;
}
