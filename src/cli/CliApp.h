#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace petrel::cli {

// petrel-cli's entry point without process globals, so tests can run it in-process.
// Returns the exit code of the documented contract.
int runCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace petrel::cli
