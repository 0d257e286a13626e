#include "cli/SendCommandSupport.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli/JobRunner.h"
#include "model/Error.h"
#include "store/AccountRepository.h"

namespace petrel::cli {

using model::Error;
using model::ErrorKind;
using nlohmann::json;

model::AccountConfig sendAccountNamed(CliContext& ctx, const std::string& name) {
    auto account = store::AccountRepository(ctx.db()).findByName(name);
    if (!account) throw Error(ErrorKind::NotFound, "no account named '" + name + "'");
    return *account;
}

model::AccountConfig accountArgument(CliContext& ctx, const CommandLine& cl, const std::string& command) {
    if (cl.positional().size() != 1)
        throw Error(ErrorKind::Usage, command + ": give exactly one account NAME (see petrel-cli --help)");
    return sendAccountNamed(ctx, cl.positional()[0]);
}

std::string readBody(CliContext& ctx, const CommandLine& cl, bool required) {
    const auto file = cl.value("body-file");
    const bool fromStdin = cl.flag("body-stdin") || (file && *file == "-");
    if (file && cl.flag("body-stdin"))
        throw Error(ErrorKind::Usage, "give --body-file or --body-stdin, not both");
    if (fromStdin)
        return std::string(std::istreambuf_iterator<char>(ctx.in()), std::istreambuf_iterator<char>());
    if (!file) {
        if (required)
            throw Error(ErrorKind::Usage, "the message needs a body: --body-file FILE or --body-stdin");
        return {};
    }
    std::ifstream in(*file, std::ios::binary);
    if (!in) throw Error(ErrorKind::Usage, "cannot read the body file '" + *file + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> addressOption(const CommandLine& cl, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& v : cl.list(name)) {
        auto list = engine::parseAddressList(v);
        out.insert(out.end(), list.begin(), list.end());
    }
    return out;
}

model::OutgoingMessage addressedMessage(const model::AccountConfig& account, const CommandLine& cl) {
    model::OutgoingMessage m;
    m.accountId = account.id;
    m.to = addressOption(cl, "to");
    m.cc = addressOption(cl, "cc");
    m.bcc = addressOption(cl, "bcc");
    return m;
}

std::vector<model::OutgoingAttachment> attachOption(const CommandLine& cl) {
    std::vector<model::OutgoingAttachment> out;
    for (const auto& path : cl.list("attach")) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec || !std::filesystem::is_regular_file(path))
            throw Error(ErrorKind::Usage, "cannot attach '" + path + "': not a readable file");
        model::OutgoingAttachment a;
        a.path = path;
        a.size = size;
        out.push_back(std::move(a));
    }
    return out;
}

std::uint32_t uidArgument(const CommandLine& cl) {
    const auto uid = cl.number("uid", 1, 0xFFFFFFFFLL);
    if (!uid) throw Error(ErrorKind::Usage, "--uid UID is required");
    return static_cast<std::uint32_t>(*uid);
}

json sendResultJson(const model::AccountConfig& account, const engine::SendResult& r) {
    return json{{"account", account.name},
                {"outbox_id", r.outboxId},
                {"outcome", r.outcome == engine::SendOutcome::Sent ? "sent" : "queued"},
                {"message_id", r.messageId},
                {"sent_folder", r.sentFolder},
                {"sent_uid", r.sentUid},
                {"message", r.message},
                {"bytes_sent", r.bytes.sent},
                {"bytes_received", r.bytes.received}};
}

json saveDraftJson(CliContext& ctx, const model::AccountConfig& account, const model::OutgoingMessage& m) {
    model::DraftRef ref;
    runAccountJob(ctx, account, engine::Lane::Interactive, "draft",
                  [&](engine::JobContext& job) { ref = engine::saveDraft(job, ctx.profile(), account, m); });
    return json{{"account", account.name},
                {"folder", ref.folderPath},
                {"uid", ref.uid},
                {"message", "Draft saved in " + ref.folderPath + " (uid " + std::to_string(ref.uid) + ")"}};
}

std::string joinedAddresses(const json& list) {
    std::string s;
    for (const auto& a : list) s += (s.empty() ? "" : ", ") + a.get<std::string>();
    return s;
}

json outgoingJson(const model::OutgoingMessage& m) {
    json attachments = json::array();
    for (const auto& a : m.attachments) {
        attachments.push_back(
            {{"name", a.fileName.empty() ? std::filesystem::path(a.path).filename().string() : a.fileName},
             {"type", a.contentType},
             {"size", a.size}});
    }
    json out = {{"from", m.from},
                {"to", m.to},
                {"cc", m.cc},
                {"bcc", m.bcc},
                {"subject", m.subject},
                {"in_reply_to", m.inReplyTo},
                {"references", m.references},
                {"body", m.body},
                {"attachments", attachments}};
    if (m.replacesDraft.valid())
        out["draft"] = {{"folder", m.replacesDraft.folderPath}, {"uid", m.replacesDraft.uid}};
    return out;
}

void printMessageLine(std::ostream& out, const json& r) {
    if (r.contains("message")) out << r["message"].get<std::string>() << "\n";
}

}  // namespace petrel::cli
