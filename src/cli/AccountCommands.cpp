#include <iostream>

#include "cli/AccountOptions.h"
#include "cli/Command.h"
#include "cli/ConnectionCheck.h"
#include "cli/JsonViews.h"
#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"
#include "model/Error.h"
#include "store/AccountRepository.h"

namespace petrel::cli {
namespace {
using model::Error;
using model::ErrorKind;
using nlohmann::json;

json addAccount(CliContext& ctx, const CommandLine& cl) {
    if (cl.positional().size() != 1) throw Error(ErrorKind::Usage, "account add takes one NAME");
    model::AccountConfig account = accountFromOptions(cl.positional()[0], cl);

    store::AccountRepository accounts(ctx.db());
    if (accounts.findByName(account.name)) {
        throw Error(ErrorKind::Usage, "an account named '" + account.name + "' already exists");
    }

    std::string password = cl.flag("password-stdin") ? engine::readPasswordLine(ctx.in())
                                                     : engine::runPasswordCommand(account.name, account.passwordCommand);
    json result;
    if (!cl.flag("offline")) result["login"] = checkConnection(account, password);

    // The secret goes to the keyring only once the settings are known to work, and the account
    // row only once the secret is safe: a failure leaves nothing half-added.
    if (cl.flag("password-stdin")) engine::makePlatformSecretStore()->store(account.name, account.user, password);
    account.id = accounts.add(account);
    result["account"] = toJson(account);
    return result;
}

void printAdded(std::ostream& out, const json& r) {
    const auto& a = r["account"];
    out << "Added account " << a["name"].get<std::string>() << ": " << a["protocol"].get<std::string>() << " "
        << a["user"].get<std::string>() << "@" << a["host"].get<std::string>() << ":" << a["port"].get<int>()
        << " (" << a["security"].get<std::string>() << ")\n";
    if (r.contains("login")) {
        out << "Logged in; certificate " << r["login"]["certificate_sha256"].get<std::string>() << "\n";
    }
}

json listAccounts(CliContext& ctx, const CommandLine& cl) {
    if (!cl.positional().empty()) throw Error(ErrorKind::Usage, "account list takes no arguments");
    json list = json::array();
    for (const auto& a : store::AccountRepository(ctx.db()).list()) list.push_back(toJson(a));
    return {{"accounts", list}};
}

void printList(std::ostream& out, const json& r) {
    if (r["accounts"].empty()) {
        out << "No accounts. Add one with 'petrel-cli account add'.\n";
        return;
    }
    for (const auto& a : r["accounts"]) {
        out << a["name"].get<std::string>() << "\t" << a["protocol"].get<std::string>() << "\t"
            << a["user"].get<std::string>() << "@" << a["host"].get<std::string>() << ":" << a["port"].get<int>()
            << "\t" << a["security"].get<std::string>();
        if (a.contains("pop3_mode")) out << "\t" << a["pop3_mode"].get<std::string>();
        out << "\n";
    }
}

json removeAccount(CliContext& ctx, const CommandLine& cl) {
    if (cl.positional().size() != 1) throw Error(ErrorKind::Usage, "account remove takes one NAME");
    const std::string& name = cl.positional()[0];
    store::AccountRepository accounts(ctx.db());
    auto account = accounts.findByName(name);
    if (!account) throw Error(ErrorKind::NotFound, "no account named '" + name + "'");
    accounts.remove(name);
    bool secretRemoved = false;
    if (account->passwordCommand.empty()) {
        try {
            secretRemoved = engine::makePlatformSecretStore()->remove(account->name, account->user);
        } catch (const Error& e) {
            // The account is gone either way; say that the keyring entry may remain.
            ctx.err() << "petrel-cli: warning: " << e.what() << "\n";
        }
    }
    return {{"removed", name}, {"secret_removed", secretRemoved}};
}

}  // namespace

std::vector<Command> accountCommands() {
    return {
        {"account add", accountAddOptions(), addAccount, printAdded},
        {"account list", {}, listAccounts, printList},
        {"account remove", {}, removeAccount,
         [](std::ostream& out, const json& r) { out << "Removed account " << r["removed"].get<std::string>() << "\n"; }},
    };
}

}  // namespace petrel::cli
