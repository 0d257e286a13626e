// Measures the message index at the size DESIGN §7 talks about (100,000 messages in a folder):
// bulk insert through MessageIndex (with all sort indexes and FTS), list pages at deep offsets
// for every order, counts, and full-text queries. Prints figures, the target beside each, and a
// raw-SQLite baseline with the ratio. Never fails on time: this machine is shared and noisy.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "model/FolderInfo.h"
#include "model/MessageSummary.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/Txn.h"

namespace fs = std::filesystem;
using namespace petrel;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kMessages = 100000;
constexpr int kBatch = 1000;
constexpr int kPageRuns = 7;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double medianOf(int runs, const std::function<void()>& fn) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        auto t = Clock::now();
        fn();
        times.push_back(msSince(t));
    }
    return median(times);
}

// Deterministic, mail-like data: a few thousand senders, Zipf-ish word choice so some words are
// common and most rare, reply/forward prefixes, five years of dates, sizes from 1 KB to MBs.
class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {
        static const char* common[] = {"meeting", "report", "invoice", "project", "update", "weekly", "review",
                                       "budget", "team", "plan", "release", "notes", "draft", "question",
                                       "schedule", "travel", "lunch", "contract", "design", "status"};
        for (const char* w : common) words_.emplace_back(w);
        static const char* syll[] = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "zu", "pe", "an", "el",
                                     "or", "is", "qu", "br", "st", "gr", "ch", "th"};
        std::uniform_int_distribution<int> s(0, 19), n(2, 4);
        while (words_.size() < 5000) {
            std::string w;
            for (int i = n(rng_); i > 0; --i) w += syll[s(rng_)];
            words_.push_back(w);
        }
        static const char* first[] = {"Anna", "Bernd", "Chloé", "David", "Émile", "Fatima", "Georg", "Hanna",
                                      "Igor", "Jana", "Kofi", "Lena", "Marta", "Nils", "Olga", "Pablo",
                                      "Quentin", "Rosa", "Sören", "Tomás", "Ulla", "Vera", "Wen", "Yusuf"};
        static const char* last[] = {"Müller", "Smith", "García", "Nowak", "Rossi", "Dubois", "Jensen", "Kim",
                                     "Silva", "Novák", "Okafor", "Larsen", "Schmidt", "Brown", "Ivanova",
                                     "Tanaka", "Costa", "Weber", "Fischer", "Moreau"};
        static const char* domains[] = {"example.com", "example.org", "mail.example.net", "corp.example",
                                        "lists.example.org"};
        for (const char* f : first)
            for (const char* l : last)
                for (const char* d : domains) {
                    std::string local = std::string(f) + "." + l;
                    std::transform(local.begin(), local.end(), local.begin(),
                                   [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
                    senders_.push_back(std::string(f) + " " + l + " <" + local + "@" + d + ">");
                }
    }

    const std::string& word() {
        // Zipf-like: index = n^3 skews strongly towards the first (common) words.
        std::uniform_real_distribution<double> u(0.0, 1.0);
        double x = u(rng_);
        auto i = static_cast<std::size_t>(x * x * x * static_cast<double>(words_.size()));
        return words_[std::min(i, words_.size() - 1)];
    }
    const std::string& sender() {
        std::uniform_int_distribution<std::size_t> d(0, senders_.size() - 1);
        return senders_[d(rng_)];
    }

    model::MessageSummary message(std::int64_t folderId, std::uint32_t uid) {
        model::MessageSummary m;
        m.folderId = folderId;
        m.uid = uid;
        std::uniform_int_distribution<int> pct(0, 99);
        m.flags = pct(rng_) < 30 ? 0u : static_cast<model::Flags>(model::FlagSeen);
        if (pct(rng_) < 5) m.flags |= model::FlagFlagged;
        std::lognormal_distribution<double> sz(9.5, 1.3);
        m.size = static_cast<std::uint64_t>(std::min(sz(rng_), 2.0e7)) + 300;
        // Arrival order follows UIDs over five years; the Date header wanders from it (clock
        // skew, delayed delivery, old mail moved in), so the date index is not append-only.
        const std::int64_t base = 1577836800;  // 2020-01-01
        std::normal_distribution<double> skew(0.0, 3.0 * 86400);
        m.internalDate = base + static_cast<std::int64_t>(uid) * (5LL * 365 * 86400 / kMessages);
        m.date = pct(rng_) < 2 ? 0 : m.internalDate - 60 + static_cast<std::int64_t>(skew(rng_));
        m.from = sender();
        m.to = sender();
        if (pct(rng_) < 30) m.to += ", " + sender();
        if (pct(rng_) < 20) m.cc = sender();
        std::string subject;
        int p = pct(rng_);
        if (p < 15)
            subject = "Re: ";
        else if (p < 20)
            subject = "Fwd: ";
        std::uniform_int_distribution<int> n(3, 8);
        for (int i = n(rng_); i > 0; --i) subject += word() + (i > 1 ? " " : "");
        m.subject = subject;
        m.messageId = "<" + std::to_string(uid) + "." + std::to_string(m.internalDate) + "@example.com>";
        if (p < 20) m.inReplyTo = "<" + std::to_string(uid - 1) + "@example.com>";
        m.hasAttachment = m.size > 100000;
        m.bodyStructure = m.hasAttachment ? R"([{"section":"1","type":"text/plain"},{"section":"2","type":"application/pdf"}])"
                                          : R"([{"section":"1","type":"text/plain"}])";
        return m;
    }

private:
    std::mt19937_64 rng_;
    std::vector<std::string> words_;
    std::vector<std::string> senders_;
};

void rawExec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::fprintf(stderr, "baseline: %s\n", err ? err : "?");
        sqlite3_free(err);
        std::exit(2);
    }
}

// The floor: the same rows through one prepared INSERT into a table with no index, no FTS.
double rawBaseline(const std::string& path, const std::vector<model::MessageSummary>& rows) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) std::exit(2);
    rawExec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    rawExec(db, "CREATE TABLE plain (folder_id INTEGER, uid INTEGER, flags INTEGER, keywords TEXT, size INTEGER, "
                "internal_date INTEGER, date INTEGER, from_addr TEXT, to_addr TEXT, cc_addr TEXT, subject TEXT, "
                "message_id TEXT, in_reply_to TEXT, refs TEXT, has_attachment INTEGER, body_structure TEXT, "
                "cache_state INTEGER)");
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO plain VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, nullptr);
    auto start = Clock::now();
    for (std::size_t i = 0; i < rows.size(); i += kBatch) {
        rawExec(db, "BEGIN");
        for (std::size_t j = i; j < std::min(rows.size(), i + kBatch); ++j) {
            const auto& m = rows[j];
            auto text = [&](int idx, const std::string& s) {
                sqlite3_bind_text(st, idx, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
            };
            sqlite3_bind_int64(st, 1, m.folderId);
            sqlite3_bind_int64(st, 2, m.uid);
            sqlite3_bind_int64(st, 3, m.flags);
            text(4, m.keywords);
            sqlite3_bind_int64(st, 5, static_cast<sqlite3_int64>(m.size));
            sqlite3_bind_int64(st, 6, m.internalDate);
            sqlite3_bind_int64(st, 7, m.date);
            text(8, m.from);
            text(9, m.to);
            text(10, m.cc);
            text(11, m.subject);
            text(12, m.messageId);
            text(13, m.inReplyTo);
            text(14, m.references);
            sqlite3_bind_int(st, 15, m.hasAttachment ? 1 : 0);
            text(16, m.bodyStructure);
            sqlite3_bind_int64(st, 17, m.cacheState);
            if (sqlite3_step(st) != SQLITE_DONE) std::exit(2);
            sqlite3_reset(st);
        }
        rawExec(db, "COMMIT");
    }
    double ms = msSince(start);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ms;
}

std::int64_t makeInbox(store::Db& db) {
    store::AccountRepository accounts(db);
    model::AccountConfig account;
    account.name = "bench";
    account.incoming.host = "imap.example.com";
    account.incoming.port = 993;
    const auto accountId = accounts.add(account);
    store::FolderRepository folders(db);
    model::FolderInfo inbox;
    inbox.accountId = accountId;
    inbox.path = "INBOX";
    return folders.upsert(inbox);
}

// Batches of kBatch through upsertBatch; the caller opens a transaction around every
// `batchesPerCommit` batches when that is more than one.
double insertAll(store::MessageIndex& index, const std::vector<model::MessageSummary>& rows, int batchesPerCommit,
                 store::Db* db = nullptr) {
    std::vector<model::MessageSummary> batch;
    std::unique_ptr<store::Txn> txn;
    auto start = Clock::now();
    int inTxn = 0;
    for (std::size_t i = 0; i < rows.size(); i += kBatch) {
        if (batchesPerCommit > 1 && !txn) txn = std::make_unique<store::Txn>(*db);
        batch.assign(rows.begin() + static_cast<std::ptrdiff_t>(i),
                     rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), i + kBatch)));
        index.upsertBatch(batch);
        if (txn && ++inTxn == batchesPerCommit) {
            txn->commit();
            txn.reset();
            inTxn = 0;
        }
    }
    if (txn) txn->commit();
    return msSince(start);
}

const char* keyName(store::SortKey k) {
    switch (k) {
    case store::SortKey::Date: return "date";
    case store::SortKey::From: return "from";
    case store::SortKey::Subject: return "subject";
    case store::SortKey::Size: return "size";
    }
    return "?";
}

}  // namespace

int main() {
    char tmpl[] = "/tmp/petrel-bench-XXXXXX";
    const char* dirName = mkdtemp(tmpl);
    if (!dirName) {
        std::perror("mkdtemp");
        return 2;
    }
    const fs::path dir(dirName);
    std::printf("bench_store_index: %d messages in one folder, batches of %d, temp dir %s\n", kMessages, kBatch,
                dirName);
    std::printf("SQLite %s\n\n", sqlite3_libversion());

    Generator gen(20240601);
    std::vector<model::MessageSummary> rows;
    rows.reserve(kMessages);

    double insertMs = 0;
    std::int64_t folderId = 0;
    {
        store::Db db((dir / "index.db").string());
        store::FolderRepository folders(db);
        folderId = makeInbox(db);
        for (int i = 0; i < kMessages; ++i) rows.push_back(gen.message(folderId, static_cast<std::uint32_t>(i + 1)));
        // A handful of messages carry a word found nowhere else.
        for (int i = 0; i < kMessages; i += 20011) rows[static_cast<std::size_t>(i)].subject += " zanzibar";

        store::MessageIndex index(db);
        insertMs = insertAll(index, rows, 1);
        folders.recount(folderId);
    }
    // The same rows again, into fresh databases, with the caller holding one transaction
    // around several batches (fewer commits): shows how much of the time is per-commit.
    std::vector<std::pair<int, double>> grouped;
    for (int batchesPerCommit : {10, 100}) {
        const auto path = (dir / ("grouped" + std::to_string(batchesPerCommit) + ".db")).string();
        store::Db db(path);
        makeInbox(db);
        store::MessageIndex index(db);
        grouped.emplace_back(batchesPerCommit, insertAll(index, rows, batchesPerCommit, &db));
    }
    const double baselineMs = rawBaseline((dir / "baseline.db").string(), rows);
    std::printf("insert %d via MessageIndex::upsertBatch, one commit per batch:  %8.1f ms   target < 1500 ms\n",
                kMessages, insertMs);
    std::printf("insert %d raw prepared INSERT, plain table (baseline):          %8.1f ms   ratio %.1fx\n",
                kMessages, baselineMs, insertMs / baselineMs);
    for (const auto& [perCommit, ms] : grouped)
        std::printf("  same, caller transaction around every %3d batches (%3d commits): %8.1f ms   ratio %.1fx\n",
                    perCommit, kMessages / kBatch / perCommit, ms, ms / baselineMs);
    std::printf("\n");

    // A fresh connection, as the UI would have: nothing warm except the OS page cache.
    store::Db db((dir / "index.db").string(), store::OpenMode::ReadOnly);
    store::MessageIndex index(db);

    std::printf("page reads, limit 50: the first read at that spot (a jump walks the index from the nearest\n"
                "known point: the list's start or end, or a page read before) and the median of %d reads;\n"
                "target < 5 ms each\n", kPageRuns);
    std::printf("%-8s %-5s %-7s %8s %10s %10s %6s\n", "sort", "dir", "filter", "offset", "first ms", "median ms",
                "rows");
    double worst = 0;
    double worstFirst = 0;
    for (auto key : {store::SortKey::Date, store::SortKey::From, store::SortKey::Subject, store::SortKey::Size}) {
        for (bool unread : {false, true}) {
            for (bool desc : {false, true}) {
                store::PageQuery q;
                q.folderId = folderId;
                q.sort = key;
                q.descending = desc;
                q.unreadOnly = unread;
                q.limit = 50;
                const std::uint32_t total = index.count(q);
                for (std::uint32_t offset : {0u, 50000u, 99950u}) {
                    // With the unread filter there are ~30,000 rows: read the same relative spots.
                    q.offset = unread ? static_cast<std::uint32_t>(static_cast<std::uint64_t>(offset) * total / kMessages)
                                      : offset;
                    std::size_t n = 0;
                    auto t = Clock::now();
                    n = index.page(q).size();
                    const double first = msSince(t);
                    double ms = medianOf(kPageRuns, [&] { n = index.page(q).size(); });
                    worst = std::max(worst, ms);
                    worstFirst = std::max(worstFirst, first);
                    std::printf("%-8s %-5s %-7s %8u %10.3f %10.3f %6zu\n", keyName(key), desc ? "desc" : "asc",
                                unread ? "unread" : "all", q.offset, first, ms, n);
                }
            }
        }
    }
    std::printf("worst first read: %.3f ms, worst median: %.3f ms   target < 5 ms\n", worstFirst, worst);
    std::printf("\n");

    store::PageQuery all;
    all.folderId = folderId;
    store::PageQuery unread = all;
    unread.unreadOnly = true;
    std::uint32_t nAll = 0, nUnread = 0;
    {
        // A write from another connection makes every cached count and anchor stale.
        store::Db writer((dir / "index.db").string());
        store::MessageIndex w(writer);
        w.setFlags(folderId, 1, model::FlagSeen);
    }
    auto t = Clock::now();
    nAll = index.count(all);
    const double countAllFirst = msSince(t);
    t = Clock::now();
    nUnread = index.count(unread);
    const double countUnreadFirst = msSince(t);
    double countAll = medianOf(kPageRuns, [&] { nAll = index.count(all); });
    double countUnread = medianOf(kPageRuns, [&] { nUnread = index.count(unread); });
    std::printf("count all    %6u: first after a change %7.3f ms, then %7.3f ms\n", nAll, countAllFirst, countAll);
    std::printf("count unread %6u: first after a change %7.3f ms, then %7.3f ms\n", nUnread, countUnreadFirst,
                countUnread);
    store::PageQuery deep = all;
    deep.offset = 99950;
    deep.limit = 50;
    std::printf("page date/desc at 99950 right after another change: %.3f ms\n\n", [&] {
        store::Db writer((dir / "index.db").string());
        store::MessageIndex w(writer);
        w.setFlags(folderId, 2, model::FlagSeen);
        auto t2 = Clock::now();
        index.page(deep);
        return msSince(t2);
    }());

    std::printf("full-text search, limit 50, median of 5 (target < 20 ms); newest first is the default order\n");
    std::printf("%-28s %-20s %12s %6s %15s %6s\n", "query", "input", "newest ms", "hits", "relevance ms", "hits");
    struct Q {
        const char* label;
        std::string text;
        std::optional<std::int64_t> folder;
    };
    const std::vector<Q> queries = {
        {"common word", "meeting", std::nullopt},
        {"common word, folder filter", "meeting", folderId},
        {"rare word", "zanzibar", std::nullopt},
        {"prefix (as you type)", "mee", std::nullopt},
        {"two words", "weekly report", std::nullopt},
        {"sender name + prefix", "anna mül", std::nullopt},
        {"diacritics folded", "chloe", std::nullopt},
        {"hostile input", "AND ( \" NEAR *", std::nullopt},
    };
    for (const auto& q : queries) {
        std::size_t hits = 0, hitsRel = 0;
        double ms = medianOf(5, [&] { hits = index.search(q.text, std::nullopt, q.folder, 50).size(); });
        double rel = medianOf(5, [&] {
            hitsRel = index.search(q.text, std::nullopt, q.folder, 50, store::SearchOrder::Relevance).size();
        });
        std::printf("%-28s %-20s %12.3f %6zu %15.3f %6zu\n", q.label, ("\"" + q.text + "\"").c_str(), ms, hits, rel,
                    hitsRel);
    }

    if (std::getenv("PETREL_BENCH_KEEP")) {
        std::printf("\nkept %s (PETREL_BENCH_KEEP)\n", dirName);
    } else {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    return 0;
}
