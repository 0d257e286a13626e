#pragma once
#include <functional>
#include <ostream>
#include <string>

namespace petrel::engine {

// Writes `path` through `write` into "<path>.part" and renames it into place only when all of it
// was written, so a failed or cancelled save never leaves a truncated file under the user's name.
// Throws model::Error (Storage) when the file cannot be written; write's own errors pass through
// after the partial file is removed.
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace petrel::engine
