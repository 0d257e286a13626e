// outbox NAME [--flush | --retry ID | --remove ID]
#include <ctime>

#include "cli/JobRunner.h"
#include "cli/SendCommandSupport.h"
#include "engine/SendService.h"
#include "mime/MessageParser.h"
#include "model/Error.h"
#include "store/Outbox.h"

namespace petrel::cli {
namespace {

using model::Error;
using model::ErrorKind;
using nlohmann::json;

json listJson(CliContext& ctx, const model::AccountConfig& account) {
    store::Outbox outbox(ctx.db());
    json items = json::array();
    for (const auto& item : outbox.list(account.id)) {
        std::string subject;
        try {
            subject = mime::parseHeaderSummary(outbox.rawMessage(item.id)).subject;
        } catch (const Error&) {
            subject = "(message file missing)";
        }
        items.push_back({{"id", item.id},
                         {"state", store::toString(item.state)},
                         {"subject", subject},
                         {"recipients", item.recipients},
                         {"size", item.size},
                         {"attempts", item.attempts},
                         {"last_error", item.lastError},
                         {"created_at", item.createdAt}});
    }
    return json{{"account", account.name}, {"items", items}};
}

store::OutboxItem itemOfAccount(CliContext& ctx, const model::AccountConfig& account, long long id) {
    auto item = store::Outbox(ctx.db()).find(id);
    if (!item || item->accountId != account.id)
        throw Error(ErrorKind::NotFound,
                    "no outbox item " + std::to_string(id) + " for the account " + account.name);
    return *item;
}

json flush(CliContext& ctx, const model::AccountConfig& account) {
    engine::OutboxFlushResult r;
    runAccountJob(ctx, account, engine::Lane::Interactive, "send",
                  [&](engine::JobContext& job) { r = engine::flushOutbox(job, ctx.profile(), account); });
    json out = listJson(ctx, account);
    out["sent"] = r.sent;
    out["still_queued"] = r.stillQueued;
    out["failed"] = r.failed;
    out["errors"] = r.errors;
    out["bytes_sent"] = r.bytes.sent;
    out["bytes_received"] = r.bytes.received;
    out["message"] = std::to_string(r.sent) + " sent, " + std::to_string(r.stillQueued) + " still queued, " +
                     std::to_string(r.failed) + " failed";
    return out;
}

json outboxCommand(CliContext& ctx, const CommandLine& cl) {
    auto account = accountArgument(ctx, cl, "outbox");
    const int actions =
        (cl.flag("flush") ? 1 : 0) + (cl.value("retry") ? 1 : 0) + (cl.value("remove") ? 1 : 0);
    if (actions > 1) throw Error(ErrorKind::Usage, "outbox: one of --flush, --retry ID, --remove ID");
    if (cl.flag("flush")) return flush(ctx, account);
    if (auto id = cl.number("retry", 1, 1LL << 62)) {
        itemOfAccount(ctx, account, *id);
        store::Outbox(ctx.db()).retry(*id);
        return flush(ctx, account);
    }
    if (auto id = cl.number("remove", 1, 1LL << 62)) {
        auto item = itemOfAccount(ctx, account, *id);
        if (item.state == store::OutboxState::Sending)
            throw Error(ErrorKind::Usage, "outbox item " + std::to_string(*id) + " is being sent right now");
        store::Outbox(ctx.db()).remove(*id);
        json out = listJson(ctx, account);
        out["message"] = "removed outbox item " + std::to_string(*id);
        return out;
    }
    return listJson(ctx, account);
}

void printOutbox(std::ostream& out, const json& r) {
    for (const auto& item : r["items"]) {
        std::string to;
        for (const auto& a : item["recipients"]) to += (to.empty() ? "" : ", ") + a.get<std::string>();
        out << item.value("id", 0LL) << "\t" << item.value("state", "") << "\t" << to << "\t"
            << item.value("subject", "");
        if (!item.value("last_error", "").empty()) out << "\t(" << item.value("last_error", "") << ")";
        out << "\n";
    }
    if (r["items"].empty()) out << "the outbox is empty\n";
    if (r.contains("message")) out << r["message"].get<std::string>() << "\n";
    for (const auto& e : r.value("errors", json::array())) out << "  " << e.get<std::string>() << "\n";
}

}  // namespace

std::vector<Command> outboxCommands() {
    OptionSpec options;
    options.flags = {"flush"};
    options.values = {"retry", "remove"};
    return {{"outbox", options, outboxCommand, printOutbox}};
}

}  // namespace petrel::cli
