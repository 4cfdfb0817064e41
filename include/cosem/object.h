/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file object.h
 * @brief COSEM objects: class descriptors, application object tables, access
 *        rights, the request context handed to class code, value references.
 *
 * @defgroup object Objects and classes
 * @brief How an application declares its objects and how class code is called.
 *
 * An application declares its objects in a const table of ::cosem_object_t:
 * logical name, class descriptor (::cosem_class_t, one per interface class,
 * exported by `src/classes/`), a pointer to the class's instance description
 * (const as well; it points at the application's variables, so the
 * application owns the truth and nothing is copied), optional per-object
 * callbacks that replace the class's get/set/action, and an optional access
 * table per association level.
 *
 * Class code and application callbacks receive a ::cosem_req_t (who asks,
 * which object and attribute, the selective access) and stream the value
 * straight into the response writer or read it from the request reader.
 * They return a ::cosem_dar_t, never a library status.
 *
 * **Long values.** A get that may produce more than one APDU (a profile
 * buffer, an object list) writes whole elements and calls cosem_req_commit()
 * between them. When the block is full cosem_req_commit() returns false; the
 * get then returns ::COSEM_DAR_SUCCESS at once and is called again for the
 * next block with cosem_req_t::index set to the element it committed. On the
 * first call index is 0 and the get writes the array header first. A get that
 * never commits writes its whole value in one call (it must then fit the
 * association buffer).
 * @{
 */
#ifndef COSEM_OBJECT_H
#define COSEM_OBJECT_H

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

struct cosem_server;
struct cosem_assoc;
struct cosem_object;

/* ===================================================================== */
/** @name Access rights */
/** @{ */

/**
 * @brief Rights of one association level on one object. Bit (n-1) of
 *        @c read / @c write stands for attribute n, bit (n-1) of @c exec for
 *        method n. An object whose rights at a level are all zero is not
 *        visible there (not in that association's object list, and any request
 *        for it gets object-undefined).
 */
typedef struct cosem_access {
    uint16_t read;  /**< Readable attributes. */
    uint16_t write; /**< Writable attributes. */
    uint16_t exec;  /**< Executable methods. */
} cosem_access_t;

/** @brief Attribute n (1-based) as an access mask bit. */
#define COSEM_ATTR(n) ((uint16_t)(1u << ((n)-1)))
/** @brief Method n (1-based) as an access mask bit. */
#define COSEM_METHOD(n) ((uint16_t)(1u << ((n)-1)))
/** @brief All 16 attributes / methods. */
#define COSEM_ALL 0xFFFFu
/** @} */

/* ===================================================================== */
/** @name Request context */
/** @{ */

/** @brief The service a request context belongs to. */
typedef enum cosem_service {
    COSEM_SERVICE_GET = 1,    /**< GET (or an internal read, assoc NULL) */
    COSEM_SERVICE_SET = 2,    /**< SET */
    COSEM_SERVICE_ACTION = 3  /**< ACTION */
} cosem_service_t;

/** @brief What class code and application callbacks see of one request. */
typedef struct cosem_req {
    /* cosem_srv_resolve() sets every member one by one: a new member must
     * be set there too. */
    struct cosem_server *server;      /**< The logical device. */
    struct cosem_assoc *assoc;        /**< Association asking; NULL for internal reads (profile capture, push). */
    const struct cosem_object *obj;   /**< The object. */
    uint8_t service;                  /**< ::cosem_service_t. */
    int8_t id;                        /**< Attribute or method id. */
    cosem_selection_t sel;            /**< Selective access (selector 0: none). */
    uint32_t index;                   /**< GET streaming: element to continue at, 0 first. */
    /** GET streaming: a second word the get may keep across the calls of
     *  one value (0 on the first call; the server keeps it between blocks).
     *  Profile generic stores the end of the selected rows here. */
    uint32_t aux;
    /* private: the server's block bookkeeping */
    uint32_t next_index_;             /**< @private */
    size_t commit_len_;               /**< @private */
    size_t limit_;                    /**< @private */
    bool committed_;                  /**< @private */
    bool more_;                       /**< @private */
} cosem_req_t;

/**
 * @brief In a streaming get, record that every element before @p next is
 *        completely written.
 * @param r    Request.
 * @param w    The response writer.
 * @param next Index of the next element to write.
 * @return true to go on writing element @p next; false when the block is
 *         full: return ::COSEM_DAR_SUCCESS now, the get is called again with
 *         r->index == @p next.
 */
bool cosem_req_commit(cosem_req_t *r, cosem_axdr_writer_t *w, uint32_t next);
/** @} */

/* ===================================================================== */
/** @name Class descriptors and objects */
/** @{ */

/** @brief Read an attribute: write its value (one Data) to @p w. */
typedef cosem_dar_t (*cosem_get_fn)(cosem_req_t *r, cosem_axdr_writer_t *w);
/** @brief Write an attribute: read the new value (one Data) from @p v. */
typedef cosem_dar_t (*cosem_set_fn)(cosem_req_t *r, cosem_axdr_reader_t *v);
/**
 * @brief Execute a method: @p params holds the parameters (one Data,
 *        null-data when the client sent none); write return parameters, if
 *        any, as one Data to @p ret (leave it empty for none).
 */
typedef cosem_dar_t (*cosem_action_fn)(cosem_req_t *r, cosem_axdr_reader_t *params,
                                       cosem_axdr_writer_t *ret);
/**
 * @brief Called by cosem_server_tick() with the wall clock (seconds since
 *        1970-01-01 UTC, or -1 when the clock is invalid): automatic
 *        captures, period ends, schedules.
 */
typedef void (*cosem_tick_fn)(struct cosem_server *s, const struct cosem_object *obj, int64_t utc);

/** @brief One interface class: exported by its file in `src/classes/`. */
typedef struct cosem_class {
    uint16_t class_id;       /**< Interface class id. */
    uint8_t version;         /**< Class version implemented. */
    uint8_t attr_count;      /**< Attributes 1..attr_count. */
    uint8_t method_count;    /**< Methods 1..method_count. */
    uint16_t default_read;   /**< Readable attributes for objects without an access table. */
    uint16_t selective;      /**< Attributes that take selective access. */
    uint8_t selectors;       /**< Bit s: access selector s supported on those attributes. */
    cosem_get_fn get;        /**< Attributes 2..attr_count (attribute 1 is the server's). */
    cosem_set_fn set;        /**< NULL: nothing settable. */
    cosem_action_fn action;  /**< NULL: no methods. */
    cosem_tick_fn tick;      /**< NULL: nothing periodic. */
    /** Optional check of an object's instance description at cosem_server_init(). */
    cosem_status_t (*check)(const struct cosem_object *obj);
} cosem_class_t;

/** @brief Per-object callbacks that replace the class's (NULL: the class's).
 *  They may call cosem_object_get() & co. for what they do not handle. */
typedef struct cosem_object_ops {
    cosem_get_fn get;        /**< Replaces cosem_class_t::get. */
    cosem_set_fn set;        /**< Replaces cosem_class_t::set. */
    cosem_action_fn action;  /**< Replaces cosem_class_t::action. */
} cosem_object_ops_t;

/** @brief One object of the application's table. */
typedef struct cosem_object {
    uint8_t obis[6];                 /**< Logical name. */
    const cosem_class_t *cls;        /**< Interface class. */
    const void *data;                /**< Instance description of the class (see the class header). */
    const cosem_object_ops_t *ops;   /**< Optional callbacks; NULL none. */
    /** Rights per association level (array of COSEM_MAX_ACCESS_LEVELS);
     *  NULL: cosem_class_t::default_read at every level, nothing else. */
    const cosem_access_t *access;
    void *user;                      /**< For the callbacks. */
} cosem_object_t;

/**
 * @brief The class's own get (for ops that handle only some attributes).
 * @param r Request (its @c obj set).
 * @param w Response writer.
 * @return What cosem_class_t::get returns; ::COSEM_DAR_READ_WRITE_DENIED
 *         when the class has no get.
 */
cosem_dar_t cosem_object_get(cosem_req_t *r, cosem_axdr_writer_t *w);
/**
 * @brief The class's own set.
 * @param r Request (its @c obj set).
 * @param v Reader holding the new value (one Data).
 * @return What cosem_class_t::set returns; ::COSEM_DAR_READ_WRITE_DENIED
 *         when the class has no set.
 */
cosem_dar_t cosem_object_set(cosem_req_t *r, cosem_axdr_reader_t *v);
/**
 * @brief The class's own action.
 * @param r      Request (its @c obj set).
 * @param params Reader holding the parameters (one Data).
 * @param ret    Writer for the return parameters (left empty for none).
 * @return What cosem_class_t::action returns; ::COSEM_DAR_READ_WRITE_DENIED
 *         when the class has no methods.
 */
cosem_dar_t cosem_object_action(cosem_req_t *r, cosem_axdr_reader_t *params,
                                cosem_axdr_writer_t *ret);
/** @} */

/* ===================================================================== */
/** @name Value references: an attribute that is one of the application's variables */
/** @{ */

/**
 * @brief Where an attribute value lives and its Data type.
 *
 * | type | @c p points to |
 * |---|---|
 * | NULL_DATA | nothing (NULL) |
 * | BOOLEAN | bool |
 * | INTEGER, LONG, DOUBLE_LONG, LONG64 | int8_t, int16_t, int32_t, int64_t |
 * | UNSIGNED, ENUM, BCD; LONG_UNSIGNED; DOUBLE_LONG_UNSIGNED; LONG64_UNSIGNED | uint8_t; uint16_t; uint32_t; uint64_t |
 * | FLOAT32, FLOAT64 | float, double |
 * | DATE_TIME, DATE, TIME | cosem_datetime_t |
 * | OCTET_STRING, VISIBLE_STRING, UTF8_STRING | uint8_t[@c cap]; length in *@c len, or always @c cap when @c len is NULL |
 * | BIT_STRING | uint8_t[(@c cap + 7) / 8]; @c cap and *@c len count bits |
 */
typedef struct cosem_vref {
    void *p;        /**< The variable. */
    uint16_t *len;  /**< Strings: current length; NULL: fixed at @c cap. */
    uint16_t cap;   /**< Strings: capacity (octets; bits for BIT_STRING). */
    uint8_t type;   /**< ::cosem_axdr_type_t. */
} cosem_vref_t;

/** @brief Initialiser of a value reference to scalar variable @p var of Data type @p t. */
#define COSEM_VREF(t, var) {(void *)(var), NULL, 0, (uint8_t)(t)}
/** @brief Initialiser of a string value reference: buffer, length variable, capacity. */
#define COSEM_VREF_STR(t, buf, lenp, capacity) {(void *)(buf), (lenp), (uint16_t)(capacity), (uint8_t)(t)}

/**
 * @brief Write the referenced value as one Data.
 * @param w Output writer.
 * @param v Reference.
 * @return The writer's status: ::COSEM_OK, ::COSEM_E_NOSPACE when @p w is
 *         full; ::COSEM_E_ARG for a NULL @p v or variable (NULL_DATA
 *         excepted); ::COSEM_E_RANGE for a string whose length is above
 *         @c cap; ::COSEM_E_TYPE for a type a reference cannot have (array,
 *         structure; floats without `COSEM_WITH_FLOAT`).
 */
cosem_status_t cosem_vref_write(cosem_axdr_writer_t *w, const cosem_vref_t *v);
/**
 * @brief Read one Data into the referenced variable: it must have the
 *        reference's type (::COSEM_DAR_TYPE_UNMATCHED otherwise, also for a
 *        string longer than the capacity or a fixed-length string of another
 *        length); the variable is untouched unless the result is success.
 * @param r Reader positioned at the Data.
 * @param v Reference.
 * @return ::COSEM_DAR_SUCCESS; ::COSEM_DAR_TYPE_UNMATCHED as above, also for
 *         a truncated or malformed value; ::COSEM_DAR_OTHER_REASON for a NULL
 *         @p v or variable (NULL_DATA excepted).
 */
cosem_dar_t cosem_vref_read(cosem_axdr_reader_t *r, const cosem_vref_t *v);
/**
 * @brief Read the referenced value as a signed number (integer types, enum,
 *        bcd, bool; floats truncated): for demand computation and thresholds.
 * @param v   Reference.
 * @param out Output.
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL arguments or a NULL variable;
 *         ::COSEM_E_TYPE for a type that is not a number (strings,
 *         date-times; floats without `COSEM_WITH_FLOAT`); ::COSEM_E_RANGE for
 *         a long64-unsigned above INT64_MAX.
 */
cosem_status_t cosem_vref_get_int(const cosem_vref_t *v, int64_t *out);
/**
 * @brief Store a number into an integer-typed reference (::COSEM_E_RANGE
 *        when it does not fit); with `COSEM_WITH_FLOAT` a float reference
 *        takes the value converted.
 * @param v     Reference.
 * @param value The number (0 or 1 for a boolean).
 * @return ::COSEM_OK; ::COSEM_E_ARG for a NULL @p v or variable;
 *         ::COSEM_E_TYPE for a type that is not an integer, enum, bcd or
 *         boolean (nor a float with `COSEM_WITH_FLOAT`); ::COSEM_E_RANGE when
 *         @p value is outside the type's range.
 */
cosem_status_t cosem_vref_set_int(const cosem_vref_t *v, int64_t value);
/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_OBJECT_H */
