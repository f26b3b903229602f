#include "observed_recruitment.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "sibsim/engine/date.hpp"
#include "sibsim/scenarios/errors.hpp"

namespace sibsim::study {
namespace {

/// Fields of one CSV line with the 1-based column each starts at. Plain CSV: commas separate,
/// a field may be quoted ("Krimpen aan den IJssel"), "" inside quotes is a quote.
std::vector<std::pair<std::string, int>> split_csv(const std::string& line) {
  std::vector<std::pair<std::string, int>> fields;
  std::string cur;
  int start = 1;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back(std::move(cur), start);
      cur.clear();
      start = static_cast<int>(i) + 2;
    } else {
      cur += c;
    }
  }
  fields.emplace_back(std::move(cur), start);
  for (auto& [text, col] : fields) {  // surrounding blanks are not part of a value
    const std::size_t b = text.find_first_not_of(" \t");
    const std::size_t e = text.find_last_not_of(" \t");
    text = b == std::string::npos ? std::string() : text.substr(b, e - b + 1);
  }
  return fields;
}

/// "YYYY-MM" as months since 1970-01.
std::optional<std::int64_t> parse_month(std::string_view s) {
  int y = 0, m = 0;
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  const auto ry = std::from_chars(s.data(), s.data() + 4, y);
  const auto rm = std::from_chars(s.data() + 5, s.data() + 7, m);
  if (ry.ec != std::errc() || ry.ptr != s.data() + 4 || rm.ec != std::errc() || rm.ptr != s.data() + 7)
    return std::nullopt;
  if (y < 1900 || y > 2200 || m < 1 || m > 12) return std::nullopt;
  return engine::month_number(y, m);
}

std::string month_text(std::int64_t m) {
  const engine::Date d = engine::from_clock(engine::month_start(m));
  return fmt::format("{:04}-{:02}", d.year, d.month);
}

/// A count: a whole number >= 0 (at most 1e9, far above any SIB).
std::optional<double> parse_count(std::string_view s) {
  std::uint64_t v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || v > 1'000'000'000U)
    return std::nullopt;
  return static_cast<double>(v);
}

std::string names_list(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

ObservedRecruitment read_observed_recruitment(const std::string& path, const models::RecruitmentSites& sites,
                                              std::int64_t as_of_month) {
  ObservedRecruitment obs;
  obs.file = path;
  std::vector<scenarios::Error> errors;
  const auto error = [&](int line, int column, std::string key, std::string message) {
    errors.push_back({path, line, column, std::move(key), std::move(message)});
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) throw scenarios::ValidationErrors({{path, 0, 0, "", "cannot open the observed-data file"}});

  std::vector<std::string> site_names;
  for (const auto& s : sites.sites) site_names.push_back(s.name);
  const std::size_t ncounts = sites.counts.size();
  obs.has_count.assign(ncounts, false);
  std::vector<int> column_of(ncounts, -1);  // field index of each count
  int month_field = -1, site_field = -1;
  std::size_t header_fields = 0;
  bool have_header = false;
  std::map<std::pair<std::int64_t, std::size_t>, int> seen;  // (month, site) -> line

  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineno == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a spreadsheet's BOM
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;  // blank or comment
    const auto fields = split_csv(line);
    if (!have_header) {
      have_header = true;
      header_fields = fields.size();
      for (std::size_t f = 0; f < fields.size(); ++f) {
        const auto& [name, col] = fields[f];
        const int fi = static_cast<int>(f);
        if (name == "month") {
          month_field = fi;
        } else if (name == "site") {
          site_field = fi;
        } else if (auto it = std::find(sites.counts.begin(), sites.counts.end(), name);
                   it != sites.counts.end()) {
          const auto c = static_cast<std::size_t>(it - sites.counts.begin());
          if (column_of[c] >= 0) error(lineno, col, name, "column given twice");
          column_of[c] = fi;
          obs.has_count[c] = true;
        } else {
          const std::string near = scenarios::closest_name(name, sites.counts);
          error(lineno, col, name,
                fmt::format("unknown column '{}'{}; the columns are month, site and counts among: {}", name,
                            near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near),
                            names_list(sites.counts)));
        }
      }
      if (month_field < 0) error(lineno, 1, "month", "the header has no column 'month' (YYYY-MM)");
      if (site_field < 0) error(lineno, 1, "site", "the header has no column 'site'");
      for (std::size_t c = 0; c < ncounts; ++c) {
        const bool required = c == 0 || sites.counts[c] == sites.target_count;
        if (required && column_of[c] < 0)
          error(lineno, 1, sites.counts[c],
                fmt::format("the header has no column '{}' (required)", sites.counts[c]));
      }
      if (!errors.empty()) throw scenarios::ValidationErrors(std::move(errors));
      continue;
    }
    if (fields.size() != header_fields) {
      error(lineno, 1, "", fmt::format("{} fields, but the header has {}", fields.size(), header_fields));
      continue;
    }
    ObservedRow row;
    row.line = lineno;
    row.counts.assign(ncounts, NAN);
    bool ok = true;
    const auto& [mtext, mcol] = fields[static_cast<std::size_t>(month_field)];
    if (const auto m = parse_month(mtext)) {
      row.month = *m;
      if (*m >= as_of_month) {
        error(lineno, mcol, "month",
              fmt::format("month {} is not before the as-of date ({}-01): the file holds what was observed "
                          "before it",
                          mtext, month_text(as_of_month)));
        ok = false;
      }
    } else {
      error(lineno, mcol, "month", fmt::format("'{}' is not a month YYYY-MM (1900-2200)", mtext));
      ok = false;
    }
    const auto& [stext, scol] = fields[static_cast<std::size_t>(site_field)];
    if (auto it = std::find(site_names.begin(), site_names.end(), stext); it != site_names.end()) {
      row.site = static_cast<std::size_t>(it - site_names.begin());
    } else {
      const std::string near = scenarios::closest_name(stext, site_names);
      error(lineno, scol, "site",
            fmt::format("'{}' is not a site of the scenario{}; its sites: {}", stext,
                        near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near),
                        names_list(site_names)));
      ok = false;
    }
    for (std::size_t c = 0; c < ncounts; ++c) {
      if (column_of[c] < 0) continue;
      const auto& [ctext, ccol] = fields[static_cast<std::size_t>(column_of[c])];
      if (const auto v = parse_count(ctext)) {
        row.counts[c] = *v;
      } else {
        error(lineno, ccol, sites.counts[c],
              fmt::format("'{}' is not a count (a whole number from 0; write 0 for none)", ctext));
        ok = false;
      }
    }
    if (!ok) continue;
    if (const auto [it, fresh] = seen.emplace(std::pair(row.month, row.site), lineno); !fresh) {
      error(lineno, 1, "",
            fmt::format("{} at {} is given twice (first on line {})", mtext, stext, it->second));
      continue;
    }
    obs.rows.push_back(std::move(row));
  }
  if (!have_header)
    error(0, 0, "", "the file is empty: it needs a header line and one line per site and month");

  // Running totals per site keep funnel order: nobody is approached before being listed, ...
  if (errors.empty()) {
    std::vector<std::size_t> order(obs.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::pair(obs.rows[a].site, obs.rows[a].month) < std::pair(obs.rows[b].site, obs.rows[b].month);
    });
    std::vector<double> total(ncounts, 0.0);
    std::size_t site = static_cast<std::size_t>(-1);
    bool reported = false;
    for (const std::size_t i : order) {
      const ObservedRow& r = obs.rows[i];
      if (r.site != site) {
        site = r.site;
        std::fill(total.begin(), total.end(), 0.0);
        reported = false;
      }
      for (std::size_t c = 0; c < ncounts; ++c)
        if (obs.has_count[c]) total[c] += r.counts[c];
      std::size_t prev = ncounts;
      for (std::size_t c = 0; c < ncounts && !reported; ++c) {
        if (!obs.has_count[c]) continue;
        if (prev < ncounts && total[c] > total[prev]) {
          error(r.line, 1, sites.counts[c],
                fmt::format("by {} site {} has {} {} in all but only {} {}: running totals must keep the "
                            "funnel's order ({})",
                            month_text(r.month), site_names[r.site], total[c], sites.counts[c], total[prev],
                            sites.counts[prev], names_list(sites.counts)));
          reported = true;  // one message per site
        }
        prev = c;
      }
    }
  }
  if (!errors.empty()) throw scenarios::ValidationErrors(std::move(errors));
  return obs;
}

}  // namespace sibsim::study
