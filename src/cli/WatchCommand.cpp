// petrel-cli watch: new mail on one IMAP folder (IDLE where the server has it, else STATUS
// polling), each change synced into the index on the watching connection; a dropped connection
// is reconnected with backoff (engine::watchForNewMail).
#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>

#include "cli/Command.h"
#include "cli/JobRunner.h"
#include "engine/NewMailWatch.h"
#include "model/Error.h"
#include "store/AccountRepository.h"

namespace petrel::cli {
namespace {
using model::Error;
using model::ErrorKind;
using nlohmann::json;

json resultJson(const std::string& account, const engine::AccountSyncResult* r) {
    json folders = json::array();
    if (r) {
        for (const auto& f : r->folders) {
            folders.push_back({{"path", f.path},
                               {"added", f.added},
                               {"updated", f.updated},
                               {"removed", f.removed},
                               {"uidvalidity_reset", f.uidValidityReset}});
        }
    }
    return {{"account", account},
            {"folders", folders},
            {"bytes_sent", r ? r->bytes.sent : 0ull},
            {"bytes_received", r ? r->bytes.received : 0ull}};
}

void printChange(std::ostream& out, const json& r) {
    for (const auto& f : r.value("folders", json::array())) {
        out << r.value("account", "") << ": " << f.value("path", "") << ": +" << f.value("added", 0u) << " ~"
            << f.value("updated", 0u) << " -" << f.value("removed", 0u) << "\n";
    }
}

json watch(CliContext& ctx, const CommandLine& cl) {
    if (cl.positional().size() != 1) throw Error(ErrorKind::Usage, "watch: give one account NAME");
    auto account = store::AccountRepository(ctx.db()).findByName(cl.positional()[0]);
    if (!account) throw Error(ErrorKind::NotFound, "no account named '" + cl.positional()[0] + "'");
    const std::string folder = cl.value("folder").value_or("INBOX");
    const auto interval = std::chrono::seconds(cl.number("interval", 1, 86400).value_or(60));
    const bool once = cl.flag("once");
    const auto timeout = cl.number("timeout", 1, 31'536'000);
    const auto deadline = timeout ? std::chrono::steady_clock::now() + std::chrono::seconds(*timeout)
                                  : std::chrono::steady_clock::time_point::max();

    std::atomic<bool> done{false};
    std::optional<engine::AccountSyncResult> first;
    unsigned changes = 0;
    engine::NewMailWatchOptions options;
    options.stop = [&] { return done.load() || std::chrono::steady_clock::now() >= deadline; };
    options.allowIdle = !cl.flag("no-idle");
    options.onReconnect = [&](unsigned attempt, const std::string& error) {
        // stderr: stdout carries one line (or JSON document) per change.
        ctx.err() << "watch: " << error << "; reconnecting (attempt " << attempt << ")\n" << std::flush;
    };
    runAccountJob(ctx, *account, engine::Lane::Background, "idle", [&](engine::JobContext& job) {
        engine::watchForNewMail(job, ctx.profile(), *account, folder, interval,
                                [&](const engine::AccountSyncResult& r) {
                                    ++changes;
                                    if (once) {
                                        first = r;
                                        done = true;
                                        return;
                                    }
                                    // One line per change, as it happens.
                                    const json j = resultJson(account->name, &r);
                                    if (ctx.json()) {
                                        ctx.out() << j.dump() << "\n" << std::flush;
                                    } else {
                                        printChange(ctx.out(), j);
                                        ctx.out() << std::flush;
                                    }
                                },
                                options);
    });
    if (once) return resultJson(account->name, first ? &*first : nullptr);
    json r = resultJson(account->name, nullptr);
    r["changes"] = changes;
    return r;
}

}  // namespace

std::vector<Command> watchCommands() {
    OptionSpec options;
    options.values = {"folder", "interval", "timeout"};
    options.flags = {"once", "no-idle"};
    return {{"watch", options, watch, printChange}};
}

}  // namespace petrel::cli
