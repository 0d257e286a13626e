#pragma once
#include <wx/gdicmn.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace petrel::engine {
class Profile;
}
namespace petrel::ui {
class MainFrame;
class MessageList;
}  // namespace petrel::ui

// Steps through the main window that the tests against a real server share. They run inside a
// running event loop (runInEventLoop) and report through gtest, so call the void ones under
// ASSERT_NO_FATAL_FAILURE.
namespace petrel::guitest {

// Shows a main window on `profile` (DIP size `size`; wxDefaultSize keeps its own) and waits until it
// is on screen. `frame` is set before the wait, so the caller can close it whatever happens.
void openMainFrame(const engine::Profile& profile, ui::MainFrame*& frame,
                   const wxSize& size = wxSize(1300, 900));
// Closes the window and waits until no top-level window is left.
void closeMainFrame(ui::MainFrame* frame);

// Waits until no job runs; returns whether that happened within `timeout`.
bool jobsIdle(ui::MainFrame& frame, std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Selects the folder in the tree and waits until the message list shows it.
void selectFolder(ui::MainFrame& frame, std::int64_t folderId);

// The row of the message with this subject; -1 when the list has none.
long rowOf(const ui::MessageList& list, const std::string& subject);
// Scrolls to the row and clicks its subject cell; false when the cell has no rectangle.
bool clickSubject(ui::MessageList& list, long row);

}  // namespace petrel::guitest
