foreach(f assert.cpp clock.cpp finding.cpp http.cpp names.cpp report.cpp settings.cpp text.cpp units.cpp
          url.cpp pinset.cpp inspection_product.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
