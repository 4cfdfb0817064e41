/* SPDX-License-Identifier: Apache-2.0 */
/* cosem listen: the head-end side of Push setup (class 40). Listens on a
 * TCP or UDP port, decodes every wrapper-framed data-notification or
 * event-notification that arrives and prints it (text or one JSON object
 * per push), its values labelled with the push setup's object list when
 * --objects gives it. Bounded by --count and --timeout. */
#include <stdlib.h>
#include <string.h>

#include <cosem/sn.h>
#include <cosem/wrapper.h>

#include "cli.h"

#define LISTEN_MAX_OBJECTS 64u
#define LISTEN_MAX_CONN 8u
#define LISTEN_FRAME_MAX (COSEM_WRAPPER_HEADER_SIZE + 65535u)

static const char listen_help[] =
    "usage: cosem listen (--tcp PORT | --udp PORT) [--listen ADDR] [--count N]\n"
    "                    [--timeout SECONDS] [--objects LIST] [--json]\n"
    "Receive pushes (data-notification, event-notification, an SN meter's\n"
    "information report) framed with the wrapper header, also sent in\n"
    "general-block-transfer blocks, and print each one.\n"
    "  --tcp PORT, --udp PORT  where to listen (0: any free port; the port is said on\n"
    "                          standard error: \"cosem listen: tcp ADDR:PORT\")\n"
    "  --listen ADDR           local address (default 127.0.0.1; 0.0.0.0 for all)\n"
    "  --count N               stop after N pushes\n"
    "  --timeout SECONDS       stop after this long (exit 2 when --count was not reached)\n"
    "  --objects LIST          the push setup's push_object_list, CLASS/OBIS/ATTR items\n"
    "                          separated by commas (e.g. 40/0.0.25.9.0.255/1,3/1.0.1.8.0.255/2):\n"
    "                          a body of that many values is printed value by value\n"
    "  --json                  one JSON object per push\n";

/* One entry of --objects. */
typedef struct lobj {
    unsigned class_id;
    uint8_t obis[6];
    unsigned attr;
} lobj_t;

/* Reassembly of one push sent in general-block-transfer blocks. */
typedef struct lgbt {
    uint16_t next;     /* block number expected next (0: none started) */
    unsigned blocks;   /* blocks joined */
    size_t len;
    uint8_t buf[65536];
} lgbt_t;

/* One TCP connection's reassembly of wrapper frames and blocks. */
typedef struct lconn {
    bool used;
    size_t len;
    uint8_t buf[LISTEN_FRAME_MAX];
    lgbt_t gbt;
} lconn_t;

typedef struct listen_ctx {
    bool json;
    bool udp;
    unsigned long count;      /* 0: no limit */
    unsigned long received;
    lobj_t objs[LISTEN_MAX_OBJECTS];
    size_t nobjs;
    int status;
    lconn_t conn[LISTEN_MAX_CONN];
    lgbt_t udp_gbt;
} listen_ctx_t;

static listen_ctx_t g_listen;

/* Parses "CLASS/OBIS/ATTR,..." into ctx->objs; 0 or -1. */
static int parse_objects(listen_ctx_t *c, const char *s)
{
    while (*s != '\0') {
        const char *end = strchr(s, ',');
        size_t n = end != NULL ? (size_t)(end - s) : strlen(s);
        char item[64], *a, *b;
        unsigned long cls = 0, attr = 0;
        cosem_obis_t o;
        if (n == 0 || n >= sizeof item || c->nobjs >= LISTEN_MAX_OBJECTS) {
            return -1;
        }
        memcpy(item, s, n);
        item[n] = '\0';
        a = strchr(item, '/');
        b = a != NULL ? strchr(a + 1, '/') : NULL;
        if (b == NULL) {
            return -1;
        }
        *a = '\0';
        *b = '\0';
        if (cli_parse_ulong(item, 0, 65535, &cls) != 0 || cli_parse_ulong(b + 1, 1, 127, &attr) != 0 ||
            cosem_obis_parse(&o, a + 1, strlen(a + 1)) != COSEM_OK) {
            return -1;
        }
        c->objs[c->nobjs].class_id = (unsigned)cls;
        memcpy(c->objs[c->nobjs].obis, o.v, 6);
        c->objs[c->nobjs].attr = (unsigned)attr;
        c->nobjs++;
        s += n;
        if (*s == ',') {
            ++s;
        }
    }
    return 0;
}

/* Label of one value of the body: "class N OBIS attr A (names)". */
static const char *obj_label(const lobj_t *l, char *buf, size_t cap)
{
    char obis[COSEM_OBIS_TEXT_MAX];
    const char *cls = cli_class_name(l->class_id);
    const char *attr = cli_attr_name(l->class_id, l->attr);
    (void)snprintf(buf, cap, "%s/%s/%u%s%s%s%s", cls != NULL ? cls : "class",
                   cli_obis_text(l->obis, obis), l->attr, attr != NULL ? " (" : "",
                   attr != NULL ? attr : "", attr != NULL ? ")" : "", "");
    return buf;
}

/* The body value by value, labelled from --objects, when it is a
 * structure of that many elements; 0, or -1 when it does not split. */
static int print_matched(listen_ctx_t *c, cli_out_t *o, const cosem_slice_t *body)
{
    cosem_axdr_reader_t r;
    size_t n = 0;
    cosem_axdr_reader_init(&r, body->p, body->len);
    if (c->nobjs == 0 || cosem_axdr_read_structure(&r, &n) != COSEM_OK || n != c->nobjs) {
        return -1;
    }
    cli_out_array(o, "values", NULL);
    for (size_t i = 0; i < n; ++i) {
        char label[160];
        size_t start = cosem_axdr_reader_pos(&r);
        if (cosem_axdr_skip(&r) != COSEM_OK) {
            break;
        }
        cli_out_begin(o, NULL, obj_label(&c->objs[i], label, sizeof label));
        if (o->json) {
            cli_out_str(o, "object", "%s", label);
        }
        if (cli_out_value(o, "value", body->p + start, cosem_axdr_reader_pos(&r) - start) != 0) {
            c->status = CLI_EXIT_DECODE;
        }
        cli_out_end(o);
    }
    cli_out_array_end(o);
    return 0;
}

#if COSEM_WITH_SN
/* An informationReportRequest (short-name meters): its time and each
 * variable name with its value; false when p is not one. */
static bool print_report(listen_ctx_t *c, cli_out_t *o, const uint8_t *p, size_t n)
{
    cosem_sn_apdu_t a;
    cosem_axdr_reader_t names, data;
    char text[COSEM_DATETIME_TEXT_MAX];
    if (n == 0u || p[0] != COSEM_APDU_INFORMATION_REPORT || cosem_sn_decode(p, n, &a) != COSEM_OK) {
        return false;
    }
    cli_out_str(o, "apdu", "information-report-request");
    if (a.time.len == COSEM_DATETIME_SIZE) {
        cosem_datetime_t dt;
        cosem_datetime_decode(&dt, a.time.p);
        if (cosem_datetime_format(&dt, text, sizeof text) > 0) {
            cli_out_str(o, "date_time", "%s", text);
        }
    }
    cosem_axdr_reader_init(&names, a.items.p, a.items.len);
    cosem_axdr_reader_init(&data, a.data.p, a.data.len);
    cli_out_array(o, "values", NULL);
    for (uint16_t i = 0; i < a.count; ++i) {
        cosem_sn_spec_t spec;
        char label[24];
        size_t start = cosem_axdr_reader_pos(&data);
        if (cosem_sn_read_spec(&names, &spec) != COSEM_OK || cosem_axdr_skip(&data) != COSEM_OK) {
            break; /* checked by cosem_sn_decode() */
        }
        (void)snprintf(label, sizeof label, "variable 0x%04X", (unsigned)spec.name);
        cli_out_begin(o, NULL, label);
        cli_out_int(o, "short_name", spec.name, NULL);
        if (cli_out_value(o, "value", a.data.p + start, cosem_axdr_reader_pos(&data) - start) != 0) {
            c->status = CLI_EXIT_DECODE;
        }
        cli_out_end(o);
    }
    cli_out_array_end(o);
    return true;
}
#endif

/* Prints one push: a notification APDU (joined from blocks when blocks
 * is not 0) and the wrapper header it came with. */
static void print_push(listen_ctx_t *c, const cosem_wrapper_header_t *h, const uint8_t *p,
                       size_t n, unsigned blocks)
{
    cosem_notification_t nt;
    cli_out_t o;
    char text[COSEM_DATETIME_TEXT_MAX], title[96];
    cosem_status_t st = cosem_notification_decode(p, n, &nt);
    c->received++;
    cli_out_init(&o, stdout, c->json);
    (void)snprintf(title, sizeof title, "push %lu (%s), %zu octets", c->received,
                   c->udp ? "udp" : "tcp", n);
    cli_out_begin(&o, NULL, title);
    cli_out_int(&o, "source_wport", h->src_wport, NULL);
    cli_out_int(&o, "destination_wport", h->dst_wport, NULL);
    if (blocks != 0u) {
        cli_out_int(&o, "general_block_transfer_blocks", (long long)blocks, NULL);
    }
#if COSEM_WITH_SN
    if (st != COSEM_OK && print_report(c, &o, p, n)) {
        st = COSEM_OK; /* an SN meter's information report */
    } else
#endif
    if (st != COSEM_OK) {
        cli_out_str(&o, "error", "not a notification: %s", cosem_status_str(st));
        cli_out_hex(&o, "octets", p, n);
        c->status = CLI_EXIT_DECODE;
    } else {
        cli_out_str(&o, "apdu", "%s", cli_apdu_name(nt.tag));
        if (nt.tag == COSEM_APDU_DATA_NOTIFICATION) {
            cli_out_int(&o, "long_invoke_id_and_priority", (long long)nt.invoke, NULL);
        }
        if (nt.has_time && cosem_datetime_format(&nt.time, text, sizeof text) > 0) {
            cli_out_str(&o, "date_time", "%s", text);
        }
        if (print_matched(c, &o, &nt.body) != 0 &&
            cli_out_value(&o, "notification_body", nt.body.p, nt.body.len) != 0) {
            c->status = CLI_EXIT_DECODE;
        }
    }
    cli_out_end(&o);
    cli_out_finish(&o);
    fflush(stdout);
}

/* One general-block-transfer block joined to its push; true when it was
 * the last (g then holds the notification). Out-of-order or malformed
 * blocks restart the reassembly and are reported. */
static bool gbt_add(listen_ctx_t *c, lgbt_t *g, const uint8_t *p, size_t n)
{
    cosem_axdr_reader_t r;
    const uint8_t *data = NULL;
    size_t len = 0;
    uint16_t num;
    if (n < 7u) {
        g->next = 0;
        return false;
    }
    num = (uint16_t)(p[2] << 8 | p[3]);
    cosem_axdr_reader_init(&r, p + 6, n - 6u);
    if (num != (g->next != 0u ? g->next : 1u) || cosem_axdr_get_length(&r, &len) != COSEM_OK ||
        cosem_axdr_get_bytes(&r, len, &data) != COSEM_OK ||
        cosem_axdr_reader_remaining(&r) != 0u || len > sizeof g->buf - (g->next != 0u ? g->len : 0u)) {
        cli_err("listen: general-block-transfer block %u out of order or malformed", (unsigned)num);
        c->status = CLI_EXIT_DECODE;
        g->next = 0;
        return false;
    }
    if (g->next == 0u) {
        g->len = 0;
        g->blocks = 0;
    }
    memcpy(g->buf + g->len, data, len);
    g->len += len;
    g->blocks++;
    g->next = (uint16_t)(num + 1u);
    if ((p[1] & 0x80u) == 0u) {
        return false;
    }
    g->next = 0;
    return true;
}

/* One wrapper frame: a notification, or a block of one. */
static void on_frame(listen_ctx_t *c, lgbt_t *g, const uint8_t *p, size_t n)
{
    cosem_wrapper_header_t h;
    if (cosem_wrapper_header_decode(&h, p, n) != COSEM_OK ||
        n != COSEM_WRAPPER_HEADER_SIZE + (size_t)h.length) {
        cli_err("listen: not a wrapper frame (%zu octets)", n);
        c->status = CLI_EXIT_DECODE;
        return;
    }
    p += COSEM_WRAPPER_HEADER_SIZE;
    n -= COSEM_WRAPPER_HEADER_SIZE;
    if (n != 0u && p[0] == COSEM_APDU_GENERAL_BLOCK_TRANSFER) {
        if (gbt_add(c, g, p, n)) {
            print_push(c, &h, g->buf, g->len, g->blocks);
        }
        return;
    }
    print_push(c, &h, p, n, 0);
}

/* TCP: wrapper frames out of the byte stream of one connection. */
static void on_tcp_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *data,
                        size_t n)
{
    listen_ctx_t *c = (listen_ctx_t *)user;
    lconn_t *k = (lconn_t *)cosem_posix_ctx(loop, id);
    cosem_wrapper_header_t h;
    if (k == NULL || n > sizeof k->buf - k->len) {
        cli_err("listen: frame too long, connection closed");
        (void)cosem_posix_close(loop, id);
        return;
    }
    memcpy(k->buf + k->len, data, n);
    k->len += n;
    while (k->len >= COSEM_WRAPPER_HEADER_SIZE &&
           cosem_wrapper_header_decode(&h, k->buf, k->len) == COSEM_OK &&
           k->len >= COSEM_WRAPPER_HEADER_SIZE + (size_t)h.length) {
        size_t f = COSEM_WRAPPER_HEADER_SIZE + (size_t)h.length;
        on_frame(c, &k->gbt, k->buf, f);
        memmove(k->buf, k->buf + f, k->len - f);
        k->len -= f;
    }
    if (k->len >= COSEM_WRAPPER_HEADER_SIZE && cosem_wrapper_header_decode(&h, k->buf, k->len) != COSEM_OK) {
        cli_err("listen: not a wrapper frame, connection closed");
        c->status = CLI_EXIT_DECODE;
        (void)cosem_posix_close(loop, id);
    }
}

/* A new TCP connection gets a free reassembly buffer (or is closed). */
static void on_tcp_open(void *user, cosem_posix_loop_t *loop, int id)
{
    listen_ctx_t *c = (listen_ctx_t *)user;
    for (size_t i = 0; i < LISTEN_MAX_CONN; ++i) {
        if (!c->conn[i].used) {
            c->conn[i].used = true;
            c->conn[i].len = 0;
            c->conn[i].gbt.next = 0;
            cosem_posix_set_ctx(loop, id, &c->conn[i]);
            return;
        }
    }
    (void)cosem_posix_close(loop, id);
}

/* A closed connection frees its buffer. */
static void on_tcp_close(void *user, cosem_posix_loop_t *loop, int id, cosem_status_t why)
{
    lconn_t *k = (lconn_t *)cosem_posix_ctx(loop, id);
    (void)user;
    (void)why;
    if (k != NULL) {
        k->used = false;
    }
}

/* UDP: one datagram is one frame. */
static void on_udp_data(void *user, cosem_posix_loop_t *loop, int id, const uint8_t *data,
                        size_t n)
{
    listen_ctx_t *c = (listen_ctx_t *)user;
    (void)loop;
    (void)id;
    on_frame(c, &c->udp_gbt, data, n);
}

/* Parses the command line; CLI_EXIT_OK, CLI_EXIT_USAGE, or -1 after --help. */
static int listen_args(int argc, char **argv, listen_ctx_t *c, const char **addr,
                       unsigned long *port, unsigned long *timeout_s)
{
    bool have_port = false;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(listen_help, stdout);
            return -1;
        }
        if (strcmp(a, "--json") == 0) {
            c->json = true;
            continue;
        }
        if (v == NULL) {
            return cli_usage_error("listen", "'%s' needs a value or is unknown", a);
        }
        ++i;
        if ((strcmp(a, "--tcp") == 0 || strcmp(a, "--udp") == 0) && !have_port &&
            cli_parse_ulong(v, 0, 65535, port) == 0) {
            c->udp = a[2] == 'u';
            have_port = true;
        } else if (strcmp(a, "--listen") == 0) {
            *addr = v;
        } else if (strcmp(a, "--count") == 0 && cli_parse_ulong(v, 1, 1000000, &c->count) == 0) {
        } else if (strcmp(a, "--timeout") == 0 && cli_parse_ulong(v, 1, 86400, timeout_s) == 0) {
        } else if (strcmp(a, "--objects") == 0 && parse_objects(c, v) == 0) {
        } else {
            return cli_usage_error("listen", "bad option or value: %s %s", a, v);
        }
    }
    return have_port ? CLI_EXIT_OK : cli_usage_error("listen", "--tcp PORT or --udp PORT needed");
}

/* cosem listen. */
int cli_cmd_listen(int argc, char **argv)
{
    static cosem_posix_loop_t loop;
    listen_ctx_t *c = &g_listen;
    const char *addr = "127.0.0.1";
    unsigned long port = 0, timeout_s = 0;
    cosem_posix_handlers_t h;
    uint32_t start;
    int id = -1, rc;
    cosem_status_t st;
    memset(c, 0, sizeof *c);
    rc = listen_args(argc, argv, c, &addr, &port, &timeout_s);
    if (rc != CLI_EXIT_OK) {
        return rc < 0 ? CLI_EXIT_OK : rc;
    }
    memset(&h, 0, sizeof h);
    h.user = c;
    h.on_data = c->udp ? on_udp_data : on_tcp_data;
    h.on_open = c->udp ? NULL : on_tcp_open;
    h.on_close = c->udp ? NULL : on_tcp_close;
    cosem_posix_loop_init(&loop);
    st = c->udp ? cosem_posix_udp_open(&loop, addr, (uint16_t)port, NULL, 0, &h, &id)
                : cosem_posix_tcp_listen(&loop, addr, (uint16_t)port, LISTEN_MAX_CONN - 1u, &h, &id);
    if (st != COSEM_OK) {
        cli_err("listen: %s %s:%lu: %s", c->udp ? "udp" : "tcp", addr, port, cosem_status_str(st));
        return CLI_EXIT_LINK;
    }
    fprintf(stderr, "cosem listen: %s %s:%u\n", c->udp ? "udp" : "tcp", addr,
            (unsigned)cosem_posix_local_port(&loop, id));
    fflush(stderr);
    (void)cosem_posix_catch_signals(&loop);
    start = cosem_posix_now_ms();
    c->status = CLI_EXIT_OK;
    while ((c->count == 0 || c->received < c->count) && cosem_posix_last_signal(&loop) == 0) {
        if (timeout_s != 0 && (uint32_t)(cosem_posix_now_ms() - start) >= timeout_s * 1000u) {
            break;
        }
        (void)cosem_posix_step(&loop, 100);
    }
    cosem_posix_loop_free(&loop);
    if (c->count != 0 && c->received < c->count) {
        cli_err("listen: %lu of %lu pushes received", c->received, c->count);
        return c->status != CLI_EXIT_OK ? c->status : CLI_EXIT_LINK;
    }
    return c->status;
}
