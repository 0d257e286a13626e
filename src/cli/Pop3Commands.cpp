#include "cli/ProtocolCommands.h"

namespace petrel::cli {

ProtocolHandlers pop3Handlers() { return {}; }

}  // namespace petrel::cli
