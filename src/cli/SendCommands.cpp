// send, reply and forward: composing from the command line, sending through the engine.
#include "cli/JobRunner.h"
#include "cli/SendCommandSupport.h"
#include "engine/SendService.h"
#include "mime/Signature.h"
#include "model/Error.h"

namespace petrel::cli {
namespace {

using model::Error;
using model::ErrorKind;
using nlohmann::json;

json sendNow(CliContext& ctx, const model::AccountConfig& account, const model::OutgoingMessage& m,
             bool queue) {
    engine::SendResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "send", [&](engine::JobContext& job) {
        r = engine::sendMessage(job, ctx.profile(), account, m, queue);
    });
    return sendResultJson(account, r);
}

// The user's text with the account's signature below it, unless --no-signature.
std::string signedText(const model::AccountConfig& account, const CommandLine& cl, const std::string& text) {
    if (cl.flag("no-signature")) return text;
    return text.empty() ? mime::signatureBlock(account.signature) : mime::withSignature(text, account.signature);
}

json sendCommand(CliContext& ctx, const CommandLine& cl) {
    auto account = accountArgument(ctx, cl, "send");
    model::OutgoingMessage m = addressedMessage(account, cl);
    if (m.to.empty() && m.cc.empty() && m.bcc.empty())
        throw Error(ErrorKind::Usage, "send: give at least one --to");
    m.subject = cl.require("subject");
    m.body = signedText(account, cl, readBody(ctx, cl, true));
    m.attachments = attachOption(cl);
    return sendNow(ctx, account, m, cl.flag("queue"));
}

// The user's text goes above the quoted original.
void prependBody(model::OutgoingMessage& m, const std::string& text) {
    if (text.empty()) return;
    std::string body = text;
    if (body.back() != '\n') body += '\n';
    m.body = body + "\n" + m.body;
}

json replyCommand(CliContext& ctx, const CommandLine& cl) {
    auto account = accountArgument(ctx, cl, "reply");
    if (cl.flag("send") && cl.flag("draft"))
        throw Error(ErrorKind::Usage, "reply: --send or --draft, not both");
    const std::string folder = cl.require("folder");
    const std::uint32_t uid = uidArgument(cl);
    const auto kind = cl.flag("all") ? engine::ReplyKind::All : engine::ReplyKind::Sender;
    const std::string text = readBody(ctx, cl, cl.flag("send"));
    model::OutgoingMessage m;
    runAccountJob(ctx, account, engine::Lane::Interactive, "open", [&](engine::JobContext& job) {
        m = engine::prepareReply(job, ctx.profile(), account, folder, uid, kind);
    });
    prependBody(m, signedText(account, cl, text));
    for (const auto& extra : addressOption(cl, "cc")) m.cc.push_back(extra);
    if (cl.flag("send")) {
        if (m.to.empty() && m.cc.empty())
            throw Error(ErrorKind::Usage, "reply: the original names nobody to answer");
        return sendNow(ctx, account, m, cl.flag("queue"));
    }
    if (cl.flag("draft")) return saveDraftJson(ctx, account, m);
    json r = outgoingJson(m);
    r["account"] = account.name;
    r["prepared"] = true;
    return r;
}

json forwardCommand(CliContext& ctx, const CommandLine& cl) {
    auto account = accountArgument(ctx, cl, "forward");
    const std::string folder = cl.require("folder");
    const std::uint32_t uid = uidArgument(cl);
    const auto kind =
        cl.flag("as-attachment") ? engine::ForwardKind::AsAttachment : engine::ForwardKind::Inline;
    auto to = addressOption(cl, "to");
    auto cc = addressOption(cl, "cc");
    if (to.empty() && !cl.flag("draft")) throw Error(ErrorKind::Usage, "forward: give --to ADDR");
    const std::string text = readBody(ctx, cl, false);
    model::OutgoingMessage m;
    runAccountJob(ctx, account, engine::Lane::Interactive, "open", [&](engine::JobContext& job) {
        m = engine::prepareForward(job, ctx.profile(), account, folder, uid, kind);
    });
    m.to = to;
    m.cc = cc;
    prependBody(m, signedText(account, cl, text));
    if (cl.flag("draft")) return saveDraftJson(ctx, account, m);
    return sendNow(ctx, account, m, cl.flag("queue"));
}

// A prepared reply that was neither sent nor saved: shown as the message would read.
void printReply(std::ostream& out, const json& r) {
    if (!r.value("prepared", false)) return printMessageLine(out, r);
    out << "To: " << joinedAddresses(r["to"]) << "\n";
    if (!r["cc"].empty()) out << "Cc: " << joinedAddresses(r["cc"]) << "\n";
    out << "Subject: " << r.value("subject", "") << "\n";
    out << "In-Reply-To: " << r.value("in_reply_to", "") << "\n";
    out << "References: " << r.value("references", "") << "\n\n" << r.value("body", "");
    out << "\n(not sent: add --send, or --draft to keep it as a draft)\n";
}

}  // namespace

std::vector<Command> sendCommands() {
    OptionSpec send;
    send.values = {"subject", "body-file"};
    send.flags = {"body-stdin", "queue", "no-signature"};
    send.lists = {"to", "cc", "bcc", "attach"};
    OptionSpec reply;
    reply.values = {"folder", "uid", "body-file"};
    reply.flags = {"all", "send", "draft", "body-stdin", "queue", "no-signature"};
    reply.lists = {"cc"};
    OptionSpec forward;
    forward.values = {"folder", "uid", "body-file"};
    forward.flags = {"as-attachment", "body-stdin", "queue", "draft", "no-signature"};
    forward.lists = {"to", "cc"};
    return {
        {"send", send, sendCommand, printMessageLine},
        {"reply", reply, replyCommand, printReply},
        {"forward", forward, forwardCommand, printMessageLine},
    };
}

}  // namespace petrel::cli
