/* SPDX-License-Identifier: Apache-2.0 */
/* Status names and the library version string. */
#include <cosem/status.h>
#include <cosem/version.h>

#include "../config_check.h"

/* The linked library's version (may differ from the headers' one). */
const char *cosem_version(void)
{
    return COSEM_VERSION_STRING;
}

#if COSEM_WITH_STATUS_STR
/* Table indexed by -status; kept in the order of the enum. */
static const char *const status_names[] = {
    "ok",           "malformed input", "no space",      "would block",  "truncated input",
    "wrong type",   "nesting too deep", "out of range", "bad argument", "trailing bytes",
    "not specified", "unsupported",    "wrong state",   "not found",    "timeout",
    "closed",       "i/o error",       "denied",        "overflow",
};

/* Short English name of a status for logs and tools. */
const char *cosem_status_str(cosem_status_t status)
{
    int idx = -(int)status;
    if (idx < 0 || (unsigned)idx >= sizeof status_names / sizeof status_names[0]) {
        return "unknown status";
    }
    return status_names[idx];
}
#endif
