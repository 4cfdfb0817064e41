/* SPDX-License-Identifier: Apache-2.0 */
/* Special days table (class 11, version 0): dated exceptions to the week
 * profile (wildcard dates, day ids), SET of the whole list, insert and
 * delete by index. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SERVER && COSEM_CLASS_SPECIAL_DAYS_TABLE

#include <string.h>

#include "common/mem_internal.h"

#include <cosem/calendar.h>

#include "calendar_internal.h"
#include "control_internal.h"

/* Read one spec_day_entry: type-unmatched for another shape, other-reason
 * for a date out of range. */
static cosem_dar_t read_entry(cosem_axdr_reader_t *r, cosem_special_day_t *e)
{
    size_t n = 0;
    cosem_datetime_t d;
    if (cosem_axdr_read_structure(r, &n) != COSEM_OK || n != 3u ||
        cosem_axdr_read_u16(r, &e->index) != COSEM_OK ||
        cosem_axdr_read_date(r, &d) != COSEM_OK || cosem_axdr_read_u8(r, &e->day_id) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    if (cosem_datetime_validate(&d) != COSEM_OK || d.month == COSEM_DT_MONTH_DST_END ||
        d.month == COSEM_DT_MONTH_DST_BEGIN) {
        return COSEM_DAR_OTHER_REASON;
    }
    e->year = d.year;
    e->month = d.month;
    e->day = d.day;
    e->day_of_week = d.day_of_week;
    return COSEM_DAR_SUCCESS;
}

/* The entry's date as a date value. */
static void entry_date(const cosem_special_day_t *e, cosem_datetime_t *d)
{
    cosem_datetime_clear(d);
    d->year = e->year;
    d->month = e->month;
    d->day = e->day;
    d->day_of_week = e->day_of_week;
}

/* First entry matching a local date. */
bool cosem_special_days_match(const cosem_object_t *obj, const cosem_datetime_t *date,
                              uint8_t *day_id)
{
    const cosem_special_days_table_t *t;
    if (obj == NULL || obj->cls != &cosem_class_special_days_table || date == NULL) {
        return false;
    }
    t = (const cosem_special_days_table_t *)obj->data;
    for (uint16_t i = 0; i < *t->count; ++i) {
        cosem_datetime_t d;
        entry_date(&t->entries[i], &d);
        if (cosem_cal_date_match(&d, date)) {
            *day_id = t->entries[i].day_id;
            return true;
        }
    }
    return false;
}

/* GET entries (2). */
static cosem_dar_t sd_get(cosem_req_t *r, cosem_axdr_writer_t *w)
{
    const cosem_special_days_table_t *t = (const cosem_special_days_table_t *)r->obj->data;
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    (void)cosem_axdr_write_array(w, *t->count);
    for (uint16_t i = 0; i < *t->count; ++i) {
        cosem_datetime_t d;
        entry_date(&t->entries[i], &d);
        (void)cosem_axdr_write_structure(w, 3);
        (void)cosem_axdr_write_u16(w, t->entries[i].index);
        (void)cosem_axdr_write_date_os(w, &d);
        (void)cosem_axdr_write_u8(w, t->entries[i].day_id);
    }
    return cosem_axdr_writer_status(w) == COSEM_OK ? COSEM_DAR_SUCCESS : COSEM_DAR_OTHER_REASON;
}

/* One entry of a SET of attribute 2. */
static cosem_dar_t sd_item(cosem_axdr_reader_t *r, const void *inst, size_t i, bool store)
{
    const cosem_special_days_table_t *t = (const cosem_special_days_table_t *)inst;
    cosem_special_day_t e;
    return read_entry(r, store ? &t->entries[i] : &e);
}

/* SET entries (2): validated whole, then stored. */
static cosem_dar_t sd_set(cosem_req_t *r, cosem_axdr_reader_t *v)
{
    const cosem_special_days_table_t *t = (const cosem_special_days_table_t *)r->obj->data;
    size_t n = 0;
    cosem_dar_t dar;
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    dar = cosem_ctl_set_array(v, t->cap, sd_item, t, &n);
    if (dar == COSEM_DAR_SUCCESS) {
        *t->count = (uint16_t)n;
    }
    return dar;
}

/* Position of the entry with an index; count when none. */
static uint16_t find_index(const cosem_special_days_table_t *t, uint16_t index)
{
    uint16_t i = 0;
    while (i < *t->count && t->entries[i].index != index) {
        ++i;
    }
    return i;
}

/* Methods insert (1) and delete (2). */
static cosem_dar_t sd_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                             cosem_axdr_writer_t *ret)
{
    const cosem_special_days_table_t *t = (const cosem_special_days_table_t *)r->obj->data;
    cosem_special_day_t e;
    uint16_t at;
    cosem_dar_t dar;
    (void)ret;
    if (r->id == 1) {
        dar = read_entry(params, &e);
        if (dar != COSEM_DAR_SUCCESS) {
            return dar;
        }
        at = find_index(t, e.index);
        if (at == *t->count && at >= t->cap) {
            return COSEM_DAR_OTHER_REASON;
        }
        t->entries[at] = e;
        *t->count = at == *t->count ? (uint16_t)(at + 1u) : *t->count;
        return COSEM_DAR_SUCCESS;
    }
    if (r->id != 2) {
        return COSEM_DAR_OBJECT_UNDEFINED;
    }
    if (cosem_axdr_read_u16(params, &e.index) != COSEM_OK) {
        return COSEM_DAR_TYPE_UNMATCHED;
    }
    at = find_index(t, e.index);
    if (at < *t->count) {
        cosem_mem_move(&t->entries[at], &t->entries[at + 1u],
                (size_t)(*t->count - at - 1u) * sizeof t->entries[0]);
        --*t->count;
    }
    return COSEM_DAR_SUCCESS;
}

/* Storage present and its count within capacity. */
static cosem_status_t sd_check(const cosem_object_t *obj)
{
    const cosem_special_days_table_t *t = (const cosem_special_days_table_t *)obj->data;
    if (t == NULL || t->count == NULL || (t->cap != 0u && t->entries == NULL) ||
        *t->count > t->cap) {
        return COSEM_E_ARG;
    }
    return COSEM_OK;
}

const cosem_class_t cosem_class_special_days_table = {
    11, 0, 2, 2,
    (uint16_t)(COSEM_ATTR(1) | COSEM_ATTR(2)),
    0, 0,
    sd_get, sd_set, sd_action, NULL, sd_check
};

#else
typedef int cosem_special_days_table_empty_t;
#endif
