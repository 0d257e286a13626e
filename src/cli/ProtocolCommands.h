#pragma once
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/CliContext.h"
#include "cli/CommandLine.h"
#include "model/AccountConfig.h"

namespace petrel::cli {

// The commands that talk to a server exist for both protocols with one JSON shape each;
// MailCommands.cpp parses them and dispatches to the account's protocol here. A protocol that
// has no handler for a command (POP3 has no subscriptions) answers with a usage error naming
// the protocol.
using ProtocolHandler =
    std::function<nlohmann::json(CliContext&, const model::AccountConfig&, const CommandLine&)>;
using ProtocolHandlers = std::map<std::string, ProtocolHandler>;

ProtocolHandlers imapHandlers();  // ImapCommands.cpp
ProtocolHandlers pop3Handlers();  // Pop3Commands.cpp

}  // namespace petrel::cli
