/* SPDX-License-Identifier: Apache-2.0 */
/* GSM diagnostic (class 47, version 1): network registration, cell and
 * adjacent cells as the application's modem driver keeps them; read only. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_GSM_DIAGNOSTIC

/* Attribute 6: cell_info structure of version 1 (cell_ID
 * double-long-unsigned; mcc, mnc and channel_number added to version 0's
 * four elements). */
static void gsm_write_cell(cosem_axdr_writer_t *w, const cosem_gsm_cell_t *c)
{
    cosem_axdr_write_structure(w, 7);
    cosem_axdr_write_u32(w, c->cell_id);
    cosem_axdr_write_u16(w, c->location_id);
    cosem_axdr_write_u8(w, c->signal_quality);
    cosem_axdr_write_u8(w, c->ber);
    cosem_axdr_write_u16(w, c->mcc);
    cosem_axdr_write_u16(w, c->mnc);
    cosem_axdr_write_u32(w, c->channel);
}

/* Attribute 7: array of structure {cell_ID, signal_quality}. */
static void gsm_write_adjacent(cosem_axdr_writer_t *w, const cosem_gsm_diagnostic_t *d)
{
    uint8_t n = d->adjacent_count != NULL ? *d->adjacent_count : 0u;
    cosem_axdr_write_array(w, n);
    for (uint8_t i = 0; i < n; ++i) {
        cosem_axdr_write_structure(w, 2);
        cosem_axdr_write_u32(w, d->adjacent[i].cell_id);
        cosem_axdr_write_u8(w, d->adjacent[i].signal_quality);
    }
}

/* Attributes 2..8. */
static cosem_dar_t gsm_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_gsm_diagnostic_t *d = (const cosem_gsm_diagnostic_t *)r->obj->data;
    switch (r->id) {
    case 2: cosem_comm_write_string(w, COSEM_AXDR_VISIBLE_STRING, &d->operator_name); break;
    case 3: cosem_axdr_write_enum(w, *d->status); break;
    case 4: cosem_axdr_write_enum(w, *d->cs_attachment); break;
    case 5: cosem_axdr_write_enum(w, *d->ps_status); break;
    case 6: gsm_write_cell(w, d->cell); break;
    case 7: gsm_write_adjacent(w, d); break;
    case 8: cosem_axdr_write_datetime_os(w, d->capture_time); break;
    default: return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_comm_dar(w);
}

/* Every value is required; adjacent cells only with their count. */
static cosem_status_t gsm_check(const cosem_object_t *obj)
{
    const cosem_gsm_diagnostic_t *d = (const cosem_gsm_diagnostic_t *)obj->data;
    cosem_comm_string_t op;
    if (d == NULL) {
        return COSEM_E_ARG;
    }
    op = d->operator_name;
    if (!cosem_comm_string_ok(&op) || d->status == NULL || d->cs_attachment == NULL ||
        d->ps_status == NULL || d->cell == NULL || d->capture_time == NULL ||
        (d->adjacent == NULL && d->adjacent_count != NULL && *d->adjacent_count != 0u)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_gsm_diagnostic = {
    47u, 1u, 8u, 0u,
    (uint16_t)0x00FFu,
    0u, 0u,
    gsm_get, NULL, NULL, NULL, gsm_check,
};

#else
typedef int cosem_gsm_diagnostic_empty_t;
#endif
