#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "PetrelVersion.h"
#include "cli/CliApp.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct CliRun {
    int code;
    std::string out;
    std::string err;
};

class CliContract : public ::testing::Test {
protected:
    void SetUp() override {
        profile_ = fs::temp_directory_path() /
                   ("petrel-cli-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(profile_);
    }
    void TearDown() override { fs::remove_all(profile_); }

    CliRun run(std::vector<std::string> args, const std::string& stdinText = "") {
        args.insert(args.begin(), {"--profile", profile_.string()});
        std::istringstream in(stdinText);
        std::ostringstream out, err;
        int code = petrel::cli::runCli(args, in, out, err);
        return {code, out.str(), err.str()};
    }

    json runJson(std::vector<std::string> args) {
        args.insert(args.begin(), "--json");
        auto r = run(args);
        return json::parse(r.out);
    }

    fs::path profile_;
};

const std::string kFingerprint(64, 'a');

}  // namespace

TEST_F(CliContract, VersionAndHelp) {
    auto v = run({"--version"});
    EXPECT_EQ(v.code, 0);
    EXPECT_EQ(v.out, std::string("petrel-cli ") + PETREL_VERSION + "\n");
    auto h = run({"--help"});
    EXPECT_EQ(h.code, 0);
    for (const char* word : {"account add", "pop3 browse", "stats [NAME]", "--password-stdin", "Exit codes"}) {
        EXPECT_NE(h.out.find(word), std::string::npos) << word;
    }
}

TEST_F(CliContract, UsageErrorsExitOne) {
    EXPECT_EQ(run({}).code, 1);
    EXPECT_EQ(run({"frobnicate"}).code, 1);
    auto r = run({"account", "add", "x", "--imap", "--host", "h", "--user", "u", "--password-command", "true",
                  "--bogus"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("unknown option --bogus"), std::string::npos);
    // Both protocols, or neither, is ambiguous.
    EXPECT_EQ(run({"account", "add", "x", "--imap", "--pop3", "--host", "h", "--user", "u", "--password-stdin"}).code, 1);
    // Plaintext must be asked for explicitly.
    auto plain = run({"account", "add", "x", "--imap", "--host", "h", "--security", "plain", "--user", "u",
                      "--password-command", "echo pw", "--offline"});
    EXPECT_EQ(plain.code, 1);
    EXPECT_NE(plain.err.find("--allow-plaintext"), std::string::npos);
    EXPECT_EQ(run({"account", "add", "x", "--imap", "--host", "h", "--user", "u", "--password-command", "echo pw",
                   "--offline", "--trust-fingerprint", "xyz"}).code, 1);
    EXPECT_EQ(run({"account", "add", "x", "--imap", "--host", "h", "--user", "u", "--password-command", "echo pw",
                   "--offline", "--port", "70000"}).code, 1);
}

TEST_F(CliContract, AccountAddListRemoveOffline) {
    // The password lives in a file outside the profile: only the command is configuration.
    fs::path secretFile = profile_.string() + "-secret";
    std::ofstream(secretFile) << "secret-value\n";
    auto add = run({"account", "add", "work", "--imap", "--host", "mail.example.com", "--user", "alice",
                    "--password-command", "cat '" + secretFile.string() + "'", "--offline", "--trust-fingerprint",
                    "AA:" + kFingerprint.substr(2)});
    ASSERT_EQ(add.code, 0) << add.err;
    auto addPop = run({"account", "add", "home", "--pop3", "--host", "pop.example.com", "--security", "starttls",
                       "--user", "bob", "--password-command", "echo x", "--offline", "--pop3-mode", "delete"});
    ASSERT_EQ(addPop.code, 0) << addPop.err;

    auto list = runJson({"account", "list"});
    ASSERT_TRUE(list["ok"].get<bool>());
    ASSERT_EQ(list["accounts"].size(), 2u);
    const auto& home = list["accounts"][0];
    const auto& work = list["accounts"][1];
    EXPECT_EQ(home["name"], "home");
    EXPECT_EQ(home["port"], 110);
    EXPECT_EQ(home["security"], "starttls");
    EXPECT_EQ(home["pop3_mode"], "delete");
    EXPECT_EQ(work["name"], "work");
    EXPECT_EQ(work["port"], 993);
    EXPECT_EQ(work["trust_fingerprint"], std::string("aa") + kFingerprint.substr(2));
    EXPECT_EQ(work["password_source"], "command");

    EXPECT_EQ(run({"account", "add", "work", "--imap", "--host", "h", "--user", "u", "--password-command", "echo x",
                   "--offline"}).code, 1);

    // The password (here: the command's output) is never written into the profile.
    for (const auto& entry : fs::recursive_directory_iterator(profile_)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream f(entry.path(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(f)), {});
        EXPECT_EQ(bytes.find("secret-value"), std::string::npos) << entry.path();
    }

    fs::remove(secretFile);
    EXPECT_EQ(run({"account", "remove", "home"}).code, 0);
    EXPECT_EQ(run({"account", "remove", "home"}).code, 1);
    EXPECT_EQ(runJson({"account", "list"})["accounts"].size(), 1u);
}

TEST_F(CliContract, JsonErrorsCarryTheKind) {
    auto r = run({"--json", "list", "nobody", "--folder", "INBOX"});
    EXPECT_EQ(r.code, 1);
    auto doc = json::parse(r.out);
    EXPECT_FALSE(doc["ok"].get<bool>());
    EXPECT_EQ(doc["error"]["kind"], "not-found");
}

TEST_F(CliContract, FailingPasswordCommandIsAnErrorWithoutSavingTheAccount) {
    auto r = run({"account", "add", "x", "--imap", "--host", "h", "--user", "u", "--password-command",
                  "echo leaked-output; exit 3", "--offline"});
    EXPECT_NE(r.code, 0);
    EXPECT_EQ(r.err.find("leaked-output"), std::string::npos);
    EXPECT_EQ(runJson({"account", "list"})["accounts"].size(), 0u);
}
