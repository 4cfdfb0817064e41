/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file mode_e.h
 * @brief IEC 62056-21 mode E: the optical-port opening that leads into HDLC.
 *
 * @defgroup mode_e IEC 62056-21 mode E
 * @brief Sign-on, identification and baud-rate switch before HDLC.
 *
 * A handheld reading a meter through its optical head starts at 300 Bd,
 * 7 data bits, even parity (7E1), with the character protocol of
 * IEC 62056-21, then both sides switch to 8N1 at the agreed rate and speak
 * HDLC (IEC 62056-46):
 *
 * | step | direction | characters (then CR LF) |
 * |---|---|---|
 * | sign-on request | client to meter | `/?` device address (optional) `!` |
 * | identification | meter to client | `/` XXX Z `\2` identification |
 * | acknowledgement / option select | client to meter | ACK `2` Z `2` |
 * | confirmation (same octets, still 300 Bd) | meter to client | ACK `2` Z `2` |
 *
 * XXX is the manufacturer's three-letter flag, Z the baud-rate character
 * (`0` 300, `1` 600, `2` 1200, `3` 2400, `4` 4800, `5` 9600, `6` 19200):
 * in the identification the highest rate the meter offers, in the
 * acknowledgement the rate the client chose (at most that). `\2` marks a
 * meter that speaks mode E (HDLC). The acknowledgement's first and last
 * characters are the protocol control (`2`: HDLC) and the mode control
 * (`2`: binary mode).
 *
 * The codec reads 7-bit characters: the parity bit (bit 7) of every
 * received octet is ignored, so a UART set to 8N1 that receives 7E1
 * characters works as well as one set to 7E1. It writes 7-bit characters;
 * the UART adds the parity.
 *
 * The meter side is a small state machine, ::cosem_mode_e_server_t: feed it
 * the octets of the serial line while it is not in HDLC, send what it asks,
 * switch the UART when it says so, and from then on feed HDLC. The client
 * side is made of the line functions; ports/posix runs both (the meter's
 * serial lines, the blocking client's `mode_e` option).
 *
 * The module needs `COSEM_WITH_MODE_E` (config.h).
 * @{
 */
#ifndef COSEM_MODE_E_H
#define COSEM_MODE_E_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Acknowledge character (ACK). */
#define COSEM_MODE_E_ACK 0x06u
/** @brief Longest line the codec reads or writes, CR LF included: a sign-on
 *  with a 32-character device address is 37 octets. */
#define COSEM_MODE_E_LINE_MAX 40u
/** @brief Longest device address of a sign-on request. */
#define COSEM_MODE_E_ADDRESS_MAX 32u
/** @brief Longest identification (after `\2`) of the identification line. */
#define COSEM_MODE_E_IDENT_MAX 16u
/** @brief Rate of the opening (sign-on, identification, acknowledgement). */
#define COSEM_MODE_E_START_BAUD 300u

/**
 * @brief Bits per second of a baud-rate character.
 * @param z `0` to `6`.
 * @return 300 to 19200; 0 for any other character.
 */
uint32_t cosem_mode_e_baud(char z);

/**
 * @brief Baud-rate character of the highest rate of the mode E table not
 *        above a rate.
 * @param baud Bits per second.
 * @return `0` to `6`; `0` (300 Bd) for anything below 600.
 */
char cosem_mode_e_baud_char(uint32_t baud);

/** @brief A parsed identification line. */
typedef struct cosem_mode_e_ident {
    char manufacturer[4]; /**< Three-letter flag, NUL-terminated. */
    char baud;            /**< Highest baud-rate character offered. */
    bool mode_e;          /**< The line carries `\2` (the meter speaks HDLC). */
    char ident[COSEM_MODE_E_IDENT_MAX + 1u]; /**< Identification, NUL-terminated. */
} cosem_mode_e_ident_t;

/**
 * @brief Write a sign-on request `/?address!` CR LF.
 * @param out     Buffer. @param cap Its size.
 * @param address Device address (up to 32 digits, letters or spaces); NULL
 *                or "" for any device (optical head, point to point).
 * @return Octets written; 0 when @p out is NULL, the address is too long or
 *         holds another character, or @p cap is too small.
 */
size_t cosem_mode_e_sign_on(uint8_t *out, size_t cap, const char *address);

/**
 * @brief Write a mode E identification line `/XXXZ\2ident` CR LF.
 * @param out          Buffer. @param cap Its size.
 * @param manufacturer Three letters.
 * @param baud         Baud-rate character `0` to `6`.
 * @param ident        Identification: 1 to 16 printable characters other
 *                     than `/`, `!` and `\`.
 * @return Octets written; 0 on a bad argument or a too small buffer.
 */
size_t cosem_mode_e_ident_line(uint8_t *out, size_t cap, const char *manufacturer, char baud,
                               const char *ident);

/**
 * @brief Write the acknowledgement that selects mode E at a rate: ACK `2` Z
 *        `2` CR LF (six octets).
 * @param out Buffer. @param cap Its size. @param baud Baud-rate character.
 * @return 6; 0 on a bad argument or a too small buffer.
 */
size_t cosem_mode_e_ack(uint8_t *out, size_t cap, char baud);

/**
 * @brief Parse an identification line (CR LF included or not; parity bits
 *        ignored).
 * @param line Octets. @param len Their number. @param id Output.
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL arguments; ::COSEM_E_MALFORMED
 *         when the line is not `/`, three letters, a baud-rate character,
 *         an optional `\W` and 1 to 16 printable characters.
 */
cosem_status_t cosem_mode_e_parse_ident(const uint8_t *line, size_t len,
                                        cosem_mode_e_ident_t *id);

/**
 * @brief Parse a sign-on request.
 * @param line    Octets (CR LF included or not; parity bits ignored).
 * @param len     Their number.
 * @param address Output: the device address, NUL-terminated ("" when none).
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL arguments; ::COSEM_E_MALFORMED
 *         when the line is not `/?`, up to 32 address characters, `!`.
 */
cosem_status_t cosem_mode_e_parse_sign_on(const uint8_t *line, size_t len,
                                          char address[COSEM_MODE_E_ADDRESS_MAX + 1u]);

/**
 * @brief Parse an acknowledgement / option select message ACK V Z Y.
 * @param line Octets (CR LF included or not; parity bits ignored).
 * @param len  Their number.
 * @param protocol Output: V (`2` for HDLC). @param baud Output: Z.
 * @param mode Output: Y (`2` for binary mode).
 * @return ::COSEM_OK; ::COSEM_E_ARG for NULL arguments; ::COSEM_E_MALFORMED
 *         otherwise.
 */
cosem_status_t cosem_mode_e_parse_ack(const uint8_t *line, size_t len, char *protocol, char *baud,
                                      char *mode);

/** @brief Assembles one line (up to LF) of 7-bit characters. Fields private. */
typedef struct cosem_mode_e_line {
    uint8_t buf[COSEM_MODE_E_LINE_MAX]; /**< @private Characters, parity stripped. */
    uint8_t len;                        /**< @private Characters held. */
    bool overflow;                      /**< @private Too long: skipped up to LF. */
} cosem_mode_e_line_t;

/**
 * @brief Empty a line assembler.
 * @param l Assembler.
 */
void cosem_mode_e_line_reset(cosem_mode_e_line_t *l);

/**
 * @brief Take octets up to and including the first LF.
 * @param l    Assembler.
 * @param data Octets. @param n Their number.
 * @param line Output: the complete line (parity stripped, LF included) when
 *             one ended in @p data, otherwise NULL. A line longer than
 *             ::COSEM_MODE_E_LINE_MAX is dropped whole (it never completes).
 * @param len  Output: its length.
 * @return Octets of @p data consumed (all of them when no line ended).
 */
size_t cosem_mode_e_line_feed(cosem_mode_e_line_t *l, const uint8_t *data, size_t n,
                              const uint8_t **line, size_t *len);

/** @brief Configuration of the meter side (strings are not copied). */
typedef struct cosem_mode_e_server_config {
    const char *manufacturer; /**< Three-letter flag. */
    const char *ident;        /**< Identification (1 to 16 characters). */
    /** Device address the meter answers to, besides a sign-on without
     *  address; NULL or "" for none. Leading zeros are not significant. */
    const char *address;
    uint32_t max_baud;        /**< Highest rate offered (300 to 19200; 0: 9600). */
    /** Longest wait for the acknowledgement after the identification;
     *  0: 1500 ms. */
    uint32_t ack_timeout_ms;
} cosem_mode_e_server_config_t;

/** @brief What the line needs after cosem_mode_e_server_feed(). */
typedef enum cosem_mode_e_todo {
    COSEM_MODE_E_NOTHING = 0, /**< Keep feeding. */
    COSEM_MODE_E_SEND = 1,    /**< Send ::cosem_mode_e_out_t::data at the current rate. */
    /** Send ::cosem_mode_e_out_t::data (the confirmation) at the current
     *  rate, let it drain, switch the line to 8N1 at
     *  ::cosem_mode_e_out_t::baud: the link is HDLC from now on. */
    COSEM_MODE_E_SWITCH = 2,
    /** An HDLC flag arrived instead of a sign-on: the client talks HDLC at
     *  the line's current rate; hand it these octets and what follows. */
    COSEM_MODE_E_DIRECT_HDLC = 3
} cosem_mode_e_todo_t;

/** @brief Output of cosem_mode_e_server_feed(). */
typedef struct cosem_mode_e_out {
    cosem_mode_e_todo_t todo; /**< What to do. */
    const uint8_t *data;      /**< Octets to send (SEND, SWITCH). */
    size_t len;               /**< Their number. */
    uint32_t baud;            /**< New rate (SWITCH). */
} cosem_mode_e_out_t;

/** @brief The meter side. Fields private. */
typedef struct cosem_mode_e_server {
    cosem_mode_e_server_config_t cfg;  /**< @private Copy of the configuration. */
    cosem_mode_e_line_t line;          /**< @private Line being received. */
    uint8_t state;                     /**< @private Idle, identified, HDLC. */
    char max_baud;                     /**< @private Offered rate character. */
    uint32_t since_ms;                 /**< @private When the identification left. */
    uint8_t tx[COSEM_MODE_E_LINE_MAX]; /**< @private Line to send. */
} cosem_mode_e_server_t;

/**
 * @brief Prepare the meter side (waiting for a sign-on).
 * @param s Meter side. @param cfg Configuration (copied; strings not).
 * @return ::COSEM_OK; ::COSEM_E_ARG when an argument is NULL, the
 *         manufacturer is not three letters, the identification not 1 to 16
 *         allowed characters, the address too long, or max_baud outside
 *         300 to 19200.
 */
cosem_status_t cosem_mode_e_server_init(cosem_mode_e_server_t *s,
                                        const cosem_mode_e_server_config_t *cfg);

/**
 * @brief Back to waiting for a sign-on (the line at 300 Bd 7E1 again): after
 *        the HDLC connection ended or the link fell silent.
 * @param s Meter side.
 */
void cosem_mode_e_server_reset(cosem_mode_e_server_t *s);

/**
 * @brief Feed octets received while not in HDLC.
 *
 * Stops after the first octet that needs an action, so call it again with
 * the rest. A sign-on for another address, a malformed line, an
 * acknowledgement other than `2 Z 2` or with a rate above the one offered,
 * and any octet but a sign-on while idle are ignored (the meter stays
 * silent, as the standard has it); a new sign-on always restarts.
 * @param s      Meter side.
 * @param data   Octets. @param n Their number.
 * @param now_ms Milliseconds (for the acknowledgement time-out).
 * @param out    Output: what to do.
 * @return Octets consumed (0 with ::COSEM_MODE_E_DIRECT_HDLC: none of them
 *         are mode E).
 */
size_t cosem_mode_e_server_feed(cosem_mode_e_server_t *s, const uint8_t *data, size_t n,
                                uint32_t now_ms, cosem_mode_e_out_t *out);

/**
 * @brief Run the acknowledgement time-out.
 * @param s Meter side. @param now_ms Milliseconds.
 * @return true when the wait for the acknowledgement ran out (the meter
 *         waits for a new sign-on).
 */
bool cosem_mode_e_server_poll(cosem_mode_e_server_t *s, uint32_t now_ms);

/**
 * @brief Whether the line has switched to HDLC.
 * @param s Meter side.
 * @return true after ::COSEM_MODE_E_SWITCH or ::COSEM_MODE_E_DIRECT_HDLC
 *         until cosem_mode_e_server_reset().
 */
bool cosem_mode_e_server_in_hdlc(const cosem_mode_e_server_t *s);

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_MODE_E_H */
