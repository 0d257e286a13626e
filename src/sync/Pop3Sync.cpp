#include "sync/Pop3Sync.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "mime/MessageParser.h"
#include "model/Error.h"
#include "net/Pop3Session.h"
#include "store/Db.h"
#include "store/MessageIndex.h"
#include "store/Pop3Ledger.h"
#include "store/Txn.h"

namespace petrel::sync {

using model::Error;
using model::ErrorKind;

Pop3Sync::Pop3Sync(store::Db& db, std::string cacheDir, model::AccountConfig account)
    : db_(db), account_(std::move(account)), mailbox_(db, std::move(cacheDir)) {}

bool Pop3Sync::wantsServerDeleteAfterLocalDelete() const {
    return account_.pop3Mode == model::Pop3Mode::Keep && account_.deleteOnLocalDelete;
}

namespace {

bool storedInFull(store::MessageIndex& index, std::int64_t messageId) {
    auto m = index.findById(messageId);
    return m && (m->cacheState & model::CachedFull) != 0;
}

}  // namespace

Pop3CheckResult Pop3Sync::check(net::Pop3Session& session, const Progress& progress,
                                const std::function<bool()>& cancelled) {
    Pop3CheckResult result;
    store::Pop3Ledger ledger(db_);
    const auto inbox = mailbox_.ensureInbox(account_.id);
    const auto listing = session.uidl();

    std::set<std::string> oldEnough;
    if (account_.pop3Mode == model::Pop3Mode::Keep && account_.leaveDays > 0)
        for (const auto& e : ledger.downloadedOlderThan(account_.id, account_.leaveDays, now())) oldEnough.insert(e.uidl);

    std::vector<net::Pop3Listing> fresh;
    std::vector<std::pair<std::uint32_t, std::string>> doomed;
    {
        // The whole ledger in two queries, not two per listed message (10,000 on a big mailbox).
        const auto known = ledger.entries(account_.id);
        const auto full = ledger.storedInFull(account_.id);
        store::Txn txn(db_);
        std::vector<std::string> present;
        present.reserve(listing.size());
        for (const auto& l : listing) {
            present.push_back(l.uidl);
            auto it = known.find(l.uidl);
            const store::Pop3LedgerEntry* e = it == known.end() ? nullptr : &it->second;
            if (!e) ledger.recordSeen(account_.id, l.uidl, 0, now());
            if (!e || !e->downloadedAt) {
                fresh.push_back(l);
                continue;
            }
            // Stored before. A local copy deleted since still counts as stored (never again).
            const bool stored = !e->localMessageId || full.count(l.uidl) > 0;
            bool remove = false;
            if (account_.pop3Mode == model::Pop3Mode::Delete)
                remove = stored;
            else if (!e->localMessageId && account_.deleteOnLocalDelete)
                remove = true;
            else if (oldEnough.count(l.uidl) && stored)
                remove = true;
            if (remove) doomed.emplace_back(l.number, l.uidl);
        }
        ledger.markMissingAsDeleted(account_.id, present, now());
        txn.commit();
    }

    if (!fresh.empty()) {
        const auto sizes = session.list();
        const std::uint64_t limit = std::uint64_t(account_.pop3SizeLimitKb) * 1024;
        std::map<std::uint32_t, std::string> uidlOf;
        std::vector<std::uint32_t> whole, headOnly;
        for (const auto& l : fresh) {
            uidlOf[l.number] = l.uidl;
            auto it = sizes.find(l.number);
            const std::uint64_t size = it == sizes.end() ? 0 : it->second;
            (limit && size > limit ? headOnly : whole).push_back(l.number);
        }
        const std::uint64_t total = fresh.size();

        // Messages are stored in batches, one transaction each: a message and its ledger row
        // commit together (so after the commit it is stored exactly once, and before it, not at
        // all), and a message is DELE'd only after the commit of its batch. A batch ends after
        // kBatchMessages messages, kBatchBytes bytes or kBatchTime, whichever comes first — on a
        // slow link that is about one message per transaction, so a kill loses little. When the
        // connection fails or the job is cancelled, what was received is committed first.
        std::optional<store::Txn> batch;
        std::uint32_t batchCount = 0;
        std::uint64_t batchBytes = 0;
        auto batchStart = std::chrono::steady_clock::now();
        std::vector<std::pair<std::uint32_t, std::string>> batchDoomed;
        auto commitBatch = [&] {
            if (!batch) return;
            batch->commit();
            batch.reset();
            doomed.insert(doomed.end(), batchDoomed.begin(), batchDoomed.end());
            batchDoomed.clear();
            batchCount = 0;
            batchBytes = 0;
            if (progress) progress("download", result.added, total);
        };
        bool storageFailed = false;
        auto storeOne = [&](std::uint32_t number, const std::string& bytes, bool complete) {
            if (cancelled && cancelled()) throw Error(ErrorKind::Cancelled, "Cancelled");
            const std::string& uidl = uidlOf[number];
            try {
                if (!batch) {
                    batch.emplace(db_);
                    batchStart = std::chrono::steady_clock::now();
                }
                const std::int64_t id = mailbox_.add(inbox.id, bytes, complete, account_.bodyCapBytes);
                ledger.markDownloaded(account_.id, uidl, id, now());
            } catch (...) {
                storageFailed = true;
                throw;
            }
            ++result.added;
            if (!complete) ++result.headerOnly;
            if (complete && account_.pop3Mode == model::Pop3Mode::Delete) batchDoomed.emplace_back(number, uidl);
            ++batchCount;
            batchBytes += bytes.size();
            if (batchCount >= kBatchMessages || batchBytes >= kBatchBytes ||
                std::chrono::steady_clock::now() - batchStart >= kBatchTime)
                commitBatch();
        };
        try {
            session.retr(whole, [&](std::uint32_t n, std::string bytes) { storeOne(n, bytes, true); });
            session.top(headOnly, kPreviewLines, [&](std::uint32_t n, std::string bytes) { storeOne(n, bytes, false); });
            commitBatch();
        } catch (...) {
            if (!storageFailed) commitBatch();  // keep what arrived whole; the rest comes next time
            throw;
        }
    }

    commitDeletions(session, doomed);
    result.deletedOnServer = static_cast<std::uint32_t>(doomed.size());
    return result;
}

void Pop3Sync::commitDeletions(net::Pop3Session& session,
                               const std::vector<std::pair<std::uint32_t, std::string>>& doomed) {
    std::vector<std::uint32_t> numbers;
    for (const auto& d : doomed) numbers.push_back(d.first);
    if (!numbers.empty()) session.dele(numbers);
    session.quit();  // +OK: the deletions are committed on the server
    if (doomed.empty()) return;
    store::Pop3Ledger ledger(db_);
    store::Txn txn(db_);
    for (const auto& d : doomed) ledger.markDeletedOnServer(account_.id, d.second, now());
    txn.commit();
}

std::vector<Pop3BrowseEntry> Pop3Sync::browse(net::Pop3Session& session) {
    const auto listing = session.uidl();
    const auto sizes = session.list();
    store::Pop3Ledger ledger(db_);
    const auto known = ledger.entries(account_.id);
    const auto full = ledger.storedInFull(account_.id);
    const std::uint64_t limit = std::uint64_t(account_.pop3SizeLimitKb) * 1024;
    std::vector<Pop3BrowseEntry> out;
    out.reserve(listing.size());
    std::unordered_map<std::uint32_t, std::size_t> position;
    position.reserve(listing.size());
    std::vector<std::uint32_t> numbers;
    numbers.reserve(listing.size());
    for (const auto& l : listing) {
        Pop3BrowseEntry e;
        e.number = l.number;
        e.uidl = l.uidl;
        if (auto it = sizes.find(l.number); it != sizes.end()) e.size = it->second;
        e.overSizeLimit = limit && e.size > limit;
        if (auto it = known.find(l.uidl); it != known.end() && it->second.downloadedAt && it->second.localMessageId) {
            e.localMessageId = it->second.localMessageId;
            e.downloaded = full.count(l.uidl) > 0;
        }
        position[l.number] = out.size();
        numbers.push_back(l.number);
        out.push_back(std::move(e));
    }
    session.top(numbers, 0, [&](std::uint32_t n, std::string bytes) {
        auto summary = mime::parseHeaderSummary(bytes);
        auto& e = out[position[n]];
        e.from = std::move(summary.from);
        e.subject = std::move(summary.subject);
        e.date = summary.date;
    });
    session.quit();
    return out;
}

std::int64_t Pop3Sync::fetchInto(net::Pop3Session& session, std::uint32_t number, const std::string& uidl) {
    store::Pop3Ledger ledger(db_);
    auto entry = ledger.find(account_.id, uidl);
    const std::string raw = session.retr(number);
    std::int64_t id = 0;
    store::Txn txn(db_);
    if (entry && entry->localMessageId && store::MessageIndex(db_).findById(*entry->localMessageId)) {
        id = *entry->localMessageId;
        mailbox_.completeMessage(id, raw, account_.bodyCapBytes);
    } else {
        id = mailbox_.add(mailbox_.ensureInbox(account_.id).id, raw, true, account_.bodyCapBytes);
        ledger.markDownloaded(account_.id, uidl, id, now());
    }
    txn.commit();
    std::vector<std::pair<std::uint32_t, std::string>> doomed;
    if (account_.pop3Mode == model::Pop3Mode::Delete) doomed.emplace_back(number, uidl);
    commitDeletions(session, doomed);
    return id;
}

std::int64_t Pop3Sync::downloadNumber(net::Pop3Session& session, std::uint32_t number) {
    store::MessageIndex index(db_);
    for (const auto& l : session.uidl()) {
        if (l.number != number) continue;
        auto entry = store::Pop3Ledger(db_).find(account_.id, l.uidl);
        if (entry && entry->localMessageId && storedInFull(index, *entry->localMessageId)) {
            session.quit();
            return *entry->localMessageId;  // stored already: never twice
        }
        return fetchInto(session, number, l.uidl);
    }
    throw Error(ErrorKind::NotFound, "there is no message " + std::to_string(number) + " on the server");
}

std::int64_t Pop3Sync::downloadLocal(net::Pop3Session& session, std::int64_t messageId) {
    auto entry = store::Pop3Ledger(db_).findByMessage(messageId);
    if (!entry) throw Error(ErrorKind::NotFound, "the message has no server copy to download");
    for (const auto& l : session.uidl())
        if (l.uidl == entry->uidl) return fetchInto(session, l.number, l.uidl);
    throw Error(ErrorKind::NotFound, "the message is no longer on the server; only its headers are stored");
}

void Pop3Sync::deleteNumber(net::Pop3Session& session, std::uint32_t number) {
    for (const auto& l : session.uidl()) {
        if (l.number == number) {
            commitDeletions(session, {{number, l.uidl}});
            return;
        }
    }
    throw Error(ErrorKind::NotFound, "there is no message " + std::to_string(number) + " on the server");
}

bool Pop3Sync::deleteUidl(net::Pop3Session& session, const std::string& uidl) {
    for (const auto& l : session.uidl()) {
        if (l.uidl == uidl) {
            commitDeletions(session, {{l.number, l.uidl}});
            return true;
        }
    }
    session.quit();
    return false;
}

bool Pop3Sync::deleteLocal(net::Pop3Session* session, std::int64_t messageId) {
    auto entry = store::Pop3Ledger(db_).findByMessage(messageId);
    mailbox_.remove(messageId);
    if (!session || !entry || entry->deletedOnServerAt || !wantsServerDeleteAfterLocalDelete()) return false;
    for (const auto& l : session->uidl()) {
        if (l.uidl == entry->uidl) {
            commitDeletions(*session, {{l.number, l.uidl}});
            return true;
        }
    }
    session->quit();
    return false;
}

}  // namespace petrel::sync
