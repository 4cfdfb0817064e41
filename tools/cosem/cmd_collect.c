/* SPDX-License-Identifier: Apache-2.0 */
/* cosem collect: read many meters at once. The meter list (CSV) is read one
 * line at a time as slots of the many-session loop of the POSIX port
 * (cosem_posix_multi.h) become free, so memory does not grow with the list;
 * results stream out as one CSV line or JSON line per record, straight from
 * the client's element delivery (one profile row at a time). */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <netdb.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <cosem_posix_multi.h>

#include "cli.h"
#include "csvlist.h"

/* ---- limits ---------------------------------------------------------------- */
#define COL_MAX_ITEMS 64     /* objects on the command line */
#define COL_MAX_REFS (2 * COL_MAX_ITEMS)
#define COL_LIST_CHUNK 16    /* attributes per get-request-with-list */
#define COL_ELEMENT_MAX 2048 /* one streamed element (a profile row) */
#define COL_ID_MAX 64
#define COL_LINE_MAX 4096
#define COL_MAX_COLS 32
#define COL_TEXT_MAX 8192

/* One attribute read per meter: a value, or the scaler_unit read just before
 * the value it scales (so the value can be printed as soon as it arrives). */
typedef struct col_ref {
    cosem_attr_ref_t ref;
    uint8_t item;  /* index into the items */
    bool su;       /* this is the scaler_unit of the item */
    bool has_su;   /* value: preceded by its scaler_unit */
} col_ref_t;

/* Per-meter state (one per slot in flight). */
typedef struct col_job {
    char id[COL_ID_MAX];
    uint8_t password[COSEM_MAX_SECRET];
    char device[256];        /* serial line (the target points here) */
    unsigned line;           /* line of the meter list */
    uint8_t phase;           /* 0 objects, 1 profile, 2 nothing left */
    bool no_list;            /* get-request-with-list refused: one at a time */
    uint16_t next_ref;       /* first reference not complete */
    uint16_t chunk;          /* references in the running request */
    uint16_t done_upto;      /* references complete (delivered), also of a broken request */
    uint32_t count;          /* elements of the running array */
    uint32_t rows;           /* elements of the running item delivered */
    uint32_t skip;           /* elements to drop (delivered by an earlier attempt) */
    int scaler;              /* scaler_unit of the running item */
    unsigned unit;
    bool su_ok;
    uint32_t records;        /* records written for this meter */
    struct col_job *next_free;
} col_job_t;

/* The whole run. */
typedef struct col_run {
    /* what to read */
    col_ref_t refs[COL_MAX_REFS];
    size_t nrefs;
    bool has_profile;
    cosem_attr_ref_t profile;
    cosem_selection_t sel;
    uint8_t sel_buf[COSEM_CLIENT_RANGE_SIZE(0)];
    /* meter list */
    FILE *in;
    const char *path;
    unsigned line;
    int col_id, col_tcp, col_serial;
    char *names[COL_MAX_COLS];
    size_t ncols;
    char head[COL_LINE_MAX];
    cli_conn_opts_t defaults;
    size_t slot_buf;
    /* skip list (sorted ids) */
    char **skip;
    size_t nskip;
    unsigned long skipped;
    /* jobs */
    col_job_t *free_jobs;
    /* output */
    bool json;
    unsigned long records, rows, done, failed;
    unsigned long fail_exit[6];
    int worst;
    bool progress;
    double t0;
    double last_progress;
    cosem_multi_t *m;
} col_run_t;

static volatile int g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static double mono_s(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- output ------------------------------------------------------------------ */

/* Appends text to a CSV line, quoted when it holds a comma, quote or newline. */
static void csv_put(char *line, size_t cap, const char *text)
{
    size_t n = strlen(line);
    bool q = strpbrk(text, ",\"\n\r") != NULL;
    if (q && n + 1 < cap) {
        line[n++] = '"';
    }
    for (; *text != '\0' && n + 2 < cap; text++) {
        if (*text == '"') {
            line[n++] = '"';
        }
        line[n++] = *text;
    }
    if (q && n + 1 < cap) {
        line[n++] = '"';
    }
    line[n] = '\0';
}

/* Starts a record: id and kind, then the attribute when given. */
static void rec_begin(const col_run_t *r, const col_job_t *j, const char *kind,
                      const cosem_attr_ref_t *ref)
{
    char obis[COSEM_OBIS_TEXT_MAX];
    if (r->json) {
        fputs("{\"id\":", stdout);
        cli_json_string(stdout, j->id, strlen(j->id));
        printf(",\"record\":\"%s\"", kind);
        if (ref != NULL) {
            printf(",\"obis\":\"%s\",\"class\":%u,\"attr\":%u", cli_obis_text(ref->obis, obis),
                   ref->class_id, (unsigned)(uint8_t)ref->id);
        }
        return;
    }
    {
        char line[COL_ID_MAX * 2 + 8] = "";
        csv_put(line, sizeof line, j->id);
        fputs(line, stdout);
    }
    if (ref != NULL) {
        printf(",%s,%s,%u,%u", kind, cli_obis_text(ref->obis, obis), ref->class_id,
               (unsigned)(uint8_t)ref->id);
    } else {
        printf(",%s,,,", kind);
    }
}

/* Ends a record. */
static void rec_end(col_run_t *r, col_job_t *j)
{
    fputs(r->json ? "}\n" : "\n", stdout);
    r->records++;
    j->records++;
}

/* One node as text: a primitive (scaled), else compact JSON. Returns the
 * cli_node_text() kind (CLI_TXT_NONE: text is JSON). */
static int node_text(const cosem_value_node_t *nodes, size_t count, size_t idx,
                     const int *scaler, char *buf, size_t cap)
{
    int kind = cli_node_text(&nodes[idx], scaler, buf, cap);
    if (kind == CLI_TXT_NONE && cli_subtree_json(nodes, count, idx, buf, cap) != 0) {
        (void)snprintf(buf, cap, "?");
    }
    return kind;
}

/* Writes one value in the record's format: JSON typed, CSV one field. */
static void put_node(const col_run_t *r, const cosem_value_node_t *nodes, size_t count,
                     size_t idx, const int *scaler, char *line, size_t cap)
{
    static char text[COL_TEXT_MAX];
    int kind = node_text(nodes, count, idx, scaler, text, sizeof text);
    if (r->json) {
        if (kind == CLI_TXT_STRING) {
            cli_json_string(stdout, text, strlen(text));
        } else {
            fputs(text, stdout);
        }
    } else {
        csv_put(line, cap, text);
    }
}

/* A value record (a whole attribute). */
static void rec_value(col_run_t *r, col_job_t *j, const col_ref_t *cr,
                      const cosem_value_node_t *nodes, size_t count)
{
    static char line[COL_TEXT_MAX * 2];
    const char *unit = cr->has_su && j->su_ok && j->unit != 255 ? cli_unit_symbol(j->unit) : NULL;
    const int *sc = cr->has_su && j->su_ok ? &j->scaler : NULL;
    line[0] = '\0';
    rec_begin(r, j, "value", &cr->ref);
    if (r->json) {
        fputs(",\"value\":", stdout);
        put_node(r, nodes, count, 0, sc, NULL, 0);
        if (unit != NULL) {
            printf(",\"unit\":\"%s\"", unit);
        }
    } else {
        put_node(r, nodes, count, 0, sc, line, sizeof line);
        printf(",,%s,%s,", line, unit != NULL ? unit : "");
    }
    rec_end(r, j);
}

/* A row record: one element of an array (a profile row); a structure's
 * fields are the cells (CSV: joined with ';'). */
static void rec_row(col_run_t *r, col_job_t *j, const cosem_attr_ref_t *ref, uint32_t index,
                    const cosem_value_node_t *nodes, size_t count)
{
    static char line[COL_TEXT_MAX * 4];
    size_t k, n = nodes[0].type == COSEM_AXDR_STRUCTURE ? nodes[0].count : 1;
    line[0] = '\0';
    rec_begin(r, j, "row", ref);
    if (r->json) {
        printf(",\"row\":%lu,\"values\":[", (unsigned long)index);
    }
    for (k = 0; k < n; k++) {
        size_t idx = nodes[0].type == COSEM_AXDR_STRUCTURE ? cosem_value_child(nodes, count, 0, k)
                                                           : 0;
        char cell[COL_TEXT_MAX];
        if (k > 0 && r->json) {
            fputc(',', stdout);
        }
        if (r->json) {
            put_node(r, nodes, count, idx, NULL, NULL, 0);
            continue;
        }
        (void)node_text(nodes, count, idx, NULL, cell, sizeof cell);
        if (k > 0 && strlen(line) + 1 < sizeof line) {
            strcat(line, ";");
        }
        if (strlen(line) + strlen(cell) < sizeof line) {
            strcat(line, cell);
        }
    }
    if (r->json) {
        fputc(']', stdout);
    } else {
        char q[sizeof line + 64] = "";
        csv_put(q, sizeof q, line);
        printf(",%lu,%s,,", (unsigned long)index, q);
    }
    r->rows++;
    rec_end(r, j);
}

/* The text of a failed operation's outcome: "layer: reason". */
static void error_text(const cosem_client_error_t *e, char *buf, size_t cap)
{
    const char *layer = cosem_client_layer_str(e->layer);
    switch (e->layer) {
    case COSEM_CLIENT_LAYER_ASSOCIATION:
        if (e->status == COSEM_E_DENIED && e->cse_service == 0) {
            (void)snprintf(buf, cap, "%s: %s: %s", layer, cli_assoc_result_name(e->assoc_result),
                           cli_diag_name(e->diag_source, e->diagnostic));
            return;
        }
        break;
    case COSEM_CLIENT_LAYER_SERVICE:
        if (e->state_error != 0 || e->service_error != 0) {
            (void)snprintf(buf, cap, "%s: exception-response: %s, %s", layer,
                           cli_state_error_name(e->state_error),
                           cli_service_error_name(e->service_error));
            return;
        }
        break;
    case COSEM_CLIENT_LAYER_DATA:
        (void)snprintf(buf, cap, "%s: %s", layer, cli_dar_name(e->dar));
        return;
    case COSEM_CLIENT_LAYER_LINK:
        if (e->hdlc_reason != 0) {
            (void)snprintf(buf, cap, "%s: %s (HDLC reason %u)", layer,
                           cosem_status_str(e->status), e->hdlc_reason);
            return;
        }
        break;
    default:
        break;
    }
    (void)snprintf(buf, cap, "%s: %s", layer, cosem_status_str(e->status));
}

/* An error record: attribute ref could not be read. */
static void rec_error(col_run_t *r, col_job_t *j, const cosem_attr_ref_t *ref,
                      const cosem_client_error_t *e)
{
    char text[256], line[300] = "";
    error_text(e, text, sizeof text);
    rec_begin(r, j, "error", ref);
    if (r->json) {
        fputs(",\"error\":", stdout);
        cli_json_string(stdout, text, strlen(text));
    } else {
        csv_put(line, sizeof line, text);
        printf(",,,,%s", line);
    }
    rec_end(r, j);
}

/* ---- the job's operations ------------------------------------------------- */

/* Decodes data into the shared node array; the node count, 0 on error. */
static size_t decode(const cosem_client_data_t *d)
{
    cosem_axdr_reader_t rd;
    size_t count = 0;
    cosem_axdr_reader_init(&rd, d->data, d->len);
    return cosem_value_decode(&rd, cli_nodes, CLI_MAX_NODES, &count) == COSEM_OK ? count : 0;
}

static col_run_t *g_run; /* the run (one per process); data callbacks get the job */

/* One piece of the value of reference k. */
static cosem_status_t take_piece(col_run_t *r, col_job_t *j, size_t k,
                                 const cosem_client_data_t *d)
{
    const col_ref_t *cr = &r->refs[k];
    size_t count;
    if (d->kind == COSEM_CLIENT_DATA_ARRAY) {
        j->count = d->count;
        if (d->count == 0) {
            j->done_upto = (uint16_t)(k + 1u);
        }
        return COSEM_OK;
    }
    if (!cr->su && (d->kind != COSEM_CLIENT_DATA_ELEMENT || d->index + 1u >= j->count)) {
        j->done_upto = (uint16_t)(k + 1u); /* this value is complete once handled */
    }
    if (d->kind == COSEM_CLIENT_DATA_RESULT) {
        cosem_client_error_t e;
        memset(&e, 0, sizeof e);
        e.status = COSEM_E_DENIED;
        e.layer = COSEM_CLIENT_LAYER_DATA;
        e.dar = d->dar;
        if (cr->su) {
            j->su_ok = false;
        } else {
            rec_error(r, j, &cr->ref, &e);
        }
        return COSEM_OK;
    }
    count = decode(d);
    if (count == 0) {
        return COSEM_E_MALFORMED;
    }
    if (d->kind == COSEM_CLIENT_DATA_ELEMENT) {
        if (d->index >= j->skip) {
            rec_row(r, j, &cr->ref, d->index, cli_nodes, count);
        }
        j->rows = d->index + 1;
    } else if (cr->su) {
        j->su_ok = cli_nodes[0].type == COSEM_AXDR_STRUCTURE && cli_nodes[0].count == 2 &&
                   count >= 3;
        j->scaler = j->su_ok ? (int)cli_nodes[1].v.i : 0;
        j->unit = j->su_ok ? (unsigned)cli_nodes[2].v.u : 255;
    } else {
        rec_value(r, j, cr, cli_nodes, count);
    }
    return COSEM_OK;
}

/* Data callback of the object reads: item d->item of the running request. */
static cosem_status_t on_data(void *user, const cosem_client_data_t *d)
{
    col_job_t *j = user;
    size_t k = (size_t)j->next_ref + d->item;
    if (k >= g_run->nrefs) {
        return COSEM_E_MALFORMED;
    }
    return take_piece(g_run, j, k, d);
}

/* Data callback of the profile read: rows as they arrive. */
static cosem_status_t on_rows(void *user, const cosem_client_data_t *d)
{
    col_job_t *j = user;
    col_run_t *r = g_run;
    size_t count;
    if (d->kind == COSEM_CLIENT_DATA_ARRAY || d->kind == COSEM_CLIENT_DATA_RESULT) {
        return COSEM_OK;
    }
    count = decode(d);
    if (count == 0) {
        return COSEM_E_MALFORMED;
    }
    if (d->kind == COSEM_CLIENT_DATA_VALUE) {
        col_ref_t cr;
        memset(&cr, 0, sizeof cr);
        cr.ref = r->profile;
        rec_value(r, j, &cr, cli_nodes, count);
        return COSEM_OK;
    }
    if (d->index >= j->skip) {
        rec_row(r, j, &r->profile, d->index, cli_nodes, count);
    }
    j->rows = d->index + 1;
    return COSEM_OK;
}

/* The running object request ended with outcome e (not a link error). */
static void objects_done(col_run_t *r, col_job_t *j, cosem_client_op_t op,
                         const cosem_client_error_t *e)
{
    size_t k;
    if (op == COSEM_CLIENT_OP_GET_LIST && e->status != COSEM_OK &&
        e->layer == COSEM_CLIENT_LAYER_SERVICE && !j->no_list) {
        j->no_list = true; /* ask again, one attribute at a time */
        return;
    }
    if (e->status != COSEM_OK && e->status != COSEM_E_TRAILING) {
        for (k = j->next_ref; k < (size_t)j->next_ref + j->chunk && k < r->nrefs; k++) {
            if (r->refs[k].su) {
                j->su_ok = false;
            } else if (op == COSEM_CLIENT_OP_GET || e->layer != COSEM_CLIENT_LAYER_DATA) {
                rec_error(r, j, &r->refs[k].ref, e);
            }
        }
    }
    j->next_ref = (uint16_t)(j->next_ref + j->chunk);
    j->rows = 0;
    j->skip = 0;
}

/* Starts the next object request: a with-list chunk that ends on a value,
 * or one attribute. */
static cosem_status_t objects_start(col_run_t *r, col_job_t *j, cosem_client_t *c,
                                    uint32_t now)
{
    cosem_attr_ref_t refs[COL_LIST_CHUNK];
    size_t n = 0, k = j->next_ref;
    bool list = !j->no_list &&
                (cosem_client_info(c)->conformance & COSEM_CONF_MULTIPLE_REFERENCES) != 0;
    while (k < r->nrefs && n < (list ? (size_t)COL_LIST_CHUNK : 1u)) {
        refs[n++] = r->refs[k++].ref;
    }
    while (n > 1 && r->refs[k - 1].su) { /* never split a scaler from its value */
        n--;
        k--;
    }
    j->chunk = (uint16_t)n;
    if (n == 1) {
        return cosem_client_get(c, &refs[0], NULL, on_data, j, now);
    }
    return cosem_client_get_list(c, refs, NULL, n, on_data, j, now);
}

/* step() of the loop: the job's next operation. */
static cosem_multi_next_t col_step(void *user, cosem_multi_slot_t *s, cosem_client_t *c,
                                   const cosem_client_error_t *last, uint32_t now)
{
    col_run_t *r = user;
    col_job_t *j = s->job;
    if (last == NULL) {
        j->skip = j->rows; /* a new attempt: drop what was delivered */
        if (j->phase == 0 && j->done_upto > j->next_ref) {
            j->next_ref = j->done_upto; /* and do not read again what is complete */
            j->skip = 0;
        }
    } else if (j->phase == 0) {
        objects_done(r, j, (cosem_client_op_t)(j->chunk > 1 ? COSEM_CLIENT_OP_GET_LIST
                                                             : COSEM_CLIENT_OP_GET),
                     last);
    } else if (j->phase == 1) {
        if (last->status != COSEM_OK && last->status != COSEM_E_TRAILING) {
            rec_error(r, j, &r->profile, last);
        }
        j->phase = 2;
    }
    if (j->phase == 0 && j->next_ref >= r->nrefs) {
        j->phase = r->has_profile ? 1 : 2;
        j->rows = 0;
        j->skip = 0;
    }
    if (j->phase == 0) {
        return objects_start(r, j, c, now) == COSEM_OK ? COSEM_MULTI_RUN : COSEM_MULTI_FAIL;
    }
    if (j->phase == 1) {
        return cosem_client_get(c, &r->profile, r->sel.selector ? &r->sel : NULL, on_rows, j, now) == COSEM_OK
                   ? COSEM_MULTI_RUN
                   : COSEM_MULTI_FAIL;
    }
    return COSEM_MULTI_DONE;
}

/* ---- meters ---------------------------------------------------------------- */

/* Whether a cell says yes (flags: hdlc). */
static bool yes(const char *v)
{
    return strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
           strcmp(v, "y") == 0;
}

/* Applies the optional columns of a meter's line to its options; 0 or -1
 * with a message. */
static int apply_columns(col_run_t *r, char **f, size_t n, cli_conn_opts_t *o, col_job_t *j,
                         char *msg, size_t cap)
{
    size_t k;
    for (k = 0; k < n && k < r->ncols; k++) {
        char opt[64];
        char *argv[2];
        if ((int)k == r->col_id || f[k][0] == '\0') {
            continue;
        }
        (void)snprintf(opt, sizeof opt, "--%s", r->names[k]);
        if (strcmp(r->names[k], "hdlc") == 0 || strcmp(r->names[k], "trace") == 0) {
            if (strcmp(r->names[k], "hdlc") == 0) {
                o->hdlc = yes(f[k]);
            }
            continue;
        }
        argv[0] = opt;
        argv[1] = f[k];
        if (cli_conn_option(o, 2, argv, 0) != 2) {
            (void)snprintf(msg, cap, "bad %.40s '%.80s'", r->names[k], f[k]);
            return -1;
        }
    }
    if (o->auth < 0) {
        o->auth = o->has_password ? COSEM_AUTH_LOW : COSEM_AUTH_NONE;
    }
    if (o->serial[0] != '\0') {
        o->hdlc = true;
        o->host[0] = '\0';
        (void)snprintf(j->device, sizeof j->device, "%s", o->serial);
    } else if (o->host[0] == '\0') {
        (void)snprintf(msg, cap, "no tcp address or serial line");
        return -1;
    }
    return 0;
}

/* The target of a meter from its options; 0 or -1 with a message. */
static int make_target(col_run_t *r, const cli_conn_opts_t *o, col_job_t *j,
                       cosem_multi_target_t *t, char *msg, size_t cap)
{
    struct addrinfo hints, *res = NULL;
    if (j->device[0] != '\0') {
        t->device = j->device;
        t->baud = o->baud;
    } else if (cosem_multi_target_addr(t, o->host, o->port) != COSEM_OK) {
        memset(&hints, 0, sizeof hints);
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        if (getaddrinfo(o->host, NULL, &hints, &res) != 0 || res == NULL ||
            res->ai_addrlen > sizeof t->addr) {
            if (res != NULL) {
                freeaddrinfo(res);
            }
            (void)snprintf(msg, cap, "cannot resolve host '%.100s'", o->host);
            return -1;
        }
        memcpy(&t->addr, res->ai_addr, res->ai_addrlen);
        t->addr_len = res->ai_addrlen;
        t->addr.in4.sin_port = htons(o->port); /* same offset in sockaddr_in6 */
        freeaddrinfo(res);
    }
    cli_client_config(o, &t->cfg);
    if (o->has_password) { /* the session starts later: keep the octets with the job */
        memcpy(j->password, o->password, o->password_len);
        t->cfg.password = j->password;
    }
    t->cfg.element_max = COL_ELEMENT_MAX;
    t->cfg.retries = o->hdlc ? o->retries : 0;
    if (cosem_client_buf_size(&t->cfg) > r->slot_buf) {
        (void)snprintf(msg, cap, "max-pdu too large for the session buffers");
        return -1;
    }
    return 0;
}

/* Whether id is in the skip list (sorted). */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool skipped(const col_run_t *r, const char *id)
{
    const char *key = id;
    return r->nskip > 0 && bsearch(&key, r->skip, r->nskip, sizeof r->skip[0], cmp_str) != NULL;
}

/* A meter that cannot even start: a failed record without a session. */
static void fail_early(col_run_t *r, col_job_t *j, const char *msg)
{
    char line[300] = "";
    rec_begin(r, j, "failed", NULL);
    if (r->json) {
        fputs(",\"exit\":1,\"error\":", stdout);
        cli_json_string(stdout, msg, strlen(msg));
    } else {
        csv_put(line, sizeof line, msg);
        printf(",,,%s", line);
    }
    rec_end(r, j);
    r->failed++;
    r->fail_exit[CLI_EXIT_USAGE]++;
    if (r->worst == 0 || r->worst > CLI_EXIT_USAGE) {
        r->worst = CLI_EXIT_USAGE;
    }
}

/* next() of the loop: the next meter of the list. */
static bool col_next(void *user, cosem_multi_target_t *t, void **job)
{
    col_run_t *r = user;
    static char line[COL_LINE_MAX];
    char *f[COL_MAX_COLS], msg[160];
    while (r->free_jobs != NULL && fgets(line, sizeof line, r->in) != NULL) {
        col_job_t *j = r->free_jobs, *rest = j->next_free;
        cli_conn_opts_t o = r->defaults;
        size_t n;
        r->line++;
        if (line[strspn(line, " \t\r\n")] == '\0' || line[0] == '#') {
            continue;
        }
        n = cli_csv_split(line, f, COL_MAX_COLS);
        memset(j, 0, sizeof *j);
        j->next_free = rest;
        j->line = r->line;
        (void)snprintf(j->id, sizeof j->id, "%s",
                       (size_t)r->col_id < n ? f[r->col_id] : "");
        if (skipped(r, j->id)) {
            r->skipped++;
            continue;
        }
        if (apply_columns(r, f, n, &o, j, msg, sizeof msg) != 0 ||
            make_target(r, &o, j, t, msg, sizeof msg) != 0) {
            fail_early(r, j, msg);
            continue;
        }
        r->free_jobs = j->next_free;
        *job = j;
        return true;
    }
    return false;
}

/* finish() of the loop: the meter's end record. */
static void col_finish(void *user, cosem_multi_slot_t *s, const cosem_multi_outcome_t *o)
{
    col_run_t *r = user;
    col_job_t *j = s->job;
    if (o->status == COSEM_OK) {
        rec_begin(r, j, "done", NULL);
        if (r->json) {
            printf(",\"attempts\":%u,\"records\":%lu", o->attempts, (unsigned long)j->records);
        } else {
            printf(",,%u,,", o->attempts);
        }
        rec_end(r, j);
        r->done++;
    } else {
        char text[256], line[300] = "";
        int code = o->stage == COSEM_MULTI_STAGE_TCP || o->stage == COSEM_MULTI_STAGE_TIMEOUT
                       ? CLI_EXIT_LINK
                       : cli_exit_code(&o->err);
        if (o->stage == COSEM_MULTI_STAGE_TCP) {
            (void)snprintf(text, sizeof text, "link: tcp connect: %s",
                           o->sys_errno ? strerror(o->sys_errno) : "time-out");
        } else if (o->stage == COSEM_MULTI_STAGE_TIMEOUT) {
            (void)snprintf(text, sizeof text, "link: meter time-out");
        } else {
            error_text(&o->err, text, sizeof text);
        }
        if (code == CLI_EXIT_OK) {
            code = CLI_EXIT_SERVICE;
        }
        rec_begin(r, j, "failed", NULL);
        if (r->json) {
            printf(",\"attempts\":%u,\"exit\":%d,\"error\":", o->attempts, code);
            cli_json_string(stdout, text, strlen(text));
        } else {
            csv_put(line, sizeof line, text);
            printf(",,%u,,%s", o->attempts, line);
        }
        rec_end(r, j);
        r->failed++;
        r->fail_exit[code]++;
        if (r->worst == 0 || code < r->worst) {
            r->worst = code;
        }
    }
    j->next_free = r->free_jobs;
    r->free_jobs = j;
}

/* ---- set-up ------------------------------------------------------------------ */

/* Reads the header of the meter list; an exit code. */
static int read_header(col_run_t *r)
{
    size_t k;
    r->col_id = r->col_tcp = r->col_serial = -1;
    do {
        if (fgets(r->head, sizeof r->head, r->in) == NULL) {
            cli_err("%s: no header line", r->path);
            return CLI_EXIT_USAGE;
        }
        r->line++;
    } while (r->head[strspn(r->head, " \t\r\n")] == '\0');
    r->ncols = cli_csv_split(r->head, r->names, COL_MAX_COLS);
    for (k = 0; k < r->ncols; k++) {
        char *p;
        for (p = r->names[k]; *p != '\0'; p++) {
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        }
        if (strcmp(r->names[k], "id") == 0) {
            r->col_id = (int)k;
        } else if (strcmp(r->names[k], "tcp") == 0) {
            r->col_tcp = (int)k;
        } else if (strcmp(r->names[k], "serial") == 0) {
            r->col_serial = (int)k;
        }
    }
    if (r->col_id < 0 || (r->col_tcp < 0 && r->col_serial < 0)) {
        cli_err("%s: the header needs an 'id' and a 'tcp' or 'serial' column", r->path);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* Loads the ids of a --skip-done file; an exit code. */
static int load_skip(col_run_t *r, const char *path)
{
    static char line[COL_LINE_MAX];
    size_t cap = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        cli_err("cannot open %s", path);
        return CLI_EXIT_USAGE;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *id = cli_skip_line_id(line);
        if (id == NULL) {
            continue;
        }
        if (r->nskip == cap) {
            char **n = realloc(r->skip, (cap = cap ? cap * 2 : 256) * sizeof *n);
            if (n == NULL) {
                break;
            }
            r->skip = n;
        }
        r->skip[r->nskip] = strdup(id);
        if (r->skip[r->nskip] != NULL) {
            r->nskip++;
        }
    }
    fclose(f);
    qsort(r->skip, r->nskip, sizeof r->skip[0], cmp_str);
    return CLI_EXIT_OK;
}

/* The objects of the command line into references; an exit code. */
static int add_items(col_run_t *r, const char **pos, int npos)
{
    int i;
    for (i = 1; i < npos; i++) {
        cosem_obis_t o;
        unsigned id = 2, cls, su;
        bool has_id;
        if (i > COL_MAX_ITEMS || cli_parse_obis_ref(pos[i], &o, &id, &has_id) != 0) {
            return cli_usage_error("collect", "bad object '%s'", pos[i]);
        }
        if (!has_id) {
            id = 2;
        }
        cls = cli_guess_class(&o);
        if (cls == 0) {
            cls = 1;
        }
        if (cli_scaler_unit_attr(cls, id, &su)) {
            col_ref_t *c = &r->refs[r->nrefs++];
            c->ref.class_id = (uint16_t)cls;
            memcpy(c->ref.obis, o.v, 6);
            c->ref.id = (int8_t)su;
            c->item = (uint8_t)(i - 1);
            c->su = true;
        }
        r->refs[r->nrefs].ref.class_id = (uint16_t)cls;
        memcpy(r->refs[r->nrefs].ref.obis, o.v, 6);
        r->refs[r->nrefs].ref.id = (int8_t)id;
        r->refs[r->nrefs].item = (uint8_t)(i - 1);
        r->refs[r->nrefs].has_su = r->nrefs > 0 && r->refs[r->nrefs - 1].su &&
                                   r->refs[r->nrefs - 1].item == (uint8_t)(i - 1);
        r->nrefs++;
    }
    return CLI_EXIT_OK;
}

/* --profile with --from / --to; an exit code. */
static int add_profile(col_run_t *r, const char *obis, const char *from, const char *to)
{
    static const cosem_client_column_t clock = {{8, {0, 0, 1, 0, 0, 255}, 2}, 0};
    cosem_datetime_t a, b;
    cosem_obis_t o;
    unsigned id;
    bool has_id;
    if (obis == NULL) {
        return from != NULL || to != NULL
                   ? cli_usage_error("collect", "--from/--to need --profile")
                   : CLI_EXIT_OK;
    }
    if (cli_parse_obis_ref(obis, &o, &id, &has_id) != 0) {
        return cli_usage_error("collect", "bad --profile '%s'", obis);
    }
    r->has_profile = true;
    r->profile.class_id = 7;
    memcpy(r->profile.obis, o.v, 6);
    r->profile.id = 2;
    if (from == NULL && to == NULL) {
        return CLI_EXIT_OK;
    }
    if (cli_range_time(from != NULL ? from : "2000-01-01", false, &a) != 0 ||
        (to != NULL && cli_range_time(to, true, &b) != 0)) {
        return cli_usage_error("collect", "--from/--to need YYYY-MM-DD[Thh:mm[:ss]]");
    }
    if (to == NULL) {
        (void)cosem_datetime_from_utc(&b, (int64_t)time(NULL) + 86400, COSEM_DT_DEVIATION_NS,
                                      COSEM_DT_NS);
    }
    return cosem_client_range_selection(r->sel_buf, sizeof r->sel_buf, &clock, &a, &b, NULL, 0,
                                        &r->sel) == COSEM_OK
               ? CLI_EXIT_OK
               : cli_usage_error("collect", "bad range");
}

/* Session buffer per slot: the larger of the two links' needs. */
static size_t slot_buffer(const cli_conn_opts_t *defaults)
{
    cli_conn_opts_t o = *defaults;
    cosem_client_config_t cfg;
    size_t a, b;
    o.auth = COSEM_AUTH_NONE; /* the session's sizes do not depend on it */
    o.has_password = false;
    o.password_len = 0;
    o.hdlc = false;
    cli_client_config(&o, &cfg);
    cfg.element_max = COL_ELEMENT_MAX;
    a = cosem_client_buf_size(&cfg);
    o.hdlc = true;
    cli_client_config(&o, &cfg);
    cfg.element_max = COL_ELEMENT_MAX;
    b = cosem_client_buf_size(&cfg);
    a = a > b ? a : b;
    return (a + 15u) & ~(size_t)15u;
}

/* Progress on a terminal: meters done/failed/in flight, rows/s. */
static void progress(col_run_t *r, bool last)
{
    double t = mono_s();
    if (!r->progress || (!last && t - r->last_progress < 0.2)) {
        return;
    }
    r->last_progress = t;
    fprintf(stderr, "\r%lu done, %lu failed, %u in flight, %lu rows, %.0f rows/s   ", r->done,
            r->failed, cosem_multi_stats(r->m)->active, r->rows,
            t > r->t0 ? (double)r->rows / (t - r->t0) : 0.0);
    if (last) {
        fputc('\n', stderr);
    }
}

/* Raises the descriptor limit to what --parallel needs (as far as allowed). */
static void raise_fd_limit(unsigned parallel)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)parallel + 64u) {
        rl.rlim_cur = rl.rlim_max < (rlim_t)parallel + 64u ? rl.rlim_max : (rlim_t)parallel + 64u;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* Runs the loop over the list; the exit code. */
static int run(col_run_t *r, unsigned parallel, const cosem_multi_config_t *mc)
{
    cosem_multi_slot_t *slots = calloc(parallel, sizeof *slots);
    col_job_t *jobs = calloc(parallel, sizeof *jobs);
    size_t need = cosem_multi_buf_size(parallel, r->slot_buf);
    uint8_t *buf = need ? malloc(need) : NULL;
    static cosem_multi_t m;
    double t;
    unsigned k;
    cosem_status_t st = COSEM_E_NOSPACE;
    if (slots != NULL && jobs != NULL && buf != NULL) {
        st = cosem_multi_init(&m, mc, slots, parallel, r->slot_buf, buf, need);
    }
    if (st != COSEM_OK) {
        cli_err("cannot prepare %u sessions of %zu octets: %s", parallel, r->slot_buf,
                cosem_status_str(st));
        free(slots);
        free(jobs);
        free(buf);
        return CLI_EXIT_USAGE;
    }
    for (k = 0; k < parallel; k++) {
        jobs[k].next_free = r->free_jobs;
        r->free_jobs = &jobs[k];
    }
    r->m = &m;
    r->t0 = mono_s();
    while (g_stop == 0 && cosem_multi_step(&m, 200)) {
        progress(r, false);
    }
    cosem_multi_free(&m);
    progress(r, true);
    fflush(stdout);
    t = mono_s() - r->t0;
    fprintf(stderr,
            "collect: %lu meters done, %lu failed, %lu skipped; %lu records (%lu rows); "
            "%.2f s, %.1f meters/s; at most %u sessions at once (%u connected)\n",
            r->done, r->failed, r->skipped, r->records, r->rows, t,
            t > 0 ? (double)(r->done + r->failed) / t : 0.0, cosem_multi_stats(&m)->peak_active,
            cosem_multi_stats(&m)->peak_connected);
    if (r->failed > 0) {
        fprintf(stderr, "collect: failures: %lu link, %lu association, %lu service/data, %lu setup\n",
                r->fail_exit[CLI_EXIT_LINK], r->fail_exit[CLI_EXIT_ASSOC],
                r->fail_exit[CLI_EXIT_SERVICE], r->fail_exit[CLI_EXIT_USAGE]);
    }
    free(slots);
    free(jobs);
    free(buf);
    return g_stop ? CLI_EXIT_LINK : r->worst;
}

static const char collect_help[] =
    "usage: cosem collect METERS.csv [OBIS[:ATTR]...] [--profile OBIS [--from DATE]\n"
    "                     [--to DATE]] [--json] [--parallel N] [--retries N]\n"
    "                     [--retry-delay MS] [--meter-timeout MS] [--skip-done FILE]\n"
    "                     [--no-header] [CONNECTION OPTIONS as defaults]\n"
    "Reads the objects (attribute 2 by default; registers with their scaler and\n"
    "unit) and the profile range from every meter of METERS.csv, many at once\n"
    "from one thread. METERS.csv has a header line with an 'id' column, a 'tcp'\n"
    "column (HOST:PORT) or a 'serial' column (a device: HDLC), and optional columns\n"
    "named like the connection options without dashes (hdlc, physical, client,\n"
    "server, password, auth, baud, max-pdu, timeout, address-size). One record per\n"
    "line on stdout (CSV with the header\n"
    "id,record,obis,class,attr,row,value,unit,error, or JSON lines with --json):\n"
    "value, row (a profile row), error (one object), then done or failed per meter.\n"
    "  --parallel N       sessions in flight (default 64)\n"
    "  --retries N        new attempts for a meter after a link failure (1)\n"
    "  --retry-delay MS   wait before a new attempt (1000)\n"
    "  --meter-timeout MS longest attempt per meter (60000; 0 none)\n"
    "  --timeout MS       response and TCP connect time-out (5000)\n"
    "  --skip-done FILE   skip the meters FILE marks done: an earlier output (CSV or\n"
    "                     JSON lines, records 'done') or a list of ids, one a line\n"
    "  --no-header        no CSV header line (when appending to an earlier output)\n";

/* Numeric option value; -1 on error (reported). */
static int num_arg(const char *name, const char *v, unsigned long lo, unsigned long hi,
                   unsigned long *out)
{
    if (v != NULL && cli_parse_ulong(v, lo, hi, out) != 0) {
        return cli_usage_error("collect", "%s needs a number %lu..%lu", name, lo, hi);
    }
    return CLI_EXIT_OK;
}

/* See cli.h. */
int cli_cmd_collect(int argc, char **argv)
{
    static col_run_t run_state;
    col_run_t *r = &run_state;
    const char *pos[COL_MAX_ITEMS + 2], *prof = NULL, *from = NULL, *to = NULL, *skip = NULL;
    const char *par = NULL, *ret = NULL, *delay = NULL, *mto = NULL;
    bool json = false, no_header = false;
    const cli_opt_t opts[] = {
        {"--profile", &prof, NULL},   {"--from", &from, NULL},     {"--to", &to, NULL},
        {"--json", NULL, &json},      {"--parallel", &par, NULL},  {"--retries", &ret, NULL},
        {"--retry-delay", &delay, NULL}, {"--meter-timeout", &mto, NULL},
        {"--skip-done", &skip, NULL}, {"--no-header", NULL, &no_header},
    };
    unsigned long parallel = 64, retries = 1, retry_delay = 1000, meter_to = 60000;
    cosem_multi_config_t mc;
    struct sigaction sa;
    int npos = 0, rc;
    memset(r, 0, sizeof *r);
    g_run = r;
    cli_conn_optional = true;
    rc = cli_parse_args("collect", collect_help, argc, argv, opts, sizeof opts / sizeof opts[0],
                        &r->defaults, pos, 1, COL_MAX_ITEMS + 1, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc == CLI_HELP_SHOWN ? CLI_EXIT_OK : rc;
    }
    if ((rc = num_arg("--parallel", par, 1, 100000, &parallel)) != CLI_EXIT_OK ||
        (rc = num_arg("--retries", ret, 0, 20, &retries)) != CLI_EXIT_OK ||
        (rc = num_arg("--retry-delay", delay, 0, 3600000, &retry_delay)) != CLI_EXIT_OK ||
        (rc = num_arg("--meter-timeout", mto, 0, 86400000, &meter_to)) != CLI_EXIT_OK ||
        (rc = add_items(r, pos, npos)) != CLI_EXIT_OK ||
        (rc = add_profile(r, prof, from, to)) != CLI_EXIT_OK) {
        return rc;
    }
    if (r->nrefs == 0 && !r->has_profile) {
        return cli_usage_error("collect", "nothing to read: give objects or --profile");
    }
    r->json = json;
    r->path = pos[0];
    r->in = strcmp(pos[0], "-") == 0 ? stdin : fopen(pos[0], "r");
    if (r->in == NULL) {
        cli_err("cannot open %s", pos[0]);
        return CLI_EXIT_USAGE;
    }
    if ((rc = read_header(r)) != CLI_EXIT_OK ||
        (skip != NULL && (rc = load_skip(r, skip)) != CLI_EXIT_OK)) {
        return rc;
    }
    r->slot_buf = slot_buffer(&r->defaults);
    r->progress = isatty(STDERR_FILENO) != 0;
    if (!json && !no_header) {
        puts("id,record,obis,class,attr,row,value,unit,error");
    }
    raise_fd_limit((unsigned)parallel);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    (void)sigaction(SIGINT, &sa, NULL);
    (void)sigaction(SIGTERM, &sa, NULL);
    memset(&mc, 0, sizeof mc);
    mc.max_active = (unsigned)parallel;
    mc.connect_timeout_ms = r->defaults.timeout_ms;
    mc.attempt_timeout_ms = (uint32_t)meter_to;
    mc.retries = (uint8_t)retries;
    mc.retry_delay_ms = (uint32_t)retry_delay;
    mc.next = col_next;
    mc.step = col_step;
    mc.finish = col_finish;
    mc.user = r;
    rc = run(r, (unsigned)parallel, &mc);
    if (r->in != stdin) {
        fclose(r->in);
    }
    return rc;
}
