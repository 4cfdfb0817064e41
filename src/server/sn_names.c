/* SPDX-License-Identifier: Apache-2.0 */
/* Short names of the server's objects (short-name referencing): each
 * object spans the names of its attributes (base + 8 (a - 1)) and of its
 * methods (base + the class's method offset + 8 (m - 1)). Base names come
 * from the application's table (cosem_server_config_t::sn_base) or are
 * assigned in logical-name order, the Association SN's 0xFA00 page left
 * free. Lookups walk the table: no RAM per object. */
#include <cosem/server.h>
#include <cosem/sn.h>

#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_WITH_SN

#include "server/server_internal.h"

#define SN_ASSOC_PAGE_END (COSEM_SN_ASSOCIATION_BASE + 0x100u)

/* See the header. */
uint16_t cosem_sn_span(const cosem_class_t *cls)
{
    uint32_t attrs, methods;
    if (cls == NULL) {
        return 0;
    }
    attrs = 8u * cls->attr_count;
    methods = cls->method_count == 0u
                  ? 0u
                  : cosem_sn_method_offset(cls->class_id, cls->attr_count) +
                        8u * cls->method_count;
    return (uint16_t)(attrs > methods ? attrs : methods);
}

/* Where an object spanning span names goes when assigned at or after
 * base: past the Association SN's page if it would reach into it. */
static uint32_t auto_place(uint32_t base, uint16_t span)
{
    if (base < SN_ASSOC_PAGE_END && base + span > COSEM_SN_ASSOCIATION_BASE) {
        return SN_ASSOC_PAGE_END;
    }
    return base;
}

/* The short-name walk (see server_internal.h). */
const cosem_object_t *cosem_srv_sn_walk(const cosem_server_t *s, size_t i, uint32_t *base)
{
    const cosem_object_t *o;
    if (s->cfg_.sn_base != NULL) {
        o = &s->cfg_.objects[i];
        *base = s->cfg_.sn_base[i];
    } else {
        o = cosem_server_object_at(s, i);
        *base = auto_place(*base, cosem_sn_span(o->cls));
    }
    return o;
}

/* See the header. */
uint16_t cosem_server_sn_base(const cosem_server_t *s, const cosem_object_t *obj)
{
    uint32_t base = COSEM_SN_FIRST_BASE;
    size_t n = cosem_server_object_count(s);
    if (obj == NULL) {
        return 0;
    }
    for (size_t i = 0; i < n; ++i) {
        const cosem_object_t *o = cosem_srv_sn_walk(s, i, &base);
        if (o == obj) {
            return (uint16_t)base;
        }
        base += cosem_sn_span(o->cls);
    }
    return 0;
}

/* The attribute or method at offset off of an object of class cls. */
static bool sn_member(const cosem_class_t *cls, uint32_t off, int *id)
{
    uint32_t moff;
    if (off % 8u != 0u) {
        return false;
    }
    if (off < 8u * cls->attr_count) {
        *id = (int)(off / 8u) + 1;
        return true;
    }
    moff = cosem_sn_method_offset(cls->class_id, cls->attr_count);
    if (cls->method_count != 0u && off >= moff && off < moff + 8u * cls->method_count) {
        *id = -(int)((off - moff) / 8u + 1u);
        return true;
    }
    return false;
}

/* See the header. */
const cosem_object_t *cosem_server_sn_find(const cosem_server_t *s, uint16_t name, int *id)
{
    uint32_t base = COSEM_SN_FIRST_BASE;
    size_t n = cosem_server_object_count(s);
    if (id == NULL) {
        return NULL;
    }
    *id = 0;
    for (size_t i = 0; i < n; ++i) {
        const cosem_object_t *o = cosem_srv_sn_walk(s, i, &base);
        uint16_t span = cosem_sn_span(o->cls);
        if (name >= base && name < base + span) {
            return sn_member(o->cls, name - base, id) ? o : NULL;
        }
        base += span;
    }
    return NULL;
}

/* cosem_server_init()'s check, once the index is built: names ascending
 * in the walk without overlap, multiples of 8, outside the Association
 * SN's page, within 16 bits. */
cosem_status_t cosem_srv_sn_check(const cosem_server_t *s)
{
    uint32_t base = COSEM_SN_FIRST_BASE, next = 0;
    size_t n = cosem_server_object_count(s);
    for (size_t i = 0; i < n; ++i) {
        const cosem_object_t *o = cosem_srv_sn_walk(s, i, &base);
        uint16_t span = cosem_sn_span(o->cls);
        if (base < next || base % 8u != 0u || base + span > 0x10000u ||
            (base < SN_ASSOC_PAGE_END && base + span > COSEM_SN_ASSOCIATION_BASE)) {
            return COSEM_E_ARG;
        }
        next = base + span;
        base = next;
    }
    return COSEM_OK;
}

#endif /* COSEM_WITH_SERVER && COSEM_WITH_SN */
