// Includes modules tls may use (core, platform) and tls itself: compiles.
#include "core/finding.hpp"
#include "platform/trust_store.hpp"
#include "tls/public_roots.hpp"

int probe_direction_allowed() { return static_cast<int>(probe::core::Severity::fail); }
