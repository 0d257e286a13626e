#include "AccountJobs.h"

#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"
#include "engine/UserDecisions.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/TlsTrustError.h"
#include "store/AccountRepository.h"

namespace petrel::ui {

using model::Error;
using model::ErrorKind;

std::function<void(engine::JobContext&)> AccountJobs::asUser(engine::Profile profile,
                                                             std::shared_ptr<engine::SecretStore> secrets,
                                                             model::AccountConfig account, AccountWork work) {
    return [profile = std::move(profile), secrets = std::move(secrets), account = std::move(account),
            work = std::move(work)](engine::JobContext& job) {
        engine::withUserDecisions(job, profile, account, *secrets,
                                  [&](const model::AccountConfig& amended, const std::optional<std::string>& password) {
                                      work(job, profile, amended, password);
                                  });
    };
}

std::function<void(engine::JobContext&)> AccountJobs::forAccount(engine::Profile profile,
                                                                 std::shared_ptr<engine::SecretStore> secrets,
                                                                 model::AccountConfig account, bool server,
                                                                 AccountWork work) {
    if (server) return asUser(std::move(profile), std::move(secrets), std::move(account), std::move(work));
    return [profile = std::move(profile), account = std::move(account), work = std::move(work)](engine::JobContext& job) {
        work(job, profile, account, std::nullopt);
    };
}

std::int64_t AccountJobs::add(engine::JobContext& context, const engine::Profile& profile,
                              engine::SecretStore& secrets, const model::AccountConfig& account,
                              const std::string& password) {
    store::AccountRepository accounts(engine::workerDatabase(context, profile));
    const std::int64_t id = accounts.add(account);
    if (!password.empty()) {
        try {
            secrets.store(account.name, account.user, password);
        } catch (...) {
            accounts.remove(account.name);
            throw;
        }
    }
    return id;
}

void AccountJobs::update(engine::JobContext& context, const engine::Profile& profile, engine::SecretStore& secrets,
                         const model::AccountConfig& before, const model::AccountConfig& after,
                         const std::string& newPassword) {
    store::AccountRepository(engine::workerDatabase(context, profile)).update(after);
    const bool moved = before.name != after.name || before.user != after.user;
    if (!newPassword.empty()) {
        secrets.store(after.name, after.user, newPassword);
        if (moved) secrets.remove(before.name, before.user);
    } else if (moved && after.passwordCommand.empty()) {
        // (An account whose password comes from a command has nothing in the keyring to move.)
        if (auto old = secrets.lookup(before.name, before.user)) {
            secrets.store(after.name, after.user, *old);
            secrets.remove(before.name, before.user);
        }
    }
}

void AccountJobs::remove(engine::JobContext& context, const engine::Profile& profile, engine::SecretStore& secrets,
                         const model::AccountConfig& account) {
    store::AccountRepository(engine::workerDatabase(context, profile)).remove(account.name);
    try {
        secrets.remove(account.name, account.user);
    } catch (const Error& e) {
        // A password command's account normally has no keyring entry: no keyring is no problem.
        if (!account.passwordCommand.empty()) return;
        throw Error(e.kind(),
                    "The account " + account.name + " was removed, but its password could not be deleted from "
                    "the keyring: " + e.what(),
                    e.detail());
    }
}

void AccountJobs::testLogin(engine::JobContext& context, engine::SecretStore& secrets,
                            const model::AccountConfig& account, const std::string& password,
                            const std::optional<model::AccountConfig>& stored, TestOutcome& outcome) {
    std::string secret = password;
    if (secret.empty()) {
        if (!stored) throw Error(ErrorKind::Auth, "Enter the password to test the connection");
        secret = engine::PasswordSource(secrets).passwordFor(*stored);
    }
    context.cancel().throwIfCancelled();
    net::ConnectOptions options;
    options.isCancelled = [cancel = context.cancel()] { return cancel.isCancelled(); };
    try {
        outcome.login = net::testLogin(account, secret, options);
    } catch (const net::TlsTrustError& e) {
        outcome.certificate = e.certificate();
        outcome.problem = e.problem();
        outcome.host = e.host().empty() ? account.incoming.host : e.host();
        throw;
    }
}

}  // namespace petrel::ui
