/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the control, time and monitor classes (script_table.c
 * defines them; the classes that run scripts need COSEM_CLASS_SCRIPT_TABLE,
 * see config_check.h). Internal header. */
#ifndef COSEM_CONTROL_INTERNAL_H
#define COSEM_CONTROL_INTERNAL_H

#include <cosem/axdr.h>
#include <cosem/control.h>

/* Read a script structure {logical_name octet-string(6), script_selector
 * long-unsigned}; the reader's sticky error on a wrong shape. */
cosem_status_t cosem_ctl_read_script(cosem_axdr_reader_t *r, cosem_script_ref_t *ref);

/* Write a script structure. */
cosem_status_t cosem_ctl_write_script(cosem_axdr_writer_t *w, const cosem_script_ref_t *ref);

/* Check a method parameter that must be integer(0); null-data (no
 * parameter sent) is accepted too. Type-unmatched / other-reason. */
static inline cosem_dar_t cosem_ctl_zero_param(cosem_axdr_reader_t *p)
{
    uint8_t t = 0;
    int8_t zero = 0;
    if (cosem_axdr_peek_type(p, &t) != COSEM_OK ||
        (t == COSEM_AXDR_NULL_DATA ? cosem_axdr_read_null(p) : cosem_axdr_read_i8(p, &zero)) !=
            COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return zero == 0 ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Reads one element of an array attribute from r: into a temporary when
 * store is false (validation), into the instance's slot i when true.
 * Returns type-unmatched / other-reason for a bad element. */
typedef cosem_dar_t (*cosem_ctl_item_fn)(cosem_axdr_reader_t *r, const void *inst, size_t i,
                                         bool store);

/* SET of an array attribute, validate then apply: every element read on a
 * copy of the reader first, at most cap of them (other-reason above), then
 * stored; *count receives their number. */
static inline cosem_dar_t cosem_ctl_set_array(cosem_axdr_reader_t *v, size_t cap,
                                              cosem_ctl_item_fn item, const void *inst,
                                              size_t *count)
{
    cosem_axdr_reader_t probe = *v;
    size_t n = 0;
    if (cosem_axdr_read_array(&probe, &n) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    for (size_t i = 0; i < n; ++i) {
        cosem_dar_t dar = item(&probe, inst, i, false);
        if (dar != COSEM_DAR_SUCCESS) {
            return dar;
        }
    }
    if (n > cap) {
        return COSEM_DAR_OTHER_REASON;
    }
    (void)cosem_axdr_read_array(v, &n);
    for (size_t i = 0; i < n; ++i) {
        (void)item(v, inst, i, true);
    }
    *count = n;
    return COSEM_DAR_SUCCESS;
}

/* ---- control_common.c (limiter, monitors) -------------------- */

/* Read / write a value_definition {long-unsigned, octet-string(6), integer}. */
cosem_status_t cosem_ctl_read_value_def(cosem_axdr_reader_t *r, cosem_value_def_t *d);
cosem_status_t cosem_ctl_write_value_def(cosem_axdr_writer_t *w, const cosem_value_def_t *d);

/* Read an integer-family threshold (its type kept); the reader's error
 * (COSEM_E_TYPE for another type). */
cosem_status_t cosem_ctl_read_threshold(cosem_axdr_reader_t *r, cosem_threshold_t *t);

/* Read the attribute a value_definition names as the server itself and
 * decode it as a number (integer family, boolean, floats truncated).
 * COSEM_OK, or COSEM_E_NOTFOUND / COSEM_E_TYPE when it cannot be. */
cosem_status_t cosem_ctl_sample(cosem_server_t *s, const cosem_value_def_t *d, int64_t *out);

/* Milliseconds now: the port's monotonic clock, or *last + 1000 when the
 * port has none (one tick a second). */
uint32_t cosem_ctl_now_ms(cosem_server_t *s, uint32_t last);

/* Map a reader/writer status to the data-access-result of a SET/GET. */
cosem_dar_t cosem_ctl_dar(cosem_status_t st);

#endif /* COSEM_CONTROL_INTERNAL_H */
