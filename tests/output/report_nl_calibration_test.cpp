// The calibration report in Dutch (--lang nl): its words come from its catalogue, numbers and dates are
// written the Dutch way, and the English report is unchanged.
#include <catch2/catch.hpp>
