#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/CliContext.h"
#include "cli/Command.h"
#include "cli/CommandLine.h"
#include "engine/SendService.h"
#include "model/AccountConfig.h"
#include "model/OutgoingMessage.h"

namespace petrel::cli {

// What the send, reply, forward, outbox and draft commands share.
std::vector<Command> sendCommands();    // SendCommands.cpp: send, reply, forward
std::vector<Command> outboxCommands();  // OutboxCommands.cpp
std::vector<Command> draftCommands();   // DraftCommands.cpp

model::AccountConfig sendAccountNamed(CliContext& ctx, const std::string& name);
// The one positional word, the account name; Usage error otherwise.
model::AccountConfig accountArgument(CliContext& ctx, const CommandLine& cl, const std::string& command);

// --body-file F ("-" = stdin) or --body-stdin; empty when neither is given and !required.
std::string readBody(CliContext& ctx, const CommandLine& cl, bool required);
// --to/--cc/--bcc (each value may itself be a list "a@b, C <c@d>"), checked.
std::vector<std::string> addressOption(const CommandLine& cl, const std::string& name);
// A message of the account addressed by --to, --cc and --bcc.
model::OutgoingMessage addressedMessage(const model::AccountConfig& account, const CommandLine& cl);
// --attach F...: attachments by path (read when the message is built).
std::vector<model::OutgoingAttachment> attachOption(const CommandLine& cl);
std::uint32_t uidArgument(const CommandLine& cl);

nlohmann::json sendResultJson(const model::AccountConfig& account, const engine::SendResult& r);
// Saves m as a draft through the engine (one job) and reports where it went.
nlohmann::json saveDraftJson(CliContext& ctx, const model::AccountConfig& account, const model::OutgoingMessage& m);
// "a@b, C <c@d>" from a JSON list of addresses, for the text output.
std::string joinedAddresses(const nlohmann::json& list);
nlohmann::json outgoingJson(const model::OutgoingMessage& m);
void printMessageLine(std::ostream& out, const nlohmann::json& r);

}  // namespace petrel::cli
