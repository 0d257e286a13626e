#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <thread>

#include "NetTestSupport.h"
#include "model/Error.h"
#include "net/LoginCheck.h"
#include "net/ServiceConnector.h"
#include "net/TlsTrustError.h"
#include "net/TrustVerifier.h"
#include "net/WireCounter.h"

using petrel::model::AccountConfig;
using petrel::model::Error;
using petrel::model::ErrorKind;
using petrel::model::Protocol;
using petrel::model::Security;
using petrel::net::ConnectOptions;
using petrel::net::probeCertificate;
using petrel::net::ServiceConnector;
using petrel::net::testLogin;
using petrel::net::TlsTrustError;
using petrel::net::TraceEvent;
using petrel::net::TrustProblem;
using petrel::net::TrustVerifier;
using petrel::net::WireProtocol;
using petrel::nettest::CertSpec;
using petrel::nettest::LineLog;
using petrel::nettest::LoopbackServer;
using petrel::nettest::makeCert;
using petrel::nettest::ServerConn;
using petrel::nettest::TestCert;
using namespace std::chrono_literals;

namespace {

constexpr const char* kUser = "alice";
constexpr const char* kPassword = "c0rrect-h0rse";

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Splits an IMAP command's arguments: atoms and "quoted" strings (enough for vmime's LOGIN).
std::vector<std::string> imapArgs(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == ' ') {
            ++i;
            continue;
        }
        std::string arg;
        if (s[i] == '"') {
            for (++i; i < s.size() && s[i] != '"'; ++i) {
                if (s[i] == '\\') ++i;
                arg.push_back(s[i]);
            }
            ++i;
        } else {
            while (i < s.size() && s[i] != ' ') arg.push_back(s[i++]);
        }
        out.push_back(arg);
    }
    return out;
}

enum class Tls { None, Implicit, StartTls };

struct FakeServerConfig {
    Tls tls = Tls::Implicit;
    const TestCert* cert = nullptr;
    std::string startTlsAnswer = "OK Begin TLS negotiation now.";
    bool silent = false;  // accept, then never say anything
};

// Just enough IMAP4rev1 for vmime 0.9.2's connect / login / capability / logout path.
void serveImap(ServerConn& c, const FakeServerConfig& cfg, LineLog& log) {
    if (cfg.silent) {
        c.drainUntilClosed(10s);
        return;
    }
    if (cfg.tls == Tls::Implicit && !c.startTls(cfg.cert->certPem, cfg.cert->keyPem)) return;
    c.write(cfg.tls == Tls::StartTls ? "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] fake ready\r\n"
                                     : "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake ready\r\n");
    bool loggedIn = false;
    for (std::string line = c.readLine(); !line.empty(); line = c.readLine()) {
        log.add(line);
        const std::string tag = line.substr(0, line.find(' '));
        std::string rest = line.substr(std::min(line.size(), tag.size() + 1));
        const std::string cmd = upper(rest.substr(0, rest.find(' ')));
        const std::string args = rest.find(' ') == std::string::npos ? "" : rest.substr(rest.find(' ') + 1);
        if (cmd == "STARTTLS") {
            c.write(tag + " " + cfg.startTlsAnswer + "\r\n");
            if (cfg.startTlsAnswer.rfind("OK", 0) == 0 && !c.startTls(cfg.cert->certPem, cfg.cert->keyPem))
                return;
        } else if (cmd == "CAPABILITY") {
            // vmime 0.9.2 ignores the CAPABILITY code of the LOGIN reply and asks again.
            c.write(std::string(loggedIn ? "* CAPABILITY IMAP4rev1 IDLE NAMESPACE\r\n"
                                         : "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n") +
                    tag + " OK done\r\n");
        } else if (cmd == "LOGIN") {
            const auto a = imapArgs(args);
            loggedIn = a.size() == 2 && a[0] == kUser && a[1] == kPassword;
            if (loggedIn)
                c.write(tag + " OK [CAPABILITY IMAP4rev1 IDLE NAMESPACE] Logged in\r\n");
            else
                c.write(tag + " NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        } else if (cmd == "LIST") {
            c.write("* LIST (\\Noselect) \"/\" \"\"\r\n" + tag + " OK done\r\n");
        } else if (cmd == "NOOP") {
            c.write(tag + " OK done\r\n");
        } else if (cmd == "LOGOUT") {
            c.write("* BYE bye\r\n" + tag + " OK done\r\n");
            return;
        } else {
            c.write(tag + " BAD unknown\r\n");
        }
    }
}

void servePop3(ServerConn& c, const FakeServerConfig& cfg, LineLog& log) {
    if (cfg.tls == Tls::Implicit && !c.startTls(cfg.cert->certPem, cfg.cert->keyPem)) return;
    c.write("+OK fake POP3 ready\r\n");
    bool userOk = false;
    for (std::string line = c.readLine(); !line.empty(); line = c.readLine()) {
        log.add(line);
        const std::string cmd = upper(line.substr(0, line.find(' ')));
        const std::string arg = line.find(' ') == std::string::npos ? "" : line.substr(line.find(' ') + 1);
        if (cmd == "STLS") {
            if (cfg.startTlsAnswer.rfind("OK", 0) == 0) {
                c.write("+OK Begin TLS\r\n");
                if (!c.startTls(cfg.cert->certPem, cfg.cert->keyPem)) return;
            } else {
                c.write("-ERR " + cfg.startTlsAnswer + "\r\n");
            }
        } else if (cmd == "CAPA") {
            c.write("+OK\r\nUSER\r\nUIDL\r\nTOP\r\nPIPELINING\r\n.\r\n");
        } else if (cmd == "USER") {
            userOk = arg == kUser;
            c.write("+OK\r\n");
        } else if (cmd == "PASS") {
            if (userOk && arg == kPassword)
                c.write("+OK Logged in.\r\n");
            else
                c.write("-ERR [AUTH] Authentication failed.\r\n");
        } else if (cmd == "STAT") {
            c.write("+OK 0 0\r\n");
        } else if (cmd == "QUIT") {
            c.write("+OK bye\r\n");
            return;
        } else {
            c.write("-ERR unknown\r\n");
        }
    }
}

class NetServiceConnector : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        CertSpec spec;
        spec.commonName = "localhost";
        spec.dnsNames = {"localhost"};
        spec.ipAddresses = {"127.0.0.1"};
        cert_ = new TestCert(makeCert(spec));
    }
    static void TearDownTestSuite() { delete cert_; }

    AccountConfig account(Protocol protocol, Security security, std::uint16_t port, bool pin = true) const {
        AccountConfig a;
        a.name = "test";
        a.protocol = protocol;
        a.incoming.host = "127.0.0.1";
        a.incoming.port = port;
        a.incoming.security = security;
        if (pin) a.incoming.trustFingerprint = cert_->sha256;
        a.user = kUser;
        return a;
    }

    // Runs f, expecting a model::Error; returns it (sliced copy is fine for kind/message).
    template <class F>
    static Error expectError(F&& f) {
        try {
            f();
        } catch (const Error& e) {
            return e;
        }
        ADD_FAILURE() << "no error thrown";
        return Error(ErrorKind::Usage, "none");
    }

    static inline TestCert* cert_ = nullptr;
    LineLog log_;
    std::atomic<int> passwordCalls_{0};
    petrel::net::PasswordSupplier password() {
        return [this] {
            ++passwordCalls_;
            return std::string(kPassword);
        };
    }
};

}  // namespace

TEST_F(NetServiceConnector, ImapOverImplicitTlsWithPinLogsIn) {
    FakeServerConfig cfg{Tls::Implicit, cert_};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    std::vector<TraceEvent> trace;
    ConnectOptions options;
    options.trace = [&](const TraceEvent& e) { trace.push_back(e); };

    ServiceConnector connector(account(Protocol::Imap, Security::Tls, server.port()), password(), options);
    auto store = connector.connectStore();
    EXPECT_TRUE(store->isConnected());
    connector.guarded([&] { store->disconnect(); });

    EXPECT_TRUE(log_.containsSubstring(std::string("LOGIN ") + kUser));
    EXPECT_EQ(passwordCalls_.load(), 1);
    ASSERT_TRUE(connector.lastTrustVerdict());
    EXPECT_TRUE(connector.lastTrustVerdict()->byPin);
    EXPECT_GT(connector.wireBytes().sent, 0u);
    EXPECT_GT(connector.wireBytes().received, 0u);
    bool sawLogin = false;
    for (const auto& e : trace) {
        EXPECT_EQ(e.text.find(kPassword), std::string::npos) << e.text;
        if (e.text.find("LOGIN") != std::string::npos) {
            sawLogin = true;
            EXPECT_NE(e.text.find("<redacted>"), std::string::npos) << e.text;
        }
    }
    EXPECT_TRUE(sawLogin);
}

TEST_F(NetServiceConnector, TestLoginReportsCapabilitiesCertificateAndBytes) {
    FakeServerConfig cfg{Tls::StartTls, cert_};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    const auto result = testLogin(account(Protocol::Imap, Security::StartTls, server.port()), kPassword);
    EXPECT_EQ(result.certificate.sha256, cert_->sha256);
    EXPECT_NE(std::find(result.capabilities.begin(), result.capabilities.end(), "IDLE"),
              result.capabilities.end());
    EXPECT_GT(result.bytesSent, 0u);
    EXPECT_GT(result.bytesReceived, 0u);
    EXPECT_TRUE(log_.waitForSubstring("LOGOUT"));
    // The LOGINDISABLED of the plaintext greeting did not stop the login inside TLS.
    EXPECT_TRUE(log_.containsSubstring("LOGIN alice"));
}

TEST_F(NetServiceConnector, StartTlsRefusedEndsTheConnectionBeforeAnyPassword) {
    FakeServerConfig cfg{Tls::StartTls, cert_, "NO STARTTLS disabled"};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    ServiceConnector connector(account(Protocol::Imap, Security::StartTls, server.port()), password());
    const Error e = expectError([&] { connector.connectStore(); });
    EXPECT_EQ(e.kind(), ErrorKind::Tls) << e.what();
    EXPECT_EQ(passwordCalls_.load(), 0);
    EXPECT_FALSE(connector.passwordRequested());
    EXPECT_FALSE(log_.containsSubstring("LOGIN"));
    EXPECT_EQ(log_.lines().size(), 1u);  // STARTTLS and nothing else
}

TEST_F(NetServiceConnector, Pop3StlsRefusedEndsTheConnectionBeforeAnyPassword) {
    FakeServerConfig cfg{Tls::StartTls, cert_, "not available"};
    LoopbackServer server([&](ServerConn& c) { servePop3(c, cfg, log_); });
    ServiceConnector connector(account(Protocol::Pop3, Security::StartTls, server.port()), password());
    const Error e = expectError([&] { connector.connectStore(); });
    EXPECT_EQ(e.kind(), ErrorKind::Tls);
    EXPECT_EQ(passwordCalls_.load(), 0);
    EXPECT_EQ(log_.lines(), std::vector<std::string>{"STLS"});
}

TEST_F(NetServiceConnector, Pop3OverStlsLogsIn) {
    FakeServerConfig cfg{Tls::StartTls, cert_};
    LoopbackServer server([&](ServerConn& c) { servePop3(c, cfg, log_); });
    const auto result = testLogin(account(Protocol::Pop3, Security::StartTls, server.port()), kPassword);
    EXPECT_EQ(result.certificate.sha256, cert_->sha256);
    EXPECT_NE(std::find(result.capabilities.begin(), result.capabilities.end(), "UIDL"),
              result.capabilities.end());
    EXPECT_TRUE(log_.containsSubstring(std::string("PASS ") + kPassword));  // the server did get it
    EXPECT_TRUE(log_.waitForSubstring("QUIT"));
    EXPECT_FALSE(log_.containsSubstring("APOP"));
    EXPECT_FALSE(log_.containsSubstring("AUTH"));
}

TEST_F(NetServiceConnector, WrongPasswordIsOneAttemptAndAnAuthError) {
    for (Protocol protocol : {Protocol::Imap, Protocol::Pop3}) {
        LineLog log;
        FakeServerConfig cfg{Tls::Implicit, cert_};
        LoopbackServer server([&](ServerConn& c) {
            if (protocol == Protocol::Imap)
                serveImap(c, cfg, log);
            else
                servePop3(c, cfg, log);
        });
        ServiceConnector connector(account(protocol, Security::Tls, server.port()),
                                   [] { return std::string("wrong"); });
        const auto start = std::chrono::steady_clock::now();
        const Error e = expectError([&] { connector.connectStore(); });
        EXPECT_EQ(e.kind(), ErrorKind::Auth) << e.what() << " / " << e.detail();
        EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
        int attempts = 0;
        for (const auto& l : log.lines())
            if (l.find("LOGIN") != std::string::npos || l.rfind("PASS", 0) == 0 ||
                l.find("AUTH") != std::string::npos)
                ++attempts;
        EXPECT_EQ(attempts, 1);
        EXPECT_EQ(server.connections(), 1);
    }
}

TEST_F(NetServiceConnector, UnpinnedSelfSignedIsATlsTrustErrorWithTheFingerprint) {
    FakeServerConfig cfg{Tls::Implicit, cert_};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    ServiceConnector connector(account(Protocol::Imap, Security::Tls, server.port(), /*pin*/ false),
                               password());
    try {
        connector.connectStore();
        FAIL();
    } catch (const TlsTrustError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls);
        EXPECT_EQ(e.certificate().sha256, cert_->sha256);
        EXPECT_NE(std::string(e.what()).find(cert_->sha256), std::string::npos);
    }
    EXPECT_EQ(passwordCalls_.load(), 0);
    EXPECT_TRUE(log_.lines().empty());
    ASSERT_TRUE(connector.lastTrustVerdict());
    EXPECT_EQ(connector.lastTrustVerdict()->leaf.sha256, cert_->sha256);
}

TEST_F(NetServiceConnector, ChangedCertificateIsRefused) {
    FakeServerConfig cfg{Tls::Implicit, cert_};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    auto acc = account(Protocol::Imap, Security::Tls, server.port());
    acc.incoming.trustFingerprint = std::string(64, '0');
    ServiceConnector connector(acc, password());
    try {
        connector.connectStore();
        FAIL();
    } catch (const TlsTrustError& e) {
        EXPECT_EQ(e.problem(), TrustProblem::Changed);
        EXPECT_NE(std::string(e.what()).find("changed"), std::string::npos);
    }
}

TEST_F(NetServiceConnector, PlaintextIsRefusedBeforeConnectingUnlessAllowed) {
    FakeServerConfig cfg{Tls::None, cert_};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    auto acc = account(Protocol::Imap, Security::Plain, server.port(), false);
    {
        ServiceConnector connector(acc, password());
        const Error e = expectError([&] { connector.connectStore(); });
        EXPECT_EQ(e.kind(), ErrorKind::Tls);
        EXPECT_EQ(connector.wireBytes().total(), 0u);
    }
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(server.connections(), 0);
    EXPECT_EQ(passwordCalls_.load(), 0);

    acc.allowPlaintext = true;
    ServiceConnector connector(acc, password());
    auto store = connector.connectStore();
    EXPECT_TRUE(store->isConnected());
    store->disconnect();
    EXPECT_EQ(server.connections(), 1);
}

TEST_F(NetServiceConnector, ConnectionRefusedIsANetworkError) {
    ServiceConnector connector(account(Protocol::Imap, Security::Tls, petrel::nettest::unusedPort()),
                               password());
    const Error e = expectError([&] { connector.connectStore(); });
    EXPECT_EQ(e.kind(), ErrorKind::Network) << e.what();
}

TEST_F(NetServiceConnector, SilentServerTimesOutAsANetworkError) {
    FakeServerConfig cfg{Tls::Implicit, cert_};
    cfg.silent = true;
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    ConnectOptions options;
    options.timeout = 500ms;
    ServiceConnector connector(account(Protocol::Imap, Security::Tls, server.port()), password(), options);
    const auto start = std::chrono::steady_clock::now();
    const Error e = expectError([&] { connector.connectStore(); });
    EXPECT_EQ(e.kind(), ErrorKind::Network) << e.what();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(NetServiceConnector, CancellationEndsTheWaitAsCancelled) {
    FakeServerConfig cfg{Tls::StartTls, cert_};
    cfg.silent = true;
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    std::atomic<bool> cancel{false};
    ConnectOptions options;
    options.isCancelled = [&] { return cancel.load(); };
    ServiceConnector connector(account(Protocol::Imap, Security::StartTls, server.port()), password(),
                               options);
    std::thread canceller([&] {
        std::this_thread::sleep_for(200ms);
        cancel = true;
    });
    const auto start = std::chrono::steady_clock::now();
    const Error e = expectError([&] { connector.connectStore(); });
    canceller.join();
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(NetServiceConnector, ProbeFetchesTheCertificateWithoutLoggingIn) {
    FakeServerConfig cfg{Tls::StartTls, cert_};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    auto ep = account(Protocol::Imap, Security::StartTls, server.port(), false).incoming;
    const auto info = probeCertificate(ep, WireProtocol::Imap);
    EXPECT_EQ(info.sha256, cert_->sha256);
    EXPECT_FALSE(log_.containsSubstring("LOGIN"));

    ep.security = Security::Plain;
    EXPECT_EQ(expectError([&] { probeCertificate(ep); }).kind(), ErrorKind::Usage);
}

TEST_F(NetServiceConnector, AccountCounterAccumulatesAcrossConnections) {
    FakeServerConfig cfg{Tls::Implicit, cert_};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    ConnectOptions options;
    options.wire = petrel::net::WireCounter::make();
    const auto first = testLogin(account(Protocol::Imap, Security::Tls, server.port()), kPassword, options);
    const auto afterFirst = options.wire->snapshot();
    const auto second = testLogin(account(Protocol::Imap, Security::Tls, server.port()), kPassword, options);
    EXPECT_EQ(afterFirst.sent, first.bytesSent);
    EXPECT_EQ(options.wire->snapshot().sent, first.bytesSent + second.bytesSent);
}

TEST_F(NetServiceConnector, ARefusedPasswordIsAskedForAgainOnTheNextLogin) {
    FakeServerConfig cfg{Tls::Implicit, cert_};
    LoopbackServer server([&](ServerConn& c) { serveImap(c, cfg, log_); });
    std::vector<std::string> answers = {"wrong", kPassword};
    size_t calls = 0;
    ServiceConnector connector(account(Protocol::Imap, Security::Tls, server.port()),
                               [&] { return answers.at(calls++); });
    EXPECT_EQ(expectError([&] { connector.connectStore(); }).kind(), ErrorKind::Auth);
    auto store = connector.connectStore();  // the corrected password, not the cached wrong one
    EXPECT_TRUE(store->isConnected());
    store->disconnect();
    EXPECT_EQ(calls, 2u);
}

TEST_F(NetServiceConnector, APasswordSupplierErrorAbortsWithItsKind) {
    for (Protocol protocol : {Protocol::Imap, Protocol::Pop3}) {
        LineLog log;
        FakeServerConfig cfg{Tls::Implicit, cert_};
        LoopbackServer server([&](ServerConn& c) {
            if (protocol == Protocol::Imap)
                serveImap(c, cfg, log);
            else
                servePop3(c, cfg, log);
        });
        ServiceConnector connector(account(protocol, Security::Tls, server.port()), []() -> std::string {
            throw Error(ErrorKind::Storage, "keyring locked");
        });
        const Error e = expectError([&] { connector.connectStore(); });
        EXPECT_EQ(e.kind(), ErrorKind::Storage) << e.what();
        EXPECT_STREQ(e.what(), "keyring locked");
    }
}
