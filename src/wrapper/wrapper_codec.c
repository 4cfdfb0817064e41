/* SPDX-License-Identifier: Apache-2.0 */
/* Wrapper header codec and UDP datagrams (IEC 62056-47): four big-endian
 * unsigned16 fields, version 0x0001. Stateless; the TCP reassembler is in
 * wrapper_stream.c. */
#include <cosem/axdr.h>
#include <cosem/wrapper.h>

#include "../config_check.h"
#include "wrapper/wrapper_internal.h"

#if COSEM_WITH_WRAPPER

/* Writes the four header fields in wire order (the codec's raw fields). */
void cosem_wrapper_header_encode(const cosem_wrapper_header_t *h,
                                 uint8_t out[COSEM_WRAPPER_HEADER_SIZE])
{
    cosem_wrapper_hdr_put(out, h->version, h->src_wport, h->dst_wport, h->length);
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
    return cosem_wrapper_hdr_get(h, in);
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
