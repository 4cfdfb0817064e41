/* SPDX-License-Identifier: Apache-2.0 */
/* POSIX port: many client sessions from one thread (cosem_posix_multi.h).
 * Each slot holds one cosem_client_t and its non-blocking TCP socket; the
 * loop waits on all sockets at once (epoll on Linux, poll() elsewhere),
 * feeds what arrives to the session it belongs to and sweeps the timers
 * (connect time-out, attempt time-out, retry delay, the session's own
 * response time-outs) every few milliseconds. Completions of the sessions
 * are recorded in their done callback and acted on after the session call
 * returns, so a session is never re-initialised from inside itself. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#if defined(__linux__) && !defined(COSEM_MULTI_USE_POLL)
#define MULTI_EPOLL 1
#include <sys/epoll.h>
#else
#define MULTI_EPOLL 0
#include <poll.h>
#endif

#include "cosem_posix.h"
#include "cosem_posix_multi.h"

/* Slot states. */
enum {
    SL_FREE = 0,    /* no job */
    SL_WAIT = 1,    /* waiting to retry (deadline) */
    SL_CONNECT = 2, /* TCP connect in progress (deadline) */
    SL_RUN = 3,     /* associating or running the job's operations */
    SL_CLOSE = 4    /* releasing / disconnecting */
};

/* Period of the timer sweep over all slots, in ms. */
#define MULTI_SWEEP_MS 10u
/* Events handled per wait. */
#define MULTI_EVENTS 256

/* Whether time a is at or after time b (wrapping millisecond clock). */
static bool after(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) >= 0;
}

static uint32_t now_ms(void)
{
    return cosem_posix_now_ms();
}

/* ---- descriptors --------------------------------------------------------- */

#if MULTI_EPOLL
/* Registers or changes the slot's socket: write readiness while connecting,
 * read readiness afterwards. */
static void watch(cosem_multi_t *m, cosem_multi_slot_t *s, bool out)
{
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = out ? EPOLLOUT : EPOLLIN;
    ev.data.u32 = (uint32_t)(s - m->slots);
    (void)epoll_ctl(m->efd, s->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, s->fd, &ev);
    s->in_epoll = true;
}
#else
/* poll(): the descriptor set is rebuilt on every wait. */
static void watch(cosem_multi_t *m, cosem_multi_slot_t *s, bool out)
{
    (void)m;
    (void)s;
    (void)out;
}
#endif

/* Closes the slot's socket. */
static void close_fd(cosem_multi_t *m, cosem_multi_slot_t *s)
{
    if (s->fd < 0) {
        return;
    }
#if MULTI_EPOLL
    if (s->in_epoll) {
        (void)epoll_ctl(m->efd, EPOLL_CTL_DEL, s->fd, NULL);
    }
#else
    (void)m;
#endif
    s->in_epoll = false;
    if (s->connected) {
        s->connected = false;
        m->stats.connected--;
    }
    (void)close(s->fd);
    s->fd = -1;
}

/* ---- session callbacks ------------------------------------------------- */

/* Send callback: the whole request goes to the socket at once (see the
 * header: one request in flight per session). */
static cosem_status_t slot_send(void *user, const uint8_t *data, size_t len)
{
    cosem_multi_slot_t *s = user;
    ssize_t n;
    if (s->fd < 0) {
        return COSEM_E_CLOSED;
    }
    do {
        n = s->tty ? write(s->fd, data, len) : send(s->fd, data, len, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0 || (size_t)n != len) {
        s->sys_errno = n < 0 ? errno : EAGAIN;
        return COSEM_E_IO;
    }
    s->m->stats.tx_bytes += (unsigned long)len;
    return COSEM_OK;
}

/* Done callback: remembered, acted on by process() after the call. */
static void slot_done(void *user, cosem_client_t *c, cosem_client_op_t op,
                      const cosem_client_error_t *err)
{
    cosem_multi_slot_t *s = user;
    (void)c;
    s->done_op = (uint8_t)op;
    s->done_err = *err;
}

/* ---- job life ------------------------------------------------------------ */

/* The job has ended: close, report, free the slot. */
static void slot_end(cosem_multi_t *m, cosem_multi_slot_t *s, const cosem_multi_outcome_t *o)
{
    int idx = (int)(s - m->slots);
    close_fd(m, s);
    if (o->status == COSEM_OK) {
        m->stats.ok++;
    } else {
        m->stats.failed++;
    }
    m->stats.active--;
    s->state = SL_FREE;
    m->cfg.finish(m->cfg.user, s, o);
    s->job = NULL;
    s->next_free = m->free_head;
    m->free_head = idx;
}

/* Ends the job with a failure at stage. */
static void slot_fail(cosem_multi_t *m, cosem_multi_slot_t *s, uint8_t stage,
                      const cosem_client_error_t *err)
{
    cosem_multi_outcome_t o;
    memset(&o, 0, sizeof o);
    o.err = *err;
    o.status = err->status != COSEM_OK ? err->status : COSEM_E_DENIED;
    o.stage = stage;
    o.attempts = (uint8_t)(s->attempt + 1u);
    o.sys_errno = s->sys_errno;
    slot_end(m, s, &o);
}

/* A link-level failure: close, then retry when attempts are left. */
static void slot_link_fail(cosem_multi_t *m, cosem_multi_slot_t *s, uint8_t stage,
                           const cosem_client_error_t *err)
{
    close_fd(m, s);
    if (s->attempt < m->cfg.retries) {
        s->attempt++;
        s->state = SL_WAIT;
        s->deadline = now_ms() + m->cfg.retry_delay_ms;
        m->stats.retries++;
        return;
    }
    slot_fail(m, s, stage, err);
}

/* A link failure with just a status (TCP, time-outs). */
static void slot_link_status(cosem_multi_t *m, cosem_multi_slot_t *s, uint8_t stage,
                             cosem_status_t st)
{
    cosem_client_error_t e;
    memset(&e, 0, sizeof e);
    e.status = st;
    e.layer = COSEM_CLIENT_LAYER_LINK;
    slot_link_fail(m, s, stage, &e);
}

/* Ends a job whose operations are over (DONE or FAIL). */
static void slot_finish_job(cosem_multi_t *m, cosem_multi_slot_t *s)
{
    cosem_multi_outcome_t o;
    if (s->job_failed) {
        slot_fail(m, s, COSEM_MULTI_STAGE_JOB, &s->job_err);
        return;
    }
    memset(&o, 0, sizeof o);
    o.attempts = (uint8_t)(s->attempt + 1u);
    slot_end(m, s, &o);
}

/* Closing, after the operation op (NONE at first): release the association,
 * then disconnect an HDLC link, then end. A failing release or disconnect
 * does not change the job's outcome. */
static void slot_close_session(cosem_multi_t *m, cosem_multi_slot_t *s, uint8_t op)
{
    uint32_t t = now_ms();
    cosem_client_state_t cs = cosem_client_state(&s->client);
    s->state = SL_CLOSE;
    if (s->fd >= 0 && op == COSEM_CLIENT_OP_NONE && cs == COSEM_CLIENT_ASSOCIATED &&
        cosem_client_release(&s->client, t) == COSEM_OK) {
        return;
    }
    if (s->fd >= 0 && op != COSEM_CLIENT_OP_DISCONNECT && cs != COSEM_CLIENT_DISCONNECTED &&
        s->target.cfg.link == COSEM_CLIENT_LINK_HDLC &&
        cosem_client_disconnect(&s->client, t) == COSEM_OK && cosem_client_busy(&s->client)) {
        return;
    }
    slot_finish_job(m, s);
}

/* Asks the job for its next operation. */
static void slot_step(cosem_multi_t *m, cosem_multi_slot_t *s, const cosem_client_error_t *last)
{
    cosem_multi_next_t nx;
    if (last != NULL) {
        s->job_err = *last;
    }
    nx = m->cfg.step(m->cfg.user, s, &s->client, last, now_ms());
    if (nx == COSEM_MULTI_RUN && (cosem_client_busy(&s->client) || s->done_op != 0)) {
        return;
    }
    if (nx != COSEM_MULTI_DONE) {
        s->job_failed = true;
        if (s->job_err.status == COSEM_OK) {
            s->job_err.status = COSEM_E_STATE;
            s->job_err.layer = COSEM_CLIENT_LAYER_LOCAL;
        }
    }
    slot_close_session(m, s, COSEM_CLIENT_OP_NONE);
}

/* Acts on the operations the session has completed. */
static void slot_process(cosem_multi_t *m, cosem_multi_slot_t *s)
{
    while (s->state >= SL_RUN && s->done_op != COSEM_CLIENT_OP_NONE) {
        uint8_t op = s->done_op;
        cosem_client_error_t err = s->done_err;
        s->done_op = COSEM_CLIENT_OP_NONE;
        if (s->state == SL_CLOSE) {
            slot_close_session(m, s, op); /* release or disconnect done */
        } else if (err.layer == COSEM_CLIENT_LAYER_LINK || err.status == COSEM_E_IO) {
            slot_link_fail(m, s,
                           op == COSEM_CLIENT_OP_CONNECT ? COSEM_MULTI_STAGE_ASSOCIATE
                                                         : COSEM_MULTI_STAGE_OPERATION,
                           &err);
        } else if (op == COSEM_CLIENT_OP_CONNECT && err.status != COSEM_OK) {
            close_fd(m, s);
            slot_fail(m, s, COSEM_MULTI_STAGE_ASSOCIATE, &err);
        } else {
            slot_step(m, s, op == COSEM_CLIENT_OP_CONNECT ? NULL : &err);
        }
    }
}

/* The TCP connection is up: prepare the session and associate. */
static void slot_connected(cosem_multi_t *m, cosem_multi_slot_t *s)
{
    cosem_client_config_t cfg = s->target.cfg;
    cosem_status_t st;
    cfg.send.fn = slot_send;
    cfg.send.user = s;
    cfg.done.fn = slot_done;
    cfg.done.user = s;
    s->state = SL_RUN;
    s->done_op = COSEM_CLIENT_OP_NONE;
    s->connected = true;
    if (++m->stats.connected > m->stats.peak_connected) {
        m->stats.peak_connected = m->stats.connected;
    }
    watch(m, s, false);
    st = cosem_client_init(&s->client, &cfg, s->buf, m->slot_buf);
    if (st == COSEM_OK) {
        st = cosem_client_connect(&s->client, now_ms());
    }
    if (st != COSEM_OK) {
        cosem_client_error_t e;
        memset(&e, 0, sizeof e);
        e.status = st;
        e.layer = st == COSEM_E_IO ? COSEM_CLIENT_LAYER_LINK : COSEM_CLIENT_LAYER_LOCAL;
        if (st == COSEM_E_IO) {
            slot_link_fail(m, s, COSEM_MULTI_STAGE_ASSOCIATE, &e);
        } else {
            close_fd(m, s);
            slot_fail(m, s, COSEM_MULTI_STAGE_ASSOCIATE, &e);
        }
        return;
    }
    slot_process(m, s);
}

/* Opens the serial line of the target (8N1, non-blocking) and goes on. */
static void slot_open_line(cosem_multi_t *m, cosem_multi_slot_t *s)
{
    int fd = open(s->target.device, O_RDWR | O_NOCTTY | O_NONBLOCK);
    cosem_status_t st = COSEM_E_IO;
    if (fd >= 0) {
        (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
        st = cosem_posix_serial_configure(fd, s->target.baud ? s->target.baud : 9600u);
        s->fd = fd;
        s->tty = true;
    }
    if (st != COSEM_OK) {
        s->sys_errno = errno;
        slot_link_status(m, s, COSEM_MULTI_STAGE_TCP, st);
        return;
    }
    slot_connected(m, s);
}

/* Starts an attempt: a non-blocking TCP connect (or the serial line). */
static void slot_attempt(cosem_multi_t *m, cosem_multi_slot_t *s)
{
    int fd, one = 1, fl;
    s->sys_errno = 0;
    s->job_failed = false;
    s->tty = false;
    memset(&s->job_err, 0, sizeof s->job_err);
    s->attempt_end = m->cfg.attempt_timeout_ms ? now_ms() + m->cfg.attempt_timeout_ms : 0;
    if (s->target.device != NULL) {
        slot_open_line(m, s);
        return;
    }
    fd = socket(s->target.addr.sa.sa_family, SOCK_STREAM, 0);
    if (fd < 0) {
        s->sys_errno = errno;
        slot_link_status(m, s, COSEM_MULTI_STAGE_TCP, COSEM_E_IO);
        return;
    }
    fl = fcntl(fd, F_GETFL, 0);
    (void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    s->fd = fd;
    if (connect(fd, &s->target.addr.sa, s->target.addr_len) == 0) {
        slot_connected(m, s);
        return;
    }
    if (errno != EINPROGRESS) {
        s->sys_errno = errno;
        slot_link_status(m, s, COSEM_MULTI_STAGE_TCP, COSEM_E_CLOSED);
        return;
    }
    s->state = SL_CONNECT;
    s->deadline = now_ms() + (m->cfg.connect_timeout_ms ? m->cfg.connect_timeout_ms : 5000u);
    watch(m, s, true);
}

/* Takes new jobs while slots are free and the cap allows. */
static void take_jobs(cosem_multi_t *m)
{
    while (!m->exhausted && m->free_head >= 0 && m->stats.active < m->cfg.max_active) {
        cosem_multi_slot_t *s = &m->slots[m->free_head];
        memset(&s->target, 0, sizeof s->target);
        s->job = NULL;
        if (!m->cfg.next(m->cfg.user, &s->target, &s->job)) {
            m->exhausted = true;
            return;
        }
        m->free_head = s->next_free;
        m->stats.started++;
        m->stats.active++;
        if (m->stats.active > m->stats.peak_active) {
            m->stats.peak_active = m->stats.active;
        }
        s->attempt = 0;
        s->fd = -1;
        s->in_epoll = false;
        s->connected = false;
        s->state = SL_WAIT;
        slot_attempt(m, s);
    }
}

/* ---- events -------------------------------------------------------------- */

/* Write readiness while connecting: the connect's outcome. */
static void on_connect_ready(cosem_multi_t *m, cosem_multi_slot_t *s)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
        err = errno;
    }
    if (err != 0) {
        s->sys_errno = err;
        slot_link_status(m, s, COSEM_MULTI_STAGE_TCP,
                         err == ETIMEDOUT ? COSEM_E_TIMEOUT : COSEM_E_CLOSED);
        return;
    }
    slot_connected(m, s);
}

/* Read readiness: everything the socket holds goes to the session. */
static void on_readable(cosem_multi_t *m, cosem_multi_slot_t *s)
{
    ssize_t n;
    for (;;) {
        n = read(s->fd, m->rx, sizeof m->rx);
        if (n > 0) {
            m->stats.rx_bytes += (unsigned long)n;
            (void)cosem_client_feed(&s->client, m->rx, (size_t)n, now_ms());
            slot_process(m, s);
            if (s->state < SL_RUN || (size_t)n < sizeof m->rx) {
                return;
            }
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if ((n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) || (n == 0 && s->tty)) {
            return; /* (a serial line reads 0 octets when it has none: VMIN 0) */
        }
        break;
    }
    /* end of stream or a socket error */
    s->sys_errno = n < 0 ? errno : 0;
    close_fd(m, s);
    cosem_client_link_closed(&s->client, now_ms());
    if (s->done_op != COSEM_CLIENT_OP_NONE) {
        slot_process(m, s);
    } else if (s->state == SL_CLOSE) {
        slot_finish_job(m, s);
    } else {
        slot_link_status(m, s, COSEM_MULTI_STAGE_OPERATION, COSEM_E_CLOSED);
    }
}

/* One socket event of slot s. */
static void on_event(cosem_multi_t *m, cosem_multi_slot_t *s, bool in, bool out, bool hup)
{
    if (s->state == SL_CONNECT && (out || hup)) {
        on_connect_ready(m, s);
    } else if (s->state >= SL_RUN && (in || hup)) {
        on_readable(m, s);
    }
}

/* Timers of every slot. */
static void sweep(cosem_multi_t *m, uint32_t t)
{
    unsigned k;
    m->last_sweep = t;
    for (k = 0; k < m->nslots; k++) {
        cosem_multi_slot_t *s = &m->slots[k];
        if (s->state == SL_FREE) {
            continue;
        }
        if (s->state == SL_WAIT) {
            if (after(t, s->deadline)) {
                slot_attempt(m, s);
            }
        } else if (s->state == SL_CLOSE && s->attempt_end != 0 && after(t, s->attempt_end)) {
            slot_finish_job(m, s); /* the job is over; the release took too long */
        } else if (s->attempt_end != 0 && after(t, s->attempt_end)) {
            s->done_op = COSEM_CLIENT_OP_NONE;
            slot_link_status(m, s, COSEM_MULTI_STAGE_TIMEOUT, COSEM_E_TIMEOUT);
        } else if (s->state == SL_CONNECT) {
            if (after(t, s->deadline)) {
                slot_link_status(m, s, COSEM_MULTI_STAGE_TCP, COSEM_E_TIMEOUT);
            }
        } else {
            (void)cosem_client_poll(&s->client, t);
            slot_process(m, s);
        }
    }
}

/* Waits for socket events up to timeout_ms and handles them. */
static void wait_events(cosem_multi_t *m, int timeout_ms)
{
#if MULTI_EPOLL
    struct epoll_event ev[MULTI_EVENTS];
    int n, k;
    n = epoll_wait(m->efd, ev, MULTI_EVENTS, timeout_ms);
    for (k = 0; k < n; k++) {
        uint32_t e = ev[k].events;
        if (ev[k].data.u32 < m->nslots) {
            on_event(m, &m->slots[ev[k].data.u32], (e & EPOLLIN) != 0, (e & EPOLLOUT) != 0,
                     (e & (EPOLLHUP | EPOLLERR)) != 0);
        }
    }
#else
    struct pollfd *p = m->pfd;
    unsigned k, n = 0;
    int r;
    for (k = 0; k < m->nslots; k++) {
        cosem_multi_slot_t *s = &m->slots[k];
        if (s->fd >= 0 && (s->state == SL_CONNECT || s->state >= SL_RUN)) {
            p[n].fd = s->fd;
            p[n].events = s->state == SL_CONNECT ? POLLOUT : POLLIN;
            p[n].revents = 0;
            n++;
        }
    }
    r = poll(p, n, timeout_ms);
    if (r <= 0) {
        return;
    }
    for (k = 0; k < m->nslots && n > 0; k++) {
        cosem_multi_slot_t *s = &m->slots[k];
        if (s->fd >= 0 && p->fd == s->fd) {
            short e = p->revents;
            p++;
            n--;
            if (e != 0) {
                on_event(m, s, (e & POLLIN) != 0, (e & POLLOUT) != 0,
                         (e & (POLLHUP | POLLERR)) != 0);
            }
        }
    }
#endif
}

/* ---- public -------------------------------------------------------------- */

/* See cosem_posix_multi.h. */
size_t cosem_multi_buf_size(unsigned nslots, size_t slot_buf)
{
    size_t per = slot_buf, extra = 0;
#if !MULTI_EPOLL
    per += sizeof(struct pollfd);
    extra = sizeof(struct pollfd); /* alignment of the pollfd array */
#endif
    if (nslots == 0 || per > ((size_t)-1 - extra) / nslots) {
        return 0;
    }
    return per * nslots + extra;
}

/* See cosem_posix_multi.h. */
cosem_status_t cosem_multi_init(cosem_multi_t *m, const cosem_multi_config_t *cfg,
                                cosem_multi_slot_t *slots, unsigned nslots, size_t slot_buf,
                                uint8_t *buf, size_t buf_len)
{
    unsigned k;
    size_t need = cosem_multi_buf_size(nslots, slot_buf);
    if (m == NULL || cfg == NULL || slots == NULL || buf == NULL || cfg->next == NULL ||
        cfg->step == NULL || cfg->finish == NULL || cfg->max_active == 0 || slot_buf == 0 ||
        need == 0) {
        return COSEM_E_ARG;
    }
    if (buf_len < need) {
        return COSEM_E_NOSPACE;
    }
    memset(m, 0, offsetof(cosem_multi_t, rx));
    m->cfg = *cfg;
    if (m->cfg.max_active > nslots) {
        m->cfg.max_active = nslots;
    }
    m->slots = slots;
    m->nslots = nslots;
    m->slot_buf = slot_buf;
    m->free_head = -1;
    for (k = nslots; k-- > 0;) {
        memset(&slots[k], 0, sizeof slots[k]);
        slots[k].m = m;
        slots[k].fd = -1;
        slots[k].buf = buf + (size_t)k * slot_buf;
        slots[k].next_free = m->free_head;
        m->free_head = (int)k;
    }
#if MULTI_EPOLL
    m->efd = epoll_create1(EPOLL_CLOEXEC);
    if (m->efd < 0) {
        return COSEM_E_IO;
    }
#else
    m->efd = -1;
    {
        uintptr_t a = (uintptr_t)(buf + (size_t)nslots * slot_buf);
        a = (a + sizeof(struct pollfd) - 1u) / sizeof(struct pollfd) * sizeof(struct pollfd);
        m->pfd = (void *)a;
    }
#endif
    m->last_sweep = now_ms();
    return COSEM_OK;
}

/* See cosem_posix_multi.h. */
bool cosem_multi_step(cosem_multi_t *m, int timeout_ms)
{
    uint32_t t;
    int wait;
    take_jobs(m);
    if (m->stats.active == 0 && m->exhausted) {
        return false;
    }
    t = now_ms();
    wait = (int)(m->last_sweep + MULTI_SWEEP_MS - t);
    if (wait < 0) {
        wait = 0;
    }
    if (wait > timeout_ms) {
        wait = timeout_ms;
    }
    wait_events(m, wait);
    t = now_ms();
    if (after(t, m->last_sweep + MULTI_SWEEP_MS)) {
        sweep(m, t);
    }
    take_jobs(m);
    return !(m->stats.active == 0 && m->exhausted);
}

/* See cosem_posix_multi.h. */
void cosem_multi_run(cosem_multi_t *m, volatile int *stop)
{
    while ((stop == NULL || *stop == 0) && cosem_multi_step(m, 1000)) {
    }
}

/* See cosem_posix_multi.h. */
void cosem_multi_wake(cosem_multi_t *m)
{
    m->exhausted = false;
}

/* See cosem_posix_multi.h. */
void cosem_multi_free(cosem_multi_t *m)
{
    unsigned k;
    cosem_client_error_t e;
    memset(&e, 0, sizeof e);
    e.status = COSEM_E_CLOSED;
    e.layer = COSEM_CLIENT_LAYER_LINK;
    for (k = 0; k < m->nslots; k++) {
        cosem_multi_slot_t *s = &m->slots[k];
        if (s->state != SL_FREE) {
            close_fd(m, s);
            slot_fail(m, s, COSEM_MULTI_STAGE_OPERATION, &e);
        }
    }
    if (m->efd >= 0) {
        (void)close(m->efd);
        m->efd = -1;
    }
}

/* See cosem_posix_multi.h. */
const cosem_multi_stats_t *cosem_multi_stats(const cosem_multi_t *m)
{
    return &m->stats;
}

/* See cosem_posix_multi.h. */
cosem_status_t cosem_multi_target_addr(cosem_multi_target_t *t, const char *host, uint16_t port)
{
    memset(&t->addr, 0, sizeof t->addr);
    if (inet_pton(AF_INET, host, &t->addr.in4.sin_addr) == 1) {
        t->addr.in4.sin_family = AF_INET;
        t->addr.in4.sin_port = htons(port);
        t->addr_len = sizeof t->addr.in4;
        return COSEM_OK;
    }
    if (inet_pton(AF_INET6, host, &t->addr.in6.sin6_addr) == 1) {
        t->addr.in6.sin6_family = AF_INET6;
        t->addr.in6.sin6_port = htons(port);
        t->addr_len = sizeof t->addr.in6;
        return COSEM_OK;
    }
    return COSEM_E_ARG;
}
