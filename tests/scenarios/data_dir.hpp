#pragma once
#include <string>

namespace sibsim::scenarios::test {
// tests/data in the source tree (set by tests/scenarios/CMakeLists.txt).
inline std::string data_dir() { return SIBSIM_TEST_DATA_DIR; }
}  // namespace sibsim::scenarios::test
