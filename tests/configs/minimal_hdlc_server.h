/* SPDX-License-Identifier: Apache-2.0 */
/* Configuration "minimal HDLC server": what a small meter on an optical port
 * or RS-485 needs; no client, no wrapper, no security, no host conveniences,
 * shallow nesting, the classes of a basic energy meter. */
#define COSEM_WITH_SERVER 1
#define COSEM_WITH_CLIENT 0
#define COSEM_WITH_HDLC 1
#define COSEM_WITH_WRAPPER 0
#define COSEM_WITH_SECURITY 0
#define COSEM_WITH_GBT 0
#define COSEM_WITH_MODE_E 0
#define COSEM_WITH_ACCESS 0
#define COSEM_WITH_SN 0
#define COSEM_WITH_FLOAT 0
#define COSEM_WITH_VALUE_TREE 0
#define COSEM_WITH_VALUE_PRINT 0
#define COSEM_WITH_OBIS_TEXT 0
#define COSEM_WITH_DATETIME_TEXT 0
#define COSEM_WITH_OBIS_NAMES 0
#define COSEM_WITH_STATUS_STR 0
#define COSEM_WITH_LIST_BLOCK_WRITE 0 /* SET/ACTION: normal forms only */
#define COSEM_WITH_GET_LIST 0 /* GET: normal and next (blocks) only */
#define COSEM_WITH_GET_ATTRIBUTE0 0 /* GET of attribute 0: read-write-denied */
#define COSEM_WITH_COMPACT_ARRAY 0 /* A-XDR input: no compact-arrays */
#define COSEM_WITH_LIBC_MEMMOVE 0 /* the library's own byte loops */
#define COSEM_AXDR_MAX_DEPTH 8

/* The RTC keeps local time (deviation and DST included); no clock methods. */
#define COSEM_CLOCK_PORT_LOCAL 1
#define COSEM_CLOCK_METHODS 0

/* Load profiles have const capture objects (no settable columns). */
#define COSEM_PROFILE_SETTABLE_COLUMNS 0

#define COSEM_CLASS_DATA 1
#define COSEM_CLASS_REGISTER 1
#define COSEM_CLASS_EXTENDED_REGISTER 0
#define COSEM_CLASS_DEMAND_REGISTER 0
#define COSEM_CLASS_PROFILE_GENERIC 1
#define COSEM_CLASS_CLOCK 1
#define COSEM_CLASS_SCRIPT_TABLE 0
#define COSEM_CLASS_SPECIAL_DAYS_TABLE 0
#define COSEM_CLASS_ASSOCIATION_LN 1
#define COSEM_CLASS_SAP_ASSIGNMENT 1
#define COSEM_CLASS_IMAGE_TRANSFER 0
#define COSEM_CLASS_ACTIVITY_CALENDAR 0
#define COSEM_CLASS_REGISTER_MONITOR 0
#define COSEM_CLASS_SINGLE_ACTION_SCHEDULE 0
#define COSEM_CLASS_IEC_HDLC_SETUP 1
#define COSEM_CLASS_PUSH_SETUP 0
#define COSEM_CLASS_TCP_UDP_SETUP 0
#define COSEM_CLASS_IPV4_SETUP 0
#define COSEM_CLASS_MAC_ADDRESS_SETUP 0
#define COSEM_CLASS_PPP_SETUP 0
#define COSEM_CLASS_GPRS_MODEM_SETUP 0
#define COSEM_CLASS_SMTP_SETUP 0
#define COSEM_CLASS_GSM_DIAGNOSTIC 0
#define COSEM_CLASS_IPV6_SETUP 0
#define COSEM_CLASS_NTP_SETUP 0
#define COSEM_CLASS_SECURITY_SETUP 0
#define COSEM_CLASS_PARAMETER_MONITOR 0
#define COSEM_CLASS_DISCONNECT_CONTROL 0
#define COSEM_CLASS_LIMITER 0
