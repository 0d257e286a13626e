#pragma once
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace petrel::testing {

// Starts `command` (program path first) in a child process and returns its pid (or -1). stderr
// is appended to `log`; stdout goes to `out` (truncated first) or, when out is empty, to `log`
// as well. For the crash tests, which kill the real petrel-cli binary.
pid_t spawnProcess(const std::vector<std::string>& command, const std::filesystem::path& log,
                   const std::filesystem::path& out = {});

struct KilledRun {
    bool killed = false;  // ended by our SIGKILL
    int exitCode = -1;    // when it exited by itself
    double seconds = 0;
};

// Runs `command` as spawnProcess does and SIGKILLs it after `killAfter` — or, when killAfter is
// zero, lets it finish, killing it only once `limit` has passed.
KilledRun runKilledAfter(const std::vector<std::string>& command, std::chrono::microseconds killAfter,
                         std::chrono::microseconds limit, const std::filesystem::path& log,
                         const std::filesystem::path& out = {});

// The seed of a crash test's random delays: PETREL_CRASH_SEED when set, else the clock. Printed,
// so that a failing sequence of delays can be repeated.
std::uint64_t crashSeed();

}  // namespace petrel::testing
