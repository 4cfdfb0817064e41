/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: readable names of protocol numbers (units, interface classes,
 * results, APDU tags) after the DLMS UA Blue Book (DLMS UA 1000-1) and Green
 * Book (DLMS UA 1000-2), and the usual class of an OBIS code. */
#include <stdio.h>

#include "cli.h"

/* A number and its name. */
typedef struct named {
    unsigned v;
    const char *name;
} named_t;

/* Looks v up in a table of n entries; NULL when absent. */
static const char *lookup(const named_t *t, size_t n, unsigned v)
{
    size_t k;
    for (k = 0; k < n; k++) {
        if (t[k].v == v) {
            return t[k].name;
        }
    }
    return NULL;
}

#define LOOKUP(t, v) lookup((t), sizeof(t) / sizeof((t)[0]), (v))

/* Units of the scaler_unit enum (Blue Book 4.3.2, "Units"). */
static const named_t units[] = {
    {1, "a"},      {2, "mo"},     {3, "wk"},      {4, "d"},       {5, "h"},
    {6, "min"},    {7, "s"},      {8, "deg"},     {9, "degC"},    {10, "currency"},
    {11, "m"},     {12, "m/s"},   {13, "m3"},     {14, "m3"},     {15, "m3/h"},
    {16, "m3/h"},  {17, "m3/d"},  {18, "m3/d"},   {19, "l"},      {20, "kg"},
    {21, "N"},     {22, "Nm"},    {23, "Pa"},     {24, "bar"},    {25, "J"},
    {26, "J/h"},   {27, "W"},     {28, "VA"},     {29, "var"},    {30, "Wh"},
    {31, "VAh"},   {32, "varh"},  {33, "A"},      {34, "C"},      {35, "V"},
    {36, "V/m"},   {37, "F"},     {38, "Ohm"},    {39, "Ohm m2/m"}, {40, "Wb"},
    {41, "T"},     {42, "A/m"},   {43, "H"},      {44, "Hz"},     {45, "1/(Wh)"},
    {46, "1/(varh)"}, {47, "1/(VAh)"}, {48, "V2h"}, {49, "A2h"},  {50, "kg/s"},
    {51, "S"},     {52, "K"},     {53, "1/(V2h)"}, {54, "1/(A2h)"}, {55, "1/m3"},
    {56, "%"},     {57, "Ah"},    {60, "Wh/m3"},  {61, "J/m3"},   {62, "Mol %"},
    {63, "g/m3"},  {64, "Pa s"},  {65, "J/kg"},   {66, "g/cm2"},  {67, "atm"},
    {70, "dBm"},   {71, "dBuV"},  {72, "dB"},     {254, "other"}, {255, "count"},
};

/* See cli.h. */
const char *cli_unit_symbol(unsigned unit)
{
    return LOOKUP(units, unit);
}

/* Interface classes (Blue Book 4.1). */
static const named_t classes[] = {
    {1, "Data"},                 {3, "Register"},               {4, "Extended register"},
    {5, "Demand register"},      {6, "Register activation"},    {7, "Profile generic"},
    {8, "Clock"},                {9, "Script table"},           {10, "Schedule"},
    {11, "Special days table"},  {12, "Association SN"},        {15, "Association LN"},
    {17, "SAP assignment"},      {18, "Image transfer"},        {19, "IEC local port setup"},
    {20, "Activity calendar"},   {21, "Register monitor"},      {22, "Single action schedule"},
    {23, "IEC HDLC setup"},      {24, "IEC twisted pair setup"}, {25, "M-Bus port setup"},
    {26, "Utility tables"},      {27, "Modem configuration"},   {28, "Auto answer"},
    {29, "Auto connect"},        {30, "Data protection"},       {40, "Push setup"},
    {41, "TCP-UDP setup"},       {42, "IPv4 setup"},            {43, "MAC address setup"},
    {44, "PPP setup"},           {45, "GPRS modem setup"},      {46, "SMTP setup"},
    {47, "GSM diagnostic"},      {48, "IPv6 setup"},            {61, "Register table"},
    {62, "Compact data"},        {63, "Status mapping"},        {64, "Security setup"},
    {65, "Parameter monitor"},   {67, "Sensor manager"},        {68, "Arbitrator"},
    {70, "Disconnect control"},  {71, "Limiter"},               {72, "M-Bus client"},
    {74, "M-Bus master port setup"}, {111, "Account"},          {112, "Credit"},
    {113, "Charge"},             {115, "Token gateway"},        {122, "Function control"},
    {123, "Array manager"},      {124, "Communication port protection"},
};

/* See cli.h. */
const char *cli_class_name(unsigned class_id)
{
    return LOOKUP(classes, class_id);
}

/* Data-Access-Result (Green Book, xDLMS). */
static const named_t dars[] = {
    {0, "success"},
    {1, "hardware-fault"},
    {2, "temporary-failure"},
    {3, "read-write-denied"},
    {4, "object-undefined"},
    {9, "object-class-inconsistent"},
    {11, "object-unavailable"},
    {12, "type-unmatched"},
    {13, "scope-of-access-violated"},
    {14, "data-block-unavailable"},
    {15, "long-get-aborted"},
    {16, "no-long-get-in-progress"},
    {17, "long-set-aborted"},
    {18, "no-long-set-in-progress"},
    {19, "data-block-number-invalid"},
    {250, "other-reason"},
};

/* See cli.h. */
const char *cli_dar_name(unsigned dar)
{
    const char *s = LOOKUP(dars, dar);
    return s != NULL ? s : "unknown result";
}

/* APDU tags (Green Book, COSEMpdu). */
static const named_t apdus[] = {
    {0x01, "initiate-request"},
    {0x08, "initiate-response"},
    {0x0E, "confirmed-service-error"},
    {0x0F, "data-notification"},
    {0x21, "glo-initiate-request"},
    {0x28, "glo-initiate-response"},
    {0x60, "aarq"},
    {0x61, "aare"},
    {0x62, "rlrq"},
    {0x63, "rlre"},
    {0xC0, "get-request"},
    {0xC1, "set-request"},
    {0xC2, "event-notification-request"},
    {0xC3, "action-request"},
    {0xC4, "get-response"},
    {0xC5, "set-response"},
    {0xC7, "action-response"},
    {0xC8, "glo-get-request"},
    {0xC9, "glo-set-request"},
    {0xCA, "glo-event-notification-request"},
    {0xCB, "glo-action-request"},
    {0xCC, "glo-get-response"},
    {0xCD, "glo-set-response"},
    {0xCF, "glo-action-response"},
    {0xD0, "ded-get-request"},
    {0xD1, "ded-set-request"},
    {0xD2, "ded-event-notification-request"},
    {0xD3, "ded-action-request"},
    {0xD4, "ded-get-response"},
    {0xD5, "ded-set-response"},
    {0xD7, "ded-action-response"},
    {0xD8, "exception-response"},
    {0xDB, "general-glo-ciphering"},
    {0xDC, "general-ded-ciphering"},
    {0xDD, "general-ciphering"},
    {0xDF, "general-signing"},
    {0xD9, "access-request"},
    {0xDA, "access-response"},
    {0xE0, "general-block-transfer"},
};

/* See cli.h. */
const char *cli_apdu_name(unsigned tag)
{
    return LOOKUP(apdus, tag);
}

/* See cli.h. */
const char *cli_assoc_result_name(unsigned r)
{
    static const named_t t[] = {
        {0, "accepted"}, {1, "rejected-permanent"}, {2, "rejected-transient"}};
    const char *s = LOOKUP(t, r);
    return s != NULL ? s : "unknown";
}

/* See cli.h. */
const char *cli_diag_name(unsigned source, unsigned diag)
{
    static const named_t user[] = {
        {0, "null"},
        {1, "no-reason-given"},
        {2, "application-context-name-not-supported"},
        {3, "calling-AP-title-not-recognized"},
        {4, "calling-AP-invocation-identifier-not-recognized"},
        {5, "calling-AE-qualifier-not-recognized"},
        {6, "calling-AE-invocation-identifier-not-recognized"},
        {7, "called-AP-title-not-recognized"},
        {8, "called-AP-invocation-identifier-not-recognized"},
        {9, "called-AE-qualifier-not-recognized"},
        {10, "called-AE-invocation-identifier-not-recognized"},
        {11, "authentication-mechanism-name-not-recognised"},
        {12, "authentication-mechanism-name-required"},
        {13, "authentication-failure"},
        {14, "authentication-required"},
    };
    static const named_t provider[] = {
        {0, "null"}, {1, "no-reason-given"}, {2, "no-common-acse-version"}};
    const char *s = source == 1 ? LOOKUP(user, diag) : LOOKUP(provider, diag);
    return s != NULL ? s : "unknown";
}

/* See cli.h. */
const char *cli_mechanism_name(unsigned m)
{
    static const named_t t[] = {
        {0, "none"},     {1, "low (LLS)"},     {2, "high (HLS)"},      {3, "high MD5"},
        {4, "high SHA1"}, {5, "high GMAC"},    {6, "high SHA256"},     {7, "high ECDSA"}};
    const char *s = LOOKUP(t, m);
    return s != NULL ? s : "unknown";
}

/* See cli.h. */
const char *cli_context_name(unsigned c)
{
    static const named_t t[] = {{1, "LN"}, {2, "SN"}, {3, "LN ciphered"}, {4, "SN ciphered"}};
    const char *s = LOOKUP(t, c);
    return s != NULL ? s : "unknown";
}

/* See cli.h. */
const char *cli_state_error_name(unsigned e)
{
    static const named_t t[] = {{1, "service-not-allowed"}, {2, "service-unknown"}};
    const char *s = LOOKUP(t, e);
    return s != NULL ? s : "unknown";
}

/* See cli.h. */
const char *cli_service_error_name(unsigned e)
{
    static const named_t t[] = {
        {1, "operation-not-possible"}, {2, "service-not-supported"}, {3, "other-reason"},
        {4, "pdu-too-long"},           {5, "deciphering-error"},
        {6, "invocation-counter-error"}};
    const char *s = LOOKUP(t, e);
    return s != NULL ? s : "unknown";
}

/* See cli.h: conformance block bits, numbered as the Green Book does. */
const char *cli_conformance_bit_name(unsigned bit)
{
    static const char *const t[24] = {
        "reserved-zero", "general-protection", "general-block-transfer", "read", "write",
        "unconfirmed-write", "delta-value-encoding", "reserved-seven",
        "attribute0-supported-with-set", "priority-mgmt-supported",
        "attribute0-supported-with-get", "block-transfer-with-get-or-read",
        "block-transfer-with-set-or-write", "block-transfer-with-action", "multiple-references",
        "information-report", "data-notification", "access", "parameterized-access", "get", "set",
        "selective-access", "event-notification", "action"};
    return bit < 24 ? t[bit] : "unknown";
}

/* Class guesses for abstract objects (A = 0): value groups C and D (D 255:
 * any), class. First match wins. */
static const struct {
    uint8_t c, d;
    uint16_t class_id;
} abstract_guess[] = {
    {1, 0, 8},    {40, 0, 15},  {41, 0, 17},  {42, 0, 1},   {43, 0, 64},  {43, 1, 1},
    {10, 255, 9}, {11, 0, 11},  {12, 0, 10},  {13, 0, 20},  {14, 0, 6},   {15, 0, 22},
    {16, 255, 21}, {17, 0, 71}, {20, 0, 19},  {21, 0, 7},   {22, 0, 23},  {23, 0, 24},
    {24, 1, 72},  {25, 0, 41},  {25, 1, 42},  {25, 2, 43},  {25, 3, 44},  {25, 4, 45},
    {25, 5, 46},  {25, 6, 47},  {25, 7, 48},  {25, 9, 40},  {44, 0, 18},  {96, 3, 70},
    {99, 255, 7}, {98, 255, 7}, {0, 255, 1},  {94, 255, 1}, {96, 255, 1}, {97, 255, 1},
};

/* See cli.h. The usual class of well-known objects (Blue Book 6, the OBIS
 * list); the object list of the association is the authority. */
unsigned cli_guess_class(const cosem_obis_t *o)
{
    uint8_t a = o->v[0], c = o->v[2], d = o->v[3];
    size_t k;
    if (a == 0) {
        for (k = 0; k < sizeof abstract_guess / sizeof abstract_guess[0]; k++) {
            uint8_t gd = abstract_guess[k].d;
            if (abstract_guess[k].c == c && (gd == 255 || gd == d)) {
                if (c == 96 && d == 3 && o->v[4] != 10) {
                    return 1;
                }
                return abstract_guess[k].class_id;
            }
        }
        return 0;
    }
    if (c == 99 || c == 98) {
        return 7;
    }
    if (c == 0 || c == 96 || c == 97) {
        return 1;
    }
    if (c >= 1 && c <= 200) {
        if (d == 4 || d == 5 || d == 14 || d == 15 || d == 24 || d == 25) {
            return 5;
        }
        if (d == 6 || d == 16 || d == 26) {
            return 4;
        }
        return 3;
    }
    return 0;
}

/* See cli.h. */
const char *cli_obis_text(const uint8_t obis[6], char *buf)
{
    cosem_obis_t o;
    size_t k;
    for (k = 0; k < 6; k++) {
        o.v[k] = obis[k];
    }
    if (cosem_obis_format(&o, COSEM_OBIS_STYLE_DOTTED, buf, COSEM_OBIS_TEXT_MAX) == 0) {
        buf[0] = '\0';
    }
    return buf;
}

/* Attribute and method names of the classes a head-end meets most (Blue
 * Book 4.x): class, then attribute 1.., then NULL, then methods 1... */
typedef struct class_members {
    uint16_t class_id;
    const char *const *attrs;
    const char *const *methods;
} class_members_t;

static const char *const a_data[] = {"logical_name", "value", NULL};
static const char *const a_register[] = {"logical_name", "value", "scaler_unit", NULL};
static const char *const m_register[] = {"reset", NULL};
static const char *const a_ext_register[] = {"logical_name", "value", "scaler_unit", "status",
                                             "capture_time", NULL};
static const char *const a_demand[] = {
    "logical_name", "current_average_value", "last_average_value", "scaler_unit", "status",
    "capture_time", "start_time_current", "period", "number_of_periods", NULL};
static const char *const m_demand[] = {"reset", "next_period", NULL};
static const char *const a_profile[] = {"logical_name", "buffer", "capture_objects",
                                        "capture_period", "sort_method", "sort_object",
                                        "entries_in_use", "profile_entries", NULL};
static const char *const m_profile[] = {"reset", "capture", NULL};
static const char *const a_clock[] = {
    "logical_name", "time", "time_zone", "status", "daylight_savings_begin",
    "daylight_savings_end", "daylight_savings_deviation", "daylight_savings_enabled",
    "clock_base", NULL};
static const char *const m_clock[] = {"adjust_to_quarter", "adjust_to_measuring_period",
                                      "adjust_to_minute", "adjust_to_preset_time",
                                      "preset_adjusting_time", "shift_time", NULL};
static const char *const a_script[] = {"logical_name", "scripts", NULL};
static const char *const m_script[] = {"execute", NULL};
static const char *const a_assoc_ln[] = {
    "logical_name", "object_list", "associated_partners_id", "application_context_name",
    "xDLMS_context_info", "authentication_mechanism_name", "secret", "association_status",
    "security_setup_reference", "user_list", "current_user", NULL};
static const char *const m_assoc_ln[] = {"reply_to_HLS_authentication", "change_HLS_secret",
                                         "add_object", "remove_object", "add_user",
                                         "remove_user", NULL};
static const char *const a_sap[] = {"logical_name", "SAP_assignment_list", NULL};
static const char *const m_sap[] = {"connect_logical_device", NULL};
static const char *const a_hdlc[] = {
    "logical_name", "comm_speed", "window_size_transmit", "window_size_receive",
    "max_info_field_length_transmit", "max_info_field_length_receive", "inter_octet_time_out",
    "inactivity_time_out", "device_address", NULL};
static const char *const a_disconnect[] = {"logical_name", "output_state", "control_state",
                                           "control_mode", NULL};
static const char *const m_disconnect[] = {"remote_disconnect", "remote_reconnect", NULL};
static const char *const a_tcp_udp[] = {"logical_name", "port", "IP_reference", "MSS",
                                        "nb_of_sim_conn", "inactivity_time_out", NULL};
static const char *const none[] = {NULL};

static const class_members_t members[] = {
    {1, a_data, none},
    {3, a_register, m_register},
    {4, a_ext_register, m_register},
    {5, a_demand, m_demand},
    {7, a_profile, m_profile},
    {8, a_clock, m_clock},
    {9, a_script, m_script},
    {15, a_assoc_ln, m_assoc_ln},
    {17, a_sap, m_sap},
    {23, a_hdlc, none},
    {41, a_tcp_udp, none},
    {70, a_disconnect, m_disconnect},
};

/* The id-th (1-based) entry of a NULL-terminated list, or NULL. */
static const char *nth(const char *const *list, unsigned id)
{
    unsigned k;
    if (id == 0) {
        return NULL;
    }
    for (k = 0; list[k] != NULL; k++) {
        if (k + 1 == id) {
            return list[k];
        }
    }
    return NULL;
}

/* See cli.h. */
const char *cli_attr_name(unsigned class_id, unsigned id)
{
    size_t k;
    if (id == 1) {
        return "logical_name";
    }
    for (k = 0; k < sizeof members / sizeof members[0]; k++) {
        if (members[k].class_id == class_id) {
            return nth(members[k].attrs, id);
        }
    }
    return NULL;
}

/* See cli.h. */
const char *cli_method_name(unsigned class_id, unsigned id)
{
    size_t k;
    for (k = 0; k < sizeof members / sizeof members[0]; k++) {
        if (members[k].class_id == class_id) {
            return nth(members[k].methods, id);
        }
    }
    return NULL;
}
