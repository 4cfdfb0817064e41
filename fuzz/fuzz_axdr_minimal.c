/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for cosem_axdr_skip() as the minimal configuration builds it
 * (tests/configs/minimal_hdlc_server.h: COSEM_WITH_COMPACT_ARRAY 0, nesting
 * limit COSEM_AXDR_MAX_DEPTH 8), where the skip runs the parser's tagged
 * step without cosem_axdr_parse_next(): the path a minimal meter takes to
 * validate every SET value and ACTION parameter. Linked against its own
 * copy of the library built with that configuration (fuzz/CMakeLists.txt).
 *
 * Input: A-XDR octets, skipped value after value.
 * Oracles (abort() on violation):
 *  - every skip returns OK or a defined error (truncated, malformed, depth,
 *    unsupported for a compact-array);
 *  - an OK skip consumes at least one octet and stays inside the input;
 *  - after an error the reader keeps reporting it. */
#include <stdlib.h>

#include <cosem/axdr.h>

#if COSEM_WITH_COMPACT_ARRAY
#error "fuzz_axdr_minimal.c is built with tests/configs/minimal_hdlc_server.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_axdr_reader_t r;
    cosem_axdr_reader_init(&r, data, size);
    while (cosem_axdr_reader_remaining(&r) > 0u) {
        size_t before = cosem_axdr_reader_remaining(&r);
        cosem_status_t st = cosem_axdr_skip(&r);
        if (st != COSEM_OK) {
            if (st != COSEM_E_TRUNCATED && st != COSEM_E_MALFORMED && st != COSEM_E_DEPTH &&
                st != COSEM_E_UNSUPPORTED) {
                abort();
            }
            if (cosem_axdr_reader_status(&r) == COSEM_OK) {
                abort();
            }
            break;
        }
        if (cosem_axdr_reader_remaining(&r) >= before || cosem_axdr_reader_remaining(&r) > size) {
            abort();
        }
    }
    return 0;
}
