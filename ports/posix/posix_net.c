/* SPDX-License-Identifier: Apache-2.0 */
/* POSIX port: TCP listeners (with a connection limit), TCP clients, UDP
 * sockets, reading ready endpoints and writing to them. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cosem_posix.h"
#include "posix_internal.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* systems without it: SIGPIPE should be ignored by the application */
#endif

/* TCP sends never wait: connections the loop keeps blocking included. */
#if COSEM_POSIX_HOT
#define SEND_FLAGS (MSG_NOSIGNAL | MSG_DONTWAIT)
#else
#define SEND_FLAGS MSG_NOSIGNAL
#endif

/* Resolves a numeric address and port (NULL address: any IPv4). */
static struct addrinfo *resolve(const char *addr, uint16_t port, int socktype, int passive)
{
    struct addrinfo hints, *res = NULL;
    char serv[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = addr == NULL ? AF_INET : AF_UNSPEC;
    hints.ai_socktype = socktype;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
    (void)snprintf(serv, sizeof serv, "%u", (unsigned)port);
    if (getaddrinfo(addr, serv, &hints, &res) != 0) {
        return NULL;
    }
    return res;
}

/* A non-blocking socket bound to addr:port; -1 on failure. */
static int bound_socket(const char *addr, uint16_t port, int socktype, cosem_status_t *st)
{
    struct addrinfo *ai = resolve(addr, port, socktype, 1);
    int fd, one = 1;
    if (ai == NULL) {
        *st = COSEM_E_ARG;
        return -1;
    }
    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0 || cosem_posix_fd_nonblock(fd) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
        if (fd >= 0) {
            (void)close(fd);
        }
        freeaddrinfo(ai);
        *st = COSEM_E_IO;
        return -1;
    }
    freeaddrinfo(ai);
    return fd;
}

/* Opens a TCP listener with a connection limit. */
cosem_status_t cosem_posix_tcp_listen(cosem_posix_loop_t *loop, const char *addr, uint16_t port,
                                      unsigned max_conn, const cosem_posix_handlers_t *h, int *id)
{
    cosem_status_t st = COSEM_OK;
    int fd, i;
    if (id == NULL) {
        return COSEM_E_ARG;
    }
    fd = bound_socket(addr, port, SOCK_STREAM, &st);
    if (fd < 0) {
        return st;
    }
    if (listen(fd, 16) < 0) {
        (void)close(fd);
        return COSEM_E_IO;
    }
    i = cosem_posix_ep_add(loop, fd, COSEM_POSIX_EP_LISTENER, h);
    if (i < 0) {
        (void)close(fd);
        return COSEM_E_NOSPACE;
    }
    loop->ep[i].max_conn = max_conn;
    *id = i;
    return COSEM_OK;
}

/* Waits until fd is writable or ms pass; 1 ready, 0 timed out, -1 error. */
static int wait_writable(int fd, uint32_t ms)
{
    struct pollfd p;
    int r;
    p.fd = fd;
    p.events = POLLOUT;
    p.revents = 0;
    do {
        r = poll(&p, 1, ms > 0x7FFFFFFFu ? 0x7FFFFFFF : (int)ms);
    } while (r < 0 && errno == EINTR);
    return r;
}

/* Non-blocking connect with a time-out; returns the socket or -1. */
static int connect_fd(const struct addrinfo *ai, uint32_t timeout_ms, cosem_status_t *st)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol), err = 0, r;
    socklen_t len = sizeof err;
    *st = COSEM_E_IO;
    if (fd < 0 || cosem_posix_fd_nonblock(fd) < 0) {
        goto fail;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        *st = COSEM_OK;
        return fd;
    }
    if (errno != EINPROGRESS) {
        goto fail;
    }
    r = wait_writable(fd, timeout_ms);
    if (r == 0) {
        *st = COSEM_E_TIMEOUT;
        goto fail;
    }
    if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
        goto fail;
    }
    *st = COSEM_OK;
    return fd;
fail:
    if (fd >= 0) {
        (void)close(fd);
    }
    return -1;
}

/* Connects to a TCP server. */
cosem_status_t cosem_posix_tcp_connect(cosem_posix_loop_t *loop, const char *addr, uint16_t port,
                                       uint32_t timeout_ms, const cosem_posix_handlers_t *h,
                                       int *id)
{
    struct addrinfo *ai;
    cosem_status_t st;
    int fd, i, one = 1;
    if (addr == NULL || id == NULL || (ai = resolve(addr, port, SOCK_STREAM, 0)) == NULL) {
        return COSEM_E_ARG;
    }
    fd = connect_fd(ai, timeout_ms, &st);
    freeaddrinfo(ai);
    if (fd < 0) {
        return st;
    }
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    i = cosem_posix_ep_add(loop, fd, COSEM_POSIX_EP_TCP, h);
    if (i < 0) {
        (void)close(fd);
        return COSEM_E_NOSPACE;
    }
    *id = i;
    cosem_posix_ep_opened(loop, i);
    return COSEM_OK;
}

/* Opens a UDP socket, connected to a peer when one is given. */
cosem_status_t cosem_posix_udp_open(cosem_posix_loop_t *loop, const char *local_addr,
                                    uint16_t local_port, const char *remote_addr,
                                    uint16_t remote_port, const cosem_posix_handlers_t *h, int *id)
{
    cosem_status_t st = COSEM_OK;
    int fd, i;
    if (id == NULL) {
        return COSEM_E_ARG;
    }
    fd = bound_socket(local_addr, local_port, SOCK_DGRAM, &st);
    if (fd < 0) {
        return st;
    }
    if (remote_addr != NULL) {
        struct addrinfo *ai = resolve(remote_addr, remote_port, SOCK_DGRAM, 0);
        int ok = ai != NULL && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
        if (ai != NULL) {
            freeaddrinfo(ai);
        }
        if (!ok) {
            (void)close(fd);
            return ai == NULL ? COSEM_E_ARG : COSEM_E_IO;
        }
    }
    i = cosem_posix_ep_add(loop, fd, COSEM_POSIX_EP_UDP, h);
    if (i < 0) {
        (void)close(fd);
        return COSEM_E_NOSPACE;
    }
    loop->ep[i].connected = remote_addr != NULL;
    *id = i;
    cosem_posix_ep_opened(loop, i);
    return COSEM_OK;
}

/* Local port of a bound socket. */
uint16_t cosem_posix_local_port(const cosem_posix_loop_t *loop, int id)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (!cosem_posix_ep_valid(loop, id) ||
        getsockname(loop->ep[id].fd, (struct sockaddr *)&ss, &len) < 0) {
        return 0;
    }
    if (ss.ss_family == AF_INET) {
        return ntohs(((const struct sockaddr_in *)&ss)->sin_port);
    }
    if (ss.ss_family == AF_INET6) {
        return ntohs(((const struct sockaddr_in6 *)&ss)->sin6_port);
    }
    return 0;
}

/* Prepares an accepted connection: left blocking, with a receive time-out
 * of the hot slice, where the loop can wait on it alone (1); otherwise
 * non-blocking (0); -1 on failure. Every call on a blocking one but the
 * hot receive passes MSG_DONTWAIT, so the loop never waits on it unasked. */
static int accepted_mode(int fd)
{
#if COSEM_POSIX_HOT
    struct timeval tv;
    int fl = fcntl(fd, F_GETFL);
    tv.tv_sec = COSEM_POSIX_HOT_MS / 1000;
    tv.tv_usec = (COSEM_POSIX_HOT_MS % 1000) * 1000;
    if (fl >= 0 && ((fl & O_NONBLOCK) == 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0) &&
        fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 &&
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0) {
        return 1;
    }
#endif
    return cosem_posix_fd_nonblock(fd) == 0 ? 0 : -1;
}

/* Accepts waiting connections; those over the limit are closed at once. */
static void accept_all(cosem_posix_loop_t *loop, int li)
{
    int n;
    for (n = 0; n < 16; n++) {
        int fd = accept(loop->ep[li].fd, NULL, NULL), i = -1, one = 1, blocking = 0;
        cosem_posix_ep_t *l = &loop->ep[li];
        if (fd < 0) {
            return;
        }
        if ((l->max_conn == 0 || l->conns < l->max_conn) && (blocking = accepted_mode(fd)) >= 0) {
            i = cosem_posix_ep_add(loop, fd, COSEM_POSIX_EP_TCP, &l->h);
        }
        if (i < 0) {
            (void)close(fd);
            loop->stats.rejected++;
            continue;
        }
        (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        loop->ep[i].parent = li;
        loop->ep[i].blocking = (uint8_t)blocking;
        l->conns++;
        loop->stats.accepted++;
        cosem_posix_ep_opened(loop, i);
    }
}

/* Receives one datagram, remembering its sender for the reply. */
static void read_datagram(cosem_posix_loop_t *loop, int i)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    struct sockaddr_storage from;
    struct iovec iov;
    struct msghdr msg;
    ssize_t r;
    memset(&msg, 0, sizeof msg);
    iov.iov_base = loop->rx;
    iov.iov_len = sizeof loop->rx;
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    r = recvmsg(e->fd, &msg, 0);
    if (r < 0) {
        return; /* EAGAIN, or an ICMP error of a connected socket: keep it */
    }
    if (msg.msg_flags & MSG_TRUNC) {
        loop->stats.dropped_datagrams++;
        return;
    }
    if (!e->connected && msg.msg_namelen <= sizeof e->peer) {
        memcpy(&e->peer, &from, msg.msg_namelen);
        e->peer_len = msg.msg_namelen;
    }
    loop->stats.rx_bytes += (unsigned long)r;
    if (e->h.on_data != NULL) {
        e->h.on_data(e->h.user, loop, i, loop->rx, (size_t)r);
    }
}

/* Reads what a stream endpoint has; end of stream or errors close it. */
static void read_stream(cosem_posix_loop_t *loop, int i, short revents)
{
    cosem_posix_ep_t *e = &loop->ep[i];
#if COSEM_POSIX_HOT
    ssize_t r = e->blocking ? recv(e->fd, loop->rx, sizeof loop->rx, MSG_DONTWAIT)
                            : read(e->fd, loop->rx, sizeof loop->rx);
#else
    ssize_t r = read(e->fd, loop->rx, sizeof loop->rx);
#endif
    cosem_posix_ep_got(loop, i, r, revents);
}

void cosem_posix_ep_got(cosem_posix_loop_t *loop, int i, ssize_t r, short revents)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    if (r > 0) {
        loop->stats.rx_bytes += (unsigned long)r;
        if (e->h.on_data != NULL) {
            e->h.on_data(e->h.user, loop, i, loop->rx, (size_t)r);
        }
    } else if (r == 0) {
        /* A terminal in raw mode reads 0 when nothing is there; only a
         * hang-up ends it. Sockets and pipes: end of stream. */
        if (e->kind != COSEM_POSIX_EP_SERIAL || (revents & POLLHUP)) {
            cosem_posix_ep_close(loop, i, COSEM_E_CLOSED);
        }
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        cosem_posix_ep_close(loop, i, (errno == EIO || errno == ECONNRESET) && (revents & POLLHUP)
                                          ? COSEM_E_CLOSED : COSEM_E_IO);
    }
}

/* Dispatches the poll() events of one endpoint. */
static cosem_status_t flush_queue(cosem_posix_loop_t *loop, int i);

void cosem_posix_ep_ready(cosem_posix_loop_t *loop, int i, short revents)
{
    if ((revents & POLLOUT) != 0 && flush_queue(loop, i) != COSEM_OK) {
        cosem_posix_ep_close(loop, i, COSEM_E_IO);
        return;
    }
    switch (loop->ep[i].kind) {
    case COSEM_POSIX_EP_LISTENER:
        accept_all(loop, i);
        break;
    case COSEM_POSIX_EP_UDP:
        read_datagram(loop, i);
        break;
    default:
        if (revents & (POLLIN | POLLHUP | POLLERR)) {
            read_stream(loop, i, revents);
        }
        break;
    }
}

/* Writes what the stream takes now without waiting: the octets written,
 * or -1 on an error other than "full". */
static ssize_t write_now(cosem_posix_loop_t *loop, int i, const uint8_t *data, size_t n)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    size_t done = 0;
    while (done < n) {
        ssize_t r = e->kind == COSEM_POSIX_EP_TCP ? send(e->fd, data + done, n - done, SEND_FLAGS)
                                                  : write(e->fd, data + done, n - done);
        if (r > 0) {
            done += (size_t)r;
            loop->stats.tx_bytes += (unsigned long)r;
        } else if (r < 0 && errno == EINTR) {
            continue;
        } else if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            return -1;
        } else {
            break;
        }
    }
    return (ssize_t)done;
}

/* Moves queued octets to the stream without waiting. */
static cosem_status_t flush_queue(cosem_posix_loop_t *loop, int i)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    ssize_t r;
    if (e->txq_len == 0u) {
        return COSEM_OK;
    }
    r = write_now(loop, i, e->txq + e->txq_head, e->txq_len);
    if (r < 0) {
        return COSEM_E_IO;
    }
    if (r > 0) {
        e->txq_head += (size_t)r;
        e->txq_len -= (size_t)r;
        e->txq_since = cosem_posix_now_ms();
    }
    if (e->txq_len == 0u) {
        e->txq_head = 0;
    }
    return COSEM_OK;
}

/* Closes streams whose queue stalled longer than the send time-out. */
int cosem_posix_tx_check(cosem_posix_loop_t *loop, uint32_t now)
{
    int i, wait = -1;
    for (i = 0; i < loop->ep_top; i++) {
        cosem_posix_ep_t *e = &loop->ep[i];
        uint32_t spent = now - e->txq_since;
        if (e->fd < 0 || e->txq_len == 0u) {
            continue;
        }
        if (spent >= loop->send_timeout_ms) {
            cosem_posix_ep_close(loop, i, COSEM_E_TIMEOUT);
        } else if (wait < 0 || (uint32_t)wait > loop->send_timeout_ms - spent) {
            wait = (int)(loop->send_timeout_ms - spent);
        }
    }
    return wait;
}

/* Writes all octets to a stream, waiting for room up to the time-out (our
 * own connections and lines only, when their queue is full). */
static cosem_status_t write_all(cosem_posix_loop_t *loop, int i, const uint8_t *data, size_t n)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    uint32_t start = cosem_posix_now_ms();
    while (n > 0) {
        ssize_t r = write_now(loop, i, data, n);
        if (r < 0) {
            return COSEM_E_IO;
        }
        data += r;
        n -= (size_t)r;
        if (n > 0) {
            uint32_t spent = cosem_posix_now_ms() - start;
            if (spent >= loop->send_timeout_ms ||
                wait_writable(e->fd, loop->send_timeout_ms - spent) <= 0) {
                return COSEM_E_TIMEOUT;
            }
        }
    }
    return COSEM_OK;
}

/* Sends on a stream without blocking the loop: what the socket does not
 * take goes to the endpoint's queue (sent as poll() reports room). A peer
 * we serve that lets the queue overflow is refused (the caller closes it);
 * our own connections and lines wait for room as before. */
static cosem_status_t stream_send(cosem_posix_loop_t *loop, int i, const uint8_t *data, size_t n)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    ssize_t r = 0;
    if (flush_queue(loop, i) != COSEM_OK) {
        return COSEM_E_IO;
    }
    if (e->txq_len == 0u) {
        r = write_now(loop, i, data, n);
        if (r < 0) {
            return COSEM_E_IO;
        }
        data += r;
        n -= (size_t)r;
    }
    if (n == 0u) {
        return COSEM_OK;
    }
    if (e->txq_head != 0u) {
        memmove(e->txq, e->txq + e->txq_head, e->txq_len);
        e->txq_head = 0;
    }
    if (n <= sizeof e->txq - e->txq_len) {
        if (e->txq_len == 0u) {
            e->txq_since = cosem_posix_now_ms();
        }
        memcpy(e->txq + e->txq_len, data, n);
        e->txq_len += n;
        return COSEM_OK;
    }
    if (e->parent >= 0) {
        return COSEM_E_NOSPACE;
    }
    if (write_all(loop, i, e->txq, e->txq_len) != COSEM_OK) {
        return COSEM_E_TIMEOUT;
    }
    e->txq_len = 0;
    return write_all(loop, i, data, n);
}

/* Sends one datagram to the connected peer or the last sender. */
static cosem_status_t send_datagram(cosem_posix_loop_t *loop, int i, const uint8_t *data, size_t n)
{
    cosem_posix_ep_t *e = &loop->ep[i];
    ssize_t r;
    if (e->peer_len > 0) {
        r = sendto(e->fd, data, n, 0, (const struct sockaddr *)&e->peer, e->peer_len);
    } else {
        r = send(e->fd, data, n, 0);
        if (r < 0 && (errno == EDESTADDRREQ || errno == ENOTCONN)) {
            return COSEM_E_STATE;
        }
    }
    if (r < 0 || (size_t)r != n) {
        return COSEM_E_IO;
    }
    loop->stats.tx_bytes += (unsigned long)r;
    return COSEM_OK;
}

/* Sends bytes on any endpoint. */
cosem_status_t cosem_posix_send(cosem_posix_loop_t *loop, int id, const uint8_t *data, size_t n)
{
    if (!cosem_posix_ep_valid(loop, id) || loop->ep[id].kind == COSEM_POSIX_EP_LISTENER ||
        (data == NULL && n > 0)) {
        return COSEM_E_ARG;
    }
    if (loop->ep[id].kind == COSEM_POSIX_EP_UDP) {
        return send_datagram(loop, id, data, n);
    }
    return stream_send(loop, id, data, n);
}

/* Send callback for link contexts. */
cosem_status_t cosem_posix_link_send(void *link, const uint8_t *data, size_t n)
{
    cosem_posix_link_t *l = link;
    return cosem_posix_send(l->loop, l->id, data, n);
}
