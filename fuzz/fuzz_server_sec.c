/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the secured association of a small logical device
 * (Association LN, logical device name, Security setup, frame counter;
 * client 0x30 with HLS mechanism 5 and authenticated-and-encrypted policy,
 * Green Book example keys), fed a sequence of operations so the fuzzer
 * reaches past the GCM tag:
 *   op 0: the APDU as is (AARQ, forged ciphered APDUs, plain requests);
 *   op 1: the APDU sealed by the harness as glo- with SC 0x30;
 *   op 2: the APDU sealed as ded- (dedicated key 11..00);
 *   op 3: the right reply_to_HLS_authentication for the current challenge;
 *   op 4: the same, deliberately wrong.
 * Each op is [op][len][len octets]. Input byte 0 selects the AARQ sent first
 * (bit 0: a valid HLS AARQ with glo-initiate-request and dedicated key).
 * Oracle: responses fit the output; afterwards a fresh AARQ, the right HLS
 * reply and a sealed GET of the logical device name succeed exactly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/classes.h>
#include <cosem/security.h>
#include <cosem/server.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if COSEM_WITH_SECURITY && COSEM_CLASS_SECURITY_SETUP

static const uint8_t ek_b[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t ak_b[16] = {0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7,
                                 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF};
static const uint8_t dk_b[16] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                                 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00};
static const uint8_t st_s[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0xBC, 0x61, 0x4E};
static const uint8_t st_c[8] = {0x4D, 0x4D, 0x4D, 0, 0, 0, 0, 1};
static uint8_t ldn_v[16] = {0x4C, 0x43, 0x4D, 0x30, 0x30, 0x30, 0x30, 0x30,
                           0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x31};
static const cosem_vref_t ldn = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, ldn_v, NULL, 16);
static const cosem_association_ln_t aln = {NULL, 1u, NULL};

static cosem_security_t sec;
static uint8_t sec_buf[1024], work[1024], out[2048];
static uint8_t rng;
static uint32_t client_ic;
static cosem_aes128_t ek, dk;
static cosem_server_t srv;
static cosem_assoc_t as;

static cosem_status_t rnd(void *u, uint8_t *b, size_t n)
{
    (void)u;
    while (n-- > 0) {
        *b++ = rng++;
    }
    return COSEM_OK;
}

static const cosem_port_t port = {NULL, NULL, NULL, NULL, rnd, NULL, NULL, NULL, NULL, NULL};
static const cosem_access_t ss_acc[COSEM_MAX_ACCESS_LEVELS] = {
    {0, 0, 0}, {0, 0, 0}, {COSEM_ALL, 0, COSEM_METHOD(1) | COSEM_METHOD(2)}, {0, 0, 0}};
static const cosem_object_t objs[] = {
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &aln, NULL, NULL, NULL},
    {{0, 0, 42, 0, 0, 255}, &cosem_class_data, &ldn, NULL, NULL, NULL},
    {{0, 0, 43, 0, 0, 255}, &cosem_class_security_setup, &sec, NULL, ss_acc, NULL},
    {{0, 0, 43, 1, 0, 255}, &cosem_class_data, &ldn, &cosem_frame_counter_ops, NULL, &sec},
};
static cosem_secret_t secret = {5, {'G', 'u', 'r', 'u', 'x'}};
static cosem_assoc_config_t cfg = {0x30, COSEM_AUTH_HLS_GMAC, 2, 0x00FFFFFFu, &secret, NULL,
                                   false, &sec};

static size_t send(const uint8_t *p, size_t n)
{
    size_t m = 0;
    if (cosem_assoc_handle(&as, p, n, out, sizeof out, &m) != COSEM_OK || m > sizeof out) {
        abort();
    }
    return m;
}

/* Seal plain as the client and send it; the deciphered response in rsp. */
static size_t send_sealed(uint8_t form, const uint8_t *plain, size_t n, uint8_t *rsp)
{
    cosem_sec_seal_t s;
    cosem_sec_apdu_t p;
    uint8_t apdu[700];
    size_t m = 0, k = 0;
    memset(&s, 0, sizeof s);
    s.form = form;
    s.sc = 0x30;
    s.ic = client_ic++;
    s.system_title = st_c;
    s.key = form == COSEM_CIPHER_DED ? &dk : &ek;
    s.ak = ak_b;
    if (n == 0 || cosem_sec_apdu_seal(&s, plain, n, apdu, sizeof apdu, &m) != COSEM_OK) {
        return 0;
    }
    m = send(apdu, m);
    if (m == 0 || out[0] == 0xD8u || cosem_sec_apdu_parse(out, m, &p) != COSEM_OK ||
        cosem_sec_apdu_open(&p, s.key, ak_b, st_s, rsp, 700, &k) != COSEM_OK) {
        return 0;
    }
    return k;
}

/* A valid AARQ: LN ciphered, titles, HLS-GMAC with CtoS, glo-initiate. */
static void aarq(void)
{
    static const uint8_t ini_head[] = {0x01, 0x01, 0x10};
    static const uint8_t ini_tail[] = {0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00,
                                       0xFF, 0xFF, 0xFF, 0x04, 0x00};
    uint8_t ini[64], gini[96], buf[256];
    cosem_sec_seal_t s;
    cosem_aarq_t q;
    cosem_axdr_writer_t w;
    size_t n = 0;
    memcpy(ini, ini_head, 3);
    memcpy(ini + 3, dk_b, 16);
    memcpy(ini + 19, ini_tail, sizeof ini_tail);
    memset(&s, 0, sizeof s);
    s.form = COSEM_CIPHER_GLO;
    s.sc = 0x30;
    s.ic = client_ic++;
    s.system_title = st_c;
    s.key = &ek;
    s.ak = ak_b;
    if (cosem_sec_apdu_seal(&s, ini, 19 + sizeof ini_tail, gini, sizeof gini, &n) != COSEM_OK) {
        abort();
    }
    memset(&q, 0, sizeof q);
    q.app_context = COSEM_CONTEXT_LN_CIPHERED;
    q.calling_ap_title.p = st_c;
    q.calling_ap_title.len = 8;
    q.authentication = true;
    q.has_mechanism = true;
    q.mechanism = COSEM_AUTH_HLS_GMAC;
    q.auth_value.p = (const uint8_t *)"K56iVagY";
    q.auth_value.len = 8;
    q.user_info.p = gini;
    q.user_info.len = n;
    cosem_axdr_writer_init(&w, buf, sizeof buf);
    if (cosem_aarq_encode(&w, &q) != COSEM_OK || send(buf, cosem_axdr_writer_len(&w)) == 0 ||
        out[0] != 0x61u) {
        abort();
    }
}

/* reply_to_HLS_authentication for the current challenge (or a wrong one). */
static size_t hls_reply(int right, uint8_t *rsp)
{
    static const cosem_attr_ref_t m1 = {15, {0, 0, 40, 0, 0, 255}, 1};
    uint8_t f[17], params[24], req[64];
    cosem_axdr_writer_t w;
    size_t n;
    cosem_hls_gmac(&ek, ak_b, st_c, client_ic, as.stoc_, as.stoc_len_ ? as.stoc_len_ : 16u, f);
    f[16] = (uint8_t)(f[16] ^ (right ? 0u : 1u));
    cosem_axdr_writer_init(&w, params, sizeof params);
    cosem_axdr_write_octet_string(&w, f, 17);
    n = cosem_axdr_writer_len(&w);
    cosem_axdr_writer_init(&w, req, sizeof req);
    cosem_action_request_normal_encode(&w, 0xC1, &m1, params, n);
    return send_sealed(COSEM_CIPHER_GLO, req, cosem_axdr_writer_len(&w), rsp);
}

static void setup(void)
{
    cosem_security_config_t c;
    cosem_server_config_t sc;
    memset(&c, 0, sizeof c);
    c.system_title = st_s;
    c.ek = ek_b;
    c.ak = ak_b;
    c.kek = ek_b;
    c.policy = COSEM_POLICY_AUTH_ENC;
    c.buf = sec_buf;
    c.cap = sizeof sec_buf;
    if (cosem_security_init(&sec, &c, &port) != COSEM_OK) {
        abort();
    }
    memset(&sc, 0, sizeof sc);
    sc.objects = objs;
    sc.object_count = sizeof objs / sizeof objs[0];
    sc.assocs = &cfg;
    sc.assoc_count = 1;
    sc.max_pdu = 512;
    sc.port = &port;
    if (cosem_server_init(&srv, &sc) != COSEM_OK ||
        cosem_assoc_init(&as, &srv, work, sizeof work) != COSEM_OK ||
        cosem_assoc_open(&as, 0x30) != COSEM_OK) {
        abort();
    }
    cosem_aes128_init(&ek, ek_b);
    cosem_aes128_init(&dk, dk_b);
    client_ic = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t get_ldn[] = {0xC0, 0x01, 0xC1, 0x00, 0x01, 0, 0, 42, 0, 0, 255, 2, 0};
    uint8_t rsp[700];
    size_t i = 1, n;
    if (size < 1) {
        return 0;
    }
    setup();
    if ((data[0] & 1u) != 0u) {
        aarq();
    }
    while (i + 2 <= size) {
        uint8_t op = data[i];
        size_t len = data[i + 1];
        i += 2;
        if (len > size - i) {
            len = size - i;
        }
        switch (op % 5u) {
        case 0: (void)send(data + i, len); break;
        case 1: (void)send_sealed(COSEM_CIPHER_GLO, data + i, len, rsp); break;
        case 2: (void)send_sealed(COSEM_CIPHER_DED, data + i, len, rsp); break;
        default: (void)hls_reply(op % 5u == 3u, rsp); break;
        }
        i += len;
    }
    /* The association still serves: new AARQ, right reply, sealed GET.
     * (A key_transfer may have changed the keys: restart from scratch.) */
    if (sec.pending_mask_ != 0u || memcmp(sec.ak_, ak_b, 16) != 0) {
        setup();
    }
    cosem_security_set_key(&sec, COSEM_KEY_EK, ek_b);
    cosem_security_set_key(&sec, COSEM_KEY_AK, ak_b);
    client_ic = 1;
    aarq();
    if (hls_reply(1, rsp) < 4 || rsp[0] != 0xC7u || rsp[3] != 0u) {
        abort();
    }
    n = send_sealed(COSEM_CIPHER_GLO, get_ldn, sizeof get_ldn, rsp);
    if (n != 22 || rsp[0] != 0xC4u || memcmp(rsp + 6, ldn_v, 16) != 0) {
        abort();
    }
    return 0;
}

#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return (int)(data == NULL && size > 0);
}
#endif
