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
/* Handles poll() events of endpoint i (accept, read, hang-up, room to send). */
void cosem_posix_ep_ready(cosem_posix_loop_t *loop, int i, short revents);
/* Closes every stream whose queued octets made no progress within the send
 * time-out; returns the ms poll() may wait before the next such check
 * (-1 when nothing is queued). */
int cosem_posix_tx_check(cosem_posix_loop_t *loop, uint32_t now);

#endif
