/* SPDX-License-Identifier: Apache-2.0 */
/* Register (class 3, version 0): a value with scaler and unit, method
 * reset; the unit names; helpers shared with the extended and demand
 * registers (metering_internal.h). */
#include <cosem/config.h>
#include "../config_check.h"

#if (COSEM_WITH_SERVER && COSEM_CLASS_REGISTER) || COSEM_WITH_CLIENT

#include <string.h>

#include <cosem/metering.h>

/* Symbols of the Blue Book unit table (codes 0..72; "?" for reserved). */
static const char *const unit_names[] = {
    "?", "a", "mo", "wk", "d", "h", "min", "s", "deg", "degC", "currency", "m", "m/s", "m3",
    "m3", "m3/h", "m3/h", "m3/d", "m3/d", "l", "kg", "N", "Nm", "Pa", "bar", "J", "J/h", "W",
    "VA", "var", "Wh", "VAh", "varh", "A", "C", "V", "V/m", "F", "Ohm", "Ohm m2/m", "Wb", "T",
    "A/m", "H", "Hz", "1/(Wh)", "1/(varh)", "1/(VAh)", "V2h", "A2h", "kg/s", "S", "K",
    "1/(V2h)", "1/(A2h)", "1/m3", "%", "Ah", "?", "?", "Wh/m3", "J/m3", "mol %", "g/m3",
    "Pa s", "J/kg", "g/cm2", "atm", "?", "?", "dBm", "dBuV", "dB"
};

static const char *const unit_names_imperial[] = {
    "in", "ft", "lb", "degF", "degR", "in2", "ft2", "ac", "in3", "ft3", "ac-ft", "gal (imp)",
    "gal (US)", "lbf", "psi", "lb/ft3", "lb/(ft s)", "ft2/s", "BTU", "thm (EU)", "thm (US)",
    "BTU/lb", "BTU/ft3", "ft3", "ft/s", "ft3/s", "ft3/min", "ft3/h", "ft3/d", "ac-ft/s",
    "ac-ft/min", "ac-ft/h", "ac-ft/d", "imp gal", "imp gal/s", "imp gal/min", "imp gal/h",
    "imp gal/d", "US gal", "US gal/s", "US gal/min", "US gal/h", "US gal/d", "BTU/s",
    "BTU/min", "BTU/h", "BTU/d"
};

/* Unit symbol for printing scaler_unit values (clients, CLI, logs). */
const char *cosem_unit_name(uint8_t unit)
{
    if (unit < sizeof unit_names / sizeof unit_names[0]) {
        return unit_names[unit];
    }
    if (unit >= COSEM_UNIT_INCH && unit <= COSEM_UNIT_BTU_PER_DAY) {
        return unit_names_imperial[unit - COSEM_UNIT_INCH];
    }
    if (unit == COSEM_UNIT_OTHER) {
        return "other";
    }
    return unit == COSEM_UNIT_COUNT ? "" : "?";
}

#endif

#if COSEM_WITH_SERVER && COSEM_CLASS_REGISTER

#include <cosem/server.h>

#include "metering_internal.h"
#include "../axdr/axdr_internal.h"

/* ---- helpers shared by the metering classes ------------------------- */

/* scaler_unit ::= structure {scaler integer, unit enum} (Blue Book 4.3.2). */
cosem_status_t cosem_meter_write_scaler_unit(cosem_axdr_writer_t *w, int8_t scaler,
                                             uint8_t unit)
{
    cosem_axdr_write_structure(w, 2);
    cosem_axdr_write_i8(w, scaler);
    return cosem_axdr_write_enum(w, unit);
}

/* Any writer error becomes other-reason: a simple value that does not fit
 * (or a variable that does not fit its Data type) cannot be sent. */
cosem_dar_t cosem_meter_dar(const cosem_axdr_writer_t *w)
{
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Attributes 2 and 3, the part every register-like class shares. */
cosem_dar_t cosem_meter_get_register(const cosem_register_t *reg, int8_t id,
                                     cosem_axdr_writer_t *w)
{
    if (id == 2) {
        cosem_vref_write(w, &reg->value);
    } else if (id == 3) {
        cosem_meter_write_scaler_unit(w, reg->scaler, reg->unit);
    } else {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    return cosem_meter_dar(w);
}

/* reset data ::= integer(0) (Blue Book); null-data stands for "no
 * parameter". Another type: type-unmatched; another integer: other-reason.
 * Either is read as cosem_axdr_read_null() / _i8() read it: the tag, then
 * its content octets (none / one). */
cosem_dar_t cosem_meter_reset_param(cosem_axdr_reader_t *p)
{
    uint8_t t; /* both set when their call succeeds, read only then */
    const uint8_t *b;
    size_t n;
    if (cosem_axdr_peek_type(p, &t) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    n = t == COSEM_AXDR_INTEGER ? 1u : 0u;
    if ((n == 0u && t != COSEM_AXDR_NULL_DATA) || cosem_axdr_expect_tag(p, t) != COSEM_OK ||
        cosem_axdr_get_bytes(p, n, &b) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    return n == 0u || b[0] == 0u ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Whether a type is a string kind (length in *len or fixed at cap). */
static bool is_string(uint8_t t)
{
    return t == COSEM_AXDR_OCTET_STRING || t == COSEM_AXDR_VISIBLE_STRING ||
           t == COSEM_AXDR_UTF8_STRING || t == COSEM_AXDR_BIT_STRING;
}

/* Default value of a register: numbers 0, strings empty (all zero when
 * their length is fixed), date-times "not specified". */
cosem_dar_t cosem_meter_zero(const cosem_vref_t *v)
{
    if (is_string(v->type)) {
        size_t n = v->type == COSEM_AXDR_BIT_STRING ? (v->cap + 7u) / 8u : v->cap;
        if (v->len != NULL) {
            *v->len = 0;
        } else {
            memset(v->p, 0, n);
        }
        return COSEM_DAR_SUCCESS;
    }
    if (v->type == COSEM_AXDR_DATE_TIME || v->type == COSEM_AXDR_DATE ||
        v->type == COSEM_AXDR_TIME) {
        cosem_datetime_clear((cosem_datetime_t *)v->p);
        return COSEM_DAR_SUCCESS;
    }
    if (v->type == COSEM_AXDR_NULL_DATA) {
        return COSEM_DAR_SUCCESS;
    }
    return cosem_vref_set_int(v, 0) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* Checked at cosem_server_init(): a simple Data type with a variable. The
 * size test also refuses array, structure and compact-array (no fixed
 * size, not strings); don't-care has size 0, so it is named. */
cosem_status_t cosem_meter_check_vref(const cosem_vref_t *v, bool allow_null)
{
    uint8_t t = v->type;
    if (t == COSEM_AXDR_NULL_DATA) {
        return allow_null ? COSEM_OK : COSEM_E_ARG;
    }
    if (v->p == NULL || t == COSEM_AXDR_DONT_CARE ||
        (cosem_axdr_fixed_size(t) < 0 && !is_string(t))) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

/* The server's port (its own empty port when none was configured). */
const cosem_port_t *cosem_meter_port(const struct cosem_server *s)
{
    return s != NULL ? cosem_server_port(s) : NULL;
}

/* ---- class 3 -------------------------------------------------------- */

/* GET value (2) and scaler_unit (3). */
static cosem_dar_t reg_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    return cosem_meter_get_register((const cosem_register_t *)r->obj->data, r->id, w);
}

/* SET value (2) when the type matches; scaler_unit is constant. */
static cosem_dar_t reg_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_register_t *reg = (const cosem_register_t *)r->obj->data;
    if (r->id == 2) {
        return cosem_vref_read(v, &reg->value);
    }
    return r->id == 3 ? COSEM_DAR_READ_WRITE_DENIED : COSEM_DAR_OBJECT_UNDEFINED;
}

/* Method reset (1): the value back to 0. */
static cosem_dar_t reg_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                              cosem_axdr_writer_t *ret)
{
    const cosem_register_t *reg = (const cosem_register_t *)r->obj->data;
    cosem_dar_t dar;
    (void)ret;
    if (r->id != 1) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = cosem_meter_reset_param(params);
    return dar != COSEM_DAR_SUCCESS ? dar : cosem_meter_zero(&reg->value);
}

/* Description present and its value reference usable. */
static cosem_status_t reg_check(const cosem_object_t *obj)
{
    const cosem_register_t *reg = (const cosem_register_t *)obj->data;
    return reg == NULL ? COSEM_E_ARG : cosem_meter_check_vref(&reg->value, false);
}

const cosem_class_t cosem_class_register = {
    3, 0, 3, 1,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3)),
    0, 0,
    reg_get, reg_set, reg_action, NULL, reg_check
};

/* The same class without SET and the reset method: an image whose registers
 * all use it links no write path (read-write-denied, as with no rights). */
const cosem_class_t cosem_class_register_ro = {
    3, 0, 3, 1,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2) | COSEM_ATTR(3)),
    0, 0,
    reg_get, NULL, NULL, NULL, reg_check
};

#else
typedef int cosem_register_empty_t;
#endif
