/* SPDX-License-Identifier: Apache-2.0 */
/* Bare-metal port: the interrupt-fed receive ring, the millisecond tick,
 * weak board hooks and the cosem_port_t over them. No OS, no heap, no
 * libc beyond what the library itself uses. */
#include "cosem_baremetal.h"

/* Weak definitions: the board's strong ones replace them at link time. */
#if defined(__GNUC__)
#define COSEM_BM_WEAK __attribute__((weak))
#else
#define COSEM_BM_WEAK
#endif

/* Milliseconds since start-up; written by the tick interrupt only. */
static volatile uint32_t g_ticks;

/* ---- ring ---------------------------------------------------------------- */

/* Checks the size is a power of two and empties the ring. */
cosem_status_t cosem_bm_ring_init(cosem_bm_ring_t *r, uint8_t *buf, size_t size)
{
    if (r == NULL || buf == NULL || size < 2u || size > 0x80000000u || (size & (size - 1u)) != 0) {
        return COSEM_E_ARG;
    }
    r->buf = buf;
    r->mask = (uint32_t)(size - 1u);
    r->head = 0;
    r->tail = 0;
    r->overruns = 0;
    return COSEM_OK;
}

/* Producer: the octet is stored before head moves (both volatile, so the
 * compiler keeps that order; a single-core CPU does too). */
bool cosem_bm_ring_put_isr(cosem_bm_ring_t *r, uint8_t b)
{
    uint32_t head = r->head;
    if (head - r->tail > r->mask) {
        r->overruns = r->overruns + 1u;
        return false;
    }
    r->buf[head & r->mask] = b;
    r->head = head + 1u;
    return true;
}

/* Consumer: reads up to the head seen at entry, then releases the space. */
size_t cosem_bm_ring_get(cosem_bm_ring_t *r, uint8_t *out, size_t max)
{
    uint32_t tail = r->tail, avail = r->head - tail;
    size_t n = avail < max ? avail : max, i;
    for (i = 0; i < n; i++) {
        out[i] = r->buf[(tail + (uint32_t)i) & r->mask];
    }
    r->tail = tail + (uint32_t)n;
    return n;
}

/* Octets waiting. */
size_t cosem_bm_ring_count(const cosem_bm_ring_t *r)
{
    return (size_t)(r->head - r->tail);
}

/* Octets dropped on overrun. */
uint32_t cosem_bm_ring_overruns(const cosem_bm_ring_t *r)
{
    return r->overruns;
}

/* ---- tick ------------------------------------------------------------ */

/* 1 kHz interrupt: one more millisecond (a 32-bit store is atomic on Cortex-M). */
void cosem_bm_tick_isr(void)
{
    g_ticks = g_ticks + 1u;
}

/* Milliseconds since start-up. */
uint32_t cosem_bm_now_ms(void)
{
    return g_ticks;
}

/* ---- weak hooks ---------------------------------------------------------- */

/* No RTC on this board. */
COSEM_BM_WEAK cosem_status_t cosem_bm_rtc_get(cosem_datetime_t *now)
{
    (void)now;
    return COSEM_E_UNSUPPORTED;
}

/* No RTC on this board. */
COSEM_BM_WEAK cosem_status_t cosem_bm_rtc_set(const cosem_datetime_t *now)
{
    (void)now;
    return COSEM_E_UNSUPPORTED;
}

/* No TRNG: refuse rather than return weak values. */
COSEM_BM_WEAK cosem_status_t cosem_bm_rng(uint8_t *buf, size_t n)
{
    (void)buf;
    (void)n;
    return COSEM_E_UNSUPPORTED;
}

/* No relay GPIO. */
COSEM_BM_WEAK cosem_status_t cosem_bm_relay_write(unsigned index, bool on)
{
    (void)index;
    (void)on;
    return COSEM_E_UNSUPPORTED;
}

/* No relay GPIO. */
COSEM_BM_WEAK cosem_status_t cosem_bm_relay_read(unsigned index, bool *on)
{
    (void)index;
    (void)on;
    return COSEM_E_UNSUPPORTED;
}

/* No flash store: nothing was ever saved. */
COSEM_BM_WEAK cosem_status_t cosem_bm_flash_load(uint32_t id, uint64_t *value)
{
    (void)id;
    (void)value;
    return COSEM_E_NOTFOUND;
}

/* No flash store. */
COSEM_BM_WEAK cosem_status_t cosem_bm_flash_store(uint32_t id, uint64_t value)
{
    (void)id;
    (void)value;
    return COSEM_E_UNSUPPORTED;
}

/* No transmitter. */
COSEM_BM_WEAK cosem_status_t cosem_bm_uart_tx(const uint8_t *data, size_t n)
{
    (void)data;
    (void)n;
    return COSEM_E_UNSUPPORTED;
}

/* No log output. */
COSEM_BM_WEAK void cosem_bm_log(cosem_log_level_t level, const char *text)
{
    (void)level;
    (void)text;
}

/* ---- the port struct -------------------------------------------------- */

/* port.now_ms: the tick counter. */
static uint32_t bm_now(void *user)
{
    (void)user;
    return cosem_bm_now_ms();
}

/* port.time_get: the RTC hook. */
static cosem_status_t bm_time_get(void *user, cosem_datetime_t *now)
{
    (void)user;
    return cosem_bm_rtc_get(now);
}

/* port.time_set: the RTC hook. */
static cosem_status_t bm_time_set(void *user, const cosem_datetime_t *now)
{
    (void)user;
    return cosem_bm_rtc_set(now);
}

/* port.random: the TRNG hook. */
static cosem_status_t bm_random(void *user, uint8_t *buf, size_t n)
{
    (void)user;
    return cosem_bm_rng(buf, n);
}

/* port.relay_set: the relay GPIO hook. */
static cosem_status_t bm_relay_set(void *user, unsigned index, bool on)
{
    (void)user;
    return cosem_bm_relay_write(index, on);
}

/* port.relay_get: the relay GPIO hook. */
static cosem_status_t bm_relay_get(void *user, unsigned index, bool *on)
{
    (void)user;
    return cosem_bm_relay_read(index, on);
}

/* port.nv_load: the flash hook. */
static cosem_status_t bm_nv_load(void *user, uint32_t id, uint64_t *value)
{
    (void)user;
    return cosem_bm_flash_load(id, value);
}

/* port.nv_store: the flash hook. */
static cosem_status_t bm_nv_store(void *user, uint32_t id, uint64_t value)
{
    (void)user;
    return cosem_bm_flash_store(id, value);
}

/* port.log: the log hook. */
static void bm_log(void *user, cosem_log_level_t level, const char *text)
{
    (void)user;
    cosem_bm_log(level, text);
}

/* Fills the port struct with the forwarders above. */
void cosem_bm_port_init(cosem_port_t *port)
{
    port->user = NULL;
    port->now_ms = bm_now;
    port->time_get = bm_time_get;
    port->time_set = bm_time_set;
    port->random = bm_random;
    port->relay_set = bm_relay_set;
    port->relay_get = bm_relay_get;
    port->nv_load = bm_nv_load;
    port->nv_store = bm_nv_store;
    port->log = bm_log;
}

/* Send callback of a link context over the UART. */
cosem_status_t cosem_bm_uart_send(void *user, const uint8_t *data, size_t n)
{
    (void)user;
    return cosem_bm_uart_tx(data, n);
}
