#include "sync/ImapServerSearch.h"

#include <algorithm>

#include "net/ImapSession.h"

namespace petrel::sync {

std::vector<std::uint32_t> searchImapFolder(net::ImapSession& session, const std::string& path,
                                            const ImapSearchQuery& query) {
    session.select(path, true);
    std::vector<std::uint32_t> uids;
    session.execute(query.command(), [&](const net::ImapResponse& r) {
        if (r.name != "SEARCH") return;
        for (const auto& v : r.data)
            if (auto n = v.number()) uids.push_back(static_cast<std::uint32_t>(n));
    });
    std::sort(uids.begin(), uids.end());
    return uids;
}

}  // namespace petrel::sync
