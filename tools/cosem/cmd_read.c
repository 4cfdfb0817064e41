/* SPDX-License-Identifier: Apache-2.0 */
/* cosem read: one or several attributes in one association. Several are
 * read with one get-request-with-list (their scaler_units in the same list)
 * when the meter agreed to multiple-references, else one by one. An item
 * that fails is named (object and attribute) and the others still read. */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Most attributes in one command (list requests carry two refs each). */
#define READ_MAX 32
/* Value memory per attribute: one alone, several. */
#define READ_ONE_MAX (4u << 20)
#define READ_EACH_MAX (1u << 20)

/* One attribute to read. */
typedef struct item {
    cosem_attr_ref_t ref;
    bool guessed;             /* class from the OBIS code only */
    cosem_client_collect_t col;
    uint8_t *buf;
    size_t cap;
    bool has_su;              /* scaler and unit apply */
    int scaler;
    unsigned unit;
    cosem_client_collect_t su_col;
    uint8_t su_buf[64];
    uint8_t dar;              /* with-list: data-access-result of the value */
    int rc;                   /* exit code of this item */
    char what[80];            /* "read OBIS attribute N" */
} item_t;

/* Where each entry of a with-list request goes. */
typedef struct slot {
    item_t *item;
    bool su;
} slot_t;

typedef struct list {
    slot_t slots[2 * READ_MAX];
    size_t n;
} list_t;

/* With-list result callback: each entry into its item's collector. */
static cosem_status_t list_cb(void *user, const cosem_client_data_t *d)
{
    list_t *l = user;
    cosem_client_data_t one = *d;
    slot_t *sl;
    if (d->item >= l->n) {
        return COSEM_OK;
    }
    sl = &l->slots[d->item];
    one.item = 0;
    if (d->kind == COSEM_CLIENT_DATA_RESULT && !sl->su) {
        sl->item->dar = d->dar;
    }
    return cosem_client_collect_fn(sl->su ? &sl->item->su_col : &sl->item->col, &one);
}

/* GET of one item (cli_run_op's operation). */
static int op_get(cli_session_t *s, const cosem_attr_ref_t *ref, void *user)
{
    item_t *it = user;
    return cli_get_value(s, ref, NULL, &it->col, it->buf, it->cap, it->what);
}

/* Reads one item on its own: scaler_unit first (the order decode annotates
 * in), then the value, with the class looked up when the guess was wrong. */
static int read_one(cli_session_t *s, item_t *it, bool raw)
{
    unsigned cls = it->ref.class_id;
    if (!raw) {
        it->has_su = cli_read_scaler_unit(s, &it->ref, &it->scaler, &it->unit) == 0;
    }
    it->rc = cli_run_op(s, &it->ref, it->guessed, op_get, it, it->what);
    if (it->rc == CLI_EXIT_OK && !raw && it->ref.class_id != cls) {
        it->has_su = cli_read_scaler_unit(s, &it->ref, &it->scaler, &it->unit) == 0;
    }
    return it->rc;
}

/* Reads all items with one get-request-with-list; items refused with a
 * guessed class are read again on their own. An exit code (of the list
 * operation itself; item results are in the items). */
static int read_list(cli_session_t *s, item_t *items, size_t n, bool raw)
{
    static cosem_attr_ref_t refs[2 * READ_MAX];
    static list_t l;
    size_t k;
    unsigned su;
    int rc;
    l.n = 0;
    for (k = 0; k < n; k++) {
        item_t *it = &items[k];
        cosem_client_collect_init(&it->col, it->buf, it->cap);
        cosem_client_collect_init(&it->su_col, it->su_buf, sizeof it->su_buf);
        if (!raw && cli_scaler_unit_attr(it->ref.class_id, (uint8_t)it->ref.id, &su)) {
            refs[l.n] = it->ref;
            refs[l.n].id = (int8_t)su;
            l.slots[l.n].item = it;
            l.slots[l.n++].su = true;
        }
        refs[l.n] = it->ref;
        l.slots[l.n].item = it;
        l.slots[l.n++].su = false;
    }
    rc = cli_session_result(s, cosem_posix_client_get_list(&s->pc, refs, NULL, l.n, list_cb, &l),
                            "read (with-list)");
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    for (k = 0; k < n; k++) {
        item_t *it = &items[k];
        if (it->dar != 0 && it->guessed) {
            (void)read_one(s, it, raw);
        } else if (it->dar != 0) {
            cli_err("%s: %s", it->what, cli_dar_name(it->dar));
            it->rc = CLI_EXIT_SERVICE;
        } else {
            it->rc = CLI_EXIT_OK;
            it->has_su = !raw && cli_scaler_unit_parse(&it->su_col, &it->scaler, &it->unit) == 0;
        }
    }
    return CLI_EXIT_OK;
}

/* JSON of an item that could not be read. */
static void print_error_json(const item_t *it)
{
    char obis[COSEM_OBIS_TEXT_MAX];
    printf("{\n  \"logical_name\": \"%s\",\n  \"class_id\": %u,\n  \"attribute_id\": %u,\n"
           "  \"error\": \"%s\"\n}\n",
           cli_obis_text(it->ref.obis, obis), it->ref.class_id, (unsigned)(uint8_t)it->ref.id,
           it->dar != 0 ? cli_dar_name(it->dar) : "not read");
}

/* Prints the items: one alone as before; several as "OBIS:ATTR: value"
 * lines (text) or a JSON array. Returns the first failing exit code. */
static int print_items(item_t *items, size_t n, bool json)
{
    char obis[COSEM_OBIS_TEXT_MAX];
    int rc = CLI_EXIT_OK, prc;
    size_t k;
    if (json && n > 1) {
        fputs("[\n", stdout);
    }
    for (k = 0; k < n; k++) {
        item_t *it = &items[k];
        if (json && n > 1 && k > 0) {
            fputs(",\n", stdout);
        }
        if (it->rc == CLI_EXIT_OK) {
            if (!json && n > 1) {
                printf("%s:%u: ", cli_obis_text(it->ref.obis, obis), (unsigned)(uint8_t)it->ref.id);
            }
            prc = cli_print_value(&it->col, &it->ref, json, it->has_su, it->scaler, it->unit);
            it->rc = prc;
        } else if (json && n > 1) {
            print_error_json(it);
        }
        if (rc == CLI_EXIT_OK) {
            rc = it->rc;
        }
    }
    if (json && n > 1) {
        fputs("]\n", stdout);
    }
    return rc;
}

static const char read_help[] =
    "usage: cosem read OBIS[:ATTR]... [--class N] [--json] [--raw] CONNECTION\n"
    "\n"
    "Read attribute ATTR (default 2, the value) of the object OBIS (1.0.1.8.0.255\n"
    "or 1-0:1.8.0*255); several objects are read in one association (one\n"
    "get-request-with-list when the meter agreed to multiple-references, else one\n"
    "by one) and printed as 'OBIS:ATTR: value' lines (JSON: an array). The class\n"
    "comes from --class (then the same for all), else from the usual class of\n"
    "well-known OBIS codes, else from the association's object list. For\n"
    "registers (class 3, 4, 5) the scaler_unit is read too and the value printed\n"
    "scaled, with its unit (--raw: as sent).\n"
    "\n"
    "options:\n"
    "  --class N   interface class of the object(s)\n"
    "  --json      JSON output\n"
    "  --raw       do not apply scaler and unit\n"
    "  --one-by-one  one request per attribute, even when lists were agreed\n";

/* Parses the OBIS arguments into items; an exit code. */
static int parse_items(const char **pos, int npos, item_t *items)
{
    int k, rc;
    for (k = 0; k < npos; k++) {
        cosem_obis_t o;
        unsigned id = 2;
        if ((rc = cli_obis_arg("read", pos[k], &o, &id, false, 2)) != CLI_EXIT_OK) {
            return rc;
        }
        memset(&items[k].ref, 0, sizeof items[k].ref);
        memcpy(items[k].ref.obis, o.v, 6);
        items[k].ref.id = (int8_t)id;
        cli_ref_what("read", &items[k].ref, "attribute", items[k].what, sizeof items[k].what);
    }
    return CLI_EXIT_OK;
}

/* Resolves the classes and reads; an exit code (item failures are left in
 * the items). */
static int read_items(cli_session_t *s, item_t *items, size_t n, const char *klass, bool raw,
                      bool one_by_one)
{
    size_t k;
    int rc = CLI_EXIT_OK;
    for (k = 0; k < n && rc == CLI_EXIT_OK; k++) {
        cosem_obis_t o;
        unsigned cls = 0;
        memcpy(o.v, items[k].ref.obis, 6);
        rc = cli_resolve_class(s, &o, klass, &cls, &items[k].guessed);
        items[k].ref.class_id = (uint16_t)cls;
        items[k].rc = rc;
    }
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (n > 1 && !one_by_one && !s->opt.sn && (cosem_client_info(cosem_posix_client_session(&s->pc))->conformance &
                  COSEM_CONF_MULTIPLE_REFERENCES) != 0) {
        return read_list(s, items, n, raw);
    }
    for (k = 0; k < n; k++) {
        if (read_one(s, &items[k], raw) == CLI_EXIT_LINK) {
            return CLI_EXIT_LINK; /* the link is gone: the others cannot be read */
        }
    }
    return CLI_EXIT_OK;
}

/* See cli.h: `cosem read`. */
int cli_cmd_read(int argc, char **argv)
{
    static cli_session_t s;
    static item_t items[READ_MAX];
    const char *pos[READ_MAX], *klass = NULL;
    bool json = false, raw = false, one = false;
    cli_opt_t opts[] = {{"--class", &klass, NULL},
                        {"--json", NULL, &json},
                        {"--raw", NULL, &raw},
                        {"--one-by-one", NULL, &one}};
    cli_conn_opts_t conn;
    unsigned long v;
    int npos, rc, k;
    rc = cli_parse_args("read", read_help, argc, argv, opts, 4, &conn, pos, 1, READ_MAX, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc == CLI_HELP_SHOWN ? CLI_EXIT_OK : rc;
    }
    if (klass != NULL && cli_parse_ulong(klass, 1, 65535, &v) != 0) {
        return cli_usage_error("read", "--class needs a class id 1..65535");
    }
    memset(items, 0, sizeof items);
    if ((rc = parse_items(pos, npos, items)) != CLI_EXIT_OK) {
        return rc;
    }
    for (k = 0; k < npos; k++) {
        items[k].cap = npos > 1 ? READ_EACH_MAX : READ_ONE_MAX;
        items[k].buf = malloc(items[k].cap);
        if (items[k].buf == NULL) {
            rc = CLI_EXIT_LINK;
        }
        items[k].rc = CLI_EXIT_LINK;
    }
    if (rc == CLI_EXIT_OK && (rc = cli_session_open(&s, &conn)) == CLI_EXIT_OK) {
        int prc;
        rc = read_items(&s, items, (size_t)npos, klass, raw, one);
        prc = print_items(items, (size_t)npos, json); /* what was read, even after a failure */
        rc = rc != CLI_EXIT_OK ? rc : prc;
    }
    cli_session_close(&s);
    for (k = 0; k < npos; k++) {
        free(items[k].buf);
    }
    return rc;
}
