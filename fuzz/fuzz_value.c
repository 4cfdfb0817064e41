/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: arbitrary bytes -> cosem_value_decode(); a tree that
 * decodes must re-encode, re-decode to an equal tree, re-encode to the same
 * bytes, and print as text and JSON (into a large and a tiny buffer). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/axdr.h>
#include <cosem/value.h>

#define MAX_NODES 256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if COSEM_WITH_VALUE_TREE

static cosem_value_node_t g_a[MAX_NODES], g_b[MAX_NODES];
static uint8_t g_enc[65536], g_enc2[65536];

#if COSEM_WITH_VALUE_PRINT
static char g_text[1 << 20];

/* Prints with every flag combination and checks the buffer contract. */
static void check_print(const cosem_value_node_t *nodes, size_t count)
{
    static const unsigned flags[] = {
        COSEM_VALUE_PRINT_DEFAULT, COSEM_VALUE_PRINT_JSON,
        COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_TYPED,
        COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_COMPACT,
        COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_TYPED | COSEM_VALUE_PRINT_COMPACT};
    size_t i, j, len, len2;
    char small[7];
    for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        cosem_status_t st = cosem_value_print_buf(nodes, count, flags[i], g_text, sizeof g_text, &len);
        if (st != COSEM_OK || strlen(g_text) != len) {
            abort();
        }
        for (j = 0; j < len && (flags[i] & COSEM_VALUE_PRINT_JSON) != 0; j++) {
            unsigned char c = (unsigned char)g_text[j];
            /* JSON: no raw control character but the pretty form's line breaks */
            if (c < 0x20 && (c != '\n' || (flags[i] & COSEM_VALUE_PRINT_COMPACT) != 0)) {
                abort();
            }
        }
        st = cosem_value_print_buf(nodes, count, flags[i], small, sizeof small, &len2);
        if (len2 != len || (st == COSEM_OK) != (len < sizeof small) ||
            strncmp(small, g_text, sizeof small - 1) != 0 || strlen(small) >= sizeof small) {
            abort();
        }
    }
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_axdr_reader_t r;
    cosem_axdr_writer_t w;
    size_t na = 0, nb = 0, len, len2, i;
    cosem_axdr_reader_init(&r, data, size);
    if (cosem_value_decode(&r, g_a, MAX_NODES, &na) != COSEM_OK) {
        return 0;
    }
    if (na == 0 || g_a[0].next != na) {
        abort();
    }
    for (i = 0; i < na; i++) {
        size_t c = cosem_value_child(g_a, na, i, 0);
        if (c != na && (c != i + 1 || g_a[c].depth != g_a[i].depth + 1)) {
            abort();
        }
    }
    /* Shortest-form lengths never make the encoding longer than the input. */
    cosem_axdr_writer_init(&w, g_enc, size < sizeof g_enc ? size : sizeof g_enc);
    if (cosem_value_encode(&w, g_a, na, 0) != COSEM_OK) {
        abort();
    }
    len = cosem_axdr_writer_len(&w);
    cosem_axdr_reader_init(&r, g_enc, len);
    if (cosem_value_decode(&r, g_b, MAX_NODES, &nb) != COSEM_OK ||
        cosem_axdr_reader_expect_end(&r) != COSEM_OK || !cosem_value_equal(g_a, na, g_b, nb)) {
        abort();
    }
    cosem_axdr_writer_init(&w, g_enc2, sizeof g_enc2);
    if (cosem_value_encode(&w, g_b, nb, 0) != COSEM_OK) {
        abort();
    }
    len2 = cosem_axdr_writer_len(&w);
    if (len2 != len || memcmp(g_enc, g_enc2, len) != 0) {
        abort();
    }
#if COSEM_WITH_VALUE_PRINT
    check_print(g_a, na);
#endif
    return 0;
}
#else
/* The value tree is compiled out: nothing to fuzz. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)data;
    (void)size;
    return 0;
}
#endif
