// Parsing of human units on the command line: durations ("5s", "250ms", "2m") and sizes
// ("10MiB", "512k", "1000").
#pragma once

#include <cstdint>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace probe::core {

// "250ms", "5s", "1.5s", "2m", "1h"; a bare number is seconds. Fails (usage) with a message
// naming the text when the unit is unknown, the number is malformed, negative or zero.
Result<Millis> parse_duration(std::string_view text);

// "10MiB", "10M", "512KiB", "512k", "1GiB", "4096" (bytes); binary multiples. Fails (usage).
Result<std::uint64_t> parse_size(std::string_view text);

}  // namespace probe::core
