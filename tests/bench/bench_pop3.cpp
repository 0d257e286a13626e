// POP3 benchmark (issue 4), printed, never asserted. Starts its own Dovecot with
// tests/servers/petrel-mailserver, a 10,000-message mailbox and a 1,000-message one, and compares
// Petrel's path (ServiceConnector + Pop3Session + Pop3Sync) with a raw pipelined client over the
// same plaintext loopback POP3 in the same run (medians of 3):
//   header browse (TOP n 0 for all)         goal <= 1.5x raw
//   keep-mode check with no new mail, bytes goal <= 1.1x the raw UIDL dialogue
//   full download of 1,000 messages         vs raw pipelined RETR
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "model/AccountConfig.h"
#include "net/Pop3Reader.h"
#include "net/Pop3Session.h"
#include "net/ServiceConnector.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/Pop3Ledger.h"
#include "store/Txn.h"
#include "sync/Pop3Sync.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kScript = (fs::path(__FILE__).parent_path() / ".." / "servers" / "petrel-mailserver").string();

int run(const std::string& cmd) { return std::system(cmd.c_str()); }

std::map<std::string, std::string> readEnv(const fs::path& file) {
    std::map<std::string, std::string> env;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string v = line.substr(eq + 1);
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
        env[line.substr(0, eq)] = v;
    }
    return env;
}

// A raw POP3 client over a plain socket, counting received bytes.
class Raw {
public:
    Raw(std::uint16_t port) : reader_([this] { return chunk(); }) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(port);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
        reader_.readLine();
    }
    ~Raw() { ::close(fd_); }
    void send(const std::string& s) { ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL); }
    std::string line() { return reader_.readLine(); }
    std::string body() { return reader_.readMultiline(); }
    void login(const std::string& user, const std::string& pw) {
        send("USER " + user + "\r\n");
        line();
        send("PASS " + pw + "\r\n");
        line();
    }
    // Pipelined multi-line command for 1..n, window 64 like Petrel's.
    void pipelined(const std::string& verb, const std::string& suffix, unsigned n) {
        unsigned sent = 0, read = 0;
        while (read < n) {
            std::string batch;
            while (sent < n && sent - read < 64) batch += verb + " " + std::to_string(++sent) + suffix + "\r\n";
            if (!batch.empty()) send(batch);
            while (read < sent && (sent == n || sent - read > 32)) {
                line();
                body();
                ++read;
            }
        }
    }
    std::size_t received() const { return reader_.bytesRead(); }

private:
    std::string chunk() {
        char buf[65536];
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) throw std::runtime_error("closed");
        return std::string(buf, static_cast<std::size_t>(n));
    }
    int fd_ = -1;
    petrel::net::Pop3Reader reader_;
};

double seconds(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

petrel::model::AccountConfig account(const std::string& user, std::uint16_t port) {
    petrel::model::AccountConfig a;
    a.name = user;
    a.protocol = petrel::model::Protocol::Pop3;
    a.user = user;
    a.incoming.host = "127.0.0.1";
    a.incoming.port = port;
    a.incoming.security = petrel::model::Security::Plain;
    a.allowPlaintext = true;
    return a;
}

}  // namespace

int main() {
    const fs::path dir = fs::temp_directory_path() / ("petrel-bench-pop3-" + std::to_string(::getpid()));
    const std::string pw = "bench-password-1";
    if (run(kScript + " start --dir " + dir.string() + " --fresh >/dev/null") != 0 ||
        run(kScript + " add-user --dir " + dir.string() + " big " + pw + " --fill bulk:10000 >/dev/null") != 0 ||
        run(kScript + " add-user --dir " + dir.string() + " small " + pw + " --fill bulk:1000 >/dev/null") != 0) {
        std::printf("bench_pop3: could not start the mail server\n");
        return 0;
    }
    auto env = readEnv(dir / "servers.env");
    const auto port = static_cast<std::uint16_t>(std::stoi(env["POP3_PORT"]));
    const fs::path profile = dir / "profile";
    fs::create_directories(profile / "cache");
    petrel::store::Db db((profile / "index.db").string());
    auto big = account("big", port);
    big.id = petrel::store::AccountRepository(db).add(big);
    auto small = account("small", port);
    small.id = petrel::store::AccountRepository(db).add(small);
    auto password = [pw] { return pw; };

    // Warm Dovecot's caches once.
    {
        Raw r(port);
        r.login("big", pw);
        r.pipelined("TOP", " 0", 10000);
    }

    // 1. Header browse.
    std::vector<double> rawT, ourT;
    std::size_t rawBytes = 0, ourBytes = 0;
    for (int i = 0; i < 3; ++i) {
        auto t = Clock::now();
        Raw r(port);
        r.login("big", pw);
        r.send("UIDL\r\n");
        r.line();
        r.body();
        r.send("LIST\r\n");
        r.line();
        r.body();
        r.pipelined("TOP", " 0", 10000);
        r.send("QUIT\r\n");
        r.line();
        rawT.push_back(seconds(t));
        rawBytes = r.received();

        t = Clock::now();
        petrel::net::ServiceConnector c(big, password);
        petrel::net::Pop3Session s(c);
        petrel::sync::Pop3Sync sync(db, (profile / "cache").string(), big);
        auto entries = sync.browse(s);
        ourT.push_back(seconds(t));
        ourBytes = c.wireBytes().received;
        if (entries.size() != 10000) std::printf("  (browse saw %zu messages)\n", entries.size());
    }
    std::printf("header browse, 10,000 messages (UIDL+LIST+TOP n 0): petrel %.3f s, raw pipelined %.3f s, ratio %.2fx "
                "(goal <= 1.5x); bytes %zu vs %zu\n",
                median(ourT), median(rawT), median(ourT) / median(rawT), ourBytes, rawBytes);

    // 2. Keep-mode check with nothing new: every UIDL already in the ledger.
    {
        Raw r(port);
        r.login("big", pw);
        r.send("UIDL\r\n");
        r.line();
        std::string listing = r.body();
        r.send("QUIT\r\n");
        r.line();
        const std::size_t rawUidl = r.received();
        petrel::store::Pop3Ledger ledger(db);
        petrel::store::Txn txn(db);
        for (std::size_t pos = 0; pos < listing.size();) {
            auto nl = listing.find("\r\n", pos);
            auto line = listing.substr(pos, nl - pos);
            pos = nl + 2;
            ledger.markDownloaded(big.id, line.substr(line.find(' ') + 1), std::nullopt);
        }
        txn.commit();
        petrel::net::ServiceConnector c(big, password);
        auto t = Clock::now();
        petrel::net::Pop3Session s(c);
        petrel::sync::Pop3Sync sync(db, (profile / "cache").string(), big);
        auto result = sync.check(s);
        double took = seconds(t);
        const auto ours = c.wireBytes();
        std::printf("keep-mode check, no new mail: petrel received %llu bytes (sent %llu) in %.3f s, added %u; raw "
                    "greeting+USER/PASS/UIDL/QUIT received %zu bytes; ratio %.3fx (goal <= 1.1x)\n",
                    static_cast<unsigned long long>(ours.received), static_cast<unsigned long long>(ours.sent), took,
                    result.added, rawUidl, double(ours.received) / double(rawUidl));
    }

    // 3. Full download of 1,000 messages (keep mode) vs raw pipelined RETR.
    {
        auto t = Clock::now();
        Raw r(port);
        r.login("small", pw);
        r.pipelined("RETR", "", 1000);
        r.send("QUIT\r\n");
        r.line();
        double rawTook = seconds(t);
        petrel::net::ServiceConnector c(small, password);
        t = Clock::now();
        petrel::net::Pop3Session s(c);
        petrel::sync::Pop3Sync sync(db, (profile / "cache").string(), small);
        auto result = sync.check(s);
        double took = seconds(t);
        std::printf("full download, 1,000 messages: petrel %.3f s (stored %u, %llu bytes received, parse + index, "
                    "batched commits), raw pipelined RETR %.3f s (%zu bytes); ratio %.2fx\n",
                    took, result.added, static_cast<unsigned long long>(c.wireBytes().received), rawTook, r.received(),
                    took / rawTook);
    }

    run(kScript + " stop --dir " + dir.string() + " >/dev/null");
    fs::remove_all(dir);
    return 0;
}
