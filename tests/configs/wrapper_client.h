/* SPDX-License-Identifier: Apache-2.0 */
/* Configuration "wrapper client": a head-end reading meters over TCP/UDP;
 * no server, no HDLC, all decoding conveniences. */
#define COSEM_WITH_SERVER 0
#define COSEM_WITH_CLIENT 1
#define COSEM_WITH_HDLC 0
#define COSEM_WITH_WRAPPER 1
#define COSEM_WITH_SECURITY 1
#define COSEM_WITH_VALUE_TREE 1
#define COSEM_WITH_VALUE_PRINT 1
#define COSEM_WITH_OBIS_TEXT 1
#define COSEM_WITH_OBIS_NAMES 1
#define COSEM_WITH_STATUS_STR 1
