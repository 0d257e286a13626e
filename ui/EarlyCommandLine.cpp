#include "EarlyCommandLine.h"

#include <string_view>

#include "PetrelVersion.h"

namespace petrel::ui {

const char* EarlyCommandLine::usage() {
    return "Usage: petrel [--profile DIR] [--compose] [mailto:LINK] [--version] [--help]\n"
           "\n"
           "  mailto:LINK    open a message to write, filled from the link (RFC 6068);\n"
           "                 the desktop calls this for mailto: links\n"
           "  --compose      open a window to write a new message\n"
           "  --profile DIR  use the profile (mail index and cache) in DIR instead of\n"
           "                 the per-user data folder; created if missing\n"
           "  --version      print the version and exit\n"
           "  -h, --help     print this help and exit\n";
}

std::optional<int> EarlyCommandLine::handle(int argc, const char* const* argv, std::ostream& out) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") break;
        if (arg == "--profile") {
            ++i;  // its value may look like an option
            continue;
        }
        if (arg == "--version") {
            out << "petrel " << PETREL_VERSION << '\n';
            return 0;
        }
        if (arg == "--help" || arg == "-h") {
            out << usage();
            return 0;
        }
    }
    return std::nullopt;
}

}  // namespace petrel::ui
