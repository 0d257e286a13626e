#pragma once

class wxConfigBase;

namespace petrel::ui {

// View > Work Offline, remembered across runs in the GUI settings (wxConfigBase::Get(); UI
// thread only). Kept beside Settings so the choice reads and writes in one place.
class OfflineSetting {
public:
    static bool load(wxConfigBase* config = nullptr);
    static void save(bool offline, wxConfigBase* config = nullptr);
};

}  // namespace petrel::ui
