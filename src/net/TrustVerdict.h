#pragma once
#include <string>

#include "net/CertificateInfo.h"

namespace petrel::net {

// Why a certificate was refused, most actionable first. The front end words its question
// from this (a changed pin is an alarm; an unknown issuer is the usual self-signed case).
enum class TrustProblem {
    None,
    NoCertificate,  // the server sent none, or an unreadable one
    Changed,        // a pin is set and the server presented a different certificate
    NotTrusted,     // no chain to a trusted authority (self-signed, unknown CA)
    SignerNotCa,    // a certificate in the chain was "issued" by a non-CA certificate
    BadSignature,   // a signature in the chain does not verify (forged)
    Expired,
    NotYetValid,
    HostMismatch,  // valid certificate, but for another name
    Other,         // revoked, insecure algorithm, wrong purpose, unknown critical extension
};

const char* toString(TrustProblem p) noexcept;

// The outcome of checking one server certificate chain.
struct TrustVerdict {
    bool trusted = false;
    bool byPin = false;  // accepted because the leaf equals the pinned fingerprint
    TrustProblem problem = TrustProblem::None;
    std::string reason;  // human-readable, e.g. "issued by an unknown authority; expired"
    std::string host;
    CertificateInfo leaf;
};

}  // namespace petrel::net
