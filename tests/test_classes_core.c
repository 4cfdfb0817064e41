/* SPDX-License-Identifier: Apache-2.0 */
/* Core classes (include/cosem/classes.h): Data (1), Association LN (15),
 * SAP assignment (17), through the server as a client sees them.
 *
 * Encodings: Blue Book (DLMS UA 1000-1) class descriptions; application
 * context and mechanism names as the octet-string of the OID's BER content
 * (60 85 74 05 08 01 01 / 60 85 74 05 08 02 m) and associated_partners_id
 * {integer, long-unsigned} as the Gurux C server encodes them
 * (GuruxDLMS.c gxget.c, cosem_getAssociationLogicalName, attributes 3, 4, 6
 * read from that source as facts about the wire format). */
#include <stdbool.h>

#include "test_server_fixture.h"

#define ALN_CUR "00 0F 00 00 28 00 00 FF"
#define ALN_RDR "00 0F 00 00 28 00 01 FF"

START_TEST(data_class)
{
    fx_setup(FX_READER);
    fx_send(AARQ_LLS);
    fx_xchg("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 30 39");
    /* exact type only */
    fx_xchg("C1 01 C1 00 01 01 00 01 08 00 FF 02 00 05 00 00 00 01", "C5 01 C1 0C");
    fx_xchg("C1 01 C1 00 01 01 00 01 08 00 FF 02 00 06 12 34 56 78", "C5 01 C1 00");
    ck_assert_uint_eq(fx_energy, 0x12345678u);
    /* the hidden long-unsigned object, writable for the reader */
    fx_xchg("C1 01 C1 00 01 00 00 60 01 00 FF 02 00 12 00 09", "C5 01 C1 00");
    ck_assert_uint_eq(fx_hidden, 9);
    /* a fixed-length octet-string (LDN) of another length is type-unmatched
     * (through cosem_vref_read; the LDN is read-only anyway here) */
    cosem_axdr_reader_t r;
    const uint8_t five[] = {0x09, 0x03, 'a', 'b', 'c'};
    cosem_axdr_reader_init(&r, five, sizeof(five));
    ck_assert_int_eq(cosem_vref_read(&r, &fx_ldn), COSEM_DAR_TYPE_UNMATCHED);
}
END_TEST

START_TEST(aln_attributes)
{
    fx_setup_conf(FX_PUBLIC, 0x001E1Du, 512);
    fx_send(AARQ_NOAUTH); /* client max PDU FFFF */
    /* 3 associated_partners_id {integer 16, long-unsigned 1} */
    fx_xchg("C0 01 C1 " ALN_CUR " 03 00", "C4 01 C1 00 02 02 0F 10 12 00 01");
    /* 4 application context name, LN no ciphering */
    fx_xchg("C0 01 C1 " ALN_CUR " 04 00", "C4 01 C1 00 09 07 60 85 74 05 08 01 01");
    /* 5 xDLMS context: negotiated 1E1D (proposed 401E1D & offered 1E1D),
     * max receive 512, max send FFFF, version 6, qos 0, no cyphering info */
    fx_xchg("C0 01 C1 " ALN_CUR " 05 00",
            "C4 01 C1 00 02 06 04 18 00 1E 1D 12 02 00 12 FF FF 11 06 0F 00 09 00");
    /* 6 mechanism: none */
    fx_xchg("C0 01 C1 " ALN_CUR " 06 00", "C4 01 C1 00 09 07 60 85 74 05 08 02 00");
    /* 7 secret: never readable */
    fx_xchg("C0 01 C1 " ALN_CUR " 07 00", "C4 01 C1 01 03");
    /* 8 status: associated */
    fx_xchg("C0 01 C1 " ALN_CUR " 08 00", "C4 01 C1 00 16 02");
    /* 9 security setup reference: none */
    fx_xchg("C0 01 C1 " ALN_CUR " 09 00", "C4 01 C1 00 09 06 00 00 00 00 00 00");
    /* 10 user list, 11 current user */
    fx_xchg("C0 01 C1 " ALN_CUR " 0A 00", "C4 01 C1 00 01 00");
    fx_xchg("C0 01 C1 " ALN_CUR " 0B 00", "C4 01 C1 00 02 02 11 00 0A 00");
    /* the reader's association object is invisible to the public client */
    fx_xchg("C0 01 C1 " ALN_RDR " 02 00", "C4 01 C1 01 04");
    /* attributes are read-only; methods other than 2 denied */
    fx_xchg("C1 01 C1 " ALN_CUR " 08 00 16 00", "C5 01 C1 03");
}
END_TEST

/* The reader sees its own configuration's instance: mechanism LLS, its
 * object list (the hidden object included). */
START_TEST(aln_reader_view)
{
    fx_setup(FX_READER);
    fx_send(AARQ_LLS);
    fx_xchg("C0 01 C1 " ALN_RDR " 06 00", "C4 01 C1 00 09 07 60 85 74 05 08 02 01");
    fx_xchg("C0 01 C1 " ALN_CUR " 06 00", "C4 01 C1 00 09 07 60 85 74 05 08 02 01");
    fx_xchg("C0 01 C1 " ALN_RDR " 03 00", "C4 01 C1 00 02 02 0F 11 12 00 01");
    fx_xchg("C0 01 C1 " ALN_RDR " 08 00", "C4 01 C1 00 16 02");
    fx_send("C0 01 C1 " ALN_RDR " 02 00");
    ck_assert_uint_eq(fx_out[3], 0);
    ck_assert_uint_eq(fx_out[4], 0x01);
    ck_assert_uint_eq(fx_out[5], FX_NOBJ); /* every object visible at level 1 */
    /* public view: the hidden object and the reader's association are not there */
    fx_setup(FX_PUBLIC);
    fx_send(AARQ_NOAUTH);
    fx_send("C0 01 C1 " ALN_CUR " 02 00");
    ck_assert_uint_eq(fx_out[5], FX_NOBJ - 2);
}
END_TEST

/* One object-list element: the test class (4 attributes, attribute 2 with
 * selectors 1 and 2; 4 methods) at the public level: read-only attributes,
 * method 1 executable. */
START_TEST(aln_object_list_element)
{
    uint8_t want[128];
    size_t n;
    fx_setup(FX_PUBLIC);
    fx_assoc_pdu(1024);
    fx_send("C0 01 C1 " ALN_CUR " 02 00");
    n = tu_hex("02 04 12 20 00 11 01 09 06 00 80 00 00 00 FF 02 02 "
               "01 04 02 03 0F 01 16 01 00 02 03 0F 02 16 01 01 02 0F 01 0F 02 "
               "02 03 0F 03 16 01 00 02 03 0F 04 16 01 00 "
               "01 04 02 02 0F 01 16 01 02 02 0F 02 16 00 02 02 0F 03 16 00 02 02 0F 04 16 00",
               want, sizeof(want));
    ck_assert_uint_gt(fx_out_len, n);
    bool found = false;
    for (size_t i = 0; i + n <= fx_out_len; ++i) {
        found = found || memcmp(fx_out + i, want, n) == 0;
    }
    ck_assert_msg(found, "element not in %s", tu_hexstr(fx_out, fx_out_len));
}
END_TEST

/* Setting the secret changes the LLS password: the old one then fails, the
 * new one opens the association. */
START_TEST(aln_change_secret)
{
    fx_setup(FX_READER);
    fx_send(AARQ_LLS);
    fx_xchg("C1 01 C1 " ALN_RDR " 07 00 09 08 31 32 33 34 35 36 37 38", "C5 01 C1 00");
    ck_assert_uint_eq(fx_lls.len, 8);
    fx_xchg("C1 01 C1 " ALN_RDR " 07 00 11 08", "C5 01 C1 0C");
    fx_send("62 03 80 01 00");
    fx_send(AARQ_LLS);
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_IDLE);
    ck_assert_uint_eq(fx_out[24], 0x0D);
    fx_send("60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01 "
            "AC 0A 80 08 31 32 33 34 35 36 37 38 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 40 1E 5D "
            "FF FF");
    ck_assert_int_eq(cosem_assoc_state(&fx_a), COSEM_ASSOC_ASSOCIATED);
    /* reply_to_HLS_authentication and change_HLS_secret on an LLS association */
    fx_xchg("C3 01 C1 " ALN_RDR " 01 01 09 00", "C7 01 C1 03 00");
    fx_xchg("C3 01 C1 " ALN_RDR " 02 01 09 00", "C7 01 C1 03 00");
}
END_TEST

START_TEST(sap_assignment)
{
    fx_setup(FX_PUBLIC);
    fx_send(AARQ_NOAUTH);
    fx_xchg("C0 01 C1 00 11 00 00 29 00 00 FF 02 00",
            "C4 01 C1 00 01 01 02 02 12 00 01 09 10 4C 43 4D 30 30 30 30 30 30 30 30 30 30 30 "
            "30 31");
    fx_xchg("C1 01 C1 00 11 00 00 29 00 00 FF 02 00 01 00", "C5 01 C1 03");
}
END_TEST

static Suite *classes_core_suite(void)
{
    Suite *s = suite_create("classes_core");
    TCase *t = tcase_create("core");
    tcase_add_test(t, data_class);
    tcase_add_test(t, aln_attributes);
    tcase_add_test(t, aln_reader_view);
    tcase_add_test(t, aln_object_list_element);
    tcase_add_test(t, aln_change_secret);
    tcase_add_test(t, sap_assignment);
    suite_add_tcase(s, t);
    return s;
}

TU_MAIN(classes_core_suite)
