#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vmime/security/cert/certificateVerifier.hpp>

#include "net/TrustVerdict.h"

namespace petrel::net {

class TrustVerifier;

// Our vmime certificateVerifier: every decision is TrustVerifier's (GnuTLS chain + host +
// pin). Installed on every service so that vmime's defaultCertificateVerifier, which checks
// no signature inside the chain (DESIGN.md §4), can never be the one in use.
//
// Petrel's own TlsSocket does the TLS handshake for implicit TLS and STARTTLS (for SNI), so
// vmime's TLS code, and with it this adapter, only runs if a service is configured to let
// vmime negotiate TLS itself. It is kept correct for that case.
//
// vmime passes the peer *name* it resolved from the socket (a reverse lookup for an IP
// address); the configured host is what the user typed and what must match, so the
// configured host is used and vmime's is ignored.
class TlsTrust : public vmime::security::cert::certificateVerifier {
public:
    TlsTrust(std::shared_ptr<const TrustVerifier> verifier, std::string host, std::string pinnedSha256);

    // Throws vmime::security::cert::certificateException when refused (vmime expects its own
    // exception type here); the full verdict stays in lastVerdict() for the error mapping,
    // which turns it into a TlsTrustError.
    void verify(vmime::shared_ptr<vmime::security::cert::certificateChain> chain,
                const vmime::string& hostname) override;

    std::optional<TrustVerdict> lastVerdict() const;

private:
    std::shared_ptr<const TrustVerifier> verifier_;
    std::string host_;
    std::string pin_;
    mutable std::mutex mutex_;
    std::optional<TrustVerdict> last_;
};

}  // namespace petrel::net
