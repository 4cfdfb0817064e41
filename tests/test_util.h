/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the Check suites: hex, capture files, a main(). */
#ifndef COSEM_TEST_UTIL_H
#define COSEM_TEST_UTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

/* Parses hex pairs separated by optional white space; fails the test on
 * bad input or overflow. Returns the byte count. */
size_t tu_hex(const char *hex, uint8_t *out, size_t cap);

/* Formats bytes as upper-case hex pairs separated by spaces (static buffer). */
const char *tu_hexstr(const uint8_t *p, size_t n);

/* One frame of a capture file in tests/vectors/ ("C>" or "S>" line). */
typedef struct {
    char dir;          /* 'C' client to server, 'S' server to client */
    size_t len;
    uint8_t *bytes;    /* heap copy, freed by tu_vec_free() */
    int line;          /* line number in the file */
    char *note;        /* last "# ..." comment before the frame (heap) */
} tu_frame_t;

/* Loads every frame of tests/vectors/<name>; fails the test if the file
 * cannot be read. Returns the number of frames. */
size_t tu_vec_load(const char *name, tu_frame_t *frames, size_t max);
void tu_vec_free(tu_frame_t *frames, size_t n);

/* Asserts two byte strings are equal, printing both in hex if not. */
#define tu_assert_bytes(got, got_len, want, want_len)                                    \
    do {                                                                                 \
        size_t tu_gl = (got_len), tu_wl = (want_len);                                    \
        ck_assert_msg(tu_gl == tu_wl && memcmp((got), (want), tu_gl) == 0,               \
                      "bytes differ:\n got  %s", tu_hexstr((got), tu_gl));               \
    } while (0)

/* Runs one suite and returns the process exit status. */
int tu_run(Suite *s);

#define TU_MAIN(suite_fn)        \
    int main(void)               \
    {                            \
        return tu_run(suite_fn()); \
    }

#endif
