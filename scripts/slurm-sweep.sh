#!/bin/bash
# Example SLURM job: a sibsim sweep across nodes with MPI (see README.md, "Many machines").
# Submit with `sbatch scripts/slurm-sweep.sh [SWEEP.yaml]` from the repository root after building.
#SBATCH --job-name=sibsim-sweep
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=32
#SBATCH --time=02:00:00
#SBATCH --requeue
set -euo pipefail
SWEEP=${1:-scenarios/sweeps/sobol-contract.yaml}
OUT=results/$(basename "$SWEEP" .yaml).h5
mkdir -p results
# One rank per node, TBB threads on the node's cores; rank 0 hands out work and writes $OUT.
# --resume: a requeued job continues from $OUT.checkpoint instead of starting again.
srun --cpu-bind=none build/release/app/sibsim sweep "$SWEEP" \
     --threads "${SLURM_CPUS_PER_TASK:-0}" --out "$OUT" --resume
