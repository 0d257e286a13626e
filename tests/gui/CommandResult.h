#pragma once
#include <string>

namespace petrel::guitest {

// What a shell command wrote to stdout and how it ended.
struct CommandResult {
    int exitCode = -1;  // -1: it could not start, or a signal ended it
    std::string output;
};

// Runs `command` through the shell (popen) and waits for it.
CommandResult runCommand(const std::string& command);

}  // namespace petrel::guitest
