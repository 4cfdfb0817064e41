/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file ber.h
 * @brief BER helpers for the ACSE APDUs (AARQ, AARE, RLRQ, RLRE).
 *
 * @defgroup ber BER
 * @ingroup codec
 * @brief Tags, definite lengths and constructed elements over the same
 * bounded cursors as A-XDR.
 *
 * Identifiers are handled as their encoded octets packed big-endian into a
 * `uint32_t` (one to four octets): `0x60` is the AARQ, `0xA1` a
 * context-specific constructed [1], `0xBE` [30] user-information, `0x80`
 * a context-specific primitive [0]. DLMS uses only one-octet identifiers;
 * longer ones are read (so that they can be skipped) but never produced by
 * the helpers below except through cosem_ber_write_tag().
 * @{
 */
#ifndef COSEM_BER_H
#define COSEM_BER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/axdr.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Class bits of an identifier octet: universal. */
#define COSEM_BER_UNIVERSAL 0x00u
/** @brief Class bits: application. */
#define COSEM_BER_APPLICATION 0x40u
/** @brief Class bits: context-specific. */
#define COSEM_BER_CONTEXT 0x80u
/** @brief Constructed bit of an identifier octet. */
#define COSEM_BER_CONSTRUCTED 0x20u

/** @brief Universal tag: INTEGER. */
#define COSEM_BER_TAG_INTEGER 0x02u
/** @brief Universal tag: BIT STRING. */
#define COSEM_BER_TAG_BIT_STRING 0x03u
/** @brief Universal tag: OCTET STRING. */
#define COSEM_BER_TAG_OCTET_STRING 0x04u
/** @brief Universal tag: OBJECT IDENTIFIER. */
#define COSEM_BER_TAG_OID 0x06u
/** @brief Universal tag: GraphicString. */
#define COSEM_BER_TAG_GRAPHIC_STRING 0x19u

/**
 * @brief Write identifier octets (one to four, packed as described above).
 * @param w Writer. @param tag Packed identifier.
 * @return The writer's status.
 */
cosem_status_t cosem_ber_write_tag(cosem_axdr_writer_t *w, uint32_t tag);

/**
 * @brief Write an identifier and a definite length.
 * @param w Writer. @param tag Packed identifier. @param len Content length.
 * @return The writer's status.
 */
cosem_status_t cosem_ber_write_tl(cosem_axdr_writer_t *w, uint32_t tag, size_t len);

/**
 * @brief Open a constructed element whose length is patched at the end.
 * @param w Writer. @param tag Packed identifier.
 * @return Mark for cosem_ber_end().
 */
size_t cosem_ber_begin(cosem_axdr_writer_t *w, uint32_t tag);

/**
 * @brief Close an element opened by cosem_ber_begin().
 * @param w Writer. @param mark Its mark.
 * @return The writer's status.
 */
cosem_status_t cosem_ber_end(cosem_axdr_writer_t *w, size_t mark);

/**
 * @brief Write a primitive element: identifier, length, content.
 * @param w Writer. @param tag Packed identifier.
 * @param p Content. @param n Content length.
 * @return The writer's status.
 */
cosem_status_t cosem_ber_write_bytes(cosem_axdr_writer_t *w, uint32_t tag, const void *p,
                                     size_t n);

/**
 * @brief Write an INTEGER-like element in the fewest two's-complement octets.
 * @param w Writer. @param tag Packed identifier (e.g. ::COSEM_BER_TAG_INTEGER or 0x80).
 * @param v Value.
 * @return The writer's status.
 */
cosem_status_t cosem_ber_write_int(cosem_axdr_writer_t *w, uint32_t tag, int32_t v);

/**
 * @brief Write a BIT STRING-like element: unused-bits octet then the bits.
 * @param w Writer. @param tag Packed identifier.
 * @param bits Packed bits, first bit in the MSB of @p bits[0].
 * @param nbits Number of bits.
 * @return The writer's status.
 */
cosem_status_t cosem_ber_write_bits(cosem_axdr_writer_t *w, uint32_t tag, const uint8_t *bits,
                                    size_t nbits);

/**
 * @brief Read an identifier and a definite length; the length is checked
 *        against the bytes left.
 * @param r Reader. @param tag Output packed identifier. @param len Output length.
 * @return The reader's status: ::COSEM_E_MALFORMED for an indefinite length
 *         or an identifier longer than four octets, ::COSEM_E_TRUNCATED when
 *         the content would run past the input.
 */
cosem_status_t cosem_ber_read_tl(cosem_axdr_reader_t *r, uint32_t *tag, size_t *len);

/**
 * @brief Read one element and hand its content back as a sub-reader.
 * @param r Reader. @param tag Output packed identifier. @param content Output sub-reader.
 * @return The reader's status.
 */
cosem_status_t cosem_ber_read_element(cosem_axdr_reader_t *r, uint32_t *tag,
                                      cosem_axdr_reader_t *content);

/**
 * @brief Look at the next identifier without consuming anything.
 * @param r Reader. @param tag Output packed identifier.
 * @return ::COSEM_OK, or an error (not recorded) at the end of input or on
 *         a bad identifier.
 */
cosem_status_t cosem_ber_peek_tag(const cosem_axdr_reader_t *r, uint32_t *tag);

/**
 * @brief Read an element that must carry identifier @p tag.
 * @param r Reader. @param tag Required packed identifier. @param content Output sub-reader.
 * @return The reader's status; ::COSEM_E_TYPE if another identifier comes.
 */
cosem_status_t cosem_ber_expect(cosem_axdr_reader_t *r, uint32_t tag,
                                cosem_axdr_reader_t *content);

/**
 * @brief Decode the content of an INTEGER-like element (1..4 octets,
 *        two's complement).
 * @param content Reader over exactly the content. @param v Output.
 * @return The reader's status (::COSEM_E_MALFORMED for 0 or more than 4 octets).
 */
cosem_status_t cosem_ber_get_int(cosem_axdr_reader_t *content, int32_t *v);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_BER_H */
