/* SPDX-License-Identifier: Apache-2.0 */
/* Configuration "all": every feature and class (the defaults, spelled out). */
#define COSEM_WITH_SERVER 1
#define COSEM_WITH_CLIENT 1
#define COSEM_WITH_HDLC 1
#define COSEM_WITH_WRAPPER 1
#define COSEM_WITH_SECURITY 1
#define COSEM_WITH_HLS_LEGACY 1
#define COSEM_WITH_VALUE_TREE 1
#define COSEM_WITH_VALUE_PRINT 1
#define COSEM_WITH_OBIS_TEXT 1
#define COSEM_WITH_DATETIME_TEXT 1
#define COSEM_WITH_OBIS_NAMES 1
#define COSEM_WITH_STATUS_STR 1
