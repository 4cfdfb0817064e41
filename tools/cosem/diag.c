/* SPDX-License-Identifier: Apache-2.0 */
/* cosem tool: progress while connecting (on a terminal only) and the
 * diagnosis of a failed connect: what was tried, what (if anything) came
 * back, and the likely cause (framing of the port, addresses). */
#define _DEFAULT_SOURCE 1
#define _POSIX_C_SOURCE 200809L

#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Progress stages. */
enum { STAGE_NONE = 0, STAGE_CONNECT, STAGE_LINK, STAGE_ASSOC };

/* Shows a progress stage (terminal only, one line rewritten in place). */
static void show_stage(cli_session_t *s, int stage)
{
    char where[300];
    if (!s->progress || stage <= s->stage) {
        return;
    }
    s->stage = stage;
    if (s->opt.serial[0] != '\0') {
        (void)snprintf(where, sizeof where, "%s at %u baud", s->opt.serial, s->opt.baud);
    } else {
        (void)snprintf(where, sizeof where, "%s port %u", s->opt.host, (unsigned)s->opt.port);
    }
    fprintf(stderr, "\r\033[K%s: %s %s...", cli_prog,
            stage == STAGE_CONNECT ? "connecting to"
                                   : (stage == STAGE_LINK ? "HDLC link (SNRM) with"
                                                          : "associating (AARQ) with"),
            where);
    fflush(stderr);
}

/* See cli.h. */
void cli_progress_start(cli_session_t *s)
{
    s->progress = !s->opt.trace && isatty(2) == 1;
    s->stage = STAGE_NONE;
    show_stage(s, STAGE_CONNECT);
}

/* See cli.h. */
void cli_progress_end(cli_session_t *s)
{
    if (s->progress) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    s->progress = false;
}

/* See cli.h. */
void cli_progress_frame(cli_session_t *s, bool sent, const uint8_t *p, size_t n)
{
    if (!sent || !s->progress) {
        return;
    }
    /* HDLC: 7E A0 L dst... ctl: SNRM is control 0x93 after the addresses */
    if (s->opt.hdlc && n > 4 && p[0] == COSEM_HDLC_FLAG && memchr(p + 3, 0x93, n - 3) != NULL &&
        s->stage < STAGE_LINK) {
        show_stage(s, STAGE_LINK);
        return;
    }
    show_stage(s, STAGE_ASSOC);
}

/* What the framing of received octets looks like. */
static const char *framing_of(const uint8_t *p, size_t n)
{
    if (n >= 1 && (p[0] == COSEM_HDLC_FLAG || (n >= 2 && (p[0] & 0xF0u) == 0xA0u))) {
        return "hdlc";
    }
    if (n >= 2 && p[0] == 0x00 && p[1] == 0x01) {
        return "wrapper";
    }
    return NULL;
}

/* See cli.h. */
void cli_connect_hint(const cli_session_t *s, bool deadline)
{
    const cli_conn_opts_t *o = &s->opt;
    const char *seen = framing_of(s->rx_first, s->rx_first_len);
    char phys[40] = "";
    char where[300];
    if (o->hdlc && o->server_physical != 0) {
        (void)snprintf(phys, sizeof phys, ", physical address %u", (unsigned)o->server_physical);
    }
    if (o->serial[0] != '\0') {
        (void)snprintf(where, sizeof where, "%s at %u baud", o->serial, o->baud);
    } else {
        (void)snprintf(where, sizeof where, "%s port %u", o->host, (unsigned)o->port);
    }
    cli_err("tried: %s to %s, client SAP 0x%02X, server logical %u%s; %s %lu ms",
            o->hdlc ? "HDLC" : "wrapper", where, (unsigned)o->client_sap,
            (unsigned)o->server_logical, phys,
            deadline ? "connect and association limited to" : "response time-out",
            (unsigned long)o->timeout_ms);
    if (!o->hdlc && seen != NULL && strcmp(seen, "hdlc") == 0) {
        cli_err("hint: the meter answered with HDLC frames (flag 0x7E): add --hdlc "
                "(and --physical N)");
    } else if (o->hdlc && seen != NULL && strcmp(seen, "wrapper") == 0) {
        cli_err("hint: the meter answered with wrapper frames (00 01 ...): drop --hdlc");
    } else if (s->rx_total > 0) {
        cli_err("hint: %lu octets came back but no answer (first 0x%02X): check the "
                "framing (--hdlc) and --baud",
                s->rx_total, (unsigned)s->rx_first[0]);
    } else if (cosem_posix_client_error(&s->pc)->status == COSEM_E_CLOSED && !deadline) {
        cli_err("hint: the meter closed the connection without an answer: the port may "
                "speak %s, or it refuses this client address",
                o->hdlc ? "the wrapper (drop --hdlc)" : "HDLC (add --hdlc --physical N)");
    } else if (o->hdlc) {
        cli_err("hint: no answer to SNRM: check the physical address (--physical, often "
                "16 + the last digits of the serial number), the client SAP (--client), "
                "the line speed; or the port speaks the wrapper (drop --hdlc)");
    } else {
        cli_err("hint: no answer to the AARQ: the port may speak HDLC (try --hdlc "
                "--physical N), or the meter ignores client SAP 0x%02X or logical "
                "device %u (--client, --server)",
                (unsigned)o->client_sap, (unsigned)o->server_logical);
    }
}
