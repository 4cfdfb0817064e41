/* SPDX-License-Identifier: Apache-2.0 */
/* Bench: GET requests per second for a register value over the wrapper on
 * loopback, one request at a time (request, wait for the response, next).
 *   meter_bench PORT [SECONDS]     (a meter_server listening on 127.0.0.1:PORT)
 * Many meters: CLIENTS connections, one to each of the first CLIENTS
 * wrapper ports of a --ready-file, each with one GET of the Clock
 * (0.0.1.0.0.255 attribute 2, an object every model has) outstanding,
 * served from one thread with poll():
 *   meter_bench -r READY_FILE CLIENTS [SECONDS]
 * The requests are literal APDUs: the public client's AARQ and a
 * get-request-normal of 1.0.1.8.0.255 attribute 2. */
#define _DEFAULT_SOURCE 1

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* AARQ, public client, no authentication (LN context, InitiateRequest with
 * conformance 00 1E 1D and max PDU 0xFFFF), behind a wrapper header. */
static const uint8_t aarq[] = {0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x1F, 0x60, 0x1D, 0xA1,
                               0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0xBE,
                               0x10, 0x04, 0x0E, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04,
                               0x00, 0x00, 0x1E, 0x1D, 0xFF, 0xFF};
/* GET 3 / 1.0.1.8.0.255 / 2 behind a wrapper header. */
static const uint8_t get[] = {0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x0D, 0xC0, 0x01, 0xC1,
                              0x00, 0x03, 0x01, 0x00, 0x01, 0x08, 0x00, 0xFF, 0x02, 0x00};

/* GET 8 / 0.0.1.0.0.255 / 2 behind a wrapper header. */
static const uint8_t get_clock[] = {0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x0D, 0xC0, 0x01, 0xC1,
                                    0x00, 0x08, 0x00, 0x00, 0x01, 0x00, 0x00, 0xFF, 0x02, 0x00};

/* Seconds of the monotonic clock. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sends one frame and reads one whole response frame; 0 on failure. */
static int exchange(int fd, const uint8_t *req, size_t n, uint8_t *resp, size_t cap)
{
    size_t got = 0, want = 8;
    if (send(fd, req, n, 0) != (ssize_t)n) {
        return 0;
    }
    while (got < want) {
        ssize_t r = recv(fd, resp + got, cap - got, 0);
        if (r <= 0) {
            return 0;
        }
        got += (size_t)r;
        if (got >= 8) {
            want = 8u + ((size_t)resp[6] << 8 | resp[7]);
            if (want > cap) {
                return 0;
            }
        }
    }
    return 1;
}

/* A TCP connection to 127.0.0.1:port with Nagle off; -1 on failure. */
static int connect_port(unsigned port)
{
    struct sockaddr_in a;
    int fd, one = 1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("connect");
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Associates as the public client; 0 when refused. */
static int associate(int fd, uint8_t *resp, size_t cap)
{
    return exchange(fd, aarq, sizeof aarq, resp, cap) && resp[8] == 0x61 && resp[25] == 0;
}

#define MANY 1024

/* CLIENTS connections to the wrapper ports of a ready file, one GET
 * outstanding on each. */
static int many(const char *ready, int clients, double seconds)
{
    static struct pollfd pfd[MANY];
    static size_t got[MANY];
    static uint8_t buf[MANY][512];
    unsigned port;
    unsigned long count = 0;
    int n = 0, i;
    double t0, t;
    char line[64];
    FILE *f = fopen(ready, "r");
    if (f == NULL || clients < 1 || clients > MANY) {
        fprintf(stderr, "cannot read %s or bad client count\n", ready);
        return 1;
    }
    while (n < clients && fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "wrapper %u", &port) == 1) {
            pfd[n].fd = connect_port(port);
            if (pfd[n].fd < 0 || !associate(pfd[n].fd, buf[n], sizeof buf[n])) {
                fprintf(stderr, "association on port %u refused\n", port);
                return 3;
            }
            pfd[n].events = POLLIN;
            n++;
        }
    }
    fclose(f);
    if (n < clients) {
        fprintf(stderr, "only %d wrapper ports in %s\n", n, ready);
        return 1;
    }
    t0 = now_s();
    for (i = 0; i < n; i++) {
        (void)send(pfd[i].fd, get_clock, sizeof get_clock, 0);
    }
    do {
        if (poll(pfd, (nfds_t)n, 1000) < 0) {
            return 4;
        }
        for (i = 0; i < n; i++) {
            ssize_t r;
            if ((pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) == 0) {
                continue;
            }
            r = recv(pfd[i].fd, buf[i] + got[i], sizeof buf[i] - got[i], 0);
            if (r <= 0) {
                fprintf(stderr, "connection %d closed\n", i);
                return 4;
            }
            got[i] += (size_t)r;
            if (got[i] >= 8 && got[i] >= 8u + ((size_t)buf[i][6] << 8 | buf[i][7])) {
                if (buf[i][8] != 0xC4 || buf[i][11] != 0) {
                    fprintf(stderr, "GET failed\n");
                    return 4;
                }
                got[i] = 0;
                count++;
                (void)send(pfd[i].fd, get_clock, sizeof get_clock, 0);
            }
        }
        t = now_s();
    } while (t - t0 < seconds);
    printf("%d clients on %d meters: %lu GETs of the Clock in %.2f s: %.0f GETs/s\n", n, n, count,
           t - t0, (double)count / (t - t0));
    return 0;
}

int main(int argc, char **argv)
{
    uint8_t resp[2048];
    double seconds = argc > 2 ? atof(argv[2]) : 3.0, t0, t;
    unsigned long count = 0;
    int fd;
    if (argc >= 4 && strcmp(argv[1], "-r") == 0) {
        return many(argv[2], atoi(argv[3]), argc > 4 ? atof(argv[4]) : 3.0);
    }
    if (argc < 2) {
        fprintf(stderr, "usage: meter_bench PORT [SECONDS] | meter_bench -r READY CLIENTS [SECONDS]\n");
        return 1;
    }
    fd = connect_port((unsigned)atoi(argv[1]));
    if (fd < 0) {
        return 2;
    }
    if (!associate(fd, resp, sizeof resp)) {
        fprintf(stderr, "association refused\n");
        return 3;
    }
    t0 = now_s();
    do {
        if (!exchange(fd, get, sizeof get, resp, sizeof resp) || resp[8] != 0xC4 ||
            resp[11] != 0) {
            fprintf(stderr, "GET failed\n");
            return 4;
        }
        count++;
        t = now_s();
    } while (t - t0 < seconds);
    printf("%lu GETs in %.2f s: %.0f GETs/s (%.1f us per request/response)\n", count, t - t0,
           (double)count / (t - t0), (t - t0) * 1e6 / (double)count);
    close(fd);
    return 0;
}
