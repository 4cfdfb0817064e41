/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the date-time module. Any input is parsed as text;
 * a 12-byte input is also decoded as octets. Aborts when a value that
 * validates does not survive format -> parse or to_utc -> from_utc, or when
 * encode(decode(x)) differs from x. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cosem/datetime.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether all ten fields are equal. */
static int same(const cosem_datetime_t *a, const cosem_datetime_t *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day &&
           a->day_of_week == b->day_of_week && a->hour == b->hour && a->minute == b->minute &&
           a->second == b->second && a->hundredths == b->hundredths &&
           a->deviation == b->deviation && a->status == b->status;
}

/* Format always fits; a valid value parses back to itself, with the day
 * of week computed (or not specified) and status not specified. */
static void check_text(const cosem_datetime_t *dt)
{
    char buf[COSEM_DATETIME_TEXT_MAX];
    size_t n = cosem_datetime_format(dt, buf, sizeof buf);
    cosem_datetime_t back, want = *dt;
    if (n == 0 || n >= sizeof buf || strlen(buf) != n) {
        abort();
    }
    if (cosem_datetime_validate(dt) != COSEM_OK) {
        return;
    }
    if (cosem_datetime_parse(&back, buf, n) != COSEM_OK) {
        abort();
    }
    want.status = COSEM_DT_NS;
    want.day_of_week = COSEM_DT_NS;
    if (dt->year <= 9999u && dt->month <= 12u && dt->day <= 31u) {
        want.day_of_week = cosem_datetime_weekday(dt->year, dt->month, dt->day);
    }
    if (!same(&back, &want)) {
        abort();
    }
}

/* to_utc succeeds exactly for complete valid values, and from_utc of the
 * result gives the same local fields back (years 0..9999). */
static void check_utc(const cosem_datetime_t *dt)
{
    int64_t utc = 0;
    cosem_datetime_t back, want = *dt;
    int usable = cosem_datetime_is_complete(dt) && cosem_datetime_validate(dt) == COSEM_OK;
    if ((cosem_datetime_to_utc(dt, &utc) == COSEM_OK) != usable) {
        abort();
    }
    if (!usable || dt->year > 9999u) {
        return;
    }
    if (cosem_datetime_from_utc(&back, utc, dt->deviation, dt->status) != COSEM_OK) {
        abort();
    }
    want.hundredths = 0;
    want.day_of_week = cosem_datetime_weekday(dt->year, dt->month, dt->day);
    if (!same(&back, &want)) {
        abort();
    }
}

/* Arbitrary instant and deviation: from_utc either refuses or gives a
 * complete valid value that converts back to the same instant. */
static void check_from_utc(const uint8_t *p)
{
    int64_t utc = 0, back = 0;
    int16_t dev = (int16_t)(uint16_t)((p[8] << 8) | p[9]);
    cosem_datetime_t dt;
    size_t i;
    for (i = 0; i < 8; i++) {
        utc = (int64_t)((uint64_t)utc << 8 | p[i]);
    }
    if (p[10] & 1u) {
        utc %= 400000000000LL; /* mostly inside the supported range */
    }
    if (cosem_datetime_from_utc(&dt, utc, dev, p[11]) != COSEM_OK) {
        return;
    }
    if (cosem_datetime_validate(&dt) != COSEM_OK || !cosem_datetime_is_complete(&dt) ||
        cosem_datetime_to_utc(&dt, &back) != COSEM_OK || back != utc) {
        abort();
    }
}

/* Text parse of any input; octet checks of 12-byte inputs. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cosem_datetime_t dt;
    uint8_t enc[COSEM_DATETIME_SIZE];
    if (cosem_datetime_parse(&dt, (const char *)data, size) == COSEM_OK) {
        if (cosem_datetime_validate(&dt) != COSEM_OK || dt.status != COSEM_DT_NS) {
            abort();
        }
        check_text(&dt);
        check_utc(&dt);
    }
    if (size == COSEM_DATETIME_SIZE) {
        cosem_datetime_decode(&dt, data);
        cosem_datetime_encode(&dt, enc);
        if (memcmp(enc, data, COSEM_DATETIME_SIZE) != 0) {
            abort();
        }
        check_text(&dt);
        check_utc(&dt);
        check_from_utc(data);
    }
    return 0;
}
