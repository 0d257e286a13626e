// The petrel executable itself.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "PetrelVersion.h"

namespace {

struct Result {
    int exitCode = -1;
    std::string output;
};

Result run(const std::string& command) {
    Result result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    char buffer[512];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

// These tests run under Xvfb; the child gets no display at all, as over ssh or in packaging.
const std::string kNoDisplay = "env -u DISPLAY -u WAYLAND_DISPLAY ";

TEST(Program, VersionWorksWithoutADisplay) {
    const Result r = run(kNoDisplay + "'" PETREL_EXE "' --version 2>&1");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_EQ(r.output, std::string("petrel ") + PETREL_VERSION + "\n");
}

TEST(Program, HelpWorksWithoutADisplay) {
    const Result r = run(kNoDisplay + "'" PETREL_EXE "' --help 2>&1");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.output.find("--profile DIR"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("--version"), std::string::npos) << r.output;
}

}  // namespace
