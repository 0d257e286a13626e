#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "model/FolderInfo.h"

namespace petrel::net {
class ImapSession;
}
namespace petrel::store {
class Db;
}

namespace petrel::sync {

struct ImapAppended {
    std::string path;
    std::uint32_t uidValidity = 0;
    std::uint32_t uid = 0;  // 0 when the server has no UIDPLUS and the search found nothing
};

// Storing Petrel's own messages on the IMAP server: the Sent copy and drafts.
class ImapAppend {
public:
    ImapAppend(net::ImapSession& session, store::Db& db, std::int64_t accountId);

    // The folder marked with `use` (RFC 6154 SPECIAL-USE, as the index knows it after a refresh
    // of the folder list), else one named `fallbackName` (any case), else `fallbackName`
    // created on the server.
    model::FolderInfo ensureSpecialFolder(model::SpecialUse use, const std::string& fallbackName);

    // APPEND with the given flags ("\\Seen", "\\Draft \\Seen"); the new UID from APPENDUID
    // (UIDPLUS), else found by its Message-ID. The folder's index is brought up to date, so the
    // message shows in lists at once.
    ImapAppended append(const model::FolderInfo& folder, const std::string& raw, const std::string& flags,
                        const std::string& messageId);

    // UID SEARCH HEADER Message-ID: the highest matching UID, nullopt when none matches.
    std::optional<std::uint32_t> findByMessageId(const model::FolderInfo& folder,
                                                 const std::string& messageId);

    // \Deleted + UID EXPUNGE (EXPUNGE without UIDPLUS) of one message, and out of the index.
    void expunge(const model::FolderInfo& folder, std::uint32_t uid);

private:
    void resync(const model::FolderInfo& folder);

    net::ImapSession& session_;
    store::Db& db_;
    std::int64_t accountId_;
};

}  // namespace petrel::sync
