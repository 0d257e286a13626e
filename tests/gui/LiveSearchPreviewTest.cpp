// The search field, the remote-content bar, cid: pictures and the new-mail notice in the main
// window, against the project's real Dovecot and Postfix. Accounts are prepared through petrel-cli
// in-process; everything after that goes through the window, and what the server holds is read
// back with a separate raw IMAP client.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/image.h>
#include <wx/mstream.h>
#include <wx/srchctrl.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "CheckScheduler.h"
#include "DisplayFormat.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "InlineImageStore.h"
#include "JobTracker.h"
#include "LiveAccount.h"
#include "LiveFrameTest.h"
#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "MessageList.h"
#include "MessageView.h"
#include "NewMailNotifier.h"
#include "SafeHtmlWindow.h"
#include "SearchBar.h"
#include "ServerReadback.h"
#include "WebServer.h"
#include "dialogs/PasswordDialog.h"
#include "engine/Profile.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"
#include "support/TcpClient.h"

using namespace std::chrono_literals;
using petrel::testing::MailServer;
using petrel::testing::TcpClient;
using petrel::testing::TestUser;
using petrel::ui::MainFrame;
using petrel::ui::MessageList;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

constexpr const char* kBodyWord = "zanzibarquux";
constexpr const char* kLocalSubject = "Kingfisher notes";
constexpr const char* kLateSubject = "Arrived after the sync";
constexpr const char* kOtherSubject = "From the other account";
constexpr const char* kRemoteSubject = "Newsletter with a web picture";
constexpr const char* kRemote2Subject = "Second newsletter";
constexpr const char* kCidSubject = "Logo inline";
constexpr const char* kFreshSubject = "Fresh news for the notifier";
constexpr const char* kTimedSubject = "Found by the periodic check";

std::string base64(const std::string& in) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                           (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += {table[v >> 18], table[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const unsigned v =
            (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], '='};
    }
    std::string wrapped;
    for (std::size_t p = 0; p < out.size(); p += 76) wrapped += out.substr(p, 76) + "\r\n";
    return wrapped;
}

// A small PNG of one colour.
std::string png(unsigned char red) {
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    wxImage image(24, 24);
    image.SetRGB(wxRect(0, 0, 24, 24), red, 40, 200);
    wxMemoryOutputStream out;
    EXPECT_TRUE(image.SaveFile(out, wxBITMAP_TYPE_PNG));
    std::string data(out.GetSize(), '\0');
    out.CopyTo(data.data(), data.size());
    return data;
}

std::string headers(const std::string& subject, const std::string& contentType) {
    return "From: Tester <tester@example.com>\r\nTo: someone@example.com\r\nSubject: " + subject +
           "\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <" +
           std::to_string(std::hash<std::string>()(subject)) +
           "@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType + "\r\n";
}

std::string plain(const std::string& subject, const std::string& body) {
    return headers(subject, "text/plain; charset=utf-8") + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body +
           "\r\n";
}

std::string html(const std::string& subject, const std::string& body) {
    return headers(subject, "text/html; charset=utf-8") + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body +
           "\r\n";
}

std::string related(const std::string& subject, const std::string& cid, const std::string& picture) {
    return headers(subject, "multipart/related; boundary=\"rel-b1\"") +
           "\r\n--rel-b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           "<html><body><p>Our logo:</p><img src=\"cid:" +
           cid +
           "\" width=\"24\" height=\"24\"></body></html>\r\n"
           "--rel-b1\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <" +
           cid + ">\r\nContent-Disposition: inline\r\n\r\n" + base64(picture) + "--rel-b1--\r\n";
}

class LiveSearchPreviewTest : public LiveFrameTest {
protected:
    LiveSearchPreviewTest() : LiveFrameTest("gui-search-preview") {}

    void SetUp() override {
        ASSERT_NO_FATAL_FAILURE(requireUnlockedKeyring());
        server_ = &MailServer::instance();
        user_ = server_->createUser("sample");
        other_ = server_->createUser("sample");
        userImap_.emplace(*server_, user_);
        otherImap_.emplace(*server_, other_);
        const std::string base = "http://127.0.0.1:" + std::to_string(pictures_.port());
        {
            auto c = userImap_->login();
            ServerReadback::append(*c, plain(kLocalSubject, std::string("Field notes. The word ") +
                                                                kBodyWord + " is only in this body."));
            ServerReadback::append(
                *c, html(kRemoteSubject,
                         "<html><body><h1>Weekly</h1><p><img src=\"" + base +
                             "/first.png?id=7&amp;v=2\" width=\"24\" height=\"24\"></p></body></html>"));
            ServerReadback::append(
                *c, html(kRemote2Subject, "<html><body><h1>Monthly</h1><p><img src=\"" + base +
                                              "/second.png\" width=\"24\" height=\"24\"></p></body></html>"));
            ServerReadback::append(*c, related(kCidSubject, "logo@petrel.test", png(30)));
        }
        otherImap_->append(
            plain(kOtherSubject, std::string("Also mentions ") + kBodyWord + " deep in the text."));
        for (const auto* u : {&user_, &other_}) {
            const std::string name = u == &user_ ? "acct" : "other";
            addAccount(cli_, *server_, name, *u);
            cli_.ok({"sync", name});
        }
        // After the sync: on the server only, so the index has not even its headers.
        userImap_->append(plain(kLateSubject, std::string("Late mail, also about ") + kBodyWord + "."));
        useCliProfile();
    }

    void deliver(const TestUser& user, const std::string& subject) {
        TcpClient smtp(server_->host(), server_->smtpPort());
        auto expect = [&](const std::string& code) {
            for (;;) {
                const std::string line = smtp.readLine();
                ASSERT_EQ(line.substr(0, 3), code) << line;
                if (line.size() < 4 || line[3] != '-') return;
            }
        };
        expect("220");
        smtp.sendLine("EHLO client.example.org");
        expect("250");
        smtp.sendLine("MAIL FROM:<news@example.org>");
        expect("250");
        smtp.sendLine("RCPT TO:<" + user.address + ">");
        expect("250");
        smtp.sendLine("DATA");
        expect("354");
        smtp.send("From: News Desk <news@example.org>\r\nTo: <" + user.address + ">\r\nSubject: " + subject +
                  "\r\nMessage-ID: <" + std::to_string(std::hash<std::string>()(subject)) + "." + user.name +
                  "@example.org>\r\n\r\nSomething happened.\r\n.\r\n");
        expect("250");
        smtp.sendLine("QUIT");
    }

    void openInbox() {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        db_ = std::make_unique<store::Db>(profile_->databasePath(), store::OpenMode::ReadOnly);
        for (const auto& account : store::AccountRepository(*db_).list())
            (account.name == "acct" ? accountId_ : otherId_) = account.id;
        const auto inbox = store::FolderRepository(*db_).find(accountId_, "INBOX");
        ASSERT_TRUE(inbox.has_value());
        inboxId_ = inbox->id;
        ASSERT_NO_FATAL_FAILURE(selectFolder(*frame_, inbox->id));
    }

    long rowOf(const std::string& subject) { return guitest::rowOf(*frame_->messageList(), subject); }

    void clickMessage(const std::string& subject) {
        MessageList* list = frame_->messageList();
        const long row = rowOf(subject);
        ASSERT_GE(row, 0) << subject;
        ASSERT_TRUE(clickSubject(*list, row));
        ASSERT_TRUE(
            spinUntil([&] { return frame_->messageView()->messageId() == list->summaryAt(row)->id; }, 10s))
            << subject;
        ASSERT_TRUE(jobsIdle(*frame_));
        spinFor(100ms);
    }

    // (account id, uid) of the rows the list shows as server hits, and of all rows.
    std::set<std::pair<std::int64_t, std::uint32_t>> listed(bool serverOnly) {
        std::set<std::pair<std::int64_t, std::uint32_t>> out;
        MessageList* list = frame_->messageList();
        store::FolderRepository folders(*db_);
        for (long row = 0; row < list->GetItemCount(); ++row) {
            if (serverOnly && !list->isServerHit(row)) continue;
            const auto s = list->summaryAt(row);
            const auto f = s ? folders.findById(s->folderId) : std::nullopt;
            if (f) out.insert({f->accountId, s->uid});
        }
        return out;
    }

    bool searchIdle() {
        return frame_->searchBar()->serverSearchesRunning() == 0 && frame_->jobTracker().runningCount() == 0;
    }

    TestUser user_;
    TestUser other_;
    std::optional<ServerReadback> userImap_;
    std::optional<ServerReadback> otherImap_;
    // Pictures on loopback: every request is counted by its path.
    WebServer pictures_{
        [picture = png(220)](const std::string&) { return WebServer::ok("image/png", picture); }};
    std::int64_t otherId_ = 0;
    std::int64_t inboxId_ = 0;
};

TEST_F(LiveSearchPreviewTest, SearchScopesAgainstTheServer) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openInbox());
        MessageList* list = frame_->messageList();
        wxSearchCtrl* field = frame_->searchField();
        ASSERT_EQ(frame_->searchBar()->scopeKind(), ui::SearchScopeKind::Folder);

        // Typing: the index's hits at once (the subject is in the index).
        frame_->Raise();
        field->SetFocus();
        spinFor(100ms);
        typeInto(field, "kingfisher");
        ASSERT_TRUE(spinUntil([&] { return list->showingResults() && rowOf(kLocalSubject) >= 0; }, 5s))
            << toUtf8(frame_->GetStatusBar()->GetStatusText(0));
        EXPECT_EQ(list->GetItemCount(), 1);
        EXPECT_FALSE(list->isServerHit(rowOf(kLocalSubject)));
        EXPECT_EQ(frame_->jobTracker().runningCount(), 0u) << "typing never goes to the server";
        screenshot("search-local", frame_);

        // A word only in bodies the index has not downloaded: nothing locally...
        typeInto(field, kBodyWord);
        ASSERT_TRUE(spinUntil([&] { return list->showingResults(); }, 5s));
        spinFor(200ms);
        EXPECT_EQ(list->GetItemCount(), 0);
        // ...Enter asks the server: this folder's hits, also the one the index had no headers for.
        pressKey(WXK_RETURN);
        ASSERT_TRUE(spinUntil(
            [&] { return frame_->jobTracker().runningCount() > 0 || list->GetItemCount() > 0; }, 10s));
        ASSERT_TRUE(spinUntil([&] { return searchIdle(); }, 60s));
        ASSERT_TRUE(spinUntil([&] { return rowOf(kLateSubject) >= 0; }, 10s))
            << toUtf8(frame_->GetStatusBar()->GetStatusText(0)) << " / "
            << toUtf8(frame_->errorBar()->message());
        const auto serverUids = userImap_->searchSet("INBOX", std::string("BODY ") + kBodyWord);
        ASSERT_EQ(serverUids.size(), 2u);
        std::set<std::pair<std::int64_t, std::uint32_t>> expected;
        for (auto uid : serverUids) expected.insert({accountId_, uid});
        EXPECT_EQ(listed(true), expected) << "the server's SEARCH result, each row marked as a server hit";
        EXPECT_EQ(listed(false), expected);
        EXPECT_TRUE(list->isServerHit(rowOf(kLateSubject)));
        EXPECT_NE(toUtf8(frame_->GetStatusBar()->GetStatusText(0)).find("only on the server"),
                  std::string::npos);
        screenshot("search-server-folder", frame_);

        // All accounts: the other account's server hit joins.
        frame_->searchBar()->setScopeKind(ui::SearchScopeKind::AllAccounts);
        ASSERT_TRUE(spinUntil([&] { return searchIdle() && rowOf(kOtherSubject) >= 0; }, 60s))
            << toUtf8(frame_->GetStatusBar()->GetStatusText(0));
        for (auto uid : otherImap_->searchSet("INBOX", std::string("BODY ") + kBodyWord))
            expected.insert({otherId_, uid});
        EXPECT_EQ(expected.size(), 3u);
        EXPECT_EQ(listed(true), expected);
        screenshot("search-server-all-accounts", frame_);

        // This account again: only its hits.
        frame_->searchBar()->setScopeKind(ui::SearchScopeKind::Account);
        ASSERT_TRUE(spinUntil(
            [&] { return searchIdle() && rowOf(kOtherSubject) < 0 && rowOf(kLateSubject) >= 0; }, 60s));
        EXPECT_EQ(listed(true).size(), 2u);

        // Escape: back to the folder, which now lists the late message (its headers were stored).
        field->SetFocus();
        pressKey(WXK_ESCAPE);
        ASSERT_TRUE(spinUntil([&] { return !list->showingResults(); }, 5s));
        EXPECT_EQ(list->folderId(), inboxId_);
        frame_->reloadFromIndex();
        EXPECT_GE(rowOf(kLateSubject), 0);
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
    });
}

TEST_F(LiveSearchPreviewTest, RemotePicturesOnlyAfterLoadAndCidPicturesInline) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openInbox());
        ui::MessageView* view = frame_->messageView();

        // Shown with the remote picture blocked: nothing reached the picture server.
        ASSERT_NO_FATAL_FAILURE(clickMessage(kRemoteSubject));
        ASSERT_TRUE(spinUntil([&] { return view->showingHtml(); }, 10s)) << toUtf8(view->bodyStatus());
        EXPECT_TRUE(view->remoteBlockedBarShown());
        EXPECT_GE(view->htmlWindow()->blockedLoads(), 1u);
        spinFor(1s);
        EXPECT_EQ(pictures_.requests(), 0u) << "no request before Load";
        screenshot("remote-blocked", frame_);

        // Load: this message's picture is fetched and shown from memory.
        clickOn(view->loadRemoteButton());
        ASSERT_TRUE(spinUntil([&] { return view->remoteContentLoaded(); }, 30s));
        EXPECT_EQ(pictures_.requests("/first.png?id=7&v=2"), 1u) << "entities decoded, one request";
        EXPECT_TRUE(view->remoteContentErrors().empty())
            << (view->remoteContentErrors().empty() ? "" : view->remoteContentErrors().front());
        EXPECT_FALSE(view->remoteBlockedBarShown());
        ASSERT_EQ(view->imageUrls().size(), 1u);
        EXPECT_TRUE(ui::InlineImageStore::exists(view->imageUrls().front()));
        EXPECT_NE(view->renderedHtml().find(toUtf8(view->imageUrls().front())), std::string::npos);
        EXPECT_EQ(view->renderedHtml().find("127.0.0.1"), std::string::npos);
        const wxString firstUrl = view->imageUrls().front();
        screenshot("remote-loaded", frame_);

        // The next message with a remote picture: blocked again, nothing fetched for it.
        ASSERT_NO_FATAL_FAILURE(clickMessage(kRemote2Subject));
        ASSERT_TRUE(spinUntil([&] { return view->showingHtml() && view->remoteBlockedBarShown(); }, 10s));
        spinFor(1s);
        EXPECT_EQ(pictures_.requests("/second.png"), 0u) << "Load counted for one message only";
        EXPECT_EQ(pictures_.requests(), 1u);
        EXPECT_FALSE(ui::InlineImageStore::exists(firstUrl))
            << "the last message's pictures are gone from memory";

        // cid: the inline part, fetched on demand, shown from the memory file system.
        ASSERT_NO_FATAL_FAILURE(clickMessage(kCidSubject));
        ASSERT_TRUE(spinUntil([&] { return view->showingHtml() && !view->imageUrls().empty(); }, 30s))
            << toUtf8(view->bodyStatus()) << " / " << toUtf8(frame_->errorBar()->message());
        EXPECT_TRUE(ui::InlineImageStore::exists(view->imageUrls().front()));
        EXPECT_EQ(view->renderedHtml().find("cid:"), std::string::npos) << view->renderedHtml();
        EXPECT_NE(view->renderedHtml().find(toUtf8(view->imageUrls().front())), std::string::npos);
        EXPECT_FALSE(view->remoteBlockedBarShown());
        EXPECT_EQ(view->htmlWindow()->blockedLoads(), 0u) << "the memory: picture was allowed";
        EXPECT_EQ(pictures_.requests(), 1u);
        EXPECT_FALSE(frame_->errorBar()->showing()) << toUtf8(frame_->errorBar()->message());
        screenshot("cid-picture", frame_);
    });
}

TEST_F(LiveSearchPreviewTest, NewMailIsAnnouncedAfterACheck) {
    runInEventLoop([this] {
        ASSERT_NO_FATAL_FAILURE(openInbox());
        std::vector<ui::NewMailNotifier::Notice> notices;
        frame_->newMailNotifier().onNotified = [&](const ui::NewMailNotifier::Notice& n) {
            notices.push_back(n);
        };
        const auto unreadBefore = frame_->folderTree()->selectedFolder()->unread;

        // The first check finds the message that arrived after the CLI's sync.
        ASSERT_EQ(frame_->checkMail(accountId_), 1u);
        ASSERT_TRUE(jobsIdle(*frame_));
        ASSERT_EQ(notices.size(), 1u);
        EXPECT_EQ(notices[0].firstSubject, kLateSubject);
        EXPECT_EQ(frame_->folderTree()->selectedFolder()->unread, unreadBefore + 1);
        // A check with nothing new announces nothing.
        ASSERT_EQ(frame_->checkMail(accountId_), 1u);
        ASSERT_TRUE(jobsIdle(*frame_));
        EXPECT_EQ(notices.size(), 1u);
        notices.clear();

        deliver(user_, kFreshSubject);
        ASSERT_TRUE(spinUntil(
            [&] {
                return !userImap_->searchSet("INBOX", std::string("SUBJECT \"") + kFreshSubject + "\"")
                            .empty();
            },
            20s));
        wxCommandEvent menu(wxEVT_MENU, MainFrame::checkMailMenuId());
        frame_->ProcessWindowEvent(menu);
        ASSERT_TRUE(spinUntil([&] { return !notices.empty(); }, 60s))
            << toUtf8(frame_->errorBar()->message());
        ASSERT_TRUE(jobsIdle(*frame_));
        ASSERT_EQ(notices.size(), 1u) << "one notice, for the account that got mail";
        EXPECT_EQ(notices[0].accountId, accountId_);
        EXPECT_EQ(notices[0].count, 1u);
        EXPECT_EQ(notices[0].firstSubject, kFreshSubject);
        EXPECT_NE(notices[0].firstFrom.find("news@example.org"), std::string::npos) << notices[0].firstFrom;
        EXPECT_EQ(toUtf8(notices[0].title), "1 new message in acct");
        // The tree's unread count followed.
        EXPECT_EQ(frame_->folderTree()->selectedFolder()->unread, unreadBefore + 2);
        screenshot("new-mail-checked", frame_);

        // The periodic check: with a 2 s interval the next message is announced without a click.
        {
            store::Db writer(profile_->databasePath());
            store::AccountRepository accounts(writer);
            auto account = accounts.findById(accountId_);
            ASSERT_TRUE(account.has_value());
            account->checkIntervalSeconds = 2;
            accounts.update(*account);
        }
        frame_->checkScheduler().reschedule();
        notices.clear();
        deliver(user_, kTimedSubject);
        ASSERT_TRUE(spinUntil([&] { return !notices.empty(); }, 30s))
            << toUtf8(frame_->errorBar()->message());
        EXPECT_EQ(notices[0].firstSubject, kTimedSubject);
        EXPECT_EQ(notices[0].count, 1u);
    });
}

TEST_F(LiveSearchPreviewTest, PreviewWithoutAPasswordNeverAsksButOffersToEnterIt) {
    // The account's password source becomes the (empty) keyring: no password anywhere.
    {
        store::Db writer(profile_->databasePath());
        store::AccountRepository accounts(writer);
        auto account = accounts.list();
        for (auto& a : account)
            if (a.name == "acct") {
                a.passwordCommand.clear();
                accounts.update(a);
            }
    }
    runInEventLoop([this] {
        ModalScripts modals;  // a dialog nobody expects fails the test
        ASSERT_NO_FATAL_FAILURE(openInbox());
        ui::MessageView* view = frame_->messageView();

        // Selecting a message whose body is not downloaded: no dialog, the pane says why.
        ASSERT_NO_FATAL_FAILURE(clickMessage(kLocalSubject));
        ASSERT_TRUE(spinUntil([&] { return view->passwordBarShown(); }, 10s))
            << toUtf8(frame_->errorBar()->message());
        EXPECT_TRUE(modals.pending().empty());
        EXPECT_EQ(toUtf8(view->bodyText()).find(kBodyWord), std::string::npos);
        screenshot("preview-no-password", frame_);

        // Enter Password...: now the user is asked, and the message opens.
        modals.expect<ui::PasswordDialog>("password", [this](ui::PasswordDialog& dialog) {
            typeInto(dialog.passwordCtrl(), user_.password);
            dialog.rememberCtrl()->SetValue(false);
            clickOn(dialog.FindWindow(wxID_OK));
        });
        clickOn(view->enterPasswordButton());
        ASSERT_TRUE(spinUntil([&] { return modals.finished("password"); }, 20s));
        ASSERT_TRUE(
            spinUntil([&] { return toUtf8(view->bodyText()).find(kBodyWord) != std::string::npos; }, 30s))
            << toUtf8(view->bodyStatus()) << " / " << toUtf8(frame_->errorBar()->message());
        EXPECT_FALSE(view->passwordBarShown());
    });
}

}  // namespace
}  // namespace petrel::guitest
