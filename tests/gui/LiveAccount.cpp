#include "LiveAccount.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace petrel::guitest {

void requireUnlockedKeyring() {
    const char* keyring = std::getenv("PETREL_TEST_KEYRING");
    if (!keyring || std::string(keyring) != "unlocked")
        FAIL() << "a Live* test: run it under tests/servers/with-keyring (ctest does)";
}

void addAccount(const testing::CliProfile& cli, const testing::MailServer& server, const std::string& name,
                const testing::TestUser& user, const std::vector<std::string>& extra, Incoming incoming) {
    const bool imap = incoming == Incoming::Imap;
    std::vector<std::string> args{"account",
                                  "add",
                                  name,
                                  imap ? "--imap" : "--pop3",
                                  "--host",
                                  server.host(),
                                  "--port",
                                  std::to_string(imap ? server.imapsPort() : server.pop3sPort()),
                                  "--security",
                                  "tls",
                                  "--user",
                                  user.name,
                                  "--password-command",
                                  cli.passwordCommand(name, user.password),
                                  "--trust-fingerprint",
                                  server.certSha256()};
    args.insert(args.end(), extra.begin(), extra.end());
    cli.ok(args);
}

}  // namespace petrel::guitest
