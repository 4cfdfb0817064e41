/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: the forms in which frames are shared, turned into what
 * `cosem decode` reads. Text: log lines with time stamps and direction words
 * ("Tx:", "Send:", "<-", "[2024-01-01 10:00:00.123]"), `hexdump -C` and `od`
 * dumps become "C>"/"S>" lines of hex (cli_text_normalize). Binary: pcap and
 * pcapng files (capture_pcap.c). Pure functions over caller memory (no I/O),
 * fuzzed by fuzz/fuzz_cli_capture.c. */
#include <stdio.h>
#include <string.h>

#include "parse.h"

/* Output cursor of the normalizer. */
typedef struct norm {
    char *out;
    size_t cap, n;
    int err;
} norm_t;

static void put(norm_t *w, const char *s, size_t n)
{
    if (w->err || n > w->cap - w->n) {
        w->err = 1;
        return;
    }
    memcpy(w->out + w->n, s, n);
    w->n += n;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Digits at t[i..e): how many (up to max). */
static size_t digits(const char *t, size_t i, size_t e, size_t max)
{
    size_t k = 0;
    while (i + k < e && k < max && is_digit(t[i + k])) {
        k++;
    }
    return k;
}

/* A date YYYY-MM-DD (or YYYY/MM/DD) at t[i]: its length, 0 if none. */
static size_t date_at(const char *t, size_t i, size_t e)
{
    if (digits(t, i, e, 4) != 4 || i + 10 > e || (t[i + 4] != '-' && t[i + 4] != '/') ||
        digits(t, i + 5, e, 2) != 2 || t[i + 7] != t[i + 4] || digits(t, i + 8, e, 2) != 2) {
        return 0;
    }
    if (i + 10 < e && !is_space(t[i + 10]) && t[i + 10] != 'T' && t[i + 10] != ']') {
        return 0;
    }
    return 10 + (i + 10 < e && t[i + 10] == 'T' ? 1 : 0);
}

/* A time h:mm:ss[.fff][Z|+hh:mm] at t[i]: its length, 0 if none. A time
 * must be followed by white space, ']' or the end, so colon-separated hex
 * (10:20:30:40) is not taken for one. */
static size_t time_at(const char *t, size_t i, size_t e)
{
    size_t k = digits(t, i, e, 2), f;
    if (k == 0 || i + k + 6 > e + 0 || t[i + k] != ':' || digits(t, i + k + 1, e, 2) != 2 ||
        t[i + k + 3] != ':' || digits(t, i + k + 4, e, 2) != 2) {
        return 0;
    }
    k += 6;
    if (i + k < e && (t[i + k] == '.' || t[i + k] == ',')) {
        f = digits(t, i + k + 1, e, 9);
        if (f == 0) {
            return 0;
        }
        k += 1 + f;
    }
    if (i + k < e && t[i + k] == 'Z') {
        k++;
    } else if (i + k < e && (t[i + k] == '+' || t[i + k] == '-') &&
               digits(t, i + k + 1, e, 2) == 2) {
        size_t z = 3;
        if (i + k + z < e && t[i + k + z] == ':') {
            z++;
        }
        z += digits(t, i + k + z, e, 2);
        k += z;
    }
    return (i + k == e || is_space(t[i + k]) || t[i + k] == ']') ? k : 0;
}

/* Direction words (case-insensitive): what they mean, seen from the client
 * (the head-end that wrote the log). */
static const struct {
    const char *word;
    char dir;
} dir_words[] = {{"tx", 'C'},     {"send", 'C'},     {"sent", 'C'},    {"sending", 'C'},
                 {"out", 'C'},    {"write", 'C'},    {"request", 'C'}, {"rx", 'S'},
                 {"recv", 'S'},   {"receive", 'S'},  {"received", 'S'}, {"receiving", 'S'},
                 {"in", 'S'},     {"read", 'S'},     {"response", 'S'}, {"debug", 0},
                 {"info", 0},     {"trace", 0}};

/* A word of letters at t[i], followed by ':' '>' white space or the end;
 * its length with the ':' (0 if none), its direction in *dir ('?' when it
 * is no known word). */
static size_t word_at(const char *t, size_t i, size_t e, char *dir)
{
    size_t k = 0, w;
    while (i + k < e && lower(t[i + k]) >= 'a' && lower(t[i + k]) <= 'z' && k < 12) {
        k++;
    }
    *dir = '?';
    if (k == 0 || (i + k < e && t[i + k] != ':' && t[i + k] != '>' && !is_space(t[i + k]) &&
                   t[i + k] != ']')) {
        return 0;
    }
    for (w = 0; w < sizeof dir_words / sizeof dir_words[0]; w++) {
        size_t l = strlen(dir_words[w].word), c;
        if (l != k) {
            continue;
        }
        for (c = 0; c < l && lower(t[i + c]) == dir_words[w].word[c]; c++) {
        }
        if (c == l) {
            *dir = dir_words[w].dir;
            return k + (i + k < e && (t[i + k] == ':' || t[i + k] == '>') ? 1 : 0);
        }
    }
    return 0;
}

/* An arrow at t[i]: "->" / ">>" (client sends), "<-" / "<<" (server). */
static size_t arrow_at(const char *t, size_t i, size_t e, char *dir)
{
    if (i + 2 > e) {
        return 0;
    }
    if ((t[i] == '-' && t[i + 1] == '>') || (t[i] == '>' && t[i + 1] == '>')) {
        *dir = 'C';
        return 2;
    }
    if ((t[i] == '<' && t[i + 1] == '-') || (t[i] == '<' && t[i + 1] == '<')) {
        *dir = 'S';
        return 2;
    }
    return 0;
}

/* Strips the prefixes of one log line (time stamps, brackets, direction
 * words, arrows, log levels) from t[*i..e); the direction found (0: none). */
static char strip_prefix(const char *t, size_t *i, size_t e)
{
    char dir = 0, d;
    size_t k;
    bool more = true;
    while (more) {
        while (*i < e && (is_space(t[*i]) || t[*i] == '|')) {
            (*i)++;
        }
        more = true;
        if (*i < e && t[*i] == '[') {
            const char *close = memchr(t + *i, ']', e - *i);
            size_t in = *i + 1, wl;
            if (close == NULL) {
                break;
            }
            wl = word_at(t, in, (size_t)(close - t), &d);
            if (wl > 0 && d != '?' && d != 0 && in + wl == (size_t)(close - t)) {
                dir = d;
            }
            *i = (size_t)(close - t) + 1;
        } else if ((k = date_at(t, *i, e)) > 0 || (k = time_at(t, *i, e)) > 0) {
            *i += k;
        } else if ((k = arrow_at(t, *i, e, &d)) > 0) {
            *i += k;
            dir = d;
        } else if ((k = word_at(t, *i, e, &d)) > 0) {
            *i += k;
            dir = d != 0 ? d : dir;
        } else {
            more = false;
        }
    }
    return dir;
}

/* Dump forms with an offset column. */
enum { DUMP_NONE = 0, DUMP_HEXDUMP, DUMP_OD };

/* Whether t[i..e) is a hexdump -C line: 8 hex digits, two spaces. */
static bool hexdump_line(const char *t, size_t i, size_t e)
{
    size_t k;
    for (k = 0; k < 8; k++) {
        if (i + k >= e || cli_hex_digit(t[i + k]) < 0) {
            return false;
        }
    }
    return i + 8 == e || (i + 10 <= e && t[i + 8] == ' ' && t[i + 9] == ' ');
}

/* Whether t[i..e) is an od line with an octal offset of 7 digits. */
static bool od_line(const char *t, size_t i, size_t e)
{
    size_t k;
    for (k = 0; k < 7; k++) {
        if (i + k >= e || t[i + k] < '0' || t[i + k] > '7') {
            return false;
        }
    }
    return i + 7 == e || t[i + 7] == ' ';
}

/* Which dump form the text is: hexdump -C when its first line is one with
 * the |ascii| column, od when the first line starts with offset 0000000. */
static int dump_kind(const char *t, size_t len)
{
    const char *nl = memchr(t, '\n', len);
    size_t e = nl != NULL ? (size_t)(nl - t) : len;
    if (hexdump_line(t, 0, e) && memchr(t, '|', e) != NULL) {
        return DUMP_HEXDUMP;
    }
    if (e >= 8 && memcmp(t, "0000000 ", 8) == 0) {
        return DUMP_OD;
    }
    return DUMP_NONE;
}

/* Number of hex byte tokens in t[i..e). */
static size_t count_bytes(const char *t, size_t i, size_t e)
{
    size_t n = 0, run = 0;
    for (; i <= e; i++) {
        if (i < e && cli_hex_digit(t[i]) >= 0) {
            run++;
        } else {
            n += run / 2;
            run = 0;
        }
    }
    return n;
}

/* State of a dump with offsets (for '*' lines: repeated rows). */
typedef struct dump {
    int kind;
    unsigned long next;  /* offset after the last row */
    const char *row;     /* last row's bytes */
    size_t row_len;
    size_t row_bytes;
    bool star;
} dump_t;

/* One line of a dump: offset checked (a gap after '*' repeats the last
 * row), the bytes written; -1 on a line that is no dump row. */
static int dump_row(norm_t *w, dump_t *dp, const char *t, size_t i, size_t e, char *err,
                    size_t errcap)
{
    unsigned long off = 0;
    size_t k, ol = dp->kind == DUMP_HEXDUMP ? 8 : 7;
    const char *bar;
    if (i < e && t[i] == '*') {
        dp->star = true;
        return 0;
    }
    if (!(dp->kind == DUMP_HEXDUMP ? hexdump_line(t, i, e) : od_line(t, i, e))) {
        (void)snprintf(err, errcap, "a line of the dump has no offset");
        return -1;
    }
    for (k = 0; k < ol; k++) {
        off = off * (dp->kind == DUMP_HEXDUMP ? 16u : 8u) + (unsigned long)cli_hex_digit(t[i + k]);
    }
    if (dp->star && dp->row_bytes > 0 && off > dp->next) {
        unsigned long rep = (off - dp->next) / dp->row_bytes;
        for (; rep > 0 && !w->err; rep--) {
            put(w, " ", 1);
            put(w, dp->row, dp->row_len);
        }
    }
    dp->star = false;
    i += ol;
    bar = dp->kind == DUMP_HEXDUMP ? memchr(t + i, '|', e - i) : NULL;
    if (bar != NULL) {
        e = (size_t)(bar - t);
    }
    dp->row = t + i;
    dp->row_len = e - i;
    dp->row_bytes = count_bytes(t, i, e);
    dp->next = off + dp->row_bytes;
    put(w, " ", 1);
    put(w, t + i, e - i);
    return 0;
}

/* See parse.h. */
int cli_text_normalize(const char *text, size_t len, char *out, size_t cap, size_t *n,
                       char *err, size_t errcap)
{
    norm_t w = {out, cap, 0, 0};
    dump_t dp;
    size_t i = 0;
    memset(&dp, 0, sizeof dp);
    dp.kind = dump_kind(text, len);
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl != NULL ? (size_t)(nl - text) : len, s = i;
        const char *hash = memchr(text + i, '#', e - i);
        size_t ce = hash != NULL ? (size_t)(hash - text) : e;
        char dir;
        if (dp.kind != DUMP_NONE) {
            while (s < ce && is_space(text[s])) {
                s++;
            }
            if (s < ce && dump_row(&w, &dp, text, s, ce, err, errcap) != 0) {
                return -1;
            }
        } else {
            dir = strip_prefix(text, &s, ce);
            if (dir != 0) {
                put(&w, dir == 'C' ? "C> " : "S> ", 3);
            }
            put(&w, text + s, ce - s);
        }
        if (hash != NULL) {
            put(&w, text + ce, e - ce); /* the comment stays a comment */
        }
        put(&w, "\n", 1);
        i = e + 1;
    }
    if (w.err) {
        (void)snprintf(err, errcap, "input too large");
        return -1;
    }
    *n = w.n;
    return 0;
}
