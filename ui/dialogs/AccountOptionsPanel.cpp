#include "dialogs/AccountOptionsPanel.h"

#include <wx/checkbox.h>
#include <wx/radiobut.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/statbox.h>
#include <wx/stattext.h>

namespace petrel::ui {

namespace {

wxSpinCtrl* spin(wxWindow* parent, const wxString& name, int min, int max, int value) {
    auto* ctrl = new wxSpinCtrl(parent, wxID_ANY, wxEmptyString, wxDefaultPosition,
                                wxDefaultSize, wxSP_ARROW_KEYS, min, max, value);
    ctrl->SetName(name);
    return ctrl;
}

wxBoxSizer* line(wxWindow* parent, const wxString& before, wxWindow* ctrl, const wxString& after) {
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(new wxStaticText(parent, wxID_ANY, before), wxSizerFlags().CentreVertical());
    row->Add(ctrl, wxSizerFlags().CentreVertical().Border(wxLEFT | wxRIGHT, parent->FromDIP(6)));
    row->Add(new wxStaticText(parent, wxID_ANY, after), wxSizerFlags().CentreVertical());
    return row;
}

}  // namespace

AccountOptionsPanel::AccountOptionsPanel(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("AccountOptionsPanel");
    const int gap = FromDIP(6);

    pop3Box_ = new wxStaticBoxSizer(wxVERTICAL, this, _("POP3"));
    wxWindow* pop3 = pop3Box_->GetStaticBox();
    keep_ = new wxRadioButton(pop3, wxID_ANY, _("&Keep messages on the server"), wxDefaultPosition, wxDefaultSize,
                              wxRB_GROUP);
    keep_->SetName("Pop3Keep");
    leaveDays_ = spin(pop3, "LeaveDays", 0, 3650, 0);
    leaveDays_->SetToolTip(_("0 keeps them forever"));
    deleteOnLocalDelete_ = new wxCheckBox(pop3, wxID_ANY, _("Delete from the server when I delete them &here"));
    deleteOnLocalDelete_->SetName("DeleteOnLocalDelete");
    delete_ = new wxRadioButton(pop3, wxID_ANY, _("&Delete messages from the server once downloaded"));
    delete_->SetName("Pop3Delete");
    pop3Box_->Add(keep_, wxSizerFlags().Border(wxALL, gap));
    auto* keepOptions = new wxBoxSizer(wxVERTICAL);
    keepOptions->Add(line(pop3, _("Delete from the server after"), leaveDays_, _("days (0 = never)")));
    keepOptions->Add(deleteOnLocalDelete_, wxSizerFlags().Border(wxTOP, gap));
    pop3Box_->Add(keepOptions, wxSizerFlags().Border(wxLEFT, FromDIP(24)));
    pop3Box_->Add(delete_, wxSizerFlags().Border(wxALL, gap));

    auto* bandwidth = new wxStaticBoxSizer(wxVERTICAL, this, _("Slow or metered connections"));
    wxWindow* box = bandwidth->GetStaticBox();
    bodyCapKb_ = spin(box, "BodyCapKb", 0, 100 * 1024, 64);
    bodyCapKb_->SetToolTip(_("Larger messages are downloaded on demand; 0 downloads headers only"));
    compress_ = new wxCheckBox(box, wxID_ANY, _("Use &compression (IMAP COMPRESS) when the server offers it"));
    compress_->SetName("Compress");
    bandwidth->Add(line(box, _("Download message text up to"), bodyCapKb_, _("KB automatically")),
                   wxSizerFlags().Border(wxALL, gap));
    bandwidth->Add(compress_, wxSizerFlags().Border(wxALL, gap));

    intervalMinutes_ = spin(this, "CheckMinutes", 0, 24 * 60, 5);
    intervalMinutes_->SetToolTip(_("0 checks only when you ask"));

    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(pop3Box_, wxSizerFlags().Expand().Border(wxBOTTOM, FromDIP(10)));
    root->Add(bandwidth, wxSizerFlags().Expand().Border(wxBOTTOM, FromDIP(10)));
    root->Add(line(this, _("Check for new mail every"), intervalMinutes_, _("minutes (0 = only when I ask)")));
    SetSizer(root);

    keep_->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { updateEnabled(); });
    delete_->Bind(wxEVT_RADIOBUTTON, [this](wxCommandEvent&) { updateEnabled(); });
    updateEnabled();
}

void AccountOptionsPanel::updateEnabled() {
    const bool pop3 = protocol_ == model::Protocol::Pop3;
    pop3Box_->GetStaticBox()->Enable(pop3);
    keep_->Enable(pop3);
    delete_->Enable(pop3);
    leaveDays_->Enable(pop3 && keep_->GetValue());
    deleteOnLocalDelete_->Enable(pop3 && keep_->GetValue());
    compress_->Enable(!pop3);
}

void AccountOptionsPanel::setProtocol(model::Protocol protocol) {
    protocol_ = protocol;
    updateEnabled();
}

void AccountOptionsPanel::load(const model::AccountConfig& account) {
    protocol_ = account.protocol;
    keep_->SetValue(account.pop3Mode == model::Pop3Mode::Keep);
    delete_->SetValue(account.pop3Mode == model::Pop3Mode::Delete);
    leaveDays_->SetValue(static_cast<int>(account.leaveDays));
    deleteOnLocalDelete_->SetValue(account.deleteOnLocalDelete);
    bodyCapKb_->SetValue(static_cast<int>((account.bodyCapBytes + 1023) / 1024));
    compress_->SetValue(account.compress);
    intervalMinutes_->SetValue(static_cast<int>((account.checkIntervalSeconds + 59) / 60));
    updateEnabled();
}

void AccountOptionsPanel::apply(model::AccountConfig& account) const {
    account.pop3Mode = delete_->GetValue() ? model::Pop3Mode::Delete : model::Pop3Mode::Keep;
    account.leaveDays = static_cast<std::uint32_t>(leaveDays_->GetValue());
    account.deleteOnLocalDelete = deleteOnLocalDelete_->GetValue();
    account.bodyCapBytes = static_cast<std::uint32_t>(bodyCapKb_->GetValue()) * 1024u;
    account.compress = compress_->GetValue();
    account.checkIntervalSeconds = static_cast<std::uint32_t>(intervalMinutes_->GetValue()) * 60u;
}

}  // namespace petrel::ui
