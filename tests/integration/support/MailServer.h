#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace petrel::testing {

struct TestUser {
    std::string name;
    std::string password;
    std::string address;  // name@example.com
};

// The real Dovecot + Postfix of tests/servers/petrel-mailserver, shared by all tests of a process.
//
// instance() attaches to running servers when the environment variable PETREL_TEST_SERVER_DIR names a
// directory with a servers.env (ctest starts them once per run with its mailserver fixture), and otherwise
// starts its own in a fresh temporary directory (running a test binary by hand), which stop() removes again.
// Each test takes its own user from createUser(), so tests can run in parallel. Failures throw
// std::runtime_error carrying the servers' log tails: an integration test fails, it never skips.
class MailServer {
public:
    static MailServer& instance();
    // The instance if instance() already succeeded, else nullptr (never starts anything).
    static MailServer* existing();

    std::string host() const;  // "127.0.0.1"
    std::uint16_t imapPort() const;
    std::uint16_t imapsPort() const;
    std::uint16_t pop3Port() const;
    std::uint16_t pop3sPort() const;
    // Throws with the reason when the servers run without SMTP (Postfix needs root or `sudo -n`).
    std::uint16_t smtpPort() const;
    std::uint16_t lmtpPort() const;
    std::string certSha256() const;  // lowercase hex SHA-256 of the DER certificate
    std::string certPemPath() const;

    // A new user with its own Maildir: fill is "empty", "sample" (the realistic mailbox of
    // tests/servers/generate-mail.py; see fill.json next to the Maildir) or "bulk:N" (N messages in INBOX).
    TestUser createUser(const std::string& fill = "sample");
    std::string maildir(const TestUser& user) const;  // the user's Maildir root (INBOX's cur/ new/ tmp/)
    // Last lines of the Dovecot and Postfix logs, labelled.
    std::string logTail(std::size_t lines = 50) const;
    // Stops the servers if this process started them (attached servers belong to the ctest fixture).
    void stop();

    // Everything of DIR/servers.env (HOST, IMAP_PORT, ..., DOVECOT_LOG, MAIL_ROOT, SMTP_ERROR; see
    // tests/servers/petrel-mailserver); empty string for a missing key.
    std::string env(const std::string& key) const;
    std::string directory() const { return dir_; }
    bool ownsServers() const { return owned_; }
    // The petrel-mailserver script (compiled in; the environment variable PETREL_MAILSERVER_SCRIPT overrides).
    static std::string scriptPath();

    MailServer(const MailServer&) = delete;
    MailServer& operator=(const MailServer&) = delete;
    ~MailServer();

private:
    MailServer();
    void attach(const std::string& dir);
    void startOwn();
    void loadEnv();
    std::uint16_t port(const char* key) const;

    std::string dir_;
    bool owned_ = false;
    bool stopped_ = false;
    std::map<std::string, std::string> env_;
    mutable std::mutex mutex_;
    unsigned counter_ = 0;
};

}  // namespace petrel::testing
