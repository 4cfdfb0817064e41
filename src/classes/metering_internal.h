/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the metering classes (register.c defines them; the
 * extended and demand registers need COSEM_CLASS_REGISTER, see
 * config_check.h). Internal header. */
#ifndef COSEM_METERING_INTERNAL_H
#define COSEM_METERING_INTERNAL_H

#include <cosem/metering.h>
#include <cosem/server.h>

/* Writes attribute 2 (value) or 3 (scaler_unit) of a register. */
cosem_dar_t cosem_meter_get_register(const cosem_register_t *reg, int8_t id,
                                     cosem_axdr_writer_t *w);

/* Writes a scaler_unit structure {integer scaler, enum unit}. */
cosem_status_t cosem_meter_write_scaler_unit(cosem_axdr_writer_t *w, int8_t scaler,
                                             uint8_t unit);

/* The writer's outcome as a data-access-result (any error: other-reason). */
cosem_dar_t cosem_meter_dar(const cosem_axdr_writer_t *w);

/* Checks a reset-style method parameter: integer(0), or null-data (the
 * server passes null-data when the client sent no parameter). */
cosem_dar_t cosem_meter_reset_param(cosem_axdr_reader_t *p);

/* Sets a referenced value to its default: 0, an empty string, or zeros. */
cosem_dar_t cosem_meter_zero(const cosem_vref_t *v);

/* COSEM_OK when a value reference can be read and written by the classes
 * (simple type, variable present); COSEM_E_ARG otherwise. */
cosem_status_t cosem_meter_check_vref(const cosem_vref_t *v, bool allow_null);

/* The server's port, or NULL without a server. */
const cosem_port_t *cosem_meter_port(const struct cosem_server *s);

#endif /* COSEM_METERING_INTERNAL_H */
