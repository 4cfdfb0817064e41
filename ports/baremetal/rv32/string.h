/* SPDX-License-Identifier: Apache-2.0 */
/* The part of <string.h> libcosem uses, for a freestanding RISC-V toolchain
 * without a C library (riscv64-unknown-elf-gcc as Debian ships it). The
 * functions are in libc.c next to this file. */
#ifndef COSEM_BM_RV32_STRING_H
#define COSEM_BM_RV32_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif /* COSEM_BM_RV32_STRING_H */
