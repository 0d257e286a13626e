#pragma once
#include <string>
#include <string_view>

namespace petrel::mime {

// One field of a message's top-level header block, unfolded and RFC 2047-decoded; empty when
// absent. For the few fields our summaries do not carry (Bcc of our own drafts, Reply-To).
std::string headerFieldValue(std::string_view raw, std::string_view name);

}  // namespace petrel::mime
