/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file config.h
 * @brief Compile-time configuration: features, classes and sizes.
 *
 * @defgroup config Configuration
 * @brief Compile-time options of the library.
 *
 * A build selects what it pays for. Define `COSEM_USER_CONFIG_FILE` (for
 * example `-DCOSEM_USER_CONFIG_FILE='"my_cosem_config.h"'`, or the CMake cache
 * variable `COSEM_USER_CONFIG`) to a header that sets any of the options
 * below; everything it leaves out gets the default given here.
 *
 * Feature and class options are 0/1 values tested with `#if` (the build uses
 * `-Wundef`, so a misspelt option in the library is caught). No option
 * changes a public function signature: features drop out at file and table
 * granularity.
 * @{
 */
#ifndef COSEM_CONFIG_H
#define COSEM_CONFIG_H

#ifdef COSEM_USER_CONFIG_FILE
#include COSEM_USER_CONFIG_FILE
#endif

/* ---- Roles and layers ---------------------------------------------- */

#ifndef COSEM_WITH_SERVER
/** @brief Build the server (meter) side. */
#define COSEM_WITH_SERVER 1
#endif

#ifndef COSEM_WITH_CLIENT
/** @brief Build the client (head-end) side. */
#define COSEM_WITH_CLIENT 1
#endif

#ifndef COSEM_WITH_HDLC
/** @brief Build the HDLC data link layer (IEC 62056-46). */
#define COSEM_WITH_HDLC 1
#endif

#ifndef COSEM_WITH_WRAPPER
/** @brief Build the wrapper transport (IEC 62056-47, TCP/UDP). */
#define COSEM_WITH_WRAPPER 1
#endif

#ifndef COSEM_WITH_MODE_E
/** @brief Build the IEC 62056-21 mode E opening (sign-on, identification,
 *  baud-rate switch into HDLC; mode_e.h). Follows COSEM_WITH_HDLC. */
#define COSEM_WITH_MODE_E COSEM_WITH_HDLC
#endif

#ifndef COSEM_WITH_GBT
/** @brief Build the general-block-transfer APDU codec (0xE0). */
#define COSEM_WITH_GBT 1
#endif

#ifndef COSEM_WITH_SN
/** @brief Build the short-name referencing APDU codecs (read, write,
 *  unconfirmed write, information report; sn.h). */
#define COSEM_WITH_SN 1
#endif

#ifndef COSEM_WITH_ACCESS
/** @brief Serve the ACCESS service (access-request of get/set/action items
 *  with a list of data, conformance bit 17). */
#define COSEM_WITH_ACCESS 1
#endif

#ifndef COSEM_WITH_SECURITY
/** @brief Build ciphering and HLS authentication. */
#define COSEM_WITH_SECURITY 1
#endif

#ifndef COSEM_WITH_HLS_LEGACY
/** @brief Build MD5 and SHA-1 for the legacy HLS mechanisms 3 and 4 (old
 *  meters); off by default: neither hash is secure. Needs ::COSEM_WITH_SECURITY. */
#define COSEM_WITH_HLS_LEGACY 0
#endif

/* ---- Codec conveniences -------------------------------------------- */

#ifndef COSEM_WITH_FLOAT
/** @brief Convert float32/float64 values to and from C `float`/`double`.
 *  Without it the codec still carries them as raw big-endian bytes. */
#define COSEM_WITH_FLOAT 1
#endif

#ifndef COSEM_WITH_VALUE_TREE
/** @brief Build the bounded value-tree decoder (clients, tools). */
#define COSEM_WITH_VALUE_TREE 1
#endif

#ifndef COSEM_WITH_COMPACT_ARRAY
/** @brief Parse compact-arrays (type 19) in A-XDR input:
 *  cosem_axdr_parse_next(), cosem_axdr_skip() and the value tree. 0: left
 *  out; a compact-array in a value read is refused with ::COSEM_E_UNSUPPORTED
 *  (a server answers a SET or ACTION carrying one as it answers other data it
 *  cannot take). Writing them (cosem_axdr_write_compact_begin()) is not
 *  affected. */
#define COSEM_WITH_COMPACT_ARRAY 1
#endif

#ifndef COSEM_WITH_LIBC_MEMMOVE
/** @brief Move and compare octets with the C library's memmove() and
 *  memcmp(). 0: the library's own byte loops instead (about 60 octets of
 *  Cortex-M code where newlib's optimised routines take 350); the library's
 *  moves are of a PDU at most, mostly a few octets. memcpy() and memset()
 *  always come from the C library (the compiler calls them anyway). */
#define COSEM_WITH_LIBC_MEMMOVE 1
#endif

#ifndef COSEM_WITH_VALUE_PRINT
/** @brief Build the text and JSON printer of value trees. */
#define COSEM_WITH_VALUE_PRINT 1
#endif

#ifndef COSEM_WITH_OBIS_TEXT
/** @brief Build OBIS text parsing and formatting. */
#define COSEM_WITH_OBIS_TEXT 1
#endif

#ifndef COSEM_WITH_DATETIME_TEXT
/** @brief Build date-time text formatting and parsing (tools, printer). */
#define COSEM_WITH_DATETIME_TEXT 1
#endif

#ifndef COSEM_WITH_OBIS_NAMES
/** @brief Build the table of well-known OBIS names. */
#define COSEM_WITH_OBIS_NAMES 1
#endif

#ifndef COSEM_WITH_STATUS_STR
/** @brief Build cosem_status_str(). */
#define COSEM_WITH_STATUS_STR 1
#endif

/* ---- Sizes --------------------------------------------------------- */

#ifndef COSEM_AXDR_MAX_DEPTH
/** @brief Deepest nesting of arrays/structures the A-XDR reader accepts
 *  (1..255). Nesting is attacker controlled; the walkers keep an explicit
 *  stack of this many entries instead of recursing. */
#define COSEM_AXDR_MAX_DEPTH 16
#endif

#ifndef COSEM_MAX_ACCESS_LEVELS
/** @brief Access levels of the server (entries of each object's access
 *  table; an association configuration picks one). */
#define COSEM_MAX_ACCESS_LEVELS 4
#endif

#ifndef COSEM_SEC_IC_RESERVE
/** @brief Transmit invocation counter values reserved in non-volatile
 *  memory per nv_store (1..2^31): fewer writes to flash against as many
 *  values skipped after a power cut. */
#define COSEM_SEC_IC_RESERVE 256u
#endif

#ifndef COSEM_MAX_SECRET
/** @brief Longest secret (LLS password, HLS key) in octets (8..255). */
#define COSEM_MAX_SECRET 32
#endif

#ifndef COSEM_MIN_SECRET
/** @brief Shortest secret a client may SET (Association LN attribute 7,
 *  change_HLS_secret): shorter ones are refused (other-reason). */
#define COSEM_MIN_SECRET 8
#endif

#ifndef COSEM_AUTH_THROTTLE_SLOTS
/** @brief Failed-authentication counters of a server, one per association
 *  configuration (configurations beyond share the last, which only throttles
 *  them more). */
#define COSEM_AUTH_THROTTLE_SLOTS 4
#endif

#ifndef COSEM_WITH_LIST_BLOCK_WRITE
/** @brief Server: SET and ACTION with-list and in blocks (datablocks,
 *  pblocks both ways). 0: only their normal forms; the others are answered
 *  with an exception-response (service not supported), and ACTION return
 *  data must fit one APDU; cosem_set_request_decode() and
 *  cosem_action_request_decode() then decode the normal form only. */
#define COSEM_WITH_LIST_BLOCK_WRITE 1
#endif

#ifndef COSEM_WITH_GET_LIST
/** @brief Server: GET with-list (get-request-with-list, conformance
 *  multiple-references). 0: left out; a get-request-with-list is answered
 *  with an exception-response (service not allowed, service not
 *  supported), as a meter that does not offer multiple-references answers
 *  it, and cosem_get_request_decode() does not decode it. */
#define COSEM_WITH_GET_LIST 1
#endif

#ifndef COSEM_WITH_GET_ATTRIBUTE0
/** @brief Server: GET of attribute 0 (every attribute of an object in one
 *  structure, conformance attribute0-supported-with-get). 0: left out; a
 *  GET of attribute 0 is answered read-write-denied, as when the
 *  association does not offer it. */
#define COSEM_WITH_GET_ATTRIBUTE0 1
#endif

/* ---- Class options ------------------------------------------------- */

#ifndef COSEM_CLOCK_METHODS
/** @brief Clock methods 1..6 (adjust_to_quarter ... shift_time). 0: left
 *  out; the Clock answers every method read-write-denied. */
#define COSEM_CLOCK_METHODS 1
#endif

#ifndef COSEM_CLOCK_PORT_LOCAL
/** @brief 1: the port keeps the meter's local time: port time_get gives it
 *  with its deviation and DST status, time_set takes it, and the Clock
 *  converts nothing (no time zone or DST arithmetic; attributes 3 and 5..8
 *  are stored for clients, the port applies them). 0: the Clock computes
 *  local time from the port's instant, its time zone and DST rules.
 *  1 needs COSEM_CLOCK_METHODS 0. */
#define COSEM_CLOCK_PORT_LOCAL 0
#endif

#ifndef COSEM_PROFILE_SETTABLE_COLUMNS
/** @brief Profile generic: capture objects a client can set
 *  (::cosem_profile_t::columns_rw). 0: left out; every profile has a const
 *  column table (cosem_server_init() refuses a description with
 *  @c columns_rw), and a SET of capture_objects is answered
 *  read-write-denied, as for a const table. */
#define COSEM_PROFILE_SETTABLE_COLUMNS 1
#endif

/* ---- Interface classes --------------------------------------------- */

#ifndef COSEM_CLASS_DATA
/** @brief Interface class 1, Data. */
#define COSEM_CLASS_DATA 1
#endif
#ifndef COSEM_CLASS_REGISTER
/** @brief Interface class 3, Register. */
#define COSEM_CLASS_REGISTER 1
#endif
#ifndef COSEM_CLASS_EXTENDED_REGISTER
/** @brief Interface class 4, Extended register. */
#define COSEM_CLASS_EXTENDED_REGISTER 1
#endif
#ifndef COSEM_CLASS_DEMAND_REGISTER
/** @brief Interface class 5, Demand register. */
#define COSEM_CLASS_DEMAND_REGISTER 1
#endif
#ifndef COSEM_CLASS_PROFILE_GENERIC
/** @brief Interface class 7, Profile generic. */
#define COSEM_CLASS_PROFILE_GENERIC 1
#endif
#ifndef COSEM_CLASS_CLOCK
/** @brief Interface class 8, Clock. */
#define COSEM_CLASS_CLOCK 1
#endif
#ifndef COSEM_CLASS_SCRIPT_TABLE
/** @brief Interface class 9, Script table. */
#define COSEM_CLASS_SCRIPT_TABLE 1
#endif
#ifndef COSEM_CLASS_SPECIAL_DAYS_TABLE
/** @brief Interface class 11, Special days table. */
#define COSEM_CLASS_SPECIAL_DAYS_TABLE 1
#endif
#ifndef COSEM_CLASS_ASSOCIATION_LN
/** @brief Interface class 15, Association LN. */
#define COSEM_CLASS_ASSOCIATION_LN 1
#endif
#ifndef COSEM_CLASS_SAP_ASSIGNMENT
/** @brief Interface class 17, SAP assignment. */
#define COSEM_CLASS_SAP_ASSIGNMENT 1
#endif
#ifndef COSEM_CLASS_IMAGE_TRANSFER
/** @brief Interface class 18, Image transfer. */
#define COSEM_CLASS_IMAGE_TRANSFER 1
#endif
#ifndef COSEM_CLASS_ACTIVITY_CALENDAR
/** @brief Interface class 20, Activity calendar. */
#define COSEM_CLASS_ACTIVITY_CALENDAR 1
#endif
#ifndef COSEM_CLASS_REGISTER_MONITOR
/** @brief Interface class 21, Register monitor. */
#define COSEM_CLASS_REGISTER_MONITOR 1
#endif
#ifndef COSEM_CLASS_SINGLE_ACTION_SCHEDULE
/** @brief Interface class 22, Single action schedule. */
#define COSEM_CLASS_SINGLE_ACTION_SCHEDULE 1
#endif
#ifndef COSEM_CLASS_IEC_HDLC_SETUP
/** @brief Interface class 23, IEC HDLC setup. */
#define COSEM_CLASS_IEC_HDLC_SETUP 1
#endif
#ifndef COSEM_CLASS_PUSH_SETUP
/** @brief Interface class 40, Push setup. */
#define COSEM_CLASS_PUSH_SETUP 1
#endif
#ifndef COSEM_CLASS_TCP_UDP_SETUP
/** @brief Interface class 41, TCP-UDP setup. */
#define COSEM_CLASS_TCP_UDP_SETUP 1
#endif
#ifndef COSEM_CLASS_IPV4_SETUP
/** @brief Interface class 42, IPv4 setup. */
#define COSEM_CLASS_IPV4_SETUP 1
#endif
#ifndef COSEM_CLASS_MAC_ADDRESS_SETUP
/** @brief Interface class 43, MAC address setup. */
#define COSEM_CLASS_MAC_ADDRESS_SETUP 1
#endif
#ifndef COSEM_CLASS_PPP_SETUP
/** @brief Interface class 44, PPP setup. */
#define COSEM_CLASS_PPP_SETUP 1
#endif
#ifndef COSEM_CLASS_GPRS_MODEM_SETUP
/** @brief Interface class 45, GPRS modem setup. */
#define COSEM_CLASS_GPRS_MODEM_SETUP 1
#endif
#ifndef COSEM_CLASS_SMTP_SETUP
/** @brief Interface class 46, SMTP setup. */
#define COSEM_CLASS_SMTP_SETUP 1
#endif
#ifndef COSEM_CLASS_GSM_DIAGNOSTIC
/** @brief Interface class 47, GSM diagnostic. */
#define COSEM_CLASS_GSM_DIAGNOSTIC 1
#endif
#ifndef COSEM_CLASS_IPV6_SETUP
/** @brief Interface class 48, IPv6 setup. */
#define COSEM_CLASS_IPV6_SETUP 1
#endif
#ifndef COSEM_CLASS_NTP_SETUP
/** @brief Interface class 100, NTP setup. */
#define COSEM_CLASS_NTP_SETUP 1
#endif
#ifndef COSEM_CLASS_SECURITY_SETUP
/** @brief Interface class 64, Security setup. */
#define COSEM_CLASS_SECURITY_SETUP 1
#endif
#ifndef COSEM_CLASS_PARAMETER_MONITOR
/** @brief Interface class 65, Parameter monitor. */
#define COSEM_CLASS_PARAMETER_MONITOR 1
#endif
#ifndef COSEM_CLASS_DISCONNECT_CONTROL
/** @brief Interface class 70, Disconnect control. */
#define COSEM_CLASS_DISCONNECT_CONTROL 1
#endif
#ifndef COSEM_CLASS_LIMITER
/** @brief Interface class 71, Limiter. */
#define COSEM_CLASS_LIMITER 1
#endif

/** @} */
#endif /* COSEM_CONFIG_H */
