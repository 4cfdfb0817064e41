/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: arbitrary bytes into cosem_obis_parse. A code that
 * parses must format in both styles and parse back to itself; six-byte
 * inputs are also looked up by cosem_obis_name. Any mismatch aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/obis.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if COSEM_WITH_OBIS_TEXT
/* Formats o in one style and checks the text parses back to o. */
static void check_style(const cosem_obis_t *o, cosem_obis_style_t style)
{
    char buf[COSEM_OBIS_TEXT_MAX];
    cosem_obis_t back;
    size_t n = cosem_obis_format(o, style, buf, sizeof buf);
    if (n == 0 || n >= sizeof buf || buf[n] != '\0' || strlen(buf) != n) {
        abort();
    }
    if (cosem_obis_parse(&back, buf, n) != COSEM_OK || !cosem_obis_equal(&back, o)) {
        abort();
    }
    /* One byte less room must fail cleanly. */
    if (cosem_obis_format(o, style, buf, n) != 0 || buf[0] != '\0') {
        abort();
    }
}
#endif

/* Parses the input as text; on success round-trips it through both styles. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_obis_t o;
#if COSEM_WITH_OBIS_TEXT
    cosem_status_t st = cosem_obis_parse(&o, (const char *)data, size);
    if (st == COSEM_OK) {
        check_style(&o, COSEM_OBIS_STYLE_IEC);
        check_style(&o, COSEM_OBIS_STYLE_DOTTED);
    } else if (st != COSEM_E_MALFORMED && st != COSEM_E_RANGE) {
        abort();
    }
#endif
    if (size == 6) {
        memcpy(o.v, data, 6);
#if COSEM_WITH_OBIS_NAMES
        {
            const char *name = cosem_obis_name(&o);
            if (name != NULL && (name[0] == '\0' || o.v[5] != 255u)) {
                abort();
            }
        }
#endif
        (void)cosem_obis_validate(&o);
        (void)cosem_obis_is_manufacturer_specific(&o);
    }
    return 0;
}
