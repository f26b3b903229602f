// `--posterior CAL.h5`: reading a calibration's final particles, the model that runs each
// replication with the particle it draws, and the split of a KPI's spread into parameter
// uncertainty and Monte Carlo noise (posterior_draws.hpp).

#include "posterior_draws.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <variant>

#include "sibsim/engine/hash.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/output/results_reader.hpp"
#include "sibsim/scenarios/errors.hpp"

namespace sibsim::study {
namespace {

const std::vector<double>& real_column(const output::Table& t, std::string_view name,
                                       const std::string& where) {
  const output::TableColumn* c = t.column(name);
  if (!c || !std::holds_alternative<std::vector<double>>(c->values))
    throw std::invalid_argument(fmt::format("{}: /{} has no float64 column '{}'", where, "posterior", name));
  return std::get<std::vector<double>>(c->values);
}

const std::vector<std::string>& text_column(const output::Table& t, std::string_view name,
                                            const std::string& where) {
  const output::TableColumn* c = t.column(name);
  if (!c || !std::holds_alternative<std::vector<std::string>>(c->values))
    throw std::invalid_argument(fmt::format("{}: /parameters has no text column '{}'", where, name));
  return std::get<std::vector<std::string>>(c->values);
}

}  // namespace

// --- Posterior -----------------------------------------------------------------------------------

bool Posterior::calibrates(std::string_view path) const {
  return std::any_of(parameters.begin(), parameters.end(),
                     [&](const Parameter& p) { return p.path == path; });
}

std::vector<scenarios::Override> Posterior::overrides(std::size_t particle) const {
  std::vector<scenarios::Override> out;
  out.reserve(parameters.size());
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    const double x = values.at(particle)[j];
    // As a sweep writes a point: integers rounded, numbers with every digit (exact round trip).
    std::string text = parameters[j].integer ? fmt::format("{}", std::llround(x)) : fmt::format("{:.17g}", x);
    out.push_back(scenarios::Override{parameters[j].path, std::move(text),
                                      scenarios::Location{fmt::format("{} (/posterior)", file), 0, 0}});
  }
  return out;
}

std::size_t Posterior::particle_of(std::uint64_t seed, std::uint64_t replication) const {
  engine::RandomStream rng(seed, replication, 0, kPosteriorDrawPurpose);
  return rng.categorical(weights.data(), weights.size());
}

std::string Posterior::hash_hex() const { return fmt::format("{:016x}", hash); }

Posterior read_posterior(const std::filesystem::path& file) {
  const std::string name = file.string();
  output::Table post, params;
  std::string kind;
  Posterior p;
  p.file = name;
  try {
    const output::FileMeta meta = output::read_meta(file);
    kind = meta.run.kind;
    p.model = meta.run.model;
    if (kind == output::kKindCalibration) {
      post = output::read_table(file, "/posterior");
      params = output::read_table(file, "/parameters");
    }
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(fmt::format("--posterior {}: {}", name, e.what()));
  }
  if (kind != output::kKindCalibration)
    throw std::invalid_argument(fmt::format("{} is not a calibration results file (kind {})", name, kind));

  const std::vector<std::string>& paths = text_column(params, "path", name);
  const std::vector<std::string>& kinds = text_column(params, "kind", name);
  const std::vector<double>& weights = real_column(post, "weight", name);
  std::vector<const std::vector<double>*> columns;
  std::uint64_t h = engine::kFnv1a64Offset;
  for (std::size_t j = 0; j < paths.size(); ++j) {
    if (kinds[j] != "number" && kinds[j] != "integer")
      throw std::invalid_argument(fmt::format("{}: parameter '{}' has kind '{}' (number or integer expected)",
                                              name, paths[j], kinds[j]));
    p.parameters.push_back({paths[j], kinds[j] == "integer"});
    columns.push_back(&real_column(post, paths[j], name));
    h = engine::fnv1a64(paths[j], h);
    h = engine::fnv1a64(std::string_view("\0", 1), h);
  }
  bool any = false;
  for (std::size_t i = 0; i < post.rows(); ++i) {
    std::vector<double> row;
    row.reserve(columns.size());
    for (const auto* c : columns) row.push_back((*c)[i]);
    const double w = weights[i];
    if (!std::isfinite(w) || w < 0)
      throw std::invalid_argument(fmt::format("{}: /posterior row {} has weight {}", name, i, w));
    for (std::size_t j = 0; j < row.size(); ++j)
      if (w > 0 && !std::isfinite(row[j]))
        throw std::invalid_argument(
            fmt::format("{}: /posterior row {}: {} is {}", name, i, p.parameters[j].path, row[j]));
    h = engine::fnv1a64_bytes(row.data(), row.size() * sizeof(double), h);
    h = engine::fnv1a64_bytes(&w, sizeof w, h);
    any = any || w > 0;
    p.values.push_back(std::move(row));
    p.weights.push_back(w);
  }
  if (!any)
    throw std::invalid_argument(fmt::format("{}: /posterior has no particle of positive weight", name));
  p.hash = h;
  return p;
}

void refuse_calibrated(const Posterior& posterior, std::string_view path, std::string_view what) {
  if (posterior.calibrates(path))
    throw std::invalid_argument(fmt::format("{} sets {}, which --posterior draws from the calibration {}",
                                            what, path, posterior.file));
}

void refuse_changed_calibrated_keys(const Posterior& posterior, const scenarios::Document& base,
                                    const scenarios::Document& variant, std::string_view variant_file) {
  const auto number = [](const std::optional<std::string>& t) -> std::optional<double> {
    if (!t) return std::nullopt;
    char* end = nullptr;
    const double x = std::strtod(t->c_str(), &end);
    if (end == t->c_str() || *end != '\0') return std::nullopt;
    return x;
  };
  for (const Posterior::Parameter& par : posterior.parameters) {
    const std::optional<std::string> a = base.scalar(par.path), b = variant.scalar(par.path);
    if (a == b) continue;
    const std::optional<double> x = number(a), y = number(b);
    if (x && y && *x == *y) continue;
    throw std::invalid_argument(
        fmt::format("variant {} changes key {}, which --posterior draws from the calibration {}",
                    variant_file, par.path, posterior.file));
  }
}

std::shared_ptr<const Posterior> posterior_of(const CommonArgs& common) {
  if (common.posterior.empty()) return nullptr;
  return std::make_shared<const Posterior>(read_posterior(common.posterior));
}

void record_posterior(output::RunMeta& meta, const Posterior* posterior) {
  if (!posterior) return;
  meta.posterior_file = posterior->file;
  meta.posterior_hash = posterior->hash_hex();
}

// --- PosteriorModel ------------------------------------------------------------------------------

struct PosteriorModel::Slot {
  std::once_flag once;
  std::unique_ptr<models::Scenario> scenario;
  std::atomic<bool> loaded{false};
};

PosteriorModel::PosteriorModel(std::shared_ptr<const Posterior> posterior, const models::ModelPlugin& plugin,
                               scenarios::Document doc)
    : posterior_(std::move(posterior)), plugin_(plugin), doc_(std::move(doc)) {
  const Posterior& p = *posterior_;
  if (!p.model.empty() && p.model != plugin.name())
    throw std::invalid_argument(fmt::format("{} calibrates a {} scenario; {} is a {} scenario", p.file,
                                            p.model, doc_.file(), plugin.name()));
  slots_.reserve(p.weights.size());
  for (std::size_t i = 0; i < p.weights.size(); ++i) slots_.push_back(std::make_unique<Slot>());
  while (p.weights[first_] <= 0) ++first_;  // read_posterior guarantees a positive weight
  try {
    kpis_ = particle(first_).model().kpis();
  } catch (const scenarios::ValidationErrors& e) {
    // A calibrated key this scenario does not have (or a value it refuses): name both files.
    throw std::invalid_argument(fmt::format(
        "the scenario {} does not take the parameters calibrated in {}:\n{}", doc_.file(), p.file, e.what()));
  }
}

PosteriorModel::~PosteriorModel() = default;

const models::Scenario& PosteriorModel::particle(std::size_t i) const {
  Slot& slot = *slots_.at(i);
  std::call_once(slot.once, [&] {
    const std::vector<scenarios::Override> o = posterior_->overrides(i);
    auto scenario = plugin_.load(doc_.with_overrides(o));
    if (!kpis_.empty()) {
      const std::vector<engine::KpiInfo> k = scenario->model().kpis();
      const bool same = k.size() == kpis_.size() &&
                        std::equal(k.begin(), k.end(), kpis_.begin(),
                                   [](const auto& a, const auto& b) { return a.name == b.name; });
      if (!same)
        throw std::runtime_error(
            fmt::format("--posterior {}: particle {} gives the scenario other KPIs than "
                        "particle {} (KPI lists must not depend on calibrated values)",
                        posterior_->file, i, first_));
    }
    slot.scenario = std::move(scenario);
    slot.loaded.store(true, std::memory_order_release);
  });
  return *slot.scenario;
}

std::size_t PosteriorModel::particles_loaded() const {
  return static_cast<std::size_t>(std::count_if(
      slots_.begin(), slots_.end(), [](const auto& s) { return s->loaded.load(std::memory_order_acquire); }));
}

void PosteriorModel::run_replication(std::uint64_t seed, std::uint64_t replication,
                                     std::span<double> out) const {
  particle(posterior_->particle_of(seed, replication)).model().run_replication(seed, replication, out);
}

// --- PosteriorScenario ---------------------------------------------------------------------------

PosteriorScenario::PosteriorScenario(std::unique_ptr<models::Scenario> base,
                                     std::unique_ptr<PosteriorModel> model)
    : base_(std::move(base)), model_(std::move(model)) {}

double PosteriorScenario::expected_entities_per_replication() const {
  return model_->first_particle().expected_entities_per_replication();
}

void PosteriorScenario::write_run_extras(output::ResultsWriter& writer,
                                         const engine::RunResult& result) const {
  base_->write_run_extras(writer, result);
}

void PosteriorScenario::print_summary(std::FILE* out, const engine::RunResult& result) const {
  base_->print_summary(out, result);
}

void PosteriorScenario::print_replay(std::FILE* out, std::uint64_t seed, std::uint64_t replication) const {
  const Posterior& p = model_->posterior();
  const std::size_t i = p.particle_of(seed, replication);
  fmt::print(out, "Replication {} drew particle {} of {} (--posterior):\n", replication, i, p.file);
  for (const scenarios::Override& o : p.overrides(i))
    fmt::print(out, "  {} = {}\n", o.key_path, o.yaml_value);
  model_->particle(i).print_replay(out, seed, replication);
}

std::optional<models::PersonsSample> PosteriorScenario::persons(std::uint64_t seed, std::uint64_t count,
                                                                std::uint64_t replications) const {
  return base_->persons(seed, count, replications);
}

std::unique_ptr<models::Scenario> load_scenario(const models::ModelPlugin& plugin,
                                                const scenarios::Document& doc,
                                                const std::shared_ptr<const Posterior>& posterior) {
  std::unique_ptr<models::Scenario> base = plugin.load(doc);
  if (!posterior) return base;
  return std::make_unique<PosteriorScenario>(std::move(base),
                                             std::make_unique<PosteriorModel>(posterior, plugin, doc));
}

// --- PosteriorSpread -----------------------------------------------------------------------------

PosteriorSpread::PosteriorSpread(const Posterior& posterior, std::uint64_t seed, std::size_t kpis)
    : posterior_(posterior), seed_(seed), kpis_(kpis), cells_(posterior.weights.size() * kpis) {}

void PosteriorSpread::add(std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
  for (std::uint64_t r = 0; r < count; ++r) {
    const std::size_t particle = posterior_.particle_of(seed_, first + r);
    for (std::size_t k = 0; k < kpis_; ++k) {
      const double x = rows[r * kpis_ + k];
      if (std::isnan(x)) continue;
      Cell& c = cells_[particle * kpis_ + k];
      c.n += 1;
      const double d = x - c.mean;
      c.mean += d / c.n;
      c.m2 += d * (x - c.mean);
    }
  }
}

PosteriorSpread::Split PosteriorSpread::split(std::size_t kpi) const {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  Split s;
  double n = 0, sum = 0, ssw = 0;
  for (std::size_t p = 0; p < posterior_.weights.size(); ++p) {
    const Cell& c = cells_[p * kpis_ + kpi];
    if (c.n == 0) continue;
    ++s.particles_used;
    n += c.n;
    sum += c.n * c.mean;
    ssw += c.m2;
  }
  s.n = static_cast<std::uint64_t>(n);
  if (n == 0) return {kNaN, kNaN, kNaN, kNaN, kNaN, 0, 0};
  s.mean = sum / n;
  double ssb = 0;
  for (std::size_t p = 0; p < posterior_.weights.size(); ++p) {
    const Cell& c = cells_[p * kpis_ + kpi];
    if (c.n > 0) ssb += c.n * (c.mean - s.mean) * (c.mean - s.mean);
  }
  const auto g = static_cast<double>(s.particles_used);
  // Law of total variance over the particles as drawn (weights w_p): within = E[Var(Y | p)],
  // between = Var(E[Y | p]) = sum_p w_p (mu_p - mu)^2. Unbiased given the group sizes:
  // E[SSW] = (n - g) within and E[SSB] = sum_p n_p (mu_p - mu)^2 + (g - 1) within.
  const double within = n > g ? ssw / (n - g) : kNaN;
  const double between = g > 1 ? std::max(0.0, (ssb - (g - 1) * within) / n) : 0.0;
  const double total = between + within;
  s.sd_parameter = std::sqrt(between);
  s.sd_monte_carlo = std::sqrt(within);
  s.sd_total = std::sqrt(total);
  s.parameter_share = total > 0 ? std::clamp(between / total, 0.0, 1.0) : kNaN;
  return s;
}

output::Table PosteriorSpread::table(std::span<const engine::KpiInfo> kpis) const {
  std::vector<std::string> name;
  std::vector<double> mean, total, param, mc, share;
  std::vector<std::uint64_t> used;
  for (std::size_t k = 0; k < kpis_; ++k) {
    const Split s = split(k);
    name.push_back(kpis[k].name);
    mean.push_back(s.mean);
    total.push_back(s.sd_total);
    param.push_back(s.sd_parameter);
    mc.push_back(s.sd_monte_carlo);
    share.push_back(s.parameter_share);
    used.push_back(s.particles_used);
  }
  output::Table t;
  t.description =
      "Per KPI: the spread over replications split by the law of total variance into parameter uncertainty "
      "(between the calibration particles drawn) and Monte Carlo noise (within a particle)";
  t.columns = {{"kpi", "", "KPI", std::move(name)},
               {"mean", "", "mean over the replications", std::move(mean)},
               {"sd_total", "", "sqrt(parameter + Monte Carlo variance)", std::move(total)},
               {"sd_parameter", "", "sd between particles (parameter uncertainty; 0 if estimated negative)",
                std::move(param)},
               {"sd_monte_carlo", "", "sd within a particle (Monte Carlo noise)", std::move(mc)},
               {"parameter_share", "fraction", "parameter variance / total variance (NaN: not estimable)",
                std::move(share)},
               {"particles_used", "particles", "particles drawn by replications with a defined value",
                std::move(used)}};
  return t;
}

void print_posterior_spread(std::FILE* out, const PosteriorSpread& spread,
                            std::span<const engine::KpiInfo> kpis) {
  const std::vector<std::string> headline = models::kpis_in_group(kpis, models::kGroupHeadline);
  for (std::size_t k = 0; k < kpis.size(); ++k) {
    if (std::find(headline.begin(), headline.end(), kpis[k].name) == headline.end()) continue;
    const PosteriorSpread::Split s = spread.split(k);
    if (std::isnan(s.parameter_share)) {
      fmt::print(out, "  spread of {}: cannot be split ({})\n", kpis[k].name,
                 s.n == 0                  ? "never defined"
                 : s.n == s.particles_used ? "each particle drawn once: use more replications"
                                           : "no spread at all");
      continue;
    }
    fmt::print(out, "  spread of {}: {:.0f} % from parameter uncertainty, {:.0f} % Monte Carlo\n",
               kpis[k].name, 100 * s.parameter_share, 100 * (1 - s.parameter_share));
  }
}

}  // namespace sibsim::study
