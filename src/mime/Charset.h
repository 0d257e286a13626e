#pragma once
#include <string>
#include <string_view>

namespace petrel::mime {

// Converts text in a declared charset to UTF-8 with vmime's converter (ICU/iconv). An unknown
// or lying charset does not fail: bytes that cannot be converted become U+FFFD, and an empty
// or unknown charset is treated as UTF-8 when the bytes are valid UTF-8, else Latin-1.
std::string toUtf8(std::string_view bytes, std::string_view charset);

bool isValidUtf8(std::string_view bytes);

// Latin-1 → UTF-8, the fallback for raw 8-bit text without a usable charset.
std::string latin1ToUtf8(std::string_view bytes);

}  // namespace petrel::mime
