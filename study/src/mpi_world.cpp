#include "sibsim/study/mpi_world.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>

namespace sibsim::study {

bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(var) != nullptr) return true;
  return false;
}

MpiWorld::MpiWorld(int* argc, char*** argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() {
  if (initialised_) MPI_Finalize();
}

void MpiWorld::abort(int code) const {
  if (initialised_ && size_ > 1) MPI_Abort(MPI_COMM_WORLD, code);
}

void MpiWorld::broadcast(std::span<double> data) const {
  if (!initialised_ || size_ <= 1) return;
  // In chunks: MPI counts are ints.
  constexpr std::size_t kChunk = std::size_t{1} << 28;
  for (std::size_t i = 0; i < data.size(); i += kChunk)
    MPI_Bcast(data.data() + i, static_cast<int>(std::min(kChunk, data.size() - i)), MPI_DOUBLE, 0,
              MPI_COMM_WORLD);
}

}  // namespace sibsim::study
