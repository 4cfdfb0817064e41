/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file obis.h
 * @brief OBIS codes (IEC 62056-6-1): the six-group logical names of objects.
 *
 * @defgroup obis OBIS
 * @brief Parse, format, compare and name OBIS codes.
 *
 * An OBIS code is six value groups A..F. On the wire it is an octet-string of
 * six octets; in text it is written `A-B:C.D.E*F` (IEC form, e.g.
 * `1-0:1.8.0*255`) or `A.B.C.D.E.F` (dotted form, e.g. `1.0.1.8.0.255`).
 * @{
 */
#ifndef COSEM_OBIS_H
#define COSEM_OBIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An OBIS code: value groups A..F in @c v[0]..@c v[5]. */
typedef struct cosem_obis {
    uint8_t v[6]; /**< Value groups A, B, C, D, E, F. */
} cosem_obis_t;

/** @brief Build a ::cosem_obis_t constant: `COSEM_OBIS(0,0,1,0,0,255)`. */
#define COSEM_OBIS(a, b, c, d, e, f) \
    { { (uint8_t)(a), (uint8_t)(b), (uint8_t)(c), (uint8_t)(d), (uint8_t)(e), (uint8_t)(f) } }

/** @brief Text forms written by cosem_obis_format(). */
typedef enum cosem_obis_style {
    COSEM_OBIS_STYLE_IEC = 0,    /**< `1-0:1.8.0*255` */
    COSEM_OBIS_STYLE_DOTTED = 1  /**< `1.0.1.8.0.255` */
} cosem_obis_style_t;

/** @brief Size of a buffer that holds any formatted OBIS code with its NUL. */
#define COSEM_OBIS_TEXT_MAX 24u

/**
 * @brief Compare two codes group by group (A first).
 * @param a First code. @param b Second code.
 * @return <0, 0 or >0 as @p a sorts before, equal to or after @p b.
 */
int cosem_obis_compare(const cosem_obis_t *a, const cosem_obis_t *b);

/**
 * @brief Whether two codes are equal.
 * @param a First code. @param b Second code.
 * @return true when all six groups are equal.
 */
bool cosem_obis_equal(const cosem_obis_t *a, const cosem_obis_t *b);

/**
 * @brief Check the value groups against the ranges IEC 62056-6-1 defines.
 *
 * Group A is a medium (0..15; 10..14 are not assigned and are rejected). The
 * other groups take every value 0..255 (manufacturer-specific and reserved
 * ranges are valid codes), so this checks group A only.
 * @param o Code.
 * @return ::COSEM_OK or ::COSEM_E_RANGE.
 */
cosem_status_t cosem_obis_validate(const cosem_obis_t *o);

/**
 * @brief Whether a code is in a manufacturer-specific range (B 128..199,
 *        C 128..199 or 240, D 128..254, E 128..254, F 128..254, as IEC 62056-6-1
 *        reserves them).
 * @param o Code.
 * @return true when any group is manufacturer specific.
 */
bool cosem_obis_is_manufacturer_specific(const cosem_obis_t *o);

#if COSEM_WITH_OBIS_TEXT
/**
 * @brief Parse an OBIS code from text.
 *
 * Accepts the IEC form `A-B:C.D.E*F` and the dotted form `A.B.C.D.E.F`; in
 * the IEC form `*F` may be left out (F = 255) and `&` is accepted for `*`.
 * Each group is a decimal number 0..255 (no sign, at most three digits);
 * surrounding white space is not accepted.
 * @param o    Output (written only on success).
 * @param text Input (not necessarily NUL-terminated).
 * @param len  Its length.
 * @return ::COSEM_OK, ::COSEM_E_MALFORMED for bad syntax, ::COSEM_E_RANGE for a
 *         well-formed code with a group above 255, ::COSEM_E_ARG if @p o is
 *         NULL or @p text is NULL with @p len > 0.
 */
cosem_status_t cosem_obis_parse(cosem_obis_t *o, const char *text, size_t len);

/**
 * @brief Format an OBIS code as text.
 * @param o     Code.
 * @param style ::COSEM_OBIS_STYLE_IEC or ::COSEM_OBIS_STYLE_DOTTED.
 * @param buf   Output, NUL-terminated.
 * @param cap   Its capacity; ::COSEM_OBIS_TEXT_MAX always suffices.
 * @return Length written (without NUL), or 0 if @p cap is too small, a
 *         pointer is NULL or @p style is unknown (then @p buf, if it has
 *         room, holds an empty string).
 */
size_t cosem_obis_format(const cosem_obis_t *o, cosem_obis_style_t style, char *buf, size_t cap);
#endif

#if COSEM_WITH_OBIS_NAMES
/**
 * @brief The name of a well-known object ("Clock", "Current association",
 *        "SAP assignment", "COSEM logical device name",
 *        "Active energy import (+A)", ...), after the DLMS UA Blue Book OBIS list.
 *
 * Names cover the objects a head-end meets first (abstract objects and
 * electricity registers). A code matches a table row when groups A, C and D
 * equal the row's, F is 255, B is 0 (or 0..64 for objects the standard
 * defines per channel), and E lies in the row's range: one value, or the
 * instance range the standard gives (e.g. 0..127 for security setups,
 * profiles and event logs, 1..127 for non-current associations). Energy
 * registers are named for E = 0 (total) and tariff rates E = 1..9 only.
 * @param o Code (NULL gives NULL).
 * @return A static string, or NULL for codes not in the table.
 */
const char *cosem_obis_name(const cosem_obis_t *o);
#endif

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_OBIS_H */
