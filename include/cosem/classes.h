/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file classes.h
 * @brief Core interface classes: Data (1), Association LN (15), SAP
 *        assignment (17): their descriptors and instance descriptions.
 *
 * @defgroup classes Core classes
 * @brief The classes every logical device has.
 *
 * Each class is one const ::cosem_class_t; an object of the application's
 * table points at it and at an instance description of the type given
 * here (cosem_object_t::data).
 *
 * Requires `COSEM_WITH_SERVER` and the class's `COSEM_CLASS_<X>` option.
 * @{
 */
#ifndef COSEM_CLASSES_H
#define COSEM_CLASSES_H

#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/object.h>
#include <cosem/server.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Data (class 1, version 0): attribute 2 `value`.
 *
 * Instance description: a `const cosem_vref_t` (see object.h) giving the
 * variable and its Data type; a SET must carry exactly that type (strings
 * up to the reference's capacity). Default rights: attributes 1 and 2
 * readable. Example: the logical device name 0.0.42.0.0.255 as an
 * octet-string of 16 octets ("LCM" + 13 characters).
 */
extern const cosem_class_t cosem_class_data;

/**
 * @brief Data (class 1) read-only: ::cosem_class_data without SET.
 *
 * The same class id, version, attributes, default rights and GET; a SET of
 * any attribute is answered read-write-denied. For objects no association
 * may write (give their access rights no write either, so the object list
 * says so): an image whose Data and Register objects all use the read-only
 * descriptors links none of the value-reference write path (800 B of
 * Cortex-M4 code in the bare-metal example image, with
 * ::cosem_class_register_ro).
 */
extern const cosem_class_t cosem_class_data_ro;

/**
 * @brief Association LN (class 15, version 2): instance description.
 *
 * Attributes: 2 object_list (streamed, the objects visible at the
 * configuration's level with their access rights), 3
 * associated_partners_id {client SAP integer, server SAP long-unsigned},
 * 4 application_context_name (octet-string 60 85 74 05 08 01 01), 5
 * xDLMS_context_info, 6 authentication_mechanism_name (octet-string 60 85
 * 74 05 08 02 m), 7 secret (write only: a GET is read-write-denied; a SET
 * of an octet-string changes the configuration's secret, so the next AARQ
 * needs the new password), 8 association_status, 9
 * security_setup_reference, 10 user_list (empty), 11 current_user
 * {0, ""}. Methods: 1 reply_to_HLS_authentication and 3..6 are
 * read-write-denied (no HLS until the security layer); 2
 * change_HLS_secret stores an octet-string into the secret when the
 * configuration's mechanism is HLS, else read-write-denied.
 * Default rights: attributes 1..6 and 8..11 readable.
 */
typedef struct cosem_association_ln {
    /** Configuration described; NULL: the association that asks (the
     *  object 0.0.40.0.0.255 "current association"). */
    const cosem_assoc_config_t *config;
    /** Server SAP reported in associated_partners_id (the logical device
     *  address, 1 for the management logical device). */
    uint16_t server_sap;
    /** Logical name of the Security setup object; NULL: six zero octets. */
    const uint8_t *security_setup;
} cosem_association_ln_t;

/** @brief The Association LN class. */
extern const cosem_class_t cosem_class_association_ln;

/** @brief One entry of the SAP assignment list. */
typedef struct cosem_sap_entry {
    uint16_t sap;          /**< Logical device SAP (server address). */
    const uint8_t *name;   /**< Logical device name (octets). */
    uint8_t name_len;      /**< Its length. */
} cosem_sap_entry_t;

/**
 * @brief SAP assignment (class 17, version 0): instance description.
 *
 * Attribute 2 SAP_assignment_list: array of {SAP long-unsigned,
 * logical_device_name octet-string}. Method 1 connect_logical_device is
 * read-write-denied (the list is the application's configuration).
 * Default rights: attributes 1 and 2 readable.
 */
typedef struct cosem_sap_assignment {
    const cosem_sap_entry_t *entries;  /**< The logical devices. */
    size_t count;                      /**< Their number. */
} cosem_sap_assignment_t;

/** @brief The SAP assignment class. */
extern const cosem_class_t cosem_class_sap_assignment;

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_CLASSES_H */
