#include "net/SmtpSender.h"

#include <vmime/net/session.hpp>
#include <vmime/net/smtp/SMTPExceptions.hpp>
#include <vmime/net/transport.hpp>
#include <vmime/utility/inputStreamStringAdapter.hpp>
#include <vmime/vmime.hpp>

#include "model/Error.h"
#include "net/CancellableTimeoutHandlerFactory.h"
#include "net/ErrorMapper.h"
#include "net/InterruptState.h"
#include "net/RedactingTracerFactory.h"
#include "net/SecretScrubber.h"
#include "net/SmtpAuthenticator.h"
#include "net/SmtpTlsTrustError.h"
#include "net/TlsSocketFactory.h"
#include "net/TlsTrust.h"
#include "net/TrustVerifier.h"
#include "net/VmimePlatform.h"
#include "net/WireCounter.h"

namespace petrel::net {
namespace {

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

std::string describeCommand(const std::string& command) {
    std::string upper;
    for (const char c : command) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper.rfind("RCPT", 0) == 0) return "a recipient";
    if (upper.rfind("MAIL", 0) == 0) return "the sender";
    if (upper.rfind("DATA", 0) == 0 || upper.rfind("BDAT", 0) == 0) return "the message";
    return "the command " + command;
}

}  // namespace

SmtpSender::SmtpSender(model::AccountConfig account, PasswordSupplier password, ConnectOptions options)
    : account_(std::move(account)), options_(std::move(options)) {
    VmimePlatform::ensureInitialized();
    if (!account_.smtp || account_.smtp->host.empty())
        throw model::Error(model::ErrorKind::Usage, "The account " + account_.name + " has no SMTP server",
                           "set one with --smtp-host (account add) or in the account settings");
    endpoint_ = *account_.smtp;
    if (endpoint_.port == 0) endpoint_.port = model::defaultSmtpPort(endpoint_.security);
    if (!options_.verifier) options_.verifier = TrustVerifier::system();
    wire_ = options_.wire ? options_.wire : WireCounter::make();
    if (options_.trace)
        tracer_ = std::make_shared<RedactingTracerFactory>(options_.trace, WireProtocol::Smtp);
    std::function<void(const std::string&)> onSecret;
    if (tracer_) {
        auto scrubber = tracer_->scrubber();
        onSecret = [scrubber](const std::string& s) { scrubber->add(s); };
    }
    authenticator_ =
        std::make_shared<SmtpAuthenticator>(account_.user, std::move(password), std::move(onSecret));
    if (endpoint_.security != model::Security::Plain) {
        TlsSocket::Settings settings;
        settings.host = endpoint_.host;
        settings.pinnedSha256 = endpoint_.trustFingerprint;
        if (endpoint_.security == model::Security::StartTls) settings.startTls = WireProtocol::Smtp;
        tlsFactory_ = std::make_shared<TlsSocketFactory>(wire_, options_.verifier, settings);
    }
    tlsTrust_ = std::make_shared<TlsTrust>(options_.verifier, endpoint_.host, endpoint_.trustFingerprint);
    timeouts_ = std::make_shared<CancellableTimeoutHandlerFactory>(options_.timeout, options_.isCancelled);
}

SmtpSender::~SmtpSender() = default;

void SmtpSender::send(const std::string& envelopeFrom, const std::vector<std::string>& recipients,
                      const std::string& raw) {
    if (endpoint_.security == model::Security::Plain && !account_.allowPlaintext)
        throw model::Error(model::ErrorKind::Tls,
                           "The SMTP server of " + account_.name +
                               " is set up without TLS but plaintext is not allowed; choose TLS or STARTTLS");
    if (recipients.empty()) throw model::Error(model::ErrorKind::Usage, "The message has no recipient");
    timeouts_->state()->cancelled = false;
    timeouts_->state()->timedOut = false;
    outcomeUnknown_ = false;
    std::optional<WireBytes> connected;  // after greeting, TLS and AUTH: the message's turn
    try {
        auto session = vmime::net::session::create();
        auto transport = session->getTransport("smtp", authenticator_);
        transport->setProperty("server.address", endpoint_.host);
        transport->setProperty("server.port", static_cast<int>(endpoint_.port));
        // TLS lives in our socket (see the class comment): vmime must not negotiate its own.
        transport->setProperty("connection.tls", false);
        transport->setProperty("connection.tls.required", false);
        transport->setProperty("options.need-authentication", !account_.user.empty());
        transport->setProperty("options.sasl", true);
        transport->setProperty("options.sasl.fallback", false);
        transport->setProperty("options.chunking", false);
        transport->setCertificateVerifier(tlsTrust_);
        if (tlsFactory_)
            transport->setSocketFactory(tlsFactory_);
        else
            transport->setSocketFactory(wire_);
        transport->setTimeoutHandlerFactory(timeouts_);
        if (tracer_) transport->setTracerFactory(tracer_);

        // vmime reads the whole dialogue; its timeout restarts on every byte (InterruptState).
        const auto upload = std::chrono::seconds(raw.size() / kSlowestUploadBytesPerSecond);
        DeadlineScope deadline(*timeouts_->state(), kExchangeTimeouts * options_.timeout + upload);
        transport->connect();
        connected = wire_->snapshot();
        vmime::mailboxList to;
        for (const auto& r : recipients)
            to.appendMailbox(vmime::make_shared<vmime::mailbox>(vmime::emailAddress(r)));
        vmime::utility::inputStreamStringAdapter stream(raw);
        transport->send(vmime::mailbox(vmime::emailAddress(envelopeFrom)), to, stream, raw.size());
        try {
            transport->disconnect();
        } catch (const vmime::exception&) {
            // The message was accepted; a lost QUIT changes nothing.
        }
    } catch (...) {
        const auto error = std::current_exception();
        try {
            std::rethrow_exception(error);
        } catch (const vmime::net::smtp::SMTPCommandError&) {
            // The server answered: whatever it said, it is not an open question.
        } catch (...) {
            // TLS records add to what went out, so this errs on the safe side near the end.
            outcomeUnknown_ = connected && (wire_->snapshot() - *connected).sent >= raw.size();
        }
        rethrowAsError(error);
    }
}

void SmtpSender::rethrowAsError(std::exception_ptr error) const {
    try {
        std::rethrow_exception(error);
    } catch (const vmime::net::smtp::SMTPCommandError& e) {
        const int code = e.statusCode();
        // vmime keeps the reply text without its status code; users and logs quote both.
        std::string reply = trimmed(e.response());
        if (code > 0 && reply.rfind(std::to_string(code), 0) != 0) reply = std::to_string(code) + " " + reply;
        const bool temporary = code >= 400 && code < 500;
        throw model::Error(
            temporary ? model::ErrorKind::Network : model::ErrorKind::Protocol,
            "The SMTP server " + endpoint_.host + " refused " + describeCommand(e.command()) + ": " + reply,
            e.command() + " -> " + reply);
    } catch (const vmime::exceptions::authentication_error&) {
        authenticator_->forgetPassword();
        throw model::Error(model::ErrorKind::Auth,
                           "The SMTP server " + endpoint_.host + " rejected the user name or password",
                           "user " + account_.user);
    } catch (...) {
    }
    ErrorMapper::Context ctx;
    ctx.host = endpoint_.host;
    ctx.port = endpoint_.port;
    ctx.interrupt = timeouts_->state();
    std::optional<TrustVerdict> verdict;
    if (tlsFactory_) verdict = tlsFactory_->lastVerdict();
    if (!verdict) verdict = tlsTrust_->lastVerdict();
    ctx.lastVerdict = verdict;
    if (tracer_) ctx.scrubber = tracer_->scrubber();
    ctx.timeout = options_.timeout;
    try {
        ErrorMapper::rethrow(error, ctx);
    } catch (const SmtpTlsTrustError&) {
        throw;
    } catch (const TlsTrustError& e) {
        if (verdict && !verdict->trusted) throw SmtpTlsTrustError(*verdict);
        throw;
    }
}

WireBytes SmtpSender::wireBytes() const noexcept {
    return wire_->snapshot();
}

bool SmtpSender::passwordRequested() const {
    return authenticator_->passwordRequested();
}

}  // namespace petrel::net
