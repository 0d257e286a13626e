#include <gtest/gtest.h>

#include <vmime/exception.hpp>

#include "NetTestSupport.h"
#include "model/Error.h"
#include "net/CancellableTimeoutHandlerFactory.h"
#include "net/StartTlsNegotiator.h"
#include "net/TlsSocket.h"
#include "net/TlsTrustError.h"
#include "net/TrustVerifier.h"
#include "net/VmimePlatform.h"
#include "net/WireCounter.h"

using petrel::model::Error;
using petrel::model::ErrorKind;
using petrel::net::StartTlsNegotiator;
using petrel::net::TlsSocket;
using petrel::net::TlsTrustError;
using petrel::net::TrustProblem;
using petrel::net::TrustVerdict;
using petrel::net::TrustVerifier;
using petrel::net::WireCounter;
using petrel::net::WireProtocol;
using petrel::nettest::CertSpec;
using petrel::nettest::LineLog;
using petrel::nettest::LoopbackServer;
using petrel::nettest::makeCert;
using petrel::nettest::ServerConn;
using petrel::nettest::TestCert;

namespace {

class NetTlsSocket : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        petrel::net::VmimePlatform::ensureInitialized();
        CertSpec caSpec;
        caSpec.commonName = "Petrel Test CA";
        caSpec.isCa = true;
        ca_ = new TestCert(makeCert(caSpec));
        CertSpec leafSpec;
        leafSpec.commonName = "mail.example.test";
        leafSpec.dnsNames = {"mail.example.test"};
        leafSpec.ipAddresses = {"127.0.0.1"};
        leaf_ = new TestCert(makeCert(leafSpec, ca_));
    }
    static void TearDownTestSuite() {
        delete ca_;
        delete leaf_;
    }

    std::shared_ptr<TrustVerifier> verifierWithCa() const {
        TrustVerifier::Options o;
        o.extraAnchorsPem = {ca_->certPem};
        return std::make_shared<TrustVerifier>(o);
    }

    // A TlsSocket over a counted TCP socket, as ServiceConnector builds it.
    std::shared_ptr<TlsSocket> makeSocket(TlsSocket::Settings settings,
                                          std::shared_ptr<const TrustVerifier> verifier,
                                          TlsSocket::Observer observer = {}) {
        auto th = timeouts_.create();
        return std::make_shared<TlsSocket>(counter_->create(th), th, std::move(verifier), std::move(settings),
                                           std::move(observer));
    }

    static std::string readLine(vmime::net::socket& s) {
        std::string got;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (got.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            vmime::string chunk;
            s.receive(chunk);
            if (chunk.empty()) s.waitForRead(100);
            got += chunk;
        }
        return got;
    }

    static inline TestCert* ca_ = nullptr;
    static inline TestCert* leaf_ = nullptr;
    std::shared_ptr<WireCounter> counter_ = WireCounter::make();
    petrel::net::CancellableTimeoutHandlerFactory timeouts_{std::chrono::seconds(5), nullptr};
};

}  // namespace

TEST_F(NetTlsSocket, ImplicitTlsSendsSniVerifiesAndCarriesData) {
    std::string sni;
    LoopbackServer server([&](ServerConn& c) {
        if (!c.startTls(leaf_->certPem, leaf_->keyPem)) return;
        sni = c.sniName();
        c.write("* OK ready\r\n");
        const std::string line = c.readLine();
        c.write("* echo " + line + "\r\n");
        c.readLine();
    });
    TlsSocket::Settings settings;
    settings.host = "mail.example.test";  // names the certificate; the TCP address is separate
    std::optional<TrustVerdict> seen;
    auto sock = makeSocket(settings, verifierWithCa(), [&](const TrustVerdict& v) { seen = v; });
    sock->connect("127.0.0.1", server.port());
    EXPECT_TRUE(sock->isConnected());
    ASSERT_TRUE(seen);
    EXPECT_TRUE(seen->trusted);
    EXPECT_EQ(seen->leaf.sha256, leaf_->sha256);
    EXPECT_FALSE(sock->sessionDescription().empty());
    ASSERT_EQ(sock->peerCertificates().size(), 1u);

    EXPECT_EQ(readLine(*sock), "* OK ready\r\n");
    sock->send("a1 NOOP\r\n");
    EXPECT_EQ(readLine(*sock), "* echo a1 NOOP\r\n");
    sock->disconnect();
    server.finish();
    EXPECT_EQ(sni, "mail.example.test");

    // The counter sits under TLS: handshake and record overhead are in the figures.
    const auto bytes = counter_->snapshot();
    EXPECT_GT(bytes.received, 300u);   // certificate alone is several hundred bytes
    EXPECT_GT(bytes.sent, 9u + 100u);  // ClientHello + the command in a record
}

TEST_F(NetTlsSocket, IpLiteralGetsNoSni) {
    std::string sni = "unset";
    LoopbackServer server([&](ServerConn& c) {
        if (!c.startTls(leaf_->certPem, leaf_->keyPem)) return;
        sni = c.sniName();
        c.readLine();
    });
    TlsSocket::Settings settings;
    settings.host = "127.0.0.1";
    auto sock = makeSocket(settings, verifierWithCa());
    sock->connect("127.0.0.1", server.port());  // matched against the iPAddress name
    sock->disconnect();
    server.finish();
    EXPECT_EQ(sni, "");
}

TEST_F(NetTlsSocket, UntrustedCertificateIsRefusedBeforeAnyData) {
    LineLog received;
    LoopbackServer server([&](ServerConn& c) {
        if (!c.startTls(leaf_->certPem, leaf_->keyPem)) return;
        for (std::string l = c.readLine(); !l.empty(); l = c.readLine()) received.add(l);
    });
    TlsSocket::Settings settings;
    settings.host = "mail.example.test";
    std::optional<TrustVerdict> seen;
    auto sock = makeSocket(settings, TrustVerifier::system(), [&](const TrustVerdict& v) { seen = v; });
    try {
        sock->connect("127.0.0.1", server.port());
        FAIL() << "expected a refusal";
    } catch (const TlsTrustError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls);
        EXPECT_EQ(e.problem(), TrustProblem::NotTrusted);
        EXPECT_EQ(e.certificate().sha256, leaf_->sha256);
        EXPECT_NE(std::string(e.what()).find(leaf_->sha256), std::string::npos);
    }
    ASSERT_TRUE(seen);
    EXPECT_FALSE(seen->trusted);
    EXPECT_FALSE(sock->isConnected());
    EXPECT_THROW(sock->send("a1 LOGIN alice pw\r\n"), vmime::exceptions::socket_not_connected_exception);
}

TEST_F(NetTlsSocket, PinnedSelfSignedIsAccepted) {
    CertSpec spec;
    spec.dnsNames = {"localhost"};
    const auto self = makeCert(spec);
    LoopbackServer server([&](ServerConn& c) {
        if (!c.startTls(self.certPem, self.keyPem)) return;
        c.write("+OK hi\r\n");
        c.readLine();
    });
    TlsSocket::Settings settings;
    settings.host = "localhost";
    settings.pinnedSha256 = self.sha256;
    auto sock = makeSocket(settings, TrustVerifier::system());
    sock->connect("127.0.0.1", server.port());
    EXPECT_EQ(readLine(*sock), "+OK hi\r\n");
    sock->disconnect();
}

TEST_F(NetTlsSocket, WrongPinIsRefusedAsChanged) {
    LoopbackServer server([&](ServerConn& c) { c.startTls(leaf_->certPem, leaf_->keyPem); });
    TlsSocket::Settings settings;
    settings.host = "mail.example.test";
    settings.pinnedSha256 = std::string(64, 'a');
    auto sock = makeSocket(settings, verifierWithCa());
    try {
        sock->connect("127.0.0.1", server.port());
        FAIL();
    } catch (const TlsTrustError& e) {
        EXPECT_EQ(e.problem(), TrustProblem::Changed);
        EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos);
    }
}

TEST_F(NetTlsSocket, PlaintextServerOnATlsPortIsATlsError) {
    LoopbackServer server([&](ServerConn& c) {
        c.write("* OK plaintext IMAP here\r\n");
        c.readLine(std::chrono::seconds(2));
    });
    TlsSocket::Settings settings;
    settings.host = "mail.example.test";
    auto sock = makeSocket(settings, verifierWithCa());
    try {
        sock->connect("127.0.0.1", server.port());
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls) << e.what();
    }
}

TEST_F(NetTlsSocket, ImapStartTlsUpgradesAndReplaysTheGreetingWithoutCapabilities) {
    std::string sni;
    LineLog plain, secure;
    LoopbackServer server([&](ServerConn& c) {
        c.write("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.\r\n");
        const std::string cmd = c.readLine();
        plain.add(cmd);
        c.write("* CAPABILITY IMAP4rev1 STARTTLS\r\n");  // untagged data before the answer is legal
        c.write(cmd.substr(0, cmd.find(' ')) + " OK Begin TLS negotiation now.\r\n");
        if (!c.startTls(leaf_->certPem, leaf_->keyPem)) return;
        sni = c.sniName();
        secure.add(c.readLine());
        c.write("a1 OK done\r\n");
        c.readLine();
    });
    TlsSocket::Settings settings;
    settings.host = "mail.example.test";
    settings.startTls = WireProtocol::Imap;
    auto sock = makeSocket(settings, verifierWithCa());
    sock->connect("127.0.0.1", server.port());
    EXPECT_EQ(readLine(*sock), "* OK Dovecot ready.\r\n");
    sock->send("a1 CAPABILITY\r\n");
    EXPECT_EQ(readLine(*sock), "a1 OK done\r\n");
    sock->disconnect();
    server.finish();
    ASSERT_EQ(plain.lines().size(), 1u);
    EXPECT_EQ(plain.lines()[0].substr(plain.lines()[0].find(' ') + 1), "STARTTLS");
    EXPECT_EQ(secure.lines(), std::vector<std::string>{"a1 CAPABILITY"});
    EXPECT_EQ(sni, "mail.example.test");
}

TEST_F(NetTlsSocket, ImapStartTlsRefusalEndsTheConnection) {
    for (const char* answer : {"NO not today", "BAD unknown command"}) {
        LineLog received;
        LoopbackServer server([&](ServerConn& c) {
            c.write("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n");
            for (std::string l = c.readLine(); !l.empty(); l = c.readLine()) {
                received.add(l);
                c.write(l.substr(0, l.find(' ')) + " " + answer + "\r\n");
            }
        });
        TlsSocket::Settings settings;
        settings.host = "mail.example.test";
        settings.startTls = WireProtocol::Imap;
        auto sock = makeSocket(settings, verifierWithCa());
        try {
            sock->connect("127.0.0.1", server.port());
            FAIL() << answer;
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Tls);
            EXPECT_NE(std::string(e.what()).find("refused STARTTLS"), std::string::npos) << e.what();
        }
        EXPECT_FALSE(sock->isConnected());
        // Only the STARTTLS command ever went out.
        const auto lines = received.lines();
        ASSERT_EQ(lines.size(), 1u);
        EXPECT_NE(lines[0].find("STARTTLS"), std::string::npos);
    }
}

TEST_F(NetTlsSocket, ImapPreauthGreetingIsRefused) {
    LineLog received;
    LoopbackServer server([&](ServerConn& c) {
        c.write("* PREAUTH [CAPABILITY IMAP4rev1] logged in already\r\n");
        for (std::string l = c.readLine(); !l.empty(); l = c.readLine()) received.add(l);
    });
    TlsSocket::Settings settings;
    settings.host = "mail.example.test";
    settings.startTls = WireProtocol::Imap;
    auto sock = makeSocket(settings, verifierWithCa());
    try {
        sock->connect("127.0.0.1", server.port());
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls);
    }
    EXPECT_TRUE(received.lines().empty());
}

TEST_F(NetTlsSocket, DataInjectedBeforeTheHandshakeIsRefused) {
    LoopbackServer server([&](ServerConn& c) {
        c.write("* OK ready\r\n");
        const std::string cmd = c.readLine();
        const std::string tag = cmd.substr(0, cmd.find(' '));
        c.write(tag + " OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n");
        c.readLine(std::chrono::seconds(2));
    });
    TlsSocket::Settings settings;
    settings.host = "mail.example.test";
    settings.startTls = WireProtocol::Imap;
    auto sock = makeSocket(settings, verifierWithCa());
    try {
        sock->connect("127.0.0.1", server.port());
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls);
        EXPECT_NE(std::string(e.what()).find("injection"), std::string::npos) << e.what();
    }
}

TEST_F(NetTlsSocket, Pop3StlsUpgradesOrIsRefused) {
    for (bool accept : {true, false}) {
        LineLog received;
        LoopbackServer server([&](ServerConn& c) {
            c.write("+OK Dovecot ready.\r\n");
            const std::string cmd = c.readLine();
            received.add(cmd);
            if (!accept) {
                c.write("-ERR no TLS here\r\n");
                for (std::string l = c.readLine(); !l.empty(); l = c.readLine()) received.add(l);
                return;
            }
            c.write("+OK Begin TLS negotiation now.\r\n");
            if (!c.startTls(leaf_->certPem, leaf_->keyPem)) return;
            received.add(c.readLine());
            c.write("+OK\r\n");
            c.readLine();
        });
        TlsSocket::Settings settings;
        settings.host = "mail.example.test";
        settings.startTls = WireProtocol::Pop3;
        auto sock = makeSocket(settings, verifierWithCa());
        if (accept) {
            sock->connect("127.0.0.1", server.port());
            EXPECT_EQ(readLine(*sock), "+OK Dovecot ready.\r\n");
            sock->send("CAPA\r\n");
            EXPECT_EQ(readLine(*sock), "+OK\r\n");
            sock->disconnect();
            EXPECT_EQ(received.lines(), (std::vector<std::string>{"STLS", "CAPA"}));
        } else {
            try {
                sock->connect("127.0.0.1", server.port());
                FAIL();
            } catch (const Error& e) {
                EXPECT_EQ(e.kind(), ErrorKind::Tls);
            }
            EXPECT_EQ(received.lines(), std::vector<std::string>{"STLS"});
        }
    }
}

TEST_F(NetTlsSocket, SmtpStartTls) {
    LineLog received;
    LoopbackServer server([&](ServerConn& c) {
        c.write("220-mail.example.test ESMTP\r\n220 welcome\r\n");
        received.add(c.readLine());
        c.write("250-mail.example.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
        received.add(c.readLine());
        c.write("220 2.0.0 Ready to start TLS\r\n");
        if (!c.startTls(leaf_->certPem, leaf_->keyPem)) return;
        received.add(c.readLine());
        c.write("250 ok\r\n");
        c.readLine();
    });
    TlsSocket::Settings settings;
    settings.host = "mail.example.test";
    settings.startTls = WireProtocol::Smtp;
    settings.heloName = "client.example.test";
    auto sock = makeSocket(settings, verifierWithCa());
    sock->connect("127.0.0.1", server.port());
    std::string greeting = readLine(*sock);
    if (greeting.find("220 welcome") == std::string::npos) greeting += readLine(*sock);
    EXPECT_EQ(greeting, "220-mail.example.test ESMTP\r\n220 welcome\r\n");
    sock->send("EHLO client.example.test\r\n");
    EXPECT_EQ(readLine(*sock), "250 ok\r\n");
    sock->disconnect();
    EXPECT_EQ(received.lines(),
              (std::vector<std::string>{"EHLO client.example.test", "STARTTLS", "EHLO client.example.test"}));
}

TEST(NetStartTlsNegotiator, StripsOnlyTheCapabilityCode) {
    EXPECT_EQ(StartTlsNegotiator::stripImapCapabilityCode(
                  "* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.\r\n"),
              "* OK Dovecot ready.\r\n");
    EXPECT_EQ(StartTlsNegotiator::stripImapCapabilityCode("* ok [capability IMAP4rev1] hi\r\n"),
              "* OK hi\r\n");
    EXPECT_EQ(StartTlsNegotiator::stripImapCapabilityCode("* OK [CAPABILITY IMAP4rev1]\r\n"),
              "* OK ready\r\n");
    EXPECT_EQ(StartTlsNegotiator::stripImapCapabilityCode("* OK [ALERT] hello\r\n"),
              "* OK [ALERT] hello\r\n");
    EXPECT_EQ(StartTlsNegotiator::stripImapCapabilityCode("* OK hello\r\n"), "* OK hello\r\n");
}
