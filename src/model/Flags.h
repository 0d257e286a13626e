#pragma once
#include <cstdint>
#include <string>

namespace petrel::model {

// IMAP system flags as a bit set; keywords travel separately as text.
enum Flag : std::uint32_t {
    FlagSeen = 1u << 0,
    FlagAnswered = 1u << 1,
    FlagFlagged = 1u << 2,
    FlagDeleted = 1u << 3,
    FlagDraft = 1u << 4,
    FlagForwarded = 1u << 5,  // $Forwarded keyword, common enough to keep as a bit
};

using Flags = std::uint32_t;

// "\\Seen \\Flagged" style text, for JSON output and traces.
std::string flagsToString(Flags flags);

}  // namespace petrel::model
