/* SPDX-License-Identifier: Apache-2.0 */
/* Bench: GET requests per second for a register value over the wrapper on
 * loopback, one request at a time (request, wait for the response, next).
 *   meter_bench PORT [SECONDS]     (a meter_server listening on 127.0.0.1:PORT)
 * The requests are literal APDUs: the public client's AARQ and a
 * get-request-normal of 1.0.1.8.0.255 attribute 2. */
#define _DEFAULT_SOURCE 1

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

int main(int argc, char **argv)
{
    struct sockaddr_in a;
    uint8_t resp[2048];
    double seconds = argc > 2 ? atof(argv[2]) : 3.0, t0, t;
    unsigned long count = 0;
    int fd, one = 1;
    if (argc < 2) {
        fprintf(stderr, "usage: meter_bench PORT [SECONDS]\n");
        return 1;
    }
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)atoi(argv[1]));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("connect");
        return 2;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!exchange(fd, aarq, sizeof aarq, resp, sizeof resp) || resp[8] != 0x61 || resp[25] != 0) {
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
