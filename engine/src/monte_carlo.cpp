#include "sibsim/engine/monte_carlo.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <sstream>

#include "sibsim/engine/progress.hpp"
#include "sibsim/engine/statistics.hpp"

namespace sibsim::engine {

namespace {

[[noreturn]] void bad_option(const std::string& what) {
  throw std::invalid_argument("run_monte_carlo: " + what);
}

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace

ReplicationError::ReplicationError(std::uint64_t seed, std::uint64_t replication, const std::string& what)
    : std::runtime_error(what), seed_(seed), replication_(replication) {}

void validate_run_options(const RunOptions& o, std::size_t kpi_count) {
  std::ostringstream msg;
  if (kpi_count == 0) bad_option("the model declares no KPIs");
  if (o.replications == 0) bad_option("replications must be at least 1 (got 0)");
  if (o.replications > kMaxReplications) {
    msg << "replications=" << o.replications << " exceeds the limit of " << kMaxReplications;
    bad_option(msg.str());
  }
  if (o.batch_size == 0) bad_option("batch_size must be at least 1 (got 0)");
  if (o.batch_size > kMaxBatchSize) {
    msg << "batch_size=" << o.batch_size << " exceeds the limit of " << kMaxBatchSize;
    bad_option(msg.str());
  }
  if (o.threads > kMaxThreads) {
    msg << "threads=" << o.threads << " exceeds the limit of " << kMaxThreads
        << " (0 = all hardware threads)";
    bad_option(msg.str());
  }
  // The batch buffer holds min(batch, replications) rows of kpi_count doubles: keep it < 1 GiB.
  const std::uint64_t rows = std::min(o.batch_size, o.target ? o.target->max_replications : o.replications);
  if (static_cast<double>(rows) * static_cast<double>(kpi_count) > static_cast<double>(1ULL << 27)) {
    msg << "batch_size=" << o.batch_size << " times " << kpi_count << " KPIs needs a buffer over 1 GiB";
    bad_option(msg.str());
  }
  if (!o.resume_rows.empty()) {
    const std::uint64_t limit = o.target ? o.target->max_replications : o.replications;
    const std::uint64_t resumed = o.resume_rows.size() / kpi_count;
    if (o.resume_rows.size() % kpi_count != 0) {
      msg << "resume_rows has " << o.resume_rows.size() << " values, not a multiple of " << kpi_count
          << " KPIs";
      bad_option(msg.str());
    }
    if (resumed > limit || (resumed % o.batch_size != 0 && resumed != limit)) {
      msg << "resume_rows holds " << resumed << " replications: not a batch boundary (batch_size "
          << o.batch_size << ") within the " << limit << " replications of the run";
      bad_option(msg.str());
    }
  }
  if (o.target) {
    const PrecisionTarget& t = *o.target;
    if (t.kpi >= kpi_count) {
      msg << "precision target KPI index " << t.kpi << " is out of range (the model has " << kpi_count
          << " KPIs, indices 0.." << kpi_count - 1 << ")";
      bad_option(msg.str());
    }
    if (!(t.half_width > 0.0) || !std::isfinite(t.half_width)) {
      msg << "precision target half_width must be a positive finite number (got " << t.half_width << ")";
      bad_option(msg.str());
    }
    if (t.max_replications > kMaxReplications) {
      msg << "precision target max_replications=" << t.max_replications << " exceeds the limit of "
          << kMaxReplications;
      bad_option(msg.str());
    }
    if (t.max_replications < o.replications) {
      msg << "precision target max_replications=" << t.max_replications
          << " is below the first-stage replications=" << o.replications;
      bad_option(msg.str());
    }
  }
}

RunResult run_monte_carlo(const ReplicationModel& model, const RunOptions& options, const BatchSink& sink) {
  const auto start = std::chrono::steady_clock::now();
  RunResult result;
  result.kpis = model.kpis();
  const std::size_t k = result.kpis.size();
  validate_run_options(options, k);

  const std::uint64_t limit = options.target ? options.target->max_replications : options.replications;
  const std::uint64_t batch = std::min(options.batch_size, limit);
  const int concurrency =
      options.threads == 0 ? tbb::task_arena::automatic : static_cast<int>(options.threads);
  tbb::task_arena arena(concurrency);
  arena.initialize();

  std::vector<double> buffer(static_cast<std::size_t>(batch) * k);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(batch));
  std::vector<KpiAccumulator> accumulators(k);
  ProgressBar progress(options.target ? 0 : limit, options.progress);

  // Determinism: replication r always fills row r - first of the batch buffer (whichever thread
  // runs it), and the fold below reads the rows in index order on this thread. Batch boundaries
  // and stop decisions depend only on the options, never on the thread count or timing.
  std::uint64_t done = 0;
  bool stop = false;
  // Stop rule, checked after every batch (and after a resumed prefix, which ends on a batch
  // boundary, so the checks happen at the same replication counts as in an uninterrupted run).
  const auto check_target = [&] {
    if (!options.target) {
      progress.update(done);
      return;
    }
    const double half = accumulators[options.target->kpi].stats().ci_half_width(0.95);
    if (done >= options.replications && half <= options.target->half_width) {
      result.target_reached = true;
      stop = true;
      return;
    }
    std::ostringstream note;
    note << "CI half-width " << half << " (target " << options.target->half_width << ")";
    progress.update(done, note.str());
  };
  if (!options.resume_rows.empty()) {
    const std::span<const double> rows = options.resume_rows;
    for (std::size_t i = 0; i < rows.size(); i += k)
      for (std::size_t j = 0; j < k; ++j) accumulators[j].add(rows[i + j]);
    done = rows.size() / k;
    check_target();
  }
  while (!stop && done < limit) {
    const std::uint64_t first = done;
    const auto count = static_cast<std::size_t>(std::min(batch, limit - done));
    std::fill_n(buffer.begin(), count * k, std::numeric_limits<double>::quiet_NaN());
    arena.execute([&] {
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(0, count, 1),
          [&](const tbb::blocked_range<std::size_t>& range) {
            for (std::size_t i = range.begin(); i != range.end(); ++i) {
              try {
                model.run_replication(options.seed, first + i, std::span<double>(buffer.data() + i * k, k));
              } catch (...) {
                errors[i] = std::current_exception();
              }
            }
          },
          tbb::simple_partitioner{});
    });
    for (std::size_t i = 0; i < count; ++i) {
      if (!errors[i]) continue;
      std::ostringstream msg;
      msg << "replication " << first + i << " (seed " << options.seed << ") failed: " << describe(errors[i]);
      const std::exception_ptr original = errors[i];
      progress.finish();
      try {
        std::rethrow_exception(original);
      } catch (...) {
        std::throw_with_nested(ReplicationError(options.seed, first + i, msg.str()));
      }
    }
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t j = 0; j < k; ++j) accumulators[j].add(buffer[i * k + j]);
    if (sink) sink(first, count, std::span<const double>(buffer.data(), count * k));
    done += count;
    check_target();
  }
  progress.finish();

  result.summary.reserve(k);
  for (const KpiAccumulator& a : accumulators) result.summary.push_back(a.summary());
  result.replications = done;
  result.seed = options.seed;
  // An enclosing tbb::global_control (e.g. set by an MPI driver) may allow fewer threads.
  const auto allowed = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  result.threads = static_cast<unsigned>(
      std::min<std::size_t>(static_cast<std::size_t>(arena.max_concurrency()), allowed));
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace sibsim::engine
