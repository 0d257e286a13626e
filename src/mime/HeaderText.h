#pragma once
#include <string>
#include <string_view>

namespace petrel::mime {

// Header values as people read them: RFC 2047 encoded-words decoded, folding removed,
// converted to UTF-8. Raw 8-bit bytes that are not valid UTF-8 are taken as Latin-1 (what
// such mail almost always is) rather than rejected. Never throws: a value vmime cannot
// decode comes back with the undecodable pieces as they were.
std::string decodeHeaderText(std::string_view raw);

// Cuts a header value at a bound before it reaches vmime's parser (DESIGN §4: deep address
// nesting crashes vmime 0.9.2). Values longer than `maxBytes` are truncated.
std::string_view boundHeaderValue(std::string_view raw, std::size_t maxBytes = 64 * 1024);

}  // namespace petrel::mime
