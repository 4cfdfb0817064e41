/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file hdlc.h
 * @brief HDLC data link layer (IEC 62056-46): frame codec and both stations.
 *
 * @defgroup hdlc HDLC
 * @brief HDLC frame format type 3, addressing, parameter negotiation and the
 *        primary (client) and secondary (server) station state machines.
 *
 * Two levels, usable on their own:
 * - the **frame codec** (cosem_hdlc_fcs(), cosem_hdlc_frame_decode(),
 *   cosem_hdlc_frame_encode(), control-field helpers, parameter field
 *   codec): pure functions over caller memory, for tools and decoders;
 * - the **station** (::cosem_hdlc_t): a byte-fed deframer and an NRM state
 *   machine that turns a byte stream into complete MSDUs (APDUs) and back.
 *   It does no I/O: bytes come in through cosem_hdlc_feed(), frames leave
 *   through the configured send callback, and time advances in
 *   cosem_hdlc_poll(). All memory is the caller's (cosem_hdlc_init()).
 *
 * Wire format (between the flags, no octet stuffing: the length field
 * delimits the frame):
 * `7E | format(2) | dst(1,2,4) | src(1,2,4) | control | [HCS(2) info] | FCS(2) | 7E`.
 * The format field is `1010 S LLLLLLLLLLL` (type 3, segmentation bit, 11-bit
 * length counting every octet between the flags). HCS and FCS are
 * CRC-16/X.25, sent low octet first; the HCS is present only when there is
 * an information field.
 * @{
 */
#ifndef COSEM_HDLC_H
#define COSEM_HDLC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/axdr.h>
#include <cosem/config.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ===================================================================== */
/** @name Sizes and limits */
/** @{ */

/** @brief Opening and closing flag octet. */
#define COSEM_HDLC_FLAG 0x7Eu
/** @brief Default maximum information field length (both directions) when
 *  the parameter negotiation field or a parameter is absent. */
#define COSEM_HDLC_DEFAULT_INFO 128u
/** @brief Smallest maximum information field length the standard allows
 *  (IEC 62056-6-2 class 23, max_info_field_length: 32..2030). */
#define COSEM_HDLC_MIN_INFO 32u
/** @brief Largest maximum information field length (11-bit length field). */
#define COSEM_HDLC_MAX_INFO 2030u
/** @brief Default window size (both directions). */
#define COSEM_HDLC_DEFAULT_WINDOW 1u
/** @brief Largest window size (N(S)/N(R) are modulo 8). */
#define COSEM_HDLC_MAX_WINDOW 7u
/** @brief Length of the LLC header (E6 E6 00 request, E6 E7 00 response). */
#define COSEM_HDLC_LLC_LEN 3u
/** @brief Largest framing overhead of one frame, flags included: two flags,
 *  format 2, addresses 4 + 4, control 1, HCS 2, FCS 2. */
#define COSEM_HDLC_FRAME_OVERHEAD 17u

/**
 * @brief Bytes of caller memory cosem_hdlc_init() needs.
 *
 * Four buffers are carved from it: the receive frame, the transmit frame
 * (each @p max_info plus ::COSEM_HDLC_FRAME_OVERHEAD), the receive MSDU
 * reassembly buffer (@p max_msdu) and the transmit MSDU (@p max_msdu plus the
 * LLC header).
 * @param max_info The larger of the configured max_info_tx and max_info_rx
 *                 (::COSEM_HDLC_DEFAULT_INFO when left at 0).
 * @param max_msdu Largest APDU (without LLC header) in either direction.
 */
#define COSEM_HDLC_BUF_SIZE(max_info, max_msdu)                                              \
    (2u * ((size_t)(max_info) + COSEM_HDLC_FRAME_OVERHEAD) + 2u * (size_t)(max_msdu) +      \
     COSEM_HDLC_LLC_LEN)

/** @brief Octets a shared MSDU buffer has beyond max_msdu, so that even a
 *  request of max_msdu octets leaves room for a short answer (a SET or
 *  ACTION result, an exception, a ciphered one with its security header). */
#define COSEM_HDLC_SHARED_SPARE 32u

/**
 * @brief Bytes of caller memory cosem_hdlc_init() needs for a station whose
 *        configuration sets cosem_hdlc_config_t::shared_msdu: the two frame
 *        buffers and one MSDU buffer that reassembles what arrives and holds
 *        what goes out (max_msdu - ::COSEM_HDLC_SHARED_SPARE less than
 *        COSEM_HDLC_BUF_SIZE()).
 * @param max_info As for COSEM_HDLC_BUF_SIZE().
 * @param max_msdu As for COSEM_HDLC_BUF_SIZE().
 */
#define COSEM_HDLC_BUF_SIZE_SHARED(max_info, max_msdu)                                       \
    (2u * ((size_t)(max_info) + COSEM_HDLC_FRAME_OVERHEAD) + (size_t)(max_msdu) +           \
     COSEM_HDLC_LLC_LEN + COSEM_HDLC_SHARED_SPARE)

/** @} */

/* ===================================================================== */
/** @name Addresses
 *  A client address is one octet (upper = client SAP, e.g. 0x10 public
 *  client -> wire octet 0x21). A server address is 1, 2 or 4 octets: upper
 *  HDLC address = logical device, lower = physical device (7 bits each in
 *  the 1- and 2-octet forms, 14 bits each in the 4-octet form that RS-485
 *  multi-drop meters use). Reserved values from IEC 62056-46 6.4.2.2. */
/** @{ */

/** @brief An HDLC address as it travels in the address field. */
typedef struct cosem_hdlc_addr {
    uint16_t upper; /**< Upper HDLC address (client SAP, server logical device). */
    uint16_t lower; /**< Lower HDLC address (physical device); 0 and unused when len is 1. */
    uint8_t len;    /**< Octets on the wire: 1 (upper only), 2 (7+7 bits) or 4 (14+14 bits). */
} cosem_hdlc_addr_t;

/** @brief "No station": received by nobody (client, upper and lower). */
#define COSEM_HDLC_NO_STATION 0x00u
/** @brief Client address of the client management process. */
#define COSEM_HDLC_CLIENT_MANAGEMENT 0x01u
/** @brief Client address of the public client (wire octet 0x21). */
#define COSEM_HDLC_CLIENT_PUBLIC 0x10u
/** @brief Upper server address of the management logical device. */
#define COSEM_HDLC_MANAGEMENT_LD 0x0001u
/** @brief All-station (broadcast) address in a 7-bit field (client address,
 *  upper/lower of the 1- and 2-octet server forms). */
#define COSEM_HDLC_ALL_STATION 0x7Fu
/** @brief All-station (broadcast) address in a 14-bit field (upper/lower of
 *  the 4-octet server form). */
#define COSEM_HDLC_ALL_STATION_14 0x3FFFu
/** @brief Broadcast: the same value as ::COSEM_HDLC_ALL_STATION. */
#define COSEM_HDLC_BROADCAST COSEM_HDLC_ALL_STATION
/** @brief Broadcast in a 14-bit field: ::COSEM_HDLC_ALL_STATION_14. */
#define COSEM_HDLC_BROADCAST_14 COSEM_HDLC_ALL_STATION_14
/** @brief "Calling" physical device address (lower address a server uses
 *  as its source when it initiates a connection), 7-bit field. */
#define COSEM_HDLC_CALLING 0x7Eu
/** @brief "Calling" physical device address, 14-bit field. */
#define COSEM_HDLC_CALLING_14 0x3FFEu

/**
 * @brief Whether an address is well formed: len 1, 2 or 4 and every part
 *        within its field (7 bits, or 14 bits in the 4-octet form).
 * @param a Address.
 * @return true when it can be encoded.
 */
bool cosem_hdlc_addr_valid(const cosem_hdlc_addr_t *a);

/**
 * @brief Whether a destination address is an all-station (broadcast)
 *        address that reaches the station @p own.
 *
 * True for a 1-octet all-station address (0x7F), and for an address of
 * @p own's length whose upper and lower parts are each either all-station
 * or @p own's, at least one of them all-station (all logical devices of this
 * physical device, or this logical device on every physical device).
 * @param a   Destination address of a received frame.
 * @param own The receiving station's own address.
 * @return true when the frame is a broadcast that reaches @p own.
 */
bool cosem_hdlc_addr_is_broadcast_for(const cosem_hdlc_addr_t *a, const cosem_hdlc_addr_t *own);

/**
 * @brief Whether two addresses are the same (same length and parts).
 * @param a First. @param b Second.
 * @return true when equal.
 */
bool cosem_hdlc_addr_equal(const cosem_hdlc_addr_t *a, const cosem_hdlc_addr_t *b);

/** @} */

/* ===================================================================== */
/** @name Control field (modulo 8)
 *  Bit 0 = 0: I-frame `N(R) P/F N(S) 0`; bits 1..0 = 01: S-frame
 *  `N(R) P/F type 01`; bits 1..0 = 11: U-frame. */
/** @{ */

#define COSEM_HDLC_PF 0x10u   /**< @brief Poll/final bit. */
#define COSEM_HDLC_RR 0x01u   /**< @brief Receive ready (S), N(R) in bits 7..5. */
#define COSEM_HDLC_RNR 0x05u  /**< @brief Receive not ready (S), N(R) in bits 7..5. */
#define COSEM_HDLC_SNRM 0x83u /**< @brief Set normal response mode (U command). */
#define COSEM_HDLC_DISC 0x43u /**< @brief Disconnect (U command). */
#define COSEM_HDLC_UA 0x63u   /**< @brief Unnumbered acknowledge (U response). */
#define COSEM_HDLC_DM 0x0Fu   /**< @brief Disconnected mode (U response). */
#define COSEM_HDLC_FRMR 0x87u /**< @brief Frame reject (U response). */
#define COSEM_HDLC_UI 0x03u   /**< @brief Unnumbered information (U). */

/** @brief Control field of an I-frame. @param ns N(S). @param nr N(R). @param pf Poll/final (0/1). */
#define COSEM_HDLC_CTRL_I(ns, nr, pf)                                                    \
    ((uint8_t)((((unsigned)(nr) & 7u) << 5) | ((pf) ? COSEM_HDLC_PF : 0u) |               \
               (((unsigned)(ns) & 7u) << 1)))
/** @brief Control field of an S-frame. @param type ::COSEM_HDLC_RR or ::COSEM_HDLC_RNR.
 *  @param nr N(R). @param pf Poll/final (0/1). */
#define COSEM_HDLC_CTRL_S(type, nr, pf)                                                  \
    ((uint8_t)((((unsigned)(nr) & 7u) << 5) | ((pf) ? COSEM_HDLC_PF : 0u) | (unsigned)(type)))
/** @brief Control field of a U-frame. @param type ::COSEM_HDLC_SNRM ...
 *  ::COSEM_HDLC_UI. @param pf Poll/final (0/1). */
#define COSEM_HDLC_CTRL_U(type, pf) ((uint8_t)((unsigned)(type) | ((pf) ? COSEM_HDLC_PF : 0u)))
/** @brief N(S) of an I-frame control field. @param c Control field. */
#define COSEM_HDLC_CTRL_NS(c) ((uint8_t)(((unsigned)(c) >> 1) & 7u))
/** @brief N(R) of an I- or S-frame control field. @param c Control field. */
#define COSEM_HDLC_CTRL_NR(c) ((uint8_t)(((unsigned)(c) >> 5) & 7u))
/** @brief Poll/final bit of a control field (0/1). @param c Control field. */
#define COSEM_HDLC_CTRL_PF(c) ((uint8_t)(((unsigned)(c) >> 4) & 1u))

/** @brief What a control field is. */
typedef enum cosem_hdlc_kind {
    COSEM_HDLC_KIND_I,      /**< Information frame. */
    COSEM_HDLC_KIND_RR,     /**< Receive ready. */
    COSEM_HDLC_KIND_RNR,    /**< Receive not ready. */
    COSEM_HDLC_KIND_SNRM,   /**< Set normal response mode. */
    COSEM_HDLC_KIND_DISC,   /**< Disconnect. */
    COSEM_HDLC_KIND_UA,     /**< Unnumbered acknowledge. */
    COSEM_HDLC_KIND_DM,     /**< Disconnected mode. */
    COSEM_HDLC_KIND_FRMR,   /**< Frame reject. */
    COSEM_HDLC_KIND_UI,     /**< Unnumbered information. */
    COSEM_HDLC_KIND_UNKNOWN /**< Anything else (REJ, SREJ, undefined codes). */
} cosem_hdlc_kind_t;

/**
 * @brief Classify a control field.
 * @param control Control field octet.
 * @return Its kind; ::COSEM_HDLC_KIND_UNKNOWN for codes IEC 62056-46 does not use.
 */
cosem_hdlc_kind_t cosem_hdlc_ctrl_kind(uint8_t control);

/** @} */

/* ===================================================================== */
/** @name Frame codec */
/** @{ */

/**
 * @brief CRC-16/X.25 as HDLC uses it for HCS and FCS (reflected polynomial
 *        0x1021, initial value 0xFFFF, final XOR 0xFFFF).
 *
 * The check value of the ASCII string "123456789" is 0x906E. On the wire the
 * result is sent low octet first.
 * @param p Bytes (may be NULL when @p n is 0).
 * @param n Count.
 * @return The CRC.
 */
uint16_t cosem_hdlc_fcs(const uint8_t *p, size_t n);

/** @brief One decoded or to-be-encoded frame. */
typedef struct cosem_hdlc_frame {
    cosem_hdlc_addr_t dst; /**< Destination address. */
    cosem_hdlc_addr_t src; /**< Source address. */
    uint8_t control;       /**< Control field. */
    bool segmented;        /**< Segmentation bit of the format field (more segments follow). */
    const uint8_t *info;   /**< Information field (into the decoded buffer), NULL if none. */
    size_t info_len;       /**< Information field length; 0 when absent (then no HCS). */
} cosem_hdlc_frame_t;

/** @brief Which check of cosem_hdlc_frame_decode() failed. */
typedef enum cosem_hdlc_check {
    COSEM_HDLC_CHECK_OK = 0, /**< Every check passed. */
    COSEM_HDLC_CHECK_FORMAT, /**< Format type is not 3 (high nibble 0xA). */
    COSEM_HDLC_CHECK_LENGTH, /**< Length field differs from the octets given, or is too
                                  small for the header it announces. */
    COSEM_HDLC_CHECK_ADDRESS, /**< An address field has no end (extension bit) within
                                   4 octets or is 3 octets long. */
    COSEM_HDLC_CHECK_HCS,    /**< Header check sequence wrong. */
    COSEM_HDLC_CHECK_FCS     /**< Frame check sequence wrong. */
} cosem_hdlc_check_t;

/**
 * @brief Decode one frame.
 *
 * Checks, in this order: format type 3, length field equal to @p n, both
 * address fields, the HCS when there is an information field, the FCS.
 * @param p      The octets between the flags: format field through FCS.
 * @param n      Their count.
 * @param f      Output; @c info points into @p p.
 * @param failed Optional (may be NULL): which check failed, or
 *               ::COSEM_HDLC_CHECK_OK.
 * @return ::COSEM_OK; ::COSEM_E_TRUNCATED when @p n is shorter than the
 *         length field says (or than a format field); ::COSEM_E_MALFORMED for
 *         any other failed check; ::COSEM_E_ARG when @p f is NULL, or @p p
 *         is NULL with @p n > 0.
 */
cosem_status_t cosem_hdlc_frame_decode(const uint8_t *p, size_t n, cosem_hdlc_frame_t *f,
                                       cosem_hdlc_check_t *failed);

/**
 * @brief Encode one frame, flags included (`7E ... 7E`).
 * @param w Writer; on error its sticky status records it.
 * @param f Frame: valid addresses, any control, optional information field.
 * @return The writer's status: ::COSEM_E_ARG for an invalid address,
 *         ::COSEM_E_RANGE when the frame would exceed the 11-bit length,
 *         ::COSEM_E_NOSPACE when the writer is full.
 */
cosem_status_t cosem_hdlc_frame_encode(cosem_axdr_writer_t *w, const cosem_hdlc_frame_t *f);

/** @} */

/* ===================================================================== */
/** @name Parameter negotiation (information field of SNRM and UA)
 *  `81 80 len` then `05` max info TX, `06` max info RX, `07` window TX,
 *  `08` window RX, each `id len value` with a 1..4-octet big-endian value.
 *  Values are from the sender's point of view: in a SNRM "TX" is what the
 *  client sends, in a UA what the server sends. */
/** @{ */

/** @brief Link parameters, from one station's point of view. */
typedef struct cosem_hdlc_params {
    uint16_t max_info_tx; /**< Largest information field this station sends. */
    uint16_t max_info_rx; /**< Largest information field this station receives. */
    uint8_t window_tx;    /**< I-frames this station sends before it needs an ack. */
    uint8_t window_rx;    /**< I-frames this station receives before it acks. */
} cosem_hdlc_params_t;

/**
 * @brief Fill in the defaults (128, 128, 1, 1).
 * @param p Output.
 */
void cosem_hdlc_params_default(cosem_hdlc_params_t *p);

/**
 * @brief Decode a parameter negotiation field.
 *
 * An empty field (@p n = 0) and every absent parameter take the default.
 * Parameter identifiers other than 05..08 are skipped. Values wider than the
 * output field are saturated (a 4-octet window of 0x100 reads as 255); the
 * ranges are applied by cosem_hdlc_params_agree().
 * @param p   The information field of a SNRM or UA (may be NULL when @p n is 0).
 * @param n   Its length.
 * @param out Output.
 * @return ::COSEM_OK; ::COSEM_E_MALFORMED for a format identifier other than
 *         0x81, a group identifier other than 0x80, a group length that does
 *         not match, a value of 0 or more than 4 octets or trailing bytes;
 *         ::COSEM_E_TRUNCATED when a parameter runs past the end.
 */
cosem_status_t cosem_hdlc_params_decode(const uint8_t *p, size_t n, cosem_hdlc_params_t *out);

/**
 * @brief Encode a parameter negotiation field with all four parameters.
 *
 * Maximum information field lengths take the fewest octets (1 up to 255,
 * else 2), windows 4 octets, as the UA of common servers does
 * (`81 80 12 05 01 80 06 01 80 07 04 00 00 00 01 08 04 00 00 00 01` for the
 * defaults).
 * @param w Writer.
 * @param p Parameters.
 * @return The writer's status.
 */
cosem_status_t cosem_hdlc_params_encode(cosem_axdr_writer_t *w, const cosem_hdlc_params_t *p);

/**
 * @brief Agree on link parameters: the minimum of what the peer offers and
 *        what this station supports, seen from this station.
 *
 * agreed.max_info_tx = min(peer.max_info_rx, own.max_info_tx), agreed.max_info_rx =
 * min(peer.max_info_tx, own.max_info_rx), and the same for the windows. A
 * window above 7 or an information length above 2030 is thus reduced to
 * what this station supports (its own values are within range).
 * @param peer   The peer's values, from the peer's point of view (a decoded
 *               SNRM on a secondary, a decoded UA on a primary).
 * @param own    This station's values (within 32..2030 and 1..7).
 * @param agreed Output, from this station's point of view.
 * @return ::COSEM_OK; ::COSEM_E_RANGE when a peer value is below the minimum
 *         the standard allows (information length below 32, window 0): the
 *         secondary then refuses the connection with DM.
 */
cosem_status_t cosem_hdlc_params_agree(const cosem_hdlc_params_t *peer,
                                       const cosem_hdlc_params_t *own,
                                       cosem_hdlc_params_t *agreed);

/** @} */

/* ===================================================================== */
/** @name Station */
/** @{ */

/** @brief Which end of the link a station is. */
typedef enum cosem_hdlc_role {
    COSEM_HDLC_PRIMARY = 0,  /**< Primary station: the client, which polls. */
    COSEM_HDLC_SECONDARY = 1 /**< Secondary station: the server (meter), which answers polls. */
} cosem_hdlc_role_t;

/** @brief Link state. */
typedef enum cosem_hdlc_state {
    COSEM_HDLC_DISCONNECTED = 0, /**< Normal disconnected mode (NDM). */
    COSEM_HDLC_CONNECTING,       /**< Primary: SNRM sent, waiting for UA/DM. */
    COSEM_HDLC_CONNECTED,        /**< Normal response mode (NRM). */
    COSEM_HDLC_DISCONNECTING     /**< Primary: DISC sent, waiting for UA/DM. */
} cosem_hdlc_state_t;

/** @brief What an event reports. */
typedef enum cosem_hdlc_event_type {
    COSEM_HDLC_EV_CONNECTED,    /**< Link established (params agreed). */
    COSEM_HDLC_EV_DISCONNECTED, /**< Link gone; see the reason. */
    COSEM_HDLC_EV_DATA          /**< A complete MSDU (APDU) arrived. */
} cosem_hdlc_event_type_t;

/** @brief Why a link went down (::COSEM_HDLC_EV_DISCONNECTED). */
typedef enum cosem_hdlc_reason {
    COSEM_HDLC_REASON_NONE = 0,    /**< Not a disconnection. */
    COSEM_HDLC_REASON_LOCAL,       /**< Primary: our DISC was answered (UA or DM). */
    COSEM_HDLC_REASON_PEER,        /**< Secondary: the primary sent DISC. */
    COSEM_HDLC_REASON_REFUSED,     /**< Primary: SNRM answered with DM, or a UA with
                                        unusable parameters. */
    COSEM_HDLC_REASON_DM,          /**< Primary: DM received while connected. */
    COSEM_HDLC_REASON_FRMR,        /**< Primary: FRMR received. */
    COSEM_HDLC_REASON_INACTIVITY,  /**< No frame for the inactivity timeout. */
    COSEM_HDLC_REASON_NO_RESPONSE, /**< Primary: no answer after max_retries retries. */
    COSEM_HDLC_REASON_RESET        /**< Secondary: a new SNRM replaced the connection. */
} cosem_hdlc_reason_t;

/** @brief An event given to the event callback. */
typedef struct cosem_hdlc_event {
    cosem_hdlc_event_type_t type; /**< What happened. */
    cosem_hdlc_reason_t reason;   /**< Why (::COSEM_HDLC_EV_DISCONNECTED only). */
    const uint8_t *data;          /**< DATA: the APDU, LLC header stripped; valid only
                                       during the callback. */
    size_t len;                   /**< DATA: its length. */
    bool unnumbered;              /**< DATA came in a UI frame (no sequence numbers). */
    bool broadcast;               /**< DATA was sent to the all-station address: never
                                       answer it. */
    cosem_hdlc_addr_t peer;       /**< The peer station (a secondary: the client); for
                                       DATA the station the frame came from: in a UI frame
                                       any station, not necessarily the connected one, so
                                       serve it with that station's own rights. */
    const cosem_hdlc_params_t *params; /**< CONNECTED: the agreed parameters, from this
                                            station's point of view. */
} cosem_hdlc_event_t;

/**
 * @brief Send callback: write one complete frame (flags included) to the line.
 * @param user  The configured user pointer.
 * @param frame Frame bytes (valid only during the call).
 * @param len   Their count.
 * @return ::COSEM_OK, or an error: the frame counts as lost (the protocol's
 *         retransmission recovers it) and is counted in tx_errors.
 */
typedef cosem_status_t (*cosem_hdlc_send_fn)(void *user, const uint8_t *frame, size_t len);

/**
 * @brief Event callback. It may call cosem_hdlc_send(), cosem_hdlc_tx_buffer(),
 *        cosem_hdlc_disconnect() and the accessors, not cosem_hdlc_feed() or
 *        cosem_hdlc_poll().
 * @param user The configured user pointer.
 * @param ev   The event (valid only during the call).
 */
typedef void (*cosem_hdlc_event_fn)(void *user, const cosem_hdlc_event_t *ev);

/** @brief Station configuration (copied by cosem_hdlc_init()). */
typedef struct cosem_hdlc_config {
    cosem_hdlc_role_t role;   /**< Primary (client) or secondary (server). */
    cosem_hdlc_addr_t local;  /**< Own address: a server address (secondary, 1/2/4 octets)
                                   or a client address (primary, 1 octet). */
    cosem_hdlc_addr_t peer;   /**< Primary: the server address to talk to. Secondary:
                                   unused (any client may connect). */
    cosem_hdlc_params_t params; /**< Secondary: what it supports; primary: what it
                                     proposes. From this station's point of view; 0
                                     fields take the defaults (128 / 1). Information
                                     lengths 32..2030, windows 1..7. A primary whose
                                     four values are the defaults sends SNRM without a
                                     parameter field. */
    uint16_t info_tx_cap;     /**< 0: I-frames carry up to the agreed max_info_tx.
                                   Otherwise at most this many octets (for peers that
                                   mishandle full-size fields; the replay of a Gurux
                                   server capture uses 125 with 128 agreed). */
    uint32_t inactivity_timeout_ms;  /**< Link dropped after this long without a frame
                                          for us while connected; 0 = never. */
    uint32_t inter_frame_timeout_ms; /**< Partial frame discarded after this long
                                          without a byte; 0 = never. */
    uint32_t response_timeout_ms;    /**< Primary: time to wait for the answer to a
                                          poll before retrying; 0 = wait forever. */
    uint8_t max_retries;             /**< Primary: retries after a response timeout
                                          before giving up. */
    bool shared_msdu;                /**< One MSDU buffer for both directions
                                          (COSEM_HDLC_BUF_SIZE_SHARED()), for
                                          request/response use such as a meter's:
                                          the MSDU delivered to the event callback
                                          is valid only during the call and sits
                                          at the end of the buffer;
                                          cosem_hdlc_tx_buffer() lends the space
                                          before it (max_msdu +
                                          ::COSEM_HDLC_SHARED_SPARE less its
                                          length, at most max_msdu), so
                                          a response encoded there never overwrites
                                          the request it answers. No MSDU can be
                                          sent while one is being reassembled, and
                                          an I-frame that would start a new MSDU
                                          while one is going out is not taken (not
                                          acknowledged, so the peer sends it again;
                                          counted in busy_refused). */
    size_t max_msdu;                 /**< Largest APDU (LLC header excluded) sent or
                                          received; sizes the MSDU buffers. */
    struct {
        cosem_hdlc_send_fn fn; /**< Required. */
        void *user;            /**< Passed to @c fn. */
    } send;                    /**< Where frames go. */
    struct {
        cosem_hdlc_event_fn fn; /**< Optional (NULL: events are dropped). */
        void *user;             /**< Passed to @c fn. */
    } event;                    /**< Where events go. */
} cosem_hdlc_config_t;

/** @brief Diagnostics counters (they feed interface class 23 later). */
typedef struct cosem_hdlc_counters {
    uint32_t frames_ok;        /**< Frames received with good format, HCS and FCS. */
    uint32_t frames_sent;      /**< Frames given to the send callback. */
    uint32_t fcs_errors;       /**< Frames dropped for a wrong FCS. */
    uint32_t hcs_errors;       /**< Frames dropped for a wrong HCS. */
    uint32_t format_errors;    /**< Frames dropped for a format type other than 3 or a
                                    missing closing flag. */
    uint32_t length_errors;    /**< Frames dropped for an impossible length field. */
    uint32_t address_errors;   /**< Frames dropped for a malformed address field, or
                                    a source address of the wrong kind. */
    uint32_t other_station;    /**< Good frames for another station, ignored. */
    uint32_t partial_discarded; /**< Partial frames dropped by the inter-frame timeout. */
    uint32_t frmr_sent;        /**< FRMR frames sent (secondary). */
    uint32_t frmr_received;    /**< FRMR frames received (primary). */
    uint32_t dm_sent;          /**< DM frames sent (secondary). */
    uint32_t retransmissions;  /**< I-frames sent again. */
    uint32_t timeouts;         /**< Response timeouts (primary). */
    uint32_t duplicates;       /**< I-frames received out of sequence (repeats), not
                                    delivered. */
    uint32_t inactivity;       /**< Links dropped by the inactivity timeout. */
    uint32_t llc_errors;       /**< MSDUs dropped for a wrong LLC header. */
    uint32_t msdu_overflow;    /**< MSDUs dropped for being larger than max_msdu. */
    uint32_t tx_errors;        /**< Send callback failures. */
    uint32_t busy_refused;     /**< I-frames not taken because the shared MSDU buffer
                                    was still sending (cosem_hdlc_config_t::shared_msdu). */
} cosem_hdlc_counters_t;

/**
 * @brief A station. Complete type so the caller can place it anywhere;
 *        every field is private.
 */
typedef struct cosem_hdlc {
    cosem_hdlc_config_t cfg;  /**< @private Configuration (defaults applied). */
    uint8_t *rx_frame;        /**< @private Receive frame buffer. */
    size_t rx_cap;            /**< @private Its capacity. */
    uint8_t *tx_frame;        /**< @private Transmit frame buffer. */
    size_t tx_frame_cap;      /**< @private Its capacity. */
    uint8_t *rx_msdu;         /**< @private Reassembly buffer (max_msdu). */
    uint8_t *tx_msdu;         /**< @private LLC slot + max_msdu. */
    /* deframer */
    size_t rx_pos;            /**< @private Octets of the current frame received. */
    size_t rx_flen;           /**< @private Its length field (0 = not yet known). */
    size_t rx_hdr;            /**< @private Its header length (0 = not yet known). */
    uint32_t rx_last_ms;      /**< @private Time of the last octet received. */
    uint16_t rx_crc;          /**< @private Running CRC over the current frame. */
    uint8_t rx_state;         /**< @private Deframer state. */
    /* link */
    uint8_t state;            /**< @private ::cosem_hdlc_state_t. */
    uint8_t vs;               /**< @private V(S): next N(S) to send. */
    uint8_t vr;               /**< @private V(R): next N(S) expected. */
    uint8_t va;               /**< @private Oldest unacknowledged N(S). */
    uint8_t retries;          /**< @private Primary: retries so far. */
    uint8_t flags;            /**< @private Internal flags. */
    uint8_t frmr[3];          /**< @private Secondary: information field of the last FRMR. */
    cosem_hdlc_params_t agreed; /**< @private Agreed parameters (own point of view). */
    cosem_hdlc_addr_t peer;   /**< @private Connected peer. */
    size_t tx_len;            /**< @private Transmit MSDU length incl. LLC (0 = none). */
    size_t tx_base;           /**< @private Offset of the oldest unacknowledged octet. */
    size_t tx_next;           /**< @private Offset of the next octet to send. */
    size_t tx_high;           /**< @private Highest offset ever sent (retransmission count). */
    size_t rx_len;            /**< @private Reassembled octets of the current MSDU. */
    uint32_t now;             /**< @private Time of the current call. */
    uint32_t t_rx;            /**< @private Time of the last frame for us (inactivity). */
    uint32_t t_sent;          /**< @private Primary: time of the last poll. */
    cosem_hdlc_counters_t counters; /**< @private Diagnostics. */
    cosem_hdlc_addr_t next_local; /**< @private Secondary: own address taken when the
                                       link next goes down (len 0: none pending). */
} cosem_hdlc_t;

/**
 * @brief Prepare a station.
 * @param h   Station (any memory; fully initialised here).
 * @param cfg Configuration (copied).
 * @param buf Caller memory for the four buffers; must outlive the station.
 * @param len Its size: at least COSEM_HDLC_BUF_SIZE(max(max_info_tx,
 *            max_info_rx), max_msdu), or COSEM_HDLC_BUF_SIZE_SHARED() of the
 *            same with cosem_hdlc_config_t::shared_msdu. Memory beyond that enlarges the frame
 *            buffers (up to 2030 octets of information field), the ceiling
 *            for cosem_hdlc_set_params().
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL pointers, a missing send
 *         callback, an address unfit for the role or max_msdu 0;
 *         ::COSEM_E_RANGE for parameters outside 32..2030 / 1..7;
 *         ::COSEM_E_NOSPACE when @p len is too small; ::COSEM_E_UNSUPPORTED
 *         for a role this build leaves out (primary needs COSEM_WITH_CLIENT,
 *         secondary COSEM_WITH_SERVER).
 */
cosem_status_t cosem_hdlc_init(cosem_hdlc_t *h, const cosem_hdlc_config_t *cfg, uint8_t *buf,
                               size_t len);

/**
 * @brief Feed received bytes: any amount, from one byte to many frames.
 *
 * Handles shared flags between back-to-back frames, idle flags and noise
 * between frames. Complete frames are acted on at once: replies go out
 * through the send callback, complete MSDUs and link changes through the
 * event callback. A gap of inter_frame_timeout_ms or more before these
 * bytes discards a partial frame first.
 * @param h      Station.
 * @param bytes  Received bytes (may be NULL when @p n is 0).
 * @param n      Their count.
 * @param now_ms Monotonic milliseconds (wraps; only differences are used).
 * @return ::COSEM_OK (bad frames are counted, not returned); ::COSEM_E_ARG.
 */
cosem_status_t cosem_hdlc_feed(cosem_hdlc_t *h, const uint8_t *bytes, size_t n, uint32_t now_ms);

/**
 * @brief Advance the timers: inactivity (link dropped, DISCONNECTED event),
 *        inter-frame (partial frame discarded), and on a primary the response
 *        timeout (retransmit or poll again; give up after max_retries).
 * @param h      Station.
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK; ::COSEM_E_ARG.
 */
cosem_status_t cosem_hdlc_poll(cosem_hdlc_t *h, uint32_t now_ms);

/**
 * @brief Where to encode an APDU for zero-copy sending.
 * @param h   Station.
 * @param cap Output: its capacity (max_msdu; with a shared MSDU buffer, inside
 *            the event callback of a delivered MSDU, at most max_msdu +
 *            ::COSEM_HDLC_SHARED_SPARE less that MSDU's length), 0 when NULL
 *            is returned.
 * @return The buffer, or NULL while the previous MSDU is still going out (or,
 *         with a shared MSDU buffer, while one is being reassembled).
 */
uint8_t *cosem_hdlc_tx_buffer(cosem_hdlc_t *h, size_t *cap);

/**
 * @brief Send one MSDU (an APDU): adds the LLC header, segments it by the
 *        agreed maximum information length, and sends within the window;
 *        retransmission, acknowledgement and (secondary) waiting for the
 *        poll happen in later feed/poll calls.
 * @param h      Station (connected).
 * @param apdu   The APDU; may be the buffer of cosem_hdlc_tx_buffer() (no copy)
 *               or any other memory (copied).
 * @param n      Its length (1..max_msdu).
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK (queued or sent); ::COSEM_E_WOULDBLOCK while the
 *         previous MSDU is still going out (or, with a shared MSDU buffer,
 *         while one is being reassembled); ::COSEM_E_STATE when not
 *         connected; ::COSEM_E_NOSPACE when @p n exceeds max_msdu;
 *         ::COSEM_E_ARG.
 */
cosem_status_t cosem_hdlc_send(cosem_hdlc_t *h, const uint8_t *apdu, size_t n, uint32_t now_ms);

/**
 * @brief Secondary: the MSDU just delivered gets no answer (an unconfirmed
 *        service): a poll it carried is answered with RR at once instead of
 *        being held for a cosem_hdlc_send() that will not come.
 * @param h      Station.
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK; ::COSEM_E_STATE when not a connected secondary;
 *         ::COSEM_E_ARG; ::COSEM_E_UNSUPPORTED without COSEM_WITH_SERVER.
 */
cosem_status_t cosem_hdlc_send_none(cosem_hdlc_t *h, uint32_t now_ms);

/**
 * @brief Primary: send SNRM (with the parameter field unless every proposed
 *        value is a default). UA gives a CONNECTED event with the agreed
 *        parameters; DM a DISCONNECTED event with reason REFUSED.
 * @param h Station. @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK; ::COSEM_E_STATE when not disconnected or not a primary;
 *         ::COSEM_E_UNSUPPORTED without COSEM_WITH_CLIENT.
 */
cosem_status_t cosem_hdlc_connect(cosem_hdlc_t *h, uint32_t now_ms);

/**
 * @brief Close the link. Primary: send DISC; UA or DM gives a DISCONNECTED
 *        event (LOCAL). Secondary: drop the link at once (DISCONNECTED
 *        event, LOCAL) - in normal response mode it may not send unsolicited
 *        frames; the client's next frame gets DM. Anything still being sent
 *        is dropped.
 * @param h Station. @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK; ::COSEM_E_STATE when already disconnected.
 */
cosem_status_t cosem_hdlc_disconnect(cosem_hdlc_t *h, uint32_t now_ms);

/**
 * @brief Send one APDU in a UI frame (no segmentation, no answer expected),
 *        connected or not. Primary: P = 0, for broadcasts. Secondary: an
 *        unsolicited push (a data- or event-notification) to a client, F =
 *        1 and the response LLC header, as GuruxDLMS.c's server sends them
 *        (control 0x13).
 * @param h      Station.
 * @param dst    Destination (e.g. an all-station address, a client); NULL =
 *               the peer (a secondary: the connected client; ::COSEM_E_ARG
 *               when not connected).
 * @param apdu   The APDU.
 * @param n      Its length; with the LLC header it must fit the maximum
 *               information length (agreed when connected, else the
 *               configured max_info_tx).
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK; ::COSEM_E_NOSPACE when too long; ::COSEM_E_ARG.
 */
cosem_status_t cosem_hdlc_send_ui(cosem_hdlc_t *h, const cosem_hdlc_addr_t *dst,
                                  const uint8_t *apdu, size_t n, uint32_t now_ms);

/**
 * @brief The diagnostics counters.
 * @param h Station.
 * @return Pointer into the station (valid as long as it is).
 */
const cosem_hdlc_counters_t *cosem_hdlc_counters(const cosem_hdlc_t *h);

/**
 * @brief The link state.
 * @param h Station.
 * @return Current state.
 */
cosem_hdlc_state_t cosem_hdlc_state(const cosem_hdlc_t *h);

/**
 * @brief The agreed parameters (this station's point of view); the defaults
 *        before a connection.
 * @param h Station.
 * @return Pointer into the station.
 */
const cosem_hdlc_params_t *cosem_hdlc_params(const cosem_hdlc_t *h);

/**
 * @brief The connected peer address (secondary: the client that connected).
 * @param h Station.
 * @return Pointer into the station.
 */
const cosem_hdlc_addr_t *cosem_hdlc_peer(const cosem_hdlc_t *h);

/**
 * @brief Whether an MSDU is still going out (sent or queued, not yet fully
 *        acknowledged).
 * @param h Station.
 * @return true while cosem_hdlc_send() would return ::COSEM_E_WOULDBLOCK.
 */
bool cosem_hdlc_tx_busy(const cosem_hdlc_t *h);

/** @} */

/* ===================================================================== */
/** @name Live configuration (what interface class 23, IEC HDLC setup, reads and writes)
 *  The station's own configuration is the one source of truth: a change made
 *  here is what the next SNRM negotiates and the time-outs the station
 *  applies from the next feed/poll on. */
/** @{ */

/**
 * @brief The station's configuration as it stands (defaults applied,
 *        changes made with the functions below included).
 * @param h Station.
 * @return Pointer into the station.
 */
const cosem_hdlc_config_t *cosem_hdlc_config(const cosem_hdlc_t *h);

/**
 * @brief Change the parameters the station offers (secondary) or proposes
 *        (primary) from the next connection on; the link in progress keeps
 *        what it agreed.
 * @param h Station.
 * @param p New values, this station's point of view: information lengths
 *          32..2030 and windows 1..7 (no zero defaults here).
 * @return ::COSEM_OK; ::COSEM_E_RANGE for a value out of range or an
 *         information length above what the buffers given to
 *         cosem_hdlc_init() hold (the station is then unchanged);
 *         ::COSEM_E_ARG for NULL.
 */
cosem_status_t cosem_hdlc_set_params(cosem_hdlc_t *h, const cosem_hdlc_params_t *p);

/**
 * @brief Change the inactivity and inter-frame (inter-octet) time-outs;
 *        they apply from the next feed/poll.
 * @param h              Station.
 * @param inactivity_ms  Link dropped after this long without a frame; 0 never.
 * @param inter_frame_ms Partial frame discarded after this long; 0 never.
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL.
 */
cosem_status_t cosem_hdlc_set_timeouts(cosem_hdlc_t *h, uint32_t inactivity_ms,
                                       uint32_t inter_frame_ms);

/**
 * @brief Secondary: change the station's own address value (the lower,
 *        physical address with 2- and 4-octet addressing, the only one with
 *        1-octet addressing). It applies at once when no link is up, else
 *        when the link goes down (the answer to the request that set it
 *        still leaves from the old address).
 * @param h     Station.
 * @param value New address value (the addressing size stays as configured).
 * @return ::COSEM_OK; ::COSEM_E_RANGE when the value is not a valid station
 *         address of that size (reserved, all-station, beyond 7/14 bits);
 *         ::COSEM_E_ARG for NULL or a primary.
 */
cosem_status_t cosem_hdlc_set_address(cosem_hdlc_t *h, uint16_t value);

/**
 * @brief The station's own address value as cosem_hdlc_set_address() takes
 *        it (a pending change included).
 * @param h Station.
 * @return The address value.
 */
uint16_t cosem_hdlc_address(const cosem_hdlc_t *h);

/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_HDLC_H */
