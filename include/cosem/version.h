/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file version.h
 * @brief Library version.
 *
 * @defgroup version Version
 * @brief Compile-time and run-time version of the library.
 * @{
 */
#ifndef COSEM_VERSION_H
#define COSEM_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Major version. */
#define COSEM_VERSION_MAJOR 0
/** @brief Minor version. */
#define COSEM_VERSION_MINOR 1
/** @brief Patch version. */
#define COSEM_VERSION_PATCH 0
/** @brief Version as text. */
#define COSEM_VERSION_STRING "0.1.0"

/**
 * @brief The version of the library that is linked (may differ from the
 *        header's ::COSEM_VERSION_STRING when linking a shared library).
 * @return A static string such as "0.1.0".
 */
const char *cosem_version(void);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_VERSION_H */
