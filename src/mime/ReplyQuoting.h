#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace petrel::mime {

// "On Fri, 27 Nov 2026 09:15, Alice Example wrote:" (date in UTC; the sender's name, else
// the address). `date` is seconds since the epoch; 0 leaves the date out.
std::string attributionLine(std::int64_t date, std::string_view fromHeader);

// "Fri, 27 Nov 2026 09:15 UTC".
std::string formatMailDate(std::int64_t date);

// Every line prefixed "> " (">" before an already quoted line, so depth grows as ">>", and
// ">" alone for an empty line, which format=flowed would otherwise read as a soft break).
std::string quoteText(std::string_view text);

// The References of a reply: the original's References (or its In-Reply-To when it has none)
// followed by its Message-ID, duplicates removed. A very long list keeps the first id (the
// thread's root) and the most recent ones, `maxIds` in all (RFC 5322 §3.6.4 allows trimming).
std::string replyReferences(std::string_view references, std::string_view inReplyTo,
                            std::string_view messageId, std::size_t maxIds = 20);

// The "<id>" tokens of a References-like header.
std::string normalizeMessageId(std::string_view id);

}  // namespace petrel::mime
