/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the communication classes (comm_common.c defines
 * them): checked reads of SET values, string attributes, the change hook.
 * Internal header. */
#ifndef COSEM_COMM_INTERNAL_H
#define COSEM_COMM_INTERNAL_H

#include <cosem/comm.h>

/* Whether any class that uses these helpers is built. */
#define COSEM_COMM_ANY                                                                       \
    (COSEM_WITH_SERVER &&                                                                    \
     ((COSEM_CLASS_IEC_HDLC_SETUP && COSEM_WITH_HDLC) || COSEM_CLASS_TCP_UDP_SETUP ||        \
      COSEM_CLASS_IPV4_SETUP || COSEM_CLASS_MAC_ADDRESS_SETUP || COSEM_CLASS_PPP_SETUP ||    \
      COSEM_CLASS_GPRS_MODEM_SETUP || COSEM_CLASS_SMTP_SETUP || COSEM_CLASS_GSM_DIAGNOSTIC || \
      COSEM_CLASS_IPV6_SETUP || COSEM_CLASS_NTP_SETUP || COSEM_CLASS_PUSH_SETUP))

/* Reads an unsigned Data of exactly type t (unsigned, enum, long-unsigned,
 * double-long-unsigned) within lo..hi: type-unmatched for another type,
 * other-reason outside the range; *out untouched unless success. */
cosem_dar_t cosem_comm_read_uint(cosem_axdr_reader_t *v, uint8_t t, uint32_t lo, uint32_t hi,
                                 uint32_t *out);

/* Writes an unsigned number as a Data of type t. */
cosem_status_t cosem_comm_write_uint(cosem_axdr_writer_t *w, uint8_t t, uint32_t x);

/* Writes a string attribute as a Data of type t. */
cosem_status_t cosem_comm_write_string(cosem_axdr_writer_t *w, uint8_t t,
                                       const cosem_comm_string_t *s);

/* Checks the octets of a string value before it is stored. */
typedef bool (*cosem_comm_check_fn)(const uint8_t *p, size_t n);

/* Reads a string of type t into a string attribute: longer than its
 * capacity: type-unmatched; refused by ok (NULL: any): other-reason;
 * nothing written unless success. */
cosem_dar_t cosem_comm_read_string(cosem_axdr_reader_t *v, uint8_t t,
                                   const cosem_comm_string_t *s, cosem_comm_check_fn ok);

/* Reads a string of type t without storing it (pointer into the request). */
cosem_dar_t cosem_comm_peek_string(cosem_axdr_reader_t *v, uint8_t t, size_t cap,
                                   const uint8_t **p, size_t *n);

/* Stores checked octets into a string attribute. */
void cosem_comm_store_string(const cosem_comm_string_t *s, const uint8_t *p, size_t n);

/* A host name (letters, digits, '-', labels of 1..63 separated by '.') or a
 * dotted IPv4 address of four parts 0..255; empty is allowed (unset). */
bool cosem_comm_host_ok(const uint8_t *p, size_t n);

/* An IPv4 station address: 0 (unassigned) or unicast. */
bool cosem_comm_ipv4_station_ok(uint32_t a);

/* Reads an octet-string of exactly n octets into out (type-unmatched
 * otherwise, out untouched). */
cosem_dar_t cosem_comm_read_fixed(cosem_axdr_reader_t *v, uint8_t *out, size_t n);

/* The writer's outcome as a data-access-result (any error: other-reason). */
cosem_dar_t cosem_comm_dar(const cosem_axdr_writer_t *w);

/* Calls the change hook, if any, after a successful SET or method. */
cosem_dar_t cosem_comm_changed(const cosem_req_t *r, cosem_comm_changed_fn fn, cosem_dar_t dar);

/* A method parameter integer(0), or null-data (none given):
 * type-unmatched otherwise. */
cosem_dar_t cosem_comm_read_zero(cosem_axdr_reader_t *p);

/* Whether a string attribute description is usable. */
bool cosem_comm_string_ok(const cosem_comm_string_t *s);

#endif /* COSEM_COMM_INTERNAL_H */
