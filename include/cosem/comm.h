/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file comm.h
 * @brief Communication setup and network-service classes: IEC HDLC setup
 *        (23), TCP-UDP setup (41), IPv4 setup (42), MAC address setup (43),
 *        PPP setup (44), GPRS modem setup (45), SMTP setup (46), GSM
 *        diagnostic (47), IPv6 setup (48), NTP setup (100).
 *
 * @defgroup comm Communication classes
 * @brief How a meter exposes its links and network services as objects.
 *
 * The library does no networking on bare metal: every value lives in the
 * application's variables, which the instance descriptions below point at
 * (the application owns the truth and applies it to its modem, stack or
 * UART). A SET is checked whole (type, length, range) before anything is
 * written; then the variables change and, when the description has one,
 * the @c changed hook is called with the attribute id so the application
 * can act on it. Methods that need the outside world (NTP synchronize)
 * call the application.
 *
 * Results of a bad SET or method parameter: a value of another Data type or
 * a string longer than its buffer is ::COSEM_DAR_TYPE_UNMATCHED; a value of
 * the right type outside the range the Blue Book gives (a window of 8, a
 * subnet mask with holes, a multicast address as a station address) is
 * ::COSEM_DAR_OTHER_REASON. Either way nothing changes.
 *
 * Write-only secrets (PPP and SMTP passwords, the GPRS PIN, NTP keys) are
 * never sent: their attributes are not readable (a GET is
 * ::COSEM_DAR_READ_WRITE_DENIED), or, inside a structure that is readable,
 * they are sent as an empty octet-string.
 *
 * Each class needs `COSEM_WITH_SERVER` and its `COSEM_CLASS_<X>` option.
 * @{
 */
#ifndef COSEM_COMM_H
#define COSEM_COMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/datetime.h>
#include <cosem/hdlc.h>
#include <cosem/object.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Called after a SET (with the attribute id) or a method (with the
 *        method id negated) changed the application's variables.
 * @param obj The object (its @c user is the application's pointer).
 * @param id  Attribute id, or -(method id).
 */
typedef void (*cosem_comm_changed_fn)(const cosem_object_t *obj, int8_t id);

/** @brief A string attribute kept in the application's buffer. */
typedef struct cosem_comm_string {
    uint8_t *buf;   /**< The octets. */
    uint16_t *len;  /**< Current length (required). */
    uint16_t cap;   /**< Capacity of @c buf: a longer SET is type-unmatched. */
} cosem_comm_string_t;

/* ===================================================================== */
/** @name IEC HDLC setup (class 23, version 1) */
/** @{ */

/**
 * @brief IEC HDLC setup: instance description.
 *
 * Attributes: 2 comm_speed enum (0 = 300 ... 5 = 9600 ... 9 = 115200 baud),
 * 3 window_size_transmit unsigned (1..7), 4 window_size_receive unsigned
 * (1..7), 5 max_info_field_length_transmit long-unsigned (32..2030), 6
 * max_info_field_length_receive long-unsigned (32..2030), 7
 * inter_octet_time_out long-unsigned (ms, 20..6000), 8 inactivity_time_out
 * long-unsigned (s, 0 = none), 9 device_address long-unsigned (0x10..0x7D
 * with one- and two-octet addressing, 0x10..0x3FFD with four). No methods.
 *
 * Attributes 3..9 are the station's own configuration (cosem_hdlc_config(),
 * cosem_hdlc_set_params(), cosem_hdlc_set_timeouts(),
 * cosem_hdlc_set_address()), not a copy: what a client SETs is what the
 * station offers in the UA of the next SNRM and the time-outs it applies
 * from then on; a new device address applies when the link in progress
 * ends. Transmit/receive are the server's point of view (a secondary
 * station's @c window_tx is window_size_transmit). The information lengths
 * are also bounded by the buffers given to cosem_hdlc_init() (above them:
 * other-reason). Default rights: every attribute readable.
 */
typedef struct cosem_iec_hdlc_setup {
    cosem_hdlc_t *station;          /**< The secondary station this object configures. */
    uint8_t *comm_speed;            /**< Application's baud-rate code (0..9), applied to its UART;
                                         NULL: 5 (9600) and not settable. */
    cosem_comm_changed_fn changed;  /**< Optional hook after a SET. */
} cosem_iec_hdlc_setup_t;

/** @brief The IEC HDLC setup class. */
extern const cosem_class_t cosem_class_iec_hdlc_setup;
/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_COMM_H */
