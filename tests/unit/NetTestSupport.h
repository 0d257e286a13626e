#pragma once
// Helpers for the src/net unit tests: certificates made on the fly with GnuTLS, and loopback
// servers (plain or TLS) scripted per test. Only 127.0.0.1 is used; nothing leaves the host.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct gnutls_session_int;
struct gnutls_certificate_credentials_st;

namespace petrel::nettest {

struct TestCert {
    std::string certPem;
    std::string keyPem;
    std::string der;
    std::string sha256;
};

struct CertSpec {
    std::string commonName = "test";
    std::vector<std::string> dnsNames;
    std::vector<std::string> ipAddresses;
    bool isCa = false;
    std::chrono::seconds notBefore{-3600};          // relative to now
    std::chrono::seconds notAfter{30 * 24 * 3600};  // relative to now
};

// issuer == nullptr: self-signed.
TestCert makeCert(const CertSpec& spec, const TestCert* issuer = nullptr);

// One accepted connection seen from the server side; switches to TLS on demand.
class ServerConn {
public:
    explicit ServerConn(int fd);
    ~ServerConn();
    ServerConn(const ServerConn&) = delete;
    ServerConn& operator=(const ServerConn&) = delete;

    // Returns "" on EOF/timeout. Lines keep no CRLF.
    std::string readLine(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    void write(const std::string& data);
    // Reads and discards everything until the client closes (or the timeout): a server that
    // accepted the connection and never answers.
    void drainUntilClosed(std::chrono::milliseconds timeout);
    // certChainPem may hold several certificates (leaf first). Returns false if the client
    // aborted the handshake (e.g. refused the certificate).
    bool startTls(const std::string& certChainPem, const std::string& keyPem);
    std::string sniName() const;
    void close();
    int fd() const { return fd_; }

private:
    int fd_;
    gnutls_session_int* session_ = nullptr;
    gnutls_certificate_credentials_st* cred_ = nullptr;
    std::string buffer_;
};

// Listens on 127.0.0.1:<ephemeral>, runs handler for each accepted connection in the server
// thread (one at a time), until destroyed.
class LoopbackServer {
public:
    using Handler = std::function<void(ServerConn&)>;
    explicit LoopbackServer(Handler handler);
    ~LoopbackServer();
    // Stops accepting and waits for the running handler to return (it returns once the client
    // has closed): after this, whatever the handler recorded can be read without a race.
    void finish();
    std::uint16_t port() const { return port_; }
    int connections() const { return connections_.load(); }

private:
    void run();
    Handler handler_;
    int listenFd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::thread thread_;
};

// Thread-safe list of lines, for what a fake server received.
class LineLog {
public:
    void add(std::string line);
    std::vector<std::string> lines() const;
    bool containsSubstring(const std::string& s) const;
    // The fake server runs on its own thread: what the client sent last may still be in flight
    // when the client call returns.
    bool waitForSubstring(const std::string& s, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
std::uint16_t unusedPort();

}  // namespace petrel::nettest
