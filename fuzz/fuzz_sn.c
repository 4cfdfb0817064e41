/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the short-name APDU decoder (sn.h): an accepted
 * APDU's slices lie inside the input, its items read back exactly count
 * times and end where their slice ends, its Data are exactly count
 * well-formed values, and re-encoding the decoded request or response
 * gives the input back octet for octet. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/sn.h>

#include "fuzz_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cosem_sn_spec_t specs[1024];
    static uint16_t names[1024];
    static uint8_t out[4096 + 64];
    cosem_sn_apdu_t a;
    cosem_axdr_reader_t r;
    cosem_axdr_writer_t w;
    bool response;
    if (size > 4096 || cosem_sn_decode(data, size, &a) != COSEM_OK) {
        return 0;
    }
    inside(&a.items, data, size);
    inside(&a.data, data, size);
    inside(&a.time, data, size);
    check(a.count > 0 && (a.time.len == 0 || a.time.len == 12));
    response = a.tag == COSEM_APDU_READ_RESPONSE || a.tag == COSEM_APDU_WRITE_RESPONSE;
    cosem_axdr_writer_init(&w, out, sizeof out);
    if (response) {
        check(cosem_sn_response_head(&w, a.tag, a.count) == COSEM_OK);
    }
    cosem_axdr_reader_init(&r, a.items.p, a.items.len);
    for (uint16_t i = 0; i < a.count; ++i) {
        if (response) {
            cosem_sn_result_t res;
            check(cosem_sn_read_result(&r, a.tag, &res) == COSEM_OK);
            check(cosem_sn_write_result(&w, a.tag, &res) == COSEM_OK);
        } else {
            check(i < 1024);
            check(cosem_sn_read_spec(&r, &specs[i]) == COSEM_OK);
            names[i] = specs[i].name;
        }
    }
    check(cosem_axdr_reader_remaining(&r) == 0);
    cosem_axdr_reader_init(&r, a.data.p, a.data.len);
    for (uint16_t i = 0; i < a.count && a.data.len > 0; ++i) {
        check(cosem_axdr_skip(&r) == COSEM_OK);
    }
    check(cosem_axdr_reader_remaining(&r) == 0);
    if (a.tag == COSEM_APDU_INFORMATION_REPORT) {
        check(cosem_sn_report_encode(&w, a.time.len ? a.time.p : NULL, names, a.count, a.data.p,
                                     a.data.len) == COSEM_OK);
    } else if (!response) {
        check(cosem_sn_request_encode(&w, a.tag, specs, a.count, a.data.p, a.data.len) ==
              COSEM_OK);
    }
    /* one canonical encoding: the same octets come back (lengths in the
     * input may be longer than needed, so compare only when they agree) */
    if (cosem_axdr_writer_len(&w) == size) {
        check(memcmp(out, data, size) == 0);
    }
    return 0;
}
