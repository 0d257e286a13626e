#pragma once
#include <string>

namespace petrel::testing {

// A certificate chain and its key, PEM, as a TLS server presents them.
struct TlsIdentity {
    std::string chainPem;  // leaf first, then what else the server sends
    std::string keyPem;
    std::string leafSha256;  // lowercase hex of the leaf's DER
};

// Certificates made at test time with GnuTLS for fake servers: a private CA, leaves it issues
// and the ways a hostile server lies about them. Host names are IP literals (127.0.0.1).
class TestCertificates {
public:
    TestCertificates();
    ~TestCertificates();
    TestCertificates(const TestCertificates&) = delete;
    TestCertificates& operator=(const TestCertificates&) = delete;

    // The private CA, to install as an extra trust anchor.
    const std::string& caPem() const { return caPem_; }

    // A leaf for `ip` signed by the CA: what a correct server presents.
    TlsIdentity issued(const std::string& ip = "127.0.0.1") const;
    // Issued by the CA, but its validity ended yesterday.
    TlsIdentity expired(const std::string& ip = "127.0.0.1") const;
    // Issued by the CA for another address.
    TlsIdentity wrongHost() const { return issued("10.11.12.13"); }
    // A leaf naming the CA as its issuer, signed by another key that poses as the CA (same
    // name), and that impostor sent along as the intermediate.
    TlsIdentity forgedChain(const std::string& ip = "127.0.0.1") const;
    // A leaf "issued" by another leaf of the CA (not a CA itself), with that leaf as intermediate.
    TlsIdentity issuedByNonCa(const std::string& ip = "127.0.0.1") const;
    // Self-signed for `ip` (what a user pins).
    TlsIdentity selfSigned(const std::string& ip = "127.0.0.1") const;

private:
    struct Impl;
    Impl* impl_;
    std::string caPem_;
};

}  // namespace petrel::testing
