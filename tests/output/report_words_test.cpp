// The reports' words (output/report/words.hpp): catalogues in English and Dutch, mustache values
// and flags, and the errors that catch a translator's or a programmer's typo.
#include <catch2/catch.hpp>
