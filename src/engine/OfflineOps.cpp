#include "engine/OfflineOps.h"

#include <nlohmann/json.hpp>

#include "net/ImapSession.h"
#include "store/OpQueue.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapMessageOps.h"

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

bool isOffline(const Error& e) { return e.kind() == ErrorKind::Network; }

std::int64_t enqueueImapOp(store::Db& db, const model::AccountConfig& account, const std::string& op,
                           const std::string& folderPath, std::uint32_t uid, const std::string& target,
                           const std::string& messageId) {
    nlohmann::json payload{{"op", op}, {"folder", folderPath}, {"uid", uid}, {"target", target},
                           {"message_id", messageId}};
    return store::OpQueue(db).enqueue(account.id, "imap", payload.dump());
}

namespace {

void apply(net::ImapSession& session, store::Db& db, const model::AccountConfig& account, const nlohmann::json& p) {
    const std::string op = p.at("op").get<std::string>();
    const std::string path = p.at("folder").get<std::string>();
    const auto uid = p.at("uid").get<std::uint32_t>();
    const std::string target = p.value("target", std::string());
    auto folder = sync::findImapFolder(&session, db, account, path);
    sync::ImapMessageOps ops(session, db, account);
    if (op == "read") {
        ops.mark(folder, uid, sync::ImapMark::Read);
    } else if (op == "unread") {
        ops.mark(folder, uid, sync::ImapMark::Unread);
    } else if (op == "flag") {
        ops.mark(folder, uid, sync::ImapMark::Flag);
    } else if (op == "unflag") {
        ops.mark(folder, uid, sync::ImapMark::Unflag);
    } else if (op == "delete") {
        ops.remove(folder, uid);
    } else if (op == "move") {
        ops.move(folder, uid, target);
    } else if (op == "copy") {
        ops.copy(folder, uid, target);
    } else {
        throw Error(ErrorKind::Usage, "unknown queued operation '" + op + "'");
    }
}

}  // namespace

std::vector<std::string> replayImapOps(net::ImapSession& session, store::Db& db, const model::AccountConfig& account) {
    std::vector<std::string> conflicts;
    store::OpQueue queue(db);
    for (const auto& item : queue.pending(account.id)) {
        if (item.kind != "imap") continue;
        std::string what = "queued operation";
        try {
            const auto p = nlohmann::json::parse(item.payload);
            what = p.value("op", std::string("?")) + " of UID " + std::to_string(p.value("uid", 0u)) + " in '" +
                   p.value("folder", std::string()) + "'";
            if (!p.value("target", std::string()).empty()) what += " to '" + p.value("target", std::string()) + "'";
            apply(session, db, account, p);
            queue.markDone(item.id);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Network || e.kind() == ErrorKind::Cancelled || e.kind() == ErrorKind::Auth ||
                e.kind() == ErrorKind::Tls) {
                queue.recordFailure(item.id, e.what());
                throw;
            }
            const std::string text = "conflict: " + what + " was not applied: " + e.what();
            queue.markFailed(item.id, text);
            conflicts.push_back(text);
        } catch (const nlohmann::json::exception& e) {
            const std::string text = "conflict: " + what + " is unreadable: " + e.what();
            queue.markFailed(item.id, text);
            conflicts.push_back(text);
        }
    }
    return conflicts;
}

}  // namespace petrel::engine
