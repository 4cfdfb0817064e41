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
 *
 * Installed as `cosem_posix.h` with the library `libcosem_posix` (static and
 * shared), CMake targets `cosem::posix` / `cosem::posix_shared`, pkg-config
 * `cosem-posix`.
 *
 * @defgroup posix POSIX port
 * @brief poll() loop, TCP/UDP/serial endpoints, the system port, the server
 *        glue (wrapper and HDLC) and the blocking client, for Linux and
 *        other POSIX systems (library `cosem_posix`).
 * @{
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

#ifndef COSEM_POSIX_TX_QUEUE
/** @brief Transmit queue of each stream endpoint: what the socket did not
 *  take at once waits here while the loop goes on; a connection accepted
 *  from a peer that lets it overflow, or does not drain it within the send
 *  time-out, is closed (a client that never reads cannot stall the loop). */
#define COSEM_POSIX_TX_QUEUE 4096
#endif

#ifndef COSEM_POSIX_HOT_MS
/** @brief The hot-connection slice, in milliseconds (0 turns it off).
 *
 *  When the last poll() found exactly one thing to do, bytes on the only
 *  TCP connection accepted by the loop, and the loop has no endpoint but
 *  that one and listeners (no UDP socket, serial line, outgoing connection
 *  or adopted descriptor), the next steps wait for that
 *  connection alone in a blocking receive, bounded by this time-out, and
 *  skip poll(): a request then costs one receive and one send, the system
 *  calls of an echo server. The loop goes back to poll() when the receive
 *  times out, a signal arrives, a send had to queue, or the slice has
 *  passed since the last poll() (so another connection or a listener waits
 *  at most about this long to be seen). The tick runs after each step, as
 *  before, so when the hot connection falls quiet it may run up to this
 *  much late. */
#define COSEM_POSIX_HOT_MS 10
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

/** @brief A poll() loop (see struct cosem_posix_loop). */
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
    unsigned long hot_reads;     /**< Reads made without poll() on the hot
                                      connection (::COSEM_POSIX_HOT_MS). */
} cosem_posix_stats_t;

/** @brief One endpoint of a loop. All fields private. */
typedef struct cosem_posix_ep {
    int fd;                       /**< @private Descriptor, -1 when free. */
    uint8_t kind;                 /**< @private Endpoint kind. */
    uint8_t closing;              /**< @private Being closed. */
    uint8_t connected;            /**< @private UDP: connected to a fixed peer. */
    uint8_t blocking;             /**< @private Accepted TCP left blocking: every call but
                                       the hot receive passes MSG_DONTWAIT. */
    int parent;                   /**< @private Listener of an accepted connection, or -1. */
    unsigned max_conn;            /**< @private Listener: connection limit (0 = none). */
    unsigned conns;               /**< @private Listener: open connections. */
    cosem_posix_handlers_t h;     /**< @private Callbacks. */
    void *ctx;                    /**< @private Application context. */
    struct sockaddr_storage peer; /**< @private UDP: last sender. */
    socklen_t peer_len;           /**< @private Its length (0: none yet). */
    size_t txq_head;              /**< @private Streams: first queued octet. */
    size_t txq_len;               /**< @private Streams: octets queued. */
    uint32_t txq_since;           /**< @private Last progress of a non-empty queue. */
    uint8_t txq[COSEM_POSIX_TX_QUEUE]; /**< @private Streams: transmit queue. */
} cosem_posix_ep_t;

/** @brief A poll() loop. All fields private. */
struct cosem_posix_loop {
    cosem_posix_ep_t ep[COSEM_POSIX_MAX_ENDPOINTS]; /**< @private Endpoints. */
    int ep_top;                   /**< @private One past the highest endpoint in use. */
    int sig_fd;                   /**< @private Read end of the signal pipe, -1. */
    int sig_wfd;                  /**< @private Its write end, -1. */
    volatile sig_atomic_t stop;   /**< @private Stop requested. */
    int last_signal;              /**< @private Last signal caught, 0 if none. */
    uint32_t send_timeout_ms;     /**< @private Longest wait for a full socket. */
    void (*tick)(void *user, cosem_posix_loop_t *loop, uint32_t now_ms); /**< @private Timer hook. */
    void *tick_user;              /**< @private Its argument. */
    uint32_t tick_period_ms;      /**< @private Its period. */
    uint32_t tick_last_ms;        /**< @private When it last ran. */
    int hot;                      /**< @private Hot connection + 1, 0 when none. */
    uint32_t poll_ms;             /**< @private When poll() last returned. */
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
 * @return ::COSEM_OK, ::COSEM_E_ARG (@p id NULL, or @p addr not a numeric
 *         address), ::COSEM_E_NOSPACE (no free endpoint) or ::COSEM_E_IO
 *         (socket, bind or listen failed).
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
 * @return ::COSEM_OK, ::COSEM_E_ARG (@p addr or @p id NULL, or @p addr not
 *         a numeric address), ::COSEM_E_NOSPACE, ::COSEM_E_TIMEOUT or
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
 * @return ::COSEM_OK, ::COSEM_E_ARG (@p id NULL, or an address that is not
 *         numeric), ::COSEM_E_NOSPACE or ::COSEM_E_IO.
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
 * @brief Change a serial line's rate and framing once what was written has
 *        left (tcdrain semantics, nothing received is discarded): the
 *        IEC 62056-21 mode E switch.
 * @param fd      Terminal (already raw, cosem_posix_serial_configure()).
 * @param baud    A rate listed in ::cosem_posix_serial_opts_t.
 * @param iec_7e1 true: 7 data bits, even parity (the 300 Bd opening);
 *                false: 8N1 (HDLC).
 * @return ::COSEM_OK, ::COSEM_E_ARG (unsupported rate) or ::COSEM_E_IO (not
 *         a terminal).
 */
cosem_status_t cosem_posix_serial_speed(int fd, unsigned baud, bool iec_7e1);

/**
 * @brief Open a serial line (for example "/dev/ttyUSB0") in raw 8N1 mode.
 * @param loop Loop.
 * @param path Device.
 * @param opts Options.
 * @param h    Handlers (copied); on_open is called before returning.
 * @param id   Output: the line's id.
 * @return ::COSEM_OK, ::COSEM_E_ARG (@p path, @p opts or @p id NULL, or a
 *         baud rate not listed in ::cosem_posix_serial_opts_t),
 *         ::COSEM_E_NOSPACE, ::COSEM_E_IO, or
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
 * @return ::COSEM_OK, ::COSEM_E_ARG (@p fd negative or not a descriptor
 *         that can be made non-blocking, or @p id NULL) or ::COSEM_E_NOSPACE.
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
 * @return ::COSEM_OK; ::COSEM_E_ARG for an unknown id, a listener, or
 *         @p data NULL with @p n > 0; ::COSEM_E_STATE for a
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
 * @brief The pointer given to cosem_posix_set_ctx(); also readable inside
 *        the endpoint's on_close handler.
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
 * @return ::COSEM_OK; ::COSEM_E_ARG (@p pp or @p port NULL, @p relay_count
 *         over ::COSEM_POSIX_MAX_RELAYS, or @p state_path of 512 octets or
 *         more); ::COSEM_E_MALFORMED when the state file
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

/* ===================================================================== */
/* ---- BEGIN server glue (ports/posix/posix_server.c) ------------------ */
/* Serve one cosem_server_t (a logical device) on the loop over the wrapper
 * (TCP), HDLC over TCP and HDLC on serial lines. Needs COSEM_WITH_SERVER,
 * COSEM_WITH_HDLC and COSEM_WITH_WRAPPER in the library build. */

#include <cosem/hdlc.h>
#include <cosem/mode_e.h>
#include <cosem/server.h>
#include <cosem/wrapper.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Larger of two sizes (for the slot size macro). */
#define COSEM_POSIX_MAX_SIZE(a, b) ((a) > (b) ? (a) : (b))

/**
 * @brief Octets of connection memory one slot needs: the larger of the
 *        wrapper and HDLC link buffers plus the association work buffer
 *        (@p max_apdu + 32).
 * @param max_apdu Largest APDU either way (the server's max PDU).
 * @param max_info Largest HDLC information field (128 for a deployed meter).
 */
#define COSEM_POSIX_SERVER_SLOT_SIZE(max_apdu, max_info)                                   \
    (COSEM_POSIX_MAX_SIZE(COSEM_WRAPPER_BUF_SIZE(max_apdu),                                \
                          COSEM_HDLC_BUF_SIZE_SHARED(max_info, max_apdu)) +                \
     (size_t)(max_apdu) + 32u)

/** @brief Link of a connection slot. */
typedef enum cosem_posix_server_link {
    COSEM_POSIX_SERVER_FREE = 0,    /**< Slot unused. */
    COSEM_POSIX_SERVER_WRAPPER = 1, /**< Wrapper over a TCP connection. */
    COSEM_POSIX_SERVER_HDLC = 2     /**< HDLC secondary over TCP, a serial line or a descriptor. */
} cosem_posix_server_link_t;

/** @brief One connection: a link context, an association and their buffers.
 *  The application provides an array of them; all fields are private. */
typedef struct cosem_posix_server_conn {
    struct cosem_posix_server *srv; /**< @private Owner. */
    cosem_posix_link_t link;        /**< @private Endpoint (loop, id; id -1 when free). */
    uint8_t kind;                   /**< @private ::cosem_posix_server_link_t. */
    bool tcp;                       /**< @private Endpoint is a TCP connection. */
    bool counted;                   /**< @private Counts against max_connections. */
    bool opened;                    /**< @private cosem_assoc_open() done. */
    bool tx_failed;                 /**< @private HDLC: a send failed, close the connection. */
    uint16_t client_sap;            /**< @private Client SAP of the open association. */
    uint8_t addr_len;               /**< @private HDLC: address form the station uses. */
    uint32_t last_rx_ms;            /**< @private Opened, or HDLC last connected (idle time). */
    uint32_t open_ms;               /**< @private When the connection opened. */
    bool associated;                /**< @private Has been associated at least once. */
    union {
        cosem_wrapper_t w;          /**< @private Wrapper context. */
        cosem_hdlc_t h;             /**< @private HDLC station. */
    } l;                            /**< @private The link. */
    cosem_assoc_t assoc;            /**< @private The association. */
#if COSEM_WITH_MODE_E
    bool mode_e;                    /**< @private Serial line: opening with mode E. */
    bool in_opening;                /**< @private Mode E: not (yet) in HDLC. */
    cosem_mode_e_server_t me;       /**< @private Mode E meter side. */
#endif
    uint8_t *link_buf;              /**< @private Link buffer (in the slot memory). */
    size_t link_len;                /**< @private Its size. */
    uint8_t *assoc_buf;             /**< @private Association work buffer. */
    size_t assoc_len;               /**< @private Its size. */
} cosem_posix_server_conn_t;

/** @brief Configuration of the glue (copied by cosem_posix_server_init()). */
typedef struct cosem_posix_server_config {
    cosem_server_t *server;          /**< The logical device (initialised). */
    /** Its wrapper wPort (1: management logical device); 0 for a server
     *  without the wrapper (HDLC only). */
    uint16_t wport;
    /** Its HDLC address (upper: logical device, lower: physical address);
     *  all zero (len 0) for a server without HDLC (wrapper only).
     *  Frames addressed with the 1-, 2- or 4-octet form of the same
     *  address are all accepted: the station takes the form of the first
     *  frame of each connection. */
    cosem_hdlc_addr_t hdlc_addr;
    cosem_hdlc_params_t hdlc_params; /**< HDLC parameters offered (0: 128 / 1). */
    uint16_t max_apdu;               /**< Largest APDU either way (>= 64; slots are sized for it). */
    uint32_t inactivity_timeout_ms;  /**< Link dropped after this long without input; 0 never. */
    uint32_t inter_frame_timeout_ms; /**< HDLC partial frame / wrapper partial frame limit; 0 never. */
    /** Simultaneous link connections over every endpoint (0: one per slot).
     *  TCP connections over it are accepted and closed at once; an HDLC
     *  connection (SNRM) on a serial line over it is dropped right after
     *  its UA, so the client's next frame is answered with DM. */
    unsigned max_connections;
    /** A TCP connection not associated this long after it opened is closed
     *  (a client holding a slot with keep-alives); 0 never. */
    uint32_t associate_timeout_ms;
    /** IEC 62056-21 mode E on serial lines and adopted descriptors (NULL:
     *  none, HDLC at the line's rate from the first octet). With it a line
     *  starts at 300 Bd 7E1, answers the sign-on with the identification,
     *  confirms the client's acknowledgement, switches to 8N1 at the rate
     *  agreed (at most max_baud) and serves HDLC; it goes back to 300 Bd
     *  7E1 when the HDLC connection ends or, never connected, after
     *  inactivity_timeout_ms. A client that sends an HDLC frame instead of
     *  a sign-on is served in HDLC 8N1 at 300 Bd. Needs COSEM_WITH_MODE_E;
     *  the strings must outlive the glue. */
    const cosem_mode_e_server_config_t *mode_e;
    /** Optional (NULL: none) secondary station that holds the HDLC
     *  configuration, typically the one an IEC HDLC setup object (class 23,
     *  cosem_iec_hdlc_setup_t) configures: every HDLC connection then takes
     *  its parameters offered (window sizes, information lengths), its
     *  inactivity and inter-frame time-outs and its physical address (2- and
     *  4-octet forms) from this station when the connection opens and again
     *  before each SNRM while disconnected, so that what a client SETs is
     *  what the next connection negotiates. It only holds configuration
     *  (never fed or polled; its send callback is never called).
     *  @c hdlc_params still sizes the slots: its information lengths must be
     *  at least the largest the station accepts. */
    const cosem_hdlc_t *hdlc_station;
    /** General-block-transfer blocks sent per acknowledgement of the client
     *  on wrapper connections (cosem_assoc_set_gbt_window(); 0 or 1: one,
     *  at most 63), sent back to back. HDLC connections send one. */
    uint8_t gbt_window;
} cosem_posix_server_config_t;

/** @brief Counters of the glue (diagnostics and tests). */
typedef struct cosem_posix_server_stats {
    unsigned long connections;   /**< Link connections accepted. */
    unsigned long refused;       /**< Connections refused by the limit (TCP closed, HDLC dropped);
                                      a listener's own limit also counts in ::cosem_posix_stats_t. */
    unsigned long apdus;         /**< APDUs handed to the server. */
    unsigned long responses;     /**< Responses sent. */
    unsigned long dropped;       /**< Responses that could not be sent (link busy or failed). */
    unsigned long unknown_sap;   /**< Connections closed for a client SAP without configuration. */
    unsigned long ui_refused;    /**< HDLC UI APDUs not run: no pre-established association
                                      for their source, or not an unconfirmed service. */
} cosem_posix_server_stats_t;

/** @brief Work memory of the association that serves HDLC UI frames. */
#define COSEM_POSIX_SERVER_UI_BUF 256u

/** @brief The glue. All fields private. */
typedef struct cosem_posix_server {
    cosem_posix_server_config_t cfg;    /**< @private */
    cosem_posix_loop_t *loop;           /**< @private */
    cosem_posix_server_conn_t *conns;   /**< @private Slots. */
    size_t conn_count;                  /**< @private Their number. */
    uint8_t *mem;                       /**< @private Slot memory. */
    size_t slot_size;                   /**< @private Octets per slot. */
    unsigned active;                    /**< @private Connections counted against the limit. */
    cosem_posix_server_stats_t stats;   /**< @private */
    cosem_assoc_t ui;                   /**< @private Association of a UI frame's source. */
    uint8_t ui_buf[2u * COSEM_POSIX_SERVER_UI_BUF]; /**< @private Its work buffer, scratch. */
} cosem_posix_server_t;

/**
 * @brief Prepare the glue.
 * @param ps    Glue.
 * @param cfg   Configuration (copied).
 * @param loop  The loop it runs on.
 * @param conns Connection slots: one per simultaneous TCP connection, plus
 *              one per serial line or adopted descriptor.
 * @param count Their number.
 * @param mem   Slot memory, at least @p count *
 *              COSEM_POSIX_SERVER_SLOT_SIZE(max_apdu, max info) octets.
 * @param len   Its size.
 * @return ::COSEM_OK; ::COSEM_E_NOSPACE when @p mem is too small;
 *         ::COSEM_E_ARG, logged through the server's port (standard error
 *         when it has no log) with the argument at fault, when @p ps,
 *         @p cfg, @p loop, cfg->server, @p conns or @p mem is NULL,
 *         @p count is 0, cfg->max_apdu is below 64, neither link is
 *         configured (cfg->wport 0 and cfg->hdlc_addr zero), or
 *         cfg->hdlc_addr is set but not a valid address
 *         (cosem_hdlc_addr_valid()).
 */
cosem_status_t cosem_posix_server_init(cosem_posix_server_t *ps,
                                       const cosem_posix_server_config_t *cfg,
                                       cosem_posix_loop_t *loop, cosem_posix_server_conn_t *conns,
                                       size_t count, uint8_t *mem, size_t len);

/**
 * @brief Listen for TCP connections that carry the wrapper or HDLC.
 * @param ps   Glue.
 * @param link ::COSEM_POSIX_SERVER_WRAPPER or ::COSEM_POSIX_SERVER_HDLC.
 * @param addr Numeric local address (NULL: every IPv4 address).
 * @param port TCP port (0: any free port, see cosem_posix_local_port()).
 * @param id   Output: the listener's id.
 * @return What cosem_posix_tcp_listen() returns; ::COSEM_E_ARG (logged)
 *         when @p ps or @p id is NULL, @p link is neither link, or @p link
 *         is not configured (wrapper with cfg->wport 0, HDLC without
 *         cfg->hdlc_addr).
 */
cosem_status_t cosem_posix_server_listen(cosem_posix_server_t *ps, cosem_posix_server_link_t link,
                                         const char *addr, uint16_t port, int *id);

/**
 * @brief Serve HDLC on a serial line (takes a slot for as long as it is open).
 * @param ps   Glue.
 * @param path Device.
 * @param opts Line options.
 * @param id   Output: the line's id.
 * @return What cosem_posix_serial_open() returns; ::COSEM_E_NOSPACE without a
 *         free slot; ::COSEM_E_ARG (logged) when @p ps or @p id is NULL or
 *         the glue has no HDLC address.
 */
cosem_status_t cosem_posix_server_serial(cosem_posix_server_t *ps, const char *path,
                                         const cosem_posix_serial_opts_t *opts, int *id);

/**
 * @brief Serve HDLC on an open byte-stream descriptor (a pseudo-terminal in
 *        tests); like cosem_posix_server_serial().
 * @param ps Glue. @param fd Descriptor (the loop closes it). @param id Output.
 * @return What cosem_posix_add_fd() returns; ::COSEM_E_NOSPACE without a free
 *         slot; ::COSEM_E_ARG (logged) when @p ps or @p id is NULL or the glue
 *         has no HDLC address.
 */
cosem_status_t cosem_posix_server_adopt(cosem_posix_server_t *ps, int fd, int *id);

/**
 * @brief Run the links' timers (HDLC inactivity and inter-frame, wrapper
 *        time-outs, idle TCP connections). Call it from the loop's tick hook,
 *        every 100 ms or so.
 * @param ps     Glue.
 * @param now_ms Monotonic milliseconds.
 */
void cosem_posix_server_poll(cosem_posix_server_t *ps, uint32_t now_ms);

/**
 * @brief Send one APDU (a push: data- or event-notification) in an HDLC UI
 *        frame to client address @p client on every HDLC link of the glue
 *        (serial lines and HDLC over TCP, connected or not; a line still in
 *        its mode E opening is skipped): cosem_hdlc_send_ui().
 * @param ps     Glue.
 * @param client Client HDLC address (1..0x7F; 0x7F all stations).
 * @param apdu   The APDU; with the LLC header it must fit one frame.
 * @param n      Its length.
 * @return ::COSEM_OK when sent on at least one link; ::COSEM_E_STATE with
 *         no HDLC link; ::COSEM_E_NOSPACE when too long for one frame;
 *         ::COSEM_E_ARG.
 */
cosem_status_t cosem_posix_server_send_ui(cosem_posix_server_t *ps, uint8_t client,
                                          const uint8_t *apdu, size_t n);

/**
 * @brief Connections counted against the limit now.
 * @param ps Glue.
 * @return Their number.
 */
unsigned cosem_posix_server_active(const cosem_posix_server_t *ps);

/**
 * @brief Counters.
 * @param ps Glue.
 * @return The counters.
 */
const cosem_posix_server_stats_t *cosem_posix_server_stats(const cosem_posix_server_t *ps);

#ifdef __cplusplus
}
#endif
/* ---- END server glue -------------------------------------------------- */

/* ---- BEGIN blocking client (ports/posix/posix_client.c) --------------- */
/* A blocking convenience on top of the non-blocking session of client.h and
 * the loop above: open a session over TCP (wrapper or HDLC) or a serial line
 * (HDLC), then run each operation to its end. Several blocking clients may
 * share one loop (each call runs the loop, so the others progress too).
 * Needs COSEM_WITH_CLIENT in the library build. */

#include <cosem/client.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Where a blocking client connects. */
typedef struct cosem_posix_client_opts {
    /** Numeric server address for TCP ("127.0.0.1", "::1"); NULL for serial. */
    const char *host;
    /** TCP port; 0 = ::COSEM_POSIX_DEFAULT_PORT. */
    uint16_t port;
    /** Serial device (HDLC only), used when @c host is NULL. */
    const char *device;
    /** Serial options (baud 0 = 9600). */
    cosem_posix_serial_opts_t serial;
    /** Longest wait for the TCP connection; 0 = 5000 ms. */
    uint32_t connect_timeout_ms;
    /** Optional: called with every chunk sent (@p sent true) and received
     *  (false), for --trace output. */
    void (*trace)(void *user, bool sent, const uint8_t *data, size_t n);
    void *trace_user; /**< Passed to @c trace. */
    /** Optional: cosem_posix_now_ms() by which cosem_posix_client_open()
     *  must have associated (TCP connect, SNRM/UA and AARQ/AARE together);
     *  0 = no limit beyond the time-outs of each step. When it passes, the
     *  endpoint is closed and the open fails (layer LINK, ::COSEM_E_CLOSED). */
    uint32_t open_deadline_ms;
    /** Serial line: open with IEC 62056-21 mode E (needs COSEM_WITH_MODE_E):
     *  sign-on at 300 Bd 7E1, read the identification, acknowledge with the
     *  meter's highest rate capped by serial.baud (0: no cap), wait up to
     *  1.5 s for the confirmation, switch to 8N1 at that rate, then HDLC. */
    bool mode_e;
    /** Device address of the sign-on (NULL: "/?!", any meter). */
    const char *mode_e_address;
} cosem_posix_client_opts_t;

/** @brief A blocking client: a session and its endpoint. Fields private. */
typedef struct cosem_posix_client {
    cosem_client_t client;             /**< @private The session. */
    cosem_posix_loop_t *loop;          /**< @private The loop. */
    int id;                            /**< @private Endpoint, -1 when closed. */
    cosem_posix_client_opts_t opts;    /**< @private Copy of the options. */
    cosem_status_t io_status;          /**< @private Transport error seen. */
#if COSEM_WITH_MODE_E
    bool opening;                      /**< @private Mode E: reading lines. */
    cosem_mode_e_line_t line;          /**< @private Line being received. */
    uint8_t got[COSEM_MODE_E_LINE_MAX]; /**< @private Last complete line. */
    size_t got_len;                    /**< @private Its length (0: none). */
    cosem_mode_e_ident_t ident;        /**< @private The meter's identification. */
#endif
} cosem_posix_client_t;

/**
 * @brief Open the transport, prepare the session and connect (HDLC SNRM/UA
 *        when cfg->link is HDLC, then AARQ/AARE), waiting until associated.
 *
 * cfg->send is replaced (the session sends on the endpoint); the other
 * fields are used as given. A zero cfg->response_timeout_ms becomes 5000.
 * On failure the endpoint is closed again.
 * @param pc   Blocking client (any memory).
 * @param loop A prepared loop (cosem_posix_loop_init()), shared or not.
 * @param opts Where to connect.
 * @param cfg  Session configuration (link WRAPPER or HDLC).
 * @param buf  Session buffer, at least cosem_client_buf_size(cfg).
 * @param len  Its size.
 * @return ::COSEM_OK when associated; ::COSEM_E_ARG when @p pc, @p loop,
 *         @p opts or @p cfg is NULL, or neither opts->host nor opts->device
 *         is given; the transport error (::COSEM_E_IO, ::COSEM_E_TIMEOUT,
 *         ::COSEM_E_ARG from cosem_posix_tcp_connect() or
 *         cosem_posix_serial_open()); or the status of the failed
 *         connect (details in cosem_posix_client_error()).
 */
cosem_status_t cosem_posix_client_open(cosem_posix_client_t *pc, cosem_posix_loop_t *loop,
                                       const cosem_posix_client_opts_t *opts,
                                       const cosem_client_config_t *cfg, uint8_t *buf,
                                       size_t len);

/**
 * @brief The identification a meter sent in the mode E opening.
 * @param pc Blocking client opened with cosem_posix_client_opts_t::mode_e.
 * @return The parsed line; NULL when the client did not open with mode E
 *         (or the library has no COSEM_WITH_MODE_E).
 */
const cosem_mode_e_ident_t *cosem_posix_client_mode_e_ident(const cosem_posix_client_t *pc);

/**
 * @brief Blocking cosem_client_get().
 * @param pc Blocking client. @param ref Attribute. @param sel Selective access or NULL.
 * @param fn Receives the value (element by element for arrays). @param user Its argument.
 * @return The operation's status (details in cosem_posix_client_error()).
 */
cosem_status_t cosem_posix_client_get(cosem_posix_client_t *pc, const cosem_attr_ref_t *ref,
                                      const cosem_selection_t *sel, cosem_client_data_fn fn,
                                      void *user);
/**
 * @brief Blocking cosem_client_get_list().
 * @param pc Blocking client. @param refs Attributes. @param sels Selective
 *        accesses (NULL: none). @param n Their number.
 * @param fn Receives the values. @param user Its argument.
 * @return The operation's status.
 */
cosem_status_t cosem_posix_client_get_list(cosem_posix_client_t *pc, const cosem_attr_ref_t *refs,
                                           const cosem_selection_t *sels, size_t n,
                                           cosem_client_data_fn fn, void *user);
/**
 * @brief Blocking cosem_client_set().
 * @param pc Blocking client. @param ref Attribute. @param sel Selective access or NULL.
 * @param value The encoded Data. @param len Its length.
 * @return The operation's status.
 */
cosem_status_t cosem_posix_client_set(cosem_posix_client_t *pc, const cosem_attr_ref_t *ref,
                                      const cosem_selection_t *sel, const uint8_t *value,
                                      size_t len);
/**
 * @brief Blocking cosem_client_set_list().
 * @param pc Blocking client. @param refs Attributes. @param sels Selective
 *        accesses (NULL: none). @param n Their number.
 * @param values The encoded Data values, one after the other. @param values_len Their length.
 * @param fn Receives the result of each. @param user Its argument.
 * @return The operation's status.
 */
cosem_status_t cosem_posix_client_set_list(cosem_posix_client_t *pc, const cosem_attr_ref_t *refs,
                                           const cosem_selection_t *sels, size_t n,
                                           const uint8_t *values, size_t values_len,
                                           cosem_client_data_fn fn, void *user);
/**
 * @brief Blocking cosem_client_action().
 * @param pc Blocking client. @param ref Method. @param params Encoded parameters
 *        (NULL: none). @param len Their length.
 * @param fn Receives the return parameters. @param user Its argument.
 * @return The operation's status.
 */
cosem_status_t cosem_posix_client_action(cosem_posix_client_t *pc, const cosem_attr_ref_t *ref,
                                         const uint8_t *params, size_t len,
                                         cosem_client_data_fn fn, void *user);
#if COSEM_WITH_SN
/**
 * @brief Blocking cosem_client_read() (short names).
 * @param pc Blocking client. @param spec Variable (name or parameterized).
 * @param fn Receives the value. @param user Its argument.
 * @return The operation's status.
 */
cosem_status_t cosem_posix_client_read(cosem_posix_client_t *pc, const cosem_sn_spec_t *spec,
                                       cosem_client_data_fn fn, void *user);
/**
 * @brief Blocking cosem_client_write() (short names).
 * @param pc Blocking client. @param name Short name. @param value One Data.
 * @param len Its length.
 * @return The operation's status.
 */
cosem_status_t cosem_posix_client_write(cosem_posix_client_t *pc, uint16_t name,
                                        const uint8_t *value, size_t len);
#endif
/**
 * @brief Blocking cosem_client_object_list().
 * @param pc Blocking client. @param fn Receives each object. @param user Its argument.
 * @return The operation's status.
 */
cosem_status_t cosem_posix_client_object_list(cosem_posix_client_t *pc,
                                              cosem_client_object_fn fn, void *user);

/**
 * @brief Release the association (when associated), disconnect the link
 *        (HDLC DISC) and close the endpoint. Safe to call after a failure
 *        and more than once.
 * @param pc Blocking client.
 * @return Status of the release (::COSEM_OK when there was nothing to
 *         release); the endpoint is closed in every case. ::COSEM_E_ARG
 *         when @p pc is NULL or was never opened.
 */
cosem_status_t cosem_posix_client_close(cosem_posix_client_t *pc);

/**
 * @brief Outcome of the last operation (layer, AARE diagnostic,
 *        exception, data-access-result).
 * @param pc Blocking client.
 * @return Pointer into the session.
 */
const cosem_client_error_t *cosem_posix_client_error(const cosem_posix_client_t *pc);

/**
 * @brief The session inside (for cosem_client_info() and the non-blocking
 *        calls).
 * @param pc Blocking client.
 * @return The session.
 */
cosem_client_t *cosem_posix_client_session(cosem_posix_client_t *pc);

#ifdef __cplusplus
}
#endif
/* ---- END blocking client ---------------------------------------------- */

/** @} */
#endif /* COSEM_POSIX_H */
