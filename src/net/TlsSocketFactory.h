#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <vmime/net/socket.hpp>

#include "net/TlsSocket.h"
#include "net/TrustVerdict.h"

namespace petrel::net {

class TrustVerifier;

// Installed with service->setSocketFactory so that every connection vmime opens (a store may
// open several: one per open IMAP folder) is a TlsSocket over a socket of the transport
// factory (normally the account's WireCounter). Remembers the last verdict so the caller can
// report which certificate it talked to, or which one it refused.
class TlsSocketFactory : public vmime::net::socketFactory {
public:
    TlsSocketFactory(std::shared_ptr<vmime::net::socketFactory> transport,
                     std::shared_ptr<const TrustVerifier> verifier, TlsSocket::Settings settings);

    vmime::shared_ptr<vmime::net::socket> create() override;
    vmime::shared_ptr<vmime::net::socket> create(vmime::shared_ptr<vmime::net::timeoutHandler> th) override;

    std::optional<TrustVerdict> lastVerdict() const;

private:
    std::shared_ptr<vmime::net::socketFactory> transport_;
    std::shared_ptr<const TrustVerifier> verifier_;
    TlsSocket::Settings settings_;
    // Shared with the sockets' observers, which may outlive a moved-from factory reference.
    struct Shared {
        std::mutex mutex;
        std::optional<TrustVerdict> last;
    };
    std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};

}  // namespace petrel::net
