#include "sync/ImapMessageOps.h"

#include "model/Error.h"
#include "net/ImapFetchParser.h"
#include "net/ImapSession.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/Txn.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderSync.h"

namespace petrel::sync {

using model::Error;
using model::ErrorKind;

ImapMessageOps::ImapMessageOps(net::ImapSession& session, store::Db& db, model::AccountConfig account)
    : session_(session), db_(db), account_(std::move(account)) {}

void ImapMessageOps::requireExists(const model::FolderInfo& folder, std::uint32_t uid) {
    session_.select(folder.path, false);
    bool found = false;
    session_.execute(net::ImapCommand("UID FETCH").add(std::to_string(uid)).add("(UID)"),
                     [&](const net::ImapResponse& r) {
                         if (r.name == "FETCH" && !r.data.empty())
                             if (const auto* u = r.data[0].get("UID")) found = found || u->number() == uid;
                     });
    if (!found)
        throw Error(ErrorKind::NotFound, "The folder '" + folder.path + "' has no message with UID " + std::to_string(uid));
}

model::Flags ImapMessageOps::mark(const model::FolderInfo& folder, std::uint32_t uid, ImapMark mark) {
    requireExists(folder, uid);
    const bool add = mark == ImapMark::Read || mark == ImapMark::Flag;
    const model::Flags bit = mark == ImapMark::Read || mark == ImapMark::Unread ? model::FlagSeen : model::FlagFlagged;
    session_.execute(net::ImapCommand("UID STORE")
                         .add(std::to_string(uid))
                         .add(add ? "+FLAGS.SILENT" : "-FLAGS.SILENT")
                         .add("(" + net::flagsToImap(bit) + ")"));
    store::MessageIndex index(db_);
    auto local = index.find(folder.id, uid);
    if (!local) return 0;
    const model::Flags flags = add ? (local->flags | bit) : (local->flags & ~bit);
    index.setFlags(folder.id, uid, flags);
    return flags;
}

void ImapMessageOps::copy(const model::FolderInfo& folder, std::uint32_t uid, const std::string& destination) {
    requireExists(folder, uid);
    session_.execute(net::ImapCommand("UID COPY").add(std::to_string(uid)).addMailbox(destination));
    resyncIfKnown(destination);
}

void ImapMessageOps::move(const model::FolderInfo& folder, std::uint32_t uid, const std::string& destination) {
    if (destination == folder.path) throw Error(ErrorKind::Usage, "The message is already in '" + destination + "'");
    requireExists(folder, uid);
    if (session_.hasCapability("MOVE")) {
        session_.execute(net::ImapCommand("UID MOVE").add(std::to_string(uid)).addMailbox(destination));
    } else {
        session_.execute(net::ImapCommand("UID COPY").add(std::to_string(uid)).addMailbox(destination));
        session_.execute(net::ImapCommand("UID STORE").add(std::to_string(uid)).add("+FLAGS.SILENT (\\Deleted)"));
        if (session_.hasCapability("UIDPLUS")) {
            session_.execute(net::ImapCommand("UID EXPUNGE").add(std::to_string(uid)));
        } else {
            session_.execute(net::ImapCommand("EXPUNGE"));
        }
    }
    forgetLocally(folder, uid);
    resyncIfKnown(destination);
}

std::string ImapMessageOps::remove(const model::FolderInfo& folder, std::uint32_t uid) {
    if (account_.deletePolicy == model::DeletePolicy::MoveToTrash) {
        store::FolderRepository folders(db_);
        auto findTrash = [&]() -> std::optional<model::FolderInfo> {
            for (const auto& f : folders.list(account_.id))
                if (f.specialUse == model::SpecialUse::Trash) return f;
            return std::nullopt;
        };
        auto trash = findTrash();
        if (!trash) {
            refreshImapFolders(session_, db_, account_.id);
            trash = findTrash();
        }
        if (!trash)
            throw Error(ErrorKind::NotFound, "The server has no Trash folder (special use \\Trash); "
                                             "set the account's delete policy to expunge");
        if (trash->path != folder.path) {
            move(folder, uid, trash->path);
            return "trash";
        }
    }
    requireExists(folder, uid);
    expungeUid(folder, uid);
    return "expunged";
}

void ImapMessageOps::expungeUid(const model::FolderInfo& folder, std::uint32_t uid) {
    session_.execute(net::ImapCommand("UID STORE").add(std::to_string(uid)).add("+FLAGS.SILENT (\\Deleted)"));
    if (session_.hasCapability("UIDPLUS")) {
        session_.execute(net::ImapCommand("UID EXPUNGE").add(std::to_string(uid)));
    } else {
        session_.execute(net::ImapCommand("EXPUNGE"));
    }
    forgetLocally(folder, uid);
}

void ImapMessageOps::forgetLocally(const model::FolderInfo& folder, std::uint32_t uid) {
    store::MessageIndex index(db_);
    store::Txn txn(db_);
    index.removeUids(folder.id, {uid});
    store::FolderRepository(db_).recount(folder.id);
    txn.commit();
}

void ImapMessageOps::resyncIfKnown(const std::string& path) {
    auto dest = store::FolderRepository(db_).find(account_.id, path);
    if (!dest || dest->uidValidity == 0) return;  // never synced: the next sync brings it
    ImapFolderSync(session_, db_).sync(dest->id);
}

}  // namespace petrel::sync
