/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the cosem tool's parsers of command-line text
 * (tools/cosem/parse.c): hex captures for `cosem decode`, OBIS[:ID]
 * references, entry ranges, numbers and typed values for `cosem write`.
 *
 * The first input octet picks the parser; the rest is the text. Oracles: the
 * hex parser's chunks tile its output exactly and stay within the buffer; a
 * value the encoder accepts is exactly one whole A-XDR Data value; parsed
 * ranges and ids are within their documented bounds. */
#include <stdlib.h>
#include <string.h>

#include "../tools/cosem/parse.c"

/* Checks the chunks of a successful hex parse. */
static void check_chunks(const cli_chunk_t *c, size_t nc, size_t n)
{
    size_t k, pos = 0;
    for (k = 0; k < nc; k++) {
        if (c[k].off != pos || c[k].len > n - pos ||
            (c[k].dir != 0 && c[k].dir != 'C' && c[k].dir != 'S')) {
            abort();
        }
        pos += c[k].len;
    }
    if (nc > 0 && pos != n) {
        abort();
    }
}

/* Hex capture parser with small limits (so the limits are reached). */
static void fuzz_hex(const char *t, size_t len)
{
    uint8_t out[256];
    cli_chunk_t chunks[8];
    size_t n = 0, nc = 0;
    char err[64];
    if (cli_hex_parse(t, len, out, sizeof out, &n, chunks, 8, &nc, err, sizeof err) == 0) {
        if (n > sizeof out || nc > 8) {
            abort();
        }
        check_chunks(chunks, nc, n);
    }
    (void)cli_hex_parse(t, len, out, sizeof out, &n, NULL, 0, NULL, NULL, 0);
}

/* A typed value: "TYPE\nVALUE"; accepted output must be one whole Data. */
static void fuzz_value(char *t)
{
    uint8_t buf[96];
    cosem_axdr_writer_t w;
    cosem_axdr_reader_t r;
    char err[96];
    char *nl = strchr(t, '\n');
    const char *value = "";
    if (nl != NULL) {
        *nl = '\0';
        value = nl + 1;
    }
    cosem_axdr_writer_init(&w, buf, sizeof buf);
    if (cli_value_encode(t, value, &w, err, sizeof err) != 0) {
        return;
    }
    cosem_axdr_reader_init(&r, buf, cosem_axdr_writer_len(&w));
    if (cosem_axdr_skip(&r) != COSEM_OK || cosem_axdr_reader_expect_end(&r) != COSEM_OK) {
        abort();
    }
}

/* The small parsers; results checked against their bounds. */
static void fuzz_small(uint8_t which, const char *t)
{
    cosem_obis_t o;
    unsigned id = 0;
    bool has_id = false;
    uint32_t a = 0, b = 0;
    unsigned long v = 0;
    if (which == 1 && cli_parse_obis_ref(t, &o, &id, &has_id) == 0 && has_id && id > 255) {
        abort();
    }
    if (which == 2 && cli_parse_range(t, &a, &b) == 0 && (a == 0 || (b != 0 && b < a))) {
        abort();
    }
    if (which == 3 && cli_parse_ulong(t, 5, 70000, &v) == 0 && (v < 5 || v > 70000)) {
        abort();
    }
}

/* libFuzzer entry point. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *t;
    uint8_t which;
    if (size < 1 || size > 4096) {
        return 0;
    }
    which = data[0] % 5;
    t = malloc(size);
    if (t == NULL) {
        return 0;
    }
    memcpy(t, data + 1, size - 1);
    t[size - 1] = '\0';
    if (which == 0) {
        fuzz_hex(t, size - 1);
    } else if (which == 4) {
        fuzz_value(t);
    } else {
        fuzz_small(which, t);
    }
    free(t);
    return 0;
}
