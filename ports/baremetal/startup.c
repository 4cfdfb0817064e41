/* SPDX-License-Identifier: Apache-2.0 */
/* Minimal Cortex-M start-up for the bare-metal example image: the vector
 * table, a reset handler that copies .data and clears .bss before main(),
 * and default handlers. Symbols come from link.ld. Works on ARMv6-M
 * (Cortex-M0+) and ARMv7E-M (Cortex-M4). */
#include <stdint.h>

#include "cosem_baremetal.h"

/* Linker script symbols. */
extern uint32_t _estack;
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;

int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);
void UART_IRQHandler(void);

/* A vector entry: the initial stack pointer or a handler. */
typedef union {
    void (*handler)(void);
    const void *sp;
} vector_t;

/* Number of device interrupts in the table (the M0+ maximum). */
#define DEVICE_IRQS 32
/* The device interrupt the example UART uses (board specific). */
#define UART_IRQ 27

/* The vector table, placed first in flash by link.ld. Device interrupts
 * without a handler are 0: enable only those listed here. */
__attribute__((section(".isr_vector"), used))
const vector_t cosem_bm_vectors[16 + DEVICE_IRQS] = {
    [0] = {.sp = &_estack},
    [1] = {.handler = Reset_Handler},
    [2] = {.handler = Default_Handler},  /* NMI */
    [3] = {.handler = Default_Handler},  /* HardFault */
    [4] = {.handler = Default_Handler},  /* MemManage (ARMv7-M) */
    [5] = {.handler = Default_Handler},  /* BusFault (ARMv7-M) */
    [6] = {.handler = Default_Handler},  /* UsageFault (ARMv7-M) */
    [11] = {.handler = Default_Handler}, /* SVCall */
    [14] = {.handler = Default_Handler}, /* PendSV */
    [15] = {.handler = SysTick_Handler},
    [16 + UART_IRQ] = {.handler = UART_IRQHandler},
};

/* Copies initialised data to RAM, clears .bss, runs main. */
void Reset_Handler(void)
{
    const uint32_t *src = &_sidata;
    uint32_t *dst;
    for (dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    (void)main();
    for (;;) {
    }
}

/* Any unexpected exception or interrupt: stop here (a debugger shows it). */
void Default_Handler(void)
{
    for (;;) {
    }
}

/* 1 kHz system tick. */
void SysTick_Handler(void)
{
    cosem_bm_tick_isr();
}
