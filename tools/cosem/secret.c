/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: secrets (the LLS password) from the command line in text or
 * hex, from a file or from the environment, and their masking: a secret
 * never reaches --trace, a --pcap file or an error message, and the
 * command-line copy is overwritten so `ps` does not show it after start. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* See cli.h. */
int cli_secret_hex(const char *text, uint8_t *out, size_t cap, size_t *len)
{
    size_t n = 0;
    int hi = -1, v;
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text += 2;
    }
    for (; *text != '\0'; text++) {
        if (*text == ' ' || *text == ':' || *text == '-') {
            continue;
        }
        if ((v = cli_hex_digit(*text)) < 0) {
            return -1;
        }
        if (hi < 0) {
            hi = v;
            continue;
        }
        if (n >= cap) {
            return -1;
        }
        out[n++] = (uint8_t)(hi << 4 | v);
        hi = -1;
    }
    *len = n;
    return hi < 0 ? 0 : -1;
}

/* See cli.h. */
int cli_secret_file(const char *path, uint8_t *out, size_t cap, size_t *len)
{
    uint8_t tmp[COSEM_MAX_SECRET + 3];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return -1;
    }
    n = fread(tmp, 1, sizeof tmp, f);
    (void)fclose(f);
    if (n > 0 && tmp[n - 1] == '\n') { /* one line ending, as editors leave it */
        n--;
        if (n > 0 && tmp[n - 1] == '\r') {
            n--;
        }
    }
    if (n > cap) {
        memset(tmp, 0, sizeof tmp);
        return -1;
    }
    memcpy(out, tmp, n);
    memset(tmp, 0, sizeof tmp);
    *len = n;
    return 0;
}

/* See cli.h. */
void cli_secret_wipe_arg(char *arg)
{
    size_t k, n = strlen(arg);
    for (k = 0; k < n; k++) {
        arg[k] = k == 0 ? '*' : '\0';
    }
}

/* Whether p[0..n) holds an AARQ calling-authentication-value carrying the
 * secret at offset i: AC L 80 len secret (ACSE, BER). */
static bool secret_at(const uint8_t *p, size_t n, size_t i, const uint8_t *secret, size_t slen)
{
    return i + 4 + slen <= n && p[i] == 0xAC && p[i + 1] == slen + 2 && p[i + 2] == 0x80 &&
           p[i + 3] == slen && memcmp(p + i + 4, secret, slen) == 0;
}

/* See cli.h. */
bool cli_secret_mask(uint8_t *p, size_t n, const uint8_t *secret, size_t slen, bool hdlc)
{
    size_t i;
    bool masked = false;
    if (slen == 0) {
        return false;
    }
    for (i = 0; i + 4 + slen <= n; i++) {
        if (secret_at(p, n, i, secret, slen)) {
            memset(p + i + 4, '*', slen);
            masked = true;
        }
    }
    if (masked && hdlc && n >= 4 && p[0] == COSEM_HDLC_FLAG && p[n - 1] == COSEM_HDLC_FLAG) {
        /* recompute the FCS so the masked frame still decodes */
        uint16_t fcs = cosem_hdlc_fcs(p + 1, n - 4);
        p[n - 3] = (uint8_t)(fcs & 0xFFu);
        p[n - 2] = (uint8_t)(fcs >> 8);
    }
    return masked;
}

/* See cli.h. */
int cli_password_option(cli_conn_opts_t *c, const char *a, char *val)
{
    int rc;
    /* --secret / --secret-hex: the HLS secret (mechanism 6), kept where the
     * LLS password is (one secret per association) */
    if (strcmp(a, "--secret") == 0) {
        a = "--password";
    } else if (strcmp(a, "--secret-hex") == 0) {
        a = "--password-hex";
    }
    if (strcmp(a, "--password") != 0 && strcmp(a, "--password-hex") != 0 &&
        strcmp(a, "--password-file") != 0) {
        return 0;
    }
    if (val == NULL) {
        cli_err("%s needs a value", a);
        return -1;
    }
    if (strcmp(a, "--password") == 0) {
        c->password_len = strlen(val);
        rc = c->password_len <= sizeof c->password ? 0 : -1;
        if (rc == 0) {
            memcpy(c->password, val, c->password_len);
        }
        cli_secret_wipe_arg(val);
    } else if (strcmp(a, "--password-hex") == 0) {
        rc = cli_secret_hex(val, c->password, sizeof c->password, &c->password_len);
        cli_secret_wipe_arg(val);
    } else {
        rc = cli_secret_file(val, c->password, sizeof c->password, &c->password_len);
    }
    if (rc != 0) {
        /* the value is not repeated: it may be (part of) the secret */
        cli_err("%s: %s (at most %d octets)", a,
                strcmp(a, "--password-file") == 0 ? "cannot read the file or it is too long"
                                                  : "bad or too long value",
                COSEM_MAX_SECRET);
        return -1;
    }
    c->has_password = true;
    return 2;
}

/* See cli.h. */
void cli_password_env(cli_conn_opts_t *c)
{
    const char *env = getenv("COSEM_PASSWORD");
    size_t n;
    if (c->has_password || env == NULL || env[0] == '\0' ||
        !(c->auth == COSEM_AUTH_LOW ||
          (c->auth < 0 && c->client_sap != COSEM_HDLC_CLIENT_PUBLIC))) {
        return;
    }
    n = strlen(env);
    if (n <= sizeof c->password) {
        memcpy(c->password, env, n);
        c->password_len = n;
        c->has_password = true;
    }
}
