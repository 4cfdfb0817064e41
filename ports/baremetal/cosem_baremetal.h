/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file cosem_baremetal.h
 * @brief Bare-metal port of libcosem: UART receive ring buffer fed by an
 *        interrupt, a millisecond tick, and a ::cosem_port_t over weak
 *        board hooks (RTC, relay GPIO, RNG, flash, UART transmit, log).
 *
 * For a microcontroller without an operating system. The board provides:
 * - a SysTick (or timer) interrupt at 1 kHz that calls cosem_bm_tick_isr();
 * - a UART receive interrupt that calls cosem_bm_ring_put_isr() with each
 *   received octet;
 * - strong definitions of the hooks it has (cosem_bm_rtc_get(),
 *   cosem_bm_relay_write(), cosem_bm_rng(), cosem_bm_flash_store(), ...);
 *   the weak defaults here report ::COSEM_E_UNSUPPORTED (or "not found"),
 *   which the library handles as port.h documents for an absent member.
 *
 * The main loop drains the ring with cosem_bm_ring_get() and feeds the
 * octets to a link context (an HDLC station on RS-485 or the optical port,
 * a wrapper context behind a modem's transparent TCP mode), runs the link's
 * poll with cosem_bm_now_ms(), and sleeps (WFI) when there is nothing to do.
 * See docs/porting.md.
 */
#ifndef COSEM_BAREMETAL_H
#define COSEM_BAREMETAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/datetime.h>
#include <cosem/port.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- receive ring buffer (single producer ISR, single consumer loop) ---- */

/**
 * @brief Lock-free byte ring for one interrupt producer and one main-loop
 *        consumer. @c head is written only by the producer, @c tail only by
 *        the consumer; both count up freely and are masked on use, so the
 *        ring holds exactly @c size octets. No interrupt masking is needed
 *        on a single core. All fields private.
 */
typedef struct cosem_bm_ring {
    volatile uint8_t *buf;      /**< @private Storage, a power of two long (volatile:
                                     ordered with the index updates). */
    uint32_t mask;              /**< @private size - 1. */
    volatile uint32_t head;     /**< @private Octets ever written (producer). */
    volatile uint32_t tail;     /**< @private Octets ever read (consumer). */
    volatile uint32_t overruns; /**< @private Octets dropped because the ring was full. */
} cosem_bm_ring_t;

/**
 * @brief Prepare a ring over caller memory.
 * @param r    Ring.
 * @param buf  Storage.
 * @param size Its size: a power of two, 2..2^31.
 * @return ::COSEM_OK or ::COSEM_E_ARG.
 */
cosem_status_t cosem_bm_ring_init(cosem_bm_ring_t *r, uint8_t *buf, size_t size);

/**
 * @brief Producer side (call from the UART receive interrupt only).
 * @param r Ring.
 * @param b Received octet.
 * @return true when stored, false when the ring was full (octet dropped
 *         and counted; the link layer will see a broken frame).
 */
bool cosem_bm_ring_put_isr(cosem_bm_ring_t *r, uint8_t b);

/**
 * @brief Consumer side (main loop only): take up to @p max octets.
 * @param r   Ring.
 * @param out Output.
 * @param max Room in @p out.
 * @return Octets taken (0 when empty).
 */
size_t cosem_bm_ring_get(cosem_bm_ring_t *r, uint8_t *out, size_t max);

/**
 * @brief Octets waiting (either side; a snapshot).
 * @param r Ring.
 * @return Count.
 */
size_t cosem_bm_ring_count(const cosem_bm_ring_t *r);

/**
 * @brief Octets dropped so far because the ring was full.
 * @param r Ring.
 * @return Count.
 */
uint32_t cosem_bm_ring_overruns(const cosem_bm_ring_t *r);

/* ---- tick ------------------------------------------------------------- */

/** @brief Advance the millisecond counter; call from a 1 kHz interrupt. */
void cosem_bm_tick_isr(void);

/**
 * @brief Milliseconds since start-up, wrapping at 2^32 (the library's
 *        timers use wrap-safe differences).
 * @return Milliseconds.
 */
uint32_t cosem_bm_now_ms(void);

/* ---- board hooks (weak defaults; the board overrides what it has) ----- */

/**
 * @brief Read the RTC. Default: ::COSEM_E_UNSUPPORTED (clock invalid).
 * @param now Output date-time with deviation and status.
 * @return Status.
 */
cosem_status_t cosem_bm_rtc_get(cosem_datetime_t *now);

/**
 * @brief Set the RTC. Default: ::COSEM_E_UNSUPPORTED.
 * @param now New time (complete; deviation may be "not specified").
 * @return Status.
 */
cosem_status_t cosem_bm_rtc_set(const cosem_datetime_t *now);

/**
 * @brief Fill @p buf from the hardware RNG (TRNG). Default:
 *        ::COSEM_E_UNSUPPORTED, never weak randomness.
 * @param buf Output.
 * @param n   Octets.
 * @return Status.
 */
cosem_status_t cosem_bm_rng(uint8_t *buf, size_t n);

/**
 * @brief Drive relay GPIO @p index. Default: ::COSEM_E_UNSUPPORTED.
 * @param index Relay number.
 * @param on    true = contact closed.
 * @return Status.
 */
cosem_status_t cosem_bm_relay_write(unsigned index, bool on);

/**
 * @brief Read relay GPIO @p index. Default: ::COSEM_E_UNSUPPORTED.
 * @param index Relay number.
 * @param on    Output.
 * @return Status.
 */
cosem_status_t cosem_bm_relay_read(unsigned index, bool *on);

/**
 * @brief Load a counter from flash (or EEPROM, FRAM). Default:
 *        ::COSEM_E_NOTFOUND.
 * @param id    Counter id.
 * @param value Output.
 * @return Status.
 */
cosem_status_t cosem_bm_flash_load(uint32_t id, uint64_t *value);

/**
 * @brief Store a counter durably (wear-levelled log, two-sector swap...).
 *        Default: ::COSEM_E_UNSUPPORTED.
 * @param id    Counter id.
 * @param value Value.
 * @return Status.
 */
cosem_status_t cosem_bm_flash_store(uint32_t id, uint64_t value);

/**
 * @brief Transmit octets on the UART (blocking or into a TX ring drained by
 *        the TX interrupt; for RS-485 the hook also drives the transceiver's
 *        driver-enable pin until the last stop bit has left). Default:
 *        ::COSEM_E_UNSUPPORTED.
 * @param data Octets.
 * @param n    Count.
 * @return Status.
 */
cosem_status_t cosem_bm_uart_tx(const uint8_t *data, size_t n);

/**
 * @brief Write a log line (semihosting, SWO, a debug UART). Default: none.
 * @param level Severity.
 * @param text  NUL-terminated line.
 */
void cosem_bm_log(cosem_log_level_t level, const char *text);

/* ---- glue ------------------------------------------------------------ */

/**
 * @brief Fill @p port with functions that call the tick counter and the
 *        board hooks (user = NULL).
 * @param port Output.
 */
void cosem_bm_port_init(cosem_port_t *port);

/**
 * @brief Send callback for a link context: calls cosem_bm_uart_tx().
 * @param user Unused.
 * @param data Octets.
 * @param n    Count.
 * @return What cosem_bm_uart_tx() returns.
 */
cosem_status_t cosem_bm_uart_send(void *user, const uint8_t *data, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* COSEM_BAREMETAL_H */
