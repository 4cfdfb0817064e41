/* SPDX-License-Identifier: Apache-2.0 */
/* Bare-metal example image: a meter whose DLMS link is a modem in
 * transparent TCP mode on a UART, so the byte stream carries wrapper
 * frames. The UART interrupt fills the ring, the main loop feeds the ring
 * to a wrapper context and runs its timers, and each APDU is answered
 * (here: echoed; a real meter hands it to the server). It is built and
 * linked in CI for Cortex-M4 and Cortex-M0+ to catch missing symbols and
 * measure size and stack; it is not meant to run as is.
 *
 * The "board" part (register addresses) follows an STM32F4-style USART
 * and the architectural SysTick; a real port replaces it (docs/porting.md). */
#include <stdint.h>

#include <cosem/wrapper.h>

#include "cosem_baremetal.h"

/* ---- example board --------------------------------------------------------- */

#define UART_BASE 0x40013800u
#define UART_SR (*(volatile uint32_t *)(UART_BASE + 0x00u))
#define UART_DR (*(volatile uint32_t *)(UART_BASE + 0x04u))
#define UART_SR_RXNE (1u << 5)
#define UART_SR_TC (1u << 6)
#define UART_SR_TXE (1u << 7)
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define GPIO_ODR (*(volatile uint32_t *)0x40020014u)
#define CORE_HZ 16000000u
#define RELAYS 2u
#define TX_SPIN_LIMIT 100000u

void UART_IRQHandler(void);

static uint8_t g_rx_mem[256];
static cosem_bm_ring_t g_rx;

/* UART receive interrupt: every octet into the ring. */
void UART_IRQHandler(void)
{
    while (UART_SR & UART_SR_RXNE) {
        (void)cosem_bm_ring_put_isr(&g_rx, (uint8_t)UART_DR);
    }
}

/* Waits for a status flag with a bound, so a dead UART cannot hang the meter. */
static int uart_wait(uint32_t flag)
{
    uint32_t spin;
    for (spin = 0; spin < TX_SPIN_LIMIT; spin++) {
        if (UART_SR & flag) {
            return 1;
        }
    }
    return 0;
}

/* Board hook: blocking transmit (an RS-485 board would raise DE here and
 * drop it after TC). */
cosem_status_t cosem_bm_uart_tx(const uint8_t *data, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (!uart_wait(UART_SR_TXE)) {
            return COSEM_E_IO;
        }
        UART_DR = data[i];
    }
    return uart_wait(UART_SR_TC) ? COSEM_OK : COSEM_E_IO;
}

/* Board hook: relays on GPIO output pins 0 and 1. */
cosem_status_t cosem_bm_relay_write(unsigned index, bool on)
{
    if (index >= RELAYS) {
        return COSEM_E_RANGE;
    }
    if (on) {
        GPIO_ODR |= 1u << index;
    } else {
        GPIO_ODR &= ~(1u << index);
    }
    return COSEM_OK;
}

/* Board hook: relay state read back from the output register. */
cosem_status_t cosem_bm_relay_read(unsigned index, bool *on)
{
    if (index >= RELAYS) {
        return COSEM_E_RANGE;
    }
    *on = (GPIO_ODR >> index) & 1u;
    return COSEM_OK;
}

/* SysTick at 1 kHz from the core clock. */
static void board_init(void)
{
    SYST_RVR = CORE_HZ / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* core clock, interrupt, enable */
}

/* Sleeps until the next interrupt (tick or UART). */
static void board_idle(void)
{
    __asm__ __volatile__("wfi");
}

/* ---- application --------------------------------------------------------- */

#define MAX_APDU 512u

static cosem_wrapper_t g_link;
static uint8_t g_link_buf[COSEM_WRAPPER_BUF_SIZE(MAX_APDU)];
static cosem_port_t g_port;

/* One APDU arrived: answer it through the same link. */
static void on_apdu(void *user, const cosem_wrapper_event_t *ev)
{
    size_t cap;
    uint8_t *out = cosem_wrapper_tx_buffer(&g_link, &cap);
    size_t i;
    (void)user;
    if (ev->type != COSEM_WRAPPER_EV_APDU || ev->len > cap) {
        return;
    }
    for (i = 0; i < ev->len; i++) {
        out[i] = ev->apdu[i]; /* a server would encode its response here */
    }
    if (cosem_wrapper_send(&g_link, ev->dst_wport, ev->src_wport, out, ev->len) != COSEM_OK) {
        cosem_port_log(&g_port, COSEM_LOG_WARN, "uart tx failed");
    }
}

/* Brings up the port and the link context. */
static void app_init(void)
{
    cosem_wrapper_config_t cfg = {0};
    cosem_bm_port_init(&g_port);
    (void)cosem_bm_ring_init(&g_rx, g_rx_mem, sizeof g_rx_mem);
    cfg.max_apdu = MAX_APDU;
    cfg.filter_local = true;
    cfg.local_wport = COSEM_WRAPPER_WPORT_MANAGEMENT;
    cfg.inactivity_timeout_ms = 120000u;
    cfg.frame_timeout_ms = 5000u;
    cfg.send.fn = cosem_bm_uart_send;
    cfg.event.fn = on_apdu;
    (void)cosem_wrapper_init(&g_link, &cfg, g_link_buf, sizeof g_link_buf);
    (void)cosem_port_relay_set(&g_port, 0, true);
}

/* Feeds whatever the ring holds; a broken stream starts over (the modem
 * connection is dropped by the modem's own time-out). */
static void app_poll(void)
{
    uint8_t chunk[32];
    uint32_t now = cosem_bm_now_ms();
    size_t n = cosem_bm_ring_get(&g_rx, chunk, sizeof chunk);
    cosem_status_t st = n > 0 ? cosem_wrapper_feed(&g_link, chunk, n, now) : COSEM_OK;
    if (st == COSEM_OK) {
        st = cosem_wrapper_poll(&g_link, now);
    }
    if (st != COSEM_OK) {
        cosem_port_log(&g_port, COSEM_LOG_WARN, "wrapper stream reset");
        (void)cosem_wrapper_reset(&g_link, now);
    }
    if (n == 0 && cosem_bm_ring_count(&g_rx) == 0) {
        board_idle();
    }
}

/* The main loop of the meter. */
int main(void)
{
    board_init();
    app_init();
    for (;;) {
        app_poll();
    }
}
