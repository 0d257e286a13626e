#pragma once
#include <wx/panel.h>

#include "model/AccountConfig.h"

class wxCheckBox;
class wxRadioButton;
class wxSpinCtrl;
class wxStaticBoxSizer;

namespace petrel::ui {

// How an account uses the link: POP3 keep / delete with its options, the low-bandwidth settings
// (body cap, compression) and how often to check for new mail.
class AccountOptionsPanel : public wxPanel {
public:
    explicit AccountOptionsPanel(wxWindow* parent);

    void load(const model::AccountConfig& account);
    void apply(model::AccountConfig& account) const;
    // POP3 options only apply to POP3 accounts, compression only to IMAP (COMPRESS=DEFLATE).
    void setProtocol(model::Protocol protocol);

    wxRadioButton* keepCtrl() const { return keep_; }
    wxRadioButton* deleteCtrl() const { return delete_; }
    wxSpinCtrl* leaveDaysCtrl() const { return leaveDays_; }
    wxCheckBox* deleteOnLocalDeleteCtrl() const { return deleteOnLocalDelete_; }
    wxSpinCtrl* bodyCapCtrl() const { return bodyCapKb_; }
    wxCheckBox* compressCtrl() const { return compress_; }
    wxSpinCtrl* intervalCtrl() const { return intervalMinutes_; }

private:
    void updateEnabled();

    model::Protocol protocol_ = model::Protocol::Imap;
    wxStaticBoxSizer* pop3Box_ = nullptr;
    wxRadioButton* keep_ = nullptr;
    wxRadioButton* delete_ = nullptr;
    wxSpinCtrl* leaveDays_ = nullptr;
    wxCheckBox* deleteOnLocalDelete_ = nullptr;
    wxSpinCtrl* bodyCapKb_ = nullptr;
    wxCheckBox* compress_ = nullptr;
    wxSpinCtrl* intervalMinutes_ = nullptr;
};

}  // namespace petrel::ui
