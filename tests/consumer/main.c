/* SPDX-License-Identifier: Apache-2.0 */
/* Uses the installed headers and library: encodes the clock OBIS code and a
 * date-time, decodes them back, and checks the linked version. */
#include <stdio.h>
#include <string.h>

#include <cosem/cosem.h>

int main(void)
{
    static const cosem_obis_t clock = COSEM_OBIS(0, 0, 1, 0, 0, 255);
    uint8_t buf[32], ln[6];
    char text[COSEM_OBIS_TEXT_MAX];
    cosem_axdr_writer_t w;
    cosem_axdr_reader_t r;
    cosem_axdr_writer_init(&w, buf, sizeof buf);
    cosem_axdr_write_octet_string(&w, clock.v, sizeof clock.v);
    cosem_axdr_reader_init(&r, buf, cosem_axdr_writer_len(&w));
    cosem_axdr_read_octet_string_fixed(&r, ln, sizeof ln);
    if (cosem_axdr_reader_expect_end(&r) != COSEM_OK || memcmp(ln, clock.v, 6) != 0 ||
        cosem_obis_format((const cosem_obis_t *)(const void *)ln, COSEM_OBIS_STYLE_IEC, text,
                          sizeof text) == 0 ||
        strcmp(cosem_version(), COSEM_VERSION_STRING) != 0) {
        return 1;
    }
    printf("libcosem %s: %s\n", cosem_version(), text);
    return 0;
}
