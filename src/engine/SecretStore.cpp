#include "engine/SecretStore.h"

#include "model/Error.h"

#if defined(_WIN32)
#include "engine/CredentialManagerStore.h"
#elif defined(__APPLE__)
#include "engine/KeychainStore.h"
#else
#include "engine/LibsecretStore.h"
#endif

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

std::string secretServiceName(const std::string& account) {
    return "Petrel/" + account;
}

void SecretStore::checkKey(const std::string& account) {
    if (account.empty())
        throw Error(ErrorKind::Usage, "An account name is needed to file its password in the keyring.");
}

void SecretStore::checkSecret(const std::string& account, const std::string& secret) {
    if (secret.empty())
        throw Error(ErrorKind::Usage, "Refusing to store an empty password for account '" + account + "'.");
    if (secret.find('\0') != std::string::npos)
        throw Error(ErrorKind::Usage,
                    "The password for account '" + account + "' contains a NUL byte, which the keyring cannot store.");
}

std::unique_ptr<SecretStore> makePlatformSecretStore() {
#if defined(_WIN32)
    return std::make_unique<CredentialManagerStore>();
#elif defined(__APPLE__)
    return std::make_unique<KeychainStore>();
#else
    return std::make_unique<LibsecretStore>();
#endif
}

}  // namespace petrel::engine
