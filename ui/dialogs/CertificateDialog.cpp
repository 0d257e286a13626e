#include "dialogs/CertificateDialog.h"

#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/statline.h>
#include <wx/stattext.h>

#include <chrono>

#include "DisplayFormat.h"

namespace petrel::ui {

namespace {

wxString dateOf(std::chrono::system_clock::time_point when) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
    const wxDateTime date(static_cast<time_t>(seconds));
    return date.FormatISODate() + " " + date.Format("%H:%M");
}

}  // namespace

wxString CertificateDialog::groupedFingerprint(const std::string& sha256) {
    wxString grouped = format::u8(net::formatFingerprintForDisplay(sha256)).Upper();
    // 32 bytes "AB:" each: break after the 16th so both halves line up in a monospace font.
    if (grouped.length() > 48) grouped = grouped.Left(47) + "\n" + grouped.Mid(48);
    return grouped;
}

wxString CertificateDialog::problemSentence(net::TrustProblem problem, const wxString& host) {
    switch (problem) {
        case net::TrustProblem::Changed:
            return wxString::Format(_("The certificate of %s has CHANGED since you trusted it. This happens when "
                                      "the provider renews it, but also when someone intercepts the "
                                      "connection."),
                                    host);
        case net::TrustProblem::NotTrusted:
            return wxString::Format(_("The certificate of %s is not issued by an authority this computer "
                                      "trusts (for example, it is self-signed)."),
                                    host);
        case net::TrustProblem::SignerNotCa:
        case net::TrustProblem::BadSignature:
            return wxString::Format(_("The certificate of %s carries an invalid signature: it may be forged."),
                                    host);
        case net::TrustProblem::Expired:
            return wxString::Format(_("The certificate of %s has expired."), host);
        case net::TrustProblem::NotYetValid:
            return wxString::Format(_("The certificate of %s is not valid yet (check this computer's clock)."),
                                    host);
        case net::TrustProblem::HostMismatch:
            return wxString::Format(_("The certificate is valid, but for another server name than %s."), host);
        case net::TrustProblem::NoCertificate:
            return wxString::Format(_("%s sent no usable certificate."), host);
        case net::TrustProblem::None:
        case net::TrustProblem::Other:
            break;
    }
    return wxString::Format(_("The certificate of %s could not be verified."), host);
}

CertificateDialog::CertificateDialog(wxWindow* parent, const Details& details)
    : wxDialog(parent, wxID_ANY, _("Server Certificate"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER) {
    SetName("CertificateDialog");
    const wxString host = format::u8(details.host);
    const bool changed = details.problem == net::TrustProblem::Changed;

    auto* top = new wxBoxSizer(wxHORIZONTAL);
    top->Add(new wxStaticBitmap(this, wxID_ANY,
                                wxArtProvider::GetBitmapBundle(changed ? wxART_ERROR : wxART_WARNING,
                                                               wxART_MESSAGE_BOX)),
             wxSizerFlags().Top().Border(wxRIGHT, FromDIP(12)));

    auto* text = new wxBoxSizer(wxVERTICAL);
    auto* headline = new wxStaticText(
        this, wxID_ANY,
        !details.headline.empty() ? format::u8(details.headline)
        : changed                 ? wxString::Format(_("The identity of %s has changed"), host)
                                  : wxString::Format(_("Petrel cannot confirm the identity of %s"), host));
    headline->SetFont(headline->GetFont().Bold().Scaled(1.2f));
    text->Add(headline, wxSizerFlags().Border(wxBOTTOM, FromDIP(6)));
    wxString problem = details.problemText.empty() ? problemSentence(details.problem, host)
                                                   : format::u8(details.problemText);
    auto* problemLabel = new wxStaticText(this, wxID_ANY, problem);
    problemLabel->SetName("CertificateProblem");
    problemLabel->Wrap(FromDIP(520));
    text->Add(problemLabel, wxSizerFlags().Border(wxBOTTOM, FromDIP(12)));

    auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(12), FromDIP(6)));
    grid->AddGrowableCol(1);
    auto addRow = [this, grid](const wxString& label, wxWindow* value) {
        auto* name = new wxStaticText(this, wxID_ANY, label);
        name->SetFont(name->GetFont().Bold());
        grid->Add(name, wxSizerFlags().Top());
        grid->Add(value, wxSizerFlags().Expand());
    };
    auto valueText = [this](const wxString& value) {
        auto* label = new wxStaticText(this, wxID_ANY, value);
        label->Wrap(FromDIP(440));
        return label;
    };

    fingerprint_ = new wxStaticText(this, wxID_ANY, groupedFingerprint(details.sha256));
    fingerprint_->SetName("CertificateFingerprint");
    fingerprint_->SetFont(wxFont(wxFontInfo(GetFont().GetFractionalPointSize()).Family(wxFONTFAMILY_TELETYPE)));
    addRow(_("SHA-256 fingerprint:"), fingerprint_);
    if (const auto& cert = details.certificate) {
        addRow(_("Issued to:"), valueText(format::u8(cert->subject)));
        addRow(_("Issued by:"), valueText(cert->issuer == cert->subject ? format::u8(cert->issuer) + " " +
                                                                           _("(self-signed)")
                                                                     : format::u8(cert->issuer)));
        addRow(_("Valid:"), valueText(wxString::Format(_("from %s until %s"), dateOf(cert->notBefore),
                                                       dateOf(cert->notAfter))));
        if (!cert->subjectAltNames.empty()) {
            wxString names;
            for (const auto& name : cert->subjectAltNames) names += (names.empty() ? "" : ", ") + format::u8(name);
            addRow(_("Valid for:"), valueText(names));
        }
    }
    text->Add(grid, wxSizerFlags().Expand().Border(wxBOTTOM, FromDIP(12)));

    auto* advice = new wxStaticText(
        this, wxID_ANY,
        _("Trust it only if the fingerprint matches the one your mail provider or administrator gave you. "
          "Petrel then remembers this certificate for this account and warns you if it ever changes."));
    advice->Wrap(FromDIP(520));
    text->Add(advice);
    top->Add(text, wxSizerFlags(1).Expand());

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->AddStretchSpacer();
    cancel_ = new wxButton(this, wxID_CANCEL, _("Cancel"));
    trust_ = new wxButton(this, wxID_OK, changed ? _("Trust the New Certificate") : _("Trust This Certificate"));
    buttons->Add(cancel_, wxSizerFlags().Border(wxRIGHT, FromDIP(8)));
    buttons->Add(trust_);

    auto* root = new wxBoxSizer(wxVERTICAL);
    root->Add(top, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(16)));
    root->Add(new wxStaticLine(this), wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(16)));
    root->Add(buttons, wxSizerFlags().Expand().Border(wxALL, FromDIP(12)));
    SetSizerAndFit(root);
    // Enter must not trust by accident: Cancel is the default.
    cancel_->SetDefault();
    cancel_->SetFocus();
    SetEscapeId(wxID_CANCEL);
    CentreOnParent();
}

wxString CertificateDialog::shownFingerprint() const {
    return fingerprint_->GetLabel();
}

}  // namespace petrel::ui
