/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file cosem_posix_multi.h
 * @brief POSIX port: many client sessions from one thread (a head-end's
 *        collector).
 *
 * @defgroup posix_multi Many sessions
 * @brief An event loop (epoll on Linux, poll() elsewhere, chosen at compile
 *        time) that runs up to cosem_multi_config_t::max_active
 *        ::cosem_client_t sessions at once over TCP, with a connect time-out,
 *        a time-out per attempt, retries after link failures and no thread
 *        per meter.
 *
 * The loop does not know the meters in advance: it asks the application for
 * the next job (cosem_multi_config_t::next) whenever a slot is free, so a list
 * of 100,000 meters streams through a fixed number of slots. A slot is a
 * ::cosem_multi_slot_t (the session, its socket and timers) plus a session
 * buffer carved from the one buffer given to cosem_multi_init(); nothing is
 * allocated by the loop, and nothing per request.
 *
 * A job runs so:
 * 1. next() fills a ::cosem_multi_target_t (address, client configuration)
 *    and gives the job's own pointer;
 * 2. the loop connects (non-blocking TCP) and associates (cosem_client_connect());
 * 3. step() is called with `last` NULL: it starts one operation on the session
 *    (cosem_client_get(), ...) and returns ::COSEM_MULTI_RUN, or returns
 *    ::COSEM_MULTI_DONE when there is nothing (more) to do, or
 *    ::COSEM_MULTI_FAIL to give up;
 * 4. each time the operation ends, step() is called again with its outcome in
 *    `last` (success, or an error of the association, service or data layer:
 *    the job decides whether that is fatal for the meter);
 * 5. an operation that ends with a link error (time-out, connection closed,
 *    HDLC refusal), a refused or timed-out TCP connection, or an attempt that
 *    outlives cosem_multi_config_t::attempt_timeout_ms, closes the
 *    connection; when retries are left the job starts again at 2 after
 *    cosem_multi_config_t::retry_delay_ms (step() is then called with `last`
 *    NULL again and cosem_multi_slot_t::attempt counting up: the job keeps
 *    its own cursor and resumes where it was);
 * 6. after DONE or FAIL the association is released (and the HDLC link
 *    disconnected), the socket closed, and finish() reports the outcome.
 *
 * Sends go straight to the non-blocking socket: a client sends one request
 * and waits for its response, so the socket's send buffer never holds more
 * than one request; a short write is treated as a link failure.
 * @{
 */
#ifndef COSEM_POSIX_MULTI_H
#define COSEM_POSIX_MULTI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cosem/client.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Read buffer of a loop (the largest chunk read from a socket at once). */
#ifndef COSEM_MULTI_RX_BUF
#define COSEM_MULTI_RX_BUF 16384
#endif

/** @brief What step() answers. */
typedef enum cosem_multi_next {
    COSEM_MULTI_RUN = 0,  /**< An operation was started on the session. */
    COSEM_MULTI_DONE = 1, /**< The job is complete: release and close. */
    COSEM_MULTI_FAIL = 2  /**< Give the job up (the error is the job's own). */
} cosem_multi_next_t;

/** @brief Where a job failed (cosem_multi_outcome_t::stage). */
typedef enum cosem_multi_stage {
    COSEM_MULTI_STAGE_NONE = 0,      /**< It did not fail. */
    COSEM_MULTI_STAGE_TCP = 1,       /**< TCP connection (refused, time-out, unreachable),
                                          or opening the serial line. */
    COSEM_MULTI_STAGE_ASSOCIATE = 2, /**< Link set-up or association (cosem_client_connect()). */
    COSEM_MULTI_STAGE_OPERATION = 3, /**< An operation started by step(). */
    COSEM_MULTI_STAGE_TIMEOUT = 4,   /**< The attempt outlived attempt_timeout_ms. */
    COSEM_MULTI_STAGE_JOB = 5        /**< step() returned ::COSEM_MULTI_FAIL. */
} cosem_multi_stage_t;

/** @brief Where and how to reach one meter (filled by next()). */
typedef struct cosem_multi_target {
    /** Meter address (IPv4 or IPv6, with the port). */
    union {
        struct sockaddr sa;       /**< Generic view. */
        struct sockaddr_in in4;   /**< IPv4. */
        struct sockaddr_in6 in6;  /**< IPv6. */
    } addr;
    socklen_t addr_len;           /**< Length of @c addr. */
    /** A serial line (HDLC) to open instead of a TCP connection, or NULL.
     *  The path must stay valid until finish() of the job. */
    const char *device;
    unsigned baud;                /**< Its speed (8N1); 0 = 9600. */
    /** Session configuration: link, addresses, authentication, max_apdu,
     *  element_max, response time-out, client retries. The send and done
     *  callbacks are the loop's (the values given here are ignored). Its
     *  password must stay valid until finish() of the job. Its buffer needs
     *  (cosem_client_buf_size()) must fit the slot buffer. */
    cosem_client_config_t cfg;
} cosem_multi_target_t;

/** @brief How a job ended (given to finish()). */
typedef struct cosem_multi_outcome {
    cosem_status_t status;        /**< ::COSEM_OK, or the summary of @c err. */
    uint8_t stage;                /**< ::cosem_multi_stage_t of the failure. */
    uint8_t attempts;             /**< Connection attempts made (1 = no retry). */
    int sys_errno;                /**< STAGE_TCP: the socket error (0 for a time-out). */
    /** The failing operation's outcome (layer LINK for TCP and time-outs);
     *  for STAGE_JOB the last outcome step() saw. */
    cosem_client_error_t err;
} cosem_multi_outcome_t;

struct cosem_multi;

/** @brief One session slot. Fields are private except where noted. */
typedef struct cosem_multi_slot {
    cosem_client_t client;        /**< @private The session. */
    cosem_multi_target_t target;  /**< @private Copy of the job's target. */
    struct cosem_multi *m;        /**< @private Owning loop. */
    uint8_t *buf;                 /**< @private Session buffer (part of the loop's). */
    void *job;                    /**< The job's pointer (from next()); read-only. */
    int fd;                       /**< @private Socket, -1 when none. */
    int next_free;                /**< @private Free list link (slot index, -1 end). */
    uint8_t state;                /**< @private Slot state. */
    uint8_t attempt;              /**< Attempt of the job, from 0; read-only. */
    uint8_t done_op;              /**< @private Operation that completed, unhandled. */
    uint8_t fail_stage;           /**< @private Stage of the failure being handled. */
    bool in_epoll;                /**< @private Registered with epoll. */
    bool connected;               /**< @private TCP connection established (line open). */
    bool tty;                     /**< @private The descriptor is a serial line. */
    bool job_failed;              /**< @private step() returned FAIL. */
    uint32_t deadline;            /**< @private Connect time-out / retry wake-up. */
    uint32_t attempt_end;         /**< @private End of the attempt (0: none). */
    int sys_errno;                /**< @private Socket error seen. */
    cosem_client_error_t done_err;/**< @private Outcome of done_op. */
    cosem_client_error_t job_err; /**< @private Last outcome step() saw. */
} cosem_multi_slot_t;

/** @brief Configuration of a loop (copied by cosem_multi_init()). */
typedef struct cosem_multi_config {
    /** Sessions in flight at most (1..number of slots given). */
    unsigned max_active;
    /** Longest wait for a TCP connection; 0 = 5000 ms. */
    uint32_t connect_timeout_ms;
    /** Longest attempt (connect to release); 0 = none. */
    uint32_t attempt_timeout_ms;
    /** New attempts after a link failure (0 = none). */
    uint8_t retries;
    /** Wait before a new attempt, in ms. */
    uint32_t retry_delay_ms;
    /**
     * The next job: fill @p t, set @p *job, return true; false when there is
     * none (now: the loop asks again when cosem_multi_wake() is called, and
     * ends when no job runs).
     */
    bool (*next)(void *user, cosem_multi_target_t *t, void **job);
    /** Start the job's next operation (see the file description). @p last is
     *  NULL at the start of each attempt. */
    cosem_multi_next_t (*step)(void *user, cosem_multi_slot_t *s, cosem_client_t *c,
                               const cosem_client_error_t *last, uint32_t now_ms);
    /** The job has ended; @p s is free again after the call. */
    void (*finish)(void *user, cosem_multi_slot_t *s, const cosem_multi_outcome_t *o);
    void *user; /**< Passed to the callbacks. */
} cosem_multi_config_t;

/** @brief What a loop has done (cosem_multi_stats()). */
typedef struct cosem_multi_stats {
    unsigned active;              /**< Jobs in flight now (connecting, running, waiting to retry). */
    unsigned peak_active;         /**< Most jobs in flight at once. */
    unsigned connected;           /**< Sessions with an established TCP connection now. */
    unsigned peak_connected;      /**< Most such sessions at once. */
    unsigned long started;        /**< Jobs taken from next(). */
    unsigned long ok;             /**< Jobs finished with ::COSEM_OK. */
    unsigned long failed;         /**< Jobs finished with an error. */
    unsigned long retries;        /**< New attempts made. */
    unsigned long rx_bytes;       /**< Octets received. */
    unsigned long tx_bytes;       /**< Octets sent. */
} cosem_multi_stats_t;

/** @brief A loop. Complete type, fields private. */
typedef struct cosem_multi {
    cosem_multi_config_t cfg;     /**< @private Configuration. */
    cosem_multi_slot_t *slots;    /**< @private Slots (caller memory). */
    unsigned nslots;              /**< @private Their count. */
    size_t slot_buf;              /**< @private Session buffer of each slot. */
    int efd;                      /**< @private epoll descriptor (-1 with poll()). */
    bool exhausted;               /**< @private next() returned false. */
    int free_head;                /**< @private First free slot, -1 none. */
    uint32_t last_sweep;          /**< @private Last timer sweep. */
    cosem_multi_stats_t stats;    /**< @private Counters. */
    void *pfd;                    /**< @private poll(): struct pollfd[nslots] (caller memory). */
    uint8_t rx[COSEM_MULTI_RX_BUF]; /**< @private Read buffer. */
} cosem_multi_t;

/**
 * @brief Memory cosem_multi_init() needs besides the slots: the session
 *        buffers (and, where poll() is used, one struct pollfd per slot).
 * @param nslots   Slots.
 * @param slot_buf Session buffer per slot (the largest cosem_client_buf_size()
 *                 of the targets).
 * @return Octets, 0 on overflow.
 */
size_t cosem_multi_buf_size(unsigned nslots, size_t slot_buf);

/**
 * @brief Prepare a loop.
 * @param m        Loop (large: its read buffer is ::COSEM_MULTI_RX_BUF).
 * @param cfg      Configuration (copied; next, step and finish required).
 * @param slots    Slot array (caller memory, at least cfg->max_active).
 * @param nslots   Its size.
 * @param slot_buf Session buffer per slot.
 * @param buf      Memory of cosem_multi_buf_size(nslots, slot_buf) octets.
 * @param buf_len  Its size.
 * @return ::COSEM_OK; ::COSEM_E_ARG; ::COSEM_E_NOSPACE (buffer too small);
 *         ::COSEM_E_IO (epoll_create failed).
 */
cosem_status_t cosem_multi_init(cosem_multi_t *m, const cosem_multi_config_t *cfg,
                                cosem_multi_slot_t *slots, unsigned nslots, size_t slot_buf,
                                uint8_t *buf, size_t buf_len);

/**
 * @brief Run the loop once: take new jobs while slots are free, wait up to
 *        @p timeout_ms for socket events, handle them and the timers.
 * @param m Loop. @param timeout_ms Longest wait (the loop wakes earlier for
 *          its timers).
 * @return true while jobs run or more may come; false when next() has
 *         returned false and no job is left.
 */
bool cosem_multi_step(cosem_multi_t *m, int timeout_ms);

/**
 * @brief Run until every job has finished (cosem_multi_step() until false),
 *        or until @p stop (optional) becomes non-zero; then the running jobs
 *        are abandoned (finish() with ::COSEM_E_CLOSED).
 * @param m Loop. @param stop Flag set by a signal handler, or NULL.
 */
void cosem_multi_run(cosem_multi_t *m, volatile int *stop);

/**
 * @brief After next() returned false: ask it again for jobs.
 * @param m Loop.
 */
void cosem_multi_wake(cosem_multi_t *m);

/**
 * @brief Abandon every running job (finish() with ::COSEM_E_CLOSED, layer
 *        LINK) and close the loop's descriptors.
 * @param m Loop.
 */
void cosem_multi_free(cosem_multi_t *m);

/**
 * @brief Counters.
 * @param m Loop.
 * @return Pointer into the loop.
 */
const cosem_multi_stats_t *cosem_multi_stats(const cosem_multi_t *m);

/**
 * @brief Fill a target's address from a numeric IPv4 or IPv6 text and a port.
 * @param t Target. @param host Numeric address ("127.0.0.1", "::1").
 * @param port TCP port.
 * @return ::COSEM_OK; ::COSEM_E_ARG when @p host is not numeric.
 */
cosem_status_t cosem_multi_target_addr(cosem_multi_target_t *t, const char *host,
                                       uint16_t port);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* COSEM_POSIX_MULTI_H */
