// A fixed, realistic RunReport for the renderer tests and golden files: passing targets,
// an intercepted chain with Zscaler evidence, a DNS sinkhole, a proxy 407, a revocation URL
// blocked by a proxy (Via), skipped {org} hosts, and a certificate CN holding control
// characters and <script>.
#pragma once

#include "core/report.hpp"

namespace probe::report::testing {

core::RunReport sample_report();

}  // namespace probe::report::testing
