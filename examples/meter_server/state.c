/* SPDX-License-Identifier: Apache-2.0 */
/* The meter's state file: energy registers, engine, counters, password,
 * relay and the three profiles (state and ring storage). One binary image
 * with a header that names the layout and a CRC-32 at the end; written to
 * a temporary file, synced and renamed over the old one, so a crash leaves
 * the old or the new state and never a mix. A file of another layout (an
 * older build) or with a bad CRC is refused: the meter starts fresh. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "meter.h"

#define MAGIC "LCMSTAT1"

/* One saved piece of the meter. */
typedef struct field {
    size_t off;
    size_t len;
} field_t;

#define F(member) {offsetof(meter_t, member), sizeof(((meter_t *)0)->member)}

/* Everything that persists, in file order. */
static const field_t g_fields[] = {
    F(eng),      F(ap),       F(am),          F(rp),          F(rm),           F(iv_ap),
    F(iv_am),    F(iv_rp),    F(iv_rm),       F(lp_status),   F(power_failures), F(relay),
    F(reader_password), F(lp_state), F(billing_state), F(events_state), F(clock_state), F(lp_buf),
    F(billing_buf), F(events_buf),
};
#define FIELD_COUNT (sizeof g_fields / sizeof g_fields[0])

/* CRC-32 (IEEE, reflected 0xEDB88320), bitwise: the file is small. */
static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return crc;
}

/* Octets of the model name in the header. */
#define MODEL_LEN 16u

/* The header: magic, the model's name and the size of every field (the
 * layout): a state of another model is refused like a foreign layout. */
static void header(uint8_t *out, size_t *n, const meter_t *m)
{
    size_t i, k = sizeof MAGIC - 1u;
    memcpy(out, MAGIC, k);
    memset(out + k, 0, MODEL_LEN);
    (void)strncpy((char *)out + k, m->model->name, MODEL_LEN - 1u);
    k += MODEL_LEN;
    for (i = 0; i < FIELD_COUNT; i++) {
        uint32_t len = (uint32_t)g_fields[i].len;
        memcpy(out + k, &len, sizeof len);
        k += sizeof len;
    }
    *n = k;
}

/* Writes buffer p to f and folds it into the CRC; 0 on failure. */
static int put(FILE *f, const void *p, size_t n, uint32_t *crc)
{
    *crc = crc32_update(*crc, p, n);
    return fwrite(p, 1, n, f) == n;
}

/* Writes the whole image to f. */
static int write_image(FILE *f, const meter_t *m)
{
    uint8_t hdr[sizeof MAGIC + MODEL_LEN + 4u * FIELD_COUNT];
    size_t n, i;
    uint32_t crc = 0xFFFFFFFFu;
    int ok;
    header(hdr, &n, m);
    ok = put(f, hdr, n, &crc);
    for (i = 0; ok && i < FIELD_COUNT; i++) {
        ok = put(f, (const uint8_t *)m + g_fields[i].off, g_fields[i].len, &crc);
    }
    crc ^= 0xFFFFFFFFu;
    return ok && fwrite(&crc, 1, sizeof crc, f) == sizeof crc;
}

/* Syncs the directory holding path so the rename is durable. */
static void sync_dir(const char *path)
{
    char dir[512];
    const char *slash = strrchr(path, '/');
    size_t n = slash == NULL ? 0u : (size_t)(slash - path);
    int fd;
    if (n == 0u || n >= sizeof dir) {
        memcpy(dir, ".", 2);
    } else {
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
}

/* Writes the state file atomically. */
cosem_status_t meter_state_save(const meter_t *m, const char *path)
{
    char tmp[520];
    FILE *f;
    int ok;
    if (path == NULL) {
        return COSEM_OK;
    }
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        return COSEM_E_ARG;
    }
    f = fopen(tmp, "wb");
    if (f == NULL) {
        return COSEM_E_IO;
    }
    ok = write_image(f, m) && fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        (void)unlink(tmp);
        return COSEM_E_IO;
    }
    sync_dir(path);
    return COSEM_OK;
}

/* Reads n bytes into p and folds them into the CRC; 0 on a short read. */
static int get(FILE *f, void *p, size_t n, uint32_t *crc)
{
    if (fread(p, 1, n, f) != n) {
        return 0;
    }
    *crc = crc32_update(*crc, p, n);
    return 1;
}

/* Reads the image into a scratch copy first: m changes only when the
 * whole file is good. */
static cosem_status_t read_image(FILE *f, meter_t *m)
{
    static meter_t tmp; /* large (the profile rings): not on the stack */
    uint8_t want[sizeof MAGIC + MODEL_LEN + 4u * FIELD_COUNT], got[sizeof want];
    size_t n, i;
    uint32_t crc = 0xFFFFFFFFu, file_crc;
    int ok;
    header(want, &n, m);
    ok = get(f, got, n, &crc) && memcmp(got, want, n) == 0;
    tmp = *m;
    for (i = 0; ok && i < FIELD_COUNT; i++) {
        ok = get(f, (uint8_t *)&tmp + g_fields[i].off, g_fields[i].len, &crc);
    }
    crc ^= 0xFFFFFFFFu;
    ok = ok && fread(&file_crc, 1, sizeof file_crc, f) == sizeof file_crc && file_crc == crc;
    ok = ok && fgetc(f) == EOF;
    if (!ok) {
        return COSEM_E_MALFORMED;
    }
    for (i = 0; i < FIELD_COUNT; i++) {
        memcpy((uint8_t *)m + g_fields[i].off, (uint8_t *)&tmp + g_fields[i].off, g_fields[i].len);
    }
    return COSEM_OK;
}

/* Loads the state file. */
cosem_status_t meter_state_load(meter_t *m, const char *path)
{
    cosem_status_t st;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return errno == ENOENT ? COSEM_E_NOTFOUND : COSEM_E_IO;
    }
    st = read_image(f, m);
    (void)fclose(f);
    return st;
}
