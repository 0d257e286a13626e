#pragma once
#include <optional>
#include <ostream>

namespace petrel::ui {

// The options petrel answers before wxWidgets starts: under GTK, starting wx needs a display,
// and `petrel --version` or `--help` must work without one (scripts, packaging checks, ssh).
// Everything else is parsed by PetrelApp through wxCmdLineParser.
class EarlyCommandLine {
public:
    // Prints and returns the exit code for --version / --help (anywhere before "--", and not as
    // the value of --profile); nullopt when the program should start normally.
    static std::optional<int> handle(int argc, const char* const* argv, std::ostream& out);

    static const char* usage();
};

}  // namespace petrel::ui
