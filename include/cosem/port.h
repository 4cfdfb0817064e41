/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file port.h
 * @brief The platform port: what the library needs from the board or OS.
 *
 * @defgroup port Platform port
 * @brief Time, randomness, relays, non-volatile counters and logging,
 *        supplied by the application as one struct of function pointers.
 *
 * The core does no I/O. Whatever it needs from the outside world beyond the
 * bytes of a link comes through a ::cosem_port_t: a struct of function
 * pointers and one `user` pointer that every call gets back. It is per
 * instance, not global: a test runs several meters in one process, each
 * with its own fake clock, deterministic random generator and counter
 * store. Bytes themselves do not go through the port; each link context
 * (cosem_wrapper_t, the HDLC station) has its own send callback, so output
 * is per connection.
 *
 * Every member may be NULL. The inline helpers below (cosem_port_now_ms(),
 * cosem_port_time_get(), ...) are how the library calls a port: they apply
 * the documented behaviour for a NULL member, so callers never test the
 * pointers themselves. A port for a real meter sets all of them; the ones
 * marked "required for ..." are needed for that feature to work at all.
 *
 * Ready-made ports: `ports/posix` (Linux and other POSIX systems) and
 * `ports/baremetal` (microcontrollers without an OS); see docs/porting.md.
 * @{
 */
#ifndef COSEM_PORT_H
#define COSEM_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/datetime.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Severity of a log message. */
typedef enum cosem_log_level {
    COSEM_LOG_ERROR = 0, /**< Something failed that should not have. */
    COSEM_LOG_WARN = 1,  /**< Unusual input or a recoverable fault (bad frame, time-out). */
    COSEM_LOG_INFO = 2,  /**< Connection and association events. */
    COSEM_LOG_DEBUG = 3  /**< Per-frame detail. */
} cosem_log_level_t;

/** @name Identifiers of non-volatile counters
 *  Ids 0..0xFFFF are the library's; the application may use the others. */
/** @{ */
/** @brief Outgoing invocation counter (frame counter) of security setup
 *  object number @p n (0-based, in registration order). It must never go
 *  back: a counter that restarts after a power cut reuses GCM nonces. */
#define COSEM_NV_ID_TX_INVOCATION(n) (0x0100u + (uint32_t)(n))
/** @brief Highest incoming invocation counter accepted by security setup
 *  object number @p n (replay protection across restarts). */
#define COSEM_NV_ID_RX_INVOCATION(n) (0x0200u + (uint32_t)(n))
/** @brief First id free for the application. */
#define COSEM_NV_ID_USER 0x10000u
/** @} */

/**
 * @brief The platform port.
 *
 * Fill it (C99 designated initialisers make NULL the default for anything
 * left out) and pass it to the objects that need it. The library only reads
 * the struct and calls the functions from the thread (or main loop) that
 * drives it; none of them is called from an interrupt.
 */
typedef struct cosem_port {
    /** Passed back as the first argument of every function below. */
    void *user;

    /**
     * Monotonic milliseconds: never jumps when the wall clock is set; may
     * wrap at 2^32 (the library compares times with wrap-safe differences).
     * Required for loops that run timers (the POSIX loop, the bare-metal
     * main loop); the core itself takes `now_ms` as an argument.
     * NULL: time stands still at 0 and no time-out ever expires.
     */
    uint32_t (*now_ms)(void *user);

    /**
     * Read the wall clock as a COSEM date-time: local time fields, the
     * deviation of the meter's zone (minutes to add to local time to get
     * UTC, so UTC+1 is -60) and the clock status (::COSEM_CLOCK_STATUS_DST
     * while summer time is active, ::COSEM_CLOCK_STATUS_INVALID when the
     * clock has not been set since power-up, ...). Required for the Clock
     * object and time stamps in profiles and event logs.
     * NULL: every field "not specified" and status ::COSEM_CLOCK_STATUS_INVALID.
     */
    cosem_status_t (*time_get)(void *user, cosem_datetime_t *now);

    /**
     * Set the wall clock from a complete date-time (the Clock object's
     * time attribute, adjust_to_* methods). A deviation "not specified"
     * means the meter's own zone. Return ::COSEM_E_RANGE for a value the
     * clock cannot hold.
     * NULL: setting the clock is refused with ::COSEM_E_UNSUPPORTED.
     */
    cosem_status_t (*time_set)(void *user, const cosem_datetime_t *now);

    /**
     * Fill @p buf with @p n cryptographically strong random octets (HLS
     * challenges, keys). Return an error rather than weak values.
     * NULL: ::COSEM_E_UNSUPPORTED; HLS authentication is then unavailable
     * (the library never falls back to a weak generator).
     */
    cosem_status_t (*random)(void *user, uint8_t *buf, size_t n);

    /**
     * Drive relay output @p index (0-based): @p on true closes the contact
     * (load connected), false opens it (Disconnect control, relay objects).
     * Return ::COSEM_E_RANGE for an index the board does not have.
     * NULL: ::COSEM_E_UNSUPPORTED (no relay can be switched).
     */
    cosem_status_t (*relay_set)(void *user, unsigned index, bool on);

    /**
     * Read back the state of relay output @p index (the actual output, or
     * the last commanded state when it cannot be sensed).
     * NULL: ::COSEM_E_UNSUPPORTED.
     */
    cosem_status_t (*relay_get)(void *user, unsigned index, bool *on);

    /**
     * Load the non-volatile counter @p id (uint32 counters are stored as
     * uint64). Return ::COSEM_E_NOTFOUND when it was never stored (the
     * library then starts from 0) and ::COSEM_E_IO when the store is broken.
     * NULL: ::COSEM_E_NOTFOUND for every id (counters live in RAM only).
     */
    cosem_status_t (*nv_load)(void *user, uint32_t id, uint64_t *value);

    /**
     * Store the non-volatile counter @p id. It must be durable when the
     * function returns ::COSEM_OK (a restart right after must load this
     * value); an atomic update (never half old, half new) is the port's
     * job. The library may store a counter ahead of use to save writes
     * to flash.
     * NULL: ::COSEM_E_UNSUPPORTED; counters then restart from 0 after a
     * restart, which a meter with ciphering must not do.
     */
    cosem_status_t (*nv_store)(void *user, uint32_t id, uint64_t value);

    /**
     * Log one message: @p text is a complete NUL-terminated line without
     * a trailing newline, valid during the call (the library does no
     * formatting with printf).
     * NULL: messages are dropped.
     */
    void (*log)(void *user, cosem_log_level_t level, const char *text);
} cosem_port_t;

/**
 * @brief Monotonic milliseconds from the port.
 * @param p Port (may be NULL, treated like a port with every member NULL).
 * @return p->now_ms(), or 0 when absent.
 */
static inline uint32_t cosem_port_now_ms(const cosem_port_t *p)
{
    return (p != NULL && p->now_ms != NULL) ? p->now_ms(p->user) : 0u;
}

/**
 * @brief Wall clock from the port.
 * @param p   Port (may be NULL).
 * @param now Output; when the member is absent or fails, every field is
 *            "not specified" and the status ::COSEM_CLOCK_STATUS_INVALID.
 * @return What the member returned, or ::COSEM_E_UNSUPPORTED when absent.
 */
static inline cosem_status_t cosem_port_time_get(const cosem_port_t *p, cosem_datetime_t *now)
{
    cosem_status_t st = COSEM_E_UNSUPPORTED;
    if (p != NULL && p->time_get != NULL) {
        st = p->time_get(p->user, now);
    }
    if (st != COSEM_OK) {
        cosem_datetime_clear(now);
        now->status = COSEM_CLOCK_STATUS_INVALID;
    }
    return st;
}

/**
 * @brief Set the wall clock through the port.
 * @param p   Port (may be NULL).
 * @param now New time.
 * @return What the member returned, or ::COSEM_E_UNSUPPORTED when absent.
 */
static inline cosem_status_t cosem_port_time_set(const cosem_port_t *p, const cosem_datetime_t *now)
{
    return (p != NULL && p->time_set != NULL) ? p->time_set(p->user, now) : COSEM_E_UNSUPPORTED;
}

/**
 * @brief Random octets from the port.
 * @param p   Port (may be NULL).
 * @param buf Output.
 * @param n   Octets wanted.
 * @return What the member returned, or ::COSEM_E_UNSUPPORTED when absent.
 */
static inline cosem_status_t cosem_port_random(const cosem_port_t *p, uint8_t *buf, size_t n)
{
    return (p != NULL && p->random != NULL) ? p->random(p->user, buf, n) : COSEM_E_UNSUPPORTED;
}

/**
 * @brief Switch a relay output through the port.
 * @param p     Port (may be NULL).
 * @param index Relay number, 0-based.
 * @param on    true = contact closed (load connected).
 * @return What the member returned, or ::COSEM_E_UNSUPPORTED when absent.
 */
static inline cosem_status_t cosem_port_relay_set(const cosem_port_t *p, unsigned index, bool on)
{
    return (p != NULL && p->relay_set != NULL) ? p->relay_set(p->user, index, on)
                                               : COSEM_E_UNSUPPORTED;
}

/**
 * @brief Read a relay output through the port.
 * @param p     Port (may be NULL).
 * @param index Relay number, 0-based.
 * @param on    Output (false when the call fails).
 * @return What the member returned, or ::COSEM_E_UNSUPPORTED when absent.
 */
static inline cosem_status_t cosem_port_relay_get(const cosem_port_t *p, unsigned index, bool *on)
{
    cosem_status_t st = COSEM_E_UNSUPPORTED;
    *on = false;
    if (p != NULL && p->relay_get != NULL) {
        st = p->relay_get(p->user, index, on);
    }
    if (st != COSEM_OK) {
        *on = false;
    }
    return st;
}

/**
 * @brief Load a non-volatile counter through the port.
 * @param p     Port (may be NULL).
 * @param id    Counter id.
 * @param value Output (0 when the call fails).
 * @return What the member returned, or ::COSEM_E_NOTFOUND when absent.
 */
static inline cosem_status_t cosem_port_nv_load(const cosem_port_t *p, uint32_t id, uint64_t *value)
{
    cosem_status_t st = COSEM_E_NOTFOUND;
    *value = 0;
    if (p != NULL && p->nv_load != NULL) {
        st = p->nv_load(p->user, id, value);
    }
    if (st != COSEM_OK) {
        *value = 0;
    }
    return st;
}

/**
 * @brief Store a non-volatile counter through the port.
 * @param p     Port (may be NULL).
 * @param id    Counter id.
 * @param value Value.
 * @return What the member returned, or ::COSEM_E_UNSUPPORTED when absent.
 */
static inline cosem_status_t cosem_port_nv_store(const cosem_port_t *p, uint32_t id, uint64_t value)
{
    return (p != NULL && p->nv_store != NULL) ? p->nv_store(p->user, id, value)
                                              : COSEM_E_UNSUPPORTED;
}

/**
 * @brief Log a message through the port (dropped when absent).
 * @param p     Port (may be NULL).
 * @param level Severity.
 * @param text  NUL-terminated line.
 */
static inline void cosem_port_log(const cosem_port_t *p, cosem_log_level_t level, const char *text)
{
    if (p != NULL && p->log != NULL) {
        p->log(p->user, level, text);
    }
}

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_PORT_H */
