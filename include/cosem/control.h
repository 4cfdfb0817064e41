/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file control.h
 * @brief Control classes: Script table (9), Register monitor (21),
 *        Parameter monitor (65), Disconnect control (70), Limiter (71), and the script reference the
 *        time and monitor classes use to run scripts.
 *
 * @defgroup control Control classes
 * @ingroup server
 * @brief Scripts of attribute writes and method calls, the supply
 *        disconnector driven through the port's relay, load limiting.
 *
 * As with the other classes, an object of the application's table points at
 * a const instance description (flash) that points at RAM the application
 * places (settable attributes and the class's bookkeeping). Nothing here
 * reads wall time except through the port; periodic work runs in
 * cosem_server_tick().
 *
 * **Validate, then apply.** A SET of a script list, threshold or emergency
 * profile is decoded and checked whole before anything changes: a value of
 * the wrong shape answers ::COSEM_DAR_TYPE_UNMATCHED, a value of the right
 * shape that does not fit the instance (too long for its buffer, a
 * control_mode above 6) ::COSEM_DAR_OTHER_REASON, and the previous value
 * stays in force.
 *
 * Requires `COSEM_WITH_SERVER` and the class options
 * (`COSEM_CLASS_SCRIPT_TABLE`, `COSEM_CLASS_DISCONNECT_CONTROL`,
 * `COSEM_CLASS_LIMITER`). The limiter runs its actions through the script
 * table and so needs `COSEM_CLASS_SCRIPT_TABLE`.
 * @{
 */
#ifndef COSEM_CONTROL_H
#define COSEM_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/datetime.h>
#include <cosem/object.h>
#include <cosem/server.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ===================================================================== */
/** @name Script table (class 9, version 0) */
/** @{ */

/** @brief service_id of an action_specification. */
typedef enum cosem_script_service {
    COSEM_SCRIPT_WRITE_ATTRIBUTE = 1,  /**< write_attribute: SET of @c index to @c parameter */
    COSEM_SCRIPT_EXECUTE_METHOD = 2    /**< execute_method: ACTION @c index with @c parameter */
} cosem_script_service_t;

/** @brief What happened to one action of a script (see cosem_script_table_t::report). */
typedef struct cosem_script_result {
    uint16_t script_id;   /**< Script executed. */
    uint16_t action;      /**< Position of the action in the script, 0-based. */
    uint8_t service;      /**< ::cosem_script_service_t. */
    uint16_t class_id;    /**< Target class. */
    uint8_t obis[6];      /**< Target logical name. */
    int8_t index;         /**< Attribute or method id. */
    cosem_dar_t dar;      /**< Outcome (::COSEM_DAR_SUCCESS or the failure). */
} cosem_script_result_t;

/**
 * @brief Instance description of a Script table.
 *
 * Attribute 2 `scripts` is kept encoded, exactly as A-XDR (array of
 * structure {script_identifier long-unsigned, actions array of structure
 * {service_id enum, class_id long-unsigned, logical_name octet-string(6),
 * index integer, parameter any Data}}), in the application's buffer
 * @c buf of @c cap octets; the application fills it at start (its own
 * scripts, as bytes in flash copied there, or a saved copy) and *@c len
 * gives the length in use. A SET checks the whole array (shape, service_id
 * 1 or 2, logical names of 6 octets, each parameter a well-formed Data) and
 * its length (<= @c cap) before replacing it. With @c cap 0 the attribute
 * cannot be SET (read-write-denied).
 *
 * Method 1 `execute` (long-unsigned script_identifier) runs every action of
 * the first script with that identifier, in order, through
 * cosem_server_write() / cosem_server_invoke(): the same class code a
 * request reaches, with the server's own rights (no access check). An
 * action whose object is missing or of another class answers
 * object-undefined / object-class-inconsistent, an attribute or method the
 * class has not that of the class; the action fails, is reported through
 * @c report, and the script goes on with the next action. The method
 * answers ::COSEM_DAR_SUCCESS when every action succeeded, otherwise the
 * data-access-result of the first failed action; an identifier no script
 * has answers ::COSEM_DAR_OTHER_REASON (identifier 0 with no script: the
 * empty script, success).
 *
 * **Scripts do not nest.** An action may not execute a script (class 9
 * method 1, of any table) nor write the scripts of a table: such an action
 * fails with ::COSEM_DAR_READ_WRITE_DENIED without being called. So the
 * depth of script execution is 1 and no chain of scripts can recurse.
 */
typedef struct cosem_script_table {
    uint8_t *buf;      /**< Encoded scripts (application RAM). */
    uint16_t *len;     /**< Octets in use. */
    uint16_t cap;      /**< Capacity of @c buf; 0: attribute 2 read only. */
    /**
     * Called once per executed action (NULL: none), for an event log:
     * @p table is the script table object, @p res what was done and its
     * outcome.
     */
    void (*report)(struct cosem_server *s, const cosem_object_t *table,
                   const cosem_script_result_t *res);
} cosem_script_table_t;

/** @brief Class 9 descriptor. */
extern const cosem_class_t cosem_class_script_table;

/** @brief The `script` structure {script_logical_name, script_selector} the
 *  time and monitor classes store to name a script to run. */
typedef struct cosem_script_ref {
    uint8_t obis[6];     /**< Logical name of a Script table object. */
    uint16_t selector;   /**< script_identifier in that table. */
} cosem_script_ref_t;

/**
 * @brief Run one script of a script table object, as method execute does.
 * @param s         Server.
 * @param table     A Script table object of the server.
 * @param script_id Script identifier.
 * @return As method 1 (see ::cosem_script_table_t); ::COSEM_DAR_OTHER_REASON
 *         for NULL arguments, ::COSEM_DAR_OBJECT_CLASS_INCONSISTENT when
 *         @p table is not of class 9.
 */
cosem_dar_t cosem_script_execute(cosem_server_t *s, const cosem_object_t *table,
                                 uint16_t script_id);

/**
 * @brief Run the script a ::cosem_script_ref_t names (the actions of
 *        activity calendars, schedules, monitors and limiters).
 * @param s   Server.
 * @param ref Reference; an all-zero logical name means "no script" and
 *            answers success without doing anything.
 * @return As cosem_script_execute(); ::COSEM_DAR_OBJECT_UNDEFINED when no
 *         object has that logical name.
 */
cosem_dar_t cosem_script_run(cosem_server_t *s, const cosem_script_ref_t *ref);
/** @} */

/* ===================================================================== */
/** @name Disconnect control (class 70, version 0) */
/** @{ */

/** @brief control_state (attribute 3). */
typedef enum cosem_disconnect_state {
    COSEM_DISCONNECT_DISCONNECTED = 0,          /**< output open, remote disconnected */
    COSEM_DISCONNECT_CONNECTED = 1,             /**< output closed */
    COSEM_DISCONNECT_READY_FOR_RECONNECTION = 2 /**< output open, waiting for a (manual) reconnection */
} cosem_disconnect_state_t;

/** @brief Triggers of the Blue Book state diagram (the letters are its transitions). */
typedef enum cosem_disconnect_trigger {
    COSEM_DISCONNECT_REMOTE_DISCONNECT = 1, /**< method 1: b (connected), c (ready) -> disconnected */
    COSEM_DISCONNECT_REMOTE_RECONNECT = 2,  /**< method 2: a (-> ready, modes 2, 4) or d (-> connected, modes 1, 3, 5, 6) from disconnected */
    COSEM_DISCONNECT_MANUAL_DISCONNECT = 3, /**< f: connected -> ready (modes 1, 2, 5) */
    COSEM_DISCONNECT_MANUAL_RECONNECT = 4,  /**< e: ready -> connected (modes 1..6) */
    COSEM_DISCONNECT_LOCAL_DISCONNECT = 5,  /**< g: connected -> ready (modes 1..6), e.g. a limiter */
    COSEM_DISCONNECT_LOCAL_RECONNECT = 6    /**< h: ready -> connected (modes 5, 6) */
} cosem_disconnect_trigger_t;

/** @brief RAM state of a Disconnect control (the application may persist it). */
typedef struct cosem_disconnect_ctl_state {
    uint8_t control_state;  /**< Attribute 3: ::cosem_disconnect_state_t. */
    uint8_t control_mode;   /**< Attribute 4: 0..6. */
} cosem_disconnect_ctl_state_t;

/**
 * @brief Instance description of a Disconnect control.
 *
 * **Transitions (Blue Book 4.5.8).** control_mode selects which triggers
 * are obeyed: mode 0 none (the object stays connected; every trigger is
 * refused); modes 1..6 as the table of ::cosem_disconnect_trigger_t:
 * remote disconnect b/c in every mode 1..6; remote reconnect d (straight
 * to connected) in modes 1, 3, 5, 6 and a (to ready_for_reconnection) in
 * modes 2, 4; manual disconnect f in modes 1, 2, 5; manual reconnect e in
 * modes 1..6; local disconnect g in modes 1..6; local reconnect h in modes
 * 5 and 6. A trigger with no transition from the current state in the
 * current mode changes nothing: the methods then answer
 * ::COSEM_DAR_TEMPORARY_FAILURE and cosem_disconnect_control_signal()
 * returns ::COSEM_E_STATE.
 *
 * **The relay.** Entering connected closes relay output @c relay through
 * the port (cosem_port_t::relay_set, on = true); entering disconnected or
 * ready_for_reconnection opens it. The output is then read back
 * (relay_get; a port without relay_get is trusted). When the port fails or
 * the read-back differs, the previous output is commanded again, the
 * control_state does not change and the method answers
 * ::COSEM_DAR_HARDWARE_FAULT (signal: ::COSEM_E_IO). output_state
 * (attribute 2, boolean) is read from the relay each time (relay_get), so
 * it reports the actual output; without relay_get it is true exactly in the
 * connected state; a failing relay_get answers hardware-fault.
 *
 * **Attributes.** 2 output_state (boolean, read only), 3 control_state
 * (enum, read only), 4 control_mode (enum 0..6, settable: above 6
 * other-reason; setting mode 0 connects the output, hardware-fault if the
 * relay fails, the mode then unchanged). Methods 1 remote_disconnect and 2
 * remote_reconnect take integer(0) (or no parameter).
 */
typedef struct cosem_disconnect_control {
    cosem_disconnect_ctl_state_t *state;  /**< Attributes 3 and 4 (RAM). */
    unsigned relay;                       /**< Relay output index of the port. */
    /**
     * Called after each transition (NULL: none), for event logs and
     * display: @p from / @p to are control states, @p trigger the cause.
     */
    void (*event)(struct cosem_server *s, const cosem_object_t *obj, uint8_t from, uint8_t to,
                  cosem_disconnect_trigger_t trigger);
} cosem_disconnect_control_t;

/** @brief Class 70 descriptor. */
extern const cosem_class_t cosem_class_disconnect_control;

/**
 * @brief Report a trigger from the firmware: a button press (manual
 *        disconnect/reconnect), a limiter or other local cause
 *        (local disconnect/reconnect). Remote triggers are accepted too.
 * @param s       Server (its port drives the relay).
 * @param obj     A Disconnect control object.
 * @param trigger What happened.
 * @return ::COSEM_OK when the transition was made; ::COSEM_E_STATE when the
 *         mode or state does not allow it (nothing changed); ::COSEM_E_IO
 *         when the relay failed (state unchanged); ::COSEM_E_ARG for NULL
 *         arguments, another class or an unknown trigger.
 */
cosem_status_t cosem_disconnect_control_signal(cosem_server_t *s, const cosem_object_t *obj,
                                               cosem_disconnect_trigger_t trigger);
/** @} */

/* ===================================================================== */
/** @name Monitored values (Limiter, Register monitor) */
/** @{ */

/** @brief A value_definition: {class_id long-unsigned, logical_name
 *  octet-string(6), attribute_index integer}, the attribute a limiter or a
 *  register monitor watches. */
typedef struct cosem_value_def {
    uint16_t class_id;   /**< Class of the object. */
    uint8_t obis[6];     /**< Its logical name. */
    int8_t attr;         /**< Attribute index. */
} cosem_value_def_t;

/** @brief A numeric threshold and the Data type it is read and written as. */
typedef struct cosem_threshold {
    int64_t value;   /**< The number. */
    uint8_t type;    /**< Integer-family ::cosem_axdr_type_t (long-unsigned, double-long, ...). */
} cosem_threshold_t;
/** @} */

/* ===================================================================== */
/** @name Register monitor (class 21, version 0) */
/** @{ */

/** @brief One action_set: the scripts run when a threshold is crossed. */
typedef struct cosem_action_set {
    cosem_script_ref_t up;     /**< action_up: the value rose above the threshold. */
    cosem_script_ref_t down;   /**< action_down: the value fell to or below it. */
} cosem_action_set_t;

/** @brief RAM state of a Register monitor (zero the private fields). */
typedef struct cosem_register_monitor_state {
    cosem_value_def_t monitored;  /**< Attribute 3 monitored_value. */
    uint8_t threshold_count;      /**< Attribute 2: thresholds in use. */
    uint8_t action_count;         /**< Attribute 4: action sets in use. */
    uint32_t above_;              /**< @private Bit i: the value was above threshold i. */
    bool known_;                  /**< @private above_ holds a first sample. */
} cosem_register_monitor_state_t;

/**
 * @brief Instance description of a Register monitor.
 *
 * At each cosem_server_tick() the monitored attribute (any attribute of any
 * object, read as the server itself) is compared with each threshold i: a
 * value greater than the threshold is above it. When it goes from not
 * above to above, action i's @c up script runs; from above to not above,
 * its @c down script (Blue Book 4.5.6: "crossed upwards / downwards"); one
 * run per crossing and tick, thresholds in list order. The first readable
 * sample only records the side of each threshold; a change of the
 * thresholds or of the monitored value starts over the same way. A
 * threshold without an action set does nothing. Values and thresholds are
 * compared as numbers (integer family, boolean; floats truncated).
 *
 * Attributes: 2 thresholds (array of integer-family values, at most
 * @c cap, their types kept), 3 monitored_value (value_definition), 4
 * actions (array of structure {action_up script, action_down script}, at
 * most @c cap). More than @c cap entries answers other-reason.
 */
typedef struct cosem_register_monitor {
    cosem_register_monitor_state_t *state;  /**< Counts and bookkeeping (RAM). */
    cosem_threshold_t *thresholds;          /**< Attribute 2 storage (application RAM). */
    cosem_action_set_t *actions;            /**< Attribute 4 storage (application RAM). */
    uint8_t cap;                            /**< Capacity of both arrays (at most 32). */
} cosem_register_monitor_t;

/** @brief Class 21 descriptor. */
extern const cosem_class_t cosem_class_register_monitor;
/** @} */

/* ===================================================================== */
/** @name Parameter monitor (class 65, version 0) */
/** @{ */

/** @brief RAM state of a Parameter monitor. */
typedef struct cosem_parameter_monitor_state {
    uint8_t count;                  /**< Attribute 4: entries of the parameter list in use. */
    cosem_value_def_t changed;      /**< Attribute 2: which parameter changed last. */
    uint16_t changed_len;           /**< Octets of its new value in the value buffer (0: none yet). */
    cosem_datetime_t capture_time;  /**< Attribute 3: when (port time; not specified: never). */
} cosem_parameter_monitor_state_t;

/**
 * @brief Instance description of a Parameter monitor.
 *
 * Every successful SET of an attribute on the parameter list (a client's
 * SET in any form, or a script's write) is recorded: changed_parameter (2)
 * becomes {class_id, logical_name, attribute_index, the new value as read
 * back through the class}, capture_time (3) the port's time. A value that
 * does not fit @c value_cap octets is recorded as null-data. parameter_list
 * (4) is an array of value_definition (settable, at most @c cap,
 * other-reason above); active_parameters (5) lists each parameter with its
 * value read now (null-data when it cannot be read). Methods 1
 * add_parameter and 2 delete_parameter take a value_definition: add appends
 * it unless present (other-reason when full), delete removes it (success
 * also when absent).
 */
typedef struct cosem_parameter_monitor {
    cosem_parameter_monitor_state_t *state; /**< Attributes 2..4 state (RAM). */
    cosem_value_def_t *list;                /**< Parameter list storage (application RAM). */
    uint8_t cap;                            /**< Its capacity. */
    uint8_t *value;                         /**< Buffer for the changed value (application RAM). */
    uint16_t value_cap;                     /**< Its size. */
} cosem_parameter_monitor_t;

/** @brief Class 65 descriptor. */
extern const cosem_class_t cosem_class_parameter_monitor;
/** @} */

/* ===================================================================== */
/** @name Limiter (class 71, version 0) */
/** @{ */

/**
 * @brief RAM state of a Limiter: its settable attributes (the application
 *        initialises them and may persist them) and private bookkeeping.
 *        Zero the private fields before first use.
 */
typedef struct cosem_limiter_state {
    cosem_value_def_t monitored;        /**< Attribute 2 monitored_value. */
    cosem_threshold_t active;           /**< Attribute 3 threshold_active (the one compared). */
    cosem_threshold_t normal;           /**< Attribute 4 threshold_normal. */
    cosem_threshold_t emergency;        /**< Attribute 5 threshold_emergency. */
    uint32_t min_over;                  /**< Attribute 6 min_over_threshold_duration, seconds. */
    uint32_t min_under;                 /**< Attribute 7 min_under_threshold_duration, seconds. */
    uint16_t emergency_id;              /**< Attribute 8: emergency_profile_id. */
    cosem_datetime_t emergency_start;   /**< Attribute 8: emergency_activation_time. */
    uint32_t emergency_duration;        /**< Attribute 8: emergency_duration, seconds. */
    uint8_t group_count;                /**< Attribute 9: entries used in the group id list. */
    bool emergency_active;              /**< Attribute 10 emergency_profile_active (computed). */
    cosem_script_ref_t action_over;     /**< Attribute 11: action_over_threshold. */
    cosem_script_ref_t action_under;    /**< Attribute 11: action_under_threshold. */
    bool over_;                         /**< @private Last executed action was "over". */
    bool pending_;                      /**< @private The other side is being timed. */
    uint32_t since_ms_;                 /**< @private When the other side began. */
    uint32_t now_ms_;                   /**< @private Time of the last tick. */
} cosem_limiter_state_t;

/**
 * @brief Instance description of a Limiter.
 *
 * **What it does (Blue Book 4.5.9).** At every cosem_server_tick() the
 * monitored attribute is read as the server itself (cosem_server_read())
 * and compared with threshold_active: the value is *over* when it is
 * greater than the threshold, *under* otherwise. When the value has been
 * over for at least min_over_threshold_duration seconds (measured with the
 * port's monotonic now_ms, or one second per tick when the port has none)
 * action_over_threshold runs, once; then, once the value has been under
 * for min_under_threshold_duration seconds, action_under_threshold runs,
 * once; and so on. A side left before its duration restarts the timing.
 * The limiter starts on the under side. A monitored value that cannot be
 * read or is not a number (integer family, boolean; floats truncated)
 * leaves everything as it is for that tick.
 *
 * The actions are script references run with cosem_script_run() (e.g.
 * the disconnect control script table's "disconnect" script); @c on_change
 * lets the firmware make the same decision locally, typically with
 * cosem_disconnect_control_signal(s, breaker, over ?
 * ::COSEM_DISCONNECT_LOCAL_DISCONNECT : ::COSEM_DISCONNECT_LOCAL_RECONNECT).
 *
 * **Emergency profile.** The emergency profile is active while
 * emergency_profile_id is one of the group ids (attribute 9) and the clock
 * (the tick's UTC) lies in [emergency_activation_time, + emergency_duration
 * seconds); the activation time must be a complete date-time (a deviation
 * not specified reads as UTC). While it is active threshold_active follows
 * threshold_emergency, otherwise threshold_normal: threshold_active is set
 * from them at each change of the profile's activity and at each SET of the
 * threshold in force; a SET of threshold_active itself holds until then.
 *
 * **Attributes.** Thresholds are integer-family values (their type is
 * kept and written back); monitored_value a value_definition; durations
 * double-long-unsigned; emergency_profile a structure {long-unsigned,
 * octet-string(12) date-time, double-long-unsigned}; the group id list an
 * array of long-unsigned (at most @c group_cap, other-reason above);
 * emergency_profile_active (10) is read only; actions a structure of two
 * script structures. A value of another shape answers type-unmatched, a
 * date-time out of range other-reason; nothing is changed then.
 */
typedef struct cosem_limiter {
    cosem_limiter_state_t *state;  /**< Attributes and bookkeeping (RAM). */
    uint16_t *group_ids;           /**< Attribute 9 storage (application RAM). */
    uint8_t group_cap;             /**< Its capacity (entries). */
    /** Called when an action runs (NULL: none): @p over true for the
     *  over-threshold action, false for the under-threshold one. */
    void (*on_change)(struct cosem_server *s, const cosem_object_t *limiter, bool over);
} cosem_limiter_t;

/** @brief Class 71 descriptor. */
extern const cosem_class_t cosem_class_limiter;
/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_CONTROL_H */
