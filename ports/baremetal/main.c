/* SPDX-License-Identifier: Apache-2.0 */
/* Bare-metal example image: a meter on an HDLC line (RS-485 or the optical
 * port) on a UART. The UART interrupt fills the ring, the main loop feeds
 * the ring to an HDLC secondary station and runs its timers, and each APDU
 * goes to the server's association, whose response is encoded straight
 * into the station's transmit buffer. Objects: Association LN (current),
 * SAP assignment, logical device name, Clock, one energy Register; with
 * METER_PROFILE, a load profile (clock and energy every 15 minutes).
 * Associations: public client (SAP 0x10, no authentication) and meter
 * reader (SAP 0x20, LLS). It is built and linked in CI for Cortex-M4,
 * Cortex-M0+ and RISC-V rv32imc to catch missing symbols and measure size
 * (its library share is budgeted, bench/budget.txt) and stack; the board
 * part is a model, not a real board.
 *
 * The "board" part (register addresses) follows an STM32F4-style USART
 * and the architectural SysTick; a real port replaces it (docs/porting.md). */
#include <stdint.h>

#include <cosem/classes.h>
#include <cosem/hdlc.h>
#include <cosem/metering.h>
#if METER_PROFILE
#include <cosem/profile.h>
#endif
#include <cosem/server.h>

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

/* ---- objects ------------------------------------------------------------- */

#define MAX_PDU 512u
#define MAX_INFO 128u
#define LP_PERIOD 900u

/* Meter variables (the metering engine writes them). */
static uint32_t g_energy_wh;
static uint8_t g_ldn[16] = {'L', 'C', 'M', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0',
                            '0', '0', '1'};
static cosem_secret_t g_reader_password = {8, {'0', '0', '0', '0', '0', '0', '0', '0'}};
static cosem_clock_state_t g_clock_state;

#define CONF (COSEM_CONF_GET | COSEM_CONF_SET | COSEM_CONF_ACTION | COSEM_CONF_BLOCK_TRANSFER_GET)

static const cosem_assoc_config_t g_assocs[] = {
    {0x10, COSEM_AUTH_NONE, 0, CONF, NULL, NULL, false, NULL},
    {0x20, COSEM_AUTH_LOW, 1, CONF, &g_reader_password, NULL, false, NULL},
};

static const cosem_vref_t ldn = COSEM_VREF_STR(COSEM_AXDR_OCTET_STRING, g_ldn, NULL, 16);
static const cosem_association_ln_t current_assoc = {NULL, COSEM_HDLC_MANAGEMENT_LD, NULL};
static const cosem_sap_entry_t saps[] = {{COSEM_HDLC_MANAGEMENT_LD, g_ldn, 16}};
static const cosem_sap_assignment_t sap_list = {saps, 1};
static const cosem_clock_t meter_clock = {&g_clock_state, NULL, COSEM_CLOCK_BASE_CRYSTAL,
                                          LP_PERIOD, NULL};
static const cosem_register_t energy = {
    COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &g_energy_wh), 0, COSEM_UNIT_WH};

#if METER_PROFILE
static cosem_profile_state_t g_lp_state;
static uint8_t g_lp_buf[96u * 19u]; /* one day of 15-minute rows (19 octets each) */
static const cosem_capture_def_t lp_cols[] = {
    {8, {0, 0, 1, 0, 0, 255}, 2, COSEM_PROFILE_W_DATETIME, 0},
    {3, {1, 0, 1, 8, 0, 255}, 2, COSEM_PROFILE_W_U32, 0},
};
static const cosem_profile_t load_profile = {
    &g_lp_state, g_lp_buf, sizeof g_lp_buf, lp_cols, NULL, 2, LP_PERIOD, 0};
#endif

/* Readable by both associations; the reader sets the clock's time. The
 * logical device name and the energy register are never written: their
 * read-only descriptors leave the value write path out of the image. */
#define R COSEM_ALL
static const cosem_access_t RO[COSEM_MAX_ACCESS_LEVELS] = {{R, 0, 0}, {R, 0, 0}};
static const cosem_access_t CLOCK_RW[COSEM_MAX_ACCESS_LEVELS] = {{R, 0, 0},
                                                                 {R, COSEM_ATTR(2), 0}};

/* Sorted by logical name, so the server needs no index. */
static const cosem_object_t g_objects[] = {
    {{0, 0, 1, 0, 0, 255}, &cosem_class_clock, &meter_clock, NULL, CLOCK_RW, NULL},
    {{0, 0, 40, 0, 0, 255}, &cosem_class_association_ln, &current_assoc, NULL, RO, NULL},
    {{0, 0, 41, 0, 0, 255}, &cosem_class_sap_assignment, &sap_list, NULL, RO, NULL},
    {{0, 0, 42, 0, 0, 255}, &cosem_class_data_ro, &ldn, NULL, RO, NULL},
    {{1, 0, 1, 8, 0, 255}, &cosem_class_register_ro, &energy, NULL, RO, NULL},
#if METER_PROFILE
    {{1, 0, 99, 1, 0, 255}, &cosem_class_profile_generic, &load_profile, NULL, RO, NULL},
#endif
};

/* ---- application --------------------------------------------------------- */

static cosem_port_t g_port;
static cosem_server_t g_server;
static cosem_assoc_t g_assoc;
static uint8_t g_work[MAX_PDU + 32u];
static cosem_hdlc_t g_link;
static uint8_t g_link_buf[COSEM_HDLC_BUF_SIZE_SHARED(MAX_INFO, MAX_PDU)];
static bool g_open;

/* A complete APDU: the association answers into the station's transmit
 * buffer (no copy); broadcasts and UI frames are never answered. */
static void on_data(const cosem_hdlc_event_t *ev)
{
    size_t cap = 0, n = 0;
    uint8_t *out = cosem_hdlc_tx_buffer(&g_link, &cap);
    if (!g_open || out == NULL ||
        cosem_assoc_handle(&g_assoc, ev->data, ev->len, out, cap, &n) != COSEM_OK || n == 0u ||
        ev->broadcast || ev->unnumbered) {
        return;
    }
    if (cosem_hdlc_send(&g_link, out, n, cosem_bm_now_ms()) != COSEM_OK) {
        cosem_port_log(&g_port, COSEM_LOG_WARN, "uart tx failed");
    }
}

/* Station events: a connection opens the association of its client SAP. */
static void on_link(void *user, const cosem_hdlc_event_t *ev)
{
    (void)user;
    if (ev->type == COSEM_HDLC_EV_DATA) {
        on_data(ev);
        return;
    }
    if (g_open) {
        cosem_assoc_close(&g_assoc);
    }
    g_open = ev->type == COSEM_HDLC_EV_CONNECTED &&
             cosem_assoc_open(&g_assoc, ev->peer.upper) == COSEM_OK;
}

/* Brings up the port, the logical device and the station. */
static void app_init(void)
{
    cosem_server_config_t sc = {0};
    cosem_hdlc_config_t hc = {0};
    cosem_bm_port_init(&g_port);
    (void)cosem_bm_ring_init(&g_rx, g_rx_mem, sizeof g_rx_mem);
    g_clock_state.time_zone = -60;
    sc.objects = g_objects;
    sc.object_count = sizeof g_objects / sizeof g_objects[0];
    sc.assocs = g_assocs;
    sc.assoc_count = sizeof g_assocs / sizeof g_assocs[0];
    sc.port = &g_port;
    sc.max_pdu = MAX_PDU;
    (void)cosem_server_init(&g_server, &sc);
    (void)cosem_assoc_init(&g_assoc, &g_server, g_work, sizeof g_work);
    hc.role = COSEM_HDLC_SECONDARY;
    hc.local.upper = COSEM_HDLC_MANAGEMENT_LD;
    hc.local.lower = 17;
    hc.local.len = 2;
    hc.params.max_info_tx = MAX_INFO;
    hc.params.max_info_rx = MAX_INFO;
    hc.inactivity_timeout_ms = 120000u;
    hc.inter_frame_timeout_ms = 1000u;
    hc.max_msdu = MAX_PDU;
    hc.shared_msdu = true; /* one MSDU buffer: on_data answers before it returns */
    hc.send.fn = cosem_bm_uart_send;
    hc.event.fn = on_link;
    (void)cosem_hdlc_init(&g_link, &hc, g_link_buf, sizeof g_link_buf);
    (void)cosem_port_relay_set(&g_port, 0, true);
}

/* Feeds whatever the ring holds, runs the link timers and, once a second,
 * the objects' periodic work (profile capture). */
static void app_poll(void)
{
    static uint32_t last_tick;
    uint8_t chunk[32];
    uint32_t now = cosem_bm_now_ms();
    size_t n = cosem_bm_ring_get(&g_rx, chunk, sizeof chunk);
    if (n > 0) {
        (void)cosem_hdlc_feed(&g_link, chunk, n, now);
    }
    (void)cosem_hdlc_poll(&g_link, now);
    if (now - last_tick >= 1000u) {
        last_tick = now;
        g_energy_wh++;
        cosem_server_tick(&g_server);
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
