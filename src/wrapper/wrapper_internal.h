/* SPDX-License-Identifier: Apache-2.0 */
/* Wrapper header fields (IEC 62056-47: four big-endian unsigned16, version
 * 0x0001), inline for the stream's per-frame path; wrapper_codec.c's
 * public cosem_wrapper_header_encode()/_decode() are these. */
#ifndef COSEM_WRAPPER_INTERNAL_H
#define COSEM_WRAPPER_INTERNAL_H

#include <cosem/wrapper.h>

/* Big-endian uint16 at p. */
static inline uint16_t cosem_wrapper_be16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

/* Reads the four fields of a whole header; only version 0x0001 is one. */
static inline cosem_status_t cosem_wrapper_hdr_get(cosem_wrapper_header_t *h, const uint8_t *in)
{
    h->version = cosem_wrapper_be16(in);
    h->src_wport = cosem_wrapper_be16(in + 2);
    h->dst_wport = cosem_wrapper_be16(in + 4);
    h->length = cosem_wrapper_be16(in + 6);
    return h->version == COSEM_WRAPPER_VERSION ? COSEM_OK : COSEM_E_MALFORMED;
}

/* Writes the four fields in wire order. */
static inline void cosem_wrapper_hdr_put(uint8_t *out, uint16_t version, uint16_t src,
                                         uint16_t dst, uint16_t length)
{
    out[0] = (uint8_t)(version >> 8);
    out[1] = (uint8_t)version;
    out[2] = (uint8_t)(src >> 8);
    out[3] = (uint8_t)src;
    out[4] = (uint8_t)(dst >> 8);
    out[5] = (uint8_t)dst;
    out[6] = (uint8_t)(length >> 8);
    out[7] = (uint8_t)length;
}

#endif
