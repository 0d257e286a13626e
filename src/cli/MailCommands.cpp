// Commands that reach a server, shared by IMAP and POP3 accounts: parsing here, the work in
// the account protocol's handler (see ProtocolCommands.h).
#include <iostream>

#include "cli/Command.h"
#include "cli/ProtocolCommands.h"
#include "model/Error.h"
#include "store/AccountRepository.h"

namespace petrel::cli {
namespace {
using model::Error;
using model::ErrorKind;
using nlohmann::json;

const ProtocolHandlers& handlersFor(model::Protocol protocol) {
    static const ProtocolHandlers imap = imapHandlers();
    static const ProtocolHandlers pop3 = pop3Handlers();
    return protocol == model::Protocol::Imap ? imap : pop3;
}

model::AccountConfig accountNamed(CliContext& ctx, const std::string& name) {
    auto account = store::AccountRepository(ctx.db()).findByName(name);
    if (!account) throw Error(ErrorKind::NotFound, "no account named '" + name + "'");
    return *account;
}

json dispatch(const std::string& command, CliContext& ctx, const model::AccountConfig& account,
              const CommandLine& cl) {
    const auto& handlers = handlersFor(account.protocol);
    auto it = handlers.find(command);
    if (it == handlers.end()) {
        throw Error(ErrorKind::Usage, "'" + command + "' is not available for " + model::toString(account.protocol) +
                                          " accounts ('" + account.name + "')");
    }
    return it->second(ctx, account, cl);
}

// A command whose first positional word is the account name.
Command perAccount(const std::string& name, OptionSpec options,
                   std::function<void(std::ostream&, const json&)> printText, std::size_t extraWords = 0) {
    return {name, std::move(options),
            [name, extraWords](CliContext& ctx, const CommandLine& cl) {
                if (cl.positional().size() != 1 + extraWords) {
                    throw Error(ErrorKind::Usage, name + ": wrong number of arguments (see petrel-cli --help)");
                }
                return dispatch(name, ctx, accountNamed(ctx, cl.positional()[0]), cl);
            },
            std::move(printText)};
}

json syncAll(CliContext& ctx, const CommandLine& cl) {
    if (cl.positional().size() > 1) throw Error(ErrorKind::Usage, "sync takes at most one account NAME");
    std::vector<model::AccountConfig> accounts;
    if (cl.positional().empty()) {
        if (cl.value("folder")) throw Error(ErrorKind::Usage, "--folder needs an account NAME");
        accounts = store::AccountRepository(ctx.db()).list();
    } else {
        accounts.push_back(accountNamed(ctx, cl.positional()[0]));
    }
    json results = json::array();
    for (const auto& account : accounts) results.push_back(dispatch("sync", ctx, account, cl));
    return {{"accounts", results}};
}

void printSync(std::ostream& out, const json& r) {
    for (const auto& a : r["accounts"]) {
        out << a.value("account", "") << ": ";
        unsigned added = 0, updated = 0, removed = 0;
        for (const auto& f : a.value("folders", json::array())) {
            added += f.value("added", 0u);
            updated += f.value("updated", 0u);
            removed += f.value("removed", 0u);
        }
        out << added << " new, " << updated << " changed, " << removed << " removed; " << a.value("bytes_received", 0ull)
            << " bytes received\n";
        for (const auto& f : a.value("folders", json::array())) {
            if (f.value("added", 0u) + f.value("updated", 0u) + f.value("removed", 0u) == 0 &&
                !f.value("uidvalidity_reset", false))
                continue;
            out << "  " << f.value("path", "") << ": +" << f.value("added", 0u) << " ~" << f.value("updated", 0u)
                << " -" << f.value("removed", 0u) << (f.value("uidvalidity_reset", false) ? " (cache reset)" : "")
                << "\n";
        }
    }
}

void printShow(std::ostream& out, const json& r) {
    const auto& h = r["headers"];
    for (const char* key : {"from", "to", "cc", "subject", "date"}) {
        std::string v = h.value(key, "");
        if (v.empty()) continue;
        std::string label = key;
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
        out << label << ": " << v << "\n";
    }
    for (const auto& a : r.value("attachments", json::array())) {
        out << "Attachment: [" << a.value("section", "") << "] " << a.value("name", "") << " ("
            << a.value("type", "") << ", " << a.value("size", 0ull) << " bytes)\n";
    }
    out << "\n" << r.value("text", "");
    if (!r.value("text", "").empty() && r.value("text", "").back() != '\n') out << "\n";
    if (r.value("partial", false)) {
        out << "\n[partially downloaded: " << r.value("remaining_bytes", 0ull)
            << " more bytes; use --max-bytes to load more]\n";
    }
}

void printBrowse(std::ostream& out, const json& r) {
    for (const auto& m : r["messages"]) {
        out << m.value("number", 0u) << "\t" << (m.value("downloaded", false) ? "D" : " ") << "\t"
            << m.value("size", 0ull) << "\t" << m.value("date", "") << "\t" << m.value("from", "") << "\t"
            << m.value("subject", "") << "\n";
    }
}

void printDone(std::ostream& out, const json& r) {
    if (r.contains("message")) out << r["message"].get<std::string>() << "\n";
}

}  // namespace

std::vector<Command> mailCommands() {
    OptionSpec syncOptions;
    syncOptions.values = {"folder"};
    OptionSpec message;
    message.values = {"folder", "uid"};
    OptionSpec show = message;
    show.values.insert("max-bytes");
    OptionSpec part = message;
    part.values.insert({"section", "range", "output"});
    OptionSpec raw = message;
    raw.values.insert("output");
    OptionSpec mark = message;
    mark.flags = {"read", "unread", "flag", "unflag"};
    OptionSpec moveCopy = message;
    moveCopy.values.insert("to");
    OptionSpec folderDelete;
    folderDelete.flags = {"recursive"};

    return {
        {"sync", syncOptions, syncAll, printSync},
        perAccount("show", show, printShow),
        perAccount("part", part, printDone),
        perAccount("raw", raw, printDone),
        perAccount("mark", mark, printDone),
        perAccount("move", moveCopy, printDone),
        perAccount("copy", moveCopy, printDone),
        perAccount("delete", message, printDone),
        perAccount("folder create", {}, printDone, 1),
        perAccount("folder delete", folderDelete, printDone, 1),
        perAccount("folder rename", {}, printDone, 2),
        perAccount("folder subscribe", {}, printDone, 1),
        perAccount("folder unsubscribe", {}, printDone, 1),
        perAccount("pop3 browse", {}, printBrowse),
    };
}

}  // namespace petrel::cli
