#pragma once
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <vmime/net/socket.hpp>

#include "net/TrustVerdict.h"
#include "net/WireProtocol.h"

struct gnutls_session_int;
struct gnutls_certificate_credentials_st;

namespace petrel::net {

class TrustVerifier;

// A TLS client socket of our own on GnuTLS, handed to vmime as if it were a plain socket.
//
// Why not vmime's TLS: vmime 0.9.2 sends no SNI (servers that choose their certificate by
// name present the wrong one) and its default verifier checks no signatures (DESIGN.md §4).
// This socket sets SNI from the configured host (not for IP literals: RFC 6066 forbids it),
// verifies the chain with TrustVerifier right after the handshake and before a single byte of
// application data leaves, and throws TlsTrustError (model::Error, kind Tls) on refusal.
//
// connect() does TCP (through the wrapped transport socket, normally a CountingSocket, so TLS
// bytes are counted), then, for STARTTLS, the plaintext upgrade dialogue (StartTlsNegotiator),
// then the handshake and verification. The vmime service on top therefore speaks plain
// "imap"/"pop3"/"smtp" and must not be asked to do TLS itself (connection.tls = false); its
// isSecuredConnection() says false although the connection is encrypted.
//
// Blocking behaviour mirrors vmime's posixSocket, which vmime's parsers are written against:
// receive() returns nothing (status WOULDBLOCK) when no data came within a short wait, and the
// timeout handler is consulted while waiting.
class TlsSocket : public vmime::net::socket {
public:
    struct Settings {
        std::string host;                      // SNI and the name the certificate must carry
        std::string pinnedSha256;              // empty = system trust
        std::optional<WireProtocol> startTls;  // nullopt = implicit TLS from the first byte
        bool enforceTrust = true;              // false only for probing a certificate
        std::string heloName = "localhost";    // SMTP STARTTLS only
    };
    // Told about every verification, accepted or not (for "last seen certificate").
    using Observer = std::function<void(const TrustVerdict&)>;

    TlsSocket(vmime::shared_ptr<vmime::net::socket> transport,
              vmime::shared_ptr<vmime::net::timeoutHandler> timeoutHandler,
              std::shared_ptr<const TrustVerifier> verifier, Settings settings, Observer observer = {});
    ~TlsSocket() override;
    TlsSocket(const TlsSocket&) = delete;
    TlsSocket& operator=(const TlsSocket&) = delete;

    void connect(const vmime::string& address, vmime::port_t port) override;
    void disconnect() override;
    bool isConnected() const override;
    bool waitForRead(int msecs = 30000) override;
    bool waitForWrite(int msecs = 30000) override;
    void receive(vmime::string& buffer) override;
    size_t receiveRaw(vmime::byte_t* buffer, size_t count) override;
    void send(const vmime::string& buffer) override;
    void send(const char* str) override;
    void sendRaw(const vmime::byte_t* buffer, size_t count) override;
    size_t sendRawNonBlocking(const vmime::byte_t* buffer, size_t count) override;
    size_t getBlockSize() const override;
    unsigned int getStatus() const override;
    const vmime::string getPeerName() const override;
    const vmime::string getPeerAddress() const override;
    vmime::shared_ptr<vmime::net::timeoutHandler> getTimeoutHandler() override;
    void setTracer(vmime::shared_ptr<vmime::net::tracer> tracer) override;
    vmime::shared_ptr<vmime::net::tracer> getTracer() override;

    // DER certificates the server presented, leaf first (empty before the handshake).
    const std::vector<std::string>& peerCertificates() const noexcept { return peerChain_; }
    // The TLS version and cipher, e.g. "(TLS1.3)-(ECDHE-X25519)-(...)", for diagnostics.
    std::string sessionDescription() const;

private:
    friend struct TlsSocketTransport;  // GnuTLS push/pull callbacks

    void handshake();
    void verifyPeer();
    void checkTimeout();
    void rethrowTransportError();
    void resetSession();

    vmime::shared_ptr<vmime::net::socket> transport_;
    vmime::shared_ptr<vmime::net::timeoutHandler> timeoutHandler_;
    vmime::shared_ptr<vmime::net::tracer> tracer_;
    std::shared_ptr<const TrustVerifier> verifier_;
    Settings settings_;
    Observer observer_;

    gnutls_session_int* session_ = nullptr;
    gnutls_certificate_credentials_st* credentials_ = nullptr;
    bool established_ = false;
    unsigned int status_ = 0;
    std::string replay_;  // greeting read before STARTTLS, served to vmime first
    std::vector<std::string> peerChain_;
    std::exception_ptr transportError_;  // thrown inside a GnuTLS callback, rethrown outside it
};

}  // namespace petrel::net
