#include "support/CliProfile.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "cli/CliApp.h"
#include "engine/Profile.h"

namespace petrel::testing {
namespace fs = std::filesystem;

CliProfile::CliProfile(const std::string& tag) {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("petrel-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
}

CliProfile::~CliProfile() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::string CliProfile::databasePath() const { return engine::Profile(profileDir().string()).databasePath(); }

CliResult CliProfile::run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--profile", profileDir().string(), "--json"});
    std::istringstream in;
    std::ostringstream out, err;
    CliResult r;
    r.code = cli::runCli(args, in, out, err);
    r.err = err.str();
    if (!out.str().empty()) r.out = nlohmann::json::parse(out.str(), nullptr, false);
    return r;
}

nlohmann::json CliProfile::ok(std::vector<std::string> args) const {
    std::string command;
    for (std::size_t i = 0; i < args.size() && i < 3; ++i) command += args[i] + " ";
    auto r = run(std::move(args));
    EXPECT_EQ(r.code, 0) << "petrel-cli " << command << ": " << r.err << r.out.dump();
    return r.out;
}

nlohmann::json CliProfile::expectExit(std::vector<std::string> args, int code) const {
    auto r = run(std::move(args));
    EXPECT_EQ(r.code, code) << r.err << r.out.dump();
    return r.out.is_null() ? nlohmann::json::object() : r.out;
}

void CliProfile::addImapsAccount(const std::string& name, const TestUser& user, std::uint16_t port) const {
    auto& s = MailServer::instance();
    ok({"account", "add", name, "--imap", "--host", s.host(), "--port", std::to_string(port ? port : s.imapsPort()),
        "--security", "tls", "--user", user.name, "--password-command", passwordCommand(name, user.password),
        "--trust-fingerprint", s.certSha256()});
}

std::string CliProfile::passwordCommand(const std::string& name, const std::string& password) const {
    auto file = dir_ / (name + ".pw");
    std::ofstream(file) << password;
    return "cat '" + file.string() + "'";
}

}  // namespace petrel::testing
