#pragma once
// The output writers' TempFile (public in sibsim/output/temp_file.hpp: the checkpoint uses it too).

#include "sibsim/output/output_files.hpp"
#include "sibsim/output/temp_file.hpp"

namespace sibsim::output::detail {

using output::TempFile;

}  // namespace sibsim::output::detail
