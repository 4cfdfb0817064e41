/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file server.h
 * @brief Server application layer: one logical device (its objects and
 *        association configurations) and the associations open on it.
 *
 * @defgroup server Server
 * @brief Association control (AARQ/AARE, RLRQ/RLRE), logical-name services
 *        in every form, block transfer, access rights, dispatch to classes.
 *
 * A ::cosem_server_t is one logical device: the application's object table
 * (see object.h), its association configurations (client SAP, authentication,
 * conformance offered, access level) and the platform port. It holds no
 * per-connection state. Each link connection (an HDLC connection, a TCP
 * connection carrying the wrapper) gets a ::cosem_assoc_t placed by the
 * caller with its own work buffer; several may be open on one server.
 *
 * Flow: when a link connects, cosem_assoc_open() with the client SAP; every
 * APDU the link delivers goes to cosem_assoc_handle(), which writes the
 * response (if any) into the caller's output buffer, normally the link's
 * transmit buffer (cosem_hdlc_tx_buffer(), cosem_wrapper_tx_buffer()); when
 * the link disconnects, cosem_assoc_close(). cosem_server_tick() once a second
 * drives the objects' periodic work.
 *
 * The work buffer of an association bounds what it can handle: the
 * reassembly of a SET/ACTION sent in blocks, the return parameters of an
 * ACTION and the encoding of one GET block. A GET value larger than one APDU
 * streams through it block by block (see cosem_req_commit()).
 *
 * Requires `COSEM_WITH_SERVER`.
 * @{
 */
#ifndef COSEM_SERVER_H
#define COSEM_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/apdu.h>
#include <cosem/config.h>
#include <cosem/object.h>
#include <cosem/port.h>
#include <cosem/status.h>
#if COSEM_WITH_SECURITY
#include <cosem/security.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** @brief A secret (LLS password, HLS key): application RAM, since the
 *  Association LN object may change it (persist it from an ops->set). */
typedef struct cosem_secret {
    uint8_t len;                      /**< Octets used. */
    uint8_t buf[COSEM_MAX_SECRET];    /**< The secret. */
} cosem_secret_t;

/**
 * @brief Restore a secret persisted as the raw octets of a ::cosem_secret_t
 *        (this build's layout): its length is checked (at most
 *        COSEM_MAX_SECRET) before @p s changes, so a bad file can never make
 *        the comparison read past the buffer.
 * @param s   Secret to fill; unchanged on error.
 * @param raw The saved octets.
 * @param n   Their number (sizeof(cosem_secret_t)).
 * @return ::COSEM_OK; ::COSEM_E_MALFORMED; ::COSEM_E_ARG.
 */
cosem_status_t cosem_secret_load(cosem_secret_t *s, const void *raw, size_t n);

/** @brief One association configuration, selected by the client SAP. */
typedef struct cosem_assoc_config {
    uint16_t client_sap;       /**< Client SAP (0x10 public client, ...). */
    uint8_t mechanism;         /**< ::cosem_auth_t required. */
    uint8_t level;             /**< Index into every object's access table (< COSEM_MAX_ACCESS_LEVELS). */
    uint32_t conformance;      /**< Services offered (COSEM_CONF_*); negotiated = offered & proposed. */
    cosem_secret_t *secret;    /**< LLS password / HLS secret; NULL when mechanism is none. */
    /** Logical name of this association's Association LN object
     *  (0.0.40.0.n.255); NULL when it has none besides 0.0.40.0.0.255. */
    const uint8_t *ln;
    bool pre_established;      /**< Associated from cosem_assoc_open() on, no AARQ (broadcast, push). */
    /** Security context (keys, policy, counters; see security.h) of this
     *  association; NULL: no ciphering (ciphered APDUs are refused). Needed
     *  for HLS 5/6. Ignored without ::COSEM_WITH_SECURITY. */
    struct cosem_security *security;
} cosem_assoc_config_t;

/** @brief What the server reports to the application. */
typedef enum cosem_server_event_type {
    COSEM_SERVER_ASSOCIATED = 1,    /**< An AARQ was accepted. */
    COSEM_SERVER_REJECTED = 2,      /**< An AARQ was rejected (diagnostic in the event). */
    COSEM_SERVER_AUTH_FAILED = 3,   /**< Wrong password or HLS reply: raised once per window, for
                                         its first failure (an event log keeps one entry per
                                         window, never one per guess); the later failures of
                                         the window raise nothing and are only counted. */
    COSEM_SERVER_RELEASED = 4,      /**< Released by RLRQ or closed with the link. */
    COSEM_SERVER_LOCKED_OUT = 5     /**< Too many failed authentications: the configuration
                                         refuses every AARQ for the lockout time. */
} cosem_server_event_type_t;

/** @brief Event passed to cosem_server_config_t::event. */
typedef struct cosem_server_event {
    uint8_t type;                   /**< ::cosem_server_event_type_t. */
    uint16_t client_sap;            /**< Client concerned. */
    uint8_t diagnostic;             /**< REJECTED: ::cosem_assoc_diag_t. */
    uint16_t failures;              /**< AUTH_FAILED, LOCKED_OUT: failed authentications of the
                                         configuration counted in the current window. */
} cosem_server_event_t;

/** @brief Configuration of a logical device; the pointed-to memory must
 *  outlive the server. */
typedef struct cosem_server_config {
    const cosem_object_t *objects;        /**< The object table. */
    size_t object_count;                  /**< Its length (at most 65535). */
    /** Room for object_count entries: the server sorts an index by logical
     *  name into it. NULL when the table is already sorted by logical name
     *  (cosem_server_init() checks). */
    uint16_t *index;
    const cosem_assoc_config_t *assocs;   /**< Association configurations. */
    size_t assoc_count;                   /**< Their number. */
    const cosem_port_t *port;             /**< Platform port (clock, relays, ...); may be NULL. */
    uint16_t max_pdu;                     /**< server-max-receive-pdu-size announced (>= 64). */
    /** Events; NULL: none. */
    void (*event)(void *user, const cosem_server_event_t *ev);
    void *user;                           /**< For @c event. */
    /** Failed-authentication throttling, per configuration and per link
     *  (needs the port's now_ms; without it nothing is throttled). After a
     *  failure the next AARQ of that configuration, and of that link, is
     *  refused unchecked for this delay, doubled with each failure (0:
     *  100 ms, so at most 10 guesses per second). */
    uint16_t auth_delay_ms;
    uint8_t auth_max_failures;            /**< Failures before a lockout (0: 5). */
    uint32_t auth_lockout_ms;             /**< Lockout time; also the quiet time after which
                                               failures are forgotten (0: 60,000 ms). */
#if COSEM_WITH_SN
    /** Short-name referencing: the base name of each object, in table
     *  order, ascending, multiples of 8, none inside the Association SN's
     *  0xFA00-0xFAFF; NULL: assigned by cosem_server_init() in logical-name
     *  order from ::COSEM_SN_FIRST_BASE, each object taking the span of its
     *  class (cosem_server_sn_base()). */
    const uint16_t *sn_base;
#endif
} cosem_server_config_t;

/** @brief Failed-authentication state of one configuration. Private. */
typedef struct cosem_server_auth {
    uint16_t failures;      /**< @private Failed attempts of the window. */
    uint8_t checked;        /**< @private Of them, passwords actually compared. */
    uint8_t locked;         /**< @private Lockout running. */
    uint32_t next_ms;       /**< @private No check before this time. */
} cosem_server_auth_t;

/** @brief A logical device. Fields are private. */
typedef struct cosem_server {
    cosem_server_config_t cfg_;  /**< @private */
    cosem_server_auth_t auth_[COSEM_AUTH_THROTTLE_SLOTS]; /**< @private Per configuration. */
} cosem_server_t;

#if COSEM_WITH_SN
/** @brief First base name cosem_server_init() assigns. */
#define COSEM_SN_FIRST_BASE 0x0100u

/**
 * @brief Short names an object of a class spans: its attributes and its
 *        methods (cosem_sn_method_offset()), 8 per item.
 * @param cls Interface class.
 * @return Octets of name space, a multiple of 8; 0 for NULL.
 */
uint16_t cosem_sn_span(const cosem_class_t *cls);

/**
 * @brief Base name of an object under short-name referencing.
 * @param s   Server.
 * @param obj Object of its table.
 * @return The base name (configured or assigned); 0 for an object not in
 *         the table or NULL arguments.
 */
uint16_t cosem_server_sn_base(const cosem_server_t *s, const cosem_object_t *obj);

/**
 * @brief The object and attribute or method a short name refers to.
 * @param s      Server.
 * @param name   Short name.
 * @param id     Output: attribute id (> 0) or minus the method id (< 0).
 * @return The object; NULL when no object spans @p name, or it falls
 *         between its attributes and its first method, or past its last
 *         method.
 */
const cosem_object_t *cosem_server_sn_find(const cosem_server_t *s, uint16_t name, int *id);
#endif

/**
 * @brief Prepare a server.
 * @param s   Server.
 * @param cfg Configuration, copied (the memory it points to must outlive the
 *            server); @c index, when given, is filled here.
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL arguments, a missing table, more
 *         than 65535 objects, @c max_pdu below 64, a duplicate logical name,
 *         two configurations with one client SAP, a level out of range, a
 *         mechanism other than none without a secret, an unsorted table
 *         without @c index, an object without a class or one its class's
 *         check refuses, or (when an association offers READ, WRITE or
 *         unconfirmed WRITE) short names that overlap, are out of order,
 *         reach into 0xFA00-0xFAFF or past 0xFFFF.
 */
cosem_status_t cosem_server_init(cosem_server_t *s, const cosem_server_config_t *cfg);

/**
 * @brief Find an object by logical name (binary search, O(log n)).
 * @param s    Server.
 * @param obis Logical name.
 * @return The object; NULL if none (or for a NULL argument).
 */
const cosem_object_t *cosem_server_find(const cosem_server_t *s, const uint8_t obis[6]);

/**
 * @brief Number of objects of the logical device (for iteration with
 *        cosem_server_object_at()).
 * @param s Server.
 * @return The object count; 0 for a NULL @p s.
 */
size_t cosem_server_object_count(const cosem_server_t *s);
/**
 * @brief The i-th object in logical-name order.
 * @param s Server.
 * @param i Position, 0 to cosem_server_object_count() - 1.
 * @return The object; NULL past the end (or for a NULL @p s).
 */
const cosem_object_t *cosem_server_object_at(const cosem_server_t *s, size_t i);

/**
 * @brief Read one attribute as the server itself (no association, no access
 *        check, no streaming: the whole value must fit @p w). Used for profile
 *        captures and push messages. Attribute 1 gives the logical name.
 * @param s    Server.
 * @param obj  Object (from the server's table).
 * @param attr Attribute id, 1 to the class's attribute count.
 * @param w    Output writer: one Data on success; on failure it is wound
 *             back to where it was (unless the writer itself has failed).
 * @return ::COSEM_DAR_SUCCESS, or the data-access-result of the get;
 *         ::COSEM_DAR_OBJECT_UNDEFINED for @p attr out of range;
 *         ::COSEM_DAR_OTHER_REASON for NULL arguments or a value that does not
 *         fit @p w.
 */
cosem_dar_t cosem_server_read(cosem_server_t *s, const cosem_object_t *obj, int8_t attr,
                              cosem_axdr_writer_t *w);

/**
 * @brief Write one attribute as the server itself (no association, no access
 *        check): the path scripts (class 9) use. The class validates the
 *        value as it does for a SET request.
 * @param s     Server.
 * @param obj   Object (from the server's table).
 * @param attr  Attribute id, 2 to the class's attribute count.
 * @param value One whole Data (A-XDR).
 * @param n     Its length.
 * @return The data-access-result of the set; ::COSEM_DAR_OBJECT_UNDEFINED for
 *         @p attr out of range; ::COSEM_DAR_READ_WRITE_DENIED for attribute 1;
 *         ::COSEM_DAR_OTHER_REASON for NULL arguments.
 */
cosem_dar_t cosem_server_write(cosem_server_t *s, const cosem_object_t *obj, int8_t attr,
                               const uint8_t *value, size_t n);

/**
 * @brief Execute one method as the server itself (no association, no
 *        access check): the path scripts (class 9) use.
 * @param s      Server.
 * @param obj    Object (from the server's table).
 * @param method Method id, 1 to the class's method count.
 * @param params One whole Data (A-XDR); NULL or empty: null-data.
 * @param n      Its length.
 * @param ret    Writer for return parameters; NULL: they are dropped.
 * @return The data-access-result of the action; ::COSEM_DAR_OBJECT_UNDEFINED
 *         for @p method out of range; ::COSEM_DAR_OTHER_REASON for NULL
 *         arguments.
 */
cosem_dar_t cosem_server_invoke(cosem_server_t *s, const cosem_object_t *obj, int8_t method,
                                const uint8_t *params, size_t n, cosem_axdr_writer_t *ret);

/**
 * @brief Once a second: calls every class's tick with the port's wall clock
 *        (UTC seconds; -1 when the port has no valid time).
 * @param s Server (NULL: nothing is done).
 */
void cosem_server_tick(cosem_server_t *s);

/**
 * @brief The server's port.
 * @param s Server (may be NULL).
 * @return The configured port; never NULL: an empty port (every member NULL)
 *         when none was given.
 */
const cosem_port_t *cosem_server_port(const cosem_server_t *s);

/** @brief One attribute of a push message. */
typedef struct cosem_push_item {
    const cosem_object_t *obj;  /**< Object (from the server's table). */
    int8_t attr;                /**< Attribute id. */
} cosem_push_item_t;

/**
 * @brief Encode a data-notification APDU whose body is a structure of the
 *        values of @p items (read with cosem_server_read(); an attribute that
 *        cannot be read is sent as null-data).
 * @param s      Server.
 * @param invoke long-invoke-id-and-priority.
 * @param time   Date-time of the notification; NULL: absent.
 * @param items  Attributes to send.
 * @param n      Their number.
 * @param w      Output writer (the whole APDU must fit).
 * @return The writer's status; ::COSEM_E_ARG for NULL arguments.
 */
cosem_status_t cosem_server_data_notification(cosem_server_t *s, uint32_t invoke,
                                              const cosem_datetime_t *time,
                                              const cosem_push_item_t *items, size_t n,
                                              cosem_axdr_writer_t *w);

/**
 * @brief Encode an event-notification-request APDU carrying the value of
 *        one attribute (null-data when it cannot be read).
 * @param s    Server.
 * @param obj  Object.
 * @param attr Attribute id.
 * @param time Date-time; NULL: absent.
 * @param w    Output writer.
 * @return The writer's status; ::COSEM_E_ARG for NULL arguments.
 */
cosem_status_t cosem_server_event_notification(cosem_server_t *s, const cosem_object_t *obj,
                                               int8_t attr, const cosem_datetime_t *time,
                                               cosem_axdr_writer_t *w);

#if COSEM_WITH_SN
/**
 * @brief Encode an informationReportRequest (short-name referencing, the
 *        unsolicited report of an SN meter): the variable names of the
 *        attributes of @p items (cosem_server_sn_base() + 8 (attr - 1)) and
 *        their values (cosem_server_read(); null-data when an attribute
 *        cannot be read).
 * @param s     Server.
 * @param time  current-time; NULL: absent (a 0 length).
 * @param items Attributes to report.
 * @param n     Their number (1 or more).
 * @param w     Output writer (the whole APDU must fit).
 * @return The writer's status; ::COSEM_E_ARG for NULL arguments, no item,
 *         or an item without object or with an attribute the class does
 *         not have.
 */
cosem_status_t cosem_server_information_report(cosem_server_t *s, const cosem_datetime_t *time,
                                               const cosem_push_item_t *items, size_t n,
                                               cosem_axdr_writer_t *w);
#endif

/** @brief State of an association. */
typedef enum cosem_assoc_state {
    COSEM_ASSOC_IDLE = 0,         /**< No link or not associated. */
    COSEM_ASSOC_ASSOCIATED = 1,   /**< Associated: services allowed. */
    COSEM_ASSOC_PENDING_HLS = 2   /**< HLS: waiting for reply_to_HLS_authentication. */
} cosem_assoc_state_t;

/** @brief One association (one link connection). Fields are private. */
typedef struct cosem_assoc {
    cosem_server_t *server_;            /**< @private */
    const cosem_assoc_config_t *cfg_;   /**< @private Configuration of the client SAP. */
    uint8_t *buf_;                      /**< @private Work buffer. */
    size_t cap_;                        /**< @private Its size. */
    uint8_t state_;                     /**< @private ::cosem_assoc_state_t. */
    uint8_t mechanism_;                 /**< @private Mechanism the client used. */
    uint16_t client_sap_;               /**< @private */
    uint32_t conformance_;              /**< @private Negotiated. */
    uint16_t client_max_pdu_;           /**< @private */
    uint8_t auth_fails_;                /**< @private Failed authentications on this link. */
    uint32_t auth_next_ms_;             /**< @private This link checks no secret before. */
    /* Long transfer in progress (GET blocks, SET/ACTION reassembly, ACTION pblocks). */
    uint8_t xfer_;                      /**< @private Kind, 0 none. */
    uint8_t xfer_invoke_;               /**< @private */
    bool xfer_done_;                    /**< @private GET: the value is complete in buf_. */
    uint32_t xfer_block_;               /**< @private Last block number sent/received. */
    size_t xfer_len_;                   /**< @private Octets held in buf_. */
    size_t xfer_pos_;                   /**< @private GET: end of the data area (saved request after it); SET/ACTION: start of the data. */
    cosem_req_t xfer_req_;              /**< @private The streaming request. */
    uint16_t xfer_item_;                /**< @private With-list position. */
    uint16_t xfer_count_;               /**< @private */
    const uint8_t *xfer_list_;          /**< @private With-list descriptors (kept in buf_). */
    size_t xfer_list_len_;              /**< @private Their length. */
    size_t xfer_off_;                   /**< @private Offset of the next descriptor. */
#if COSEM_WITH_GBT
    bool gbt_;                          /**< @private The GET response leaves in general-block-transfer blocks. */
    uint16_t gbt_sent_;                 /**< @private Last GBT block number sent. */
    uint16_t gbt_peer_;                 /**< @private Last GBT block number received (acknowledged back). */
    size_t gbt_held_;                   /**< @private Octets of the blocks sent and not acknowledged, kept in front of buf_ for a resend. */
    uint16_t gbt_payload_;              /**< @private Block-data octets of a full block. */
    uint8_t gbt_left_;                  /**< @private Blocks of the window still to send (cosem_assoc_next()). */
    uint8_t gbt_link_;                  /**< @private Blocks the link sends per acknowledgement (cosem_assoc_set_gbt_window()); 0 is 1. */
#endif
#if COSEM_WITH_SN
    bool sn_;                           /**< @private Associated with short-name referencing. */
#endif
#if COSEM_WITH_SECURITY
    uint8_t sec_form_;                  /**< @private 1 + form of the ciphered request being answered, 0 plain. */
    uint8_t sec_sc_;                    /**< @private Its security control octet. */
    bool has_dk_;                       /**< @private A dedicated key came with the AARQ. */
    bool has_title_;                    /**< @private The client's system title is known. */
    uint8_t client_title_[8];           /**< @private From the AARQ calling-AP-title. */
    uint8_t stoc_len_;                  /**< @private HLS: server challenge length. */
    uint8_t ctos_len_;                  /**< @private HLS: client challenge length. */
    uint8_t stoc_[64];                  /**< @private */
    uint8_t ctos_[64];                  /**< @private */
    cosem_aes128_t dk_;                 /**< @private Dedicated key. */
#endif
} cosem_assoc_t;

/**
 * @brief Prepare an association on server @p s with a work buffer.
 * @param a   Association.
 * @param s   Server.
 * @param buf Work buffer (max_pdu + 32 lets every long transfer use full
 *            blocks; a few hundred octets are enough for a small meter).
 * @param cap Its size (>= 64).
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL argument or @p cap below 64.
 *
 * A GET-normal value that fits one response never touches the buffer: it
 * is encoded straight into the response buffer. The buffer holds a GET
 * value being sent in blocks (one block plus what the last committed
 * element wrote past it, so blocks are at most about @p cap long; a longer
 * value without commits must fit whole), the selective-access parameters
 * or with-list descriptors of a transfer (at most half the buffer), a SET
 * value / ACTION parameters arriving in blocks, and ACTION return
 * parameters leaving in pblocks.
 */
cosem_status_t cosem_assoc_init(cosem_assoc_t *a, cosem_server_t *s, uint8_t *buf, size_t cap);

/**
 * @brief A link connection was established by client @p client_sap.
 *
 * An association still open on @p a is released first. With a
 * pre-established configuration the association is associated at once.
 * @param a          Association (prepared by cosem_assoc_init()).
 * @param client_sap Client SAP of the connection.
 * @return ::COSEM_OK; ::COSEM_E_NOTFOUND when no configuration has that SAP
 *         (refuse the connection); ::COSEM_E_ARG for a NULL or unprepared
 *         @p a.
 */
cosem_status_t cosem_assoc_open(cosem_assoc_t *a, uint16_t client_sap);

/**
 * @brief The link connection ended: releases the association and any
 *        transfer (::COSEM_SERVER_RELEASED is raised when it was associated).
 * @param a Association (NULL or not opened: nothing is done).
 */
void cosem_assoc_close(cosem_assoc_t *a);

/**
 * @brief Handle one APDU from the client.
 * @param a       Association (opened).
 * @param apdu    The APDU.
 * @param len     Its length.
 * @param out     Where to write the response APDU.
 * @param cap     Its capacity (the response is also kept within the
 *                client's max receive PDU size).
 * @param out_len Output: the response length, 0 when there is none
 *                (unconfirmed service, or nothing to answer).
 * @return ::COSEM_OK whenever the APDU was handled, even when the answer is
 *         a rejection or an exception-response; ::COSEM_E_STATE when not
 *         opened; ::COSEM_E_ARG for NULL arguments.
 */
cosem_status_t cosem_assoc_handle(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                                  uint8_t *out, size_t cap, size_t *out_len);

#if COSEM_WITH_GBT
/**
 * @brief Let this link send general-block-transfer windows: up to @p window
 *        blocks of a long GET response per acknowledgement of the client
 *        (never more than the window the client announces in its
 *        acknowledgement, nor than the work buffer holds: unacknowledged
 *        blocks are kept there for a resend).
 *
 * The default, 1, sends one block per acknowledgement and never needs
 * cosem_assoc_next(). A link that sets more must, after each response of
 * cosem_assoc_handle(), call cosem_assoc_next() and send what it returns
 * until it returns no APDU: every block but the last of a window carries
 * the streaming bit, so the client waits for them. The setting survives
 * cosem_assoc_open() and cosem_assoc_close().
 * @param a      Association (prepared by cosem_assoc_init()).
 * @param window Blocks per acknowledgement, 1 to ::COSEM_GBT_WINDOW_MAX
 *               (0 is taken as 1, more as ::COSEM_GBT_WINDOW_MAX).
 */
void cosem_assoc_set_gbt_window(cosem_assoc_t *a, uint8_t window);

/**
 * @brief The next APDU of a general-block-transfer window being sent (see
 *        cosem_assoc_set_gbt_window()).
 * @param a       Association.
 * @param out     Where to write the APDU.
 * @param cap     Its capacity: the same as given to cosem_assoc_handle().
 * @param out_len Output: the APDU's length, 0 when the window is complete
 *                (or no transfer is running).
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL arguments.
 */
cosem_status_t cosem_assoc_next(cosem_assoc_t *a, uint8_t *out, size_t cap, size_t *out_len);
#endif

/**
 * @brief Serve one APDU that came outside any connection (an HDLC UI frame,
 *        a broadcast): only an unconfirmed GET, SET or ACTION in its normal
 *        form runs, only when @p a is already associated (a pre-established
 *        configuration), and nothing is answered. AARQ, RLRQ, confirmed
 *        services and block transfers are refused and leave @p a as it was.
 *
 * Open @p a with the frame's own source address (cosem_assoc_open()), never
 * use the connected client's association: a frame runs with the rights of
 * where it came from.
 * @param a       Association opened for the frame's source address.
 * @param apdu    The APDU.
 * @param len     Its length.
 * @param scratch Work memory for the response that is not sent.
 * @param cap     Its capacity.
 * @return ::COSEM_OK when the service ran; ::COSEM_E_DENIED when @p a is not
 *         associated or the APDU is not such a service; ::COSEM_E_ARG for
 *         NULL arguments.
 */
cosem_status_t cosem_assoc_handle_connectionless(cosem_assoc_t *a, const uint8_t *apdu,
                                                 size_t len, uint8_t *scratch, size_t cap);

/**
 * @brief ::cosem_assoc_state_t of the association.
 * @param a Association.
 * @return Its state; ::COSEM_ASSOC_IDLE for a NULL @p a.
 */
cosem_assoc_state_t cosem_assoc_state(const cosem_assoc_t *a);
/**
 * @brief Negotiated conformance.
 * @param a Association.
 * @return The negotiated COSEM_CONF_* bits; 0 when not associated (also
 *         while HLS is pending) or for a NULL @p a.
 */
uint32_t cosem_assoc_conformance(const cosem_assoc_t *a);
/**
 * @brief Configuration in use.
 * @param a Association.
 * @return The configuration cosem_assoc_open() selected; NULL when not
 *         opened, after cosem_assoc_close(), or for a NULL @p a.
 */
const cosem_assoc_config_t *cosem_assoc_config(const cosem_assoc_t *a);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_SERVER_H */
