#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"
#include "model/Error.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <sstream>
#include <utility>

using petrel::engine::PasswordSource;
using petrel::engine::readPasswordLine;
using petrel::engine::runPasswordCommand;
using petrel::engine::SecretStore;
using petrel::model::AccountConfig;
using petrel::model::Error;
using petrel::model::ErrorKind;
using namespace std::chrono_literals;

namespace {

// A keyring in memory that counts how often it is asked.
class FakeSecretStore final : public SecretStore {
public:
    void store(const std::string& account, const std::string& user, const std::string& secret) override {
        secrets_[{account, user}] = secret;
    }
    std::optional<std::string> lookup(const std::string& account, const std::string& user) override {
        ++lookups;
        if (failWith)
            throw *failWith;
        auto it = secrets_.find({account, user});
        if (it == secrets_.end())
            return std::nullopt;
        return it->second;
    }
    bool remove(const std::string& account, const std::string& user) override {
        return secrets_.erase({account, user}) > 0;
    }
    std::string displayName() const override { return "the test keyring"; }

    int lookups = 0;
    std::optional<Error> failWith;

private:
    std::map<std::pair<std::string, std::string>, std::string> secrets_;
};

AccountConfig account(std::string command = {}) {
    AccountConfig a;
    a.name = "work";
    a.user = "alice";
    a.passwordCommand = std::move(command);
    return a;
}

// Runs the command and returns the Error it must throw.
Error commandError(const std::string& command, std::chrono::milliseconds timeout = 10s) {
    try {
        runPasswordCommand("work", command, timeout);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "command did not fail: " << command;
    return Error(ErrorKind::Usage, "no error");
}

}  // namespace

#ifndef _WIN32  // the commands below are POSIX shell

TEST(PasswordCommand, StripsOneTrailingNewline) {
    EXPECT_EQ(runPasswordCommand("work", "echo 's3cret pass'"), "s3cret pass");
}

TEST(PasswordCommand, OutputWithoutNewlineIsTakenAsIs) {
    EXPECT_EQ(runPasswordCommand("work", "printf %s 's3cret'"), "s3cret");
}

TEST(PasswordCommand, OnlyOneNewlineIsStripped) {
    EXPECT_EQ(runPasswordCommand("work", "printf 's3cret\\n\\n'"), "s3cret\n");
}

TEST(PasswordCommand, CrLfCountsAsOneNewline) {
    EXPECT_EQ(runPasswordCommand("work", "printf 's3cret\\r\\n'"), "s3cret");
}

TEST(PasswordCommand, KeepsSpacesAndShellCharacters) {
    EXPECT_EQ(runPasswordCommand("work", "printf '%s\\n' ' a$b\"c '"), " a$b\"c ");
}

TEST(PasswordCommand, FailureReportsStatusAndStderrButNotStdout) {
    const Error e =
        commandError("echo leaked-stdout-value; echo 'gpg: decryption failed: No secret key' >&2; exit 3");
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    const std::string what = e.what();
    EXPECT_NE(what.find("exit status 3"), std::string::npos) << what;
    EXPECT_NE(what.find("gpg: decryption failed: No secret key"), std::string::npos) << what;
    EXPECT_NE(what.find("'work'"), std::string::npos) << what;
    EXPECT_EQ(what.find("leaked-stdout-value"), std::string::npos) << what;
    EXPECT_EQ(e.detail().find("leaked-stdout-value"), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find("decryption failed"), std::string::npos) << e.detail();
}

TEST(PasswordCommand, StdoutEchoedOnStderrIsRedacted) {
    const Error e = commandError("echo hunter2-value; echo \"could not use hunter2-value\" >&2; exit 1");
    const std::string what = e.what();
    EXPECT_EQ(what.find("hunter2-value"), std::string::npos) << what;
    EXPECT_EQ(e.detail().find("hunter2-value"), std::string::npos) << e.detail();
    EXPECT_NE(what.find("could not use [redacted]"), std::string::npos) << what;
}

TEST(PasswordCommand, FailureWithoutStderrSaysSo) {
    const Error e = commandError("exit 7");
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_NE(std::string(e.what()).find("exit status 7"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("nothing on standard error"), std::string::npos) << e.what();
}

TEST(PasswordCommand, MissingProgramIsAnAuthError) {
    const Error e = commandError("/nonexistent/petrel-password-helper");
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_NE(std::string(e.what()).find("exit status 127"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();
}

TEST(PasswordCommand, KilledBySignal) {
    const Error e = commandError("echo partial-secret; kill -9 $$");
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_NE(std::string(e.what()).find("signal 9"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("partial-secret"), std::string::npos) << e.what();
}

TEST(PasswordCommand, EmptyOutputIsAnError) {
    const Error e = commandError("true");
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_NE(std::string(e.what()).find("no password"), std::string::npos) << e.what();
    EXPECT_EQ(commandError("echo").kind(), ErrorKind::Auth);  // just a newline
}

TEST(PasswordCommand, StdinIsTheNullDevice) {
    // `cat` would wait forever on an inherited terminal or pipe; with /dev/null it ends at once.
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(commandError("cat").kind(), ErrorKind::Auth);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(PasswordCommand, TimeoutKillsTheCommand) {
    const auto start = std::chrono::steady_clock::now();
    const Error e = commandError("echo early-secret; exec sleep 30", 300ms);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_NE(std::string(e.what()).find("did not finish"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("early-secret"), std::string::npos) << e.what();
}

TEST(PasswordCommand, BackgroundChildHoldingStdoutDoesNotBlock) {
    // A helper that leaves a daemon behind (gpg starting gpg-agent) must not make us wait for it.
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(runPasswordCommand("work", "sleep 5 & echo pw-from-helper"), "pw-from-helper");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(PasswordCommand, LargeOutputOnBothStreamsDoesNotDeadlock) {
    // 200 KiB on stderr before stdout: a reader that only drained stdout would hang here.
    const Error e = commandError("head -c 204800 /dev/zero | tr '\\0' x >&2; echo pw; exit 2");
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_LE(e.detail().size(), 17u * 1024u);
    EXPECT_LE(std::string(e.what()).size(), 2000u);
}

TEST(PasswordCommand, StderrInTheMessageIsValidUtf8) {
    // Latin-1 bytes, as a legacy tool might print, and a correct UTF-8 character.
    const Error e = commandError("printf 'caf\351 \303\251t\303\251\n' >&2; exit 1");
    const std::string what = e.what();
    EXPECT_NE(what.find("caf? \xc3\xa9t\xc3\xa9"), std::string::npos) << what;
}

TEST(PasswordCommand, OversizedStdoutIsRejected) {
    const Error e = commandError("head -c 100000 /dev/zero | tr '\\0' y");
    EXPECT_EQ(e.kind(), ErrorKind::Auth);
    EXPECT_NE(std::string(e.what()).find("only the password"), std::string::npos) << e.what();
}

TEST(PasswordCommand, SeesTheEnvironment) {
    ASSERT_EQ(setenv("PETREL_TEST_PASSWORD_VALUE", "from-env", 1), 0);
    EXPECT_EQ(runPasswordCommand("work", "echo \"$PETREL_TEST_PASSWORD_VALUE\""), "from-env");
    unsetenv("PETREL_TEST_PASSWORD_VALUE");
}

TEST(PasswordSource, CommandWinsOverTheKeyring) {
    FakeSecretStore store;
    store.store("work", "alice", "from-keyring");
    PasswordSource source(store);
    EXPECT_EQ(source.passwordFor(account("echo from-command")), "from-command");
    EXPECT_EQ(store.lookups, 0);
}

TEST(PasswordSource, CommandFailurePropagates) {
    FakeSecretStore store;
    PasswordSource source(store);
    try {
        source.passwordFor(account("echo nope >&2; exit 1"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Auth);
        EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
    }
    EXPECT_EQ(store.lookups, 0);
}

TEST(PasswordSource, CommandTimeoutIsConfigurable) {
    FakeSecretStore store;
    PasswordSource source(store, 200ms);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(source.passwordFor(account("exec sleep 20")), Error);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

#endif  // !_WIN32

TEST(PasswordSource, UsesTheKeyringWithoutACommand) {
    FakeSecretStore store;
    store.store("work", "alice", "from-keyring");
    PasswordSource source(store);
    EXPECT_EQ(source.passwordFor(account()), "from-keyring");
    EXPECT_EQ(store.lookups, 1);
}

TEST(PasswordSource, MissingPasswordTellsTheUserHowToSetIt) {
    FakeSecretStore store;
    store.store("other", "alice", "not-this-one");
    PasswordSource source(store);
    try {
        source.passwordFor(account());
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Auth);
        const std::string what = e.what();
        EXPECT_NE(what.find("'work'"), std::string::npos) << what;
        EXPECT_NE(what.find("--password-stdin"), std::string::npos) << what;
        EXPECT_NE(what.find("the test keyring"), std::string::npos) << what;
        EXPECT_EQ(what.find("not-this-one"), std::string::npos) << what;
    }
}

TEST(PasswordSource, KeyringFailurePropagatesUnchanged) {
    FakeSecretStore store;
    store.failWith = Error(ErrorKind::Storage, "keyring is locked");
    PasswordSource source(store);
    try {
        source.passwordFor(account());
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_STREQ(e.what(), "keyring is locked");
    }
}

TEST(ReadPasswordLine, StripsTheNewline) {
    std::istringstream in("pa ss\n");
    EXPECT_EQ(readPasswordLine(in), "pa ss");
}

TEST(ReadPasswordLine, AcceptsAMissingFinalNewline) {
    std::istringstream in("pass");
    EXPECT_EQ(readPasswordLine(in), "pass");
}

TEST(ReadPasswordLine, StripsCrLf) {
    std::istringstream in("pass\r\n");
    EXPECT_EQ(readPasswordLine(in), "pass");
}

TEST(ReadPasswordLine, ReadsOnlyTheFirstLine) {
    std::istringstream in("first\nsecond\n");
    EXPECT_EQ(readPasswordLine(in), "first");
    std::string rest;
    std::getline(in, rest);
    EXPECT_EQ(rest, "second");
}

TEST(ReadPasswordLine, EmptyInputIsAUsageError) {
    std::istringstream empty("");
    try {
        readPasswordLine(empty);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_NE(std::string(e.what()).find("--password-stdin"), std::string::npos) << e.what();
    }
    std::istringstream blank("\n");
    EXPECT_THROW(readPasswordLine(blank), Error);
}
