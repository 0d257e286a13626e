#pragma once
#include <string>
#include <string_view>

namespace petrel::mime {

// Converts text in a declared charset to UTF-8 with vmime's converter (ICU/iconv). An unknown
// or lying charset does not fail: bytes that cannot be converted become U+FFFD, and an empty
// or unknown charset is treated as UTF-8 when the bytes are valid UTF-8, else Latin-1.
std::string toUtf8(std::string_view bytes, std::string_view charset);

// Strict: no overlong forms, no surrogates, nothing above U+10FFFF (what SQLite, JSON and wx accept).
bool isValidUtf8(std::string_view bytes);

// The bytes as they are when they are valid UTF-8, else read as Latin-1: for raw header and
// protocol tokens (MIME types, Message-IDs, encodings) that must be text but may be 8-bit junk.
std::string ensureUtf8(std::string_view bytes);

// Latin-1 → UTF-8, the fallback for raw 8-bit text without a usable charset.
std::string latin1ToUtf8(std::string_view bytes);

}  // namespace petrel::mime
