/* SPDX-License-Identifier: Apache-2.0 */
/* Rejects impossible configurations at compile time (internal header). */
#ifndef COSEM_CONFIG_CHECK_H
#define COSEM_CONFIG_CHECK_H

#include <cosem/config.h>

#if COSEM_AXDR_MAX_DEPTH < 1 || COSEM_AXDR_MAX_DEPTH > 255
#error "COSEM_AXDR_MAX_DEPTH must be 1..255"
#endif

#if COSEM_WITH_VALUE_PRINT && !COSEM_WITH_VALUE_TREE
#error "COSEM_WITH_VALUE_PRINT needs COSEM_WITH_VALUE_TREE"
#endif

#if COSEM_WITH_VALUE_PRINT && (!COSEM_WITH_DATETIME_TEXT || !COSEM_WITH_OBIS_TEXT)
#error "COSEM_WITH_VALUE_PRINT needs COSEM_WITH_DATETIME_TEXT and COSEM_WITH_OBIS_TEXT"
#endif

#if (COSEM_WITH_SERVER || COSEM_WITH_CLIENT) && !COSEM_WITH_HDLC && !COSEM_WITH_WRAPPER
#error "a server or client needs a link: enable COSEM_WITH_HDLC or COSEM_WITH_WRAPPER"
#endif

#if COSEM_WITH_SECURITY && !COSEM_WITH_SERVER && !COSEM_WITH_CLIENT
#error "COSEM_WITH_SECURITY needs COSEM_WITH_SERVER or COSEM_WITH_CLIENT"
#endif

#if COSEM_WITH_HLS_LEGACY && !COSEM_WITH_SECURITY
#error "COSEM_WITH_HLS_LEGACY needs COSEM_WITH_SECURITY"
#endif

#if COSEM_CLASS_ASSOCIATION_LN == 0 && COSEM_WITH_SERVER
#error "a server needs COSEM_CLASS_ASSOCIATION_LN (every logical device has one)"
#endif

#if (COSEM_CLASS_EXTENDED_REGISTER || COSEM_CLASS_DEMAND_REGISTER) && !COSEM_CLASS_REGISTER
#error "extended and demand registers need COSEM_CLASS_REGISTER (shared scaler/unit code)"
#endif

#if (COSEM_CLASS_LIMITER || COSEM_CLASS_ACTIVITY_CALENDAR || COSEM_CLASS_REGISTER_MONITOR || \
     COSEM_CLASS_SINGLE_ACTION_SCHEDULE) && !COSEM_CLASS_SCRIPT_TABLE && COSEM_WITH_SERVER
#error "limiter, activity calendar, register monitor and single action schedule run scripts: enable COSEM_CLASS_SCRIPT_TABLE"
#endif

#if (COSEM_CLASS_ACTIVITY_CALENDAR || COSEM_CLASS_SINGLE_ACTION_SCHEDULE) && !COSEM_CLASS_CLOCK && COSEM_WITH_SERVER
#error "activity calendar and single action schedule act on local time: enable COSEM_CLASS_CLOCK"
#endif

#if COSEM_CLASS_ACTIVITY_CALENDAR && !COSEM_CLASS_SPECIAL_DAYS_TABLE && COSEM_WITH_SERVER
#error "the activity calendar consults the special days table: enable COSEM_CLASS_SPECIAL_DAYS_TABLE"
#endif

#if COSEM_CLOCK_PORT_LOCAL && COSEM_CLOCK_METHODS
#error "COSEM_CLOCK_PORT_LOCAL needs COSEM_CLOCK_METHODS 0 (the adjust methods convert through UTC)"
#endif

#if COSEM_MAX_ACCESS_LEVELS < 1 || COSEM_MAX_ACCESS_LEVELS > 255
#error "COSEM_MAX_ACCESS_LEVELS must be 1..255"
#endif

#if COSEM_MAX_SECRET < 8 || COSEM_MAX_SECRET > 255
#error "COSEM_MAX_SECRET must be 8..255"
#endif
#if COSEM_MIN_SECRET > COSEM_MAX_SECRET
#error "COSEM_MIN_SECRET must not exceed COSEM_MAX_SECRET"
#endif

#endif /* COSEM_CONFIG_CHECK_H */
