/* SPDX-License-Identifier: Apache-2.0 */
/* The C library functions libcosem and the compiler need, for a target
 * without a C library: byte loops, small rather than fast (the library
 * copies little: APDUs are encoded in place). */
#include <string.h>

/* Copy n octets (regions must not overlap). */
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n-- > 0u) {
        *d++ = *s++;
    }
    return dst;
}

/* Copy n octets; the regions may overlap. */
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d <= s) {
        return memcpy(dst, src, n);
    }
    while (n-- > 0u) {
        d[n] = s[n];
    }
    return dst;
}

/* Fill n octets with c. */
void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n-- > 0u) {
        *d++ = (unsigned char)c;
    }
    return dst;
}

/* Compare n octets as unsigned char. */
int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n > 0u; --n, ++x, ++y) {
        if (*x != *y) {
            return *x < *y ? -1 : 1;
        }
    }
    return 0;
}

/* Length of a NUL-terminated string. */
size_t strlen(const char *s)
{
    const char *p = s;
    while (*p != '\0') {
        ++p;
    }
    return (size_t)(p - s);
}
