/* SPDX-License-Identifier: Apache-2.0 */
/* cosem command-line tool: declarations shared by its source files.
 *
 * The tool is a host program: it uses stdio and the POSIX port. Symbols
 * shared between its files carry the cli_ prefix (they never enter the
 * library). */
#ifndef COSEM_CLI_H
#define COSEM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cosem/client.h>
#include <cosem/cosem.h>

#include <cosem_posix.h>

/* ---- exit codes (documented in docs/cli.md) -------------------------- */
enum {
    CLI_EXIT_OK = 0,       /* success */
    CLI_EXIT_USAGE = 1,    /* bad command line */
    CLI_EXIT_LINK = 2,     /* connection or link error, time-out */
    CLI_EXIT_ASSOC = 3,    /* association rejected (AARE not accepted) */
    CLI_EXIT_SERVICE = 4,  /* service error or data-access-result not success */
    CLI_EXIT_DECODE = 5    /* bytes that do not decode */
};

#include "parse.h"

/* ---- names.c: names of protocol numbers ------------------------------- */
const char *cli_unit_symbol(unsigned unit);   /* "Wh", ... or NULL */
const char *cli_class_name(unsigned class_id); /* "Register", ... or NULL */
const char *cli_dar_name(unsigned dar);       /* "read-write-denied", ... */
const char *cli_apdu_name(unsigned tag);      /* "get-request", ... or NULL */
const char *cli_assoc_result_name(unsigned r);
const char *cli_diag_name(unsigned source, unsigned diag);
const char *cli_mechanism_name(unsigned m);
const char *cli_context_name(unsigned c);
const char *cli_state_error_name(unsigned e);
const char *cli_service_error_name(unsigned e);
const char *cli_conformance_bit_name(unsigned bit); /* bit 0..23 of the standard */
/* Attribute / method name of a class member (NULL when unknown). */
const char *cli_attr_name(unsigned class_id, unsigned id);
const char *cli_method_name(unsigned class_id, unsigned id);
/* The usual interface class of an OBIS code (0 when unknown). */
unsigned cli_guess_class(const cosem_obis_t *o);
/* OBIS code as IEC text (buf of COSEM_OBIS_TEXT_MAX). */
const char *cli_obis_text(const uint8_t obis[6], char *buf);

/* ---- out.c: one emitter for the text tree and for JSON ---------------- */
#define CLI_OUT_MAX_DEPTH 32

typedef struct cli_out {
    FILE *f;
    bool json;
    int depth;
    bool has_item[CLI_OUT_MAX_DEPTH]; /* json: a member was written at this depth */
} cli_out_t;

void cli_out_init(cli_out_t *o, FILE *f, bool json);
/* Open an object (key NULL inside an array). Text: "title" on its own line
 * (the key when title is NULL), children indented. */
void cli_out_begin(cli_out_t *o, const char *key, const char *title);
void cli_out_end(cli_out_t *o);
/* Open / close a JSON array (text: like an object). */
void cli_out_array(cli_out_t *o, const char *key, const char *title);
void cli_out_array_end(cli_out_t *o);
/* A string member. */
void cli_out_str(cli_out_t *o, const char *key, const char *fmt, ...) CLI_PRINTF(3, 4);
/* An integer member, with an optional readable note (text: in brackets;
 * JSON: an extra member key_name). */
void cli_out_int(cli_out_t *o, const char *key, long long v, const char *note);
void cli_out_bool(cli_out_t *o, const char *key, bool v);
/* An unsigned number shown in hex with `digits` digits in text (JSON: a
 * number), with an optional note. */
void cli_out_hexint(cli_out_t *o, const char *key, unsigned long v, int digits,
                    const char *note);
/* Octets as hex (text: spaced, JSON: a lowercase string). */
void cli_out_hex(cli_out_t *o, const char *key, const uint8_t *p, size_t n);
/* One whole A-XDR Data value: decoded, printed as a tree (text) or typed
 * JSON. Returns 0, or -1 when it does not decode (an error member is written). */
int cli_out_value(cli_out_t *o, const char *key, const uint8_t *p, size_t n);
/* A numeric node (integer family or float) times 10^scaler as decimal text
 * ("123.456"); 0, or -1 when the node is not a number. */
int cli_scaled_text(const cosem_value_node_t *node, int scaler, char *buf, size_t cap);
/* Kinds of cli_node_text() results. */
enum { CLI_TXT_NONE = 0, CLI_TXT_STRING, CLI_TXT_NUMBER, CLI_TXT_LITERAL };
/* A primitive node as human text: numbers (scaled by *scaler when given),
 * date-times ISO-like, printable octet-strings as text, others as hex.
 * Returns the kind (JSON: a string to quote, a number or a literal), or
 * CLI_TXT_NONE for containers. */
int cli_node_text(const cosem_value_node_t *nd, const int *scaler, char *buf, size_t cap);
/* The subtree at index as compact JSON; 0 or -1. */
int cli_subtree_json(const cosem_value_node_t *nodes, size_t count, size_t index, char *buf,
                     size_t cap);
/* Value printer sink writing to stdout. */
int cli_stdout_sink(void *user, const char *text, size_t len);
/* Finish the document (JSON: closing newline). */
void cli_out_finish(cli_out_t *o);
/* JSON string literal of n bytes (escaped) to f. */
void cli_json_string(FILE *f, const char *s, size_t n);

/* Value tree scratch shared by the commands (large: static). */
#define CLI_MAX_NODES 65536u
extern cosem_value_node_t cli_nodes[CLI_MAX_NODES];

/* ---- conn.c: connection options and a blocking session ---------------- */

/* Reassembly area of the client for one element / value (host: generous). */
#define CLI_ELEMENT_MAX (256u * 1024u)

typedef struct cli_conn_opts {
    char host[256];
    uint16_t port;
    char serial[256];
    unsigned baud;
    bool mode_e;            /* --mode-e: IEC 62056-21 opening on the serial line */
    bool gbt;               /* --gbt: propose general-block-transfer */
    uint8_t gbt_window;     /* --gbt-window: window announced (0: 1) */
    bool sn;                /* --sn: short-name referencing */
    bool hdlc;
    bool trace;
    uint8_t client_sap;
    uint16_t server_logical;
    uint16_t server_physical;
    uint8_t addr_len;
    int auth;               /* -1: from --password */
    int security;           /* --security: SC bits 0x10/0x20/0x30, 0 none, -1 default */
    bool has_ek, has_ak, has_title, has_dk;
    uint8_t ek[16], ak[16], title[8], dk[16]; /* --ek, --ak, --system-title, --dk */
    uint32_t ic;            /* --ic: our first invocation counter (default 1) */
    bool has_ic_from;       /* --ic-from OBIS: read it first over the public client */
    uint8_t ic_from[6];
    bool has_password;      /* --password, --password-hex, --password-file */
    uint8_t password[COSEM_MAX_SECRET];
    size_t password_len;
    uint32_t timeout_ms;
    uint8_t retries;
    uint16_t max_pdu;
} cli_conn_opts_t;

typedef struct cli_session {
    cli_conn_opts_t opt;
    cosem_posix_loop_t *loop;
    cosem_posix_client_t pc; /* blocking client of the POSIX port */
    uint8_t *buf;
    bool quiet;             /* cli_session_result() does not explain failures */
    uint8_t trace_buf[70000];
    size_t trace_len;
    /* what came back while connecting (time-out diagnosis) */
    unsigned long rx_total;
    uint8_t rx_first[8];
    size_t rx_first_len;
    bool progress;          /* progress shown on a terminal */
    int stage;              /* last progress stage shown */
    /* --sn: the base names of the Association SN's object list, read once */
    struct cli_sn_name *sn_names;
    size_t sn_count, sn_cap;
    bool sn_loaded;
} cli_session_t;

/* GET / SET / ACTION of the session, by short names with --sn (the names
 * from the Association SN's object list; a method by WRITE of its name):
 * the blocking client's status. */
cosem_status_t cli_client_get(cli_session_t *s, const cosem_attr_ref_t *ref,
                              const cosem_selection_t *sel, cosem_client_data_fn fn, void *user);
cosem_status_t cli_client_set(cli_session_t *s, const cosem_attr_ref_t *ref,
                              const uint8_t *value, size_t len);
cosem_status_t cli_client_action(cli_session_t *s, const cosem_attr_ref_t *ref,
                                 const uint8_t *params, size_t len, cosem_client_data_fn fn,
                                 void *user);

extern const char cli_connection_help[];
void cli_conn_defaults(cli_conn_opts_t *c);
/* Consumes a connection option at argv[i]: returns the number of arguments
 * used (1 or 2), 0 when argv[i] is not one, -1 on a bad value (reported). */
int cli_conn_option(cli_conn_opts_t *c, int argc, char **argv, int i);
/* After parsing: checks the options (usage error reported) and completes
 * defaults; CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_conn_check(const char *cmd, cli_conn_opts_t *c);
/* Opens the transport and associates; an exit code. */
int cli_session_open(cli_session_t *s, const cli_conn_opts_t *opt);
/* The exit code of a blocking operation that returned st (a failure is
 * explained on stderr, prefixed with `what`, unless s->quiet). */
int cli_session_result(cli_session_t *s, cosem_status_t st, const char *what);
/* Outcome of the last operation. */
const cosem_client_error_t *cli_session_error(cli_session_t *s);
/* The reason of a failed operation as short text (into buf). */
const char *cli_error_text(const cosem_client_error_t *e, char *buf, size_t cap);
/* Explains a failed operation on stderr; its exit code. */
int cli_report(const char *what, const cosem_client_error_t *e);
/* The exit code of an operation's outcome. */
int cli_exit_code(const cosem_client_error_t *e);
/* Releases, disconnects and frees. */
void cli_session_close(cli_session_t *s);

/* ---- secret.c: secrets in hex, from files; masking -------------------- */
/* Hex text (spaces, ':' and '-' allowed, optional 0x) to octets; 0 or -1. */
int cli_secret_hex(const char *text, uint8_t *out, size_t cap, size_t *len);
/* The contents of a file (one trailing line ending dropped); 0 or -1. */
int cli_secret_file(const char *path, uint8_t *out, size_t cap, size_t *len);
/* Overwrites a command-line argument so `ps` no longer shows it. */
void cli_secret_wipe_arg(char *arg);
/* Replaces the secret inside an AARQ calling-authentication-value in
 * p[0..n) by '*' octets (HDLC frame: FCS recomputed); whether it did. */
bool cli_secret_mask(uint8_t *p, size_t n, const uint8_t *secret, size_t slen, bool hdlc);
/* --password, --password-hex, --password-file at a (value val, wiped from
 * argv): arguments used (2), 0 when a is none of them, -1 on error. */
int cli_password_option(cli_conn_opts_t *c, const char *a, char *val);
/* COSEM_PASSWORD when no password option was given and LLS is asked for
 * (--auth low, or a client SAP other than the public client). */
void cli_password_env(cli_conn_opts_t *c);

/* ---- pcap_write.c: --pcap FILE ------------------------------------------ */
/* Where --pcap writes (NULL: nowhere); set by main() or the option. */
extern const char *cli_pcap_path;
/* Opens the file and writes its header and a TCP handshake; 0 or -1. */
int cli_pcap_open(const char *path);
/* One chunk of the session as a TCP segment (client to server or back). */
void cli_pcap_data(bool from_server, const uint8_t *data, size_t n);
/* Writes the TCP end and closes; 0, or -1 when writing failed. */
int cli_pcap_close(void);

/* ---- diag.c: connect progress and failure diagnosis -------------------- */
/* Progress of connect and association on stderr when it is a terminal. */
void cli_progress_start(cli_session_t *s);
void cli_progress_frame(cli_session_t *s, bool sent, const uint8_t *p, size_t n);
void cli_progress_end(cli_session_t *s);
/* After a failed connect: what was tried, the likely cause (stderr);
 * deadline: the --timeout of the whole connect ran out. */
void cli_connect_hint(const cli_session_t *s, bool deadline);

/* ---- main.c: command options ------------------------------------------ */

/* One command option: a flag (value NULL) or an option with a value. */
typedef struct cli_opt {
    const char *name;
    const char **value; /* set for options that take a value */
    bool *flag;         /* set for flags */
} cli_opt_t;

/* Result of cli_parse_args() when --help was shown. */
#define CLI_HELP_SHOWN (-1)

/* Parses argv[1..] of a command: its own options, connection options
 * (when conn is not NULL; then checked), and up to maxpos positional
 * arguments ("--" ends options; "-5" is positional). Returns CLI_EXIT_OK,
 * CLI_EXIT_USAGE (reported), or CLI_HELP_SHOWN. */
int cli_parse_args(const char *cmd, const char *help, int argc, char **argv,
                   const cli_opt_t *opts, size_t nopts, cli_conn_opts_t *conn,
                   const char **pos, int minpos, int maxpos, int *npos);

/* ---- cmd_rw.c: helpers shared by the commands ------------------------- */
/* Class of an object: --class text (may be NULL), the usual class of its
 * OBIS code (*guessed set), or the object list. An exit code. */
int cli_resolve_class(cli_session_t *s, const cosem_obis_t *o, const char *given,
                      unsigned *class_id, bool *guessed);
/* Runs op on ref; when it fails with a data-access-result and the class was
 * only guessed, looks the class up in the object list and runs op again
 * with it. An exit code (failures explained with `what`). */
typedef int (*cli_op_fn)(cli_session_t *s, const cosem_attr_ref_t *ref, void *ctx);
int cli_run_op(cli_session_t *s, cosem_attr_ref_t *ref, bool guessed, cli_op_fn op, void *ctx,
               const char *what);
/* GET into a collector over buf; an exit code. */
int cli_get_value(cli_session_t *s, const cosem_attr_ref_t *ref, const cosem_selection_t *sel,
                  cosem_client_collect_t *col, uint8_t *buf, size_t cap, const char *what);
/* Whether attribute attr of class_id is scaled by a scaler_unit attribute
 * (*su_attr). */
bool cli_scaler_unit_attr(unsigned class_id, unsigned attr, unsigned *su_attr);
/* Reads the scaler_unit that belongs to a register value attribute; 0, or
 * -1 when there is none or it cannot be read. */
int cli_read_scaler_unit(cli_session_t *s, const cosem_attr_ref_t *value_ref, int *scaler,
                         unsigned *unit);
/* The scaler and unit of a collected scaler_unit structure; 0 or -1. */
int cli_scaler_unit_parse(const cosem_client_collect_t *col, int *scaler, unsigned *unit);
/* Prints a collected value as text or JSON; an exit code. */
int cli_print_value(const cosem_client_collect_t *col, const cosem_attr_ref_t *ref, bool json,
                    bool has_su, int scaler, unsigned unit);

/* Parses OBIS[:ID] (ID def when left out, required when id_required); a
 * usage exit code on error. */
int cli_obis_arg(const char *cmd, const char *text, cosem_obis_t *o, unsigned *id,
                 bool id_required, unsigned def);
/* "read 1.0.1.8.0.255 attribute 2": names an operation in messages. */
void cli_ref_what(const char *cmd, const cosem_attr_ref_t *ref, const char *word, char *buf,
                  size_t cap);
/* The JSON result of an operation without data:
 * {"logical_name", "class_id", idkey, "result": "success"}. */
void cli_print_done_json(const cosem_attr_ref_t *ref, const char *idkey);

/* Marks a streamed result in the output itself: failed (rc not OK): text
 * "# incomplete: GOT of TOTAL received, REASON" line, JSON (json_lead not
 * NULL: written first) "complete": false, "received", "error" members;
 * complete: JSON "complete": true, text nothing. */
void cli_mark_complete(cli_session_t *s, int rc, const char *json_lead, unsigned long got,
                       unsigned long total);

/* ---- commands ----------------------------------------------------------- */
int cli_cmd_read(int argc, char **argv);
int cli_cmd_write(int argc, char **argv);
int cli_cmd_action(int argc, char **argv);
int cli_cmd_objects(int argc, char **argv);
int cli_cmd_profile(int argc, char **argv);
int cli_cmd_time(int argc, char **argv);
int cli_cmd_listen(int argc, char **argv); /* cmd_listen.c */

/* ---- cmd_collect.c: many meters at once (and its hooks elsewhere) ---- */
int cli_cmd_collect(int argc, char **argv);
/* conn.c: the client configuration of a set of connection options. */
void cli_client_config(const cli_conn_opts_t *o, cosem_client_config_t *cfg);
/* cmd_list.c: a --from / --to date-time (missing parts: start or end of the
 * day); 0 or -1. */
int cli_range_time(const char *text, bool end, cosem_datetime_t *dt);
/* main.c: cli_parse_args() accepts connection options without --tcp or
 * --serial (they are defaults for the meters of a list). */
extern bool cli_conn_optional;

/* ---- decode.c --------------------------------------------------------- */
int cli_cmd_decode(int argc, char **argv);

/* ---- main.c ----------------------------------------------------------- */
extern const char *cli_prog; /* "cosem" */
/* --trace is on: diagnostics start with "# " so stderr stays a capture. */
extern bool cli_trace_active;
void cli_err(const char *fmt, ...) CLI_PRINTF(1, 2);
/* Print "usage: ..." for a command to stderr, return CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);

#endif /* COSEM_CLI_H */
