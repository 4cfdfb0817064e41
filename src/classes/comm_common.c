/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the communication classes: checked reads of SET
 * values into application variables, string attributes, the change hook. */
#include <cosem/config.h>
#include "../config_check.h"
#include "comm_internal.h"

#if COSEM_COMM_ANY

#include <string.h>

/* One unsigned Data of exactly type t, within lo..hi. */
cosem_dar_t cosem_comm_read_uint(cosem_axdr_reader_t *v, uint8_t t, uint32_t lo, uint32_t hi,
                                 uint32_t *out)
{
    uint8_t got = 0;
    int64_t x = 0;
    if (cosem_axdr_peek_type(v, &got) != COSEM_OK || got != t ||
        cosem_axdr_read_int(v, &got, &x) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (x < (int64_t)lo || x > (int64_t)hi) {
        return COSEM_DAR_OTHER_REASON;
    }
    *out = (uint32_t)x;
    return COSEM_DAR_SUCCESS;
}

/* An unsigned number as a Data of type t. */
cosem_status_t cosem_comm_write_uint(cosem_axdr_writer_t *w, uint8_t t, uint32_t x)
{
    return cosem_axdr_write_int(w, t, (int64_t)x);
}

/* A string attribute as one Data. */
cosem_status_t cosem_comm_write_string(cosem_axdr_writer_t *w, uint8_t t,
                                       const cosem_comm_string_t *s)
{
    cosem_vref_t v = COSEM_VREF_STR(t, s->buf, s->len, s->cap);
    return cosem_vref_write(w, &v);
}

/* A string Data into a string attribute. */
cosem_dar_t cosem_comm_read_string(cosem_axdr_reader_t *v, uint8_t t,
                                   const cosem_comm_string_t *s)
{
    cosem_vref_t ref = COSEM_VREF_STR(t, s->buf, s->len, s->cap);
    return cosem_vref_read(v, &ref);
}

/* An octet-string of exactly n octets. */
cosem_dar_t cosem_comm_read_fixed(cosem_axdr_reader_t *v, uint8_t *out, size_t n)
{
    const uint8_t *p = NULL;
    size_t len = 0;
    if (cosem_axdr_read_octet_string(v, &p, &len) != COSEM_OK || len != n) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    memmove(out, p, n);
    return COSEM_DAR_SUCCESS;
}

/* The writer's outcome as a data-access-result. */
cosem_dar_t cosem_comm_dar(const cosem_axdr_writer_t *w)
{
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* The change hook after a successful SET (id > 0) or method (id < 0). */
cosem_dar_t cosem_comm_changed(const cosem_req_t *r, cosem_comm_changed_fn fn, cosem_dar_t dar)
{
    if (dar == COSEM_DAR_SUCCESS && fn != NULL) {
        fn(r->obj, r->service == COSEM_SERVICE_ACTION ? (int8_t)-r->id : r->id);
    }
    return dar;
}

/* A string attribute needs its buffer and length variable. */
bool cosem_comm_string_ok(const cosem_comm_string_t *s)
{
    return s->len != NULL && (s->buf != NULL || s->cap == 0u) && *s->len <= s->cap;
}

#else
typedef int cosem_comm_common_empty_t;
#endif
