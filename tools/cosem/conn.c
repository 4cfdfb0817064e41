/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: connection options and a blocking session on top of the
 * non-blocking client (client.h) and the POSIX loop (cosem_posix.h). Each
 * operation is started, then the loop runs until the client reports it
 * done; the outcome is mapped to the tool's exit codes. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "cli.h"

const char cli_connection_help[] =
    "connection options:\n"
    "  --tcp HOST[:PORT]    TCP, wrapper framing (port 4059 by default)\n"
    "  --hdlc               HDLC framing over the TCP connection instead\n"
    "  --serial DEV         HDLC on a serial line (8N1)\n"
    "  --baud N             serial speed (9600); with --mode-e the highest rate\n"
    "                       accepted (0: what the meter offers)\n"
    "  --mode-e             IEC 62056-21 mode E opening first: sign-on at 300 Bd\n"
    "                       7E1, identification, switch to the agreed rate\n"
    "  --client N           client SAP (0x10 public client)\n"
    "  --server N           server logical device (1, management)\n"
    "  --logical N          same as --server\n"
    "  --physical N         HDLC lower (physical) address (none: 1-octet address)\n"
    "  --address-size N     HDLC server address octets: 1, 2 or 4 (automatic)\n"
    "  --auth none|low|hls-gmac|hls-sha256  authentication (low when --password\n"
    "                       is given; hls-gmac: HLS mechanism 5, needs --ek and --ak;\n"
    "                       hls-sha256: mechanism 6, needs --secret)\n"
    "  --secret TEXT, --secret-hex HEX  the HLS secret of mechanisms 6 (and 3, 4:\n"
    "                       hls-md5, hls-sha1, in builds with COSEM_WITH_HLS_LEGACY)\n"
    "  --security none|auth|enc|auth-enc  ciphering of every request (suite 0,\n"
    "                       glo-ciphering; default auth-enc with hls-gmac, else none)\n"
    "  --ek HEX             global unicast encryption key (16 octets)\n"
    "  --ak HEX             authentication key (16 octets)\n"
    "  --dk HEX             dedicated key (16 octets) proposed in the AARQ: then every\n"
    "                       request goes ded-ciphered\n"
    "  --system-title HEX   our system title (8 octets; default 4C43430000000001)\n"
    "  --ic N               invocation counter of our first ciphered APDU (1)\n"
    "  --ic-from OBIS       read that frame counter (Data, attribute 2) over the\n"
    "                       public client first and start at its value + 1\n"
    "  --password P         LLS password (shows in ps: prefer the next two)\n"
    "  --password-hex HEX   LLS password in hex\n"
    "  --password-file F    LLS password from a file (one line ending dropped)\n"
    "                       (also: environment COSEM_PASSWORD for LLS clients)\n"
    "  --max-pdu N          largest APDU proposed (1024)\n"
    "  --gbt                propose general block transfer instead of GET block\n"
    "                       transfer: long answers come in GBT blocks\n"
    "  --gbt-window N       with --gbt (implied): up to N blocks (1-63) per\n"
    "                       acknowledgement, as many as the meter sends (1)\n"
    "  --sn                 short-name referencing (older meters): READ/WRITE by\n"
    "                       the base names of the meter's Association SN object list\n"
    "  --timeout MS         response time-out (5000)\n"
    "  --retries N          retries after a time-out (1)\n"
    "  --trace              every frame in hex on stderr ('C>'/'S>' lines that\n"
    "                       'cosem decode -' reads)\n"
    "  --pcap FILE          the session as a pcap file (Wireshark, tshark)\n";

/* See cli.h. */
void cli_conn_defaults(cli_conn_opts_t *c)
{
    memset(c, 0, sizeof *c);
    c->port = COSEM_POSIX_DEFAULT_PORT;
    c->baud = 9600;
    c->client_sap = COSEM_HDLC_CLIENT_PUBLIC;
    c->server_logical = 1;
    c->timeout_ms = 5000;
    c->retries = 1;
    c->max_pdu = 1024;
    c->auth = -1;
    c->security = -1;
    c->ic = 1;
}

/* Splits HOST[:PORT] ([v6]:port and bare v6 literals too) into c. */
static int parse_host(cli_conn_opts_t *c, const char *s)
{
    const char *colon = strrchr(s, ':'), *host = s;
    size_t hlen = strlen(s);
    unsigned long port;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (close == NULL || (close[1] != '\0' && close[1] != ':')) {
            return -1;
        }
        host = s + 1;
        hlen = (size_t)(close - host);
        colon = close[1] == ':' ? close + 1 : NULL;
    } else if (colon != NULL && strchr(s, ':') != colon) {
        colon = NULL; /* several colons: an IPv6 literal without port */
    } else if (colon != NULL) {
        hlen = (size_t)(colon - s);
    }
    if (hlen == 0 || hlen >= sizeof c->host) {
        return -1;
    }
    if (colon != NULL) {
        if (cli_parse_ulong(colon + 1, 1, 65535, &port) != 0) {
            return -1;
        }
        c->port = (uint16_t)port;
    }
    memcpy(c->host, host, hlen);
    c->host[hlen] = '\0';
    return 0;
}

/* Parses a numeric option value into v (range checked); -1 on error. */
static int num_opt(const char *name, const char *val, unsigned long max, unsigned long *v)
{
    if (val == NULL || cli_parse_ulong(val, 0, max, v) != 0) {
        cli_err("%s needs a number 0..%lu", name, max);
        return -1;
    }
    return 0;
}

/* Options that take a number: name, field setter range. */
static int numeric_option(cli_conn_opts_t *c, const char *a, const char *val)
{
    unsigned long v;
    if (strcmp(a, "--ic") == 0) {
        if (num_opt(a, val, 0xFFFFFFFFul, &v) != 0) {
            return -1;
        }
        c->ic = (uint32_t)v;
    } else if (strcmp(a, "--baud") == 0) {
        if (num_opt(a, val, 230400, &v) != 0) {
            return -1;
        }
        c->baud = (unsigned)v;
    } else if (strcmp(a, "--gbt-window") == 0) {
        if (num_opt(a, val, 63, &v) != 0 || v == 0) {
            return -1;
        }
        c->gbt_window = (uint8_t)v;
        c->gbt = true;
    } else if (strcmp(a, "--client") == 0) {
        if (num_opt(a, val, 0x7F, &v) != 0) {
            return -1;
        }
        c->client_sap = (uint8_t)v;
    } else if (strcmp(a, "--server") == 0 || strcmp(a, "--logical") == 0) {
        if (num_opt(a, val, 0x3FFF, &v) != 0) {
            return -1;
        }
        c->server_logical = (uint16_t)v;
    } else if (strcmp(a, "--physical") == 0) {
        if (num_opt(a, val, 0x3FFF, &v) != 0) {
            return -1;
        }
        c->server_physical = (uint16_t)v;
    } else if (strcmp(a, "--address-size") == 0) {
        if (num_opt(a, val, 4, &v) != 0 || v == 0 || v == 3) {
            cli_err("--address-size is 1, 2 or 4");
            return -1;
        }
        c->addr_len = (uint8_t)v;
    } else if (strcmp(a, "--timeout") == 0) {
        if (num_opt(a, val, 3600000, &v) != 0) {
            return -1;
        }
        c->timeout_ms = (uint32_t)v;
    } else if (strcmp(a, "--retries") == 0) {
        if (num_opt(a, val, 20, &v) != 0) {
            return -1;
        }
        c->retries = (uint8_t)v;
    } else if (strcmp(a, "--max-pdu") == 0) {
        if (num_opt(a, val, 65535, &v) != 0 || v < 64) {
            cli_err("--max-pdu is 64..65535");
            return -1;
        }
        c->max_pdu = (uint16_t)v;
    } else {
        return 0;
    }
    return 2;
}

/* See cli.h. */
int cli_conn_option(cli_conn_opts_t *c, int argc, char **argv, int i)
{
    const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    int rc;
    if (strcmp(a, "--hdlc") == 0) {
        c->hdlc = true;
        return 1;
    }
    if (strcmp(a, "--trace") == 0) {
        c->trace = true;
        return 1;
    }
    if (strcmp(a, "--mode-e") == 0) {
        c->mode_e = true;
        return 1;
    }
    if (strcmp(a, "--gbt") == 0) {
        c->gbt = true;
        return 1;
    }
    if (strcmp(a, "--sn") == 0) {
        c->sn = true;
        return 1;
    }
    if (strcmp(a, "--pcap") == 0 && val != NULL) {
        cli_pcap_path = val; /* written from cli_session_open() on */
        return 2;
    }
    if (strcmp(a, "--tcp") == 0) {
        if (val == NULL || parse_host(c, val) != 0) {
            cli_err("--tcp needs HOST[:PORT]");
            return -1;
        }
        return 2;
    }
    if (strcmp(a, "--serial") == 0) {
        if (val == NULL || strlen(val) >= sizeof c->serial) {
            cli_err("--serial needs a device");
            return -1;
        }
        strcpy(c->serial, val);
        return 2;
    }
    if (strcmp(a, "--auth") == 0) {
        static const struct {
            const char *name;
            uint8_t mech;
        } mechs[] = {{"none", COSEM_AUTH_NONE},           {"low", COSEM_AUTH_LOW},
                     {"hls-gmac", COSEM_AUTH_HLS_GMAC},   {"hls-sha256", COSEM_AUTH_HLS_SHA256},
                     {"hls-md5", COSEM_AUTH_HLS_MD5},     {"hls-sha1", COSEM_AUTH_HLS_SHA1}};
        size_t k;
        for (k = 0; k < sizeof mechs / sizeof mechs[0] &&
                    (val == NULL || strcmp(val, mechs[k].name) != 0);
             k++) {
        }
        if (k == sizeof mechs / sizeof mechs[0]) {
            cli_err("--auth is none, low, hls-gmac, hls-sha256, hls-md5 or hls-sha1");
            return -1;
        }
#if !COSEM_WITH_HLS_LEGACY
        if (mechs[k].mech == COSEM_AUTH_HLS_MD5 || mechs[k].mech == COSEM_AUTH_HLS_SHA1) {
            cli_err("--auth %s: this build has no MD5/SHA-1 HLS (COSEM_WITH_HLS_LEGACY)", val);
            return -1;
        }
#endif
        c->auth = mechs[k].mech;
        return 2;
    }
    if (strcmp(a, "--security") == 0) {
        static const char *const names[4] = {"none", "auth", "enc", "auth-enc"};
        int k;
        for (k = 0; k < 4 && val != NULL && strcmp(val, names[k]) != 0; k++) {
        }
        if (val == NULL || k == 4) {
            cli_err("--security is none, auth, enc or auth-enc");
            return -1;
        }
        c->security = k * 0x10; /* SC bits: 0x10 authenticated, 0x20 encrypted */
        return 2;
    }
    if (strcmp(a, "--ic-from") == 0) {
        cosem_obis_t o;
        if (val == NULL || cosem_obis_parse(&o, val, strlen(val)) != COSEM_OK) {
            cli_err("--ic-from needs a logical name (0.0.43.1.0.255)");
            return -1;
        }
        memcpy(c->ic_from, o.v, 6);
        c->has_ic_from = true;
        return 2;
    }
    if (strcmp(a, "--ek") == 0 || strcmp(a, "--ak") == 0 || strcmp(a, "--dk") == 0 ||
        strcmp(a, "--system-title") == 0) {
        size_t want = a[2] == 's' ? 8u : 16u, got = 0;
        uint8_t *dst = a[2] == 'e' ? c->ek : a[2] == 'a' ? c->ak : a[2] == 'd' ? c->dk : c->title;
        if (val == NULL || cli_secret_hex(val, dst, want, &got) != 0 || got != want) {
            cli_err("%s needs %u octets in hex", a, (unsigned)want);
            return -1;
        }
        *(a[2] == 'e'   ? &c->has_ek
          : a[2] == 'a' ? &c->has_ak
          : a[2] == 'd' ? &c->has_dk
                        : &c->has_title) = true;
        return 2;
    }
    rc = cli_password_option(c, a, i + 1 < argc ? argv[i + 1] : NULL);
    if (rc != 0) {
        return rc;
    }
    rc = numeric_option(c, a, val);
    return rc;
}

/* See cli.h. */
int cli_conn_check(const char *cmd, cli_conn_opts_t *c)
{
    if (c->host[0] == '\0' && c->serial[0] == '\0') {
        return cli_usage_error(cmd, "no connection: give --tcp HOST or --serial DEV");
    }
    if (c->host[0] != '\0' && c->serial[0] != '\0') {
        return cli_usage_error(cmd, "give --tcp or --serial, not both");
    }
    cli_password_env(c);
    if (c->auth < 0) {
        c->auth = c->has_password ? COSEM_AUTH_LOW : COSEM_AUTH_NONE;
    }
    if (c->auth == COSEM_AUTH_LOW && !c->has_password) {
        return cli_usage_error(cmd, "--auth low needs --password");
    }
    if ((c->auth == COSEM_AUTH_HLS_SHA256 || c->auth == COSEM_AUTH_HLS_MD5 ||
         c->auth == COSEM_AUTH_HLS_SHA1) &&
        !c->has_password) {
        return cli_usage_error(cmd, "--auth hls-sha256/md5/sha1 needs --secret or --secret-hex");
    }
    if (c->security < 0) {
        c->security = c->auth == COSEM_AUTH_HLS_GMAC ? 0x30 : 0;
    }
    if ((c->auth == COSEM_AUTH_HLS_GMAC || c->security != 0) && (!c->has_ek || !c->has_ak)) {
        return cli_usage_error(cmd, "--auth hls-gmac and --security need --ek and --ak");
    }
    if (!c->has_title) {
        static const uint8_t title[8] = {0x4C, 0x43, 0x43, 0, 0, 0, 0, 1}; /* "LCC" 1 */
        memcpy(c->title, title, 8);
    }
    if (c->mode_e && c->serial[0] == '\0') {
        return cli_usage_error(cmd, "--mode-e needs --serial");
    }
    if (c->serial[0] != '\0') {
        c->hdlc = true;
    }
    return CLI_EXIT_OK;
}

/* ---- trace --------------------------------------------------------- */

/* Prints one frame as a capture line on stderr. */
static void trace_line(char dir, const uint8_t *p, size_t n)
{
    size_t k;
    fprintf(stderr, "%c>", dir);
    for (k = 0; k < n; k++) {
        fprintf(stderr, " %02X", p[k]);
    }
    fputc('\n', stderr);
}

/* Length of the first complete frame in the trace buffer, 0 if none yet. */
static size_t trace_frame_len(const cli_session_t *s)
{
    const uint8_t *p = s->trace_buf;
    size_t n = s->trace_len, len;
    if (!s->opt.hdlc) {
        return n >= 8 ? ((8u + ((size_t)p[6] << 8 | p[7])) <= n ? 8u + ((size_t)p[6] << 8 | p[7])
                                                               : 0)
                      : 0;
    }
    if (p[0] == COSEM_HDLC_FLAG) {
        if (n < 3) {
            return 0;
        }
        if (p[1] == COSEM_HDLC_FLAG) {
            return 1; /* an extra flag */
        }
        len = ((size_t)(p[1] & 7u) << 8 | p[2]) + 2u;
    } else if (s->opt.mode_e && ((p[0] & 0x7Fu) == '/' || p[0] == 0x06u)) {
        /* a mode E line: up to its LF */
        for (len = 1; len <= n && len <= COSEM_MODE_E_LINE_MAX; len++) {
            if ((p[len - 1u] & 0x7Fu) == 0x0Au) {
                return len;
            }
        }
        return n < COSEM_MODE_E_LINE_MAX ? 0 : 1;
    } else if ((p[0] & 0xF0u) == 0xA0u) {
        if (n < 2) {
            return 0;
        }
        len = ((size_t)(p[0] & 7u) << 8 | p[1]) + 1u; /* opening flag shared */
    } else {
        return 1;
    }
    return len <= n ? len : 0;
}

/* Collects received octets and prints each complete frame. */
static void trace_rx(cli_session_t *s, const uint8_t *p, size_t n)
{
    size_t len;
    if (s->trace_len + n > sizeof s->trace_buf) {
        trace_line('S', s->trace_buf, s->trace_len);
        s->trace_len = 0;
    }
    if (n > sizeof s->trace_buf) {
        trace_line('S', p, n);
        return;
    }
    memcpy(s->trace_buf + s->trace_len, p, n);
    s->trace_len += n;
    while (s->trace_len > 0 && (len = trace_frame_len(s)) > 0) {
        trace_line('S', s->trace_buf, len);
        memmove(s->trace_buf, s->trace_buf + len, s->trace_len - len);
        s->trace_len -= len;
    }
}

/* Trace hook of the blocking client: sent APDUs/frames as they are (the
 * password masked), received octets collected into whole frames; what
 * arrives is remembered for the time-out diagnosis. */
static void trace_cb(void *user, bool sent, const uint8_t *data, size_t n)
{
    static uint8_t masked[70000];
    cli_session_t *s = user;
    if (sent && n <= sizeof masked) {
        memcpy(masked, data, n);
        (void)cli_secret_mask(masked, n, s->opt.password, s->opt.password_len, s->opt.hdlc);
        data = masked;
    }
    cli_progress_frame(s, sent, data, n);
    cli_pcap_data(!sent, data, n);
    if (!sent) {
        size_t k;
        for (k = 0; k < n && s->rx_first_len < sizeof s->rx_first; k++) {
            s->rx_first[s->rx_first_len++] = data[k];
        }
        s->rx_total += n;
    }
    if (!s->opt.trace) {
        return;
    }
    if (sent) {
        trace_line('C', data, n);
    } else {
        trace_rx(s, data, n);
    }
}

/* ---- session ------------------------------------------------------------ */

/* Resolves a host name to a numeric address string. */
static int resolve(const char *host, char *out, size_t cap)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL) {
        return -1;
    }
    if (getnameinfo(res->ai_addr, res->ai_addrlen, out, (socklen_t)cap, NULL, 0,
                    NI_NUMERICHOST) != 0) {
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    return 0;
}

/* Placeholder send callback: the blocking client installs its own; the
 * configuration must have one to be valid for cosem_client_buf_size(). */
static cosem_status_t no_send(void *user, const uint8_t *data, size_t len)
{
    (void)user;
    (void)data;
    (void)len;
    return COSEM_E_CLOSED;
}

/* Fills the client configuration from the options. */
static void client_config(const cli_conn_opts_t *o, cosem_client_config_t *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->link = o->hdlc ? COSEM_CLIENT_LINK_HDLC : COSEM_CLIENT_LINK_WRAPPER;
    cfg->client_sap = o->client_sap;
    cfg->server_logical = o->server_logical;
    cfg->server_physical = o->server_physical;
    cfg->server_addr_len = o->addr_len;
    cfg->auth = (uint8_t)o->auth;
    if (o->has_password) {
        cfg->password = o->password;
        cfg->password_len = o->password_len;
    }
    cfg->max_apdu = o->max_pdu;
    if (o->auth >= COSEM_AUTH_HLS_MD5 || o->security > 0) {
        static cosem_posix_port_t pp;
        static cosem_port_t port;
        (void)cosem_posix_port_init(&pp, &port, NULL, 0);
        cfg->security = (uint8_t)(o->security > 0 ? o->security : 0);
        cfg->ek = o->ek;
        cfg->ak = o->ak;
        cfg->system_title = o->title;
        cfg->dk = o->has_dk ? o->dk : NULL;
        cfg->invocation_counter = o->ic;
        cfg->random = port.random;
        cfg->random_user = port.user;
    }
    if (o->gbt) {
        /* instead of GET blocks: a meter given both may choose either */
        cfg->conformance = (COSEM_CLIENT_DEFAULT_CONFORMANCE & ~COSEM_CONF_BLOCK_TRANSFER_GET) |
                           COSEM_CONF_GENERAL_BLOCK_TRANSFER;
        cfg->gbt_window = o->gbt_window;
    }
#if COSEM_WITH_SN
    cfg->sn = o->sn;
#endif
    cfg->element_max = CLI_ELEMENT_MAX;
    cfg->response_timeout_ms = o->timeout_ms;
    cfg->retries = o->retries;
    cfg->send.fn = no_send;
}

/* Explains a failure to open the transport; its exit code. */
static int transport_error(const cli_session_t *s, cosem_status_t st)
{
    if (s->opt.serial[0] != '\0') {
        cli_err("cannot open %s at %u baud: %s", s->opt.serial, s->opt.baud,
                cosem_status_str(st));
    } else if (st == COSEM_E_ARG) {
        cli_err("bad connection settings: %s", cosem_status_str(st));
        return CLI_EXIT_USAGE;
    } else {
        cli_err("cannot connect to %s port %u: %s", s->opt.host, (unsigned)s->opt.port,
                st == COSEM_E_TIMEOUT ? "time-out" : "connection refused or unreachable");
    }
    return CLI_EXIT_LINK;
}

/* The exit code of a finished open; a link failure is explained with what
 * was tried and the likely cause. */
static int open_result(cli_session_t *s, cosem_status_t st, uint32_t deadline)
{
    const cosem_client_error_t *e = cosem_posix_client_error(&s->pc);
    bool late = deadline != 0 && (int32_t)(cosem_posix_now_ms() - deadline) >= 0;
    int rc;
    if (st != COSEM_OK && e->layer == COSEM_CLIENT_LAYER_NONE && !late) {
        return transport_error(s, st);
    }
    if (st != COSEM_OK && (late || e->layer == COSEM_CLIENT_LAYER_LINK ||
                           e->layer == COSEM_CLIENT_LAYER_NONE)) {
        if (late || e->layer == COSEM_CLIENT_LAYER_NONE) {
            cli_err("connect: no association within the time-out (--timeout)");
        } else {
            (void)cli_report("connect", e);
        }
        cli_connect_hint(s, late);
        return CLI_EXIT_LINK;
    }
    rc = cli_session_result(s, st, "connect");
    return rc;
}

/* See cli.h. */
/* --ic-from: the frame counter's value (double-long-unsigned or
 * long64-unsigned) read over the public client. */
static cosem_status_t ic_value(void *user, const cosem_client_data_t *d)
{
    uint32_t *ic = user;
    if (d->kind != COSEM_CLIENT_DATA_VALUE) {
        return COSEM_E_TYPE;
    }
    if (d->len == 5u && d->data[0] == 0x06u) {
        *ic = (uint32_t)d->data[1] << 24 | (uint32_t)d->data[2] << 16 |
              (uint32_t)d->data[3] << 8 | d->data[4];
        return COSEM_OK;
    }
    if (d->len == 9u && d->data[0] == 0x15u) {
        *ic = (uint32_t)d->data[5] << 24 | (uint32_t)d->data[6] << 16 |
              (uint32_t)d->data[7] << 8 | d->data[8];
        return COSEM_OK;
    }
    return COSEM_E_TYPE;
}

/* --ic-from: a public session reads the counter; 0 or an exit code. */
static int read_ic(const cli_conn_opts_t *opt, uint32_t *ic)
{
    cli_session_t pub;
    cli_conn_opts_t o = *opt;
    cosem_attr_ref_t ref;
    int rc;
    o.client_sap = COSEM_HDLC_CLIENT_PUBLIC;
    o.auth = COSEM_AUTH_NONE;
    o.security = 0;
    o.has_password = false;
    o.has_ic_from = false;
    rc = cli_session_open(&pub, &o);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    ref.class_id = 1;
    memcpy(ref.obis, opt->ic_from, 6);
    ref.id = 2;
    if (cosem_posix_client_get(&pub.pc, &ref, NULL, ic_value, ic) != COSEM_OK) {
        cli_err("--ic-from: the frame counter could not be read");
        rc = cli_exit_code(cosem_posix_client_error(&pub.pc));
        rc = rc == CLI_EXIT_OK ? CLI_EXIT_SERVICE : rc;
    }
    cli_session_close(&pub);
    return rc;
}

int cli_session_open(cli_session_t *s, const cli_conn_opts_t *opt)
{
    static cosem_posix_loop_t loop;
    static char addr[NI_MAXHOST];
    cosem_client_config_t cfg;
    cosem_posix_client_opts_t po;
    cosem_status_t st;
    size_t need;
    memset(s, 0, sizeof *s);
    s->opt = *opt;
    if (opt->has_ic_from) {
        uint32_t ic = 0;
        int rc = read_ic(opt, &ic);
        if (rc != CLI_EXIT_OK) {
            return rc;
        }
        s->opt.ic = ic + 1u;
        s->opt.has_ic_from = false;
        opt = &s->opt;
    }
    cli_trace_active = opt->trace;
    client_config(opt, &cfg);
    need = cosem_client_buf_size(&cfg);
    s->buf = need > 0 ? malloc(need) : NULL;
    if (s->buf == NULL) {
        cli_err("bad connection settings");
        return CLI_EXIT_USAGE;
    }
    memset(&po, 0, sizeof po);
    if (opt->serial[0] != '\0') {
        po.device = opt->serial;
        po.serial.baud = opt->baud;
        po.mode_e = opt->mode_e;
    } else if (resolve(opt->host, addr, sizeof addr) != 0) {
        cli_err("cannot resolve host '%s'", opt->host);
        return CLI_EXIT_LINK;
    } else {
        po.host = addr;
        po.port = opt->port;
    }
    po.connect_timeout_ms = opt->timeout_ms ? opt->timeout_ms : 5000u;
    po.trace = trace_cb;
    po.trace_user = s;
    if (cli_pcap_path != NULL && cli_pcap_open(cli_pcap_path) != 0) {
        cli_err("cannot write the pcap file '%s'", cli_pcap_path);
        return CLI_EXIT_USAGE;
    }
    cosem_posix_loop_init(&loop);
    (void)cosem_posix_catch_signals(&loop);
    s->loop = &loop;
    po.open_deadline_ms = opt->timeout_ms ? cosem_posix_now_ms() + opt->timeout_ms : 0;
    cli_progress_start(s);
    st = cosem_posix_client_open(&s->pc, &loop, &po, &cfg, s->buf, need);
    cli_progress_end(s);
    return open_result(s, st, po.open_deadline_ms);
}

/* Text of an HDLC disconnection reason. */
static const char *hdlc_reason(unsigned r)
{
    static const char *const t[] = {"", "disconnected", "disconnected by the peer",
                                    "connection refused (DM or unusable UA)",
                                    "disconnected mode (DM)", "frame reject (FRMR)",
                                    "inactivity time-out", "no response",
                                    "link reset"};
    return r < sizeof t / sizeof t[0] ? t[r] : "link error";
}

/* See cli.h. */
int cli_exit_code(const cosem_client_error_t *e)
{
    switch (e->layer) {
    case COSEM_CLIENT_LAYER_NONE:
        return CLI_EXIT_OK;
    case COSEM_CLIENT_LAYER_LINK:
        return CLI_EXIT_LINK;
    case COSEM_CLIENT_LAYER_ASSOCIATION:
        return CLI_EXIT_ASSOC;
    default:
        return CLI_EXIT_SERVICE;
    }
}

/* See cli.h. */
const char *cli_error_text(const cosem_client_error_t *e, char *buf, size_t cap)
{
    switch (e->layer) {
    case COSEM_CLIENT_LAYER_LINK:
        (void)snprintf(buf, cap, "%s",
                       e->hdlc_reason != 0 ? hdlc_reason(e->hdlc_reason)
                                           : (e->status == COSEM_E_TIMEOUT
                                                  ? "no response (time-out)"
                                                  : cosem_status_str(e->status)));
        break;
    case COSEM_CLIENT_LAYER_ASSOCIATION:
        if (e->cse_service != 0) {
            (void)snprintf(buf, cap, "association refused: confirmed-service-error %u/%u/%u",
                           e->cse_service, e->cse_choice, e->cse_value);
        } else if (e->status == COSEM_E_DENIED) {
            (void)snprintf(buf, cap, "association %s: %s", cli_assoc_result_name(e->assoc_result),
                           cli_diag_name(e->diag_source, e->diagnostic));
        } else {
            (void)snprintf(buf, cap, "bad association response: %s",
                           cosem_status_str(e->status));
        }
        break;
    case COSEM_CLIENT_LAYER_SERVICE:
        if (e->state_error != 0 || e->service_error != 0) {
            (void)snprintf(buf, cap, "exception-response: %s, %s",
                           cli_state_error_name(e->state_error),
                           cli_service_error_name(e->service_error));
        } else {
            (void)snprintf(buf, cap, "bad response: %s", cosem_status_str(e->status));
        }
        break;
    case COSEM_CLIENT_LAYER_DATA:
        (void)snprintf(buf, cap, "%s", cli_dar_name(e->dar));
        break;
    default:
        (void)snprintf(buf, cap, "%s", cosem_status_str(e->status));
        break;
    }
    return buf;
}

/* See cli.h: explains a failed operation on stderr; returns its exit code. */
int cli_report(const char *what, const cosem_client_error_t *e)
{
    char text[160];
    cli_err("%s: %s", what, cli_error_text(e, text, sizeof text));
    return e->layer == COSEM_CLIENT_LAYER_NONE ? CLI_EXIT_SERVICE : cli_exit_code(e);
}

/* See cli.h. */
int cli_session_result(cli_session_t *s, cosem_status_t st, const char *what)
{
    const cosem_client_error_t *e = cosem_posix_client_error(&s->pc);
    if (st == COSEM_OK) {
        return CLI_EXIT_OK;
    }
    if (st == COSEM_E_TRAILING && e->status == st && e->layer == COSEM_CLIENT_LAYER_SERVICE) {
        /* The whole value arrived and was delivered; the server appended
         * octets after it (Gurux's example server does so after its clock
         * and profile buffers). A head-end reads the value and warns. */
        if (!s->quiet) {
            cli_err("%s: warning: octets after the value ignored", what);
        }
        return CLI_EXIT_OK;
    }
    if (st == COSEM_E_NOTFOUND && s->opt.sn) {
        cli_err("%s: not in the meter's Association SN object list", what);
        return CLI_EXIT_SERVICE;
    }
    if (e->status != st || e->layer == COSEM_CLIENT_LAYER_NONE) {
        /* the operation did not start (request too large, wrong state) */
        cli_err("%s: cannot start: %s", what, cosem_status_str(st));
        return st == COSEM_E_NOSPACE || st == COSEM_E_UNSUPPORTED ? CLI_EXIT_SERVICE
                                                                   : CLI_EXIT_LINK;
    }
    return s->quiet ? cli_exit_code(e) : cli_report(what, e);
}

/* See cli.h. */
const cosem_client_error_t *cli_session_error(cli_session_t *s)
{
    return cosem_posix_client_error(&s->pc);
}

/* See cli.h. */
void cli_session_close(cli_session_t *s)
{
    free(s->sn_names);
    s->sn_names = NULL;
    s->sn_count = s->sn_cap = 0;
    s->sn_loaded = false;
    if (s->loop == NULL) {
        return;
    }
    if (cosem_posix_client_close(&s->pc) != COSEM_OK) {
        cli_err("(release failed: %s)", cosem_status_str(cosem_posix_client_error(&s->pc)->status));
    }
    cosem_posix_loop_free(s->loop);
    s->loop = NULL;
    if (cli_pcap_close() != 0) {
        cli_err("writing the pcap file '%s' failed", cli_pcap_path);
    }
    free(s->buf);
    s->buf = NULL;
}

/* See cli.h (cmd_collect.c builds one configuration per meter). */
void cli_client_config(const cli_conn_opts_t *o, cosem_client_config_t *cfg)
{
    client_config(o, cfg);
}
