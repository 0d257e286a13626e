#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/JobContext.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "net/CertificateInfo.h"
#include "net/LoginCheck.h"
#include "net/TrustVerdict.h"

namespace petrel::engine {
class SecretStore;
}

namespace petrel::ui {

// The work behind the account dialogs, run as engine jobs on a worker: the index through the
// worker's own write connection, the keyring (which may block on D-Bus) off the UI thread.
class AccountJobs {
public:
    using AccountWork = std::function<void(engine::JobContext&, const engine::Profile&, const model::AccountConfig&,
                                           const std::optional<std::string>& password)>;
    // A job body that runs `work` for `account` with the user answering password and certificate
    // questions (engine::withUserDecisions): what every GUI operation on a server uses.
    static std::function<void(engine::JobContext&)> asUser(engine::Profile profile,
                                                           std::shared_ptr<engine::SecretStore> secrets,
                                                           model::AccountConfig account, AccountWork work);
    // asUser for work on a server; work on local folders (POP3) runs as it is: asking for a
    // password up front would mean the keyring, and a question, for nothing.
    static std::function<void(engine::JobContext&)> forAccount(engine::Profile profile,
                                                               std::shared_ptr<engine::SecretStore> secrets,
                                                               model::AccountConfig account, bool server,
                                                               AccountWork work);

    // Adds the account, then files its password in the keyring; if the keyring refuses, the
    // account is removed again so nothing half-made is left. Returns the new id.
    static std::int64_t add(engine::JobContext& context, const engine::Profile& profile, engine::SecretStore& secrets,
                            const model::AccountConfig& account, const std::string& password);

    // Saves `after` over `before` (same id). The keyring entry follows a new account name or user;
    // a non-empty `newPassword` replaces the stored one.
    static void update(engine::JobContext& context, const engine::Profile& profile, engine::SecretStore& secrets,
                       const model::AccountConfig& before, const model::AccountConfig& after,
                       const std::string& newPassword);

    // Removes the account (and by cascade its folders and messages) and its keyring entry.
    static void remove(engine::JobContext& context, const engine::Profile& profile, engine::SecretStore& secrets,
                       const model::AccountConfig& account);

    // What a "Test connection" found. A refused certificate is kept here: the job's error is a
    // plain model::Error by the time it reaches the UI thread.
    struct TestOutcome {
        std::optional<net::LoginResult> login;
        std::optional<net::CertificateInfo> certificate;
        net::TrustProblem problem = net::TrustProblem::None;
        std::string host;
    };

    // Logs in with `account` and `password`; with an empty password, the one stored for
    // `stored` (the account as saved, before the edits in the dialog). Throws model::Error.
    static void testLogin(engine::JobContext& context, engine::SecretStore& secrets,
                          const model::AccountConfig& account, const std::string& password,
                          const std::optional<model::AccountConfig>& stored, TestOutcome& outcome);
};

}  // namespace petrel::ui
