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

/* The one place the version is set: CMake (project(), the package, the
 * shared library's soname, the .deb files) reads these three lines. */
/** @brief Major version. */
#define COSEM_VERSION_MAJOR 0
/** @brief Minor version. */
#define COSEM_VERSION_MINOR 1
/** @brief Patch version. */
#define COSEM_VERSION_PATCH 0
/** @brief Text of a macro argument after expansion (for ::COSEM_VERSION_STRING). */
#define COSEM_VERSION_TEXT(n) COSEM_VERSION_TEXT_(n)
/** @brief Text of a macro argument as written (helper of ::COSEM_VERSION_TEXT). */
#define COSEM_VERSION_TEXT_(n) #n
/** @brief Version as text, "MAJOR.MINOR.PATCH". */
#define COSEM_VERSION_STRING                                                                     \
    COSEM_VERSION_TEXT(COSEM_VERSION_MAJOR)                                                      \
    "." COSEM_VERSION_TEXT(COSEM_VERSION_MINOR) "." COSEM_VERSION_TEXT(COSEM_VERSION_PATCH)

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
