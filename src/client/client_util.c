/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the client API that need no session: the value collector,
 * object_list_element decoding, range and entry descriptors for profile
 * reads, and decoding of a pushed notification from one received unit. */
#include <string.h>

#include <cosem/client.h>

#include "../config_check.h"

#if COSEM_WITH_CLIENT

#include "client/client_internal.h"

/* ---- collector ---------------------------------------------------------- */

/* Prepares a collector (see the header). */
void cosem_client_collect_init(cosem_client_collect_t *col, uint8_t *buf, size_t cap)
{
    memset(col, 0, sizeof *col);
    col->buf = buf;
    col->cap = cap;
}

/* Appends the pieces of item 0's value (see the header). */
cosem_status_t cosem_client_collect_fn(void *user, const cosem_client_data_t *d)
{
    cosem_client_collect_t *col = (cosem_client_collect_t *)user;
    if (col->err != COSEM_OK || d->item != 0) {
        return col->err;
    }
    if (d->kind == COSEM_CLIENT_DATA_RESULT) {
        col->dar = d->dar;
        return COSEM_OK;
    }
    if (d->len > col->cap - col->len) {
        col->err = COSEM_E_NOSPACE;
        return col->err;
    }
    memcpy(col->buf + col->len, d->data, d->len);
    col->len += d->len;
    col->got = true;
    return COSEM_OK;
}

/* The collected octets (see the header). */
const uint8_t *cosem_client_collect_data(const cosem_client_collect_t *col, size_t *len)
{
    if (len != NULL) {
        *len = col->got ? col->len : 0;
    }
    return col->got ? col->buf : NULL;
}

#if COSEM_WITH_VALUE_TREE
/* Decodes the collected value into a tree (see the header). */
cosem_status_t cosem_client_collect_tree(const cosem_client_collect_t *col,
                                         cosem_value_node_t *nodes, size_t cap, size_t *count)
{
    cosem_axdr_reader_t r;
    *count = 0;
    if (col->err != COSEM_OK) {
        return col->err;
    }
    if (!col->got) {
        return COSEM_E_NOTFOUND;
    }
    cosem_axdr_reader_init(&r, col->buf, col->len);
    if (cosem_value_decode(&r, nodes, cap, count) != COSEM_OK) {
        return cosem_axdr_reader_status(&r);
    }
    return cosem_axdr_reader_expect_end(&r);
}
#endif

/* ---- object list -------------------------------------------------------- */

/* Reads access_selectors: an array of integers, or null-data. */
static bool read_selectors(cosem_axdr_reader_t *r)
{
    uint8_t type = 0;
    (void)cosem_axdr_peek_type(r, &type);
    if (type == COSEM_AXDR_NULL_DATA) {
        (void)cosem_axdr_read_null(r);
        return false;
    }
    if (type != COSEM_AXDR_ARRAY) {
        (void)cosem_axdr_reader_fail(r, COSEM_E_TYPE);
        return false;
    }
    (void)cosem_axdr_skip(r);
    return true;
}

/* Reads one access item: structure { id integer, mode enum (boolean in
 * version 0 method items), [access_selectors] }. */
static void read_access_item(cosem_axdr_reader_t *r, bool attr, cosem_client_object_t *o)
{
    size_t n = 0;
    int8_t id = 0;
    uint8_t type = 0, mode = 0;
    bool sel = false, b = false;
    if (cosem_axdr_read_structure(r, &n) == COSEM_OK && n != (attr ? 3u : 2u)) {
        (void)cosem_axdr_reader_fail(r, COSEM_E_TYPE);
    }
    (void)cosem_axdr_read_i8(r, &id);
    (void)cosem_axdr_peek_type(r, &type);
    if (type == COSEM_AXDR_BOOLEAN && cosem_axdr_read_bool(r, &b) == COSEM_OK) {
        mode = b ? 1u : 0u;
    } else {
        (void)cosem_axdr_read_enum(r, &mode);
    }
    sel = attr && read_selectors(r);
    if (cosem_axdr_reader_status(r) != COSEM_OK || id < 1 || id > COSEM_CLIENT_MAX_ACCESS_IDS) {
        return;
    }
    if (attr) {
        o->attr_access[id - 1] = mode;
        o->selective |= sel ? (uint32_t)1u << (id - 1) : 0u;
    } else {
        o->method_access[id - 1] = mode;
    }
}

/* Reads attribute_access or method_access: an array of access items. */
static void read_access_list(cosem_axdr_reader_t *r, bool attr, cosem_client_object_t *o)
{
    size_t n = 0, i;
    if (cosem_axdr_read_array(r, &n) != COSEM_OK) {
        return;
    }
    if (attr) {
        o->attr_count = (uint8_t)(n > 255u ? 255u : n);
    } else {
        o->method_count = (uint8_t)(n > 255u ? 255u : n);
    }
    for (i = 0; i < n && cosem_axdr_reader_status(r) == COSEM_OK; i++) {
        read_access_item(r, attr, o);
    }
}

/* Decodes one object_list_element (see the header). */
cosem_status_t cosem_client_object_decode(const uint8_t *elem, size_t len,
                                          cosem_client_object_t *out)
{
    cosem_axdr_reader_t r;
    size_t n = 0, start;
    memset(out, 0, sizeof *out);
    cosem_axdr_reader_init(&r, elem, len);
    if (cosem_axdr_read_structure(&r, &n) == COSEM_OK && n != 4u) {
        (void)cosem_axdr_reader_fail(&r, COSEM_E_TYPE);
    }
    (void)cosem_axdr_read_u16(&r, &out->class_id);
    (void)cosem_axdr_read_u8(&r, &out->version);
    (void)cosem_axdr_read_octet_string_fixed(&r, out->obis, sizeof out->obis);
    start = cosem_axdr_reader_pos(&r);
    if (cosem_axdr_read_structure(&r, &n) == COSEM_OK && n != 2u) {
        (void)cosem_axdr_reader_fail(&r, COSEM_E_TYPE);
    }
    read_access_list(&r, true, out);
    read_access_list(&r, false, out);
    if (cosem_axdr_reader_expect_end(&r) != COSEM_OK) {
        return cosem_axdr_reader_status(&r);
    }
    out->access_rights.p = elem + start;
    out->access_rights.len = len - start;
    return COSEM_OK;
}

/* ---- selective access ---------------------------------------------------- */

/* Writes a capture object definition: structure { class, name, attribute,
 * data index }. */
static void write_column(cosem_axdr_writer_t *w, const cosem_client_column_t *col)
{
    (void)cosem_axdr_write_structure(w, 4);
    (void)cosem_axdr_write_u16(w, col->ref.class_id);
    (void)cosem_axdr_write_octet_string(w, col->ref.obis, sizeof col->ref.obis);
    (void)cosem_axdr_write_i8(w, col->ref.id);
    (void)cosem_axdr_write_u16(w, col->data_index);
}

/* Builds a range_descriptor (see the header). */
cosem_status_t cosem_client_range_selection(uint8_t *buf, size_t cap,
                                            const cosem_client_column_t *restricting,
                                            const cosem_datetime_t *from,
                                            const cosem_datetime_t *to,
                                            const cosem_client_column_t *cols, size_t ncols,
                                            cosem_selection_t *sel)
{
    cosem_axdr_writer_t w;
    size_t i;
    if (buf == NULL || restricting == NULL || from == NULL || to == NULL || sel == NULL ||
        (cols == NULL && ncols > 0)) {
        return COSEM_E_ARG;
    }
    cosem_axdr_writer_init(&w, buf, cap);
    (void)cosem_axdr_write_structure(&w, 4);
    write_column(&w, restricting);
    (void)cosem_axdr_write_datetime_os(&w, from);
    (void)cosem_axdr_write_datetime_os(&w, to);
    (void)cosem_axdr_write_array(&w, ncols);
    for (i = 0; i < ncols; i++) {
        write_column(&w, &cols[i]);
    }
    sel->selector = 1;
    sel->params.p = buf;
    sel->params.len = cosem_axdr_writer_len(&w);
    return cosem_axdr_writer_status(&w);
}

/* Builds an entry_descriptor (see the header). */
cosem_status_t cosem_client_entry_selection(uint8_t *buf, size_t cap, uint32_t from_entry,
                                            uint32_t to_entry, uint16_t from_col,
                                            uint16_t to_col, cosem_selection_t *sel)
{
    cosem_axdr_writer_t w;
    if (buf == NULL || sel == NULL) {
        return COSEM_E_ARG;
    }
    cosem_axdr_writer_init(&w, buf, cap);
    (void)cosem_axdr_write_structure(&w, 4);
    (void)cosem_axdr_write_u32(&w, from_entry);
    (void)cosem_axdr_write_u32(&w, to_entry);
    (void)cosem_axdr_write_u16(&w, from_col);
    (void)cosem_axdr_write_u16(&w, to_col);
    sel->selector = 2;
    sel->params.p = buf;
    sel->params.len = cosem_axdr_writer_len(&w);
    return cosem_axdr_writer_status(&w);
}

/* ---- pushed notifications ------------------------------------------------ */

/* Decodes a pushed notification from one unit (see the header). */
cosem_status_t cosem_client_push_decode(cosem_client_link_t link, const uint8_t *bytes, size_t n,
                                        cosem_notification_t *out)
{
    const uint8_t *apdu = bytes;
    size_t len = n;
    cosem_status_t st = COSEM_OK;
    if (bytes == NULL || out == NULL) {
        return COSEM_E_ARG;
    }
    if (link == COSEM_CLIENT_LINK_WRAPPER) {
        st = cosem_client_wrapper_ops.unframe(bytes, n, &apdu, &len);
    } else if (link == COSEM_CLIENT_LINK_HDLC) {
        st = cosem_client_hdlc_ops.unframe(bytes, n, &apdu, &len);
    }
    if (st != COSEM_OK) {
        return st;
    }
    if (len == 0 || (apdu[0] != COSEM_APDU_DATA_NOTIFICATION &&
                     apdu[0] != COSEM_APDU_EVENT_NOTIFICATION)) {
        return COSEM_E_UNSUPPORTED;
    }
    return cosem_notification_decode(apdu, len, out);
}

#else
typedef int cosem_client_util_empty_t;
#endif /* COSEM_WITH_CLIENT */
