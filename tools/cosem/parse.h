/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: parsers of command-line text. Pure functions over the
 * library's codec (no I/O, no POSIX), so fuzz/fuzz_cli_args.c builds them on
 * their own. */
#ifndef COSEM_CLI_PARSE_H
#define COSEM_CLI_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/axdr.h>
#include <cosem/obis.h>

#if defined(__GNUC__) || defined(__clang__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* ---- parse.c: text input (pure functions, fuzzed by fuzz_cli_args) ---- */

/* A run of input bytes that came from one line group, with the direction
 * marker that opened it ('C' for "C>", 'S' for "S>", 0 for none). */
typedef struct cli_chunk {
    size_t off;  /* first byte in the output buffer */
    size_t len;  /* its byte count */
    char dir;    /* 'C', 'S' or 0 */
} cli_chunk_t;

/* Hex text to bytes. Accepts white space, ':' ',' '-' '_' separators, "0x"
 * prefixes, '#' comments to the end of the line and "C>"/"S>" direction
 * markers (each one starts a chunk). Returns 0, or -1 with a message in err. */
int cli_hex_parse(const char *text, size_t len, uint8_t *out, size_t cap, size_t *n,
                  cli_chunk_t *chunks, size_t max_chunks, size_t *nchunks, char *err,
                  size_t errcap);

/* Value of a hex digit, or -1. */
int cli_hex_digit(char c);

/* Unsigned decimal or 0x-hex number in [min, max]; 0 or -1. */
int cli_parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *v);

/* "OBIS" or "OBIS:ID" (IEC or dotted OBIS form; ID 0..255 when needed);
 * *has_id tells whether an id was given. 0 or -1. */
int cli_parse_obis_ref(const char *s, cosem_obis_t *o, unsigned *id, bool *has_id);

/* An entry range "A-B" (1-based, B >= A, B may be 0 = to the end); 0 or -1. */
int cli_parse_range(const char *s, uint32_t *from, uint32_t *to);

/* Encode text as one A-XDR Data of the named type (see docs/cli.md, "Value
 * types"). Returns 0, or -1 with a message in err. */
int cli_value_encode(const char *type, const char *text, cosem_axdr_writer_t *w, char *err,
                     size_t errcap);

/* ---- capture.c, capture_pcap.c: shared forms of frames ------------------ */

/* Log text to what cli_hex_parse() reads: per line, time stamps
 * ("2024-01-01 10:00:00.123", "[...]", "10:00:00,5"), log levels and
 * direction words ("Tx:", "Rx:", "Send:", "Receive:", "->", "<-", "[Tx]")
 * are removed and the direction becomes a "C> "/"S> " marker; `hexdump -C`
 * and `od` (with offsets) dumps become their bytes ('*' rows repeated).
 * Returns 0, or -1 with a message in err. */
int cli_text_normalize(const char *text, size_t len, char *out, size_t cap, size_t *n,
                       char *err, size_t errcap);

/* Whether bytes start like a pcap or pcapng file. */
bool cli_is_pcap(const uint8_t *p, size_t n);

/* The DLMS payloads of a pcap or pcapng file (Ethernet, raw IP, Linux
 * cooked, BSD loopback; IPv4/IPv6; UDP datagrams and TCP streams with port
 * 4059 on one side, or whose first payload looks like HDLC or the wrapper):
 * TCP segments reassembled per direction in sequence order, each run of
 * one direction one chunk ('C' towards the server port, 'S' from it).
 * Returns 0, or -1 with a message in err. */
int cli_pcap_extract(const uint8_t *file, size_t n, uint8_t *out, size_t cap, size_t *outn,
                     cli_chunk_t *chunks, size_t max_chunks, size_t *nchunks, char *err,
                     size_t errcap);

#endif /* COSEM_CLI_PARSE_H */
