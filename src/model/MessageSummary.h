#pragma once
#include <cstdint>
#include <string>

#include "model/Flags.h"

namespace petrel::model {

// What has been downloaded of a message, as a bit set.
enum CacheState : std::uint32_t {
    CachedHeaders = 1u << 0,  // envelope and structure (always, once synced)
    CachedText = 1u << 1,     // the displayable text part (possibly capped)
    CachedTextPartial = 1u << 2,  // the cached text stops at the cap
    CachedFull = 1u << 3,     // the whole raw message
};

// One row of a message list: everything a list shows without touching the network.
// Times are seconds since the Unix epoch, UTC.
struct MessageSummary {
    std::int64_t id = 0;
    std::int64_t folderId = 0;
    std::uint32_t uid = 0;  // IMAP UID; for POP3 local mail, a local sequence number
    Flags flags = 0;
    std::string keywords;  // space separated
    std::uint64_t size = 0;
    std::int64_t internalDate = 0;
    std::int64_t date = 0;
    std::string from;
    std::string to;
    std::string cc;
    std::string subject;
    std::string messageId;
    std::string inReplyTo;
    std::string references;
    bool hasAttachment = false;
    std::string bodyStructure;  // serialized part tree (JSON), see PartInfo
    std::uint32_t cacheState = CachedHeaders;

    bool unread() const { return (flags & FlagSeen) == 0; }
};

}  // namespace petrel::model
