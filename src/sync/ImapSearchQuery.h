#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/MessageSummary.h"
#include "net/ImapCommand.h"

namespace petrel::sync {

// The search syntax of petrel-cli and the search box:
//   from:alice  to:bob  cc:carol  subject:"quarterly report"  body:invoice  text:petrel
//   since:2025-01-01  before:2025-02-01  unseen|is:unread  seen|is:read  flagged|is:flagged  unflagged
//   any other word (or "quoted phrase") searches the whole message (IMAP TEXT).
// All terms must match. Values may be quoted; non-ASCII is sent as UTF-8 literals.
struct ImapSearchQuery {
    std::vector<std::pair<std::string, std::string>> terms;  // (FROM|TO|CC|SUBJECT|BODY|TEXT, value)
    std::optional<std::int64_t> since;   // Unix time of the day's start (UTC)
    std::optional<std::int64_t> before;
    bool unseen = false;
    bool seen = false;
    bool flagged = false;
    bool unflagged = false;

    // Words for the local full-text index (every term's value).
    std::string localText() const;
    // The flag and date conditions, for filtering local hits the same way.
    bool matchesFilters(const model::MessageSummary& m) const;
    // UID SEARCH CHARSET UTF-8 <criteria> (ALL when empty).
    net::ImapCommand command() const;
};

// Throws model::Error(Usage) for a malformed term (bad date, empty value).
ImapSearchQuery parseSearchQuery(const std::string& text);

}  // namespace petrel::sync
