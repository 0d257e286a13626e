#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "GuiTest.h"
#include "engine/Profile.h"

namespace petrel::store {
class Db;
}

namespace petrel::guitest {

// A profile in a temporary directory, filled through the store API with two accounts:
//   "Work"  IMAP alice@example.com: INBOX (5 messages, 2 unread), Sent (1), Archive/2025 (2; no
//           Archive folder of its own, so the tree must invent the parent), Entwürfe (drafts, 0)
//   "Home"  POP3 bob: Inbox (3 messages, 1 unread)
class TestProfile {
public:
    TestProfile();

    const engine::Profile& profile() const { return profile_; }
    const std::filesystem::path& directory() const { return dir_.path(); }

    std::int64_t workId = 0;
    std::int64_t homeId = 0;
    std::int64_t workInbox = 0;
    std::int64_t workSent = 0;
    std::int64_t workArchive2025 = 0;
    std::int64_t workDrafts = 0;
    std::int64_t homeInbox = 0;

    // Subjects of Work/INBOX, newest first (the default order: date, descending).
    static const std::vector<std::string>& inboxSubjectsByDate();
    // The same subjects in subject order (ascending; "Re:" does not count).
    static const std::vector<std::string>& inboxSubjectsBySubject();
    // The Work/INBOX message whose text is in the index cache, and that text.
    static const char* cachedSubject();
    static const char* cachedText();

private:
    TempDir dir_;
    engine::Profile profile_;
};

}  // namespace petrel::guitest
