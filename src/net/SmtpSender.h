#pragma once
#include <memory>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "net/ConnectOptions.h"
#include "net/PasswordAuthenticator.h"
#include "net/WireBytes.h"

namespace petrel::net {

class CancellableTimeoutHandlerFactory;
class RedactingTracerFactory;
class SmtpAuthenticator;
class TlsSocketFactory;
class TlsTrust;
class WireCounter;

// Sends one message through the account's SMTP server with vmime's SMTP transport on Petrel's
// socket stack, the same pieces as ServiceConnector for IMAP/POP3:
//   smtp->security Tls       implicit TLS (465) with SNI, from the first byte;
//                  StartTls  EHLO + STARTTLS done by our socket before vmime reads a byte
//                            (a refusal is ErrorKind::Tls: no plaintext fallback, no AUTH);
//                  Plain     only with account.allowPlaintext.
// The certificate is checked by TrustVerifier (system CAs, host name) or smtp->trustFingerprint;
// a refusal happens during the TLS handshake, before EHLO inside TLS and so before AUTH, and is
// thrown as SmtpTlsTrustError. AUTH: the account's user and password, one SASL mechanism.
// Every byte is counted (WireCounter), the dialogue redacted when traced.
//
// Errors (model::Error): the server's refusal of MAIL/RCPT/DATA carries its reply in the
// message ("550 5.1.1 <x@y>: Recipient address rejected: User unknown"); a 4xx reply is
// ErrorKind::Network (temporary: try again later), a 5xx ErrorKind::Protocol.
class SmtpSender {
public:
    SmtpSender(model::AccountConfig account, PasswordSupplier password, ConnectOptions options = {});
    ~SmtpSender();
    SmtpSender(const SmtpSender&) = delete;
    SmtpSender& operator=(const SmtpSender&) = delete;

    // Connects, logs in, sends `raw` to `recipients` (envelope), says QUIT.
    void send(const std::string& envelopeFrom, const std::vector<std::string>& recipients,
              const std::string& raw);

    // After send() failed without an SMTP reply (connection lost, timeout, cancelled) once at
    // least the whole message had been written: the server may have accepted it, so sending it
    // again could deliver it twice.
    bool outcomeUnknown() const noexcept { return outcomeUnknown_; }

    WireBytes wireBytes() const noexcept;
    bool passwordRequested() const;
    const model::ServerEndpoint& endpoint() const noexcept { return endpoint_; }

private:
    [[noreturn]] void rethrowAsError(std::exception_ptr error) const;

    model::AccountConfig account_;
    model::ServerEndpoint endpoint_;
    ConnectOptions options_;
    std::shared_ptr<SmtpAuthenticator> authenticator_;
    std::shared_ptr<WireCounter> wire_;
    std::shared_ptr<TlsSocketFactory> tlsFactory_;
    std::shared_ptr<TlsTrust> tlsTrust_;
    std::shared_ptr<CancellableTimeoutHandlerFactory> timeouts_;
    std::shared_ptr<RedactingTracerFactory> tracer_;
    bool outcomeUnknown_ = false;
};

}  // namespace petrel::net
