/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file metering.h
 * @brief Metering classes: Register (3), Extended register (4), Demand
 *        register (5), Clock (8), and the physical unit enumeration.
 *
 * @defgroup metering Metering classes
 * @ingroup server
 * @brief What meters are read for: energy and instantaneous values with
 *        their scaler and unit, demand, and the meter's clock.
 *
 * Each class takes a const instance description (in flash) that points at
 * the application's variables; state the class itself keeps between calls
 * (demand windows, DST bookkeeping, the clock's settable attributes) lives in
 * a RAM struct the description points to. An object table row looks like:
 *
 * @code
 * static uint32_t energy_wh;                 // the metering engine's counter
 * static const cosem_register_t energy = {
 *     COSEM_VREF(COSEM_AXDR_DOUBLE_LONG_UNSIGNED, &energy_wh), 0, COSEM_UNIT_WH};
 * ... {{1, 0, 1, 8, 0, 255}, &cosem_class_register, &energy, NULL, access, NULL},
 * @endcode
 *
 * **Errors (all four classes).** A SET or method parameter of the wrong Data
 * type (or a string of the wrong length) answers ::COSEM_DAR_TYPE_UNMATCHED;
 * a value of the right type outside its range (time zone beyond +-720, a
 * date-time field out of range, a shift beyond +-900 s, a period of 0)
 * answers ::COSEM_DAR_OTHER_REASON; an attribute the class computes or that
 * is constant (scaler_unit, capture times, demand values, clock status and
 * clock_base) answers ::COSEM_DAR_READ_WRITE_DENIED to a SET. The access
 * rights of the object table are checked by the server before the class is
 * called; the class only refuses what can never be written.
 *
 * Requires `COSEM_WITH_SERVER` and the class options
 * (`COSEM_CLASS_REGISTER`, ...).
 * @{
 */
#ifndef COSEM_METERING_H
#define COSEM_METERING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/datetime.h>
#include <cosem/object.h>
#include <cosem/port.h>
#include <cosem/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ===================================================================== */
/** @name Physical units (Blue Book, DLMS UA 1000-1, "Enumerated values for
 *  physical units"; the unit of a scaler_unit structure) */
/** @{ */
/** @brief Unit codes. */
typedef enum cosem_unit {
    COSEM_UNIT_YEAR = 1,           /**< a, year */
    COSEM_UNIT_MONTH = 2,          /**< mo, month */
    COSEM_UNIT_WEEK = 3,           /**< wk, week */
    COSEM_UNIT_DAY = 4,            /**< d, day */
    COSEM_UNIT_HOUR = 5,           /**< h, hour */
    COSEM_UNIT_MINUTE = 6,         /**< min, minute */
    COSEM_UNIT_SECOND = 7,         /**< s, second */
    COSEM_UNIT_DEGREE = 8,         /**< deg, (phase) angle */
    COSEM_UNIT_CELSIUS = 9,        /**< degC, temperature */
    COSEM_UNIT_CURRENCY = 10,      /**< (local) currency */
    COSEM_UNIT_METRE = 11,         /**< m, length */
    COSEM_UNIT_METRE_PER_SECOND = 12, /**< m/s, speed */
    COSEM_UNIT_M3 = 13,            /**< m3, volume */
    COSEM_UNIT_M3_CORRECTED = 14,  /**< m3, corrected volume */
    COSEM_UNIT_M3_PER_HOUR = 15,   /**< m3/h, volume flux */
    COSEM_UNIT_M3_PER_HOUR_CORRECTED = 16, /**< m3/h, corrected volume flux */
    COSEM_UNIT_M3_PER_DAY = 17,    /**< m3/d, volume flux */
    COSEM_UNIT_M3_PER_DAY_CORRECTED = 18, /**< m3/d, corrected volume flux */
    COSEM_UNIT_LITRE = 19,         /**< l, volume */
    COSEM_UNIT_KG = 20,            /**< kg, mass */
    COSEM_UNIT_NEWTON = 21,        /**< N, force */
    COSEM_UNIT_NEWTON_METRE = 22,  /**< Nm, energy */
    COSEM_UNIT_PASCAL = 23,        /**< Pa, pressure */
    COSEM_UNIT_BAR = 24,           /**< bar, pressure */
    COSEM_UNIT_JOULE = 25,         /**< J, energy */
    COSEM_UNIT_JOULE_PER_HOUR = 26, /**< J/h, thermal power */
    COSEM_UNIT_W = 27,             /**< W, active power */
    COSEM_UNIT_VA = 28,            /**< VA, apparent power */
    COSEM_UNIT_VAR = 29,           /**< var, reactive power */
    COSEM_UNIT_WH = 30,            /**< Wh, active energy */
    COSEM_UNIT_VAH = 31,           /**< VAh, apparent energy */
    COSEM_UNIT_VARH = 32,          /**< varh, reactive energy */
    COSEM_UNIT_A = 33,             /**< A, current */
    COSEM_UNIT_COULOMB = 34,       /**< C, electrical charge */
    COSEM_UNIT_V = 35,             /**< V, voltage */
    COSEM_UNIT_V_PER_METRE = 36,   /**< V/m, electric field strength */
    COSEM_UNIT_FARAD = 37,         /**< F, capacitance */
    COSEM_UNIT_OHM = 38,           /**< Ohm, resistance */
    COSEM_UNIT_OHM_M2_PER_M = 39,  /**< Ohm m2/m, resistivity */
    COSEM_UNIT_WEBER = 40,         /**< Wb, magnetic flux */
    COSEM_UNIT_TESLA = 41,         /**< T, magnetic flux density */
    COSEM_UNIT_A_PER_METRE = 42,   /**< A/m, magnetic field strength */
    COSEM_UNIT_HENRY = 43,         /**< H, inductance */
    COSEM_UNIT_HZ = 44,            /**< Hz, frequency */
    COSEM_UNIT_PER_WH = 45,        /**< 1/(Wh), active energy meter constant */
    COSEM_UNIT_PER_VARH = 46,      /**< 1/(varh), reactive energy meter constant */
    COSEM_UNIT_PER_VAH = 47,       /**< 1/(VAh), apparent energy meter constant */
    COSEM_UNIT_V2H = 48,           /**< V2h, volt-squared hours */
    COSEM_UNIT_A2H = 49,           /**< A2h, ampere-squared hours */
    COSEM_UNIT_KG_PER_SECOND = 50, /**< kg/s, mass flux */
    COSEM_UNIT_SIEMENS = 51,       /**< S, conductance */
    COSEM_UNIT_KELVIN = 52,        /**< K, temperature */
    COSEM_UNIT_PER_V2H = 53,       /**< 1/(V2h), meter constant */
    COSEM_UNIT_PER_A2H = 54,       /**< 1/(A2h), meter constant */
    COSEM_UNIT_PER_M3 = 55,        /**< 1/m3, volume meter constant */
    COSEM_UNIT_PERCENT = 56,       /**< %, percentage */
    COSEM_UNIT_AH = 57,            /**< Ah, ampere-hours */
    COSEM_UNIT_WH_PER_M3 = 60,     /**< Wh/m3, energy per volume */
    COSEM_UNIT_J_PER_M3 = 61,      /**< J/m3, calorific value, Wobbe index */
    COSEM_UNIT_MOL_PERCENT = 62,   /**< mol %, molar fraction */
    COSEM_UNIT_G_PER_M3 = 63,      /**< g/m3, mass density */
    COSEM_UNIT_PASCAL_SECOND = 64, /**< Pa s, dynamic viscosity */
    COSEM_UNIT_J_PER_KG = 65,      /**< J/kg, specific energy */
    COSEM_UNIT_G_PER_CM2 = 66,     /**< g/cm2, pressure */
    COSEM_UNIT_ATM = 67,           /**< atm, pressure */
    COSEM_UNIT_DBM = 70,           /**< dBm, signal strength */
    COSEM_UNIT_DBUV = 71,          /**< dBuV, signal strength */
    COSEM_UNIT_DB = 72,            /**< dB, logarithmic unit */
    COSEM_UNIT_INCH = 128, /**< in */
    COSEM_UNIT_FOOT = 129, /**< ft */
    COSEM_UNIT_POUND = 130, /**< lb */
    COSEM_UNIT_FAHRENHEIT = 131, /**< degF */
    COSEM_UNIT_RANKINE = 132, /**< degR */
    COSEM_UNIT_SQUARE_INCH = 133, /**< in2 */
    COSEM_UNIT_SQUARE_FOOT = 134, /**< ft2 */
    COSEM_UNIT_ACRE = 135, /**< ac */
    COSEM_UNIT_CUBIC_INCH = 136, /**< in3 */
    COSEM_UNIT_CUBIC_FOOT = 137, /**< ft3 */
    COSEM_UNIT_ACRE_FOOT = 138, /**< ac-ft */
    COSEM_UNIT_GALLON_IMPERIAL = 139, /**< gal (imp) */
    COSEM_UNIT_GALLON_US = 140, /**< gal (US) */
    COSEM_UNIT_POUND_FORCE = 141, /**< lbf */
    COSEM_UNIT_PSI = 142, /**< psi */
    COSEM_UNIT_POUND_PER_FT3 = 143, /**< lb/ft3 */
    COSEM_UNIT_POUND_PER_FT_S = 144, /**< lb/(ft s) */
    COSEM_UNIT_FT2_PER_SECOND = 145, /**< ft2/s */
    COSEM_UNIT_BTU = 146, /**< BTU */
    COSEM_UNIT_THERM_EU = 147, /**< thm (EU) */
    COSEM_UNIT_THERM_US = 148, /**< thm (US) */
    COSEM_UNIT_BTU_PER_POUND = 149, /**< BTU/lb */
    COSEM_UNIT_BTU_PER_FT3 = 150, /**< BTU/ft3 */
    COSEM_UNIT_CUBIC_FEET = 151, /**< ft3 */
    COSEM_UNIT_FT_PER_SECOND = 152, /**< ft/s */
    COSEM_UNIT_FT3_PER_SECOND = 153, /**< ft3/s */
    COSEM_UNIT_FT3_PER_MINUTE = 154, /**< ft3/min */
    COSEM_UNIT_FT3_PER_HOUR = 155, /**< ft3/h */
    COSEM_UNIT_FT3_PER_DAY = 156, /**< ft3/d */
    COSEM_UNIT_ACRE_FT_PER_SECOND = 157, /**< ac-ft/s */
    COSEM_UNIT_ACRE_FT_PER_MINUTE = 158, /**< ac-ft/min */
    COSEM_UNIT_ACRE_FT_PER_HOUR = 159, /**< ac-ft/h */
    COSEM_UNIT_ACRE_FT_PER_DAY = 160, /**< ac-ft/d */
    COSEM_UNIT_IMP_GALLON = 161, /**< imp gal */
    COSEM_UNIT_IMP_GALLON_PER_SECOND = 162, /**< imp gal/s */
    COSEM_UNIT_IMP_GALLON_PER_MINUTE = 163, /**< imp gal/min */
    COSEM_UNIT_IMP_GALLON_PER_HOUR = 164, /**< imp gal/h */
    COSEM_UNIT_IMP_GALLON_PER_DAY = 165, /**< imp gal/d */
    COSEM_UNIT_US_GALLON = 166, /**< US gal */
    COSEM_UNIT_US_GALLON_PER_SECOND = 167, /**< US gal/s */
    COSEM_UNIT_US_GALLON_PER_MINUTE = 168, /**< US gal/min */
    COSEM_UNIT_US_GALLON_PER_HOUR = 169, /**< US gal/h */
    COSEM_UNIT_US_GALLON_PER_DAY = 170, /**< US gal/d */
    COSEM_UNIT_BTU_PER_SECOND = 171, /**< BTU/s */
    COSEM_UNIT_BTU_PER_MINUTE = 172, /**< BTU/min */
    COSEM_UNIT_BTU_PER_HOUR = 173, /**< BTU/h */
    COSEM_UNIT_BTU_PER_DAY = 174, /**< BTU/d */
    COSEM_UNIT_OTHER = 254,        /**< other unit */
    COSEM_UNIT_COUNT = 255         /**< no unit, unitless, count */
} cosem_unit_t;

/**
 * @brief Symbol of a unit, in ASCII for terminals and logs ("Wh", "V", "A",
 *        "var", "Hz", "m3", "degC", "Ohm", ...). Built with
 *        `COSEM_CLASS_REGISTER` (server) or `COSEM_WITH_CLIENT`.
 * @param unit A unit code.
 * @return A static string; "" for count (255), "other" for 254, "?" for
 *         reserved codes.
 */
const char *cosem_unit_name(uint8_t unit);
/** @} */

/* ===================================================================== */
/** @name Register (class 3, version 0) */
/** @{ */

/**
 * @brief Instance description of a Register: value (2) and scaler_unit (3).
 *
 * The value is any simple Data type the reference allows (integers, floats,
 * strings: the Blue Book admits octet-string values). The physical value is
 * value * 10^scaler unit. SET of the value (2) stores into the variable when
 * the Data type matches the reference's; scaler_unit (3) is constant.
 * Method reset (1, parameter integer(0); null-data is also accepted) sets
 * the value to 0 (strings to empty, or all zero when fixed-length);
 * an application that keeps its counter elsewhere replaces it with an
 * ops->action.
 */
typedef struct cosem_register {
    cosem_vref_t value; /**< Attribute 2. */
    int8_t scaler;      /**< Attribute 3: power of ten. */
    uint8_t unit;       /**< Attribute 3: ::cosem_unit_t. */
} cosem_register_t;

/** @brief Class 3 descriptor. */
extern const cosem_class_t cosem_class_register;

/**
 * @brief Register (class 3) read-only: ::cosem_class_register without SET
 *        and without the reset method.
 *
 * The same class id, version, attributes, method count, default rights and
 * GET; a SET of any attribute and the reset method are answered
 * read-write-denied. For registers no association may write or reset (give
 * their access rights neither, so the object list says so): an image whose
 * Registers and Data objects all use the read-only descriptors links none
 * of the value-reference write path.
 */
extern const cosem_class_t cosem_class_register_ro;
/** @} */

/* ===================================================================== */
/** @name Extended register (class 4, version 0) */
/** @{ */

/**
 * @brief Instance description of an Extended register: a Register plus
 *        status (4) and capture_time (5).
 *
 * The status is any Data type (often unsigned or bit-string) in an
 * application variable; it may be SET when the type matches. The
 * capture_time (octet-string(12) date-time) is application RAM, set by the
 * application with cosem_extended_register_capture() whenever it updates the
 * value, and by the reset method (1) to the port's time; it cannot be SET.
 */
typedef struct cosem_extended_register {
    cosem_register_t reg;            /**< Value and scaler_unit (attributes 2, 3). */
    cosem_vref_t status;             /**< Attribute 4 (type NULL_DATA: none). */
    cosem_datetime_t *capture_time;  /**< Attribute 5 (application RAM). */
} cosem_extended_register_t;

/**
 * @brief Record the capture time of an Extended register object.
 * @param obj An object of class 4.
 * @param now The time the value was captured.
 * @return ::COSEM_OK, ::COSEM_E_ARG for another class or NULL arguments.
 */
cosem_status_t cosem_extended_register_capture(const cosem_object_t *obj,
                                               const cosem_datetime_t *now);

/** @brief Class 4 descriptor. */
extern const cosem_class_t cosem_class_extended_register;
/** @} */

/* ===================================================================== */
/** @name Demand register (class 5, version 0) */
/** @{ */

/**
 * @brief RAM state of a Demand register (the application places it and may
 *        save/restore it; zero it before first use).
 *
 * @c history must point at an array of @c history_cap values: the source's
 * value at the start of each of the last sub-periods (the sliding window).
 * Before the server starts: zero the struct, then set @c period,
 * @c number_of_periods, @c history and @c history_cap (cosem_server_init()
 * checks them).
 */
typedef struct cosem_demand_state {
    uint32_t period;              /**< Attribute 8: sub-period in seconds (> 0). */
    uint16_t number_of_periods;   /**< Attribute 9: sub-periods in the window (1..history_cap). */
    int64_t last_average;         /**< Attribute 3, in the demand's scaler/unit. */
    cosem_datetime_t capture_time; /**< Attribute 6: end of the last closed period. */
    cosem_datetime_t start_time_current; /**< Attribute 7: start of the running window. */
    int64_t *history;             /**< Source values at sub-period starts (ring). */
    uint16_t history_cap;         /**< Entries of @c history (>= 1). */
    /* private */
    bool started_;                /**< @private A window is running. */
    uint16_t head_;               /**< @private Ring slot of the current sub-period. */
    uint16_t filled_;             /**< @private Sub-periods in the ring (1..number_of_periods). */
    int64_t start_utc_;           /**< @private Start of the current sub-period. */
} cosem_demand_state_t;

/**
 * @brief Instance description of a Demand register.
 *
 * **What it computes (Blue Book 4.3.4).** The application feeds a
 * cumulative quantity (@c source, e.g. the Wh counter that also backs the
 * energy register). With P = period and N = number_of_periods:
 * - current_average_value (2) = (source now - source at the start of the
 *   window) * factor / (N * P): the running demand, rising during a period;
 * - at each period end (instants that are multiples of P seconds since
 *   1970-01-01 UTC, seen by cosem_server_tick()) or on next_period (2):
 *   last_average_value (3) = the same quotient, capture_time (6) = that
 *   instant, the window slides by one sub-period and start_time_current (7)
 *   = that instant (the start of the new sub-period);
 * - reset (1): both averages 0, a new window starts now (capture_time and
 *   start_time_current = now).
 * The window starts at the first tick with a valid clock (or at reset /
 * a change of period or number_of_periods). When the clock jumps forward
 * over several periods, one period closes at the first boundary passed and
 * a new window starts at the last one; when it goes back, the current
 * sub-period restarts at the new time. The division truncates toward zero.
 * Time stamps use the deviation and status the port reports at the time;
 * a stamp never set reads as "not specified".
 *
 * **Units.** The average is a rate per second of the source times
 * @c factor. For a source in Wh with scaler k, factor 3600 gives W with
 * scaler k (Wh/s * 3600 = W): declare @c scaler = k and @c unit = ::COSEM_UNIT_W.
 * For varh -> var and VAh -> VA the same; a source in m3 with factor 3600
 * gives m3/h.
 *
 * Averages are written with @c value_type (an integer type, e.g.
 * double-long-unsigned); a value that does not fit gives other-reason.
 */
typedef struct cosem_demand_register {
    cosem_vref_t source;          /**< Cumulative quantity the app updates (integer type). */
    uint32_t factor;              /**< Multiplier of the per-second rate (3600: Wh -> W). */
    uint8_t value_type;           /**< Data type of attributes 2 and 3 (integer family). */
    int8_t scaler;                /**< Attribute 4: power of ten. */
    uint8_t unit;                 /**< Attribute 4: ::cosem_unit_t. */
    cosem_vref_t status;          /**< Attribute 5 (type NULL_DATA: none). */
    cosem_demand_state_t *state;  /**< RAM state. */
} cosem_demand_register_t;

/** @brief Class 5 descriptor. */
extern const cosem_class_t cosem_class_demand_register;
/** @} */

/* ===================================================================== */
/** @name Clock (class 8, version 0) */
/** @{ */

/** @brief Values of clock_base (attribute 9). */
typedef enum cosem_clock_base {
    COSEM_CLOCK_BASE_NOT_DEFINED = 0,   /**< not defined */
    COSEM_CLOCK_BASE_CRYSTAL = 1,       /**< internal crystal */
    COSEM_CLOCK_BASE_MAINS_50HZ = 2,    /**< mains frequency 50 Hz */
    COSEM_CLOCK_BASE_MAINS_60HZ = 3,    /**< mains frequency 60 Hz */
    COSEM_CLOCK_BASE_GPS = 4,           /**< GPS */
    COSEM_CLOCK_BASE_RADIO = 5          /**< radio controlled */
} cosem_clock_base_t;

/** @brief What a clock reports to the application. */
typedef enum cosem_clock_event {
    COSEM_CLOCK_TIME_SET = 1,   /**< The time was set (SET of time, adjust_*, shift_time). */
    COSEM_CLOCK_DST_BEGIN = 2,  /**< Daylight saving time began (seen by the tick). */
    COSEM_CLOCK_DST_END = 3     /**< Daylight saving time ended (seen by the tick). */
} cosem_clock_event_t;

/**
 * @brief RAM state of a Clock: its settable attributes (the application
 *        initialises them and may persist them) and private bookkeeping.
 */
typedef struct cosem_clock_state {
    int16_t time_zone;            /**< Attribute 3: minutes to add to local normal time to get UTC (CET: -60). */
    cosem_datetime_t dst_begin;   /**< Attribute 5: local normal time DST begins (wildcards allowed). */
    cosem_datetime_t dst_end;     /**< Attribute 6: local DST time DST ends (wildcards allowed). */
    int8_t dst_deviation;         /**< Attribute 7: minutes DST adds to local time (-120..120). */
    bool dst_enabled;             /**< Attribute 8. */
    /* preset_adjusting_time (method 5), used by adjust_to_preset_time (4) */
    cosem_datetime_t preset_time;   /**< @private */
    cosem_datetime_t preset_from;   /**< @private */
    cosem_datetime_t preset_to;     /**< @private */
    bool preset_valid_;             /**< @private */
    uint8_t dst_seen_;              /**< @private DST at the last tick: 0 unknown, 1 no, 2 yes. */
#if !COSEM_CLOCK_PORT_LOCAL
    /* What cosem_clock_now() last computed, reused while its inputs are
     * the same (the class's own business: an application never reads or
     * writes it, and cosem_clock_state_load() drops it). */
    uint8_t cache_ok_;              /**< @private Bit 0: port date below valid; bit 1: local window. */
    uint8_t cache_key_[28];         /**< @private time_zone..dst_enabled the window was computed under. */
    uint16_t cache_port_year_;      /**< @private The port's date and deviation... */
    uint8_t cache_port_month_;      /**< @private ...that cache_port_utc_ ... */
    uint8_t cache_port_day_;        /**< @private ...belongs to. */
    int16_t cache_port_dev_;        /**< @private */
    cosem_datetime_t cache_local_;  /**< @private Local date, weekday, deviation and DST bit of the window. */
    int32_t cache_lo_;              /**< @private Window: seconds after cache_day_utc_, from... */
    int32_t cache_hi_;              /**< @private ...to (exclusive). */
    int64_t cache_port_utc_;        /**< @private UTC of 00:00:00 of the port's date. */
    int64_t cache_day_utc_;         /**< @private UTC of 00:00:00 of the local day of the window. */
#endif
} cosem_clock_state_t;

/**
 * @brief Instance description of a Clock.
 *
 * **Who applies the time zone and DST: this class.** The port is only the
 * source of the instant: the time it returns (fields and deviation) is
 * converted to UTC (a deviation "not specified" reads the fields as UTC, so a
 * bare-metal RTC simply keeps UTC). The class then reports local time from
 * its own attributes: normal time is UTC - time_zone minutes; when
 * dst_enabled and the instant lies in [begin, end) of its year, the
 * dst_deviation is added, the deviation field becomes time_zone -
 * dst_deviation and the status gets ::COSEM_CLOCK_STATUS_DST. Other status
 * bits (invalid, doubtful, ...) come from the port. Begin is read in local
 * normal time, end in local DST time (EU: begin last Sunday of March 02:00,
 * octets `FF FF 03 FE 07 02 00 00 00 80 00 FF`, end last Sunday of October
 * 03:00, `FF FF 0A FE 07 03 00 00 00 80 00 FF`). A port that applies its own zone (the POSIX port with TZ)
 * still works: its fields and deviation name the same instant.
 *
 * **Wildcards in dst_begin/dst_end.** Year "not specified" = every year;
 * month 1..12 required; day 1..31 with day of week not specified = that
 * day; day d with day of week w = the first weekday w on or after d; day
 * 0xFE (last) / 0xFD (second last) with day of week not specified = the
 * last / second last day of the month, with day of week w = the last /
 * second last weekday w of the month; hour, minute, second not specified = 0.
 *
 * **Setting the time (attribute 2).** Every field is range checked
 * (other-reason when out of range or not a date that exists; the DST month
 * values 0xFD/0xFE and the days 0xFD/0xFE are rejected with other-reason);
 * fields "not specified" keep the clock's current value (read in the
 * deviation of the request, or local time when that is not specified too);
 * day of week and status are ignored. A local time without deviation that
 * occurs twice at DST end is read as DST. The port's time_set receives the
 * local time with its deviation and status; then @c event is called with
 * ::COSEM_CLOCK_TIME_SET and the local times before and after, so the
 * application can set the "time changed" bit of its profile status words or
 * write an event log entry. A port without time_set answers
 * read-write-denied; a port ::COSEM_E_IO hardware-fault; other port errors
 * other-reason. SET of time_zone (3, long, -720..720), the DST rules (5, 6),
 * dst_deviation (7, integer, -120..120) and dst_enabled (8, boolean) changes
 * the state; status (4) and clock_base (9) refuse SET.
 *
 * **Methods.** adjust_to_quarter (1), adjust_to_measuring_period (2) and
 * adjust_to_minute (3) round the local time to the nearest multiple of 900
 * s, @c measuring_period, 60 s (half way rounds up; hundredths become 0);
 * adjust_to_preset_time (4) sets the preset time once, when the clock is
 * inside the validity interval (bounds included), else other-reason;
 * preset_adjusting_time (5) takes structure {preset_time,
 * validity_interval_start, validity_interval_end} (octet-string(12) each;
 * the preset may leave fields "not specified", filled from the time at
 * adjustment; the bounds must be complete and in order); shift_time (6)
 * takes long seconds, -900..900. Methods 1..4 take integer(0) (or no
 * parameter). Each time change calls @c event like a SET.
 *
 * **Ticks.** cosem_server_tick() lets the class notice DST begin and end and
 * report them through @c event (::COSEM_CLOCK_DST_BEGIN /
 * ::COSEM_CLOCK_DST_END) for the "DST" bits of profile status words.
 */
typedef struct cosem_clock {
    cosem_clock_state_t *state;   /**< Settable attributes and bookkeeping (RAM). */
    const cosem_port_t *port;     /**< Time source; NULL: the server's port. */
    uint8_t clock_base;           /**< Attribute 9: ::cosem_clock_base_t. */
    /** Measuring period in seconds for adjust_to_measuring_period (2);
     *  0: the method answers read-write-denied. */
    uint32_t measuring_period;
    /**
     * Time set or DST change; NULL: none. @p s is the server (NULL when the
     * class was called without one), @p clock the object (its @c user field
     * is the application's), @p before / @p after the local time just
     * before and after (for a DST change: the same instant in the old and
     * new deviation).
     */
    void (*event)(struct cosem_server *s, const cosem_object_t *clock, cosem_clock_event_t ev,
                  const cosem_datetime_t *before, const cosem_datetime_t *after);
} cosem_clock_t;

/**
 * @brief The clock's local time now (what attribute 2 reads).
 *
 * Unless ::COSEM_CLOCK_PORT_LOCAL, the clock's state keeps the last
 * conversion (the port's day, the stretch of local day with the same DST
 * status) and reuses it while the port's date and the state's time_zone,
 * DST rules, deviation and enabled are unchanged: the result is always
 * what cosem_clock_local() gives, but the call writes the state, so calls
 * for one clock must not run concurrently.
 * @param s   Server (for its port; may be NULL when the clock has a port).
 * @param obj A Clock object.
 * @param now Output local time; when the port has no valid time, every field
 *            not specified and status ::COSEM_CLOCK_STATUS_INVALID.
 * @param utc Output seconds since the epoch (may be NULL); -1 when invalid.
 * @return ::COSEM_OK, the port's error, or ::COSEM_E_ARG.
 */
cosem_status_t cosem_clock_now(struct cosem_server *s, const cosem_object_t *obj,
                               cosem_datetime_t *now, int64_t *utc);

/**
 * @brief Restore a Clock state persisted as the raw octets of a
 *        ::cosem_clock_state_t (this build's layout): every field is
 *        checked before @p st changes (booleans 0 or 1, time zone
 *        -720..720 or not specified, DST deviation -120..120).
 * @param st  State to fill; unchanged on error.
 * @param raw The saved octets.
 * @param n   Their number (sizeof(cosem_clock_state_t)).
 * @return ::COSEM_OK; ::COSEM_E_MALFORMED for another size or a bad field;
 *         ::COSEM_E_ARG.
 */
cosem_status_t cosem_clock_state_load(cosem_clock_state_t *st, const void *raw, size_t n);

/**
 * @brief Local time of instant @p utc under the clock's time zone and DST
 *        rules (deviation and DST status bit set accordingly).
 * @param st     Clock state.
 * @param utc    Seconds since the epoch.
 * @param status Other status bits to keep (the DST bit is computed).
 * @param out    Output.
 * @return ::COSEM_OK or ::COSEM_E_RANGE.
 */
cosem_status_t cosem_clock_local(const cosem_clock_state_t *st, int64_t utc, uint8_t status,
                                 cosem_datetime_t *out);

/** @brief Class 8 descriptor. */
extern const cosem_class_t cosem_class_clock;
/** @} */

#ifdef __cplusplus
}
#endif

/** @} */
#endif /* COSEM_METERING_H */
