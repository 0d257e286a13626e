#pragma once
#include <string>

#include "model/Error.h"
#include "net/CertificateInfo.h"
#include "net/TrustVerdict.h"

namespace petrel::net {

// A refused server certificate. It is a model::Error of kind Tls (petrel-cli exits 3) whose
// message names the SHA-256 fingerprint; the certificate itself stays available so the GUI can
// ask "trust this certificate?" and store the pin without a second connection.
class TlsTrustError : public model::Error {
public:
    explicit TlsTrustError(const TrustVerdict& verdict);

    TrustProblem problem() const noexcept { return problem_; }
    const CertificateInfo& certificate() const noexcept { return certificate_; }
    const std::string& host() const noexcept { return host_; }

    static std::string messageFor(const TrustVerdict& verdict);

private:
    TrustProblem problem_;
    CertificateInfo certificate_;
    std::string host_;
};

}  // namespace petrel::net
