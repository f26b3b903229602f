#pragma once
// Inlines Vega into the HTML report. Debian's libjs-vega ships Vega as separate UMD modules
// (vega-util.min.js, vega-dataflow.min.js, ...), not as the single vega.min.js bundle, and the
// modules' browser-global fallback overwrites `window.vega` module by module. So the report loads
// them through a ten-line AMD `define` shim that hands each module its dependencies by name, then
// builds `window.vega` the way the upstream bundle does (re-export the modules, register the
// transforms). Only the modules that the report's charts need are inlined (about 450 kB).

#include <filesystem>
#include <string>

namespace sibsim::output::detail {

/// The <script> elements that define `window.vega` (parse, View, ...) from the module files in
/// vega_dir. Throws std::runtime_error naming the missing file and the Debian package libjs-vega.
std::string vega_scripts(const std::filesystem::path& vega_dir);

}  // namespace sibsim::output::detail
