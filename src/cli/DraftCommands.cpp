// draft save | list | show | send
#include "cli/JobRunner.h"
#include "cli/SendCommandSupport.h"
#include "engine/DraftService.h"
#include "engine/SendService.h"
#include "model/Error.h"

namespace petrel::cli {
namespace {

using model::Error;
using model::ErrorKind;
using nlohmann::json;

// The account's drafts folder as `draft list` names it.
std::string draftsFolder(CliContext& ctx, const model::AccountConfig& account) {
    engine::DraftList list;
    runAccountJob(ctx, account, engine::Lane::Interactive, "draft",
                  [&](engine::JobContext& job) { list = engine::listDrafts(job, ctx.profile(), account); });
    return list.folder;
}

// --folder defaults to the account's drafts folder.
model::DraftRef draftArgument(CliContext& ctx, const model::AccountConfig& account, const CommandLine& cl) {
    model::DraftRef ref;
    ref.uid = uidArgument(cl);
    if (auto folder = cl.value("folder")) {
        ref.folderPath = *folder;
    } else {
        ref.folderPath = draftsFolder(ctx, account);
    }
    return ref;
}

json saveCommand(CliContext& ctx, const CommandLine& cl) {
    auto account = accountArgument(ctx, cl, "draft save");
    model::OutgoingMessage m = addressedMessage(account, cl);
    m.subject = cl.value("subject").value_or("");
    m.body = readBody(ctx, cl, false);
    m.attachments = attachOption(cl);
    if (cl.value("replace")) {
        m.replacesDraft.uid = static_cast<std::uint32_t>(*cl.number("replace", 1, 0xFFFFFFFFLL));
        m.replacesDraft.folderPath = cl.value("folder").value_or("");
        if (m.replacesDraft.folderPath.empty()) {
            m.replacesDraft.folderPath = draftsFolder(ctx, account);
        }
    }
    return saveDraftJson(ctx, account, m);
}

json listCommand(CliContext& ctx, const CommandLine& cl) {
    auto account = accountArgument(ctx, cl, "draft list");
    engine::DraftList list;
    runAccountJob(ctx, account, engine::Lane::Interactive, "draft",
                  [&](engine::JobContext& job) { list = engine::listDrafts(job, ctx.profile(), account); });
    json drafts = json::array();
    for (const auto& d : list.drafts)
        drafts.push_back(
            {{"uid", d.uid}, {"to", d.to}, {"subject", d.subject}, {"date", d.date}, {"size", d.size}});
    return json{{"account", account.name}, {"folder", list.folder}, {"drafts", drafts}};
}

json showCommand(CliContext& ctx, const CommandLine& cl) {
    auto account = accountArgument(ctx, cl, "draft show");
    const auto ref = draftArgument(ctx, account, cl);
    model::OutgoingMessage m;
    runAccountJob(ctx, account, engine::Lane::Interactive, "open",
                  [&](engine::JobContext& job) { m = engine::openDraft(job, ctx.profile(), account, ref); });
    json r = outgoingJson(m);
    r["account"] = account.name;
    return r;
}

json sendDraftCommand(CliContext& ctx, const CommandLine& cl) {
    auto account = accountArgument(ctx, cl, "draft send");
    const auto ref = draftArgument(ctx, account, cl);
    engine::SendResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "send", [&](engine::JobContext& job) {
        auto m = engine::openDraft(job, ctx.profile(), account, ref);
        r = engine::sendMessage(job, ctx.profile(), account, m, cl.flag("queue"));
    });
    return sendResultJson(account, r);
}

void printList(std::ostream& out, const json& r) {
    out << r.value("folder", "") << ":\n";
    for (const auto& d : r["drafts"])
        out << d.value("uid", 0u) << "\t" << d.value("to", "") << "\t" << d.value("subject", "") << "\n";
    if (r["drafts"].empty()) out << "no drafts\n";
}

void printDraft(std::ostream& out, const json& r) {
    out << "To: " << joinedAddresses(r["to"]) << "\n";
    if (!r["cc"].empty()) out << "Cc: " << joinedAddresses(r["cc"]) << "\n";
    if (!r["bcc"].empty()) out << "Bcc: " << joinedAddresses(r["bcc"]) << "\n";
    out << "Subject: " << r.value("subject", "") << "\n";
    for (const auto& a : r["attachments"])
        out << "Attachment: " << a.value("name", "") << " (" << a.value("type", "") << ", "
            << a.value("size", 0ull) << " bytes)\n";
    out << "\n" << r.value("body", "");
}

}  // namespace

std::vector<Command> draftCommands() {
    OptionSpec save;
    save.values = {"subject", "body-file", "replace", "folder"};
    save.flags = {"body-stdin"};
    save.lists = {"to", "cc", "bcc", "attach"};
    OptionSpec one;
    one.values = {"folder", "uid"};
    OptionSpec send = one;
    send.flags = {"queue"};
    return {
        {"draft save", save, saveCommand, printMessageLine},
        {"draft list", {}, listCommand, printList},
        {"draft show", one, showCommand, printDraft},
        {"draft send", send, sendDraftCommand, printMessageLine},
    };
}

}  // namespace petrel::cli
