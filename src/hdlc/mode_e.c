/* SPDX-License-Identifier: Apache-2.0 */
/* IEC 62056-21 mode E: sign-on, identification and acknowledgement lines,
 * and the meter's state machine that hands the line over to HDLC. */
#include <cosem/mode_e.h>

#if COSEM_WITH_MODE_E

#include <string.h>

enum { ST_IDLE = 0, ST_IDENTIFIED = 1, ST_HDLC = 2 };

#define CR 0x0Du
#define LF 0x0Au
#define HDLC_FLAG 0x7Eu

static const uint32_t rates[7] = {300u, 600u, 1200u, 2400u, 4800u, 9600u, 19200u};

uint32_t cosem_mode_e_baud(char z)
{
    return z >= '0' && z <= '6' ? rates[z - '0'] : 0u;
}

char cosem_mode_e_baud_char(uint32_t baud)
{
    char z = '6';
    while (z > '0' && rates[z - '0'] > baud) {
        z--;
    }
    return z;
}

static bool is_letter(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_address_char(uint8_t c)
{
    return (c >= '0' && c <= '9') || is_letter(c) || c == ' ';
}

/* Printable characters of an identification: not '/', '!', '\'. */
static bool is_ident_char(uint8_t c)
{
    return c >= 0x20u && c < 0x7Fu && c != '/' && c != '!' && c != '\\';
}

/* Length of a string whose characters all pass ok(), at most max; max + 1
 * when it is longer or holds another character. */
static size_t checked_len(const char *s, size_t max, bool (*ok)(uint8_t))
{
    size_t i = 0;
    while (s[i] != '\0') {
        if (i >= max || !ok((uint8_t)s[i])) {
            return max + 1u;
        }
        i++;
    }
    return i;
}

/* Strips CR LF (or LF) from the end of a line; parity bits are already off
 * for lines from the assembler, masked here for lines from elsewhere. */
static size_t body_len(const uint8_t *line, size_t len)
{
    if (len > 0u && (line[len - 1u] & 0x7Fu) == LF) {
        len--;
    }
    if (len > 0u && (line[len - 1u] & 0x7Fu) == CR) {
        len--;
    }
    return len;
}

static uint8_t ch(const uint8_t *line, size_t i)
{
    return (uint8_t)(line[i] & 0x7Fu);
}

size_t cosem_mode_e_sign_on(uint8_t *out, size_t cap, const char *address)
{
    size_t alen = address != NULL ? checked_len(address, COSEM_MODE_E_ADDRESS_MAX, is_address_char)
                                  : 0u;
    if (out == NULL || alen > COSEM_MODE_E_ADDRESS_MAX || cap < alen + 5u) {
        return 0;
    }
    out[0] = '/';
    out[1] = '?';
    if (alen > 0u) {
        memcpy(out + 2, address, alen);
    }
    out[2u + alen] = '!';
    out[3u + alen] = CR;
    out[4u + alen] = LF;
    return alen + 5u;
}

size_t cosem_mode_e_ident_line(uint8_t *out, size_t cap, const char *manufacturer, char baud,
                               const char *ident)
{
    size_t ilen;
    if (out == NULL || manufacturer == NULL || ident == NULL || cosem_mode_e_baud(baud) == 0u ||
        checked_len(manufacturer, 3u, is_ident_char) != 3u || !is_letter((uint8_t)manufacturer[0]) ||
        !is_letter((uint8_t)manufacturer[1]) || !is_letter((uint8_t)manufacturer[2])) {
        return 0;
    }
    ilen = checked_len(ident, COSEM_MODE_E_IDENT_MAX, is_ident_char);
    if (ilen == 0u || ilen > COSEM_MODE_E_IDENT_MAX || cap < ilen + 9u) {
        return 0;
    }
    out[0] = '/';
    memcpy(out + 1, manufacturer, 3u);
    out[4] = (uint8_t)baud;
    out[5] = '\\';
    out[6] = '2';
    memcpy(out + 7, ident, ilen);
    out[7u + ilen] = CR;
    out[8u + ilen] = LF;
    return ilen + 9u;
}

size_t cosem_mode_e_ack(uint8_t *out, size_t cap, char baud)
{
    if (out == NULL || cap < 6u || cosem_mode_e_baud(baud) == 0u) {
        return 0;
    }
    out[0] = COSEM_MODE_E_ACK;
    out[1] = '2';
    out[2] = (uint8_t)baud;
    out[3] = '2';
    out[4] = CR;
    out[5] = LF;
    return 6u;
}

cosem_status_t cosem_mode_e_parse_ident(const uint8_t *line, size_t len, cosem_mode_e_ident_t *id)
{
    size_t n, i = 5u, k = 0;
    if (line == NULL || id == NULL) {
        return COSEM_E_ARG;
    }
    n = body_len(line, len);
    if (n < 6u || ch(line, 0) != '/' || !is_letter(ch(line, 1)) || !is_letter(ch(line, 2)) ||
        !is_letter(ch(line, 3)) || !is_ident_char(ch(line, 4))) {
        return COSEM_E_MALFORMED;
    }
    id->mode_e = false;
    if (ch(line, 5) == '\\') {
        if (n < 8u || ch(line, 6) < 0x20u || ch(line, 6) >= 0x7Fu) {
            return COSEM_E_MALFORMED;
        }
        id->mode_e = ch(line, 6) == '2';
        i = 7u;
    }
    if (n - i > COSEM_MODE_E_IDENT_MAX || n == i) {
        return COSEM_E_MALFORMED;
    }
    for (; i < n; i++) {
        if (ch(line, i) < 0x20u || ch(line, i) >= 0x7Fu) {
            return COSEM_E_MALFORMED;
        }
        id->ident[k++] = (char)ch(line, i);
    }
    id->ident[k] = '\0';
    id->manufacturer[0] = (char)ch(line, 1);
    id->manufacturer[1] = (char)ch(line, 2);
    id->manufacturer[2] = (char)ch(line, 3);
    id->manufacturer[3] = '\0';
    id->baud = (char)ch(line, 4);
    return COSEM_OK;
}

cosem_status_t cosem_mode_e_parse_sign_on(const uint8_t *line, size_t len,
                                          char address[COSEM_MODE_E_ADDRESS_MAX + 1u])
{
    size_t n, i;
    if (line == NULL || address == NULL) {
        return COSEM_E_ARG;
    }
    n = body_len(line, len);
    if (n < 3u || n > COSEM_MODE_E_ADDRESS_MAX + 3u || ch(line, 0) != '/' || ch(line, 1) != '?' ||
        ch(line, n - 1u) != '!') {
        return COSEM_E_MALFORMED;
    }
    for (i = 2u; i + 1u < n; i++) {
        if (!is_address_char(ch(line, i))) {
            return COSEM_E_MALFORMED;
        }
        address[i - 2u] = (char)ch(line, i);
    }
    address[n - 3u] = '\0';
    return COSEM_OK;
}

cosem_status_t cosem_mode_e_parse_ack(const uint8_t *line, size_t len, char *protocol, char *baud,
                                      char *mode)
{
    if (line == NULL || protocol == NULL || baud == NULL || mode == NULL) {
        return COSEM_E_ARG;
    }
    if (body_len(line, len) != 4u || ch(line, 0) != COSEM_MODE_E_ACK) {
        return COSEM_E_MALFORMED;
    }
    *protocol = (char)ch(line, 1);
    *baud = (char)ch(line, 2);
    *mode = (char)ch(line, 3);
    return COSEM_OK;
}

void cosem_mode_e_line_reset(cosem_mode_e_line_t *l)
{
    l->len = 0;
    l->overflow = false;
}

size_t cosem_mode_e_line_feed(cosem_mode_e_line_t *l, const uint8_t *data, size_t n,
                              const uint8_t **line, size_t *len)
{
    size_t i;
    *line = NULL;
    *len = 0;
    for (i = 0; i < n; i++) {
        uint8_t c = (uint8_t)(data[i] & 0x7Fu);
        if (l->len >= COSEM_MODE_E_LINE_MAX) {
            l->overflow = true;
            l->len = 0;
        }
        if (!l->overflow) {
            l->buf[l->len++] = c;
        }
        if (c == LF) {
            bool whole = !l->overflow;
            size_t got = l->len;
            cosem_mode_e_line_reset(l);
            if (whole) {
                *line = l->buf;
                *len = got;
                return i + 1u;
            }
        }
    }
    return n;
}

cosem_status_t cosem_mode_e_server_init(cosem_mode_e_server_t *s,
                                        const cosem_mode_e_server_config_t *cfg)
{
    uint8_t probe[COSEM_MODE_E_LINE_MAX];
    uint32_t max;
    if (s == NULL || cfg == NULL) {
        return COSEM_E_ARG;
    }
    max = cfg->max_baud != 0u ? cfg->max_baud : 9600u;
    if (max < 300u || max > 19200u ||
        cosem_mode_e_ident_line(probe, sizeof probe, cfg->manufacturer, '5', cfg->ident) == 0u ||
        (cfg->address != NULL &&
         checked_len(cfg->address, COSEM_MODE_E_ADDRESS_MAX, is_address_char) >
             COSEM_MODE_E_ADDRESS_MAX)) {
        return COSEM_E_ARG;
    }
    memset(s, 0, sizeof *s);
    s->cfg = *cfg;
    if (s->cfg.ack_timeout_ms == 0u) {
        s->cfg.ack_timeout_ms = 1500u;
    }
    s->max_baud = cosem_mode_e_baud_char(max);
    cosem_mode_e_server_reset(s);
    return COSEM_OK;
}

void cosem_mode_e_server_reset(cosem_mode_e_server_t *s)
{
    s->state = ST_IDLE;
    cosem_mode_e_line_reset(&s->line);
}

/* Whether two device addresses are the same, leading zeros aside. */
static bool same_address(const char *a, const char *b)
{
    while (*a == '0') {
        a++;
    }
    while (*b == '0') {
        b++;
    }
    return strcmp(a, b) == 0;
}

/* A complete line: a sign-on (any state) or the acknowledgement. */
static void on_line(cosem_mode_e_server_t *s, const uint8_t *line, size_t len, uint32_t now_ms,
                    cosem_mode_e_out_t *out)
{
    char addr[COSEM_MODE_E_ADDRESS_MAX + 1u];
    char v, z, y;
    if (cosem_mode_e_parse_sign_on(line, len, addr) == COSEM_OK) {
        s->state = ST_IDLE;
        if (addr[0] != '\0' &&
            (s->cfg.address == NULL || !same_address(addr, s->cfg.address))) {
            return; /* another device on the bus */
        }
        out->len = cosem_mode_e_ident_line(s->tx, sizeof s->tx, s->cfg.manufacturer, s->max_baud,
                                           s->cfg.ident);
        out->data = s->tx;
        out->todo = COSEM_MODE_E_SEND;
        s->state = ST_IDENTIFIED;
        s->since_ms = now_ms;
        return;
    }
    if (s->state != ST_IDENTIFIED) {
        return;
    }
    s->state = ST_IDLE; /* whatever came, the meter waits for a new sign-on */
    if (cosem_mode_e_parse_ack(line, len, &v, &z, &y) != COSEM_OK || v != '2' || y != '2' ||
        cosem_mode_e_baud(z) == 0u || z > s->max_baud) {
        return;
    }
    out->len = cosem_mode_e_ack(s->tx, sizeof s->tx, z);
    out->data = s->tx;
    out->baud = cosem_mode_e_baud(z);
    out->todo = COSEM_MODE_E_SWITCH;
    s->state = ST_HDLC;
}

size_t cosem_mode_e_server_feed(cosem_mode_e_server_t *s, const uint8_t *data, size_t n,
                                uint32_t now_ms, cosem_mode_e_out_t *out)
{
    size_t used = 0;
    out->todo = COSEM_MODE_E_NOTHING;
    out->data = NULL;
    out->len = 0;
    out->baud = 0;
    if (s->state == ST_HDLC) {
        out->todo = COSEM_MODE_E_DIRECT_HDLC;
        return 0;
    }
    (void)cosem_mode_e_server_poll(s, now_ms);
    if (s->state == ST_IDLE && s->line.len == 0u && !s->line.overflow && n > 0u &&
        data[0] == HDLC_FLAG) {
        s->state = ST_HDLC;
        out->todo = COSEM_MODE_E_DIRECT_HDLC;
        return 0;
    }
    while (used < n && out->todo == COSEM_MODE_E_NOTHING) {
        const uint8_t *line;
        size_t len;
        used += cosem_mode_e_line_feed(&s->line, data + used, n - used, &line, &len);
        if (line != NULL) {
            on_line(s, line, len, now_ms, out);
        }
    }
    return used;
}

bool cosem_mode_e_server_poll(cosem_mode_e_server_t *s, uint32_t now_ms)
{
    if (s->state == ST_IDENTIFIED && (uint32_t)(now_ms - s->since_ms) >= s->cfg.ack_timeout_ms) {
        cosem_mode_e_server_reset(s);
        return true;
    }
    return false;
}

bool cosem_mode_e_server_in_hdlc(const cosem_mode_e_server_t *s)
{
    return s->state == ST_HDLC;
}

#else
typedef int cosem_mode_e_empty_t;
#endif
