#pragma once
#include <wx/panel.h>

#include <optional>
#include <string>

#include "model/AccountConfig.h"

class wxTextCtrl;

namespace petrel::ui {

// Who the account is: the name Petrel lists it under, and the From name and address of the mail
// sent from it.
class IdentityPanel : public wxPanel {
public:
    explicit IdentityPanel(wxWindow* parent);

    void load(const model::AccountConfig& account);
    // Account name (the address when left empty) and fromAddress ("Name <address>").
    void apply(model::AccountConfig& account) const;
    std::optional<wxString> problem() const;

    wxString accountName() const;
    wxString address() const;

    // "Jane Doe <jane@example.com>" -> {"Jane Doe", "jane@example.com"}; a bare address has no name.
    static std::pair<std::string, std::string> splitFrom(const std::string& from);
    static std::string joinFrom(const std::string& name, const std::string& address);

    wxTextCtrl* nameCtrl() const { return name_; }
    wxTextCtrl* fullNameCtrl() const { return fullName_; }
    wxTextCtrl* addressCtrl() const { return address_; }
    wxTextCtrl* signatureCtrl() const { return signature_; }

private:
    wxTextCtrl* name_ = nullptr;
    wxTextCtrl* fullName_ = nullptr;
    wxTextCtrl* address_ = nullptr;
    wxTextCtrl* signature_ = nullptr;
};

}  // namespace petrel::ui
