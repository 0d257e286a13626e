#pragma once
#include <string>
#include <vector>

#include "support/CliProfile.h"
#include "support/MailServer.h"

// Setting up the account of a Live* test: through petrel-cli in-process, against the project's real
// Dovecot, with the password behind a command and the server's certificate pinned.
namespace petrel::guitest {

// A gtest failure unless the test runs under tests/servers/with-keyring (as ctest runs it).
void requireUnlockedKeyring();

enum class Incoming { Imap, Pop3 };

// `account add NAME` for `user` on the server's implicit-TLS port of `incoming`; `extra` goes after.
void addAccount(const testing::CliProfile& cli, const testing::MailServer& server, const std::string& name,
                const testing::TestUser& user, const std::vector<std::string>& extra = {},
                Incoming incoming = Incoming::Imap);

}  // namespace petrel::guitest
