/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: one emitter for the annotated text tree and for JSON, so every
 * command describes its result once and prints it in either form. */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

cosem_value_node_t cli_nodes[CLI_MAX_NODES];

/* See cli.h. */
void cli_out_init(cli_out_t *o, FILE *f, bool json)
{
    memset(o, 0, sizeof *o);
    o->f = f;
    o->json = json;
}

/* Writes 2 spaces per level. */
static void indent(FILE *f, int depth)
{
    int k;
    for (k = 0; k < depth; k++) {
        fputs("  ", f);
    }
}

/* See cli.h. */
void cli_json_string(FILE *f, const char *s, size_t n)
{
    size_t k;
    fputc('"', f);
    for (k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(f, "\\u%04x", c);
        } else {
            fputc(c, f);
        }
    }
    fputc('"', f);
}

/* Text key: the JSON key with '_' shown as '-' (the ASN.1 spelling). */
static void text_key(FILE *f, const char *key)
{
    for (; *key != '\0'; key++) {
        fputc(*key == '_' ? '-' : *key, f);
    }
}

/* Starts a member: separator, indent and key (JSON) or indent and key (text). */
static void member(cli_out_t *o, const char *key)
{
    if (o->json) {
        if (o->depth > 0) {
            fputs(o->has_item[o->depth] ? ",\n" : "\n", o->f);
            o->has_item[o->depth] = true;
        }
        indent(o->f, o->depth);
        if (key != NULL) {
            cli_json_string(o->f, key, strlen(key));
            fputs(": ", o->f);
        }
        return;
    }
    indent(o->f, o->depth);
    if (key != NULL) {
        text_key(o->f, key);
        fputs(": ", o->f);
    }
}

/* Opens an object or array. */
static void open_container(cli_out_t *o, const char *key, const char *title, char bracket)
{
    if (o->json) {
        member(o, key);
        fputc(bracket, o->f);
    } else {
        indent(o->f, o->depth);
        if (title != NULL) {
            fputs(title, o->f);
        } else if (key != NULL) {
            text_key(o->f, key);
        }
        fputc('\n', o->f);
    }
    if (o->depth + 1 < CLI_OUT_MAX_DEPTH) {
        o->depth++;
    }
    o->has_item[o->depth] = false;
}

/* Closes an object or array. */
static void close_container(cli_out_t *o, char bracket)
{
    if (o->json) {
        if (o->has_item[o->depth]) {
            fputc('\n', o->f);
            indent(o->f, o->depth - 1);
        }
        fputc(bracket, o->f);
    }
    if (o->depth > 0) {
        o->depth--;
    }
}

/* See cli.h. */
void cli_out_begin(cli_out_t *o, const char *key, const char *title)
{
    open_container(o, key, title, '{');
}

/* See cli.h. */
void cli_out_end(cli_out_t *o)
{
    close_container(o, '}');
}

/* See cli.h. */
void cli_out_array(cli_out_t *o, const char *key, const char *title)
{
    open_container(o, key, title, '[');
}

/* See cli.h. */
void cli_out_array_end(cli_out_t *o)
{
    close_container(o, ']');
}

/* See cli.h. */
void cli_out_str(cli_out_t *o, const char *key, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    member(o, key);
    if (o->json) {
        cli_json_string(o->f, buf, strlen(buf));
    } else {
        fputs(buf, o->f);
        fputc('\n', o->f);
    }
}

/* See cli.h. */
void cli_out_int(cli_out_t *o, const char *key, long long v, const char *note)
{
    member(o, key);
    if (!o->json) {
        if (note != NULL) {
            fprintf(o->f, "%lld (%s)\n", v, note);
        } else {
            fprintf(o->f, "%lld\n", v);
        }
        return;
    }
    fprintf(o->f, "%lld", v);
    if (note != NULL && key != NULL) {
        char k2[96];
        (void)snprintf(k2, sizeof k2, "%s_name", key);
        member(o, k2);
        cli_json_string(o->f, note, strlen(note));
    }
}

/* See cli.h. */
void cli_out_hexint(cli_out_t *o, const char *key, unsigned long v, int digits, const char *note)
{
    if (o->json) {
        cli_out_int(o, key, (long long)v, note);
        return;
    }
    member(o, key);
    if (note != NULL && note[0] != '\0') {
        fprintf(o->f, "0x%0*lX (%s)\n", digits, v, note);
    } else {
        fprintf(o->f, "0x%0*lX\n", digits, v);
    }
}

/* See cli.h. */
void cli_out_bool(cli_out_t *o, const char *key, bool v)
{
    member(o, key);
    fputs(v ? "true" : "false", o->f);
    if (!o->json) {
        fputc('\n', o->f);
    }
}

/* See cli.h. */
void cli_out_hex(cli_out_t *o, const char *key, const uint8_t *p, size_t n)
{
    size_t k;
    member(o, key);
    if (o->json) {
        fputc('"', o->f);
        for (k = 0; k < n; k++) {
            fprintf(o->f, "%02x", p[k]);
        }
        fputc('"', o->f);
        return;
    }
    for (k = 0; k < n; k++) {
        fprintf(o->f, "%s%02X", k == 0 ? "" : " ", p[k]);
    }
    fputc('\n', o->f);
}

/* Sink state for values printed inside the text tree. */
typedef struct vsink {
    FILE *f;
    int depth;
    bool bol; /* at the beginning of a line */
} vsink_t;

/* Writes printer text, indenting every line to the sink's depth. */
static int vsink_write(void *user, const char *text, size_t len)
{
    vsink_t *s = user;
    size_t k;
    for (k = 0; k < len; k++) {
        if (s->bol) {
            indent(s->f, s->depth);
            s->bol = false;
        }
        fputc(text[k], s->f);
        if (text[k] == '\n') {
            s->bol = true;
        }
    }
    return ferror(s->f) ? 1 : 0;
}

/* See cli.h. */
int cli_out_value(cli_out_t *o, const char *key, const uint8_t *p, size_t n)
{
    cosem_axdr_reader_t r;
    size_t count = 0;
    cosem_status_t st;
    vsink_t s;
    cosem_axdr_reader_init(&r, p, n);
    st = cosem_value_decode(&r, cli_nodes, CLI_MAX_NODES, &count);
    if (st == COSEM_OK) {
        st = cosem_axdr_reader_expect_end(&r);
    }
    if (st != COSEM_OK) {
        cli_out_str(o, key, "undecodable Data (%s at octet %zu)", cosem_status_str(st),
                    cosem_axdr_reader_pos(&r));
        return -1;
    }
    if (!o->json && count > 1 && key != NULL) {
        indent(o->f, o->depth);
        text_key(o->f, key);
        fputc(':', o->f);
    } else {
        member(o, key);
    }
    s.f = o->f;
    s.depth = o->depth + 1;
    s.bol = false;
    if (o->json) {
        (void)cosem_value_print(cli_nodes, count, COSEM_VALUE_PRINT_JSON |
                                COSEM_VALUE_PRINT_TYPED | COSEM_VALUE_PRINT_COMPACT,
                                vsink_write, &s);
        return 0;
    }
    if (count > 1) {
        fputc('\n', o->f);
        s.bol = true;
    }
    (void)cosem_value_print(cli_nodes, count, COSEM_VALUE_PRINT_DEFAULT, vsink_write, &s);
    return 0;
}

/* See cli.h. */
void cli_out_finish(cli_out_t *o)
{
    if (o->json) {
        fputc('\n', o->f);
    }
    fflush(o->f);
}

/* Decimal digits of magnitude m shifted by scaler (m * 10^scaler), with the
 * sign, into buf. */
static void scaled_digits(bool neg, uint64_t m, int scaler, char *buf, size_t cap)
{
    char digits[48];
    int nd = snprintf(digits, sizeof digits, "%llu", (unsigned long long)m);
    size_t pos = 0;
    int k;
    if (neg && pos + 1 < cap) {
        buf[pos++] = '-';
    }
    if (scaler >= 0) {
        for (k = 0; k < nd && pos + 1 < cap; k++) {
            buf[pos++] = digits[k];
        }
        for (k = 0; k < scaler && m != 0 && pos + 1 < cap; k++) {
            buf[pos++] = '0';
        }
    } else {
        int frac = -scaler, intd = nd - frac;
        if (intd <= 0 && pos + 1 < cap) {
            buf[pos++] = '0';
        }
        for (k = 0; k < intd && pos + 1 < cap; k++) {
            buf[pos++] = digits[k];
        }
        if (pos + 1 < cap) {
            buf[pos++] = '.';
        }
        for (k = 0; k < frac && pos + 1 < cap; k++) {
            int idx = intd + k;
            buf[pos++] = idx < 0 ? '0' : digits[idx];
        }
    }
    buf[pos] = '\0';
}

/* See cli.h. */
int cli_scaled_text(const cosem_value_node_t *node, int scaler, char *buf, size_t cap)
{
    uint8_t t = node->type;
    if (cap == 0) {
        return -1;
    }
    if (t == COSEM_AXDR_FLOAT32 || t == COSEM_AXDR_FLOAT64) {
        double d, f = 1.0;
        int k;
        if (t == COSEM_AXDR_FLOAT32) {
            float x;
            uint32_t bits = (uint32_t)node->v.u;
            memcpy(&x, &bits, sizeof x);
            d = (double)x;
        } else {
            memcpy(&d, &node->v.u, sizeof d);
        }
        for (k = 0; k < (scaler < 0 ? -scaler : scaler); k++) {
            f *= 10.0;
        }
        d = scaler < 0 ? d / f : d * f;
        (void)snprintf(buf, cap, "%.*g", t == COSEM_AXDR_FLOAT32 ? 7 : 15, d);
        return 0;
    }
    if (!cosem_axdr_is_integer(t) || t == COSEM_AXDR_ENUM) {
        return -1;
    }
    if (t == COSEM_AXDR_INTEGER || t == COSEM_AXDR_LONG || t == COSEM_AXDR_DOUBLE_LONG ||
        t == COSEM_AXDR_LONG64 || t == COSEM_AXDR_DELTA_INTEGER || t == COSEM_AXDR_DELTA_LONG ||
        t == COSEM_AXDR_DELTA_DOUBLE_LONG) {
        int64_t v = node->v.i;
        scaled_digits(v < 0, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, scaler, buf, cap);
    } else {
        scaled_digits(false, node->v.u, scaler, buf, cap);
    }
    return 0;
}

/* A date-time / date / time value as text; a date keeps its date part and
 * a time its time part. */
static void dt_text(const cosem_datetime_t *dt, uint8_t type, char *buf, size_t cap)
{
    char t[COSEM_DATETIME_TEXT_MAX];
    const char *s = t, *tpos;
    size_t n = cosem_datetime_format(dt, t, sizeof t);
    if (n == 0) {
        t[0] = '\0';
    }
    tpos = strchr(t, 'T');
    if (type == COSEM_AXDR_DATE && tpos != NULL) {
        n = (size_t)(tpos - t);
    } else if (type == COSEM_AXDR_TIME && tpos != NULL) {
        s = tpos + 1;
        n = strlen(s);
    } else {
        n = strlen(t);
    }
    (void)snprintf(buf, cap, "%.*s", (int)n, s);
}

/* Whether n octets are all printable ASCII (and there is at least one). */
static bool printable(const uint8_t *p, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++) {
        if (p[k] < 0x20 || p[k] > 0x7E) {
            return false;
        }
    }
    return n > 0;
}

/* An octet-string as text: a date-time, printable characters, or hex. */
static int octets_text(const cosem_value_node_t *nd, char *buf, size_t cap)
{
    size_t k, pos = 0;
    if (nd->len == COSEM_DATETIME_SIZE) {
        cosem_datetime_t dt;
        cosem_datetime_decode(&dt, nd->data);
        if (cosem_datetime_validate(&dt) == COSEM_OK) {
            dt_text(&dt, COSEM_AXDR_DATE_TIME, buf, cap);
            return CLI_TXT_STRING;
        }
    }
    if (printable(nd->data, nd->len)) {
        (void)snprintf(buf, cap, "%.*s", (int)nd->len, (const char *)nd->data);
        return CLI_TXT_STRING;
    }
    for (k = 0; k < nd->len && pos + 3 <= cap; k++) {
        pos += (size_t)snprintf(buf + pos, cap - pos, "%02x", nd->data[k]);
    }
    if (pos < cap) {
        buf[pos] = '\0';
    }
    return CLI_TXT_STRING;
}

/* See cli.h. */
int cli_node_text(const cosem_value_node_t *nd, const int *scaler, char *buf, size_t cap)
{
    size_t k;
    if (cap == 0) {
        return CLI_TXT_NONE;
    }
    buf[0] = '\0';
    switch (nd->type) {
    case COSEM_AXDR_NULL_DATA:
    case COSEM_AXDR_DONT_CARE:
        (void)snprintf(buf, cap, "null");
        return CLI_TXT_LITERAL;
    case COSEM_AXDR_BOOLEAN:
        (void)snprintf(buf, cap, "%s", nd->v.i ? "true" : "false");
        return CLI_TXT_LITERAL;
    case COSEM_AXDR_OCTET_STRING:
        return octets_text(nd, buf, cap);
    case COSEM_AXDR_VISIBLE_STRING:
    case COSEM_AXDR_UTF8_STRING:
        (void)snprintf(buf, cap, "%.*s", (int)nd->len, (const char *)nd->data);
        return CLI_TXT_STRING;
    case COSEM_AXDR_BIT_STRING:
        for (k = 0; k < nd->count && k + 1 < cap; k++) {
            buf[k] = (nd->data[k / 8] & (0x80u >> (k % 8))) ? '1' : '0';
        }
        buf[k] = '\0';
        return CLI_TXT_STRING;
    case COSEM_AXDR_BCD:
        (void)snprintf(buf, cap, "%02x", (unsigned)nd->v.u & 0xFFu);
        return CLI_TXT_STRING;
    case COSEM_AXDR_DATE_TIME:
    case COSEM_AXDR_DATE:
    case COSEM_AXDR_TIME:
        dt_text(&nd->v.dt, nd->type, buf, cap);
        return CLI_TXT_STRING;
    default:
        break;
    }
    if (nd->type == COSEM_AXDR_ENUM) {
        (void)snprintf(buf, cap, "%u", (unsigned)nd->v.u);
        return CLI_TXT_NUMBER;
    }
    if (cli_scaled_text(nd, scaler != NULL ? *scaler : 0, buf, cap) == 0) {
        return (strchr(buf, 'n') != NULL || strchr(buf, 'i') != NULL) ? CLI_TXT_STRING
                                                                      : CLI_TXT_NUMBER;
    }
    return CLI_TXT_NONE;
}

/* See cli.h. */
int cli_subtree_json(const cosem_value_node_t *nodes, size_t count, size_t index, char *buf,
                     size_t cap)
{
    static uint8_t enc[65536];
    static cosem_value_node_t sub[4096];
    cosem_axdr_writer_t w;
    cosem_axdr_reader_t r;
    size_t n = 0;
    cosem_axdr_writer_init(&w, enc, sizeof enc);
    if (cosem_value_encode(&w, nodes, count, index) != COSEM_OK) {
        return -1;
    }
    cosem_axdr_reader_init(&r, enc, cosem_axdr_writer_len(&w));
    if (cosem_value_decode(&r, sub, sizeof sub / sizeof sub[0], &n) != COSEM_OK) {
        return -1;
    }
    return cosem_value_print_buf(sub, n, COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_COMPACT,
                                 buf, cap, NULL) == COSEM_OK ? 0 : -1;
}

/* See cli.h. */
int cli_stdout_sink(void *user, const char *text, size_t len)
{
    (void)user;
    return fwrite(text, 1, len, stdout) == len ? 0 : 1;
}
