#pragma once
// Shared by the Send*/Draft*/Outbox* integration tests: accounts that send through the project's
// Postfix, and a raw IMAP client that reads back what Dovecot holds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store/AccountRepository.h"
#include "store/Db.h"
#include "support/CliProfile.h"
#include "support/ImapProbe.h"
#include "support/LoopbackListener.h"
#include "support/MailServer.h"
#include "support/TcpClient.h"

namespace petrel::testing::send {

using nlohmann::json;

using petrel::testing::imapLogin;
using petrel::testing::searchUids;

// UIDs in `mailbox` carrying this Message-ID, waiting up to `wait` for at least one (delivery
// through Postfix and LMTP takes a moment). With wait = 0, one look.
inline std::vector<std::uint32_t> findMessage(TcpClient& c, const std::string& mailbox,
                                              const std::string& messageId,
                                              std::chrono::milliseconds wait = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        c.imapOk("EXAMINE \"" + mailbox + "\"");
        auto uids = searchUids(c, "HEADER Message-ID \"" + messageId + "\"");
        if (!uids.empty() || std::chrono::steady_clock::now() >= deadline) return uids;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

// The raw bytes of one message of the examined mailbox.
inline std::string fetchRaw(TcpClient& c, std::uint32_t uid) {
    for (const auto& l : c.imapOk("UID FETCH " + std::to_string(uid) + " BODY.PEEK[]")) {
        if (l.rfind("* ", 0) != 0) continue;
        const auto close = l.find("}\r\n");
        if (close == std::string::npos) continue;
        const auto open = l.rfind('{', close);
        const auto n = std::stoul(l.substr(open + 1, close - open - 1));
        return l.substr(close + 3, n);
    }
    throw std::runtime_error("no message with uid " + std::to_string(uid));
}

inline std::string fetchFlags(TcpClient& c, std::uint32_t uid) {
    for (const auto& l : c.imapOk("UID FETCH " + std::to_string(uid) + " FLAGS")) {
        std::smatch m;
        if (std::regex_search(l, m, std::regex("FLAGS \\(([^)]*)\\)"))) return m[1];
    }
    return {};
}

inline std::string writeFile(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path.string();
}

inline std::string randomBytes(std::size_t n, unsigned seed) {
    std::string s(n, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& c : s) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = static_cast<char>(x & 0xFF);
    }
    return s;
}

// A CLI profile with one account for `user` that reads over IMAPS and sends over the
// project's Postfix (STARTTLS + AUTH), both pinned to the test certificate.
class SendingAccount {
public:
    SendingAccount(const TestUser& user, const std::string& tag, const std::string& displayName = "")
        : user_(user), cli_(tag) {
        auto& s = MailServer::instance();
        const std::string from = (displayName.empty() ? "" : displayName + " ") + "<" + user.address + ">";
        auto r = cli_.run({"account",
                           "add",
                           "acct",
                           "--imap",
                           "--host",
                           s.host(),
                           "--port",
                           std::to_string(s.imapsPort()),
                           "--security",
                           "tls",
                           "--user",
                           user.name,
                           "--password-command",
                           cli_.passwordCommand("acct", user.password),
                           "--trust-fingerprint",
                           s.certSha256(),
                           "--from",
                           from,
                           "--smtp-host",
                           s.host(),
                           "--smtp-port",
                           std::to_string(s.smtpPort()),
                           "--smtp-security",
                           "starttls",
                           "--smtp-trust-fingerprint",
                           s.certSha256(),
                           "--offline"});
        EXPECT_EQ(r.code, 0) << r.err << r.out.dump();
    }

    CliResult run(std::vector<std::string> args) const { return cli_.run(std::move(args)); }
    json ok(std::vector<std::string> args) const {
        auto r = cli_.run(args);
        std::string joined;
        for (const auto& a : args) joined += a + " ";
        EXPECT_EQ(r.code, 0) << joined << "\n" << r.err << r.out.dump(2);
        return r.out;
    }
    std::string file(const std::string& name, const std::string& bytes) const {
        return writeFile(cli_.dir() / name, bytes);
    }

    // Changes the stored account (e.g. its SMTP endpoint) as the settings dialog would.
    void amend(const std::function<void(model::AccountConfig&)>& change) const {
        store::Db db(cli_.databasePath());
        store::AccountRepository accounts(db);
        auto a = accounts.findByName("acct");
        ASSERT_TRUE(a.has_value());
        change(*a);
        accounts.update(*a);
    }

    const TestUser& user() const { return user_; }
    const CliProfile& cli() const { return cli_; }

private:
    TestUser user_;
    CliProfile cli_;
};

// A loopback port with nothing listening on it (bound, then closed).
inline std::uint16_t closedPort() {
    std::uint16_t port = 0;
    {
        LoopbackListener listener([](int fd) { ::close(fd); });
        port = listener.port();
    }
    return port;
}

}  // namespace petrel::testing::send
