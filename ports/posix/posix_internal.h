/* SPDX-License-Identifier: Apache-2.0 */
/* Internals shared by the files of the POSIX port (not installed). */
#ifndef COSEM_POSIX_INTERNAL_H
#define COSEM_POSIX_INTERNAL_H

#include "cosem_posix.h"

/* Endpoint kinds (cosem_posix_ep_t.kind). */
enum {
    COSEM_POSIX_EP_FREE = 0,
    COSEM_POSIX_EP_LISTENER = 1, /* TCP listening socket */
    COSEM_POSIX_EP_TCP = 2,      /* TCP connection (accepted or connected) */
    COSEM_POSIX_EP_UDP = 3,      /* UDP socket */
    COSEM_POSIX_EP_SERIAL = 4,   /* terminal opened by cosem_posix_serial_open */
    COSEM_POSIX_EP_STREAM = 5    /* adopted descriptor */
};

int cosem_posix_fd_nonblock(int fd);
int cosem_posix_ep_add(cosem_posix_loop_t *loop, int fd, int kind, const cosem_posix_handlers_t *h);
void cosem_posix_ep_opened(cosem_posix_loop_t *loop, int i);
void cosem_posix_ep_close(cosem_posix_loop_t *loop, int i, cosem_status_t why);
int cosem_posix_ep_valid(const cosem_posix_loop_t *loop, int id);
/* Whether the loop can keep accepted TCP connections blocking and receive
 * on a hot one without poll() (COSEM_POSIX_HOT_MS). */
#if defined(MSG_DONTWAIT) && COSEM_POSIX_HOT_MS > 0
#define COSEM_POSIX_HOT 1
#else
#define COSEM_POSIX_HOT 0
#endif
/* Delivers what a stream endpoint read (r > 0), or closes it on end of
 * stream (r == 0) or an error other than "nothing there" (r < 0, errno). */
void cosem_posix_ep_got(cosem_posix_loop_t *loop, int i, ssize_t r, short revents);
/* Handles poll() events of endpoint i (accept, read, hang-up, room to send). */
void cosem_posix_ep_ready(cosem_posix_loop_t *loop, int i, short revents);
/* Closes every stream whose queued octets made no progress within the send
 * time-out; returns the ms poll() may wait before the next such check
 * (-1 when nothing is queued). */
int cosem_posix_tx_check(cosem_posix_loop_t *loop, uint32_t now);

#endif
