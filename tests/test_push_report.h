/* SPDX-License-Identifier: Apache-2.0 */
/* The report hook of the push suites (test_push.c, test_push_posix.c):
 * counts reports and keeps the last result. Header-only: included once. */
#ifndef TEST_PUSH_REPORT_H
#define TEST_PUSH_REPORT_H

#include <cosem/push.h>

static int reports;
static cosem_status_t report_result;
static uint8_t report_attempts;

/* Report hook: counts, keeps result and attempts. */
static void hook_report(void *user, const cosem_object_t *obj, cosem_status_t result,
                        uint8_t attempts)
{
    (void)user;
    (void)obj;
    reports++;
    report_result = result;
    report_attempts = attempts;
}

#endif /* TEST_PUSH_REPORT_H */
