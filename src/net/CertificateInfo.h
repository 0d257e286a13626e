#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace petrel::net {

// What a user needs to decide whether to trust a server certificate, and what petrel-cli
// prints so it can be pinned with --trust-fingerprint. Plain data: safe to copy across threads.
struct CertificateInfo {
    // SHA-256 of the DER encoding, lowercase hex without colons: the same form as
    // model::ServerEndpoint::trustFingerprint, so it can be stored as the pin unchanged.
    std::string sha256;
    std::string subject;  // RFC 4514 distinguished name
    std::string issuer;
    std::chrono::system_clock::time_point notBefore;
    std::chrono::system_clock::time_point notAfter;
    std::vector<std::string> subjectAltNames;  // DNS names and IP addresses, as text

    bool empty() const noexcept { return sha256.empty(); }

    // Parses one DER certificate. Throws model::Error(Tls) if it is not an X.509 certificate.
    static CertificateInfo fromDer(std::string_view der);
};

// SHA-256 of arbitrary bytes, lowercase hex.
std::string sha256Hex(std::string_view bytes);

// Accepts the forms people paste ("AB:CD:...", spaces, upper case) and returns the canonical
// lowercase hex, or an empty string if the text is not 64 hex digits once cleaned.
std::string normalizeFingerprint(std::string_view text);

// "ab:cd:..." grouping for display next to what other tools (openssl, browsers) print.
std::string formatFingerprintForDisplay(std::string_view sha256);

}  // namespace petrel::net
