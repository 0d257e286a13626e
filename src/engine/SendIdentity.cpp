#include "engine/SendIdentity.h"

#include "PetrelVersion.h"
#include "engine/PasswordSource.h"
#include "engine/SecretStore.h"
#include "mime/AddressList.h"
#include "model/Error.h"

namespace petrel::engine {

std::string senderIdentity(const model::AccountConfig& account) {
    if (!account.fromAddress.empty()) return account.fromAddress;
    if (mime::isValidAddress(account.user)) return account.user;
    throw model::Error(model::ErrorKind::Usage, "The account " + account.name + " has no sender address",
                       "set its From address (\"Name <address>\")");
}

std::vector<std::string> ownAddresses(const model::AccountConfig& account) {
    std::vector<std::string> out;
    for (const auto& a : mime::parseAddresses(account.fromAddress, false))
        out.push_back(mime::lowerAscii(a.address));
    if (mime::isValidAddress(account.user)) out.push_back(mime::lowerAscii(account.user));
    return out;
}

mime::ComposeSettings composeSettingsFor(const model::AccountConfig& account) {
    mime::ComposeSettings s;
    s.from = senderIdentity(account);
    s.userAgent = std::string("Petrel/") + PETREL_VERSION;
    return s;
}

net::PasswordSupplier passwordSupplierFor(const model::AccountConfig& account,
                                          const std::optional<std::string>& password) {
    return [account, password] {
        if (password) return *password;
        return PasswordSource(*makePlatformSecretStore()).passwordFor(account);
    };
}

}  // namespace petrel::engine
