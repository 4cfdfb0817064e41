/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file calendar.h
 * @brief Time and tariff classes: Special days table (11), Activity
 *        calendar (20), Single action schedule (22).
 *
 * @defgroup calendar Time and tariff classes
 * @ingroup server
 * @brief Scripts run at local wall-clock times: tariff switching by
 *        season, week and day profiles with special days, one-off and
 *        periodic schedules.
 *
 * **Local time.** These classes act on the meter's local time: the Clock
 * object the description names (its time zone and DST rules, see
 * ::cosem_clock_t), or when none is named the fields the port's time_get
 * reports. The instant comes from the tick (cosem_server_tick()).
 *
 * **Date wildcards** follow the date-time rules of datetime.h: a year,
 * month, day or day of week "not specified" (0xFFFF / 0xFF) matches any;
 * day 0xFE is the last and 0xFD the second last day of the month. A time
 * field not specified counts as 0.
 *
 * **Validate, then apply.** A SET of a calendar part, a special days list
 * or an execution time is checked whole first: a value of the wrong shape
 * answers ::COSEM_DAR_TYPE_UNMATCHED, a date or time field out of range or
 * a value too long for the instance's buffer ::COSEM_DAR_OTHER_REASON; the
 * previous value stays in force.
 *
 * Requires `COSEM_WITH_SERVER`, the class options and, for the classes that
 * run scripts, `COSEM_CLASS_SCRIPT_TABLE`.
 * @{
 */
#ifndef COSEM_CALENDAR_H
#define COSEM_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/control.h>
#include <cosem/datetime.h>
#include <cosem/object.h>
#include <cosem/server.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ===================================================================== */
/** @name Special days table (class 11, version 0) */
/** @{ */

/** @brief One spec_day_entry: {index long-unsigned, specialday_date
 *  octet-string(5) date, day_id unsigned}. */
typedef struct cosem_special_day {
    uint16_t index;        /**< Entry index (key of insert/delete). */
    uint16_t year;         /**< Date: year or ::COSEM_DT_YEAR_NS. */
    uint8_t month;         /**< Date: month, or ::COSEM_DT_NS. */
    uint8_t day;           /**< Date: day, 0xFE/0xFD, or ::COSEM_DT_NS. */
    uint8_t day_of_week;   /**< Date: 1..7 or ::COSEM_DT_NS. */
    uint8_t day_id;        /**< Day profile to use on that date. */
} cosem_special_day_t;

/**
 * @brief Instance description of a Special days table.
 *
 * Attribute 2 entries: array of spec_day_entry, kept in the application's
 * array @c entries (capacity @c cap, *@c count in use) in the order
 * received. Method 1 insert (a spec_day_entry) replaces the entry with the
 * same index or appends it (other-reason when full); method 2 delete
 * (long-unsigned index) removes it (success also when there was none). A
 * SET replaces the whole list (at most @c cap entries; a date out of range
 * other-reason).
 */
typedef struct cosem_special_days_table {
    cosem_special_day_t *entries;  /**< Storage (application RAM). */
    uint16_t *count;               /**< Entries in use. */
    uint16_t cap;                  /**< Capacity. */
} cosem_special_days_table_t;

/** @brief Class 11 descriptor. */
extern const cosem_class_t cosem_class_special_days_table;

/**
 * @brief The day_id a Special days table assigns to a local date: the
 *        first entry whose date matches (wildcards as above).
 * @param obj    A Special days table object.
 * @param date   Local date (year, month, day, day of week specified).
 * @param day_id Output.
 * @return true when an entry matches.
 */
bool cosem_special_days_match(const cosem_object_t *obj, const cosem_datetime_t *date,
                              uint8_t *day_id);
/** @} */

/* ===================================================================== */
/** @name Activity calendar (class 20, version 0) */
/** @{ */

/** @brief Parts of one calendar, in the order of attributes 2..5 / 6..9. */
enum {
    COSEM_CAL_NAME = 0,    /**< calendar_name (octet-string) */
    COSEM_CAL_SEASONS = 1, /**< season_profile */
    COSEM_CAL_WEEKS = 2,   /**< week_profile_table */
    COSEM_CAL_DAYS = 3,    /**< day_profile_table */
    COSEM_CAL_PARTS = 4    /**< number of parts */
};

/**
 * @brief RAM state of an Activity calendar: the lengths of the parts held
 *        in the two buffers, activate_passive_calendar_time and the switch
 *        bookkeeping. Zero it, then give the lengths of what the
 *        application put in the buffers.
 */
typedef struct cosem_activity_calendar_state {
    uint16_t active_len[COSEM_CAL_PARTS];   /**< Octets of each active part. */
    uint16_t passive_len[COSEM_CAL_PARTS];  /**< Octets of each passive part. */
    /** Attribute 10 activate_passive_calendar_time (all fields not
     *  specified: no automatic activation). */
    cosem_datetime_t activate_time;
    bool synced_;       /**< @private done_ is valid. */
    int64_t done_;      /**< @private Local instant (seconds) processed so far. */
} cosem_activity_calendar_state_t;

/**
 * @brief Instance description of an Activity calendar.
 *
 * **Storage.** Each calendar (active: attributes 2..5, passive: 6..9) is
 * kept A-XDR encoded in one application buffer of @c cap octets, its four
 * parts one after the other (calendar_name octet-string; season_profile
 * array of {season_profile_name octet-string, season_start
 * octet-string(12), week_name octet-string}; week_profile_table array of
 * {week_profile_name octet-string, monday..sunday unsigned day_id};
 * day_profile_table array of {day_id unsigned, day_schedule array of
 * {start_time octet-string(4), script_logical_name octet-string(6),
 * script_selector long-unsigned}}), with their lengths in the state. A SET
 * of a part validates it and replaces it in place (other-reason when the
 * calendar would exceed @c cap).
 *
 * **Activation.** Method 1 activate_passive_calendar (integer(0)) copies
 * the passive calendar over the active one (the passive one stays), and so
 * does the tick when the local time reaches activate_passive_calendar_time
 * (a complete local date-time; after the activation the attribute becomes
 * all "not specified"; a value with wildcards never activates). The switch
 * in force on the new calendar then runs.
 *
 * **Day selection.** For a local date: a Special days table entry when
 * @c special_days is given and matches; otherwise the season whose
 * season_start (month and day, the year when specified) is the latest on or
 * before the date, wrapping to the last season of the year before; its
 * week profile's entry for the day of week gives the day_id. The day
 * profile with that day_id gives the switches (start_time, script).
 * Dates with no profile have no switches.
 *
 * **Switch rule (clock sets and DST).** The class keeps a high-water mark
 * @e H of local time already processed (local wall-clock seconds). At each
 * tick with local time @e L:
 * - @e L > @e H, by less than one day and at most over one midnight: every
 *   switch whose local instant lies in (@e H, @e L] runs once, in time
 *   order (yesterday's profile for yesterday's, today's for today's); so a
 *   clock set forward or the DST start hour (02:00 -> 03:00) runs the
 *   switches it jumps over, once each, when the tick sees the new time;
 * - @e L <= @e H by at most one day (clock set back, DST end hour repeated):
 *   nothing runs until @e L passes @e H again; no switch runs twice;
 * - otherwise (first tick, a jump of a day or more either way, a new
 *   active calendar): only the switch in force at @e L runs (the latest
 *   start_time at or before @e L on today's profile, else the last switch
 *   of yesterday's profile), once, so the tariff matches the calendar.
 * @e H then becomes the later of @e H and @e L (@e L after a
 * resynchronisation). A tick with an invalid clock does nothing. A SET of
 * an active part takes effect from the next switch.
 */
typedef struct cosem_activity_calendar {
    cosem_activity_calendar_state_t *state; /**< Lengths, attribute 10, bookkeeping (RAM). */
    uint8_t *active;                 /**< Active calendar buffer (application RAM). */
    uint8_t *passive;                /**< Passive calendar buffer (application RAM). */
    uint16_t cap;                    /**< Capacity of each buffer. */
    const cosem_object_t *special_days; /**< Special days table consulted first; NULL: none. */
    const cosem_object_t *clock;     /**< Clock for local time; NULL: the port's fields. */
} cosem_activity_calendar_t;

/** @brief Class 20 descriptor. */
extern const cosem_class_t cosem_class_activity_calendar;
/** @} */

/* ===================================================================== */
/** @name Single action schedule (class 22, version 0) */
/** @{ */

/** @brief RAM state of a Single action schedule (zero the private fields). */
typedef struct cosem_single_action_state {
    cosem_script_ref_t script;  /**< Attribute 2 executed_script. */
    uint8_t type;               /**< Attribute 3 type, 1..5. */
    uint16_t count;             /**< Attribute 4: entries of @c times in use. */
    bool synced_;               /**< @private done_ is valid. */
    int64_t done_;              /**< @private Local instant (seconds) processed so far. */
} cosem_single_action_state_t;

/**
 * @brief Instance description of a Single action schedule.
 *
 * Attribute 4 execution_time is an array of structure {time
 * octet-string(4), date octet-string(5)}, kept as date-time values in the
 * application's array @c times (the time and date fields of one
 * ::cosem_datetime_t each). type (3) constrains it (Blue Book 4.5.3): 1 one
 * entry, wildcards in the date allowed; 2 n entries, all with the same
 * time, no date wildcards; 3 the same time, date wildcards allowed; 4 times
 * may differ, no date wildcards; 5 times may differ, date wildcards
 * allowed. A SET of execution_time or type that breaks this answers
 * other-reason (nothing changes).
 *
 * **Matching.** An entry matches a local instant when the date matches
 * (wildcards as in the group description) and the time does: hour "not
 * specified" = every hour, minute "not specified" = every minute, second
 * "not specified" = 0. executed_script runs once for each tick whose window
 * (the local time processed since the previous tick, as the Activity
 * calendar's high-water rule: clock set back or DST end repeat nothing,
 * clock set forward or DST start run what they jump over, once) holds a
 * match of some entry, once per entry. The first tick, and a jump of a day
 * or more, run nothing and restart the window.
 */
typedef struct cosem_single_action_schedule {
    cosem_single_action_state_t *state;  /**< Attributes 2..4 and bookkeeping (RAM). */
    cosem_datetime_t *times;             /**< Execution times (application RAM). */
    uint16_t cap;                        /**< Capacity of @c times. */
    const cosem_object_t *clock;         /**< Clock for local time; NULL: the port's fields. */
} cosem_single_action_schedule_t;

/** @brief Class 22 descriptor. */
extern const cosem_class_t cosem_class_single_action_schedule;
/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_CALENDAR_H */
