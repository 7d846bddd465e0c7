foreach(f defaults.cpp domains.cpp file_source.cpp inspection_products.cpp pinset.cpp
          signatures.cpp yaml_reader.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
