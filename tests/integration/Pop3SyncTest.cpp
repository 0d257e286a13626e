// POP3 accounts end to end against the real Dovecot (issue 4): byte-exact retrieval, keep and
// delete modes, header-only browsing, size limits, local folders, and faults injected by a TCP
// proxy that cuts the connection at chosen points.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/CliApp.h"
#include "engine/Profile.h"
#include "model/AccountConfig.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "support/CliProfile.h"
#include "support/LoopbackListener.h"
#include "support/MailServer.h"
#include "support/TcpClient.h"

namespace fs = std::filesystem;
using nlohmann::json;
using petrel::testing::MailServer;
using petrel::testing::TcpClient;
using petrel::testing::TestUser;

namespace {

MailServer& server() { return MailServer::instance(); }

// Forwards 127.0.0.1:port() to Dovecot. A fault, when armed, applies to the next connection only:
// close after `cutAfterServerBytes` bytes from the server, or when the client sends `cutOnClient`.
class FaultProxy {
public:
    explicit FaultProxy(std::uint16_t target) : target_(target) {}
    ~FaultProxy() { *stop_ = true; }
    std::uint16_t port() const { return listener_.port(); }
    void cutAfterServerBytes(std::size_t n) { cutBytes_ = n; }
    void cutOnClient(const std::string& s) { cutText_ = s; }

private:
    void accept(int client) {
        std::size_t cutBytes = cutBytes_.exchange(0);
        std::string cutText = cutText_;
        cutText_.clear();
        // Detached: it owns copies of all it uses, and the shared stop flag outlives the proxy.
        std::thread([client, cutBytes, cutText, target = target_, stop = stop_] {
            forward(client, target, cutBytes, cutText, *stop);
        }).detach();
    }
    static void forward(int client, std::uint16_t target, std::size_t cutBytes, const std::string& cutText,
                        const std::atomic<bool>& stop) {
        int up = petrel::testing::connectLoopback(target);
        if (up < 0) {
            ::close(client);
            return;
        }
        std::size_t fromServer = 0;
        std::string clientTail;
        char buf[16384];
        for (;;) {
            pollfd fds[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
            if (::poll(fds, 2, 200) < 0) break;
            if (stop) break;
            if (fds[0].revents) {
                ssize_t n = ::recv(client, buf, sizeof buf, 0);
                if (n <= 0) break;
                clientTail.append(buf, static_cast<std::size_t>(n));
                if (!cutText.empty() && clientTail.find(cutText) != std::string::npos) break;  // dropped unsent
                if (clientTail.size() > 4096) clientTail.erase(0, clientTail.size() - 64);
                if (::send(up, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
            }
            if (fds[1].revents) {
                ssize_t n = ::recv(up, buf, sizeof buf, 0);
                if (n <= 0) break;
                std::size_t len = static_cast<std::size_t>(n);
                if (cutBytes && fromServer + len >= cutBytes) {
                    ::send(client, buf, cutBytes - fromServer, MSG_NOSIGNAL);
                    break;
                }
                fromServer += len;
                if (::send(client, buf, len, MSG_NOSIGNAL) != n) break;
            }
        }
        ::close(client);
        ::close(up);
    }

    std::uint16_t target_;
    std::shared_ptr<std::atomic<bool>> stop_ = std::make_shared<std::atomic<bool>>(false);
    std::atomic<std::size_t> cutBytes_{0};
    std::string cutText_;
    petrel::testing::LoopbackListener listener_{[this](int fd) { accept(fd); }, 8};
};

class Pop3Test : public ::testing::Test {
protected:
    json ok(std::vector<std::string> args) { return cli_.ok(std::move(args)); }
    petrel::testing::CliResult cli(std::vector<std::string> args) { return cli_.run(std::move(args)); }

    // A POP3 account named after the user. Plain POP3 (loopback) when `port` is given, so a proxy
    // can sit in between; POP3S with the pinned certificate otherwise.
    void addAccount(const TestUser& user, const std::string& mode, std::vector<std::string> extra = {},
                    std::uint16_t plainPort = 0) {
        std::vector<std::string> args = {"account", "add", user.name, "--pop3", "--host", server().host(),
                                         "--user", user.name, "--password-command",
                                         cli_.passwordCommand(user.name, user.password),
                                         "--pop3-mode", mode, "--offline"};
        if (plainPort) {
            args.insert(args.end(), {"--port", std::to_string(plainPort), "--security", "plain", "--allow-plaintext"});
        } else {
            args.insert(args.end(), {"--port", std::to_string(server().pop3sPort()), "--security", "tls",
                                     "--trust-fingerprint", server().certSha256()});
        }
        args.insert(args.end(), extra.begin(), extra.end());
        ok(args);
    }

    void updateAccount(const std::string& name, const std::function<void(petrel::model::AccountConfig&)>& f) {
        petrel::store::Db db(cli_.databasePath());
        petrel::store::AccountRepository repo(db);
        auto a = repo.findByName(name);
        ASSERT_TRUE(a);
        f(*a);
        repo.update(*a);
    }

    // The server's messages as they travel on the wire: the Maildir files with CRLF line ends.
    static std::vector<std::string> serverMessages(const TestUser& user) {
        std::vector<std::string> out;
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
                out.push_back(std::move(crlf));
            }
        }
        return out;
    }

    std::vector<std::string> storedMessages(const std::string& account, const std::string& folder = "INBOX") {
        std::vector<std::string> out;
        auto list = ok({"list", account, "--folder", folder, "--limit", "100000"});
        for (const auto& m : list["messages"]) {
            auto uid = std::to_string(m["uid"].get<unsigned>());
            auto file = cli_.dir() / ("raw-" + uid);
            ok({"raw", account, "--folder", folder, "--uid", uid, "--output", file.string()});
            std::ifstream f(file, std::ios::binary);
            out.emplace_back((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        }
        return out;
    }

    unsigned added(const json& sync) { return sync["accounts"][0]["folders"][0]["added"].get<unsigned>(); }

    petrel::testing::CliProfile cli_{"pop3"};
};

std::multiset<std::string> asSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

TEST_F(Pop3Test, StoresMessagesByteExactIncludingDotLines) {
    auto user = server().createUser("sample");
    addAccount(user, "keep");
    auto before = serverMessages(user);
    ASSERT_GT(before.size(), 10u);
    bool hasDotLines = false;
    for (const auto& m : before) hasDotLines |= m.find("\r\n..") != std::string::npos;
    ASSERT_TRUE(hasDotLines) << "the sample mailbox should have lines starting with '..'";

    auto sync = ok({"sync", user.name});
    EXPECT_EQ(added(sync), before.size());
    EXPECT_EQ(asSet(storedMessages(user.name)), asSet(before));

    auto folders = ok({"folders", user.name});
    ASSERT_EQ(folders["folders"].size(), 1u);
    EXPECT_EQ(folders["folders"][0]["path"], "INBOX");
    EXPECT_EQ(folders["folders"][0]["special_use"], "inbox");
}

TEST_F(Pop3Test, KeepModeDownloadsOnceAndAnIdleCheckCostsTheUidlListing) {
    auto user = server().createUser("bulk:40");
    addAccount(user, "keep", {}, server().pop3Port());
    EXPECT_EQ(added(ok({"sync", user.name})), 40u);
    auto again = ok({"sync", user.name});
    EXPECT_EQ(added(again), 0u);
    EXPECT_EQ(serverMessages(user).size(), 40u);

    // The same dialogue by hand: greeting, USER, PASS, UIDL, QUIT.
    TcpClient raw(server().host(), server().pop3Port());
    std::size_t bytes = raw.readLine().size() + 2;
    raw.sendLine("USER " + user.name);
    bytes += raw.readLine().size() + 2;
    raw.sendLine("PASS " + user.password);
    bytes += raw.readLine().size() + 2;
    raw.sendLine("UIDL");
    for (auto& l : raw.readLinesUntil([](const std::string& s) { return s == "."; })) bytes += l.size() + 2;
    raw.sendLine("QUIT");
    bytes += raw.readLine().size() + 2;

    const auto received = again["accounts"][0]["bytes_received"].get<std::uint64_t>();
    std::cout << "[ figures  ] idle keep-mode check: " << received << " bytes received; raw UIDL dialogue " << bytes
              << " (" << double(received) / double(bytes) << "x)\n";
    EXPECT_LE(double(received), 1.1 * double(bytes));
    EXPECT_EQ(storedMessages(user.name).size(), 40u);
}

TEST_F(Pop3Test, DeleteModeEmptiesTheServerOnlyAfterStoring) {
    auto user = server().createUser("bulk:12");
    auto before = serverMessages(user);
    addAccount(user, "delete");
    EXPECT_EQ(added(ok({"sync", user.name})), 12u);
    EXPECT_EQ(serverMessages(user).size(), 0u);
    EXPECT_EQ(asSet(storedMessages(user.name)), asSet(before));
    EXPECT_EQ(added(ok({"sync", user.name})), 0u);
}

TEST_F(Pop3Test, BrowseShowsHeadersAndDownloadedFlag) {
    auto user = server().createUser("sample");
    addAccount(user, "keep");
    auto b = ok({"pop3", "browse", user.name});
    ASSERT_EQ(b["messages"].size(), serverMessages(user).size());
    bool anyNonAscii = false;
    for (const auto& m : b["messages"]) {
        EXPECT_FALSE(m["downloaded"].get<bool>());
        EXPECT_FALSE(m["from"].get<std::string>().empty());
        EXPECT_FALSE(m["uidl"].get<std::string>().empty());
        EXPECT_GT(m["size"].get<std::uint64_t>(), 0u);
        auto s = m["subject"].get<std::string>();
        EXPECT_EQ(s.find("=?"), std::string::npos) << s;
        for (unsigned char c : s) anyNonAscii |= c >= 0x80;
    }
    EXPECT_TRUE(anyNonAscii) << "RFC 2047 subjects should be decoded";
    // Browsing stores nothing.
    auto l = cli({"list", user.name, "--folder", "INBOX"});
    if (l.code == 0) {
        EXPECT_EQ(l.out.value("messages", json::array()).size(), 0u);
    }

    // Download one message from the server view, then delete another on the server.
    auto shown = ok({"show", user.name, "--folder", "@server", "--uid", "1"});
    EXPECT_EQ(shown["folder"], "INBOX");
    b = ok({"pop3", "browse", user.name});
    EXPECT_TRUE(b["messages"][0]["downloaded"].get<bool>());
    EXPECT_FALSE(b["messages"][1]["downloaded"].get<bool>());
    const auto count = serverMessages(user).size();
    ok({"delete", user.name, "--folder", "@server", "--uid", "2"});
    EXPECT_EQ(serverMessages(user).size(), count - 1);
    // The downloaded one is not downloaded again by a sync.
    EXPECT_EQ(added(ok({"sync", user.name})), count - 2);
}

TEST_F(Pop3Test, RawOfTheServerViewDownloadsOnceAndIsByteExact) {
    auto user = server().createUser("sample");
    addAccount(user, "keep");
    const auto onServer = asSet(serverMessages(user));
    const auto first = cli_.dir() / "server-1.eml";
    auto r = ok({"raw", user.name, "--folder", "@server", "--uid", "1", "--output", first.string()});
    EXPECT_EQ(r["folder"], "INBOX");
    EXPECT_GT(r["bytes_received"].get<std::uint64_t>(), 0u) << "the message came over the wire";
    std::ifstream f1(first, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(f1)), std::istreambuf_iterator<char>());
    EXPECT_EQ(r["size"].get<std::size_t>(), bytes.size());
    EXPECT_EQ(onServer.count(bytes), 1u) << "raw must be the server's message byte for byte";
    EXPECT_TRUE(ok({"pop3", "browse", user.name})["messages"][0]["downloaded"].get<bool>());

    // The stored copy now answers from the Inbox without touching the server.
    const auto again = cli_.dir() / "local.eml";
    auto local = ok({"raw", user.name, "--folder", "INBOX", "--uid", std::to_string(r["uid"].get<unsigned>()),
                     "--output", again.string()});
    EXPECT_EQ(local["bytes_received"].get<std::uint64_t>(), 0u);
    std::ifstream f2(again, std::ios::binary);
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(f2)), std::istreambuf_iterator<char>()), bytes);
    EXPECT_EQ(ok({"list", user.name, "--folder", "INBOX"})["messages"].size(), 1u) << "downloaded once";
}

TEST_F(Pop3Test, SizeLimitKeepsBigMessagesHeaderOnlyUntilOpened) {
    auto user = server().createUser("sample");
    addAccount(user, "delete");
    updateAccount(user.name, [](petrel::model::AccountConfig& a) { a.pop3SizeLimitKb = 100; });
    auto before = serverMessages(user);
    std::size_t big = 0;
    for (const auto& m : before) big += m.size() > 100 * 1024;
    ASSERT_GT(big, 0u);
    auto sync = ok({"sync", user.name});
    EXPECT_EQ(sync["accounts"][0]["folders"][0]["header_only"].get<unsigned>(), big);
    // Delete mode leaves header-only messages on the server.
    EXPECT_EQ(serverMessages(user).size(), big);

    auto list = ok({"list", user.name, "--folder", "INBOX", "--limit", "1000"});
    unsigned opened = 0;
    for (const auto& m : list["messages"]) {
        auto uid = std::to_string(m["uid"].get<unsigned>());
        auto shown = ok({"show", user.name, "--folder", "INBOX", "--uid", uid});
        if (shown["bytes_received"].get<std::uint64_t>() > 0) ++opened;
    }
    EXPECT_EQ(opened, big);
    EXPECT_EQ(serverMessages(user).size(), 0u);
    EXPECT_EQ(asSet(storedMessages(user.name)), asSet(before));
}

TEST_F(Pop3Test, LocalFoldersMoveCopySearchAndDeleteOnLocalDelete) {
    auto user = server().createUser("bulk:6");
    addAccount(user, "keep", {"--delete-on-local-delete"});
    ok({"sync", user.name});
    ok({"folder", "create", user.name, "Archive/2025"});
    auto folders = ok({"folders", user.name});
    EXPECT_EQ(folders["folders"].size(), 3u);
    ok({"move", user.name, "--folder", "INBOX", "--uid", "1", "--to", "Archive/2025"});
    ok({"copy", user.name, "--folder", "INBOX", "--uid", "2", "--to", "Archive/2025"});
    EXPECT_EQ(storedMessages(user.name, "Archive/2025").size(), 2u);
    EXPECT_EQ(storedMessages(user.name).size(), 5u);
    ok({"folder", "rename", user.name, "Archive", "Old"});
    EXPECT_EQ(storedMessages(user.name, "Old/2025").size(), 2u);

    auto list = ok({"list", user.name, "--folder", "Old/2025"});
    auto subject = list["messages"][0]["subject"].get<std::string>();
    std::string word;
    for (std::istringstream ws(subject); ws >> word;)
        if (word.size() > 4 && std::isalpha(static_cast<unsigned char>(word[0]))) break;
    auto hits = ok({"search", user.name, "--local", word});
    EXPECT_GE(hits.value("hits", hits.value("messages", json::array())).size(), 1u) << hits.dump();

    ok({"delete", user.name, "--folder", "INBOX", "--uid", "3"});
    EXPECT_EQ(serverMessages(user).size(), 5u);
    ok({"folder", "delete", user.name, "Old", "--recursive"});
    EXPECT_EQ(ok({"folders", user.name})["folders"].size(), 1u);
    EXPECT_EQ(added(ok({"sync", user.name})), 0u);
}

// --- faults -----------------------------------------------------------------------------

TEST_F(Pop3Test, ConnectionCutDuringRetrStoresNothingTwiceAndDeletesNothing) {
    auto user = server().createUser("bulk:10");
    auto before = serverMessages(user);
    FaultProxy proxy(server().pop3Port());
    addAccount(user, "delete", {}, proxy.port());
    std::size_t total = 0;
    for (const auto& m : before) total += m.size();
    proxy.cutAfterServerBytes(total / 2);
    auto r = cli({"sync", user.name});
    EXPECT_NE(r.code, 0);
    EXPECT_EQ(serverMessages(user).size(), 10u);  // no QUIT: nothing deleted
    auto partial = storedMessages(user.name).size();
    EXPECT_GT(partial, 0u);
    EXPECT_LT(partial, 10u);
    ok({"sync", user.name});
    EXPECT_EQ(asSet(storedMessages(user.name)), asSet(before));
    EXPECT_EQ(serverMessages(user).size(), 0u);
}

TEST_F(Pop3Test, ConnectionCutAfterDeleBeforeQuitDeletesNothingAndNextCheckFinishes) {
    auto user = server().createUser("bulk:8");
    auto before = serverMessages(user);
    FaultProxy proxy(server().pop3Port());
    addAccount(user, "delete", {}, proxy.port());
    proxy.cutOnClient("QUIT\r\n");
    auto r = cli({"sync", user.name});
    EXPECT_NE(r.code, 0);
    EXPECT_EQ(serverMessages(user).size(), 8u);
    EXPECT_EQ(asSet(storedMessages(user.name)), asSet(before));
    auto again = ok({"sync", user.name});
    EXPECT_EQ(added(again), 0u);
    EXPECT_EQ(serverMessages(user).size(), 0u);
    EXPECT_EQ(asSet(storedMessages(user.name)), asSet(before));
}

TEST_F(Pop3Test, ConnectionCutDuringTopLeavesEverythingAlone) {
    auto user = server().createUser("bulk:30");
    FaultProxy proxy(server().pop3Port());
    addAccount(user, "delete", {}, proxy.port());
    proxy.cutAfterServerBytes(3000);
    EXPECT_NE(cli({"pop3", "browse", user.name}).code, 0);
    EXPECT_EQ(serverMessages(user).size(), 30u);
    EXPECT_EQ(ok({"pop3", "browse", user.name})["messages"].size(), 30u);
    EXPECT_EQ(serverMessages(user).size(), 30u);
}

}  // namespace
