/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file client.h
 * @brief Client (head-end) application layer: one non-blocking session with
 *        one meter, over HDLC, the wrapper or bare APDUs.
 *
 * @defgroup client Client
 * @brief Association (AARQ/AARE, RLRQ/RLRE), GET/SET/ACTION in every form
 *        with automatic block transfer, selective access, object list,
 *        data and event notifications.
 *
 * A ::cosem_client_t is one session: it embeds its link context (an HDLC
 * primary station or a wrapper reassembler, chosen by
 * cosem_client_config_t::link) and carves every buffer from the one caller
 * buffer given to cosem_client_init(). It does no I/O and has no global
 * state, so one thread drives any number of sessions:
 *
 * - bytes received from the line or socket go to cosem_client_feed();
 * - bytes to send leave through the configured send callback (HDLC frames,
 *   wrapper header + APDU, or the bare APDU);
 * - time advances in cosem_client_poll() (response time-outs, retries, the
 *   HDLC timers).
 *
 * Operations are started by cosem_client_connect(), cosem_client_get(),
 * cosem_client_set(), cosem_client_action() (and their list forms),
 * cosem_client_object_list(), cosem_client_release() and
 * cosem_client_disconnect(); one runs at a time per session (another call
 * while one runs gives ::COSEM_E_WOULDBLOCK). Starting one only queues the
 * request; it completes in a later feed or poll call. Completion is both
 * pollable (cosem_client_busy(), cosem_client_error()) and reported through
 * the optional `done` callback.
 *
 * Results stream into the caller's code: a GET value that is an array (a
 * profile buffer, the object list) is delivered element by element through
 * the operation's ::cosem_client_data_fn as soon as each element is complete,
 * across block boundaries, so reading 100,000 profile rows needs memory for
 * one row only (the reassembly area of cosem_client_config_t::element_max).
 * Every other value is delivered whole. cosem_client_collect_fn() is a
 * ready-made callback that assembles a whole value into caller memory and
 * decodes it into the value tree of value.h.
 *
 * Every failure is reported with its layer (::cosem_client_error_t): the
 * link (HDLC refusal, DM, FRMR, no response; a broken wrapper stream), the
 * association (AARE result and diagnostic, confirmedServiceError), the
 * service (exception-response, a malformed or unexpected response) or the
 * data (data-access-result / action-result of the attribute or method).
 *
 * Requires `COSEM_WITH_CLIENT` (and `COSEM_WITH_HDLC` / `COSEM_WITH_WRAPPER`
 * for those links).
 * @{
 */
#ifndef COSEM_CLIENT_H
#define COSEM_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/apdu.h>
#include <cosem/axdr.h>
#include <cosem/config.h>
#include <cosem/security.h>
#include <cosem/sn.h>
#include <cosem/datetime.h>
#include <cosem/hdlc.h>
#include <cosem/status.h>
#include <cosem/value.h>
#include <cosem/wrapper.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ===================================================================== */
/** @name Configuration */
/** @{ */

/**
 * @brief Proposed conformance when cosem_client_config_t::conformance is 0:
 *        the set Gurux's LN clients propose (`5F 1F 04 00 40 1E 1D`, see
 *        tests/vectors/guruxc-client_guruxc-server_hdlc_noauth_getclock.txt):
 *        general-protection, block-transfer with get/set/action,
 *        multiple-references, get, set, selective-access, action.
 */
#define COSEM_CLIENT_DEFAULT_CONFORMANCE                                                     \
    (COSEM_CONF_GENERAL_PROTECTION | COSEM_CONF_BLOCK_TRANSFER_GET |                         \
     COSEM_CONF_BLOCK_TRANSFER_SET | COSEM_CONF_BLOCK_TRANSFER_ACTION |                      \
     COSEM_CONF_MULTIPLE_REFERENCES | COSEM_CONF_GET | COSEM_CONF_SET |                      \
     COSEM_CONF_SELECTIVE_ACCESS | COSEM_CONF_ACTION)

/**
 * @brief Default proposed conformance of a short-name client
 *        (cosem_client_config_t::sn): read, write, unconfirmed-write,
 *        block-transfer-with-get-or-read, block-transfer-with-set-or-write,
 *        multiple-references, information-report, parameterized-access.
 */
#define COSEM_CLIENT_SN_CONFORMANCE                                                          \
    (COSEM_CONF_READ | COSEM_CONF_WRITE | COSEM_CONF_UNCONFIRMED_WRITE |                     \
     COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_BLOCK_TRANSFER_SET |                         \
     COSEM_CONF_MULTIPLE_REFERENCES | COSEM_CONF_INFORMATION_REPORT |                        \
     COSEM_CONF_PARAMETERIZED_ACCESS)

/** @brief Default largest APDU (cosem_client_config_t::max_apdu = 0). */
#define COSEM_CLIENT_DEFAULT_MAX_APDU 1024u
/** @brief Default reassembly area for one streamed element
 *  (cosem_client_config_t::element_max = 0). */
#define COSEM_CLIENT_DEFAULT_ELEMENT_MAX 512u

/** @brief The link a session runs over. */
typedef enum cosem_client_link {
    /** Wrapper over TCP (or UDP): the send callback gets header + APDU,
     *  cosem_client_feed() takes the TCP byte stream (or one datagram per
     *  call). The TCP connection itself is the caller's. */
    COSEM_CLIENT_LINK_WRAPPER = 0,
    /** HDLC (IEC 62056-46) over a serial line or TCP: the session is the
     *  primary station; connect sends SNRM, disconnect DISC. */
    COSEM_CLIENT_LINK_HDLC = 1,
    /** No link layer: the send callback gets each bare APDU and every
     *  cosem_client_feed() call must hold exactly one complete APDU (an
     *  in-memory server, a transport of the caller's own). */
    COSEM_CLIENT_LINK_APDU = 2
} cosem_client_link_t;

/** @brief Output callback: send @p len octets (valid during the call).
 *  Same shape as ::cosem_hdlc_send_fn, ::cosem_wrapper_send_fn and
 *  cosem_posix_link_send(). */
typedef cosem_status_t (*cosem_client_send_fn)(void *user, const uint8_t *data, size_t len);

struct cosem_client;
struct cosem_client_error;

/** @brief The operations a session runs. */
typedef enum cosem_client_op {
    COSEM_CLIENT_OP_NONE = 0,     /**< Nothing (idle). */
    COSEM_CLIENT_OP_CONNECT,      /**< cosem_client_connect(). */
    COSEM_CLIENT_OP_GET,          /**< cosem_client_get(). */
    COSEM_CLIENT_OP_GET_LIST,     /**< cosem_client_get_list(). */
    COSEM_CLIENT_OP_SET,          /**< cosem_client_set(). */
    COSEM_CLIENT_OP_SET_LIST,     /**< cosem_client_set_list(). */
    COSEM_CLIENT_OP_ACTION,       /**< cosem_client_action(). */
    COSEM_CLIENT_OP_ACTION_LIST,  /**< cosem_client_action_list(). */
    COSEM_CLIENT_OP_OBJECT_LIST,  /**< cosem_client_object_list(). */
    COSEM_CLIENT_OP_RELEASE,      /**< cosem_client_release(). */
    COSEM_CLIENT_OP_DISCONNECT,   /**< cosem_client_disconnect(). */
    COSEM_CLIENT_OP_ACCESS,       /**< cosem_client_access(). */
    COSEM_CLIENT_OP_READ,         /**< cosem_client_read() (short names). */
    COSEM_CLIENT_OP_WRITE         /**< cosem_client_write() (short names). */
} cosem_client_op_t;

/**
 * @brief Completion callback: the operation @p op ended (successfully when
 *        `err->status` is ::COSEM_OK). Called from cosem_client_feed(),
 *        cosem_client_poll(), cosem_client_link_closed() or, for operations
 *        that complete at once (wrapper disconnect), from the starting call.
 *        A start that fails returns its error and calls nothing. The
 *        callback may start the next operation.
 */
typedef void (*cosem_client_done_fn)(void *user, struct cosem_client *c, cosem_client_op_t op,
                                     const struct cosem_client_error *err);

/**
 * @brief Notification callback: a data-notification or event-notification
 *        arrived on the session (unsolicited, between or during operations).
 *        @p n and the slices in it are valid during the call only.
 */
typedef void (*cosem_client_notify_fn)(void *user, struct cosem_client *c,
                                       const cosem_notification_t *n);

/** @brief Session configuration (copied by cosem_client_init(); the
 *  password too). Zero-initialise it and set what differs. */
typedef struct cosem_client_config {
    cosem_client_link_t link;   /**< Link layer. */
    /** Client SAP: 0x10 public client (the default when 0), 0x01 management,
     *  ... HDLC client address and wrapper source wPort. */
    uint8_t client_sap;
    /** Server logical device: HDLC upper address, wrapper destination
     *  wPort. 0 means 1 (the management logical device). */
    uint16_t server_logical;
    /** HDLC lower address (physical device); unused in the 1-octet form. */
    uint16_t server_physical;
    /** HDLC server address length: 1, 2 or 4 octets; 0 picks the shortest
     *  form that holds both parts (1 when server_physical is 0, else 2 when
     *  both are below 0x80, else 4). */
    uint8_t server_addr_len;
    /** ::cosem_auth_t: ::COSEM_AUTH_NONE, ::COSEM_AUTH_LOW or, built with
     *  COSEM_WITH_SECURITY, ::COSEM_AUTH_HLS_GMAC (needs @c ek, @c ak,
     *  @c system_title and @c random); other values make cosem_client_init()
     *  return ::COSEM_E_UNSUPPORTED. */
    uint8_t auth;
    /** LLS password (auth LOW), up to COSEM_MAX_SECRET octets; copied. */
    const uint8_t *password;
    size_t password_len;        /**< Its length. */
    /** Proposed conformance (COSEM_CONF_*); 0 = ::COSEM_CLIENT_DEFAULT_CONFORMANCE
     *  (::COSEM_CLIENT_SN_CONFORMANCE with @c sn). */
    uint32_t conformance;
#if COSEM_WITH_SN
    /** Short-name referencing: the AARQ proposes the SN context (not with
     *  ciphering); then cosem_client_read(), cosem_client_write() and
     *  cosem_client_object_list() (the Association SN's) serve, GET/SET/
     *  ACTION do not. */
    bool sn;
#endif
#if COSEM_WITH_GBT
    /** General block transfer: the window announced in the acknowledgement
     *  of each block (0: 1). A server may then send up to that many blocks
     *  per acknowledgement; the client acknowledges the last one of each
     *  window (the block without the streaming bit). */
    uint8_t gbt_window;
#endif
    /** Largest APDU sent or received (sizes the link buffers), 0 =
     *  ::COSEM_CLIENT_DEFAULT_MAX_APDU; 32..65535. */
    size_t max_apdu;
    /** client-max-receive-pdu-size proposed in the AARQ; 0 = max_apdu. A
     *  larger value (Gurux clients send 0xFFFF) lets the server send APDUs
     *  the link buffers cannot take: they are then lost with a link error. */
    uint16_t max_receive_pdu;
    /** Reassembly area for one streamed array element, or one whole
     *  non-array value that arrives in several blocks; 0 =
     *  ::COSEM_CLIENT_DEFAULT_ELEMENT_MAX. An element that does not fit ends
     *  the operation with ::COSEM_E_NOSPACE (layer ::COSEM_CLIENT_LAYER_LOCAL). */
    size_t element_max;
    /** HDLC: parameters proposed in the SNRM (0 fields: defaults 128 / 1). */
    cosem_hdlc_params_t hdlc;
    /** HDLC: cap on the information field of our I-frames (0 = agreed). */
    uint16_t hdlc_info_tx_cap;
    /** HDLC: drop the link after this long without a frame; 0 = never. */
    uint32_t hdlc_inactivity_ms;
    /**
     * Time to wait for a response, in milliseconds: measured from the
     * request (or from the last octet received while an answer is coming
     * in); 0 = wait forever. HDLC: also the station's poll time-out.
     */
    uint32_t response_timeout_ms;
    /**
     * Retries after a response time-out. HDLC: the station re-polls (the
     * client waits (retries + 2) response time-outs for a whole APDU).
     * Wrapper: the request APDU is sent again (useful over UDP). APDU link:
     * sent again.
     */
    uint8_t retries;
    /** false (default): every request carries invoke id 1, as Gurux clients
     *  do (invoke-id-and-priority 0xC1); true: each GET/SET/ACTION takes the
     *  next id (1..15, 0, ...), so an answer to an abandoned request (after
     *  a time-out over UDP) is recognised and dropped. */
    bool rotate_invoke;
    /** Security suite 0 (COSEM_WITH_SECURITY): security control bits of
     *  every xDLMS request, 0x10 authenticated, 0x20 encrypted, 0x30 both;
     *  0: no ciphering. Requests go glo-ciphered with @c ek / @c ak and
     *  @c system_title, answers are checked and deciphered with the server's
     *  system title from the AARE. */
    uint8_t security;
    const uint8_t *ek;           /**< Global unicast encryption key (16), copied. */
    const uint8_t *ak;           /**< Authentication key (16), copied. */
    const uint8_t *system_title; /**< Our system title (8), copied. */
    /** Dedicated key (16) proposed in the glo-initiate-request, copied;
     *  NULL: none. With it every request after the AARQ goes ded-ciphered. */
    const uint8_t *dk;
    /** Invocation counter of our first ciphered APDU (then +1 each). */
    uint32_t invocation_counter;
    /** Randomness for the HLS challenge (8..64 octets drawn; no fallback):
     *  a platform generator, for instance the port's. */
    cosem_status_t (*random)(void *user, uint8_t *buf, size_t n);
    void *random_user;           /**< Passed to @c random. */
    struct {
        cosem_client_send_fn fn; /**< Required. */
        void *user;              /**< Passed to @c fn. */
    } send;                      /**< Where octets go. */
    struct {
        cosem_client_done_fn fn; /**< Optional. */
        void *user;              /**< Passed to @c fn. */
    } done;                      /**< Operation completions. */
    struct {
        cosem_client_notify_fn fn; /**< Optional (NULL: notifications dropped). */
        void *user;                /**< Passed to @c fn. */
    } notify;                      /**< Data and event notifications. */
} cosem_client_config_t;

/** @} */

/* ===================================================================== */
/** @name Errors */
/** @{ */

/** @brief Where an error came from. */
typedef enum cosem_client_layer {
    COSEM_CLIENT_LAYER_NONE = 0,        /**< No error. */
    /** This session: an element larger than the reassembly area, a request
     *  larger than the APDU buffer, the data callback stopped the operation. */
    COSEM_CLIENT_LAYER_LOCAL = 1,
    /** The link: SNRM refused, DM, FRMR, no response, wrapper stream broken,
     *  connection closed, response time-out. */
    COSEM_CLIENT_LAYER_LINK = 2,
    /** The association: AARE rejected (result, diagnostic), a
     *  confirmedServiceError, a malformed AARE or RLRE. */
    COSEM_CLIENT_LAYER_ASSOCIATION = 3,
    /** The service: exception-response, a malformed response or one that
     *  does not fit the request (wrong service, block number out of order). */
    COSEM_CLIENT_LAYER_SERVICE = 4,
    /** The data: a data-access-result (GET/SET) or action-result other than
     *  success for the attribute or method. */
    COSEM_CLIENT_LAYER_DATA = 5
} cosem_client_layer_t;

/**
 * @brief The outcome of the last operation.
 *
 * `status` summarises it: ::COSEM_OK; ::COSEM_E_DENIED when the peer refused
 * (association rejected, exception-response, a data-access-result other
 * than success); ::COSEM_E_TIMEOUT (no response); ::COSEM_E_CLOSED (link
 * gone: DM, FRMR, DISC, connection closed); ::COSEM_E_MALFORMED,
 * ::COSEM_E_TRUNCATED, ::COSEM_E_TRAILING, ::COSEM_E_DEPTH,
 * ::COSEM_E_UNSUPPORTED (a response we cannot accept); ::COSEM_E_NOSPACE
 * (local buffer); or what the data callback returned. The fields of the
 * layer that failed say more; the others are 0.
 */
typedef struct cosem_client_error {
    cosem_status_t status;      /**< Summary (see above). */
    uint8_t layer;              /**< ::cosem_client_layer_t. */
    uint8_t hdlc_reason;        /**< LINK over HDLC: ::cosem_hdlc_reason_t. */
    uint8_t assoc_result;       /**< ASSOCIATION: ::cosem_assoc_result_t. */
    uint8_t diag_source;        /**< ASSOCIATION: ::cosem_assoc_diag_source_t. */
    uint8_t diagnostic;         /**< ASSOCIATION: ::cosem_assoc_diag_t or provider value. */
    uint8_t cse_service;        /**< ASSOCIATION/SERVICE: confirmedServiceError service (1 initiate...), 0 none. */
    uint8_t cse_choice;         /**< ... its ServiceError choice (6 initiate, ...). */
    uint8_t cse_value;          /**< ... and value (::cosem_initiate_error_t for initiate). */
    uint8_t state_error;        /**< SERVICE: exception-response ::cosem_state_error_t (0 none). */
    uint8_t service_error;      /**< SERVICE: exception-response ::cosem_service_error_t. */
    uint8_t dar;                /**< DATA: ::cosem_dar_t (data-access-result or action-result). */
    uint16_t item;              /**< DATA: index of the item in a list request (0 otherwise). */
} cosem_client_error_t;

/** @} */

/* ===================================================================== */
/** @name Streaming results */
/** @{ */

/** @brief What a ::cosem_client_data_t carries. */
typedef enum cosem_client_data_kind {
    /** One whole value (anything but an array, compact-arrays included). */
    COSEM_CLIENT_DATA_VALUE = 0,
    /** An array starts: @c count elements follow as ELEMENT events (none
     *  when 0). @c data / @c len are its header (tag and length). */
    COSEM_CLIENT_DATA_ARRAY = 1,
    /** One whole top-level element of the array (element @c index). */
    COSEM_CLIENT_DATA_ELEMENT = 2,
    /** The result of one item of a list request (GET with-list: an item
     *  whose data-access-result is not success; SET/ACTION with-list: every
     *  item's result in @c dar, success included). */
    COSEM_CLIENT_DATA_RESULT = 3
} cosem_client_data_kind_t;

/** @brief One piece of a result, given to a ::cosem_client_data_fn. */
typedef struct cosem_client_data {
    uint8_t kind;          /**< ::cosem_client_data_kind_t. */
    uint8_t dar;           /**< RESULT: ::cosem_dar_t. */
    uint16_t item;         /**< Item of a list request (0 for single requests). */
    uint32_t count;        /**< ARRAY: number of elements. */
    uint32_t index;        /**< ELEMENT: element number, from 0. */
    const uint8_t *data;   /**< VALUE/ELEMENT: one whole Data value (tagged);
                                ARRAY: the array header. Valid during the call. */
    size_t len;            /**< Octets at @c data. */
} cosem_client_data_t;

/**
 * @brief Result callback of an operation (GET values, ACTION return
 *        parameters, list results).
 * @param user The pointer given with the operation.
 * @param d    The piece (valid during the call).
 * @return ::COSEM_OK to go on; any error stops the operation (no further
 *         block is requested) and becomes its status, layer LOCAL.
 */
typedef cosem_status_t (*cosem_client_data_fn)(void *user, const cosem_client_data_t *d);

/**
 * @brief State of cosem_client_collect_fn(): assembles one whole value
 *        (array elements appended behind their header) in caller memory.
 *        Fields are private; use the functions.
 */
typedef struct cosem_client_collect {
    uint8_t *buf;          /**< @private Value octets. */
    size_t cap;            /**< @private Capacity of @c buf. */
    size_t len;            /**< @private Octets collected. */
    cosem_status_t err;    /**< @private First error. */
    uint8_t dar;           /**< @private RESULT met (single value read as a list). */
    bool got;              /**< @private Something was collected. */
} cosem_client_collect_t;

/**
 * @brief Prepare a collector over @p buf.
 * @param col Collector. @param buf Memory for the value. @param cap Its size.
 */
void cosem_client_collect_init(cosem_client_collect_t *col, uint8_t *buf, size_t cap);

/**
 * @brief A ::cosem_client_data_fn (user = a ::cosem_client_collect_t) that
 *        appends every piece of the value of item 0 to the collector.
 * @param user The ::cosem_client_collect_t.
 * @param d    The piece of data delivered by the client.
 * @return ::COSEM_OK, or ::COSEM_E_NOSPACE when the collector is full (the
 *         operation stops).
 */
cosem_status_t cosem_client_collect_fn(void *user, const cosem_client_data_t *d);

/**
 * @brief The collected value.
 * @param col Collector.
 * @param len Output: its length (may be NULL).
 * @return The octets (one whole Data value), or NULL when nothing was
 *         collected.
 */
const uint8_t *cosem_client_collect_data(const cosem_client_collect_t *col, size_t *len);

#if COSEM_WITH_VALUE_TREE
/**
 * @brief Decode the collected value into a value tree (nodes point into the
 *        collector's buffer).
 * @param col   Collector.
 * @param nodes Node array. @param cap Its size.
 * @param count Output: nodes used.
 * @return ::COSEM_OK; the collector's error; ::COSEM_E_NOTFOUND when nothing
 *         was collected; the errors of cosem_value_decode().
 */
cosem_status_t cosem_client_collect_tree(const cosem_client_collect_t *col,
                                         cosem_value_node_t *nodes, size_t cap, size_t *count);
#endif

/** @} */

/* ===================================================================== */
/** @name Object list and selective access helpers */
/** @{ */

/** @brief Attribute and method ids whose access rights an object report keeps. */
#define COSEM_CLIENT_MAX_ACCESS_IDS 32

/** @brief One object of the association's object list (0.0.40.0.0.255
 *  attribute 2: object_list_element). */
typedef struct cosem_client_object {
    uint16_t class_id;    /**< Interface class. */
    uint8_t version;      /**< Class version. */
    uint8_t obis[6];      /**< Logical name. */
    /** attribute_access: access_mode of attribute id k+1 in [k] (0 no
     *  access, 1 read, 2 write, 3 read-write, 4..7 authenticated forms);
     *  0 for ids not listed. */
    uint8_t attr_access[COSEM_CLIENT_MAX_ACCESS_IDS];
    /** method_access: access_mode of method id k+1 in [k] (0 no access,
     *  1 access, 2 authenticated; version 0 booleans give 0/1). */
    uint8_t method_access[COSEM_CLIENT_MAX_ACCESS_IDS];
    /** Bit k set: attribute k+1 lists access_selectors (selective access). */
    uint32_t selective;
#if COSEM_WITH_SN
    /** Short names: the object's base name (Association SN object_list);
     *  0 over logical names, where no access rights are listed either. */
    uint16_t base_name;
#endif
    uint8_t attr_count;    /**< Attribute items listed (all of them, also ids above the arrays). */
    uint8_t method_count;  /**< Method items listed. */
    /** The whole access_rights value (valid during the callback only). */
    cosem_slice_t access_rights;
} cosem_client_object_t;

/**
 * @brief Object callback of cosem_client_object_list().
 * @param user The pointer given with the operation.
 * @param obj  The object (valid during the call).
 * @return ::COSEM_OK to go on, an error to stop the read.
 */
typedef cosem_status_t (*cosem_client_object_fn)(void *user, const cosem_client_object_t *obj);

/**
 * @brief Decode one object_list_element: structure { class_id
 *        long-unsigned, version unsigned, logical_name octet-string(6),
 *        access_rights structure { attribute_access array, method_access
 *        array } }.
 * @param elem One whole Data value. @param len Its length.
 * @param out  Output.
 * @return ::COSEM_OK; ::COSEM_E_TYPE for another shape; the reader's
 *         decoding errors; ::COSEM_E_TRAILING for octets after the value.
 */
cosem_status_t cosem_client_object_decode(const uint8_t *elem, size_t len,
                                          cosem_client_object_t *out);

/** @brief A capture object definition of a profile: the attribute (or
 *  element) a column holds. */
typedef struct cosem_client_column {
    cosem_attr_ref_t ref;  /**< class, logical name, attribute. */
    uint16_t data_index;   /**< 0 = the whole attribute. */
} cosem_client_column_t;

/** @brief Octets cosem_client_range_selection() needs for @p ncols columns. */
#define COSEM_CLIENT_RANGE_SIZE(ncols) (64u + 18u * (size_t)(ncols))
/** @brief Octets cosem_client_entry_selection() needs. */
#define COSEM_CLIENT_ENTRY_SIZE 18u

/**
 * @brief Build a range_descriptor (selector 1) for a profile read:
 *        structure { restricting_object, from_value, to_value,
 *        selected_values }, the date-times as octet-string(12).
 * @param buf        Memory for the parameters (the selection points into it;
 *                   it must stay valid until the request has been sent, that
 *                   is until the GET call returns).
 * @param cap        Its size (COSEM_CLIENT_RANGE_SIZE(ncols) is enough).
 * @param restricting The column the range applies to (usually the clock:
 *                   class 8, 0.0.1.0.0.255, attribute 2, data index 0).
 * @param from       First time (inclusive).
 * @param to         Last time (inclusive).
 * @param cols       Columns wanted (may be NULL when @p ncols is 0: all).
 * @param ncols      Their count.
 * @param sel        Output selection.
 * @return ::COSEM_OK, ::COSEM_E_NOSPACE, ::COSEM_E_ARG.
 */
cosem_status_t cosem_client_range_selection(uint8_t *buf, size_t cap,
                                            const cosem_client_column_t *restricting,
                                            const cosem_datetime_t *from,
                                            const cosem_datetime_t *to,
                                            const cosem_client_column_t *cols, size_t ncols,
                                            cosem_selection_t *sel);

/**
 * @brief Build an entry_descriptor (selector 2): structure { from_entry
 *        double-long-unsigned, to_entry double-long-unsigned,
 *        from_selected_value long-unsigned, to_selected_value long-unsigned }.
 *        Entries and columns count from 1; a to_ value of 0 means "to the
 *        last".
 * @param buf Memory (at least ::COSEM_CLIENT_ENTRY_SIZE). @param cap Its size.
 * @param from_entry First entry. @param to_entry Last entry.
 * @param from_col First column. @param to_col Last column.
 * @param sel Output selection.
 * @return ::COSEM_OK, ::COSEM_E_NOSPACE, ::COSEM_E_ARG.
 */
cosem_status_t cosem_client_entry_selection(uint8_t *buf, size_t cap, uint32_t from_entry,
                                            uint32_t to_entry, uint16_t from_col,
                                            uint16_t to_col, cosem_selection_t *sel);

/**
 * @brief Decode a pushed notification from one received unit without a
 *        session: a wrapper datagram (@p link WRAPPER), one HDLC frame with
 *        flags (HDLC: a UI or I frame; the LLC header is stripped), or a bare
 *        APDU.
 * @param link  How @p bytes are framed.
 * @param bytes The unit. @param n Its length.
 * @param out   Output; its slices point into @p bytes.
 * @return ::COSEM_OK; the framing's decoding errors; the errors of
 *         cosem_notification_decode(); ::COSEM_E_UNSUPPORTED when the APDU
 *         is not a notification (or is segmented).
 */
cosem_status_t cosem_client_push_decode(cosem_client_link_t link, const uint8_t *bytes, size_t n,
                                        cosem_notification_t *out);

/** @} */

/* ===================================================================== */
/** @name Session */
/** @{ */

/** @brief Association state of a session. */
typedef enum cosem_client_state {
    COSEM_CLIENT_DISCONNECTED = 0, /**< No link (HDLC) / nothing yet (wrapper, APDU). */
    COSEM_CLIENT_LINKED = 1,       /**< HDLC link up (or wrapper ready), no association. */
    COSEM_CLIENT_ASSOCIATED = 2    /**< Application association established. */
} cosem_client_state_t;

/** @brief What was negotiated (valid once associated). */
typedef struct cosem_client_info {
    uint32_t conformance;        /**< Negotiated conformance. */
    uint16_t server_max_pdu;     /**< server-max-receive-pdu-size. */
    uint8_t dlms_version;        /**< Negotiated DLMS version. */
    uint16_t vaa_name;           /**< 0x0007 for LN. */
    cosem_hdlc_params_t hdlc;    /**< HDLC: agreed link parameters (our view). */
} cosem_client_info_t;

/** @private Phases of the running operation. */
typedef enum cosem_client_phase {
    COSEM_CLIENT_PH_IDLE = 0,  /**< @private */
    COSEM_CLIENT_PH_LINK,      /**< @private SNRM sent. */
    COSEM_CLIENT_PH_WAIT,      /**< @private Request sent, waiting for the response. */
    COSEM_CLIENT_PH_UNLINK     /**< @private DISC sent. */
} cosem_client_phase_t;

/** @private Incremental parser of a streamed result. */
typedef struct cosem_client_stream {
    uint8_t state;        /**< @private What the next unit is. */
    uint8_t list;         /**< @private Results are a with-list sequence. */
    uint16_t item;        /**< @private Current item. */
    uint32_t items;       /**< @private Items still to come (list). */
    uint32_t left;        /**< @private Elements still to come in the array. */
    uint32_t index;       /**< @private Next element number. */
    size_t pend;          /**< @private Octets held in the reassembly area. */
} cosem_client_stream_t;

/**
 * @brief A session. Complete type the caller places anywhere; every field
 *        is private.
 */
typedef struct cosem_client {
    cosem_client_config_t cfg;          /**< @private Configuration (defaults applied). */
    uint8_t password[COSEM_MAX_SECRET]; /**< @private Copy of the password. */
    union {
        cosem_hdlc_t hdlc;              /**< @private HDLC primary station. */
        cosem_wrapper_t wrapper;        /**< @private Wrapper reassembler. */
    } link;                             /**< @private The link context. */
    uint8_t *link_buf;                  /**< @private Link part of the session buffer. */
    size_t link_len;                    /**< @private Its size. */
    uint8_t *elem;                      /**< @private Reassembly area (element_max). */
    uint8_t *tx;                        /**< @private APDU link: request buffer. */
    size_t tx_len;                      /**< @private Length of the last request (resend). */
    cosem_client_error_t err;           /**< @private Outcome of the last operation. */
    cosem_client_info_t info;           /**< @private Negotiated values. */
    cosem_client_stream_t st;           /**< @private Result parser. */
    uint8_t state;                      /**< @private ::cosem_client_state_t. */
    uint8_t op;                         /**< @private ::cosem_client_op_t running. */
    uint8_t phase;                      /**< @private ::cosem_client_phase_t. */
    uint8_t invoke;                     /**< @private invoke-id-and-priority of the operation. */
    uint8_t retries;                    /**< @private Retries used. */
    uint8_t in_feed;                    /**< @private Inside a link callback. */
    uint8_t xfer;                       /**< @private Block transfer direction state. */
    uint8_t cb_layer;                   /**< @private Layer of a failure inside a data callback. */
    uint8_t next_invoke;                /**< @private Last invoke id used (0..15). */
    uint16_t unexpected;                /**< @private Responses dropped (nothing asked, wrong invoke id). */
    uint32_t block;                     /**< @private Block number (last received / sent). */
    uint32_t t_sent;                    /**< @private When we last sent or received. */
    uint32_t now;                       /**< @private Time of the current call. */
    cosem_attr_ref_t ref;               /**< @private Attribute / method of the operation. */
    cosem_selection_t sel;              /**< @private Its selection (SET in blocks). */
    const uint8_t *out;                 /**< @private Value sent in blocks (caller memory). */
    size_t out_len;                     /**< @private Its length. */
    size_t out_pos;                     /**< @private Octets sent so far. */
    uint16_t count;                     /**< @private Items of a list operation. */
    cosem_client_data_fn data_fn;       /**< @private Result callback. */
    void *data_user;                    /**< @private Its argument. */
    cosem_client_object_fn obj_fn;      /**< @private Object-list callback. */
    void *obj_user;                     /**< @private Its argument. */
#if COSEM_WITH_SECURITY
    cosem_aes128_t ek_;                 /**< @private Expanded encryption key. */
    cosem_aes128_t dk_;                 /**< @private Expanded dedicated key. */
    uint8_t dk_raw_[16];                /**< @private The dedicated key (for the AARQ). */
    bool has_dk_;                       /**< @private A dedicated key is in use. */
    uint8_t ak_[16];                    /**< @private Authentication key. */
    uint8_t title_[8];                  /**< @private Our system title. */
    uint8_t server_title_[8];           /**< @private From the AARE. */
    uint8_t ctos_[16];                  /**< @private Our HLS challenge. */
    uint8_t stoc_[64];                  /**< @private The server's challenge. */
    uint8_t stoc_len_;                  /**< @private Its length. */
    uint8_t hls_step_;                  /**< @private 1: reply_to_HLS_authentication sent. */
    uint32_t ic_;                       /**< @private Next invocation counter. */
    uint32_t rx_ic_;                    /**< @private Last server counter accepted. */
#endif
} cosem_client_t;

/**
 * @brief Buffer size cosem_client_init() needs for @p cfg (link buffers for
 *        max_apdu, the reassembly area and, for the APDU link, a request
 *        buffer).
 * @param cfg Configuration (defaults applied to zero fields as in init).
 * @return Octets, or 0 when @p cfg is invalid.
 */
size_t cosem_client_buf_size(const cosem_client_config_t *cfg);

/**
 * @brief Prepare a session (state DISCONNECTED).
 * @param c   Session.
 * @param cfg Configuration (copied).
 * @param buf Caller memory of at least cosem_client_buf_size(cfg) octets,
 *            kept for the life of the session.
 * @param len Its size.
 * @return ::COSEM_OK; ::COSEM_E_ARG (NULL pointers, no send callback, a
 *         bad address, max_apdu out of range, password too long, a GBT
 *         window above ::COSEM_GBT_WINDOW_MAX);
 *         ::COSEM_E_NOSPACE (buffer too small); ::COSEM_E_UNSUPPORTED (HLS,
 *         or a link this build leaves out).
 */
cosem_status_t cosem_client_init(cosem_client_t *c, const cosem_client_config_t *cfg,
                                 uint8_t *buf, size_t len);

/**
 * @brief Feed received octets: the TCP stream (wrapper), line bytes (HDLC)
 *        or exactly one APDU (APDU link). Responses advance the running
 *        operation; notifications go to the notify callback.
 * @param c Session. @param bytes Octets. @param n Their count.
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK (protocol errors end the operation and are reported
 *         through cosem_client_error(), not here); ::COSEM_E_ARG;
 *         ::COSEM_E_STATE when called from one of the session's callbacks.
 */
cosem_status_t cosem_client_feed(cosem_client_t *c, const uint8_t *bytes, size_t n,
                                 uint32_t now_ms);

/**
 * @brief Run the timers: response time-out and retries, the HDLC station's
 *        timers.
 * @param c Session. @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK; ::COSEM_E_STATE from a callback.
 */
cosem_status_t cosem_client_poll(cosem_client_t *c, uint32_t now_ms);

/**
 * @brief Tell the session the transport is gone (TCP closed, serial line
 *        lost): a running operation ends with ::COSEM_E_CLOSED (layer LINK),
 *        the state becomes DISCONNECTED and the link context is reset, so
 *        cosem_client_connect() can start again on a new connection.
 * @param c Session. @param now_ms Monotonic milliseconds.
 */
void cosem_client_link_closed(cosem_client_t *c, uint32_t now_ms);

/**
 * @brief Connect: HDLC SNRM/UA (parameter negotiation) when the link is
 *        down, then AARQ/AARE (auth none or LLS). Done when ASSOCIATED.
 * @param c Session. @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK (started); ::COSEM_E_WOULDBLOCK (an operation runs);
 *         ::COSEM_E_STATE (already associated); a send error.
 */
cosem_status_t cosem_client_connect(cosem_client_t *c, uint32_t now_ms);

/**
 * @brief GET one attribute (get-request-normal), with optional selective
 *        access. A response in blocks is fetched with get-request-next
 *        automatically. The value goes to @p fn: VALUE, or ARRAY then one
 *        ELEMENT per element. A data-access-result other than success ends
 *        the operation with layer DATA. A get-response-normal with octets
 *        after a well-formed value (Gurux's server example answers clock
 *        reads so) still delivers the value, then ends the operation with
 *        ::COSEM_E_TRAILING (layer SERVICE): the caller decides.
 * @param c   Session (ASSOCIATED).
 * @param ref Attribute (copied).
 * @param sel Selective access, or NULL (its parameters are copied into the
 *            request before the call returns).
 * @param fn  Result callback (may be NULL: the value is checked and dropped).
 * @param user Passed to @p fn.
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK (started); ::COSEM_E_WOULDBLOCK; ::COSEM_E_STATE (not
 *         associated); ::COSEM_E_NOSPACE (request larger than the APDU
 *         buffer or the server's max PDU); ::COSEM_E_ARG; a send error.
 */
cosem_status_t cosem_client_get(cosem_client_t *c, const cosem_attr_ref_t *ref,
                                const cosem_selection_t *sel, cosem_client_data_fn fn,
                                void *user, uint32_t now_ms);

/**
 * @brief GET several attributes in one request (get-request-with-list; needs
 *        multiple-references). Each item's value goes to @p fn with its
 *        item number (VALUE, or ARRAY + ELEMENTs); an item with a
 *        data-access-result gives a RESULT event. The operation succeeds when
 *        the response is well formed.
 * @param c Session. @param refs Attributes. @param sels Selections (NULL: none).
 * @param n Count, 1..255. @param fn Result callback. @param user Its argument.
 * @param now_ms Monotonic milliseconds.
 * @return As cosem_client_get().
 */
cosem_status_t cosem_client_get_list(cosem_client_t *c, const cosem_attr_ref_t *refs,
                                     const cosem_selection_t *sels, size_t n,
                                     cosem_client_data_fn fn, void *user, uint32_t now_ms);

/**
 * @brief SET one attribute. When the request does not fit the server's max
 *        PDU (or our APDU buffer) it goes out as set-request-with-first-
 *        datablock / -with-datablock automatically.
 * @param c Session. @param ref Attribute. @param sel Selection or NULL.
 * @param value One whole Data value; caller memory that must stay valid
 *              until the operation completes.
 * @param len Its length.
 * @param now_ms Monotonic milliseconds.
 * @return As cosem_client_get(); ::COSEM_E_UNSUPPORTED when the value needs
 *         blocks and block-transfer-with-set was not negotiated.
 */
cosem_status_t cosem_client_set(cosem_client_t *c, const cosem_attr_ref_t *ref,
                                const cosem_selection_t *sel, const uint8_t *value, size_t len,
                                uint32_t now_ms);

/**
 * @brief SET several attributes (set-request-with-list): @p values holds @p n
 *        whole Data values back to back. Each item's result goes to @p fn as
 *        a RESULT event. The request must fit one APDU (::COSEM_E_NOSPACE
 *        otherwise).
 * @param c Session. @param refs Attributes. @param sels Selections or NULL.
 * @param n Count, 1..255. @param values Values. @param values_len Their length.
 * @param fn Result callback. @param user Its argument.
 * @param now_ms Monotonic milliseconds.
 * @return As cosem_client_get().
 */
cosem_status_t cosem_client_set_list(cosem_client_t *c, const cosem_attr_ref_t *refs,
                                     const cosem_selection_t *sels, size_t n,
                                     const uint8_t *values, size_t values_len,
                                     cosem_client_data_fn fn, void *user, uint32_t now_ms);

/**
 * @brief ACTION: invoke one method. Parameters too large for one APDU go out
 *        as action-request-with-first-pblock / -with-pblock; return
 *        parameters that come in pblocks are fetched with
 *        action-request-next-pblock. Return data goes to @p fn (VALUE, or
 *        ARRAY + ELEMENTs). An action-result other than success ends the
 *        operation with layer DATA.
 * @param c Session. @param ref Method (class, logical name, method id).
 * @param params One whole Data value, or NULL for none; caller memory valid
 *               until the operation completes.
 * @param len Its length. @param fn Result callback (may be NULL).
 * @param user Its argument. @param now_ms Monotonic milliseconds.
 * @return As cosem_client_set().
 */
cosem_status_t cosem_client_action(cosem_client_t *c, const cosem_attr_ref_t *ref,
                                   const uint8_t *params, size_t len, cosem_client_data_fn fn,
                                   void *user, uint32_t now_ms);

/** @brief One item of cosem_client_access(). */
typedef struct cosem_client_access_item {
    uint8_t kind;           /**< ::COSEM_ACCESS_GET, ::COSEM_ACCESS_SET or ::COSEM_ACCESS_ACTION. */
    cosem_attr_ref_t ref;   /**< Attribute (get, set) or method (action). */
    const uint8_t *data;    /**< SET: the value; ACTION: the parameters (one whole Data);
                                 NULL: null-data. Caller memory, valid during the call. */
    size_t len;             /**< Octets at @c data. */
} cosem_client_access_item_t;

/**
 * @brief The ACCESS service (DLMS version 6, access-request 0xD9): @p n
 *        get / set / action items in one request, run by the server in
 *        order. Each item gives one event under its item number: a VALUE
 *        (the value read, the method's return data, null-data for a set or
 *        a method without return data) when its result is success, else a
 *        RESULT with the data-access-result. Needs ACCESS negotiated; the
 *        request and the response must each fit one APDU. Built with
 *        `COSEM_WITH_ACCESS`.
 * @param c Session. @param items The items. @param n Count, 1..255.
 * @param fn Result callback. @param user Its argument.
 * @param now_ms Monotonic milliseconds.
 * @return As cosem_client_set_list(); ::COSEM_E_ARG for a NULL @p items,
 *         @p n out of range or an unknown kind; ::COSEM_E_UNSUPPORTED
 *         without COSEM_WITH_ACCESS.
 */
cosem_status_t cosem_client_access(cosem_client_t *c, const cosem_client_access_item_t *items,
                                   size_t n, cosem_client_data_fn fn, void *user,
                                   uint32_t now_ms);

/**
 * @brief ACTION on several methods (action-request-with-list): @p values
 *        holds @p n whole Data values (null-data for "no parameters"). Each
 *        item gives a RESULT event, then its return data when present. The
 *        request and the response must each fit one APDU (a response in
 *        pblocks ends the operation with ::COSEM_E_MALFORMED).
 * @param c Session. @param refs Methods. @param n Count, 1..255.
 * @param values Parameters. @param values_len Their length.
 * @param fn Result callback. @param user Its argument.
 * @param now_ms Monotonic milliseconds.
 * @return As cosem_client_set_list().
 */
cosem_status_t cosem_client_action_list(cosem_client_t *c, const cosem_attr_ref_t *refs,
                                        size_t n, const uint8_t *values, size_t values_len,
                                        cosem_client_data_fn fn, void *user, uint32_t now_ms);

#if COSEM_WITH_SN
/**
 * @brief Start a READ of one variable (short-name referencing): an
 *        attribute's value, or a method's return data.
 *
 * The value streams to @p fn as a GET's does; a data-block-result answer
 * is followed block by block (block-number-access naming the last block
 * received).
 * @param c      Session associated with cosem_client_config_t::sn.
 * @param spec   ::COSEM_SN_NAME or ::COSEM_SN_PARAMETERIZED (selector and
 *               parameter: selective access, or a method's parameter).
 * @param fn     Data callback. @param user Its argument.
 * @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK when started; ::COSEM_E_ARG for NULL or another kind;
 *         ::COSEM_E_STATE when not associated with short names or busy.
 */
cosem_status_t cosem_client_read(cosem_client_t *c, const cosem_sn_spec_t *spec,
                                 cosem_client_data_fn fn, void *user, uint32_t now_ms);

/**
 * @brief Start a WRITE of one variable (short-name referencing): an
 *        attribute's new value, or a method's parameter (how Gurux and
 *        most SN meters invoke methods).
 * @param c      Session associated with cosem_client_config_t::sn.
 * @param name   Short name.
 * A value too long for one request goes in write-data-block-access blocks
 * when block-transfer-with-set-or-write was negotiated: the raw-data of the
 * blocks put together are the write-request without its tag; the meter
 * answers each block but the last with its block-number. @p value is caller
 * memory, read until the operation ends.
 * @param value  One whole Data.
 * @param len    Its length.
 * @param now_ms Monotonic milliseconds.
 * @return As cosem_client_read(); ::COSEM_E_ARG for a value that is not
 *         one Data; ::COSEM_E_UNSUPPORTED for one that does not fit one
 *         request when block transfer with write was not negotiated.
 */
cosem_status_t cosem_client_write(cosem_client_t *c, uint16_t name, const uint8_t *value,
                                  size_t len, uint32_t now_ms);
#endif

/**
 * @brief Read the association's object list (class 15, 0.0.40.0.0.255,
 *        attribute 2; with short names the Association SN's, 0xFA08) and
 *        report each object through @p fn as soon as its element is
 *        complete.
 * @param c Session. @param fn Object callback. @param user Its argument.
 * @param now_ms Monotonic milliseconds.
 * @return As cosem_client_get(). An element that is not an
 *         object_list_element ends the operation (layer SERVICE).
 */
cosem_status_t cosem_client_object_list(cosem_client_t *c, cosem_client_object_fn fn,
                                        void *user, uint32_t now_ms);

/**
 * @brief Release the association: RLRQ `62 03 80 01 00` (reason normal; an
 *        empty RLRQ upsets some servers), RLRE expected. The state is LINKED
 *        afterwards (also when the server answers with an error).
 * @param c Session. @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK (started); ::COSEM_E_WOULDBLOCK; ::COSEM_E_STATE (not
 *         associated); a send error.
 */
cosem_status_t cosem_client_release(cosem_client_t *c, uint32_t now_ms);

/**
 * @brief Disconnect the link: HDLC DISC (UA or DM ends it); wrapper and APDU
 *        links complete at once (close the TCP connection yourself). Any
 *        association is gone afterwards. A running operation is abandoned
 *        (ends with ::COSEM_E_CLOSED).
 * @param c Session. @param now_ms Monotonic milliseconds.
 * @return ::COSEM_OK (started or done); ::COSEM_E_STATE when disconnected.
 */
cosem_status_t cosem_client_disconnect(cosem_client_t *c, uint32_t now_ms);

/**
 * @brief Whether an operation is running.
 * @param c Session.
 * @return true until the running operation completes.
 */
bool cosem_client_busy(const cosem_client_t *c);

/**
 * @brief The association state.
 * @param c Session.
 * @return ::cosem_client_state_t.
 */
cosem_client_state_t cosem_client_state(const cosem_client_t *c);

/**
 * @brief Outcome of the last completed operation (status ::COSEM_OK and
 *        layer NONE while none has completed or after success).
 * @param c Session.
 * @return Pointer into the session.
 */
const cosem_client_error_t *cosem_client_error(const cosem_client_t *c);

/**
 * @brief Negotiated values (zero before association).
 * @param c Session.
 * @return Pointer into the session.
 */
const cosem_client_info_t *cosem_client_info(const cosem_client_t *c);

/**
 * @brief Short English name of a layer ("link", "association", ...).
 * @param layer ::cosem_client_layer_t.
 * @return Static string.
 */
const char *cosem_client_layer_str(uint8_t layer);

/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_CLIENT_H */
