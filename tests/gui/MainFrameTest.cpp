#include <gtest/gtest.h>
#include <wx/listctrl.h>
#include <wx/menu.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>
#include <wx/treectrl.h>

#include <algorithm>

#include "DisplayFormat.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "MessageView.h"
#include "TestProfile.h"
#include "store/Db.h"
#include "store/FolderRepository.h"
#include "store/MessageIndex.h"

using namespace std::chrono_literals;
using petrel::ui::FolderTree;
using petrel::ui::MainFrame;
using petrel::ui::MessageList;
using petrel::ui::format::toUtf8;

namespace petrel::guitest {
namespace {

class MainFrameTest : public testing::Test {
protected:
    void SetUp() override {
        config_ = std::make_unique<ScopedConfig>(settingsDir_.path() / "settings.ini");
        openFrame();
    }

    void TearDown() override {
        closeFrame();
        config_.reset();
    }

    void openFrame() {
        frame_ = new MainFrame(ui::LocalIndex::open(profile_.profile()),
                               wxString::FromUTF8(profile_.directory().string()));
        frame_->Show();
        ASSERT_TRUE(waitFor([this] { return frame_->IsShownOnScreen(); }));
        pump(300ms);
    }

    void closeFrame() {
        if (!frame_) return;
        frame_->Close(true);
        // Close() destroys in idle time; wait until the frame is really gone.
        ASSERT_TRUE(waitFor([] { return wxTopLevelWindows.empty(); }));
        frame_ = nullptr;
    }

    FolderTree* tree() const { return frame_->folderTree(); }
    MessageList* list() const { return frame_->messageList(); }

    wxPoint screenCentreOf(const wxTreeItemId& item) {
        wxRect rect;
        EXPECT_TRUE(tree()->GetBoundingRect(item, rect, true));
        return tree()->ClientToScreen(wxPoint(rect.x + rect.width / 2, rect.y + rect.height / 2));
    }

    // The screen point in the middle of a row's subject cell. (The generic list's HitTest takes
    // coordinates below the header, GetSubItemRect gives them including it: don't mix them.)
    wxPoint screenPointOfRow(long row) {
        wxRect rect;
        EXPECT_TRUE(list()->GetSubItemRect(row, MessageList::ColSubject, rect));
        return list()->ClientToScreen(wxPoint(rect.x + rect.width / 2, rect.y + rect.height / 2));
    }

    // The screen point in the middle of a column header. The GTK list control is wx's generic
    // one: two child windows, the header on top and the rows below it.
    wxPoint screenPointOfHeader(int column) {
        wxWindow* header = nullptr;
        for (wxWindow* child : list()->GetChildren()) {
            if (child->GetPosition().y == 0 && child->GetSize().y < list()->GetSize().y / 2) header = child;
        }
        EXPECT_NE(header, nullptr) << "no header window in the list control";
        if (!header) return {};
        int x = 0;
        for (int c = 0; c < column; ++c) x += list()->GetColumnWidth(c);
        x += list()->GetColumnWidth(column) / 2;
        return header->ClientToScreen(wxPoint(x, header->GetClientSize().y / 2));
    }

    void clickFolder(std::int64_t folderId) {
        const wxTreeItemId item = tree()->findFolder(folderId);
        ASSERT_TRUE(item.IsOk());
        clickAt(screenCentreOf(item));
        ASSERT_TRUE(waitFor([&] { return list()->folderId() == folderId; }))
            << "clicking the folder did not show it";
        pump(100ms);
    }

    std::vector<std::string> subjects() const {
        std::vector<std::string> out;
        for (long row = 0; row < list()->GetItemCount(); ++row)
            out.push_back(toUtf8(list()->GetItemText(row, MessageList::ColSubject)));
        return out;
    }

    TempDir settingsDir_;
    std::unique_ptr<ScopedConfig> config_;
    TestProfile profile_;
    MainFrame* frame_ = nullptr;
};

TEST_F(MainFrameTest, FolderTreeShowsAccountsAndNestedFolders) {
    const wxTreeItemId work = tree()->findAccount(profile_.workId);
    const wxTreeItemId home = tree()->findAccount(profile_.homeId);
    ASSERT_TRUE(work.IsOk());
    ASSERT_TRUE(home.IsOk());
    EXPECT_EQ(tree()->GetItemText(work), "Work (IMAP, alice@example.com)");
    EXPECT_EQ(tree()->GetItemText(home), "Home (POP3, bob)");

    const wxTreeItemId inbox = tree()->findFolder(profile_.workInbox);
    ASSERT_TRUE(inbox.IsOk());
    EXPECT_EQ(tree()->GetItemText(inbox), "Inbox (2)");
    EXPECT_TRUE(tree()->IsBold(inbox));
    model::FolderInfo inboxInfo;
    inboxInfo.path = "INBOX";
    inboxInfo.specialUse = model::SpecialUse::Inbox;
    EXPECT_EQ(tree()->GetItemImage(inbox), FolderTree::iconFor(inboxInfo));

    // Archive/2025 has no Archive folder in the index: the tree adds the parent itself.
    const wxTreeItemId archive = tree()->findPath(profile_.workId, "Archive");
    const wxTreeItemId nested = tree()->findFolder(profile_.workArchive2025);
    ASSERT_TRUE(archive.IsOk());
    ASSERT_TRUE(nested.IsOk());
    EXPECT_EQ(tree()->GetItemParent(nested), archive);
    EXPECT_EQ(tree()->GetItemParent(archive), work);
    EXPECT_EQ(tree()->GetItemText(nested), "2025");
    EXPECT_TRUE(tree()->IsVisible(nested));
    EXPECT_NE(tree()->GetItemImage(nested), tree()->GetItemImage(inbox));

    const wxTreeItemId drafts = tree()->findFolder(profile_.workDrafts);
    ASSERT_TRUE(drafts.IsOk());
    EXPECT_EQ(toUtf8(tree()->GetItemText(drafts)), "Entw\xc3\xbcrfe");

    // Inbox first, then drafts and sent (special folders), then the rest by name.
    std::vector<std::string> order;
    wxTreeItemIdValue cookie;
    for (auto item = tree()->GetFirstChild(work, cookie); item.IsOk();
         item = tree()->GetNextChild(work, cookie))
        order.push_back(toUtf8(tree()->GetItemText(item)));
    EXPECT_EQ(order, (std::vector<std::string>{"Inbox (2)", "Entw\xc3\xbcrfe", "Sent", "Archive"}));

    EXPECT_TRUE(tree()->findFolder(profile_.homeInbox).IsOk());
    EXPECT_EQ(tree()->GetItemText(tree()->findFolder(profile_.homeInbox)), "Inbox (1)");
    EXPECT_GE(frame_->GetIcons().GetIconCount(), 5u) << "the app icon is not set on the frame";
    screenshot("folder-tree", frame_);
}

TEST_F(MainFrameTest, ClickingInboxFillsTheList) {
    EXPECT_EQ(list()->GetItemCount(), 0);
    clickFolder(profile_.workInbox);

    EXPECT_EQ(list()->GetItemCount(), 5);
    EXPECT_EQ(toUtf8(list()->GetItemText(0, MessageList::ColSubject)), "Quarterly report");
    EXPECT_EQ(toUtf8(list()->GetItemText(0, MessageList::ColFrom)), "Doe, Jane");
    EXPECT_EQ(subjects(), TestProfile::inboxSubjectsByDate());
    EXPECT_EQ(frame_->GetStatusBar()->GetStatusText(1), "5 messages, 2 unread");
    EXPECT_EQ(frame_->GetTitle(), wxString::FromUTF8("Inbox \xe2\x80\x94 Work \xe2\x80\x94 Petrel"));
    screenshot("inbox-list", frame_);

    clickFolder(profile_.homeInbox);
    EXPECT_EQ(list()->GetItemCount(), 3);
    EXPECT_EQ(toUtf8(list()->GetItemText(0, MessageList::ColSubject)), "Sunday dinner");
}

TEST_F(MainFrameTest, SelectingAMessageShowsItsHeaders) {
    clickFolder(profile_.workInbox);
    EXPECT_FALSE(frame_->messageView()->hasMessage());
    EXPECT_EQ(frame_->messageView()->bodyStatus(), "No message selected");

    clickAt(screenPointOfRow(1));
    ASSERT_TRUE(waitFor([this] { return frame_->messageView()->hasMessage(); }));
    EXPECT_EQ(list()->GetFirstSelected(), 1);
    EXPECT_EQ(toUtf8(frame_->messageView()->subject()), "Re: Lunch on Friday?");
    EXPECT_EQ(toUtf8(frame_->messageView()->from()), "Bob Builder <bob@example.org>");
    EXPECT_EQ(toUtf8(frame_->messageView()->to()), "alice@example.com");
    EXPECT_EQ(frame_->messageView()->bodyStatus(), "Body not downloaded yet.");
    screenshot("message-selected", frame_);

    // The last message has its text in the index: the pane shows it.
    clickAt(screenPointOfRow(4));
    ASSERT_TRUE(
        waitFor([this] { return toUtf8(frame_->messageView()->subject()) == TestProfile::cachedSubject(); }));
    EXPECT_EQ(toUtf8(frame_->messageView()->bodyText()), TestProfile::cachedText());
    EXPECT_EQ(frame_->messageView()->bodyStatus(), "");
    screenshot("message-cached-text", frame_);
}

TEST_F(MainFrameTest, ClickingTheSubjectHeaderSortsAndKeepsTheSelection) {
    clickFolder(profile_.workInbox);
    ASSERT_EQ(subjects(), TestProfile::inboxSubjectsByDate());
    clickAt(screenPointOfRow(0));
    ASSERT_TRUE(waitFor([this] { return frame_->messageView()->hasMessage(); }));
    const std::int64_t selectedId = frame_->messageView()->messageId();

    clickAt(screenPointOfHeader(MessageList::ColSubject));
    ASSERT_TRUE(waitFor([this] { return list()->sortKey() == store::SortKey::Subject; }))
        << "the header click did not sort";
    EXPECT_FALSE(list()->sortDescending());
    EXPECT_EQ(subjects(), TestProfile::inboxSubjectsBySubject());
    EXPECT_TRUE(frame_->GetMenuBar()->IsChecked(frame_->GetMenuBar()->FindMenuItem("View", "Subject")));

    // "Quarterly report" moved from row 0 to row 3 and is still the selected message.
    pump(100ms);
    EXPECT_EQ(list()->GetSelectedItemCount(), 1);
    EXPECT_EQ(list()->GetFirstSelected(), 3);
    EXPECT_EQ(frame_->messageView()->messageId(), selectedId);
    screenshot("sorted-by-subject", frame_);

    // Again: reversed.
    clickAt(screenPointOfHeader(MessageList::ColSubject));
    ASSERT_TRUE(waitFor([this] { return list()->sortDescending(); }));
    auto reversed = TestProfile::inboxSubjectsBySubject();
    std::reverse(reversed.begin(), reversed.end());
    EXPECT_EQ(subjects(), reversed);
}

TEST_F(MainFrameTest, ViewMenuFiltersAndSorts) {
    clickFolder(profile_.workInbox);
    wxMenuBar* menus = frame_->GetMenuBar();
    auto choose = [&](const char* item, bool checked) {
        const int id = menus->FindMenuItem("View", item);
        ASSERT_NE(id, wxNOT_FOUND) << item;
        // What a click on a check or radio item delivers.
        menus->Check(id, checked);
        wxCommandEvent event(wxEVT_MENU, id);
        event.SetInt(checked);
        event.SetEventObject(frame_);
        frame_->ProcessWindowEvent(event);
        pump(50ms);
    };

    choose("Unread Messages Only", true);
    EXPECT_EQ(subjects(), (std::vector<std::string>{"Quarterly report", "Re: Lunch on Friday?"}));
    EXPECT_EQ(frame_->GetStatusBar()->GetStatusText(1), "2 unread messages");
    choose("Unread Messages Only", false);
    EXPECT_EQ(list()->GetItemCount(), 5);

    choose("Size", true);
    EXPECT_EQ(list()->sortKey(), store::SortKey::Size);
    EXPECT_EQ(subjects().front(), "Quarterly report");  // 178 KB, the largest
    choose("Descending", false);
    EXPECT_EQ(subjects().front(), "Welcome to Petrel");  // 1.8 KB
    EXPECT_EQ(list()->GetSortIndicator(), MessageList::ColSize);
    EXPECT_TRUE(list()->IsAscendingSortIndicator());
}

TEST_F(MainFrameTest, RefreshShowsNewMailAndKeepsTheSelection) {
    clickFolder(profile_.workInbox);
    clickAt(screenPointOfRow(0));
    ASSERT_TRUE(waitFor([this] { return frame_->messageView()->hasMessage(); }));
    ASSERT_EQ(toUtf8(frame_->messageView()->subject()), "Quarterly report");

    // A worker writes through its own connection while the UI's read-only one stays open.
    {
        store::Db writer(profile_.profile().databasePath());
        model::MessageSummary mail;
        mail.folderId = profile_.workInbox;
        mail.uid = 6;
        mail.date = mail.internalDate = 1741597200 + 60 * 3600;
        mail.from = "Eve <eve@example.com>";
        mail.to = "alice@example.com";
        mail.subject = "Fresh news";
        mail.size = 4000;
        store::MessageIndex(writer).upsertBatch({mail});
        store::FolderRepository(writer).recount(profile_.workInbox);
    }
    frame_->reloadFromIndex();
    pump(100ms);

    EXPECT_EQ(list()->GetItemCount(), 6);
    EXPECT_EQ(subjects().front(), "Fresh news");
    EXPECT_EQ(list()->GetFirstSelected(), 1);
    EXPECT_EQ(toUtf8(frame_->messageView()->subject()), "Quarterly report");
    EXPECT_EQ(tree()->GetItemText(tree()->findFolder(profile_.workInbox)), "Inbox (3)");
    EXPECT_EQ(frame_->GetStatusBar()->GetStatusText(1), "6 messages, 3 unread");
}

TEST_F(MainFrameTest, RestoresWindowGeometrySashesAndLastFolder) {
    clickFolder(profile_.workArchive2025);
    frame_->SetSize(wxRect(40, 30, 1000, 700));
    pump(200ms);
    frame_->folderSplitter()->SetSashPosition(300);
    frame_->messageSplitter()->SetSashPosition(250);
    pump(200ms);
    const wxSize size = frame_->GetSize();
    ASSERT_EQ(frame_->folderSplitter()->GetSashPosition(), 300);
    ASSERT_EQ(frame_->messageSplitter()->GetSashPosition(), 250);

    closeFrame();
    openFrame();
    EXPECT_EQ(frame_->GetSize(), size);
    EXPECT_EQ(frame_->folderSplitter()->GetSashPosition(), 300);
    EXPECT_EQ(frame_->messageSplitter()->GetSashPosition(), 250);
    EXPECT_EQ(list()->folderId(), profile_.workArchive2025);
    EXPECT_EQ(list()->GetItemCount(), 2);
    screenshot("restored", frame_);
}

TEST_F(MainFrameTest, LargeFolderScrollsToTheEnd) {
    constexpr std::uint32_t kCount = 20000;
    {
        store::Db writer(profile_.profile().databasePath());
        std::vector<model::MessageSummary> batch;
        for (std::uint32_t i = 1; i <= kCount; ++i) {
            model::MessageSummary mail;
            mail.folderId = profile_.workSent;
            mail.uid = 100 + i;
            mail.date = mail.internalDate = 1600000000 + static_cast<std::int64_t>(i) * 60;
            mail.flags = model::FlagSeen;
            mail.from = "Alice Example <alice@example.com>";
            mail.to = "list@example.com";
            mail.subject = "Bulk message " + std::to_string(i);
            mail.size = 1000 + i;
            batch.push_back(std::move(mail));
        }
        store::MessageIndex(writer).upsertBatch(batch);
    }
    clickFolder(profile_.workSent);
    ASSERT_EQ(list()->GetItemCount(), static_cast<int>(kCount) + 1);
    // Newest first: the "Agenda" message of 2025 tops the list, the bulk of 2020 follows.
    EXPECT_EQ(subjects().size(), kCount + 1);
    list()->EnsureVisible(list()->GetItemCount() - 1);
    pump(100ms);
    EXPECT_EQ(toUtf8(list()->GetItemText(list()->GetItemCount() - 1, MessageList::ColSubject)),
              "Bulk message 1");
    EXPECT_EQ(toUtf8(list()->GetItemText(1, MessageList::ColSubject)), "Bulk message 20000");
    screenshot("large-folder-end", frame_);
}

TEST(MainFrameEmptyProfile, CreatesTheIndexAndSaysHowToAddAnAccount) {
    TempDir dir;
    ScopedConfig config(dir.path() / "settings.ini");
    const engine::Profile profile((dir.path() / "new" / "profile").string());
    auto* frame = new MainFrame(ui::LocalIndex::open(profile), wxString::FromUTF8(profile.directory()));
    EXPECT_TRUE(std::filesystem::exists(profile.databasePath()));
    frame->Show();
    ASSERT_TRUE(waitFor([frame] { return frame->IsShownOnScreen(); }));
    pump(200ms);
    EXPECT_FALSE(frame->folderTree()->hasAccounts());
    EXPECT_NE(frame->GetStatusBar()->GetStatusText(0).Find("petrel-cli account add"), wxNOT_FOUND);
    EXPECT_EQ(frame->messageList()->GetItemCount(), 0);
    screenshot("empty-profile", frame);
    frame->Close(true);
    ASSERT_TRUE(waitFor([] { return wxTopLevelWindows.empty(); }));
}

}  // namespace
}  // namespace petrel::guitest
