/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file cosem_posix.h
 * @brief POSIX port of libcosem: a poll() loop with TCP, UDP and serial
 *        endpoints, and a ::cosem_port_t backed by the system and a state file.
 *
 * This is the separate library `cosem_posix` (ports/posix/), not part of
 * libcosem: it uses the operating system, the core does not. Nothing here
 * allocates; a ::cosem_posix_loop_t and a ::cosem_posix_port_t are complete
 * types the application places (they are large: make them static).
 *
 * The loop only moves bytes. Each endpoint (an accepted TCP connection, a
 * TCP client, a UDP socket, a serial line, any adopted descriptor) has
 * handlers: on_open, on_data with the bytes read, on_close with the reason.
 * The application attaches the link layer in those callbacks: a
 * cosem_wrapper_t per connection for DLMS over TCP/UDP, an HDLC station for
 * a serial line or for HDLC over TCP (the same byte callbacks; the loop does
 * not care what the bytes are). cosem_posix_link_send() plugs straight into
 * a link's send callback.
 *
 * Signal-safe shutdown: cosem_posix_catch_signals() makes SIGINT and SIGTERM
 * write to a self-pipe that the loop polls; cosem_posix_run() then returns.
 */
#ifndef COSEM_POSIX_H
#define COSEM_POSIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/socket.h>

#include <cosem/port.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef COSEM_POSIX_MAX_ENDPOINTS
/** @brief Listeners, connections, UDP sockets and serial lines of one loop. */
#define COSEM_POSIX_MAX_ENDPOINTS 64
#endif

#ifndef COSEM_POSIX_RX_BUF
/** @brief Read buffer: the largest UDP datagram accepted (a wrapper header
 *  plus a 65535-octet APDU) and the largest chunk read from a stream. */
#define COSEM_POSIX_RX_BUF (65535 + 8)
#endif

#ifndef COSEM_POSIX_MAX_RELAYS
/** @brief Relays of a ::cosem_posix_port_t. */
#define COSEM_POSIX_MAX_RELAYS 8
#endif

#ifndef COSEM_POSIX_MAX_NV
/** @brief Non-volatile counters of a ::cosem_posix_port_t. */
#define COSEM_POSIX_MAX_NV 32
#endif

/** @brief The DLMS/COSEM TCP and UDP port (IANA "dlms-cosem"). */
#define COSEM_POSIX_DEFAULT_PORT 4059

typedef struct cosem_posix_loop cosem_posix_loop_t;

/** @brief Callbacks of one endpoint (all optional). */
typedef struct cosem_posix_handlers {
    /** An endpoint is ready: a connection accepted or connected, a UDP
     *  socket or serial line opened. @p id identifies it until on_close. */
    void (*on_open)(void *user, cosem_posix_loop_t *loop, int id);
    /** Bytes arrived (a stream chunk, or exactly one UDP datagram); valid
     *  during the call. May call cosem_posix_send() and cosem_posix_close(). */
    void (*on_data)(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *data, size_t n);
    /** The endpoint is going away: ::COSEM_OK after cosem_posix_close(),
     *  ::COSEM_E_CLOSED when the peer closed, ::COSEM_E_IO on an error.
     *  The descriptor is closed right after the call. */
    void (*on_close)(void *user, cosem_posix_loop_t *loop, int id, cosem_status_t why);
    /** Passed to every callback. */
    void *user;
} cosem_posix_handlers_t;

/** @brief What a loop has seen (diagnostics and tests). */
typedef struct cosem_posix_stats {
    unsigned long accepted;      /**< TCP connections accepted and kept. */
    unsigned long rejected;      /**< Accepted and closed at once: over the
                                      listener's limit or no free endpoint. */
    unsigned long closed;        /**< Endpoints closed (any reason). */
    unsigned long rx_bytes;      /**< Octets delivered to on_data. */
    unsigned long tx_bytes;      /**< Octets written by cosem_posix_send(). */
    unsigned long dropped_datagrams; /**< UDP datagrams larger than the buffer. */
} cosem_posix_stats_t;

/** @brief One endpoint of a loop. All fields private. */
typedef struct cosem_posix_ep {
    int fd;                       /**< @private Descriptor, -1 when free. */
    uint8_t kind;                 /**< @private Endpoint kind. */
    uint8_t closing;              /**< @private Being closed. */
    uint8_t connected;            /**< @private UDP: connected to a fixed peer. */
    int parent;                   /**< @private Listener of an accepted connection, or -1. */
    unsigned max_conn;            /**< @private Listener: connection limit (0 = none). */
    unsigned conns;               /**< @private Listener: open connections. */
    cosem_posix_handlers_t h;     /**< @private Callbacks. */
    void *ctx;                    /**< @private Application context. */
    struct sockaddr_storage peer; /**< @private UDP: last sender. */
    socklen_t peer_len;           /**< @private Its length (0: none yet). */
} cosem_posix_ep_t;

/** @brief A poll() loop. All fields private. */
struct cosem_posix_loop {
    cosem_posix_ep_t ep[COSEM_POSIX_MAX_ENDPOINTS]; /**< @private Endpoints. */
    int sig_fd;                   /**< @private Read end of the signal pipe, -1. */
    int sig_wfd;                  /**< @private Its write end, -1. */
    volatile sig_atomic_t stop;   /**< @private Stop requested. */
    int last_signal;              /**< @private Last signal caught, 0 if none. */
    uint32_t send_timeout_ms;     /**< @private Longest wait for a full socket. */
    void (*tick)(void *user, cosem_posix_loop_t *loop, uint32_t now_ms); /**< @private Timer hook. */
    void *tick_user;              /**< @private Its argument. */
    uint32_t tick_period_ms;      /**< @private Its period. */
    uint32_t tick_last_ms;        /**< @private When it last ran. */
    cosem_posix_stats_t stats;    /**< @private Counters. */
    uint8_t rx[COSEM_POSIX_RX_BUF]; /**< @private Read buffer. */
};

/**
 * @brief Prepare a loop (no endpoints, send time-out 5 s).
 * @param loop Loop.
 */
void cosem_posix_loop_init(cosem_posix_loop_t *loop);

/**
 * @brief Close every endpoint (on_close with ::COSEM_OK) and the signal pipe.
 * @param loop Loop.
 */
void cosem_posix_loop_free(cosem_posix_loop_t *loop);

/**
 * @brief Listen for TCP connections.
 * @param loop     Loop.
 * @param addr     Numeric local address ("127.0.0.1", "::", ...); NULL for
 *                 every IPv4 address.
 * @param port     TCP port (::COSEM_POSIX_DEFAULT_PORT; 0 = any free port,
 *                 see cosem_posix_local_port()).
 * @param max_conn Simultaneous connections allowed (0 = as many as the loop
 *                 has endpoints). A connection over the limit is accepted and
 *                 closed at once and counted in ::cosem_posix_stats_t::rejected;
 *                 the others are not affected.
 * @param h        Handlers of the accepted connections (copied).
 * @param id       Output: the listener's id.
 * @return ::COSEM_OK, ::COSEM_E_ARG (bad address), ::COSEM_E_NOSPACE (no
 *         free endpoint) or ::COSEM_E_IO (socket, bind or listen failed).
 */
cosem_status_t cosem_posix_tcp_listen(cosem_posix_loop_t *loop, const char *addr, uint16_t port,
                                      unsigned max_conn, const cosem_posix_handlers_t *h, int *id);

/**
 * @brief Connect to a TCP server, waiting at most @p timeout_ms.
 * @param loop       Loop.
 * @param addr       Numeric address of the server.
 * @param port       Its port.
 * @param timeout_ms Longest wait for the connection.
 * @param h          Handlers (copied); on_open is called before returning.
 * @param id         Output: the connection's id.
 * @return ::COSEM_OK, ::COSEM_E_ARG, ::COSEM_E_NOSPACE, ::COSEM_E_TIMEOUT or
 *         ::COSEM_E_IO (refused, unreachable).
 */
cosem_status_t cosem_posix_tcp_connect(cosem_posix_loop_t *loop, const char *addr, uint16_t port,
                                       uint32_t timeout_ms, const cosem_posix_handlers_t *h,
                                       int *id);

/**
 * @brief Open a UDP socket: each datagram is one on_data call.
 *
 * cosem_posix_send() on it sends one datagram to @p remote_addr when given,
 * otherwise to the sender of the last datagram received (a meter answering
 * its head-end).
 * @param loop        Loop.
 * @param local_addr  Numeric local address, NULL for every IPv4 address.
 * @param local_port  Local port (0 = any free port).
 * @param remote_addr Numeric peer address or NULL.
 * @param remote_port Peer port (used with @p remote_addr).
 * @param h           Handlers (copied).
 * @param id          Output: the socket's id.
 * @return ::COSEM_OK, ::COSEM_E_ARG, ::COSEM_E_NOSPACE or ::COSEM_E_IO.
 */
cosem_status_t cosem_posix_udp_open(cosem_posix_loop_t *loop, const char *local_addr,
                                    uint16_t local_port, const char *remote_addr,
                                    uint16_t remote_port, const cosem_posix_handlers_t *h, int *id);

/** @brief Options of a serial line. */
typedef struct cosem_posix_serial_opts {
    /** Bits per second: 300, 600, 1200, 2400, 4800, 9600, 19200, 38400,
     *  57600, 115200 or 230400. Frames are always 8N1 (IEC 62056-46 mode E
     *  after the optical handshake, and the usual RS-485 setting). */
    unsigned baud;
    /** Ask the kernel driver to switch the RS-485 transceiver (RTS high
     *  while sending, Linux TIOCSRS485). Not needed with adapters that switch
     *  direction by themselves. */
    bool rs485;
} cosem_posix_serial_opts_t;

/**
 * @brief Put a terminal descriptor in raw 8N1 mode at a baud rate (no
 *        echo, no flow control, no line editing, reads return at once).
 * @param fd   Terminal.
 * @param baud A rate listed in ::cosem_posix_serial_opts_t.
 * @return ::COSEM_OK, ::COSEM_E_ARG (unsupported rate) or ::COSEM_E_IO.
 */
cosem_status_t cosem_posix_serial_configure(int fd, unsigned baud);

/**
 * @brief Open a serial line (for example "/dev/ttyUSB0") in raw 8N1 mode.
 * @param loop Loop.
 * @param path Device.
 * @param opts Options.
 * @param h    Handlers (copied); on_open is called before returning.
 * @param id   Output: the line's id.
 * @return ::COSEM_OK, ::COSEM_E_ARG, ::COSEM_E_NOSPACE, ::COSEM_E_IO, or
 *         ::COSEM_E_UNSUPPORTED when RS-485 mode was asked for and the driver
 *         refuses it.
 */
cosem_status_t cosem_posix_serial_open(cosem_posix_loop_t *loop, const char *path,
                                       const cosem_posix_serial_opts_t *opts,
                                       const cosem_posix_handlers_t *h, int *id);

/**
 * @brief Adopt an open byte-stream descriptor (a pseudo-terminal, a pipe,
 *        a socket made elsewhere). The loop makes it non-blocking and closes
 *        it with the endpoint.
 * @param loop Loop.
 * @param fd   Descriptor.
 * @param h    Handlers (copied); on_open is called before returning.
 * @param id   Output: the endpoint's id.
 * @return ::COSEM_OK, ::COSEM_E_ARG or ::COSEM_E_NOSPACE.
 */
cosem_status_t cosem_posix_add_fd(cosem_posix_loop_t *loop, int fd, const cosem_posix_handlers_t *h,
                                  int *id);

/**
 * @brief The local port of a listener or socket (after binding port 0).
 * @param loop Loop.
 * @param id   Endpoint.
 * @return The port, or 0 when @p id is not a bound socket.
 */
uint16_t cosem_posix_local_port(const cosem_posix_loop_t *loop, int id);

/**
 * @brief Write all @p n octets (one datagram on UDP).
 *
 * Waits for a full socket at most the send time-out in total.
 * @param loop Loop.
 * @param id   Endpoint.
 * @param data Octets.
 * @param n    Their count.
 * @return ::COSEM_OK; ::COSEM_E_ARG for an unknown id; ::COSEM_E_STATE for a
 *         UDP socket that has no peer yet; ::COSEM_E_TIMEOUT or ::COSEM_E_IO
 *         (the application usually closes the endpoint then).
 */
cosem_status_t cosem_posix_send(cosem_posix_loop_t *loop, int id, const uint8_t *data, size_t n);

/** @brief An endpoint as the `user` of a link's send callback. */
typedef struct cosem_posix_link {
    cosem_posix_loop_t *loop; /**< The loop. */
    int id;                   /**< The endpoint. */
} cosem_posix_link_t;

/**
 * @brief Send callback for a link context (wrapper, HDLC): @p link is a
 *        ::cosem_posix_link_t; calls cosem_posix_send().
 * @param link A ::cosem_posix_link_t.
 * @param data Octets.
 * @param n    Their count.
 * @return What cosem_posix_send() returns.
 */
cosem_status_t cosem_posix_link_send(void *link, const uint8_t *data, size_t n);

/**
 * @brief Close an endpoint: on_close(::COSEM_OK), then the descriptor. A
 *        listener's open connections stay open. Safe inside callbacks.
 * @param loop Loop.
 * @param id   Endpoint.
 * @return ::COSEM_OK or ::COSEM_E_ARG for an unknown id.
 */
cosem_status_t cosem_posix_close(cosem_posix_loop_t *loop, int id);

/**
 * @brief Attach an application pointer to an endpoint (say its wrapper
 *        context); it is cleared when the endpoint closes.
 * @param loop Loop.
 * @param id   Endpoint.
 * @param ctx  Pointer.
 */
void cosem_posix_set_ctx(cosem_posix_loop_t *loop, int id, void *ctx);

/**
 * @brief The pointer given to cosem_posix_set_ctx().
 * @param loop Loop.
 * @param id   Endpoint.
 * @return It, or NULL.
 */
void *cosem_posix_ctx(const cosem_posix_loop_t *loop, int id);

/**
 * @brief The listener that accepted connection @p id.
 * @param loop Loop.
 * @param id   Endpoint.
 * @return The listener's id, or -1 (not an accepted connection).
 */
int cosem_posix_parent(const cosem_posix_loop_t *loop, int id);

/**
 * @brief Call @p fn at least every @p period_ms with the monotonic time
 *        (run link timers there: cosem_wrapper_poll(), HDLC poll).
 * @param loop      Loop.
 * @param fn        Hook, or NULL to remove it.
 * @param user      Its first argument.
 * @param period_ms Period (0 = after every poll round, which then waits for
 *                  input as long as the caller's time-out allows).
 */
void cosem_posix_set_tick(cosem_posix_loop_t *loop,
                          void (*fn)(void *user, cosem_posix_loop_t *loop, uint32_t now_ms),
                          void *user, uint32_t period_ms);

/**
 * @brief Longest time cosem_posix_send() waits for a full socket.
 * @param loop Loop.
 * @param ms   Milliseconds.
 */
void cosem_posix_set_send_timeout(cosem_posix_loop_t *loop, uint32_t ms);

/**
 * @brief One poll() round: wait at most @p timeout_ms for input, dispatch
 *        it, run the tick hook when due.
 * @param loop       Loop.
 * @param timeout_ms Longest wait (0 = do not wait; negative = until input
 *                   or the next tick).
 * @return ::COSEM_OK; ::COSEM_E_CLOSED when a stop was requested (a caught
 *         signal or cosem_posix_stop()): reported once, the request is then
 *         consumed; ::COSEM_E_IO when poll() fails.
 */
cosem_status_t cosem_posix_step(cosem_posix_loop_t *loop, int timeout_ms);

/**
 * @brief Run poll rounds until a stop is requested (returns at once when
 *        one is pending; the request is consumed, a later call runs again).
 * @param loop Loop.
 * @return ::COSEM_OK after a stop; ::COSEM_E_IO when poll() fails.
 */
cosem_status_t cosem_posix_run(cosem_posix_loop_t *loop);

/**
 * @brief Ask the loop to return (from a callback or the tick hook).
 * @param loop Loop.
 */
void cosem_posix_stop(cosem_posix_loop_t *loop);

/**
 * @brief Make SIGINT and SIGTERM stop this loop: the handler only writes
 *        the signal number to a self-pipe (async-signal-safe); the loop sees
 *        it in poll() and returns. One loop per process catches signals; a
 *        later call moves them to that loop.
 * @param loop Loop.
 * @return ::COSEM_OK or ::COSEM_E_IO.
 */
cosem_status_t cosem_posix_catch_signals(cosem_posix_loop_t *loop);

/**
 * @brief The last signal that stopped the loop.
 * @param loop Loop.
 * @return SIGINT, SIGTERM, or 0.
 */
int cosem_posix_last_signal(const cosem_posix_loop_t *loop);

/**
 * @brief Counters of the loop.
 * @param loop Loop.
 * @return The counters.
 */
const cosem_posix_stats_t *cosem_posix_stats(const cosem_posix_loop_t *loop);

/**
 * @brief Monotonic milliseconds (CLOCK_MONOTONIC), wrapping at 2^32.
 * @return Milliseconds.
 */
uint32_t cosem_posix_now_ms(void);

/* ---- the platform port ---------------------------------------------- */

/** @brief State of the POSIX platform port. All fields private. */
typedef struct cosem_posix_port {
    char path[512];               /**< @private State file ("" = none). */
    int64_t clock_offset_ms;      /**< @private Simulated clock setting. */
    unsigned relay_count;         /**< @private Relays offered. */
    bool relay[COSEM_POSIX_MAX_RELAYS]; /**< @private Relay states. */
    size_t nv_count;              /**< @private Counters used. */
    struct {
        uint32_t id;              /**< @private Counter id. */
        uint64_t value;           /**< @private Its value. */
    } nv[COSEM_POSIX_MAX_NV];     /**< @private Counters. */
    cosem_log_level_t log_level;  /**< @private Most verbose level printed. */
} cosem_posix_port_t;

/**
 * @brief Prepare the POSIX port and fill @p port with its functions.
 *
 * - now_ms: CLOCK_MONOTONIC.
 * - time_get: the system clock plus the simulated offset, as local time of
 *   the process's zone (TZ) with its deviation and the DST status bit.
 * - time_set: changes only the offset kept in the port (and the state file);
 *   the host's clock is never touched.
 * - random: getrandom() (/dev/urandom where it is missing).
 * - relay_set/get: @p relay_count relays, kept in the state file.
 * - nv_load/store: up to ::COSEM_POSIX_MAX_NV counters in the state file.
 * - log: standard error, up to ::COSEM_LOG_INFO (cosem_posix_port_log_level()).
 *
 * The state file is a short text file rewritten atomically on every change
 * (a temporary file in the same directory, fsync, rename), so a crash
 * leaves either the old or the new state. A missing file is an empty state.
 * @param pp          Port state.
 * @param port        Output: the port struct (user = @p pp).
 * @param state_path  State file, or NULL to keep everything in memory.
 * @param relay_count Relays offered, 0..::COSEM_POSIX_MAX_RELAYS.
 * @return ::COSEM_OK; ::COSEM_E_ARG; ::COSEM_E_MALFORMED when the state file
 *         cannot be parsed; ::COSEM_E_IO when it cannot be read.
 */
cosem_status_t cosem_posix_port_init(cosem_posix_port_t *pp, cosem_port_t *port,
                                     const char *state_path, unsigned relay_count);

/**
 * @brief Set the most verbose level the port's log prints.
 * @param pp    Port state.
 * @param level Level.
 */
void cosem_posix_port_log_level(cosem_posix_port_t *pp, cosem_log_level_t level);

#ifdef __cplusplus
}
#endif

#endif /* COSEM_POSIX_H */
