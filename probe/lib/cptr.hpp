// Owned pointers over C libraries: a unique_ptr whose stateless deleter calls the library's
// own free function. The one deleter template of the product (lib/openssl, lib/curl,
// lib/apple, connect, resolve, route, explain use it).
#pragma once

#include <memory>

namespace probe::lib {

template <auto FreeFn>
struct FreeWith {
  template <class T>
  void operator()(T* p) const noexcept {
    FreeFn(p);
  }
};

// CPtr<CURLU, &curl_url_cleanup>: owns a CURLU* and frees it with curl_url_cleanup.
template <class T, auto FreeFn>
using CPtr = std::unique_ptr<T, FreeWith<FreeFn>>;

}  // namespace probe::lib
