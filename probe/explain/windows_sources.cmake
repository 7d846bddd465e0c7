# explain sources the MinGW check compiles (paths relative to probe/): the live Windows event
# log reader and the event XML parsing it uses.
list(APPEND PROBE_WINDOWS_SOURCES explain/system_log.cpp explain/event_record.cpp)
