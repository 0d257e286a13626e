#pragma once
#include <string>

namespace petrel::store {

// Turns what a user typed into an FTS5 MATCH expression that cannot fail to parse: every word
// becomes a quoted phrase (so AND, NEAR, *, (, ", column: lose their meaning), words are ANDed,
// and the last word matches as a prefix unless the input ends in a space (search-as-you-type).
// Returns "" when nothing searchable remains; callers must then not query at all.
std::string buildFtsQuery(const std::string& userInput);

}  // namespace petrel::store
