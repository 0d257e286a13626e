#include "net/LoginCheck.h"

#include <vmime/net/imap/IMAPConnection.hpp>
#include <vmime/net/imap/IMAPStore.hpp>
#include <vmime/net/pop3/POP3Command.hpp>
#include <vmime/net/pop3/POP3Connection.hpp>
#include <vmime/net/pop3/POP3Response.hpp>
#include <vmime/net/pop3/POP3Store.hpp>

#include "model/Error.h"
#include "net/CancellableTimeoutHandlerFactory.h"
#include "net/ErrorMapper.h"
#include "net/ServiceConnector.h"
#include "net/TlsSocket.h"
#include "net/TrustVerifier.h"
#include "net/VmimePlatform.h"
#include "net/WireCounter.h"

namespace petrel::net {

namespace {

// vmime keeps POP3Connection::getCapabilities() private; CAPA is one short command.
std::vector<std::string> pop3Capabilities(vmime::net::pop3::POP3Store& store) {
    auto conn = store.getConnection();
    vmime::net::pop3::POP3Command::CAPA()->send(conn);
    auto response = vmime::net::pop3::POP3Response::readMultilineResponse(conn);
    std::vector<std::string> capabilities;
    if (!response->isSuccess()) return capabilities;  // CAPA is optional (RFC 2449)
    for (std::size_t i = 0; i < response->getLineCount(); ++i) capabilities.push_back(response->getLineAt(i));
    return capabilities;
}

}  // namespace

LoginResult testLogin(const model::AccountConfig& account, const std::string& password,
                      const ConnectOptions& options) {
    ServiceConnector connector(
        account, [password] { return password; }, options);
    const WireBytes before = connector.wireBytes();
    auto store = connector.connectStore();

    LoginResult result;
    result.capabilities = connector.guarded([&] {
        if (auto imap = vmime::dynamicCast<vmime::net::imap::IMAPStore>(store))
            return imap->getConnection()->getCapabilities();
        if (auto pop3 = vmime::dynamicCast<vmime::net::pop3::POP3Store>(store))
            return pop3Capabilities(*pop3);
        return std::vector<vmime::string>{};
    });
    connector.guarded([&] { store->disconnect(); });

    if (auto verdict = connector.lastTrustVerdict()) result.certificate = verdict->leaf;
    const WireBytes used = connector.wireBytes() - before;
    result.bytesSent = used.sent;
    result.bytesReceived = used.received;
    return result;
}

CertificateInfo probeCertificate(const model::ServerEndpoint& endpoint, WireProtocol protocol,
                                 const ConnectOptions& options) {
    if (endpoint.security == model::Security::Plain)
        throw model::Error(model::ErrorKind::Usage, "The endpoint " + endpoint.host + " does not use TLS");
    if (endpoint.host.empty()) throw model::Error(model::ErrorKind::Usage, "No server host name");
    VmimePlatform::ensureInitialized();

    model::ServerEndpoint ep = endpoint;
    if (ep.port == 0) {
        ep.port = protocol == WireProtocol::Smtp
                      ? model::defaultSmtpPort(ep.security)
                      : model::defaultPort(
                            protocol == WireProtocol::Pop3 ? model::Protocol::Pop3 : model::Protocol::Imap,
                            ep.security);
    }
    auto wire = options.wire ? options.wire : WireCounter::make();
    auto verifier = options.verifier ? options.verifier : TrustVerifier::system();
    CancellableTimeoutHandlerFactory timeouts(options.timeout, options.isCancelled);

    TlsSocket::Settings settings;
    settings.host = ep.host;
    settings.pinnedSha256 = ep.trustFingerprint;
    if (ep.security == model::Security::StartTls) settings.startTls = protocol;
    settings.enforceTrust = false;  // fetch and describe; the caller decides

    std::optional<TrustVerdict> seen;
    vmime::shared_ptr<vmime::net::timeoutHandler> th = timeouts.create();
    TlsSocket socket(wire->create(th), th, verifier, settings, [&seen](const TrustVerdict& v) { seen = v; });
    try {
        socket.connect(ep.host, ep.port);
        socket.disconnect();
    } catch (...) {
        ErrorMapper::Context ctx;
        ctx.host = ep.host;
        ctx.port = ep.port;
        ctx.interrupt = timeouts.state();
        ctx.timeout = options.timeout;
        ErrorMapper::rethrow(std::current_exception(), ctx);
    }
    if (!seen || seen->leaf.empty())
        throw model::Error(model::ErrorKind::Tls,
                           "The server " + ep.host + " presented no usable certificate",
                           seen ? seen->reason : std::string());
    return seen->leaf;
}

}  // namespace petrel::net
