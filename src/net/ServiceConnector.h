#pragma once
#include <exception>
#include <memory>
#include <optional>
#include <utility>
#include <vmime/net/session.hpp>
#include <vmime/net/store.hpp>

#include "model/AccountConfig.h"
#include "net/ConnectOptions.h"
#include "net/PasswordAuthenticator.h"
#include "net/TrustVerdict.h"
#include "net/WireBytes.h"
#include "net/WireProtocol.h"

namespace petrel::net {

class CancellableTimeoutHandlerFactory;
class RedactingTracerFactory;
class TlsSocketFactory;
class TlsTrust;
class WireCounter;

// Builds and connects the vmime session + store of one account, with every safety measure of
// DESIGN.md §4 in place. The IMAP and POP3 handlers start from here. Use from one worker
// thread (vmime objects never cross threads); make a new store after a network error.
//
// What a store made here does:
//  - TLS is Petrel's TlsSocket, handed to vmime as a plain socket (vmime sees "imap"/"pop3",
//    never "imaps"/"pop3s", and connection.tls is false):
//      Security::Tls       implicit TLS from the first byte, with SNI;
//      Security::StartTls  the socket runs STARTTLS / STLS itself before vmime reads a byte,
//                          then TLS with SNI. A refusal ends the connection with
//                          ErrorKind::Tls: there is no plaintext fallback, and the password
//                          supplier is never even called;
//      Security::Plain     only with account.allowPlaintext; otherwise refused before any
//                          connection is attempted (ErrorKind::Tls).
//    Certificates: TrustVerifier (system CAs + host name) or the endpoint's SHA-256 pin;
//    TlsTrust is installed as vmime's verifier as well, so vmime's defaultCertificateVerifier
//    is never in use even if vmime were to negotiate TLS.
//  - Login: SASL is off; IMAP LOGIN or POP3 USER/PASS (APOP off), always inside TLS unless
//    plaintext was allowed. Exactly one login attempt per connection, so a wrong password
//    costs one failure (vmime's SASL loop tried 5-6 mechanisms: 30-50 s of Dovecot penalty).
//    Limit: a server that accepts only AUTHENTICATE (LOGINDISABLED even inside TLS) is refused
//    with ErrorKind::Auth/Protocol.
//  - Every byte is counted in a WireCounter (TLS included); the dialogue, if traced, is
//    redacted; waits end on options.timeout of silence or options.isCancelled().
//  - Every vmime exception becomes a model::Error (ErrorMapper); a refused certificate is a
//    TlsTrustError carrying the certificate and its fingerprint.
//
// SNI limit: none left for our own connections (implicit TLS and STARTTLS both carry SNI when
// the host is a name; never for an IP literal, as RFC 6066 requires). vmime's own TLS code
// (no SNI) is not used.
class ServiceConnector {
public:
    ServiceConnector(model::AccountConfig account, PasswordSupplier password, ConnectOptions options = {});
    ~ServiceConnector();
    ServiceConnector(const ServiceConnector&) = delete;
    ServiceConnector& operator=(const ServiceConnector&) = delete;

    // A configured, unconnected store. Throws model::Error: Usage for an unusable endpoint,
    // Tls for plaintext the account does not allow.
    vmime::shared_ptr<vmime::net::store> makeStore();

    // makeStore(), then connect: TCP, TLS, login. Throws model::Error of the mapped kind.
    vmime::shared_ptr<vmime::net::store> connectStore();

    // Runs f (vmime calls on a store made here) and turns anything it throws into a
    // model::Error with this connection's context (host, cancellation, certificate verdict).
    template <class F>
    decltype(auto) guarded(F&& f) {
        beginOperation();
        try {
            return std::forward<F>(f)();
        } catch (...) {
            rethrowAsError(std::current_exception());
        }
    }
    [[noreturn]] void rethrowAsError(std::exception_ptr error) const;

    const model::AccountConfig& account() const noexcept { return account_; }
    WireProtocol protocol() const noexcept { return protocol_; }
    bool encrypted() const noexcept;
    std::shared_ptr<WireCounter> wire() const noexcept { return wire_; }
    WireBytes wireBytes() const noexcept;
    // The certificate the last TLS connection presented and what we made of it.
    std::optional<TrustVerdict> lastTrustVerdict() const;
    bool passwordRequested() const;
    // The silence timeout of this connection's waits (ConnectOptions::timeout).
    std::chrono::milliseconds timeout() const noexcept { return options_.timeout; }

private:
    void beginOperation();
    void validateEndpoint() const;

    model::AccountConfig account_;
    WireProtocol protocol_;
    ConnectOptions options_;
    std::shared_ptr<PasswordAuthenticator> authenticator_;
    std::shared_ptr<WireCounter> wire_;
    std::shared_ptr<TlsSocketFactory> tlsFactory_;  // null for plaintext
    std::shared_ptr<TlsTrust> tlsTrust_;
    std::shared_ptr<CancellableTimeoutHandlerFactory> timeouts_;
    std::shared_ptr<RedactingTracerFactory> tracer_;  // null without options.trace
};

}  // namespace petrel::net
