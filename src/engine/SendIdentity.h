#pragma once
#include <optional>
#include <string>
#include <vector>

#include "mime/MessageComposer.h"
#include "model/AccountConfig.h"
#include "net/PasswordAuthenticator.h"

namespace petrel::engine {

// Who the account sends as: fromAddress ("Name <address>"), else its user name when that is
// an address. Usage error when neither is one.
std::string senderIdentity(const model::AccountConfig& account);

// The account's own addresses (lower case): left out when replying to all.
std::vector<std::string> ownAddresses(const model::AccountConfig& account);

// Composer settings for the account: identity, "Petrel/<version>".
mime::ComposeSettings composeSettingsFor(const model::AccountConfig& account);

// The password the user just typed, else the account's keyring entry or command.
net::PasswordSupplier passwordSupplierFor(const model::AccountConfig& account,
                                          const std::optional<std::string>& password);

}  // namespace petrel::engine
