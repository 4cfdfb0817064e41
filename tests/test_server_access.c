/* SPDX-License-Identifier: Apache-2.0 */
/* Server ACCESS service (IEC 62056-5-3 9.3.9, Green Book ed. 9 9.4.6.11;
 * conformance bit 17, 0x000040 in the 24-bit word).
 *
 * Request, as Gurux.DLMS.Python 1.0.197 (GXDLMSClient.accessRequest) and
 * GuruxDLMS.c encode it:
 *   D9 long-invoke-id-and-priority(4) date-time(octet string: 00 none, or
 *   0C + 12 octets) count {kind class(2) obis(6) id} count {Data}
 * with kind 1 get, 2 set, 3 action (4, 5: get / set with an access
 * selection after the descriptor), and one Data per item (null-data for a
 * get). Response, as Gurux.DLMS.Python's parseAccessResponse reads it:
 *   DA long-invoke-id(4) date-time(00) 00 count {Data} count {kind result}
 * The long-invoke-id 40 00 00 05 is confirmed (bit 30) with invoke id 5;
 * 00 00 00 05 is unconfirmed: the items run, nothing is answered. */
#include "test_server_fixture.h"

#include <cosem/apdu.h>

#if COSEM_WITH_ACCESS

#define CONF_ACCESS (FX_CONF_ALL | COSEM_CONF_ACCESS)

/* The meter reader (level 1: may write energy and run every method). */
static void reader(void)
{
    fx_setup_conf(FX_READER, CONF_ACCESS, 512);
    fx_assoc_lls_pdu(512);
}

/* get energy, get the logical device name, get a missing object. */
START_TEST(access_gets)
{
    fx_setup_conf(FX_PUBLIC, CONF_ACCESS, 512);
    fx_assoc_pdu(512);
    fx_xchg("D9 40 00 00 05 00 03"
            " 01 00 01 01 00 01 08 00 FF 02"
            " 01 00 01 00 00 2A 00 00 FF 02"
            " 01 00 01 01 00 02 08 00 FF 02"
            " 03 00 00 00",
            "DA 40 00 00 05 00 00 03"
            " 06 00 00 30 39"
            " 09 10 4C 43 4D 30 30 30 30 30 30 30 30 30 30 30 30 31"
            " 00"
            " 03 01 00 01 00 01 04");
}
END_TEST

/* set energy, get it back, action echo, action failing, set denied
 * (logical name): in order, each with its own result. */
START_TEST(access_mixed)
{
    reader();
    fx_xchg("D9 40 00 00 07 00 05"
            " 02 00 01 01 00 01 08 00 FF 02"
            " 01 00 01 01 00 01 08 00 FF 02"
            " 03 20 00 00 80 00 00 00 FF 01"
            " 03 20 00 00 80 00 00 00 FF 03"
            " 02 00 01 01 00 01 08 00 FF 01"
            " 05 06 00 00 00 2A 00 12 00 07 00 09 06 01 00 01 08 00 FF",
            "DA 40 00 00 07 00 00 05"
            " 00 06 00 00 00 2A 12 00 07 00 00"
            " 05 02 00 01 00 03 00 03 02 02 03");
    ck_assert_uint_eq(fx_energy, 42);
}
END_TEST

/* With a date-time in the request (12 octets), and unconfirmed: the set
 * runs, nothing is answered. */
START_TEST(access_unconfirmed_and_time)
{
    reader();
    fx_send("D9 00 00 00 01 0C 07 EA 0C 04 05 0A 00 00 00 00 00 00 01"
            " 02 00 01 01 00 01 08 00 FF 02 01 06 00 00 00 63");
    ck_assert_uint_eq(fx_out_len, 0);
    ck_assert_uint_eq(fx_energy, 99);
    fx_xchg("D9 40 00 00 02 0C 07 EA 0C 04 05 0A 00 00 00 00 00 00 01"
            " 01 00 01 01 00 01 08 00 FF 02 01 00",
            "DA 40 00 00 02 00 00 01 06 00 00 00 63 01 01 00");
}
END_TEST

/* Rights and negotiation: the public client may not write; ACCESS not
 * negotiated is refused; a get with a selection the object does not
 * support: scope-of-access-violated. */
START_TEST(access_rights)
{
    fx_setup_conf(FX_PUBLIC, CONF_ACCESS, 512);
    fx_assoc_pdu(512);
    fx_xchg("D9 40 00 00 01 00 02"
            " 02 00 01 01 00 01 08 00 FF 02"
            " 04 00 01 01 00 01 08 00 FF 02 01 01 12 00 01"
            " 02 06 00 00 00 01 00",
            "DA 40 00 00 01 00 00 02 00 00 02 02 03 01 0D");
    ck_assert_uint_eq(fx_energy, 12345);
    fx_setup_conf(FX_PUBLIC, FX_CONF_ALL, 512);
    fx_assoc_pdu(512);
    fx_xchg("D9 40 00 00 01 00 01 01 00 01 01 00 01 08 00 FF 02 01 00", "D8 01 02");
}
END_TEST

/* Malformed requests change nothing (validate before apply) and get an
 * exception-response; the association serves the next request. */
START_TEST(access_malformed)
{
    static const char *const bad[] = {
        "D9 40 00 00",                                               /* truncated header */
        "D9 40 00 00 01 05 01 02 03 04 05 01",                       /* date-time of 5 */
        "D9 40 00 00 01 00 00 00",                                   /* no items */
        "D9 40 00 00 01 00 01 07 00 01 01 00 01 08 00 FF 02 01 00",  /* kind 7 */
        "D9 40 00 00 01 00 01 02 00 01 01 00 01 08 00 FF 02 02 06 00 00 00 01 00", /* 2 data */
        "D9 40 00 00 01 00 01 02 00 01 01 00 01 08 00 FF 02 01 06 00 00",  /* short Data */
        "D9 40 00 00 01 00 02 02 00 01 01 00 01 08 00 FF 02",        /* items cut */
    };
    reader();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        fx_send(bad[i]);
        ck_assert_msg(fx_out_len > 0 && fx_out[0] == COSEM_APDU_EXCEPTION_RESPONSE, "case %zu", i);
        ck_assert_uint_eq(fx_energy, 12345);
    }
    fx_xchg("D9 40 00 00 09 00 01 01 00 01 01 00 01 08 00 FF 02 01 00",
            "DA 40 00 00 09 00 00 01 06 00 00 30 39 01 01 00");
}
END_TEST

/* A response that cannot fit the client's PDU: a get whose value is too
 * long is other-reason with null-data; a response too long even so is
 * refused as a whole (exception pdu-too-long). */
START_TEST(access_too_long)
{
    fx_setup_conf(FX_READER, CONF_ACCESS, 512);
    fx_assoc_lls_pdu(64);
    fx_big_n = 20;
    fx_xchg("D9 40 00 00 03 00 02"
            " 01 20 00 00 80 00 00 00 FF 02"
            " 01 00 01 01 00 01 08 00 FF 02"
            " 02 00 00",
            "DA 40 00 00 03 00 00 02 00 06 00 00 30 39 02 01 FA 01 00");
}
END_TEST

#endif

static Suite *server_access_suite(void)
{
    Suite *s = suite_create("server_access");
    TCase *tc = tcase_create("access");
#if COSEM_WITH_ACCESS
    tcase_add_test(tc, access_gets);
    tcase_add_test(tc, access_mixed);
    tcase_add_test(tc, access_unconfirmed_and_time);
    tcase_add_test(tc, access_rights);
    tcase_add_test(tc, access_malformed);
    tcase_add_test(tc, access_too_long);
#endif
    suite_add_tcase(s, tc);
    return s;
}

TU_MAIN(server_access_suite)
