/* SPDX-License-Identifier: Apache-2.0 */
/* Internal helpers shared by the A-XDR reader, parser and value tree. */
#ifndef COSEM_AXDR_INTERNAL_H
#define COSEM_AXDR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/axdr.h>

/* Content size of each tag below 34: 0 none, >0 fixed, -1 variable or not
 * a type. Indexed lookups keep the parser's hot path free of calls. */
extern const int8_t cosem_axdr_fixed_sizes[34];

/* cosem_axdr_fixed_size() for internal hot paths. */
static inline int cosem_axdr_size_of(uint8_t type)
{
    return type < 34u ? cosem_axdr_fixed_sizes[type] : (type == 0xFFu ? 0 : -1);
}

/* Days from 1970-01-01 to a proleptic Gregorian date (years 0..65535, the
 * date not checked): for callers that have checked their fields already. */
int32_t cosem_dt_days_from_civil(int32_t year, uint32_t month, uint32_t day);

/* Day number (days from 1970-01-01) and second of the day (0..86399) of
 * the local time utc - deviation minutes, as cosem_datetime_from_utc()
 * splits it: COSEM_E_RANGE outside years 0..9999 or for a bad deviation. */
cosem_status_t cosem_dt_local_days(int64_t utc, int16_t deviation, int32_t *days, int32_t *secs);

/* Year of a day number of years 0..9999. */
uint16_t cosem_dt_year_of_days(int32_t days);

/* 1 (Monday)..7 (Sunday) of a day number. */
uint8_t cosem_dt_weekday_of_days(int32_t days);

/* Big-endian unsigned integer of n <= 8 octets. */
uint64_t cosem_axdr_be(const uint8_t *p, size_t n);

/* Whether an integer-family tag is signed. */
bool cosem_axdr_is_signed(uint8_t type);

/* Value of integer-family content octets, sign-extended for signed tags. */
int64_t cosem_axdr_int_value(uint8_t type, const uint8_t *p, size_t n);

/* Write a fixed-size Data (boolean, the integers, enum, bcd, the floats
 * bits): tag, then the low cosem_axdr_size_of(tag) octets of v big-endian,
 * in one reservation. COSEM_E_ARG for a tag of no fixed size. */
cosem_status_t cosem_axdr_write_fixed(cosem_axdr_writer_t *w, uint8_t tag, uint64_t v);

/* Write a string (octet-, visible-, utf8- or bit-string, tag given): tag,
 * length n, then n octets (a bit-string: n bits in n / 8 rounded up). */
cosem_status_t cosem_axdr_write_string(cosem_axdr_writer_t *w, uint8_t tag, const void *p,
                                       size_t n);

/* Write a date-time, date or time (tag given) under its own tag. */
cosem_status_t cosem_axdr_write_dt(cosem_axdr_writer_t *w, uint8_t tag, const cosem_datetime_t *dt);

/* Read a date-time, date or time (tag given): its own tag, or an
 * octet-string of its size; as cosem_axdr_read_datetime() and siblings. */
cosem_status_t cosem_axdr_read_dt(cosem_axdr_reader_t *r, uint8_t tag, cosem_datetime_t *dt);

/* Consume the next tag if it equals tag, else record COSEM_E_TYPE. */
cosem_status_t cosem_axdr_expect_tag(cosem_axdr_reader_t *r, uint8_t tag);

#endif /* COSEM_AXDR_INTERNAL_H */
