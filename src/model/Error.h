#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace petrel::model {

// The kinds of failure a user can act on differently. The CLI maps them to exit codes
// (see exitCodeFor) and the GUI to the wording and the Retry offer of its error bar.
enum class ErrorKind {
    Usage,      // the request itself was malformed
    Auth,       // the server rejected the credentials
    Tls,        // certificate not trusted / changed / TLS could not be established
    Network,    // connection refused, dropped, timed out
    Protocol,   // the server refused the command or spoke nonsense
    Storage,    // the local index or cache failed
    Cancelled,  // the user asked to stop
    NotFound,   // a named account, folder or message does not exist
};

// Every failure that leaves the engine is one of these: vmime and SQLite exceptions are
// translated at the job boundary so front ends never see library types.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, std::string message, std::string detail = {});

    ErrorKind kind() const noexcept { return kind_; }
    // Technical detail (server reply, library message) for logs and "details" views;
    // never contains a secret.
    const std::string& detail() const noexcept { return detail_; }

private:
    ErrorKind kind_;
    std::string detail_;
};

std::string_view toString(ErrorKind kind);

// Exit codes of petrel-cli, part of its documented contract.
int exitCodeFor(ErrorKind kind);

}  // namespace petrel::model
