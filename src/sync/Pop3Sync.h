#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "store/Clock.h"
#include "sync/LocalMailbox.h"

namespace petrel::store {
class Db;
}
namespace petrel::net {
class Pop3Session;
}

namespace petrel::sync {

struct Pop3CheckResult {
    std::uint32_t added = 0;            // messages stored (whole or header-only)
    std::uint32_t headerOnly = 0;       // of those, kept header-only by the size limit
    std::uint32_t deletedOnServer = 0;  // DELEs committed by QUIT
};

struct Pop3BrowseEntry {
    std::uint32_t number = 0;
    std::string uidl;
    std::uint64_t size = 0;
    std::string from;
    std::string subject;
    std::int64_t date = 0;
    bool downloaded = false;  // stored locally in full
    bool overSizeLimit = false;  // over the account's size limit: a sync keeps it header-only
    std::optional<std::int64_t> localMessageId;
};

// The POP3 account handler: what a check does, browsing, downloading and deleting one message.
//
// Invariants (issue 4), all resting on one rule — the ledger row saying "downloaded" is written
// in the same SQLite transaction that stores the message:
//  - A message is stored at most once: a UIDL the ledger marks downloaded is never fetched again
//    by a check (keep mode: not even after the local copy was deleted).
//  - Nothing is deleted on the server that is not stored: DELE is sent only for UIDLs whose
//    storing transaction has committed, and the deletions only count once QUIT got +OK. A
//    connection lost before that deletes nothing (RFC 1939) and the next check DELEs again.
//  - A check with nothing new sends UIDL only (plus login and QUIT); LIST only when there is
//    something new.
class Pop3Sync {
public:
    using Progress = std::function<void(const std::string& phase, std::uint64_t done, std::uint64_t total)>;

    Pop3Sync(store::Db& db, std::string cacheDir, model::AccountConfig account);

    // The check of a sync. Downloads new mail (messages over the size limit as TOP n 20), then
    // sends the DELEs the mode asks for, then QUIT.
    Pop3CheckResult check(net::Pop3Session& session, const Progress& progress = {},
                          const std::function<bool()>& cancelled = {});
    // What is on the server, headers only (TOP n 0).
    std::vector<Pop3BrowseEntry> browse(net::Pop3Session& session);
    // Downloads a server message by its current number (from browse) into the Inbox, or completes
    // its header-only copy. In delete mode the server copy is then deleted (and QUIT sent).
    // Returns the local message id.
    std::int64_t downloadNumber(net::Pop3Session& session, std::uint32_t number);
    // Completes a header-only local message from the server.
    std::int64_t downloadLocal(net::Pop3Session& session, std::int64_t messageId);
    // DELE + QUIT for server message `number`; the ledger records it.
    void deleteNumber(net::Pop3Session& session, std::uint32_t number);
    // Deletes a local message; with deleteOnLocalDelete its server copy too (session may be null
    // when offline: the next check sends the DELE). Returns true when the server copy was deleted now.
    bool deleteLocal(net::Pop3Session* session, std::int64_t messageId);
    // DELE + QUIT for the server message with this UIDL; false when the server no longer has it.
    bool deleteUidl(net::Pop3Session& session, const std::string& uidl);
    // UIDLs whose server copy should go because their local copy was deleted.
    bool wantsServerDeleteAfterLocalDelete() const;

    LocalMailbox& mailbox() { return mailbox_; }

    static constexpr std::uint32_t kPreviewLines = 20;
    // Storing batches of a check (see check()).
    static constexpr std::uint32_t kBatchMessages = 50;
    static constexpr std::uint64_t kBatchBytes = 2 * 1024 * 1024;
    static constexpr std::chrono::milliseconds kBatchTime{500};

    // The clock for the ledger's timestamps and "delete after N days"; tests move it.
    void setClock(std::function<std::int64_t()> clock) { clock_ = std::move(clock); }

private:
    std::int64_t fetchInto(net::Pop3Session& session, std::uint32_t number, const std::string& uidl);
    void commitDeletions(net::Pop3Session& session, const std::vector<std::pair<std::uint32_t, std::string>>& doomed);

    std::int64_t now() const { return clock_ ? clock_() : store::unixNow(); }

    store::Db& db_;
    std::function<std::int64_t()> clock_;
    model::AccountConfig account_;
    LocalMailbox mailbox_;
};

}  // namespace petrel::sync
