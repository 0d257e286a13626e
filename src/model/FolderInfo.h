#pragma once
#include <cstdint>
#include <string>

namespace petrel::model {

enum class SpecialUse { None, Inbox, Sent, Drafts, Trash, Junk, Archive, All, Flagged };

std::string toString(SpecialUse use);
SpecialUse specialUseFromString(const std::string& s);

// A folder as the index knows it. `path` is the full name in UTF-8 with the server's
// separator (IMAP modified UTF-7 is decoded before it gets here).
struct FolderInfo {
    std::int64_t id = 0;
    std::int64_t accountId = 0;
    std::string path;
    char separator = '/';
    SpecialUse specialUse = SpecialUse::None;
    bool subscribed = true;
    bool selectable = true;
    bool local = false;  // a local-only folder (POP3 accounts)
    std::uint32_t uidValidity = 0;
    std::uint32_t uidNext = 0;
    std::uint64_t highestModSeq = 0;
    std::uint32_t total = 0;
    std::uint32_t unread = 0;

    // Last path component, what a tree shows.
    std::string displayName() const;
    // Path of the parent folder, empty at top level.
    std::string parentPath() const;
};

}  // namespace petrel::model
