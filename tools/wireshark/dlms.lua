-- SPDX-License-Identifier: Apache-2.0
-- DLMS/COSEM dissector for Wireshark and tshark (Lua, Wireshark 3.x/4.x).
--
-- Links: the wrapper (IEC 62056-47) on TCP and UDP port 4059; HDLC
-- (IEC 62056-46) over TCP (port 4059 when the stream starts with 0x7E, or
-- any TCP port by heuristics) and on serial captures stored with
-- LINKTYPE_USER0 (147). HDLC segments are joined, the APDU decoded from the
-- last one.
-- APDUs: AARQ/AARE/RLRQ/RLRE, GET/SET/ACTION requests and responses in every
-- form, data- and event-notification, exception-response,
-- general-block-transfer; ciphered APDUs show their security header.
-- Filter fields: dlms.service, dlms.choice, dlms.invoke, dlms.class,
-- dlms.obis, dlms.attr, dlms.method, dlms.result, dlms.block, dlms.last,
-- dlms.sc, dlms.ic, dlms.hdlc.*, dlms.wrapper.*, ...
--
-- Use: tshark -X lua_script:dlms.lua -r capture.pcap -Y dlms.obis
-- or copy it to ~/.local/lib/wireshark/plugins/. See docs/wireshark.md.

local dlms = Proto("dlms", "DLMS/COSEM")

local band = (bit32 and bit32.band) or bit.band
local bxor = (bit32 and bit32.bxor) or bit.bxor
local rshift = (bit32 and bit32.rshift) or bit.rshift
local lshift = (bit32 and bit32.lshift) or bit.lshift

-- ---- names ----------------------------------------------------------------

local services = {
    [0x01] = "initiate-request", [0x08] = "initiate-response",
    [0x0E] = "confirmed-service-error", [0x0F] = "data-notification",
    [0x60] = "aarq", [0x61] = "aare", [0x62] = "rlrq", [0x63] = "rlre",
    [0xC0] = "get-request", [0xC1] = "set-request", [0xC2] = "event-notification-request",
    [0xC3] = "action-request", [0xC4] = "get-response", [0xC5] = "set-response",
    [0xC7] = "action-response", [0xD8] = "exception-response",
    [0xE0] = "general-block-transfer",
    [0xD9] = "access-request", [0xDA] = "access-response",
    [0x21] = "glo-initiate-request", [0x28] = "glo-initiate-response",
    [0x22] = "glo-confirmed-service-error",
    [0xC8] = "glo-get-request", [0xC9] = "glo-set-request",
    [0xCA] = "glo-event-notification-request", [0xCB] = "glo-action-request",
    [0xCC] = "glo-get-response", [0xCD] = "glo-set-response", [0xCF] = "glo-action-response",
    [0xD0] = "ded-get-request", [0xD1] = "ded-set-request",
    [0xD2] = "ded-event-notification-request", [0xD3] = "ded-action-request",
    [0xD4] = "ded-get-response", [0xD5] = "ded-set-response", [0xD7] = "ded-action-response",
    [0xDB] = "general-glo-ciphering", [0xDC] = "general-ded-ciphering",
    [0xDD] = "general-ciphering", [0xDF] = "general-signing",
}

local choices = {
    [0xC0] = {"get-request-normal", "get-request-next", "get-request-with-list"},
    [0xC4] = {"get-response-normal", "get-response-with-datablock", "get-response-with-list"},
    [0xC1] = {"set-request-normal", "set-request-with-first-datablock",
              "set-request-with-datablock", "set-request-with-list",
              "set-request-with-list-and-first-datablock"},
    [0xC5] = {"set-response-normal", "set-response-datablock", "set-response-last-datablock",
              "set-response-last-datablock-with-list", "set-response-with-list"},
    [0xC3] = {"action-request-normal", "action-request-next-pblock", "action-request-with-list",
              "action-request-with-first-pblock", "action-request-with-list-and-first-pblock",
              "action-request-with-pblock"},
    [0xC7] = {"action-response-normal", "action-response-with-pblock",
              "action-response-with-list", "action-response-next-pblock"},
}

local dar_names = {
    [0] = "success", [1] = "hardware-fault", [2] = "temporary-failure",
    [3] = "read-write-denied", [4] = "object-undefined", [9] = "object-class-inconsistent",
    [11] = "object-unavailable", [12] = "type-unmatched", [13] = "scope-of-access-violated",
    [14] = "data-block-unavailable", [15] = "long-get-aborted", [16] = "no-long-get-in-progress",
    [17] = "long-set-aborted", [18] = "no-long-set-in-progress",
    [19] = "data-block-number-invalid", [250] = "other-reason",
}

local class_names = {
    [1] = "Data", [3] = "Register", [4] = "Extended register", [5] = "Demand register",
    [7] = "Profile generic", [8] = "Clock", [9] = "Script table", [11] = "Special days table",
    [15] = "Association LN", [17] = "SAP assignment", [18] = "Image transfer",
    [20] = "Activity calendar", [21] = "Register monitor", [22] = "Single action schedule",
    [23] = "IEC HDLC setup", [40] = "Push setup", [41] = "TCP-UDP setup", [42] = "IPv4 setup",
    [64] = "Security setup", [70] = "Disconnect control", [71] = "Limiter",
}

local assoc_results = {[0] = "accepted", [1] = "rejected-permanent", [2] = "rejected-transient"}

local hdlc_links = {[0] = "none", [1] = "wrapper", [2] = "hdlc"}

-- ---- fields -----------------------------------------------------------------

local f = {
    link = ProtoField.uint8("dlms.link", "Link", base.DEC, hdlc_links),
    w_version = ProtoField.uint16("dlms.wrapper.version", "Version"),
    w_src = ProtoField.uint16("dlms.wrapper.src", "Source wPort"),
    w_dst = ProtoField.uint16("dlms.wrapper.dst", "Destination wPort"),
    w_len = ProtoField.uint16("dlms.wrapper.length", "Length"),
    h_format = ProtoField.uint16("dlms.hdlc.format", "Format", base.HEX),
    h_segmented = ProtoField.bool("dlms.hdlc.segmented", "Segmented"),
    h_length = ProtoField.uint16("dlms.hdlc.length", "Frame length"),
    h_dst = ProtoField.string("dlms.hdlc.dst", "Destination address"),
    h_src = ProtoField.string("dlms.hdlc.src", "Source address"),
    h_control = ProtoField.uint8("dlms.hdlc.control", "Control", base.HEX),
    h_type = ProtoField.string("dlms.hdlc.type", "Frame type"),
    h_ns = ProtoField.uint8("dlms.hdlc.ns", "N(S)"),
    h_nr = ProtoField.uint8("dlms.hdlc.nr", "N(R)"),
    h_pf = ProtoField.bool("dlms.hdlc.pf", "Poll/Final"),
    h_hcs = ProtoField.uint16("dlms.hdlc.hcs", "HCS", base.HEX),
    h_hcs_ok = ProtoField.bool("dlms.hdlc.hcs_ok", "HCS correct"),
    h_fcs = ProtoField.uint16("dlms.hdlc.fcs", "FCS", base.HEX),
    h_fcs_ok = ProtoField.bool("dlms.hdlc.fcs_ok", "FCS correct"),
    h_param = ProtoField.bytes("dlms.hdlc.parameters", "Link parameters"),
    h_info = ProtoField.bytes("dlms.hdlc.info", "Information"),
    llc = ProtoField.bytes("dlms.llc", "LLC header"),
    segment = ProtoField.bytes("dlms.segment", "APDU segment"),
    tag = ProtoField.uint8("dlms.tag", "APDU tag", base.HEX, services),
    service = ProtoField.string("dlms.service", "Service"),
    choice = ProtoField.string("dlms.choice", "Choice"),
    invoke = ProtoField.uint8("dlms.invoke", "Invoke-id-and-priority", base.HEX),
    invoke_id = ProtoField.uint32("dlms.invoke_id", "Invoke id"),
    long_invoke = ProtoField.uint32("dlms.long_invoke", "Long-invoke-id-and-priority", base.HEX),
    class = ProtoField.uint16("dlms.class", "Class id", base.DEC, class_names),
    obis = ProtoField.string("dlms.obis", "Logical name (OBIS)"),
    attr = ProtoField.int8("dlms.attr", "Attribute id"),
    method = ProtoField.int8("dlms.method", "Method id"),
    selector = ProtoField.uint8("dlms.selector", "Access selector"),
    result = ProtoField.uint8("dlms.result", "Result", base.DEC, dar_names),
    block = ProtoField.uint32("dlms.block", "Block number"),
    last = ProtoField.bool("dlms.last", "Last block"),
    data = ProtoField.bytes("dlms.data", "Data"),
    raw = ProtoField.bytes("dlms.raw", "Raw data (block)"),
    count = ProtoField.uint32("dlms.count", "Items"),
    context = ProtoField.uint8("dlms.context", "Application context", base.DEC,
        {[1] = "LN", [2] = "SN", [3] = "LN ciphered", [4] = "SN ciphered"}),
    mechanism = ProtoField.uint8("dlms.mechanism", "Mechanism", base.DEC,
        {[0] = "none", [1] = "low (LLS)", [2] = "high", [3] = "high (MD5)", [4] = "high (SHA-1)",
         [5] = "high (GMAC)", [6] = "high (SHA-256)", [7] = "high (ECDSA)"}),
    auth_value = ProtoField.bytes("dlms.auth_value", "Authentication value"),
    assoc_result = ProtoField.uint8("dlms.assoc_result", "Association result", base.DEC,
        assoc_results),
    diagnostic = ProtoField.uint8("dlms.diagnostic", "Diagnostic"),
    reason = ProtoField.uint8("dlms.reason", "Release reason"),
    conformance = ProtoField.uint32("dlms.conformance", "Conformance", base.HEX),
    max_pdu = ProtoField.uint16("dlms.max_pdu", "Max receive PDU size"),
    version = ProtoField.uint8("dlms.dlms_version", "DLMS version"),
    state_error = ProtoField.uint8("dlms.state_error", "State error"),
    service_error = ProtoField.uint8("dlms.service_error", "Service error"),
    ciphered = ProtoField.bool("dlms.ciphered", "Ciphered"),
    system_title = ProtoField.bytes("dlms.system_title", "System title"),
    sc = ProtoField.uint8("dlms.sc", "Security control", base.HEX),
    ic = ProtoField.uint32("dlms.ic", "Invocation counter"),
    ciphertext = ProtoField.bytes("dlms.ciphertext", "Ciphered information"),
    gbt_control = ProtoField.uint8("dlms.gbt.control", "Block control", base.HEX),
    gbt_ack = ProtoField.uint16("dlms.gbt.ack", "Block number acknowledged"),
    datetime = ProtoField.bytes("dlms.datetime", "Date-time"),
}
local fl = {}
for _, v in pairs(f) do fl[#fl + 1] = v end
dlms.fields = fl

local e_check = ProtoExpert.new("dlms.check", "HDLC check sequence wrong", expert.group.CHECKSUM,
    expert.severity.ERROR)
local e_malformed = ProtoExpert.new("dlms.malformed", "Malformed DLMS", expert.group.MALFORMED,
    expert.severity.ERROR)
dlms.experts = {e_check, e_malformed}

-- ---- helpers ----------------------------------------------------------------

-- CRC-16/X-25 of the HDLC HCS and FCS.
local crc_table = {}
for i = 0, 255 do
    local c = i
    for _ = 1, 8 do
        if band(c, 1) ~= 0 then c = bxor(rshift(c, 1), 0x8408) else c = rshift(c, 1) end
    end
    crc_table[i] = c
end
local function fcs16(tvb, off, n)
    local c = 0xFFFF
    for i = off, off + n - 1 do
        c = bxor(rshift(c, 8), crc_table[band(bxor(c, tvb(i, 1):uint()), 0xFF)])
    end
    return bxor(c, 0xFFFF)
end

local function u8(tvb, o) return tvb(o, 1):uint() end

-- An A-XDR length at o: value, octets used.
local function axdr_len(tvb, o)
    local b = u8(tvb, o)
    if b < 0x80 then return b, 1 end
    local n, v = band(b, 0x7F), 0
    for i = 1, n do v = v * 256 + u8(tvb, o + i) end
    return v, n + 1
end

local fixed_sizes = {
    [0] = 0, [3] = 1, [5] = 4, [6] = 4, [13] = 1, [15] = 1, [16] = 2, [17] = 1, [18] = 2,
    [20] = 8, [21] = 8, [22] = 1, [23] = 4, [24] = 8, [25] = 12, [26] = 5, [27] = 4,
}

-- The end of one A-XDR Data value at o (iterative; containers counted).
local function axdr_skip(tvb, o)
    local pending = 1
    while pending > 0 do
        pending = pending - 1
        local t = u8(tvb, o)
        o = o + 1
        if t == 1 or t == 2 then
            local n, w = axdr_len(tvb, o)
            o = o + w
            pending = pending + n
        elseif t == 4 then
            local n, w = axdr_len(tvb, o)
            o = o + w + math.floor((n + 7) / 8)
        elseif t == 9 or t == 10 or t == 12 then
            local n, w = axdr_len(tvb, o)
            o = o + w + n
        elseif fixed_sizes[t] ~= nil then
            o = o + fixed_sizes[t]
        else
            error("unknown A-XDR type " .. t)
        end
    end
    return o
end

local function obis_text(tvb, o)
    return string.format("%d.%d.%d.%d.%d.%d", u8(tvb, o), u8(tvb, o + 1), u8(tvb, o + 2),
        u8(tvb, o + 3), u8(tvb, o + 4), u8(tvb, o + 5))
end

-- A Cosem-Attribute/Method-Descriptor (class 2, logical name 6, id 1).
local function descriptor(tvb, o, tree, method)
    local cls = tvb(o, 2):uint()
    local ln = obis_text(tvb, o + 2)
    local id = tvb(o + 8, 1):int()
    local st = tree:add(tvb(o, 9), string.format("%s %s %s %d (%s)",
        method and "Method" or "Attribute", ln, method and "method" or "attribute", id,
        class_names[cls] or ("class " .. cls)))
    st:add(f.class, tvb(o, 2))
    st:add(f.obis, tvb(o + 2, 6), ln)
    st:add(method and f.method or f.attr, tvb(o + 8, 1))
    return o + 9, ln, id
end

-- A value (Data) at o: shown as bytes; its end.
local function data_value(tvb, o, tree, label)
    local e = axdr_skip(tvb, o)
    local item = tree:add(f.data, tvb(o, e - o))
    if label then item:prepend_text(label .. ": ") end
    return e
end

-- Selective access (optional): flag, selector, parameters.
local function access(tvb, o, tree)
    local flag = u8(tvb, o)
    o = o + 1
    if flag ~= 0 then
        tree:add(f.selector, tvb(o, 1))
        o = data_value(tvb, o + 1, tree, "Access parameters")
    end
    return o
end

local function invoke(tvb, o, tree)
    local inv = u8(tvb, o)
    local it = tree:add(f.invoke, tvb(o, 1))
    it:append_text(string.format(" (id %d, %s, %s priority)", band(inv, 0x0F),
        band(inv, 0x40) ~= 0 and "confirmed" or "unconfirmed",
        band(inv, 0x80) ~= 0 and "high" or "normal"))
    tree:add(f.invoke_id, tvb(o, 1), band(inv, 0x0F))
    return o + 1
end

local function raw_block(tvb, o, tree)
    local n, w = axdr_len(tvb, o)
    tree:add(f.raw, tvb(o + w, n))
    return o + w + n
end

-- last-block, block-number, raw-data: the head of every block of a transfer.
local function last_block_raw(tvb, o, tree)
    tree:add(f.last, tvb(o, 1))
    tree:add(f.block, tvb(o + 1, 4))
    return raw_block(tvb, o + 5, tree)
end

-- The descriptors (with selective access) of a with-list request.
local function descriptor_list(tvb, o, t, method, with_access)
    local n, w = axdr_len(tvb, o)
    t:add(f.count, tvb(o, w), n)
    o = o + w
    for _ = 1, n do
        o = descriptor(tvb, o, t, method)
        if with_access then o = access(tvb, o, t) end
    end
    return o
end

-- A counted list of values.
local function value_list(tvb, o, t, label)
    local n, w = axdr_len(tvb, o)
    o = o + w
    for _ = 1, n do o = data_value(tvb, o, t, label) end
    return o
end

local function dar(tvb, o, tree)
    tree:add(f.result, tvb(o, 1))
    return o + 1, u8(tvb, o)
end

-- Get-Data-Result: 0 data | 1 data-access-result.
local function get_data_result(tvb, o, tree)
    local c = u8(tvb, o)
    if c == 0 then
        tree:add(f.result, tvb(o, 1), 0)
        return data_value(tvb, o + 1, tree, "Value")
    end
    local e = dar(tvb, o + 1, tree)
    return e
end

-- ---- xDLMS services -----------------------------------------------------------

local svc = {}

svc[0xC0] = function(tvb, o, t, c)
    o = invoke(tvb, o, t)
    if c == 1 then
        o = descriptor(tvb, o, t, false)
        o = access(tvb, o, t)
    elseif c == 2 then
        t:add(f.block, tvb(o, 4)); o = o + 4
    elseif c == 3 then
        o = descriptor_list(tvb, o, t, false, true)
    end
    return o
end

svc[0xC4] = function(tvb, o, t, c)
    o = invoke(tvb, o, t)
    if c == 1 then
        o = get_data_result(tvb, o, t)
    elseif c == 2 then
        t:add(f.last, tvb(o, 1)); t:add(f.block, tvb(o + 1, 4))
        local r = u8(tvb, o + 5)
        if r == 0 then
            t:add(f.result, tvb(o + 5, 1), 0)
            o = raw_block(tvb, o + 6, t)
        else
            o = dar(tvb, o + 6, t)
        end
    elseif c == 3 then
        local n, w = axdr_len(tvb, o)
        t:add(f.count, tvb(o, w), n); o = o + w
        for _ = 1, n do o = get_data_result(tvb, o, t) end
    end
    return o
end

svc[0xC1] = function(tvb, o, t, c)
    o = invoke(tvb, o, t)
    if c == 1 then
        o = descriptor(tvb, o, t, false)
        o = access(tvb, o, t)
        o = data_value(tvb, o, t, "Value")
    elseif c == 2 then
        o = descriptor(tvb, o, t, false)
        o = access(tvb, o, t)
        o = last_block_raw(tvb, o, t)
    elseif c == 3 then
        o = last_block_raw(tvb, o, t)
    elseif c == 4 or c == 5 then
        o = descriptor_list(tvb, o, t, false, true)
        if c == 4 then
            o = value_list(tvb, o, t, "Value")
        else
            o = last_block_raw(tvb, o, t)
        end
    end
    return o
end

svc[0xC5] = function(tvb, o, t, c)
    o = invoke(tvb, o, t)
    if c == 1 then
        o = dar(tvb, o, t)
    elseif c == 2 then
        t:add(f.block, tvb(o, 4)); o = o + 4
    elseif c == 3 then
        o = dar(tvb, o, t)
        t:add(f.block, tvb(o, 4)); o = o + 4
    elseif c == 4 or c == 5 then
        local n, w = axdr_len(tvb, o)
        o = o + w
        for _ = 1, n do o = dar(tvb, o, t) end
        if c == 4 then t:add(f.block, tvb(o, 4)); o = o + 4 end
    end
    return o
end

svc[0xC3] = function(tvb, o, t, c)
    o = invoke(tvb, o, t)
    if c == 1 then
        o = descriptor(tvb, o, t, true)
        local flag = u8(tvb, o); o = o + 1
        if flag ~= 0 then o = data_value(tvb, o, t, "Parameters") end
    elseif c == 2 then
        t:add(f.block, tvb(o, 4)); o = o + 4
    elseif c == 3 or c == 5 then
        o = descriptor_list(tvb, o, t, true, false)
        if c == 3 then
            o = value_list(tvb, o, t, "Parameters")
        else
            o = last_block_raw(tvb, o, t)
        end
    elseif c == 4 then
        o = descriptor(tvb, o, t, true)
        o = last_block_raw(tvb, o, t)
    elseif c == 6 then
        o = last_block_raw(tvb, o, t)
    end
    return o
end

-- Action-Response-With-Optional-Data: result, optional Get-Data-Result.
local function action_result(tvb, o, t)
    o = dar(tvb, o, t)
    local flag = u8(tvb, o); o = o + 1
    if flag ~= 0 then o = get_data_result(tvb, o, t) end
    return o
end

svc[0xC7] = function(tvb, o, t, c)
    o = invoke(tvb, o, t)
    if c == 1 then
        o = action_result(tvb, o, t)
    elseif c == 2 then
        o = last_block_raw(tvb, o, t)
    elseif c == 3 then
        local n, w = axdr_len(tvb, o)
        t:add(f.count, tvb(o, w), n); o = o + w
        for _ = 1, n do o = action_result(tvb, o, t) end
    elseif c == 4 then
        t:add(f.block, tvb(o, 4)); o = o + 4
    end
    return o
end

-- Services without a CHOICE after the tag.
local plain = {}

plain[0xD8] = function(tvb, o, t)
    t:add(f.state_error, tvb(o, 1))
    t:add(f.service_error, tvb(o + 1, 1))
    return o + 2 + (u8(tvb, o + 1) == 6 and tvb:len() > o + 2 and 4 or 0)
end

plain[0x0F] = function(tvb, o, t)
    local inv = tvb(o, 4):uint()
    local it = t:add(f.long_invoke, tvb(o, 4))
    it:append_text(string.format(" (id %d, %s, %s priority)", band(inv, 0xFFFFFF),
        band(rshift(inv, 30), 1) ~= 0 and "confirmed" or "unconfirmed",
        band(rshift(inv, 31), 1) ~= 0 and "high" or "normal"))
    t:add(f.invoke_id, tvb(o, 4), band(inv, 0xFFFFFF))
    o = o + 4
    local n, w = axdr_len(tvb, o)
    if n > 0 then t:add(f.datetime, tvb(o + w, n)) end
    o = o + w + n
    return data_value(tvb, o, t, "Notification body")
end

plain[0xC2] = function(tvb, o, t)
    local flag = u8(tvb, o); o = o + 1
    if flag ~= 0 then
        local n, w = axdr_len(tvb, o)
        t:add(f.datetime, tvb(o + w, n)); o = o + w + n
    end
    o = descriptor(tvb, o, t, false)
    return data_value(tvb, o, t, "Attribute value")
end

plain[0xE0] = function(tvb, o, t)
    local ctl = u8(tvb, o)
    local it = t:add(f.gbt_control, tvb(o, 1))
    it:append_text(string.format(" (last %s, streaming %s, window %d)",
        band(ctl, 0x80) ~= 0 and "yes" or "no", band(ctl, 0x40) ~= 0 and "yes" or "no",
        band(ctl, 0x3F)))
    t:add(f.last, tvb(o, 1), band(ctl, 0x80) ~= 0)
    t:add(f.block, tvb(o + 1, 2))
    t:add(f.gbt_ack, tvb(o + 3, 2))
    return raw_block(tvb, o + 5, t)
end

-- long-invoke-id-and-priority (4) and date-time (octet string) of ACCESS.
local function access_head(tvb, o, t)
    t:add(tvb(o, 4), string.format("Long invoke id and priority: 0x%08X", tvb(o, 4):uint()))
    o = o + 4
    local n, w = axdr_len(tvb, o)
    if n > 0 then t:add(f.datetime, tvb(o + w, n)) end
    return o + w + n
end

-- The counted ACCESS items: kind, descriptor, selection for kinds 4/5.
local function access_items(tvb, o, t)
    local n, w = axdr_len(tvb, o)
    t:add(f.count, tvb(o, w), n)
    o = o + w
    for _ = 1, n do
        local kind = u8(tvb, o)
        o = descriptor(tvb, o + 1, t, kind == 3)
        if kind == 4 or kind == 5 then o = access(tvb, o, t) end
    end
    return o
end

-- access-request: the items, then one Data each.
plain[0xD9] = function(tvb, o, t)
    o = access_items(tvb, access_head(tvb, o, t), t)
    return value_list(tvb, o, t, "Data")
end

-- access-response: optional request specification, the Data, (kind, result) pairs.
plain[0xDA] = function(tvb, o, t)
    o = access_head(tvb, o, t)
    if u8(tvb, o) ~= 0 then
        o = access_items(tvb, o + 1, t)
    else
        o = o + 1
    end
    o = value_list(tvb, o, t, "Data")
    local n, w = axdr_len(tvb, o)
    o = o + w
    for _ = 1, n do o = dar(tvb, o + 1, t) end
    return o
end

-- InitiateRequest / InitiateResponse inside user-information.
local function initiate(tvb, o, e, t)
    local tag = u8(tvb, o)
    local st = t:add(tvb(o, e - o), services[tag] or "xDLMS")
    if tag == 0x01 then -- dedicated-key, response-allowed, quality, version, conformance, max pdu
        o = o + 1
        if u8(tvb, o) ~= 0 then local n = u8(tvb, o + 1); o = o + 2 + n else o = o + 1 end
        if u8(tvb, o) ~= 0 then o = o + 2 else o = o + 1 end
        if u8(tvb, o) ~= 0 then o = o + 2 else o = o + 1 end
        st:add(f.version, tvb(o, 1))
        st:add(f.conformance, tvb(o + 4, 3))
        st:add(f.max_pdu, tvb(o + 7, 2))
    elseif tag == 0x08 then -- quality, version, conformance, max pdu, vaa-name
        o = o + 1
        if u8(tvb, o) ~= 0 then o = o + 2 else o = o + 1 end
        st:add(f.version, tvb(o, 1))
        st:add(f.conformance, tvb(o + 4, 3))
        st:add(f.max_pdu, tvb(o + 7, 2))
    elseif tag == 0x0E then
        st:add(tvb(o + 1, e - o - 1), "confirmedServiceError")
    elseif services[tag] ~= nil then
        st:add(f.ciphered, tvb(o, 1), true)
    end
end

-- ACSE APDUs (BER): the fields of AARQ, AARE, RLRQ, RLRE.
local function acse(tvb, o, e, t)
    while o + 2 <= e do
        local tag, len = u8(tvb, o), u8(tvb, o + 1)
        local v = o + 2
        if v + len > e then error("ACSE element too long") end
        if tag == 0xA1 and len >= 9 then
            t:add(f.context, tvb(v + len - 1, 1))
        elseif (tag == 0x8B or tag == 0xAB) and len >= 7 then
            t:add(f.mechanism, tvb(v + len - 1, 1))
        elseif tag == 0xAC and len >= 2 then
            t:add(f.auth_value, tvb(v + 2, len - 2))
        elseif tag == 0xA2 and len >= 3 then
            t:add(f.assoc_result, tvb(v + 2, 1))
        elseif tag == 0xA3 and len >= 5 then
            t:add(f.diagnostic, tvb(v + 4, 1))
        elseif tag == 0x80 and len == 1 then
            t:add(f.reason, tvb(v, 1))
        elseif tag == 0xBE and len >= 2 and u8(tvb, v) == 0x04 then
            local n = u8(tvb, v + 1)
            initiate(tvb, v + 2, v + 2 + n, t)
        end
        o = v + len
    end
end

-- Ciphered APDUs: the security header is shown, the content is not.
local function ciphered(tvb, o, e, t, tag)
    t:add(f.ciphered, tvb(o - 1, 1), true)
    if tag == 0xDB or tag == 0xDC then
        local n, w = axdr_len(tvb, o)
        t:add(f.system_title, tvb(o + w, n))
        o = o + w + n
    end
    local n, w = axdr_len(tvb, o)
    o = o + w
    t:add(f.sc, tvb(o, 1))
    t:add(f.ic, tvb(o + 1, 4))
    if n > 5 then t:add(f.ciphertext, tvb(o + 5, n - 5)) end
    return o + n
end

-- One whole APDU.
local function apdu(tvb, pinfo, tree)
    local n = tvb:len()
    if n == 0 then return end
    local tag = u8(tvb, 0)
    local name = services[tag] or string.format("unknown APDU 0x%02X", tag)
    local t = tree:add(dlms, tvb(), "APDU: " .. name)
    t:add(f.tag, tvb(0, 1))
    t:add(f.service, tvb(0, 1), name)
    local ok, err = pcall(function()
        if tag >= 0x60 and tag <= 0x63 then
            local len, w = axdr_len(tvb, 1)
            acse(tvb, 1 + w, math.min(n, 1 + w + len), t)
        elseif svc[tag] ~= nil then
            local c = u8(tvb, 1)
            local cn = choices[tag][c] or ("choice " .. c)
            t:add(f.choice, tvb(1, 1), cn)
            t:append_text(", " .. cn)
            svc[tag](tvb, 2, t, c)
            name = cn
        elseif plain[tag] ~= nil then
            plain[tag](tvb, 1, t)
        elseif tag == 0x01 or tag == 0x08 or tag == 0x0E then
            initiate(tvb, 0, n, t)
        elseif services[tag] ~= nil then
            ciphered(tvb, 1, n, t, tag)
        end
    end)
    if not ok then
        t:add_proto_expert_info(e_malformed, "APDU does not decode: " .. tostring(err))
    end
    pinfo.cols.info:append((tostring(pinfo.cols.info) ~= "" and ", " or "") .. name)
end

-- ---- HDLC -------------------------------------------------------------------

-- Frame type of a control octet.
local function control_text(c)
    if band(c, 1) == 0 then
        return "I", true
    end
    local s = band(c, 0x0F)
    if band(c, 3) == 1 then
        return ({[1] = "RR", [5] = "RNR", [9] = "REJ", [13] = "SREJ"})[s] or "S", false
    end
    local u = band(c, 0xEF)
    return ({[0x83] = "SNRM", [0x43] = "DISC", [0x63] = "UA", [0x0F] = "DM", [0x87] = "FRMR",
             [0x03] = "UI"})[u] or "U", false
end

-- Address field length at o (extension bit), and its text.
local function hdlc_addr(tvb, o, max)
    local n = 0
    while n < 4 and n < max do
        n = n + 1
        if band(u8(tvb, o + n - 1), 1) == 1 then break end
    end
    local v = {}
    for i = 0, n - 1 do v[#v + 1] = rshift(u8(tvb, o + i), 1) end
    local text
    if n == 1 then
        text = tostring(v[1])
    elseif n == 2 then
        text = string.format("upper %d, lower %d", v[1], v[2])
    else
        text = string.format("upper %d, lower %d", v[1] * 128 + (v[2] or 0),
            (v[3] or 0) * 128 + (v[4] or 0))
    end
    return n, text
end

-- Segments of APDUs split over HDLC frames, per conversation and direction.
local pending = {}   -- key -> ByteArray being built
local joined = {}    -- frame number -> list of ByteArrays (whole APDUs)

local function seg_key(pinfo)
    return tostring(pinfo.src) .. ":" .. tostring(pinfo.src_port) .. ">" ..
        tostring(pinfo.dst) .. ":" .. tostring(pinfo.dst_port)
end

-- The information field of an I/UI frame: LLC, then the APDU or a segment.
local function hdlc_info(tvb, pinfo, tree, segmented, fidx)
    local o = 0
    local key = seg_key(pinfo)
    if not pinfo.visited then
        local prev = pending[key]
        if prev == nil and tvb:len() >= 3 and u8(tvb, 0) == 0xE6 and
            (u8(tvb, 1) == 0xE6 or u8(tvb, 1) == 0xE7) and u8(tvb, 2) == 0 then
            o = 3
        end
        local ba = prev or ByteArray.new()
        if o < tvb:len() then ba = ba .. tvb(o):bytes() end
        if segmented then
            pending[key] = ba
        else
            pending[key] = nil
            local list = joined[pinfo.number] or {}
            list[fidx] = {ba, prev ~= nil, o}
            joined[pinfo.number] = list
        end
    end
    local entry = joined[pinfo.number] and joined[pinfo.number][fidx]
    if entry == nil then
        if tvb:len() >= 3 and u8(tvb, 0) == 0xE6 then tree:add(f.llc, tvb(0, 3)) end
        tree:add(f.segment, tvb())
        pinfo.cols.info:append((tostring(pinfo.cols.info) ~= "" and ", " or "") .. "APDU segment")
        return
    end
    if entry[3] > 0 then tree:add(f.llc, tvb(0, entry[3])) end
    if entry[2] then
        local whole = entry[1]:tvb("Reassembled APDU")
        apdu(whole, pinfo, tree)
    else
        apdu(tvb(entry[3]):tvb(), pinfo, tree)
    end
end

-- One HDLC frame at tvb (flags included when present).
local function hdlc_frame(tvb, pinfo, tree, fidx)
    local o = u8(tvb, 0) == 0x7E and 1 or 0
    local fmt = tvb(o, 2):uint()
    local len = band(fmt, 0x7FF)
    local t = tree:add(dlms, tvb(), "HDLC frame")
    t:add(f.link, tvb(o, 1), 2)
    t:add(f.h_format, tvb(o, 2))
    t:add(f.h_segmented, tvb(o, 1), band(fmt, 0x0800) ~= 0)
    t:add(f.h_length, tvb(o, 2), len)
    if len + o > tvb:len() or len < 5 then
        t:add_proto_expert_info(e_malformed, "frame shorter than its length")
        return
    end
    local dn, dtext = hdlc_addr(tvb, o + 2, len - 2)
    t:add(f.h_dst, tvb(o + 2, dn), dtext)
    local sn, stext = hdlc_addr(tvb, o + 2 + dn, len - 2 - dn)
    t:add(f.h_src, tvb(o + 2 + dn, sn), stext)
    local co = o + 2 + dn + sn
    local c = u8(tvb, co)
    local kind, is_i = control_text(c)
    t:add(f.h_control, tvb(co, 1))
    t:add(f.h_type, tvb(co, 1), kind)
    if is_i then t:add(f.h_ns, tvb(co, 1), band(rshift(c, 1), 7)) end
    if is_i or band(c, 3) == 1 then t:add(f.h_nr, tvb(co, 1), rshift(c, 5)) end
    t:add(f.h_pf, tvb(co, 1), band(c, 0x10) ~= 0)
    t:append_text(string.format(", %s, %s -> %s", kind, stext, dtext))
    local info_off = co + 1
    local info_len = o + len - 2 - info_off
    if info_len > 0 then
        local hcs = tvb(co + 1, 2):le_uint()
        local want = fcs16(tvb, o, co + 1 - o)
        local it = t:add_le(f.h_hcs, tvb(co + 1, 2))
        t:add(f.h_hcs_ok, tvb(co + 1, 2), hcs == want)
        if hcs ~= want then
            it:append_text(string.format(" (wrong, expected 0x%04X)", want))
            it:add_proto_expert_info(e_check)
        end
        info_off = co + 3
        info_len = info_len - 2
    end
    local fcs = tvb(o + len - 2, 2):le_uint()
    local want = fcs16(tvb, o, len - 2)
    local it = t:add_le(f.h_fcs, tvb(o + len - 2, 2))
    t:add(f.h_fcs_ok, tvb(o + len - 2, 2), fcs == want)
    if fcs ~= want then
        it:append_text(string.format(" (wrong, expected 0x%04X)", want))
        it:add_proto_expert_info(e_check)
    end
    if info_len <= 0 then
        pinfo.cols.info:append((tostring(pinfo.cols.info) ~= "" and ", " or "") .. kind)
        return
    end
    local info = tvb(info_off, info_len)
    if kind == "SNRM" or kind == "UA" then
        t:add(f.h_param, info)
        pinfo.cols.info:append((tostring(pinfo.cols.info) ~= "" and ", " or "") .. kind)
    elseif kind == "I" or kind == "UI" then
        hdlc_info(info:tvb(), pinfo, t, band(fmt, 0x0800) ~= 0, fidx)
    else
        t:add(f.h_info, info)
        pinfo.cols.info:append((tostring(pinfo.cols.info) ~= "" and ", " or "") .. kind)
    end
end

-- ---- wrapper ----------------------------------------------------------------

local function wrapper_frame(tvb, pinfo, tree)
    local t = tree:add(dlms, tvb(0, 8), "Wrapper")
    t:add(f.link, tvb(0, 1), 1)
    t:add(f.w_version, tvb(0, 2))
    t:add(f.w_src, tvb(2, 2))
    t:add(f.w_dst, tvb(4, 2))
    t:add(f.w_len, tvb(6, 2))
    t:append_text(string.format(", %d -> %d, %d octets", tvb(2, 2):uint(), tvb(4, 2):uint(),
        tvb(6, 2):uint()))
    if tvb:len() > 8 then apdu(tvb(8):tvb(), pinfo, tree) end
end

-- ---- streams and datagrams --------------------------------------------------

-- The length of the unit (HDLC frame or wrapper frame) at o, nil when it
-- cannot be told yet (more octets needed), false when the octets are none.
local function unit_len(tvb, o, rem)
    local b0 = u8(tvb, o)
    if b0 == 0x7E then
        if rem < 3 then return nil end
        local b1 = u8(tvb, o + 1)
        if b1 == 0x7E then return 1, "flag" end
        if band(b1, 0xF0) ~= 0xA0 then return false end
        return lshift(band(b1, 7), 8) + u8(tvb, o + 2) + 2, "hdlc"
    elseif band(b0, 0xF0) == 0xA0 then -- opening flag shared with the previous frame
        if rem < 2 then return nil end
        return lshift(band(b0, 7), 8) + u8(tvb, o + 1) + 1, "hdlc"
    elseif b0 == 0 then
        if rem < 8 then return nil end
        if u8(tvb, o + 1) ~= 1 then return false end
        return 8 + tvb(o + 6, 2):uint(), "wrapper"
    end
    return false
end

-- The length of an IEC 62056-21 mode E line at o (sign-on "/?", identification
-- "/XXX", acknowledgement ACK; parity bits ignored) up to its LF; nil if none.
local function mode_e_len(tvb, o, rem)
    local b0 = band(u8(tvb, o), 0x7F)
    if rem < 3 or (b0 ~= 0x2F and u8(tvb, o) ~= 0x06) then return nil end
    local b1 = band(u8(tvb, o + 1), 0x7F)
    if b0 == 0x2F and not (b1 == 0x3F or (b1 >= 0x41 and b1 <= 0x5A) or (b1 >= 0x61 and b1 <= 0x7A)) then
        return nil
    end
    for k = 3, math.min(rem, 40) do
        if band(u8(tvb, o + k - 1), 0x7F) == 0x0A then return k end
    end
    return nil
end

-- An IEC 62056-21 mode E line, parity bits stripped.
local function mode_e_line(tvb, pinfo, tree)
    local chars = {}
    for k = 0, tvb:len() - 1 do
        local c = band(u8(tvb, k), 0x7F)
        if c == 0x06 then chars[#chars + 1] = "ACK "
        elseif c >= 0x20 and c < 0x7F then chars[#chars + 1] = string.char(c) end
    end
    local text = table.concat(chars)
    tree:add(dlms, tvb(), "IEC 62056-21 mode E: " .. text)
    pinfo.cols.info:append("Mode E " .. text .. " ")
end

function dlms.dissector(tvb, pinfo, tree)
    local len = tvb:len()
    local o, fidx = 0, 0
    pinfo.cols.protocol = "DLMS"
    pinfo.cols.info = ""
    while o < len do
        local rem = len - o
        local n, kind = mode_e_len(tvb, o, rem), "mode_e"
        if not n then n, kind = unit_len(tvb, o, rem) end
        if n == nil or (n and n > rem) then
            if pinfo.can_desegment > 0 then
                pinfo.desegment_offset = o
                pinfo.desegment_len = n and (n - rem) or DESEGMENT_ONE_MORE_SEGMENT
                return len
            end
            tree:add(dlms, tvb(o), "DLMS (incomplete)")
            return len
        end
        if n == false then
            local t = tree:add(dlms, tvb(o), "DLMS: unrecognised octets")
            t:add_proto_expert_info(e_malformed)
            return len
        end
        if kind == "hdlc" then
            fidx = fidx + 1
            hdlc_frame(tvb(o, n):tvb(), pinfo, tree, fidx)
        elseif kind == "wrapper" then
            wrapper_frame(tvb(o, n):tvb(), pinfo, tree)
        elseif kind == "mode_e" then
            mode_e_line(tvb(o, n):tvb(), pinfo, tree)
        end
        o = o + n
    end
    return len
end

-- Heuristic for HDLC over TCP on other ports: a whole type-3 frame first.
local function heuristic(tvb, pinfo, tree)
    if tvb:len() < 9 or u8(tvb, 0) ~= 0x7E or band(u8(tvb, 1), 0xF0) ~= 0xA0 then
        return false
    end
    local n = lshift(band(u8(tvb, 1), 7), 8) + u8(tvb, 2) + 2
    if n > tvb:len() or u8(tvb, n - 1) ~= 0x7E then return false end
    if fcs16(tvb, 1, n - 4) ~= tvb(n - 3, 2):le_uint() then return false end
    dlms.dissector(tvb, pinfo, tree)
    return true
end

DissectorTable.get("tcp.port"):add(4059, dlms)
DissectorTable.get("udp.port"):add(4059, dlms)
dlms:register_heuristic("tcp", heuristic)
pcall(function()
    local enc = wtap_encaps or wtap
    DissectorTable.get("wtap_encap"):add(enc.USER0, dlms)
end)
