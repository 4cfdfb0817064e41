/* SPDX-License-Identifier: Apache-2.0 */
/* Minimal RISC-V (RV32, machine mode) start-up for the bare-metal example
 * image: _start sets the stack and global pointers, copies .data, clears
 * .bss and runs main(); one trap handler dispatches the machine timer
 * interrupt to the tick and the external interrupt to the UART handler.
 * Symbols come from link.ld next to this file. A real port keeps its
 * vendor's start-up (CLINT/PLIC programming is board specific). */
#include <stdint.h>

#include "cosem_baremetal.h"

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;

int main(void);
void cosem_bm_reset(void);
void UART_IRQHandler(void);
void SysTick_Handler(void);
void cosem_bm_trap(void) __attribute__((interrupt("machine"), aligned(4)));

/* Entry point: stack and global pointer, then C. */
__asm__(".section .text.start\n"
        ".global _start\n"
        "_start:\n"
        ".option push\n"
        ".option norelax\n"
        "  la gp, __global_pointer$\n"
        ".option pop\n"
        "  la sp, _estack\n"
        "  j cosem_bm_reset\n");

/* Copies initialised data to RAM, clears .bss, installs the trap handler,
 * runs main. */
void cosem_bm_reset(void)
{
    const uint32_t *src = &_sidata;
    uint32_t *dst;
    for (dst = &_sdata; dst < &_edata;) {
        *dst++ = *src++;
    }
    for (dst = &_sbss; dst < &_ebss;) {
        *dst++ = 0;
    }
    __asm__ __volatile__(".option push\n.option arch, +zicsr\ncsrw mtvec, %0\n.option pop"
                         :
                         : "r"(&cosem_bm_trap));
    (void)main();
    for (;;) {
    }
}

/* 1 kHz machine timer (the board reloads mtimecmp). */
void SysTick_Handler(void)
{
    cosem_bm_tick_isr();
}

/* Machine-mode traps: timer and external interrupts; anything else stops. */
void cosem_bm_trap(void)
{
    uint32_t cause;
    __asm__ __volatile__(".option push\n.option arch, +zicsr\ncsrr %0, mcause\n.option pop"
                         : "=r"(cause));
    if (cause == 0x80000007u) {
        SysTick_Handler();
    } else if (cause == 0x8000000Bu) {
        UART_IRQHandler();
    } else {
        for (;;) {
        }
    }
}
