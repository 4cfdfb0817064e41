/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the input forms of `cosem decode` that are not hex:
 * pcap/pcapng files (tools/cosem/capture_pcap.c: link, IP, TCP reassembly)
 * and log text (tools/cosem/capture.c: time stamps, direction words,
 * hexdump/od dumps), followed by the hex parser, as `cosem decode` runs
 * them. The oracle is the sanitizers and the returned status. */
#include <stdlib.h>
#include <string.h>

#include "../tools/cosem/capture.c"
#include "../tools/cosem/capture_pcap.c"
#include "../tools/cosem/parse.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out[1u << 20];
    static cli_chunk_t chunks[4096];
    static char norm[1u << 21];
    char err[160];
    size_t n = 0, nc = 0, k, nn = 0;
    if (size > (1u << 20) - 64u) {
        return 0;
    }
    if (cli_pcap_extract(data, size, out, sizeof out, &n, chunks, 4096, &nc, err, sizeof err) ==
        0) {
        for (k = 0; k < nc; k++) {
            if (chunks[k].off + chunks[k].len > n || (chunks[k].dir != 'C' && chunks[k].dir != 'S')) {
                abort();
            }
        }
    }
    if (cli_text_normalize((const char *)data, size, norm, size * 2u + 64u, &nn, err,
                           sizeof err) == 0) {
        if (nn > size * 2u + 64u) {
            abort();
        }
        (void)cli_hex_parse(norm, nn, out, sizeof out, &n, chunks, 4096, &nc, err, sizeof err);
    }
    return 0;
}
