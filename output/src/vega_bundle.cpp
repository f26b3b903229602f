#include "vega_bundle.hpp"

#include <fmt/core.h>

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

struct VegaModule {
  const char* name;  ///< AMD module name the other modules require
  const char* file;  ///< file in /usr/share/javascript/vega
};

// Dependency order (each module after everything it requires; see the define([...]) list at the
// top of each file). Not inlined: geo/projection (need d3-geo-projection, not in the package),
// voronoi (needs d3-delaunay), force, hierarchy, label, regression, wordcloud, crossfilter.
constexpr std::array<VegaModule, 19> kModules{{
    {"vega-util", "vega-util.min.js"},
    {"vega-time", "vega-time.min.js"},
    {"vega-format", "vega-format.min.js"},
    {"vega-loader", "vega-loader.min.js"},
    {"vega-dataflow", "vega-dataflow.min.js"},
    {"vega-statistics", "vega-statistics.min.js"},
    {"vega-scale", "vega-scale.min.js"},
    {"vega-canvas", "vega-canvas.min.js"},
    {"vega-scenegraph", "vega-scenegraph.min.js"},
    {"vega-expression", "vega-expression.min.js"},
    {"vega-event-selector", "vega-event-selector.min.js"},
    {"vega-selections", "vega-selection.min.js"},
    {"vega-functions", "vega-functions.min.js"},
    {"vega-runtime", "vega-runtime.min.js"},
    {"vega-view", "vega-view.min.js"},
    {"vega-parser", "vega-parser.min.js"},
    {"vega-encode", "vega-encode.min.js"},
    {"vega-transforms", "vega-transforms.min.js"},
    {"vega-view-transforms", "vega-view-transforms.min.js"},
}};

// The AMD shim: define(deps, factory) for anonymous modules; the name of the module being defined
// is announced before each file by __sibsimVegaModule(name).
constexpr std::string_view kShim = R"JS(<script>
(function () {
  var modules = {}, current = null;
  window.define = function (deps, factory) {
    var exports = {};
    factory.apply(null, deps.map(function (d) {
      if (d === 'exports') return exports;
      if (!(d in modules)) throw new Error('sibsim report: Vega module ' + d + ' is missing (needed by ' + current + ')');
      return modules[d];
    }));
    modules[current] = exports;
  };
  window.define.amd = true;
  window.__sibsimVegaModule = function (name) { current = name; };
  window.__sibsimVegaModules = modules;
})();
</script>
)JS";

// What the upstream `vega` bundle's index does: re-export the modules and register the transforms
// of vega-transforms, vega-view-transforms and vega-encode in vega-dataflow's registry.
constexpr std::string_view kGlue = R"JS(<script>
(function () {
  var m = window.__sibsimVegaModules;
  delete window.define;
  delete window.__sibsimVegaModule;
  delete window.__sibsimVegaModules;
  m['vega-util'].extend(m['vega-dataflow'].transforms, m['vega-transforms'], m['vega-view-transforms'],
                        m['vega-encode']);
  window.vega = Object.assign({}, m['vega-statistics'], m['vega-time'], m['vega-util'], m['vega-loader'],
                              m['vega-scenegraph'], m['vega-dataflow'], m['vega-scale'], m['vega-format'],
                              m['vega-expression'], m['vega-functions'], m['vega-runtime'], m['vega-view'],
                              m['vega-parser']);
})();
</script>
)JS";

std::string read_module(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw std::runtime_error(
        fmt::format("the Vega JavaScript library is missing: '{}' does not exist; install the Debian package "
                    "libjs-vega (scripts/install-deps.sh does)",
                    path.string()));
  }
  // Only a regular file is read: a FIFO would block the report for ever.
  if (!std::filesystem::is_regular_file(status)) {
    throw std::runtime_error(
        fmt::format("the Vega module '{}' is not a regular file; reinstall the Debian package libjs-vega",
                    path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw std::runtime_error(fmt::format("cannot read the Vega module '{}'", path.string()));
  std::string code = text.str();
  // Drop the source-map comment: the report is a single file and must not point anywhere.
  const auto map = code.rfind("//# sourceMappingURL=");
  if (map != std::string::npos) code.erase(map, code.find('\n', map) - map);
  return script_safe(code);
}

}  // namespace

std::string vega_scripts(const std::filesystem::path& vega_dir) {
  std::string out = fmt::format(
      "<!-- Vega 5 (BSD-3-Clause licence, copyright the University of Washington Interactive Data Lab), "
      "inlined from the Debian package libjs-vega ({}) -->\n",
      html_escape(vega_dir.string()));
  out += kShim;
  for (const auto& m : kModules) {
    const std::string code = read_module(vega_dir / m.file);
    out += fmt::format("<script>__sibsimVegaModule('{}');</script>\n<script>\n", m.name);
    out += code;
    out += "\n</script>\n";
  }
  out += kGlue;
  return out;
}

}  // namespace sibsim::output::detail
