/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file cosem_posix_push.h
 * @brief POSIX send and poll hooks of Push setup objects (push.h): a
 *        data-notification framed with the wrapper header over TCP (a
 *        connection per push) or UDP (one datagram), without blocking.
 *
 * Give each push setup object its own ::cosem_posix_push_t as the
 * description's @c user, cosem_posix_push_send() as @c send and
 * cosem_posix_push_poll() as @c poll. A TCP push connects without waiting;
 * the server's tick polls the connection each second, writes the frame
 * when it is connected and closes it; a push that does not finish within
 * the time-out fails (and is retried as the object says). The blocks of a
 * push sent in general-block-transfer APDUs share one TCP connection (it
 * stays open after a block without the last-block bit). Host names are
 * resolved with getaddrinfo(), which may wait for DNS: use addresses where
 * that matters.
 * @{
 */
#ifndef COSEM_POSIX_PUSH_H
#define COSEM_POSIX_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include <cosem/push.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One push in flight over TCP or UDP. Set the public fields; the
 *  rest is private (zero-initialise the struct, fd is set by the hooks). */
typedef struct cosem_posix_push {
    uint16_t src_wport;     /**< Wrapper source wPort (the logical device, 1). */
    uint16_t dst_wport;     /**< Wrapper destination wPort (the head-end's client SAP). */
    uint32_t timeout_ms;    /**< Longest time for connect and write (0: 10 s). */
    int fd;                 /**< @private Socket of the push in flight, -1 none (0 before the first push). */
    uint32_t start_ms;      /**< @private When it started. */
    const uint8_t *apdu;    /**< @private The APDU. */
    size_t apdu_len;        /**< @private Its length. */
    size_t done;            /**< @private Octets written (header included). */
    uint8_t header[8];      /**< @private Wrapper header. */
    unsigned long pushes;   /**< Pushes delivered. */
    int keep;               /**< @private TCP: connection kept for the next block. */
    /** Transport HDLC: the server glue whose HDLC links carry the push, in
     *  a UI frame to the client address the destination names (decimal or
     *  0x hex text, 1..127: cosem_posix_server_send_ui()); NULL: HDLC is
     *  ::COSEM_E_UNSUPPORTED. */
    struct cosem_posix_server *hdlc;
} cosem_posix_push_t;

/**
 * @brief Send hook (::cosem_push_send_fn): @p user is a ::cosem_posix_push_t.
 *        TCP and UDP destinations "host:port"; HDLC (with @c hdlc set) a
 *        client address, the push a UI frame on the glue's HDLC links;
 *        other transports are ::COSEM_E_UNSUPPORTED.
 * @param user      A ::cosem_posix_push_t.
 * @param obj       The push setup object.
 * @param transport ::COSEM_PUSH_TCP, ::COSEM_PUSH_UDP or ::COSEM_PUSH_HDLC.
 * @param dest      "host:port"; HDLC: the client address ("16", "0x10").
 * @param dest_len  Its length.
 * @param apdu      The data-notification.
 * @param n         Its length.
 * @return ::COSEM_OK (UDP or HDLC sent); ::COSEM_E_WOULDBLOCK (TCP under way);
 *         ::COSEM_E_MALFORMED (destination); ::COSEM_E_IO; ::COSEM_E_STATE
 *         while a push of this context is in flight.
 */
cosem_status_t cosem_posix_push_send(void *user, const cosem_object_t *obj, uint8_t transport,
                                     const uint8_t *dest, size_t dest_len, const uint8_t *apdu,
                                     size_t n);

/**
 * @brief Poll hook (::cosem_push_poll_fn): advances a TCP push.
 * @param user A ::cosem_posix_push_t.
 * @param obj  The push setup object.
 * @return ::COSEM_E_WOULDBLOCK still under way; ::COSEM_OK written and
 *         closed; ::COSEM_E_IO (refused, reset); ::COSEM_E_TIMEOUT.
 */
cosem_status_t cosem_posix_push_poll(void *user, const cosem_object_t *obj);

/**
 * @brief Close a push in flight (at shutdown).
 * @param pp Context.
 */
void cosem_posix_push_close(cosem_posix_push_t *pp);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_POSIX_PUSH_H */
