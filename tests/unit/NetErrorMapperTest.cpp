#include <gtest/gtest.h>

#include <vmime/exception.hpp>
#include <vmime/security/cert/certificateException.hpp>

#include "NetTestSupport.h"
#include "net/ErrorMapper.h"
#include "net/InterruptState.h"
#include "net/SecretScrubber.h"
#include "net/TlsTrustError.h"
#include "net/TrustVerifier.h"

using petrel::model::Error;
using petrel::model::ErrorKind;
using petrel::net::ErrorMapper;
using petrel::net::InterruptState;
using petrel::net::SecretScrubber;
using petrel::net::TlsTrustError;
using namespace std::chrono_literals;

namespace {

template <class E>
Error mapped(const E& thrown, const ErrorMapper::Context& ctx) {
    try {
        try {
            throw thrown;
        } catch (...) {
            ErrorMapper::rethrow(std::current_exception(), ctx);
        }
    } catch (const Error& e) {
        return e;
    }
    return Error(ErrorKind::Usage, "unreachable");
}

ErrorMapper::Context context() {
    ErrorMapper::Context ctx;
    ctx.host = "imap.example.test";
    ctx.port = 993;
    ctx.interrupt = std::make_shared<InterruptState>();
    ctx.timeout = 500ms;
    return ctx;
}

}  // namespace

TEST(NetErrorMapper, MapsVmimeExceptionsToKinds) {
    const auto ctx = context();
    EXPECT_EQ(mapped(vmime::exceptions::authentication_error("a1 NO [AUTHENTICATIONFAILED]"), ctx).kind(),
              ErrorKind::Auth);
    EXPECT_EQ(mapped(vmime::exceptions::connection_error("refused"), ctx).kind(), ErrorKind::Network);
    EXPECT_EQ(mapped(vmime::exceptions::socket_exception("reset"), ctx).kind(), ErrorKind::Network);
    EXPECT_EQ(mapped(vmime::exceptions::command_error("SELECT", "a3 NO no such mailbox"), ctx).kind(),
              ErrorKind::Protocol);
    EXPECT_EQ(mapped(vmime::exceptions::invalid_response("FETCH", "garbage"), ctx).kind(),
              ErrorKind::Protocol);
    EXPECT_EQ(mapped(vmime::exceptions::connection_greeting_error("* BYE too many"), ctx).kind(),
              ErrorKind::Protocol);
    EXPECT_EQ(mapped(vmime::exceptions::tls_exception("bad record mac"), ctx).kind(), ErrorKind::Tls);
    EXPECT_EQ(mapped(vmime::exceptions::operation_cancelled(), ctx).kind(), ErrorKind::Cancelled);
    EXPECT_EQ(mapped(std::runtime_error("odd"), ctx).kind(), ErrorKind::Protocol);
    EXPECT_EQ(mapped(Error(ErrorKind::Storage, "disk full"), ctx).kind(), ErrorKind::Storage);  // unchanged
}

TEST(NetErrorMapper, TimeoutIsNetworkUnlessTheJobWasCancelled) {
    auto ctx = context();
    const Error timedOut = mapped(vmime::exceptions::operation_timed_out(), ctx);
    EXPECT_EQ(timedOut.kind(), ErrorKind::Network);
    EXPECT_NE(std::string(timedOut.what()).find("within 500 ms"), std::string::npos) << timedOut.what();
    ctx.interrupt = std::make_shared<InterruptState>();
    const_cast<InterruptState&>(*ctx.interrupt).cancelled = true;
    EXPECT_EQ(mapped(vmime::exceptions::operation_timed_out(), ctx).kind(), ErrorKind::Cancelled);
    EXPECT_EQ(mapped(vmime::exceptions::connection_error("timed out"), ctx).kind(), ErrorKind::Cancelled);
}

TEST(NetErrorMapper, CertificateRefusalBecomesTlsTrustErrorWithTheVerdict) {
    petrel::nettest::CertSpec spec;
    const auto cert = petrel::nettest::makeCert(spec);
    auto ctx = context();
    ctx.lastVerdict = petrel::net::TrustVerifier::system()->evaluate({cert.der}, "imap.example.test", "");
    try {
        try {
            throw vmime::security::cert::certificateException("not trusted");
        } catch (...) {
            ErrorMapper::rethrow(std::current_exception(), ctx);
        }
        FAIL();
    } catch (const TlsTrustError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Tls);
        EXPECT_EQ(e.certificate().sha256, cert.sha256);
    }
}

TEST(NetErrorMapper, DetailsNeverCarryAKnownSecret) {
    auto ctx = context();
    auto scrubber = std::make_shared<SecretScrubber>();
    scrubber->add("hunter22");
    ctx.scrubber = scrubber;
    const Error e = mapped(vmime::exceptions::command_error("LOGIN", "a1 BAD LOGIN alice hunter22"), ctx);
    EXPECT_EQ(std::string(e.detail()).find("hunter22"), std::string::npos) << e.detail();
}

TEST(NetErrorMapper, ContextFreeTranslatorForTheEngine) {
    auto translate = [](auto thrown) {
        try {
            throw thrown;
        } catch (...) {
            return ErrorMapper::translate(std::current_exception());
        }
    };
    auto auth = translate(vmime::exceptions::authentication_error("NO"));
    ASSERT_TRUE(auth);
    EXPECT_EQ(auth->kind(), ErrorKind::Auth);
    EXPECT_FALSE(translate(std::runtime_error("not vmime's")));
}
