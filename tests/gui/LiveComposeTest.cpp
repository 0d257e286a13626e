// Writing, sending, replying and forwarding through the GUI against the project's real Postfix
// and Dovecot. The profile is prepared with petrel-cli in-process (account with SMTP, sync);
// everything after that goes through the windows, and what arrived is read back over IMAP with a
// separate raw client as the recipient.
#include <gtest/gtest.h>
#include <wx/button.h>
#include <wx/textctrl.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "ComposeActions.h"
#include "DisplayFormat.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "GuiTest.h"
#include "JobStatusBar.h"
#include "JobTracker.h"
#include "LiveAccount.h"
#include "LiveFrameTest.h"
#include "MainFrame.h"
#include "MainFrameDriver.h"
#include "MessageList.h"
#include "ServerReadback.h"
#include "compose/AttachmentPanel.h"
#include "compose/ComposeFrame.h"
#include "dialogs/OutboxDialog.h"
#include <wx/listctrl.h>
#include <wx/stattext.h>
#include "engine/Profile.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "support/CliProfile.h"
#include "support/MailServer.h"

using namespace std::chrono_literals;
using petrel::testing::MailServer;
using petrel::testing::TestUser;
using petrel::ui::ComposeActions;
using petrel::ui::ComposeFrame;
using petrel::ui::MainFrame;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

std::string base64Decode(const std::string& text) {
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const auto at = alphabet.find(c);
        if (at == std::string::npos) continue;  // line ends, padding
        buffer = (buffer << 6) | static_cast<unsigned>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

// The base64 body of the MIME part whose headers name `fileName`.
std::string attachmentBytes(const std::string& raw, const std::string& fileName) {
    const auto named = raw.find(fileName);
    if (named == std::string::npos) return {};
    const auto bodyStart = raw.find("\r\n\r\n", named);
    if (bodyStart == std::string::npos) return {};
    const auto bodyEnd = raw.find("\r\n--", bodyStart + 4);
    return base64Decode(raw.substr(bodyStart + 4, bodyEnd - bodyStart - 4));
}

class LiveComposeTest : public LiveFrameTest {
protected:
    LiveComposeTest() : LiveFrameTest("gui-compose") {}

    void SetUp() override {
        server_ = &MailServer::instance();
        // "sample": with an empty Maildir the first sync lists no INBOX (seen 2026-11-27).
        sender_ = server_->createUser("sample");
        recipient_ = server_->createUser("empty");
        senderImap_.emplace(*server_, sender_);
        recipientImap_.emplace(*server_, recipient_);
        const std::string cert = server_->certSha256();
        addAccount(cli_, *server_, "acct", sender_,
                   {"--from", "Sender Example <" + sender_.address + ">", "--smtp-host", server_->host(), "--smtp-port",
                    std::to_string(server_->smtpPort()), "--smtp-security", "starttls", "--smtp-trust-fingerprint",
                    cert});
        useCliProfile();
    }

    // The whole message in `folder` whose subject contains `token`, waiting for delivery.
    std::string fetchBySubject(const ServerReadback& imap, const std::string& folder, const std::string& token) {
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (std::chrono::steady_clock::now() < deadline) {
            auto c = imap.login();
            if (c->imap("EXAMINE \"" + folder + "\"").back().find(" OK") != std::string::npos) {
                std::string uid;
                for (const auto& l : c->imapOk("UID SEARCH SUBJECT \"" + token + "\""))
                    if (l.rfind("* SEARCH ", 0) == 0) uid = l.substr(9, l.find(' ', 9) - 9);
                if (!uid.empty()) {
                    std::string all;
                    for (const auto& l : c->imapOk("UID FETCH " + uid + " (BODY.PEEK[])")) all += l + "\n";
                    return all;
                }
            }
            spinFor(200ms);
        }
        return {};
    }

    void openFrame() {
        ASSERT_NO_FATAL_FAILURE(LiveFrameTest::openFrame(wxSize(1200, 800)));
        actions_ = ComposeActions::of(*frame_);
        ASSERT_NE(actions_, nullptr);
    }

    // Shows `folder` of the account and waits until the message with `subject` is listed in `row`.
    void showMessage(const std::string& folder, const std::string& subject, long& row) {
        store::Db db(profile_->databasePath(), store::OpenMode::ReadOnly);
        const auto account = store::AccountRepository(db).findByName("acct");
        ASSERT_TRUE(account.has_value());
        const auto found = store::FolderRepository(db).find(account->id, folder);
        ASSERT_TRUE(found.has_value()) << folder;
        ASSERT_NO_FATAL_FAILURE(selectFolder(*frame_, found->id));
        ASSERT_TRUE(spinUntil([&] { return (row = rowOf(*frame_->messageList(), subject)) >= 0; }))
            << frame_->messageList()->GetItemCount() << " rows";
    }

    // Clicks the row's subject cell: the selection stays on it and the keys go to the list.
    void clickRow(long row) {
        ASSERT_TRUE(clickSubject(*frame_->messageList(), row));
        spinFor(100ms);
    }

    // A new compose window (of DIP `size` unless wxDefaultSize), on screen, with the three fields typed in.
    void writeNew(ComposeFrame*& compose, const std::string& to, const std::string& subject, const std::string& body,
                  const wxSize& size = wxDefaultSize) {
        compose = actions_->newMessage();
        ASSERT_NE(compose, nullptr);
        if (size != wxDefaultSize) compose->SetSize(compose->FromDIP(size));
        ASSERT_TRUE(spinUntil([&] { return compose->IsShownOnScreen(); }));
        typeInto(compose->toField(), to);
        typeInto(compose->subjectField(), subject);
        typeInto(compose->bodyField(), body);
    }

    static ComposeFrame* findCompose() {
        for (wxWindow* window : wxTopLevelWindows)
            if (auto* compose = dynamic_cast<ComposeFrame*>(window)) return compose;
        return nullptr;
    }

    TestUser sender_;
    TestUser recipient_;
    std::optional<ServerReadback> senderImap_;
    std::optional<ServerReadback> recipientImap_;
    ComposeActions* actions_ = nullptr;
};

TEST_F(LiveComposeTest, ComposeAttachAndSendThroughPostfixTheRecipientReadsIt) {
    cli_.ok({"sync", "acct"});
    TempDir files;
    std::string bytes;
    for (int i = 0; i < 40 * 256; ++i) bytes += static_cast<char>(i % 256);
    const auto file = files.path() / "heron-data.bin";
    std::ofstream(file, std::ios::binary) << bytes;
    const std::string token = "PetrelLive" + sender_.name;
    const std::string subject = "Compose " + token;

    runInEventLoop([&] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(writeNew(compose, recipient_.address, subject,
                                         "Dear reader, the heron is back at marker 4711.", wxSize(760, 600)));
        wxWeakRef<wxWindow> ref(compose);
        compose->attachmentPanel()->chooseFiles = [&] { return std::vector<wxString>{wxString::FromUTF8(file.string())}; };
        clickOn(compose->attachmentPanel()->addButton());
        ASSERT_EQ(compose->attachmentPanel()->list()->GetItemCount(), 1);
        spinFor(200ms);
        screenshot("compose-window", compose);

        clickOn(compose->bodyField());
        pressKey(WXK_RETURN, wxMOD_CONTROL);
        ASSERT_TRUE(spinUntil([&] { return ref.get() == nullptr; }, 60s))
            << "still open: " << toUtf8(compose->GetStatusBar()->GetStatusText()) << " / "
            << toUtf8(compose->errorBar()->message());
        const std::string status = toUtf8(frame_->jobStatusBar()->GetStatusText(ui::JobStatusBar::FieldText));
        EXPECT_EQ(status.rfind("Sent", 0), 0u) << status;

        const std::string received = fetchBySubject(*recipientImap_, "INBOX", token);
        ASSERT_FALSE(received.empty()) << "the recipient never got the message\n" << server_->logTail();
        EXPECT_NE(received.find("Subject: " + subject), std::string::npos) << received;
        EXPECT_NE(received.find(sender_.address), std::string::npos);
        EXPECT_NE(received.find("the heron is back at marker 4711."), std::string::npos) << received;
        EXPECT_EQ(attachmentBytes(received, "heron-data.bin"), bytes) << "attachment bytes differ";

        // The Sent copy on the sender's server, where the status bar said it went.
        const auto in = status.find("a copy is in ");
        ASSERT_NE(in, std::string::npos) << status;
        const std::string sentFolder = status.substr(in + 13);
        EXPECT_FALSE(fetchBySubject(*senderImap_, sentFolder, token).empty()) << "no copy in " << sentFolder;
    });
}

TEST_F(LiveComposeTest, ReplyAndForwardArePrefilledFromTheSelectedMessage) {
    ASSERT_NO_FATAL_FAILURE(senderImap_->append(
        "From: Carol Example <carol@example.org>\r\nTo: " + sender_.address +
            "\r\nCc: dave@example.org\r\nSubject: Budget 2027\r\nDate: Tue, 3 Mar 2026 09:00:00 +0000\r\n"
            "Message-ID: <budget-2027@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "\r\nPlease check the numbers before Friday.\r\n"));
    cli_.ok({"sync", "acct"});
    runInEventLoop([&] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        long row = -1;
        ASSERT_NO_FATAL_FAILURE(showMessage("INBOX", "Budget 2027", row));
        frame_->messageList()->EnsureVisible(row);
        frame_->messageList()->Select(row);
        frame_->messageList()->SetFocus();
        spinFor(200ms);
        ASSERT_TRUE(jobsIdle(*frame_, 30s));

        // Ctrl+R: Reply.
        clickRow(row);
        pressKey('R', wxMOD_CONTROL);
        ASSERT_TRUE(spinUntil([&] { return findCompose() != nullptr; }, 30s)) << toUtf8(frame_->errorBar()->message());
        ComposeFrame* reply = findCompose();
        EXPECT_EQ(toUtf8(reply->toField()->GetValue()).find("carol@example.org") != std::string::npos, true)
            << toUtf8(reply->toField()->GetValue());
        EXPECT_EQ(toUtf8(reply->ccField()->GetValue()), "");
        EXPECT_EQ(toUtf8(reply->subjectField()->GetValue()), "Re: Budget 2027");
        const std::string quoted = toUtf8(reply->bodyField()->GetValue());
        EXPECT_NE(quoted.find("> Please check the numbers before Friday."), std::string::npos) << quoted;
        EXPECT_NE(quoted.find("Carol Example"), std::string::npos) << "no attribution line: " << quoted;
        EXPECT_EQ(reply->message().inReplyTo, "<budget-2027@example.org>");
        EXPECT_NE(reply->message().references.find("<budget-2027@example.org>"), std::string::npos);
        screenshot("compose-reply", reply);
        reply->Destroy();
        ASSERT_TRUE(spinUntil([] { return findCompose() == nullptr; }));

        // Reply All keeps the Cc; Forward starts with no recipient and "Fwd:".
        ASSERT_TRUE(actions_->reply(engine::ReplyKind::All));
        ASSERT_TRUE(spinUntil([&] { return findCompose() != nullptr; }, 30s));
        EXPECT_NE(toUtf8(findCompose()->ccField()->GetValue()).find("dave@example.org"), std::string::npos)
            << toUtf8(findCompose()->ccField()->GetValue());
        findCompose()->Destroy();
        ASSERT_TRUE(spinUntil([] { return findCompose() == nullptr; }));

        clickRow(row);
        pressKey('L', wxMOD_CONTROL);
        ASSERT_TRUE(spinUntil([&] { return findCompose() != nullptr; }, 30s));
        ComposeFrame* forward = findCompose();
        EXPECT_EQ(toUtf8(forward->toField()->GetValue()), "");
        EXPECT_EQ(toUtf8(forward->subjectField()->GetValue()), "Fwd: Budget 2027");
        EXPECT_NE(toUtf8(forward->bodyField()->GetValue()).find("Please check the numbers before Friday."),
                  std::string::npos);
        forward->Destroy();
    });
}

TEST_F(LiveComposeTest, DraftIsSavedOnTheServerAndReopensForEditing) {
    cli_.ok({"sync", "acct"});
    const std::string token = "Draft" + sender_.name;
    runInEventLoop([&] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(writeNew(compose, recipient_.address, "Plan " + token, "First thoughts, to be continued."));
        wxWeakRef<wxWindow> ref(compose);
        // Ctrl+S: Save Draft.
        pressKey('S', wxMOD_CONTROL);
        ASSERT_TRUE(spinUntil([&] { return !compose->busy() && !compose->modified(); }, 60s))
            << toUtf8(compose->GetStatusBar()->GetStatusText()) << " / " << toUtf8(compose->errorBar()->message());
        const std::string status = toUtf8(compose->GetStatusBar()->GetStatusText());
        ASSERT_EQ(status.rfind("Draft saved in ", 0), 0u) << status;
        const std::string draftsFolder = status.substr(15, status.size() - 16);
        const std::string stored = fetchBySubject(*senderImap_, draftsFolder, token);
        ASSERT_FALSE(stored.empty()) << "no draft in " << draftsFolder;
        EXPECT_NE(stored.find("First thoughts, to be continued."), std::string::npos);
        // Saved: closing asks nothing (an unexpected dialog fails the test).
        {
            ModalScripts none;
            compose->Close();
            ASSERT_TRUE(spinUntil([&] { return ref.get() == nullptr; }));
        }

        // The draft in the Drafts folder reopens in a compose window.
        ASSERT_EQ(frame_->checkMail(), 1u);
        ASSERT_TRUE(jobsIdle(*frame_));
        long row = -1;
        ASSERT_NO_FATAL_FAILURE(showMessage(draftsFolder, "Plan " + token, row));
        frame_->messageList()->Select(row);
        ASSERT_TRUE(jobsIdle(*frame_, 30s));
        ASSERT_TRUE(actions_->editDraft());
        ASSERT_TRUE(spinUntil([&] { return findCompose() != nullptr; }, 30s)) << toUtf8(frame_->errorBar()->message());
        ComposeFrame* reopened = findCompose();
        EXPECT_EQ(toUtf8(reopened->subjectField()->GetValue()), "Plan " + token);
        EXPECT_NE(toUtf8(reopened->toField()->GetValue()).find(recipient_.address), std::string::npos);
        EXPECT_NE(toUtf8(reopened->bodyField()->GetValue()).find("First thoughts, to be continued."), std::string::npos);
        EXPECT_TRUE(reopened->message().replacesDraft.valid());
        reopened->Destroy();
    });
}

TEST_F(LiveComposeTest, WrittenOfflineWaitsInTheOutboxAndSendNowDeliversIt) {
    cli_.ok({"sync", "acct"});
    const std::string token = "Outbox" + sender_.name;
    runInEventLoop([&] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        frame_->setWorkOffline(true);
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(writeNew(compose, recipient_.address, "Queued " + token, "Written without a network."));
        wxWeakRef<wxWindow> ref(compose);
        ASSERT_TRUE(compose->send());
        ASSERT_TRUE(spinUntil([&] { return ref.get() == nullptr; }, 30s));

        frame_->setWorkOffline(false);
        ui::OutboxDialog* outbox = actions_->showOutbox();
        ASSERT_NE(outbox, nullptr);
        ASSERT_EQ(outbox->list()->GetItemCount(), 1);
        EXPECT_EQ(toUtf8(outbox->list()->GetItemText(0, ui::OutboxDialog::ColSubject)), "Queued " + token);
        clickOn(outbox->FindWindow("OutboxSendNow"));
        ASSERT_TRUE(spinUntil([&] { return outbox->runningJobs() == 0 && outbox->list()->GetItemCount() == 0; }, 60s))
            << toUtf8(outbox->status()->GetLabel());
        EXPECT_NE(toUtf8(outbox->status()->GetLabel()).find("Sent 1"), std::string::npos)
            << toUtf8(outbox->status()->GetLabel());
        const std::string received = fetchBySubject(*recipientImap_, "INBOX", token);
        ASSERT_FALSE(received.empty()) << server_->logTail();
        EXPECT_NE(received.find("Written without a network."), std::string::npos);
        outbox->Destroy();
    });
}

TEST_F(LiveComposeTest, ServerRefusalKeepsTheWindowOpenWithTheServersReason) {
    cli_.ok({"sync", "acct"});
    // tests/servers' Postfix answers "550 5.1.1 User unknown" for this one recipient.
    const std::string refused = "refused@" + recipient_.address.substr(recipient_.address.find('@') + 1);
    runInEventLoop([&] {
        ASSERT_NO_FATAL_FAILURE(openFrame());
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(writeNew(compose, refused, "Nobody home", "This one is refused."));
        wxWeakRef<wxWindow> ref(compose);
        clickOn(compose->bodyField());
        pressKey(WXK_RETURN, wxMOD_CONTROL);
        ASSERT_TRUE(spinUntil([&] { return compose->errorBar()->showing() && !compose->busy(); }, 60s));
        const std::string error = toUtf8(compose->errorBar()->message());
        EXPECT_NE(error.find("User unknown"), std::string::npos) << error;
        spinFor(300ms);
        ASSERT_TRUE(ref.get() != nullptr) << "the window must stay open after a refusal";
        EXPECT_EQ(toUtf8(compose->toField()->GetValue()), refused) << "what was written is kept";
        screenshot("compose-refused", compose);
        compose->Destroy();
    });
}

}  // namespace
}  // namespace petrel::guitest
