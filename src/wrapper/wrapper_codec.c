/* SPDX-License-Identifier: Apache-2.0 */
/* Wrapper header codec and UDP datagrams (IEC 62056-47): four big-endian
 * unsigned16 fields, version 0x0001. Stateless; the TCP reassembler is in
 * wrapper_stream.c. */
#include <cosem/wrapper.h>

#include "../config_check.h"

#if COSEM_WITH_WRAPPER

/* Reads a big-endian unsigned16 (the wrapper's only field type). */
static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

/* Writes a big-endian unsigned16. */
static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)(v & 0xFFu);
}

/* Writes the four header fields in wire order. */
void cosem_wrapper_header_encode(const cosem_wrapper_header_t *h,
                                 uint8_t out[COSEM_WRAPPER_HEADER_SIZE])
{
    put_u16(out, h->version);
    put_u16(out + 2, h->src_wport);
    put_u16(out + 4, h->dst_wport);
    put_u16(out + 6, h->length);
}

/* Reads the four header fields; only version 0x0001 is a wrapper header. */
cosem_status_t cosem_wrapper_header_decode(cosem_wrapper_header_t *h, const uint8_t *in, size_t n)
{
    if (h == NULL || (in == NULL && n > 0)) {
        return COSEM_E_ARG;
    }
    if (n < COSEM_WRAPPER_HEADER_SIZE) {
        return COSEM_E_TRUNCATED;
    }
    h->version = get_u16(in);
    h->src_wport = get_u16(in + 2);
    h->dst_wport = get_u16(in + 4);
    h->length = get_u16(in + 6);
    return h->version == COSEM_WRAPPER_VERSION ? COSEM_OK : COSEM_E_MALFORMED;
}

/* Splits one datagram into header and APDU; the length must match exactly
 * because UDP carries one APDU per datagram. */
cosem_status_t cosem_wrapper_datagram(const uint8_t *dgram, size_t n, cosem_wrapper_header_t *h,
                                      const uint8_t **apdu, size_t *apdu_len)
{
    cosem_status_t st;
    size_t body;
    if (apdu == NULL || apdu_len == NULL) {
        return COSEM_E_ARG;
    }
    *apdu = NULL;
    *apdu_len = 0;
    st = cosem_wrapper_header_decode(h, dgram, n);
    if (st != COSEM_OK) {
        return st;
    }
    body = n - COSEM_WRAPPER_HEADER_SIZE;
    if (body < h->length) {
        return COSEM_E_TRUNCATED;
    }
    if (body > h->length) {
        return COSEM_E_TRAILING;
    }
    *apdu = dgram + COSEM_WRAPPER_HEADER_SIZE;
    *apdu_len = body;
    return COSEM_OK;
}

#else
typedef int cosem_wrapper_codec_empty_t;
#endif
