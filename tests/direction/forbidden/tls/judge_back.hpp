// A tls header that includes config: the direction check must reject it (tests/CMakeLists.txt
// "build-direction: a forbidden include is rejected").
#pragma once

#include "config/pinset.hpp"
#include "core/pinset.hpp"
