foreach(f trust_store.cpp trust_store_windows.cpp trust_store_macos.cpp console.cpp
          console_windows.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
