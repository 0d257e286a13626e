#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sync/ImapSearchQuery.h"

namespace petrel::net {
class ImapSession;
}

namespace petrel::sync {

// UID SEARCH in one folder (EXAMINE first). Ascending UIDs. Apart from the query itself so that
// parsing a query (fuzzed on its own) needs no network code.
std::vector<std::uint32_t> searchImapFolder(net::ImapSession& session, const std::string& path,
                                            const ImapSearchQuery& query);

}  // namespace petrel::sync
