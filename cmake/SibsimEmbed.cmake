# sibsim_embed_files(<out.cpp> <namespace> <comment> <name>=<path>...): a build step that writes
# <out.cpp> holding each file as `extern const std::string_view <name>` in <namespace>
# (cmake/embed_files.cmake), remade when any of the files changes. Data files (report words, chart
# specs, the studio's page) ship inside the binary this way; declare the names in a header.
function(sibsim_embed_files out namespace comment)
  set(files "")
  foreach(pair IN LISTS ARGN)
    string(REPLACE "=" ";" parts "${pair}")
    list(GET parts 1 path)
    list(APPEND files ${path})
  endforeach()
  list(JOIN ARGN "\\;" inputs)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${namespace} "-DINPUTS=${inputs}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "${comment}")
endfunction()
