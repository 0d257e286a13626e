#include "net/ServiceConnector.h"

#include "model/Error.h"
#include "net/CancellableTimeoutHandlerFactory.h"
#include "net/ErrorMapper.h"
#include "net/InterruptState.h"
#include "net/RedactingTracerFactory.h"
#include "net/SecretScrubber.h"
#include "net/TlsSocketFactory.h"
#include "net/TlsTrust.h"
#include "net/TrustVerifier.h"
#include "net/VmimePlatform.h"
#include "net/WireCounter.h"

namespace petrel::net {

namespace {

std::optional<WireProtocol> startTlsFor(model::Security security, WireProtocol protocol) {
    if (security == model::Security::StartTls) return protocol;
    return std::nullopt;
}

}  // namespace

ServiceConnector::ServiceConnector(model::AccountConfig account, PasswordSupplier password,
                                   ConnectOptions options)
    : account_(std::move(account)),
      protocol_(wireProtocolFor(account_.protocol)),
      options_(std::move(options)) {
    VmimePlatform::ensureInitialized();
    if (account_.incoming.port == 0)
        account_.incoming.port = model::defaultPort(account_.protocol, account_.incoming.security);
    if (!options_.verifier) options_.verifier = TrustVerifier::system();
    wire_ = options_.wire ? options_.wire : WireCounter::make();
    if (options_.trace) tracer_ = std::make_shared<RedactingTracerFactory>(options_.trace, protocol_);

    std::function<void(const std::string&)> onSecret;
    if (tracer_) {
        auto scrubber = tracer_->scrubber();
        onSecret = [scrubber](const std::string& s) { scrubber->add(s); };
    }
    authenticator_ =
        std::make_shared<PasswordAuthenticator>(account_.user, std::move(password), std::move(onSecret));

    const auto& ep = account_.incoming;
    if (ep.security != model::Security::Plain) {
        TlsSocket::Settings settings;
        settings.host = ep.host;
        settings.pinnedSha256 = ep.trustFingerprint;
        settings.startTls = startTlsFor(ep.security, protocol_);
        tlsFactory_ = std::make_shared<TlsSocketFactory>(wire_, options_.verifier, settings);
    }
    tlsTrust_ = std::make_shared<TlsTrust>(options_.verifier, ep.host, ep.trustFingerprint);
    timeouts_ = std::make_shared<CancellableTimeoutHandlerFactory>(options_.timeout, options_.isCancelled);
}

ServiceConnector::~ServiceConnector() = default;

void ServiceConnector::validateEndpoint() const {
    const auto& ep = account_.incoming;
    if (ep.host.empty()) throw model::Error(model::ErrorKind::Usage, "The account has no server host name");
    if (ep.security == model::Security::Plain && !account_.allowPlaintext)
        throw model::Error(model::ErrorKind::Tls,
                           "The account is set up without TLS but plaintext is not allowed; choose TLS or "
                           "STARTTLS, or allow plaintext explicitly (the password would travel unencrypted)");
}

vmime::shared_ptr<vmime::net::store> ServiceConnector::makeStore() {
    validateEndpoint();
    const auto& ep = account_.incoming;
    auto session = vmime::net::session::create();
    auto store = session->getStore(protocol_ == WireProtocol::Pop3 ? "pop3" : "imap", authenticator_);

    store->setProperty("server.address", ep.host);
    store->setProperty("server.port", static_cast<int>(ep.port));
    // TLS is below vmime, in our socket: vmime must not try STARTTLS on top of it.
    store->setProperty("connection.tls", false);
    store->setProperty("connection.tls.required", false);
    // One login attempt per connection (see the class comment).
    store->setProperty("options.sasl", false);
    store->setProperty("options.sasl.fallback", false);
    if (protocol_ == WireProtocol::Pop3) {
        store->setProperty("options.apop", false);
        store->setProperty("options.apop.fallback", false);
    }

    store->setCertificateVerifier(tlsTrust_);
    if (tlsFactory_)
        store->setSocketFactory(tlsFactory_);
    else
        store->setSocketFactory(wire_);
    store->setTimeoutHandlerFactory(timeouts_);
    if (tracer_) store->setTracerFactory(tracer_);
    return store;
}

vmime::shared_ptr<vmime::net::store> ServiceConnector::connectStore() {
    auto store = makeStore();
    // Greeting, STARTTLS/TLS and login are read by vmime, whose timeout restarts on every byte:
    // a whole connect gets a few timeouts at most.
    DeadlineScope deadline(*timeouts_->state(), kExchangeTimeouts * options_.timeout);
    guarded([&] { store->connect(); });
    return store;
}

void ServiceConnector::beginOperation() {
    timeouts_->state()->cancelled = false;
    timeouts_->state()->timedOut = false;
}

void ServiceConnector::rethrowAsError(std::exception_ptr error) const {
    ErrorMapper::Context ctx;
    ctx.host = account_.incoming.host;
    ctx.port = account_.incoming.port;
    ctx.interrupt = timeouts_->state();
    ctx.lastVerdict = lastTrustVerdict();
    if (tracer_) ctx.scrubber = tracer_->scrubber();
    ctx.timeout = options_.timeout;
    try {
        ErrorMapper::rethrow(error, ctx);
    } catch (const model::Error& e) {
        if (e.kind() == model::ErrorKind::Auth) authenticator_->forgetPassword();
        throw;  // the original type: a TlsTrustError stays one
    }
}

bool ServiceConnector::encrypted() const noexcept {
    return account_.incoming.security != model::Security::Plain;
}

WireBytes ServiceConnector::wireBytes() const noexcept {
    return wire_->snapshot();
}

std::optional<TrustVerdict> ServiceConnector::lastTrustVerdict() const {
    if (tlsFactory_) {
        if (auto v = tlsFactory_->lastVerdict()) return v;
    }
    return tlsTrust_->lastVerdict();
}

bool ServiceConnector::passwordRequested() const {
    return authenticator_->passwordRequested();
}

}  // namespace petrel::net
