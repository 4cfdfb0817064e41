/* SPDX-License-Identifier: Apache-2.0 */
/* cosem objects / profile: results that are long lists, printed as they
 * stream in (one object or one profile row at a time), so a 100,000-row
 * profile needs memory for one row only. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* ---- objects -------------------------------------------------------- */

/* State of the object list printer. */
typedef struct objs {
    bool json;
    unsigned n;
    bool sn;       /* --sn: the base name instead of access rights (SN lists none) */
} objs_t;

/* Access modes as short text: attributes r/w/rw (a: authenticated), methods x. */
static const char *attr_mode(unsigned m)
{
    static const char *const t[] = {"-", "r", "w", "rw", "ar", "aw", "arw"};
    return m < 7 ? t[m] : "?";
}

/* The access rights of an object as "r rw r / x x". */
static void access_text(const cosem_client_object_t *obj, char *buf, size_t cap)
{
    size_t pos = 0, k, na = obj->attr_count, nm = obj->method_count;
    na = na < COSEM_CLIENT_MAX_ACCESS_IDS ? na : COSEM_CLIENT_MAX_ACCESS_IDS;
    nm = nm < COSEM_CLIENT_MAX_ACCESS_IDS ? nm : COSEM_CLIENT_MAX_ACCESS_IDS;
    buf[0] = '\0';
    for (k = 0; k < na && pos < cap; k++) {
        pos += (size_t)snprintf(buf + pos, cap - pos, "%s%s", k ? " " : "",
                                attr_mode(obj->attr_access[k]));
    }
    for (k = 0; k < nm && pos < cap; k++) {
        unsigned m = obj->method_access[k];
        pos += (size_t)snprintf(buf + pos, cap - pos, "%s%s", k ? " " : " / ",
                                m == 0 ? "-" : (m == 1 ? "x" : "ax"));
    }
}

/* One object as a JSON array element. */
static void object_json(objs_t *o, const cosem_client_object_t *obj)
{
    char obis[COSEM_OBIS_TEXT_MAX];
    const char *cname = cli_class_name(obj->class_id), *name;
    cosem_obis_t ob;
    size_t k;
    memcpy(ob.v, obj->obis, 6);
    name = cosem_obis_name(&ob);
    printf("%s\n  {\"class_id\": %u, ", o->n ? "," : "", obj->class_id);
    if (cname != NULL) {
        printf("\"class_name\": \"%s\", ", cname);
    }
    printf("\"version\": %u, \"logical_name\": \"%s\", ", obj->version,
           cli_obis_text(obj->obis, obis));
#if COSEM_WITH_SN
    if (o->sn) {
        printf("\"base_name\": %u, ", obj->base_name);
    }
#endif
    if (name != NULL) {
        fputs("\"name\": ", stdout);
        cli_json_string(stdout, name, strlen(name));
        fputs(", ", stdout);
    }
    fputs("\"attribute_access\": [", stdout);
    for (k = 0; k < obj->attr_count && k < COSEM_CLIENT_MAX_ACCESS_IDS; k++) {
        printf("%s%u", k ? ", " : "", obj->attr_access[k]);
    }
    fputs("], \"method_access\": [", stdout);
    for (k = 0; k < obj->method_count && k < COSEM_CLIENT_MAX_ACCESS_IDS; k++) {
        printf("%s%u", k ? ", " : "", obj->method_access[k]);
    }
    fputs("]}", stdout);
}

/* Object callback: prints one row of the table (or JSON element). */
static cosem_status_t object_cb(void *user, const cosem_client_object_t *obj)
{
    objs_t *o = user;
    char obis[COSEM_OBIS_TEXT_MAX], acc[256], cls[40];
    const char *cname = cli_class_name(obj->class_id), *name;
    cosem_obis_t ob;
    if (o->json) {
        object_json(o, obj);
    } else {
        memcpy(ob.v, obj->obis, 6);
        name = cosem_obis_name(&ob);
        access_text(obj, acc, sizeof acc);
#if COSEM_WITH_SN
        if (o->sn) { /* short names: no access rights listed, the base name */
            (void)snprintf(acc, sizeof acc, "0x%04X", obj->base_name);
        }
#endif
        (void)snprintf(cls, sizeof cls, "%u %s", obj->class_id, cname != NULL ? cname : "");
        printf("%-26s %3u  %-20s %-49s %s\n", cls, obj->version,
               cli_obis_text(obj->obis, obis), name != NULL ? name : "", acc);
    }
    o->n++;
    return COSEM_OK;
}

static const char objects_help[] =
    "usage: cosem objects [--json] CONNECTION\n"
    "\n"
    "List the objects the association shows (object_list of 0.0.40.0.0.255): class,\n"
    "version, logical name, its usual name, and the access rights of each attribute\n"
    "(- none, r read, w write, rw both, a.. authenticated) and method (x, ax).\n"
    "With --sn, the Association SN's list (0xFA08): the base name of each object.\n"
    "\n"
    "options:\n"
    "  --json      JSON output (an array of objects)\n";

/* See cli.h: `cosem objects`. */
int cli_cmd_objects(int argc, char **argv)
{
    static cli_session_t s;
    const char *pos[1];
    objs_t o;
    cli_opt_t opts[] = {{"--json", NULL, &o.json}};
    cli_conn_opts_t conn;
    int npos, rc;
    memset(&o, 0, sizeof o);
    rc = cli_parse_args("objects", objects_help, argc, argv, opts, 1, &conn, pos, 0, 0, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc == CLI_HELP_SHOWN ? CLI_EXIT_OK : rc;
    }
    rc = cli_session_open(&s, &conn);
    o.sn = conn.sn;
    if (rc == CLI_EXIT_OK) {
        if (o.json) {
            fputs("[", stdout);
        } else {
            printf("%-26s %3s  %-20s %-49s %s\n", "class", "ver", "logical name", "name",
                   o.sn ? "base name" : "access (attributes / methods)");
        }
        rc = cli_session_result(&s, cosem_posix_client_object_list(&s.pc, object_cb, &o),
                                "object list");
        if (o.json && rc != CLI_EXIT_OK) {
            /* a last element says the list is cut short */
            fputs(o.n ? ",\n  {" : "\n  {", stdout);
            cli_mark_complete(&s, rc, "", o.n, 0);
            fputs("}", stdout);
            o.n++;
        } else if (rc != CLI_EXIT_OK) {
            cli_mark_complete(&s, rc, NULL, o.n, 0);
        }
        if (o.json) {
            fputs(o.n ? "\n]\n" : "]\n", stdout);
        }
    }
    cli_session_close(&s);
    return rc;
}

/* See cli.h. */
void cli_mark_complete(cli_session_t *s, int rc, const char *json_lead, unsigned long got,
                       unsigned long total)
{
    char text[160], of[40] = "";
    if (rc == CLI_EXIT_OK) {
        if (json_lead != NULL) {
            printf("%s\"complete\": true", json_lead);
        }
        return;
    }
    if (cli_session_error(s)->layer != COSEM_CLIENT_LAYER_NONE) {
        (void)cli_error_text(cli_session_error(s), text, sizeof text);
    } else {
        (void)snprintf(text, sizeof text, "value does not decode");
    }
    if (total > 0) {
        (void)snprintf(of, sizeof of, " of %lu", total);
    }
    if (json_lead != NULL) {
        printf("%s\"complete\": false, \"received\": %lu, \"error\": ", json_lead, got);
        cli_json_string(stdout, text, strlen(text));
    } else {
        printf("# incomplete: %lu%s received, %s\n", got, of, text);
    }
}

/* ---- profile -------------------------------------------------------- */

#define PROF_MAX_COLS 128

enum { FMT_TEXT, FMT_CSV, FMT_JSON };

/* One column of a profile. */
typedef struct pcol {
    cosem_client_column_t c;
    bool has_su;
    int scaler;
    unsigned unit;
    char head[64];
    int width;
} pcol_t;

/* State of a profile read. */
typedef struct prof {
    int fmt;
    size_t ncols;          /* capture objects */
    size_t first, last;    /* columns shown (0-based, inclusive) */
    pcol_t cols[PROF_MAX_COLS];
    uint32_t rows, total;
    bool progress;
    int err;
} prof_t;

/* Writes a CSV field (quoted when needed). */
static void csv_field(const char *s)
{
    if (strpbrk(s, ",\"\n") == NULL) {
        fputs(s, stdout);
        return;
    }
    fputc('"', stdout);
    for (; *s != '\0'; s++) {
        if (*s == '"') {
            fputc('"', stdout);
        }
        fputc(*s, stdout);
    }
    fputc('"', stdout);
}

/* Prints one cell of column k in the chosen format. */
static void print_cell(const prof_t *p, size_t k, const cosem_value_node_t *nodes, size_t count,
                       size_t idx)
{
    char text[2048];
    const pcol_t *c = k < p->ncols ? &p->cols[k] : NULL;
    int kind = cli_node_text(&nodes[idx], c != NULL && c->has_su ? &c->scaler : NULL, text,
                             sizeof text);
    if (kind == CLI_TXT_NONE && cli_subtree_json(nodes, count, idx, text, sizeof text) != 0) {
        (void)snprintf(text, sizeof text, "?");
    }
    if (p->fmt == FMT_JSON) {
        if (kind == CLI_TXT_STRING) {
            cli_json_string(stdout, text, strlen(text));
        } else {
            fputs(text, stdout);
        }
    } else if (p->fmt == FMT_CSV) {
        csv_field(text);
    } else if (k == p->last) {
        fputs(text, stdout); /* no padding after the last column */
    } else {
        printf("%-*s", c != NULL ? c->width : 12, text);
    }
}

/* Prints one row (a structure node) of the buffer. */
static void print_row(prof_t *p, const cosem_value_node_t *nodes, size_t count, size_t row)
{
    size_t k, idx;
    const char *sep = p->fmt == FMT_CSV ? "," : (p->fmt == FMT_JSON ? ", " : "  ");
    if (p->fmt == FMT_JSON) {
        fputs(p->rows ? ",\n    [" : "\n    [", stdout);
    }
    if (nodes[row].type != COSEM_AXDR_STRUCTURE) {
        print_cell(p, p->first, nodes, count, row);
    } else {
        for (k = 0; k < nodes[row].count; k++) {
            idx = cosem_value_child(nodes, count, row, k);
            if (k > 0) {
                fputs(sep, stdout);
            }
            print_cell(p, p->first + k, nodes, count, idx);
        }
    }
    fputs(p->fmt == FMT_JSON ? "]" : "\n", stdout);
    p->rows++;
    if (p->progress && (p->rows % 64 == 0 || p->rows == p->total)) {
        fprintf(stderr, "\r%lu/%lu rows", (unsigned long)p->rows, (unsigned long)p->total);
    }
}

/* Buffer callback: rows as they arrive (elements), or a whole value. */
static cosem_status_t row_cb(void *user, const cosem_client_data_t *d)
{
    prof_t *p = user;
    cosem_axdr_reader_t r;
    size_t count = 0, k;
    if (d->kind == COSEM_CLIENT_DATA_ARRAY) {
        p->total = d->count;
        return COSEM_OK;
    }
    if (d->kind != COSEM_CLIENT_DATA_ELEMENT && d->kind != COSEM_CLIENT_DATA_VALUE) {
        return COSEM_OK;
    }
    cosem_axdr_reader_init(&r, d->data, d->len);
    if (cosem_value_decode(&r, cli_nodes, CLI_MAX_NODES, &count) != COSEM_OK) {
        p->err = CLI_EXIT_DECODE;
        return COSEM_E_MALFORMED;
    }
    if (d->kind == COSEM_CLIENT_DATA_ELEMENT) {
        print_row(p, cli_nodes, count, 0);
        return COSEM_OK;
    }
    if (cli_nodes[0].type != COSEM_AXDR_COMPACT_ARRAY && cli_nodes[0].type != COSEM_AXDR_ARRAY) {
        p->err = CLI_EXIT_DECODE;
        return COSEM_E_TYPE;
    }
    p->total = cli_nodes[0].count;
    for (k = 0; k < cli_nodes[0].count; k++) {
        print_row(p, cli_nodes, count, cosem_value_child(cli_nodes, count, 0, k));
    }
    return COSEM_OK;
}

/* Reads capture_objects (attribute 3) into p->cols; an exit code. */
static int read_columns(cli_session_t *s, const cosem_obis_t *o, prof_t *p)
{
    static uint8_t buf[65536];
    cosem_client_collect_t col;
    cosem_attr_ref_t ref = {7, {0}, 3};
    size_t count = 0, k, e;
    int rc;
    memcpy(ref.obis, o->v, 6);
    rc = cli_get_value(s, &ref, NULL, &col, buf, sizeof buf, "capture_objects");
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (cosem_client_collect_tree(&col, cli_nodes, CLI_MAX_NODES, &count) != COSEM_OK ||
        cli_nodes[0].type != COSEM_AXDR_ARRAY) {
        cli_err("capture_objects is not an array");
        return CLI_EXIT_DECODE;
    }
    for (k = 0; k < cli_nodes[0].count && k < PROF_MAX_COLS; k++) {
        size_t st = cosem_value_child(cli_nodes, count, 0, k), f[4];
        pcol_t *c = &p->cols[k];
        for (e = 0; e < 4; e++) {
            f[e] = cosem_value_child(cli_nodes, count, st, e);
        }
        if (cli_nodes[st].count != 4 || f[3] >= count || cli_nodes[f[1]].len != 6) {
            cli_err("capture object %zu is not {class, name, attribute, data index}", k + 1);
            return CLI_EXIT_DECODE;
        }
        memset(c, 0, sizeof *c);
        c->c.ref.class_id = (uint16_t)cli_nodes[f[0]].v.u;
        memcpy(c->c.ref.obis, cli_nodes[f[1]].data, 6);
        c->c.ref.id = (int8_t)cli_nodes[f[2]].v.i;
        c->c.data_index = (uint16_t)cli_nodes[f[3]].v.u;
    }
    p->ncols = k;
    return CLI_EXIT_OK;
}

/* Column headers and widths; reads scaler_unit of register columns. */
static void prepare_columns(cli_session_t *s, prof_t *p, bool raw)
{
    size_t k;
    for (k = 0; k < p->ncols; k++) {
        pcol_t *c = &p->cols[k];
        char obis[COSEM_OBIS_TEXT_MAX];
        const char *unit;
        if (!raw && c->c.data_index == 0) {
            c->has_su = cli_read_scaler_unit(s, &c->c.ref, &c->scaler, &c->unit) == 0;
        }
        unit = c->has_su && c->unit != 255 ? cli_unit_symbol(c->unit) : NULL;
        (void)snprintf(c->head, sizeof c->head, "%s:%d%s%s%s", cli_obis_text(c->c.ref.obis, obis),
                       (int)(uint8_t)c->c.ref.id, unit ? " [" : "", unit ? unit : "",
                       unit ? "]" : "");
        c->width = (int)strlen(c->head);
        if (c->c.ref.class_id == 8 && c->width < 28) {
            c->width = 28;
        }
        if (c->width < 12) {
            c->width = 12;
        }
    }
}

/* Prints the header (text, CSV) or the JSON head with the columns. */
static void print_head(const prof_t *p)
{
    size_t k;
    char obis[COSEM_OBIS_TEXT_MAX];
    if (p->fmt == FMT_JSON) {
        fputs("{\n  \"columns\": [", stdout);
    }
    for (k = p->first; k <= p->last && k < p->ncols; k++) {
        const pcol_t *c = &p->cols[k];
        if (p->fmt == FMT_JSON) {
            const char *unit = c->has_su ? cli_unit_symbol(c->unit) : NULL;
            printf("%s\n    {\"class_id\": %u, \"logical_name\": \"%s\", \"attribute_id\": %d, "
                   "\"data_index\": %u",
                   k > p->first ? "," : "", c->c.ref.class_id, cli_obis_text(c->c.ref.obis, obis),
                   (int)(uint8_t)c->c.ref.id, c->c.data_index);
            if (c->has_su) {
                printf(", \"scaler\": %d, \"unit\": %u", c->scaler, c->unit);
            }
            if (unit != NULL) {
                printf(", \"unit_symbol\": \"%s\"", unit);
            }
            fputs("}", stdout);
        } else if (p->fmt == FMT_CSV) {
            if (k > p->first) {
                fputc(',', stdout);
            }
            csv_field(c->head);
        } else {
            printf("%s%-*s", k > p->first ? "  " : "", k == p->last ? 0 : c->width, c->head);
        }
    }
    fputs(p->fmt == FMT_JSON ? "\n  ],\n  \"rows\": [" : "\n", stdout);
}

/* A --from / --to date-time: missing time parts are the start (from) or the
 * end (to) of the given day. */
static int range_time(const char *text, bool end, cosem_datetime_t *dt)
{
    if (cosem_datetime_parse(dt, text, strlen(text)) != COSEM_OK ||
        dt->year == COSEM_DT_YEAR_NS || dt->month > 12 || dt->day > 31) {
        return -1;
    }
    if (dt->hour == COSEM_DT_NS) {
        dt->hour = end ? 23 : 0;
    }
    if (dt->minute == COSEM_DT_NS) {
        dt->minute = end ? 59 : 0;
    }
    if (dt->second == COSEM_DT_NS) {
        dt->second = end ? 59 : 0;
    }
    if (dt->hundredths == COSEM_DT_NS) {
        dt->hundredths = end ? 99 : 0;
    }
    dt->day_of_week = cosem_datetime_weekday(dt->year, dt->month, dt->day);
    if (dt->day_of_week == 0) {
        dt->day_of_week = COSEM_DT_NS;
    }
    return cosem_datetime_validate(dt) == COSEM_OK ? 0 : -1;
}

/* Profile options after parsing. */
typedef struct popts {
    const char *from, *to, *entries, *columns;
    bool csv, json, raw;
} popts_t;

/* Builds the selective access from the options; an exit code. */
static int selection(const popts_t *po, prof_t *p, uint8_t *buf, size_t cap,
                     cosem_selection_t *sel)
{
    static const cosem_client_column_t clock = {{8, {0, 0, 1, 0, 0, 255}, 2}, 0};
    cosem_datetime_t from, to;
    uint32_t a = 1, b = 0;
    cosem_status_t st;
    memset(sel, 0, sizeof *sel);
    if (po->from == NULL && po->to == NULL && po->entries == NULL) {
        return CLI_EXIT_OK;
    }
    if (po->entries != NULL) {
        if (cli_parse_range(po->entries, &a, &b) != 0) {
            return cli_usage_error("profile", "--entries needs A-B (from 1)");
        }
        st = cosem_client_entry_selection(buf, cap, a, b, (uint16_t)(p->first + 1),
                                          p->last + 1 >= p->ncols ? 0 : (uint16_t)(p->last + 1),
                                          sel);
        return st == COSEM_OK ? CLI_EXIT_OK : cli_usage_error("profile", "bad --entries");
    }
    if (range_time(po->from != NULL ? po->from : "2000-01-01", false, &from) != 0 ||
        (po->to != NULL && range_time(po->to, true, &to) != 0)) {
        return cli_usage_error("profile", "--from/--to need YYYY-MM-DD[Thh:mm[:ss]]");
    }
    if (po->to == NULL) {
        (void)cosem_datetime_from_utc(&to, (int64_t)time(NULL) + 86400, COSEM_DT_DEVIATION_NS,
                                      COSEM_DT_NS);
    }
    st = cosem_client_range_selection(buf, cap, p->ncols > 0 ? &p->cols[0].c : &clock, &from,
                                      &to,
                                      po->columns != NULL ? &p->cols[p->first].c : NULL,
                                      po->columns != NULL ? p->last - p->first + 1 : 0, sel);
    return st == COSEM_OK ? CLI_EXIT_OK : cli_usage_error("profile", "bad range");
}

/* Applies --columns A-B to p->first / p->last; an exit code. */
static int column_range(const popts_t *po, prof_t *p)
{
    uint32_t a, b;
    p->first = 0;
    p->last = p->ncols > 0 ? p->ncols - 1 : 0;
    if (po->columns == NULL) {
        return CLI_EXIT_OK;
    }
    if (cli_parse_range(po->columns, &a, &b) != 0 || a > p->ncols || (b != 0 && b > p->ncols)) {
        return cli_usage_error("profile", "--columns needs A-B within 1..%zu", p->ncols);
    }
    p->first = a - 1;
    p->last = b == 0 ? p->ncols - 1 : b - 1;
    return CLI_EXIT_OK;
}

/* Reads and prints the buffer; an exit code. */
static int read_buffer(cli_session_t *s, const cosem_obis_t *o, prof_t *p,
                       const cosem_selection_t *sel)
{
    cosem_attr_ref_t ref = {7, {0}, 2};
    int rc;
    memcpy(ref.obis, o->v, 6);
    print_head(p);
    rc = cli_session_result(s, cli_client_get(s, &ref, sel->selector ? sel : NULL, row_cb, p),
                            "profile buffer");
    if (p->progress) {
        fputs("\r                              \r", stderr);
    }
    rc = p->err != CLI_EXIT_OK ? p->err : rc;
    if (p->fmt == FMT_JSON) {
        fputs(p->rows ? "\n  ]" : "]", stdout);
    }
    cli_mark_complete(s, rc, p->fmt == FMT_JSON ? ",\n  " : NULL, p->rows, p->total);
    if (p->fmt == FMT_JSON) {
        fputs("\n}\n", stdout);
    }
    if (rc == CLI_EXIT_OK && p->rows == 0) {
        cli_err("profile: no entries%s", sel->selector ? " in the selection" : ": the buffer is empty");
    }
    return rc;
}

/* Checks the range options before connecting; an exit code. */
static int check_popts(const popts_t *po)
{
    cosem_datetime_t dt;
    uint32_t a, b;
    if (po->entries != NULL && cli_parse_range(po->entries, &a, &b) != 0) {
        return cli_usage_error("profile", "--entries needs A-B (from 1; 'A-': to the last)");
    }
    if (po->columns != NULL && cli_parse_range(po->columns, &a, &b) != 0) {
        return cli_usage_error("profile", "--columns needs A-B (from 1)");
    }
    if ((po->from != NULL && range_time(po->from, false, &dt) != 0) ||
        (po->to != NULL && range_time(po->to, true, &dt) != 0)) {
        return cli_usage_error("profile", "--from/--to need YYYY-MM-DD[Thh:mm[:ss]]");
    }
    return CLI_EXIT_OK;
}

static const char profile_help[] =
    "usage: cosem profile OBIS [--from DATE --to DATE | --entries A-B]\n"
    "                    [--columns A-B] [--csv|--json] [--raw] CONNECTION\n"
    "\n"
    "Read the buffer of a profile generic object (e.g. the load profile\n"
    "1.0.99.1.0.255): column headings come from its capture_objects, register\n"
    "columns are scaled with their scaler_unit (--raw: as sent). Rows are printed as\n"
    "they arrive; a progress count goes to stderr when it is a terminal.\n"
    "\n"
    "options:\n"
    "  --from DATE    first capture time (YYYY-MM-DD[Thh:mm[:ss]]; range access)\n"
    "  --to DATE      last capture time (a date alone: to the end of that day)\n"
    "  --entries A-B  entries A to B, from 1 ('A-': to the last)\n"
    "  --columns A-B  only capture columns A to B, from 1\n"
    "  --csv          CSV output\n"
    "  --json         JSON output {\"columns\": [...], \"rows\": [[...], ...]}\n"
    "  --raw          do not apply scaler and unit\n";

/* See cli.h: `cosem profile`. */
int cli_cmd_profile(int argc, char **argv)
{
    static cli_session_t s;
    static prof_t p;
    static uint8_t selbuf[COSEM_CLIENT_RANGE_SIZE(PROF_MAX_COLS)];
    const char *pos[1];
    popts_t po;
    cli_opt_t opts[] = {{"--from", &po.from, NULL},       {"--to", &po.to, NULL},
                        {"--entries", &po.entries, NULL}, {"--columns", &po.columns, NULL},
                        {"--csv", NULL, &po.csv},         {"--json", NULL, &po.json},
                        {"--raw", NULL, &po.raw}};
    cli_conn_opts_t conn;
    cosem_selection_t sel;
    cosem_obis_t o;
    int npos, rc;
    memset(&po, 0, sizeof po);
    memset(&p, 0, sizeof p);
    rc = cli_parse_args("profile", profile_help, argc, argv, opts, 7, &conn, pos, 1, 1, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc == CLI_HELP_SHOWN ? CLI_EXIT_OK : rc;
    }
    if (cosem_obis_parse(&o, pos[0], strlen(pos[0])) != COSEM_OK) {
        return cli_usage_error("profile", "'%s' is not an OBIS code", pos[0]);
    }
    if ((po.csv && po.json) || (po.entries != NULL && (po.from != NULL || po.to != NULL))) {
        return cli_usage_error("profile", po.csv && po.json ? "--csv or --json, not both"
                                                            : "--entries or --from/--to, not both");
    }
    if ((rc = check_popts(&po)) != CLI_EXIT_OK) {
        return rc;
    }
    p.fmt = po.csv ? FMT_CSV : (po.json ? FMT_JSON : FMT_TEXT);
    p.progress = isatty(STDERR_FILENO) && !conn.trace;
    rc = cli_session_open(&s, &conn);
    if (rc == CLI_EXIT_OK) {
        rc = read_columns(&s, &o, &p);
    }
    if (rc == CLI_EXIT_OK && (rc = column_range(&po, &p)) == CLI_EXIT_OK &&
        (rc = selection(&po, &p, selbuf, sizeof selbuf, &sel)) == CLI_EXIT_OK) {
        prepare_columns(&s, &p, po.raw);
        rc = read_buffer(&s, &o, &p, &sel);
    }
    cli_session_close(&s);
    return rc;
}

/* See cli.h (cosem collect takes the same --from / --to). */
int cli_range_time(const char *text, bool end, cosem_datetime_t *dt)
{
    return range_time(text, end, dt);
}
