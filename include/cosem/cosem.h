/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file cosem.h
 * @brief Umbrella header: includes every public header of libcosem.
 *
 * The main page of the documentation is the README; the API is listed under
 * "Modules", one module per layer.
 */
#ifndef COSEM_COSEM_H
#define COSEM_COSEM_H

#include <cosem/config.h>
#include <cosem/status.h>
#include <cosem/datetime.h>
#include <cosem/axdr.h>
#include <cosem/ber.h>
#include <cosem/value.h>
#include <cosem/hdlc.h>
#include <cosem/mode_e.h>
#include <cosem/obis.h>
#include <cosem/port.h>
#include <cosem/security.h>
#include <cosem/wrapper.h>
#include <cosem/apdu.h>
#include <cosem/sn.h>
#include <cosem/object.h>
#include <cosem/server.h>
#include <cosem/classes.h>
#include <cosem/comm.h>
#include <cosem/push.h>
#include <cosem/control.h>
#include <cosem/calendar.h>
#include <cosem/metering.h>
#include <cosem/profile.h>
#include <cosem/client.h>
#include <cosem/version.h>

#endif /* COSEM_COSEM_H */
