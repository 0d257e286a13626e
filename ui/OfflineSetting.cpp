#include "OfflineSetting.h"

#include <wx/config.h>

namespace petrel::ui {

namespace {
const char* const kKey = "/Network/WorkOffline";
}

bool OfflineSetting::load(wxConfigBase* config) {
    if (!config) config = wxConfigBase::Get(false);
    bool offline = false;
    if (config) config->Read(kKey, &offline, false);
    return offline;
}

void OfflineSetting::save(bool offline, wxConfigBase* config) {
    if (!config) config = wxConfigBase::Get(false);
    if (!config) return;
    config->Write(kKey, offline);
    config->Flush();
}

}  // namespace petrel::ui
