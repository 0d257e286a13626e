#include <gtest/gtest.h>

#include "NetTestSupport.h"
#include "net/TlsTrustError.h"
#include "net/TrustVerifier.h"

using petrel::model::ErrorKind;
using petrel::net::formatFingerprintForDisplay;
using petrel::net::TlsTrustError;
using petrel::net::TrustProblem;
using petrel::net::TrustVerifier;
using petrel::nettest::CertSpec;
using petrel::nettest::makeCert;
using petrel::nettest::TestCert;

namespace {

constexpr std::chrono::seconds kDay{24 * 3600};

class NetTrustVerifier : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        CertSpec caSpec;
        caSpec.commonName = "Petrel Test CA";
        caSpec.isCa = true;
        ca_ = new TestCert(makeCert(caSpec));
        CertSpec leafSpec;
        leafSpec.commonName = "mail.example.test";
        leafSpec.dnsNames = {"mail.example.test"};
        leafSpec.ipAddresses = {"127.0.0.1"};
        leaf_ = new TestCert(makeCert(leafSpec, ca_));
        CertSpec selfSpec;
        selfSpec.commonName = "localhost";
        selfSpec.dnsNames = {"localhost"};
        selfSigned_ = new TestCert(makeCert(selfSpec));
    }
    static void TearDownTestSuite() {
        delete ca_;
        delete leaf_;
        delete selfSigned_;
    }

    // System CAs plus our test CA, as a test-only constructor option allows.
    static TrustVerifier withTestCa() {
        TrustVerifier::Options o;
        o.extraAnchorsPem = {ca_->certPem};
        return TrustVerifier(o);
    }

    static inline TestCert* ca_ = nullptr;
    static inline TestCert* leaf_ = nullptr;
    static inline TestCert* selfSigned_ = nullptr;
};

}  // namespace

TEST_F(NetTrustVerifier, SelfSignedIsRefusedWithoutPin) {
    const auto v = TrustVerifier::system()->evaluate({selfSigned_->der}, "localhost", "");
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::NotTrusted);
    EXPECT_NE(v.reason.find("self-signed"), std::string::npos) << v.reason;
    EXPECT_EQ(v.leaf.sha256, selfSigned_->sha256);

    try {
        TrustVerifier::system()->require({selfSigned_->der}, "localhost", "");
        FAIL() << "expected TlsTrustError";
    } catch (const TlsTrustError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls);
        EXPECT_EQ(e.problem(), TrustProblem::NotTrusted);
        EXPECT_EQ(e.certificate().sha256, selfSigned_->sha256);
        // The message itself carries the fingerprint, for the CLI to print.
        EXPECT_NE(std::string(e.what()).find(selfSigned_->sha256), std::string::npos) << e.what();
    }
}

TEST_F(NetTrustVerifier, SelfSignedIsAcceptedWithTheRightPin) {
    auto v = TrustVerifier::system()->evaluate({selfSigned_->der}, "localhost", selfSigned_->sha256);
    EXPECT_TRUE(v.trusted);
    EXPECT_TRUE(v.byPin);
    // The pin may be written the way openssl prints it.
    v = TrustVerifier::system()->evaluate({selfSigned_->der}, "localhost",
                                          formatFingerprintForDisplay(selfSigned_->sha256));
    EXPECT_TRUE(v.trusted);
}

TEST_F(NetTrustVerifier, PinIsTheUsersDecisionEvenForAnotherName) {
    // Trust on first use pins exactly this certificate; the user accepted it as it is.
    const auto v = TrustVerifier::system()->evaluate({selfSigned_->der}, "127.0.0.1", selfSigned_->sha256);
    EXPECT_TRUE(v.trusted);
}

TEST_F(NetTrustVerifier, AWrongPinIsRefusedAsChanged) {
    const auto v = TrustVerifier::system()->evaluate({selfSigned_->der}, "localhost", leaf_->sha256);
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::Changed);
    const TlsTrustError e(v);
    EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(selfSigned_->sha256), std::string::npos) << e.what();
}

TEST_F(NetTrustVerifier, AWrongPinIsRefusedEvenIfACaWouldVouch) {
    const auto v = withTestCa().evaluate({leaf_->der}, "mail.example.test", selfSigned_->sha256);
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::Changed);
}

TEST_F(NetTrustVerifier, ChainToATrustedCaIsAccepted) {
    const auto v = withTestCa().evaluate({leaf_->der}, "mail.example.test", "");
    EXPECT_TRUE(v.trusted) << v.reason;
    EXPECT_FALSE(v.byPin);
    EXPECT_EQ(v.problem, TrustProblem::None);
}

TEST_F(NetTrustVerifier, SameChainIsRefusedByTheSystemTrustAlone) {
    const auto v = TrustVerifier::system()->evaluate({leaf_->der}, "mail.example.test", "");
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::NotTrusted);
    EXPECT_NE(v.reason.find("unknown authority"), std::string::npos) << v.reason;
}

TEST_F(NetTrustVerifier, WrongHostIsRefused) {
    const auto v = withTestCa().evaluate({leaf_->der}, "other.example.test", "");
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::HostMismatch);
    EXPECT_NE(v.reason.find("other.example.test"), std::string::npos) << v.reason;
}

TEST_F(NetTrustVerifier, HostNameCaseAndTrailingDotDoNotMatter) {
    EXPECT_TRUE(withTestCa().evaluate({leaf_->der}, "MAIL.Example.Test.", "").trusted);
}

TEST_F(NetTrustVerifier, IpAddressesAreMatchedAgainstIpNames) {
    auto verifier = withTestCa();
    EXPECT_TRUE(verifier.evaluate({leaf_->der}, "127.0.0.1", "").trusted);
    const auto v = verifier.evaluate({leaf_->der}, "127.0.0.2", "");
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::HostMismatch);
}

TEST_F(NetTrustVerifier, ExpiredIsRefused) {
    CertSpec spec;
    spec.commonName = "mail.example.test";
    spec.dnsNames = {"mail.example.test"};
    spec.notBefore = -10 * kDay;
    spec.notAfter = -1 * kDay;
    const auto expired = makeCert(spec, ca_);
    const auto v = withTestCa().evaluate({expired.der}, "mail.example.test", "");
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::Expired);
    EXPECT_NE(v.reason.find("expired"), std::string::npos) << v.reason;
}

TEST_F(NetTrustVerifier, NotYetValidIsRefused) {
    CertSpec spec;
    spec.dnsNames = {"mail.example.test"};
    spec.notBefore = 2 * kDay;
    spec.notAfter = 20 * kDay;
    const auto future = makeCert(spec, ca_);
    const auto v = withTestCa().evaluate({future.der}, "mail.example.test", "");
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::NotYetValid);
}

TEST_F(NetTrustVerifier, LeafSignedByANonCaCertificateIsRefused) {
    // The attack vmime's default verifier let through: a valid end-entity certificate used to
    // "issue" another one.
    CertSpec midSpec;
    midSpec.commonName = "not a ca";
    midSpec.dnsNames = {"shop.example.test"};
    midSpec.isCa = false;
    const auto notCa = makeCert(midSpec, ca_);
    CertSpec leafSpec;
    leafSpec.commonName = "mail.example.test";
    leafSpec.dnsNames = {"mail.example.test"};
    const auto forged = makeCert(leafSpec, &notCa);

    const auto v = withTestCa().evaluate({forged.der, notCa.der}, "mail.example.test", "");
    EXPECT_FALSE(v.trusted);
    EXPECT_EQ(v.problem, TrustProblem::SignerNotCa) << v.reason;
}

TEST_F(NetTrustVerifier, LeafSignedByAnImpostorCaIsRefused) {
    // Same issuer name as the trusted CA, different key: the signature cannot verify.
    CertSpec impostorSpec;
    impostorSpec.commonName = "Petrel Test CA";
    impostorSpec.isCa = true;
    const auto impostor = makeCert(impostorSpec);
    CertSpec leafSpec;
    leafSpec.dnsNames = {"mail.example.test"};
    const auto forged = makeCert(leafSpec, &impostor);

    const auto v = withTestCa().evaluate({forged.der}, "mail.example.test", "");
    EXPECT_FALSE(v.trusted);
    EXPECT_TRUE(v.problem == TrustProblem::BadSignature || v.problem == TrustProblem::NotTrusted) << v.reason;
}

TEST_F(NetTrustVerifier, NoOrUnreadableCertificateIsRefused) {
    EXPECT_EQ(TrustVerifier::system()->evaluate({}, "x", "").problem, TrustProblem::NoCertificate);
    EXPECT_EQ(TrustVerifier::system()->evaluate({"garbage"}, "x", "").problem, TrustProblem::NoCertificate);
    // A pin never makes garbage acceptable.
    EXPECT_FALSE(
        TrustVerifier::system()->evaluate({"garbage"}, "x", petrel::net::sha256Hex("garbage")).trusted);
}

TEST_F(NetTrustVerifier, SystemVerifierIsShared) {
    EXPECT_EQ(TrustVerifier::system().get(), TrustVerifier::system().get());
}

TEST_F(NetTrustVerifier, BadExtraAnchorIsAUsageError) {
    TrustVerifier::Options o;
    o.extraAnchorsPem = {"not pem"};
    try {
        TrustVerifier v(o);
        FAIL();
    } catch (const petrel::model::Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
}
