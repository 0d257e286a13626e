// Secrets (issue 8 item 4): after logging in over IMAP STARTTLS, IMAPS, POP3 STLS, POP3S and SMTP
// with protocol traces written into the profile's log folder, no file of the profile (SQLite
// database with -wal/-shm, configuration, cache, logs, traces) holds the password, its base64
// form (AUTH LOGIN) or the SASL PLAIN blob in either form.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "net/LoginCheck.h"
#include "net/SmtpSender.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"

namespace fs = std::filesystem;
using petrel::model::AccountConfig;
using petrel::model::Protocol;
using petrel::model::Security;
using petrel::testing::MailServer;

namespace {

MailServer& server() { return MailServer::instance(); }

// Distinctive: found nowhere by chance, and not derived from the user name.
const std::string kPassword = "Qx7-petrel-SECRET-wv93Lk2!";

std::string base64(const std::string& in) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6) out += table[(v >> s) & 63];
    }
    if (i < in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += i + 1 < in.size() ? table[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string readFile(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// A user with kPassword (createUser derives passwords from the name, which the profile holds).
std::string createSecretUser() {
    for (int attempt = 0; attempt < 50; ++attempt) {
        const std::string name = "secret" + std::to_string(::getpid()) + "n" + std::to_string(attempt);
        const std::string command = "'" + MailServer::scriptPath() + "' add-user --dir '" + server().directory() +
                                    "' " + name + " '" + kPassword + "' --fill sample >/dev/null 2>&1";
        const int rc = std::system(command.c_str());
        if (WIFEXITED(rc) && WEXITSTATUS(rc) == 0) return name;
        if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 3) throw std::runtime_error("add-user failed: " + command);
    }
    throw std::runtime_error("no free user name");
}

// Appends every trace line to one file in the profile's log folder, as a trace log would.
class TraceFile {
public:
    explicit TraceFile(const fs::path& path) : path_(path) { fs::create_directories(path.parent_path()); }
    petrel::net::TraceSink sink() {
        return [this](const petrel::net::TraceEvent& e) {
            std::lock_guard<std::mutex> lock(mutex_);
            std::ofstream(path_, std::ios::app | std::ios::binary)
                << e.protocol << ' ' << e.connection << (e.direction == petrel::net::TraceDirection::Sent ? " C: " : " S: ")
                << e.text << '\n';
        };
    }

private:
    fs::path path_;
    std::mutex mutex_;
};

}  // namespace

TEST(Secrets, NoProfileFileHoldsThePasswordAfterLoginsOverEveryProtocol) {
    const std::string user = createSecretUser();
    petrel::testing::CliProfile cli("secrets");
    const fs::path profile = cli.profileDir();

    // 1. The engine's own paths: accounts added (each logs in once) and synced with petrel-cli.
    struct Endpoint {
        const char* name;
        const char* protocol;
        std::uint16_t port;
        const char* security;
    };
    const Endpoint endpoints[] = {{"imap-starttls", "--imap", server().imapPort(), "starttls"},
                                  {"imaps", "--imap", server().imapsPort(), "tls"},
                                  {"pop3-stls", "--pop3", server().pop3Port(), "starttls"},
                                  {"pop3s", "--pop3", server().pop3sPort(), "tls"}};
    for (const auto& e : endpoints) {
        cli.ok({"account", "add", e.name, e.protocol, "--host", server().host(), "--port", std::to_string(e.port),
                "--security", e.security, "--user", user, "--password-command", cli.passwordCommand(e.name, kPassword),
                "--trust-fingerprint", server().certSha256()});
        if (std::string(e.protocol) == "--imap") {
            cli.ok({"sync", e.name, "--folder", "INBOX"});
        } else {
            cli.ok({"sync", e.name});
        }
    }
    auto list = cli.ok({"list", "imaps", "--folder", "INBOX", "--limit", "1"});
    ASSERT_FALSE(list["messages"].empty());
    cli.ok({"show", "imaps", "--folder", "INBOX", "--uid", std::to_string(list["messages"][0]["uid"].get<unsigned>())});

    // 2. Protocol traces of logins over every transport, written into the profile's log folder.
    TraceFile traces(profile / "logs" / "protocol-trace.log");
    petrel::net::ConnectOptions options;
    options.trace = traces.sink();
    for (const auto& [protocol, security, port] :
         {std::tuple{Protocol::Imap, Security::StartTls, server().imapPort()},
          std::tuple{Protocol::Imap, Security::Tls, server().imapsPort()},
          std::tuple{Protocol::Pop3, Security::StartTls, server().pop3Port()},
          std::tuple{Protocol::Pop3, Security::Tls, server().pop3sPort()}}) {
        AccountConfig a;
        a.name = "traced";
        a.protocol = protocol;
        a.user = user;
        a.incoming = {server().host(), port, security, server().certSha256()};
        petrel::net::testLogin(a, kPassword, options);
    }
    AccountConfig smtp;
    smtp.name = "traced-smtp";
    smtp.user = user;
    smtp.smtp = petrel::model::ServerEndpoint{server().host(), server().smtpPort(), Security::StartTls,
                                              server().certSha256()};
    petrel::net::SmtpSender sender(smtp, [] { return kPassword; }, options);
    sender.send(user + "@example.com", {user + "@example.com"},
                "From: " + user + "@example.com\r\nTo: " + user + "@example.com\r\nSubject: secrets\r\n\r\nhello\r\n");

    // The traces really hold the logins (redacted): otherwise this test could not fail.
    const std::string trace = readFile(profile / "logs" / "protocol-trace.log");
    EXPECT_NE(trace.find("LOGIN"), std::string::npos) << "no IMAP login traced";
    EXPECT_NE(trace.find("PASS"), std::string::npos) << "no POP3 login traced";
    EXPECT_NE(trace.find("AUTH"), std::string::npos) << "no SMTP login traced";
    EXPECT_NE(trace.find(user), std::string::npos) << "the user name is traced, only the secret is not";

    // 3. Every file of the profile, searched for every form of the password.
    const std::vector<std::pair<std::string, std::string>> needles = {
        {"password", kPassword},
        {"base64(password)", base64(kPassword)},
        {"SASL PLAIN blob", std::string(1, '\0') + user + '\0' + kPassword},
        {"base64(SASL PLAIN)", base64(std::string(1, '\0') + user + '\0' + kPassword)},
        {"base64(SASL PLAIN with authzid)", base64(user + '\0' + user + '\0' + kPassword)},
    };
    std::size_t files = 0;
    std::uintmax_t bytes = 0;
    bool sawDatabase = false;
    for (const auto& entry : fs::recursive_directory_iterator(profile)) {
        if (!entry.is_regular_file()) continue;
        const std::string content = readFile(entry.path());
        ++files;
        bytes += content.size();
        if (entry.path().filename().string().find(".sqlite") != std::string::npos ||
            entry.path().extension() == ".db")
            sawDatabase = true;
        for (const auto& [what, needle] : needles)
            EXPECT_EQ(content.find(needle), std::string::npos) << what << " found in " << entry.path();
    }
    EXPECT_TRUE(sawDatabase) << "the profile's database was not found under " << profile;
    EXPECT_GE(files, 2u);
    std::cout << "[ secrets  ] searched " << files << " profile files, " << bytes << " bytes, for "
              << needles.size() << " forms of the password: 0 hits expected\n";
}
