#include "LoginCheckSync.h"

#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"
#include "engine/UserQuestion.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/LoginCheck.h"
#include "net/TlsTrustError.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"

namespace petrel::ui {

namespace {

using engine::UserAnswer;
using engine::UserQuestion;
using model::Error;
using model::ErrorKind;

std::string where(const model::AccountConfig& account) {
    return account.user + " on " + account.incoming.host;
}

// Asks for the password; Auth error when the user declines.
std::string askPassword(engine::JobContext& context, engine::SecretStore& secrets,
                        const model::AccountConfig& account, const std::string& why) {
    UserQuestion question;
    question.kind = UserQuestion::Kind::Password;
    question.account = account.name;
    question.title = "Password for " + account.name;
    question.text = why + " Enter the password for " + where(account) + ".";
    const UserAnswer answer = context.ask(question);
    if (!answer.accepted || answer.text.empty())
        throw Error(ErrorKind::Auth, "No password for the account " + account.name,
                    "The password prompt was dismissed.");
    if (answer.remember) secrets.store(account.name, account.user, answer.text);
    return answer.text;
}

// Saves a change the user asked to remember; re-reads the account so nothing else is undone.
void remember(engine::JobContext& context, const engine::Profile& profile, std::int64_t accountId,
              const std::function<void(model::AccountConfig&)>& change) {
    store::AccountRepository accounts(engine::workerDatabase(context, profile));
    auto stored = accounts.findById(accountId);
    if (!stored) return;  // removed meanwhile
    change(*stored);
    accounts.update(*stored);
}

void checkLogin(engine::JobContext& context, const engine::Profile& profile, const model::AccountConfig& original,
                engine::SecretStore& secrets) {
    model::AccountConfig account = original;
    context.reportProgress("password", 0, 3);
    std::string password;
    try {
        password = engine::PasswordSource(secrets).passwordFor(account);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Auth || !account.passwordCommand.empty()) throw;
        password = askPassword(context, secrets, account, "Petrel has no password for this account.");
    }
    context.cancel().throwIfCancelled();

    if (account.incoming.security == model::Security::Plain && !account.allowPlaintext) {
        UserQuestion question;
        question.kind = UserQuestion::Kind::AllowPlaintext;
        question.account = account.name;
        question.title = "Send the password unencrypted?";
        question.text = "The account " + account.name + " is set up without TLS: the password for " +
                        where(account) + " and all mail would cross the network unencrypted.";
        const UserAnswer answer = context.ask(question);
        if (!answer.accepted)
            throw Error(ErrorKind::Tls, "Not connecting to " + account.incoming.host + " without encryption",
                        "Plain-text login was declined.");
        account.allowPlaintext = true;
        if (answer.remember)
            remember(context, profile, account.id, [](model::AccountConfig& a) { a.allowPlaintext = true; });
    }

    context.reportProgress("login", 1, 3);
    net::ConnectOptions options;
    options.isCancelled = [cancel = context.cancel()] { return cancel.isCancelled(); };
    bool askedPassword = false;
    bool askedTrust = false;
    for (;;) {
        try {
            const net::LoginResult result = net::testLogin(account, password, options);
            context.reportProgress("counting", 2, 3);
            store::ByteCounters(engine::workerDatabase(context, profile))
                .add(account.id, "sync", result.bytesSent, result.bytesReceived);
            context.reportProgress("done", 3, 3);
            return;
        } catch (const net::TlsTrustError& e) {
            if (askedTrust || e.certificate().empty()) throw;
            askedTrust = true;
            UserQuestion question;
            question.kind = UserQuestion::Kind::TrustCertificate;
            question.account = account.name;
            question.title = "Trust the certificate of " + account.incoming.host + "?";
            question.text = e.what();
            question.fingerprint = e.certificate().sha256;
            const UserAnswer answer = context.ask(question);
            if (!answer.accepted) throw;
            account.incoming.trustFingerprint = e.certificate().sha256;
            if (answer.remember) {
                remember(context, profile, account.id,
                         [pin = account.incoming.trustFingerprint](model::AccountConfig& a) {
                             a.incoming.trustFingerprint = pin;
                         });
            }
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Auth || askedPassword || !account.passwordCommand.empty()) throw;
            askedPassword = true;
            password = askPassword(context, secrets, account, "The server rejected the password.");
        }
        context.cancel().throwIfCancelled();
    }
}

}  // namespace

SyncAccountFn LoginCheckSync::make(std::shared_ptr<engine::SecretStore> secrets) {
    return [secrets = std::move(secrets)](engine::JobContext& context, const engine::Profile& profile,
                                          const model::AccountConfig& account) {
        checkLogin(context, profile, account, *secrets);
    };
}

}  // namespace petrel::ui
