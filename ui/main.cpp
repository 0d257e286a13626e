// The entry point of the petrel executable; everything else is in the petrelui library.
#include <wx/app.h>

#include <iostream>

#include "EarlyCommandLine.h"
#include "PetrelApp.h"

#ifdef __WXMSW__
// A Windows GUI program has no console and no display to wait for: wx's own entry point, and
// PetrelApp answers --version itself.
wxIMPLEMENT_APP(petrel::ui::PetrelApp);
#else
wxIMPLEMENT_APP_NO_MAIN(petrel::ui::PetrelApp);

int main(int argc, char** argv) {
    // Before wxEntry: GTK refuses to start without a display, and --version must not need one.
    if (const auto exitCode = petrel::ui::EarlyCommandLine::handle(argc, argv, std::cout)) return *exitCode;
    return wxEntry(argc, argv);
}
#endif
