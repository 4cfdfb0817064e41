/* SPDX-License-Identifier: Apache-2.0 */
/* Logical device: object table validation and sorted index, lookup by
 * logical name, internal reads, the once-a-second tick, push encoders. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER

#include <stddef.h>
#include <string.h>

#include "common/mem_internal.h"

#include <cosem/server.h>
#include <cosem/sn.h>

#include "server/server_internal.h"

/* Logical name of the i-th object in table order. */
static const uint8_t *ln_at(const cosem_server_config_t *c, size_t i)
{
    return c->objects[i].obis;
}

/* Compare two table entries by logical name. */
static int cmp_idx(const cosem_server_config_t *c, uint16_t x, uint16_t y)
{
    return cosem_mem_cmp(ln_at(c, x), ln_at(c, y), 6);
}

/* Insertion sort of the index by logical name: no recursion, no extra
 * memory, stable. Linear on a table already in (or close to) logical-name
 * order, the usual case; quadratic at worst (init time only). */
static void sort_index(const cosem_server_config_t *c, uint16_t *h, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        size_t j = i;
        while (j > 0u && cmp_idx(c, h[j - 1u], (uint16_t)i) > 0) {
            h[j] = h[j - 1u];
            --j;
        }
        h[j] = (uint16_t)i;
    }
}

/* Position i of the sorted order as a table index. */
static size_t order_at(const cosem_server_config_t *c, size_t i)
{
    return c->index != NULL ? c->index[i] : i;
}

/* Sorted strictly ascending (no duplicate logical name)? */
static bool strictly_sorted(const cosem_server_config_t *c)
{
    for (size_t i = 1; i < c->object_count; ++i) {
        if (cosem_mem_cmp(ln_at(c, order_at(c, i - 1u)), ln_at(c, order_at(c, i)), 6) >= 0) {
            return false;
        }
    }
    return true;
}

/* Association configurations: distinct client SAPs, levels in range, a
 * secret for password-based mechanisms. */
static cosem_status_t check_assocs(const cosem_server_config_t *c)
{
    if (c->assoc_count != 0u && c->assocs == NULL) {
        return COSEM_E_ARG;
    }
    for (size_t i = 0; i < c->assoc_count; ++i) {
        const cosem_assoc_config_t *x = &c->assocs[i];
        if (x->level >= COSEM_MAX_ACCESS_LEVELS) {
            return COSEM_E_ARG;
        }
        if (x->mechanism != COSEM_AUTH_NONE && x->secret == NULL) {
            return COSEM_E_ARG;
        }
        for (size_t j = 0; j < i; ++j) {
            if (c->assocs[j].client_sap == x->client_sap) {
                return COSEM_E_ARG;
            }
        }
    }
    return COSEM_OK;
}

/* Every object has a class, and the class accepts its instance data. */
static cosem_status_t check_objects(const cosem_server_config_t *c)
{
    for (size_t i = 0; i < c->object_count; ++i) {
        const cosem_object_t *o = &c->objects[i];
        if (o->cls == NULL) {
            return COSEM_E_ARG;
        }
        if (o->cls->check != NULL && o->cls->check(o) != COSEM_OK) {
            return COSEM_E_ARG;
        }
    }
    return COSEM_OK;
}

#if COSEM_WITH_SN
/* Whether any association offers a short-name service. */
static bool sn_offered(const cosem_server_config_t *c)
{
    for (size_t i = 0; i < c->assoc_count; ++i) {
        if ((c->assocs[i].conformance &
             (COSEM_CONF_READ | COSEM_CONF_WRITE | COSEM_CONF_UNCONFIRMED_WRITE)) != 0u) {
            return true;
        }
    }
    return false;
}
#endif

/* Validate the configuration and build the logical-name index. */
cosem_status_t cosem_server_init(cosem_server_t *s, const cosem_server_config_t *cfg)
{
    cosem_status_t st;
    if (s == NULL || cfg == NULL || (cfg->objects == NULL && cfg->object_count != 0u) ||
        cfg->object_count > 65535u || cfg->max_pdu < 64u) {
        return COSEM_E_ARG;
    }
    st = check_assocs(cfg);
    if (st == COSEM_OK) {
        st = check_objects(cfg);
    }
    if (st != COSEM_OK) {
        return st;
    }
    if (cfg->index != NULL) {
        sort_index(cfg, cfg->index, cfg->object_count);
    }
    if (!strictly_sorted(cfg)) {
        return COSEM_E_ARG;
    }
    s->cfg_ = *cfg;
#if COSEM_WITH_SN
    if (sn_offered(cfg) && cosem_srv_sn_check(s) != COSEM_OK) {
        return COSEM_E_ARG;
    }
#endif
    memset(s->auth_, 0, sizeof(s->auth_));
    if (s->cfg_.auth_delay_ms == 0u) {
        s->cfg_.auth_delay_ms = 100u;
    }
    if (s->cfg_.auth_max_failures == 0u) {
        s->cfg_.auth_max_failures = 5u;
    }
    if (s->cfg_.auth_lockout_ms == 0u) {
        s->cfg_.auth_lockout_ms = 60000u;
    }
    return COSEM_OK;
}

/* A logical name as a 48-bit number in the order memcmp gives: the
 * lookup runs on every request, and a number compares in one step. */
static uint64_t ln_key(const uint8_t *p)
{
    /* two big-endian loads compilers turn into a load and a byte swap */
    uint32_t hi = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    uint32_t lo = (uint32_t)p[4] << 8 | p[5];
    return (uint64_t)hi << 16 | lo;
}

/* The same number of a table entry from one 8-octet load: obis is the
 * first member and is followed by more of the object (padding or the next
 * member), whose two octets the shift drops. */
static uint64_t obj_key(const cosem_object_t *o)
{
    const uint8_t *p = (const uint8_t *)o;
    uint64_t v = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
                 (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
                 (uint64_t)p[6] << 8 | p[7];
    return v >> 16;
}
typedef char cosem_obis_first_[(offsetof(cosem_object_t, obis) == 0u &&
                                sizeof(cosem_object_t) >= 8u) ? 1 : -1];

/* Binary search of the sorted order, without a branch on the comparison
 * (the halving step is a conditional move): log2(n) rounds, then one
 * equality test. */
const cosem_object_t *cosem_server_find(const cosem_server_t *s, const uint8_t obis[6])
{
    const cosem_object_t *objs;
    const uint16_t *idx;
    size_t base = 0, n, k;
    uint64_t want;
    if (s == NULL || obis == NULL || s->cfg_.object_count == 0u) {
        return NULL;
    }
    objs = s->cfg_.objects;
    idx = s->cfg_.index;
    n = s->cfg_.object_count;
    want = ln_key(obis);
    if (idx != NULL) {
        while (n > 1u) {
            size_t half = n / 2u;
            base = obj_key(&objs[idx[base + half]]) <= want ? base + half : base;
            n -= half;
        }
        k = idx[base];
    } else {
        while (n > 1u) {
            size_t half = n / 2u;
            base = obj_key(&objs[base + half]) <= want ? base + half : base;
            n -= half;
        }
        k = base;
    }
    return obj_key(&objs[k]) == want ? &objs[k] : NULL;
}

/* Number of objects of the logical device. */
size_t cosem_server_object_count(const cosem_server_t *s)
{
    return s != NULL ? s->cfg_.object_count : 0u;
}

/* The i-th object in logical-name order. */
const cosem_object_t *cosem_server_object_at(const cosem_server_t *s, size_t i)
{
    if (s == NULL || i >= s->cfg_.object_count) {
        return NULL;
    }
    return &s->cfg_.objects[order_at(&s->cfg_, i)];
}

/* A request of the server itself (no association). */
static void self_req(cosem_req_t *r, cosem_server_t *s, const cosem_object_t *obj,
                     uint8_t service, int8_t id)
{
    memset(r, 0, sizeof(*r));
    r->server = s;
    r->obj = obj;
    r->service = service;
    r->id = id;
}

/* Read one attribute without an association: the whole value in w. */
cosem_dar_t cosem_server_read(cosem_server_t *s, const cosem_object_t *obj, int8_t attr,
                              cosem_axdr_writer_t *w)
{
    cosem_req_t r;
    cosem_dar_t dar;
    size_t start;
    if (s == NULL || obj == NULL || w == NULL) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (attr < 1 || attr > (int8_t)obj->cls->attr_count) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    self_req(&r, s, obj, COSEM_SERVICE_GET, attr);
    start = cosem_axdr_writer_len(w);
    dar = cosem_srv_call_get(&r, w);
    if (dar == COSEM_DAR_SUCCESS && (r.more_ || cosem_axdr_writer_status(w) != COSEM_OK)) {
        dar = COSEM_DAR_OTHER_REASON;
    }
    if (dar != COSEM_DAR_SUCCESS && cosem_axdr_writer_status(w) == COSEM_OK) {
        cosem_srv_writer_truncate(w, start);
    }
    return dar;
}

/* Write one attribute as the server itself (scripts). */
cosem_dar_t cosem_server_write(cosem_server_t *s, const cosem_object_t *obj, int8_t attr,
                               const uint8_t *value, size_t n)
{
    cosem_req_t r;
    if (s == NULL || obj == NULL || value == NULL) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (attr < 1 || attr > (int8_t)obj->cls->attr_count) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (attr == 1) {
        return COSEM_DAR_READ_WRITE_DENIED;
    }
    self_req(&r, s, obj, COSEM_SERVICE_SET, attr);
    return cosem_srv_call_set(&r, value, n);
}

/* Execute one method as the server itself (scripts). */
cosem_dar_t cosem_server_invoke(cosem_server_t *s, const cosem_object_t *obj, int8_t method,
                                const uint8_t *params, size_t n, cosem_axdr_writer_t *ret)
{
    cosem_axdr_writer_t sink;
    cosem_req_t r;
    if (s == NULL || obj == NULL) {
        return COSEM_DAR_OTHER_REASON;
    }
    if (method < 1 || method > (int8_t)obj->cls->method_count) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (ret == NULL) {
        cosem_axdr_writer_init_sizing(&sink);
        ret = &sink;
    }
    self_req(&r, s, obj, COSEM_SERVICE_ACTION, method);
    return cosem_srv_call_action(&r, params, n, ret);
}

/* Run every class's periodic work with the wall clock as UTC seconds. */
void cosem_server_tick(cosem_server_t *s)
{
    cosem_datetime_t now;
    int64_t utc = -1;
    if (s == NULL) {
        return;
    }
    if (cosem_port_time_get(s->cfg_.port, &now) != COSEM_OK ||
        cosem_datetime_to_utc(&now, &utc) != COSEM_OK) {
        utc = -1;
    }
    for (size_t i = 0; i < s->cfg_.object_count; ++i) {
        const cosem_object_t *o = &s->cfg_.objects[i];
        if (o->cls->tick != NULL) {
            o->cls->tick(s, o, utc);
        }
    }
}

/* The port, or an empty one so callers need no NULL check. */
const cosem_port_t *cosem_server_port(const cosem_server_t *s)
{
    static const cosem_port_t empty = {NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                       NULL, NULL, NULL};
    return (s != NULL && s->cfg_.port != NULL) ? s->cfg_.port : &empty;
}

/* One attribute value for a push message; null-data when unreadable. */
static void push_value(cosem_server_t *s, const cosem_object_t *obj, int8_t attr,
                       cosem_axdr_writer_t *w)
{
    if (obj == NULL || cosem_server_read(s, obj, attr, w) != COSEM_DAR_SUCCESS) {
        if (cosem_axdr_writer_status(w) == COSEM_OK) {
            (void)cosem_axdr_write_null(w);
        }
    }
}

/* data-notification whose body is a structure of attribute values. */
cosem_status_t cosem_server_data_notification(cosem_server_t *s, uint32_t invoke,
                                              const cosem_datetime_t *time,
                                              const cosem_push_item_t *items, size_t n,
                                              cosem_axdr_writer_t *w)
{
    if (s == NULL || w == NULL || (items == NULL && n != 0u)) {
        return COSEM_E_ARG;
    }
    (void)cosem_data_notification_begin(w, invoke, time);
    (void)cosem_axdr_write_structure(w, n);
    for (size_t i = 0; i < n; ++i) {
        push_value(s, items[i].obj, items[i].attr, w);
    }
    return cosem_axdr_writer_status(w);
}

/* event-notification-request carrying one attribute value. */
cosem_status_t cosem_server_event_notification(cosem_server_t *s, const cosem_object_t *obj,
                                               int8_t attr, const cosem_datetime_t *time,
                                               cosem_axdr_writer_t *w)
{
    cosem_attr_ref_t ref;
    if (s == NULL || obj == NULL || w == NULL) {
        return COSEM_E_ARG;
    }
    ref.class_id = obj->cls->class_id;
    memcpy(ref.obis, obj->obis, 6);
    ref.id = attr;
    (void)cosem_event_notification_begin(w, time, &ref);
    push_value(s, obj, attr, w);
    return cosem_axdr_writer_status(w);
}

#if COSEM_WITH_SN
/* informationReportRequest of attribute values by short name. */
cosem_status_t cosem_server_information_report(cosem_server_t *s, const cosem_datetime_t *time,
                                               const cosem_push_item_t *items, size_t n,
                                               cosem_axdr_writer_t *w)
{
    uint8_t octets[COSEM_DATETIME_SIZE];
    if (s == NULL || w == NULL || items == NULL || n == 0u) {
        return COSEM_E_ARG;
    }
    for (size_t i = 0; i < n; ++i) {
        if (items[i].obj == NULL || items[i].attr < 1 ||
            (uint8_t)items[i].attr > items[i].obj->cls->attr_count) {
            return COSEM_E_ARG;
        }
    }
    (void)cosem_axdr_put_u8(w, COSEM_APDU_INFORMATION_REPORT);
    if (time != NULL) {
        cosem_datetime_encode(time, octets);
        (void)cosem_axdr_put_u8(w, COSEM_DATETIME_SIZE);
        (void)cosem_axdr_put_bytes(w, octets, sizeof octets);
    } else {
        (void)cosem_axdr_put_u8(w, 0);
    }
    (void)cosem_axdr_put_length(w, n);
    for (size_t i = 0; i < n; ++i) {
        (void)cosem_axdr_put_u8(w, COSEM_SN_NAME);
        (void)cosem_axdr_put_u16(w, COSEM_SN_ATTR(cosem_server_sn_base(s, items[i].obj),
                                                  items[i].attr));
    }
    (void)cosem_axdr_put_length(w, n);
    for (size_t i = 0; i < n; ++i) {
        push_value(s, items[i].obj, items[i].attr, w);
    }
    return cosem_axdr_writer_status(w);
}
#endif

#else
typedef int cosem_server_empty_t;
#endif
