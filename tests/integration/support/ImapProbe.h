#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/MailServer.h"
#include "support/TcpClient.h"

namespace petrel::testing {

// A raw IMAP client, logged in, for reading back what a server holds independently of Petrel.
std::unique_ptr<TcpClient> imapLogin(const std::string& host, std::uint16_t port, const std::string& user,
                                     const std::string& password);
// The same for `user` on the test Dovecot (plain IMAP on loopback).
std::unique_ptr<TcpClient> imapLogin(const TestUser& user);

// The UIDs of "* SEARCH" lines among an IMAP reply's lines, ascending.
std::vector<std::uint32_t> searchUids(const std::vector<std::string>& replyLines);
// UID SEARCH `criteria` in the selected mailbox, ascending.
std::vector<std::uint32_t> searchUids(TcpClient& c, const std::string& criteria);

}  // namespace petrel::testing
