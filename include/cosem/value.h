/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file value.h
 * @brief Bounded value tree of a decoded Data value, and its printers.
 *
 * @defgroup value Value tree
 * @ingroup codec
 * @brief A convenience for clients and tools: decode a whole Data value into
 * a caller-provided array of nodes, then walk or print it.
 *
 * The server never uses the tree (it streams with the reader and writer).
 * Nodes are stored in pre-order: node 0 is the value, a container's
 * children follow it, and `next` gives the index just past a node's subtree,
 * so the tree is walked without pointers or recursion. String and bit-string
 * nodes point into the decoded input, which must outlive the tree.
 * @{
 */
#ifndef COSEM_VALUE_H
#define COSEM_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/axdr.h>
#include <cosem/config.h>
#include <cosem/datetime.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief One node of a value tree.
 *
 * A compact-array node has `count` = the number of elements it actually
 * holds (its children), and `data`/`len` = its TypeDescription octets (inside
 * the input), which cosem_value_encode() writes back as they are; so a
 * compact-array of zero elements keeps its description. A tree built by hand
 * must set them too. For fixed-size primitives the encoder and
 * cosem_value_equal() use the content octets in `data` when it is set, else
 * the value in `v` (so hand-built nodes may leave `data` NULL).
 */
typedef struct cosem_value_node {
    uint8_t type;          /**< Data type tag (::cosem_axdr_type_t). */
    uint8_t depth;         /**< 0 for the root, +1 per enclosing container. */
    bool in_compact;       /**< Element of a compact-array. */
    uint32_t count;        /**< Containers: number of children; bit-string: number of bits. */
    uint32_t next;         /**< Index just past this node's subtree. */
    const uint8_t *data;   /**< Primitives: content octets inside the input (no tag/length);
                                compact-array: its TypeDescription octets; else NULL. */
    size_t len;            /**< Number of octets at @c data. */
    /** @brief Decoded value of primitives. */
    union {
        int64_t i;             /**< Signed integer family, boolean (0/1). */
        uint64_t u;            /**< Unsigned integer family, enum, bcd; float32/float64:
                                    IEEE 754 bit pattern (float32 in the low 32 bits). */
        cosem_datetime_t dt;   /**< date-time, date, time. */
    } v;
} cosem_value_node_t;

#if COSEM_WITH_VALUE_TREE
/**
 * @brief Decode one complete Data value into @p nodes.
 * @param r     Reader positioned at the value; advanced past it.
 * @param nodes Node array.
 * @param cap   Number of nodes in @p nodes.
 * @param count Output: nodes used (0 on error).
 * @return The reader's status; ::COSEM_E_NOSPACE (recorded in the reader) when
 *         the value has more than @p cap elements; the decoding errors of
 *         cosem_axdr_skip() on bad input.
 */
cosem_status_t cosem_value_decode(cosem_axdr_reader_t *r, cosem_value_node_t *nodes, size_t cap,
                                  size_t *count);

/**
 * @brief Index of the @p k-th child of container node @p parent.
 * @param nodes Tree. @param count Number of nodes. @param parent Index of a container.
 * @param k Child number, from 0.
 * @return The child's index, or @p count if there is no such child.
 */
size_t cosem_value_child(const cosem_value_node_t *nodes, size_t count, size_t parent, size_t k);

/**
 * @brief Whether two trees hold the same value (same types, structure and
 *        contents).
 * @param a First tree. @param na Its node count.
 * @param b Second tree. @param nb Its node count.
 * @return true when equal.
 */
bool cosem_value_equal(const cosem_value_node_t *a, size_t na, const cosem_value_node_t *b,
                       size_t nb);

/**
 * @brief Re-encode a tree (or the subtree at @p index) as A-XDR.
 *
 * Compact-array elements are written back into a compact-array, so
 * decode-then-encode reproduces the input bytes (lengths in shortest form).
 * @param w     Writer.
 * @param nodes Tree. @param count Its node count. @param index Root of the subtree.
 * @return The writer's status; ::COSEM_E_ARG (recorded in the writer) for an
 *         inconsistent tree (bad `next`, `depth`, child count or content
 *         length, or a node nested deeper than ::COSEM_AXDR_MAX_DEPTH).
 */
cosem_status_t cosem_value_encode(cosem_axdr_writer_t *w, const cosem_value_node_t *nodes,
                                  size_t count, size_t index);
#endif /* COSEM_WITH_VALUE_TREE */

#if COSEM_WITH_VALUE_PRINT && COSEM_WITH_VALUE_TREE
/**
 * @brief Output sink for the printers.
 * @param user The caller's pointer. @param text Characters (not NUL-terminated).
 * @param len Their count.
 * @return 0 to continue, non-zero to stop printing (the printer then returns
 *         ::COSEM_E_IO).
 */
typedef int (*cosem_value_sink_fn)(void *user, const char *text, size_t len);

/** @brief Printer flags. */
typedef enum cosem_value_print_flags {
    COSEM_VALUE_PRINT_DEFAULT = 0,   /**< Text: indented, one element a line. */
    COSEM_VALUE_PRINT_JSON = 1,      /**< JSON instead of text. */
    COSEM_VALUE_PRINT_TYPED = 2,     /**< JSON: every value as {"type":...,"value":...}. */
    COSEM_VALUE_PRINT_COMPACT = 4    /**< JSON: no white space. */
} cosem_value_print_flags_t;

/**
 * @brief Print a tree (the value at node 0) as readable text or JSON through
 *        a sink. The tree is checked first; nothing is printed if it is
 *        inconsistent.
 *
 * Text form, one element a line, two spaces of indent per level:
 * `double-long-unsigned 1234`, `octet-string[6] 0000010000FF (0.0.1.0.0.255)`,
 * `visible-string[5] "Gurux"`, `date-time 2026-11-21T08:54:27.00+01:00 status=0x80`,
 * `structure[2]`. Octet-strings of 6 octets also show their OBIS reading;
 * octet-strings of 12 (5, 4) octets that decode to a valid date-time (date,
 * time) also show it. Bit-strings show their bits as `0`/`1` digits, bcd
 * its octet as `0x12`, strings are quoted and escaped as in JSON. Every line
 * ends with a newline.
 *
 * JSON form: arrays, structures and compact-arrays become JSON arrays,
 * integers numbers (bcd: its octet), booleans true/false, null-data and
 * dont-care null, octet-strings and bit-strings lowercase hex strings,
 * visible and utf8 strings JSON strings (escaped), dates and times their
 * cosem_datetime_format() text (a date its date part, a time its time part),
 * floats numbers (NaN and infinities as strings). With
 * ::COSEM_VALUE_PRINT_TYPED each value is an object
 * `{"type":"long-unsigned","value":7}`. Without ::COSEM_VALUE_PRINT_COMPACT
 * each element of a container is on its own line, indented by two spaces a
 * level, and the text ends with a newline.
 *
 * @param nodes Tree. @param count Its node count.
 * @param flags ::cosem_value_print_flags_t values or-ed together.
 * @param sink  Output function. @param user Passed to @p sink.
 * @return ::COSEM_OK, ::COSEM_E_IO if the sink stopped, ::COSEM_E_ARG for an
 *         inconsistent tree.
 */
cosem_status_t cosem_value_print(const cosem_value_node_t *nodes, size_t count, unsigned flags,
                                 cosem_value_sink_fn sink, void *user);

/**
 * @brief Print into a character buffer (always NUL-terminated when @p cap > 0).
 * @param nodes Tree. @param count Its node count. @param flags As cosem_value_print().
 * @param buf Output. @param cap Capacity.
 * @param len Output: length the full text needs, without the NUL (may be
 *            NULL); 0 for an inconsistent tree.
 * @return ::COSEM_OK, ::COSEM_E_NOSPACE when truncated, ::COSEM_E_ARG for an
 *         inconsistent tree.
 */
cosem_status_t cosem_value_print_buf(const cosem_value_node_t *nodes, size_t count,
                                     unsigned flags, char *buf, size_t cap, size_t *len);
#endif /* COSEM_WITH_VALUE_PRINT */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_VALUE_H */
