/* SPDX-License-Identifier: Apache-2.0 */
/* Ciphered xDLMS APDUs of security suite 0 (Green Book 9.2.7.2): the
 * security header (security control octet, invocation counter), the IV
 * (sender's system title || invocation counter), the AAD (SC || AK, plus
 * the plain APDU when only authenticated, plus the general-ciphering
 * fields) and the 12-octet tag; glo-, ded-, general-glo-, general-ded-
 * and general-ciphering forms. */
#include <cosem/config.h>
#include "../config_check.h"

#if COSEM_WITH_SECURITY

#include <string.h>

#include <cosem/axdr.h>
#include <cosem/security.h>

#include "security_internal.h"

#define TAG_GENERAL_GLO 0xDBu
#define TAG_GENERAL_DED 0xDCu
#define TAG_GENERAL_CIPHERING 0xDDu

/* Plain tag carried by a glo-/ded- tag, and the form; 0 when not one. */
static uint8_t glo_ded_plain(uint8_t tag, uint8_t *form)
{
    static const uint8_t svc[] = {0xC0u, 0xC1u, 0xC2u, 0xC3u, 0xC4u, 0xC5u, 0xC7u,
                                  0x01u, 0x08u, 0x0Eu};
    size_t i;
    for (i = 0; i < sizeof svc; i++) {
        uint8_t glo = (uint8_t)(svc[i] + (svc[i] >= 0xC0u ? 0x08u : 0x20u));
        uint8_t ded = (uint8_t)(svc[i] + (svc[i] >= 0xC0u ? 0x10u : 0x40u));
        if (tag == glo || tag == ded) {
            *form = tag == glo ? (uint8_t)COSEM_CIPHER_GLO : (uint8_t)COSEM_CIPHER_DED;
            return svc[i];
        }
    }
    return 0;
}

uint8_t cosem_sec_ciphered_tag(uint8_t plain, cosem_cipher_form_t form)
{
    uint8_t f = 0, t;
    if (form != COSEM_CIPHER_GLO && form != COSEM_CIPHER_DED) {
        return 0;
    }
    t = (uint8_t)(plain + (plain >= 0xC0u ? 0x08u : 0x20u) * (form == COSEM_CIPHER_DED ? 2u : 1u));
    return plain != 0u && glo_ded_plain(t, &f) == plain && f == (uint8_t)form ? t : 0u;
}

/* An A-XDR octet-string (length, octets) as a slice. */
static void get_os(cosem_axdr_reader_t *r, cosem_slice_t *s)
{
    size_t n = 0;
    s->p = NULL;
    s->len = 0;
    if (cosem_axdr_get_length(r, &n) == COSEM_OK && cosem_axdr_get_bytes(r, n, &s->p) == COSEM_OK) {
        s->len = n;
    }
}

/* key-info OPTIONAL of general-ciphering: identified-key [0] or
 * wrapped-key [1]; agreed-key [2] is not suite 0 material. */
static void get_key_info(cosem_axdr_reader_t *r, cosem_sec_apdu_t *a)
{
    uint8_t present = 0, choice = 0;
    if (cosem_axdr_get_u8(r, &present) != COSEM_OK || present == 0u) {
        return;
    }
    if (present != 1u || cosem_axdr_get_u8(r, &choice) != COSEM_OK) {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
        return;
    }
    a->key_info = (uint8_t)(choice + 1u);
    if (choice == 0u) {
        cosem_axdr_get_u8(r, &a->key_id);
    } else if (choice == 1u) {
        cosem_axdr_get_u8(r, &a->key_id); /* kek-id */
        get_os(r, &a->wrapped_key);
    } else {
        cosem_axdr_reader_fail(r, COSEM_E_UNSUPPORTED);
    }
}

/* The header fields before ciphered-content, per form. */
static void get_general(cosem_axdr_reader_t *r, cosem_sec_apdu_t *a)
{
    if (a->tag == TAG_GENERAL_CIPHERING) {
        get_os(r, &a->transaction_id);
        get_os(r, &a->system_title);
        get_os(r, &a->recipient_title);
        get_os(r, &a->date_time);
        get_os(r, &a->other_info);
        get_key_info(r, a);
    } else {
        get_os(r, &a->system_title);
    }
    if (a->system_title.len != 0u && a->system_title.len != COSEM_SYSTEM_TITLE_LEN) {
        cosem_axdr_reader_fail(r, COSEM_E_MALFORMED);
    }
}

/* SC || IC || body || tag: the ciphered-content octets. */
static cosem_status_t get_content(const uint8_t *p, size_t n, cosem_sec_apdu_t *a)
{
    size_t tag_len;
    if (n < COSEM_SEC_HEADER_LEN) {
        return COSEM_E_TRUNCATED;
    }
    a->sc = p[0];
    a->ic = ((uint32_t)p[1] << 24) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 8) | p[4];
    if ((a->sc & (COSEM_SC_COMPRESSION | COSEM_SC_SUITE_MASK)) != 0u) {
        return COSEM_E_UNSUPPORTED; /* compression, suites 1/2 */
    }
    tag_len = (a->sc & COSEM_SC_AUTH) != 0u ? COSEM_SEC_TAG_LEN : 0u;
    if (n < COSEM_SEC_HEADER_LEN + tag_len) {
        return COSEM_E_TRUNCATED;
    }
    a->body = p + COSEM_SEC_HEADER_LEN;
    a->body_len = n - COSEM_SEC_HEADER_LEN - tag_len;
    a->auth_tag = tag_len != 0u ? a->body + a->body_len : NULL;
    return COSEM_OK;
}

cosem_status_t cosem_sec_apdu_parse(const uint8_t *p, size_t len, cosem_sec_apdu_t *a)
{
    cosem_axdr_reader_t r;
    cosem_slice_t content;
    cosem_status_t st;
    if (p == NULL || a == NULL) {
        return COSEM_E_ARG;
    }
    memset(a, 0, sizeof *a);
    cosem_axdr_reader_init(&r, p, len);
    if (cosem_axdr_get_u8(&r, &a->tag) != COSEM_OK) {
        return cosem_axdr_reader_status(&r);
    }
    a->plain_tag = glo_ded_plain(a->tag, &a->form);
    if (a->plain_tag == 0u) {
        if (a->tag < TAG_GENERAL_GLO || a->tag > TAG_GENERAL_CIPHERING) {
            return COSEM_E_MALFORMED;
        }
        a->form = (uint8_t)(COSEM_CIPHER_GENERAL_GLO + (a->tag - TAG_GENERAL_GLO));
        get_general(&r, a);
    }
    get_os(&r, &content);
    st = cosem_axdr_reader_status(&r);
    if (st == COSEM_OK) {
        st = cosem_axdr_reader_expect_end(&r);
    }
    return st != COSEM_OK ? st : get_content(content.p, content.len, a);
}

/* The AAD pieces: SC || AK [|| general-ciphering fields] [|| plain]. */
static size_t aad_pieces(cosem_sec_piece_t pc[8], const uint8_t *sc, const uint8_t *ak,
                         const cosem_sec_apdu_t *g, const uint8_t *plain, size_t plain_len)
{
    size_t n = 0;
    pc[n].p = sc;
    pc[n++].n = 1;
    pc[n].p = ak;
    pc[n++].n = 16;
    if (g != NULL) {
        const cosem_slice_t *f[5];
        size_t i;
        f[0] = &g->transaction_id;
        f[1] = &g->system_title;
        f[2] = &g->recipient_title;
        f[3] = &g->date_time;
        f[4] = &g->other_info;
        for (i = 0; i < 5; i++) {
            pc[n].p = f[i]->p;
            pc[n++].n = f[i]->len;
        }
    }
    if ((*sc & COSEM_SC_ENC) == 0u) {
        pc[n].p = plain;
        pc[n++].n = plain_len;
    }
    return n;
}

static void make_iv(uint8_t iv[12], const uint8_t st[8], uint32_t ic)
{
    memcpy(iv, st, 8);
    iv[8] = (uint8_t)(ic >> 24);
    iv[9] = (uint8_t)(ic >> 16);
    iv[10] = (uint8_t)(ic >> 8);
    iv[11] = (uint8_t)ic;
}

cosem_status_t cosem_sec_apdu_open(const cosem_sec_apdu_t *a, const cosem_aes128_t *key,
                                   const uint8_t ak[16], const uint8_t system_title[8],
                                   uint8_t *out, size_t cap, size_t *out_len)
{
    cosem_sec_piece_t pc[8];
    uint8_t iv[12], sc;
    size_t n;
    cosem_status_t st = COSEM_OK;
    if (a == NULL || key == NULL || ak == NULL || system_title == NULL || out == NULL ||
        out_len == NULL) {
        return COSEM_E_ARG;
    }
    *out_len = 0;
    if (a->body_len > cap) {
        return COSEM_E_NOSPACE;
    }
    sc = a->sc;
    make_iv(iv, system_title, a->ic);
    n = aad_pieces(pc, &sc, ak, a->form == COSEM_CIPHER_GENERAL ? a : NULL, a->body, a->body_len);
    if ((sc & (COSEM_SC_AUTH | COSEM_SC_ENC)) != 0u) {
        int enc = (sc & COSEM_SC_ENC) != 0u;
        st = cosem_gcm_run(key, iv, pc, n, a->body, out, enc ? a->body_len : 0u,
                           (uint8_t *)(uintptr_t)a->auth_tag,
                           a->auth_tag != NULL ? COSEM_SEC_TAG_LEN : 0u, 1);
        if (st == COSEM_OK && !enc) {
            memmove(out, a->body, a->body_len);
        }
    } else {
        memmove(out, a->body, a->body_len);
    }
    if (st == COSEM_OK) {
        *out_len = a->body_len;
    }
    return st;
}

/* Octets before the security header for each form. */
static size_t head_len(const cosem_sec_seal_t *s, size_t content)
{
    size_t n = 1u + cosem_axdr_length_size(content);
    if (s->form == COSEM_CIPHER_GENERAL_GLO || s->form == COSEM_CIPHER_GENERAL_DED) {
        n += 1u + COSEM_SYSTEM_TITLE_LEN;
    } else if (s->form == COSEM_CIPHER_GENERAL) {
        /* transaction-id (8), originator, recipient, date-time and
         * other-information octet strings, key-info identified-key. */
        n += 3u * (1u + COSEM_SYSTEM_TITLE_LEN) + 1u + 1u + 3u;
        if (s->recipient_title == NULL) {
            n -= COSEM_SYSTEM_TITLE_LEN;
        }
    }
    return n;
}

/* An A-XDR octet-string without type tag; s is where its octets went. */
static void put_os(cosem_axdr_writer_t *w, uint8_t *o, const uint8_t *p, size_t n,
                   cosem_slice_t *s)
{
    cosem_axdr_put_length(w, n);
    s->p = o + cosem_axdr_writer_len(w);
    s->len = n;
    if (n > 0u) {
        cosem_axdr_put_bytes(w, p, n);
    }
}

/* Writes the header fields; fills g with the general-ciphering fields. */
static void put_head(const cosem_sec_seal_t *s, uint8_t tag, uint8_t *o, size_t content,
                     cosem_sec_apdu_t *g)
{
    cosem_axdr_writer_t w;
    cosem_axdr_writer_init(&w, o, 64);
    cosem_axdr_put_u8(&w, tag);
    if (s->form == COSEM_CIPHER_GENERAL) {
        uint8_t tid[8] = {0, 0, 0, 0, (uint8_t)(s->ic >> 24), (uint8_t)(s->ic >> 16),
                          (uint8_t)(s->ic >> 8), (uint8_t)s->ic};
        size_t rl = s->recipient_title != NULL ? COSEM_SYSTEM_TITLE_LEN : 0u;
        put_os(&w, o, tid, 8, &g->transaction_id);
        put_os(&w, o, s->system_title, 8, &g->system_title);
        put_os(&w, o, s->recipient_title, rl, &g->recipient_title);
        cosem_axdr_put_length(&w, 0); /* date-time */
        cosem_axdr_put_length(&w, 0); /* other-information */
        cosem_axdr_put_u8(&w, 1u);    /* key-info: identified-key */
        cosem_axdr_put_u8(&w, 0u);
        cosem_axdr_put_u8(&w, (s->sc & COSEM_SC_BROADCAST) != 0u ? 1u : 0u);
    } else if (s->form != COSEM_CIPHER_GLO && s->form != COSEM_CIPHER_DED) {
        put_os(&w, o, s->system_title, COSEM_SYSTEM_TITLE_LEN, &g->system_title);
    }
    cosem_axdr_put_length(&w, content);
}

cosem_status_t cosem_sec_apdu_seal(const cosem_sec_seal_t *s, const uint8_t *plain,
                                   size_t plain_len, uint8_t *out, size_t cap, size_t *out_len)
{
    static const uint8_t general_tags[] = {TAG_GENERAL_GLO, TAG_GENERAL_DED, TAG_GENERAL_CIPHERING};
    cosem_sec_apdu_t g;
    cosem_sec_piece_t pc[8];
    uint8_t iv[12], tag, *body;
    size_t tag_len, content, hl, n;
    if (s == NULL || s->key == NULL || s->ak == NULL || s->system_title == NULL ||
        plain == NULL || plain_len == 0u || out == NULL || out_len == NULL ||
        s->form > COSEM_CIPHER_GENERAL ||
        (s->sc & (COSEM_SC_COMPRESSION | COSEM_SC_SUITE_MASK)) != 0u) {
        return COSEM_E_ARG;
    }
    *out_len = 0;
    tag = s->form <= COSEM_CIPHER_DED ? cosem_sec_ciphered_tag(plain[0], (cosem_cipher_form_t)s->form)
                                      : general_tags[s->form - COSEM_CIPHER_GENERAL_GLO];
    if (tag == 0u) {
        return COSEM_E_UNSUPPORTED; /* no glo-/ded- form for this APDU */
    }
    tag_len = (s->sc & COSEM_SC_AUTH) != 0u ? COSEM_SEC_TAG_LEN : 0u;
    content = COSEM_SEC_HEADER_LEN + plain_len + tag_len;
    hl = head_len(s, content);
    if (cap < hl + content || content < plain_len) {
        return COSEM_E_NOSPACE;
    }
    body = out + hl + COSEM_SEC_HEADER_LEN;
    memmove(body, plain, plain_len);
    memset(&g, 0, sizeof g);
    put_head(s, tag, out, content, &g);
    out[hl] = s->sc;
    out[hl + 1] = (uint8_t)(s->ic >> 24);
    out[hl + 2] = (uint8_t)(s->ic >> 16);
    out[hl + 3] = (uint8_t)(s->ic >> 8);
    out[hl + 4] = (uint8_t)s->ic;
    if ((s->sc & (COSEM_SC_AUTH | COSEM_SC_ENC)) != 0u) {
        int enc = (s->sc & COSEM_SC_ENC) != 0u;
        make_iv(iv, s->system_title, s->ic);
        n = aad_pieces(pc, &out[hl], s->ak, s->form == COSEM_CIPHER_GENERAL ? &g : NULL, body,
                       plain_len);
        if (cosem_gcm_run(s->key, iv, pc, n, body, body, enc ? plain_len : 0u,
                          body + plain_len, tag_len, 0) != COSEM_OK) {
            return COSEM_E_ARG;
        }
    }
    *out_len = hl + content;
    return COSEM_OK;
}

#else
typedef int cosem_cipher_empty_t;
#endif /* COSEM_WITH_SECURITY */
