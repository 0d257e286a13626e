// Login over every transport Petrel supports, against the real Dovecot of tests/servers: the TLS
// socket (implicit TLS and STARTTLS with SNI), certificate pinning, one-attempt authentication,
// the plaintext policy, byte counting and the redacted protocol trace (src/net).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/Error.h"
#include "net/LoginCheck.h"
#include "net/TlsTrustError.h"
#include "net/WireCounter.h"
#include "support/MailServer.h"

using petrel::model::AccountConfig;
using petrel::model::Error;
using petrel::model::ErrorKind;
using petrel::model::Protocol;
using petrel::model::Security;
using petrel::net::ConnectOptions;
using petrel::net::LoginResult;
using petrel::net::probeCertificate;
using petrel::net::testLogin;
using petrel::net::TlsTrustError;
using petrel::net::TraceEvent;
using petrel::net::TrustProblem;
using petrel::net::WireProtocol;
using petrel::testing::MailServer;
using petrel::testing::TestUser;
using namespace std::chrono_literals;

namespace {

MailServer& server() {
    return MailServer::instance();
}

std::uint16_t portFor(Protocol protocol, Security security) {
    if (protocol == Protocol::Imap)
        return security == Security::Tls ? server().imapsPort() : server().imapPort();
    return security == Security::Tls ? server().pop3sPort() : server().pop3Port();
}

AccountConfig accountFor(const TestUser& user, Protocol protocol, Security security, bool pin = true) {
    AccountConfig a;
    a.name = user.name;
    a.protocol = protocol;
    a.user = user.name;
    a.incoming.host = server().host();
    a.incoming.port = portFor(protocol, security);
    a.incoming.security = security;
    if (pin) a.incoming.trustFingerprint = server().certSha256();
    return a;
}

bool hasCapability(const LoginResult& r, const std::string& name) {
    return std::any_of(r.capabilities.begin(), r.capabilities.end(), [&](const std::string& c) {
        std::string up = c;
        std::transform(up.begin(), up.end(), up.begin(), ::toupper);
        return up == name;
    });
}

struct Transport {
    Protocol protocol;
    Security security;
    const char* name;
};

const Transport kTransports[] = {
    {Protocol::Imap, Security::Tls, "IMAPS"},
    {Protocol::Imap, Security::StartTls, "IMAP STARTTLS"},
    {Protocol::Pop3, Security::Tls, "POP3S"},
    {Protocol::Pop3, Security::StartTls, "POP3 STLS"},
};

}  // namespace

TEST(Login, PinnedFingerprintLogsInOverEveryTlsTransport) {
    const TestUser user = server().createUser("empty");
    for (const auto& t : kTransports) {
        SCOPED_TRACE(t.name);
        const LoginResult r = testLogin(accountFor(user, t.protocol, t.security), user.password);
        EXPECT_EQ(r.certificate.sha256, server().certSha256());
        EXPECT_GT(r.bytesSent, 0u);
        EXPECT_GT(r.bytesReceived, 0u);
        // TLS overhead is counted: the certificate alone is larger than the whole plaintext dialogue.
        EXPECT_GT(r.bytesReceived, 500u);
        if (t.protocol == Protocol::Imap) {
            EXPECT_TRUE(hasCapability(r, "IMAP4REV1"));
            EXPECT_TRUE(hasCapability(r, "IDLE"));  // post-login list
        } else {
            EXPECT_TRUE(hasCapability(r, "UIDL"));
        }
    }
}

TEST(Login, WithoutPinTheSelfSignedServerIsRefusedWithItsFingerprint) {
    const TestUser user = server().createUser("empty");
    for (const auto& t : kTransports) {
        SCOPED_TRACE(t.name);
        try {
            testLogin(accountFor(user, t.protocol, t.security, /*pin*/ false), user.password);
            FAIL() << "a self-signed certificate was accepted without a pin";
        } catch (const TlsTrustError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Tls);
            EXPECT_EQ(e.problem(), TrustProblem::NotTrusted);
            EXPECT_EQ(e.certificate().sha256, server().certSha256());
            EXPECT_NE(std::string(e.what()).find(server().certSha256()), std::string::npos) << e.what();
            EXPECT_EQ(petrel::model::exitCodeFor(e.kind()), 3);  // petrel-cli's "certificate" exit code
        }
    }
}

TEST(Login, AWrongPinIsRefusedAsChanged) {
    const TestUser user = server().createUser("empty");
    for (const auto& t : {kTransports[0], kTransports[3]}) {
        SCOPED_TRACE(t.name);
        auto account = accountFor(user, t.protocol, t.security);
        account.incoming.trustFingerprint = std::string(64, 'f');
        try {
            testLogin(account, user.password);
            FAIL() << "a changed certificate was accepted";
        } catch (const TlsTrustError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Tls);
            EXPECT_EQ(e.problem(), TrustProblem::Changed);
            EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos) << e.what();
            EXPECT_EQ(e.certificate().sha256, server().certSha256());
        }
    }
}

TEST(Login, WrongPasswordIsAnAuthErrorInUnderFiveSeconds) {
    const TestUser user = server().createUser("empty");
    for (const auto& t : kTransports) {
        SCOPED_TRACE(t.name);
        const auto start = std::chrono::steady_clock::now();
        try {
            testLogin(accountFor(user, t.protocol, t.security), user.password + "-wrong");
            FAIL() << "a wrong password was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Auth) << e.what() << " / " << e.detail();
        }
        const auto elapsed = std::chrono::steady_clock::now() - start;
        EXPECT_LT(elapsed, 5s) << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
                               << " ms";
    }
}

TEST(Login, PlaintextEndpointIsRefusedBeforeConnectingUnlessAllowed) {
    const TestUser user = server().createUser("empty");
    ConnectOptions options;
    options.wire = petrel::net::WireCounter::make();
    auto account = accountFor(user, Protocol::Imap, Security::Plain, false);
    account.incoming.port = server().imapPort();
    account.allowPlaintext = false;
    const auto start = std::chrono::steady_clock::now();
    try {
        testLogin(account, user.password, options);
        FAIL() << "plaintext was used without allowPlaintext";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    EXPECT_EQ(options.wire->snapshot().total(), 0u);  // not a single byte: no connection was made

    // Allowed explicitly, it works (Dovecot treats loopback as secure).
    account.allowPlaintext = true;
    const LoginResult r = testLogin(account, user.password, options);
    EXPECT_TRUE(r.certificate.empty());
    EXPECT_TRUE(hasCapability(r, "IMAP4REV1"));
    EXPECT_GT(options.wire->snapshot().total(), 0u);
}

TEST(Login, TraceOfARealLoginNeverContainsThePassword) {
    const TestUser user = server().createUser("empty");
    for (const auto& t : kTransports) {
        SCOPED_TRACE(t.name);
        std::mutex mutex;
        std::vector<TraceEvent> events;
        ConnectOptions options;
        options.trace = [&](const TraceEvent& e) {
            std::lock_guard lock(mutex);
            events.push_back(e);
        };
        testLogin(accountFor(user, t.protocol, t.security), user.password, options);
        // A failed login traces its command too.
        EXPECT_THROW(testLogin(accountFor(user, t.protocol, t.security), user.password + "X", options),
                     Error);

        std::string dialogue;
        for (const auto& e : events)
            dialogue += (e.direction == petrel::net::TraceDirection::Sent ? "C: " : "S: ") + e.text + "\n";
        EXPECT_EQ(dialogue.find(user.password), std::string::npos) << dialogue;
        const std::string login =
            t.protocol == Protocol::Imap ? "LOGIN " + user.name + " <redacted>" : "PASS <redacted>";
        EXPECT_NE(dialogue.find(login), std::string::npos) << dialogue;
        if (t.security == Security::StartTls) {
            EXPECT_NE(dialogue.find(t.protocol == Protocol::Imap ? "STARTTLS" : "STLS"), std::string::npos)
                << dialogue;
        }
    }
}

TEST(Login, ProbeFetchesTheCertificateWithoutLoggingIn) {
    for (const auto& t : kTransports) {
        SCOPED_TRACE(t.name);
        petrel::model::ServerEndpoint ep;
        ep.host = server().host();
        ep.port = portFor(t.protocol, t.security);
        ep.security = t.security;
        const auto info =
            probeCertificate(ep, t.protocol == Protocol::Imap ? WireProtocol::Imap : WireProtocol::Pop3);
        EXPECT_EQ(info.sha256, server().certSha256());
        EXPECT_FALSE(info.subject.empty());
        EXPECT_LT(info.notBefore, info.notAfter);
    }
}
