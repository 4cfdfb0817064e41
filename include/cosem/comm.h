/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file comm.h
 * @brief Communication setup and network-service classes: IEC HDLC setup
 *        (23), TCP-UDP setup (41), IPv4 setup (42), MAC address setup (43),
 *        PPP setup (44), GPRS modem setup (45), SMTP setup (46), GSM
 *        diagnostic (47), IPv6 setup (48), NTP setup (100).
 *
 * @defgroup comm Communication classes
 * @brief How a meter exposes its links and network services as objects.
 *
 * The library does no networking on bare metal: every value lives in the
 * application's variables, which the instance descriptions below point at
 * (the application owns the truth and applies it to its modem, stack or
 * UART). A SET is checked whole (type, length, range) before anything is
 * written; then the variables change and, when the description has one,
 * the @c changed hook is called with the attribute id so the application
 * can act on it. Methods that need the outside world (NTP synchronize)
 * call the application.
 *
 * Results of a bad SET or method parameter: a value of another Data type or
 * a string longer than its buffer is ::COSEM_DAR_TYPE_UNMATCHED; a value of
 * the right type outside the range the Blue Book gives (a window of 8, a
 * subnet mask with holes, a multicast address as a station address) is
 * ::COSEM_DAR_OTHER_REASON. Either way nothing changes.
 *
 * Write-only secrets (PPP and SMTP passwords, the GPRS PIN, NTP keys) are
 * never sent: their attributes are not readable (a GET is
 * ::COSEM_DAR_READ_WRITE_DENIED), or, inside a structure that is readable,
 * they are sent as an empty octet-string.
 *
 * Each class needs `COSEM_WITH_SERVER` and its `COSEM_CLASS_<X>` option.
 * @{
 */
#ifndef COSEM_COMM_H
#define COSEM_COMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/datetime.h>
#include <cosem/hdlc.h>
#include <cosem/object.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Called after a SET (with the attribute id) or a method (with the
 *        method id negated) changed the application's variables.
 * @param obj The object (its @c user is the application's pointer).
 * @param id  Attribute id, or -(method id).
 */
typedef void (*cosem_comm_changed_fn)(const cosem_object_t *obj, int8_t id);

/** @brief A string attribute kept in the application's buffer. */
typedef struct cosem_comm_string {
    uint8_t *buf;   /**< The octets. */
    uint16_t *len;  /**< Current length (required). */
    uint16_t cap;   /**< Capacity of @c buf: a longer SET is type-unmatched. */
} cosem_comm_string_t;

/* ===================================================================== */
/** @name IEC HDLC setup (class 23, version 1) */
/** @{ */

/**
 * @brief IEC HDLC setup: instance description.
 *
 * Attributes: 2 comm_speed enum (0 = 300 ... 5 = 9600 ... 9 = 115200 baud),
 * 3 window_size_transmit unsigned (1..7), 4 window_size_receive unsigned
 * (1..7), 5 max_info_field_length_transmit long-unsigned (32..2030), 6
 * max_info_field_length_receive long-unsigned (32..2030), 7
 * inter_octet_time_out long-unsigned (ms, 20..6000), 8 inactivity_time_out
 * long-unsigned (s, 0 = none), 9 device_address long-unsigned (0x10..0x7D
 * with one- and two-octet addressing, 0x10..0x3FFD with four). No methods.
 *
 * Attributes 3..9 are the station's own configuration (cosem_hdlc_config(),
 * cosem_hdlc_set_params(), cosem_hdlc_set_timeouts(),
 * cosem_hdlc_set_address()), not a copy: what a client SETs is what the
 * station offers in the UA of the next SNRM and the time-outs it applies
 * from then on; a new device address applies when the link in progress
 * ends. Transmit/receive are the server's point of view (a secondary
 * station's @c window_tx is window_size_transmit). The information lengths
 * are also bounded by the buffers given to cosem_hdlc_init() (above them:
 * other-reason). Default rights: every attribute readable.
 */
typedef struct cosem_iec_hdlc_setup {
    cosem_hdlc_t *station;          /**< The secondary station this object configures. */
    uint8_t *comm_speed;            /**< Application's baud-rate code (0..9), applied to its UART;
                                         NULL: 5 (9600) and not settable. */
    cosem_comm_changed_fn changed;  /**< Optional hook after a SET. */
} cosem_iec_hdlc_setup_t;

/** @brief The IEC HDLC setup class. */
extern const cosem_class_t cosem_class_iec_hdlc_setup;
/** @} */

/* ===================================================================== */
/** @name TCP-UDP setup (class 41, version 0) */
/** @{ */

/**
 * @brief TCP-UDP setup: instance description.
 *
 * Attributes: 2 TCP-UDP_port long-unsigned (1..65535, 4059 by default), 3
 * IP_reference octet-string (logical name of the IPv4/IPv6 setup object, 6
 * octets), 4 MSS long-unsigned (40..65535), 5 nb_of_sim_conn unsigned
 * (1..255), 6 inactivity_time_out long-unsigned (s, 0 = none). No methods.
 * Default rights: every attribute readable.
 */
typedef struct cosem_tcp_udp_setup {
    uint16_t *port;                 /**< Attribute 2 (required). */
    uint8_t *ip_reference;          /**< Attribute 3: 6 octets (required). */
    uint16_t *mss;                  /**< Attribute 4 (required). */
    uint8_t *max_connections;       /**< Attribute 5 (required). */
    uint16_t *inactivity_s;         /**< Attribute 6 (required). */
    cosem_comm_changed_fn changed;  /**< Optional hook after a SET. */
} cosem_tcp_udp_setup_t;

/** @brief The TCP-UDP setup class. */
extern const cosem_class_t cosem_class_tcp_udp_setup;
/** @} */

/* ===================================================================== */
/** @name IPv4 setup (class 42, version 0) */
/** @{ */

/**
 * @brief IPv4 setup: instance description. Addresses are host-order
 *        uint32_t (192.168.1.10 is 0xC0A8010A), sent as
 *        double-long-unsigned.
 *
 * Attributes: 2 DL_reference octet-string (6), 3 IP_address, 4
 * multicast_IP_address array of double-long-unsigned, 5 IP_options array
 * (always empty here, not settable), 6 subnet_mask, 7 gateway_IP_address,
 * 8 use_DHCP_flag boolean, 9 primary_DNS_address, 10
 * secondary_DNS_address. Station addresses (3, 7, 9, 10) must be 0
 * (unassigned) or unicast: not 0.x.x.x, not 224.0.0.0 and above;
 * multicast addresses are 224.0.0.0/4; a subnet mask has its ones
 * contiguous from the top. Methods: 1 add_mc_IP_address
 * (double-long-unsigned; other-reason when the list is full or the
 * address is not multicast), 2 delete_mc_IP_address (other-reason when
 * absent), 3 get_nbof_mc_IP_addresses (integer 0; returns long-unsigned).
 * DHCP is the application's: a SET of use_DHCP_flag calls @c changed.
 * Default rights: every attribute readable.
 */
typedef struct cosem_ipv4_setup {
    uint8_t *dl_reference;          /**< Attribute 2: 6 octets (required). */
    uint32_t *ip_address;           /**< Attribute 3 (required). */
    uint32_t *multicast;            /**< Attribute 4: the list (multicast_cap entries). */
    uint8_t *multicast_count;       /**< Its current length (required). */
    uint8_t multicast_cap;          /**< Its capacity. */
    uint32_t *subnet_mask;          /**< Attribute 6 (required). */
    uint32_t *gateway;              /**< Attribute 7 (required). */
    bool *use_dhcp;                 /**< Attribute 8 (required). */
    uint32_t *primary_dns;          /**< Attribute 9 (required). */
    uint32_t *secondary_dns;        /**< Attribute 10 (required). */
    cosem_comm_changed_fn changed;  /**< Optional hook after a SET or method. */
} cosem_ipv4_setup_t;

/** @brief The IPv4 setup class. */
extern const cosem_class_t cosem_class_ipv4_setup;
/** @} */

/* ===================================================================== */
/** @name MAC address setup (class 43, version 0) */
/** @{ */

/**
 * @brief MAC address setup: instance description, the 6 octets of an
 *        EUI-48 address. Attribute 2 MAC_address octet-string: a SET must
 *        carry 6 octets (type-unmatched otherwise) of an individual address
 *        (group bit clear: other-reason otherwise). No methods. Default
 *        rights: attributes 1 and 2 readable.
 */
typedef struct cosem_mac_address_setup {
    uint8_t *mac;                   /**< 6 octets (required). */
    cosem_comm_changed_fn changed;  /**< Optional hook after a SET. */
} cosem_mac_address_setup_t;

/** @brief The MAC address setup class. */
extern const cosem_class_t cosem_class_mac_address_setup;
/** @} */

/* ===================================================================== */
/** @name PPP setup (class 44, version 0) */
/** @{ */

/** @brief One LCP or IPCP option: structure {type unsigned, length unsigned, data}. */
typedef struct cosem_ppp_option {
    uint8_t type;       /**< Option type (RFC 1661 / RFC 1332 code). */
    uint8_t length;     /**< Option length (RFC value). */
    uint8_t data_type;  /**< Data type of the option data: an integer type, enum or boolean. */
    uint32_t value;     /**< Option data. */
} cosem_ppp_option_t;

/**
 * @brief PPP setup: instance description.
 *
 * Attributes: 2 PHY_reference octet-string (6), 3 LCP_options and 4
 * IPCP_options arrays of structure {type unsigned, length unsigned, data}
 * (the application's configuration, not settable), 5 PPP_authentication
 * structure {user-name octet-string, password octet-string}: the password
 * is write-only and always read as an empty octet-string; a SET takes that
 * structure (both strings within their buffers) or null-data (no
 * authentication: both emptied). No methods. Default rights: every
 * attribute readable.
 */
typedef struct cosem_ppp_setup {
    uint8_t *phy_reference;               /**< Attribute 2: 6 octets (required). */
    const cosem_ppp_option_t *lcp;        /**< Attribute 3. */
    size_t lcp_count;                     /**< Its length. */
    const cosem_ppp_option_t *ipcp;       /**< Attribute 4. */
    size_t ipcp_count;                    /**< Its length. */
    cosem_comm_string_t user_name;        /**< Attribute 5, user-name. */
    cosem_comm_string_t password;         /**< Attribute 5, password (never read back). */
    cosem_comm_changed_fn changed;        /**< Optional hook after a SET. */
} cosem_ppp_setup_t;

/** @brief The PPP setup class. */
extern const cosem_class_t cosem_class_ppp_setup;
/** @} */

/* ===================================================================== */
/** @name GPRS modem setup (class 45, version 0) */
/** @{ */

/** @brief QoS_element: structure of five unsigned (3GPP TS 23.107 classes). */
typedef struct cosem_gprs_qos {
    uint8_t precedence;       /**< Precedence class. */
    uint8_t delay;            /**< Delay class. */
    uint8_t reliability;      /**< Reliability class. */
    uint8_t peak_throughput;  /**< Peak throughput class. */
    uint8_t mean_throughput;  /**< Mean throughput class. */
} cosem_gprs_qos_t;

/**
 * @brief GPRS modem setup: instance description.
 *
 * Attributes: 2 APN octet-string (up to the buffer; only letters, digits,
 * '.' and '-', labels not empty: other-reason otherwise), 3 PIN_code
 * long-unsigned (write-only: not readable), 4 quality_of_service structure
 * {default QoS_element, requested QoS_element}. No methods. Default
 * rights: attributes 1, 2 and 4 readable.
 */
typedef struct cosem_gprs_modem_setup {
    cosem_comm_string_t apn;          /**< Attribute 2. */
    uint16_t *pin_code;               /**< Attribute 3 (required; never read back). */
    cosem_gprs_qos_t *qos_default;    /**< Attribute 4, default (required). */
    cosem_gprs_qos_t *qos_requested;  /**< Attribute 4, requested (required). */
    cosem_comm_changed_fn changed;    /**< Optional hook after a SET. */
} cosem_gprs_modem_setup_t;

/** @brief The GPRS modem setup class. */
extern const cosem_class_t cosem_class_gprs_modem_setup;
/** @} */

/* ===================================================================== */
/** @name SMTP setup (class 46, version 0) */
/** @{ */

/**
 * @brief SMTP setup: instance description.
 *
 * Attributes: 2 server_port long-unsigned (1..65535, 25 by default), 3
 * user_name octet-string, 4 login_password octet-string (write-only: not
 * readable), 5 server_address octet-string (a host name of letters,
 * digits, '.' and '-', or a dotted IPv4 address with four parts of 0..255:
 * other-reason otherwise), 6 sender_address octet-string (empty, or one
 * '@' between printable characters). No methods. Default rights:
 * attributes 1..3, 5 and 6 readable.
 */
typedef struct cosem_smtp_setup {
    uint16_t *server_port;              /**< Attribute 2 (required). */
    cosem_comm_string_t user_name;      /**< Attribute 3. */
    cosem_comm_string_t password;       /**< Attribute 4 (never read back). */
    cosem_comm_string_t server_address; /**< Attribute 5. */
    cosem_comm_string_t sender_address; /**< Attribute 6. */
    cosem_comm_changed_fn changed;      /**< Optional hook after a SET. */
} cosem_smtp_setup_t;

/** @brief The SMTP setup class. */
extern const cosem_class_t cosem_class_smtp_setup;
/** @} */

/* ===================================================================== */
/** @name GSM diagnostic (class 47, version 1) */
/** @{ */

/** @brief cell_info of version 1. */
typedef struct cosem_gsm_cell {
    uint32_t cell_id;        /**< cell_ID double-long-unsigned. */
    uint16_t location_id;    /**< location_ID long-unsigned. */
    uint8_t signal_quality;  /**< signal_quality unsigned (0..31, 99 unknown). */
    uint8_t ber;             /**< ber unsigned (0..7, 99 unknown). */
    uint16_t mcc;            /**< mobile country code, long-unsigned. */
    uint16_t mnc;            /**< mobile network code, long-unsigned. */
    uint32_t channel;        /**< channel_number double-long-unsigned. */
} cosem_gsm_cell_t;

/** @brief One adjacent cell. */
typedef struct cosem_gsm_adjacent {
    uint32_t cell_id;        /**< cell_ID double-long-unsigned. */
    uint8_t signal_quality;  /**< signal_quality unsigned. */
} cosem_gsm_adjacent_t;

/**
 * @brief GSM diagnostic: instance description; the modem driver keeps the
 *        values up to date, clients only read them.
 *
 * Attributes: 2 operator visible-string, 3 status enum (0 not registered,
 * 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming), 4 cs_attachment
 * enum (0 inactive, 1 incoming call, 2 active), 5 ps_status enum (0
 * inactive, 1 GPRS, 2 EDGE, 3 UMTS, 4 HSDPA, 5 LTE, 6 CDMA), 6 cell_info
 * structure {cell_ID double-long-unsigned, location_ID long-unsigned,
 * signal_quality unsigned, ber unsigned, mcc long-unsigned, mnc
 * long-unsigned, channel_number double-long-unsigned}, 7 adjacent_cells array of
 * structure {cell_ID double-long-unsigned, signal_quality unsigned}, 8
 * capture_time octet-string(12) (a date-time). No methods. Default rights: every attribute
 * readable.
 */
typedef struct cosem_gsm_diagnostic {
    cosem_comm_string_t operator_name;     /**< Attribute 2. */
    const uint8_t *status;                 /**< Attribute 3 (required). */
    const uint8_t *cs_attachment;          /**< Attribute 4 (required). */
    const uint8_t *ps_status;              /**< Attribute 5 (required). */
    const cosem_gsm_cell_t *cell;          /**< Attribute 6 (required). */
    const cosem_gsm_adjacent_t *adjacent;  /**< Attribute 7. */
    const uint8_t *adjacent_count;         /**< Its length (NULL: none). */
    const cosem_datetime_t *capture_time;  /**< Attribute 8 (required). */
} cosem_gsm_diagnostic_t;

/** @brief The GSM diagnostic class. */
extern const cosem_class_t cosem_class_gsm_diagnostic;
/** @} */

/* ===================================================================== */
/** @name IPv6 setup (class 48, version 0) */
/** @{ */

/** @brief A list of IPv6 addresses in the application's memory. */
typedef struct cosem_ipv6_list {
    uint8_t (*addr)[16];  /**< The addresses (cap entries). */
    uint8_t *count;       /**< Current length (required). */
    uint8_t cap;          /**< Capacity. */
} cosem_ipv6_list_t;

/** @brief neighbor_discovery_setup element. */
typedef struct cosem_ipv6_nd {
    uint8_t max_retry;         /**< max_retry unsigned. */
    uint16_t retry_wait_time;  /**< retry_wait_time long-unsigned. */
    uint32_t send_period;      /**< send_period double-long-unsigned. */
} cosem_ipv6_nd_t;

/**
 * @brief IPv6 setup: instance description.
 *
 * Attributes: 2 DL_reference octet-string (6), 3 address_config_mode enum
 * (0 auto, 1 DHCPv6, 2 manual, 3 neighbour discovery), 4
 * unicast_IPv6_addresses, 5 multicast_IPv6_addresses, 6
 * gateway_IPv6_addresses: arrays of octet-string (16), 7
 * primary_DNS_address and 8 secondary_DNS_address octet-string (16), 9
 * traffic_class unsigned, 10 neighbor_discovery_setup array of structure
 * {max_retry unsigned, retry_wait_time long-unsigned, send_period
 * double-long-unsigned} (not settable). Unicast, gateway and DNS addresses
 * must not be multicast (ff00::/8), multicast ones must be. Methods: 1
 * add_IPv6_address and 2 remove_IPv6_address, parameter structure
 * {address_type enum (0 unicast, 1 multicast, 2 gateway), address
 * octet-string (16)} (other-reason: list full, address absent or of the
 * wrong kind). Default rights: every attribute readable.
 */
typedef struct cosem_ipv6_setup {
    uint8_t *dl_reference;          /**< Attribute 2: 6 octets (required). */
    uint8_t *config_mode;           /**< Attribute 3 (required). */
    cosem_ipv6_list_t unicast;      /**< Attribute 4. */
    cosem_ipv6_list_t multicast;    /**< Attribute 5. */
    cosem_ipv6_list_t gateway;      /**< Attribute 6. */
    uint8_t *primary_dns;           /**< Attribute 7: 16 octets (required). */
    uint8_t *secondary_dns;         /**< Attribute 8: 16 octets (required). */
    uint8_t *traffic_class;         /**< Attribute 9 (required). */
    const cosem_ipv6_nd_t *nd;      /**< Attribute 10: NULL none. */
    cosem_comm_changed_fn changed;  /**< Optional hook after a SET or method. */
} cosem_ipv6_setup_t;

/** @brief The IPv6 setup class. */
extern const cosem_class_t cosem_class_ipv6_setup;
/** @} */

/* ===================================================================== */
/** @name NTP setup (class 100, version 0) */
/** @{ */

/** @brief Largest NTP authentication key kept, in octets. */
#define COSEM_NTP_KEY_MAX 32u

/** @brief One NTP authentication key (application memory). */
typedef struct cosem_ntp_key {
    uint32_t id;                     /**< key_id. */
    uint8_t len;                     /**< Key length. */
    uint8_t key[COSEM_NTP_KEY_MAX];  /**< The key. */
} cosem_ntp_key_t;

/**
 * @brief NTP setup: instance description.
 *
 * Attributes: 2 activated boolean, 3 server_address octet-string (host
 * name or dotted IPv4 address as for SMTP), 4 server_port long-unsigned
 * (1..65535, 123 by default), 5 authentication_method enum (0 none, 1
 * shared secrets, 2 IFF), 6 authentication_keys array of structure {key_id
 * double-long-unsigned, key octet-string} and 7 client_key octet-string:
 * both write-only (not readable). Methods: 1 synchronize (integer 0):
 * calls @c synchronize (read-write-denied without one); 2
 * add_authentication_key structure {key_id, key} (replaces a key of that
 * id; other-reason when the table is full), 3 delete_authentication_key
 * key_id (other-reason when absent). Default rights: attributes 1..5
 * readable.
 */
typedef struct cosem_ntp_setup {
    bool *activated;                    /**< Attribute 2 (required). */
    cosem_comm_string_t server_address; /**< Attribute 3. */
    uint16_t *server_port;              /**< Attribute 4 (required). */
    uint8_t *auth_method;               /**< Attribute 5 (required). */
    cosem_ntp_key_t *keys;              /**< Attribute 6: the table (key_cap entries). */
    uint8_t *key_count;                 /**< Its current length (required). */
    uint8_t key_cap;                    /**< Its capacity. */
    cosem_comm_string_t client_key;     /**< Attribute 7 (never read back). */
    /** Method 1: synchronise the clock now (the application's NTP client);
     *  returns the action result. NULL: not supported. */
    cosem_dar_t (*synchronize)(const cosem_object_t *obj);
    cosem_comm_changed_fn changed;      /**< Optional hook after a SET or method 2/3. */
} cosem_ntp_setup_t;

/** @brief The NTP setup class. */
extern const cosem_class_t cosem_class_ntp_setup;
/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_COMM_H */
