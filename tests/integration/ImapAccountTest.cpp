// The IMAP account handler against the real Dovecot: every check of what the server holds
// afterwards goes through a separate raw client (TcpClient), and byte figures come from the
// wire counters.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "cli/CliApp.h"
#include "engine/Profile.h"
#include "model/Error.h"
#include "net/ImapSession.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"
#include "sync/ImapFolderList.h"
#include "sync/ImapFolderSync.h"
#include "support/CliProfile.h"
#include "support/ImapProbe.h"
#include "support/MailServer.h"
#include "support/TcpClient.h"

using nlohmann::json;
using petrel::testing::MailServer;
using petrel::testing::searchUids;
using petrel::testing::TcpClient;
using petrel::testing::TestUser;
namespace fs = std::filesystem;

namespace {

class ImapAccountTest : public ::testing::Test {
protected:
    void addAccount(const TestUser& user, const std::string& name = "acct") {
        user_ = user;
        cli_.addImapsAccount(name, user);
    }

    json run(std::vector<std::string> args, int expect = 0) { return cli_.expectExit(std::move(args), expect); }

    // A logged-in raw client for checking the server's state.
    std::unique_ptr<TcpClient> raw() { return petrel::testing::imapLogin(user_); }

    static std::uint32_t statusMessages(TcpClient& c, const std::string& mailbox) {
        for (const auto& l : c.imapOk("STATUS " + mailbox + " (MESSAGES)")) {
            std::smatch m;
            if (std::regex_search(l, m, std::regex("MESSAGES (\\d+)"))) return static_cast<std::uint32_t>(std::stoul(m[1]));
        }
        return 0;
    }

    petrel::testing::CliProfile cli_{"imap"};
    TestUser user_;
};

json folderNamed(const json& folders, const std::string& path) {
    for (const auto& f : folders["folders"])
        if (f["path"] == path) return f;
    return json();
}

}  // namespace

TEST_F(ImapAccountTest, SyncMatchesServerAndLeavesSeenAlone) {
    addAccount(MailServer::instance().createUser("sample"));
    auto c = raw();
    c->imapOk("EXAMINE INBOX");
    const auto unseen = searchUids(c->imapOk("UID SEARCH UNSEEN"));
    auto r = run({"sync", "acct"});
    const auto& a = r["accounts"][0];
    EXPECT_GT(a["bytes_received"].get<std::uint64_t>(), 0u);
    auto folders = run({"folders", "acct"});
    for (const char* path : {"INBOX", "Sent", "Archive/2025", "Projects/Petrel/Design"})
        EXPECT_EQ(folderNamed(folders, path)["total"].get<std::uint32_t>(), statusMessages(*c, std::string("\"") + path + "\""))
            << path;
    EXPECT_EQ(folderNamed(folders, "Entwürfe")["total"].get<std::uint32_t>(), statusMessages(*c, "\"Entw&APw-rfe\""));
    EXPECT_EQ(folderNamed(folders, "日本語/Notizen")["total"].get<std::uint32_t>(),
              statusMessages(*c, "\"&ZeVnLIqe-/Notizen\""));
    EXPECT_EQ(folderNamed(folders, "Sent")["special_use"], "sent");
    EXPECT_FALSE(folderNamed(folders, "Archive/2024")["subscribed"].get<bool>());
    // \Seen untouched on the server, subjects decoded.
    EXPECT_EQ(searchUids(c->imapOk("UID SEARCH UNSEEN")), unseen);
    auto list = run({"list", "acct", "--folder", "INBOX", "--limit", "100"});
    std::set<std::string> subjects;
    for (const auto& m : list["messages"]) subjects.insert(m["subject"].get<std::string>());
    EXPECT_TRUE(subjects.count("会議の議事録について"));
    EXPECT_TRUE(subjects.count("Handbuch (groß, 5 MB)"));
    // A resync with nothing changed fetches no headers.
    auto again = run({"sync", "acct"});
    for (const auto& f : again["accounts"][0]["folders"]) EXPECT_EQ(f["added"].get<int>() + f["updated"].get<int>(), 0);
    EXPECT_LT(again["accounts"][0]["bytes_received"].get<std::uint64_t>(), 20000u);
}

TEST_F(ImapAccountTest, FolderManagementRoundTripsNonAscii) {
    addAccount(MailServer::instance().createUser("empty"));
    run({"sync", "acct"});
    auto created = run({"folder", "create", "acct", "Ärger/日本/Tief"});
    EXPECT_EQ(created["folder"]["path"], "Ärger/日本/Tief");
    auto c = raw();
    auto lines = c->imapOk("LIST \"\" \"*\"");
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    EXPECT_NE(all.find("&AMQ-rger/&ZeVnLA-/Tief"), std::string::npos) << all;
    run({"folder", "rename", "acct", "Ärger", "Freude"});
    all.clear();
    for (const auto& l : c->imapOk("LIST \"\" \"*\"")) all += l + "\n";
    EXPECT_NE(all.find("Freude/&ZeVnLA-/Tief"), std::string::npos) << all;
    auto folders = run({"folders", "acct"});
    EXPECT_FALSE(folderNamed(folders, "Freude/日本/Tief").is_null());
    EXPECT_TRUE(folderNamed(folders, "Ärger/日本/Tief").is_null());
    run({"folder", "unsubscribe", "acct", "Freude/日本/Tief"});
    all.clear();
    for (const auto& l : c->imapOk("LSUB \"\" \"*\"")) all += l + "\n";
    EXPECT_EQ(all.find("Freude/&ZeVnLA-/Tief"), std::string::npos) << all;
    run({"folder", "delete", "acct", "Freude"}, 1);  // has children: refused without --recursive
    auto del = run({"folder", "delete", "acct", "Freude", "--recursive"});
    EXPECT_GE(del["deleted"].size(), 2u);  // Freude/日本 may be a phantom parent Dovecot does not list
    all.clear();
    for (const auto& l : c->imapOk("LIST \"\" \"*\"")) all += l + "\n";
    EXPECT_EQ(all.find("Freude"), std::string::npos) << all;
    EXPECT_TRUE(folderNamed(run({"folders", "acct"}), "Freude").is_null());
}

TEST_F(ImapAccountTest, OpeningBigMessageCostsLittleAndSecondOpenNothing) {
    addAccount(MailServer::instance().createUser("sample"));
    run({"sync", "acct", "--folder", "INBOX"});
    std::uint32_t uid = 0;
    const json inbox = run({"list", "acct", "--folder", "INBOX", "--limit", "100"});
    for (const auto& m : inbox["messages"])
        if (m["subject"] == "Handbuch (groß, 5 MB)") uid = m["uid"];
    ASSERT_NE(uid, 0u);
    auto first = run({"show", "acct", "--folder", "INBOX", "--uid", std::to_string(uid)});
    EXPECT_LT(first["bytes_received"].get<std::uint64_t>(), 100u * 1024);
    EXPECT_NE(first["text"].get<std::string>().find("Handbuch"), std::string::npos);
    ASSERT_EQ(first["attachments"].size(), 1u);
    EXPECT_GT(first["attachments"][0]["size"].get<std::uint64_t>(), 5'000'000u);
    auto second = run({"show", "acct", "--folder", "INBOX", "--uid", std::to_string(uid)});
    EXPECT_EQ(second["bytes_received"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(second["text"], first["text"]);
    // A range of the attachment, as stored on the server (base64).
    const auto out = (cli_.dir() / "range.bin").string();
    const std::string section = first["attachments"][0]["section"];
    auto part = run({"part", "acct", "--folder", "INBOX", "--uid", std::to_string(uid), "--section", section, "--range",
                     "100:1000", "--output", out});
    EXPECT_EQ(part["bytes_written"], 1000);
    auto c = raw();
    c->imapOk("EXAMINE INBOX");
    auto lines = c->imap("UID FETCH " + std::to_string(uid) + " (BODY.PEEK[" + section + "]<100.1000>)");
    std::ifstream f(out, std::ios::binary);
    std::string got((std::istreambuf_iterator<char>(f)), {});
    EXPECT_NE(lines[0].find(got), std::string::npos);
    // Search finds the cached text locally.
    auto hits = run({"search", "acct", "--local", "vollständige"});
    EXPECT_EQ(hits["messages"].size(), 1u);
}

TEST_F(ImapAccountTest, RawEqualsMaildirFile) {
    auto user = MailServer::instance().createUser("sample");
    addAccount(user);
    run({"sync", "acct", "--folder", "INBOX"});
    auto list = run({"list", "acct", "--folder", "INBOX", "--limit", "1"});
    const std::uint32_t uid = list["messages"][0]["uid"];
    const std::string subject = list["messages"][0]["subject"];
    const auto out = (cli_.dir() / "m.eml").string();
    run({"raw", "acct", "--folder", "INBOX", "--uid", std::to_string(uid), "--output", out});
    std::ifstream f(out, std::ios::binary);
    std::string got((std::istreambuf_iterator<char>(f)), {});
    // Find the Maildir file with that subject; Dovecot sends LF-only files with CRLF line ends.
    bool matched = false;
    for (const char* sub : {"cur", "new"}) {
        for (const auto& e : fs::directory_iterator(fs::path(MailServer::instance().maildir(user)) / sub)) {
            std::ifstream in(e.path(), std::ios::binary);
            std::string file((std::istreambuf_iterator<char>(in)), {});
            std::string crlf;
            for (std::size_t i = 0; i < file.size(); ++i) {
                if (file[i] == '\n' && (i == 0 || file[i - 1] != '\r')) crlf += '\r';
                crlf += file[i];
            }
            if (crlf == got || file == got) matched = true;
        }
    }
    EXPECT_TRUE(matched) << subject;
}

TEST_F(ImapAccountTest, MarkMoveCopyDeleteReachTheServer) {
    addAccount(MailServer::instance().createUser("sample"));
    run({"sync", "acct"});
    auto c = raw();
    c->imapOk("EXAMINE INBOX");
    const auto unseen = searchUids(c->imapOk("UID SEARCH UNSEEN"));
    ASSERT_FALSE(unseen.empty());
    const std::string uid = std::to_string(unseen.back());
    c->imapOk("UNSELECT");  // STATUS of the selected mailbox would answer from this session's stale view
    run({"mark", "acct", "--folder", "INBOX", "--uid", uid, "--read"});
    run({"mark", "acct", "--folder", "INBOX", "--uid", uid, "--flag"});
    c->imapOk("EXAMINE INBOX");
    EXPECT_EQ(searchUids(c->imapOk("UID SEARCH UID " + uid + " SEEN FLAGGED")).size(), 1u);
    c->imapOk("UNSELECT");
    const auto archiveBefore = statusMessages(*c, "Archive");
    run({"copy", "acct", "--folder", "INBOX", "--uid", uid, "--to", "Archive"});
    EXPECT_EQ(statusMessages(*c, "Archive"), archiveBefore + 1);
    EXPECT_EQ(folderNamed(run({"folders", "acct"}), "Archive")["total"].get<std::uint32_t>(), archiveBefore + 1);
    const auto inboxBefore = statusMessages(*c, "INBOX");
    run({"move", "acct", "--folder", "INBOX", "--uid", uid, "--to", "Projects"});
    EXPECT_EQ(statusMessages(*c, "INBOX"), inboxBefore - 1);
    EXPECT_EQ(folderNamed(run({"folders", "acct"}), "INBOX")["total"].get<std::uint32_t>(), inboxBefore - 1);
    const auto trashBefore = statusMessages(*c, "Trash");
    const std::string other = std::to_string(unseen.front());
    run({"delete", "acct", "--folder", "INBOX", "--uid", other});
    EXPECT_EQ(statusMessages(*c, "INBOX"), inboxBefore - 2);
    EXPECT_EQ(statusMessages(*c, "Trash"), trashBefore + 1);
    run({"mark", "acct", "--folder", "INBOX", "--uid", "999999", "--read"}, 1);  // NotFound
}

TEST_F(ImapAccountTest, ServerSearchEqualsServersOwnSearch) {
    addAccount(MailServer::instance().createUser("sample"));
    run({"sync", "acct", "--folder", "INBOX"});
    auto c = raw();
    c->imapOk("EXAMINE INBOX");
    struct Case { std::vector<std::string> words; std::string imap; };
    for (const auto& k : std::vector<Case>{{{"from:carol"}, "FROM carol"},
                                           {{"subject:Petrel", "unseen"}, "SUBJECT Petrel UNSEEN"},
                                           {{"since:2025-01-01"}, "SINCE 1-Jan-2025"},
                                           {{"subject:Grüße"}, "CHARSET UTF-8 SUBJECT {7+}\r\nGrüße"},
                                           {{"body:Handbuch"}, "BODY Handbuch"}}) {
        std::vector<std::string> args{"search", "acct", "--server", "--folder", "INBOX"};
        args.insert(args.end(), k.words.begin(), k.words.end());
        auto r = run(args);
        std::vector<std::uint32_t> ours;
        for (const auto& m : r["messages"]) ours.push_back(m["uid"]);
        std::sort(ours.begin(), ours.end());
        auto theirs = searchUids(c->imapOk("UID SEARCH " + k.imap));
        EXPECT_EQ(ours, theirs) << k.imap;
        EXPECT_FALSE(theirs.empty()) << k.imap;
    }
}

TEST_F(ImapAccountTest, UidValidityChangeResetsTheFolder) {
    addAccount(MailServer::instance().createUser("sample"));
    run({"sync", "acct", "--folder", "Junk"});
    auto c = raw();
    c->imapOk("DELETE Junk");
    c->imapOk("CREATE Junk");
    c->send("x APPEND Junk {41}\r\n");
    c->readLine();
    c->send("Subject: fresh\r\nFrom: a@example.com\r\n\r\nhi\r\n\r\n");
    c->readLinesUntil([](const std::string& l) { return l.rfind("x ", 0) == 0; });
    auto r = run({"sync", "acct", "--folder", "Junk"});
    const auto& f = r["accounts"][0]["folders"][0];
    EXPECT_TRUE(f["uidvalidity_reset"].get<bool>());
    EXPECT_EQ(f["added"], 1);
    auto list = run({"list", "acct", "--folder", "Junk"});
    ASSERT_EQ(list["messages"].size(), 1u);
    EXPECT_EQ(list["messages"][0]["subject"], "fresh");
}

TEST_F(ImapAccountTest, InterruptedSyncResumesAndConverges) {
    addAccount(MailServer::instance().createUser("bulk:2000"));
    petrel::engine::Profile profile(cli_.profileDir().string());
    petrel::store::Db db(profile.databasePath());
    auto account = *petrel::store::AccountRepository(db).findByName("acct");
    auto pw = user_.password;
    {
        petrel::net::ImapSession session(account, [pw] { return pw; });
        session.connect();
        petrel::sync::refreshImapFolders(session, db, account.id);
        auto inbox = *petrel::store::FolderRepository(db).find(account.id, "INBOX");
        petrel::sync::ImapSyncOptions options;
        options.chunkSize = 500;
        int chunks = 0;
        options.progress = [&](const std::string&, std::uint64_t, std::uint64_t) { ++chunks; };
        options.isCancelled = [&] { return chunks >= 1; };
        try {
            petrel::sync::ImapFolderSync(session, db, options).sync(inbox.id);
            FAIL() << "not cancelled";
        } catch (const petrel::model::Error& e) {
            EXPECT_EQ(e.kind(), petrel::model::ErrorKind::Cancelled);
        }
        EXPECT_EQ(petrel::store::MessageIndex(db).uids(inbox.id).size(), 500u);
    }
    auto r = run({"sync", "acct", "--folder", "INBOX"});
    EXPECT_EQ(r["accounts"][0]["folders"][0]["added"], 1500);
    auto c = raw();
    EXPECT_EQ(folderNamed(run({"folders", "acct"}), "INBOX")["total"].get<std::uint32_t>(), statusMessages(*c, "INBOX"));
}

TEST_F(ImapAccountTest, BulkTenThousandSyncsHeadersOnly) {
    addAccount(MailServer::instance().createUser("bulk:10000"));
    const auto start = std::chrono::steady_clock::now();
    auto r = run({"sync", "acct", "--folder", "INBOX"});
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r["accounts"][0]["folders"][0]["added"], 10000);
    const auto bytes = r["accounts"][0]["bytes_received"].get<std::uint64_t>();
    // Headers only: whole messages are ~13 KB each (130 MB); headers well under 2 KB each.
    EXPECT_LT(bytes, 20'000'000u);
    std::cout << "bulk:10000 header sync: " << secs << " s, " << bytes << " bytes received\n";
    auto again = run({"sync", "acct", "--folder", "INBOX"});
    std::cout << "resync, no changes: " << again["accounts"][0]["bytes_received"] << " bytes received\n";
}
