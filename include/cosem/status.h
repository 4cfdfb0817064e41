/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file status.h
 * @brief The one library status type shared by every module.
 *
 * @defgroup status Status codes
 * @brief Library status codes (never mixed with DLMS protocol result enums).
 *
 * Every fallible function of the library returns a ::cosem_status_t:
 * ::COSEM_OK (zero) on success, a negative value on failure. Protocol
 * results that travel on the wire (data-access-result, action-result,
 * association result and diagnostic) are separate enum types defined by the
 * modules that carry them.
 * @{
 */
#ifndef COSEM_STATUS_H
#define COSEM_STATUS_H

#include <cosem/config.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Library status: ::COSEM_OK or a negative error. */
typedef enum cosem_status {
    COSEM_OK = 0,                /**< Success. */
    COSEM_E_MALFORMED = -1,      /**< Input bytes do not follow the encoding rules. */
    COSEM_E_NOSPACE = -2,        /**< Output buffer or node array too small. */
    COSEM_E_WOULDBLOCK = -3,     /**< No progress possible now; call again later. */
    COSEM_E_TRUNCATED = -4,      /**< Input ended before the element did. */
    COSEM_E_TYPE = -5,           /**< A value has another type (tag) than the one asked for. */
    COSEM_E_DEPTH = -6,          /**< Nesting deeper than the configured limit. */
    COSEM_E_RANGE = -7,          /**< A value is outside the range its field allows. */
    COSEM_E_ARG = -8,            /**< Invalid argument passed by the caller. */
    COSEM_E_TRAILING = -9,       /**< Bytes left over after a complete element. */
    COSEM_E_UNSPECIFIED = -10,   /**< A field needed for the operation is "not specified". */
    COSEM_E_UNSUPPORTED = -11,   /**< Valid but not supported by this build or configuration. */
    COSEM_E_STATE = -12,         /**< Call not allowed in the object's current state. */
    COSEM_E_NOTFOUND = -13,      /**< The thing looked up does not exist. */
    COSEM_E_TIMEOUT = -14,       /**< A timer expired. */
    COSEM_E_CLOSED = -15,        /**< The connection or association is closed. */
    COSEM_E_IO = -16,            /**< A port or operating system call failed. */
    COSEM_E_DENIED = -17,        /**< Access denied (authentication or access rights). */
    COSEM_E_OVERFLOW = -18       /**< A counter or size would overflow its type. */
} cosem_status_t;

#if COSEM_WITH_STATUS_STR
/**
 * @brief A short English name for a status code.
 * @param status Any value; unknown values give "unknown status".
 * @return A static NUL-terminated string, never NULL.
 */
const char *cosem_status_str(cosem_status_t status);
#endif

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_STATUS_H */
