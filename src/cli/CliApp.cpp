#include "cli/CliApp.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "PetrelVersion.h"
#include "cli/Command.h"
#include "cli/HelpText.h"
#include "cli/SendCommandSupport.h"
#include "engine/Profile.h"
#include "model/Error.h"

namespace petrel::cli {
namespace {
using model::Error;
using model::ErrorKind;

std::vector<Command> allCommands() {
    std::vector<Command> all;
    for (auto group : {accountCommands, indexCommands, mailCommands, watchCommands, sendCommands, outboxCommands,
                       draftCommands}) {
        auto commands = group();
        all.insert(all.end(), std::make_move_iterator(commands.begin()), std::make_move_iterator(commands.end()));
    }
    return all;
}

// Commands are one or two words ("list", "account add"); the longest match wins.
const Command* findCommand(const std::vector<Command>& commands, const std::vector<std::string>& words,
                           std::size_t& used) {
    for (std::size_t n = std::min<std::size_t>(2, words.size()); n > 0; --n) {
        std::string name;
        for (std::size_t i = 0; i < n; ++i) name += (i ? " " : "") + words[i];
        for (const auto& c : commands) {
            if (c.name == name) {
                used = n;
                return &c;
            }
        }
    }
    return nullptr;
}

void reportError(const Error& e, bool json, std::ostream& out, std::ostream& err) {
    if (json) {
        nlohmann::json doc = {{"ok", false},
                              {"error", {{"kind", std::string(model::toString(e.kind()))}, {"message", e.what()}}}};
        if (!e.detail().empty()) doc["error"]["detail"] = e.detail();
        out << doc.dump(2) << "\n";
    } else {
        err << "petrel-cli: " << e.what();
        if (!e.detail().empty()) err << " (" << e.detail() << ")";
        err << "\n";
        if (e.kind() == ErrorKind::Usage) err << "Run 'petrel-cli --help' for the commands and their options.\n";
    }
}

}  // namespace

int runCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
    bool json = false;
    std::string profileDir;
    std::vector<std::string> rest;
    try {
        std::size_t i = 0;
        for (; i < args.size(); ++i) {
            const auto& a = args[i];
            if (a == "--json") {
                json = true;
            } else if (a == "--profile") {
                if (i + 1 >= args.size()) throw Error(ErrorKind::Usage, "--profile needs a folder");
                profileDir = args[++i];
            } else if (a.rfind("--profile=", 0) == 0) {
                profileDir = a.substr(10);
            } else if (a == "--help" || a == "-h" || a == "help") {
                out << helpText();
                return 0;
            } else if (a == "--version") {
                if (json) {
                    out << nlohmann::json{{"ok", true}, {"version", PETREL_VERSION}}.dump(2) << "\n";
                } else {
                    out << "petrel-cli " << PETREL_VERSION << "\n";
                }
                return 0;
            } else if (a.rfind("--", 0) == 0) {
                throw Error(ErrorKind::Usage, "unknown option " + a + " before the command");
            } else {
                break;
            }
        }
        rest.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
        if (rest.empty()) throw Error(ErrorKind::Usage, "no command given");

        auto commands = allCommands();
        std::size_t used = 0;
        const Command* command = findCommand(commands, rest, used);
        if (!command) throw Error(ErrorKind::Usage, "unknown command '" + rest[0] + "'");
        std::vector<std::string> commandArgs(rest.begin() + static_cast<std::ptrdiff_t>(used), rest.end());
        CommandLine cl = CommandLine::parse(commandArgs, command->options);

        CliContext context(engine::Profile(profileDir.empty() ? engine::Profile::defaultDirectory() : profileDir),
                           json, in, out, err);
        nlohmann::json result = command->run(context, cl);
        if (json) {
            result["ok"] = true;
            out << result.dump(2) << "\n";
        } else if (command->printText) {
            command->printText(out, result);
        }
        return 0;
    } catch (const Error& e) {
        reportError(e, json, out, err);
        return model::exitCodeFor(e.kind());
    } catch (const std::exception& e) {
        reportError(Error(ErrorKind::Storage, "Unexpected failure", e.what()), json, out, err);
        return model::exitCodeFor(ErrorKind::Storage);
    }
}

}  // namespace petrel::cli
