/* SPDX-License-Identifier: Apache-2.0 */
/* Internals shared by the files of the client session (src/client/). */
#ifndef COSEM_CLIENT_INTERNAL_H
#define COSEM_CLIENT_INTERNAL_H

#include <cosem/client.h>

/* Block transfer in progress (cosem_client_t.xfer). */
enum {
    COSEM_CLIENT_XF_NONE = 0,
    COSEM_CLIENT_XF_GET_IN = 1,  /* receiving get-response-with-datablock */
    COSEM_CLIENT_XF_SET_OUT = 2, /* sending set-request datablocks */
    COSEM_CLIENT_XF_ACT_OUT = 3, /* sending action-request pblocks */
    COSEM_CLIENT_XF_ACT_IN = 4   /* receiving action-response pblocks */
};

/* States of the result parser (cosem_client_stream_t.state). */
enum {
    COSEM_CLIENT_ST_HEADER = 0,     /* tag of a value (array header) */
    COSEM_CLIENT_ST_ELEMS = 1,      /* elements of a top-level array */
    COSEM_CLIENT_ST_WHOLE = 2,      /* one whole non-array value */
    COSEM_CLIENT_ST_LIST_COUNT = 3, /* count of a with-list result sequence */
    COSEM_CLIENT_ST_ITEM = 4,       /* Get-Data-Result choice of a list item */
    COSEM_CLIENT_ST_DONE = 5        /* complete: nothing more may come */
};

/* invoke-id-and-priority bits the client sets (high priority, confirmed,
 * as Gurux and deployed clients do: tests/vectors/ captures show 0xC1). */
#define COSEM_CLIENT_INVOKE_FLAGS (COSEM_INVOKE_HIGH_PRIORITY | COSEM_INVOKE_CONFIRMED)

/* ---- client.c: session core ------------------------------------------- */

/* Ends the running operation with status st from layer (done callback). */
void cosem_client_finish(cosem_client_t *c, cosem_status_t st, uint8_t layer);
/* Ends the running operation with a data-access-result (layer DATA). */
void cosem_client_fail_dar(cosem_client_t *c, uint8_t dar, uint16_t item);
/* Sends the request of n octets encoded in the link's transmit buffer and
 * waits for its response (starts the response timer). */
cosem_status_t cosem_client_request(cosem_client_t *c, size_t n);
/* Checks the session may start an operation needing an association. */
cosem_status_t cosem_client_can_start(const cosem_client_t *c);
/* Claims the running operation slot for op (invoke id, callbacks cleared). */
void cosem_client_begin(cosem_client_t *c, cosem_client_op_t op, uint32_t now_ms);
/* Largest request the peer takes and our buffer holds. */
size_t cosem_client_tx_limit(const cosem_client_t *c, size_t cap);
/* Maps a stream or callback failure to its layer and ends the operation. */
void cosem_client_stream_fail(cosem_client_t *c, cosem_status_t st);

/* Upcalls of the link glue. */
void cosem_client_on_apdu(cosem_client_t *c, const uint8_t *apdu, size_t len);
void cosem_client_on_link_up(cosem_client_t *c);
void cosem_client_on_link_down(cosem_client_t *c, cosem_status_t st, uint8_t hdlc_reason);

/* ---- client_link.c: link dispatch ------------------------------------- */

size_t cosem_client_link_buf_size(const cosem_client_config_t *cfg);
cosem_status_t cosem_client_link_init(cosem_client_t *c, uint8_t *buf, size_t len);
/* Where to encode the next request (NULL while the link is busy). */
uint8_t *cosem_client_link_txbuf(cosem_client_t *c, size_t *cap);
/* Sends n octets of the transmit buffer as one APDU. */
cosem_status_t cosem_client_link_send(cosem_client_t *c, size_t n);
/* Brings the link up; *pending true when an answer (UA) must be awaited. */
cosem_status_t cosem_client_link_connect(cosem_client_t *c, bool *pending);
/* Takes the link down; *pending true when an answer must be awaited. */
cosem_status_t cosem_client_link_disconnect(cosem_client_t *c, bool *pending);
cosem_status_t cosem_client_link_feed(cosem_client_t *c, const uint8_t *bytes, size_t n);
void cosem_client_link_poll(cosem_client_t *c);
void cosem_client_link_reset(cosem_client_t *c);
bool cosem_client_link_is_hdlc(const cosem_client_t *c);

/* Operations of one link kind (client_link.c dispatches through them). */
typedef struct cosem_client_link_ops {
    /* Link buffer size for cfg; 0 when the link is not in this build. */
    size_t (*buf_size)(const cosem_client_config_t *cfg);
    cosem_status_t (*init)(cosem_client_t *c, uint8_t *buf, size_t len);
    uint8_t *(*txbuf)(cosem_client_t *c, size_t *cap);
    cosem_status_t (*send)(cosem_client_t *c, size_t n);
    cosem_status_t (*connect)(cosem_client_t *c, bool *pending);
    cosem_status_t (*disconnect)(cosem_client_t *c, bool *pending);
    cosem_status_t (*feed)(cosem_client_t *c, const uint8_t *bytes, size_t n);
    void (*poll)(cosem_client_t *c);
    void (*reset)(cosem_client_t *c);
    /* The APDU inside one received unit (frame, datagram), for pushes. */
    cosem_status_t (*unframe)(const uint8_t *bytes, size_t n, const uint8_t **apdu, size_t *len);
} cosem_client_link_ops_t;

/* client_hdlc.c and client_wrapper.c: buf_size returns 0 when the link is
 * not built (the other members are then never called). */
extern const cosem_client_link_ops_t cosem_client_hdlc_ops;
extern const cosem_client_link_ops_t cosem_client_wrapper_ops;
#if !COSEM_WITH_HDLC || !COSEM_WITH_WRAPPER
/* client_link.c: buf_size and unframe of a link not in this build. */
size_t cosem_client_absent_buf_size(const cosem_client_config_t *cfg);
cosem_status_t cosem_client_absent_unframe(const uint8_t *bytes, size_t n,
                                           const uint8_t **apdu, size_t *len);
#endif

/* ---- client_assoc.c ---------------------------------------------------- */

cosem_status_t cosem_client_send_aarq(cosem_client_t *c);
void cosem_client_on_aare(cosem_client_t *c, const uint8_t *apdu, size_t len);
void cosem_client_on_rlre(cosem_client_t *c, const uint8_t *apdu, size_t len);
void cosem_client_on_service_error(cosem_client_t *c, const uint8_t *apdu, size_t len);

/* ---- client_get.c / client_set.c / client_action.c -------------------- */

void cosem_client_on_get_response(cosem_client_t *c, const uint8_t *apdu, size_t len);
void cosem_client_on_set_response(cosem_client_t *c, const uint8_t *apdu, size_t len);
void cosem_client_on_action_response(cosem_client_t *c, const uint8_t *apdu, size_t len);
#if COSEM_WITH_SECURITY
/* Seals buf[0..n) in place as a glo-ciphered APDU with the session's keys,
 * title, security control and next invocation counter (client.c). */
cosem_status_t cosem_client_seal(cosem_client_t *c, uint8_t *buf, size_t n, size_t cap,
                                 size_t *out_len, bool dedicated);
#endif
#if COSEM_WITH_ACCESS
/* An access-response for the running ACCESS (client_access.c). */
void cosem_client_on_access_response(cosem_client_t *c, const uint8_t *apdu, size_t len);
#endif

/* ---- client_service.c: steps GET, SET and ACTION share ----------------- */

#if COSEM_WITH_SN
/* A read-response or write-response for the running READ, WRITE or SN
 * object list (client_sn.c). */
void cosem_client_on_sn_response(cosem_client_t *c, const uint8_t *apdu, size_t len);
/* The object_list elements of the Association SN become object reports. */
cosem_status_t cosem_client_sn_object_element(void *user, const cosem_client_data_t *d);
#endif

#if COSEM_WITH_GBT
/* A general-block-transfer for the running GET (client_get.c). */
void cosem_client_on_gbt(cosem_client_t *c, const uint8_t *apdu, size_t len);
#endif

/* Encoder of a next-block request (get- or action-request-next-pblock). */
typedef cosem_status_t (*cosem_client_next_enc_fn)(cosem_axdr_writer_t *w, uint8_t invoke,
                                                   uint32_t block);
/* Encodes block c->block + 1 of the outgoing data: raw[0..n) is its part,
 * first (descriptor included) and last as told. */
typedef void (*cosem_client_block_enc_fn)(cosem_client_t *c, cosem_axdr_writer_t *w, bool first,
                                          bool last, const uint8_t *raw, size_t n);

/* Checks the session may start op, claims the slot with data callback
 * fn/user and returns the transmit buffer (capacity *cap); NULL with *st
 * set when the operation cannot start. */
uint8_t *cosem_client_service_start(cosem_client_t *c, cosem_client_op_t op,
                                    cosem_client_data_fn fn, void *user, uint32_t now_ms,
                                    size_t *cap, cosem_status_t *st);
/* Gives the operation slot up when st is a failure; returns st. */
cosem_status_t cosem_client_service_started(cosem_client_t *c, cosem_status_t st);
/* Sends the request encoded in w (its encoder returned st); gives the slot
 * up when encoding or sending failed. */
cosem_status_t cosem_client_service_send(cosem_client_t *c, const cosem_axdr_writer_t *w,
                                         cosem_status_t st);
/* Vets a response whose decoder returned st: true when it is whole and
 * carries the running invoke id; otherwise the operation ends (malformed)
 * or the answer is counted as unexpected. *invoke is read only on success. */
bool cosem_client_vet_response(cosem_client_t *c, cosem_status_t st, const uint8_t *invoke);
/* Feeds a piece of the result; ends the operation when it is the last or
 * wrong. Returns whether the operation goes on. */
bool cosem_client_feed_result(cosem_client_t *c, const uint8_t *p, size_t n, bool last);
/* Asks for the block after c->block with enc; ends the operation when the
 * request cannot be sent. */
void cosem_client_request_next(cosem_client_t *c, cosem_client_next_enc_fn enc);
/* Sends the next block of c->out encoded by enc and sets c->xfer to xfer. */
cosem_status_t cosem_client_send_block(cosem_client_t *c, cosem_client_block_enc_fn enc,
                                       uint8_t xfer);
/* Sends data in blocks when the session negotiated the conformance bit
 * (::COSEM_E_UNSUPPORTED otherwise): its first block goes now. */
cosem_status_t cosem_client_start_blocks(cosem_client_t *c, uint32_t conformance,
                                         const uint8_t *data, size_t len,
                                         cosem_client_block_enc_fn enc, uint8_t xfer);

/* ---- client_stream.c --------------------------------------------------- */

/* Starts parsing a result: list 0 = one value; 1 = a with-list sequence
 * with its count first; 2 = with-list results whose count (c->count) was
 * already read; 3 and 4 the same for action-response with-list items
 * (Action-Response-With-Optional-Data). */
void cosem_client_stream_start(cosem_client_t *c, int list);
/* Feeds the next octets of the result; last: no more will come. */
cosem_status_t cosem_client_stream_feed(cosem_client_t *c, const uint8_t *p, size_t n,
                                        bool last);
/* Gives one piece to the operation's data callback. */
cosem_status_t cosem_client_emit(cosem_client_t *c, cosem_client_data_t *d);

#endif /* COSEM_CLIENT_INTERNAL_H */
