/* SPDX-License-Identifier: Apache-2.0 */
/* cosem collect: the parsers of its input files (the meter list, a
 * --skip-done file). Pure functions over a caller's line buffer (no I/O), so
 * fuzz/fuzz_cli_csv.c builds them on their own. */
#include <stdbool.h>
#include <string.h>

#include "csvlist.h"

/* See csvlist.h. */
size_t cli_csv_split(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line, *w;
    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        bool q = *p == '"';
        f[n++] = w = q ? ++p : p;
        while (*p != '\0') {
            if (q && *p == '"' && p[1] == '"') {
                *w++ = '"';
                p += 2;
            } else if (q && *p == '"') {
                q = false;
                p++;
            } else if (!q && *p == ',') {
                break;
            } else {
                *w++ = *p++;
            }
        }
        if (*p == '\0') {
            *w = '\0';
            break;
        }
        *w = '\0';
        p++;
    }
    return n;
}

/* See csvlist.h. */
char *cli_skip_line_id(char *line)
{
    char *f[2], *p, *w;
    size_t n;
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '{') {
        if (strstr(line, "\"record\":\"done\"") == NULL ||
            strncmp(line, "{\"id\":\"", 7) != 0) {
            return NULL;
        }
        for (p = w = line + 7; *p != '\0' && *p != '"'; p++) {
            if (*p == '\\' && p[1] != '\0') {
                p++;
            }
            *w++ = *p;
        }
        *w = '\0';
        return line + 7;
    }
    if (strchr(line, ',') != NULL) {
        n = cli_csv_split(line, f, 2);
        return n >= 2 && strcmp(f[1], "done") == 0 ? f[0] : NULL;
    }
    line += strspn(line, " \t");
    return line[0] != '\0' && line[0] != '#' ? line : NULL;
}

