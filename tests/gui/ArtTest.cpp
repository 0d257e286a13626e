#include <gtest/gtest.h>
#include <wx/artprov.h>
#include <wx/dcmemory.h>
#include <wx/image.h>

#include <filesystem>
#include <string>

#include "EmbeddedIcons.h"
#include "GuiTest.h"
#include "PetrelArt.h"

namespace petrel::guitest {
namespace {

const char* const kArtIds[] = {ui::art::App,     ui::art::Account,    ui::art::Folder, ui::art::Inbox,
                               ui::art::Sent,    ui::art::Drafts,     ui::art::Trash,  ui::art::Junk,
                               ui::art::Archive, ui::art::Attachment, ui::art::Flag,
                               ui::art::Compose, ui::art::Reply,      ui::art::ReplyAll, ui::art::Forward,
                               ui::art::Outbox};

// Share of pixels that are not fully transparent: an icon nanosvg could not draw is empty.
double coverage(const wxBitmap& bitmap) {
    const wxImage image = bitmap.ConvertToImage();
    if (!image.HasAlpha()) return 1.0;
    int opaque = 0;
    for (int y = 0; y < image.GetHeight(); ++y)
        for (int x = 0; x < image.GetWidth(); ++x) opaque += image.GetAlpha(x, y) > 0;
    return static_cast<double>(opaque) / (image.GetWidth() * image.GetHeight());
}

TEST(PetrelArt, EveryArtIdHasAnEmbeddedSvg) {
    for (const char* id : kArtIds) {
        const char* name = ui::PetrelArt::svgName(id);
        ASSERT_NE(name, nullptr) << id;
        bool found = false;
        for (const auto& icon : ui::embeddedIcons()) found |= std::string(icon.name) == name;
        EXPECT_TRUE(found) << "icons/" << name << ".svg is not embedded";
    }
    EXPECT_EQ(ui::PetrelArt::svgName("wxART_FILE_OPEN"), nullptr);
}

TEST(PetrelArt, IconsRenderAtEverySize) {
    const int sizes[] = {16, 24, 32, 48};
    const int cell = 56;
    wxBitmap sheet(cell * (static_cast<int>(std::size(sizes)) * 2) + 140,
                   cell * static_cast<int>(std::size(kArtIds)));
    {
        wxMemoryDC dc(sheet);
        dc.SetBackground(*wxWHITE_BRUSH);
        dc.Clear();
        // Right half dark: icons must read on dark themes too.
        dc.SetBrush(wxBrush(wxColour(40, 44, 52)));
        dc.SetPen(*wxTRANSPARENT_PEN);
        dc.DrawRectangle(cell * static_cast<int>(std::size(sizes)), 0, sheet.GetWidth(), sheet.GetHeight());
        int row = 0;
        for (const char* id : kArtIds) {
            int column = 0;
            for (int half = 0; half < 2; ++half) {
                for (int side : sizes) {
                    const wxBitmapBundle bundle =
                        wxArtProvider::GetBitmapBundle(id, wxART_OTHER, wxSize(side, side));
                    ASSERT_TRUE(bundle.IsOk()) << id;
                    const wxBitmap bitmap = bundle.GetBitmap(wxSize(side, side));
                    ASSERT_TRUE(bitmap.IsOk()) << id << " at " << side;
                    EXPECT_EQ(bitmap.GetSize(), wxSize(side, side));
                    EXPECT_GT(coverage(bitmap), 0.08) << id << " at " << side << " is (nearly) empty";
                    dc.DrawBitmap(bitmap, column * cell + (cell - side) / 2, row * cell + (cell - side) / 2,
                                  true);
                    ++column;
                }
            }
            ++row;
        }
        const wxBitmap app =
            wxArtProvider::GetBitmapBundle(ui::art::App, wxART_OTHER).GetBitmap(wxSize(128, 128));
        dc.DrawBitmap(app, cell * 8 + 6, 6, true);
    }
    std::filesystem::create_directories(PETREL_SCREENSHOT_DIR);
    EXPECT_TRUE(sheet.SaveFile(PETREL_SCREENSHOT_DIR "/icons.png", wxBITMAP_TYPE_PNG));
}

TEST(PetrelArt, AppIconBundleHasTheUsualSizes) {
    const wxIconBundle icons = ui::PetrelArt::appIcons();
    EXPECT_GE(icons.GetIconCount(), 5u);
    EXPECT_TRUE(icons.GetIcon(wxSize(48, 48)).IsOk());
}

}  // namespace
}  // namespace petrel::guitest
