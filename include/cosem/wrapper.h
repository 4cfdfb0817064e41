/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wrapper.h
 * @brief Wrapper transport (IEC 62056-47): 8-byte header, TCP stream
 *        reassembly, UDP datagrams.
 *
 * @defgroup wrapper Wrapper (TCP/UDP)
 * @brief The DLMS/COSEM transport layer for IP networks.
 *
 * Every APDU travels behind an 8-byte header of four big-endian unsigned16
 * fields: version (always 0x0001), source wPort, destination wPort and the
 * length of the APDU that follows. The wPorts carry the DLMS addresses: the
 * client's wPort is its client SAP (0x0010 public client, 0x0001 management
 * client, ...), the server's wPort is the logical device address (0x0001 the
 * management logical device). Over UDP a datagram holds exactly one header
 * and its APDU; over TCP frames follow each other in the byte stream and a
 * read may hold part of a frame or several frames.
 *
 * A ::cosem_wrapper_t reassembles one TCP connection (or produces the
 * datagrams of one UDP peer): bytes go in with cosem_wrapper_feed(), each
 * complete APDU comes out through the event callback, and
 * cosem_wrapper_send() puts the header in front of an APDU and hands both to
 * the send callback as one buffer. A broken stream (bad version, a length
 * larger than the configured maximum, a frame cut off when the peer closes,
 * a timeout) cannot be resynchronised: the context reports a defined error
 * and refuses further input with ::COSEM_E_CLOSED until cosem_wrapper_reset();
 * the application closes that connection and nothing else is affected.
 *
 * The module needs `COSEM_WITH_WRAPPER` (config.h).
 * @{
 */
#ifndef COSEM_WRAPPER_H
#define COSEM_WRAPPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Size of the wrapper header in octets. */
#define COSEM_WRAPPER_HEADER_SIZE 8u
/** @brief The only wrapper protocol version (IEC 62056-47). */
#define COSEM_WRAPPER_VERSION 0x0001u
/** @brief Largest APDU one header can announce (the length is unsigned16). */
#define COSEM_WRAPPER_MAX_APDU 0xFFFFu
/** @brief Default TCP and UDP port of DLMS/COSEM (IANA "dlms-cosem"). */
#define COSEM_WRAPPER_DEFAULT_PORT 4059u

/** @brief wPort "no station". */
#define COSEM_WRAPPER_WPORT_NO_STATION 0x0000u
/** @brief wPort of the management client (client side) or the management
 *  logical device (server side). */
#define COSEM_WRAPPER_WPORT_MANAGEMENT 0x0001u
/** @brief wPort of the public client. */
#define COSEM_WRAPPER_WPORT_PUBLIC_CLIENT 0x0010u
/** @brief Server wPort "all stations" (broadcast). */
#define COSEM_WRAPPER_WPORT_ALL_STATIONS 0x007Fu

/**
 * @brief Size of the buffer cosem_wrapper_init() needs for APDUs of up to
 *        @p max_apdu octets in each direction: a receive area of
 *        @p max_apdu octets and a transmit area of header + @p max_apdu.
 */
#define COSEM_WRAPPER_BUF_SIZE(max_apdu) (2u * (size_t)(max_apdu) + COSEM_WRAPPER_HEADER_SIZE)

/** @brief The four fields of a wrapper header. */
typedef struct cosem_wrapper_header {
    uint16_t version;    /**< Protocol version, ::COSEM_WRAPPER_VERSION. */
    uint16_t src_wport;  /**< Source wPort. */
    uint16_t dst_wport;  /**< Destination wPort. */
    uint16_t length;     /**< Length of the APDU that follows the header. */
} cosem_wrapper_header_t;

/**
 * @brief Write a header as 8 big-endian octets.
 *
 * Writes the fields as given (the version too, so tests can build bad
 * headers); cosem_wrapper_send() always uses ::COSEM_WRAPPER_VERSION.
 * @param h   Header.
 * @param out 8 octets of output.
 */
void cosem_wrapper_header_encode(const cosem_wrapper_header_t *h,
                                 uint8_t out[COSEM_WRAPPER_HEADER_SIZE]);

/**
 * @brief Read a header from the first 8 octets of @p in.
 *
 * Octets after the header are not looked at.
 * @param h  Output; filled whenever 8 octets are there, also when the
 *           version is wrong.
 * @param in Input.
 * @param n  Octets available at @p in.
 * @return ::COSEM_OK, ::COSEM_E_TRUNCATED when @p n < 8,
 *         ::COSEM_E_MALFORMED when the version is not 0x0001.
 */
cosem_status_t cosem_wrapper_header_decode(cosem_wrapper_header_t *h, const uint8_t *in, size_t n);

/**
 * @brief Decode one UDP datagram: a header and exactly the APDU it announces.
 * @param dgram    Datagram.
 * @param n        Its length.
 * @param h        Output header (filled as cosem_wrapper_header_decode() does).
 * @param apdu     Output: the APDU, pointing into @p dgram.
 * @param apdu_len Output: its length (== h->length).
 * @return ::COSEM_OK; ::COSEM_E_TRUNCATED when the datagram is shorter than
 *         8 octets or than the length announces; ::COSEM_E_MALFORMED for a
 *         bad version; ::COSEM_E_TRAILING when octets follow the APDU;
 *         ::COSEM_E_ARG for NULL pointers. On error @p *apdu is NULL and
 *         @p *apdu_len 0.
 */
cosem_status_t cosem_wrapper_datagram(const uint8_t *dgram, size_t n, cosem_wrapper_header_t *h,
                                      const uint8_t **apdu, size_t *apdu_len);

/**
 * @brief Output callback: send @p len octets (header and APDU) to the peer.
 *
 * Over TCP the octets are written to the connection (all of them, or the
 * callback fails); over UDP they form one datagram.
 * @param user The `send.user` pointer of the configuration.
 * @param data Octets to send, valid during the call.
 * @param len  Their count.
 * @return ::COSEM_OK, or an error that cosem_wrapper_send() returns as is.
 */
typedef cosem_status_t (*cosem_wrapper_send_fn)(void *user, const uint8_t *data, size_t len);

/** @brief Kinds of events the reassembler reports. */
typedef enum cosem_wrapper_event_type {
    /** A complete APDU addressed to us (or to any wPort when no filter is set). */
    COSEM_WRAPPER_EV_APDU = 0,
    /** A complete frame that is skipped: its destination wPort is not the
     *  configured local wPort, or its length is zero. The stream stays in
     *  step; the application may ignore this event. */
    COSEM_WRAPPER_EV_IGNORED = 1
} cosem_wrapper_event_type_t;

/** @brief One event of the reassembler. */
typedef struct cosem_wrapper_event {
    cosem_wrapper_event_type_t type;  /**< What happened. */
    uint16_t src_wport;               /**< Source wPort of the frame. */
    uint16_t dst_wport;               /**< Destination wPort of the frame. */
    const uint8_t *apdu;              /**< The APDU, valid only during the callback: in
                                           the octets given to cosem_wrapper_feed()
                                           when the whole frame came in one call (no
                                           copy), else in the context's receive area. */
    size_t len;                       /**< Its length. */
} cosem_wrapper_event_t;

/**
 * @brief Event callback. It may call cosem_wrapper_send() and
 *        cosem_wrapper_status() (the transmit area is separate from the
 *        receive area), but not cosem_wrapper_feed(), cosem_wrapper_poll(),
 *        cosem_wrapper_eof() or cosem_wrapper_reset() on the same context
 *        (they return ::COSEM_E_STATE there).
 * @param user The `event.user` pointer of the configuration.
 * @param ev   The event, valid during the call.
 */
typedef void (*cosem_wrapper_event_fn)(void *user, const cosem_wrapper_event_t *ev);

/** @brief Configuration of a wrapper context (copied by cosem_wrapper_init()). */
typedef struct cosem_wrapper_config {
    /** Largest APDU received or sent, 1..::COSEM_WRAPPER_MAX_APDU. A frame
     *  announcing more breaks the stream with ::COSEM_E_NOSPACE. */
    size_t max_apdu;
    /** When true, only frames whose destination wPort equals @c local_wport
     *  are delivered as ::COSEM_WRAPPER_EV_APDU; others give
     *  ::COSEM_WRAPPER_EV_IGNORED. When false (zero-initialised), any. */
    bool filter_local;
    /** Our wPort, used by the filter. */
    uint16_t local_wport;
    /** Close the connection when no octet arrived for this many
     *  milliseconds (inactivity time-out of the TCP-UDP setup object,
     *  class 41); 0 = never. Checked by cosem_wrapper_poll(); the timer
     *  starts at cosem_wrapper_reset() or the first feed or poll. */
    uint32_t inactivity_timeout_ms;
    /** Close the connection when a started frame is not complete after
     *  this many milliseconds; 0 = never. Checked by cosem_wrapper_poll(). */
    uint32_t frame_timeout_ms;
    /** Output callback (required for cosem_wrapper_send()). */
    struct {
        cosem_wrapper_send_fn fn;  /**< Called with header + APDU. */
        void *user;                /**< Passed to @c fn. */
    } send;
    /** Event callback (required: without it APDUs would be lost). */
    struct {
        cosem_wrapper_event_fn fn; /**< Called for every complete frame. */
        void *user;                /**< Passed to @c fn. */
    } event;
} cosem_wrapper_config_t;

/**
 * @brief A wrapper context: one TCP connection or one UDP peer.
 *
 * A complete type the caller places anywhere; every field is private.
 * Size: 72 octets on a 32-bit MCU (112 on a 64-bit host), plus the buffer.
 */
typedef struct cosem_wrapper {
    cosem_wrapper_config_t cfg;   /**< @private Copy of the configuration. */
    uint8_t *rx;                  /**< @private Receive area (max_apdu octets). */
    uint8_t *tx;                  /**< @private Transmit area (8 + max_apdu octets). */
    size_t got;                   /**< @private Payload octets of the current frame received. */
    cosem_wrapper_header_t cur;   /**< @private Header of the frame being received. */
    uint8_t hdr[COSEM_WRAPPER_HEADER_SIZE]; /**< @private Header octets received so far. */
    uint8_t hdr_len;              /**< @private Count of them (8 = header complete). */
    uint8_t busy;                 /**< @private Non-zero inside the event callback. */
    uint8_t timing;               /**< @private A frame has started (frame timer runs). */
    cosem_status_t err;           /**< @private Sticky stream error, ::COSEM_OK while usable. */
    uint32_t last_frame_ms;       /**< @private When the last complete frame arrived. */
    uint32_t frame_start_ms;      /**< @private When the current frame started. */
} cosem_wrapper_t;

/**
 * @brief Prepare a context.
 * @param w   Context.
 * @param cfg Configuration, copied.
 * @param buf Caller memory of at least COSEM_WRAPPER_BUF_SIZE(cfg->max_apdu)
 *            octets, kept for the life of the context.
 * @param len Size of @p buf.
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL pointers, a missing event
 *         callback or max_apdu out of 1..65535; ::COSEM_E_NOSPACE when
 *         @p len is too small.
 */
cosem_status_t cosem_wrapper_init(cosem_wrapper_t *w, const cosem_wrapper_config_t *cfg,
                                  uint8_t *buf, size_t len);

/**
 * @brief Start over for a new connection: drop any partial frame, clear the
 *        error, restart the inactivity timer at @p now_ms. Configuration and
 *        buffers stay.
 * @param w      Context.
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK, or ::COSEM_E_STATE when called from the event callback.
 */
cosem_status_t cosem_wrapper_reset(cosem_wrapper_t *w, uint32_t now_ms);

/**
 * @brief Feed octets received from a TCP connection.
 *
 * Any split is fine: part of a header, part of an APDU, several frames.
 * Each complete frame goes to the event callback before the function
 * returns. On an error the octets before the bad header have been
 * delivered, the rest is discarded, and the context stays closed.
 * @param w      Context.
 * @param bytes  Received octets (may be NULL when @p n is 0).
 * @param n      Their count.
 * @param now_ms Monotonic milliseconds (wraps; differences are wrap-safe).
 * @return ::COSEM_OK; ::COSEM_E_MALFORMED (version not 0x0001) or
 *         ::COSEM_E_NOSPACE (length above max_apdu): the stream is broken,
 *         close the connection; ::COSEM_E_CLOSED when the stream broke
 *         before; ::COSEM_E_STATE when called from the event callback;
 *         ::COSEM_E_ARG for NULL @p bytes with @p n > 0.
 */
cosem_status_t cosem_wrapper_feed(cosem_wrapper_t *w, const uint8_t *bytes, size_t n,
                                  uint32_t now_ms);

/**
 * @brief Run the timers.
 * @param w      Context.
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK; ::COSEM_E_TIMEOUT when the inactivity or frame time-out
 *         expired (the context is then closed: close the connection);
 *         ::COSEM_E_CLOSED when the stream broke before; ::COSEM_E_STATE
 *         from the event callback.
 */
cosem_status_t cosem_wrapper_poll(cosem_wrapper_t *w, uint32_t now_ms);

/**
 * @brief Tell the context the peer closed the connection (end of stream).
 *
 * The context is closed afterwards in every case.
 * @param w Context.
 * @return ::COSEM_OK when the stream ended between frames;
 *         ::COSEM_E_TRUNCATED when a header or an APDU was cut off;
 *         ::COSEM_E_CLOSED when the stream broke before; ::COSEM_E_STATE
 *         from the event callback (nothing changes then).
 */
cosem_status_t cosem_wrapper_eof(cosem_wrapper_t *w);

/**
 * @brief The sticky stream status.
 * @param w Context.
 * @return ::COSEM_OK while the stream is usable, else the error that broke
 *         it (the connection must be closed).
 */
cosem_status_t cosem_wrapper_status(const cosem_wrapper_t *w);

/**
 * @brief The transmit area after the header room, for zero-copy encoding.
 *
 * An APDU encoded here and passed to cosem_wrapper_send() is not copied.
 * @param w   Context.
 * @param cap Output: octets available (max_apdu); may be NULL.
 * @return Start of the APDU area.
 */
uint8_t *cosem_wrapper_tx_buffer(cosem_wrapper_t *w, size_t *cap);

/**
 * @brief Send one APDU: header + APDU as one buffer through the send callback.
 *
 * Works whatever the receive state (a closed stream does not stop a
 * response). @p apdu may be the area of cosem_wrapper_tx_buffer() (no copy)
 * or any other memory (copied into the transmit area).
 * @param w        Context.
 * @param src      Source wPort (ours).
 * @param dst      Destination wPort (the peer's).
 * @param apdu     APDU octets.
 * @param n        Their count, 1..max_apdu.
 * @return ::COSEM_OK; ::COSEM_E_NOSPACE when @p n exceeds max_apdu;
 *         ::COSEM_E_ARG for an empty APDU, NULL @p apdu or no send callback;
 *         otherwise what the send callback returned.
 */
cosem_status_t cosem_wrapper_send(cosem_wrapper_t *w, uint16_t src, uint16_t dst,
                                  const uint8_t *apdu, size_t n);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_WRAPPER_H */
