#include <gtest/gtest.h>

#include <algorithm>

#include "NetTestSupport.h"
#include "model/Error.h"
#include "net/CertificateInfo.h"

using petrel::model::Error;
using petrel::model::ErrorKind;
using petrel::net::CertificateInfo;
using petrel::net::formatFingerprintForDisplay;
using petrel::net::normalizeFingerprint;
using petrel::net::sha256Hex;
using petrel::nettest::CertSpec;
using petrel::nettest::makeCert;

TEST(NetCertificateInfo, DescribesACertificate) {
    CertSpec spec;
    spec.commonName = "mail.example.test";
    spec.dnsNames = {"mail.example.test", "imap.example.test"};
    spec.ipAddresses = {"127.0.0.1", "::1"};
    const auto cert = makeCert(spec);

    const CertificateInfo info = CertificateInfo::fromDer(cert.der);
    // GnuTLS's own fingerprint routine is the independent reference for our hash of the DER.
    EXPECT_EQ(info.sha256, cert.sha256);
    EXPECT_EQ(info.sha256.size(), 64u);
    EXPECT_EQ(info.sha256.find(':'), std::string::npos);
    EXPECT_EQ(info.sha256, sha256Hex(cert.der));
    EXPECT_NE(info.subject.find("CN=mail.example.test"), std::string::npos) << info.subject;
    EXPECT_EQ(info.subject, info.issuer);  // self-signed
    EXPECT_LT(info.notBefore, info.notAfter);
    for (const char* name : {"mail.example.test", "imap.example.test", "127.0.0.1", "::1"})
        EXPECT_NE(std::find(info.subjectAltNames.begin(), info.subjectAltNames.end(), name),
                  info.subjectAltNames.end())
            << name;
    EXPECT_FALSE(info.empty());
}

TEST(NetCertificateInfo, GarbageIsATlsError) {
    try {
        CertificateInfo::fromDer("not a certificate");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls);
    }
}

TEST(NetCertificateInfo, NormalizesPastedFingerprints) {
    const std::string hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    EXPECT_EQ(normalizeFingerprint(hex), hex);
    EXPECT_EQ(normalizeFingerprint(formatFingerprintForDisplay(hex)), hex);
    std::string upper = formatFingerprintForDisplay(hex);
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    EXPECT_EQ(normalizeFingerprint(" " + upper + "\n"), hex);
    EXPECT_EQ(normalizeFingerprint("abc"), "");                // too short
    EXPECT_EQ(normalizeFingerprint(hex.substr(1) + "g"), "");  // not hex
    EXPECT_EQ(formatFingerprintForDisplay("abcd"), "ab:cd");
}
