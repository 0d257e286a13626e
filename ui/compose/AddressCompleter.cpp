#include "compose/AddressCompleter.h"

#include "DisplayFormat.h"
#include "engine/SendService.h"

namespace petrel::ui {

AddressCompleter::AddressCompleter(engine::Profile profile, std::size_t limit)
    : profile_(std::move(profile)), limit_(limit) {}

void AddressCompleter::GetCompletions(const wxString& prefix, wxArrayString& res) {
    const int comma = prefix.Find(',', true);
    const wxString head = comma == wxNOT_FOUND ? wxString() : prefix.Left(static_cast<size_t>(comma) + 1) + " ";
    wxString typed = comma == wxNOT_FOUND ? prefix : prefix.Mid(static_cast<size_t>(comma) + 1);
    typed.Trim(false).Trim(true);
    if (typed.empty()) return;
    try {
        for (const auto& address : engine::completeAddresses(profile_, format::toUtf8(typed), limit_))
            res.push_back(head + format::u8(address));
    } catch (const std::exception&) {
        // No proposals is the right answer when the index cannot be read: typing goes on.
    }
}

}  // namespace petrel::ui
