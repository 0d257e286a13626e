#include "engine/OfflineOps.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "net/ImapSession.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/OpQueue.h"
#include "store/Txn.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapMessageOps.h"

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

bool isOffline(const Error& e) { return e.kind() == ErrorKind::Network; }

std::string normalizedMessageId(const std::string& text) {
    std::string s = text;
    if (s.size() >= 11 && net::equalsIgnoreCase(s.substr(0, 11), "Message-ID:")) s = s.substr(11);
    const auto open = s.find('<');
    const auto close = open == std::string::npos ? std::string::npos : s.find('>', open);
    if (close != std::string::npos) return s.substr(open, close - open + 1);
    std::string out;
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    return out;
}

namespace {

model::Flags markedFlags(const std::string& op, model::Flags flags) {
    if (op == "read") return flags | model::FlagSeen;
    if (op == "unread") return flags & ~model::Flags{model::FlagSeen};
    if (op == "flag") return flags | model::FlagFlagged;
    return flags & ~model::Flags{model::FlagFlagged};
}

bool isMark(const std::string& op) { return op == "read" || op == "unread" || op == "flag" || op == "unflag"; }

}  // namespace

QueuedImapChange queueImapChange(store::Db& db, const model::AccountConfig& account, const std::string& op,
                                 const std::string& folderPath, std::uint32_t uid, const std::string& target) {
    if (!isMark(op) && op != "delete" && op != "move" && op != "copy")
        throw Error(ErrorKind::Usage, "unknown offline operation '" + op + "'");
    if ((op == "move" || op == "copy") && target.empty())
        throw Error(ErrorKind::Usage, "a queued " + op + " needs a destination folder");
    store::Txn txn(db);
    auto folder = store::FolderRepository(db).find(account.id, folderPath);
    if (!folder) throw Error(ErrorKind::NotFound, "account '" + account.name + "' has no folder '" + folderPath + "'");
    store::MessageIndex index(db);
    auto message = index.find(folder->id, uid);
    if (!message)
        throw Error(ErrorKind::NotFound, "no message with uid " + std::to_string(uid) + " in '" + folderPath + "'");
    nlohmann::json payload{{"op", op},
                           {"folder", folderPath},
                           {"uid", uid},
                           {"target", target},
                           {"message_id", message->messageId},
                           {"size", message->size},
                           {"uidvalidity", folder->uidValidity}};
    QueuedImapChange out;
    out.opId = store::OpQueue(db).enqueue(account.id, "imap", payload.dump());
    out.flags = message->flags;
    if (isMark(op)) {
        out.flags = markedFlags(op, message->flags);
        index.setFlags(folder->id, uid, out.flags);
    } else if (op == "delete" || op == "move") {
        index.removeUids(folder->id, {uid});
        store::FolderRepository(db).recount(folder->id);
        out.removed = true;
    }
    txn.commit();
    return out;
}

namespace {

// What the server holds at the UIDs the queue names, per folder, fetched before anything is
// applied (UIDs are never reused within one UIDVALIDITY, so this stays true during the replay).
struct ServerMessage {
    std::string messageId;
    std::uint64_t size = 0;
};
struct FolderCheck {
    std::string error;  // the folder cannot be opened any more
    std::uint32_t uidValidity = 0;
    std::map<std::uint32_t, ServerMessage> messages;
};

struct Pending {
    store::QueuedOp item;
    std::optional<nlohmann::json> payload;
    std::string parseError;
    std::string what = "queued operation";
};

bool wantsCheck(const nlohmann::json& p) {
    return !p.value("message_id", std::string()).empty() || p.value("size", std::uint64_t{0}) > 0 ||
           p.value("uidvalidity", 0u) != 0;
}

FolderCheck checkFolder(net::ImapSession& session, const std::string& path, const std::set<std::uint32_t>& uids) {
    FolderCheck check;
    try {
        check.uidValidity = session.select(path, false, true).uidValidity;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::NotFound && e.kind() != ErrorKind::Protocol) throw;
        check.error = e.what();
        return check;
    }
    // A few hundred UIDs per command keeps the line short; a queue rarely holds more.
    constexpr std::size_t kPerFetch = 500;
    std::vector<std::uint32_t> list(uids.begin(), uids.end());
    for (std::size_t i = 0; i < list.size(); i += kPerFetch) {
        std::string set;
        for (std::size_t k = i; k < std::min(list.size(), i + kPerFetch); ++k) {
            if (!set.empty()) set += ',';
            set += std::to_string(list[k]);
        }
        session.execute(net::ImapCommand("UID FETCH").add(set).add("(UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])"),
                        [&](const net::ImapResponse& r) {
                            if (r.name != "FETCH" || r.data.empty() || !r.data[0].isList()) return;
                            const auto& d = r.data[0];
                            const auto* uid = d.get("UID");
                            if (!uid) return;
                            ServerMessage m;
                            if (const auto* size = d.get("RFC822.SIZE")) m.size = size->number();
                            for (std::size_t j = 0; j + 1 < d.items.size(); j += 2) {
                                const std::string& key = d.items[j].str();
                                if (key.size() > 17 && net::equalsIgnoreCase(key.substr(0, 17), "BODY[HEADER.FIELD"))
                                    m.messageId = normalizedMessageId(d.items[j + 1].str());
                            }
                            check.messages[static_cast<std::uint32_t>(uid->number())] = std::move(m);
                        });
    }
    return check;
}

constexpr const char* kGone = "the message is no longer on the server";

// Empty when the operation still names the message it was queued for; else why not.
std::string identityConflict(const nlohmann::json& p, const FolderCheck& check) {
    if (!check.error.empty()) return check.error;
    const auto queuedValidity = p.value("uidvalidity", 0u);
    if (queuedValidity != 0 && check.uidValidity != queuedValidity) {
        return "the folder was reset on the server (UIDVALIDITY " + std::to_string(queuedValidity) + " is now " +
               std::to_string(check.uidValidity) + "), so UID " + std::to_string(p.value("uid", 0u)) +
               " may name another message";
    }
    const std::string queuedId = normalizedMessageId(p.value("message_id", std::string()));
    const auto queuedSize = p.value("size", std::uint64_t{0});
    if (queuedId.empty() && queuedSize == 0) return {};
    auto it = check.messages.find(p.value("uid", 0u));
    if (it == check.messages.end()) return kGone;
    if (queuedId != it->second.messageId) {
        return "UID " + std::to_string(p.value("uid", 0u)) + " now holds another message (Message-ID " +
               (it->second.messageId.empty() ? std::string("none") : it->second.messageId) + ", queued for " +
               (queuedId.empty() ? std::string("none") : queuedId) + ")";
    }
    if (queuedId.empty() && queuedSize != it->second.size)
        return "UID " + std::to_string(p.value("uid", 0u)) + " now holds another message (size differs)";
    return {};
}

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

bool stopsReplay(const Error& e) {
    return e.kind() == ErrorKind::Network || e.kind() == ErrorKind::Cancelled || e.kind() == ErrorKind::Auth ||
           e.kind() == ErrorKind::Tls;
}

}  // namespace

std::vector<std::string> replayImapOps(net::ImapSession& session, store::Db& db, const model::AccountConfig& account) {
    std::vector<std::string> conflicts;
    store::OpQueue queue(db);
    std::vector<Pending> pending;
    std::map<std::string, std::set<std::uint32_t>> toCheck;
    for (auto& item : queue.pending(account.id)) {
        if (item.kind != "imap") continue;
        Pending p{std::move(item), std::nullopt, {}, "queued operation"};
        try {
            auto json = nlohmann::json::parse(p.item.payload);
            p.what = json.value("op", std::string("?")) + " of UID " + std::to_string(json.value("uid", 0u)) + " in '" +
                     json.value("folder", std::string()) + "'";
            if (!json.value("target", std::string()).empty())
                p.what += " to '" + json.value("target", std::string()) + "'";
            if (wantsCheck(json)) toCheck[json.at("folder").get<std::string>()].insert(json.at("uid").get<std::uint32_t>());
            p.payload = std::move(json);
        } catch (const nlohmann::json::exception& e) {
            p.payload.reset();
            p.parseError = e.what();
        }
        pending.push_back(std::move(p));
    }
    if (pending.empty()) return conflicts;

    std::map<std::string, FolderCheck> checks;
    for (const auto& [path, uids] : toCheck) {
        try {
            checks[path] = checkFolder(session, path, uids);
        } catch (const Error& e) {
            if (stopsReplay(e)) throw;
            checks[path].error = e.what();
        }
    }

    for (std::size_t i = 0; i < pending.size(); ++i) {
        const auto& p = pending[i];
        if (!p.payload) {
            const std::string text = "conflict: " + p.what + " is unreadable: " + p.parseError;
            queue.markFailed(p.item.id, text);
            conflicts.push_back(text);
            continue;
        }
        try {
            const auto& json = *p.payload;
            if (wantsCheck(json)) {
                const std::string why = identityConflict(json, checks[json.at("folder").get<std::string>()]);
                const std::string op = json.value("op", std::string());
                if (why == kGone && p.item.attempts > 0 && (op == "delete" || op == "move")) {
                    // An earlier replay was cut after sending this: the server carried it out
                    // but the answer never arrived. Gone from the folder is what was asked for.
                    queue.markDone(p.item.id);
                    continue;
                }
                if (!why.empty()) {
                    const std::string text = "conflict: " + p.what + " was not applied: " + why;
                    queue.markFailed(p.item.id, text);
                    conflicts.push_back(text);
                    continue;
                }
            }
            apply(session, db, account, json);
            queue.markDone(p.item.id);
        } catch (const Error& e) {
            if (stopsReplay(e)) {
                queue.recordFailure(p.item.id, e.what());
                throw;
            }
            const std::string text = "conflict: " + p.what + " was not applied: " + e.what();
            queue.markFailed(p.item.id, text);
            conflicts.push_back(text);
        } catch (const nlohmann::json::exception& e) {
            const std::string text = "conflict: " + p.what + " is unreadable: " + e.what();
            queue.markFailed(p.item.id, text);
            conflicts.push_back(text);
        }
    }
    return conflicts;
}

}  // namespace petrel::engine
