// The compose window, its actions in the main window, mailto: links and the outbox dialog, on
// the test profile (no server: sending works offline, where the engine queues the message).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <wx/artprov.h>
#include <wx/choice.h>
#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/toolbar.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "CommandResult.h"
#include "ComposeActions.h"
#include "DisplayFormat.h"
#include "EngineHost.h"
#include "ErrorBar.h"
#include "EventLoopDriver.h"
#include "GuiTest.h"
#include "JobStatusBar.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "PetrelArt.h"
#include "TestProfile.h"
#include "compose/AddressCompleter.h"
#include "compose/AddressText.h"
#include "compose/AttachmentPanel.h"
#include "compose/ComposeFrame.h"
#include "compose/FileDropTarget.h"
#include "dialogs/OutboxDialog.h"
#include "store/AccountRepository.h"
#include "store/Db.h"
#include "store/Outbox.h"

using namespace std::chrono_literals;
using petrel::ui::ComposeActions;
using petrel::ui::ComposeFrame;
using petrel::ui::MainFrame;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

class ComposeTest : public ::testing::Test {
protected:
    void SetUp() override {
        config_ = std::make_unique<ScopedConfig>(settingsDir_.path() / "settings.ini");
        ui::PetrelArt::install();
    }

    void TearDown() override {
        if (frame_) {
            frame_->Close(true);
            EXPECT_TRUE(waitFor([] { return wxTopLevelWindows.empty(); }));
        }
        config_.reset();
    }

    // The Work account gets an outgoing server (TestProfile's accounts have none).
    void giveWorkAnSmtpServer() {
        store::Db db(profile_.profile().databasePath(), store::OpenMode::ReadWrite);
        store::AccountRepository accounts(db);
        auto work = accounts.findById(profile_.workId);
        ASSERT_TRUE(work.has_value());
        work->fromAddress = "Alice Example <alice@example.com>";
        work->smtp = model::ServerEndpoint{"127.0.0.1", 9, model::Security::StartTls, {}};
        accounts.update(*work);
    }

    void openFrame() {
        frame_ = new MainFrame(ui::LocalIndex::open(profile_.profile()),
                               wxString::FromUTF8(profile_.directory().string()));
        frame_->Show();
        ASSERT_TRUE(waitFor([this] { return frame_->IsShownOnScreen(); }));
        pump(200ms);
        actions_ = ComposeActions::of(*frame_);
        ASSERT_NE(actions_, nullptr) << "MainFrame does not install the compose actions";
    }

    void openFrameThatCanSend() {
        ASSERT_NO_FATAL_FAILURE(giveWorkAnSmtpServer());
        ASSERT_NO_FATAL_FAILURE(openFrame());
    }

    static bool alive(const wxWeakRef<wxWindow>& window) { return window.get() != nullptr; }

    // A new compose window, on screen (from inside runInEventLoop).
    void newCompose(ComposeFrame*& compose) {
        compose = actions_->newMessage();
        ASSERT_NE(compose, nullptr);
        ASSERT_TRUE(spinUntil([&] { return compose->IsShownOnScreen(); }));
    }

    std::size_t outboxSize() {
        store::Db db(profile_.profile().databasePath(), store::OpenMode::ReadOnly);
        return store::Outbox(db).list(profile_.workId).size();
    }

    TempDir settingsDir_;
    std::unique_ptr<ScopedConfig> config_;
    TestProfile profile_;
    MainFrame* frame_ = nullptr;
    ComposeActions* actions_ = nullptr;
};

TEST_F(ComposeTest, MailtoLinkPrefillsTheComposeWindow) {
    ASSERT_NO_FATAL_FAILURE(openFrameThatCanSend());
    // What `petrel mailto:...` calls once the main window is up.
    ComposeFrame* compose = actions_->openMailto(
        "mailto:alice@example.com,bob@example.org?subject=Gr%C3%BC%C3%9Fe%20aus%20K%C3%B6ln&cc=c@d.example"
        "&body=Hello%20there%0D%0ASecond%20line&bcc=hidden@example.net&X-Evil=1&from=mallory@example.com");
    ASSERT_NE(compose, nullptr);
    ASSERT_TRUE(waitFor([&] { return compose->IsShownOnScreen(); }));
    EXPECT_EQ(toUtf8(compose->toField()->GetValue()), "alice@example.com, bob@example.org");
    EXPECT_EQ(toUtf8(compose->ccField()->GetValue()), "c@d.example");
    EXPECT_EQ(toUtf8(compose->bccField()->GetValue()), "hidden@example.net");
    EXPECT_EQ(toUtf8(compose->subjectField()->GetValue()), "Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln");
    EXPECT_EQ(toUtf8(compose->bodyField()->GetValue()), "Hello there\nSecond line");
    ASSERT_TRUE(compose->selectedAccount().has_value());
    EXPECT_EQ(compose->selectedAccount()->id, profile_.workId);
    EXPECT_TRUE(compose->message().from.empty()) << "the link's From must be ignored";
    EXPECT_NE(toUtf8(compose->fromChoice()->GetStringSelection()).find("alice@example.com"), std::string::npos);
    EXPECT_FALSE(compose->modified());
    screenshot("compose-mailto", compose);
}

// The identity's signature (set in the account settings' Identity page) opens with every new
// message: below room to type, below a mailto: link's text, never twice.
TEST_F(ComposeTest, NewMessagesCarryTheAccountsSignature) {
    ASSERT_NO_FATAL_FAILURE(giveWorkAnSmtpServer());
    {
        store::Db db(profile_.profile().databasePath(), store::OpenMode::ReadWrite);
        store::AccountRepository accounts(db);
        auto work = accounts.findById(profile_.workId);
        ASSERT_TRUE(work.has_value());
        work->signature = "Alice Example\nExample Ltd.";
        accounts.update(*work);
    }
    ASSERT_NO_FATAL_FAILURE(openFrame());
    runInEventLoop([&] {
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(newCompose(compose));
        EXPECT_EQ(toUtf8(compose->bodyField()->GetValue()), "\n\n-- \nAlice Example\nExample Ltd.\n");
        EXPECT_EQ(compose->bodyField()->GetInsertionPoint(), 0) << "the cursor waits above the signature";
        EXPECT_FALSE(compose->modified());
        screenshot("compose-signature", compose);
        compose->Close(true);
    });
    ComposeFrame* linked = actions_->openMailto("mailto:bob@example.org?body=See%20you");
    ASSERT_NE(linked, nullptr);
    ASSERT_TRUE(waitFor([&] { return linked->IsShownOnScreen(); }));
    EXPECT_EQ(toUtf8(linked->bodyField()->GetValue()), "See you\n\n-- \nAlice Example\nExample Ltd.\n");
    linked->Close(true);
}

TEST_F(ComposeTest, WithoutAnAccountThatCanSendTheErrorBarPointsToTheWizard) {
    ASSERT_NO_FATAL_FAILURE(openFrame());
    EXPECT_EQ(actions_->openMailto("mailto:someone@example.com"), nullptr);
    EXPECT_EQ(actions_->newMessage(), nullptr);
    ASSERT_TRUE(frame_->errorBar()->showing());
    EXPECT_NE(toUtf8(frame_->errorBar()->message()).find("File > Add Account"), std::string::npos)
        << toUtf8(frame_->errorBar()->message());
    for (wxWindow* window : wxTopLevelWindows) EXPECT_EQ(dynamic_cast<ComposeFrame*>(window), nullptr);
}

TEST_F(ComposeTest, MalformedMailtoLinkIsReported) {
    ASSERT_NO_FATAL_FAILURE(openFrameThatCanSend());
    EXPECT_EQ(actions_->openMailto("mailto:a@b.c?subject=%E2%28"), nullptr);
    ASSERT_TRUE(frame_->errorBar()->showing());
    EXPECT_NE(toUtf8(frame_->errorBar()->message()).find("mailto:"), std::string::npos);
}

TEST_F(ComposeTest, BadAddressKeepsTheWindowOpenAndNamesIt) {
    ASSERT_NO_FATAL_FAILURE(openFrameThatCanSend());
    runInEventLoop([&] {
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(newCompose(compose));
        wxWeakRef<wxWindow> ref(compose);
        typeInto(compose->toField(), "jane@example.com, joe.example.com");
        typeInto(compose->subjectField(), "Typo");
        clickOn(compose->bodyField());
        // Ctrl+Enter is Send.
        pressKey(WXK_RETURN, wxMOD_CONTROL);
        ASSERT_TRUE(spinUntil([&] { return compose->errorBar()->showing(); }, 5s))
            << "To: " << toUtf8(compose->toField()->GetValue()) << " status: " << toUtf8(compose->GetStatusBar()->GetStatusText());
        const std::string error = toUtf8(compose->errorBar()->message());
        EXPECT_NE(error.find("joe.example.com"), std::string::npos) << error;
        EXPECT_EQ(error.rfind("To", 0), 0u) << error;
        spinFor(300ms);
        EXPECT_TRUE(alive(ref));
        EXPECT_FALSE(compose->busy());
        EXPECT_EQ(outboxSize(), 0u) << "nothing may be queued for a bad address";
        screenshot("compose-bad-address", compose);

        // No recipient at all is refused the same way.
        compose->toField()->Clear();
        EXPECT_FALSE(compose->send());
        EXPECT_NE(toUtf8(compose->errorBar()->message()).find("recipient"), std::string::npos);
        compose->Destroy();
    });
}

TEST_F(ComposeTest, CompletionOffersAddressesFromTheIndex) {
    ASSERT_NO_FATAL_FAILURE(openFrame());
    ui::AddressCompleter completer(profile_.profile());
    wxArrayString found;
    completer.GetCompletions("jan", found);
    ASSERT_FALSE(found.empty());
    EXPECT_NE(toUtf8(found[0]).find("jane@example.com"), std::string::npos) << toUtf8(found[0]);
    // Only the address after the last comma is completed; what came before stays.
    found.clear();
    completer.GetCompletions("x@y.example, bob", found);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(toUtf8(found[0]).rfind("x@y.example, ", 0), 0u) << toUtf8(found[0]);
    EXPECT_NE(toUtf8(found[0]).find("bob@example.org"), std::string::npos) << toUtf8(found[0]);
    found.clear();
    completer.GetCompletions("zzzz-nobody", found);
    EXPECT_TRUE(found.empty());
}

TEST_F(ComposeTest, AttachmentsShowNamesAndSizesAddDropAndRemove) {
    ASSERT_NO_FATAL_FAILURE(openFrameThatCanSend());
    TempDir files;
    const auto write = [&](const char* name, std::size_t bytes) {
        const auto path = files.path() / name;
        std::ofstream(path, std::ios::binary) << std::string(bytes, 'x');
        return wxString::FromUTF8(path.string());
    };
    const wxString report = write("report.pdf", 3 * 1024 * 1024);
    const wxString notes = write("notes.txt", 1500);
    const wxString photo = write("photo.jpg", 20000);

    runInEventLoop([&] {
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(newCompose(compose));
        ui::AttachmentPanel* panel = compose->attachmentPanel();
        // The Attach button asks through chooseFiles (a file dialog in the product).
        panel->chooseFiles = [&] { return std::vector<wxString>{report, notes}; };
        clickOn(panel->addButton());
        ASSERT_EQ(panel->list()->GetItemCount(), 2);
        EXPECT_EQ(panel->list()->GetItemText(0, 0), "report.pdf");
        EXPECT_EQ(panel->list()->GetItemText(0, 1), ui::format::size(3 * 1024 * 1024));
        EXPECT_EQ(panel->list()->GetItemText(1, 0), "notes.txt");
        EXPECT_EQ(panel->list()->GetItemText(1, 1), ui::format::size(1500));
        EXPECT_TRUE(compose->modified());

        // A file dropped on the window (the drop target of its panel and of the list).
        auto* drop = dynamic_cast<ui::FileDropTarget*>(panel->list()->GetDropTarget());
        ASSERT_NE(drop, nullptr);
        wxArrayString dropped;
        dropped.push_back(photo);
        dropped.push_back(wxString::FromUTF8(files.path().string()));  // a folder: not attachable
        EXPECT_TRUE(drop->OnDropFiles(10, 10, dropped));
        ASSERT_EQ(panel->list()->GetItemCount(), 3);
        EXPECT_EQ(panel->list()->GetItemText(2, 0), "photo.jpg");
        auto* frameDrop = dynamic_cast<ui::FileDropTarget*>(compose->errorBar()->GetParent()->GetDropTarget());
        EXPECT_NE(frameDrop, nullptr) << "the whole window takes dropped files";

        panel->list()->Select(0);
        clickOn(panel->removeButton());
        ASSERT_EQ(panel->list()->GetItemCount(), 2);
        EXPECT_EQ(panel->list()->GetItemText(0, 0), "notes.txt");
        const auto message = compose->message();
        ASSERT_EQ(message.attachments.size(), 2u);
        EXPECT_EQ(message.attachments[0].path, files.path() / "notes.txt");
        EXPECT_EQ(message.attachments[1].size, 20000u);
        compose->Destroy();
    });
}

TEST_F(ComposeTest, ClosingWithChangesAsksSaveDiscardOrCancel) {
    ASSERT_NO_FATAL_FAILURE(openFrameThatCanSend());
    runInEventLoop([&] {
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(newCompose(compose));
        wxWeakRef<wxWindow> ref(compose);
        typeInto(compose->subjectField(), "Half written");
        ASSERT_TRUE(compose->modified());

        {
            ModalScripts modals;
            modals.answer("cancel", "ConfirmCloseCompose", wxID_CANCEL);
            compose->Close();
            ASSERT_TRUE(spinUntil([&] { return modals.finished("cancel"); }));
            spinFor(200ms);
            EXPECT_TRUE(alive(ref)) << "Cancel keeps the window";
        }
        {
            ModalScripts modals;
            modals.answer("discard", "ConfirmCloseCompose", wxID_NO);
            // Ctrl+W is Close.
            compose->Raise();
            clickOn(compose->bodyField());
            pressKey('W', wxMOD_CONTROL);
            ASSERT_TRUE(spinUntil([&] { return modals.finished("discard"); }));
            EXPECT_TRUE(spinUntil([&] { return !alive(ref); }));
        }
        EXPECT_EQ(outboxSize(), 0u);

        // Unchanged: closes without a question (ModalScripts would fail an unexpected one).
        ModalScripts none;
        ComposeFrame* untouched = actions_->newMessage();
        wxWeakRef<wxWindow> untouchedRef(untouched);
        untouched->Close();
        EXPECT_TRUE(spinUntil([&] { return !alive(untouchedRef); }));
    });
}

TEST_F(ComposeTest, ClosingTheMainWindowAsksAboutUnsavedMessagesFirst) {
    ASSERT_NO_FATAL_FAILURE(openFrameThatCanSend());
    runInEventLoop([&] {
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(newCompose(compose));
        wxWeakRef<wxWindow> composeRef(compose);
        wxWeakRef<wxWindow> mainRef(frame_);
        typeInto(compose->bodyField(), "Not saved anywhere yet");
        ModalScripts modals;
        modals.answer("discard", "ConfirmCloseCompose", wxID_NO);
        frame_->Close();
        ASSERT_TRUE(spinUntil([&] { return modals.finished("discard"); }));
        ASSERT_TRUE(spinUntil([&] { return !alive(composeRef); }));
        spinFor(200ms);
        EXPECT_TRUE(alive(mainRef)) << "the main window stays until the message was dealt with";
        // Nothing unsaved any more: the main window closes.
        frame_->Close();
        ASSERT_TRUE(spinUntil([&] { return !alive(mainRef); }));
        frame_ = nullptr;
    });
}

TEST_F(ComposeTest, OfflineSendQueuesInTheOutboxAndTheDialogListsIt) {
    ASSERT_NO_FATAL_FAILURE(openFrameThatCanSend());
    frame_->setWorkOffline(true);
    runInEventLoop([&] {
        ComposeFrame* compose = nullptr;
        ASSERT_NO_FATAL_FAILURE(newCompose(compose));
        wxWeakRef<wxWindow> ref(compose);
        typeInto(compose->toField(), "jane@example.com");
        typeInto(compose->subjectField(), "Written on the train");
        typeInto(compose->bodyField(), "See you at nine.");
        // The toolbar's Send.
        wxCommandEvent send(wxEVT_TOOL, ComposeFrame::sendId());
        send.SetEventObject(compose->GetToolBar());
        compose->GetToolBar()->ProcessWindowEvent(send);
        ASSERT_TRUE(spinUntil([&] { return !alive(ref); }, 20s)) << "the window closes once the message is queued";
        const std::string status = toUtf8(frame_->jobStatusBar()->GetStatusText(ui::JobStatusBar::FieldText));
        EXPECT_NE(status.find("outbox"), std::string::npos) << status;
        ASSERT_EQ(outboxSize(), 1u);

        // Mail > Outbox...
        wxCommandEvent open(wxEVT_MENU, ComposeActions::outboxId());
        frame_->ProcessWindowEvent(open);
        ui::OutboxDialog* outbox = nullptr;
        for (wxWindow* child : frame_->GetChildren())
            if (auto* dialog = dynamic_cast<ui::OutboxDialog*>(child)) outbox = dialog;
        ASSERT_NE(outbox, nullptr);
        ASSERT_TRUE(spinUntil([&] { return outbox->IsShownOnScreen(); }));
        ASSERT_EQ(outbox->list()->GetItemCount(), 1);
        EXPECT_EQ(outbox->list()->GetItemText(0, ui::OutboxDialog::ColTo), "jane@example.com");
        EXPECT_EQ(outbox->list()->GetItemText(0, ui::OutboxDialog::ColSubject), "Written on the train");
        EXPECT_EQ(outbox->list()->GetItemText(0, ui::OutboxDialog::ColState), "Queued");
        screenshot("outbox-dialog", outbox);

        // Remove asks first; Keep leaves it.
        outbox->list()->Select(0);
        {
            ModalScripts modals;
            modals.answer("keep", "ConfirmOutboxRemove", wxID_NO);
            outbox->removeSelected();
            ASSERT_TRUE(spinUntil([&] { return modals.finished("keep"); }));
        }
        spinFor(200ms);
        EXPECT_EQ(outboxSize(), 1u);
        {
            ModalScripts modals;
            modals.answer("remove", "ConfirmOutboxRemove", wxID_YES);
            outbox->removeSelected();
            ASSERT_TRUE(spinUntil([&] { return modals.finished("remove"); }));
        }
        ASSERT_TRUE(spinUntil([&] { return outbox->runningJobs() == 0 && outbox->list()->GetItemCount() == 0; }, 10s));
        EXPECT_EQ(outboxSize(), 0u);
        outbox->Close();
    });
}

TEST_F(ComposeTest, MessageMenuHasTheComposeActionsAndShortcuts) {
    ASSERT_NO_FATAL_FAILURE(openFrame());
    wxMenuBar* bar = frame_->GetMenuBar();
    const auto accel = [&](int id) {
        wxMenuItem* item = bar->FindItem(id);
        EXPECT_NE(item, nullptr) << id;
        return item ? item->GetItemLabel().AfterFirst('\t') : wxString();
    };
    EXPECT_EQ(accel(ComposeActions::newMessageId()), "Ctrl+N");
    EXPECT_EQ(accel(ComposeActions::replyId()), "Ctrl+R");
    EXPECT_EQ(accel(ComposeActions::replyAllId()), "Ctrl+Shift+R");
    EXPECT_EQ(accel(ComposeActions::forwardId()), "Ctrl+L");
    EXPECT_NE(bar->FindItem(ComposeActions::forwardAsAttachmentId()), nullptr);
    EXPECT_NE(bar->FindItem(ComposeActions::editDraftId()), nullptr);
    EXPECT_NE(bar->FindItem(ComposeActions::outboxId()), nullptr);
    // Ctrl+Shift+R belongs to Reply All alone.
    EXPECT_NE(accel(MainFrame::markReadMenuId()), "Ctrl+Shift+R");
    wxToolBar* tools = frame_->GetToolBar();
    ASSERT_NE(tools, nullptr);
    for (int id : {ComposeActions::newMessageId(), ComposeActions::replyId(), ComposeActions::replyAllId(),
                   ComposeActions::forwardId(), ComposeActions::outboxId()})
        EXPECT_NE(tools->FindById(id), nullptr) << id;
    // With no message selected, reply has nothing to work on.
    EXPECT_FALSE(actions_->reply(engine::ReplyKind::Sender));
}

// The desktop starts `petrel %u` with the link; the command line names it in --help and refuses
// anything else before a window opens.
TEST(ComposeProgram, CommandLineTakesAMailtoLinkAndNothingElse) {
    const CommandResult help = runCommand("env -u DISPLAY '" PETREL_EXE "' --help 2>&1");
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.output.find("mailto:LINK"), std::string::npos) << help.output;
    EXPECT_NE(help.output.find("--compose"), std::string::npos) << help.output;

    TempDir profile;
    const CommandResult refused = runCommand("timeout 30 '" PETREL_EXE "' --profile '" + profile.path().string() +
                             "' https://example.com 2>&1");
    EXPECT_NE(refused.exitCode, 0);
    EXPECT_NE(refused.exitCode, 124) << "petrel started instead of refusing the argument";
    EXPECT_NE(refused.output.find("is not a mailto: link"), std::string::npos) << refused.output;
}

TEST(ComposeAddressText, SplitsOnCommasOutsideQuotesAndBrackets) {
    using Strings = std::vector<std::string>;
    EXPECT_EQ(ui::splitAddresses(" a@b.c ,\"Doe, Jane\" <jane@example.com>; x@y.z,, "),
              (Strings{"a@b.c", "\"Doe, Jane\" <jane@example.com>", "x@y.z"}));
    EXPECT_EQ(ui::joinAddresses({"a@b.c", "x@y.z"}), "a@b.c, x@y.z");
    EXPECT_TRUE(ui::splitAddresses("  ").empty());
}

}  // namespace
}  // namespace petrel::guitest
