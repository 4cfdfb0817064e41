/* SPDX-License-Identifier: Apache-2.0 */
/* Data (class 1): one value kept in an application variable described by a
 * value reference. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_DATA

#include <cosem/classes.h>

/* Attribute 2: the referenced variable as one Data. */
static cosem_dar_t data_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_vref_t *v = (const cosem_vref_t *)r->obj->data;
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (cosem_vref_write(w, v) == COSEM_E_NOSPACE) {
        return COSEM_DAR_SUCCESS; /* the server sees the full writer */
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Attribute 2: a Data of exactly the reference's type. */
static cosem_dar_t data_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    if (r->id != 2) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    return cosem_vref_read(v, (const cosem_vref_t *)r->obj->data);
}

/* An object needs its value reference. */
static cosem_status_t data_check(const cosem_object_t *obj)
{
    return obj->data != NULL ? COSEM_OK : COSEM_E_ARG;
}

const cosem_class_t cosem_class_data = {
    1u, 0u, 2u, 0u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2)),
    0u, 0u,
    data_get, data_set, NULL, NULL, data_check,
};

/* The same class without SET (read-write-denied): no write path linked. */
const cosem_class_t cosem_class_data_ro = {
    1u, 0u, 2u, 0u,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2)),
    0u, 0u,
    data_get, NULL, NULL, NULL, data_check,
};

#else
typedef int cosem_data_empty_t;
#endif
