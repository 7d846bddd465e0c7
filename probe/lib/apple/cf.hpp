// Owned Core Foundation references (macOS): CfPtr<CFArrayRef> releases with CFRelease, through
// the product's one deleter template (lib/cptr.hpp). Used by device (the Secure Enclave probe)
// and platform (the keychain's anchors); built only by Apple toolchains.
#pragma once

#ifdef __APPLE__

#include <CoreFoundation/CoreFoundation.h>

#include <type_traits>

#include "lib/cptr.hpp"

namespace probe::lib::apple {

// A CF "Ref" type is a pointer: CfPtr owns what it points to.
template <class Ref>
using CfPtr = CPtr<std::remove_pointer_t<Ref>, &CFRelease>;

}  // namespace probe::lib::apple

#endif  // __APPLE__
