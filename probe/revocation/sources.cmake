foreach(f urls.cpp classify.cpp crl.cpp ocsp.cpp check.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
