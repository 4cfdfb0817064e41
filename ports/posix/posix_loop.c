/* SPDX-License-Identifier: Apache-2.0 */
/* POSIX port: a poll() loop over TCP listeners and connections, UDP
 * sockets, serial lines and adopted descriptors, with a self-pipe for
 * signal-safe shutdown. Moves bytes only; the link layers sit in the
 * application's callbacks. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cosem_posix.h"
#include "posix_internal.h"

/* Write end of the pipe of the loop that catches signals (the only state a
 * signal handler can reach). */
static volatile sig_atomic_t g_sig_wfd = -1;
/* Set by the handler, cleared when the pipe is drained: the hot receive is
 * not started while a signal waits in the pipe. */
static volatile sig_atomic_t g_sig_pending = 0;

/* Monotonic milliseconds, wrapping at 2^32. */
uint32_t cosem_posix_now_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

/* Empties the loop; every endpoint free. */
void cosem_posix_loop_init(cosem_posix_loop_t *loop)
{
    int i;
    memset(loop, 0, offsetof(cosem_posix_loop_t, rx));
    for (i = 0; i < COSEM_POSIX_MAX_ENDPOINTS; i++) {
        loop->ep[i].fd = -1;
        loop->ep[i].parent = -1;
    }
    loop->sig_fd = -1;
    loop->sig_wfd = -1;
    loop->send_timeout_ms = 5000;
    loop->tick_last_ms = cosem_posix_now_ms();
}

/* Closes every endpoint and the signal pipe. */
void cosem_posix_loop_free(cosem_posix_loop_t *loop)
{
    int i;
    for (i = 0; i < COSEM_POSIX_MAX_ENDPOINTS; i++) {
        if (loop->ep[i].fd >= 0) {
            cosem_posix_ep_close(loop, i, COSEM_OK);
        }
    }
    if (loop->sig_wfd >= 0) {
        if (g_sig_wfd == loop->sig_wfd) {
            (void)signal(SIGINT, SIG_DFL);
            (void)signal(SIGTERM, SIG_DFL);
            g_sig_wfd = -1;
        }
        (void)close(loop->sig_wfd);
        (void)close(loop->sig_fd);
        loop->sig_fd = loop->sig_wfd = -1;
    }
}

/* Makes a descriptor non-blocking and close-on-exec. */
int cosem_posix_fd_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        return -1;
    }
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Claims a free endpoint slot for fd; -1 when none is left. */
int cosem_posix_ep_add(cosem_posix_loop_t *loop, int fd, int kind, const cosem_posix_handlers_t *h)
{
    int i;
    for (i = 0; i < COSEM_POSIX_MAX_ENDPOINTS; i++) {
        cosem_posix_ep_t *e = &loop->ep[i];
        if (e->fd < 0) {
            memset(e, 0, sizeof *e);
            e->fd = fd;
            if (i >= loop->ep_top) {
                loop->ep_top = i + 1;
            }
            e->kind = (uint8_t)kind;
            e->parent = -1;
            if (h != NULL) {
                e->h = *h;
            }
            return i;
        }
    }
    return -1;
}

/* Calls on_open of endpoint i when there is one. */
void cosem_posix_ep_opened(cosem_posix_loop_t *loop, int i)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    if (e->h.on_open != NULL) {
        e->h.on_open(e->h.user, loop, i);
    }
}

/* Tells the application, then closes the descriptor and frees the slot. */
void cosem_posix_ep_close(cosem_posix_loop_t *loop, int i, cosem_status_t why)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    int j;
    if (e->fd < 0 || e->closing) {
        return;
    }
    e->closing = 1;
    if (e->h.on_close != NULL) {
        e->h.on_close(e->h.user, loop, i, why);
    }
    if (e->parent >= 0 && loop->ep[e->parent].conns > 0) {
        loop->ep[e->parent].conns--;
    }
    for (j = 0; e->kind == COSEM_POSIX_EP_LISTENER && j < loop->ep_top; j++) {
        if (loop->ep[j].parent == i) {
            loop->ep[j].parent = -1;
        }
    }
    (void)close(e->fd);
    memset(e, 0, sizeof *e);
    e->fd = -1;
    e->parent = -1;
    loop->stats.closed++;
    while (loop->ep_top > 0 && loop->ep[loop->ep_top - 1].fd < 0) {
        loop->ep_top--; /* the loops scan only up to the highest in use */
    }
}

/* Whether id names an endpoint in use. */
int cosem_posix_ep_valid(const cosem_posix_loop_t *loop, int id)
{
    return id >= 0 && id < COSEM_POSIX_MAX_ENDPOINTS && loop->ep[id].fd >= 0 &&
           !loop->ep[id].closing;
}

/* Closes an endpoint on the application's request. */
cosem_status_t cosem_posix_close(cosem_posix_loop_t *loop, int id)
{
    if (!cosem_posix_ep_valid(loop, id)) {
        return COSEM_E_ARG;
    }
    cosem_posix_ep_close(loop, id, COSEM_OK);
    return COSEM_OK;
}

/* Adopts a byte-stream descriptor made elsewhere. */
cosem_status_t cosem_posix_add_fd(cosem_posix_loop_t *loop, int fd, const cosem_posix_handlers_t *h,
                                  int *id)
{
    int i;
    if (fd < 0 || id == NULL || cosem_posix_fd_nonblock(fd) < 0) {
        return COSEM_E_ARG;
    }
    i = cosem_posix_ep_add(loop, fd, COSEM_POSIX_EP_STREAM, h);
    if (i < 0) {
        return COSEM_E_NOSPACE;
    }
    *id = i;
    cosem_posix_ep_opened(loop, i);
    return COSEM_OK;
}

/* Application pointer of an endpoint. */
void cosem_posix_set_ctx(cosem_posix_loop_t *loop, int id, void *ctx)
{
    if (cosem_posix_ep_valid(loop, id)) {
        loop->ep[id].ctx = ctx;
    }
}

/* Reads back the application pointer. */
void *cosem_posix_ctx(const cosem_posix_loop_t *loop, int id)
{
    /* Still readable while the endpoint closes: on_close needs it most. */
    if (id < 0 || id >= COSEM_POSIX_MAX_ENDPOINTS || loop->ep[id].fd < 0) {
        return NULL;
    }
    return loop->ep[id].ctx;
}

/* Listener that accepted a connection, or -1. */
int cosem_posix_parent(const cosem_posix_loop_t *loop, int id)
{
    return cosem_posix_ep_valid(loop, id) ? loop->ep[id].parent : -1;
}

/* Installs the timer hook. */
void cosem_posix_set_tick(cosem_posix_loop_t *loop,
                          void (*fn)(void *user, cosem_posix_loop_t *loop, uint32_t now_ms),
                          void *user, uint32_t period_ms)
{
    loop->tick = fn;
    loop->tick_user = user;
    loop->tick_period_ms = period_ms;
    loop->tick_last_ms = cosem_posix_now_ms();
}

/* Sets how long a send may wait for a full socket. */
void cosem_posix_set_send_timeout(cosem_posix_loop_t *loop, uint32_t ms)
{
    loop->send_timeout_ms = ms;
}

/* Requests the loop to return. */
void cosem_posix_stop(cosem_posix_loop_t *loop)
{
    loop->stop = 1;
}

/* The loop's counters. */
const cosem_posix_stats_t *cosem_posix_stats(const cosem_posix_loop_t *loop)
{
    return &loop->stats;
}

/* Last signal that stopped the loop. */
int cosem_posix_last_signal(const cosem_posix_loop_t *loop)
{
    return loop->last_signal;
}

/* Signal handler: async-signal-safe, only writes the number to the pipe. */
static void on_signal(int signo)
{
    int saved = errno;
    unsigned char b = (unsigned char)signo;
    int fd = g_sig_wfd;
    g_sig_pending = 1;
    if (fd >= 0) {
        ssize_t r = write(fd, &b, 1);
        (void)r;
    }
    errno = saved;
}

/* Creates the self-pipe and routes SIGINT/SIGTERM to it. */
cosem_status_t cosem_posix_catch_signals(cosem_posix_loop_t *loop)
{
    struct sigaction sa;
    if (loop->sig_fd < 0) {
        int p[2];
        if (pipe(p) < 0) {
            return COSEM_E_IO;
        }
        if (cosem_posix_fd_nonblock(p[0]) < 0 || cosem_posix_fd_nonblock(p[1]) < 0) {
            (void)close(p[0]);
            (void)close(p[1]);
            return COSEM_E_IO;
        }
        loop->sig_fd = p[0];
        loop->sig_wfd = p[1];
    }
    g_sig_wfd = loop->sig_wfd;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    (void)sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: poll() returns EINTR at once */
    if (sigaction(SIGINT, &sa, NULL) < 0 || sigaction(SIGTERM, &sa, NULL) < 0) {
        return COSEM_E_IO;
    }
    return COSEM_OK;
}

/* Drains the signal pipe and turns what it held into a stop request. */
static void drain_signals(cosem_posix_loop_t *loop)
{
    unsigned char b[16];
    ssize_t r;
    g_sig_pending = 0;
    while ((r = read(loop->sig_fd, b, sizeof b)) > 0) {
        loop->last_signal = b[r - 1];
        loop->stop = 1;
    }
}

/* Milliseconds poll() may wait: the caller's limit and the next tick. */
static int wait_ms(const cosem_posix_loop_t *loop, int timeout_ms, uint32_t now)
{
    if (loop->tick != NULL && loop->tick_period_ms > 0) {
        uint32_t since = now - loop->tick_last_ms;
        int left = since >= loop->tick_period_ms ? 0 : (int)(loop->tick_period_ms - since);
        if (timeout_ms < 0 || left < timeout_ms) {
            return left;
        }
    }
    return timeout_ms;
}

/* Runs the tick hook when its period has passed. */
static void run_tick(cosem_posix_loop_t *loop)
{
    uint32_t now = cosem_posix_now_ms();
    if (loop->tick != NULL && (uint32_t)(now - loop->tick_last_ms) >= loop->tick_period_ms) {
        loop->tick_last_ms = now;
        loop->tick(loop->tick_user, loop, now);
    }
}

/* Ends a step: the tick, then a stop request. */
static cosem_status_t step_end(cosem_posix_loop_t *loop)
{
    run_tick(loop);
    if (loop->stop) {
        loop->stop = 0;
        return COSEM_E_CLOSED;
    }
    return COSEM_OK;
}

#if COSEM_POSIX_HOT
/* The hot connection's step (COSEM_POSIX_HOT_MS): one blocking receive on
 * it alone instead of poll() and a read. 0 when the step must poll. */
static int hot_step(cosem_posix_loop_t *loop, int timeout_ms, int tx_wait)
{
    int i = loop->hot - 1;
    ssize_t r;
    loop->hot = 0;
    if (i < 0 || loop->stop || g_sig_pending || tx_wait >= 0 || !cosem_posix_ep_valid(loop, i) ||
        !loop->ep[i].blocking || (timeout_ms >= 0 && timeout_ms < COSEM_POSIX_HOT_MS)) {
        return 0;
    }
    if ((uint32_t)(cosem_posix_now_ms() - loop->poll_ms) >= COSEM_POSIX_HOT_MS) {
        return 0; /* the slice is over: everything else gets its poll() */
    }
    r = recv(loop->ep[i].fd, loop->rx, sizeof loop->rx, 0);
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return 1; /* quiet for a slice, or a signal: the next step polls */
    }
    if (r > 0) {
        loop->hot = i + 1;
        loop->stats.hot_reads++;
    }
    cosem_posix_ep_got(loop, i, r, (short)(r < 0 && errno == ECONNRESET ? POLLHUP : 0));
    return 1;
}
#endif

/* One poll round over every endpoint and the signal pipe. */
cosem_status_t cosem_posix_step(cosem_posix_loop_t *loop, int timeout_ms)
{
    struct pollfd pfd[COSEM_POSIX_MAX_ENDPOINTS + 1];
    int map[COSEM_POSIX_MAX_ENDPOINTS + 1];
    nfds_t n = 0, k, sig = (nfds_t)-1;
    int i, r, conns = 0, others = 0, tx_wait = cosem_posix_tx_check(loop, cosem_posix_now_ms());
#if COSEM_POSIX_HOT
    if (hot_step(loop, timeout_ms, tx_wait)) {
        return step_end(loop);
    }
#endif
    for (i = 0; i < loop->ep_top; i++) {
        if (loop->ep[i].fd >= 0) {
            pfd[n].fd = loop->ep[i].fd;
            pfd[n].events = (short)(loop->ep[i].txq_len != 0u ? POLLIN | POLLOUT : POLLIN);
            pfd[n].revents = 0;
            conns += loop->ep[i].blocking;
            others += !loop->ep[i].blocking && loop->ep[i].kind != COSEM_POSIX_EP_LISTENER;
            map[n++] = i;
        }
    }
    if (loop->sig_fd >= 0) {
        pfd[n].fd = loop->sig_fd;
        pfd[n].events = POLLIN;
        pfd[n].revents = 0;
        sig = n;
        map[n++] = -1;
    }
    if (tx_wait >= 0 && (timeout_ms < 0 || tx_wait < timeout_ms)) {
        timeout_ms = tx_wait; /* a stalled queue is closed on time */
    }
    r = loop->stop ? 0 : poll(pfd, n, wait_ms(loop, timeout_ms, cosem_posix_now_ms()));
    if (r < 0 && errno != EINTR) {
        return COSEM_E_IO;
    }
    loop->poll_ms = cosem_posix_now_ms();
    /* Two passes: connections (and their closes) before listeners, so a
     * slot freed by a close is free for the connect that follows it. */
    for (i = 0; i < 2 && r > 0; i++) {
        for (k = 0; k < n; k++) {
            if (pfd[k].revents == 0 || map[k] < 0 ||
                (loop->ep[map[k]].kind == COSEM_POSIX_EP_LISTENER) != (i == 1) ||
                loop->ep[map[k]].fd != pfd[k].fd) {
                continue;
            }
            cosem_posix_ep_ready(loop, map[k], pfd[k].revents);
            /* Data on the only connection, nothing else to do and no other
             * endpoint to serve but listeners: hot. */
            if (r == 1 && conns == 1 && others == 0 && pfd[k].revents == POLLIN && loop->ep[map[k]].blocking &&
                loop->ep[map[k]].fd == pfd[k].fd && loop->ep[map[k]].txq_len == 0u) {
                loop->hot = map[k] + 1;
            }
        }
    }
    /* The pipe is read only when poll() says it holds a signal (or a
     * signal interrupted poll): a signal during dispatch is seen by the
     * next poll(), so a request costs poll, read and send, nothing more
     * (receive and send on a hot connection). */
    if (loop->sig_fd >= 0 && ((r < 0 && errno == EINTR) || (sig != (nfds_t)-1 && pfd[sig].revents != 0))) {
        drain_signals(loop);
    }
    return step_end(loop);
}

/* Steps until a stop request. */
cosem_status_t cosem_posix_run(cosem_posix_loop_t *loop)
{
    for (;;) {
        cosem_status_t st = cosem_posix_step(loop, -1);
        if (st == COSEM_E_CLOSED) {
            return COSEM_OK;
        }
        if (st != COSEM_OK) {
            return st;
        }
    }
}
