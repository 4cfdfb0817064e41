/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the Check suites. */
#include "test_util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

size_t tu_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (*hex != '\0') {
        int hi, lo;
        if (isspace((unsigned char)*hex)) {
            hex++;
            continue;
        }
        hi = hexval(hex[0]);
        lo = hex[1] != '\0' ? hexval(hex[1]) : -1;
        ck_assert_msg(hi >= 0 && lo >= 0, "bad hex near '%.8s'", hex);
        ck_assert_msg(n < cap, "hex longer than %zu bytes", cap);
        out[n++] = (uint8_t)(hi << 4 | lo);
        hex += 2;
    }
    return n;
}

const char *tu_hexstr(const uint8_t *p, size_t n)
{
    static char buf[8192];
    size_t i, o = 0;
    for (i = 0; i < n && o + 4 < sizeof buf; i++) {
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%02X", i ? " " : "", p[i]);
    }
    buf[o] = '\0';
    return buf;
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    ck_assert_ptr_nonnull(d);
    memcpy(d, s, n);
    return d;
}

size_t tu_vec_load(const char *name, tu_frame_t *frames, size_t max)
{
    char path[1024], line[65536];
    FILE *f;
    size_t n = 0;
    int lineno = 0;
    char *note = NULL;
    snprintf(path, sizeof path, "%s/%s", COSEM_TEST_VECTORS_DIR, name);
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if (line[0] == '#') {
            free(note);
            note = dupstr(line);
            continue;
        }
        if ((line[0] == 'C' || line[0] == 'S') && line[1] == '>') {
            size_t cap = strlen(line) / 2u + 1u; /* at least the octets of the line */
            uint8_t *buf = malloc(cap);
            ck_assert_ptr_nonnull(buf);
            ck_assert_msg(n < max, "more than %zu frames in %s", max, name);
            frames[n].dir = line[0];
            frames[n].len = tu_hex(line + 2, buf, cap);
            frames[n].bytes = buf;
            frames[n].line = lineno;
            frames[n].note = note != NULL ? dupstr(note) : NULL;
            n++;
        }
    }
    free(note);
    fclose(f);
    return n;
}

void tu_vec_free(tu_frame_t *frames, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(frames[i].bytes);
        free(frames[i].note);
    }
}

int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
