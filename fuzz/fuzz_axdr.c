/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the A-XDR reader: skip/validate, the pull parser and
 * the typed readers must agree, stay in bounds and always end with a defined
 * status. The second half drives the writer with operations taken from the
 * input and checks it never exceeds its buffer and that a sizing writer
 * counts what a real writer writes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/axdr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Skip and the pull parser walk the same value: same status, same end. */
static void check_reader(const uint8_t *data, size_t size)
{
    cosem_axdr_reader_t a, b;
    cosem_axdr_parser_t p;
    cosem_axdr_event_t ev;
    size_t events = 0;
    cosem_axdr_reader_init(&a, data, size);
    cosem_axdr_skip(&a);
    cosem_axdr_reader_init(&b, data, size);
    cosem_axdr_parser_init(&p, &b);
    while (!cosem_axdr_parse_done(&p)) {
        cosem_axdr_parse_next(&p, &ev);
        if (ev.data != NULL && (ev.data < data || ev.data + ev.len > data + size)) {
            abort();
        }
        /* Every leaf takes at least one octet and sits in at most
         * COSEM_AXDR_MAX_DEPTH containers (compact-array descriptions repeat
         * their containers for every element), so the walk is linear. */
        if (++events > (size + 1) * (COSEM_AXDR_MAX_DEPTH + 1)) {
            abort();
        }
    }
    if (cosem_axdr_reader_status(&a) != cosem_axdr_reader_status(&b)) {
        abort();
    }
    if (cosem_axdr_reader_status(&a) == COSEM_OK &&
        cosem_axdr_reader_pos(&a) != cosem_axdr_reader_pos(&b)) {
        abort();
    }
}

/* Reads every value with the typed reader its tag calls for. */
static void check_typed(const uint8_t *data, size_t size)
{
    cosem_axdr_reader_t r;
    cosem_axdr_reader_init(&r, data, size);
    while (cosem_axdr_reader_remaining(&r) > 0) {
        uint8_t t = 0, u8;
        int64_t i64;
        uint64_t u64;
        size_t n;
        const uint8_t *p;
        cosem_datetime_t dt;
        cosem_axdr_peek_type(&r, &t);
        if (cosem_axdr_is_integer(t) && t != COSEM_AXDR_LONG64_UNSIGNED) {
            cosem_axdr_read_int(&r, NULL, &i64);
        } else if (t == COSEM_AXDR_LONG64_UNSIGNED) {
            cosem_axdr_read_u64(&r, &u64);
        } else if (t == COSEM_AXDR_OCTET_STRING) {
            if (cosem_axdr_read_datetime(&r, &dt) == COSEM_E_TYPE) {
                break;
            }
        } else if (t == COSEM_AXDR_ARRAY) {
            cosem_axdr_read_array(&r, &n);
        } else if (t == COSEM_AXDR_STRUCTURE) {
            cosem_axdr_read_structure(&r, &n);
        } else if (t == COSEM_AXDR_BIT_STRING) {
            cosem_axdr_read_bit_string(&r, &p, &n);
        } else if (t == COSEM_AXDR_DATE) {
            cosem_axdr_read_date(&r, &dt);
        } else if (t == COSEM_AXDR_TIME) {
            cosem_axdr_read_time(&r, &dt);
        } else if (t == COSEM_AXDR_BOOLEAN) {
            bool b;
            cosem_axdr_read_bool(&r, &b);
        } else if (t == COSEM_AXDR_BCD) {
            cosem_axdr_read_bcd(&r, &u8);
        } else {
            cosem_axdr_skip(&r);
        }
        if (cosem_axdr_reader_status(&r) != COSEM_OK) {
            break;
        }
    }
}

/* Applies one writer operation chosen by op with argument bytes arg. */
static void write_op(cosem_axdr_writer_t *w, uint8_t op, const uint8_t *arg, size_t n)
{
    uint32_t v = n >= 4 ? (uint32_t)arg[0] << 24 | (uint32_t)arg[1] << 16 | arg[2] << 8 | arg[3]
                        : (uint32_t)n;
    cosem_datetime_t dt;
    switch (op % 10u) {
    case 0: cosem_axdr_write_octet_string(w, arg, n); break;
    case 1: cosem_axdr_write_int(w, (uint8_t)(v & 0x3Fu), (int32_t)v); break;
    case 2: cosem_axdr_write_array(w, v); break;
    case 3: cosem_axdr_put_length(w, v); break;
    case 4: cosem_axdr_write_bit_string(w, arg, n * 8u - (n > 0 ? v % 8u : 0u)); break;
    case 5: cosem_datetime_clear(&dt); dt.year = (uint16_t)v; cosem_axdr_write_datetime_os(w, &dt); break;
    case 6: cosem_axdr_write_u64(w, (uint64_t)v << 17); break;
    case 7: cosem_axdr_write_visible_string(w, (const char *)arg, n); break;
    case 8: cosem_axdr_write_null(w); break;
    default: {
        size_t mark = cosem_axdr_length_begin(w);
        cosem_axdr_put_bytes(w, arg, n);
        cosem_axdr_put_bytes(w, arg, n);
        cosem_axdr_length_end(w, mark);
        break;
    }
    }
}

/* Runs the same operations on a bounded writer and a sizing writer. */
static void check_writer(const uint8_t *data, size_t size)
{
    uint8_t buf[300];
    cosem_axdr_writer_t w, s;
    size_t cap = size > 0 ? data[0] : 0, i = 1;
    memset(buf, 0xA5, sizeof buf);
    cosem_axdr_writer_init(&w, buf, cap);
    cosem_axdr_writer_init_sizing(&s);
    while (i + 1 < size) {
        uint8_t op = data[i], n = (uint8_t)(data[i + 1] % 40u);
        i += 2;
        if (n > size - i) {
            n = (uint8_t)(size - i);
        }
        write_op(&w, op, data + i, n);
        write_op(&s, op, data + i, n);
        i += n;
    }
    if (cosem_axdr_writer_len(&w) > cap) {
        abort();
    }
    for (i = cap; i < sizeof buf; i++) {
        if (buf[i] != 0xA5) {
            abort();
        }
    }
    if (cosem_axdr_writer_status(&w) == COSEM_OK &&
        (cosem_axdr_writer_status(&s) != COSEM_OK ||
         cosem_axdr_writer_len(&s) != cosem_axdr_writer_len(&w))) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_reader(data, size);
    check_typed(data, size);
    check_writer(data, size);
    return 0;
}
