/* SPDX-License-Identifier: Apache-2.0 */
/* cosem decode: hex of HDLC frames, wrapper frames or a bare APDU in, an
 * annotated tree (or JSON) out. Frames of a pasted capture are decoded in
 * order: HDLC segments are joined, GET data blocks are joined and decoded as
 * one value, and a response is annotated with what its request asked for
 * (attribute names, scaler and unit of registers). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DEC_MAX_INPUT (4u << 20)
#define DEC_MAX_CHUNKS 65536u
#define DEC_MAX_SU 256u

/* Decoder state carried from one frame to the next. */
typedef struct dctx {
    cli_out_t *o;
    int status;                 /* CLI_EXIT_OK or CLI_EXIT_DECODE */
    char dir;                   /* direction of the current chunk */
    uint8_t seg[65536];         /* HDLC segments of one APDU */
    size_t seg_len;
    bool seg_active;
    uint8_t *blk;               /* GET data blocks joined (DEC_MAX_INPUT) */
    size_t blk_len;
    uint32_t blk_next;
    bool have_req;              /* last get/set/action request */
    uint8_t req_tag;
    cosem_attr_ref_t req;
    size_t nsu;                 /* scaler_unit values seen (by object) */
    struct {
        uint8_t obis[6];
        int8_t scaler;
        uint8_t unit;
    } su[DEC_MAX_SU];
    uint8_t ctitle[8], stitle[8]; /* system titles from the AARQ / AARE */
    bool has_ctitle, has_stitle;
    int depth;                    /* inside a deciphered APDU */
} dctx_t;

/* --ek / --ak / --dk of cosem decode: keys to decipher with. */
static struct {
    bool have, have_dk;
    uint8_t ek[16], ak[16], dk[16];
} g_keys;

static void apdu(dctx_t *d, const uint8_t *p, size_t n);

/* Records a decoding failure (exit status 5) and says what failed. */
static void bad(dctx_t *d, const char *what, cosem_status_t st)
{
    cli_out_str(d->o, "error", "%s: %s", what, cosem_status_str(st));
    d->status = CLI_EXIT_DECODE;
}

/* invoke-id-and-priority with its parts. */
static void put_invoke(dctx_t *d, uint8_t inv)
{
    char note[64];
    (void)snprintf(note, sizeof note, "id %u, %s, %s priority", COSEM_INVOKE_ID(inv),
                   (inv & COSEM_INVOKE_CONFIRMED) ? "confirmed" : "unconfirmed",
                   (inv & COSEM_INVOKE_HIGH_PRIORITY) ? "high" : "normal");
    cli_out_hexint(d->o, "invoke_id_and_priority", inv, 2, note);
    if (!d->o->json) {
        return; /* the note has the parts */
    }
    cli_out_int(d->o, "invoke_id", COSEM_INVOKE_ID(inv), NULL);
    cli_out_str(d->o, "service_class", "%s",
                (inv & COSEM_INVOKE_CONFIRMED) ? "confirmed" : "unconfirmed");
    cli_out_str(d->o, "priority", "%s", (inv & COSEM_INVOKE_HIGH_PRIORITY) ? "high" : "normal");
}

/* Long-Invoke-Id-And-Priority (data-notification): invoke id in bits 0..23,
 * self-descriptive bit 28, processing-option bit 29 (break on error),
 * service-class bit 30 (confirmed), priority bit 31 (high). */
static void put_long_invoke(dctx_t *d, uint32_t inv)
{
    char note[96];
    (void)snprintf(note, sizeof note, "id %lu, %s, %s priority%s%s",
                   (unsigned long)(inv & 0xFFFFFFul), (inv & 0x40000000ul) ? "confirmed" : "unconfirmed",
                   (inv & 0x80000000ul) ? "high" : "normal",
                   (inv & 0x10000000ul) ? ", self-descriptive" : "",
                   (inv & 0x20000000ul) ? ", break on error" : "");
    cli_out_hexint(d->o, "long_invoke_id_and_priority", inv, 8, note);
    if (!d->o->json) {
        return; /* the note has the parts */
    }
    cli_out_int(d->o, "invoke_id", (long long)(inv & 0xFFFFFFul), NULL);
    cli_out_str(d->o, "service_class", "%s", (inv & 0x40000000ul) ? "confirmed" : "unconfirmed");
    cli_out_str(d->o, "priority", "%s", (inv & 0x80000000ul) ? "high" : "normal");
    cli_out_bool(d->o, "self_descriptive", (inv & 0x10000000ul) != 0);
    cli_out_str(d->o, "processing_option", "%s",
                (inv & 0x20000000ul) ? "break-on-error" : "continue-on-error");
}

/* A Cosem-Attribute/Method-Descriptor with class, object and member names. */
static void put_ref(dctx_t *d, const char *key, const cosem_attr_ref_t *ref, bool method)
{
    char obis[COSEM_OBIS_TEXT_MAX];
    cosem_obis_t o;
    const char *name, *member;
    unsigned id = (uint8_t)ref->id;
    memcpy(o.v, ref->obis, 6);
    name = cosem_obis_name(&o);
    member = method ? cli_method_name(ref->class_id, id) : cli_attr_name(ref->class_id, id);
    cli_out_begin(d->o, key, NULL);
    cli_out_int(d->o, "class_id", ref->class_id, cli_class_name(ref->class_id));
    if (d->o->json) {
        cli_out_str(d->o, "instance_id", "%s", cli_obis_text(ref->obis, obis));
        if (name != NULL) {
            cli_out_str(d->o, "instance_name", "%s", name);
        }
    } else if (name != NULL) {
        cli_out_str(d->o, "instance_id", "%s (%s)", cli_obis_text(ref->obis, obis), name);
    } else {
        cli_out_str(d->o, "instance_id", "%s", cli_obis_text(ref->obis, obis));
    }
    cli_out_int(d->o, method ? "method_id" : "attribute_id", (long long)id, member);
    cli_out_end(d->o);
}

/* A selective access descriptor (selector 0: absent). */
static void put_sel(dctx_t *d, const cosem_selection_t *sel)
{
    static const char *const names[] = {NULL, "range_descriptor", "entry_descriptor"};
    if (sel->selector == 0) {
        return;
    }
    cli_out_begin(d->o, "access_selection", NULL);
    cli_out_int(d->o, "access_selector", sel->selector,
                sel->selector <= 2 ? names[sel->selector] : NULL);
    if (cli_out_value(d->o, "access_parameters", sel->params.p, sel->params.len) != 0) {
        d->status = CLI_EXIT_DECODE;
    }
    cli_out_end(d->o);
}

/* A data-access-result member. */
static void put_dar(dctx_t *d, const char *key, unsigned dar)
{
    cli_out_int(d->o, key, dar, cli_dar_name(dar));
}

/* Index of the scaler_unit entry of an object, or nsu. */
static size_t su_find(const dctx_t *d, const uint8_t obis[6])
{
    size_t k;
    for (k = 0; k < d->nsu; k++) {
        if (memcmp(d->su[k].obis, obis, 6) == 0) {
            return k;
        }
    }
    return d->nsu;
}

/* After a register's scaler_unit (attribute 3 of class 3, 4, 5 or 4 of 5):
 * remember it and show it readably. */
static void note_scaler_unit(dctx_t *d, size_t count)
{
    size_t k;
    const char *unit;
    if (count != 3 || cli_nodes[0].type != COSEM_AXDR_STRUCTURE ||
        cli_nodes[1].type != COSEM_AXDR_INTEGER || cli_nodes[2].type != COSEM_AXDR_ENUM) {
        return;
    }
    k = su_find(d, d->req.obis);
    if (k == d->nsu && d->nsu < DEC_MAX_SU) {
        d->nsu++;
    }
    if (k < DEC_MAX_SU) {
        memcpy(d->su[k].obis, d->req.obis, 6);
        d->su[k].scaler = (int8_t)cli_nodes[1].v.i;
        d->su[k].unit = (uint8_t)cli_nodes[2].v.u;
    }
    unit = cli_unit_symbol((unsigned)cli_nodes[2].v.u);
    cli_out_str(d->o, "scaler_unit", "10^%d %s", (int)cli_nodes[1].v.i,
                unit != NULL ? unit : "(unknown unit)");
}

/* After a register value: the value with its known scaler and unit. */
static void note_scaled(dctx_t *d, size_t count)
{
    char text[96];
    const char *unit;
    size_t k = su_find(d, d->req.obis);
    if (k == d->nsu || count != 1 || cli_scaled_text(&cli_nodes[0], d->su[k].scaler, text,
                                                     sizeof text) != 0) {
        return;
    }
    unit = cli_unit_symbol(d->su[k].unit);
    cli_out_str(d->o, "scaled_value", "%s%s%s", text, unit != NULL ? " " : "",
                unit != NULL ? unit : "");
}

/* Annotates a value returned for the last get-request. */
static void annotate(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_axdr_reader_t r;
    size_t count = 0;
    unsigned cls = d->req.class_id, id = (uint8_t)d->req.id;
    if (!d->have_req || d->req_tag != COSEM_APDU_GET_REQUEST) {
        return;
    }
    cosem_axdr_reader_init(&r, p, n);
    if (cosem_value_decode(&r, cli_nodes, CLI_MAX_NODES, &count) != COSEM_OK) {
        return;
    }
    if (((cls == 3 || cls == 4) && id == 3) || (cls == 5 && id == 4)) {
        note_scaler_unit(d, count);
    } else if (((cls == 3 || cls == 4) && id == 2) || (cls == 5 && (id == 2 || id == 3))) {
        note_scaled(d, count);
    }
}

/* A Get-Data-Result: the value (annotated) or the data-access-result. */
static void put_data_result(dctx_t *d, const char *key, const cosem_data_result_t *res)
{
    if (!res->ok) {
        put_dar(d, key, res->dar);
        return;
    }
    if (cli_out_value(d->o, key, res->data.p, res->data.len) != 0) {
        d->status = CLI_EXIT_DECODE;
        return;
    }
    annotate(d, res->data.p, res->data.len);
}

/* ---- ACSE ------------------------------------------------------------ */

/* Conformance block with the names of its bits. */
static void put_conformance(dctx_t *d, const char *key, uint32_t conf)
{
    char names[600];
    size_t pos = 0;
    unsigned bit;
    names[0] = '\0';
    for (bit = 0; bit < 24; bit++) {
        if ((conf & (1ul << (23 - bit))) != 0 && pos < sizeof names) {
            int w = snprintf(names + pos, sizeof names - pos, "%s%s", pos ? " " : "",
                             cli_conformance_bit_name(bit));
            pos += w > 0 ? (size_t)w : 0;
        }
    }
    cli_out_hexint(d->o, key, conf, 6, names);
}

/* The xDLMS APDU inside an AARQ/AARE/RLRQ/RLRE user-information field. */
static void put_user_info(dctx_t *d, const cosem_slice_t *ui)
{
    if (ui->p == NULL) {
        return;
    }
    cli_out_begin(d->o, "user_information", NULL);
    apdu(d, ui->p, ui->len);
    cli_out_end(d->o);
}

/* An authentication value: text when printable, else hex. */
static void put_auth_value(dctx_t *d, const char *key, const cosem_slice_t *v)
{
    size_t k;
    bool text = v->len > 0;
    for (k = 0; k < v->len; k++) {
        if (v->p[k] < 0x20 || v->p[k] > 0x7E) {
            text = false;
        }
    }
    if (text) {
        cli_out_str(d->o, key, "\"%.*s\"", (int)v->len, (const char *)v->p);
    } else if (v->p != NULL) {
        cli_out_hex(d->o, key, v->p, v->len);
    }
}

/* AARQ fields. */
static void dec_aarq(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_aarq_t a;
    cosem_status_t st = cosem_aarq_decode(p, n, &a);
    if (st != COSEM_OK) {
        bad(d, "aarq", st);
        return;
    }
    cli_out_int(d->o, "application_context_name", a.app_context, cli_context_name(a.app_context));
    if (a.called_ap_title.p != NULL) {
        cli_out_hex(d->o, "called_ap_title", a.called_ap_title.p, a.called_ap_title.len);
    }
    if (a.calling_ap_title.p != NULL) {
        cli_out_hex(d->o, "calling_ap_title", a.calling_ap_title.p, a.calling_ap_title.len);
        if (a.calling_ap_title.len == 8u) {
            memcpy(d->ctitle, a.calling_ap_title.p, 8);
            d->has_ctitle = true;
        }
    }
    if (a.calling_ae_qualifier.p != NULL) {
        cli_out_hex(d->o, "calling_ae_qualifier", a.calling_ae_qualifier.p,
                    a.calling_ae_qualifier.len);
    }
    cli_out_bool(d->o, "authentication", a.authentication);
    if (a.has_mechanism) {
        cli_out_int(d->o, "mechanism_name", a.mechanism, cli_mechanism_name(a.mechanism));
    }
    put_auth_value(d, "calling_authentication_value", &a.auth_value);
    put_user_info(d, &a.user_info);
}

/* AARE fields. */
static void dec_aare(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_aare_t a;
    cosem_status_t st = cosem_aare_decode(p, n, &a);
    if (st != COSEM_OK) {
        bad(d, "aare", st);
        return;
    }
    cli_out_int(d->o, "application_context_name", a.app_context, cli_context_name(a.app_context));
    cli_out_int(d->o, "result", a.result, cli_assoc_result_name(a.result));
    cli_out_int(d->o, "result_source_diagnostic_source", a.diag_source,
                a.diag_source == 1 ? "acse-service-user" : "acse-service-provider");
    cli_out_int(d->o, "result_source_diagnostic", a.diagnostic,
                cli_diag_name(a.diag_source, a.diagnostic));
    if (a.responding_ap_title.p != NULL) {
        cli_out_hex(d->o, "responding_ap_title", a.responding_ap_title.p,
                    a.responding_ap_title.len);
        if (a.responding_ap_title.len == 8u) {
            memcpy(d->stitle, a.responding_ap_title.p, 8);
            d->has_stitle = true;
        }
    }
    if (a.authentication) {
        cli_out_bool(d->o, "authentication", true);
    }
    if (a.has_mechanism) {
        cli_out_int(d->o, "mechanism_name", a.mechanism, cli_mechanism_name(a.mechanism));
    }
    put_auth_value(d, "responding_authentication_value", &a.auth_value);
    put_user_info(d, &a.user_info);
}

/* RLRQ / RLRE fields. */
static void dec_release(dctx_t *d, const uint8_t *p, size_t n, bool request)
{
    static const char *const rq[] = {"normal", "urgent"};
    static const char *const re[] = {"normal", "not-finished"};
    cosem_release_t r;
    cosem_status_t st = request ? cosem_rlrq_decode(p, n, &r) : cosem_rlre_decode(p, n, &r);
    if (st != COSEM_OK) {
        bad(d, request ? "rlrq" : "rlre", st);
        return;
    }
    if (r.has_reason) {
        cli_out_int(d->o, "reason", r.reason,
                    r.reason <= 1 ? (request ? rq : re)[r.reason]
                                  : (r.reason == 30 ? "user-defined" : NULL));
    }
    put_user_info(d, &r.user_info);
}

/* InitiateRequest / InitiateResponse / confirmedServiceError fields. */
static void dec_initiate(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_status_t st;
    if (p[0] == COSEM_APDU_INITIATE_REQUEST) {
        cosem_initiate_request_t q;
        if ((st = cosem_initiate_request_decode(p, n, &q)) != COSEM_OK) {
            bad(d, "initiate-request", st);
            return;
        }
        if (q.dedicated_key.p != NULL) {
            cli_out_hex(d->o, "dedicated_key", q.dedicated_key.p, q.dedicated_key.len);
        }
        cli_out_bool(d->o, "response_allowed", q.response_allowed);
        if (q.has_qos) {
            cli_out_int(d->o, "proposed_quality_of_service", q.qos, NULL);
        }
        cli_out_int(d->o, "proposed_dlms_version_number", q.dlms_version, NULL);
        put_conformance(d, "proposed_conformance", q.conformance);
        cli_out_int(d->o, "client_max_receive_pdu_size", q.max_pdu, NULL);
    } else if (p[0] == COSEM_APDU_INITIATE_RESPONSE) {
        cosem_initiate_response_t s;
        if ((st = cosem_initiate_response_decode(p, n, &s)) != COSEM_OK) {
            bad(d, "initiate-response", st);
            return;
        }
        if (s.has_qos) {
            cli_out_int(d->o, "negotiated_quality_of_service", s.qos, NULL);
        }
        cli_out_int(d->o, "negotiated_dlms_version_number", s.dlms_version, NULL);
        put_conformance(d, "negotiated_conformance", s.conformance);
        cli_out_int(d->o, "server_max_receive_pdu_size", s.max_pdu, NULL);
        cli_out_int(d->o, "vaa_name", s.vaa_name,
                    s.vaa_name == 7 ? "LN" : (s.vaa_name == 0xFA00 ? "SN" : NULL));
    } else {
        uint8_t svc = 0, choice = 0, val = 0;
        if ((st = cosem_confirmed_service_error_decode(p, n, &svc, &choice, &val)) != COSEM_OK) {
            bad(d, "confirmed-service-error", st);
            return;
        }
        cli_out_int(d->o, "service", svc, svc == 1 ? "initiateError" : NULL);
        cli_out_int(d->o, "service_error", choice, choice == 6 ? "initiate" : NULL);
        cli_out_int(d->o, "value", val, NULL);
    }
}

/* ---- GET / SET / ACTION -------------------------------------------- */

/* Remembers a request so the response can be annotated. */
static void remember(dctx_t *d, uint8_t tag, const cosem_attr_ref_t *ref)
{
    d->have_req = true;
    d->req_tag = tag;
    d->req = *ref;
}

/* The descriptors (with selection when sel) of a with-list request. */
static void put_ref_list(dctx_t *d, const cosem_slice_t *list, uint16_t count, bool sel,
                         bool method)
{
    cosem_axdr_reader_t r;
    uint16_t k;
    cosem_axdr_reader_init(&r, list->p, list->len);
    cli_out_array(d->o, method ? "method_descriptors" : "attribute_descriptors", NULL);
    for (k = 0; k < count; k++) {
        cosem_attr_ref_t ref;
        cosem_selection_t s;
        memset(&s, 0, sizeof s);
        if ((sel ? cosem_apdu_read_attr_sel(&r, &ref, &s) : cosem_apdu_read_attr(&r, &ref)) !=
            COSEM_OK) {
            bad(d, "descriptor", cosem_axdr_reader_status(&r));
            break;
        }
        put_ref(d, NULL, &ref, method);
        put_sel(d, &s);
    }
    cli_out_array_end(d->o);
}

/* A list of whole Data values back to back. */
static void put_value_list(dctx_t *d, const char *key, const cosem_slice_t *v, uint16_t count)
{
    cosem_axdr_reader_t r;
    uint16_t k;
    cosem_axdr_reader_init(&r, v->p, v->len);
    cli_out_array(d->o, key, NULL);
    for (k = 0; k < count; k++) {
        size_t start = cosem_axdr_reader_pos(&r);
        if (cosem_axdr_skip(&r) != COSEM_OK) {
            bad(d, "value", cosem_axdr_reader_status(&r));
            break;
        }
        (void)cli_out_value(d->o, NULL, v->p + start, cosem_axdr_reader_pos(&r) - start);
    }
    cli_out_array_end(d->o);
}

/* get-request fields. */
static void dec_get_request(dctx_t *d, const uint8_t *p, size_t n)
{
    static const char *const types[] = {NULL, "get-request-normal", "get-request-next",
                                        "get-request-with-list"};
    cosem_get_request_t g;
    cosem_status_t st = cosem_get_request_decode(p, n, &g);
    if (st != COSEM_OK) {
        bad(d, "get-request", st);
        return;
    }
    cli_out_int(d->o, "choice", g.type, g.type <= 3 ? types[g.type] : NULL);
    put_invoke(d, g.invoke);
    if (g.type == COSEM_GET_NORMAL) {
        put_ref(d, "cosem_attribute_descriptor", &g.ref, false);
        put_sel(d, &g.sel);
        remember(d, COSEM_APDU_GET_REQUEST, &g.ref);
    } else if (g.type == COSEM_GET_NEXT) {
        cli_out_int(d->o, "block_number", g.block, NULL);
    } else {
        put_ref_list(d, &g.list, g.count, true, false);
    }
}

/* Joins GET data blocks; decodes the value when the last block arrives. */
static void join_block(dctx_t *d, const cosem_datablock_t *b)
{
    if (b->number == 1) {
        d->blk_len = 0;
        d->blk_next = 1;
    }
    if (!b->ok || b->number != d->blk_next || d->blk_len + b->raw.len > DEC_MAX_INPUT) {
        d->blk_next = 0;
        return;
    }
    memcpy(d->blk + d->blk_len, b->raw.p, b->raw.len);
    d->blk_len += b->raw.len;
    d->blk_next++;
    if (b->last) {
        cli_out_int(d->o, "joined_blocks", (long long)b->number, NULL);
        if (cli_out_value(d->o, "joined_data", d->blk, d->blk_len) != 0) {
            d->status = CLI_EXIT_DECODE;
        } else {
            annotate(d, d->blk, d->blk_len);
        }
        d->blk_next = 0;
    }
}

/* A DataBlock-G / DataBlock-SA / pblock. */
static void put_block(dctx_t *d, const cosem_datablock_t *b, bool get)
{
    cli_out_begin(d->o, "datablock", NULL);
    cli_out_bool(d->o, "last_block", b->last);
    cli_out_int(d->o, "block_number", b->number, NULL);
    if (get && !b->ok) {
        put_dar(d, "data_access_result", b->dar);
    } else {
        cli_out_int(d->o, "raw_data_length", (long long)b->raw.len, NULL);
    }
    if (get) {
        join_block(d, b);
    }
    cli_out_end(d->o);
}

/* get-response fields. */
static void dec_get_response(dctx_t *d, const uint8_t *p, size_t n)
{
    static const char *const types[] = {NULL, "get-response-normal",
                                        "get-response-with-datablock", "get-response-with-list"};
    cosem_get_response_t g;
    cosem_axdr_reader_t r;
    uint16_t k;
    cosem_status_t st = cosem_get_response_decode(p, n, &g);
    if (st != COSEM_OK) {
        bad(d, "get-response", st);
        return;
    }
    cli_out_int(d->o, "choice", g.type, g.type <= 3 ? types[g.type] : NULL);
    put_invoke(d, g.invoke);
    if (g.type == COSEM_GET_NORMAL) {
        put_data_result(d, "result", &g.result);
    } else if (g.type == COSEM_GET_NEXT) {
        put_block(d, &g.block, true);
    } else {
        cosem_axdr_reader_init(&r, g.list.p, g.list.len);
        cli_out_array(d->o, "results", NULL);
        for (k = 0; k < g.count; k++) {
            cosem_data_result_t res;
            if (cosem_apdu_read_data_result(&r, &res) != COSEM_OK) {
                bad(d, "result", cosem_axdr_reader_status(&r));
                break;
            }
            put_data_result(d, NULL, &res);
        }
        cli_out_array_end(d->o);
    }
}

/* set-request fields. */
static void dec_set_request(dctx_t *d, const uint8_t *p, size_t n)
{
    static const char *const types[] = {NULL, "set-request-normal",
                                        "set-request-with-first-datablock",
                                        "set-request-with-datablock", "set-request-with-list",
                                        "set-request-with-list-and-first-datablock"};
    cosem_set_request_t s;
    cosem_status_t st = cosem_set_request_decode(p, n, &s);
    if (st != COSEM_OK) {
        bad(d, "set-request", st);
        return;
    }
    cli_out_int(d->o, "choice", s.type, s.type <= 5 ? types[s.type] : NULL);
    put_invoke(d, s.invoke);
    if (s.type == COSEM_SET_NORMAL || s.type == COSEM_SET_WITH_FIRST_DATABLOCK) {
        put_ref(d, "cosem_attribute_descriptor", &s.ref, false);
        put_sel(d, &s.sel);
        remember(d, COSEM_APDU_SET_REQUEST, &s.ref);
    }
    if (s.type == COSEM_SET_WITH_LIST || s.type == COSEM_SET_WITH_LIST_FIRST_DATABLOCK) {
        put_ref_list(d, &s.list, s.count, true, false);
    }
    if (s.type == COSEM_SET_NORMAL) {
        if (cli_out_value(d->o, "value", s.value.p, s.value.len) != 0) {
            d->status = CLI_EXIT_DECODE;
        }
    } else if (s.type == COSEM_SET_WITH_LIST) {
        put_value_list(d, "values", &s.values, s.count);
    } else {
        put_block(d, &s.block, false);
    }
}

/* set-response fields. */
static void dec_set_response(dctx_t *d, const uint8_t *p, size_t n)
{
    static const char *const types[] = {NULL, "set-response-normal", "set-response-datablock",
                                        "set-response-last-datablock",
                                        "set-response-last-datablock-with-list",
                                        "set-response-with-list"};
    cosem_set_response_t s;
    uint16_t k;
    cosem_status_t st = cosem_set_response_decode(p, n, &s);
    if (st != COSEM_OK) {
        bad(d, "set-response", st);
        return;
    }
    cli_out_int(d->o, "choice", s.type, s.type <= 5 ? types[s.type] : NULL);
    put_invoke(d, s.invoke);
    if (s.type == COSEM_SET_RES_NORMAL || s.type == COSEM_SET_RES_LAST_DATABLOCK) {
        put_dar(d, "result", s.dar);
    }
    if (s.type != COSEM_SET_RES_NORMAL && s.type != COSEM_SET_RES_WITH_LIST) {
        cli_out_int(d->o, "block_number", s.block, NULL);
    }
    if (s.type == COSEM_SET_RES_WITH_LIST || s.type == COSEM_SET_RES_LAST_DATABLOCK_LIST) {
        cli_out_array(d->o, "results", NULL);
        for (k = 0; k < s.count && k < s.list.len; k++) {
            put_dar(d, NULL, s.list.p[k]);
        }
        cli_out_array_end(d->o);
    }
}

/* action-request fields. */
static void dec_action_request(dctx_t *d, const uint8_t *p, size_t n)
{
    static const char *const types[] = {NULL, "action-request-normal",
                                        "action-request-next-pblock", "action-request-with-list",
                                        "action-request-with-first-pblock",
                                        "action-request-with-list-and-first-pblock",
                                        "action-request-with-pblock"};
    cosem_action_request_t a;
    cosem_status_t st = cosem_action_request_decode(p, n, &a);
    if (st != COSEM_OK) {
        bad(d, "action-request", st);
        return;
    }
    cli_out_int(d->o, "choice", a.type, a.type <= 6 ? types[a.type] : NULL);
    put_invoke(d, a.invoke);
    if (a.type == COSEM_ACTION_NORMAL || a.type == COSEM_ACTION_WITH_FIRST_PBLOCK) {
        put_ref(d, "cosem_method_descriptor", &a.ref, true);
        remember(d, COSEM_APDU_ACTION_REQUEST, &a.ref);
    }
    if (a.type == COSEM_ACTION_NORMAL && a.has_params &&
        cli_out_value(d->o, "method_invocation_parameters", a.params.p, a.params.len) != 0) {
        d->status = CLI_EXIT_DECODE;
    }
    if (a.type == COSEM_ACTION_WITH_LIST || a.type == COSEM_ACTION_WITH_LIST_FIRST_PBLOCK) {
        put_ref_list(d, &a.list, a.count, false, true);
    }
    if (a.type == COSEM_ACTION_WITH_LIST) {
        put_value_list(d, "method_invocation_parameters", &a.values, a.count);
    } else if (a.type == COSEM_ACTION_NEXT_PBLOCK) {
        cli_out_int(d->o, "block_number", a.block, NULL);
    } else if (a.type != COSEM_ACTION_NORMAL) {
        put_block(d, &a.pblock, false);
    }
}

/* One action result with optional return data. */
static void put_action_result(dctx_t *d, uint8_t result, bool has_return,
                              const cosem_data_result_t *ret)
{
    cli_out_int(d->o, "result", result, cli_dar_name(result));
    if (has_return) {
        put_data_result(d, "return_parameters", ret);
    }
}

/* action-response fields. */
static void dec_action_response(dctx_t *d, const uint8_t *p, size_t n)
{
    static const char *const types[] = {NULL, "action-response-normal",
                                        "action-response-with-pblock",
                                        "action-response-with-list",
                                        "action-response-next-pblock"};
    cosem_action_response_t a;
    cosem_axdr_reader_t r;
    uint16_t k;
    cosem_status_t st = cosem_action_response_decode(p, n, &a);
    if (st != COSEM_OK) {
        bad(d, "action-response", st);
        return;
    }
    cli_out_int(d->o, "choice", a.type, a.type <= 4 ? types[a.type] : NULL);
    put_invoke(d, a.invoke);
    if (a.type == COSEM_ACTION_RES_NORMAL) {
        put_action_result(d, a.result, a.has_return, &a.ret);
    } else if (a.type == COSEM_ACTION_RES_WITH_PBLOCK) {
        put_block(d, &a.pblock, false);
    } else if (a.type == COSEM_ACTION_RES_NEXT_PBLOCK) {
        cli_out_int(d->o, "block_number", a.block, NULL);
    } else {
        cosem_axdr_reader_init(&r, a.list.p, a.list.len);
        cli_out_array(d->o, "results", NULL);
        for (k = 0; k < a.count; k++) {
            uint8_t res;
            bool has;
            cosem_data_result_t ret;
            if (cosem_apdu_read_action_result(&r, &res, &has, &ret) != COSEM_OK) {
                bad(d, "result", cosem_axdr_reader_status(&r));
                break;
            }
            cli_out_begin(d->o, NULL, "action-result");
            put_action_result(d, res, has, &ret);
            cli_out_end(d->o);
        }
        cli_out_array_end(d->o);
    }
}

/* ---- other APDUs ----------------------------------------------------- */

/* exception-response fields. */
static void dec_exception(dctx_t *d, const uint8_t *p, size_t n)
{
    uint8_t state = 0, service = 0;
    cosem_status_t st = cosem_exception_decode(p, n, &state, &service);
    if (st != COSEM_OK) {
        bad(d, "exception-response", st);
        return;
    }
    cli_out_int(d->o, "state_error", state, cli_state_error_name(state));
    cli_out_int(d->o, "service_error", service, cli_service_error_name(service));
}

/* data-notification / event-notification-request fields. */
static void dec_notification(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_notification_t nt;
    char text[COSEM_DATETIME_TEXT_MAX];
    cosem_status_t st = cosem_notification_decode(p, n, &nt);
    if (st != COSEM_OK) {
        bad(d, "notification", st);
        return;
    }
    if (nt.tag == COSEM_APDU_DATA_NOTIFICATION) {
        put_long_invoke(d, nt.invoke);
    }
    if (nt.has_time && cosem_datetime_format(&nt.time, text, sizeof text) > 0) {
        cli_out_str(d->o, "date_time", "%s", text);
    }
    if (nt.tag == COSEM_APDU_EVENT_NOTIFICATION) {
        put_ref(d, "cosem_attribute_descriptor", &nt.ref, false);
    }
    if (cli_out_value(d->o, nt.tag == COSEM_APDU_DATA_NOTIFICATION ? "notification_body"
                                                                    : "attribute_value",
                      nt.body.p, nt.body.len) != 0) {
        d->status = CLI_EXIT_DECODE;
    }
}

/* general-block-transfer (Green Book 9.3.10): header fields and the block
 * (the library's decoder: cosem_gbt_decode()). */
static void dec_gbt(dctx_t *d, const uint8_t *p, size_t n)
{
#if COSEM_WITH_GBT
    cosem_gbt_t g;
    cosem_status_t st = cosem_gbt_decode(p, n, &g);
    if (st != COSEM_OK) {
        bad(d, "general-block-transfer", st);
        return;
    }
    cli_out_bool(d->o, "last_block", g.last);
    cli_out_bool(d->o, "streaming", g.streaming);
    cli_out_int(d->o, "window", g.window, NULL);
    cli_out_int(d->o, "block_number", g.block, NULL);
    cli_out_int(d->o, "block_number_ack", g.ack, NULL);
    cli_out_hex(d->o, "block_data", g.data.p, g.data.len);
#else
    (void)p;
    (void)n;
    bad(d, "general-block-transfer", COSEM_E_UNSUPPORTED);
#endif
}

/* access-request / access-response: header, the items (request) or the
 * results (response), one Data per item. */
static void dec_access(dctx_t *d, const uint8_t *p, size_t n, bool request)
{
#if COSEM_WITH_ACCESS
    static const char *const kinds[] = {NULL, "get", "set", "action", "get-with-selection",
                                        "set-with-selection"};
    cosem_access_apdu_t q;
    cosem_axdr_reader_t r;
    cosem_status_t st = request ? cosem_access_request_decode(p, n, &q)
                                : cosem_access_response_decode(p, n, &q);
    uint16_t i;
    if (st != COSEM_OK) {
        bad(d, request ? "access-request" : "access-response", st);
        return;
    }
    put_long_invoke(d, q.long_invoke);
    if (q.time.len > 0) {
        cli_out_hex(d->o, "date_time", q.time.p, q.time.len);
    }
    cosem_axdr_reader_init(&r, q.items.p, q.items.len);
    cli_out_array(d->o, request ? "items" : "results", NULL);
    for (i = 0; i < q.count; i++) {
        cli_out_begin(d->o, NULL, request ? "item" : "result");
        if (request) {
            uint8_t kind = 0;
            cosem_attr_ref_t ref;
            cosem_selection_t sel;
            (void)cosem_access_read_item(&r, &kind, &ref, &sel);
            cli_out_str(d->o, "kind", "%s", kinds[kind]);
            put_ref(d, kind == COSEM_ACCESS_ACTION ? "method" : "attribute", &ref,
                    kind == COSEM_ACCESS_ACTION);
            put_sel(d, &sel);
        } else {
            uint8_t kind = q.items.p[2u * i], res = q.items.p[2u * i + 1u];
            cli_out_str(d->o, "kind", "%s", kinds[kind]);
            cli_out_int(d->o, "result", res, cli_dar_name(res));
        }
        cli_out_end(d->o);
    }
    cli_out_array_end(d->o);
    put_value_list(d, "data", &q.data, q.count);
#else
    (void)p;
    (void)n;
    bad(d, request ? "access-request" : "access-response", COSEM_E_UNSUPPORTED);
#endif
}

#if COSEM_WITH_SN
/* Short-name APDU tags and names. */
static const char *sn_name(uint8_t tag)
{
    switch (tag) {
    case COSEM_APDU_READ_REQUEST: return "read-request";
    case COSEM_APDU_WRITE_REQUEST: return "write-request";
    case COSEM_APDU_READ_RESPONSE: return "read-response";
    case COSEM_APDU_WRITE_RESPONSE: return "write-response";
    case COSEM_APDU_UNCONFIRMED_WRITE_REQUEST: return "unconfirmed-write-request";
    case COSEM_APDU_INFORMATION_REPORT: return "information-report-request";
    default: return NULL;
    }
}

/* One Variable-Access-Specification. */
static void put_sn_spec(dctx_t *d, const cosem_sn_spec_t *s)
{
    static const char *const kinds[] = {NULL, NULL, "variable-name", NULL,
                                        "parameterized-access", "block-number-access",
                                        "read-data-block-access", "write-data-block-access"};
    cli_out_begin(d->o, NULL, kinds[s->kind]);
    cli_out_str(d->o, "kind", "%s", kinds[s->kind]);
    if (s->kind == COSEM_SN_NAME || s->kind == COSEM_SN_PARAMETERIZED) {
        cli_out_hexint(d->o, "variable_name", s->name, 4, NULL);
    }
    if (s->kind == COSEM_SN_PARAMETERIZED) {
        cli_out_int(d->o, "selector", s->selector, NULL);
        (void)cli_out_value(d->o, "parameter", s->param.p, s->param.len);
    }
    if (s->kind == COSEM_SN_READ_DATA_BLOCK || s->kind == COSEM_SN_WRITE_DATA_BLOCK) {
        cli_out_bool(d->o, "last_block", s->last);
    }
    if (s->kind != COSEM_SN_NAME && s->kind != COSEM_SN_PARAMETERIZED) {
        cli_out_int(d->o, "block_number", s->block, NULL);
    }
    if (s->kind == COSEM_SN_READ_DATA_BLOCK) {
        cli_out_hex(d->o, "raw_data", s->param.p, s->param.len);
    }
    cli_out_end(d->o);
}

/* One read-response or write-response item. */
static void put_sn_result(dctx_t *d, uint8_t tag, const cosem_sn_result_t *r)
{
    bool rd = tag == COSEM_APDU_READ_RESPONSE;
    const char *what = r->kind == COSEM_SN_ERROR  ? "data-access-error"
                       : r->kind == COSEM_SN_DATA ? (rd ? "data" : "success")
                       : r->kind == COSEM_SN_DATA_BLOCK && rd ? "data-block-result"
                                                              : "block-number";
    cli_out_begin(d->o, NULL, what);
    cli_out_str(d->o, "kind", "%s", what);
    if (r->kind == COSEM_SN_ERROR) {
        put_dar(d, "data_access_result", r->error);
    } else if (r->kind == COSEM_SN_DATA && rd) {
        (void)cli_out_value(d->o, "value", r->data.p, r->data.len);
    } else if (r->kind != COSEM_SN_DATA) {
        if (r->kind == COSEM_SN_DATA_BLOCK && rd) {
            cli_out_bool(d->o, "last_block", r->last);
        }
        cli_out_int(d->o, "block_number", r->block, NULL);
        if (r->kind == COSEM_SN_DATA_BLOCK && rd) {
            cli_out_hex(d->o, "raw_data", r->data.p, r->data.len);
        }
    }
    cli_out_end(d->o);
}

/* read/write requests and responses, unconfirmed write, information
 * report: the specifications or results, then the Data. */
static void dec_sn(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_sn_apdu_t q;
    cosem_axdr_reader_t r;
    bool response = p[0] == COSEM_APDU_READ_RESPONSE || p[0] == COSEM_APDU_WRITE_RESPONSE;
    cosem_status_t st = cosem_sn_decode(p, n, &q);
    if (st != COSEM_OK) {
        bad(d, sn_name(p[0]), st);
        return;
    }
    if (q.time.len > 0) {
        cli_out_hex(d->o, "current_time", q.time.p, q.time.len);
    }
    cosem_axdr_reader_init(&r, q.items.p, q.items.len);
    cli_out_array(d->o, response ? "results" : "variable_access_specification", NULL);
    for (uint16_t i = 0; i < q.count; i++) {
        if (response) {
            cosem_sn_result_t res;
            (void)cosem_sn_read_result(&r, q.tag, &res);
            put_sn_result(d, q.tag, &res);
        } else {
            cosem_sn_spec_t s;
            (void)cosem_sn_read_spec(&r, &s);
            put_sn_spec(d, &s);
        }
    }
    cli_out_array_end(d->o);
    if (q.data.len > 0) {
        put_value_list(d, "list_of_data", &q.data, q.count);
    }
}
#endif

#if COSEM_WITH_SECURITY
/* With --ek/--ak: check and decipher, then decode the plain APDU. The
 * sender's system title comes from the APDU (general forms) or from the
 * AARQ (client) / AARE (server) seen before. */
static bool decipher(dctx_t *d, const uint8_t *p, size_t n)
{
    static uint8_t plain[DEC_MAX_INPUT];
    cosem_sec_apdu_t a;
    cosem_aes128_t key;
    const uint8_t *title = NULL;
    size_t len = 0;
    cosem_status_t st;
    if (!g_keys.have || d->depth > 0 || cosem_sec_apdu_parse(p, n, &a) != COSEM_OK) {
        return false;
    }
    if (a.system_title.len == 8u) {
        title = a.system_title.p;
    } else if (d->dir == 'C' && d->has_ctitle) {
        title = d->ctitle;
    } else if (d->dir == 'S' && d->has_stitle) {
        title = d->stitle;
    }
    if (title == NULL) {
        cli_out_str(d->o, "note", "no system title for this direction (no AARQ/AARE seen)");
        return false;
    }
    if (a.form == COSEM_CIPHER_DED || a.form == COSEM_CIPHER_GENERAL_DED) {
        if (!g_keys.have_dk) {
            cli_out_str(d->o, "note", "dedicated key needed (--dk)");
            return false;
        }
        cosem_aes128_init(&key, g_keys.dk);
    } else {
        cosem_aes128_init(&key, g_keys.ek);
    }
    cli_out_hexint(d->o, "security_control", a.sc, 2, NULL);
    cli_out_int(d->o, "invocation_counter", (long long)a.ic, NULL);
    cli_out_hex(d->o, "system_title", title, 8);
    st = cosem_sec_apdu_open(&a, &key, g_keys.ak, title, plain, sizeof plain, &len);
    memset(&key, 0, sizeof key); /* a host tool: no need for the library's secure zero */
    if (st != COSEM_OK) {
        bad(d, "decipher", st);
        return true;
    }
    d->depth++;
    apdu(d, plain, len);
    d->depth--;
    return true;
}
#endif

/* Ciphered APDUs: security header only (this tool holds no keys). */
static void dec_ciphered(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_axdr_reader_t r;
    uint8_t tag, sc;
    uint32_t ic;
    size_t len;
#if COSEM_WITH_SECURITY
    if (decipher(d, p, n)) {
        return;
    }
#endif
    cosem_axdr_reader_init(&r, p, n);
    (void)cosem_axdr_get_u8(&r, &tag);
    if (tag >= 0xDB) {
        cli_out_str(d->o, "note", "general ciphering: not decoded further");
        cli_out_hex(d->o, "octets", p, n);
        return;
    }
    (void)cosem_axdr_get_length(&r, &len);
    (void)cosem_axdr_get_u8(&r, &sc);
    (void)cosem_axdr_get_u32(&r, &ic);
    if (cosem_axdr_reader_status(&r) != COSEM_OK || len != cosem_axdr_reader_remaining(&r) + 5) {
        bad(d, "ciphered apdu", COSEM_E_MALFORMED);
        return;
    }
    cli_out_hexint(d->o, "security_control", sc, 2, NULL);
    cli_out_int(d->o, "invocation_counter", (long long)ic, NULL);
    cli_out_int(d->o, "ciphered_length", (long long)(len - 5), NULL);
    cli_out_str(d->o, "note", "ciphered: not deciphered (no keys)");
}

/* Whether the octets are exactly one whole A-XDR Data value. */
static bool is_data(const uint8_t *p, size_t n)
{
    cosem_axdr_reader_t r;
    cosem_axdr_reader_init(&r, p, n);
    return n > 0 && cosem_axdr_skip(&r) == COSEM_OK &&
           cosem_axdr_reader_expect_end(&r) == COSEM_OK;
}

/* A Data value pasted on its own (not an APDU): shown as a value. */
static void bare_data(dctx_t *d, const uint8_t *p, size_t n)
{
    cli_out_begin(d->o, "apdu", "data (not an APDU: one A-XDR Data value)");
    if (d->o->json) {
        cli_out_str(d->o, "type", "data");
    }
    (void)cli_out_value(d->o, "value", p, n);
    cli_out_end(d->o);
}

/* Runs the decoder of the APDU's tag (status only). */
static cosem_status_t probe(const uint8_t *p, size_t n)
{
    union {
        cosem_aarq_t aarq;
        cosem_aare_t aare;
        cosem_release_t rel;
        cosem_get_request_t gq;
        cosem_get_response_t gs;
        cosem_set_request_t sq;
        cosem_set_response_t ss;
        cosem_action_request_t aq;
        cosem_action_response_t as;
        cosem_notification_t nt;
#if COSEM_WITH_ACCESS
        cosem_access_apdu_t ac;
#endif
    } u;
    uint8_t a, b, c;
    switch (p[0]) {
    case COSEM_APDU_AARQ: return cosem_aarq_decode(p, n, &u.aarq);
    case COSEM_APDU_AARE: return cosem_aare_decode(p, n, &u.aare);
    case COSEM_APDU_RLRQ: return cosem_rlrq_decode(p, n, &u.rel);
    case COSEM_APDU_RLRE: return cosem_rlre_decode(p, n, &u.rel);
    case COSEM_APDU_GET_REQUEST: return cosem_get_request_decode(p, n, &u.gq);
    case COSEM_APDU_GET_RESPONSE: return cosem_get_response_decode(p, n, &u.gs);
    case COSEM_APDU_SET_REQUEST: return cosem_set_request_decode(p, n, &u.sq);
    case COSEM_APDU_SET_RESPONSE: return cosem_set_response_decode(p, n, &u.ss);
    case COSEM_APDU_ACTION_REQUEST: return cosem_action_request_decode(p, n, &u.aq);
    case COSEM_APDU_ACTION_RESPONSE: return cosem_action_response_decode(p, n, &u.as);
    case COSEM_APDU_EXCEPTION_RESPONSE: return cosem_exception_decode(p, n, &a, &b);
    case COSEM_APDU_DATA_NOTIFICATION:
    case COSEM_APDU_EVENT_NOTIFICATION: return cosem_notification_decode(p, n, &u.nt);
    case COSEM_APDU_CONFIRMED_SERVICE_ERROR:
        return cosem_confirmed_service_error_decode(p, n, &a, &b, &c);
#if COSEM_WITH_ACCESS
    case COSEM_APDU_ACCESS_REQUEST: return cosem_access_request_decode(p, n, &u.ac);
    case COSEM_APDU_ACCESS_RESPONSE: return cosem_access_response_decode(p, n, &u.ac);
#endif
    default: return COSEM_OK;
    }
}

/* Length of the APDU when octets follow a complete one (the decoders
 * report trailing bytes; the longest prefix that decodes is the APDU, so
 * the tree can be shown and the junk pointed out). n when none. */
static size_t apdu_len(const uint8_t *p, size_t n)
{
    size_t m;
    if (n == 0 || probe(p, n) != COSEM_E_TRAILING) {
        return n;
    }
    for (m = n - 1; m > 0 && n - m <= 4096u; m--) {
        if (probe(p, m) == COSEM_OK) {
            return m;
        }
    }
    return n;
}

/* Decodes one APDU (any tag) as an "apdu" object. */
static void apdu(dctx_t *d, const uint8_t *p, size_t total)
{
    const char *name = total > 0 ? cli_apdu_name(p[0]) : NULL;
    uint8_t tag = total > 0 ? p[0] : 0;
    size_t n = apdu_len(p, total);
#if COSEM_WITH_SN
    /* SN tags are also Data tags (05 double-long, 06 double-long-unsigned,
     * 16 enum, 18 float64): a short-name APDU when the whole input decodes
     * as one, else a value */
    cosem_sn_apdu_t sn;
    bool is_sn = name == NULL && sn_name(tag) != NULL && cosem_sn_decode(p, total, &sn) == COSEM_OK;
    if (is_sn) {
        name = sn_name(tag);
    }
#endif
    if (name == NULL && is_data(p, total)) {
        bare_data(d, p, total);
        return;
    }
    cli_out_begin(d->o, "apdu", name != NULL ? name : "apdu");
    if (d->o->json) {
        cli_out_str(d->o, "type", "%s", name != NULL ? name : "unknown");
    }
    if (name == NULL) {
        cli_out_hex(d->o, "octets", p, n);
        bad(d, n == 0 ? "empty APDU" : "unknown APDU tag", COSEM_E_UNSUPPORTED);
    } else if (tag == COSEM_APDU_AARQ) {
        dec_aarq(d, p, n);
    } else if (tag == COSEM_APDU_AARE) {
        dec_aare(d, p, n);
    } else if (tag == COSEM_APDU_RLRQ || tag == COSEM_APDU_RLRE) {
        dec_release(d, p, n, tag == COSEM_APDU_RLRQ);
    } else if (tag == 0x01 || tag == 0x08 || tag == 0x0E) {
        dec_initiate(d, p, n);
    } else if (tag == COSEM_APDU_GET_REQUEST) {
        dec_get_request(d, p, n);
    } else if (tag == COSEM_APDU_GET_RESPONSE) {
        dec_get_response(d, p, n);
    } else if (tag == COSEM_APDU_SET_REQUEST) {
        dec_set_request(d, p, n);
    } else if (tag == COSEM_APDU_SET_RESPONSE) {
        dec_set_response(d, p, n);
    } else if (tag == COSEM_APDU_ACTION_REQUEST) {
        dec_action_request(d, p, n);
    } else if (tag == COSEM_APDU_ACTION_RESPONSE) {
        dec_action_response(d, p, n);
    } else if (tag == COSEM_APDU_EXCEPTION_RESPONSE) {
        dec_exception(d, p, n);
    } else if (tag == COSEM_APDU_DATA_NOTIFICATION || tag == COSEM_APDU_EVENT_NOTIFICATION) {
        dec_notification(d, p, n);
    } else if (tag == COSEM_APDU_GENERAL_BLOCK_TRANSFER) {
        dec_gbt(d, p, n);
    } else if (tag == COSEM_APDU_ACCESS_REQUEST || tag == COSEM_APDU_ACCESS_RESPONSE) {
        dec_access(d, p, n, tag == COSEM_APDU_ACCESS_REQUEST);
#if COSEM_WITH_SN
    } else if (is_sn) {
        dec_sn(d, p, n);
#endif
    } else {
        dec_ciphered(d, p, n);
    }
    if (n < total) {
        cli_out_hex(d->o, "trailing_octets", p + n, total - n);
        bad(d, name, COSEM_E_TRAILING);
    }
    cli_out_end(d->o);
}

/* ---- link layers ----------------------------------------------------- */

/* Title of one decoded unit: direction marker, what it is, its size. */
static const char *unit_title(const dctx_t *d, const char *what, size_t n, char *buf,
                              size_t cap)
{
    (void)snprintf(buf, cap, "%s%s, %zu octets", d->dir == 'C' ? "C> " : (d->dir ? "S> " : ""),
                   what, n);
    return buf;
}

/* An HDLC address as text ("upper 1, lower 17, 2 octets"). */
static void put_hdlc_addr(dctx_t *d, const char *key, const cosem_hdlc_addr_t *a)
{
    if (d->o->json) {
        cli_out_begin(d->o, key, NULL);
        cli_out_int(d->o, "upper", a->upper, NULL);
        if (a->len > 1) {
            cli_out_int(d->o, "lower", a->lower, NULL);
        }
        cli_out_int(d->o, "octets", a->len, NULL);
        cli_out_end(d->o);
    } else if (a->len > 1) {
        cli_out_str(d->o, key, "upper %u, lower %u (%u octets)", a->upper, a->lower, a->len);
    } else {
        cli_out_str(d->o, key, "%u (1 octet)", a->upper);
    }
}

/* The control field with its kind and sequence numbers. */
static void put_control(dctx_t *d, uint8_t c)
{
    static const char *const kinds[] = {"I", "RR", "RNR", "SNRM", "DISC", "UA", "DM", "FRMR",
                                        "UI", "unknown"};
    cosem_hdlc_kind_t k = cosem_hdlc_ctrl_kind(c);
    char note[64];
    if (k == COSEM_HDLC_KIND_I) {
        (void)snprintf(note, sizeof note, "I N(S)=%u N(R)=%u P/F=%u", COSEM_HDLC_CTRL_NS(c),
                       COSEM_HDLC_CTRL_NR(c), COSEM_HDLC_CTRL_PF(c));
    } else if (k == COSEM_HDLC_KIND_RR || k == COSEM_HDLC_KIND_RNR) {
        (void)snprintf(note, sizeof note, "%s N(R)=%u P/F=%u", kinds[k], COSEM_HDLC_CTRL_NR(c),
                       COSEM_HDLC_CTRL_PF(c));
    } else {
        (void)snprintf(note, sizeof note, "%s P/F=%u", kinds[k], COSEM_HDLC_CTRL_PF(c));
    }
    cli_out_hexint(d->o, "control", c, 2, note);
}

/* SNRM / UA parameter negotiation field. */
static void put_params(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_hdlc_params_t prm;
    cosem_status_t st = cosem_hdlc_params_decode(p, n, &prm);
    if (st != COSEM_OK) {
        cli_out_hex(d->o, "information", p, n);
        bad(d, "parameter negotiation", st);
        return;
    }
    cli_out_begin(d->o, "parameters", NULL);
    cli_out_int(d->o, "max_info_field_length_transmit", prm.max_info_tx, NULL);
    cli_out_int(d->o, "max_info_field_length_receive", prm.max_info_rx, NULL);
    cli_out_int(d->o, "window_size_transmit", prm.window_tx, NULL);
    cli_out_int(d->o, "window_size_receive", prm.window_rx, NULL);
    cli_out_end(d->o);
}

/* An I/UI information field: joins segments, strips the LLC, decodes. */
static void hdlc_info(dctx_t *d, const cosem_hdlc_frame_t *f)
{
    const uint8_t *p = f->info;
    size_t n = f->info_len;
    if (d->seg_active || f->segmented) {
        if (d->seg_len + n > sizeof d->seg) {
            d->seg_active = false;
            d->seg_len = 0;
            bad(d, "segments", COSEM_E_NOSPACE);
            return;
        }
        memcpy(d->seg + d->seg_len, p, n);
        d->seg_len += n;
        d->seg_active = f->segmented;
        cli_out_int(d->o, "segment_length", (long long)n, f->segmented ? "more follow" : "last");
        if (f->segmented) {
            return;
        }
        p = d->seg;
        n = d->seg_len;
        d->seg_len = 0;
        cli_out_int(d->o, "joined_length", (long long)n, NULL);
    }
    if (n >= 3 && p[0] == 0xE6 && (p[1] == 0xE6 || p[1] == 0xE7) && p[2] == 0x00) {
        cli_out_hex(d->o, "llc", p, 3);
        p += 3;
        n -= 3;
    }
    apdu(d, p, n);
}

/* A check sequence at p (low octet first) against the CRC of the n octets
 * before it: "hcs"/"fcs" with ok or the expected value. */
static void put_check(dctx_t *d, const char *key, const uint8_t *start, size_t n)
{
    char k2[16], note[40];
    unsigned got = (unsigned)start[n] | (unsigned)start[n + 1] << 8;
    unsigned want = cosem_hdlc_fcs(start, n);
    (void)snprintf(note, sizeof note, got == want ? "ok" : "wrong, expected 0x%04X", want);
    cli_out_hexint(d->o, key, got, 4, note);
    if (!d->o->json) {
        return; /* the note says it */
    }
    (void)snprintf(k2, sizeof k2, "%s_ok", key);
    cli_out_bool(d->o, k2, got == want);
    if (got != want) {
        (void)snprintf(k2, sizeof k2, "%s_expected", key);
        cli_out_hexint(d->o, k2, want, 4, NULL);
    }
}

/* Length of an HDLC address field at p (extension bit ends it), 0 if none
 * within 4 octets or n. */
static size_t addr_len(const uint8_t *p, size_t n)
{
    size_t k;
    for (k = 0; k < n && k < 4; k++) {
        if (p[k] & 1u) {
            return k + 1;
        }
    }
    return 0;
}

/* The HCS (when the frame has an information field) and the FCS, checked. */
static void put_checks(dctx_t *d, const uint8_t *p, size_t n)
{
    size_t a, b, h;
    if (n < 2 + 2 + 1 + 2) {
        return;
    }
    a = addr_len(p + 2, n - 2);
    b = a > 0 ? addr_len(p + 2 + a, n - 2 - a) : 0;
    h = 2 + a + b + 1; /* format, addresses, control */
    if (a > 0 && b > 0 && n > h + 2 + 2) {
        put_check(d, "hcs", p, h);
    }
    put_check(d, "fcs", p, n - 2);
}

/* One HDLC frame (the octets between the flags). */
static void hdlc_frame(dctx_t *d, const uint8_t *p, size_t n)
{
    cosem_hdlc_frame_t f;
    cosem_hdlc_check_t chk = COSEM_HDLC_CHECK_OK;
    static const char *const checks[] = {"ok", "format", "length", "address", "HCS", "FCS"};
    cosem_status_t st;
    memset(&f, 0, sizeof f);
    st = cosem_hdlc_frame_decode(p, n, &f, &chk);
    cosem_hdlc_kind_t k;
    char title[64];
    cli_out_begin(d->o, NULL, unit_title(d, "hdlc frame", n + 2, title, sizeof title));
    if (d->o->json) {
        cli_out_str(d->o, "frame", "hdlc");
        if (d->dir) {
            cli_out_str(d->o, "direction", "%c", d->dir);
        }
    }
    cli_out_hexint(d->o, "format", n >= 2 ? (unsigned long)(p[0] << 8 | p[1]) : 0, 4,
                   st == COSEM_OK && f.segmented ? "type 3, segmented" : "type 3");
    put_checks(d, p, n);
    if (st != COSEM_OK) {
        cli_out_str(d->o, "check_failed", "%s", checks[chk <= 5 ? chk : 0]);
        bad(d, "hdlc frame", st);
        cli_out_end(d->o);
        return;
    }
    put_hdlc_addr(d, "destination", &f.dst);
    put_hdlc_addr(d, "source", &f.src);
    put_control(d, f.control);
    k = cosem_hdlc_ctrl_kind(f.control);
    if ((k == COSEM_HDLC_KIND_SNRM || k == COSEM_HDLC_KIND_UA) && f.info_len > 0) {
        put_params(d, f.info, f.info_len);
    } else if ((k == COSEM_HDLC_KIND_I || k == COSEM_HDLC_KIND_UI) && f.info_len > 0) {
        hdlc_info(d, &f);
    } else if (f.info_len > 0) {
        cli_out_hex(d->o, "information", f.info, f.info_len);
    }
    cli_out_end(d->o);
}

/* A run of HDLC frames, flags optional and shared. */
static void hdlc_stream(dctx_t *d, const uint8_t *p, size_t n)
{
    size_t i = 0, flen;
    while (i < n) {
        if (p[i] == COSEM_HDLC_FLAG) {
            i++;
            continue;
        }
        if ((p[i] & 0xF0u) != 0xA0u || n - i < 2) {
            cli_out_begin(d->o, NULL, "bytes");
            cli_out_hex(d->o, "octets", p + i, n - i);
            bad(d, "not an HDLC frame", COSEM_E_MALFORMED);
            cli_out_end(d->o);
            return;
        }
        flen = (size_t)(p[i] & 0x07u) << 8 | p[i + 1];
        if (flen < 2 || flen > n - i) {
            flen = n - i;
            while (flen > 0 && p[i + flen - 1] == COSEM_HDLC_FLAG) {
                flen--;
            }
        }
        hdlc_frame(d, p + i, flen);
        i += flen > 0 ? flen : 1;
    }
}

/* A run of wrapper frames (8-octet header, APDU). */
static void wrapper_stream(dctx_t *d, const uint8_t *p, size_t n)
{
    size_t i = 0, alen;
    while (i < n) {
        cosem_wrapper_header_t h;
        char title[64];
        cosem_status_t st = cosem_wrapper_header_decode(&h, p + i, n - i);
        size_t flen = st == COSEM_OK && 8u + h.length <= n - i ? 8u + h.length : n - i;
        cli_out_begin(d->o, NULL, unit_title(d, "wrapper frame", flen, title, sizeof title));
        if (d->o->json) {
            cli_out_str(d->o, "frame", "wrapper");
            if (d->dir) {
                cli_out_str(d->o, "direction", "%c", d->dir);
            }
        }
        if (st != COSEM_OK) {
            cli_out_hex(d->o, "octets", p + i, n - i);
            bad(d, "wrapper header", st);
            cli_out_end(d->o);
            return;
        }
        alen = h.length;
        cli_out_int(d->o, "version", h.version, NULL);
        cli_out_int(d->o, "source_wport", h.src_wport, NULL);
        cli_out_int(d->o, "destination_wport", h.dst_wport, NULL);
        cli_out_int(d->o, "length", h.length, NULL);
        if (alen > n - i - 8) {
            bad(d, "wrapper frame", COSEM_E_TRUNCATED);
            alen = n - i - 8;
        }
        apdu(d, p + i + 8, alen);
        cli_out_end(d->o);
        i += 8 + alen;
    }
}

/* Length of the IEC 62056-21 mode E line at p (sign-on, identification
 * '/', acknowledgement ACK; parity bits ignored) up to its LF; 0 if none. */
static size_t mode_e_line_len(const uint8_t *p, size_t n)
{
    size_t k;
    uint8_t b1 = n >= 2 ? (uint8_t)(p[1] & 0x7Fu) : 0u;
    if (n < 3 || ((p[0] & 0x7Fu) != '/' && p[0] != COSEM_MODE_E_ACK)) {
        return 0;
    }
    if ((p[0] & 0x7Fu) == '/' && b1 != '?' && !((b1 >= 'A' && b1 <= 'Z') || (b1 >= 'a' && b1 <= 'z'))) {
        return 0; /* an HDLC frame whose opening flag is shared (format 0xAF...) */
    }
    for (k = 3; k <= n && k <= COSEM_MODE_E_LINE_MAX; k++) {
        if ((p[k - 1u] & 0x7Fu) == 0x0Au) {
            return k;
        }
    }
    return 0;
}

/* One mode E line: its text and fields. */
static void mode_e_unit(dctx_t *d, const uint8_t *p, size_t n)
{
    char title[64], text[COSEM_MODE_E_LINE_MAX + 1], addr[COSEM_MODE_E_ADDRESS_MAX + 1];
    cosem_mode_e_ident_t id;
    char v, z, y;
    size_t k, t = 0;
    cli_out_begin(d->o, NULL, unit_title(d, "mode E line", n, title, sizeof title));
    if (d->o->json) {
        cli_out_str(d->o, "frame", "mode-e");
        if (d->dir) {
            cli_out_str(d->o, "direction", "%c", d->dir);
        }
    }
    for (k = 0; k < n; k++) {
        uint8_t c = (uint8_t)(p[k] & 0x7Fu);
        if (c >= 0x20u && c < 0x7Fu) {
            text[t++] = (char)c;
        }
    }
    text[t] = '\0';
    if (cosem_mode_e_parse_sign_on(p, n, addr) == COSEM_OK) {
        cli_out_str(d->o, "type", "sign-on");
        cli_out_str(d->o, "device_address", "%s", addr);
    } else if (cosem_mode_e_parse_ident(p, n, &id) == COSEM_OK) {
        cli_out_str(d->o, "type", "identification");
        cli_out_str(d->o, "manufacturer", "%s", id.manufacturer);
        cli_out_int(d->o, "baud", (long long)cosem_mode_e_baud(id.baud), NULL);
        cli_out_bool(d->o, "mode_e", id.mode_e);
        cli_out_str(d->o, "identification", "%s", id.ident);
    } else if (cosem_mode_e_parse_ack(p, n, &v, &z, &y) == COSEM_OK) {
        cli_out_str(d->o, "type", "acknowledgement");
        cli_out_str(d->o, "text", "ACK %c %c %c", v, z, y);
        cli_out_str(d->o, "protocol", "%s", v == '2' ? "HDLC" : v == '0' ? "normal" : "other");
        cli_out_int(d->o, "baud", (long long)cosem_mode_e_baud(z), NULL);
        cli_out_str(d->o, "mode", "%s", y == '2' ? "binary (HDLC)" : y == '0' ? "data readout"
                                                    : y == '1' ? "programming" : "other");
    } else {
        cli_out_str(d->o, "text", "%s", text);
        bad(d, "mode E line", COSEM_E_MALFORMED);
    }
    cli_out_end(d->o);
}

/* Decodes one chunk: mode E lines, HDLC frames, wrapper frames, or one bare APDU. */
static void chunk(dctx_t *d, const uint8_t *p, size_t n)
{
    size_t k;
    while ((k = mode_e_line_len(p, n)) > 0) {
        mode_e_unit(d, p, k);
        p += k;
        n -= k;
    }
    if (n == 0) {
        return;
    }
    if (p[0] == COSEM_HDLC_FLAG ||
        ((p[0] & 0xF8u) == 0xA0u && n >= 2 && ((size_t)(p[0] & 7u) << 8 | p[1]) == n)) {
        hdlc_stream(d, p, n);
    } else if (n >= 8 && p[0] == 0x00 && p[1] == 0x01) {
        wrapper_stream(d, p, n);
    } else {
        char title[64];
        cli_out_begin(d->o, NULL, unit_title(d, "apdu", n, title, sizeof title));
        if (d->o->json) {
            cli_out_str(d->o, "frame", "none");
        }
        if (n >= 3 && p[0] == 0xE6 && (p[1] == 0xE6 || p[1] == 0xE7) && p[2] == 0x00) {
            cli_out_hex(d->o, "llc", p, 3);
            p += 3;
            n -= 3;
        }
        apdu(d, p, n);
        cli_out_end(d->o);
    }
}

/* Reads all of a stream into a new buffer (NUL-terminated). */
static char *read_stream(FILE *in, size_t *len)
{
    size_t cap = 65536, n = 0, got;
    char *buf = malloc(cap + 1), *nb;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= DEC_MAX_INPUT * 4u) {
                break;
            }
            cap *= 2;
            nb = realloc(buf, cap + 1);
            if (nb == NULL) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
    }
    if (buf != NULL) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* Joins the arguments (one line each) into a new buffer. */
static char *join_args(int argc, char **argv, size_t *len)
{
    size_t n = 0, k;
    char *buf;
    int i;
    for (i = 0; i < argc; i++) {
        n += strlen(argv[i]) + 1;
    }
    buf = malloc(n + 1);
    if (buf == NULL) {
        return NULL;
    }
    for (i = 0, k = 0; i < argc; i++) {
        size_t l = strlen(argv[i]);
        memcpy(buf + k, argv[i], l);
        k += l;
        buf[k++] = '\n';
    }
    buf[k] = '\0';
    *len = k;
    return buf;
}

static const char decode_usage[] =
    "usage: cosem decode [--json] HEX...|FILE|-\n"
    "\n"
    "Decode hex of HDLC frames (7E ... 7E), wrapper frames (00 01 ...) or one APDU\n"
    "(AARQ, AARE, RLRQ, RLRE, GET/SET/ACTION request/response, exception,\n"
    "notifications) into an annotated tree, or JSON with --json.\n"
    "\n"
    "Hex may contain spaces, colons, commas, dashes and 0x prefixes. With '-' the\n"
    "input is read from standard input, with FILE from a file; lines may start with\n"
    "'C>' or 'S>' (client or server frame, as in a capture file), with time stamps\n"
    "and direction words (Tx:/Rx:, Send:/Receive:, ->/<-, [..]), and '#' starts a\n"
    "comment. hexdump -C and od output, and pcap/pcapng files (TCP/UDP port 4059,\n"
    "HDLC or wrapper over TCP, segments reassembled) are read too. Frames of one\n"
    "input are decoded in order: HDLC segments and GET data blocks are joined, and\n"
    "responses are annotated with what the request asked (scaler and unit).\n"
    "\n"
    "options:\n"
    "  --json    JSON output (an array, one element per frame or APDU)\n"
    "  --ek HEX  decipher ciphered APDUs with this global unicast encryption key\n"
    "  --ak HEX  ... and this authentication key (both needed; the system titles\n"
    "            come from the AARQ and AARE of the input, or the APDU itself)\n"
    "  --dk HEX  dedicated key, for ded- and general-ded-ciphering\n"
    "  --pcap F  also write the input as a pcap file F (TCP 127.0.0.1 port 4059)\n"
    "  --help    this text\n"
    "\n"
    "exit status: 0 decoded, 1 usage error, 5 some bytes did not decode\n";

/* Decodes every chunk of a parsed input; returns the exit status. */
static int decode_all(const uint8_t *bytes, const cli_chunk_t *chunks, size_t nc, bool json)
{
    static dctx_t d;
    static uint8_t blk[DEC_MAX_INPUT];
    cli_out_t o;
    size_t k;
    memset(&d, 0, sizeof d);
    d.blk = blk;
    cli_out_init(&o, stdout, json);
    d.o = &o;
    if (json) {
        cli_out_array(&o, NULL, NULL);
    }
    for (k = 0; k < nc; k++) {
        d.dir = chunks[k].dir;
        chunk(&d, bytes + chunks[k].off, chunks[k].len);
    }
    if (json) {
        cli_out_array_end(&o);
    }
    cli_out_finish(&o);
    if (d.status != CLI_EXIT_OK) {
        cli_err("decode: some input did not decode (see \"error\" in the output)");
    }
    return d.status;
}

/* Reads a whole file into a new buffer (NUL-terminated); NULL if it cannot. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    if (f == NULL) {
        return NULL;
    }
    buf = read_stream(f, len);
    (void)fclose(f);
    return buf;
}

/* Turns input (a pcap/pcapng file, or text in any accepted form) into
 * bytes and chunks; 0, or -1 (reported). */
static int input_bytes(char *text, size_t len, uint8_t *bytes, size_t cap, size_t *n,
                       cli_chunk_t *chunks, size_t *nc)
{
    char err[160];
    char *norm;
    size_t nlen = 0;
    int rc;
    if (cli_is_pcap((const uint8_t *)text, len)) {
        rc = cli_pcap_extract((const uint8_t *)text, len, bytes, cap, n, chunks, DEC_MAX_CHUNKS,
                              nc, err, sizeof err);
    } else {
        norm = malloc(len * 2u + 64u);
        rc = norm == NULL ? -1
                          : cli_text_normalize(text, len, norm, len * 2u + 64u, &nlen, err,
                                               sizeof err);
        if (norm == NULL) {
            (void)snprintf(err, sizeof err, "out of memory");
        }
        if (rc == 0) {
            rc = cli_hex_parse(norm, nlen, bytes, cap, n, chunks, DEC_MAX_CHUNKS, nc, err,
                               sizeof err);
        }
        free(norm);
    }
    if (rc != 0) {
        cli_err("decode: %s", err);
    }
    return rc;
}

/* --pcap: the decoded input as a capture (chunks marked 'S' from the
 * server, the others from the client); 0, or -1 (reported). */
static int write_pcap(const uint8_t *bytes, const cli_chunk_t *chunks, size_t nc)
{
    size_t k;
    if (cli_pcap_open(cli_pcap_path) != 0) {
        cli_err("cannot write the pcap file '%s'", cli_pcap_path);
        return -1;
    }
    for (k = 0; k < nc; k++) {
        cli_pcap_data(chunks[k].dir == 'S', bytes + chunks[k].off, chunks[k].len);
    }
    if (cli_pcap_close() != 0) {
        cli_err("writing the pcap file '%s' failed", cli_pcap_path);
        return -1;
    }
    return 0;
}

/* See cli.h: `cosem decode`. */
int cli_cmd_decode(int argc, char **argv)
{
    static uint8_t bytes[DEC_MAX_INPUT];
    static cli_chunk_t chunks[DEC_MAX_CHUNKS];
    bool json = false, use_stdin = false;
    int i, first = -1, rc, nargs = 0, keys_given = 0;
    size_t len = 0, n = 0, nc = 0;
    char *text;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(decode_usage, stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "-") == 0) {
            use_stdin = true;
        } else if (strcmp(argv[i], "--pcap") == 0 && i + 1 < argc) {
            cli_pcap_path = argv[++i];
        } else if ((strcmp(argv[i], "--ek") == 0 || strcmp(argv[i], "--ak") == 0 ||
                    strcmp(argv[i], "--dk") == 0) &&
                   i + 1 < argc) {
            uint8_t *k = argv[i][2] == 'e' ? g_keys.ek : argv[i][2] == 'a' ? g_keys.ak : g_keys.dk;
            size_t kl = 0;
            if (cli_secret_hex(argv[i + 1], k, 16, &kl) != 0 || kl != 16u) {
                return cli_usage_error("decode", "%s needs 16 octets in hex", argv[i]);
            }
            keys_given |= argv[i][2] == 'e' ? 1 : argv[i][2] == 'a' ? 2 : 4;
            i++;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            return cli_usage_error("decode", "unknown option '%s'", argv[i]);
        } else {
            nargs++;
            first = first < 0 ? i : first;
        }
    }
    if ((keys_given & 3) == 1 || (keys_given & 3) == 2) {
        return cli_usage_error("decode", "--ek and --ak go together");
    }
    g_keys.have = (keys_given & 3) == 3;
    g_keys.have_dk = (keys_given & 4) != 0;
    if (use_stdin == (first >= 0)) {
        return cli_usage_error("decode", use_stdin ? "give hex or '-', not both"
                                                   : "no hex given (use '-' for stdin)");
    }
    text = NULL;
    if (use_stdin) {
        text = read_stream(stdin, &len);
    } else if (nargs == 1 && strchr(argv[first], ' ') == NULL &&
               (text = read_file(argv[first], &len)) != NULL) {
        /* a file: pcap, pcapng or text */
    } else {
        static char *args[4096];
        int na = 0;
        for (i = first; i < argc && na < 4096; i++) {
            if (strcmp(argv[i], "--pcap") == 0 || strcmp(argv[i], "--ek") == 0 ||
                strcmp(argv[i], "--ak") == 0 || strcmp(argv[i], "--dk") == 0) {
                i++; /* and its value */
            } else if (strcmp(argv[i], "--json") != 0) {
                args[na++] = argv[i];
            }
        }
        text = join_args(na, args, &len);
    }
    if (text == NULL) {
        cli_err("decode: out of memory");
        return CLI_EXIT_DECODE;
    }
    rc = input_bytes(text, len, bytes, sizeof bytes, &n, chunks, &nc);
    free(text);
    if (rc != 0) {
        return CLI_EXIT_DECODE;
    }
    if (n == 0) {
        cli_err("decode: no bytes in the input");
        return CLI_EXIT_DECODE;
    }
    if (cli_pcap_path != NULL && write_pcap(bytes, chunks, nc) != 0) {
        return CLI_EXIT_USAGE;
    }
    return decode_all(bytes, chunks, nc, json);
}
