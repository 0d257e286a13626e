#include "cli/JobRunner.h"

#include <atomic>
#include <csignal>
#include <iostream>
#include <optional>

#if !defined(_WIN32)
#include <unistd.h>
#endif

#include "engine/Engine.h"
#include "engine/PostQueue.h"

namespace petrel::cli {
namespace {

std::atomic<bool> interrupted{false};

extern "C" void onInterrupt(int) { interrupted = true; }

bool stderrIsTerminal() {
#if defined(_WIN32)
    return false;
#else
    return ::isatty(2) == 1;
#endif
}

}  // namespace

void runAccountJob(CliContext& ctx, const model::AccountConfig& account, engine::Lane lane,
                   const std::string& jobName, const std::function<void(engine::JobContext&)>& body) {
    engine::PostQueue posts;
    // The CLI decides nothing interactively: a question is answered "no", and the error that
    // follows tells the user which option to give.
    engine::Engine engine(ctx.profile(), posts.poster(), {});
    bool finished = false;
    std::optional<model::Error> error;
    bool showProgress = stderrIsTerminal() && !ctx.json();

    engine::Job job;
    job.name = jobName;
    job.run = body;
    job.onProgress = [&](const engine::Progress& p) {
        if (!showProgress) return;
        ctx.err() << "\r" << account.name << ": " << p.phase << " " << p.done;
        if (p.total) ctx.err() << "/" << p.total;
        ctx.err() << "   " << std::flush;
    };
    job.onFinished = [&](const std::optional<model::Error>& e) {
        finished = true;
        error = e;
    };

    interrupted = false;
    auto previous = std::signal(SIGINT, onInterrupt);
    auto handle = engine.jobs().submit(account.id, lane, std::move(job));
    while (!posts.runUntil([&] { return finished; }, std::chrono::milliseconds(100))) {
        if (interrupted) handle.cancel.cancel();
    }
    std::signal(SIGINT, previous);
    if (showProgress) ctx.err() << "\r\033[K" << std::flush;
    engine.shutdown();
    if (error) throw *error;
}

}  // namespace petrel::cli
