#include "dialogs/IdentityPanel.h"

#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "DisplayFormat.h"

namespace petrel::ui {

IdentityPanel::IdentityPanel(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("IdentityPanel");
    auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(10), FromDIP(8)));
    grid->AddGrowableCol(1);
    auto row = [this, grid](const wxString& label, const wxString& name, const wxString& hint) {
        grid->Add(new wxStaticText(this, wxID_ANY, label), wxSizerFlags().CentreVertical());
        auto* ctrl = new wxTextCtrl(this, wxID_ANY);
        ctrl->SetName(name);
        ctrl->SetHint(hint);
        grid->Add(ctrl, wxSizerFlags().Expand());
        return ctrl;
    };
    fullName_ = row(_("Your &name:"), "FullName", _("Jane Doe"));
    address_ = row(_("&Email address:"), "Address", _("jane@example.com"));
    name_ = row(_("&Account name:"), "AccountName", _("the email address"));
    grid->Add(new wxStaticText(this, wxID_ANY, _("&Signature:")), wxSizerFlags().Top().Border(wxTOP, FromDIP(4)));
    signature_ = new wxTextCtrl(this, wxID_ANY, wxString(), wxDefaultPosition, wxSize(-1, FromDIP(72)),
                                wxTE_MULTILINE);
    signature_->SetName("Signature");
    signature_->SetHint(_("Added below what you write, after a \"-- \" line"));
    grid->Add(signature_, wxSizerFlags().Expand());

    auto* note = new wxStaticText(this, wxID_ANY, _("The account name is how Petrel lists this account."));
    note->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(grid, wxSizerFlags().Expand());
    root->Add(note, wxSizerFlags().Border(wxTOP, FromDIP(12)));
    SetSizer(root);
}

std::pair<std::string, std::string> IdentityPanel::splitFrom(const std::string& from) {
    const auto open = from.rfind('<');
    const auto close = from.rfind('>');
    if (open == std::string::npos || close == std::string::npos || close < open) return {std::string(), from};
    std::string name = from.substr(0, open);
    while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.erase(0, 1);
    return {name, from.substr(open + 1, close - open - 1)};
}

std::string IdentityPanel::joinFrom(const std::string& name, const std::string& address) {
    if (address.empty()) return std::string();
    if (name.empty()) return address;
    // Quote names with characters that are special in an address header.
    const bool quote = name.find_first_of(",;:<>@\"()[]\\.") != std::string::npos;
    return (quote ? "\"" + name + "\"" : name) + " <" + address + ">";
}

void IdentityPanel::load(const model::AccountConfig& account) {
    const auto [fullName, address] = splitFrom(account.fromAddress);
    fullName_->ChangeValue(format::u8(fullName));
    address_->ChangeValue(format::u8(address));
    name_->ChangeValue(format::u8(account.name));
    signature_->ChangeValue(format::u8(account.signature));
}

wxString IdentityPanel::accountName() const {
    const wxString name = name_->GetValue().Strip(wxString::both);
    return name.empty() ? address() : name;
}

wxString IdentityPanel::address() const { return address_->GetValue().Strip(wxString::both); }

void IdentityPanel::apply(model::AccountConfig& account) const {
    account.name = format::toUtf8(accountName());
    account.fromAddress =
        joinFrom(format::toUtf8(fullName_->GetValue().Strip(wxString::both)), format::toUtf8(address()));
    account.signature = format::toUtf8(signature_->GetValue());
}

std::optional<wxString> IdentityPanel::problem() const {
    const wxString address = this->address();
    if (address.empty()) return _("Enter your email address.");
    const auto at = address.find('@');
    if (at == wxString::npos || at == 0 || at + 1 == address.length() || address.find(' ') != wxString::npos)
        return _("The email address should look like name@example.com.");
    return std::nullopt;
}

}  // namespace petrel::ui
