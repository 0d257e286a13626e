#include "engine/MessageTransfer.h"

#include <ostream>

#include "engine/AtomicFile.h"
#include "engine/BookedImap.h"
#include "engine/MessageService.h"
#include "engine/OfflineOps.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/ImapSession.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/PartCache.h"
#include "store/Txn.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapMessageOps.h"
#include "sync/ImapMessageReader.h"
#include "sync/LocalMailbox.h"

namespace petrel::engine {
namespace {

using model::Error;
using model::ErrorKind;

bool isImap(const model::AccountConfig& account) { return account.protocol == model::Protocol::Imap; }

std::string verb(bool move) { return move ? "moved" : "copied"; }

}  // namespace

TransferResult transferMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                               const std::string& folderPath, std::uint32_t uid, const std::string& destination,
                               bool move, const std::optional<std::string>& password) {
    if (move && destination == folderPath)
        throw Error(ErrorKind::Usage, "The message is already in '" + destination + "'");
    store::Db& db = workerDatabase(job, profile);
    TransferResult out;
    if (!isImap(account)) {
        sync::LocalMailbox mailbox(db, profile.cacheDirectory());
        auto from = mailbox.requireFolder(account.id, folderPath);
        auto to = mailbox.requireFolder(account.id, destination);
        auto m = mailbox.requireMessage(from, uid);
        if (move)
            mailbox.move(m.id, to.id);
        else
            mailbox.copy(m.id, to.id);
        out.message = verb(move) + " the message to " + destination;
        return out;
    }
    try {
        out.bytes = withBookedImap(job, db, account, "sync", password, [&](ImapJobSession& s) {
            auto& session = s.get();
            auto folder = sync::findImapFolder(&session, db, account, folderPath);
            sync::ImapMessageOps ops(session, db, account);
            if (move)
                ops.move(folder, uid, destination);
            else
                ops.copy(folder, uid, destination);
        });
    } catch (const Error& e) {
        if (!isOffline(e)) throw;
        sync::findImapFolder(nullptr, db, account, folderPath);  // NotFound for an unknown folder
        queueImapChange(db, account, move ? "move" : "copy", folderPath, uid, destination);
        out.queued = true;
        out.message = std::string("queued: ") + (move ? "move" : "copy") + " to " + destination +
                      " will be sent at the next sync";
        return out;
    }
    out.message = verb(move) + " the message to " + destination;
    return out;
}

RawSave saveRawMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                       const std::string& folderPath, std::uint32_t uid, const std::string& outputPath,
                       const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    RawSave out;
    writeFileAtomically(outputPath, [&](std::ostream& file) {
        if (isImap(account)) {
            out.bytes = withBookedImap(job, db, account, "open", password, [&](ImapJobSession& s) {
                store::PartCache cache(db, profile.cacheDirectory());
                auto folder = sync::findImapFolder(nullptr, db, account, folderPath);
                sync::ImapMessageReader reader([&s]() -> net::ImapSession& { return s.get(); }, db, cache,
                                               account);
                out.bytesWritten = reader.writeRaw(folder, uid, file);
            });
        } else {
            sync::LocalMailbox mailbox(db, profile.cacheDirectory());
            auto folder = mailbox.requireFolder(account.id, folderPath);
            auto m = mailbox.requireMessage(folder, uid);
            if (!(m.cacheState & model::CachedFull)) {
                // Downloads the rest of a header-only message (booked under "fetch"); saving
                // is not reading, so it never marks the message read.
                model::AccountConfig quiet = account;
                quiet.markReadOnOpen = false;
                out.bytes = openMessage(job, profile, quiet, folderPath, uid, 1, password).bytes;
            }
            auto raw = mailbox.raw(m.id);
            if (!raw) throw Error(ErrorKind::Storage, "the message's bytes are missing from the local store");
            file.write(raw->data(), static_cast<std::streamsize>(raw->size()));
            out.bytesWritten = raw->size();
        }
    });
    return out;
}

}  // namespace petrel::engine
