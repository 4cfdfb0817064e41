/* SPDX-License-Identifier: Apache-2.0 */
/* HDLC frame codec (IEC 62056-46 frame format type 3): CRC-16/X.25,
 * address fields, frame decode/encode, control-field classification and
 * the parameter negotiation field of SNRM/UA. Pure functions, no state. */
#include <cosem/config.h>

#if COSEM_WITH_HDLC

#include <string.h>

#include "common/mem_internal.h"

#include "hdlc/hdlc_internal.h"

/* CRC-16/X.25 (reflected 0x1021 = 0x8408), four bits at a time: a 32-byte
 * table instead of 512, two lookups per octet. */
static const uint16_t crc_nibble[16] = {
    0x0000u, 0x1081u, 0x2102u, 0x3183u, 0x4204u, 0x5285u, 0x6306u, 0x7387u,
    0x8408u, 0x9489u, 0xA50Au, 0xB58Bu, 0xC60Cu, 0xD68Du, 0xE70Eu, 0xF78Fu};

/* Runs the CRC over n octets without the final XOR (for streaming). */
uint16_t cosem_hdlc_crc_update(uint16_t crc, const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        crc = (uint16_t)(crc ^ p[i]);
        crc = (uint16_t)((crc >> 4) ^ crc_nibble[crc & 0x0Fu]);
        crc = (uint16_t)((crc >> 4) ^ crc_nibble[crc & 0x0Fu]);
    }
    return crc;
}

/* The HCS/FCS value of a block: running CRC, then the final XOR. */
uint16_t cosem_hdlc_fcs(const uint8_t *p, size_t n)
{
    return (uint16_t)(cosem_hdlc_crc_update(COSEM_HDLC_CRC_INIT, p, n) ^ 0xFFFFu);
}

/* Largest value of one address part for an address length. */
static uint16_t part_max(uint8_t len)
{
    return len == 4 ? 0x3FFFu : 0x7Fu;
}

/* Checks length and field ranges so that encoding cannot lose bits. */
bool cosem_hdlc_addr_valid(const cosem_hdlc_addr_t *a)
{
    uint16_t max;
    if (a == NULL || (a->len != 1 && a->len != 2 && a->len != 4)) {
        return false;
    }
    max = part_max(a->len);
    return a->upper <= max && a->lower <= (a->len == 1 ? 0u : max);
}

/* Exact equality of two addresses (length and parts). */
bool cosem_hdlc_addr_equal(const cosem_hdlc_addr_t *a, const cosem_hdlc_addr_t *b)
{
    return a->len == b->len && a->upper == b->upper && (a->len == 1 || a->lower == b->lower);
}

/* All-station destinations that reach a station (see the header). */
bool cosem_hdlc_addr_is_broadcast_for(const cosem_hdlc_addr_t *a, const cosem_hdlc_addr_t *own)
{
    uint16_t all;
    bool up_all, lo_all;
    if (a->len == 1) {
        return a->upper == COSEM_HDLC_ALL_STATION;
    }
    if (a->len != own->len) {
        return false;
    }
    all = part_max(a->len);
    up_all = a->upper == all;
    lo_all = a->lower == all;
    return (up_all || lo_all) && (up_all || a->upper == own->upper) &&
           (lo_all || a->lower == own->lower);
}

/* Reads one address field: octets until the extension bit, 1, 2 or 4 of
 * them, within lim octets. The upper part is the first half of the octets
 * (the only octet of a 1-octet address), the lower part the rest, 7 bits
 * per octet. */
static cosem_status_t parse_addr(const uint8_t *p, size_t lim, cosem_hdlc_addr_t *a, size_t *used)
{
    size_t k = 0, i;
    uint16_t part[2] = {0, 0};
    while (k < lim && k < 4 && (p[k] & 1u) == 0) {
        k++;
    }
    if (k == 4 || (k < lim && k == 2)) {
        return COSEM_E_MALFORMED; /* no end within 4 octets, or three octets */
    }
    if (k == lim) {
        return COSEM_E_TRUNCATED;
    }
    *used = k + 1;
    a->len = (uint8_t)(k + 1);
    for (i = 0; i <= k; i++) {
        uint16_t *v = &part[i >= (k + 2) / 2];
        *v = (uint16_t)(*v << 7 | p[i] >> 1);
    }
    a->upper = part[0];
    a->lower = part[1];
    return COSEM_OK;
}

/* Writes the wire octets of a valid address (the inverse of parse_addr(),
 * extension bit on the last octet); returns their count. */
static size_t put_addr(uint8_t *o, const cosem_hdlc_addr_t *a)
{
    size_t i = a->len, half = (i + 1u) / 2u;
    unsigned v = a->lower;
    while (i-- > 0) {
        if (i + 1u == half) {
            v = a->upper;
        }
        o[i] = (uint8_t)((v & 0x7Fu) << 1);
        v >>= 7;
    }
    o[a->len - 1u] |= 1u;
    return a->len;
}

/* Frame length field of a format field. */
size_t cosem_hdlc_format_len(const uint8_t *p)
{
    return (size_t)(p[0] & 0x07u) << 8 | p[1];
}

/* Parses format, both addresses and control from the first n octets of a
 * frame (n may be less than the frame: TRUNCATED then means "need more").
 * Used by cosem_hdlc_frame_decode() and by the station's deframer, which
 * calls it as octets arrive to check the HCS before the frame is complete. */
cosem_status_t cosem_hdlc_parse_header(const uint8_t *p, size_t n, cosem_hdlc_frame_t *f,
                                       size_t *hdr_len, cosem_hdlc_check_t *chk)
{
    size_t flen, lim, d = 0, s = 0;
    cosem_status_t st;
    *chk = COSEM_HDLC_CHECK_LENGTH;
    if (n < 2) {
        return COSEM_E_TRUNCATED;
    }
    if (!cosem_hdlc_format_ok(p[0])) {
        *chk = COSEM_HDLC_CHECK_FORMAT;
        return COSEM_E_MALFORMED;
    }
    flen = cosem_hdlc_format_len(p);
    lim = n < flen ? n : flen;
    f->segmented = (p[0] & 0x08u) != 0;
    *chk = COSEM_HDLC_CHECK_ADDRESS;
    st = lim > 2 ? parse_addr(p + 2, lim - 2, &f->dst, &d) : COSEM_E_TRUNCATED;
    if (st == COSEM_OK) {
        st = parse_addr(p + 2 + d, lim - 2 - d, &f->src, &s);
    }
    if (st == COSEM_OK && 2 + d + s >= lim) {
        st = COSEM_E_TRUNCATED; /* control octet not there yet */
    }
    if (st == COSEM_E_TRUNCATED) {
        *chk = COSEM_HDLC_CHECK_LENGTH;
        /* Out of octets: wait for more, unless the length field is the limit. */
        return lim < flen ? COSEM_E_TRUNCATED : COSEM_E_MALFORMED;
    }
    if (st != COSEM_OK) {
        return st;
    }
    *hdr_len = 2 + d + s + 1;
    f->control = p[*hdr_len - 1];
    *chk = COSEM_HDLC_CHECK_OK;
    return COSEM_OK;
}

/* A frame is header + FCS, or header + HCS + at least one info octet + FCS. */
cosem_status_t cosem_hdlc_check_length(size_t flen, size_t hdr_len)
{
    return flen == hdr_len + 2 || flen >= hdr_len + 5 ? COSEM_OK : COSEM_E_MALFORMED;
}

/* Whether the two octets after p[0..n) are the CRC of those n octets (HCS
 * and FCS travel least significant octet first). */
bool cosem_hdlc_crc_ok(const uint8_t *p, size_t n)
{
    return cosem_hdlc_fcs(p, n) == (uint16_t)(p[n] | p[n + 1] << 8);
}

/* Decodes one frame between the flags; see the header for the checks. */
cosem_status_t cosem_hdlc_frame_decode(const uint8_t *p, size_t n, cosem_hdlc_frame_t *f,
                                       cosem_hdlc_check_t *failed)
{
    cosem_hdlc_check_t chk = COSEM_HDLC_CHECK_LENGTH;
    size_t hdr = 0, flen;
    cosem_status_t st = COSEM_E_ARG;
    if (f != NULL && (p != NULL || n == 0)) {
        /* The header checks report too short input and a wrong format
         * type; a length field other than n goes before their address
         * checks. */
        st = cosem_hdlc_parse_header(p, n, f, &hdr, &chk);
        if (chk != COSEM_HDLC_CHECK_FORMAT && n >= 2 && (flen = cosem_hdlc_format_len(p)) != n) {
            chk = COSEM_HDLC_CHECK_LENGTH;
            st = flen > n ? COSEM_E_TRUNCATED : COSEM_E_MALFORMED;
        } else if (st == COSEM_OK && cosem_hdlc_check_length(n, hdr) != COSEM_OK) {
            chk = COSEM_HDLC_CHECK_LENGTH;
            st = COSEM_E_MALFORMED;
        }
    }
    if (st == COSEM_OK) {
        f->info = NULL;
        f->info_len = 0;
        if (n > hdr + 2) {
            f->info = p + hdr + 2;
            f->info_len = n - hdr - 4;
            chk = COSEM_HDLC_CHECK_HCS;
            if (!cosem_hdlc_crc_ok(p, hdr)) {
                st = COSEM_E_MALFORMED;
            }
        }
        if (st == COSEM_OK) {
            chk = cosem_hdlc_crc_ok(p, n - 2) ? COSEM_HDLC_CHECK_OK : COSEM_HDLC_CHECK_FCS;
            st = chk == COSEM_HDLC_CHECK_OK ? COSEM_OK : COSEM_E_MALFORMED;
        }
    }
    if (failed != NULL) {
        *failed = chk;
    }
    return st;
}

/* Stores the HCS/FCS of the octets o[1..k) at o[k], low octet first;
 * returns the position after it. */
static size_t put_fcs(uint8_t *o, size_t k)
{
    uint16_t v = cosem_hdlc_fcs(o + 1, k - 1u);
    o[k] = (uint8_t)(v & 0xFFu);
    o[k + 1u] = (uint8_t)(v >> 8);
    return k + 2u;
}

/* Encodes a frame whose information field is pre[0..pre_n) followed by
 * f->info: lets the station prepend an LLC header without a copy. */
cosem_status_t cosem_hdlc_encode_parts(cosem_axdr_writer_t *w, const cosem_hdlc_frame_t *f,
                                       const uint8_t *pre, size_t pre_n)
{
    size_t info_n, hdr, flen, k;
    uint8_t *o = NULL;
    if (w == NULL || f == NULL || !cosem_hdlc_addr_valid(&f->dst) ||
        !cosem_hdlc_addr_valid(&f->src) || (f->info == NULL && f->info_len != 0)) {
        return w != NULL ? cosem_axdr_writer_fail(w, COSEM_E_ARG) : COSEM_E_ARG;
    }
    info_n = pre_n + f->info_len;
    hdr = 2u + f->dst.len + f->src.len + 1u;
    if (info_n > 0x7FFu) {
        return cosem_axdr_writer_fail(w, COSEM_E_RANGE);
    }
    flen = hdr + 2u + (info_n > 0 ? info_n + 2u : 0u);
    if (flen > 0x7FFu) {
        return cosem_axdr_writer_fail(w, COSEM_E_RANGE);
    }
    if (cosem_axdr_reserve(w, flen + 2u, &o) != COSEM_OK || o == NULL) {
        return cosem_axdr_writer_status(w); /* full, or a sizing writer */
    }
    o[0] = COSEM_HDLC_FLAG;
    o[1] = (uint8_t)(COSEM_HDLC_FORMAT_TYPE3 | (f->segmented ? 0x08u : 0u) | (flen >> 8));
    o[2] = (uint8_t)(flen & 0xFFu);
    k = 3 + put_addr(o + 3, &f->dst);
    k += put_addr(o + k, &f->src);
    o[k++] = f->control;
    if (info_n > 0) {
        k = put_fcs(o, k);
        if (pre_n > 0) {
            cosem_mem_move(o + k, pre, pre_n);
        }
        if (f->info_len > 0) {
            cosem_mem_move(o + k + pre_n, f->info, f->info_len);
        }
        k += info_n;
    }
    k = put_fcs(o, k);
    o[k] = COSEM_HDLC_FLAG;
    return COSEM_OK;
}

/* Encodes one frame, flags included. */
cosem_status_t cosem_hdlc_frame_encode(cosem_axdr_writer_t *w, const cosem_hdlc_frame_t *f)
{
    return cosem_hdlc_encode_parts(w, f, NULL, 0);
}

/* Classifies a control field by its I/S/U pattern and code. */
cosem_hdlc_kind_t cosem_hdlc_ctrl_kind(uint8_t control)
{
    /* S codes (N(R), P/F cleared), then U codes (P/F cleared), in the order
     * of their kinds from RR on; the low two bits keep S and U apart. REJ,
     * SREJ (not used by 62056-46) and undefined codes are unknown. */
    static const uint8_t code[8] = {COSEM_HDLC_RR,   COSEM_HDLC_RNR, COSEM_HDLC_SNRM,
                                    COSEM_HDLC_DISC, COSEM_HDLC_UA,  COSEM_HDLC_DM,
                                    COSEM_HDLC_FRMR, COSEM_HDLC_UI};
    unsigned i;
    uint8_t c = (uint8_t)(control & ((control & 0x03u) == 0x01u ? 0x0Fu : ~COSEM_HDLC_PF));
    if ((control & 0x01u) == 0) {
        return COSEM_HDLC_KIND_I;
    }
    for (i = 0; i < sizeof code; i++) {
        if (c == code[i]) {
            return (cosem_hdlc_kind_t)(COSEM_HDLC_KIND_RR + i);
        }
    }
    return COSEM_HDLC_KIND_UNKNOWN;
}

/* ---- parameter negotiation field ---------------------------------------- */

/* Defaults of IEC 62056-46 when the field or a parameter is absent. */
void cosem_hdlc_params_default(cosem_hdlc_params_t *p)
{
    p->max_info_tx = COSEM_HDLC_DEFAULT_INFO;
    p->max_info_rx = COSEM_HDLC_DEFAULT_INFO;
    p->window_tx = COSEM_HDLC_DEFAULT_WINDOW;
    p->window_rx = COSEM_HDLC_DEFAULT_WINDOW;
}

/* Decodes the SNRM/UA information field (see the header): format 81,
 * group 80, the group's length, then "id len value" parameters; unknown
 * ids are skipped, known ones saturate to their field's type. */
cosem_status_t cosem_hdlc_params_decode(const uint8_t *p, size_t n, cosem_hdlc_params_t *out)
{
    size_t i = 3;
    if (out == NULL || (p == NULL && n != 0)) {
        return COSEM_E_ARG;
    }
    cosem_hdlc_params_default(out);
    if (n == 0) {
        return COSEM_OK;
    }
    if (n < 3u) {
        return COSEM_E_TRUNCATED;
    }
    if (p[0] != 0x81u || p[1] != 0x80u) {
        return COSEM_E_MALFORMED;
    }
    if (p[2] != n - 3u) {
        return p[2] > n - 3u ? COSEM_E_TRUNCATED : COSEM_E_MALFORMED;
    }
    while (i < n) {
        unsigned k, len; /* k: 0..3 for the ids 05..08 */
        uint32_t val = 0;
        if (n - i < 2u || p[i + 1u] > n - i - 2u) {
            return COSEM_E_TRUNCATED;
        }
        k = (unsigned)p[i] - 0x05u;
        len = p[i + 1u];
        i += 2u;
        if (k > 3u) {
            i += len;
            continue;
        }
        if (len == 0u || len > 4u) {
            return COSEM_E_MALFORMED;
        }
        while (len-- > 0u) {
            val = val << 8 | p[i++];
        }
        if (k >= 2u) {
            *(k == 2u ? &out->window_tx : &out->window_rx) = val > 0xFFu ? 0xFFu : (uint8_t)val;
        } else {
            *(k == 0u ? &out->max_info_tx : &out->max_info_rx) =
                val > 0xFFFFu ? 0xFFFFu : (uint16_t)val;
        }
    }
    return COSEM_OK;
}

/* Encodes all four parameters (see the header for the octet widths): the
 * information lengths in their shortest form (1 or 2 octets), the windows
 * in 4 octets, each value most significant octet first. */
cosem_status_t cosem_hdlc_params_encode(cosem_axdr_writer_t *w, const cosem_hdlc_params_t *p)
{
    unsigned i;
    if (w == NULL || p == NULL) {
        return w != NULL ? cosem_axdr_writer_fail(w, COSEM_E_ARG) : COSEM_E_ARG;
    }
    cosem_axdr_put_u8(w, 0x81);
    cosem_axdr_put_u8(w, 0x80);
    cosem_axdr_put_u8(w, (uint8_t)(18u + (p->max_info_tx > 0xFFu) + (p->max_info_rx > 0xFFu)));
    for (i = 0; i < 4u; i++) {
        uint32_t v = i == 0 ? p->max_info_tx
                     : i == 1 ? p->max_info_rx
                     : i == 2 ? p->window_tx
                              : p->window_rx;
        unsigned len = i >= 2u ? 4u : v > 0xFFu ? 2u : 1u;
        cosem_axdr_put_u8(w, (uint8_t)(0x05u + i));
        cosem_axdr_put_u8(w, (uint8_t)len);
        while (len-- > 0u) {
            cosem_axdr_put_u8(w, (uint8_t)(v >> (8u * len)));
        }
    }
    return cosem_axdr_writer_status(w);
}

/* Smaller of two 16-bit values. */
static uint16_t min16(uint16_t a, uint16_t b)
{
    return a < b ? a : b;
}

/* Smaller of two 8-bit values. */
static uint8_t min8(uint8_t a, uint8_t b)
{
    return a < b ? a : b;
}

/* Minimum of offer and support, each seen from its own station. */
cosem_status_t cosem_hdlc_params_agree(const cosem_hdlc_params_t *peer,
                                       const cosem_hdlc_params_t *own,
                                       cosem_hdlc_params_t *agreed)
{
    if (peer == NULL || own == NULL || agreed == NULL) {
        return COSEM_E_ARG;
    }
    if (peer->max_info_tx < COSEM_HDLC_MIN_INFO || peer->max_info_rx < COSEM_HDLC_MIN_INFO ||
        peer->window_tx < 1 || peer->window_rx < 1) {
        return COSEM_E_RANGE;
    }
    agreed->max_info_tx = min16(peer->max_info_rx, own->max_info_tx);
    agreed->max_info_rx = min16(peer->max_info_tx, own->max_info_rx);
    agreed->window_tx = min8(peer->window_rx, own->window_tx);
    agreed->window_rx = min8(peer->window_tx, own->window_rx);
    return COSEM_OK;
}

#else
typedef int cosem_hdlc_frame_empty_t;
#endif /* COSEM_WITH_HDLC */
