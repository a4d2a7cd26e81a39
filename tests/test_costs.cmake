# Read by ctest after the discovered test lists (tests/CMakeLists.txt adds it to
# TEST_INCLUDE_FILES): the slowest tests, started first (COST, in seconds of the sanitizer build
# on two cores: ctest runs the costliest first, until its own timings of a previous run take
# over), and those that need longer than their binary's default TIMEOUT.

cmake_policy(VERSION 3.20)

# lethe_cost(NAME COST [TIMEOUT]): only for a test that exists in this build.
macro(lethe_cost name cost)
  set(lethe_known ${lethe_unit_tests_TESTS} ${lethe_e2e_tests_TESTS})
  if("${name}" IN_LIST lethe_known)
    if(${ARGC} GREATER 2)
      set_tests_properties("${name}" PROPERTIES COST ${cost} TIMEOUT ${ARGV2})
    else()
      set_tests_properties("${name}" PROPERTIES COST ${cost})
    endif()
  endif()
endmacro()

# Seconds they took in a plain Debug build on a loaded two-core machine, for scale: 53, 16, 4.
lethe_cost("e2e:hostile inputs: a 50 MB field" 150)
lethe_cost("e2e:hostile inputs: a glob matching 100,000 files" 40)
lethe_cost("e2e:hostile inputs: a million columns" 12)
# 18 s there.
lethe_cost("e2e:scan: golden reports of the bundled samples" 30)
