/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: `cosem decode` (tools/cosem/decode.c) on arbitrary
 * octets, the text printer and the JSON printer alike. The decoder sees what
 * a field engineer pastes: HDLC frames, wrapper frames and APDUs of any
 * shape. The first input octet picks the form and splits the rest into up
 * to two chunks (a request and its response, as a capture has them), so the
 * request-annotates-response path is reached too. Output goes to /dev/null;
 * diagnostics (cli_err) are dropped;
 * the oracle is the sanitizers and a defined exit status. */
#include <stdio.h>
#include <stdlib.h>

#include "../tools/cosem/capture.c"
#include "../tools/cosem/capture_pcap.c"
#include "../tools/cosem/decode.c"
#include "../tools/cosem/names.c"
#include "../tools/cosem/out.c"
#include "../tools/cosem/parse.c"
#include "../tools/cosem/pcap_write.c"
#include "../tools/cosem/secret.c"

const char *cli_pcap_path = NULL; /* main.c's */

/* main.c's diagnostics, without the rest of main.c. */
void cli_err(const char *fmt, ...)
{
    (void)fmt;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    (void)cmd;
    (void)fmt;
    return CLI_EXIT_USAGE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int opened;
    cli_chunk_t chunks[2];
    size_t nc = 1, split;
    int rc;
    if (size < 2u || size - 1u > DEC_MAX_INPUT) {
        return 0;
    }
    if (!opened) {
        /* Results are not checked here, only memory safety and the status. */
        /* stderr stays: libFuzzer and the sanitizers report there. */
        if (freopen("/dev/null", "w", stdout) == NULL) {
            abort();
        }
        opened = 1;
    }
    split = (size_t)(data[0] & 0x7Fu) % size;
    chunks[0] = (cli_chunk_t){0, size - 1u, 'C'};
    if (split > 0u && split < size - 1u) {
        chunks[0].len = split;
        chunks[1] = (cli_chunk_t){split, size - 1u - split, 'S'};
        nc = 2;
    }
    rc = decode_all(data + 1, chunks, nc, (data[0] & 0x80u) != 0u);
    if (rc != CLI_EXIT_OK && rc != CLI_EXIT_DECODE) {
        abort();
    }
    return 0;
}
