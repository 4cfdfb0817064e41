/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interfaces of the HDLC module (src/hdlc/): the shared frame
 * codec pieces the deframer needs, and the station parts split over
 * hdlc_station.c (deframer, timers, transmit machinery), hdlc_secondary.c
 * and hdlc_primary.c. */
#ifndef COSEM_HDLC_INTERNAL_H
#define COSEM_HDLC_INTERNAL_H

#include <cosem/hdlc.h>

/* Running CRC-16/X.25 without the final XOR; over data plus its FCS the
 * running value ends at COSEM_HDLC_CRC_GOOD. */
#define COSEM_HDLC_CRC_INIT 0xFFFFu
#define COSEM_HDLC_CRC_GOOD 0xF0B8u

/* Deframer states (cosem_hdlc_t.rx_state). */
#define COSEM_HDLC_RX_HUNT 0u /* waiting for a flag */
#define COSEM_HDLC_RX_FLAG 1u /* after a flag: more flags or a format field */
#define COSEM_HDLC_RX_DATA 2u /* inside a frame, counting down its length */
#define COSEM_HDLC_RX_END 3u  /* length reached: the closing flag must follow */

/* cosem_hdlc_t.flags */
#define COSEM_HDLC_F_POLL 0x01u     /* secondary: a P frame still awaits its answer */
#define COSEM_HDLC_F_WAIT 0x02u     /* primary: waiting for a frame with F set */
#define COSEM_HDLC_F_EXPECT 0x04u   /* primary: a reply MSDU is expected */
#define COSEM_HDLC_F_FRMR 0x08u     /* secondary: frame reject condition */
#define COSEM_HDLC_F_RXMSDU 0x10u   /* an MSDU is being reassembled */
#define COSEM_HDLC_F_RXBAD 0x20u    /* that MSDU is dropped at its end */
#define COSEM_HDLC_F_BUSY 0x40u     /* the peer sent RNR */
#define COSEM_HDLC_F_IDLEPOLL 0x80u /* primary: poll again after the response timeout */

/* FRMR information field, third octet (ISO/IEC 13239 basic mode). */
#define COSEM_HDLC_FRMR_W 0x01u /* control field undefined or not implemented */
#define COSEM_HDLC_FRMR_X 0x02u /* information field not permitted (with W) */
#define COSEM_HDLC_FRMR_Y 0x04u /* information field too long */
#define COSEM_HDLC_FRMR_Z 0x08u /* invalid N(R) */

/* ---- codec (hdlc_frame.c) ---- */
/* First octet of a format field of frame format type 3 (low bits: S, length). */
#define COSEM_HDLC_FORMAT_TYPE3 0xA0u
/* Whether the first octet of a format field says frame format type 3. */
static inline bool cosem_hdlc_format_ok(uint8_t first)
{
    return (first & 0xF0u) == COSEM_HDLC_FORMAT_TYPE3;
}
size_t cosem_hdlc_format_len(const uint8_t *p);
bool cosem_hdlc_crc_ok(const uint8_t *p, size_t n);
uint16_t cosem_hdlc_crc_update(uint16_t crc, const uint8_t *p, size_t n);
cosem_status_t cosem_hdlc_parse_header(const uint8_t *p, size_t n, cosem_hdlc_frame_t *f,
                                       size_t *hdr_len, cosem_hdlc_check_t *chk);
cosem_status_t cosem_hdlc_check_length(size_t flen, size_t hdr_len);
cosem_status_t cosem_hdlc_encode_parts(cosem_axdr_writer_t *w, const cosem_hdlc_frame_t *f,
                                       const uint8_t *pre, size_t pre_n);

/* ---- station (hdlc_station.c) ---- */
void cosem_hdlc_emit(cosem_hdlc_t *h, cosem_hdlc_event_type_t type, cosem_hdlc_reason_t reason,
                     const uint8_t *data, size_t len);
void cosem_hdlc_send_frame(cosem_hdlc_t *h, const cosem_hdlc_addr_t *dst, uint8_t ctrl,
                           bool seg, const uint8_t *pre, size_t pre_n, const uint8_t *info,
                           size_t n);
void cosem_hdlc_send_ctrl(cosem_hdlc_t *h, uint8_t ctrl);
void cosem_hdlc_link_reset(cosem_hdlc_t *h);
void cosem_hdlc_go_down(cosem_hdlc_t *h, cosem_hdlc_reason_t reason);
bool cosem_hdlc_nr_valid(const cosem_hdlc_t *h, uint8_t nr);
void cosem_hdlc_ack(cosem_hdlc_t *h, uint8_t nr);
bool cosem_hdlc_tx_pending(const cosem_hdlc_t *h);
void cosem_hdlc_go_back(cosem_hdlc_t *h);
unsigned cosem_hdlc_tx_window(cosem_hdlc_t *h);
int cosem_hdlc_rx_info(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f, const uint8_t llc[3]);
void cosem_hdlc_deliver(cosem_hdlc_t *h, const uint8_t *data, size_t len,
                        const cosem_hdlc_addr_t *src, bool ui, bool bcast);
void cosem_hdlc_deliver_msdu(cosem_hdlc_t *h);
void cosem_hdlc_frame_in(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f);
const uint8_t *cosem_hdlc_llc_in(const cosem_hdlc_t *h);
/* LLC header of requests (primary to secondary): what a secondary expects. */
extern const uint8_t cosem_hdlc_llc_request[3];

/* Results of cosem_hdlc_rx_info(). */
#define COSEM_HDLC_RX_DUP 0      /* out of sequence: discarded */
#define COSEM_HDLC_RX_SEGMENT 1  /* in sequence, more segments follow */
#define COSEM_HDLC_RX_COMPLETE 2 /* in sequence, the MSDU is complete (in rx_msdu) */
#define COSEM_HDLC_RX_DROPPED 3  /* in sequence, last segment of a dropped MSDU */

/* Whether a station is the secondary: by its role where both roles are
 * built, else by the one built (cosem_hdlc_init() refuses the other). */
static inline bool cosem_hdlc_is_secondary(const cosem_hdlc_t *h)
{
    return COSEM_WITH_CLIENT && COSEM_WITH_SERVER ? h->cfg.role == COSEM_HDLC_SECONDARY
                                                  : COSEM_WITH_SERVER != 0;
}

/* ---- roles: a role that is not built is refused by cosem_hdlc_init(), so
 * its entry points are never reached and compile to nothing ---- */
#if COSEM_WITH_SERVER
void cosem_hdlc_secondary_frame(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f);
#else
static inline void cosem_hdlc_secondary_frame(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f)
{
    (void)h;
    (void)f;
}
#endif
#if COSEM_WITH_CLIENT
void cosem_hdlc_primary_frame(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f);
void cosem_hdlc_primary_timer(cosem_hdlc_t *h);
void cosem_hdlc_primary_disconnect(cosem_hdlc_t *h);
#else
static inline void cosem_hdlc_primary_frame(cosem_hdlc_t *h, const cosem_hdlc_frame_t *f)
{
    (void)h;
    (void)f;
}
static inline void cosem_hdlc_primary_timer(cosem_hdlc_t *h)
{
    (void)h;
}
static inline void cosem_hdlc_primary_disconnect(cosem_hdlc_t *h)
{
    (void)h;
}
#endif

#endif /* COSEM_HDLC_INTERNAL_H */
