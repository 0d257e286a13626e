#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "mime/MessageParser.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"

namespace petrel::store {
class Db;
}

namespace petrel::sync {

// The local folders of a POP3 account and the messages in them.
//
// Storage decision: a message's raw bytes (exactly what RETR returned after dot-unstuffing:
// CRLF line ends, final CRLF included) live in the PartCache under section "" (the whole
// message) as one complete piece — a file once over the PartCache threshold. A header-only
// message (over the size limit) keeps what TOP n L returned as an incomplete piece and lacks
// CachedFull until it is downloaded. Summary, part tree and the capped text (FTS) are in the
// MessageIndex. UIDs are local sequence numbers per folder (max + 1); moving a message keeps its
// row id, so its ledger entry, text and parts follow it.
//
// Every write joins the caller's transaction when one is open.
class LocalMailbox {
public:
    static constexpr const char* kRawSection = "";

    LocalMailbox(store::Db& db, std::string cacheDir) : db_(db), cacheDir_(std::move(cacheDir)) {}

    // The account's local Inbox (SpecialUse::Inbox, local), created on first use.
    model::FolderInfo ensureInbox(std::int64_t accountId);
    model::FolderInfo requireFolder(std::int64_t accountId, const std::string& path);
    // The stored message `uid` of `folder`; NotFound names the uid and the folder.
    model::MessageSummary requireMessage(const model::FolderInfo& folder, std::uint32_t uid);

    // Stores a message and returns its row id. complete = the raw bytes are the whole message.
    std::int64_t add(std::int64_t folderId, const std::string& raw, bool complete, std::uint32_t textCap,
                     model::Flags flags = 0);
    // Replaces a header-only message's bytes by the whole message (same row, same uid).
    void completeMessage(std::int64_t messageId, const std::string& raw, std::uint32_t textCap);
    // The whole raw message when it is stored completely.
    std::optional<std::string> raw(std::int64_t messageId);
    // Whatever is stored (the TOP bytes of a header-only message).
    std::optional<std::string> storedBytes(std::int64_t messageId);

    // Returns the message's new uid in the target folder.
    std::uint32_t move(std::int64_t messageId, std::int64_t targetFolderId);
    std::uint32_t copy(std::int64_t messageId, std::int64_t targetFolderId);
    void remove(std::int64_t messageId);

    model::FolderInfo createFolder(std::int64_t accountId, const std::string& path);
    void renameFolder(std::int64_t accountId, const std::string& oldPath, const std::string& newPath);
    // Refuses the Inbox, and a folder with subfolders unless recursive.
    void deleteFolder(std::int64_t accountId, const std::string& path, bool recursive);

private:
    store::Db& db_;
    std::string cacheDir_;
};

}  // namespace petrel::sync
