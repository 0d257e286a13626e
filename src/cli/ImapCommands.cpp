// The IMAP side of the server commands (MailCommands.cpp parses them): each runs as one job on
// the account's worker thread, with its own session, and books its wire bytes per operation.
#include <filesystem>
#include <map>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/JobRunner.h"
#include "cli/JsonViews.h"
#include "cli/ProtocolCommands.h"
#include "engine/AccountSync.h"
#include "engine/BookedImap.h"
#include "engine/FolderService.h"
#include "engine/MessageTransfer.h"
#include "engine/ImapJobSession.h"
#include "engine/MessageService.h"
#include "engine/OfflineOps.h"
#include "engine/SearchService.h"
#include "engine/WorkerDatabase.h"
#include "model/Error.h"
#include "net/ImapSession.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "store/PartCache.h"
#include "store/Txn.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderOps.h"
#include "sync/ImapFolderSync.h"
#include "sync/ImapMessageOps.h"
#include "sync/ImapMessageReader.h"
#include "sync/ImapSearchQuery.h"

namespace petrel::cli {
namespace {

using model::Error;
using model::ErrorKind;
using nlohmann::json;

using LazySession = engine::ImapJobSession;

// Runs body on the account's worker with a lazy session and books the bytes under `operation`
// (also when the body fails: a metered link paid for them anyway).
json runImap(CliContext& ctx, const model::AccountConfig& account, engine::Lane lane, const std::string& operation,
             const std::function<json(LazySession&, store::Db&, engine::JobContext&)>& body) {
    json result;
    runAccountJob(ctx, account, lane, operation, [&](engine::JobContext& job) {
        store::Db& db = engine::workerDatabase(job, ctx.profile());
        const net::WireBytes b = engine::withBookedImap(job, db, account, operation, std::nullopt,
                                                        [&](LazySession& session) { result = body(session, db, job); });
        result["bytes_sent"] = b.sent;
        result["bytes_received"] = b.received;
    });
    return result;
}

std::uint32_t uidOption(const CommandLine& cl) {
    return static_cast<std::uint32_t>(*cl.number("uid", 1, 4294967295LL));
}

json folderJson(const engine::FolderSyncSummary& r) {
    return {{"path", r.path},
            {"added", r.added},
            {"updated", r.updated},
            {"removed", r.removed},
            {"uidvalidity_reset", r.uidValidityReset}};
}

json syncCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    engine::AccountSyncResult r;
    runAccountJob(ctx, account, engine::Lane::Background, "sync",
                  [&](engine::JobContext& job) { r = engine::syncAccount(job, ctx.profile(), account, cl.value("folder")); });
    json folders = json::array();
    for (const auto& f : r.folders) folders.push_back(folderJson(f));
    return json{{"account", account.name},
                {"folders", folders},
                {"conflicts", r.conflicts},
                {"bytes_sent", r.bytes.sent},
                {"bytes_received", r.bytes.received}};
}

json showCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = uidOption(cl);
    const auto cap = static_cast<std::uint32_t>(cl.number("max-bytes", 1, 1LL << 31).value_or(account.bodyCapBytes));
    engine::OpenedMessage r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "open", [&](engine::JobContext& job) {
        r = engine::openMessage(job, ctx.profile(), account, path, uid, cap);
    });
    json attachments = json::array();
    for (const auto& p : r.attachments)
        attachments.push_back({{"section", p.section}, {"name", p.fileName}, {"type", p.mimeType}, {"size", p.size}});
    return json{{"account", account.name},
                {"folder", r.folder.path},
                {"uid", uid},
                {"headers",
                 {{"from", r.summary.from},
                  {"to", r.summary.to},
                  {"cc", r.summary.cc},
                  {"subject", r.summary.subject},
                  {"date", isoTime(r.summary.date)}}},
                {"text", r.text},
                {"text_type", r.textType},
                {"partial", r.partial},
                {"remaining_bytes", r.remainingBytes},
                {"attachments", attachments},
                {"bytes_sent", r.bytes.sent},
                {"bytes_received", r.bytes.received}};
}

// Writes to --output (via a temporary file renamed into place) or to stdout in text mode.
template <class F>
json withOutput(CliContext& ctx, const CommandLine& cl, F&& write) {
    const auto output = cl.value("output");
    if (!output) {
        if (ctx.json()) throw Error(ErrorKind::Usage, "--json needs --output FILE for message bytes");
        std::ostringstream buffer;
        const std::uint64_t n = write(buffer);
        ctx.out() << buffer.str();
        ctx.out().flush();
        return json{{"bytes_written", n}};
    }
    const std::string tmp = *output + ".part";
    std::uint64_t n = 0;
    {
        std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
        if (!file) throw Error(ErrorKind::Storage, "Cannot write '" + *output + "'");
        try {
            n = write(file);
        } catch (...) {
            file.close();
            std::filesystem::remove(tmp);
            throw;
        }
        file.flush();
        if (!file) throw Error(ErrorKind::Storage, "Writing '" + *output + "' failed (disk full?)");
    }
    std::filesystem::rename(tmp, *output);
    return json{{"bytes_written", n}, {"output", *output}};
}

std::pair<std::uint64_t, std::uint64_t> parseRange(const std::string& text) {
    const auto colon = text.find(':');
    try {
        if (colon == std::string::npos || colon == 0 || colon + 1 >= text.size()) throw std::invalid_argument("");
        std::size_t used = 0;
        const auto start = std::stoull(text.substr(0, colon), &used);
        if (used != colon) throw std::invalid_argument("");
        const auto len = std::stoull(text.substr(colon + 1), &used);
        if (used != text.size() - colon - 1 || len == 0) throw std::invalid_argument("");
        return {start, len};
    } catch (const std::logic_error&) {
        throw Error(ErrorKind::Usage, "--range wants START:LEN (bytes), e.g. 0:4096, not '" + text + "'");
    }
}

json partCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = uidOption(cl);
    const std::string section = cl.require("section");
    std::optional<std::pair<std::uint64_t, std::uint64_t>> range;
    if (auto r = cl.value("range")) range = parseRange(*r);
    net::WireBytes used;
    // Printing happens after the job: the worker must not write to our streams.
    std::string printed;
    auto write = [&](std::ostream& o) {
        std::uint64_t n = 0;
        engine::PartWrite w;
        runAccountJob(ctx, account, engine::Lane::Interactive, "attachment", [&](engine::JobContext& job) {
            w = engine::writePart(job, ctx.profile(), account, path, uid, section, range, o);
        });
        n = w.bytesWritten;
        used = w.bytes;
        return n;
    };
    json r;
    if (cl.value("output")) {
        r = withOutput(ctx, cl, write);
    } else {
        if (ctx.json()) throw Error(ErrorKind::Usage, "--json needs --output FILE for message bytes");
        std::ostringstream buffer;
        r = json{{"bytes_written", write(buffer)}};
        printed = buffer.str();
    }
    r["account"] = account.name;
    r["section"] = section;
    r["decoded"] = !range.has_value();
    r["message"] = "wrote " + std::to_string(r["bytes_written"].get<std::uint64_t>()) + " bytes" +
                   (cl.value("output") ? " to " + *cl.value("output") : std::string());
    r["bytes_sent"] = used.sent;
    r["bytes_received"] = used.received;
    json out = r;
    if (!printed.empty() || !cl.value("output")) {
        ctx.out() << printed;
        out.erase("message");
    }
    return out;
}

json rawCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = uidOption(cl);
    std::string printed;
    json out = runImap(ctx, account, engine::Lane::Interactive, "open", [&](LazySession& s, store::Db& db,
                                                                            engine::JobContext&) {
        store::PartCache cache(db, ctx.profile().cacheDirectory());
        auto folder = sync::findImapFolder(nullptr, db, account, path);
        sync::ImapMessageReader reader([&s]() -> net::ImapSession& { return s.get(); }, db, cache, account);
        auto write = [&](std::ostream& o) { return reader.writeRaw(folder, uid, o); };
        json r;
        if (cl.value("output")) {
            r = withOutput(ctx, cl, write);
            r["message"] = "wrote " + std::to_string(r["bytes_written"].get<std::uint64_t>()) + " bytes to " +
                           *cl.value("output");
        } else {
            if (ctx.json()) throw Error(ErrorKind::Usage, "--json needs --output FILE for message bytes");
            std::ostringstream buffer;
            r = json{{"bytes_written", write(buffer)}};
            printed = buffer.str();
        }
        r["account"] = account.name;
        return r;
    });
    if (!cl.value("output")) ctx.out() << printed;
    return out;
}

json markCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = uidOption(cl);
    std::vector<std::pair<sync::ImapMark, const char*>> marks;
    if (cl.flag("read")) marks.emplace_back(sync::ImapMark::Read, "read");
    if (cl.flag("unread")) marks.emplace_back(sync::ImapMark::Unread, "unread");
    if (cl.flag("flag")) marks.emplace_back(sync::ImapMark::Flag, "flagged");
    if (cl.flag("unflag")) marks.emplace_back(sync::ImapMark::Unflag, "unflagged");
    if (marks.size() != 1) throw Error(ErrorKind::Usage, "mark takes exactly one of --read --unread --flag --unflag");
    static const std::map<sync::ImapMark, engine::MessageMark> kMarks{
        {sync::ImapMark::Read, engine::MessageMark::Read},
        {sync::ImapMark::Unread, engine::MessageMark::Unread},
        {sync::ImapMark::Flag, engine::MessageMark::Flag},
        {sync::ImapMark::Unflag, engine::MessageMark::Unflag}};
    engine::FlagsResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "sync", [&](engine::JobContext& job) {
        r = engine::setFlags(job, ctx.profile(), account, path, uid, kMarks.at(marks[0].first));
    });
    return json{{"account", account.name}, {"folder", path}, {"uid", uid}, {"flags", model::flagsToString(r.flags)},
                {"queued", r.queued},
                {"message", r.queued ? "queued: mark UID " + std::to_string(uid) + " " + marks[0].second +
                                           " will be sent at the next sync"
                                     : "marked UID " + std::to_string(uid) + " " + marks[0].second},
                {"bytes_sent", r.bytes.sent}, {"bytes_received", r.bytes.received}};
}

json moveCopyCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl, bool move) {
    const std::string path = cl.require("folder");
    const std::string to = cl.require("to");
    const std::uint32_t uid = uidOption(cl);
    engine::TransferResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "sync", [&](engine::JobContext& job) {
        r = engine::transferMessage(job, ctx.profile(), account, path, uid, to, move);
    });
    return json{{"account", account.name}, {"folder", path}, {"uid", uid}, {"to", to}, {"queued", r.queued},
                {"message", r.queued ? std::string("queued: ") + (move ? "move" : "copy") + " of UID " +
                                           std::to_string(uid) + " to " + to + " will be sent at the next sync"
                                     : std::string(move ? "moved" : "copied") + " UID " + std::to_string(uid) +
                                           " to " + to},
                {"bytes_sent", r.bytes.sent}, {"bytes_received", r.bytes.received}};
}

json deleteCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = uidOption(cl);
    engine::DeleteResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "sync", [&](engine::JobContext& job) {
        r = engine::deleteMessage(job, ctx.profile(), account, path, uid);
    });
    return json{{"account", account.name}, {"folder", path}, {"uid", uid}, {"result", r.how}, {"queued", r.queued},
                {"message", r.message}, {"bytes_sent", r.bytes.sent}, {"bytes_received", r.bytes.received}};
}

json folderCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl,
                   const std::string& what) {
    const auto& words = cl.positional();
    json r{{"account", account.name}};
    engine::FolderChange change;
    runAccountJob(ctx, account, engine::Lane::Interactive, "sync", [&](engine::JobContext& job) {
        if (what == "create") {
            change = engine::createFolder(job, ctx.profile(), account, words[1]);
        } else if (what == "delete") {
            change = engine::deleteFolder(job, ctx.profile(), account, words[1], cl.flag("recursive"));
        } else if (what == "rename") {
            change = engine::renameFolder(job, ctx.profile(), account, words[1], words[2]);
        } else {
            change = engine::setFolderSubscribed(job, ctx.profile(), account, words[1], what == "subscribe");
        }
    });
    if (what == "create") {
        r["folder"] = toJson(*change.folder);
        r["message"] = "created " + change.folder->path;
    } else if (what == "delete") {
        r["deleted"] = change.paths;
        r["message"] = "deleted " + std::to_string(change.paths.size()) + " folder(s)";
    } else if (what == "rename") {
        r["from"] = words[1];
        r["to"] = words[2];
        r["message"] = "renamed " + words[1] + " to " + words[2];
    } else {
        const bool on = what == "subscribe";
        r["folder"] = words[1];
        r["subscribed"] = on;
        r["message"] = std::string(on ? "subscribed to " : "unsubscribed from ") + words[1];
    }
    r["bytes_sent"] = change.bytes.sent;
    r["bytes_received"] = change.bytes.received;
    return r;
}

// Server search; a handler so IndexCommands' `search` can reach it without a new header.
// Positional: [NAME] QUERY...; --folder limits it to one folder, else every subscribed,
// selectable folder of the account (engine::searchServer, shared with the GUI).
json searchCommand(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const auto& words = cl.positional();
    std::string text;
    for (std::size_t i = 1; i < words.size(); ++i) text += (text.empty() ? "" : " ") + words[i];
    const auto query = sync::parseSearchQuery(text);
    const auto only = cl.value("folder");
    engine::ServerSearchResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "search", [&](engine::JobContext& job) {
        r = engine::searchServer(job, ctx.profile(), account, query, only, false);
    });
    json hits = json::array();
    for (const auto& hit : r.hits) {
        json j = hit.message ? toJson(*hit.message) : json{{"uid", hit.uid}};
        j["folder"] = hit.folderPath;
        j["account"] = account.name;
        hits.push_back(j);
    }
    return json{{"account", account.name},
                {"messages", hits},
                {"bytes_sent", r.bytes.sent},
                {"bytes_received", r.bytes.received}};
}

}  // namespace

ProtocolHandlers imapHandlers() {
    return {
        {"sync", syncCommand},
        {"show", showCommand},
        {"part", partCommand},
        {"raw", rawCommand},
        {"mark", markCommand},
        {"move", [](CliContext& c, const model::AccountConfig& a, const CommandLine& l) { return moveCopyCommand(c, a, l, true); }},
        {"copy", [](CliContext& c, const model::AccountConfig& a, const CommandLine& l) { return moveCopyCommand(c, a, l, false); }},
        {"delete", deleteCommand},
        {"folder create", [](CliContext& c, const model::AccountConfig& a, const CommandLine& l) { return folderCommand(c, a, l, "create"); }},
        {"folder delete", [](CliContext& c, const model::AccountConfig& a, const CommandLine& l) { return folderCommand(c, a, l, "delete"); }},
        {"folder rename", [](CliContext& c, const model::AccountConfig& a, const CommandLine& l) { return folderCommand(c, a, l, "rename"); }},
        {"folder subscribe", [](CliContext& c, const model::AccountConfig& a, const CommandLine& l) { return folderCommand(c, a, l, "subscribe"); }},
        {"folder unsubscribe", [](CliContext& c, const model::AccountConfig& a, const CommandLine& l) { return folderCommand(c, a, l, "unsubscribe"); }},
        {"search", searchCommand},
    };
}

}  // namespace petrel::cli
