/* SPDX-License-Identifier: Apache-2.0 */
/* SAP assignment (class 17): the logical devices of the physical device
 * and their SAPs. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_SAP_ASSIGNMENT

#include <cosem/classes.h>

/* Attribute 2: array of {SAP long-unsigned, name octet-string}. */
static cosem_dar_t sap_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_sap_assignment_t *d = (const cosem_sap_assignment_t *)r->obj->data;
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    (void)cosem_axdr_write_array(w, d->count);
    for (size_t i = 0; i < d->count; ++i) {
        (void)cosem_axdr_write_structure(w, 2);
        (void)cosem_axdr_write_u16(w, d->entries[i].sap);
        (void)cosem_axdr_write_octet_string(w, d->entries[i].name, d->entries[i].name_len);
    }
    return COSEM_DAR_SUCCESS;
}

/* Method 1 connect_logical_device: the list is configuration, refused. */
static cosem_dar_t sap_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                              cosem_axdr_writer_t *ret)
{
    (void)r;
    (void)ret;
    (void)cosem_axdr_skip(params);
    return COSEM_DAR_READ_WRITE_DENIED;
}

/* An object needs its list (entries may be NULL only when empty). */
static cosem_status_t sap_check(const cosem_object_t *obj)
{
    const cosem_sap_assignment_t *d = (const cosem_sap_assignment_t *)obj->data;
    if (d == NULL || (d->entries == NULL && d->count != 0u)) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_sap_assignment = {
    17u, 0u, 2u, 1u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2)),
    0u, 0u,
    sap_get, NULL, sap_action, NULL, sap_check,
};

#else
typedef int cosem_sap_assignment_empty_t;
#endif
