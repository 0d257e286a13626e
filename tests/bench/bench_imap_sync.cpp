// First header sync of an N-message INBOX with Petrel's IMAP path, COMPRESS=DEFLATE off and on, (ImapSession +
// ImapFolderSync into SQLite) against a raw client fetching the same items from the same Dovecot
// in the same run; then a resync with nothing changed; and the peak memory of the syncing process.
// Each measured sync runs in a fresh child process (this binary with --child). Prints; never asserts.
// Starts its own servers with tests/servers/petrel-mailserver (PETREL_MAILSERVER_SCRIPT overrides).
// Usage: bench_imap_sync [N [RUNS]]   (default 10000 messages, best of 3)
#include <arpa/inet.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "net/ImapSession.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderSync.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kItems =
    "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (REFERENCES)])";

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::map<std::string, std::string> readEnv(const fs::path& file) {
    std::map<std::string, std::string> env;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string v = line.substr(eq + 1);
        if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"')) v = v.substr(1, v.size() - 2);
        env[line.substr(0, eq)] = v;
    }
    return env;
}

// A raw client: plain IMAP on loopback, reads until the tagged reply.
struct RawClient {
    int fd = -1;
    std::size_t received = 0, sent = 0;
    RawClient(const std::string& host, int port) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        inet_pton(AF_INET, host.c_str(), &a.sin_addr);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
        until("\r\n", true);
    }
    ~RawClient() { ::close(fd); }
    std::string until(const std::string& end, bool any = false) {
        std::string buf = "\r\n";  // so a tagged reply at the very start matches "\r\nTAG OK"
        char chunk[65536];
        for (;;) {
            const auto n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) throw std::runtime_error("recv");
            received += static_cast<std::size_t>(n);
            buf.append(chunk, static_cast<std::size_t>(n));
            if (any) {
                if (buf.find(end) != std::string::npos) return buf;
                continue;
            }
            // Done when the last complete line is the tagged reply (`end` is "\r\nTAG ").
            if (buf.size() < 4 || buf.compare(buf.size() - 2, 2, "\r\n") != 0) continue;
            const auto lastStart = buf.rfind("\r\n", buf.size() - 3);
            if (lastStart != std::string::npos && buf.compare(lastStart, end.size(), end) == 0) return buf;
        }
    }
    std::string cmd(const std::string& tag, const std::string& text) {
        const std::string line = tag + " " + text + "\r\n";
        sent += line.size();
        ::send(fd, line.data(), line.size(), 0);
        return until("\r\n" + tag + " ");
    }
};

// One measured sync in a fresh process (this binary with --child), so its peak memory (VmHWM of
// /proc/self/status: the high-water mark of this process image alone) covers the sync and
// nothing of the parent. Prints one line: first sync s, received, sent, resync s, received,
// sent, messages added, VmHWM kB, whether COMPRESS was negotiated.
int childSync(const std::string& dbPath, const std::string& host, int port, bool compress) {
    petrel::model::AccountConfig account;
    account.name = "bench";
    account.user = "bench";
    account.incoming.host = host;
    account.incoming.port = static_cast<std::uint16_t>(port);
    account.incoming.security = petrel::model::Security::Plain;
    account.allowPlaintext = true;
    account.compress = compress;
    petrel::store::Db index(dbPath);
    account.id = petrel::store::AccountRepository(index).add(account);
    petrel::net::ImapSession session(account, [] { return std::string("benchpw1"); });
    session.connect();
    petrel::sync::refreshImapFolders(session, index, account.id);
    const auto inbox = petrel::store::FolderRepository(index).find(account.id, "INBOX")->id;
    auto before = session.wireBytes();
    auto t = Clock::now();
    auto r = petrel::sync::ImapFolderSync(session, index).sync(inbox);
    const double first = since(t);
    const auto firstBytes = session.wireBytes() - before;
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    before = session.wireBytes();
    t = Clock::now();
    petrel::sync::ImapFolderSync(session, index).sync(inbox);
    const double resync = since(t);
    const auto resyncBytes = session.wireBytes() - before;
    long hwm = 0;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) hwm = std::atol(line.c_str() + 6);
    std::printf("%.6f %llu %llu %.6f %llu %llu %u %ld %d %.6f\n", first, static_cast<unsigned long long>(firstBytes.received),
                static_cast<unsigned long long>(firstBytes.sent), resync,
                static_cast<unsigned long long>(resyncBytes.received), static_cast<unsigned long long>(resyncBytes.sent),
                r.added, hwm, session.compressed() ? 1 : 0, cpu);
    return 0;
}

struct ChildResult {
    double first = 0, resync = 0;
    unsigned long long firstReceived = 0, firstSent = 0, resyncReceived = 0, resyncSent = 0;
    unsigned added = 0;
    long hwmKb = 0;
    int compressed = 0;
    double cpu = 0;  // the child's CPU seconds up to the end of the first sync
};

ChildResult runChild(const std::string& self, const fs::path& db, const std::string& host, int port, bool compress) {
    const std::string cmd = self + " --child " + db.string() + " " + host + " " + std::to_string(port) + " " +
                            (compress ? "1" : "0");
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen");
    ChildResult c;
    const int got = std::fscanf(pipe, "%lf %llu %llu %lf %llu %llu %u %ld %d %lf", &c.first, &c.firstReceived,
                                &c.firstSent, &c.resync, &c.resyncReceived, &c.resyncSent, &c.added, &c.hwmKb,
                                &c.compressed, &c.cpu);
    const int rc = ::pclose(pipe);
    if (got != 10 || rc != 0) throw std::runtime_error("the measured sync failed: " + cmd);
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 6 && std::string(argv[1]) == "--child") {
        try {
            return childSync(argv[2], argv[3], std::atoi(argv[4]), std::string(argv[5]) == "1");
        } catch (const std::exception& e) {
            std::cerr << "child sync failed: " << e.what() << "\n";
            return 1;
        }
    }
    const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const std::string self = fs::canonical("/proc/self/exe").string();
    std::string script = std::getenv("PETREL_MAILSERVER_SCRIPT") ? std::getenv("PETREL_MAILSERVER_SCRIPT")
                                                                  : (fs::path(__FILE__).parent_path() / "../servers/petrel-mailserver").string();
    const fs::path dir = fs::temp_directory_path() / ("petrel-bench-imap-" + std::to_string(::getpid()));
    if (std::system((script + " start --dir " + dir.string() + " --fresh >/dev/null").c_str()) != 0) {
        std::cerr << "cannot start the mail servers\n";
        return 1;
    }
    const auto t0 = Clock::now();
    std::system((script + " add-user --dir " + dir.string() + " bench benchpw1 --fill bulk:" + std::to_string(n) +
                 " >/dev/null").c_str());
    std::cout << "mailbox bulk:" << n << " ready in " << since(t0) << " s\n";
    auto env = readEnv(dir / "servers.env");
    const std::string host = env["HOST"];
    const int port = std::stoi(env["IMAP_PORT"]);
    int rc = 0;
    try {
        // Warm Dovecot's index/cache once so both sides see the same server state.
        {
            RawClient warm(host, port);
            warm.cmd("a", "LOGIN bench benchpw1");
            warm.cmd("b", "EXAMINE INBOX");
            warm.cmd("c", std::string("FETCH 1:* ") + kItems);
        }
        double rawBest = 1e9;
        std::size_t rawBytes = 0;
        for (int i = 0; i < runs; ++i) {
            RawClient raw(host, port);
            raw.cmd("a", "LOGIN bench benchpw1");
            raw.cmd("b", "EXAMINE INBOX");
            const std::size_t before = raw.received;
            const auto t = Clock::now();
            raw.cmd("c", std::string("FETCH 1:* ") + kItems);
            rawBest = std::min(rawBest, since(t));
            rawBytes = raw.received - before;
        }
        // The raw client's idea of "nothing changed" with CONDSTORE, for the resync figure.
        double rawResync = 1e9;
        std::size_t rawResyncBytes = 0;
        {
            RawClient raw(host, port);
            raw.cmd("a", "LOGIN bench benchpw1");
            const std::string sel = raw.cmd("b", "EXAMINE INBOX (CONDSTORE)");
            const auto at = sel.find("HIGHESTMODSEQ ");
            const std::string modseq = at == std::string::npos ? "1" : sel.substr(at + 14, sel.find(']', at) - at - 14);
            const std::size_t before = raw.received + raw.sent;
            const auto t = Clock::now();
            raw.cmd("c", "UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE " + modseq + ")");
            rawResync = since(t);
            rawResyncBytes = raw.received + raw.sent - before;
        }

        std::printf("first header sync of %d messages (best of %d, same Dovecot, plain loopback):\n", n, runs);
        std::printf("  raw client FETCH 1:* %s\n", kItems);
        std::printf("    %.3f s, %zu bytes received (uncompressed)\n", rawBest, rawBytes);
        std::printf("  raw client resync, UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE <modseq>): %.4f s, %zu bytes\n",
                    rawResync, rawResyncBytes);
        for (const bool compress : {false, true}) {
            ChildResult best;
            best.first = best.resync = 1e9;
            long hwm = 0;
            for (int i = 0; i < runs; ++i) {
                const fs::path db = dir / ("bench-" + std::to_string(compress) + "-" + std::to_string(i) + ".db");
                const ChildResult c = runChild(self, db, host, port, compress);
                if (c.added != static_cast<unsigned>(n)) std::cout << "(added " << c.added << ")\n";
                if (c.first < best.first) {
                    best.first = c.first;
                    best.firstReceived = c.firstReceived;
                    best.firstSent = c.firstSent;
                    best.cpu = c.cpu;
                }
                if (c.resync < best.resync) {
                    best.resync = c.resync;
                    best.resyncReceived = c.resyncReceived;
                    best.resyncSent = c.resyncSent;
                }
                best.compressed = c.compressed;
                hwm = std::max(hwm, c.hwmKb);
            }
            std::printf("  Petrel ImapFolderSync in a fresh process, COMPRESS=DEFLATE %s (chunks of 1000, SQLite commit "
                        "per chunk)\n",
                        compress ? (best.compressed ? "on" : "asked for but NOT negotiated") : "off");
            std::printf("    %.3f s, %llu bytes received; the client's own CPU time %.3f s (connect + sync): the "
                        "rest is waiting for Dovecot\n",
                        best.first, best.firstReceived, best.cpu);
            std::printf("    ratio to the raw client: time %.2fx, bytes %.3fx (goal <= 2x; bytes <= 1.15x %s)\n",
                        best.first / rawBest, static_cast<double>(best.firstReceived) / static_cast<double>(rawBytes),
                        compress ? "before compression, here after it" : "");
            std::printf("    resync with no changes (CONDSTORE): %.4f s, %llu bytes received + %llu sent = %.1f KB "
                        "(goal < 0.5 s, < 20 KB)\n",
                        best.resync, best.resyncReceived, best.resyncSent,
                        static_cast<double>(best.resyncReceived + best.resyncSent) / 1024.0);
            std::printf("    peak memory of the syncing process (VmHWM, worst of %d): %.1f MB (goal < 150 MB)\n", runs,
                        static_cast<double>(hwm) / 1024.0);
        }
    } catch (const std::exception& e) {
        std::cerr << "bench failed: " << e.what() << "\n";
        rc = 1;
    }
    std::system((script + " stop --dir " + dir.string() + " >/dev/null").c_str());
    fs::remove_all(dir);
    return rc;
}
