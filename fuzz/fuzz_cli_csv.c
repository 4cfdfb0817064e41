/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the parsers of `cosem collect`'s input files
 * (tools/cosem/csvlist.c): a meter list line split into CSV fields, and a
 * line of a --skip-done file (JSON line, CSV line or bare id).
 *
 * Oracles: the field count is 1..max; every field starts inside the line and
 * ends with a NUL inside it; the fields do not overlap and come in order; an
 * id found lies inside the line and is NUL-terminated there. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tools/cosem/csvlist.c"

#define LINE_MAX_LEN 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks that p is a NUL-terminated string inside buf[0..cap). */
static const char *inside(const char *p, const char *buf, size_t cap)
{
    if (p < buf || p >= buf + cap) {
        abort();
    }
    while (*p != '\0') {
        if (++p >= buf + cap) {
            abort();
        }
    }
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char line[LINE_MAX_LEN + 1], *f[8], *id;
    const char *end = line;
    size_t n, k, max;
    if (size < 1 || size - 1 > LINE_MAX_LEN) {
        return 0;
    }
    max = 1u + data[0] % 8u;
    memcpy(line, data + 1, size - 1);
    line[size - 1] = '\0';
    n = cli_csv_split(line, f, max);
    if (n < 1 || n > max) {
        abort();
    }
    for (k = 0; k < n; k++) {
        if (f[k] < end) {
            abort(); /* overlapping or out of order */
        }
        end = inside(f[k], line, sizeof line);
    }
    memcpy(line, data + 1, size - 1);
    line[size - 1] = '\0';
    id = cli_skip_line_id(line);
    if (id != NULL) {
        (void)inside(id, line, sizeof line);
    }
    return 0;
}
