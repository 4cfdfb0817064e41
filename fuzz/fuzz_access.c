/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the ACCESS service decoders (access-request 0xD9,
 * access-response 0xDA): an accepted APDU's slices lie inside the input,
 * its items (request) read back exactly count times and end where the
 * slice ends, its results (response) are count (kind, result) pairs, and
 * its data are exactly count well-formed Data. */
#include <stdint.h>
#include <stdlib.h>

#include <cosem/apdu.h>

#include "fuzz_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_access_apdu_t q;
    cosem_axdr_reader_t r;
    if (cosem_access_request_decode(data, size, &q) == COSEM_OK) {
        inside(&q.items, data, size);
        inside(&q.data, data, size);
        check(q.count > 0 && (q.time.len == 0 || q.time.len == 12));
        cosem_axdr_reader_init(&r, q.items.p, q.items.len);
        for (uint16_t i = 0; i < q.count; ++i) {
            uint8_t kind;
            cosem_attr_ref_t ref;
            cosem_selection_t sel;
            check(cosem_access_read_item(&r, &kind, &ref, &sel) == COSEM_OK);
            check(kind >= COSEM_ACCESS_GET && kind <= COSEM_ACCESS_SET_SEL);
        }
        check(cosem_axdr_reader_remaining(&r) == 0);
        cosem_axdr_reader_init(&r, q.data.p, q.data.len);
        for (uint16_t i = 0; i < q.count; ++i) {
            check(cosem_axdr_skip(&r) == COSEM_OK);
        }
        check(cosem_axdr_reader_remaining(&r) == 0);
    }
    if (cosem_access_response_decode(data, size, &q) == COSEM_OK) {
        inside(&q.items, data, size);
        inside(&q.data, data, size);
        check(q.items.len == 2u * q.count);
        cosem_axdr_reader_init(&r, q.data.p, q.data.len);
        for (uint16_t i = 0; i < q.count; ++i) {
            check(cosem_axdr_skip(&r) == COSEM_OK);
        }
        check(cosem_axdr_reader_remaining(&r) == 0);
    }
    return 0;
}
