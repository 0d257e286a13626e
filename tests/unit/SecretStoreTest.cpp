#include "engine/SecretStore.h"
#include "model/Error.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

using petrel::engine::makePlatformSecretStore;
using petrel::engine::secretServiceName;
using petrel::model::Error;
using petrel::model::ErrorKind;
using namespace std::chrono_literals;

namespace {

// Runs `call` expecting a model::Error and returns it.
Error errorFrom(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error thrown";
    return Error(ErrorKind::Usage, "none");
}

}  // namespace

TEST(SecretStore, ServiceNameFollowsTheWxConvention) {
    EXPECT_EQ(secretServiceName("work"), "Petrel/work");
    EXPECT_EQ(secretServiceName("a b/c"), "Petrel/a b/c");
}

TEST(SecretStore, FactoryDoesNotContactTheKeyring) {
    // Constructing must be cheap and never fail, even where no keyring runs (this test binary).
    EXPECT_NE(makePlatformSecretStore(), nullptr);
    EXPECT_FALSE(makePlatformSecretStore()->displayName().empty());
}

TEST(SecretStore, EmptyAccountIsAUsageError) {
    auto store = makePlatformSecretStore();
    EXPECT_EQ(errorFrom([&] { store->lookup("", "alice"); }).kind(), ErrorKind::Usage);
    EXPECT_EQ(errorFrom([&] { store->store("", "alice", "x"); }).kind(), ErrorKind::Usage);
    EXPECT_EQ(errorFrom([&] { store->remove("", "alice"); }).kind(), ErrorKind::Usage);
}

TEST(SecretStore, UnstorableSecretsAreUsageErrorsWithoutTheSecret) {
    auto store = makePlatformSecretStore();
    const Error empty = errorFrom([&] { store->store("work", "alice", ""); });
    EXPECT_EQ(empty.kind(), ErrorKind::Usage);
    const std::string withNul("abc\0secret-tail", 15);
    const Error nul = errorFrom([&] { store->store("work", "alice", withNul); });
    EXPECT_EQ(nul.kind(), ErrorKind::Usage);
    EXPECT_EQ(std::string(nul.what()).find("secret-tail"), std::string::npos);
}

#if !defined(_WIN32) && !defined(__APPLE__)

// Points the session bus somewhere that does not exist for the duration of a test. GDBus only
// caches a session connection that succeeded, and nothing else in this binary opens one.
class NoSessionBus : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* name : kVars) {
            const char* old = std::getenv(name);
            saved_.push_back(old ? std::optional<std::string>(old) : std::nullopt);
        }
        setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/petrel-test/bus", 1);
        // GDBus falls back to $XDG_RUNTIME_DIR/bus when no address is set.
        setenv("XDG_RUNTIME_DIR", "/nonexistent/petrel-test", 1);
    }
    void TearDown() override {
        for (std::size_t i = 0; i < std::size(kVars); ++i) {
            if (saved_[i])
                setenv(kVars[i], saved_[i]->c_str(), 1);
            else
                unsetenv(kVars[i]);
        }
    }

private:
    static constexpr const char* kVars[] = {"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY"};
    std::vector<std::optional<std::string>> saved_;
};

TEST_F(NoSessionBus, EveryCallFailsFastWithAStorageErrorThatSaysWhatToDo) {
    auto store = makePlatformSecretStore();
    const auto start = std::chrono::steady_clock::now();
    const Error lookup = errorFrom([&] { store->lookup("work", "alice"); });
    const Error stored = errorFrom([&] { store->store("work", "alice", "TopSecret-NoBus-42"); });
    const Error removed = errorFrom([&] { store->remove("work", "alice"); });
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);

    for (const Error* e : {&lookup, &stored, &removed}) {
        EXPECT_EQ(e->kind(), ErrorKind::Storage);
        const std::string what = e->what();
        EXPECT_NE(what.find("session bus"), std::string::npos) << what;
        EXPECT_NE(what.find("'work'"), std::string::npos) << what;
        EXPECT_NE(what.find("password command"), std::string::npos) << what;
        EXPECT_FALSE(e->detail().empty());
        EXPECT_EQ(what.find("TopSecret-NoBus-42"), std::string::npos) << what;
        EXPECT_EQ(e->detail().find("TopSecret-NoBus-42"), std::string::npos) << e->detail();
    }
}

TEST_F(NoSessionBus, NoAutolaunchWithoutAnAddress) {
    // Without any address GDBus would try X11 autolaunch; with no DISPLAY that must fail fast too.
    unsetenv("DBUS_SESSION_BUS_ADDRESS");
    unsetenv("DISPLAY");
    auto store = makePlatformSecretStore();
    const auto start = std::chrono::steady_clock::now();
    const Error e = errorFrom([&] { store->lookup("work", "alice"); });
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
    EXPECT_EQ(e.kind(), ErrorKind::Storage);
    EXPECT_NE(std::string(e.what()).find("session bus"), std::string::npos) << e.what();
}

#endif
