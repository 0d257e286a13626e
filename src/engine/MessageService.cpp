#include "engine/MessageService.h"

#include <ostream>

#include "engine/AtomicFile.h"
#include "engine/BookedImap.h"
#include "engine/BookedPop3.h"
#include "engine/ImapJobSession.h"
#include "engine/OfflineOps.h"
#include "engine/Pop3Resolve.h"
#include "engine/WorkerDatabase.h"
#include "mime/MessageParser.h"
#include "model/Error.h"
#include "net/ImapSession.h"
#include "net/Pop3Session.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/PartCache.h"
#include "store/Pop3Ledger.h"
#include "store/Txn.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapMessageOps.h"
#include "sync/ImapMessageReader.h"
#include "sync/LocalMailbox.h"
#include "sync/Pop3Sync.h"

namespace petrel::engine {
namespace {

using model::Error;
using model::ErrorKind;

bool isImap(const model::AccountConfig& account) { return account.protocol == model::Protocol::Imap; }

std::string fullTextType(const std::string& parsed) {
    if (parsed.empty() || parsed.find('/') != std::string::npos) return parsed;
    return "text/" + parsed;
}

sync::ImapMark imapMark(MessageMark mark) {
    switch (mark) {
        case MessageMark::Read:
            return sync::ImapMark::Read;
        case MessageMark::Unread:
            return sync::ImapMark::Unread;
        case MessageMark::Flag:
            return sync::ImapMark::Flag;
        case MessageMark::Unflag:
            break;
    }
    return sync::ImapMark::Unflag;
}

model::Flags applyMark(model::Flags flags, MessageMark mark) {
    switch (mark) {
        case MessageMark::Read:
            flags |= model::FlagSeen;
            break;
        case MessageMark::Unread:
            flags &= ~model::Flags(model::FlagSeen);
            break;
        case MessageMark::Flag:
            flags |= model::FlagFlagged;
            break;
        case MessageMark::Unflag:
            flags &= ~model::Flags(model::FlagFlagged);
            break;
    }
    return flags;
}

std::string markName(MessageMark mark) {
    switch (mark) {
        case MessageMark::Read:
            return "read";
        case MessageMark::Unread:
            return "unread";
        case MessageMark::Flag:
            return "flag";
        case MessageMark::Unflag:
            break;
    }
    return "unflag";
}

}  // namespace

OpenedMessage openMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                          const std::string& folderPath, std::uint32_t uid, std::uint32_t maxBytes,
                          const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    OpenedMessage out;
    if (isImap(account)) {
        out.bytes = withBookedImap(job, db, account, "open", password, [&](ImapJobSession& s) {
            store::PartCache cache(db, profile.cacheDirectory());
            out.folder = sync::findImapFolder(nullptr, db, account, folderPath);
            sync::ImapMessageReader reader([&s]() -> net::ImapSession& { return s.get(); }, db, cache, account);
            auto r = reader.show(out.folder, uid, maxBytes);
            out.summary = std::move(r.summary);
            out.text = std::move(r.text);
            out.textType = fullTextType(r.textType);
            out.partial = r.partial;
            out.remainingBytes = r.remainingBytes;
            out.attachments = std::move(r.attachments);
        });
        return out;
    }
    auto r = resolvePop3Message(job, db, profile, account, folderPath, uid, password);
    auto parsed = mime::parseMessage(pop3RawMessage(db, profile, r.message.id), maxBytes);
    out.folder = r.folder;
    out.summary = r.message;
    // The index row is the message as filed (id, uid, flags); the header fields as parsed now.
    out.summary.subject = parsed.summary.subject;
    out.summary.from = parsed.summary.from;
    out.summary.to = parsed.summary.to;
    out.summary.cc = parsed.summary.cc;
    out.summary.date = parsed.summary.date;
    out.text = std::move(parsed.text);
    out.textType = fullTextType(parsed.textType);
    out.partial = parsed.textPartial;
    out.remainingBytes = parsed.textRemaining;
    for (auto& p : parsed.parts)
        if (p.attachment) out.attachments.push_back(std::move(p));
    out.bytes = r.used;
    if (account.markReadOnOpen && out.summary.unread()) {
        out.summary.flags |= model::FlagSeen;
        store::MessageIndex(db).setFlags(r.folder.id, r.message.uid, out.summary.flags);
    }
    return out;
}

FlagsResult setFlags(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                     const std::string& folderPath, std::uint32_t uid, MessageMark mark,
                     const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    FlagsResult out;
    if (isImap(account)) {
        try {
            out.bytes = withBookedImap(job, db, account, "sync", password, [&](ImapJobSession& s) {
                auto& session = s.get();
                out.folder = sync::findImapFolder(&session, db, account, folderPath);
                out.flags = sync::ImapMessageOps(session, db, account).mark(out.folder, uid, imapMark(mark));
            });
        } catch (const Error& e) {
            if (!isOffline(e)) throw;
            // Offline: the index follows now, the server at the next sync.
            out.folder = sync::findImapFolder(nullptr, db, account, folderPath);
            out.flags = queueImapChange(db, account, markName(mark), folderPath, uid).flags;
            out.queued = true;
        }
        return out;
    }
    out.folder = sync::LocalMailbox(db, profile.cacheDirectory()).requireFolder(account.id, folderPath);
    auto m = sync::LocalMailbox(db, profile.cacheDirectory()).requireMessage(out.folder, uid);
    const model::Flags flags = applyMark(m.flags, mark);
    store::MessageIndex(db).setFlags(out.folder.id, m.uid, flags);
    out.flags = flags;
    return out;
}

DeleteResult deleteMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                           const std::string& folderPath, std::uint32_t uid,
                           const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    DeleteResult out;
    if (isImap(account)) {
        try {
            out.bytes = withBookedImap(job, db, account, "sync", password, [&](ImapJobSession& s) {
                auto& session = s.get();
                auto folder = sync::findImapFolder(&session, db, account, folderPath);
                out.how = sync::ImapMessageOps(session, db, account).remove(folder, uid);
            });
        } catch (const Error& e) {
            if (!isOffline(e)) throw;
            // Offline: the row goes now (the next sync brings it back into Trash), the server
            // follows at the next sync.
            queueImapChange(db, account, "delete", folderPath, uid);
            out.queued = true;
            out.how = "queued";
            out.message = "queued: delete of UID " + std::to_string(uid) + " will be sent at the next sync";
            return out;
        }
        out.message = out.how == "trash" ? "moved UID " + std::to_string(uid) + " to Trash"
                                         : "deleted UID " + std::to_string(uid);
        return out;
    }
    if (folderPath == kPop3ServerFolder) {
        out.bytes = withBookedPop3(job, db, profile, account, "delete", password,
                             [&](sync::Pop3Sync& pop3, net::Pop3Session& session) { pop3.deleteNumber(session, uid); });
        out.how = "server";
        out.message = "deleted message " + std::to_string(uid) + " on the server";
        return out;
    }
    sync::LocalMailbox mailbox(db, profile.cacheDirectory());
    auto folder = mailbox.requireFolder(account.id, folderPath);
    auto m = mailbox.requireMessage(folder, uid);
    auto entry = store::Pop3Ledger(db).findByMessage(m.id);
    mailbox.remove(m.id);
    out.how = "local";
    out.message = "deleted";
    const bool wantServer = account.pop3Mode == model::Pop3Mode::Keep && account.deleteOnLocalDelete && entry &&
                            !entry->deletedOnServerAt;
    if (!wantServer) return out;
    try {
        bool deleted = false;
        out.bytes = withBookedPop3(job, db, profile, account, "delete", password,
                             [&](sync::Pop3Sync& pop3, net::Pop3Session& session) {
                                 deleted = pop3.deleteUidl(session, entry->uidl);
                             });
        out.how = "local+server";
        out.message = deleted ? "deleted here and on the server" : "deleted (it was no longer on the server)";
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Usage || e.kind() == ErrorKind::Storage || e.kind() == ErrorKind::Cancelled) throw;
        // The ledger remembers it: the next check deletes the server copy.
        out.how = "local, server later";
        out.message = std::string("deleted here; the server copy goes at the next sync (") + e.what() + ")";
    }
    return out;
}

PartWrite writePart(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                    const std::string& folderPath, std::uint32_t uid, const std::string& section,
                    const std::optional<std::pair<std::uint64_t, std::uint64_t>>& range, std::ostream& out,
                    const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    PartWrite w;
    w.uid = uid;
    if (isImap(account)) {
        w.bytes = withBookedImap(job, db, account, "attachment", password, [&](ImapJobSession& s) {
            store::PartCache cache(db, profile.cacheDirectory());
            w.folder = sync::findImapFolder(nullptr, db, account, folderPath);
            sync::ImapMessageReader reader([&s]() -> net::ImapSession& { return s.get(); }, db, cache, account);
            w.bytesWritten = range ? reader.writeRange(w.folder, uid, section, range->first, range->second, out)
                                   : reader.writeDecodedPart(w.folder, uid, section, out);
        });
        return w;
    }
    auto r = resolvePop3Message(job, db, profile, account, folderPath, uid, password);
    auto bytes = mime::extractPart(pop3RawMessage(db, profile, r.message.id), section, true);
    if (!bytes) throw Error(ErrorKind::NotFound, "the message has no part " + section);
    if (range) *bytes = range->first < bytes->size() ? bytes->substr(range->first, range->second) : std::string();
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    w.folder = r.folder;
    w.uid = r.message.uid;
    w.bytesWritten = bytes->size();
    w.bytes = r.used;
    return w;
}

PartWrite saveAttachment(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                         const std::string& folderPath, std::uint32_t uid, const std::string& section,
                         const std::string& outputPath, const std::optional<std::string>& password) {
    PartWrite w;
    writeFileAtomically(outputPath, [&](std::ostream& file) {
        w = writePart(job, profile, account, folderPath, uid, section, std::nullopt, file, password);
    });
    return w;
}

}  // namespace petrel::engine
