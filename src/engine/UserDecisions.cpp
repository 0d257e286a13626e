#include "engine/UserDecisions.h"

#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"
#include "engine/UserQuestion.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/SmtpTlsTrustError.h"
#include "net/TlsTrustError.h"
#include "store/AccountRepository.h"

namespace petrel::engine {
namespace {

using model::Error;
using model::ErrorKind;

std::string where(const model::AccountConfig& account) { return account.user + " on " + account.incoming.host; }

std::string askPassword(JobContext& job, SecretStore& secrets, const model::AccountConfig& account,
                        const std::string& why) {
    UserQuestion question;
    question.kind = UserQuestion::Kind::Password;
    question.account = account.name;
    question.title = "Password for " + account.name;
    question.text = why + " Enter the password for " + where(account) + ".";
    const UserAnswer answer = job.ask(question);
    if (!answer.accepted || answer.text.empty()) {
        throw Error(ErrorKind::Auth, "No password for the account " + account.name,
                    "The password prompt was dismissed.");
    }
    if (answer.remember) secrets.store(account.name, account.user, answer.text);
    return answer.text;
}

// Saves a decision the user asked to remember; re-reads the account so nothing else is undone.
void remember(JobContext& job, const Profile& profile, std::int64_t accountId,
              const std::function<void(model::AccountConfig&)>& change) {
    store::AccountRepository accounts(workerDatabase(job, profile));
    auto stored = accounts.findById(accountId);
    if (!stored) return;  // removed meanwhile
    change(*stored);
    accounts.update(*stored);
}

void askPlaintextConsent(JobContext& job, const Profile& profile, model::AccountConfig& account) {
    UserQuestion question;
    question.kind = UserQuestion::Kind::AllowPlaintext;
    question.account = account.name;
    question.title = "Send the password unencrypted?";
    question.text = "The account " + account.name + " is set up without TLS: the password for " + where(account) +
                    " and all mail would cross the network unencrypted.";
    const UserAnswer answer = job.ask(question);
    if (!answer.accepted) {
        throw Error(ErrorKind::Tls, "Not connecting to " + account.incoming.host + " without encryption",
                    "Plain-text login was declined.");
    }
    account.allowPlaintext = true;
    if (answer.remember) remember(job, profile, account.id, [](model::AccountConfig& a) { a.allowPlaintext = true; });
}

void askTrust(JobContext& job, const Profile& profile, model::AccountConfig& account, const net::TlsTrustError& e) {
    // The SMTP server has a certificate (and a pin) of its own.
    const bool smtp = dynamic_cast<const net::SmtpTlsTrustError*>(&e) != nullptr && account.smtp.has_value();
    const std::string host = smtp ? account.smtp->host : account.incoming.host;
    UserQuestion question;
    question.kind = UserQuestion::Kind::TrustCertificate;
    question.account = account.name;
    question.title = "Trust the certificate of " + host + "?";
    question.text = e.what();
    question.fingerprint = e.certificate().sha256;
    const UserAnswer answer = job.ask(question);
    if (!answer.accepted) throw e;
    const std::string pin = e.certificate().sha256;
    if (smtp)
        account.smtp->trustFingerprint = pin;
    else
        account.incoming.trustFingerprint = pin;
    if (answer.remember) {
        remember(job, profile, account.id, [pin, smtp](model::AccountConfig& a) {
            if (smtp) {
                if (a.smtp) a.smtp->trustFingerprint = pin;
            } else {
                a.incoming.trustFingerprint = pin;
            }
        });
    }
}

}  // namespace

void withUserDecisions(
    JobContext& job, const Profile& profile, model::AccountConfig account, SecretStore& secrets,
    const std::function<void(const model::AccountConfig&, const std::optional<std::string>& password)>& work) {
    std::optional<std::string> typed;
    if (account.passwordCommand.empty()) {
        // Ask up front rather than fail a connection attempt for want of a stored password.
        if (!secrets.lookup(account.name, account.user)) {
            typed = askPassword(job, secrets, account, "Petrel has no password for this account.");
        }
    }
    if (account.incoming.security == model::Security::Plain && !account.allowPlaintext) {
        askPlaintextConsent(job, profile, account);
    }
    bool askedPassword = false;
    bool askedTrust = false;
    for (;;) {
        try {
            work(account, typed);
            return;
        } catch (const net::TlsTrustError& e) {
            // A changed certificate is never offered for trust: that is what pinning is for.
            if (askedTrust || e.certificate().empty() || e.problem() == net::TrustProblem::Changed) throw;
            askedTrust = true;
            askTrust(job, profile, account, e);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Auth || askedPassword || !account.passwordCommand.empty()) throw;
            askedPassword = true;
            typed = askPassword(job, secrets, account, "The server rejected the password.");
        }
        job.cancel().throwIfCancelled();
    }
}

}  // namespace petrel::engine
