/* SPDX-License-Identifier: Apache-2.0 */
/* Server short-name referencing: an SN association next to LN on the
 * same objects and rights.
 *
 *  - The AARQ is the one Gurux.DLMS.Python 1.0.197 sends for SN without
 *    authentication (context 2.16.756.5.8.1.2, conformance 1C 03 20, max
 *    PDU FFFF); offered READ, WRITE, unconfirmed WRITE, parameterized
 *    access and multiple references, the server's AARE is byte for byte
 *    the one GuruxDLMS.c 9.0's SN server example sends for it (negotiated
 *    1C 02 20, max PDU 0x200, VAA name FA 00).
 *  - Names are assigned in logical-name order from 0x0100 (test_server
 *    sn_names_assigned); the Association SN at 0xFA00 lists what the
 *    public client may see with those base names.
 *  - Methods: READ (parameterized access carries the parameter) and WRITE
 *    (the Data is the parameter), as Gurux's SN client invokes them. */
#include "test_server_fixture.h"

#include <cosem/sn.h>

#if COSEM_WITH_SN

#define AARQ_SN_GURUXPY                                                              \
    "60 1D A1 09 06 07 60 85 74 05 08 01 02 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 " \
    "1C 03 20 FF FF"
#define AARE_SN_GURUXC                                                                  \
    "61 29 A1 09 06 07 60 85 74 05 08 01 02 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 " \
    "04 0E 08 00 06 5F 1F 04 00 1C 02 20 02 00 FA 00"
#define SN_CONF                                                                    \
    (FX_CONF_ALL | COSEM_CONF_READ | COSEM_CONF_WRITE | COSEM_CONF_UNCONFIRMED_WRITE | \
     COSEM_CONF_PARAMETERIZED_ACCESS)

static void sn_setup(void)
{
    fx_setup_conf(FX_PUBLIC, SN_CONF, 512);
    fx_xchg(AARQ_SN_GURUXPY, AARE_SN_GURUXC);
}

START_TEST(sn_association_and_object_list)
{
    sn_setup();
    /* attribute 1 of the Association SN, then its object_list: itself,
     * SAP assignment 0x0220, logical device name 0x0248, the vendor
     * object 0x0268, energy 0x02A8 (the Association LN objects and what
     * the public client may not see are left out) */
    fx_xchg("05 01 02 FA 00", "0C 01 00 09 06 00 00 28 00 00 FF");
    fx_xchg("05 01 02 FA 08",
            "0C 01 00 01 05"
            " 02 04 10 FA 00 12 00 0C 11 00 09 06 00 00 28 00 00 FF"
            " 02 04 10 02 20 12 00 11 11 00 09 06 00 00 29 00 00 FF"
            " 02 04 10 02 48 12 00 01 11 00 09 06 00 00 2A 00 00 FF"
            " 02 04 10 02 68 12 20 00 11 01 09 06 00 80 00 00 00 FF"
            " 02 04 10 02 A8 12 00 01 11 00 09 06 01 00 01 08 00 FF");
    fx_xchg("05 01 02 FA 18", "0C 01 01 04"); /* attribute 4: not served */
    fx_xchg("06 01 02 FA 00 01 09 06 00 00 28 00 00 FF", "0D 01 01 03");
}
END_TEST

START_TEST(sn_read)
{
    sn_setup();
    fx_xchg("05 01 02 02 B0", "0C 01 00 06 00 00 30 39");              /* energy */
    fx_xchg("05 01 02 02 A8", "0C 01 00 09 06 01 00 01 08 00 FF");     /* its name */
    /* logical device name, a name between attributes and methods of the
     * SAP assignment, the hidden object's value: one result each */
    fx_xchg("05 03 02 02 50 02 02 38 02 02 60",
            "0C 03 00 09 10 4C 43 4D 30 30 30 30 30 30 30 30 30 30 30 30 31 01 04 01 04");
    /* parameterized access = selective access: entry selector on the
     * vendor object's attribute 2 */
    fx_last_selector = 0;
    fx_send("05 01 04 02 70 02 02 04 06 00 00 00 01 06 00 00 00 02 12 00 01 12 00 00");
    ck_assert_uint_ge(fx_out_len, 3);
    ck_assert_uint_eq(fx_out[2], 0x00);
    ck_assert_uint_eq(fx_last_selector, 2);
    /* a value longer than the response leaves in data-block-results of
     * the Data, each next one asked for with the last block received */
    {
        uint8_t all[400];
        size_t got = 0;
        char next[32];
        fx_send_cap("05 01 02 02 78", 200);
        for (unsigned block = 1; block <= 3; ++block) {
            size_t n;
            ck_assert_uint_ge(fx_out_len, 8);
            ck_assert_uint_eq(fx_out[0], 0x0C);
            ck_assert_uint_eq(fx_out[2], 0x02); /* data-block-result */
            ck_assert_uint_eq((unsigned)(fx_out[4] << 8 | fx_out[5]), block);
            {
                size_t at = fx_out[6] == 0x81 ? 8u : 7u; /* raw-data length */
                n = at == 8u ? fx_out[7] : fx_out[6];
                ck_assert_uint_eq(fx_out_len, at + n);
                ck_assert_uint_le(got + n, sizeof all);
                memcpy(all + got, fx_out + at, n);
            }
            got += n;
            if (fx_out[3] == 1u) {
                break;
            }
            ck_assert_uint_eq(fx_out_len, 197); /* 200 less the longest head: full blocks */
            snprintf(next, sizeof next, "05 01 05 00 %02X", block);
            fx_send_cap(next, 200);
        }
        ck_assert_uint_eq(got, 304); /* 09 82 01 2C and 300 octets 00 01 02 ... */
        ck_assert_uint_eq(all[0], 0x09);
        ck_assert_uint_eq(all[2], 0x01);
        ck_assert_uint_eq(all[3], 0x2C);
        for (size_t i = 0; i < 300; ++i) {
            ck_assert_uint_eq(all[4 + i], (uint8_t)i);
        }
    }
    /* no transfer any more: no-long-get-in-progress */
    fx_xchg("05 01 05 00 02", "0C 01 01 10");
    fx_xchg("05 01 02 02 B0", "0C 01 00 06 00 00 30 39");
}
END_TEST

START_TEST(sn_methods_and_write)
{
    sn_setup();
    /* READ of method 1 with its parameter: the echo comes back */
    fx_xchg("05 01 04 02 88 00 12 00 07", "0C 01 00 12 00 07");
    /* method 4 is not the public client's to execute */
    fx_xchg("05 01 02 02 A0", "0C 01 01 03");
    /* WRITE of method 1 (Gurux's way): success */
    fx_action_calls = 0;
    fx_xchg("06 01 02 02 88 01 11 05", "0D 01 00");
    ck_assert_int_eq(fx_action_calls, 1);
    /* the energy may not be written by the public client; an unknown name */
    fx_xchg("06 02 02 02 B0 02 00 10 02 06 00 00 00 01 11 01", "0D 02 01 03 01 04");
    /* unconfirmed WRITE: executed, nothing answered */
    fx_send("16 01 02 02 88 01 11 06");
    ck_assert_uint_eq(fx_out_len, 0);
    ck_assert_int_eq(fx_action_calls, 2);
}
END_TEST

/* Each referencing keeps to its services; malformed SN APDUs are answered
 * and the association serves the next request. */
START_TEST(sn_services_kept_apart)
{
    sn_setup();
    fx_xchg("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "D8 01 02"); /* GET in SN */
    fx_xchg("05 01 03 02 B0", "D8 01 03");                         /* detailed-access */
    fx_xchg("05 00", "D8 01 03");
    fx_xchg("05 01 02 02 B0", "0C 01 00 06 00 00 30 39");
    /* an LN association of the same configuration, proposing every
     * conformance bit: no SN service is negotiated */
    fx_assoc_pdu(0xFFFF);
    {
        /* conformance, server max PDU, VAA name: FX_CONF_ALL (LN) only */
        static const uint8_t tail[] = {0x00, 0xBE, 0x1D, 0x02, 0x00, 0x00, 0x07};
        ck_assert_uint_ge(fx_out_len, 7);
        tu_assert_bytes(fx_out + fx_out_len - 7, 7, tail, sizeof tail);
    }
    fx_xchg("05 01 02 02 B0", "D8 01 02");
    fx_xchg("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 30 39");
}
END_TEST

/* A configuration without READ/WRITE refuses the SN context. */
/* Requests in blocks (write-data-block-access, read-data-block-access):
 * the raw-data of blocks 1, 2, ... put together are the request without
 * its tag, as GuruxDLMS.c's server (svr_handleReadDataBlockAccess) puts
 * them together; each block but the last is answered with its number.
 * A block out of sequence is data-block-number-invalid (19) and ends the
 * transfer; the association serves the next request. Blocks need block
 * transfer with read / write negotiated. */
START_TEST(sn_requests_in_blocks)
{
    /* without block transfer negotiated (Gurux's AARQ proposes none) a
     * block is refused as a service the association may not use */
    sn_setup();
    fx_xchg("06 01 07 00 00 01 01 09 03 01 02 02", "D8 01 02");
    /* the AARQ proposing block transfer with read and with write too */
    fx_setup_conf(FX_PUBLIC, SN_CONF, 512);
    fx_send("60 1D A1 09 06 07 60 85 74 05 08 01 02 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 "
            "1C 1B 20 FF FF");
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
    ck_assert_uint_eq(fx_out[fx_out_len - 6], 0x1A); /* negotiated 1C 1A 20, max PDU, FA 00 */
    /* WRITE of method 1 of the vendor object (01 02 02 88 01 11 05) */
    fx_action_calls = 0;
    fx_xchg("06 01 07 00 00 01 01 09 03 01 02 02", "0D 01 02 00 01");
    ck_assert_int_eq(fx_action_calls, 0);
    fx_xchg("06 01 07 01 00 02 01 09 04 88 01 11 05", "0D 01 00");
    ck_assert_int_eq(fx_action_calls, 1);
    /* READ of method 1 with its parameter (01 04 02 88 00 12 00 07) */
    fx_xchg("05 01 06 00 00 01 03 01 04 02", "0C 01 03 00 01");
    fx_xchg("05 01 06 01 00 02 05 88 00 12 00 07", "0C 01 00 12 00 07");
    ck_assert_int_eq(fx_action_calls, 2);
    /* READ of the energy in three blocks (01 02 02 B0) */
    fx_xchg("05 01 06 00 00 01 01 01", "0C 01 03 00 01");
    fx_xchg("05 01 06 00 00 02 01 02", "0C 01 03 00 02");
    fx_xchg("05 01 06 01 00 03 02 02 B0", "0C 01 00 06 00 00 30 39");
    /* out of sequence: block 3 after block 1, a block 2 with no transfer,
     * a WRITE block continuing a READ */
    fx_xchg("06 01 07 00 00 01 01 09 03 01 02 02", "0D 01 02 00 01");
    fx_xchg("06 01 07 01 00 03 01 09 04 88 01 11 05", "0D 01 01 13");
    fx_xchg("06 01 07 01 00 02 01 09 04 88 01 11 05", "0D 01 01 13");
    fx_xchg("05 01 06 00 00 01 01 01", "0C 01 03 00 01");
    fx_xchg("06 01 07 01 00 02 01 09 04 88 01 11 05", "0D 01 01 13");
    ck_assert_int_eq(fx_action_calls, 2);
    /* put together, a request that is not whole is refused as malformed
     * (exception-response, as any undecodable request) */
    fx_xchg("05 01 06 01 00 01 02 01 02", "D8 01 03");
    fx_xchg("05 01 02 02 B0", "0C 01 00 06 00 00 30 39");
}
END_TEST

/* An information report of the energy Data object (base name 0x02A8):
 * attribute 1 at 0x02A8, attribute 2 at 0x02B0, with a time, in the
 * layout test_sn checks against Gurux.DLMS.Python's translator
 * (18, time length and octets, names, Data); attributes the class lacks
 * and empty lists are refused. */
START_TEST(sn_information_report)
{
    static const uint8_t t[12] = {0x07, 0xEA, 0x0C, 0x03, 0x04, 0x00,
                                  0x00, 0x00, 0xFF, 0x80, 0x00, 0x00};
    const cosem_object_t *energy = &fx_objects[0];
    cosem_push_item_t items[2] = {{energy, 1}, {energy, 2}};
    uint8_t out[64], want[64];
    cosem_datetime_t dt;
    cosem_axdr_writer_t w;
    sn_setup();
    cosem_datetime_decode(&dt, t);
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_server_information_report(&fx_server, &dt, items, 2, &w), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), want,
                    tu_hex("18 0C 07 EA 0C 03 04 00 00 00 FF 80 00 00 02 02 02 A8 02 02 B0"
                           " 02 09 06 01 00 01 08 00 FF 06 00 00 30 39",
                           want, sizeof want));
    cosem_axdr_writer_init(&w, out, sizeof out);
    ck_assert_int_eq(cosem_server_information_report(&fx_server, NULL, items + 1, 1, &w), COSEM_OK);
    tu_assert_bytes(out, cosem_axdr_writer_len(&w), want,
                    tu_hex("18 00 01 02 02 B0 01 06 00 00 30 39", want, sizeof want));
    items[0].attr = 3; /* Data has two attributes */
    ck_assert_int_eq(cosem_server_information_report(&fx_server, NULL, items, 1, &w), COSEM_E_ARG);
    items[0].attr = 0;
    ck_assert_int_eq(cosem_server_information_report(&fx_server, NULL, items, 1, &w), COSEM_E_ARG);
    ck_assert_int_eq(cosem_server_information_report(&fx_server, NULL, items, 0, &w), COSEM_E_ARG);
    cosem_axdr_writer_init(&w, out, 20); /* too small */
    ck_assert_int_eq(cosem_server_information_report(&fx_server, &dt, items + 1, 1, &w),
                     COSEM_E_NOSPACE);
}
END_TEST

START_TEST(sn_context_refused)
{
    cosem_aare_t e;
    fx_setup(FX_PUBLIC);
    fx_send(AARQ_SN_GURUXPY);
    ck_assert_int_eq(cosem_aare_decode(fx_out, fx_out_len, &e), COSEM_OK);
    ck_assert_uint_eq(e.result, COSEM_ASSOC_REJECTED_PERMANENT);
    ck_assert_uint_eq(e.diagnostic, COSEM_DIAG_CONTEXT_NOT_SUPPORTED);
}
END_TEST
#endif

static Suite *server_sn_suite(void)
{
    Suite *s = suite_create("server_sn");
    TCase *tc = tcase_create("sn");
#if COSEM_WITH_SN
    tcase_add_test(tc, sn_association_and_object_list);
    tcase_add_test(tc, sn_read);
    tcase_add_test(tc, sn_methods_and_write);
    tcase_add_test(tc, sn_services_kept_apart);
    tcase_add_test(tc, sn_requests_in_blocks);
    tcase_add_test(tc, sn_information_report);
    tcase_add_test(tc, sn_context_refused);
#endif
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(server_sn_suite)
