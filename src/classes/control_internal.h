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

#endif /* COSEM_CONTROL_INTERNAL_H */
