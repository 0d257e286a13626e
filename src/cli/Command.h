#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "cli/CliContext.h"
#include "cli/CommandLine.h"

namespace petrel::cli {

// One petrel-cli command. `run` returns the result as JSON (printed as is with --json);
// `printText` renders the same result for people.
struct Command {
    std::string name;  // "account add", "list", ...
    OptionSpec options;
    std::function<nlohmann::json(CliContext&, const CommandLine&)> run;
    std::function<void(std::ostream&, const nlohmann::json&)> printText;
};

// Each file of commands contributes its list; CliApp puts them together.
std::vector<Command> accountCommands();
std::vector<Command> indexCommands();
std::vector<Command> mailCommands();
std::vector<Command> watchCommands();

}  // namespace petrel::cli
