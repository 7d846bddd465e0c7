// Includes config, which tls may not use: must fail with "No such file or directory".
#include "config/pinset.hpp"

int probe_direction_forbidden() { return 0; }
