#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/MailServer.h"

namespace petrel::testing {

struct CliResult {
    int code = 0;
    nlohmann::json out;  // the --json document (null when nothing was printed)
    std::string err;
};

// A fresh temporary folder with a Petrel profile in it, and petrel-cli run in-process against
// that profile with --json: what integration tests drive the engine through.
class CliProfile {
public:
    explicit CliProfile(const std::string& tag);
    ~CliProfile();
    CliProfile(const CliProfile&) = delete;
    CliProfile& operator=(const CliProfile&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path profileDir() const { return dir_ / "profile"; }
    std::string databasePath() const;

    CliResult run(std::vector<std::string> args) const;
    // run() that expects exit code 0 (a gtest failure otherwise) and returns the document.
    nlohmann::json ok(std::vector<std::string> args) const;
    // run() that expects exit code `code`; returns the document, an empty object when none.
    nlohmann::json expectExit(std::vector<std::string> args, int code) const;
    // `account add NAME --imap` for `user` of the test Dovecot over IMAPS, its certificate pinned;
    // port 0 = Dovecot's IMAPS port (another one: a proxy in front of it).
    void addImapsAccount(const std::string& name, const TestUser& user, std::uint16_t port = 0) const;
    // A file in the folder holding `password`, for `--password-command "cat FILE"`.
    std::string passwordCommand(const std::string& name, const std::string& password) const;

private:
    std::filesystem::path dir_;
};

}  // namespace petrel::testing
