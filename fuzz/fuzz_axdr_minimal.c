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
 *  - after an error the reader keeps reporting it.
 * The same input also goes to the GET, SET and ACTION request decoders as
 * that configuration builds them (COSEM_WITH_LIST_BLOCK_WRITE 0,
 * COSEM_WITH_GET_LIST 0: the long forms unsupported): a defined status,
 * and OK only for the forms kept (normal; GET also next). */
#include <stdlib.h>

#include <cosem/apdu.h>
#include <cosem/axdr.h>

#if COSEM_WITH_COMPACT_ARRAY || COSEM_WITH_LIST_BLOCK_WRITE || COSEM_WITH_GET_LIST
#error "fuzz_axdr_minimal.c is built with tests/configs/minimal_hdlc_server.h"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A status the request decoders document. */
static void check_status(cosem_status_t st)
{
    if (st != COSEM_OK && st != COSEM_E_TRUNCATED && st != COSEM_E_MALFORMED &&
        st != COSEM_E_UNSUPPORTED && st != COSEM_E_TRAILING && st != COSEM_E_DEPTH) {
        abort();
    }
}

/* The request decoders of the minimal configuration. */
static void decode_requests(const uint8_t *data, size_t size)
{
    cosem_get_request_t g;
    cosem_set_request_t s;
    cosem_action_request_t a;
    cosem_status_t st = cosem_get_request_decode(data, size, &g);
    check_status(st);
    if (st == COSEM_OK && g.type != COSEM_GET_NORMAL && g.type != COSEM_GET_NEXT) {
        abort();
    }
    st = cosem_set_request_decode(data, size, &s);
    check_status(st);
    if (st == COSEM_OK && s.type != COSEM_SET_NORMAL) {
        abort();
    }
    st = cosem_action_request_decode(data, size, &a);
    check_status(st);
    if (st == COSEM_OK && a.type != COSEM_ACTION_NORMAL) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_axdr_reader_t r;
    decode_requests(data, size);
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
