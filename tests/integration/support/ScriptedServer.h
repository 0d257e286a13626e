#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "support/LoopbackListener.h"
#include "support/TestCertificates.h"

struct gnutls_session_int;
struct gnutls_certificate_credentials_st;

namespace petrel::testing {

// The client went away (EOF, reset, failed TLS handshake) or stayed silent past a deadline: the
// script ends there, which is not a failure of the script.
struct ClientGone : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class ScriptedServer;

// One client connection seen from a ScriptedServer: the script reads and writes through it.
// Everything the client sends is recorded by the server (after decryption once TLS is on).
class ScriptedConnection {
public:
    ScriptedConnection(ScriptedServer& server, int fd);
    ~ScriptedConnection();
    ScriptedConnection(const ScriptedConnection&) = delete;
    ScriptedConnection& operator=(const ScriptedConnection&) = delete;

    // One line from the client, without its CRLF. Throws ClientGone on EOF or silence.
    std::string readLine(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // readLine(), which must start with `prefix` (ASCII case-insensitive; IMAP: after the tag).
    // A mismatch throws std::runtime_error, reported by ScriptedServer::scriptErrors().
    std::string expect(std::string_view prefix, bool afterTag = false);
    // The IMAP tag of a command line.
    static std::string tagOf(const std::string& line);

    // Writes; throws ClientGone if the client is gone.
    void send(std::string_view bytes);
    void sendLine(std::string_view line) { send(std::string(line) + "\r\n"); }
    // One byte at a time, `gap` apart.
    void sendSlowly(std::string_view bytes, std::chrono::milliseconds gap);
    // `n` filler bytes ('x'), in 64 KiB writes.
    void sendFiller(std::size_t n);
    // TLS server handshake with `identity`; throws ClientGone when the client refuses it.
    void startTls(const TlsIdentity& identity);
    bool tls() const { return session_ != nullptr; }
    // Waits for the client to close the connection (true) or `timeout` (false); discards input.
    bool waitForClose(std::chrono::milliseconds timeout);

private:
    std::size_t receive(char* buf, std::size_t n, std::chrono::milliseconds timeout);

    ScriptedServer& server_;
    int fd_;
    gnutls_session_int* session_ = nullptr;
    gnutls_certificate_credentials_st* credentials_ = nullptr;
    std::string buffer_;
};

// A fake mail server on 127.0.0.1 that plays a script per connection: hostile servers for tests
// (malformed, truncated, enormous, slow replies; refused STARTTLS; forged certificates). With
// `implicitTls` every connection starts with a TLS handshake (IMAPS/POP3S).
class ScriptedServer {
public:
    using Script = std::function<void(ScriptedConnection&)>;
    explicit ScriptedServer(Script script, std::optional<TlsIdentity> implicitTls = {});
    ~ScriptedServer();
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    std::uint16_t port() const { return listener_->port(); }
    // Everything clients sent, over all connections (decrypted application data once in TLS).
    std::string received() const;
    // Only what clients sent before TLS was established (plaintext on the wire).
    std::string receivedInClear() const;
    unsigned connections() const;
    // Scripts that failed for another reason than ClientGone (an unexpected command).
    std::vector<std::string> scriptErrors() const;
    // Waits until every connection's script has finished.
    bool waitIdle(std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
    friend class ScriptedConnection;
    void record(const char* data, std::size_t n, bool encrypted);
    void serve(int fd);

    Script script_;
    std::optional<TlsIdentity> implicitTls_;
    mutable std::mutex mutex_;
    std::condition_variable idle_;
    std::string received_, clear_;
    std::vector<std::string> errors_;
    unsigned connections_ = 0;
    int active_ = 0;
    std::unique_ptr<LoopbackListener> listener_;
};

// true when `haystack` holds `secret` or its base64 forms (AUTH PLAIN "\0user\0secret", AUTH LOGIN).
bool containsSecret(const std::string& haystack, const std::string& user, const std::string& secret);

}  // namespace petrel::testing
