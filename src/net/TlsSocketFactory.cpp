#include "net/TlsSocketFactory.h"

namespace petrel::net {

TlsSocketFactory::TlsSocketFactory(std::shared_ptr<vmime::net::socketFactory> transport,
                                   std::shared_ptr<const TrustVerifier> verifier,
                                   TlsSocket::Settings settings)
    : transport_(std::move(transport)), verifier_(std::move(verifier)), settings_(std::move(settings)) {}

vmime::shared_ptr<vmime::net::socket> TlsSocketFactory::create() {
    return create(nullptr);
}

vmime::shared_ptr<vmime::net::socket> TlsSocketFactory::create(
    vmime::shared_ptr<vmime::net::timeoutHandler> th) {
    auto shared = shared_;
    auto observer = [shared](const TrustVerdict& verdict) {
        std::lock_guard lock(shared->mutex);
        shared->last = verdict;
    };
    return std::make_shared<TlsSocket>(transport_->create(th), th, verifier_, settings_, observer);
}

std::optional<TrustVerdict> TlsSocketFactory::lastVerdict() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->last;
}

}  // namespace petrel::net
