#include "engine/SendService.h"

#include "engine/DraftService.h"
#include "engine/SendIdentity.h"
#include "engine/SentCopy.h"
#include "engine/WorkerDatabase.h"
#include "mime/AddressList.h"
#include "mime/MessageComposer.h"
#include "mime/MessageParser.h"
#include "model/Error.h"
#include "net/SmtpSender.h"
#include "store/AddressBook.h"
#include "store/Db.h"
#include "store/Outbox.h"
#include "sync/LocalMailbox.h"

namespace petrel::engine {
namespace {

using model::Error;
using model::ErrorKind;

// The crash rule. An item is marked Sending (committed) before the SMTP transaction starts and
// Sent right after the server accepted it, so an item a later run finds still in Sending was
// interrupted somewhere between the two: the server may or may not have the message. It is
// never resent on a guess:
//   - its Message-ID is in the Sent folder -> it went out (the copy is only stored after the
//     server accepted it): marked sent and removed;
//   - otherwise it is held as Failed with an "interrupted" reason, for the user to check the
//     recipient's side and retry explicitly (petrel-cli outbox NAME --retry ID, or the GUI).
constexpr const char* kInterrupted =
    "interrupted while sending: it may or may not have gone out; check, then retry it explicitly";

constexpr const char* kLostReply =
    "the connection ended after the message was transmitted, before the server confirmed it: it may "
    "or may not have gone out; check, then retry it explicitly";

std::string messageIdOf(const std::string& raw) {
    return mime::parseHeaderSummary(raw).messageId;
}

struct ItemOutcome {
    SendOutcome outcome = SendOutcome::Queued;
    std::string sentFolder;
    std::uint32_t sentUid = 0;
    std::string message;
};

// Sent state, then the copy in Sent, then the item leaves the outbox. A failed copy leaves the
// item in Sent state; the next flush stores the copy.
ItemOutcome storeCopyAndFinish(JobContext& job, const Profile& profile, store::Db& db,
                               const model::AccountConfig& account, std::int64_t id, const std::string& raw,
                               const std::optional<std::string>& password, net::WireBytes& used) {
    ItemOutcome out;
    out.outcome = SendOutcome::Sent;
    try {
        auto copy = storeOwnMessage(job, profile, db, account, model::SpecialUse::Sent, raw, messageIdOf(raw),
                                    password);
        used += copy.bytes;
        out.sentFolder = copy.folder;
        out.sentUid = copy.uid;
        store::Outbox(db).remove(id);
        out.message = "Sent; a copy is in " + copy.folder;
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Cancelled) throw;
        out.message = std::string("Sent, but the copy in Sent could not be stored yet (") + e.what() +
                      "); it is stored at the next send or sync";
    }
    return out;
}

ItemOutcome sendItem(JobContext& job, const Profile& profile, store::Db& db,
                     const model::AccountConfig& account, const store::OutboxItem& item,
                     const std::optional<std::string>& password, net::WireBytes& used) {
    store::Outbox outbox(db);
    const std::string raw = outbox.rawMessage(item.id);
    net::ConnectOptions options;
    options.isCancelled = [&job] { return job.cancel().isCancelled(); };
    net::SmtpSender sender(account, passwordSupplierFor(account, password), options);
    outbox.markSending(item.id);  // committed before the first byte goes out (the crash rule)
    try {
        sender.send(item.envelopeFrom, item.recipients, mime::withoutBcc(raw));
    } catch (const Error& e) {
        used += sender.wireBytes();
        bookSendBytes(db, account, sender.wireBytes());
        if (sender.outcomeUnknown()) {
            // Lost after the whole message was written, before the server's reply: the same
            // open question as a crash, so the same rule (never resent on a guess).
            outbox.markFailed(item.id, kLostReply);
            throw Error(e.kind() == ErrorKind::Cancelled ? ErrorKind::Cancelled : ErrorKind::Network,
                        std::string("Outbox item ") + std::to_string(item.id) + ": " + kLostReply, e.what());
        }
        if (e.kind() == ErrorKind::Network || e.kind() == ErrorKind::Cancelled) {
            outbox.recordFailure(item.id, e.what());
            if (e.kind() == ErrorKind::Cancelled) throw;
            ItemOutcome out;
            out.message = std::string("Queued in the outbox: ") + e.what();
            return out;
        }
        if (e.kind() == ErrorKind::Auth || e.kind() == ErrorKind::Tls) {
            // The account, not the message, is at fault: the item waits as pending so that
            // the send retried after the user's answer (password, certificate) picks it up.
            outbox.recordFailure(item.id, e.what());
            throw;
        }
        outbox.markFailed(item.id, e.what());
        throw;
    }
    used += sender.wireBytes();
    bookSendBytes(db, account, sender.wireBytes());
    outbox.markSent(item.id);
    return storeCopyAndFinish(job, profile, db, account, item.id, raw, password, used);
}

}  // namespace

SendResult sendMessage(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                       const model::OutgoingMessage& message, bool queueOnly,
                       const std::optional<std::string>& password) {
    if (!queueOnly && (!account.smtp || account.smtp->host.empty()))
        throw Error(ErrorKind::Usage, "The account " + account.name + " has no SMTP server to send with",
                    "set one with --smtp-host (account add) or in the account settings");
    // The outbox (and so the Sent copy) keeps Bcc for the sender's records; SMTP gets the
    // message without it (sendItem), Bcc recipients being envelope-only.
    auto settings = composeSettingsFor(account);
    settings.keepBcc = true;
    auto composed = mime::composeMessage(message, settings);
    store::Db& db = workerDatabase(job, profile);
    store::Outbox outbox(db);
    SendResult result;
    result.messageId = composed.messageId;
    result.outboxId = outbox.enqueue(account.id, composed.raw, composed.envelopeFrom, composed.recipients);
    // The outbox has the bytes now; sending reads them back from there (also after a crash).
    std::string().swap(composed.raw);
    if (queueOnly) {
        result.outcome = SendOutcome::Queued;
        result.message = "Queued in the outbox";
        return result;
    }
    auto item = outbox.find(result.outboxId);
    ItemOutcome r;
    try {
        r = sendItem(job, profile, db, account, *item, password, result.bytes);
    } catch (const Error& e) {
        // withUserDecisions runs the whole send again after asking for a password or a
        // certificate decision, composing a new outbox item: this one must not stay behind as
        // a duplicate. Nothing went out, and the compose window (or the command) still has it.
        if (e.kind() == ErrorKind::Auth || e.kind() == ErrorKind::Tls) outbox.remove(result.outboxId);
        throw;
    }
    result.outcome = r.outcome;
    result.sentFolder = r.sentFolder;
    result.sentUid = r.sentUid;
    result.message = r.message;
    if (r.outcome == SendOutcome::Sent && message.replacesDraft.valid()) {
        // The draft became this message; removing it is tidying, not part of sending.
        try {
            removeDraft(job, profile, account, message.replacesDraft, password);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Cancelled) throw;
            result.message += std::string("; the draft could not be removed: ") + e.what();
        }
    }
    return result;
}

OutboxFlushResult flushOutbox(JobContext& job, const Profile& profile, const model::AccountConfig& account,
                              const std::optional<std::string>& password) {
    store::Db& db = workerDatabase(job, profile);
    store::Outbox outbox(db);
    OutboxFlushResult result;
    // Interrupted by a crash: decided by the Sent folder, never resent on a guess.
    for (const auto& item : outbox.interrupted(account.id)) {
        try {
            const std::string raw = outbox.rawMessage(item.id);
            if (sentCopyExists(job, profile, db, account, messageIdOf(raw), password, result.bytes)) {
                outbox.markSent(item.id);
                outbox.remove(item.id);
                ++result.sent;
            } else {
                outbox.markFailed(item.id, kInterrupted);
                ++result.failed;
                result.errors.push_back("Outbox item " + std::to_string(item.id) + ": " + kInterrupted);
            }
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Network) throw;
            result.stillQueued += static_cast<std::uint32_t>(outbox.pending(account.id).size());
            return result;
        }
    }
    // Sent, but the copy is missing (the copy failed last time).
    for (const auto& item : outbox.list(account.id)) {
        if (item.state != store::OutboxState::Sent) continue;
        auto r = storeCopyAndFinish(job, profile, db, account, item.id, outbox.rawMessage(item.id), password,
                                    result.bytes);
        (void)r;
    }
    auto pending = outbox.pending(account.id);
    for (std::size_t i = 0; i < pending.size(); ++i) {
        job.cancel().throwIfCancelled();
        job.reportProgress("sending", i, pending.size());
        try {
            auto r = sendItem(job, profile, db, account, pending[i], password, result.bytes);
            if (r.outcome == SendOutcome::Sent) {
                ++result.sent;
            } else {
                // The server is unreachable: the rest would fail the same way.
                result.stillQueued += static_cast<std::uint32_t>(pending.size() - i);
                result.errors.push_back(r.message);
                break;
            }
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Cancelled || e.kind() == ErrorKind::Auth || e.kind() == ErrorKind::Tls)
                throw;
            ++result.failed;
            result.errors.push_back("Outbox item " + std::to_string(pending[i].id) + ": " + e.what());
        }
    }
    return result;
}

std::vector<std::string> completeAddresses(const Profile& profile, const std::string& prefix,
                                           std::size_t limit) {
    store::Db db(profile.databasePath(), store::OpenMode::ReadOnly);
    return store::AddressBook(db).complete(prefix, limit);
}

std::vector<std::string> parseAddressList(const std::string& typed) {
    std::vector<std::string> out;
    for (const auto& a : mime::parseAddresses(typed, true)) out.push_back(mime::formatAddress(a));
    return out;
}

}  // namespace petrel::engine
