#pragma once
/// \file alloc_counter.hpp
/// Heap allocation counting for benchmark programs. Linking alloc_counter.cpp into a program
/// replaces its global operator new/delete with versions that count calls to operator new.

#include <cstdint>

namespace sibsim::bench {
/// Number of operator new calls so far (all threads).
std::uint64_t allocations() noexcept;
}  // namespace sibsim::bench
