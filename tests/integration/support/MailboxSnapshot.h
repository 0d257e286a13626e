#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "support/MailServer.h"

namespace petrel::testing {

// UID -> flag bits (model::Flag values: \Seen \Answered \Flagged \Deleted \Draft $Forwarded).
using UidFlags = std::map<std::uint32_t, std::uint32_t>;

// What Dovecot holds in `folder`, read over a separate plain IMAP connection (EXAMINE: changes nothing).
UidFlags serverUidFlags(const TestUser& user, const std::string& folder = "INBOX");

// What a profile's index holds for one folder of one account.
struct LocalSnapshot {
    std::string integrity;  // PRAGMA integrity_check, "ok" when intact
    UidFlags uids;
    std::size_t rows = 0;          // message rows of the folder (rows > uids.size(): a UID stored twice)
    std::size_t pendingOps = 0;    // op_queue rows still pending for the account
    std::size_t failedOps = 0;
};
LocalSnapshot localSnapshot(const std::string& databasePath, const std::string& account,
                            const std::string& folder = "INBOX");

// "" when equal, else the first few differences, readable.
std::string describeDifference(const UidFlags& server, const UidFlags& local);

}  // namespace petrel::testing
