/* SPDX-License-Identifier: Apache-2.0 */
/* cosem: command-line client for DLMS/COSEM meters, built on libcosem.
 *
 *   cosem decode HEX...        decode frames / APDUs (no meter needed)
 *   cosem read OBIS[:ATTR]     read an attribute
 *   cosem write, action, objects, profile, time
 *
 * Results go to standard output only; diagnostics to standard error. Exit
 * codes: 0 ok, 1 usage, 2 link, 3 association rejected, 4 service or
 * data-access error, 5 decode error (docs/cli.md). */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "cosem";
const char *cli_pcap_path = NULL;
bool cli_trace_active = false;
bool cli_conn_optional = false;

/* One command. */
typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage; /* one-line usage (after "cosem ") */
    const char *what;  /* one-line description */
} command_t;

static const command_t commands[] = {
    {"decode", cli_cmd_decode, "decode [--json] HEX...|-",
     "decode HDLC/wrapper frames or APDUs given in hex"},
    {"read", cli_cmd_read, "read OBIS[:ATTR]... [--class N] [--json] CONNECTION",
     "read attributes (default 2), several in one association"},
    {"write", cli_cmd_write, "write OBIS:ATTR --type T VALUE [--class N] CONNECTION",
     "write an attribute"},
    {"action", cli_cmd_action, "action OBIS:METHOD [--type T VALUE] [--class N] CONNECTION",
     "invoke a method"},
    {"objects", cli_cmd_objects, "objects [--json] CONNECTION",
     "list the objects of the association"},
    {"profile", cli_cmd_profile,
     "profile OBIS [--from DATE --to DATE | --entries A-B] [--columns A-B] [--csv|--json] "
     "CONNECTION",
     "read a profile buffer"},
    {"time", cli_cmd_time, "time [--set now|DATETIME] CONNECTION",
     "read or set the meter clock"},
    {"listen", cli_cmd_listen, "listen (--tcp PORT|--udp PORT) [--count N] [--timeout S] [--json]",
     "receive and print pushes (data-notifications)"},
    {"collect", cli_cmd_collect,
     "collect METERS.csv [OBIS[:ATTR]...] [--profile OBIS --from DATE --to DATE] [--json] "
     "[--parallel N] [--retries N] [--skip-done FILE] [CONNECTION DEFAULTS]",
     "read many meters at once from a CSV list"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* See cli.h. */
void cli_err(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s%s: ", cli_trace_active ? "# " : "", cli_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* See cli.h. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    size_t k;
    va_list ap;
    fprintf(stderr, "%s %s: ", cli_prog, cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    for (k = 0; k < NCOMMANDS; k++) {
        if (strcmp(commands[k].name, cmd) == 0) {
            fprintf(stderr, "usage: %s %s\n", cli_prog, commands[k].usage);
        }
    }
    fprintf(stderr, "Try '%s %s --help'.\n", cli_prog, cmd);
    return CLI_EXIT_USAGE;
}

/* The overall help text. */
static void usage(FILE *f)
{
    size_t k;
    fprintf(f, "usage: %s COMMAND [OPTIONS]\n\ncommands:\n", cli_prog);
    for (k = 0; k < NCOMMANDS; k++) {
        fprintf(f, "  %-8s %s\n", commands[k].name, commands[k].what);
    }
    fprintf(f, "\n%s", cli_connection_help);
    fprintf(f, "\n'%s COMMAND --help' describes a command.\n"
               "exit status: 0 ok, 1 usage, 2 connection/link, 3 association rejected,\n"
               "             4 service or data-access error, 5 decode error\n",
            cli_prog);
}

/* Dispatches to the command named by argv[1]. */
int main(int argc, char **argv)
{
    size_t k;
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--pcap") == 0 && argc >= 4) { /* cosem --pcap FILE COMMAND ... */
        cli_pcap_path = argv[2];
        argv[2] = argv[0];
        argc -= 2;
        argv += 2;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("cosem %s\n", COSEM_VERSION_STRING);
        return CLI_EXIT_OK;
    }
    for (k = 0; k < NCOMMANDS; k++) {
        if (strcmp(argv[1], commands[k].name) == 0) {
            return commands[k].fn(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "%s: unknown command '%s'\n", cli_prog, argv[1]);
    usage(stderr);
    return CLI_EXIT_USAGE;
}

/* Whether an argument looks like an option (a negative number does not). */
static bool is_option(const char *a)
{
    return a[0] == '-' && a[1] != '\0' && !(a[1] >= '0' && a[1] <= '9') && a[1] != '.';
}

/* Matches argv[i] against the command's own options; arguments used, 0 if
 * none matched, -1 when a value is missing. */
static int own_option(const char *cmd, const cli_opt_t *opts, size_t nopts, int argc,
                      char **argv, int i)
{
    size_t k;
    for (k = 0; k < nopts; k++) {
        if (strcmp(argv[i], opts[k].name) != 0) {
            continue;
        }
        if (opts[k].flag != NULL) {
            *opts[k].flag = true;
            return 1;
        }
        if (i + 1 >= argc) {
            (void)cli_usage_error(cmd, "%s needs a value", argv[i]);
            return -1;
        }
        *opts[k].value = argv[i + 1];
        return 2;
    }
    return 0;
}

/* See cli.h. */
int cli_parse_args(const char *cmd, const char *help, int argc, char **argv,
                   const cli_opt_t *opts, size_t nopts, cli_conn_opts_t *conn,
                   const char **pos, int minpos, int maxpos, int *npos)
{
    int i = 1, used;
    bool only_pos = false;
    *npos = 0;
    if (conn != NULL) {
        cli_conn_defaults(conn);
    }
    while (i < argc) {
        const char *a = argv[i];
        if (!only_pos && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            fputs(help, stdout);
            if (conn != NULL) {
                fprintf(stdout, "\n%s", cli_connection_help);
            }
            return CLI_HELP_SHOWN;
        }
        if (!only_pos && strcmp(a, "--") == 0) {
            only_pos = true;
            i++;
            continue;
        }
        if (only_pos || !is_option(a)) {
            if (*npos >= maxpos) {
                return cli_usage_error(cmd, "unexpected argument '%s'", a);
            }
            pos[(*npos)++] = a;
            i++;
            continue;
        }
        used = own_option(cmd, opts, nopts, argc, argv, i);
        if (used == 0 && conn != NULL) {
            used = cli_conn_option(conn, argc, argv, i);
            if (used < 0) {
                return cli_usage_error(cmd, "bad value for %s", a);
            }
        }
        if (used < 0) {
            return CLI_EXIT_USAGE;
        }
        if (used == 0) {
            return cli_usage_error(cmd, "unknown option '%s'", a);
        }
        i += used;
    }
    if (*npos < minpos) {
        return cli_usage_error(cmd, "missing argument");
    }
    if (conn != NULL && cli_conn_optional && conn->host[0] == '\0' && conn->serial[0] == '\0') {
        return CLI_EXIT_OK;
    }
    return conn != NULL ? cli_conn_check(cmd, conn) : CLI_EXIT_OK;
}
