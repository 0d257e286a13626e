// Issue 4 item 7: the real petrel-cli binary is killed (SIGKILL) at random points of a POP3 sync,
// in keep and in delete mode. A recording proxy between the client and Dovecot sees every command
// the client sent, so the test can tell what was retrieved and deleted in each killed run.
//
// After every kill: the database passes PRAGMA integrity_check; no message is stored twice; every
// stored message is byte-identical to its Maildir file; the ledger and the stored messages agree;
// every message that left the server is stored; no RETR went out for a UIDL whose download had
// committed before the run (keep mode never downloads a message twice); every DELE'd UIDL is
// committed as downloaded. Each user is killed until a run finishes by itself: that run must
// converge (everything stored exactly once; delete mode: server empty), and one more sync must
// retrieve nothing.
//
// The seed is printed; PETREL_CRASH_SEED=N reproduces a sequence of delays (timing still varies).
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <strings.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli/CliApp.h"
#include "engine/Profile.h"
#include "store/Db.h"
#include "store/Stmt.h"
#include "support/ChildProcess.h"
#include "support/LoopbackListener.h"
#include "support/MailServer.h"
#include "support/TcpClient.h"
#include "sync/LocalMailbox.h"

namespace fs = std::filesystem;
using nlohmann::json;
using petrel::testing::MailServer;
using petrel::testing::TcpClient;
using petrel::testing::TestUser;
using SteadyClock = std::chrono::steady_clock;

namespace {

MailServer& server() { return MailServer::instance(); }

// Forwards 127.0.0.1:port() to Dovecot's POP3 port and records the commands clients send.
// When a client goes away its half of the connection is closed towards Dovecot and the proxy
// waits for Dovecot to end the session, so once idle() returns the server has finished (rolled
// back, or committed a QUIT that got through).
class RecordingProxy {
public:
    explicit RecordingProxy(std::uint16_t target) : target_(target) {}
    ~RecordingProxy() {
        listener_.reset();
        std::unique_lock lock(mutex_);
        idle_.wait_for(lock, std::chrono::seconds(5), [this] { return active_ == 0; });
    }
    std::uint16_t port() const { return listener_->port(); }

    // Waits until no connection is open; false on timeout.
    bool waitIdle(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return idle_.wait_for(lock, timeout, [this] { return active_ == 0; });
    }
    // Every command line recorded since the last call (all connections, in arrival order).
    std::vector<std::string> takeCommands() {
        std::lock_guard lock(mutex_);
        return std::exchange(commands_, {});
    }

private:
    void accept(int client) {
        {
            std::lock_guard lock(mutex_);
            ++active_;
        }
        std::thread([this, client] {
            forward(client);
            std::lock_guard lock(mutex_);
            --active_;
            idle_.notify_all();
        }).detach();
    }
    void record(std::string& pending, const char* data, std::size_t n) {
        pending.append(data, n);
        std::size_t nl;
        std::lock_guard lock(mutex_);
        while ((nl = pending.find('\n')) != std::string::npos) {
            std::string line = pending.substr(0, nl);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            pending.erase(0, nl + 1);
            if (line.rfind("PASS", 0) != 0) commands_.push_back(line);
        }
    }
    void forward(int client) {
        int up = petrel::testing::connectLoopback(target_);
        if (up < 0) {
            ::close(client);
            return;
        }
        std::string pending;
        bool clientOpen = true;
        char buf[65536];
        const auto deadline = SteadyClock::now() + std::chrono::seconds(60);
        while (SteadyClock::now() < deadline) {
            pollfd fds[2] = {{clientOpen ? client : -1, POLLIN, 0}, {up, POLLIN, 0}};
            if (::poll(fds, 2, 200) < 0) break;
            if (clientOpen && fds[0].revents) {
                ssize_t n = ::recv(client, buf, sizeof buf, 0);
                if (n <= 0) {
                    clientOpen = false;
                    ::shutdown(up, SHUT_WR);  // Dovecot sees EOF and ends the session
                } else {
                    record(pending, buf, static_cast<std::size_t>(n));
                    if (::send(up, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
                }
            }
            if (fds[1].revents) {
                ssize_t n = ::recv(up, buf, sizeof buf, 0);
                if (n <= 0) break;  // Dovecot ended the session
                if (clientOpen) ::send(client, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL);
            }
        }
        ::close(client);
        ::close(up);
    }

    std::uint16_t target_;
    std::mutex mutex_;
    std::condition_variable idle_;
    int active_ = 0;
    std::vector<std::string> commands_;
    std::unique_ptr<petrel::testing::LoopbackListener> listener_ =
        std::make_unique<petrel::testing::LoopbackListener>([this](int fd) { accept(fd); });
};

std::string messageIdOf(const std::string& raw) {
    std::size_t pos = 0;
    while (pos < raw.size()) {
        std::size_t nl = raw.find('\n', pos);
        if (nl == std::string::npos) nl = raw.size();
        std::string line = raw.substr(pos, nl - pos);
        if (line.empty() || line == "\r") break;  // end of the header
        if (line.size() > 11 && strncasecmp(line.c_str(), "Message-ID:", 11) == 0) {
            std::string v = line.substr(11);
            while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
            while (!v.empty() && v.front() == ' ') v.erase(0, 1);
            return v;
        }
        pos = nl + 1;
    }
    return {};
}

// What the server holds, by Message-ID, as the bytes travel on the wire (CRLF).
std::map<std::string, std::string> serverMessages(const TestUser& user) {
    std::map<std::string, std::string> out;
    for (const char* sub : {"cur", "new"}) {
        fs::path d = fs::path(server().maildir(user)) / sub;
        if (!fs::exists(d)) continue;
        for (const auto& e : fs::directory_iterator(d)) {
            std::ifstream f(e.path(), std::ios::binary);
            std::string lf((std::istreambuf_iterator<char>(f)), {}), crlf;
            crlf.reserve(lf.size() + lf.size() / 20);
            for (std::size_t i = 0; i < lf.size(); ++i) {
                if (lf[i] == '\n' && (i == 0 || lf[i - 1] != '\r')) crlf += '\r';
                crlf += lf[i];
            }
            std::string id = messageIdOf(crlf);
            out[id] = std::move(crlf);
        }
    }
    return out;
}

// Message number -> UIDL, straight from Dovecot (not through the proxy).
std::map<unsigned, std::string> serverUidls(const TestUser& user) {
    TcpClient raw(server().host(), server().pop3Port());
    raw.readLine();
    raw.sendLine("USER " + user.name);
    raw.readLine();
    raw.sendLine("PASS " + user.password);
    if (raw.readLine().rfind("+OK", 0) != 0) throw std::runtime_error("raw POP3 login failed");
    raw.sendLine("UIDL");
    raw.readLine();
    std::map<unsigned, std::string> out;
    for (const auto& l : raw.readLinesUntil([](const std::string& s) { return s == "."; })) {
        if (l == ".") break;
        auto sp = l.find(' ');
        out[static_cast<unsigned>(std::stoul(l.substr(0, sp)))] = l.substr(sp + 1);
    }
    raw.sendLine("QUIT");
    raw.readLine();
    return out;
}

struct LocalState {
    std::string integrity;
    std::map<std::string, std::vector<std::string>> byMessageId;  // Message-ID -> stored bytes (each copy)
    std::size_t messages = 0;
    std::size_t incomplete = 0;
    std::set<std::string> downloadedUidls;      // ledger: downloaded_at set
    std::size_t downloadedWithoutMessage = 0;   // ledger rows downloaded but pointing nowhere
};

LocalState readLocal(const fs::path& profileDir) {
    LocalState s;
    petrel::engine::Profile profile(profileDir.string());
    if (!fs::exists(profile.databasePath())) {
        s.integrity = "ok";
        return s;
    }
    petrel::store::Db db(profile.databasePath());
    {
        auto st = db.prepare("PRAGMA integrity_check");
        while (st.step()) s.integrity += (s.integrity.empty() ? "" : "; ") + st.getText(0);
    }
    petrel::sync::LocalMailbox mailbox(db, profile.cacheDirectory());
    auto st = db.prepare("SELECT id, header_message_id, cache_state FROM messages");
    while (st.step()) {
        ++s.messages;
        const auto id = st.getInt64(0);
        if ((st.getInt64(2) & petrel::model::CachedFull) == 0) ++s.incomplete;
        s.byMessageId[st.getText(1)].push_back(mailbox.raw(id).value_or("<no bytes>"));
    }
    auto ledger = db.prepare(
        "SELECT l.uidl, l.local_message_id IS NULL OR m.id IS NULL FROM pop3_ledger l "
        "LEFT JOIN messages m ON m.id = l.local_message_id WHERE l.downloaded_at IS NOT NULL");
    while (ledger.step()) {
        s.downloadedUidls.insert(ledger.getText(0));
        if (ledger.getBool(1)) ++s.downloadedWithoutMessage;
    }
    return s;
}

class Pop3CrashTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("petrel-pop3crash-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        random_.seed(petrel::testing::crashSeed());
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path profileOf(const TestUser& user) { return dir_ / ("profile-" + user.name); }

    int cliInProcess(const TestUser& user, std::vector<std::string> args, json* out = nullptr) {
        args.insert(args.begin(), {"--profile", profileOf(user).string(), "--json"});
        std::istringstream in;
        std::ostringstream o, e;
        int code = petrel::cli::runCli(args, in, o, e);
        if (out && !o.str().empty()) *out = json::parse(o.str(), nullptr, false);
        EXPECT_EQ(code, 0) << e.str();
        return code;
    }

    void addAccount(const TestUser& user, const std::string& mode, std::uint16_t port) {
        auto pw = dir_ / (user.name + ".pw");
        std::ofstream(pw) << user.password;
        cliInProcess(user, {"account", "add", user.name, "--pop3", "--host", server().host(), "--user", user.name,
                            "--password-command", "cat " + pw.string(), "--pop3-mode", mode, "--offline", "--port",
                            std::to_string(port), "--security", "plain", "--allow-plaintext"});
    }

    // Runs `petrel-cli --profile DIR sync NAME` and kills it with SIGKILL after `killAfter`
    // (never, when zero).
    petrel::testing::KilledRun runCli(const TestUser& user, std::chrono::microseconds killAfter) {
        return petrel::testing::runKilledAfter({PETREL_CLI_PATH, "--profile", profileOf(user).string(), "sync", user.name},
                                               killAfter, std::chrono::seconds(120), dir_ / (user.name + ".log"));
    }

    std::string logOf(const TestUser& user) {
        std::ifstream f(dir_ / (user.name + ".log"));
        return {std::istreambuf_iterator<char>(f), {}};
    }

    // The invariants that hold after any run, killed or not. `before`: UIDLs committed as
    // downloaded when the run started; `numbers`: the server's numbering during the run.
    void checkAfterRun(const std::string& where, const std::map<std::string, std::string>& originals,
                       const TestUser& user, bool keepMode, const std::set<std::string>& before,
                       const std::map<unsigned, std::string>& numbers, const std::vector<std::string>& commands,
                       LocalState& local) {
        local = readLocal(profileOf(user));
        EXPECT_EQ(local.integrity, "ok") << where;
        std::size_t stored = 0;
        for (const auto& [id, copies] : local.byMessageId) {
            EXPECT_EQ(copies.size(), 1u) << where << ": " << id << " stored " << copies.size() << " times";
            auto it = originals.find(id);
            if (it == originals.end()) {
                ADD_FAILURE() << where << ": stored a message the server never had: " << id;
                continue;
            }
            for (const auto& c : copies) {
                EXPECT_TRUE(c == it->second) << where << ": bytes differ for " << id;
            }
            stored += copies.size();
        }
        EXPECT_EQ(local.incomplete, 0u) << where;
        EXPECT_EQ(local.downloadedWithoutMessage, 0u) << where << ": ledger says downloaded, nothing stored";
        EXPECT_EQ(local.downloadedUidls.size(), stored) << where << ": ledger and stored messages disagree";

        const auto onServer = serverMessages(user);
        for (const auto& [id, bytes] : originals) {
            EXPECT_TRUE(onServer.count(id) || local.byMessageId.count(id))
                << where << ": " << id << " left the server without being stored";
        }
        if (keepMode) {
            EXPECT_EQ(onServer.size(), originals.size()) << where << ": keep mode deleted on the server";
        }

        for (const auto& c : commands) {
            const bool retr = c.rfind("RETR ", 0) == 0, dele = c.rfind("DELE ", 0) == 0;
            if (!retr && !dele) continue;
            auto n = static_cast<unsigned>(std::stoul(c.substr(5)));
            auto it = numbers.find(n);
            if (it == numbers.end()) {
                ADD_FAILURE() << where << ": " << c << " names no message on the server";
                continue;
            }
            if (retr) {
                EXPECT_FALSE(before.count(it->second)) << where << ": " << c << " downloads " << it->second << " again";
            }
            if (dele) {
                EXPECT_TRUE(local.downloadedUidls.count(it->second))
                    << where << ": " << c << " deletes " << it->second << ", which is not stored";
            }
        }
    }

    void crashRuns(const std::string& mode, unsigned wantedKills, unsigned& kills, unsigned& finished,
                   std::map<std::string, unsigned>& landing) {
        const bool keep = mode == "keep";
        RecordingProxy proxy(server().pop3Port());

        // Calibration: how long an undisturbed sync of such a mailbox takes (the kill window).
        auto calib = server().createUser("bulk:60");
        addAccount(calib, mode, proxy.port());
        auto full = runCli(calib, {});
        ASSERT_EQ(full.exitCode, 0) << logOf(calib);
        ASSERT_TRUE(proxy.waitIdle());
        proxy.takeCommands();
        const auto window = std::chrono::microseconds(static_cast<long long>(full.seconds * 1e6));
        std::cout << "[ crash    ] " << mode << ": an undisturbed sync of 60 messages takes " << full.seconds * 1000
                  << " ms; kills land uniformly in that window\n";

        unsigned users = 0;
        while (kills < wantedKills && users < 40) {
            auto user = server().createUser("bulk:60");
            ++users;
            const auto originals = serverMessages(user);
            ASSERT_EQ(originals.size(), 60u);
            addAccount(user, mode, proxy.port());
            for (unsigned run = 1;; ++run) {
                const std::string where = mode + " " + user.name + " run " + std::to_string(run);
                // After kMaxKills kills the run is left alone: it is the final sync that must converge.
                constexpr unsigned kMaxKills = 8;
                const auto numbers = serverUidls(user);
                const auto before = readLocal(profileOf(user)).downloadedUidls;
                std::uniform_int_distribution<long long> pick(1, window.count());
                const auto delay = std::chrono::microseconds(pick(random_));
                auto o = runCli(user, run > kMaxKills ? std::chrono::microseconds(0) : delay);
                ASSERT_TRUE(proxy.waitIdle()) << where;
                const auto commands = proxy.takeCommands();
                LocalState local;
                checkAfterRun(where, originals, user, keep, before, numbers, commands, local);
                if (::testing::Test::HasFailure()) {
                    std::cout << "[ crash    ] " << where << " failed; client log:\n" << logOf(user);
                    return;
                }
                if (!o.killed) {
                    // Finished by itself: it must have converged.
                    EXPECT_EQ(o.exitCode, 0) << where << "\n" << logOf(user);
                    ++finished;
                    const auto onServer = serverMessages(user);
                    EXPECT_EQ(local.byMessageId.size(), originals.size()) << where;
                    EXPECT_EQ(onServer.size(), keep ? originals.size() : 0u) << where;
                    std::cout << "[ crash    ] " << where << ": delay " << delay.count() / 1000
                              << " ms, finished by itself; " << local.messages << "/60 stored, " << onServer.size()
                              << " on the server\n";
                    break;
                }
                ++kills;
                const std::size_t n = local.messages;
                bool retr = false, quit = false;
                for (const auto& c : commands) {
                    retr |= c.rfind("RETR", 0) == 0;
                    quit |= c == "QUIT";
                }
                const std::string at = quit ? "after QUIT was sent" : retr ? "during RETR/DELE" : "before any RETR";
                ++landing[at];
                std::cout << "[ crash    ] " << where << ": killed after " << delay.count() / 1000 << " ms ("
                          << at << ": " << n << "/60 stored, " << serverMessages(user).size() << " on the server, "
                          << commands.size() << " commands sent)\n";
            }
            // One more sync retrieves nothing: nothing is downloaded twice.
            const auto numbers = serverUidls(user);
            const auto before = readLocal(profileOf(user)).downloadedUidls;
            json out;
            cliInProcess(user, {"sync", user.name}, &out);
            ASSERT_TRUE(proxy.waitIdle());
            const auto commands = proxy.takeCommands();
            EXPECT_EQ(out["accounts"][0]["folders"][0]["added"].get<unsigned>(), 0u) << out.dump();
            for (const auto& c : commands) {
                EXPECT_NE(c.rfind("RETR", 0), 0u) << c;
            }
            LocalState local;
            checkAfterRun(mode + " " + user.name + " resync", originals, user, keep, before, numbers, commands, local);
            if (::testing::Test::HasFailure()) return;
        }
    }

    fs::path dir_;
    std::mt19937_64 random_;
};

TEST_F(Pop3CrashTest, KillingTheClientAtRandomPointsLosesAndDuplicatesNothing) {
    const auto start = SteadyClock::now();
    for (const char* mode : {"keep", "delete"}) {
        unsigned kills = 0, finished = 0;
        std::map<std::string, unsigned> landing;
        crashRuns(mode, 12, kills, finished, landing);
        std::cout << "[ crash    ] " << mode << " mode: " << kills << " kills, " << finished
                  << " runs finished by themselves (converged);";
        for (const auto& [at, n] : landing) std::cout << " " << at << ": " << n << ";";
        std::cout << "\n";
        EXPECT_GE(kills, 12u);
        if (HasFailure()) break;
    }
    std::cout << "[ crash    ] took " << std::chrono::duration<double>(SteadyClock::now() - start).count()
              << " s\n";
}

}  // namespace
