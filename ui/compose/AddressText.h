#pragma once
#include <string>
#include <vector>

namespace petrel::ui {

// An address field's text as the compose window reads and fills it: addresses separated by
// commas, where a comma inside a quoted display name ("Doe, Jane" <jane@example.com>) or inside
// angle brackets does not separate. Entries are trimmed; empty ones are dropped.
std::vector<std::string> splitAddresses(const std::string& text);
std::string joinAddresses(const std::vector<std::string>& addresses);

}  // namespace petrel::ui
