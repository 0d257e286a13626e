#include "net/TlsTrustError.h"

namespace petrel::net {

TlsTrustError::TlsTrustError(const TrustVerdict& verdict)
    : model::Error(model::ErrorKind::Tls, messageFor(verdict), verdict.reason),
      problem_(verdict.problem),
      certificate_(verdict.leaf),
      host_(verdict.host) {}

std::string TlsTrustError::messageFor(const TrustVerdict& v) {
    if (v.problem == TrustProblem::NoCertificate)
        return "The server " + v.host + " did not present a usable TLS certificate (" + v.reason + ")";
    if (v.problem == TrustProblem::Changed)
        // The word "changed" is part of the contract: front ends and tests look for it.
        return "The TLS certificate of " + v.host +
               " has changed since you trusted it; this may be an attack. " + v.reason +
               ". SHA-256 fingerprint now presented: " + v.leaf.sha256;
    return "The TLS certificate of " + v.host + " is not trusted: " + v.reason +
           ". SHA-256 fingerprint: " + v.leaf.sha256 +
           " (trust it only after comparing it with the one your provider publishes)";
}

}  // namespace petrel::net
