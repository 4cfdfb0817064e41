/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the HDLC frame codec (include/cosem/hdlc.h).
 *
 * The input is a mode octet, then the octets between the flags of one
 * frame. Mode bit 0 set: the HCS and FCS are recomputed first (when the
 * header parses), so mutations reach the address, length, control and
 * parameter paths instead of stopping at the CRC. Oracles (abort() on
 * violation):
 *  - decode returns COSEM_OK exactly when the reported check is OK, and
 *    only COSEM_E_MALFORMED / COSEM_E_TRUNCATED otherwise;
 *  - a decoded frame re-encodes to exactly the input between two flags
 *    (addresses, format and length have one encoding), and decodes again
 *    to the same fields;
 *  - a sizing writer measures the same length;
 *  - the information field of a SNRM/UA, when its parameter field
 *    decodes, re-encodes to a field that decodes to the same values;
 *  - the control field classification agrees with the constructors;
 *  - with recomputed CRCs, a frame whose header parses and whose length
 *    field matches decodes. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/hdlc.h>

#include "hdlc/hdlc_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts when a checked property does not hold. */
static void require(bool ok)
{
    if (!ok) {
        abort();
    }
}

/* Parameter field: decode, encode, decode again to the same values. */
static void check_params(const uint8_t *p, size_t n)
{
    cosem_hdlc_params_t a, b;
    cosem_axdr_writer_t w;
    uint8_t buf[64];
    cosem_status_t st = cosem_hdlc_params_decode(p, n, &a);
    require(st == COSEM_OK || st == COSEM_E_MALFORMED || st == COSEM_E_TRUNCATED);
    if (st != COSEM_OK) {
        return;
    }
    cosem_axdr_writer_init(&w, buf, sizeof buf);
    require(cosem_hdlc_params_encode(&w, &a) == COSEM_OK);
    require(cosem_hdlc_params_decode(buf, cosem_axdr_writer_len(&w), &b) == COSEM_OK);
    require(memcmp(&a, &b, sizeof a) == 0);
}

/* Control constructors reproduce a classified control field. */
static void check_control(uint8_t c)
{
    unsigned pf = COSEM_HDLC_CTRL_PF(c);
    switch (cosem_hdlc_ctrl_kind(c)) {
    case COSEM_HDLC_KIND_I:
        require(COSEM_HDLC_CTRL_I(COSEM_HDLC_CTRL_NS(c), COSEM_HDLC_CTRL_NR(c), pf) == c);
        break;
    case COSEM_HDLC_KIND_RR:
        require(COSEM_HDLC_CTRL_S(COSEM_HDLC_RR, COSEM_HDLC_CTRL_NR(c), pf) == c);
        break;
    case COSEM_HDLC_KIND_RNR:
        require(COSEM_HDLC_CTRL_S(COSEM_HDLC_RNR, COSEM_HDLC_CTRL_NR(c), pf) == c);
        break;
    case COSEM_HDLC_KIND_UNKNOWN:
        break;
    default:
        require(COSEM_HDLC_CTRL_U(c & ~COSEM_HDLC_PF, pf) == c);
        break;
    }
}

/* Recomputes HCS and FCS of a frame whose header parses; returns whether
 * the frame should now decode (length field equal to n and consistent). */
static bool patch_crcs(uint8_t *p, size_t n)
{
    cosem_hdlc_frame_t f;
    cosem_hdlc_check_t chk;
    size_t hdr = 0;
    uint16_t c;
    if (cosem_hdlc_parse_header(p, n, &f, &hdr, &chk) != COSEM_OK ||
        (((size_t)(p[0] & 7u) << 8) | p[1]) != n || cosem_hdlc_check_length(n, hdr) != COSEM_OK) {
        return false;
    }
    if (n > hdr + 2) {
        c = cosem_hdlc_fcs(p, hdr);
        p[hdr] = (uint8_t)c;
        p[hdr + 1] = (uint8_t)(c >> 8);
    }
    c = cosem_hdlc_fcs(p, n - 2);
    p[n - 2] = (uint8_t)c;
    p[n - 1] = (uint8_t)(c >> 8);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out[2100], in[2100];
    cosem_hdlc_frame_t f, g;
    cosem_hdlc_check_t chk = COSEM_HDLC_CHECK_FCS;
    cosem_axdr_writer_t w, sz;
    cosem_status_t st;
    bool must = false;
    if (size == 0 || size - 1 > sizeof in) {
        return 0;
    }
    memcpy(in, data + 1, size - 1);
    if ((data[0] & 1u) != 0) {
        must = patch_crcs(in, size - 1);
    }
    data = in;
    size -= 1;
    st = cosem_hdlc_frame_decode(size ? data : NULL, size, &f, &chk);
    require((st == COSEM_OK) == (chk == COSEM_HDLC_CHECK_OK));
    require(!must || st == COSEM_OK);
    if (st != COSEM_OK) {
        require(st == COSEM_E_MALFORMED || st == COSEM_E_TRUNCATED);
        return 0;
    }
    require(f.info_len == 0 || (f.info >= data && f.info + f.info_len <= data + size - 2));
    cosem_axdr_writer_init(&w, out, sizeof out);
    require(cosem_hdlc_frame_encode(&w, &f) == COSEM_OK);
    require(cosem_axdr_writer_len(&w) == size + 2);
    require(out[0] == COSEM_HDLC_FLAG && out[size + 1] == COSEM_HDLC_FLAG);
    require(memcmp(out + 1, data, size) == 0);
    cosem_axdr_writer_init_sizing(&sz);
    require(cosem_hdlc_frame_encode(&sz, &f) == COSEM_OK);
    require(cosem_axdr_writer_len(&sz) == size + 2);
    require(cosem_hdlc_frame_decode(out + 1, size, &g, NULL) == COSEM_OK);
    require(cosem_hdlc_addr_equal(&f.dst, &g.dst) && cosem_hdlc_addr_equal(&f.src, &g.src));
    require(f.control == g.control && f.segmented == g.segmented && f.info_len == g.info_len);
    check_control(f.control);
    if (cosem_hdlc_ctrl_kind(f.control) == COSEM_HDLC_KIND_SNRM ||
        cosem_hdlc_ctrl_kind(f.control) == COSEM_HDLC_KIND_UA) {
        check_params(f.info, f.info_len);
    }
    return 0;
}
