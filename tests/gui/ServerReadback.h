#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "support/MailServer.h"
#include "support/TcpClient.h"

// What the Live* tests read back from the real Dovecot: a separate raw IMAP client, never Petrel's own
// code, so a test sees what the server really holds.
namespace petrel::guitest {

class ServerReadback {
public:
    ServerReadback(const testing::MailServer& server, testing::TestUser user);

    // A plain-IMAP connection, logged in as the user.
    std::unique_ptr<testing::TcpClient> login() const;

    // APPENDs `data` to INBOX (a gtest failure when the server refuses it).
    static void append(testing::TcpClient& c, const std::string& data);
    void append(const std::string& data) const;

    // UIDs that `UID SEARCH criteria` answers in `folder`, in the server's order.
    std::vector<std::uint32_t> search(const std::string& folder, const std::string& criteria) const;
    std::set<std::uint32_t> searchSet(const std::string& folder, const std::string& criteria) const;
    bool has(const std::string& folder, std::uint32_t uid) const;
    // The untagged FETCH lines of `UID FETCH uid (FLAGS)`.
    std::string flags(const std::string& folder, std::uint32_t uid) const;
    // The message as the server stores it (the BODY.PEEK[] literal).
    std::string message(const std::string& folder, std::uint32_t uid) const;
    // Mailbox names the server lists (`LIST`) or the user is subscribed to (`LSUB`).
    std::set<std::string> mailboxes(const std::string& command = "LIST") const;

private:
    const testing::MailServer& server_;
    testing::TestUser user_;
};

}  // namespace petrel::guitest
