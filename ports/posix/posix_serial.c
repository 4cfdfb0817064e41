/* SPDX-License-Identifier: Apache-2.0 */
/* POSIX port: serial lines through termios (raw 8N1 at a chosen rate),
 * optionally with the Linux kernel's RS-485 direction control. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L
#define _DARWIN_C_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/serial.h>
#include <sys/ioctl.h>
#endif

#include "cosem_posix.h"
#include "posix_internal.h"

/* Maps bits per second to the termios speed constant; B0 when unknown. */
static speed_t speed_of(unsigned baud)
{
    static const struct {
        unsigned baud;
        speed_t speed;
    } table[] = {
        {300, B300},     {600, B600},     {1200, B1200},   {2400, B2400},
        {4800, B4800},   {9600, B9600},   {19200, B19200}, {38400, B38400},
        {57600, B57600}, {115200, B115200}, {230400, B230400},
    };
    size_t i;
    for (i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].baud == baud) {
            return table[i].speed;
        }
    }
    return B0;
}

/* Raw: no echo, no line discipline, no flow control, reads return at once;
 * 8N1, or 7E1 for the IEC 62056-21 opening. */
static cosem_status_t configure(int fd, unsigned baud, bool iec_7e1, int when)
{
    struct termios t;
    speed_t sp = speed_of(baud);
    if (sp == B0) {
        return COSEM_E_ARG;
    }
    if (tcgetattr(fd, &t) < 0) {
        return COSEM_E_IO;
    }
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON |
                             IXOFF | IXANY | INPCK);
    t.c_oflag &= ~(tcflag_t)OPOST;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB);
#ifdef CRTSCTS
    t.c_cflag &= ~(tcflag_t)CRTSCTS;
#endif
    t.c_cflag |= (iec_7e1 ? (tcflag_t)(CS7 | PARENB) : (tcflag_t)CS8) | CREAD | CLOCAL;
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, sp) < 0 || cfsetospeed(&t, sp) < 0 || tcsetattr(fd, when, &t) < 0) {
        return COSEM_E_IO;
    }
    return COSEM_OK;
}

cosem_status_t cosem_posix_serial_configure(int fd, unsigned baud)
{
    cosem_status_t st = configure(fd, baud, false, TCSANOW);
    if (st == COSEM_OK) {
        (void)tcflush(fd, TCIOFLUSH);
    }
    return st;
}

cosem_status_t cosem_posix_serial_speed(int fd, unsigned baud, bool iec_7e1)
{
    return configure(fd, baud, iec_7e1, TCSADRAIN);
}

/* Asks the driver to drive RTS as the RS-485 transmit enable. */
static cosem_status_t enable_rs485(int fd)
{
#if defined(__linux__) && defined(TIOCSRS485)
    struct serial_rs485 rs;
    memset(&rs, 0, sizeof rs);
    rs.flags = SER_RS485_ENABLED | SER_RS485_RTS_ON_SEND;
    return ioctl(fd, TIOCSRS485, &rs) < 0 ? COSEM_E_UNSUPPORTED : COSEM_OK;
#else
    (void)fd;
    return COSEM_E_UNSUPPORTED;
#endif
}

/* Opens and configures a serial device and adds it to the loop. */
cosem_status_t cosem_posix_serial_open(cosem_posix_loop_t *loop, const char *path,
                                       const cosem_posix_serial_opts_t *opts,
                                       const cosem_posix_handlers_t *h, int *id)
{
    cosem_status_t st;
    int fd, i;
    if (path == NULL || opts == NULL || id == NULL || speed_of(opts->baud) == B0) {
        return COSEM_E_ARG;
    }
    fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        return COSEM_E_IO;
    }
    st = cosem_posix_serial_configure(fd, opts->baud);
    if (st == COSEM_OK && opts->rs485) {
        st = enable_rs485(fd);
    }
    if (st == COSEM_OK && cosem_posix_fd_nonblock(fd) < 0) {
        st = COSEM_E_IO;
    }
    i = st == COSEM_OK ? cosem_posix_ep_add(loop, fd, COSEM_POSIX_EP_SERIAL, h) : -1;
    if (i < 0) {
        (void)close(fd);
        return st != COSEM_OK ? st : COSEM_E_NOSPACE;
    }
    *id = i;
    cosem_posix_ep_opened(loop, i);
    return COSEM_OK;
}
