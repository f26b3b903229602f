// The studio's simulation side (studio_model.hpp): levers -> variant document -> paired runs of
// baseline and variant on common random numbers -> the JSON answer of POST /api/run.

#include "studio_model.hpp"

#include "studio_answer.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <regex>
#include <set>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/scenarios/errors.hpp"

namespace sibsim::study::studio {
namespace {

using nlohmann::json;

constexpr std::uint64_t kBatch = 50;  // replications between two looks at `cancelled`

const char* kind_name(models::Lever::Kind k) {
  switch (k) {
    case models::Lever::Kind::date:
      return "date";
    case models::Lever::Kind::integer:
      return "integer";
    case models::Lever::Kind::boolean:
      return "bool";
    case models::Lever::Kind::number:
      break;
  }
  return "number";
}

std::optional<double> parse_number(const std::string& s) {
  double v = 0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

/// The request's value as text: JSON strings as they are, numbers and booleans as YAML writes them.
std::string value_text(const std::string& key, const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return fmt::format("{}", v.get<double>());
  if (v.is_null()) return "";
  throw LeverError(key, fmt::format("{}: expected a value as text, got {}", key, v.dump()));
}

/// Checks a value against its lever; returns it normalised (numbers as parsed).
std::string checked_value(const models::Lever& l, const std::string& v) {
  if (v.empty()) {
    if (l.optional) return v;
    throw LeverError(l.key, fmt::format("{}: a value is required", l.label));
  }
  switch (l.kind) {
    case models::Lever::Kind::date: {
      static const std::regex iso(R"(\d{4}-\d{2}-\d{2})");
      if (!std::regex_match(v, iso))
        throw LeverError(l.key, fmt::format("{}: '{}' is not a date (YYYY-MM-DD)", l.label, v));
      return v;
    }
    case models::Lever::Kind::boolean:
      if (v != "true" && v != "false")
        throw LeverError(l.key, fmt::format("{}: '{}' is not true or false", l.label, v));
      return v;
    case models::Lever::Kind::integer:
    case models::Lever::Kind::number: {
      const std::optional<double> x = parse_number(v);
      if (!x) throw LeverError(l.key, fmt::format("{}: '{}' is not a number", l.label, v));
      if (l.kind == models::Lever::Kind::integer && std::floor(*x) != *x)
        throw LeverError(l.key, fmt::format("{}: '{}' is not a whole number", l.label, v));
      if (l.max > l.min && (*x < l.min || *x > l.max))
        throw LeverError(l.key, fmt::format("{}: {} is outside {} .. {}", l.label, v, l.min, l.max));
      return v;
    }
  }
  return v;
}

bool same_value(const models::Lever& l, const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (l.kind == models::Lever::Kind::number || l.kind == models::Lever::Kind::integer) {
    const auto x = parse_number(a), y = parse_number(b);
    return x && y && *x == *y;
  }
  return false;
}

}  // namespace

std::vector<std::size_t> shown_kpis(const std::vector<engine::KpiInfo>& kpis) {
  std::vector<std::size_t> shown;
  for (std::size_t k = 0; k < kpis.size(); ++k)
    if (models::in_group(kpis[k], models::kGroupHeadline) ||
        models::in_group(kpis[k], models::kGroupSteering) ||
        models::in_group(kpis[k], models::kGroupFunnelStage))
      shown.push_back(k);
  return shown;
}

StudioModel::StudioModel(const models::PluginRegistry& plugins, std::string scenario_file,
                         StudioSettings settings)
    : file_(std::move(scenario_file)), settings_(settings) {
  base_doc_ = scenarios::Document::from_file(file_);
  plugin_ = &plugins.for_document(base_doc_);
  base_ = plugin_->load(base_doc_);
  for (const char* lang : {"en", "nl"}) labels_[lang] = plugin_->scenario_labels(lang, base_doc_);
}

std::vector<models::Lever> StudioModel::levers(std::string_view lang) const {
  return plugin_->levers(base_doc_, lang);
}

std::string StudioModel::label_for(const std::string& name, const std::string& english,
                                   std::string_view lang) const {
  const auto find =
      [&](const std::vector<std::pair<std::string, std::string>>& labels) -> const std::string* {
    for (const auto& [n, label] : labels)
      if (n == name) return &label;
    return nullptr;
  };
  const auto cached = labels_.find(lang);
  if (cached != labels_.end()) {
    const std::string* label = find(cached->second);
    return label ? *label : english;
  }
  const auto labels = plugin_->labels(lang);
  const std::string* label = find(labels);
  return label ? *label : english;
}

std::string StudioModel::label_of(const engine::KpiInfo& kpi, std::string_view lang) const {
  return label_for(kpi.name, kpi.label.empty() ? kpi.name : kpi.label, lang);
}

json StudioModel::scenario_json(std::string_view lang, std::string_view page_text) const {
  json levers = json::array();
  for (const models::Lever& l : this->levers(lang)) {
    json j = {{"key", l.key},
              {"label", l.label},
              {"group", l.group},
              {"group_label", l.group_label},
              {"kind", kind_name(l.kind)},
              {"value", l.value},
              {"unit", l.unit},
              {"help", l.help},
              {"optional", l.optional}};
    const bool numeric = l.kind == models::Lever::Kind::number || l.kind == models::Lever::Kind::integer;
    j["min"] = numeric ? json(l.min) : json(nullptr);
    j["max"] = numeric ? json(l.max) : json(nullptr);
    j["step"] = numeric && l.step > 0 ? json(l.step) : json(nullptr);
    if (!l.mark.empty()) j["mark"] = l.mark;
    levers.push_back(std::move(j));
  }
  const std::vector<engine::KpiInfo> infos = base_->model().kpis();
  json kpis = json::array();
  for (const std::size_t k : shown_kpis(infos))
    kpis.push_back({{"name", infos[k].name},
                    {"label", label_of(infos[k], lang)},
                    {"unit", infos[k].unit},
                    {"description", infos[k].description},
                    {"groups", infos[k].groups}});
  json series = json::array();
  for (const models::SeriesFamily& f : plugin_->series_families())
    series.push_back({{"name", f.name}, {"label", label_for(f.name, f.description, lang)}, {"unit", f.unit}});
  return {{"name", base_->name()},
          {"description", base_->description()},
          {"file", file_},
          {"model", plugin_->name()},
          {"lang", lang},
          {"languages", {"en", "nl"}},
          {"seed", settings_.seed},
          {"replications",
           {{"first", settings_.first_replications},
            {"final", settings_.final_replications},
            {"max", settings_.max_replications}}},
          {"levers", std::move(levers)},
          {"kpis", std::move(kpis)},
          {"series", std::move(series)},
          {"text", json::parse(page_text)}};
}

std::vector<std::pair<std::string, std::string>> StudioModel::moved_levers(const json& request) const {
  if (request.is_null()) return {};
  if (!request.is_object()) throw LeverError("", "levers: expected an object {\"key\": \"value\", ...}");
  const std::vector<models::Lever> all = levers("en");
  std::vector<std::string> keys;
  keys.reserve(all.size());
  for (const models::Lever& l : all) keys.push_back(l.key);
  std::vector<std::pair<std::string, std::string>> moved;
  for (const auto& item : request.items()) {
    const std::string& key = item.key();
    const json& value = item.value();
    const auto it =
        std::find_if(all.begin(), all.end(), [&key](const models::Lever& l) { return l.key == key; });
    if (it == all.end()) {
      const std::string hint = scenarios::closest_name(key, keys);
      throw LeverError(key, fmt::format("'{}' is not a lever of this scenario{}", key,
                                        hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
    }
    const std::string v = checked_value(*it, value_text(key, value));
    if (!same_value(*it, v, it->value)) moved.emplace_back(key, v);
  }
  return moved;
}

scenarios::Document StudioModel::variant_document(
    const std::vector<std::pair<std::string, std::string>>& moved, const std::string& new_name) const {
  std::vector<scenarios::Override> overrides;
  overrides.reserve(moved.size() + 1);
  for (const auto& [key, value] : moved)
    overrides.push_back({key, value.empty() ? "null" : value, {"lever " + key, 1, 1}});
  if (!new_name.empty()) overrides.push_back({"name", new_name, {"name", 1, 1}});
  try {
    return base_doc_.with_overrides(overrides);
  } catch (const scenarios::ValidationErrors& e) {
    const scenarios::Error& first = e.errors().front();
    throw LeverError(first.key_path, first.message);
  }
}

std::unique_ptr<models::Scenario> StudioModel::load_variant(const scenarios::Document& doc) const {
  try {
    return plugin_->load(doc);
  } catch (const scenarios::ValidationErrors& e) {
    // The loader's words; the lever is the key of the first error (a rule between two keys names one).
    std::string message;
    for (const scenarios::Error& err : e.errors())
      message += fmt::format("{}{}: {}", message.empty() ? "" : "\n", err.key_path, err.message);
    throw LeverError(e.errors().front().key_path, message);
  }
}

PairSide StudioModel::simulate(const models::Scenario& scenario, std::uint64_t replications,
                               const std::function<bool()>& cancelled) const {
  const engine::ReplicationModel& model = scenario.model();
  const std::size_t width = model.kpis().size();
  PairSide side;
  side.rows.assign(replications * width, NAN);
  engine::RunOptions opt;
  opt.seed = settings_.seed;
  opt.replications = replications;
  opt.threads = settings_.threads;
  opt.batch_size = std::min(kBatch, replications);
  side.result = engine::run_monte_carlo(
      model, opt, [&](std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
        std::copy(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(count * width),
                  side.rows.begin() + static_cast<std::ptrdiff_t>(first * width));
        if (cancelled && cancelled()) throw Superseded();
      });
  return side;
}

std::shared_ptr<const PairSide> StudioModel::base_side(std::uint64_t replications,
                                                       const std::function<bool()>& cancelled) {
  {
    const std::lock_guard lock(cache_mutex_);
    if (const auto it = base_cache_.find(replications); it != base_cache_.end()) return it->second;
  }
  auto side = std::make_shared<const PairSide>(simulate(*base_, replications, cancelled));
  const std::lock_guard lock(cache_mutex_);
  if (base_cache_.size() >= 8) base_cache_.erase(base_cache_.begin());  // a few counts only
  return base_cache_.emplace(replications, std::move(side)).first->second;
}

void StudioModel::warm_up() {
  (void)base_side(settings_.first_replications, {});
  (void)base_side(settings_.final_replications, {});
}

json StudioModel::run(const json& levers, std::uint64_t replications, std::string_view lang,
                      const std::function<bool()>& cancelled) {
  const auto start = std::chrono::steady_clock::now();
  const auto moved = moved_levers(levers);
  const scenarios::Document doc = variant_document(moved);
  const std::unique_ptr<models::Scenario> variant = load_variant(doc);
  const std::shared_ptr<const PairSide> base = base_side(replications, cancelled);
  const PairSide var = simulate(*variant, replications, cancelled);

  json kpis = json::array();
  const std::vector<engine::KpiInfo>& bk = base->result.kpis;
  for (const std::size_t k : shown_kpis(bk)) {
    const std::optional<std::size_t> kv = index_of(var.result.kpis, bk[k].name);
    json j = {{"name", bk[k].name},
              {"label", label_of(bk[k], lang)},
              {"unit", bk[k].unit},
              {"groups", bk[k].groups},
              {"base", side_json(base->result.summary[k])}};
    if (kv) {
      j["variant"] = side_json(var.result.summary[*kv]);
      j["difference"] = paired_difference(*base, k, var, *kv, replications);
    } else {
      j["variant"] = nullptr;
      j["difference"] = nullptr;
    }
    kpis.push_back(std::move(j));
  }
  json series = json::array();
  for (const models::SeriesFamily& f : plugin_->series_families())
    series.push_back(series_json(f, label_for(f.name, f.description, lang), base->result, var.result));
  json marks = {{"base", json::object()}, {"variant", json::object()}};
  for (const models::Lever& l : this->levers("en")) {
    if (l.mark.empty()) continue;
    const std::string bv = l.value, vv = doc.scalar(l.key).value_or(l.value);
    const auto as_json = [&](const std::string& v) -> json {
      if (l.kind == models::Lever::Kind::date || v.empty()) return v;
      const auto x = parse_number(v);
      return x ? json(*x) : json(v);
    };
    marks["base"][l.mark] = as_json(bv);
    marks["variant"][l.mark] = as_json(vv);
  }
  json moved_json = json::object();
  for (const auto& [k, v] : moved) moved_json[k] = v;
  json chance = nullptr;
  if (const auto families = plugin_->series_families();
      !families.empty() && marks["base"].contains("target") && marks["base"]["target"].is_number())
    chance = target_chance(families.front(), *base, marks["base"]["target"].get<double>(), var,
                           marks["variant"]["target"].get<double>(), replications);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return {{"replications", replications}, {"seed", settings_.seed},
          {"elapsed_ms", ms.count()},     {"moved", std::move(moved_json)},
          {"kpis", std::move(kpis)},      {"series", std::move(series)},
          {"marks", std::move(marks)},    {"target_chance", std::move(chance)}};
}

}  // namespace sibsim::study::studio
