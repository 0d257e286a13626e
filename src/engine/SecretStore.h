#pragma once
#include <memory>
#include <optional>
#include <string>

namespace petrel::engine {

// Where account passwords live: the platform's keyring, never our SQLite index.
// Implementations: LibsecretStore (Linux, Secret Service), KeychainStore (macOS),
// CredentialManagerStore (Windows). Every call may block on IPC (D-Bus, securityd), so call
// it from a worker thread or the CLI, not from the UI thread.
//
// Keys: `account` is the account's name in Petrel, `user` the login name on the server; the
// same account may in principle hold secrets for several users (e.g. IMAP and SMTP logins).
//
// Failures of the keyring itself (no daemon, no session bus, locked, refused) throw
// model::Error(ErrorKind::Storage) whose message tells the user what to do; an empty account
// or a secret the platform cannot hold throws ErrorKind::Usage. No message or detail ever
// contains the secret. On a desktop, touching a locked keyring makes the platform show its own
// unlock prompt and the call waits for the user; headless, it fails with the "locked" error.
class SecretStore {
public:
    virtual ~SecretStore() = default;
    SecretStore(const SecretStore&) = delete;
    SecretStore& operator=(const SecretStore&) = delete;

    // Creates or replaces the secret of (account, user).
    virtual void store(const std::string& account, const std::string& user, const std::string& secret) = 0;
    // The secret of (account, user), or nullopt when none is stored.
    virtual std::optional<std::string> lookup(const std::string& account, const std::string& user) = 0;
    // Deletes the secret of (account, user); false when there was none.
    virtual bool remove(const std::string& account, const std::string& user) = 0;

    // Human name of the backing store for messages ("the Secret Service keyring", ...).
    virtual std::string displayName() const = 0;

protected:
    SecretStore() = default;
    // Argument checks shared by the back ends: Usage errors for an empty account, a secret
    // that is empty or holds a NUL byte (no back end stores those faithfully as text).
    static void checkKey(const std::string& account);
    static void checkSecret(const std::string& account, const std::string& secret);
};

// The "service" under which an account's secrets are filed in every back end: "Petrel/<account>".
// Shared with wxSecretStore's convention (service + user) so a wx build would find them.
std::string secretServiceName(const std::string& account);

// The keyring of the platform we were built for. Constructing it does not contact the keyring
// (that happens on the first call), so this never throws for a missing daemon.
std::unique_ptr<SecretStore> makePlatformSecretStore();

}  // namespace petrel::engine
