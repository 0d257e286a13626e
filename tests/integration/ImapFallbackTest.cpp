// The client's fallbacks for IMAP extensions a server does not offer, against real Dovecots whose
// advertised capabilities are reduced (petrel-mailserver start --imap-capability): no LITERAL+
// (synchronising literals), no MOVE (COPY + \Deleted + UID EXPUNGE, or EXPUNGE without UIDPLUS),
// no LIST-EXTENDED (LIST + LSUB), no CONDSTORE (flags of known UIDs in chunks), no COMPRESS, no
// IDLE (STATUS polling). The client talks to Dovecot through a recording proxy in plain IMAP, so
// each test asserts on the bytes it sent as well as on what the server holds afterwards (read
// back with a separate raw client).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "support/CliProfile.h"
#include "support/ImapProbe.h"
#include "support/MailServer.h"
#include "support/RelayProxy.h"
#include "support/TcpClient.h"

using nlohmann::json;
using petrel::testing::MailServer;
using petrel::testing::searchUids;
using petrel::testing::TcpClient;
namespace fs = std::filesystem;

namespace {

// Dovecot's post-login list minus LITERAL+, MOVE, CONDSTORE/QRESYNC, IDLE, LIST-EXTENDED,
// LIST-STATUS and COMPRESS=DEFLATE.
constexpr const char* kReduced = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE SORT THREAD=REFERENCES UNSELECT "
                                 "CHILDREN NAMESPACE UIDPLUS I18NLEVEL=1 ESEARCH SEARCHRES SPECIAL-USE";
// The same without UIDPLUS: a move must then EXPUNGE the whole folder.
constexpr const char* kNoUidPlus = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE UNSELECT CHILDREN NAMESPACE "
                                   "SPECIAL-USE";

// A second Dovecot (and Postfix) of tests/servers/petrel-mailserver with a reduced capability
// list, in a directory of its own; stopped with the test process at the latest.
class ReducedServer {
public:
    explicit ReducedServer(const std::string& capabilities) {
        dir_ = fs::temp_directory_path() / ("petrel-fallback-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::hash<std::string>{}(capabilities) % 100000));
        fs::create_directories(dir_);
        run(MailServer::scriptPath() + " start --fresh --dir '" + dir_.string() + "' --stop-with-pid " +
            std::to_string(::getpid()) + " --imap-capability '" + capabilities + "'");
        std::ifstream in(dir_ / "servers.env");
        std::string line;
        while (std::getline(in, line)) {
            const auto eq = line.find('=');
            if (eq == std::string::npos) continue;
            std::string v = line.substr(eq + 1);
            if (v.size() >= 2 && v.front() == '\'') v = v.substr(1, v.size() - 2);
            env_[line.substr(0, eq)] = v;
        }
        port_ = static_cast<std::uint16_t>(std::stoi(env_.at("IMAP_PORT")));
    }
    ~ReducedServer() {
        std::system((MailServer::scriptPath() + " stop --dir '" + dir_.string() + "' >/dev/null 2>&1").c_str());
        // Dovecot's last processes may still remove their own files while we do: try again.
        for (int i = 0; i < 50 && fs::exists(dir_); ++i) {
            std::error_code ec;
            fs::remove_all(dir_, ec);
            if (ec) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    std::uint16_t imapPort() const { return port_; }
    void addUser(const std::string& name, const std::string& password) {
        run(MailServer::scriptPath() + " add-user --dir '" + dir_.string() + "' " + name + " " + password +
            " --fill sample");
    }

private:
    static void run(const std::string& command) {
        const std::string full = command + " >/dev/null 2>&1";
        if (std::system(full.c_str()) != 0) throw std::runtime_error("failed: " + command);
    }
    fs::path dir_;
    std::map<std::string, std::string> env_;
    std::uint16_t port_ = 0;
};

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

class ImapFallbackTest : public ::testing::Test {
protected:
    static ReducedServer& reduced() {
        if (!reduced_) reduced_ = new ReducedServer(kReduced);
        return *reduced_;
    }
    static void TearDownTestSuite() {
        delete reduced_;
        reduced_ = nullptr;
    }

    void useServer(ReducedServer& server, const std::string& name) {
        server_ = &server;
        user_ = name;
        server.addUser(user_, password_);
        proxy_ = std::make_unique<petrel::testing::RelayProxy>(server.imapPort());
        run({"account", "add", "acct", "--imap", "--host", "127.0.0.1", "--port", std::to_string(proxy_->port()),
             "--security", "plain", "--allow-plaintext", "--user", user_, "--password-command",
             cli_.passwordCommand("acct", password_)});
    }
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string("fb") + info->name();
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        name = name.substr(0, 30);
        if (std::string(info->name()).find("WithoutUidPlus") == std::string::npos) useServer(reduced(), name);
    }

    json run(std::vector<std::string> args, int expect = 0) { return cli_.expectExit(std::move(args), expect); }

    std::unique_ptr<TcpClient> raw() { return petrel::testing::imapLogin("127.0.0.1", server_->imapPort(), user_, password_); }

    static ReducedServer* reduced_;
    ReducedServer* server_ = nullptr;
    std::string user_;
    std::string password_ = "fallback-pw-1";
    std::unique_ptr<petrel::testing::RelayProxy> proxy_;
    petrel::testing::CliProfile cli_{"imap-fallback"};
};

ReducedServer* ImapFallbackTest::reduced_ = nullptr;

}  // namespace

TEST_F(ImapFallbackTest, TheServerReallyOffersLess) {
    auto c = raw();
    std::string caps;
    for (const auto& l : c->imapOk("CAPABILITY"))
        if (l.rfind("* CAPABILITY", 0) == 0) caps = l + " ";
    ASSERT_TRUE(contains(caps, " IMAP4rev1 ")) << caps;
    for (const char* gone : {" LITERAL+ ", " MOVE ", " CONDSTORE ", " QRESYNC ", " IDLE ", " LIST-EXTENDED ",
                             " COMPRESS=DEFLATE "})
        EXPECT_FALSE(contains(caps, gone)) << gone << " still advertised: " << caps;
    // Without the zlib plugin COMPRESS is not even a command.
    const auto refused = c->imap("COMPRESS DEFLATE");
    EXPECT_EQ(refused.back().find(" BAD "), refused.back().find(' ')) << refused.back();
}

TEST_F(ImapFallbackTest, SyncWithoutCondstoreOrCompressComparesFlagsOfKnownUidsInChunks) {
    run({"sync", "acct", "--folder", "INBOX"});
    const std::string first = proxy_->sent();
    EXPECT_FALSE(contains(first, "COMPRESS")) << first;
    EXPECT_FALSE(contains(first, "CONDSTORE")) << first;

    // Another client flags a message and clears \Seen on another.
    auto c = raw();
    c->imapOk("SELECT INBOX");
    const auto unflagged = searchUids(c->imapOk("UID SEARCH UNFLAGGED"));
    const auto seen = searchUids(c->imapOk("UID SEARCH SEEN"));
    ASSERT_FALSE(unflagged.empty());
    std::uint32_t toUnsee = 0;
    for (auto u : seen)
        if (u != unflagged[0]) toUnsee = u;
    ASSERT_NE(toUnsee, 0u);
    c->imapOk("UID STORE " + std::to_string(unflagged[0]) + " +FLAGS.SILENT (\\Flagged)");
    c->imapOk("UID STORE " + std::to_string(toUnsee) + " -FLAGS.SILENT (\\Seen)");
    c->imapOk("LOGOUT");

    proxy_->clear();
    auto r = run({"sync", "acct", "--folder", "INBOX"});
    EXPECT_EQ(r["accounts"][0]["folders"][0]["updated"], 2) << r.dump();
    const std::string resync = proxy_->sent();
    EXPECT_FALSE(contains(resync, "CHANGEDSINCE")) << resync;
    EXPECT_TRUE(std::regex_search(resync, std::regex("UID FETCH \\d+:\\d+ \\(UID FLAGS\\)"))) << resync;

    // The index now agrees with the server on every message's flags.
    auto check = raw();
    check->imapOk("EXAMINE INBOX");
    const auto serverFlagged = searchUids(check->imapOk("UID SEARCH FLAGGED"));
    const auto serverUnseen = searchUids(check->imapOk("UID SEARCH UNSEEN"));
    std::vector<std::uint32_t> localFlagged, localUnseen;
    const json listed = run({"list", "acct", "--folder", "INBOX", "--limit", "1000"});
    for (const auto& m : listed["messages"]) {
        const auto flags = m["flags"].get<std::string>();
        if (contains(flags, "Flagged")) localFlagged.push_back(m["uid"].get<std::uint32_t>());
        if (!contains(flags, "Seen")) localUnseen.push_back(m["uid"].get<std::uint32_t>());
    }
    std::sort(localFlagged.begin(), localFlagged.end());
    std::sort(localUnseen.begin(), localUnseen.end());
    EXPECT_EQ(localFlagged, serverFlagged);
    EXPECT_EQ(localUnseen, serverUnseen);
}

TEST_F(ImapFallbackTest, SubscriptionsComeFromLsubWithoutListExtended) {
    run({"sync", "acct", "--folder", "INBOX"});  // refreshes the folder tree
    auto folders = run({"folders", "acct"});
    const std::string sent = proxy_->sent();
    EXPECT_TRUE(contains(sent, "LSUB")) << sent;
    EXPECT_FALSE(contains(sent, "RETURN (SUBSCRIBED")) << sent;
    std::map<std::string, bool> subscribed;
    for (const auto& f : folders["folders"]) subscribed[f["path"].get<std::string>()] = f["subscribed"].get<bool>();
    EXPECT_TRUE(subscribed.at("Sent"));
    EXPECT_TRUE(subscribed.at("Projects"));
    EXPECT_FALSE(subscribed.at("Archive/2024"));  // the sample leaves it unsubscribed

    run({"folder", "unsubscribe", "acct", "Projects"});
    run({"folder", "subscribe", "acct", "Archive/2024"});
    auto c = raw();
    std::string lsub;
    for (const auto& l : c->imapOk("LSUB \"\" \"*\"")) lsub += l + "\n";
    EXPECT_FALSE(std::regex_search(lsub, std::regex("\"?Projects\"?\\n"))) << lsub;
    EXPECT_TRUE(contains(lsub, "Archive/2024")) << lsub;
    proxy_->clear();
    run({"sync", "acct", "--folder", "INBOX"});
    EXPECT_TRUE(contains(proxy_->sent(), "LSUB")) << proxy_->sent();
    auto again = run({"folders", "acct"});
    for (const auto& f : again["folders"]) subscribed[f["path"].get<std::string>()] = f["subscribed"].get<bool>();
    EXPECT_FALSE(subscribed.at("Projects"));
    EXPECT_TRUE(subscribed.at("Archive/2024"));
}

TEST_F(ImapFallbackTest, MoveWithoutMoveCopiesMarksDeletedAndExpungesTheUid) {
    run({"sync", "acct", "--folder", "INBOX"});
    auto c = raw();
    c->imapOk("EXAMINE INBOX");
    const auto before = searchUids(c->imapOk("UID SEARCH ALL"));
    ASSERT_GE(before.size(), 2u);
    const std::uint32_t uid = before[1];
    std::string messageId;
    for (const auto& l : c->imapOk("UID FETCH " + std::to_string(uid) + " (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")) {
        std::smatch m;
        if (std::regex_search(l, m, std::regex("<[^>]+>"))) messageId = m[0];
    }
    ASSERT_FALSE(messageId.empty());

    proxy_->clear();
    run({"move", "acct", "--folder", "INBOX", "--uid", std::to_string(uid), "--to", "Archive"});
    const std::string sent = proxy_->sent();
    EXPECT_FALSE(contains(sent, "UID MOVE")) << sent;
    EXPECT_TRUE(std::regex_search(sent, std::regex("UID COPY " + std::to_string(uid) + " \"?Archive\"?\r\n"))) << sent;
    EXPECT_TRUE(contains(sent, "UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Deleted)")) << sent;
    EXPECT_TRUE(contains(sent, "UID EXPUNGE " + std::to_string(uid))) << sent;

    auto check = raw();
    check->imapOk("EXAMINE INBOX");
    auto after = searchUids(check->imapOk("UID SEARCH ALL"));
    EXPECT_EQ(std::count(after.begin(), after.end(), uid), 0);
    EXPECT_EQ(after.size(), before.size() - 1);
    check->imapOk("EXAMINE Archive");
    EXPECT_EQ(searchUids(check->imapOk("UID SEARCH HEADER Message-ID " + messageId)).size(), 1u);
}

TEST_F(ImapFallbackTest, MoveWithoutUidPlusExpungesTheFolder) {
    static ReducedServer noUidPlus(kNoUidPlus);
    useServer(noUidPlus, "fbnouidplus");
    run({"sync", "acct", "--folder", "INBOX"});
    auto c = raw();
    std::string caps;
    for (const auto& l : c->imapOk("CAPABILITY")) caps += l;
    ASSERT_FALSE(contains(caps, "UIDPLUS")) << caps;
    c->imapOk("EXAMINE INBOX");
    const auto before = searchUids(c->imapOk("UID SEARCH ALL"));
    const std::uint32_t uid = before.front();
    c->imapOk("EXAMINE Trash");
    const auto trashBefore = searchUids(c->imapOk("UID SEARCH ALL")).size();

    proxy_->clear();
    run({"move", "acct", "--folder", "INBOX", "--uid", std::to_string(uid), "--to", "Trash"});
    const std::string sent = proxy_->sent();
    EXPECT_FALSE(contains(sent, "UID MOVE")) << sent;
    EXPECT_FALSE(contains(sent, "UID EXPUNGE")) << sent;
    EXPECT_TRUE(std::regex_search(sent, std::regex("p\\d+ EXPUNGE\r\n"))) << sent;

    auto check = raw();
    check->imapOk("EXAMINE INBOX");
    const auto after = searchUids(check->imapOk("UID SEARCH ALL"));
    EXPECT_EQ(after.size(), before.size() - 1);
    EXPECT_EQ(std::count(after.begin(), after.end(), uid), 0);
    check->imapOk("EXAMINE Trash");
    EXPECT_EQ(searchUids(check->imapOk("UID SEARCH ALL")).size(), trashBefore + 1);
}

TEST_F(ImapFallbackTest, Utf8SearchSendsSynchronisingLiteralsWithoutLiteralPlus) {
    run({"sync", "acct", "--folder", "INBOX"});
    const std::string term = "Grüße";
    proxy_->clear();
    auto r = run({"search", "acct", "--folder", "INBOX", "--server", "subject:" + term});
    const std::string sent = proxy_->sent();
    const std::string literal = "{" + std::to_string(term.size()) + "}\r\n";
    EXPECT_TRUE(contains(sent, literal + term)) << sent;
    EXPECT_FALSE(contains(sent, "+}")) << sent;
    // The client waited for the server's go-ahead before the literal's bytes.
    const std::string got = proxy_->received();
    EXPECT_TRUE(std::regex_search(got, std::regex("\r\n\\+ [^\r\n]*\r\n"))) << got;

    std::vector<std::uint32_t> ours;
    for (const auto& m : r["messages"]) ours.push_back(m["uid"].get<std::uint32_t>());
    std::sort(ours.begin(), ours.end());
    // The server's own answer to the same criterion.
    auto c = raw();
    c->imapOk("EXAMINE INBOX");
    c->send("s UID SEARCH CHARSET UTF-8 SUBJECT {" + std::to_string(term.size()) + "}\r\n");
    ASSERT_EQ(c->readLine().rfind("+", 0), 0u);
    c->send(term + "\r\n");
    const auto lines = c->readLinesUntil([](const std::string& l) { return l.rfind("s ", 0) == 0; });
    ASSERT_EQ(lines.back().rfind("s OK", 0), 0u) << lines.back();
    const auto theirs = searchUids(lines);
    EXPECT_FALSE(theirs.empty());
    EXPECT_EQ(ours, theirs);
}

TEST_F(ImapFallbackTest, WatchWithoutIdlePollsStatus) {
    run({"sync", "acct", "--folder", "INBOX"});
    proxy_->clear();
    json watched;
    std::thread watcher([&] { watched = run({"watch", "acct", "--interval", "1", "--once", "--timeout", "30"}); });
    // Deliver once the watch took its baseline STATUS (plain IMAP: the proxy sees it).
    for (int i = 0; i < 200 && !contains(proxy_->received(), " STATUS "); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    {
        auto c = raw();
        const std::string msg = "From: x@example.com\r\nSubject: polled\r\nMessage-ID: <polled@example.com>\r\n\r\nhi\r\n";
        c->send("a APPEND INBOX {" + std::to_string(msg.size()) + "}\r\n");
        ASSERT_EQ(c->readLine().rfind("+", 0), 0u);
        c->send(msg + "\r\n");
        c->readLinesUntil([](const std::string& l) { return l.rfind("a ", 0) == 0; });
    }
    watcher.join();
    ASSERT_EQ(watched["folders"].size(), 1u) << watched.dump();
    EXPECT_EQ(watched["folders"][0]["added"], 1) << watched.dump();
    const std::string sent = proxy_->sent();
    EXPECT_TRUE(std::regex_search(sent, std::regex("STATUS \"?INBOX\"? \\(MESSAGES UIDNEXT UNSEEN\\)"))) << sent;
    EXPECT_FALSE(contains(sent, " IDLE\r\n")) << sent;
    bool indexed = false;
    const json listed = run({"list", "acct", "--folder", "INBOX", "--limit", "1000"});
    for (const auto& m : listed["messages"])
        indexed = indexed || m["subject"] == "polled";
    EXPECT_TRUE(indexed);
}
