#include "cli/ProtocolCommands.h"

namespace petrel::cli {

ProtocolHandlers imapHandlers() { return {}; }

}  // namespace petrel::cli
