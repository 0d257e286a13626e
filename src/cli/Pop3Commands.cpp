// The POP3 side of the server commands (see ProtocolCommands.h). POP3 mail lives in local
// folders (sync/LocalMailbox.h); the server is reached only by sync, pop3 browse, and the
// commands that address the server's mailbox directly.
//
// The server's mailbox as a pseudo-folder: `--folder @server --uid N` names message N of the
// last `pop3 browse` listing (its POP3 message number, valid until the mailbox changes):
//   show NAME --folder @server --uid N     downloads it into the Inbox (once ever) and shows it
//   delete NAME --folder @server --uid N   deletes it on the server (DELE + QUIT)
// Any other folder is a local folder; `show` of a header-only local message (over the size
// limit) downloads the whole message first.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <iostream>

#include "cli/JobRunner.h"
#include "cli/JsonViews.h"
#include "cli/ProtocolCommands.h"
#include "engine/AccountSync.h"
#include "engine/MessageService.h"
#include "engine/Pop3Browse.h"
#include "engine/Pop3Resolve.h"
#include "engine/WorkerDatabase.h"
#include "mime/Charset.h"
#include "model/Error.h"
#include "store/MessageIndex.h"
#include "sync/LocalMailbox.h"

namespace petrel::cli {
namespace {
using model::Error;
using model::ErrorKind;
using nlohmann::json;

std::uint32_t requireUid(const CommandLine& cl) {
    auto uid = cl.number("uid", 1, 0xFFFFFFFFLL);
    if (!uid) throw Error(ErrorKind::Usage, "--uid is required");
    return static_cast<std::uint32_t>(*uid);
}

sync::LocalMailbox mailbox(CliContext& ctx) { return sync::LocalMailbox(ctx.db(), ctx.profile().cacheDirectory()); }

std::string writeOrInline(CliContext& ctx, const CommandLine& cl, const std::string& bytes, json& result) {
    if (auto path = cl.value("output")) {
        std::ofstream f(*path, std::ios::binary | std::ios::trunc);
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!f) throw Error(ErrorKind::Storage, "cannot write " + *path);
        result["output"] = *path;
        return "wrote " + std::to_string(bytes.size()) + " bytes to " + *path;
    }
    if (ctx.json()) {
        if (mime::isValidUtf8(bytes))
            result["data"] = bytes;
        else
            result["data_latin1"] = mime::latin1ToUtf8(bytes);
        return {};
    }
    ctx.out() << bytes;
    return {};
}

json syncHandler(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    engine::AccountSyncResult r;
    runAccountJob(ctx, account, engine::Lane::Background, "sync",
                  [&](engine::JobContext& job) { r = engine::syncAccount(job, ctx.profile(), account, cl.value("folder")); });
    json folders = json::array();
    for (const auto& f : r.folders) {
        folders.push_back({{"path", f.path},
                           {"added", f.added},
                           {"updated", f.updated},
                           {"removed", f.removed},
                           {"uidvalidity_reset", f.uidValidityReset},
                           {"header_only", f.headerOnly},
                           {"deleted_on_server", f.deletedOnServer}});
    }
    return {{"account", account.name},
            {"folders", folders},
            {"bytes_sent", r.bytes.sent},
            {"bytes_received", r.bytes.received}};
}

json browseHandler(CliContext& ctx, const model::AccountConfig& account, const CommandLine&) {
    engine::Pop3Listing listing;
    runAccountJob(ctx, account, engine::Lane::Interactive, "browse",
                  [&](engine::JobContext& job) { listing = engine::browsePop3Server(job, ctx.profile(), account); });
    const auto& entries = listing.messages;
    const auto& used = listing.bytes;
    json messages = json::array();
    for (const auto& e : entries) {
        messages.push_back({{"number", e.number},
                            {"uidl", e.uidl},
                            {"size", e.size},
                            {"from", e.from},
                            {"subject", e.subject},
                            {"date", isoTime(e.date)},
                            {"downloaded", e.downloaded},
                            {"over_size_limit", e.overSizeLimit}});
    }
    return {{"account", account.name}, {"messages", messages}, {"bytes_sent", used.sent},
            {"bytes_received", used.received}};
}

json showHandler(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = requireUid(cl);
    const auto cap = static_cast<std::uint32_t>(
        std::min<long long>(cl.number("max-bytes", 0, 1LL << 40).value_or(account.bodyCapBytes), 0xFFFFFFFFLL));
    engine::OpenedMessage r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "fetch", [&](engine::JobContext& job) {
        r = engine::openMessage(job, ctx.profile(), account, path, uid, cap);
    });
    // The CLI has always marked a shown POP3 message read (a local flag only).
    if (r.summary.unread())
        store::MessageIndex(ctx.db()).setFlags(r.folder.id, r.summary.uid, r.summary.flags | model::FlagSeen);
    json attachments = json::array();
    for (const auto& p : r.attachments)
        attachments.push_back({{"section", p.section}, {"name", p.fileName}, {"type", p.mimeType}, {"size", p.size}});
    const auto& s = r.summary;
    std::string textType = r.textType;
    if (textType.rfind("text/", 0) == 0) textType = textType.substr(5);  // JSON keeps the parser's "plain" / "html"
    return {{"account", account.name},
            {"folder", r.folder.path},
            {"uid", r.summary.uid},
            {"headers", {{"from", s.from}, {"to", s.to}, {"cc", s.cc}, {"subject", s.subject}, {"date", isoTime(s.date)}}},
            {"text", r.text},
            {"text_type", textType},
            {"partial", r.partial},
            {"remaining_bytes", r.remainingBytes},
            {"attachments", attachments},
            {"bytes_received", r.bytes.received}};
}

json partHandler(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = requireUid(cl);
    const std::string section = cl.require("section");
    std::optional<std::pair<std::uint64_t, std::uint64_t>> range;
    if (auto text = cl.value("range")) {
        auto colon = text->find(':');
        if (colon == std::string::npos) throw Error(ErrorKind::Usage, "--range is START:LEN");
        range = std::make_pair<std::uint64_t, std::uint64_t>(std::stoull(text->substr(0, colon)),
                                                             std::stoull(text->substr(colon + 1)));
    }
    std::ostringstream buffer;
    engine::PartWrite w;
    runAccountJob(ctx, account, engine::Lane::Interactive, "fetch", [&](engine::JobContext& job) {
        w = engine::writePart(job, ctx.profile(), account, path, uid, section, range, buffer);
    });
    const std::string bytes = buffer.str();
    json result = {{"account", account.name}, {"folder", w.folder.path}, {"uid", w.uid}, {"section", section},
                   {"size", bytes.size()}, {"bytes_received", w.bytes.received}};
    std::string msg = writeOrInline(ctx, cl, bytes, result);
    if (!msg.empty()) result["message"] = msg;
    return result;
}

json rawHandler(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = requireUid(cl);
    engine::Pop3Resolved r;
    std::string raw;
    runAccountJob(ctx, account, engine::Lane::Interactive, "fetch", [&](engine::JobContext& job) {
        store::Db& db = engine::workerDatabase(job, ctx.profile());
        r = engine::resolvePop3Message(job, db, ctx.profile(), account, path, uid);
        raw = engine::pop3RawMessage(db, ctx.profile(), r.message.id);
    });
    json result = {{"account", account.name}, {"folder", r.folder.path}, {"uid", r.message.uid},
                   {"size", raw.size()}, {"bytes_received", r.used.received}};
    std::string msg = writeOrInline(ctx, cl, raw, result);
    if (!msg.empty()) result["message"] = msg;
    return result;
}

json deleteHandler(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = requireUid(cl);
    engine::DeleteResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "delete", [&](engine::JobContext& job) {
        r = engine::deleteMessage(job, ctx.profile(), account, path, uid);
    });
    return {{"account", account.name}, {"folder", path}, {"uid", uid}, {"message", r.message}};
}

json moveCopy(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl, bool move) {
    const std::string path = cl.require("folder");
    if (path == engine::kPop3ServerFolder) throw Error(ErrorKind::Usage, "download the message first (show --folder @server)");
    auto mb = mailbox(ctx);
    auto from = mb.requireFolder(account.id, path);
    auto to = mb.requireFolder(account.id, cl.require("to"));
    auto m = mb.requireMessage(from, requireUid(cl));
    std::uint32_t newUid = move ? mb.move(m.id, to.id) : mb.copy(m.id, to.id);
    return {{"account", account.name}, {"folder", from.path}, {"uid", m.uid}, {"to", to.path}, {"new_uid", newUid},
            {"message", std::string(move ? "moved" : "copied") + " to " + to.path + " as uid " + std::to_string(newUid)}};
}

json markHandler(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    const std::string path = cl.require("folder");
    const std::uint32_t uid = requireUid(cl);
    std::vector<engine::MessageMark> marks;
    if (cl.flag("read")) marks.push_back(engine::MessageMark::Read);
    if (cl.flag("unread")) marks.push_back(engine::MessageMark::Unread);
    if (cl.flag("flag")) marks.push_back(engine::MessageMark::Flag);
    if (cl.flag("unflag")) marks.push_back(engine::MessageMark::Unflag);
    if (marks.empty()) {
        // Nothing to change: report the flags as they are.
        auto mb = mailbox(ctx);
        auto folder = mb.requireFolder(account.id, path);
        auto m = mb.requireMessage(folder, uid);
        return {{"account", account.name}, {"folder", folder.path}, {"uid", m.uid},
                {"flags", model::flagsToString(m.flags)}, {"message", "flags: " + model::flagsToString(m.flags)}};
    }
    engine::FlagsResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "mark", [&](engine::JobContext& job) {
        for (auto m : marks) r = engine::setFlags(job, ctx.profile(), account, path, uid, m);
    });
    return {{"account", account.name}, {"folder", r.folder.path}, {"uid", uid}, {"flags", model::flagsToString(r.flags)},
            {"message", "flags: " + model::flagsToString(r.flags)}};
}

}  // namespace

ProtocolHandlers pop3Handlers() {
    ProtocolHandlers h;
    h["sync"] = syncHandler;
    h["pop3 browse"] = browseHandler;
    h["show"] = showHandler;
    h["part"] = partHandler;
    h["raw"] = rawHandler;
    h["delete"] = deleteHandler;
    h["move"] = [](CliContext& ctx, const model::AccountConfig& a, const CommandLine& cl) {
        return moveCopy(ctx, a, cl, true);
    };
    h["copy"] = [](CliContext& ctx, const model::AccountConfig& a, const CommandLine& cl) {
        return moveCopy(ctx, a, cl, false);
    };
    h["mark"] = markHandler;
    h["folder create"] = [](CliContext& ctx, const model::AccountConfig& a, const CommandLine& cl) -> json {
        mailbox(ctx).ensureInbox(a.id);
        auto f = mailbox(ctx).createFolder(a.id, cl.positional()[1]);
        return {{"account", a.name}, {"folder", toJson(f)}, {"message", "created local folder " + f.path}};
    };
    h["folder delete"] = [](CliContext& ctx, const model::AccountConfig& a, const CommandLine& cl) -> json {
        mailbox(ctx).deleteFolder(a.id, cl.positional()[1], cl.flag("recursive"));
        return {{"account", a.name}, {"message", "deleted local folder " + cl.positional()[1]}};
    };
    h["folder rename"] = [](CliContext& ctx, const model::AccountConfig& a, const CommandLine& cl) -> json {
        mailbox(ctx).renameFolder(a.id, cl.positional()[1], cl.positional()[2]);
        return {{"account", a.name}, {"message", "renamed " + cl.positional()[1] + " to " + cl.positional()[2]}};
    };
    return h;
}

}  // namespace petrel::cli
