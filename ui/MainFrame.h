#pragma once
#include <wx/frame.h>

#include <cstdint>
#include <memory>

#include "Settings.h"

class wxSplitterWindow;
class wxTreeEvent;
class wxListEvent;

namespace petrel::store {
class Db;
class MessageIndex;
}  // namespace petrel::store

namespace petrel::ui {

class FolderTree;
class MessageList;
class MessageView;

// The main window: folders | message list over message view, with menus and a status bar.
// It reads only the local index (read-only connection, UI thread); anything that talks to a
// server goes through the engine and comes back as events, never blocking here.
class MainFrame : public wxFrame {
public:
    MainFrame(std::shared_ptr<store::Db> index, const wxString& profileDir);
    ~MainFrame() override;

    FolderTree* folderTree() const { return folderTree_; }
    MessageList* messageList() const { return messageList_; }
    MessageView* messageView() const { return messageView_; }
    wxSplitterWindow* folderSplitter() const { return folderSplitter_; }
    wxSplitterWindow* messageSplitter() const { return messageSplitter_; }

    // Re-reads folders and the current list from the index (View > Refresh).
    void reloadFromIndex();

    // Writes window geometry, sash positions and list state to Settings (also done on close).
    void saveState();

private:
    void createMenus();
    void restoreGeometry();
    void showCurrentFolder();
    void updateView();
    void updateStatus();
    void updateTitle();
    void syncSortMenu();
    void reportError(const wxString& what, const std::exception& error);

    void onClose(wxCloseEvent& event);
    void onFolderSelected(wxTreeEvent& event);
    void onMessageSelection(wxListEvent& event);
    void onColumnClick(wxListEvent& event);
    void onSortMenu(wxCommandEvent& event);
    void onAbout(wxCommandEvent& event);

    std::shared_ptr<store::Db> index_;
    std::unique_ptr<store::MessageIndex> messages_;
    wxString profileDir_;
    Settings settings_;
    wxSplitterWindow* folderSplitter_ = nullptr;
    wxSplitterWindow* messageSplitter_ = nullptr;
    FolderTree* folderTree_ = nullptr;
    MessageList* messageList_ = nullptr;
    MessageView* messageView_ = nullptr;
    // Selection events come in bursts (deselect all, select one); the view updates once after.
    bool viewUpdatePending_ = false;
};

}  // namespace petrel::ui
