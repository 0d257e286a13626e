#include <gtest/gtest.h>

#include <vmime/security/cert/X509Certificate.hpp>
#include <vmime/security/cert/certificateChain.hpp>
#include <vmime/security/cert/certificateException.hpp>

#include "NetTestSupport.h"
#include "net/TlsTrust.h"
#include "net/TrustVerifier.h"
#include "net/VmimePlatform.h"

using petrel::net::TlsTrust;
using petrel::net::TrustProblem;
using petrel::net::TrustVerifier;
using petrel::nettest::CertSpec;
using petrel::nettest::makeCert;
using petrel::nettest::TestCert;

namespace {

vmime::shared_ptr<vmime::security::cert::certificateChain> chainOf(
    const std::vector<const TestCert*>& certs) {
    std::vector<vmime::shared_ptr<vmime::security::cert::certificate>> list;
    for (const auto* c : certs)
        list.push_back(vmime::security::cert::X509Certificate::import(
            reinterpret_cast<const vmime::byte_t*>(c->der.data()), c->der.size()));
    return std::make_shared<vmime::security::cert::certificateChain>(list);
}

}  // namespace

// The vmime-facing adapter: used only if vmime negotiates TLS itself, but then it must be as
// strict as our own socket.
TEST(NetTlsTrust, RefusesUnpinnedSelfSignedAndRemembersTheCertificate) {
    petrel::net::VmimePlatform::ensureInitialized();
    CertSpec spec;
    spec.dnsNames = {"localhost"};
    const auto cert = makeCert(spec);
    TlsTrust trust(TrustVerifier::system(), "localhost", "");
    EXPECT_THROW(trust.verify(chainOf({&cert}), "localhost"), vmime::security::cert::certificateException);
    ASSERT_TRUE(trust.lastVerdict());
    EXPECT_FALSE(trust.lastVerdict()->trusted);
    EXPECT_EQ(trust.lastVerdict()->leaf.sha256, cert.sha256);
}

TEST(NetTlsTrust, AcceptsThePinnedCertificate) {
    CertSpec spec;
    const auto cert = makeCert(spec);
    TlsTrust trust(TrustVerifier::system(), "localhost", cert.sha256);
    EXPECT_NO_THROW(trust.verify(chainOf({&cert}), "localhost"));
    EXPECT_TRUE(trust.lastVerdict()->byPin);
}

TEST(NetTlsTrust, ChecksTheConfiguredHostNotVmimesReverseLookup) {
    CertSpec caSpec;
    caSpec.isCa = true;
    const auto ca = makeCert(caSpec);
    CertSpec leafSpec;
    leafSpec.ipAddresses = {"127.0.0.1"};
    const auto leaf = makeCert(leafSpec, &ca);
    TrustVerifier::Options o;
    o.extraAnchorsPem = {ca.certPem};
    auto verifier = std::make_shared<TrustVerifier>(o);

    // vmime would pass "localhost" (reverse lookup of 127.0.0.1); the user configured the IP.
    TlsTrust byIp(verifier, "127.0.0.1", "");
    EXPECT_NO_THROW(byIp.verify(chainOf({&leaf}), "localhost"));
    TlsTrust byName(verifier, "mail.example.test", "");
    EXPECT_THROW(byName.verify(chainOf({&leaf}), "127.0.0.1"), vmime::security::cert::certificateException);
    EXPECT_EQ(byName.lastVerdict()->problem, TrustProblem::HostMismatch);
}

TEST(NetTlsTrust, RefusesAnEmptyChain) {
    TlsTrust trust(TrustVerifier::system(), "localhost", "");
    EXPECT_THROW(trust.verify(nullptr, "localhost"), vmime::security::cert::certificateException);
    EXPECT_EQ(trust.lastVerdict()->problem, TrustProblem::NoCertificate);
}
