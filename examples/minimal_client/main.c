/* SPDX-License-Identifier: Apache-2.0 */
/* A complete DLMS/COSEM client: associates as the public client with a meter
 * over the wrapper (or HDLC over TCP), reads the active energy register
 * 1.0.1.8.0.255 and releases the association. Blocking calls of the POSIX
 * port on top of the non-blocking session of client.h.
 *   minimal_client HOST_ADDRESS [PORT [hdlc]]   (examples/minimal_server answers it) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/cosem.h>
#include <cosem_posix.h>

static cosem_posix_loop_t loop;
static cosem_posix_client_t client;
static uint8_t session_mem[8192];

int main(int argc, char **argv)
{
    static const cosem_attr_ref_t energy = {3, {1, 0, 1, 8, 0, 255}, 2}; /* Register, value */
    cosem_client_config_t cfg;
    cosem_posix_client_opts_t opts;
    cosem_client_collect_t value;
    cosem_axdr_reader_t r;
    uint8_t buf[64];
    size_t len = 0;
    uint32_t wh = 0;
    cosem_status_t st;
    memset(&cfg, 0, sizeof cfg); /* public client, no password, defaults */
    memset(&opts, 0, sizeof opts);
    cfg.link = argc > 3 && strcmp(argv[3], "hdlc") == 0 ? COSEM_CLIENT_LINK_HDLC
                                                          : COSEM_CLIENT_LINK_WRAPPER;
    opts.host = argc > 1 ? argv[1] : "127.0.0.1";
    opts.port = (uint16_t)atoi(argc > 2 ? argv[2] : "4059");
    cosem_posix_loop_init(&loop);
    if (cosem_client_buf_size(&cfg) > sizeof session_mem) {
        return 1;
    }
    st = cosem_posix_client_open(&client, &loop, &opts, &cfg, session_mem, sizeof session_mem);
    if (st == COSEM_OK) {
        cosem_client_collect_init(&value, buf, sizeof buf);
        st = cosem_posix_client_get(&client, &energy, NULL, cosem_client_collect_fn, &value);
    }
    if (st == COSEM_OK) {
        const uint8_t *data = cosem_client_collect_data(&value, &len);
        cosem_axdr_reader_init(&r, data, len);
        cosem_axdr_read_u32(&r, &wh); /* the register is double-long-unsigned */
        st = cosem_axdr_reader_expect_end(&r);
    }
    cosem_posix_client_close(&client);
    cosem_posix_loop_free(&loop);
    if (st != COSEM_OK) {
        fprintf(stderr, "minimal_client: %d\n", (int)st);
        return 1;
    }
    printf("%lu Wh\n", (unsigned long)wh);
    return 0;
}
