#include "engine/PasswordSource.h"

#include "engine/SecretStore.h"
#include "model/Error.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <string_view>
#include <vector>

#if defined(_WIN32)
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601  // PROC_THREAD_ATTRIBUTE_HANDLE_LIST needs Vista or later
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <future>
#else
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;
#endif

namespace petrel::engine {

using model::Error;
using model::ErrorKind;

namespace {

// A password is short; anything bigger is a command printing the wrong thing.
constexpr std::size_t kMaxStdout = 64 * 1024;
// Enough stderr to explain a failure; the rest is drained and dropped.
constexpr std::size_t kMaxStderr = 16 * 1024;
constexpr std::size_t kMaxStderrInMessage = 1000;

// Volatile stores, so the compiler cannot drop the zeroing of a buffer about to die.
void wipeBytes(char* data, std::size_t n) noexcept {
    volatile char* p = data;
    for (std::size_t i = 0; i < n; ++i)
        p[i] = 0;
}

void wipe(std::string& s) noexcept {
    wipeBytes(s.data(), s.size());
    s.clear();
}

// Zeroes the buffer it guards on every way out, including exceptions.
struct WipeOnExit {
    std::string& s;
    ~WipeOnExit() { wipe(s); }
};

struct CommandOutcome {
    enum class End { Exited, Signalled, TimedOut };
    End end = End::Exited;
    int code = 0;  // exit status, or the signal number
    std::string out;
    std::string err;
    bool outTooLong = false;
};

void append(std::string& to, const char* data, std::size_t n, std::size_t cap, bool* overflow) {
    const std::size_t room = to.size() < cap ? cap - to.size() : 0;
    to.append(data, std::min(n, room));
    if (n > room && overflow)
        *overflow = true;
}

[[noreturn]] void throwStartFailure(const std::string& accountName, const std::string& why) {
    throw Error(ErrorKind::Auth, "Could not run the password command of account '" + accountName + "': " + why + ".",
                why);
}

#if defined(_WIN32)

std::wstring widen(const std::string& s) {
    if (s.empty())
        return {};
    const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
    if (n <= 0)
        return {};
    std::wstring w(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
    return w;
}

struct Handle {
    HANDLE h = nullptr;
    Handle() = default;
    explicit Handle(HANDLE v) : h(v) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }
    void reset() {
        if (h && h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
        h = nullptr;
    }
    explicit operator bool() const { return h && h != INVALID_HANDLE_VALUE; }
};

std::string lastErrorText(const char* what) {
    return std::string(what) + " failed (Windows error " + std::to_string(GetLastError()) + ")";
}

// Reads a pipe until every writer has closed it.
std::string drain(HANDLE pipe, std::size_t cap, bool* overflow) {
    std::string data;
    char buf[4096];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(pipe, buf, static_cast<DWORD>(sizeof buf), &got, nullptr) || got == 0)
            break;  // ERROR_BROKEN_PIPE: all writers are gone
        append(data, buf, got, cap, overflow);
    }
    wipeBytes(buf, sizeof buf);
    return data;
}

CommandOutcome execute(const std::string& accountName, const std::string& command,
                       std::chrono::milliseconds timeout) {
    SECURITY_ATTRIBUTES inherit{};
    inherit.nLength = sizeof inherit;
    inherit.bInheritHandle = TRUE;

    HANDLE rawRead = nullptr;
    HANDLE rawWrite = nullptr;
    if (!CreatePipe(&rawRead, &rawWrite, &inherit, 0))
        throwStartFailure(accountName, lastErrorText("CreatePipe"));
    Handle outRead(rawRead), outWrite(rawWrite);
    if (!CreatePipe(&rawRead, &rawWrite, &inherit, 0))
        throwStartFailure(accountName, lastErrorText("CreatePipe"));
    Handle errRead(rawRead), errWrite(rawWrite);
    // Our ends must not be inherited, or the pipes never report end-of-file.
    SetHandleInformation(outRead.h, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(errRead.h, HANDLE_FLAG_INHERIT, 0);
    Handle nul(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!nul)
        throwStartFailure(accountName, lastErrorText("Opening NUL"));

    // Hand the child exactly these three handles, not every inheritable handle in the process.
    HANDLE inheritList[3] = {nul.h, outWrite.h, errWrite.h};
    SIZE_T attrSize = 0;
    InitializeProcThreadAttributeList(nullptr, 1, 0, &attrSize);
    std::vector<unsigned char> attrBuf(attrSize);
    auto* attrList = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attrBuf.data());
    if (!InitializeProcThreadAttributeList(attrList, 1, 0, &attrSize))
        throwStartFailure(accountName, lastErrorText("InitializeProcThreadAttributeList"));
    struct AttrListGuard {
        LPPROC_THREAD_ATTRIBUTE_LIST l;
        ~AttrListGuard() { DeleteProcThreadAttributeList(l); }
    } attrGuard{attrList};
    if (!UpdateProcThreadAttribute(attrList, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inheritList, sizeof inheritList,
                                   nullptr, nullptr))
        throwStartFailure(accountName, lastErrorText("UpdateProcThreadAttribute"));

    STARTUPINFOEXW si{};
    si.StartupInfo.cb = sizeof si;
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = nul.h;
    si.StartupInfo.hStdOutput = outWrite.h;
    si.StartupInfo.hStdError = errWrite.h;
    si.lpAttributeList = attrList;

    // cmd.exe by full path (no search-path surprises); /d skips AutoRun, /s /c "..." runs the
    // text between the outer quotes verbatim.
    wchar_t systemDir[MAX_PATH] = {};
    const UINT dirLen = GetSystemDirectoryW(systemDir, MAX_PATH);
    if (dirLen == 0 || dirLen >= MAX_PATH)
        throwStartFailure(accountName, lastErrorText("GetSystemDirectoryW"));
    const std::wstring cmdExe = std::wstring(systemDir) + L"\\cmd.exe";
    std::wstring cmdLine = L"\"" + cmdExe + L"\" /d /s /c \"" + widen(command) + L"\"";
    cmdLine.push_back(L'\0');

    // A job so a timeout can kill the whole tree (cmd.exe and what it started).
    Handle job(CreateJobObjectW(nullptr, nullptr));
    if (!job)
        throwStartFailure(accountName, lastErrorText("CreateJobObjectW"));

    PROCESS_INFORMATION pi{};
    if (!CreateProcessW(cmdExe.c_str(), cmdLine.data(), nullptr, nullptr, TRUE,
                        CREATE_SUSPENDED | CREATE_NO_WINDOW | EXTENDED_STARTUPINFO_PRESENT, nullptr, nullptr,
                        &si.StartupInfo, &pi))
        throwStartFailure(accountName, lastErrorText("CreateProcessW"));
    Handle process(pi.hProcess), thread(pi.hThread);
    AssignProcessToJobObject(job.h, process.h);  // best effort: without it a timeout kills cmd.exe only
    ResumeThread(thread.h);
    // Only the child holds the write ends now.
    outWrite.reset();
    errWrite.reset();

    CommandOutcome result;
    bool outOverflow = false;
    bool errOverflow = false;
    auto outFuture = std::async(std::launch::async, drain, outRead.h, kMaxStdout, &outOverflow);
    auto errFuture = std::async(std::launch::async, drain, errRead.h, kMaxStderr, &errOverflow);
    // Kills whatever still holds the pipes so the readers (and the futures' destructors) end.
    const auto killTree = [&] {
        if (!TerminateJobObject(job.h, 1))
            TerminateProcess(process.h, 1);
    };

    const DWORD waitMs =
        static_cast<DWORD>(std::clamp<long long>(timeout.count(), 0, static_cast<long long>(INFINITE) - 1));
    if (WaitForSingleObject(process.h, waitMs) == WAIT_TIMEOUT) {
        killTree();
        WaitForSingleObject(process.h, 5000);
        std::string discard = outFuture.get();
        wipe(discard);
        result.err = errFuture.get();
        result.end = CommandOutcome::End::TimedOut;
        return result;
    }
    DWORD code = 0;
    GetExitCodeProcess(process.h, &code);
    // A process the command left behind may hold the pipes open: give it a moment, then kill it.
    constexpr auto grace = std::chrono::milliseconds(500);
    if (outFuture.wait_for(grace) != std::future_status::ready || errFuture.wait_for(grace) != std::future_status::ready)
        killTree();
    result.out = outFuture.get();
    result.err = errFuture.get();
    result.outTooLong = outOverflow;
    result.end = CommandOutcome::End::Exited;
    result.code = static_cast<int>(code);
    return result;
}

#else  // POSIX

struct Fd {
    int fd = -1;
    Fd() = default;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
};

// Close-on-exec pipes: a command another thread starts at the same moment must not inherit
// our write ends, or we would wait for its end-of-file too.
bool makePipe(Fd& readEnd, Fd& writeEnd) {
    int fds[2];
#if defined(__APPLE__)
    if (::pipe(fds) != 0)
        return false;
    ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#else
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
#endif
    readEnd.fd = fds[0];
    writeEnd.fd = fds[1];
    return true;
}

std::string errnoText(const char* what, int err) {
    return std::string(what) + ": " + std::strerror(err);
}

pid_t spawnShell(const std::string& accountName, const std::string& command, int outFd, int errFd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    struct Cleanup {
        posix_spawn_file_actions_t* a;
        posix_spawnattr_t* b;
        ~Cleanup() {
            posix_spawn_file_actions_destroy(a);
            posix_spawnattr_destroy(b);
        }
    } cleanup{&actions, &attr};

    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outFd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errFd, STDERR_FILENO);

    // Network code usually ignores SIGPIPE and worker threads may block signals; both would be
    // inherited across exec and surprise the command.
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGCHLD);
    sigset_t noMask;
    sigemptyset(&noMask);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &noMask);
    posix_spawnattr_setflags(&attr, static_cast<short>(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));

    std::string arg0 = "sh";
    std::string arg1 = "-c";
    std::string arg2 = command;
    char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
    if (rc != 0)
        throwStartFailure(accountName, errnoText("posix_spawn /bin/sh", rc));
    return pid;
}

CommandOutcome execute(const std::string& accountName, const std::string& command,
                       std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    Fd outRead, outWrite, errRead, errWrite;
    if (!makePipe(outRead, outWrite) || !makePipe(errRead, errWrite))
        throwStartFailure(accountName, errnoText("pipe", errno));

    const pid_t pid = spawnShell(accountName, command, outWrite.fd, errWrite.fd);
    outWrite.reset();
    errWrite.reset();

    CommandOutcome result;
    const auto deadline = Clock::now() + timeout;
    // Once the shell has exited, a process it left in the background may keep the pipes open;
    // stop reading after this long without output instead of waiting for that process.
    constexpr auto quietAfterExit = std::chrono::milliseconds(200);
    bool exited = false;
    int status = 0;
    auto lastActivity = Clock::now();
    char buf[4096];

    for (;;) {
        if (!exited) {
            const pid_t w = ::waitpid(pid, &status, WNOHANG);
            if (w == pid || (w < 0 && errno != EINTR)) {
                // ECHILD (someone set SIGCHLD to SIG_IGN and the child was reaped for us) leaves
                // the status unknown: report it as a failure rather than guess.
                if (w < 0)
                    status = 0xff00;  // as if "exit 255"
                exited = true;
                lastActivity = std::max(lastActivity, Clock::now());
            }
        }
        const bool pipesOpen = outRead.fd >= 0 || errRead.fd >= 0;
        if (exited && (!pipesOpen || Clock::now() - lastActivity >= quietAfterExit))
            break;
        const auto now = Clock::now();
        if (now >= deadline) {
            if (!exited) {
                ::kill(pid, SIGKILL);
                while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
                }
            }
            wipe(result.out);
            result.end = CommandOutcome::End::TimedOut;
            wipeBytes(buf, sizeof buf);
            return result;
        }
        // With both pipes closed only the exit is left to notice: look again soon.
        const auto slice =
            std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(pipesOpen ? 50 : 2));
        pollfd fds[2] = {{outRead.fd, POLLIN, 0}, {errRead.fd, POLLIN, 0}};
        const int ready =
            ::poll(fds, 2, static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(slice).count()));
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            throwStartFailure(accountName, errnoText("poll", err));
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            Fd& fd = i == 0 ? outRead : errRead;
            const ssize_t n = ::read(fd.fd, buf, sizeof buf);
            if (n > 0) {
                if (i == 0)
                    append(result.out, buf, static_cast<std::size_t>(n), kMaxStdout, &result.outTooLong);
                else
                    append(result.err, buf, static_cast<std::size_t>(n), kMaxStderr, nullptr);
                lastActivity = Clock::now();
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                fd.reset();
            }
        }
    }
    wipeBytes(buf, sizeof buf);

    if (WIFSIGNALED(status)) {
        result.end = CommandOutcome::End::Signalled;
        result.code = WTERMSIG(status);
    } else {
        result.end = CommandOutcome::End::Exited;
        result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    return result;
}

#endif

void replaceAll(std::string& s, std::string_view what, std::string_view with) {
    if (what.empty())
        return;
    for (std::size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + with.size()))
        s.replace(pos, what.size(), with);
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if there is none.
std::size_t utf8SequenceLength(const std::string& s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    std::size_t n = 0;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4;
    else
        return 0;
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80)
            return 0;
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((c == 0xe0 && byte(i + 1) < 0xa0) || (c == 0xed && byte(i + 1) > 0x9f) ||
        (c == 0xf0 && byte(i + 1) < 0x90) || (c == 0xf4 && byte(i + 1) > 0x8f))
        return 0;
    return n;
}

// Messages are UTF-8; a command's stderr may be in a legacy code page (Windows consoles) or
// cut mid-character by our cap. Invalid bytes become '?'.
std::string validUtf8(const std::string& s) {
    std::string r;
    r.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8SequenceLength(s, i);
        if (n == 0) {
            r += '?';
            ++i;
        } else {
            r.append(s, i, n);
            i += n;
        }
    }
    return r;
}

// Stderr fit for a message: trimmed, control characters flattened, capped, valid UTF-8, and
// with anything the command printed on stdout (the would-be password) cut out in case the
// command echoes it.
std::string presentableStderr(std::string err, const std::string& out, std::size_t cap) {
    std::size_t start = 0;
    while (start < out.size()) {
        std::size_t end = out.find('\n', start);
        if (end == std::string::npos)
            end = out.size();
        std::string_view line(out.data() + start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        replaceAll(err, line, "[redacted]");
        start = end + 1;
    }
    for (char& c : err) {
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f)
            c = ' ';
    }
    const auto first = err.find_first_not_of(" \n");
    if (first == std::string::npos)
        return {};
    const auto last = err.find_last_not_of(" \n");
    err = err.substr(first, last - first + 1);
    if (err.size() > cap) {
        err.resize(cap);
        err += "...";
    }
    return validUtf8(err);
}

std::string describe(std::chrono::milliseconds d) {
    if (d < std::chrono::seconds(1))
        return std::to_string(d.count()) + " ms";
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
}

}  // namespace

std::string runPasswordCommand(const std::string& accountName, const std::string& command,
                               std::chrono::milliseconds timeout) {
    const std::string what = "The password command of account '" + accountName + "'";
    if (command.find('\0') != std::string::npos)
        throw Error(ErrorKind::Usage, what + " contains a NUL byte.");

    CommandOutcome r = execute(accountName, command, timeout);
    WipeOnExit guard{r.out};

    const std::string errShort = presentableStderr(r.err, r.out, kMaxStderrInMessage);
    const std::string errDetail = presentableStderr(r.err, r.out, kMaxStderr);
    const std::string errPart = errShort.empty() ? std::string(" It printed nothing on standard error.")
                                                 : " Its error output: " + errShort;

    switch (r.end) {
    case CommandOutcome::End::TimedOut:
        throw Error(ErrorKind::Auth,
                    what + " did not finish within " + describe(timeout) + " and was stopped." + errPart,
                    errDetail);
    case CommandOutcome::End::Signalled:
        throw Error(ErrorKind::Auth, what + " was killed by signal " + std::to_string(r.code) + "." + errPart,
                    errDetail);
    case CommandOutcome::End::Exited:
        break;
    }
    if (r.code != 0) {
        throw Error(ErrorKind::Auth,
                    what + " failed (exit status " + std::to_string(r.code) +
                        "); run it in a terminal to see what it needs." + errPart,
                    errDetail);
    }
    if (r.outTooLong) {
        throw Error(ErrorKind::Auth, what + " printed more than " + std::to_string(kMaxStdout / 1024) +
                                         " KiB; it should print only the password.");
    }

    std::string password = r.out;  // the guard wipes r.out
    if (!password.empty() && password.back() == '\n') {
        password.pop_back();
        if (!password.empty() && password.back() == '\r')
            password.pop_back();
    }
    if (password.empty()) {
        throw Error(ErrorKind::Auth, what + " succeeded but printed no password." + errPart, errDetail);
    }
    return password;
}

PasswordSource::PasswordSource(SecretStore& store, std::chrono::milliseconds commandTimeout)
    : store_(store), commandTimeout_(commandTimeout) {}

std::string PasswordSource::passwordFor(const model::AccountConfig& account) const {
    if (!account.passwordCommand.empty())
        return runPasswordCommand(account.name, account.passwordCommand, commandTimeout_);

    std::optional<std::string> secret = store_.lookup(account.name, account.user);
    if (!secret) {
        throw Error(ErrorKind::Auth,
                    "No password is stored for account '" + account.name + "' (user '" + account.user + "') in " +
                        store_.displayName() + ". Store it with `petrel-cli account add " + account.name +
                        " ... --password-stdin` (reads it from standard input), or give the account a password "
                        "command.");
    }
    return std::move(*secret);
}

std::string readPasswordLine(std::istream& in) {
    std::string line;
    if (!std::getline(in, line)) {
        throw Error(ErrorKind::Usage,
                    "No password on standard input: --password-stdin expects the password as one line, e.g. "
                    "`pass show mail/work | petrel-cli ... --password-stdin`.");
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    if (line.empty())
        throw Error(ErrorKind::Usage, "The password read from standard input is empty.");
    return line;
}

std::string readPasswordFromStdin() {
    return readPasswordLine(std::cin);
}

}  // namespace petrel::engine
