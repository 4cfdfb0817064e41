/* SPDX-License-Identifier: Apache-2.0 */
/* Workloads for instruction counts (bench/instructions.sh runs each under
 * valgrind --tool=callgrind and subtracts the baseline):
 *
 *   codec_bench none      build the input only (baseline)
 *   codec_bench encode    encode a 10,000-row load profile buffer
 *   codec_bench skip      validate it with cosem_axdr_skip()
 *   codec_bench parse     walk it with the pull parser, reading every value
 *   codec_bench tree      decode the first 100 rows into a value tree
 *
 * skip, parse and tree include the encoding; instructions.sh subtracts the
 * "encode" run from them.
 *
 * A row is what a meter's load profile holds: structure{date-time as
 * octet-string(12), status unsigned, four double-long-unsigned energies}. */
#include <stdio.h>
#include <string.h>

#include <cosem/cosem.h>

#define ROWS 10000u
#define ROW_BYTES (2u + 14u + 2u + 4u * 5u)
static uint8_t g_buf[ROWS * ROW_BYTES + 16];
static cosem_value_node_t g_nodes[1024];

/* Encodes the profile buffer; returns its length. */
static size_t encode(void)
{
    cosem_axdr_writer_t w;
    cosem_datetime_t dt;
    uint32_t i;
    cosem_datetime_clear(&dt);
    cosem_axdr_writer_init(&w, g_buf, sizeof g_buf);
    cosem_axdr_write_array(&w, ROWS);
    for (i = 0; i < ROWS; i++) {
        int64_t t = 1795251265 + (int64_t)i * 900;
        cosem_datetime_from_utc(&dt, t, -60, 0);
        cosem_axdr_write_structure(&w, 6);
        cosem_axdr_write_datetime_os(&w, &dt);
        cosem_axdr_write_u8(&w, 0);
        cosem_axdr_write_u32(&w, i * 3u);
        cosem_axdr_write_u32(&w, i * 5u);
        cosem_axdr_write_u32(&w, i * 7u);
        cosem_axdr_write_u32(&w, i * 11u);
    }
    if (cosem_axdr_writer_status(&w) != COSEM_OK) {
        fprintf(stderr, "encode failed\n");
    }
    return cosem_axdr_writer_len(&w);
}

/* Walks every element and sums the integers (so nothing is optimised out). */
static uint64_t parse(size_t n)
{
    cosem_axdr_reader_t r;
    cosem_axdr_parser_t p;
    cosem_axdr_event_t ev;
    uint64_t sum = 0;
    cosem_axdr_reader_init(&r, g_buf, n);
    cosem_axdr_parser_init(&p, &r);
    while (!cosem_axdr_parse_done(&p)) {
        uint64_t v;
        cosem_axdr_parse_next(&p, &ev);
        if (cosem_axdr_event_uint(&ev, &v) == COSEM_OK) {
            sum += v;
        }
    }
    return sum;
}

/* Decodes the array header plus the first 100 rows as a tree. */
static size_t tree(void)
{
    static uint8_t part[2 + 100 * ROW_BYTES + 16];
    cosem_axdr_reader_t r;
    cosem_axdr_writer_t w;
    size_t count = 0;
    cosem_axdr_writer_init(&w, part, sizeof part);
    cosem_axdr_write_array(&w, 100);
    cosem_axdr_put_bytes(&w, g_buf + 4, 100 * ROW_BYTES); /* rows after "01 82 27 10" */
    cosem_axdr_reader_init(&r, part, cosem_axdr_writer_len(&w));
    cosem_value_decode(&r, g_nodes, sizeof g_nodes / sizeof g_nodes[0], &count);
    return count;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "none";
    size_t n = 0;
    if (strcmp(mode, "none") != 0) {
        n = encode();
    }
    if (strcmp(mode, "skip") == 0) {
        cosem_axdr_reader_t r;
        cosem_axdr_reader_init(&r, g_buf, n);
        printf("%d\n", cosem_axdr_skip(&r));
    } else if (strcmp(mode, "parse") == 0) {
        printf("%llu\n", (unsigned long long)parse(n));
    } else if (strcmp(mode, "tree") == 0) {
        printf("%zu\n", tree());
    } else {
        printf("%zu\n", n);
    }
    return 0;
}
