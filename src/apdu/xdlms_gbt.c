/* SPDX-License-Identifier: Apache-2.0 */
/* general-block-transfer APDU (IEC 62056-5-3, GBT):
 *   E0 block-control block-number(2) block-number-ack(2) block-data
 * block-control: bit 7 last-block, bit 6 streaming, bits 0-5 window; the
 * block-data is an A-XDR OCTET STRING (length then octets). */
#include <cosem/apdu.h>

#include "../config_check.h"

#if COSEM_WITH_GBT

#include <string.h>

#include "xdlms_internal.h"

#define GBT_LAST 0x80u
#define GBT_STREAMING 0x40u
#define GBT_WINDOW 0x3Fu

/* general-block-transfer of any kind (see the header). */
cosem_status_t cosem_gbt_decode(const uint8_t *apdu, size_t len, cosem_gbt_t *out)
{
    cosem_axdr_reader_t r;
    uint8_t tag = 0, ctl = 0;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    cosem_axdr_reader_init(&r, apdu, len);
    if (cosem_axdr_get_u8(&r, &tag) == COSEM_OK && tag != COSEM_APDU_GENERAL_BLOCK_TRANSFER) {
        return COSEM_E_UNSUPPORTED;
    }
    cosem_axdr_get_u8(&r, &ctl);
    cosem_axdr_get_u16(&r, &out->block);
    cosem_axdr_get_u16(&r, &out->ack);
    if (cosem_axdr_get_length(&r, &n) == COSEM_OK &&
        cosem_axdr_get_bytes(&r, n, &out->data.p) == COSEM_OK) {
        out->data.len = n;
    }
    out->last = (ctl & GBT_LAST) != 0u;
    out->streaming = (ctl & GBT_STREAMING) != 0u;
    out->window = (uint8_t)(ctl & GBT_WINDOW);
    return cosem_axdr_reader_expect_end(&r);
}

/* The head of a general-block-transfer (see xdlms_internal.h). */
void cosem_gbt_encode_head(cosem_axdr_writer_t *w, const cosem_gbt_t *g, size_t n)
{
    uint8_t ctl =
        (uint8_t)((g->last ? GBT_LAST : 0u) | (g->streaming ? GBT_STREAMING : 0u) | g->window);
    cosem_axdr_put_u8(w, COSEM_APDU_GENERAL_BLOCK_TRANSFER);
    cosem_axdr_put_u8(w, ctl);
    cosem_axdr_put_u16(w, g->block);
    cosem_axdr_put_u16(w, g->ack);
    cosem_axdr_put_length(w, n);
}

/* general-block-transfer (see the header). */
cosem_status_t cosem_gbt_encode(cosem_axdr_writer_t *w, const cosem_gbt_t *g)
{
    if (g == NULL || g->window > COSEM_GBT_WINDOW_MAX || (g->data.p == NULL && g->data.len > 0)) {
        return cosem_axdr_writer_fail(w, COSEM_E_ARG);
    }
    cosem_gbt_encode_head(w, g, g->data.len);
    return g->data.len > 0 ? cosem_axdr_put_bytes(w, g->data.p, g->data.len)
                           : cosem_axdr_writer_status(w);
}

#else
typedef int cosem_xdlms_gbt_empty_t;
#endif /* COSEM_WITH_GBT */
