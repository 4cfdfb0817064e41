/* SPDX-License-Identifier: Apache-2.0 */
/* Loopback throughput of the example meter against a plain echo server
 * (issue #12): GETs per second of the register 1.0.1.8.0.255 attribute 2
 * over the wrapper on 127.0.0.1, one association, one request in flight,
 * compared with a server that reads each request and writes a reply of the
 * same size as the meter's, the least work a server can do per request.
 * Rounds alternate meter / echo so that machine noise hits both; the ratio
 * of the medians is printed as `loopback-ratio R` (run it under
 * `taskset -c 0` to put all three processes on one core, as bench/loopback.sh
 * does).
 *   loopback_bench METER_SERVER_BINARY [SECONDS_PER_ROUND [ROUNDS]]  */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* AARQ without authentication (public client 0x10, wPorts 0x10 -> 1). */
static const unsigned char aarq[] = {
    0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x1F, 0x60, 0x1D, 0xA1, 0x09, 0x06, 0x07, 0x60,
    0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0xBE, 0x10, 0x04, 0x0E, 0x01, 0x00, 0x00, 0x00, 0x06,
    0x5F, 0x1F, 0x04, 0x00, 0x00, 0x7E, 0x1F, 0x04, 0x00};
/* GET 1.0.1.8.0.255 class 3 attribute 2. */
static const unsigned char get[] = {0x00, 0x01, 0x00, 0x10, 0x00, 0x01, 0x00, 0x0D, 0xC0, 0x01,
                                    0xC1, 0x00, 0x03, 0x01, 0x00, 0x01, 0x08, 0x00, 0xFF, 0x02,
                                    0x00};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads one wrapper frame into buf; its length, 0 on error. One request
 * is in flight at a time, so a read takes what is there: one read() per
 * frame when it arrives whole, as a plain echo server would do (two system
 * calls per request with the write). */
static size_t read_frame(int fd, unsigned char *buf, size_t cap)
{
    size_t got = 0, want = 8;
    while (got < want) {
        ssize_t r = read(fd, buf + got, cap - got);
        if (r <= 0) {
            return 0;
        }
        got += (size_t)r;
        if (got >= 8 && want == 8) {
            want = 8u + ((size_t)buf[6] << 8 | buf[7]);
            if (want > cap) {
                return 0;
            }
        }
    }
    return got;
}

static int connect_to(unsigned port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < 100; i++) {
        if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            return fd;
        }
        usleep(20000);
    }
    return -1;
}

/* Request/response rounds for `secs`: requests per second. */
static double run(int fd, double secs, size_t want_len, unsigned long *total)
{
    unsigned char buf[4096];
    unsigned long n = 0;
    double t0 = now_s(), t;
    do {
        if (write(fd, get, sizeof get) != (ssize_t)sizeof get ||
            read_frame(fd, buf, sizeof buf) != want_len) {
            fprintf(stderr, "loopback_bench: exchange failed\n");
            exit(1);
        }
        n++;
        t = now_s();
    } while (t - t0 < secs);
    if (total != NULL) {
        *total += n;
    }
    return (double)n / (t - t0);
}

/* The echo server: one connection, a reply of reply_len octets (the
 * meter's answer, sent back as is) per request read. */
static void echo_server(int lfd, const unsigned char *reply, size_t reply_len)
{
    unsigned char buf[4096];
    int fd = accept(lfd, NULL, NULL), one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    while (read_frame(fd, buf, sizeof buf) > 0) {
        if (write(fd, reply, reply_len) != (ssize_t)reply_len) {
            break;
        }
    }
    _exit(0);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    double secs = argc > 2 ? atof(argv[2]) : 1.0, m[16], e[16];
    int rounds = argc > 3 ? atoi(argv[3]) : 3, mfd, efd, lfd, one = 1;
    char ready[64], port_arg[16];
    unsigned char reply[4096];
    size_t reply_len;
    unsigned wport = 0;
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    pid_t meter, echo;
    unsigned long requests = 0;
    FILE *f;
    if (argc < 2 || rounds < 1 || rounds > 16 || secs <= 0) {
        fprintf(stderr, "usage: loopback_bench METER_SERVER [SECONDS [ROUNDS]]\n");
        return 2;
    }
    snprintf(ready, sizeof ready, "/tmp/loopback_bench.%ld", (long)getpid());
    unlink(ready);
    meter = fork();
    if (meter == 0) {
        setpgid(0, 0); /* its own group: a wrapper (bench/syscalls.sh) stops with it */
        execl(argv[1], argv[1], "--listen", "127.0.0.1", "--port", "0", "--hdlc-port", "off",
              "--state", "none", "--history", "0", "--ready-file", ready, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200 && wport == 0; i++) {
        usleep(20000);
        f = fopen(ready, "r");
        if (f != NULL) {
            if (fscanf(f, "wrapper %u", &wport) != 1) {
                wport = 0;
            }
            fclose(f);
        }
    }
    setpgid(meter, meter);
    unlink(ready);
    mfd = wport != 0 ? connect_to(wport) : -1;
    if (mfd < 0 || write(mfd, aarq, sizeof aarq) != (ssize_t)sizeof aarq ||
        read_frame(mfd, reply, sizeof reply) == 0 || write(mfd, get, sizeof get) != sizeof get ||
        (reply_len = read_frame(mfd, reply, sizeof reply)) == 0) {
        fprintf(stderr, "loopback_bench: the meter did not answer\n");
        kill(-meter, SIGTERM);
        return 1;
    }
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 1) != 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &alen) != 0) {
        perror("loopback_bench: echo server");
        kill(-meter, SIGTERM);
        return 1;
    }
    echo = fork();
    if (echo == 0) {
        echo_server(lfd, reply, reply_len);
    }
    close(lfd);
    snprintf(port_arg, sizeof port_arg, "%u", (unsigned)ntohs(a.sin_port));
    efd = connect_to((unsigned)atoi(port_arg));
    for (int r = 0; r < rounds; r++) {
        m[r] = run(mfd, secs, reply_len, &requests);
        e[r] = run(efd, secs, reply_len, NULL);
        printf("round %d: meter %.0f/s, echo %.0f/s\n", r + 1, m[r], e[r]);
    }
    close(mfd);
    close(efd);
    kill(-meter, SIGTERM);
    waitpid(meter, NULL, 0);
    waitpid(echo, NULL, 0);
    qsort(m, (size_t)rounds, sizeof m[0], cmp);
    qsort(e, (size_t)rounds, sizeof e[0], cmp);
    printf("loopback-meter-requests %lu\n", requests + 2); /* + the AARQ and first GET */
    printf("loopback-meter-rps %.0f\nloopback-echo-rps %.0f\nloopback-ratio %.2f\n",
           m[rounds / 2], e[rounds / 2], m[rounds / 2] / e[rounds / 2]);
    return 0;
}
