/* SPDX-License-Identifier: Apache-2.0 */
/* The POSIX server glue's configuration: a wrapper-only and an HDLC-only
 * server need no settings of the other link, take slot memory for their own
 * link only, refuse the link they do not have, and every COSEM_E_ARG is
 * logged with the argument at fault. */
#include <string.h>

#include <cosem/classes.h>

#include "cosem_posix.h"
#include "test_util.h"

#define PDU 1024u

static cosem_posix_loop_t g_loop;
static cosem_server_t g_server;
static cosem_posix_server_t g_glue;
static cosem_posix_server_conn_t g_conns[2];
static uint8_t g_mem[2 * COSEM_POSIX_SERVER_SLOT_SIZE(PDU, COSEM_HDLC_DEFAULT_INFO)];
static char g_log[256];
static cosem_port_t g_port;

static void log_fn(void *user, cosem_log_level_t level, const char *text)
{
    (void)user;
    ck_assert_int_eq(level, COSEM_LOG_ERROR);
    strncpy(g_log, text, sizeof g_log - 1);
}

static uint32_t g_value = 7;
static const cosem_vref_t g_ref = COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &g_value);
static const cosem_access_t g_ro[COSEM_MAX_ACCESS_LEVELS] = {{COSEM_ALL, 0, 0}};
static const cosem_object_t g_objects[] = {
    {{0, 0, 96, 1, 0, 255}, &cosem_class_data, &g_ref, NULL, g_ro, NULL}};
static const cosem_assoc_config_t g_assocs[] = {
    {0x10, COSEM_AUTH_NONE, 0, COSEM_CONF_GET, NULL, NULL, false, NULL}};

/* A server, and a glue configuration with neither link. */
static cosem_posix_server_config_t setup(void)
{
    cosem_server_config_t sc;
    cosem_posix_server_config_t gc;
    memset(&sc, 0, sizeof sc);
    sc.objects = g_objects;
    sc.object_count = 1;
    sc.assocs = g_assocs;
    sc.assoc_count = 1;
    memset(&g_port, 0, sizeof g_port);
    g_port.log = log_fn;
    sc.port = &g_port;
    sc.max_pdu = PDU;
    ck_assert_int_eq(cosem_server_init(&g_server, &sc), COSEM_OK);
    cosem_posix_loop_init(&g_loop);
    memset(&gc, 0, sizeof gc);
    gc.server = &g_server;
    gc.max_apdu = PDU;
    g_log[0] = '\0';
    return gc;
}

static cosem_status_t init(const cosem_posix_server_config_t *gc, size_t len)
{
    return cosem_posix_server_init(&g_glue, gc, &g_loop, g_conns, 2, g_mem, len);
}

START_TEST(test_wrapper_only)
{
    cosem_posix_server_config_t gc = setup();
    size_t slot = COSEM_WRAPPER_BUF_SIZE(PDU) + PDU + 32u; /* no HDLC buffer */
    int id;
    gc.wport = COSEM_WRAPPER_WPORT_MANAGEMENT;
    ck_assert_int_eq(init(&gc, 2 * slot - 1), COSEM_E_NOSPACE);
    ck_assert_int_eq(init(&gc, 2 * slot), COSEM_OK);
    ck_assert_str_eq(g_log, "");
    ck_assert_int_eq(cosem_posix_server_listen(&g_glue, COSEM_POSIX_SERVER_WRAPPER, "127.0.0.1", 0,
                                               &id), COSEM_OK);
    ck_assert_uint_ne(cosem_posix_local_port(&g_loop, id), 0);
    ck_assert_int_eq(cosem_posix_server_listen(&g_glue, COSEM_POSIX_SERVER_HDLC, "127.0.0.1", 0,
                                               &id), COSEM_E_ARG);
    ck_assert_str_eq(g_log, "cosem_posix_server_listen: HDLC link asked for but cfg->hdlc_addr "
                            "was not set");
    ck_assert_int_eq(cosem_posix_server_adopt(&g_glue, 0, &id), COSEM_E_ARG);
    ck_assert_ptr_nonnull(strstr(g_log, "cosem_posix_server_adopt: HDLC link"));
    cosem_posix_loop_free(&g_loop);
}
END_TEST

START_TEST(test_hdlc_only)
{
    cosem_posix_server_config_t gc = setup();
    size_t slot = COSEM_HDLC_BUF_SIZE_SHARED(COSEM_HDLC_DEFAULT_INFO, PDU) + PDU + 32u;
    int id;
    gc.hdlc_addr.upper = COSEM_HDLC_MANAGEMENT_LD;
    gc.hdlc_addr.lower = 17;
    gc.hdlc_addr.len = 2;
    ck_assert_int_eq(init(&gc, 2 * slot - 1), COSEM_E_NOSPACE);
    ck_assert_int_eq(init(&gc, 2 * slot), COSEM_OK);
    ck_assert_int_eq(cosem_posix_server_listen(&g_glue, COSEM_POSIX_SERVER_HDLC, "127.0.0.1", 0,
                                               &id), COSEM_OK);
    ck_assert_int_eq(cosem_posix_server_listen(&g_glue, COSEM_POSIX_SERVER_WRAPPER, "127.0.0.1", 0,
                                               &id), COSEM_E_ARG);
    ck_assert_str_eq(g_log, "cosem_posix_server_listen: wrapper link asked for but cfg->wport "
                            "was 0");
    cosem_posix_loop_free(&g_loop);
}
END_TEST

START_TEST(test_bad_arguments_logged)
{
    cosem_posix_server_config_t gc = setup();
    ck_assert_int_eq(init(&gc, sizeof g_mem), COSEM_E_ARG);
    ck_assert_str_eq(g_log, "cosem_posix_server_init: no link: set cfg->wport (wrapper) or "
                            "cfg->hdlc_addr (HDLC)");
    gc.hdlc_addr.upper = 1;
    gc.hdlc_addr.len = 3;
    ck_assert_int_eq(init(&gc, sizeof g_mem), COSEM_E_ARG);
    ck_assert_str_eq(g_log, "cosem_posix_server_init: cfg->hdlc_addr is not a valid HDLC address");
    gc.hdlc_addr.len = 1;
    gc.max_apdu = 63;
    ck_assert_int_eq(init(&gc, sizeof g_mem), COSEM_E_ARG);
    ck_assert_str_eq(g_log, "cosem_posix_server_init: cfg->max_apdu is below 64");
    gc.max_apdu = PDU;
    ck_assert_int_eq(cosem_posix_server_init(&g_glue, &gc, &g_loop, g_conns, 0, g_mem,
                                             sizeof g_mem), COSEM_E_ARG);
    ck_assert_str_eq(g_log, "cosem_posix_server_init: no connection slots (conns, count, mem)");
    ck_assert_int_eq(init(&gc, sizeof g_mem), COSEM_OK);
    ck_assert_int_eq(cosem_posix_server_listen(&g_glue, (cosem_posix_server_link_t)7, NULL, 0,
                                               NULL), COSEM_E_ARG);
    ck_assert_str_eq(g_log, "cosem_posix_server_listen: ps and id must not be NULL");
    cosem_posix_loop_free(&g_loop);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("posix_server");
    TCase *tc = tcase_create("config");
    tcase_add_test(tc, test_wrapper_only);
    tcase_add_test(tc, test_hdlc_only);
    tcase_add_test(tc, test_bad_arguments_logged);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
