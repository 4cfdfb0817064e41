/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axdr.h
 * @brief A-XDR codec: bounded cursors, DLMS Data values, a pull parser.
 *
 * @defgroup codec Codec
 * @brief A-XDR and BER encoding over caller memory.
 *
 * @defgroup axdr A-XDR
 * @ingroup codec
 * @brief Streaming writer and reader of DLMS Data (IEC 62056-6-2 / A-XDR).
 *
 * Both cursors work on caller memory and never allocate. Errors are sticky:
 * the first failure is recorded in the cursor and every later call is a
 * no-op that returns the same status, so a sequence of calls is written
 * straight and checked once at the end.
 *
 * Function families:
 * - `cosem_axdr_put_*` / `cosem_axdr_get_*`: raw, untagged fields (big-endian
 *   integers, lengths, bytes), as APDU headers and compact-array contents use.
 * - `cosem_axdr_write_*` / `cosem_axdr_read_*`: one tagged Data value.
 * - cosem_axdr_parse_next(): a pull parser that walks any value, nested or
 *   compact, one element at a time with an explicit bounded stack.
 * @{
 */
#ifndef COSEM_AXDR_H
#define COSEM_AXDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/datetime.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Data type tags of the DLMS Data CHOICE. */
typedef enum cosem_axdr_type {
    COSEM_AXDR_NULL_DATA = 0,                   /**< null-data */
    COSEM_AXDR_ARRAY = 1,                       /**< array */
    COSEM_AXDR_STRUCTURE = 2,                   /**< structure */
    COSEM_AXDR_BOOLEAN = 3,                     /**< boolean */
    COSEM_AXDR_BIT_STRING = 4,                  /**< bit-string */
    COSEM_AXDR_DOUBLE_LONG = 5,                 /**< double-long (int32) */
    COSEM_AXDR_DOUBLE_LONG_UNSIGNED = 6,        /**< double-long-unsigned (uint32) */
    COSEM_AXDR_OCTET_STRING = 9,                /**< octet-string */
    COSEM_AXDR_VISIBLE_STRING = 10,             /**< visible-string */
    COSEM_AXDR_UTF8_STRING = 12,                /**< utf8-string */
    COSEM_AXDR_BCD = 13,                        /**< bcd (one octet) */
    COSEM_AXDR_INTEGER = 15,                    /**< integer (int8) */
    COSEM_AXDR_LONG = 16,                       /**< long (int16) */
    COSEM_AXDR_UNSIGNED = 17,                   /**< unsigned (uint8) */
    COSEM_AXDR_LONG_UNSIGNED = 18,              /**< long-unsigned (uint16) */
    COSEM_AXDR_COMPACT_ARRAY = 19,              /**< compact-array */
    COSEM_AXDR_LONG64 = 20,                     /**< long64 (int64) */
    COSEM_AXDR_LONG64_UNSIGNED = 21,            /**< long64-unsigned (uint64) */
    COSEM_AXDR_ENUM = 22,                       /**< enum (uint8) */
    COSEM_AXDR_FLOAT32 = 23,                    /**< float32 */
    COSEM_AXDR_FLOAT64 = 24,                    /**< float64 */
    COSEM_AXDR_DATE_TIME = 25,                  /**< date-time (12 octets) */
    COSEM_AXDR_DATE = 26,                       /**< date (5 octets) */
    COSEM_AXDR_TIME = 27,                       /**< time (4 octets) */
    COSEM_AXDR_DELTA_INTEGER = 28,              /**< delta-integer (int8) */
    COSEM_AXDR_DELTA_LONG = 29,                 /**< delta-long (int16) */
    COSEM_AXDR_DELTA_DOUBLE_LONG = 30,          /**< delta-double-long (int32) */
    COSEM_AXDR_DELTA_UNSIGNED = 31,             /**< delta-unsigned (uint8) */
    COSEM_AXDR_DELTA_LONG_UNSIGNED = 32,        /**< delta-long-unsigned (uint16) */
    COSEM_AXDR_DELTA_DOUBLE_LONG_UNSIGNED = 33, /**< delta-double-long-unsigned (uint32) */
    COSEM_AXDR_DONT_CARE = 255                  /**< dont-care */
} cosem_axdr_type_t;

/**
 * @brief Fixed content size of a type, in octets.
 * @param type A data type tag.
 * @return 1..12 for fixed-size types, 0 for null-data and dont-care, -1 for
 *         variable-size types (strings, containers) and unknown tags.
 */
int cosem_axdr_fixed_size(uint8_t type);

/**
 * @brief Whether a tag is one of the integer family (integer, long,
 *        double-long, long64, their unsigned forms, enum and the deltas).
 * @param type A data type tag.
 * @return true for integer-family tags.
 */
bool cosem_axdr_is_integer(uint8_t type);

/**
 * @brief The Blue Book name of a type ("double-long-unsigned", ...).
 * @param type A data type tag.
 * @return A static string; "unknown" for tags that are not types.
 */
const char *cosem_axdr_type_name(uint8_t type);

/* ===================================================================== */
/** @name Writer */
/** @{ */

/**
 * @brief Bounded output cursor with a sticky error.
 *
 * All fields are private; use the functions. A writer whose buffer is NULL
 * is a sizing writer: it counts the bytes an encoding needs without storing
 * them.
 */
typedef struct cosem_axdr_writer {
    uint8_t *buf;        /**< @private Output buffer, NULL when sizing. */
    size_t cap;          /**< @private Capacity of @c buf. */
    size_t len;          /**< @private Bytes written (or counted). */
    cosem_status_t err;  /**< @private First error, sticky. */
} cosem_axdr_writer_t;

/**
 * @brief Start writing into a buffer.
 * @param w   Writer.
 * @param buf Output buffer (may be NULL only when @p cap is 0).
 * @param cap Capacity in bytes.
 */
void cosem_axdr_writer_init(cosem_axdr_writer_t *w, uint8_t *buf, size_t cap);

/**
 * @brief Start a sizing writer that only counts bytes.
 * @param w Writer.
 */
void cosem_axdr_writer_init_sizing(cosem_axdr_writer_t *w);

/**
 * @brief The writer's sticky status.
 * @param w Writer.
 * @return ::COSEM_OK, or the first error met.
 */
cosem_status_t cosem_axdr_writer_status(const cosem_axdr_writer_t *w);

/**
 * @brief Number of bytes written (or counted) so far.
 * @param w Writer.
 * @return Byte count.
 */
size_t cosem_axdr_writer_len(const cosem_axdr_writer_t *w);

/**
 * @brief Record an error in the writer (the first one sticks).
 * @param w   Writer.
 * @param err A negative status.
 * @return The writer's status after the call.
 */
cosem_status_t cosem_axdr_writer_fail(cosem_axdr_writer_t *w, cosem_status_t err);

/**
 * @brief Reserve @p n bytes and return where to fill them in.
 * @param w   Writer.
 * @param n   Number of bytes.
 * @param out Set to the first reserved byte, or NULL for a sizing writer or
 *            on error.
 * @return The writer's status after the call.
 */
cosem_status_t cosem_axdr_reserve(cosem_axdr_writer_t *w, size_t n, uint8_t **out);

/**
 * @brief Put one raw octet.
 * @param w Writer. @param v Octet.
 * @return The writer's status after the call.
 */
cosem_status_t cosem_axdr_put_u8(cosem_axdr_writer_t *w, uint8_t v);

/**
 * @brief Put a raw big-endian 16-bit value.
 * @param w Writer. @param v Value.
 * @return The writer's status after the call.
 */
cosem_status_t cosem_axdr_put_u16(cosem_axdr_writer_t *w, uint16_t v);

/**
 * @brief Put a raw big-endian 32-bit value.
 * @param w Writer. @param v Value.
 * @return The writer's status after the call.
 */
cosem_status_t cosem_axdr_put_u32(cosem_axdr_writer_t *w, uint32_t v);

/**
 * @brief Put a raw big-endian 64-bit value.
 * @param w Writer. @param v Value.
 * @return The writer's status after the call.
 */
cosem_status_t cosem_axdr_put_u64(cosem_axdr_writer_t *w, uint64_t v);

/**
 * @brief Put raw bytes.
 * @param w Writer. @param p Bytes (may be NULL when @p n is 0). @param n Count.
 * @return The writer's status after the call.
 */
cosem_status_t cosem_axdr_put_bytes(cosem_axdr_writer_t *w, const void *p, size_t n);

/**
 * @brief Put an A-XDR (and BER definite) length in its shortest form:
 *        one octet below 128, else 0x81..0x84 followed by the length.
 * @param w Writer. @param n Length.
 * @return The writer's status after the call.
 */
cosem_status_t cosem_axdr_put_length(cosem_axdr_writer_t *w, size_t n);

/**
 * @brief Number of octets cosem_axdr_put_length() uses for @p n.
 * @param n Length.
 * @return 1..5.
 */
size_t cosem_axdr_length_size(size_t n);

/**
 * @brief Open a length-prefixed element whose length is not yet known.
 *
 * Writes a one-octet placeholder and returns a mark. Write the content, then
 * call cosem_axdr_length_end(), which patches in the real length and moves
 * the content if the length needs more octets.
 * @param w Writer.
 * @return The mark to give to cosem_axdr_length_end().
 */
size_t cosem_axdr_length_begin(cosem_axdr_writer_t *w);

/**
 * @brief Close an element opened by cosem_axdr_length_begin().
 * @param w    Writer.
 * @param mark Value returned by cosem_axdr_length_begin().
 * @return The writer's status after the call (::COSEM_E_NOSPACE if the longer
 *         length no longer fits).
 */
cosem_status_t cosem_axdr_length_end(cosem_axdr_writer_t *w, size_t mark);

/** @} */

/** @name Tagged Data writers
 *  Each writes one complete Data value: tag, length where the type has one,
 *  and content. Each returns the writer's status after the call. */
/** @{ */

/** @brief Write null-data. @param w Writer. @return Status. */
cosem_status_t cosem_axdr_write_null(cosem_axdr_writer_t *w);
/** @brief Write the header of an array; its @p count elements follow.
 *  @param w Writer. @param count Number of elements. @return Status. */
cosem_status_t cosem_axdr_write_array(cosem_axdr_writer_t *w, size_t count);
/** @brief Write the header of a structure; its @p count elements follow.
 *  @param w Writer. @param count Number of elements. @return Status. */
cosem_status_t cosem_axdr_write_structure(cosem_axdr_writer_t *w, size_t count);
/** @brief Write a boolean (0x00 or 0xFF... encoded as 0x00/0x01).
 *  @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_bool(cosem_axdr_writer_t *w, bool v);
/**
 * @brief Write a bit-string.
 * @param w     Writer.
 * @param bits  Packed bits, first bit in the most significant bit of
 *              @p bits[0]; ceil(@p nbits / 8) octets.
 * @param nbits Number of bits.
 * @return Status.
 */
cosem_status_t cosem_axdr_write_bit_string(cosem_axdr_writer_t *w, const uint8_t *bits,
                                           size_t nbits);
/** @brief Write integer (int8). @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_i8(cosem_axdr_writer_t *w, int8_t v);
/** @brief Write unsigned (uint8). @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_u8(cosem_axdr_writer_t *w, uint8_t v);
/** @brief Write long (int16). @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_i16(cosem_axdr_writer_t *w, int16_t v);
/** @brief Write long-unsigned (uint16). @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_u16(cosem_axdr_writer_t *w, uint16_t v);
/** @brief Write double-long (int32). @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_i32(cosem_axdr_writer_t *w, int32_t v);
/** @brief Write double-long-unsigned (uint32). @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_u32(cosem_axdr_writer_t *w, uint32_t v);
/** @brief Write long64 (int64). @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_i64(cosem_axdr_writer_t *w, int64_t v);
/** @brief Write long64-unsigned (uint64). @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_u64(cosem_axdr_writer_t *w, uint64_t v);
/** @brief Write enum. @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_enum(cosem_axdr_writer_t *w, uint8_t v);
/** @brief Write bcd (one octet, two BCD digits).
 *  @param w Writer. @param v Octet. @return Status. */
cosem_status_t cosem_axdr_write_bcd(cosem_axdr_writer_t *w, uint8_t v);
/**
 * @brief Write any integer-family type from a 64-bit value, range checked.
 * @param w    Writer.
 * @param type An integer-family tag (cosem_axdr_is_integer()), the deltas
 *             included; long64-unsigned takes values 0..INT64_MAX here.
 * @param v    Value.
 * @return Status; ::COSEM_E_RANGE if @p v does not fit, ::COSEM_E_ARG for a
 *         tag outside the family.
 */
cosem_status_t cosem_axdr_write_int(cosem_axdr_writer_t *w, uint8_t type, int64_t v);
/** @brief Write float32 from its IEEE 754 bit pattern.
 *  @param w Writer. @param bits Bit pattern. @return Status. */
cosem_status_t cosem_axdr_write_f32_bits(cosem_axdr_writer_t *w, uint32_t bits);
/** @brief Write float64 from its IEEE 754 bit pattern.
 *  @param w Writer. @param bits Bit pattern. @return Status. */
cosem_status_t cosem_axdr_write_f64_bits(cosem_axdr_writer_t *w, uint64_t bits);
#if COSEM_WITH_FLOAT
/** @brief Write float32. @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_f32(cosem_axdr_writer_t *w, float v);
/** @brief Write float64. @param w Writer. @param v Value. @return Status. */
cosem_status_t cosem_axdr_write_f64(cosem_axdr_writer_t *w, double v);
#endif
/** @brief Write an octet-string.
 *  @param w Writer. @param p Octets. @param n Count. @return Status. */
cosem_status_t cosem_axdr_write_octet_string(cosem_axdr_writer_t *w, const void *p, size_t n);
/** @brief Write a visible-string (the caller supplies printable ASCII).
 *  @param w Writer. @param s Characters. @param n Count. @return Status. */
cosem_status_t cosem_axdr_write_visible_string(cosem_axdr_writer_t *w, const char *s, size_t n);
/** @brief Write a utf8-string.
 *  @param w Writer. @param s UTF-8 bytes. @param n Count. @return Status. */
cosem_status_t cosem_axdr_write_utf8_string(cosem_axdr_writer_t *w, const char *s, size_t n);
/** @brief Write a date-time with its own tag (0x19, 12 octets).
 *  @param w Writer. @param dt Value. @return Status. */
cosem_status_t cosem_axdr_write_datetime(cosem_axdr_writer_t *w, const cosem_datetime_t *dt);
/** @brief Write a date-time as octet-string(12) (09 0C ...), the form COSEM
 *  attributes typed "octet-string, formatted as date-time" use (clock time,
 *  capture times, profile timestamps).
 *  @param w Writer. @param dt Value. @return Status. */
cosem_status_t cosem_axdr_write_datetime_os(cosem_axdr_writer_t *w, const cosem_datetime_t *dt);
/** @brief Write a date with its own tag (0x1A, 5 octets).
 *  @param w Writer. @param dt Value (date part). @return Status. */
cosem_status_t cosem_axdr_write_date(cosem_axdr_writer_t *w, const cosem_datetime_t *dt);
/** @brief Write a date as octet-string(5).
 *  @param w Writer. @param dt Value (date part). @return Status. */
cosem_status_t cosem_axdr_write_date_os(cosem_axdr_writer_t *w, const cosem_datetime_t *dt);
/** @brief Write a time with its own tag (0x1B, 4 octets).
 *  @param w Writer. @param dt Value (time part). @return Status. */
cosem_status_t cosem_axdr_write_time(cosem_axdr_writer_t *w, const cosem_datetime_t *dt);
/** @brief Write a time as octet-string(4).
 *  @param w Writer. @param dt Value (time part). @return Status. */
cosem_status_t cosem_axdr_write_time_os(cosem_axdr_writer_t *w, const cosem_datetime_t *dt);
/**
 * @brief Open a compact-array: writes the tag, the type description and a
 *        length placeholder for the contents.
 *
 * Write the contents with the raw `cosem_axdr_put_*` functions (no tags), then
 * close with cosem_axdr_write_compact_end().
 * @param w        Writer.
 * @param desc     Encoded TypeDescription of one element (e.g. `02 02 12 06`
 *                 for structure{long-unsigned, double-long-unsigned}).
 * @param desc_len Length of @p desc.
 * @return Mark to give to cosem_axdr_write_compact_end().
 */
size_t cosem_axdr_write_compact_begin(cosem_axdr_writer_t *w, const uint8_t *desc,
                                      size_t desc_len);
/**
 * @brief Close a compact-array opened by cosem_axdr_write_compact_begin().
 * @param w Writer. @param mark Its mark.
 * @return Status.
 */
cosem_status_t cosem_axdr_write_compact_end(cosem_axdr_writer_t *w, size_t mark);

/** @} */

/* ===================================================================== */
/** @name Reader */
/** @{ */

/**
 * @brief Bounded input cursor with a sticky error. Fields are private.
 */
typedef struct cosem_axdr_reader {
    const uint8_t *buf;  /**< @private Input. */
    size_t len;          /**< @private Input length. */
    size_t pos;          /**< @private Read position. */
    cosem_status_t err;  /**< @private First error, sticky. */
    uint8_t max_depth;   /**< @private Nesting limit for walkers. */
} cosem_axdr_reader_t;

/**
 * @brief Start reading a buffer. The nesting limit is ::COSEM_AXDR_MAX_DEPTH.
 * @param r   Reader.
 * @param buf Input (may be NULL only when @p len is 0).
 * @param len Input length.
 */
void cosem_axdr_reader_init(cosem_axdr_reader_t *r, const uint8_t *buf, size_t len);

/**
 * @brief Lower the nesting limit of this reader (and of its sub-readers).
 * @param r     Reader.
 * @param depth 1..::COSEM_AXDR_MAX_DEPTH; larger values are clamped.
 */
void cosem_axdr_reader_set_max_depth(cosem_axdr_reader_t *r, unsigned depth);

/**
 * @brief The reader's sticky status.
 * @param r Reader.
 * @return ::COSEM_OK, or the first error met.
 */
cosem_status_t cosem_axdr_reader_status(const cosem_axdr_reader_t *r);

/**
 * @brief Record an error in the reader (the first one sticks).
 * @param r   Reader.
 * @param err A negative status.
 * @return The reader's status after the call.
 */
cosem_status_t cosem_axdr_reader_fail(cosem_axdr_reader_t *r, cosem_status_t err);

/**
 * @brief Bytes not yet read (0 once the reader has failed).
 * @param r Reader.
 * @return Remaining byte count.
 */
size_t cosem_axdr_reader_remaining(const cosem_axdr_reader_t *r);

/**
 * @brief Current read offset from the start of the buffer.
 * @param r Reader.
 * @return Offset in bytes.
 */
size_t cosem_axdr_reader_pos(const cosem_axdr_reader_t *r);

/**
 * @brief Require that everything has been read.
 * @param r Reader.
 * @return The reader's status; ::COSEM_E_TRAILING (recorded) if bytes remain.
 */
cosem_status_t cosem_axdr_reader_expect_end(cosem_axdr_reader_t *r);

/**
 * @brief Get one raw octet.
 * @param r Reader. @param v Output (left unchanged on error).
 * @return The reader's status after the call.
 */
cosem_status_t cosem_axdr_get_u8(cosem_axdr_reader_t *r, uint8_t *v);
/** @brief Get a raw big-endian 16-bit value.
 *  @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_get_u16(cosem_axdr_reader_t *r, uint16_t *v);
/** @brief Get a raw big-endian 32-bit value.
 *  @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_get_u32(cosem_axdr_reader_t *r, uint32_t *v);
/** @brief Get a raw big-endian 64-bit value.
 *  @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_get_u64(cosem_axdr_reader_t *r, uint64_t *v);
/**
 * @brief Get @p n raw bytes without copying.
 * @param r Reader.
 * @param n Count.
 * @param p Set to the bytes inside the reader's buffer (NULL on error).
 * @return Status (::COSEM_E_TRUNCATED if fewer than @p n remain).
 */
cosem_status_t cosem_axdr_get_bytes(cosem_axdr_reader_t *r, size_t n, const uint8_t **p);
/**
 * @brief Get an A-XDR/BER definite length (short form, or 0x81..0x84 long
 *        form; 0x80 and longer forms are ::COSEM_E_MALFORMED).
 * @param r Reader. @param n Output.
 * @return Status.
 */
cosem_status_t cosem_axdr_get_length(cosem_axdr_reader_t *r, size_t *n);
/**
 * @brief Carve the next @p n bytes into a sub-reader and skip them here.
 * @param r   Reader.
 * @param n   Length of the element.
 * @param sub Output reader over exactly those bytes (inherits the nesting
 *            limit; empty and failed with the same error on failure).
 * @return Status.
 */
cosem_status_t cosem_axdr_get_sub(cosem_axdr_reader_t *r, size_t n, cosem_axdr_reader_t *sub);

/** @} */

/** @name Tagged Data readers
 *  Each reads one complete Data value of the named type. A different tag
 *  gives ::COSEM_E_TYPE (use cosem_axdr_peek_type() to branch first). Each
 *  returns the reader's status after the call; outputs are written only on
 *  success. */
/** @{ */

/**
 * @brief Look at the next value's tag without consuming it.
 * @param r Reader. @param type Output tag.
 * @return Status (::COSEM_E_TRUNCATED at the end; not recorded as an error).
 */
cosem_status_t cosem_axdr_peek_type(const cosem_axdr_reader_t *r, uint8_t *type);
/** @brief Read null-data. @param r Reader. @return Status. */
cosem_status_t cosem_axdr_read_null(cosem_axdr_reader_t *r);
/** @brief Read an array header. The count is checked against the bytes left
 *  (each element takes at least one). @param r Reader.
 *  @param count Output element count. @return Status. */
cosem_status_t cosem_axdr_read_array(cosem_axdr_reader_t *r, size_t *count);
/** @brief Read a structure header (count checked as for arrays).
 *  @param r Reader. @param count Output element count. @return Status. */
cosem_status_t cosem_axdr_read_structure(cosem_axdr_reader_t *r, size_t *count);
/** @brief Read a boolean (any non-zero octet is true).
 *  @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_bool(cosem_axdr_reader_t *r, bool *v);
/** @brief Read a bit-string without copying.
 *  @param r Reader. @param bits Output: packed bits in the buffer.
 *  @param nbits Output: number of bits. @return Status. */
cosem_status_t cosem_axdr_read_bit_string(cosem_axdr_reader_t *r, const uint8_t **bits,
                                          size_t *nbits);
/** @brief Read integer. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_i8(cosem_axdr_reader_t *r, int8_t *v);
/** @brief Read unsigned. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_u8(cosem_axdr_reader_t *r, uint8_t *v);
/** @brief Read long. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_i16(cosem_axdr_reader_t *r, int16_t *v);
/** @brief Read long-unsigned. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_u16(cosem_axdr_reader_t *r, uint16_t *v);
/** @brief Read double-long. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_i32(cosem_axdr_reader_t *r, int32_t *v);
/** @brief Read double-long-unsigned. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_u32(cosem_axdr_reader_t *r, uint32_t *v);
/** @brief Read long64. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_i64(cosem_axdr_reader_t *r, int64_t *v);
/** @brief Read long64-unsigned. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_u64(cosem_axdr_reader_t *r, uint64_t *v);
/** @brief Read enum. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_enum(cosem_axdr_reader_t *r, uint8_t *v);
/** @brief Read bcd. @param r Reader. @param v Output octet. @return Status. */
cosem_status_t cosem_axdr_read_bcd(cosem_axdr_reader_t *r, uint8_t *v);
/**
 * @brief Read any integer-family value (cosem_axdr_is_integer()).
 * @param r    Reader.
 * @param type Output: the tag met (may be NULL).
 * @param v    Output value; a long64-unsigned above INT64_MAX gives
 *             ::COSEM_E_RANGE (use cosem_axdr_read_u64()).
 * @return Status.
 */
cosem_status_t cosem_axdr_read_int(cosem_axdr_reader_t *r, uint8_t *type, int64_t *v);
/** @brief Read float32 as its bit pattern.
 *  @param r Reader. @param bits Output. @return Status. */
cosem_status_t cosem_axdr_read_f32_bits(cosem_axdr_reader_t *r, uint32_t *bits);
/** @brief Read float64 as its bit pattern.
 *  @param r Reader. @param bits Output. @return Status. */
cosem_status_t cosem_axdr_read_f64_bits(cosem_axdr_reader_t *r, uint64_t *bits);
#if COSEM_WITH_FLOAT
/** @brief Read float32. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_f32(cosem_axdr_reader_t *r, float *v);
/** @brief Read float64. @param r Reader. @param v Output. @return Status. */
cosem_status_t cosem_axdr_read_f64(cosem_axdr_reader_t *r, double *v);
#endif
/** @brief Read an octet-string without copying.
 *  @param r Reader. @param p Output: the octets inside the buffer.
 *  @param n Output: their count. @return Status. */
cosem_status_t cosem_axdr_read_octet_string(cosem_axdr_reader_t *r, const uint8_t **p,
                                            size_t *n);
/** @brief Read an octet-string of exactly @p n octets into @p out (an OBIS
 *  code, say); another length gives ::COSEM_E_TYPE.
 *  @param r Reader. @param out Output. @param n Required length.
 *  @return Status. */
cosem_status_t cosem_axdr_read_octet_string_fixed(cosem_axdr_reader_t *r, uint8_t *out,
                                                  size_t n);
/** @brief Read a visible-string without copying.
 *  @param r Reader. @param s Output characters. @param n Output count.
 *  @return Status. */
cosem_status_t cosem_axdr_read_visible_string(cosem_axdr_reader_t *r, const char **s,
                                              size_t *n);
/** @brief Read a utf8-string without copying.
 *  @param r Reader. @param s Output bytes. @param n Output count.
 *  @return Status. */
cosem_status_t cosem_axdr_read_utf8_string(cosem_axdr_reader_t *r, const char **s, size_t *n);
/** @brief Read a date-time: tag 0x19 or an octet-string of 12 octets (both
 *  are met in the field). Ranges are not checked (see
 *  cosem_datetime_validate()). @param r Reader. @param dt Output.
 *  @return Status. */
cosem_status_t cosem_axdr_read_datetime(cosem_axdr_reader_t *r, cosem_datetime_t *dt);
/** @brief Read a date: tag 0x1A or octet-string(5).
 *  @param r Reader. @param dt Output. @return Status. */
cosem_status_t cosem_axdr_read_date(cosem_axdr_reader_t *r, cosem_datetime_t *dt);
/** @brief Read a time: tag 0x1B or octet-string(4).
 *  @param r Reader. @param dt Output. @return Status. */
cosem_status_t cosem_axdr_read_time(cosem_axdr_reader_t *r, cosem_datetime_t *dt);

/**
 * @brief Skip one complete value of any type, validating it on the way
 *        (lengths, tags, nesting limit, compact-array descriptions and
 *        contents). Iterative, bounded stack.
 * @param r Reader.
 * @return Status: ::COSEM_E_TRUNCATED, ::COSEM_E_MALFORMED (unknown tag, bad
 *         length, bad compact-array description) or ::COSEM_E_DEPTH on bad
 *         input; ::COSEM_E_UNSUPPORTED for a compact-array when
 *         COSEM_WITH_COMPACT_ARRAY is 0.
 */
cosem_status_t cosem_axdr_skip(cosem_axdr_reader_t *r);

/** @} */

/* ===================================================================== */
/** @name Pull parser */
/** @{ */

/** @brief One element met by the pull parser. */
typedef struct cosem_axdr_event {
    uint8_t type;          /**< Data type tag of the element. */
    uint8_t depth;         /**< 0 for the top-level value, +1 per enclosing container. */
    bool in_compact;       /**< true inside a compact-array (content has no tag). */
    uint32_t count;        /**< array/structure/compact-array: number of elements
                                (for a compact-array: 0, elements follow until its
                                contents end); bit-string: number of bits. */
    const uint8_t *data;   /**< Primitive: content octets (no tag, no length) in
                                the input buffer; NULL for containers and null-data. */
    size_t len;            /**< Primitive: number of content octets. */
} cosem_axdr_event_t;

/** @private One open container of the pull parser. */
typedef struct cosem_axdr_frame {
    uint32_t left;           /**< Elements still to come in this container. */
    uint16_t desc_pos;       /**< Compact: offset in the description of the next child type. */
    uint16_t desc_elem;      /**< Compact array-in-description: offset of the element type. */
    uint8_t kind;            /**< Container kind (private values). */
} cosem_axdr_frame_t;

/**
 * @brief Pull parser state: walks one value element by element.
 *
 * Fields are private. The stack has ::COSEM_AXDR_MAX_DEPTH frames (one per
 * open array, structure or compact-array), so the parser has a fixed size
 * known at compile time (12 bytes a frame).
 */
typedef struct cosem_axdr_parser {
    cosem_axdr_reader_t *r;                              /**< @private Input. */
    const uint8_t *desc;                                 /**< @private Compact-array type description. */
    size_t desc_len;                                     /**< @private Its length. */
    cosem_axdr_reader_t contents;                        /**< @private Compact-array contents. */
    uint8_t depth;                                       /**< @private Open frames. */
    uint8_t compact_depth;                               /**< @private Frame index of the compact-array, or 0xFF. */
    bool started;                                        /**< @private The top-level element was seen. */
    cosem_axdr_frame_t stack[COSEM_AXDR_MAX_DEPTH];      /**< @private Open containers. */
} cosem_axdr_parser_t;

/**
 * @brief Prepare to walk the next value of @p r.
 * @param p Parser.
 * @param r Reader positioned at a Data value; it advances as elements are
 *          parsed and holds the sticky error.
 */
void cosem_axdr_parser_init(cosem_axdr_parser_t *p, cosem_axdr_reader_t *r);

/**
 * @brief Whether the whole value has been walked.
 * @param p Parser.
 * @return true after the last element (or after an error).
 */
bool cosem_axdr_parse_done(const cosem_axdr_parser_t *p);

/**
 * @brief Parse the next element of the value.
 *
 * Containers produce one event carrying their element count; their elements
 * follow as events one level deeper. Compact-array elements are produced
 * from the type description as if they were tagged values, with
 * `in_compact` set.
 * @param p  Parser.
 * @param ev Output event.
 * @return The reader's status after the call; ::COSEM_E_STATE (not recorded)
 *         when called after the value is done.
 */
cosem_status_t cosem_axdr_parse_next(cosem_axdr_parser_t *p, cosem_axdr_event_t *ev);

/**
 * @brief Integer value of an integer-family, boolean or bcd event.
 * @param ev Event. @param v Output.
 * @return ::COSEM_OK, ::COSEM_E_TYPE for other types, ::COSEM_E_RANGE for a
 *         long64-unsigned above INT64_MAX.
 */
cosem_status_t cosem_axdr_event_int(const cosem_axdr_event_t *ev, int64_t *v);

/**
 * @brief Unsigned value of a non-negative integer-family, boolean or bcd event.
 * @param ev Event. @param v Output.
 * @return ::COSEM_OK, ::COSEM_E_TYPE, or ::COSEM_E_RANGE for a negative value.
 */
cosem_status_t cosem_axdr_event_uint(const cosem_axdr_event_t *ev, uint64_t *v);

/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_AXDR_H */
