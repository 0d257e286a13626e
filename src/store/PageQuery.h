#pragma once
#include <cstdint>

namespace petrel::store {

// Date sorts by the Date header (the arrival time when a message has none); From by the
// sender's display name; Subject without Re:/Fwd: prefixes. Ties always fall back to the
// message id in the same direction, so a page boundary never shows a row twice.
enum class SortKey { Date, From, Subject, Size };

// A folder id no folder has: the INBOX of every account (IMAP and POP3 alike) merged into one
// list, in the same orders as a folder's list.
inline constexpr std::int64_t kAllInboxesFolderId = -1;

struct PageQuery {
    std::int64_t folderId = 0;
    SortKey sort = SortKey::Date;
    bool descending = true;
    bool unreadOnly = false;
    std::uint32_t offset = 0;
    std::uint32_t limit = 100;
};

}  // namespace petrel::store
