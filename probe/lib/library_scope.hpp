// A C library's global state for the life of one object: its init function runs when the
// object is made (ok() says whether it succeeded), its cleanup function when the object goes,
// if init succeeded. lib/curl and lib/cares hand one out (global_scope()); cli::run() holds
// them for the whole process, made first and destroyed last.
#pragma once

namespace probe::lib {

class LibraryScope {
 public:
  LibraryScope(bool (*init)(), void (*cleanup)()) : m_cleanup(cleanup), m_ok(init()) {}
  ~LibraryScope() {
    if (m_ok) m_cleanup();
  }
  LibraryScope(const LibraryScope&) = delete;
  LibraryScope& operator=(const LibraryScope&) = delete;
  LibraryScope(LibraryScope&&) = delete;
  LibraryScope& operator=(LibraryScope&&) = delete;
  [[nodiscard]] bool ok() const noexcept { return m_ok; }

 private:
  void (*m_cleanup)();
  bool m_ok;
};

}  // namespace probe::lib
