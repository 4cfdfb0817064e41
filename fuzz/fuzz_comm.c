/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the communication classes (comm.h, push.h): one
 * association of a server holding an IEC HDLC setup (with its station),
 * TCP-UDP, IPv4, MAC, PPP, GPRS, SMTP, GSM diagnostic, IPv6, NTP and Push
 * setup objects (all rights) takes the input's APDUs; the server ticks
 * between them so pushes run (the send hook fails every other attempt).
 * Input: flags (bit 0: associate first; bits 2-3: response capacity), then
 * length-prefixed APDUs. After the input: write-only secrets are still not
 * readable, every length and count is within its capacity, the HDLC
 * station's parameters are within the standard's ranges, and a fresh
 * association reads a known value exactly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/comm.h>
#include <cosem/hdlc.h>
#include <cosem/push.h>
#include <cosem/server.h>

static cosem_hdlc_t station;
static uint8_t station_buf[COSEM_HDLC_BUF_SIZE(512, 256)];
static uint8_t speed;

static cosem_status_t drop(void *user, const uint8_t *frame, size_t len)
{
    (void)user;
    (void)frame;
    (void)len;
    return COSEM_OK;
}

static struct net {
    uint16_t tcp_port, mss, inact;
    uint8_t ipref[6], conns;
    uint8_t dl[6];
    uint32_t ip, mc[2], mask, gw, dns1, dns2;
    uint8_t mc_n;
    bool dhcp;
    uint8_t mac[6];
    uint8_t phy[6], ppp_user[8], ppp_pass[8];
    uint16_t ppp_user_n, ppp_pass_n;
    uint8_t apn[16];
    uint16_t apn_n, pin;
    cosem_gprs_qos_t qos[2];
    uint16_t smtp_port, su_n, sp_n, sh_n, sf_n;
    uint8_t su[8], sp[8], sh[24], sf[24];
    uint8_t v6_dl[6], v6_mode, v6_uni[2][16], v6_mc[1][16], v6_gw[1][16], v6_dns1[16],
        v6_dns2[16], v6_tc, v6_uni_n, v6_mc_n, v6_gw_n;
    bool ntp_on;
    uint8_t ntp_host[32], ntp_auth, ntp_key_n, ntp_ckey[16];
    uint16_t ntp_host_n, ntp_port, ntp_ckey_n;
    cosem_ntp_key_t ntp_keys[2];
    uint8_t transport, win_n, retries;
    char dest[24];
    uint16_t dest_n, rnd_s, rep_s;
    cosem_push_window_t wins[1];
    cosem_push_state_t ps;
    uint8_t apdu[96];
    int sends;
} n;

static cosem_status_t push_send(void *user, const cosem_object_t *obj, uint8_t transport,
                                const uint8_t *dest, size_t dest_len, const uint8_t *apdu,
                                size_t len)
{
    (void)user;
    (void)obj;
    (void)transport;
    (void)dest;
    (void)apdu;
    if (dest_len > sizeof n.dest || len > sizeof n.apdu) {
        abort();
    }
    return (n.sends++ & 1) ? COSEM_OK : COSEM_E_IO;
}

static cosem_dar_t ntp_sync(const cosem_object_t *obj)
{
    (void)obj;
    return COSEM_DAR_SUCCESS;
}

static const char gsm_op[] = "OP";
static uint16_t gsm_op_n = 2;
static const uint8_t gsm_enum = 1;
static const cosem_gsm_cell_t cell = {1, 2, 3, 4, 5, 6, 7};
static cosem_datetime_t gsm_time;
static const cosem_ppp_option_t lcp[] = {{1, 4, COSEM_AXDR_LONG_UNSIGNED, 1500}};
static const cosem_ipv6_nd_t nd = {1, 2, 3};

static const cosem_iec_hdlc_setup_t hdlc_d = {&station, &speed, NULL};
static const cosem_tcp_udp_setup_t tcp_d = {&n.tcp_port, n.ipref, &n.mss, &n.conns, &n.inact, NULL};
static const cosem_ipv4_setup_t ipv4_d = {n.dl, &n.ip, n.mc, &n.mc_n, 2, &n.mask, &n.gw, &n.dhcp,
                                          &n.dns1, &n.dns2, NULL};
static const cosem_mac_address_setup_t mac_d = {n.mac, NULL};
static const cosem_ppp_setup_t ppp_d = {n.phy, lcp, 1, NULL, 0,
                                        {n.ppp_user, &n.ppp_user_n, sizeof n.ppp_user},
                                        {n.ppp_pass, &n.ppp_pass_n, sizeof n.ppp_pass}, NULL};
static const cosem_gprs_modem_setup_t gprs_d = {{n.apn, &n.apn_n, sizeof n.apn}, &n.pin,
                                                &n.qos[0], &n.qos[1], NULL};
static const cosem_smtp_setup_t smtp_d = {&n.smtp_port, {n.su, &n.su_n, sizeof n.su},
                                          {n.sp, &n.sp_n, sizeof n.sp},
                                          {n.sh, &n.sh_n, sizeof n.sh},
                                          {n.sf, &n.sf_n, sizeof n.sf}, NULL};
static const uint8_t adj_n = 0;
static const cosem_gsm_diagnostic_t gsm_d = {{(uint8_t *)(uintptr_t)gsm_op, &gsm_op_n, 2},
                                             &gsm_enum, &gsm_enum, &gsm_enum, &cell, NULL,
                                             &adj_n, &gsm_time};
static const cosem_ipv6_setup_t ipv6_d = {n.v6_dl, &n.v6_mode, {n.v6_uni, &n.v6_uni_n, 2},
                                          {n.v6_mc, &n.v6_mc_n, 1}, {n.v6_gw, &n.v6_gw_n, 1},
                                          n.v6_dns1, n.v6_dns2, &n.v6_tc, &nd, NULL};
static const cosem_ntp_setup_t ntp_d = {&n.ntp_on, {n.ntp_host, &n.ntp_host_n, sizeof n.ntp_host},
                                        &n.ntp_port, &n.ntp_auth, n.ntp_keys, &n.ntp_key_n, 2,
                                        {n.ntp_ckey, &n.ntp_ckey_n, sizeof n.ntp_ckey}, ntp_sync,
                                        NULL};
#define NOBJ 12
static const cosem_object_t objects[NOBJ];
static const cosem_push_item_t items[] = {{&objects[1], 1}, {&objects[2], 3}, {&objects[11], 2}};
static const cosem_push_setup_t push_d = {
    items, 3, &n.transport, {(uint8_t *)n.dest, &n.dest_n, sizeof n.dest}, n.wins, &n.win_n, 1,
    &n.rnd_s, &n.retries, &n.rep_s, &n.ps, n.apdu, sizeof n.apdu, push_send, NULL, NULL, NULL,
    48};

static const cosem_access_t all[4] = {{0xFFFFu, 0xFFFFu, 0xFFFFu}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};

static const cosem_object_t objects[NOBJ] = {
    {{0, 0, 22, 0, 0, 255}, &cosem_class_iec_hdlc_setup, &hdlc_d, NULL, all, NULL},
    {{0, 0, 25, 0, 0, 255}, &cosem_class_tcp_udp_setup, &tcp_d, NULL, all, NULL},
    {{0, 0, 25, 1, 0, 255}, &cosem_class_ipv4_setup, &ipv4_d, NULL, all, NULL},
    {{0, 0, 25, 2, 0, 255}, &cosem_class_mac_address_setup, &mac_d, NULL, all, NULL},
    {{0, 0, 25, 3, 0, 255}, &cosem_class_ppp_setup, &ppp_d, NULL, all, NULL},
    {{0, 0, 25, 4, 0, 255}, &cosem_class_gprs_modem_setup, &gprs_d, NULL, all, NULL},
    {{0, 0, 25, 5, 0, 255}, &cosem_class_smtp_setup, &smtp_d, NULL, all, NULL},
    {{0, 0, 25, 6, 0, 255}, &cosem_class_gsm_diagnostic, &gsm_d, NULL, all, NULL},
    {{0, 0, 25, 7, 0, 255}, &cosem_class_ipv6_setup, &ipv6_d, NULL, all, NULL},
    {{0, 0, 25, 9, 0, 255}, &cosem_class_push_setup, &push_d, NULL, all, NULL},
    {{0, 0, 25, 10, 0, 255}, &cosem_class_ntp_setup, &ntp_d, NULL, all, NULL},
    {{0, 0, 25, 11, 0, 255}, &cosem_class_tcp_udp_setup, &tcp_d, NULL, all, NULL},
};

static const uint8_t aarq_noauth[] = {
    0x60, 0x1D, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0xBE, 0x10, 0x04,
    0x0E, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0xFF, 0xFF, 0xFF, 0x02, 0x00};
/* GET 0.0.25.0.0.255 (class 41) attribute 3: the IP reference. */
static const uint8_t get_ipref[] = {0xC0, 0x01, 0xC1, 0x00, 0x29, 0x00, 0x00,
                                    0x19, 0x00, 0x00, 0xFF, 0x03, 0x00};

static cosem_assoc_config_t assocs[1];
static cosem_server_t server;
static cosem_assoc_t assoc;
static uint8_t work[600];
static uint8_t out[2048];

/* Fresh variables, station, server and association for every input. */
static void setup(void)
{
    static const uint8_t ipref[6] = {0, 0, 25, 1, 0, 255};
    cosem_hdlc_config_t hc;
    cosem_server_config_t c;
    memset(&n, 0, sizeof n);
    n.tcp_port = 4059;
    n.mss = 576;
    n.conns = 1;
    memcpy(n.ipref, ipref, 6);
    memcpy(n.ppp_pass, "ppp-pw", 6);
    n.ppp_pass_n = 6;
    memcpy(n.sp, "smtp-pw", 7);
    n.sp_n = 7;
    n.pin = 1234;
    n.smtp_port = 25;
    n.ntp_port = 123;
    memcpy(n.dest, "127.0.0.1:4059", 14);
    n.dest_n = 14;
    n.rep_s = 1;
    n.retries = 1;
    speed = 5;
    cosem_datetime_clear(&gsm_time);
    memset(&hc, 0, sizeof hc);
    hc.role = COSEM_HDLC_SECONDARY;
    hc.local.upper = 1;
    hc.local.lower = 0x11;
    hc.local.len = 2;
    hc.max_msdu = 256;
    hc.send.fn = drop;
    memset(assocs, 0, sizeof assocs);
    assocs[0].client_sap = 0x10;
    assocs[0].conformance = 0x00FFFFFFu;
    memset(&c, 0, sizeof c);
    c.objects = objects;
    c.object_count = sizeof objects / sizeof objects[0];
    c.assocs = assocs;
    c.assoc_count = 1;
    c.max_pdu = 512;
    if (cosem_hdlc_init(&station, &hc, station_buf, sizeof station_buf) != COSEM_OK ||
        cosem_server_init(&server, &c) != COSEM_OK ||
        cosem_assoc_init(&assoc, &server, work, sizeof work) != COSEM_OK) {
        abort();
    }
}

/* Handle one APDU; the response must fit. */
static size_t feed(const uint8_t *p, size_t len, size_t cap)
{
    size_t got = 0;
    if (cosem_assoc_handle(&assoc, p, len, out, cap, &got) != COSEM_OK || got > cap) {
        abort();
    }
    return got;
}

/* A write-only attribute read directly: read-write-denied, nothing written. */
static void secret_closed(const cosem_object_t *o, int8_t id)
{
    cosem_req_t r;
    cosem_axdr_writer_t w;
    memset(&r, 0, sizeof r);
    r.server = &server;
    r.obj = o;
    r.service = COSEM_SERVICE_GET;
    r.id = id;
    cosem_axdr_writer_init(&w, out, sizeof out);
    if (o->cls->get(&r, &w) != COSEM_DAR_READ_WRITE_DENIED || cosem_axdr_writer_len(&w) != 0) {
        abort();
    }
}

/* Invariants after any input, then a fresh association reads exactly. */
static void oracle(void)
{
    static const uint8_t want[] = {0xC4, 0x01, 0xC1, 0x00, 0x09, 0x06, 0, 0, 25, 1, 0, 255};
    const cosem_hdlc_params_t *p = &cosem_hdlc_config(&station)->params;
    uint8_t aarq[sizeof aarq_noauth];
    secret_closed(&objects[5], 3);
    secret_closed(&objects[6], 4);
    secret_closed(&objects[10], 6);
    secret_closed(&objects[10], 7);
    if (n.ppp_user_n > 8 || n.ppp_pass_n > 8 || n.apn_n > 16 || n.su_n > 8 || n.sp_n > 8 ||
        n.sh_n > 24 || n.sf_n > 24 || n.mc_n > 2 || n.v6_uni_n > 2 || n.v6_mc_n > 1 ||
        n.v6_gw_n > 1 || n.ntp_host_n > 32 || n.ntp_key_n > 2 || n.ntp_ckey_n > 16 ||
        n.win_n > 1 || n.dest_n > 24 || speed > 9 || p->window_tx < 1 || p->window_tx > 7 ||
        p->window_rx < 1 || p->window_rx > 7 || p->max_info_tx < 32 || p->max_info_rx < 32 ||
        p->max_info_tx > 512 || p->max_info_rx > 512 || n.conns == 0 || n.mss < 40) {
        abort();
    }
    memcpy(aarq, aarq_noauth, sizeof aarq);
    cosem_assoc_close(&assoc);
    if (cosem_assoc_open(&assoc, 0x10) != COSEM_OK) {
        abort();
    }
    feed(aarq, sizeof aarq, sizeof out);
    if (cosem_assoc_state(&assoc) != COSEM_ASSOC_ASSOCIATED) {
        abort();
    }
    if (n.ipref[2] == 25 && n.ipref[3] == 1 &&
        (feed(get_ipref, sizeof get_ipref, sizeof out) != sizeof want ||
         memcmp(out, want, sizeof want) != 0)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t caps[4] = {24, 64, 256, 2048};
    size_t cap, i = 1;
    if (size < 1) {
        return 0;
    }
    cap = caps[(data[0] >> 2) & 3u];
    setup();
    if (cosem_assoc_open(&assoc, 0x10) != COSEM_OK) {
        abort();
    }
    if ((data[0] & 1u) != 0u) {
        feed(aarq_noauth, sizeof aarq_noauth, sizeof out);
    }
    while (i < size) {
        size_t len = data[i++];
        if (len > size - i) {
            len = size - i;
        }
        feed(data + i, len, cap);
        i += len;
        cosem_server_tick(&server);
    }
    oracle();
    return 0;
}
