/* SPDX-License-Identifier: Apache-2.0 */
/* The meter's state file: energy registers, engine, counters, password,
 * relay, the three profiles (state and ring storage), the disconnect
 * control's state and the activity calendar (demo model), the security
 * keys key_transfer installed. One binary image
 * with a header that names the layout and a CRC-32 at the end; written to
 * a temporary file, synced and renamed over the old one, so a crash leaves
 * the old or the new state and never a mix. The previous generation is
 * kept as FILE.1 and used when the newest is bad. A file of another layout
 * (an older build), with a bad CRC or a field no meter could have written
 * (checked by the library's loaders) is refused; when no generation is
 * good the meter refuses to start (main.c). The file is created 0600: it
 * holds the reader's password. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "meter.h"

#define MAGIC "LCMSTAT2"

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
    F(billing_buf), F(events_buf), F(breaker), F(calendar), F(calendar_active),
    F(calendar_passive), F(keys),
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
    char tmp[520], prev[520];
    FILE *f;
    int ok, fd;
    if (path == NULL) {
        return COSEM_OK;
    }
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp ||
        snprintf(prev, sizeof prev, "%s.1", path) >= (int)sizeof prev) {
        return COSEM_E_ARG;
    }
    (void)unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (f == NULL) {
        if (fd >= 0) {
            (void)close(fd);
        }
        return COSEM_E_IO;
    }
    ok = write_image(f, m) && fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (ok && rename(path, prev) != 0 && errno != ENOENT) {
        ok = 0; /* keep the previous generation or write nothing */
    }
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
    /* fields the library cannot take as they are: checked by its loaders */
    ok = ok && cosem_secret_load(&tmp.reader_password, &tmp.reader_password,
                                 sizeof tmp.reader_password) == COSEM_OK;
    ok = ok && cosem_clock_state_load(&tmp.clock_state, &tmp.clock_state,
                                      sizeof tmp.clock_state) == COSEM_OK;
    ok = ok && *(const uint8_t *)&tmp.relay <= 1u;
    ok = ok && tmp.keys.set <= 7u;
    ok = ok && (m->model->state_valid == NULL || m->model->state_valid(&tmp));
    if (!ok) {
        return COSEM_E_MALFORMED;
    }
    for (i = 0; i < FIELD_COUNT; i++) {
        memcpy((uint8_t *)m + g_fields[i].off, (uint8_t *)&tmp + g_fields[i].off, g_fields[i].len);
    }
    return COSEM_OK;
}

/* Loads one generation. */
static cosem_status_t load_one(meter_t *m, const char *path)
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

/* Loads the newest good generation: FILE, else FILE.1. */
cosem_status_t meter_state_load(meter_t *m, const char *path)
{
    char prev[520];
    cosem_status_t st = load_one(m, path), st1;
    if (st == COSEM_OK || snprintf(prev, sizeof prev, "%s.1", path) >= (int)sizeof prev) {
        return st;
    }
    st1 = load_one(m, prev);
    if (st1 == COSEM_OK) {
        fprintf(stderr, "meter_server: %s: %s, using the previous generation %s\n", path,
                cosem_status_str(st), prev);
        return COSEM_OK;
    }
    return st == COSEM_E_NOTFOUND ? st1 : st;
}
