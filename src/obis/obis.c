/* SPDX-License-Identifier: Apache-2.0 */
/* OBIS codes (IEC 62056-6-1): comparison, range checks, and the text forms
 * `A-B:C.D.E*F` and `A.B.C.D.E.F`. Parsing and formatting are written by hand
 * (no strtol, no printf) and never read text past len. */
#include <string.h>

#include <cosem/obis.h>

#include "../config_check.h"

/* Orders two codes byte by byte, group A first, as memcmp would. */
int cosem_obis_compare(const cosem_obis_t *a, const cosem_obis_t *b)
{
    size_t i;
    for (i = 0; i < sizeof a->v; i++) {
        if (a->v[i] != b->v[i]) {
            return a->v[i] < b->v[i] ? -1 : 1;
        }
    }
    return 0;
}

/* True when all six groups match. */
bool cosem_obis_equal(const cosem_obis_t *a, const cosem_obis_t *b)
{
    return cosem_obis_compare(a, b) == 0;
}

/* Group A names a medium: 0..9 and 15 are assigned, 10..14 and >15 are not. */
cosem_status_t cosem_obis_validate(const cosem_obis_t *o)
{
    uint8_t a = o->v[0];
    if (a > 15u || (a >= 10u && a <= 14u)) {
        return COSEM_E_RANGE;
    }
    return COSEM_OK;
}

/* True when v lies in lo..hi. */
static bool in_range(uint8_t v, uint8_t lo, uint8_t hi)
{
    return v >= lo && v <= hi;
}

/* Checks each group against the ranges IEC 62056-6-1 leaves to manufacturers. */
bool cosem_obis_is_manufacturer_specific(const cosem_obis_t *o)
{
    return in_range(o->v[1], 128u, 199u) || in_range(o->v[2], 128u, 199u) || o->v[2] == 240u ||
           in_range(o->v[3], 128u, 254u) || in_range(o->v[4], 128u, 254u) ||
           in_range(o->v[5], 128u, 254u);
}

#if COSEM_WITH_OBIS_TEXT

/* A read position in the text being parsed. */
typedef struct {
    const char *text;
    size_t len;
    size_t pos;
} obis_scan_t;

/* Reads 1..3 decimal digits into *out (0..999). Fails on no digit or a
 * fourth digit, so "0255" is malformed rather than silently 255. */
static bool scan_group(obis_scan_t *s, uint16_t *out)
{
    unsigned v = 0u, n = 0u;
    while (s->pos < s->len && s->text[s->pos] >= '0' && s->text[s->pos] <= '9') {
        if (n == 3u) {
            return false;
        }
        v = v * 10u + (unsigned)(s->text[s->pos] - '0');
        n++;
        s->pos++;
    }
    *out = (uint16_t)v;
    return n > 0u;
}

/* Consumes one separator character equal to c or alt. */
static bool scan_sep(obis_scan_t *s, char c, char alt)
{
    if (s->pos < s->len && (s->text[s->pos] == c || s->text[s->pos] == alt)) {
        s->pos++;
        return true;
    }
    return false;
}

/* Reads groups B..F after group A, with the separators of one text form.
 * In the IEC form the text may end after E (F is then 255) and '&' may
 * stand for '*'. Returns false on any syntax error or trailing text. */
static bool scan_rest(obis_scan_t *s, bool iec, uint16_t g[6])
{
    static const char iec_seps[5] = { '-', ':', '.', '.', '*' };
    size_t i;
    for (i = 1; i < 6u; i++) {
        char sep = iec ? iec_seps[i - 1u] : '.';
        char alt = (iec && i == 5u) ? '&' : sep;
        if (iec && i == 5u && s->pos == s->len) {
            g[5] = 255u;
            break;
        }
        if (!scan_sep(s, sep, alt) || !scan_group(s, &g[i])) {
            return false;
        }
    }
    return s->pos == s->len;
}

/* Parses either text form: the character after group A picks the form
 * ('-' IEC, '.' dotted). Syntax is checked fully before ranges, so
 * COSEM_E_RANGE always means "well formed, but a group is above 255". */
cosem_status_t cosem_obis_parse(cosem_obis_t *o, const char *text, size_t len)
{
    obis_scan_t s;
    uint16_t g[6];
    bool iec;
    size_t i;
    if (o == NULL || (text == NULL && len != 0u)) {
        return COSEM_E_ARG;
    }
    s.text = text;
    s.len = len;
    s.pos = 0;
    if (!scan_group(&s, &g[0]) || s.pos == len) {
        return COSEM_E_MALFORMED;
    }
    iec = text[s.pos] == '-';
    if (!scan_rest(&s, iec, g)) {
        return COSEM_E_MALFORMED;
    }
    for (i = 0; i < 6u; i++) {
        if (g[i] > 255u) {
            return COSEM_E_RANGE;
        }
    }
    for (i = 0; i < 6u; i++) {
        o->v[i] = (uint8_t)g[i];
    }
    return COSEM_OK;
}

/* Writes v in decimal without leading zeros; returns the digit count (1..3). */
static size_t put_u8(char *dst, uint8_t v)
{
    char tmp[3];
    size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + v % 10u);
        v = (uint8_t)(v / 10u);
    } while (v != 0u);
    for (i = 0; i < n; i++) {
        dst[i] = tmp[n - 1u - i];
    }
    return n;
}

/* Builds the text in a local buffer of the largest size, then copies it out
 * only if it fits, so a short buffer never holds a truncated code. */
size_t cosem_obis_format(const cosem_obis_t *o, cosem_obis_style_t style, char *buf, size_t cap)
{
    static const char iec_seps[5] = { '-', ':', '.', '.', '*' };
    char tmp[COSEM_OBIS_TEXT_MAX];
    size_t n = 0, i;
    if (buf != NULL && cap > 0u) {
        buf[0] = '\0';
    }
    if (o == NULL || buf == NULL ||
        (style != COSEM_OBIS_STYLE_IEC && style != COSEM_OBIS_STYLE_DOTTED)) {
        return 0;
    }
    for (i = 0; i < 6u; i++) {
        if (i > 0u) {
            tmp[n++] = style == COSEM_OBIS_STYLE_IEC ? iec_seps[i - 1u] : '.';
        }
        n += put_u8(&tmp[n], o->v[i]);
    }
    if (n + 1u > cap) {
        return 0;
    }
    memcpy(buf, tmp, n);
    buf[n] = '\0';
    return n;
}

#endif /* COSEM_WITH_OBIS_TEXT */
