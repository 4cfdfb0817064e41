/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file apdu.h
 * @brief ACSE and xDLMS APDU codecs (IEC 62056-5-3): AARQ/AARE/RLRQ/RLRE,
 *        InitiateRequest/Response, GET/SET/ACTION requests and responses in
 *        every form, exception response, notifications.
 *
 * @defgroup apdu APDU codecs
 * @brief Encoders and decoders shared by the server and the client stack.
 *
 * Both directions of every APDU are here, so the client encodes exactly what
 * the server decodes and the other way round. Decoders never copy: a decoded
 * structure holds slices (pointer + length) into the APDU it came from, which
 * must outlive it. Values (Data) are not decoded here; the decoder checks that
 * each one is well formed (cosem_axdr_skip()) and hands out its slice, so the
 * caller reads it with an ::cosem_axdr_reader_t or streams it.
 *
 * Decoders return ::COSEM_OK, ::COSEM_E_TRUNCATED (input ends inside the
 * APDU), ::COSEM_E_MALFORMED (an impossible encoding), ::COSEM_E_UNSUPPORTED
 * (a well-formed choice this codec does not implement, such as a ciphered
 * APDU handed to a plain decoder), ::COSEM_E_TRAILING (octets after a complete
 * APDU) or ::COSEM_E_DEPTH (a value nested deeper than COSEM_AXDR_MAX_DEPTH).
 * Encoders write through an ::cosem_axdr_writer_t and return its status.
 *
 * Requires `COSEM_WITH_SERVER` or `COSEM_WITH_CLIENT`.
 * @{
 */
#ifndef COSEM_APDU_H
#define COSEM_APDU_H

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
/** @name APDU tags */
/** @{ */
#define COSEM_APDU_AARQ 0x60u                   /**< AARQ (ACSE, BER) */
#define COSEM_APDU_AARE 0x61u                   /**< AARE */
#define COSEM_APDU_RLRQ 0x62u                   /**< RLRQ */
#define COSEM_APDU_RLRE 0x63u                   /**< RLRE */
#define COSEM_APDU_INITIATE_REQUEST 0x01u       /**< xDLMS InitiateRequest */
#define COSEM_APDU_INITIATE_RESPONSE 0x08u      /**< xDLMS InitiateResponse */
#define COSEM_APDU_CONFIRMED_SERVICE_ERROR 0x0Eu /**< confirmedServiceError */
#define COSEM_APDU_DATA_NOTIFICATION 0x0Fu      /**< data-notification */
#define COSEM_APDU_GET_REQUEST 0xC0u            /**< get-request */
#define COSEM_APDU_SET_REQUEST 0xC1u            /**< set-request */
#define COSEM_APDU_EVENT_NOTIFICATION 0xC2u     /**< event-notification-request */
#define COSEM_APDU_ACTION_REQUEST 0xC3u         /**< action-request */
#define COSEM_APDU_GET_RESPONSE 0xC4u           /**< get-response */
#define COSEM_APDU_SET_RESPONSE 0xC5u           /**< set-response */
#define COSEM_APDU_ACTION_RESPONSE 0xC7u        /**< action-response */
#define COSEM_APDU_EXCEPTION_RESPONSE 0xD8u     /**< exception-response */
#define COSEM_APDU_ACCESS_REQUEST 0xD9u         /**< access-request (DLMS version 6 ACCESS) */
#define COSEM_APDU_ACCESS_RESPONSE 0xDAu        /**< access-response */
#define COSEM_APDU_GENERAL_BLOCK_TRANSFER 0xE0u /**< general-block-transfer */
/** @} */

/* ===================================================================== */
/** @name Conformance block (xDLMS, 24 bits; bit n of the standard is
 *  `1 << (23 - n)` here, so the value reads as the three octets on the wire) */
/** @{ */
#define COSEM_CONF_GENERAL_PROTECTION (1ul << 22)        /**< bit 1 */
#define COSEM_CONF_GENERAL_BLOCK_TRANSFER (1ul << 21)    /**< bit 2 */
#define COSEM_CONF_READ (1ul << 20)                      /**< bit 3 (SN) */
#define COSEM_CONF_WRITE (1ul << 19)                     /**< bit 4 (SN) */
#define COSEM_CONF_UNCONFIRMED_WRITE (1ul << 18)         /**< bit 5 (SN) */
#define COSEM_CONF_DELTA_VALUE_ENCODING (1ul << 17)      /**< bit 6 */
#define COSEM_CONF_ATTRIBUTE0_SET (1ul << 15)            /**< bit 8 */
#define COSEM_CONF_PRIORITY_MGMT (1ul << 14)             /**< bit 9 */
#define COSEM_CONF_ATTRIBUTE0_GET (1ul << 13)            /**< bit 10 */
#define COSEM_CONF_BLOCK_TRANSFER_GET (1ul << 12)        /**< bit 11 */
#define COSEM_CONF_BLOCK_TRANSFER_SET (1ul << 11)        /**< bit 12 */
#define COSEM_CONF_BLOCK_TRANSFER_ACTION (1ul << 10)     /**< bit 13 */
#define COSEM_CONF_MULTIPLE_REFERENCES (1ul << 9)        /**< bit 14 */
#define COSEM_CONF_INFORMATION_REPORT (1ul << 8)         /**< bit 15 (SN) */
#define COSEM_CONF_DATA_NOTIFICATION (1ul << 7)          /**< bit 16 */
#define COSEM_CONF_ACCESS (1ul << 6)                     /**< bit 17 */
#define COSEM_CONF_PARAMETERIZED_ACCESS (1ul << 5)       /**< bit 18 (SN) */
#define COSEM_CONF_GET (1ul << 4)                        /**< bit 19 */
#define COSEM_CONF_SET (1ul << 3)                        /**< bit 20 */
#define COSEM_CONF_SELECTIVE_ACCESS (1ul << 2)           /**< bit 21 */
#define COSEM_CONF_EVENT_NOTIFICATION (1ul << 1)         /**< bit 22 */
#define COSEM_CONF_ACTION (1ul << 0)                     /**< bit 23 */
/** @} */

/* ===================================================================== */
/** @name Protocol result enumerations (separate from ::cosem_status_t) */
/** @{ */

/** @brief Data-Access-Result (also used as Action-Result; the codes agree). */
typedef enum cosem_dar {
    COSEM_DAR_SUCCESS = 0,                     /**< success */
    COSEM_DAR_HARDWARE_FAULT = 1,              /**< hardware-fault */
    COSEM_DAR_TEMPORARY_FAILURE = 2,           /**< temporary-failure */
    COSEM_DAR_READ_WRITE_DENIED = 3,           /**< read-write-denied */
    COSEM_DAR_OBJECT_UNDEFINED = 4,            /**< object-undefined */
    COSEM_DAR_OBJECT_CLASS_INCONSISTENT = 9,   /**< object-class-inconsistent */
    COSEM_DAR_OBJECT_UNAVAILABLE = 11,         /**< object-unavailable */
    COSEM_DAR_TYPE_UNMATCHED = 12,             /**< type-unmatched */
    COSEM_DAR_SCOPE_OF_ACCESS_VIOLATED = 13,   /**< scope-of-access-violated */
    COSEM_DAR_DATA_BLOCK_UNAVAILABLE = 14,     /**< data-block-unavailable */
    COSEM_DAR_LONG_GET_ABORTED = 15,           /**< long-get-aborted (action: long-action-aborted) */
    COSEM_DAR_NO_LONG_GET_IN_PROGRESS = 16,    /**< no-long-get-in-progress (action: no-long-action-in-progress) */
    COSEM_DAR_LONG_SET_ABORTED = 17,           /**< long-set-aborted */
    COSEM_DAR_NO_LONG_SET_IN_PROGRESS = 18,    /**< no-long-set-in-progress */
    COSEM_DAR_DATA_BLOCK_NUMBER_INVALID = 19,  /**< data-block-number-invalid */
    COSEM_DAR_OTHER_REASON = 250               /**< other-reason */
} cosem_dar_t;

/** @brief Association-result of the AARE. */
typedef enum cosem_assoc_result {
    COSEM_ASSOC_ACCEPTED = 0,            /**< accepted */
    COSEM_ASSOC_REJECTED_PERMANENT = 1,  /**< rejected-permanent */
    COSEM_ASSOC_REJECTED_TRANSIENT = 2   /**< rejected-transient */
} cosem_assoc_result_t;

/** @brief Source of the AARE diagnostic. */
typedef enum cosem_assoc_diag_source {
    COSEM_DIAG_SERVICE_USER = 1,     /**< acse-service-user [1] */
    COSEM_DIAG_SERVICE_PROVIDER = 2  /**< acse-service-provider [2] */
} cosem_assoc_diag_source_t;

/** @brief acse-service-user diagnostics. */
typedef enum cosem_assoc_diag {
    COSEM_DIAG_NULL = 0,                          /**< null */
    COSEM_DIAG_NO_REASON_GIVEN = 1,               /**< no-reason-given */
    COSEM_DIAG_CONTEXT_NOT_SUPPORTED = 2,         /**< application-context-name-not-supported */
    COSEM_DIAG_CALLING_AP_TITLE_NOT_RECOGNIZED = 3, /**< calling-AP-title-not-recognized */
    COSEM_DIAG_MECHANISM_NOT_RECOGNISED = 11,     /**< authentication-mechanism-name-not-recognised */
    COSEM_DIAG_MECHANISM_REQUIRED = 12,           /**< authentication-mechanism-name-required */
    COSEM_DIAG_AUTHENTICATION_FAILURE = 13,       /**< authentication-failure */
    COSEM_DIAG_AUTHENTICATION_REQUIRED = 14       /**< authentication-required */
} cosem_assoc_diag_t;

/** @brief Exception-response state-error. */
typedef enum cosem_state_error {
    COSEM_STATE_ERROR_SERVICE_NOT_ALLOWED = 1, /**< service-not-allowed */
    COSEM_STATE_ERROR_SERVICE_UNKNOWN = 2      /**< service-unknown */
} cosem_state_error_t;

/** @brief Exception-response service-error. */
typedef enum cosem_service_error {
    COSEM_SERVICE_ERROR_OPERATION_NOT_POSSIBLE = 1, /**< operation-not-possible */
    COSEM_SERVICE_ERROR_NOT_SUPPORTED = 2,          /**< service-not-supported */
    COSEM_SERVICE_ERROR_OTHER_REASON = 3,           /**< other-reason */
    COSEM_SERVICE_ERROR_PDU_TOO_LONG = 4,           /**< pdu-too-long */
    COSEM_SERVICE_ERROR_DECIPHERING_ERROR = 5,      /**< deciphering-error */
    COSEM_SERVICE_ERROR_INVOCATION_COUNTER = 6      /**< invocation-counter-error */
} cosem_service_error_t;

/** @brief ServiceError "initiate" values (confirmedServiceError in an AARE). */
typedef enum cosem_initiate_error {
    COSEM_INITIATE_ERROR_OTHER = 0,                  /**< other */
    COSEM_INITIATE_ERROR_DLMS_VERSION_TOO_LOW = 1,   /**< dlms-version-too-low */
    COSEM_INITIATE_ERROR_INCOMPATIBLE_CONFORMANCE = 2, /**< incompatible-conformance */
    COSEM_INITIATE_ERROR_PDU_SIZE_TOO_SHORT = 3,     /**< pdu-size-too-short */
    COSEM_INITIATE_ERROR_REFUSED_BY_VDE_HANDLER = 4  /**< refused-by-the-VDE-Handler */
} cosem_initiate_error_t;
/** @} */

/* ===================================================================== */
/** @name ACSE: AARQ / AARE / RLRQ / RLRE */
/** @{ */

/** @brief Application context names (last arc of 2.16.756.5.8.1.x). */
typedef enum cosem_app_context {
    COSEM_CONTEXT_LN = 1,           /**< Logical_Name_Referencing_No_Ciphering */
    COSEM_CONTEXT_SN = 2,           /**< Short_Name_Referencing_No_Ciphering */
    COSEM_CONTEXT_LN_CIPHERED = 3,  /**< Logical_Name_Referencing_With_Ciphering */
    COSEM_CONTEXT_SN_CIPHERED = 4   /**< Short_Name_Referencing_With_Ciphering */
} cosem_app_context_t;

/** @brief Authentication mechanisms (last arc of 2.16.756.5.8.2.x). */
typedef enum cosem_auth {
    COSEM_AUTH_NONE = 0,        /**< lowest level: no authentication */
    COSEM_AUTH_LOW = 1,         /**< LLS: password */
    COSEM_AUTH_HLS = 2,         /**< HLS, manufacturer specific */
    COSEM_AUTH_HLS_MD5 = 3,     /**< HLS with MD5 */
    COSEM_AUTH_HLS_SHA1 = 4,    /**< HLS with SHA-1 */
    COSEM_AUTH_HLS_GMAC = 5,    /**< HLS with GMAC */
    COSEM_AUTH_HLS_SHA256 = 6,  /**< HLS with SHA-256 */
    COSEM_AUTH_HLS_ECDSA = 7    /**< HLS with ECDSA */
} cosem_auth_t;

/** @brief A slice of an APDU (or of caller memory when encoding). */
typedef struct cosem_slice {
    const uint8_t *p; /**< First octet (NULL when absent). */
    size_t len;       /**< Octets. */
} cosem_slice_t;

/** @brief xDLMS InitiateRequest. */
typedef struct cosem_initiate_request {
    cosem_slice_t dedicated_key;  /**< dedicated-key (absent: p NULL). */
    bool response_allowed;        /**< response-allowed (default TRUE). */
    bool has_qos;                 /**< proposed-quality-of-service present. */
    int8_t qos;                   /**< proposed-quality-of-service. */
    uint8_t dlms_version;         /**< proposed-dlms-version-number (6). */
    uint32_t conformance;         /**< proposed-conformance (COSEM_CONF_*). */
    uint16_t max_pdu;             /**< client-max-receive-pdu-size. */
} cosem_initiate_request_t;

/** @brief xDLMS InitiateResponse. */
typedef struct cosem_initiate_response {
    bool has_qos;         /**< negotiated-quality-of-service present. */
    int8_t qos;           /**< negotiated-quality-of-service. */
    uint8_t dlms_version; /**< negotiated-dlms-version-number (6). */
    uint32_t conformance; /**< negotiated-conformance. */
    uint16_t max_pdu;     /**< server-max-receive-pdu-size. */
    uint16_t vaa_name;    /**< vaa-name: 0x0007 for LN, 0xFA00 for SN. */
} cosem_initiate_response_t;

/** @brief Decoded or to-be-encoded AARQ. Absent optional fields: NULL slices
 *  and 0 / false. */
typedef struct cosem_aarq {
    uint8_t app_context;          /**< ::cosem_app_context_t. */
    cosem_slice_t called_ap_title;   /**< called-AP-title (octet string inside). */
    cosem_slice_t calling_ap_title;  /**< calling-AP-title: client system title. */
    cosem_slice_t calling_ae_qualifier; /**< calling-AE-qualifier (certificate). */
    bool authentication;          /**< sender-acse-requirements: authentication bit. */
    bool has_mechanism;           /**< mechanism-name present. */
    uint8_t mechanism;            /**< ::cosem_auth_t (when has_mechanism). */
    cosem_slice_t auth_value;     /**< calling-authentication-value (charstring). */
    /** user-information: the xDLMS APDU inside (an InitiateRequest, or a
     *  ciphered one starting with another tag); absent: p NULL. */
    cosem_slice_t user_info;
} cosem_aarq_t;

/** @brief Decoded or to-be-encoded AARE. */
typedef struct cosem_aare {
    uint8_t app_context;          /**< ::cosem_app_context_t. */
    uint8_t result;               /**< ::cosem_assoc_result_t. */
    uint8_t diag_source;          /**< ::cosem_assoc_diag_source_t. */
    uint8_t diagnostic;           /**< ::cosem_assoc_diag_t (service-user) or provider value. */
    cosem_slice_t responding_ap_title; /**< server system title. */
    bool authentication;          /**< responder-acse-requirements: authentication. */
    bool has_mechanism;           /**< mechanism-name present. */
    uint8_t mechanism;            /**< ::cosem_auth_t. */
    cosem_slice_t auth_value;     /**< responding-authentication-value (HLS StoC). */
    /** user-information: the xDLMS APDU inside (InitiateResponse,
     *  confirmedServiceError, or ciphered); absent: p NULL. */
    cosem_slice_t user_info;
} cosem_aare_t;

/** @brief RLRQ / RLRE. */
typedef struct cosem_release {
    bool has_reason;          /**< reason present. */
    uint8_t reason;           /**< RLRQ: 0 normal, 1 urgent, 30 user-defined; RLRE: 0 normal, 1 not-finished, 30 user-defined. */
    cosem_slice_t user_info;  /**< user-information (xDLMS APDU inside); absent: p NULL. */
} cosem_release_t;

/**
 * @brief Decode an AARQ (tag 0x60). Unknown optional ACSE fields are skipped;
 *        the application context name must be 2.16.756.5.8.1.x and a
 *        mechanism name 2.16.756.5.8.2.x, else ::COSEM_E_UNSUPPORTED.
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; its slices point into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL @p out (or a NULL @p apdu with
 *         @p len > 0); ::COSEM_E_TRUNCATED when the input ends inside the
 *         APDU; ::COSEM_E_MALFORMED for another first octet, a field repeated,
 *         badly encoded or running past the APDU, or no application context
 *         name; ::COSEM_E_UNSUPPORTED as above and for an AP title, AE
 *         qualifier, authentication value or user-information in another
 *         form than the octet string (charstring) this codec reads;
 *         ::COSEM_E_TRAILING for octets after the APDU.
 */
cosem_status_t cosem_aarq_decode(const uint8_t *apdu, size_t len, cosem_aarq_t *out);
/**
 * @brief Encode an AARQ (fields as Gurux and deployed clients order them).
 * @param w  Output writer.
 * @param in The fields; absent slices (p NULL) are left out.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL argument, or an application context
 *         or mechanism above 127.
 */
cosem_status_t cosem_aarq_encode(cosem_axdr_writer_t *w, const cosem_aarq_t *in);
/**
 * @brief Decode an AARE (tag 0x61). Unknown optional ACSE fields are skipped.
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; its slices point into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL @p out (or a NULL @p apdu with
 *         @p len > 0); ::COSEM_E_TRUNCATED when the input ends inside the
 *         APDU; ::COSEM_E_MALFORMED for another first octet, a field repeated,
 *         badly encoded or running past the APDU (a result above 2, a
 *         diagnostic source other than 1 or 2), or a missing application
 *         context name, result or result-source-diagnostic;
 *         ::COSEM_E_UNSUPPORTED for a context name not 2.16.756.5.8.1.x, a
 *         mechanism name not 2.16.756.5.8.2.x, or an AP title, authentication
 *         value or user-information in another form than the octet string
 *         (charstring) this codec reads; ::COSEM_E_TRAILING for octets after
 *         the APDU.
 */
cosem_status_t cosem_aare_decode(const uint8_t *apdu, size_t len, cosem_aare_t *out);
/**
 * @brief Encode an AARE (@c diag_source must be 1 or 2, else ::COSEM_E_ARG).
 * @param w  Output writer.
 * @param in The fields; absent slices (p NULL) are left out.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL argument, a bad @c diag_source, a
 *         @c result above 2, or an application context or mechanism above 127.
 */
cosem_status_t cosem_aare_encode(cosem_axdr_writer_t *w, const cosem_aare_t *in);
/**
 * @brief Decode an RLRQ (tag 0x62); an empty body (`62 00`) is valid.
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; @c user_info points into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL @p out (or a NULL @p apdu with
 *         @p len > 0); ::COSEM_E_TRUNCATED when the input ends inside the
 *         APDU; ::COSEM_E_MALFORMED for another first octet or a field
 *         repeated, badly encoded or running past the APDU (a reason outside
 *         0..255); ::COSEM_E_UNSUPPORTED for user-information that is not an
 *         octet string; ::COSEM_E_TRAILING for octets after the APDU.
 */
cosem_status_t cosem_rlrq_decode(const uint8_t *apdu, size_t len, cosem_release_t *out);
/**
 * @brief Encode an RLRQ.
 * @param w  Output writer.
 * @param in The fields: the reason when @c has_reason, the user-information
 *           when its p is not NULL.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL argument.
 */
cosem_status_t cosem_rlrq_encode(cosem_axdr_writer_t *w, const cosem_release_t *in);
/**
 * @brief Decode an RLRE (tag 0x63); every field is optional.
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; @c user_info points into @p apdu.
 * @return As cosem_rlrq_decode(): ::COSEM_OK, ::COSEM_E_ARG,
 *         ::COSEM_E_TRUNCATED, ::COSEM_E_MALFORMED, ::COSEM_E_UNSUPPORTED or
 *         ::COSEM_E_TRAILING.
 */
cosem_status_t cosem_rlre_decode(const uint8_t *apdu, size_t len, cosem_release_t *out);
/**
 * @brief Encode an RLRE.
 * @param w  Output writer.
 * @param in The fields: the reason when @c has_reason, the user-information
 *           when its p is not NULL.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL argument.
 */
cosem_status_t cosem_rlre_encode(cosem_axdr_writer_t *w, const cosem_release_t *in);

/**
 * @brief Decode an xDLMS InitiateRequest (tag 0x01, the AARQ user-info).
 * @param p   The APDU (cosem_aarq_t::user_info).
 * @param len Its length.
 * @param out Output; @c dedicated_key points into @p p.
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL @p out (or a NULL @p p with
 *         @p len > 0); ::COSEM_E_UNSUPPORTED for a ciphered InitiateRequest
 *         (glo-, ded- or general-ciphering tag); ::COSEM_E_MALFORMED for
 *         another tag, a presence octet other than 00 / 01 or a conformance
 *         not starting `5F 1F 04 00`; ::COSEM_E_TRUNCATED;
 *         ::COSEM_E_TRAILING.
 */
cosem_status_t cosem_initiate_request_decode(const uint8_t *p, size_t len,
                                             cosem_initiate_request_t *out);
/**
 * @brief Encode an xDLMS InitiateRequest (response-allowed TRUE is sent as
 *        the DEFAULT).
 * @param w  Output writer.
 * @param in The fields; the dedicated key is left out when its p is NULL.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL argument or a conformance above
 *         24 bits.
 */
cosem_status_t cosem_initiate_request_encode(cosem_axdr_writer_t *w,
                                             const cosem_initiate_request_t *in);
/**
 * @brief Decode an xDLMS InitiateResponse (tag 0x08).
 * @param p   The APDU (cosem_aare_t::user_info).
 * @param len Its length.
 * @param out Output.
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL @p out (or a NULL @p p with
 *         @p len > 0); ::COSEM_E_UNSUPPORTED for a ciphered InitiateResponse;
 *         ::COSEM_E_MALFORMED for another tag (a confirmedServiceError: see
 *         cosem_confirmed_service_error_decode()), a presence octet other
 *         than 00 / 01 or a conformance not starting `5F 1F 04 00`;
 *         ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING.
 */
cosem_status_t cosem_initiate_response_decode(const uint8_t *p, size_t len,
                                              cosem_initiate_response_t *out);
/**
 * @brief Encode an xDLMS InitiateResponse.
 * @param w  Output writer.
 * @param in The fields.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL argument or a conformance above
 *         24 bits.
 */
cosem_status_t cosem_initiate_response_encode(cosem_axdr_writer_t *w,
                                              const cosem_initiate_response_t *in);
/**
 * @brief Encode confirmedServiceError `0E 01 06 <err>`: initiateError,
 *        service-error initiate (the user-info of a rejecting AARE).
 * @param w   Output writer.
 * @param err The reason.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p w or an @p err that is not a
 *         ::cosem_initiate_error_t value.
 */
cosem_status_t cosem_initiate_error_encode(cosem_axdr_writer_t *w, cosem_initiate_error_t err);
/**
 * @brief Decode a confirmedServiceError (tag 0x0E): which confirmed service
 *        (1 initiateError, 5 read, 6 write, ...), the ServiceError choice
 *        (6 initiate, ...) and its value. The outputs are written only on
 *        success.
 * @param p       The APDU (cosem_aare_t::user_info of a rejection).
 * @param len     Its length.
 * @param service Output: ConfirmedServiceError choice, 1..19.
 * @param choice  Output: ServiceError choice, 0..10.
 * @param value   Output: its value (::cosem_initiate_error_t for initiate).
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL output (or a NULL @p p with
 *         @p len > 0); ::COSEM_E_UNSUPPORTED for a ciphered variant;
 *         ::COSEM_E_MALFORMED for another tag or a choice out of range;
 *         ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING.
 */
cosem_status_t cosem_confirmed_service_error_decode(const uint8_t *p, size_t len,
                                                    uint8_t *service, uint8_t *choice,
                                                    uint8_t *value);
/** @} */

/* ===================================================================== */
/** @name xDLMS service primitives shared by requests and responses */
/** @{ */

/** @brief invoke-id-and-priority: invoke id (bits 0-3). */
#define COSEM_INVOKE_ID(x) ((uint8_t)((x) & 0x0Fu))
/** @brief invoke-id-and-priority: service-class bit, set = confirmed. */
#define COSEM_INVOKE_CONFIRMED 0x40u
/** @brief invoke-id-and-priority: priority bit, set = high. */
#define COSEM_INVOKE_HIGH_PRIORITY 0x80u

/** @brief Cosem-Attribute-Descriptor or Cosem-Method-Descriptor. */
typedef struct cosem_attr_ref {
    uint16_t class_id; /**< Interface class. */
    uint8_t obis[6];   /**< Logical name (instance id). */
    int8_t id;         /**< Attribute id (0 = all) or method id. */
} cosem_attr_ref_t;

/** @brief Selective-Access-Descriptor: selector 0 means absent. */
typedef struct cosem_selection {
    uint8_t selector;     /**< access-selector (1 range, 2 entry, ...), 0 absent. */
    cosem_slice_t params; /**< access-parameters: one whole Data value. */
} cosem_selection_t;

/** @brief DataBlock-G / DataBlock-SA / DataBlock (pblock) contents. */
typedef struct cosem_datablock {
    bool last;            /**< last-block. */
    uint32_t number;      /**< block-number. */
    bool ok;              /**< GET: raw-data (true) or data-access-result (false). */
    uint8_t dar;          /**< GET: the data-access-result when !ok. */
    cosem_slice_t raw;    /**< raw-data octets. */
} cosem_datablock_t;

/** @brief Get-Data-Result / Action return: Data or a result code. */
typedef struct cosem_data_result {
    bool ok;              /**< data (true) or data-access-result (false). */
    uint8_t dar;          /**< ::cosem_dar_t when !ok. */
    cosem_slice_t data;   /**< one whole Data value when ok. */
} cosem_data_result_t;

/**
 * @brief Read one Cosem-Attribute-Descriptor-With-Selection (class, obis,
 *        id, optional selective access) from @p r: the element of a
 *        with-list request.
 * @param r   Reader positioned at the descriptor; an error stays recorded
 *            in it.
 * @param ref Output descriptor.
 * @param sel Output selection (selector 0: none); @c params points into the
 *            reader's buffer.
 * @return ::COSEM_OK; ::COSEM_E_TRUNCATED; ::COSEM_E_MALFORMED for a presence
 *         octet other than 00 / 01, selector 0 or bad access-parameters;
 *         ::COSEM_E_DEPTH for access-parameters nested too deep.
 */
cosem_status_t cosem_apdu_read_attr_sel(cosem_axdr_reader_t *r, cosem_attr_ref_t *ref,
                                        cosem_selection_t *sel);
/**
 * @brief Write one Cosem-Attribute-Descriptor-With-Selection (sel may be NULL).
 * @param w   Output writer.
 * @param ref Descriptor.
 * @param sel Selection; NULL or selector 0: none. Its @c params (one whole
 *            Data) are copied as given.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p ref (or NULL params with a
 *         length).
 */
cosem_status_t cosem_apdu_write_attr_sel(cosem_axdr_writer_t *w, const cosem_attr_ref_t *ref,
                                         const cosem_selection_t *sel);
/**
 * @brief Read one Cosem-Attribute/Method-Descriptor (no selection).
 * @param r   Reader positioned at the descriptor; an error stays recorded
 *            in it.
 * @param ref Output descriptor.
 * @return ::COSEM_OK, or ::COSEM_E_TRUNCATED when fewer than 9 octets remain.
 */
cosem_status_t cosem_apdu_read_attr(cosem_axdr_reader_t *r, cosem_attr_ref_t *ref);
/**
 * @brief Write one Cosem-Attribute/Method-Descriptor.
 * @param w   Output writer.
 * @param ref Descriptor.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p ref.
 */
cosem_status_t cosem_apdu_write_attr(cosem_axdr_writer_t *w, const cosem_attr_ref_t *ref);
/**
 * @brief Read one Get-Data-Result (`00 Data` or `01 dar`).
 * @param r   Reader positioned at the result; an error stays recorded in it.
 * @param out Output; @c data points into the reader's buffer.
 * @return ::COSEM_OK; ::COSEM_E_TRUNCATED; ::COSEM_E_MALFORMED for a choice
 *         other than 0 / 1 or a bad Data; ::COSEM_E_DEPTH for a Data nested
 *         too deep.
 */
cosem_status_t cosem_apdu_read_data_result(cosem_axdr_reader_t *r, cosem_data_result_t *out);
/** @} */

/* ===================================================================== */
/** @name GET */
/** @{ */

/** @brief get-request / get-response choice numbers. */
typedef enum cosem_get_type {
    COSEM_GET_NORMAL = 1,    /**< -normal */
    COSEM_GET_NEXT = 2,      /**< request: -next; response: -with-datablock */
    COSEM_GET_WITH_LIST = 3  /**< -with-list */
} cosem_get_type_t;

/** @brief Decoded get-request. */
typedef struct cosem_get_request {
    uint8_t type;          /**< ::cosem_get_type_t. */
    uint8_t invoke;        /**< invoke-id-and-priority octet. */
    cosem_attr_ref_t ref;  /**< NORMAL: the attribute. */
    cosem_selection_t sel; /**< NORMAL: the selection. */
    uint32_t block;        /**< NEXT: block-number received last. */
    uint16_t count;        /**< WITH_LIST: number of descriptors. */
    /** WITH_LIST: the descriptors (read each with cosem_apdu_read_attr_sel();
     *  the decoder has checked all @c count of them). */
    cosem_slice_t list;
} cosem_get_request_t;

/** @brief Decoded get-response. */
typedef struct cosem_get_response {
    uint8_t type;              /**< ::cosem_get_type_t. */
    uint8_t invoke;            /**< invoke-id-and-priority octet. */
    cosem_data_result_t result; /**< NORMAL. */
    cosem_datablock_t block;   /**< NEXT (with-datablock). */
    uint16_t count;            /**< WITH_LIST: number of results. */
    /** WITH_LIST: the results (read each with cosem_apdu_read_data_result()). */
    cosem_slice_t list;
} cosem_get_response_t;

/**
 * @brief Decode a get-request (0xC0).
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; its slices point into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag or a list of
 *         more than 65535 descriptors; ::COSEM_E_MALFORMED for an unknown
 *         choice or a bad descriptor or selection; ::COSEM_E_TRUNCATED;
 *         ::COSEM_E_TRAILING; ::COSEM_E_DEPTH. With #COSEM_WITH_GET_LIST 0
 *         a get-request-with-list is ::COSEM_E_UNSUPPORTED (@p out holds
 *         its choice and invoke octet only).
 */
cosem_status_t cosem_get_request_decode(const uint8_t *apdu, size_t len, cosem_get_request_t *out);
/**
 * @brief Encode get-request-normal.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param ref    Attribute descriptor.
 * @param sel    Selective access; NULL (or selector 0): none.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p ref.
 */
cosem_status_t cosem_get_request_normal_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                               const cosem_attr_ref_t *ref,
                                               const cosem_selection_t *sel);
/**
 * @brief Encode get-request-next for block @p block.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param block  Number of the last block received (the server sends the
 *               next one).
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_get_request_next_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                             uint32_t block);
/**
 * @brief Encode get-request-with-list (@p sels may be NULL).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param refs   @p n attribute descriptors.
 * @param sels   @p n selections; NULL: none for any.
 * @param n      Number of attributes.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p refs with @p n > 0.
 */
cosem_status_t cosem_get_request_list_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                             const cosem_attr_ref_t *refs,
                                             const cosem_selection_t *sels, size_t n);
/**
 * @brief Decode a get-response (0xC4).
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; its slices point into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag or a list of
 *         more than 65535 results; ::COSEM_E_MALFORMED for an unknown choice,
 *         a result choice other than 0 / 1 or a bad Data;
 *         ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING; ::COSEM_E_DEPTH.
 */
cosem_status_t cosem_get_response_decode(const uint8_t *apdu, size_t len,
                                         cosem_get_response_t *out);
/**
 * @brief Write the head of get-response-normal with data: `C4 01 invoke 00`;
 *        the caller appends the Data.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_get_response_normal_begin(cosem_axdr_writer_t *w, uint8_t invoke);
/**
 * @brief Encode get-response-normal with a data-access-result.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param dar    The result.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_get_response_normal_error(cosem_axdr_writer_t *w, uint8_t invoke,
                                               cosem_dar_t dar);
/**
 * @brief Encode get-response-with-datablock: raw data (@p raw, @p n octets)
 *        or, when @p raw is NULL, the data-access-result @p dar.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param last   Whether this is the last block.
 * @param block  block-number (the first block is 1).
 * @param raw    This block's part of the encoded value, or NULL.
 * @param n      Octets at @p raw.
 * @param dar    Result sent when @p raw is NULL.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_get_response_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                               bool last, uint32_t block, const uint8_t *raw,
                                               size_t n, cosem_dar_t dar);
/**
 * @brief Octets cosem_get_response_block_encode() adds in front of @p n raw octets.
 * @param n Raw octets in the block.
 * @return 9 plus cosem_axdr_length_size() of @p n (10 below 128 octets).
 */
size_t cosem_get_response_block_overhead(size_t n);
/**
 * @brief Write the head of get-response-with-list: `C4 03 invoke count`;
 *        the caller appends @p count Get-Data-Results.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param count  Number of results.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_get_response_list_begin(cosem_axdr_writer_t *w, uint8_t invoke,
                                             size_t count);
/** @} */

/* ===================================================================== */
/** @name SET */
/** @{ */

/** @brief set-request choice numbers. */
typedef enum cosem_set_req_type {
    COSEM_SET_NORMAL = 1,                     /**< -normal */
    COSEM_SET_WITH_FIRST_DATABLOCK = 2,       /**< -with-first-datablock */
    COSEM_SET_WITH_DATABLOCK = 3,             /**< -with-datablock */
    COSEM_SET_WITH_LIST = 4,                  /**< -with-list */
    COSEM_SET_WITH_LIST_FIRST_DATABLOCK = 5   /**< -with-list-and-first-datablock */
} cosem_set_req_type_t;

/** @brief set-response choice numbers. */
typedef enum cosem_set_res_type {
    COSEM_SET_RES_NORMAL = 1,                 /**< -normal */
    COSEM_SET_RES_DATABLOCK = 2,              /**< -datablock (acknowledge) */
    COSEM_SET_RES_LAST_DATABLOCK = 3,         /**< -last-datablock */
    COSEM_SET_RES_LAST_DATABLOCK_LIST = 4,    /**< -last-datablock-with-list */
    COSEM_SET_RES_WITH_LIST = 5               /**< -with-list */
} cosem_set_res_type_t;

/** @brief Decoded set-request. */
typedef struct cosem_set_request {
    uint8_t type;           /**< ::cosem_set_req_type_t. */
    uint8_t invoke;         /**< invoke-id-and-priority octet. */
    cosem_attr_ref_t ref;   /**< NORMAL, WITH_FIRST_DATABLOCK. */
    cosem_selection_t sel;  /**< NORMAL, WITH_FIRST_DATABLOCK. */
    cosem_slice_t value;    /**< NORMAL: one whole Data value. */
    uint16_t count;         /**< WITH_LIST*: number of descriptors (and of values). */
    cosem_slice_t list;     /**< WITH_LIST*: the descriptors (cosem_apdu_read_attr_sel()). */
    /** WITH_LIST: the @c count values, each one whole Data (read with an
     *  ::cosem_axdr_reader_t and cosem_axdr_skip()). */
    cosem_slice_t values;
    cosem_datablock_t block; /**< *DATABLOCK: last, number and raw data. */
} cosem_set_request_t;

/** @brief Decoded set-response. */
typedef struct cosem_set_response {
    uint8_t type;           /**< ::cosem_set_res_type_t. */
    uint8_t invoke;         /**< invoke-id-and-priority octet. */
    uint8_t dar;            /**< NORMAL, LAST_DATABLOCK: the result. */
    uint32_t block;         /**< DATABLOCK, LAST_DATABLOCK*: block-number. */
    uint16_t count;         /**< *LIST: number of results. */
    cosem_slice_t list;     /**< *LIST: @c count enum octets (one dar each, no tags). */
} cosem_set_response_t;

/**
 * @brief Decode a set-request (0xC1).
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; its slices point into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag or a list of
 *         more than 65535 descriptors; ::COSEM_E_MALFORMED for an unknown
 *         choice, a bad descriptor, selection or Data, or a with-list value
 *         count that differs from the descriptor count; ::COSEM_E_TRUNCATED;
 *         ::COSEM_E_TRAILING; ::COSEM_E_DEPTH. With
 *         #COSEM_WITH_LIST_BLOCK_WRITE 0 every choice but -normal is
 *         ::COSEM_E_UNSUPPORTED (@p out holds its choice and invoke octet
 *         only).
 */
cosem_status_t cosem_set_request_decode(const uint8_t *apdu, size_t len, cosem_set_request_t *out);
/**
 * @brief Encode set-request-normal (@p value: one whole Data, @p sel may be NULL).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param ref    Attribute descriptor.
 * @param sel    Selective access; NULL (or selector 0): none.
 * @param value  The new value, one whole Data.
 * @param n      Its length.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG when @p value is not exactly one whole Data or
 *         @p ref is NULL.
 */
cosem_status_t cosem_set_request_normal_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                               const cosem_attr_ref_t *ref,
                                               const cosem_selection_t *sel,
                                               const uint8_t *value, size_t n);
/**
 * @brief Encode set-request-with-first-datablock (ref given) or
 *        -with-datablock (@p ref NULL).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param ref    Attribute descriptor for the first block; NULL for the next.
 * @param sel    Selective access of the first block (NULL: none); unused
 *               without @p ref.
 * @param last   Whether this is the last block.
 * @param block  block-number (the first block is 1).
 * @param raw    This block's part of the encoded value.
 * @param n      Octets at @p raw.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p raw with @p n > 0.
 */
cosem_status_t cosem_set_request_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                              const cosem_attr_ref_t *ref,
                                              const cosem_selection_t *sel, bool last,
                                              uint32_t block, const uint8_t *raw, size_t n);
/**
 * @brief Encode set-request-with-list: @p values is @p n whole Data values
 *        back to back.
 * @param w          Output writer.
 * @param invoke     invoke-id-and-priority octet.
 * @param refs       @p n attribute descriptors.
 * @param sels       @p n selections; NULL: none for any.
 * @param n          Number of attributes.
 * @param values     The @p n new values.
 * @param values_len Their total length.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p refs with @p n > 0 or @p values
 *         that are not exactly @p n whole Data values.
 */
cosem_status_t cosem_set_request_list_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                             const cosem_attr_ref_t *refs,
                                             const cosem_selection_t *sels, size_t n,
                                             const uint8_t *values, size_t values_len);
/**
 * @brief Decode a set-response (0xC5).
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; @c list points into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag or a list of
 *         more than 65535 results; ::COSEM_E_MALFORMED for an unknown choice;
 *         ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING.
 */
cosem_status_t cosem_set_response_decode(const uint8_t *apdu, size_t len,
                                         cosem_set_response_t *out);
/**
 * @brief Encode set-response-normal.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param dar    The result.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_set_response_normal_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                cosem_dar_t dar);
/**
 * @brief Encode set-response-datablock (acknowledges block @p block).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param block  Number of the block received.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_set_response_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                               uint32_t block);
/**
 * @brief Encode set-response-last-datablock.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param dar    The result of the whole write.
 * @param block  Number of the last block received.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_set_response_last_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                    cosem_dar_t dar, uint32_t block);
/**
 * @brief Encode set-response-with-list (@p dars: @p n results), or
 *        -last-datablock-with-list when @p last_block is non-zero.
 * @param w          Output writer.
 * @param invoke     invoke-id-and-priority octet.
 * @param dars       @p n results, one ::cosem_dar_t code per octet.
 * @param n          Their number.
 * @param last_block 0 for -with-list; else the number of the last block
 *                   received.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p dars with @p n > 0.
 */
cosem_status_t cosem_set_response_list_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                              const uint8_t *dars, size_t n,
                                              uint32_t last_block);
/** @} */

/* ===================================================================== */
/** @name ACTION */
/** @{ */

/** @brief action-request choice numbers. */
typedef enum cosem_action_req_type {
    COSEM_ACTION_NORMAL = 1,                  /**< -normal */
    COSEM_ACTION_NEXT_PBLOCK = 2,             /**< -next-pblock */
    COSEM_ACTION_WITH_LIST = 3,               /**< -with-list */
    COSEM_ACTION_WITH_FIRST_PBLOCK = 4,       /**< -with-first-pblock */
    COSEM_ACTION_WITH_LIST_FIRST_PBLOCK = 5,  /**< -with-list-and-first-pblock */
    COSEM_ACTION_WITH_PBLOCK = 6              /**< -with-pblock */
} cosem_action_req_type_t;

/** @brief action-response choice numbers. */
typedef enum cosem_action_res_type {
    COSEM_ACTION_RES_NORMAL = 1,       /**< -normal */
    COSEM_ACTION_RES_WITH_PBLOCK = 2,  /**< -with-pblock */
    COSEM_ACTION_RES_WITH_LIST = 3,    /**< -with-list */
    COSEM_ACTION_RES_NEXT_PBLOCK = 4   /**< -next-pblock */
} cosem_action_res_type_t;

/** @brief Decoded action-request. */
typedef struct cosem_action_request {
    uint8_t type;           /**< ::cosem_action_req_type_t. */
    uint8_t invoke;         /**< invoke-id-and-priority octet. */
    cosem_attr_ref_t ref;   /**< NORMAL, WITH_FIRST_PBLOCK: the method. */
    bool has_params;        /**< NORMAL: method-invocation-parameters present (false
                             *   also when the APDU ends after the method). */
    cosem_slice_t params;   /**< NORMAL: one whole Data value. */
    uint16_t count;         /**< WITH_LIST*: number of methods. */
    cosem_slice_t list;     /**< WITH_LIST*: method descriptors (cosem_apdu_read_attr()). */
    /** WITH_LIST: @c count whole Data values (parameters; null-data for none). */
    cosem_slice_t values;
    uint32_t block;         /**< NEXT_PBLOCK: block-number received last. */
    cosem_datablock_t pblock; /**< *PBLOCK: last, number, raw. */
} cosem_action_request_t;

/** @brief Decoded action-response. */
typedef struct cosem_action_response {
    uint8_t type;              /**< ::cosem_action_res_type_t. */
    uint8_t invoke;            /**< invoke-id-and-priority octet. */
    uint8_t result;            /**< NORMAL: action-result (::cosem_dar_t codes). */
    bool has_return;           /**< NORMAL: return-parameters present. */
    cosem_data_result_t ret;   /**< NORMAL: the return-parameters. */
    cosem_datablock_t pblock;  /**< WITH_PBLOCK. */
    uint32_t block;            /**< NEXT_PBLOCK. */
    uint16_t count;            /**< WITH_LIST: number of results. */
    /** WITH_LIST: @c count Action-Response-With-Optional-Data (read each with
     *  cosem_apdu_read_action_result()). */
    cosem_slice_t list;
} cosem_action_response_t;

/**
 * @brief Read one Action-Response-With-Optional-Data.
 * @param r          Reader positioned at the element; an error stays
 *                   recorded in it.
 * @param result     Output: the action-result (::cosem_dar_t codes).
 * @param has_return Output: whether return-parameters are present; false
 *                   too when the input ends right after the action-result
 *                   (Gurux sends `C7 01 C1 04` without the presence octet).
 * @param ret        Output: the return-parameters when @p *has_return;
 *                   @c data points into the reader's buffer.
 * @return ::COSEM_OK; ::COSEM_E_TRUNCATED; ::COSEM_E_MALFORMED for a presence
 *         octet other than 00 / 01, a result choice other than 0 / 1 or a bad
 *         Data; ::COSEM_E_DEPTH for a Data nested too deep.
 */
cosem_status_t cosem_apdu_read_action_result(cosem_axdr_reader_t *r, uint8_t *result,
                                             bool *has_return, cosem_data_result_t *ret);
/**
 * @brief Decode an action-request (0xC3).
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; its slices point into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag or a list of
 *         more than 65535 methods; ::COSEM_E_MALFORMED for an unknown choice,
 *         a presence octet other than 00 / 01, a bad Data, or a with-list
 *         parameter count that differs from the method count;
 *         ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING; ::COSEM_E_DEPTH. With
 *         #COSEM_WITH_LIST_BLOCK_WRITE 0 every choice but -normal is
 *         ::COSEM_E_UNSUPPORTED (@p out holds its choice and invoke octet
 *         only).
 */
cosem_status_t cosem_action_request_decode(const uint8_t *apdu, size_t len,
                                           cosem_action_request_t *out);
/**
 * @brief Encode action-request-normal (@p params NULL: no parameters).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param ref    Method descriptor.
 * @param params The parameters, one whole Data; NULL: none.
 * @param n      Octets at @p params.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG when @p params is not exactly one whole Data or
 *         @p ref is NULL.
 */
cosem_status_t cosem_action_request_normal_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                  const cosem_attr_ref_t *ref,
                                                  const uint8_t *params, size_t n);
/**
 * @brief Encode action-request-with-first-pblock (ref given) or -with-pblock
 *        (@p ref NULL).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param ref    Method descriptor for the first block; NULL for the next.
 * @param last   Whether this is the last block.
 * @param block  block-number (the first block is 1).
 * @param raw    This block's part of the encoded parameters.
 * @param n      Octets at @p raw.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p raw with @p n > 0.
 */
cosem_status_t cosem_action_request_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                 const cosem_attr_ref_t *ref, bool last,
                                                 uint32_t block, const uint8_t *raw, size_t n);
/**
 * @brief Encode action-request-next-pblock.
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param block  Number of the last block of return parameters received.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_action_request_next_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                uint32_t block);
/**
 * @brief Encode action-request-with-list: @p values is @p n whole Data values.
 * @param w          Output writer.
 * @param invoke     invoke-id-and-priority octet.
 * @param refs       @p n method descriptors.
 * @param n          Number of methods.
 * @param values     The @p n parameters back to back (null-data for none).
 * @param values_len Their total length.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p refs with @p n > 0 or @p values
 *         that are not exactly @p n whole Data values.
 */
cosem_status_t cosem_action_request_list_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                const cosem_attr_ref_t *refs, size_t n,
                                                const uint8_t *values, size_t values_len);
/**
 * @brief Decode an action-response (0xC7).
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; its slices point into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag or a list of
 *         more than 65535 results; ::COSEM_E_MALFORMED for an unknown choice,
 *         a presence octet other than 00 / 01, a result choice other than
 *         0 / 1 or a bad Data; ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING;
 *         ::COSEM_E_DEPTH.
 */
cosem_status_t cosem_action_response_decode(const uint8_t *apdu, size_t len,
                                            cosem_action_response_t *out);
/**
 * @brief Write action-response-normal: `C7 01 invoke result` then, with
 *        @p with_data, `01 00` (return-parameters present, data) and the
 *        caller appends the Data; without it `00`.
 * @param w         Output writer.
 * @param invoke    invoke-id-and-priority octet.
 * @param result    The action-result.
 * @param with_data Whether the caller appends return parameters.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_action_response_normal_begin(cosem_axdr_writer_t *w, uint8_t invoke,
                                                  cosem_dar_t result, bool with_data);
/**
 * @brief Encode action-response-with-pblock (raw part of the return parameters).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param last   Whether this is the last block.
 * @param block  block-number (the first block is 1).
 * @param raw    This block's part of the encoded return parameters.
 * @param n      Octets at @p raw.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p raw with @p n > 0.
 */
cosem_status_t cosem_action_response_block_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                  bool last, uint32_t block,
                                                  const uint8_t *raw, size_t n);
/**
 * @brief Encode action-response-next-pblock (acknowledges block @p block).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param block  Number of the block of parameters received.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_action_response_next_encode(cosem_axdr_writer_t *w, uint8_t invoke,
                                                 uint32_t block);
/**
 * @brief Write the head of action-response-with-list: `C7 03 invoke count`;
 *        the caller appends @p count results (result, 00 or 01 Get-Data-Result).
 * @param w      Output writer.
 * @param invoke invoke-id-and-priority octet.
 * @param count  Number of results.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_action_response_list_begin(cosem_axdr_writer_t *w, uint8_t invoke,
                                                size_t count);
/** @} */

/* ===================================================================== */
/** @name Exception response and notifications */
/** @{ */

/**
 * @brief Encode exception-response `D8 state-error service-error`.
 * @param w       Output writer.
 * @param state   The state-error.
 * @param service The service-error.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_exception_encode(cosem_axdr_writer_t *w, cosem_state_error_t state,
                                      cosem_service_error_t service);
/**
 * @brief Decode exception-response (an invocation-counter-error variant may
 *        carry a trailing unsigned32, accepted and ignored).
 * @param apdu    The APDU.
 * @param len     Its length.
 * @param state   Output: the state-error (written only on success).
 * @param service Output: the service-error (written only on success).
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag;
 *         ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING.
 */
cosem_status_t cosem_exception_decode(const uint8_t *apdu, size_t len, uint8_t *state,
                                      uint8_t *service);

/** @brief Decoded data-notification or event-notification-request. */
typedef struct cosem_notification {
    uint8_t tag;              /**< ::COSEM_APDU_DATA_NOTIFICATION or ::COSEM_APDU_EVENT_NOTIFICATION. */
    uint32_t invoke;          /**< data-notification: long-invoke-id-and-priority. */
    bool has_time;            /**< date-time present. */
    cosem_datetime_t time;    /**< its value. */
    cosem_attr_ref_t ref;     /**< event-notification: the attribute. */
    cosem_slice_t body;       /**< notification-body / attribute-value: one whole Data. */
} cosem_notification_t;

/**
 * @brief Decode a data-notification (0x0F) or event-notification-request (0xC2).
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; @c body points into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag;
 *         ::COSEM_E_MALFORMED for a date-time that is not an octet-string of
 *         12 or a bad Data; ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING;
 *         ::COSEM_E_DEPTH.
 */
cosem_status_t cosem_notification_decode(const uint8_t *apdu, size_t len,
                                         cosem_notification_t *out);
/**
 * @brief Write the head of a data-notification: tag, long invoke id and
 *        date-time (@p time NULL: absent, else octet-string of 12); the caller
 *        appends the notification-body (one Data).
 * @param w      Output writer.
 * @param invoke long-invoke-id-and-priority.
 * @param time   Date-time; NULL: absent.
 * @return The writer's status: ::COSEM_OK or ::COSEM_E_NOSPACE when @p w is
 *         full.
 */
cosem_status_t cosem_data_notification_begin(cosem_axdr_writer_t *w, uint32_t invoke,
                                             const cosem_datetime_t *time);
/**
 * @brief Write the head of an event-notification-request: tag, optional time,
 *        the attribute descriptor; the caller appends the attribute value.
 * @param w    Output writer.
 * @param time Date-time; NULL: absent.
 * @param ref  Attribute descriptor.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p ref.
 */
cosem_status_t cosem_event_notification_begin(cosem_axdr_writer_t *w,
                                              const cosem_datetime_t *time,
                                              const cosem_attr_ref_t *ref);

/** @brief Window sizes a general-block-transfer block-control can carry. */
#define COSEM_GBT_WINDOW_MAX 63u

/**
 * @brief Decoded general-block-transfer APDU (0xE0, IEC 62056-5-3 GBT):
 *        block-control (last-block bit 7, streaming bit 6, window bits 0-5),
 *        block-number, block-number-ack, block-data.
 */
typedef struct cosem_gbt {
    bool last;          /**< last-block. */
    bool streaming;     /**< streaming: more blocks follow without an ack. */
    uint8_t window;     /**< window size the sender can receive (0..63). */
    uint16_t block;     /**< block-number. */
    uint16_t ack;       /**< block-number-ack: the last block received in order. */
    cosem_slice_t data; /**< block-data (points into the APDU). */
} cosem_gbt_t;

#if COSEM_WITH_GBT
/**
 * @brief Decode a general-block-transfer APDU.
 * @param apdu The APDU.
 * @param len  Its length.
 * @param out  Output; @c data points into @p apdu.
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag;
 *         ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING; ::COSEM_E_MALFORMED for a
 *         block-data length that is not A-XDR.
 */
cosem_status_t cosem_gbt_decode(const uint8_t *apdu, size_t len, cosem_gbt_t *out);
/**
 * @brief Encode a general-block-transfer APDU.
 * @param w Output writer.
 * @param g The fields; @c data may be empty.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p g, a window above
 *         ::COSEM_GBT_WINDOW_MAX or data with a NULL pointer.
 */
cosem_status_t cosem_gbt_encode(cosem_axdr_writer_t *w, const cosem_gbt_t *g);
#endif

/** @brief Kinds of an ACCESS item (Access-Request-Specification choice). */
typedef enum cosem_access_kind {
    COSEM_ACCESS_GET = 1,          /**< access-request-get */
    COSEM_ACCESS_SET = 2,          /**< access-request-set */
    COSEM_ACCESS_ACTION = 3,       /**< access-request-action */
    COSEM_ACCESS_GET_SEL = 4,      /**< access-request-get-with-selection */
    COSEM_ACCESS_SET_SEL = 5       /**< access-request-set-with-selection */
} cosem_access_kind_t;

/** @brief long-invoke-id-and-priority bit: confirmed service (bit 30). */
#define COSEM_ACCESS_CONFIRMED 0x40000000ul
/** @brief long-invoke-id-and-priority bit: high priority (bit 31). */
#define COSEM_ACCESS_PRIORITY_HIGH 0x80000000ul

/**
 * @brief A decoded access-request (0xD9) or access-response (0xDA):
 *        `D9 long-invoke-id(4) date-time count {item} count {Data}` and
 *        `DA long-invoke-id(4) date-time 00 count {Data} count {kind result}`.
 */
typedef struct cosem_access_apdu {
    uint32_t long_invoke;  /**< long-invoke-id-and-priority. */
    cosem_slice_t time;    /**< date-time octets (0 or 12). */
    uint16_t count;        /**< Items. */
    cosem_slice_t items;   /**< Request: the items (cosem_access_read_item());
                                response: the results, (kind, result) pairs. */
    cosem_slice_t data;    /**< The count Data back to back. */
} cosem_access_apdu_t;

#if COSEM_WITH_ACCESS
/**
 * @brief Decode an access-request; every item and Data is checked.
 * @param apdu The APDU. @param len Its length. @param out Output (slices point into @p apdu).
 * @return ::COSEM_OK; ::COSEM_E_UNSUPPORTED for another tag;
 *         ::COSEM_E_TRUNCATED; ::COSEM_E_TRAILING; ::COSEM_E_MALFORMED
 *         (date-time neither 0 nor 12 octets, no items, an unknown kind,
 *         a Data count that differs from the item count, bad Data).
 */
cosem_status_t cosem_access_request_decode(const uint8_t *apdu, size_t len,
                                           cosem_access_apdu_t *out);
/**
 * @brief Decode an access-response (the request specification, when
 *        present, is skipped); every Data and result is checked.
 * @param apdu The APDU. @param len Its length. @param out Output.
 * @return As cosem_access_request_decode().
 */
cosem_status_t cosem_access_response_decode(const uint8_t *apdu, size_t len,
                                            cosem_access_apdu_t *out);
/**
 * @brief Read one item of cosem_access_apdu_t::items of a request.
 * @param r    Reader over the items, positioned at one.
 * @param kind Output: ::cosem_access_kind_t.
 * @param ref  Output: the attribute or method.
 * @param sel  Output: the selection (selector 0: none).
 * @return ::COSEM_OK; the reader's error; ::COSEM_E_MALFORMED for an
 *         unknown kind.
 */
cosem_status_t cosem_access_read_item(cosem_axdr_reader_t *r, uint8_t *kind,
                                      cosem_attr_ref_t *ref, cosem_selection_t *sel);
#endif
/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_APDU_H */
