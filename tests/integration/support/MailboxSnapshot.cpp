#include "support/MailboxSnapshot.h"

#include <filesystem>
#include <sstream>

#include "model/Flags.h"
#include "store/Db.h"
#include "store/Stmt.h"
#include "support/TcpClient.h"

namespace petrel::testing {
namespace {

constexpr std::uint32_t kCompared = model::FlagSeen | model::FlagAnswered | model::FlagFlagged |
                                    model::FlagDeleted | model::FlagDraft | model::FlagForwarded;

std::uint32_t flagBits(const std::string& list) {
    std::uint32_t f = 0;
    std::istringstream words(list);
    std::string w;
    while (words >> w) {
        if (w == "\\Seen") f |= model::FlagSeen;
        else if (w == "\\Answered") f |= model::FlagAnswered;
        else if (w == "\\Flagged") f |= model::FlagFlagged;
        else if (w == "\\Deleted") f |= model::FlagDeleted;
        else if (w == "\\Draft") f |= model::FlagDraft;
        else if (w == "$Forwarded") f |= model::FlagForwarded;
    }
    return f;
}

}  // namespace

UidFlags serverUidFlags(const TestUser& user, const std::string& folder) {
    auto& s = MailServer::instance();
    TcpClient c(s.host(), s.imapPort());
    c.readLine();
    c.imapOk("LOGIN " + user.name + " \"" + user.password + "\"");
    c.imapOk("EXAMINE \"" + folder + "\"");
    UidFlags out;
    for (const auto& line : c.imapOk("UID FETCH 1:* (UID FLAGS)")) {
        if (line.rfind("* ", 0) != 0 || line.find(" FETCH ") == std::string::npos) continue;
        const auto u = line.find("UID ");
        const auto f = line.find("FLAGS (");
        if (u == std::string::npos || f == std::string::npos) continue;
        const auto uid = static_cast<std::uint32_t>(std::stoul(line.substr(u + 4)));
        const auto end = line.find(')', f);
        out[uid] = flagBits(line.substr(f + 7, end - f - 7));
    }
    c.imap("LOGOUT");
    return out;
}

LocalSnapshot localSnapshot(const std::string& databasePath, const std::string& account, const std::string& folder) {
    LocalSnapshot s;
    if (!std::filesystem::exists(databasePath)) {
        s.integrity = "ok";
        return s;
    }
    store::Db db(databasePath);
    {
        auto st = db.prepare("PRAGMA integrity_check");
        while (st.step()) s.integrity += (s.integrity.empty() ? "" : "; ") + st.getText(0);
    }
    auto st = db.prepare(
        "SELECT m.uid, m.flags FROM messages m JOIN folders f ON f.id = m.folder_id JOIN accounts a ON "
        "a.id = f.account_id WHERE a.name = ?1 AND f.path = ?2");
    st.bind(1, account);
    st.bind(2, folder);
    while (st.step()) {
        ++s.rows;
        s.uids[static_cast<std::uint32_t>(st.getInt64(0))] = static_cast<std::uint32_t>(st.getInt64(1)) & kCompared;
    }
    auto q = db.prepare(
        "SELECT COALESCE(SUM(o.state = 'pending'), 0), COALESCE(SUM(o.state = 'failed'), 0) FROM op_queue o "
        "JOIN accounts a ON a.id = o.account_id WHERE a.name = ?1");
    q.bind(1, account);
    if (q.step()) {
        s.pendingOps = static_cast<std::size_t>(q.getInt64(0));
        s.failedOps = static_cast<std::size_t>(q.getInt64(1));
    }
    return s;
}

std::string describeDifference(const UidFlags& server, const UidFlags& local) {
    std::ostringstream out;
    unsigned shown = 0;
    for (const auto& [uid, flags] : server) {
        auto it = local.find(uid);
        if (it == local.end()) {
            if (shown++ < 5) out << "uid " << uid << " missing locally; ";
        } else if (it->second != flags) {
            if (shown++ < 5) out << "uid " << uid << " flags " << it->second << " locally, " << flags << " on the server; ";
        }
    }
    for (const auto& [uid, flags] : local) {
        if (!server.count(uid) && shown++ < 5) out << "uid " << uid << " only locally; ";
    }
    if (shown > 5) out << "(" << shown << " differences)";
    if (server.size() != local.size()) out << " server " << server.size() << " messages, local " << local.size();
    return shown ? out.str() : std::string{};
}

}  // namespace petrel::testing
