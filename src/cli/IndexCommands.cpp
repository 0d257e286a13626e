// Commands answered from the local index alone: they work offline and cost no bytes.
#include <iomanip>
#include <iostream>

#include "cli/Command.h"
#include "cli/JsonViews.h"
#include "cli/ProtocolCommands.h"
#include "model/Error.h"
#include "store/AccountRepository.h"
#include "store/ByteCounters.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "engine/SearchService.h"
#include "sync/ImapSearchQuery.h"
#include <set>

namespace petrel::cli {
namespace {
using model::Error;
using model::ErrorKind;
using nlohmann::json;

model::AccountConfig requireAccount(store::Db& db, const std::string& name) {
    auto account = store::AccountRepository(db).findByName(name);
    if (!account) throw Error(ErrorKind::NotFound, "no account named '" + name + "'");
    return *account;
}

model::FolderInfo requireFolder(store::Db& db, const model::AccountConfig& account, const std::string& path) {
    auto folder = store::FolderRepository(db).find(account.id, path);
    if (!folder) {
        throw Error(ErrorKind::NotFound, "account '" + account.name + "' has no folder '" + path +
                                             "' (run 'petrel-cli sync " + account.name + "' first?)");
    }
    return *folder;
}

std::string oneAccountName(const CommandLine& cl, const char* command) {
    if (cl.positional().size() != 1) throw Error(ErrorKind::Usage, std::string(command) + " takes one account NAME");
    return cl.positional()[0];
}

json folders(CliContext& ctx, const CommandLine& cl) {
    auto account = requireAccount(ctx.db(), oneAccountName(cl, "folders"));
    json list = json::array();
    for (const auto& f : store::FolderRepository(ctx.db()).list(account.id)) list.push_back(toJson(f));
    return {{"account", account.name}, {"folders", list}};
}

void printFolders(std::ostream& out, const json& r) {
    out << std::left << std::setw(40) << "PATH" << "SEP  " << std::setw(9) << "USE" << "SUB  " << std::right
        << std::setw(8) << "TOTAL" << std::setw(8) << "UNREAD" << "\n";
    for (const auto& f : r["folders"]) {
        out << std::left << std::setw(40) << f["path"].get<std::string>() << std::setw(5)
            << f["separator"].get<std::string>() << std::setw(9) << f["special_use"].get<std::string>()
            << std::setw(5) << (f["subscribed"].get<bool>() ? "yes" : "no") << std::right << std::setw(8)
            << f["total"].get<unsigned>() << std::setw(8) << f["unread"].get<unsigned>() << "\n";
    }
}

store::SortKey parseSort(const std::string& s) {
    if (s == "date") return store::SortKey::Date;
    if (s == "from") return store::SortKey::From;
    if (s == "subject") return store::SortKey::Subject;
    if (s == "size") return store::SortKey::Size;
    throw Error(ErrorKind::Usage, "--sort must be date, from, subject or size, not '" + s + "'");
}

json list(CliContext& ctx, const CommandLine& cl) {
    auto account = requireAccount(ctx.db(), oneAccountName(cl, "list"));
    auto folder = requireFolder(ctx.db(), account, cl.require("folder"));
    store::PageQuery q;
    q.folderId = folder.id;
    q.sort = parseSort(cl.value("sort").value_or("date"));
    // Newest first is what a mail list shows by default; --reverse flips whatever the sort is.
    bool naturalDescending = q.sort == store::SortKey::Date || q.sort == store::SortKey::Size;
    q.descending = cl.flag("reverse") ? !naturalDescending : naturalDescending;
    q.unreadOnly = cl.flag("unread");
    q.offset = static_cast<std::uint32_t>(cl.number("offset", 0, 1LL << 31).value_or(0));
    q.limit = static_cast<std::uint32_t>(cl.number("limit", 1, 100000).value_or(50));
    store::MessageIndex index(ctx.db());
    json messages = json::array();
    for (const auto& m : index.page(q)) messages.push_back(toJson(m));
    return {{"account", account.name}, {"folder", folder.path}, {"total", index.count(q)},
            {"offset", q.offset}, {"messages", messages}};
}

void printMessages(std::ostream& out, const json& messages) {
    for (const auto& m : messages) {
        std::string date = m["date"].get<std::string>();
        out << std::right << std::setw(7) << m["uid"].get<unsigned>() << "  " << (m["unread"].get<bool>() ? "N" : " ")
            << (m["flagged"].get<bool>() ? "F" : " ") << (m["has_attachment"].get<bool>() ? "@" : " ") << "  "
            << std::left << std::setw(17) << date.substr(0, 16) << "  " << std::setw(28)
            << m["from"].get<std::string>().substr(0, 28) << "  " << m["subject"].get<std::string>() << "\n";
    }
}

void printList(std::ostream& out, const json& r) {
    out << r["folder"].get<std::string>() << ": " << r["total"].get<unsigned>() << " messages\n";
    printMessages(out, r["messages"]);
}

// search: local (FTS5 over the index and cached text), server (IMAP UID SEARCH, see
// sync/ImapSearchQuery.h for the syntax) or, by default, both: local hits first, then the
// server's that the index did not have. A server that cannot be reached in combined mode leaves
// the local hits and a "server_errors" entry instead of failing the search.
json search(CliContext& ctx, const CommandLine& cl) {
    if (cl.flag("local") && cl.flag("server")) throw Error(ErrorKind::Usage, "search takes --local or --server, not both");
    const auto& words = cl.positional();
    std::optional<model::AccountConfig> account;
    std::size_t queryStart = 0;
    if (words.size() >= 2) {
        account = requireAccount(ctx.db(), words[0]);
        queryStart = 1;
    }
    std::string query;
    for (std::size_t i = queryStart; i < words.size(); ++i) query += (query.empty() ? "" : " ") + words[i];
    if (query.empty()) throw Error(ErrorKind::Usage, "search needs a QUERY");
    std::optional<std::int64_t> folderId;
    if (auto path = cl.value("folder")) {
        if (!account) throw Error(ErrorKind::Usage, "--folder needs an account NAME before the query");
        folderId = requireFolder(ctx.db(), *account, *path).id;
    }
    const auto parsed = sync::parseSearchQuery(query);
    const bool wantLocal = !cl.flag("server");
    const bool wantServer = !cl.flag("local");
    store::FolderRepository folders(ctx.db());
    store::AccountRepository accounts(ctx.db());
    json hits = json::array();
    std::set<std::string> seen;
    auto key = [](const std::string& a, const std::string& f, std::uint32_t uid) {
        return a + "\x1f" + f + "\x1f" + std::to_string(uid);
    };
    if (wantLocal) {
        for (const auto& hit :
             engine::searchLocal(ctx.db(), parsed, account ? std::optional(account->id) : std::nullopt, folderId, 200)) {
            json j = toJson(hit.message);
            auto f = folders.findById(hit.message.folderId);
            auto a = f ? accounts.findById(f->accountId) : std::nullopt;
            j["folder"] = f ? f->path : "";
            j["account"] = a ? a->name : "";
            j["source"] = "local";
            seen.insert(key(j["account"], j["folder"], hit.message.uid));
            hits.push_back(j);
        }
    }
    json serverErrors = json::array();
    if (wantServer) {
        std::vector<model::AccountConfig> targets;
        if (account) {
            targets.push_back(*account);
        } else {
            targets = accounts.list();
        }
        static const ProtocolHandlers imap = imapHandlers();
        for (const auto& a : targets) {
            if (a.protocol != model::Protocol::Imap) {
                if (account && cl.flag("server"))
                    throw Error(ErrorKind::Usage, "server search needs an IMAP account ('" + a.name + "' is POP3)");
                continue;
            }
            std::vector<std::string> args{a.name};
            for (std::size_t i = queryStart; i < words.size(); ++i) args.push_back(words[i]);
            if (auto path = cl.value("folder")) {
                args.push_back("--folder");
                args.push_back(*path);
            }
            OptionSpec spec;
            spec.values = {"folder"};
            json r;
            try {
                r = imap.at("search")(ctx, a, CommandLine::parse(args, spec));
            } catch (const Error& e) {
                if (cl.flag("server") || e.kind() == ErrorKind::Usage || e.kind() == ErrorKind::Cancelled) throw;
                serverErrors.push_back({{"account", a.name}, {"error", e.what()}});
                continue;
            }
            for (auto& m : r["messages"]) {
                if (!seen.insert(key(m["account"], m["folder"], m["uid"].get<std::uint32_t>())).second) continue;
                m["source"] = "server";
                hits.push_back(m);
            }
        }
    }
    json out{{"query", query},
             {"source", cl.flag("local") ? "local" : cl.flag("server") ? "server" : "combined"},
             {"messages", hits}};
    if (!serverErrors.empty()) out["server_errors"] = serverErrors;
    return out;
}

void printSearch(std::ostream& out, const json& r) {
    out << r["messages"].size() << " " << r["source"].get<std::string>() << " matches for \""
        << r["query"].get<std::string>() << "\"\n";
    for (const auto& m : r["messages"]) {
        out << m.value("account", "") << "/" << m.value("folder", "") << "\t";
        if (m.contains("subject")) {
            printMessages(out, json::array({m}));
        } else {
            out << std::right << std::setw(7) << m.value("uid", 0u) << "  (not synced yet)\n";
        }
    }
    for (const auto& e : r.value("server_errors", json::array()))
        out << "server search failed for " << e.value("account", "") << ": " << e.value("error", "") << "\n";
}

json stats(CliContext& ctx, const CommandLine& cl) {
    if (cl.positional().size() > 1) throw Error(ErrorKind::Usage, "stats takes at most one account NAME");
    std::vector<model::AccountConfig> accounts;
    if (cl.positional().size() == 1) {
        accounts.push_back(requireAccount(ctx.db(), cl.positional()[0]));
    } else {
        accounts = store::AccountRepository(ctx.db()).list();
    }
    store::ByteCounters counters(ctx.db());
    json out = json::array();
    for (const auto& a : accounts) {
        json ops = json::array();
        for (const auto& c : counters.forAccount(a.id)) {
            ops.push_back({{"operation", c.operation}, {"sent", c.sent}, {"received", c.received}});
        }
        auto total = counters.total(a.id);
        out.push_back({{"account", a.name}, {"sent", total.sent}, {"received", total.received}, {"operations", ops}});
    }
    return {{"accounts", out}};
}

void printStats(std::ostream& out, const json& r) {
    out << std::left << std::setw(20) << "ACCOUNT" << std::setw(14) << "OPERATION" << std::right << std::setw(14)
        << "SENT" << std::setw(14) << "RECEIVED" << "\n";
    for (const auto& a : r["accounts"]) {
        for (const auto& op : a["operations"]) {
            out << std::left << std::setw(20) << a["account"].get<std::string>() << std::setw(14)
                << op["operation"].get<std::string>() << std::right << std::setw(14) << op["sent"].get<std::uint64_t>()
                << std::setw(14) << op["received"].get<std::uint64_t>() << "\n";
        }
        out << std::left << std::setw(20) << a["account"].get<std::string>() << std::setw(14) << "total"
            << std::right << std::setw(14) << a["sent"].get<std::uint64_t>() << std::setw(14)
            << a["received"].get<std::uint64_t>() << "\n";
    }
}

}  // namespace

std::vector<Command> indexCommands() {
    OptionSpec listOptions;
    listOptions.values = {"folder", "offset", "limit", "sort"};
    listOptions.flags = {"reverse", "unread"};
    OptionSpec searchOptions;
    searchOptions.values = {"folder"};
    searchOptions.flags = {"local", "server"};
    return {
        {"folders", {}, folders, printFolders},
        {"list", listOptions, list, printList},
        {"search", searchOptions, search, printSearch},
        {"stats", {}, stats, printStats},
    };
}

}  // namespace petrel::cli
