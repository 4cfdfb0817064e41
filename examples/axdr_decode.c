/* SPDX-License-Identifier: Apache-2.0 */
/* axdr_decode: decode A-XDR Data given in hex and print it as text or JSON.
 *
 *   axdr_decode                 decode two replies captured from a meter
 *   axdr_decode [--json] HEX... decode the given value (hex, spaces allowed)
 *   axdr_decode [--json] -      read the hex from standard input
 *
 * It shows the codec's host conveniences: cosem_value_decode() into a
 * bounded node array and cosem_value_print() through an output sink. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <cosem/cosem.h>

#define MAX_BYTES 65536
#define MAX_NODES 8192

static uint8_t g_bytes[MAX_BYTES];
static cosem_value_node_t g_nodes[MAX_NODES];

/* Sink that writes to stdout. */
static int to_stdout(void *user, const char *text, size_t len)
{
    (void)user;
    return fwrite(text, 1, len, stdout) == len ? 0 : 1;
}

/* Appends the hex digits of text to g_bytes; returns -1 on a bad digit. */
static int add_hex(const char *text, size_t *n)
{
    int hi = -1;
    for (; *text != '\0'; text++) {
        int c = (unsigned char)*text, v;
        if (isspace(c)) {
            continue;
        }
        if (!isxdigit(c)) {
            fprintf(stderr, "axdr_decode: '%c' is not a hex digit\n", c);
            return -1;
        }
        v = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
        if (hi < 0) {
            hi = v;
        } else if (*n < MAX_BYTES) {
            g_bytes[(*n)++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        } else {
            fprintf(stderr, "axdr_decode: more than %d bytes\n", MAX_BYTES);
            return -1;
        }
    }
    if (hi >= 0) {
        fprintf(stderr, "axdr_decode: odd number of hex digits\n");
        return -1;
    }
    return 0;
}

/* Decodes g_bytes[0..n) and prints it; returns the process exit status. */
static int decode(size_t n, unsigned flags)
{
    cosem_axdr_reader_t r;
    size_t count = 0;
    cosem_status_t st;
    cosem_axdr_reader_init(&r, g_bytes, n);
    st = cosem_value_decode(&r, g_nodes, MAX_NODES, &count);
    if (st == COSEM_OK) {
        st = cosem_axdr_reader_expect_end(&r);
    }
    if (st != COSEM_OK) {
        fprintf(stderr, "axdr_decode: %s at byte %zu\n", cosem_status_str(st),
                cosem_axdr_reader_pos(&r));
        return 1;
    }
    return cosem_value_print(g_nodes, count, flags, to_stdout, NULL) == COSEM_OK ? 0 : 1;
}

/* The built-in demonstration: replies of Gurux's C server example captured on
 * 127.0.0.1 (tests/vectors/guruxpy-client_guruxc-server_wrapper_lls.txt). */
static int demo(void)
{
    static const char *const samples[][2] = {
        {"GET 0.0.1.0.0.255 attribute 2 (clock time)",
         "09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00"},
        {"GET 1.0.99.98.0.255 attribute 2 with range access (event log rows)",
         "01 03 02 02 09 0C 07 EA 0B 15 06 08 36 16 00 00 00 00 12 00 01 02 02 09 0C 07 EA 0B 15 "
         "06 08 36 16 00 00 00 00 12 00 80 02 02 09 0C 07 EA 0B 15 06 08 36 19 00 00 00 00 12 00 02"},
    };
    size_t i;
    int rc = 0;
    for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        size_t n = 0;
        printf("# %s\n# %s\n", samples[i][0], samples[i][1]);
        add_hex(samples[i][1], &n);
        rc |= decode(n, COSEM_VALUE_PRINT_DEFAULT);
        printf("# as JSON\n");
        rc |= decode(n, COSEM_VALUE_PRINT_JSON);
        printf("\n");
    }
    return rc;
}

int main(int argc, char **argv)
{
    unsigned flags = COSEM_VALUE_PRINT_DEFAULT;
    size_t n = 0;
    int i = 1;
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: axdr_decode [--json] [HEX... | -]\n"
               "Decodes one A-XDR Data value given in hex and prints it as text or JSON.\n"
               "Without arguments, decodes two meter replies captured from Gurux's server.\n");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--json") == 0) {
        flags = COSEM_VALUE_PRINT_JSON;
        i = 2;
    }
    if (i >= argc) {
        return flags == COSEM_VALUE_PRINT_DEFAULT ? demo() : 2;
    }
    for (; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            char line[4096];
            while (fgets(line, sizeof line, stdin) != NULL) {
                if (add_hex(line, &n) != 0) {
                    return 2;
                }
            }
        } else if (add_hex(argv[i], &n) != 0) {
            return 2;
        }
    }
    return decode(n, flags);
}
