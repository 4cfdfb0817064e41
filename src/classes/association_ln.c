/* SPDX-License-Identifier: Apache-2.0 */
/* Association LN (class 15, version 2): the object list of an association
 * configuration with its access rights, the partners, the negotiated
 * context, the secret (write only) and the association status. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_ASSOCIATION_LN

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/classes.h>

#include "server/server_internal.h"

/* The configuration an instance describes (NULL: the one asking). */
static const cosem_assoc_config_t *described(const cosem_req_t *r)
{
    const cosem_association_ln_t *d = (const cosem_association_ln_t *)r->obj->data;
    if (d->config != NULL) {
        return d->config;
    }
    return r->assoc != NULL ? cosem_assoc_config(r->assoc) : NULL;
}

/* Whether the asking association is the one described (live values). */
static bool is_current(const cosem_req_t *r)
{
    const cosem_association_ln_t *d = (const cosem_association_ln_t *)r->obj->data;
    return r->assoc != NULL && (d->config == NULL || d->config == cosem_assoc_config(r->assoc));
}

/* access_selectors of an attribute (@p bit its mask bit, 0 past 16):
 * array of the selectors the class takes on it, null-data when none. */
static void write_selectors(const cosem_class_t *c, uint16_t bit, cosem_axdr_writer_t *w)
{
    size_t n = 0;
    if ((c->selective & bit) == 0u || c->selectors == 0u) {
        (void)cosem_axdr_write_null(w);
        return;
    }
    for (uint8_t s = 1; s < 8u; ++s) {
        n += (c->selectors >> s) & 1u;
    }
    (void)cosem_axdr_write_array(w, n);
    for (uint8_t s = 1; s < 8u; ++s) {
        if (((c->selectors >> s) & 1u) != 0u) {
            (void)cosem_axdr_write_i8(w, (int8_t)s);
        }
    }
}

/* access_rights {attribute_access array, method_access array}; the secret
 * (attribute 7 of an Association LN) is never advertised readable, since it
 * is never read (a client's "read everything" would trip on it). One loop
 * writes both arrays: m 0 the attributes' {id, access_mode,
 * access_selectors}, m 1 the methods' {id, access_mode}. */
static void write_rights(const cosem_object_t *o, const cosem_access_t *rights,
                         cosem_axdr_writer_t *w)
{
    const cosem_class_t *c = o->cls;
    uint16_t read = rights->read;
    if (c == &cosem_class_association_ln) {
        read = (uint16_t)(read & ~COSEM_ATTR(7));
    }
    (void)cosem_axdr_write_structure(w, 2);
    for (unsigned m = 0; m < 2u; ++m) {
        uint8_t count = m == 0u ? c->attr_count : c->method_count;
        uint16_t mode1 = m == 0u ? read : rights->exec; /* access_mode bit 0 */
        uint16_t mode2 = m == 0u ? rights->write : 0u;  /* access_mode bit 1 */
        (void)cosem_axdr_write_array(w, count);
        for (uint8_t id = 1; id <= count; ++id) {
            uint16_t bit = id <= 16u ? COSEM_ATTR(id) : 0u;
            uint8_t mode = (uint8_t)(((mode1 & bit) != 0u ? 1u : 0u) |
                                     ((mode2 & bit) != 0u ? 2u : 0u));
            (void)cosem_axdr_write_structure(w, 3u - m);
            (void)cosem_axdr_write_i8(w, (int8_t)id);
            (void)cosem_axdr_write_enum(w, mode);
            if (m == 0u) {
                write_selectors(c, bit, w);
            }
        }
    }
}

/* Attribute 2 object_list, one commit per object (index = position in
 * logical-name order of the next object to consider); the first pass (at
 * index 0) only counts the visible objects for the array's length. */
static cosem_dar_t get_object_list(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_assoc_config_t *cfg = described(r);
    size_t total = cosem_server_object_count(r->server);
    size_t n = 0;
    for (int pass = r->index == 0u ? 0 : 1; pass < 2; ++pass) {
        for (size_t i = pass == 0 ? 0u : r->index; i < total; ++i) {
            const cosem_object_t *o = cosem_server_object_at(r->server, i);
            cosem_access_t acc = cosem_srv_rights(cfg, o);
            if (!cosem_srv_visible(&acc)) {
                continue;
            }
            if (pass == 0) {
                n++;
                continue;
            }
            (void)cosem_axdr_write_structure(w, 4);
            (void)cosem_axdr_write_u16(w, o->cls->class_id);
            (void)cosem_axdr_write_u8(w, o->cls->version);
            (void)cosem_axdr_write_octet_string(w, o->obis, 6);
            write_rights(o, &acc, w);
            if (!cosem_req_commit(r, w, (uint32_t)(i + 1u))) {
                break;
            }
        }
        if (pass == 0) {
            (void)cosem_axdr_write_array(w, n);
        }
    }
    return COSEM_DAR_SUCCESS;
}

/* Attribute 5 xDLMS_context_info: negotiated values for the current
 * association, the configuration's otherwise. */
static void get_xdlms(const cosem_req_t *r, const cosem_assoc_config_t *cfg,
                      cosem_axdr_writer_t *w)
{
    uint16_t max_pdu = r->server->cfg_.max_pdu;
    uint32_t conf = cfg != NULL ? cfg->conformance : 0u;
    uint16_t send = max_pdu;
    uint8_t bits[3];
    if (is_current(r)) {
        conf = cosem_assoc_conformance(r->assoc);
        send = r->assoc->client_max_pdu_ != 0u ? r->assoc->client_max_pdu_ : max_pdu;
    }
    bits[0] = (uint8_t)(conf >> 16);
    bits[1] = (uint8_t)(conf >> 8);
    bits[2] = (uint8_t)conf;
    (void)cosem_axdr_write_structure(w, 6);
    (void)cosem_axdr_write_bit_string(w, bits, 24);
    (void)cosem_axdr_write_u16(w, max_pdu);
    (void)cosem_axdr_write_u16(w, send);
    (void)cosem_axdr_write_u8(w, 6);
    (void)cosem_axdr_write_i8(w, 0);
    (void)cosem_axdr_write_octet_string(w, NULL, 0);
}

/* An object identifier 2.16.756.5.8.<arc>.<last> as an octet-string. */
static void write_oid(cosem_axdr_writer_t *w, uint8_t arc, uint8_t last)
{
    const uint8_t oid[7] = {0x60, 0x85, 0x74, 0x05, 0x08, arc, last};
    (void)cosem_axdr_write_octet_string(w, oid, sizeof(oid));
}

/* Attribute 8: 0 non-associated, 1 association-pending, 2 associated. */
static uint8_t status_of(const cosem_req_t *r)
{
    if (!is_current(r)) {
        return 0u;
    }
    switch (cosem_assoc_state(r->assoc)) {
    case COSEM_ASSOC_ASSOCIATED: return 2u;
    case COSEM_ASSOC_PENDING_HLS: return 1u;
    default: return 0u;
    }
}

/* Attributes 3..11 (short values). */
static cosem_dar_t get_small(cosem_req_t *r, const cosem_assoc_config_t *cfg,
                             cosem_axdr_writer_t *w)
{
    static const uint8_t zeros[6] = {0};
    const cosem_association_ln_t *d = (const cosem_association_ln_t *)r->obj->data;
    switch (r->id) {
    case 3:
        (void)cosem_axdr_write_structure(w, 2);
        (void)cosem_axdr_write_i8(w, (int8_t)(cfg != NULL ? cfg->client_sap : 0u));
        (void)cosem_axdr_write_u16(w, d->server_sap);
        break;
    case 4: write_oid(w, 1, COSEM_CONTEXT_LN); break;
    case 5: get_xdlms(r, cfg, w); break;
    case 6:
        write_oid(w, 2, is_current(r) ? r->assoc->mechanism_
                                      : (uint8_t)(cfg != NULL ? cfg->mechanism : 0u));
        break;
    case 8: (void)cosem_axdr_write_enum(w, status_of(r)); break;
    case 9:
        (void)cosem_axdr_write_octet_string(w, d->security_setup != NULL ? d->security_setup
                                                                         : zeros, 6);
        break;
    case 10: (void)cosem_axdr_write_array(w, 0); break;
    case 11:
        (void)cosem_axdr_write_structure(w, 2);
        (void)cosem_axdr_write_u8(w, 0);
        (void)cosem_axdr_write_visible_string(w, "", 0);
        break;
    default: return COSEM_DAR_READ_WRITE_DENIED; /* 7 secret: never readable */
    }
    return COSEM_DAR_SUCCESS;
}

/* Attribute dispatch. */
static cosem_dar_t aln_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    if (r->id == 2) {
        return get_object_list(r, w);
    }
    return get_small(r, described(r), w);
}

/* Store an octet-string into the configuration's secret. */
static cosem_dar_t store_secret(const cosem_assoc_config_t *cfg, cosem_axdr_reader_t *v)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    if (cfg == NULL || cfg->secret == NULL) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    if (cosem_axdr_read_octet_string(v, &p, &n) != COSEM_OK || n > COSEM_MAX_SECRET) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (n < COSEM_MIN_SECRET) {
        return COSEM_DAR_OTHER_REASON; /* too weak: nothing changes */
    }
    if (n != 0u) {
        cosem_mem_move(cfg->secret->buf, p, n);
    }
    cfg->secret->len = (uint8_t)n;
    return COSEM_DAR_SUCCESS;
}

/* Attribute 7 (secret) is the only writable one. */
static cosem_dar_t aln_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    if (r->id != 7) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    return store_secret(described(r), v);
}

/* Method 2 change_HLS_secret for HLS configurations; the rest needs the
 * security layer. */
static cosem_dar_t aln_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                              cosem_axdr_writer_t *ret)
{
    const cosem_assoc_config_t *cfg = described(r);
    (void)ret;
    if (r->id == 2 && cfg != NULL && cfg->mechanism >= COSEM_AUTH_HLS) {
        return store_secret(cfg, params);
    }
    (void)cosem_axdr_skip(params);
    return COSEM_DAR_READ_WRITE_DENIED;
}

/* An object needs its instance description. */
static cosem_status_t aln_check(const cosem_object_t *obj)
{
    return obj->data != NULL ? COSEM_OK : COSEM_E_ARG;
}

const cosem_class_t cosem_class_association_ln = {
    15u, 2u, 11u, 6u,
    (uint16_t)(COSEM_ALL & 0x07BFu), /* attributes 1..6, 8..11 */
    0u, 0u,
    aln_get, aln_set, aln_action, NULL, aln_check,
};

#else
typedef int cosem_association_ln_empty_t;
#endif
