#pragma once
#include <wx/artprov.h>
#include <wx/iconbndl.h>

namespace petrel::ui {

// Art ids served by PetrelArt, one per SVG in icons/. Use them with wxArtProvider::GetBitmapBundle.
// Plain literals, not wxString constants: no static initialisation order to worry about.
namespace art {
inline constexpr char App[] = "petrel-app";
inline constexpr char Account[] = "petrel-account";
inline constexpr char Folder[] = "petrel-folder";
inline constexpr char Inbox[] = "petrel-inbox";
inline constexpr char Sent[] = "petrel-sent";
inline constexpr char Drafts[] = "petrel-drafts";
inline constexpr char Trash[] = "petrel-trash";
inline constexpr char Junk[] = "petrel-junk";
inline constexpr char Archive[] = "petrel-archive";
inline constexpr char Attachment[] = "petrel-attachment";
inline constexpr char Flag[] = "petrel-flag";
inline constexpr char Compose[] = "petrel-compose";
inline constexpr char Reply[] = "petrel-reply";
inline constexpr char ReplyAll[] = "petrel-reply-all";
inline constexpr char Forward[] = "petrel-forward";
inline constexpr char Outbox[] = "petrel-outbox";
}  // namespace art

// Serves the SVG icons embedded from icons/ as bitmap bundles, so they stay sharp at any DPI.
class PetrelArt : public wxArtProvider {
public:
    // Pushes one PetrelArt on wxArtProvider's stack (wx owns and deletes it); later calls do nothing.
    static void install();

    // The application icon at the sizes window managers and task bars ask for.
    static wxIconBundle appIcons();

    // The base name of the SVG file behind an art id ("inbox"), or nullptr for ids that are not ours.
    static const char* svgName(const wxArtID& id);

protected:
    wxBitmapBundle CreateBitmapBundle(const wxArtID& id, const wxArtClient& client,
                                      const wxSize& size) override;
};

}  // namespace petrel::ui
