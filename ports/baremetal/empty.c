/* SPDX-License-Identifier: Apache-2.0 */
/* Baseline image for ports/baremetal/build.sh: the same start-up, port and
 * link as the meter image, a main that does nothing. The meter image minus
 * this one is the library's share of the flash (what the DLMS stack and
 * its object table add to a firmware). */
#include "cosem_baremetal.h"

void UART_IRQHandler(void);

/* Nothing to serve. */
void UART_IRQHandler(void)
{
}

/* Idles for ever. */
int main(void)
{
    for (;;) {
    }
}
