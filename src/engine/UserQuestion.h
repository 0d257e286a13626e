#pragma once
#include <functional>
#include <string>

namespace petrel::engine {

// Something only the user can decide. The engine never shows a dialog: a job posts a question
// to the front end and waits for the answer (see JobContext::ask).
struct UserQuestion {
    enum class Kind {
        TrustCertificate,  // details: fingerprint, subject, issuer, validity
        Password,          // the account's password is missing or was rejected
        AllowPlaintext,    // the server offers no TLS and the account has not allowed plaintext
    };
    Kind kind = Kind::TrustCertificate;
    std::string account;
    std::string title;
    std::string text;  // what the user is asked, in full sentences
    std::string fingerprint;  // TrustCertificate: SHA-256 hex of the certificate
};

struct UserAnswer {
    bool accepted = false;
    bool remember = false;  // pin the certificate / store the password in the keyring
    std::string text;       // Password: the password typed
};

// Front ends implement this: show the question (on their own thread, reached via the
// UiPoster) and call `reply` exactly once, from any thread, possibly later.
using QuestionHandler = std::function<void(const UserQuestion&, std::function<void(UserAnswer)> reply)>;

}  // namespace petrel::engine
