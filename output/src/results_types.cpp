#include "sibsim/output/results_types.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <string_view>
#include <variant>

#include "schema.hpp"

namespace sibsim::output {

std::string iso8601_utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string host_name() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0 || buf[0] == '\0') return "unknown";
  return std::string(buf.data());
}

}  // namespace sibsim::output

namespace sibsim::output::detail {

Table provenance_table(const std::vector<Provenance>& entries) {
  std::vector<std::string> key, value, label, note, affects;
  for (const Provenance& p : entries) {
    key.push_back(p.key);
    value.push_back(p.value);
    label.push_back(p.label);
    note.push_back(p.note);
    std::string list;
    for (const std::string& k : p.affects) list += (list.empty() ? "" : std::string(1, kListSeparator)) + k;
    affects.push_back(std::move(list));
  }
  Table t;
  t.description = "Scenario values their author labelled: assumption, sourced or fitted";
  t.columns = {{"key", "", "key path in the scenario", std::move(key)},
               {"value", "", "its value as written", std::move(value)},
               {"label", "", "assumption, sourced or fitted", std::move(label)},
               {"note", "", "why it is assumed, or its source", std::move(note)},
               {"affects", "", "KPIs that depend on it, separated by ';'", std::move(affects)}};
  return t;
}

std::vector<Provenance> provenance_from(const Table& table) {
  const auto strings = [&](std::string_view name) {
    const TableColumn* c = table.column(name);
    const auto* v = c ? std::get_if<std::vector<std::string>>(&c->values) : nullptr;
    return v ? *v : std::vector<std::string>(table.rows());
  };
  const auto key = strings("key"), value = strings("value"), label = strings("label"), note = strings("note"),
             affects = strings("affects");
  std::vector<Provenance> out(table.rows());
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = {key[i], value[i], label[i], note[i], {}};
    std::string_view rest = affects[i];
    while (!rest.empty()) {
      const auto cut = std::min(rest.find(kListSeparator), rest.size());
      if (cut > 0) out[i].affects.emplace_back(rest.substr(0, cut));
      rest.remove_prefix(std::min(cut + 1, rest.size()));
    }
  }
  return out;
}

}  // namespace sibsim::output::detail
