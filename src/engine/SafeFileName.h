#pragma once
#include <string>

namespace petrel::engine {

// A file name from a message (an attachment's name) made safe to create in a folder the user
// chose: no path separators or drive colons, no "." / ".." names, no control characters, no
// Windows device names (CON, NUL, COM1, ...), no trailing dots or spaces, at most 200 bytes
// (cut on a UTF-8 boundary). Never empty: `fallback` when nothing is left.
std::string safeFileName(const std::string& name, const std::string& fallback = "attachment");

}  // namespace petrel::engine
