# Shared integration helpers: the in-process fault server (faults real servers cannot make).
add_executable(pinprobe_fault_server ${CMAKE_CURRENT_LIST_DIR}/fault_server.cpp)
target_link_libraries(pinprobe_fault_server PRIVATE probe_warnings)
