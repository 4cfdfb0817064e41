/* SPDX-License-Identifier: Apache-2.0 */
/* cosem read / write / action / time: one attribute or method of one object
 * per call. Values are printed readably: registers with scaler and unit
 * applied, date-times ISO-like, printable octet-strings as text. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define RW_MAX_VALUE (4u << 20)

/* ---- shared helpers (also used by cmd_list.c) ------------------------- */

/* Object-list search state. */
typedef struct find_class {
    uint8_t obis[6];
    unsigned class_id;
} find_class_t;

/* Object callback: remembers the class of the wanted logical name. */
static cosem_status_t find_class_cb(void *user, const cosem_client_object_t *obj)
{
    find_class_t *f = user;
    if (f->class_id == 0 && memcmp(obj->obis, f->obis, 6) == 0) {
        f->class_id = obj->class_id;
    }
    return COSEM_OK;
}

/* Looks a logical name up in the object list (class 0: not listed). */
static int lookup_class(cli_session_t *s, const uint8_t obis[6], unsigned *class_id)
{
    find_class_t f;
    int rc;
    memset(&f, 0, sizeof f);
    memcpy(f.obis, obis, 6);
    rc = cli_session_result(s, cosem_posix_client_object_list(&s->pc, find_class_cb, &f),
                            "object list");
    *class_id = f.class_id;
    return rc;
}

/* See cli.h. */
int cli_resolve_class(cli_session_t *s, const cosem_obis_t *o, const char *given,
                      unsigned *class_id, bool *guessed)
{
    unsigned long v;
    char text[COSEM_OBIS_TEXT_MAX];
    int rc;
    *guessed = false;
    if (given != NULL) {
        if (cli_parse_ulong(given, 1, 65535, &v) != 0) {
            cli_err("--class needs a class id 1..65535");
            return CLI_EXIT_USAGE;
        }
        *class_id = (unsigned)v;
        return CLI_EXIT_OK;
    }
    *class_id = cli_guess_class(o);
    if (*class_id != 0) {
        *guessed = true;
        return CLI_EXIT_OK;
    }
    rc = lookup_class(s, o->v, class_id);
    if (rc == CLI_EXIT_OK && *class_id == 0) {
        cli_err("%s is not in the object list (give --class)", cli_obis_text(o->v, text));
        return CLI_EXIT_SERVICE;
    }
    return rc;
}

/* See cli.h. */
int cli_run_op(cli_session_t *s, cosem_attr_ref_t *ref, bool guessed, cli_op_fn op, void *ctx,
               const char *what)
{
    cosem_client_error_t first;
    unsigned listed = 0;
    int rc;
    s->quiet = guessed && !s->opt.sn; /* SN: names, not classes: no second try */
    rc = op(s, ref, ctx);
    s->quiet = false;
    if (rc == CLI_EXIT_OK || !guessed || s->opt.sn) {
        return rc;
    }
    first = *cli_session_error(s);
    if (first.layer == COSEM_CLIENT_LAYER_DATA &&
        lookup_class(s, ref->obis, &listed) == CLI_EXIT_OK && listed != 0 &&
        listed != ref->class_id) {
        ref->class_id = (uint16_t)listed;
        return op(s, ref, ctx);
    }
    return cli_report(what, &first);
}

/* ---- short names (--sn) ----------------------------------------------- */

/* One object of the Association SN's object list. */
struct cli_sn_name {
    uint8_t obis[6];
    uint16_t class_id;
    uint16_t base;
};

#if COSEM_WITH_SN
/* Object list callback: keeps each object's base name. */
static cosem_status_t sn_keep(void *user, const cosem_client_object_t *o)
{
    cli_session_t *s = user;
    if (s->sn_count == s->sn_cap) {
        size_t cap = s->sn_cap != 0u ? 2u * s->sn_cap : 64u;
        struct cli_sn_name *p = realloc(s->sn_names, cap * sizeof *p);
        if (p == NULL) {
            return COSEM_E_NOSPACE;
        }
        s->sn_names = p;
        s->sn_cap = cap;
    }
    memcpy(s->sn_names[s->sn_count].obis, o->obis, 6);
    s->sn_names[s->sn_count].class_id = o->class_id;
    s->sn_names[s->sn_count++].base = o->base_name;
    return COSEM_OK;
}

/* Attributes a class has, as far as the names table knows them. */
static unsigned attr_count(unsigned class_id)
{
    unsigned n = 1;
    while (n < 255u && cli_attr_name(class_id, n + 1u) != NULL) {
        n++;
    }
    return n;
}

/* The short name of an attribute or method: the object list is read once
 * per session. A status for the blocking client's caller. */
static cosem_status_t sn_name(cli_session_t *s, const cosem_attr_ref_t *ref, bool method,
                              uint16_t *name)
{
    cosem_status_t st;
    size_t k;
    if (!s->sn_loaded) {
        s->sn_count = 0;
        st = cosem_posix_client_object_list(&s->pc, sn_keep, s);
        if (st != COSEM_OK) {
            return st;
        }
        s->sn_loaded = true;
    }
    for (k = 0; k < s->sn_count; k++) {
        if (memcmp(s->sn_names[k].obis, ref->obis, 6) == 0) {
            unsigned cls = s->sn_names[k].class_id;
            *name = (uint16_t)(s->sn_names[k].base +
                               (method ? cosem_sn_method_offset((uint16_t)cls,
                                                                (uint8_t)attr_count(cls))
                                       : 0u) +
                               8u * ((unsigned)(uint8_t)ref->id - 1u));
            return COSEM_OK;
        }
    }
    return COSEM_E_NOTFOUND; /* cli_session_result() says so */
}
#endif

/* See cli.h. */
cosem_status_t cli_client_get(cli_session_t *s, const cosem_attr_ref_t *ref,
                              const cosem_selection_t *sel, cosem_client_data_fn fn, void *user)
{
#if COSEM_WITH_SN
    if (s->opt.sn) {
        cosem_sn_spec_t spec;
        cosem_status_t st;
        memset(&spec, 0, sizeof spec);
        spec.kind = COSEM_SN_NAME;
        if (sel != NULL && sel->selector != 0u) {
            spec.kind = COSEM_SN_PARAMETERIZED;
            spec.selector = sel->selector;
            spec.param = sel->params;
        }
        st = sn_name(s, ref, false, &spec.name);
        return st != COSEM_OK ? st : cosem_posix_client_read(&s->pc, &spec, fn, user);
    }
#endif
    return cosem_posix_client_get(&s->pc, ref, sel, fn, user);
}

/* See cli.h. */
cosem_status_t cli_client_set(cli_session_t *s, const cosem_attr_ref_t *ref,
                              const uint8_t *value, size_t len)
{
#if COSEM_WITH_SN
    if (s->opt.sn) {
        uint16_t name = 0;
        cosem_status_t st = sn_name(s, ref, false, &name);
        return st != COSEM_OK ? st : cosem_posix_client_write(&s->pc, name, value, len);
    }
#endif
    return cosem_posix_client_set(&s->pc, ref, NULL, value, len);
}

/* See cli.h. A method over short names is a WRITE of its name with the
 * parameter (null-data when none), as Gurux and most SN meters do; it
 * returns no data. */
cosem_status_t cli_client_action(cli_session_t *s, const cosem_attr_ref_t *ref,
                                 const uint8_t *params, size_t len, cosem_client_data_fn fn,
                                 void *user)
{
#if COSEM_WITH_SN
    if (s->opt.sn) {
        static const uint8_t null_data = 0x00;
        uint16_t name = 0;
        cosem_status_t st = sn_name(s, ref, true, &name);
        (void)fn;
        (void)user;
        if (params == NULL || len == 0u) {
            params = &null_data;
            len = 1;
        }
        return st != COSEM_OK ? st : cosem_posix_client_write(&s->pc, name, params, len);
    }
#endif
    return cosem_posix_client_action(&s->pc, ref, params, len, fn, user);
}

/* See cli.h. */
int cli_get_value(cli_session_t *s, const cosem_attr_ref_t *ref, const cosem_selection_t *sel,
                  cosem_client_collect_t *col, uint8_t *buf, size_t cap, const char *what)
{
    cosem_client_collect_init(col, buf, cap);
    return cli_session_result(s, cli_client_get(s, ref, sel, cosem_client_collect_fn, col), what);
}

/* See cli.h. */
bool cli_scaler_unit_attr(unsigned class_id, unsigned attr, unsigned *su_attr)
{
    if ((class_id == 3 || class_id == 4) && attr == 2) {
        *su_attr = 3;
        return true;
    }
    if (class_id == 5 && (attr == 2 || attr == 3)) {
        *su_attr = 4;
        return true;
    }
    return false;
}

/* See cli.h. */
int cli_read_scaler_unit(cli_session_t *s, const cosem_attr_ref_t *value_ref, int *scaler,
                         unsigned *unit)
{
    static uint8_t buf[64];
    cosem_client_collect_t col;
    cosem_attr_ref_t ref = *value_ref;
    unsigned su;
    int rc;
    if (!cli_scaler_unit_attr(ref.class_id, (uint8_t)ref.id, &su)) {
        return -1;
    }
    ref.id = (int8_t)su;
    s->quiet = true;
    rc = cli_get_value(s, &ref, NULL, &col, buf, sizeof buf, "scaler_unit");
    s->quiet = false;
    return rc == CLI_EXIT_OK ? cli_scaler_unit_parse(&col, scaler, unit) : -1;
}

/* See cli.h. */
int cli_scaler_unit_parse(const cosem_client_collect_t *col, int *scaler, unsigned *unit)
{
    cosem_value_node_t nodes[4];
    size_t count = 0;
    if (cosem_client_collect_tree(col, nodes, 4, &count) != COSEM_OK || count != 3 ||
        nodes[0].type != COSEM_AXDR_STRUCTURE || nodes[1].type != COSEM_AXDR_INTEGER ||
        nodes[2].type != COSEM_AXDR_ENUM) {
        return -1;
    }
    *scaler = (int)nodes[1].v.i;
    *unit = (unsigned)nodes[2].v.u;
    return 0;
}

/* See cli.h. */
void cli_ref_what(const char *cmd, const cosem_attr_ref_t *ref, const char *word, char *buf,
                  size_t cap)
{
    char obis[COSEM_OBIS_TEXT_MAX];
    (void)snprintf(buf, cap, "%s %s %s %u", cmd, cli_obis_text(ref->obis, obis), word,
                   (unsigned)(uint8_t)ref->id);
}

/* See cli.h. */
void cli_print_done_json(const cosem_attr_ref_t *ref, const char *idkey)
{
    char obis[COSEM_OBIS_TEXT_MAX];
    printf("{\n  \"logical_name\": \"%s\",\n  \"class_id\": %u,\n  \"%s\": %u,\n"
           "  \"result\": \"success\"\n}\n",
           cli_obis_text(ref->obis, obis), ref->class_id, idkey, (unsigned)(uint8_t)ref->id);
}

/* What the read / write / action operations need. */
typedef struct op_ctx {
    cosem_client_collect_t *col; /* GET, ACTION: the result */
    uint8_t *buf;                /* its memory */
    size_t cap;
    const uint8_t *value;        /* SET value, ACTION parameters (NULL: none) */
    size_t len;
    const char *what;            /* names the object and attribute in errors */
} op_ctx_t;

/* SET of ref. */
static int op_set(cli_session_t *s, const cosem_attr_ref_t *ref, void *user)
{
    op_ctx_t *c = user;
    return cli_session_result(s, cli_client_set(s, ref, c->value, c->len), c->what);
}

/* ACTION on ref; return parameters into the collector. */
static int op_action(cli_session_t *s, const cosem_attr_ref_t *ref, void *user)
{
    op_ctx_t *c = user;
    cosem_client_collect_init(c->col, c->buf, c->cap);
    return cli_session_result(s, cli_client_action(s, ref, c->value, c->len,
                                                   cosem_client_collect_fn, c->col),
                              c->what);
}

/* ---- read ----------------------------------------------------------- */

/* How a read value is shown. */
typedef struct shown {
    bool has_su;
    int scaler;
    unsigned unit;
    bool logical_name; /* attribute 1: show the OBIS reading */
} shown_t;

/* Prints a decoded value as text: one line for primitives, else a tree. */
static void print_text(const cosem_value_node_t *nodes, size_t count, const shown_t *sh)
{
    char text[4096];
    const char *unit = sh->has_su ? cli_unit_symbol(sh->unit) : NULL;
    if (sh->logical_name && nodes[0].type == COSEM_AXDR_OCTET_STRING && nodes[0].len == 6) {
        printf("%s\n", cli_obis_text(nodes[0].data, text));
        return;
    }
    if (cli_node_text(&nodes[0], sh->has_su ? &sh->scaler : NULL, text, sizeof text) !=
        CLI_TXT_NONE) {
        if (unit != NULL && unit[0] != '\0' && sh->unit != 255) {
            printf("%s %s\n", text, unit);
        } else {
            printf("%s\n", text);
        }
        return;
    }
    (void)cosem_value_print(nodes, count, COSEM_VALUE_PRINT_DEFAULT, cli_stdout_sink, NULL);
}

/* Prints a read result as a JSON object. */
static void print_json(const cosem_attr_ref_t *ref, const cosem_value_node_t *nodes,
                       size_t count, const shown_t *sh)
{
    char text[4096], obis[COSEM_OBIS_TEXT_MAX];
    int kind;
    printf("{\n  \"logical_name\": \"%s\",\n  \"class_id\": %u,\n  \"attribute_id\": %u,\n"
           "  \"value\": ",
           cli_obis_text(ref->obis, obis), ref->class_id, (unsigned)(uint8_t)ref->id);
    (void)cosem_value_print(nodes, count, COSEM_VALUE_PRINT_JSON | COSEM_VALUE_PRINT_COMPACT,
                            cli_stdout_sink, NULL);
    kind = cli_node_text(&nodes[0], NULL, text, sizeof text);
    if (sh->logical_name && nodes[0].type == COSEM_AXDR_OCTET_STRING && nodes[0].len == 6) {
        (void)cli_obis_text(nodes[0].data, text);
    }
    if (kind == CLI_TXT_STRING) {
        fputs(",\n  \"text\": ", stdout);
        cli_json_string(stdout, text, strlen(text));
    }
    if (sh->has_su) {
        const char *unit = cli_unit_symbol(sh->unit);
        printf(",\n  \"scaler\": %d,\n  \"unit\": %u", sh->scaler, sh->unit);
        if (unit != NULL) {
            fputs(",\n  \"unit_symbol\": ", stdout);
            cli_json_string(stdout, unit, strlen(unit));
        }
        if (cli_node_text(&nodes[0], &sh->scaler, text, sizeof text) == CLI_TXT_NUMBER) {
            printf(",\n  \"scaled\": %s", text);
        }
    }
    fputs("\n}\n", stdout);
}

/* See cli.h: prints a collected value (text or JSON); an exit code. */
int cli_print_value(const cosem_client_collect_t *col, const cosem_attr_ref_t *ref, bool json,
                    bool has_su, int scaler, unsigned unit)
{
    size_t count = 0;
    shown_t sh;
    cosem_status_t st = cosem_client_collect_tree(col, cli_nodes, CLI_MAX_NODES, &count);
    if (st != COSEM_OK) {
        cli_err("the value does not decode: %s", cosem_status_str(st));
        return CLI_EXIT_DECODE;
    }
    sh.has_su = has_su;
    sh.scaler = scaler;
    sh.unit = unit;
    sh.logical_name = (ref->id == 1);
    if (json) {
        print_json(ref, cli_nodes, count, &sh);
    } else {
        print_text(cli_nodes, count, &sh);
    }
    return CLI_EXIT_OK;
}

/* See cli.h. */
int cli_obis_arg(const char *cmd, const char *text, cosem_obis_t *o, unsigned *id,
                    bool id_required, unsigned def)
{
    bool has_id = false;
    if (cli_parse_obis_ref(text, o, id, &has_id) != 0) {
        return cli_usage_error(cmd, "'%s' is not OBIS[:ID] (e.g. 1.0.1.8.0.255:2)", text);
    }
    if (!has_id) {
        if (id_required) {
            return cli_usage_error(cmd, "'%s' needs :ID (e.g. 0.0.1.0.0.255:2)", text);
        }
        *id = def;
    }
    return CLI_EXIT_OK;
}

/* Connects, resolves the class and fills the reference; an exit code. */
static int prepare(const char *cmd, cli_session_t *s, const cli_conn_opts_t *conn,
                   const cosem_obis_t *o, unsigned id, const char *klass, cosem_attr_ref_t *ref,
                   bool *guessed)
{
    unsigned class_id = 0;
    int rc;
    unsigned long v;
    if (klass != NULL && cli_parse_ulong(klass, 1, 65535, &v) != 0) {
        return cli_usage_error(cmd, "--class needs a class id 1..65535");
    }
    rc = cli_session_open(s, conn);
    if (rc == CLI_EXIT_OK) {
        rc = cli_resolve_class(s, o, klass, &class_id, guessed);
    }
    memset(ref, 0, sizeof *ref);
    ref->class_id = (uint16_t)class_id;
    memcpy(ref->obis, o->v, 6);
    ref->id = (int8_t)id;
    return rc;
}

/* ---- write / action ---------------------------------------------------- */

/* Encodes --type T VALUE into buf; a usage exit code on error. */
static int encode_arg(const char *cmd, const char *type, const char *value, uint8_t *buf,
                      size_t cap, size_t *len)
{
    cosem_axdr_writer_t w;
    char err[160];
    cosem_axdr_writer_init(&w, buf, cap);
    if (cli_value_encode(type, value != NULL ? value : "", &w, err, sizeof err) != 0) {
        return cli_usage_error(cmd, "%s", err);
    }
    *len = cosem_axdr_writer_len(&w);
    return CLI_EXIT_OK;
}

static const char write_help[] =
    "usage: cosem write OBIS:ATTR --type T VALUE [--class N] CONNECTION\n"
    "\n"
    "Write VALUE, encoded as type T, to attribute ATTR of object OBIS.\n"
    "\n"
    "types: null-data, boolean, integer, unsigned, long, long-unsigned, double-long,\n"
    "  double-long-unsigned, long64, long64-unsigned, enum, float32, float64,\n"
    "  octet-string (hex), visible-string, utf8-string, obis (octet-string of an OBIS\n"
    "  code), datetime (octet-string(12), as clock time and most attributes hold\n"
    "  date-times), date-os, time-os, date-time / date / time (tagged forms),\n"
    "  bit-string (0/1 digits), bcd, axdr (hex of one whole A-XDR Data value, for\n"
    "  structures and arrays). Aliases: int8 uint8 int16 uint16 int32 uint32 int64\n"
    "  uint64 bool hex string utf8 float double raw.\n"
    "\n"
    "options:\n"
    "  --type T    type of VALUE (required)\n"
    "  --class N   interface class of the object\n"
    "  --json      JSON result ({..., \"result\": \"success\"}) instead of nothing\n";

/* See cli.h: `cosem write`. */
int cli_cmd_write(int argc, char **argv)
{
    static cli_session_t s;
    static uint8_t value[65536];
    const char *pos[2], *klass = NULL, *type = NULL;
    bool json = false;
    cli_opt_t opts[] = {{"--class", &klass, NULL}, {"--type", &type, NULL},
                        {"--json", NULL, &json}};
    cli_conn_opts_t conn;
    cosem_attr_ref_t ref;
    cosem_obis_t o;
    unsigned id = 0;
    size_t len = 0;
    bool guessed = false;
    int npos, rc;
    rc = cli_parse_args("write", write_help, argc, argv, opts, 3, &conn, pos, 1, 2, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc == CLI_HELP_SHOWN ? CLI_EXIT_OK : rc;
    }
    if (type == NULL) {
        return cli_usage_error("write", "--type is required");
    }
    if (npos < 2 && strcmp(type, "null-data") != 0 && strcmp(type, "null") != 0) {
        return cli_usage_error("write", "missing VALUE");
    }
    if ((rc = cli_obis_arg("write", pos[0], &o, &id, true, 0)) != CLI_EXIT_OK ||
        (rc = encode_arg("write", type, npos > 1 ? pos[1] : NULL, value, sizeof value, &len)) !=
            CLI_EXIT_OK) {
        return rc;
    }
    rc = prepare("write", &s, &conn, &o, id, klass, &ref, &guessed);
    if (rc == CLI_EXIT_OK) {
        char what[80];
        op_ctx_t ctx = {NULL, NULL, 0, value, len, what};
        cli_ref_what("write", &ref, "attribute", what, sizeof what);
        rc = cli_run_op(&s, &ref, guessed, op_set, &ctx, what);
    }
    if (rc == CLI_EXIT_OK && json) {
        cli_print_done_json(&ref, "attribute_id");
    }
    cli_session_close(&s);
    return rc;
}

static const char action_help[] =
    "usage: cosem action OBIS:METHOD [--type T VALUE] [--class N] [--json] CONNECTION\n"
    "\n"
    "Invoke method METHOD of object OBIS, with the parameter VALUE encoded as type T\n"
    "(types as for 'cosem write'), or without parameters. Many methods take\n"
    "integer 0 as their parameter (e.g. --type integer 0). Return parameters are\n"
    "printed, else 'ok'.\n"
    "\n"
    "options:\n"
    "  --type T    type of the parameter VALUE\n"
    "  --class N   interface class of the object\n"
    "  --json      JSON output of return parameters\n";

/* See cli.h: `cosem action`. */
int cli_cmd_action(int argc, char **argv)
{
    static cli_session_t s;
    static uint8_t value[65536], ret[65536];
    const char *pos[2], *klass = NULL, *type = NULL;
    bool json = false, guessed = false;
    cli_opt_t opts[] = {{"--class", &klass, NULL}, {"--type", &type, NULL},
                        {"--json", NULL, &json}};
    cli_conn_opts_t conn;
    cosem_client_collect_t col;
    cosem_attr_ref_t ref;
    cosem_obis_t o;
    unsigned id = 0;
    size_t len = 0;
    int npos, rc;
    rc = cli_parse_args("action", action_help, argc, argv, opts, 3, &conn, pos, 1, 2, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc == CLI_HELP_SHOWN ? CLI_EXIT_OK : rc;
    }
    if ((type == NULL) != (npos < 2) && !(type != NULL && strncmp(type, "null", 4) == 0)) {
        return cli_usage_error("action", type == NULL ? "VALUE needs --type" : "missing VALUE");
    }
    if ((rc = cli_obis_arg("action", pos[0], &o, &id, true, 0)) != CLI_EXIT_OK ||
        (type != NULL && (rc = encode_arg("action", type, npos > 1 ? pos[1] : NULL, value,
                                          sizeof value, &len)) != CLI_EXIT_OK)) {
        return rc;
    }
    rc = prepare("action", &s, &conn, &o, id, klass, &ref, &guessed);
    if (rc == CLI_EXIT_OK) {
        char what[80];
        op_ctx_t ctx = {&col, ret, sizeof ret, type != NULL ? value : NULL, len, what};
        cli_ref_what("action", &ref, "method", what, sizeof what);
        rc = cli_run_op(&s, &ref, guessed, op_action, &ctx, what);
    }
    if (rc == CLI_EXIT_OK && cosem_client_collect_data(&col, NULL) != NULL) {
        ref.id = 0;
        rc = cli_print_value(&col, &ref, json, false, 0, 0);
    } else if (rc == CLI_EXIT_OK && json) {
        cli_print_done_json(&ref, "method_id");
    } else if (rc == CLI_EXIT_OK) {
        puts("ok");
    }
    cli_session_close(&s);
    return rc;
}

/* ---- time ----------------------------------------------------------- */

/* The host's current local time as a COSEM date-time (deviation and DST). */
static void host_now(cosem_datetime_t *dt)
{
    struct timespec ts;
    struct tm lt, ut;
    time_t t;
    long off;
    (void)clock_gettime(CLOCK_REALTIME, &ts);
    t = ts.tv_sec;
    (void)localtime_r(&t, &lt);
    (void)gmtime_r(&t, &ut);
    ut.tm_isdst = lt.tm_isdst;
    off = (long)difftime(mktime(&lt), mktime(&ut)) / 60; /* minutes east of UTC */
    (void)cosem_datetime_from_utc(dt, (int64_t)t, (int16_t)-off,
                                  lt.tm_isdst > 0 ? COSEM_CLOCK_STATUS_DST : 0);
    dt->hundredths = (uint8_t)(ts.tv_nsec / 10000000L);
}

/* Fills a parsed --set value: weekday and status when left out. */
static int set_value(const char *text, cosem_datetime_t *dt)
{
    if (strcmp(text, "now") == 0) {
        host_now(dt);
        return 0;
    }
    if (cosem_datetime_parse(dt, text, strlen(text)) != COSEM_OK ||
        dt->year == COSEM_DT_YEAR_NS || dt->hour == COSEM_DT_NS) {
        return -1;
    }
    if (dt->second == COSEM_DT_NS) {
        dt->second = 0;
    }
    if (dt->day_of_week == COSEM_DT_NS) {
        uint8_t wd = cosem_datetime_weekday(dt->year, dt->month, dt->day);
        dt->day_of_week = wd != 0 ? wd : COSEM_DT_NS;
    }
    if (dt->status == COSEM_DT_NS) {
        dt->status = 0;
    }
    return cosem_datetime_validate(dt) == COSEM_OK ? 0 : -1;
}

/* Prints the clock value (text or JSON with the difference to the host). */
static int print_time(const cosem_client_collect_t *col, bool json)
{
    size_t n = 0;
    const uint8_t *p = cosem_client_collect_data(col, &n);
    cosem_axdr_reader_t r;
    cosem_datetime_t dt;
    char text[COSEM_DATETIME_TEXT_MAX];
    int64_t utc;
    cosem_axdr_reader_init(&r, p, n);
    if (p == NULL || cosem_axdr_read_datetime(&r, &dt) != COSEM_OK ||
        cosem_datetime_format(&dt, text, sizeof text) == 0) {
        cli_err("the clock value is not a date-time");
        return CLI_EXIT_DECODE;
    }
    if (cosem_axdr_reader_remaining(&r) != 0) {
        cli_err("warning: %zu octets after the clock value", cosem_axdr_reader_remaining(&r));
    }
    if (!json) {
        printf("%s\n", text);
        return CLI_EXIT_OK;
    }
    printf("{\n  \"time\": \"%s\",\n  \"status\": %u,\n  \"deviation\": %d", text,
           (unsigned)dt.status, (int)dt.deviation);
    if (cosem_datetime_to_utc(&dt, &utc) == COSEM_OK) {
        printf(",\n  \"difference_to_host_s\": %lld", (long long)(utc - (int64_t)time(NULL)));
    }
    fputs("\n}\n", stdout);
    return CLI_EXIT_OK;
}

static const char time_help[] =
    "usage: cosem time [--set now|DATETIME] [--json] CONNECTION\n"
    "\n"
    "Read the meter clock (0.0.1.0.0.255, attribute 2), or set it: 'now' is the\n"
    "host's local time with its UTC deviation and daylight-saving status; DATETIME\n"
    "is YYYY-MM-DDThh:mm[:ss][+hh:mm] (without an offset the deviation is sent as\n"
    "not specified). Setting prints the value written (--json: with \"set\": true).\n"
    "\n"
    "options:\n"
    "  --set V     set the clock\n"
    "  --json      JSON output (with the difference to the host clock)\n";

/* See cli.h: `cosem time`. */
int cli_cmd_time(int argc, char **argv)
{
    static cli_session_t s;
    static uint8_t buf[256];
    const char *set = NULL, *pos[1];
    bool json = false;
    cli_opt_t opts[] = {{"--set", &set, NULL}, {"--json", NULL, &json}};
    cli_conn_opts_t conn;
    cosem_client_collect_t col;
    cosem_attr_ref_t ref = {8, {0, 0, 1, 0, 0, 255}, 2};
    cosem_datetime_t dt;
    cosem_axdr_writer_t w;
    char text[COSEM_DATETIME_TEXT_MAX];
    int npos, rc;
    rc = cli_parse_args("time", time_help, argc, argv, opts, 2, &conn, pos, 0, 0, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc == CLI_HELP_SHOWN ? CLI_EXIT_OK : rc;
    }
    if (set != NULL && set_value(set, &dt) != 0) {
        return cli_usage_error("time", "'%s' is not 'now' or a complete date-time", set);
    }
    rc = cli_session_open(&s, &conn);
    if (rc == CLI_EXIT_OK && set == NULL) {
        rc = cli_get_value(&s, &ref, NULL, &col, buf, sizeof buf, "read clock");
        if (rc == CLI_EXIT_OK) {
            rc = print_time(&col, json);
        }
    } else if (rc == CLI_EXIT_OK) {
        cosem_axdr_writer_init(&w, buf, sizeof buf);
        (void)cosem_axdr_write_datetime_os(&w, &dt);
        rc = cli_session_result(&s, cli_client_set(&s, &ref, buf, cosem_axdr_writer_len(&w)),
                                "set clock");
        if (rc == CLI_EXIT_OK && cosem_datetime_format(&dt, text, sizeof text) > 0) {
            if (json) {
                printf("{\n  \"time\": \"%s\",\n  \"status\": %u,\n  \"deviation\": %d,\n"
                       "  \"set\": true\n}\n",
                       text, (unsigned)dt.status, (int)dt.deviation);
            } else {
                printf("%s\n", text);
            }
        }
    }
    cli_session_close(&s);
    return rc;
}
