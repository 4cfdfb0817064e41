/* SPDX-License-Identifier: Apache-2.0 */
/* Internal helpers shared by the server's files: writer rollback, access
 * checks, dispatch to class code, and the per-service handlers. */
#ifndef COSEM_SERVER_INTERNAL_H
#define COSEM_SERVER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cosem/apdu.h>
#include <cosem/axdr.h>
#include <cosem/object.h>
#include <cosem/server.h>

/* Keeps a rarely used handler (AARQ, RLRQ) out of line, so its large
 * locals are not part of every GET/SET/ACTION's stack. */
#if defined(__GNUC__)
#define COSEM_SRV_COLD __attribute__((noinline))
#else
#define COSEM_SRV_COLD
#endif

/* Kinds of long transfer an association can hold (cosem_assoc_t::xfer_). */
enum {
    COSEM_XFER_NONE = 0,
    COSEM_XFER_GET = 1,          /* GET value streamed in blocks */
    COSEM_XFER_GET_LIST = 2,     /* GET with-list results in blocks */
    COSEM_XFER_SET = 3,          /* SET value arriving in blocks */
    COSEM_XFER_SET_LIST = 4,     /* SET with-list values arriving in blocks */
    COSEM_XFER_ACTION = 5,       /* ACTION parameters arriving in pblocks */
    COSEM_XFER_ACTION_LIST = 6,  /* ACTION with-list parameters in pblocks */
    COSEM_XFER_ACTION_RET = 7,   /* ACTION return parameters leaving in pblocks */
    COSEM_XFER_READ = 8,         /* SN READ result leaving in data-block-results */
    COSEM_XFER_SN_IN = 9,        /* SN READ/WRITE request arriving in data blocks */
    COSEM_XFER_GBT_IN = 10,      /* request arriving in general-block-transfer blocks */
    COSEM_XFER_GBT_DONE = 11     /* that request whole, at the end of buf_, to serve */
};

/* Truncate a writer to len octets and clear its sticky error (rollback to
 * the last committed element). The writer's fields are the codec's private
 * ones; this is the only place the server touches them. */
static inline void cosem_srv_writer_truncate(cosem_axdr_writer_t *w, size_t len)
{
    w->len = len <= w->cap ? len : w->cap;
    w->err = COSEM_OK;
}

/* A writer over buf[0, cap) that already holds len octets (carried over). */
static inline void cosem_srv_writer_resume(cosem_axdr_writer_t *w, uint8_t *buf, size_t cap,
                                           size_t len)
{
    cosem_axdr_writer_init(w, buf, cap);
    w->len = len <= cap ? len : cap;
}

/* Rights of the association's level on an object (class defaults when the
 * object has no table). */
cosem_access_t cosem_srv_rights(const cosem_assoc_config_t *cfg, const cosem_object_t *obj);

/* Whether an object is visible at all with these rights. */
static inline bool cosem_srv_visible(const cosem_access_t *acc)
{
    return (acc->read | acc->write | acc->exec) != 0u;
}

/* Look up and check an attribute/method reference for a service: fills
 * r->obj (and the request's common fields) or returns the access error. */
cosem_dar_t cosem_srv_resolve(cosem_assoc_t *a, const cosem_attr_ref_t *ref,
                              const cosem_selection_t *sel, uint8_t service, cosem_req_t *r);

/* Call the object's get for one attribute (attribute 1 answered here). */
cosem_dar_t cosem_srv_call_get(cosem_req_t *r, cosem_axdr_writer_t *w);
/* Whether value is exactly count well-formed Data with nothing after them
 * (validate before apply: DESIGN.md section 9). */
bool cosem_srv_values_ok(const uint8_t *value, size_t n, size_t count);
/* Call the object's set with a reader over exactly one Data; leftovers or
 * a read past the value are type-unmatched. */
cosem_dar_t cosem_srv_call_set(cosem_req_t *r, const uint8_t *value, size_t n);
/* Call the object's action; the return Data goes to ret. */
cosem_dar_t cosem_srv_call_action(cosem_req_t *r, const uint8_t *params, size_t n,
                                  cosem_axdr_writer_t *ret);

/* After every successful SET (requests and scripts): the Parameter monitor
 * (class 65) records changes of the attributes it lists
 * (src/classes/parameter_monitor.c). */
#if COSEM_CLASS_PARAMETER_MONITOR
void cosem_srv_param_changed(const cosem_req_t *r);
#define COSEM_SRV_PARAM_CHANGED(r) cosem_srv_param_changed(r)
#else
#define COSEM_SRV_PARAM_CHANGED(r) ((void)(r))
#endif

/* Largest response the association may send: the output capacity bounded
 * by the client's max receive PDU size. */
size_t cosem_srv_out_max(const cosem_assoc_t *a, size_t cap);

/* Abort any long transfer of the association. */
void cosem_srv_xfer_abort(cosem_assoc_t *a);
/* Append a block's raw data to the association's reassembly buffer;
 * false (nothing appended) when it does not fit. */
bool cosem_srv_xfer_append(cosem_assoc_t *a, const cosem_slice_t *raw);
/* A request that does not decode: abort any long transfer and answer an
 * exception-response (service not allowed, other reason). */
void cosem_srv_bad_request(cosem_assoc_t *a, cosem_axdr_writer_t *w);

/* Conformance bits of services this build serves: an option that leaves a
 * service out keeps its bit out of every negotiation too, so that no client
 * is told of a service it would be refused. */
#if COSEM_WITH_LIST_BLOCK_WRITE
#define COSEM_SRV_CONF_NO_WRITE_FORMS 0ul
#else
#define COSEM_SRV_CONF_NO_WRITE_FORMS (COSEM_CONF_BLOCK_TRANSFER_SET | COSEM_CONF_BLOCK_TRANSFER_ACTION)
#endif
#if COSEM_WITH_LIST_BLOCK_WRITE || COSEM_WITH_GET_LIST
#define COSEM_SRV_CONF_NO_LISTS 0ul
#else
#define COSEM_SRV_CONF_NO_LISTS COSEM_CONF_MULTIPLE_REFERENCES
#endif
#if COSEM_WITH_GET_ATTRIBUTE0
#define COSEM_SRV_CONF_NO_ATTR0 0ul
#else
#define COSEM_SRV_CONF_NO_ATTR0 COSEM_CONF_ATTRIBUTE0_GET
#endif
#define COSEM_SRV_CONF_BUILT                                                                      \
    (~(COSEM_SRV_CONF_NO_WRITE_FORMS | COSEM_SRV_CONF_NO_LISTS | COSEM_SRV_CONF_NO_ATTR0))

/* Service handlers: decode the request, write the response into w (left
 * empty when there is none to send). */
void cosem_srv_get(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w);
/* The common get-request-normal answered ahead of the general dispatch;
 * false when that must serve the request (get.c). */
bool cosem_srv_get_lean(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                        cosem_axdr_writer_t *w);
void cosem_srv_set(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w);
void cosem_srv_action(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w);
#if COSEM_WITH_ACCESS
/* access-request: every get/set/action item in order, one access-response. */
void cosem_srv_access(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w);
#endif
#if COSEM_WITH_GBT
/* A general-block-transfer from the client: the acknowledgement of the
 * GET response's last block (next block, or that block again), or a block
 * of a request (when it completes the request, xfer_ is
 * COSEM_XFER_GBT_DONE and the request's xfer_len_ octets end buf_:
 * cosem_srv_handle_plain() serves it). */
void cosem_srv_gbt(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w);
#endif

#if COSEM_WITH_SN
/* Conformance of short-name referencing: the services that make an SN
 * association possible, what an SN association negotiates at most, and
 * what an LN association never does. */
#define COSEM_SN_SERVICES (COSEM_CONF_READ | COSEM_CONF_WRITE | COSEM_CONF_UNCONFIRMED_WRITE)
#define COSEM_SN_CONFORMANCE                                                             \
    (COSEM_SN_SERVICES | COSEM_CONF_MULTIPLE_REFERENCES | COSEM_CONF_PARAMETERIZED_ACCESS | \
     COSEM_CONF_BLOCK_TRANSFER_GET | COSEM_CONF_BLOCK_TRANSFER_SET)
#define COSEM_SN_ONLY \
    (COSEM_SN_SERVICES | COSEM_CONF_PARAMETERIZED_ACCESS | COSEM_CONF_INFORMATION_REPORT)

/* The i-th object of the short-name walk and its base name: table order
 * with configured names, logical-name order with assigned ones (*base
 * enters as the next free name; start with COSEM_SN_FIRST_BASE and add
 * each object's span). */
const cosem_object_t *cosem_srv_sn_walk(const cosem_server_t *s, size_t i, uint32_t *base);

/* READ, WRITE and unconfirmed WRITE requests (sn.c). */
void cosem_srv_sn(cosem_assoc_t *a, const uint8_t *apdu, size_t len, cosem_axdr_writer_t *w);

/* Short names (sn_names.c): configured or assigned base names are valid
 * (ascending, no overlap, outside 0xFA00-0xFAFF, within 16 bits). */
cosem_status_t cosem_srv_sn_check(const cosem_server_t *s);
#endif

/* Exception-response into w. */
void cosem_srv_exception(cosem_axdr_writer_t *w, cosem_state_error_t st, cosem_service_error_t se);

/* Abort any long transfer of the association and answer an
 * exception-response into w (one call for every refusal that does both). */
void cosem_srv_refuse(cosem_assoc_t *a, cosem_axdr_writer_t *w, cosem_state_error_t st,
                      cosem_service_error_t se);

#if COSEM_WITH_SECURITY
/* Serve one plain APDU (the body of cosem_assoc_handle()). */
cosem_status_t cosem_srv_handle_plain(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                                      uint8_t *out, size_t cap, size_t *out_len);

/* Security suite 0 hooks (sec.c). Whether a tag is a ciphered APDU
 * (glo-, ded-, general-ciphering and -glo/-ded forms): inline, as every
 * request asks it first. */
static inline bool cosem_srv_sec_ciphered(uint8_t tag)
{
    return (tag >= 0xC8u && tag <= 0xD7u) || (tag >= 0xDBu && tag <= 0xDDu) || tag == 0x21u;
}
bool cosem_srv_sec_plain_ok(const cosem_assoc_t *a);
bool cosem_srv_sec_context_ok(const cosem_assoc_t *a, uint8_t ctx);
void cosem_srv_sec_release(cosem_assoc_t *a);
cosem_status_t cosem_srv_sec_handle(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                                    uint8_t *out, size_t cap, size_t *out_len);
cosem_status_t cosem_srv_sec_initiate(cosem_assoc_t *a, const cosem_aarq_t *q,
                                      const uint8_t **p, size_t *n);
void cosem_srv_sec_dedicated(cosem_assoc_t *a, const cosem_initiate_request_t *ir);
uint8_t cosem_srv_sec_hls_start(cosem_assoc_t *a, const cosem_aarq_t *q);
void cosem_srv_sec_aare(cosem_assoc_t *a, cosem_axdr_writer_t *w, const uint8_t *ui, size_t n);
bool cosem_srv_sec_hls_reply(cosem_assoc_t *a, const uint8_t *apdu, size_t len,
                             cosem_axdr_writer_t *w);
/* The failed-authentication throttle (assoc.c) for the HLS reply: whether
 * it may be checked now, and its outcome. */
bool cosem_srv_auth_may_check(cosem_assoc_t *a);
void cosem_srv_auth_counted(cosem_assoc_t *a, bool ok);
#endif

#endif /* COSEM_SERVER_INTERNAL_H */
