#include "support/ChildProcess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <thread>

namespace petrel::testing {

pid_t spawnProcess(const std::vector<std::string>& command, const std::filesystem::path& log,
                   const std::filesystem::path& out) {
    std::vector<std::string> args = command;
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int e = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        const int o = out.empty() ? e : ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o >= 0) ::dup2(o, 1);
        if (e >= 0) ::dup2(e, 2);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

KilledRun runKilledAfter(const std::vector<std::string>& command, std::chrono::microseconds killAfter,
                         std::chrono::microseconds limit, const std::filesystem::path& log,
                         const std::filesystem::path& out) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const pid_t pid = spawnProcess(command, log, out);
    KilledRun r;
    if (pid < 0) return r;
    int status = 0;
    const auto deadline = start + (killAfter.count() ? killAfter : limit);
    for (;;) {
        if (::waitpid(pid, &status, WNOHANG) == pid) break;
        if (Clock::now() >= deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::uint64_t crashSeed() {
    const char* env = std::getenv("PETREL_CRASH_SEED");
    const std::uint64_t seed = env ? std::strtoull(env, nullptr, 10)
                                   : static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::cout << "[ crash    ] seed " << seed << " (PETREL_CRASH_SEED=" << seed << " to repeat)\n";
    return seed;
}

}  // namespace petrel::testing
