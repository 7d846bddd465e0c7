// Parsing one DNS answer packet (the bytes a resolver sent back for an A or AAAA query) into
// addresses and the CNAME chain followed. Pure: no socket, no channel; c-ares does the parsing
// (ares_parse_a_reply / ares_parse_aaaa_reply) and its status stays internal to resolve/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/outcome.hpp"

namespace probe::resolve {

inline constexpr int k_type_a = 1;
inline constexpr int k_type_aaaa = 28;  // RFC 3596

// At most this many addresses are taken from one answer.
inline constexpr int k_max_answer_addresses = 64;

struct ParsedAnswer {
  int status = 0;  // the c-ares status: ARES_SUCCESS, ARES_ENODATA, ARES_EBADRESP, ...
  std::vector<core::DnsAddress> addresses;  // in answer order, at most k_max_answer_addresses
  // The owner names of the CNAME records followed, then the name they led to, as c-ares
  // writes them (unprintable bytes as \DDD); each cut to 255 bytes plus "..." (core::bound).
  // Empty when the answer followed no CNAME.
  std::vector<std::string> cname_chain;
};

// Parses `packet` as the answer to a query of `type` (k_type_a, anything else is AAAA).
// Never fails: a malformed packet is a status other than ARES_SUCCESS and no address.
ParsedAnswer parse_answer(int type, std::string_view packet);

}  // namespace probe::resolve
