#pragma once
#include <wx/textcompleter.h>

#include <cstddef>

#include "engine/Profile.h"

namespace petrel::ui {

// Completes the address being typed in a To/Cc/Bcc field from the addresses in the index
// (engine::completeAddresses). Only the part after the last comma is looked up; each proposal is
// the whole field text with that part replaced, because GTK replaces the entry's text with it.
// Runs on the UI thread against the index: the engine query is bounded by `limit`.
class AddressCompleter : public wxTextCompleterSimple {
public:
    explicit AddressCompleter(engine::Profile profile, std::size_t limit = 10);

    void GetCompletions(const wxString& prefix, wxArrayString& res) override;

private:
    engine::Profile profile_;
    std::size_t limit_;
};

}  // namespace petrel::ui
