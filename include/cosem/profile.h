/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file profile.h
 * @brief Profile generic (interface class 7, version 1): load profiles,
 *        billing profiles and event logs kept in a ring in application memory.
 *
 * @defgroup profile Profile generic
 * @ingroup object
 * @brief Captures of any attribute of any object into a ring buffer, read
 *        back whole or by range / entry selection, streamed block by block.
 *
 * **Storage.** The buffer (attribute 2) lives in a byte array the
 * application provides (::cosem_profile_t::storage). It is a ring of rows of
 * fixed size; each row has one slot per capture object, and each slot holds
 * the captured value *A-XDR encoded* (tag, length, content) exactly as it
 * goes out on the wire. The slot width is fixed per column
 * (::cosem_capture_def_t::width, the largest encoding the column may take;
 * see ::COSEM_PROFILE_W_DATETIME and the other width macros). This makes a
 * read cheap: a row is written to the response by copying slot bytes, with
 * no decode and no re-encode, and any column or row is found by arithmetic
 * (row = slot of entry * row size; column = sum of the widths before it).
 * A value longer than its slot (or a capture that fails) is stored as
 * null-data. Row size = sum of the widths; the number of rows the storage
 * holds (its capacity) = storage size / row size.
 *
 * **Reading.** A GET of the buffer writes an array of structures, one per
 * selected entry, oldest first (sort method fifo). The count is computed
 * before the first row; rows then stream with cosem_req_commit() per row, so
 * thousands of rows go out through GET block transfer in constant memory.
 * Selective access:
 * - range_descriptor (selector 1): `{restricting_object
 *   capture_object_definition, from_value, to_value, selected_values array of
 *   capture_object_definition}`; every row whose restricting column value v
 *   satisfies from_value <= v <= to_value (rows are scanned, so a profile
 *   whose clock was set back is still read correctly). Date-times (tag 0x19 or
 *   octet-string of 12) compare field by field from year to hundredths,
 *   skipping every field that is "not specified" (or a DST/last-day special
 *   value) in either value, so a bound with wildcards matches whole days,
 *   months, ...; when both values carry a deviation and the deviations differ,
 *   they compare as UTC instants. Integer columns compare as numbers,
 *   octet/visible strings byte by byte. An empty selected_values array means
 *   every column; otherwise the columns come in the order asked.
 * - entry_descriptor (selector 2): `{from_entry, to_entry (0: last),
 *   from_selected_value, to_selected_value (0: last)}`, 1-based; entry 1 is
 *   the oldest. A from_entry past the last entry, or to_entry < from_entry,
 *   gives an empty array (as Gurux.DLMS.Python's server does); to_entry past
 *   the last entry is cut to it. A column range outside the capture objects
 *   gives other-reason. (Gurux.DLMS.Python's client sends a column *count*
 *   as to_selected_value when it restricts columns; it is read here as the
 *   Blue Book's last column, which agrees whenever the range starts at 1.)
 * - A malformed parameter, or a restricting/selected object that is not a
 *   capture object, gives type-unmatched / other-reason respectively.
 *
 * If the buffer changes under a transfer in a way that loses rows not yet
 * sent (reset, capture objects or profile_entries changed, the ring wrapped
 * past the reader), the next block answers other-reason (the server turns
 * it into an aborted transfer) instead of sending inconsistent rows. Captures
 * that only append during a transfer are harmless: the transfer sends the
 * rows selected when it began.
 *
 * **Capturing.** cosem_profile_capture() (and method 2, and the automatic
 * capture of cosem_server_tick() when capture_period is not 0) reads every
 * capture object's attribute with cosem_server_read() into the next row; when
 * the ring is full the oldest row is overwritten. The automatic capture
 * happens when the wall clock (UTC seconds) crosses a multiple of
 * capture_period: once per boundary, and once (not once per missed period)
 * when the clock jumps over one or more boundaries (also at the first tick
 * after a restart with a restored state, when boundaries passed while the
 * meter was off). A clock set back captures nothing until it crosses the
 * next boundary again. The row holds the values read at that tick.
 *
 * **Persistence.** Everything that changes is in ::cosem_profile_state_t, the
 * storage and (when capture objects are settable) the ::cosem_capture_def_t
 * array in RAM: an application that saves those three and restores them
 * before (or instead of) the first use keeps its profile across restarts.
 * A restored state that does not fit the description (corrupt file) is
 * detected and the buffer is emptied rather than read out of bounds.
 *
 * **Status word.** A load or billing profile usually has a status column: an
 * ordinary capture object (a Data object holding a long-unsigned the
 * application updates). The ::COSEM_ION_STATUS_POWER_UP ... constants give
 * the bits of the ION DLMS implementation so it can be expressed.
 *
 * Attributes: 1 logical_name, 2 buffer, 3 capture_objects, 4 capture_period
 * (double-long-unsigned, settable), 5 sort_method (enum, fifo (1) only:
 * setting another value gives other-reason), 6 sort_object (a zero
 * capture_object_definition; setting it gives read-write-denied; a range
 * selection whose restricting object is that zero definition, as Gurux's
 * client sends after reading sort_object, restricts on the first column),
 * 7 entries_in_use, 8 profile_entries (settable 1..capacity; resets the
 * buffer; a larger value gives other-reason). capture_objects is settable
 * only when the description has ::cosem_profile_t::columns_rw (setting it
 * resets the buffer; a const column table gives read-write-denied). Methods:
 * 1 reset, 2 capture (parameter integer 0).
 *
 * Requires `COSEM_WITH_SERVER` and `COSEM_CLASS_PROFILE_GENERIC`.
 * @{
 */
#ifndef COSEM_PROFILE_H
#define COSEM_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/object.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cosem_server;

#ifndef COSEM_PROFILE_MAX_COLUMNS
/** @brief Most capture objects of one profile (bounds the selection map kept
 *  on the stack while reading). */
#define COSEM_PROFILE_MAX_COLUMNS 32
#endif

#ifndef COSEM_PROFILE_SCRATCH
/** @brief Stack octets used to capture an element (data_index != 0) of an
 *  attribute: the whole attribute value must fit in them. */
#define COSEM_PROFILE_SCRATCH 96
#endif

/** @name Slot widths: octets of the A-XDR encoding of a column's value */
/** @{ */
/** @brief date-time as octet-string(12) (`09 0C` + 12), the Clock's time. */
#define COSEM_PROFILE_W_DATETIME 14u
/** @brief double-long(-unsigned), float32 (tag + 4). */
#define COSEM_PROFILE_W_U32 5u
/** @brief long(-unsigned) (tag + 2): the status word. */
#define COSEM_PROFILE_W_U16 3u
/** @brief integer, unsigned, enum, boolean (tag + 1). */
#define COSEM_PROFILE_W_U8 2u
/** @brief long64(-unsigned), float64 (tag + 8). */
#define COSEM_PROFILE_W_U64 9u
/** @brief octet/visible-string of at most @p n (< 128) octets. */
#define COSEM_PROFILE_W_STRING(n) (2u + (n))
/** @brief Register scaler_unit structure {integer, enum}. */
#define COSEM_PROFILE_W_SCALER_UNIT 6u
/** @} */

/**
 * @name ION status word
 * Bits of the interval status column of the ION DLMS implementation
 * (Schneider Electric ION7400/ION8650/ION8800/ION9000, "DLMS/COSEM and ION
 * technology" technical note, load and billing profiles; ION Reference,
 * "DLMS Log Export Module": the status field is reported as 0xFFFF when the
 * interval is not valid, i.e. all bits set = invalid row).
 *
 * The bit positions are the note's "Status capture object bitmap": bit 3 master
 * reset, bit 5 time changed, bit 6 power up, bit 7 power down, bit 8 DST
 * started, bit 9 DST ended; bits 0-2, 4 and 10-15 are reserved. When all
 * bits are set the status is invalid (::COSEM_ION_STATUS_INVALID).
 * @{
 */
#define COSEM_ION_STATUS_MASTER_RESET 0x0008u /**< Bit 3: the meter was master reset. */
#define COSEM_ION_STATUS_TIME_CHANGED 0x0020u /**< Bit 5: the clock was set during the interval. */
#define COSEM_ION_STATUS_POWER_UP 0x0040u     /**< Bit 6: power came back during the interval. */
#define COSEM_ION_STATUS_POWER_DOWN 0x0080u   /**< Bit 7: power failed during the interval. */
#define COSEM_ION_STATUS_DST_START 0x0100u    /**< Bit 8: daylight saving time started. */
#define COSEM_ION_STATUS_DST_END 0x0200u      /**< Bit 9: daylight saving time ended. */
#define COSEM_ION_STATUS_INVALID 0xFFFFu      /**< All bits set: the status is invalid. */
/** @} */

/** @brief Sort methods (attribute 5); only fifo is implemented. */
#define COSEM_PROFILE_SORT_FIFO 1u

/**
 * @brief capture_object_definition: one column of the profile.
 *
 * {class_id long-unsigned, logical_name octet-string(6), attribute_index
 * integer, data_index long-unsigned} plus the slot width the library needs.
 */
typedef struct cosem_capture_def {
    uint16_t class_id;    /**< Interface class of the captured object. */
    uint8_t obis[6];      /**< Its logical name (must be in the server's table). */
    int8_t attr;          /**< Attribute captured. */
    uint8_t width;        /**< Slot octets (largest A-XDR encoding incl. tag); 0 in a
                               settable table: measured from the current value. */
    uint16_t data_index;  /**< 0: whole attribute; n: element n of its array/structure. */
} cosem_capture_def_t;

/**
 * @brief Changing state of a profile: application RAM, saved/restored by the
 *        application to keep the profile across restarts. A zero-filled state
 *        is prepared from the description's defaults on first use.
 */
typedef struct cosem_profile_state {
    uint32_t seq;       /**< Number of captures so far (wraps); the newest entry is seq-1. */
    uint32_t head;      /**< Row slot of the oldest entry. */
    uint32_t used;      /**< entries_in_use. */
    uint32_t entries;   /**< profile_entries: length of the ring (<= capacity). */
    uint32_t period;    /**< capture_period in seconds (0: no automatic capture). */
    uint32_t row_size;  /**< Octets per row (sum of the widths); 0 until laid out. */
    int64_t last_utc;   /**< Wall clock of the previous tick (-1: none yet). */
    uint16_t columns;   /**< Capture objects in use (settable tables). */
    uint8_t ready;      /**< Non-zero once prepared. */
} cosem_profile_state_t;

/**
 * @brief Instance description of a Profile generic object (cosem_object_t::data):
 *        const, in flash, pointing at the application's RAM.
 *
 * Exactly one of @c columns (const capture objects: a SET of attribute 3 is
 * denied; every width must be set) and @c columns_rw (capture objects in
 * RAM, settable by a client: @c column_count is the capacity, the first
 * entries with a non-zero class_id are the initial columns) is non-NULL.
 * @c columns_rw needs #COSEM_PROFILE_SETTABLE_COLUMNS (1 by default).
 */
typedef struct cosem_profile {
    cosem_profile_state_t *state;         /**< Changing state (RAM). */
    uint8_t *storage;                     /**< Ring storage (RAM). */
    size_t storage_size;                  /**< Its size in octets. */
    const cosem_capture_def_t *columns;   /**< Const capture objects, or NULL. */
    cosem_capture_def_t *columns_rw;      /**< Settable capture objects (RAM), or NULL. */
    uint16_t column_count;                /**< Columns (const) or capacity (settable), <= COSEM_PROFILE_MAX_COLUMNS. */
    uint32_t default_period;              /**< capture_period of a fresh state. */
    uint32_t default_entries;             /**< profile_entries of a fresh state (0 or too large: capacity). */
} cosem_profile_t;

/** @brief The Profile generic class descriptor (class 7, version 1). */
extern const cosem_class_t cosem_class_profile_generic;

/**
 * @brief Capture one row now (event-driven profiles: billing at the end of a
 *        month, event logs): reads every capture object through the server.
 * @param s   Server holding the capture objects.
 * @param obj A Profile generic object of that server.
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL argument or an object of
 *         another class; ::COSEM_E_STATE when the storage cannot hold one row.
 */
cosem_status_t cosem_profile_capture(struct cosem_server *s, const cosem_object_t *obj);

/**
 * @brief Empty the buffer (method 1 reset): entries_in_use becomes 0.
 * @param obj A Profile generic object.
 * @return ::COSEM_OK or ::COSEM_E_ARG.
 */
cosem_status_t cosem_profile_reset(const cosem_object_t *obj);

/**
 * @brief Number of rows the storage holds with the current capture objects
 *        (the upper bound of profile_entries); 0 when not laid out yet.
 * @param obj A Profile generic object.
 * @return The number of rows.
 */
uint32_t cosem_profile_capacity(const cosem_object_t *obj);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_PROFILE_H */
