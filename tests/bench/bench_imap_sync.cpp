// First header sync of a 10,000-message INBOX with Petrel's IMAP path, COMPRESS=DEFLATE off and on, (ImapSession +
// ImapFolderSync into SQLite) against a raw client fetching the same items from the same Dovecot
// in the same run; then a resync with nothing changed. Prints; never asserts.
// Starts its own servers with tests/servers/petrel-mailserver (PETREL_MAILSERVER_SCRIPT overrides).
// Usage: bench_imap_sync [N]   (default 10000)
#include <arpa/inet.h>
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

}  // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
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
        for (int i = 0; i < 3; ++i) {
            RawClient raw(host, port);
            raw.cmd("a", "LOGIN bench benchpw1");
            raw.cmd("b", "EXAMINE INBOX");
            const std::size_t before = raw.received;
            const auto t = Clock::now();
            raw.cmd("c", std::string("FETCH 1:* ") + kItems);
            rawBest = std::min(rawBest, since(t));
            rawBytes = raw.received - before;
        }

        petrel::model::AccountConfig account;
        account.name = "bench";
        account.user = "bench";
        account.incoming.host = host;
        account.incoming.port = static_cast<std::uint16_t>(port);
        account.incoming.security = petrel::model::Security::Plain;
        account.allowPlaintext = true;
        std::printf("first header sync of %d messages (best of 3, same Dovecot, plain loopback):\n", n);
        std::printf("  raw client FETCH 1:* %s\n", kItems);
        std::printf("    %.3f s, %zu bytes received (uncompressed)\n", rawBest, rawBytes);
        for (const bool compress : {false, true}) {
            account.compress = compress;
            double oursBest = 1e9, resyncBest = 1e9;
            std::uint64_t oursBytes = 0, resyncBytes = 0;
            bool compressed = false;
            for (int i = 0; i < 3; ++i) {
                const fs::path db = dir / ("bench-" + std::to_string(compress) + "-" + std::to_string(i) + ".db");
                petrel::store::Db index(db.string());
                account.id = petrel::store::AccountRepository(index).add(account);
                petrel::net::ImapSession session(account, [] { return std::string("benchpw1"); });
                session.connect();
                compressed = session.compressed();
                petrel::sync::refreshImapFolders(session, index, account.id);
                const auto inbox = petrel::store::FolderRepository(index).find(account.id, "INBOX")->id;
                auto before = session.wireBytes();
                auto t = Clock::now();
                auto r = petrel::sync::ImapFolderSync(session, index).sync(inbox);
                oursBest = std::min(oursBest, since(t));
                oursBytes = (session.wireBytes() - before).received;
                if (r.added != static_cast<std::uint32_t>(n)) std::cout << "(added " << r.added << ")\n";
                before = session.wireBytes();
                t = Clock::now();
                petrel::sync::ImapFolderSync(session, index).sync(inbox);
                resyncBest = std::min(resyncBest, since(t));
                resyncBytes = (session.wireBytes() - before).received;
            }
            std::printf("  Petrel ImapFolderSync, COMPRESS=DEFLATE %s (chunks of 1000, SQLite commit per chunk)\n",
                        compress ? (compressed ? "on" : "asked for but NOT negotiated") : "off");
            std::printf("    %.3f s, %llu bytes received\n", oursBest, static_cast<unsigned long long>(oursBytes));
            std::printf("    ratio to the raw client: time %.2fx, bytes %.3fx (goal <= 2x; bytes <= 1.15x %s)\n",
                        oursBest / rawBest, static_cast<double>(oursBytes) / static_cast<double>(rawBytes),
                        compress ? "before compression, here after it" : "");
            std::printf("    resync with no changes (CONDSTORE): %.4f s, %llu bytes received\n", resyncBest,
                        static_cast<unsigned long long>(resyncBytes));
        }
    } catch (const std::exception& e) {
        std::cerr << "bench failed: " << e.what() << "\n";
        rc = 1;
    }
    std::system((script + " stop --dir " + dir.string() + " >/dev/null").c_str());
    fs::remove_all(dir);
    return rc;
}
