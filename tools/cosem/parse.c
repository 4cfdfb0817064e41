/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: parsers of command-line text (hex captures, numbers, OBIS
 * references, ranges, typed values). Pure functions over their inputs, no
 * I/O, so fuzz/fuzz_cli_args.c drives them directly. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/datetime.h>

#include "parse.h"

/* Formats a message into err (if any); returns -1 for the caller to pass on. */
static int fail(char *err, size_t cap, const char *fmt, ...) CLI_PRINTF(3, 4);
static int fail(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    if (err != NULL && cap > 0) {
        va_start(ap, fmt);
        (void)vsnprintf(err, cap, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* See parse.h. */
int cli_hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Characters that separate hex tokens. */
static bool is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':' || c == ',' ||
           c == '-' || c == '_' || c == ';' || c == '\f' || c == '\v';
}

/* Hex parser state shared by its helpers. */
typedef struct hexp {
    const char *t;
    size_t len, i, nb, nc, cap, max_chunks;
    uint8_t *out;
    cli_chunk_t *chunks;
    char *err;
    size_t errcap;
} hexp_t;

/* Starts a chunk with direction dir at the current output position (an
 * empty current chunk is reused). */
static int chunk_start(hexp_t *p, char dir)
{
    if (p->chunks == NULL) {
        return 0;
    }
    if (p->nc > 0 && p->chunks[p->nc - 1].off == p->nb) {
        p->chunks[p->nc - 1].dir = dir;
        return 0;
    }
    if (p->nc >= p->max_chunks) {
        return fail(p->err, p->errcap, "more than %zu frames", p->max_chunks);
    }
    p->chunks[p->nc].off = p->nb;
    p->chunks[p->nc].len = 0;
    p->chunks[p->nc].dir = dir;
    p->nc++;
    return 0;
}

/* Reads one token of hex digits (optionally 0x-prefixed) at p->i. */
static int hex_token(hexp_t *p)
{
    bool prefixed = false;
    size_t start, nd, k;
    char next = p->i + 1 < p->len ? p->t[p->i + 1] : '\0';
    if (p->t[p->i] == '0' && (next == 'x' || next == 'X')) {
        prefixed = true;
        p->i += 2;
    }
    start = p->i;
    while (p->i < p->len && cli_hex_digit(p->t[p->i]) >= 0) {
        p->i++;
    }
    nd = p->i - start;
    if (p->i < p->len && !is_sep(p->t[p->i]) && p->t[p->i] != '#') {
        return fail(p->err, p->errcap, "'%c' at offset %zu is not a hex digit", p->t[p->i], p->i);
    }
    if (nd == 0) {
        return fail(p->err, p->errcap, "'0x' without digits at offset %zu", start);
    }
    if (nd % 2 != 0 && !(prefixed && nd == 1)) {
        return fail(p->err, p->errcap, "odd number of hex digits at offset %zu", start);
    }
    if (p->nc == 0 && chunk_start(p, 0) != 0) {
        return -1;
    }
    for (k = 0; k < nd; k += (nd == 1) ? 1u : 2u) {
        int v = (nd == 1) ? cli_hex_digit(p->t[start])
                          : (cli_hex_digit(p->t[start + k]) << 4 | cli_hex_digit(p->t[start + k + 1]));
        if (p->nb >= p->cap) {
            return fail(p->err, p->errcap, "more than %zu bytes", p->cap);
        }
        p->out[p->nb++] = (uint8_t)v;
    }
    return 0;
}

/* At the start of a line: a "C>" or "S>" marker (any case). */
static bool at_marker(const hexp_t *p, char *dir)
{
    char c = p->t[p->i];
    if (p->i + 1 >= p->len || p->t[p->i + 1] != '>') {
        return false;
    }
    if (c == 'C' || c == 'c' || c == 'S' || c == 's') {
        *dir = (c == 'C' || c == 'c') ? 'C' : 'S';
        return true;
    }
    return false;
}

/* See cli.h. */
int cli_hex_parse(const char *text, size_t len, uint8_t *out, size_t cap, size_t *n,
                  cli_chunk_t *chunks, size_t max_chunks, size_t *nchunks, char *err,
                  size_t errcap)
{
    hexp_t p = {text, len, 0, 0, 0, cap, max_chunks, out, chunks, err, errcap};
    bool line_start = true;
    char dir;
    size_t k;
    while (p.i < p.len) {
        char c = p.t[p.i];
        if (c == '\n') {
            line_start = true;
            p.i++;
        } else if (c == '#') {
            while (p.i < p.len && p.t[p.i] != '\n') {
                p.i++;
            }
        } else if (is_sep(c)) {
            p.i++;
        } else if (line_start && at_marker(&p, &dir)) {
            if (chunk_start(&p, dir) != 0) {
                return -1;
            }
            p.i += 2;
            line_start = false;
        } else {
            line_start = false;
            if (hex_token(&p) != 0) {
                return -1;
            }
        }
    }
    for (k = 0; chunks != NULL && k < p.nc; k++) {
        chunks[k].len = (k + 1 < p.nc ? chunks[k + 1].off : p.nb) - chunks[k].off;
    }
    if (p.nc > 0 && chunks != NULL && chunks[p.nc - 1].len == 0) {
        p.nc--;
    }
    *n = p.nb;
    if (nchunks != NULL) {
        *nchunks = p.nc;
    }
    return 0;
}

/* See cli.h. */
int cli_parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
    unsigned long x = 0;
    unsigned base = 10;
    size_t i = 0;
    if (s == NULL || s[0] == '\0') {
        return -1;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
        if (s[2] == '\0') {
            return -1;
        }
    }
    for (; s[i] != '\0'; i++) {
        int d = cli_hex_digit(s[i]);
        if (d < 0 || (unsigned)d >= base) {
            return -1;
        }
        if (x > (ULONG_MAX - (unsigned long)d) / base) {
            return -1;
        }
        x = x * base + (unsigned long)d;
    }
    if (x < min || x > max) {
        return -1;
    }
    *v = x;
    return 0;
}

/* See cli.h. */
int cli_parse_obis_ref(const char *s, cosem_obis_t *o, unsigned *id, bool *has_id)
{
    const char *colon;
    unsigned long v;
    if (s == NULL) {
        return -1;
    }
    if (cosem_obis_parse(o, s, strlen(s)) == COSEM_OK) {
        *has_id = false;
        return 0;
    }
    colon = strrchr(s, ':');
    if (colon == NULL || cli_parse_ulong(colon + 1, 0, 255, &v) != 0) {
        return -1;
    }
    if (cosem_obis_parse(o, s, (size_t)(colon - s)) != COSEM_OK) {
        return -1;
    }
    *id = (unsigned)v;
    *has_id = true;
    return 0;
}

/* See cli.h. */
int cli_parse_range(const char *s, uint32_t *from, uint32_t *to)
{
    char a[16];
    const char *dash = s != NULL ? strchr(s, '-') : NULL;
    unsigned long x, y = 0;
    size_t n;
    if (dash == NULL) {
        return -1;
    }
    n = (size_t)(dash - s);
    if (n == 0 || n >= sizeof a) {
        return -1;
    }
    memcpy(a, s, n);
    a[n] = '\0';
    if (cli_parse_ulong(a, 1, UINT32_MAX, &x) != 0) {
        return -1;
    }
    if (dash[1] != '\0' && cli_parse_ulong(dash + 1, x, UINT32_MAX, &y) != 0) {
        return -1;
    }
    *from = (uint32_t)x;
    *to = (uint32_t)y;
    return 0;
}

/* ---- typed values --------------------------------------------------- */

/* Kinds of --type names. */
enum vkind {
    VK_NULL, VK_BOOL, VK_INT, VK_UINT64, VK_F32, VK_F64, VK_OCTETS, VK_VISIBLE, VK_UTF8,
    VK_OBIS, VK_DT_OS, VK_DATE_OS, VK_TIME_OS, VK_DT, VK_DATE, VK_TIME, VK_BITS, VK_BCD, VK_RAW
};

/* One --type name. */
typedef struct vtype {
    const char *name;
    const char *alias;
    uint8_t kind;
    uint8_t tag; /* integer family: the tag */
} vtype_t;

static const vtype_t vtypes[] = {
    {"null-data", "null", VK_NULL, 0},
    {"boolean", "bool", VK_BOOL, 0},
    {"integer", "int8", VK_INT, COSEM_AXDR_INTEGER},
    {"unsigned", "uint8", VK_INT, COSEM_AXDR_UNSIGNED},
    {"long", "int16", VK_INT, COSEM_AXDR_LONG},
    {"long-unsigned", "uint16", VK_INT, COSEM_AXDR_LONG_UNSIGNED},
    {"double-long", "int32", VK_INT, COSEM_AXDR_DOUBLE_LONG},
    {"double-long-unsigned", "uint32", VK_INT, COSEM_AXDR_DOUBLE_LONG_UNSIGNED},
    {"long64", "int64", VK_INT, COSEM_AXDR_LONG64},
    {"long64-unsigned", "uint64", VK_UINT64, 0},
    {"enum", "enumerated", VK_INT, COSEM_AXDR_ENUM},
    {"float32", "float", VK_F32, 0},
    {"float64", "double", VK_F64, 0},
    {"octet-string", "hex", VK_OCTETS, 0},
    {"visible-string", "string", VK_VISIBLE, 0},
    {"utf8-string", "utf8", VK_UTF8, 0},
    {"obis", "logical-name", VK_OBIS, 0},
    {"datetime", "date-time-os", VK_DT_OS, 0},
    {"date-os", "date-octets", VK_DATE_OS, 0},
    {"time-os", "time-octets", VK_TIME_OS, 0},
    {"date-time", "date-time-tag", VK_DT, 0},
    {"date", "date-tag", VK_DATE, 0},
    {"time", "time-tag", VK_TIME, 0},
    {"bit-string", "bits", VK_BITS, 0},
    {"bcd", NULL, VK_BCD, 0},
    {"axdr", "raw", VK_RAW, 0},
};

/* Signed decimal (or 0x hex) 64-bit number; 0 or -1. */
static int parse_i64(const char *s, int64_t *v)
{
    unsigned long long m;
    char *end;
    bool neg = (s[0] == '-');
    const char *d = neg ? s + 1 : s;
    if (d[0] < '0' || d[0] > '9') {
        return -1;
    }
    errno = 0;
    m = strtoull(d, &end, (d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) ? 16 : 10);
    if (errno != 0 || *end != '\0' || end == d) {
        return -1;
    }
    if (neg ? m > (unsigned long long)INT64_MAX + 1u : m > (unsigned long long)INT64_MAX) {
        return -1;
    }
    *v = neg ? (m == (unsigned long long)INT64_MAX + 1u ? INT64_MIN : -(int64_t)m) : (int64_t)m;
    return 0;
}

/* Date-time text (or "now" is handled by the caller) to a value; 0 or -1. */
static int parse_dt(const char *text, cosem_datetime_t *dt, char *err, size_t cap)
{
    if (cosem_datetime_parse(dt, text, strlen(text)) != COSEM_OK) {
        return fail(err, cap, "'%s' is not a date-time (YYYY-MM-DD[Thh:mm[:ss]][+hh:mm])",
                    text);
    }
    return 0;
}

/* Encodes a bit-string given as '0'/'1' characters. */
static int put_bits(const char *text, cosem_axdr_writer_t *w, char *err, size_t cap)
{
    uint8_t bits[256];
    size_t n = strlen(text), k;
    if (n > 8 * sizeof bits) {
        return fail(err, cap, "bit-string longer than %zu bits", 8 * sizeof bits);
    }
    memset(bits, 0, sizeof bits);
    for (k = 0; k < n; k++) {
        if (text[k] != '0' && text[k] != '1') {
            return fail(err, cap, "bit-string must be 0 and 1 digits");
        }
        if (text[k] == '1') {
            bits[k / 8] |= (uint8_t)(0x80u >> (k % 8));
        }
    }
    (void)cosem_axdr_write_bit_string(w, bits, n);
    return 0;
}

/* Encodes hex text as an octet-string (raw == false) or copies a whole A-XDR
 * Data given in hex after checking it (raw == true). */
static int put_hex(const char *text, bool raw, cosem_axdr_writer_t *w, char *err, size_t cap)
{
    static uint8_t buf[65536];
    cosem_axdr_reader_t r;
    size_t n = 0;
    if (cli_hex_parse(text, strlen(text), buf, sizeof buf, &n, NULL, 0, NULL, err, cap) != 0) {
        return -1;
    }
    if (!raw) {
        (void)cosem_axdr_write_octet_string(w, buf, n);
        return 0;
    }
    cosem_axdr_reader_init(&r, buf, n);
    if (cosem_axdr_skip(&r) != COSEM_OK || cosem_axdr_reader_expect_end(&r) != COSEM_OK) {
        return fail(err, cap, "the hex is not one whole A-XDR Data value");
    }
    (void)cosem_axdr_put_bytes(w, buf, n);
    return 0;
}

/* Encodes a number of an integer type, or a boolean / bcd. */
static int put_number(const vtype_t *t, const char *text, cosem_axdr_writer_t *w, char *err,
                      size_t cap)
{
    int64_t v;
    unsigned long u;
    if (t->kind == VK_BOOL) {
        if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0) {
            (void)cosem_axdr_write_bool(w, true);
        } else if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0) {
            (void)cosem_axdr_write_bool(w, false);
        } else {
            return fail(err, cap, "boolean must be true, false, 1 or 0");
        }
        return 0;
    }
    if (t->kind == VK_BCD) {
        if (cli_parse_ulong(text, 0, 255, &u) != 0) {
            return fail(err, cap, "bcd must be one octet (0..255 or 0x..)");
        }
        (void)cosem_axdr_write_bcd(w, (uint8_t)u);
        return 0;
    }
    if (t->kind == VK_UINT64) {
        unsigned long long m;
        char *end;
        if (text[0] < '0' || text[0] > '9') {
            return fail(err, cap, "'%s' is not a %s", text, t->name);
        }
        errno = 0;
        m = strtoull(text, &end, 0);
        if (errno != 0 || *end != '\0') {
            return fail(err, cap, "'%s' is not a %s", text, t->name);
        }
        (void)cosem_axdr_write_u64(w, (uint64_t)m);
        return 0;
    }
    if (parse_i64(text, &v) != 0) {
        return fail(err, cap, "'%s' is not a %s", text, t->name);
    }
    if (cosem_axdr_write_int(w, t->tag, v) == COSEM_E_RANGE) {
        return fail(err, cap, "%s out of range for %s", text, t->name);
    }
    return 0;
}

/* Encodes a float32/float64 given in decimal. */
static int put_float(const vtype_t *t, const char *text, cosem_axdr_writer_t *w, char *err,
                     size_t cap)
{
    char *end;
    double d;
    errno = 0;
    d = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE) {
        return fail(err, cap, "'%s' is not a %s", text, t->name);
    }
#if COSEM_WITH_FLOAT
    if (t->kind == VK_F32) {
        (void)cosem_axdr_write_f32(w, (float)d);
    } else {
        (void)cosem_axdr_write_f64(w, d);
    }
    return 0;
#else
    (void)w;
    return fail(err, cap, "floats need COSEM_WITH_FLOAT");
#endif
}

/* Encodes a date-time / date / time in octet-string or tagged form. */
static int put_datetime(const vtype_t *t, const char *text, cosem_axdr_writer_t *w, char *err,
                        size_t cap)
{
    cosem_datetime_t dt;
    if (parse_dt(text, &dt, err, cap) != 0) {
        return -1;
    }
    switch (t->kind) {
    case VK_DT_OS: (void)cosem_axdr_write_datetime_os(w, &dt); break;
    case VK_DATE_OS: (void)cosem_axdr_write_date_os(w, &dt); break;
    case VK_TIME_OS: (void)cosem_axdr_write_time_os(w, &dt); break;
    case VK_DT: (void)cosem_axdr_write_datetime(w, &dt); break;
    case VK_DATE: (void)cosem_axdr_write_date(w, &dt); break;
    default: (void)cosem_axdr_write_time(w, &dt); break;
    }
    return 0;
}

/* Encodes the string-like kinds. */
static int put_string(const vtype_t *t, const char *text, cosem_axdr_writer_t *w, char *err,
                      size_t cap)
{
    size_t k, n = strlen(text);
    cosem_obis_t o;
    switch (t->kind) {
    case VK_VISIBLE:
        for (k = 0; k < n; k++) {
            if ((unsigned char)text[k] < 0x20 || (unsigned char)text[k] > 0x7E) {
                return fail(err, cap, "visible-string takes printable ASCII only");
            }
        }
        (void)cosem_axdr_write_visible_string(w, text, n);
        return 0;
    case VK_UTF8:
        (void)cosem_axdr_write_utf8_string(w, text, n);
        return 0;
    case VK_OBIS:
        if (cosem_obis_parse(&o, text, n) != COSEM_OK) {
            return fail(err, cap, "'%s' is not an OBIS code", text);
        }
        (void)cosem_axdr_write_octet_string(w, o.v, 6);
        return 0;
    default:
        return put_hex(text, t->kind == VK_RAW, w, err, cap);
    }
}

/* See cli.h. */
int cli_value_encode(const char *type, const char *text, cosem_axdr_writer_t *w, char *err,
                     size_t cap)
{
    const vtype_t *t = NULL;
    size_t k;
    int rc;
    for (k = 0; k < sizeof vtypes / sizeof vtypes[0]; k++) {
        if (strcmp(type, vtypes[k].name) == 0 ||
            (vtypes[k].alias != NULL && strcmp(type, vtypes[k].alias) == 0)) {
            t = &vtypes[k];
            break;
        }
    }
    if (t == NULL) {
        return fail(err, cap, "unknown type '%s' (see --help)", type);
    }
    if (t->kind == VK_NULL) {
        (void)cosem_axdr_write_null(w);
        rc = 0;
    } else if (t->kind == VK_BOOL || t->kind == VK_INT || t->kind == VK_UINT64 ||
               t->kind == VK_BCD) {
        rc = put_number(t, text, w, err, cap);
    } else if (t->kind == VK_F32 || t->kind == VK_F64) {
        rc = put_float(t, text, w, err, cap);
    } else if (t->kind >= VK_DT_OS && t->kind <= VK_TIME) {
        rc = put_datetime(t, text, w, err, cap);
    } else if (t->kind == VK_BITS) {
        rc = put_bits(text, w, err, cap);
    } else {
        rc = put_string(t, text, w, err, cap);
    }
    if (rc == 0 && cosem_axdr_writer_status(w) != COSEM_OK) {
        return fail(err, cap, "value does not fit the APDU");
    }
    return rc;
}
