#include "MainFrameDriver.h"

#include <gtest/gtest.h>

#include "EventLoopDriver.h"
#include "FolderTree.h"
#include "GuiTest.h"
#include "JobTracker.h"
#include "LocalIndex.h"
#include "MainFrame.h"
#include "MessageList.h"
#include "engine/Profile.h"

using namespace std::chrono_literals;

namespace petrel::guitest {

void openMainFrame(const engine::Profile& profile, ui::MainFrame*& frame, const wxSize& size) {
    frame = new ui::MainFrame(ui::LocalIndex::open(profile), wxString::FromUTF8(profile.directory()));
    if (size != wxDefaultSize) frame->SetSize(frame->FromDIP(size));
    frame->Show();
    ui::MainFrame* shown = frame;
    ASSERT_TRUE(spinUntil([shown] { return shown->IsShownOnScreen(); }));
}

void closeMainFrame(ui::MainFrame* frame) {
    frame->Close(true);
    EXPECT_TRUE(spinUntil([] { return wxTopLevelWindows.empty(); }));
}

bool jobsIdle(ui::MainFrame& frame, std::chrono::milliseconds timeout) {
    return spinUntil([&frame] { return frame.jobTracker().runningCount() == 0; }, timeout);
}

void selectFolder(ui::MainFrame& frame, std::int64_t folderId) {
    const wxTreeItemId item = frame.folderTree()->findFolder(folderId);
    ASSERT_TRUE(item.IsOk()) << "folder " << folderId;
    frame.folderTree()->SelectItem(item);
    ASSERT_TRUE(spinUntil([&frame, folderId] { return frame.messageList()->folderId() == folderId; }));
    spinFor(200ms);
}

long rowOf(const ui::MessageList& list, const std::string& subject) {
    for (long row = 0; row < list.GetItemCount(); ++row)
        if (auto s = list.summaryAt(row); s && s->subject == subject) return row;
    return -1;
}

bool clickSubject(ui::MessageList& list, long row) {
    list.EnsureVisible(row);
    spinFor(100ms);
    wxRect rect;
    if (!list.GetSubItemRect(row, ui::MessageList::ColSubject, rect)) return false;
    clickAt(list.ClientToScreen(wxPoint(rect.x + rect.width / 2, rect.y + rect.height / 2)));
    return true;
}

}  // namespace petrel::guitest
