#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "net/TrustVerdict.h"

struct gnutls_x509_trust_list_st;

namespace petrel::net {

// Decides whether a server certificate chain is trusted, on GnuTLS and nothing of vmime's
// (vmime 0.9.2's defaultCertificateVerifier checks no signature inside the chain: a forged
// leaf was accepted and the password sent, DESIGN.md §4).
//
// Order of the decision:
//  1. a pin is set and equals the leaf's SHA-256  -> trusted (trust on first use: the user
//     compared and accepted exactly this certificate; name and dates are the user's call);
//  2. a pin is set and differs                    -> refused as Changed, even if a CA would
//     vouch for the new one: the user asked for this exact certificate;
//  3. no pin: full chain verification against the anchors (system CAs and any extra ones),
//     every signature, CA flags, validity dates, key purpose (TLS server) and the host name
//     (a textual IP address is matched against the iPAddress names) -> trusted or refused.
//
// Thread-safe: one instance may serve every connection (the trust list is read under a mutex,
// because GnuTLS does not document concurrent verification on one list as safe).
class TrustVerifier {
public:
    struct Options {
        bool useSystemTrust = true;
        // PEM certificates accepted as trust anchors in addition to the system's. Test-only in
        // practice: lets a unit test build a chain to its own CA.
        std::vector<std::string> extraAnchorsPem;
    };

    TrustVerifier();  // system CAs only
    explicit TrustVerifier(const Options& options);
    ~TrustVerifier();
    TrustVerifier(const TrustVerifier&) = delete;
    TrustVerifier& operator=(const TrustVerifier&) = delete;

    // The process-wide verifier on the system CAs, loaded once (reading the CA bundle takes a
    // few milliseconds that every connection would otherwise pay).
    static std::shared_ptr<const TrustVerifier> system();

    // derChain: leaf first, then whatever intermediates the server sent.
    // pinnedSha256: empty, or a fingerprint in any form normalizeFingerprint accepts.
    TrustVerdict evaluate(const std::vector<std::string>& derChain, std::string_view host,
                          std::string_view pinnedSha256) const;

    // evaluate(), throwing TlsTrustError when the chain is not trusted.
    TrustVerdict require(const std::vector<std::string>& derChain, std::string_view host,
                         std::string_view pinnedSha256) const;

private:
    void verifyChain(const std::vector<std::string>& derChain, const std::string& host,
                     TrustVerdict& verdict) const;

    gnutls_x509_trust_list_st* list_ = nullptr;
    mutable std::mutex mutex_;
};

}  // namespace petrel::net
