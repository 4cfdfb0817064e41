/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file security.h
 * @brief DLMS security suite 0: AES-128, GCM/GMAC, key wrap, SHA-256.
 *
 * @defgroup security Security
 * @brief Cryptography of security suite 0 (Green Book 9.2.3) with no
 *        outside dependency, in constant time where secrets are involved.
 *
 * AES-128 is computed with a bitsliced state and an arithmetic S-box (no
 * table indexed by key or data, no secret-dependent branch); GHASH multiplies
 * bit by bit with masks. A firmware with an AES peripheral hands its block
 * encrypt function to cosem_aes128_init_hook(); everything above (GCM, GMAC,
 * key wrap, HLS) then uses it.
 *
 * Built with ::COSEM_WITH_SECURITY. MD5 and SHA-1 exist only for the legacy
 * HLS mechanisms 3 and 4 with ::COSEM_WITH_HLS_LEGACY.
 * @{
 */
#ifndef COSEM_SECURITY_H
#define COSEM_SECURITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/apdu.h>
#include <cosem/config.h>
#include <cosem/object.h>
#include <cosem/port.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Block encryption supplied by the firmware (an AES peripheral).
 * @param user The pointer given to cosem_aes128_init_hook().
 * @param key  The 16-octet key.
 * @param in   One 16-octet plaintext block.
 * @param out  The 16-octet ciphertext block (may equal @p in).
 */
typedef void (*cosem_aes_encrypt_fn_t)(void *user, const uint8_t key[16], const uint8_t in[16],
                                       uint8_t out[16]);

/** @brief An AES-128 key, ready for use (176 octets of round keys). */
typedef struct cosem_aes128 {
    uint8_t rk_[176];                /**< Private: round keys (the key alone with a hook). */
    cosem_aes_encrypt_fn_t encrypt_; /**< Private: hardware hook or NULL. */
    void *user_;                     /**< Private: argument of the hook. */
} cosem_aes128_t;

/**
 * @brief Prepare a key for the software cipher (key expansion).
 * @param ctx Key context (caller memory).
 * @param key 16-octet key.
 */
void cosem_aes128_init(cosem_aes128_t *ctx, const uint8_t key[16]);

/**
 * @brief Prepare a key for a firmware-supplied block cipher.
 * @param ctx     Key context.
 * @param key     16-octet key, passed to @p encrypt on every block.
 * @param encrypt The firmware's AES-128 block encryption.
 * @param user    Passed back to @p encrypt.
 */
void cosem_aes128_init_hook(cosem_aes128_t *ctx, const uint8_t key[16],
                            cosem_aes_encrypt_fn_t encrypt, void *user);

/**
 * @brief Encrypt one block (FIPS 197).
 * @param ctx Key.
 * @param in  16 octets.
 * @param out 16 octets (may equal @p in).
 */
void cosem_aes128_encrypt(const cosem_aes128_t *ctx, const uint8_t in[16], uint8_t out[16]);

/**
 * @brief Decrypt one block (FIPS 197 inverse cipher, software always).
 * @param ctx Key.
 * @param in  16 octets.
 * @param out 16 octets (may equal @p in).
 */
void cosem_aes128_decrypt(const cosem_aes128_t *ctx, const uint8_t in[16], uint8_t out[16]);

/**
 * @brief AES-GCM authenticated encryption with a 12-octet IV (SP 800-38D).
 *
 * With @p len 0 it computes a GMAC over @p aad.
 * @param aes     Key.
 * @param iv      12 octets (DLMS: system title || invocation counter).
 * @param aad     Additional authenticated data (may be NULL when @p aad_len is 0).
 * @param aad_len Its length.
 * @param in      Plaintext.
 * @param out     Ciphertext, @p len octets (may equal @p in).
 * @param len     Octets to encrypt.
 * @param tag     Output tag.
 * @param tag_len Tag length 0..16 (DLMS: 12), the leading octets of the full tag.
 * @return ::COSEM_OK, or ::COSEM_E_ARG.
 */
cosem_status_t cosem_gcm_encrypt(const cosem_aes128_t *aes, const uint8_t iv[12],
                                 const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                 uint8_t *out, size_t len, uint8_t *tag, size_t tag_len);

/**
 * @brief AES-GCM authenticated decryption: the tag is checked (in constant
 *        time) before anything is decrypted.
 * @param aes     Key.
 * @param iv      12 octets.
 * @param aad     Additional authenticated data.
 * @param aad_len Its length.
 * @param in      Ciphertext.
 * @param out     Plaintext (may equal @p in); zeroed when the tag is wrong
 *                (unless it is @p in).
 * @param len     Octets.
 * @param tag     Received tag.
 * @param tag_len Its length 0..16.
 * @return ::COSEM_OK, ::COSEM_E_DENIED (tag mismatch), or ::COSEM_E_ARG.
 */
cosem_status_t cosem_gcm_decrypt(const cosem_aes128_t *aes, const uint8_t iv[12],
                                 const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                 uint8_t *out, size_t len, const uint8_t *tag, size_t tag_len);

/** @brief Longest key data cosem_keywrap() takes, in octets. */
#define COSEM_KEYWRAP_MAX 64u

/**
 * @brief AES key wrap (RFC 3394) with the default initial value.
 * @param kek    Key-encryption key.
 * @param in     Key data, a multiple of 8 octets, 16..::COSEM_KEYWRAP_MAX.
 * @param in_len Its length.
 * @param out    Wrapped data, @p in_len + 8 octets (may overlap @p in).
 * @return ::COSEM_OK or ::COSEM_E_ARG.
 */
cosem_status_t cosem_keywrap(const cosem_aes128_t *kek, const uint8_t *in, size_t in_len,
                             uint8_t *out);

/**
 * @brief AES key unwrap (RFC 3394) with its integrity check.
 * @param kek    Key-encryption key.
 * @param in     Wrapped data (24..::COSEM_KEYWRAP_MAX + 8 octets, multiple of 8).
 * @param in_len Its length.
 * @param out    Key data, @p in_len - 8 octets; zeroed when the check fails.
 * @return ::COSEM_OK, ::COSEM_E_DENIED (integrity check failed) or ::COSEM_E_ARG.
 */
cosem_status_t cosem_keyunwrap(const cosem_aes128_t *kek, const uint8_t *in, size_t in_len,
                               uint8_t *out);

/** @brief Streaming SHA-256 state. */
typedef struct cosem_sha256 {
    uint32_t h_[8];   /**< Private: chaining value. */
    uint64_t len_;    /**< Private: octets so far. */
    uint8_t buf_[64]; /**< Private: partial block. */
} cosem_sha256_t;

/**
 * @brief Start a SHA-256 hash (FIPS 180-4).
 * @param ctx State.
 */
void cosem_sha256_init(cosem_sha256_t *ctx);

/**
 * @brief Hash more octets.
 * @param ctx State.
 * @param p   Data.
 * @param n   Its length.
 */
void cosem_sha256_update(cosem_sha256_t *ctx, const uint8_t *p, size_t n);

/**
 * @brief Finish: write the digest and clear the state.
 * @param ctx State.
 * @param out 32-octet digest.
 */
void cosem_sha256_final(cosem_sha256_t *ctx, uint8_t out[32]);

/**
 * @brief SHA-256 of one buffer.
 * @param p   Data.
 * @param n   Its length.
 * @param out 32-octet digest.
 */
void cosem_sha256(const uint8_t *p, size_t n, uint8_t out[32]);

/** @name Security control octet (Green Book 9.2.7.2.3)
 *  @{ */
#define COSEM_SC_SUITE_MASK 0x0Fu  /**< Security suite id (bits 0..3). */
#define COSEM_SC_AUTH 0x10u        /**< A: authenticated (tag present). */
#define COSEM_SC_ENC 0x20u         /**< E: encrypted. */
#define COSEM_SC_BROADCAST 0x40u   /**< Key set: 0 unicast, 1 broadcast key. */
#define COSEM_SC_COMPRESSION 0x80u /**< Compression (not supported). */
/** @} */

/** @brief Length of a system title (sender part of the IV). */
#define COSEM_SYSTEM_TITLE_LEN 8u
/** @brief Length of the security header: SC and invocation counter. */
#define COSEM_SEC_HEADER_LEN 5u
/** @brief Length of the authentication tag of security suite 0. */
#define COSEM_SEC_TAG_LEN 12u

/** @brief Form of a ciphered APDU. */
typedef enum cosem_cipher_form {
    COSEM_CIPHER_GLO = 0,         /**< glo-xxx (global key), tag of the plain APDU + 8 / + 0x20. */
    COSEM_CIPHER_DED = 1,         /**< ded-xxx (dedicated key), + 16 / + 0x40. */
    COSEM_CIPHER_GENERAL_GLO = 2, /**< general-glo-ciphering (0xDB), with the system title. */
    COSEM_CIPHER_GENERAL_DED = 3, /**< general-ded-ciphering (0xDC). */
    COSEM_CIPHER_GENERAL = 4      /**< general-ciphering (0xDD). */
} cosem_cipher_form_t;

/** @brief A parsed ciphered APDU; slices point into the parsed bytes. */
typedef struct cosem_sec_apdu {
    uint8_t tag;       /**< Outer tag. */
    uint8_t form;      /**< ::cosem_cipher_form_t. */
    uint8_t plain_tag; /**< glo-/ded-: tag of the APDU inside; 0 for general forms. */
    uint8_t sc;        /**< Security control octet. */
    uint32_t ic;       /**< Invocation counter. */
    cosem_slice_t system_title;    /**< General forms: (originator) system title, 0 or 8 octets. */
    cosem_slice_t transaction_id;  /**< general-ciphering only. */
    cosem_slice_t recipient_title; /**< general-ciphering only. */
    cosem_slice_t date_time;       /**< general-ciphering only. */
    cosem_slice_t other_info;      /**< general-ciphering only. */
    uint8_t key_info;    /**< general-ciphering: 0 none, 1 identified-key, 2 wrapped-key. */
    uint8_t key_id;      /**< identified: 0 global unicast, 1 broadcast; wrapped: kek-id. */
    cosem_slice_t wrapped_key; /**< wrapped-key: key-ciphered-data. */
    const uint8_t *body;       /**< Ciphertext (or plaintext when not encrypted). */
    size_t body_len;           /**< Its length. */
    const uint8_t *auth_tag;   /**< The 12-octet tag, NULL when not authenticated. */
} cosem_sec_apdu_t;

/**
 * @brief Parse a ciphered APDU: form, security header, fields; nothing is
 *        deciphered (the caller picks the key and checks the counter first).
 * @param p   The APDU.
 * @param len Its length (the whole APDU: trailing octets are an error).
 * @param a   Output.
 * @return ::COSEM_OK; ::COSEM_E_MALFORMED (not a ciphered APDU, bad field),
 *         ::COSEM_E_TRUNCATED (short header or tag), ::COSEM_E_TRAILING,
 *         ::COSEM_E_UNSUPPORTED (compression, suite other than 0, agreed key).
 */
cosem_status_t cosem_sec_apdu_parse(const uint8_t *p, size_t len, cosem_sec_apdu_t *a);

/**
 * @brief Check and decipher a parsed APDU.
 * @param a            Parsed by cosem_sec_apdu_parse().
 * @param key          Encryption key (global unicast, broadcast or dedicated).
 * @param ak           16-octet authentication key.
 * @param system_title The sender's system title (IV fixed field).
 * @param out          Plain APDU; may be the buffer @p a was parsed from
 *                     (it starts before the body). Untouched-or-zeroed on
 *                     a tag mismatch, never partly plain.
 * @param cap          Room at @p out.
 * @param out_len      Plain length.
 * @return ::COSEM_OK, ::COSEM_E_DENIED (tag mismatch), ::COSEM_E_NOSPACE, ::COSEM_E_ARG.
 */
cosem_status_t cosem_sec_apdu_open(const cosem_sec_apdu_t *a, const cosem_aes128_t *key,
                                   const uint8_t ak[16], const uint8_t system_title[8],
                                   uint8_t *out, size_t cap, size_t *out_len);

/** @brief How to protect an APDU. */
typedef struct cosem_sec_seal {
    uint8_t form;                   /**< ::cosem_cipher_form_t. */
    uint8_t sc;                     /**< Security control octet (suite 0, A/E bits). */
    uint32_t ic;                    /**< Invocation counter to use. */
    const uint8_t *system_title;    /**< Own system title (8 octets). */
    const uint8_t *recipient_title; /**< general-ciphering: recipient (8) or NULL. */
    const cosem_aes128_t *key;      /**< Encryption key. */
    const uint8_t *ak;              /**< Authentication key (16). */
} cosem_sec_seal_t;

/**
 * @brief Protect a plain APDU.
 * @param s         Parameters.
 * @param plain     The plain xDLMS APDU (its first octet picks the glo-/ded- tag).
 * @param plain_len Its length.
 * @param out       Ciphered APDU; may overlap @p plain (it is moved first).
 * @param cap       Room at @p out.
 * @param out_len   Output length.
 * @return ::COSEM_OK, ::COSEM_E_NOSPACE, ::COSEM_E_UNSUPPORTED (no glo-/ded-
 *         form of that APDU), ::COSEM_E_ARG.
 */
cosem_status_t cosem_sec_apdu_seal(const cosem_sec_seal_t *s, const uint8_t *plain,
                                   size_t plain_len, uint8_t *out, size_t cap, size_t *out_len);

/**
 * @brief The glo- or ded- tag of a plain xDLMS APDU tag.
 * @param plain Plain tag (0xC0..0xC7, 0x01 initiate-request, 0x08
 *              initiate-response, 0x0E confirmed-service-error).
 * @param form  ::COSEM_CIPHER_GLO or ::COSEM_CIPHER_DED.
 * @return The ciphered tag, 0 when there is none.
 */
uint8_t cosem_sec_ciphered_tag(uint8_t plain, cosem_cipher_form_t form);

/**
 * @brief HLS mechanism 5 (GMAC) function of a challenge:
 *        SC (0x10) || IC || GMAC tag (12), IV = own system title || IC,
 *        AAD = SC || AK || challenge (Green Book 9.2.7.4, Table 43).
 * @param ek           Encryption key.
 * @param ak           Authentication key (16).
 * @param system_title Own system title (8).
 * @param ic           Own invocation counter for this message.
 * @param challenge    The other side's challenge.
 * @param n            Its length (8..64).
 * @param out          17 octets.
 * @return ::COSEM_OK or ::COSEM_E_ARG.
 */
cosem_status_t cosem_hls_gmac(const cosem_aes128_t *ek, const uint8_t ak[16],
                              const uint8_t system_title[8], uint32_t ic,
                              const uint8_t *challenge, size_t n, uint8_t out[17]);

/**
 * @brief Check the other side's HLS mechanism 5 reply to our challenge
 *        (constant time).
 * @param ek           Encryption key.
 * @param ak           Authentication key.
 * @param system_title The replying side's system title.
 * @param challenge    Our challenge.
 * @param n            Its length.
 * @param reply        The reply, SC || IC || tag.
 * @param reply_len    Its length (17).
 * @param ic           Output: the invocation counter in the reply (may be NULL).
 * @return ::COSEM_OK or ::COSEM_E_DENIED.
 */
cosem_status_t cosem_hls_gmac_check(const cosem_aes128_t *ek, const uint8_t ak[16],
                                    const uint8_t system_title[8], const uint8_t *challenge,
                                    size_t n, const uint8_t *reply, size_t reply_len,
                                    uint32_t *ic);

/**
 * @brief HLS mechanism 6 (SHA-256): SHA-256(secret || title_a || title_b ||
 *        ch_a || ch_b). The client's f(StoC) uses (ST-C, ST-S, StoC, CtoS),
 *        the server's f(CtoS) uses (ST-S, ST-C, CtoS, StoC).
 * @param secret     HLS secret.
 * @param secret_len Its length.
 * @param title_a    First system title (8).
 * @param title_b    Second system title (8).
 * @param ch_a       First challenge.
 * @param na         Its length.
 * @param ch_b       Second challenge.
 * @param nb         Its length.
 * @param out        32-octet result.
 */
void cosem_hls_sha256(const uint8_t *secret, size_t secret_len, const uint8_t title_a[8],
                      const uint8_t title_b[8], const uint8_t *ch_a, size_t na,
                      const uint8_t *ch_b, size_t nb, uint8_t out[32]);

/** @brief A transmit invocation counter kept in non-volatile memory by
 *  blocks of ::COSEM_SEC_IC_RESERVE values. Fields are private. */
typedef struct cosem_sec_counter {
    uint32_t next_;  /**< @private Next value to hand out. */
    uint32_t limit_; /**< @private End of the block reserved in NV memory. */
    uint32_t id_;    /**< @private NV counter id. */
} cosem_sec_counter_t;

/**
 * @brief Resume a transmit counter at start-up: past every value that
 *        may have been used (the end of the last reserved block).
 * @param c    Counter.
 * @param port Port (nv_load/nv_store).
 * @param id   NV id (::COSEM_NV_ID_TX_INVOCATION(n)).
 * @return ::COSEM_OK; the port's error when the store is broken.
 */
cosem_status_t cosem_sec_counter_start(cosem_sec_counter_t *c, const cosem_port_t *port,
                                       uint32_t id);

/**
 * @brief Take the next value; reserves a new block through nv_store
 *        first when the current one is used up.
 * @param c    Counter.
 * @param port Port.
 * @param ic   Output value.
 * @return ::COSEM_OK; ::COSEM_E_OVERFLOW at 2^32 - 1 (change the key); the
 *         port's error when the reservation cannot be stored (no value
 *         is handed out then).
 */
cosem_status_t cosem_sec_counter_next(cosem_sec_counter_t *c, const cosem_port_t *port,
                                      uint32_t *ic);

/**
 * @brief Restart at 1 after a key change.
 * @param c    Counter.
 * @param port Port.
 * @return What nv_store returned.
 */
cosem_status_t cosem_sec_counter_reset(cosem_sec_counter_t *c, const cosem_port_t *port);

/**
 * @brief The value the next cosem_sec_counter_next() hands out (what the
 *        frame-counter object shows).
 * @param c Counter.
 * @return The value.
 */
uint32_t cosem_sec_counter_peek(const cosem_sec_counter_t *c);

/** @name Security policy (Security setup version 1, attribute 2)
 *  @{ */
#define COSEM_POLICY_NONE 0x00u     /**< No protection required. */
#define COSEM_POLICY_AUTH_REQ 0x04u /**< Requests authenticated. */
#define COSEM_POLICY_ENC_REQ 0x08u  /**< Requests encrypted. */
#define COSEM_POLICY_AUTH_RSP 0x20u /**< Responses authenticated. */
#define COSEM_POLICY_ENC_RSP 0x40u  /**< Responses encrypted. */
/** All messages authenticated. */
#define COSEM_POLICY_AUTH (COSEM_POLICY_AUTH_REQ | COSEM_POLICY_AUTH_RSP)
/** All messages encrypted. */
#define COSEM_POLICY_ENC (COSEM_POLICY_ENC_REQ | COSEM_POLICY_ENC_RSP)
/** All messages authenticated and encrypted. */
#define COSEM_POLICY_AUTH_ENC (COSEM_POLICY_AUTH | COSEM_POLICY_ENC)
/** @} */

/** @brief Configuration of a server's security context (one Security
 *  setup object). Pointed-to keys are copied. */
typedef struct cosem_security_config {
    const uint8_t *system_title; /**< Server system title (8 octets). */
    const uint8_t *ek;           /**< Global unicast encryption key (16). */
    const uint8_t *ak;           /**< Authentication key (16). */
    const uint8_t *kek;          /**< Master key (16), for key_transfer; NULL: none. */
    uint8_t policy;              /**< COSEM_POLICY_* bits. */
    uint8_t index;               /**< n of ::COSEM_NV_ID_TX_INVOCATION(n). */
    /** Where ciphered requests are deciphered: at least the server's
     *  max_pdu. It only holds a request during one cosem_assoc_handle()
     *  call, so every association of the server may share it. */
    uint8_t *buf;
    size_t cap;                  /**< Its size. */
    cosem_aes_encrypt_fn_t aes;  /**< Hardware AES block encryption; NULL: software. */
    void *aes_user;              /**< For @c aes. */
    /** Optional: called by cosem_security_commit() with each key that
     *  key_transfer has just put into use (::COSEM_KEY_EK, ::COSEM_KEY_AK,
     *  ::COSEM_KEY_KEK), so the application stores it in its key storage
     *  and gives it back as @c ek / @c ak / @c kek after a restart (the
     *  invocation counters persist through the port's nv_store). NULL:
     *  keys live in RAM only. */
    void (*key_changed)(void *user, uint8_t id, const uint8_t key[16]);
    void *key_user;              /**< For @c key_changed. */
} cosem_security_config_t;

/** @brief A server's security context (the state behind one Security setup
 *  object): keys, system title, policy, invocation counters. Fields are
 *  private; the keys are never readable through COSEM. */
typedef struct cosem_security {
    uint8_t policy_;             /**< @private */
    uint8_t title_[8];           /**< @private */
    uint8_t ak_[16];             /**< @private */
    cosem_aes128_t ek_;          /**< @private */
    cosem_aes128_t kek_;         /**< @private */
    bool has_kek_;               /**< @private */
    cosem_sec_counter_t tx_;     /**< @private Own (transmit) invocation counter. */
    uint32_t rx_last_;           /**< @private Highest client counter accepted. */
    uint8_t *buf_;               /**< @private */
    size_t cap_;                 /**< @private */
    const cosem_port_t *port_;   /**< @private */
    void (*key_changed_)(void *user, uint8_t id, const uint8_t key[16]); /**< @private */
    void *key_user_;             /**< @private */
    cosem_aes_encrypt_fn_t aes_; /**< @private */
    void *aes_user_;             /**< @private */
    uint8_t pending_mask_;       /**< @private Keys transferred, not yet in use. */
    uint8_t pending_[4][16];     /**< @private */
} cosem_security_t;

/**
 * @brief Prepare a security context; resumes the transmit counter from
 *        non-volatile memory.
 * @param s    Context (caller memory; an association configuration points to it).
 * @param cfg  Configuration.
 * @param port Port: nv_load/nv_store for the counter, random for HLS.
 * @return ::COSEM_OK; ::COSEM_E_ARG for a missing title, key or buffer; the
 *         port's error when the counter cannot be loaded.
 */
cosem_status_t cosem_security_init(cosem_security_t *s, const cosem_security_config_t *cfg,
                                   const cosem_port_t *port);

/** @brief Which key cosem_security_set_key() replaces. */
typedef enum cosem_key_id {
    COSEM_KEY_EK = 0,  /**< Global unicast encryption key. */
    COSEM_KEY_AK = 2,  /**< Authentication key (the Security setup key_id 2). */
    COSEM_KEY_KEK = 3  /**< Master key. */
} cosem_key_id_t;

/**
 * @brief Replace a key; the invocation counters restart (Green Book: a new
 *        key, new counters).
 * @param s   Context.
 * @param id  Which key.
 * @param key 16 octets.
 * @return ::COSEM_OK, ::COSEM_E_ARG, or the port's nv_store error.
 */
cosem_status_t cosem_security_set_key(cosem_security_t *s, cosem_key_id_t id,
                                      const uint8_t key[16]);

/**
 * @brief Put keys received by key_transfer into use (the server calls it
 *        once the response to that request is ciphered with the old keys).
 * @param s Context.
 * @return ::COSEM_OK or the nv_store error of the counter reset.
 */
cosem_status_t cosem_security_commit(cosem_security_t *s);

/**
 * @brief The server's next transmit invocation counter (the frame counter
 *        object 0.0.43.1.x.255 shows it).
 * @param s Context.
 * @return The value.
 */
uint32_t cosem_security_tx_counter(const cosem_security_t *s);

#if COSEM_WITH_SERVER && COSEM_CLASS_SECURITY_SETUP
/**
 * @brief Interface class 64, Security setup (version 1). An object's
 *        @c data points to its ::cosem_security_t (application RAM).
 *
 * Attributes 2 security_policy, 3 security_suite (0), 4 client_system_title
 * (of the asking association), 5 server_system_title, 6 certificates
 * (empty). Methods 1 security_activate (only a stronger policy), 2
 * key_transfer (global unicast encryption key, authentication key or
 * master key, each wrapped with the master key, RFC 3394); the others are
 * denied.
 */
extern const cosem_class_t cosem_class_security_setup;

/**
 * @brief Object callbacks of the frame-counter object: a Data object
 *        (e.g. 0.0.43.1.0.255; its @c data any value reference, which these
 *        callbacks replace) whose @c user is a ::cosem_security_t and
 *        whose attribute 2 shows its next transmit invocation counter
 *        (double-long-unsigned), for clients that must start above it.
 */
extern const cosem_object_ops_t cosem_frame_counter_ops;
#endif

#if COSEM_WITH_HLS_LEGACY
/**
 * @brief MD5 (RFC 1321), for HLS mechanism 3 of old meters only.
 * @param p   Data.
 * @param n   Its length.
 * @param out 16-octet digest.
 */
void cosem_md5(const uint8_t *p, size_t n, uint8_t out[16]);

/**
 * @brief SHA-1 (FIPS 180-4), for HLS mechanism 4 of old meters only.
 * @param p   Data.
 * @param n   Its length.
 * @param out 20-octet digest.
 */
void cosem_sha1(const uint8_t *p, size_t n, uint8_t out[20]);

/**
 * @brief HLS mechanisms 3 (MD5) and 4 (SHA-1) of old meters: the digest of
 *        the other side's challenge followed by the HLS secret.
 * @param mech       ::COSEM_AUTH_HLS_MD5 or ::COSEM_AUTH_HLS_SHA1.
 * @param challenge  The challenge. @param n Its length (at most 64).
 * @param secret     The HLS secret. @param secret_len Its length (at most 64).
 * @param out        The digest (16 or 20 octets).
 * @return Octets written; 0 for a bad argument.
 */
size_t cosem_hls_legacy(uint8_t mech, const uint8_t *challenge, size_t n, const uint8_t *secret,
                        size_t secret_len, uint8_t out[20]);
#endif

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_SECURITY_H */
