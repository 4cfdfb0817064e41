/* SPDX-License-Identifier: Apache-2.0 */
/* Push setup hooks for POSIX: a wrapper-framed data-notification to a
 * head-end over UDP (one datagram) or TCP (non-blocking connect, advanced
 * by the server's tick through the poll hook, closed after the write). */
#define _POSIX_C_SOURCE 200809L

#include <cosem/config.h>

#if COSEM_WITH_SERVER && COSEM_CLASS_PUSH_SETUP

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cosem/wrapper.h>

#include "cosem_posix.h"
#include "cosem_posix_push.h"

/* Default time-out of a TCP push. */
#define PUSH_TIMEOUT_MS 10000u

/* Resolves "host:port" to a socket address of the transport's type. */
static cosem_status_t push_resolve(const uint8_t *dest, size_t n, int type,
                                   struct addrinfo **out)
{
    char host[256], port[8];
    uint16_t p = 0;
    struct addrinfo hints;
    cosem_status_t st = cosem_push_parse_destination(dest, n, host, sizeof host, &p);
    if (st != COSEM_OK) {
        return COSEM_E_MALFORMED;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = type;
    hints.ai_flags = AI_NUMERICSERV;
    (void)snprintf(port, sizeof port, "%u", (unsigned)p);
    return getaddrinfo(host, port, &hints, out) == 0 ? COSEM_OK : COSEM_E_IO;
}

/* Writes what is left of header + APDU; true when all is written. */
static cosem_status_t push_write(cosem_posix_push_t *pp)
{
    while (pp->done < COSEM_WRAPPER_HEADER_SIZE + pp->apdu_len) {
        struct iovec iov[2];
        int k = 0;
        ssize_t w;
        if (pp->done < COSEM_WRAPPER_HEADER_SIZE) {
            iov[k].iov_base = pp->header + pp->done;
            iov[k++].iov_len = COSEM_WRAPPER_HEADER_SIZE - pp->done;
        }
        {
            size_t off = pp->done > COSEM_WRAPPER_HEADER_SIZE ? pp->done - COSEM_WRAPPER_HEADER_SIZE : 0u;
            iov[k].iov_base = (void *)(uintptr_t)(pp->apdu + off);
            iov[k++].iov_len = pp->apdu_len - off;
        }
        w = writev(pp->fd, iov, k);
        if (w < 0) {
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? COSEM_E_WOULDBLOCK
                                                                            : COSEM_E_IO;
        }
        pp->done += (size_t)w;
    }
    return COSEM_OK;
}

/* Whether the APDU is a general-block-transfer block other than the last. */
static bool push_more_blocks(const cosem_posix_push_t *pp)
{
    return pp->apdu_len >= 2u && pp->apdu[0] == 0xE0u && (pp->apdu[1] & 0x80u) == 0u;
}

/* Ends the push in flight: the socket closed (kept open between the blocks
 * of one push), the result counted. */
static cosem_status_t push_finish(cosem_posix_push_t *pp, cosem_status_t st)
{
    if (st == COSEM_OK && pp->keep) {
        return COSEM_OK;
    }
    cosem_posix_push_close(pp);
    if (st == COSEM_OK) {
        pp->pushes++;
    }
    return st;
}

/* A socket of the address's family, non-blocking, connecting. */
static cosem_status_t push_open(cosem_posix_push_t *pp, const struct addrinfo *ai)
{
    pp->fd = socket(ai->ai_family, ai->ai_socktype, 0);
    if (pp->fd < 0 || fcntl(pp->fd, F_SETFL, fcntl(pp->fd, F_GETFL) | O_NONBLOCK) != 0) {
        return COSEM_E_IO;
    }
    if (connect(pp->fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
        return COSEM_E_IO;
    }
    return COSEM_OK;
}

/* Transport HDLC: the destination is a client address, decimal or 0x
 * hex text; the push goes in a UI frame on the glue's HDLC links. */
static cosem_status_t push_hdlc(cosem_posix_push_t *pp, const uint8_t *dest, size_t dest_len,
                                const uint8_t *apdu, size_t n)
{
    char text[8];
    char *end = NULL;
    unsigned long client;
    cosem_status_t st;
    if (dest == NULL || dest_len == 0u || dest_len >= sizeof text) {
        return COSEM_E_MALFORMED;
    }
    memcpy(text, dest, dest_len);
    text[dest_len] = '\0';
    client = strtoul(text, &end, 0);
    if (end == text || *end != '\0' || client == 0u || client > COSEM_HDLC_ALL_STATION) {
        return COSEM_E_MALFORMED;
    }
    st = cosem_posix_server_send_ui(pp->hdlc, (uint8_t)client, apdu, n);
    if (st == COSEM_OK) {
        pp->pushes++;
    }
    return st;
}

/* Send hook: UDP at once, TCP started and left to the poll hook. */
cosem_status_t cosem_posix_push_send(void *user, const cosem_object_t *obj, uint8_t transport,
                                     const uint8_t *dest, size_t dest_len, const uint8_t *apdu,
                                     size_t n)
{
    cosem_posix_push_t *pp = (cosem_posix_push_t *)user;
    cosem_wrapper_header_t h;
    struct addrinfo *ai = NULL;
    cosem_status_t st;
    (void)obj;
    if (pp == NULL || apdu == NULL || n > 0xFFFFu) {
        return COSEM_E_ARG;
    }
    if (pp->fd > 0 && !pp->keep) {
        return COSEM_E_STATE;
    }
    if (transport == COSEM_PUSH_HDLC && pp->hdlc != NULL) {
        return push_hdlc(pp, dest, dest_len, apdu, n);
    }
    if (transport != COSEM_PUSH_TCP && transport != COSEM_PUSH_UDP) {
        return COSEM_E_UNSUPPORTED;
    }
    h.version = COSEM_WRAPPER_VERSION;
    h.src_wport = pp->src_wport;
    h.dst_wport = pp->dst_wport;
    h.length = (uint16_t)n;
    cosem_wrapper_header_encode(&h, pp->header);
    pp->apdu = apdu;
    pp->apdu_len = n;
    pp->done = 0;
    if (pp->fd > 0) { /* the next block on the connection kept open */
        pp->start_ms = cosem_posix_now_ms();
        pp->keep = push_more_blocks(pp);
        return cosem_posix_push_poll(pp, obj);
    }
    st = push_resolve(dest, dest_len, transport == COSEM_PUSH_TCP ? SOCK_STREAM : SOCK_DGRAM, &ai);
    if (st != COSEM_OK) {
        return st;
    }
    pp->keep = transport == COSEM_PUSH_TCP && push_more_blocks(pp);
    pp->start_ms = cosem_posix_now_ms();
    st = push_open(pp, ai);
    freeaddrinfo(ai);
    if (st != COSEM_OK) {
        return push_finish(pp, st);
    }
    if (transport == COSEM_PUSH_UDP) {
        return push_finish(pp, push_write(pp) == COSEM_OK ? COSEM_OK : COSEM_E_IO);
    }
    return cosem_posix_push_poll(pp, obj);
}

/* Poll hook: connected? then write; done, failed or timed out. */
cosem_status_t cosem_posix_push_poll(void *user, const cosem_object_t *obj)
{
    cosem_posix_push_t *pp = (cosem_posix_push_t *)user;
    struct pollfd pfd;
    int err = 0;
    socklen_t len = sizeof err;
    cosem_status_t st;
    uint32_t limit;
    (void)obj;
    if (pp == NULL || pp->fd <= 0) {
        return COSEM_E_STATE;
    }
    limit = pp->timeout_ms != 0u ? pp->timeout_ms : PUSH_TIMEOUT_MS;
    pfd.fd = pp->fd;
    pfd.events = POLLOUT;
    pfd.revents = 0;
    if (poll(&pfd, 1, 0) > 0) {
        if (getsockopt(pp->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0 ||
            (pfd.revents & (POLLERR | POLLHUP)) != 0) {
            return push_finish(pp, COSEM_E_IO);
        }
        st = push_write(pp);
        if (st != COSEM_E_WOULDBLOCK) {
            return push_finish(pp, st);
        }
    }
    if ((uint32_t)(cosem_posix_now_ms() - pp->start_ms) >= limit) {
        return push_finish(pp, COSEM_E_TIMEOUT);
    }
    return COSEM_E_WOULDBLOCK;
}

/* Closes the socket of a push in flight. */
void cosem_posix_push_close(cosem_posix_push_t *pp)
{
    if (pp != NULL && pp->fd > 0) {
        (void)close(pp->fd);
    }
    if (pp != NULL) {
        pp->fd = -1;
        pp->keep = 0;
    }
}

#else
typedef int cosem_posix_push_empty_t;
#endif
