#include "net/TlsTrust.h"

#include <vmime/security/cert/certificateChain.hpp>
#include <vmime/security/cert/certificateException.hpp>

#include "net/TlsTrustError.h"
#include "net/TrustVerifier.h"

namespace petrel::net {

TlsTrust::TlsTrust(std::shared_ptr<const TrustVerifier> verifier, std::string host, std::string pinnedSha256)
    : verifier_(std::move(verifier)), host_(std::move(host)), pin_(std::move(pinnedSha256)) {}

void TlsTrust::verify(vmime::shared_ptr<vmime::security::cert::certificateChain> chain,
                      const vmime::string& /*hostname: see class comment*/) {
    std::vector<std::string> der;
    if (chain) {
        for (std::size_t i = 0; i < chain->getCount(); ++i) {
            const vmime::byteArray bytes = chain->getAt(i)->getEncoded();
            der.emplace_back(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        }
    }
    TrustVerdict verdict = verifier_->evaluate(der, host_, pin_);
    {
        std::lock_guard lock(mutex_);
        last_ = verdict;
    }
    if (!verdict.trusted)
        throw vmime::security::cert::certificateException(TlsTrustError::messageFor(verdict));
}

std::optional<TrustVerdict> TlsTrust::lastVerdict() const {
    std::lock_guard lock(mutex_);
    return last_;
}

}  // namespace petrel::net
