#pragma once
#include <chrono>
#include <iosfwd>
#include <string>

#include "model/AccountConfig.h"

namespace petrel::engine {

class SecretStore;

// Resolves the password an account logs in with. Either the account's passwordCommand
// (a user-supplied shell command that prints the password, e.g. "pass show mail/work"), or
// else the secret filed under (account.name, account.user) in the keyring.
//
// Errors (model::Error):
//  - Auth: the command failed (non-zero exit, killed, timed out, printed nothing), or no
//    password is stored and no command is set; the message says how to fix it. The
//    command's stderr appears in the message and detail (bounded, with anything equal to the
//    would-be password cut out); its stdout never does.
//  - Storage: the keyring itself failed (see SecretStore).
// Blocks while the command or the keyring runs: call it from a worker thread or the CLI.
class PasswordSource {
public:
    static constexpr std::chrono::milliseconds kDefaultCommandTimeout{std::chrono::seconds(120)};

    explicit PasswordSource(SecretStore& store, std::chrono::milliseconds commandTimeout = kDefaultCommandTimeout);

    std::string passwordFor(const model::AccountConfig& account) const;

private:
    SecretStore& store_;
    std::chrono::milliseconds commandTimeout_;
};

// Runs `command` with /bin/sh -c (POSIX) or cmd /c (Windows), stdin from the null device, and
// returns its stdout minus ONE trailing newline ("\n" or "\r\n"). `accountName` is only used
// in error messages. A command still running after `timeout` is killed. The command runs in
// our process group, so it may still talk to the terminal (e.g. a pinentry on /dev/tty).
std::string runPasswordCommand(const std::string& accountName, const std::string& command,
                               std::chrono::milliseconds timeout = PasswordSource::kDefaultCommandTimeout);

// For `petrel-cli ... --password-stdin`: one line from standard input without its newline
// ("\n" or "\r\n"). Throws model::Error(Usage) when stdin is empty or the line is empty.
std::string readPasswordFromStdin();
// The same on any stream (the testable part).
std::string readPasswordLine(std::istream& in);

}  // namespace petrel::engine
