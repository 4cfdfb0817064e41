/* SPDX-License-Identifier: Apache-2.0 */
/* Profile generic internals shared by profile_generic.c (attributes,
 * methods, capture) and profile_select.c (buffer reads and selective
 * access). */
#ifndef COSEM_PROFILE_INTERNAL_H
#define COSEM_PROFILE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/axdr.h>
#include <cosem/object.h>
#include <cosem/profile.h>
#include <cosem/server.h>

/* The column table in use and its length. */
const cosem_capture_def_t *cosem_profile_cols(const cosem_profile_t *p, uint16_t *n);

/* Make the state usable: defaults for a fresh state, row layout (measuring
 * unset widths through server s when given), consistency of a restored
 * state (an inconsistent one is emptied). COSEM_OK once rows can be stored
 * and read; COSEM_E_STATE when the layout is not known yet or no row fits. */
cosem_status_t cosem_profile_prepare(cosem_server_t *s, const cosem_profile_t *p);

/* First octet of the row holding entry number q (held: seq-used <= q < seq). */
uint8_t *cosem_profile_row(const cosem_profile_t *p, uint32_t q);

/* Octets of the A-XDR value at the start of a slot of @p width octets,
 * 0 when it is not a complete value within the slot. */
size_t cosem_profile_value_len(const uint8_t *v, size_t width);

/* Read one capture_object_definition {long-unsigned, octet-string(6),
 * integer, long-unsigned}. */
cosem_status_t cosem_profile_read_def(cosem_axdr_reader_t *rd, cosem_capture_def_t *d);

/* Index of the column a definition names, -1 when none does. */
int cosem_profile_find_col(const cosem_profile_t *p, const cosem_capture_def_t *d);

/* GET of attribute 2, with selective access 0, 1 or 2, streaming. */
cosem_dar_t cosem_profile_get_buffer(cosem_req_t *r, cosem_axdr_writer_t *w,
                                     const cosem_profile_t *p);

#endif /* COSEM_PROFILE_INTERNAL_H */
