/* SPDX-License-Identifier: Apache-2.0 */
/* cosem collect: parsers of the meter list and of --skip-done files
 * (tools/cosem/csvlist.c; fuzzed by fuzz/fuzz_cli_csv.c). */
#ifndef COSEM_CLI_CSVLIST_H
#define COSEM_CLI_CSVLIST_H

#include <stddef.h>

/* Splits a NUL-terminated CSV line in place into at most max fields (quotes
 * honoured, "" inside quotes is one quote; the line ends at the first CR or
 * LF); f[k] point into line. Returns the field count (at least 1). */
size_t cli_csv_split(char *line, char **f, size_t max);

/* The id a line of a --skip-done file names as done: a JSON line of record
 * "done" (its "id"), a CSV line whose second field is "done" (its first), or
 * a bare id (a line without a comma; '#' starts a comment). Points into the
 * line (modified in place); NULL when the line names none. */
char *cli_skip_line_id(char *line);

#endif
