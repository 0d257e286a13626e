#pragma once
#include <string>
#include <string_view>

// Derived sort keys stored beside the message columns, so each list order is one index walk.
namespace petrel::store::sorttext {

// "Ann Example <ann@example.com>" sorts as "ann example"; a bare address as itself; quotes
// and leading punctuation do not count. ASCII is lowercased; other UTF-8 is kept as is.
std::string fromKey(std::string_view from);

// "Re: Fwd: [list] Hello" sorts beside "Hello": reply/forward prefixes (also the common
// German/Nordic ones) are stripped repeatedly, then lowercased.
std::string subjectKey(std::string_view subject);

}  // namespace petrel::store::sorttext
