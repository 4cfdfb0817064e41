/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file push.h
 * @brief Push setup (interface class 40, version 0): what a meter pushes to
 *        a head-end, where, when, and how often it retries.
 *
 * @defgroup push Push setup
 * @brief Data-notifications sent by the meter on its own initiative.
 *
 * A push is started by method 1 `push` (a client's ACTION), by the
 * application (a schedule, an event: cosem_push_trigger()) and is carried
 * out from cosem_server_tick(), never inside request handling:
 *
 * 1. trigger: the push waits a random 0..randomisation_start_interval
 *    seconds (the port's random source; none: no wait);
 * 2. at a tick inside a communication window (no windows: always), the
 *    server encodes a data-notification whose body is a structure of the
 *    push_object_list values (cosem_server_data_notification(), the time
 *    from the port's clock) into the instance's buffer and calls the
 *    description's @c send hook with the destination; the hook opens the
 *    destination (the library does no networking): it returns ::COSEM_OK
 *    when delivered, ::COSEM_E_WOULDBLOCK when under way (then the port
 *    calls cosem_push_done() later, or the tick asks the @c poll hook each
 *    second), another error when the attempt failed;
 * 3. a failed attempt is repeated after repetition_delay seconds, up to
 *    number_of_retries times; then the push is given up. Either end is
 *    reported to the @c report hook and counted in ::cosem_push_state_t.
 *
 * RAM per push setup object: its ::cosem_push_state_t (24 octets on a
 * 32-bit target) plus the APDU buffer the application gives (the largest
 * data-notification it pushes, 9 octets more when it is sent in blocks;
 * nothing else is held while a push is in flight).
 *
 * Requires `COSEM_WITH_SERVER` and `COSEM_CLASS_PUSH_SETUP`.
 * @{
 */
#ifndef COSEM_PUSH_H
#define COSEM_PUSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/comm.h>
#include <cosem/config.h>
#include <cosem/datetime.h>
#include <cosem/object.h>
#include <cosem/server.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief transport_service of send_destination_and_method. */
typedef enum cosem_push_transport {
    COSEM_PUSH_TCP = 0,   /**< TCP, destination "host:port", wrapper framing. */
    COSEM_PUSH_UDP = 1,   /**< UDP, destination "host:port", wrapper framing. */
    COSEM_PUSH_FTP = 2,   /**< FTP. */
    COSEM_PUSH_SMTP = 3,  /**< SMTP, destination an e-mail address. */
    COSEM_PUSH_SMS = 4,   /**< SMS, destination a telephone number. */
    COSEM_PUSH_HDLC = 5,  /**< HDLC. */
    COSEM_PUSH_MBUS = 6,  /**< M-Bus. */
    COSEM_PUSH_ZIGBEE = 7 /**< ZigBee. Codes 200..255 are manufacturer specific. */
} cosem_push_transport_t;

/** @brief Phase of a push (cosem_push_state_t::phase). */
typedef enum cosem_push_phase {
    COSEM_PUSH_IDLE = 0,     /**< Nothing pending. */
    COSEM_PUSH_WAITING = 1,  /**< Triggered: waiting for the delay or a window. */
    COSEM_PUSH_SENDING = 2   /**< Handed to the send hook, which has not finished. */
} cosem_push_phase_t;

/** @brief Run-time state of one push setup object (application memory,
 *         zero-initialised; fields are read-only for the application). */
typedef struct cosem_push_state {
    uint8_t phase;        /**< ::cosem_push_phase_t. */
    uint8_t attempts;     /**< Attempts made for the push pending. */
    uint16_t wait_s;      /**< Seconds (ticks) still to wait. */
    uint32_t invoke;      /**< Invoke id of the last data-notification. */
    uint32_t sent;        /**< Pushes delivered. */
    uint32_t failed;      /**< Pushes given up after the last retry. */
    uint16_t block;       /**< General-block-transfer: number of the block in flight (0: none). */
    uint16_t off;         /**< Octets of the notification in the blocks before it. */
    uint16_t len;         /**< Length of the whole notification being sent in blocks. */
    uint16_t slice;       /**< Octets of the notification in the block in flight. */
} cosem_push_state_t;

/** @brief One communication window (window_element). */
typedef struct cosem_push_window {
    cosem_datetime_t start;  /**< start_time. */
    cosem_datetime_t end;    /**< end_time. */
} cosem_push_window_t;

/**
 * @brief Send hook: deliver one data-notification APDU to the destination.
 * @param user      cosem_push_setup_t::user.
 * @param obj       The push setup object.
 * @param transport ::cosem_push_transport_t.
 * @param dest      The destination octets (not NUL-terminated).
 * @param dest_len  Their number.
 * @param apdu      The APDU (valid until the push ends: cosem_push_done()).
 * @param n         Its length.
 * @return ::COSEM_OK delivered; ::COSEM_E_WOULDBLOCK under way (the port
 *         calls cosem_push_done()); another error: this attempt failed.
 */
typedef cosem_status_t (*cosem_push_send_fn)(void *user, const cosem_object_t *obj,
                                             uint8_t transport, const uint8_t *dest,
                                             size_t dest_len, const uint8_t *apdu, size_t n);

/**
 * @brief Poll hook: called by the tick while a send is under way (the
 *        previous send or poll returned ::COSEM_E_WOULDBLOCK), for ports that
 *        advance their sockets by polling rather than calling
 *        cosem_push_done().
 * @param user cosem_push_setup_t::user.
 * @param obj  The push setup object.
 * @return ::COSEM_E_WOULDBLOCK still under way; ::COSEM_OK delivered;
 *         another error: the attempt failed.
 */
typedef cosem_status_t (*cosem_push_poll_fn)(void *user, const cosem_object_t *obj);

/**
 * @brief Report hook: a push ended.
 * @param user     cosem_push_setup_t::user.
 * @param obj      The push setup object.
 * @param result   ::COSEM_OK delivered, else the error of the last attempt.
 * @param attempts Attempts made (1 + retries used).
 */
typedef void (*cosem_push_report_fn)(void *user, const cosem_object_t *obj,
                                     cosem_status_t result, uint8_t attempts);

/**
 * @brief Push setup: instance description.
 *
 * Attributes: 2 push_object_list array of capture_object_definition
 * structure {class_id long-unsigned, logical_name octet-string,
 * attribute_index integer, data_index long-unsigned} (the application's
 * table, not settable), 3 send_destination_and_method structure
 * {transport_service enum, destination octet-string, message enum} (message
 * 0, A-XDR, only; TCP and UDP destinations must read "host:port" with a
 * host name or dotted IPv4 address and a port 1..65535: other-reason
 * otherwise), 4 communication_window array of structure {start_time
 * octet-string(12), end_time octet-string(12)} (a window whose date-times
 * have not-specified fields counts as always open), 5
 * randomisation_start_interval long-unsigned (s), 6 number_of_retries
 * unsigned, 7 repetition_delay long-unsigned (s). Method 1 push (integer
 * 0): starts a push; temporary-failure while one is pending. Default
 * rights: every attribute readable.
 */
typedef struct cosem_push_setup {
    const cosem_push_item_t *items;     /**< Attribute 2: what is pushed. */
    size_t item_count;                  /**< Their number. */
    uint8_t *transport;                 /**< Attribute 3, transport_service (required). */
    cosem_comm_string_t destination;    /**< Attribute 3, destination. */
    cosem_push_window_t *windows;       /**< Attribute 4 (window_cap entries). */
    uint8_t *window_count;              /**< Its current length (required). */
    uint8_t window_cap;                 /**< Its capacity. */
    uint16_t *randomisation_s;          /**< Attribute 5 (required). */
    uint8_t *retries;                   /**< Attribute 6 (required). */
    uint16_t *repetition_delay_s;       /**< Attribute 7 (required). */
    cosem_push_state_t *state;          /**< Run-time state (required). */
    uint8_t *buf;                       /**< APDU buffer of the push in flight (required). */
    size_t cap;                         /**< Its size. */
    cosem_push_send_fn send;            /**< Send hook (required). */
    cosem_push_poll_fn poll;            /**< Optional poll hook (NULL: the port calls cosem_push_done()). */
    cosem_push_report_fn report;        /**< Optional report hook. */
    void *user;                         /**< For the hooks. */
    /** Largest APDU handed to the send hook: a longer data-notification
     *  goes out as general-block-transfer APDUs (block-control: last-block
     *  bit on the last, streaming bit on the others; block numbers from 1;
     *  block-number-ack 0), one send per block, each after the previous one
     *  was delivered; a failed block fails the attempt. 0: never split.
     *  When not 0, 9 octets of @c buf are kept for the block header. */
    uint16_t block_size;
} cosem_push_setup_t;

/** @brief The Push setup class. */
extern const cosem_class_t cosem_class_push_setup;

/**
 * @brief Start a push (what method 1 does): for schedules and events.
 * @param s   Server (its port gives the random start delay).
 * @param obj A push setup object.
 * @return ::COSEM_OK; ::COSEM_E_STATE while a push of that object is
 *         pending; ::COSEM_E_ARG for NULL or an object of another class.
 */
cosem_status_t cosem_push_trigger(cosem_server_t *s, const cosem_object_t *obj);

/**
 * @brief The port reports the end of a send that returned
 *        ::COSEM_E_WOULDBLOCK.
 * @param obj    The push setup object.
 * @param result ::COSEM_OK delivered; an error: the attempt failed (retried
 *               after repetition_delay while retries remain).
 * @return ::COSEM_OK; ::COSEM_E_STATE when no send was under way;
 *         ::COSEM_E_ARG.
 */
cosem_status_t cosem_push_done(const cosem_object_t *obj, cosem_status_t result);

/**
 * @brief Split a TCP/UDP destination "host:port" (IPv4 dotted or host name).
 * @param dest     The destination octets.
 * @param n        Their number.
 * @param host     Output: NUL-terminated host.
 * @param host_cap Its capacity.
 * @param port     Output: the port.
 * @return ::COSEM_OK; ::COSEM_E_MALFORMED when it cannot be parsed;
 *         ::COSEM_E_NOSPACE when the host does not fit @p host.
 */
cosem_status_t cosem_push_parse_destination(const uint8_t *dest, size_t n, char *host,
                                            size_t host_cap, uint16_t *port);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_PUSH_H */
