#pragma once
// The MPI world of this process, if it was started by mpirun/mpiexec (or srun); otherwise a world
// of one rank without MPI being initialised at all, so plain `sibsim ...` never pays for MPI
// start-up. Only the main thread makes MPI calls (MPI_THREAD_FUNNELED): TBB worker threads
// compute, the main thread communicates (toolchain pitfall P9).

#include <span>

namespace sibsim::study {

class MpiWorld {
 public:
  /// Initialises MPI if the environment says this process is one rank of an MPI job.
  MpiWorld(int* argc, char*** argv);
  /// Finalises MPI if it was initialised.
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }
  [[nodiscard]] bool is_root() const noexcept { return rank_ == 0; }
  /// true when MPI was initialised (even with a single rank).
  [[nodiscard]] bool initialised() const noexcept { return initialised_; }

  /// Ends the whole job with `code` (MPI_Abort under MPI, so no rank waits forever for a rank
  /// that failed); without MPI it returns and the caller returns the code as usual.
  void abort(int code) const;
  /// Rank 0's `data` to every rank (same size on all; a no-op with one rank). Collective: every
  /// rank calls it at the same point.
  void broadcast(std::span<double> data) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialised_ = false;
};

/// true if environment variables of Open MPI, PMIx, MPICH/Hydra or SLURM's srun say this process
/// was launched as a rank of an MPI job.
bool launched_by_mpi();

}  // namespace sibsim::study
