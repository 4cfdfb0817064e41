/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for IEC 62056-21 mode E: the meter's state machine fed
 * the input in chunks (sizes and clock steps from the first octets), the
 * line parsers on every line of the input. What the meter sends must parse
 * back; after any input the meter answers a valid sign-on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/mode_e.h>

#include "fuzz_oracle.h"

/* A mismatch is a bug: stop so libFuzzer records the input. */
static void act(cosem_mode_e_server_t *s, const cosem_mode_e_out_t *out)
{
    cosem_mode_e_ident_t id;
    char v, z, y;
    switch (out->todo) {
    case COSEM_MODE_E_SEND:
        check(cosem_mode_e_parse_ident(out->data, out->len, &id) == COSEM_OK);
        check(id.mode_e && strcmp(id.ident, "fuzz meter") == 0 && id.baud == '5');
        break;
    case COSEM_MODE_E_SWITCH:
        check(cosem_mode_e_parse_ack(out->data, out->len, &v, &z, &y) == COSEM_OK);
        check(v == '2' && y == '2' && cosem_mode_e_baud(z) == out->baud && out->baud <= 9600u);
        check(cosem_mode_e_server_in_hdlc(s));
        cosem_mode_e_server_reset(s);
        break;
    case COSEM_MODE_E_DIRECT_HDLC:
        check(cosem_mode_e_server_in_hdlc(s));
        cosem_mode_e_server_reset(s);
        break;
    default:
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const cosem_mode_e_server_config_t cfg = {"FUZ", "fuzz meter", "4242", 9600u, 0u};
    cosem_mode_e_server_t s;
    cosem_mode_e_line_t l;
    cosem_mode_e_out_t out;
    uint32_t now = 0;
    size_t at = 0, chunk = 1;
    char addr[COSEM_MODE_E_ADDRESS_MAX + 1];
    if (size > 0) {
        chunk = (size_t)(data[0] % 16u) + 1u;
    }
    check(cosem_mode_e_server_init(&s, &cfg) == COSEM_OK);
    while (at < size) {
        size_t n = size - at < chunk ? size - at : chunk;
        size_t used = cosem_mode_e_server_feed(&s, data + at, n, now, &out);
        check(used <= n);
        act(&s, &out);
        check(used > 0 || out.todo == COSEM_MODE_E_DIRECT_HDLC);
        if (used == 0) {
            used = 1; /* the octet went to HDLC */
        }
        at += used;
        now += (uint32_t)data[at - 1u] * 8u;
        (void)cosem_mode_e_server_poll(&s, now);
    }
    /* Every line through the parsers (they must not read past it). */
    cosem_mode_e_line_reset(&l);
    for (at = 0; at < size;) {
        const uint8_t *line;
        size_t len;
        cosem_mode_e_ident_t id;
        char v, z, y;
        at += cosem_mode_e_line_feed(&l, data + at, size - at, &line, &len);
        if (line != NULL) {
            check(len <= COSEM_MODE_E_LINE_MAX);
            (void)cosem_mode_e_parse_ident(line, len, &id);
            (void)cosem_mode_e_parse_sign_on(line, len, addr);
            (void)cosem_mode_e_parse_ack(line, len, &v, &z, &y);
        }
    }
    /* Still serves a valid opening. */
    if (cosem_mode_e_server_in_hdlc(&s)) {
        cosem_mode_e_server_reset(&s);
    }
    {
        /* The CR LF ends whatever line the input left open (it may complete
         * an acknowledgement and switch); then the sign-on is answered. */
        static const uint8_t tail[] = "\r\n/?4242!\r\n";
        int answered = 0;
        at = 0;
        while (at < sizeof tail - 1u) {
            at += cosem_mode_e_server_feed(&s, tail + at, sizeof tail - 1u - at, now, &out);
            check(out.todo != COSEM_MODE_E_DIRECT_HDLC);
            act(&s, &out);
            answered = out.todo == COSEM_MODE_E_SEND;
        }
        check(answered);
    }
    return 0;
}
