/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file sn.h
 * @brief Short-name referencing APDUs (IEC 62056-5-3 DLMS services, Green
 *        Book "Variable-Access-Specification"): ReadRequest/Response,
 *        WriteRequest/Response, UnconfirmedWriteRequest and
 *        InformationReportRequest.
 *
 * @defgroup sn Short-name (SN) APDU codecs
 * @brief Encoders and decoders of the SN services, both roles.
 *
 * In short-name referencing an attribute is named by one 16-bit number: the
 * object's base name plus 8 per attribute after the first (attribute 2 of
 * an object at 0x0100 is 0x0108), and a method by the base name plus the
 * class's method offset. The Association SN object has the base name
 * ::COSEM_SN_ASSOCIATION_BASE.
 *
 * Like apdu.h, decoders never copy: ::cosem_sn_apdu_t holds slices into the
 * APDU, each specification or result is read back with cosem_sn_read_spec()
 * or cosem_sn_read_result(), and every Data is checked well formed. Their
 * statuses are those of apdu.h: ::COSEM_OK, ::COSEM_E_TRUNCATED,
 * ::COSEM_E_MALFORMED, ::COSEM_E_UNSUPPORTED (another tag, a count above
 * 65535), ::COSEM_E_TRAILING, ::COSEM_E_DEPTH.
 *
 * Wire forms (A-XDR):
 * - read-request `05 count {spec}`; read-response `0C count {result}`;
 * - write-request `06 count {spec} count {Data}` (unconfirmed: `16`);
 *   write-response `0D count {result}`;
 * - information-report `18 time count {variable-name} count {Data}`, the
 *   time an octet string of 0 (absent) or 12 octets without its type tag.
 *
 * Built with `COSEM_WITH_SN`.
 * @{
 */
#ifndef COSEM_SN_H
#define COSEM_SN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/apdu.h>
#include <cosem/axdr.h>
#include <cosem/config.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COSEM_APDU_READ_REQUEST 0x05u              /**< readRequest [5] */
#define COSEM_APDU_WRITE_REQUEST 0x06u             /**< writeRequest [6] */
#define COSEM_APDU_READ_RESPONSE 0x0Cu             /**< readResponse [12] */
#define COSEM_APDU_WRITE_RESPONSE 0x0Du            /**< writeResponse [13] */
#define COSEM_APDU_UNCONFIRMED_WRITE_REQUEST 0x16u /**< unconfirmedWriteRequest [22] */
#define COSEM_APDU_INFORMATION_REPORT 0x18u        /**< informationReportRequest [24] */

/** @brief Base name of the current Association SN object (class 12). */
#define COSEM_SN_ASSOCIATION_BASE 0xFA00u

/** @brief Short name of attribute @p attr (1-based) of an object at @p base. */
#define COSEM_SN_ATTR(base, attr) ((uint16_t)((base) + 8u * ((unsigned)(attr) - 1u)))

/** @brief Variable-Access-Specification choices. */
typedef enum cosem_sn_spec_kind {
    COSEM_SN_NAME = 2,              /**< variable-name: a short name. */
    COSEM_SN_PARAMETERIZED = 4,     /**< parameterized-access: name, selector, Data. */
    COSEM_SN_BLOCK_NUMBER = 5,      /**< block-number-access: the next block of a read. */
    COSEM_SN_READ_DATA_BLOCK = 6,   /**< read-data-block-access: a long request in blocks. */
    COSEM_SN_WRITE_DATA_BLOCK = 7   /**< write-data-block-access: a long write in blocks. */
} cosem_sn_spec_kind_t;

/** @brief One decoded (or to-be-encoded) Variable-Access-Specification. */
typedef struct cosem_sn_spec {
    uint8_t kind;         /**< ::cosem_sn_spec_kind_t. */
    uint16_t name;        /**< variable-name (NAME, PARAMETERIZED). */
    uint8_t selector;     /**< PARAMETERIZED: the access selector. */
    cosem_slice_t param;  /**< PARAMETERIZED: the parameter Data;
                               READ_DATA_BLOCK: raw-data. */
    bool last;            /**< READ_DATA_BLOCK, WRITE_DATA_BLOCK: last-block. */
    uint16_t block;       /**< BLOCK_NUMBER, READ/WRITE_DATA_BLOCK: block-number. */
} cosem_sn_spec_t;

/** @brief Choices of a read-response or write-response item. */
typedef enum cosem_sn_result_kind {
    COSEM_SN_DATA = 0,             /**< read: data; write: success. */
    COSEM_SN_ERROR = 1,            /**< data-access-error (both). */
    COSEM_SN_DATA_BLOCK = 2,       /**< read: data-block-result; write: block-number. */
    COSEM_SN_READ_BLOCK_NUMBER = 3 /**< read: block-number (of a request in blocks). */
} cosem_sn_result_kind_t;

/** @brief One item of a read-response or write-response. */
typedef struct cosem_sn_result {
    uint8_t kind;        /**< ::cosem_sn_result_kind_t. */
    uint8_t error;       /**< ERROR: the data-access-result. */
    cosem_slice_t data;  /**< read DATA: the Data; DATA_BLOCK of a read: raw-data. */
    bool last;           /**< DATA_BLOCK of a read: last-block. */
    uint16_t block;      /**< DATA_BLOCK, READ_BLOCK_NUMBER: block-number. */
} cosem_sn_result_t;

/** @brief A decoded SN APDU (any of the six). */
typedef struct cosem_sn_apdu {
    uint8_t tag;          /**< COSEM_APDU_READ_REQUEST ... INFORMATION_REPORT. */
    uint16_t count;       /**< Specifications (requests, report) or results (responses). */
    cosem_slice_t items;  /**< Them, back to back (read with cosem_sn_read_spec() /
                               cosem_sn_read_result()). */
    cosem_slice_t data;   /**< Write, unconfirmed write, report: @c count Data. */
    cosem_slice_t time;   /**< Report: current-time, 0 or 12 octets. */
} cosem_sn_apdu_t;

#if COSEM_WITH_SN
/**
 * @brief Decode any SN APDU; every specification, result and Data is
 *        checked.
 *
 * A read-request takes specifications of kinds 2, 4, 5, 6; write and
 * unconfirmed write 2, 4, 7 and exactly one Data per specification (a
 * write-data-block's Data is its raw-data octet string); a report only
 * variable names, one Data each. Read results are 0-3, write results 0-2.
 * @param apdu The APDU. @param len Its length.
 * @param out  Output (slices point into @p apdu).
 * @return See the file description; ::COSEM_E_MALFORMED for an empty list,
 *         a kind not allowed there, a Data count that differs or a time
 *         neither 0 nor 12 octets.
 */
cosem_status_t cosem_sn_decode(const uint8_t *apdu, size_t len, cosem_sn_apdu_t *out);

/**
 * @brief Read one Variable-Access-Specification.
 * @param r Reader positioned at one. @param s Output.
 * @return ::COSEM_OK; the reader's error; ::COSEM_E_MALFORMED for an
 *         unknown kind (detailed-access [3] included).
 */
cosem_status_t cosem_sn_read_spec(cosem_axdr_reader_t *r, cosem_sn_spec_t *s);

/**
 * @brief Read one read-response or write-response item.
 * @param r   Reader positioned at one.
 * @param tag ::COSEM_APDU_READ_RESPONSE or ::COSEM_APDU_WRITE_RESPONSE.
 * @param res Output.
 * @return ::COSEM_OK; the reader's error; ::COSEM_E_MALFORMED for a choice
 *         the response cannot carry.
 */
cosem_status_t cosem_sn_read_result(cosem_axdr_reader_t *r, uint8_t tag, cosem_sn_result_t *res);

/**
 * @brief Short-name offset of a class's first method from the object's base
 *        name (method m is at base + offset + 8 (m - 1)).
 *
 * The offsets of the standard's short-name tables for the classes that
 * have them (Register 0x28, Extended register 0x38, Demand register 0x48,
 * Register activation 0x30, Profile generic 0x58, Clock 0x60, Script table
 * 0x20, Special days 0x10, Association SN 0x20, Association LN 0x60, SAP
 * assignment 0x20, Image transfer 0x40, Activity calendar 0x50, Push setup
 * 0x38, IPv4 setup 0x60, Security setup 0x30, Disconnect control 0x20, M-Bus
 * slave port 0x60, Register table 0x28, M-Bus diagnostic 0x30, as the Gurux
 * stacks use them); for any other class the methods follow its
 * attributes directly: 8 x @p attr_count.
 * @param class_id   Interface class.
 * @param attr_count Its number of attributes (for the other classes).
 * @return The offset, a multiple of 8.
 */
uint16_t cosem_sn_method_offset(uint16_t class_id, uint8_t attr_count);

/**
 * @brief Encode a read-request, write-request or unconfirmed write.
 * @param w      Output writer.
 * @param tag    ::COSEM_APDU_READ_REQUEST, ::COSEM_APDU_WRITE_REQUEST or
 *               ::COSEM_APDU_UNCONFIRMED_WRITE_REQUEST.
 * @param specs  @p n specifications.
 * @param n      1 or more.
 * @param values Writes: @p n whole Data back to back; reads: NULL.
 * @param len    Octets of @p values.
 * @return The writer's status; ::COSEM_E_ARG for another tag, no
 *         specification, a kind the request cannot carry, or values that
 *         are not exactly @p n Data (or any, for a read).
 */
cosem_status_t cosem_sn_request_encode(cosem_axdr_writer_t *w, uint8_t tag,
                                       const cosem_sn_spec_t *specs, size_t n,
                                       const uint8_t *values, size_t len);

/**
 * @brief Encode an information-report of @p n variable names.
 * @param w      Output writer.
 * @param time   12-octet date-time, or NULL for none.
 * @param names  @p n short names.
 * @param n      1 or more.
 * @param values @p n whole Data back to back.
 * @param len    Octets of @p values.
 * @return The writer's status; ::COSEM_E_ARG for no name or values that
 *         are not exactly @p n Data.
 */
cosem_status_t cosem_sn_report_encode(cosem_axdr_writer_t *w, const uint8_t *time,
                                      const uint16_t *names, size_t n,
                                      const uint8_t *values, size_t len);

/**
 * @brief Encode the head of a read-response or write-response: the tag and
 *        the count of the items that follow (cosem_sn_write_result()).
 * @param w Output writer. @param tag ::COSEM_APDU_READ_RESPONSE or
 *        ::COSEM_APDU_WRITE_RESPONSE. @param n Items.
 * @return The writer's status; ::COSEM_E_ARG for another tag.
 */
cosem_status_t cosem_sn_response_head(cosem_axdr_writer_t *w, uint8_t tag, size_t n);

/**
 * @brief Encode one read-response or write-response item.
 *
 * A read DATA item is `00` and the Data in @c data (checked whole); a
 * server that encodes the value itself writes the `00` and streams it.
 * @param w Output writer. @param tag As cosem_sn_response_head().
 * @param res The item.
 * @return The writer's status; ::COSEM_E_ARG for a kind the response
 *         cannot carry or DATA that is not one whole Data.
 */
cosem_status_t cosem_sn_write_result(cosem_axdr_writer_t *w, uint8_t tag,
                                     const cosem_sn_result_t *res);
#endif
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* COSEM_SN_H */
